/* plenum-server-db.c — the server's SQLite database; see plenum-server-db.h.
 *
 * Times are Unix seconds in columns named *_at, microseconds in columns named *_us.
 * Statements are prepared once and cached by their SQL text's address.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-server"

#include "plenum-server-db.h"
#include "plenum-server-db-private.h"

#include <sqlite3.h>
#include <string.h>

#include "core/plenum-annotation.h"
#include "core/plenum-json.h"

struct _PlenumServerDb
{
  GObject     parent_instance;

  /* Used only from the thread that opened the database. */
  sqlite3    *handle;
  GHashTable *statements;   /* const char *sql → sqlite3_stmt * */
  int         schema_version;
  gboolean    in_transaction;
};

G_DEFINE_FINAL_TYPE (PlenumServerDb, plenum_server_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (plenum-server-db-error-quark, plenum_server_db_error)

/* The schema, one migration per entry: migration i takes user_version i to i + 1. Never
 * edit a migration that has shipped; add one. */
static const char * const migrations[] = {
  /* 1: people and bodies. */
  "CREATE TABLE accounts ("
  "  id           TEXT PRIMARY KEY NOT NULL,"
  "  name         TEXT NOT NULL UNIQUE,"
  "  display_name TEXT NOT NULL,"
  "  role         TEXT NOT NULL CHECK (role IN ('member', 'secretary')),"
  "  pin_hash     TEXT NOT NULL,"
  "  created_at   INTEGER NOT NULL"
  ");"
  "CREATE TABLE bodies ("
  "  id         TEXT PRIMARY KEY NOT NULL,"
  "  name       TEXT NOT NULL UNIQUE,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE body_members ("
  "  body_id    TEXT NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (body_id, account_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX body_members_by_account ON body_members (account_id);"
  "CREATE TABLE tokens ("
  "  token_hash    BLOB PRIMARY KEY NOT NULL,"
  "  account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  created_us    INTEGER NOT NULL,"
  "  expires_at_us INTEGER NOT NULL"
  ") WITHOUT ROWID;",

  /* 2: meetings and their packets. Item and document ids are kept per meeting by item
   * number (and document title) so that they survive revisions. */
  "CREATE TABLE blobs ("
  "  sha256     TEXT PRIMARY KEY NOT NULL,"
  "  size       INTEGER NOT NULL,"
  "  pages      INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE meetings ("
  "  id             TEXT PRIMARY KEY NOT NULL,"
  "  body_id        TEXT NOT NULL REFERENCES bodies (id),"
  "  title          TEXT NOT NULL,"
  "  starts_at      INTEGER NOT NULL,"
  "  location       TEXT,"
  "  chair_id       TEXT NOT NULL REFERENCES accounts (id),"
  "  vice_chair_id  TEXT REFERENCES accounts (id),"
  "  status         TEXT NOT NULL DEFAULT 'scheduled'"
  "                 CHECK (status IN ('scheduled', 'in_progress', 'closed')),"
  "  packet_version INTEGER NOT NULL DEFAULT 0,"
  "  updated_at     INTEGER NOT NULL"
  ");"
  "CREATE INDEX meetings_by_body ON meetings (body_id, starts_at);"
  "CREATE TABLE agenda_items ("
  "  id             TEXT PRIMARY KEY NOT NULL,"
  "  meeting_id     TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  position       INTEGER NOT NULL,"
  "  number         TEXT NOT NULL,"
  "  title          TEXT NOT NULL,"
  "  closed_session INTEGER NOT NULL,"
  "  UNIQUE (meeting_id, position),"
  "  UNIQUE (meeting_id, number)"
  ");"
  "CREATE TABLE documents ("
  "  id           TEXT PRIMARY KEY NOT NULL,"
  "  item_id      TEXT NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,"
  "  meeting_id   TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  position     INTEGER NOT NULL,"
  "  title        TEXT NOT NULL,"
  "  sha256       TEXT NOT NULL REFERENCES blobs (sha256),"
  "  confidential INTEGER NOT NULL,"
  "  UNIQUE (item_id, position)"
  ");"
  "CREATE INDEX documents_by_meeting ON documents (meeting_id);"
  "CREATE INDEX documents_by_blob ON documents (sha256);"
  "CREATE TABLE item_ids ("
  "  meeting_id TEXT NOT NULL,"
  "  number     TEXT NOT NULL,"
  "  id         TEXT NOT NULL UNIQUE,"
  "  PRIMARY KEY (meeting_id, number)"
  ") WITHOUT ROWID;"
  "CREATE TABLE document_ids ("
  "  meeting_id TEXT NOT NULL,"
  "  number     TEXT NOT NULL,"
  "  title      TEXT NOT NULL,"
  "  id         TEXT NOT NULL UNIQUE,"
  "  PRIMARY KEY (meeting_id, number, title)"
  ") WITHOUT ROWID;",

  /* 3: the event log and the idempotency records. AUTOINCREMENT: a sequence number is
   * never given twice, even after old events are dropped. */
  "CREATE TABLE events ("
  "  seq        INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  type       TEXT NOT NULL,"
  "  time       INTEGER NOT NULL,"
  "  meeting_id TEXT,"
  "  body_id    TEXT,"
  "  data       TEXT NOT NULL"
  ");"
  "CREATE TABLE operations ("
  "  id           TEXT PRIMARY KEY NOT NULL,"
  "  account_id   TEXT NOT NULL,"
  "  kind         TEXT NOT NULL,"
  "  request_hash TEXT NOT NULL,"
  "  result       TEXT NOT NULL,"
  "  created_at   INTEGER NOT NULL"
  ") WITHOUT ROWID;",

  /* 4: sign-in throttling, and which terminal a token was given to. */
  "CREATE TABLE sign_in_attempts ("
  "  name            TEXT PRIMARY KEY NOT NULL,"
  "  failures        INTEGER NOT NULL,"
  "  locked_until_us INTEGER NOT NULL,"
  "  updated_us      INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "ALTER TABLE tokens ADD COLUMN terminal_id TEXT;"
  "CREATE INDEX tokens_by_expiry ON tokens (expires_at_us);",

  /* 5: rooms and terminals, readiness, attendance, and idempotency records keyed by
   * account and operation id. visible_bodies: whose meetings a viewer (an account, or an
   * enrolled terminal that is not revoked) sees. */
  "CREATE TABLE rooms ("
  "  id         TEXT PRIMARY KEY NOT NULL,"
  "  name       TEXT NOT NULL UNIQUE,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE room_bodies ("
  "  room_id TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,"
  "  body_id TEXT NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (room_id, body_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE enrolments ("
  "  code_hash  BLOB PRIMARY KEY NOT NULL,"
  "  room_id    TEXT NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,"
  "  name       TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  used_at    INTEGER"
  ") WITHOUT ROWID;"
  "CREATE TABLE terminals ("
  "  id                 TEXT PRIMARY KEY NOT NULL,"
  "  room_id            TEXT NOT NULL REFERENCES rooms (id),"
  "  name               TEXT NOT NULL,"
  "  credential_hash    BLOB NOT NULL UNIQUE,"
  "  enrolled_at        INTEGER NOT NULL,"
  "  last_seen          INTEGER,"
  "  revoked_at         INTEGER,"
  "  status             TEXT,"
  "  status_received_at INTEGER"
  ");"
  "CREATE VIEW visible_bodies (viewer_id, body_id) AS"
  "  SELECT account_id, body_id FROM body_members"
  "  UNION ALL"
  "  SELECT t.id, rb.body_id FROM terminals t JOIN room_bodies rb ON rb.room_id = t.room_id"
  "  WHERE t.revoked_at IS NULL;"
  "CREATE TABLE attendance ("
  "  meeting_id    TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  account_id    TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  present       INTEGER NOT NULL,"
  "  checked_in_at INTEGER NOT NULL,"
  "  PRIMARY KEY (meeting_id, account_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE idempotency_records ("
  "  account_id   TEXT NOT NULL,"
  "  operation_id TEXT NOT NULL,"
  "  kind         TEXT NOT NULL,"
  "  request_hash TEXT NOT NULL,"
  "  status       INTEGER NOT NULL,"
  "  response     TEXT NOT NULL,"
  "  created_at   INTEGER NOT NULL,"
  "  PRIMARY KEY (account_id, operation_id)"
  ") WITHOUT ROWID;",

  /* 6: the password of a document whose PDF needs one, and its page count as poppler
   * gave it when opened with that password (the blob's own row says -1: the server
   * cannot open it without one). A table of its own rather than columns of documents,
   * so that the rows of documents keep their shape. */
  "CREATE TABLE document_passwords ("
  "  document_id TEXT PRIMARY KEY NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
  "  password    TEXT NOT NULL,"
  "  pages       INTEGER NOT NULL"
  ") WITHOUT ROWID;",

  /* 7: members' annotations (docs/protocol.md, "Annotations"). json is the Annotation as
   * last answered (a tombstone without content once deleted); ever_shared / ever_chair:
   * whether it was ever visible to the meeting / to the chair, so that those who saw it
   * learn when it is made private again. One counter gives every change its revision. */
  "CREATE TABLE annotations ("
  "  id          TEXT PRIMARY KEY NOT NULL,"
  "  meeting_id  TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  document_id TEXT NOT NULL,"
  "  author_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  visibility  TEXT NOT NULL CHECK (visibility IN ('private', 'meeting', 'chair')),"
  "  ever_shared INTEGER NOT NULL,"
  "  ever_chair  INTEGER NOT NULL,"
  "  revision    INTEGER NOT NULL UNIQUE,"
  "  deleted     INTEGER NOT NULL,"
  "  json        TEXT NOT NULL"
  ");"
  "CREATE INDEX annotations_by_meeting ON annotations (meeting_id, revision);"
  "CREATE TABLE annotation_revision ("
  "  only   INTEGER PRIMARY KEY CHECK (only = 1),"
  "  latest INTEGER NOT NULL"
  ");"
  "INSERT INTO annotation_revision (only, latest) VALUES (1, 0);",

  /* 7 → 8: votes (docs/protocol.md, "Votes"). Who voted is kept for both kinds; an open
   * vote's choices beside the account; a secret vote's choices only in secret_choices,
   * under the SHA-256 of a receipt the voter's terminal keeps, with no rowid, no time and
   * no account, so that nothing stored links a member to a choice. */
  "CREATE TABLE votes ("
  "  id              TEXT PRIMARY KEY NOT NULL,"
  "  meeting_id      TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  item_id         TEXT NOT NULL,"
  "  title           TEXT NOT NULL,"
  "  kind            TEXT NOT NULL CHECK (kind IN ('open', 'secret')),"
  "  form            TEXT NOT NULL CHECK (form IN ('motion', 'candidates')),"
  "  max_choices     INTEGER NOT NULL,"
  "  majority        TEXT NOT NULL CHECK (majority IN ('present', 'members')),"
  "  quorum_required INTEGER NOT NULL,"
  "  changeable      INTEGER NOT NULL,"
  "  state           TEXT NOT NULL CHECK (state IN ('open', 'closed', 'annulled')),"
  "  opened_at       INTEGER NOT NULL,"
  "  closed_at       INTEGER,"
  "  result          TEXT"
  ");"
  "CREATE INDEX votes_by_meeting ON votes (meeting_id, opened_at);"
  "CREATE TABLE vote_options ("
  "  vote_id  TEXT NOT NULL REFERENCES votes (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  label    TEXT NOT NULL,"
  "  PRIMARY KEY (vote_id, position)"
  ") WITHOUT ROWID;"
  "CREATE TABLE vote_voters ("
  "  vote_id    TEXT NOT NULL REFERENCES votes (id) ON DELETE CASCADE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (vote_id, account_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE open_ballots ("
  "  vote_id    TEXT NOT NULL REFERENCES votes (id) ON DELETE CASCADE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  choice     TEXT NOT NULL,"
  "  PRIMARY KEY (vote_id, account_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE secret_choices ("
  "  vote_id    TEXT NOT NULL REFERENCES votes (id) ON DELETE CASCADE,"
  "  ballot_key BLOB NOT NULL,"
  "  choice     TEXT NOT NULL,"
  "  PRIMARY KEY (vote_id, ballot_key)"
  ") WITHOUT ROWID;"
  "CREATE TABLE item_conflicts ("
  "  item_id    TEXT NOT NULL,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (item_id, account_id)"
  ") WITHOUT ROWID;",

  /* 8 → 9: the live meeting (docs/protocol.md, "The live meeting"): where the chair is,
   * and the speakers' queue. Both live in the database, not in memory, so that a restart
   * of the server keeps them and a terminal that restarts lands where the chair is. A
   * queue's place is the next number of its meeting when the member asked (the order
   * survives withdrawals without renumbering); at most one row has the floor. */
  "CREATE TABLE meeting_positions ("
  "  meeting_id  TEXT PRIMARY KEY NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  item_id     TEXT NOT NULL,"
  "  document_id TEXT,"
  "  page        INTEGER,"
  "  revision    INTEGER NOT NULL,"
  "  updated_at  INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE speaker_queues ("
  "  meeting_id TEXT PRIMARY KEY NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  revision   INTEGER NOT NULL,"
  "  next_place INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TABLE speakers ("
  "  meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  place      INTEGER NOT NULL,"
  "  asked_at   INTEGER NOT NULL,"
  "  floor_at   INTEGER,"
  "  PRIMARY KEY (meeting_id, account_id)"
  ") WITHOUT ROWID;"
  "CREATE UNIQUE INDEX speakers_floor ON speakers (meeting_id) WHERE floor_at IS NOT NULL;",

  /* 9 → 10: opinion rounds on a meeting's document (docs/protocol.md, "Opinion rounds";
   * the code is in plenum-server-opinions.c). A round is open until closed_at is set or
   * its deadline passes: the state is computed from the clock, not stored, so that no
   * timer has to close it. One answer per member, replaced in place; comments are the
   * JSON array as answered. */
  "CREATE TABLE opinion_rounds ("
  "  id          TEXT PRIMARY KEY NOT NULL,"
  "  meeting_id  TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  document_id TEXT NOT NULL,"
  "  title       TEXT NOT NULL,"
  "  deadline    INTEGER NOT NULL,"
  "  opened_by   TEXT NOT NULL REFERENCES accounts (id),"
  "  opened_at   INTEGER NOT NULL,"
  "  closed_at   INTEGER"
  ");"
  "CREATE INDEX opinion_rounds_by_meeting ON opinion_rounds (meeting_id, opened_at);"
  "CREATE TABLE opinion_answers ("
  "  round_id    TEXT NOT NULL REFERENCES opinion_rounds (id) ON DELETE CASCADE,"
  "  account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  stance      TEXT NOT NULL"
  "              CHECK (stance IN ('agree', 'agree_with_comments', 'disagree')),"
  "  text        TEXT NOT NULL,"
  "  comments    TEXT NOT NULL,"
  "  answered_at INTEGER NOT NULL,"
  "  PRIMARY KEY (round_id, account_id)"
  ") WITHOUT ROWID;",

  /* 10 → 11: the record (docs/protocol.md, "The record"; plenum-server-record.c). The
   * audit log is append-only: triggers refuse every UPDATE and DELETE of it, so that
   * nothing in the server can rewrite history (a person with the file can, of course;
   * that is what backups are for). Attendance and the floor keep their history beside
   * the current state, which the live tables overwrite. */
  "CREATE TABLE audit_log ("
  "  seq          INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  at_us        INTEGER NOT NULL,"
  "  account_id   TEXT,"
  "  account_name TEXT,"
  "  role         TEXT,"
  "  terminal_id  TEXT,"
  "  method       TEXT NOT NULL,"
  "  path         TEXT NOT NULL,"
  "  status       INTEGER NOT NULL,"
  "  meeting_id   TEXT"
  ");"
  "CREATE INDEX audit_log_by_meeting ON audit_log (meeting_id, seq);"
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TABLE attendance_log ("
  "  seq        INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  present    INTEGER NOT NULL,"
  "  at         INTEGER NOT NULL"
  ");"
  "CREATE INDEX attendance_log_by_meeting ON attendance_log (meeting_id, seq);"
  "CREATE TABLE speaker_log ("
  "  seq        INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  item_id    TEXT,"
  "  floor_at   INTEGER NOT NULL,"
  "  ended_at   INTEGER"
  ");"
  "CREATE INDEX speaker_log_by_meeting ON speaker_log (meeting_id, seq);",

  /* 11 → 12: revisions, wiping and leases (docs/protocol.md, "Revisions and
   * retraction", "Wiping a terminal", "Leases"). A document's superseded versions stay
   * readable until the secretariat retires them; a retracted document takes its
   * versions with it. lease_seconds 0: a terminal never locks the body's confidential
   * documents. */
  "CREATE TABLE document_versions ("
  "  document_id    TEXT NOT NULL,"
  "  sha256         TEXT NOT NULL REFERENCES blobs (sha256),"
  "  meeting_id     TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  pages          INTEGER NOT NULL,"
  "  password       TEXT,"
  "  packet_version INTEGER NOT NULL,"
  "  superseded_at  INTEGER NOT NULL,"
  "  PRIMARY KEY (document_id, sha256)"
  ") WITHOUT ROWID;"
  "CREATE INDEX document_versions_by_meeting ON document_versions (meeting_id);"
  "CREATE INDEX document_versions_by_blob ON document_versions (sha256);"
  "ALTER TABLE terminals ADD COLUMN wipe_requested_at INTEGER;"
  "ALTER TABLE terminals ADD COLUMN wiped_at INTEGER;"
  "ALTER TABLE bodies ADD COLUMN lease_seconds INTEGER NOT NULL DEFAULT 604800;"
  /* Who is signed in on a terminal, for the readiness board. */
  "CREATE INDEX tokens_by_terminal ON tokens (terminal_id, created_us);",

  /* 12 → 13: a server that holds (docs/protocol.md, "Guessing PINs", "Closed
   * sessions"). PIN failures are counted per key: a name at one enrolled terminal
   * ("name\nterminal-id"), a name from anywhere else ("name\n"), and a terminal across
   * names ("\nterminal-id"); locks grows with each lock of the key. Who may read a
   * closed-session item's documents: the rows of clearances (the chair, the vice chair
   * and the secretariat always may). */
  "ALTER TABLE sign_in_attempts RENAME TO pin_failures;"
  "ALTER TABLE pin_failures RENAME COLUMN name TO key;"
  "ALTER TABLE pin_failures ADD COLUMN locks INTEGER NOT NULL DEFAULT 0;"
  /* The key's columns first: SQLite 3.40's integrity check misreports a NOT NULL
   * column that stands between the key's columns of a WITHOUT ROWID table. */
  "CREATE TABLE clearances ("
  "  item_id    TEXT NOT NULL,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (item_id, account_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX clearances_by_meeting ON clearances (meeting_id);",
};

#define N_MIGRATIONS ((int) G_N_ELEMENTS (migrations))

/* Sign-in rows for names nobody tried for a day are forgotten. */
#define ATTEMPT_MEMORY_US (G_GINT64_CONSTANT (24) * 60 * 60 * G_USEC_PER_SEC)

static gboolean
set_sqlite_error (PlenumServerDb  *self,
                  int              rc,
                  const char      *what,
                  GError         **error)
{
  /* SQL and its messages go to the log only, never into answers. */
  g_warning ("SQLite: %s: %s (%d)", what,
             self->handle != NULL ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc), rc);
  g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_FAILED,
               "Database failure");
  return FALSE;
}

static sqlite3_stmt *
db_stmt (PlenumServerDb  *self,
         const char      *sql,
         GError         **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, "prepare", error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

/* Steps @stmt once expecting it to finish, then resets it. */
static gboolean
db_run (PlenumServerDb  *self,
        sqlite3_stmt    *stmt,
        GError         **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return set_sqlite_error (self, rc, "step", error);
  return TRUE;
}

/* Steps @stmt once: TRUE with *@has_row set, or FALSE with @error. */
static gboolean
db_step (PlenumServerDb  *self,
         sqlite3_stmt    *stmt,
         gboolean        *has_row,
         GError         **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      *has_row = TRUE;
      return TRUE;
    }
  sqlite3_reset (stmt);
  *has_row = FALSE;
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, "step", error);
  return TRUE;
}

static gboolean
db_exec (PlenumServerDb  *self,
         const char      *sql,
         GError         **error)
{
  int rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, "exec", error);
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static void
add_unix_time (cJSON      *object,
               const char *key,
               gint64      seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  plenum_json_add_time (object, key, time);
}

static void
add_column_string (cJSON        *object,
                   const char   *key,
                   sqlite3_stmt *stmt,
                   int           column)
{
  plenum_json_add_string (object, key, (const char *) sqlite3_column_text (stmt, column));
}

/* The helpers above for the server's other database files (plenum-server-db-private.h):
 * one statement cache and one way to report SQLite's failures for the whole database. */

sqlite3_stmt *
plenum_server_db_stmt (PlenumServerDb  *self,
                       const char      *sql,
                       GError         **error)
{
  return db_stmt (self, sql, error);
}

gboolean
plenum_server_db_run (PlenumServerDb  *self,
                      sqlite3_stmt    *stmt,
                      GError         **error)
{
  return db_run (self, stmt, error);
}

gboolean
plenum_server_db_step (PlenumServerDb  *self,
                       sqlite3_stmt    *stmt,
                       gboolean        *has_row,
                       GError         **error)
{
  return db_step (self, stmt, has_row, error);
}

gboolean
plenum_server_db_sql_error (PlenumServerDb  *self,
                            int              rc,
                            const char      *what,
                            GError         **error)
{
  return set_sqlite_error (self, rc, what, error);
}

void
plenum_server_db_bind_text (sqlite3_stmt *stmt,
                            int           index,
                            const char   *text)
{
  bind_text (stmt, index, text);
}

void
plenum_server_db_add_unix_time (cJSON      *object,
                                const char *key,
                                gint64      seconds)
{
  add_unix_time (object, key, seconds);
}

/* Object lifetime */

static void
plenum_server_db_finalize (GObject *object)
{
  PlenumServerDb *self = (PlenumServerDb *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->handle != NULL)
    sqlite3_close (self->handle);
  self->handle = NULL;

  G_OBJECT_CLASS (plenum_server_db_parent_class)->finalize (object);
}

static void
plenum_server_db_class_init (PlenumServerDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plenum_server_db_finalize;
}

static void
plenum_server_db_init (PlenumServerDb *self)
{
  self->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            (GDestroyNotify) sqlite3_finalize);
}

static gboolean
read_user_version (PlenumServerDb  *self,
                   int             *version,
                   GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->handle, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, "user_version", error);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      return set_sqlite_error (self, rc, "user_version", error);
    }
  *version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

/* Runs migration @index (taking the schema from @index to @index + 1) in its own
 * transaction, together with the new user_version. */
static gboolean
run_migration (PlenumServerDb  *self,
               int              index,
               GError         **error)
{
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", index + 1);

  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!db_exec (self, migrations[index], error) || !db_exec (self, set_version, error))
    {
      sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  if (!db_exec (self, "COMMIT", error))
    {
      sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  self->schema_version = index + 1;
  g_debug ("database migrated to schema version %d", index + 1);
  return TRUE;
}

PlenumServerDb *
plenum_server_db_open_at_version (const char  *path,
                                  int          version,
                                  GError     **error)
{
  g_autoptr(PlenumServerDb) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (version >= 0 && version <= N_MIGRATIONS, NULL);

  self = g_object_new (PLENUM_TYPE_SERVER_DB, NULL);

  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_warning ("Cannot open the database %s: %s", path,
                 self->handle != NULL ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc));
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_FAILED,
                   "Cannot open the database %s", path);
      return NULL;
    }
  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, 5000);

  /* WAL: readers never block the writer. synchronous=FULL: a published packet or a
   * token survives a power cut once the answer is sent. */
  if (!db_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !db_exec (self, "PRAGMA synchronous = FULL", error) ||
      !db_exec (self, "PRAGMA foreign_keys = ON", error) ||
      /* Deleted and overwritten content is zeroed, and temporary files (VACUUM's) stay
       * in memory: a secret ballot's traces must not outlive it on disk (see
       * plenum_server_db_scrub()). */
      !db_exec (self, "PRAGMA secure_delete = ON", error) ||
      !db_exec (self, "PRAGMA temp_store = MEMORY", error))
    return NULL;

  if (!read_user_version (self, &self->schema_version, error))
    return NULL;

  if (self->schema_version > N_MIGRATIONS)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_TOO_NEW,
                   "The database %s has schema version %d; this server knows up to %d. "
                   "It was written by a newer plenum-server.",
                   path, self->schema_version, N_MIGRATIONS);
      return NULL;
    }

  for (int i = self->schema_version; i < version; i++)
    if (!run_migration (self, i, error))
      return NULL;

  return g_steal_pointer (&self);
}

