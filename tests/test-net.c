/* test-net.c — PlenumHttpClient against an in-process SoupServer on 127.0.0.1 (port 0),
 * on the test's own main context, and through the fault proxy: REST and error mapping,
 * ETags, large and resumed downloads, cancellation, event streams with awkward chunk
 * splits and their watchdog, unreachable servers, cut / corrupted / throttled / stalled
 * links, many concurrent requests, TLS verification and pinning.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "plenum-test-util.h"
#include "plenum-fault-proxy.h"

#include <libsoup/soup.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "core/plenum-hash.h"
#include "core/plenum-json.h"
#include "net/plenum-http-client.h"
#include "net/plenum-sse-parser.h"

#define WAIT_MS 20000

/* The blob every download test fetches: odd-sized, a few MiB of pseudo-random bytes. */
#define BLOB_SIZE (6 * 1024 * 1024 + 12345)
static GBytes *blob;

typedef struct {
  SoupServer *server;
  char *url;
  guint16 port;
  PlenumHttpClient *client;

  /* The open SSE response, if any. */
  SoupServerMessage *sse_msg;
  char *sse_last_event_id;     /* the Last-Event-ID header of the last SSE request */
  guint n_sse_requests;
} Fixture;

/* ---- The server -------------------------------------------------------------------- */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              cJSON             *json)
{
  g_autofree char *text = plenum_json_print (json);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

static const char *
query_get (GHashTable *query,
           const char *key)
{
  return query != NULL ? g_hash_table_lookup (query, key) : NULL;
}

/* GET/HEAD: {"hello": "world", "n": N} with an ETag; If-None-Match → 304.
 * POST/PUT/PATCH: 201 with what arrived. DELETE: 204. */
static void
handle_echo (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  g_autoptr(cJSON) json = cJSON_CreateObject ();

  if (strcmp (method, "GET") == 0 || strcmp (method, "HEAD") == 0)
    {
      const char *etag = "\"echo-v1\"";
      const char *inm = soup_message_headers_get_one (request, "If-None-Match");
      const char *n = query_get (query, "n");

      soup_message_headers_replace (response, "ETag", etag);
      if (g_strcmp0 (inm, etag) == 0)
        {
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
          return;
        }
      plenum_json_add_string (json, "hello", "world");
      plenum_json_add_int64 (json, "n", n != NULL ? g_ascii_strtoll (n, NULL, 10) : 0);
      respond_json (msg, SOUP_STATUS_OK, json);
      return;
    }
  if (strcmp (method, "DELETE") == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }

  {
    SoupMessageBody *body = soup_server_message_get_request_body (msg);
    g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
    g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

    plenum_json_add_string (json, "method", method);
    plenum_json_add_string (json, "content_type", soup_message_headers_get_one (request, "Content-Type"));
    plenum_json_add_string (json, "authorization", soup_message_headers_get_one (request, "Authorization"));
    plenum_json_add_string (json, "user_agent", soup_message_headers_get_one (request, "User-Agent"));
    plenum_json_add_string (json, "body", text);
    respond_json (msg, SOUP_STATUS_CREATED, json);
  }
}

/* ?code=C&status=S[&retry=R]: a Plenum JSON error. */
static void
handle_error (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  g_autoptr(cJSON) json = cJSON_CreateObject ();
  cJSON *inner = cJSON_AddObjectToObject (json, "error");
  const char *code = query_get (query, "code");
  const char *retry = query_get (query, "retry");
  g_autofree char *message = g_strdup_printf ("Message for %s.", code);

  plenum_json_add_string (inner, "code", code);
  plenum_json_add_string (inner, "message", message);
  if (retry != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", retry);
  respond_json (msg, (guint) g_ascii_strtoull (query_get (query, "status"), NULL, 10), json);
}

/* ?kind=…: answers that are not what the protocol says. */
static void
handle_bad (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  const char *kind = query_get (query, "kind");
  struct {
    const char *kind;
    guint status;
    const char *type;
    const char *body;
  } answers[] = {
    { "html", 404, "text/html", "<html><body>Not here</body></html>" },
    { "no-message", 404, "application/json", "{\"error\":{\"code\":\"not_found\"}}" },
    { "not-object", 400, "application/json", "{\"error\":\"bad\"}" },
    { "bad-utf8", 400, "application/json", "{\"error\":{\"code\":\"bad_request\",\"message\":\"\xC3\x28\"}}" },
    { "duplicate", 400, "application/json", "{\"error\":{\"code\":\"x\",\"code\":\"y\",\"message\":\"m\"}}" },
    { "bad-code", 400, "application/json", "{\"error\":{\"code\":\"Not Found\",\"message\":\"m\"}}" },
    { "gateway", 503, "text/html", "<html>Service Unavailable</html>" },
    { "text-ok", 200, "text/plain", "hello" },
    { "redirect", 302, "text/plain", "elsewhere" },
    { "unknown-4xx", 418, "application/json", "{\"error\":{\"code\":\"brand_new\",\"message\":\"A new code.\",\"details\":{}}}" },
    { "unknown-5xx", 507, "application/json", "{\"error\":{\"code\":\"disk_full\",\"message\":\"Full.\"}}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    if (g_strcmp0 (kind, answers[i].kind) == 0)
      {
        soup_server_message_set_status (msg, answers[i].status, NULL);
        soup_server_message_set_response (msg, answers[i].type, SOUP_MEMORY_STATIC,
                                          answers[i].body, strlen (answers[i].body));
        if (answers[i].status == 302)
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Location", "/api/v1/echo");
        return;
      }
  soup_server_message_set_status (msg, 500, NULL);
}

/* The blob; libsoup answers Range itself (206 with Content-Range) for an accumulated
 * body. */
static void
handle_blob (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_STATIC,
                                    g_bytes_get_data (blob, NULL), g_bytes_get_size (blob));
}

/* The blob, always whole: a server that ignores Range. */
static void
handle_blob_whole (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/octet-stream", NULL);
  soup_message_headers_set_content_length (soup_server_message_get_response_headers (msg),
                                           g_bytes_get_size (blob));
  /* Not accumulated: libsoup's own Range handling stays out of the way. */
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_append_bytes (body, blob);
  soup_message_body_complete (body);
}

static void
sse_finished_cb (SoupServerMessage *msg,
                 gpointer           user_data)
{
  Fixture *f = user_data;

  if (f->sse_msg == msg)
    g_clear_object (&f->sse_msg);
}

/* An event stream that the test writes into (sse_push, sse_end). ?status=401: refused. */
static void
handle_events (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  f->n_sse_requests++;
  g_free (f->sse_last_event_id);
  f->sse_last_event_id = g_strdup (soup_message_headers_get_one (request, "Last-Event-ID"));

  if (g_strcmp0 (query_get (query, "status"), "401") == 0)
    {
      g_autoptr(cJSON) json = cJSON_CreateObject ();
      cJSON *inner = cJSON_AddObjectToObject (json, "error");

      plenum_json_add_string (inner, "code", "token_expired");
      plenum_json_add_string (inner, "message", "The token has expired.");
      respond_json (msg, 401, json);
      return;
    }
  if (g_strcmp0 (query_get (query, "type"), "text") == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "data: x\n\n", 9);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (body, FALSE);
  g_clear_object (&f->sse_msg);
  f->sse_msg = g_object_ref (msg);
  g_signal_connect (msg, "finished", G_CALLBACK (sse_finished_cb), f);
}

static void
sse_push (Fixture    *f,
          const char *bytes,
          gsize       len)
{
  g_assert_nonnull (f->sse_msg);
  soup_message_body_append (soup_server_message_get_response_body (f->sse_msg),
                            SOUP_MEMORY_COPY, bytes, len);
  soup_server_message_unpause (f->sse_msg);
}

static void
sse_end (Fixture *f)
{
  g_assert_nonnull (f->sse_msg);
  soup_message_body_complete (soup_server_message_get_response_body (f->sse_msg));
  soup_server_message_unpause (f->sse_msg);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->server = soup_server_new ("server-header", "plenum-test ", NULL);
  soup_server_add_handler (f->server, "/api/v1/echo", handle_echo, f, NULL);
  soup_server_add_handler (f->server, "/api/v1/error", handle_error, f, NULL);
  soup_server_add_handler (f->server, "/api/v1/bad", handle_bad, f, NULL);
  soup_server_add_handler (f->server, "/blob", handle_blob, f, NULL);
  soup_server_add_handler (f->server, "/blob-whole", handle_blob_whole, f, NULL);
  soup_server_add_handler (f->server, "/api/v1/events", handle_events, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  f->port = (guint16) g_uri_get_port (uris->data);
  f->url = g_strdup_printf ("http://127.0.0.1:%u", f->port);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->client = plenum_http_client_new (f->url, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->client);
}

static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Every transfer has ended: nothing else holds the client. */
  g_assert_cmpuint (plenum_http_client_get_n_active (f->client), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&f->client));

  g_clear_object (&f->sse_msg);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  drain_main_context ();
  g_free (f->url);
  g_free (f->sse_last_event_id);
}

/* ---- Waiting for results ----------------------------------------------------------- */

typedef struct {
  gboolean done;
  PlenumHttpResponse *response;
  GError *error;
} Result;

static void
result_clear (Result *r)
{
  g_clear_object (&r->response);
  g_clear_error (&r->error);
  r->done = FALSE;
}

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Result *r = user_data;

  g_assert_false (r->done);
  r->response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source), result, &r->error);
  g_assert_true ((r->response == NULL) != (r->error == NULL));
  r->done = TRUE;
}

