/* plenum-server-blobs.h — the server's content-addressed blob directory.
 *
 * A blob lives at <folder>/ab/abcdef… (its SHA-256 in lowercase hex, split after two
 * digits). Nothing but a validated 64-hex hash ever becomes a path. Blobs are written to a
 * temporary file in their final folder, hashed while written, fsynced and renamed into
 * place, so a blob file is either absent or complete and correct.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PLENUM_BLOB_ERROR (plenum_blob_error_quark ())

typedef enum {
  PLENUM_BLOB_ERROR_HASH_MISMATCH, /* the bytes do not hash to the blob's name */
  PLENUM_BLOB_ERROR_TOO_LARGE,     /* over the size limit */
  PLENUM_BLOB_ERROR_NOT_FOUND,
  PLENUM_BLOB_ERROR_IO,
} PlenumBlobError;

GQuark plenum_blob_error_quark (void);

#define PLENUM_TYPE_BLOB_STORE (plenum_blob_store_get_type ())
G_DECLARE_FINAL_TYPE (PlenumBlobStore, plenum_blob_store, PLENUM, BLOB_STORE, GObject)

/* Opens (creating) the blob folder and removes temporary files a crash left behind. */
PlenumBlobStore *plenum_blob_store_new        (const char       *folder,
                                               GError          **error);

/* The path of blob @sha256 (which must be 64 lowercase hex digits). */
char            *plenum_blob_store_path       (PlenumBlobStore  *self,
                                               const char       *sha256);
gboolean         plenum_blob_store_has        (PlenumBlobStore  *self,
                                               const char       *sha256);
/* The blob's bytes, memory-mapped (not read into memory). */
GBytes          *plenum_blob_store_map        (PlenumBlobStore  *self,
                                               const char       *sha256,
                                               GError          **error);

/* Copies the file at @path into the store as blob @sha256, checking the hash. */
gboolean         plenum_blob_store_import_file (PlenumBlobStore *self,
                                                const char      *path,
                                                const char      *sha256,
                                                GCancellable    *cancellable,
                                                GError         **error);

/* An upload in progress. Write from one thread at a time; finish may run on a worker
 * thread. Freeing an unfinished upload deletes its temporary file. */
typedef struct _PlenumBlobUpload PlenumBlobUpload;

PlenumBlobUpload *plenum_blob_store_begin     (PlenumBlobStore  *self,
                                               const char       *sha256,
                                               guint64           max_size,
                                               GError          **error);
gboolean         plenum_blob_upload_write     (PlenumBlobUpload *upload,
                                               const void       *data,
                                               gsize             length,
                                               GError          **error);
guint64          plenum_blob_upload_get_size  (PlenumBlobUpload *upload);
/* Checks the hash, fsyncs and renames the file into place (and fsyncs its folder). */
gboolean         plenum_blob_upload_finish    (PlenumBlobUpload *upload,
                                               GError          **error);
void             plenum_blob_upload_free      (PlenumBlobUpload *upload);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumBlobUpload, plenum_blob_upload_free)

/* The page count of the PDF at @path, or -1 when poppler cannot open it (a PDF that
 * needs a password included). Blocking. */
int              plenum_blob_count_pages      (const char *path);
/* The same, opened with @password (NULL: none); -1 also when the password is wrong.
 * Nothing about the password is logged. Blocking. */
int              plenum_blob_count_pages_with_password (const char *path,
                                                        const char *password);

G_END_DECLS
