/* test-ctl.c — plenumctl, the real binary ($PLENUMCTL), against a real plenum-server on
 * 127.0.0.1: sign-in and sign-out, publishing packet folders (good and bad ones, and a
 * second publication that uploads nothing), terminals (enrol, list with readiness,
 * revoke), meetings and status, members' PINs (set, unlock, change), and the exit codes
 * scripts rely on.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <cairo-pdf.h>
#include <libsoup/soup.h>
#include <glib/gstdio.h>

#include "core/plenum-json.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-ctl.h"
#include "plenum-test-util.h"


/* The demo's secretary and its chair (server/plenum-demo.c), and a body of the packet
 * in tests/data/packets/good that the test adds beside the demo's. */
#define SECRETARY     "ly.thi.hong"
#define SECRETARY_PIN "999999"
#define MEMBER        "nguyen.van.an"
#define MEMBER_PIN    "111111"
#define GOOD_MEETING  "0b6f7c1e-2d4a-4e8b-9c3f-5a1d2e3f4a5b"
#define ROOM          "Phòng họp số 1"

static const char accounts_file[] =
  "{ \"accounts\": [],"
  "  \"bodies\": [ { \"name\": \"Ban Thường vụ Tỉnh ủy\","
  "                  \"members\": [ \"nguyen.van.an\", \"tran.thi.thu.ha\" ] } ] }";

static PlenumTestServer *shared_server;
static char *secretary_config;  /* XDG_CONFIG_HOME signed in as the secretary */
static char *chair_id;
static char *vice_chair_id;
static SoupSession *session;

typedef PlenumTestCtlRun Run;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, plenum_test_ctl_run_clear)

/* Runs plenumctl with @args (NULL-terminated) against @url (NULL: no --server), with
 * @config as XDG_CONFIG_HOME and @input on stdin, to its end (with a deadline). */
static void
run_ctl (Run                *run,
         const char         *config,
         const char         *url,
         const char         *input,
         const char * const *args)
{
  plenum_test_ctl_run (run, config, url, input, args);
}

static const char *
url (void)
{
  return plenum_test_server_get_url (shared_server);
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

/* Signs @name in with @pin in a new config folder; returns the folder. */
static char *
signed_in_config (const char *name,
                  const char *pin,
                  char      **account_id)
{
  char *config = plenum_test_mkdtemp ("config");
  g_autofree char *input = g_strconcat (pin, "\n", NULL);
  const char *args[] = { "--json", "sign-in", name, NULL };
  g_auto(Run) run;
  g_autoptr(cJSON) out = NULL;

  run_ctl (&run, config, url (), input, args);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_out (&run);
  g_assert_cmpstr (json_string (out, "name"), ==, name);
  g_assert_null (cJSON_GetObjectItemCaseSensitive (out, "token"));
  if (account_id != NULL)
    *account_id = g_strdup (json_string (out, "account_id"));
  return config;
}

/* Files under the server's blob folder. */
static guint
count_blobs (void)
{
  g_autofree char *blobs = g_build_filename (plenum_test_server_get_data_dir (shared_server),
                                             "blobs", NULL);
  g_autoptr(GDir) dir = g_dir_open (blobs, 0, NULL);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = g_build_filename (blobs, name, NULL);
      g_autoptr(GDir) inner = g_dir_open (sub, 0, NULL);

      if (inner != NULL)
        while (g_dir_read_name (inner) != NULL)
          n++;
    }
  return n;
}

static cairo_status_t
append_pdf_bytes (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A one-page PDF with @text on it (a new blob for every new text). */
static void
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
}

/* A packet folder with a fresh PDF (new.pdf) as item 1 and @item2_file as item 2's
 * document (written as a fresh PDF too unless @item2_file is NULL, "../x.pdf" or
 * @write_item2 is FALSE); @item2_number lets a test repeat item 1's number. */
