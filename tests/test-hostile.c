/* test-hostile.c — the server against hostile protocol input (issue 10, part 7): bodies
 * over the limits (true, lying and absent lengths), JSON nested 100 000 deep, invalid
 * UTF-8, numbers out of range, absurd headers, thousands of idle connections and a
 * slowloris head. After each case the server still answers a normal request, nothing
 * was stored, and (for the connections) it let go of what it held.
 *
 * One real plenum-server process (--demo, on 127.0.0.1, port 0) with a request timeout
 * of REQUEST_TIMEOUT seconds, so that the idle-connection cases end quickly. Raw sockets
 * (GSocket) send what libsoup would refuse to send; the server's memory and descriptors
 * are read from /proc.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <string.h>
#include <sys/resource.h>

#include "core/plenum-core.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-util.h"

#define REQUEST_TIMEOUT 2       /* seconds: the server's --request-timeout-seconds */
#define MAX_BLOB_MIB    4       /* the server's --max-blob-mib */
#define JSON_LIMIT      (4 * 1024 * 1024)
#define WAIT_MS         20000
#define IDLE_CONNECTIONS 2000
#define TERMINAL_ID     "e7000000-0000-4000-8000-000000000001"

static SoupSession *session;
static PlenumTestServer *server;
static guint16 port;
static int server_pid;

/* What the cases share, found once. */
static struct {
  char *member;       /* tokens */
  char *chair;
  char *secretary;
  char *member_id;
  char *member_name;
  char *meeting_id;
  char *body_id;
  char *item_id;
  char *document_id;
  char *sha256;
  gint64 size;        /* the document's bytes */
  char *round_id;
} s;

/* The server process */

/* The pid of the plenum-server whose command line names our data folder. */
static int
find_server_pid (const char *data_dir)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *cmdline = NULL;
      gsize length = 0;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_build_filename ("/proc", name, "cmdline", NULL);
      if (!g_file_get_contents (path, &cmdline, &length, NULL))
        continue;
      for (gsize i = 0; i + 1 < length; i += strlen (cmdline + i) + 1)
        if (g_str_equal (cmdline + i, "--data-dir") && i + 11 < length &&
            g_str_equal (cmdline + i + 11, data_dir))
          return atoi (name);
    }
  return 0;
}

static guint
server_fd_count (void)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/fd", server_pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint count = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    count++;
  return count;
}

/* VmRSS of the server, in KiB. */
static guint64
server_rss_kib (void)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", server_pid);
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10);
}

typedef gboolean (*Condition) (gpointer user_data);

static gboolean
on_tick_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Looks at @condition every 20 ms until it holds or @timeout_ms passed. */
static gboolean
wait_for (Condition condition,
          gpointer  user_data,
          guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_autoptr(GMainContext) context = g_main_context_new ();

  while (!condition (user_data))
    {
      g_autoptr(GSource) tick = g_timeout_source_new (20);
      gboolean fired = FALSE;

      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_source_set_callback (tick, on_tick_cb, &fired, NULL);
      g_source_attach (tick, context);
      while (!fired)
        g_main_context_iteration (context, TRUE);
    }
  return TRUE;
}

/* HTTP through libsoup */

typedef struct {
  guint  status;
  char  *code;   /* the protocol error's code, or NULL */
  cJSON *json;
  gsize  length; /* of the answer's body */
} Answer;

static void
answer_free (Answer *answer)
{
  g_free (answer->code);
  g_clear_pointer (&answer->json, cJSON_Delete);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

/* @method @path with @token (Bearer, may be NULL), @body of @length bytes as JSON (may
 * be NULL), and @header/@value (may be NULL). The answer's body, when there is one, must
 * be JSON. */
static Answer *
send_bytes (const char *method,
            const char *path,
            const char *token,
            const char *body,
            gsize       length,
            const char *header,
            const char *value)
{
  g_autofree char *uri = g_strconcat (plenum_test_server_get_url (server), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Answer *answer = g_new0 (Answer, 1);

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    bearer);
    }
  if (header != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), header, value);
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, length);

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  answer->status = soup_message_get_status (msg);
  answer->length = g_bytes_get_size (bytes);
  if (g_bytes_get_size (bytes) > 0 &&
      g_str_has_prefix (soup_message_headers_get_content_type (
                          soup_message_get_response_headers (msg), NULL) ?: "",
                        "application/json"))
    {
      const cJSON *node;

      answer->json = plenum_json_parse (g_bytes_get_data (bytes, NULL),
                                        (gssize) g_bytes_get_size (bytes), &error);
      g_assert_no_error (error);
      node = cJSON_GetObjectItemCaseSensitive (answer->json, "error");
      node = cJSON_GetObjectItemCaseSensitive (node, "code");
      if (cJSON_IsString (node))
        answer->code = g_strdup (node->valuestring);
    }
  return answer;
}

static Answer *
send_text (const char *method,
           const char *path,
           const char *token,
           const char *json)
{
  return send_bytes (method, path, token, json, json != NULL ? strlen (json) : 0, NULL, NULL);
}

static void
assert_answer (const Answer *answer,
               guint         status,
               const char   *code)
{
  if (answer->status != status || g_strcmp0 (answer->code, code) != 0)
    g_test_message ("got %u %s, expected %u %s", answer->status, answer->code, status, code);
  g_assert_cmpuint (answer->status, ==, status);
  g_assert_cmpstr (answer->code, ==, code);
}

/* The server still answers a normal request, promptly. */
static void
assert_alive (void)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(Answer) answer = send_text ("GET", "/api/v1/server", NULL, NULL);

  g_assert_cmpuint (answer->status, ==, 200);
  g_assert_cmpint (plenum_test_json_get_int (answer->json, "api_version"), ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* How many annotations the member's feed holds: what "nothing was stored" checks. */
static int
feed_count (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/annotations?since=0",
                                           s.meeting_id);
  g_autoptr(Answer) answer = send_text ("GET", path, s.member, NULL);
  const cJSON *list;

  g_assert_cmpuint (answer->status, ==, 200);
  list = cJSON_GetObjectItemCaseSensitive (answer->json, "annotations");
  g_assert_true (cJSON_IsArray (list));
  return cJSON_GetArraySize (list);
}

/* Raw sockets */

static GSocketConnection *
raw_open (void)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;

  /* A bare socket: GSocketClient's proxy lookup would cost milliseconds a connection. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  /* Reads wait at most this long: a server that neither answers nor closes fails the
   * test rather than hanging it. */
  g_socket_set_timeout (socket, 3 * REQUEST_TIMEOUT + 10);
  g_socket_connect (socket, address, NULL, &error);
  g_assert_no_error (error);
  return g_socket_connection_factory_create_connection (socket);
}

