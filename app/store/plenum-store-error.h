/* plenum-store-error.h — the errors of the client's store (database and blob store).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PLENUM_STORE_ERROR (plenum_store_error_quark ())

typedef enum {
  PLENUM_STORE_ERROR_CORRUPT,        /* the database file is damaged or not a database */
  PLENUM_STORE_ERROR_FULL,           /* the disk is full or a file size limit was hit
                                      * (SQLITE_FULL, ENOSPC, EFBIG, EDQUOT); nothing
                                      * already stored was lost */
  PLENUM_STORE_ERROR_IO,             /* any other error of the file system */
  PLENUM_STORE_ERROR_NOT_FOUND,      /* no such meeting, account or blob */
  PLENUM_STORE_ERROR_WRONG_PIN,      /* offline sign-in: unknown name or wrong PIN (the
                                      * two are never told apart) */
  PLENUM_STORE_ERROR_SCHEMA_TOO_NEW, /* the database was written by a newer Plenum; it is
                                      * left as it is (never downgraded) */
  PLENUM_STORE_ERROR_HASH_MISMATCH,  /* a blob's bytes do not hash to its name (or are
                                      * more or fewer than its size); the bytes are gone */
  PLENUM_STORE_ERROR_INVALID,        /* bad input: not a SHA-256, JSON that is not the
                                      * model it should be, an empty setting key */
  PLENUM_STORE_ERROR_BUSY,           /* a download of this blob is already being written */
} PlenumStoreError;

GQuark plenum_store_error_quark (void);

G_END_DECLS