static char *
make_folder (const char *meeting_id,
             const char *item2_number,
             const char *item2_file,
             gboolean    write_item2)
{
  char *folder = plenum_test_mkdtemp ("packet");
  g_autofree char *new_pdf = g_build_filename (folder, "new.pdf", NULL);
  g_autofree char *fresh = g_uuid_string_random ();
  g_autofree char *json = NULL;
  g_autofree char *json_path = g_build_filename (folder, "packet.json", NULL);
  g_autoptr(GError) error = NULL;

  write_pdf (new_pdf, fresh);
  if (item2_file != NULL && write_item2)
    {
      g_autofree char *path = g_build_filename (folder, item2_file, NULL);
      g_autofree char *other = g_strconcat (fresh, " (2)", NULL);

      write_pdf (path, other);
    }
  json = g_strdup_printf (
    "{ \"meeting\": { \"id\": \"%s\", \"body\": \"Ban Thường vụ Tỉnh ủy\","
    "                 \"title\": \"Phiên họp thử plenumctl\","
    "                 \"starts_at\": \"2026-12-02T01:00:00Z\", \"location\": null,"
    "                 \"chair\": \"nguyen.van.an\", \"vice_chair\": \"tran.thi.thu.ha\" },"
    "  \"items\": ["
    "    { \"number\": \"1\", \"title\": \"Mở đầu\","
    "      \"documents\": [ { \"file\": \"new.pdf\", \"title\": \"Tài liệu mới\" } ] },"
    "    { \"number\": \"%s\", \"title\": \"Tiếp theo\","
    "      \"documents\": [ { \"file\": \"%s\", \"title\": \"Phụ lục\" } ] } ] }",
    meeting_id, item2_number, item2_file != NULL ? item2_file : "new.pdf");
  g_file_set_contents (json_path, json, -1, &error);
  g_assert_no_error (error);
  return folder;
}

/* sign-in */

static void
test_sign_in (void)
{
  g_autofree char *config = plenum_test_mkdtemp ("config");
  g_autofree char *session_path = g_build_filename (config, "plenumctl", "session", NULL);
  g_autofree char *folder = g_build_filename (config, "plenumctl", NULL);
  const char *sign_in[] = { "sign-in", SECRETARY, NULL };
  const char *meetings[] = { "meetings", NULL };
  const char *sign_out[] = { "sign-out", NULL };
  g_autofree char *contents = NULL;
  GStatBuf st;

  /* A wrong PIN: refused by the server, and nothing written. */
  {
    g_auto(Run) run;

    run_ctl (&run, config, url (), "123456\n", sign_in);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "sign-in"));
    g_assert_null (strstr (run.err, "123456"));
    g_assert_false (g_file_test (session_path, G_FILE_TEST_EXISTS));
  }
  /* Not signed in. */
  {
    g_auto(Run) run;

    run_ctl (&run, config, url (), NULL, meetings);
    g_assert_cmpint (run.status, ==, 5);
    g_assert_nonnull (strstr (run.err, "not signed in"));
  }
  /* The right PIN: the token is kept with mode 0600 in a folder with mode 0700. */
  {
    g_auto(Run) run;

    run_ctl (&run, config, url (), SECRETARY_PIN "\n", sign_in);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "secretary"));
    g_assert_null (strstr (run.out, SECRETARY_PIN));
    g_assert_cmpint (g_stat (session_path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_assert_cmpint (g_stat (folder, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
    g_assert_true (g_file_get_contents (session_path, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "token="));
    g_assert_null (strstr (contents, SECRETARY_PIN));
  }
  {
    g_auto(Run) run;

    run_ctl (&run, config, url (), NULL, meetings);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "packet v1"));
  }
  /* sign-out: the token stops working and is forgotten. */
  {
    g_auto(Run) run;

    run_ctl (&run, config, url (), NULL, sign_out);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run;

    run_ctl (&run, config, url (), NULL, meetings);
    g_assert_cmpint (run.status, ==, 5);
  }
  /* No PIN on stdin: a usage error, nothing sent. */
  {
    g_auto(Run) run;

    run_ctl (&run, config, url (), "", sign_in);
    g_assert_cmpint (run.status, ==, 1);
  }
}

/* publish */

