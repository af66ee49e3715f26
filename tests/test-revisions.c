/* test-revisions.c — revising, retracting and retiring documents, read-modify-write of
 * packets, wiping terminals and leases (docs/protocol.md, "Revisions and retraction",
 * "Wiping a terminal", "Leases"), through the real plenum-server and the real plenumctl
 * ($PLENUMCTL) on 127.0.0.1, with PDFs the test draws with cairo.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <libsoup/soup.h>

#include "core/plenum-hash.h"
#include "core/plenum-json.h"
#include "plenum-test-ctl.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-util.h"


/* The demo's secretary, chair and room (server/plenum-demo.c, server/main.c). */
#define SECRETARY     "ly.thi.hong"
#define SECRETARY_PIN "999999"
#define MEMBER        "nguyen.van.an"
#define MEMBER_PIN    "111111"
#define OTHER         "tran.thi.thu.ha"
#define OTHER_PIN     "222222"
#define BODY          "Ban Thường vụ Tỉnh ủy Vân Lĩnh"
#define ROOM          "Phòng họp số 1"

#define TERMINAL_READER "c3000000-0000-4000-8000-000000000001"
#define TERMINAL_WIPED  "c3000000-0000-4000-8000-000000000002"
#define TERMINAL_OTHER  "c3000000-0000-4000-8000-000000000003"
#define DESK            "c3000000-0000-4000-8000-0000000000de"

static PlenumTestServer *server;
static SoupSession *session;
static char *secretary;         /* tokens */
static char *member;
static char *secretary_config;  /* XDG_CONFIG_HOME with plenumctl signed in as secretary */

static const char *
url (void)
{
  return plenum_test_server_get_url (server);
}

/* ---- plenumctl -------------------------------------------------------------------- */

typedef PlenumTestCtlRun Run;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, plenum_test_ctl_run_clear)

/* Runs plenumctl --server URL @args (NULL-terminated) with @config as XDG_CONFIG_HOME and
 * @input on stdin, to its end (with a deadline). */
static void
run_ctl (Run                *run,
         const char         *config,
         const char         *input,
         const char * const *args)
{
  plenum_test_ctl_run (run, config, url (), input, args);
}

/* stdout as one JSON object (--json). */
static cJSON *
parse_out (const Run *run)
{
  g_autoptr(GError) error = NULL;
  cJSON *root = plenum_json_parse (run->out, -1, &error);

  g_assert_no_error (error);
  g_assert_true (cJSON_IsObject (root));
  return root;
}

/* ---- PDFs and packets ------------------------------------------------------------- */

static cairo_status_t
append_pdf_bytes (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A PDF of @n_pages pages with @text on each (a new blob for every new text); returns
 * its SHA-256. */
static char *
write_pdf (const char *path,
           const char *text,
           int         n_pages)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_pdf_bytes, bytes,
                                                                  595, 842);
  cairo_t *cr = cairo_create (surface);

  for (int i = 0; i < n_pages; i++)
    {
      cairo_move_to (cr, 72, 72);
      cairo_show_text (cr, text);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_file_set_contents (path, (const char *) bytes->data, bytes->len, &error);
  g_assert_no_error (error);
  return plenum_sha256_hex (bytes->data, bytes->len);
}

/* A packet folder of the demo's body for @meeting_id: item 1 with "Báo cáo" (report.pdf)
 * and item 2 with "Phụ lục" (annex.pdf). */
static char *
make_folder (const char *meeting_id,
             char      **report_sha,
             char      **annex_sha)
{
  char *folder = plenum_test_mkdtemp ("packet");
  g_autofree char *report = g_build_filename (folder, "report.pdf", NULL);
  g_autofree char *annex = g_build_filename (folder, "annex.pdf", NULL);
  g_autofree char *json_path = g_build_filename (folder, "packet.json", NULL);
  g_autofree char *fresh = g_uuid_string_random ();
  g_autofree char *fresh_annex = g_strconcat (fresh, " annex", NULL);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;

  *report_sha = write_pdf (report, fresh, 2);
  *annex_sha = write_pdf (annex, fresh_annex, 1);
  json = g_strdup_printf (
    "{ \"meeting\": { \"id\": \"%s\", \"body\": \"" BODY "\","
    "                 \"title\": \"Phiên họp thử sửa đổi tài liệu\","
    "                 \"starts_at\": \"2026-12-09T01:00:00Z\", \"location\": null,"
    "                 \"chair\": \"" MEMBER "\", \"vice_chair\": \"" OTHER "\" },"
    "  \"items\": ["
    "    { \"number\": \"1\", \"title\": \"Báo cáo\","
    "      \"documents\": [ { \"file\": \"report.pdf\", \"title\": \"Báo cáo\","
    "                         \"confidential\": true } ] },"
    "    { \"number\": \"2\", \"title\": \"Phụ lục\","
    "      \"documents\": [ { \"file\": \"annex.pdf\", \"title\": \"Phụ lục\" } ] } ] }",
    meeting_id);
  g_file_set_contents (json_path, json, -1, &error);
  g_assert_no_error (error);
  return folder;
}

static void
publish_folder (const char *folder,
                gint64      expected_version)
{
  const char *args[] = { "--json", "publish", folder, NULL };
  g_auto(Run) run;
  g_autoptr(cJSON) out = NULL;

  run_ctl (&run, secretary_config, NULL, args);
  g_assert_cmpint (run.status, ==, 0);
  out = parse_out (&run);
  g_assert_cmpint (plenum_test_json_get_int (out, "packet_version"), ==, expected_version);
}

/* GET the meeting as @who; asserts 200. */
static cJSON *
get_meeting (const char *meeting_id,
             const char *who)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s", meeting_id);
  g_autoptr(PlenumTestReply) reply = plenum_test_request (session, url (), "GET", path, who,
                                                          NULL);

  plenum_test_assert_status (reply, 200);
  return g_steal_pointer (&reply->json);
}

/* The document of item @number of @meeting, or NULL when the item has none. */
static const cJSON *
item_document (const cJSON *meeting,
               const char  *number)
{
  const cJSON *item;

  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (meeting, "agenda"))
    if (g_str_equal (plenum_test_json_get_string (item, "number"), number))
      return cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (item, "documents"), 0);
  g_assert_not_reached ();
  return NULL;
}

