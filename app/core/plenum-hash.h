/* plenum-hash.h — SHA-256, the name of every blob (docs/protocol.md, "Blobs").
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The length of a SHA-256 in lowercase hexadecimal, without the NUL. */
#define PLENUM_SHA256_HEX_LEN 64

/* A streaming SHA-256: new, update as often as needed, finish once, free. Not for use
 * from two threads at once. */
typedef struct _PlenumSha256 PlenumSha256;

PlenumSha256 *plenum_sha256_new    (void);
void          plenum_sha256_update (PlenumSha256 *self,
                                    const void   *data,
                                    gsize         len);
/* The digest as 64 lowercase hex digits (free with g_free()). Call it once; after it,
 * update and finish are programmer errors. */
char         *plenum_sha256_finish (PlenumSha256 *self);
void          plenum_sha256_free   (PlenumSha256 *self);

/* The SHA-256 of @len bytes at @data, as 64 lowercase hex digits (free with g_free()). */
char         *plenum_sha256_hex    (const void   *data,
                                    gsize         len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumSha256, plenum_sha256_free)

G_END_DECLS