static void
test_publish_good (void)
{
  g_autofree char *good = plenum_test_data_path ("packets/good");
  const char *publish[] = { "--json", "publish", good, "--chair-id", chair_id,
                            "--vice-chair-id", vice_chair_id, NULL };
  const char *again[] = { "publish", good, "--chair-id", chair_id,
                          "--vice-chair-id", vice_chair_id, NULL };
  const char *show[] = { "--json", "meeting", GOOD_MEETING, NULL };
  const char *status[] = { "status", GOOD_MEETING, "in_progress", NULL };
  gint64 first_version;

  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, secretary_config, url (), NULL, publish);
    g_assert_cmpint (run.status, ==, 0);
    /* --json: one document on stdout, and no progress on stderr. */
    out = parse_out (&run);
    g_assert_cmpstr (json_string (out, "meeting_id"), ==, GOOD_MEETING);
    first_version = json_int (out, "packet_version");
    g_assert_cmpint (first_version, >=, 1);
    g_assert_true (plenum_is_uuid (json_string (out, "operation_id")));
    g_assert_cmpint (json_int (out, "blobs"), ==, 2);
    g_assert_cmpint (json_int (out, "blobs_uploaded"), <=, 2);
    g_assert_null (strstr (run.err, "upload:"));
  }
  /* Again: every blob is there, nothing is uploaded, the version goes up by one. */
  {
    g_auto(Run) run;
    g_autofree char *expected = g_strdup_printf ("packet version %" G_GINT64_FORMAT,
                                                 first_version + 1);

    run_ctl (&run, secretary_config, url (), NULL, again);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "2 already on the server, 0 new blobs to upload (0 bytes)"));
    g_assert_null (strstr (run.err, "upload:"));
    g_assert_nonnull (strstr (run.out, expected));
  }
  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;
    const cJSON *agenda;

    run_ctl (&run, secretary_config, url (), NULL, show);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_cmpstr (json_string (out, "chair_id"), ==, chair_id);
    agenda = cJSON_GetObjectItemCaseSensitive (out, "agenda");
    g_assert_cmpint (cJSON_GetArraySize (agenda), ==, 4);
    g_assert_cmpstr (json_string (cJSON_GetArrayItem (agenda, 2), "number"), ==, "3a");
  }
  {
    g_auto(Run) run;

    run_ctl (&run, secretary_config, url (), NULL, status);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, secretary_config, url (), NULL, show);
    out = parse_out (&run);
    g_assert_cmpstr (json_string (out, "status"), ==, "in_progress");
  }
}

static void
test_publish_new_folder (void)
{
  g_autofree char *meeting_id = g_uuid_string_random ();
  g_autofree char *folder = make_folder (meeting_id, "2", "second.pdf", TRUE);
  const char *publish[] = { "publish", folder, "--chair-id", chair_id,
                            "--vice-chair-id", vice_chair_id, NULL };
  guint before = count_blobs ();

  {
    g_auto(Run) run;

    run_ctl (&run, secretary_config, url (), NULL, publish);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "2 new blobs to upload"));
    g_assert_nonnull (strstr (run.err, "(second.pdf done)"));
    g_assert_nonnull (strstr (run.out, meeting_id));
    g_assert_nonnull (strstr (run.out, "packet version 1"));
    g_assert_cmpuint (count_blobs (), ==, before + 2);
  }
  {
    g_auto(Run) run;

    run_ctl (&run, secretary_config, url (), NULL, publish);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "0 new blobs to upload"));
    g_assert_nonnull (strstr (run.out, "packet version 2"));
    g_assert_cmpuint (count_blobs (), ==, before + 2);
  }
}

/* Bad folders are refused (exit 4) before anything is uploaded: each has a fresh PDF
 * the server lacks, and the server's blob count stays as it was. */
