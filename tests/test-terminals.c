/* test-terminals.c — rooms and terminals (enrolment, terminal credentials, revocation,
 * readiness reports) and attendance check-in with idempotency records, over real HTTP to
 * the real plenum-server process on 127.0.0.1, port 0. See docs/protocol.md, "Rooms and
 * terminals" and "Attendance".
 *
 * One shared server holds two bodies, each sitting in a room of its own, and a meeting of
 * each body. Code expiry and the lockout against guessing get a server of their own, so
 * that their lock does not reach the other tests.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo-pdf.h>
#include <libsoup/soup.h>
#include <string.h>

#include "core/plenum-core.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-util.h"

#define WAIT_MS 20000

#define TERMINAL_1 "a1000000-0000-4000-8000-000000000001"
#define TERMINAL_2 "a1000000-0000-4000-8000-000000000002"
#define TERMINAL_3 "a1000000-0000-4000-8000-000000000003"
#define TERMINAL_4 "a1000000-0000-4000-8000-000000000004"
#define UNKNOWN_ID "a1000000-0000-4000-8000-0000000000ff"
#define MEETING_A  "b2000000-0000-4000-8000-00000000000a"
#define MEETING_B  "b2000000-0000-4000-8000-00000000000b"

#define ROOM_A "Phòng họp số 1"
#define ROOM_B "Phòng họp số 2"

static const char accounts_file[] =
  "{ \"accounts\": ["
  "    { \"name\": \"chu.tich\", \"display_name\": \"Chủ Tịch\", \"role\": \"member\", "
  "      \"pin\": \"1111\" },"
  "    { \"name\": \"uy.vien\", \"display_name\": \"Ủy Viên\", \"role\": \"member\", "
  "      \"pin\": \"2222\" },"
  "    { \"name\": \"ngoai.ban\", \"display_name\": \"Ngoài Ban\", \"role\": \"member\", "
  "      \"pin\": \"4444\" },"
  "    { \"name\": \"thu.ky\", \"display_name\": \"Thư Ký\", \"role\": \"secretary\", "
  "      \"pin\": \"9999\" } ],"
  "  \"bodies\": ["
  "    { \"name\": \"Ban A\", \"members\": [ \"chu.tich\", \"uy.vien\" ] },"
  "    { \"name\": \"Ban B\", \"members\": [ \"ngoai.ban\" ] } ],"
  "  \"rooms\": ["
  "    { \"name\": \"Phòng họp số 1\", \"bodies\": [ \"Ban A\" ] },"
  "    { \"name\": \"Phòng họp số 2\", \"bodies\": [ \"Ban B\" ] } ] }";

static SoupSession *session;
static PlenumTestServer *shared_server;
static char *secretary_token;
static char *blob_a;  /* the document of meeting A */
static char *blob_b;  /* the document of meeting B */

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

/* @authorization: a whole Authorization header value, or NULL. */
static Reply *
http (const char *url,
      const char *method,
      const char *path,
      const char *authorization,
      GBytes     *body,
      const char *content_type)
{
  g_autofree char *uri = g_strconcat (url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  Reply *reply = g_new0 (Reply, 1);
  const char *type;

  g_assert_nonnull (msg);
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  authorization);
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

static char *
bearer (const char *token)
{
  return g_strconcat ("Bearer ", token, NULL);
}

static char *
terminal_auth (const char *credential)
{
  return g_strconcat ("Terminal ", credential, NULL);
}

static Reply *
get (const char *url,
     const char *path,
     const char *authorization)
{
  return http (url, "GET", path, authorization, NULL, NULL);
}

static Reply *
send_json (const char *url,
           const char *method,
           const char *path,
           const char *authorization,
           const char *json)
{
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  return http (url, method, path, authorization, body, "application/json");
}

static const char *
json_string (const cJSON *object,
             const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  g_assert_true (cJSON_IsString (item));
  return item->valuestring;
}

static void
assert_status (Reply *reply,
               guint  status)
{
  if (reply->status != status)
    g_test_message ("answer: %.*s", (int) g_bytes_get_size (reply->body),
                    (const char *) g_bytes_get_data (reply->body, NULL));
  g_assert_cmpuint (reply->status, ==, status);
}

static void
assert_error (Reply      *reply,
              guint       status,
              const char *code)
{
  const cJSON *error;

  assert_status (reply, status);
  g_assert_nonnull (reply->json);
  error = cJSON_GetObjectItemCaseSensitive (reply->json, "error");
  g_assert_true (cJSON_IsObject (error));
  g_assert_cmpstr (json_string (error, "code"), ==, code);
}

static char *
sign_in_on (const char *url,
            const char *name,
            const char *pin,
            const char *terminal_id)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"pin\":\"%s\","
                                           "\"terminal_id\":\"%s\"}", name, pin, terminal_id);
  g_autoptr(Reply) reply = send_json (url, "POST", "/api/v1/session", NULL, body);

  assert_status (reply, 201);
  return bearer (json_string (reply->json, "token"));
}