/* Sends all of @data; FALSE when the server closed (or reset) the connection first. */
static gboolean
raw_send (GSocketConnection *connection,
          const void        *data,
          gsize              length)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  gsize sent = 0;

  while (sent < length)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (socket, (const char *) data + sent, length - sent, NULL, &error);

      if (n < 0)
        {
          g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
          return FALSE;
        }
      sent += (gsize) n;
    }
  return TRUE;
}

static gboolean
raw_send_text (GSocketConnection *connection,
               const char        *text)
{
  return raw_send (connection, text, strlen (text));
}

/* Reads one answer: its status (0 when the server closed the connection without one)
 * and *@code (may be NULL) the protocol error's code. Fails the test when the server
 * neither answers nor closes within the socket's timeout. */
static guint
raw_read_answer (GSocketConnection  *connection,
                 char              **code)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GString) data = g_string_new (NULL);
  gssize head_length = -1;  /* up to the blank line, once it is in */
  gsize body_length = 0;
  guint status = 0;

  if (code != NULL)
    *code = NULL;
  for (;;)
    {
      char buffer[16384];
      g_autoptr(GError) error = NULL;
      const char *end;
      gssize n;

      if (head_length < 0 && (end = strstr (data->str, "\r\n\r\n")) != NULL)
        {
          g_autofree char *lower = NULL;
          const char *length_header;

          head_length = end + 4 - data->str;
          lower = g_ascii_strdown (data->str, head_length);
          g_assert_true (g_str_has_prefix (data->str, "HTTP/1.1 "));
          status = (guint) g_ascii_strtoull (data->str + strlen ("HTTP/1.1 "), NULL, 10);
          length_header = strstr (lower, "\r\ncontent-length:");
          if (length_header != NULL)
            body_length = g_ascii_strtoull (length_header + strlen ("\r\ncontent-length:"),
                                            NULL, 10);
        }
      if (head_length >= 0 && data->len >= (gsize) head_length + body_length)
        break;
      n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);
      g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
      if (n <= 0)
        break;
      g_string_append_len (data, buffer, n);
    }
  if (head_length < 0)
    return 0;
  if (code != NULL && body_length > 0 && data->len >= (gsize) head_length + body_length)
    {
      g_autoptr(cJSON) root = plenum_json_parse (data->str + head_length, (gssize) body_length,
                                                 NULL);
      const cJSON *node = cJSON_GetObjectItemCaseSensitive (root, "error");

      node = cJSON_GetObjectItemCaseSensitive (node, "code");
      if (cJSON_IsString (node))
        *code = g_strdup (node->valuestring);
    }
  return status;
}

/* TRUE once the server closed the connection (a read gives the end of the stream or a
 * reset); whatever came before the end is skipped. */
static gboolean
raw_closed (GSocketConnection *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);

  for (;;)
    {
      char buffer[4096];
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);

      if (n > 0)
        continue;
      return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
    }
}

static char *
request_head (const char *method,
              const char *path,
              const char *token,
              const char *extra)
{
  return g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n%s%s%s%s", method, path,
                          port, token != NULL ? "Authorization: Bearer " : "",
                          token != NULL ? token : "", token != NULL ? "\r\n" : "",
                          extra != NULL ? extra : "");
}

/* 1. Oversized bodies */

static void
blob_absent (const char *sha256)
{
  g_autofree char *path = g_strconcat ("/api/v1/blobs/", sha256, NULL);
  g_autoptr(Answer) answer = send_text ("GET", path, s.secretary, NULL);

  assert_answer (answer, 404, "not_found");
}

/* Sends @total bytes of body in chunks of @chunk_size with chunked encoding. */
static gboolean
send_chunked_body (GSocketConnection *connection,
                   gsize              total,
                   gsize              chunk_size,
                   char               fill)
{
  g_autofree char *chunk = g_malloc (chunk_size + 32);
  int header_length = g_snprintf (chunk, 32, "%zx\r\n", chunk_size);

  memset (chunk + header_length, fill, chunk_size);
  memcpy (chunk + header_length + chunk_size, "\r\n", 2);
  for (gsize sent = 0; sent < total; sent += chunk_size)
    if (!raw_send (connection, chunk, (gsize) header_length + chunk_size + 2))
      return FALSE;
  return raw_send_text (connection, "0\r\n\r\n");
}