static void
run_request (PlenumHttpClient *client,
             const char       *method,
             const char       *path,
             const char       *json_body,
             const char       *if_none_match,
             Result           *r)
{
  g_autoptr(GBytes) body = json_body != NULL ? g_bytes_new (json_body, strlen (json_body)) : NULL;

  plenum_http_client_request_async (client, method, path, body, if_none_match, NULL,
                                    request_done_cb, r);
  g_assert_true (plenum_test_wait_flag (NULL, &r->done, WAIT_MS));
}

static cJSON *
response_json (PlenumHttpResponse *response)
{
  GBytes *body = plenum_http_response_get_body (response);
  g_autoptr(GError) error = NULL;
  cJSON *json = plenum_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);

  g_assert_no_error (error);
  return json;
}

typedef struct {
  GByteArray *bytes;
  guint n_writes;
  guint n_destroyed;
  PlenumHttpDownloadInfo first_info;
  GCancellable *cancellable;
  guint cancel_at_write;       /* cancel from inside the write function at this write */
  gboolean cancelled;
  guint writes_after_cancel;
  guint fail_at_write;         /* return a disk error at this write */
  Result result;
} Download;

static void
download_init (Download *d)
{
  memset (d, 0, sizeof *d);
  d->bytes = g_byte_array_new ();
  d->cancellable = g_cancellable_new ();
}

static void
download_clear (Download *d)
{
  g_byte_array_unref (d->bytes);
  g_object_unref (d->cancellable);
  result_clear (&d->result);
}

static gboolean
download_write_cb (const PlenumHttpDownloadInfo  *info,
                   const guint8                  *data,
                   gsize                          len,
                   gpointer                       user_data,
                   GError                       **error)
{
  Download *d = user_data;

  if (d->cancelled)
    d->writes_after_cancel++;
  g_assert_cmpuint (len, >, 0);
  if (d->n_writes == 0)
    d->first_info = *info;
  g_assert_cmpuint (info->received, ==, d->bytes->len);
  g_assert_cmpuint (info->status, ==, d->first_info.status);
  d->n_writes++;

  if (d->fail_at_write > 0 && d->n_writes == d->fail_at_write)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "The disk is full");
      return FALSE;
    }
  g_byte_array_append (d->bytes, data, len);
  if (d->cancel_at_write > 0 && d->n_writes == d->cancel_at_write)
    {
      d->cancelled = TRUE;
      g_cancellable_cancel (d->cancellable);
    }
  return TRUE;
}

static void
download_destroy_cb (gpointer user_data)
{
  Download *d = user_data;

  /* Before the completion callback. */
  g_assert_false (d->result.done);
  d->n_destroyed++;
}

static void
download_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Download *d = user_data;

  g_assert_false (d->result.done);
  g_assert_cmpuint (d->n_destroyed, ==, 1);
  d->result.response = plenum_http_client_download_finish (PLENUM_HTTP_CLIENT (source), result,
                                                           &d->result.error);
  g_assert_true ((d->result.response == NULL) != (d->result.error == NULL));
  d->result.done = TRUE;
}

static void
start_download (PlenumHttpClient *client,
                const char       *path,
                guint64           offset,
                Download         *d)
{
  plenum_http_client_download_async (client, path, offset, download_write_cb, d, download_destroy_cb,
                                     d->cancellable, download_done_cb, d);
}

static void
run_download (PlenumHttpClient *client,
              const char       *path,
              guint64           offset,
              Download         *d)
{
  start_download (client, path, offset, d);
  g_assert_true (plenum_test_wait_flag (NULL, &d->result.done, WAIT_MS));
}

/* ---- REST -------------------------------------------------------------------------- */

static void
test_json_get (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(cJSON) json = NULL;
  const char *hello = NULL;
  gint64 n = 0;
  Result r = { 0 };

  run_request (f->client, "GET", "/api/v1/echo?n=7", NULL, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (plenum_http_response_get_status (r.response), ==, 200);
  g_assert_cmpstr (plenum_http_response_get_etag (r.response), ==, "\"echo-v1\"");
  g_assert_cmpstr (plenum_http_response_get_content_type (r.response), ==, "application/json; charset=utf-8");
  g_assert_cmpint (plenum_http_response_get_retry_after (r.response), ==, -1);
  json = response_json (r.response);
  g_assert_true (plenum_json_get_string (json, NULL, "hello", PLENUM_JSON_REQUIRED, &hello, NULL));
  g_assert_cmpstr (hello, ==, "world");
  g_assert_true (plenum_json_get_int64 (json, NULL, "n", PLENUM_JSON_REQUIRED, 0, 100, &n, NULL));
  g_assert_cmpint (n, ==, 7);
  result_clear (&r);

  /* HEAD: same status, no body. */
  run_request (f->client, "HEAD", "/api/v1/echo", NULL, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (plenum_http_response_get_status (r.response), ==, 200);
  g_assert_cmpuint (g_bytes_get_size (plenum_http_response_get_body (r.response)), ==, 0);
  result_clear (&r);
}

static void
test_json_post (Fixture       *f,
                gconstpointer  data)
{
  const char *methods[] = { "POST", "PUT", "PATCH" };

  plenum_http_client_set_token (f->client, "0123456789abcdef");
  g_assert_true (plenum_http_client_has_token (f->client));

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(cJSON) json = NULL;
      const char *s = NULL;
      Result r = { 0 };

      run_request (f->client, methods[i], "/api/v1/echo", "{\"name\":\"Nguy\xE1\xBB\x85n\"}", NULL, &r);
      g_assert_no_error (r.error);
      g_assert_cmpuint (plenum_http_response_get_status (r.response), ==, 201);
      json = response_json (r.response);
      g_assert_true (plenum_json_get_string (json, NULL, "method", PLENUM_JSON_REQUIRED, &s, NULL));
      g_assert_cmpstr (s, ==, methods[i]);
      g_assert_true (plenum_json_get_string (json, NULL, "content_type", PLENUM_JSON_REQUIRED, &s, NULL));
      g_assert_cmpstr (s, ==, "application/json; charset=utf-8");
      g_assert_true (plenum_json_get_string (json, NULL, "authorization", PLENUM_JSON_REQUIRED, &s, NULL));
      g_assert_cmpstr (s, ==, "Bearer 0123456789abcdef");
      g_assert_true (plenum_json_get_string (json, NULL, "user_agent", PLENUM_JSON_REQUIRED, &s, NULL));
      g_assert_cmpstr (s, ==, "Plenum/" PLENUM_VERSION);
      g_assert_true (plenum_json_get_string (json, NULL, "body", PLENUM_JSON_REQUIRED, &s, NULL));
      g_assert_cmpstr (s, ==, "{\"name\":\"Nguy\xE1\xBB\x85n\"}");
      result_clear (&r);
    }

  /* A POST without a body, and a DELETE answered 204. */
  {
    Result r = { 0 };

    run_request (f->client, "POST", "/api/v1/echo", NULL, NULL, &r);
    g_assert_no_error (r.error);
    g_assert_cmpuint (plenum_http_response_get_status (r.response), ==, 201);
    result_clear (&r);

    run_request (f->client, "DELETE", "/api/v1/echo", NULL, NULL, &r);
    g_assert_no_error (r.error);
    g_assert_cmpuint (plenum_http_response_get_status (r.response), ==, 204);
    g_assert_cmpuint (g_bytes_get_size (plenum_http_response_get_body (r.response)), ==, 0);
    result_clear (&r);
  }

  /* Without a token, no Authorization header. */
  {
    g_autoptr(cJSON) json = NULL;
    Result r = { 0 };

    plenum_http_client_set_token (f->client, NULL);
    g_assert_false (plenum_http_client_has_token (f->client));
    run_request (f->client, "POST", "/api/v1/echo", "{}", NULL, &r);
    g_assert_no_error (r.error);
    json = response_json (r.response);
    g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (json, "authorization")));
    result_clear (&r);
  }
}

/* The terminal scheme: "Authorization: Terminal …" arrives as sent; switching back to
 * a member token sends Bearer again; a 401 terminal_revoked has its own code. */