/* Servers */

static char *
seeded_data_dir (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("accounts");
  g_autofree char *path = g_build_filename (dir, "accounts.json", NULL);
  char *data_dir = plenum_test_mkdtemp ("server");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--data-dir", data_dir, "--import-accounts", path, NULL };

  g_file_set_contents (path, accounts_file, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plenum_test_server_run (args, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "imported 4 accounts and 2 bodies"));
  return data_dir;
}

static cairo_status_t
append_pdf_bytes (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_pdf (const char *text)
{
  GByteArray *bytes = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_pdf_bytes, bytes,
                                                                  595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_move_to (cr, 72, 72);
  cairo_show_text (cr, text);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (bytes);
}

static char *
upload_pdf (const char *url,
            const char *text)
{
  g_autoptr(GBytes) pdf = make_pdf (text);
  g_autofree char *sha = plenum_sha256_hex (g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  g_autofree char *path = g_strconcat ("/api/v1/blobs/", sha, NULL);
  g_autoptr(Reply) reply = http (url, "PUT", path, secretary_token, pdf,
                                 "application/octet-stream");

  assert_status (reply, 201);
  return g_steal_pointer (&sha);
}

/* The id of body @name and of its first member. */
static void
lookup_body (const char  *url,
             const char  *name,
             char       **body_id,
             char       **member_id)
{
  g_autoptr(Reply) reply = get (url, "/api/v1/bodies", secretary_token);
  const cJSON *body;

  assert_status (reply, 200);
  cJSON_ArrayForEach (body, cJSON_GetObjectItemCaseSensitive (reply->json, "bodies"))
    if (g_str_equal (json_string (body, "name"), name))
      {
        *body_id = g_strdup (json_string (body, "id"));
        *member_id = g_strdup (json_string (
          cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (body, "members"), 0), "id"));
      }
  g_assert_nonnull (*body_id);
}

static void
publish (const char *url,
         const char *meeting_id,
         const char *body_name,
         const char *blob)
{
  g_autoptr(GDateTime) starts_at = g_date_time_new_utc (2026, 12, 1, 1, 0, 0);
  g_autoptr(PlenumPacketManifest) manifest = NULL;
  g_autoptr(cJSON) json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Reply) reply = NULL;
  g_autofree char *operation_id = g_uuid_string_random ();
  g_autofree char *body_id = NULL;
  g_autofree char *chair_id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/packet", meeting_id);

  lookup_body (url, body_name, &body_id, &chair_id);
  manifest = plenum_packet_manifest_new (operation_id, body_id, "Hội nghị", starts_at,
                                         NULL, chair_id, NULL);
  g_assert_true (plenum_packet_manifest_add_item (manifest, "1", "Báo cáo", FALSE, &error));
  g_assert_true (plenum_packet_manifest_add_item (manifest, "2", "Nhân sự", TRUE, &error));
  g_assert_no_error (error);
  plenum_packet_manifest_add_document (manifest, 0, "Báo cáo", blob, FALSE);
  json = plenum_packet_manifest_to_json (manifest);
  text = plenum_json_print (json);
  reply = send_json (url, "PUT", path, secretary_token, text);
  assert_status (reply, 200);
}

static const char *
base (void)
{
  if (shared_server == NULL)
    {
      g_autofree char *data_dir = seeded_data_dir ();
      const char *args[] = { "--heartbeat-seconds", "1", NULL };
      const char *url;

      shared_server = plenum_test_server_start (data_dir, args);
      url = plenum_test_server_get_url (shared_server);
      secretary_token = sign_in_on (url, "thu.ky", "9999", UNKNOWN_ID);
      blob_a = upload_pdf (url, "Tài liệu A");
      blob_b = upload_pdf (url, "Tài liệu B");
      publish (url, MEETING_A, "Ban A", blob_a);
      publish (url, MEETING_B, "Ban B", blob_b);
    }
  return plenum_test_server_get_url (shared_server);
}

