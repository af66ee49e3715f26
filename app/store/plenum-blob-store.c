/* plenum-blob-store.c — content-addressed blobs on disk; see plenum-blob-store.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-blob-store"

#include "plenum-blob-store.h"
#include "plenum-store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "core/plenum-hash.h"
#include "core/plenum-json.h"

/* Reads of a partial or stored blob, for hashing. */
#define READ_CHUNK (256 * 1024)

/* How many bytes a writer holds for its thread before plenum_blob_writer_write() waits
 * for the disk: a few hundred of curl's chunks. */
#define WRITER_QUEUE_LIMIT (4 * 1024 * 1024)

struct _PlenumBlobStore
{
  GObject parent_instance;

  /* Set at construction, never changed: any thread. */
  char *blobs_dir;     /* <data-dir>/blobs */
  char *partial_dir;   /* <data-dir>/blobs/partial */

  /* The hashes with an open writer, guarded by @lock. */
  GMutex lock;
  GHashTable *writing;
};

G_DEFINE_FINAL_TYPE (PlenumBlobStore, plenum_blob_store, G_TYPE_OBJECT)

typedef enum {
  WRITER_OPEN,
  WRITER_FINISHING, /* handed to a worker by finish_async */
  WRITER_SPENT,
} WriterState;

struct _PlenumBlobWriter
{
  GObject parent_instance;

  /* Set at creation, never changed. */
  PlenumBlobStore *store;
  char *sha256;
  char *partial_path;
  guint64 expected_size;

  /* Used by one thread at a time: the caller's, or the worker of finish_async while
   * state is WRITER_FINISHING (the caller must not touch the writer then). */
  WriterState state;
  int fd;
  guint64 offset;       /* bytes accepted by plenum_blob_writer_write() */

  /* The writer's thread (started by the first write, joined by drain()) appends the
   * queued chunks to the file and feeds @hash; while it runs, only it touches @hash,
   * @written and the file. The queue and the error are guarded by @lock. */
  GThread *thread;
  GMutex lock;
  GCond cond;
  GQueue chunks;        /* GBytes, in file order */
  gsize queued;         /* bytes in @chunks and in the chunk being written */
  gboolean quit;        /* drain(): write what is queued, then end */
  GError *thread_error; /* the first failure; the chunks after it are dropped */
  guint64 written;      /* the partial file's length: a prefix that @hash has seen */
  PlenumSha256 *hash;
};

G_DEFINE_FINAL_TYPE (PlenumBlobWriter, plenum_blob_writer, G_TYPE_OBJECT)

/* Paths, only ever from a checked hash */

static char *
final_dir_for (PlenumBlobStore *self,
               const char      *sha256)
{
  char prefix[3] = { sha256[0], sha256[1], '\0' };

  g_assert (plenum_is_sha256_hex (sha256));
  return g_build_filename (self->blobs_dir, prefix, NULL);
}

static char *
final_path_for (PlenumBlobStore *self,
                const char      *sha256)
{
  g_autofree char *dir = final_dir_for (self, sha256);

  return g_build_filename (dir, sha256, NULL);
}

static char *
partial_path_for (PlenumBlobStore *self,
                  const char      *sha256)
{
  g_autofree char *name = g_strconcat (sha256, ".part", NULL);

  g_assert (plenum_is_sha256_hex (sha256));
  return g_build_filename (self->partial_dir, name, NULL);
}

static gboolean
check_name (const char  *sha256,
            GError     **error)
{
  if (sha256 != NULL && plenum_is_sha256_hex (sha256))
    return TRUE;
  g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID,
                       "A blob is named by 64 lowercase hexadecimal digits");
  return FALSE;
}

/* mkdir 0700; TRUE also when it exists. *made says whether it was made now. */
static gboolean
make_dir (const char  *path,
          gboolean    *made,
          GError     **error)
{
  if (made != NULL)
    *made = FALSE;
  if (g_mkdir (path, 0700) == 0)
    {
      if (made != NULL)
        *made = TRUE;
      return TRUE;
    }
  if (errno == EEXIST && g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;
  plenum_store_set_errno_error (error, errno, "Cannot make a blob folder");
  return FALSE;
}

/* Hashes the first @length bytes of @fd into @hash. */
static gboolean
hash_fd (int            fd,
         guint64        length,
         PlenumSha256  *hash,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autofree guint8 *buffer = g_malloc (READ_CHUNK);
  guint64 done = 0;

  while (done < length)
    {
      gsize want = (gsize) MIN ((guint64) READ_CHUNK, length - done);
      gssize got = pread (fd, buffer, want, (off_t) done);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          plenum_store_set_errno_error (error, errno, "Cannot read a blob");
          return FALSE;
        }
      if (got == 0)
        {
          g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_IO,
                               "A blob file became shorter while it was read");
          return FALSE;
        }
      plenum_sha256_update (hash, buffer, (gsize) got);
      done += (guint64) got;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
  return TRUE;
}

