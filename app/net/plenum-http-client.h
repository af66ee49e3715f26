/* plenum-http-client.h — the client's HTTP(S) layer: one libcurl multi handle driven by
 * one GSource on the GLib main loop; REST requests, resumable downloads and the event
 * stream (plenum-event-stream.h), all asynchronous.
 *
 * Threading: a client is bound to the thread-default GMainContext of the thread that
 * made it (the global default one when none was pushed). All its sources live on that
 * context, every callback, signal and write function runs there, and every function
 * below must be called from a thread whose thread-default context is that one (in
 * practice: the main thread). It never adds a source to any other context.
 *
 * Nothing blocks: a call starts a transfer and returns; the transfer progresses while the
 * context is iterated. No user code (callbacks, write functions, signal handlers) ever
 * runs from inside a libcurl callback, so any of them may start, cancel or close other
 * transfers, or drop the last reference to the client.
 *
 * Lifetime: each running request or download holds a reference to the client (through
 * its GTask), and each open PlenumEventStream holds one; dropping your reference does
 * not stop them. Cancel them (GCancellable) or close the streams to stop them.
 *
 * Security: TLS peer and host verification are always on, against the system's CA
 * store or the CA file given (set_ca_file), and a pinned key refuses every other key.
 * Plain http:// is refused unless the host is a loopback address (127.0.0.0/8, ::1,
 * "localhost") or the client was made with PLENUM_HTTP_CLIENT_ALLOW_INSECURE (a lab
 * setting from the terminal configuration; see also set_allow_insecure). TLS failures
 * say what failed: plenum_http_error_get_tls_problem(). The credential (a member's bearer token or the terminal credential) is
 * never logged, and redirects are not followed.
 *
 * Retries and backoff are NOT done here: the sync engine owns them
 * (plenum_http_error_is_transient() helps it classify).
 *
 * In short:
 *
 *   client = plenum_http_client_new ("https://plenum.example.org", &error);
 *   plenum_http_client_set_token (client, token);
 *   plenum_http_client_request_async (client, "GET", "/api/v1/meetings/ID", NULL,
 *                                     stored_etag, cancellable, meeting_fetched_cb, self);
 *   …in meeting_fetched_cb:
 *   response = plenum_http_client_request_finish (client, result, &error);
 *   if (response == NULL) … g_error_matches (error, PLENUM_HTTP_ERROR,
 *                                            PLENUM_HTTP_ERROR_TOKEN_EXPIRED) …
 *   else if (plenum_http_response_get_status (response) == 304) … keep the cached copy
 *   else plenum_json_parse (body) → plenum_meeting_new_from_json () …
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "plenum-http-error.h"
#include "plenum-http-response.h"
#include "plenum-event-stream.h"

G_BEGIN_DECLS

/* Defaults of the settings (tests shorten them). */
#define PLENUM_HTTP_DEFAULT_CONNECT_TIMEOUT_MS   10000
#define PLENUM_HTTP_DEFAULT_LOW_SPEED_SECONDS    30     /* < 1 byte/s for this long: TIMEOUT */
#define PLENUM_HTTP_DEFAULT_EVENT_WATCHDOG_MS    45000  /* 3 × the server's 15 s heartbeat */
#define PLENUM_HTTP_DEFAULT_MAX_HOST_CONNECTIONS 16
/* The largest body a REST request accepts (and the largest error body): the JSON
 * readers' own limit. More is PLENUM_HTTP_ERROR_BAD_RESPONSE. */
#define PLENUM_HTTP_MAX_BODY_SIZE                (16 * 1024 * 1024)

typedef enum {
  PLENUM_HTTP_CLIENT_NONE           = 0,
  /* Allow plain http:// to any host (a lab; never in production). */
  PLENUM_HTTP_CLIENT_ALLOW_INSECURE = 1 << 0,
} PlenumHttpClientFlags;

/* What a download's write function knows about the transfer. Valid during the call. */
typedef struct {
  guint    status;         /* 200 or 206 */
  guint64  offset;         /* where in the resource this transfer's first byte sits: the
                            * requested offset after a 206, 0 after a 200 */
  gint64   total_size;     /* size of the whole resource (Content-Range total on a 206,
                            * Content-Length on a 200), -1 when unknown */
  gboolean range_ignored;  /* an offset > 0 was asked for and the server sent the whole
                            * resource from byte 0 (200): on the first call (received
                            * == 0) the caller must throw away its partial file and start
                            * again from 0 */
  guint64  received;       /* bytes handed to the write function before this call; 0 on
                            * the first call of a transfer */
  GBytes  *chunk;          /* the chunk itself (the same bytes as the call's @data and
                            * @len): a receiver that keeps the bytes takes a reference
                            * instead of copying them */
} PlenumHttpDownloadInfo;

/* Called on the client's context with each chunk of a download's body, in order, never
 * with an empty chunk, and never after the download's GCancellable was cancelled.
 * Return FALSE and set @error (e.g. a disk error) to abort: the download then fails
 * with that error. */
