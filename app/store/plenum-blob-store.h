/* plenum-blob-store.h — the client's content-addressed blob store (the packet's PDFs).
 *
 * Layout under the data folder (every folder mode 0700, every file 0600):
 *
 *   blobs/ab/<sha256>              a verified blob (ab = the hash's first two digits)
 *   blobs/partial/<sha256>.part    a download in progress; survives a restart
 *
 * Every path is built only from a name that plenum_is_sha256_hex() accepted; nothing the
 * server sends becomes a path. A blob appears at its final path only by rename(2) of a
 * partial file whose bytes hashed to its name and were fsynced, followed by an fsync of
 * the folder: a crash at any moment leaves either no blob or the whole verified blob,
 * never a truncated one. A partial file holds a prefix of the download (after a power
 * cut possibly with damaged bytes, which the hash check at the end catches).
 *
 * Threads: a PlenumBlobStore may be used from any thread (its little shared state is
 * locked). A PlenumBlobWriter is used by one thread at a time. Blocking work (re-hashing
 * a partial file on resume, fsync, rename, verifying) runs in the _async calls on GLib's
 * worker threads. plenum_blob_writer_write() is meant for the main thread: it copies the
 * chunk to the writer's own thread, which appends it with pwrite(2) to the page cache
 * (no fsync) and feeds the running SHA-256, so that hashing a download never holds the
 * main loop. Only when more than a few MiB wait for the disk does the call wait.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "plenum-store-error.h"

G_BEGIN_DECLS

/* For @expected_size: the size is not known, any length is accepted. */
#define PLENUM_BLOB_SIZE_UNKNOWN G_MAXUINT64

#define PLENUM_TYPE_BLOB_STORE (plenum_blob_store_get_type ())
G_DECLARE_FINAL_TYPE (PlenumBlobStore, plenum_blob_store, PLENUM, BLOB_STORE, GObject)

#define PLENUM_TYPE_BLOB_WRITER (plenum_blob_writer_get_type ())
G_DECLARE_FINAL_TYPE (PlenumBlobWriter, plenum_blob_writer, PLENUM, BLOB_WRITER, GObject)

/* Opens (creating with mode 0700 where missing) <@data_dir>/blobs and blobs/partial.
 * Two mkdir(2) calls at most; only when it makes a folder, an fsync(2) of its parent
 * too (a new folder's name is durable only then), so call it off the main thread the
 * first time (PlenumStore calls it on its writer thread). PlenumStore makes one of
 * these for its data folder (plenum_store_get_blob_store()); make your own only for a
 * folder without a database. */
PlenumBlobStore  *plenum_blob_store_new              (const char        *data_dir,
                                                      GError           **error);

const char       *plenum_blob_store_get_dir          (PlenumBlobStore   *self);

/* The path of the VERIFIED blob named @sha256 (free with g_free()), or NULL when it is
 * not stored (or @sha256 is not a SHA-256). One stat(2); a partial download is never
 * returned. */
char             *plenum_blob_store_lookup           (PlenumBlobStore   *self,
                                                      const char        *sha256);

/* How many bytes of @sha256 a partial download holds (0 when there is none): for
 * progress at startup, before a writer exists. One stat(2). */
guint64           plenum_blob_store_get_partial_size (PlenumBlobStore   *self,
                                                      const char        *sha256);

/* Starts or resumes writing the blob @sha256 of @expected_size bytes (or
 * PLENUM_BLOB_SIZE_UNKNOWN). An existing partial file is resumed: its bytes are hashed
 * once into the running SHA-256 (a partial file longer than @expected_size is emptied),
 * and plenum_blob_writer_get_offset() says where the download goes on (Range: bytes=N-).
 * Errors: INVALID (not a SHA-256), BUSY (a writer for this blob is open), IO, FULL.
 * Look the blob up first: writing one that is already verified replaces it with the
 * same bytes, which is harmless but wasted work.
 * The blocking form re-hashes on the calling thread: use it on a worker thread only. */
