/* test-store.c — the client's database (PlenumStore) and blob store (PlenumBlobStore):
 * migrations, file modes, the writer thread, meetings and their visibility, offline PIN
 * checks, blob writes with resume and verification, a process killed mid-write, a full
 * disk and a garbage database; the outbox (order, refused operations set aside, the
 * token kept for a signed-out member's pending operations, durability), attendance
 * check-in, the event position written with the change it applied, readiness figures,
 * retention, and the terminal credential.
 *
 * Some cases run this binary again as a child ("--child MODE DIR") that is killed or
 * limited (RLIMIT_FSIZE) for real; the parent then reopens what the child left. The
 * real full disk runs the child under unshare(1) in a user and mount namespace, where it
 * mounts a 2 MiB tmpfs and checks everything itself (the tmpfs goes with the child);
 * where namespaces are not permitted that case skips, or fails when CI=true.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* RTLD_NEXT, memmem */

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "plenum-test-util.h"
#include "core/plenum-core.h"
#include "store/plenum-store.h"
#include "store/plenum-blob-store.h"
#include "store/plenum-store-private.h"

#define TIMEOUT_MS 60000

static const char account_a[] = "aaaaaaaa-0000-4000-8000-00000000000a";
static const char account_b[] = "bbbbbbbb-0000-4000-8000-00000000000b";
static const char body_id[] = "b0d10000-0000-4000-8000-000000000001";

/* fsync and fdatasync, counted by thread. This binary's definitions interpose the C
 * library's, so SQLite's syncs are counted too: no sync may run on the main thread. */

static GThread *main_thread;
static gint fsyncs_on_main;
static gint fsyncs_elsewhere;

static void
count_sync (void)
{
  if (main_thread != NULL && g_thread_self () == main_thread)
    g_atomic_int_inc (&fsyncs_on_main);
  else
    g_atomic_int_inc (&fsyncs_elsewhere);
}

int
fsync (int fd)
{
  static int (*real_fsync) (int);

  if (real_fsync == NULL)
    real_fsync = (int (*) (int)) dlsym (RTLD_NEXT, "fsync");
  count_sync ();
  return real_fsync (fd);
}

int
fdatasync (int fd)
{
  static int (*real_fdatasync) (int);

  if (real_fdatasync == NULL)
    real_fdatasync = (int (*) (int)) dlsym (RTLD_NEXT, "fdatasync");
  count_sync ();
  return real_fdatasync (fd);
}

/* Waiting for async results */

typedef struct {
  gboolean done;
  GAsyncResult *result;
} AsyncWait;

static void
async_wait_clear (AsyncWait *wait)
{
  g_clear_object (&wait->result);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AsyncWait, async_wait_clear)

static void
async_done_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncWait *wait = user_data;

  g_assert_false (wait->done);
  g_assert_true (g_thread_self () == main_thread);
  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static GAsyncResult *
wait_result (AsyncWait *wait)
{
  g_assert_true (plenum_test_wait_flag (NULL, &wait->done, TIMEOUT_MS));
  return wait->result;
}

static PlenumStore *
open_store (const char  *dir,
            GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_open_async (dir, NULL, async_done_cb, &wait);
  return plenum_store_open_finish (wait_result (&wait), error);
}

static PlenumStore *
open_store_ok (const char *dir)
{
  g_autoptr(GError) error = NULL;
  PlenumStore *store = open_store (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static gboolean
set_setting (PlenumStore *store,
             const char  *key,
             const char  *value,
             GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_set_setting_async (store, key, value, NULL, async_done_cb, &wait);
  return plenum_store_set_setting_finish (store, wait_result (&wait), error);
}

static gboolean
save_meeting (PlenumStore *store,
              const char  *account_id,
              const char  *json,
              const char  *etag,
              GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_save_meeting_async (store, account_id, json, etag, NULL, async_done_cb, &wait);
  return plenum_store_save_meeting_finish (store, wait_result (&wait), error);
}

static gboolean
save_meeting_list (PlenumStore *store,
                   const char  *account_id,
                   const char  *json,
                   const char  *etag,
                   GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_save_meeting_list_async (store, account_id, json, etag, NULL,
                                        async_done_cb, &wait);
  return plenum_store_save_meeting_list_finish (store, wait_result (&wait), error);
}

static gboolean
remove_meeting (PlenumStore *store,
                const char  *account_id,
                const char  *meeting_id,
                GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_remove_meeting_async (store, account_id, meeting_id, NULL, async_done_cb, &wait);
  return plenum_store_remove_meeting_finish (store, wait_result (&wait), error);
}

static gboolean
remember_account (PlenumStore *store,
                  const char  *name,
                  const char  *json,
                  const char  *pin,
                  const char  *token,
                  GDateTime   *expires_at,
                  GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_remember_account_async (store, name, json, pin, token, expires_at, NULL,
                                       async_done_cb, &wait);
  return plenum_store_remember_account_finish (store, wait_result (&wait), error);
}

static char *
check_pin (PlenumStore *store,
           const char  *name,
           const char  *pin,
           GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_check_offline_pin_async (store, name, pin, NULL, async_done_cb, &wait);
  return plenum_store_check_offline_pin_finish (store, wait_result (&wait), error);
}

static gboolean
forget_token (PlenumStore *store,
              const char  *name,
              GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_forget_token_async (store, name, NULL, async_done_cb, &wait);
  return plenum_store_forget_token_finish (store, wait_result (&wait), error);
}

static gboolean
set_blob_state (PlenumStore     *store,
                const char      *sha256,
                guint64          size,
                PlenumBlobState  state,
                guint64          present,
                GError         **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_set_blob_state_async (store, sha256, size, state, present, NULL,
                                     async_done_cb, &wait);
  return plenum_store_set_blob_state_finish (store, wait_result (&wait), error);
}

static gboolean
forget_blob (PlenumStore *store,
             const char  *sha256,
             GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_forget_blob_async (store, sha256, NULL, async_done_cb, &wait);
  return plenum_store_forget_blob_finish (store, wait_result (&wait), error);
}

static PlenumBlobWriter *
begin_write (PlenumBlobStore *blobs,
             const char      *sha256,
             guint64          size,
             GError         **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_blob_store_begin_write_async (blobs, sha256, size, NULL, async_done_cb, &wait);
  return plenum_blob_store_begin_write_finish (blobs, wait_result (&wait), error);
}

static char *
finish_write (PlenumBlobWriter *writer,
              GError          **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_blob_writer_finish_async (writer, NULL, async_done_cb, &wait);
  return plenum_blob_writer_finish_finish (writer, wait_result (&wait), error);
}

static gboolean
verify_blob (PlenumBlobStore *blobs,
             const char      *sha256,
             GError         **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_blob_store_verify_async (blobs, sha256, NULL, async_done_cb, &wait);
  return plenum_blob_store_verify_finish (blobs, wait_result (&wait), error);
}

/* Drops the last reference and checks that the store really went (thread joined). */
static void
close_store (PlenumStore *store)
{
  g_assert_finalize_object (store);
}

/* Test data */

static char *
uuid_for (guint n)
{
  return g_strdup_printf ("%08x-0000-4000-8000-%012x", n, n);
}

/* A meeting as the server writes it: @n_items agenda items (each with one document),
 * or no agenda at all (a summary) when @n_items is -1. */
static char *
meeting_json (guint       n,
              const char *title,
              const char *starts_at,
              int         n_items,
              guint       title_chars)
{
  g_autofree char *id = uuid_for (n);
  g_autofree char *chair = uuid_for (0x900);
  g_autoptr(GDateTime) starts = plenum_time_parse (starts_at);
  g_autoptr(GDateTime) updated = plenum_time_parse ("2026-11-27T18:00:00Z");
  g_autoptr(GListStore) agenda = g_list_store_new (PLENUM_TYPE_AGENDA_ITEM);
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(cJSON) node = NULL;

  for (int i = 0; i < n_items; i++)
    {
      g_autoptr(GListStore) documents = g_list_store_new (PLENUM_TYPE_DOCUMENT);
      g_autofree char *item_id = uuid_for (n * 1000 + (guint) i + 1);
      g_autofree char *doc_id = uuid_for (n * 1000 + (guint) i + 0x10000);
      g_autofree char *number = g_strdup_printf ("%d", i + 1);
      g_autofree char *item_title = g_strnfill (MAX (title_chars, 1), 'x');
      g_autoptr(PlenumDocument) doc =
        plenum_document_new (doc_id, "Tờ trình", "0123456789abcdef0123456789abcdef"
                             "0123456789abcdef0123456789abcdef", 1234, 2, FALSE,
                             "application/pdf");
      g_autoptr(PlenumAgendaItem) item = NULL;

      g_list_store_append (documents, doc);
      item = plenum_agenda_item_new (item_id, number, item_title, FALSE,
                                     G_LIST_MODEL (documents));
      g_list_store_append (agenda, item);
    }

  meeting = plenum_meeting_new (id, body_id, title, starts, "Phòng họp số 1", chair, NULL,
                                PLENUM_MEETING_STATUS_SCHEDULED, 1, updated,
                                n_items >= 0 ? G_LIST_MODEL (agenda) : NULL);
  node = plenum_meeting_to_json (meeting);
  return plenum_json_print (node);
}

/* {"meetings": [summary, …]} from NULL-terminated meeting JSON texts. */
static char *
meeting_list_json (const char *first,
                   ...)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  cJSON *array = cJSON_AddArrayToObject (root, "meetings");
  va_list args;

  va_start (args, first);
  for (const char *json = first; json != NULL; json = va_arg (args, const char *))
    {
      g_autoptr(cJSON) node = plenum_json_parse (json, -1, NULL);
      g_autoptr(PlenumMeeting) meeting = plenum_meeting_new_from_json (node, "", NULL);

      g_assert_nonnull (meeting);
      cJSON_AddItemToArray (array, plenum_meeting_to_summary_json (meeting));
    }
  va_end (args);
  return plenum_json_print (root);
}

static GBytes *
random_bytes (gsize   size,
              guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  return g_bytes_new_take (data, size);
}

static char *
bytes_sha256 (GBytes *bytes)
{
  gsize size;
  const void *data = g_bytes_get_data (bytes, &size);

  return plenum_sha256_hex (data, size);
}

/* Writes bytes [from, to) of @bytes in chunks of @chunk. */
static void
write_range (PlenumBlobWriter *writer,
             GBytes           *bytes,
             gsize             from,
             gsize             to,
             gsize             chunk)
{
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  guint n = 0;

  /* Copied chunks and shared ones (as the sync engine hands them on) in turn. */
  for (gsize at = from; at < to; at += chunk, n++)
    {
      g_autoptr(GError) error = NULL;

      if (n % 2 == 0)
        g_assert_true (plenum_blob_writer_write (writer, data + at, MIN (chunk, to - at), &error));
      else
        {
          g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, at, MIN (chunk, to - at));

          g_assert_true (plenum_blob_writer_write_bytes (writer, part, &error));
        }
      g_assert_no_error (error);
    }
}

static int
file_mode (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static gboolean
file_exists (const char *path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static char *
raw_query_text (const char *db_path,
                const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static void
raw_exec (const char *db_path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_exec (db, sql, NULL, NULL, &message);
  g_assert_cmpstr (message, ==, NULL);
  sqlite3_close (db);
}

/* Helpers for the outbox, event positions, retention and the terminal credential */

static char *
outbox_add (PlenumStore *store,
            const char  *account_id,
            const char  *kind,
            const char  *method,
            const char  *path,
            const char  *body,
            GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_outbox_add_async (store, account_id, kind, method, path, body, NULL,
                                 async_done_cb, &wait);
  return plenum_store_outbox_add_finish (store, wait_result (&wait), error);
}

static char *
check_in (PlenumStore *store,
          const char  *account_id,
          const char  *meeting_id,
          const char  *body,
          GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_check_in_async (store, account_id, meeting_id, body, NULL, async_done_cb, &wait);
  return plenum_store_outbox_add_finish (store, wait_result (&wait), error);
}

typedef enum {
  MARK_SENDING,
  MARK_SENT,
  MARK_REFUSED,
  MARK_FAILED,
} TestMark;

static gboolean
outbox_mark (PlenumStore *store,
             TestMark     mark,
             const char  *operation_id,
             GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  switch (mark)
    {
    case MARK_SENDING:
      plenum_store_outbox_mark_sending_async (store, operation_id, NULL, async_done_cb, &wait);
      break;
    case MARK_SENT:
      plenum_store_outbox_mark_sent_async (store, operation_id, "{\"ok\":true}", NULL,
                                           async_done_cb, &wait);
      break;
    case MARK_REFUSED:
      plenum_store_outbox_mark_refused_async (store, operation_id, 403, "forbidden",
                                              "Không được phép.", NULL, async_done_cb, &wait);
      break;
    case MARK_FAILED:
      plenum_store_outbox_mark_failed_attempt_async (store, operation_id, NULL,
                                                     async_done_cb, &wait);
      break;
    default:
      g_assert_not_reached ();
    }
  return plenum_store_outbox_mark_finish (store, wait_result (&wait), error);
}

static gboolean
apply_event_meeting (PlenumStore *store,
                     const char  *account_id,
                     const char  *json,
                     gint64       seq,
                     GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_apply_event_meeting_async (store, account_id, json, "\"ev\"", seq, NULL,
                                          async_done_cb, &wait);
  return plenum_store_save_meeting_finish (store, wait_result (&wait), error);
}

static gboolean
apply_event_remove (PlenumStore *store,
                    const char  *account_id,
                    const char  *meeting_id,
                    gint64       seq,
                    GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_apply_event_remove_meeting_async (store, account_id, meeting_id, seq, NULL,
                                                 async_done_cb, &wait);
  return plenum_store_remove_meeting_finish (store, wait_result (&wait), error);
}

static gboolean
set_event_seq (PlenumStore *store,
               const char  *account_id,
               gint64       seq,
               GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_set_last_event_seq_async (store, account_id, seq, NULL, async_done_cb, &wait);
  return plenum_store_set_last_event_seq_finish (store, wait_result (&wait), error);
}

static gboolean
prune (PlenumStore *store,
       GDateTime   *now,
       GTimeSpan    retention,
       guint       *meetings_removed,
       guint       *blobs_removed,
       GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_prune_async (store, now, retention, NULL, async_done_cb, &wait);
  return plenum_store_prune_finish (store, wait_result (&wait), meetings_removed,
                                    blobs_removed, NULL, error);
}

static gboolean
set_credential (PlenumStore *store,
                const char  *credential,
                const char  *name,
                const char  *room,
                GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  if (credential != NULL)
    plenum_store_set_terminal_credential_async (store, credential, name, room, NULL,
                                                async_done_cb, &wait);
  else
    plenum_store_forget_terminal_credential_async (store, NULL, async_done_cb, &wait);
  return plenum_store_terminal_credential_finish (store, wait_result (&wait), error);
}

static char *
attendance_path (guint n)
{
  g_autofree char *id = uuid_for (n);

  return g_strdup_printf ("/api/v1/meetings/%s/attendance", id);
}

/* The "operation_id" member of an operation's body. */
static char *
body_operation_id (PlenumOutboxOperation *op)
{
  g_autoptr(cJSON) node = plenum_json_parse (plenum_outbox_operation_get_body (op), -1, NULL);
  cJSON *member;

  g_assert_nonnull (node);
  member = cJSON_GetObjectItemCaseSensitive (node, "operation_id");
  g_assert_true (cJSON_IsString (member));
  return g_strdup (member->valuestring);
}

/* Opening, schema, files */

static void
test_open_fresh (void)
{
  g_autofree char *tmp = plenum_test_mkdtemp ("fresh");
  g_autofree char *dir = g_build_filename (tmp, "nested", "data", NULL);
  g_autofree char *db_path = g_build_filename (dir, "plenum.db", NULL);
  g_autofree char *wal_path = g_build_filename (dir, "plenum.db-wal", NULL);
  g_autofree char *shm_path = g_build_filename (dir, "plenum.db-shm", NULL);
  g_autofree char *blobs_dir = g_build_filename (dir, "blobs", NULL);
  g_autofree char *partial_dir = g_build_filename (dir, "blobs", "partial", NULL);
  g_autofree char *terminal_id = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *version = NULL;
  PlenumStore *store;

  umask (022);
  store = open_store_ok (dir);
  g_assert_cmpstr (plenum_store_get_data_dir (store), ==, dir);
  g_assert_cmpint (plenum_store_get_schema_version (store), ==, PLENUM_STORE_SCHEMA_VERSION);
  g_assert_true (plenum_is_uuid (plenum_store_get_terminal_id (store)));
  terminal_id = g_strdup (plenum_store_get_terminal_id (store));
  g_assert_nonnull (plenum_store_get_blob_store (store));

  /* Modes: the folder 0700, the database and its WAL files 0600, despite umask 022. */
  g_assert_cmpint (file_mode (dir), ==, 0700);
  g_assert_cmpint (file_mode (db_path), ==, 0600);
  g_assert_cmpint (file_mode (wal_path), ==, 0600);
  g_assert_cmpint (file_mode (shm_path), ==, 0600);
  g_assert_cmpint (file_mode (blobs_dir), ==, 0700);
  g_assert_cmpint (file_mode (partial_dir), ==, 0700);

  /* WAL mode, as another connection sees it. */
  mode = raw_query_text (db_path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  close_store (store);

  version = raw_query_text (db_path, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, PLENUM_STORE_SCHEMA_VERSION);

  /* The terminal id is kept. */
  store = open_store_ok (dir);
  g_assert_cmpstr (plenum_store_get_terminal_id (store), ==, terminal_id);
  close_store (store);
}

static void
test_loose_modes_tightened (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("loose");
  g_autofree char *db_path = g_build_filename (dir, "plenum.db", NULL);
  PlenumStore *store;

  g_assert_true (g_file_set_contents (db_path, "", 0, NULL));
  g_assert_cmpint (g_chmod (db_path, 0644), ==, 0);

  store = open_store_ok (dir);
  g_assert_cmpint (file_mode (db_path), ==, 0600);
  close_store (store);
}

/* Fills a database of schema @version with what that version can hold. */
static void
fill_old_database (const char *db_path,
                   int         version)
{
  if (version >= 1)
    {
      g_autofree char *json = meeting_json (1, "Họp cũ", "2026-12-01T01:00:00Z", 1, 10);
      g_autofree char *sql = NULL;
      char *quoted;

      quoted = sqlite3_mprintf ("INSERT INTO settings VALUES ('server_url', 'http://old');"
                                "INSERT INTO meetings VALUES ('%q', '%q', 1796086800, 1, "
                                "  '%q', '%q', 1, '\"e1\"');"
                                "INSERT INTO meeting_access VALUES ('%q', '%q');",
                                "00000001-0000-4000-8000-000000000001", body_id, json, json,
                                account_a, "00000001-0000-4000-8000-000000000001");
      sql = g_strdup (quoted);
      sqlite3_free (quoted);
      raw_exec (db_path, sql);
    }
  if (version >= 2)
    {
      char *quoted =
        sqlite3_mprintf ("INSERT INTO accounts (name, account_id, json, verifier, token, "
                         "  token_expires_at, signed_in_at) VALUES ('an', '%q', "
                         "'{\"id\":\"%q\",\"name\":\"an\",\"display_name\":\"An\","
                         "\"role\":\"member\"}', '$y$placeholder', 'tok', 1900000000, 0);",
                         account_a, account_a);
      raw_exec (db_path, quoted);
      sqlite3_free (quoted);
    }
  if (version >= 3)
    raw_exec (db_path, "INSERT INTO blobs VALUES ('fedcba9876543210fedcba9876543210"
                       "fedcba9876543210fedcba9876543210', 99, 2, 99);");
}

/* Opinion rounds (issue #7) */

/* The answer of GET …/opinion-rounds for meeting 1: round 0x80 open until @deadline
 * (or closed), round 0x81 closed, with the member's own answer given elsewhere. */
static char *
rounds_json (const char *deadline,
             gboolean    first_closed)
{
  g_autofree char *meeting = uuid_for (1);
  g_autofree char *document = uuid_for (2001);
  g_autofree char *r0 = uuid_for (0x80);
  g_autofree char *r1 = uuid_for (0x81);

  return g_strdup_printf ("{\"meeting_id\":\"%s\",\"rounds\":["
                          "{\"id\":\"%s\",\"meeting_id\":\"%s\",\"document_id\":\"%s\","
                          "\"title\":\"Xin ý kiến vào dự thảo\",\"deadline\":\"%s\","
                          "\"state\":\"%s\",\"opened_at\":\"2026-11-01T01:00:00Z\","
                          "\"closed_at\":null,\"answered\":2,\"members\":12,\"mine\":null},"
                          "{\"id\":\"%s\",\"meeting_id\":\"%s\",\"document_id\":\"%s\","
                          "\"title\":\"Vòng trước\",\"deadline\":\"2026-11-02T01:00:00Z\","
                          "\"state\":\"closed\",\"opened_at\":\"2026-11-01T01:00:00Z\","
                          "\"closed_at\":\"2026-11-02T01:00:00Z\",\"answered\":1,"
                          "\"members\":12,\"mine\":{\"round_id\":\"%s\",\"account_id\":\"%s\","
                          "\"display_name\":\"An\",\"stance\":\"agree\",\"text\":\"\","
                          "\"comments\":[],\"answered_at\":\"2026-11-01T02:00:00Z\"}}]}",
                          meeting, r0, meeting, document, deadline,
                          first_closed ? "closed" : "open", r1, meeting, document, r1,
                          account_a);
}

static gboolean
save_rounds (PlenumStore *store,
             const char  *meeting_id,
             const char  *json,
             GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_save_opinion_rounds_async (store, meeting_id, json, NULL, async_done_cb, &wait);
  return plenum_store_save_opinion_rounds_finish (store, wait_result (&wait), error);
}

static char *
save_opinion (PlenumStore         *store,
              const char          *account_id,
              const char          *meeting_id,
              const char          *round_id,
              PlenumOpinionStance  stance,
              const char          *text,
              GPtrArray           *comments,
              GError             **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_save_opinion_async (store, account_id, meeting_id, round_id, stance, text,
                                   comments, NULL, async_done_cb, &wait);
  return plenum_store_save_opinion_finish (store, wait_result (&wait), error);
}

static void
test_migrations (void)
{
  for (int version = 0; version <= PLENUM_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *prefix = g_strdup_printf ("migrate-%d", version);
      g_autofree char *dir = plenum_test_mkdtemp (prefix);
      g_autofree char *db_path = g_build_filename (dir, "plenum.db", NULL);
      g_autofree char *user_version = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) meetings = NULL;
      g_autofree char *setting = NULL;
      g_autofree char *token = NULL;
      g_autofree char *mode = NULL;
      PlenumBlobState state;
      PlenumStore *store;

      g_test_message ("from schema version %d", version);
      g_assert_true (plenum_store_create_database_at_version (db_path, version, &error));
      g_assert_no_error (error);
      user_version = raw_query_text (db_path, "PRAGMA user_version");
      g_assert_cmpint (atoi (user_version), ==, version);
      fill_old_database (db_path, version);

      store = open_store_ok (dir);
      g_assert_cmpint (plenum_store_get_schema_version (store), ==, PLENUM_STORE_SCHEMA_VERSION);
      g_assert_true (plenum_is_uuid (plenum_store_get_terminal_id (store)));

      /* What the old version held is still there. */
      meetings = plenum_store_list_meetings (store, account_a);
      setting = plenum_store_get_setting (store, "server_url");
      token = plenum_store_get_token (store, "an", NULL);
      g_assert_cmpuint (g_list_model_get_n_items (meetings), ==, version >= 1 ? 1 : 0);
      g_assert_cmpstr (setting, ==, version >= 1 ? "http://old" : NULL);
      g_assert_cmpstr (token, ==, version >= 2 ? "tok" : NULL);

      /* And the newest tables work. */
      g_assert_true (set_blob_state (store, "0123456789abcdef0123456789abcdef"
                                     "0123456789abcdef0123456789abcdef", 10,
                                     PLENUM_BLOB_STATE_PARTIAL, 5, &error));
      g_assert_no_error (error);
      g_assert_true (plenum_store_get_blob_state (store, "0123456789abcdef0123456789abcdef"
                                                  "0123456789abcdef0123456789abcdef",
                                                  &state, NULL, NULL));
      g_assert_cmpint (state, ==, PLENUM_BLOB_STATE_PARTIAL);
      if (version >= 3)
        {
          g_assert_true (plenum_store_get_blob_state (store, "fedcba9876543210fedcba9876543210"
                                                      "fedcba9876543210fedcba9876543210",
                                                      &state, NULL, NULL));
          g_assert_cmpint (state, ==, PLENUM_BLOB_STATE_VERIFIED);
        }
      if (version >= 2)
        g_assert_false (plenum_store_account_is_signed_out (store, "an"));

      /* The tables of schema 4 work on a migrated database. */
      {
        g_autofree char *op = outbox_add (store, account_a, "note", "POST", "/api/v1/x", NULL,
                                          &error);
        g_autofree char *credential = NULL;
        gint64 seq = 0;

        g_assert_no_error (error);
        g_assert_cmpuint (plenum_store_outbox_count_pending (store, NULL), ==, 1);
        g_assert_true (set_event_seq (store, NULL, 42, &error));
        g_assert_no_error (error);
        g_assert_true (plenum_store_get_last_event_seq (store, NULL, &seq));
        g_assert_cmpint (seq, ==, 42);
        g_assert_true (set_credential (store, "secret", "Bàn", "Phòng", &error));
        g_assert_no_error (error);
        credential = plenum_store_get_terminal_credential (store, NULL, NULL);
        g_assert_cmpstr (credential, ==, "secret");
        if (version >= 1)
          {
            g_autofree char *checked = check_in (store, account_a,
                                                 "00000001-0000-4000-8000-000000000001", NULL,
                                                 &error);
            g_assert_no_error (error);
            g_assert_true (plenum_store_get_attendance (store, account_a,
                                                        "00000001-0000-4000-8000-000000000001",
                                                        NULL));
          }
        /* And those of schema 8: opinion rounds and an answer. */
        if (version >= 1)
          {
            g_autofree char *rounds = rounds_json ("2026-12-04T10:00:00Z", FALSE);
            g_autofree char *round_id = uuid_for (0x80);
            g_autofree char *answer = NULL;
            g_autoptr(GPtrArray) stored = NULL;

            g_assert_true (save_rounds (store, "00000001-0000-4000-8000-000000000001", rounds,
                                        &error));
            g_assert_no_error (error);
            stored = plenum_store_list_opinion_rounds (store,
                                                       "00000001-0000-4000-8000-000000000001");
            g_assert_cmpuint (stored->len, ==, 2);
            answer = save_opinion (store, account_a, "00000001-0000-4000-8000-000000000001",
                                   round_id, PLENUM_OPINION_STANCE_AGREE, "", NULL, &error);
            g_assert_no_error (error);
            g_assert_true (plenum_store_get_opinion (store, account_a, round_id, NULL, NULL,
                                                     NULL, NULL, NULL, NULL));
          }
      }
      close_store (store);

      g_clear_pointer (&user_version, g_free);
      user_version = raw_query_text (db_path, "PRAGMA user_version");
      g_assert_cmpint (atoi (user_version), ==, PLENUM_STORE_SCHEMA_VERSION);
      mode = raw_query_text (db_path, "PRAGMA journal_mode");
      g_assert_cmpstr (mode, ==, "wal");
    }
}

static void
test_schema_too_new (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("too-new");
  g_autofree char *db_path = g_build_filename (dir, "plenum.db", NULL);
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d",
                                                  PLENUM_STORE_SCHEMA_VERSION + 1);
  g_autofree char *version = NULL;
  g_autoptr(GError) error = NULL;
  PlenumStore *store;

  g_assert_true (plenum_store_create_database_at_version (db_path, PLENUM_STORE_SCHEMA_VERSION,
                                                          &error));
  g_assert_no_error (error);
  raw_exec (db_path, set_version);

  store = open_store (dir, &error);
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_SCHEMA_TOO_NEW);
  g_assert_null (store);

  /* Never downgraded. */
  version = raw_query_text (db_path, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, PLENUM_STORE_SCHEMA_VERSION + 1);
}

static void
test_garbage_database (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("garbage");
  g_autofree char *db_path = g_build_filename (dir, "plenum.db", NULL);
  g_autoptr(GBytes) garbage = random_bytes (8192, 7);
  g_autoptr(GError) error = NULL;
  PlenumStore *store;

  g_assert_true (g_file_set_contents (db_path, g_bytes_get_data (garbage, NULL), 8192, NULL));
  store = open_store (dir, &error);
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_CORRUPT);
  g_assert_null (store);
  g_clear_error (&error);

  /* Text that starts like a database header but is not one. */
  g_assert_true (g_file_set_contents (db_path, "SQLite format 3\nnot really", -1, NULL));
  store = open_store (dir, &error);
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_CORRUPT);
  g_assert_null (store);
}