static const cJSON *
superseded_of (const cJSON *document)
{
  const cJSON *superseded = cJSON_GetObjectItemCaseSensitive (document, "superseded");

  g_assert_true (cJSON_IsArray (superseded));
  return superseded;
}

/* The status of @method (GET or HEAD) /api/v1/blobs/@sha256 as @who (a token or a
 * "Terminal …" value); a GET that succeeds must bring the blob's bytes. */
static guint
blob_status (const char *sha256,
             const char *who,
             const char *method)
{
  g_autofree char *uri = g_strdup_printf ("%s/api/v1/blobs/%s", url (), sha256);
  g_autofree char *authorization = g_str_has_prefix (who, "Terminal ")
                                   ? g_strdup (who) : g_strconcat ("Bearer ", who, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (g_str_equal (method, "GET") && soup_message_get_status (msg) == 200)
    {
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (body, &size);
      g_autofree char *hash = plenum_sha256_hex (data, size);

      g_assert_cmpstr (hash, ==, sha256);
    }
  return soup_message_get_status (msg);
}

/* Sends @method @path as the secretariat with @json; returns the reply. */
static PlenumTestReply *
secretariat (const char *method,
             const char *path,
             const char *json)
{
  return plenum_test_request (session, url (), method, path, secretary, json);
}

/* ---- revise, retire, retract ------------------------------------------------------ */

static void
test_revise (void)
{
  g_autofree char *meeting_id = g_uuid_string_random ();
  g_autofree char *report_sha = NULL;
  g_autofree char *annex_sha = NULL;
  g_autofree char *folder = make_folder (meeting_id, &report_sha, &annex_sha);
  g_autofree char *terminal = plenum_test_enrol_terminal (session, url (), secretary, ROOM,
                                                          "Ghế 31", TERMINAL_READER);
  g_autofree char *revision_dir = plenum_test_mkdtemp ("revision");
  g_autofree char *revision = g_build_filename (revision_dir, "report-v2.pdf", NULL);
  g_autofree char *revision_sha = write_pdf (revision, "the second version", 3);
  g_autofree char *report_id = NULL;
  g_autofree char *annex_id = NULL;
  g_autofree char *retire_path = NULL;
  g_autofree char *retract_path = NULL;
  g_autoptr(cJSON) meeting = NULL;
  const cJSON *document;
  const cJSON *version;

  publish_folder (folder, 1);
  meeting = get_meeting (meeting_id, member);
  report_id = g_strdup (plenum_test_json_get_string (item_document (meeting, "1"), "id"));
  annex_id = g_strdup (plenum_test_json_get_string (item_document (meeting, "2"), "id"));
  g_assert_cmpint (cJSON_GetArraySize (superseded_of (item_document (meeting, "1"))), ==, 0);
  g_assert_cmpint (plenum_test_json_get_int (meeting, "lease_seconds"), >=, 0);
  g_clear_pointer (&meeting, cJSON_Delete);

  /* plenumctl revise: uploads the new PDF, and the packet goes up by one with the same
   * document id; the old blob is listed as superseded and stays readable. */
  {
    const char *args[] = { "--json", "revise", meeting_id, report_id, revision, NULL };
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    g_assert_cmpuint (blob_status (revision_sha, secretary, "HEAD"), ==, 404);
    run_ctl (&run, secretary_config, NULL, args);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_cmpint (plenum_test_json_get_int (out, "packet_version"), ==, 2);
    g_assert_cmpstr (plenum_test_json_get_string (out, "sha256"), ==, revision_sha);
    g_assert_true (plenum_test_json_get_bool (out, "uploaded"));
  }
  meeting = get_meeting (meeting_id, member);
  g_assert_cmpint (plenum_test_json_get_int (meeting, "packet_version"), ==, 2);
  document = item_document (meeting, "1");
  g_assert_cmpstr (plenum_test_json_get_string (document, "id"), ==, report_id);
  g_assert_cmpstr (plenum_test_json_get_string (document, "sha256"), ==, revision_sha);
  g_assert_cmpint (plenum_test_json_get_int (document, "pages"), ==, 3);
  g_assert_cmpint (cJSON_GetArraySize (superseded_of (document)), ==, 1);
  version = cJSON_GetArrayItem (superseded_of (document), 0);
  g_assert_cmpstr (plenum_test_json_get_string (version, "sha256"), ==, report_sha);
  g_assert_cmpint (plenum_test_json_get_int (version, "pages"), ==, 2);
  g_assert_cmpint (plenum_test_json_get_int (version, "size"), >, 0);
  g_assert_nonnull (plenum_test_json_get_string (version, "superseded_at"));
  g_assert_null (cJSON_GetObjectItemCaseSensitive (version, "password"));
  g_assert_cmpint (cJSON_GetArraySize (superseded_of (item_document (meeting, "2"))), ==, 0);
  g_clear_pointer (&meeting, cJSON_Delete);
  g_assert_cmpuint (blob_status (report_sha, member, "GET"), ==, 200);
  g_assert_cmpuint (blob_status (report_sha, terminal, "GET"), ==, 200);
  g_assert_cmpuint (blob_status (revision_sha, terminal, "GET"), ==, 200);
  /* A terminal sees the superseded versions in its Meeting too. */
  meeting = get_meeting (meeting_id, terminal);
  g_assert_cmpint (cJSON_GetArraySize (superseded_of (item_document (meeting, "1"))), ==, 1);
  g_clear_pointer (&meeting, cJSON_Delete);

  /* Publishing the folder again brings the first blob back: it is no longer an earlier
   * version, and the revision it replaces is. */
  publish_folder (folder, 3);
  meeting = get_meeting (meeting_id, member);
  document = item_document (meeting, "1");
  g_assert_cmpstr (plenum_test_json_get_string (document, "id"), ==, report_id);
  g_assert_cmpstr (plenum_test_json_get_string (document, "sha256"), ==, report_sha);
  g_assert_cmpint (cJSON_GetArraySize (superseded_of (document)), ==, 1);
  g_assert_cmpstr (plenum_test_json_get_string (cJSON_GetArrayItem (superseded_of (document), 0),
                                                "sha256"), ==, revision_sha);
  g_clear_pointer (&meeting, cJSON_Delete);
  g_assert_cmpuint (blob_status (revision_sha, member, "GET"), ==, 200);

  /* retire: the earlier versions go, and so does a member's access to them. */
  {
    const char *args[] = { "--json", "retire", meeting_id, report_id, NULL };
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, secretary_config, NULL, args);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_cmpint (plenum_test_json_get_int (out, "packet_version"), ==, 4);
    g_assert_cmpint (cJSON_GetArraySize (superseded_of (out)), ==, 0);
  }
  meeting = get_meeting (meeting_id, member);
  g_assert_cmpint (plenum_test_json_get_int (meeting, "packet_version"), ==, 4);
  g_assert_cmpint (cJSON_GetArraySize (superseded_of (item_document (meeting, "1"))), ==, 0);
  g_clear_pointer (&meeting, cJSON_Delete);
  g_assert_cmpuint (blob_status (revision_sha, member, "GET"), ==, 404);
  g_assert_cmpuint (blob_status (revision_sha, terminal, "GET"), ==, 404);
  g_assert_cmpuint (blob_status (revision_sha, secretary, "HEAD"), ==, 200);
  g_assert_cmpuint (blob_status (report_sha, member, "GET"), ==, 200);

  /* Nothing left to retire: answered, and no new version. */
  retire_path = g_strdup_printf ("/api/v1/meetings/%s/documents/%s/retire", meeting_id,
                                 report_id);
  {
    g_autofree char *operation = g_uuid_string_random ();
    g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\"}", operation);
    g_autoptr(PlenumTestReply) reply = secretariat ("POST", retire_path, body);

    plenum_test_assert_status (reply, 200);
    g_assert_cmpint (plenum_test_json_get_int (reply->json, "packet_version"), ==, 4);
  }

  /* retract: the document leaves the packet and its blob is no longer a member's. */
  {
    const char *args[] = { "--json", "retract", meeting_id, annex_id, NULL };
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, secretary_config, NULL, args);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_cmpint (plenum_test_json_get_int (out, "packet_version"), ==, 5);
    g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (out, "sha256")));
  }
  meeting = get_meeting (meeting_id, member);
  g_assert_null (item_document (meeting, "2"));
  g_assert_nonnull (item_document (meeting, "1"));
  g_clear_pointer (&meeting, cJSON_Delete);
  g_assert_cmpuint (blob_status (annex_sha, member, "GET"), ==, 404);

  /* A retracted (or never known) document is 404 to every change. */
  retract_path = g_strdup_printf ("/api/v1/meetings/%s/documents/%s/retract", meeting_id,
                                  annex_id);
  {
    g_autofree char *operation = g_uuid_string_random ();
    g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\"}", operation);
    g_autoptr(PlenumTestReply) reply = secretariat ("POST", retract_path, body);

    plenum_test_error_message (reply, 404, "not_found");
  }
  {
    const char *args[] = { "retract", meeting_id, annex_id, NULL };
    g_auto(Run) run;

    run_ctl (&run, secretary_config, NULL, args);
    g_assert_cmpint (run.status, ==, 2);
  }
}