/* Enrolment */

static Reply *
create_enrolment (const char *url,
                  const char *authorization,
                  const char *room,
                  const char *name)
{
  g_autofree char *body = g_strdup_printf ("{\"room\":\"%s\",\"name\":\"%s\"}", room, name);

  return send_json (url, "POST", "/api/v1/terminals/enrolments", authorization, body);
}

static Reply *
redeem (const char *url,
        const char *code,
        const char *terminal_id)
{
  g_autofree char *body = g_strdup_printf ("{\"code\":\"%s\",\"terminal_id\":\"%s\"}", code,
                                           terminal_id);

  return send_json (url, "POST", "/api/v1/terminals", NULL, body);
}

/* Enrols @terminal_id in @room and returns "Terminal CREDENTIAL". */
static char *
enrol (const char *url,
       const char *room,
       const char *name,
       const char *terminal_id)
{
  g_autoptr(Reply) created = create_enrolment (url, secretary_token, room, name);
  g_autoptr(Reply) redeemed = NULL;

  assert_status (created, 201);
  redeemed = redeem (url, json_string (created->json, "code"), terminal_id);
  assert_status (redeemed, 201);
  return terminal_auth (json_string (redeemed->json, "credential"));
}

static gboolean
is_code (const char *code)
{
  if (strlen (code) != 11 || code[5] != '-')
    return FALSE;
  for (guint i = 0; i < 11; i++)
    if (i != 5 && !g_ascii_isdigit (code[i]))
      return FALSE;
  return TRUE;
}

/* The entry of GET /api/v1/terminals for @terminal_id. */
static const cJSON *
find_terminal (Reply      *list,
               const char *terminal_id)
{
  const cJSON *terminal;

  cJSON_ArrayForEach (terminal, cJSON_GetObjectItemCaseSensitive (list->json, "terminals"))
    if (g_str_equal (json_string (terminal, "id"), terminal_id))
      return terminal;
  return NULL;
}

static void
test_enrolment (void)
{
  const char *url = base ();
  g_autofree char *member = sign_in_on (url, "chu.tich", "1111", UNKNOWN_ID);
  g_autoptr(Reply) created = create_enrolment (url, secretary_token, ROOM_A, "Ghế 05");
  g_autoptr(Reply) by_member = create_enrolment (url, member, ROOM_A, "Ghế 06");
  g_autoptr(Reply) no_room = create_enrolment (url, secretary_token, "Phòng khác", "Ghế 06");
  g_autoptr(Reply) redeemed = NULL;
  g_autoptr(Reply) again = NULL;
  g_autoptr(Reply) malformed = NULL;
  g_autoptr(Reply) spaced = NULL;
  g_autoptr(Reply) list = NULL;
  g_autoptr(Reply) listed_by_member = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *code = NULL;
  g_autofree char *digits = NULL;
  const cJSON *room;
  const cJSON *terminal;
  const char *credential;

  assert_status (created, 201);
  g_assert_cmpstr (soup_message_headers_get_one (created->headers, "Cache-Control"), ==,
                   "no-store");
  code = g_strdup (json_string (created->json, "code"));
  g_assert_true (is_code (code));
  g_assert_cmpstr (json_string (created->json, "name"), ==, "Ghế 05");
  room = cJSON_GetObjectItemCaseSensitive (created->json, "room");
  g_assert_cmpstr (json_string (room, "name"), ==, ROOM_A);
  g_assert_true (plenum_is_uuid (json_string (room, "id")));
  expires_at = plenum_time_parse (json_string (created->json, "expires_at"));
  g_assert_nonnull (expires_at);
  /* 24 h by default. */
  g_assert_cmpint (g_date_time_difference (expires_at, now), >, 23 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (g_date_time_difference (expires_at, now), <=, 25 * G_TIME_SPAN_HOUR);
  assert_error (by_member, 403, "forbidden");
  assert_error (no_room, 404, "not_found");

  /* Redeemed once, typed with a space instead of the dash. */
  digits = g_strdup (code);
  digits[5] = ' ';
  redeemed = redeem (url, digits, TERMINAL_1);
  assert_status (redeemed, 201);
  g_assert_cmpstr (soup_message_headers_get_one (redeemed->headers, "Cache-Control"), ==,
                   "no-store");
  g_assert_cmpstr (json_string (redeemed->json, "terminal_id"), ==, TERMINAL_1);
  g_assert_cmpstr (json_string (redeemed->json, "name"), ==, "Ghế 05");
  g_assert_cmpstr (json_string (cJSON_GetObjectItemCaseSensitive (redeemed->json, "room"),
                                "name"), ==, ROOM_A);
  credential = json_string (redeemed->json, "credential");
  g_assert_cmpuint (strlen (credential), ==, 64);
  for (const char *p = credential; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p));

  /* A code works once. */
  again = redeem (url, code, TERMINAL_2);
  assert_error (again, 400, "enrolment_invalid");
  malformed = redeem (url, "1234", TERMINAL_2);
  assert_error (malformed, 400, "bad_request");
  spaced = redeem (url, "12a45-67890", TERMINAL_2);
  assert_error (spaced, 400, "bad_request");

  list = get (url, "/api/v1/terminals", secretary_token);
  assert_status (list, 200);
  terminal = find_terminal (list, TERMINAL_1);
  g_assert_nonnull (terminal);
  g_assert_cmpstr (json_string (terminal, "name"), ==, "Ghế 05");
  g_assert_true (cJSON_IsFalse (cJSON_GetObjectItemCaseSensitive (terminal, "revoked")));
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (terminal, "status")));
  g_assert_nonnull (plenum_time_parse (json_string (terminal, "enrolled_at")));
  g_assert_null (find_terminal (list, TERMINAL_2));
  listed_by_member = get (url, "/api/v1/terminals", member);
  assert_error (listed_by_member, 403, "forbidden");
}