static void
test_damaged_pages (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("damaged");
  g_autofree char *db_path = g_build_filename (dir, "plenum.db", NULL);
  g_autoptr(GBytes) garbage = random_bytes (3 * 4096, 8);
  g_autoptr(GError) error = NULL;
  PlenumStore *store = open_store_ok (dir);
  struct stat st;
  int fd;

  for (guint i = 1; i <= 40; i++)
    {
      g_autofree char *json = meeting_json (i, "Họp", "2026-12-01T01:00:00Z", 3, 200);
      g_assert_true (save_meeting (store, account_a, json, "\"e\"", &error));
      g_assert_no_error (error);
    }
  close_store (store);

  /* A valid header, damaged pages in the middle. */
  g_assert_cmpint (g_stat (db_path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 10 * 4096);
  fd = g_open (db_path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, g_bytes_get_data (garbage, NULL), 3 * 4096, 4 * 4096), ==, 3 * 4096);
  close (fd);

  store = open_store (dir, &error);
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_CORRUPT);
  g_assert_null (store);
}

static void
test_unwritable_folder (void)
{
  g_autofree char *tmp = plenum_test_mkdtemp ("unwritable");
  g_autofree char *file = g_build_filename (tmp, "a-file", NULL);
  g_autofree char *dir = g_build_filename (file, "data", NULL);
  g_autoptr(GError) error = NULL;
  PlenumStore *store;

  /* A data folder under a regular file cannot be made, even as root. */
  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  store = open_store (dir, &error);
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_IO);
  g_assert_null (store);
}

/* Settings and threads */

