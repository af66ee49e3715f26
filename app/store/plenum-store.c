/* plenum-store.c — the client's database, owned by one writer thread; see plenum-store.h.
 *
 * How the threads meet: the store's owner thread (the one that opened it, normally the
 * main thread) queues jobs on a GAsyncQueue; the writer thread pops them in order, runs
 * each on the read-write connection, and hands the job back to the owner's main context
 * with an idle source, where its GTask returns. The writer thread never holds a
 * reference to the store (the queued jobs' GTasks do), so the store's last reference is
 * always dropped on the owner's side and dispose can join the writer thread.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-store"

#include "plenum-store-private.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <openssl/crypto.h>

#include "core/plenum-annotation.h"
#include "core/plenum-json.h"
#include "core/plenum-live.h"
#include "core/plenum-member.h"

G_DEFINE_QUARK (plenum-store-error-quark, plenum_store_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* The account id under which what the terminal credential fetched is kept. */
#define TERMINAL_ACCOUNT ""

/* yescrypt's default cost, as on the server. */
#define VERIFIER_COST 0

/* Hashed against when the name is unknown, so that an unknown name costs as much as a
 * wrong PIN (same algorithm and cost as the verifiers). Its phrase is no one's PIN, and
 * for an unknown name the answer is WRONG_PIN whatever the comparison says. */
static const char dummy_verifier[] =
  "$y$j9T$sqPZh9FMVXbYEumqlB5cf/$yJ4dGKjp7pVimxWQL.ZStZE.ho9mAqFRx0ArKOXB8pA";

/* The schema: migration i takes PRAGMA user_version from i to i + 1, in one transaction.
 * Never edit a migration that has shipped; add one. */
static const char * const migrations[] = {
  /* 0 → 1: the terminal, settings, meetings and who may see them */
  "CREATE TABLE terminal ("
  "  only INTEGER PRIMARY KEY CHECK (only = 1),"
  "  terminal_id TEXT NOT NULL);"
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE meetings ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  body_id TEXT NOT NULL,"
  "  starts_at INTEGER NOT NULL,"          /* Unix seconds, UTC */
  "  packet_version INTEGER NOT NULL,"
  "  summary_json TEXT NOT NULL,"          /* the MeetingSummary, for lists */
  "  json TEXT NOT NULL,"                  /* as received: a Meeting, or a summary */
  "  has_agenda INTEGER NOT NULL,"
  "  etag TEXT) WITHOUT ROWID;"            /* NULL while only the summary is known */
  "CREATE INDEX meetings_by_start ON meetings (starts_at, id);"
  "CREATE TABLE meeting_access ("
  "  account_id TEXT NOT NULL,"            /* '' for the terminal credential */
  "  meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (account_id, meeting_id)) WITHOUT ROWID;"
  "CREATE INDEX meeting_access_by_meeting ON meeting_access (meeting_id);"
  "CREATE TABLE meeting_lists ("
  "  account_id TEXT PRIMARY KEY NOT NULL,"
  "  etag TEXT) WITHOUT ROWID;",

  /* 1 → 2: accounts that signed in here */
  "CREATE TABLE accounts ("
  "  name TEXT PRIMARY KEY NOT NULL,"
  "  account_id TEXT NOT NULL,"
  "  json TEXT NOT NULL,"
  "  verifier TEXT NOT NULL,"              /* yescrypt of the PIN, never the PIN */
  "  token TEXT,"
  "  token_expires_at INTEGER,"
  "  signed_in_at INTEGER NOT NULL) WITHOUT ROWID;",

  /* 2 → 3: download states of blobs */
  "CREATE TABLE blobs ("
  "  sha256 TEXT PRIMARY KEY NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  state INTEGER NOT NULL CHECK (state BETWEEN 0 AND 2),"
  "  bytes_present INTEGER NOT NULL) WITHOUT ROWID;",

  /* 3 → 4: the outbox, local attendance, event positions, the terminal credential, and
   * accounts that signed out with operations still to send */
  "CREATE TABLE outbox ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"  /* never reused: local order */
  "  operation_id TEXT NOT NULL UNIQUE,"
  "  account_id TEXT NOT NULL,"             /* '' for the terminal credential */
  "  kind TEXT NOT NULL,"
  "  method TEXT NOT NULL,"
  "  path TEXT NOT NULL,"
  "  body TEXT,"                            /* exactly as sent */
  "  created_at INTEGER NOT NULL,"          /* Unix microseconds */
  "  state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  refused_status INTEGER,"
  "  refused_code TEXT,"
  "  refused_message TEXT,"
  "  sent_at INTEGER,"                      /* Unix microseconds */
  "  result TEXT);"
  "CREATE INDEX outbox_unsettled ON outbox (account_id, seq) WHERE state <= 1;"
  "CREATE TABLE attendance ("
  "  account_id TEXT NOT NULL,"
  "  meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  operation_id TEXT NOT NULL,"
  "  checked_in_at INTEGER NOT NULL,"
  "  PRIMARY KEY (account_id, meeting_id)) WITHOUT ROWID;"
  "CREATE INDEX attendance_by_meeting ON attendance (meeting_id);"
  "CREATE TABLE event_positions ("
  "  holder TEXT PRIMARY KEY NOT NULL,"     /* account id, '' for the terminal */
  "  seq INTEGER NOT NULL CHECK (seq >= 0)) WITHOUT ROWID;"
  "CREATE TABLE terminal_credential ("
  "  only INTEGER PRIMARY KEY CHECK (only = 1),"
  "  credential TEXT NOT NULL,"             /* secret */
  "  name TEXT,"
  "  room TEXT,"
  "  enrolled_at INTEGER NOT NULL);"
  "ALTER TABLE accounts ADD COLUMN signed_out INTEGER NOT NULL DEFAULT 0;",

  /* 4 → 5: annotations, per account (the member's view), and how far each account has
   * read each meeting's annotation feed. Both go with their meeting. Not WITHOUT ROWID:
   * a page of handwriting is hundreds of kilobytes of JSON. */
  "CREATE TABLE annotations ("
  "  account_id TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  document_id TEXT NOT NULL,"
  "  server_revision INTEGER NOT NULL DEFAULT 0 CHECK (server_revision >= 0),"
  "  json TEXT NOT NULL,"                   /* the latest local version */
  "  dirty INTEGER NOT NULL DEFAULT 0,"     /* local changes not acknowledged */
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  queued_op TEXT,"                       /* its operation the sync engine has not
                                             * taken yet (a new edit replaces it) */
  "  PRIMARY KEY (account_id, id));"
  "CREATE INDEX annotations_by_document ON annotations (account_id, document_id);"
  "CREATE INDEX annotations_by_meeting ON annotations (meeting_id);"
  "CREATE TABLE annotation_feeds ("
  "  account_id TEXT NOT NULL,"
  "  meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  revision INTEGER NOT NULL CHECK (revision >= 0),"
  "  PRIMARY KEY (account_id, meeting_id)) WITHOUT ROWID;"
  "CREATE INDEX annotation_feeds_by_meeting ON annotation_feeds (meeting_id);",

  /* 5 → 6: the votes of each meeting as the server last described them, and the
   * ballots cast on this terminal with their operation (whose state is theirs) and, for
   * a secret vote, the receipt that only this terminal holds. Both go with their
   * meeting. */
  "CREATE TABLE votes ("
  "  meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"            /* the server's order: as opened */
  "  id TEXT NOT NULL,"
  "  json TEXT NOT NULL,"                   /* the Vote, as received */
  "  PRIMARY KEY (meeting_id, position)) WITHOUT ROWID;"
  "CREATE TABLE ballots ("
  "  account_id TEXT NOT NULL,"
  "  vote_id TEXT NOT NULL,"
  "  meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  choices TEXT NOT NULL,"                /* a JSON array of positions */
  "  receipt TEXT,"                         /* secret votes only: a secret */
  "  operation_id TEXT NOT NULL,"           /* the latest ballot's operation */
  "  cast_at INTEGER NOT NULL,"             /* Unix microseconds */
  "  PRIMARY KEY (account_id, vote_id)) WITHOUT ROWID;"
  "CREATE INDEX ballots_by_meeting ON ballots (meeting_id);",

  /* 6 → 7: the live meeting's last known state (position, speakers' queue, quorum), one
   * row per meeting and kind, as the server described it. Goes with its meeting. */
  "CREATE TABLE live_state ("
  "  meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 2),"  /* PlenumLiveKind */
  "  json TEXT NOT NULL,"
  "  saved_at INTEGER NOT NULL,"            /* Unix microseconds */
  "  PRIMARY KEY (meeting_id, kind)) WITHOUT ROWID;",

  /* 7 → 8: the opinion rounds of each meeting as the server last described them, and
   * the answers given on this terminal with their latest operation (whose state is
   * theirs). All go with their meeting. */
  "CREATE TABLE opinion_rounds ("
  "  meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"            /* the server's order: as opened */
  "  id TEXT NOT NULL,"
  "  json TEXT NOT NULL,"                   /* the Round, as received */
  "  PRIMARY KEY (meeting_id, position)) WITHOUT ROWID;"
  "CREATE TABLE opinion_answers ("
  "  account_id TEXT NOT NULL,"
  "  round_id TEXT NOT NULL,"
  "  meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  stance TEXT NOT NULL,"                 /* the protocol's word */
  "  text TEXT NOT NULL,"
  "  comments TEXT NOT NULL,"               /* a JSON array of {page, text} */
  "  operation_id TEXT NOT NULL,"           /* the latest answer's operation */
  "  answered_at INTEGER NOT NULL,"         /* Unix microseconds */
  "  PRIMARY KEY (account_id, round_id)) WITHOUT ROWID;"
  "CREATE INDEX opinion_answers_by_meeting ON opinion_answers (meeting_id);"
  /* … and the conflicts of interest members declared (or withdrew) here, with their
   * latest operation. */
  "CREATE TABLE conflicts ("
  "  account_id TEXT NOT NULL,"
  "  item_id TEXT NOT NULL,"
  "  meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,"
  "  declared INTEGER NOT NULL CHECK (declared IN (0, 1)),"
  "  operation_id TEXT NOT NULL,"
  "  PRIMARY KEY (account_id, item_id)) WITHOUT ROWID;"
  "CREATE INDEX conflicts_by_meeting ON conflicts (meeting_id);",

  /* 8 → 9: which pages changed between two versions of a document (issue #8,
   * "Revisions"): worked out once per pair from the pages' texts, kept by hash so that
   * it outlives the meeting JSON that named the pair; removed with the older blob. */
  "CREATE TABLE revision_changes ("
  "  old_sha256 TEXT NOT NULL,"
  "  new_sha256 TEXT NOT NULL,"
  "  changed TEXT NOT NULL,"                /* one '0' or '1' per page of the new one */
  "  PRIMARY KEY (old_sha256, new_sha256)) WITHOUT ROWID;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == PLENUM_STORE_SCHEMA_VERSION);

enum {
  SIGNAL_MEETINGS_CHANGED,
  SIGNAL_BLOB_STATE_CHANGED,
  SIGNAL_OUTBOX_CHANGED,
  SIGNAL_ATTENDANCE_CHANGED,
  SIGNAL_ANNOTATIONS_CHANGED,
  SIGNAL_VOTES_CHANGED,
  SIGNAL_BALLOTS_CHANGED,
  SIGNAL_OPINION_ROUNDS_CHANGED,
  SIGNAL_OPINION_ANSWERS_CHANGED,
  SIGNAL_CONFLICTS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _PlenumStore
{
  GObject parent_instance;

  /* Set before the open job is queued (or by it, before the store is handed out) and
   * never changed afterwards: read from any thread. */
  char *data_dir;
  char *db_path;
  char *terminal_id;
  int schema_version;
  GThread *owner_thread;
  GMainContext *owner_context;

  /* The writer thread and its queue (GAsyncQueue is thread-safe). Jobs run in the order
   * they were queued. */
  GThread *writer_thread;
  GAsyncQueue *jobs;

  /* Writer thread only: the read-write connection (opened and closed there). */
  sqlite3 *write_db;

  /* Owner thread only, once the open job has returned: the read-only connection (the
   * open job opens it on the writer thread and hands it over) and the blob store. */
  sqlite3 *read_db;
  PlenumBlobStore *blob_store;
};

G_DEFINE_FINAL_TYPE (PlenumStore, plenum_store, G_TYPE_OBJECT)

#define assert_owner_thread(self) g_assert ((self)->owner_thread == g_thread_self ())
#define assert_writer_thread(self) g_assert ((self)->writer_thread == g_thread_self ())

/* Durability hook (tests) */

G_LOCK_DEFINE_STATIC (durability_hook);
static PlenumStoreDurabilityHook durability_hook;
static gpointer durability_hook_data;

void
plenum_store_set_durability_hook (PlenumStoreDurabilityHook hook,
                                  gpointer                  user_data)
{
  G_LOCK (durability_hook);
  durability_hook = hook;
  durability_hook_data = user_data;
  G_UNLOCK (durability_hook);
}

void
plenum_store_durability_point (const char *what)
{
  PlenumStoreDurabilityHook hook;
  gpointer data;

  G_LOCK (durability_hook);
  hook = durability_hook;
  data = durability_hook_data;
  G_UNLOCK (durability_hook);

  if (hook != NULL)
    hook (what, data);
}

/* Errors */

void
plenum_store_set_errno_error (GError     **error,
                              int          errsv,
                              const char  *what)
{
  int code = PLENUM_STORE_ERROR_IO;

  if (errsv == ENOSPC || errsv == EFBIG || errsv == EDQUOT)
    code = PLENUM_STORE_ERROR_FULL;
  g_set_error (error, PLENUM_STORE_ERROR, code, "%s: %s", what, g_strerror (errsv));
}

gboolean
plenum_store_fsync_dir (const char  *path,
                        GError     **error)
{
  int fd = g_open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int errsv = errno;
      plenum_store_set_errno_error (error, errsv, "Cannot open a folder to sync it");
      return FALSE;
    }
  if (fsync (fd) != 0)
    {
      int errsv = errno;
      close (fd);
      plenum_store_set_errno_error (error, errsv, "Cannot sync a folder");
      return FALSE;
    }
  close (fd);
  plenum_store_durability_point ("fsync-dir");
  return TRUE;
}

/* SQLite turns a write that fails with EFBIG or EDQUOT into SQLITE_IOERR_WRITE and
 * loses the errno (sqlite3_system_errno() reads errno after SQLite has rolled back).
 * Its unix VFS lets a program replace the system calls it uses (xSetSystemCall), so
 * the writes are wrapped to remember, per thread, the errno of the last failed one. */

typedef ssize_t (*WriteCall) (int, const void *, size_t);
typedef ssize_t (*PwriteCall) (int, const void *, size_t, off_t);
typedef ssize_t (*Pwrite64Call) (int, const void *, size_t, gint64);

static WriteCall real_write;
static PwriteCall real_pwrite;
static Pwrite64Call real_pwrite64;
static __thread int failed_write_errno;

static ssize_t
watched_write (int         fd,
               const void *buffer,
               size_t      length)
{
  ssize_t written = real_write (fd, buffer, length);

  if (written < 0)
    failed_write_errno = errno;
  return written;
}

static ssize_t
watched_pwrite (int         fd,
                const void *buffer,
                size_t      length,
                off_t       offset)
{
  ssize_t written = real_pwrite (fd, buffer, length, offset);

  if (written < 0)
    failed_write_errno = errno;
  return written;
}

static ssize_t
watched_pwrite64 (int         fd,
                  const void *buffer,
                  size_t      length,
                  gint64      offset)
{
  ssize_t written = real_pwrite64 (fd, buffer, length, offset);

  if (written < 0)
    failed_write_errno = errno;
  return written;
}

/* Once, before the first connection opens (the client opens no other SQLite database
 * at the same time, which xSetSystemCall requires). */
static void
watch_sqlite_writes (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      sqlite3_vfs *vfs = sqlite3_vfs_find ("unix");

      if (vfs != NULL && vfs->iVersion >= 3 && vfs->xSetSystemCall != NULL)
        {
          real_write = (WriteCall) vfs->xGetSystemCall (vfs, "write");
          real_pwrite = (PwriteCall) vfs->xGetSystemCall (vfs, "pwrite");
          real_pwrite64 = (Pwrite64Call) vfs->xGetSystemCall (vfs, "pwrite64");
          if (real_write != NULL)
            vfs->xSetSystemCall (vfs, "write", (sqlite3_syscall_ptr) watched_write);
          if (real_pwrite != NULL)
            vfs->xSetSystemCall (vfs, "pwrite", (sqlite3_syscall_ptr) watched_pwrite);
          if (real_pwrite64 != NULL)
            vfs->xSetSystemCall (vfs, "pwrite64", (sqlite3_syscall_ptr) watched_pwrite64);
        }
      g_once_init_leave (&done, 1);
    }
}

static gboolean
errno_means_full (int errsv)
{
  return errsv == ENOSPC || errsv == EFBIG || errsv == EDQUOT;
}

static gboolean
set_sqlite_error (sqlite3     *db,
                  int          rc,
                  const char  *what,
                  GError     **error)
{
  int code;

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = PLENUM_STORE_ERROR_CORRUPT;
      break;

    case SQLITE_FULL:
      code = PLENUM_STORE_ERROR_FULL;
      break;

    case SQLITE_IOERR:
      {
        int errsv = db != NULL ? sqlite3_system_errno (db) : 0;
        code = (errno_means_full (errsv) || errno_means_full (failed_write_errno))
               ? PLENUM_STORE_ERROR_FULL : PLENUM_STORE_ERROR_IO;
      }
      break;

    default:
      code = PLENUM_STORE_ERROR_IO;
      break;
    }

  /* Statements bind their values, so SQLite's message never quotes stored data. */
  failed_write_errno = 0;
  g_set_error (error, PLENUM_STORE_ERROR, code, "%s: %s", what,
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

/* SQL helpers, for either connection */

static gboolean
db_exec (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (db, rc, "Database statement failed", error);
  return TRUE;
}

static sqlite3_stmt *
db_prepare (sqlite3     *db,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (db, rc, "Cannot prepare a database statement", error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  /* SQLite answers SQLITE_OK with no statement for SQL that is only blanks or comments;
   * every statement here is a constant with SQL in it, so NULL always comes with @error
   * set. (Said for clang's analyzer, which cannot know.) */
  g_assert (stmt != NULL);
  return stmt;
}

/* Steps a statement that returns no row. */
static gboolean
db_step_done (sqlite3       *db,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (db, rc, "Database write failed", error);
  return TRUE;
}

/* Steps a query: TRUE with *has_row set, or FALSE with @error. */
static gboolean
db_step_row (sqlite3       *db,
             sqlite3_stmt  *stmt,
             gboolean      *has_row,
             GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      *has_row = TRUE;
      return TRUE;
    }
  *has_row = FALSE;
  if (rc == SQLITE_DONE)
    return TRUE;
  return set_sqlite_error (db, rc, "Database read failed", error);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           index)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, index));
}

static void
rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
commit (sqlite3  *db,
        GError  **error)
{
  if (!db_exec (db, "COMMIT", error))
    {
      rollback (db);
      return FALSE;
    }
  plenum_store_durability_point ("commit");
  return TRUE;
}

/* Opening a database file */

static gboolean
read_user_version (sqlite3  *db,
                   int      *version,
                   GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = db_prepare (db, "PRAGMA user_version", error);
  gboolean has_row;

  if (stmt == NULL || !db_step_row (db, stmt, &has_row, error))
    return FALSE;
  *version = has_row ? sqlite3_column_int (stmt, 0) : 0;
  return TRUE;
}

static gboolean
migrate (sqlite3  *db,
         int       from,
         int       to,
         GError  **error)
{
  for (int i = from; i < to; i++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", i + 1);

      if (!db_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!db_exec (db, migrations[i], error) || !db_exec (db, set_version, error))
        {
          rollback (db);
          return FALSE;
        }
      if (!commit (db, error))
        return FALSE;
      g_debug ("Database migrated to schema version %d", i + 1);
    }
  return TRUE;
}

/* Makes the database file 0600 before SQLite touches it (SQLite gives its -wal and -shm
 * files the database file's mode), and tightens files left looser by someone else. */
static gboolean
prepare_database_file (const char  *path,
                       GError     **error)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      int flags = O_RDWR | O_CLOEXEC | O_NOFOLLOW | (i == 0 ? O_CREAT : 0);
      int fd = g_open (file, flags, 0600);
      struct stat st;

      if (fd < 0)
        {
          int errsv = errno;
          if (i > 0 && errsv == ENOENT)
            continue;
          plenum_store_set_errno_error (error, errsv, "Cannot open the database file");
          return FALSE;
        }
      if (fstat (fd, &st) == 0 && (st.st_mode & 0077) != 0 && fchmod (fd, 0600) != 0)
        {
          int errsv = errno;
          close (fd);
          plenum_store_set_errno_error (error, errsv, "Cannot protect the database file");
          return FALSE;
        }
      close (fd);
    }
  return TRUE;
}

/* Opens the read-write connection at @path in WAL mode and reads its schema version. */
static sqlite3 *
open_write_connection (const char  *path,
                       int         *version,
                       GError     **error)
{
  sqlite3 *db = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;
  int rc;

  if (!prepare_database_file (path, error))
    return NULL;

  watch_sqlite_writes ();
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (db, rc, "Cannot open the database", error);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, 5000);

  /* The first statement reads the header: a file that is not a database fails here. */
  stmt = db_prepare (db, "PRAGMA journal_mode = WAL", error);
  if (stmt == NULL || !db_step_row (db, stmt, &has_row, error))
    goto fail;
  if (!has_row || g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") != 0)
    {
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_IO,
                           "The database cannot use write-ahead logging");
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* FULL: a commit is durable once it returns (the outbox needs that). secure_delete:
   * a forgotten token is overwritten, not left in a free page. */
  if (!db_exec (db, "PRAGMA synchronous = FULL", error) ||
      !db_exec (db, "PRAGMA foreign_keys = ON", error) ||
      !db_exec (db, "PRAGMA secure_delete = ON", error) ||
      !read_user_version (db, version, error))
    goto fail;

  return db;

fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close (db);
  return NULL;
}

gboolean
plenum_store_create_database_at_version (const char  *path,
                                         int          version,
                                         GError     **error)
{
  sqlite3 *db;
  int current = 0;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (version >= 0 && version <= PLENUM_STORE_SCHEMA_VERSION, FALSE);

  db = open_write_connection (path, &current, error);
  if (db == NULL)
    return FALSE;
  if (current > version)
    {
      g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_SCHEMA_TOO_NEW,
                   "The database has schema version %d, above %d", current, version);
      ok = FALSE;
    }
  else
    ok = migrate (db, current, version, error);
  sqlite3_close (db);
  return ok;
}

/* Jobs for the writer thread */

typedef struct _StoreJob StoreJob;

/* Runs on the writer thread. Returns FALSE with @error set, or TRUE (and may set
 * job->result/result_free for a pointer result). */
typedef gboolean (*StoreJobFunc) (PlenumStore  *self,
                                  StoreJob     *job,
                                  GError      **error);

typedef enum {
  EMIT_MEETINGS_CHANGED   = 1 << 0,
  EMIT_BLOB_STATE_CHANGED = 1 << 1,
  EMIT_OUTBOX_CHANGED     = 1 << 2,
  EMIT_ATTENDANCE_CHANGED = 1 << 3, /* detail: the meeting id */
  EMIT_ANNOTATIONS_CHANGED = 1 << 4, /* detail: the meeting id */
  EMIT_VOTES_CHANGED      = 1 << 5, /* detail: the meeting id */
  EMIT_BALLOTS_CHANGED    = 1 << 6, /* detail: the meeting id */
  EMIT_OPINION_ROUNDS_CHANGED  = 1 << 7, /* detail: the meeting id */
  EMIT_OPINION_ANSWERS_CHANGED = 1 << 8, /* detail: the meeting id */
  EMIT_CONFLICTS_CHANGED  = 1 << 9, /* detail: the meeting id */
} StoreJobSignals;

struct _StoreJob
{
  /* Set by the owner thread before queueing; read by the writer. */
  GTask *task;                  /* NULL for the job that stops the writer thread */
  StoreJobFunc func;
  gpointer data;
  GDestroyNotify data_free;
  StoreJobSignals signals;      /* emitted when the job succeeds */
  char *signal_detail;          /* (a job that learns it on the writer thread may set
                                 * it there: the owner reads it once the job is back) */

  /* Written by the writer thread, then read by the owner once the job is back. */
  gboolean ok;
  gpointer result;
  GDestroyNotify result_free;
  GError *error;
};

static void
store_job_free (StoreJob *job)
{
  if (job->data_free != NULL)
    g_clear_pointer (&job->data, job->data_free);
  if (job->result_free != NULL)
    g_clear_pointer (&job->result, job->result_free);
  g_clear_error (&job->error);
  g_clear_pointer (&job->signal_detail, g_free);
  g_clear_object (&job->task);
  g_free (job);
}

/* Back on the owner's main context. */
static gboolean
job_returned_cb (gpointer user_data)
{
  StoreJob *job = user_data;
  PlenumStore *self = g_task_get_source_object (job->task);

  if (job->ok && self != NULL)
    {
      if (job->signals & EMIT_MEETINGS_CHANGED)
        g_signal_emit (self, signals[SIGNAL_MEETINGS_CHANGED], 0);
      if (job->signals & EMIT_BLOB_STATE_CHANGED)
        g_signal_emit (self, signals[SIGNAL_BLOB_STATE_CHANGED], 0, job->signal_detail);
      if (job->signals & EMIT_OUTBOX_CHANGED)
        g_signal_emit (self, signals[SIGNAL_OUTBOX_CHANGED], 0);
      if (job->signals & EMIT_ATTENDANCE_CHANGED)
        g_signal_emit (self, signals[SIGNAL_ATTENDANCE_CHANGED], 0, job->signal_detail);
      if ((job->signals & EMIT_ANNOTATIONS_CHANGED) && job->signal_detail != NULL)
        g_signal_emit (self, signals[SIGNAL_ANNOTATIONS_CHANGED], 0, job->signal_detail);
      if (job->signals & EMIT_VOTES_CHANGED)
        g_signal_emit (self, signals[SIGNAL_VOTES_CHANGED], 0, job->signal_detail);
      if (job->signals & EMIT_BALLOTS_CHANGED)
        g_signal_emit (self, signals[SIGNAL_BALLOTS_CHANGED], 0, job->signal_detail);
      if (job->signals & EMIT_OPINION_ROUNDS_CHANGED)
        g_signal_emit (self, signals[SIGNAL_OPINION_ROUNDS_CHANGED], 0, job->signal_detail);
      if (job->signals & EMIT_OPINION_ANSWERS_CHANGED)
        g_signal_emit (self, signals[SIGNAL_OPINION_ANSWERS_CHANGED], 0, job->signal_detail);
      if (job->signals & EMIT_CONFLICTS_CHANGED)
        g_signal_emit (self, signals[SIGNAL_CONFLICTS_CHANGED], 0, job->signal_detail);
    }

  if (!job->ok)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else if (job->result_free != NULL)
    {
      GDestroyNotify result_free = job->result_free;
      job->result_free = NULL;
      g_task_return_pointer (job->task, g_steal_pointer (&job->result), result_free);
    }
  else
    g_task_return_boolean (job->task, TRUE);

  store_job_free (job);
  return G_SOURCE_REMOVE;
}