static void
test_oversized (void)
{
  static const char zero_sha[] =
    "0000000000000000000000000000000000000000000000000000000000000000";
  int annotations = feed_count ();

  /* A JSON body over 4 MiB with its true length: 413, and the next request on another
   * connection is answered. */
  {
    g_autoptr(GSocketConnection) connection = raw_open ();
    g_autofree char *head = request_head ("POST", "/api/v1/session", NULL,
                                          "Content-Type: application/json\r\n"
                                          "Content-Length: 5242880\r\n\r\n");
    g_autofree char *body = g_malloc (5242880);
    g_autofree char *code = NULL;

    memset (body, ' ', 5242880);
    g_assert_true (raw_send_text (connection, head));
    raw_send (connection, body, 5242880);
    g_assert_cmpuint (raw_read_answer (connection, &code), ==, 413);
    g_assert_cmpstr (code, ==, "too_large");
  }
  assert_alive ();

  /* The same for a blob over the server's limit (--max-blob-mib), with its true length. */
  {
    g_autoptr(GSocketConnection) connection = raw_open ();
    g_autofree char *extra = g_strdup_printf ("Content-Type: application/octet-stream\r\n"
                                              "Content-Length: %d\r\n\r\n",
                                              (MAX_BLOB_MIB + 1) * 1024 * 1024);
    g_autofree char *path = g_strconcat ("/api/v1/blobs/", zero_sha, NULL);
    g_autofree char *head = request_head ("PUT", path, s.secretary, extra);
    gsize size = (MAX_BLOB_MIB + 1) * 1024 * 1024;
    g_autofree char *body = g_malloc0 (size);
    g_autofree char *code = NULL;

    g_assert_true (raw_send_text (connection, head));
    raw_send (connection, body, size);
    g_assert_cmpuint (raw_read_answer (connection, &code), ==, 413);
    g_assert_cmpstr (code, ==, "too_large");
    blob_absent (zero_sha);
  }
  assert_alive ();

  /* A length that says less than is sent: the declared bytes are the request (not JSON:
   * 400), the rest is no request at all, and the connection is closed. */
  {
    g_autoptr(GSocketConnection) connection = raw_open ();
    g_autofree char *head = request_head ("POST", "/api/v1/session", NULL,
                                          "Content-Type: application/json\r\n"
                                          "Content-Length: 10\r\n\r\n");
    g_autofree char *body = g_malloc (1024 * 1024);
    g_autofree char *code = NULL;

    memset (body, '[', 1024 * 1024);
    memcpy (body, "{\"name\":\"x", 10);
    g_assert_true (raw_send_text (connection, head));
    raw_send (connection, body, 1024 * 1024);
    g_assert_cmpuint (raw_read_answer (connection, &code), ==, 400);
    g_assert_cmpstr (code, ==, "bad_request");
    g_assert_true (raw_closed (connection));
  }
  assert_alive ();

  /* A length that says more than is sent, then nothing: refused at once, or closed once
   * the body has stopped for the request timeout — not held. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GSocketConnection) connection = raw_open ();
      g_autofree char *path = g_strconcat ("/api/v1/blobs/", zero_sha, NULL);
      g_autofree char *head = i == 0
        ? request_head ("POST", "/api/v1/session", NULL,
                        "Content-Type: application/json\r\n"
                        "Content-Length: 1073741824\r\n\r\n{\"name\":")
        : request_head ("PUT", path, s.secretary,
                        "Content-Type: application/octet-stream\r\n"
                        "Content-Length: 3000000\r\n\r\n%PDF-1.4\n");
      gint64 start = g_get_monotonic_time ();
      g_autofree char *code = NULL;
      guint status;

      g_assert_true (raw_send_text (connection, head));
      status = raw_read_answer (connection, &code);
      g_test_message ("a stalled body (%s): %u %s after %" G_GINT64_FORMAT " ms",
                      i == 0 ? "JSON" : "blob", status, code,
                      (g_get_monotonic_time () - start) / 1000);
      if (status != 0)
        {
          g_assert_cmpuint (status, ==, i == 0 ? 413 : 400);
          g_assert_true (raw_closed (connection));
        }
      g_assert_cmpint (g_get_monotonic_time () - start, <,
                       (gint64) (2 * REQUEST_TIMEOUT + 3) * G_USEC_PER_SEC);
      assert_alive ();
    }
  blob_absent (zero_sha);

  /* 200 MB chunked, to a JSON route and as a blob: 413 both, and the server's memory
   * does not follow the body. */
  {
    guint64 before = server_rss_kib ();
    guint64 after;

    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(GSocketConnection) connection = raw_open ();
        g_autofree char *path = g_strconcat ("/api/v1/blobs/", zero_sha, NULL);
        g_autofree char *head = i == 0
          ? request_head ("POST", "/api/v1/session", NULL,
                          "Content-Type: application/json\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n")
          : request_head ("PUT", path, s.secretary,
                          "Content-Type: application/octet-stream\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n");
        g_autofree char *code = NULL;

        g_assert_true (raw_send_text (connection, head));
        g_assert_true (send_chunked_body (connection, 200 * 1000 * 1000, 65536, ' '));
        g_assert_cmpuint (raw_read_answer (connection, &code), ==, 413);
        g_assert_cmpstr (code, ==, "too_large");
      }
    after = server_rss_kib ();
    g_test_message ("server RSS before the 200 MB bodies %" G_GUINT64_FORMAT " KiB, after %"
                    G_GUINT64_FORMAT " KiB", before, after);
#ifndef __SANITIZE_ADDRESS__
    /* (ASan keeps freed memory in quarantine: the bound holds in the plain build.) */
    g_assert_cmpuint (after, <, before + 8 * 1024);
#endif
    blob_absent (zero_sha);
  }
  assert_alive ();
  g_assert_cmpint (feed_count (), ==, annotations);
}

/* 2. Deep JSON */

typedef struct {
  const char *method;
  const char *path;   /* {m} meeting, {o} body, {i} item, {d} document, {r} round, {a} the
                       * member's id */
  int         who;    /* 0 member, 1 chair, 2 secretary, 3 nobody */
} Route;

static const Route json_routes[] = {
  { "POST", "/api/v1/session", 3 },
  { "PUT", "/api/v1/session/pin", 0 },
  { "PUT", "/api/v1/accounts/{n}/pin", 2 },
  { "POST", "/api/v1/accounts/{n}/unlock", 2 },
  { "PUT", "/api/v1/meetings/{m}/packet", 2 },
  { "PUT", "/api/v1/meetings/{m}/status", 2 },
  { "POST", "/api/v1/meetings/{m}/attendance", 0 },
  { "PUT", "/api/v1/annotations/e7000000-0000-4000-8000-0000000000a1", 0 },
  { "DELETE", "/api/v1/annotations/e7000000-0000-4000-8000-0000000000a1", 0 },
  { "POST", "/api/v1/terminals", 3 },
  { "POST", "/api/v1/terminals/enrolments", 2 },
  { "POST", "/api/v1/meetings/{m}/votes", 1 },
  { "PUT", "/api/v1/meetings/{m}/items/{i}/conflict", 0 },
  { "PUT", "/api/v1/meetings/{m}/position", 1 },
  { "POST", "/api/v1/meetings/{m}/speakers", 0 },
  { "POST", "/api/v1/meetings/{m}/speakers/next", 1 },
  { "POST", "/api/v1/meetings/{m}/opinion-rounds", 2 },
  { "PUT", "/api/v1/meetings/{m}/opinion-rounds/{r}/answer", 0 },
  { "POST", "/api/v1/meetings/{m}/opinion-rounds/{r}/close", 2 },
  { "PUT", "/api/v1/meetings/{m}/documents/{d}", 2 },
  { "POST", "/api/v1/meetings/{m}/documents/{d}/retract", 2 },
  { "PUT", "/api/v1/bodies/{o}/lease", 2 },
  { "PUT", "/api/v1/meetings/{m}/items/{i}/clearance", 2 },
};

static char *
route_path (const char *pattern)
{
  g_autoptr(GString) path = g_string_new (pattern);

  g_string_replace (path, "{m}", s.meeting_id, 0);
  g_string_replace (path, "{o}", s.body_id, 0);
  g_string_replace (path, "{i}", s.item_id, 0);
  g_string_replace (path, "{d}", s.document_id, 0);
  g_string_replace (path, "{r}", s.round_id, 0);
  g_string_replace (path, "{n}", s.member_name, 0);
  return g_string_free (g_steal_pointer (&path), FALSE);
}

static const char *
route_token (const Route *route)
{
  switch (route->who)
    {
    case 0: return s.member;
    case 1: return s.chair;
    case 2: return s.secretary;
    default: return NULL;
    }
}

