/* test-server.c — every endpoint of docs/protocol.md, with good and bad input, over real
 * HTTP to the real plenum-server process on 127.0.0.1, port 0.
 *
 * Most tests share one server whose accounts come from an accounts file (two bodies, a
 * secretary), with short settings: 1 s heartbeat, 1 s PIN lockout, 8 retained events,
 * 1 MiB blob limit. Token expiry, the demo and the command-line imports get servers of
 * their own. Answers are read back through the core models' strict readers, so the server
 * writes what the client reads.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo-pdf.h>
#include <libsoup/soup.h>
#include <string.h>

#include "core/plenum-core.h"
#include "plenum-demo.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-util.h"

#define TERMINAL_ID "5f1c6a1e-3b2d-4c1e-9f00-0a1b2c3d4e5f"
#define WAIT_MS     20000

#define CHAIR       "chu.tich"
#define CHAIR_PIN   "1111"
#define MEMBER      "uy.vien"
#define MEMBER_PIN  "2222"
#define LOCKED      "khoa.tam"
#define LOCKED_PIN  "3333"
#define OUTSIDER    "ngoai.ban"
#define OUTSIDER_PIN "4444"
#define SECRETARY   "thu.ky"
#define SECRETARY_PIN "9999"

static const char accounts_file[] =
  "{ \"accounts\": ["
  "    { \"name\": \"chu.tich\", \"display_name\": \"Chủ Tịch\", \"role\": \"member\", "
  "      \"pin\": \"1111\" },"
  "    { \"name\": \"uy.vien\", \"display_name\": \"Ủy Viên\", \"role\": \"member\", "
  "      \"pin\": \"2222\" },"
  "    { \"name\": \"khoa.tam\", \"display_name\": \"Khóa Tạm\", \"role\": \"member\", "
  "      \"pin\": \"3333\" },"
  "    { \"name\": \"ngoai.ban\", \"display_name\": \"Ngoài Ban\", \"role\": \"member\", "
  "      \"pin\": \"4444\" },"
  "    { \"name\": \"thu.ky\", \"display_name\": \"Thư Ký\", \"role\": \"secretary\", "
  "      \"pin\": \"9999\" } ],"
  "  \"bodies\": ["
  "    { \"name\": \"Ban A\", \"members\": [ \"chu.tich\", \"uy.vien\", \"khoa.tam\" ] },"
  "    { \"name\": \"Ban B\", \"members\": [ \"ngoai.ban\" ] } ] }";

static PlenumTestServer *shared_server;
static SoupSession *session;

/* Servers */

static char *
write_accounts_file (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("accounts");
  char *path = g_build_filename (dir, "accounts.json", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, accounts_file, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* A data folder with the test accounts in it, made through --import-accounts. */
static char *
seeded_data_dir (void)
{
  g_autofree char *accounts = write_accounts_file ();
  char *data_dir = plenum_test_mkdtemp ("server");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--data-dir", data_dir, "--import-accounts", accounts, NULL };

  g_assert_cmpint (plenum_test_server_run (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "imported 5 accounts and 2 bodies"));
  return data_dir;
}

static const char *
base (void)
{
  if (shared_server == NULL)
    {
      g_autofree char *data_dir = seeded_data_dir ();
      const char *args[] = { "--heartbeat-seconds", "1", "--pin-lockout-seconds", "1",
                             "--event-retention", "8", "--max-blob-mib", "1", NULL };

      shared_server = plenum_test_server_start (data_dir, args);
    }
  return plenum_test_server_get_url (shared_server);
}

/* HTTP */

typedef struct {
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  cJSON              *json;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, cJSON_Delete);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static const char *
header (Reply      *reply,
        const char *name)
{
  return soup_message_headers_get_one (reply->headers, name);
}

/* @headers: name, value, …, NULL. */
static Reply *
http (const char         *url,
      const char         *method,
      const char         *path,
      const char         *token,
      GBytes             *body,
      const char         *content_type,
      const char * const *headers)
{
  g_autofree char *uri = g_strconcat (url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *request;
  Reply *reply = g_new0 (Reply, 1);
  const char *type;

  g_assert_nonnull (msg);
  request = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (request, "Authorization", authorization);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (request, headers[i], headers[i + 1]);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  reply->body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  type = soup_message_headers_get_content_type (reply->headers, NULL);
  if (g_strcmp0 (type, "application/json") == 0)
    {
      gsize length = 0;
      const char *data = g_bytes_get_data (reply->body, &length);

      reply->json = plenum_json_parse (data, (gssize) length, &error);
      g_assert_no_error (error);
    }
  return reply;
}

static Reply *
get (const char *url,
     const char *path,
     const char *token)
{
  return http (url, "GET", path, token, NULL, NULL, NULL);
}

static Reply *
send_json (const char *url,
           const char *method,
           const char *path,
           const char *token,
           const char *json)
{
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  return http (url, method, path, token, body, "application/json", NULL);
}

static const char *
json_string (const cJSON *object,
             const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  g_assert_true (cJSON_IsString (item));
  return item->valuestring;
}

static gint64
json_int (const cJSON *object,
          const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  g_assert_true (cJSON_IsNumber (item));
  return (gint64) item->valuedouble;
}

/* The protocol's error shape, exactly: { "error": { "code", "message" } }. */
static void
assert_error (Reply      *reply,
              guint       status,
              const char *code)
{
  static const char * const top[] = { "error", NULL };
  static const char * const inner[] = { "code", "message", NULL };
  g_autoptr(GError) error = NULL;
  const cJSON *object = NULL;
  const char *message = NULL;

  if (reply->status != status)
    g_test_message ("answer: %.*s", (int) g_bytes_get_size (reply->body),
                    (const char *) g_bytes_get_data (reply->body, NULL));
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_nonnull (reply->json);
  g_assert_true (plenum_json_check_object (reply->json, "", top, &error));
  g_assert_true (plenum_json_get_object (reply->json, "", "error", PLENUM_JSON_REQUIRED, &object,
                                         &error));
  g_assert_true (plenum_json_check_object (object, "error", inner, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_string (object, "code"), ==, code);
  g_assert_true (plenum_json_get_text (object, "error", "message", PLENUM_JSON_REQUIRED, 1000,
                                       FALSE, &message, &error));
  g_assert_no_error (error);
  /* Never SQL or internals in answers. */
  g_assert_null (strstr (message, "SQL"));
  g_assert_null (strstr (message, "sqlite"));
}

static char *
sign_in_as (const char *url,
            const char *name,
            const char *pin)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"pin\":\"%s\","
                                           "\"terminal_id\":\"" TERMINAL_ID "\"}", name, pin);
  g_autoptr(Reply) reply = send_json (url, "POST", "/api/v1/session", NULL, body);

  g_assert_cmpuint (reply->status, ==, 201);
  return g_strdup (json_string (reply->json, "token"));
}

static char *
sign_in (const char *name,
         const char *pin)
{
  return sign_in_as (base (), name, pin);
}

/* PDFs and publishing */

static cairo_status_t
append_pdf_bytes (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A one-page PDF showing @text (different text, different bytes). */
static GBytes *
make_pdf (const char *text,
          guint       pages)
{
  GByteArray *bytes = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_pdf_bytes, bytes,
                                                                  595, 842);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < pages; i++)
    {
      cairo_move_to (cr, 72, 72);
      cairo_show_text (cr, text);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (bytes);
}

static char *
bytes_sha256 (GBytes *bytes)
{
  gsize length = 0;
  const void *data = g_bytes_get_data (bytes, &length);

  return plenum_sha256_hex (data, length);
}

static Reply *
upload_as (const char *url,
           const char *token,
           GBytes     *bytes,
           const char *name)
{
  g_autofree char *sha = bytes_sha256 (bytes);
  g_autofree char *path = g_strconcat ("/api/v1/blobs/", name != NULL ? name : sha, NULL);

  return http (url, "PUT", path, token, bytes, "application/octet-stream", NULL);
}

/* Uploads a new PDF and returns its hash. */
static char *
upload_pdf (const char *token,
            const char *text)
{
  g_autoptr(GBytes) pdf = make_pdf (text, 2);
  g_autoptr(Reply) reply = upload_as (base (), token, pdf, NULL);

  g_assert_cmpuint (reply->status, ==, 201);
  return bytes_sha256 (pdf);
}

typedef struct {
  char *body_a;
  char *body_b;
  char *chair_id;
  char *outsider_id;
} Ids;

static void
ids_clear (Ids *ids)
{
  g_free (ids->body_a);
  g_free (ids->body_b);
  g_free (ids->chair_id);
  g_free (ids->outsider_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Ids, ids_clear)

/* The bodies' and the chairs' ids, from GET /api/v1/bodies as the secretariat. */
static void
lookup_ids (const char *secretary,
            Ids        *ids)
{
  g_autoptr(Reply) reply = get (base (), "/api/v1/bodies", secretary);
  const cJSON *body;

  g_assert_cmpuint (reply->status, ==, 200);
  cJSON_ArrayForEach (body, cJSON_GetObjectItemCaseSensitive (reply->json, "bodies"))
    {
      const char *name = json_string (body, "name");
      const cJSON *member = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (body,
                                                                                  "members"), 0);

      if (g_str_equal (name, "Ban A"))
        {
          const cJSON *m;

          ids->body_a = g_strdup (json_string (body, "id"));
          cJSON_ArrayForEach (m, cJSON_GetObjectItemCaseSensitive (body, "members"))
            if (g_str_equal (json_string (m, "display_name"), "Chủ Tịch"))
              ids->chair_id = g_strdup (json_string (m, "id"));
        }
      else if (g_str_equal (name, "Ban B"))
        {
          ids->body_b = g_strdup (json_string (body, "id"));
          ids->outsider_id = g_strdup (json_string (member, "id"));
        }
    }
  g_assert_nonnull (ids->body_a);
  g_assert_nonnull (ids->body_b);
  g_assert_nonnull (ids->chair_id);
  g_assert_nonnull (ids->outsider_id);
}

/* A manifest with one item per (title, hash) pair in @documents (NULL-terminated). */
static char *
manifest_json (const char         *operation_id,
               const char         *body_id,
               const char         *chair_id,
               const char * const *documents)
{
  g_autoptr(GDateTime) starts_at = g_date_time_new_utc (2026, 12, 1, 1, 0, 0);
  g_autoptr(PlenumPacketManifest) manifest = NULL;
  g_autoptr(cJSON) json = NULL;
  g_autoptr(GError) error = NULL;

  manifest = plenum_packet_manifest_new (operation_id, body_id, "Hội nghị tháng 12", starts_at,
                                         "Phòng họp số 1", chair_id, NULL);
  g_assert_true (plenum_packet_manifest_add_item (manifest, "1", "Báo cáo", FALSE, &error));
  g_assert_true (plenum_packet_manifest_add_item (manifest, "2", "Nhân sự", TRUE, &error));
  g_assert_no_error (error);
  for (guint i = 0; documents != NULL && documents[i] != NULL; i += 2)
    plenum_packet_manifest_add_document (manifest, i == 0 ? 0 : 1, documents[i],
                                         documents[i + 1], i != 0);
  json = plenum_packet_manifest_to_json (manifest);
  return plenum_json_print (json);
}

static Reply *
publish_json (const char *token,
              const char *meeting_id,
              const char *json)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/packet", meeting_id);

  return send_json (base (), "PUT", path, token, json);
}

/* Publishes a packet with one document and returns the new packet version. */
static gint64
publish_simple (const char *secretary,
                const char *meeting_id,
                const char *body_id,
                const char *chair_id,
                const char *sha)
{
  g_autofree char *operation = plenum_uuid_new ();
  const char *documents[] = { "Báo cáo", sha, NULL };
  g_autofree char *json = manifest_json (operation, body_id, chair_id, documents);
  g_autoptr(Reply) reply = publish_json (secretary, meeting_id, json);

  g_assert_cmpuint (reply->status, ==, 200);
  return json_int (reply->json, "packet_version");
}

/* Server-Sent Events */

typedef struct {
  gint64  id;
  char   *type;
  char   *data;
} SseEvent;

static void
sse_event_free (gpointer data)
{
  SseEvent *event = data;

  g_free (event->type);
  g_free (event->data);
  g_free (event);
}

typedef struct {
  SoupMessage  *msg;
  GInputStream *stream;
  GCancellable *cancellable;
  GString      *buffer;
  GPtrArray    *events;
  guint         heartbeats;
  gboolean      opened;
  gboolean      busy;      /* an async call is in flight */
  gboolean      eof;
  gint64        position;  /* the last id-only block's id */
} SseClient;

static void sse_read_more (SseClient *client);

static void
sse_parse (SseClient *client)
{
  char *end;

  while ((end = strstr (client->buffer->str, "\n\n")) != NULL)
    {
      g_autofree char *block = g_strndup (client->buffer->str, (gsize) (end - client->buffer->str));
      g_auto(GStrv) lines = g_strsplit (block, "\n", -1);
      SseEvent *event = g_new0 (SseEvent, 1);
      gboolean comment_only = TRUE;

      g_string_erase (client->buffer, 0, (gssize) (end - client->buffer->str) + 2);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (g_str_has_prefix (lines[i], ":"))
            {
              if (g_str_equal (lines[i], ": heartbeat"))
                client->heartbeats++;
              continue;
            }
          comment_only = FALSE;
          if (g_str_has_prefix (lines[i], "id: "))
            event->id = g_ascii_strtoll (lines[i] + 4, NULL, 10);
          else if (g_str_has_prefix (lines[i], "event: "))
            event->type = g_strdup (lines[i] + 7);
          else if (g_str_has_prefix (lines[i], "data: "))
            event->data = g_strdup (lines[i] + 6);
          else
            g_error ("unexpected SSE line: %s", lines[i]);
        }
      if (comment_only)
        sse_event_free (event);
      else if (event->data == NULL)
        {
          /* Only an id: the server's position line, no event (SSE drops blocks
           * without data). */
          g_assert_null (event->type);
          g_assert_cmpint (event->id, >, 0);
          client->position = event->id;
          sse_event_free (event);
        }
      else
        g_ptr_array_add (client->events, event);
    }
}