typedef struct {
  gint64 until_us;
} Deadline;

static gboolean
deadline_passed (gpointer user_data)
{
  return g_get_real_time () >= ((Deadline *) user_data)->until_us;
}

/* Its own server: codes that live 1 s, and redemption locked for a minute after five
 * failures in a row. Also --enrol-terminal on the command line. */
static void
test_enrolment_expiry_and_lockout (void)
{
  g_autofree char *data_dir = seeded_data_dir ();
  g_autofree char *cli_out = NULL;
  const char *cli_args[] = { "--data-dir", data_dir, "--enrol-terminal", ROOM_B, "Ghế 01",
                             NULL };
  const char *bad_cli_args[] = { "--data-dir", data_dir, "--enrol-terminal", "Không có",
                                 "Ghế 01", NULL };
  const char *args[] = { "--enrolment-lifetime-seconds", "1", "--pin-lockout-seconds", "60",
                         NULL };
  g_autoptr(PlenumTestServer) server = NULL;
  g_autofree char *cli_code = NULL;
  g_autofree char *expired_code = NULL;
  g_autoptr(Reply) cli_redeemed = NULL;
  g_autoptr(Reply) created = NULL;
  g_autoptr(Reply) fresh = NULL;
  g_autoptr(Reply) expired = NULL;
  g_autoptr(Reply) locked = NULL;
  g_autoptr(Reply) right_but_locked = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  g_autofree char *secretary = NULL;
  const char *marker;
  const char *url;
  Deadline deadline;

  /* The command line prints a code the server takes. */
  g_assert_cmpint (plenum_test_server_run (cli_args, &cli_out, NULL), ==, 0);
  marker = strstr (cli_out, "enrolment code: ");
  g_assert_nonnull (marker);
  cli_code = g_strndup (marker + strlen ("enrolment code: "), 11);
  g_assert_true (is_code (cli_code));
  g_assert_cmpint (plenum_test_server_run (bad_cli_args, NULL, NULL), ==, 1);

  server = plenum_test_server_start (data_dir, args);
  url = plenum_test_server_get_url (server);
  secretary = sign_in_on (url, "thu.ky", "9999", UNKNOWN_ID);
  cli_redeemed = redeem (url, cli_code, TERMINAL_1);
  assert_status (cli_redeemed, 201);
  g_assert_cmpstr (json_string (cli_redeemed->json, "name"), ==, "Ghế 01");

  /* An expired code is refused. */
  created = create_enrolment (url, secretary, ROOM_A, "Ghế 02");
  assert_status (created, 201);
  expired_code = g_strdup (json_string (created->json, "code"));
  expires_at = plenum_time_parse (json_string (created->json, "expires_at"));
  deadline.until_us = g_date_time_to_unix (expires_at) * G_USEC_PER_SEC + G_USEC_PER_SEC / 10;
  g_assert_true (plenum_test_wait_until (NULL, deadline_passed, &deadline, WAIT_MS));
  expired = redeem (url, expired_code, TERMINAL_2);
  assert_error (expired, 400, "enrolment_invalid");

  /* Failures 2 to 4 are refused as invalid, the fifth locks redemption: even a right code
   * gets 429 while the lock lasts. */
  for (guint i = 2; i <= 4; i++)
    {
      g_autofree char *guess = g_strdup_printf ("00000-0000%u", i);
      g_autoptr(Reply) reply = redeem (url, guess, TERMINAL_2);

      assert_error (reply, 400, "enrolment_invalid");
    }
  locked = redeem (url, "00000-00005", TERMINAL_2);
  assert_error (locked, 429, "too_many_attempts");
  g_assert_nonnull (soup_message_headers_get_one (locked->headers, "Retry-After"));

  fresh = create_enrolment (url, secretary, ROOM_A, "Ghế 03");
  assert_status (fresh, 201);
  right_but_locked = redeem (url, json_string (fresh->json, "code"), TERMINAL_3);
  assert_error (right_but_locked, 429, "too_many_attempts");
}

