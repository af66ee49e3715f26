/* test-ctl-agenda.c — plenumctl's meeting and agenda commands, the real binary
 * ($PLENUMCTL) against a real plenum-server on 127.0.0.1: meeting create/edit/show, item
 * add/edit/remove/move, attach (real PDFs made with cairo, and the password-protected one
 * of tests/data), opinion open/list. Each write is checked with a GET of the meeting;
 * each refusal that plenumctl makes itself is checked to have sent nothing (the packet
 * version stays, the blob is not on the server). A stale read-modify-write is made real
 * by a small HTTP relay that publishes another version between plenumctl's GET and PUT.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <libsoup/soup.h>
#include <glib/gstdio.h>

#include "core/plenum-json.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-ctl.h"
#include "plenum-test-util.h"


#define SECRETARY     "ly.thi.hong"
#define SECRETARY_PIN "999999"
#define CHAIR         "nguyen.van.an"
#define VICE_CHAIR    "tran.thi.thu.ha"
#define DEMO_BODY     "Ban Thường vụ Tỉnh ủy Vân Lĩnh"

static PlenumTestServer *shared_server;
static char *secretary_config;  /* XDG_CONFIG_HOME signed in as the secretary */
static char *secretary_token;   /* for the test's own GETs */
static SoupSession *session;

typedef PlenumTestCtlRun Run;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, plenum_test_ctl_run_clear)

static const char *
url (void)
{
  return plenum_test_server_get_url (shared_server);
}

/* Runs plenumctl --server @server_url with @args (NULL-terminated), signed in as the
 * secretary, with @input on stdin, to its end (with a deadline). */
static void
run_ctl_at (Run                *run,
            const char         *server_url,
            const char         *input,
            const char * const *args)
{
  plenum_test_ctl_run (run, secretary_config, server_url, input, args);
}

static void
run_ctl (Run                *run,
         const char         *input,
         const char * const *args)
{
  run_ctl_at (run, url (), input, args);
}

/* Runs plenumctl and asserts its exit status and that @message (may be NULL) is in what
 * it said on stderr. */
static void
expect_ctl (int                 status,
            const char         *message,
            const char         *input,
            const char * const *args)
{
  g_auto(Run) run;

  run_ctl (&run, input, args);
  if (run.status != status || (message != NULL && strstr (run.err, message) == NULL))
    g_error ("plenumctl %s %s: exit %d (expected %d), stderr: %s (expected “%s”)", args[0],
             args[1] != NULL ? args[1] : "", run.status, status, run.err,
             message != NULL ? message : "");
}