static void
test_deep_json (void)
{
  const gsize depth = 100000;
  g_autoptr(GString) arrays = g_string_new (NULL);
  g_autoptr(GString) objects = g_string_new (NULL);
  g_autoptr(GString) wrong = g_string_new (NULL);
  int annotations = feed_count ();

  for (gsize i = 0; i < depth; i++)
    {
      g_string_append_c (arrays, '[');
      g_string_append (objects, "{\"a\":");
    }
  for (guint i = 0; i < G_N_ELEMENTS (json_routes); i++)
    {
      g_autofree char *path = route_path (json_routes[i].path);
      const char *token = route_token (&json_routes[i]);
      g_autoptr(Answer) deep_arrays = send_bytes (json_routes[i].method, path, token,
                                                  arrays->str, arrays->len, NULL, NULL);
      g_autoptr(Answer) deep_objects = send_bytes (json_routes[i].method, path, token,
                                                   objects->str, objects->len, NULL, NULL);

      g_test_message ("%s %s: %u %s, %u %s", json_routes[i].method, json_routes[i].path,
                      deep_arrays->status, deep_arrays->code, deep_objects->status,
                      deep_objects->code);
      if (deep_arrays->status != 400 || g_strcmp0 (deep_arrays->code, "bad_request") != 0 ||
          deep_objects->status != 400 || g_strcmp0 (deep_objects->code, "bad_request") != 0)
        g_string_append_printf (wrong, "%s %s; ", json_routes[i].method, json_routes[i].path);
    }
  /* Every route is tried before the failure names those that answered otherwise. */
  g_assert_cmpstr (wrong->str, ==, "");
  assert_alive ();
  g_assert_cmpint (feed_count (), ==, annotations);
}

/* 3. Invalid UTF-8 */

static char *
note_json (const char *annotation_id,
           const char *text,
           gsize      *length)
{
  g_autofree char *operation_id = plenum_uuid_new ();
  g_autoptr(GString) json = g_string_new (NULL);

  g_string_append_printf (json, "{\"operation_id\":\"%s\",\"base_revision\":0,"
                          "\"annotation\":{\"id\":\"%s\",\"document_id\":\"%s\","
                          "\"document_sha256\":\"%s\",\"author_id\":\"%s\","
                          "\"revision\":0,\"kind\":\"note\",\"visibility\":\"private\","
                          "\"page\":0,\"color\":\"#1c359e\",\"width\":1.5,"
                          "\"position\":[10,10],\"text\":\"",
                          operation_id, annotation_id, s.document_id, s.sha256, s.member_id);
  /* @text may hold NUL bytes: its length is the caller's. */
  g_string_append_len (json, text, (gssize) *length);
  g_string_append (json, "\",\"conflict_of\":null,"
                   "\"created_at\":\"2026-11-27T18:00:00Z\","
                   "\"updated_at\":\"2026-11-27T18:00:00Z\"}}");
  *length = json->len;
  return g_string_free (g_steal_pointer (&json), FALSE);
}

typedef struct {
  const char *what;
  const char *bytes;
  gsize       length;
} Bad;

#define BAD(what, literal) { what, literal, sizeof literal - 1 }

static const Bad bad_texts[] = {
  BAD ("overlong '/'", "a\xc0\xaf" "b"),
  BAD ("overlong NUL", "a\xc0\x80" "b"),
  BAD ("overlong three bytes", "a\xe0\x80\xaf" "b"),
  BAD ("a surrogate", "a\xed\xa0\x80" "b"),
  BAD ("past U+10FFFF", "a\xf4\x90\x80\x80" "b"),
  BAD ("a truncated sequence", "a\xe1\xbb" "b"),
  BAD ("a lone continuation byte", "a\x80" "b"),
  BAD ("0xff", "a\xff" "b"),
  BAD ("a NUL byte", "a\0b"),
  BAD ("a \\u0000 escape", "a\\u0000b"),
  BAD ("an unpaired \\ud800", "a\\ud800b"),
  BAD ("an unpaired \\udc00", "a\\udc00b"),
};

static void
test_invalid_utf8 (void)
{
  int annotations = feed_count ();
  g_autofree char *round_path = g_strdup_printf ("/api/v1/meetings/%s/opinion-rounds/%s/answer",
                                                 s.meeting_id, s.round_id);
  g_autofree char *rounds_path = g_strdup_printf ("/api/v1/meetings/%s/opinion-rounds",
                                                  s.meeting_id);

  for (guint i = 0; i < G_N_ELEMENTS (bad_texts); i++)
    {
      const Bad *bad = &bad_texts[i];
      g_autofree char *annotation_id = plenum_uuid_new ();
      g_autofree char *annotation_path = g_strconcat ("/api/v1/annotations/", annotation_id,
                                                      NULL);
      gsize length = bad->length;
      g_autofree char *note = note_json (annotation_id, bad->bytes, &length);
      g_autoptr(GString) sign_in = g_string_new ("{\"name\":\"");
      g_autoptr(GString) answer_body = g_string_new (NULL);
      g_autoptr(GString) round_body = g_string_new (NULL);
      g_autofree char *operation_id = plenum_uuid_new ();
      g_autofree char *round_operation = plenum_uuid_new ();
      g_autoptr(Answer) note_answer = NULL;
      g_autoptr(Answer) sign_in_answer = NULL;
      g_autoptr(Answer) opinion_answer = NULL;
      g_autoptr(Answer) round_answer = NULL;

      g_test_message ("invalid text: %s", bad->what);
      note_answer = send_bytes ("PUT", annotation_path, s.member, note, length, NULL, NULL);
      assert_answer (note_answer, 400, "bad_request");

      g_string_append_len (sign_in, bad->bytes, (gssize) bad->length);
      g_string_append (sign_in, "\",\"pin\":\"1234\",\"terminal_id\":\"" TERMINAL_ID "\"}");
      sign_in_answer = send_bytes ("POST", "/api/v1/session", NULL, sign_in->str, sign_in->len,
                                   NULL, NULL);
      assert_answer (sign_in_answer, 400, "bad_request");

      g_string_append_printf (answer_body, "{\"operation_id\":\"%s\",\"stance\":\"disagree\","
                              "\"text\":\"", operation_id);
      g_string_append_len (answer_body, bad->bytes, (gssize) bad->length);
      g_string_append (answer_body, "\",\"comments\":[]}");
      opinion_answer = send_bytes ("PUT", round_path, s.member, answer_body->str,
                                   answer_body->len, NULL, NULL);
      assert_answer (opinion_answer, 400, "bad_request");

      g_string_append_printf (round_body, "{\"operation_id\":\"%s\",\"document_id\":\"%s\","
                              "\"title\":\"", round_operation, s.document_id);
      g_string_append_len (round_body, bad->bytes, (gssize) bad->length);
      g_string_append (round_body, "\",\"deadline\":\"2099-01-01T00:00:00Z\"}");
      round_answer = send_bytes ("POST", rounds_path, s.secretary, round_body->str,
                                 round_body->len, NULL, NULL);
      assert_answer (round_answer, 400, "bad_request");
    }
  g_assert_cmpint (feed_count (), ==, annotations);

  /* What is valid is stored as sent, as valid UTF-8: an escaped surrogate pair and
   * Vietnamese with combining marks, read back from the feed. */
  {
    static const char text[] = "Ghi chu\xcc\x81 \\ud83d\\ude00 \xe1\xbb\x87";
    static const char stored_text[] = "Ghi chu\xcc\x81 \xf0\x9f\x98\x80 \xe1\xbb\x87";
    g_autofree char *annotation_id = plenum_uuid_new ();
    g_autofree char *annotation_path = g_strconcat ("/api/v1/annotations/", annotation_id, NULL);
    gsize length = sizeof text - 1;
    g_autofree char *note = note_json (annotation_id, text, &length);
    g_autoptr(Answer) stored = send_bytes ("PUT", annotation_path, s.member, note, length, NULL,
                                           NULL);
    g_autofree char *feed_path = g_strdup_printf ("/api/v1/meetings/%s/annotations?since=0",
                                                  s.meeting_id);
    g_autoptr(Answer) feed = NULL;
    const cJSON *item;
    gboolean found = FALSE;

    g_assert_cmpuint (stored->status, ==, 200);
    g_assert_cmpstr (plenum_test_json_get_string (stored->json, "text"), ==, stored_text);
    feed = send_text ("GET", feed_path, s.member, NULL);
    g_assert_cmpuint (feed->status, ==, 200);
    cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (feed->json, "annotations"))
      if (g_str_equal (plenum_test_json_get_string (item, "id"), annotation_id))
        {
          g_assert_cmpstr (plenum_test_json_get_string (item, "text"), ==, stored_text);
          found = TRUE;
        }
    g_assert_true (found);
  }
  assert_alive ();
}