static void
test_terminal_authorization (Fixture       *f,
                             gconstpointer  data)
{
  static const char credential[] =
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
  const char *s = NULL;

  plenum_http_client_set_authorization (f->client, "Terminal", credential);
  g_assert_true (plenum_http_client_has_token (f->client));
  g_assert_cmpstr (plenum_http_client_get_authorization_scheme (f->client), ==, "Terminal");
  {
    g_autoptr(cJSON) json = NULL;
    g_autofree char *expected = g_strconcat ("Terminal ", credential, NULL);
    Result r = { 0 };

    run_request (f->client, "POST", "/api/v1/echo", "{}", NULL, &r);
    g_assert_no_error (r.error);
    json = response_json (r.response);
    g_assert_true (plenum_json_get_string (json, NULL, "authorization", PLENUM_JSON_REQUIRED, &s, NULL));
    g_assert_cmpstr (s, ==, expected);
    result_clear (&r);
  }

  /* The same secret as a member token: Bearer. */
  plenum_http_client_set_token (f->client, credential);
  g_assert_cmpstr (plenum_http_client_get_authorization_scheme (f->client), ==, "Bearer");
  {
    g_autoptr(cJSON) json = NULL;
    g_autofree char *expected = g_strconcat ("Bearer ", credential, NULL);
    Result r = { 0 };

    run_request (f->client, "POST", "/api/v1/echo", "{}", NULL, &r);
    g_assert_no_error (r.error);
    json = response_json (r.response);
    g_assert_true (plenum_json_get_string (json, NULL, "authorization", PLENUM_JSON_REQUIRED, &s, NULL));
    g_assert_cmpstr (s, ==, expected);
    result_clear (&r);
  }

  plenum_http_client_set_authorization (f->client, "Terminal", NULL);
  g_assert_false (plenum_http_client_has_token (f->client));
  g_assert_null (plenum_http_client_get_authorization_scheme (f->client));

  /* 401 terminal_revoked. */
  {
    Result r = { 0 };

    run_request (f->client, "GET", "/api/v1/error?code=terminal_revoked&status=401", NULL, NULL, &r);
    g_assert_error (r.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_TERMINAL_REVOKED);
    g_assert_cmpstr (plenum_http_error_get_code_string (r.error), ==, "terminal_revoked");
    g_assert_cmpuint (plenum_http_error_get_status (r.error), ==, 401);
    g_assert_false (plenum_http_error_is_transient (r.error));
    g_assert_cmpint (plenum_http_error_from_code_string ("terminal_revoked"), ==,
                     PLENUM_HTTP_ERROR_TERMINAL_REVOKED);
    g_assert_cmpstr (plenum_http_error_to_code_string (PLENUM_HTTP_ERROR_TERMINAL_REVOKED), ==,
                     "terminal_revoked");
    result_clear (&r);
  }
}

static void
test_etag (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *etag = NULL;
  Result r = { 0 };

  run_request (f->client, "GET", "/api/v1/echo", NULL, NULL, &r);
  g_assert_no_error (r.error);
  etag = g_strdup (plenum_http_response_get_etag (r.response));
  g_assert_nonnull (etag);
  result_clear (&r);

  run_request (f->client, "GET", "/api/v1/echo", NULL, etag, &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (plenum_http_response_get_status (r.response), ==, 304);
  g_assert_cmpstr (plenum_http_response_get_etag (r.response), ==, etag);
  g_assert_cmpuint (g_bytes_get_size (plenum_http_response_get_body (r.response)), ==, 0);
  result_clear (&r);

  /* Another ETag: the full answer. */
  run_request (f->client, "GET", "/api/v1/echo", NULL, "\"other\"", &r);
  g_assert_no_error (r.error);
  g_assert_cmpuint (plenum_http_response_get_status (r.response), ==, 200);
  result_clear (&r);
}

static void
test_error_codes (Fixture       *f,
                  gconstpointer  data)
{
  static const struct {
    const char *code;
    guint status;
    PlenumHttpError error;
  } cases[] = {
    { "bad_request", 400, PLENUM_HTTP_ERROR_BAD_REQUEST },
    { "unauthorized", 401, PLENUM_HTTP_ERROR_UNAUTHORIZED },
    { "token_expired", 401, PLENUM_HTTP_ERROR_TOKEN_EXPIRED },
    { "wrong_credentials", 401, PLENUM_HTTP_ERROR_WRONG_CREDENTIALS },
    { "forbidden", 403, PLENUM_HTTP_ERROR_FORBIDDEN },
    { "not_found", 404, PLENUM_HTTP_ERROR_NOT_FOUND },
    { "method_not_allowed", 405, PLENUM_HTTP_ERROR_METHOD_NOT_ALLOWED },
    { "conflict", 409, PLENUM_HTTP_ERROR_CONFLICT },
    { "missing_blob", 409, PLENUM_HTTP_ERROR_MISSING_BLOB },
    { "api_version_unsupported", 410, PLENUM_HTTP_ERROR_API_VERSION },
    { "too_large", 413, PLENUM_HTTP_ERROR_TOO_LARGE },
    { "range_not_satisfiable", 416, PLENUM_HTTP_ERROR_RANGE_NOT_SATISFIABLE },
    { "hash_mismatch", 422, PLENUM_HTTP_ERROR_HASH_MISMATCH },
    { "too_many_attempts", 429, PLENUM_HTTP_ERROR_TOO_MANY_ATTEMPTS },
    { "internal", 500, PLENUM_HTTP_ERROR_SERVER_ERROR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/error?code=%s&status=%u&retry=7",
                                               cases[i].code, cases[i].status);
      g_autofree char *message = g_strdup_printf ("Message for %s.", cases[i].code);
      Result r = { 0 };

      run_request (f->client, "GET", path, NULL, NULL, &r);
      g_assert_error (r.error, PLENUM_HTTP_ERROR, (gint) cases[i].error);
      g_assert_cmpstr (r.error->message, ==, message);
      g_assert_cmpstr (plenum_http_error_get_code_string (r.error), ==, cases[i].code);
      g_assert_cmpuint (plenum_http_error_get_status (r.error), ==, cases[i].status);
      g_assert_cmpint (plenum_http_error_get_retry_after (r.error), ==, 7);
      g_assert_cmpstr (plenum_http_error_to_code_string (cases[i].error), ==, cases[i].code);
      g_assert_cmpint (plenum_http_error_from_code_string (cases[i].code), ==, cases[i].error);

      /* The extra fields survive a copy. */
      {
        g_autoptr(GError) copy = g_error_copy (r.error);

        g_assert_cmpstr (plenum_http_error_get_code_string (copy), ==, cases[i].code);
        g_assert_cmpuint (plenum_http_error_get_status (copy), ==, cases[i].status);
      }
      result_clear (&r);
    }

  /* Codes this client does not know keep their string. */
  {
    Result r = { 0 };

    run_request (f->client, "GET", "/api/v1/bad?kind=unknown-4xx", NULL, NULL, &r);
    g_assert_error (r.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_REFUSED);
    g_assert_cmpstr (plenum_http_error_get_code_string (r.error), ==, "brand_new");
    g_assert_cmpstr (r.error->message, ==, "A new code.");
    g_assert_false (plenum_http_error_is_transient (r.error));
    result_clear (&r);

    run_request (f->client, "GET", "/api/v1/bad?kind=unknown-5xx", NULL, NULL, &r);
    g_assert_error (r.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_SERVER_ERROR);
    g_assert_cmpstr (plenum_http_error_get_code_string (r.error), ==, "disk_full");
    g_assert_true (plenum_http_error_is_transient (r.error));
    result_clear (&r);
  }

  /* A HEAD error has no body: it maps by status. */
  {
    Result r = { 0 };

    run_request (f->client, "HEAD", "/api/v1/error?code=not_found&status=404", NULL, NULL, &r);
    g_assert_error (r.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_NOT_FOUND);
    g_assert_null (plenum_http_error_get_code_string (r.error));
    result_clear (&r);
  }
}

static void
test_bad_responses (Fixture       *f,
                    gconstpointer  data)
{
  static const struct {
    const char *kind;
    PlenumHttpError error;
  } cases[] = {
    { "html", PLENUM_HTTP_ERROR_BAD_RESPONSE },
    { "no-message", PLENUM_HTTP_ERROR_BAD_RESPONSE },
    { "not-object", PLENUM_HTTP_ERROR_BAD_RESPONSE },
    { "bad-utf8", PLENUM_HTTP_ERROR_BAD_RESPONSE },
    { "duplicate", PLENUM_HTTP_ERROR_BAD_RESPONSE },
    { "bad-code", PLENUM_HTTP_ERROR_BAD_RESPONSE },
    { "text-ok", PLENUM_HTTP_ERROR_BAD_RESPONSE },
    { "redirect", PLENUM_HTTP_ERROR_BAD_RESPONSE },
    /* A gateway's own page for 502/503/504 is a server error (worth retrying). */
    { "gateway", PLENUM_HTTP_ERROR_SERVER_ERROR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/bad?kind=%s", cases[i].kind);
      Result r = { 0 };

      run_request (f->client, "GET", path, NULL, NULL, &r);
      g_test_message ("%s: %s", cases[i].kind, r.error != NULL ? r.error->message : "no error");
      g_assert_error (r.error, PLENUM_HTTP_ERROR, (gint) cases[i].error);
      g_assert_null (plenum_http_error_get_code_string (r.error));
      g_assert_cmpuint (plenum_http_error_get_status (r.error), !=, 0);
      result_clear (&r);
    }

  /* A path that is not one. */
  {
    Result r = { 0 };

    run_request (f->client, "GET", "/api/v1/echo?x=a b", NULL, NULL, &r);
    g_assert_error (r.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INVALID_URL);
    result_clear (&r);
    run_request (f->client, "GET", "/api/v1/echo\r\nX-Evil: 1", NULL, NULL, &r);
    g_assert_error (r.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INVALID_URL);
    result_clear (&r);
    run_request (f->client, "GET", "/api/v1/echo", NULL, "\"a\"\r\nX-Evil: 1", &r);
    g_assert_error (r.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_FAILED);
    result_clear (&r);
  }
}

/* A callback that starts the next request: the trap of calling curl from inside its
 * own callbacks. */
typedef struct {
  PlenumHttpClient *client;
  Result first;
  Result second;
} Chain;

static void
chain_first_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Chain *c = user_data;

  request_done_cb (source, result, &c->first);
  plenum_http_client_request_async (c->client, "GET", "/api/v1/echo?n=2", NULL, NULL, NULL,
                                    request_done_cb, &c->second);
}

static void
test_request_from_callback (Fixture       *f,
                            gconstpointer  data)
{
  Chain c = { .client = f->client };

  plenum_http_client_request_async (f->client, "GET", "/api/v1/echo?n=1", NULL, NULL, NULL,
                                    chain_first_done_cb, &c);
  g_assert_true (plenum_test_wait_flag (NULL, &c.second.done, WAIT_MS));
  g_assert_no_error (c.first.error);
  g_assert_no_error (c.second.error);
  g_assert_cmpuint (plenum_http_response_get_status (c.second.response), ==, 200);
  result_clear (&c.first);
  result_clear (&c.second);
}

typedef struct {
  Result results[50];
  guint n_done;
} Many;

static void
many_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Result *r = user_data;
  Many *m = g_object_get_data (source, "many");

  request_done_cb (source, result, r);
  m->n_done++;
}

