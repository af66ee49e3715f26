/* plenum-ctl-upload.h — PUT /api/v1/blobs/{sha256}: streams one file from disk to the
 * server as application/octet-stream, with progress.
 *
 * Why not PlenumHttpClient: its requests send JSON bodies held in memory, and a packet's
 * PDF may be up to 1 GiB. Until the client's net layer has an upload call (see
 * docs/plenumctl.md), plenumctl does this one transfer itself, on a worker thread with a
 * blocking libcurl easy handle, under the same rules: TLS peer and host verification on,
 * no redirects, no proxy, and only a base URL that plenum_http_client_new() accepted
 * (so plain http:// only to loopback). The token is never logged.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Bytes of the current upload sent so far; written by the worker thread, read by the
 * main thread (atomically). */
typedef struct {
  gsize sent;  /* g_atomic_pointer_*: pointer-sized */
} PlenumCtlUploadProgress;

/* Uploads @path (opened without following a symbolic link) as the blob @sha256 to
 * @base_url with @token. Runs on a worker thread; @callback runs on the caller's
 * thread-default context. Errors are PLENUM_HTTP_ERROR (mapped from the server's JSON
 * error, or a transport failure) or G_IO_ERROR for the file. @progress (may be NULL)
 * must outlive the call. */
void     plenum_ctl_upload_blob_async  (const char              *base_url,
                                        const char              *token,
                                        const char              *sha256,
                                        const char              *path,
                                        PlenumCtlUploadProgress *progress,
                                        GCancellable            *cancellable,
                                        GAsyncReadyCallback      callback,
                                        gpointer                 user_data);
/* The HTTP status (201: stored, 200: the server had it), or 0 with @error set. */
guint    plenum_ctl_upload_blob_finish (GAsyncResult            *result,
                                        GError                 **error);

G_END_DECLS