static void
on_sse_read_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SseClient *client = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source_object),
                                                              result, &error);

  client->busy = FALSE;
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      client->eof = TRUE;
      return;
    }
  g_string_append_len (client->buffer, g_bytes_get_data (bytes, NULL),
                       (gssize) g_bytes_get_size (bytes));
  sse_parse (client);
  sse_read_more (client);
}

static void
sse_read_more (SseClient *client)
{
  client->busy = TRUE;
  g_input_stream_read_bytes_async (client->stream, 4096, G_PRIORITY_DEFAULT,
                                   client->cancellable, on_sse_read_cb, client);
}

static void
on_sse_sent_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SseClient *client = user_data;
  g_autoptr(GError) error = NULL;

  client->busy = FALSE;
  client->stream = soup_session_send_finish (SOUP_SESSION (source_object), result, &error);
  client->opened = TRUE;
  if (client->stream == NULL)
    {
      client->eof = TRUE;
      return;
    }
  sse_read_more (client);
}

static gboolean
sse_is_open (gpointer user_data)
{
  return ((SseClient *) user_data)->opened;
}

/* Opens GET /api/v1/events (+@query) with Last-Event-ID @last_event_id (may be NULL). */
static SseClient *
sse_open (const char *url,
          const char *token,
          const char *last_event_id,
          const char *query)
{
  g_autofree char *uri = g_strconcat (url, "/api/v1/events", query != NULL ? query : "", NULL);
  SseClient *client = g_new0 (SseClient, 1);
  SoupMessageHeaders *request;
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

  client->msg = soup_message_new ("GET", uri);
  client->cancellable = g_cancellable_new ();
  client->buffer = g_string_new (NULL);
  client->events = g_ptr_array_new_with_free_func (sse_event_free);
  request = soup_message_get_request_headers (client->msg);
  soup_message_headers_replace (request, "Authorization", authorization);
  soup_message_headers_replace (request, "Accept", "text/event-stream");
  if (last_event_id != NULL)
    soup_message_headers_replace (request, "Last-Event-ID", last_event_id);

  client->busy = TRUE;
  soup_session_send_async (session, client->msg, G_PRIORITY_DEFAULT, client->cancellable,
                           on_sse_sent_cb, client);
  g_assert_true (plenum_test_wait_until (NULL, sse_is_open, client, WAIT_MS));
  g_assert_cmpuint (soup_message_get_status (client->msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (
                     soup_message_get_response_headers (client->msg), NULL),
                   ==, "text/event-stream");
  return client;
}

static gboolean
sse_is_idle (gpointer user_data)
{
  return !((SseClient *) user_data)->busy;
}

/* Drops the connection (a cut, as far as the server can tell). */
static void
sse_close (SseClient *client)
{
  g_cancellable_cancel (client->cancellable);
  g_assert_true (plenum_test_wait_until (NULL, sse_is_idle, client, WAIT_MS));
  if (client->stream != NULL)
    g_input_stream_close (client->stream, NULL, NULL);
  g_clear_object (&client->stream);
  g_clear_object (&client->msg);
  g_clear_object (&client->cancellable);
  g_string_free (client->buffer, TRUE);
  g_ptr_array_unref (client->events);
  g_free (client);
}

typedef struct {
  SseClient *client;
  guint      n;
} SseWait;

static gboolean
sse_has_events (gpointer user_data)
{
  SseWait *wait = user_data;

  return wait->client->events->len >= wait->n || wait->client->eof;
}

static void
sse_wait_events (SseClient *client,
                 guint      n)
{
  SseWait wait = { client, n };

  g_assert_true (plenum_test_wait_until (NULL, sse_has_events, &wait, WAIT_MS));
  g_assert_cmpuint (client->events->len, >=, n);
}

static SseEvent *
sse_event (SseClient *client,
           guint      index)
{
  return g_ptr_array_index (client->events, index);
}

/* The event's data, read by the client's strict reader. */
static PlenumEvent *
sse_event_parse (SseEvent *event)
{
  g_autoptr(cJSON) json = NULL;
  g_autoptr(GError) error = NULL;
  PlenumEvent *parsed;

  json = plenum_json_parse (event->data, -1, &error);
  g_assert_no_error (error);
  parsed = plenum_event_new_from_json (json, "", &error);
  g_assert_no_error (error);
  g_assert_cmpint (plenum_event_get_seq (parsed), ==, event->id);
  g_assert_cmpstr (plenum_event_get_event_type (parsed), ==, event->type);
  return parsed;
}

/* Tests */

static void
test_server_info (void)
{
  g_autoptr(Reply) reply = get (base (), "/api/v1/server", NULL);
  g_autoptr(GDateTime) time = NULL;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==,
                   "application/json");
  g_assert_cmpint (json_int (reply->json, "api_version"), ==, 1);
  g_assert_cmpstr (json_string (reply->json, "server_version"), ==, PLENUM_VERSION);
  time = plenum_time_parse (json_string (reply->json, "server_time"));
  g_assert_nonnull (time);
  g_assert_true (g_str_has_suffix (json_string (reply->json, "server_time"), "Z"));
}

static void
test_unknown_paths (void)
{
  g_autoptr(Reply) v2 = get (base (), "/api/v2/meetings", NULL);
  g_autoptr(Reply) v10 = get (base (), "/api/v10/server", NULL);
  g_autoptr(Reply) nothing = get (base (), "/nothing", NULL);
  g_autoptr(Reply) root = get (base (), "/", NULL);
  g_autoptr(Reply) unknown = get (base (), "/api/v1/nothing", NULL);
  g_autoptr(Reply) not_version = get (base (), "/api/version/server", NULL);
  g_autoptr(Reply) wrong_method = http (base (), "DELETE", "/api/v1/meetings", NULL, NULL, NULL,
                                        NULL);

  assert_error (v2, 410, "api_version_unsupported");
  g_assert_nonnull (strstr (json_string (cJSON_GetObjectItem (v2->json, "error"), "message"),
                            "/api/v1/"));
  assert_error (v10, 410, "api_version_unsupported");
  assert_error (nothing, 404, "not_found");
  assert_error (root, 404, "not_found");
  assert_error (unknown, 404, "not_found");
  assert_error (not_version, 404, "not_found");
  assert_error (wrong_method, 405, "method_not_allowed");
  g_assert_cmpstr (header (wrong_method, "Allow"), ==, "GET, HEAD");
}

static void
test_sign_in (void)
{
  static const char * const keys[] = { "token", "expires_at", "account", NULL };
  g_autoptr(Reply) reply = send_json (base (), "POST", "/api/v1/session", NULL,
                                      "{\"name\":\"" MEMBER "\",\"pin\":\"" MEMBER_PIN "\","
                                      "\"terminal_id\":\"" TERMINAL_ID "\"}");
  g_autoptr(PlenumMember) account = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  const char *token;

  g_assert_cmpuint (reply->status, ==, 201);
  g_assert_true (plenum_json_check_object (reply->json, "", keys, &error));
  g_assert_no_error (error);
  token = json_string (reply->json, "token");
  g_assert_cmpuint (strlen (token), ==, 64);
  for (const char *p = token; *p != '\0'; p++)
    g_assert_true (g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f'));
  g_assert_cmpstr (header (reply, "Cache-Control"), ==, "no-store");

  expires_at = plenum_time_parse (json_string (reply->json, "expires_at"));
  g_assert_nonnull (expires_at);
  /* 12 hours by default. */
  g_assert_cmpint (g_date_time_difference (expires_at, now) / G_TIME_SPAN_HOUR, >=, 11);

  account = plenum_member_new_from_json (cJSON_GetObjectItem (reply->json, "account"), "account",
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plenum_member_get_name (account), ==, MEMBER);
  g_assert_cmpstr (plenum_member_get_display_name (account), ==, "Ủy Viên");
  g_assert_cmpint (plenum_member_get_role (account), ==, PLENUM_ROLE_MEMBER);
  g_assert_true (plenum_is_uuid (plenum_member_get_id (account)));

  /* The token works; the secretary's account says so. */
  {
    g_autofree char *secretary = sign_in (SECRETARY, SECRETARY_PIN);
    g_autoptr(Reply) meetings = get (base (), "/api/v1/meetings", token);

    g_assert_cmpuint (meetings->status, ==, 200);
    g_assert_cmpuint (strlen (secretary), ==, 64);
  }
}

static void
test_sign_in_wrong (void)
{
  g_autoptr(Reply) wrong_pin = send_json (base (), "POST", "/api/v1/session", NULL,
                                          "{\"name\":\"" CHAIR "\",\"pin\":\"0000\","
                                          "\"terminal_id\":\"" TERMINAL_ID "\"}");
  g_autoptr(Reply) unknown = send_json (base (), "POST", "/api/v1/session", NULL,
                                        "{\"name\":\"khong.ai\",\"pin\":\"1111\","
                                        "\"terminal_id\":\"" TERMINAL_ID "\"}");
  g_autofree char *wrong_text = NULL;
  g_autofree char *unknown_text = NULL;

  assert_error (wrong_pin, 401, "wrong_credentials");
  assert_error (unknown, 401, "wrong_credentials");
  /* Not told apart: the same answer, byte for byte. */
  wrong_text = g_strndup (g_bytes_get_data (wrong_pin->body, NULL),
                          g_bytes_get_size (wrong_pin->body));
  unknown_text = g_strndup (g_bytes_get_data (unknown->body, NULL),
                            g_bytes_get_size (unknown->body));
  g_assert_cmpstr (wrong_text, ==, unknown_text);

  /* One failure does not lock the name. */
  g_free (sign_in (CHAIR, CHAIR_PIN));
}

typedef struct {
  const char *name;
  const char *pin;
  guint       status;
} SignInAttempt;

static gboolean
sign_in_answers (gpointer user_data)
{
  SignInAttempt *attempt = user_data;
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"pin\":\"%s\","
                                           "\"terminal_id\":\"" TERMINAL_ID "\"}",
                                           attempt->name, attempt->pin);
  g_autoptr(Reply) reply = send_json (base (), "POST", "/api/v1/session", NULL, body);

  return reply->status == attempt->status;
}