static gpointer
writer_thread_main (gpointer user_data)
{
  PlenumStore *self = user_data;

  for (;;)
    {
      StoreJob *job = g_async_queue_pop (self->jobs);
      g_autoptr(GSource) idle = NULL;

      if (job->task == NULL)
        {
          store_job_free (job);
          break;
        }

      failed_write_errno = 0;
      if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (job->task), &job->error))
        job->ok = FALSE;
      else
        job->ok = job->func (self, job, &job->error);
      g_assert (job->ok || job->error != NULL);
      if (self->write_db != NULL)
        rollback (self->write_db);

      /* An idle source, not g_main_context_invoke(): that would run the callback right
       * here whenever the owner's context is the global default one and free. */
      idle = g_idle_source_new ();
      g_source_set_priority (idle, G_PRIORITY_DEFAULT);
      g_source_set_callback (idle, job_returned_cb, job, NULL);
      g_source_set_static_name (idle, "[plenum-store] job returned");
      g_source_attach (idle, g_task_get_context (job->task));
    }

  /* The last connection to close checkpoints the WAL into the database: here, off the
   * owner's thread. */
  if (self->write_db != NULL)
    {
      int rc = sqlite3_close (self->write_db);
      if (rc != SQLITE_OK)
        g_warning ("Closing the database failed: %s", sqlite3_errstr (rc));
      self->write_db = NULL;
    }
  return NULL;
}

static void
queue_job (PlenumStore    *self,
           GTask          *task,
           StoreJobFunc    func,
           gpointer        data,
           GDestroyNotify  data_free,
           StoreJobSignals signals_on_success,
           const char     *signal_detail)
{
  StoreJob *job = g_new0 (StoreJob, 1);

  job->task = task;
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->signals = signals_on_success;
  job->signal_detail = g_strdup (signal_detail);
  g_async_queue_push (self->jobs, job);
  /* cppcheck-suppress memleak
   * The queue owns the job now: cppcheck's gtk.cfg has g_async_queue_push() keep nothing. */
}

static void
stop_writer_thread (PlenumStore *self)
{
  if (self->writer_thread == NULL)
    return;

  /* Queued after every pending job: those finish first. */
  g_async_queue_push (self->jobs, g_new0 (StoreJob, 1));
  g_thread_join (g_steal_pointer (&self->writer_thread));
}

/* The store object */

static void
plenum_store_dispose (GObject *object)
{
  PlenumStore *self = PLENUM_STORE (object);

  if (self->read_db != NULL)
    {
      sqlite3_close (self->read_db);
      self->read_db = NULL;
    }
  stop_writer_thread (self);
  g_clear_object (&self->blob_store);

  G_OBJECT_CLASS (plenum_store_parent_class)->dispose (object);
}

static void
plenum_store_finalize (GObject *object)
{
  PlenumStore *self = PLENUM_STORE (object);

  g_clear_pointer (&self->jobs, g_async_queue_unref);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_free (self->data_dir);
  g_free (self->db_path);
  g_free (self->terminal_id);

  G_OBJECT_CLASS (plenum_store_parent_class)->finalize (object);
}

static void
plenum_store_class_init (PlenumStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plenum_store_dispose;
  object_class->finalize = plenum_store_finalize;

  signals[SIGNAL_MEETINGS_CHANGED] =
    g_signal_new ("meetings-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_BLOB_STATE_CHANGED] =
    g_signal_new ("blob-state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_OUTBOX_CHANGED] =
    g_signal_new ("outbox-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ATTENDANCE_CHANGED] =
    g_signal_new ("attendance-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_ANNOTATIONS_CHANGED] =
    g_signal_new ("annotations-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_VOTES_CHANGED] =
    g_signal_new ("votes-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_BALLOTS_CHANGED] =
    g_signal_new ("ballots-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_OPINION_ROUNDS_CHANGED] =
    g_signal_new ("opinion-rounds-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_OPINION_ANSWERS_CHANGED] =
    g_signal_new ("opinion-answers-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_CONFLICTS_CHANGED] =
    g_signal_new ("conflicts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
plenum_store_init (PlenumStore *self)
{
  self->jobs = g_async_queue_new ();
}

/* Opening */

static gboolean
ensure_terminal_id (PlenumStore  *self,
                    GError      **error)
{
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *made = NULL;
  gboolean has_row;

  select = db_prepare (db, "SELECT terminal_id FROM terminal WHERE only = 1", error);
  if (select == NULL || !db_step_row (db, select, &has_row, error))
    return FALSE;
  if (has_row)
    {
      const char *id = (const char *) sqlite3_column_text (select, 0);
      if (!plenum_is_uuid (id))
        {
          g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_CORRUPT,
                               "The stored terminal id is not a UUID");
          return FALSE;
        }
      self->terminal_id = g_strdup (id);
      return TRUE;
    }

  made = plenum_uuid_new ();
  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  insert = db_prepare (db, "INSERT INTO terminal (only, terminal_id) VALUES (1, ?)", error);
  if (insert == NULL)
    return FALSE;
  bind_text (insert, 1, made);
  if (!db_step_done (db, insert, error) || !commit (db, error))
    return FALSE;
  self->terminal_id = g_steal_pointer (&made);
  g_debug ("This terminal's id is %s", self->terminal_id);
  return TRUE;
}

/* A damaged page is found now, when the caller can still offer to start afresh, rather
 * than in the middle of a meeting. quick_check reads every page once: milliseconds for
 * a client database (JSON documents; the PDFs are files). */
static gboolean
check_integrity (sqlite3  *db,
                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = db_prepare (db, "PRAGMA quick_check(1)", error);
  gboolean has_row;

  if (stmt == NULL || !db_step_row (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row || g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_CORRUPT,
                           "The database is damaged");
      return FALSE;
    }
  return TRUE;
}

/* Makes @path and whichever of its parents are missing (mode 0700), syncing each new
 * folder's name into its parent: SQLite syncs the names inside the data folder, never
 * the data folder's own name, so a power cut soon after the first start would otherwise
 * take the folder away with every write acknowledged in it (tests/powerloss/). */
static gboolean
make_data_dir (const char  *path,
               GError     **error)
{
  g_autofree char *parent = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;
  parent = g_path_get_dirname (path);
  if (g_strcmp0 (parent, path) != 0 && !make_data_dir (parent, error))
    return FALSE;
  if (g_mkdir (path, 0700) != 0 && errno != EEXIST)
    {
      int errsv = errno;
      plenum_store_set_errno_error (error, errsv, "Cannot make the data folder");
      return FALSE;
    }
  return plenum_store_fsync_dir (parent, error);
}

static gboolean
open_job (PlenumStore  *self,
          StoreJob     *job,
          GError      **error)
{
  int rc;

  assert_writer_thread (self);

  if (!make_data_dir (self->data_dir, error))
    return FALSE;

  self->write_db = open_write_connection (self->db_path, &self->schema_version, error);
  if (self->write_db == NULL)
    return FALSE;

  if (self->schema_version > PLENUM_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_SCHEMA_TOO_NEW,
                   "The database has schema version %d; this version of Plenum knows up "
                   "to %d. It was written by a newer Plenum.",
                   self->schema_version, PLENUM_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  if (self->schema_version < 0 ||
      !migrate (self->write_db, self->schema_version, PLENUM_STORE_SCHEMA_VERSION, error))
    {
      if (self->schema_version < 0)
        g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_CORRUPT,
                             "The database has a negative schema version");
      return FALSE;
    }
  self->schema_version = PLENUM_STORE_SCHEMA_VERSION;

  if (!check_integrity (self->write_db, error) || !ensure_terminal_id (self, error))
    return FALSE;

  /* An operation being sent when the last process ended may or may not have reached
   * the server: it is sent again (its operation id makes that harmless). */
  if (!db_exec (self->write_db, "UPDATE outbox SET state = 0 WHERE state = 1", error))
    return FALSE;

  /* The read connection: it cannot write, so it never fsyncs or checkpoints. It exists
   * once the write connection made the WAL and its index, which WAL readers need. */
  rc = sqlite3_open_v2 (self->db_path, &self->read_db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (self->read_db, rc, "Cannot open the database for reading", error);
  sqlite3_extended_result_codes (self->read_db, 1);
  sqlite3_busy_timeout (self->read_db, 1000);

  self->blob_store = plenum_blob_store_new (self->data_dir, error);
  if (self->blob_store == NULL)
    return FALSE;

  job->result = g_object_ref (self);
  job->result_free = g_object_unref;
  return TRUE;
}

void
plenum_store_open_async (const char          *data_dir,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(PlenumStore) self = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (data_dir != NULL && data_dir[0] != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  self = g_object_new (PLENUM_TYPE_STORE, NULL);
  self->data_dir = g_strdup (data_dir);
  self->db_path = g_build_filename (data_dir, "plenum.db", NULL);
  self->owner_thread = g_thread_self ();
  self->owner_context = g_main_context_ref_thread_default ();

  /* No source object: the store is the result. The job holds the store instead. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_store_open_async);
  g_task_set_task_data (task, g_object_ref (self), g_object_unref);

  self->writer_thread = g_thread_try_new ("plenum-store", writer_thread_main, self, &error);
  if (self->writer_thread == NULL)
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_IO,
                               "Cannot start the database thread: %s", error->message);
      return;
    }

  queue_job (self, g_steal_pointer (&task), open_job, NULL, NULL, 0, NULL);
}

PlenumStore *
plenum_store_open_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == plenum_store_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
plenum_store_get_data_dir (PlenumStore *self)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  return self->data_dir;
}

PlenumBlobStore *
plenum_store_get_blob_store (PlenumStore *self)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  return self->blob_store;
}

const char *
plenum_store_get_terminal_id (PlenumStore *self)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  return self->terminal_id;
}

int
plenum_store_get_schema_version (PlenumStore *self)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), -1);
  return self->schema_version;
}

GThread *
plenum_store_get_writer_thread (PlenumStore *self)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  return self->writer_thread;
}

/* A task for a write job on this store. */
static GTask *
write_task_new (PlenumStore         *self,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data,
                gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

static gboolean
write_finish (PlenumStore   *self,
              GAsyncResult  *result,
              gpointer       source_tag,
              GError       **error)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Settings */

typedef struct {
  char *key;
  char *value;
} SettingData;

static void
setting_data_free (gpointer data)
{
  SettingData *d = data;

  g_free (d->key);
  g_free (d->value);
  g_free (d);
}

static gboolean
set_setting_job (PlenumStore  *self,
                 StoreJob     *job,
                 GError      **error)
{
  SettingData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  assert_writer_thread (self);

  if (d->value != NULL)
    stmt = db_prepare (db, "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                           "ON CONFLICT (key) DO UPDATE SET value = ?2", error);
  else
    stmt = db_prepare (db, "DELETE FROM settings WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->key);
  if (d->value != NULL)
    bind_text (stmt, 2, d->value);

  /* One statement: SQLite makes it its own transaction, committed durably. */
  if (!db_step_done (db, stmt, error))
    return FALSE;
  plenum_store_durability_point ("commit");
  return TRUE;
}

char *
plenum_store_get_setting (PlenumStore *self,
                          const char  *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  assert_owner_thread (self);

  stmt = db_prepare (self->read_db, "SELECT value FROM settings WHERE key = ?", &error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, key);
  if (!db_step_row (self->read_db, stmt, &has_row, &error))
    goto fail;
  return has_row ? column_dup (stmt, 0) : NULL;

fail:
  g_warning ("Cannot read a setting: %s", error->message);
  return NULL;
}

void
plenum_store_set_setting_async (PlenumStore         *self,
                                const char          *key,
                                const char          *value,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SettingData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (key != NULL);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data, plenum_store_set_setting_async);
  if (key[0] == '\0' || !g_utf8_validate (key, -1, NULL) ||
      (value != NULL && !g_utf8_validate (value, -1, NULL)))
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "A setting needs a key and UTF-8 text");
      return;
    }

  d = g_new0 (SettingData, 1);
  d->key = g_strdup (key);
  d->value = g_strdup (value);
  queue_job (self, g_steal_pointer (&task), set_setting_job, d, setting_data_free, 0, NULL);
}

gboolean
plenum_store_set_setting_finish (PlenumStore   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return write_finish (self, result, plenum_store_set_setting_async, error);
}

/* Meetings */

typedef struct {
  char *account_id;
  char *json;
  char *etag;
  char *meeting_id;
  gint64 event_seq;             /* -1: no event position to move with the change */
} MeetingData;

static void
meeting_data_free (gpointer data)
{
  MeetingData *d = data;

  g_free (d->account_id);
  g_free (d->json);
  g_free (d->etag);
  g_free (d->meeting_id);
  g_free (d);
}

static MeetingData *
meeting_data_new (const char *account_id,
                  const char *json,
                  const char *etag,
                  const char *meeting_id)
{
  MeetingData *d = g_new0 (MeetingData, 1);

  d->account_id = g_strdup (account_id != NULL ? account_id : TERMINAL_ACCOUNT);
  d->json = g_strdup (json);
  d->etag = g_strdup (etag);
  d->meeting_id = g_strdup (meeting_id);
  d->event_seq = -1;
  return d;
}

static gboolean
check_account_id (GTask      *task,
                  const char *account_id)
{
  if (account_id == NULL || plenum_is_uuid (account_id))
    return TRUE;
  g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                           "An account id must be a UUID");
  return FALSE;
}

/* Reads @json with the core model; INVALID when it is not a meeting. */
static PlenumMeeting *
read_meeting (const char  *json,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(cJSON) node = plenum_json_parse (json, -1, &local_error);
  PlenumMeeting *meeting = NULL;

  if (node != NULL)
    meeting = plenum_meeting_new_from_json (node, "", &local_error);
  if (meeting == NULL)
    g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                 "Not a meeting: %s", local_error->message);
  return meeting;
}

static char *
meeting_summary_text (PlenumMeeting *meeting)
{
  g_autoptr(cJSON) node = plenum_meeting_to_summary_json (meeting);

  return plenum_json_print (node);
}

/* Inserts the meeting or, when it is stored, replaces it; when @only_over_summary, a
 * stored full Meeting is kept as it is. */
static gboolean
upsert_meeting (sqlite3        *db,
                PlenumMeeting  *meeting,
                const char     *json,
                const char     *etag,
                gboolean        only_over_summary,
                GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *summary = meeting_summary_text (meeting);
  const char *sql_always =
    "INSERT INTO meetings (id, body_id, starts_at, packet_version, summary_json, json, "
    "                      has_agenda, etag) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (id) DO UPDATE SET body_id = ?2, starts_at = ?3, packet_version = ?4, "
    "  summary_json = ?5, json = ?6, has_agenda = ?7, etag = ?8";
  const char *sql_over_summary =
    "INSERT INTO meetings (id, body_id, starts_at, packet_version, summary_json, json, "
    "                      has_agenda, etag) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (id) DO UPDATE SET body_id = ?2, starts_at = ?3, packet_version = ?4, "
    "  summary_json = ?5, json = ?6, has_agenda = ?7, etag = ?8 "
    "WHERE meetings.has_agenda = 0";

  stmt = db_prepare (db, only_over_summary ? sql_over_summary : sql_always, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, plenum_meeting_get_id (meeting));
  bind_text (stmt, 2, plenum_meeting_get_body_id (meeting));
  sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (plenum_meeting_get_starts_at (meeting)));
  sqlite3_bind_int64 (stmt, 4, plenum_meeting_get_packet_version (meeting));
  bind_text (stmt, 5, summary);
  bind_text (stmt, 6, json);
  sqlite3_bind_int (stmt, 7, plenum_meeting_has_agenda (meeting) ? 1 : 0);
  bind_text (stmt, 8, etag);
  return db_step_done (db, stmt, error);
}

static gboolean
grant_access (sqlite3     *db,
              const char  *account_id,
              const char  *meeting_id,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    db_prepare (db, "INSERT OR IGNORE INTO meeting_access (account_id, meeting_id) "
                    "VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, account_id);
  bind_text (stmt, 2, meeting_id);
  return db_step_done (db, stmt, error);
}

/* Deletes the meetings nobody may see any longer. */
static gboolean
delete_orphan_meetings (sqlite3  *db,
                        GError  **error)
{
  return db_exec (db, "DELETE FROM meetings WHERE NOT EXISTS "
                      "(SELECT 1 FROM meeting_access a WHERE a.meeting_id = meetings.id)",
                  error);
}

/* Moves the event position of @holder ('' for the terminal) to @event_seq, inside the
 * caller's transaction; nothing when @event_seq is negative. */
static gboolean
write_event_position (sqlite3     *db,
                      const char  *holder,
                      gint64       event_seq,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (event_seq < 0)
    return TRUE;
  stmt = db_prepare (db, "INSERT INTO event_positions (holder, seq) VALUES (?1, ?2) "
                         "ON CONFLICT (holder) DO UPDATE SET seq = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, holder);
  sqlite3_bind_int64 (stmt, 2, event_seq);
  return db_step_done (db, stmt, error);
}

static gboolean
save_meeting_job (PlenumStore  *self,
                  StoreJob     *job,
                  GError      **error)
{
  MeetingData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(PlenumMeeting) meeting = NULL;

  assert_writer_thread (self);

  meeting = read_meeting (d->json, error);
  if (meeting == NULL)
    return FALSE;

  if (!db_exec (db, "BEGIN IMMEDIATE", error) ||
      !upsert_meeting (db, meeting, d->json, d->etag, FALSE, error) ||
      !grant_access (db, d->account_id, plenum_meeting_get_id (meeting), error) ||
      !write_event_position (db, d->account_id, d->event_seq, error))
    return FALSE;
  return commit (db, error);
}

void
plenum_store_save_meeting_async (PlenumStore         *self,
                                 const char          *account_id,
                                 const char          *meeting_json,
                                 const char          *etag,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (meeting_json != NULL);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data, plenum_store_save_meeting_async);
  if (!check_account_id (task, account_id))
    return;
  queue_job (self, g_steal_pointer (&task), save_meeting_job,
             meeting_data_new (account_id, meeting_json, etag, NULL), meeting_data_free,
             EMIT_MEETINGS_CHANGED, NULL);
}

gboolean
plenum_store_save_meeting_finish (PlenumStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return write_finish (self, result, plenum_store_save_meeting_async, error);
}

static gboolean
save_meeting_list_job (PlenumStore  *self,
                       StoreJob     *job,
                       GError      **error)
{
  static const char * const known[] = { "meetings", NULL };
  MeetingData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GPtrArray) meetings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) revoke = NULL;
  g_autoptr(sqlite3_stmt) list_etag = NULL;
  const cJSON *array = NULL;
  const cJSON *element;
  gboolean has_row;

  assert_writer_thread (self);

  /* Read everything first: bad input changes nothing. */
  root = plenum_json_parse (d->json, -1, &local_error);
  if (root == NULL ||
      !plenum_json_check_object (root, "", known, &local_error) ||
      !plenum_json_get_array (root, "", "meetings", PLENUM_JSON_REQUIRED,
                              PLENUM_MAX_ARRAY_ITEMS, &array, &local_error))
    {
      g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                   "Not a meeting list: %s", local_error->message);
      return FALSE;
    }
  cJSON_ArrayForEach (element, array)
    {
      g_autofree char *where = plenum_json_path_index ("meetings", meetings->len);
      PlenumMeeting *meeting = plenum_meeting_new_from_json (element, where, &local_error);

      if (meeting == NULL)
        {
          g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                       "Not a meeting list: %s", local_error->message);
          return FALSE;
        }
      g_ptr_array_add (meetings, meeting);
      g_ptr_array_add (texts, plenum_json_print (element));
      g_hash_table_add (listed, (gpointer) plenum_meeting_get_id (meeting));
    }

  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint i = 0; i < meetings->len; i++)
    {
      PlenumMeeting *meeting = g_ptr_array_index (meetings, i);

      if (!upsert_meeting (db, meeting, g_ptr_array_index (texts, i), NULL, TRUE, error) ||
          !grant_access (db, d->account_id, plenum_meeting_get_id (meeting), error))
        return FALSE;
    }

  select = db_prepare (db, "SELECT meeting_id FROM meeting_access WHERE account_id = ?", error);
  if (select == NULL)
    return FALSE;
  bind_text (select, 1, d->account_id);
  for (;;)
    {
      if (!db_step_row (db, select, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      if (!g_hash_table_contains (listed, sqlite3_column_text (select, 0)))
        g_ptr_array_add (dropped, column_dup (select, 0));
    }

  revoke = db_prepare (db, "DELETE FROM meeting_access WHERE account_id = ? AND meeting_id = ?",
                       error);
  if (revoke == NULL)
    return FALSE;
  for (guint i = 0; i < dropped->len; i++)
    {
      sqlite3_reset (revoke);
      bind_text (revoke, 1, d->account_id);
      bind_text (revoke, 2, g_ptr_array_index (dropped, i));
      if (!db_step_done (db, revoke, error))
        return FALSE;
    }
  if (!delete_orphan_meetings (db, error))
    return FALSE;

  list_etag = db_prepare (db, "INSERT INTO meeting_lists (account_id, etag) VALUES (?1, ?2) "
                              "ON CONFLICT (account_id) DO UPDATE SET etag = ?2", error);
  if (list_etag == NULL)
    return FALSE;
  bind_text (list_etag, 1, d->account_id);
  bind_text (list_etag, 2, d->etag);
  if (!db_step_done (db, list_etag, error))
    return FALSE;

  return commit (db, error);
}

void
plenum_store_save_meeting_list_async (PlenumStore         *self,
                                      const char          *account_id,
                                      const char          *list_json,
                                      const char          *etag,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (list_json != NULL);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_save_meeting_list_async);
  if (!check_account_id (task, account_id))
    return;
  queue_job (self, g_steal_pointer (&task), save_meeting_list_job,
             meeting_data_new (account_id, list_json, etag, NULL), meeting_data_free,
             EMIT_MEETINGS_CHANGED, NULL);
}

gboolean
plenum_store_save_meeting_list_finish (PlenumStore   *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return write_finish (self, result, plenum_store_save_meeting_list_async, error);
}

static gboolean
remove_meeting_job (PlenumStore  *self,
                    StoreJob     *job,
                    GError      **error)
{
  MeetingData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) revoke = NULL;

  assert_writer_thread (self);

  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  revoke = db_prepare (db, "DELETE FROM meeting_access WHERE account_id = ? AND meeting_id = ?",
                       error);
  if (revoke == NULL)
    return FALSE;
  bind_text (revoke, 1, d->account_id);
  bind_text (revoke, 2, d->meeting_id);
  if (!db_step_done (db, revoke, error) || !delete_orphan_meetings (db, error) ||
      !write_event_position (db, d->account_id, d->event_seq, error))
    return FALSE;
  return commit (db, error);
}

void
plenum_store_remove_meeting_async (PlenumStore         *self,
                                   const char          *account_id,
                                   const char          *meeting_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (meeting_id != NULL);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_remove_meeting_async);
  if (!check_account_id (task, account_id))
    return;
  queue_job (self, g_steal_pointer (&task), remove_meeting_job,
             meeting_data_new (account_id, NULL, NULL, meeting_id), meeting_data_free,
             EMIT_MEETINGS_CHANGED, NULL);
}

gboolean
plenum_store_remove_meeting_finish (PlenumStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return write_finish (self, result, plenum_store_remove_meeting_async, error);
}

/* Runs @sql with one text parameter on the read connection; the first column of the
 * first row, or NULL (a read failure is logged and reads as NULL). */
static char *
read_one_text (PlenumStore *self,
               const char  *sql,
               const char  *param)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  assert_owner_thread (self);

  stmt = db_prepare (self->read_db, sql, &error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, param);
  if (!db_step_row (self->read_db, stmt, &has_row, &error))
    goto fail;
  return has_row ? column_dup (stmt, 0) : NULL;

fail:
  g_warning ("Cannot read the database: %s", error->message);
  return NULL;
}

char *
plenum_store_get_meeting_list_etag (PlenumStore *self,
                                    const char  *account_id)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);

  return read_one_text (self, "SELECT etag FROM meeting_lists WHERE account_id = ?",
                        account_id != NULL ? account_id : TERMINAL_ACCOUNT);
}

char *
plenum_store_get_meeting_etag (PlenumStore *self,
                               const char  *id)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return read_one_text (self, "SELECT etag FROM meetings WHERE id = ?", id);
}

GListModel *
plenum_store_list_meetings (PlenumStore *self,
                            const char  *account_id)
{
  g_autoptr(GListStore) list = g_list_store_new (PLENUM_TYPE_MEETING);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  assert_owner_thread (self);

  stmt = db_prepare (self->read_db,
                     "SELECT m.summary_json FROM meetings m "
                     "JOIN meeting_access a ON a.meeting_id = m.id "
                     "WHERE a.account_id = ? ORDER BY m.starts_at, m.id", &error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, account_id != NULL ? account_id : TERMINAL_ACCOUNT);
  for (;;)
    {
      g_autoptr(PlenumMeeting) meeting = NULL;

      if (!db_step_row (self->read_db, stmt, &has_row, &error))
        goto fail;
      if (!has_row)
        break;
      meeting = read_meeting ((const char *) sqlite3_column_text (stmt, 0), &error);
      if (meeting == NULL)
        goto fail;
      g_list_store_append (list, meeting);
    }
  return G_LIST_MODEL (g_steal_pointer (&list));

fail:
  /* What could be read is shown; the rest is in the log. */
  g_warning ("Cannot list the stored meetings: %s", error->message);
  return G_LIST_MODEL (g_steal_pointer (&list));
}

PlenumMeeting *
plenum_store_get_meeting (PlenumStore  *self,
                          const char   *id,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  PlenumMeeting *meeting;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  assert_owner_thread (self);

  stmt = db_prepare (self->read_db, "SELECT json FROM meetings WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  if (!db_step_row (self->read_db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND,
                           "No such meeting is stored");
      return NULL;
    }
  meeting = read_meeting ((const char *) sqlite3_column_text (stmt, 0), &local_error);
  if (meeting == NULL)
    {
      /* It was checked when it was saved. */
      g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_CORRUPT,
                   "A stored meeting cannot be read: %s", local_error->message);
      return NULL;
    }
  return meeting;
}

/* Accounts */

typedef struct {
  char *name;
  char *account_json;
  char *pin;        /* secret: wiped when freed */
  char *token;      /* secret: wiped when freed */
  gint64 expires_at;
  char *verifier;
} AccountData;

static void
account_data_free (gpointer data)
{
  AccountData *d = data;

  g_free (d->name);
  g_free (d->account_json);
  plenum_secret_free (d->pin);
  plenum_secret_free (d->token);
  g_free (d->verifier);
  g_free (d);
}

static char *
make_verifier (const char  *pin,
               GError     **error)
{
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  g_autofree struct crypt_data *data = g_new0 (struct crypt_data, 1);
  const char *hash;
  char *verifier = NULL;

  /* NULL random bytes: libxcrypt takes them from the kernel. */
  if (crypt_gensalt_rn ("$y$", VERIFIER_COST, NULL, 0, setting, sizeof setting) == NULL)
    {
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_IO,
                           "Cannot make a salt for the PIN");
      return NULL;
    }
  hash = crypt_rn (pin, setting, data, sizeof *data);
  if (hash != NULL && hash[0] == '$')
    verifier = g_strdup (hash);
  else
    g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_IO,
                         "Cannot hash the PIN");
  explicit_bzero (data, sizeof *data);
  return verifier;
}

/* TRUE when @pin hashes to @verifier; with @verifier NULL, hashes against the dummy and
 * returns FALSE, in the same time. */