/* PUT …/documents/{id}, POST …/retract and …/retire through HTTP: checks, 404s, 403 for a
 * member, and the same operation answered once. */
static void
test_operations (void)
{
  g_autofree char *meeting_id = g_uuid_string_random ();
  g_autofree char *report_sha = NULL;
  g_autofree char *annex_sha = NULL;
  g_autofree char *folder = make_folder (meeting_id, &report_sha, &annex_sha);
  g_autofree char *report_id = NULL;
  g_autofree char *annex_id = NULL;
  g_autofree char *revise_path = NULL;
  g_autofree char *operation = g_uuid_string_random ();
  g_autofree char *body = NULL;
  g_autoptr(cJSON) meeting = NULL;

  publish_folder (folder, 1);
  meeting = get_meeting (meeting_id, secretary);
  report_id = g_strdup (plenum_test_json_get_string (item_document (meeting, "1"), "id"));
  annex_id = g_strdup (plenum_test_json_get_string (item_document (meeting, "2"), "id"));
  g_clear_pointer (&meeting, cJSON_Delete);
  revise_path = g_strdup_printf ("/api/v1/meetings/%s/documents/%s", meeting_id, report_id);

  /* The annex's blob (on the server, a readable PDF) as the report's revision. */
  body = g_strdup_printf ("{\"operation_id\":\"%s\",\"sha256\":\"%s\"}", operation, annex_sha);
  {
    g_autoptr(PlenumTestReply) reply = plenum_test_request (session, url (), "PUT",
                                                            revise_path, member, body);

    plenum_test_error_message (reply, 403, "forbidden");
  }
  {
    g_autoptr(PlenumTestReply) first = secretariat ("PUT", revise_path, body);
    g_autoptr(PlenumTestReply) again = secretariat ("PUT", revise_path, body);

    plenum_test_assert_status (first, 200);
    plenum_test_assert_status (again, 200);
    g_assert_cmpint (plenum_test_json_get_int (first->json, "packet_version"), ==, 2);
    /* The replay is the first answer, not a third version. */
    g_assert_cmpint (plenum_test_json_get_int (again->json, "packet_version"), ==, 2);
    g_assert_cmpstr (plenum_test_json_get_string (item_document (again->json, "1"), "sha256"),
                     ==, annex_sha);
  }
  /* The same operation id for another request. */
  {
    g_autofree char *other = g_strdup_printf ("{\"operation_id\":\"%s\",\"sha256\":\"%s\"}",
                                              operation, report_sha);
    g_autoptr(PlenumTestReply) reply = secretariat ("PUT", revise_path, other);

    plenum_test_error_message (reply, 409, "conflict");
  }
  /* The checks of a packet's blob, naming this request's fields. */
  {
    g_autofree char *op = g_uuid_string_random ();
    g_autofree char *missing = g_strdup_printf ("{\"operation_id\":\"%s\",\"sha256\":\"%064d\"}",
                                                op, 0);
    g_autofree char *password = g_strdup_printf ("{\"operation_id\":\"%s\",\"sha256\":\"%s\","
                                                 "\"password\":\"geheim\"}", op, report_sha);
    g_autofree char *unknown_key = g_strdup_printf ("{\"operation_id\":\"%s\",\"sha256\":\"%s\","
                                                    "\"title\":\"x\"}", op, report_sha);
    g_autoptr(PlenumTestReply) r1 = secretariat ("PUT", revise_path, missing);
    g_autoptr(PlenumTestReply) r2 = secretariat ("PUT", revise_path, password);
    g_autoptr(PlenumTestReply) r3 = secretariat ("PUT", revise_path, unknown_key);

    plenum_test_error_message (r1, 409, "missing_blob");
    g_assert_nonnull (strstr (plenum_test_error_message (r2, 400, "bad_request"), "password"));
    g_assert_null (strstr (plenum_test_error_message (r2, 400, "bad_request"), "geheim"));
    plenum_test_error_message (r3, 400, "bad_request");
  }
  /* Unknown meeting and document. */
  {
    g_autofree char *op = g_uuid_string_random ();
    g_autofree char *stranger = g_uuid_string_random ();
    g_autofree char *json = g_strdup_printf ("{\"operation_id\":\"%s\"}", op);
    g_autofree char *p1 = g_strdup_printf ("/api/v1/meetings/%s/documents/%s/retire",
                                           stranger, report_id);
    g_autofree char *p2 = g_strdup_printf ("/api/v1/meetings/%s/documents/%s/retract",
                                           meeting_id, stranger);
    g_autoptr(PlenumTestReply) r1 = secretariat ("POST", p1, json);
    g_autoptr(PlenumTestReply) r2 = secretariat ("POST", p2, json);
    g_autoptr(PlenumTestReply) r3 = secretariat ("GET", p2, NULL);

    plenum_test_error_message (r1, 404, "not_found");
    plenum_test_error_message (r2, 404, "not_found");
    plenum_test_assert_status (r3, 405);
  }
  /* retract and retire are applied once per operation id. */
  {
    g_autofree char *op = g_uuid_string_random ();
    g_autofree char *json = g_strdup_printf ("{\"operation_id\":\"%s\"}", op);
    g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/documents/%s/retire",
                                             meeting_id, report_id);
    g_autoptr(PlenumTestReply) first = secretariat ("POST", path, json);
    g_autoptr(PlenumTestReply) again = secretariat ("POST", path, json);

    plenum_test_assert_status (first, 200);
    g_assert_cmpint (plenum_test_json_get_int (first->json, "packet_version"), ==, 3);
    g_assert_cmpint (cJSON_GetArraySize (superseded_of (item_document (first->json, "1"))),
                     ==, 0);
    plenum_test_assert_status (again, 200);
    g_assert_cmpint (plenum_test_json_get_int (again->json, "packet_version"), ==, 3);
  }
  {
    g_autofree char *op = g_uuid_string_random ();
    g_autofree char *json = g_strdup_printf ("{\"operation_id\":\"%s\"}", op);
    g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/documents/%s/retract",
                                             meeting_id, annex_id);
    g_autoptr(PlenumTestReply) first = secretariat ("POST", path, json);
    g_autoptr(PlenumTestReply) again = secretariat ("POST", path, json);

    plenum_test_assert_status (first, 200);
    g_assert_cmpint (plenum_test_json_get_int (first->json, "packet_version"), ==, 4);
    plenum_test_assert_status (again, 200);
    g_assert_cmpint (plenum_test_json_get_int (again->json, "packet_version"), ==, 4);
  }
  meeting = get_meeting (meeting_id, secretary);
  g_assert_cmpint (plenum_test_json_get_int (meeting, "packet_version"), ==, 4);
  g_assert_null (item_document (meeting, "2"));
}