static void
test_settings (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("settings");
  g_autoptr(GError) error = NULL;
  PlenumStore *store = open_store_ok (dir);
  char *value;

  g_assert_null (plenum_store_get_setting (store, PLENUM_STORE_SETTING_LAST_EVENT_ID));
  g_assert_true (set_setting (store, PLENUM_STORE_SETTING_LAST_EVENT_ID, "41", &error));
  g_assert_no_error (error);
  value = plenum_store_get_setting (store, PLENUM_STORE_SETTING_LAST_EVENT_ID);
  g_assert_cmpstr (value, ==, "41");
  g_free (value);

  g_assert_true (set_setting (store, PLENUM_STORE_SETTING_LAST_EVENT_ID, "42", &error));
  g_assert_true (set_setting (store, PLENUM_STORE_SETTING_SERVER_URL, "http://127.0.0.1:1", &error));
  g_assert_no_error (error);
  value = plenum_store_get_setting (store, PLENUM_STORE_SETTING_LAST_EVENT_ID);
  g_assert_cmpstr (value, ==, "42");
  g_free (value);

  g_assert_true (set_setting (store, PLENUM_STORE_SETTING_LAST_EVENT_ID, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (plenum_store_get_setting (store, PLENUM_STORE_SETTING_LAST_EVENT_ID));

  g_assert_false (set_setting (store, "", "x", &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  close_store (store);

  /* Kept across a reopen. */
  store = open_store_ok (dir);
  value = plenum_store_get_setting (store, PLENUM_STORE_SETTING_SERVER_URL);
  g_assert_cmpstr (value, ==, "http://127.0.0.1:1");
  g_free (value);
  close_store (store);
}

typedef struct {
  gint on_main;
  gint commits;
  gint fsyncs;
} HookCount;

static void
count_durability_cb (const char *what,
                     gpointer    user_data)
{
  HookCount *count = user_data;

  if (g_thread_self () == main_thread)
    g_atomic_int_inc (&count->on_main);
  if (strcmp (what, "commit") == 0)
    g_atomic_int_inc (&count->commits);
  else
    g_atomic_int_inc (&count->fsyncs);
}

static void
test_writes_off_main_thread (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("threads");
  g_autofree char *json = meeting_json (1, "Họp", "2026-12-01T01:00:00Z", 2, 20);
  g_autoptr(GDateTime) expires = g_date_time_new_now_utc ();
  g_autoptr(GBytes) bytes = random_bytes (100000, 3);
  g_autofree char *sha256 = bytes_sha256 (bytes);
  g_autoptr(PlenumBlobWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  HookCount count = { 0 };
  PlenumStore *store;

  g_atomic_int_set (&fsyncs_on_main, 0);
  g_atomic_int_set (&fsyncs_elsewhere, 0);
  plenum_store_set_durability_hook (count_durability_cb, &count);

  store = open_store_ok (dir);
  g_assert_nonnull (plenum_store_get_writer_thread (store));
  g_assert_true (plenum_store_get_writer_thread (store) != main_thread);

  g_assert_true (set_setting (store, "k", "v", &error));
  g_assert_true (save_meeting (store, account_a, json, "\"e\"", &error));
  g_assert_true (remember_account (store, "an", "{\"id\":\"aaaaaaaa-0000-4000-8000-00000000000a\","
                                   "\"name\":\"an\",\"display_name\":\"An\",\"role\":\"member\"}",
                                   "1234", "token", expires, &error));
  g_assert_true (set_blob_state (store, sha256, 100000, PLENUM_BLOB_STATE_MISSING, 0, &error));
  g_assert_no_error (error);

  writer = begin_write (plenum_store_get_blob_store (store), sha256, 100000, &error);
  g_assert_no_error (error);
  write_range (writer, bytes, 0, 100000, 16384);
  path = finish_write (writer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);
  close_store (store);
  plenum_store_set_durability_hook (NULL, NULL);

  /* Migrations, terminal id, four writes; the blob's file and folder. */
  g_assert_cmpint (count.commits, >=, 5);
  g_assert_cmpint (count.fsyncs, >=, 2);
  g_assert_cmpint (count.on_main, ==, 0);

  /* Every real fsync, SQLite's included, ran on another thread. */
  g_test_message ("syncs: %d on other threads, %d on the main thread",
                  g_atomic_int_get (&fsyncs_elsewhere), g_atomic_int_get (&fsyncs_on_main));
  g_assert_cmpint (g_atomic_int_get (&fsyncs_elsewhere), >=, 5);
  g_assert_cmpint (g_atomic_int_get (&fsyncs_on_main), ==, 0);
}

static void
count_done_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  guint *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (plenum_store_set_setting_finish (PLENUM_STORE (source_object), result, &error));
  g_assert_no_error (error);
  (*done)++;
}

static gboolean
all_done (gpointer user_data)
{
  return *(guint *) user_data == 20;
}

static void
test_pending_writes_finish_before_close (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("pending");
  PlenumStore *store = open_store_ok (dir);
  GObject *weak = G_OBJECT (store);
  guint done = 0;

  g_object_add_weak_pointer (weak, (gpointer *) &weak);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *key = g_strdup_printf ("key-%u", i);
      plenum_store_set_setting_async (store, key, "value", NULL, count_done_cb, &done);
    }
  /* The caller lets go at once; the queued writes keep the store alive and finish. */
  g_object_unref (store);
  g_assert_true (plenum_test_wait_until (NULL, all_done, &done, TIMEOUT_MS));
  g_assert_null (weak);

  store = open_store_ok (dir);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *key = g_strdup_printf ("key-%u", i);
      g_autofree char *value = plenum_store_get_setting (store, key);
      g_assert_cmpstr (value, ==, "value");
    }
  close_store (store);
}

/* Meetings */

static void
on_meetings_changed_cb (PlenumStore *store,
                        guint       *count)
{
  (*count)++;
}

static void
test_meetings_round_trip (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("meetings");
  g_autofree char *late = meeting_json (1, "Họp tháng 12", "2026-12-10T01:00:00Z", 3, 20);
  g_autofree char *early = meeting_json (2, "Họp tháng 11", "2026-11-30T01:00:00Z", 1, 20);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *id2 = uuid_for (2);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(PlenumMeeting) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  PlenumStore *store = open_store_ok (dir);
  guint changed = 0;

  g_signal_connect (store, "meetings-changed", G_CALLBACK (on_meetings_changed_cb), &changed);

  g_assert_true (save_meeting (store, account_a, late, "\"etag-1\"", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (save_meeting (store, account_a, early, "\"etag-2\"", &error));
  g_assert_no_error (error);

  list = plenum_store_list_meetings (store, account_a);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  first = g_list_model_get_item (list, 0);
  g_assert_cmpstr (plenum_meeting_get_id (first), ==, id2);           /* soonest first */
  g_assert_false (plenum_meeting_has_agenda (first));                  /* summaries */
  g_assert_cmpstr (plenum_meeting_get_title (first), ==, "Họp tháng 11");

  meeting = plenum_store_get_meeting (store, id1, &error);
  g_assert_no_error (error);
  g_assert_true (plenum_meeting_has_agenda (meeting));
  g_assert_cmpuint (g_list_model_get_n_items (plenum_meeting_get_agenda (meeting)), ==, 3);
  g_assert_cmpstr (plenum_meeting_get_title (meeting), ==, "Họp tháng 12");
  etag = plenum_store_get_meeting_etag (store, id1);
  g_assert_cmpstr (etag, ==, "\"etag-1\"");

  /* A newer version replaces it, with its new ETag. */
  {
    g_autofree char *newer = meeting_json (1, "Họp tháng 12 (sửa)", "2026-12-10T01:00:00Z", 4, 20);
    g_autoptr(PlenumMeeting) again = NULL;
    g_autofree char *etag2 = NULL;

    g_assert_true (save_meeting (store, account_a, newer, "\"etag-3\"", &error));
    g_assert_no_error (error);
    again = plenum_store_get_meeting (store, id1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (plenum_meeting_get_title (again), ==, "Họp tháng 12 (sửa)");
    g_assert_cmpuint (g_list_model_get_n_items (plenum_meeting_get_agenda (again)), ==, 4);
    etag2 = plenum_store_get_meeting_etag (store, id1);
    g_assert_cmpstr (etag2, ==, "\"etag-3\"");
  }

  /* Bad input is refused and changes nothing. */
  g_assert_false (save_meeting (store, account_a, "{\"id\": 1}", NULL, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (save_meeting (store, account_a, "not json", NULL, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (save_meeting (store, "not-a-uuid", early, NULL, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (changed, ==, 3);

  g_assert_null (plenum_store_get_meeting_etag (store, "00000063-0000-4000-8000-000000000063"));
  {
    PlenumMeeting *missing = plenum_store_get_meeting (store, "00000063-0000-4000-8000-000000000063",
                                                       &error);
    g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
    g_assert_null (missing);
  }
  close_store (store);
}

static guint
count_meetings (PlenumStore *store,
                const char  *account_id)
{
  g_autoptr(GListModel) list = plenum_store_list_meetings (store, account_id);

  return g_list_model_get_n_items (list);
}

static gboolean
lists_meeting (PlenumStore *store,
               const char  *account_id,
               const char  *meeting_id)
{
  g_autoptr(GListModel) list = plenum_store_list_meetings (store, account_id);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(PlenumMeeting) meeting = g_list_model_get_item (list, i);
      if (g_strcmp0 (plenum_meeting_get_id (meeting), meeting_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_meeting_visibility (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("visibility");
  g_autofree char *m1 = meeting_json (1, "Một", "2026-12-01T01:00:00Z", 1, 10);
  g_autofree char *m2 = meeting_json (2, "Hai", "2026-12-02T01:00:00Z", 1, 10);
  g_autofree char *m3 = meeting_json (3, "Ba", "2026-12-03T01:00:00Z", 1, 10);
  g_autofree char *m4 = meeting_json (4, "Bốn", "2026-12-04T01:00:00Z", -1, 0);
  g_autofree char *m4_full = meeting_json (4, "Bốn", "2026-12-04T01:00:00Z", 2, 10);
  g_autofree char *m4_renamed = meeting_json (4, "Bốn (đổi)", "2026-12-04T01:00:00Z", -1, 0);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *id2 = uuid_for (2);
  g_autofree char *id3 = uuid_for (3);
  g_autofree char *id4 = uuid_for (4);
  g_autoptr(GError) error = NULL;
  PlenumStore *store = open_store_ok (dir);

  g_assert_true (save_meeting (store, account_a, m1, "\"1\"", &error));
  g_assert_true (save_meeting (store, account_a, m2, "\"2\"", &error));
  g_assert_true (save_meeting (store, account_b, m2, "\"2\"", &error));
  g_assert_true (save_meeting (store, account_b, m3, "\"3\"", &error));
  g_assert_true (save_meeting (store, NULL, m3, "\"3\"", &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_meetings (store, account_a), ==, 2);
  g_assert_true (lists_meeting (store, account_a, id1));
  g_assert_true (lists_meeting (store, account_a, id2));
  g_assert_false (lists_meeting (store, account_a, id3));
  g_assert_cmpuint (count_meetings (store, account_b), ==, 2);
  g_assert_false (lists_meeting (store, account_b, id1));
  g_assert_cmpuint (count_meetings (store, NULL), ==, 1);
  g_assert_true (lists_meeting (store, NULL, id3));

  /* The server now lists only m2 for A: m1 goes (nobody else may see it). */
  {
    g_autofree char *list = meeting_list_json (m2, NULL);
    g_autofree char *etag = NULL;
    g_autoptr(PlenumMeeting) gone = NULL;

    g_assert_true (save_meeting_list (store, account_a, list, "\"list-a\"", &error));
    g_assert_no_error (error);
    g_assert_cmpuint (count_meetings (store, account_a), ==, 1);
    g_assert_true (lists_meeting (store, account_a, id2));
    gone = plenum_store_get_meeting (store, id1, &error);
    g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
    g_assert_null (gone);
    g_clear_error (&error);
    etag = plenum_store_get_meeting_list_etag (store, account_a);
    g_assert_cmpstr (etag, ==, "\"list-a\"");
    g_assert_null (plenum_store_get_meeting_list_etag (store, account_b));
  }

  /* B's list: m3 and a new m4. m4 is stored as its summary, without an ETag; m2 leaves
   * B's list but stays for A. */
  {
    g_autofree char *list = meeting_list_json (m3, m4, NULL);
    g_autoptr(PlenumMeeting) summary = NULL;
    g_autoptr(PlenumMeeting) full = NULL;
    g_autoptr(PlenumMeeting) kept = NULL;
    g_autoptr(PlenumMeeting) full_m3 = NULL;
    g_autofree char *etag4 = NULL;

    g_assert_true (save_meeting_list (store, account_b, list, "\"list-b\"", &error));
    g_assert_no_error (error);
    g_assert_cmpuint (count_meetings (store, account_b), ==, 2);
    g_assert_true (lists_meeting (store, account_b, id4));
    g_assert_false (lists_meeting (store, account_b, id2));
    g_assert_true (lists_meeting (store, account_a, id2));

    summary = plenum_store_get_meeting (store, id4, &error);
    g_assert_no_error (error);
    g_assert_false (plenum_meeting_has_agenda (summary));
    g_assert_null (plenum_store_get_meeting_etag (store, id4));

    /* The full meeting m3 was kept (not replaced by its summary). */
    full_m3 = plenum_store_get_meeting (store, id3, &error);
    g_assert_no_error (error);
    g_assert_true (plenum_meeting_has_agenda (full_m3));

    g_assert_true (save_meeting (store, account_b, m4_full, "\"4\"", &error));
    g_assert_no_error (error);
    full = plenum_store_get_meeting (store, id4, &error);
    g_assert_true (plenum_meeting_has_agenda (full));
    etag4 = plenum_store_get_meeting_etag (store, id4);
    g_assert_cmpstr (etag4, ==, "\"4\"");

    /* A newer summary does not overwrite a full meeting. */
    g_clear_pointer (&list, g_free);
    list = meeting_list_json (m3, m4_renamed, NULL);
    g_assert_true (save_meeting_list (store, account_b, list, "\"list-b2\"", &error));
    g_assert_no_error (error);
    kept = plenum_store_get_meeting (store, id4, &error);
    g_assert_true (plenum_meeting_has_agenda (kept));
  }

  /* B loses m3; the terminal still sees it. */
  g_assert_true (remove_meeting (store, account_b, id3, &error));
  g_assert_no_error (error);
  g_assert_false (lists_meeting (store, account_b, id3));
  g_assert_true (lists_meeting (store, NULL, id3));

  /* A list that is not a meeting list changes nothing. */
  g_assert_false (save_meeting_list (store, account_b, "{\"meetings\": [{}]}", NULL, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (save_meeting_list (store, account_b, "{\"meetings\": [], \"x\": 1}", NULL, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (count_meetings (store, account_b), ==, 1);

  /* An empty list removes everything for that account. */
  g_assert_true (save_meeting_list (store, NULL, "{\"meetings\": []}", "\"t\"", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_meetings (store, NULL), ==, 0);
  {
    g_autoptr(PlenumMeeting) gone = plenum_store_get_meeting (store, id3, &error);
    g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
    g_assert_null (gone);
  }
  close_store (store);
}

/* Accounts */

static const char an_json[] =
  "{\"id\":\"aaaaaaaa-0000-4000-8000-00000000000a\",\"name\":\"nguyen.van.an\","
  "\"display_name\":\"Nguyễn Văn An\",\"role\":\"member\"}";

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

static void
test_offline_pin (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("accounts");
  g_autofree char *db_path = g_build_filename (dir, "plenum.db", NULL);
  g_autofree char *wal_path = g_build_filename (dir, "plenum.db-wal", NULL);
  g_autoptr(GDateTime) expires = g_date_time_new_utc (2026, 11, 28, 6, 0, 0);
  g_autoptr(GDateTime) read_expires = NULL;
  const char *pin = "739104628351";
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) wrong_error = NULL;
  g_autoptr(GError) unknown_error = NULL;
  g_autofree char *verifier = NULL;
  g_autofree char *json = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *token = NULL;
  PlenumStore *store = open_store_ok (dir);

  g_assert_true (remember_account (store, "nguyen.van.an", an_json, pin, "tok-secret-123",
                                   expires, &error));
  g_assert_no_error (error);

  g_assert_true (plenum_store_has_account (store, "nguyen.van.an"));
  g_assert_false (plenum_store_has_account (store, "nobody"));
  verifier = plenum_store_get_account_verifier (store, "nguyen.van.an");
  g_assert_nonnull (verifier);
  g_assert_true (g_str_has_prefix (verifier, "$y$"));
  g_assert_null (strstr (verifier, pin));

  json = check_pin (store, "nguyen.van.an", pin, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json, ==, an_json);

  wrong = check_pin (store, "nguyen.van.an", "739104628352", &wrong_error);
  g_assert_error (wrong_error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_WRONG_PIN);
  g_assert_null (wrong);
  unknown = check_pin (store, "nobody", pin, &unknown_error);
  g_assert_error (unknown_error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_WRONG_PIN);
  g_assert_null (unknown);
  /* The same answer for both. */
  g_assert_cmpstr (wrong_error->message, ==, unknown_error->message);

  token = plenum_store_get_token (store, "nguyen.van.an", &read_expires);
  g_assert_cmpstr (token, ==, "tok-secret-123");
  g_assert_true (g_date_time_equal (read_expires, expires));

  /* Sign-out forgets the token, not the account. */
  g_assert_true (forget_token (store, "nguyen.van.an", &error));
  g_assert_no_error (error);
  g_assert_null (plenum_store_get_token (store, "nguyen.van.an", NULL));
  g_clear_pointer (&json, g_free);
  json = check_pin (store, "nguyen.van.an", pin, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json, ==, an_json);

  /* An account whose name is not the one signed in with is refused. */
  g_assert_false (remember_account (store, "someone.else", an_json, pin, NULL, NULL, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (remember_account (store, "nguyen.van.an", an_json, "12", NULL, NULL, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  close_store (store);

  /* The PIN is in no file, and the forgotten token was overwritten. */
  g_assert_false (file_contains (db_path, pin));
  g_assert_false (file_contains (db_path, "tok-secret-123"));
  if (file_exists (wal_path))
    g_assert_false (file_contains (wal_path, pin));
}

/* Blob states */

static void
on_blob_state_changed_cb (PlenumStore *store,
                          const char  *sha256,
                          char       **last)
{
  g_free (*last);
  *last = g_strdup (sha256);
}

static void
test_blob_states (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("blob-states");
  const char *a = "aaaa56789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0";
  const char *b = "bbbb56789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0";
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) partial = NULL;
  g_auto(GStrv) verified = NULL;
  g_autofree char *last = NULL;
  PlenumStore *store = open_store_ok (dir);
  PlenumBlobState state;
  guint64 size, present;

  g_signal_connect (store, "blob-state-changed", G_CALLBACK (on_blob_state_changed_cb), &last);
  g_assert_false (plenum_store_get_blob_state (store, a, NULL, NULL, NULL));
  g_assert_true (set_blob_state (store, a, 1000, PLENUM_BLOB_STATE_PARTIAL, 400, &error));
  g_assert_true (set_blob_state (store, b, 2000, PLENUM_BLOB_STATE_VERIFIED, 2000, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (last, ==, b);

  g_assert_true (plenum_store_get_blob_state (store, a, &state, &size, &present));
  g_assert_cmpint (state, ==, PLENUM_BLOB_STATE_PARTIAL);
  g_assert_cmpuint (size, ==, 1000);
  g_assert_cmpuint (present, ==, 400);

  partial = plenum_store_list_blobs (store, PLENUM_BLOB_STATE_PARTIAL);
  verified = plenum_store_list_blobs (store, PLENUM_BLOB_STATE_VERIFIED);
  g_assert_cmpuint (g_strv_length (partial), ==, 1);
  g_assert_cmpstr (partial[0], ==, a);
  g_assert_cmpuint (g_strv_length (verified), ==, 1);
  g_assert_cmpstr (verified[0], ==, b);

  g_assert_true (forget_blob (store, a, &error));
  g_assert_no_error (error);
  g_assert_false (plenum_store_get_blob_state (store, a, NULL, NULL, NULL));

  g_assert_false (set_blob_state (store, "../etc/passwd", 1, PLENUM_BLOB_STATE_MISSING, 0, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (set_blob_state (store, a, 10, PLENUM_BLOB_STATE_PARTIAL, 11, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  close_store (store);
}

/* Blobs */

static void
test_blob_write_whole (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("blob-whole");
  g_autoptr(GBytes) bytes = random_bytes (300000, 11);
  g_autofree char *sha256 = bytes_sha256 (bytes);
  g_autofree char *expected_path = NULL;
  g_autofree char *partial_path = NULL;
  g_autofree char *path = NULL;
  g_autofree char *found = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(PlenumBlobStore) blobs = NULL;
  g_autoptr(PlenumBlobWriter) writer = NULL;
  g_autoptr(PlenumBlobWriter) second = NULL;
  g_autoptr(GError) error = NULL;
  char prefix[3] = { sha256[0], sha256[1], '\0' };
  gsize length;

  blobs = plenum_blob_store_new (dir, &error);
  g_assert_no_error (error);
  expected_path = g_build_filename (dir, "blobs", prefix, sha256, NULL);
  partial_path = g_strdup_printf ("%s/blobs/partial/%s.part", dir, sha256);

  g_assert_null (plenum_blob_store_lookup (blobs, sha256));
  writer = begin_write (blobs, sha256, 300000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_blob_writer_get_offset (writer), ==, 0);
  g_assert_cmpstr (plenum_blob_writer_get_sha256 (writer), ==, sha256);
  g_assert_cmpuint (plenum_blob_writer_get_expected_size (writer), ==, 300000);

  /* One writer per blob at a time. */
  second = plenum_blob_store_begin_write (blobs, sha256, 300000, &error);
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_BUSY);
  g_assert_null (second);
  g_clear_error (&error);

  write_range (writer, bytes, 0, 300000, 16384);
  g_assert_cmpuint (plenum_blob_writer_get_offset (writer), ==, 300000);
  /* Not visible before it is verified. */
  g_assert_null (plenum_blob_store_lookup (blobs, sha256));
  g_assert_true (file_exists (partial_path));
  g_assert_cmpint (file_mode (partial_path), ==, 0600);

  path = finish_write (writer, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, expected_path);
  found = plenum_blob_store_lookup (blobs, sha256);
  g_assert_cmpstr (found, ==, expected_path);
  g_assert_false (file_exists (partial_path));
  g_assert_cmpint (file_mode (path), ==, 0600);
  {
    g_autofree char *prefix_dir = g_path_get_dirname (path);
    g_assert_cmpint (file_mode (prefix_dir), ==, 0700);
  }
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  /* The writer is spent. */
  g_assert_false (plenum_blob_writer_write (writer, "x", 1, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_IO);
  g_clear_error (&error);

  /* Names that are not hashes never become paths. */
  g_assert_null (plenum_blob_store_lookup (blobs, "../../etc/passwd"));
  g_assert_null (plenum_blob_store_lookup (blobs, "ABCDEF"));
  second = plenum_blob_store_begin_write (blobs, "../x", 1, &error);
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_assert_null (second);
}

static void
test_blob_mismatch (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("blob-mismatch");
  g_autoptr(GBytes) bytes = random_bytes (50000, 12);
  g_autoptr(GBytes) other = random_bytes (50000, 13);
  g_autofree char *sha256 = bytes_sha256 (bytes);
  g_autoptr(PlenumBlobStore) blobs = plenum_blob_store_new (dir, NULL);
  g_autoptr(PlenumBlobWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  /* Wrong bytes of the right length. */
  writer = begin_write (blobs, sha256, 50000, &error);
  g_assert_no_error (error);
  write_range (writer, other, 0, 50000, 8192);
  path = finish_write (writer, &error);
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_HASH_MISMATCH);
  g_assert_null (path);
  g_clear_error (&error);
  g_assert_null (plenum_blob_store_lookup (blobs, sha256));
  g_assert_cmpuint (plenum_blob_store_get_partial_size (blobs, sha256), ==, 0);
  g_clear_object (&writer);

  /* Too few bytes: the right prefix, but not the whole blob. */
  writer = begin_write (blobs, sha256, 50000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_blob_writer_get_offset (writer), ==, 0);
  write_range (writer, bytes, 0, 40000, 8192);
  path = finish_write (writer, &error);
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_HASH_MISMATCH);
  g_clear_error (&error);
  g_assert_null (plenum_blob_store_lookup (blobs, sha256));
  g_clear_object (&writer);

  /* Too many bytes: refused on write, nothing written. */
  writer = begin_write (blobs, sha256, 50000, &error);
  g_assert_no_error (error);
  write_range (writer, bytes, 0, 50000, 10000);
  g_assert_false (plenum_blob_writer_write (writer, "extra", 5, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_HASH_MISMATCH);
  g_clear_error (&error);
  g_assert_cmpuint (plenum_blob_writer_get_offset (writer), ==, 50000);
  path = finish_write (writer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);
}

static void
test_blob_resume (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("blob-resume");
  g_autoptr(GBytes) bytes = random_bytes (500000, 14);
  g_autofree char *sha256 = bytes_sha256 (bytes);
  g_autoptr(PlenumBlobStore) blobs = plenum_blob_store_new (dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  PlenumBlobWriter *writer;
  gsize length;

  writer = begin_write (blobs, sha256, 500000, &error);
  g_assert_no_error (error);
  write_range (writer, bytes, 0, 200000, 16384);
  plenum_blob_writer_abort (writer, FALSE);
  g_object_unref (writer);
  g_assert_cmpuint (plenum_blob_store_get_partial_size (blobs, sha256), ==, 200000);

  /* Abandoned without abort: dropping the writer keeps the partial file as well. */
  writer = begin_write (blobs, sha256, 500000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_blob_writer_get_offset (writer), ==, 200000);
  write_range (writer, bytes, 200000, 300000, 16384);
  g_object_unref (writer);
  g_assert_cmpuint (plenum_blob_store_get_partial_size (blobs, sha256), ==, 300000);

  writer = begin_write (blobs, sha256, 500000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_blob_writer_get_offset (writer), ==, 300000);
  write_range (writer, bytes, 300000, 500000, 16384);
  path = finish_write (writer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);
  g_object_unref (writer);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (bytes, NULL), 500000);

  /* abort (discard) throws the partial away. */
  {
    g_autoptr(GBytes) more = random_bytes (1000, 15);
    g_autofree char *more_sha = bytes_sha256 (more);

    writer = begin_write (blobs, more_sha, 1000, &error);
    g_assert_no_error (error);
    write_range (writer, more, 0, 500, 100);
    plenum_blob_writer_abort (writer, TRUE);
    g_object_unref (writer);
    g_assert_cmpuint (plenum_blob_store_get_partial_size (blobs, more_sha), ==, 0);
  }

  /* A partial longer than the blob cannot be a prefix: it starts again. */
  {
    g_autofree char *partial_path = g_strdup_printf ("%s/blobs/partial/%s.part", dir,
                                                     "cccc56789abcdef0123456789abcdef0"
                                                     "123456789abcdef0123456789abcdef0");
    g_assert_true (g_file_set_contents (partial_path, "0123456789", 10, NULL));
    writer = begin_write (blobs, "cccc56789abcdef0123456789abcdef0"
                          "123456789abcdef0123456789abcdef0", 5, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (plenum_blob_writer_get_offset (writer), ==, 0);
    g_object_unref (writer);
  }
}

static void
test_blob_restart (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("blob-restart");
  g_autoptr(GBytes) bytes = random_bytes (200000, 16);
  g_autofree char *sha256 = bytes_sha256 (bytes);
  g_autoptr(PlenumBlobStore) blobs = plenum_blob_store_new (dir, NULL);
  g_autoptr(PlenumBlobWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  writer = begin_write (blobs, sha256, 200000, &error);
  g_assert_no_error (error);
  write_range (writer, bytes, 0, 120000, 16384);
  plenum_blob_writer_abort (writer, FALSE);
  g_clear_object (&writer);

  writer = begin_write (blobs, sha256, 200000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_blob_writer_get_offset (writer), ==, 120000);

  /* The server ignored Range and sends everything from byte 0. */
  g_assert_true (plenum_blob_writer_restart (writer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_blob_writer_get_offset (writer), ==, 0);
  g_assert_cmpuint (plenum_blob_store_get_partial_size (blobs, sha256), ==, 0);
  write_range (writer, bytes, 0, 200000, 16384);
  path = finish_write (writer, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (bytes, NULL), 200000);
}

static void
store_blob (PlenumBlobStore *blobs,
            GBytes          *bytes)
{
  g_autofree char *sha256 = bytes_sha256 (bytes);
  g_autoptr(PlenumBlobWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  writer = begin_write (blobs, sha256, g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  write_range (writer, bytes, 0, g_bytes_get_size (bytes), 16384);
  path = finish_write (writer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);
}

static void
test_blob_verify_and_remove (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("blob-verify");
  g_autoptr(GBytes) bytes = random_bytes (70000, 17);
  g_autofree char *sha256 = bytes_sha256 (bytes);
  g_autoptr(PlenumBlobStore) blobs = plenum_blob_store_new (dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd;

  store_blob (blobs, bytes);
  g_assert_true (verify_blob (blobs, sha256, &error));
  g_assert_no_error (error);

  /* One byte flipped on disk: verify finds it and deletes the blob. */
  path = plenum_blob_store_lookup (blobs, sha256);
  g_assert_nonnull (path);
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, "\xff\x00", 2, 1000), ==, 2);
  close (fd);
  g_test_expect_message ("plenum-blob-store", G_LOG_LEVEL_WARNING, "*damaged*");
  g_assert_false (verify_blob (blobs, sha256, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_HASH_MISMATCH);
  g_clear_error (&error);
  g_assert_null (plenum_blob_store_lookup (blobs, sha256));
  g_assert_false (verify_blob (blobs, sha256, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* remove: the verified blob and any partial one. */
  store_blob (blobs, bytes);
  g_clear_pointer (&path, g_free);
  path = plenum_blob_store_lookup (blobs, sha256);
  g_assert_nonnull (path);
  g_assert_true (plenum_blob_store_remove (blobs, sha256, &error));
  g_assert_no_error (error);
  g_assert_null (plenum_blob_store_lookup (blobs, sha256));
  g_assert_true (plenum_blob_store_remove (blobs, sha256, &error));
  g_assert_no_error (error);
}

/* Children: killed mid-write, limited file size */

#define HALF_BLOB_SIZE 250000
#define BLOB_SEED 21

/* Issue #4: the outbox, event positions, readiness, retention, the terminal credential */

static void
count_signal_cb (PlenumStore *store,
                 gpointer     user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
count_detail_signal_cb (PlenumStore *store,
                        const char  *detail,
                        gpointer     user_data)
{
  guint *count = user_data;

  g_assert_nonnull (detail);
  (*count)++;
}

static void
test_outbox_order (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("outbox-order");
  g_autofree char *path1 = attendance_path (1);
  g_autofree char *path2 = attendance_path (2);
  g_autofree char *path3 = attendance_path (3);
  g_autoptr(GError) error = NULL;
  char *ids[4] = { NULL };
  guint changes = 0;
  PlenumStore *store = open_store_ok (dir);

  g_signal_connect (store, "outbox-changed", G_CALLBACK (count_signal_cb), &changes);
  g_assert_null (plenum_store_outbox_next (store, NULL));
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, NULL), ==, 0);

  /* a, b, a, a: each account's operations come out in the order they went in. */
  ids[0] = outbox_add (store, account_a, "attendance", "POST", path1, "{\"x\":1}", &error);
  g_assert_no_error (error);
  ids[1] = outbox_add (store, account_b, "attendance", "POST", path1, NULL, &error);
  g_assert_no_error (error);
  ids[2] = outbox_add (store, account_a, "note", "PUT", path2, "{\"text\":\"Ghi chú\"}", &error);
  g_assert_no_error (error);
  ids[3] = outbox_add (store, account_a, "attendance", "DELETE", path3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_true (plenum_is_uuid (ids[i]));
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (ids[i], !=, ids[j]);
    }

  g_assert_cmpuint (plenum_store_outbox_count_pending (store, NULL), ==, 4);
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_a), ==, 3);
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_b), ==, 1);

  {
    g_autoptr(PlenumOutboxOperation) first = plenum_store_outbox_next (store, account_a);
    g_autoptr(PlenumOutboxOperation) any = plenum_store_outbox_next (store, NULL);
    g_autoptr(PlenumOutboxOperation) of_b = plenum_store_outbox_next (store, account_b);
    g_autofree char *in_body = NULL;
    g_autofree char *in_b_body = NULL;

    g_assert_nonnull (first);
    g_assert_cmpstr (plenum_outbox_operation_get_operation_id (first), ==, ids[0]);
    g_assert_cmpstr (plenum_outbox_operation_get_operation_id (any), ==, ids[0]);
    g_assert_cmpstr (plenum_outbox_operation_get_account_id (first), ==, account_a);
    g_assert_cmpstr (plenum_outbox_operation_get_kind (first), ==, "attendance");
    g_assert_cmpstr (plenum_outbox_operation_get_method (first), ==, "POST");
    g_assert_cmpstr (plenum_outbox_operation_get_path (first), ==, path1);
    g_assert_cmpint (plenum_outbox_operation_get_state (first), ==, PLENUM_OUTBOX_STATE_QUEUED);
    g_assert_cmpuint (plenum_outbox_operation_get_attempts (first), ==, 0);
    g_assert_nonnull (plenum_outbox_operation_get_created_at (first));
    g_assert_null (plenum_outbox_operation_get_sent_at (first));
    /* The operation id travels in the body, and the body keeps what was given. */
    in_body = body_operation_id (first);
    g_assert_cmpstr (in_body, ==, ids[0]);
    g_assert_nonnull (strstr (plenum_outbox_operation_get_body (first), "\"x\":1"));
    /* No body given: {} with the operation id all the same. */
    g_assert_cmpstr (plenum_outbox_operation_get_operation_id (of_b), ==, ids[1]);
    in_b_body = body_operation_id (of_b);
    g_assert_cmpstr (in_b_body, ==, ids[1]);
    g_assert_cmpint (plenum_outbox_operation_get_seq (of_b), >,
                     plenum_outbox_operation_get_seq (first));
  }

  /* Drained in order. */
  for (guint i = 0; i < 4; i++)
    {
      guint order[] = { 0, 2, 3 };
      g_autoptr(PlenumOutboxOperation) next = NULL;

      if (i == 3)
        break;
      next = plenum_store_outbox_next (store, account_a);
      g_assert_nonnull (next);
      g_assert_cmpstr (plenum_outbox_operation_get_operation_id (next), ==, ids[order[i]]);
      g_assert_true (outbox_mark (store, MARK_SENT, ids[order[i]], &error));
      g_assert_no_error (error);
    }
  g_assert_null (plenum_store_outbox_next (store, account_a));
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_a), ==, 0);
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, NULL), ==, 1);

  {
    g_autoptr(PlenumOutboxOperation) sent = plenum_store_outbox_get (store, ids[0]);

    g_assert_cmpint (plenum_outbox_operation_get_state (sent), ==, PLENUM_OUTBOX_STATE_SENT);
    g_assert_cmpstr (plenum_outbox_operation_get_result (sent), ==, "{\"ok\":true}");
    g_assert_nonnull (plenum_outbox_operation_get_sent_at (sent));
  }

  /* Settled is settled. */
  g_assert_false (outbox_mark (store, MARK_REFUSED, ids[0], &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (outbox_mark (store, MARK_SENT, "99999999-0000-4000-8000-000000000099", &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Nothing the caller did not build from checked ids, and no body that is not an
   * object without an operation id of its own. */
  {
    const char *bad[][4] = {
      { "attendance", "GET", "/api/v1/meetings", NULL },
      { "attendance", "POST", "/api/v1/meetings/../../etc", NULL },
      { "attendance", "POST", "/api/v1//x", NULL },
      { "attendance", "POST", "http://evil/api/v1/x", NULL },
      { "attendance", "POST", "/api/v1/x?y=1", NULL },
      { "", "POST", "/api/v1/x", NULL },
      { "attendance", "POST", "/api/v1/x", "[1]" },
      { "attendance", "POST", "/api/v1/x", "{\"operation_id\":\"x\"}" },
      { "attendance", "POST", "/api/v1/x", "{\"a\":1,\"a\":2}" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *id = outbox_add (store, account_a, bad[i][0], bad[i][1], bad[i][2],
                                          bad[i][3], &error);
        g_assert_null (id);
        g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
        g_clear_error (&error);
      }
    g_assert_null (outbox_add (store, "not-a-uuid", "x", "POST", "/api/v1/x", NULL, &error));
    g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, NULL), ==, 1);

  for (guint i = 0; i < 4; i++)
    g_free (ids[i]);
  close_store (store);
}

static void
test_outbox_refused (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("outbox-refused");
  g_autofree char *path = attendance_path (1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autofree char *op1 = NULL;
  g_autofree char *op2 = NULL;
  g_autofree char *op3 = NULL;
  PlenumStore *store = open_store_ok (dir);

  op1 = outbox_add (store, account_a, "attendance", "POST", path, NULL, &error);
  g_assert_no_error (error);
  op2 = outbox_add (store, account_a, "note", "POST", path, NULL, &error);
  g_assert_no_error (error);
  op3 = outbox_add (store, account_a, "note", "POST", path, NULL, &error);
  g_assert_no_error (error);

  /* A transient failure keeps it first in line. */
  g_assert_true (outbox_mark (store, MARK_SENDING, op1, &error));
  g_assert_no_error (error);
  g_assert_true (outbox_mark (store, MARK_FAILED, op1, &error));
  g_assert_no_error (error);
  g_assert_true (outbox_mark (store, MARK_FAILED, op1, &error));
  g_assert_no_error (error);
  {
    g_autoptr(PlenumOutboxOperation) next = plenum_store_outbox_next (store, account_a);

    g_assert_cmpstr (plenum_outbox_operation_get_operation_id (next), ==, op1);
    g_assert_cmpuint (plenum_outbox_operation_get_attempts (next), ==, 2);
    g_assert_cmpint (plenum_outbox_operation_get_state (next), ==, PLENUM_OUTBOX_STATE_QUEUED);
  }

  /* Refused: set aside with the reason, and the next one goes. */
  g_assert_true (outbox_mark (store, MARK_REFUSED, op1, &error));
  g_assert_no_error (error);
  {
    g_autoptr(PlenumOutboxOperation) next = plenum_store_outbox_next (store, account_a);

    g_assert_cmpstr (plenum_outbox_operation_get_operation_id (next), ==, op2);
  }
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_a), ==, 2);

  /* Sending, when the process ends, is queued again at the next open. */
  g_assert_true (outbox_mark (store, MARK_SENDING, op2, &error));
  g_assert_no_error (error);
  {
    g_autoptr(PlenumOutboxOperation) next = plenum_store_outbox_next (store, account_a);

    g_assert_cmpstr (plenum_outbox_operation_get_operation_id (next), ==, op2);
    g_assert_cmpint (plenum_outbox_operation_get_state (next), ==, PLENUM_OUTBOX_STATE_SENDING);
  }
  close_store (store);

  store = open_store_ok (dir);
  listed = plenum_store_outbox_list (store, account_a);
  g_assert_cmpuint (listed->len, ==, 3);
  {
    PlenumOutboxOperation *refused = g_ptr_array_index (listed, 0);
    PlenumOutboxOperation *again = g_ptr_array_index (listed, 1);

    g_assert_cmpstr (plenum_outbox_operation_get_operation_id (refused), ==, op1);
    g_assert_cmpint (plenum_outbox_operation_get_state (refused), ==, PLENUM_OUTBOX_STATE_REFUSED);
    g_assert_cmpuint (plenum_outbox_operation_get_refused_status (refused), ==, 403);
    g_assert_cmpstr (plenum_outbox_operation_get_refused_code (refused), ==, "forbidden");
    g_assert_cmpstr (plenum_outbox_operation_get_refused_message (refused), ==, "Không được phép.");
    g_assert_cmpuint (plenum_outbox_operation_get_attempts (refused), ==, 2);
    g_assert_cmpstr (plenum_outbox_operation_get_operation_id (again), ==, op2);
    g_assert_cmpint (plenum_outbox_operation_get_state (again), ==, PLENUM_OUTBOX_STATE_QUEUED);
  }
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = plenum_store_outbox_list (store, NULL);
  g_assert_cmpuint (listed->len, ==, 3);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = plenum_store_outbox_list (store, account_b);
  g_assert_cmpuint (listed->len, ==, 0);
  close_store (store);
}

static void
test_check_in (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("check-in");
  g_autofree char *m1 = meeting_json (1, "Kỳ họp", "2026-12-01T01:00:00Z", 2, 10);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *id2 = uuid_for (2);
  g_autofree char *path1 = attendance_path (1);
  g_autofree char *op = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GError) error = NULL;
  PlenumOutboxState state;
  guint outbox_changes = 0;
  guint attendance_changes = 0;
  PlenumStore *store = open_store_ok (dir);

  g_assert_true (save_meeting (store, account_a, m1, NULL, &error));
  g_assert_no_error (error);
  g_signal_connect (store, "outbox-changed", G_CALLBACK (count_signal_cb), &outbox_changes);
  g_signal_connect (store, "attendance-changed", G_CALLBACK (count_detail_signal_cb),
                    &attendance_changes);

  /* A meeting that is not stored: nothing recorded, nothing queued. */
  g_assert_null (check_in (store, account_a, id2, NULL, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (check_in (store, account_a, "../x", NULL, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, NULL), ==, 0);
  g_assert_false (plenum_store_get_attendance (store, account_a, id1, NULL));

  op = check_in (store, account_a, id1, "{\"present\":true}", &error);
  g_assert_no_error (error);
  g_assert_true (plenum_is_uuid (op));
  g_assert_cmpuint (outbox_changes, ==, 1);
  g_assert_cmpuint (attendance_changes, ==, 1);
  g_assert_true (plenum_store_get_attendance (store, account_a, id1, &state));
  g_assert_cmpint (state, ==, PLENUM_OUTBOX_STATE_QUEUED);
  g_assert_false (plenum_store_get_attendance (store, account_b, id1, NULL));
  {
    g_autoptr(PlenumOutboxOperation) next = plenum_store_outbox_next (store, account_a);

    g_assert_cmpstr (plenum_outbox_operation_get_operation_id (next), ==, op);
    g_assert_cmpstr (plenum_outbox_operation_get_method (next), ==, "POST");
    g_assert_cmpstr (plenum_outbox_operation_get_path (next), ==, path1);
    g_assert_cmpstr (plenum_outbox_operation_get_kind (next), ==, "attendance");
    /* Distinct from the meeting's id, in the body. */
    g_assert_cmpstr (op, !=, id1);
    g_assert_nonnull (strstr (plenum_outbox_operation_get_body (next), "\"present\":true"));
  }

  /* Once only. */
  again = check_in (store, account_a, id1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, op);
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_a), ==, 1);

  g_assert_true (outbox_mark (store, MARK_SENT, op, &error));
  g_assert_no_error (error);
  g_assert_true (plenum_store_get_attendance (store, account_a, id1, &state));
  g_assert_cmpint (state, ==, PLENUM_OUTBOX_STATE_SENT);

  /* Another member; refused (say, not yet open), then tried again with a new operation. */
  {
    g_autofree char *op_b = check_in (store, account_b, id1, NULL, &error);
    g_autofree char *retry = NULL;

    g_assert_no_error (error);
    g_assert_true (outbox_mark (store, MARK_REFUSED, op_b, &error));
    g_assert_no_error (error);
    g_assert_true (plenum_store_get_attendance (store, account_b, id1, &state));
    g_assert_cmpint (state, ==, PLENUM_OUTBOX_STATE_REFUSED);
    retry = check_in (store, account_b, id1, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (retry, !=, op_b);
    g_assert_true (plenum_store_get_attendance (store, account_b, id1, &state));
    g_assert_cmpint (state, ==, PLENUM_OUTBOX_STATE_QUEUED);
    g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_b), ==, 1);
  }
  close_store (store);
}

static void
test_sign_out_with_pending (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("sign-out-pending");
  g_autofree char *path = attendance_path (1);
  g_autoptr(GDateTime) expires = g_date_time_new_from_unix_utc (1900000000);
  g_autoptr(GError) error = NULL;
  g_autofree char *op = NULL;
  g_autofree char *token = NULL;
  PlenumStore *store = open_store_ok (dir);

  g_assert_true (remember_account (store, "nguyen.van.an", an_json, "1234", "tok-an",
                                   expires, &error));
  g_assert_no_error (error);
  g_assert_false (plenum_store_account_has_pending (store, "nguyen.van.an"));

  op = outbox_add (store, account_a, "attendance", "POST", path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (plenum_store_account_has_pending (store, "nguyen.van.an"));
  g_assert_false (plenum_store_account_has_pending (store, "nobody"));

  /* Signing out keeps the token while there is something to send… */
  g_assert_true (forget_token (store, "nguyen.van.an", &error));
  g_assert_no_error (error);
  token = plenum_store_get_token (store, "nguyen.van.an", NULL);
  g_assert_cmpstr (token, ==, "tok-an");
  g_clear_pointer (&token, g_free);
  g_assert_true (plenum_store_account_is_signed_out (store, "nguyen.van.an"));
  close_store (store);

  /* …across a restart… */
  store = open_store_ok (dir);
  g_assert_true (plenum_store_account_is_signed_out (store, "nguyen.van.an"));
  g_assert_true (outbox_mark (store, MARK_FAILED, op, &error));
  g_assert_no_error (error);
  token = plenum_store_get_token (store, "nguyen.van.an", NULL);
  g_assert_cmpstr (token, ==, "tok-an");
  g_clear_pointer (&token, g_free);

  /* …and drops it with the last one sent. */
  g_assert_true (outbox_mark (store, MARK_SENT, op, &error));
  g_assert_no_error (error);
  token = plenum_store_get_token (store, "nguyen.van.an", NULL);
  g_assert_null (token);
  g_assert_false (plenum_store_account_is_signed_out (store, "nguyen.van.an"));
  g_assert_false (plenum_store_account_has_pending (store, "nguyen.van.an"));

  /* A new sign-in while signed out ends the signed-out state; with nothing pending a
   * sign-out drops the token at once. */
  g_assert_true (remember_account (store, "nguyen.van.an", an_json, "1234", "tok-2",
                                   expires, &error));
  g_assert_no_error (error);
  g_assert_true (forget_token (store, "nguyen.van.an", &error));
  g_assert_no_error (error);
  token = plenum_store_get_token (store, "nguyen.van.an", NULL);
  g_assert_null (token);
  g_assert_false (plenum_store_account_is_signed_out (store, "nguyen.van.an"));
  close_store (store);
}

static void
test_event_seq (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("event-seq");
  g_autofree char *db_path = g_build_filename (dir, "plenum.db", NULL);
  g_autofree char *m1 = meeting_json (1, "Một", "2026-12-01T01:00:00Z", 1, 10);
  g_autofree char *m2 = meeting_json (2, "Hai", "2026-12-02T01:00:00Z", 1, 10);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *id2 = uuid_for (2);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;
  gint64 seq = -1;
  PlenumStore *store = open_store_ok (dir);

  g_assert_false (plenum_store_get_last_event_seq (store, account_a, &seq));
  g_assert_false (plenum_store_get_last_event_seq (store, NULL, &seq));

  g_assert_true (apply_event_meeting (store, account_a, m1, 5, &error));
  g_assert_no_error (error);
  g_assert_true (plenum_store_get_last_event_seq (store, account_a, &seq));
  g_assert_cmpint (seq, ==, 5);
  meeting = plenum_store_get_meeting (store, id1, &error);
  g_assert_no_error (error);
  g_clear_object (&meeting);
  /* Per holder of the stream. */
  g_assert_false (plenum_store_get_last_event_seq (store, NULL, &seq));
  g_assert_true (set_event_seq (store, NULL, 3, &error));
  g_assert_no_error (error);
  g_assert_true (plenum_store_get_last_event_seq (store, NULL, &seq));
  g_assert_cmpint (seq, ==, 3);

  g_assert_true (set_event_seq (store, account_a, 7, &error));
  g_assert_no_error (error);

  /* A change the store refuses moves no position. */
  g_assert_false (apply_event_meeting (store, account_a, "{\"id\":1}", 8, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (plenum_store_get_last_event_seq (store, account_a, &seq));
  g_assert_cmpint (seq, ==, 7);

  /* Both or neither: the position write fails (a trigger stands for a failing write)
   * after the meeting was written in the same transaction; the meeting is not there. */
  raw_exec (db_path, "CREATE TRIGGER fail_position BEFORE UPDATE ON event_positions "
                     "BEGIN SELECT RAISE (ABORT, 'position write failed'); END;");
  g_assert_false (apply_event_meeting (store, account_a, m2, 8, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  meeting = plenum_store_get_meeting (store, id2, &error);
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
  g_assert_null (meeting);
  g_clear_error (&error);
  g_assert_false (apply_event_remove (store, account_a, id1, 8, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  meeting = plenum_store_get_meeting (store, id1, &error);
  g_assert_no_error (error);
  g_clear_object (&meeting);
  g_assert_true (plenum_store_get_last_event_seq (store, account_a, &seq));
  g_assert_cmpint (seq, ==, 7);

  /* The write works again: both land. */
  raw_exec (db_path, "DROP TRIGGER fail_position");
  g_assert_true (apply_event_meeting (store, account_a, m2, 8, &error));
  g_assert_no_error (error);
  g_assert_true (apply_event_remove (store, account_a, id1, 9, &error));
  g_assert_no_error (error);
  close_store (store);

  store = open_store_ok (dir);
  g_assert_true (plenum_store_get_last_event_seq (store, account_a, &seq));
  g_assert_cmpint (seq, ==, 9);
  meeting = plenum_store_get_meeting (store, id2, &error);
  g_assert_no_error (error);
  g_clear_object (&meeting);
  meeting = plenum_store_get_meeting (store, id1, &error);
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* A reset may move it back. */
  g_assert_true (set_event_seq (store, account_a, 2, &error));
  g_assert_no_error (error);
  g_assert_true (plenum_store_get_last_event_seq (store, account_a, &seq));
  g_assert_cmpint (seq, ==, 2);
  close_store (store);
}

/* A meeting @n with one agenda item per document named by @hashes (sizes @sizes). */
static char *
meeting_with_docs (guint              n,
                   GDateTime         *starts,
                   const char * const *hashes,
                   const gint64      *sizes)
{
  g_autofree char *id = uuid_for (n);
  g_autofree char *chair = uuid_for (0x900);
  g_autoptr(GDateTime) updated = plenum_time_parse ("2026-11-27T18:00:00Z");
  g_autoptr(GListStore) agenda = g_list_store_new (PLENUM_TYPE_AGENDA_ITEM);
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(cJSON) node = NULL;

  for (guint i = 0; hashes[i] != NULL; i++)
    {
      g_autoptr(GListStore) documents = g_list_store_new (PLENUM_TYPE_DOCUMENT);
      g_autofree char *item_id = uuid_for (n * 1000 + i + 1);
      g_autofree char *doc_id = uuid_for (n * 1000 + i + 0x10000);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autoptr(PlenumDocument) doc = plenum_document_new (doc_id, "Tài liệu", hashes[i],
                                                           sizes[i], 1, FALSE,
                                                           "application/pdf");
      g_autoptr(PlenumAgendaItem) item = NULL;

      g_list_store_append (documents, doc);
      item = plenum_agenda_item_new (item_id, number, "Mục", FALSE, G_LIST_MODEL (documents));
      g_list_store_append (agenda, item);
    }
  meeting = plenum_meeting_new (id, body_id, "Họp", starts, NULL, chair, NULL,
                                PLENUM_MEETING_STATUS_SCHEDULED, 1, updated,
                                G_LIST_MODEL (agenda));
  node = plenum_meeting_to_json (meeting);
  return plenum_json_print (node);
}

/* Stores @bytes as a verified blob; returns its hash. */
static char *
put_blob (PlenumBlobStore *blobs,
          GBytes          *bytes)
{
  g_autofree char *sha256 = bytes_sha256 (bytes);
  g_autoptr(PlenumBlobWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  writer = begin_write (blobs, sha256, g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  write_range (writer, bytes, 0, g_bytes_get_size (bytes), 4096);
  path = finish_write (writer, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&sha256);
}

/* Leaves the first @present bytes of @bytes as a partial download; returns its hash. */
static char *
put_partial (PlenumBlobStore *blobs,
             GBytes          *bytes,
             gsize            present)
{
  g_autofree char *sha256 = bytes_sha256 (bytes);
  g_autoptr(PlenumBlobWriter) writer = NULL;
  g_autoptr(GError) error = NULL;

  writer = begin_write (blobs, sha256, g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  write_range (writer, bytes, 0, present, 4096);
  plenum_blob_writer_abort (writer, FALSE);
  return g_steal_pointer (&sha256);
}

static void
test_readiness (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("readiness");
  g_autoptr(GBytes) a = random_bytes (100, 1);
  g_autoptr(GBytes) b = random_bytes (200, 2);
  g_autoptr(GBytes) c = random_bytes (300, 3);
  g_autoptr(GBytes) d = random_bytes (400, 4);
  g_autoptr(GDateTime) starts = plenum_time_parse ("2026-12-01T01:00:00Z");
  g_autofree char *sha_a = NULL, *sha_b = NULL, *sha_c = NULL, *sha_d = NULL;
  g_autofree char *json = NULL;
  g_autofree char *summary = meeting_json (2, "Tóm tắt", "2026-12-02T01:00:00Z", -1, 10);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *id2 = uuid_for (2);
  g_autofree char *id3 = uuid_for (3);
  g_autoptr(GError) error = NULL;
  guint docs_total = 99, docs_done = 99;
  guint64 bytes_total = 99, bytes_done = 99;
  PlenumStore *store = open_store_ok (dir);
  PlenumBlobStore *blobs = plenum_store_get_blob_store (store);

  sha_a = put_blob (blobs, a);           /* verified, recorded */
  sha_b = bytes_sha256 (b);              /* partial, recorded: 50 bytes */
  sha_c = bytes_sha256 (c);              /* nothing yet */
  sha_d = put_blob (blobs, d);           /* verified, not recorded yet */
  {
    const char *hashes[] = { sha_a, sha_b, sha_c, sha_d, NULL };
    const gint64 sizes[] = { 100, 200, 300, 400 };

    json = meeting_with_docs (1, starts, hashes, sizes);
  }
  g_assert_true (save_meeting (store, account_a, json, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (save_meeting (store, account_a, summary, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (set_blob_state (store, sha_a, 100, PLENUM_BLOB_STATE_VERIFIED, 100, &error));
  g_assert_no_error (error);
  g_assert_true (set_blob_state (store, sha_b, 200, PLENUM_BLOB_STATE_PARTIAL, 50, &error));
  g_assert_no_error (error);
  g_assert_true (set_blob_state (store, sha_c, 300, PLENUM_BLOB_STATE_MISSING, 0, &error));
  g_assert_no_error (error);

  g_assert_true (plenum_store_get_meeting_readiness (store, id1, &docs_total, &docs_done,
                                                     &bytes_total, &bytes_done));
  g_assert_cmpuint (docs_total, ==, 4);
  g_assert_cmpuint (docs_done, ==, 2);
  g_assert_cmpuint (bytes_total, ==, 1000);
  g_assert_cmpuint (bytes_done, ==, 100 + 50 + 400);

  g_assert_true (set_blob_state (store, sha_b, 200, PLENUM_BLOB_STATE_VERIFIED, 200, &error));
  g_assert_no_error (error);
  g_assert_true (set_blob_state (store, sha_c, 300, PLENUM_BLOB_STATE_PARTIAL, 299, &error));
  g_assert_no_error (error);
  g_assert_true (plenum_store_get_meeting_readiness (store, id1, &docs_total, &docs_done,
                                                     &bytes_total, &bytes_done));
  g_assert_cmpuint (docs_done, ==, 3);
  g_assert_cmpuint (bytes_done, ==, 100 + 200 + 299 + 400);

  /* A summary has nothing to download yet; an unknown meeting has no figures. */
  g_assert_true (plenum_store_get_meeting_readiness (store, id2, &docs_total, &docs_done,
                                                     &bytes_total, &bytes_done));
  g_assert_cmpuint (docs_total, ==, 0);
  g_assert_cmpuint (docs_done, ==, 0);
  g_assert_cmpuint (bytes_total, ==, 0);
  g_assert_cmpuint (bytes_done, ==, 0);
  g_assert_false (plenum_store_get_meeting_readiness (store, id3, NULL, NULL, NULL, NULL));
  close_store (store);
}

static void
test_prune (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("prune");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) old = g_date_time_add_days (now, -40);
  g_autoptr(GDateTime) older = g_date_time_add_days (now, -400);
  g_autoptr(GDateTime) recent = g_date_time_add_days (now, -10);
  g_autoptr(GDateTime) upcoming = g_date_time_add_seconds (now, 60);
  g_autoptr(GBytes) a = random_bytes (1000, 11);
  g_autoptr(GBytes) b = random_bytes (2000, 12);
  g_autoptr(GBytes) c = random_bytes (3000, 13);
  g_autoptr(GBytes) d = random_bytes (4000, 14);
  g_autoptr(GBytes) e = random_bytes (5000, 15);
  g_autoptr(GBytes) f = random_bytes (6000, 16);
  g_autofree char *sha_a = NULL, *sha_b = NULL, *sha_c = NULL, *sha_d = NULL;
  g_autofree char *sha_e = NULL, *sha_f = NULL;
  g_autofree char *j_old = NULL, *j_older = NULL, *j_recent = NULL, *j_upcoming = NULL;
  g_autofree char *id_old = uuid_for (1), *id_older = uuid_for (2);
  g_autofree char *id_recent = uuid_for (3), *id_upcoming = uuid_for (4);
  g_autoptr(PlenumBlobWriter) busy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) left = NULL;
  g_auto(GStrv) verified = NULL;
  g_auto(GStrv) partial = NULL;
  g_autofree char *op = NULL;
  guint meetings_removed = 99, blobs_removed = 99;
  PlenumStore *store = open_store_ok (dir);
  PlenumBlobStore *blobs = plenum_store_get_blob_store (store);

  sha_a = put_blob (blobs, a);            /* only the old meeting's */
  sha_b = put_partial (blobs, b, 700);    /* only the old meeting's, half downloaded */
  sha_c = put_blob (blobs, c);            /* old and recent meetings' */
  sha_d = put_blob (blobs, d);            /* the upcoming meeting's */
  sha_e = put_blob (blobs, e);            /* nobody's, no record (left by a crash) */
  sha_f = bytes_sha256 (f);               /* nobody's, being written */
  {
    const char *h_old[] = { sha_a, sha_b, sha_c, NULL };
    const gint64 s_old[] = { 1000, 2000, 3000 };
    const char *h_older[] = { sha_a, NULL };
    const gint64 s_older[] = { 1000 };
    const char *h_recent[] = { sha_c, NULL };
    const gint64 s_recent[] = { 3000 };
    const char *h_upcoming[] = { sha_d, NULL };
    const gint64 s_upcoming[] = { 4000 };

    j_old = meeting_with_docs (1, old, h_old, s_old);
    j_older = meeting_with_docs (2, older, h_older, s_older);
    j_recent = meeting_with_docs (3, recent, h_recent, s_recent);
    j_upcoming = meeting_with_docs (4, upcoming, h_upcoming, s_upcoming);
  }
  g_assert_true (save_meeting (store, account_a, j_old, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (save_meeting (store, NULL, j_older, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (save_meeting (store, account_a, j_recent, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (save_meeting (store, account_b, j_upcoming, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (set_blob_state (store, sha_a, 1000, PLENUM_BLOB_STATE_VERIFIED, 1000, &error));
  g_assert_no_error (error);
  g_assert_true (set_blob_state (store, sha_b, 2000, PLENUM_BLOB_STATE_PARTIAL, 700, &error));
  g_assert_no_error (error);
  g_assert_true (set_blob_state (store, sha_c, 3000, PLENUM_BLOB_STATE_VERIFIED, 3000, &error));
  g_assert_no_error (error);
  g_assert_true (set_blob_state (store, sha_d, 4000, PLENUM_BLOB_STATE_VERIFIED, 4000, &error));
  g_assert_no_error (error);
  /* Checked in to the old meeting, operation still queued. */
  op = check_in (store, account_a, id_old, NULL, &error);
  g_assert_no_error (error);
  busy = begin_write (blobs, sha_f, 6000, &error);
  g_assert_no_error (error);
  write_range (busy, f, 0, 100, 100);

  g_assert_true (prune (store, now, PLENUM_STORE_DEFAULT_RETENTION, &meetings_removed,
                        &blobs_removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (meetings_removed, ==, 2);
  g_assert_cmpuint (blobs_removed, ==, 3);  /* a, b, e */

  /* Meetings: the old ones gone, for every account; the recent and upcoming stay. */
  {
    g_autoptr(PlenumMeeting) m = plenum_store_get_meeting (store, id_old, &error);

    g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  {
    g_autoptr(PlenumMeeting) m = plenum_store_get_meeting (store, id_older, &error);

    g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  {
    g_autoptr(PlenumMeeting) m = plenum_store_get_meeting (store, id_recent, &error);

    g_assert_no_error (error);
    g_assert_nonnull (m);
  }
  left = plenum_store_list_meetings (store, account_a);
  g_assert_cmpuint (g_list_model_get_n_items (left), ==, 1);
  g_clear_object (&left);
  left = plenum_store_list_meetings (store, account_b);
  g_assert_cmpuint (g_list_model_get_n_items (left), ==, 1);
  g_assert_false (plenum_store_get_attendance (store, account_a, id_old, NULL));
  /* The queued operation is not the store's to drop. */
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_a), >=, 1);

  /* Blobs: records and files of a, b, e gone; c, d kept; f, being written, left alone. */
  g_assert_false (plenum_store_get_blob_state (store, sha_a, NULL, NULL, NULL));
  g_assert_false (plenum_store_get_blob_state (store, sha_b, NULL, NULL, NULL));
  g_assert_true (plenum_store_get_blob_state (store, sha_c, NULL, NULL, NULL));
  g_assert_true (plenum_store_get_blob_state (store, sha_d, NULL, NULL, NULL));
  verified = plenum_blob_store_list_stored (blobs, FALSE);
  partial = plenum_blob_store_list_stored (blobs, TRUE);
  g_assert_cmpuint (g_strv_length (verified), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) verified, sha_c));
  g_assert_true (g_strv_contains ((const char * const *) verified, sha_d));
  g_assert_cmpuint (g_strv_length (partial), ==, 1);
  g_assert_cmpstr (partial[0], ==, sha_f);
  g_assert_cmpuint (plenum_blob_writer_get_offset (busy), ==, 100);
  plenum_blob_writer_abort (busy, FALSE);

  /* Now f is nobody's and nobody writes it: the next prune takes it. */
  g_assert_true (prune (store, now, PLENUM_STORE_DEFAULT_RETENTION, &meetings_removed,
                        &blobs_removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (meetings_removed, ==, 0);
  g_assert_cmpuint (blobs_removed, ==, 1);
  g_assert_cmpuint (plenum_blob_store_get_partial_size (blobs, sha_f), ==, 0);

  /* Retention zero: whatever started before now goes; the upcoming meeting and its blob
   * stay. */
  g_assert_true (prune (store, now, 0, &meetings_removed, &blobs_removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (meetings_removed, ==, 1);
  g_assert_cmpuint (blobs_removed, ==, 1);  /* c */
  {
    g_autoptr(PlenumMeeting) kept = plenum_store_get_meeting (store, id_upcoming, &error);
    g_autofree char *path_d = plenum_blob_store_lookup (blobs, sha_d);
    g_autofree char *path_c = plenum_blob_store_lookup (blobs, sha_c);

    g_assert_no_error (error);
    g_assert_nonnull (kept);
    g_assert_nonnull (path_d);
    g_assert_null (path_c);
  }

  /* A negative period is refused. */
  g_assert_false (prune (store, now, -1, NULL, NULL, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  close_store (store);
}

static void
test_terminal_credential (void)
{
  static const char secret[] = "tc_8c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f";
  g_autofree char *dir = plenum_test_mkdtemp ("credential");
  g_autofree char *db_path = g_build_filename (dir, "plenum.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *credential = NULL;
  g_autofree char *name = NULL;
  g_autofree char *room = NULL;
  PlenumStore *store = open_store_ok (dir);

  credential = plenum_store_get_terminal_credential (store, &name, &room);
  g_assert_null (credential);
  g_assert_false (set_credential (store, "", "x", "y", &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (set_credential (store, "old-secret", "Bàn 1", "Phòng A", &error));
  g_assert_no_error (error);
  g_assert_true (set_credential (store, secret, "Bàn 7", "Phòng họp số 1", &error));
  g_assert_no_error (error);
  close_store (store);

  store = open_store_ok (dir);
  credential = plenum_store_get_terminal_credential (store, &name, &room);
  g_assert_cmpstr (credential, ==, secret);
  g_assert_cmpstr (name, ==, "Bàn 7");
  g_assert_cmpstr (room, ==, "Phòng họp số 1");
  g_clear_pointer (&credential, g_free);
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&room, g_free);
  g_assert_cmpint (file_mode (db_path), ==, 0600);

  /* Revoked: forgotten, and not left behind in the file. */
  g_assert_true (set_credential (store, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  credential = plenum_store_get_terminal_credential (store, NULL, NULL);
  g_assert_null (credential);
  close_store (store);
  g_assert_false (file_contains (db_path, secret));
  g_assert_false (file_contains (db_path, "old-secret"));
}

static PlenumStore *
child_open_store (const char *dir)
{
  return open_store_ok (dir);
}

static void
killed_after_add_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *op = plenum_store_outbox_add_finish (PLENUM_STORE (source_object), result,
                                                        &error);

  g_assert_no_error (error);
  g_assert_true (plenum_is_uuid (op));
  raise (SIGKILL);
}

static gboolean
never_cb (gpointer user_data)
{
  return FALSE;
}

/* In a private mount namespace (see test_disk_full_tmpfs): a 2 MiB tmpfs filled up for
 * real. Returns 77 when the tmpfs cannot be mounted; aborts on a failed check. */
static int
run_tmpfs_full_child (const char *dir)
{
  g_autofree char *mnt = g_build_filename (dir, "tmpfs", NULL);
  g_autofree char *data = g_build_filename (mnt, "data", NULL);
  g_autofree char *db_path = g_build_filename (data, "plenum.db", NULL);
  g_autofree char *m1 = meeting_json (1, "Trước khi đầy", "2026-12-01T01:00:00Z", 5, 40);
  g_autofree char *big = meeting_json (3, "Quá lớn", "2026-12-03T01:00:00Z", 400, 480);
  g_autofree char *path = attendance_path (1);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *filler = g_strnfill (20000, 'x');
  g_autofree char *filler_body = g_strdup_printf ("{\"text\":\"%s\"}", filler);
  g_autoptr(GBytes) chunk = random_bytes (65536, 77);
  g_autoptr(GBytes) name_bytes = random_bytes (16, 78);
  g_autofree char *sha256 = bytes_sha256 (name_bytes);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(PlenumBlobWriter) writer = NULL;
  g_autofree char *integrity = NULL;
  g_autofree char *setting = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) verified = NULL;
  PlenumStore *store;
  PlenumBlobStore *blobs;
  guint committed_ops = 0;
  guint64 written = 0;
  gboolean full = FALSE;

  if (!plenum_test_mount_tmpfs (mnt, 2048))
    return 77;

  /* What is committed before the disk fills. */
  store = child_open_store (data);
  blobs = plenum_store_get_blob_store (store);
  g_assert_true (save_meeting (store, account_a, m1, "\"1\"", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *op = outbox_add (store, account_a, "note", "POST", path, "{\"n\":1}",
                                        &error);
      g_assert_no_error (error);
      committed_ops++;
    }
  g_assert_true (set_setting (store, "before-full", "yes", &error));
  g_assert_no_error (error);

  /* A download fills the disk: FULL, and the partial file is never verified. */
  writer = begin_write (blobs, sha256, PLENUM_BLOB_SIZE_UNKNOWN, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 64 && !full; i++)
    {
      if (plenum_blob_writer_write (writer, g_bytes_get_data (chunk, NULL),
                                    g_bytes_get_size (chunk), &error))
        written += g_bytes_get_size (chunk);
      else
        full = TRUE;
    }
  if (!full)
    {
      /* Every chunk was queued before the writer's thread met the full disk: finishing
       * reports it, and keeps the partial file. */
      g_autofree char *finished = finish_write (writer, &error);

      g_assert_null (finished);
      full = TRUE;
    }
  g_assert_true (full);
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_FULL);
  g_clear_error (&error);
  /* The writer's thread reports the failure at a later write: the offset is then what
   * the partial file really holds, which is at most what was accepted. */
  g_assert_cmpuint (plenum_blob_writer_get_offset (writer), >, 0);
  g_assert_cmpuint (plenum_blob_writer_get_offset (writer), <=, written);
  g_assert_cmpuint (plenum_blob_store_get_partial_size (blobs, sha256), ==,
                    plenum_blob_writer_get_offset (writer));
  written = plenum_blob_writer_get_offset (writer);
  g_assert_null (plenum_blob_store_lookup (blobs, sha256));
  verified = plenum_blob_store_list_stored (blobs, FALSE);
  g_assert_cmpuint (g_strv_length (verified), ==, 0);

  /* Database writes on the full disk: FULL, and nothing half written. */
  g_assert_false (save_meeting (store, account_a, big, "\"big\"", &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_FULL);
  g_clear_error (&error);
  full = FALSE;
  for (guint i = 0; i < 200 && !full; i++)
    {
      g_autofree char *op = outbox_add (store, account_a, "note", "POST", path, filler_body,
                                        &error);
      if (op != NULL)
        committed_ops++;
      else
        full = TRUE;
    }
  g_assert_true (full);
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_FULL);
  g_clear_error (&error);
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_a), ==, committed_ops);

  /* The user makes room (here: the download is given up). */
  plenum_blob_writer_abort (writer, TRUE);
  g_clear_object (&writer);
  close_store (store);

  /* Reopened: the file is sound and everything committed before is there. */
  integrity = raw_query_text (db_path, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  store = child_open_store (data);
  blobs = plenum_store_get_blob_store (store);
  meeting = plenum_store_get_meeting (store, id1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (plenum_meeting_get_agenda (meeting)), ==, 5);
  setting = plenum_store_get_setting (store, "before-full");
  g_assert_cmpstr (setting, ==, "yes");
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_a), ==, committed_ops);
  g_assert_null (plenum_blob_store_lookup (blobs, sha256));
  /* And it works again. */
  g_assert_true (set_setting (store, "after-full", "yes", &error));
  g_assert_no_error (error);
  after = plenum_store_get_setting (store, "after-full");
  g_assert_cmpstr (after, ==, "yes");
  close_store (store);
  g_print ("# tmpfs-full: %" G_GUINT64_FORMAT " blob bytes and %u operations before ENOSPC\n",
           written, committed_ops);
  return 0;
}

static void
kill_at_fsync_cb (const char *what,
                  gpointer    user_data)
{
  if (strcmp (what, "fsync-file") == 0)
    raise (SIGKILL);
}

static int
run_child (const char *mode,
           const char *dir)
{
  g_autoptr(GBytes) bytes = random_bytes (2 * HALF_BLOB_SIZE, BLOB_SEED);
  g_autofree char *sha256 = bytes_sha256 (bytes);
  g_autofree char *m1 = meeting_json (1, "Trước khi chết", "2026-12-01T01:00:00Z", 2, 20);
  g_autofree char *m2 = meeting_json (2, "Đang ghi", "2026-12-02T01:00:00Z", 50, 400);
  g_autoptr(GError) error = NULL;
  PlenumStore *store;
  PlenumBlobStore *blobs;
  PlenumBlobWriter *writer;

  main_thread = g_thread_self ();

  if (strcmp (mode, "kill-mid-write") == 0)
    {
      store = child_open_store (dir);
      blobs = plenum_store_get_blob_store (store);
      g_assert_true (save_meeting (store, account_a, m1, "\"1\"", &error));
      g_assert_no_error (error);
      writer = plenum_blob_store_begin_write (blobs, sha256, 2 * HALF_BLOB_SIZE, &error);
      g_assert_no_error (error);
      write_range (writer, bytes, 0, HALF_BLOB_SIZE, 16384);
      /* The writer's thread appends in the background: die once it has written the half
       * (in the page cache, which a SIGKILL keeps). */
      g_assert_true (plenum_blob_writer_flush (writer, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (plenum_blob_store_get_partial_size (blobs, sha256), ==, HALF_BLOB_SIZE);
      /* A database write in flight as the process dies. */
      plenum_store_save_meeting_async (store, account_a, m2, "\"2\"", NULL, NULL, NULL);
      raise (SIGKILL);
    }
  else if (strcmp (mode, "kill-mid-finish") == 0)
    {
      store = child_open_store (dir);
      blobs = plenum_store_get_blob_store (store);
      writer = plenum_blob_store_begin_write (blobs, sha256, 2 * HALF_BLOB_SIZE, &error);
      g_assert_no_error (error);
      write_range (writer, bytes, 0, 2 * HALF_BLOB_SIZE, 16384);
      /* Dies after the file's fsync, before the rename. */
      plenum_store_set_durability_hook (kill_at_fsync_cb, NULL);
      g_free (finish_write (writer, &error));
    }
  else if (strcmp (mode, "disk-full") == 0)
    {
      struct rlimit limit = { 192 * 1024, 192 * 1024 };
      g_autofree char *big = meeting_json (3, "Quá lớn", "2026-12-03T01:00:00Z", 800, 480);
      const guint8 *data = g_bytes_get_data (bytes, NULL);
      guint64 offset = 0;

      /* Beyond the limit, writes fail with EFBIG instead of killing us. */
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      store = child_open_store (dir);
      blobs = plenum_store_get_blob_store (store);

      /* The database: a meeting too big for the limit is FULL, and nothing is lost. */
      g_assert_false (save_meeting (store, account_a, big, "\"big\"", &error));
      g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_FULL);
      g_clear_error (&error);
      g_assert_true (set_setting (store, "after-full", "yes", &error));
      g_assert_no_error (error);

      /* The blob: chunks of 10000 bytes, so one is cut in the middle by the limit. */
      writer = plenum_blob_store_begin_write (blobs, sha256, 2 * HALF_BLOB_SIZE, &error);
      g_assert_no_error (error);
      while (offset < 2 * HALF_BLOB_SIZE &&
             plenum_blob_writer_write (writer, data + offset, 10000, &error))
        offset += 10000;
      if (error == NULL)
        {
          /* Every chunk was queued before the writer's thread met the limit: finishing
           * reports it, and keeps the partial file. */
          g_autofree char *path = finish_write (writer, &error);

          g_assert_null (path);
        }
      g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_FULL);
      /* Reported at a later write than the one that failed on the writer's thread: the
       * offset is what the file holds, whole chunks only, at most what was accepted. */
      g_assert_cmpuint (plenum_blob_writer_get_offset (writer), <=, offset);
      offset = plenum_blob_writer_get_offset (writer);
      g_assert_cmpuint (offset, >, 0);
      g_assert_cmpuint (offset % 10000, ==, 0);
      /* The partial file is as it was before the failed chunk. */
      g_assert_cmpuint (plenum_blob_store_get_partial_size (blobs, sha256), ==, offset);
      plenum_blob_writer_abort (writer, FALSE);
      g_object_unref (writer);
      close_store (store);
      return 0;
    }
  else if (strcmp (mode, "kill-after-add") == 0)
    {
      g_autofree char *path = attendance_path (7);
      g_autofree char *op = NULL;
      g_autofree char *id9 = uuid_for (9);

      store = child_open_store (dir);
      op = outbox_add (store, account_a, "note", "POST", path, "{\"n\":1}", &error);
      g_assert_no_error (error);
      /* Killed in the callback of the second: it said "saved", so it must be there. */
      plenum_store_check_in_async (store, account_a, id9, NULL, NULL, killed_after_add_cb,
                                   NULL);
      plenum_test_wait_until (NULL, never_cb, NULL, TIMEOUT_MS);
      return 3;
    }
  else if (strcmp (mode, "tmpfs-full") == 0)
    return run_tmpfs_full_child (dir);
  return 2;
}

static void
child_exited_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (source_object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static GSubprocess *
spawn_child (const char *mode,
             const char *dir)
{
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *child;
  gboolean done = FALSE;

  g_assert_nonnull (self_path);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, "--child", mode, dir,
                            NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (child, NULL, child_exited_cb, &done);
  g_assert_true (plenum_test_wait_flag (NULL, &done, TIMEOUT_MS));
  return child;
}

static void
prepare_child_dir (const char *dir)
{
  /* The database exists before the child runs, as on a terminal in use. */
  g_autofree char *m0 = meeting_json (9, "Đã có", "2026-11-01T01:00:00Z", 1, 10);
  g_autoptr(GError) error = NULL;
  PlenumStore *store = open_store_ok (dir);

  g_assert_true (save_meeting (store, account_a, m0, "\"0\"", &error));
  g_assert_no_error (error);
  close_store (store);
}

static void
resume_to_end (PlenumBlobStore *blobs,
               guint64          expected_offset)
{
  g_autoptr(GBytes) bytes = random_bytes (2 * HALF_BLOB_SIZE, BLOB_SEED);
  g_autofree char *sha256 = bytes_sha256 (bytes);
  g_autoptr(PlenumBlobWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *found = NULL;

  g_assert_null (plenum_blob_store_lookup (blobs, sha256));
  g_assert_cmpuint (plenum_blob_store_get_partial_size (blobs, sha256), ==, expected_offset);
  writer = begin_write (blobs, sha256, 2 * HALF_BLOB_SIZE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_blob_writer_get_offset (writer), ==, expected_offset);
  write_range (writer, bytes, expected_offset, 2 * HALF_BLOB_SIZE, 16384);
  path = finish_write (writer, &error);
  g_assert_no_error (error);
  found = plenum_blob_store_lookup (blobs, sha256);
  g_assert_cmpstr (found, ==, path);
}

static void
test_killed_mid_write (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("killed");
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *id2 = uuid_for (2);
  g_autofree char *id9 = uuid_for (9);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(PlenumMeeting) m1 = NULL;
  g_autoptr(PlenumMeeting) m9 = NULL;
  g_autoptr(PlenumMeeting) m2 = NULL;
  g_autoptr(GError) error = NULL;
  PlenumStore *store;

  prepare_child_dir (dir);
  child = spawn_child ("kill-mid-write", dir);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  store = open_store_ok (dir);
  m9 = plenum_store_get_meeting (store, id9, &error);
  g_assert_no_error (error);
  m1 = plenum_store_get_meeting (store, id1, &error);
  g_assert_no_error (error);
  g_assert_true (plenum_meeting_has_agenda (m1));

  /* The write in flight is all there or not there at all. */
  m2 = plenum_store_get_meeting (store, id2, &error);
  if (m2 != NULL)
    g_assert_cmpuint (g_list_model_get_n_items (plenum_meeting_get_agenda (m2)), ==, 50);
  else
    g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* No blob at its final path; the partial one resumes. */
  resume_to_end (plenum_store_get_blob_store (store), HALF_BLOB_SIZE);
  close_store (store);
}

static void
test_killed_mid_finish (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("killed-finish");
  g_autoptr(GSubprocess) child = NULL;
  PlenumStore *store;

  prepare_child_dir (dir);
  child = spawn_child ("kill-mid-finish", dir);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  store = open_store_ok (dir);
  /* Killed between the fsync and the rename: not verified yet, whole partial kept. */
  resume_to_end (plenum_store_get_blob_store (store), 2 * HALF_BLOB_SIZE);
  close_store (store);
}

static void
test_disk_full (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("full");
  g_autoptr(GBytes) bytes = random_bytes (2 * HALF_BLOB_SIZE, BLOB_SEED);
  g_autofree char *sha256 = bytes_sha256 (bytes);
  g_autofree char *id3 = uuid_for (3);
  g_autofree char *id9 = uuid_for (9);
  g_autofree char *after = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(PlenumMeeting) m9 = NULL;
  g_autoptr(PlenumMeeting) m3 = NULL;
  g_autoptr(GError) error = NULL;
  PlenumStore *store;
  guint64 partial;

  prepare_child_dir (dir);
  child = spawn_child ("disk-full", dir);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);

  store = open_store_ok (dir);
  m9 = plenum_store_get_meeting (store, id9, &error);
  g_assert_no_error (error);
  m3 = plenum_store_get_meeting (store, id3, &error);
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
  g_assert_null (m3);
  after = plenum_store_get_setting (store, "after-full");
  g_assert_cmpstr (after, ==, "yes");

  /* The partial download from before the limit resumes to a verified blob. */
  partial = plenum_blob_store_get_partial_size (plenum_store_get_blob_store (store), sha256);
  g_assert_cmpuint (partial, >, 0);
  g_assert_cmpuint (partial % 10000, ==, 0);
  resume_to_end (plenum_store_get_blob_store (store), partial);
  close_store (store);
}

static void
test_outbox_killed_after_saved (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("outbox-killed");
  g_autofree char *db_path = g_build_filename (dir, "plenum.db", NULL);
  g_autofree char *id9 = uuid_for (9);
  g_autofree char *integrity = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(PlenumOutboxOperation) first = NULL;
  g_autoptr(GPtrArray) ops = NULL;
  PlenumOutboxState state;
  PlenumStore *store;

  prepare_child_dir (dir);
  child = spawn_child ("kill-after-add", dir);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  store = open_store_ok (dir);
  /* Both operations the child was told were saved are there, in order. */
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_a), ==, 2);
  ops = plenum_store_outbox_list (store, account_a);
  g_assert_cmpuint (ops->len, ==, 2);
  g_assert_cmpstr (plenum_outbox_operation_get_kind (g_ptr_array_index (ops, 0)), ==, "note");
  g_assert_cmpstr (plenum_outbox_operation_get_kind (g_ptr_array_index (ops, 1)), ==,
                   "attendance");
  first = plenum_store_outbox_next (store, account_a);
  g_assert_cmpstr (plenum_outbox_operation_get_operation_id (first), ==,
                   plenum_outbox_operation_get_operation_id (g_ptr_array_index (ops, 0)));
  /* With the local check-in written in the same transaction. */
  g_assert_true (plenum_store_get_attendance (store, account_a, id9, &state));
  g_assert_cmpint (state, ==, PLENUM_OUTBOX_STATE_QUEUED);
  close_store (store);
  integrity = raw_query_text (db_path, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
}

/* A real full disk: a 2 MiB tmpfs mounted in a private mount namespace (unshare(1) with
 * a user namespace, so root is not needed), by this binary run again as a child. */
static void
test_disk_full_tmpfs (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("tmpfs-full");
  g_autofree char *mnt = g_build_filename (dir, "tmpfs", NULL);
  gboolean in_ci = g_strcmp0 (g_getenv ("CI"), "true") == 0;
  const char *why = NULL;

  g_assert_cmpint (g_mkdir (mnt, 0700), ==, 0);
  plenum_test_run_in_mount_namespace ((const char * const[]) { "--child", "tmpfs-full", dir, NULL },
                                      TIMEOUT_MS, &why);

  if (why != NULL)
    {
      if (in_ci)
        g_test_fail_printf ("The real full-disk test cannot run: %s", why);
      else
        g_test_skip_printf ("The real full-disk test cannot run: %s (it fails when CI=true)",
                            why);
      return;
    }

  /* Nothing leaked out of the namespace onto the real folder. */
  {
    g_autofree char *leaked = g_build_filename (mnt, "data", NULL);

    g_assert_false (file_exists (leaked));
  }
}

/* Issue #6: annotations */

#define DOC_SHA256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static char *
save_annotation (PlenumStore      *store,
                 const char       *account_id,
                 const char       *meeting_id,
                 PlenumAnnotation *annotation,
                 GError          **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_save_annotation_async (store, account_id, meeting_id, annotation, NULL,
                                      async_done_cb, &wait);
  return plenum_store_save_annotation_finish (store, wait_result (&wait), error);
}

static char *
delete_annotation (PlenumStore *store,
                   const char  *account_id,
                   const char  *meeting_id,
                   const char  *annotation_id,
                   GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_delete_annotation_async (store, account_id, meeting_id, annotation_id, NULL,
                                        async_done_cb, &wait);
  return plenum_store_delete_annotation_finish (store, wait_result (&wait), error);
}

static PlenumOutboxOperation *
prepare_operation (PlenumStore *store,
                   const char  *operation_id)
{
  g_auto(AsyncWait) wait = { 0 };
  g_autoptr(GError) error = NULL;
  PlenumOutboxOperation *op;

  plenum_store_prepare_annotation_operation_async (store, operation_id, NULL, async_done_cb,
                                                   &wait);
  op = plenum_store_prepare_annotation_operation_finish (store, wait_result (&wait), &error);
  g_assert_no_error (error);
  g_assert_nonnull (op);
  return op;
}

static gboolean
operation_applied (PlenumStore *store,
                   const char  *operation_id,
                   const char  *result_json,
                   GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_annotation_operation_applied_async (store, operation_id, result_json, NULL,
                                                   async_done_cb, &wait);
  return plenum_store_outbox_mark_finish (store, wait_result (&wait), error);
}

static gboolean
operation_conflict (PlenumStore *store,
                    const char  *operation_id,
                    const char  *server_json,
                    GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_annotation_operation_conflict_async (store, operation_id, server_json, NULL,
                                                    async_done_cb, &wait);
  return plenum_store_outbox_mark_finish (store, wait_result (&wait), error);
}

static gboolean
apply_feed (PlenumStore  *store,
            const char   *account_id,
            const char   *meeting_id,
            const char   *feed_json,
            char       ***document_ids,
            GError      **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_apply_annotation_feed_async (store, account_id, meeting_id, feed_json, NULL,
                                            async_done_cb, &wait);
  return plenum_store_apply_annotation_feed_finish (store, wait_result (&wait), NULL, NULL,
                                                    document_ids, error);
}

/* An annotation of @kind by @author on @document_id, with something of every field the
 * kind allows. */
static PlenumAnnotation *
make_annotation (PlenumAnnotationKind  kind,
                 const char           *document_id,
                 const char           *author,
                 guint                 page)
{
  PlenumAnnotation *annotation = plenum_annotation_new (kind, document_id, DOC_SHA256, author,
                                                        page);
  const PlenumInkPoint stroke[] = {
    { 10.5, 20.25, 0.5 }, { 30, 40, 1 }, { 55.75, 60.5, 0.25 },
  };
  const PlenumAnnotationRect rects[] = { { 72, 100, 300, 12 }, { 72, 114, 180, 12 } };

  switch (kind)
    {
    case PLENUM_ANNOTATION_INK:
      plenum_annotation_add_stroke (annotation, stroke, G_N_ELEMENTS (stroke));
      plenum_annotation_add_stroke (annotation, stroke, 1);
      plenum_annotation_set_color (annotation, 0.8, 0.1, 0.1, 1.0);
      plenum_annotation_set_width (annotation, 2.5);
      break;
    case PLENUM_ANNOTATION_HIGHLIGHT:
      plenum_annotation_set_rects (annotation, rects, G_N_ELEMENTS (rects));
      plenum_annotation_set_anchor (annotation, "ngân sách năm 2027", "Dự toán ", " được");
      plenum_annotation_set_visibility (annotation, PLENUM_ANNOTATION_MEETING);
      break;
    case PLENUM_ANNOTATION_NOTE:
    default:
      plenum_annotation_set_position (annotation, 500, 700);
      plenum_annotation_set_text (annotation, "Hỏi về khoản này\nở phiên chiều");
      plenum_annotation_set_visibility (annotation, PLENUM_ANNOTATION_CHAIR);
      break;
    }
  return annotation;
}

/* The annotation as the server would send it in its feed, with @revision. */
static char *
server_json (PlenumAnnotation *annotation,
             gint64            revision)
{
  g_autoptr(PlenumAnnotation) copy = plenum_annotation_copy (annotation);
  g_autoptr(cJSON) node = NULL;

  plenum_annotation_set_revision (copy, revision);
  node = plenum_annotation_to_json (copy);
  return plenum_json_print (node);
}

static char *
feed_json (gint64      revision,
           const char *first,
           ...)
{
  GString *text = g_string_new ("{\"annotations\":[");
  va_list args;

  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    {
      if (a != first)
        g_string_append_c (text, ',');
      g_string_append (text, a);
    }
  va_end (args);
  g_string_append_printf (text, "],\"revision\":%" G_GINT64_FORMAT ",\"more\":false}", revision);
  return g_string_free (text, FALSE);
}

static void
assert_same_annotation (PlenumAnnotation *a,
                        PlenumAnnotation *b)
{
  g_autoptr(cJSON) na = plenum_annotation_to_json (a);
  g_autoptr(cJSON) nb = plenum_annotation_to_json (b);
  g_autofree char *ta = plenum_json_print (na);
  g_autofree char *tb = plenum_json_print (nb);

  g_assert_cmpstr (ta, ==, tb);
}

/* The annotation in @list with @id, or NULL. */
static PlenumAnnotation *
find_annotation (GPtrArray  *list,
                 const char *id)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (plenum_annotation_get_id (g_ptr_array_index (list, i)), id))
      return g_ptr_array_index (list, i);
  return NULL;
}

static const char *
json_string (const cJSON *object,
             const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsString (item) ? item->valuestring : NULL;
}

/* The body of the operation @operation_id, parsed. */
static cJSON *
operation_body (PlenumStore *store,
                const char  *operation_id)
{
  g_autoptr(PlenumOutboxOperation) op = plenum_store_outbox_get (store, operation_id);
  g_autoptr(GError) error = NULL;
  cJSON *body;

  g_assert_nonnull (op);
  body = plenum_json_parse (plenum_outbox_operation_get_body (op), -1, &error);
  g_assert_no_error (error);
  return body;
}

static gint64
body_base_revision (PlenumStore *store,
                    const char  *operation_id)
{
  g_autoptr(cJSON) body = operation_body (store, operation_id);
  const cJSON *base = cJSON_GetObjectItemCaseSensitive (body, "base_revision");

  g_assert_true (cJSON_IsNumber (base));
  return (gint64) base->valuedouble;
}

static void
test_annotations_round_trip (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("annotations");
  g_autofree char *m1 = meeting_json (1, "Kỳ họp", "2026-12-01T01:00:00Z", 1, 10);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *doc = uuid_for (0x77);
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  HookCount count = { 0 };
  guint annotation_changes = 0;
  PlenumStore *store = open_store_ok (dir);

  g_assert_true (save_meeting (store, account_a, m1, NULL, &error));
  g_assert_no_error (error);
  g_signal_connect (store, "annotations-changed", G_CALLBACK (count_detail_signal_cb),
                    &annotation_changes);

  plenum_store_set_durability_hook (count_durability_cb, &count);
  for (int kind = PLENUM_ANNOTATION_INK; kind <= PLENUM_ANNOTATION_NOTE; kind++)
    {
      PlenumAnnotation *annotation = make_annotation (kind, doc, account_a, (guint) kind);
      char *op = save_annotation (store, account_a, id1, annotation, &error);

      g_assert_no_error (error);
      g_assert_true (plenum_is_uuid (op));
      g_ptr_array_add (saved, annotation);
      g_ptr_array_add (ops, op);
    }
  plenum_store_set_durability_hook (NULL, NULL);
  /* One durable commit each: the annotation and its operation together. */
  g_assert_cmpint (count.commits, ==, 3);
  g_assert_cmpint (count.on_main, ==, 0);
  g_assert_cmpuint (annotation_changes, ==, 3);

  for (guint i = 0; i < saved->len; i++)
    {
      PlenumAnnotation *annotation = g_ptr_array_index (saved, i);
      g_autofree char *path = g_strconcat ("/api/v1/annotations/",
                                           plenum_annotation_get_id (annotation), NULL);
      g_autoptr(PlenumOutboxOperation) op = plenum_store_outbox_get (store,
                                                                     g_ptr_array_index (ops, i));
      g_autoptr(cJSON) body = operation_body (store, g_ptr_array_index (ops, i));
      g_autoptr(PlenumAnnotation) in_body = NULL;

      g_assert_cmpstr (plenum_outbox_operation_get_kind (op), ==, "annotation.put");
      g_assert_cmpstr (plenum_outbox_operation_get_method (op), ==, "PUT");
      g_assert_cmpstr (plenum_outbox_operation_get_path (op), ==, path);
      g_assert_cmpstr (plenum_outbox_operation_get_account_id (op), ==, account_a);
      g_assert_cmpstr (json_string (body, "operation_id"), ==,
                       g_ptr_array_index (ops, i));
      g_assert_cmpint (body_base_revision (store, g_ptr_array_index (ops, i)), ==, 0);
      in_body = plenum_annotation_new_from_json (cJSON_GetObjectItemCaseSensitive (body,
                                                                                   "annotation"),
                                                 "annotation", &error);
      g_assert_no_error (error);
      assert_same_annotation (in_body, annotation);
    }

  /* Round trip through SQLite, kind by kind; then again after a reopen. */
  for (int round = 0; round < 2; round++)
    {
      list = plenum_store_list_annotations (store, account_a, doc, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, ==, 3);
      for (guint i = 0; i < saved->len; i++)
        {
          PlenumAnnotation *annotation = g_ptr_array_index (saved, i);
          PlenumAnnotation *found = find_annotation (list, plenum_annotation_get_id (annotation));
          g_autoptr(PlenumAnnotation) one = NULL;
          g_autofree char *meeting = NULL;
          gboolean dirty = FALSE;
          gint64 revision = -1;

          g_assert_nonnull (found);
          g_assert_cmpint (plenum_annotation_get_kind (found), ==, plenum_annotation_get_kind (annotation));
          assert_same_annotation (found, annotation);
          one = plenum_store_get_annotation (store, account_a,
                                             plenum_annotation_get_id (annotation), &meeting,
                                             &dirty, &revision, &error);
          g_assert_no_error (error);
          assert_same_annotation (one, annotation);
          g_assert_cmpstr (meeting, ==, id1);
          g_assert_true (dirty);
          g_assert_cmpint (revision, ==, 0);
        }
      g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_a), ==, 3);
      g_clear_pointer (&list, g_ptr_array_unref);
      close_store (store);
      store = open_store_ok (dir);
    }

  /* Another member's view has none of them. */
  list = plenum_store_list_annotations (store, account_b, doc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Refused: not the author, an unknown meeting, an id that is no UUID. */
  {
    g_autoptr(PlenumAnnotation) other = make_annotation (PLENUM_ANNOTATION_INK, doc, account_b, 0);
    g_autofree char *id2 = uuid_for (2);
    char *op;

    op = save_annotation (store, account_a, id1, other, &error);
    g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
    g_assert_null (op);
    g_clear_error (&error);
    op = save_annotation (store, account_b, id2, other, &error);
    g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
    g_assert_null (op);
    g_clear_error (&error);
    op = save_annotation (store, account_b, "../x", other, &error);
    g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
    g_assert_null (op);
    g_clear_error (&error);
  }
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, NULL), ==, 3);
  close_store (store);
}

static void
test_annotations_coalesce (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("annotations-coalesce");
  g_autofree char *m1 = meeting_json (1, "Kỳ họp", "2026-12-01T01:00:00Z", 1, 10);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *doc = uuid_for (0x77);
  g_autoptr(PlenumAnnotation) note = make_annotation (PLENUM_ANNOTATION_NOTE, doc, account_a, 0);
  g_autoptr(PlenumOutboxOperation) taken = NULL;
  g_autoptr(PlenumOutboxOperation) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *op1 = NULL, *op2 = NULL, *op3 = NULL, *op4 = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *body_before = NULL;
  gboolean dirty;
  gint64 revision;
  PlenumStore *store = open_store_ok (dir);

  g_assert_true (save_meeting (store, account_a, m1, NULL, &error));
  g_assert_no_error (error);

  op1 = save_annotation (store, account_a, id1, note, &error);
  g_assert_no_error (error);
  plenum_annotation_set_text (note, "Sửa lần hai");
  op2 = save_annotation (store, account_a, id1, note, &error);
  g_assert_no_error (error);

  /* The waiting operation was replaced: one operation, a new id, the new text. */
  g_assert_cmpstr (op1, !=, op2);
  g_assert_null (plenum_store_outbox_get (store, op1));
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_a), ==, 1);
  {
    g_autoptr(cJSON) body = operation_body (store, op2);
    const cJSON *inner = cJSON_GetObjectItemCaseSensitive (body, "annotation");

    g_assert_cmpstr (json_string (inner, "text"), ==, "Sửa lần hai");
    g_assert_cmpstr (json_string (body, "operation_id"), ==, op2);
  }

  /* Taken by the sync engine: out of reach of the next edit, and its body is final. */
  taken = prepare_operation (store, op2);
  g_assert_cmpstr (plenum_outbox_operation_get_operation_id (taken), ==, op2);
  body_before = g_strdup (plenum_outbox_operation_get_body (taken));
  plenum_annotation_set_text (note, "Sửa lần ba");
  op3 = save_annotation (store, account_a, id1, note, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (op3, !=, op2);
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_a), ==, 2);
  again = prepare_operation (store, op2);
  g_assert_cmpstr (plenum_outbox_operation_get_body (again), ==, body_before);

  /* The server applies the second edit as revision 7: the third still waits, so the
   * annotation stays dirty; the third then goes on revision 7, not on 0. */
  {
    g_autoptr(PlenumAnnotation) applied = plenum_annotation_copy (note);

    plenum_annotation_set_text (applied, "Sửa lần hai");
    answer = server_json (applied, 7);
  }
  g_assert_true (operation_applied (store, op2, answer, &error));
  g_assert_no_error (error);
  {
    g_autoptr(PlenumOutboxOperation) sent = plenum_store_outbox_get (store, op2);
    g_autoptr(PlenumAnnotation) local = plenum_store_get_annotation (store, account_a,
                                                                     plenum_annotation_get_id (note),
                                                                     NULL, &dirty, &revision,
                                                                     &error);

    g_assert_cmpint (plenum_outbox_operation_get_state (sent), ==, PLENUM_OUTBOX_STATE_SENT);
    g_assert_no_error (error);
    g_assert_true (dirty);
    g_assert_cmpint (revision, ==, 7);
    g_assert_cmpstr (plenum_annotation_get_text (local), ==, "Sửa lần ba");
  }
  g_assert_cmpint (body_base_revision (store, op3), ==, 0);
  g_clear_pointer (&again, plenum_outbox_operation_unref);
  again = prepare_operation (store, op3);
  g_assert_cmpint (body_base_revision (store, op3), ==, 7);

  /* Persisted: a reopened store has the rewritten body. */
  close_store (store);
  store = open_store_ok (dir);
  g_assert_cmpint (body_base_revision (store, op3), ==, 7);

  {
    g_autoptr(PlenumAnnotation) applied = plenum_annotation_copy (note);

    g_free (answer);
    answer = server_json (applied, 9);
  }
  g_assert_true (operation_applied (store, op3, answer, &error));
  g_assert_no_error (error);
  {
    g_autoptr(PlenumAnnotation) local = plenum_store_get_annotation (store, account_a,
                                                                     plenum_annotation_get_id (note),
                                                                     NULL, &dirty, &revision,
                                                                     &error);

    g_assert_no_error (error);
    g_assert_false (dirty);
    g_assert_cmpint (revision, ==, 9);
    g_assert_cmpint (plenum_annotation_get_revision (local), ==, 9);
  }
  /* Settling twice is refused. */
  g_assert_false (operation_applied (store, op3, answer, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* The next edit goes on revision 9 from the start. */
  plenum_annotation_set_text (note, "Sửa lần bốn");
  op4 = save_annotation (store, account_a, id1, note, &error);
  g_assert_no_error (error);
  g_assert_cmpint (body_base_revision (store, op4), ==, 9);
  close_store (store);
}

static void
test_annotations_delete (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("annotations-delete");
  g_autofree char *m1 = meeting_json (1, "Kỳ họp", "2026-12-01T01:00:00Z", 1, 10);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *doc = uuid_for (0x77);
  g_autoptr(PlenumAnnotation) never_sent = make_annotation (PLENUM_ANNOTATION_INK, doc,
                                                            account_a, 0);
  g_autoptr(PlenumAnnotation) stored = make_annotation (PLENUM_ANNOTATION_HIGHLIGHT, doc,
                                                        account_a, 1);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *op = NULL, *deleted = NULL, *answer = NULL, *missing = NULL;
  gboolean dirty;
  gint64 revision;
  PlenumStore *store = open_store_ok (dir);

  g_assert_true (save_meeting (store, account_a, m1, NULL, &error));
  g_assert_no_error (error);

  /* Never sent: its PUT is withdrawn and nothing goes to the server. */
  op = save_annotation (store, account_a, id1, never_sent, &error);
  g_assert_no_error (error);
  deleted = delete_annotation (store, account_a, id1, plenum_annotation_get_id (never_sent),
                               &error);
  g_assert_no_error (error);
  g_assert_null (deleted);
  g_assert_null (plenum_store_outbox_get (store, op));
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, NULL), ==, 0);
  g_clear_pointer (&op, g_free);

  /* Stored on the server (revision 4): a DELETE on revision 4. */
  op = save_annotation (store, account_a, id1, stored, &error);
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  plenum_outbox_operation_unref (prepare_operation (store, op));
  answer = server_json (stored, 4);
  g_assert_true (operation_applied (store, op, answer, &error));
  g_assert_no_error (error);

  deleted = delete_annotation (store, account_a, id1, plenum_annotation_get_id (stored), &error);
  g_assert_no_error (error);
  g_assert_nonnull (deleted);
  {
    g_autoptr(PlenumOutboxOperation) del = plenum_store_outbox_get (store, deleted);
    g_autoptr(cJSON) body = operation_body (store, deleted);

    g_assert_cmpstr (plenum_outbox_operation_get_method (del), ==, "DELETE");
    g_assert_cmpstr (plenum_outbox_operation_get_kind (del), ==, "annotation.delete");
    g_assert_cmpint (body_base_revision (store, deleted), ==, 4);
    g_assert_null (cJSON_GetObjectItemCaseSensitive (body, "annotation"));
  }
  list = plenum_store_list_annotations (store, account_a, doc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Deleting again changes nothing; an unknown one is NOT_FOUND. */
  g_assert_null (delete_annotation (store, account_a, id1, plenum_annotation_get_id (stored),
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, NULL), ==, 1);
  missing = uuid_for (0x999);
  g_assert_null (delete_annotation (store, account_a, id1, missing, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A deleted annotation cannot be saved again. */
  g_assert_null (save_annotation (store, account_a, id1, stored, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* The server's tombstone settles it. */
  {
    g_autoptr(PlenumAnnotation) tomb = plenum_annotation_copy (stored);

    plenum_annotation_set_deleted (tomb, TRUE);
    g_free (answer);
    answer = server_json (tomb, 5);
  }
  plenum_outbox_operation_unref (prepare_operation (store, deleted));
  g_assert_true (operation_applied (store, deleted, answer, &error));
  g_assert_no_error (error);
  {
    g_autoptr(PlenumAnnotation) local = plenum_store_get_annotation (store, account_a,
                                                                     plenum_annotation_get_id (stored),
                                                                     NULL, &dirty, &revision,
                                                                     &error);

    g_assert_no_error (error);
    g_assert_true (plenum_annotation_get_deleted (local));
    g_assert_false (dirty);
    g_assert_cmpint (revision, ==, 5);
  }
  close_store (store);
}

static void
test_annotations_feed (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("annotations-feed");
  g_autofree char *m1 = meeting_json (1, "Kỳ họp", "2026-12-01T01:00:00Z", 1, 10);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *id2 = uuid_for (2);
  g_autofree char *doc = uuid_for (0x77);
  g_autofree char *doc2 = uuid_for (0x78);
  g_autoptr(PlenumAnnotation) shared = make_annotation (PLENUM_ANNOTATION_HIGHLIGHT, doc,
                                                        account_b, 0);
  g_autoptr(PlenumAnnotation) elsewhere = make_annotation (PLENUM_ANNOTATION_NOTE, doc2,
                                                           account_b, 0);
  g_autoptr(PlenumAnnotation) mine = make_annotation (PLENUM_ANNOTATION_INK, doc, account_a, 0);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) documents = NULL;
  g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL, *feed = NULL, *op = NULL;
  PlenumStore *store = open_store_ok (dir);

  g_assert_true (save_meeting (store, account_a, m1, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (plenum_store_get_annotation_feed_revision (store, account_a, id1), ==, 0);

  s1 = server_json (shared, 3);
  s2 = server_json (elsewhere, 4);
  feed = feed_json (4, s1, s2, NULL);
  g_assert_true (apply_feed (store, account_a, id1, feed, &documents, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (documents), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) documents, doc));
  g_assert_true (g_strv_contains ((const char * const *) documents, doc2));
  g_assert_cmpint (plenum_store_get_annotation_feed_revision (store, account_a, id1), ==, 4);
  g_assert_cmpint (plenum_store_get_annotation_feed_revision (store, account_b, id1), ==, 0);

  /* Listed by document, for the account whose feed it was. */
  op = save_annotation (store, account_a, id1, mine, &error);
  g_assert_no_error (error);
  list = plenum_store_list_annotations (store, account_a, doc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_nonnull (find_annotation (list, plenum_annotation_get_id (shared)));
  g_assert_nonnull (find_annotation (list, plenum_annotation_get_id (mine)));
  g_assert_true (plenum_annotation_same_content (find_annotation (list, plenum_annotation_get_id (shared)),
                                                 shared));
  g_assert_cmpint (plenum_annotation_get_revision (find_annotation (list, plenum_annotation_get_id (shared))),
                   ==, 3);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = plenum_store_list_annotations (store, account_b, doc, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Nothing new (the same revision again): nothing changes. */
  g_clear_pointer (&documents, g_strfreev);
  g_assert_true (apply_feed (store, account_a, id1, feed, &documents, &error));
  g_assert_no_error (error);
  g_assert_null (documents);

  /* A dirty annotation is left alone by the feed (its operation meets the conflict);
   * a tombstone deletes; an older revision position never goes back. */
  {
    g_autoptr(PlenumAnnotation) remote = plenum_annotation_copy (mine);
    g_autoptr(PlenumAnnotation) tomb = plenum_annotation_copy (shared);
    g_autofree char *r = NULL, *t = NULL, *f = NULL;
    g_autoptr(PlenumAnnotation) local = NULL;

    plenum_annotation_set_width (remote, 9);
    plenum_annotation_set_deleted (tomb, TRUE);
    r = server_json (remote, 6);
    t = server_json (tomb, 5);
    f = feed_json (6, t, r, NULL);
    g_assert_true (apply_feed (store, account_a, id1, f, &documents, &error));
    g_assert_no_error (error);
    local = plenum_store_get_annotation (store, account_a, plenum_annotation_get_id (mine),
                                         NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    assert_same_annotation (local, mine);
    list = plenum_store_list_annotations (store, account_a, doc, &error);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_nonnull (find_annotation (list, plenum_annotation_get_id (mine)));
    g_clear_pointer (&list, g_ptr_array_unref);
    g_assert_cmpint (plenum_store_get_annotation_feed_revision (store, account_a, id1), ==, 6);

    g_clear_pointer (&f, g_free);
    f = feed_json (2, NULL);
    g_assert_true (apply_feed (store, account_a, id1, f, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (plenum_store_get_annotation_feed_revision (store, account_a, id1), ==, 6);
  }

  /* Bad answers change nothing: an unknown key, an annotation the model refuses. */
  {
    const char *bad[] = {
      "{\"annotations\":[],\"revision\":9,\"more\":false,\"extra\":1}",
      "{\"annotations\":[{\"id\":\"x\"}],\"revision\":9,\"more\":false}",
      "{\"annotations\":[],\"revision\":-1,\"more\":false}",
      "[]",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_assert_false (apply_feed (store, account_a, id1, bad[i], NULL, &error));
        g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
        g_clear_error (&error);
      }
    g_assert_cmpint (plenum_store_get_annotation_feed_revision (store, account_a, id1), ==, 6);
  }

  /* A meeting no longer stored takes nothing. */
  s3 = server_json (shared, 10);
  g_free (feed);
  feed = feed_json (10, s3, NULL);
  g_assert_true (apply_feed (store, account_a, id2, feed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (plenum_store_get_annotation_feed_revision (store, account_a, id2), ==, 0);
  close_store (store);
}

static void
test_annotations_conflict (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("annotations-conflict");
  g_autofree char *m1 = meeting_json (1, "Kỳ họp", "2026-12-01T01:00:00Z", 1, 10);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *doc = uuid_for (0x77);
  g_autoptr(PlenumAnnotation) note = make_annotation (PLENUM_ANNOTATION_NOTE, doc, account_a, 2);
  g_autoptr(PlenumAnnotation) theirs = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *op1 = NULL, *op2 = NULL, *op3 = NULL, *answer = NULL, *server = NULL;
  const char *id = plenum_annotation_get_id (note);
  PlenumStore *store = open_store_ok (dir);

  g_assert_true (save_meeting (store, account_a, m1, NULL, &error));
  g_assert_no_error (error);

  op1 = save_annotation (store, account_a, id1, note, &error);
  g_assert_no_error (error);
  plenum_outbox_operation_unref (prepare_operation (store, op1));
  answer = server_json (note, 3);
  g_assert_true (operation_applied (store, op1, answer, &error));
  g_assert_no_error (error);

  /* Edited here on revision 3 (twice: the second edit waits behind the first) while
   * another terminal made revision 4 of it. */
  plenum_annotation_set_text (note, "Bản của máy này");
  op2 = save_annotation (store, account_a, id1, note, &error);
  g_assert_no_error (error);
  plenum_outbox_operation_unref (prepare_operation (store, op2));
  plenum_annotation_set_text (note, "Bản của máy này, sửa thêm");
  op3 = save_annotation (store, account_a, id1, note, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_a), ==, 2);

  theirs = plenum_annotation_copy (note);
  plenum_annotation_set_text (theirs, "Bản của máy kia");
  server = server_json (theirs, 4);
  g_assert_true (operation_conflict (store, op2, server, &error));
  g_assert_no_error (error);

  /* Both kept, the conflict's operation settled (not refused), one PUT of the copy. */
  for (int round = 0; round < 2; round++)
    {
      g_autoptr(PlenumOutboxOperation) settled = plenum_store_outbox_get (store, op2);
      g_autoptr(PlenumOutboxOperation) next = plenum_store_outbox_next (store, account_a);
      g_autoptr(PlenumAnnotation) original = NULL;
      PlenumAnnotation *copy = NULL;
      gboolean dirty;
      gint64 revision;

      g_assert_cmpint (plenum_outbox_operation_get_state (settled), ==, PLENUM_OUTBOX_STATE_SENT);
      g_assert_null (plenum_store_outbox_get (store, op3));
      g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_a), ==, 1);

      list = plenum_store_list_annotations (store, account_a, doc, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, ==, 2);
      for (guint i = 0; i < list->len; i++)
        if (!g_str_equal (plenum_annotation_get_id (g_ptr_array_index (list, i)), id))
          copy = g_ptr_array_index (list, i);
      g_assert_nonnull (copy);
      g_assert_cmpstr (plenum_annotation_get_conflict_of (copy), ==, id);
      g_assert_cmpstr (plenum_annotation_get_text (copy), ==, "Bản của máy này, sửa thêm");
      g_assert_cmpint (plenum_annotation_get_revision (copy), ==, 0);
      g_assert_cmpint (plenum_annotation_get_page (copy), ==, 2);

      original = plenum_store_get_annotation (store, account_a, id, NULL, &dirty, &revision,
                                              &error);
      g_assert_no_error (error);
      g_assert_cmpstr (plenum_annotation_get_text (original), ==, "Bản của máy kia");
      g_assert_false (dirty);
      g_assert_cmpint (revision, ==, 4);

      {
        g_autofree char *path = g_strconcat ("/api/v1/annotations/",
                                             plenum_annotation_get_id (copy), NULL);
        g_autoptr(cJSON) body = operation_body (store,
                                                plenum_outbox_operation_get_operation_id (next));

        g_assert_cmpstr (plenum_outbox_operation_get_path (next), ==, path);
        g_assert_cmpint (body_base_revision (store,
                                             plenum_outbox_operation_get_operation_id (next)),
                         ==, 0);
      }
      g_clear_pointer (&list, g_ptr_array_unref);
      close_store (store);
      store = open_store_ok (dir);
    }

  /* A server version of another annotation is not this conflict's. */
  {
    g_autoptr(PlenumOutboxOperation) next = plenum_store_outbox_next (store, account_a);
    g_autoptr(PlenumAnnotation) other = make_annotation (PLENUM_ANNOTATION_INK, doc, account_a, 0);
    g_autofree char *other_json = server_json (other, 2);

    g_assert_false (operation_conflict (store, plenum_outbox_operation_get_operation_id (next),
                                        other_json, &error));
    g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_a), ==, 1);
  }
  close_store (store);
}

static void
test_annotations_pruned_with_meeting (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("annotations-prune");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) old = g_date_time_add_days (now, -40);
  g_autofree char *old_text = plenum_time_format (old);
  g_autofree char *m1 = meeting_json (1, "Cũ", old_text, 1, 10);
  g_autofree char *m2 = meeting_json (2, "Sắp tới", "2099-12-01T01:00:00Z", 1, 10);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *id2 = uuid_for (2);
  g_autofree char *doc1 = uuid_for (0x77);
  g_autofree char *doc2 = uuid_for (0x78);
  g_autofree char *db_path = g_build_filename (dir, "plenum.db", NULL);
  g_autoptr(PlenumAnnotation) a1 = make_annotation (PLENUM_ANNOTATION_INK, doc1, account_a, 0);
  g_autoptr(PlenumAnnotation) a2 = make_annotation (PLENUM_ANNOTATION_INK, doc2, account_a, 0);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *op1 = NULL, *op2 = NULL, *count = NULL, *feed = NULL;
  guint removed = 0;
  PlenumStore *store = open_store_ok (dir);

  g_assert_true (save_meeting (store, account_a, m1, NULL, &error));
  g_assert_true (save_meeting (store, account_a, m2, NULL, &error));
  g_assert_no_error (error);
  op1 = save_annotation (store, account_a, id1, a1, &error);
  op2 = save_annotation (store, account_a, id2, a2, &error);
  g_assert_no_error (error);
  feed = feed_json (3, NULL);
  g_assert_true (apply_feed (store, account_a, id1, feed, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (prune (store, now, PLENUM_STORE_DEFAULT_RETENTION, &removed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 1);
  list = plenum_store_list_annotations (store, account_a, doc1, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = plenum_store_list_annotations (store, account_a, doc2, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_cmpint (plenum_store_get_annotation_feed_revision (store, account_a, id1), ==, 0);
  close_store (store);

  count = raw_query_text (db_path, "SELECT count(*) FROM annotations");
  g_assert_cmpstr (count, ==, "1");
  g_free (count);
  count = raw_query_text (db_path, "SELECT count(*) FROM annotation_feeds");
  g_assert_cmpstr (count, ==, "0");
}

/* An earlier version of a revised document stays while the member's marks are on it
 * (they wait to be carried over, or for review), and goes once none is. */
static void
test_annotations_keep_old_version (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("annotations-old-version");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) upcoming = g_date_time_add_days (now, 3);
  g_autoptr(GBytes) v1 = random_bytes (1500, 21);
  g_autoptr(GBytes) v2 = random_bytes (1600, 22);
  g_autofree char *sha_v1 = NULL, *sha_v2 = NULL, *json = NULL, *op = NULL, *found = NULL;
  g_autofree char *meeting_id = uuid_for (5);
  g_autofree char *doc_id = uuid_for (5 * 1000 + 0 + 0x10000);
  g_autoptr(PlenumAnnotation) mark = NULL;
  g_autoptr(GError) error = NULL;
  guint meetings_removed = 99, blobs_removed = 99;
  PlenumStore *store = open_store_ok (dir);
  PlenumBlobStore *blobs = plenum_store_get_blob_store (store);

  sha_v1 = put_blob (blobs, v1);
  sha_v2 = put_blob (blobs, v2);
  {
    const char *hashes[] = { sha_v2, NULL };
    const gint64 sizes[] = { 1600 };

    /* The meeting now names version 2 only. */
    json = meeting_with_docs (5, upcoming, hashes, sizes);
  }
  g_assert_true (save_meeting (store, account_a, json, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (set_blob_state (store, sha_v1, 1500, PLENUM_BLOB_STATE_VERIFIED, 1500, &error));
  g_assert_true (set_blob_state (store, sha_v2, 1600, PLENUM_BLOB_STATE_VERIFIED, 1600, &error));
  g_assert_no_error (error);

  /* A mark made on version 1. */
  mark = plenum_annotation_new (PLENUM_ANNOTATION_INK, doc_id, sha_v1, account_a, 0);
  {
    const PlenumInkPoint stroke[] = { { 10, 10, 1 }, { 20, 20, 1 } };

    plenum_annotation_add_stroke (mark, stroke, G_N_ELEMENTS (stroke));
  }
  op = save_annotation (store, account_a, meeting_id, mark, &error);
  g_assert_no_error (error);

  g_assert_true (prune (store, now, PLENUM_STORE_DEFAULT_RETENTION, &meetings_removed,
                        &blobs_removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (meetings_removed, ==, 0);
  g_assert_cmpuint (blobs_removed, ==, 0);
  found = plenum_blob_store_lookup (blobs, sha_v1);
  g_assert_nonnull (found);
  g_clear_pointer (&found, g_free);

  /* Carried to version 2 (the same id, on the new hash): version 1 may go. */
  {
    g_autoptr(PlenumAnnotation) carried = plenum_annotation_copy_moved (mark, sha_v2, 0, 0, 5);
    g_autofree char *op2 = save_annotation (store, account_a, meeting_id, carried, &error);

    g_assert_no_error (error);
  }
  g_assert_true (prune (store, now, PLENUM_STORE_DEFAULT_RETENTION, &meetings_removed,
                        &blobs_removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (blobs_removed, ==, 1);
  g_assert_null (plenum_blob_store_lookup (blobs, sha_v1));
  found = plenum_blob_store_lookup (blobs, sha_v2);
  g_assert_nonnull (found);
  close_store (store);
}

/* Revisions, the wipe and the lease (issue #8) */

/* @json (a meeting of meeting_with_docs()) with the document of agenda item @item given
 * @versions as its "superseded" (NULL-terminated hashes, each of @size bytes). */
static char *
with_superseded (const char         *json,
                 guint               item,
                 const char * const *versions,
                 gint64              size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = plenum_json_parse (json, -1, &error);
  cJSON *document;
  cJSON *array;

  g_assert_no_error (error);
  document = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (
               cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (root, "agenda"), (int) item),
               "documents"), 0);
  g_assert_nonnull (document);
  array = cJSON_AddArrayToObject (document, "superseded");
  for (guint i = 0; versions[i] != NULL; i++)
    {
      cJSON *version = cJSON_CreateObject ();

      cJSON_AddStringToObject (version, "sha256", versions[i]);
      cJSON_AddNumberToObject (version, "size", (double) size);
      cJSON_AddNumberToObject (version, "pages", 1);
      cJSON_AddStringToObject (version, "superseded_at", "2026-11-27T18:00:00Z");
      cJSON_AddItemToArray (array, version);
    }
  return plenum_json_print (root);
}

static gboolean
save_revision_changes (PlenumStore    *store,
                       const char     *old_sha256,
                       const char     *new_sha256,
                       const gboolean *changed,
                       guint           n_pages,
                       GError        **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_save_revision_changes_async (store, old_sha256, new_sha256, changed, n_pages,
                                            NULL, async_done_cb, &wait);
  return plenum_store_save_revision_changes_finish (store, wait_result (&wait), error);
}

/* A superseded version stays while its document lists it; a retired one goes, and so
 * does a retracted document's file even with a member's mark on it (the mark stays).
 * The page comparison of a pair is kept until either version goes. */
static void
test_revisions_pruned (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("revisions");
  g_autofree char *db_path = g_build_filename (dir, "plenum.db", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) upcoming = g_date_time_add_days (now, 3);
  g_autoptr(GBytes) v1 = random_bytes (1500, 31);
  g_autoptr(GBytes) v2 = random_bytes (1500, 32);
  g_autoptr(GBytes) other = random_bytes (1500, 33);
  g_autofree char *sha_v1 = NULL, *sha_v2 = NULL, *sha_other = NULL;
  g_autofree char *revised = NULL, *later = NULL, *op = NULL, *count = NULL;
  g_autofree char *meeting_id = uuid_for (6);
  g_autofree char *other_doc = uuid_for (6 * 1000 + 1 + 0x10000);
  g_autofree gboolean *changed = NULL;
  g_autoptr(PlenumAnnotation) mark = NULL;
  g_autoptr(GError) error = NULL;
  const gboolean pages[] = { FALSE, TRUE, TRUE };
  guint meetings_removed = 99, blobs_removed = 99, n_pages = 0, n_changed = 0;
  PlenumStore *store = open_store_ok (dir);
  PlenumBlobStore *blobs = plenum_store_get_blob_store (store);
  char *found;

  sha_v1 = put_blob (blobs, v1);
  sha_v2 = put_blob (blobs, v2);
  sha_other = put_blob (blobs, other);
  {
    const char *hashes[] = { sha_v2, sha_other, NULL };
    const char *versions[] = { sha_v1, NULL };
    const gint64 sizes[] = { 1500, 1500 };
    g_autofree char *json = meeting_with_docs (6, upcoming, hashes, sizes);

    revised = with_superseded (json, 0, versions, 1500);
  }
  {
    const char *hashes[] = { sha_v2, NULL };
    const char *versions[] = { NULL };
    const gint64 sizes[] = { 1500 };
    g_autofree char *json = meeting_with_docs (6, upcoming, hashes, sizes);

    /* Retired (an empty list) and the second document retracted. */
    later = with_superseded (json, 0, versions, 1500);
  }
  g_assert_true (save_meeting (store, account_a, revised, NULL, &error));
  g_assert_no_error (error);

  /* Which pages changed: kept by hash pair; not for a version against itself. */
  g_assert_false (plenum_store_get_revision_changes (store, sha_v1, sha_v2, NULL, NULL, NULL));
  g_assert_true (save_revision_changes (store, sha_v1, sha_v2, pages, G_N_ELEMENTS (pages),
                                        &error));
  g_assert_no_error (error);
  g_assert_true (plenum_store_get_revision_changes (store, sha_v1, sha_v2, &changed, &n_pages,
                                                    &n_changed));
  g_assert_cmpuint (n_pages, ==, 3);
  g_assert_cmpuint (n_changed, ==, 2);
  g_assert_false (changed[0]);
  g_assert_true (changed[1]);
  g_assert_true (changed[2]);
  g_assert_false (plenum_store_get_revision_changes (store, sha_v2, sha_v1, NULL, NULL, NULL));
  g_assert_false (save_revision_changes (store, sha_v1, sha_v1, pages, 1, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A mark on the document about to be retracted. */
  mark = plenum_annotation_new (PLENUM_ANNOTATION_INK, other_doc, sha_other, account_a, 0);
  {
    const PlenumInkPoint stroke[] = { { 10, 10, 1 }, { 20, 20, 1 } };

    plenum_annotation_add_stroke (mark, stroke, G_N_ELEMENTS (stroke));
  }
  op = save_annotation (store, account_a, meeting_id, mark, &error);
  g_assert_no_error (error);

  /* Listed as superseded: kept. */
  g_assert_true (prune (store, now, PLENUM_STORE_DEFAULT_RETENTION, &meetings_removed,
                        &blobs_removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (blobs_removed, ==, 0);
  found = plenum_blob_store_lookup (blobs, sha_v1);
  g_assert_nonnull (found);
  g_free (found);

  /* Retired and retracted: both files go, the mark stays in the database. */
  g_assert_true (save_meeting (store, account_a, later, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (prune (store, now, PLENUM_STORE_DEFAULT_RETENTION, &meetings_removed,
                        &blobs_removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (meetings_removed, ==, 0);
  g_assert_cmpuint (blobs_removed, ==, 2);
  g_assert_null (plenum_blob_store_lookup (blobs, sha_v1));
  g_assert_null (plenum_blob_store_lookup (blobs, sha_other));
  found = plenum_blob_store_lookup (blobs, sha_v2);
  g_assert_nonnull (found);
  g_free (found);
  g_assert_false (plenum_store_get_revision_changes (store, sha_v1, sha_v2, NULL, NULL, NULL));
  close_store (store);

  count = raw_query_text (db_path, "SELECT count(*) FROM annotations WHERE deleted = 0");
  g_assert_cmpstr (count, ==, "1");
}

static gboolean
wipe (PlenumStore *store,
      guint       *blobs_left,
      GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_wipe_async (store, NULL, async_done_cb, &wait);
  return plenum_store_wipe_finish (store, wait_result (&wait), blobs_left, error);
}

static gboolean
end_wipe (PlenumStore *store,
          GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_end_wipe_async (store, NULL, async_done_cb, &wait);
  return plenum_store_end_wipe_finish (store, wait_result (&wait), error);
}

/* The wipe erases everything a member or a packet left (files too), keeps the
 * credential and the pending mark across a "crash" (a reopen), and its end forgets
 * both. */
static void
test_wipe (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("wipe");
  g_autofree char *db_path = g_build_filename (dir, "plenum.db", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) upcoming = g_date_time_add_days (now, 3);
  g_autoptr(GDateTime) expires = g_date_time_add_days (now, 1);
  g_autoptr(GBytes) whole = random_bytes (1500, 41);
  g_autoptr(GBytes) partial = random_bytes (3000, 42);
  g_autofree char *sha_whole = NULL, *sha_partial = NULL, *json = NULL, *op = NULL;
  g_autofree char *terminal_id = NULL, *url = NULL, *credential = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) meetings = NULL;
  const char *secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  guint blobs_left = 99;
  PlenumStore *store = open_store_ok (dir);
  PlenumBlobStore *blobs = plenum_store_get_blob_store (store);

  terminal_id = g_strdup (plenum_store_get_terminal_id (store));
  sha_whole = put_blob (blobs, whole);
  {
    g_autofree char *sha = bytes_sha256 (partial);
    g_autoptr(PlenumBlobWriter) writer = begin_write (blobs, sha, 3000, &error);

    g_assert_no_error (error);
    write_range (writer, partial, 0, 1000, 500);
    g_assert_true (plenum_blob_writer_flush (writer, &error));
    g_assert_no_error (error);
    sha_partial = g_steal_pointer (&sha);
  }
  {
    const char *hashes[] = { sha_whole, NULL };
    const gint64 sizes[] = { 1500 };

    json = meeting_with_docs (7, upcoming, hashes, sizes);
  }
  g_assert_true (save_meeting (store, account_a, json, NULL, &error));
  g_assert_true (set_blob_state (store, sha_whole, 1500, PLENUM_BLOB_STATE_VERIFIED, 1500, &error));
  g_assert_true (remember_account (store, "nguyen.van.an", an_json, "123456", "tok-secret",
                                   expires, &error));
  op = outbox_add (store, account_a, "attendance", "POST", "/api/v1/meetings/x/attendance",
                   "{}", &error);
  g_assert_true (set_credential (store, secret, "Ghế 1", "Phòng 1", &error));
  g_assert_true (set_setting (store, PLENUM_STORE_SETTING_SERVER_URL, "http://127.0.0.1:1",
                              &error));
  g_assert_no_error (error);
  {
    g_auto(AsyncWait) wait = { 0 };

    plenum_store_set_last_contact_async (store, now, NULL, async_done_cb, &wait);
    g_assert_true (plenum_store_set_setting_finish (store, wait_result (&wait), &error));
    g_assert_no_error (error);
  }
  g_assert_false (plenum_store_get_wipe_pending (store));

  g_assert_true (wipe (store, &blobs_left, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (blobs_left, ==, 0);

  meetings = plenum_store_list_meetings (store, account_a);
  g_assert_cmpuint (g_list_model_get_n_items (meetings), ==, 0);
  {
    g_autofree char *meeting_id = uuid_for (7);

    g_assert_null (plenum_store_get_meeting (store, meeting_id, NULL));
  }
  for (int p = 0; p <= 1; p++)
    {
      g_auto(GStrv) stored = plenum_blob_store_list_stored (blobs, p);

      g_assert_cmpuint (g_strv_length (stored), ==, 0);
    }
  g_assert_false (plenum_store_get_blob_state (store, sha_whole, NULL, NULL, NULL));
  g_assert_false (plenum_store_has_account (store, "nguyen.van.an"));
  g_assert_null (plenum_store_get_token (store, "nguyen.van.an", NULL));
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_a), ==, 0);
  g_assert_null (plenum_store_get_last_contact (store));
  g_assert_true (plenum_store_get_wipe_pending (store));
  credential = plenum_store_get_terminal_credential (store, NULL, NULL);
  g_assert_cmpstr (credential, ==, secret);
  url = plenum_store_get_setting (store, PLENUM_STORE_SETTING_SERVER_URL);
  g_assert_cmpstr (url, ==, "http://127.0.0.1:1");
  g_clear_pointer (&credential, g_free);
  close_store (store);

  /* Nothing of it left in the database file, nor in its log. */
  {
    g_autofree char *wal_path = g_build_filename (dir, "plenum.db-wal", NULL);

    g_assert_false (file_contains (db_path, "tok-secret"));
    g_assert_false (file_contains (db_path, "Nguyễn Văn An"));
    if (file_exists (wal_path))
      g_assert_false (file_contains (wal_path, "tok-secret"));
  }

  /* A crash before the confirmation: still pending at the next start. */
  store = open_store_ok (dir);
  g_assert_cmpstr (plenum_store_get_terminal_id (store), ==, terminal_id);
  g_assert_true (plenum_store_get_wipe_pending (store));
  g_assert_true (wipe (store, &blobs_left, &error));
  g_assert_no_error (error);
  g_assert_true (end_wipe (store, &error));
  g_assert_no_error (error);
  g_assert_false (plenum_store_get_wipe_pending (store));
  credential = plenum_store_get_terminal_credential (store, NULL, NULL);
  g_assert_null (credential);
  g_assert_cmpstr (plenum_store_get_terminal_id (store), ==, terminal_id);
  close_store (store);
}

/* The last contact is kept as a time; a value that cannot be read counts as long ago. */
static void
test_last_contact (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("last-contact");
  g_autoptr(GDateTime) at = g_date_time_new_utc (2026, 11, 27, 18, 0, 0);
  g_autoptr(GDateTime) read = NULL;
  g_autoptr(GError) error = NULL;
  PlenumStore *store = open_store_ok (dir);

  g_assert_null (plenum_store_get_last_contact (store));
  {
    g_auto(AsyncWait) wait = { 0 };

    plenum_store_set_last_contact_async (store, at, NULL, async_done_cb, &wait);
    g_assert_true (plenum_store_set_setting_finish (store, wait_result (&wait), &error));
    g_assert_no_error (error);
  }
  read = plenum_store_get_last_contact (store);
  g_assert_nonnull (read);
  g_assert_true (g_date_time_equal (read, at));
  g_clear_pointer (&read, g_date_time_unref);

  g_assert_true (set_setting (store, PLENUM_STORE_SETTING_LAST_CONTACT, "yesterday", &error));
  g_assert_no_error (error);
  read = plenum_store_get_last_contact (store);
  g_assert_nonnull (read);
  g_assert_cmpint (g_date_time_to_unix (read), ==, 0);
  close_store (store);
}

/* Votes and ballots (issue #7) */

/* The answer of GET …/votes for meeting 1: a secret motion that may be changed (vote
 * 0x70) and an open candidate list, choose up to 2 of 3, that may not (0x71, closed
 * when @second_closed). */
static char *
votes_json (gboolean second_closed)
{
  g_autofree char *meeting = uuid_for (1);
  g_autofree char *item = uuid_for (1001);
  g_autofree char *v0 = uuid_for (0x70);
  g_autofree char *v1 = uuid_for (0x71);

  return g_strdup_printf ("{\"meeting_id\":\"%s\",\"votes\":["
                          "{\"id\":\"%s\",\"meeting_id\":\"%s\",\"item_id\":\"%s\","
                          "\"title\":\"Thông qua Nghị quyết\",\"kind\":\"secret\","
                          "\"form\":\"motion\",\"options\":[\"for\",\"against\",\"abstain\"],"
                          "\"max_choices\":1,\"majority\":\"present\",\"quorum_required\":true,"
                          "\"changeable\":true,\"state\":\"open\",\"opened_at\":"
                          "\"2026-12-01T01:00:00Z\",\"closed_at\":null,\"result\":null,"
                          "\"voted\":3},"
                          "{\"id\":\"%s\",\"meeting_id\":\"%s\",\"item_id\":\"%s\","
                          "\"title\":\"Bầu ủy viên\",\"kind\":\"open\",\"form\":\"candidates\","
                          "\"options\":[\"Nguyễn Văn A\",\"Trần Thị B\",\"Lê Văn C\"],"
                          "\"max_choices\":2,\"majority\":\"members\",\"quorum_required\":false,"
                          "\"changeable\":false,\"state\":\"%s\",\"opened_at\":"
                          "\"2026-12-01T01:00:00Z\",\"closed_at\":null,\"result\":null,"
                          "\"voted\":0,\"voters\":[]}]}",
                          meeting, v0, meeting, item, v1, meeting, item,
                          second_closed ? "closed" : "open");
}

static gboolean
save_votes (PlenumStore *store,
            const char  *meeting_id,
            const char  *json,
            GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_save_votes_async (store, meeting_id, json, NULL, async_done_cb, &wait);
  return plenum_store_save_votes_finish (store, wait_result (&wait), error);
}

static char *
save_ballot (PlenumStore *store,
             const char  *account_id,
             const char  *meeting_id,
             const char  *vote_id,
             const guint *choices,
             guint        n_choices,
             GError     **error)
{
  g_auto(AsyncWait) wait = { 0 };

  plenum_store_save_ballot_async (store, account_id, meeting_id, vote_id, choices, n_choices,
                                  NULL, async_done_cb, &wait);
  return plenum_store_save_ballot_finish (store, wait_result (&wait), error);
}

static void
test_votes_saved (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("votes");
  g_autofree char *m1 = meeting_json (1, "Kỳ họp", "2026-12-01T01:00:00Z", 2, 10);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *id2 = uuid_for (2);
  g_autofree char *v0 = uuid_for (0x70);
  g_autofree char *v1 = uuid_for (0x71);
  g_autofree char *json = votes_json (FALSE);
  g_autofree char *closed = votes_json (TRUE);
  g_autofree char *other = NULL;
  g_autoptr(GPtrArray) votes = NULL;
  g_autoptr(PlenumStoredVote) open = NULL;
  g_autoptr(GError) error = NULL;
  guint vote_changes = 0;
  PlenumStore *store = open_store_ok (dir);

  g_signal_connect (store, "votes-changed", G_CALLBACK (count_detail_signal_cb), &vote_changes);
  /* A meeting the store does not hold takes nothing. */
  g_assert_true (save_votes (store, id1, json, &error));
  g_assert_no_error (error);
  votes = plenum_store_list_votes (store, id1);
  g_assert_cmpuint (votes->len, ==, 0);
  g_clear_pointer (&votes, g_ptr_array_unref);

  g_assert_true (save_meeting (store, account_a, m1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (save_votes (store, id1, json, &error));
  g_assert_no_error (error);
  votes = plenum_store_list_votes (store, id1);
  g_assert_cmpuint (votes->len, ==, 2);
  {
    PlenumStoredVote *secret = g_ptr_array_index (votes, 0);
    PlenumStoredVote *list = g_ptr_array_index (votes, 1);

    g_assert_cmpstr (plenum_stored_vote_get_id (secret), ==, v0);
    g_assert_true (plenum_stored_vote_get_secret (secret));
    g_assert_false (plenum_stored_vote_get_candidates (secret));
    g_assert_true (plenum_stored_vote_get_changeable (secret));
    g_assert_cmpuint (plenum_stored_vote_get_n_options (secret), ==, 3);
    g_assert_cmpuint (plenum_stored_vote_get_voted (secret), ==, 3);
    g_assert_cmpstr (plenum_stored_vote_get_title (secret), ==, "Thông qua Nghị quyết");
    g_assert_cmpstr (plenum_stored_vote_get_id (list), ==, v1);
    g_assert_false (plenum_stored_vote_get_secret (list));
    g_assert_true (plenum_stored_vote_get_candidates (list));
    g_assert_cmpuint (plenum_stored_vote_get_max_choices (list), ==, 2);
    g_assert_cmpstr (plenum_stored_vote_get_options (list)[1], ==, "Trần Thị B");
    g_assert_null (plenum_stored_vote_get_options (list)[3]);
    g_assert_cmpint (plenum_stored_vote_get_state (list), ==, PLENUM_VOTE_STATE_OPEN);
  }
  g_clear_pointer (&votes, g_ptr_array_unref);
  g_assert_cmpuint (vote_changes, ==, 2);

  /* Replaced whole; the open one is the one still open. */
  g_assert_true (save_votes (store, id1, closed, &error));
  g_assert_no_error (error);
  open = plenum_store_get_open_vote (store, id1);
  g_assert_nonnull (open);
  g_assert_cmpstr (plenum_stored_vote_get_id (open), ==, v0);

  /* Bad answers change nothing. */
  other = g_strdup_printf ("{\"meeting_id\":\"%s\",\"votes\":[]}", id2);
  g_assert_false (save_votes (store, id1, other, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (save_votes (store, id1, "{\"votes\":[{}]}", &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  votes = plenum_store_list_votes (store, id1);
  g_assert_cmpuint (votes->len, ==, 2);
  g_assert_cmpint (plenum_stored_vote_get_state (g_ptr_array_index (votes, 1)), ==,
                   PLENUM_VOTE_STATE_CLOSED);
  close_store (store);
}

static void
test_ballots (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("ballots");
  g_autofree char *m1 = meeting_json (1, "Kỳ họp", "2026-12-01T01:00:00Z", 2, 10);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *v0 = uuid_for (0x70);
  g_autofree char *v1 = uuid_for (0x71);
  g_autofree char *unknown = uuid_for (0x72);
  g_autofree char *json = votes_json (FALSE);
  g_autofree char *path0 = g_strdup_printf ("/api/v1/meetings/%s/votes/%s/ballots", id1, v0);
  g_autofree char *op = NULL;
  g_autofree char *op2 = NULL;
  g_autofree char *op3 = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *receipt2 = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GArray) choices = NULL;
  g_autoptr(GError) error = NULL;
  const guint against[] = { 1 };
  const guint abstain[] = { 2 };
  const guint two[] = { 0, 2 };
  const guint twice[] = { 1, 1 };
  const guint three[] = { 0, 1, 2 };
  PlenumBallotState state;
  HookCount count = { 0 };
  guint ballot_changes = 0;
  PlenumStore *store = open_store_ok (dir);

  g_assert_true (save_meeting (store, account_a, m1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (save_votes (store, id1, json, &error));
  g_assert_no_error (error);
  g_signal_connect (store, "ballots-changed", G_CALLBACK (count_detail_signal_cb),
                    &ballot_changes);

  /* Refused before anything is written: an unknown vote, choices that do not fit. */
  g_assert_null (save_ballot (store, account_a, id1, unknown, against, 1, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (save_ballot (store, account_a, id1, v0, two, 2, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (save_ballot (store, account_a, id1, v1, three, 3, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (save_ballot (store, account_a, id1, v1, twice, 2, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (save_ballot (store, NULL, id1, v0, against, 1, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, NULL), ==, 0);
  g_assert_false (plenum_store_get_ballot (store, account_a, v0, NULL, NULL, NULL, NULL));
  g_assert_cmpuint (ballot_changes, ==, 0);

  /* A secret ballot: the ballot and its operation in ONE durable commit. */
  plenum_store_set_durability_hook (count_durability_cb, &count);
  op = save_ballot (store, account_a, id1, v0, against, 1, &error);
  plenum_store_set_durability_hook (NULL, NULL);
  g_assert_no_error (error);
  g_assert_true (plenum_is_uuid (op));
  g_assert_cmpint (count.commits, ==, 1);
  g_assert_cmpint (count.on_main, ==, 0);
  g_assert_cmpuint (ballot_changes, ==, 1);
  g_assert_true (plenum_store_get_ballot (store, account_a, v0, &state, &choices, &code,
                                          &message));
  g_assert_cmpint (state, ==, PLENUM_BALLOT_STATE_QUEUED);
  g_assert_cmpuint (choices->len, ==, 1);
  g_assert_cmpuint (g_array_index (choices, guint, 0), ==, 1);
  g_assert_null (code);
  g_assert_null (message);
  g_clear_pointer (&choices, g_array_unref);
  receipt = plenum_store_get_ballot_receipt (store, account_a, v0);
  g_assert_true (plenum_is_sha256_hex (receipt));
  {
    g_autoptr(PlenumOutboxOperation) next = plenum_store_outbox_next (store, account_a);
    g_autoptr(cJSON) body = NULL;
    const cJSON *sent_choices;

    g_assert_cmpstr (plenum_outbox_operation_get_operation_id (next), ==, op);
    g_assert_cmpstr (plenum_outbox_operation_get_kind (next), ==, PLENUM_OUTBOX_KIND_BALLOT);
    g_assert_cmpstr (plenum_outbox_operation_get_method (next), ==, "POST");
    g_assert_cmpstr (plenum_outbox_operation_get_path (next), ==, path0);
    body = plenum_json_parse (plenum_outbox_operation_get_body (next), -1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (body, "operation_id")->valuestring, ==, op);
    g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (body, "receipt")->valuestring, ==,
                     receipt);
    sent_choices = cJSON_GetObjectItemCaseSensitive (body, "choices");
    g_assert_cmpint (cJSON_GetArraySize (sent_choices), ==, 1);
    g_assert_cmpint (cJSON_GetArrayItem (sent_choices, 0)->valueint, ==, 1);
  }

  /* Its states follow its operation. */
  g_assert_true (outbox_mark (store, MARK_SENDING, op, &error));
  g_assert_no_error (error);
  g_assert_true (plenum_store_get_ballot (store, account_a, v0, &state, NULL, NULL, NULL));
  g_assert_cmpint (state, ==, PLENUM_BALLOT_STATE_SENT);
  g_assert_true (outbox_mark (store, MARK_FAILED, op, &error));
  g_assert_no_error (error);
  g_assert_true (plenum_store_get_ballot (store, account_a, v0, &state, NULL, NULL, NULL));
  g_assert_cmpint (state, ==, PLENUM_BALLOT_STATE_QUEUED);
  {
    g_auto(AsyncWait) wait = { 0 };

    plenum_store_outbox_mark_sent_async (store, op, "{\"vote_id\":\"x\",\"account_id\":\"y\","
                                         "\"counted\":true,\"replaced\":false}", NULL,
                                         async_done_cb, &wait);
    g_assert_true (plenum_store_outbox_mark_finish (store, wait_result (&wait), &error));
    g_assert_no_error (error);
  }
  g_assert_true (plenum_store_get_ballot (store, account_a, v0, &state, NULL, NULL, NULL));
  g_assert_cmpint (state, ==, PLENUM_BALLOT_STATE_COUNTED);

  /* Replaced (the vote is changeable): a new operation with the SAME receipt, kept
   * across a restart. */
  close_store (store);
  store = open_store_ok (dir);
  op2 = save_ballot (store, account_a, id1, v0, abstain, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (op2, !=, op);
  receipt2 = plenum_store_get_ballot_receipt (store, account_a, v0);
  g_assert_cmpstr (receipt2, ==, receipt);
  {
    g_autoptr(PlenumOutboxOperation) next = plenum_store_outbox_next (store, account_a);

    g_assert_cmpstr (plenum_outbox_operation_get_operation_id (next), ==, op2);
    g_assert_nonnull (strstr (plenum_outbox_operation_get_body (next), receipt));
  }
  g_assert_true (plenum_store_get_ballot (store, account_a, v0, &state, &choices, NULL, NULL));
  g_assert_cmpint (state, ==, PLENUM_BALLOT_STATE_QUEUED);
  g_assert_cmpuint (g_array_index (choices, guint, 0), ==, 2);
  g_clear_pointer (&choices, g_array_unref);
  /* Another member's ballot gets its own receipt. */
  g_free (save_ballot (store, account_b, id1, v0, against, 1, &error));
  g_assert_no_error (error);
  {
    g_autofree char *receipt_b = plenum_store_get_ballot_receipt (store, account_b, v0);

    g_assert_true (plenum_is_sha256_hex (receipt_b));
    g_assert_cmpstr (receipt_b, !=, receipt);
  }

  /* An open vote: no receipt; a blank ballot is a ballot; refused, with the reason kept;
   * not changeable, so a second is refused here unless the first was refused. */
  op3 = save_ballot (store, account_a, id1, v1, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_null (plenum_store_get_ballot_receipt (store, account_a, v1));
  {
    g_autoptr(PlenumOutboxOperation) sent = plenum_store_outbox_get (store, op3);

    g_assert_null (strstr (plenum_outbox_operation_get_body (sent), "receipt"));
    g_assert_nonnull (strstr (plenum_outbox_operation_get_body (sent), "\"choices\":[]"));
  }
  g_assert_null (save_ballot (store, account_a, id1, v1, two, 2, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_auto(AsyncWait) wait = { 0 };

    plenum_store_outbox_mark_refused_async (store, op3, 409, "vote_closed",
                                            "The vote closed before this ballot arrived; it "
                                            "was not counted.", NULL, async_done_cb, &wait);
    g_assert_true (plenum_store_outbox_mark_finish (store, wait_result (&wait), &error));
    g_assert_no_error (error);
  }
  g_assert_true (plenum_store_get_ballot (store, account_a, v1, &state, &choices, &code,
                                          &message));
  g_assert_cmpint (state, ==, PLENUM_BALLOT_STATE_REFUSED);
  g_assert_cmpuint (choices->len, ==, 0);
  g_assert_cmpstr (code, ==, "vote_closed");
  g_assert_nonnull (strstr (message, "closed before"));
  g_free (save_ballot (store, account_a, id1, v1, two, 2, &error));
  g_assert_no_error (error);
  close_store (store);
}

static void
test_opinion_rounds_saved (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("opinion-rounds");
  g_autofree char *m1 = meeting_json (1, "Kỳ họp", "2026-12-01T01:00:00Z", 2, 10);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *id2 = uuid_for (2);
  g_autofree char *r0 = uuid_for (0x80);
  g_autofree char *r1 = uuid_for (0x81);
  g_autofree char *json = rounds_json ("2026-12-04T10:00:00Z", FALSE);
  g_autofree char *closed = rounds_json ("2026-12-04T10:00:00Z", TRUE);
  g_autofree char *other = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(GDateTime) before = plenum_time_parse ("2026-12-04T09:59:59Z");
  g_autoptr(GDateTime) at = plenum_time_parse ("2026-12-04T10:00:00Z");
  g_autoptr(GError) error = NULL;
  guint changes = 0;
  PlenumStore *store = open_store_ok (dir);

  g_signal_connect (store, "opinion-rounds-changed", G_CALLBACK (count_detail_signal_cb),
                    &changes);
  /* A meeting the store does not hold takes nothing. */
  g_assert_true (save_rounds (store, id1, json, &error));
  g_assert_no_error (error);
  rounds = plenum_store_list_opinion_rounds (store, id1);
  g_assert_cmpuint (rounds->len, ==, 0);
  g_clear_pointer (&rounds, g_ptr_array_unref);

  g_assert_true (save_meeting (store, account_a, m1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (save_rounds (store, id1, json, &error));
  g_assert_no_error (error);
  rounds = plenum_store_list_opinion_rounds (store, id1);
  g_assert_cmpuint (rounds->len, ==, 2);
  {
    PlenumStoredRound *open = g_ptr_array_index (rounds, 0);
    PlenumStoredRound *old = g_ptr_array_index (rounds, 1);
    g_autofree char *deadline = plenum_time_format (plenum_stored_round_get_deadline (open));

    g_assert_cmpstr (plenum_stored_round_get_id (open), ==, r0);
    g_assert_cmpstr (plenum_stored_round_get_meeting_id (open), ==, id1);
    g_assert_cmpstr (plenum_stored_round_get_title (open), ==, "Xin ý kiến vào dự thảo");
    g_assert_cmpstr (deadline, ==, "2026-12-04T10:00:00Z");
    g_assert_cmpint (plenum_stored_round_get_state (open), ==, PLENUM_OPINION_ROUND_STATE_OPEN);
    /* Open until the deadline, by the clock alone. */
    g_assert_true (plenum_stored_round_is_open_at (open, before));
    g_assert_false (plenum_stored_round_is_open_at (open, at));
    g_assert_cmpuint (plenum_stored_round_get_answered (open), ==, 2);
    g_assert_cmpuint (plenum_stored_round_get_members (open), ==, 12);
    g_assert_null (plenum_stored_round_get_mine_account (open));
    g_assert_cmpstr (plenum_stored_round_get_id (old), ==, r1);
    g_assert_false (plenum_stored_round_is_open_at (old, before));
    g_assert_cmpstr (plenum_stored_round_get_mine_account (old), ==, account_a);
  }
  g_clear_pointer (&rounds, g_ptr_array_unref);
  g_assert_cmpuint (changes, ==, 2);

  /* Replaced whole. */
  g_assert_true (save_rounds (store, id1, closed, &error));
  g_assert_no_error (error);
  rounds = plenum_store_list_opinion_rounds (store, id1);
  g_assert_cmpint (plenum_stored_round_get_state (g_ptr_array_index (rounds, 0)), ==,
                   PLENUM_OPINION_ROUND_STATE_CLOSED);
  g_clear_pointer (&rounds, g_ptr_array_unref);

  /* Bad answers change nothing. */
  other = g_strdup_printf ("{\"meeting_id\":\"%s\",\"rounds\":[]}", id2);
  g_assert_false (save_rounds (store, id1, other, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (save_rounds (store, id1, "{\"rounds\":[{}]}", &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  rounds = plenum_store_list_opinion_rounds (store, id1);
  g_assert_cmpuint (rounds->len, ==, 2);
  g_clear_pointer (&rounds, g_ptr_array_unref);
  close_store (store);
}

static void
test_opinions (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("opinions");
  g_autofree char *m1 = meeting_json (1, "Kỳ họp", "2026-12-01T01:00:00Z", 2, 10);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *r0 = uuid_for (0x80);
  g_autofree char *unknown = uuid_for (0x82);
  g_autofree char *json = rounds_json ("2026-12-04T10:00:00Z", FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/opinion-rounds/%s/answer", id1,
                                           r0);
  g_autofree char *op = NULL;
  g_autofree char *op2 = NULL;
  g_autofree char *text = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_opinion_comment_free);
  g_autoptr(GPtrArray) empty = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_opinion_comment_free);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  PlenumOpinionState state;
  PlenumOpinionStance stance;
  HookCount count = { 0 };
  guint answer_changes = 0;
  PlenumStore *store = open_store_ok (dir);

  g_assert_true (save_meeting (store, account_a, m1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (save_rounds (store, id1, json, &error));
  g_assert_no_error (error);
  g_signal_connect (store, "opinion-answers-changed", G_CALLBACK (count_detail_signal_cb),
                    &answer_changes);
  g_ptr_array_add (comments, plenum_opinion_comment_new (2, "Sửa số liệu năm 2025"));
  g_ptr_array_add (comments, plenum_opinion_comment_new (0, "Thêm căn cứ"));
  g_ptr_array_add (empty, plenum_opinion_comment_new (1, ""));

  /* Refused before anything is written: an unknown round, what the server would
   * refuse (a disagreement without a reason, an agreement with comments without any, an
   * empty comment, a text of white space or with control characters), no member. */
  g_assert_null (save_opinion (store, account_a, id1, unknown, PLENUM_OPINION_STANCE_AGREE, "",
                               NULL, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (save_opinion (store, account_a, id1, r0, PLENUM_OPINION_STANCE_DISAGREE, "",
                               comments, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (save_opinion (store, account_a, id1, r0,
                               PLENUM_OPINION_STANCE_AGREE_WITH_COMMENTS, "", NULL, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (save_opinion (store, account_a, id1, r0, PLENUM_OPINION_STANCE_AGREE, "",
                               empty, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (save_opinion (store, account_a, id1, r0, PLENUM_OPINION_STANCE_AGREE, "  \n ",
                               NULL, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (save_opinion (store, account_a, id1, r0, PLENUM_OPINION_STANCE_AGREE,
                               "a\x01b", NULL, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (save_opinion (store, NULL, id1, r0, PLENUM_OPINION_STANCE_AGREE, "", NULL,
                               &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, NULL), ==, 0);
  g_assert_false (plenum_store_get_opinion (store, account_a, r0, NULL, NULL, NULL, NULL, NULL,
                                            NULL));
  g_assert_cmpuint (answer_changes, ==, 0);

  /* The answer and its operation in ONE durable commit. */
  plenum_store_set_durability_hook (count_durability_cb, &count);
  op = save_opinion (store, account_a, id1, r0, PLENUM_OPINION_STANCE_AGREE_WITH_COMMENTS,
                     "Đề nghị bổ sung.\nDòng hai.", comments, &error);
  plenum_store_set_durability_hook (NULL, NULL);
  g_assert_no_error (error);
  g_assert_true (plenum_is_uuid (op));
  g_assert_cmpint (count.commits, ==, 1);
  g_assert_cmpuint (answer_changes, ==, 1);
  g_assert_true (plenum_store_get_opinion (store, account_a, r0, &state, &stance, &text, &read,
                                           &code, &message));
  g_assert_cmpint (state, ==, PLENUM_OPINION_STATE_QUEUED);
  g_assert_cmpint (stance, ==, PLENUM_OPINION_STANCE_AGREE_WITH_COMMENTS);
  g_assert_cmpstr (text, ==, "Đề nghị bổ sung.\nDòng hai.");
  g_assert_cmpuint (read->len, ==, 2);
  g_assert_cmpuint (((PlenumOpinionComment *) g_ptr_array_index (read, 0))->page, ==, 2);
  g_assert_cmpstr (((PlenumOpinionComment *) g_ptr_array_index (read, 0))->text, ==,
                   "Sửa số liệu năm 2025");
  g_assert_cmpuint (((PlenumOpinionComment *) g_ptr_array_index (read, 1))->page, ==, 0);
  g_assert_null (code);
  g_assert_null (message);
  g_clear_pointer (&read, g_ptr_array_unref);
  g_clear_pointer (&text, g_free);
  {
    g_autoptr(PlenumOutboxOperation) next = plenum_store_outbox_next (store, account_a);
    g_autoptr(cJSON) body = NULL;
    const cJSON *sent;

    g_assert_cmpstr (plenum_outbox_operation_get_operation_id (next), ==, op);
    g_assert_cmpstr (plenum_outbox_operation_get_kind (next), ==, PLENUM_OUTBOX_KIND_OPINION);
    g_assert_cmpstr (plenum_outbox_operation_get_method (next), ==, "PUT");
    g_assert_cmpstr (plenum_outbox_operation_get_path (next), ==, path);
    body = plenum_json_parse (plenum_outbox_operation_get_body (next), -1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (body, "operation_id")->valuestring, ==, op);
    g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (body, "stance")->valuestring, ==,
                     "agree_with_comments");
    g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (body, "text")->valuestring, ==,
                     "Đề nghị bổ sung.\nDòng hai.");
    sent = cJSON_GetObjectItemCaseSensitive (body, "comments");
    g_assert_cmpint (cJSON_GetArraySize (sent), ==, 2);
    g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (sent, 0), "page")->valueint,
                     ==, 2);
  }

  /* Its states follow its operation. */
  g_assert_true (outbox_mark (store, MARK_SENDING, op, &error));
  g_assert_no_error (error);
  g_assert_true (plenum_store_get_opinion (store, account_a, r0, &state, NULL, NULL, NULL, NULL,
                                           NULL));
  g_assert_cmpint (state, ==, PLENUM_OPINION_STATE_SENT);
  g_assert_true (outbox_mark (store, MARK_SENT, op, &error));
  g_assert_no_error (error);
  g_assert_true (plenum_store_get_opinion (store, account_a, r0, &state, NULL, NULL, NULL, NULL,
                                           NULL));
  g_assert_cmpint (state, ==, PLENUM_OPINION_STATE_RECORDED);

  /* Replaced, across a restart: a new operation after the first, the answer the new
   * one; refused, it stays with the server's reason. */
  close_store (store);
  store = open_store_ok (dir);
  op2 = save_opinion (store, account_a, id1, r0, PLENUM_OPINION_STANCE_DISAGREE, "Không đồng ý.",
                      NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (op2, !=, op);
  g_assert_true (plenum_store_get_opinion (store, account_a, r0, &state, &stance, &text, &read,
                                           NULL, NULL));
  g_assert_cmpint (state, ==, PLENUM_OPINION_STATE_QUEUED);
  g_assert_cmpint (stance, ==, PLENUM_OPINION_STANCE_DISAGREE);
  g_assert_cmpstr (text, ==, "Không đồng ý.");
  g_assert_cmpuint (read->len, ==, 0);
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, account_a), ==, 1);
  g_assert_true (outbox_mark (store, MARK_REFUSED, op2, &error));
  g_assert_no_error (error);
  g_assert_true (plenum_store_get_opinion (store, account_a, r0, &state, NULL, NULL, NULL, &code,
                                           &message));
  g_assert_cmpint (state, ==, PLENUM_OPINION_STATE_REFUSED);
  g_assert_cmpstr (code, ==, "forbidden");
  g_assert_cmpstr (message, ==, "Không được phép.");
  /* Another member has none. */
  g_assert_false (plenum_store_get_opinion (store, account_b, r0, NULL, NULL, NULL, NULL, NULL,
                                            NULL));
  close_store (store);
}

static void
test_conflicts (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("conflicts");
  g_autofree char *m1 = meeting_json (1, "Kỳ họp", "2026-12-01T01:00:00Z", 2, 10);
  g_autofree char *id1 = uuid_for (1);
  g_autofree char *id9 = uuid_for (9);
  g_autofree char *item = uuid_for (1001);
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/items/%s/conflict", id1, item);
  g_autofree char *op = NULL;
  g_autofree char *op2 = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  PlenumOutboxState state;
  gboolean declared = FALSE;
  guint changes = 0;
  PlenumStore *store = open_store_ok (dir);

  g_assert_true (save_meeting (store, account_a, m1, NULL, &error));
  g_assert_no_error (error);
  g_signal_connect (store, "conflicts-changed", G_CALLBACK (count_detail_signal_cb), &changes);

  /* A meeting the store does not hold, or no member: nothing is written. */
  {
    g_auto(AsyncWait) wait = { 0 };

    plenum_store_save_conflict_async (store, account_a, id9, item, TRUE, NULL, async_done_cb,
                                      &wait);
    g_assert_null (plenum_store_save_conflict_finish (store, wait_result (&wait), &error));
    g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  {
    g_auto(AsyncWait) wait = { 0 };

    plenum_store_save_conflict_async (store, NULL, id1, item, TRUE, NULL, async_done_cb, &wait);
    g_assert_null (plenum_store_save_conflict_finish (store, wait_result (&wait), &error));
    g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_false (plenum_store_get_conflict (store, account_a, item, NULL, NULL, NULL, NULL));
  g_assert_cmpuint (plenum_store_outbox_count_pending (store, NULL), ==, 0);

  /* Declared: the row and its PUT together. */
  {
    g_auto(AsyncWait) wait = { 0 };

    plenum_store_save_conflict_async (store, account_a, id1, item, TRUE, NULL, async_done_cb,
                                      &wait);
    op = plenum_store_save_conflict_finish (store, wait_result (&wait), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (changes, ==, 1);
  g_assert_true (plenum_store_get_conflict (store, account_a, item, &declared, &state, NULL,
                                            NULL));
  g_assert_true (declared);
  g_assert_cmpint (state, ==, PLENUM_OUTBOX_STATE_QUEUED);
  {
    g_autoptr(PlenumOutboxOperation) next = plenum_store_outbox_next (store, account_a);

    g_assert_cmpstr (plenum_outbox_operation_get_operation_id (next), ==, op);
    g_assert_cmpstr (plenum_outbox_operation_get_kind (next), ==, PLENUM_OUTBOX_KIND_CONFLICT);
    g_assert_cmpstr (plenum_outbox_operation_get_method (next), ==, "PUT");
    g_assert_cmpstr (plenum_outbox_operation_get_path (next), ==, path);
  }
  g_assert_true (outbox_mark (store, MARK_SENT, op, &error));
  g_assert_no_error (error);
  g_assert_true (plenum_store_get_conflict (store, account_a, item, &declared, &state, NULL,
                                            NULL));
  g_assert_cmpint (state, ==, PLENUM_OUTBOX_STATE_SENT);

  /* Withdrawn: a DELETE that still carries its operation id; refused, with the reason. */
  {
    g_auto(AsyncWait) wait = { 0 };

    plenum_store_save_conflict_async (store, account_a, id1, item, FALSE, NULL, async_done_cb,
                                      &wait);
    op2 = plenum_store_save_conflict_finish (store, wait_result (&wait), &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(PlenumOutboxOperation) next = plenum_store_outbox_next (store, account_a);
    g_autoptr(cJSON) body = plenum_json_parse (plenum_outbox_operation_get_body (next), -1, NULL);

    g_assert_cmpstr (plenum_outbox_operation_get_method (next), ==, "DELETE");
    g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (body, "operation_id")->valuestring, ==,
                     op2);
  }
  g_assert_true (outbox_mark (store, MARK_REFUSED, op2, &error));
  g_assert_no_error (error);
  g_assert_true (plenum_store_get_conflict (store, account_a, item, &declared, &state, &code,
                                            &message));
  g_assert_false (declared);
  g_assert_cmpint (state, ==, PLENUM_OUTBOX_STATE_REFUSED);
  g_assert_cmpstr (code, ==, "forbidden");
  g_assert_nonnull (message);
  g_assert_false (plenum_store_get_conflict (store, account_b, item, NULL, NULL, NULL, NULL));
  close_store (store);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && strcmp (argv[1], "--child") == 0)
    return run_child (argv[2], argv[3]);

  main_thread = g_thread_self ();
  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/store/open-fresh", test_open_fresh);
  g_test_add_func ("/plenum/store/loose-modes-tightened", test_loose_modes_tightened);
  g_test_add_func ("/plenum/store/migrations", test_migrations);
  g_test_add_func ("/plenum/store/schema-too-new", test_schema_too_new);
  g_test_add_func ("/plenum/store/garbage-database", test_garbage_database);
  g_test_add_func ("/plenum/store/damaged-pages", test_damaged_pages);
  g_test_add_func ("/plenum/store/unwritable-folder", test_unwritable_folder);
  g_test_add_func ("/plenum/store/settings", test_settings);
  g_test_add_func ("/plenum/store/writes-off-main-thread", test_writes_off_main_thread);
  g_test_add_func ("/plenum/store/pending-writes-finish", test_pending_writes_finish_before_close);
  g_test_add_func ("/plenum/store/meetings-round-trip", test_meetings_round_trip);
  g_test_add_func ("/plenum/store/meeting-visibility", test_meeting_visibility);
  g_test_add_func ("/plenum/store/offline-pin", test_offline_pin);
  g_test_add_func ("/plenum/store/blob-states", test_blob_states);
  g_test_add_func ("/plenum/store/blob-write-whole", test_blob_write_whole);
  g_test_add_func ("/plenum/store/blob-mismatch", test_blob_mismatch);
  g_test_add_func ("/plenum/store/blob-resume", test_blob_resume);
  g_test_add_func ("/plenum/store/blob-restart", test_blob_restart);
  g_test_add_func ("/plenum/store/blob-verify-and-remove", test_blob_verify_and_remove);
  g_test_add_func ("/plenum/store/killed-mid-write", test_killed_mid_write);
  g_test_add_func ("/plenum/store/killed-mid-finish", test_killed_mid_finish);
  g_test_add_func ("/plenum/store/disk-full", test_disk_full);
  g_test_add_func ("/plenum/store/outbox-order", test_outbox_order);
  g_test_add_func ("/plenum/store/outbox-refused", test_outbox_refused);
  g_test_add_func ("/plenum/store/outbox-killed-after-saved", test_outbox_killed_after_saved);
  g_test_add_func ("/plenum/store/check-in", test_check_in);
  g_test_add_func ("/plenum/store/sign-out-with-pending", test_sign_out_with_pending);
  g_test_add_func ("/plenum/store/event-seq", test_event_seq);
  g_test_add_func ("/plenum/store/readiness", test_readiness);
  g_test_add_func ("/plenum/store/prune", test_prune);
  g_test_add_func ("/plenum/store/terminal-credential", test_terminal_credential);
  g_test_add_func ("/plenum/store/disk-full-tmpfs", test_disk_full_tmpfs);
  g_test_add_func ("/plenum/store/annotations-round-trip", test_annotations_round_trip);
  g_test_add_func ("/plenum/store/annotations-coalesce", test_annotations_coalesce);
  g_test_add_func ("/plenum/store/annotations-delete", test_annotations_delete);
  g_test_add_func ("/plenum/store/annotations-feed", test_annotations_feed);
  g_test_add_func ("/plenum/store/annotations-conflict", test_annotations_conflict);
  g_test_add_func ("/plenum/store/annotations-pruned-with-meeting",
                   test_annotations_pruned_with_meeting);
  g_test_add_func ("/plenum/store/annotations-keep-old-version",
                   test_annotations_keep_old_version);
  g_test_add_func ("/plenum/store/votes-saved", test_votes_saved);
  g_test_add_func ("/plenum/store/ballots", test_ballots);
  g_test_add_func ("/plenum/store/opinion-rounds-saved", test_opinion_rounds_saved);
  g_test_add_func ("/plenum/store/opinions", test_opinions);
  g_test_add_func ("/plenum/store/conflicts", test_conflicts);
  g_test_add_func ("/plenum/store/revisions-pruned", test_revisions_pruned);
  g_test_add_func ("/plenum/store/wipe", test_wipe);
  g_test_add_func ("/plenum/store/last-contact", test_last_contact);

  return g_test_run ();
}