static gboolean
check_verifier (const char *pin,
                const char *verifier)
{
  g_autofree struct crypt_data *data = g_new0 (struct crypt_data, 1);
  const char *setting = verifier != NULL ? verifier : dummy_verifier;
  const char *hash = crypt_rn (pin, setting, data, sizeof *data);
  gsize length = strlen (setting);
  gboolean match;

  match = hash != NULL && hash[0] == '$' && strlen (hash) == length &&
          CRYPTO_memcmp (hash, setting, length) == 0;
  explicit_bzero (data, sizeof *data);
  return verifier != NULL && match;
}

static gboolean
remember_account_job (PlenumStore  *self,
                      StoreJob     *job,
                      GError      **error)
{
  AccountData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(cJSON) node = NULL;
  g_autoptr(PlenumMember) member = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *verifier = NULL;

  assert_writer_thread (self);

  node = plenum_json_parse (d->account_json, -1, &local_error);
  if (node != NULL)
    member = plenum_member_new_from_json (node, "account", &local_error);
  if (member == NULL)
    {
      g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                   "Not an account: %s", local_error->message);
      return FALSE;
    }
  if (!plenum_member_is_account (member) ||
      g_strcmp0 (plenum_member_get_name (member), d->name) != 0)
    {
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                           "The account's sign-in name is not the one signed in with");
      return FALSE;
    }

  /* Slow on purpose (yescrypt); on this thread, before the transaction starts. */
  verifier = make_verifier (d->pin, error);
  if (verifier == NULL)
    return FALSE;

  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  stmt = db_prepare (db,
                     "INSERT INTO accounts (name, account_id, json, verifier, token, "
                     "                      token_expires_at, signed_in_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                     "ON CONFLICT (name) DO UPDATE SET account_id = ?2, json = ?3, "
                     "  verifier = ?4, token = ?5, token_expires_at = ?6, signed_in_at = ?7, "
                     "  signed_out = 0",
                     error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->name);
  bind_text (stmt, 2, plenum_member_get_id (member));
  bind_text (stmt, 3, d->account_json);
  bind_text (stmt, 4, verifier);
  bind_text (stmt, 5, d->token);
  if (d->token != NULL)
    sqlite3_bind_int64 (stmt, 6, d->expires_at);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time () / G_USEC_PER_SEC);
  if (!db_step_done (db, stmt, error))
    return FALSE;
  sqlite3_clear_bindings (stmt);
  return commit (db, error);
}

void
plenum_store_remember_account_async (PlenumStore         *self,
                                     const char          *name,
                                     const char          *account_json,
                                     const char          *pin,
                                     const char          *token,
                                     GDateTime           *expires_at,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AccountData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (name != NULL && account_json != NULL && pin != NULL);
  g_return_if_fail (token == NULL || expires_at != NULL);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_remember_account_async);
  if (!plenum_is_sign_in_name (name) || !plenum_is_pin (pin) ||
      (token != NULL && (token[0] == '\0' || !g_utf8_validate (token, -1, NULL))))
    {
      /* Never quote the PIN or the token. */
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "A sign-in name, a PIN of 4 to 12 digits and a token are "
                               "needed to remember an account");
      return;
    }

  d = g_new0 (AccountData, 1);
  d->name = g_strdup (name);
  d->account_json = g_strdup (account_json);
  d->pin = g_strdup (pin);
  d->token = g_strdup (token);
  d->expires_at = expires_at != NULL ? g_date_time_to_unix (expires_at) : 0;
  queue_job (self, g_steal_pointer (&task), remember_account_job, d, account_data_free,
             0, NULL);
}

gboolean
plenum_store_remember_account_finish (PlenumStore   *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return write_finish (self, result, plenum_store_remember_account_async, error);
}

static void
check_pin_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  AccountData *d = task_data;

  if (check_verifier (d->pin, d->verifier))
    g_task_return_pointer (task, g_steal_pointer (&d->account_json), g_free);
  else
    g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_WRONG_PIN,
                             "Wrong name or PIN");
}

/* Back on the owner's thread. */
static void
check_pin_done_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *json = g_task_propagate_pointer (G_TASK (result), &error);

  if (json != NULL)
    g_task_return_pointer (task, json, g_free);
  else
    g_task_return_error (task, error);
}

void
plenum_store_check_offline_pin_async (PlenumStore         *self,
                                      const char          *name,
                                      const char          *pin,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) hash_task = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GError *error = NULL;
  AccountData *d;
  gboolean has_row;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (name != NULL && pin != NULL);
  assert_owner_thread (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_store_check_offline_pin_async);

  /* One short read here; the slow hash on a worker. */
  stmt = db_prepare (self->read_db, "SELECT verifier, json FROM accounts WHERE name = ?",
                     &error);
  if (stmt == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  bind_text (stmt, 1, name);
  if (!db_step_row (self->read_db, stmt, &has_row, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  d = g_new0 (AccountData, 1);
  d->name = g_strdup (name);
  d->pin = g_strdup (pin);
  if (has_row)
    {
      d->verifier = column_dup (stmt, 0);
      d->account_json = column_dup (stmt, 1);
    }

  /* The worker's task has no source object: a GTask run in a thread may drop its last
   * reference on the worker, and the store must never be disposed there. */
  hash_task = g_task_new (NULL, NULL, check_pin_done_cb, g_object_ref (task));
  g_task_set_source_tag (hash_task, check_pin_thread);
  g_task_set_task_data (hash_task, d, account_data_free);
  g_task_run_in_thread (hash_task, check_pin_thread);
}

char *
plenum_store_check_offline_pin_finish (PlenumStore   *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_store_check_offline_pin_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
plenum_store_get_token (PlenumStore  *self,
                        const char   *name,
                        GDateTime   **expires_at)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (expires_at == NULL || *expires_at == NULL, NULL);
  assert_owner_thread (self);

  stmt = db_prepare (self->read_db, "SELECT token, token_expires_at FROM accounts "
                                    "WHERE name = ? AND token IS NOT NULL", &error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, name);
  if (!db_step_row (self->read_db, stmt, &has_row, &error))
    goto fail;
  if (!has_row)
    return NULL;
  if (expires_at != NULL)
    *expires_at = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 1));
  return column_dup (stmt, 0);

fail:
  g_warning ("Cannot read a token: %s", error->message);
  return NULL;
}

gboolean
plenum_store_has_account (PlenumStore *self,
                          const char  *name)
{
  g_autofree char *found = NULL;

  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  found = read_one_text (self, "SELECT name FROM accounts WHERE name = ?", name);
  return found != NULL;
}

char *
plenum_store_get_account_verifier (PlenumStore *self,
                                   const char  *name)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);

  return read_one_text (self, "SELECT verifier FROM accounts WHERE name = ?", name);
}

static gboolean
forget_token_job (PlenumStore  *self,
                  StoreJob     *job,
                  GError      **error)
{
  AccountData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  assert_writer_thread (self);

  /* A member with operations still to send keeps the token only to send them: the
   * account is marked signed out, and settling its last operation drops the token. */
  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  stmt = db_prepare (db, "UPDATE accounts SET signed_out = 1 WHERE name = ?1 AND EXISTS "
                         "(SELECT 1 FROM outbox o WHERE o.account_id = accounts.account_id "
                         " AND o.state <= 1)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->name);
  if (!db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = db_prepare (db, "UPDATE accounts SET token = NULL, token_expires_at = NULL, "
                         "  signed_out = 0 "
                         "WHERE name = ?1 AND NOT EXISTS "
                         "(SELECT 1 FROM outbox o WHERE o.account_id = accounts.account_id "
                         " AND o.state <= 1)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->name);
  if (!db_step_done (db, stmt, error))
    return FALSE;
  return commit (db, error);
}

void
plenum_store_forget_token_async (PlenumStore         *self,
                                 const char          *name,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AccountData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (name != NULL);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data, plenum_store_forget_token_async);
  d = g_new0 (AccountData, 1);
  d->name = g_strdup (name);
  queue_job (self, g_steal_pointer (&task), forget_token_job, d, account_data_free,
             EMIT_OUTBOX_CHANGED, NULL);
}

gboolean
plenum_store_forget_token_finish (PlenumStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return write_finish (self, result, plenum_store_forget_token_async, error);
}

/* Blob states */

typedef struct {
  char *sha256;
  guint64 size;
  PlenumBlobState state;
  guint64 bytes_present;
} BlobStateData;

static void
blob_state_data_free (gpointer data)
{
  BlobStateData *d = data;

  g_free (d->sha256);
  g_free (d);
}

static gboolean
set_blob_state_job (PlenumStore  *self,
                    StoreJob     *job,
                    GError      **error)
{
  BlobStateData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  assert_writer_thread (self);

  stmt = db_prepare (db, "INSERT INTO blobs (sha256, size, state, bytes_present) "
                         "VALUES (?1, ?2, ?3, ?4) "
                         "ON CONFLICT (sha256) DO UPDATE SET size = ?2, state = ?3, "
                         "  bytes_present = ?4", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->sha256);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) d->size);
  sqlite3_bind_int (stmt, 3, d->state);
  sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) d->bytes_present);
  if (!db_step_done (db, stmt, error))
    return FALSE;
  plenum_store_durability_point ("commit");
  return TRUE;
}

static gboolean
forget_blob_job (PlenumStore  *self,
                 StoreJob     *job,
                 GError      **error)
{
  BlobStateData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  assert_writer_thread (self);

  stmt = db_prepare (db, "DELETE FROM blobs WHERE sha256 = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->sha256);
  if (!db_step_done (db, stmt, error))
    return FALSE;
  plenum_store_durability_point ("commit");
  return TRUE;
}

static gboolean
check_sha256 (GTask      *task,
              const char *sha256)
{
  if (plenum_is_sha256_hex (sha256))
    return TRUE;
  g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                           "A blob is named by 64 lowercase hexadecimal digits");
  return FALSE;
}

void
plenum_store_set_blob_state_async (PlenumStore         *self,
                                   const char          *sha256,
                                   guint64              size,
                                   PlenumBlobState      state,
                                   guint64              bytes_present,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BlobStateData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (sha256 != NULL);
  g_return_if_fail (state >= PLENUM_BLOB_STATE_MISSING && state <= PLENUM_BLOB_STATE_VERIFIED);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_set_blob_state_async);
  if (!check_sha256 (task, sha256))
    return;
  if (size > G_MAXINT64 || bytes_present > size)
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "A blob cannot hold more bytes than its size");
      return;
    }

  d = g_new0 (BlobStateData, 1);
  d->sha256 = g_strdup (sha256);
  d->size = size;
  d->state = state;
  d->bytes_present = bytes_present;
  queue_job (self, g_steal_pointer (&task), set_blob_state_job, d, blob_state_data_free,
             EMIT_BLOB_STATE_CHANGED, sha256);
}

gboolean
plenum_store_set_blob_state_finish (PlenumStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return write_finish (self, result, plenum_store_set_blob_state_async, error);
}

void
plenum_store_forget_blob_async (PlenumStore         *self,
                                const char          *sha256,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BlobStateData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (sha256 != NULL);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data, plenum_store_forget_blob_async);
  if (!check_sha256 (task, sha256))
    return;
  d = g_new0 (BlobStateData, 1);
  d->sha256 = g_strdup (sha256);
  queue_job (self, g_steal_pointer (&task), forget_blob_job, d, blob_state_data_free,
             EMIT_BLOB_STATE_CHANGED, sha256);
}

gboolean
plenum_store_forget_blob_finish (PlenumStore   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return write_finish (self, result, plenum_store_forget_blob_async, error);
}

gboolean
plenum_store_get_blob_state (PlenumStore     *self,
                             const char      *sha256,
                             PlenumBlobState *state,
                             guint64         *size,
                             guint64         *bytes_present)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  assert_owner_thread (self);

  stmt = db_prepare (self->read_db, "SELECT size, state, bytes_present FROM blobs "
                                    "WHERE sha256 = ?", &error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, sha256);
  if (!db_step_row (self->read_db, stmt, &has_row, &error))
    goto fail;
  if (!has_row)
    return FALSE;
  if (size != NULL)
    *size = (guint64) sqlite3_column_int64 (stmt, 0);
  if (state != NULL)
    *state = (PlenumBlobState) sqlite3_column_int (stmt, 1);
  if (bytes_present != NULL)
    *bytes_present = (guint64) sqlite3_column_int64 (stmt, 2);
  return TRUE;

fail:
  g_warning ("Cannot read a blob's state: %s", error->message);
  return FALSE;
}

char **
plenum_store_list_blobs (PlenumStore     *self,
                         PlenumBlobState  state)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  assert_owner_thread (self);

  stmt = db_prepare (self->read_db, "SELECT sha256 FROM blobs WHERE state = ? "
                                    "ORDER BY sha256", &error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, state);
  for (;;)
    {
      if (!db_step_row (self->read_db, stmt, &has_row, &error))
        goto fail;
      if (!has_row)
        break;
      g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
    }
  return g_strv_builder_end (builder);

fail:
  g_warning ("Cannot list blobs: %s", error->message);
  return g_strv_builder_end (builder);
}

/* The outbox */

struct _PlenumOutboxOperation
{
  /* Immutable after creation: any thread may read it. */
  gatomicrefcount ref_count;
  gint64 seq;
  char *operation_id;
  char *account_id;             /* NULL for the terminal credential */
  char *kind;
  char *method;
  char *path;
  char *body;
  GDateTime *created_at;
  PlenumOutboxState state;
  guint attempts;
  guint refused_status;
  char *refused_code;
  char *refused_message;
  GDateTime *sent_at;
  char *result;
};

G_DEFINE_BOXED_TYPE (PlenumOutboxOperation, plenum_outbox_operation,
                     plenum_outbox_operation_ref, plenum_outbox_operation_unref)

PlenumOutboxOperation *
plenum_outbox_operation_ref (PlenumOutboxOperation *op)
{
  g_return_val_if_fail (op != NULL, NULL);
  g_atomic_ref_count_inc (&op->ref_count);
  return op;
}

void
plenum_outbox_operation_unref (PlenumOutboxOperation *op)
{
  g_return_if_fail (op != NULL);
  if (!g_atomic_ref_count_dec (&op->ref_count))
    return;
  g_free (op->operation_id);
  g_free (op->account_id);
  g_free (op->kind);
  g_free (op->method);
  g_free (op->path);
  g_free (op->body);
  g_clear_pointer (&op->created_at, g_date_time_unref);
  g_free (op->refused_code);
  g_free (op->refused_message);
  g_clear_pointer (&op->sent_at, g_date_time_unref);
  g_free (op->result);
  g_free (op);
}

#define OP_GETTER(type, field, name, fallback)                     \
  type                                                             \
  plenum_outbox_operation_get_##name (PlenumOutboxOperation *op)   \
  {                                                                \
    g_return_val_if_fail (op != NULL, fallback);                   \
    return op->field;                                              \
  }

OP_GETTER (gint64, seq, seq, 0)
OP_GETTER (const char *, operation_id, operation_id, NULL)
OP_GETTER (const char *, account_id, account_id, NULL)
OP_GETTER (const char *, kind, kind, NULL)
OP_GETTER (const char *, method, method, NULL)
OP_GETTER (const char *, path, path, NULL)
OP_GETTER (const char *, body, body, NULL)
OP_GETTER (GDateTime *, created_at, created_at, NULL)
OP_GETTER (PlenumOutboxState, state, state, PLENUM_OUTBOX_STATE_QUEUED)
OP_GETTER (guint, attempts, attempts, 0)
OP_GETTER (guint, refused_status, refused_status, 0)
OP_GETTER (const char *, refused_code, refused_code, NULL)
OP_GETTER (const char *, refused_message, refused_message, NULL)
OP_GETTER (GDateTime *, sent_at, sent_at, NULL)
OP_GETTER (const char *, result, result, NULL)

#undef OP_GETTER

#define OUTBOX_COLUMNS \
  "seq, operation_id, account_id, kind, method, path, body, created_at, state, " \
  "attempts, refused_status, refused_code, refused_message, sent_at, result"

static GDateTime *
date_time_from_usec (gint64 usec)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  if (seconds == NULL)
    return NULL;
  return g_date_time_add (seconds, usec % G_USEC_PER_SEC);
}

/* A row selected with OUTBOX_COLUMNS. */
static PlenumOutboxOperation *
operation_from_row (sqlite3_stmt *stmt)
{
  PlenumOutboxOperation *op = g_new0 (PlenumOutboxOperation, 1);
  const char *account_id = (const char *) sqlite3_column_text (stmt, 2);
  int state = sqlite3_column_int (stmt, 8);

  g_atomic_ref_count_init (&op->ref_count);
  op->seq = sqlite3_column_int64 (stmt, 0);
  op->operation_id = column_dup (stmt, 1);
  op->account_id = (account_id != NULL && account_id[0] != '\0') ? g_strdup (account_id) : NULL;
  op->kind = column_dup (stmt, 3);
  op->method = column_dup (stmt, 4);
  op->path = column_dup (stmt, 5);
  op->body = column_dup (stmt, 6);
  op->created_at = date_time_from_usec (sqlite3_column_int64 (stmt, 7));
  op->state = CLAMP (state, PLENUM_OUTBOX_STATE_QUEUED, PLENUM_OUTBOX_STATE_REFUSED);
  op->attempts = (guint) CLAMP (sqlite3_column_int64 (stmt, 9), 0, G_MAXUINT);
  op->refused_status = (guint) CLAMP (sqlite3_column_int64 (stmt, 10), 0, 999);
  op->refused_code = column_dup (stmt, 11);
  op->refused_message = column_dup (stmt, 12);
  if (sqlite3_column_type (stmt, 13) != SQLITE_NULL)
    op->sent_at = date_time_from_usec (sqlite3_column_int64 (stmt, 13));
  op->result = column_dup (stmt, 14);
  return op;
}

typedef struct {
  char *account_id;             /* '' for the terminal */
  char *operation_id;
  char *kind;
  char *method;
  char *path;
  char *body;                   /* with the operation id in it, or NULL */
  char *meeting_id;             /* the meeting a member's write is about, or NULL */
} OutboxAddData;

static void
outbox_add_data_free (gpointer data)
{
  OutboxAddData *d = data;

  g_free (d->account_id);
  g_free (d->operation_id);
  g_free (d->kind);
  g_free (d->method);
  g_free (d->path);
  g_free (d->body);
  g_free (d->meeting_id);
  g_free (d);
}

static gboolean
is_method (const char *method)
{
  static const char * const methods[] = { "POST", "PUT", "PATCH", "DELETE", NULL };

  return method != NULL && g_strv_contains (methods, method);
}

static gboolean
is_kind (const char *kind)
{
  if (kind == NULL || kind[0] == '\0' || strlen (kind) > 64)
    return FALSE;
  for (const char *c = kind; *c != '\0'; c++)
    if (!g_ascii_islower (*c) && !g_ascii_isdigit (*c) && *c != '.' && *c != '_' && *c != '-')
      return FALSE;
  return TRUE;
}

/* An absolute API path of plain segments: "/api/v1/" then letters, digits, '-', '_',
 * '.' and '/', no empty, "." or ".." segment, no query. */
static gboolean
is_api_path (const char *path)
{
  g_auto(GStrv) segments = NULL;

  if (path == NULL || !g_str_has_prefix (path, "/api/v1/") || strlen (path) > 1024)
    return FALSE;
  for (const char *c = path; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_' && *c != '.' && *c != '/')
      return FALSE;
  segments = g_strsplit (path + 1, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    if (segments[i][0] == '\0' || strcmp (segments[i], ".") == 0 ||
        strcmp (segments[i], "..") == 0)
      return FALSE;
  return TRUE;
}

/* @body_json (NULL: {} when @empty_object, else no body) with "operation_id" added. */
static char *
body_with_operation_id (const char  *body_json,
                        const char  *operation_id,
                        gboolean     empty_object,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(cJSON) node = NULL;

  if (body_json == NULL)
    {
      if (!empty_object)
        return NULL;
      node = cJSON_CreateObject ();
    }
  else
    {
      node = plenum_json_parse (body_json, -1, &local_error);
      if (node == NULL)
        {
          g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                       "An operation's body is not JSON: %s", local_error->message);
          return NULL;
        }
      if (!cJSON_IsObject (node))
        {
          g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "An operation's body must be a JSON object");
          return NULL;
        }
      if (cJSON_GetObjectItemCaseSensitive (node, "operation_id") != NULL)
        {
          g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "An operation's body gets its operation_id from the outbox");
          return NULL;
        }
    }
  plenum_json_add_string (node, "operation_id", operation_id);
  return plenum_json_print (node);
}

/* Inserts the operation, inside the caller's transaction. */
static gboolean
outbox_insert (sqlite3        *db,
               OutboxAddData  *d,
               GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    db_prepare (db, "INSERT INTO outbox (operation_id, account_id, kind, method, path, body, "
                    "                    created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->operation_id);
  bind_text (stmt, 2, d->account_id);
  bind_text (stmt, 3, d->kind);
  bind_text (stmt, 4, d->method);
  bind_text (stmt, 5, d->path);
  bind_text (stmt, 6, d->body);
  sqlite3_bind_int64 (stmt, 7, g_get_real_time ());
  return db_step_done (db, stmt, error);
}

static gboolean
outbox_add_job (PlenumStore  *self,
                StoreJob     *job,
                GError      **error)
{
  OutboxAddData *d = job->data;
  sqlite3 *db = self->write_db;

  assert_writer_thread (self);

  if (!db_exec (db, "BEGIN IMMEDIATE", error) || !outbox_insert (db, d, error) ||
      !commit (db, error))
    return FALSE;
  job->result = g_strdup (d->operation_id);
  job->result_free = g_free;
  return TRUE;
}

static OutboxAddData *
outbox_add_data_new (GTask      *task,
                     const char *account_id,
                     const char *kind,
                     const char *method,
                     const char *path,
                     const char *body_json,
                     gboolean    empty_object)
{
  g_autoptr(GError) error = NULL;
  OutboxAddData *d;

  if (!check_account_id (task, account_id))
    return NULL;
  if (!is_kind (kind) || !is_method (method) || !is_api_path (path))
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "An operation needs a kind, a method (POST, PUT, PATCH, "
                               "DELETE) and a plain /api/v1/ path");
      return NULL;
    }

  d = g_new0 (OutboxAddData, 1);
  d->account_id = g_strdup (account_id != NULL ? account_id : TERMINAL_ACCOUNT);
  d->operation_id = plenum_uuid_new ();
  d->kind = g_strdup (kind);
  d->method = g_strdup (method);
  d->path = g_strdup (path);
  /* Without a body, POST, PUT and PATCH still carry the operation id in one. */
  d->body = body_with_operation_id (body_json, d->operation_id,
                                    empty_object || strcmp (method, "DELETE") != 0, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      outbox_add_data_free (d);
      return NULL;
    }
  return d;
}

void
plenum_store_outbox_add_async (PlenumStore         *self,
                               const char          *account_id,
                               const char          *kind,
                               const char          *method,
                               const char          *path,
                               const char          *body_json,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OutboxAddData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data, plenum_store_outbox_add_async);
  d = outbox_add_data_new (task, account_id, kind, method, path, body_json, FALSE);
  if (d == NULL)
    return;
  queue_job (self, g_steal_pointer (&task), outbox_add_job, d, outbox_add_data_free,
             EMIT_OUTBOX_CHANGED, NULL);
}

char *
plenum_store_outbox_add_finish (PlenumStore   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == plenum_store_outbox_add_async ||
                        g_task_get_source_tag (G_TASK (result)) == plenum_store_check_in_async ||
                        g_task_get_source_tag (G_TASK (result)) == plenum_store_check_out_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean meeting_is_stored (sqlite3     *db,
                                   const char  *meeting_id,
                                   gboolean    *stored,
                                   GError     **error);

/* Attendance (check-in and check-out) */

/* Opens the transaction of a member's write about a meeting (attendance, a conflict of
 * interest): its meeting must be stored. */
static gboolean
begin_meeting_write (sqlite3        *db,
                     OutboxAddData  *d,
                     GError        **error)
{
  gboolean stored;

  if (!db_exec (db, "BEGIN IMMEDIATE", error) ||
      !meeting_is_stored (db, d->meeting_id, &stored, error))
    return FALSE;
  if (!stored)
    {
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND,
                           "No such meeting is stored");
      return FALSE;
    }
  return TRUE;
}

/* Runs @stmt (the row's change), adds the operation and commits; the job's result is
 * the operation id. */
static gboolean
finish_meeting_write (sqlite3        *db,
                      sqlite3_stmt   *stmt,
                      OutboxAddData  *d,
                      StoreJob       *job,
                      GError        **error)
{
  if (!db_step_done (db, stmt, error) || !outbox_insert (db, d, error) || !commit (db, error))
    return FALSE;
  job->result = g_strdup (d->operation_id);
  job->result_free = g_free;
  return TRUE;
}

static gboolean
check_in_job (PlenumStore  *self,
              StoreJob     *job,
              GError      **error)
{
  OutboxAddData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  assert_writer_thread (self);

  if (!begin_meeting_write (db, d, error))
    return FALSE;

  /* Checked in already: the first check-in's operation stands, unless the server
   * refused it (then this is a new try, with a new operation). */
  stmt = db_prepare (db, "SELECT a.operation_id, o.state FROM attendance a "
                         "LEFT JOIN outbox o ON o.operation_id = a.operation_id "
                         "WHERE a.account_id = ? AND a.meeting_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->account_id);
  bind_text (stmt, 2, d->meeting_id);
  if (!db_step_row (db, stmt, &has_row, error))
    return FALSE;
  if (has_row && sqlite3_column_int (stmt, 1) != PLENUM_OUTBOX_STATE_REFUSED)
    {
      job->result = column_dup (stmt, 0);
      job->result_free = g_free;
      rollback (db);
      return TRUE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = db_prepare (db, "INSERT INTO attendance (account_id, meeting_id, operation_id, "
                         "                        checked_in_at) VALUES (?1, ?2, ?3, ?4) "
                         "ON CONFLICT (account_id, meeting_id) DO UPDATE SET "
                         "  operation_id = ?3, checked_in_at = ?4", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->account_id);
  bind_text (stmt, 2, d->meeting_id);
  bind_text (stmt, 3, d->operation_id);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  return finish_meeting_write (db, stmt, d, job, error);
}

/* Queues @func, an attendance job of @account_id in @meeting_id with the operation
 * POST /api/v1/meetings/{meeting_id}/attendance carrying @body_json. */
static void
queue_attendance (PlenumStore         *self,
                  const char          *account_id,
                  const char          *meeting_id,
                  const char          *body_json,
                  StoreJobFunc         func,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  OutboxAddData *d;

  task = write_task_new (self, cancellable, callback, user_data, source_tag);
  /* The path is built only from a checked id. */
  if (!plenum_is_uuid (meeting_id))
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "A meeting id must be a UUID");
      return;
    }
  path = g_strdup_printf ("/api/v1/meetings/%s/attendance", meeting_id);
  d = outbox_add_data_new (task, account_id, PLENUM_OUTBOX_KIND_ATTENDANCE, "POST", path,
                           body_json, TRUE);
  if (d == NULL)
    return;
  d->meeting_id = g_strdup (meeting_id);
  queue_job (self, g_steal_pointer (&task), func, d, outbox_add_data_free,
             EMIT_OUTBOX_CHANGED | EMIT_ATTENDANCE_CHANGED, meeting_id);
}

void
plenum_store_check_in_async (PlenumStore         *self,
                             const char          *account_id,
                             const char          *meeting_id,
                             const char          *body_json,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (meeting_id != NULL);
  assert_owner_thread (self);

  queue_attendance (self, account_id, meeting_id, body_json, check_in_job, cancellable,
                    callback, user_data, plenum_store_check_in_async);
}