/* The manifest's base_packet_version: a stale one is refused, the current one taken. */
static void
test_base_packet_version (void)
{
  g_autofree char *meeting_id = g_uuid_string_random ();
  g_autofree char *report_sha = NULL;
  g_autofree char *annex_sha = NULL;
  g_autofree char *folder = make_folder (meeting_id, &report_sha, &annex_sha);
  g_autofree char *packet_path = g_strdup_printf ("/api/v1/meetings/%s/packet", meeting_id);
  g_autoptr(cJSON) meeting = NULL;
  const char *body_id;
  const char *chair_id;

  /* A new meeting: its version is 0. */
  {
    g_autoptr(PlenumTestReply) bodies = secretariat ("GET", "/api/v1/bodies", NULL);
    g_autofree char *a_meeting = NULL;
    const cJSON *body;

    plenum_test_assert_status (bodies, 200);
    publish_folder (folder, 1);
    meeting = get_meeting (meeting_id, secretary);
    cJSON_ArrayForEach (body, cJSON_GetObjectItemCaseSensitive (bodies->json, "bodies"))
      if (g_str_equal (plenum_test_json_get_string (body, "name"), BODY))
        g_assert_cmpstr (plenum_test_json_get_string (body, "id"), ==,
                         plenum_test_json_get_string (meeting, "body_id"));
  }
  body_id = plenum_test_json_get_string (meeting, "body_id");
  chair_id = plenum_test_json_get_string (meeting, "chair_id");

  for (guint i = 0; i < 3; i++)
    {
      /* 0 and 2 are stale (the meeting is at version 1); 1 is current. */
      const gint64 base[] = { 0, 1, 1 };
      const guint expected[] = { 409, 200, 409 };
      g_autofree char *operation = g_uuid_string_random ();
      g_autofree char *json = g_strdup_printf (
        "{ \"operation_id\": \"%s\", \"base_packet_version\": %" G_GINT64_FORMAT ","
        "  \"meeting\": { \"body_id\": \"%s\", \"title\": \"Sửa đổi\","
        "                 \"starts_at\": \"2026-12-09T01:00:00Z\", \"location\": null,"
        "                 \"chair_id\": \"%s\", \"vice_chair_id\": null },"
        "  \"items\": [ { \"number\": \"1\", \"title\": \"Báo cáo\", \"closed_session\": false,"
        "                 \"documents\": [ { \"title\": \"Báo cáo\", \"sha256\": \"%s\","
        "                                    \"confidential\": false } ] } ] }",
        operation, base[i], body_id, chair_id, annex_sha);
      g_autoptr(PlenumTestReply) reply = secretariat ("PUT", packet_path, json);

      if (expected[i] == 409)
        g_assert_nonnull (strstr (plenum_test_error_message (reply, 409, "conflict"),
                                  i == 0 ? "(version 1)" : "(version 2)"));
      else
        {
          plenum_test_assert_status (reply, 200);
          g_assert_cmpint (plenum_test_json_get_int (reply->json, "packet_version"), ==, 2);
          /* The report's blob changed under the same title: superseded. */
          g_assert_cmpstr (plenum_test_json_get_string (cJSON_GetArrayItem (
                             superseded_of (item_document (reply->json, "1")), 0), "sha256"),
                           ==, report_sha);
          /* The annex's item was dropped, with its document. */
          g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (reply->json,
                                                                                 "agenda")),
                           ==, 1);
        }
    }

  /* A new meeting's base is 0. */
  {
    g_autofree char *fresh = g_uuid_string_random ();
    g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/packet", fresh);

    for (gint64 base = 1; base >= 0; base--)
      {
        g_autofree char *operation = g_uuid_string_random ();
        g_autofree char *json = g_strdup_printf (
          "{ \"operation_id\": \"%s\", \"base_packet_version\": %" G_GINT64_FORMAT ","
          "  \"meeting\": { \"body_id\": \"%s\", \"title\": \"Mới\","
          "                 \"starts_at\": \"2026-12-10T01:00:00Z\", \"location\": null,"
          "                 \"chair_id\": \"%s\", \"vice_chair_id\": null },"
          "  \"items\": [] }", operation, base, body_id, chair_id);
        g_autoptr(PlenumTestReply) reply = secretariat ("PUT", path, json);

        if (base == 1)
          plenum_test_error_message (reply, 409, "conflict");
        else
          plenum_test_assert_status (reply, 200);
      }
  }
  /* Not a version. */
  {
    g_autofree char *operation = g_uuid_string_random ();
    g_autofree char *json = g_strdup_printf (
      "{ \"operation_id\": \"%s\", \"base_packet_version\": -1,"
      "  \"meeting\": { \"body_id\": \"%s\", \"title\": \"Mới\","
      "                 \"starts_at\": \"2026-12-10T01:00:00Z\", \"location\": null,"
      "                 \"chair_id\": \"%s\", \"vice_chair_id\": null },"
      "  \"items\": [] }", operation, body_id, chair_id);
    g_autoptr(PlenumTestReply) reply = secretariat ("PUT", packet_path, json);

    g_assert_nonnull (strstr (plenum_test_error_message (reply, 400, "bad_request"),
                              "base_packet_version"));
  }
}