static void
test_sign_in_lockout (void)
{
  const char *body = "{\"name\":\"" LOCKED "\",\"pin\":\"0000\","
                     "\"terminal_id\":\"" TERMINAL_ID "\"}";
  const char *good = "{\"name\":\"" LOCKED "\",\"pin\":\"" LOCKED_PIN "\","
                     "\"terminal_id\":\"" TERMINAL_ID "\"}";
  SignInAttempt recovered = { LOCKED, LOCKED_PIN, 201 };

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(Reply) reply = send_json (base (), "POST", "/api/v1/session", NULL, body);

      assert_error (reply, 401, "wrong_credentials");
    }

  /* The fifth wrong PIN locks the name; while locked even the right PIN is refused. */
  {
    g_autoptr(Reply) fifth = send_json (base (), "POST", "/api/v1/session", NULL, body);
    g_autoptr(Reply) right = send_json (base (), "POST", "/api/v1/session", NULL, good);
    g_autoptr(Reply) other = send_json (base (), "POST", "/api/v1/session", NULL,
                                        "{\"name\":\"" CHAIR "\",\"pin\":\"" CHAIR_PIN "\","
                                        "\"terminal_id\":\"" TERMINAL_ID "\"}");

    assert_error (fifth, 429, "too_many_attempts");
    g_assert_cmpstr (header (fifth, "Retry-After"), ==, "1");
    assert_error (right, 429, "too_many_attempts");
    g_assert_nonnull (header (right, "Retry-After"));
    g_assert_cmpint (g_ascii_strtoll (header (right, "Retry-After"), NULL, 10), >=, 1);
    /* Other names are not affected. */
    g_assert_cmpuint (other->status, ==, 201);
  }

  /* The lock (1 s here) ends. */
  g_assert_true (plenum_test_wait_until (NULL, sign_in_answers, &recovered, WAIT_MS));
}

static void
test_sign_in_malformed (void)
{
  static const struct {
    const char *body;
    const char *field;    /* the message names it */
  } cases[] = {
    { "{\"name\":\"uy.vien\",\"pin\":\"2222\",\"terminal_id\":\"" TERMINAL_ID "\",\"x\":1}", "x" },
    { "{\"name\":\"uy.vien\",\"name\":\"uy.vien\",\"pin\":\"2222\","
      "\"terminal_id\":\"" TERMINAL_ID "\"}", "name" },
    { "{\"name\":\"uy.vien\",\"pin\":2222,\"terminal_id\":\"" TERMINAL_ID "\"}", "pin" },
    { "{\"name\":7,\"pin\":\"2222\",\"terminal_id\":\"" TERMINAL_ID "\"}", "name" },
    { "{\"name\":\"uy.vien\",\"pin\":\"2222\"}", "terminal_id" },
    { "{\"name\":\"uy.vien\",\"pin\":\"2222\",\"terminal_id\":\"not-a-uuid\"}", "terminal_id" },
    { "{\"name\":\"uy.vien\",\"pin\":\"22\",\"terminal_id\":\"" TERMINAL_ID "\"}", "pin" },
    { "{\"name\":\"uy.vien\",\"pin\":\"22a2\",\"terminal_id\":\"" TERMINAL_ID "\"}", "pin" },
    { "{\"name\":\"uy.vien\",\"pin\":\"2222\",\"terminal_id\":\"" TERMINAL_ID "\"", NULL },
    { "[1, 2]", NULL },
    { "nonsense", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Reply) reply = send_json (base (), "POST", "/api/v1/session", NULL,
                                          cases[i].body);

      assert_error (reply, 400, "bad_request");
      if (cases[i].field != NULL)
        g_assert_nonnull (strstr (json_string (cJSON_GetObjectItem (reply->json, "error"),
                                               "message"), cases[i].field));
    }

  /* Invalid UTF-8 and an empty body. */
  {
    static const char bad_utf8[] = "{\"name\":\"uy.vi\xc3\x28n\",\"pin\":\"2222\","
                                   "\"terminal_id\":\"" TERMINAL_ID "\"}";
    g_autoptr(GBytes) bytes = g_bytes_new_static (bad_utf8, sizeof bad_utf8 - 1);
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
    g_autoptr(Reply) reply = http (base (), "POST", "/api/v1/session", NULL, bytes,
                                   "application/json", NULL);
    g_autoptr(Reply) nothing = http (base (), "POST", "/api/v1/session", NULL, empty,
                                     "application/json", NULL);

    assert_error (reply, 400, "bad_request");
    assert_error (nothing, 400, "bad_request");
  }

  /* A body over the JSON limit (4 MiB) is refused without being read into memory. */
  {
    gsize size = 5 * 1024 * 1024;
    char *big = g_malloc (size);
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(Reply) reply = NULL;

    memset (big, ' ', size);
    big[0] = '{';
    big[size - 1] = '}';
    bytes = g_bytes_new_take (big, size);
    reply = http (base (), "POST", "/api/v1/session", NULL, bytes, "application/json", NULL);
    assert_error (reply, 413, "too_large");
  }
}

static void
test_tokens (void)
{
  g_autofree char *token = sign_in (MEMBER, MEMBER_PIN);
  g_autoptr(Reply) missing = get (base (), "/api/v1/meetings", NULL);
  g_autoptr(Reply) garbage = get (base (), "/api/v1/meetings", "not-a-token");
  g_autoptr(Reply) unknown = get (base (), "/api/v1/meetings",
                                  "0000000000000000000000000000000000000000000000000000000000000000");
  g_autoptr(Reply) upper = NULL;
  g_autoptr(Reply) basic = NULL;
  g_autoptr(Reply) works = get (base (), "/api/v1/meetings", token);
  g_autoptr(Reply) sign_out = http (base (), "DELETE", "/api/v1/session", token, NULL, NULL,
                                    NULL);
  g_autoptr(Reply) signed_out = get (base (), "/api/v1/meetings", token);
  g_autoptr(Reply) sign_out_again = http (base (), "DELETE", "/api/v1/session", token, NULL,
                                          NULL, NULL);
  g_autofree char *upper_token = g_ascii_strup (token, -1);
  const char *basic_header[] = { "Authorization", "Basic dXk6MjIyMg==", NULL };

  assert_error (missing, 401, "unauthorized");
  g_assert_nonnull (header (missing, "WWW-Authenticate"));
  assert_error (garbage, 401, "unauthorized");
  assert_error (unknown, 401, "unauthorized");
  g_assert_cmpuint (works->status, ==, 200);
  g_assert_cmpuint (sign_out->status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (sign_out->body), ==, 0);
  assert_error (signed_out, 401, "unauthorized");
  assert_error (sign_out_again, 401, "unauthorized");

  upper = get (base (), "/api/v1/meetings", upper_token);
  assert_error (upper, 401, "unauthorized");
  basic = http (base (), "GET", "/api/v1/meetings", NULL, NULL, NULL, basic_header);
  assert_error (basic, 401, "unauthorized");
}

typedef struct {
  const char *url;
  const char *token;
} TokenCheck;

static gboolean
token_expired (gpointer user_data)
{
  TokenCheck *check = user_data;
  g_autoptr(Reply) reply = get (check->url, "/api/v1/meetings", check->token);

  return reply->status == 401 && reply->json != NULL &&
         g_str_equal (json_string (cJSON_GetObjectItem (reply->json, "error"), "code"),
                      "token_expired");
}

static gboolean
sse_ended (gpointer user_data)
{
  return ((SseClient *) user_data)->eof;
}

static void
test_token_expired (void)
{
  g_autofree char *data_dir = seeded_data_dir ();
  /* Long enough to open a stream with the token before it expires, even when slow. */
  const char *args[] = { "--token-lifetime-seconds", "3", "--heartbeat-seconds", "1", NULL };
  g_autoptr(PlenumTestServer) server = plenum_test_server_start (data_dir, args);
  const char *url = plenum_test_server_get_url (server);
  g_autofree char *token = sign_in_as (url, MEMBER, MEMBER_PIN);
  TokenCheck check = { url, token };
  g_autoptr(Reply) reply = NULL;
  SseClient *stream = NULL;

  /* A stream opened with the token ends when the token expires. */
  stream = sse_open (url, token, NULL, NULL);

  g_assert_true (plenum_test_wait_until (NULL, token_expired, &check, WAIT_MS));
  reply = get (url, "/api/v1/meetings", token);
  assert_error (reply, 401, "token_expired");
  g_assert_nonnull (strstr (header (reply, "WWW-Authenticate"), "invalid_token"));

  g_assert_true (plenum_test_wait_until (NULL, sse_ended, stream, WAIT_MS));
  sse_close (stream);

  plenum_test_server_stop (server);
}

static void
test_bodies (void)
{
  g_autofree char *member = sign_in (MEMBER, MEMBER_PIN);
  g_autofree char *secretary = sign_in (SECRETARY, SECRETARY_PIN);
  g_autoptr(Reply) mine = get (base (), "/api/v1/bodies", member);
  g_autoptr(Reply) all = get (base (), "/api/v1/bodies", secretary);
  g_autoptr(GError) error = NULL;
  const cJSON *bodies;
  const cJSON *node;

  g_assert_cmpuint (mine->status, ==, 200);
  bodies = cJSON_GetObjectItem (mine->json, "bodies");
  g_assert_cmpint (cJSON_GetArraySize (bodies), ==, 1);
  cJSON_ArrayForEach (node, bodies)
    {
      g_autoptr(PlenumBody) body = plenum_body_new_from_json (node, "bodies[0]", &error);

      g_assert_no_error (error);
      g_assert_cmpstr (plenum_body_get_name (body), ==, "Ban A");
      g_assert_cmpuint (g_list_model_get_n_items (plenum_body_get_members (body)), ==, 3);
    }

  g_assert_cmpuint (all->status, ==, 200);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (all->json, "bodies")), ==, 2);
}