void              plenum_blob_store_begin_write_async  (PlenumBlobStore     *self,
                                                        const char          *sha256,
                                                        guint64              expected_size,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
PlenumBlobWriter *plenum_blob_store_begin_write_finish (PlenumBlobStore     *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
PlenumBlobWriter *plenum_blob_store_begin_write        (PlenumBlobStore     *self,
                                                        const char          *sha256,
                                                        guint64              expected_size,
                                                        GError             **error);

/* Re-hashes the stored blob @sha256 on a worker thread (at startup, for blobs whose
 * state is uncertain). TRUE when its bytes hash to its name; a blob that does not is
 * deleted and the result is FALSE with HASH_MISMATCH; NOT_FOUND when it is not stored. */
void              plenum_blob_store_verify_async     (PlenumBlobStore     *self,
                                                      const char          *sha256,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean          plenum_blob_store_verify_finish    (PlenumBlobStore     *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* Deletes the blob @sha256 and its partial download, if any (a retracted document).
 * TRUE also when there was nothing to delete. Fails with BUSY while a writer for it is
 * open. unlink(2) only, no fsync: a crash may bring the verified blob back, which is
 * harmless (it is still verified; the caller's database says whether it is wanted). */
gboolean          plenum_blob_store_remove           (PlenumBlobStore   *self,
                                                      const char        *sha256,
                                                      GError           **error);

/* The writer of one download. */

const char       *plenum_blob_writer_get_sha256        (PlenumBlobWriter  *self);
guint64           plenum_blob_writer_get_expected_size (PlenumBlobWriter  *self);
/* How many bytes the partial file holds, counting the chunks queued for the writer's
 * thread: where the next write goes, and what to ask the server for
 * (Range: bytes=OFFSET-). After a failed write, the bytes really on disk. */
guint64           plenum_blob_writer_get_offset        (PlenumBlobWriter  *self);

/* Queues @len bytes to be appended and fed to the running SHA-256 on the writer's
 * thread. More bytes than @expected_size: HASH_MISMATCH, nothing written. A write that
 * fails on the writer's thread (FULL for a full disk or a file size limit, else IO) is
 * reported by the next call of this function (or by finish): the partial file is then
 * cut back to the chunks written whole, plenum_blob_writer_get_offset() says how many
 * bytes that is, and the writer takes no more bytes (abort it to keep the partial file
 * for a later resume). */
gboolean          plenum_blob_writer_write             (PlenumBlobWriter  *self,
                                                        const void        *data,
                                                        gsize              len,
                                                        GError           **error);

/* The same, for bytes the caller has as a GBytes: a reference is queued, no copy. */
gboolean          plenum_blob_writer_write_bytes       (PlenumBlobWriter  *self,
                                                        GBytes            *bytes,
                                                        GError           **error);

/* Waits until every queued chunk is in the partial file (the page cache; no fsync) and
 * returns the thread's error if one failed. Blocks: not for the main loop (tests, and
 * shutting a download down). The writer stays usable. */
gboolean          plenum_blob_writer_flush             (PlenumBlobWriter  *self,
                                                        GError           **error);

/* The server ignored Range and sends the blob from its first byte: empties the partial
 * file and resets the hash; the offset becomes 0. */
gboolean          plenum_blob_writer_restart           (PlenumBlobWriter  *self,
                                                        GError           **error);

/* Ends the download on a worker thread: waits for the queued chunks to be written (a
 * failed one is this call's error), then compares the hash (and size) with the name. A
 * mismatch deletes the partial file and fails with HASH_MISMATCH (fetch it again; it is
 * never shown). A match fsyncs the file, renames it into place and fsyncs the folder;
 * the result is the verified blob's path (free with g_free()). After this call the
 * writer is spent, whatever the result; a failure other than HASH_MISMATCH keeps the
 * partial file for a later resume. Cancelling before the work starts keeps the partial
 * file too. */
void              plenum_blob_writer_finish_async      (PlenumBlobWriter    *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
char             *plenum_blob_writer_finish_finish     (PlenumBlobWriter    *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Stops the download: closes the file and keeps it for a later resume, or deletes it
 * when @discard (also after a finish that failed and kept it). The writer is spent. Dropping the last reference to an open writer
 * aborts it without discarding. */
void              plenum_blob_writer_abort             (PlenumBlobWriter  *self,
                                                        gboolean           discard);

/* The hashes of the blobs stored (@partial FALSE: verified ones; TRUE: partial
 * downloads), sorted, as a new string array (free with g_strfreev()); for pruning. Reads
 * the folders: call it off the main thread when there may be many. Files whose names are
 * not SHA-256 names are not listed (and never touched). */
char            **plenum_blob_store_list_stored      (PlenumBlobStore   *self,
                                                      gboolean           partial);

G_END_DECLS