/* 4. Numbers out of range */

static const char *const bad_integers[] = {
  "-1", "9223372036854775808", "9223372036854775807", "18446744073709551616", "1e309",
  "-1e309", "1.5", "1e-3", "9007199254740992", "\"1\"", "null", "true", "[]",
};

static void
test_numbers (void)
{
  int annotations = feed_count ();
  g_autofree char *position_path = g_strdup_printf ("/api/v1/meetings/%s/position",
                                                    s.meeting_id);
  g_autofree char *lease_path = g_strdup_printf ("/api/v1/bodies/%s/lease", s.body_id);

  for (guint i = 0; i < G_N_ELEMENTS (bad_integers); i++)
    {
      const char *number = bad_integers[i];
      g_autofree char *annotation_id = plenum_uuid_new ();
      g_autofree char *annotation_path = g_strconcat ("/api/v1/annotations/", annotation_id,
                                                      NULL);
      g_autofree char *operation_id = plenum_uuid_new ();
      g_autofree char *page_note = NULL;
      g_autofree char *base_note = NULL;
      g_autofree char *position = NULL;
      g_autofree char *lease = NULL;
      g_autoptr(Answer) page_answer = NULL;
      g_autoptr(Answer) base_answer = NULL;
      g_autoptr(Answer) position_answer = NULL;
      g_autoptr(Answer) lease_answer = NULL;
      gsize length = 1;
      g_autoptr(GString) text = NULL;

      g_test_message ("number: %s", number);
      page_note = note_json (annotation_id, "x", &length);
      /* The page, then the base revision, set to @number. */
      text = g_string_new (page_note);
      {
        g_autofree char *replacement = g_strconcat ("\"page\":", number, NULL);

        g_string_replace (text, "\"page\":0", replacement, 1);
      }
      page_answer = send_bytes ("PUT", annotation_path, s.member, text->str, text->len, NULL,
                                NULL);
      assert_answer (page_answer, 400, "bad_request");
      g_string_free (text, TRUE);
      text = g_string_new (page_note);
      {
        g_autofree char *replacement = g_strconcat ("\"base_revision\":", number, NULL);

        g_string_replace (text, "\"base_revision\":0", replacement, 1);
      }
      base_answer = send_bytes ("PUT", annotation_path, s.member, text->str, text->len, NULL,
                                NULL);
      if (g_str_equal (number, "9223372036854775807") ||
          g_str_equal (number, "9007199254740992"))
        g_assert_cmpuint (base_answer->status, ==, 400);
      else
        assert_answer (base_answer, 400, "bad_request");

      position = g_strdup_printf ("{\"operation_id\":\"%s\",\"item_id\":\"%s\","
                                  "\"document_id\":\"%s\",\"page\":%s}", operation_id,
                                  s.item_id, s.document_id, number);
      position_answer = send_text ("PUT", position_path, s.chair, position);
      /* (null is a page: the document's start) */
      if (!g_str_equal (number, "null"))
        assert_answer (position_answer, 400, "bad_request");

      lease = g_strdup_printf ("{\"lease_seconds\":%s}", number);
      lease_answer = send_text ("PUT", lease_path, s.secretary, lease);
      assert_answer (lease_answer, 400, "bad_request");
    }

  /* Sequence numbers and revisions in the query and in Last-Event-ID. */
  {
    static const char *const bad_seqs[] = {
      "-1", "9223372036854775808", "99999999999999999999", "1e3", "1.5", "0x10", "+1", "",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad_seqs); i++)
      {
        g_autofree char *escaped = g_uri_escape_string (bad_seqs[i], NULL, FALSE);
        g_autofree char *events = g_strconcat ("/api/v1/events?after=", escaped, NULL);
        g_autofree char *feed = g_strdup_printf ("/api/v1/meetings/%s/annotations?since=%s",
                                                 s.meeting_id, escaped);
        g_autoptr(Answer) after = NULL;
        g_autoptr(Answer) header = NULL;
        g_autoptr(Answer) since = NULL;

        g_test_message ("sequence number: “%s”", bad_seqs[i]);
        if (bad_seqs[i][0] != '\0')
          {
            after = send_text ("GET", events, s.member, NULL);
            assert_answer (after, 400, "bad_request");
          }
        header = send_bytes ("GET", "/api/v1/events", s.member, NULL, 0, "Last-Event-ID",
                             bad_seqs[i]);
        assert_answer (header, 400, "bad_request");
        since = send_text ("GET", feed, s.member, NULL);
        assert_answer (since, 400, "bad_request");
      }
  }

  /* Range headers: an unsatisfiable one 416, anything unparsable ignored (200), never a
   * wrapped offset. */
  {
    static const struct { const char *range; guint status; gint64 length; } ranges[] = {
      { "bytes=-1-5", 200, -1 },
      { "bytes=0-18446744073709551616", 206, -1 },     /* clamped to the end */
      { "bytes=18446744073709551615-", 416, 0 },
      { "bytes=99999999999999999999-", 416, 0 },       /* past any end, not wrapped */
      { "bytes=9223372036854775807-9223372036854775807", 416, 0 },
      { "bytes=-9223372036854775808", 206, -1 },       /* more than the blob: all of it */
      { "bytes=-99999999999999999999", 206, -1 },
      { "bytes=1e3-", 200, -1 },
      { "bytes=1.5-2", 200, -1 },
      { "bytes=-0", 416, 0 },
      { "bytes=0-0", 206, 1 },
    };
    g_autofree char *blob_path = g_strconcat ("/api/v1/blobs/", s.sha256, NULL);

    for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
      {
        g_autoptr(Answer) answer = send_bytes ("GET", blob_path, s.member, NULL, 0, "Range",
                                               ranges[i].range);

        g_test_message ("Range: %s: %u, %zu bytes", ranges[i].range, answer->status,
                        answer->length);
        if (ranges[i].status == 416)
          assert_answer (answer, 416, "range_not_satisfiable");
        else
          {
            g_assert_cmpuint (answer->status, ==, ranges[i].status);
            g_assert_cmpint ((gint64) answer->length, ==,
                             ranges[i].length >= 0 ? ranges[i].length : s.size);
          }
      }
  }
  assert_alive ();
  g_assert_cmpint (feed_count (), ==, annotations);
}