static cJSON *
parse_out (const Run *run)
{
  g_autoptr(GError) error = NULL;
  cJSON *root = plenum_json_parse (run->out, -1, &error);

  g_assert_no_error (error);
  g_assert_true (cJSON_IsObject (root));
  return root;
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

/* A request to the server with the secretary's token: its status, and the answer's JSON
 * (NULL when empty). */
static cJSON *
request (const char *method,
         const char *path,
         const char *body,
         guint      *status)
{
  g_autofree char *uri = g_strconcat (url (), path, NULL);
  g_autofree char *authorization = NULL;
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data;

  if (secretary_token != NULL)
    {
      authorization = g_strconcat ("Bearer ", secretary_token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  data = g_bytes_get_data (answer, &length);
  if (length == 0)
    return NULL;
  return plenum_json_parse (data, (gssize) length, NULL);
}

/* GET /api/v1/meetings/@id: the Meeting (asserted 200). */
static cJSON *
get_meeting (const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s", id);
  guint status = 0;
  cJSON *meeting = request ("GET", path, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (meeting);
  return meeting;
}

static gint64
packet_version (const char *id)
{
  g_autoptr(cJSON) meeting = get_meeting (id);

  return json_int (meeting, "packet_version");
}

/* The item numbers of the meeting's agenda, in order, joined with ",". */
static char *
agenda_numbers (const char *id)
{
  g_autoptr(cJSON) meeting = get_meeting (id);
  g_autoptr(GString) numbers = g_string_new (NULL);
  const cJSON *item;

  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (meeting, "agenda"))
    g_string_append_printf (numbers, "%s%s", numbers->len > 0 ? "," : "",
                            json_string (item, "number"));
  return g_string_free (g_steal_pointer (&numbers), FALSE);
}

static const cJSON *
find_item (const cJSON *meeting,
           const char  *number)
{
  const cJSON *item;

  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (meeting, "agenda"))
    if (g_str_equal (json_string (item, "number"), number))
      return item;
  return NULL;
}

/* The account id of @name in the secretariat's GET /api/v1/bodies. */
static char *
account_id (const char *name)
{
  guint status = 0;
  g_autoptr(cJSON) bodies = request ("GET", "/api/v1/bodies", NULL, &status);
  const cJSON *body, *member;

  g_assert_cmpuint (status, ==, 200);
  cJSON_ArrayForEach (body, cJSON_GetObjectItemCaseSensitive (bodies, "bodies"))
    cJSON_ArrayForEach (member, cJSON_GetObjectItemCaseSensitive (body, "members"))
      if (g_str_equal (json_string (member, "name"), name))
        return g_strdup (json_string (member, "id"));
  g_assert_not_reached ();
  return NULL;
}

static guint
blob_status (const char *sha256)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/blobs/%s", sha256);
  g_autoptr(cJSON) answer = NULL;
  guint status = 0;

  answer = request ("HEAD", path, NULL, &status);
  return status;
}

static cairo_status_t
append_pdf_bytes (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A one-page PDF with @text on it (a new blob for every new text); returns its
 * sha256. */
static char *
write_pdf (const char *path,
           const char *text)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
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
  g_file_set_contents (path, (const char *) bytes->data, bytes->len, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes->data, bytes->len);
}

/* A new meeting with items 1 and 2, made with plenumctl; returns its id. */
static char *
new_meeting (void)
{
  char *id = g_uuid_string_random ();
  const char *create[] = { "meeting", "create", "--id", id, "--body", DEMO_BODY, "--title",
                           "Phiên họp thử", "--starts", "2026-12-03T09:00:00+07:00", "--chair",
                           CHAIR, NULL };
  const char *add1[] = { "item", "add", id, "1", "Khai mạc", NULL };
  const char *add2[] = { "item", "add", id, "2", "Báo cáo", NULL };

  expect_ctl (0, NULL, NULL, create);
  expect_ctl (0, NULL, NULL, add1);
  expect_ctl (0, NULL, NULL, add2);
  g_assert_cmpint (packet_version (id), ==, 3);
  return id;
}

/* meeting create */

static void
test_meeting_create (void)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *chair_id = account_id (CHAIR);
  g_autofree char *vice_chair_id = account_id (VICE_CHAIR);
  g_autoptr(GDateTime) local = g_date_time_new_local (2026, 12, 3, 9, 30, 0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (local);
  g_autofree char *expected_start = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  const char *create[] = { "--json", "meeting", "create", "--id", id, "--body", DEMO_BODY,
                           "--title", "Hội nghị tháng 12", "--starts", "2026-12-03 09:30",
                           "--chair", CHAIR, "--vice-chair", VICE_CHAIR, "--location",
                           "Phòng họp số 2", NULL };
  const char *show[] = { "--json", "meeting", "show", id, NULL };
  const char *show_plain[] = { "meeting", id, NULL };

  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;
    g_autoptr(cJSON) meeting = NULL;

    run_ctl (&run, NULL, create);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_cmpstr (json_string (out, "meeting_id"), ==, id);
    g_assert_cmpint (json_int (out, "packet_version"), ==, 1);
    g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (out, "changed")));
    g_assert_true (plenum_is_uuid (json_string (out, "operation_id")));

    meeting = get_meeting (id);
    g_assert_cmpstr (json_string (meeting, "title"), ==, "Hội nghị tháng 12");
    g_assert_cmpstr (json_string (meeting, "starts_at"), ==, expected_start);
    g_assert_cmpstr (json_string (meeting, "location"), ==, "Phòng họp số 2");
    g_assert_cmpstr (json_string (meeting, "chair_id"), ==, chair_id);
    g_assert_cmpstr (json_string (meeting, "vice_chair_id"), ==, vice_chair_id);
    g_assert_cmpint (json_int (meeting, "packet_version"), ==, 1);
    g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (meeting, "agenda")),
                     ==, 0);
  }
  /* show, and the old form without "show". */
  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, NULL, show);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_cmpstr (json_string (out, "id"), ==, id);
  }
  {
    g_auto(Run) run;

    run_ctl (&run, NULL, show_plain);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Hội nghị tháng 12"));
  }
  /* A zone: kept as the instant it names. */
  {
    g_autofree char *zoned = g_uuid_string_random ();
    const char *args[] = { "meeting", "create", "--id", zoned, "--body", DEMO_BODY, "--title",
                           "Có múi giờ", "--starts", "2026-12-03T09:30:00+07:00", "--chair",
                           CHAIR, NULL };
    g_autoptr(cJSON) meeting = NULL;
    g_auto(Run) run;

    run_ctl (&run, NULL, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, zoned));
    meeting = get_meeting (zoned);
    g_assert_cmpstr (json_string (meeting, "starts_at"), ==, "2026-12-03T02:30:00Z");
    g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (meeting, "vice_chair_id")));
    g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (meeting, "location")));
  }
  /* The same id again: refused, the meeting unchanged. */
  expect_ctl (2, "exists already", NULL, create);
  g_assert_cmpint (packet_version (id), ==, 1);

  /* Refused before anything is sent. */
  {
    g_autofree char *fresh = g_uuid_string_random ();
    g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s", fresh);
    const char *bad_time[] = { "meeting", "create", "--id", fresh, "--body", DEMO_BODY,
                               "--title", "T", "--starts", "2026-12-03 9h", "--chair", CHAIR,
                               NULL };
    const char *no_zone[] = { "meeting", "create", "--id", fresh, "--body", DEMO_BODY,
                              "--title", "T", "--starts", "2026-12-03T09:30:00", "--chair",
                              CHAIR, NULL };
    const char *no_chair[] = { "meeting", "create", "--id", fresh, "--body", DEMO_BODY,
                               "--title", "T", "--starts", "2026-12-03 09:30", NULL };
    const char *bad_id[] = { "meeting", "create", "--id", "42", "--body", DEMO_BODY,
                             "--title", "T", "--starts", "2026-12-03 09:30", "--chair", CHAIR,
                             NULL };
    const char *blank_title[] = { "meeting", "create", "--id", fresh, "--body", DEMO_BODY,
                                  "--title", "  ", "--starts", "2026-12-03 09:30", "--chair",
                                  CHAIR, NULL };
    const char *stranger[] = { "meeting", "create", "--id", fresh, "--body", DEMO_BODY,
                               "--title", "T", "--starts", "2026-12-03 09:30", "--chair",
                               "no.such.person", NULL };
    const char *no_body[] = { "meeting", "create", "--id", fresh, "--body", "Ban không có",
                              "--title", "T", "--starts", "2026-12-03 09:30", "--chair", CHAIR,
                              NULL };
    const char *same[] = { "meeting", "create", "--id", fresh, "--body", DEMO_BODY, "--title",
                           "T", "--starts", "2026-12-03 09:30", "--chair", CHAIR,
                           "--vice-chair", CHAIR, NULL };
    guint status = 0;
    g_autoptr(cJSON) answer = NULL;

    expect_ctl (1, "--starts: “2026-12-03 9h” is not a time", NULL, bad_time);
    expect_ctl (1, "--starts", NULL, no_zone);
    expect_ctl (1, "--chair", NULL, no_chair);
    expect_ctl (1, "--id", NULL, bad_id);
    expect_ctl (1, "--title", NULL, blank_title);
    expect_ctl (4, "“no.such.person” is not a member", NULL, stranger);
    expect_ctl (4, "no body named “Ban không có”", NULL, no_body);
    expect_ctl (4, "the chair cannot also be the vice chair", NULL, same);
    answer = request ("GET", path, NULL, &status);
    g_assert_cmpuint (status, ==, 404);
  }
}