/* A revision to a password-protected PDF (opened by the server with the password) and
 * back: the superseded version keeps its password. */
static void
test_password (void)
{
  g_autofree char *meeting_id = g_uuid_string_random ();
  g_autofree char *report_sha = NULL;
  g_autofree char *annex_sha = NULL;
  g_autofree char *folder = make_folder (meeting_id, &report_sha, &annex_sha);
  g_autofree char *protected = plenum_test_data_path ("enc_aes256-R6_userpw-view.pdf");
  g_autofree char *plain = g_build_filename (folder, "report.pdf", NULL);
  g_autofree char *report_id = NULL;
  g_autoptr(cJSON) meeting = NULL;
  const cJSON *document;
  const cJSON *version;

  publish_folder (folder, 1);
  meeting = get_meeting (meeting_id, secretary);
  report_id = g_strdup (plenum_test_json_get_string (item_document (meeting, "1"), "id"));
  g_clear_pointer (&meeting, cJSON_Delete);

  /* Without the password, and with a wrong one: refused before anything is sent. */
  {
    const char *args[] = { "revise", meeting_id, report_id, protected, NULL };
    const char *with_password[] = { "revise", meeting_id, report_id, protected,
                                     "--password-stdin", NULL };
    g_auto(Run) run1;
    g_auto(Run) run2;

    run_ctl (&run1, secretary_config, NULL, args);
    g_assert_cmpint (run1.status, ==, 4);
    g_assert_nonnull (strstr (run1.err, "protected by a password"));
    run_ctl (&run2, secretary_config, "wrong-secret\n", with_password);
    g_assert_cmpint (run2.status, ==, 4);
    g_assert_null (strstr (run2.err, "wrong-secret"));
  }
  {
    const char *args[] = { "--json", "revise", meeting_id, report_id, protected,
                           "--password-stdin", NULL };
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, secretary_config, "view\n", args);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_cmpint (plenum_test_json_get_int (out, "packet_version"), ==, 2);
  }
  meeting = get_meeting (meeting_id, member);
  document = item_document (meeting, "1");
  g_assert_cmpstr (plenum_test_json_get_string (document, "password"), ==, "view");
  g_assert_cmpint (plenum_test_json_get_int (document, "pages"), ==, 30);
  version = cJSON_GetArrayItem (superseded_of (document), 0);
  g_assert_cmpstr (plenum_test_json_get_string (version, "sha256"), ==, report_sha);
  g_assert_null (cJSON_GetObjectItemCaseSensitive (version, "password"));
  g_clear_pointer (&meeting, cJSON_Delete);

  /* Back to the plain PDF: the protected one is superseded with its password. */
  {
    const char *args[] = { "revise", meeting_id, report_id, plain, NULL };
    g_auto(Run) run;

    run_ctl (&run, secretary_config, NULL, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "version 3"));
  }
  meeting = get_meeting (meeting_id, member);
  document = item_document (meeting, "1");
  g_assert_cmpstr (plenum_test_json_get_string (document, "sha256"), ==, report_sha);
  g_assert_null (cJSON_GetObjectItemCaseSensitive (document, "password"));
  g_assert_cmpint (cJSON_GetArraySize (superseded_of (document)), ==, 1);
  version = cJSON_GetArrayItem (superseded_of (document), 0);
  g_assert_cmpstr (plenum_test_json_get_string (version, "password"), ==, "view");
  g_assert_cmpint (plenum_test_json_get_int (version, "pages"), ==, 30);
}