/* 5. Absurd headers */

static void
test_headers (void)
{
  /* Each is refused (431, 414 or 400) or its connection closed without an answer. */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GSocketConnection) connection = raw_open ();
      g_autoptr(GString) request = g_string_new (NULL);
      g_autofree char *code = NULL;
      guint status;

      switch (i)
        {
        case 0: /* a 1 MB header line */
          g_string_append_printf (request, "GET /api/v1/server HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                  "X-Long: ");
          for (guint j = 0; j < 1024 * 1024; j++)
            g_string_append_c (request, 'a');
          g_string_append (request, "\r\n\r\n");
          break;
        case 1: /* 10 000 headers */
          g_string_append (request, "GET /api/v1/server HTTP/1.1\r\nHost: 127.0.0.1\r\n");
          for (guint j = 0; j < 10000; j++)
            g_string_append_printf (request, "X-Header-%u: %u\r\n", j, j);
          g_string_append (request, "\r\n");
          break;
        case 2: /* a 100 KB URL */
          g_string_append (request, "GET /api/v1/meetings/");
          for (guint j = 0; j < 100 * 1024; j++)
            g_string_append_c (request, 'a');
          g_string_append (request, " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
          break;
        default: /* a request line without an end */
          g_string_append (request, "GET /");
          for (guint j = 0; j < 1024 * 1024; j++)
            g_string_append_c (request, 'a');
          break;
        }
      raw_send (connection, request->str, request->len);
      status = raw_read_answer (connection, &code);
      g_test_message ("absurd header %u: %u", i, status);
      if (status != 0)
        g_assert_true (status == 431 || status == 414 || status == 400);
      assert_alive ();
    }

  /* Long but within the 64 KiB head: a URL of 60 KB naming nothing is 404 (sent raw:
   * libsoup's client is not what is tested here). */
  {
    g_autoptr(GSocketConnection) connection = raw_open ();
    g_autoptr(GString) path = g_string_new ("/api/v1/meetings/");
    g_autofree char *head = NULL;
    g_autofree char *code = NULL;

    for (guint j = 0; j < 60 * 1024; j++)
      g_string_append_c (path, 'a');
    head = request_head ("GET", path->str, s.member, "Connection: close\r\n\r\n");
    g_assert_true (raw_send_text (connection, head));
    g_assert_cmpuint (raw_read_answer (connection, &code), ==, 404);
    g_assert_cmpstr (code, ==, "not_found");
  }
  assert_alive ();
}

/* 6. Idle connections */

typedef struct {
  guint limit;
} FdLimit;

static gboolean
fds_at_most (gpointer user_data)
{
  return server_fd_count () <= ((FdLimit *) user_data)->limit;
}

static gboolean
fds_at_least (gpointer user_data)
{
  return server_fd_count () >= ((FdLimit *) user_data)->limit;
}

/* Raises the soft limit of this process's descriptors to @needed (never above the hard
 * limit); FALSE when the hard limit is lower. */
static gboolean
raise_own_fd_limit (guint needed)
{
  struct rlimit limit;

  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &limit), ==, 0);
  if (limit.rlim_cur >= needed)
    return TRUE;
  if (limit.rlim_max < needed)
    return FALSE;
  limit.rlim_cur = needed;
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &limit), ==, 0);
  return TRUE;
}

static void
test_idle_connections (void)
{
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  guint base = server_fd_count ();
  FdLimit held = { base + IDLE_CONNECTIONS * 9 / 10 };
  FdLimit freed = { base + 16 };
  gint64 start;

  if (!raise_own_fd_limit (IDLE_CONNECTIONS + 256))
    {
      g_test_skip ("The hard limit of descriptors is too low for this test");
      return;
    }

  /* Thousands of connections that send nothing, or half a request line, held… */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < IDLE_CONNECTIONS; i++)
    {
      GSocketConnection *connection = raw_open ();

      if (i % 2 == 1)
        g_assert_true (raw_send_text (connection, "GET /api/v1/ser"));
      g_ptr_array_add (connections, connection);
    }
  g_assert_true (wait_for (fds_at_least, &held, WAIT_MS) ||
                 /* (or already closed by the request timeout, on a slow machine) */
                 server_fd_count () < base + 16);
  g_test_message ("server descriptors: %u before, %u with %u idle connections (opened in %"
                  G_GINT64_FORMAT " ms)", base, server_fd_count (), IDLE_CONNECTIONS,
                  (g_get_monotonic_time () - start) / 1000);
  /* …while a normal client is answered in time. */
  for (guint i = 0; i < 5; i++)
    assert_alive ();
  /* Closed by the client: the server lets go. */
  g_ptr_array_set_size (connections, 0);
  g_assert_true (wait_for (fds_at_most, &freed, WAIT_MS));

  /* Held by the client: the server closes them itself after the request timeout, each
   * of them, and lets go. */
  /* (Kept-alive connections between two requests: test_kept_alive_connections().) */
  for (guint i = 0; i < 500; i++)
    {
      GSocketConnection *connection = raw_open ();

      if (i % 2 == 1)
        g_assert_true (raw_send_text (connection, "GET /api/v1/ser"));
      g_ptr_array_add (connections, connection);
    }
  start = g_get_monotonic_time ();
  for (guint i = 0; i < connections->len; i++)
    {
      if (!raw_closed (g_ptr_array_index (connections, i)))
        g_error ("connection %u was not closed (%u server descriptors)", i, server_fd_count ());
    }
  g_test_message ("500 idle connections closed by the server %" G_GINT64_FORMAT " ms after the "
                  "last was opened", (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <,
                   (gint64) (2 * REQUEST_TIMEOUT + 3) * G_USEC_PER_SEC);
  g_assert_true (wait_for (fds_at_most, &freed, WAIT_MS));
  g_ptr_array_set_size (connections, 0);
  assert_alive ();
}

/* Kept-alive connections that the client closes between two requests are let go
 * (libsoup 3.2 alone would keep each one's descriptor for as long as the server runs),
 * whether after one answer or several on the same connection; one left open is closed
 * by the server after six request timeouts. */