static void
test_publish (void)
{
  g_autofree char *member = sign_in (CHAIR, CHAIR_PIN);
  g_autofree char *secretary = sign_in (SECRETARY, SECRETARY_PIN);
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autofree char *operation = plenum_uuid_new ();
  g_autofree char *sha_report = NULL;
  g_autofree char *sha_revised = NULL;
  g_autofree char *sha_secret = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *first_document_id = NULL;
  g_autofree char *first_item_id = NULL;
  g_autofree char *meeting_path = g_strdup_printf ("/api/v1/meetings/%s", meeting_id);
  g_auto(Ids) ids = { 0 };
  g_autoptr(GError) error = NULL;

  lookup_ids (secretary, &ids);

  /* Only the secretariat uploads and publishes. */
  {
    g_autoptr(GBytes) pdf = make_pdf ("member", 1);
    g_autoptr(Reply) upload = upload_as (base (), member, pdf, NULL);
    const char *documents[] = { NULL };
    g_autofree char *json = manifest_json (operation, ids.body_a, ids.chair_id, documents);
    g_autoptr(Reply) reply = publish_json (member, meeting_id, json);
    g_autoptr(Reply) anonymous = publish_json (NULL, meeting_id, json);

    assert_error (upload, 403, "forbidden");
    assert_error (reply, 403, "forbidden");
    assert_error (anonymous, 401, "unauthorized");
  }

  /* Uploads: good (201), again (200), a hash mismatch (422, nothing stored). */
  sha_report = upload_pdf (secretary, "Báo cáo v1");
  sha_secret = upload_pdf (secretary, "Nhân sự");
  sha_revised = upload_pdf (secretary, "Báo cáo v2");
  {
    g_autoptr(GBytes) pdf = make_pdf ("some other bytes", 1);
    g_autoptr(GBytes) other = make_pdf ("never stored", 1);
    g_autofree char *other_sha = bytes_sha256 (other);
    g_autofree char *other_path = g_strconcat ("/api/v1/blobs/", other_sha, NULL);
    g_autoptr(Reply) mismatch_new = upload_as (base (), secretary, pdf, other_sha);
    g_autoptr(Reply) not_stored = get (base (), other_path, secretary);
    g_autoptr(Reply) mismatch_known = upload_as (base (), secretary, pdf, sha_report);
    g_autoptr(Reply) bad_name = upload_as (base (), secretary, pdf, "ABC");
    g_autoptr(GBytes) same = make_pdf ("twice", 1);
    g_autoptr(Reply) first = upload_as (base (), secretary, same, NULL);
    g_autoptr(Reply) again = upload_as (base (), secretary, same, NULL);

    assert_error (mismatch_new, 422, "hash_mismatch");
    assert_error (not_stored, 404, "not_found");
    /* Also when the server has the blob the name says: the bytes must fit the name. */
    assert_error (mismatch_known, 422, "hash_mismatch");
    assert_error (bad_name, 400, "bad_request");
    g_assert_cmpuint (first->status, ==, 201);
    g_assert_cmpuint (again->status, ==, 200);
  }

  /* A manifest naming a blob the server lacks: 409 missing_blob, and no meeting. */
  {
    g_autoptr(GBytes) never = make_pdf ("never uploaded", 1);
    g_autofree char *never_sha = bytes_sha256 (never);
    const char *documents[] = { "Báo cáo", sha_report, "Nhân sự", never_sha, NULL };
    g_autofree char *json = manifest_json (operation, ids.body_a, ids.chair_id, documents);
    g_autoptr(Reply) reply = publish_json (secretary, meeting_id, json);
    g_autoptr(Reply) meeting = get (base (), meeting_path, secretary);

    assert_error (reply, 409, "missing_blob");
    g_assert_nonnull (strstr (json_string (cJSON_GetObjectItem (reply->json, "error"),
                                           "message"), never_sha));
    assert_error (meeting, 404, "not_found");
  }

  /* Malformed manifests. */
  {
    const char *documents[] = { "Báo cáo", sha_report, NULL };
    g_autofree char *json = manifest_json (operation, ids.body_a, ids.chair_id, documents);
    g_autoptr(cJSON) tree = cJSON_Parse (json);
    g_autofree char *unknown_key = NULL;
    g_autofree char *wrong_type = NULL;
    g_autofree char *outsider_chair = NULL;
    g_autofree char *bad_body = NULL;
    g_autoptr(Reply) r1 = NULL;
    g_autoptr(Reply) r2 = NULL;
    g_autoptr(Reply) r3 = NULL;
    g_autoptr(Reply) r4 = NULL;
    g_autoptr(Reply) r5 = NULL;
    g_autoptr(Reply) r6 = NULL;

    cJSON_AddStringToObject (tree, "extra", "x");
    unknown_key = plenum_json_print (tree);
    cJSON_DeleteItemFromObject (tree, "extra");
    cJSON_ReplaceItemInObject (cJSON_GetObjectItem (tree, "meeting"), "title",
                               cJSON_CreateNumber (5));
    wrong_type = plenum_json_print (tree);
    cJSON_ReplaceItemInObject (cJSON_GetObjectItem (tree, "meeting"), "title",
                               cJSON_CreateString ("Hội nghị"));
    cJSON_ReplaceItemInObject (cJSON_GetObjectItem (tree, "meeting"), "chair_id",
                               cJSON_CreateString (ids.outsider_id));
    outsider_chair = plenum_json_print (tree);
    cJSON_ReplaceItemInObject (cJSON_GetObjectItem (tree, "meeting"), "chair_id",
                               cJSON_CreateString (ids.chair_id));
    cJSON_ReplaceItemInObject (cJSON_GetObjectItem (tree, "meeting"), "body_id",
                               cJSON_CreateString ("00000000-0000-4000-8000-000000000000"));
    bad_body = plenum_json_print (tree);

    r1 = publish_json (secretary, meeting_id, unknown_key);
    assert_error (r1, 400, "bad_request");
    g_assert_nonnull (strstr (json_string (cJSON_GetObjectItem (r1->json, "error"), "message"),
                              "extra"));
    r2 = publish_json (secretary, meeting_id, wrong_type);
    assert_error (r2, 400, "bad_request");
    g_assert_nonnull (strstr (json_string (cJSON_GetObjectItem (r2->json, "error"), "message"),
                              "meeting.title"));
    r3 = publish_json (secretary, meeting_id, outsider_chair);
    assert_error (r3, 400, "bad_request");
    g_assert_nonnull (strstr (json_string (cJSON_GetObjectItem (r3->json, "error"), "message"),
                              "chair_id"));
    r4 = publish_json (secretary, meeting_id, bad_body);
    assert_error (r4, 400, "bad_request");
    r5 = publish_json (secretary, "NOT-A-UUID", json);
    assert_error (r5, 400, "bad_request");
    r6 = publish_json (secretary, meeting_id, "{\"operation_id\": \"x\"}");
    assert_error (r6, 400, "bad_request");
  }

  /* Version 1. */
  {
    const char *documents[] = { "Báo cáo", sha_report, "Nhân sự", sha_secret, NULL };
    g_autoptr(Reply) reply = NULL;
    g_autoptr(PlenumMeeting) meeting = NULL;
    PlenumAgendaItem *item;
    PlenumDocument *document;

    manifest = manifest_json (operation, ids.body_a, ids.chair_id, documents);
    reply = publish_json (secretary, meeting_id, manifest);
    g_assert_cmpuint (reply->status, ==, 200);
    meeting = plenum_meeting_new_from_json (reply->json, "", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (plenum_meeting_get_id (meeting), ==, meeting_id);
    g_assert_cmpint (plenum_meeting_get_packet_version (meeting), ==, 1);
    g_assert_cmpint (plenum_meeting_get_status (meeting), ==, PLENUM_MEETING_STATUS_SCHEDULED);
    g_assert_cmpuint (g_list_model_get_n_items (plenum_meeting_get_agenda (meeting)), ==, 2);
    item = g_list_model_get_item (plenum_meeting_get_agenda (meeting), 0);
    document = g_list_model_get_item (plenum_agenda_item_get_documents (item), 0);
    g_assert_cmpstr (plenum_document_get_sha256 (document), ==, sha_report);
    g_assert_cmpint (plenum_document_get_pages (document), ==, 2);
    g_assert_false (plenum_document_get_confidential (document));
    g_assert_cmpstr (plenum_document_get_media_type (document), ==, "application/pdf");
    first_item_id = g_strdup (plenum_agenda_item_get_id (item));
    first_document_id = g_strdup (plenum_document_get_id (document));
    g_object_unref (document);
    g_object_unref (item);
    item = g_list_model_get_item (plenum_meeting_get_agenda (meeting), 1);
    g_assert_true (plenum_agenda_item_get_closed_session (item));
    document = g_list_model_get_item (plenum_agenda_item_get_documents (item), 0);
    g_assert_true (plenum_document_get_confidential (document));
    g_object_unref (document);
    g_object_unref (item);
  }

  /* The same operation again: the stored answer, the version unchanged. */
  {
    g_autoptr(Reply) reply = publish_json (secretary, meeting_id, manifest);
    g_autoptr(Reply) meeting = get (base (), meeting_path, secretary);

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_cmpint (json_int (reply->json, "packet_version"), ==, 1);
    g_assert_cmpint (json_int (meeting->json, "packet_version"), ==, 1);
  }

  /* The same operation id for different content: a conflict. */
  {
    const char *documents[] = { "Báo cáo", sha_revised, NULL };
    g_autofree char *json = manifest_json (operation, ids.body_a, ids.chair_id, documents);
    g_autoptr(Reply) reply = publish_json (secretary, meeting_id, json);

    assert_error (reply, 409, "conflict");
  }

  /* A revision: version 2, the same ids for the same item number and title. */
  {
    g_autofree char *operation2 = plenum_uuid_new ();
    const char *documents[] = { "Báo cáo", sha_revised, "Nhân sự", sha_secret, NULL };
    g_autofree char *json = manifest_json (operation2, ids.body_a, ids.chair_id, documents);
    g_autoptr(Reply) reply = publish_json (secretary, meeting_id, json);
    const cJSON *item = cJSON_GetArrayItem (cJSON_GetObjectItem (reply->json, "agenda"), 0);
    const cJSON *document = cJSON_GetArrayItem (cJSON_GetObjectItem (item, "documents"), 0);

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_cmpint (json_int (reply->json, "packet_version"), ==, 2);
    g_assert_cmpstr (json_string (item, "id"), ==, first_item_id);
    g_assert_cmpstr (json_string (document, "id"), ==, first_document_id);
    g_assert_cmpstr (json_string (document, "sha256"), ==, sha_revised);
  }

  /* A renamed document is a new document. */
  {
    g_autofree char *operation3 = plenum_uuid_new ();
    const char *documents[] = { "Báo cáo (sửa)", sha_revised, NULL };
    g_autofree char *json = manifest_json (operation3, ids.body_a, ids.chair_id, documents);
    g_autoptr(Reply) reply = publish_json (secretary, meeting_id, json);
    const cJSON *item = cJSON_GetArrayItem (cJSON_GetObjectItem (reply->json, "agenda"), 0);
    const cJSON *document = cJSON_GetArrayItem (cJSON_GetObjectItem (item, "documents"), 0);

    g_assert_cmpint (json_int (reply->json, "packet_version"), ==, 3);
    g_assert_cmpstr (json_string (document, "id"), !=, first_document_id);
  }
}

static void
test_meetings (void)
{
  g_autofree char *member = sign_in (MEMBER, MEMBER_PIN);
  g_autofree char *outsider = sign_in (OUTSIDER, OUTSIDER_PIN);
  g_autofree char *secretary = sign_in (SECRETARY, SECRETARY_PIN);
  g_autofree char *meeting_a = plenum_uuid_new ();
  g_autofree char *meeting_b = plenum_uuid_new ();
  g_autofree char *path_a = g_strdup_printf ("/api/v1/meetings/%s", meeting_a);
  g_autofree char *path_b = g_strdup_printf ("/api/v1/meetings/%s", meeting_b);
  g_autofree char *sha = upload_pdf (secretary, "meetings");
  g_auto(Ids) ids = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;

  lookup_ids (secretary, &ids);
  publish_simple (secretary, meeting_a, ids.body_a, ids.chair_id, sha);
  publish_simple (secretary, meeting_b, ids.body_b, ids.outsider_id, sha);

  /* A member sees the meetings of their bodies, summaries without agendas. */
  {
    g_autoptr(Reply) reply = get (base (), "/api/v1/meetings", member);
    const cJSON *node;
    gboolean found_a = FALSE;

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_nonnull (header (reply, "ETag"));
    cJSON_ArrayForEach (node, cJSON_GetObjectItem (reply->json, "meetings"))
      {
        g_autoptr(PlenumMeeting) meeting = plenum_meeting_new_from_json (node, "meetings[]",
                                                                          &error);

        g_assert_no_error (error);
        g_assert_false (plenum_meeting_has_agenda (meeting));
        g_assert_cmpstr (plenum_meeting_get_body_id (meeting), ==, ids.body_a);
        g_assert_cmpstr (plenum_meeting_get_id (meeting), !=, meeting_b);
        if (g_str_equal (plenum_meeting_get_id (meeting), meeting_a))
          found_a = TRUE;
      }
    g_assert_true (found_a);
  }

  /* The secretariat sees both. */
  {
    g_autoptr(Reply) reply = get (base (), "/api/v1/meetings", secretary);
    const cJSON *node;
    guint found = 0;

    cJSON_ArrayForEach (node, cJSON_GetObjectItem (reply->json, "meetings"))
      if (g_str_equal (json_string (node, "id"), meeting_a) ||
          g_str_equal (json_string (node, "id"), meeting_b))
        found++;
    g_assert_cmpuint (found, ==, 2);
  }

  /* Another body's meeting is not found; so is a meeting that does not exist. */
  {
    g_autoptr(Reply) other = get (base (), path_b, member);
    g_autoptr(Reply) mirror = get (base (), path_a, outsider);
    g_autoptr(Reply) own = get (base (), path_b, outsider);
    g_autoptr(Reply) none = get (base (), "/api/v1/meetings/00000000-0000-4000-8000-000000000000",
                                 member);
    g_autoptr(Reply) bad = get (base (), "/api/v1/meetings/xyz", member);

    assert_error (other, 404, "not_found");
    assert_error (mirror, 404, "not_found");
    g_assert_cmpuint (own->status, ==, 200);
    assert_error (none, 404, "not_found");
    assert_error (bad, 404, "not_found");
  }

  /* ETag and If-None-Match → 304, until the meeting changes. */
  {
    g_autoptr(Reply) first = get (base (), path_a, member);
    g_autoptr(Reply) cached = NULL;
    g_autoptr(Reply) weak = NULL;
    g_autoptr(Reply) changed = NULL;
    g_autoptr(Reply) list = get (base (), "/api/v1/meetings", member);
    g_autoptr(Reply) list_cached = NULL;
    const char *list_headers[] = { "If-None-Match", NULL, NULL };
    const char *headers[] = { "If-None-Match", NULL, NULL };
    g_autofree char *weak_etag = NULL;

    g_assert_cmpuint (first->status, ==, 200);
    etag = g_strdup (header (first, "ETag"));
    g_assert_nonnull (etag);
    g_assert_true (g_str_has_prefix (etag, "\"") && !g_str_has_prefix (etag, "W/"));
    headers[1] = etag;
    cached = http (base (), "GET", path_a, member, NULL, NULL, headers);
    g_assert_cmpuint (cached->status, ==, 304);
    g_assert_cmpuint (g_bytes_get_size (cached->body), ==, 0);
    g_assert_cmpstr (header (cached, "ETag"), ==, etag);

    weak_etag = g_strdup_printf ("\"other\", W/%s", etag);
    headers[1] = weak_etag;
    weak = http (base (), "GET", path_a, member, NULL, NULL, headers);
    g_assert_cmpuint (weak->status, ==, 304);

    list_headers[1] = header (list, "ETag");
    list_cached = http (base (), "GET", "/api/v1/meetings", member, NULL, NULL, list_headers);
    g_assert_cmpuint (list_cached->status, ==, 304);

    publish_simple (secretary, meeting_a, ids.body_a, ids.chair_id, sha);
    headers[1] = etag;
    changed = http (base (), "GET", path_a, member, NULL, NULL, headers);
    g_assert_cmpuint (changed->status, ==, 200);
    g_assert_cmpstr (header (changed, "ETag"), !=, etag);
    g_assert_cmpint (json_int (changed->json, "packet_version"), ==, 2);
  }
}

static Reply *
get_range (const char *path,
           const char *token,
           const char *range)
{
  const char *headers[] = { "Range", range, NULL };

  return http (base (), "GET", path, token, NULL, NULL, range != NULL ? headers : NULL);
}

static void
assert_bytes (Reply  *reply,
              GBytes *whole,
              gsize   start,
              gsize   length)
{
  g_assert_cmpmem (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body),
                   (const guint8 *) g_bytes_get_data (whole, NULL) + start, length);
}