typedef gboolean (*PlenumHttpWriteFunc) (const PlenumHttpDownloadInfo *info,
                                         const guint8                 *data,
                                         gsize                         len,
                                         gpointer                      user_data,
                                         GError                      **error);

#define PLENUM_TYPE_HTTP_CLIENT (plenum_http_client_get_type ())
G_DECLARE_FINAL_TYPE (PlenumHttpClient, plenum_http_client, PLENUM, HTTP_CLIENT, GObject)

/* @base_url: "https://host[:port][/prefix]" or "http://127.0.0.1:PORT"; a trailing '/'
 * is dropped. No user info, query or fragment. Fails with INVALID_URL for a URL it
 * cannot use and INSECURE for plain http:// to a host that is not loopback. */
PlenumHttpClient *plenum_http_client_new                 (const char             *base_url,
                                                          GError                **error);
PlenumHttpClient *plenum_http_client_new_full            (const char             *base_url,
                                                          PlenumHttpClientFlags   flags,
                                                          GError                **error);

/* The base URL as used (no trailing '/'). */
const char       *plenum_http_client_get_base_url        (PlenumHttpClient       *self);

/* The bearer token sent as "Authorization: Bearer TOKEN" by transfers started after
 * the call (NULL: none). Copied; the old copy is wiped. Never logged. */
void              plenum_http_client_set_token           (PlenumHttpClient       *self,
                                                          const char             *token);
gboolean          plenum_http_client_has_token           (PlenumHttpClient       *self);

/* The credential sent by transfers started after the call, as "Authorization: SCHEME
 * SECRET": @scheme "Bearer" (a member's token; NULL means "Bearer" too) or "Terminal"
 * (a terminal credential, docs/protocol.md "Rooms and terminals"); @secret NULL sends
 * none. Copied; the old copy is wiped. Never logged. set_token (self, t) is
 * set_authorization (self, "Bearer", t); has_token() is TRUE for either scheme. */
void              plenum_http_client_set_authorization   (PlenumHttpClient       *self,
                                                          const char             *scheme,
                                                          const char             *secret);
/* "Bearer" or "Terminal" while a secret is set, else NULL. */
const char       *plenum_http_client_get_authorization_scheme (PlenumHttpClient  *self);

/* The base64 part of a pinned public key, "sha256//BASE64" or BASE64 alone, or NULL
 * when it is not the base64 of a SHA-256 (32 bytes: 43 characters and one '='). One
 * check for the client, the terminal configuration and plenumctl. */
const char       *plenum_http_pinned_public_key_base64 (const char *value);

/* Pins the server's public key: the base64 of the SHA-256 of its SubjectPublicKeyInfo
 * (44 characters, as `openssl … | openssl dgst -sha256 -binary | base64` gives), with
 * or without a "sha256//" prefix; NULL removes the pin. A mismatch fails transfers with
 * PLENUM_HTTP_ERROR_TLS. A value that is not such a hash: FALSE with INVALID_URL. */
gboolean          plenum_http_client_set_pinned_public_key (PlenumHttpClient     *self,
                                                            const char           *sha256_base64,
                                                            GError              **error);

/* A PEM file of CA certificates to verify the server with instead of the system's
 * (NULL: the system's). A file that cannot be read fails transfers with TLS
 * (PLENUM_HTTP_TLS_PROBLEM_CA_FILE). */
void              plenum_http_client_set_ca_file         (PlenumHttpClient       *self,
                                                          const char             *path);

/* What was set, for a caller that makes a transfer of its own under the same rules
 * (plenum-blob-upload.h): the CA file or NULL, the pin as "sha256//…" or NULL. */
const char       *plenum_http_client_get_ca_file         (PlenumHttpClient       *self);
const char       *plenum_http_client_get_pinned_public_key (PlenumHttpClient     *self);

/* Allows (a lab) or refuses plain http:// to a host that is not loopback, for
 * transfers started after the call; the same as PLENUM_HTTP_CLIENT_ALLOW_INSECURE at
 * construction. A client made with that flag and then refused fails every transfer
 * with INSECURE, before connecting: this is how a sync engine made for such an address
 * stays closed until the terminal configuration allows it. */
void              plenum_http_client_set_allow_insecure  (PlenumHttpClient       *self,
                                                          gboolean                allow);
gboolean          plenum_http_client_get_allow_insecure  (PlenumHttpClient       *self);

/* What a PLENUM_HTTP_ERROR_TLS failure was, for the sentence the user sees. Kept in
 * the error's code string ("tls_untrusted", …; see plenum_http_error_get_code_string()),
 * so it survives g_error_copy(). */
