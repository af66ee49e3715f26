/* plenum-server-backup.c — plenum-server --backup and --restore; see plenum-server-backup.h.
 *
 * Why the order is what it is: the blobs a server stores are written (fsynced and renamed
 * into place) before their row goes into the database, and a blob is never changed or
 * removed afterwards. So once the database is copied in one read transaction, every blob
 * that copy lists is already a complete file in the data folder and stays so: copying
 * them afterwards, while the server goes on, gives a backup as consistent as the
 * database copy. Blobs stored after the database copy are left out, as is everything
 * else that copy does not know.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-server"

#include "plenum-server-backup.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <sqlite3.h>

#include "core/plenum-hash.h"
#include "core/plenum-json.h"
#include "plenum-server-blobs.h"
#include "plenum-server-db.h"

#define MANIFEST_FORMAT  "plenum-server-backup"
#define MANIFEST_VERSION 1
#define DATABASE_NAME    "plenum.db"
#define BLOB_FOLDER      "blobs"
#define COPY_BUFFER_SIZE (256 * 1024)
/* A running server holds its write lock for milliseconds; a backup that cannot start its
 * read transaction for this long has met something else. */
#define BUSY_RETRIES     100
#define BUSY_RETRY_MS    100
/* Far above any real data folder; keeps a damaged manifest from asking for silly sizes. */
#define MAX_BLOBS        10000000

G_DEFINE_QUARK (plenum-backup-error-quark, plenum_backup_error)

/* "@format: the reason": @format is a whole sentence ("Cannot open %s") so that a
 * translation can put the file name where its language wants it. */
static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *format,
                 ...) G_GNUC_PRINTF (3, 4);

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *format,
                 ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_FAILED, "%s: %s", what,
               g_strerror (saved_errno));
  return FALSE;
}

static gboolean
set_sqlite_error (GError     **error,
                  sqlite3     *handle,
                  const char  *format,
                  ...) G_GNUC_PRINTF (3, 4);

static gboolean
set_sqlite_error (GError     **error,
                  sqlite3     *handle,
                  const char  *format,
                  ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_FAILED, "%s: %s", what,
               handle != NULL ? sqlite3_errmsg (handle) : _("out of memory"));
  return FALSE;
}

/* TRUE when @path does not exist (*@exists FALSE) or is an empty folder. */
static gboolean
check_empty_folder (const char  *path,
                    gboolean    *exists,
                    GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;

  *exists = FALSE;
  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        return TRUE;
      return set_errno_error (error, saved_errno, _("Cannot look at %s"), path);
    }
  *exists = TRUE;
  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_NOT_EMPTY,
                   _("%s is not a folder"), path);
      return FALSE;
    }
  dir = g_dir_open (path, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_FAILED, "%s",
                   local_error->message);
      return FALSE;
    }
  if (g_dir_read_name (dir) != NULL)
    {
      g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_NOT_EMPTY,
                   _("%s is not empty; give a new or an empty folder"), path);
      return FALSE;
    }
  return TRUE;
}

/* Removes everything under @path (not @path itself). Only for folders this file found
 * empty and filled itself, to leave them as they were after a failure. */
static void
empty_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
          !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        {
          empty_folder (child);
          g_rmdir (child);
        }
      else
        g_unlink (child);
    }
}

static gboolean
fsync_path (const char  *path,
            GError     **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return set_errno_error (error, errno, _("Cannot open %s"), path);
  if (fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      return set_errno_error (error, saved_errno, _("Cannot flush %s"), path);
    }
  close (fd);
  return TRUE;
}

/* Copies @source to a new file @target (mode 0600), hashing the bytes on the way, and
 * fsyncs it. */