static void
test_blobs (void)
{
  g_autofree char *member = sign_in (MEMBER, MEMBER_PIN);
  g_autofree char *outsider = sign_in (OUTSIDER, OUTSIDER_PIN);
  g_autofree char *secretary = sign_in (SECRETARY, SECRETARY_PIN);
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autoptr(GBytes) pdf = make_pdf ("ranges", 3);
  g_autofree char *sha = bytes_sha256 (pdf);
  g_autofree char *path = g_strconcat ("/api/v1/blobs/", sha, NULL);
  g_autofree char *etag = g_strdup_printf ("\"%s\"", sha);
  gsize size = g_bytes_get_size (pdf);
  g_auto(Ids) ids = { 0 };

  lookup_ids (secretary, &ids);
  {
    g_autoptr(Reply) upload = upload_as (base (), secretary, pdf, NULL);

    g_assert_cmpuint (upload->status, ==, 201);
  }

  /* Before a packet names it, only the secretariat can read it. */
  {
    g_autoptr(Reply) hidden = get (base (), path, member);

    assert_error (hidden, 404, "not_found");
  }
  publish_simple (secretary, meeting_id, ids.body_a, ids.chair_id, sha);

  /* Whole: 200 with the headers the protocol names. */
  {
    g_autoptr(Reply) reply = get (base (), path, member);

    g_assert_cmpuint (reply->status, ==, 200);
    assert_bytes (reply, pdf, 0, size);
    g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==,
                     "application/pdf");
    g_assert_cmpint (soup_message_headers_get_content_length (reply->headers), ==, size);
    g_assert_cmpstr (header (reply, "Accept-Ranges"), ==, "bytes");
    g_assert_cmpstr (header (reply, "ETag"), ==, etag);
  }

  /* HEAD: the same headers, no body. */
  {
    g_autoptr(Reply) reply = http (base (), "HEAD", path, member, NULL, NULL, NULL);

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_cmpuint (g_bytes_get_size (reply->body), ==, 0);
    g_assert_cmpint (soup_message_headers_get_content_length (reply->headers), ==, size);
    g_assert_cmpstr (header (reply, "ETag"), ==, etag);
    g_assert_cmpstr (header (reply, "Accept-Ranges"), ==, "bytes");
  }

  /* Others' blobs, unknown blobs, names that are not hashes. */
  {
    g_autoptr(Reply) other = get (base (), path, outsider);
    g_autoptr(Reply) unknown = get (base (), "/api/v1/blobs/"
                                    "0000000000000000000000000000000000000000000000000000000000000000",
                                    member);
    g_autofree char *upper = g_ascii_strup (path, -1);
    g_autoptr(Reply) shouting = NULL;
    g_autoptr(Reply) dots = get (base (), "/api/v1/blobs/..%2F..%2Fplenum.db", secretary);
    g_autoptr(Reply) encoded = get (base (), "/api/v1/blobs/%2e%2e/%2e%2e/plenum.db", secretary);
    g_autoptr(Reply) anonymous = get (base (), path, NULL);

    assert_error (other, 404, "not_found");
    assert_error (unknown, 404, "not_found");
    memcpy (upper, "/api/v1/blobs/", strlen ("/api/v1/blobs/"));
    shouting = get (base (), upper, member);
    assert_error (shouting, 404, "not_found");
    /* Nothing in a request becomes a path: these are just names that are not hashes. */
    assert_error (dots, 404, "not_found");
    assert_error (encoded, 404, "not_found");
    assert_error (anonymous, 401, "unauthorized");
  }

  /* Ranges. */
  {
    g_autofree char *last = g_strdup_printf ("bytes=%zu-%zu", size - 1, size - 1);
    g_autofree char *past = g_strdup_printf ("bytes=%zu-", size);
    g_autofree char *clamp = g_strdup_printf ("bytes=%zu-%zu", size - 10, size + 1000);
    g_autofree char *suffix_all = g_strdup_printf ("bytes=-%zu", size + 5);
    g_autofree char *content_range = NULL;
    g_autoptr(Reply) first = get_range (path, member, "bytes=0-0");
    g_autoptr(Reply) last_byte = get_range (path, member, last);
    g_autoptr(Reply) suffix = get_range (path, member, "bytes=-1");
    g_autoptr(Reply) suffix_zero = get_range (path, member, "bytes=-0");
    g_autoptr(Reply) start_past = get_range (path, member, past);
    g_autoptr(Reply) clamped = get_range (path, member, clamp);
    g_autoptr(Reply) open = get_range (path, member, "bytes=10-");
    g_autoptr(Reply) longer_suffix = get_range (path, member, suffix_all);
    g_autoptr(Reply) several = get_range (path, member, "bytes=0-1,5-6");
    g_autoptr(Reply) malformed = get_range (path, member, "bytes=abc");
    g_autoptr(Reply) backwards = get_range (path, member, "bytes=9-3");
    g_autoptr(Reply) other_unit = get_range (path, member, "pages=1-2");

    g_assert_cmpuint (first->status, ==, 206);
    assert_bytes (first, pdf, 0, 1);
    content_range = g_strdup_printf ("bytes 0-0/%zu", size);
    g_assert_cmpstr (header (first, "Content-Range"), ==, content_range);
    g_assert_cmpint (soup_message_headers_get_content_length (first->headers), ==, 1);

    g_assert_cmpuint (last_byte->status, ==, 206);
    assert_bytes (last_byte, pdf, size - 1, 1);

    g_assert_cmpuint (suffix->status, ==, 206);
    assert_bytes (suffix, pdf, size - 1, 1);
    g_free (content_range);
    content_range = g_strdup_printf ("bytes %zu-%zu/%zu", size - 1, size - 1, size);
    g_assert_cmpstr (header (suffix, "Content-Range"), ==, content_range);

    assert_error (suffix_zero, 416, "range_not_satisfiable");
    g_free (content_range);
    content_range = g_strdup_printf ("bytes */%zu", size);
    g_assert_cmpstr (header (suffix_zero, "Content-Range"), ==, content_range);

    assert_error (start_past, 416, "range_not_satisfiable");
    g_assert_cmpstr (header (start_past, "Content-Range"), ==, content_range);

    g_assert_cmpuint (clamped->status, ==, 206);
    assert_bytes (clamped, pdf, size - 10, 10);

    g_assert_cmpuint (open->status, ==, 206);
    assert_bytes (open, pdf, 10, size - 10);

    g_assert_cmpuint (longer_suffix->status, ==, 206);
    assert_bytes (longer_suffix, pdf, 0, size);

    /* Several ranges and malformed ones: the whole blob. */
    g_assert_cmpuint (several->status, ==, 200);
    assert_bytes (several, pdf, 0, size);
    g_assert_cmpuint (malformed->status, ==, 200);
    assert_bytes (malformed, pdf, 0, size);
    g_assert_cmpuint (backwards->status, ==, 200);
    g_assert_cmpuint (other_unit->status, ==, 200);
  }

  /* ETag / If-None-Match. */
  {
    const char *headers[] = { "If-None-Match", etag, NULL };
    g_autoptr(Reply) cached = http (base (), "GET", path, member, NULL, NULL, headers);

    g_assert_cmpuint (cached->status, ==, 304);
    g_assert_cmpuint (g_bytes_get_size (cached->body), ==, 0);
  }

  /* Over the limit (1 MiB on this server): 413, nothing kept. */
  {
    gsize big_size = 1024 * 1024 + 1;
    g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (big_size), big_size);
    g_autoptr(Reply) reply = upload_as (base (), secretary, big, NULL);
    g_autofree char *big_sha = bytes_sha256 (big);
    g_autofree char *big_path = g_strconcat ("/api/v1/blobs/", big_sha, NULL);
    g_autoptr(Reply) missing = get (base (), big_path, secretary);

    assert_error (reply, 413, "too_large");
    assert_error (missing, 404, "not_found");
  }
}

