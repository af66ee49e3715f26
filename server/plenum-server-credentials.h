/* plenum-server-credentials.h — PINs and bearer tokens.
 *
 * PINs are stored as yescrypt hashes (libxcrypt). Tokens are 32 bytes from the system's
 * CSPRNG, given to the client as 64 lowercase hex digits and stored only as the SHA-256 of
 * those 32 bytes. Neither a PIN nor a token is ever logged.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PLENUM_TOKEN_BYTES 32

/* A yescrypt hash of @pin with a fresh random salt, or NULL with @error. */
char     *plenum_pin_hash                 (const char  *pin,
                                           GError     **error);

/* Whether @pin matches @pin_hash (a crypt(3) string). When @pin_hash is NULL (an unknown
 * name) the same work is done against a fixed hash and FALSE returned, so that a wrong name
 * takes as long as a wrong PIN. Slow on purpose (tens of milliseconds): call it from a
 * worker thread. Thread-safe. */
gboolean  plenum_pin_verify               (const char *pin,
                                           const char *pin_hash);

/* A new token: @hex gets 64 lowercase hex digits and a NUL, @hash the SHA-256 of the
 * token's bytes. */
gboolean  plenum_token_new                (char         hex[2 * PLENUM_TOKEN_BYTES + 1],
                                           guint8       hash[32],
                                           GError     **error);

/* The stored form of the token @hex: FALSE when @hex is not 64 lowercase hex digits. */
gboolean  plenum_token_hash               (const char  *hex,
                                           guint8       hash[32]);

/* @length bytes from the system's CSPRNG. */
gboolean  plenum_random_bytes             (guint8      *bytes,
                                           gsize        length,
                                           GError     **error);

/* SHA-256 of @data, as bytes (plenum_sha256_hex() gives hex). */
void      plenum_server_sha256            (const void  *data,
                                           gsize        length,
                                           guint8       digest[32]);

G_END_DECLS