static gboolean
many_all_done (gpointer user_data)
{
  Many *m = user_data;

  return m->n_done == G_N_ELEMENTS (m->results);
}

static void
test_concurrent (Fixture       *f,
                 gconstpointer  data)
{
  Many m = { 0 };

  g_object_set_data (G_OBJECT (f->client), "many", &m);
  for (guint i = 0; i < G_N_ELEMENTS (m.results); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/echo?n=%u", i);

      plenum_http_client_request_async (f->client, "GET", path, NULL, NULL, NULL, many_done_cb, &m.results[i]);
    }
  g_assert_cmpuint (plenum_http_client_get_n_active (f->client), ==, G_N_ELEMENTS (m.results));
  g_assert_true (plenum_test_wait_until (NULL, many_all_done, &m, WAIT_MS));

  for (guint i = 0; i < G_N_ELEMENTS (m.results); i++)
    {
      g_autoptr(cJSON) json = NULL;
      gint64 n = -1;

      g_assert_no_error (m.results[i].error);
      json = response_json (m.results[i].response);
      g_assert_true (plenum_json_get_int64 (json, NULL, "n", PLENUM_JSON_REQUIRED, 0, 100, &n, NULL));
      g_assert_cmpint (n, ==, i);
      result_clear (&m.results[i]);
    }
  g_object_set_data (G_OBJECT (f->client), "many", NULL);
}

/* ---- Downloads --------------------------------------------------------------------- */

static void
test_download_large (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *expected = plenum_sha256_hex (g_bytes_get_data (blob, NULL), BLOB_SIZE);
  g_autofree char *got = NULL;
  Download d;

  download_init (&d);
  run_download (f->client, "/blob", 0, &d);
  g_assert_no_error (d.result.error);
  g_assert_cmpuint (plenum_http_response_get_status (d.result.response), ==, 200);
  g_assert_cmpint (plenum_http_response_get_total_size (d.result.response), ==, BLOB_SIZE);
  g_assert_cmpuint (plenum_http_response_get_offset (d.result.response), ==, 0);
  g_assert_false (plenum_http_response_get_range_ignored (d.result.response));
  g_assert_cmpuint (plenum_http_response_get_bytes_received (d.result.response), ==, BLOB_SIZE);
  g_assert_cmpuint (g_bytes_get_size (plenum_http_response_get_body (d.result.response)), ==, 0);

  /* Streamed in many chunks, the size known from the first one on. */
  g_assert_cmpuint (d.n_writes, >, 4);
  g_assert_cmpint (d.first_info.total_size, ==, BLOB_SIZE);
  g_assert_cmpuint (d.first_info.status, ==, 200);
  g_assert_cmpuint (d.bytes->len, ==, BLOB_SIZE);
  got = plenum_sha256_hex (d.bytes->data, d.bytes->len);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpuint (d.n_destroyed, ==, 1);
  download_clear (&d);
}