/* The store */

static void
plenum_blob_store_finalize (GObject *object)
{
  PlenumBlobStore *self = PLENUM_BLOB_STORE (object);

  g_free (self->blobs_dir);
  g_free (self->partial_dir);
  g_clear_pointer (&self->writing, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (plenum_blob_store_parent_class)->finalize (object);
}

static void
plenum_blob_store_class_init (PlenumBlobStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plenum_blob_store_finalize;
}

static void
plenum_blob_store_init (PlenumBlobStore *self)
{
  g_mutex_init (&self->lock);
  self->writing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

PlenumBlobStore *
plenum_blob_store_new (const char  *data_dir,
                       GError     **error)
{
  g_autoptr(PlenumBlobStore) self = NULL;
  gboolean made;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (PLENUM_TYPE_BLOB_STORE, NULL);
  self->blobs_dir = g_build_filename (data_dir, "blobs", NULL);
  self->partial_dir = g_build_filename (self->blobs_dir, "partial", NULL);

  /* A new folder's name is synced into its parent: else a power cut could take blobs/
   * away, with every blob that plenum_blob_writer_finish_async() said was in place. */
  if (!make_dir (self->blobs_dir, &made, error) ||
      (made && !plenum_store_fsync_dir (data_dir, error)) ||
      !make_dir (self->partial_dir, &made, error) ||
      (made && !plenum_store_fsync_dir (self->blobs_dir, error)))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
plenum_blob_store_get_dir (PlenumBlobStore *self)
{
  g_return_val_if_fail (PLENUM_IS_BLOB_STORE (self), NULL);
  return self->blobs_dir;
}

char *
plenum_blob_store_lookup (PlenumBlobStore *self,
                          const char      *sha256)
{
  g_autofree char *path = NULL;
  struct stat st;

  g_return_val_if_fail (PLENUM_IS_BLOB_STORE (self), NULL);

  if (sha256 == NULL || !plenum_is_sha256_hex (sha256))
    return NULL;
  path = final_path_for (self, sha256);
  if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return NULL;
  return g_steal_pointer (&path);
}

guint64
plenum_blob_store_get_partial_size (PlenumBlobStore *self,
                                    const char      *sha256)
{
  g_autofree char *path = NULL;
  struct stat st;

  g_return_val_if_fail (PLENUM_IS_BLOB_STORE (self), 0);

  if (sha256 == NULL || !plenum_is_sha256_hex (sha256))
    return 0;
  path = partial_path_for (self, sha256);
  if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return 0;
  return (guint64) st.st_size;
}

static gboolean
claim (PlenumBlobStore  *self,
       const char       *sha256,
       GError          **error)
{
  gboolean claimed;

  g_mutex_lock (&self->lock);
  claimed = g_hash_table_add (self->writing, g_strdup (sha256));
  g_mutex_unlock (&self->lock);

  if (!claimed)
    g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_BUSY,
                         "This blob is already being written");
  return claimed;
}

static void
release (PlenumBlobStore *self,
         const char      *sha256)
{
  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->writing, sha256);
  g_mutex_unlock (&self->lock);
}

PlenumBlobWriter *
plenum_blob_store_begin_write (PlenumBlobStore  *self,
                               const char       *sha256,
                               guint64           expected_size,
                               GError          **error)
{
  g_autoptr(PlenumBlobWriter) writer = NULL;
  struct stat st;

  g_return_val_if_fail (PLENUM_IS_BLOB_STORE (self), NULL);

  if (!check_name (sha256, error) || !claim (self, sha256, error))
    return NULL;

  writer = g_object_new (PLENUM_TYPE_BLOB_WRITER, NULL);
  writer->store = g_object_ref (self);
  writer->sha256 = g_strdup (sha256);
  writer->partial_path = partial_path_for (self, sha256);
  writer->expected_size = expected_size;
  writer->hash = plenum_sha256_new ();

  writer->fd = g_open (writer->partial_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (writer->fd < 0)
    {
      plenum_store_set_errno_error (error, errno, "Cannot open a partial download");
      return NULL;
    }
  if (fstat (writer->fd, &st) != 0)
    {
      plenum_store_set_errno_error (error, errno, "Cannot read a partial download's size");
      return NULL;
    }

  if (expected_size != PLENUM_BLOB_SIZE_UNKNOWN && (guint64) st.st_size > expected_size)
    {
      /* Longer than the blob: it cannot be a prefix of it. */
      if (!plenum_blob_writer_restart (writer, error))
        return NULL;
    }
  else if (st.st_size > 0)
    {
      if (!hash_fd (writer->fd, (guint64) st.st_size, writer->hash, NULL, error))
        return NULL;
      writer->offset = (guint64) st.st_size;
      g_debug ("Resuming blob %s at byte %" G_GUINT64_FORMAT, sha256, writer->offset);
    }

  writer->state = WRITER_OPEN;
  return g_steal_pointer (&writer);
}

typedef struct {
  char *sha256;
  guint64 expected_size;
} BeginData;

static void
begin_data_free (gpointer data)
{
  BeginData *d = data;

  g_free (d->sha256);
  g_free (d);
}

static void
begin_write_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  BeginData *d = task_data;
  GError *error = NULL;
  PlenumBlobWriter *writer;

  writer = plenum_blob_store_begin_write (source_object, d->sha256, d->expected_size, &error);
  if (writer != NULL)
    g_task_return_pointer (task, writer, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
plenum_blob_store_begin_write_async (PlenumBlobStore     *self,
                                     const char          *sha256,
                                     guint64              expected_size,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BeginData *d;

  g_return_if_fail (PLENUM_IS_BLOB_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_blob_store_begin_write_async);
  d = g_new0 (BeginData, 1);
  d->sha256 = g_strdup (sha256);
  d->expected_size = expected_size;
  g_task_set_task_data (task, d, begin_data_free);
  g_task_run_in_thread (task, begin_write_thread);
}

PlenumBlobWriter *
plenum_blob_store_begin_write_finish (PlenumBlobStore  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (PLENUM_IS_BLOB_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_blob_store_begin_write_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PlenumBlobStore *self = source_object;
  const char *sha256 = task_data;
  g_autofree char *path = final_path_for (self, sha256);
  g_autoptr(PlenumSha256) hash = plenum_sha256_new ();
  g_autofree char *digest = NULL;
  GError *error = NULL;
  struct stat st;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    {
      if (errno == ENOENT)
        g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND,
                                 "The blob is not stored");
      else
        {
          plenum_store_set_errno_error (&error, errno, "Cannot open a blob");
          g_task_return_error (task, error);
        }
      return;
    }
  if (fstat (fd, &st) != 0)
    {
      plenum_store_set_errno_error (&error, errno, "Cannot read a blob's size");
      close (fd);
      g_task_return_error (task, error);
      return;
    }
  if (!hash_fd (fd, (guint64) st.st_size, hash, cancellable, &error))
    {
      close (fd);
      g_task_return_error (task, error);
      return;
    }
  close (fd);

  digest = plenum_sha256_finish (hash);
  if (strcmp (digest, sha256) == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_warning ("Stored blob %s is damaged; deleting it", sha256);
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      plenum_store_set_errno_error (&error, errno, "Cannot delete a damaged blob");
      g_task_return_error (task, error);
      return;
    }
  g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_HASH_MISMATCH,
                           "The stored blob was damaged and has been deleted");
}

void
plenum_blob_store_verify_async (PlenumBlobStore     *self,
                                const char          *sha256,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (PLENUM_IS_BLOB_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_blob_store_verify_async);
  if (!check_name (sha256, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, g_strdup (sha256), g_free);
  g_task_run_in_thread (task, verify_thread);
}

gboolean
plenum_blob_store_verify_finish (PlenumBlobStore  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (PLENUM_IS_BLOB_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_blob_store_verify_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
plenum_blob_store_remove (PlenumBlobStore  *self,
                          const char       *sha256,
                          GError          **error)
{
  g_autofree char *final_path = NULL;
  g_autofree char *partial_path = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (PLENUM_IS_BLOB_STORE (self), FALSE);

  if (!check_name (sha256, error) || !claim (self, sha256, error))
    return FALSE;

  final_path = final_path_for (self, sha256);
  partial_path = partial_path_for (self, sha256);
  if (g_unlink (final_path) != 0 && errno != ENOENT)
    {
      plenum_store_set_errno_error (error, errno, "Cannot delete a blob");
      ok = FALSE;
    }
  else if (g_unlink (partial_path) != 0 && errno != ENOENT)
    {
      plenum_store_set_errno_error (error, errno, "Cannot delete a partial download");
      ok = FALSE;
    }
  release (self, sha256);
  return ok;
}

/* The writer */

/* The writer's thread: appends each queued chunk at @written and hashes it. A failed
 * write cuts the file back to what it held before that chunk, so the file stays a
 * prefix that the hash has seen, and drops everything queued after it. */
static gpointer
writer_thread (gpointer data)
{
  PlenumBlobWriter *self = data;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      g_autoptr(GBytes) chunk = NULL;
      const guint8 *bytes;
      gsize len, done = 0;
      int errsv = 0;

      while (g_queue_is_empty (&self->chunks) && !self->quit)
        g_cond_wait (&self->cond, &self->lock);
      chunk = g_queue_pop_head (&self->chunks);
      if (chunk == NULL)
        break;
      g_mutex_unlock (&self->lock);

      bytes = g_bytes_get_data (chunk, &len);
      while (done < len)
        {
          gssize n = pwrite (self->fd, bytes + done, len - done, (off_t) (self->written + done));

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            {
              errsv = n < 0 ? errno : ENOSPC;
              break;
            }
          done += (gsize) n;
        }
      if (errsv == 0)
        {
          plenum_sha256_update (self->hash, bytes, len);
          self->written += len;
        }
      else if (done > 0 && ftruncate (self->fd, (off_t) self->written) != 0)
        g_warning ("Cannot cut a partial download back: %s", g_strerror (errno));

      g_mutex_lock (&self->lock);
      self->queued -= len;
      if (errsv != 0)
        {
          GBytes *dropped;

          plenum_store_set_errno_error (&self->thread_error, errsv,
                                        "Cannot write a download to disk");
          while ((dropped = g_queue_pop_head (&self->chunks)) != NULL)
            g_bytes_unref (dropped);
          self->queued = 0;
          g_cond_broadcast (&self->cond);
          break;
        }
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* Waits until everything queued is on disk (or dropped after a failure) and ends the
 * thread. Afterwards @offset is the partial file's length again. Returns FALSE with the
 * thread's error, which stays with the writer: it cannot be written to any more. */
static gboolean
drain (PlenumBlobWriter  *self,
       GError           **error)
{
  if (self->thread != NULL)
    {
      g_mutex_lock (&self->lock);
      self->quit = TRUE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
      g_thread_join (g_steal_pointer (&self->thread));
      self->quit = FALSE;
      self->offset = self->written;
    }
  if (self->thread_error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (self->thread_error);
      return FALSE;
    }
  return TRUE;
}

/* Closes the file and lets another writer start; the partial file stays. */
static void
writer_close (PlenumBlobWriter *self)
{
  drain (self, NULL);
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
  g_clear_pointer (&self->hash, plenum_sha256_free);
  if (self->store != NULL && self->state != WRITER_SPENT)
    release (self->store, self->sha256);
  self->state = WRITER_SPENT;
}

static void
plenum_blob_writer_dispose (GObject *object)
{
  PlenumBlobWriter *self = PLENUM_BLOB_WRITER (object);

  /* Only an open writer (or one that never finished beginning) gets here unspent. */
  if (self->state != WRITER_SPENT)
    writer_close (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (plenum_blob_writer_parent_class)->dispose (object);
}

static void
plenum_blob_writer_finalize (GObject *object)
{
  PlenumBlobWriter *self = PLENUM_BLOB_WRITER (object);

  g_assert (self->thread == NULL);
  g_free (self->sha256);
  g_free (self->partial_path);
  g_clear_error (&self->thread_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (plenum_blob_writer_parent_class)->finalize (object);
}

static void
plenum_blob_writer_class_init (PlenumBlobWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plenum_blob_writer_dispose;
  object_class->finalize = plenum_blob_writer_finalize;
}

static void
plenum_blob_writer_init (PlenumBlobWriter *self)
{
  self->fd = -1;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->chunks);
  /* Claimed but not yet usable: begin_write sets WRITER_OPEN once the file is ready. */
  self->state = WRITER_OPEN;
}

const char *
plenum_blob_writer_get_sha256 (PlenumBlobWriter *self)
{
  g_return_val_if_fail (PLENUM_IS_BLOB_WRITER (self), NULL);
  return self->sha256;
}

guint64
plenum_blob_writer_get_expected_size (PlenumBlobWriter *self)
{
  g_return_val_if_fail (PLENUM_IS_BLOB_WRITER (self), 0);
  return self->expected_size;
}

guint64
plenum_blob_writer_get_offset (PlenumBlobWriter *self)
{
  g_return_val_if_fail (PLENUM_IS_BLOB_WRITER (self), 0);
  return self->offset;
}

static gboolean
check_open (PlenumBlobWriter  *self,
            GError           **error)
{
  if (self->state == WRITER_OPEN && self->fd >= 0)
    return TRUE;
  g_set_error_literal (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_IO,
                       "This blob writer is already finished or aborted");
  return FALSE;
}

/* Queues @len bytes at @data for the writer's thread: @bytes when the caller has them as
 * a GBytes (a reference is taken), else a copy is made. */
static gboolean
queue_chunk (PlenumBlobWriter  *self,
             GBytes            *bytes,
             const void        *data,
             gsize              len,
             GError           **error)
{
  if (!check_open (self, error))
    return FALSE;
  if (self->expected_size != PLENUM_BLOB_SIZE_UNKNOWN &&
      (len > self->expected_size || self->offset > self->expected_size - len))
    {
      g_set_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_HASH_MISMATCH,
                   "The blob has %" G_GUINT64_FORMAT " bytes; more arrived",
                   self->expected_size);
      return FALSE;
    }
  if (len == 0)
    return TRUE;

  if (self->thread == NULL && self->thread_error == NULL)
    {
      self->written = self->offset;
      self->thread = g_thread_new ("plenum-blob-writer", writer_thread, self);
    }

  g_mutex_lock (&self->lock);
  while (self->thread_error == NULL && self->queued > WRITER_QUEUE_LIMIT)
    g_cond_wait (&self->cond, &self->lock);
  if (self->thread_error == NULL)
    {
      g_queue_push_tail (&self->chunks, bytes != NULL ? g_bytes_ref (bytes) : g_bytes_new (data, len));
      self->queued += len;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);

  if (self->thread_error != NULL)
    {
      /* The thread has stopped; after drain() the offset is the file's length. */
      drain (self, error);
      return FALSE;
    }
  self->offset += len;
  return TRUE;
}

gboolean
plenum_blob_writer_write (PlenumBlobWriter  *self,
                          const void        *data,
                          gsize              len,
                          GError           **error)
{
  g_return_val_if_fail (PLENUM_IS_BLOB_WRITER (self), FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  return queue_chunk (self, NULL, data, len, error);
}

gboolean
plenum_blob_writer_write_bytes (PlenumBlobWriter  *self,
                                GBytes            *bytes,
                                GError           **error)
{
  gsize len;
  const void *data;

  g_return_val_if_fail (PLENUM_IS_BLOB_WRITER (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  data = g_bytes_get_data (bytes, &len);
  return queue_chunk (self, bytes, data, len, error);
}

gboolean
plenum_blob_writer_flush (PlenumBlobWriter  *self,
                          GError           **error)
{
  g_return_val_if_fail (PLENUM_IS_BLOB_WRITER (self), FALSE);

  return check_open (self, error) && drain (self, error);
}

gboolean
plenum_blob_writer_restart (PlenumBlobWriter  *self,
                            GError           **error)
{
  g_return_val_if_fail (PLENUM_IS_BLOB_WRITER (self), FALSE);

  if (!check_open (self, error) || !drain (self, error))
    return FALSE;
  if (ftruncate (self->fd, 0) != 0)
    {
      plenum_store_set_errno_error (error, errno, "Cannot empty a partial download");
      return FALSE;
    }
  plenum_sha256_free (self->hash);
  self->hash = plenum_sha256_new ();
  self->offset = 0;
  return TRUE;
}

static void
finish_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PlenumBlobWriter *self = source_object;
  g_autofree char *digest = NULL;
  g_autofree char *final_dir = final_dir_for (self->store, self->sha256);
  g_autofree char *final_path = final_path_for (self->store, self->sha256);
  GError *error = NULL;
  gboolean made_dir;

  g_assert (self->state == WRITER_FINISHING);
  if (!drain (self, &error))
    {
      /* A failed write (a full disk): the partial file is a good prefix; keep it. */
      g_task_return_error (task, error);
      return;
    }
  digest = plenum_sha256_finish (self->hash);
  g_clear_pointer (&self->hash, plenum_sha256_free);

  if (strcmp (digest, self->sha256) != 0 ||
      (self->expected_size != PLENUM_BLOB_SIZE_UNKNOWN && self->offset != self->expected_size))
    {
      /* Never shown, never kept: it is fetched again from the start. */
      g_message ("Downloaded blob %s does not match its name (%" G_GUINT64_FORMAT
                 " bytes); discarding it", self->sha256, self->offset);
      close (self->fd);
      self->fd = -1;
      g_unlink (self->partial_path);
      g_task_return_new_error (task, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_HASH_MISMATCH,
                               "The downloaded bytes do not match the blob's name");
      return;
    }

  if (fsync (self->fd) != 0)
    {
      plenum_store_set_errno_error (&error, errno, "Cannot sync a downloaded blob");
      g_task_return_error (task, error);
      return;
    }
  plenum_store_durability_point ("fsync-file");
  close (self->fd);
  self->fd = -1;

  if (!make_dir (final_dir, &made_dir, &error) ||
      (made_dir && !plenum_store_fsync_dir (self->store->blobs_dir, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_rename (self->partial_path, final_path) != 0)
    {
      plenum_store_set_errno_error (&error, errno, "Cannot move a verified blob into place");
      g_task_return_error (task, error);
      return;
    }
  if (!plenum_store_fsync_dir (final_dir, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&final_path), g_free);
}

static void
finish_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  PlenumBlobWriter *self = PLENUM_BLOB_WRITER (source_object);
  GError *error = NULL;
  char *path;

  /* Back on the caller's thread: the writer is spent whatever happened. */
  writer_close (self);

  path = g_task_propagate_pointer (G_TASK (result), &error);
  if (path != NULL)
    g_task_return_pointer (outer, path, g_free);
  else
    g_task_return_error (outer, error);
}

void
plenum_blob_writer_finish_async (PlenumBlobWriter    *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;
  GError *error = NULL;

  g_return_if_fail (PLENUM_IS_BLOB_WRITER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_blob_writer_finish_async);

  if (!check_open (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      writer_close (self);
      g_task_return_error (task, error);
      return;
    }

  /* The worker owns the writer's state until finish_done_cb, on this thread, closes it.
   * The inner task does not check the cancellable: once started, the rename is atomic
   * and the outcome is reported as it is. */
  self->state = WRITER_FINISHING;
  inner = g_task_new (self, NULL, finish_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (inner, finish_thread);
  g_task_run_in_thread (inner, finish_thread);
}

char *
plenum_blob_writer_finish_finish (PlenumBlobWriter  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (PLENUM_IS_BLOB_WRITER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_blob_writer_finish_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
plenum_blob_writer_abort (PlenumBlobWriter *self,
                          gboolean          discard)
{
  g_return_if_fail (PLENUM_IS_BLOB_WRITER (self));
  g_return_if_fail (self->state != WRITER_FINISHING);

  if (self->state == WRITER_SPENT)
    {
      /* A finish that failed (a full disk) keeps the partial file for a resume; giving
       * the download up still deletes it, unless another writer has taken it over
       * since. After a successful finish there is no partial file left to delete. */
      if (discard && self->store != NULL
          && !g_hash_table_contains (self->store->writing, self->sha256))
        g_unlink (self->partial_path);
      return;
    }
  if (discard)
    g_unlink (self->partial_path);
  writer_close (self);
}

/* Listing, for pruning */

static void
add_names_in (GStrvBuilder *builder,
              const char   *dir_path,
              const char   *prefix,
              const char   *suffix)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *hash = NULL;

      if (!g_str_has_suffix (name, suffix))
        continue;
      hash = g_strndup (name, strlen (name) - strlen (suffix));
      /* A verified blob is only ever at the path its hash names. */
      if (plenum_is_sha256_hex (hash) && g_str_has_prefix (hash, prefix))
        g_strv_builder_add (builder, hash);
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

char **
plenum_blob_store_list_stored (PlenumBlobStore *self,
                               gboolean         partial)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  char **names;

  g_return_val_if_fail (PLENUM_IS_BLOB_STORE (self), NULL);

  if (partial)
    add_names_in (builder, self->partial_dir, "", ".part");
  else
    {
      /* Only the 256 two-digit folders a hash can name. */
      for (guint i = 0; i < 256; i++)
        {
          char prefix[3];
          g_autofree char *sub = NULL;

          g_snprintf (prefix, sizeof prefix, "%02x", i);
          sub = g_build_filename (self->blobs_dir, prefix, NULL);
          add_names_in (builder, sub, prefix, "");
        }
    }
  names = g_strv_builder_end (builder);
  qsort (names, g_strv_length (names), sizeof (char *), compare_strings);
  return names;
}