/* ---- plenumctl's refusals ----------------------------------------------------------- */

static void
test_ctl_refusals (void)
{
  g_autofree char *meeting_id = g_uuid_string_random ();
  g_autofree char *report_sha = NULL;
  g_autofree char *annex_sha = NULL;
  g_autofree char *folder = make_folder (meeting_id, &report_sha, &annex_sha);
  g_autofree char *dir = plenum_test_mkdtemp ("refused");
  g_autofree char *not_pdf = g_build_filename (dir, "minutes.pdf", NULL);
  g_autofree char *target = g_build_filename (dir, "target.pdf", NULL);
  g_autofree char *link = g_build_filename (dir, "link.pdf", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.pdf", NULL);
  g_autofree char *target_sha = write_pdf (target, "a fresh PDF behind a link", 1);
  g_autofree char *not_pdf_sha = plenum_sha256_hex ("minutes, not a PDF\n", 19);
  g_autofree char *report_id = NULL;
  g_autofree char *unknown = g_uuid_string_random ();
  g_autoptr(cJSON) meeting = NULL;
  g_autoptr(GError) error = NULL;
  struct {
    const char *file;
    const char *message;
  } cases[] = {
    { not_pdf, "not a PDF" },
    { missing, "no such file" },
    { link, "symbolic link" },
    { dir, "folder" },
  };

  publish_folder (folder, 1);
  meeting = get_meeting (meeting_id, secretary);
  report_id = g_strdup (plenum_test_json_get_string (item_document (meeting, "1"), "id"));
  g_file_set_contents (not_pdf, "minutes, not a PDF\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (symlink (target, link), ==, 0);

  /* Refused before any request: the blobs never reach the server. */
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[] = { "revise", meeting_id, report_id, cases[i].file, NULL };
      g_auto(Run) run;

      run_ctl (&run, secretary_config, NULL, args);
      g_assert_cmpint (run.status, ==, 4);
      if (strstr (run.err, cases[i].message) == NULL)
        g_error ("case %zu: “%s” not in: %s", i, cases[i].message, run.err);
      g_assert_null (strstr (run.err, "upload"));
    }
  g_assert_cmpuint (blob_status (not_pdf_sha, secretary, "HEAD"), ==, 404);
  g_assert_cmpuint (blob_status (target_sha, secretary, "HEAD"), ==, 404);

  /* A password for a PDF that needs none. */
  {
    const char *args[] = { "revise", meeting_id, report_id, target, "--password-stdin", NULL };
    g_auto(Run) run;

    run_ctl (&run, secretary_config, "geheim\n", args);
    g_assert_cmpint (run.status, ==, 4);
    g_assert_nonnull (strstr (run.err, "opens without one"));
    g_assert_null (strstr (run.err, "geheim"));
    g_assert_cmpuint (blob_status (target_sha, secretary, "HEAD"), ==, 404);
  }
  /* Bad ids: usage errors. */
  {
    const char *args[] = { "revise", "not-a-meeting", report_id, target, NULL };
    g_auto(Run) run;

    run_ctl (&run, secretary_config, NULL, args);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "MEETING_ID"));
  }
  /* An unknown document: the server refuses (exit 2), after the upload. */
  {
    const char *args[] = { "revise", meeting_id, unknown, target, NULL };
    g_auto(Run) run;

    run_ctl (&run, secretary_config, NULL, args);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    const char *args[] = { "retire", meeting_id, unknown, NULL };
    g_auto(Run) run;

    run_ctl (&run, secretary_config, NULL, args);
    g_assert_cmpint (run.status, ==, 2);
  }
  /* --help of each command. */
  {
    const char *commands[] = { "revise", "retract", "retire", "wipe", "lease" };

    for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
      {
        const char *args[] = { commands[i], "--help", NULL };
        g_auto(Run) run;

        run_ctl (&run, secretary_config, NULL, args);
        g_assert_cmpint (run.status, ==, 0);
        g_assert_nonnull (strstr (run.out, commands[i]));
      }
  }
}

/* ---- wipe ------------------------------------------------------------------------ */

/* The Terminal @terminal_id in GET /api/v1/terminals (asserted to be there). */
static cJSON *
listed_terminal (const char *terminal_id)
{
  g_autoptr(PlenumTestReply) reply = secretariat ("GET", "/api/v1/terminals", NULL);
  const cJSON *terminal;

  plenum_test_assert_status (reply, 200);
  cJSON_ArrayForEach (terminal, cJSON_GetObjectItemCaseSensitive (reply->json, "terminals"))
    if (g_str_equal (plenum_test_json_get_string (terminal, "id"), terminal_id))
      return cJSON_Duplicate (terminal, TRUE);
  g_assert_not_reached ();
  return NULL;
}