static void
test_kept_alive_connections (void)
{
  guint base = server_fd_count ();
  FdLimit freed = { base + 16 };
  g_autofree char *head = request_head ("GET", "/api/v1/server", NULL, "\r\n");
  g_autoptr(GSocketConnection) waiting = NULL;
  gint64 start;

  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GSocketConnection) connection = raw_open ();

      /* one request on half of them, three in a row on the others */
      for (guint j = 0; j < (i % 2 == 0 ? 1 : 3); j++)
        {
          g_assert_true (raw_send_text (connection, head));
          g_assert_cmpuint (raw_read_answer (connection, NULL), ==, 200);
        }
      /* closed here, by the client, while the server waits for its next request */
    }
  if (!wait_for (fds_at_most, &freed, WAIT_MS))
    g_error ("the server holds %u descriptors after 300 kept-alive connections were "
             "closed by their clients (%u before)", server_fd_count (), base);
  assert_alive ();

  /* Six request timeouts for a kept-alive connection (the server's KEPT_ALIVE_TIMEOUTS),
   * not one. */
  waiting = raw_open ();
  g_socket_set_timeout (g_socket_connection_get_socket (waiting), 10 * REQUEST_TIMEOUT + 10);
  g_assert_true (raw_send_text (waiting, head));
  g_assert_cmpuint (raw_read_answer (waiting, NULL), ==, 200);
  start = g_get_monotonic_time ();
  g_assert_true (raw_closed (waiting));
  g_assert_cmpint (g_get_monotonic_time () - start, >=,
                   (gint64) (6 * REQUEST_TIMEOUT) * G_USEC_PER_SEC - G_USEC_PER_SEC / 10);
  g_assert_cmpint (g_get_monotonic_time () - start, <,
                   (gint64) (7 * REQUEST_TIMEOUT + 3) * G_USEC_PER_SEC);
  g_assert_true (wait_for (fds_at_most, &freed, WAIT_MS));
}

/* The event stream is long-lived by design: the request timeout never closes it. */
static void
test_events_not_timed_out (void)
{
  g_autoptr(GSocketConnection) connection = raw_open ();
  g_autofree char *head = request_head ("GET", "/api/v1/events", s.member, "\r\n");
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GString) data = g_string_new (NULL);
  gint64 start = g_get_monotonic_time ();
  guint heartbeats = 0;

  g_assert_true (raw_send_text (connection, head));
  /* The heartbeat (1 s on this server) is the condition: until the stream has lived
   * three request timeouts, every read must bring data, never the end. */
  while (g_get_monotonic_time () - start < (gint64) 3 * REQUEST_TIMEOUT * G_USEC_PER_SEC)
    {
      char buffer[4096];
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (data, buffer, n);
      heartbeats++;
    }
  g_assert_true (g_str_has_prefix (data->str, "HTTP/1.1 200"));
  g_assert_cmpuint (heartbeats, >=, 2);
  assert_alive ();
}

/* 7. Slowloris */

typedef struct {
  GSocketConnection *connection;
  const char        *head;
  gsize              sent;
  gboolean           closed;  /* the server closed the connection before all was sent */
  GMainLoop         *loop;
} Slow;

static gboolean
on_slow_tick_cb (gpointer user_data)
{
  Slow *slow = user_data;

  if (slow->head[slow->sent] == '\0')
    {
      g_main_loop_quit (slow->loop);
      return G_SOURCE_REMOVE;
    }
  if (!raw_send (slow->connection, slow->head + slow->sent, 1))
    {
      slow->closed = TRUE;
      g_main_loop_quit (slow->loop);
      return G_SOURCE_REMOVE;
    }
  slow->sent++;
  return G_SOURCE_CONTINUE;
}