static gboolean
sse_has_position (gpointer user_data)
{
  SseClient *client = user_data;

  return client->position > 0;
}

static void
test_events_replay (void)
{
  g_autofree char *member = sign_in (MEMBER, MEMBER_PIN);
  g_autofree char *secretary = sign_in (SECRETARY, SECRETARY_PIN);
  g_autofree char *meeting_a = plenum_uuid_new ();
  g_autofree char *meeting_b = plenum_uuid_new ();
  g_autofree char *sha = upload_pdf (secretary, "events");
  g_autofree char *last_id = NULL;
  g_auto(Ids) ids = { 0 };
  SseClient *stream;
  gint64 seq_a;
  gint64 seqs[4];

  lookup_ids (secretary, &ids);

  /* Live: an event of the member's body arrives; another body's does not. */
  stream = sse_open (base (), member, NULL, NULL);
  publish_simple (secretary, meeting_b, ids.body_b, ids.outsider_id, sha);
  publish_simple (secretary, meeting_a, ids.body_a, ids.chair_id, sha);
  sse_wait_events (stream, 1);
  {
    SseEvent *event = sse_event (stream, 0);
    g_autoptr(PlenumEvent) parsed = sse_event_parse (event);

    g_assert_cmpstr (event->type, ==, "packet.published");
    g_assert_cmpstr (plenum_event_get_meeting_id (parsed), ==, meeting_a);
    g_assert_cmpint (json_int (plenum_event_get_data (parsed), "packet_version"), ==, 1);
    seq_a = event->id;
  }
  g_assert_cmpuint (stream->events->len, ==, 1);

  /* Cut. Several packets go out while the member is away. */
  sse_close (stream);
  for (guint i = 0; i < G_N_ELEMENTS (seqs); i++)
    publish_simple (secretary, meeting_a, ids.body_a, ids.chair_id, sha);
  publish_simple (secretary, meeting_b, ids.body_b, ids.outsider_id, sha);

  /* Back with Last-Event-ID: every later event it may see, once, in order, then live. */
  last_id = g_strdup_printf ("%" G_GINT64_FORMAT, seq_a);
  stream = sse_open (base (), member, last_id, NULL);
  sse_wait_events (stream, G_N_ELEMENTS (seqs));
  for (guint i = 0; i < G_N_ELEMENTS (seqs); i++)
    {
      SseEvent *event = sse_event (stream, i);
      g_autoptr(PlenumEvent) parsed = sse_event_parse (event);

      seqs[i] = event->id;
      g_assert_cmpint (seqs[i], >, i == 0 ? seq_a : seqs[i - 1]);
      g_assert_cmpstr (plenum_event_get_meeting_id (parsed), ==, meeting_a);
      g_assert_cmpint (json_int (plenum_event_get_data (parsed), "packet_version"), ==, 2 + i);
    }
  /* After the replay the server gives its position: past the other body's event, which
   * this member may not see, so a reconnection does not look at it again. */
  g_assert_true (plenum_test_wait_until (NULL, sse_has_position, stream, 10000));
  g_assert_cmpint (stream->position, >, seqs[G_N_ELEMENTS (seqs) - 1]);
  publish_simple (secretary, meeting_a, ids.body_a, ids.chair_id, sha);
  sse_wait_events (stream, G_N_ELEMENTS (seqs) + 1);
  {
    SseEvent *event = sse_event (stream, G_N_ELEMENTS (seqs));
    g_autoptr(PlenumEvent) parsed = sse_event_parse (event);

    g_assert_cmpint (event->id, >, seqs[G_N_ELEMENTS (seqs) - 1]);
    g_assert_cmpint (json_int (plenum_event_get_data (parsed), "packet_version"), ==, 6);
  }
  g_assert_cmpuint (stream->events->len, ==, G_N_ELEMENTS (seqs) + 1);
  sse_close (stream);

  /* ?after= does the same; the secretariat sees every body's events. */
  {
    g_autofree char *query = g_strdup_printf ("?after=%" G_GINT64_FORMAT, seq_a);
    SseClient *all = sse_open (base (), secretary, NULL, query);

    sse_wait_events (all, G_N_ELEMENTS (seqs) + 2);
    g_assert_cmpint (sse_event (all, 0)->id, ==, seqs[0]);
    sse_close (all);
  }
}

static void
test_events_reset (void)
{
  g_autofree char *member = sign_in (MEMBER, MEMBER_PIN);
  g_autofree char *secretary = sign_in (SECRETARY, SECRETARY_PIN);
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autofree char *sha = upload_pdf (secretary, "reset");
  g_auto(Ids) ids = { 0 };
  SseClient *stream;
  gint64 latest = 0;

  lookup_ids (secretary, &ids);
  /* More events than the server keeps (8). */
  for (guint i = 0; i < 10; i++)
    publish_simple (secretary, meeting_id, ids.body_a, ids.chair_id, sha);

  stream = sse_open (base (), secretary, NULL, "?after=0");
  sse_wait_events (stream, 1);
  {
    SseEvent *event = sse_event (stream, 0);
    g_autoptr(PlenumEvent) parsed = sse_event_parse (event);

    g_assert_cmpstr (event->type, ==, "reset");
    g_assert_null (plenum_event_get_meeting_id (parsed));
    latest = event->id;
    g_assert_cmpint (latest, >=, 10);
  }
  g_assert_cmpuint (stream->events->len, ==, 1);
  publish_simple (secretary, meeting_id, ids.body_a, ids.chair_id, sha);
  sse_wait_events (stream, 2);
  g_assert_cmpint (sse_event (stream, 1)->id, ==, latest + 1);
  sse_close (stream);

  /* A number from the future (another database) resets too; the oldest kept does not. */
  stream = sse_open (base (), member, "999999", NULL);
  sse_wait_events (stream, 1);
  g_assert_cmpstr (sse_event (stream, 0)->type, ==, "reset");
  sse_close (stream);
  {
    g_autofree char *edge = g_strdup_printf ("%" G_GINT64_FORMAT, latest + 1 - 8);
    SseClient *kept = sse_open (base (), secretary, edge, NULL);

    sse_wait_events (kept, 8);
    g_assert_cmpstr (sse_event (kept, 0)->type, ==, "packet.published");
    g_assert_cmpint (sse_event (kept, 0)->id, ==, latest + 1 - 7);
    sse_close (kept);
  }
}

typedef struct {
  SseClient *client;
  guint      n;
} HeartbeatWait;

static gboolean
has_heartbeats (gpointer user_data)
{
  HeartbeatWait *wait = user_data;

  return wait->client->heartbeats >= wait->n;
}

static void
test_events_heartbeat (void)
{
  g_autofree char *member = sign_in (MEMBER, MEMBER_PIN);
  SseClient *stream = sse_open (base (), member, NULL, NULL);
  HeartbeatWait wait = { stream, 2 };

  /* Every second on this server. */
  g_assert_true (plenum_test_wait_until (NULL, has_heartbeats, &wait, WAIT_MS));
  g_assert_cmpuint (stream->events->len, ==, 0);
  sse_close (stream);
}

static void
test_events_errors (void)
{
  g_autofree char *member = sign_in (MEMBER, MEMBER_PIN);
  const char *bad_id[] = { "Last-Event-ID", "twelve", NULL };
  g_autoptr(Reply) anonymous = get (base (), "/api/v1/events", NULL);
  g_autoptr(Reply) bad = http (base (), "GET", "/api/v1/events", member, NULL, NULL, bad_id);
  g_autoptr(Reply) bad_after = get (base (), "/api/v1/events?after=-1", member);
  g_autoptr(Reply) post = http (base (), "POST", "/api/v1/events", member, NULL, NULL, NULL);

  assert_error (anonymous, 401, "unauthorized");
  assert_error (bad, 400, "bad_request");
  assert_error (bad_after, 400, "bad_request");
  assert_error (post, 405, "method_not_allowed");
}

static void
test_events_sign_out (void)
{
  g_autofree char *member = sign_in (MEMBER, MEMBER_PIN);
  SseClient *stream = sse_open (base (), member, NULL, NULL);
  g_autoptr(Reply) reply = http (base (), "DELETE", "/api/v1/session", member, NULL, NULL, NULL);

  g_assert_cmpuint (reply->status, ==, 204);
  /* The stream of a signed-out token ends. */
  g_assert_true (plenum_test_wait_until (NULL, sse_ended, stream, WAIT_MS));
  sse_close (stream);
}