PlenumServerDb *
plenum_server_db_open (const char  *path,
                       GError     **error)
{
  return plenum_server_db_open_at_version (path, N_MIGRATIONS, error);
}

sqlite3 *
plenum_server_db_get_handle (PlenumServerDb *self)
{
  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);
  return self->handle;
}

int
plenum_server_db_get_schema_version (PlenumServerDb *self)
{
  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), -1);
  return self->schema_version;
}

int
plenum_server_db_latest_schema_version (void)
{
  return N_MIGRATIONS;
}

gboolean
plenum_server_db_begin (PlenumServerDb  *self,
                        GError         **error)
{
  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
plenum_server_db_commit (PlenumServerDb  *self,
                         GError         **error)
{
  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  if (!db_exec (self, "COMMIT", error))
    {
      plenum_server_db_rollback (self);
      return FALSE;
    }
  self->in_transaction = FALSE;
  return TRUE;
}

void
plenum_server_db_rollback (PlenumServerDb *self)
{
  g_return_if_fail (PLENUM_IS_SERVER_DB (self));

  if (!self->in_transaction)
    return;
  sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
}

/* Small value types */

void
plenum_server_account_free (PlenumServerAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->id);
  g_free (account->name);
  g_free (account->display_name);
  g_free (account->terminal_id);
  g_free (account);
}

void
plenum_server_event_free (PlenumServerEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->type);
  g_free (event->meeting_id);
  g_free (event->body_id);
  g_free (event->data);
  g_free (event);
}

static void
packet_document_free (gpointer data)
{
  PlenumServerPacketDocument *document = data;

  g_free (document->title);
  plenum_secret_free (document->password);
  g_free (document);
}

static void
packet_item_free (gpointer data)
{
  PlenumServerPacketItem *item = data;

  g_free (item->number);
  g_free (item->title);
  g_clear_pointer (&item->documents, g_ptr_array_unref);
  g_free (item);
}

PlenumServerPacket *
plenum_server_packet_new (void)
{
  PlenumServerPacket *packet = g_new0 (PlenumServerPacket, 1);

  packet->items = g_ptr_array_new_with_free_func (packet_item_free);
  packet->base_packet_version = -1;
  return packet;
}

PlenumServerPacketItem *
plenum_server_packet_item_new (void)
{
  PlenumServerPacketItem *item = g_new0 (PlenumServerPacketItem, 1);

  item->documents = g_ptr_array_new_with_free_func (packet_document_free);
  return item;
}

PlenumServerPacketDocument *
plenum_server_packet_document_new (void)
{
  return g_new0 (PlenumServerPacketDocument, 1);
}

void
plenum_server_packet_free (PlenumServerPacket *packet)
{
  if (packet == NULL)
    return;
  g_free (packet->body_id);
  g_free (packet->title);
  g_free (packet->location);
  g_free (packet->chair_id);
  g_free (packet->vice_chair_id);
  g_clear_pointer (&packet->items, g_ptr_array_unref);
  g_free (packet);
}

void
plenum_server_publish_result_clear (PlenumServerPublishResult *result)
{
  g_clear_pointer (&result->result_json, g_free);
  g_clear_pointer (&result->event, plenum_server_event_free);
  result->replayed = FALSE;
  result->packet_version = 0;
}

/* Accounts */

char *
plenum_server_db_create_account (PlenumServerDb  *self,
                                 const char      *name,
                                 const char      *display_name,
                                 PlenumRole       role,
                                 const char      *pin_hash,
                                 GError         **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *id = plenum_uuid_new ();
  int rc;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  stmt = db_stmt (self,
                  "INSERT INTO accounts (id, name, display_name, role, pin_hash, created_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, name);
  bind_text (stmt, 3, display_name);
  bind_text (stmt, 4, plenum_role_to_string (role));
  bind_text (stmt, 5, pin_hash);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time () / G_USEC_PER_SEC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_CONFLICT,
                   "An account named “%s” exists already", name);
      return NULL;
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, "create account", error);
      return NULL;
    }
  return g_steal_pointer (&id);
}