static void
test_download_resume (Fixture       *f,
                      gconstpointer  data)
{
  const guint64 offset = 1234567;
  Download d;

  download_init (&d);
  run_download (f->client, "/blob", offset, &d);
  g_assert_no_error (d.result.error);
  g_assert_cmpuint (plenum_http_response_get_status (d.result.response), ==, 206);
  g_assert_cmpuint (plenum_http_response_get_offset (d.result.response), ==, offset);
  g_assert_cmpint (plenum_http_response_get_total_size (d.result.response), ==, BLOB_SIZE);
  g_assert_false (plenum_http_response_get_range_ignored (d.result.response));
  g_assert_cmpuint (d.first_info.status, ==, 206);
  g_assert_cmpuint (d.first_info.offset, ==, offset);
  g_assert_cmpint (d.first_info.total_size, ==, BLOB_SIZE);
  g_assert_false (d.first_info.range_ignored);
  g_assert_cmpuint (d.bytes->len, ==, BLOB_SIZE - offset);
  g_assert_cmpmem (d.bytes->data, d.bytes->len,
                   (const guint8 *) g_bytes_get_data (blob, NULL) + offset, BLOB_SIZE - offset);
  download_clear (&d);

  /* The last byte only. */
  download_init (&d);
  run_download (f->client, "/blob", BLOB_SIZE - 1, &d);
  g_assert_no_error (d.result.error);
  g_assert_cmpuint (d.bytes->len, ==, 1);
  g_assert_cmpuint (d.bytes->data[0], ==, ((const guint8 *) g_bytes_get_data (blob, NULL))[BLOB_SIZE - 1]);
  download_clear (&d);

  /* Past the end: 416. */
  download_init (&d);
  run_download (f->client, "/blob", BLOB_SIZE + 10, &d);
  g_assert_error (d.result.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (plenum_http_error_get_status (d.result.error), ==, 416);
  g_assert_cmpuint (d.n_writes, ==, 0);
  download_clear (&d);
}

static void
test_download_range_ignored (Fixture       *f,
                             gconstpointer  data)
{
  Download d;

  download_init (&d);
  run_download (f->client, "/blob-whole", 1000, &d);
  g_assert_no_error (d.result.error);
  g_assert_cmpuint (plenum_http_response_get_status (d.result.response), ==, 200);
  g_assert_true (plenum_http_response_get_range_ignored (d.result.response));
  g_assert_cmpuint (plenum_http_response_get_offset (d.result.response), ==, 0);
  /* The write function knew before its first byte. */
  g_assert_true (d.first_info.range_ignored);
  g_assert_cmpuint (d.first_info.offset, ==, 0);
  g_assert_cmpuint (d.first_info.received, ==, 0);
  g_assert_cmpuint (d.bytes->len, ==, BLOB_SIZE);
  g_assert_cmpmem (d.bytes->data, d.bytes->len, g_bytes_get_data (blob, NULL), BLOB_SIZE);
  download_clear (&d);

  /* Without an offset a 200 is just the whole thing. */
  download_init (&d);
  run_download (f->client, "/blob-whole", 0, &d);
  g_assert_no_error (d.result.error);
  g_assert_false (plenum_http_response_get_range_ignored (d.result.response));
  download_clear (&d);
}

static void
test_download_errors (Fixture       *f,
                      gconstpointer  data)
{
  Download d;

  /* A JSON error maps as for requests; nothing is written. */
  download_init (&d);
  run_download (f->client, "/api/v1/error?code=not_found&status=404", 0, &d);
  g_assert_error (d.result.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_NOT_FOUND);
  g_assert_cmpuint (d.n_writes, ==, 0);
  g_assert_cmpuint (d.n_destroyed, ==, 1);
  download_clear (&d);

  /* The write function refuses (a full disk): the download fails with its error. */
  download_init (&d);
  d.fail_at_write = 2;
  run_download (f->client, "/blob", 0, &d);
  g_assert_error (d.result.error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmpuint (d.n_writes, ==, 2);
  download_clear (&d);

  /* Cancelled before it starts. */
  download_init (&d);
  g_cancellable_cancel (d.cancellable);
  run_download (f->client, "/blob", 0, &d);
  g_assert_error (d.result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (d.n_writes, ==, 0);
  download_clear (&d);
}

/* ---- Through the fault proxy ------------------------------------------------------- */

static PlenumFaultProxy *
make_proxy (Fixture           *f,
            PlenumHttpClient **client_out)
{
  g_autoptr(GError) error = NULL;
  PlenumFaultProxy *proxy = plenum_fault_proxy_new ("127.0.0.1", f->port, &error);

  g_assert_no_error (error);
  *client_out = plenum_http_client_new (plenum_fault_proxy_get_url (proxy), &error);
  g_assert_no_error (error);
  return proxy;
}

typedef struct {
  PlenumHttpClient *client;
  PlenumFaultProxy *proxy;
} ProxyState;

static gboolean
no_connection_open (gpointer user_data)
{
  return plenum_fault_proxy_get_n_open (user_data) == 0;
}

static gboolean
download_has_64k (gpointer user_data)
{
  return ((Download *) user_data)->bytes->len >= 64 * 1024;
}

static void
test_download_cancel (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PlenumHttpClient) client = NULL;
  g_autoptr(PlenumFaultProxy) proxy = make_proxy (f, &client);
  Download d;

  /* Slow enough that the transfer is surely in the middle when cancelled. */
  plenum_fault_proxy_set_throttle (proxy, 512 * 1024);

  /* From inside the write function. */
  download_init (&d);
  d.cancel_at_write = 2;
  run_download (client, "/blob", 0, &d);
  g_assert_error (d.result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (d.writes_after_cancel, ==, 0);
  g_assert_cmpuint (d.n_writes, ==, 2);
  g_assert_cmpuint (d.n_destroyed, ==, 1);
  g_assert_cmpuint (plenum_http_client_get_n_active (client), ==, 0);
  /* curl let go of the connection. */
  g_assert_true (plenum_test_wait_until (NULL, no_connection_open, proxy, WAIT_MS));
  download_clear (&d);

  /* From the main loop, while bytes flow. */
  download_init (&d);
  start_download (client, "/blob", 0, &d);
  g_assert_true (plenum_test_wait_until (NULL, download_has_64k, &d, WAIT_MS));
  g_cancellable_cancel (d.cancellable);
  d.cancelled = TRUE;
  g_assert_true (plenum_test_wait_flag (NULL, &d.result.done, WAIT_MS));
  g_assert_error (d.result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (d.writes_after_cancel, ==, 0);
  g_assert_cmpuint (d.n_destroyed, ==, 1);
  g_assert_cmpuint (d.bytes->len, <, BLOB_SIZE);
  g_assert_true (plenum_test_wait_until (NULL, no_connection_open, proxy, WAIT_MS));
  download_clear (&d);

  g_assert_cmpuint (plenum_http_client_get_n_active (client), ==, 0);
  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_proxy_cut (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PlenumHttpClient) client = NULL;
  g_autoptr(PlenumFaultProxy) proxy = make_proxy (f, &client);
  Download d;
  Result r = { 0 };

  /* "A server that vanishes mid-transfer": an error, never a short success. */
  plenum_fault_proxy_set_cut_after (proxy, 1024 * 1024);
  download_init (&d);
  run_download (client, "/blob", 0, &d);
  g_assert_error (d.result.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_CONNECTION_LOST);
  g_assert_true (plenum_http_error_is_transient (d.result.error));
  g_assert_cmpuint (d.bytes->len, >, 0);
  g_assert_cmpuint (d.bytes->len, <, 1024 * 1024);
  g_assert_cmpuint (plenum_fault_proxy_get_n_cut (proxy), ==, 1);
  download_clear (&d);

  /* A cut inside the head of a JSON answer. */
  plenum_fault_proxy_set_cut_after (proxy, 20);
  run_request (client, "GET", "/api/v1/echo", NULL, NULL, &r);
  g_assert_error (r.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_CONNECTION_LOST);
  result_clear (&r);

  /* Resumed where it broke, the download completes. */
  plenum_fault_proxy_set_cut_after (proxy, -1);
  download_init (&d);
  run_download (client, "/blob", 3000000, &d);
  g_assert_no_error (d.result.error);
  g_assert_cmpuint (d.bytes->len, ==, BLOB_SIZE - 3000000);
  download_clear (&d);
}

static void
test_proxy_corrupt (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PlenumHttpClient) client = NULL;
  g_autoptr(PlenumFaultProxy) proxy = make_proxy (f, &client);
  const guint8 *original = g_bytes_get_data (blob, NULL);
  g_autofree char *expected = plenum_sha256_hex (original, BLOB_SIZE);
  g_autofree char *got = NULL;
  guint n_diff = 0;
  gsize where = 0;
  Download d;

  /* Byte 3 MiB of the connection is inside the body, whatever the head's size. */
  plenum_fault_proxy_set_corrupt_at (proxy, 3 * 1024 * 1024);
  download_init (&d);
  run_download (client, "/blob", 0, &d);

  /* net does not notice (the store's SHA-256 does): a success of the right length… */
  g_assert_no_error (d.result.error);
  g_assert_cmpuint (d.bytes->len, ==, BLOB_SIZE);
  g_assert_cmpuint (plenum_fault_proxy_get_n_corrupted (proxy), ==, 1);
  /* …with exactly one byte flipped in its lowest bit. */
  for (gsize i = 0; i < BLOB_SIZE; i++)
    if (d.bytes->data[i] != original[i])
      {
        n_diff++;
        where = i;
      }
  g_assert_cmpuint (n_diff, ==, 1);
  g_assert_cmpuint (d.bytes->data[where] ^ original[where], ==, 0x01);
  got = plenum_sha256_hex (d.bytes->data, d.bytes->len);
  g_assert_cmpstr (got, !=, expected);
  download_clear (&d);
}

static void
test_proxy_throttle (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PlenumHttpClient) client = NULL;
  g_autoptr(PlenumFaultProxy) proxy = make_proxy (f, &client);
  const gsize size = 256 * 1024;
  gint64 start;
  gint64 elapsed_ms;
  Download d;

  plenum_fault_proxy_set_throttle (proxy, 512 * 1024);
  download_init (&d);
  start = g_get_monotonic_time ();
  run_download (client, "/blob", BLOB_SIZE - size, &d);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_no_error (d.result.error);
  g_assert_cmpuint (d.bytes->len, ==, size);
  g_assert_cmpmem (d.bytes->data, d.bytes->len,
                   (const guint8 *) g_bytes_get_data (blob, NULL) + BLOB_SIZE - size, size);
  /* 256 KiB at 512 KiB/s takes about half a second: it was slowed down. */
  g_test_message ("throttled download took %" G_GINT64_FORMAT " ms", elapsed_ms);
  g_assert_cmpint (elapsed_ms, >=, 350);
  g_assert_cmpuint (d.n_writes, >, 3);
  download_clear (&d);
}

static void
test_proxy_stall (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PlenumHttpClient) client = NULL;
  g_autoptr(PlenumFaultProxy) proxy = make_proxy (f, &client);
  Result r = { 0 };

  /* Accepted, never answered: the low-speed limit ends it. */
  plenum_http_client_set_low_speed_timeout (client, 1);
  plenum_fault_proxy_set_stall (proxy, TRUE);
  run_request (client, "GET", "/api/v1/echo", NULL, NULL, &r);
  g_assert_error (r.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_TIMEOUT);
  g_assert_true (plenum_http_error_is_transient (r.error));
  result_clear (&r);

  plenum_fault_proxy_set_stall (proxy, FALSE);
  run_request (client, "GET", "/api/v1/echo", NULL, NULL, &r);
  g_assert_no_error (r.error);
  result_clear (&r);
}

static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(PlenumHttpClient) client = NULL;
  g_autoptr(PlenumHttpClient) proxied = NULL;
  g_autoptr(PlenumFaultProxy) proxy = NULL;
  g_autofree char *url = NULL;
  Result r = { 0 };

  /* A port nobody listens on: bound, then closed. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  client = plenum_http_client_new (url, &error);
  g_assert_no_error (error);
  run_request (client, "GET", "/api/v1/echo", NULL, NULL, &r);
  g_assert_error (r.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_UNREACHABLE);
  g_assert_true (plenum_http_error_is_transient (r.error));
  g_assert_cmpuint (plenum_http_error_get_status (r.error), ==, 0);
  result_clear (&r);

  /* The proxy's "server down", and back up. */
  proxy = make_proxy (f, &proxied);
  plenum_fault_proxy_set_refuse (proxy, TRUE);
  run_request (proxied, "GET", "/api/v1/echo", NULL, NULL, &r);
  g_assert_error (r.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_UNREACHABLE);
  result_clear (&r);
  g_assert_cmpuint (plenum_fault_proxy_get_n_connections (proxy), ==, 0);

  plenum_fault_proxy_set_refuse (proxy, FALSE);
  run_request (proxied, "GET", "/api/v1/echo", NULL, NULL, &r);
  g_assert_no_error (r.error);
  result_clear (&r);
  g_assert_cmpuint (plenum_fault_proxy_get_n_connections (proxy), ==, 1);
  g_assert_cmpuint (plenum_fault_proxy_get_bytes_upstream (proxy), >, 0);
  g_assert_cmpuint (plenum_fault_proxy_get_bytes_downstream (proxy), >, 0);
}

