/* plenum-http-error.c — the extended error domain of net/; see plenum-http-error.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-net"

#include "plenum-http-error.h"

#include <string.h>

typedef struct {
  char *code_string;
  guint status;
  gint64 retry_after;
} PlenumHttpErrorPrivate;

static void
plenum_http_error_private_init (PlenumHttpErrorPrivate *priv)
{
  priv->code_string = NULL;
  priv->status = 0;
  priv->retry_after = -1;
}

static void
plenum_http_error_private_copy (const PlenumHttpErrorPrivate *src,
                                PlenumHttpErrorPrivate       *dest)
{
  dest->code_string = g_strdup (src->code_string);
  dest->status = src->status;
  dest->retry_after = src->retry_after;
}

static void
plenum_http_error_private_clear (PlenumHttpErrorPrivate *priv)
{
  g_clear_pointer (&priv->code_string, g_free);
}

G_DEFINE_EXTENDED_ERROR (PlenumHttpError, plenum_http_error)

static const struct {
  PlenumHttpError code;
  const char *name;
} protocol_codes[] = {
  { PLENUM_HTTP_ERROR_BAD_REQUEST, "bad_request" },
  { PLENUM_HTTP_ERROR_UNAUTHORIZED, "unauthorized" },
  { PLENUM_HTTP_ERROR_TOKEN_EXPIRED, "token_expired" },
  { PLENUM_HTTP_ERROR_WRONG_CREDENTIALS, "wrong_credentials" },
  { PLENUM_HTTP_ERROR_FORBIDDEN, "forbidden" },
  { PLENUM_HTTP_ERROR_NOT_FOUND, "not_found" },
  { PLENUM_HTTP_ERROR_METHOD_NOT_ALLOWED, "method_not_allowed" },
  { PLENUM_HTTP_ERROR_CONFLICT, "conflict" },
  { PLENUM_HTTP_ERROR_MISSING_BLOB, "missing_blob" },
  { PLENUM_HTTP_ERROR_API_VERSION, "api_version_unsupported" },
  { PLENUM_HTTP_ERROR_TOO_LARGE, "too_large" },
  { PLENUM_HTTP_ERROR_RANGE_NOT_SATISFIABLE, "range_not_satisfiable" },
  { PLENUM_HTTP_ERROR_HASH_MISMATCH, "hash_mismatch" },
  { PLENUM_HTTP_ERROR_TOO_MANY_ATTEMPTS, "too_many_attempts" },
  { PLENUM_HTTP_ERROR_SERVER_ERROR, "internal" },
  { PLENUM_HTTP_ERROR_TERMINAL_REVOKED, "terminal_revoked" },
  { PLENUM_HTTP_ERROR_TERMINAL_WIPE, "terminal_wipe" },
};

PlenumHttpError
plenum_http_error_from_code_string (const char *code)
{
  if (code == NULL)
    return PLENUM_HTTP_ERROR_REFUSED;
  for (guint i = 0; i < G_N_ELEMENTS (protocol_codes); i++)
    if (strcmp (protocol_codes[i].name, code) == 0)
      return protocol_codes[i].code;
  return PLENUM_HTTP_ERROR_REFUSED;
}

const char *
plenum_http_error_to_code_string (PlenumHttpError code)
{
  for (guint i = 0; i < G_N_ELEMENTS (protocol_codes); i++)
    if (protocol_codes[i].code == code)
      return protocol_codes[i].name;
  return NULL;
}

GError *
plenum_http_error_new_full (PlenumHttpError code,
                            const char     *code_string,
                            guint           status,
                            gint64          retry_after,
                            const char     *message)
{
  GError *error = g_error_new_literal (PLENUM_HTTP_ERROR, code, message);
  PlenumHttpErrorPrivate *priv = plenum_http_error_get_private (error);

  priv->code_string = g_strdup (code_string);
  priv->status = status;
  priv->retry_after = retry_after;
  return error;
}

const char *
plenum_http_error_get_code_string (const GError *error)
{
  if (error == NULL || error->domain != PLENUM_HTTP_ERROR)
    return NULL;
  return plenum_http_error_get_private (error)->code_string;
}

guint
plenum_http_error_get_status (const GError *error)
{
  if (error == NULL || error->domain != PLENUM_HTTP_ERROR)
    return 0;
  return plenum_http_error_get_private (error)->status;
}

gint64
plenum_http_error_get_retry_after (const GError *error)
{
  if (error == NULL || error->domain != PLENUM_HTTP_ERROR)
    return -1;
  return plenum_http_error_get_private (error)->retry_after;
}

gboolean
plenum_http_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != PLENUM_HTTP_ERROR)
    return FALSE;
  switch ((PlenumHttpError) error->code)
    {
    case PLENUM_HTTP_ERROR_UNREACHABLE:
    case PLENUM_HTTP_ERROR_TIMEOUT:
    case PLENUM_HTTP_ERROR_CONNECTION_LOST:
    case PLENUM_HTTP_ERROR_SERVER_ERROR:
    case PLENUM_HTTP_ERROR_TOO_MANY_ATTEMPTS:
      return TRUE;
    default:
      return FALSE;
    }
}