gboolean
plenum_server_db_update_account (PlenumServerDb  *self,
                                 const char      *id,
                                 const char      *display_name,
                                 PlenumRole       role,
                                 const char      *pin_hash,
                                 GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  stmt = db_stmt (self,
                  "UPDATE accounts SET display_name = ?2, role = ?3, "
                  "  pin_hash = coalesce(?4, pin_hash) WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, display_name);
  bind_text (stmt, 3, plenum_role_to_string (role));
  bind_text (stmt, 4, pin_hash);
  return db_run (self, stmt, error);
}

static PlenumServerAccount *
account_from_row (sqlite3_stmt *stmt)
{
  PlenumServerAccount *account = g_new0 (PlenumServerAccount, 1);

  account->id = column_dup (stmt, 0);
  account->name = column_dup (stmt, 1);
  account->display_name = column_dup (stmt, 2);
  if (!plenum_role_from_string ((const char *) sqlite3_column_text (stmt, 3), &account->role))
    account->role = PLENUM_ROLE_MEMBER;
  return account;
}

PlenumServerAccount *
plenum_server_db_find_account (PlenumServerDb  *self,
                               const char      *name,
                               char           **pin_hash,
                               GError         **error)
{
  sqlite3_stmt *stmt;
  PlenumServerAccount *account;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  stmt = db_stmt (self,
                  "SELECT id, name, display_name, role, pin_hash FROM accounts WHERE name = ?1",
                  error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, name);
  if (!db_step (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such account");
      return NULL;
    }
  account = account_from_row (stmt);
  if (pin_hash != NULL)
    *pin_hash = column_dup (stmt, 4);
  sqlite3_reset (stmt);
  return account;
}

PlenumServerAccount *
plenum_server_db_get_account (PlenumServerDb  *self,
                              const char      *id,
                              GError         **error)
{
  sqlite3_stmt *stmt;
  PlenumServerAccount *account;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  stmt = db_stmt (self, "SELECT id, name, display_name, role FROM accounts WHERE id = ?1",
                  error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  if (!db_step (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such account");
      return NULL;
    }
  account = account_from_row (stmt);
  sqlite3_reset (stmt);
  return account;
}

/* Sign-in throttling */

gboolean
plenum_server_db_sign_in_check (PlenumServerDb  *self,
                                const char      *name,
                                gint64           now_us,
                                gint64          *locked_until_us,
                                guint           *failures,
                                GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  *locked_until_us = 0;
  if (failures != NULL)
    *failures = 0;
  stmt = db_stmt (self,
                  "SELECT locked_until_us, failures FROM pin_failures WHERE key = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      gint64 until = sqlite3_column_int64 (stmt, 0);

      if (until > now_us)
        *locked_until_us = until;
      if (failures != NULL)
        *failures = (guint) CLAMP (sqlite3_column_int64 (stmt, 1), 0, G_MAXUINT);
      sqlite3_reset (stmt);
    }
  return TRUE;
}

gboolean
plenum_server_db_sign_in_failed (PlenumServerDb  *self,
                                 const char      *name,
                                 guint            max_failures,
                                 gint64           lockout_us,
                                 gint64           now_us,
                                 gint64          *locked_until_us,
                                 GError         **error)
{
  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  /* A lock of one length every time: the growing one capped at its first length. */
  return plenum_server_db_pin_failure_add (self, name, max_failures, lockout_us, lockout_us,
                                           now_us, locked_until_us, error);
}

gboolean
plenum_server_db_sign_in_succeeded (PlenumServerDb  *self,
                                    const char      *name,
                                    GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  stmt = db_stmt (self, "DELETE FROM pin_failures WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  return db_run (self, stmt, error);
}

/* PIN failures per key (docs/protocol.md, "Guessing PINs"): like the sign_in_* functions
 * above, but each further lock of a key lasts twice as long as the one before, up to
 * @max_lockout_us; the locks column keeps the count until a success clears the row. */

gboolean
plenum_server_db_pin_failure_add (PlenumServerDb  *self,
                                  const char      *key,
                                  guint            max_failures,
                                  gint64           lockout_us,
                                  gint64           max_lockout_us,
                                  gint64           now_us,
                                  gint64          *locked_until_us,
                                  GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 failures = 0;
  gint64 locks = 0;
  gint64 until = 0;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (key != NULL && max_failures > 0, FALSE);

  *locked_until_us = 0;

  stmt = db_stmt (self, "DELETE FROM pin_failures WHERE updated_us < ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_us - ATTEMPT_MEMORY_US);
  if (!db_run (self, stmt, error))
    return FALSE;

  stmt = db_stmt (self, "SELECT failures, locks FROM pin_failures WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      failures = sqlite3_column_int64 (stmt, 0);
      locks = sqlite3_column_int64 (stmt, 1);
      sqlite3_reset (stmt);
    }

  failures++;
  if (failures >= max_failures)
    {
      gint64 length = lockout_us;

      /* Doubled for every earlier lock of the key, without overflowing on the way. */
      for (gint64 i = 0; i < locks && length < max_lockout_us; i++)
        length *= 2;
      until = now_us + MIN (length, max_lockout_us);
      locks++;
      /* The count starts again when the lock ends. */
      failures = 0;
    }

  stmt = db_stmt (self,
                  "INSERT INTO pin_failures (key, failures, locked_until_us, updated_us, locks) "
                  "VALUES (?1, ?2, ?3, ?4, ?5) "
                  "ON CONFLICT (key) DO UPDATE SET failures = ?2, "
                  "  locked_until_us = max(locked_until_us, ?3), updated_us = ?4, locks = ?5",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, failures);
  sqlite3_bind_int64 (stmt, 3, until);
  sqlite3_bind_int64 (stmt, 4, now_us);
  sqlite3_bind_int64 (stmt, 5, locks);
  if (!db_run (self, stmt, error))
    return FALSE;

  *locked_until_us = until;
  return until != 0;
}

gboolean
plenum_server_db_pin_failures_clear_name (PlenumServerDb  *self,
                                          const char      *name,
                                          GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  /* Every key "name\n…" (the name from anywhere and at every terminal), and the bare
   * name of the rows written before the keys had terminals. substr, not LIKE: a name's
   * characters are not patterns. */
  stmt = db_stmt (self,
                  "DELETE FROM pin_failures WHERE key = ?1 "
                  "  OR substr (key, 1, length (?1) + 1) = ?1 || char (10)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  return db_run (self, stmt, error);
}

/* Tokens */

gboolean
plenum_server_db_add_token (PlenumServerDb  *self,
                            const guint8     token_hash[32],
                            const char      *account_id,
                            const char      *terminal_id,
                            gint64           now_us,
                            gint64           expires_at_us,
                            GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  stmt = db_stmt (self,
                  "INSERT INTO tokens (token_hash, account_id, terminal_id, created_us, "
                  "  expires_at_us) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, token_hash, 32, SQLITE_TRANSIENT);
  bind_text (stmt, 2, account_id);
  bind_text (stmt, 3, terminal_id);
  sqlite3_bind_int64 (stmt, 4, now_us);
  sqlite3_bind_int64 (stmt, 5, expires_at_us);
  return db_run (self, stmt, error);
}

PlenumTokenState
plenum_server_db_lookup_token (PlenumServerDb       *self,
                               const guint8          token_hash[32],
                               gint64                now_us,
                               PlenumServerAccount **account,
                               GError              **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 expires_at_us;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), PLENUM_TOKEN_UNKNOWN);

  *account = NULL;
  stmt = db_stmt (self,
                  "SELECT a.id, a.name, a.display_name, a.role, t.expires_at_us, t.terminal_id "
                  "FROM tokens t JOIN accounts a ON a.id = t.account_id "
                  "WHERE t.token_hash = ?1", error);
  if (stmt == NULL)
    return PLENUM_TOKEN_UNKNOWN;
  sqlite3_bind_blob (stmt, 1, token_hash, 32, SQLITE_TRANSIENT);
  if (!db_step (self, stmt, &has_row, error))
    return PLENUM_TOKEN_UNKNOWN;
  if (!has_row)
    return PLENUM_TOKEN_UNKNOWN;

  expires_at_us = sqlite3_column_int64 (stmt, 4);
  if (expires_at_us <= now_us)
    {
      sqlite3_reset (stmt);
      return PLENUM_TOKEN_EXPIRED;
    }
  *account = account_from_row (stmt);
  (*account)->expires_at_us = expires_at_us;
  (*account)->terminal_id = column_dup (stmt, 5);
  sqlite3_reset (stmt);
  return PLENUM_TOKEN_VALID;
}

gboolean
plenum_server_db_delete_token (PlenumServerDb  *self,
                               const guint8     token_hash[32],
                               GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  stmt = db_stmt (self, "DELETE FROM tokens WHERE token_hash = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, token_hash, 32, SQLITE_TRANSIENT);
  return db_run (self, stmt, error);
}

gboolean
plenum_server_db_purge_tokens (PlenumServerDb  *self,
                               gint64           before_us,
                               GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  stmt = db_stmt (self, "DELETE FROM tokens WHERE expires_at_us < ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, before_us);
  return db_run (self, stmt, error);
}

GPtrArray *
plenum_server_db_delete_account_tokens (PlenumServerDb  *self,
                                        const char      *account_id,
                                        GError         **error)
{
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  /* Read and delete in one transaction, so that a token given meanwhile is either
   * deleted and its streams ended, or neither. */
  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  stmt = db_stmt (self, "SELECT token_hash FROM tokens WHERE account_id = ?1", error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, account_id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    if (sqlite3_column_bytes (stmt, 0) == 32)
      g_ptr_array_add (hashes, g_bytes_new (sqlite3_column_blob (stmt, 0), 32));
  if (!ok)
    goto failed;
  stmt = db_stmt (self, "DELETE FROM tokens WHERE account_id = ?1", error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, account_id);
  if (!db_run (self, stmt, error) || !db_exec (self, "COMMIT", error))
    goto failed;
  return g_steal_pointer (&hashes);

failed:
  db_exec (self, "ROLLBACK", NULL);
  return NULL;
}

gboolean
plenum_server_db_terminal_enrolled (PlenumServerDb  *self,
                                    const char      *terminal_id,
                                    gboolean        *enrolled,
                                    GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  *enrolled = FALSE;
  if (terminal_id == NULL)
    return TRUE;
  stmt = db_stmt (self, "SELECT 1 FROM terminals WHERE id = ?1 AND revoked_at IS NULL",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, terminal_id);
  if (!db_step (self, stmt, enrolled, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Bodies */

char *
plenum_server_db_create_body (PlenumServerDb  *self,
                              const char      *name,
                              GError         **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *id = plenum_uuid_new ();
  int rc;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  stmt = db_stmt (self, "INSERT INTO bodies (id, name, created_at) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, name);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_CONFLICT,
                   "A body named “%s” exists already", name);
      return NULL;
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, "create body", error);
      return NULL;
    }
  return g_steal_pointer (&id);
}

char *
plenum_server_db_find_body (PlenumServerDb  *self,
                            const char      *name,
                            GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  char *id;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  stmt = db_stmt (self, "SELECT id FROM bodies WHERE name = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, name);
  if (!db_step (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No body named “%s”", name);
      return NULL;
    }
  id = column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

gboolean
plenum_server_db_add_member (PlenumServerDb  *self,
                             const char      *body_id,
                             const char      *account_id,
                             GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  stmt = db_stmt (self,
                  "INSERT OR IGNORE INTO body_members (body_id, account_id) VALUES (?1, ?2)",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, body_id);
  bind_text (stmt, 2, account_id);
  return db_run (self, stmt, error);
}

gboolean
plenum_server_db_clear_members (PlenumServerDb  *self,
                                const char      *body_id,
                                GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  stmt = db_stmt (self, "DELETE FROM body_members WHERE body_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, body_id);
  return db_run (self, stmt, error);
}

GPtrArray *
plenum_server_db_account_bodies (PlenumServerDb  *self,
                                 const char      *account_id,
                                 GError         **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  stmt = db_stmt (self, "SELECT DISTINCT body_id FROM visible_bodies WHERE viewer_id = ?1",
                 error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, account_id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    g_ptr_array_add (ids, column_dup (stmt, 0));
  if (!ok)
    return NULL;
  return g_steal_pointer (&ids);
}

/* JSON answers */

static gboolean
is_secretary (const PlenumServerAccount *account)
{
  return account->role == PLENUM_ROLE_SECRETARY;
}

cJSON *
plenum_server_db_bodies_json (PlenumServerDb            *self,
                              const PlenumServerAccount *account,
                              GError                   **error)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  g_autoptr(GHashTable) members_by_body = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                 g_free, NULL);
  cJSON *bodies = cJSON_AddArrayToObject (root, "bodies");
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  stmt = db_stmt (self,
                  "SELECT id, name, lease_seconds FROM bodies "
                  "WHERE ?1 OR id IN (SELECT body_id FROM body_members WHERE account_id = ?2) "
                  "ORDER BY name", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, is_secretary (account));
  bind_text (stmt, 2, account->id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    {
      cJSON *body = cJSON_CreateObject ();

      add_column_string (body, "id", stmt, 0);
      add_column_string (body, "name", stmt, 1);
      plenum_json_add_int64 (body, "lease_seconds", sqlite3_column_int64 (stmt, 2));
      g_hash_table_insert (members_by_body, column_dup (stmt, 0),
                           cJSON_AddArrayToObject (body, "members"));
      cJSON_AddItemToArray (bodies, body);
    }
  if (!ok)
    return NULL;

  stmt = db_stmt (self,
                  "SELECT m.body_id, a.id, a.display_name, a.name "
                  "FROM body_members m JOIN accounts a ON a.id = m.account_id "
                  "ORDER BY a.name", error);
  if (stmt == NULL)
    return NULL;
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    {
      cJSON *members = g_hash_table_lookup (members_by_body, sqlite3_column_text (stmt, 0));
      cJSON *member;

      if (members == NULL)
        continue;
      member = cJSON_CreateObject ();
      add_column_string (member, "id", stmt, 1);
      add_column_string (member, "display_name", stmt, 2);
      /* Sign-in names only for the secretariat (plenumctl resolves a packet folder's
       * chair by name): to a member they would be half of everyone's credentials. */
      if (is_secretary (account))
        add_column_string (member, "name", stmt, 3);
      cJSON_AddItemToArray (members, member);
    }
  if (!ok)
    return NULL;

  return g_steal_pointer (&root);
}

/* lease_seconds is the body's: a terminal locks the meeting's confidential documents by
 * it (docs/protocol.md, "Leases"). */
#define MEETING_COLUMNS \
  "id, body_id, title, starts_at, location, chair_id, vice_chair_id, status, " \
  "packet_version, updated_at, " \
  "(SELECT lease_seconds FROM bodies WHERE bodies.id = meetings.body_id)"

static cJSON *
meeting_summary_from_row (sqlite3_stmt *stmt)
{
  cJSON *meeting = cJSON_CreateObject ();

  add_column_string (meeting, "id", stmt, 0);
  add_column_string (meeting, "body_id", stmt, 1);
  add_column_string (meeting, "title", stmt, 2);
  add_unix_time (meeting, "starts_at", sqlite3_column_int64 (stmt, 3));
  add_column_string (meeting, "location", stmt, 4);
  add_column_string (meeting, "chair_id", stmt, 5);
  add_column_string (meeting, "vice_chair_id", stmt, 6);
  add_column_string (meeting, "status", stmt, 7);
  plenum_json_add_int64 (meeting, "packet_version", sqlite3_column_int64 (stmt, 8));
  add_unix_time (meeting, "updated_at", sqlite3_column_int64 (stmt, 9));
  plenum_json_add_int64 (meeting, "lease_seconds", sqlite3_column_int64 (stmt, 10));
  return meeting;
}

cJSON *
plenum_server_db_meetings_json (PlenumServerDb            *self,
                                const PlenumServerAccount *account,
                                GError                   **error)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  cJSON *meetings = cJSON_AddArrayToObject (root, "meetings");
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  stmt = db_stmt (self,
                  "SELECT " MEETING_COLUMNS " FROM meetings "
                  "WHERE ?1 OR body_id IN (SELECT body_id FROM visible_bodies "
                  "                        WHERE viewer_id = ?2) "
                  "ORDER BY starts_at, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, is_secretary (account));
  bind_text (stmt, 2, account->id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    cJSON_AddItemToArray (meetings, meeting_summary_from_row (stmt));
  if (!ok)
    return NULL;

  return g_steal_pointer (&root);
}

static gboolean
account_in_body (PlenumServerDb  *self,
                 const char      *account_id,
                 const char      *body_id,
                 gboolean        *member,
                 GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = db_stmt (self,
                  "SELECT 1 FROM body_members WHERE body_id = ?1 AND account_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, body_id);
  bind_text (stmt, 2, account_id);
  if (!db_step (self, stmt, member, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Whether @viewer_id (an account or a terminal) sees the meetings of @body_id. */
static gboolean
viewer_sees_body (PlenumServerDb  *self,
                  const char      *viewer_id,
                  const char      *body_id,
                  gboolean        *sees,
                  GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = db_stmt (self,
                  "SELECT 1 FROM visible_bodies WHERE body_id = ?1 AND viewer_id = ?2 LIMIT 1",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, body_id);
  bind_text (stmt, 2, viewer_id);
  if (!db_step (self, stmt, sees, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

/* The full Meeting, without visibility checks. */
static cJSON *
meeting_json (PlenumServerDb  *self,
              const char      *meeting_id,
              char           **body_id,
              GError         **error)
{
  g_autoptr(cJSON) meeting = NULL;
  g_autoptr(GHashTable) documents_by_item = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                   g_free, NULL);
  g_autoptr(GHashTable) superseded_by_document = g_hash_table_new_full (g_str_hash,
                                                                        g_str_equal,
                                                                        g_free, NULL);
  cJSON *agenda;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  stmt = db_stmt (self, "SELECT " MEETING_COLUMNS " FROM meetings WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such meeting.");
      return NULL;
    }
  meeting = meeting_summary_from_row (stmt);
  if (body_id != NULL)
    *body_id = column_dup (stmt, 1);
  sqlite3_reset (stmt);

  agenda = cJSON_AddArrayToObject (meeting, "agenda");
  stmt = db_stmt (self,
                  "SELECT id, number, title, closed_session FROM agenda_items "
                  "WHERE meeting_id = ?1 ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, meeting_id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    {
      cJSON *item = cJSON_CreateObject ();

      add_column_string (item, "id", stmt, 0);
      add_column_string (item, "number", stmt, 1);
      add_column_string (item, "title", stmt, 2);
      plenum_json_add_bool (item, "closed_session", sqlite3_column_int (stmt, 3) != 0);
      /* Until the viewer's clearance is applied (restrict_closed_items()). */
      plenum_json_add_bool (item, "restricted", FALSE);
      g_hash_table_insert (documents_by_item, column_dup (stmt, 0),
                           cJSON_AddArrayToObject (item, "documents"));
      cJSON_AddItemToArray (agenda, item);
    }
  if (!ok)
    return NULL;

  stmt = db_stmt (self,
                  "SELECT d.item_id, d.id, d.title, d.sha256, b.size, "
                  "  coalesce (p.pages, b.pages), d.confidential, p.password "
                  "FROM documents d JOIN blobs b ON b.sha256 = d.sha256 "
                  "LEFT JOIN document_passwords p ON p.document_id = d.id "
                  "WHERE d.meeting_id = ?1 ORDER BY d.item_id, d.position", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, meeting_id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    {
      cJSON *documents = g_hash_table_lookup (documents_by_item, sqlite3_column_text (stmt, 0));
      cJSON *document;

      if (documents == NULL)
        continue;
      document = cJSON_CreateObject ();
      add_column_string (document, "id", stmt, 1);
      add_column_string (document, "title", stmt, 2);
      add_column_string (document, "sha256", stmt, 3);
      plenum_json_add_int64 (document, "size", sqlite3_column_int64 (stmt, 4));
      plenum_json_add_int64 (document, "pages", sqlite3_column_int64 (stmt, 5));
      plenum_json_add_bool (document, "confidential", sqlite3_column_int (stmt, 6) != 0);
      plenum_json_add_string (document, "media_type", "application/pdf");
      /* Whoever may see the meeting reads its documents, so needs their passwords. */
      if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
        add_column_string (document, "password", stmt, 7);
      g_hash_table_insert (superseded_by_document, column_dup (stmt, 1),
                           cJSON_AddArrayToObject (document, "superseded"));
      cJSON_AddItemToArray (documents, document);
    }
  if (!ok)
    return NULL;

  /* Newest first: a terminal shows the latest earlier version at the top. */
  stmt = db_stmt (self,
                  "SELECT v.document_id, v.sha256, b.size, v.pages, v.superseded_at, "
                  "  v.password "
                  "FROM document_versions v JOIN blobs b ON b.sha256 = v.sha256 "
                  "WHERE v.meeting_id = ?1 "
                  "ORDER BY v.packet_version DESC, v.superseded_at DESC, v.sha256", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, meeting_id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    {
      cJSON *superseded = g_hash_table_lookup (superseded_by_document,
                                               sqlite3_column_text (stmt, 0));
      cJSON *version;

      if (superseded == NULL)
        continue;
      version = cJSON_CreateObject ();
      add_column_string (version, "sha256", stmt, 1);
      plenum_json_add_int64 (version, "size", sqlite3_column_int64 (stmt, 2));
      plenum_json_add_int64 (version, "pages", sqlite3_column_int64 (stmt, 3));
      add_unix_time (version, "superseded_at", sqlite3_column_int64 (stmt, 4));
      if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
        add_column_string (version, "password", stmt, 5);
      cJSON_AddItemToArray (superseded, version);
    }
  if (!ok)
    return NULL;

  return g_steal_pointer (&meeting);
}

/* Whether @account is cleared for the closed-session item @item_id: the rows of
 * clearances. (The chair, the vice chair and the secretariat are cleared for every item
 * of their meetings: the callers check those first.) */
static gboolean
account_cleared (PlenumServerDb  *self,
                 const char      *item_id,
                 const char      *account_id,
                 gboolean        *cleared,
                 GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = db_stmt (self,
                  "SELECT 1 FROM clearances WHERE item_id = ?1 AND account_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, item_id);
  bind_text (stmt, 2, account_id);
  if (!db_step (self, stmt, cleared, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Narrows @meeting (a whole Meeting) to what @account may read: a closed-session item
 * that the account is not cleared for keeps its number and title but lists no
 * documents, and says "restricted". A terminal credential is never cleared: a terminal
 * holds closed-session documents only while a cleared member is signed in there. */
static gboolean
restrict_closed_items (PlenumServerDb            *self,
                       cJSON                     *meeting,
                       const PlenumServerAccount *account,
                       GError                   **error)
{
  const char *chair_id;
  const char *vice_chair_id;
  cJSON *item;

  if (is_secretary (account))
    return TRUE;
  chair_id = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (meeting, "chair_id"));
  vice_chair_id = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (meeting,
                                                                          "vice_chair_id"));
  if (!account->is_terminal &&
      (g_strcmp0 (chair_id, account->id) == 0 || g_strcmp0 (vice_chair_id, account->id) == 0))
    return TRUE;

  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (meeting, "agenda"))
    {
      const char *item_id = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (item, "id"));
      gboolean cleared = FALSE;

      if (!cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (item, "closed_session")))
        continue;
      if (!account->is_terminal && !account_cleared (self, item_id, account->id, &cleared, error))
        return FALSE;
      if (cleared)
        continue;
      cJSON_ReplaceItemInObjectCaseSensitive (item, "documents", cJSON_CreateArray ());
      cJSON_ReplaceItemInObjectCaseSensitive (item, "restricted", cJSON_CreateTrue ());
    }
  return TRUE;
}

cJSON *
plenum_server_db_meeting_json (PlenumServerDb            *self,
                               const char                *meeting_id,
                               const PlenumServerAccount *account,
                               GError                   **error)
{
  g_autoptr(cJSON) meeting = NULL;
  g_autofree char *body_id = NULL;
  gboolean member = FALSE;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  meeting = meeting_json (self, meeting_id, &body_id, error);
  if (meeting == NULL)
    return NULL;

  if (!is_secretary (account))
    {
      if (!viewer_sees_body (self, account->id, body_id, &member, error))
        return NULL;
      /* Another body's meeting is answered like a meeting that does not exist. */
      if (!member)
        {
          g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                       "No such meeting.");
          return NULL;
        }
    }
  if (!restrict_closed_items (self, meeting, account, error))
    return NULL;

  return g_steal_pointer (&meeting);
}

gboolean
plenum_server_db_has_meeting (PlenumServerDb  *self,
                              const char      *meeting_id,
                              gboolean        *exists,
                              GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  stmt = db_stmt (self, "SELECT 1 FROM meetings WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  if (!db_step (self, stmt, exists, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Clearances (docs/protocol.md, "Closed sessions") */

/* The meeting's body, when @item_id is an item of @meeting_id; NOT_FOUND otherwise. */
static char *
clearance_item_body (PlenumServerDb  *self,
                     const char      *meeting_id,
                     const char      *item_id,
                     GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  char *body_id;

  stmt = db_stmt (self,
                  "SELECT m.body_id FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id "
                  "WHERE i.id = ?1 AND m.id = ?2", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, item_id);
  bind_text (stmt, 2, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such agenda item.");
      return NULL;
    }
  body_id = column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return body_id;
}

/* { "item_id", "members": [ Person ] } in the order of display names. */
static cJSON *
clearance_json (PlenumServerDb  *self,
                const char      *item_id,
                GError         **error)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  cJSON *members;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  plenum_json_add_string (root, "item_id", item_id);
  members = cJSON_AddArrayToObject (root, "members");
  stmt = db_stmt (self,
                  "SELECT a.id, a.name, a.display_name FROM clearances c "
                  "JOIN accounts a ON a.id = c.account_id WHERE c.item_id = ?1 "
                  "ORDER BY a.display_name, a.name", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, item_id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    {
      cJSON *person = cJSON_CreateObject ();

      add_column_string (person, "id", stmt, 0);
      add_column_string (person, "name", stmt, 1);
      add_column_string (person, "display_name", stmt, 2);
      cJSON_AddItemToArray (members, person);
    }
  if (!ok)
    return NULL;
  return g_steal_pointer (&root);
}

cJSON *
plenum_server_db_clearance_json (PlenumServerDb  *self,
                                 const char      *meeting_id,
                                 const char      *item_id,
                                 GError         **error)
{
  g_autofree char *body_id = NULL;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  body_id = clearance_item_body (self, meeting_id, item_id, error);
  if (body_id == NULL)
    return NULL;
  return clearance_json (self, item_id, error);
}

static gboolean
set_clearance_locked (PlenumServerDb              *self,
                      const char                  *meeting_id,
                      const char                  *item_id,
                      const char * const          *account_ids,
                      const PlenumServerAccount   *account,
                      const char                  *operation_id,
                      const char                  *request_hash,
                      gint64                       now,
                      guint                        retention,
                      PlenumServerOperationResult *result,
                      GError                     **error)
{
  g_autofree char *body_id = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autoptr(cJSON) event_data = cJSON_CreateObject ();
  sqlite3_stmt *stmt;

  if (!plenum_server_db_replayed (self, account, operation_id, request_hash, result, error))
    return FALSE;
  if (result->replayed)
    return TRUE;

  body_id = clearance_item_body (self, meeting_id, item_id, error);
  if (body_id == NULL)
    return FALSE;

  stmt = db_stmt (self, "DELETE FROM clearances WHERE item_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, item_id);
  if (!db_run (self, stmt, error))
    return FALSE;

  for (guint i = 0; account_ids[i] != NULL; i++)
    {
      gboolean member = FALSE;

      if (!account_in_body (self, account_ids[i], body_id, &member, error))
        return FALSE;
      if (!member)
        {
          g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_INVALID,
                       "members[%u]: not a member of the meeting's body.", i);
          return FALSE;
        }
      stmt = db_stmt (self,
                      "INSERT OR IGNORE INTO clearances (item_id, meeting_id, account_id) "
                      "VALUES (?1, ?2, ?3)", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, item_id);
      bind_text (stmt, 2, meeting_id);
      bind_text (stmt, 3, account_ids[i]);
      if (!db_run (self, stmt, error))
        return FALSE;
    }

  answer = clearance_json (self, item_id, error);
  if (answer == NULL)
    return FALSE;
  /* Every viewer's Meeting may have changed: those added now see the item's documents,
   * those removed no longer do. */
  return plenum_server_db_finish_operation (self, account, operation_id, "clearance.set",
                                            request_hash, 200, answer, "meeting.updated",
                                            meeting_id, body_id, event_data, now, retention,
                                            result, error);
}

gboolean
plenum_server_db_set_clearance (PlenumServerDb              *self,
                                const char                  *meeting_id,
                                const char                  *item_id,
                                const char * const          *account_ids,
                                const PlenumServerAccount   *account,
                                const char                  *operation_id,
                                const char                  *request_hash,
                                gint64                       now,
                                guint                        retention,
                                PlenumServerOperationResult *result,
                                GError                     **error)
{
  gboolean applied;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (account_ids != NULL, FALSE);

  memset (result, 0, sizeof *result);
  if (!plenum_server_db_begin (self, error))
    return FALSE;
  applied = set_clearance_locked (self, meeting_id, item_id, account_ids, account,
                                  operation_id, request_hash, now, retention, result, error);
  return plenum_server_db_end_transaction (self, applied, result, error);
}

/* Blobs */

gboolean
plenum_server_db_add_blob (PlenumServerDb  *self,
                           const char      *sha256,
                           guint64          size,
                           int              pages,
                           GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (plenum_is_sha256_hex (sha256), FALSE);

  stmt = db_stmt (self,
                  "INSERT INTO blobs (sha256, size, pages, created_at) VALUES (?1, ?2, ?3, ?4) "
                  "ON CONFLICT (sha256) DO UPDATE SET pages = ?3", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, sha256);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) size);
  sqlite3_bind_int (stmt, 3, pages);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  return db_run (self, stmt, error);
}

gboolean
plenum_server_db_get_blob (PlenumServerDb  *self,
                           const char      *sha256,
                           guint64         *size,
                           int             *pages,
                           GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  stmt = db_stmt (self, "SELECT size, pages FROM blobs WHERE sha256 = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, sha256);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such blob.");
      return FALSE;
    }
  if (size != NULL)
    *size = (guint64) sqlite3_column_int64 (stmt, 0);
  if (pages != NULL)
    *pages = sqlite3_column_int (stmt, 1);
  sqlite3_reset (stmt);
  return TRUE;
}

/* Whether the viewer ?2 (?3: 1 for a terminal credential) may read the documents of
 * the agenda item @item of the meeting @meeting (table aliases): any item that is not a
 * closed session; a closed-session one only for the chair, the vice chair and those
 * cleared for it, never for a terminal credential. The secretariat is let through
 * before any query. */
#define ITEM_READABLE_SQL_AT(item, meeting, viewer, terminal) \
  "(" item ".closed_session = 0 OR (" terminal " = 0 AND (" meeting ".chair_id = " viewer \
  " OR " meeting ".vice_chair_id = " viewer " OR EXISTS (SELECT 1 FROM clearances c " \
  "WHERE c.item_id = " item ".id AND c.account_id = " viewer "))))"
#define ITEM_READABLE_SQL(item, meeting) ITEM_READABLE_SQL_AT (item, meeting, "?2", "?3")
/* Whether the document id @document (an SQL expression) is readable by the member ?3 (a
 * document of no current item — retracted, or of an earlier packet — is). */
#define DOCUMENT_READABLE_SQL(document) \
  "NOT EXISTS (SELECT 1 FROM document_ids di JOIN agenda_items i " \
  "ON i.meeting_id = di.meeting_id AND i.number = di.number " \
  "JOIN meetings m ON m.id = i.meeting_id WHERE di.id = " document " AND NOT " \
  ITEM_READABLE_SQL_AT ("i", "m", "?3", "0") ")"

gboolean
plenum_server_db_document_readable (PlenumServerDb            *self,
                                    const char                *document_id,
                                    const PlenumServerAccount *account,
                                    gboolean                  *readable,
                                    GError                   **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  *readable = TRUE;
  if (is_secretary (account))
    return TRUE;
  stmt = db_stmt (self, "SELECT " DOCUMENT_READABLE_SQL ("?1"), error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, document_id);
  /* A terminal's id is nobody's chair and cleared for nothing: it reads no closed item. */
  bind_text (stmt, 3, account->id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *readable = sqlite3_column_int (stmt, 0) != 0;
      sqlite3_reset (stmt);
    }
  return TRUE;
}

gboolean
plenum_server_db_blob_visible (PlenumServerDb            *self,
                               const char                *sha256,
                               const PlenumServerAccount *account,
                               GError                   **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  if (is_secretary (account))
    return TRUE;

  /* A superseded version stays readable until it is retired (or its document
   * retracted): a terminal offline since the revision still has to show it. */
  stmt = db_stmt (self,
                  "SELECT 1 FROM documents d JOIN meetings m ON m.id = d.meeting_id "
                  "JOIN agenda_items i ON i.id = d.item_id "
                  "JOIN visible_bodies v ON v.body_id = m.body_id "
                  "WHERE d.sha256 = ?1 AND v.viewer_id = ?2 AND " ITEM_READABLE_SQL ("i", "m")
                  " UNION ALL "
                  "SELECT 1 FROM document_versions dv JOIN meetings m ON m.id = dv.meeting_id "
                  "JOIN documents d ON d.id = dv.document_id "
                  "JOIN agenda_items i ON i.id = d.item_id "
                  "JOIN visible_bodies v ON v.body_id = m.body_id "
                  "WHERE dv.sha256 = ?1 AND v.viewer_id = ?2 AND " ITEM_READABLE_SQL ("i", "m")
                  " LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, sha256);
  bind_text (stmt, 2, account->id);
  /* A closed-session item's documents (and their versions) only for those cleared for
   * it, as restrict_closed_items() lists them. */
  sqlite3_bind_int (stmt, 3, account->is_terminal);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    sqlite3_reset (stmt);
  else
    g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                 "No such blob.");
  return has_row;
}

/* Publishing */

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_INVALID, message);
  return FALSE;
}

/* What the database can check about a packet before it changes anything; the messages
 * name fields as a PacketManifest does. */
static gboolean
check_packet (PlenumServerDb            *self,
              const PlenumServerPacket  *packet,
              GError                   **error)
{
  g_autoptr(GHashTable) numbers = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean member;

  stmt = db_stmt (self, "SELECT 1 FROM bodies WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, packet->body_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return invalid (error, "meeting.body_id: no such body");
  sqlite3_reset (stmt);

  if (!account_in_body (self, packet->chair_id, packet->body_id, &member, error))
    return FALSE;
  if (!member)
    return invalid (error, "meeting.chair_id: not a member of the body");
  if (packet->vice_chair_id != NULL)
    {
      if (g_strcmp0 (packet->vice_chair_id, packet->chair_id) == 0)
        return invalid (error, "meeting.vice_chair_id: the chair cannot be the vice-chair");
      if (!account_in_body (self, packet->vice_chair_id, packet->body_id, &member, error))
        return FALSE;
      if (!member)
        return invalid (error, "meeting.vice_chair_id: not a member of the body");
    }

  for (guint i = 0; i < packet->items->len; i++)
    {
      const PlenumServerPacketItem *item = g_ptr_array_index (packet->items, i);
      g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);

      if (!g_hash_table_add (numbers, item->number))
        return invalid (error, "items[%u].number: another item has the number “%s”",
                        i, item->number);

      for (guint j = 0; j < item->documents->len; j++)
        {
          const PlenumServerPacketDocument *document = g_ptr_array_index (item->documents, j);
          int pages = 0;
          g_autoptr(GError) local_error = NULL;

          if (!g_hash_table_add (titles, document->title))
            return invalid (error,
                            "items[%u].documents[%u].title: another document of the item has "
                            "the title “%s”", i, j, document->title);

          if (!plenum_server_db_get_blob (self, document->sha256, NULL, &pages, &local_error))
            {
              if (g_error_matches (local_error, PLENUM_SERVER_DB_ERROR,
                                   PLENUM_SERVER_DB_ERROR_NOT_FOUND))
                {
                  g_set_error_literal (error, PLENUM_SERVER_DB_ERROR,
                                       PLENUM_SERVER_DB_ERROR_MISSING_BLOB, document->sha256);
                  return FALSE;
                }
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          /* The messages name the field; a password is never quoted. */
          if (document->password == NULL && pages < 1)
            return invalid (error,
                            "items[%u].documents[%u].sha256: the blob is not a PDF the server "
                            "can read without a password (give the document's password if it "
                            "needs one)", i, j);
          if (document->password != NULL && pages >= 1)
            return invalid (error,
                            "items[%u].documents[%u].password: the blob opens without a "
                            "password; leave it out", i, j);
          if (document->password != NULL && document->pages < 1)
            return invalid (error,
                            "items[%u].documents[%u].password: does not open the blob as a "
                            "PDF the server can read", i, j);
        }
    }

  return TRUE;
}

/* The id kept for (@meeting_id, @number[, @title]), made on first use. */
static char *
stable_id (PlenumServerDb  *self,
           const char      *meeting_id,
           const char      *number,
           const char      *title,
           GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  g_autofree char *id = NULL;

  if (title == NULL)
    stmt = db_stmt (self, "SELECT id FROM item_ids WHERE meeting_id = ?1 AND number = ?2",
                    error);
  else
    stmt = db_stmt (self,
                    "SELECT id FROM document_ids "
                    "WHERE meeting_id = ?1 AND number = ?2 AND title = ?3", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, meeting_id);
  bind_text (stmt, 2, number);
  if (title != NULL)
    bind_text (stmt, 3, title);
  if (!db_step (self, stmt, &has_row, error))
    return NULL;
  if (has_row)
    {
      id = column_dup (stmt, 0);
      sqlite3_reset (stmt);
      return g_steal_pointer (&id);
    }

  id = plenum_uuid_new ();
  if (title == NULL)
    stmt = db_stmt (self, "INSERT INTO item_ids (meeting_id, number, id) VALUES (?1, ?2, ?3)",
                    error);
  else
    stmt = db_stmt (self,
                    "INSERT INTO document_ids (meeting_id, number, title, id) "
                    "VALUES (?1, ?2, ?4, ?3)", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, meeting_id);
  bind_text (stmt, 2, number);
  bind_text (stmt, 3, id);
  if (title != NULL)
    bind_text (stmt, 4, title);
  if (!db_run (self, stmt, error))
    return NULL;
  return g_steal_pointer (&id);
}

static PlenumServerEvent *
append_event (PlenumServerDb  *self,
              const char      *type,
              const char      *meeting_id,
              const char      *body_id,
              const char      *data,
              gint64           now,
              guint            retention,
              GError         **error)
{
  g_autoptr(PlenumServerEvent) event = g_new0 (PlenumServerEvent, 1);
  sqlite3_stmt *stmt;

  stmt = db_stmt (self,
                  "INSERT INTO events (type, time, meeting_id, body_id, data) "
                  "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, type);
  sqlite3_bind_int64 (stmt, 2, now);
  bind_text (stmt, 3, meeting_id);
  bind_text (stmt, 4, body_id);
  bind_text (stmt, 5, data);
  if (!db_run (self, stmt, error))
    return NULL;

  event->seq = sqlite3_last_insert_rowid (self->handle);
  event->type = g_strdup (type);
  event->time = now;
  event->meeting_id = g_strdup (meeting_id);
  event->body_id = g_strdup (body_id);
  event->data = g_strdup (data);

  stmt = db_stmt (self, "DELETE FROM events WHERE seq <= ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, event->seq - (gint64) MAX (retention, 1));
  if (!db_run (self, stmt, error))
    return NULL;

  return g_steal_pointer (&event);
}

static gboolean
lookup_operation (PlenumServerDb  *self,
                  const char      *operation_id,
                  char           **request_hash,
                  char           **result,
                  GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  *request_hash = NULL;
  *result = NULL;
  stmt = db_stmt (self, "SELECT request_hash, result FROM operations WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, operation_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *request_hash = column_dup (stmt, 0);
      *result = column_dup (stmt, 1);
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/* A document's blob as the current packet has it, before a publish replaces it. */
typedef struct {
  char *sha256;
  int   pages;
  char *password;
} CurrentVersion;

static void
current_version_free (gpointer data)
{
  CurrentVersion *version = data;

  g_free (version->sha256);
  plenum_secret_free (version->password);
  g_free (version);
}

/* Fills @current (document id → CurrentVersion) with the meeting's documents as
 * published now. */
static gboolean
load_current_versions (PlenumServerDb  *self,
                       const char      *meeting_id,
                       GHashTable      *current,
                       GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  stmt = db_stmt (self,
                  "SELECT d.id, d.sha256, coalesce (p.pages, b.pages), p.password "
                  "FROM documents d JOIN blobs b ON b.sha256 = d.sha256 "
                  "LEFT JOIN document_passwords p ON p.document_id = d.id "
                  "WHERE d.meeting_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    {
      CurrentVersion *version = g_new0 (CurrentVersion, 1);

      version->sha256 = column_dup (stmt, 1);
      version->pages = sqlite3_column_int (stmt, 2);
      version->password = column_dup (stmt, 3);
      g_hash_table_insert (current, column_dup (stmt, 0), version);
    }
  return ok;
}

/* Keeps the versions of @document_id right after it was written with @sha256: the blob
 * it had (@previous, NULL for a new document) is superseded when it changed, and a blob
 * brought back is no longer an earlier version. */
static gboolean
supersede (PlenumServerDb        *self,
           const char            *meeting_id,
           const char            *document_id,
           const char            *sha256,
           const CurrentVersion  *previous,
           gint64                 packet_version,
           gint64                 now,
           GError               **error)
{
  sqlite3_stmt *stmt;

  if (previous == NULL || g_strcmp0 (previous->sha256, sha256) == 0)
    return TRUE;

  stmt = db_stmt (self,
                  "INSERT INTO document_versions (document_id, meeting_id, sha256, pages, "
                  "  password, packet_version, superseded_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                  "ON CONFLICT (document_id, sha256) DO UPDATE SET pages = ?4, "
                  "  password = ?5, packet_version = ?6, superseded_at = ?7", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, document_id);
  bind_text (stmt, 2, meeting_id);
  bind_text (stmt, 3, previous->sha256);
  sqlite3_bind_int (stmt, 4, previous->pages);
  bind_text (stmt, 5, previous->password);
  sqlite3_bind_int64 (stmt, 6, packet_version);
  sqlite3_bind_int64 (stmt, 7, now);
  if (!db_run (self, stmt, error))
    return FALSE;

  stmt = db_stmt (self,
                  "DELETE FROM document_versions WHERE document_id = ?1 AND sha256 = ?2",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, document_id);
  bind_text (stmt, 2, sha256);
  return db_run (self, stmt, error);
}

/* Writes @packet as the meeting's next packet version (*@new_version): the meeting row,
 * its items and documents, and the documents' superseded versions. Inside a transaction;
 * no event, no idempotency record. CONFLICT when packet->base_packet_version is given
 * and stale. */
static gboolean
write_packet (PlenumServerDb            *self,
              const char                *meeting_id,
              const PlenumServerPacket  *packet,
              gint64                     now,
              gint64                    *new_version,
              GError                   **error)
{
  g_autoptr(GHashTable) current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         current_version_free);
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 current_version = 0;
  gint64 packet_version;

  if (!check_packet (self, packet, error))
    return FALSE;

  stmt = db_stmt (self, "SELECT packet_version FROM meetings WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      current_version = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  /* Read-modify-write: an editor that read version N must not overwrite N + 1. */
  if (packet->base_packet_version >= 0 && packet->base_packet_version != current_version)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_CONFLICT,
                   "The packet was changed by someone else (version %" G_GINT64_FORMAT
                   "); read it again.", current_version);
      return FALSE;
    }
  packet_version = current_version + 1;
  *new_version = packet_version;

  if (!load_current_versions (self, meeting_id, current, error))
    return FALSE;

  stmt = db_stmt (self,
                  "INSERT INTO meetings (id, body_id, title, starts_at, location, chair_id, "
                  "  vice_chair_id, packet_version, updated_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                  "ON CONFLICT (id) DO UPDATE SET body_id = ?2, title = ?3, starts_at = ?4, "
                  "  location = ?5, chair_id = ?6, vice_chair_id = ?7, packet_version = ?8, "
                  "  updated_at = ?9", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  bind_text (stmt, 2, packet->body_id);
  bind_text (stmt, 3, packet->title);
  sqlite3_bind_int64 (stmt, 4, packet->starts_at);
  bind_text (stmt, 5, packet->location);
  bind_text (stmt, 6, packet->chair_id);
  bind_text (stmt, 7, packet->vice_chair_id);
  sqlite3_bind_int64 (stmt, 8, packet_version);
  sqlite3_bind_int64 (stmt, 9, now);
  if (!db_run (self, stmt, error))
    return FALSE;

  stmt = db_stmt (self, "DELETE FROM agenda_items WHERE meeting_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  if (!db_run (self, stmt, error)) /* documents go with their items (ON DELETE CASCADE) */
    return FALSE;

  for (guint i = 0; i < packet->items->len; i++)
    {
      const PlenumServerPacketItem *item = g_ptr_array_index (packet->items, i);
      g_autofree char *item_id = stable_id (self, meeting_id, item->number, NULL, error);

      if (item_id == NULL)
        return FALSE;
      stmt = db_stmt (self,
                      "INSERT INTO agenda_items (id, meeting_id, position, number, title, "
                      "  closed_session) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, item_id);
      bind_text (stmt, 2, meeting_id);
      sqlite3_bind_int (stmt, 3, (int) i);
      bind_text (stmt, 4, item->number);
      bind_text (stmt, 5, item->title);
      sqlite3_bind_int (stmt, 6, item->closed_session ? 1 : 0);
      if (!db_run (self, stmt, error))
        return FALSE;

      for (guint j = 0; j < item->documents->len; j++)
        {
          const PlenumServerPacketDocument *document = g_ptr_array_index (item->documents, j);
          g_autofree char *document_id = stable_id (self, meeting_id, item->number,
                                                    document->title, error);

          if (document_id == NULL)
            return FALSE;
          stmt = db_stmt (self,
                          "INSERT INTO documents (id, item_id, meeting_id, position, title, "
                          "  sha256, confidential) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
          if (stmt == NULL)
            return FALSE;
          bind_text (stmt, 1, document_id);
          bind_text (stmt, 2, item_id);
          bind_text (stmt, 3, meeting_id);
          sqlite3_bind_int (stmt, 4, (int) j);
          bind_text (stmt, 5, document->title);
          bind_text (stmt, 6, document->sha256);
          sqlite3_bind_int (stmt, 7, document->confidential ? 1 : 0);
          if (!db_run (self, stmt, error))
            return FALSE;
          if (!supersede (self, meeting_id, document_id, document->sha256,
                          g_hash_table_lookup (current, document_id), packet_version, now,
                          error))
            return FALSE;

          /* The old rows went with their documents (ON DELETE CASCADE). */
          if (document->password == NULL)
            continue;
          stmt = db_stmt (self,
                          "INSERT INTO document_passwords (document_id, password, pages) "
                          "VALUES (?1, ?2, ?3)", error);
          if (stmt == NULL)
            return FALSE;
          bind_text (stmt, 1, document_id);
          bind_text (stmt, 2, document->password);
          sqlite3_bind_int (stmt, 3, document->pages);
          if (!db_run (self, stmt, error))
            return FALSE;
        }
    }

  /* A document the packet dropped (retracted) takes its versions with it. */
  stmt = db_stmt (self,
                  "DELETE FROM document_versions WHERE meeting_id = ?1 AND document_id NOT IN "
                  "  (SELECT id FROM documents WHERE meeting_id = ?1)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  return db_run (self, stmt, error);
}

static gboolean
publish_packet_locked (PlenumServerDb            *self,
                       const char                *meeting_id,
                       const PlenumServerPacket  *packet,
                       const char                *operation_id,
                       const char                *request_hash,
                       const PlenumServerAccount *account,
                       gint64                     now,
                       guint                      retention,
                       PlenumServerPublishResult *result,
                       GError                   **error)
{
  g_autofree char *stored_hash = NULL;
  g_autofree char *stored_result = NULL;
  g_autofree char *event_data = NULL;
  g_autoptr(cJSON) meeting = NULL;
  sqlite3_stmt *stmt;
  gint64 packet_version = 1;

  if (!lookup_operation (self, operation_id, &stored_hash, &stored_result, error))
    return FALSE;
  if (stored_hash != NULL)
    {
      g_autoptr(cJSON) stored = NULL;
      const cJSON *version;

      if (g_strcmp0 (stored_hash, request_hash) != 0)
        {
          g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_CONFLICT,
                       "The operation %s was used for a different request.", operation_id);
          return FALSE;
        }
      stored = cJSON_Parse (stored_result);
      version = cJSON_GetObjectItemCaseSensitive (stored, "packet_version");
      result->replayed = TRUE;
      result->packet_version = cJSON_IsNumber (version) ? (gint64) version->valuedouble : 0;
      result->result_json = g_steal_pointer (&stored_result);
      return TRUE;
    }

  if (!write_packet (self, meeting_id, packet, now, &packet_version, error))
    return FALSE;

  event_data = g_strdup_printf ("{\"packet_version\":%" G_GINT64_FORMAT "}", packet_version);
  result->event = append_event (self, "packet.published", meeting_id, packet->body_id,
                                event_data, now, retention, error);
  if (result->event == NULL)
    return FALSE;

  meeting = meeting_json (self, meeting_id, NULL, error);
  if (meeting == NULL)
    return FALSE;
  result->result_json = plenum_json_print (meeting);
  result->packet_version = packet_version;

  stmt = db_stmt (self,
                  "INSERT INTO operations (id, account_id, kind, request_hash, result, "
                  "  created_at) VALUES (?1, ?2, 'packet.publish', ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, operation_id);
  bind_text (stmt, 2, account->id);
  bind_text (stmt, 3, request_hash);
  bind_text (stmt, 4, result->result_json);
  sqlite3_bind_int64 (stmt, 5, now);
  return db_run (self, stmt, error);
}

gboolean
plenum_server_db_publish_packet (PlenumServerDb            *self,
                                 const char                *meeting_id,
                                 const PlenumServerPacket  *packet,
                                 const char                *operation_id,
                                 const char                *request_hash,
                                 const PlenumServerAccount *account,
                                 gint64                     now,
                                 guint                      retention,
                                 PlenumServerPublishResult *result,
                                 GError                   **error)
{
  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (plenum_is_uuid (meeting_id), FALSE);
  g_return_val_if_fail (packet != NULL, FALSE);
  g_return_val_if_fail (plenum_is_uuid (operation_id), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);

  if (!plenum_server_db_begin (self, error))
    return FALSE;
  if (!publish_packet_locked (self, meeting_id, packet, operation_id, request_hash, account,
                              now, retention, result, error))
    {
      plenum_server_db_rollback (self);
      plenum_server_publish_result_clear (result);
      return FALSE;
    }
  if (!plenum_server_db_commit (self, error))
    {
      plenum_server_publish_result_clear (result);
      return FALSE;
    }
  return TRUE;
}

/* Revisions */

cJSON *
plenum_server_db_set_lease (PlenumServerDb  *self,
                            const char      *body_id,
                            gint64           lease_seconds,
                            GError         **error)
{
  const PlenumServerAccount secretariat = { .id = (char *) "", .role = PLENUM_ROLE_SECRETARY };
  g_autoptr(cJSON) bodies = NULL;
  const cJSON *body;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);
  g_return_val_if_fail (lease_seconds >= 0, NULL);

  stmt = db_stmt (self, "UPDATE bodies SET lease_seconds = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, body_id);
  sqlite3_bind_int64 (stmt, 2, lease_seconds);
  if (!db_run (self, stmt, error))
    return NULL;
  if (sqlite3_changes (self->handle) == 0)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such body.");
      return NULL;
    }

  /* The Body exactly as the list gives it to the secretariat. */
  bodies = plenum_server_db_bodies_json (self, &secretariat, error);
  if (bodies == NULL)
    return NULL;
  cJSON_ArrayForEach (body, cJSON_GetObjectItemCaseSensitive (bodies, "bodies"))
    {
      const cJSON *id = cJSON_GetObjectItemCaseSensitive (body, "id");

      if (cJSON_IsString (id) && g_strcmp0 (id->valuestring, body_id) == 0)
        return cJSON_Duplicate (body, TRUE);
    }
  g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
               "No such body.");
  return NULL;
}

/* The meeting's packet as published now, to publish again with one change. */
static PlenumServerPacket *
load_packet (PlenumServerDb  *self,
             const char      *meeting_id,
             GError         **error)
{
  g_autoptr(PlenumServerPacket) packet = plenum_server_packet_new ();
  g_autoptr(GHashTable) items_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                             NULL);
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  stmt = db_stmt (self,
                  "SELECT body_id, title, starts_at, location, chair_id, vice_chair_id "
                  "FROM meetings WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such meeting.");
      return NULL;
    }
  packet->body_id = column_dup (stmt, 0);
  packet->title = column_dup (stmt, 1);
  packet->starts_at = sqlite3_column_int64 (stmt, 2);
  packet->location = column_dup (stmt, 3);
  packet->chair_id = column_dup (stmt, 4);
  packet->vice_chair_id = column_dup (stmt, 5);
  sqlite3_reset (stmt);

  stmt = db_stmt (self,
                  "SELECT id, number, title, closed_session FROM agenda_items "
                  "WHERE meeting_id = ?1 ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, meeting_id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    {
      PlenumServerPacketItem *item = plenum_server_packet_item_new ();

      item->number = column_dup (stmt, 1);
      item->title = column_dup (stmt, 2);
      item->closed_session = sqlite3_column_int (stmt, 3) != 0;
      g_hash_table_insert (items_by_id, column_dup (stmt, 0), item);
      g_ptr_array_add (packet->items, item);
    }
  if (!ok)
    return NULL;

  stmt = db_stmt (self,
                  "SELECT d.item_id, d.title, d.sha256, d.confidential, p.password, p.pages "
                  "FROM documents d LEFT JOIN document_passwords p ON p.document_id = d.id "
                  "WHERE d.meeting_id = ?1 ORDER BY d.item_id, d.position", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, meeting_id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    {
      PlenumServerPacketItem *item = g_hash_table_lookup (items_by_id,
                                                          sqlite3_column_text (stmt, 0));
      PlenumServerPacketDocument *document;

      if (item == NULL)
        continue;
      document = plenum_server_packet_document_new ();
      document->title = column_dup (stmt, 1);
      g_strlcpy (document->sha256, (const char *) sqlite3_column_text (stmt, 2),
                 sizeof document->sha256);
      document->confidential = sqlite3_column_int (stmt, 3) != 0;
      document->password = column_dup (stmt, 4);
      document->pages = sqlite3_column_int (stmt, 5);
      g_ptr_array_add (item->documents, document);
    }
  if (!ok)
    return NULL;

  return g_steal_pointer (&packet);
}

static gboolean
change_document_locked (PlenumServerDb              *self,
                        const char                  *meeting_id,
                        const char                  *document_id,
                        PlenumDocumentChange         change,
                        const char                  *sha256,
                        const char                  *password,
                        int                          pages,
                        const PlenumServerAccount   *account,
                        const char                  *operation_id,
                        const char                  *request_hash,
                        gint64                       now,
                        guint                        retention,
                        PlenumServerOperationResult *result,
                        GError                     **error)
{
  static const char * const kinds[] = { "document.revise", "document.retract",
                                        "document.retire" };
  g_autoptr(PlenumServerPacket) packet = NULL;
  g_autoptr(cJSON) meeting = NULL;
  g_autoptr(cJSON) data = cJSON_CreateObject ();
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  PlenumServerPacketItem *item = NULL;
  guint position = 0;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean changed = TRUE;
  gint64 packet_version;

  if (!plenum_server_db_replayed (self, account, operation_id, request_hash, result, error))
    return FALSE;
  if (result->replayed)
    return TRUE;

  packet = load_packet (self, meeting_id, error);
  if (packet == NULL)
    return FALSE;

  stmt = db_stmt (self,
                  "SELECT i.number, d.title FROM documents d "
                  "JOIN agenda_items i ON i.id = d.item_id "
                  "WHERE d.id = ?1 AND d.meeting_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, document_id);
  bind_text (stmt, 2, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such document in the meeting.");
      return FALSE;
    }
  number = column_dup (stmt, 0);
  title = column_dup (stmt, 1);
  sqlite3_reset (stmt);

  /* Ids are kept by (item number, title): the same pair names the same document. */
  for (guint i = 0; i < packet->items->len && item == NULL; i++)
    {
      PlenumServerPacketItem *candidate = g_ptr_array_index (packet->items, i);

      if (!g_str_equal (candidate->number, number))
        continue;
      for (guint j = 0; j < candidate->documents->len; j++)
        {
          const PlenumServerPacketDocument *document = g_ptr_array_index (candidate->documents,
                                                                          j);

          if (g_str_equal (document->title, title))
            {
              item = candidate;
              position = j;
              break;
            }
        }
    }
  g_assert (item != NULL);

  switch (change)
    {
    case PLENUM_DOCUMENT_REVISE:
      {
        PlenumServerPacketDocument *document = g_ptr_array_index (item->documents, position);

        if (g_str_equal (document->sha256, sha256) &&
            g_strcmp0 (document->password, password) == 0)
          {
            changed = FALSE;
            break;
          }
        g_strlcpy (document->sha256, sha256, sizeof document->sha256);
        plenum_secret_free (document->password);
        document->password = g_strdup (password);
        document->pages = password != NULL ? pages : 0;
      }
      break;
    case PLENUM_DOCUMENT_RETRACT:
      g_ptr_array_remove_index (item->documents, position);
      break;
    case PLENUM_DOCUMENT_RETIRE:
      stmt = db_stmt (self, "DELETE FROM document_versions WHERE document_id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, document_id);
      if (!db_run (self, stmt, error))
        return FALSE;
      changed = sqlite3_changes (self->handle) > 0;
      break;
    default:
      g_assert_not_reached ();
    }

  if (!changed)
    {
      /* Nothing to publish: the answer is the meeting as it is, and no event. */
      meeting = meeting_json (self, meeting_id, NULL, error);
      if (meeting == NULL)
        return FALSE;
      result->status = 200;
      result->response = plenum_json_print (meeting);
      return plenum_server_db_operation_store (self, account->id, operation_id, kinds[change],
                                               request_hash, 200, result->response, now,
                                               error);
    }

  if (!write_packet (self, meeting_id, packet, now, &packet_version, error))
    return FALSE;
  meeting = meeting_json (self, meeting_id, NULL, error);
  if (meeting == NULL)
    return FALSE;
  plenum_json_add_int64 (data, "packet_version", packet_version);
  return plenum_server_db_finish_operation (self, account, operation_id, kinds[change],
                                            request_hash, 200, meeting, "packet.published",
                                            meeting_id, packet->body_id, data, now, retention,
                                            result, error);
}

gboolean
plenum_server_db_change_document (PlenumServerDb              *self,
                                  const char                  *meeting_id,
                                  const char                  *document_id,
                                  PlenumDocumentChange         change,
                                  const char                  *sha256,
                                  const char                  *password,
                                  int                          pages,
                                  const PlenumServerAccount   *account,
                                  const char                  *operation_id,
                                  const char                  *request_hash,
                                  gint64                       now,
                                  guint                        retention,
                                  PlenumServerOperationResult *result,
                                  GError                     **error)
{
  gboolean applied;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (meeting_id != NULL && document_id != NULL, FALSE);
  g_return_val_if_fail (change != PLENUM_DOCUMENT_REVISE || plenum_is_sha256_hex (sha256),
                        FALSE);
  g_return_val_if_fail (account != NULL && operation_id != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  if (!plenum_server_db_begin (self, error))
    return FALSE;
  applied = change_document_locked (self, meeting_id, document_id, change, sha256, password,
                                    pages, account, operation_id, request_hash, now,
                                    retention, result, error);
  return plenum_server_db_end_transaction (self, applied, result, error);
}

/* Events */

gboolean
plenum_server_db_event_bounds (PlenumServerDb  *self,
                               gint64          *latest,
                               gint64          *first,
                               GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  *latest = 0;
  stmt = db_stmt (self, "SELECT seq FROM sqlite_sequence WHERE name = 'events'", error);
  if (stmt == NULL)
    return FALSE;
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *latest = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  *first = *latest + 1;
  stmt = db_stmt (self, "SELECT min(seq) FROM events", error);
  if (stmt == NULL)
    return FALSE;
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        *first = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  return TRUE;
}

GPtrArray *
plenum_server_db_events_after (PlenumServerDb            *self,
                               gint64                     after,
                               const PlenumServerAccount *account,
                               guint                      limit,
                               GError                   **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (
    (GDestroyNotify) plenum_server_event_free);
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  stmt = db_stmt (self,
                  "SELECT seq, type, time, meeting_id, body_id, data FROM events "
                  "WHERE seq > ?1 AND (?2 OR body_id IS NULL OR body_id IN "
                  "  (SELECT body_id FROM visible_bodies WHERE viewer_id = ?3)) "
                  "ORDER BY seq LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after);
  sqlite3_bind_int (stmt, 2, is_secretary (account));
  bind_text (stmt, 3, account->id);
  sqlite3_bind_int64 (stmt, 4, limit);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    {
      PlenumServerEvent *event = g_new0 (PlenumServerEvent, 1);

      event->seq = sqlite3_column_int64 (stmt, 0);
      event->type = column_dup (stmt, 1);
      event->time = sqlite3_column_int64 (stmt, 2);
      event->meeting_id = column_dup (stmt, 3);
      event->body_id = column_dup (stmt, 4);
      event->data = column_dup (stmt, 5);
      g_ptr_array_add (events, event);
    }
  if (!ok)
    return NULL;
  return g_steal_pointer (&events);
}

/* Rooms and terminals */

gboolean
plenum_server_db_set_room (PlenumServerDb      *self,
                           const char          *name,
                           const char * const  *body_ids,
                           char               **room_id,
                           GError             **error)
{
  g_autofree char *id = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  stmt = db_stmt (self, "SELECT id FROM rooms WHERE name = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      id = column_dup (stmt, 0);
      sqlite3_reset (stmt);
    }
  else
    {
      id = g_uuid_string_random ();
      stmt = db_stmt (self, "INSERT INTO rooms (id, name, created_at) VALUES (?1, ?2, ?3)",
                      error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, id);
      bind_text (stmt, 2, name);
      sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
      if (!db_run (self, stmt, error))
        return FALSE;
    }

  stmt = db_stmt (self, "DELETE FROM room_bodies WHERE room_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  if (!db_run (self, stmt, error))
    return FALSE;
  for (guint i = 0; body_ids != NULL && body_ids[i] != NULL; i++)
    {
      stmt = db_stmt (self,
                      "INSERT OR IGNORE INTO room_bodies (room_id, body_id) VALUES (?1, ?2)",
                      error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, id);
      bind_text (stmt, 2, body_ids[i]);
      if (!db_run (self, stmt, error))
        return FALSE;
    }

  if (room_id != NULL)
    *room_id = g_steal_pointer (&id);
  return TRUE;
}

char *
plenum_server_db_find_room (PlenumServerDb  *self,
                            const char      *name,
                            GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  char *id;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  stmt = db_stmt (self, "SELECT id FROM rooms WHERE name = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, name);
  if (!db_step (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such room.");
      return NULL;
    }
  id = column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

gboolean
plenum_server_db_add_enrolment (PlenumServerDb  *self,
                                const guint8     code_hash[32],
                                const char      *room_id,
                                const char      *name,
                                gint64           now,
                                gint64           expires_at,
                                GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  /* Forget enrolments a day past their end. */
  stmt = db_stmt (self, "DELETE FROM enrolments WHERE expires_at < ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now - 24 * 60 * 60);
  if (!db_run (self, stmt, error))
    return FALSE;

  stmt = db_stmt (self,
                  "INSERT INTO enrolments (code_hash, room_id, name, created_at, expires_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, code_hash, 32, SQLITE_TRANSIENT);
  bind_text (stmt, 2, room_id);
  bind_text (stmt, 3, name);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, expires_at);
  return db_run (self, stmt, error);
}

#define TERMINAL_COLUMNS \
  "t.id, t.name, r.id, r.name, t.enrolled_at, t.last_seen, t.revoked_at, t.status, " \
  "t.status_received_at, t.wipe_requested_at, t.wiped_at"
/* The list's extra columns: the member signed in on the terminal, that is the account of
 * its newest session that has not expired (a sign-out deletes the session). ?1: now in
 * g_get_real_time() units. */
#define TERMINAL_SIGNED_IN_COLUMNS ", s.id, s.name, s.display_name"
#define TERMINAL_SIGNED_IN_JOIN \
  " LEFT JOIN accounts s ON s.id = (SELECT k.account_id FROM tokens k " \
  "   WHERE k.terminal_id = t.id AND k.expires_at_us > ?1 " \
  "   ORDER BY k.created_us DESC LIMIT 1)"

static cJSON *
terminal_from_row (sqlite3_stmt *stmt,
                   gboolean      full)
{
  cJSON *terminal = cJSON_CreateObject ();
  cJSON *room;

  add_column_string (terminal, full ? "id" : "terminal_id", stmt, 0);
  add_column_string (terminal, "name", stmt, 1);
  room = cJSON_AddObjectToObject (terminal, "room");
  add_column_string (room, "id", stmt, 2);
  add_column_string (room, "name", stmt, 3);
  add_unix_time (terminal, "enrolled_at", sqlite3_column_int64 (stmt, 4));
  if (!full)
    return terminal;

  if (sqlite3_column_type (stmt, 5) == SQLITE_NULL)
    cJSON_AddNullToObject (terminal, "last_seen");
  else
    add_unix_time (terminal, "last_seen", sqlite3_column_int64 (stmt, 5));
  plenum_json_add_bool (terminal, "revoked", sqlite3_column_type (stmt, 6) != SQLITE_NULL);
  if (sqlite3_column_type (stmt, 7) == SQLITE_NULL)
    cJSON_AddNullToObject (terminal, "status");
  else
    {
      cJSON *status = cJSON_Parse ((const char *) sqlite3_column_text (stmt, 7));

      if (status == NULL)
        status = cJSON_CreateObject ();
      add_unix_time (status, "received_at", sqlite3_column_int64 (stmt, 8));
      cJSON_AddItemToObject (terminal, "status", status);
    }
  if (sqlite3_column_type (stmt, 9) == SQLITE_NULL)
    cJSON_AddNullToObject (terminal, "wipe");
  else
    {
      cJSON *wipe = cJSON_AddObjectToObject (terminal, "wipe");

      add_unix_time (wipe, "requested_at", sqlite3_column_int64 (stmt, 9));
      if (sqlite3_column_type (stmt, 10) == SQLITE_NULL)
        cJSON_AddNullToObject (wipe, "wiped_at");
      else
        add_unix_time (wipe, "wiped_at", sqlite3_column_int64 (stmt, 10));
    }
  if (sqlite3_column_count (stmt) > 11)
    {
      if (sqlite3_column_type (stmt, 11) == SQLITE_NULL)
        cJSON_AddNullToObject (terminal, "signed_in");
      else
        {
          cJSON *person = cJSON_AddObjectToObject (terminal, "signed_in");

          add_column_string (person, "id", stmt, 11);
          add_column_string (person, "name", stmt, 12);
          add_column_string (person, "display_name", stmt, 13);
        }
    }
  return terminal;
}

static cJSON *
redeem_enrolment_locked (PlenumServerDb  *self,
                         const guint8     code_hash[32],
                         const char      *terminal_id,
                         const guint8     credential_hash[32],
                         gint64           now,
                         gboolean        *replaced,
                         guint8           replaced_hash[32],
                         GError         **error)
{
  g_autofree char *room_id = NULL;
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  cJSON *answer;

  stmt = db_stmt (self,
                  "SELECT room_id, name FROM enrolments "
                  "WHERE code_hash = ?1 AND used_at IS NULL AND expires_at > ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, code_hash, 32, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!db_step (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "The enrolment code is unknown, used or expired.");
      return NULL;
    }
  room_id = column_dup (stmt, 0);
  name = column_dup (stmt, 1);
  sqlite3_reset (stmt);

  stmt = db_stmt (self, "UPDATE enrolments SET used_at = ?2 WHERE code_hash = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, code_hash, 32, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!db_run (self, stmt, error))
    return NULL;

  stmt = db_stmt (self, "SELECT credential_hash FROM terminals WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, terminal_id);
  if (!db_step (self, stmt, replaced, error))
    return NULL;
  if (*replaced)
    {
      if (sqlite3_column_bytes (stmt, 0) == 32)
        memcpy (replaced_hash, sqlite3_column_blob (stmt, 0), 32);
      else
        *replaced = FALSE;
      sqlite3_reset (stmt);
    }

  /* Enrolled afresh before it confirmed a wipe: the member tokens given there before
   * must not start working again. */
  stmt = db_stmt (self,
                  "DELETE FROM tokens WHERE terminal_id = ?1 AND EXISTS "
                  "  (SELECT 1 FROM terminals WHERE id = ?1 AND wipe_requested_at IS NOT NULL "
                  "   AND wiped_at IS NULL)", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, terminal_id);
  if (!db_run (self, stmt, error))
    return NULL;

  stmt = db_stmt (self,
                  "INSERT INTO terminals (id, room_id, name, credential_hash, enrolled_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5) "
                  "ON CONFLICT (id) DO UPDATE SET room_id = ?2, name = ?3, "
                  "  credential_hash = ?4, enrolled_at = ?5, last_seen = NULL, "
                  "  revoked_at = NULL, status = NULL, status_received_at = NULL, "
                  "  wipe_requested_at = NULL, wiped_at = NULL", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, terminal_id);
  bind_text (stmt, 2, room_id);
  bind_text (stmt, 3, name);
  sqlite3_bind_blob (stmt, 4, credential_hash, 32, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, now);
  if (!db_run (self, stmt, error))
    return NULL;

  stmt = db_stmt (self,
                  "SELECT " TERMINAL_COLUMNS " FROM terminals t "
                  "JOIN rooms r ON r.id = t.room_id WHERE t.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, terminal_id);
  if (!db_step (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_FAILED,
                   "The terminal vanished.");
      return NULL;
    }
  answer = terminal_from_row (stmt, FALSE);
  sqlite3_reset (stmt);
  return answer;
}

cJSON *
plenum_server_db_redeem_enrolment (PlenumServerDb  *self,
                                   const guint8     code_hash[32],
                                   const char      *terminal_id,
                                   const guint8     credential_hash[32],
                                   gint64           now,
                                   gboolean        *replaced,
                                   guint8           replaced_hash[32],
                                   GError         **error)
{
  cJSON *answer;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);
  g_return_val_if_fail (plenum_is_uuid (terminal_id), NULL);

  if (!plenum_server_db_begin (self, error))
    return NULL;
  *replaced = FALSE;
  answer = redeem_enrolment_locked (self, code_hash, terminal_id, credential_hash, now,
                                    replaced, replaced_hash, error);
  if (answer == NULL)
    {
      plenum_server_db_rollback (self);
      return NULL;
    }
  if (!plenum_server_db_commit (self, error))
    {
      cJSON_Delete (answer);
      return NULL;
    }
  return answer;
}

PlenumTerminalState
plenum_server_db_lookup_terminal (PlenumServerDb       *self,
                                  const guint8          credential_hash[32],
                                  gint64                now,
                                  PlenumServerAccount **account,
                                  GError              **error)
{
  g_autoptr(PlenumServerAccount) terminal = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean seen_lately;
  gboolean wiping;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), PLENUM_TERMINAL_UNKNOWN);

  *account = NULL;
  stmt = db_stmt (self,
                  "SELECT id, name, revoked_at, last_seen, "
                  "  wipe_requested_at IS NOT NULL AND wiped_at IS NULL "
                  "FROM terminals WHERE credential_hash = ?1", error);
  if (stmt == NULL)
    return PLENUM_TERMINAL_UNKNOWN;
  sqlite3_bind_blob (stmt, 1, credential_hash, 32, SQLITE_TRANSIENT);
  if (!db_step (self, stmt, &has_row, error) || !has_row)
    return PLENUM_TERMINAL_UNKNOWN;
  if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    {
      sqlite3_reset (stmt);
      return PLENUM_TERMINAL_REVOKED;
    }
  terminal = g_new0 (PlenumServerAccount, 1);
  terminal->id = column_dup (stmt, 0);
  terminal->terminal_id = column_dup (stmt, 0);
  terminal->name = g_strdup ("terminal");
  terminal->display_name = column_dup (stmt, 1);
  terminal->role = PLENUM_ROLE_MEMBER;
  terminal->is_terminal = TRUE;
  seen_lately = sqlite3_column_type (stmt, 3) != SQLITE_NULL &&
                sqlite3_column_int64 (stmt, 3) > now - 60;
  wiping = sqlite3_column_int (stmt, 4) != 0;
  sqlite3_reset (stmt);

  if (!seen_lately)
    {
      stmt = db_stmt (self, "UPDATE terminals SET last_seen = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        return PLENUM_TERMINAL_UNKNOWN;
      bind_text (stmt, 1, terminal->id);
      sqlite3_bind_int64 (stmt, 2, now);
      if (!db_run (self, stmt, error))
        return PLENUM_TERMINAL_UNKNOWN;
    }

  *account = g_steal_pointer (&terminal);
  return wiping ? PLENUM_TERMINAL_WIPE : PLENUM_TERMINAL_VALID;
}

gboolean
plenum_server_db_revoke_terminal (PlenumServerDb  *self,
                                  const char      *terminal_id,
                                  gint64           now,
                                  guint8           credential_hash[32],
                                  GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  stmt = db_stmt (self, "SELECT credential_hash FROM terminals WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, terminal_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such terminal.");
      return FALSE;
    }
  if (sqlite3_column_bytes (stmt, 0) == 32)
    memcpy (credential_hash, sqlite3_column_blob (stmt, 0), 32);
  else
    memset (credential_hash, 0, 32);
  sqlite3_reset (stmt);

  stmt = db_stmt (self,
                  "UPDATE terminals SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, terminal_id);
  sqlite3_bind_int64 (stmt, 2, now);
  return db_run (self, stmt, error);
}

static gboolean
request_wipe_locked (PlenumServerDb  *self,
                     const char      *terminal_id,
                     gint64           now,
                     GByteArray      *hashes,
                     GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  stmt = db_stmt (self, "SELECT credential_hash, revoked_at FROM terminals WHERE id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, terminal_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such terminal.");
      return FALSE;
    }
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    {
      sqlite3_reset (stmt);
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_CONFLICT,
                   "The terminal is revoked; enrol it again to wipe it.");
      return FALSE;
    }
  if (sqlite3_column_bytes (stmt, 0) == 32)
    g_byte_array_append (hashes, sqlite3_column_blob (stmt, 0), 32);
  sqlite3_reset (stmt);

  stmt = db_stmt (self, "SELECT token_hash FROM tokens WHERE terminal_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, terminal_id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    if (sqlite3_column_bytes (stmt, 0) == 32)
      g_byte_array_append (hashes, sqlite3_column_blob (stmt, 0), 32);
  if (!ok)
    return FALSE;

  stmt = db_stmt (self,
                  "UPDATE terminals SET wipe_requested_at = ?2, wiped_at = NULL "
                  "WHERE id = ?1 AND (wipe_requested_at IS NULL OR wiped_at IS NOT NULL)",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, terminal_id);
  sqlite3_bind_int64 (stmt, 2, now);
  return db_run (self, stmt, error);
}

gboolean
plenum_server_db_request_wipe (PlenumServerDb  *self,
                               const char      *terminal_id,
                               gint64           now,
                               GByteArray      *hashes,
                               GError         **error)
{
  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (terminal_id != NULL, FALSE);
  g_return_val_if_fail (hashes != NULL, FALSE);

  if (!plenum_server_db_begin (self, error))
    return FALSE;
  if (!request_wipe_locked (self, terminal_id, now, hashes, error))
    {
      plenum_server_db_rollback (self);
      return FALSE;
    }
  return plenum_server_db_commit (self, error);
}

static gboolean
confirm_wipe_locked (PlenumServerDb  *self,
                     const char      *terminal_id,
                     gint64           now,
                     GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = db_stmt (self,
                  "UPDATE terminals SET wiped_at = ?2, revoked_at = coalesce (revoked_at, ?2) "
                  "WHERE id = ?1 AND wipe_requested_at IS NOT NULL AND wiped_at IS NULL",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, terminal_id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!db_run (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->handle) == 0)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_CONFLICT,
                   "No wipe of this terminal is pending.");
      return FALSE;
    }

  stmt = db_stmt (self, "DELETE FROM tokens WHERE terminal_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, terminal_id);
  return db_run (self, stmt, error);
}

gboolean
plenum_server_db_confirm_wipe (PlenumServerDb  *self,
                               const char      *terminal_id,
                               gint64           now,
                               GError         **error)
{
  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (terminal_id != NULL, FALSE);

  if (!plenum_server_db_begin (self, error))
    return FALSE;
  if (!confirm_wipe_locked (self, terminal_id, now, error))
    {
      plenum_server_db_rollback (self);
      return FALSE;
    }
  return plenum_server_db_commit (self, error);
}

gboolean
plenum_server_db_terminal_wiping (PlenumServerDb  *self,
                                  const char      *terminal_id,
                                  gboolean        *wiping,
                                  GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  stmt = db_stmt (self,
                  "SELECT 1 FROM terminals WHERE id = ?1 AND wipe_requested_at IS NOT NULL "
                  "AND wiped_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, terminal_id);
  if (!db_step (self, stmt, wiping, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

cJSON *
plenum_server_db_terminals_json (PlenumServerDb  *self,
                                 const char      *meeting_id,
                                 GError         **error)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  cJSON *terminals = cJSON_AddArrayToObject (root, "terminals");
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  stmt = db_stmt (self,
                  "SELECT " TERMINAL_COLUMNS TERMINAL_SIGNED_IN_COLUMNS " FROM terminals t "
                  "JOIN rooms r ON r.id = t.room_id" TERMINAL_SIGNED_IN_JOIN
                  " WHERE ?2 IS NULL OR t.room_id IN (SELECT rb.room_id FROM room_bodies rb "
                  "   JOIN meetings m ON m.body_id = rb.body_id WHERE m.id = ?2)"
                  " ORDER BY r.name, t.name, t.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
  bind_text (stmt, 2, meeting_id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    cJSON_AddItemToArray (terminals, terminal_from_row (stmt, TRUE));
  if (!ok)
    return NULL;
  return g_steal_pointer (&root);
}

gboolean
plenum_server_db_set_terminal_status (PlenumServerDb  *self,
                                      const char      *terminal_id,
                                      const char      *status_json,
                                      gint64           now,
                                      GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  stmt = db_stmt (self,
                  "UPDATE terminals SET status = ?2, status_received_at = ?3 WHERE id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, terminal_id);
  bind_text (stmt, 2, status_json);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!db_run (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->handle) == 0)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such terminal.");
      return FALSE;
    }
  return TRUE;
}

/* Meeting status */

static gboolean
set_meeting_status_locked (PlenumServerDb      *self,
                           const char          *meeting_id,
                           const char          *status,
                           gint64               now,
                           guint                retention,
                           PlenumServerEvent  **event,
                           GError             **error)
{
  g_autofree char *body_id = NULL;
  g_autofree char *old_status = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  stmt = db_stmt (self, "SELECT body_id, status FROM meetings WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such meeting.");
      return FALSE;
    }
  body_id = column_dup (stmt, 0);
  old_status = column_dup (stmt, 1);
  sqlite3_reset (stmt);
  if (g_strcmp0 (old_status, status) == 0)
    return TRUE;

  stmt = db_stmt (self, "UPDATE meetings SET status = ?2, updated_at = ?3 WHERE id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  bind_text (stmt, 2, status);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!db_run (self, stmt, error))
    return FALSE;
  *event = append_event (self, "meeting.updated", meeting_id, body_id, "{}", now, retention,
                         error);
  return *event != NULL;
}

gboolean
plenum_server_db_set_meeting_status (PlenumServerDb      *self,
                                     const char          *meeting_id,
                                     const char          *status,
                                     gint64               now,
                                     guint                retention,
                                     PlenumServerEvent  **event,
                                     GError             **error)
{
  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  *event = NULL;
  if (g_strcmp0 (status, "scheduled") != 0 && g_strcmp0 (status, "in_progress") != 0 &&
      g_strcmp0 (status, "closed") != 0)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_INVALID,
                   "status: one of scheduled, in_progress, closed.");
      return FALSE;
    }
  if (!plenum_server_db_begin (self, error))
    return FALSE;
  if (!set_meeting_status_locked (self, meeting_id, status, now, retention, event, error))
    {
      plenum_server_db_rollback (self);
      g_clear_pointer (event, plenum_server_event_free);
      return FALSE;
    }
  if (!plenum_server_db_commit (self, error))
    {
      g_clear_pointer (event, plenum_server_event_free);
      return FALSE;
    }
  return TRUE;
}

/* Idempotency records */

void
plenum_server_operation_result_clear (PlenumServerOperationResult *result)
{
  g_clear_pointer (&result->response, g_free);
  g_clear_pointer (&result->first_event, plenum_server_event_free);
  g_clear_pointer (&result->event, plenum_server_event_free);
  result->replayed = FALSE;
  result->status = 0;
}

gboolean
plenum_server_db_operation_lookup (PlenumServerDb  *self,
                                   const char      *account_id,
                                   const char      *operation_id,
                                   const char      *request_hash,
                                   gboolean        *found,
                                   guint           *status,
                                   char           **response,
                                   GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean same;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  *found = FALSE;
  stmt = db_stmt (self,
                  "SELECT request_hash, status, response FROM idempotency_records "
                  "WHERE account_id = ?1 AND operation_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, account_id);
  bind_text (stmt, 2, operation_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return TRUE;
  same = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), request_hash) == 0;
  if (same)
    {
      *found = TRUE;
      *status = (guint) sqlite3_column_int (stmt, 1);
      *response = column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (!same)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_CONFLICT,
                   "The operation %s was used for a different request.", operation_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
plenum_server_db_operation_store (PlenumServerDb  *self,
                                  const char      *account_id,
                                  const char      *operation_id,
                                  const char      *kind,
                                  const char      *request_hash,
                                  guint            status,
                                  const char      *response,
                                  gint64           now,
                                  GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  stmt = db_stmt (self,
                  "INSERT INTO idempotency_records (account_id, operation_id, kind, "
                  "  request_hash, status, response, created_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, account_id);
  bind_text (stmt, 2, operation_id);
  bind_text (stmt, 3, kind);
  bind_text (stmt, 4, request_hash);
  sqlite3_bind_int (stmt, 5, (int) status);
  bind_text (stmt, 6, response);
  sqlite3_bind_int64 (stmt, 7, now);
  return db_run (self, stmt, error);
}

/* Attendance */

/* The meeting's body and status, when @account may see it (NOT_FOUND otherwise). */
static gboolean
visible_meeting (PlenumServerDb             *self,
                 const char                 *meeting_id,
                 const PlenumServerAccount  *account,
                 char                      **body_id,
                 char                      **status,
                 GError                    **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean sees = TRUE;
  g_autofree char *body = NULL;

  stmt = db_stmt (self, "SELECT body_id, status FROM meetings WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      body = column_dup (stmt, 0);
      if (status != NULL)
        *status = column_dup (stmt, 1);
      sqlite3_reset (stmt);
      if (!is_secretary (account) && !viewer_sees_body (self, account->id, body, &sees, error))
        return FALSE;
    }
  if (!has_row || !sees)
    {
      if (status != NULL)
        g_clear_pointer (status, g_free);
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such meeting.");
      return FALSE;
    }
  if (body_id != NULL)
    *body_id = g_steal_pointer (&body);
  return TRUE;
}

static gboolean
check_in_locked (PlenumServerDb              *self,
                 const char                  *meeting_id,
                 const PlenumServerAccount   *account,
                 gboolean                     present,
                 const char                  *operation_id,
                 const char                  *request_hash,
                 gint64                       now,
                 guint                        retention,
                 PlenumServerOperationResult *result,
                 GError                     **error)
{
  g_autofree char *body_id = NULL;
  g_autofree char *status = NULL;
  g_autofree char *event_data = NULL;
  g_autoptr(cJSON) answer = cJSON_CreateObject ();
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (now);
  g_autofree char *time_text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  gboolean member = FALSE;

  if (!plenum_server_db_operation_lookup (self, account->id, operation_id, request_hash,
                                          &found, &result->status, &result->response, error))
    return FALSE;
  if (found)
    {
      result->replayed = TRUE;
      return TRUE;
    }

  if (!visible_meeting (self, meeting_id, account, &body_id, &status, error))
    return FALSE;
  if (account->is_terminal ||
      !account_in_body (self, account->id, body_id, &member, error) || !member)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_FORBIDDEN,
                     "Only members of the meeting's body check in.");
      return FALSE;
    }
  if (g_strcmp0 (status, "closed") == 0)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_CLOSED,
                   "The meeting is closed.");
      return FALSE;
    }

  stmt = db_stmt (self,
                  "INSERT INTO attendance (meeting_id, account_id, present, checked_in_at) "
                  "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (meeting_id, account_id) "
                  "DO UPDATE SET present = ?3, checked_in_at = ?4", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  bind_text (stmt, 2, account->id);
  sqlite3_bind_int (stmt, 3, present ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!db_run (self, stmt, error))
    return FALSE;
  /* The record keeps every check-in and check-out; attendance only the latest. */
  stmt = db_stmt (self,
                  "INSERT INTO attendance_log (meeting_id, account_id, present, at) "
                  "VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  bind_text (stmt, 2, account->id);
  sqlite3_bind_int (stmt, 3, present ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!db_run (self, stmt, error))
    return FALSE;

  plenum_json_add_string (answer, "meeting_id", meeting_id);
  plenum_json_add_string (answer, "account_id", account->id);
  plenum_json_add_bool (answer, "present", present);
  plenum_json_add_time (answer, "checked_in_at", time);
  result->status = 200;
  result->response = plenum_json_print (answer);

  event_data = g_strdup_printf ("{\"account_id\":\"%s\",\"present\":%s,"
                                "\"checked_in_at\":\"%s\"}",
                                account->id, present ? "true" : "false", time_text);
  result->event = append_event (self, "attendance.changed", meeting_id, body_id, event_data,
                                now, retention, error);
  if (result->event == NULL)
    return FALSE;

  return plenum_server_db_operation_store (self, account->id, operation_id,
                                           "attendance.check_in", request_hash,
                                           result->status, result->response, now, error);
}

gboolean
plenum_server_db_check_in (PlenumServerDb              *self,
                           const char                  *meeting_id,
                           const PlenumServerAccount   *account,
                           gboolean                     present,
                           const char                  *operation_id,
                           const char                  *request_hash,
                           gint64                       now,
                           guint                        retention,
                           PlenumServerOperationResult *result,
                           GError                     **error)
{
  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  if (!plenum_server_db_begin (self, error))
    return FALSE;
  if (!check_in_locked (self, meeting_id, account, present, operation_id, request_hash, now,
                        retention, result, error))
    {
      plenum_server_db_rollback (self);
      plenum_server_operation_result_clear (result);
      return FALSE;
    }
  if (!plenum_server_db_commit (self, error))
    {
      plenum_server_operation_result_clear (result);
      return FALSE;
    }
  return TRUE;
}

cJSON *
plenum_server_db_attendance_json (PlenumServerDb            *self,
                                  const char                *meeting_id,
                                  const PlenumServerAccount *account,
                                  GError                   **error)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  cJSON *attendance;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  if (!visible_meeting (self, meeting_id, account, NULL, NULL, error))
    return NULL;

  plenum_json_add_string (root, "meeting_id", meeting_id);
  attendance = cJSON_AddArrayToObject (root, "attendance");
  stmt = db_stmt (self,
                  "SELECT a.id, a.display_name, t.present, t.checked_in_at "
                  "FROM attendance t JOIN accounts a ON a.id = t.account_id "
                  "WHERE t.meeting_id = ?1 ORDER BY t.checked_in_at, a.name", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, meeting_id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    {
      cJSON *row = cJSON_CreateObject ();

      add_column_string (row, "account_id", stmt, 0);
      add_column_string (row, "display_name", stmt, 1);
      plenum_json_add_bool (row, "present", sqlite3_column_int (stmt, 2) != 0);
      add_unix_time (row, "checked_in_at", sqlite3_column_int64 (stmt, 3));
      cJSON_AddItemToArray (attendance, row);
    }
  if (!ok)
    return NULL;
  return g_steal_pointer (&root);
}

/* The audit log: docs/protocol.md, "The record" */

gboolean
plenum_server_db_append_audit (PlenumServerDb  *self,
                               gint64           at_us,
                               const char      *account_id,
                               const char      *account_name,
                               const char      *role,
                               const char      *terminal_id,
                               const char      *method,
                               const char      *path,
                               guint            status,
                               const char      *meeting_id,
                               GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (method != NULL && path != NULL, FALSE);

  stmt = db_stmt (self,
                  "INSERT INTO audit_log (at_us, account_id, account_name, role, terminal_id, "
                  "  method, path, status, meeting_id) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, at_us);
  bind_text (stmt, 2, account_id);
  bind_text (stmt, 3, account_name);
  bind_text (stmt, 4, role);
  bind_text (stmt, 5, terminal_id);
  bind_text (stmt, 6, method);
  bind_text (stmt, 7, path);
  sqlite3_bind_int (stmt, 8, (int) status);
  bind_text (stmt, 9, meeting_id);
  return db_run (self, stmt, error);
}

cJSON *
plenum_server_db_audit_json (PlenumServerDb  *self,
                             gint64           since,
                             guint            limit,
                             const char      *meeting_id,
                             GError         **error)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  cJSON *entries;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;
  gint64 next_since = since;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  entries = cJSON_AddArrayToObject (root, "entries");
  /* The display name is the account's current one: the log keeps the id and the sign-in
   * name as they were. */
  stmt = db_stmt (self,
                  "SELECT l.seq, l.at_us, l.account_id, l.account_name, "
                  "  coalesce (a.display_name, l.account_name), "
                  "  l.role, l.terminal_id, l.method, l.path, l.status, l.meeting_id "
                  "FROM audit_log l LEFT JOIN accounts a ON a.id = l.account_id "
                  "WHERE l.seq > ?1 AND (?2 IS NULL OR l.meeting_id = ?2) "
                  "ORDER BY l.seq LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  bind_text (stmt, 2, meeting_id);
  sqlite3_bind_int64 (stmt, 3, limit);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    {
      cJSON *entry = cJSON_CreateObject ();
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 1)
                                                               / G_USEC_PER_SEC);

      next_since = sqlite3_column_int64 (stmt, 0);
      plenum_json_add_int64 (entry, "seq", next_since);
      plenum_json_add_time (entry, "at", at);
      if (sqlite3_column_type (stmt, 2) == SQLITE_NULL)
        cJSON_AddNullToObject (entry, "account");
      else
        {
          cJSON *account = cJSON_AddObjectToObject (entry, "account");

          add_column_string (account, "id", stmt, 2);
          add_column_string (account, "name", stmt, 3);
          add_column_string (account, "display_name", stmt, 4);
        }
      add_column_string (entry, "role", stmt, 5);
      add_column_string (entry, "terminal_id", stmt, 6);
      add_column_string (entry, "method", stmt, 7);
      add_column_string (entry, "path", stmt, 8);
      plenum_json_add_int64 (entry, "status", sqlite3_column_int64 (stmt, 9));
      add_column_string (entry, "meeting_id", stmt, 10);
      cJSON_AddItemToArray (entries, entry);
    }
  if (!ok)
    return NULL;
  plenum_json_add_int64 (root, "next_since", next_since);
  return g_steal_pointer (&root);
}

/* Annotations: docs/protocol.md, "Annotations" */

/* @meeting_id is visible to @account (a member or the secretariat; FORBIDDEN for a
 * terminal, NOT_FOUND otherwise); its body, and whether @account chairs it. */
static gboolean
annotation_viewer (PlenumServerDb             *self,
                   const char                 *meeting_id,
                   const PlenumServerAccount  *account,
                   char                      **body_id,
                   gboolean                   *is_chair,
                   GError                    **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (account->is_terminal)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_FORBIDDEN,
                   "Terminals do not read or write annotations.");
      return FALSE;
    }
  if (!visible_meeting (self, meeting_id, account, body_id, NULL, error))
    return FALSE;
  stmt = db_stmt (self, "SELECT chair_id FROM meetings WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  *is_chair = has_row && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0),
                                    account->id) == 0;
  if (has_row)
    sqlite3_reset (stmt);
  return TRUE;
}

/* The meeting a document id belongs to (any version of its packet): NOT_FOUND when
 * there is none or @account may not see it; FORBIDDEN for a terminal. Also gives the
 * meeting's body and whether @account chairs it. */
static gboolean
annotation_meeting (PlenumServerDb             *self,
                    const char                 *document_id,
                    const PlenumServerAccount  *account,
                    char                      **meeting_id,
                    char                      **body_id,
                    gboolean                   *is_chair,
                    GError                    **error)
{
  g_autofree char *meeting = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (account->is_terminal)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_FORBIDDEN,
                   "Terminals do not read or write annotations.");
      return FALSE;
    }
  stmt = db_stmt (self, "SELECT meeting_id FROM document_ids WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, document_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such document.");
      return FALSE;
    }
  meeting = column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (!annotation_viewer (self, meeting, account, body_id, is_chair, error))
    return FALSE;
  /* A closed-session document the member is not cleared for does not exist for them. */
  if (!is_secretary (account))
    {
      if (!plenum_server_db_document_readable (self, document_id, account, &has_row, error))
        return FALSE;
      if (!has_row)
        {
          g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                       "No such document.");
          return FALSE;
        }
    }
  *meeting_id = g_steal_pointer (&meeting);
  return TRUE;
}

/* The stored annotation @id: FALSE with *@found FALSE when there is none. */
typedef struct {
  char     *author_id;
  char     *document_id;
  gint64    revision;
  gboolean  deleted;
  char     *json;
} StoredAnnotation;

static void
stored_annotation_clear (StoredAnnotation *stored)
{
  g_clear_pointer (&stored->author_id, g_free);
  g_clear_pointer (&stored->document_id, g_free);
  g_clear_pointer (&stored->json, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoredAnnotation, stored_annotation_clear)

static gboolean
load_annotation (PlenumServerDb    *self,
                 const char        *id,
                 gboolean          *found,
                 StoredAnnotation  *stored,
                 GError           **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  *found = FALSE;
  stmt = db_stmt (self,
                  "SELECT author_id, document_id, revision, deleted, json FROM annotations "
                  "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return TRUE;
  *found = TRUE;
  stored->author_id = column_dup (stmt, 0);
  stored->document_id = column_dup (stmt, 1);
  stored->revision = sqlite3_column_int64 (stmt, 2);
  stored->deleted = sqlite3_column_int (stmt, 3) != 0;
  stored->json = column_dup (stmt, 4);
  sqlite3_reset (stmt);
  return TRUE;
}

/* The next annotation revision (one global counter). */
static gboolean
next_annotation_revision (PlenumServerDb  *self,
                          gint64          *revision,
                          GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  stmt = db_stmt (self,
                  "UPDATE annotation_revision SET latest = latest + 1 WHERE only = 1 "
                  "RETURNING latest", error);
  if (stmt == NULL)
    return FALSE;
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  g_assert (has_row);
  *revision = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* A tombstone as everyone may read it: the annotation without its content. */
static char *
annotation_tombstone_json (PlenumAnnotation *annotation)
{
  static const char * const content[] = { "strokes", "rects", "position", "text", "anchor" };
  g_autoptr(cJSON) node = NULL;

  plenum_annotation_set_deleted (annotation, TRUE);
  node = plenum_annotation_to_json (annotation);
  for (guint i = 0; i < G_N_ELEMENTS (content); i++)
    cJSON_DeleteItemFromObjectCaseSensitive (node, content[i]);
  return plenum_json_print (node);
}

static gboolean
write_annotation_locked (PlenumServerDb              *self,
                         PlenumAnnotation            *annotation,
                         gboolean                     delete,
                         gint64                       base_revision,
                         const PlenumServerAccount   *account,
                         const char                  *operation_id,
                         const char                  *request_hash,
                         gint64                       now,
                         guint                        retention,
                         PlenumServerOperationResult *result,
                         char                       **current,
                         GError                     **error)
{
  const char *id = plenum_annotation_get_id (annotation);
  g_autofree char *meeting_id = NULL;
  g_autofree char *body_id = NULL;
  g_autofree char *json = NULL;
  g_autofree char *event_data = NULL;
  g_auto(StoredAnnotation) stored = { 0 };
  PlenumAnnotationVisibility visibility;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  gboolean is_chair = FALSE;
  gint64 revision;

  if (!plenum_server_db_operation_lookup (self, account->id, operation_id, request_hash,
                                          &found, &result->status, &result->response, error))
    return FALSE;
  if (found)
    {
      result->replayed = TRUE;
      return TRUE;
    }

  if (!load_annotation (self, id, &found, &stored, error))
    return FALSE;
  if (found && g_strcmp0 (stored.author_id, account->id) != 0)
    {
      /* Someone else's: it does not exist for this caller. */
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such annotation.");
      return FALSE;
    }
  if (!found && delete)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such annotation.");
      return FALSE;
    }
  if (!annotation_meeting (self, found ? stored.document_id
                                       : plenum_annotation_get_document_id (annotation),
                           account, &meeting_id, &body_id, &is_chair, error))
    return FALSE;
  if (found && !delete &&
      g_strcmp0 (stored.document_id, plenum_annotation_get_document_id (annotation)) != 0)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_INVALID,
                   "annotation.document_id: an annotation stays on its document");
      return FALSE;
    }
  if (found && stored.revision != base_revision)
    {
      *current = g_steal_pointer (&stored.json);
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_CONFLICT,
                   "The annotation was changed since revision %" G_GINT64_FORMAT
                   "; it is now at revision %" G_GINT64_FORMAT ".", base_revision,
                   stored.revision);
      return FALSE;
    }

  if (delete && stored.deleted)
    {
      /* Deleting a tombstone again: the same answer, nothing changes. */
      result->status = 200;
      result->response = g_steal_pointer (&stored.json);
      return plenum_server_db_operation_store (self, account->id, operation_id,
                                               "annotation.delete", request_hash,
                                               result->status, result->response, now, error);
    }

  if (!next_annotation_revision (self, &revision, error))
    return FALSE;
  plenum_annotation_set_revision (annotation, revision);
  visibility = plenum_annotation_get_visibility (annotation);
  if (delete)
    json = annotation_tombstone_json (annotation);
  else
    {
      g_autoptr(cJSON) node = plenum_annotation_to_json (annotation);

      json = plenum_json_print (node);
    }

  stmt = db_stmt (self,
                  "INSERT INTO annotations (id, meeting_id, document_id, author_id, visibility,"
                  "  ever_shared, ever_chair, revision, deleted, json) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                  "ON CONFLICT (id) DO UPDATE SET visibility = ?5,"
                  "  ever_shared = ever_shared OR ?6, ever_chair = ever_chair OR ?7,"
                  "  revision = ?8, deleted = ?9, json = ?10", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, meeting_id);
  bind_text (stmt, 3, plenum_annotation_get_document_id (annotation));
  bind_text (stmt, 4, account->id);
  bind_text (stmt, 5, plenum_annotation_visibility_to_string (visibility));
  sqlite3_bind_int (stmt, 6, visibility == PLENUM_ANNOTATION_MEETING);
  sqlite3_bind_int (stmt, 7, visibility == PLENUM_ANNOTATION_CHAIR);
  sqlite3_bind_int64 (stmt, 8, revision);
  sqlite3_bind_int (stmt, 9, delete ? 1 : 0);
  bind_text (stmt, 10, json);
  if (!db_run (self, stmt, error))
    return FALSE;

  result->status = 200;
  result->response = g_steal_pointer (&json);
  event_data = g_strdup_printf ("{\"revision\":%" G_GINT64_FORMAT "}", revision);
  result->event = append_event (self, "annotations.changed", meeting_id, body_id, event_data,
                                now, retention, error);
  if (result->event == NULL)
    return FALSE;
  return plenum_server_db_operation_store (self, account->id, operation_id,
                                           delete ? "annotation.delete" : "annotation.put",
                                           request_hash, result->status, result->response,
                                           now, error);
}

gboolean
plenum_server_db_write_annotation (PlenumServerDb              *self,
                                   PlenumAnnotation            *annotation,
                                   gboolean                     delete,
                                   gint64                       base_revision,
                                   const PlenumServerAccount   *account,
                                   const char                  *operation_id,
                                   const char                  *request_hash,
                                   gint64                       now,
                                   guint                        retention,
                                   PlenumServerOperationResult *result,
                                   char                       **current,
                                   GError                     **error)
{
  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (annotation), FALSE);
  g_return_val_if_fail (account != NULL && result != NULL && current != NULL, FALSE);

  memset (result, 0, sizeof *result);
  *current = NULL;
  if (!plenum_server_db_begin (self, error))
    return FALSE;
  if (!write_annotation_locked (self, annotation, delete, base_revision, account,
                                operation_id, request_hash, now, retention, result, current,
                                error))
    {
      plenum_server_db_rollback (self);
      plenum_server_operation_result_clear (result);
      return FALSE;
    }
  if (!plenum_server_db_commit (self, error))
    {
      plenum_server_operation_result_clear (result);
      g_clear_pointer (current, g_free);
      return FALSE;
    }
  return TRUE;
}

gboolean
plenum_server_db_load_annotation (PlenumServerDb             *self,
                                  const char                 *id,
                                  const PlenumServerAccount  *account,
                                  PlenumAnnotation          **annotation,
                                  GError                    **error)
{
  g_auto(StoredAnnotation) stored = { 0 };
  g_autoptr(cJSON) node = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);

  *annotation = NULL;
  if (!load_annotation (self, id, &found, &stored, error))
    return FALSE;
  if (!found || g_strcmp0 (stored.author_id, account->id) != 0)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such annotation.");
      return FALSE;
    }
  node = plenum_json_parse (stored.json, -1, error);
  if (node == NULL)
    return FALSE;
  *annotation = plenum_annotation_new_from_json (node, "annotation", error);
  return *annotation != NULL;
}

#define ANNOTATION_FEED_PAGE 500

cJSON *
plenum_server_db_annotations_json (PlenumServerDb            *self,
                                   const char                *meeting_id,
                                   const PlenumServerAccount *account,
                                   gint64                     since,
                                   GError                   **error)
{
  g_autoptr(cJSON) root = NULL;
  g_autofree char *body_id = NULL;
  cJSON *list;
  sqlite3_stmt *stmt;
  gboolean is_chair = FALSE;
  gboolean has_row, ok;
  gint64 latest = since;
  guint n = 0;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  if (!annotation_viewer (self, meeting_id, account, &body_id, &is_chair, error))
    return NULL;

  root = cJSON_CreateObject ();
  list = cJSON_AddArrayToObject (root, "annotations");
  /* What the caller may see now in full; what it could see once and may no longer (made
   * private, or deleted, or on a closed-session document the caller is not cleared for)
   * as a tombstone without content; nothing of the rest. */
  stmt = db_stmt (self,
                  "SELECT revision, json, deleted,"
                  "  author_id = ?3 OR ((visibility = 'meeting' OR (visibility = 'chair' AND ?4))"
                  "    AND (?6 OR " DOCUMENT_READABLE_SQL ("annotations.document_id") ")) AS sees "
                  "FROM annotations WHERE meeting_id = ?1 AND revision > ?2 AND"
                  "  (author_id = ?3 OR ever_shared OR (ever_chair AND ?4)) "
                  "ORDER BY revision LIMIT ?5", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, since);
  bind_text (stmt, 3, account->id);
  sqlite3_bind_int (stmt, 4, is_chair ? 1 : 0);
  sqlite3_bind_int (stmt, 5, ANNOTATION_FEED_PAGE + 1);
  sqlite3_bind_int (stmt, 6, is_secretary (account));
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    {
      const char *json = (const char *) sqlite3_column_text (stmt, 1);
      gboolean sees = sqlite3_column_int (stmt, 3) != 0;
      g_autoptr(cJSON) node = NULL;

      if (n == ANNOTATION_FEED_PAGE)
        {
          sqlite3_reset (stmt);
          break;
        }
      n++;
      latest = sqlite3_column_int64 (stmt, 0);
      node = plenum_json_parse (json, -1, NULL);
      if (node == NULL)
        continue;  /* written by this server from a checked model: cannot happen */
      if (!sees && sqlite3_column_int (stmt, 2) == 0)
        {
          g_autoptr(PlenumAnnotation) annotation =
            plenum_annotation_new_from_json (node, "annotation", NULL);
          g_autofree char *tombstone = NULL;

          if (annotation == NULL)
            continue;
          tombstone = annotation_tombstone_json (annotation);
          g_clear_pointer (&node, cJSON_Delete);
          node = plenum_json_parse (tombstone, -1, NULL);
        }
      cJSON_AddItemToArray (list, g_steal_pointer (&node));
    }
  if (!ok)
    return NULL;
  cJSON_AddItemToObject (root, "revision", cJSON_CreateNumber ((double) latest));
  plenum_json_add_bool (root, "more", n == ANNOTATION_FEED_PAGE && has_row);
  return g_steal_pointer (&root);
}

/* Votes: docs/protocol.md, "Votes" */

#define MOTION_OPTIONS 3

typedef struct {
  char     *meeting_id;
  char     *item_id;
  gboolean  secret;
  gboolean  candidates;
  guint     max_choices;
  guint     n_options;
  gboolean  of_members;
  gboolean  changeable;
  char     *state;
} StoredVote;

static void
stored_vote_clear (StoredVote *vote)
{
  g_clear_pointer (&vote->meeting_id, g_free);
  g_clear_pointer (&vote->item_id, g_free);
  g_clear_pointer (&vote->state, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoredVote, stored_vote_clear)

static gboolean
vote_error (GError     **error,
            int          code,
            const char  *message)
{
  g_set_error_literal (error, PLENUM_SERVER_DB_ERROR, code, message);
  return FALSE;
}

/* The meeting's body, status and whether @account chairs it; NOT_FOUND as for
 * visible_meeting(). */
static gboolean
vote_meeting (PlenumServerDb             *self,
              const char                 *meeting_id,
              const PlenumServerAccount  *account,
              char                      **body_id,
              char                      **status,
              gboolean                   *is_chair,
              GError                    **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (!visible_meeting (self, meeting_id, account, body_id, status, error))
    return FALSE;
  stmt = db_stmt (self, "SELECT chair_id FROM meetings WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  *is_chair = has_row && !account->is_terminal &&
              g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), account->id) == 0;
  if (has_row)
    sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
load_vote (PlenumServerDb  *self,
           const char      *meeting_id,
           const char      *vote_id,
           StoredVote      *vote,
           GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  stmt = db_stmt (self,
                  "SELECT item_id, kind, form, max_choices, majority, changeable, state, "
                  "  (SELECT count(*) FROM vote_options o WHERE o.vote_id = v.id) "
                  "FROM votes v WHERE id = ?1 AND meeting_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, vote_id);
  bind_text (stmt, 2, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_NOT_FOUND, "No such vote.");
  vote->meeting_id = g_strdup (meeting_id);
  vote->item_id = column_dup (stmt, 0);
  vote->secret = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "secret") == 0;
  vote->candidates = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2),
                                "candidates") == 0;
  vote->max_choices = (guint) sqlite3_column_int (stmt, 3);
  vote->of_members = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 4), "members") == 0;
  vote->changeable = sqlite3_column_int (stmt, 5) != 0;
  vote->state = column_dup (stmt, 6);
  vote->n_options = (guint) sqlite3_column_int (stmt, 7);
  sqlite3_reset (stmt);
  return TRUE;
}

/* The counts every rule is computed from (docs/protocol.md, "Quorum and majority"):
 * @eligible = members of the body without a conflict of interest on @item_id; @present =
 * those of them checked in to the meeting, or who have a ballot in @vote_id (may be
 * NULL). */
static gboolean
vote_basis (PlenumServerDb  *self,
            const char      *meeting_id,
            const char      *body_id,
            const char      *item_id,
            const char      *vote_id,
            gint64          *eligible,
            gint64          *present,
            GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  stmt = db_stmt (self,
                  "SELECT count(*), coalesce (sum ("
                  "    EXISTS (SELECT 1 FROM attendance t WHERE t.meeting_id = ?3 "
                  "            AND t.account_id = m.account_id AND t.present = 1) "
                  "    OR EXISTS (SELECT 1 FROM vote_voters v WHERE v.vote_id = ?4 "
                  "               AND v.account_id = m.account_id)), 0) "
                  "FROM body_members m WHERE m.body_id = ?1 AND NOT EXISTS ("
                  "  SELECT 1 FROM item_conflicts c WHERE c.item_id = ?2 "
                  "  AND c.account_id = m.account_id)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, body_id);
  bind_text (stmt, 2, item_id);
  bind_text (stmt, 3, meeting_id);
  bind_text (stmt, 4, vote_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  *eligible = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  *present = has_row ? sqlite3_column_int64 (stmt, 1) : 0;
  if (has_row)
    sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
has_conflict (PlenumServerDb  *self,
              const char      *item_id,
              const char      *account_id,
              gboolean        *conflict,
              GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = db_stmt (self, "SELECT 1 FROM item_conflicts WHERE item_id = ?1 AND account_id = ?2",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, item_id);
  bind_text (stmt, 2, account_id);
  if (!db_step (self, stmt, conflict, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

/* The result from the counts per option: docs/protocol.md, "Quorum and majority". */
static cJSON *
vote_result_json (const StoredVote *vote,
                  const gint64     *counts,
                  gint64            ballots,
                  gint64            eligible,
                  gint64            present,
                  gboolean          show_of_hands)
{
  cJSON *result = cJSON_CreateObject ();
  cJSON *array = cJSON_AddArrayToObject (result, "counts");
  gint64 basis = vote->of_members ? eligible : present;
  gint64 needed = basis / 2 + 1;
  gboolean passed;

  for (guint i = 0; i < vote->n_options; i++)
    cJSON_AddItemToArray (array, cJSON_CreateNumber ((double) counts[i]));
  plenum_json_add_int64 (result, "ballots", ballots);
  plenum_json_add_int64 (result, "eligible", eligible);
  plenum_json_add_int64 (result, "present", present);
  plenum_json_add_int64 (result, "basis", basis);
  plenum_json_add_int64 (result, "needed", needed);

  if (!vote->candidates)
    passed = counts[0] >= needed;
  else
    {
      g_autofree guint *order = g_new (guint, vote->n_options);
      cJSON *elected = cJSON_CreateArray ();
      guint n_qualified = 0;
      guint n_elected;

      /* The candidates with a majority, most votes first (insertion sort: a handful). */
      for (guint i = 0; i < vote->n_options; i++)
        {
          guint j = n_qualified;

          if (counts[i] < needed)
            continue;
          while (j > 0 && counts[order[j - 1]] < counts[i])
            {
              order[j] = order[j - 1];
              j--;
            }
          order[j] = i;
          n_qualified++;
        }
      /* More qualify than there are seats: those tied for the last seat are not elected
       * (the body decides how to break the tie, e.g. by another vote). */
      n_elected = MIN (n_qualified, vote->max_choices);
      if (n_qualified > n_elected)
        {
          gint64 cut = counts[order[n_elected]];

          while (n_elected > 0 && counts[order[n_elected - 1]] == cut)
            n_elected--;
        }
      for (guint i = 0; i < n_elected; i++)
        cJSON_AddItemToArray (elected, cJSON_CreateNumber (order[i]));
      cJSON_AddItemToObject (result, "elected", elected);
      passed = n_elected > 0;
    }
  plenum_json_add_bool (result, "passed", passed);
  plenum_json_add_bool (result, "show_of_hands", show_of_hands);
  return result;
}

/* The Vote object (docs/protocol.md, "Votes") of the current row of a statement that
 * selects VOTE_COLUMNS. */
#define VOTE_COLUMNS \
  "id, meeting_id, item_id, title, kind, form, max_choices, majority, quorum_required, " \
  "changeable, state, opened_at, closed_at, result"

static cJSON *
vote_from_row (PlenumServerDb  *self,
               sqlite3_stmt    *row,
               GError         **error)
{
  g_autoptr(cJSON) vote = cJSON_CreateObject ();
  g_autofree char *id = column_dup (row, 0);
  gboolean secret = g_strcmp0 ((const char *) sqlite3_column_text (row, 4), "secret") == 0;
  gboolean closed = g_strcmp0 ((const char *) sqlite3_column_text (row, 10), "open") != 0;
  const char *result = (const char *) sqlite3_column_text (row, 13);
  cJSON *options;
  cJSON *voters = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;
  gint64 voted = 0;

  add_column_string (vote, "id", row, 0);
  add_column_string (vote, "meeting_id", row, 1);
  add_column_string (vote, "item_id", row, 2);
  add_column_string (vote, "title", row, 3);
  add_column_string (vote, "kind", row, 4);
  add_column_string (vote, "form", row, 5);
  options = cJSON_AddArrayToObject (vote, "options");
  plenum_json_add_int64 (vote, "max_choices", sqlite3_column_int64 (row, 6));
  add_column_string (vote, "majority", row, 7);
  plenum_json_add_bool (vote, "quorum_required", sqlite3_column_int (row, 8) != 0);
  plenum_json_add_bool (vote, "changeable", sqlite3_column_int (row, 9) != 0);
  add_column_string (vote, "state", row, 10);
  add_unix_time (vote, "opened_at", sqlite3_column_int64 (row, 11));
  if (sqlite3_column_type (row, 12) == SQLITE_NULL)
    plenum_json_add_time (vote, "closed_at", NULL);
  else
    add_unix_time (vote, "closed_at", sqlite3_column_int64 (row, 12));
  if (result != NULL)
    cJSON_AddItemToObject (vote, "result", plenum_json_parse (result, -1, NULL));
  else
    cJSON_AddNullToObject (vote, "result");

  stmt = db_stmt (self, "SELECT label FROM vote_options WHERE vote_id = ?1 ORDER BY position",
                  error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    cJSON_AddItemToArray (options,
                          cJSON_CreateString ((const char *) sqlite3_column_text (stmt, 0)));
  if (!ok)
    return NULL;

  /* Who voted: names for an open vote (with their choices once it is over), only how
   * many for a secret one. */
  if (!secret)
    voters = cJSON_AddArrayToObject (vote, "voters");
  stmt = db_stmt (self,
                  "SELECT a.id, a.display_name, b.choice FROM vote_voters v "
                  "JOIN accounts a ON a.id = v.account_id "
                  "LEFT JOIN open_ballots b ON b.vote_id = v.vote_id AND b.account_id = a.id "
                  "WHERE v.vote_id = ?1 ORDER BY a.name", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    {
      voted++;
      if (voters != NULL)
        {
          cJSON *voter = cJSON_CreateObject ();

          add_column_string (voter, "account_id", stmt, 0);
          add_column_string (voter, "display_name", stmt, 1);
          if (closed && sqlite3_column_type (stmt, 2) != SQLITE_NULL)
            {
              g_auto(GStrv) parts = g_strsplit ((const char *) sqlite3_column_text (stmt, 2),
                                                ",", -1);
              cJSON *choices = cJSON_AddArrayToObject (voter, "choices");

              for (guint i = 0; parts[i] != NULL; i++)
                if (parts[i][0] != '\0')
                  cJSON_AddItemToArray (choices,
                                        cJSON_CreateNumber (g_ascii_strtod (parts[i], NULL)));
            }
          cJSON_AddItemToArray (voters, voter);
        }
    }
  if (!ok)
    return NULL;
  plenum_json_add_int64 (vote, "voted", voted);
  return g_steal_pointer (&vote);
}

static cJSON *
load_vote_json (PlenumServerDb  *self,
                const char      *vote_id,
                GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  cJSON *vote;

  stmt = db_stmt (self, "SELECT " VOTE_COLUMNS " FROM votes WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, vote_id);
  if (!db_step (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      vote_error (error, PLENUM_SERVER_DB_ERROR_NOT_FOUND, "No such vote.");
      return NULL;
    }
  vote = vote_from_row (self, stmt, error);
  sqlite3_reset (stmt);
  return vote;
}

/* Ends the transaction a *_locked() call ran in: commits when it @applied, else rolls
 * back; @result is cleared whenever the whole fails. */
gboolean
plenum_server_db_end_transaction (PlenumServerDb              *self,
                                  gboolean                     applied,
                                  PlenumServerOperationResult *result,
                                  GError                     **error)
{
  if (!applied)
    {
      plenum_server_db_rollback (self);
      plenum_server_operation_result_clear (result);
      return FALSE;
    }
  if (!plenum_server_db_commit (self, error))
    {
      plenum_server_operation_result_clear (result);
      return FALSE;
    }
  return TRUE;
}

/* Looks up the operation: TRUE with result->replayed set when it was applied before. */
gboolean
plenum_server_db_replayed (PlenumServerDb              *self,
                           const PlenumServerAccount   *account,
                           const char                  *operation_id,
                           const char                  *request_hash,
                           PlenumServerOperationResult *result,
                           GError                     **error)
{
  gboolean found = FALSE;

  if (!plenum_server_db_operation_lookup (self, account->id, operation_id, request_hash,
                                          &found, &result->status, &result->response, error))
    return FALSE;
  result->replayed = found;
  return TRUE;
}

/* Stores the answer and its event: the end of every applied operation. */
gboolean
plenum_server_db_finish_operation (PlenumServerDb              *self,
                                   const PlenumServerAccount   *account,
                                   const char                  *operation_id,
                                   const char                  *kind,
                                   const char                  *request_hash,
                                   guint                        status,
                                   cJSON                       *answer,
                                   const char                  *event_type,
                                   const char                  *meeting_id,
                                   const char                  *body_id,
                                   cJSON                       *event_data,
                                   gint64                       now,
                                   guint                        retention,
                                   PlenumServerOperationResult *result,
                                   GError                     **error)
{
  g_autofree char *data = plenum_json_print (event_data);

  result->status = status;
  result->response = plenum_json_print (answer);
  result->event = append_event (self, event_type, meeting_id, body_id, data, now, retention,
                                error);
  if (result->event == NULL)
    return FALSE;
  return plenum_server_db_operation_store (self, account->id, operation_id, kind,
                                           request_hash, status, result->response, now,
                                           error);
}

static gboolean
open_vote_locked (PlenumServerDb              *self,
                  const char                  *meeting_id,
                  const PlenumServerVoteSpec  *spec,
                  const PlenumServerAccount   *account,
                  const char                  *operation_id,
                  const char                  *request_hash,
                  gint64                       now,
                  guint                        retention,
                  PlenumServerOperationResult *result,
                  GError                     **error)
{
  static const char * const motion[] = { "for", "against", "abstain", NULL };
  const char * const *options = spec->candidates != NULL ? spec->candidates : motion;
  g_autofree char *body_id = NULL;
  g_autofree char *status = NULL;
  g_autofree char *vote_id = NULL;
  g_autoptr(cJSON) vote = NULL;
  g_autoptr(cJSON) data = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean is_chair = FALSE;
  gint64 eligible = 0;
  gint64 present = 0;
  guint n_options = g_strv_length ((char **) options);

  if (!plenum_server_db_replayed (self, account, operation_id, request_hash, result, error))
    return FALSE;
  if (result->replayed)
    return TRUE;

  if (!vote_meeting (self, meeting_id, account, &body_id, &status, &is_chair, error))
    return FALSE;
  if (!is_chair)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_FORBIDDEN,
                       "Only the meeting's chair opens a vote.");
  if (g_strcmp0 (status, "closed") == 0)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_CLOSED, "The meeting is closed.");
  if (spec->candidates != NULL &&
      (n_options < 1 || spec->max_choices < 1 || spec->max_choices > n_options))
    return vote_error (error, PLENUM_SERVER_DB_ERROR_INVALID,
                       "max_choices: between 1 and the number of candidates");

  stmt = db_stmt (self, "SELECT 1 FROM agenda_items WHERE id = ?1 AND meeting_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, spec->item_id);
  bind_text (stmt, 2, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  sqlite3_reset (stmt);
  if (!has_row)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_NOT_FOUND, "No such agenda item.");

  stmt = db_stmt (self, "SELECT 1 FROM votes WHERE meeting_id = ?1 AND state = 'open'", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  sqlite3_reset (stmt);
  if (has_row)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_VOTE_IN_PROGRESS,
                       "Another vote of this meeting is open; close or annul it first.");

  if (!vote_basis (self, meeting_id, body_id, spec->item_id, NULL, &eligible, &present, error))
    return FALSE;
  if (spec->quorum_required && !(2 * present > eligible))
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NO_QUORUM,
                   "No quorum: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                   " members are present; more than half must be.", present, eligible);
      return FALSE;
    }

  vote_id = g_uuid_string_random ();
  stmt = db_stmt (self,
                  "INSERT INTO votes (id, meeting_id, item_id, title, kind, form, max_choices, "
                  "  majority, quorum_required, changeable, state, opened_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'open', ?11)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, vote_id);
  bind_text (stmt, 2, meeting_id);
  bind_text (stmt, 3, spec->item_id);
  bind_text (stmt, 4, spec->title);
  bind_text (stmt, 5, spec->secret ? "secret" : "open");
  bind_text (stmt, 6, spec->candidates != NULL ? "candidates" : "motion");
  sqlite3_bind_int (stmt, 7, spec->candidates != NULL ? (int) spec->max_choices : 1);
  bind_text (stmt, 8, spec->majority_of_members ? "members" : "present");
  sqlite3_bind_int (stmt, 9, spec->quorum_required ? 1 : 0);
  sqlite3_bind_int (stmt, 10, spec->changeable ? 1 : 0);
  sqlite3_bind_int64 (stmt, 11, now);
  if (!db_run (self, stmt, error))
    return FALSE;
  stmt = db_stmt (self, "INSERT INTO vote_options (vote_id, position, label) VALUES (?1, ?2, ?3)",
                  error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_options; i++)
    {
      bind_text (stmt, 1, vote_id);
      sqlite3_bind_int (stmt, 2, (int) i);
      bind_text (stmt, 3, options[i]);
      if (!db_run (self, stmt, error))
        return FALSE;
    }

  vote = load_vote_json (self, vote_id, error);
  if (vote == NULL)
    return FALSE;
  data = cJSON_CreateObject ();
  cJSON_AddItemToObject (data, "vote", cJSON_Duplicate (vote, TRUE));
  return plenum_server_db_finish_operation (self, account, operation_id, "vote.open",
                                            request_hash, 201, vote, "vote.opened", meeting_id,
                                            body_id, data, now, retention, result, error);
}

gboolean
plenum_server_db_open_vote (PlenumServerDb              *self,
                            const char                  *meeting_id,
                            const PlenumServerVoteSpec  *spec,
                            const PlenumServerAccount   *account,
                            const char                  *operation_id,
                            const char                  *request_hash,
                            gint64                       now,
                            guint                        retention,
                            PlenumServerOperationResult *result,
                            GError                     **error)
{
  gboolean applied;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (spec != NULL && account != NULL && result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  if (!plenum_server_db_begin (self, error))
    return FALSE;
  applied = open_vote_locked (self, meeting_id, spec, account, operation_id, request_hash, now,
                              retention, result, error);
  return plenum_server_db_end_transaction (self, applied, result, error);
}

/* The choices as stored: ascending positions, comma-separated ("" for a blank ballot). */
static char *
choice_text (const gint64 *choices,
             guint         n_choices)
{
  g_autofree gint64 *sorted = g_memdup2 (choices, n_choices * sizeof *choices);
  GString *text = g_string_new (NULL);

  for (guint i = 1; i < n_choices; i++)
    for (guint j = i; j > 0 && sorted[j - 1] > sorted[j]; j--)
      {
        gint64 t = sorted[j];

        sorted[j] = sorted[j - 1];
        sorted[j - 1] = t;
      }
  for (guint i = 0; i < n_choices; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", sorted[i]);
  return g_string_free (text, FALSE);
}

static gboolean
cast_ballot_locked (PlenumServerDb              *self,
                    const char                  *meeting_id,
                    const char                  *vote_id,
                    const PlenumServerAccount   *account,
                    const gint64                *choices,
                    guint                        n_choices,
                    const char                  *receipt,
                    const char                  *operation_id,
                    const char                  *request_hash,
                    gint64                       now,
                    guint                        retention,
                    PlenumServerOperationResult *result,
                    GError                     **error)
{
  g_auto(StoredVote) vote = { 0 };
  g_autofree char *body_id = NULL;
  g_autofree char *choice = NULL;
  g_autoptr(cJSON) answer = cJSON_CreateObject ();
  g_autoptr(cJSON) data = cJSON_CreateObject ();
  sqlite3_stmt *stmt;
  gboolean member = FALSE;
  gboolean conflict = FALSE;
  gboolean voted = FALSE;
  gboolean replaced = FALSE;
  gboolean has_row;
  gint64 n_voted = 0;

  if (!plenum_server_db_replayed (self, account, operation_id, request_hash, result, error))
    return FALSE;
  if (result->replayed)
    return TRUE;

  if (!visible_meeting (self, meeting_id, account, &body_id, NULL, error) ||
      !load_vote (self, meeting_id, vote_id, &vote, error))
    return FALSE;
  if (account->is_terminal ||
      !account_in_body (self, account->id, body_id, &member, error) || !member)
    {
      if (error == NULL || *error == NULL)
        vote_error (error, PLENUM_SERVER_DB_ERROR_FORBIDDEN,
                    "Only members of the meeting's body vote.");
      return FALSE;
    }
  if (!has_conflict (self, vote.item_id, account->id, &conflict, error))
    return FALSE;
  if (conflict)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_CONFLICT_OF_INTEREST,
                       "You declared a conflict of interest on this item: you do not vote "
                       "on it.");
  if (g_strcmp0 (vote.state, "annulled") == 0)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_VOTE_CLOSED,
                       "The vote was annulled before this ballot arrived; it was not "
                       "counted.");
  if (g_strcmp0 (vote.state, "open") != 0)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_VOTE_CLOSED,
                       "The vote closed before this ballot arrived; it was not counted.");

  if (vote.secret != (receipt != NULL))
    return vote_error (error, PLENUM_SERVER_DB_ERROR_INVALID,
                       vote.secret ? "receipt: a secret ballot needs one"
                                   : "receipt: only a secret ballot has one");
  if (!vote.candidates ? n_choices != 1 : n_choices > vote.max_choices)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_INVALID,
                       !vote.candidates ? "choices: exactly one option"
                                        : "choices: more than the vote allows");
  for (guint i = 0; i < n_choices; i++)
    {
      if (choices[i] < 0 || choices[i] >= (gint64) vote.n_options)
        return vote_error (error, PLENUM_SERVER_DB_ERROR_INVALID,
                           "choices: not an option of the vote");
      for (guint j = 0; j < i; j++)
        if (choices[j] == choices[i])
          return vote_error (error, PLENUM_SERVER_DB_ERROR_INVALID,
                             "choices: an option twice");
    }

  stmt = db_stmt (self, "SELECT 1 FROM vote_voters WHERE vote_id = ?1 AND account_id = ?2",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, vote_id);
  bind_text (stmt, 2, account->id);
  if (!db_step (self, stmt, &voted, error))
    return FALSE;
  sqlite3_reset (stmt);
  if (voted && !vote.changeable)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_ALREADY_VOTED,
                       "You have voted already; this vote does not allow changing a ballot.");

  choice = choice_text (choices, n_choices);
  if (vote.secret)
    {
      /* Only the receipt's hash is stored, and nothing beside the choice says whose it
       * is. Replacing needs the first ballot's receipt, which only the voter's terminal
       * holds. */
      guint8 key[32];
      gsize key_length = sizeof key;
      GChecksum *checksum = g_checksum_new (G_CHECKSUM_SHA256);

      g_checksum_update (checksum, (const guchar *) receipt, (gssize) strlen (receipt));
      g_checksum_get_digest (checksum, key, &key_length);
      g_checksum_free (checksum);

      if (voted)
        {
          stmt = db_stmt (self,
                          "UPDATE secret_choices SET choice = ?3 "
                          "WHERE vote_id = ?1 AND ballot_key = ?2", error);
          if (stmt == NULL)
            return FALSE;
          bind_text (stmt, 1, vote_id);
          sqlite3_bind_blob (stmt, 2, key, sizeof key, SQLITE_TRANSIENT);
          bind_text (stmt, 3, choice);
          if (!db_run (self, stmt, error))
            return FALSE;
          memset (key, 0, sizeof key);
          if (sqlite3_changes (self->handle) != 1)
            return vote_error (error, PLENUM_SERVER_DB_ERROR_ALREADY_VOTED,
                               "You have voted already; to change a secret ballot, send "
                               "the receipt of your first one.");
          replaced = TRUE;
        }
      else
        {
          stmt = db_stmt (self,
                          "INSERT INTO secret_choices (vote_id, ballot_key, choice) "
                          "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", error);
          if (stmt == NULL)
            return FALSE;
          bind_text (stmt, 1, vote_id);
          sqlite3_bind_blob (stmt, 2, key, sizeof key, SQLITE_TRANSIENT);
          bind_text (stmt, 3, choice);
          if (!db_run (self, stmt, error))
            return FALSE;
          memset (key, 0, sizeof key);
          if (sqlite3_changes (self->handle) != 1)
            return vote_error (error, PLENUM_SERVER_DB_ERROR_CONFLICT,
                               "receipt: already used; make a new random one");
        }
    }
  else
    {
      stmt = db_stmt (self,
                      "INSERT INTO open_ballots (vote_id, account_id, choice) "
                      "VALUES (?1, ?2, ?3) ON CONFLICT (vote_id, account_id) "
                      "DO UPDATE SET choice = ?3", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, vote_id);
      bind_text (stmt, 2, account->id);
      bind_text (stmt, 3, choice);
      if (!db_run (self, stmt, error))
        return FALSE;
      replaced = voted;
    }

  stmt = db_stmt (self,
                  "INSERT INTO vote_voters (vote_id, account_id) VALUES (?1, ?2) "
                  "ON CONFLICT DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, vote_id);
  bind_text (stmt, 2, account->id);
  if (!db_run (self, stmt, error))
    return FALSE;
  stmt = db_stmt (self, "SELECT count(*) FROM vote_voters WHERE vote_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, vote_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  n_voted = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  if (has_row)
    sqlite3_reset (stmt);

  /* The answer and the idempotency record say that this member voted, never what. */
  plenum_json_add_string (answer, "vote_id", vote_id);
  plenum_json_add_string (answer, "account_id", account->id);
  plenum_json_add_bool (answer, "counted", TRUE);
  plenum_json_add_bool (answer, "replaced", replaced);

  plenum_json_add_string (data, "vote_id", vote_id);
  if (!vote.secret)
    plenum_json_add_string (data, "account_id", account->id);
  plenum_json_add_int64 (data, "voted", n_voted);
  return plenum_server_db_finish_operation (self, account, operation_id, "vote.ballot",
                                            request_hash, 200, answer, "vote.ballot", meeting_id,
                                            body_id, data, now, retention, result, error);
}

gboolean
plenum_server_db_cast_ballot (PlenumServerDb              *self,
                              const char                  *meeting_id,
                              const char                  *vote_id,
                              const PlenumServerAccount   *account,
                              const gint64                *choices,
                              guint                        n_choices,
                              const char                  *receipt,
                              const char                  *operation_id,
                              const char                  *request_hash,
                              gint64                       now,
                              guint                        retention,
                              PlenumServerOperationResult *result,
                              GError                     **error)
{
  gboolean applied;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (account != NULL && result != NULL, FALSE);
  g_return_val_if_fail (choices != NULL || n_choices == 0, FALSE);

  memset (result, 0, sizeof *result);
  if (!plenum_server_db_begin (self, error))
    return FALSE;
  applied = cast_ballot_locked (self, meeting_id, vote_id, account, choices, n_choices, receipt,
                                operation_id, request_hash, now, retention, result, error);
  return plenum_server_db_end_transaction (self, applied, result, error);
}

/* Counts the stored ballots of @vote into @counts (one per option). */
static gboolean
count_ballots (PlenumServerDb    *self,
               const char        *vote_id,
               const StoredVote  *vote,
               gint64            *counts,
               gint64            *ballots,
               GError           **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  stmt = db_stmt (self,
                  vote->secret ? "SELECT choice FROM secret_choices WHERE vote_id = ?1"
                               : "SELECT choice FROM open_ballots WHERE vote_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, vote_id);
  *ballots = 0;
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    {
      g_auto(GStrv) parts = g_strsplit ((const char *) sqlite3_column_text (stmt, 0), ",", -1);

      (*ballots)++;
      for (guint i = 0; parts[i] != NULL; i++)
        {
          guint64 position;

          if (parts[i][0] != '\0' &&
              g_ascii_string_to_unsigned (parts[i], 10, 0, vote->n_options - 1, &position,
                                          NULL))
            counts[position]++;
        }
    }
  return ok;
}

static gboolean
end_vote_locked (PlenumServerDb              *self,
                 const char                  *meeting_id,
                 const char                  *vote_id,
                 PlenumVoteEnd                end,
                 const gint64                *hands,
                 guint                        n_hands,
                 const PlenumServerAccount   *account,
                 const char                  *operation_id,
                 const char                  *request_hash,
                 gint64                       now,
                 guint                        retention,
                 PlenumServerOperationResult *result,
                 gboolean                    *scrub,
                 GError                     **error)
{
  g_auto(StoredVote) vote = { 0 };
  g_autofree char *body_id = NULL;
  g_autofree gint64 *counts = NULL;
  g_autofree char *result_text = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autoptr(cJSON) data = cJSON_CreateObject ();
  sqlite3_stmt *stmt;
  gboolean is_chair = FALSE;
  gint64 eligible = 0;
  gint64 present = 0;
  gint64 ballots = 0;

  if (!plenum_server_db_replayed (self, account, operation_id, request_hash, result, error))
    return FALSE;
  if (result->replayed)
    return TRUE;

  if (!vote_meeting (self, meeting_id, account, &body_id, NULL, &is_chair, error) ||
      !load_vote (self, meeting_id, vote_id, &vote, error))
    return FALSE;
  if (!is_chair)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_FORBIDDEN,
                       "Only the meeting's chair closes or annuls a vote.");
  if (g_strcmp0 (vote.state, "annulled") == 0 ||
      (end != PLENUM_VOTE_END_ANNUL && g_strcmp0 (vote.state, "open") != 0))
    return vote_error (error, PLENUM_SERVER_DB_ERROR_VOTE_CLOSED,
                       g_strcmp0 (vote.state, "annulled") == 0 ? "The vote was annulled."
                                                               : "The vote is closed.");

  if (end == PLENUM_VOTE_END_ANNUL)
    {
      stmt = db_stmt (self,
                      "UPDATE votes SET state = 'annulled', "
                      "  closed_at = coalesce (closed_at, ?2) WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, vote_id);
      sqlite3_bind_int64 (stmt, 2, now);
      if (!db_run (self, stmt, error))
        return FALSE;
      answer = load_vote_json (self, vote_id, error);
      if (answer == NULL)
        return FALSE;
      plenum_json_add_string (data, "vote_id", vote_id);
      *scrub = vote.secret;
      return plenum_server_db_finish_operation (self, account, operation_id, "vote.annul",
                                                request_hash, 200, answer, "vote.annulled",
                                                meeting_id, body_id, data, now, retention, result,
                                                error);
    }

  if (!vote_basis (self, meeting_id, body_id, vote.item_id, vote_id, &eligible, &present,
                   error))
    return FALSE;
  counts = g_new0 (gint64, vote.n_options);
  if (end == PLENUM_VOTE_END_SHOW_OF_HANDS)
    {
      gint64 sum = 0;

      if (n_hands != vote.n_options)
        return vote_error (error, PLENUM_SERVER_DB_ERROR_INVALID,
                           "counts: one count per option");
      for (guint i = 0; i < n_hands; i++)
        {
          /* Each eligible member raises a hand once for a motion, and at most once per
           * candidate. */
          if (hands[i] < 0 || hands[i] > eligible)
            return vote_error (error, PLENUM_SERVER_DB_ERROR_INVALID,
                               "counts: more hands than eligible members");
          counts[i] = hands[i];
          sum += hands[i];
        }
      if (!vote.candidates && sum > eligible)
        return vote_error (error, PLENUM_SERVER_DB_ERROR_INVALID,
                           "counts: more hands than eligible members");
      /* Everyone eligible in the room may raise a hand: the present are at least those
       * who did, and ballots is how many hands a motion had. */
      ballots = vote.candidates ? 0 : sum;
      if (!vote.candidates)
        present = MAX (present, sum);
    }
  else if (!count_ballots (self, vote_id, &vote, counts, &ballots, error))
    return FALSE;

  {
    g_autoptr(cJSON) computed = vote_result_json (&vote, counts, ballots, eligible, present,
                                                  end == PLENUM_VOTE_END_SHOW_OF_HANDS);

    result_text = plenum_json_print (computed);
    cJSON_AddItemToObject (data, "result", g_steal_pointer (&computed));
  }
  stmt = db_stmt (self,
                  "UPDATE votes SET state = 'closed', closed_at = ?2, result = ?3 WHERE id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, vote_id);
  sqlite3_bind_int64 (stmt, 2, now);
  bind_text (stmt, 3, result_text);
  if (!db_run (self, stmt, error))
    return FALSE;

  answer = load_vote_json (self, vote_id, error);
  if (answer == NULL)
    return FALSE;
  plenum_json_add_string (data, "vote_id", vote_id);
  *scrub = vote.secret;
  return plenum_server_db_finish_operation (self, account, operation_id,
                                            end == PLENUM_VOTE_END_CLOSE ? "vote.close"
                                                                         : "vote.show_of_hands",
                                            request_hash, 200, answer, "vote.closed", meeting_id,
                                            body_id, data, now, retention, result, error);
}

gboolean
plenum_server_db_end_vote (PlenumServerDb              *self,
                           const char                  *meeting_id,
                           const char                  *vote_id,
                           PlenumVoteEnd                end,
                           const gint64                *counts,
                           guint                        n_counts,
                           const PlenumServerAccount   *account,
                           const char                  *operation_id,
                           const char                  *request_hash,
                           gint64                       now,
                           guint                        retention,
                           PlenumServerOperationResult *result,
                           gboolean                    *scrub,
                           GError                     **error)
{
  gboolean applied;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (account != NULL && result != NULL && scrub != NULL, FALSE);

  *scrub = FALSE;
  memset (result, 0, sizeof *result);
  if (!plenum_server_db_begin (self, error))
    return FALSE;
  applied = end_vote_locked (self, meeting_id, vote_id, end, counts, n_counts, account,
                             operation_id, request_hash, now, retention, result, scrub, error);
  return plenum_server_db_end_transaction (self, applied, result, error);
}

gboolean
plenum_server_db_scrub (PlenumServerDb  *self,
                        GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  /* While a secret vote is open its choices sit in pages in the order they were cast
   * (cells fill a page from its end; every commit appends the page to the WAL). VACUUM
   * rewrites every table in key order, and the TRUNCATE checkpoint empties the WAL,
   * so what is left on disk says nothing about who voted when for what. Cached
   * statements are only reset, never left mid-step, so VACUUM can run. */
  if (!db_exec (self, "VACUUM", error))
    return FALSE;
  rc = sqlite3_prepare_v2 (self->handle, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, "checkpoint", error);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0)
    g_warning ("The WAL checkpoint after a secret vote could not finish (busy).");
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, "checkpoint", error);
  return TRUE;
}

static gboolean
set_conflict_locked (PlenumServerDb              *self,
                     const char                  *meeting_id,
                     const char                  *item_id,
                     const PlenumServerAccount   *account,
                     gboolean                     conflict,
                     const char                  *operation_id,
                     const char                  *request_hash,
                     gint64                       now,
                     guint                        retention,
                     PlenumServerOperationResult *result,
                     GError                     **error)
{
  g_autofree char *body_id = NULL;
  g_autoptr(cJSON) answer = cJSON_CreateObject ();
  g_autoptr(cJSON) data = cJSON_CreateObject ();
  sqlite3_stmt *stmt;
  gboolean member = FALSE;
  gboolean has_row;

  if (!plenum_server_db_replayed (self, account, operation_id, request_hash, result, error))
    return FALSE;
  if (result->replayed)
    return TRUE;

  if (!visible_meeting (self, meeting_id, account, &body_id, NULL, error))
    return FALSE;
  if (account->is_terminal ||
      !account_in_body (self, account->id, body_id, &member, error) || !member)
    {
      if (error == NULL || *error == NULL)
        vote_error (error, PLENUM_SERVER_DB_ERROR_FORBIDDEN,
                    "Only members of the meeting's body declare a conflict of interest.");
      return FALSE;
    }
  stmt = db_stmt (self, "SELECT 1 FROM agenda_items WHERE id = ?1 AND meeting_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, item_id);
  bind_text (stmt, 2, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  sqlite3_reset (stmt);
  if (!has_row)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_NOT_FOUND, "No such agenda item.");
  /* Who may vote must not change under an open vote. */
  stmt = db_stmt (self, "SELECT 1 FROM votes WHERE item_id = ?1 AND state = 'open'", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, item_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  sqlite3_reset (stmt);
  if (has_row)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_VOTE_IN_PROGRESS,
                       "A vote on this item is open; declare or withdraw a conflict of "
                       "interest before or after it.");

  stmt = db_stmt (self,
                  conflict ? "INSERT INTO item_conflicts (item_id, account_id) VALUES (?1, ?2) "
                             "ON CONFLICT DO NOTHING"
                           : "DELETE FROM item_conflicts WHERE item_id = ?1 AND account_id = ?2",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, item_id);
  bind_text (stmt, 2, account->id);
  if (!db_run (self, stmt, error))
    return FALSE;

  plenum_json_add_string (answer, "meeting_id", meeting_id);
  plenum_json_add_string (answer, "item_id", item_id);
  plenum_json_add_string (answer, "account_id", account->id);
  plenum_json_add_bool (answer, "conflict", conflict);
  plenum_json_add_string (data, "item_id", item_id);
  plenum_json_add_string (data, "account_id", account->id);
  plenum_json_add_bool (data, "conflict", conflict);
  return plenum_server_db_finish_operation (self, account, operation_id,
                                            conflict ? "conflict.declare" : "conflict.withdraw",
                                            request_hash, 200, answer, "conflict.changed",
                                            meeting_id, body_id, data, now, retention, result,
                                            error);
}

gboolean
plenum_server_db_set_conflict (PlenumServerDb              *self,
                               const char                  *meeting_id,
                               const char                  *item_id,
                               const PlenumServerAccount   *account,
                               gboolean                     conflict,
                               const char                  *operation_id,
                               const char                  *request_hash,
                               gint64                       now,
                               guint                        retention,
                               PlenumServerOperationResult *result,
                               GError                     **error)
{
  gboolean applied;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (account != NULL && result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  if (!plenum_server_db_begin (self, error))
    return FALSE;
  applied = set_conflict_locked (self, meeting_id, item_id, account, conflict, operation_id,
                                 request_hash, now, retention, result, error);
  return plenum_server_db_end_transaction (self, applied, result, error);
}

cJSON *
plenum_server_db_votes_json (PlenumServerDb            *self,
                             const char                *meeting_id,
                             const PlenumServerAccount *account,
                             GError                   **error)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  cJSON *votes;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  if (!visible_meeting (self, meeting_id, account, NULL, NULL, error))
    return NULL;
  plenum_json_add_string (root, "meeting_id", meeting_id);
  votes = cJSON_AddArrayToObject (root, "votes");
  /* Ids first: vote_from_row() runs statements of its own. */
  stmt = db_stmt (self,
                  "SELECT id FROM votes WHERE meeting_id = ?1 ORDER BY opened_at, rowid", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, meeting_id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    g_ptr_array_add (ids, column_dup (stmt, 0));
  if (!ok)
    return NULL;
  for (guint i = 0; i < ids->len; i++)
    {
      cJSON *vote = load_vote_json (self, g_ptr_array_index (ids, i), error);

      if (vote == NULL)
        return NULL;
      cJSON_AddItemToArray (votes, vote);
    }
  return g_steal_pointer (&root);
}

cJSON *
plenum_server_db_vote_json (PlenumServerDb            *self,
                            const char                *meeting_id,
                            const char                *vote_id,
                            const PlenumServerAccount *account,
                            GError                   **error)
{
  g_auto(StoredVote) vote = { 0 };

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  if (!visible_meeting (self, meeting_id, account, NULL, NULL, error) ||
      !load_vote (self, meeting_id, vote_id, &vote, error))
    return NULL;
  return load_vote_json (self, vote_id, error);
}

/* The live meeting: docs/protocol.md, "The live meeting" */

/* Whether @account may write to the live meeting: the chair when @chair_only, else a
 * member of the body (FORBIDDEN with @refusal otherwise; NOT_FOUND as for
 * visible_meeting()); then CLOSED for a closed meeting, so that a role that may never
 * write learns that first. *@body_id gets the meeting's body. */
static gboolean
live_meeting (PlenumServerDb             *self,
              const char                 *meeting_id,
              const PlenumServerAccount  *account,
              gboolean                    chair_only,
              const char                 *refusal,
              char                      **body_id,
              GError                    **error)
{
  g_autofree char *status = NULL;
  gboolean is_chair = FALSE;
  gboolean is_member = FALSE;

  if (!vote_meeting (self, meeting_id, account, body_id, &status, &is_chair, error))
    return FALSE;
  if (!account->is_terminal &&
      !account_in_body (self, account->id, *body_id, &is_member, error))
    return FALSE;
  if (chair_only ? !is_chair : !is_member)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_FORBIDDEN, refusal);
  if (g_strcmp0 (status, "closed") == 0)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_CLOSED, "The meeting is closed.");
  return TRUE;
}

/* Stores the operation with @answer, and sends @answer as the data of an @event_type
 * event (none when @event_type is NULL: nothing changed). */
static gboolean
finish_live_operation (PlenumServerDb              *self,
                       const PlenumServerAccount   *account,
                       const char                  *operation_id,
                       const char                  *kind,
                       const char                  *request_hash,
                       cJSON                       *answer,
                       const char                  *event_type,
                       const char                  *meeting_id,
                       const char                  *body_id,
                       gint64                       now,
                       guint                        retention,
                       PlenumServerOperationResult *result,
                       GError                     **error)
{
  result->status = 200;
  result->response = plenum_json_print (answer);
  if (event_type != NULL)
    {
      result->event = append_event (self, event_type, meeting_id, body_id, result->response,
                                    now, retention, error);
      if (result->event == NULL)
        return FALSE;
    }
  return plenum_server_db_operation_store (self, account->id, operation_id, kind,
                                           request_hash, result->status, result->response,
                                           now, error);
}

static cJSON *
load_position_json (PlenumServerDb  *self,
                    const char      *meeting_id,
                    GError         **error)
{
  g_autoptr(cJSON) position = cJSON_CreateObject ();
  sqlite3_stmt *stmt;
  gboolean has_row;

  stmt = db_stmt (self,
                  "SELECT item_id, document_id, page, revision, updated_at "
                  "FROM meeting_positions WHERE meeting_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return NULL;
  plenum_json_add_string (position, "meeting_id", meeting_id);
  if (!has_row)
    {
      /* The chair has not moved yet: a terminal shows the meeting's start. */
      plenum_json_add_string (position, "item_id", NULL);
      plenum_json_add_string (position, "document_id", NULL);
      cJSON_AddNullToObject (position, "page");
      plenum_json_add_int64 (position, "revision", 0);
      plenum_json_add_time (position, "updated_at", NULL);
      return g_steal_pointer (&position);
    }
  add_column_string (position, "item_id", stmt, 0);
  add_column_string (position, "document_id", stmt, 1);
  if (sqlite3_column_type (stmt, 2) == SQLITE_NULL)
    cJSON_AddNullToObject (position, "page");
  else
    plenum_json_add_int64 (position, "page", sqlite3_column_int64 (stmt, 2));
  plenum_json_add_int64 (position, "revision", sqlite3_column_int64 (stmt, 3));
  add_unix_time (position, "updated_at", sqlite3_column_int64 (stmt, 4));
  sqlite3_reset (stmt);
  return g_steal_pointer (&position);
}

static gboolean
move_position_locked (PlenumServerDb              *self,
                      const char                  *meeting_id,
                      const char                  *item_id,
                      const char                  *document_id,
                      gint64                       page,
                      const PlenumServerAccount   *account,
                      const char                  *operation_id,
                      const char                  *request_hash,
                      gint64                       now,
                      guint                        retention,
                      PlenumServerOperationResult *result,
                      GError                     **error)
{
  g_autofree char *body_id = NULL;
  g_autofree char *status = NULL;
  g_autoptr(cJSON) position = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (!plenum_server_db_replayed (self, account, operation_id, request_hash, result, error))
    return FALSE;
  if (result->replayed)
    return TRUE;

  if (!live_meeting (self, meeting_id, account, TRUE,
                     "Only the meeting's chair moves the meeting on.", &body_id, error))
    return FALSE;

  stmt = db_stmt (self, "SELECT 1 FROM agenda_items WHERE id = ?1 AND meeting_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, item_id);
  bind_text (stmt, 2, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  sqlite3_reset (stmt);
  if (!has_row)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_NOT_FOUND, "No such agenda item.");

  if (document_id == NULL && page >= 0)
    return vote_error (error, PLENUM_SERVER_DB_ERROR_INVALID, "page: only with a document_id");
  if (document_id != NULL)
    {
      gint64 pages;

      /* A password-protected PDF's pages were counted with its password. */
      stmt = db_stmt (self,
                      "SELECT coalesce (p.pages, b.pages) FROM documents d "
                      "JOIN blobs b ON b.sha256 = d.sha256 "
                      "LEFT JOIN document_passwords p ON p.document_id = d.id "
                      "WHERE d.id = ?1 AND d.item_id = ?2", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, document_id);
      bind_text (stmt, 2, item_id);
      if (!db_step (self, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        return vote_error (error, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                           "No such document in this agenda item.");
      pages = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (page >= pages)
        {
          g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_INVALID,
                       "page: the document has %" G_GINT64_FORMAT " pages (counted from 0)",
                       pages);
          return FALSE;
        }
    }

  stmt = db_stmt (self,
                  "INSERT INTO meeting_positions "
                  "  (meeting_id, item_id, document_id, page, revision, updated_at) "
                  "VALUES (?1, ?2, ?3, ?4, 1, ?5) ON CONFLICT (meeting_id) DO UPDATE SET "
                  "  item_id = ?2, document_id = ?3, page = ?4, revision = revision + 1, "
                  "  updated_at = ?5", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  bind_text (stmt, 2, item_id);
  bind_text (stmt, 3, document_id);
  if (page >= 0)
    sqlite3_bind_int64 (stmt, 4, page);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_int64 (stmt, 5, now);
  if (!db_run (self, stmt, error))
    return FALSE;

  /* The chair's first move starts the meeting (its status was set by hand before). */
  stmt = db_stmt (self, "SELECT status FROM meetings WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      status = column_dup (stmt, 0);
      sqlite3_reset (stmt);
    }
  if (g_strcmp0 (status, "scheduled") == 0 &&
      !set_meeting_status_locked (self, meeting_id, "in_progress", now, retention,
                                  &result->first_event, error))
    return FALSE;

  position = load_position_json (self, meeting_id, error);
  if (position == NULL)
    return FALSE;
  return finish_live_operation (self, account, operation_id, "position.move", request_hash,
                                position, "position.changed", meeting_id, body_id, now,
                                retention, result, error);
}

gboolean
plenum_server_db_move_position (PlenumServerDb              *self,
                                const char                  *meeting_id,
                                const char                  *item_id,
                                const char                  *document_id,
                                gint64                       page,
                                const PlenumServerAccount   *account,
                                const char                  *operation_id,
                                const char                  *request_hash,
                                gint64                       now,
                                guint                        retention,
                                PlenumServerOperationResult *result,
                                GError                     **error)
{
  gboolean applied;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (item_id != NULL && account != NULL && result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  if (!plenum_server_db_begin (self, error))
    return FALSE;
  applied = move_position_locked (self, meeting_id, item_id, document_id, page, account,
                                  operation_id, request_hash, now, retention, result, error);
  return plenum_server_db_end_transaction (self, applied, result, error);
}

cJSON *
plenum_server_db_position_json (PlenumServerDb            *self,
                                const char                *meeting_id,
                                const PlenumServerAccount *account,
                                GError                   **error)
{
  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  if (!visible_meeting (self, meeting_id, account, NULL, NULL, error))
    return NULL;
  return load_position_json (self, meeting_id, error);
}

static cJSON *
load_speakers_json (PlenumServerDb  *self,
                    const char      *meeting_id,
                    GError         **error)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  cJSON *queue;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;
  gint64 position = 0;

  plenum_json_add_string (root, "meeting_id", meeting_id);
  stmt = db_stmt (self, "SELECT revision FROM speaker_queues WHERE meeting_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, meeting_id);
  if (!db_step (self, stmt, &has_row, error))
    return NULL;
  plenum_json_add_int64 (root, "revision", has_row ? sqlite3_column_int64 (stmt, 0) : 0);
  if (has_row)
    sqlite3_reset (stmt);

  cJSON_AddNullToObject (root, "floor");
  queue = cJSON_AddArrayToObject (root, "queue");
  stmt = db_stmt (self,
                  "SELECT a.id, a.display_name, s.asked_at, s.floor_at "
                  "FROM speakers s JOIN accounts a ON a.id = s.account_id "
                  "WHERE s.meeting_id = ?1 ORDER BY s.place", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, meeting_id);
  while ((ok = db_step (self, stmt, &has_row, error)) && has_row)
    {
      cJSON *speaker = cJSON_CreateObject ();

      add_column_string (speaker, "account_id", stmt, 0);
      add_column_string (speaker, "display_name", stmt, 1);
      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        {
          add_unix_time (speaker, "since", sqlite3_column_int64 (stmt, 3));
          cJSON_ReplaceItemInObjectCaseSensitive (root, "floor", speaker);
          continue;
        }
      plenum_json_add_int64 (speaker, "position", ++position);
      add_unix_time (speaker, "asked_at", sqlite3_column_int64 (stmt, 2));
      cJSON_AddItemToArray (queue, speaker);
    }
  if (!ok)
    return NULL;
  return g_steal_pointer (&root);
}

/* The row of @account_id in the queue: *@found, and whether it has the floor. */
static gboolean
find_speaker (PlenumServerDb  *self,
              const char      *meeting_id,
              const char      *account_id,
              gboolean        *found,
              gboolean        *has_floor,
              GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = db_stmt (self,
                  "SELECT floor_at IS NOT NULL FROM speakers "
                  "WHERE meeting_id = ?1 AND account_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  bind_text (stmt, 2, account_id);
  if (!db_step (self, stmt, found, error))
    return FALSE;
  *has_floor = *found && sqlite3_column_int (stmt, 0) != 0;
  if (*found)
    sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
run_speakers_sql (PlenumServerDb  *self,
                  const char      *sql,
                  const char      *meeting_id,
                  const char      *account_id,
                  gint64           now,
                  GError         **error)
{
  sqlite3_stmt *stmt = db_stmt (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    bind_text (stmt, 2, account_id);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, now);
  return db_run (self, stmt, error);
}

static gboolean
change_speakers_locked (PlenumServerDb              *self,
                        const char                  *meeting_id,
                        PlenumSpeakersChange         change,
                        const char                  *target_id,
                        const PlenumServerAccount   *account,
                        const char                  *operation_id,
                        const char                  *request_hash,
                        gint64                       now,
                        guint                        retention,
                        PlenumServerOperationResult *result,
                        GError                     **error)
{
  static const char * const kinds[] = {
    [PLENUM_SPEAKERS_ASK] = "speakers.ask",
    [PLENUM_SPEAKERS_WITHDRAW] = "speakers.withdraw",
    [PLENUM_SPEAKERS_NEXT] = "speakers.next",
    [PLENUM_SPEAKERS_FLOOR] = "speakers.floor",
  };
  /* The previous speaker is done when another gets the floor. */
  static const char end_floor[] =
    "DELETE FROM speakers WHERE meeting_id = ?1 AND floor_at IS NOT NULL";
  g_autofree char *body_id = NULL;
  g_autoptr(cJSON) queue = NULL;
  sqlite3_stmt *stmt;
  gboolean chair_only;
  gboolean found = FALSE;
  gboolean has_floor = FALSE;
  gboolean changed = FALSE;

  if (!plenum_server_db_replayed (self, account, operation_id, request_hash, result, error))
    return FALSE;
  if (result->replayed)
    return TRUE;

  chair_only = change == PLENUM_SPEAKERS_NEXT || change == PLENUM_SPEAKERS_FLOOR;
  if (!live_meeting (self, meeting_id, account, chair_only,
                     chair_only ? "Only the meeting's chair gives the floor."
                                : "Only members of the meeting's body ask for the floor.",
                     &body_id, error))
    return FALSE;

  switch (change)
    {
    case PLENUM_SPEAKERS_ASK:
      if (!find_speaker (self, meeting_id, account->id, &found, &has_floor, error))
        return FALSE;
      if (found)
        break; /* asking twice keeps the first place */
      stmt = db_stmt (self,
                      "INSERT INTO speaker_queues (meeting_id, revision, next_place) "
                      "VALUES (?1, 0, 1) ON CONFLICT (meeting_id) DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, meeting_id);
      if (!db_run (self, stmt, error) ||
          !run_speakers_sql (self,
                             "INSERT INTO speakers (meeting_id, account_id, place, asked_at) "
                             "SELECT ?1, ?2, next_place, ?3 FROM speaker_queues "
                             "WHERE meeting_id = ?1", meeting_id, account->id, now, error) ||
          !run_speakers_sql (self,
                             "UPDATE speaker_queues SET next_place = next_place + 1 "
                             "WHERE meeting_id = ?1", meeting_id, NULL, now, error))
        return FALSE;
      changed = TRUE;
      break;
    case PLENUM_SPEAKERS_WITHDRAW:
      if (!find_speaker (self, meeting_id, account->id, &found, &has_floor, error))
        return FALSE;
      if (!found)
        break;
      if (!run_speakers_sql (self,
                             "DELETE FROM speakers WHERE meeting_id = ?1 AND account_id = ?2",
                             meeting_id, account->id, now, error))
        return FALSE;
      changed = TRUE;
      break;
    case PLENUM_SPEAKERS_NEXT:
      {
        int before = sqlite3_total_changes (self->handle);

        /* ?2 is not used: run_speakers_sql() binds it as NULL. */
        if (!run_speakers_sql (self, end_floor, meeting_id, NULL, now, error) ||
            !run_speakers_sql (self,
                               "UPDATE speakers SET floor_at = ?3 WHERE meeting_id = ?1 "
                               "AND place = (SELECT min (place) FROM speakers "
                               "             WHERE meeting_id = ?1)", meeting_id, NULL, now,
                               error))
          return FALSE;
        /* Nothing to do on an empty queue with nobody speaking. */
        changed = sqlite3_total_changes (self->handle) != before;
      }
      break;
    case PLENUM_SPEAKERS_FLOOR:
      if (!find_speaker (self, meeting_id, target_id, &found, &has_floor, error))
        return FALSE;
      if (!found)
        return vote_error (error, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                           "That member is not in the speakers' queue.");
      if (has_floor)
        break;
      if (!run_speakers_sql (self, end_floor, meeting_id, NULL, now, error) ||
          !run_speakers_sql (self,
                             "UPDATE speakers SET floor_at = ?3 "
                             "WHERE meeting_id = ?1 AND account_id = ?2",
                             meeting_id, target_id, now, error))
        return FALSE;
      changed = TRUE;
      break;
    default:
      g_assert_not_reached ();
    }

  if (changed &&
      !run_speakers_sql (self,
                         "UPDATE speaker_queues SET revision = revision + 1 "
                         "WHERE meeting_id = ?1", meeting_id, NULL, now, error))
    return FALSE;
  /* The record's speaker_log: the floor that passed on or was taken back (the speaker
   * who holds it now, if any, is another) ends; a new holder starts a row, on the item
   * the chair is at. */
  if (changed &&
      (!run_speakers_sql (self,
                          "UPDATE speaker_log SET ended_at = ?3 "
                          "WHERE meeting_id = ?1 AND ended_at IS NULL AND account_id IS NOT "
                          "  (SELECT account_id FROM speakers "
                          "   WHERE meeting_id = ?1 AND floor_at IS NOT NULL)",
                          meeting_id, NULL, now, error) ||
       !run_speakers_sql (self,
                          "INSERT INTO speaker_log (meeting_id, account_id, item_id, floor_at) "
                          "SELECT ?1, s.account_id, "
                          "  (SELECT item_id FROM meeting_positions WHERE meeting_id = ?1), "
                          "  s.floor_at FROM speakers s "
                          "WHERE s.meeting_id = ?1 AND s.floor_at IS NOT NULL AND NOT EXISTS "
                          "  (SELECT 1 FROM speaker_log l WHERE l.meeting_id = ?1 "
                          "   AND l.ended_at IS NULL)", meeting_id, NULL, now, error)))
    return FALSE;
  queue = load_speakers_json (self, meeting_id, error);
  if (queue == NULL)
    return FALSE;
  return finish_live_operation (self, account, operation_id, kinds[change], request_hash,
                                queue, changed ? "speakers.changed" : NULL, meeting_id,
                                body_id, now, retention, result, error);
}

gboolean
plenum_server_db_change_speakers (PlenumServerDb              *self,
                                  const char                  *meeting_id,
                                  PlenumSpeakersChange         change,
                                  const char                  *target_id,
                                  const PlenumServerAccount   *account,
                                  const char                  *operation_id,
                                  const char                  *request_hash,
                                  gint64                       now,
                                  guint                        retention,
                                  PlenumServerOperationResult *result,
                                  GError                     **error)
{
  gboolean applied;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (account != NULL && result != NULL, FALSE);
  g_return_val_if_fail (change != PLENUM_SPEAKERS_FLOOR || target_id != NULL, FALSE);

  memset (result, 0, sizeof *result);
  if (!plenum_server_db_begin (self, error))
    return FALSE;
  applied = change_speakers_locked (self, meeting_id, change, target_id, account,
                                    operation_id, request_hash, now, retention, result, error);
  return plenum_server_db_end_transaction (self, applied, result, error);
}

cJSON *
plenum_server_db_speakers_json (PlenumServerDb            *self,
                                const char                *meeting_id,
                                const PlenumServerAccount *account,
                                GError                   **error)
{
  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  if (!visible_meeting (self, meeting_id, account, NULL, NULL, error))
    return NULL;
  return load_speakers_json (self, meeting_id, error);
}

cJSON *
plenum_server_db_quorum_json (PlenumServerDb            *self,
                              const char                *meeting_id,
                              const PlenumServerAccount *account,
                              GError                   **error)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  g_autofree char *body_id = NULL;
  gint64 members = 0;
  gint64 present = 0;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), NULL);

  if (!visible_meeting (self, meeting_id, account, &body_id, NULL, error))
    return NULL;
  /* The votes' own count, for no item (nobody left out) and no vote (checked in only),
   * so that "quorum met" here is exactly what opening a vote will find. */
  if (!vote_basis (self, meeting_id, body_id, NULL, NULL, &members, &present, error))
    return NULL;
  plenum_json_add_string (root, "meeting_id", meeting_id);
  plenum_json_add_int64 (root, "members", members);
  plenum_json_add_int64 (root, "present", present);
  plenum_json_add_int64 (root, "required", members / 2 + 1);
  plenum_json_add_bool (root, "met", 2 * present > members);
  return g_steal_pointer (&root);
}

/* Benchmarks */

gboolean
plenum_server_db_bench_provision (PlenumServerDb     *self,
                                  const char         *body_id,
                                  const char * const *names,
                                  const guint8      (*token_hashes)[32],
                                  guint               n_members,
                                  gint64              expires_at_us,
                                  GError            **error)
{
  gint64 now_us = g_get_real_time ();

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (body_id != NULL, FALSE);

  /* One transaction: thousands of commits would each wait for the disk. */
  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; i < n_members; i++)
    {
      g_autofree char *account_id = NULL;
      g_autofree char *terminal_id = plenum_uuid_new ();

      /* "!" is no crypt hash, so no PIN signs these accounts in: only their tokens. */
      account_id = plenum_server_db_create_account (self, names[i], names[i], PLENUM_ROLE_MEMBER,
                                                    "!", error);
      if (account_id == NULL ||
          !plenum_server_db_add_member (self, body_id, account_id, error) ||
          !plenum_server_db_add_token (self, token_hashes[i], account_id, terminal_id, now_us,
                                       expires_at_us, error))
        {
          db_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
    }
  return db_exec (self, "COMMIT", error);
}

/* PINs */

gboolean
plenum_server_db_set_pin (PlenumServerDb  *self,
                          const char      *name,
                          const char      *pin_hash,
                          GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (self), FALSE);
  g_return_val_if_fail (name != NULL && pin_hash != NULL, FALSE);

  /* One transaction: a new PIN with the old lock would keep the member out. */
  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  stmt = db_stmt (self, "UPDATE accounts SET pin_hash = ?2 WHERE name = ?1", error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, name);
  bind_text (stmt, 2, pin_hash);
  if (!db_run (self, stmt, error))
    goto failed;
  if (sqlite3_changes (self->handle) == 0)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such account");
      goto failed;
    }
  if (!plenum_server_db_pin_failures_clear_name (self, name, error))
    goto failed;
  return db_exec (self, "COMMIT", error);

failed:
  db_exec (self, "ROLLBACK", NULL);
  return FALSE;
}
