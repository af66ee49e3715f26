/* plenum-server-blobs.c — the content-addressed blob directory; see plenum-server-blobs.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-server"

#include "plenum-server-blobs.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <poppler.h>

#include "core/plenum-hash.h"
#include "core/plenum-json.h"

#define TEMP_PREFIX ".upload-"
#define COPY_BUFFER_SIZE (256 * 1024)

struct _PlenumBlobStore
{
  GObject  parent_instance;

  char    *folder;  /* immutable after construction: safe from any thread */
};

struct _PlenumBlobUpload
{
  PlenumBlobStore *store;
  char             sha256[65];
  char            *dir;
  char            *temp_path;
  char            *final_path;
  int              fd;
  PlenumSha256    *digest;
  guint64          size;
  guint64          max_size;
  gboolean         finished;
};

G_DEFINE_FINAL_TYPE (PlenumBlobStore, plenum_blob_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (plenum-blob-error-quark, plenum_blob_error)

static void
plenum_blob_store_finalize (GObject *object)
{
  PlenumBlobStore *self = (PlenumBlobStore *) object;

  g_free (self->folder);

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
}

static gboolean
set_io_error (GError     **error,
              int          saved_errno,
              const char  *what)
{
  g_set_error (error, PLENUM_BLOB_ERROR, PLENUM_BLOB_ERROR_IO, "%s: %s", what,
               g_strerror (saved_errno));
  return FALSE;
}

static gboolean
fsync_dir (const char  *path,
           GError     **error)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int saved_errno;

  if (fd < 0)
    return set_io_error (error, errno, "Cannot open a blob folder");
  if (fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      return set_io_error (error, saved_errno, "Cannot sync a blob folder");
    }
  close (fd);
  return TRUE;
}

/* Makes @path and whichever of its parents are missing (mode 0700), syncing each new
 * folder's name into its parent: a blob renamed into a new folder and synced there is
 * still lost in a power cut while the folder's own name is not durable
 * (tests/powerloss/). */
static gboolean
make_folder (const char  *path,
             GError     **error)
{
  g_autofree char *parent = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;
  parent = g_path_get_dirname (path);
  if (g_strcmp0 (parent, path) != 0 && !make_folder (parent, error))
    return FALSE;
  if (g_mkdir (path, 0700) != 0 && errno != EEXIST)
    return set_io_error (error, errno, "Cannot make a blob folder");
  return fsync_dir (parent, error);
}

/* Removes the temporary files of uploads that a crash interrupted. Runs before the server
 * accepts connections, while it holds the data folder's lock. */