static const PlenumDemoAccount *
demo_account (const char *role,
              gboolean    in_body)
{
  guint n = 0;
  const PlenumDemoAccount *accounts = plenum_demo_accounts (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (accounts[i].role, role) && accounts[i].in_body == in_body &&
        !g_str_equal (accounts[i].name, plenum_demo_chair_name ()))
      return &accounts[i];
  g_assert_not_reached ();
  return NULL;
}

static void
test_demo (void)
{
  g_autofree char *data_dir = plenum_test_mkdtemp ("demo");
  const char *args[] = { "--demo", NULL };
  g_autoptr(PlenumTestServer) server = plenum_test_server_start (data_dir, args);
  const char *url = plenum_test_server_get_url (server);
  const PlenumDemoAccount *member_account = demo_account ("member", TRUE);
  g_autofree char *member = sign_in_as (url, member_account->name, member_account->pin);
  g_autofree char *meeting_path = g_strdup_printf ("/api/v1/meetings/%s",
                                                   plenum_demo_meeting_id ());
  g_autoptr(Reply) bodies = get (url, "/api/v1/bodies", member);
  g_autoptr(Reply) meeting = get (url, meeting_path, member);
  g_autoptr(PlenumMeeting) parsed = NULL;
  g_autoptr(GError) error = NULL;
  const char *confidential_sha = NULL;
  const char *any_sha = NULL;
  GListModel *agenda;

  /* How to sign in is printed after the listening line. */
  g_assert_true (plenum_test_server_wait_output (server, plenum_demo_chair_name ()));
  g_assert_nonnull (strstr (plenum_test_server_get_output (server), "demo data seeded"));

  g_assert_cmpuint (bodies->status, ==, 200);
  {
    const cJSON *body = cJSON_GetArrayItem (cJSON_GetObjectItem (bodies->json, "bodies"), 0);

    g_assert_cmpstr (json_string (body, "name"), ==, plenum_demo_body_name ());
    g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (body, "members")), >=, 12);
  }

  g_assert_cmpuint (meeting->status, ==, 200);
  parsed = plenum_meeting_new_from_json (meeting->json, "", &error);
  g_assert_no_error (error);
  g_assert_cmpint (plenum_meeting_get_packet_version (parsed), ==, 1);
  agenda = plenum_meeting_get_agenda (parsed);
  g_assert_cmpuint (g_list_model_get_n_items (agenda), >=, 6);
  for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      GListModel *documents = plenum_agenda_item_get_documents (item);

      for (guint j = 0; j < g_list_model_get_n_items (documents); j++)
        {
          g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, j);

          any_sha = plenum_document_get_sha256 (document);
          if (plenum_document_get_confidential (document))
            confidential_sha = plenum_document_get_sha256 (document);
          g_assert_cmpint (plenum_document_get_pages (document), >=, 1);
        }
    }
  g_assert_nonnull (any_sha);
  g_assert_nonnull (confidential_sha);

  /* A demo PDF downloads, and hashes to its name. */
  {
    g_autofree char *path = g_strconcat ("/api/v1/blobs/", confidential_sha, NULL);
    g_autoptr(Reply) blob = get (url, path, member);
    g_autofree char *sha = NULL;

    g_assert_cmpuint (blob->status, ==, 200);
    sha = bytes_sha256 (blob->body);
    g_assert_cmpstr (sha, ==, confidential_sha);
    g_assert_true (g_str_has_prefix (g_bytes_get_data (blob->body, NULL), "%PDF-"));
  }

  /* The secretary and the chair of the demo can sign in too. */
  {
    const PlenumDemoAccount *secretary = demo_account ("secretary", FALSE);
    guint n = 0;
    const PlenumDemoAccount *accounts = plenum_demo_accounts (&n);

    g_free (sign_in_as (url, secretary->name, secretary->pin));
    for (guint i = 0; i < n; i++)
      if (g_str_equal (accounts[i].name, plenum_demo_chair_name ()))
        g_free (sign_in_as (url, accounts[i].name, accounts[i].pin));
  }

  /* Started again on the same folder: not seeded twice. */
  plenum_test_server_stop (server);
  g_clear_pointer (&server, plenum_test_server_free);
  server = plenum_test_server_start (data_dir, args);
  {
    const char *again_url = plenum_test_server_get_url (server);
    g_autofree char *again = sign_in_as (again_url, member_account->name, member_account->pin);
    g_autoptr(Reply) reply = get (again_url, meeting_path, again);
    g_autoptr(Reply) list = get (again_url, "/api/v1/meetings", again);

    g_assert_cmpint (json_int (reply->json, "packet_version"), ==, 1);
    g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItem (list->json, "meetings")), ==, 1);
    g_assert_true (plenum_test_server_wait_output (server, plenum_demo_chair_name ()));
    g_assert_null (strstr (plenum_test_server_get_output (server), "demo data seeded"));
  }
  plenum_test_server_stop (server);
}

/* A password-protected PDF (tests/data: AES-256, user password "view", 30 pages):
 * published only with its password, which GET meeting then carries. */
static void
test_publish_password (void)
{
  g_autofree char *member = sign_in (CHAIR, CHAIR_PIN);
  g_autofree char *outsider = sign_in (OUTSIDER, OUTSIDER_PIN);
  g_autofree char *secretary = sign_in (SECRETARY, SECRETARY_PIN);
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autofree char *meeting_path = g_strdup_printf ("/api/v1/meetings/%s", meeting_id);
  g_autofree char *enc_path = plenum_test_data_path ("enc_aes256-R6_userpw-view.pdf");
  g_autofree char *enc_data = NULL;
  g_autofree char *enc_sha = NULL;
  g_autofree char *plain_sha = NULL;
  g_autofree char *good = NULL;
  g_autofree char *first_answer = NULL;
  g_autoptr(GBytes) enc = NULL;
  g_auto(Ids) ids = { 0 };
  g_autoptr(GError) error = NULL;
  gsize enc_length = 0;
  struct {
    const char *what;
    gboolean    plain;     /* the unprotected PDF instead */
    const char *password;
    const char *field;     /* named in the refusal */
  } refused[] = {
    { "no password", FALSE, NULL, "items[0].documents[0].sha256: " },
    { "a wrong password", FALSE, "wrong-secret-4a1b", "items[0].documents[0].password: " },
    { "the owner's password in the wrong case", FALSE, "MASTER-secret",
      "items[0].documents[0].password: " },
    { "a password for a PDF that needs none", TRUE, "unneeded-secret-77",
      "items[0].documents[0].password: " },
  };

  lookup_ids (secretary, &ids);
  g_assert_true (g_file_get_contents (enc_path, &enc_data, &enc_length, &error));
  g_assert_no_error (error);
  enc = g_bytes_new_take (g_steal_pointer (&enc_data), enc_length);
  enc_sha = bytes_sha256 (enc);
  {
    g_autoptr(Reply) reply = upload_as (base (), secretary, enc, NULL);

    /* Stored, though the server cannot count its pages without the password. */
    g_assert_cmpuint (reply->status, ==, 201);
  }
  plain_sha = upload_pdf (secretary, "Không cần mật khẩu");

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GDateTime) starts_at = g_date_time_new_utc (2026, 12, 2, 1, 0, 0);
      g_autofree char *operation = plenum_uuid_new ();
      g_autoptr(PlenumPacketManifest) manifest = NULL;
      g_autoptr(cJSON) json = NULL;
      g_autofree char *text = NULL;
      g_autoptr(Reply) reply = NULL;
      const char *message;

      g_test_message ("refused: %s", refused[i].what);
      manifest = plenum_packet_manifest_new (operation, ids.body_a, "Họp mật", starts_at, NULL,
                                             ids.chair_id, NULL);
      g_assert_true (plenum_packet_manifest_add_item (manifest, "1", "Mật", FALSE, &error));
      plenum_packet_manifest_add_document_with_password (manifest, 0, "Tờ trình mật",
                                                         refused[i].plain ? plain_sha : enc_sha,
                                                         TRUE, refused[i].password);
      json = plenum_packet_manifest_to_json (manifest);
      text = plenum_json_print (json);
      reply = publish_json (secretary, meeting_id, text);
      assert_error (reply, 400, "bad_request");
      message = json_string (cJSON_GetObjectItemCaseSensitive (reply->json, "error"), "message");
      g_test_message ("message: %s", message);
      g_assert_true (g_str_has_prefix (message, refused[i].field));
      g_assert_null (strstr (message, "secret"));
    }

  /* Nothing was published. */
  {
    g_autoptr(Reply) reply = get (base (), meeting_path, secretary);

    assert_error (reply, 404, "not_found");
  }

  /* With its password: published, the pages counted with it. */
  {
    g_autoptr(GDateTime) starts_at = g_date_time_new_utc (2026, 12, 2, 1, 0, 0);
    g_autofree char *operation = plenum_uuid_new ();
    g_autoptr(PlenumPacketManifest) manifest = NULL;
    g_autoptr(cJSON) json = NULL;
    g_autoptr(Reply) reply = NULL;

    manifest = plenum_packet_manifest_new (operation, ids.body_a, "Họp mật", starts_at, NULL,
                                           ids.chair_id, NULL);
    g_assert_true (plenum_packet_manifest_add_item (manifest, "1", "Mật", FALSE, &error));
    plenum_packet_manifest_add_document_with_password (manifest, 0, "Tờ trình mật", enc_sha,
                                                       TRUE, "view");
    plenum_packet_manifest_add_document (manifest, 0, "Phụ lục", plain_sha, FALSE);
    json = plenum_packet_manifest_to_json (manifest);
    good = plenum_json_print (json);
    reply = publish_json (secretary, meeting_id, good);
    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_cmpint (json_int (reply->json, "packet_version"), ==, 1);
    first_answer = g_bytes_get_size (reply->body) > 0
                   ? g_strndup (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body))
                   : NULL;
    g_assert_nonnull (first_answer);
  }

  /* The same operation again: the stored answer, byte for byte. */
  {
    g_autoptr(Reply) reply = publish_json (secretary, meeting_id, good);

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_cmpmem (g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body),
                     first_answer, strlen (first_answer));
  }

  /* GET: the member of the body gets the password; the other document has none. */
  {
    g_autoptr(Reply) reply = get (base (), meeting_path, member);
    g_autoptr(PlenumMeeting) meeting = NULL;
    g_autoptr(PlenumAgendaItem) item = NULL;
    g_autoptr(PlenumDocument) secret = NULL;
    g_autoptr(PlenumDocument) plain = NULL;

    g_assert_cmpuint (reply->status, ==, 200);
    meeting = plenum_meeting_new_from_json (reply->json, "", &error);
    g_assert_no_error (error);
    item = g_list_model_get_item (plenum_meeting_get_agenda (meeting), 0);
    secret = g_list_model_get_item (plenum_agenda_item_get_documents (item), 0);
    plain = g_list_model_get_item (plenum_agenda_item_get_documents (item), 1);
    g_assert_cmpstr (plenum_document_get_sha256 (secret), ==, enc_sha);
    g_assert_cmpstr (plenum_document_get_password (secret), ==, "view");
    g_assert_cmpint (plenum_document_get_pages (secret), ==, 30);
    g_assert_cmpint (plenum_document_get_size (secret), ==, (gint64) enc_length);
    g_assert_null (plenum_document_get_password (plain));
    g_assert_cmpint (plenum_document_get_pages (plain), ==, 2);
  }

  /* Someone who may not see the meeting gets neither it nor the password. */
  {
    g_autoptr(Reply) reply = get (base (), meeting_path, outsider);
    gsize length = 0;
    const char *body = g_bytes_get_data (reply->body, &length);

    assert_error (reply, 404, "not_found");
    g_assert_null (g_strstr_len (body, (gssize) length, "view"));
  }

  /* A revision without the protected PDF drops its password with it. */
  {
    g_autofree char *operation = plenum_uuid_new ();
    const char *documents[] = { "Báo cáo", plain_sha, NULL };
    g_autofree char *json = manifest_json (operation, ids.body_a, ids.chair_id, documents);
    g_autoptr(Reply) reply = publish_json (secretary, meeting_id, json);
    gsize length = 0;
    const char *body = g_bytes_get_data (reply->body, &length);

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_null (g_strstr_len (body, (gssize) length, "\"password\""));
  }
}