static gboolean
copy_and_hash (const char  *source,
               const char  *target,
               guint64     *size,
               char       **sha256,
               GError     **error)
{
  g_autoptr(PlenumSha256) digest = plenum_sha256_new ();
  g_autofree guint8 *buffer = g_malloc (COPY_BUFFER_SIZE);
  guint64 total = 0;
  int in;
  int out;
  gboolean ok = FALSE;

  in = g_open (source, O_RDONLY | O_CLOEXEC, 0);
  if (in < 0)
    {
      /* Not `return set_errno_error ()`: clang's analyzer does not follow variadic
       * calls, so it would not know that this returns FALSE with *sha256 unset. */
      set_errno_error (error, errno, _("Cannot open %s"), source);
      return FALSE;
    }
  out = g_open (target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0)
    {
      set_errno_error (error, errno, _("Cannot make %s"), target);
      close (in);
      return FALSE;
    }

  for (;;)
    {
      gssize n = read (in, buffer, COPY_BUFFER_SIZE);
      gssize done = 0;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (error, errno, _("Cannot read %s"), source);
          goto out;
        }
      if (n == 0)
        break;
      plenum_sha256_update (digest, buffer, (gsize) n);
      total += (guint64) n;
      while (done < n)
        {
          gssize written = write (out, buffer + done, (gsize) (n - done));

          if (written < 0 && errno == EINTR)
            continue;
          if (written < 0)
            {
              set_errno_error (error, errno, _("Cannot write %s"), target);
              goto out;
            }
          done += written;
        }
    }
  if (fsync (out) != 0)
    {
      set_errno_error (error, errno, _("Cannot flush %s"), target);
      goto out;
    }
  *size = total;
  *sha256 = plenum_sha256_finish (digest);
  ok = TRUE;

out:
  close (in);
  if (close (out) != 0 && ok)
    ok = set_errno_error (error, errno, _("Cannot write %s"), target);
  return ok;
}

static gboolean
file_size (const char  *path,
           guint64     *size,
           GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        {
          g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_INCOMPLETE,
                       _("%s is missing"), path);
          return FALSE;
        }
      return set_errno_error (error, saved_errno, _("Cannot look at %s"), path);
    }
  *size = (guint64) st.st_size;
  return TRUE;
}

static gboolean
file_sha256 (const char  *path,
             char       **sha256,
             GError     **error)
{
  g_autoptr(PlenumSha256) digest = plenum_sha256_new ();
  g_autofree guint8 *buffer = g_malloc (COPY_BUFFER_SIZE);
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return set_errno_error (error, errno, _("Cannot open %s"), path);
  for (;;)
    {
      gssize n = read (fd, buffer, COPY_BUFFER_SIZE);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          return set_errno_error (error, saved_errno, _("Cannot read %s"), path);
        }
      if (n == 0)
        break;
      plenum_sha256_update (digest, buffer, (gsize) n);
    }
  close (fd);
  *sha256 = plenum_sha256_finish (digest);
  return TRUE;
}

/* A blob as the database lists it. */
typedef struct {
  char    sha256[PLENUM_SHA256_HEX_LEN + 1];
  guint64 size;
} BlobEntry;

/* SQLite 3.40 (Debian 12) reports "NULL value in T.C" from its integrity check for some
 * WITHOUT ROWID tables that hold no NULL at all (the server's clearances table gives it).
 * Such a line is believed only when a plain query finds the NULL. */
static gboolean
null_report_is_false (sqlite3    *handle,
                      const char *message)
{
  g_autofree char *table = NULL;
  g_autofree char *sql = NULL;
  char *column;
  sqlite3_stmt *stmt = NULL;
  gboolean is_false;

  if (!g_str_has_prefix (message, "NULL value in "))
    return FALSE;
  table = g_strdup (message + strlen ("NULL value in "));
  column = strchr (table, '.');
  if (column == NULL)
    return FALSE;
  *column++ = '\0';
  /* The names go into SQL: only plain identifiers, as the server's schema has. */
  for (const char *c = table; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_')
      return FALSE;
  for (const char *c = column; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_')
      return FALSE;
  if (*table == '\0' || *column == '\0')
    return FALSE;
  sql = g_strdup_printf ("SELECT count(*) FROM \"%s\" WHERE \"%s\" IS NULL", table, column);
  if (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  is_false = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) == 0;
  sqlite3_finalize (stmt);
  return is_false;
}

/* Checks the database copy at @path (SQLite's integrity check) and reads its schema
 * version and the blobs it lists. */
static gboolean
inspect_database (const char  *path,
                  int         *schema_version,
                  GArray      *blobs,
                  GError     **error)
{
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK)
    {
      set_sqlite_error (error, handle, _("Cannot open the database copy %s"), path);
      goto out;
    }

  if (sqlite3_prepare_v2 (handle, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, handle, _("Cannot check %s"), path);
      goto out;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") == 0 || (line != NULL && null_report_is_false (handle, line)))
        continue;
      g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_CORRUPT,
                   _("The database %s fails SQLite's integrity check: %s"), path,
                   line != NULL ? line : _("(no message)"));
      goto out;
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, handle, _("Cannot check %s"), path);
      goto out;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (sqlite3_prepare_v2 (handle, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (error, handle, _("Cannot read the schema version of %s"), path);
      goto out;
    }
  *schema_version = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (*schema_version < 1)
    {
      g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_NO_DATA,
                   _("%s is not a plenum-server database"), path);
      goto out;
    }

  if (sqlite3_prepare_v2 (handle, "SELECT sha256, size FROM blobs ORDER BY sha256", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, handle, _("Cannot list the blobs of %s"), path);
      goto out;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *sha256 = (const char *) sqlite3_column_text (stmt, 0);
      BlobEntry entry;

      /* The name becomes a path below: only a well-formed hash does. */
      if (sha256 == NULL || !plenum_is_sha256_hex (sha256) || sqlite3_column_int64 (stmt, 1) < 0)
        {
          g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_CORRUPT,
                       _("The database %s lists a blob with a malformed name or size"), path);
          goto out;
        }
      memcpy (entry.sha256, sha256, sizeof entry.sha256);
      entry.size = (guint64) sqlite3_column_int64 (stmt, 1);
      g_array_append_val (blobs, entry);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, handle, _("Cannot list the blobs of %s"), path);
      goto out;
    }
  ok = TRUE;