static void
remove_stale_uploads (PlenumBlobStore *self)
{
  g_autoptr(GDir) top = g_dir_open (self->folder, 0, NULL);
  const char *name;

  while (top != NULL && (name = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *sub = g_build_filename (self->folder, name, NULL);
      g_autoptr(GDir) dir = NULL;
      const char *entry;

      if (strlen (name) != 2 || !g_ascii_isxdigit (name[0]) || !g_ascii_isxdigit (name[1]))
        continue;
      dir = g_dir_open (sub, 0, NULL);
      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        if (g_str_has_prefix (entry, TEMP_PREFIX))
          {
            g_autofree char *path = g_build_filename (sub, entry, NULL);

            g_debug ("removing an interrupted upload");
            g_unlink (path);
          }
    }
}

PlenumBlobStore *
plenum_blob_store_new (const char  *folder,
                       GError     **error)
{
  PlenumBlobStore *self;

  g_return_val_if_fail (folder != NULL, NULL);

  if (!make_folder (folder, error))
    {
      g_prefix_error (error, "Cannot make the blob folder %s: ", folder);
      return NULL;
    }

  self = g_object_new (PLENUM_TYPE_BLOB_STORE, NULL);
  self->folder = g_strdup (folder);
  remove_stale_uploads (self);
  return self;
}

static char *
blob_dir (PlenumBlobStore *self,
          const char      *sha256)
{
  char prefix[3] = { sha256[0], sha256[1], '\0' };

  return g_build_filename (self->folder, prefix, NULL);
}

char *
plenum_blob_store_path (PlenumBlobStore *self,
                        const char      *sha256)
{
  char prefix[3];

  g_return_val_if_fail (PLENUM_IS_BLOB_STORE (self), NULL);
  /* The one rule that keeps request input out of paths. */
  g_return_val_if_fail (plenum_is_sha256_hex (sha256), NULL);

  prefix[0] = sha256[0];
  prefix[1] = sha256[1];
  prefix[2] = '\0';
  return g_build_filename (self->folder, prefix, sha256, NULL);
}

gboolean
plenum_blob_store_has (PlenumBlobStore *self,
                       const char      *sha256)
{
  g_autofree char *path = plenum_blob_store_path (self, sha256);

  return path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

GBytes *
plenum_blob_store_map (PlenumBlobStore  *self,
                       const char       *sha256,
                       GError          **error)
{
  g_autofree char *path = plenum_blob_store_path (self, sha256);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, PLENUM_BLOB_ERROR, PLENUM_BLOB_ERROR_NOT_FOUND, "No blob %s",
                     sha256);
      else
        g_set_error (error, PLENUM_BLOB_ERROR, PLENUM_BLOB_ERROR_IO, "%s",
                     local_error->message);
      return NULL;
    }
  return g_mapped_file_get_bytes (mapped);
}

PlenumBlobUpload *
plenum_blob_store_begin (PlenumBlobStore  *self,
                         const char       *sha256,
                         guint64           max_size,
                         GError          **error)
{
  g_autoptr(PlenumBlobUpload) upload = NULL;

  g_return_val_if_fail (PLENUM_IS_BLOB_STORE (self), NULL);
  g_return_val_if_fail (plenum_is_sha256_hex (sha256), NULL);

  upload = g_new0 (PlenumBlobUpload, 1);
  upload->store = g_object_ref (self);
  upload->fd = -1;
  memcpy (upload->sha256, sha256, 65);
  upload->max_size = max_size;
  upload->dir = blob_dir (self, sha256);
  upload->final_path = plenum_blob_store_path (self, sha256);

  if (!make_folder (upload->dir, error))
    return NULL;

  upload->temp_path = g_build_filename (upload->dir, TEMP_PREFIX "XXXXXX", NULL);
  upload->fd = g_mkstemp_full (upload->temp_path, O_RDWR | O_CLOEXEC, 0600);
  if (upload->fd < 0)
    {
      int saved_errno = errno;

      g_clear_pointer (&upload->temp_path, g_free);
      set_io_error (error, saved_errno, "Cannot make a temporary blob file");
      return NULL;
    }

  upload->digest = plenum_sha256_new ();

  return g_steal_pointer (&upload);
}

gboolean
plenum_blob_upload_write (PlenumBlobUpload  *upload,
                          const void        *data,
                          gsize              length,
                          GError           **error)
{
  const guint8 *bytes = data;
  gsize done = 0;

  g_return_val_if_fail (upload != NULL, FALSE);
  g_return_val_if_fail (!upload->finished, FALSE);

  if (length > upload->max_size || upload->size > upload->max_size - length)
    {
      g_set_error (error, PLENUM_BLOB_ERROR, PLENUM_BLOB_ERROR_TOO_LARGE,
                   "The blob is larger than %" G_GUINT64_FORMAT " bytes", upload->max_size);
      return FALSE;
    }

  plenum_sha256_update (upload->digest, data, length);

  while (done < length)
    {
      gssize written = write (upload->fd, bytes + done, length - done);

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          return set_io_error (error, errno, "Cannot write a blob");
        }
      done += (gsize) written;
    }
  upload->size += length;
  return TRUE;
}