/* A copy of the demo packet folder for another meeting id. */
static char *
write_packet_folder (const char *meeting_id)
{
  g_autofree char *folder = plenum_test_mkdtemp ("packet");
  g_autofree char *packet_path = g_build_filename (folder, "packet.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (plenum_demo_write_packet (folder, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (packet_path, &contents, NULL, &error));
  root = cJSON_Parse (contents);
  g_assert_nonnull (root);
  cJSON_ReplaceItemInObject (cJSON_GetObjectItem (root, "meeting"), "id",
                             cJSON_CreateString (meeting_id));
  text = plenum_json_print (root);
  g_assert_true (g_file_set_contents (packet_path, text, -1, &error));
  return g_steal_pointer (&folder);
}

static void
test_import_packet (void)
{
  g_autofree char *data_dir = plenum_test_mkdtemp ("import");
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autofree char *folder = write_packet_folder (meeting_id);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* Without the body on the server: refused, with a message. */
  {
    const char *args[] = { "--data-dir", data_dir, "--import-packet", folder, NULL };

    g_assert_cmpint (plenum_test_server_run (args, &out, &err), !=, 0);
    g_assert_nonnull (strstr (err, "Packet not imported"));
    g_assert_nonnull (strstr (err, plenum_demo_body_name ()));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* With the demo's people: published, summarised, exit 0; again: version 2. */
  {
    const char *args[] = { "--data-dir", data_dir, "--demo", "--import-packet", folder, NULL };

    g_assert_cmpint (plenum_test_server_run (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "published packet version 1"));
    g_assert_nonnull (strstr (out, meeting_id));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (plenum_test_server_run (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "published packet version 2"));
    g_assert_nonnull (strstr (out, "0 new blobs"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* A broken folder is refused before anything is stored. */
  {
    g_autofree char *broken = plenum_test_mkdtemp ("broken");
    g_autofree char *packet = g_build_filename (broken, "packet.json", NULL);
    const char *args[] = { "--data-dir", data_dir, "--import-packet", broken, NULL };

    g_assert_true (g_file_set_contents (packet, "{\"meeting\": 1}", -1, NULL));
    g_assert_cmpint (plenum_test_server_run (args, &out, &err), !=, 0);
    g_assert_nonnull (strstr (err, "Packet not imported"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* The server serves what was imported; a second server on the folder is refused. */
  {
    g_autoptr(PlenumTestServer) server = plenum_test_server_start (data_dir, NULL);
    const char *url = plenum_test_server_get_url (server);
    const PlenumDemoAccount *member_account = demo_account ("member", TRUE);
    g_autofree char *member = sign_in_as (url, member_account->name, member_account->pin);
    g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s", meeting_id);
    g_autoptr(Reply) reply = get (url, path, member);
    const char *args[] = { "--data-dir", data_dir, "--import-packet", folder, NULL };

    g_assert_cmpuint (reply->status, ==, 200);
    g_assert_cmpint (json_int (reply->json, "packet_version"), ==, 2);
    g_assert_cmpint (plenum_test_server_run (args, &out, &err), !=, 0);
    g_assert_nonnull (strstr (err, "Another plenum-server"));
    plenum_test_server_stop (server);
  }
}

/* A packet folder whose document gives its PDF's password: imported, served with it;
 * a wrong one refused without quoting it. */
static void
test_import_packet_password (void)
{
  g_autofree char *data_dir = plenum_test_mkdtemp ("import");
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autofree char *folder = write_packet_folder (meeting_id);
  g_autofree char *packet_path = g_build_filename (folder, "packet.json", NULL);
  g_autofree char *enc_path = plenum_test_data_path ("enc_aes256-R6_userpw-view.pdf");
  g_autofree char *copy_path = g_build_filename (folder, "secret.pdf", NULL);
  g_autofree char *enc_data = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GError) error = NULL;
  gsize enc_length = 0;
  cJSON *documents;
  cJSON *document;

  g_assert_true (g_file_get_contents (enc_path, &enc_data, &enc_length, &error));
  g_assert_true (g_file_set_contents (copy_path, enc_data, (gssize) enc_length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (packet_path, &contents, NULL, &error));
  root = cJSON_Parse (contents);
  g_assert_nonnull (root);
  documents = cJSON_GetObjectItem (cJSON_GetArrayItem (cJSON_GetObjectItem (root, "items"), 0),
                                   "documents");
  document = cJSON_CreateObject ();
  cJSON_AddStringToObject (document, "file", "secret.pdf");
  cJSON_AddStringToObject (document, "title", "Tài liệu có mật khẩu");
  cJSON_AddStringToObject (document, "password", "wrong-secret-9");
  cJSON_AddItemToArray (documents, document);

  /* A wrong password: refused, naming the file, not the password. */
  {
    g_autofree char *text = plenum_json_print (root);
    const char *args[] = { "--data-dir", data_dir, "--demo", "--import-packet", folder, NULL };

    g_assert_true (g_file_set_contents (packet_path, text, -1, &error));
    g_assert_cmpint (plenum_test_server_run (args, &out, &err), !=, 0);
    g_assert_nonnull (strstr (err, "Packet not imported"));
    g_assert_nonnull (strstr (err, "secret.pdf: the password packet.json gives"));
    g_assert_null (strstr (err, "wrong-secret"));
    g_assert_null (strstr (out, "wrong-secret"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* The right one: imported (twice, so the blob is known the second time). */
  {
    g_autofree char *text = NULL;
    const char *args[] = { "--data-dir", data_dir, "--demo", "--import-packet", folder, NULL };

    cJSON_ReplaceItemInObject (document, "password", cJSON_CreateString ("view"));
    text = plenum_json_print (root);
    g_assert_true (g_file_set_contents (packet_path, text, -1, &error));
    g_assert_cmpint (plenum_test_server_run (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "published packet version 1"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (plenum_test_server_run (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "published packet version 2"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* Served with its password, its pages counted with it. */
  {
    g_autoptr(PlenumTestServer) server = plenum_test_server_start (data_dir, NULL);
    const char *url = plenum_test_server_get_url (server);
    const PlenumDemoAccount *member_account = demo_account ("member", TRUE);
    g_autofree char *member = sign_in_as (url, member_account->name, member_account->pin);
    g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s", meeting_id);
    g_autoptr(Reply) reply = get (url, path, member);
    g_autoptr(PlenumMeeting) meeting = NULL;
    g_autoptr(PlenumAgendaItem) item = NULL;
    GListModel *list;
    g_autoptr(PlenumDocument) secret = NULL;

    g_assert_cmpuint (reply->status, ==, 200);
    meeting = plenum_meeting_new_from_json (reply->json, "", &error);
    g_assert_no_error (error);
    item = g_list_model_get_item (plenum_meeting_get_agenda (meeting), 0);
    list = plenum_agenda_item_get_documents (item);
    secret = g_list_model_get_item (list, g_list_model_get_n_items (list) - 1);
    g_assert_cmpstr (plenum_document_get_title (secret), ==, "Tài liệu có mật khẩu");
    g_assert_cmpstr (plenum_document_get_password (secret), ==, "view");
    g_assert_cmpint (plenum_document_get_pages (secret), ==, 30);
    plenum_test_server_stop (server);
  }
}

static void
test_import_accounts_refused (void)
{
  g_autofree char *data_dir = plenum_test_mkdtemp ("accounts-bad");
  g_autofree char *file = g_build_filename (data_dir, "accounts.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--data-dir", data_dir, "--import-accounts", file, NULL };

  /* A member nobody knows: refused, nothing stored. */
  g_assert_true (g_file_set_contents (file,
                                      "{\"accounts\": [{\"name\": \"a.b\", \"display_name\": "
                                      "\"A B\", \"role\": \"member\", \"pin\": \"1234\"}], "
                                      "\"bodies\": [{\"name\": \"X\", \"members\": "
                                      "[\"a.b\", \"c.d\"]}]}", -1, NULL));
  g_assert_cmpint (plenum_test_server_run (args, &out, &err), !=, 0);
  g_assert_nonnull (strstr (err, "c.d"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A PIN that is not 4 to 12 digits. */
  g_assert_true (g_file_set_contents (file,
                                      "{\"accounts\": [{\"name\": \"a.b\", \"display_name\": "
                                      "\"A B\", \"role\": \"member\", \"pin\": \"12\"}]}",
                                      -1, NULL));
  g_assert_cmpint (plenum_test_server_run (args, &out, &err), !=, 0);
  g_assert_nonnull (strstr (err, "pin"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);
  plenum_json_init ();
  session = plenum_test_soup_session_new (NULL);

  g_test_add_func ("/plenum/server/info", test_server_info);
  g_test_add_func ("/plenum/server/unknown-paths", test_unknown_paths);
  g_test_add_func ("/plenum/server/sign-in", test_sign_in);
  g_test_add_func ("/plenum/server/sign-in-wrong", test_sign_in_wrong);
  g_test_add_func ("/plenum/server/sign-in-lockout", test_sign_in_lockout);
  g_test_add_func ("/plenum/server/sign-in-malformed", test_sign_in_malformed);
  g_test_add_func ("/plenum/server/tokens", test_tokens);
  g_test_add_func ("/plenum/server/token-expired", test_token_expired);
  g_test_add_func ("/plenum/server/bodies", test_bodies);
  g_test_add_func ("/plenum/server/publish", test_publish);
  g_test_add_func ("/plenum/server/publish-password", test_publish_password);
  g_test_add_func ("/plenum/server/meetings", test_meetings);
  g_test_add_func ("/plenum/server/blobs", test_blobs);
  g_test_add_func ("/plenum/server/events-replay", test_events_replay);
  g_test_add_func ("/plenum/server/events-reset", test_events_reset);
  g_test_add_func ("/plenum/server/events-heartbeat", test_events_heartbeat);
  g_test_add_func ("/plenum/server/events-errors", test_events_errors);
  g_test_add_func ("/plenum/server/events-sign-out", test_events_sign_out);
  g_test_add_func ("/plenum/server/demo", test_demo);
  g_test_add_func ("/plenum/server/import-packet", test_import_packet);
  g_test_add_func ("/plenum/server/import-packet-password", test_import_packet_password);
  g_test_add_func ("/plenum/server/import-accounts-refused", test_import_accounts_refused);

  status = g_test_run ();

  g_clear_pointer (&shared_server, plenum_test_server_free);
  g_clear_object (&session);
  return status;
}