out:
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close (handle);
  return ok;
}

/* Copies the database at @source into the new file @target with the online backup API.
 * All pages are copied in one step, in one read transaction: a server writing meanwhile
 * (WAL mode) is never blocked and never restarts the copy, and the copy is the state of
 * one moment. */
static gboolean
copy_database (const char  *source,
               const char  *target,
               GError     **error)
{
  sqlite3 *from = NULL;
  sqlite3 *to = NULL;
  sqlite3_backup *backup;
  gboolean ok = FALSE;
  int rc = SQLITE_OK;

  /* Read-only: the backup must never change the live database (no migration, no
   * checkpoint of its own making). */
  if (sqlite3_open_v2 (source, &from, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK)
    {
      set_sqlite_error (error, from, _("Cannot open the database %s"), source);
      goto out;
    }
  sqlite3_busy_timeout (from, 5000);
  if (sqlite3_open_v2 (target, &to,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, to, _("Cannot make the database copy %s"), target);
      goto out;
    }
  g_chmod (target, 0600);

  backup = sqlite3_backup_init (to, "main", from, "main");
  if (backup == NULL)
    {
      set_sqlite_error (error, to, _("Cannot back up %s"), source);
      goto out;
    }
  for (guint attempt = 0; attempt < BUSY_RETRIES; attempt++)
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
        break;
      sqlite3_sleep (BUSY_RETRY_MS);
    }
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_FAILED,
                   _("Cannot back up the database %s: %s"), source, sqlite3_errstr (rc));
      goto out;
    }

  /* One self-contained file: the copy leaves WAL mode (a restored server turns it on
   * again when it opens the database). */
  if (sqlite3_exec (to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, to, _("Cannot finish the database copy %s"), target);
      goto out;
    }
  ok = TRUE;

out:
  if (to != NULL && sqlite3_close (to) != SQLITE_OK && ok)
    ok = set_sqlite_error (error, to, _("Cannot close the database copy %s"), target);
  sqlite3_close (from);
  return ok;
}

static char *
blob_path (const char *folder,
           const char *sha256)
{
  char prefix[3] = { sha256[0], sha256[1], '\0' };

  return g_build_filename (folder, BLOB_FOLDER, prefix, sha256, NULL);
}

/* Puts blob @entry of the data folder into the backup: a hard link when both are on one
 * file system (blobs are never changed in place, so sharing the file is safe), else a
 * copy through the backup's own blob store, which checks the hash on the way. */