static void
test_publish_bad_folders (void)
{
  struct {
    const char *number;
    const char *file;
    gboolean    write;
    const char *message;
  } cases[] = {
    { "2", "missing.pdf", FALSE, "missing.pdf" },
    { "2", "../x.pdf", FALSE, "“../x.pdf” is not a plain file name" },
    { "1", "second.pdf", TRUE, "items[1].number" },
    { "2", "notes.pdf", FALSE, "notes.pdf" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *meeting_id = g_uuid_string_random ();
      g_autofree char *folder = make_folder (meeting_id, cases[i].number, cases[i].file,
                                             cases[i].write);
      const char *publish[] = { "publish", folder, "--chair-id", chair_id, NULL };
      guint before = count_blobs ();
      g_auto(Run) run;

      if (g_str_equal (cases[i].file, "notes.pdf"))
        {
          g_autofree char *path = g_build_filename (folder, "notes.pdf", NULL);
          g_autoptr(GError) error = NULL;

          g_file_set_contents (path, "minutes, not a PDF\n", -1, &error);
          g_assert_no_error (error);
        }
      run_ctl (&run, secretary_config, url (), NULL, publish);
      g_assert_cmpint (run.status, ==, 4);
      if (strstr (run.err, cases[i].message) == NULL)
        g_error ("case %zu: “%s” not in: %s", i, cases[i].message, run.err);
      g_assert_null (strstr (run.err, "upload"));
      g_assert_cmpuint (count_blobs (), ==, before);
    }

  /* A folder that is not there at all. */
  {
    const char *publish[] = { "publish", "/nonexistent/packet", "--chair-id", chair_id, NULL };
    g_auto(Run) run;

    run_ctl (&run, secretary_config, url (), NULL, publish);
    g_assert_cmpint (run.status, ==, 4);
    g_assert_nonnull (strstr (run.err, "/nonexistent/packet: no such folder"));
  }
  /* A chair who is not a member of the body. */
  {
    g_autofree char *meeting_id = g_uuid_string_random ();
    g_autofree char *folder = make_folder (meeting_id, "2", "second.pdf", TRUE);
    g_autofree char *stranger = g_uuid_string_random ();
    const char *publish[] = { "publish", folder, "--chair-id", stranger, NULL };
    guint before = count_blobs ();
    g_auto(Run) run;

    run_ctl (&run, secretary_config, url (), NULL, publish);
    g_assert_cmpint (run.status, ==, 4);
    g_assert_nonnull (strstr (run.err, "meeting.chair"));
    g_assert_cmpuint (count_blobs (), ==, before);
  }
}

static void
test_publish_as_member (void)
{
  g_autofree char *config = signed_in_config (MEMBER, MEMBER_PIN, NULL);
  g_autofree char *meeting_id = g_uuid_string_random ();
  g_autofree char *folder = make_folder (meeting_id, "2", "second.pdf", TRUE);
  const char *publish[] = { "publish", folder, "--chair-id", chair_id,
                            "--vice-chair-id", vice_chair_id, NULL };
  const char *enrol[] = { "enrol", ROOM, "Ghế 99", NULL };
  guint before = count_blobs ();

  {
    g_auto(Run) run;

    run_ctl (&run, config, url (), NULL, publish);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "uploading new.pdf"));
    g_assert_cmpuint (count_blobs (), ==, before);
  }
  {
    g_auto(Run) run;

    run_ctl (&run, config, url (), NULL, enrol);
    g_assert_cmpint (run.status, ==, 2);
  }
}

/* terminals */

static cJSON *
post_json (const char *path,
           const char *authorization,
           const char *method,
           const char *body,
           guint       expected_status)
{
  g_autofree char *uri = g_strconcat (url (), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data;

  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  authorization);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, expected_status);
  data = g_bytes_get_data (answer, &length);
  if (length == 0)
    return NULL;
  return plenum_json_parse (data, (gssize) length, NULL);
}

static const cJSON *
find_terminal (const cJSON *root,
               const char  *id)
{
  const cJSON *terminal;

  cJSON_ArrayForEach (terminal, cJSON_GetObjectItemCaseSensitive (root, "terminals"))
    if (g_str_equal (json_string (terminal, "id"), id))
      return terminal;
  return NULL;
}

