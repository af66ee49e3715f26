/* plenum-blob-upload.h — PUT /api/v1/blobs/{sha256}: streams one file from disk to the
 * server as application/octet-stream, with progress (the secretariat's upload: the
 * client's packet editor and plenumctl).
 *
 * Why not PlenumHttpClient: its requests send JSON bodies held in memory, and a packet's
 * PDF may be up to 1 GiB. This one transfer runs on a worker thread with a blocking
 * libcurl easy handle instead, under the same rules as the client it is given: its
 * base URL, CA file, pinned key and permission for plain http:// (so plain http://
 * only to loopback unless allowed), TLS peer and host verification on, no redirects,
 * no proxy; TLS failures classified as the client's (plenum_http_error_get_tls_problem).
 * The token is never logged, and the header that carries it is wiped after the
 * transfer.
 *
 * Threading: the call and its callback belong to the caller's thread-default context;
 * only the transfer runs on the worker (GTask's pool). The progress counter is the one
 * thing both threads touch, atomically.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "plenum-http-client.h"

G_BEGIN_DECLS

/* Bytes of the current upload sent so far; written by the worker thread, read by the
 * caller's thread (atomically). */
typedef struct {
  gsize sent;  /* g_atomic_pointer_*: pointer-sized */
} PlenumBlobUploadProgress;

/* Uploads @path (opened without following a symbolic link; a regular file) as the blob
 * @sha256 (64 lowercase hex digits) to the server of @client (whose TLS settings it
 * takes when called) with the bearer @token. @callback runs
 * on the caller's thread-default context. Errors are PLENUM_HTTP_ERROR (mapped from the
 * server's JSON error — 422 HASH_MISMATCH, 413 TOO_LARGE, 403 FORBIDDEN, … — or a
 * transport failure, classified as plenum_http_error_is_transient() expects),
 * G_IO_ERROR for the file, or G_IO_ERROR_CANCELLED. @progress (may be NULL) is set to
 * 0 at the start and must outlive the call. */
void     plenum_blob_upload_async  (PlenumHttpClient         *client,
                                    const char               *token,
                                    const char               *sha256,
                                    const char               *path,
                                    PlenumBlobUploadProgress *progress,
                                    GCancellable             *cancellable,
                                    GAsyncReadyCallback       callback,
                                    gpointer                  user_data);
/* The HTTP status (201: stored, 200: the server had it), or 0 with @error set. */
guint    plenum_blob_upload_finish (GAsyncResult             *result,
                                    GError                  **error);

G_END_DECLS