static gboolean
back_up_blob (const char       *data_dir,
              PlenumBlobStore  *store,
              const BlobEntry  *entry,
              gboolean         *linked,
              GError          **error)
{
  g_autofree char *source = blob_path (data_dir, entry->sha256);
  g_autofree char *target = plenum_blob_store_path (store, entry->sha256);
  g_autofree char *target_dir = g_path_get_dirname (target);
  guint64 size = 0;

  if (!file_size (source, &size, error))
    return FALSE;
  if (size != entry->size)
    {
      g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_CORRUPT,
                   _("The blob %s has %llu bytes; the database says %llu"), source,
                   (unsigned long long) size, (unsigned long long) entry->size);
      return FALSE;
    }
  if (g_mkdir_with_parents (target_dir, 0700) != 0)
    return set_errno_error (error, errno, _("Cannot make %s"), target_dir);

  *linked = FALSE;
  if (link (source, target) == 0)
    {
      *linked = TRUE;
      return TRUE;
    }
  if (errno != EXDEV && errno != EPERM && errno != EMLINK && errno != ENOTSUP &&
      errno != EACCES)
    return set_errno_error (error, errno, _("Cannot link %s"), target);
  return plenum_blob_store_import_file (store, source, entry->sha256, NULL, error);
}

static char *
manifest_new (int                  schema_version,
              guint64              database_size,
              const char          *database_sha256,
              GArray              *blobs)
{
  g_autoptr(cJSON) manifest = cJSON_CreateObject ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  cJSON *database = cJSON_CreateObject ();
  cJSON *list = cJSON_CreateArray ();

  plenum_json_add_string (manifest, "format", MANIFEST_FORMAT);
  plenum_json_add_int64 (manifest, "version", MANIFEST_VERSION);
  plenum_json_add_time (manifest, "created_at", now);
  plenum_json_add_string (manifest, "server_version", PLENUM_VERSION);
  plenum_json_add_int64 (manifest, "schema_version", schema_version);
  plenum_json_add_int64 (database, "size", (gint64) database_size);
  plenum_json_add_string (database, "sha256", database_sha256);
  cJSON_AddItemToObject (manifest, "database", database);
  for (guint i = 0; i < blobs->len; i++)
    {
      const BlobEntry *entry = &g_array_index (blobs, BlobEntry, i);
      cJSON *item = cJSON_CreateObject ();

      plenum_json_add_string (item, "sha256", entry->sha256);
      plenum_json_add_int64 (item, "size", (gint64) entry->size);
      cJSON_AddItemToArray (list, item);
    }
  cJSON_AddItemToObject (manifest, "blobs", list);
  return plenum_json_print (manifest);
}

static gboolean
do_backup (const char           *data_dir,
           const char           *backup_dir,
           PlenumBackupSummary  *summary,
           GError              **error)
{
  g_autofree char *source_db = g_build_filename (data_dir, DATABASE_NAME, NULL);
  g_autofree char *target_db = g_build_filename (backup_dir, DATABASE_NAME, NULL);
  g_autofree char *blob_dir = g_build_filename (backup_dir, BLOB_FOLDER, NULL);
  g_autofree char *manifest_path = g_build_filename (backup_dir, PLENUM_BACKUP_MANIFEST, NULL);
  g_autofree char *database_sha256 = NULL;
  g_autofree char *manifest = NULL;
  g_autoptr(GArray) blobs = g_array_new (FALSE, FALSE, sizeof (BlobEntry));
  g_autoptr(PlenumBlobStore) store = NULL;
  g_autoptr(GHashTable) blob_dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           NULL);
  GHashTableIter iter;
  gpointer key;

  if (!copy_database (source_db, target_db, error) ||
      !inspect_database (target_db, &summary->schema_version, blobs, error) ||
      !file_size (target_db, &summary->database_size, error) ||
      !file_sha256 (target_db, &database_sha256, error))
    return FALSE;

  store = plenum_blob_store_new (blob_dir, error);
  if (store == NULL)
    return FALSE;
  for (guint i = 0; i < blobs->len; i++)
    {
      const BlobEntry *entry = &g_array_index (blobs, BlobEntry, i);
      g_autofree char *path = plenum_blob_store_path (store, entry->sha256);
      gboolean linked = FALSE;

      if (!back_up_blob (data_dir, store, entry, &linked, error))
        return FALSE;
      summary->n_blobs++;
      summary->n_linked += linked ? 1 : 0;
      summary->blob_bytes += entry->size;
      g_hash_table_add (blob_dirs, g_path_get_dirname (path));
    }

  /* What the manifest lists must be on the disk before the manifest is. */
  g_hash_table_iter_init (&iter, blob_dirs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!fsync_path (key, error))
      return FALSE;
  if (!fsync_path (blob_dir, error) || !fsync_path (backup_dir, error))
    return FALSE;

  manifest = manifest_new (summary->schema_version, summary->database_size, database_sha256,
                           blobs);
  return g_file_set_contents_full (manifest_path, manifest, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}