/* meeting edit */

static void
test_meeting_edit (void)
{
  g_autofree char *id = new_meeting ();
  g_autofree char *chair_id = account_id (CHAIR);
  g_autofree char *vice_chair_id = account_id (VICE_CHAIR);
  g_autofree char *unknown = g_uuid_string_random ();
  const char *edit[] = { "--json", "meeting", "edit", id, "--title", "Tên mới", "--location",
                         "Hội trường", "--starts", "2026-12-04T08:00:00Z", "--vice-chair",
                         VICE_CHAIR, NULL };
  const char *swap[] = { "meeting", "edit", id, "--chair", VICE_CHAIR, "--vice-chair", CHAIR,
                         NULL };
  const char *clear[] = { "meeting", "edit", id, "--location", "", "--vice-chair", "", NULL };
  const char *same[] = { "--json", "meeting", "edit", id, "--title", "Tên mới", NULL };
  const char *nothing[] = { "meeting", "edit", id, NULL };
  const char *clash[] = { "meeting", "edit", id, "--vice-chair", VICE_CHAIR, NULL };
  const char *gone[] = { "meeting", "edit", unknown, "--title", "X", NULL };
  g_autoptr(cJSON) before = get_meeting (id);
  const cJSON *item_before = find_item (before, "1");

  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;
    g_autoptr(cJSON) meeting = NULL;

    run_ctl (&run, NULL, edit);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_cmpint (json_int (out, "packet_version"), ==, 4);
    meeting = get_meeting (id);
    g_assert_cmpstr (json_string (meeting, "title"), ==, "Tên mới");
    g_assert_cmpstr (json_string (meeting, "location"), ==, "Hội trường");
    g_assert_cmpstr (json_string (meeting, "starts_at"), ==, "2026-12-04T08:00:00Z");
    g_assert_cmpstr (json_string (meeting, "vice_chair_id"), ==, vice_chair_id);
    /* The agenda stays, with its ids. */
    g_assert_cmpstr (json_string (find_item (meeting, "1"), "id"), ==,
                     json_string (item_before, "id"));
    g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (meeting, "agenda")),
                     ==, 2);
  }
  expect_ctl (0, NULL, NULL, swap);
  {
    g_autoptr(cJSON) meeting = get_meeting (id);

    g_assert_cmpstr (json_string (meeting, "chair_id"), ==, vice_chair_id);
    g_assert_cmpstr (json_string (meeting, "vice_chair_id"), ==, chair_id);
  }
  expect_ctl (0, NULL, NULL, clear);
  {
    g_autoptr(cJSON) meeting = get_meeting (id);

    g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (meeting, "location")));
    g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (meeting, "vice_chair_id")));
    g_assert_cmpint (json_int (meeting, "packet_version"), ==, 6);
  }
  /* A change to what it is already publishes nothing. */
  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, NULL, same);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_false (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (out, "changed")));
    g_assert_cmpint (packet_version (id), ==, 6);
  }
  expect_ctl (1, "nothing to change", NULL, nothing);
  /* The chair (now VICE_CHAIR) cannot be the vice chair too. */
  expect_ctl (4, "the chair cannot also be the vice chair", NULL, clash);
  expect_ctl (2, unknown, NULL, gone);
  g_assert_cmpint (packet_version (id), ==, 6);
}