/* ---- Event streams ----------------------------------------------------------------- */

typedef struct {
  GString *log;
  guint n_events;
  guint n_heartbeats;
  gboolean opened;
  gboolean closed;
  GError *error;
  guint close_after_events;   /* close the stream from inside "event" */
  guint64 dispatches_at_heartbeat;
  PlenumHttpClient *client;
} SseLog;

static void
sse_opened_cb (PlenumEventStream *stream,
               SseLog            *s)
{
  g_assert_false (s->opened);
  g_assert_false (s->closed);
  s->opened = TRUE;
}

static void
sse_event_cb (PlenumEventStream *stream,
              const char        *id,
              const char        *type,
              const char        *data,
              SseLog            *s)
{
  g_assert_false (s->closed);
  g_string_append_printf (s->log, "E %s|%s|%s\n", id, type, data);
  s->n_events++;
  if (s->close_after_events > 0 && s->n_events == s->close_after_events)
    plenum_event_stream_close (stream);
}

static void
sse_heartbeat_cb (PlenumEventStream *stream,
                  SseLog            *s)
{
  g_assert_false (s->closed);
  s->n_heartbeats++;
  if (s->client != NULL)
    s->dispatches_at_heartbeat = plenum_http_client_get_n_dispatches (s->client);
}

static void
sse_closed_cb (PlenumEventStream *stream,
               const GError      *error,
               SseLog            *s)
{
  g_assert_false (s->closed);
  s->closed = TRUE;
  s->error = error != NULL ? g_error_copy (error) : NULL;
  g_assert_false (plenum_event_stream_is_open (stream));
}

static gboolean
uint_is_set (gpointer user_data)
{
  return *(guint *) user_data > 0;
}

static PlenumEventStream *
open_stream (PlenumHttpClient *client,
             const char       *path,
             const char       *last_event_id,
             SseLog           *s)
{
  PlenumEventStream *stream = plenum_http_client_open_events (client, path, last_event_id);

  memset (s, 0, sizeof *s);
  s->log = g_string_new (NULL);
  s->client = client;
  g_signal_connect (stream, "opened", G_CALLBACK (sse_opened_cb), s);
  g_signal_connect (stream, "event", G_CALLBACK (sse_event_cb), s);
  g_signal_connect (stream, "heartbeat", G_CALLBACK (sse_heartbeat_cb), s);
  g_signal_connect (stream, "closed", G_CALLBACK (sse_closed_cb), s);
  g_assert_true (plenum_event_stream_is_open (stream));
  return stream;
}

static void
sse_log_clear (SseLog *s)
{
  g_string_free (s->log, TRUE);
  g_clear_error (&s->error);
}

typedef struct {
  PlenumEventStream *stream;
  guint64 bytes;
} StreamBytes;

static gboolean
stream_has_bytes (gpointer user_data)
{
  StreamBytes *sb = user_data;

  return plenum_event_stream_get_bytes_received (sb->stream) >= sb->bytes;
}

static gboolean
sse_msg_present (gpointer user_data)
{
  Fixture *f = user_data;

  return f->sse_msg != NULL;
}

static void
log_parsed_event_cb (const char *id,
                     const char *type,
                     const char *data,
                     gsize       data_len,
                     gpointer    user_data)
{
  g_string_append_printf (user_data, "E %s|%s|%s\n", id, type, data);
}

/* Chunks cut at awkward places: between CR and LF, inside "data:", inside a UTF-8
 * sequence, a field name alone, the colon alone. */
static const char *const awkward_chunks[] = {
  ": hello\r",
  "\n",
  "id: 1\r\nev",
  "ent: packet.published\r\nda",
  "ta: {\"seq\":1}\r",
  "\n\r",
  "\n",
  "data: H\xE1\xBB",
  "\x99i\n",
  "data",
  ":",
  " second line\n\n",
  ": heartbeat\n",
  "id: 3\nevent: meeting.updated\ndata: {}\n",
  "\n",
};

static const char awkward_expected[] =
  "E 1|packet.published|{\"seq\":1}\n"
  "E 1|message|H\xE1\xBB\x99i\nsecond line\n"
  "E 3|meeting.updated|{}\n";

static void
test_sse_chunks (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PlenumEventStream) stream = NULL;
  g_autoptr(GString) whole = g_string_new (NULL);
  StreamBytes sb = { 0 };
  SseLog s;

  stream = open_stream (f->client, "/api/v1/events", NULL, &s);
  g_assert_true (plenum_test_wait_until (NULL, sse_msg_present, f, WAIT_MS));
  g_assert_null (f->sse_last_event_id);
  g_assert_true (plenum_test_wait_flag (NULL, &s.opened, WAIT_MS));
  g_assert_true (plenum_event_stream_is_connected (stream));

  /* Each chunk reaches the client before the next is sent, so the client's parser
   * sees every one of these boundaries. */
  sb.stream = stream;
  for (guint i = 0; i < G_N_ELEMENTS (awkward_chunks); i++)
    {
      sse_push (f, awkward_chunks[i], strlen (awkward_chunks[i]));
      g_string_append (whole, awkward_chunks[i]);
      sb.bytes = whole->len;
      g_assert_true (plenum_test_wait_until (NULL, stream_has_bytes, &sb, WAIT_MS));
    }
  g_assert_cmpuint (plenum_event_stream_get_bytes_received (stream), ==, whole->len);
  g_assert_cmpstr (s.log->str, ==, awkward_expected);
  g_assert_cmpuint (s.n_heartbeats, ==, 2);
  g_assert_cmpstr (plenum_event_stream_get_last_event_id (stream), ==, "3");

  /* The same bytes in one piece give the same events. */
  {
    static const PlenumSseParserCallbacks callbacks = { .event = log_parsed_event_cb };
    g_autoptr(GString) log = g_string_new (NULL);
    g_autoptr(PlenumSseParser) parser = plenum_sse_parser_new (&callbacks, log, 0);
    g_autoptr(GError) error = NULL;

    g_assert_true (plenum_sse_parser_feed (parser, whole->str, whole->len, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (log->str, ==, s.log->str);
  }

  /* The server ends the response: a clean close. */
  sse_end (f);
  g_assert_true (plenum_test_wait_flag (NULL, &s.closed, WAIT_MS));
  g_assert_no_error (s.error);
  g_assert_false (plenum_event_stream_is_open (stream));
  sse_log_clear (&s);

  /* Reconnecting sends the last id. */
  {
    g_autoptr(PlenumEventStream) again =
      open_stream (f->client, "/api/v1/events", plenum_event_stream_get_last_event_id (stream), &s);

    g_assert_true (plenum_test_wait_flag (NULL, &s.opened, WAIT_MS));
    g_assert_cmpstr (f->sse_last_event_id, ==, "3");
    g_assert_cmpstr (plenum_event_stream_get_last_event_id (again), ==, "3");
    g_assert_cmpuint (f->n_sse_requests, ==, 2);
    plenum_event_stream_close (again);
    g_assert_false (plenum_event_stream_is_open (again));
    g_assert_cmpuint (plenum_http_client_get_n_active (f->client), ==, 0);
    sse_log_clear (&s);
  }
}

static void
test_sse_close_in_handler (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(PlenumEventStream) stream = NULL;
  static const char three[] = "data: a\n\ndata: b\n\ndata: c\n\n: x\n";
  SseLog s;

  stream = open_stream (f->client, "/api/v1/events", "41", &s);
  s.close_after_events = 1;
  g_assert_true (plenum_test_wait_flag (NULL, &s.opened, WAIT_MS));
  g_assert_cmpstr (f->sse_last_event_id, ==, "41");
  sse_push (f, three, sizeof three - 1);

  /* The first event closes the stream: nothing after it, "closed" neither. */
  g_assert_true (plenum_test_wait_until (NULL, uint_is_set, &s.n_events, WAIT_MS));
  g_assert_cmpstr (s.log->str, ==, "E 41|message|a\n");
  g_assert_false (plenum_event_stream_is_open (stream));
  g_assert_cmpuint (plenum_http_client_get_n_active (f->client), ==, 0);
  drain_main_context ();
  g_assert_cmpuint (s.n_events, ==, 1);
  g_assert_cmpuint (s.n_heartbeats, ==, 0);
  g_assert_false (s.closed);
  sse_log_clear (&s);
}

static void
test_sse_refused (Fixture       *f,
                  gconstpointer  data)
{
  SseLog s;

  /* A JSON error instead of a stream. */
  {
    g_autoptr(PlenumEventStream) stream = open_stream (f->client, "/api/v1/events?status=401", NULL, &s);

    g_assert_true (plenum_test_wait_flag (NULL, &s.closed, WAIT_MS));
    g_assert_error (s.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_TOKEN_EXPIRED);
    g_assert_cmpstr (s.error->message, ==, "The token has expired.");
    g_assert_false (s.opened);
    sse_log_clear (&s);
  }

  /* Something that is not an event stream. */
  {
    g_autoptr(PlenumEventStream) stream = open_stream (f->client, "/api/v1/events?type=text", NULL, &s);

    g_assert_true (plenum_test_wait_flag (NULL, &s.closed, WAIT_MS));
    g_assert_error (s.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_BAD_RESPONSE);
    g_assert_cmpuint (s.n_events, ==, 0);
    sse_log_clear (&s);
  }

  /* A bad path: reported from the main loop, not before open_events() returned. */
  {
    g_autoptr(PlenumEventStream) stream = open_stream (f->client, "no-slash", NULL, &s);

    g_assert_false (s.closed);
    g_assert_true (plenum_test_wait_flag (NULL, &s.closed, WAIT_MS));
    g_assert_error (s.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INVALID_URL);
    sse_log_clear (&s);
  }

  /* A server that is not there. */
  {
    g_autoptr(PlenumHttpClient) client = NULL;
    g_autoptr(PlenumFaultProxy) proxy = make_proxy (f, &client);
    g_autoptr(PlenumEventStream) stream = NULL;

    plenum_fault_proxy_set_refuse (proxy, TRUE);
    stream = open_stream (client, "/api/v1/events", NULL, &s);
    g_assert_true (plenum_test_wait_flag (NULL, &s.closed, WAIT_MS));
    g_assert_error (s.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_UNREACHABLE);
    sse_log_clear (&s);
  }
}

static void
test_sse_watchdog (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PlenumEventStream) stream = NULL;
  guint64 dispatches;
  gint64 heartbeat_time;
  gint64 silent_ms;
  SseLog s;

  plenum_http_client_set_event_watchdog (f->client, 500);
  stream = open_stream (f->client, "/api/v1/events", NULL, &s);
  g_assert_true (plenum_test_wait_flag (NULL, &s.opened, WAIT_MS));
  sse_push (f, ": heartbeat\n", 12);
  g_assert_true (plenum_test_wait_until (NULL, uint_is_set, &s.n_heartbeats, WAIT_MS));
  heartbeat_time = g_get_monotonic_time ();

  /* The server goes silent: the watchdog closes the stream, and meanwhile the curl
   * source does not spin (an idle client with a silent stream sleeps). */
  g_assert_true (plenum_test_wait_flag (NULL, &s.closed, WAIT_MS));
  silent_ms = (g_get_monotonic_time () - heartbeat_time) / 1000;
  dispatches = plenum_http_client_get_n_dispatches (f->client) - s.dispatches_at_heartbeat;
  g_test_message ("watchdog after %" G_GINT64_FORMAT " ms silence, %" G_GUINT64_FORMAT
                  " dispatches meanwhile", silent_ms, dispatches);
  g_assert_error (s.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_TIMEOUT);
  g_assert_true (plenum_http_error_is_transient (s.error));
  g_assert_cmpint (silent_ms, >=, 450);
  g_assert_cmpuint (dispatches, <=, 5);
  g_assert_cmpuint (plenum_http_client_get_n_active (f->client), ==, 0);
  sse_log_clear (&s);
}

