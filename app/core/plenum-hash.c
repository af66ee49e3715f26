/* plenum-hash.c — SHA-256 over OpenSSL's EVP interface.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-hash"

#include "plenum-hash.h"

#include <openssl/evp.h>

struct _PlenumSha256
{
  EVP_MD_CTX *context;
  gboolean    finished;
};

PlenumSha256 *
plenum_sha256_new (void)
{
  PlenumSha256 *self = g_new0 (PlenumSha256, 1);

  /* Failing here means no memory or a broken OpenSSL: not something to recover from,
   * like g_malloc() failing. */
  self->context = EVP_MD_CTX_new ();
  if (self->context == NULL || EVP_DigestInit_ex (self->context, EVP_sha256 (), NULL) != 1)
    g_error ("OpenSSL could not start a SHA-256 digest");

  return self;
}

void
plenum_sha256_update (PlenumSha256 *self,
                      const void   *data,
                      gsize         len)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (!self->finished);
  g_return_if_fail (data != NULL || len == 0);

  if (len == 0)
    return;

  if (EVP_DigestUpdate (self->context, data, len) != 1)
    g_error ("OpenSSL could not update a SHA-256 digest");
}

char *
plenum_sha256_finish (PlenumSha256 *self)
{
  static const char hex[] = "0123456789abcdef";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  char *text;
  guint i;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (!self->finished, NULL);

  if (EVP_DigestFinal_ex (self->context, digest, &digest_len) != 1 || digest_len != 32)
    g_error ("OpenSSL could not finish a SHA-256 digest");
  self->finished = TRUE;

  text = g_malloc (PLENUM_SHA256_HEX_LEN + 1);
  for (i = 0; i < 32; i++)
    {
      text[2 * i] = hex[digest[i] >> 4];
      text[2 * i + 1] = hex[digest[i] & 0x0F];
    }
  text[PLENUM_SHA256_HEX_LEN] = '\0';

  return text;
}

void
plenum_sha256_free (PlenumSha256 *self)
{
  if (self == NULL)
    return;

  EVP_MD_CTX_free (self->context);
  g_free (self);
}

char *
plenum_sha256_hex (const void *data,
                   gsize       len)
{
  g_autoptr(PlenumSha256) sha = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  sha = plenum_sha256_new ();
  plenum_sha256_update (sha, data, len);
  return plenum_sha256_finish (sha);
}