/* item add, edit, remove, move */

static void
test_items (void)
{
  g_autofree char *id = new_meeting ();
  g_autofree char *unknown = g_uuid_string_random ();
  const char *add_closed[] = { "--json", "item", "add", id, "3", "Công tác cán bộ",
                               "--closed-session", NULL };
  const char *add_before[] = { "item", "add", id, "1a", "Thông qua chương trình", "--before",
                               "2", NULL };
  const char *add_taken[] = { "item", "add", id, "2", "Trùng số", NULL };
  const char *add_nowhere[] = { "item", "add", id, "9", "X", "--before", "7", NULL };
  const char *add_unknown[] = { "item", "add", unknown, "1", "X", NULL };
  const char *add_no_title[] = { "item", "add", id, "5", NULL };
  const char *edit[] = { "item", "edit", id, "1a", "--number", "1b", "--title", "Chương trình",
                         "--closed-session", "yes", NULL };
  const char *edit_taken[] = { "item", "edit", id, "1b", "--number", "2", NULL };
  const char *edit_missing[] = { "item", "edit", id, "8", "--title", "X", NULL };
  const char *edit_bad_flag[] = { "item", "edit", id, "1b", "--closed-session", "maybe", NULL };
  const char *move_first[] = { "item", "move", id, "3", "--before", "1", NULL };
  const char *move_last[] = { "item", "move", id, "1", "--last", NULL };
  const char *move_neither[] = { "item", "move", id, "1", NULL };
  const char *move_both[] = { "item", "move", id, "1", "--last", "--before", "2", NULL };
  const char *remove[] = { "--json", "item", "remove", id, "1b", NULL };
  const char *remove_missing[] = { "item", "remove", id, "1b", NULL };
  const char *no_action[] = { "item", NULL };
  g_autofree char *numbers = NULL;

  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;
    g_autoptr(cJSON) meeting = NULL;
    const cJSON *item;

    run_ctl (&run, NULL, add_closed);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_cmpint (json_int (out, "packet_version"), ==, 4);
    meeting = get_meeting (id);
    item = find_item (meeting, "3");
    g_assert_nonnull (item);
    g_assert_cmpstr (json_string (item, "title"), ==, "Công tác cán bộ");
    g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (item, "closed_session")));
  }
  expect_ctl (0, NULL, NULL, add_before);
  numbers = agenda_numbers (id);
  g_assert_cmpstr (numbers, ==, "1,1a,2,3");
  g_clear_pointer (&numbers, g_free);

  /* Refused before anything is sent: the version stays. */
  expect_ctl (4, "has an item numbered “2” already", NULL, add_taken);
  expect_ctl (4, "--before: meeting", NULL, add_nowhere);
  expect_ctl (1, NULL, NULL, add_no_title);
  expect_ctl (2, unknown, NULL, add_unknown);
  g_assert_cmpint (packet_version (id), ==, 5);

  expect_ctl (0, NULL, NULL, edit);
  {
    g_autoptr(cJSON) meeting = get_meeting (id);
    const cJSON *item = find_item (meeting, "1b");

    g_assert_nonnull (item);
    g_assert_null (find_item (meeting, "1a"));
    g_assert_cmpstr (json_string (item, "title"), ==, "Chương trình");
    g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (item, "closed_session")));
  }
  expect_ctl (4, "has an item numbered “2” already", NULL, edit_taken);
  expect_ctl (4, "no item numbered “8”", NULL, edit_missing);
  expect_ctl (1, "--closed-session", NULL, edit_bad_flag);
  g_assert_cmpint (packet_version (id), ==, 6);

  expect_ctl (0, NULL, NULL, move_first);
  numbers = agenda_numbers (id);
  g_assert_cmpstr (numbers, ==, "3,1,1b,2");
  g_clear_pointer (&numbers, g_free);
  expect_ctl (0, NULL, NULL, move_last);
  numbers = agenda_numbers (id);
  g_assert_cmpstr (numbers, ==, "3,1b,2,1");
  g_clear_pointer (&numbers, g_free);
  expect_ctl (1, "--before NUMBER or --last", NULL, move_neither);
  expect_ctl (1, "--before NUMBER or --last", NULL, move_both);
  g_assert_cmpint (packet_version (id), ==, 8);

  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, NULL, remove);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_cmpint (json_int (out, "packet_version"), ==, 9);
    g_assert_null (find_item (cJSON_GetObjectItemCaseSensitive (out, "meeting"), "1b"));
  }
  numbers = agenda_numbers (id);
  g_assert_cmpstr (numbers, ==, "3,2,1");
  expect_ctl (4, "no item numbered “1b”", NULL, remove_missing);
  expect_ctl (1, "give add, edit, remove or move", NULL, no_action);
  g_assert_cmpint (packet_version (id), ==, 9);
}