/* Terminal credentials see their room's meetings only */

static gboolean
list_has_meeting (Reply      *reply,
                  const char *meeting_id)
{
  const cJSON *meeting;

  cJSON_ArrayForEach (meeting, cJSON_GetObjectItemCaseSensitive (reply->json, "meetings"))
    if (g_str_equal (json_string (meeting, "id"), meeting_id))
      return TRUE;
  return FALSE;
}

/* Event streams */

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_terminal_visibility (void)
{
  const char *url = base ();
  g_autofree char *terminal = enrol (url, ROOM_A, "Ghế 07", TERMINAL_2);
  g_autofree char *blob_a_path = g_strconcat ("/api/v1/blobs/", blob_a, NULL);
  g_autofree char *blob_b_path = g_strconcat ("/api/v1/blobs/", blob_b, NULL);
  g_autoptr(Reply) meetings = get (url, "/api/v1/meetings", terminal);
  g_autoptr(Reply) meeting_a = get (url, "/api/v1/meetings/" MEETING_A, terminal);
  g_autoptr(Reply) meeting_b = get (url, "/api/v1/meetings/" MEETING_B, terminal);
  g_autoptr(Reply) fetched_a = get (url, blob_a_path, terminal);
  g_autoptr(Reply) fetched_b = get (url, blob_b_path, terminal);
  g_autoptr(Reply) bodies = get (url, "/api/v1/bodies", terminal);
  g_autoptr(Reply) terminals = get (url, "/api/v1/terminals", terminal);
  g_autoptr(Reply) unknown = get (url, "/api/v1/meetings",
                                  "Terminal 0000000000000000000000000000000000000000000000000000"
                                  "000000000000");
  g_autoptr(Reply) outsider_meetings = NULL;
  g_autoptr(Reply) outsider_meeting_a = NULL;
  g_autoptr(Reply) list = NULL;
  g_autofree char *outsider = NULL;
  PlenumTestStream *stream;

  assert_status (meetings, 200);
  g_assert_true (list_has_meeting (meetings, MEETING_A));
  g_assert_false (list_has_meeting (meetings, MEETING_B));
  assert_status (meeting_a, 200);
  assert_error (meeting_b, 404, "not_found");
  assert_status (fetched_a, 200);
  g_assert_cmpuint (g_bytes_get_size (fetched_a->body), >, 0);
  assert_error (fetched_b, 404, "not_found");
  assert_error (bodies, 403, "forbidden");
  assert_error (terminals, 403, "forbidden");
  assert_error (unknown, 401, "unauthorized");

  /* The stream replays the room's meeting, not the other one. */
  stream = plenum_test_stream_open (session, url, terminal, "?after=0");
  plenum_test_stream_wait_text (stream, MEETING_A);
  g_assert_null (strstr (stream->text->str, MEETING_B));
  plenum_test_stream_close (stream);

  /* A member of the other body signs in on this terminal: their own meetings only. */
  outsider = sign_in_on (url, "ngoai.ban", "4444", TERMINAL_2);
  outsider_meetings = get (url, "/api/v1/meetings", outsider);
  assert_status (outsider_meetings, 200);
  g_assert_true (list_has_meeting (outsider_meetings, MEETING_B));
  g_assert_false (list_has_meeting (outsider_meetings, MEETING_A));
  outsider_meeting_a = get (url, "/api/v1/meetings/" MEETING_A, outsider);
  assert_error (outsider_meeting_a, 404, "not_found");

  /* The terminal has been seen. */
  list = get (url, "/api/v1/terminals", secretary_token);
  g_assert_nonnull (plenum_time_parse (json_string (find_terminal (list, TERMINAL_2),
                                                    "last_seen")));
}