typedef struct {
  Fixture *f;
  guint n_left;
} Beats;

static gboolean
push_heartbeat_cb (gpointer user_data)
{
  Beats *b = user_data;

  if (b->f->sse_msg != NULL)
    sse_push (b->f, ": hb\n", 5);
  b->n_left--;
  return b->n_left > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
beats_done (gpointer user_data)
{
  return ((Beats *) user_data)->n_left == 0;
}

static void
test_sse_watchdog_reset (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PlenumEventStream) stream = NULL;
  Beats b = { f, 8 };
  SseLog s;

  /* Heartbeats every 100 ms keep a 1 s watchdog quiet; without them it would have
   * fired before the eighth (the watchdog counts from the last byte, not the start). */
  plenum_http_client_set_event_watchdog (f->client, 1000);
  b.n_left = 12;
  stream = open_stream (f->client, "/api/v1/events", NULL, &s);
  g_assert_true (plenum_test_wait_flag (NULL, &s.opened, WAIT_MS));
  g_timeout_add (100, push_heartbeat_cb, &b);
  g_assert_true (plenum_test_wait_until (NULL, beats_done, &b, WAIT_MS));
  g_assert_false (s.closed);
  g_assert_true (plenum_event_stream_is_open (stream));
  g_assert_cmpuint (s.n_heartbeats, >=, 10);

  /* Then silence. */
  g_assert_true (plenum_test_wait_flag (NULL, &s.closed, WAIT_MS));
  g_assert_error (s.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_TIMEOUT);
  sse_log_clear (&s);
}

static void
test_sse_proxy_cut (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PlenumHttpClient) client = NULL;
  g_autoptr(PlenumFaultProxy) proxy = make_proxy (f, &client);
  g_autoptr(PlenumEventStream) stream = NULL;
  SseLog s;

  stream = open_stream (client, "/api/v1/events", NULL, &s);
  g_assert_true (plenum_test_wait_flag (NULL, &s.opened, WAIT_MS));
  sse_push (f, "id: 5\ndata: x\n\n", 15);
  g_assert_true (plenum_test_wait_until (NULL, uint_is_set, &s.n_events, WAIT_MS));

  /* The connection dies mid-stream: an error, and the id to resume from. */
  plenum_fault_proxy_close_all (proxy);
  g_assert_true (plenum_test_wait_flag (NULL, &s.closed, WAIT_MS));
  g_assert_error (s.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_CONNECTION_LOST);
  g_assert_cmpstr (plenum_event_stream_get_last_event_id (stream), ==, "5");
  sse_log_clear (&s);

  g_clear_object (&stream);
  g_assert_finalize_object (g_steal_pointer (&client));
}

/* ---- Construction and settings ----------------------------------------------------- */