/* attach */

static void
test_attach (void)
{
  g_autofree char *id = new_meeting ();
  g_autofree char *folder = plenum_test_mkdtemp ("files");
  g_autofree char *pdf = g_build_filename (folder, "bao-cao.pdf", NULL);
  g_autofree char *fresh = g_uuid_string_random ();
  g_autofree char *sha256 = write_pdf (pdf, fresh);
  g_autofree char *linked_target = g_build_filename (folder, "target.pdf", NULL);
  g_autofree char *linked_text = g_strconcat (fresh, " (link)", NULL);
  g_autofree char *linked_sha256 = write_pdf (linked_target, linked_text);
  g_autofree char *link = g_build_filename (folder, "link.pdf", NULL);
  g_autofree char *notes = g_build_filename (folder, "notes.pdf", NULL);
  g_autofree char *missing = g_build_filename (folder, "missing.pdf", NULL);
  g_autofree char *protected_pdf = plenum_test_data_path ("enc_aes256-R6_userpw-view.pdf");
  g_autofree char *document_id = NULL;
  g_autoptr(GError) error = NULL;
  const char *attach[] = { "--json", "attach", id, "2", pdf, "--title", "Báo cáo chính trị",
                           "--confidential", NULL };
  const char *again[] = { "attach", id, "2", pdf, "--title", "Báo cáo chính trị", NULL };
  const char *same_blob[] = { "attach", id, "1", pdf, "--title", "Bản sao", NULL };
  const char *no_item[] = { "attach", id, "7", pdf, "--title", "X", NULL };
  const char *no_title[] = { "attach", id, "2", pdf, NULL };
  const char *not_pdf[] = { "attach", id, "2", notes, "--title", "Ghi chú", NULL };
  const char *gone[] = { "attach", id, "2", missing, "--title", "Không có", NULL };
  const char *linked[] = { "attach", id, "2", link, "--title", "Liên kết", NULL };
  const char *locked[] = { "attach", id, "1", protected_pdf, "--title", "Mật", NULL };
  const char *unlocked[] = { "attach", id, "1", protected_pdf, "--title", "Mật",
                             "--password-stdin", NULL };
  const char *needless[] = { "attach", id, "1", pdf, "--title", "Thừa mật khẩu",
                             "--password-stdin", NULL };
  const char *add[] = { "item", "add", id, "3", "Các vấn đề khác", NULL };
  const char *remove[] = { "item", "remove", id, "2", NULL };
  const char *remove_forced[] = { "item", "remove", id, "2", "--force", NULL };

  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;
    g_autoptr(cJSON) meeting = NULL;
    const cJSON *document;

    run_ctl (&run, NULL, attach);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_cmpstr (json_string (out, "sha256"), ==, sha256);
    g_assert_cmpint (json_int (out, "pages"), ==, 1);
    g_assert_cmpint (json_int (out, "blobs_uploaded"), ==, 1);
    g_assert_cmpint (json_int (out, "packet_version"), ==, 4);
    document_id = g_strdup (json_string (out, "document_id"));
    g_assert_true (plenum_is_uuid (document_id));
    g_assert_cmpuint (blob_status (sha256), ==, 200);

    meeting = get_meeting (id);
    document = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (find_item (meeting, "2"),
                                                                     "documents"), 0);
    g_assert_nonnull (document);
    g_assert_cmpstr (json_string (document, "id"), ==, document_id);
    g_assert_cmpstr (json_string (document, "sha256"), ==, sha256);
    g_assert_cmpstr (json_string (document, "title"), ==, "Báo cáo chính trị");
    g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (document, "confidential")));
    g_assert_cmpint (json_int (document, "pages"), ==, 1);
  }
  /* The blob is on the server already: nothing is uploaded again. */
  {
    g_auto(Run) run;

    run_ctl (&run, NULL, same_blob);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "0 new blobs to upload"));
  }
  expect_ctl (4, "has a document titled “Báo cáo chính trị” already", NULL, again);
  expect_ctl (4, "no item numbered “7”", NULL, no_item);
  expect_ctl (1, "--title", NULL, no_title);

  /* Bad files: refused naming the file, before anything is sent. */
  g_file_set_contents (notes, "minutes, not a PDF\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (symlink (linked_target, link), ==, 0);
  expect_ctl (4, "notes.pdf: not a PDF", NULL, not_pdf);
  expect_ctl (4, "missing.pdf: no such file", NULL, gone);
  expect_ctl (4, "link.pdf: is a symbolic link", NULL, linked);
  g_assert_cmpuint (blob_status (linked_sha256), ==, 404);
  g_assert_cmpint (packet_version (id), ==, 5);

  /* A protected PDF: refused without its password or with a wrong one; with it, the
   * meeting gives the password, and later read-modify-writes keep it. */
  expect_ctl (4, "protected by a password", NULL, locked);
  expect_ctl (4, "does not open this PDF", "wrong\n", unlocked);
  expect_ctl (4, "opens without one", "view\n", needless);
  g_assert_cmpint (packet_version (id), ==, 5);
  expect_ctl (0, NULL, "view\n", unlocked);
  expect_ctl (0, NULL, NULL, add);
  {
    g_autoptr(cJSON) meeting = get_meeting (id);
    const cJSON *documents = cJSON_GetObjectItemCaseSensitive (find_item (meeting, "1"),
                                                               "documents");
    const cJSON *document = cJSON_GetArrayItem (documents, 1);

    g_assert_cmpint (json_int (meeting, "packet_version"), ==, 7);
    g_assert_cmpstr (json_string (document, "title"), ==, "Mật");
    g_assert_cmpstr (json_string (document, "password"), ==, "view");
    g_assert_cmpint (json_int (document, "pages"), ==, 30);
    g_assert_null (cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (documents, 0),
                                                     "password"));
    /* The document attached first keeps its id through the later versions. */
    g_assert_cmpstr (json_string (cJSON_GetArrayItem (
                       cJSON_GetObjectItemCaseSensitive (find_item (meeting, "2"), "documents"),
                       0), "id"), ==, document_id);
  }

  /* An item with documents goes only with --force. */
  expect_ctl (4, "give --force", NULL, remove);
  g_assert_cmpint (packet_version (id), ==, 7);
  expect_ctl (0, NULL, NULL, remove_forced);
  {
    g_autoptr(cJSON) meeting = get_meeting (id);

    g_assert_null (find_item (meeting, "2"));
    g_assert_cmpint (json_int (meeting, "packet_version"), ==, 8);
  }
}