guint64
plenum_blob_upload_get_size (PlenumBlobUpload *upload)
{
  g_return_val_if_fail (upload != NULL, 0);
  return upload->size;
}

gboolean
plenum_blob_upload_finish (PlenumBlobUpload  *upload,
                           GError           **error)
{
  g_autofree char *hex = NULL;

  g_return_val_if_fail (upload != NULL, FALSE);
  g_return_val_if_fail (!upload->finished, FALSE);
  g_return_val_if_fail (upload->digest != NULL, FALSE);

  hex = plenum_sha256_finish (upload->digest);
  g_clear_pointer (&upload->digest, plenum_sha256_free);
  if (strcmp (hex, upload->sha256) != 0)
    {
      g_set_error (error, PLENUM_BLOB_ERROR, PLENUM_BLOB_ERROR_HASH_MISMATCH,
                   "The bytes hash to %s, not to %s", hex, upload->sha256);
      return FALSE;
    }

  if (fsync (upload->fd) != 0)
    return set_io_error (error, errno, "Cannot sync a blob");
  if (close (upload->fd) != 0)
    {
      upload->fd = -1;
      return set_io_error (error, errno, "Cannot close a blob");
    }
  upload->fd = -1;

  /* Two uploads of the same blob may race here; both files hold the same bytes, so
   * whichever rename comes last is as good as the first. */
  if (g_rename (upload->temp_path, upload->final_path) != 0)
    return set_io_error (error, errno, "Cannot move a blob into place");
  g_clear_pointer (&upload->temp_path, g_free);
  upload->finished = TRUE;

  return fsync_dir (upload->dir, error);
}

void
plenum_blob_upload_free (PlenumBlobUpload *upload)
{
  if (upload == NULL)
    return;

  if (upload->fd >= 0)
    close (upload->fd);
  if (upload->temp_path != NULL)
    g_unlink (upload->temp_path);
  g_clear_pointer (&upload->digest, plenum_sha256_free);
  g_free (upload->dir);
  g_free (upload->temp_path);
  g_free (upload->final_path);
  g_clear_object (&upload->store);
  g_free (upload);
}

gboolean
plenum_blob_store_import_file (PlenumBlobStore  *self,
                               const char       *path,
                               const char       *sha256,
                               GCancellable     *cancellable,
                               GError          **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(PlenumBlobUpload) upload = NULL;
  g_autofree guint8 *buffer = NULL;

  g_return_val_if_fail (PLENUM_IS_BLOB_STORE (self), FALSE);
  g_return_val_if_fail (plenum_is_sha256_hex (sha256), FALSE);

  if (plenum_blob_store_has (self, sha256))
    return TRUE;

  file = g_file_new_for_path (path);
  input = g_file_read (file, cancellable, error);
  if (input == NULL)
    return FALSE;

  upload = plenum_blob_store_begin (self, sha256, G_MAXUINT64, error);
  if (upload == NULL)
    return FALSE;

  buffer = g_malloc (COPY_BUFFER_SIZE);
  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (input), buffer, COPY_BUFFER_SIZE,
                                      cancellable, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      if (!plenum_blob_upload_write (upload, buffer, (gsize) n, error))
        return FALSE;
    }

  return plenum_blob_upload_finish (upload, error);
}

int
plenum_blob_count_pages (const char *path)
{
  return plenum_blob_count_pages_with_password (path, NULL);
}

int
plenum_blob_count_pages_with_password (const char *path,
                                       const char *password)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PopplerDocument *document;
  int pages;

  /* poppler's messages say "Document is encrypted", never the password tried. */
  document = poppler_document_new_from_gfile (file, password, NULL, &error);
  if (document == NULL)
    {
      g_debug ("a blob is not a readable PDF: %s", error->message);
      return -1;
    }
  pages = poppler_document_get_n_pages (document);
  g_object_unref (document);
  return pages >= 1 ? pages : -1;
}