static void
test_revocation (void)
{
  const char *url = base ();
  g_autofree char *terminal = enrol (url, ROOM_A, "Ghế 08", TERMINAL_3);
  g_autofree char *member = sign_in_on (url, "chu.tich", "1111", UNKNOWN_ID);
  g_autoptr(Reply) by_member = http (url, "DELETE", "/api/v1/terminals/" TERMINAL_3, member,
                                     NULL, NULL);
  g_autoptr(Reply) revoked = NULL;
  g_autoptr(Reply) again = NULL;
  g_autoptr(Reply) unknown = NULL;
  g_autoptr(Reply) refused = NULL;
  g_autoptr(Reply) refused_status = NULL;
  g_autoptr(Reply) list = NULL;
  g_autoptr(Reply) relisted = NULL;
  g_autoptr(Reply) renewed_meetings = NULL;
  g_autoptr(Reply) old_credential = NULL;
  g_autoptr(Reply) replaced = NULL;
  g_autofree char *renewed = NULL;
  g_autofree char *renewed_again = NULL;
  PlenumTestStream *stream;

  assert_error (by_member, 403, "forbidden");

  stream = plenum_test_stream_open (session, url, terminal, "");
  revoked = http (url, "DELETE", "/api/v1/terminals/" TERMINAL_3, secretary_token, NULL, NULL);
  assert_status (revoked, 204);
  /* Its open stream is ended at once. */
  plenum_test_stream_wait_end (stream);
  plenum_test_stream_close (stream);

  refused = get (url, "/api/v1/meetings", terminal);
  assert_error (refused, 401, "terminal_revoked");
  refused_status = send_json (url, "PUT", "/api/v1/terminals/" TERMINAL_3 "/status", terminal,
                              "{\"reported_at\":\"2026-11-27T18:00:00Z\",\"meetings\":[]}");
  assert_error (refused_status, 401, "terminal_revoked");

  again = http (url, "DELETE", "/api/v1/terminals/" TERMINAL_3, secretary_token, NULL, NULL);
  assert_status (again, 204);
  unknown = http (url, "DELETE", "/api/v1/terminals/" UNKNOWN_ID, secretary_token, NULL, NULL);
  assert_error (unknown, 404, "not_found");

  list = get (url, "/api/v1/terminals", secretary_token);
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (find_terminal (list,
                                                                                TERMINAL_3),
                                                                 "revoked")));

  /* A new code enrols it afresh: a new credential, no longer revoked; the old credential
   * is unknown now, and a second re-enrolment ends the streams of the one before. */
  renewed = enrol (url, ROOM_A, "Ghế 08b", TERMINAL_3);
  renewed_meetings = get (url, "/api/v1/meetings", renewed);
  assert_status (renewed_meetings, 200);
  old_credential = get (url, "/api/v1/meetings", terminal);
  assert_error (old_credential, 401, "unauthorized");
  relisted = get (url, "/api/v1/terminals", secretary_token);
  g_assert_true (cJSON_IsFalse (cJSON_GetObjectItemCaseSensitive (find_terminal (relisted,
                                                                                 TERMINAL_3),
                                                                  "revoked")));
  g_assert_cmpstr (json_string (find_terminal (relisted, TERMINAL_3), "name"), ==, "Ghế 08b");
  stream = plenum_test_stream_open (session, url, renewed, "");
  renewed_again = enrol (url, ROOM_A, "Ghế 08c", TERMINAL_3);
  plenum_test_stream_wait_end (stream);
  plenum_test_stream_close (stream);
  replaced = get (url, "/api/v1/meetings", renewed);
  assert_error (replaced, 401, "unauthorized");
}