gboolean
plenum_server_backup (const char           *data_dir,
                      const char           *backup_dir,
                      PlenumBackupSummary  *summary,
                      GError              **error)
{
  g_autofree char *source_db = NULL;
  PlenumBackupSummary local_summary = { 0 };
  gboolean existed = FALSE;

  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (backup_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  source_db = g_build_filename (data_dir, DATABASE_NAME, NULL);
  if (!g_file_test (source_db, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_NO_DATA,
                   _("%s holds no database (%s); nothing to back up"), data_dir, DATABASE_NAME);
      return FALSE;
    }
  if (!check_empty_folder (backup_dir, &existed, error))
    return FALSE;
  if (g_mkdir_with_parents (backup_dir, 0700) != 0)
    return set_errno_error (error, errno, _("Cannot make %s"), backup_dir);

  if (!do_backup (data_dir, backup_dir, &local_summary, error))
    {
      /* Nothing half-made stays behind to be mistaken for a backup. */
      empty_folder (backup_dir);
      if (!existed)
        g_rmdir (backup_dir);
      return FALSE;
    }
  if (summary != NULL)
    *summary = local_summary;
  return TRUE;
}

/* Restore */

typedef struct {
  int        schema_version;
  guint64    database_size;
  char      *database_sha256;
  GArray    *blobs;        /* BlobEntry */
  GHashTable *blob_names;  /* sha256 → the BlobEntry's index + 1 */
} Manifest;

static void
manifest_free (Manifest *manifest)
{
  g_free (manifest->database_sha256);
  g_clear_pointer (&manifest->blobs, g_array_unref);
  g_clear_pointer (&manifest->blob_names, g_hash_table_unref);
  g_free (manifest);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Manifest, manifest_free)

static Manifest *
manifest_read (const char  *backup_dir,
               GError     **error)
{
  static const char * const top_keys[] = {
    "format", "version", "created_at", "server_version", "schema_version", "database",
    "blobs", NULL
  };
  static const char * const database_keys[] = { "size", "sha256", NULL };
  static const char * const blob_keys[] = { "sha256", "size", NULL };
  g_autofree char *path = g_build_filename (backup_dir, PLENUM_BACKUP_MANIFEST, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(Manifest) manifest = g_new0 (Manifest, 1);
  g_autoptr(GDateTime) created_at = NULL;
  const char *format = NULL;
  const char *server_version = NULL;
  const char *database_sha256 = NULL;
  const cJSON *database = NULL;
  const cJSON *blobs = NULL;
  const cJSON *item;
  gint64 version = 0;
  gint64 schema_version = 0;
  gint64 database_size = 0;
  gsize length = 0;
  guint index = 0;

  if (!g_file_get_contents (path, &text, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_INCOMPLETE,
                     _("%s has no %s: not a backup, or one that did not finish"), backup_dir,
                     PLENUM_BACKUP_MANIFEST);
      else
        g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_FAILED, "%s",
                     local_error->message);
      return NULL;
    }

  root = plenum_json_parse (text, (gssize) length, &local_error);
  if (root == NULL ||
      !plenum_json_check_object (root, "", top_keys, &local_error) ||
      !plenum_json_get_string (root, "", "format", PLENUM_JSON_REQUIRED, &format,
                               &local_error) ||
      !plenum_json_get_int64 (root, "", "version", PLENUM_JSON_REQUIRED, 1, G_MAXINT,
                              &version, &local_error) ||
      !plenum_json_get_time (root, "", "created_at", PLENUM_JSON_REQUIRED, &created_at,
                             &local_error) ||
      !plenum_json_get_string (root, "", "server_version", PLENUM_JSON_REQUIRED,
                               &server_version, &local_error) ||
      !plenum_json_get_int64 (root, "", "schema_version", PLENUM_JSON_REQUIRED, 1, G_MAXINT,
                              &schema_version, &local_error) ||
      !plenum_json_get_object (root, "", "database", PLENUM_JSON_REQUIRED, &database,
                               &local_error) ||
      !plenum_json_check_object (database, "database", database_keys, &local_error) ||
      !plenum_json_get_int64 (database, "database", "size", PLENUM_JSON_REQUIRED, 1,
                              G_MAXINT64, &database_size, &local_error) ||
      !plenum_json_get_sha256 (database, "database", "sha256", PLENUM_JSON_REQUIRED,
                               &database_sha256, &local_error) ||
      !plenum_json_get_array (root, "", "blobs", PLENUM_JSON_REQUIRED, MAX_BLOBS, &blobs,
                              &local_error))
    {
      g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_CORRUPT, "%s: %s", path,
                   local_error->message);
      return NULL;
    }
  if (!g_str_equal (format, MANIFEST_FORMAT) || version != MANIFEST_VERSION)
    {
      g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_TOO_NEW,
                   _("%s: not a backup this server reads (format “%s”, version %lld)"), path,
                   format, (long long) version);
      return NULL;
    }
  if (schema_version > plenum_server_db_latest_schema_version ())
    {
      g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_TOO_NEW,
                   _("The backup in %s was made by plenum-server %s with schema version "
                     "%lld; this server knows up to %d: restore it with that version or a "
                     "newer one"), backup_dir, server_version, (long long) schema_version,
                   plenum_server_db_latest_schema_version ());
      return NULL;
    }

  manifest->schema_version = (int) schema_version;
  manifest->database_size = (guint64) database_size;
  manifest->database_sha256 = g_strdup (database_sha256);
  manifest->blobs = g_array_new (FALSE, FALSE, sizeof (BlobEntry));
  manifest->blob_names = g_hash_table_new (g_str_hash, g_str_equal);
  cJSON_ArrayForEach (item, blobs)
    {
      g_autofree char *where = plenum_json_path_index ("blobs", index++);
      const char *sha256 = NULL;
      gint64 size = 0;
      BlobEntry entry;

      if (!plenum_json_check_object (item, where, blob_keys, &local_error) ||
          !plenum_json_get_sha256 (item, where, "sha256", PLENUM_JSON_REQUIRED, &sha256,
                                   &local_error) ||
          !plenum_json_get_int64 (item, where, "size", PLENUM_JSON_REQUIRED, 0, G_MAXINT64,
                                  &size, &local_error))
        {
          g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_CORRUPT, "%s: %s",
                       path, local_error->message);
          return NULL;
        }
      memcpy (entry.sha256, sha256, sizeof entry.sha256);
      entry.size = (guint64) size;
      g_array_append_val (manifest->blobs, entry);
    }
  /* The keys point into the array, which no longer grows. */
  for (guint i = 0; i < manifest->blobs->len; i++)
    {
      BlobEntry *entry = &g_array_index (manifest->blobs, BlobEntry, i);

      if (!g_hash_table_insert (manifest->blob_names, entry->sha256, GUINT_TO_POINTER (i + 1)))
        {
          g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_CORRUPT,
                       _("%s: the blob %s is listed twice"), path, entry->sha256);
          return NULL;
        }
    }
  return g_steal_pointer (&manifest);
}