static void
test_terminals (void)
{
  g_autofree char *terminal_id = g_uuid_string_random ();
  g_autofree char *redeem = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *status_path = NULL;
  g_autofree char *report = NULL;
  g_autoptr(cJSON) redeemed = NULL;
  g_autoptr(cJSON) status_answer = NULL;
  const char *enrol[] = { "--json", "enrol", ROOM, "Ghế 05", NULL };
  const char *list[] = { "terminals", "--room", ROOM, NULL };
  const char *list_json[] = { "terminals", "--json", NULL };
  const char *list_other[] = { "terminals", "--room", "Phòng khác", NULL };
  const char *revoke[] = { "revoke", terminal_id, NULL };
  g_autofree char *unknown_id = g_uuid_string_random ();
  const char *revoke_unknown[] = { "revoke", unknown_id, NULL };
  const char *enrol_nowhere[] = { "enrol", "Phòng không có", "Ghế 1", NULL };

  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, secretary_config, url (), NULL, enrol);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    redeem = g_strdup_printf ("{\"code\":\"%s\",\"terminal_id\":\"%s\"}",
                              json_string (out, "code"), terminal_id);
  }
  /* The terminal redeems the code and reports what it holds. */
  redeemed = post_json ("/api/v1/terminals", NULL, "POST", redeem, 201);
  g_assert_nonnull (redeemed);
  authorization = g_strconcat ("Terminal ", json_string (redeemed, "credential"), NULL);
  status_path = g_strdup_printf ("/api/v1/terminals/%s/status", terminal_id);
  report = g_strdup_printf ("{\"reported_at\":\"2026-11-27T18:00:00Z\",\"meetings\":"
                            "[{\"meeting_id\":\"%s\",\"packet_version\":2,"
                            "\"documents_total\":4,\"documents_done\":3,"
                            "\"bytes_total\":5000,\"bytes_done\":4000}]}", GOOD_MEETING);
  status_answer = post_json (status_path, authorization, "PUT", report, 204);

  {
    g_auto(Run) run;

    run_ctl (&run, secretary_config, url (), NULL, list);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, terminal_id));
    g_assert_nonnull (strstr (run.out, "Ghế 05"));
    g_assert_nonnull (strstr (run.out, "3/4 documents, 4000/5000 bytes"));
  }
  {
    g_auto(Run) run;

    run_ctl (&run, secretary_config, url (), NULL, list_other);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_null (strstr (run.out, terminal_id));
  }
  {
    g_auto(Run) run;

    run_ctl (&run, secretary_config, url (), NULL, revoke);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;
    const cJSON *terminal;

    run_ctl (&run, secretary_config, url (), NULL, list_json);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    terminal = find_terminal (out, terminal_id);
    g_assert_nonnull (terminal);
    g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (terminal, "revoked")));
  }
  /* The revoked credential no longer works. */
  g_clear_pointer (&status_answer, cJSON_Delete);
  status_answer = post_json (status_path, authorization, "PUT", report, 401);
  {
    g_auto(Run) run;

    run_ctl (&run, secretary_config, url (), NULL, revoke_unknown);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(Run) run;

    run_ctl (&run, secretary_config, url (), NULL, enrol_nowhere);
    g_assert_cmpint (run.status, ==, 2);
  }
}

/* Exit codes that do not need a server answer. */
static void
test_exit_codes (void)
{
  g_autofree char *config = plenum_test_mkdtemp ("config");
  const char *sign_in[] = { "sign-in", SECRETARY, NULL };
  const char *help[] = { "--help", NULL };
  const char *unknown[] = { "frobnicate", NULL };
  const char *bad_status[] = { "status", GOOD_MEETING, "postponed", NULL };
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *gone_url = NULL;
  g_autoptr(GError) error = NULL;

  /* No server there: a port held by a socket that is bound but does not listen refuses
   * connections, and no other process can take it meanwhile. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  gone_url = g_strdup_printf ("http://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  {
    g_auto(Run) run;

    run_ctl (&run, config, gone_url, SECRETARY_PIN "\n", sign_in);
    g_assert_cmpint (run.status, ==, 3);
    g_assert_nonnull (strstr (run.err, "sign-in"));
  }
  /* Plain http to a host that is not loopback is refused before anything is sent. */
  {
    g_auto(Run) run;

    run_ctl (&run, config, "http://plenum.example.org", SECRETARY_PIN "\n", sign_in);
    g_assert_cmpint (run.status, ==, 1);
  }
  /* No server at all. */
  {
    g_auto(Run) run;

    run_ctl (&run, config, NULL, SECRETARY_PIN "\n", sign_in);
    g_assert_cmpint (run.status, ==, 1);
  }
  {
    g_auto(Run) run;

    run_ctl (&run, config, NULL, NULL, help);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Exit codes:"));
    g_assert_nonnull (strstr (run.out, "5  not signed in"));
  }
  {
    g_auto(Run) run;

    run_ctl (&run, config, url (), NULL, unknown);
    g_assert_cmpint (run.status, ==, 1);
  }
  {
    g_auto(Run) run;

    run_ctl (&run, secretary_config, url (), NULL, bad_status);
    g_assert_cmpint (run.status, ==, 1);
  }
}

