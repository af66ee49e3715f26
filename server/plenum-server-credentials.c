/* plenum-server-credentials.c — PINs and bearer tokens; see plenum-server-credentials.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-server"

#include "plenum-server-credentials.h"

#include <crypt.h>
#include <gio/gio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

/* yescrypt's default cost (about 25 ms on a current CPU). */
#define PIN_HASH_COST 0

/* Hashed against when the name is unknown, so that both answers cost the same (same
 * algorithm and cost as plenum_pin_hash()). Which PIN it hashes does not matter: for an
 * unknown name the answer is FALSE whatever the comparison says. */
static const char dummy_hash[] =
  "$y$j9T$cSrbZSc3tr.8ePUBIzKNj/$FPWIEDl1D4GKJTdGZojjrshUrSNFQ.h1TiWj8q6pbG7";

char *
plenum_pin_hash (const char  *pin,
                 GError     **error)
{
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  g_autofree struct crypt_data *data = g_new0 (struct crypt_data, 1);
  const char *hash;

  g_return_val_if_fail (pin != NULL, NULL);

  /* NULL random bytes: libxcrypt takes them from the kernel's CSPRNG. */
  if (crypt_gensalt_rn ("$y$", PIN_HASH_COST, NULL, 0, setting, sizeof setting) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot make a PIN salt");
      return NULL;
    }

  hash = crypt_rn (pin, setting, data, sizeof *data);
  if (hash == NULL || hash[0] != '$')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot hash a PIN");
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
plenum_pin_verify (const char *pin,
                   const char *pin_hash)
{
  g_autofree struct crypt_data *data = g_new0 (struct crypt_data, 1);
  const char *setting = pin_hash != NULL ? pin_hash : dummy_hash;
  const char *hash;
  gsize length;
  gboolean match;

  g_return_val_if_fail (pin != NULL, FALSE);

  hash = crypt_rn (pin, setting, data, sizeof *data);
  if (hash == NULL || hash[0] != '$')
    return FALSE;

  length = strlen (setting);
  match = strlen (hash) == length && CRYPTO_memcmp (hash, setting, length) == 0;
  explicit_bzero (data, sizeof *data);
  return pin_hash != NULL && match;
}

gboolean
plenum_random_bytes (guint8  *bytes,
                     gsize    length,
                     GError **error)
{
  if (length > G_MAXINT || RAND_bytes (bytes, (int) length) != 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "The random number generator failed");
      return FALSE;
    }
  return TRUE;
}

gboolean
plenum_token_new (char         hex[2 * PLENUM_TOKEN_BYTES + 1],
                  guint8       hash[32],
                  GError     **error)
{
  static const char digits[] = "0123456789abcdef";
  guint8 bytes[PLENUM_TOKEN_BYTES];

  if (RAND_bytes (bytes, sizeof bytes) != 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "The random number generator failed");
      return FALSE;
    }
  for (gsize i = 0; i < sizeof bytes; i++)
    {
      hex[2 * i] = digits[bytes[i] >> 4];
      hex[2 * i + 1] = digits[bytes[i] & 0xf];
    }
  hex[2 * PLENUM_TOKEN_BYTES] = '\0';
  plenum_server_sha256 (bytes, sizeof bytes, hash);
  explicit_bzero (bytes, sizeof bytes);
  return TRUE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

gboolean
plenum_token_hash (const char *hex,
                   guint8      hash[32])
{
  guint8 bytes[PLENUM_TOKEN_BYTES];

  if (hex == NULL || strlen (hex) != 2 * PLENUM_TOKEN_BYTES)
    return FALSE;
  for (gsize i = 0; i < PLENUM_TOKEN_BYTES; i++)
    {
      int high = hex_value (hex[2 * i]);
      int low = hex_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        return FALSE;
      bytes[i] = (guint8) (high << 4 | low);
    }
  plenum_server_sha256 (bytes, sizeof bytes, hash);
  explicit_bzero (bytes, sizeof bytes);
  return TRUE;
}

void
plenum_server_sha256 (const void *data,
                      gsize       length,
                      guint8      digest[32])
{
  unsigned int digest_length = 32;

  if (EVP_Digest (data, length, digest, &digest_length, EVP_sha256 (), NULL) != 1)
    g_error ("SHA-256 failed"); /* only on memory exhaustion */
}