gboolean
plenum_store_get_attendance (PlenumStore       *self,
                             const char        *account_id,
                             const char        *meeting_id,
                             PlenumOutboxState *state)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);
  g_return_val_if_fail (meeting_id != NULL, FALSE);
  assert_owner_thread (self);

  stmt = db_prepare (self->read_db,
                     "SELECT o.state FROM attendance a "
                     "LEFT JOIN outbox o ON o.operation_id = a.operation_id "
                     "WHERE a.account_id = ? AND a.meeting_id = ?", &error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, account_id != NULL ? account_id : TERMINAL_ACCOUNT);
  bind_text (stmt, 2, meeting_id);
  if (!db_step_row (self->read_db, stmt, &has_row, &error))
    goto fail;
  if (!has_row)
    return FALSE;
  if (state != NULL)
    {
      /* An operation is never deleted while its check-in is recorded; QUEUED if it were. */
      int s = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? 0 : sqlite3_column_int (stmt, 0);
      *state = CLAMP (s, PLENUM_OUTBOX_STATE_QUEUED, PLENUM_OUTBOX_STATE_REFUSED);
    }
  return TRUE;

fail:
  g_warning ("Cannot read the attendance: %s", error->message);
  return FALSE;
}

/* Reads operations on the read connection: @sql selects OUTBOX_COLUMNS; @param is bound
 * to ?1 when not NULL, @number to ?2 when the statement has it. */
static GPtrArray *
read_operations (PlenumStore *self,
                 const char  *sql,
                 const char  *param,
                 gint64       number)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_outbox_operation_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  assert_owner_thread (self);

  stmt = db_prepare (self->read_db, sql, &error);
  if (stmt == NULL)
    goto fail;
  if (param != NULL)
    bind_text (stmt, 1, param);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, number);
  for (;;)
    {
      if (!db_step_row (self->read_db, stmt, &has_row, &error))
        goto fail;
      if (!has_row)
        break;
      g_ptr_array_add (ops, operation_from_row (stmt));
    }
  return g_steal_pointer (&ops);

fail:
  g_warning ("Cannot read the outbox: %s", error->message);
  return g_steal_pointer (&ops);
}

static PlenumOutboxOperation *
first_operation (GPtrArray *ops)
{
  if (ops->len == 0)
    return NULL;
  return plenum_outbox_operation_ref (g_ptr_array_index (ops, 0));
}

PlenumOutboxOperation *
plenum_store_outbox_next (PlenumStore *self,
                          const char  *account_id)
{
  g_autoptr(GPtrArray) ops = NULL;

  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);

  if (account_id != NULL)
    ops = read_operations (self, "SELECT " OUTBOX_COLUMNS " FROM outbox "
                                 "WHERE state <= 1 AND account_id = ? ORDER BY seq LIMIT 1",
                           account_id, 0);
  else
    ops = read_operations (self, "SELECT " OUTBOX_COLUMNS " FROM outbox "
                                 "WHERE state <= 1 ORDER BY seq LIMIT 1", NULL, 0);
  return first_operation (ops);
}

PlenumOutboxOperation *
plenum_store_outbox_get (PlenumStore *self,
                         const char  *operation_id)
{
  g_autoptr(GPtrArray) ops = NULL;

  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (operation_id != NULL, NULL);

  ops = read_operations (self, "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE operation_id = ?",
                         operation_id, 0);
  return first_operation (ops);
}

guint
plenum_store_outbox_count_pending (PlenumStore *self,
                                   const char  *account_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_STORE (self), 0);
  assert_owner_thread (self);

  stmt = db_prepare (self->read_db,
                     account_id != NULL
                     ? "SELECT count(*) FROM outbox WHERE state <= 1 AND account_id = ?"
                     : "SELECT count(*) FROM outbox WHERE state <= 1", &error);
  if (stmt == NULL)
    goto fail;
  if (account_id != NULL)
    bind_text (stmt, 1, account_id);
  if (!db_step_row (self->read_db, stmt, &has_row, &error))
    goto fail;
  return has_row ? (guint) sqlite3_column_int64 (stmt, 0) : 0;

fail:
  g_warning ("Cannot count the outbox: %s", error->message);
  return 0;
}

GHashTable *
plenum_store_outbox_accounts_with_tokens (PlenumStore *self)
{
  g_autoptr(GHashTable) accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  assert_owner_thread (self);

  stmt = db_prepare (self->read_db,
                     "SELECT DISTINCT a.account_id, a.name FROM outbox o "
                     "JOIN accounts a ON a.account_id = o.account_id "
                     "WHERE o.state <= 1 AND a.token IS NOT NULL", &error);
  if (stmt == NULL)
    goto fail;
  for (;;)
    {
      if (!db_step_row (self->read_db, stmt, &has_row, &error))
        goto fail;
      if (!has_row)
        break;
      g_hash_table_insert (accounts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                           g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  return g_steal_pointer (&accounts);

fail:
  g_warning ("Cannot read the outbox's accounts: %s", error->message);
  return g_steal_pointer (&accounts);
}

#define SENT_SHOWN_FOR (7 * G_TIME_SPAN_DAY)

GPtrArray *
plenum_store_outbox_list (PlenumStore *self,
                          const char  *account_id)
{
  gint64 since = g_get_real_time () - SENT_SHOWN_FOR;

  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);

  if (account_id != NULL)
    return read_operations (self, "SELECT " OUTBOX_COLUMNS " FROM outbox "
                                  "WHERE account_id = ?1 AND (state <> 2 OR sent_at >= ?2) "
                                  "ORDER BY seq", account_id, since);
  return read_operations (self, "SELECT " OUTBOX_COLUMNS " FROM outbox "
                                "WHERE state <> 2 OR sent_at >= ?2 ORDER BY seq", NULL, since);
}

typedef enum {
  MARK_SENDING,
  MARK_SENT,
  MARK_REFUSED,
  MARK_FAILED_ATTEMPT,
} MarkKind;

typedef struct {
  MarkKind kind;
  char *operation_id;
  char *result;
  guint http_status;
  char *code;
  char *message;
} MarkData;

static void
mark_data_free (gpointer data)
{
  MarkData *d = data;

  g_free (d->operation_id);
  g_free (d->result);
  g_free (d->code);
  g_free (d->message);
  g_free (d);
}

static gboolean
outbox_mark_job (PlenumStore  *self,
                 StoreJob     *job,
                 GError      **error)
{
  MarkData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *sql = NULL;

  assert_writer_thread (self);

  switch (d->kind)
    {
    case MARK_SENDING:
      sql = "UPDATE outbox SET state = 1 WHERE operation_id = ?1 AND state <= 1";
      break;
    case MARK_SENT:
      sql = "UPDATE outbox SET state = 2, sent_at = ?2, result = ?3 "
            "WHERE operation_id = ?1 AND state <= 1";
      break;
    case MARK_REFUSED:
      sql = "UPDATE outbox SET state = 3, refused_status = ?4, refused_code = ?5, "
            "  refused_message = ?6 WHERE operation_id = ?1 AND state <= 1";
      break;
    case MARK_FAILED_ATTEMPT:
      sql = "UPDATE outbox SET state = 0, attempts = attempts + 1 "
            "WHERE operation_id = ?1 AND state <= 1";
      break;
    default:
      g_assert_not_reached ();
    }

  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  stmt = db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->operation_id);
  if (d->kind == MARK_SENT)
    {
      sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
      bind_text (stmt, 3, d->result);
    }
  else if (d->kind == MARK_REFUSED)
    {
      sqlite3_bind_int (stmt, 4, (int) d->http_status);
      bind_text (stmt, 5, d->code);
      bind_text (stmt, 6, d->message);
    }
  if (!db_step_done (db, stmt, error))
    return FALSE;

  if (sqlite3_changes (db) == 0)
    {
      g_autoptr(sqlite3_stmt) find = db_prepare (db, "SELECT 1 FROM outbox WHERE operation_id = ?",
                                                 error);
      gboolean has_row;

      if (find == NULL)
        return FALSE;
      bind_text (find, 1, d->operation_id);
      if (!db_step_row (db, find, &has_row, error))
        return FALSE;
      if (has_row)
        g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                             "The operation is settled already");
      else
        g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND,
                             "No such operation in the outbox");
      return FALSE;
    }

  /* Its member signed out and this was the last operation to send: the token, kept
   * only for sending, goes now. */
  if (d->kind == MARK_SENT || d->kind == MARK_REFUSED)
    {
      g_clear_pointer (&stmt, sqlite3_finalize);
      stmt = db_prepare (db, "UPDATE accounts SET token = NULL, token_expires_at = NULL, "
                             "  signed_out = 0 "
                             "WHERE signed_out = 1 AND account_id = "
                             "  (SELECT account_id FROM outbox WHERE operation_id = ?1) "
                             "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE "
                             "  o.account_id = accounts.account_id AND o.state <= 1)", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, d->operation_id);
      if (!db_step_done (db, stmt, error))
        return FALSE;
    }
  return commit (db, error);
}

static void
queue_mark (PlenumStore         *self,
            MarkData            *d,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = write_task_new (self, cancellable, callback, user_data,
                                          plenum_store_outbox_mark_finish);

  if (!plenum_is_uuid (d->operation_id))
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND,
                               "No such operation in the outbox");
      mark_data_free (d);
      return;
    }
  queue_job (self, g_steal_pointer (&task), outbox_mark_job, d, mark_data_free,
             EMIT_OUTBOX_CHANGED, NULL);
}

static MarkData *
mark_data_new (MarkKind    kind,
               const char *operation_id)
{
  MarkData *d = g_new0 (MarkData, 1);

  d->kind = kind;
  d->operation_id = g_strdup (operation_id);
  return d;
}

void
plenum_store_outbox_mark_sending_async (PlenumStore         *self,
                                        const char          *operation_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (operation_id != NULL);
  assert_owner_thread (self);

  queue_mark (self, mark_data_new (MARK_SENDING, operation_id), cancellable, callback,
              user_data);
}

void
plenum_store_outbox_mark_sent_async (PlenumStore         *self,
                                     const char          *operation_id,
                                     const char          *result_json,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  MarkData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (operation_id != NULL);
  assert_owner_thread (self);

  d = mark_data_new (MARK_SENT, operation_id);
  d->result = g_strdup (result_json);
  queue_mark (self, d, cancellable, callback, user_data);
}

void
plenum_store_outbox_mark_refused_async (PlenumStore         *self,
                                        const char          *operation_id,
                                        guint                http_status,
                                        const char          *code,
                                        const char          *message,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  MarkData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (operation_id != NULL);
  assert_owner_thread (self);

  d = mark_data_new (MARK_REFUSED, operation_id);
  d->http_status = MIN (http_status, 999);
  /* Shown to the user later: only valid text is kept. */
  d->code = (code != NULL && g_utf8_validate (code, -1, NULL)) ? g_strdup (code) : NULL;
  d->message = (message != NULL && g_utf8_validate (message, -1, NULL)) ? g_strdup (message) : NULL;
  queue_mark (self, d, cancellable, callback, user_data);
}

void
plenum_store_outbox_mark_failed_attempt_async (PlenumStore         *self,
                                               const char          *operation_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (operation_id != NULL);
  assert_owner_thread (self);

  queue_mark (self, mark_data_new (MARK_FAILED_ATTEMPT, operation_id), cancellable, callback,
              user_data);
}

gboolean
plenum_store_outbox_mark_finish (PlenumStore   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return write_finish (self, result, plenum_store_outbox_mark_finish, error);
}

gboolean
plenum_store_account_has_pending (PlenumStore *self,
                                  const char  *name)
{
  g_autofree char *found = NULL;

  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  found = read_one_text (self, "SELECT 1 FROM accounts a JOIN outbox o "
                               "ON o.account_id = a.account_id "
                               "WHERE a.name = ? AND o.state <= 1 LIMIT 1", name);
  return found != NULL;
}

gboolean
plenum_store_account_is_signed_out (PlenumStore *self,
                                    const char  *name)
{
  g_autofree char *found = NULL;

  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  found = read_one_text (self, "SELECT 1 FROM accounts WHERE name = ? AND signed_out = 1",
                         name);
  return found != NULL;
}

/* The applied event position */

void
plenum_store_apply_event_meeting_async (PlenumStore         *self,
                                        const char          *account_id,
                                        const char          *meeting_json,
                                        const char          *etag,
                                        gint64               event_seq,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MeetingData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (meeting_json != NULL);
  g_return_if_fail (event_seq >= 0);
  assert_owner_thread (self);

  /* Finished by plenum_store_save_meeting_finish(), hence its tag. */
  task = write_task_new (self, cancellable, callback, user_data, plenum_store_save_meeting_async);
  if (!check_account_id (task, account_id))
    return;
  d = meeting_data_new (account_id, meeting_json, etag, NULL);
  d->event_seq = event_seq;
  queue_job (self, g_steal_pointer (&task), save_meeting_job, d, meeting_data_free,
             EMIT_MEETINGS_CHANGED, NULL);
}

void
plenum_store_apply_event_remove_meeting_async (PlenumStore         *self,
                                               const char          *account_id,
                                               const char          *meeting_id,
                                               gint64               event_seq,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MeetingData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (meeting_id != NULL);
  g_return_if_fail (event_seq >= 0);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_remove_meeting_async);
  if (!check_account_id (task, account_id))
    return;
  d = meeting_data_new (account_id, NULL, NULL, meeting_id);
  d->event_seq = event_seq;
  queue_job (self, g_steal_pointer (&task), remove_meeting_job, d, meeting_data_free,
             EMIT_MEETINGS_CHANGED, NULL);
}

static gboolean
set_event_seq_job (PlenumStore  *self,
                   StoreJob     *job,
                   GError      **error)
{
  MeetingData *d = job->data;
  sqlite3 *db = self->write_db;

  assert_writer_thread (self);

  if (!db_exec (db, "BEGIN IMMEDIATE", error) ||
      !write_event_position (db, d->account_id, d->event_seq, error))
    return FALSE;
  return commit (db, error);
}

void
plenum_store_set_last_event_seq_async (PlenumStore         *self,
                                       const char          *account_id,
                                       gint64               event_seq,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MeetingData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (event_seq >= 0);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_set_last_event_seq_async);
  if (!check_account_id (task, account_id))
    return;
  d = meeting_data_new (account_id, NULL, NULL, NULL);
  d->event_seq = event_seq;
  queue_job (self, g_steal_pointer (&task), set_event_seq_job, d, meeting_data_free, 0, NULL);
}

gboolean
plenum_store_set_last_event_seq_finish (PlenumStore   *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return write_finish (self, result, plenum_store_set_last_event_seq_async, error);
}

gboolean
plenum_store_get_last_event_seq (PlenumStore *self,
                                 const char  *account_id,
                                 gint64      *event_seq)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);
  assert_owner_thread (self);

  stmt = db_prepare (self->read_db, "SELECT seq FROM event_positions WHERE holder = ?", &error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, account_id != NULL ? account_id : TERMINAL_ACCOUNT);
  if (!db_step_row (self->read_db, stmt, &has_row, &error))
    goto fail;
  if (!has_row)
    return FALSE;
  if (event_seq != NULL)
    *event_seq = sqlite3_column_int64 (stmt, 0);
  return TRUE;

fail:
  g_warning ("Cannot read the event position: %s", error->message);
  return FALSE;
}

/* Readiness */

gboolean
plenum_store_get_meeting_readiness (PlenumStore *self,
                                    const char  *meeting_id,
                                    guint       *docs_total,
                                    guint       *docs_done,
                                    guint64     *bytes_total,
                                    guint64     *bytes_done)
{
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(GError) error = NULL;
  guint n_total = 0, n_done = 0;
  guint64 b_total = 0, b_done = 0;
  GListModel *agenda;

  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);
  g_return_val_if_fail (meeting_id != NULL, FALSE);
  assert_owner_thread (self);

  meeting = plenum_store_get_meeting (self, meeting_id, &error);
  if (meeting == NULL)
    {
      if (!g_error_matches (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND))
        g_warning ("Cannot read a meeting for its readiness: %s", error->message);
      return FALSE;
    }

  agenda = plenum_meeting_has_agenda (meeting) ? plenum_meeting_get_agenda (meeting) : NULL;
  for (guint i = 0; agenda != NULL && i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      GListModel *documents = plenum_agenda_item_get_documents (item);

      for (guint j = 0; j < g_list_model_get_n_items (documents); j++)
        {
          g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, j);
          const char *sha256 = plenum_document_get_sha256 (document);
          guint64 size = (guint64) MAX (plenum_document_get_size (document), 0);
          PlenumBlobState state;
          guint64 present = 0;
          gboolean verified;

          n_total++;
          b_total += size;

          if (plenum_store_get_blob_state (self, sha256, &state, NULL, &present))
            {
              verified = state == PLENUM_BLOB_STATE_VERIFIED;
              if (state == PLENUM_BLOB_STATE_MISSING)
                present = 0;
            }
          else
            {
              /* No record (yet): what the blob store holds. */
              g_autofree char *path = plenum_blob_store_lookup (self->blob_store, sha256);
              verified = path != NULL;
              present = verified ? size : plenum_blob_store_get_partial_size (self->blob_store,
                                                                               sha256);
            }
          if (verified)
            {
              n_done++;
              b_done += size;
            }
          else
            b_done += MIN (present, size);
        }
    }

  if (docs_total != NULL)
    *docs_total = n_total;
  if (docs_done != NULL)
    *docs_done = n_done;
  if (bytes_total != NULL)
    *bytes_total = b_total;
  if (bytes_done != NULL)
    *bytes_done = b_done;
  return TRUE;
}

/* Retention */

typedef struct {
  gint64 cutoff;                /* Unix seconds: meetings starting before it go */
  guint meetings_removed;
  guint blobs_removed;
  guint blobs_busy;             /* unwanted, but being written: the next prune's */
} PruneData;

/* Adds the hashes of the documents of the stored meetings, and of their superseded
 * versions still listed, to @wanted. */
static gboolean
collect_wanted_blobs (sqlite3     *db,
                      GHashTable  *wanted,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = db_prepare (db, "SELECT json FROM meetings WHERE has_agenda = 1",
                                             error);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean has_row;

  if (stmt == NULL)
    return FALSE;
  for (;;)
    {
      g_autoptr(PlenumMeeting) meeting = NULL;
      g_autoptr(GError) local_error = NULL;
      GListModel *agenda;

      if (!db_step_row (db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      meeting = read_meeting ((const char *) sqlite3_column_text (stmt, 0), &local_error);
      if (meeting == NULL)
        {
          /* Never delete what an unreadable meeting might want. */
          g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_CORRUPT,
                       "A stored meeting cannot be read: %s", local_error->message);
          return FALSE;
        }
      agenda = plenum_meeting_get_agenda (meeting);
      for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
        {
          g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
          GListModel *documents = plenum_agenda_item_get_documents (item);

          for (guint j = 0; j < g_list_model_get_n_items (documents); j++)
            {
              g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, j);
              g_hash_table_add (wanted, g_strdup (plenum_document_get_sha256 (document)));
              g_hash_table_add (listed, g_strdup (plenum_document_get_id (document)));
              for (guint k = 0; k < plenum_document_get_n_superseded (document); k++)
                {
                  const PlenumDocumentVersion *version =
                    plenum_document_get_superseded (document, k);

                  g_hash_table_add (wanted,
                                    g_strdup (plenum_document_version_get_sha256 (version)));
                }
            }
        }
    }

  /* The versions a member's marks are still on: an earlier version of a revised
   * document stays while marks wait to be carried over or reviewed on it (they go with
   * their meeting, and so does the file then). Not for a document the packet no longer
   * lists: the committee office retracted it, so its files go even with marks on them
   * (the marks stay in the database). */
  {
    g_autoptr(sqlite3_stmt) marks =
      db_prepare (db, "SELECT DISTINCT json_extract (json, '$.document_sha256'), document_id "
                      "FROM annotations WHERE deleted = 0", error);

    if (marks == NULL)
      return FALSE;
    for (;;)
      {
        const char *sha256;

        if (!db_step_row (db, marks, &has_row, error))
          return FALSE;
        if (!has_row)
          break;
        sha256 = (const char *) sqlite3_column_text (marks, 0);
        if (sha256 != NULL && plenum_is_sha256_hex (sha256) &&
            g_hash_table_contains (listed, (const char *) sqlite3_column_text (marks, 1)))
          g_hash_table_add (wanted, g_strdup (sha256));
      }
  }
  return TRUE;
}

static gboolean
prune_job (PlenumStore  *self,
           StoreJob     *job,
           GError      **error)
{
  PruneData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) unwanted_records = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  assert_writer_thread (self);

  /* 1. The database, in one transaction: old meetings (their access rows and
   *    attendance go with them) and the records of blobs no meeting left wants. */
  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  stmt = db_prepare (db, "DELETE FROM meetings WHERE starts_at < ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, d->cutoff);
  if (!db_step_done (db, stmt, error))
    return FALSE;
  d->meetings_removed = (guint) sqlite3_changes (db);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!collect_wanted_blobs (db, wanted, error))
    return FALSE;

  stmt = db_prepare (db, "SELECT sha256 FROM blobs", error);
  if (stmt == NULL)
    return FALSE;
  for (;;)
    {
      const char *sha256;

      if (!db_step_row (db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      sha256 = (const char *) sqlite3_column_text (stmt, 0);
      if (!g_hash_table_contains (wanted, sha256))
        g_ptr_array_add (unwanted_records, g_strdup (sha256));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = db_prepare (db, "DELETE FROM blobs WHERE sha256 = ?", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < unwanted_records->len; i++)
    {
      const char *sha256 = g_ptr_array_index (unwanted_records, i);

      sqlite3_reset (stmt);
      bind_text (stmt, 1, sha256);
      if (!db_step_done (db, stmt, error))
        return FALSE;
      g_hash_table_add (removed, g_strdup (sha256));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  /* The page comparisons of versions no meeting wants any more go with them. */
  {
    g_autoptr(GPtrArray) unwanted_pairs = g_ptr_array_new_with_free_func (g_free);

    stmt = db_prepare (db, "SELECT old_sha256, new_sha256 FROM revision_changes", error);
    if (stmt == NULL)
      return FALSE;
    for (;;)
      {
        const char *old_sha256, *new_sha256;

        if (!db_step_row (db, stmt, &has_row, error))
          return FALSE;
        if (!has_row)
          break;
        old_sha256 = (const char *) sqlite3_column_text (stmt, 0);
        new_sha256 = (const char *) sqlite3_column_text (stmt, 1);
        if (!g_hash_table_contains (wanted, old_sha256) ||
            !g_hash_table_contains (wanted, new_sha256))
          {
            g_ptr_array_add (unwanted_pairs, g_strdup (old_sha256));
            g_ptr_array_add (unwanted_pairs, g_strdup (new_sha256));
          }
      }
    g_clear_pointer (&stmt, sqlite3_finalize);
    stmt = db_prepare (db, "DELETE FROM revision_changes WHERE old_sha256 = ? AND new_sha256 = ?",
                       error);
    if (stmt == NULL)
      return FALSE;
    for (guint i = 0; i + 1 < unwanted_pairs->len; i += 2)
      {
        sqlite3_reset (stmt);
        bind_text (stmt, 1, g_ptr_array_index (unwanted_pairs, i));
        bind_text (stmt, 2, g_ptr_array_index (unwanted_pairs, i + 1));
        if (!db_step_done (db, stmt, error))
          return FALSE;
      }
    g_clear_pointer (&stmt, sqlite3_finalize);
  }
  if (!commit (db, error))
    return FALSE;

  /* 2. The files no meeting wants, verified and partial. A crash before this leaves
   *    files without a record: the next prune removes them. */
  for (int partial = 0; partial <= 1; partial++)
    {
      g_auto(GStrv) stored = plenum_blob_store_list_stored (self->blob_store, partial);

      for (guint i = 0; stored[i] != NULL; i++)
        {
          g_autoptr(GError) local_error = NULL;

          if (g_hash_table_contains (wanted, stored[i]))
            continue;
          if (!plenum_blob_store_remove (self->blob_store, stored[i], &local_error))
            {
              /* Being downloaded (BUSY) or not removable now: next time. */
              g_debug ("A blob stays for now: %s", local_error->message);
              if (g_error_matches (local_error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_BUSY))
                d->blobs_busy++;
              continue;
            }
          g_hash_table_add (removed, g_strdup (stored[i]));
        }
    }
  d->blobs_removed = g_hash_table_size (removed);
  if (d->meetings_removed > 0 || d->blobs_removed > 0)
    g_debug ("Pruned %u meetings and %u blobs", d->meetings_removed, d->blobs_removed);

  job->result = g_memdup2 (d, sizeof *d);
  job->result_free = g_free;
  return TRUE;
}

void
plenum_store_prune_async (PlenumStore         *self,
                          GDateTime           *now,
                          GTimeSpan            retention,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PruneData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (now != NULL);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data, plenum_store_prune_async);
  if (retention < 0)
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "A retention period cannot be negative");
      return;
    }
  d = g_new0 (PruneData, 1);
  /* Rounded down to the second: a meeting starting within the current second of
   * now − retention stays. cutoff ≤ now, so an upcoming meeting always stays. */
  d->cutoff = g_date_time_to_unix (now) - retention / G_TIME_SPAN_SECOND;
  queue_job (self, g_steal_pointer (&task), prune_job, d, g_free,
             EMIT_MEETINGS_CHANGED | EMIT_BLOB_STATE_CHANGED, NULL);
}

gboolean
plenum_store_prune_finish (PlenumStore   *self,
                           GAsyncResult  *result,
                           guint         *meetings_removed,
                           guint         *blobs_removed,
                           guint         *blobs_busy,
                           GError       **error)
{
  g_autofree PruneData *d = NULL;

  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == plenum_store_prune_async, FALSE);

  d = g_task_propagate_pointer (G_TASK (result), error);
  if (d == NULL)
    return FALSE;
  if (meetings_removed != NULL)
    *meetings_removed = d->meetings_removed;
  if (blobs_removed != NULL)
    *blobs_removed = d->blobs_removed;
  if (blobs_busy != NULL)
    *blobs_busy = d->blobs_busy;
  return TRUE;
}

/* Closed-session documents */

/* Empties the documents of every closed-session item of the stored meetings, as the
 * terminal credential is answered them (docs/protocol.md, "Closed sessions"); the
 * changed meetings lose their ETag, so that the next fetch reads them whole. */