static void
test_wipe (void)
{
  g_autofree char *terminal = plenum_test_enrol_terminal (session, url (), secretary, ROOM,
                                                          "Ghế 32", TERMINAL_WIPED);
  g_autofree char *other = plenum_test_enrol_terminal (session, url (), secretary, ROOM,
                                                       "Ghế 33", TERMINAL_OTHER);
  g_autofree char *seated = plenum_test_sign_in (session, url (), OTHER, OTHER_PIN,
                                                 TERMINAL_WIPED, NULL);
  g_autofree char *elsewhere = plenum_test_sign_in (session, url (), OTHER, OTHER_PIN,
                                                    TERMINAL_OTHER, NULL);
  g_autofree char *wiped_path = g_strdup_printf ("/api/v1/terminals/%s/wiped", TERMINAL_WIPED);
  g_autoptr(PlenumTestStream) terminal_stream = NULL;
  g_autoptr(PlenumTestStream) seated_stream = NULL;
  g_autoptr(PlenumTestStream) elsewhere_stream = NULL;
  g_autoptr(cJSON) listed = NULL;

  listed = listed_terminal (TERMINAL_WIPED);
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (listed, "wipe")));
  g_clear_pointer (&listed, cJSON_Delete);

  /* Nothing to confirm yet; and only the terminal itself confirms. */
  {
    g_autoptr(PlenumTestReply) early = plenum_test_request (session, url (), "POST",
                                                            wiped_path, terminal, "{}");
    g_autoptr(PlenumTestReply) by_other = plenum_test_request (session, url (), "POST",
                                                               wiped_path, other, "{}");

    plenum_test_error_message (early, 409, "conflict");
    plenum_test_error_message (by_other, 403, "forbidden");
  }

  terminal_stream = plenum_test_stream_open (session, url (), terminal, "");
  seated_stream = plenum_test_stream_open (session, url (), seated, "");
  elsewhere_stream = plenum_test_stream_open (session, url (), elsewhere, "");

  /* A member cannot ask; an unknown terminal is 404. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/terminals/%s/wipe", TERMINAL_WIPED);
    g_autofree char *unknown = g_strdup_printf ("/api/v1/terminals/%s/wipe",
                                                "c3000000-0000-4000-8000-0000000000ff");
    g_autoptr(PlenumTestReply) by_member = plenum_test_request (session, url (), "POST", path,
                                                                member, "{}");
    g_autoptr(PlenumTestReply) not_there = secretariat ("POST", unknown, "{}");

    plenum_test_error_message (by_member, 403, "forbidden");
    plenum_test_error_message (not_there, 404, "not_found");
  }
  {
    const char *args[] = { "--json", "wipe", TERMINAL_WIPED, NULL };
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, secretary_config, NULL, args);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_cmpstr (plenum_test_json_get_string (out, "terminal_id"), ==, TERMINAL_WIPED);
  }

  /* The streams of the terminal and of the member signed in there end at once; another
   * terminal's member goes on. */
  plenum_test_stream_wait_end (terminal_stream);
  plenum_test_stream_wait_end (seated_stream);
  g_assert_false (elsewhere_stream->eof);

  {
    g_autoptr(PlenumTestReply) by_terminal = plenum_test_request (session, url (), "GET",
                                                                  "/api/v1/meetings",
                                                                  terminal, NULL);
    g_autoptr(PlenumTestReply) by_seated = plenum_test_request (session, url (), "GET",
                                                                "/api/v1/meetings",
                                                                seated, NULL);
    g_autoptr(PlenumTestReply) by_elsewhere = plenum_test_request (session, url (), "GET",
                                                                   "/api/v1/meetings",
                                                                   elsewhere, NULL);
    g_autoptr(PlenumTestReply) seated_confirms = plenum_test_request (session, url (), "POST",
                                                                      wiped_path, seated,
                                                                      "{}");

    g_assert_nonnull (strstr (plenum_test_error_message (by_terminal, 401, "terminal_wipe"),
                              "erase its documents"));
    plenum_test_error_message (by_seated, 401, "terminal_wipe");
    plenum_test_assert_status (by_elsewhere, 200);
    plenum_test_error_message (seated_confirms, 401, "terminal_wipe");
  }
  listed = listed_terminal (TERMINAL_WIPED);
  {
    const cJSON *wipe = cJSON_GetObjectItemCaseSensitive (listed, "wipe");

    g_assert_true (cJSON_IsObject (wipe));
    g_assert_nonnull (plenum_test_json_get_string (wipe, "requested_at"));
    g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (wipe, "wiped_at")));
  }
  g_clear_pointer (&listed, cJSON_Delete);

  /* The terminal confirms: 204, then its credential is revoked and the member's token
   * is gone. */
  {
    g_autoptr(PlenumTestReply) confirmed = plenum_test_request (session, url (), "POST",
                                                                wiped_path, terminal, NULL);
    g_autoptr(PlenumTestReply) after = plenum_test_request (session, url (), "GET",
                                                            "/api/v1/meetings", terminal,
                                                            NULL);
    g_autoptr(PlenumTestReply) again = plenum_test_request (session, url (), "POST",
                                                            wiped_path, terminal, NULL);
    g_autoptr(PlenumTestReply) by_seated = plenum_test_request (session, url (), "GET",
                                                                "/api/v1/meetings",
                                                                seated, NULL);

    plenum_test_assert_status (confirmed, 204);
    plenum_test_error_message (after, 401, "terminal_revoked");
    plenum_test_error_message (again, 401, "terminal_revoked");
    plenum_test_error_message (by_seated, 401, "unauthorized");
  }
  listed = listed_terminal (TERMINAL_WIPED);
  {
    const cJSON *wipe = cJSON_GetObjectItemCaseSensitive (listed, "wipe");

    g_assert_true (plenum_test_json_get_bool (listed, "revoked"));
    g_assert_nonnull (plenum_test_json_get_string (wipe, "requested_at"));
    g_assert_nonnull (plenum_test_json_get_string (wipe, "wiped_at"));
  }
  g_clear_pointer (&listed, cJSON_Delete);

  /* A revoked terminal cannot be asked again. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/terminals/%s/wipe", TERMINAL_WIPED);
    g_autoptr(PlenumTestReply) reply = secretariat ("POST", path, "{}");

    plenum_test_error_message (reply, 409, "conflict");
  }
  /* Enrolled again, it starts afresh. */
  {
    g_autofree char *renewed = plenum_test_enrol_terminal (session, url (), secretary, ROOM,
                                                           "Ghế 32", TERMINAL_WIPED);
    g_autoptr(PlenumTestReply) reply = plenum_test_request (session, url (), "GET",
                                                            "/api/v1/meetings", renewed, NULL);

    plenum_test_assert_status (reply, 200);
    listed = listed_terminal (TERMINAL_WIPED);
    g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (listed, "wipe")));
  }
}

/* ---- lease ----------------------------------------------------------------------- */