/* pin */

/* plenumctl sign-in @name with @pin in a new config folder: its exit status. */
static int
sign_in_exit (const char *name,
              const char *pin)
{
  g_autofree char *config = plenum_test_mkdtemp ("config");
  g_autofree char *input = g_strconcat (pin, "\n", NULL);
  const char *args[] = { "sign-in", name, NULL };
  g_auto(Run) run;

  run_ctl (&run, config, url (), input, args);
  return run.status;
}

/* The secretariat sets a PIN from stdin and unlocks a locked name; "pin change" changes
 * the signed-in secretary's own; a member is refused (2); the PIN is never an argument. */
static void
test_pins (void)
{
  g_autofree char *member_config = signed_in_config (MEMBER, MEMBER_PIN, NULL);
  g_autofree char *fresh_config = plenum_test_mkdtemp ("config");
  const char *set[] = { "--json", "pin", "set", "bui.van.long", NULL };
  const char *unlock[] = { "--json", "pin", "unlock", "duong.van.khoa", NULL };
  const char *change[] = { "--json", "pin", "change", NULL };

  /* pin set: the new PIN from stdin; the member signs in with it, not the old one. */
  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, secretary_config, url (), "24681357\n", set);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_cmpstr (json_string (out, "name"), ==, "bui.van.long");
    g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (out, "done")));
    g_assert_null (strstr (run.out, "24681357"));
    g_assert_null (strstr (run.err, "24681357"));
    g_assert_cmpint (sign_in_exit ("bui.van.long", "100008"), ==, 2);
    g_assert_cmpint (sign_in_exit ("bui.van.long", "24681357"), ==, 0);
  }

  /* pin unlock: five wrong PINs lock the name, even the right PIN is refused; the unlock
   * lifts it at once. */
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (sign_in_exit ("duong.van.khoa", "000000"), ==, 2);
  g_assert_cmpint (sign_in_exit ("duong.van.khoa", "100011"), ==, 2);
  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, secretary_config, url (), NULL, unlock);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_cmpstr (json_string (out, "name"), ==, "duong.van.khoa");
    g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (out, "done")));
  }
  g_assert_cmpint (sign_in_exit ("duong.van.khoa", "100011"), ==, 0);

  /* A member's session is refused, for both; nothing changed. */
  {
    g_auto(Run) set_run;
    g_auto(Run) unlock_run;

    run_ctl (&set_run, member_config, url (), "11223344\n", set);
    g_assert_cmpint (set_run.status, ==, 2);
    g_assert_nonnull (strstr (set_run.err, "pin set"));
    run_ctl (&unlock_run, member_config, url (), NULL, unlock);
    g_assert_cmpint (unlock_run.status, ==, 2);
    g_assert_cmpint (sign_in_exit ("bui.van.long", "24681357"), ==, 0);
  }

  /* Usage: a PIN as an argument, no name, a bad PIN on stdin; not signed in. */
  {
    const char *pin_argument[] = { "pin", "set", "bui.van.long", "11223344", NULL };
    const char *no_name[] = { "pin", "set", NULL };
    const char *no_action[] = { "pin", NULL };
    g_auto(Run) a;
    g_auto(Run) b;
    g_auto(Run) c;
    g_auto(Run) d;
    g_auto(Run) e;

    run_ctl (&a, secretary_config, url (), "11223344\n", pin_argument);
    g_assert_cmpint (a.status, ==, 1);
    run_ctl (&b, secretary_config, url (), NULL, no_name);
    g_assert_cmpint (b.status, ==, 1);
    run_ctl (&c, secretary_config, url (), NULL, no_action);
    g_assert_cmpint (c.status, ==, 1);
    run_ctl (&d, secretary_config, url (), "12a4\n", set);
    g_assert_cmpint (d.status, ==, 1);
    run_ctl (&e, fresh_config, url (), "11223344\n", set);
    g_assert_cmpint (e.status, ==, 5);
    g_assert_cmpint (sign_in_exit ("bui.van.long", "24681357"), ==, 0);
  }

  /* pin change: the current and the new PIN, one line each; a wrong current PIN is
   * refused. Changed back after, for the other cases. */
  {
    g_auto(Run) wrong;
    g_auto(Run) changed;
    g_auto(Run) back;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&wrong, secretary_config, url (), "000000\n13572468\n", change);
    g_assert_cmpint (wrong.status, ==, 2);
    run_ctl (&changed, secretary_config, url (), SECRETARY_PIN "\n13572468\n", change);
    g_assert_cmpint (changed.status, ==, 0);
    out = parse_out (&changed);
    g_assert_cmpstr (json_string (out, "name"), ==, SECRETARY);
    g_assert_cmpint (sign_in_exit (SECRETARY, SECRETARY_PIN), ==, 2);
    g_assert_cmpint (sign_in_exit (SECRETARY, "13572468"), ==, 0);
    run_ctl (&back, secretary_config, url (), "13572468\n" SECRETARY_PIN "\n", change);
    g_assert_cmpint (back.status, ==, 0);
    g_assert_cmpint (sign_in_exit (SECRETARY, SECRETARY_PIN), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *accounts_dir = NULL;
  g_autofree char *accounts = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  plenum_test_init (&argc, &argv);
  plenum_json_init ();
  session = plenum_test_soup_session_new (NULL);

  /* The demo (its secretary, chair and room) plus the body tests/data/packets/good
   * names, seeded before the server starts. */
  accounts_dir = plenum_test_mkdtemp ("accounts");
  accounts = g_build_filename (accounts_dir, "accounts.json", NULL);
  g_file_set_contents (accounts, accounts_file, -1, &error);
  g_assert_no_error (error);
  data_dir = plenum_test_mkdtemp ("server");
  {
    const char *args[] = { "--data-dir", data_dir, "--demo", "--import-accounts", accounts,
                           NULL };

    status = plenum_test_server_run (args, &out, &err);
    if (status != 0)
      g_printerr ("%s%s", out, err);
    g_assert_cmpint (status, ==, 0);
  }
  shared_server = plenum_test_server_start (data_dir, NULL);
  {
    g_autofree char *config = signed_in_config (MEMBER, MEMBER_PIN, &chair_id);
    g_autofree char *vice_config = signed_in_config ("tran.thi.thu.ha", "222222",
                                                     &vice_chair_id);
  }
  secretary_config = signed_in_config (SECRETARY, SECRETARY_PIN, NULL);

  g_test_add_func ("/plenum/ctl/sign-in", test_sign_in);
  g_test_add_func ("/plenum/ctl/publish-good", test_publish_good);
  g_test_add_func ("/plenum/ctl/publish-new-folder", test_publish_new_folder);
  g_test_add_func ("/plenum/ctl/publish-bad-folders", test_publish_bad_folders);
  g_test_add_func ("/plenum/ctl/publish-as-member", test_publish_as_member);
  g_test_add_func ("/plenum/ctl/terminals", test_terminals);
  g_test_add_func ("/plenum/ctl/exit-codes", test_exit_codes);
  g_test_add_func ("/plenum/ctl/pins", test_pins);

  status = g_test_run ();

  g_clear_pointer (&shared_server, plenum_test_server_free);
  g_clear_pointer (&secretary_config, g_free);
  g_clear_pointer (&chair_id, g_free);
  g_clear_pointer (&vice_chair_id, g_free);
  g_clear_object (&session);
  return status;
}