/* opinion open, list */

static void
test_opinion (void)
{
  g_autofree char *id = new_meeting ();
  g_autofree char *folder = plenum_test_mkdtemp ("files");
  g_autofree char *pdf = g_build_filename (folder, "du-thao.pdf", NULL);
  g_autofree char *fresh = g_uuid_string_random ();
  g_autofree char *sha256 = write_pdf (pdf, fresh);
  g_autofree char *unknown = g_uuid_string_random ();
  g_autofree char *document_id = NULL;
  g_autofree char *round_id = NULL;
  const char *attach[] = { "--json", "attach", id, "1", pdf, "--title", "Dự thảo", NULL };
  const char *list[] = { "--json", "opinion", "list", id, NULL };
  const char *list_plain[] = { "opinion", "list", id, NULL };

  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, NULL, attach);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    document_id = g_strdup (json_string (out, "document_id"));
  }
  {
    const char *open[] = { "--json", "opinion", "open", id, document_id, "--title",
                           "Xin ý kiến vào dự thảo", "--deadline", "2099-01-01 10:00", NULL };
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, NULL, open);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    round_id = g_strdup (json_string (out, "id"));
    g_assert_cmpstr (json_string (out, "document_id"), ==, document_id);
    g_assert_cmpstr (json_string (out, "state"), ==, "open");
    g_assert_cmpstr (json_string (out, "title"), ==, "Xin ý kiến vào dự thảo");
  }
  /* The server lists it (a GET of its own). */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/opinion-rounds", id);
    guint status = 0;
    g_autoptr(cJSON) rounds = request ("GET", path, NULL, &status);
    const cJSON *round = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (rounds,
                                                                                "rounds"), 0);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (json_string (round, "id"), ==, round_id);
  }
  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;
    const cJSON *rounds;

    run_ctl (&run, NULL, list);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    rounds = cJSON_GetObjectItemCaseSensitive (out, "rounds");
    g_assert_cmpint (cJSON_GetArraySize (rounds), ==, 1);
    g_assert_cmpstr (json_string (cJSON_GetArrayItem (rounds, 0), "id"), ==, round_id);
  }
  {
    g_auto(Run) run;

    run_ctl (&run, NULL, list_plain);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, round_id));
    g_assert_nonnull (strstr (run.out, "0/"));
  }
  /* Refusals: a past deadline and a blank title before anything is sent; an unknown
   * document and an unknown meeting by the server. */
  {
    const char *past[] = { "opinion", "open", id, document_id, "--title", "X", "--deadline",
                           "2001-01-01T00:00:00Z", NULL };
    const char *blank[] = { "opinion", "open", id, document_id, "--title", "", "--deadline",
                            "2099-01-01T00:00:00Z", NULL };
    const char *no_document[] = { "opinion", "open", id, unknown, "--title", "X",
                                  "--deadline", "2099-01-01T00:00:00Z", NULL };
    const char *no_meeting[] = { "opinion", "list", unknown, NULL };
    const char *no_action[] = { "opinion", NULL };

    expect_ctl (1, "has passed already", NULL, past);
    expect_ctl (1, "--title", NULL, blank);
    expect_ctl (2, NULL, NULL, no_document);
    expect_ctl (2, NULL, NULL, no_meeting);
    expect_ctl (1, "give open or list", NULL, no_action);
  }
}