static void
test_status (void)
{
  const char *url = base ();
  g_autofree char *terminal = enrol (url, ROOM_A, "Ghế 09", TERMINAL_4);
  g_autofree char *report = g_strdup_printf (
    "{\"reported_at\":\"2026-11-27T18:00:00Z\",\"meetings\":[{\"meeting_id\":\"%s\","
    "\"packet_version\":1,\"documents_total\":1,\"documents_done\":0,"
    "\"bytes_total\":1000,\"bytes_done\":400}]}", MEETING_A);
  g_autoptr(Reply) put = send_json (url, "PUT", "/api/v1/terminals/" TERMINAL_4 "/status",
                                    terminal, report);
  g_autoptr(Reply) other = send_json (url, "PUT", "/api/v1/terminals/" TERMINAL_2 "/status",
                                      terminal, report);
  g_autoptr(Reply) bad = send_json (url, "PUT", "/api/v1/terminals/" TERMINAL_4 "/status",
                                    terminal,
                                    "{\"reported_at\":\"2026-11-27T18:00:00Z\",\"meetings\":"
                                    "[{\"meeting_id\":\"" MEETING_A "\",\"packet_version\":1,"
                                    "\"documents_total\":1,\"documents_done\":2,"
                                    "\"bytes_total\":1,\"bytes_done\":0}]}");
  g_autoptr(Reply) list = NULL;
  g_autoptr(Reply) member_put = NULL;
  g_autoptr(Reply) member_other = NULL;
  g_autofree char *member = NULL;
  const cJSON *status;
  const cJSON *meeting;

  assert_status (put, 204);
  assert_error (other, 403, "forbidden");
  assert_error (bad, 400, "bad_request");

  list = get (url, "/api/v1/terminals", secretary_token);
  status = cJSON_GetObjectItemCaseSensitive (find_terminal (list, TERMINAL_4), "status");
  g_assert_true (cJSON_IsObject (status));
  g_assert_cmpstr (json_string (status, "reported_at"), ==, "2026-11-27T18:00:00Z");
  g_assert_nonnull (plenum_time_parse (json_string (status, "received_at")));
  meeting = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (status, "meetings"), 0);
  g_assert_cmpstr (json_string (meeting, "meeting_id"), ==, MEETING_A);
  g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (meeting, "bytes_done")->valueint, ==,
                   400);

  /* A member signed in on the terminal may report for it, not for another. */
  member = sign_in_on (url, "uy.vien", "2222", TERMINAL_4);
  member_put = send_json (url, "PUT", "/api/v1/terminals/" TERMINAL_4 "/status", member,
                          report);
  assert_status (member_put, 204);
  member_other = send_json (url, "PUT", "/api/v1/terminals/" TERMINAL_2 "/status", member,
                            report);
  assert_error (member_other, 403, "forbidden");
}

/* Attendance */

static Reply *
check_in (const char *url,
          const char *authorization,
          const char *meeting_id,
          const char *operation_id,
          gboolean    present)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/attendance", meeting_id);
  g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\",\"present\":%s}",
                                           operation_id, present ? "true" : "false");

  return send_json (url, "POST", path, authorization, body);
}