static void
test_base_urls (void)
{
  static const struct {
    const char *url;
    gint error;  /* -1: accepted */
  } cases[] = {
    { "http://127.0.0.1:8080", -1 },
    { "http://127.5.6.7:8080/", -1 },
    { "http://localhost:1", -1 },
    { "http://LOCALHOST", -1 },
    { "http://[::1]:8080", -1 },
    { "https://plenum.example.org", -1 },
    { "https://plenum.example.org:8443/prefix/", -1 },
    { "http://192.0.2.1:8080", PLENUM_HTTP_ERROR_INSECURE },
    { "http://plenum.example.org", PLENUM_HTTP_ERROR_INSECURE },
    { "http://10.0.0.1", PLENUM_HTTP_ERROR_INSECURE },
    { "http://[::2]:80", PLENUM_HTTP_ERROR_INSECURE },
    { "http://127.0.0.1.example.org", PLENUM_HTTP_ERROR_INSECURE },
    { "ftp://127.0.0.1", PLENUM_HTTP_ERROR_INVALID_URL },
    { "http://user:pass@127.0.0.1", PLENUM_HTTP_ERROR_INVALID_URL },
    { "http://127.0.0.1/?q=1", PLENUM_HTTP_ERROR_INVALID_URL },
    { "http://127.0.0.1/#x", PLENUM_HTTP_ERROR_INVALID_URL },
    { "not a url", PLENUM_HTTP_ERROR_INVALID_URL },
    { "127.0.0.1:8080", PLENUM_HTTP_ERROR_INVALID_URL },
    { "", PLENUM_HTTP_ERROR_INVALID_URL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlenumHttpClient) client = plenum_http_client_new (cases[i].url, &error);

      g_test_message ("%s", cases[i].url);
      if (cases[i].error < 0)
        {
          g_assert_no_error (error);
          g_assert_nonnull (client);
          g_assert_false (g_str_has_suffix (plenum_http_client_get_base_url (client), "/"));
        }
      else
        {
          g_assert_error (error, PLENUM_HTTP_ERROR, cases[i].error);
          g_assert_null (client);
        }
    }

  /* The lab setting allows plain http:// anywhere. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PlenumHttpClient) client =
      plenum_http_client_new_full ("http://192.0.2.1:8080", PLENUM_HTTP_CLIENT_ALLOW_INSECURE, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (plenum_http_client_get_base_url (client), ==, "http://192.0.2.1:8080");
  }
}

static void
test_pinned_key_format (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumHttpClient) client = plenum_http_client_new ("https://plenum.example.org", &error);
  const char *good = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

  g_assert_no_error (error);
  g_assert_true (plenum_http_client_set_pinned_public_key (client, good, &error));
  g_assert_no_error (error);
  g_assert_true (plenum_http_client_set_pinned_public_key (client, "sha256//47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", &error));
  g_assert_no_error (error);
  g_assert_true (plenum_http_client_set_pinned_public_key (client, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (plenum_http_client_set_pinned_public_key (client, "47DEQpj8HBSa", &error));
  g_assert_error (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INVALID_URL);
  g_clear_error (&error);
  g_assert_false (plenum_http_client_set_pinned_public_key (client, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuF!=", &error));
  g_assert_error (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INVALID_URL);
  g_clear_error (&error);
  g_assert_false (plenum_http_client_set_pinned_public_key (client, "md5//47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", &error));
  g_assert_error (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INVALID_URL);
}

/* ---- TLS --------------------------------------------------------------------------- */

/* A self-signed certificate for 127.0.0.1, made here with OpenSSL: its PEM (certificate
 * and key) and the base64 SHA-256 of its public key, as a pin. */
static void
make_certificate (char **cert_pem,
                  char **key_pem,
                  char **pin)
{
  EVP_PKEY *key = EVP_EC_gen ("P-256");
  X509 *x509 = X509_new ();
  X509_NAME *name;
  X509_EXTENSION *ext;
  X509V3_CTX ctx;
  BIO *bio;
  char *data;
  long len;
  unsigned char *der = NULL;
  int der_len;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_assert_nonnull (key);
  g_assert_nonnull (x509);
  X509_set_version (x509, 2);
  ASN1_INTEGER_set (X509_get_serialNumber (x509), 1);
  X509_gmtime_adj (X509_getm_notBefore (x509), -3600);
  X509_gmtime_adj (X509_getm_notAfter (x509), 24 * 3600);
  X509_set_pubkey (x509, key);
  name = X509_get_subject_name (x509);
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_ASC, (const unsigned char *) "127.0.0.1", -1, -1, 0);
  X509_set_issuer_name (x509, name);
  X509V3_set_ctx (&ctx, x509, x509, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, NID_subject_alt_name, "IP:127.0.0.1");
  g_assert_nonnull (ext);
  X509_add_ext (x509, ext, -1);
  X509_EXTENSION_free (ext);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, NID_basic_constraints, "critical,CA:TRUE");
  X509_add_ext (x509, ext, -1);
  X509_EXTENSION_free (ext);
  g_assert_cmpint (X509_sign (x509, key, EVP_sha256 ()), >, 0);

  bio = BIO_new (BIO_s_mem ());
  PEM_write_bio_X509 (bio, x509);
  len = BIO_get_mem_data (bio, &data);
  *cert_pem = g_strndup (data, len);
  BIO_free (bio);

  bio = BIO_new (BIO_s_mem ());
  PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL);
  len = BIO_get_mem_data (bio, &data);
  *key_pem = g_strndup (data, len);
  BIO_free (bio);

  der_len = i2d_PUBKEY (key, &der);
  g_assert_cmpint (der_len, >, 0);
  g_checksum_update (checksum, der, der_len);
  g_checksum_get_digest (checksum, digest, &digest_len);
  *pin = g_base64_encode (digest, digest_len);
  OPENSSL_free (der);

  X509_free (x509);
  EVP_PKEY_free (key);
}

static void
test_tls (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *cert_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *both = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  Result r = { 0 };

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("no TLS backend (glib-networking)");
      return;
    }

  make_certificate (&cert_pem, &key_pem, &pin);
  both = g_strconcat (cert_pem, key_pem, NULL);
  certificate = g_tls_certificate_new_from_pem (both, -1, &error);
  g_assert_no_error (error);
  ca_file = g_build_filename (plenum_test_tmpdir (), "ca.pem", NULL);
  g_file_set_contents (ca_file, cert_pem, -1, &error);
  g_assert_no_error (error);

  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, "/api/v1/echo", handle_echo, f, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* Verification is on: a self-signed certificate is refused… */
  {
    g_autoptr(PlenumHttpClient) client = plenum_http_client_new (url, &error);

    g_assert_no_error (error);
    run_request (client, "GET", "/api/v1/echo", NULL, NULL, &r);
    g_assert_error (r.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_TLS);
    g_assert_false (plenum_http_error_is_transient (r.error));
    result_clear (&r);
  }

  /* …accepted with its CA… */
  {
    g_autoptr(PlenumHttpClient) client = plenum_http_client_new (url, &error);

    plenum_http_client_set_ca_file (client, ca_file);
    run_request (client, "GET", "/api/v1/echo", NULL, NULL, &r);
    g_assert_no_error (r.error);
    g_assert_cmpuint (plenum_http_response_get_status (r.response), ==, 200);
    result_clear (&r);

    /* …and with the right pin too… */
    g_assert_true (plenum_http_client_set_pinned_public_key (client, pin, &error));
    g_assert_no_error (error);
    run_request (client, "GET", "/api/v1/echo", NULL, NULL, &r);
    g_assert_no_error (r.error);
    result_clear (&r);
  }

  /* …but not with another pin, even with the right CA. */
  {
    g_autoptr(PlenumHttpClient) client = plenum_http_client_new (url, &error);

    plenum_http_client_set_ca_file (client, ca_file);
    g_assert_true (plenum_http_client_set_pinned_public_key (client, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", &error));
    run_request (client, "GET", "/api/v1/echo", NULL, NULL, &r);
    g_assert_error (r.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_TLS);
    result_clear (&r);
  }

  soup_server_disconnect (server);
}

static gboolean
close_at_once_cb (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source_object,
                  gpointer           user_data)
{
  guint *accepted = user_data;

  (*accepted)++;
  g_socket_close (g_socket_connection_get_socket (connection), NULL);
  return TRUE;
}

/* A connection that the network ends during the TLS handshake is a lost connection (tried
 * again, "offline" when it lasts), not a server that failed to prove who it is. */
static void
test_tls_handshake_cut (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(PlenumHttpClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  Result r = { 0 };
  guint accepted = 0;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (close_at_once_cb), &accepted);
  g_socket_service_start (service);
  url = g_strdup_printf ("https://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));

  client = plenum_http_client_new (url, &error);
  g_assert_no_error (error);
  run_request (client, "GET", "/api/v1/echo", NULL, NULL, &r);
  g_assert_cmpuint (accepted, >=, 1);
  g_assert_error (r.error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_CONNECTION_LOST);
  g_assert_true (plenum_http_error_is_transient (r.error));
  result_clear (&r);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

int
main (int   argc,
      char *argv[])
{
  guint8 *data;
  GRand *rand;

  plenum_test_init (&argc, &argv);

  rand = g_rand_new_with_seed (20261201);
  data = g_malloc (BLOB_SIZE);
  for (gsize i = 0; i < BLOB_SIZE; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);
  blob = g_bytes_new_take (data, BLOB_SIZE);

#define ADD(path, func) \
  g_test_add ("/plenum/net/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("json-get", test_json_get);
  ADD ("json-post", test_json_post);
  ADD ("etag", test_etag);
  ADD ("terminal-authorization", test_terminal_authorization);
  ADD ("error-codes", test_error_codes);
  ADD ("bad-responses", test_bad_responses);
  ADD ("request-from-callback", test_request_from_callback);
  ADD ("concurrent", test_concurrent);
  ADD ("download-large", test_download_large);
  ADD ("download-resume", test_download_resume);
  ADD ("download-range-ignored", test_download_range_ignored);
  ADD ("download-errors", test_download_errors);
  ADD ("download-cancel", test_download_cancel);
  ADD ("proxy-cut", test_proxy_cut);
  ADD ("proxy-corrupt", test_proxy_corrupt);
  ADD ("proxy-throttle", test_proxy_throttle);
  ADD ("proxy-stall", test_proxy_stall);
  ADD ("unreachable", test_unreachable);
  ADD ("sse-chunks", test_sse_chunks);
  ADD ("sse-close-in-handler", test_sse_close_in_handler);
  ADD ("sse-refused", test_sse_refused);
  ADD ("sse-watchdog", test_sse_watchdog);
  ADD ("sse-watchdog-reset", test_sse_watchdog_reset);
  ADD ("sse-proxy-cut", test_sse_proxy_cut);
  ADD ("tls", test_tls);
  g_test_add_func ("/plenum/net/base-urls", test_base_urls);
  g_test_add_func ("/plenum/net/pinned-key-format", test_pinned_key_format);
  g_test_add_func ("/plenum/net/tls-handshake-cut", test_tls_handshake_cut);

  {
    int status = g_test_run ();

    g_bytes_unref (blob);
    return status;
  }
}