/* A stale read-modify-write. The relay passes every request to the server; before the
 * first PUT of a packet it publishes that same manifest under another operation id, as
 * if another secretary had published between plenumctl's GET and its PUT. */

typedef struct {
  SoupServer  *server;
  SoupSession *session;
  char        *url;
  gboolean     meddle;
  guint        meddled;   /* the status of the meddling PUT, 0 before it */
} Relay;

static guint
forward (Relay             *relay,
         const char        *method,
         const char        *path,
         SoupMessageHeaders *headers,
         GBytes            *body,
         SoupServerMessage *reply)
{
  g_autofree char *uri = g_strconcat (url (), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *content_type = soup_message_headers_get_one (headers, "Content-Type");

  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  authorization);
  if (body != NULL && g_bytes_get_size (body) > 0)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  answer = soup_session_send_and_read (relay->session, msg, NULL, &error);
  g_assert_no_error (error);
  if (reply != NULL)
    {
      const char *answer_type =
        soup_message_headers_get_one (soup_message_get_response_headers (msg), "Content-Type");
      gsize size = 0;
      const char *data = g_bytes_get_data (answer, &size);

      soup_server_message_set_status (reply, soup_message_get_status (msg), NULL);
      soup_server_message_set_response (reply, answer_type != NULL ? answer_type
                                                                   : "application/json",
                                        SOUP_MEMORY_COPY, data, size);
    }
  return soup_message_get_status (msg);
}

static void
relay_request_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  Relay *relay = user_data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  if (relay->meddle && g_str_equal (method, "PUT") && g_str_has_suffix (path, "/packet"))
    {
      g_autoptr(cJSON) manifest = plenum_json_parse (g_bytes_get_data (body, NULL),
                                                     (gssize) g_bytes_get_size (body), NULL);
      g_autofree char *operation_id = g_uuid_string_random ();
      g_autofree char *text = NULL;
      g_autoptr(GBytes) other = NULL;

      g_assert_nonnull (manifest);
      g_assert_true (cJSON_IsNumber (cJSON_GetObjectItemCaseSensitive (manifest,
                                                                       "base_packet_version")));
      cJSON_ReplaceItemInObjectCaseSensitive (manifest, "operation_id",
                                              cJSON_CreateString (operation_id));
      text = plenum_json_print (manifest);
      other = g_bytes_new (text, strlen (text));
      relay->meddle = FALSE;
      relay->meddled = forward (relay, method, path, headers, other, NULL);
    }
  forward (relay, method, path, headers, body, msg);
}