/* The data folder's lock, as plenum-server takes it (server/main.c): a server started on
 * the folder while the restore writes is refused. */
static int
lock_folder (const char  *data_dir,
             GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, "lock", NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      set_errno_error (error, errno, _("Cannot open %s"), path);
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_BUSY,
                   _("Another plenum-server is using %s"), data_dir);
      close (fd);
      return -1;
    }
  return fd;
}

static gboolean
do_restore (const char           *backup_dir,
            const char           *data_dir,
            Manifest             *manifest,
            PlenumBackupSummary  *summary,
            GError              **error)
{
  g_autofree char *source_db = g_build_filename (backup_dir, DATABASE_NAME, NULL);
  g_autofree char *final_db = g_build_filename (data_dir, DATABASE_NAME, NULL);
  g_autofree char *partial_db = g_build_filename (data_dir, DATABASE_NAME ".restoring", NULL);
  g_autofree char *blob_dir = g_build_filename (data_dir, BLOB_FOLDER, NULL);
  g_autofree char *database_sha256 = NULL;
  g_autoptr(GArray) listed = g_array_new (FALSE, FALSE, sizeof (BlobEntry));
  g_autoptr(PlenumBlobStore) store = NULL;
  g_autoptr(GHashTable) blob_dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           NULL);
  GHashTableIter iter;
  gpointer key;
  guint64 size = 0;
  int schema_version = 0;

  /* The database first, under a name no server opens, so that a damaged backup is
   * refused before any blob is copied. */
  if (!file_size (source_db, &size, error) ||
      !copy_and_hash (source_db, partial_db, &size, &database_sha256, error))
    return FALSE;
  if (size != manifest->database_size || !g_str_equal (database_sha256,
                                                       manifest->database_sha256))
    {
      g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_CORRUPT,
                   _("%s does not match the manifest (size or SHA-256): the backup is damaged"),
                   source_db);
      return FALSE;
    }
  if (!inspect_database (partial_db, &schema_version, listed, error))
    return FALSE;
  if (schema_version != manifest->schema_version)
    {
      g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_CORRUPT,
                   _("%s has schema version %d; the manifest says %d"), source_db,
                   schema_version, manifest->schema_version);
      return FALSE;
    }
  for (guint i = 0; i < listed->len; i++)
    {
      const BlobEntry *entry = &g_array_index (listed, BlobEntry, i);

      if (!g_hash_table_contains (manifest->blob_names, entry->sha256))
        {
          g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_INCOMPLETE,
                       _("The database lists the blob %s, which the backup lacks"),
                       entry->sha256);
          return FALSE;
        }
    }

  store = plenum_blob_store_new (blob_dir, error);
  if (store == NULL)
    return FALSE;
  for (guint i = 0; i < manifest->blobs->len; i++)
    {
      const BlobEntry *entry = &g_array_index (manifest->blobs, BlobEntry, i);
      g_autofree char *source = blob_path (backup_dir, entry->sha256);
      g_autofree char *target = plenum_blob_store_path (store, entry->sha256);
      g_autoptr(GError) local_error = NULL;

      if (!file_size (source, &size, error))
        return FALSE;
      if (size != entry->size)
        {
          g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_CORRUPT,
                       _("The blob %s has %llu bytes; the manifest says %llu"), source,
                       (unsigned long long) size, (unsigned long long) entry->size);
          return FALSE;
        }
      /* Copied, never linked: the new data folder must not share files with a backup
       * that may be moved, pruned or damaged later. The copy checks the hash. */
      if (!plenum_blob_store_import_file (store, source, entry->sha256, NULL, &local_error))
        {
          if (g_error_matches (local_error, PLENUM_BLOB_ERROR, PLENUM_BLOB_ERROR_HASH_MISMATCH))
            g_set_error (error, PLENUM_BACKUP_ERROR, PLENUM_BACKUP_ERROR_CORRUPT,
                         _("The blob %s does not hash to its name: the backup is damaged"),
                         source);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      summary->n_blobs++;
      summary->blob_bytes += entry->size;
      g_hash_table_add (blob_dirs, g_path_get_dirname (target));
    }
  g_hash_table_iter_init (&iter, blob_dirs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!fsync_path (key, error))
      return FALSE;
  if (!fsync_path (blob_dir, error))
    return FALSE;

  /* Last: until the database is in place, the folder is no data folder a server would
   * serve from. */
  if (g_rename (partial_db, final_db) != 0)
    return set_errno_error (error, errno, _("Cannot rename into place %s"), final_db);
  if (!fsync_path (data_dir, error))
    return FALSE;
  summary->schema_version = schema_version;
  summary->database_size = manifest->database_size;
  return TRUE;
}