static gboolean
strip_closed_session_documents (sqlite3  *db,
                                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  gboolean has_row;

  stmt = db_prepare (db, "SELECT id, json FROM meetings WHERE has_agenda = 1", error);
  if (stmt == NULL)
    return FALSE;
  for (;;)
    {
      g_autoptr(cJSON) root = NULL;
      g_autoptr(GError) local_error = NULL;
      gboolean stripped = FALSE;
      cJSON *item;

      if (!db_step_row (db, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      root = plenum_json_parse ((const char *) sqlite3_column_text (stmt, 1), -1, &local_error);
      if (root == NULL)
        {
          g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_CORRUPT,
                       "A stored meeting cannot be read: %s", local_error->message);
          return FALSE;
        }
      cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (root, "agenda"))
        {
          cJSON *documents = cJSON_GetObjectItemCaseSensitive (item, "documents");

          if (!cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (item, "closed_session")) ||
              cJSON_GetArraySize (documents) == 0)
            continue;
          cJSON_ReplaceItemInObjectCaseSensitive (item, "documents", cJSON_CreateArray ());
          if (cJSON_GetObjectItemCaseSensitive (item, "restricted") != NULL)
            cJSON_ReplaceItemInObjectCaseSensitive (item, "restricted", cJSON_CreateTrue ());
          else
            cJSON_AddTrueToObject (item, "restricted");
          stripped = TRUE;
        }
      if (stripped)
        {
          g_ptr_array_add (changed, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
          g_ptr_array_add (changed, plenum_json_print (root));
        }
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = db_prepare (db, "UPDATE meetings SET json = ?, etag = NULL WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i + 1 < changed->len; i += 2)
    {
      sqlite3_reset (stmt);
      bind_text (stmt, 1, g_ptr_array_index (changed, i + 1));
      bind_text (stmt, 2, g_ptr_array_index (changed, i));
      if (!db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
remove_closed_session_job (PlenumStore  *self,
                           StoreJob     *job,
                           GError      **error)
{
  assert_writer_thread (self);

  if (!db_exec (self->write_db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!strip_closed_session_documents (self->write_db, error))
    {
      rollback (self->write_db);
      return FALSE;
    }
  if (!commit (self->write_db, error))
    return FALSE;
  /* Then what a prune removes, without removing any meeting: the blobs (records, then
   * files) that no stored meeting lists any more. */
  return prune_job (self, job, error);
}

void
plenum_store_remove_closed_session_documents_async (PlenumStore         *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PruneData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_remove_closed_session_documents_async);
  d = g_new0 (PruneData, 1);
  d->cutoff = G_MININT64;  /* no meeting goes */
  queue_job (self, g_steal_pointer (&task), remove_closed_session_job, d, g_free,
             EMIT_MEETINGS_CHANGED | EMIT_BLOB_STATE_CHANGED, NULL);
}

gboolean
plenum_store_remove_closed_session_documents_finish (PlenumStore   *self,
                                                     GAsyncResult  *result,
                                                     guint         *blobs_removed,
                                                     guint         *blobs_busy,
                                                     GError       **error)
{
  g_autofree PruneData *d = NULL;

  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_store_remove_closed_session_documents_async, FALSE);

  d = g_task_propagate_pointer (G_TASK (result), error);
  if (d == NULL)
    return FALSE;
  if (blobs_removed != NULL)
    *blobs_removed = d->blobs_removed;
  if (blobs_busy != NULL)
    *blobs_busy = d->blobs_busy;
  return TRUE;
}

/* The terminal credential */

typedef struct {
  char *credential;             /* secret: wiped when freed */
  char *name;
  char *room;
  char *terminal_id;            /* adopt: the configured id, else NULL */
} CredentialData;

static void
credential_data_free (gpointer data)
{
  CredentialData *d = data;

  plenum_secret_free (d->credential);
  g_free (d->name);
  g_free (d->room);
  g_free (d->terminal_id);
  g_free (d);
}

static gboolean
set_credential_job (PlenumStore  *self,
                    StoreJob     *job,
                    GError      **error)
{
  CredentialData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  assert_writer_thread (self);

  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (d->terminal_id != NULL)
    {
      g_autoptr(sqlite3_stmt) update = db_prepare (db, "UPDATE terminal SET terminal_id = ? "
                                                       "WHERE only = 1", error);

      if (update == NULL)
        return FALSE;
      bind_text (update, 1, d->terminal_id);
      if (!db_step_done (db, update, error))
        return FALSE;
    }
  if (d->credential != NULL)
    {
      stmt = db_prepare (db, "INSERT INTO terminal_credential (only, credential, name, room, "
                             "                                 enrolled_at) "
                             "VALUES (1, ?1, ?2, ?3, ?4) ON CONFLICT (only) DO UPDATE SET "
                             "  credential = ?1, name = ?2, room = ?3, enrolled_at = ?4", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, d->credential);
      bind_text (stmt, 2, d->name);
      bind_text (stmt, 3, d->room);
      sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
    }
  else
    {
      stmt = db_prepare (db, "DELETE FROM terminal_credential", error);
      if (stmt == NULL)
        return FALSE;
    }
  if (!db_step_done (db, stmt, error))
    return FALSE;
  /* Unbinds the secret before the statement goes (secure_delete wipes the old row). */
  sqlite3_clear_bindings (stmt);
  return commit (db, error);
}

void
plenum_store_set_terminal_credential_async (PlenumStore         *self,
                                            const char          *credential,
                                            const char          *name,
                                            const char          *room,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CredentialData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_terminal_credential_finish);
  if (credential == NULL || credential[0] == '\0' || !g_utf8_validate (credential, -1, NULL) ||
      (name != NULL && !g_utf8_validate (name, -1, NULL)) ||
      (room != NULL && !g_utf8_validate (room, -1, NULL)))
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "A terminal credential must be non-empty text");
      return;
    }
  d = g_new0 (CredentialData, 1);
  d->credential = g_strdup (credential);
  d->name = g_strdup (name);
  d->room = g_strdup (room);
  queue_job (self, g_steal_pointer (&task), set_credential_job, d, credential_data_free, 0, NULL);
}

void
plenum_store_adopt_terminal_async (PlenumStore         *self,
                                   const char          *terminal_id,
                                   const char          *credential,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CredentialData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_terminal_credential_finish);
  if (terminal_id == NULL || !plenum_is_uuid (terminal_id) || credential == NULL ||
      !plenum_is_sha256_hex (credential))
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "A terminal id is a UUID and a credential 64 hex digits");
      return;
    }
  d = g_new0 (CredentialData, 1);
  d->credential = g_strdup (credential);
  d->terminal_id = g_strdup (terminal_id);
  /* Requests made from now on carry the adopted id; the row follows in the same
   * transaction as the credential. */
  g_free (self->terminal_id);
  self->terminal_id = g_strdup (terminal_id);
  queue_job (self, g_steal_pointer (&task), set_credential_job, d, credential_data_free, 0, NULL);
}

void
plenum_store_forget_terminal_credential_async (PlenumStore         *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLENUM_IS_STORE (self));
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_terminal_credential_finish);
  queue_job (self, g_steal_pointer (&task), set_credential_job, g_new0 (CredentialData, 1),
             credential_data_free, 0, NULL);
}

gboolean
plenum_store_terminal_credential_finish (PlenumStore   *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return write_finish (self, result, plenum_store_terminal_credential_finish, error);
}

char *
plenum_store_get_terminal_credential (PlenumStore  *self,
                                      char        **name,
                                      char        **room)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (name == NULL || *name == NULL, NULL);
  g_return_val_if_fail (room == NULL || *room == NULL, NULL);
  assert_owner_thread (self);

  stmt = db_prepare (self->read_db, "SELECT credential, name, room FROM terminal_credential "
                                    "WHERE only = 1", &error);
  if (stmt == NULL)
    goto fail;
  if (!db_step_row (self->read_db, stmt, &has_row, &error))
    goto fail;
  if (!has_row)
    return NULL;
  if (name != NULL)
    *name = column_dup (stmt, 1);
  if (room != NULL)
    *room = column_dup (stmt, 2);
  return column_dup (stmt, 0);

fail:
  g_warning ("Cannot read the terminal credential: %s", error->message);
  return NULL;
}

/* Annotations
 *
 * An annotation's operations are found by their path, /api/v1/annotations/{id}, which
 * the store builds from the checked id. Its row remembers the one operation still in
 * reach of a new edit ("queued_op": queued, and not yet taken by the sync engine); once
 * the engine has taken an operation (prepare_annotation_operation), its body is final,
 * so a retry after a lost answer is the same request and the server's operation record
 * answers it. */

#define ANNOTATION_PATH_PREFIX "/api/v1/annotations/"

typedef struct {
  char *account_id;
  char *meeting_id;
  char *annotation_id;
  char *document_id;
  char *json;                   /* save: the annotation; feed: the answer */
  char *operation_id;           /* prepare, applied, conflict */
  char *result;                 /* applied: the answer; conflict: the server's version */
} AnnotationData;

static void
annotation_data_free (gpointer data)
{
  AnnotationData *d = data;

  g_free (d->account_id);
  g_free (d->meeting_id);
  g_free (d->annotation_id);
  g_free (d->document_id);
  g_free (d->json);
  g_free (d->operation_id);
  g_free (d->result);
  g_free (d);
}

/* One row of the annotations table. */
typedef struct {
  gboolean found;
  char *meeting_id;
  char *document_id;
  gint64 server_revision;
  char *json;
  gboolean dirty;
  gboolean deleted;
  char *queued_op;
} AnnotationRow;

static void
annotation_row_clear (AnnotationRow *row)
{
  g_free (row->meeting_id);
  g_free (row->document_id);
  g_free (row->json);
  g_free (row->queued_op);
  memset (row, 0, sizeof *row);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AnnotationRow, annotation_row_clear)

static gboolean
annotation_row_read (sqlite3        *db,
                     const char     *account_id,
                     const char     *annotation_id,
                     AnnotationRow  *row,
                     GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    db_prepare (db, "SELECT meeting_id, document_id, server_revision, json, dirty, deleted, "
                    "  queued_op FROM annotations WHERE account_id = ? AND id = ?", error);
  gboolean has_row;

  annotation_row_clear (row);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, account_id);
  bind_text (stmt, 2, annotation_id);
  if (!db_step_row (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return TRUE;
  row->found = TRUE;
  row->meeting_id = column_dup (stmt, 0);
  row->document_id = column_dup (stmt, 1);
  row->server_revision = sqlite3_column_int64 (stmt, 2);
  row->json = column_dup (stmt, 3);
  row->dirty = sqlite3_column_int (stmt, 4) != 0;
  row->deleted = sqlite3_column_int (stmt, 5) != 0;
  row->queued_op = column_dup (stmt, 6);
  return TRUE;
}

/* Reads @json with the core model; INVALID (or CORRUPT when @stored) otherwise. */
static PlenumAnnotation *
read_annotation (const char  *json,
                 gboolean     stored,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(cJSON) node = plenum_json_parse (json, -1, &local_error);
  PlenumAnnotation *annotation = NULL;

  if (node != NULL)
    annotation = plenum_annotation_new_from_json (node, "", &local_error);
  if (annotation == NULL)
    g_set_error (error, PLENUM_STORE_ERROR,
                 stored ? PLENUM_STORE_ERROR_CORRUPT : PLENUM_STORE_ERROR_INVALID,
                 stored ? "A stored annotation cannot be read: %s" : "Not an annotation: %s",
                 local_error->message);
  return annotation;
}

static gboolean
meeting_is_stored (sqlite3     *db,
                   const char  *meeting_id,
                   gboolean    *stored,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = db_prepare (db, "SELECT 1 FROM meetings WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, meeting_id);
  return db_step_row (db, stmt, stored, error);
}

/* How many unsettled operations of @path there are besides @except (may be NULL). */
static gboolean
count_other_unsettled (sqlite3     *db,
                       const char  *path,
                       const char  *except,
                       gint64      *count,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    db_prepare (db, "SELECT count(*) FROM outbox WHERE path = ?1 AND state <= 1 "
                    "AND operation_id IS NOT ?2", error);
  gboolean has_row;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, path);
  bind_text (stmt, 2, except);
  if (!db_step_row (db, stmt, &has_row, error))
    return FALSE;
  *count = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* Queues an operation on the annotation at @path, inside the caller's transaction: it
 * replaces @queued_op when that one is still waiting untouched, else it is added behind
 * the others. @body_node gets the new operation id. Returns the operation id. */
static char *
queue_annotation_operation (sqlite3     *db,
                            const char  *account_id,
                            const char  *path,
                            const char  *queued_op,
                            const char  *kind,
                            const char  *method,
                            cJSON       *body_node,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *operation_id = plenum_uuid_new ();
  g_autofree char *body = NULL;
  gboolean replaced = FALSE;

  plenum_json_add_string (body_node, "operation_id", operation_id);
  body = plenum_json_print (body_node);

  if (queued_op != NULL)
    {
      /* Its place in line stays: the new request goes where the old one would have. */
      stmt = db_prepare (db, "UPDATE outbox SET operation_id = ?2, kind = ?3, method = ?4, "
                             "  body = ?5, created_at = ?6 "
                             "WHERE operation_id = ?1 AND state = 0", error);
      if (stmt == NULL)
        return NULL;
      bind_text (stmt, 1, queued_op);
      bind_text (stmt, 2, operation_id);
      bind_text (stmt, 3, kind);
      bind_text (stmt, 4, method);
      bind_text (stmt, 5, body);
      sqlite3_bind_int64 (stmt, 6, g_get_real_time ());
      if (!db_step_done (db, stmt, error))
        return NULL;
      replaced = sqlite3_changes (db) > 0;
    }
  if (!replaced)
    {
      OutboxAddData add = {
        .account_id = (char *) account_id,
        .operation_id = operation_id,
        .kind = (char *) kind,
        .method = (char *) method,
        .path = (char *) path,
        .body = body,
      };

      if (!outbox_insert (db, &add, error))
        return NULL;
    }
  return g_steal_pointer (&operation_id);
}

static gboolean
save_annotation_job (PlenumStore  *self,
                     StoreJob     *job,
                     GError      **error)
{
  AnnotationData *d = job->data;
  sqlite3 *db = self->write_db;
  g_auto(AnnotationRow) row = { 0, };
  g_autoptr(PlenumAnnotation) annotation = NULL;
  g_autoptr(cJSON) body = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *operation_id = NULL;
  cJSON *node;
  gboolean stored;

  assert_writer_thread (self);

  annotation = read_annotation (d->json, FALSE, error);
  if (annotation == NULL)
    return FALSE;
  if (!db_exec (db, "BEGIN IMMEDIATE", error) ||
      !meeting_is_stored (db, d->meeting_id, &stored, error))
    return FALSE;
  if (!stored)
    {
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND,
                           "No such meeting is stored");
      return FALSE;
    }
  if (!annotation_row_read (db, d->account_id, d->annotation_id, &row, error))
    return FALSE;
  if (row.found && (row.deleted || g_strcmp0 (row.meeting_id, d->meeting_id) != 0))
    {
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                           row.deleted ? "A deleted annotation cannot be changed"
                                       : "The annotation belongs to another meeting");
      return FALSE;
    }

  /* The local version carries the revision it was made on; the request says so again
   * as base_revision, which the sync engine brings up to date before sending. */
  plenum_annotation_set_revision (annotation, row.server_revision);
  node = plenum_annotation_to_json (annotation);
  json = plenum_json_print (node);
  body = cJSON_CreateObject ();
  plenum_json_add_int64 (body, "base_revision", row.server_revision);
  cJSON_AddItemToObject (body, "annotation", node);

  path = g_strconcat (ANNOTATION_PATH_PREFIX, d->annotation_id, NULL);
  operation_id = queue_annotation_operation (db, d->account_id, path, row.queued_op,
                                             PLENUM_OUTBOX_KIND_ANNOTATION_PUT, "PUT", body,
                                             error);
  if (operation_id == NULL)
    return FALSE;

  stmt = db_prepare (db, "INSERT INTO annotations (account_id, id, meeting_id, document_id, "
                         "  json, dirty, deleted, queued_op) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, 1, 0, ?6) "
                         "ON CONFLICT (account_id, id) DO UPDATE SET document_id = ?4, "
                         "  json = ?5, dirty = 1, deleted = 0, queued_op = ?6", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->account_id);
  bind_text (stmt, 2, d->annotation_id);
  bind_text (stmt, 3, d->meeting_id);
  bind_text (stmt, 4, plenum_annotation_get_document_id (annotation));
  bind_text (stmt, 5, json);
  bind_text (stmt, 6, operation_id);
  if (!db_step_done (db, stmt, error) || !commit (db, error))
    return FALSE;
  job->result = g_steal_pointer (&operation_id);
  job->result_free = g_free;
  return TRUE;
}

static gboolean
check_annotation_ids (GTask      *task,
                      const char *account_id,
                      const char *meeting_id)
{
  if (account_id != NULL && plenum_is_uuid (account_id) && plenum_is_uuid (meeting_id))
    return TRUE;
  g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                           "An annotation needs a member's account id and a meeting id");
  return FALSE;
}

void
plenum_store_save_annotation_async (PlenumStore         *self,
                                    const char          *account_id,
                                    const char          *meeting_id,
                                    PlenumAnnotation    *annotation,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(cJSON) node = NULL;
  AnnotationData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (PLENUM_IS_ANNOTATION (annotation));
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_save_annotation_async);
  if (!check_annotation_ids (task, account_id, meeting_id))
    return;
  if (g_strcmp0 (plenum_annotation_get_author_id (annotation), account_id) != 0 ||
      plenum_annotation_get_deleted (annotation))
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "Only the author's own annotation can be saved, and not as "
                               "deleted");
      return;
    }

  /* The writer thread gets text, never the caller's object, which the UI keeps
   * changing. */
  node = plenum_annotation_to_json (annotation);
  d = g_new0 (AnnotationData, 1);
  d->account_id = g_strdup (account_id);
  d->meeting_id = g_strdup (meeting_id);
  d->annotation_id = g_strdup (plenum_annotation_get_id (annotation));
  d->json = plenum_json_print (node);
  queue_job (self, g_steal_pointer (&task), save_annotation_job, d, annotation_data_free,
             EMIT_OUTBOX_CHANGED | EMIT_ANNOTATIONS_CHANGED, meeting_id);
}

char *
plenum_store_save_annotation_finish (PlenumStore   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_store_save_annotation_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Sets the annotation's columns after a change, inside the caller's transaction. */
static gboolean
update_annotation_row (sqlite3     *db,
                       const char  *account_id,
                       const char  *annotation_id,
                       const char  *json,
                       gint64       server_revision,
                       gboolean     dirty,
                       gboolean     deleted,
                       const char  *queued_op,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    db_prepare (db, "UPDATE annotations SET json = ?3, server_revision = ?4, dirty = ?5, "
                    "  deleted = ?6, queued_op = ?7 WHERE account_id = ?1 AND id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, account_id);
  bind_text (stmt, 2, annotation_id);
  bind_text (stmt, 3, json);
  sqlite3_bind_int64 (stmt, 4, server_revision);
  sqlite3_bind_int (stmt, 5, dirty ? 1 : 0);
  sqlite3_bind_int (stmt, 6, deleted ? 1 : 0);
  bind_text (stmt, 7, queued_op);
  return db_step_done (db, stmt, error);
}

/* @json with "deleted" set to @deleted (and the revision to @revision when ≥ 0), as the
 * model writes it. */
static char *
annotation_json_with (const char  *json,
                      gboolean     deleted,
                      gint64       revision,
                      GError     **error)
{
  g_autoptr(PlenumAnnotation) annotation = read_annotation (json, TRUE, error);
  g_autoptr(cJSON) node = NULL;

  if (annotation == NULL)
    return NULL;
  plenum_annotation_set_deleted (annotation, deleted);
  if (revision >= 0)
    plenum_annotation_set_revision (annotation, revision);
  node = plenum_annotation_to_json (annotation);
  return plenum_json_print (node);
}

static gboolean
delete_annotation_job (PlenumStore  *self,
                       StoreJob     *job,
                       GError      **error)
{
  AnnotationData *d = job->data;
  sqlite3 *db = self->write_db;
  g_auto(AnnotationRow) row = { 0, };
  g_autoptr(cJSON) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *operation_id = NULL;
  gint64 others;

  assert_writer_thread (self);

  if (!db_exec (db, "BEGIN IMMEDIATE", error) ||
      !annotation_row_read (db, d->account_id, d->annotation_id, &row, error))
    return FALSE;
  if (!row.found || g_strcmp0 (row.meeting_id, d->meeting_id) != 0)
    {
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND,
                           "No such annotation is stored");
      return FALSE;
    }
  job->result = NULL;
  job->result_free = g_free;  /* a NULL result: nothing to send */
  if (row.deleted)
    {
      rollback (db);
      return TRUE;
    }

  path = g_strconcat (ANNOTATION_PATH_PREFIX, d->annotation_id, NULL);
  json = annotation_json_with (row.json, TRUE, -1, error);
  if (json == NULL || !count_other_unsettled (db, path, row.queued_op, &others, error))
    return FALSE;

  if (row.server_revision == 0 && others == 0)
    {
      /* Nothing of it reached the server, nor can it any longer: its PUT (never taken
       * by the sync engine) is withdrawn, and nothing is sent. */
      g_autoptr(sqlite3_stmt) withdraw =
        db_prepare (db, "DELETE FROM outbox WHERE operation_id = ? AND state = 0", error);

      if (withdraw == NULL)
        return FALSE;
      bind_text (withdraw, 1, row.queued_op);
      if (!db_step_done (db, withdraw, error) ||
          !update_annotation_row (db, d->account_id, d->annotation_id, json, 0, FALSE, TRUE,
                                  NULL, error) ||
          !commit (db, error))
        return FALSE;
      return TRUE;
    }

  body = cJSON_CreateObject ();
  plenum_json_add_int64 (body, "base_revision", row.server_revision);
  operation_id = queue_annotation_operation (db, d->account_id, path, row.queued_op,
                                             PLENUM_OUTBOX_KIND_ANNOTATION_DELETE, "DELETE",
                                             body, error);
  if (operation_id == NULL ||
      !update_annotation_row (db, d->account_id, d->annotation_id, json, row.server_revision,
                              TRUE, TRUE, operation_id, error) ||
      !commit (db, error))
    return FALSE;
  job->result = g_steal_pointer (&operation_id);
  job->result_free = g_free;
  return TRUE;
}

void
plenum_store_delete_annotation_async (PlenumStore         *self,
                                      const char          *account_id,
                                      const char          *meeting_id,
                                      const char          *annotation_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AnnotationData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (annotation_id != NULL);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_delete_annotation_async);
  if (!check_annotation_ids (task, account_id, meeting_id))
    return;
  /* The path is built only from a checked id. */
  if (!plenum_is_uuid (annotation_id))
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND,
                               "No such annotation is stored");
      return;
    }
  d = g_new0 (AnnotationData, 1);
  d->account_id = g_strdup (account_id);
  d->meeting_id = g_strdup (meeting_id);
  d->annotation_id = g_strdup (annotation_id);
  queue_job (self, g_steal_pointer (&task), delete_annotation_job, d, annotation_data_free,
             EMIT_OUTBOX_CHANGED | EMIT_ANNOTATIONS_CHANGED, meeting_id);
}

char *
plenum_store_delete_annotation_finish (PlenumStore   *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_store_delete_annotation_async, NULL);

  /* NULL without an error: deleted, nothing to send. */
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
plenum_store_list_annotations (PlenumStore  *self,
                               const char   *account_id,
                               const char   *document_id,
                               GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (document_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  assert_owner_thread (self);

  stmt = db_prepare (self->read_db,
                     "SELECT json FROM annotations "
                     "WHERE account_id = ? AND document_id = ? AND deleted = 0 ORDER BY rowid",
                     error);
  if (stmt == NULL)
    return g_steal_pointer (&list);
  bind_text (stmt, 1, account_id);
  bind_text (stmt, 2, document_id);
  for (;;)
    {
      PlenumAnnotation *annotation;

      if (!db_step_row (self->read_db, stmt, &has_row, error) || !has_row)
        break;
      annotation = read_annotation ((const char *) sqlite3_column_text (stmt, 0), TRUE, error);
      if (annotation == NULL)
        break;
      g_ptr_array_add (list, annotation);
    }
  return g_steal_pointer (&list);
}

PlenumAnnotation *
plenum_store_get_annotation (PlenumStore  *self,
                             const char   *account_id,
                             const char   *annotation_id,
                             char        **meeting_id,
                             gboolean     *dirty,
                             gint64       *server_revision,
                             GError      **error)
{
  g_auto(AnnotationRow) row = { 0, };
  PlenumAnnotation *annotation;

  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (annotation_id != NULL, NULL);
  assert_owner_thread (self);

  if (!annotation_row_read (self->read_db, account_id, annotation_id, &row, error))
    return NULL;
  if (!row.found)
    {
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND,
                           "No such annotation is stored");
      return NULL;
    }
  annotation = read_annotation (row.json, TRUE, error);
  if (annotation == NULL)
    return NULL;
  if (meeting_id != NULL)
    *meeting_id = g_steal_pointer (&row.meeting_id);
  if (dirty != NULL)
    *dirty = row.dirty;
  if (server_revision != NULL)
    *server_revision = row.server_revision;
  return annotation;
}

gint64
plenum_store_get_annotation_feed_revision (PlenumStore *self,
                                           const char  *account_id,
                                           const char  *meeting_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_STORE (self), 0);
  g_return_val_if_fail (account_id != NULL && meeting_id != NULL, 0);
  assert_owner_thread (self);

  stmt = db_prepare (self->read_db, "SELECT revision FROM annotation_feeds "
                                    "WHERE account_id = ? AND meeting_id = ?", &error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, account_id);
  bind_text (stmt, 2, meeting_id);
  if (!db_step_row (self->read_db, stmt, &has_row, &error))
    goto fail;
  return has_row ? sqlite3_column_int64 (stmt, 0) : 0;

fail:
  /* Reading the feed from the start again is always correct, only slower. */
  g_warning ("Cannot read an annotation feed's position: %s", error->message);
  return 0;
}

/* Takes the server's version @annotation (text @json) for @account_id in @meeting_id,
 * inside the caller's transaction, unless the local one is dirty or newer. *@changed
 * says whether anything changed. */
static gboolean
take_server_annotation (sqlite3           *db,
                        const char        *account_id,
                        const char        *meeting_id,
                        PlenumAnnotation  *annotation,
                        const char        *json,
                        gboolean          *changed,
                        GError           **error)
{
  g_auto(AnnotationRow) row = { 0, };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *id = plenum_annotation_get_id (annotation);
  gint64 revision = plenum_annotation_get_revision (annotation);

  *changed = FALSE;
  if (!annotation_row_read (db, account_id, id, &row, error))
    return FALSE;
  if (row.found && (row.dirty || row.server_revision >= revision))
    return TRUE;
  if (row.found && g_strcmp0 (row.meeting_id, meeting_id) != 0)
    {
      g_debug ("Annotation %s came in the feed of another meeting; ignored", id);
      return TRUE;
    }
  if (!row.found && plenum_annotation_get_deleted (annotation))
    return TRUE;  /* a tombstone of something never seen here */

  stmt = db_prepare (db, "INSERT INTO annotations (account_id, id, meeting_id, document_id, "
                         "  server_revision, json, dirty, deleted) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7) "
                         "ON CONFLICT (account_id, id) DO UPDATE SET document_id = ?4, "
                         "  server_revision = ?5, json = ?6, dirty = 0, deleted = ?7, "
                         "  queued_op = NULL", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, account_id);
  bind_text (stmt, 2, id);
  bind_text (stmt, 3, meeting_id);
  bind_text (stmt, 4, plenum_annotation_get_document_id (annotation));
  sqlite3_bind_int64 (stmt, 5, revision);
  bind_text (stmt, 6, json);
  sqlite3_bind_int (stmt, 7, plenum_annotation_get_deleted (annotation) ? 1 : 0);
  if (!db_step_done (db, stmt, error))
    return FALSE;
  *changed = TRUE;
  return TRUE;
}

typedef struct {
  gint64 revision;
  gboolean more;
  char **document_ids;
} FeedResult;

static void
feed_result_free (gpointer data)
{
  FeedResult *r = data;

  g_strfreev (r->document_ids);
  g_free (r);
}