static void
test_stale (void)
{
  g_autofree char *id = new_meeting ();
  Relay relay = { NULL, NULL, NULL, TRUE, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  const char *add[] = { "item", "add", id, "3", "Muộn", NULL };
  g_auto(Run) run;
  g_autofree char *numbers = NULL;

  relay.server = soup_server_new (NULL, NULL);
  relay.session = plenum_test_soup_session_new (NULL);
  soup_server_add_handler (relay.server, NULL, relay_request_cb, &relay, NULL);
  soup_server_listen_local (relay.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (relay.server);
  relay.url = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  if (g_str_has_suffix (relay.url, "/"))
    relay.url[strlen (relay.url) - 1] = '\0';
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  /* plenumctl keeps a session per server URL: sign in through the relay too. */
  {
    const char *sign_in[] = { "sign-in", SECRETARY, NULL };
    g_auto(Run) signed_in;

    run_ctl_at (&signed_in, relay.url, SECRETARY_PIN "\n", sign_in);
    g_assert_cmpint (signed_in.status, ==, 0);
  }
  run_ctl_at (&run, relay.url, NULL, add);
  g_assert_cmpuint (relay.meddled, ==, 200);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "changed by someone else"));
  g_assert_nonnull (strstr (run.err, "run the command again"));
  /* The other publication is there (one item 3, from it); plenumctl's was refused. */
  g_assert_cmpint (packet_version (id), ==, 4);
  numbers = agenda_numbers (id);
  g_assert_cmpstr (numbers, ==, "1,2,3");

  soup_server_disconnect (relay.server);
  g_clear_object (&relay.server);
  g_clear_object (&relay.session);
  g_free (relay.url);
}

/* --help of every command and subcommand exits 0. */
static void
test_help (void)
{
  const char *helps[][4] = {
    { "meeting", "--help", NULL, NULL },
    { "meeting", "create", "--help", NULL },
    { "meeting", "edit", "--help", NULL },
    { "item", "--help", NULL, NULL },
    { "item", "add", "--help", NULL },
    { "item", "edit", "--help", NULL },
    { "item", "remove", "--help", NULL },
    { "item", "move", "--help", NULL },
    { "attach", "--help", NULL, NULL },
    { "opinion", "--help", NULL, NULL },
    { "opinion", "open", "--help", NULL },
    { "opinion", "list", "--help", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (helps); i++)
    {
      g_auto(Run) run;

      run_ctl (&run, NULL, helps[i]);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, "Usage:"));
      g_assert_nonnull (strstr (run.out, "plenumctl"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = NULL;
  g_autofree char *installation = g_uuid_string_random ();
  g_autofree char *sign_in_body = NULL;
  g_autoptr(cJSON) signed_in = NULL;
  guint http_status = 0;
  int status;

  plenum_test_init (&argc, &argv);
  plenum_json_init ();
  session = plenum_test_soup_session_new (NULL);

  /* The demo (its body, members, secretary), seeded once; the server runs on a copy. */
  {
    g_autofree char *db = plenum_test_server_seed_demo ("ctl-agenda-seed", CHAIR, NULL);

    data_dir = plenum_test_server_copy_db (db, "ctl-agenda");
  }
  shared_server = plenum_test_server_start (data_dir, NULL);

  /* plenumctl's session, and one of the test's own for its GETs. */
  secretary_config = plenum_test_mkdtemp ("config");
  {
    const char *args[] = { "sign-in", SECRETARY, NULL };
    g_auto(Run) run;

    run_ctl (&run, SECRETARY_PIN "\n", args);
    g_assert_cmpint (run.status, ==, 0);
  }
  sign_in_body = g_strdup_printf ("{\"name\":\"%s\",\"pin\":\"%s\",\"terminal_id\":\"%s\"}",
                                  SECRETARY, SECRETARY_PIN, installation);
  signed_in = request ("POST", "/api/v1/session", sign_in_body, &http_status);
  g_assert_cmpuint (http_status, ==, 201);
  secretary_token = g_strdup (json_string (signed_in, "token"));

  g_test_add_func ("/plenum/ctl-agenda/meeting-create", test_meeting_create);
  g_test_add_func ("/plenum/ctl-agenda/meeting-edit", test_meeting_edit);
  g_test_add_func ("/plenum/ctl-agenda/items", test_items);
  g_test_add_func ("/plenum/ctl-agenda/attach", test_attach);
  g_test_add_func ("/plenum/ctl-agenda/opinion", test_opinion);
  g_test_add_func ("/plenum/ctl-agenda/stale", test_stale);
  g_test_add_func ("/plenum/ctl-agenda/help", test_help);

  status = g_test_run ();

  g_clear_pointer (&shared_server, plenum_test_server_free);
  g_clear_pointer (&secretary_config, g_free);
  g_clear_pointer (&secretary_token, g_free);
  g_clear_object (&session);
  return status;
}