gboolean
plenum_server_restore (const char           *backup_dir,
                       const char           *data_dir,
                       PlenumBackupSummary  *summary,
                       GError              **error)
{
  g_autoptr(Manifest) manifest = NULL;
  PlenumBackupSummary local_summary = { 0 };
  gboolean existed = FALSE;
  gboolean ok;
  int lock_fd;

  g_return_val_if_fail (backup_dir != NULL, FALSE);
  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  manifest = manifest_read (backup_dir, error);
  if (manifest == NULL)
    return FALSE;
  /* Never over a data folder that holds anything: restoring is not merging, and a
   * mistyped folder must not lose a live database. */
  if (!check_empty_folder (data_dir, &existed, error))
    return FALSE;
  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    return set_errno_error (error, errno, _("Cannot make %s"), data_dir);
  lock_fd = lock_folder (data_dir, error);
  if (lock_fd < 0)
    return FALSE;

  ok = do_restore (backup_dir, data_dir, manifest, &local_summary, error);
  if (!ok)
    {
      /* The folder was empty and is ours while locked: leave it empty again, so that
       * the restore can simply be run again. */
      empty_folder (data_dir);
      close (lock_fd);
      if (!existed)
        g_rmdir (data_dir);
      return FALSE;
    }
  close (lock_fd);
  if (summary != NULL)
    *summary = local_summary;
  return TRUE;
}