/* Whether the server closed the connection: a read that does not wait. */
static gboolean
on_slow_readable_cb (GSocket      *socket,
                     GIOCondition  condition,
                     gpointer      user_data)
{
  Slow *slow = user_data;
  char byte;
  gssize n = g_socket_receive (socket, &byte, 1, NULL, NULL);

  if (n <= 0)
    {
      slow->closed = TRUE;
      g_main_loop_quit (slow->loop);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gpointer
slow_thread (gpointer user_data)
{
  Slow *slow = user_data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) tick = g_timeout_source_new (100);
  g_autoptr(GSource) readable = g_socket_create_source (
    g_socket_connection_get_socket (slow->connection), G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);

  g_main_context_push_thread_default (context);
  slow->loop = g_main_loop_new (context, FALSE);
  g_source_set_callback (tick, on_slow_tick_cb, slow, NULL);
  g_source_attach (tick, context);
  g_source_set_callback (readable, (GSourceFunc) (void (*) (void)) on_slow_readable_cb, slow,
                         NULL);
  g_source_attach (readable, context);
  g_main_loop_run (slow->loop);
  g_source_destroy (tick);
  g_source_destroy (readable);
  g_clear_pointer (&slow->loop, g_main_loop_unref);
  g_main_context_pop_thread_default (context);
  return NULL;
}

static void
test_slowloris (void)
{
  g_autofree char *head = request_head ("GET", "/api/v1/meetings", s.member,
                                        "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n");
  Slow slows[4] = { { 0 } };
  GThread *threads[G_N_ELEMENTS (slows)];
  gint64 start = g_get_monotonic_time ();

  /* ~200 bytes, one per 100 ms: 20 s, far beyond the request timeout. */
  for (guint i = 0; i < G_N_ELEMENTS (slows); i++)
    {
      slows[i].connection = raw_open ();
      slows[i].head = head;
      threads[i] = g_thread_new ("slowloris", slow_thread, &slows[i]);
    }
  /* Meanwhile others are answered at once. */
  for (guint i = 0; i < 5; i++)
    assert_alive ();
  for (guint i = 0; i < G_N_ELEMENTS (slows); i++)
    {
      g_thread_join (threads[i]);
      g_assert_true (slows[i].closed);
      g_assert_cmpuint (slows[i].sent, <, strlen (head));
      g_object_unref (slows[i].connection);
    }
  g_test_message ("slowloris heads closed after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <,
                   (gint64) (2 * REQUEST_TIMEOUT + 3) * G_USEC_PER_SEC);
  assert_alive ();
}

/* A body that keeps coming, a byte every 100 ms (10 bytes a second, where the server
 * wants 1 KiB/s on average once a request timeout has passed), is closed like one that
 * stops, though no single wait reaches the request timeout. */
static void
test_slow_body (void)
{
  g_autofree char *body = g_strnfill (400, ' ');
  g_autofree char *extra = g_strdup_printf ("Content-Type: application/json\r\n"
                                            "Content-Length: %zu\r\n\r\n", strlen (body));
  g_autofree char *head = request_head ("POST", "/api/v1/session", NULL, extra);
  g_autofree char *request = g_strconcat (head, body, NULL);
  Slow slow = { 0 };
  GThread *thread;
  gint64 start = g_get_monotonic_time ();

  slow.connection = raw_open ();
  slow.head = request;
  /* the head at once, then the body slowly */
  g_assert_true (raw_send_text (slow.connection, head));
  slow.sent = strlen (head);
  thread = g_thread_new ("slow-body", slow_thread, &slow);
  assert_alive ();
  g_thread_join (thread);
  g_assert_true (slow.closed);
  g_assert_cmpuint (slow.sent, <, strlen (request));
  g_test_message ("a body at 10 bytes/s closed after %" G_GINT64_FORMAT " ms (%zu of %zu "
                  "bytes sent)", (g_get_monotonic_time () - start) / 1000,
                  slow.sent - strlen (head), strlen (body));
  g_assert_cmpint (g_get_monotonic_time () - start, <,
                   (gint64) (2 * REQUEST_TIMEOUT + 3) * G_USEC_PER_SEC);
  g_object_unref (slow.connection);
  assert_alive ();
}

/* Set-up */

/* "plenum-server:   ROLE  NAME  PIN 1234  (…)" from the demo's help. */
static void
demo_account (const char  *role,
              char       **name,
              char       **pin)
{
  g_autofree char *pattern = g_strdup_printf ("plenum-server:   %s +([^ ]+) +PIN ([0-9]+)", role);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_assert_true (g_regex_match (regex, plenum_test_server_get_output (server), 0, &match));
  *name = g_match_info_fetch (match, 1);
  *pin = g_match_info_fetch (match, 2);
}

static char *
sign_in_demo (const char  *role,
              char       **account_id,
              char       **account_name)
{
  g_autofree char *name = NULL;
  g_autofree char *pin = NULL;

  demo_account (role, &name, &pin);
  if (account_name != NULL)
    *account_name = g_strdup (name);
  return plenum_test_sign_in (session, plenum_test_server_get_url (server), name, pin,
                              TERMINAL_ID, account_id);
}

static void
set_up (void)
{
  const char *args[] = { "--demo", "--request-timeout-seconds", G_STRINGIFY (REQUEST_TIMEOUT),
                         "--max-blob-mib", G_STRINGIFY (MAX_BLOB_MIB),
                         "--heartbeat-seconds", "1", NULL };
  g_autoptr(GUri) uri = NULL;
  g_autoptr(Answer) meetings = NULL;
  g_autoptr(Answer) meeting = NULL;
  g_autoptr(Answer) rounds = NULL;
  g_autofree char *meeting_path = NULL;
  g_autofree char *rounds_path = NULL;
  const cJSON *item;

  server = plenum_test_server_start (NULL, args);
  g_assert_true (plenum_test_server_wait_output (server, "every demo account is listed"));
  uri = g_uri_parse (plenum_test_server_get_url (server), G_URI_FLAGS_NONE, NULL);
  port = (guint16) g_uri_get_port (uri);
  server_pid = find_server_pid (plenum_test_server_get_data_dir (server));
  g_assert_cmpint (server_pid, >, 0);

  s.member = sign_in_demo ("member    ", &s.member_id, &s.member_name);
  s.chair = sign_in_demo ("chair     ", NULL, NULL);
  s.secretary = sign_in_demo ("secretary ", NULL, NULL);

  meetings = send_text ("GET", "/api/v1/meetings", s.member, NULL);
  g_assert_cmpuint (meetings->status, ==, 200);
  /* The demo's meeting whose first item has documents. */
  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (meetings->json, "meetings"))
    {
      const char *id = plenum_test_json_get_string (item, "id");
      g_autofree char *path = g_strconcat ("/api/v1/meetings/", id, NULL);
      g_autoptr(Answer) one = send_text ("GET", path, s.member, NULL);
      const cJSON *agenda_item;

      g_assert_cmpuint (one->status, ==, 200);
      cJSON_ArrayForEach (agenda_item, cJSON_GetObjectItemCaseSensitive (one->json, "agenda"))
        {
          const cJSON *documents = cJSON_GetObjectItemCaseSensitive (agenda_item, "documents");

          if (s.meeting_id == NULL && cJSON_GetArraySize (documents) > 0 &&
              !plenum_test_json_get_bool (agenda_item, "closed_session"))
            {
              const cJSON *document = cJSON_GetArrayItem (documents, 0);

              s.meeting_id = g_strdup (id);
              s.body_id = g_strdup (plenum_test_json_get_string (item, "body_id"));
              s.item_id = g_strdup (plenum_test_json_get_string (agenda_item, "id"));
              s.document_id = g_strdup (plenum_test_json_get_string (document, "id"));
              s.sha256 = g_strdup (plenum_test_json_get_string (document, "sha256"));
              s.size = plenum_test_json_get_int (document, "size");
            }
        }
    }
  g_assert_nonnull (s.meeting_id);

  rounds_path = g_strdup_printf ("/api/v1/meetings/%s/opinion-rounds", s.meeting_id);
  {
    g_autofree char *operation_id = plenum_uuid_new ();
    g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\",\"document_id\":\"%s\","
                                             "\"title\":\"Xin ý kiến\","
                                             "\"deadline\":\"2099-01-01T00:00:00Z\"}",
                                             operation_id, s.document_id);

    rounds = send_text ("POST", rounds_path, s.secretary, body);
    g_assert_cmpuint (rounds->status, ==, 201);
    s.round_id = g_strdup (plenum_test_json_get_string (rounds->json, "id"));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);
  session = plenum_test_soup_session_new ("timeout", 60, NULL);
  set_up ();

  g_test_add_func ("/plenum/hostile/oversized", test_oversized);
  g_test_add_func ("/plenum/hostile/deep-json", test_deep_json);
  g_test_add_func ("/plenum/hostile/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/plenum/hostile/numbers", test_numbers);
  g_test_add_func ("/plenum/hostile/headers", test_headers);
  g_test_add_func ("/plenum/hostile/idle-connections", test_idle_connections);
  g_test_add_func ("/plenum/hostile/kept-alive-connections", test_kept_alive_connections);
  g_test_add_func ("/plenum/hostile/events-not-timed-out", test_events_not_timed_out);
  g_test_add_func ("/plenum/hostile/slowloris", test_slowloris);
  g_test_add_func ("/plenum/hostile/slow-body", test_slow_body);
  status = g_test_run ();

  plenum_test_server_stop (server);
  g_clear_pointer (&server, plenum_test_server_free);
  g_clear_object (&session);
  g_free (s.member);
  g_free (s.chair);
  g_free (s.secretary);
  g_free (s.member_id);
  g_free (s.member_name);
  g_free (s.meeting_id);
  g_free (s.body_id);
  g_free (s.item_id);
  g_free (s.document_id);
  g_free (s.sha256);
  g_free (s.round_id);
  return status;
}