static gboolean
apply_annotation_feed_job (PlenumStore  *self,
                           StoreJob     *job,
                           GError      **error)
{
  static const char * const known[] = { "annotations", "revision", "more", NULL };
  AnnotationData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree FeedResult *result = g_new0 (FeedResult, 1);
  const cJSON *array = NULL;
  const cJSON *element;
  guint index = 0;
  gboolean stored;

  assert_writer_thread (self);

  /* Checked whole before anything is written. */
  root = plenum_json_parse (d->json, -1, &local_error);
  if (root == NULL ||
      !plenum_json_check_object (root, "", known, &local_error) ||
      !plenum_json_get_array (root, "", "annotations", PLENUM_JSON_REQUIRED,
                              PLENUM_MAX_ARRAY_ITEMS, &array, &local_error) ||
      !plenum_json_get_int64 (root, "", "revision", PLENUM_JSON_REQUIRED, 0,
                              PLENUM_JSON_MAX_SAFE_INTEGER, &result->revision, &local_error) ||
      !plenum_json_get_bool (root, "", "more", PLENUM_JSON_REQUIRED, &result->more,
                             &local_error))
    {
      g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                   "Not an annotation feed: %s", local_error->message);
      return FALSE;
    }
  cJSON_ArrayForEach (element, array)
    {
      g_autofree char *where = plenum_json_path_index ("annotations", index++);
      PlenumAnnotation *annotation = plenum_annotation_new_from_json (element, where,
                                                                      &local_error);

      if (annotation == NULL)
        {
          g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                       "Not an annotation feed: %s", local_error->message);
          return FALSE;
        }
      g_ptr_array_add (annotations, annotation);
      g_ptr_array_add (texts, plenum_json_print (element));
    }

  if (!db_exec (db, "BEGIN IMMEDIATE", error) ||
      !meeting_is_stored (db, d->meeting_id, &stored, error))
    return FALSE;
  if (!stored)
    {
      /* The meeting went (retention, or access lost) while the feed was read. */
      rollback (db);
      g_clear_pointer (&job->signal_detail, g_free);
      job->result = g_steal_pointer (&result);
      job->result_free = feed_result_free;
      return TRUE;
    }
  for (guint i = 0; i < annotations->len; i++)
    {
      PlenumAnnotation *annotation = g_ptr_array_index (annotations, i);
      gboolean changed;

      if (!take_server_annotation (db, d->account_id, d->meeting_id, annotation,
                                   g_ptr_array_index (texts, i), &changed, error))
        return FALSE;
      if (changed)
        g_hash_table_add (documents, g_strdup (plenum_annotation_get_document_id (annotation)));
    }

  stmt = db_prepare (db, "INSERT INTO annotation_feeds (account_id, meeting_id, revision) "
                         "VALUES (?1, ?2, ?3) ON CONFLICT (account_id, meeting_id) "
                         "DO UPDATE SET revision = max (revision, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->account_id);
  bind_text (stmt, 2, d->meeting_id);
  sqlite3_bind_int64 (stmt, 3, result->revision);
  if (!db_step_done (db, stmt, error) || !commit (db, error))
    return FALSE;

  if (g_hash_table_size (documents) > 0)
    {
      result->document_ids = (char **) g_hash_table_get_keys_as_array (documents, NULL);
      g_hash_table_steal_all (documents);
    }
  else
    /* Nothing to tell the UI. */
    g_clear_pointer (&job->signal_detail, g_free);
  job->result = g_steal_pointer (&result);
  job->result_free = feed_result_free;
  return TRUE;
}

void
plenum_store_apply_annotation_feed_async (PlenumStore         *self,
                                          const char          *account_id,
                                          const char          *meeting_id,
                                          const char          *feed_json,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AnnotationData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (feed_json != NULL);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_apply_annotation_feed_async);
  if (!check_annotation_ids (task, account_id, meeting_id))
    return;
  d = g_new0 (AnnotationData, 1);
  d->account_id = g_strdup (account_id);
  d->meeting_id = g_strdup (meeting_id);
  d->json = g_strdup (feed_json);
  queue_job (self, g_steal_pointer (&task), apply_annotation_feed_job, d,
             annotation_data_free, EMIT_ANNOTATIONS_CHANGED, meeting_id);
}

gboolean
plenum_store_apply_annotation_feed_finish (PlenumStore   *self,
                                           GAsyncResult  *result,
                                           gint64        *revision,
                                           gboolean      *more,
                                           char        ***document_ids,
                                           GError       **error)
{
  FeedResult *r;

  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_store_apply_annotation_feed_async, FALSE);

  r = g_task_propagate_pointer (G_TASK (result), error);
  if (r == NULL)
    return FALSE;
  if (revision != NULL)
    *revision = r->revision;
  if (more != NULL)
    *more = r->more;
  if (document_ids != NULL)
    *document_ids = g_steal_pointer (&r->document_ids);
  feed_result_free (r);
  return TRUE;
}

/* The outbox row @operation_id, inside the caller's transaction (NULL: none). */
static PlenumOutboxOperation *
outbox_row_read (sqlite3     *db,
                 const char  *operation_id,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    db_prepare (db, "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE operation_id = ?", error);
  gboolean has_row;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, operation_id);
  if (!db_step_row (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND,
                           "No such operation in the outbox");
      return NULL;
    }
  return operation_from_row (stmt);
}

/* The annotation id of an annotation operation, or NULL for any other operation. */
static const char *
operation_annotation_id (PlenumOutboxOperation *op)
{
  const char *path = op->path;

  if ((g_strcmp0 (op->kind, PLENUM_OUTBOX_KIND_ANNOTATION_PUT) != 0 &&
       g_strcmp0 (op->kind, PLENUM_OUTBOX_KIND_ANNOTATION_DELETE) != 0) ||
      op->account_id == NULL || !g_str_has_prefix (path, ANNOTATION_PATH_PREFIX) ||
      !plenum_is_uuid (path + strlen (ANNOTATION_PATH_PREFIX)))
    return NULL;
  return path + strlen (ANNOTATION_PATH_PREFIX);
}

static gboolean
prepare_annotation_operation_job (PlenumStore  *self,
                                  StoreJob     *job,
                                  GError      **error)
{
  AnnotationData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(PlenumOutboxOperation) op = NULL;
  g_auto(AnnotationRow) row = { 0, };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(cJSON) body = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *text = NULL;
  const char *annotation_id;

  assert_writer_thread (self);

  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  op = outbox_row_read (db, d->operation_id, error);
  if (op == NULL)
    return FALSE;
  annotation_id = operation_annotation_id (op);
  if (annotation_id == NULL || op->state > PLENUM_OUTBOX_STATE_SENDING)
    goto unchanged;
  if (!annotation_row_read (db, op->account_id, annotation_id, &row, error))
    return FALSE;
  /* Taken before (or the annotation went with its meeting): the body is final. */
  if (!row.found || g_strcmp0 (row.queued_op, d->operation_id) != 0)
    goto unchanged;

  body = plenum_json_parse (op->body, -1, &local_error);
  if (body == NULL || !cJSON_IsObject (body))
    {
      g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_CORRUPT,
                   "A queued annotation operation cannot be read: %s",
                   local_error != NULL ? local_error->message : "not an object");
      return FALSE;
    }
  cJSON_DeleteItemFromObjectCaseSensitive (body, "base_revision");
  plenum_json_add_int64 (body, "base_revision", row.server_revision);
  text = plenum_json_print (body);

  stmt = db_prepare (db, "UPDATE outbox SET body = ?2 WHERE operation_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->operation_id);
  bind_text (stmt, 2, text);
  if (!db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = db_prepare (db, "UPDATE annotations SET queued_op = NULL "
                         "WHERE account_id = ? AND id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, op->account_id);
  bind_text (stmt, 2, annotation_id);
  if (!db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&op, plenum_outbox_operation_unref);
  op = outbox_row_read (db, d->operation_id, error);
  if (op == NULL || !commit (db, error))
    return FALSE;
  job->result = g_steal_pointer (&op);
  job->result_free = (GDestroyNotify) plenum_outbox_operation_unref;
  return TRUE;

unchanged:
  rollback (db);
  job->result = g_steal_pointer (&op);
  job->result_free = (GDestroyNotify) plenum_outbox_operation_unref;
  return TRUE;
}

void
plenum_store_prepare_annotation_operation_async (PlenumStore         *self,
                                                 const char          *operation_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AnnotationData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (operation_id != NULL);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_prepare_annotation_operation_async);
  d = g_new0 (AnnotationData, 1);
  d->operation_id = g_strdup (operation_id);
  queue_job (self, g_steal_pointer (&task), prepare_annotation_operation_job, d,
             annotation_data_free, 0, NULL);
}

PlenumOutboxOperation *
plenum_store_prepare_annotation_operation_finish (PlenumStore   *self,
                                                  GAsyncResult  *result,
                                                  GError       **error)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_store_prepare_annotation_operation_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Settles @op as SENT with @result_json, inside the caller's transaction, and drops a
 * signed-out member's kept token when this was their last pending operation. */
static gboolean
settle_operation_sent (sqlite3                *db,
                       PlenumOutboxOperation  *op,
                       const char             *result_json,
                       GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (op->state > PLENUM_OUTBOX_STATE_SENDING)
    {
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                           "The operation is settled already");
      return FALSE;
    }
  stmt = db_prepare (db, "UPDATE outbox SET state = 2, sent_at = ?2, result = ?3 "
                         "WHERE operation_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, op->operation_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  bind_text (stmt, 3, result_json);
  if (!db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = db_prepare (db, "UPDATE accounts SET token = NULL, token_expires_at = NULL, "
                         "  signed_out = 0 "
                         "WHERE signed_out = 1 AND account_id = ?1 "
                         "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE "
                         "  o.account_id = accounts.account_id AND o.state <= 1)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, op->account_id);
  return db_step_done (db, stmt, error);
}

static gboolean
annotation_operation_applied_job (PlenumStore  *self,
                                  StoreJob     *job,
                                  GError      **error)
{
  AnnotationData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(PlenumOutboxOperation) op = NULL;
  g_autoptr(PlenumAnnotation) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(AnnotationRow) row = { 0, };
  const char *annotation_id;
  gint64 newer;

  assert_writer_thread (self);

  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  op = outbox_row_read (db, d->operation_id, error);
  if (op == NULL || !settle_operation_sent (db, op, d->result, error))
    return FALSE;

  annotation_id = operation_annotation_id (op);
  if (annotation_id != NULL && d->result != NULL)
    answer = read_annotation (d->result, FALSE, &local_error);
  if (answer == NULL || g_strcmp0 (plenum_annotation_get_id (answer), annotation_id) != 0)
    {
      /* Applied all the same; the feed brings the server's version. */
      g_message ("The answer to annotation operation %s cannot be used: %s", d->operation_id,
                 local_error != NULL ? local_error->message : "not that annotation");
      return commit (db, error);
    }

  if (!annotation_row_read (db, op->account_id, annotation_id, &row, error) ||
      !count_other_unsettled (db, op->path, op->operation_id, &newer, error))
    return FALSE;
  if (row.found)
    {
      gint64 revision = MAX (row.server_revision, plenum_annotation_get_revision (answer));

      if (newer > 0)
        {
          /* A newer local change waits: it stays the local version, and goes on this
           * revision. */
          if (!update_annotation_row (db, op->account_id, annotation_id, row.json, revision,
                                      TRUE, row.deleted, row.queued_op, error))
            return FALSE;
        }
      else if (!update_annotation_row (db, op->account_id, annotation_id, d->result, revision,
                                       FALSE, plenum_annotation_get_deleted (answer), NULL,
                                       error))
        return FALSE;
      g_free (job->signal_detail);
      job->signal_detail = g_strdup (row.meeting_id);
    }
  return commit (db, error);
}

void
plenum_store_annotation_operation_applied_async (PlenumStore         *self,
                                                 const char          *operation_id,
                                                 const char          *result_json,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AnnotationData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (operation_id != NULL);
  assert_owner_thread (self);

  /* Finished like the outbox's own marks. */
  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_outbox_mark_finish);
  d = g_new0 (AnnotationData, 1);
  d->operation_id = g_strdup (operation_id);
  d->result = g_strdup (result_json);
  queue_job (self, g_steal_pointer (&task), annotation_operation_applied_job, d,
             annotation_data_free, EMIT_OUTBOX_CHANGED | EMIT_ANNOTATIONS_CHANGED, NULL);
}

/* The local version @local_json as a new annotation: a new id, conflict_of @id,
 * revision 0; its text. */
static char *
conflict_copy_json (const char  *local_json,
                    const char  *id,
                    char       **new_id,
                    GError     **error)
{
  g_autoptr(PlenumAnnotation) local = read_annotation (local_json, TRUE, error);
  g_autoptr(PlenumAnnotation) copy = NULL;
  g_autoptr(cJSON) node = NULL;
  g_autofree char *text = NULL;

  if (local == NULL)
    return NULL;
  plenum_annotation_set_revision (local, 0);
  plenum_annotation_set_conflict_of (local, id);
  node = plenum_annotation_to_json (local);
  *new_id = plenum_uuid_new ();
  cJSON_ReplaceItemInObjectCaseSensitive (node, "id", cJSON_CreateString (*new_id));
  text = plenum_json_print (node);
  /* What the model would not read back is never queued. */
  copy = read_annotation (text, TRUE, error);
  if (copy == NULL)
    return NULL;
  return g_steal_pointer (&text);
}

static gboolean
annotation_operation_conflict_job (PlenumStore  *self,
                                   StoreJob     *job,
                                   GError      **error)
{
  AnnotationData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(PlenumOutboxOperation) op = NULL;
  g_autoptr(PlenumAnnotation) server = NULL;
  g_auto(AnnotationRow) row = { 0, };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *annotation_id;

  assert_writer_thread (self);

  server = read_annotation (d->result, FALSE, error);
  if (server == NULL)
    return FALSE;
  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  op = outbox_row_read (db, d->operation_id, error);
  if (op == NULL)
    return FALSE;
  annotation_id = operation_annotation_id (op);
  if (annotation_id == NULL || g_strcmp0 (plenum_annotation_get_id (server), annotation_id) != 0)
    {
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                           "Not the server's version of that operation's annotation");
      return FALSE;
    }
  if (!settle_operation_sent (db, op, d->result, error) ||
      !annotation_row_read (db, op->account_id, annotation_id, &row, error))
    return FALSE;

  /* The copy carries the latest local version: the operations queued behind this one
   * were made on the same losing line and would only conflict in turn. */
  stmt = db_prepare (db, "DELETE FROM outbox WHERE path = ? AND state <= 1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, op->path);
  if (!db_step_done (db, stmt, error))
    return FALSE;

  if (row.found)
    {
      g_autoptr(PlenumAnnotation) local = read_annotation (row.json, TRUE, error);

      if (local == NULL)
        return FALSE;
      /* A local deletion that lost gives no copy: the server's version comes back, and
       * the member may delete it again. Nor does an edit the server already has. */
      if (!row.deleted &&
          (plenum_annotation_get_deleted (server) ||
           !plenum_annotation_same_content (local, server)))
        {
          g_autofree char *copy_id = NULL;
          g_autofree char *copy_json = conflict_copy_json (row.json, annotation_id, &copy_id,
                                                           error);
          g_autofree char *copy_path = NULL;
          g_autofree char *operation_id = NULL;
          g_autoptr(cJSON) body = NULL;
          g_autoptr(sqlite3_stmt) insert = NULL;

          if (copy_json == NULL)
            return FALSE;
          body = cJSON_CreateObject ();
          plenum_json_add_int64 (body, "base_revision", 0);
          cJSON_AddItemToObject (body, "annotation", plenum_json_parse (copy_json, -1, NULL));
          copy_path = g_strconcat (ANNOTATION_PATH_PREFIX, copy_id, NULL);
          operation_id = queue_annotation_operation (db, op->account_id, copy_path, NULL,
                                                     PLENUM_OUTBOX_KIND_ANNOTATION_PUT, "PUT",
                                                     body, error);
          if (operation_id == NULL)
            return FALSE;
          insert = db_prepare (db, "INSERT INTO annotations (account_id, id, meeting_id, "
                                   "  document_id, json, dirty, deleted, queued_op) "
                                   "VALUES (?, ?, ?, ?, ?, 1, 0, ?)", error);
          if (insert == NULL)
            return FALSE;
          bind_text (insert, 1, op->account_id);
          bind_text (insert, 2, copy_id);
          bind_text (insert, 3, row.meeting_id);
          bind_text (insert, 4, row.document_id);
          bind_text (insert, 5, copy_json);
          bind_text (insert, 6, operation_id);
          if (!db_step_done (db, insert, error))
            return FALSE;
        }
      if (!update_annotation_row (db, op->account_id, annotation_id, d->result,
                                  plenum_annotation_get_revision (server), FALSE,
                                  plenum_annotation_get_deleted (server), NULL, error))
        return FALSE;
      g_free (job->signal_detail);
      job->signal_detail = g_strdup (row.meeting_id);
    }
  return commit (db, error);
}

void
plenum_store_annotation_operation_conflict_async (PlenumStore         *self,
                                                  const char          *operation_id,
                                                  const char          *server_annotation_json,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AnnotationData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (operation_id != NULL);
  g_return_if_fail (server_annotation_json != NULL);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_outbox_mark_finish);
  d = g_new0 (AnnotationData, 1);
  d->operation_id = g_strdup (operation_id);
  d->result = g_strdup (server_annotation_json);
  queue_job (self, g_steal_pointer (&task), annotation_operation_conflict_job, d,
             annotation_data_free, EMIT_OUTBOX_CHANGED | EMIT_ANNOTATIONS_CHANGED, NULL);
}

/* Lists a meeting's server describes whole (issue #7: its votes, its opinion rounds)
 *
 * Each is saved whole in place of the stored one, element by element (id and JSON, in
 * the server's order), and read back through the same strict reader. */

typedef gpointer     (*ListNodeReader) (const cJSON  *node,
                                        const char   *where,
                                        GError      **error);
typedef const char * (*ListGetter)     (gpointer      element);

typedef struct {
  const char     *key;          /* the answer's array */
  const char     *table;        /* a constant, never input */
  const char     *what;         /* in messages */
  const char     *one;          /* one element, in messages */
  ListNodeReader  from_node;
  GDestroyNotify  unref;
  ListGetter      get_id;
  ListGetter      get_meeting_id;
  ListGetter      get_json;
} MeetingListKind;

typedef struct {
  const MeetingListKind *kind;
  char *meeting_id;
  GPtrArray *elements;          /* in the server's order */
} MeetingListData;

static void
meeting_list_data_free (gpointer data)
{
  MeetingListData *d = data;

  g_free (d->meeting_id);
  g_clear_pointer (&d->elements, g_ptr_array_unref);
  g_free (d);
}

static gboolean
save_list_job (PlenumStore  *self,
               StoreJob     *job,
               GError      **error)
{
  MeetingListData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *delete = NULL;
  g_autofree char *insert = NULL;
  gboolean stored;

  assert_writer_thread (self);

  if (!db_exec (db, "BEGIN IMMEDIATE", error) ||
      !meeting_is_stored (db, d->meeting_id, &stored, error))
    return FALSE;
  if (!stored)
    {
      rollback (db);
      return TRUE;
    }
  delete = g_strdup_printf ("DELETE FROM %s WHERE meeting_id = ?", d->kind->table);
  stmt = db_prepare (db, delete, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->meeting_id);
  if (!db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  insert = g_strdup_printf ("INSERT INTO %s (meeting_id, position, id, json) "
                            "VALUES (?, ?, ?, ?)", d->kind->table);
  stmt = db_prepare (db, insert, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < d->elements->len; i++)
    {
      gpointer element = g_ptr_array_index (d->elements, i);

      sqlite3_reset (stmt);
      bind_text (stmt, 1, d->meeting_id);
      sqlite3_bind_int (stmt, 2, (int) i);
      bind_text (stmt, 3, d->kind->get_id (element));
      bind_text (stmt, 4, d->kind->get_json (element));
      if (!db_step_done (db, stmt, error))
        return FALSE;
    }
  return commit (db, error);
}

/* Reads the answer of GET …/{kind} for @meeting_id ({"meeting_id", key: [...]}) and
 * queues its saving on @task (owned), or returns INVALID on it. */
static void
queue_list_save (PlenumStore           *self,
                 const MeetingListKind *kind,
                 GTask                 *task,
                 const char            *meeting_id,
                 const char            *json,
                 StoreJobSignals        signals_on_success)
{
  g_autoptr(GTask) owned = task;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GPtrArray) elements = NULL;
  const char *known[] = { "meeting_id", kind->key, NULL };
  const char *answer_meeting = NULL;
  const cJSON *list = NULL;
  const cJSON *node;
  MeetingListData *d;
  guint i = 0;

  root = plenum_json_parse (json, -1, &error);
  if (root == NULL ||
      !plenum_json_check_object (root, "", known, &error) ||
      !plenum_json_get_uuid (root, "", "meeting_id", PLENUM_JSON_REQUIRED, &answer_meeting,
                             &error) ||
      !plenum_json_get_array (root, "", kind->key, PLENUM_JSON_REQUIRED, PLENUM_MAX_ARRAY_ITEMS,
                              &list, &error))
    {
      g_task_return_new_error (owned, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "Not the %s of a meeting: %s", kind->what, error->message);
      return;
    }
  if (strcmp (answer_meeting, meeting_id) != 0)
    {
      g_task_return_new_error (owned, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "The %s are those of another meeting", kind->what);
      return;
    }

  elements = g_ptr_array_new_with_free_func (kind->unref);
  cJSON_ArrayForEach (node, list)
    {
      g_autofree char *where = plenum_json_path_index (kind->key, i++);
      gpointer element = kind->from_node (node, where, &error);

      if (element == NULL)
        {
          g_task_return_new_error (owned, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                                   "Not the %s of a meeting: %s", kind->what, error->message);
          return;
        }
      g_ptr_array_add (elements, element);
      if (strcmp (kind->get_meeting_id (element), meeting_id) != 0)
        {
          g_task_return_new_error (owned, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                                   "%s belongs to another meeting", where);
          return;
        }
    }

  d = g_new0 (MeetingListData, 1);
  d->kind = kind;
  d->meeting_id = g_strdup (meeting_id);
  d->elements = g_steal_pointer (&elements);
  queue_job (self, g_steal_pointer (&owned), save_list_job, d, meeting_list_data_free,
             signals_on_success, meeting_id);
}

/* A stored element's text; CORRUPT when it no longer reads. */
static gpointer
list_element_from_text (const MeetingListKind  *kind,
                        const char             *text,
                        GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(cJSON) node = plenum_json_parse (text, -1, &local_error);
  gpointer element = NULL;

  if (node != NULL)
    element = kind->from_node (node, kind->one, &local_error);
  if (element == NULL)
    g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_CORRUPT,
                 "A stored %s cannot be read: %s", kind->one, local_error->message);
  return element;
}

/* The stored elements of @meeting_id, in the server's order (an unreadable one is
 * left out, with a warning, rather than hiding the others). */
static GPtrArray *
read_list (PlenumStore           *self,
           const MeetingListKind *kind,
           const char            *meeting_id)
{
  GPtrArray *elements = g_ptr_array_new_with_free_func (kind->unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *select = g_strdup_printf ("SELECT json FROM %s WHERE meeting_id = ? "
                                             "ORDER BY position", kind->table);
  gboolean has_row;

  stmt = db_prepare (self->read_db, select, &error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, meeting_id);
  for (;;)
    {
      gpointer element;

      if (!db_step_row (self->read_db, stmt, &has_row, &error))
        goto fail;
      if (!has_row)
        break;
      element = list_element_from_text (kind, (const char *) sqlite3_column_text (stmt, 0),
                                        &error);
      if (element == NULL)
        {
          g_warning ("%s", error->message);
          g_clear_error (&error);
          continue;
        }
      g_ptr_array_add (elements, element);
    }
  return elements;

fail:
  g_warning ("Cannot read the %s: %s", kind->what, error->message);
  return elements;
}

/* The state of a ballot's or an answer's operation, from the columns @column (its
 * state: NULL reads as QUEUED, for an operation is never deleted while its row is
 * stored), @column + 1 and + 2 (when REFUSED: the server's code and message, into the
 * out arguments that are not NULL). */
static PlenumOutboxState
row_operation_state (sqlite3_stmt  *stmt,
                     int            column,
                     char         **refused_code,
                     char         **refused_message)
{
  PlenumOutboxState state = sqlite3_column_type (stmt, column) == SQLITE_NULL
                            ? PLENUM_OUTBOX_STATE_QUEUED
                            : (PlenumOutboxState) sqlite3_column_int (stmt, column);

  if (state == PLENUM_OUTBOX_STATE_REFUSED)
    {
      if (refused_code != NULL)
        *refused_code = column_dup (stmt, column + 1);
      if (refused_message != NULL)
        *refused_message = column_dup (stmt, column + 2);
    }
  return state;
}

/* Runs @sql (a member's row, with the account id and the element's id as its two
 * parameters) on the read connection: TRUE with *@out on the row, FALSE when there is
 * none or the read failed (logged, naming @what). */
static gboolean
read_member_row (PlenumStore   *self,
                 const char    *sql,
                 const char    *account_id,
                 const char    *id,
                 const char    *what,
                 sqlite3_stmt **out)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row = FALSE;

  stmt = db_prepare (self->read_db, sql, &error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, account_id);
      bind_text (stmt, 2, id);
    }
  if (stmt == NULL || !db_step_row (self->read_db, stmt, &has_row, &error))
    {
      g_warning ("Cannot read %s: %s", what, error->message);
      return FALSE;
    }
  if (has_row)
    *out = g_steal_pointer (&stmt);
  return has_row;
}

/* Issue #7: votes and ballots */

struct _PlenumStoredVote
{
  gatomicrefcount ref_count;
  char *id;
  char *meeting_id;
  char *item_id;
  char *title;
  gboolean secret;
  gboolean candidates;
  GStrv options;
  guint n_options;
  guint max_choices;
  gboolean changeable;
  PlenumVoteState state;
  guint voted;
  char *json;
};

G_DEFINE_BOXED_TYPE (PlenumStoredVote, plenum_stored_vote,
                     plenum_stored_vote_ref, plenum_stored_vote_unref)

PlenumStoredVote *
plenum_stored_vote_ref (PlenumStoredVote *vote)
{
  g_return_val_if_fail (vote != NULL, NULL);
  g_atomic_ref_count_inc (&vote->ref_count);
  return vote;
}

void
plenum_stored_vote_unref (PlenumStoredVote *vote)
{
  g_return_if_fail (vote != NULL);
  if (!g_atomic_ref_count_dec (&vote->ref_count))
    return;
  g_free (vote->id);
  g_free (vote->meeting_id);
  g_free (vote->item_id);
  g_free (vote->title);
  g_strfreev (vote->options);
  g_free (vote->json);
  g_free (vote);
}

#define VOTE_GETTER(type, field, fallback)                         \
  type                                                             \
  plenum_stored_vote_get_##field (PlenumStoredVote *vote)          \
  {                                                                \
    g_return_val_if_fail (vote != NULL, fallback);                 \
    return vote->field;                                            \
  }

VOTE_GETTER (const char *, id, NULL)
VOTE_GETTER (const char *, meeting_id, NULL)
VOTE_GETTER (const char *, item_id, NULL)
VOTE_GETTER (const char *, title, NULL)
VOTE_GETTER (gboolean, secret, FALSE)
VOTE_GETTER (gboolean, candidates, FALSE)
VOTE_GETTER (guint, n_options, 0)
VOTE_GETTER (guint, max_choices, 0)
VOTE_GETTER (gboolean, changeable, FALSE)
VOTE_GETTER (PlenumVoteState, state, PLENUM_VOTE_STATE_CLOSED)
VOTE_GETTER (guint, voted, 0)
VOTE_GETTER (const char *, json, NULL)