static void
test_attendance (void)
{
  const char *url = base ();
  g_autofree char *chair = sign_in_on (url, "chu.tich", "1111", TERMINAL_1);
  g_autofree char *member = sign_in_on (url, "uy.vien", "2222", UNKNOWN_ID);
  g_autofree char *outsider = sign_in_on (url, "ngoai.ban", "4444", UNKNOWN_ID);
  g_autofree char *operation = g_uuid_string_random ();
  g_autofree char *closed_operation = g_uuid_string_random ();
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) replay = NULL;
  g_autoptr(Reply) spaced_replay = NULL;
  g_autoptr(Reply) different = NULL;
  g_autoptr(Reply) not_member = NULL;
  g_autoptr(Reply) secretary = NULL;
  g_autoptr(Reply) list = NULL;
  g_autoptr(Reply) outsider_list = NULL;
  g_autoptr(Reply) close = NULL;
  g_autoptr(Reply) closed = NULL;
  g_autoptr(Reply) replay_after_close = NULL;
  g_autoptr(Reply) reopen = NULL;
  g_autoptr(Reply) bad_status = NULL;
  g_autofree char *spaced_json = NULL;
  const cJSON *rows;
  const cJSON *row;
  PlenumTestStream *stream;

  /* A member of the body sees the event on their stream. */
  stream = plenum_test_stream_open (session, url, member, "");

  first = check_in (url, chair, MEETING_A, operation, TRUE);
  assert_status (first, 200);
  g_assert_cmpstr (json_string (first->json, "meeting_id"), ==, MEETING_A);
  g_assert_true (plenum_is_uuid (json_string (first->json, "account_id")));
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (first->json, "present")));
  g_assert_nonnull (plenum_time_parse (json_string (first->json, "checked_in_at")));

  /* The whole event, to its account id and "present". */
  plenum_test_stream_wait_text (stream, "\"present\":true");
  g_assert_nonnull (strstr (stream->text->str, "\"type\":\"attendance.changed\""));
  g_assert_nonnull (strstr (stream->text->str, json_string (first->json, "account_id")));

  /* The same operation again: the same answer, byte for byte, and nothing changes. */
  replay = check_in (url, chair, MEETING_A, operation, TRUE);
  assert_status (replay, 200);
  g_assert_true (g_bytes_equal (replay->body, first->body));
  spaced_json = g_strdup_printf ("{ \"operation_id\" : \"%s\",\n  \"present\" : true }",
                                 operation);
  spaced_replay = send_json (url, "POST", "/api/v1/meetings/" MEETING_A "/attendance", chair,
                             spaced_json);
  assert_status (spaced_replay, 200);
  g_assert_true (g_bytes_equal (spaced_replay->body, first->body));

  /* The same operation id with another body is a conflict. */
  different = check_in (url, chair, MEETING_A, operation, FALSE);
  assert_error (different, 409, "conflict");

  not_member = check_in (url, outsider, MEETING_A, operation, TRUE);
  assert_error (not_member, 404, "not_found");
  secretary = check_in (url, secretary_token, MEETING_A, operation, TRUE);
  assert_error (secretary, 403, "forbidden");

  list = get (url, "/api/v1/meetings/" MEETING_A "/attendance", member);
  assert_status (list, 200);
  rows = cJSON_GetObjectItemCaseSensitive (list->json, "attendance");
  g_assert_cmpint (cJSON_GetArraySize (rows), ==, 1);
  row = cJSON_GetArrayItem (rows, 0);
  g_assert_cmpstr (json_string (row, "display_name"), ==, "Chủ Tịch");
  g_assert_cmpstr (json_string (row, "checked_in_at"), ==,
                   json_string (first->json, "checked_in_at"));
  outsider_list = get (url, "/api/v1/meetings/" MEETING_A "/attendance", outsider);
  assert_error (outsider_list, 404, "not_found");

  /* Replays sent no second event: one attendance.changed so far. */
  g_assert_cmpuint (count (stream->text->str, "event: attendance.changed"), ==, 1);

  /* A closed meeting takes no check-in; a stored operation still replays. */
  bad_status = send_json (url, "PUT", "/api/v1/meetings/" MEETING_A "/status", secretary_token,
                          "{\"status\":\"over\"}");
  assert_error (bad_status, 400, "bad_request");
  close = send_json (url, "PUT", "/api/v1/meetings/" MEETING_A "/status", secretary_token,
                     "{\"status\":\"closed\"}");
  assert_status (close, 204);
  plenum_test_stream_wait_text (stream, "event: meeting.updated");
  closed = check_in (url, member, MEETING_A, closed_operation, TRUE);
  assert_error (closed, 409, "meeting_closed");
  replay_after_close = check_in (url, chair, MEETING_A, operation, TRUE);
  assert_status (replay_after_close, 200);
  g_assert_true (g_bytes_equal (replay_after_close->body, first->body));

  reopen = send_json (url, "PUT", "/api/v1/meetings/" MEETING_A "/status", secretary_token,
                      "{\"status\":\"scheduled\"}");
  assert_status (reopen, 204);
  g_assert_cmpuint (count (stream->text->str, "event: attendance.changed"), ==, 1);
  plenum_test_stream_close (stream);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);
  plenum_json_init ();
  session = plenum_test_soup_session_new (NULL);

  g_test_add_func ("/plenum/terminals/enrolment", test_enrolment);
  g_test_add_func ("/plenum/terminals/enrolment-expiry-and-lockout",
                   test_enrolment_expiry_and_lockout);
  g_test_add_func ("/plenum/terminals/visibility", test_terminal_visibility);
  g_test_add_func ("/plenum/terminals/revocation", test_revocation);
  g_test_add_func ("/plenum/terminals/status", test_status);
  g_test_add_func ("/plenum/terminals/attendance", test_attendance);

  status = g_test_run ();

  g_clear_pointer (&shared_server, plenum_test_server_free);
  g_clear_pointer (&secretary_token, g_free);
  g_clear_pointer (&blob_a, g_free);
  g_clear_pointer (&blob_b, g_free);
  g_clear_object (&session);
  return status;
}
