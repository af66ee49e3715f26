/* plenum-store-private.h — what store/ shares between its files, and the hooks its tests
 * use. Not for use outside store/ and tests/test-store.c.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "plenum-store.h"

G_BEGIN_DECLS

/* The schema version this build writes (PRAGMA user_version). */
#define PLENUM_STORE_SCHEMA_VERSION 9

/* Makes (or migrates up to) a database at @path with the schema of @version, without the
 * terminal id and without a writer thread: for tests that check migrations from older
 * versions. Synchronous. */
gboolean  plenum_store_create_database_at_version (const char  *path,
                                                   int          version,
                                                   GError     **error);

int       plenum_store_get_schema_version         (PlenumStore *self);
/* The thread that owns the write connection. */
GThread  *plenum_store_get_writer_thread          (PlenumStore *self);
/* The stored verifier of @name, or NULL (for tests: it must never hold the PIN). */
char     *plenum_store_get_account_verifier       (PlenumStore *self,
                                                   const char  *name);

/* Called right after every durable step: each database COMMIT (its fsync is inside it)
 * and each fsync of the blob store, with a word saying which ("commit", "fsync-file",
 * "fsync-dir"), on the thread that did it. One global hook (tests only); NULL removes. */
typedef void (*PlenumStoreDurabilityHook) (const char *what,
                                           gpointer    user_data);
void      plenum_store_set_durability_hook        (PlenumStoreDurabilityHook hook,
                                                   gpointer                  user_data);
void      plenum_store_durability_point           (const char *what);

/* Sets @error from errno @errsv: ENOSPC, EFBIG and EDQUOT are FULL, the rest IO.
 * @what says what failed (no secret in it). */
void      plenum_store_set_errno_error            (GError     **error,
                                                   int          errsv,
                                                   const char  *what);

/* fsync(2) of a folder. */
gboolean  plenum_store_fsync_dir                  (const char  *path,
                                                   GError     **error);

/* The receipt kept for the secret ballot of @account_id in @vote_id (64 hex digits;
 * free with plenum_secret_free()), or NULL (none, or an open vote). For tests only: the
 * receipt never leaves the store except in its ballot's request. */
char     *plenum_store_get_ballot_receipt         (PlenumStore *self,
                                                   const char  *account_id,
                                                   const char  *vote_id);

G_END_DECLS