#undef VOTE_GETTER

const char * const *
plenum_stored_vote_get_options (PlenumStoredVote *vote)
{
  g_return_val_if_fail (vote != NULL, NULL);
  return (const char * const *) vote->options;
}

/* The most options a vote has (docs/protocol.md: 1 to 100 candidates). */
#define MAX_VOTE_OPTIONS 100

/* Reads one Vote. Only the fields the terminal uses are checked (strictly); the others
 * (voters, result, times) are kept in the stored text for whoever shows them, so that a
 * server adding a field does not make a vote unreadable. */
static PlenumStoredVote *
vote_from_node (const cJSON  *node,
                const char   *where,
                GError      **error)
{
  g_autoptr(PlenumStoredVote) vote = g_new0 (PlenumStoredVote, 1);
  g_autoptr(GPtrArray) options = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  const char *id, *meeting_id, *item_id, *title, *kind, *form, *state;
  const cJSON *list = NULL;
  const cJSON *option;
  gint64 max_choices = 1, voted = 0;
  gboolean changeable = FALSE;
  guint i = 0;

  g_atomic_ref_count_init (&vote->ref_count);
  if (!cJSON_IsObject (node))
    {
      g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                   "%s: a vote must be an object", where);
      return NULL;
    }
  if (!plenum_json_get_uuid (node, where, "id", PLENUM_JSON_REQUIRED, &id, error) ||
      !plenum_json_get_uuid (node, where, "meeting_id", PLENUM_JSON_REQUIRED, &meeting_id,
                             error) ||
      !plenum_json_get_uuid (node, where, "item_id", PLENUM_JSON_REQUIRED, &item_id, error) ||
      !plenum_json_get_text (node, where, "title", PLENUM_JSON_REQUIRED, 1000, TRUE, &title,
                             error) ||
      !plenum_json_get_string (node, where, "kind", PLENUM_JSON_REQUIRED, &kind, error) ||
      !plenum_json_get_string (node, where, "form", PLENUM_JSON_REQUIRED, &form, error) ||
      !plenum_json_get_string (node, where, "state", PLENUM_JSON_REQUIRED, &state, error) ||
      !plenum_json_get_array (node, where, "options", PLENUM_JSON_REQUIRED, MAX_VOTE_OPTIONS,
                              &list, error) ||
      !plenum_json_get_int64 (node, where, "max_choices", PLENUM_JSON_OPTIONAL, 1,
                              MAX_VOTE_OPTIONS, &max_choices, error) ||
      !plenum_json_get_bool (node, where, "changeable", PLENUM_JSON_OPTIONAL, &changeable,
                             error) ||
      !plenum_json_get_int64 (node, where, "voted", PLENUM_JSON_OPTIONAL, 0, G_MAXINT32,
                              &voted, error))
    return NULL;

  cJSON_ArrayForEach (option, list)
    {
      if (!cJSON_IsString (option) || option->valuestring[0] == '\0')
        {
          g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                       "%s.options[%u]: not an option's text", where, i);
          return NULL;
        }
      g_ptr_array_add (options, g_strdup (option->valuestring));
      i++;
    }
  if (options->len == 0 || (guint64) max_choices > options->len ||
      (strcmp (kind, "open") != 0 && strcmp (kind, "secret") != 0) ||
      (strcmp (form, "motion") != 0 && strcmp (form, "candidates") != 0))
    {
      g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                   "%s: not a vote the terminal knows (kind, form or options)", where);
      return NULL;
    }
  if (strcmp (state, "open") == 0)
    vote->state = PLENUM_VOTE_STATE_OPEN;
  else if (strcmp (state, "closed") == 0)
    vote->state = PLENUM_VOTE_STATE_CLOSED;
  else if (strcmp (state, "annulled") == 0)
    vote->state = PLENUM_VOTE_STATE_ANNULLED;
  else
    {
      g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                   "%s.state: not a vote's state", where);
      return NULL;
    }

  vote->id = g_strdup (id);
  vote->meeting_id = g_strdup (meeting_id);
  vote->item_id = g_strdup (item_id);
  vote->title = g_strdup (title);
  vote->secret = strcmp (kind, "secret") == 0;
  vote->candidates = strcmp (form, "candidates") == 0;
  vote->n_options = options->len;
  vote->options = (GStrv) g_ptr_array_steal (options, NULL);
  vote->max_choices = (guint) max_choices;
  vote->changeable = changeable;
  vote->voted = (guint) voted;
  vote->json = plenum_json_print (node);
  return g_steal_pointer (&vote);
}

static const MeetingListKind vote_list = {
  "votes", "votes", "votes", "vote",
  (ListNodeReader) vote_from_node,
  (GDestroyNotify) plenum_stored_vote_unref, (ListGetter) plenum_stored_vote_get_id,
  (ListGetter) plenum_stored_vote_get_meeting_id, (ListGetter) plenum_stored_vote_get_json,
};

void
plenum_store_save_votes_async (PlenumStore         *self,
                               const char          *meeting_id,
                               const char          *votes_json,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (meeting_id != NULL);
  g_return_if_fail (votes_json != NULL);
  assert_owner_thread (self);

  queue_list_save (self, &vote_list,
                   write_task_new (self, cancellable, callback, user_data,
                                   plenum_store_save_votes_async),
                   meeting_id, votes_json, EMIT_VOTES_CHANGED);
}

gboolean
plenum_store_save_votes_finish (PlenumStore   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return write_finish (self, result, plenum_store_save_votes_async, error);
}

/* The stored votes of @meeting_id; @open_only: only the open one (at most one). */
static GPtrArray *
read_votes (PlenumStore *self,
            const char  *meeting_id,
            gboolean     open_only)
{
  GPtrArray *votes = read_list (self, &vote_list, meeting_id);

  for (guint i = votes->len; open_only && i > 0; i--)
    if (plenum_stored_vote_get_state (g_ptr_array_index (votes, i - 1)) != PLENUM_VOTE_STATE_OPEN)
      g_ptr_array_remove_index (votes, i - 1);
  return votes;
}

GPtrArray *
plenum_store_list_votes (PlenumStore *self,
                         const char  *meeting_id)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (meeting_id != NULL, NULL);
  assert_owner_thread (self);

  return read_votes (self, meeting_id, FALSE);
}

PlenumStoredVote *
plenum_store_get_open_vote (PlenumStore *self,
                            const char  *meeting_id)
{
  g_autoptr(GPtrArray) votes = NULL;

  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (meeting_id != NULL, NULL);
  assert_owner_thread (self);

  votes = read_votes (self, meeting_id, TRUE);
  if (votes->len == 0)
    return NULL;
  /* The last opened, should the server ever list two. */
  return plenum_stored_vote_ref (g_ptr_array_index (votes, votes->len - 1));
}

typedef struct {
  OutboxAddData *add;           /* its body is made on the writer thread */
  char *vote_id;
  GArray *choices;              /* of guint */
} BallotData;

static void
ballot_data_free (gpointer data)
{
  BallotData *d = data;

  /* The body holds a secret vote's receipt. */
  plenum_secret_free (g_steal_pointer (&d->add->body));
  outbox_add_data_free (d->add);
  g_free (d->vote_id);
  g_clear_pointer (&d->choices, g_array_unref);
  g_free (d);
}

/* 32 random bytes from the kernel's CSPRNG, as 64 hex digits. */
static char *
make_receipt (GError **error)
{
  guint8 bytes[32];
  gsize done = 0;
  GString *text;

  while (done < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + done, sizeof bytes - done, 0);

      if (n < 0)
        {
          int errsv = errno;

          if (errsv == EINTR)
            continue;
          plenum_store_set_errno_error (error, errsv, "Cannot make a ballot's receipt");
          return NULL;
        }
      done += (gsize) n;
    }
  text = g_string_sized_new (65);
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (text, "%02x", bytes[i]);
  OPENSSL_cleanse (bytes, sizeof bytes);
  return g_string_free (text, FALSE);
}

/* The choices fit the vote: one for a motion; up to max_choices distinct ones (none: a
 * blank ballot) for a candidate list. */
static gboolean
check_choices (PlenumStoredVote  *vote,
               GArray            *choices,
               GError           **error)
{
  if (vote->candidates ? choices->len > vote->max_choices : choices->len != 1)
    {
      g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                   "A ballot in this vote has %s %u choices",
                   vote->candidates ? "at most" : "exactly",
                   vote->candidates ? vote->max_choices : 1);
      return FALSE;
    }
  for (guint i = 0; i < choices->len; i++)
    {
      guint c = g_array_index (choices, guint, i);

      if (c >= vote->n_options)
        {
          g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "A ballot's choice is not one of the vote's options");
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (g_array_index (choices, guint, j) == c)
          {
            g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                                 "A ballot names an option twice");
            return FALSE;
          }
    }
  return TRUE;
}

static gboolean
save_ballot_job (PlenumStore  *self,
                 StoreJob     *job,
                 GError      **error)
{
  BallotData *d = job->data;
  OutboxAddData *add = d->add;
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PlenumStoredVote) vote = NULL;
  g_autoptr(cJSON) body = NULL;
  g_autoptr(cJSON) choices_node = NULL;
  g_autofree char *choices_text = NULL;
  g_autofree char *body_text = NULL;
  char *receipt = NULL;
  gboolean has_row;

  assert_writer_thread (self);

  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  stmt = db_prepare (db, "SELECT json FROM votes WHERE meeting_id = ? AND id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, add->meeting_id);
  bind_text (stmt, 2, d->vote_id);
  if (!db_step_row (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND,
                           "No such vote is stored");
      return FALSE;
    }
  vote = list_element_from_text (&vote_list, (const char *) sqlite3_column_text (stmt, 0),
                                 error);
  if (vote == NULL || !check_choices (vote, d->choices, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = db_prepare (db, "SELECT b.receipt, o.state FROM ballots b "
                         "LEFT JOIN outbox o ON o.operation_id = b.operation_id "
                         "WHERE b.account_id = ? AND b.vote_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, add->account_id);
  bind_text (stmt, 2, d->vote_id);
  if (!db_step_row (db, stmt, &has_row, error))
    return FALSE;
  if (has_row && !vote->changeable &&
      sqlite3_column_int (stmt, 1) != PLENUM_OUTBOX_STATE_REFUSED)
    {
      /* The server would refuse it (already_voted); the first ballot stands. */
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                           "A ballot was cast in this vote already and it may not be "
                           "changed");
      return FALSE;
    }
  /* Replacing a secret ballot takes the receipt of the first: only it can. */
  if (vote->secret && has_row && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    receipt = column_dup (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (vote->secret && receipt == NULL && (receipt = make_receipt (error)) == NULL)
    return FALSE;

  choices_node = cJSON_CreateArray ();
  for (guint i = 0; i < d->choices->len; i++)
    cJSON_AddItemToArray (choices_node,
                          cJSON_CreateNumber (g_array_index (d->choices, guint, i)));
  choices_text = plenum_json_print (choices_node);
  body = cJSON_CreateObject ();
  cJSON_AddItemReferenceToObject (body, "choices", choices_node);
  if (receipt != NULL)
    plenum_json_add_string (body, "receipt", receipt);
  body_text = plenum_json_print (body);
  cJSON_Delete (g_steal_pointer (&body));
  plenum_secret_free (g_steal_pointer (&add->body));
  add->body = body_with_operation_id (body_text, add->operation_id, TRUE, error);
  OPENSSL_cleanse (body_text, strlen (body_text));
  if (add->body == NULL)
    {
      plenum_secret_free (receipt);
      return FALSE;
    }

  stmt = db_prepare (db, "INSERT INTO ballots (account_id, vote_id, meeting_id, choices, "
                         "                     receipt, operation_id, cast_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                         "ON CONFLICT (account_id, vote_id) DO UPDATE SET "
                         "  choices = ?4, receipt = ?5, operation_id = ?6, cast_at = ?7", error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, add->account_id);
      bind_text (stmt, 2, d->vote_id);
      bind_text (stmt, 3, add->meeting_id);
      bind_text (stmt, 4, choices_text);
      bind_text (stmt, 5, receipt);
      bind_text (stmt, 6, add->operation_id);
      sqlite3_bind_int64 (stmt, 7, g_get_real_time ());
    }
  plenum_secret_free (receipt);
  if (stmt == NULL || !db_step_done (db, stmt, error) || !outbox_insert (db, add, error) ||
      !commit (db, error))
    return FALSE;
  job->result = g_strdup (add->operation_id);
  job->result_free = g_free;
  return TRUE;
}

void
plenum_store_save_ballot_async (PlenumStore         *self,
                                const char          *account_id,
                                const char          *meeting_id,
                                const char          *vote_id,
                                const guint         *choices,
                                guint                n_choices,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  BallotData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (meeting_id != NULL);
  g_return_if_fail (vote_id != NULL);
  g_return_if_fail (choices != NULL || n_choices == 0);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data, plenum_store_save_ballot_async);
  /* A ballot is a member's (never the terminal's), and the path is built only from
   * checked ids. */
  if (account_id == NULL || !plenum_is_uuid (meeting_id) || !plenum_is_uuid (vote_id) ||
      n_choices > MAX_VOTE_OPTIONS)
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "A ballot needs a member, a meeting and a vote (UUIDs)");
      return;
    }
  path = g_strdup_printf ("/api/v1/meetings/%s/votes/%s/ballots", meeting_id, vote_id);

  d = g_new0 (BallotData, 1);
  d->add = outbox_add_data_new (task, account_id, PLENUM_OUTBOX_KIND_BALLOT, "POST", path,
                                NULL, TRUE);
  if (d->add == NULL)
    {
      g_free (d);
      return;
    }
  d->add->meeting_id = g_strdup (meeting_id);
  d->vote_id = g_strdup (vote_id);
  d->choices = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_choices);
  if (n_choices > 0)
    g_array_append_vals (d->choices, choices, n_choices);
  queue_job (self, g_steal_pointer (&task), save_ballot_job, d, ballot_data_free,
             EMIT_OUTBOX_CHANGED | EMIT_BALLOTS_CHANGED, meeting_id);
}

char *
plenum_store_save_ballot_finish (PlenumStore   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == plenum_store_save_ballot_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The server's answer to a ballot says whether it was counted. */
static gboolean
answer_says_counted (const char *result)
{
  g_autoptr(cJSON) node = result != NULL ? plenum_json_parse (result, -1, NULL) : NULL;
  const cJSON *counted = node != NULL ? cJSON_GetObjectItemCaseSensitive (node, "counted")
                                      : NULL;

  return cJSON_IsTrue (counted);
}

gboolean
plenum_store_get_ballot (PlenumStore        *self,
                         const char         *account_id,
                         const char         *vote_id,
                         PlenumBallotState  *state,
                         GArray            **choices,
                         char              **refused_code,
                         char              **refused_message)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PlenumOutboxState op_state;

  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);
  g_return_val_if_fail (vote_id != NULL, FALSE);
  assert_owner_thread (self);

  if (refused_code != NULL)
    *refused_code = NULL;
  if (refused_message != NULL)
    *refused_message = NULL;
  if (choices != NULL)
    *choices = NULL;
  if (account_id == NULL ||
      !read_member_row (self, "SELECT b.choices, o.state, o.refused_code, o.refused_message, "
                              "  o.result "
                              "FROM ballots b "
                              "LEFT JOIN outbox o ON o.operation_id = b.operation_id "
                              "WHERE b.account_id = ? AND b.vote_id = ?",
                        account_id, vote_id, "a ballot", &stmt))
    return FALSE;

  op_state = row_operation_state (stmt, 1, refused_code, refused_message);
  if (state != NULL)
    {
      switch (op_state)
        {
        case PLENUM_OUTBOX_STATE_SENDING:
          *state = PLENUM_BALLOT_STATE_SENT;
          break;
        case PLENUM_OUTBOX_STATE_SENT:
          *state = answer_says_counted ((const char *) sqlite3_column_text (stmt, 4))
                   ? PLENUM_BALLOT_STATE_COUNTED : PLENUM_BALLOT_STATE_SENT;
          break;
        case PLENUM_OUTBOX_STATE_REFUSED:
          *state = PLENUM_BALLOT_STATE_REFUSED;
          break;
        default:
          *state = PLENUM_BALLOT_STATE_QUEUED;
          break;
        }
    }
  if (choices != NULL)
    {
      g_autoptr(cJSON) list = plenum_json_parse ((const char *) sqlite3_column_text (stmt, 0),
                                                 -1, NULL);
      const cJSON *item;

      *choices = g_array_new (FALSE, FALSE, sizeof (guint));
      cJSON_ArrayForEach (item, list)
        if (cJSON_IsNumber (item) && item->valuedouble >= 0 &&
            item->valuedouble < MAX_VOTE_OPTIONS)
          {
            guint c = (guint) item->valuedouble;

            g_array_append_val (*choices, c);
          }
    }
  return TRUE;
}

char *
plenum_store_get_ballot_receipt (PlenumStore *self,
                                 const char  *account_id,
                                 const char  *vote_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  assert_owner_thread (self);

  stmt = db_prepare (self->read_db, "SELECT receipt FROM ballots "
                                    "WHERE account_id = ? AND vote_id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, account_id);
  bind_text (stmt, 2, vote_id);
  if (!db_step_row (self->read_db, stmt, &has_row, NULL) || !has_row)
    return NULL;
  return column_dup (stmt, 0);
}

/* The live meeting (issue #7) */

typedef struct {
  char *meeting_id;
  PlenumLiveKind kind;
  char *json;                   /* re-printed from the model: what the reader reads */
} LiveData;

static void
live_data_free (gpointer data)
{
  LiveData *d = data;

  g_free (d->meeting_id);
  g_free (d->json);
  g_free (d);
}

static gboolean
save_live_job (PlenumStore  *self,
               StoreJob     *job,
               GError      **error)
{
  LiveData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean stored;

  assert_writer_thread (self);

  if (!db_exec (db, "BEGIN IMMEDIATE", error) ||
      !meeting_is_stored (db, d->meeting_id, &stored, error))
    return FALSE;
  if (!stored)
    {
      rollback (db);
      return TRUE;
    }
  stmt = db_prepare (db, "INSERT INTO live_state (meeting_id, kind, json, saved_at) "
                         "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (meeting_id, kind) DO UPDATE "
                         "SET json = ?3, saved_at = ?4", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->meeting_id);
  sqlite3_bind_int (stmt, 2, (int) d->kind);
  bind_text (stmt, 3, d->json);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  if (!db_step_done (db, stmt, error))
    return FALSE;
  return commit (db, error);
}

/* Reads @json strictly as @kind says; its meeting id, or NULL with @error set. The
 * normalised JSON goes to *@normalised. */
static char *
read_live (const char      *json,
           PlenumLiveKind   kind,
           char           **normalised,
           GError         **error)
{
  g_autoptr(cJSON) root = plenum_json_parse (json, -1, error);
  g_autoptr(GObject) model = NULL;
  g_autoptr(cJSON) out = NULL;
  const char *meeting_id = NULL;

  if (root == NULL)
    return NULL;
  switch (kind)
    {
    case PLENUM_LIVE_KIND_POSITION:
      model = (GObject *) plenum_position_new_from_json (root, "", error);
      if (model != NULL)
        {
          meeting_id = plenum_position_get_meeting_id (PLENUM_POSITION (model));
          out = plenum_position_to_json (PLENUM_POSITION (model));
        }
      break;
    case PLENUM_LIVE_KIND_SPEAKERS:
      model = (GObject *) plenum_speaker_queue_new_from_json (root, "", error);
      if (model != NULL)
        {
          meeting_id = plenum_speaker_queue_get_meeting_id (PLENUM_SPEAKER_QUEUE (model));
          out = plenum_speaker_queue_to_json (PLENUM_SPEAKER_QUEUE (model));
        }
      break;
    case PLENUM_LIVE_KIND_QUORUM:
      model = (GObject *) plenum_quorum_new_from_json (root, "", error);
      if (model != NULL)
        {
          meeting_id = plenum_quorum_get_meeting_id (PLENUM_QUORUM (model));
          out = plenum_quorum_to_json (PLENUM_QUORUM (model));
        }
      break;
    default:
      g_assert_not_reached ();
    }
  if (model == NULL)
    return NULL;
  *normalised = plenum_json_print (out);
  return g_strdup (meeting_id);
}

void
plenum_store_save_live_async (PlenumStore         *self,
                              const char          *meeting_id,
                              PlenumLiveKind       kind,
                              const char          *json,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *normalised = NULL;
  g_autofree char *answer_meeting = NULL;
  LiveData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (meeting_id != NULL);
  g_return_if_fail (kind <= PLENUM_LIVE_KIND_QUORUM);
  g_return_if_fail (json != NULL);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data, plenum_store_save_live_async);
  /* Checked here, so that what the store keeps always reads back. */
  answer_meeting = read_live (json, kind, &normalised, &error);
  if (answer_meeting == NULL)
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "Not the live state of a meeting: %s", error->message);
      return;
    }
  if (strcmp (answer_meeting, meeting_id) != 0)
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "The live state is that of another meeting");
      return;
    }

  d = g_new0 (LiveData, 1);
  d->meeting_id = g_strdup (meeting_id);
  d->kind = kind;
  d->json = g_steal_pointer (&normalised);
  queue_job (self, g_steal_pointer (&task), save_live_job, d, live_data_free, 0, NULL);
}

gboolean
plenum_store_save_live_finish (PlenumStore   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return write_finish (self, result, plenum_store_save_live_async, error);
}

char *
plenum_store_get_live (PlenumStore    *self,
                       const char     *meeting_id,
                       PlenumLiveKind  kind)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_row;

  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (meeting_id != NULL, NULL);
  g_return_val_if_fail (kind <= PLENUM_LIVE_KIND_QUORUM, NULL);
  assert_owner_thread (self);

  stmt = db_prepare (self->read_db, "SELECT json FROM live_state "
                                    "WHERE meeting_id = ? AND kind = ?", &error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, meeting_id);
  sqlite3_bind_int (stmt, 2, (int) kind);
  if (!db_step_row (self->read_db, stmt, &has_row, &error))
    goto fail;
  return has_row ? column_dup (stmt, 0) : NULL;

fail:
  g_warning ("Cannot read the live state: %s", error->message);
  return NULL;
}

static gboolean
check_out_job (PlenumStore  *self,
               StoreJob     *job,
               GError      **error)
{
  OutboxAddData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  assert_writer_thread (self);

  if (!begin_meeting_write (db, d, error))
    return FALSE;

  /* The check-in's row goes: a later check-in finds none and queues a new operation
   * (after this one, in order), instead of returning the old check-in's. */
  stmt = db_prepare (db, "DELETE FROM attendance WHERE account_id = ? AND meeting_id = ?",
                     error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->account_id);
  bind_text (stmt, 2, d->meeting_id);
  return finish_meeting_write (db, stmt, d, job, error);
}

void
plenum_store_check_out_async (PlenumStore         *self,
                              const char          *account_id,
                              const char          *meeting_id,
                              const char          *body_json,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (meeting_id != NULL);
  assert_owner_thread (self);

  queue_attendance (self, account_id, meeting_id, body_json, check_out_job, cancellable,
                    callback, user_data, plenum_store_check_out_async);
}

/* Opinion rounds (issue #7) */

static const char * const stance_words[] = {
  [PLENUM_OPINION_STANCE_AGREE] = "agree",
  [PLENUM_OPINION_STANCE_AGREE_WITH_COMMENTS] = "agree_with_comments",
  [PLENUM_OPINION_STANCE_DISAGREE] = "disagree",
};

const char *
plenum_opinion_stance_to_string (PlenumOpinionStance stance)
{
  g_return_val_if_fail (stance <= PLENUM_OPINION_STANCE_DISAGREE, NULL);
  return stance_words[stance];
}

gboolean
plenum_opinion_stance_from_string (const char          *text,
                                   PlenumOpinionStance *stance)
{
  for (guint i = 0; i < G_N_ELEMENTS (stance_words); i++)
    if (g_strcmp0 (text, stance_words[i]) == 0)
      {
        if (stance != NULL)
          *stance = (PlenumOpinionStance) i;
        return TRUE;
      }
  return FALSE;
}

PlenumOpinionComment *
plenum_opinion_comment_new (guint       page,
                            const char *text)
{
  PlenumOpinionComment *comment = g_new0 (PlenumOpinionComment, 1);

  comment->page = page;
  comment->text = g_strdup (text != NULL ? text : "");
  return comment;
}

void
plenum_opinion_comment_free (PlenumOpinionComment *comment)
{
  if (comment == NULL)
    return;
  g_free (comment->text);
  g_free (comment);
}

struct _PlenumStoredRound
{
  gatomicrefcount ref_count;
  char *id;
  char *meeting_id;
  char *document_id;
  char *title;
  GDateTime *deadline;
  PlenumOpinionRoundState state;
  guint answered;
  guint members;
  char *mine_account;
  char *json;
};

G_DEFINE_BOXED_TYPE (PlenumStoredRound, plenum_stored_round,
                     plenum_stored_round_ref, plenum_stored_round_unref)

PlenumStoredRound *
plenum_stored_round_ref (PlenumStoredRound *round)
{
  g_return_val_if_fail (round != NULL, NULL);
  g_atomic_ref_count_inc (&round->ref_count);
  return round;
}

void
plenum_stored_round_unref (PlenumStoredRound *round)
{
  g_return_if_fail (round != NULL);
  if (!g_atomic_ref_count_dec (&round->ref_count))
    return;
  g_free (round->id);
  g_free (round->meeting_id);
  g_free (round->document_id);
  g_free (round->title);
  g_clear_pointer (&round->deadline, g_date_time_unref);
  g_free (round->mine_account);
  g_free (round->json);
  g_free (round);
}

#define ROUND_GETTER(type, field, name, fallback)                  \
  type                                                             \
  plenum_stored_round_get_##name (PlenumStoredRound *round)        \
  {                                                                \
    g_return_val_if_fail (round != NULL, fallback);                \
    return round->field;                                           \
  }

ROUND_GETTER (const char *, id, id, NULL)
ROUND_GETTER (const char *, meeting_id, meeting_id, NULL)
ROUND_GETTER (const char *, document_id, document_id, NULL)
ROUND_GETTER (const char *, title, title, NULL)
ROUND_GETTER (GDateTime *, deadline, deadline, NULL)
ROUND_GETTER (PlenumOpinionRoundState, state, state, PLENUM_OPINION_ROUND_STATE_CLOSED)
ROUND_GETTER (guint, answered, answered, 0)
ROUND_GETTER (guint, members, members, 0)
ROUND_GETTER (const char *, mine_account, mine_account, NULL)
ROUND_GETTER (const char *, json, json, NULL)

#undef ROUND_GETTER