typedef enum {
  PLENUM_HTTP_TLS_PROBLEM_NONE = 0,   /* not a TLS error */
  PLENUM_HTTP_TLS_PROBLEM_UNTRUSTED,  /* not signed by an authority this terminal trusts
                                       * (self-signed, unknown CA) */
  PLENUM_HTTP_TLS_PROBLEM_WRONG_NAME, /* a trusted certificate for another host name */
  PLENUM_HTTP_TLS_PROBLEM_PINNED_KEY, /* the key is not the pinned one */
  PLENUM_HTTP_TLS_PROBLEM_EXPIRED,    /* expired or not valid yet (or the clock is wrong) */
  PLENUM_HTTP_TLS_PROBLEM_CA_FILE,    /* the CA file cannot be read */
  PLENUM_HTTP_TLS_PROBLEM_HANDSHAKE,  /* anything else: no common cipher, not TLS, … */
} PlenumHttpTlsProblem;

PlenumHttpTlsProblem plenum_http_error_get_tls_problem   (const GError           *error);

/* Settings, for transfers started after the call. */
void              plenum_http_client_set_connect_timeout (PlenumHttpClient       *self,
                                                          guint                   timeout_ms);
/* A request or download that receives less than 1 byte/s for @seconds (≥ 1) fails with
 * TIMEOUT. Event streams use the watchdog instead. */
void              plenum_http_client_set_low_speed_timeout (PlenumHttpClient     *self,
                                                            guint                 seconds);
/* An event stream that receives no byte for @timeout_ms closes with TIMEOUT (0: never). */
void              plenum_http_client_set_event_watchdog  (PlenumHttpClient       *self,
                                                          guint                   timeout_ms);
/* At most this many connections to the server at once (≥ 1); more transfers queue. */
void              plenum_http_client_set_max_connections (PlenumHttpClient       *self,
                                                          guint                   n);

/* A REST call: @method ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"), @path
 * starting with '/' ("/api/v1/meetings/…", query allowed; no spaces or controls),
 * @json_body sent as application/json (NULL: none; not with GET or HEAD),
 * @if_none_match sent as If-None-Match (NULL: none).
 *
 * Succeeds for 2xx and 304. A 2xx body must be JSON (Content-Type application/json or
 * …+json) and at most PLENUM_HTTP_MAX_BODY_SIZE; the caller parses it with the strict
 * layer. Any other status fails: with the protocol code's PLENUM_HTTP_ERROR value and
 * the server's message when the body is a Plenum JSON error, else BAD_RESPONSE (a
 * HEAD's error has no body: it maps by status alone). */
void              plenum_http_client_request_async       (PlenumHttpClient       *self,
                                                          const char             *method,
                                                          const char             *path,
                                                          GBytes                 *json_body,
                                                          const char             *if_none_match,
                                                          GCancellable           *cancellable,
                                                          GAsyncReadyCallback     callback,
                                                          gpointer                user_data);
PlenumHttpResponse *plenum_http_client_request_finish    (PlenumHttpClient       *self,
                                                          GAsyncResult           *result,
                                                          GError                **error);

/* A GET of @path streamed to @write_func, from byte @offset on (0: the whole resource;
 * else "Range: bytes=OFFSET-"). The caller writes and hashes; this layer only streams.
 * 200 and 206 succeed; a 206 whose Content-Range does not start at @offset is
 * BAD_RESPONSE; a 200 to a Range request sets range_ignored (see
 * PlenumHttpDownloadInfo); a body cut short is CONNECTION_LOST, never a short success.
 * Error statuses map as for requests (416 → RANGE_NOT_SATISFIABLE).
 *
 * @write_destroy is called once with @write_data when the transfer no longer needs it:
 * after the last write and before @callback runs (also on failure and cancellation).
 * The response's body is empty; see its total size, offset and bytes received. */
void              plenum_http_client_download_async      (PlenumHttpClient       *self,
                                                          const char             *path,
                                                          guint64                 offset,
                                                          PlenumHttpWriteFunc     write_func,
                                                          gpointer                write_data,
                                                          GDestroyNotify          write_destroy,
                                                          GCancellable           *cancellable,
                                                          GAsyncReadyCallback     callback,
                                                          gpointer                user_data);
PlenumHttpResponse *plenum_http_client_download_finish   (PlenumHttpClient       *self,
                                                          GAsyncResult           *result,
                                                          GError                **error);

/* Opens a Server-Sent Events stream on @path (GET, "Accept: text/event-stream"),
 * sending Last-Event-ID when @last_event_id is not NULL or empty. Returns at once; the
 * stream reports through its signals (plenum-event-stream.h). It never reconnects by
 * itself: when it closes, the sync engine decides when to open a new one, with
 * plenum_event_stream_get_last_event_id(). Never returns NULL (a bad path closes the
 * stream with INVALID_URL from the main loop). */
PlenumEventStream *plenum_http_client_open_events        (PlenumHttpClient       *self,
                                                          const char             *path,
                                                          const char             *last_event_id);

/* Number of transfers (requests, downloads, streams) running now. */
guint             plenum_http_client_get_n_active        (PlenumHttpClient       *self);

/* How many times the client's GSource has dispatched since construction. For tests
 * and benchmarks: an idle client with an open, silent stream must not spin. */
guint64           plenum_http_client_get_n_dispatches    (PlenumHttpClient       *self);

G_END_DECLS