static void
test_lease (void)
{
  g_autoptr(PlenumTestReply) bodies = secretariat ("GET", "/api/v1/bodies", NULL);
  g_autofree char *body_id = NULL;
  g_autofree char *path = NULL;
  const cJSON *body;
  const char *refused[] = {
    "{\"lease_seconds\":-1}", "{\"lease_seconds\":59}", "{\"lease_seconds\":31536001}",
    "{\"lease_seconds\":\"3600\"}", "{\"lease_seconds\":3600.5}", "{}",
    "{\"lease_seconds\":3600,\"hours\":1}",
  };

  plenum_test_assert_status (bodies, 200);
  cJSON_ArrayForEach (body, cJSON_GetObjectItemCaseSensitive (bodies->json, "bodies"))
    if (g_str_equal (plenum_test_json_get_string (body, "name"), BODY))
      {
        body_id = g_strdup (plenum_test_json_get_string (body, "id"));
        /* The column's default: 7 days. */
        g_assert_cmpint (plenum_test_json_get_int (body, "lease_seconds"), ==, 604800);
      }
  g_assert_nonnull (body_id);
  path = g_strdup_printf ("/api/v1/bodies/%s/lease", body_id);

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(PlenumTestReply) reply = secretariat ("PUT", path, refused[i]);

      plenum_test_error_message (reply, 400, "bad_request");
    }
  {
    g_autofree char *unknown = g_strdup_printf ("/api/v1/bodies/%s/lease",
                                                "d4000000-0000-4000-8000-0000000000ff");
    g_autoptr(PlenumTestReply) not_there = secretariat ("PUT", unknown,
                                                        "{\"lease_seconds\":3600}");
    g_autoptr(PlenumTestReply) by_member = plenum_test_request (session, url (), "PUT", path,
                                                                member,
                                                                "{\"lease_seconds\":0}");

    plenum_test_error_message (not_there, 404, "not_found");
    plenum_test_error_message (by_member, 403, "forbidden");
  }
  {
    g_autoptr(PlenumTestReply) reply = secretariat ("PUT", path, "{\"lease_seconds\":60}");
    g_autoptr(PlenumTestReply) meetings = plenum_test_request (session, url (), "GET",
                                                               "/api/v1/meetings", member,
                                                               NULL);
    const cJSON *summary;
    guint n = 0;

    plenum_test_assert_status (reply, 200);
    g_assert_cmpstr (plenum_test_json_get_string (reply->json, "id"), ==, body_id);
    g_assert_cmpint (plenum_test_json_get_int (reply->json, "lease_seconds"), ==, 60);
    plenum_test_assert_status (meetings, 200);
    cJSON_ArrayForEach (summary, cJSON_GetObjectItemCaseSensitive (meetings->json, "meetings"))
      if (g_str_equal (plenum_test_json_get_string (summary, "body_id"), body_id))
        {
          g_assert_cmpint (plenum_test_json_get_int (summary, "lease_seconds"), ==, 60);
          n++;
        }
    g_assert_cmpuint (n, >, 0);
  }

  /* plenumctl lease BODY HOURS, by name; 0: never locked. */
  {
    const char *args[] = { "--json", "lease", BODY, "0", NULL };
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, secretary_config, NULL, args);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_cmpint (plenum_test_json_get_int (out, "lease_seconds"), ==, 0);
  }
  {
    const char *args[] = { "lease", body_id, "168", NULL };
    g_auto(Run) run;
    g_autoptr(PlenumTestReply) again = secretariat ("GET", "/api/v1/bodies", NULL);

    run_ctl (&run, secretary_config, NULL, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "168 hours"));
  }
  {
    const char *bad_hours[] = { "lease", BODY, "1.5", NULL };
    const char *no_body[] = { "lease", "Không có ban này", "1", NULL };
    g_auto(Run) run1;
    g_auto(Run) run2;

    run_ctl (&run1, secretary_config, NULL, bad_hours);
    g_assert_cmpint (run1.status, ==, 1);
    g_assert_nonnull (strstr (run1.err, "HOURS"));
    run_ctl (&run2, secretary_config, NULL, no_body);
    g_assert_cmpint (run2.status, ==, 2);
    g_assert_nonnull (strstr (run2.err, "Không có ban này"));
  }
  {
    g_autoptr(cJSON) meeting = NULL;
    g_autoptr(PlenumTestReply) meetings = plenum_test_request (session, url (), "GET",
                                                               "/api/v1/meetings", member,
                                                               NULL);
    const cJSON *first = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (meetings->json,
                                                                                "meetings"), 0);

    meeting = get_meeting (plenum_test_json_get_string (first, "id"), member);
    g_assert_cmpint (plenum_test_json_get_int (meeting, "lease_seconds"), ==, 168 * 3600);
  }
}

/* ---- main ------------------------------------------------------------------------ */

/* Signs plenumctl in as the secretariat in a new config folder. */
static char *
signed_in_config (void)
{
  char *config = plenum_test_mkdtemp ("config");
  const char *args[] = { "--json", "sign-in", SECRETARY, NULL };
  g_auto(Run) run;

  run_ctl (&run, config, SECRETARY_PIN "\n", args);
  g_assert_cmpint (run.status, ==, 0);
  return config;
}

int
main (int   argc,
      char *argv[])
{
  const char *demo[] = { "--demo", NULL };
  int status;

  plenum_test_init (&argc, &argv);
  plenum_json_init ();
  /* Three event streams at once, and requests beside them: more than libsoup's default
   * two connections per host. */
  session = plenum_test_soup_session_new ("max-conns-per-host", 8, "max-conns", 16, NULL);

  /* The demo: its secretary, its body with the chair and vice chair, and its room. */
  server = plenum_test_server_start (NULL, demo);
  /* Signed in from a desk (a terminal id that is not enrolled). */
  secretary = plenum_test_sign_in (session, url (), SECRETARY, SECRETARY_PIN, DESK, NULL);
  member = plenum_test_sign_in (session, url (), MEMBER, MEMBER_PIN, DESK, NULL);
  secretary_config = signed_in_config ();

  g_test_add_func ("/plenum/revisions/revise", test_revise);
  g_test_add_func ("/plenum/revisions/operations", test_operations);
  g_test_add_func ("/plenum/revisions/base-packet-version", test_base_packet_version);
  g_test_add_func ("/plenum/revisions/password", test_password);
  g_test_add_func ("/plenum/revisions/ctl-refusals", test_ctl_refusals);
  g_test_add_func ("/plenum/revisions/wipe", test_wipe);
  g_test_add_func ("/plenum/revisions/lease", test_lease);

  status = g_test_run ();

  g_clear_pointer (&server, plenum_test_server_free);
  g_clear_object (&session);
  g_free (secretary);
  g_free (member);
  g_free (secretary_config);
  return status;
}