gboolean
plenum_stored_round_is_open_at (PlenumStoredRound *round,
                                GDateTime         *now)
{
  g_return_val_if_fail (round != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  return round->state == PLENUM_OPINION_ROUND_STATE_OPEN &&
         g_date_time_compare (now, round->deadline) < 0;
}

/* Reads one Round. Only the fields the terminal uses are checked (strictly); the others
 * (answers, missing, times) are kept in the stored text, so that a server adding a
 * field does not make a round unreadable. */
static PlenumStoredRound *
round_from_node (const cJSON  *node,
                 const char   *where,
                 GError      **error)
{
  g_autoptr(PlenumStoredRound) round = g_new0 (PlenumStoredRound, 1);
  g_autofree char *mine_where = NULL;
  const char *id, *meeting_id, *document_id, *title, *state;
  const char *mine_account = NULL;
  const cJSON *mine = NULL;
  gint64 answered = 0, members = 0;

  g_atomic_ref_count_init (&round->ref_count);
  if (!cJSON_IsObject (node))
    {
      g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                   "%s: a round must be an object", where);
      return NULL;
    }
  if (!plenum_json_get_uuid (node, where, "id", PLENUM_JSON_REQUIRED, &id, error) ||
      !plenum_json_get_uuid (node, where, "meeting_id", PLENUM_JSON_REQUIRED, &meeting_id,
                             error) ||
      !plenum_json_get_uuid (node, where, "document_id", PLENUM_JSON_REQUIRED, &document_id,
                             error) ||
      !plenum_json_get_text (node, where, "title", PLENUM_JSON_REQUIRED, 1000, FALSE, &title,
                             error) ||
      !plenum_json_get_time (node, where, "deadline", PLENUM_JSON_REQUIRED, &round->deadline,
                             error) ||
      !plenum_json_get_string (node, where, "state", PLENUM_JSON_REQUIRED, &state, error) ||
      !plenum_json_get_int64 (node, where, "answered", PLENUM_JSON_OPTIONAL, 0, G_MAXINT32,
                              &answered, error) ||
      !plenum_json_get_int64 (node, where, "members", PLENUM_JSON_OPTIONAL, 0, G_MAXINT32,
                              &members, error) ||
      !plenum_json_get_object (node, where, "mine", PLENUM_JSON_OPTIONAL | PLENUM_JSON_NULLABLE,
                               &mine, error))
    return NULL;
  mine_where = plenum_json_path_key (where, "mine");
  if (mine != NULL &&
      !plenum_json_get_uuid (mine, mine_where, "account_id", PLENUM_JSON_REQUIRED,
                             &mine_account, error))
    return NULL;
  if (strcmp (state, "open") == 0)
    round->state = PLENUM_OPINION_ROUND_STATE_OPEN;
  else if (strcmp (state, "closed") == 0)
    round->state = PLENUM_OPINION_ROUND_STATE_CLOSED;
  else
    {
      g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                   "%s.state: not a round's state", where);
      return NULL;
    }

  round->id = g_strdup (id);
  round->meeting_id = g_strdup (meeting_id);
  round->document_id = g_strdup (document_id);
  round->title = g_strdup (title);
  round->answered = (guint) answered;
  round->members = (guint) members;
  round->mine_account = g_strdup (mine_account);
  round->json = plenum_json_print (node);
  return g_steal_pointer (&round);
}

static const MeetingListKind round_list = {
  "rounds", "opinion_rounds", "opinion rounds", "opinion round",
  (ListNodeReader) round_from_node,
  (GDestroyNotify) plenum_stored_round_unref, (ListGetter) plenum_stored_round_get_id,
  (ListGetter) plenum_stored_round_get_meeting_id, (ListGetter) plenum_stored_round_get_json,
};

void
plenum_store_save_opinion_rounds_async (PlenumStore         *self,
                                        const char          *meeting_id,
                                        const char          *rounds_json,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (meeting_id != NULL);
  g_return_if_fail (rounds_json != NULL);
  assert_owner_thread (self);

  queue_list_save (self, &round_list,
                   write_task_new (self, cancellable, callback, user_data,
                                   plenum_store_save_opinion_rounds_async),
                   meeting_id, rounds_json, EMIT_OPINION_ROUNDS_CHANGED);
}

gboolean
plenum_store_save_opinion_rounds_finish (PlenumStore   *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return write_finish (self, result, plenum_store_save_opinion_rounds_async, error);
}

GPtrArray *
plenum_store_list_opinion_rounds (PlenumStore *self,
                                  const char  *meeting_id)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (meeting_id != NULL, NULL);
  assert_owner_thread (self);

  return read_list (self, &round_list, meeting_id);
}

/* The limits of an answer (docs/protocol.md, "Answering"). */
#define MAX_OPINION_TEXT     10000
#define MAX_OPINION_COMMENTS 200
#define MAX_COMMENT_TEXT     2000

typedef struct {
  OutboxAddData *add;           /* its body is made here, on the owner's side */
  char *round_id;
  char *stance;
  char *text;
  char *comments;               /* the JSON array, as in the body */
} OpinionData;

static void
opinion_data_free (gpointer data)
{
  OpinionData *d = data;

  outbox_add_data_free (d->add);
  g_free (d->round_id);
  g_free (d->stance);
  g_free (d->text);
  g_free (d->comments);
  g_free (d);
}

/* The body of an answer ({stance, text, comments}), checked as the server would check
 * it; NULL with @error set (INVALID) for anything it would refuse. */
static char *
opinion_body (PlenumOpinionStance   stance,
              const char           *text,
              GPtrArray            *comments,
              char                **comments_json,
              GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(cJSON) body = cJSON_CreateObject ();
  cJSON *list = cJSON_CreateArray ();
  const char *checked;
  guint n = comments != NULL ? comments->len : 0;

  plenum_json_add_string (body, "stance", plenum_opinion_stance_to_string (stance));
  plenum_json_add_string (body, "text", text);
  cJSON_AddItemToObject (body, "comments", list);
  if (text[0] != '\0' &&
      !plenum_json_get_text (body, "", "text", PLENUM_JSON_REQUIRED, MAX_OPINION_TEXT, TRUE,
                             &checked, &local_error))
    goto invalid;
  if (n > MAX_OPINION_COMMENTS)
    {
      g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                   "An answer has at most %d comments", MAX_OPINION_COMMENTS);
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      PlenumOpinionComment *comment = g_ptr_array_index (comments, i);
      g_autofree char *where = plenum_json_path_index ("comments", i);
      cJSON *item = cJSON_CreateObject ();

      cJSON_AddItemToArray (list, item);
      plenum_json_add_int64 (item, "page", comment->page);
      plenum_json_add_string (item, "text", comment->text);
      if (comment->page > G_MAXINT32 ||
          !plenum_json_get_text (item, where, "text", PLENUM_JSON_REQUIRED, MAX_COMMENT_TEXT,
                                 TRUE, &checked, &local_error))
        goto invalid;
    }
  if ((stance == PLENUM_OPINION_STANCE_DISAGREE && text[0] == '\0') ||
      (stance == PLENUM_OPINION_STANCE_AGREE_WITH_COMMENTS && text[0] == '\0' && n == 0))
    {
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                           stance == PLENUM_OPINION_STANCE_DISAGREE
                             ? "A disagreement needs a text (the reason)"
                             : "An agreement with comments needs a text or a comment");
      return NULL;
    }
  *comments_json = plenum_json_print (list);
  return plenum_json_print (body);

invalid:
  g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
               "Not an answer the server would take: %s",
               local_error != NULL ? local_error->message : "the text is not valid");
  return NULL;
}

static gboolean
save_opinion_job (PlenumStore  *self,
                  StoreJob     *job,
                  GError      **error)
{
  OpinionData *d = job->data;
  OutboxAddData *add = d->add;
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean has_row;

  assert_writer_thread (self);

  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  stmt = db_prepare (db, "SELECT 1 FROM opinion_rounds WHERE meeting_id = ? AND id = ?",
                     error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, add->meeting_id);
  bind_text (stmt, 2, d->round_id);
  if (!db_step_row (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND,
                           "No such opinion round is stored");
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* A replacement is a new operation after the first (see plenum-store.h): the row
   * points at the latest. */
  stmt = db_prepare (db, "INSERT INTO opinion_answers (account_id, round_id, meeting_id, "
                         "  stance, text, comments, operation_id, answered_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                         "ON CONFLICT (account_id, round_id) DO UPDATE SET "
                         "  stance = ?4, text = ?5, comments = ?6, operation_id = ?7, "
                         "  answered_at = ?8", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, add->account_id);
  bind_text (stmt, 2, d->round_id);
  bind_text (stmt, 3, add->meeting_id);
  bind_text (stmt, 4, d->stance);
  bind_text (stmt, 5, d->text);
  bind_text (stmt, 6, d->comments);
  bind_text (stmt, 7, add->operation_id);
  sqlite3_bind_int64 (stmt, 8, g_get_real_time ());
  if (!db_step_done (db, stmt, error) || !outbox_insert (db, add, error) ||
      !commit (db, error))
    return FALSE;
  job->result = g_strdup (add->operation_id);
  job->result_free = g_free;
  return TRUE;
}

void
plenum_store_save_opinion_async (PlenumStore         *self,
                                 const char          *account_id,
                                 const char          *meeting_id,
                                 const char          *round_id,
                                 PlenumOpinionStance  stance,
                                 const char          *text,
                                 GPtrArray           *comments,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *comments_json = NULL;
  OpinionData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (meeting_id != NULL);
  g_return_if_fail (round_id != NULL);
  g_return_if_fail (text != NULL);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_save_opinion_async);
  /* An answer is a member's (never the terminal's), and the path is built only from
   * checked ids. */
  if (account_id == NULL || !plenum_is_uuid (meeting_id) || !plenum_is_uuid (round_id) ||
      stance > PLENUM_OPINION_STANCE_DISAGREE)
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "An answer needs a member, a meeting, a round (UUIDs) and a "
                               "stance");
      return;
    }
  body = opinion_body (stance, text, comments, &comments_json, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  path = g_strdup_printf ("/api/v1/meetings/%s/opinion-rounds/%s/answer", meeting_id,
                          round_id);

  d = g_new0 (OpinionData, 1);
  d->add = outbox_add_data_new (task, account_id, PLENUM_OUTBOX_KIND_OPINION, "PUT", path,
                                body, TRUE);
  if (d->add == NULL)
    {
      g_free (d);
      return;
    }
  d->add->meeting_id = g_strdup (meeting_id);
  d->round_id = g_strdup (round_id);
  d->stance = g_strdup (plenum_opinion_stance_to_string (stance));
  d->text = g_strdup (text);
  d->comments = g_steal_pointer (&comments_json);
  queue_job (self, g_steal_pointer (&task), save_opinion_job, d, opinion_data_free,
             EMIT_OUTBOX_CHANGED | EMIT_OPINION_ANSWERS_CHANGED, meeting_id);
}

char *
plenum_store_save_opinion_finish (PlenumStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == plenum_store_save_opinion_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The comments of a stored answer (written by opinion_body(), so they read back). */
static GPtrArray *
comments_from_text (const char *text)
{
  g_autoptr(cJSON) list = plenum_json_parse (text, -1, NULL);
  GPtrArray *comments = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_opinion_comment_free);
  const cJSON *item;

  cJSON_ArrayForEach (item, list)
    {
      const cJSON *page = cJSON_GetObjectItemCaseSensitive (item, "page");
      const cJSON *words = cJSON_GetObjectItemCaseSensitive (item, "text");

      if (cJSON_IsNumber (page) && page->valuedouble >= 0 && page->valuedouble <= G_MAXINT32 &&
          cJSON_IsString (words))
        g_ptr_array_add (comments, plenum_opinion_comment_new ((guint) page->valuedouble,
                                                               words->valuestring));
    }
  return comments;
}

gboolean
plenum_store_get_opinion (PlenumStore          *self,
                          const char           *account_id,
                          const char           *round_id,
                          PlenumOpinionState   *state,
                          PlenumOpinionStance  *stance,
                          char                **text,
                          GPtrArray           **comments,
                          char                **refused_code,
                          char                **refused_message)
{
  /* The server's answer to a PUT is the recorded Answer: SENT means recorded. */
  static const PlenumOpinionState from_outbox[] = {
    [PLENUM_OUTBOX_STATE_QUEUED] = PLENUM_OPINION_STATE_QUEUED,
    [PLENUM_OUTBOX_STATE_SENDING] = PLENUM_OPINION_STATE_SENT,
    [PLENUM_OUTBOX_STATE_SENT] = PLENUM_OPINION_STATE_RECORDED,
    [PLENUM_OUTBOX_STATE_REFUSED] = PLENUM_OPINION_STATE_REFUSED,
  };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PlenumOutboxState op_state;

  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);
  g_return_val_if_fail (round_id != NULL, FALSE);
  assert_owner_thread (self);

  if (text != NULL)
    *text = NULL;
  if (comments != NULL)
    *comments = NULL;
  if (refused_code != NULL)
    *refused_code = NULL;
  if (refused_message != NULL)
    *refused_message = NULL;
  if (account_id == NULL ||
      !read_member_row (self, "SELECT a.stance, a.text, a.comments, o.state, o.refused_code, "
                              "  o.refused_message "
                              "FROM opinion_answers a "
                              "LEFT JOIN outbox o ON o.operation_id = a.operation_id "
                              "WHERE a.account_id = ? AND a.round_id = ?",
                        account_id, round_id, "an opinion", &stmt))
    return FALSE;

  op_state = row_operation_state (stmt, 3, refused_code, refused_message);
  if (state != NULL)
    *state = op_state < G_N_ELEMENTS (from_outbox) ? from_outbox[op_state]
                                                   : PLENUM_OPINION_STATE_QUEUED;
  if (stance != NULL &&
      !plenum_opinion_stance_from_string ((const char *) sqlite3_column_text (stmt, 0), stance))
    *stance = PLENUM_OPINION_STANCE_AGREE;
  if (text != NULL)
    *text = column_dup (stmt, 1);
  if (comments != NULL)
    *comments = comments_from_text ((const char *) sqlite3_column_text (stmt, 2));
  return TRUE;
}

/* Conflicts of interest (issue #7) */

typedef struct {
  OutboxAddData *add;
  char *item_id;
  gboolean declared;
} ConflictData;

static void
conflict_data_free (gpointer data)
{
  ConflictData *d = data;

  outbox_add_data_free (d->add);
  g_free (d->item_id);
  g_free (d);
}

static gboolean
save_conflict_job (PlenumStore  *self,
                   StoreJob     *job,
                   GError      **error)
{
  ConflictData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  assert_writer_thread (self);

  if (!begin_meeting_write (db, d->add, error))
    return FALSE;
  stmt = db_prepare (db, "INSERT INTO conflicts (account_id, item_id, meeting_id, declared, "
                         "  operation_id) VALUES (?1, ?2, ?3, ?4, ?5) "
                         "ON CONFLICT (account_id, item_id) DO UPDATE SET "
                         "  declared = ?4, operation_id = ?5", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->add->account_id);
  bind_text (stmt, 2, d->item_id);
  bind_text (stmt, 3, d->add->meeting_id);
  sqlite3_bind_int (stmt, 4, d->declared ? 1 : 0);
  bind_text (stmt, 5, d->add->operation_id);
  return finish_meeting_write (db, stmt, d->add, job, error);
}

void
plenum_store_save_conflict_async (PlenumStore         *self,
                                  const char          *account_id,
                                  const char          *meeting_id,
                                  const char          *item_id,
                                  gboolean             declared,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  ConflictData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (meeting_id != NULL);
  g_return_if_fail (item_id != NULL);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_save_conflict_async);
  /* A member's (never the terminal's); the path is built only from checked ids. */
  if (account_id == NULL || !plenum_is_uuid (meeting_id) || !plenum_is_uuid (item_id))
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "A conflict of interest needs a member, a meeting and an "
                               "item (UUIDs)");
      return;
    }
  path = g_strdup_printf ("/api/v1/meetings/%s/items/%s/conflict", meeting_id, item_id);
  d = g_new0 (ConflictData, 1);
  d->add = outbox_add_data_new (task, account_id, PLENUM_OUTBOX_KIND_CONFLICT,
                                declared ? "PUT" : "DELETE", path, NULL, TRUE);
  if (d->add == NULL)
    {
      g_free (d);
      return;
    }
  d->add->meeting_id = g_strdup (meeting_id);
  d->item_id = g_strdup (item_id);
  d->declared = declared;
  queue_job (self, g_steal_pointer (&task), save_conflict_job, d, conflict_data_free,
             EMIT_OUTBOX_CHANGED | EMIT_CONFLICTS_CHANGED, meeting_id);
}

char *
plenum_store_save_conflict_finish (PlenumStore   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == plenum_store_save_conflict_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
plenum_store_get_conflict (PlenumStore        *self,
                           const char         *account_id,
                           const char         *item_id,
                           gboolean           *declared,
                           PlenumOutboxState  *state,
                           char              **refused_code,
                           char              **refused_message)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PlenumOutboxState op_state;

  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);
  g_return_val_if_fail (item_id != NULL, FALSE);
  assert_owner_thread (self);

  if (refused_code != NULL)
    *refused_code = NULL;
  if (refused_message != NULL)
    *refused_message = NULL;
  if (account_id == NULL ||
      !read_member_row (self, "SELECT c.declared, o.state, o.refused_code, o.refused_message "
                              "FROM conflicts c "
                              "LEFT JOIN outbox o ON o.operation_id = c.operation_id "
                              "WHERE c.account_id = ? AND c.item_id = ?",
                        account_id, item_id, "a conflict of interest", &stmt))
    return FALSE;
  op_state = row_operation_state (stmt, 1, refused_code, refused_message);
  if (declared != NULL)
    *declared = sqlite3_column_int (stmt, 0) != 0;
  if (state != NULL)
    *state = op_state;
  return TRUE;
}

/* ---------------------------------------------------------------------------------
 * Issue #8: revisions, the wipe, the lease's last contact
 * --------------------------------------------------------------------------------- */

/* Which pages changed between two versions */

typedef struct {
  char *old_sha256;
  char *new_sha256;
  char *changed;                /* '0'/'1' per page */
} RevisionChangesData;

static void
revision_changes_data_free (gpointer data)
{
  RevisionChangesData *d = data;

  g_free (d->old_sha256);
  g_free (d->new_sha256);
  g_free (d->changed);
  g_free (d);
}

static gboolean
save_revision_changes_job (PlenumStore  *self,
                           StoreJob     *job,
                           GError      **error)
{
  RevisionChangesData *d = job->data;
  sqlite3 *db = self->write_db;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  assert_writer_thread (self);

  stmt = db_prepare (db, "INSERT INTO revision_changes (old_sha256, new_sha256, changed) "
                         "VALUES (?1, ?2, ?3) ON CONFLICT (old_sha256, new_sha256) "
                         "DO UPDATE SET changed = ?3", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, d->old_sha256);
  bind_text (stmt, 2, d->new_sha256);
  bind_text (stmt, 3, d->changed);
  if (!db_step_done (db, stmt, error))
    return FALSE;
  plenum_store_durability_point ("commit");
  return TRUE;
}

void
plenum_store_save_revision_changes_async (PlenumStore         *self,
                                          const char          *old_sha256,
                                          const char          *new_sha256,
                                          const gboolean      *changed,
                                          guint                n_pages,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RevisionChangesData *d;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (changed != NULL || n_pages == 0);
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data,
                         plenum_store_save_revision_changes_async);
  if (!plenum_is_sha256_hex (old_sha256) || !plenum_is_sha256_hex (new_sha256) ||
      g_str_equal (old_sha256, new_sha256))
    {
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                               "Two different versions are compared, each named by its SHA-256");
      return;
    }
  d = g_new0 (RevisionChangesData, 1);
  d->old_sha256 = g_strdup (old_sha256);
  d->new_sha256 = g_strdup (new_sha256);
  d->changed = g_malloc (n_pages + 1);
  for (guint i = 0; i < n_pages; i++)
    d->changed[i] = changed[i] ? '1' : '0';
  d->changed[n_pages] = '\0';
  queue_job (self, g_steal_pointer (&task), save_revision_changes_job, d,
             revision_changes_data_free, 0, NULL);
}

gboolean
plenum_store_save_revision_changes_finish (PlenumStore   *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return write_finish (self, result, plenum_store_save_revision_changes_async, error);
}

gboolean
plenum_store_get_revision_changes (PlenumStore  *self,
                                   const char   *old_sha256,
                                   const char   *new_sha256,
                                   gboolean    **changed,
                                   guint        *n_pages,
                                   guint        *n_changed)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;
  gboolean has_row;
  gsize length;
  guint count = 0;

  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);
  g_return_val_if_fail (changed == NULL || *changed == NULL, FALSE);
  assert_owner_thread (self);

  if (old_sha256 == NULL || new_sha256 == NULL)
    return FALSE;
  stmt = db_prepare (self->read_db, "SELECT changed FROM revision_changes "
                                    "WHERE old_sha256 = ? AND new_sha256 = ?", &error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, old_sha256);
  bind_text (stmt, 2, new_sha256);
  if (!db_step_row (self->read_db, stmt, &has_row, &error))
    goto fail;
  if (!has_row)
    return FALSE;

  text = (const char *) sqlite3_column_text (stmt, 0);
  length = text != NULL ? strlen (text) : 0;
  if (changed != NULL)
    *changed = g_new0 (gboolean, MAX (length, 1));
  for (gsize i = 0; i < length; i++)
    if (text[i] == '1')
      {
        count++;
        if (changed != NULL)
          (*changed)[i] = TRUE;
      }
  if (n_pages != NULL)
    *n_pages = (guint) length;
  if (n_changed != NULL)
    *n_changed = count;
  return TRUE;

fail:
  g_warning ("Cannot read which pages of a revision changed: %s", error->message);
  return FALSE;
}

/* The last contact with the server */

void
plenum_store_set_last_contact_async (PlenumStore         *self,
                                     GDateTime           *at,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *text = NULL;

  g_return_if_fail (PLENUM_IS_STORE (self));
  g_return_if_fail (at != NULL);

  text = plenum_time_format (at);
  plenum_store_set_setting_async (self, PLENUM_STORE_SETTING_LAST_CONTACT, text, cancellable,
                                  callback, user_data);
}

GDateTime *
plenum_store_get_last_contact (PlenumStore *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (PLENUM_IS_STORE (self), NULL);

  text = plenum_store_get_setting (self, PLENUM_STORE_SETTING_LAST_CONTACT);
  if (text == NULL)
    return NULL;
  /* A value that does not parse counts as long ago: a lock, never a free pass. */
  {
    GDateTime *time = g_date_time_new_from_iso8601 (text, NULL);

    return time != NULL ? time : g_date_time_new_from_unix_utc (0);
  }
}

/* The wipe */

typedef struct {
  guint blobs_left;
} WipeData;

static gboolean
wipe_job (PlenumStore  *self,
          StoreJob     *job,
          GError      **error)
{
  /* Every table but the terminal's id and its credential (needed to confirm the
   * wipe), and the settings that are the terminal's set-up, not anyone's data. */
  static const char * const erase =
    "INSERT INTO settings (key, value) VALUES ('" PLENUM_STORE_SETTING_WIPE_PENDING "', '1') "
    "  ON CONFLICT (key) DO UPDATE SET value = '1';"
    "DELETE FROM meetings;"
    "DELETE FROM meeting_access;"
    "DELETE FROM meeting_lists;"
    "DELETE FROM accounts;"
    "DELETE FROM blobs;"
    "DELETE FROM outbox;"
    "DELETE FROM attendance;"
    "DELETE FROM event_positions;"
    "DELETE FROM annotations;"
    "DELETE FROM annotation_feeds;"
    "DELETE FROM votes;"
    "DELETE FROM ballots;"
    "DELETE FROM live_state;"
    "DELETE FROM opinion_rounds;"
    "DELETE FROM opinion_answers;"
    "DELETE FROM conflicts;"
    "DELETE FROM revision_changes;"
    "DELETE FROM settings WHERE key NOT IN ('" PLENUM_STORE_SETTING_SERVER_URL "', '"
    PLENUM_STORE_SETTING_WIPE_PENDING "', '" PLENUM_STORE_SETTING_REVOKED_CREDENTIAL "');";
  sqlite3 *db = self->write_db;
  WipeData *d = g_new0 (WipeData, 1);

  assert_writer_thread (self);
  job->result = d;
  job->result_free = g_free;

  /* Deleted rows are overwritten, not just unlinked from the b-tree, and the WAL that
   * still holds their pages is emptied after the commit. */
  if (!db_exec (db, "PRAGMA secure_delete = ON", error) ||
      !db_exec (db, "BEGIN IMMEDIATE", error) ||
      !db_exec (db, erase, error) ||
      !commit (db, error))
    {
      sqlite3_exec (db, "PRAGMA secure_delete = OFF", NULL, NULL, NULL);
      return FALSE;
    }
  sqlite3_exec (db, "PRAGMA secure_delete = OFF", NULL, NULL, NULL);
  if (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("The write-ahead log could not be emptied now: %s", sqlite3_errmsg (db));

  /* The files after the rows: a crash between leaves files without a record and the
   * wipe still pending, so the next start wipes again. */
  for (int partial = 0; partial <= 1; partial++)
    {
      g_auto(GStrv) stored = plenum_blob_store_list_stored (self->blob_store, partial);

      for (guint i = 0; stored[i] != NULL; i++)
        {
          g_autoptr(GError) local_error = NULL;

          if (!plenum_blob_store_remove (self->blob_store, stored[i], &local_error))
            {
              /* Still being written by a download the engine is stopping. */
              g_debug ("A blob could not be erased yet: %s", local_error->message);
              d->blobs_left++;
            }
        }
    }
  return TRUE;
}

void
plenum_store_wipe_async (PlenumStore         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLENUM_IS_STORE (self));
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data, plenum_store_wipe_async);
  queue_job (self, g_steal_pointer (&task), wipe_job, NULL, NULL,
             EMIT_MEETINGS_CHANGED | EMIT_BLOB_STATE_CHANGED | EMIT_OUTBOX_CHANGED, NULL);
}

gboolean
plenum_store_wipe_finish (PlenumStore   *self,
                          GAsyncResult  *result,
                          guint         *blobs_left,
                          GError       **error)
{
  g_autofree WipeData *d = NULL;

  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == plenum_store_wipe_async, FALSE);

  d = g_task_propagate_pointer (G_TASK (result), error);
  if (d == NULL)
    return FALSE;
  if (blobs_left != NULL)
    *blobs_left = d->blobs_left;
  return TRUE;
}

static gboolean
end_wipe_job (PlenumStore  *self,
              StoreJob     *job,
              GError      **error)
{
  sqlite3 *db = self->write_db;

  assert_writer_thread (self);

  if (!db_exec (db, "PRAGMA secure_delete = ON", error))
    return FALSE;
  if (!db_exec (db, "BEGIN IMMEDIATE;"
                    "DELETE FROM terminal_credential;"
                    "DELETE FROM settings WHERE key = '" PLENUM_STORE_SETTING_WIPE_PENDING "';",
                error) ||
      !commit (db, error))
    {
      sqlite3_exec (db, "PRAGMA secure_delete = OFF", NULL, NULL, NULL);
      return FALSE;
    }
  sqlite3_exec (db, "PRAGMA secure_delete = OFF", NULL, NULL, NULL);
  sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  return TRUE;
}

void
plenum_store_end_wipe_async (PlenumStore         *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLENUM_IS_STORE (self));
  assert_owner_thread (self);

  task = write_task_new (self, cancellable, callback, user_data, plenum_store_end_wipe_async);
  queue_job (self, g_steal_pointer (&task), end_wipe_job, NULL, NULL, 0, NULL);
}

gboolean
plenum_store_end_wipe_finish (PlenumStore   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return write_finish (self, result, plenum_store_end_wipe_async, error);
}

gboolean
plenum_store_get_wipe_pending (PlenumStore *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (PLENUM_IS_STORE (self), FALSE);

  value = plenum_store_get_setting (self, PLENUM_STORE_SETTING_WIPE_PENDING);
  return value != NULL;
}
