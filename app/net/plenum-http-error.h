/* plenum-http-error.h — the error domain of the client's network layer.
 *
 * Every failure of a PlenumHttpClient request, download or event stream is a GError in
 * PLENUM_HTTP_ERROR (or G_IO_ERROR_CANCELLED when the caller cancelled, or the
 * caller's own error when its write function refused a chunk, or PLENUM_SSE_ERROR when
 * the event stream's bytes were refused). The enum values are stable: they may be
 * stored or compared across versions, and the gui maps each to a sentence in the
 * user's language (this layer does not).
 *
 * Errors that come from a JSON error body ({"error": {"code", "message"}},
 * docs/protocol.md, "Errors") carry the server's "message" as the GError message, and
 * keep the protocol's "code" string, the HTTP status and Retry-After retrievable with
 * the getters below (PLENUM_HTTP_ERROR is an extended GError domain, so this survives
 * g_error_copy() and g_task_return_error()).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PLENUM_HTTP_ERROR (plenum_http_error_quark ())

typedef enum {
  /* Transport and local failures. */
  PLENUM_HTTP_ERROR_FAILED                = 0,   /* anything not listed (curl's text in the message) */
  PLENUM_HTTP_ERROR_UNREACHABLE           = 1,   /* DNS failed, connection refused, no route */
  PLENUM_HTTP_ERROR_TIMEOUT               = 2,   /* connect timeout, too slow (low-speed
                                                  * limit), or an event stream's watchdog */
  PLENUM_HTTP_ERROR_TLS                   = 3,   /* certificate refused, pinned key mismatch,
                                                  * handshake failed, CA file unusable */
  PLENUM_HTTP_ERROR_CONNECTION_LOST       = 4,   /* the connection broke during the exchange:
                                                  * closed before the whole body, reset, nothing
                                                  * received */
  PLENUM_HTTP_ERROR_BAD_RESPONSE          = 5,   /* the server's answer is not what the protocol
                                                  * says: an error status whose body is not a
                                                  * Plenum JSON error, an unexpected status (a
                                                  * redirect) or content type, a body over the
                                                  * limit, a Content-Range that does not match */
  PLENUM_HTTP_ERROR_INVALID_URL           = 6,   /* a base URL or path that cannot be used */
  PLENUM_HTTP_ERROR_INSECURE              = 7,   /* plain http:// to a host that is not loopback,
                                                  * without PLENUM_HTTP_CLIENT_ALLOW_INSECURE */

  /* The protocol's error codes (docs/protocol.md), from the JSON error body. */
  PLENUM_HTTP_ERROR_BAD_REQUEST           = 100, /* 400 bad_request */
  PLENUM_HTTP_ERROR_UNAUTHORIZED          = 101, /* 401 unauthorized */
  PLENUM_HTTP_ERROR_TOKEN_EXPIRED         = 102, /* 401 token_expired */
  PLENUM_HTTP_ERROR_WRONG_CREDENTIALS     = 103, /* 401 wrong_credentials */
  PLENUM_HTTP_ERROR_FORBIDDEN             = 104, /* 403 forbidden */
  PLENUM_HTTP_ERROR_NOT_FOUND             = 105, /* 404 not_found */
  PLENUM_HTTP_ERROR_METHOD_NOT_ALLOWED    = 106, /* 405 method_not_allowed */
  PLENUM_HTTP_ERROR_CONFLICT              = 107, /* 409 conflict */
  PLENUM_HTTP_ERROR_MISSING_BLOB          = 108, /* 409 missing_blob */
  PLENUM_HTTP_ERROR_API_VERSION           = 109, /* 410 api_version_unsupported */
  PLENUM_HTTP_ERROR_TOO_LARGE             = 110, /* 413 too_large */
  PLENUM_HTTP_ERROR_RANGE_NOT_SATISFIABLE = 111, /* 416 range_not_satisfiable */
  PLENUM_HTTP_ERROR_HASH_MISMATCH         = 112, /* 422 hash_mismatch */
  PLENUM_HTTP_ERROR_TOO_MANY_ATTEMPTS     = 113, /* 429 too_many_attempts (see Retry-After) */
  PLENUM_HTTP_ERROR_SERVER_ERROR          = 114, /* 500 internal, and any 5xx with a Plenum
                                                  * error body whose code is not known */
  PLENUM_HTTP_ERROR_REFUSED               = 115, /* a 4xx with a well-formed error body whose
                                                  * code this client does not know (a newer
                                                  * server); the code string is kept */
  PLENUM_HTTP_ERROR_TERMINAL_REVOKED      = 116, /* 401 terminal_revoked: the terminal
                                                  * credential was revoked (or is unknown) */
  PLENUM_HTTP_ERROR_TERMINAL_WIPE         = 117, /* 401 terminal_wipe: the committee office
                                                  * asked this terminal to erase its
                                                  * documents (then confirm with
                                                  * POST /terminals/{id}/wiped) */
} PlenumHttpError;

GQuark           plenum_http_error_quark              (void);

/* The protocol's "code" string of an error built from a JSON error body
 * ("not_found"), or NULL (transport errors, errors of other domains, NULL). */
const char      *plenum_http_error_get_code_string    (const GError *error);

/* The HTTP status of the answer the error came from, or 0 (no answer, other domains). */
guint            plenum_http_error_get_status         (const GError *error);

/* Retry-After in seconds from the answer (429 too_many_attempts, 503), or -1. */
gint64           plenum_http_error_get_retry_after    (const GError *error);

/* The enum value for a protocol code string; PLENUM_HTTP_ERROR_REFUSED for a code this
 * client does not know ("internal" → SERVER_ERROR). */
PlenumHttpError  plenum_http_error_from_code_string   (const char   *code);

/* The protocol code string for an enum value of the protocol range ("not_found"), or
 * NULL for transport codes and REFUSED. */
const char      *plenum_http_error_to_code_string     (PlenumHttpError code);

/* Builds an error in PLENUM_HTTP_ERROR with the extra fields set (@code_string may be
 * NULL, @status 0, @retry_after -1 when unknown). For the client and for tests. */
GError          *plenum_http_error_new_full           (PlenumHttpError code,
                                                       const char     *code_string,
                                                       guint           status,
                                                       gint64          retry_after,
                                                       const char     *message);

/* TRUE when a later retry of the same request may succeed without the user doing
 * anything: UNREACHABLE, TIMEOUT, CONNECTION_LOST, SERVER_ERROR, TOO_MANY_ATTEMPTS.
 * (The sync engine decides about backoff; this only classifies.) FALSE for NULL and
 * other domains. */
gboolean         plenum_http_error_is_transient       (const GError *error);

G_END_DECLS
