/* test-oparl.c — importing an OParl 1.1 Meeting: the reader (plenum_oparl_read()) on the
 * Meeting in tests/data/oparl/meeting.json with real PDFs beside it (three from
 * tests/data, one made with cairo), and `plenumctl import-oparl`, the real binary
 * ($PLENUMCTL), against a real plenum-server on 127.0.0.1: the meeting it publishes read
 * back with GET, importing again updates the same meeting, --dry-run and --json, and bad
 * exports refused (exit 4, the problem named) with nothing published.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <glib/gstdio.h>

#include "core/plenum-hash.h"
#include "core/plenum-json.h"
#include "packet/plenum-oparl.h"
#include "plenum-test-ctl.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-util.h"


/* The demo's secretary and two of its members (server/plenum-demo.c), and the body the
 * test adds for the imported meeting. */
#define SECRETARY     "ly.thi.hong"
#define SECRETARY_PIN "999999"
#define CHAIR         "nguyen.van.an"
#define VICE_CHAIR    "tran.thi.thu.ha"
#define BODY          "Ausschuss für Umwelt und Verkehr"
/* The fixture's OParl id, and the meeting id it is imported as: Python's
 * uuid.uuid5(uuid.NAMESPACE_URL, OPARL_ID). */
#define OPARL_ID      "https://ratsinfo.example.org/oparl/v1.1/body/1/meeting/4711"
#define MEETING_ID    "b0f91e60-8c58-56cf-a2e1-320e486e3dd2"

static const char accounts_file[] =
  "{ \"accounts\": [],"
  "  \"bodies\": [ { \"name\": \"" BODY "\","
  "                  \"members\": [ \"nguyen.van.an\", \"tran.thi.thu.ha\" ] } ] }";

static PlenumTestServer *shared_server;
static char *secretary_config;  /* XDG_CONFIG_HOME where plenumctl is signed in */
static char *secretary_token;   /* the secretary's own session, for GET */
static SoupSession *session;

/* ---- Running plenumctl ---------------------------------------------------------------- */

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
  plenum_test_ctl_run (run, config, plenum_test_server_get_url (shared_server), input, args);
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

static gboolean
json_bool (const cJSON *object,
           const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  g_assert_true (cJSON_IsBool (item));
  return cJSON_IsTrue (item);
}

/* The meeting @meeting_id as GET /api/v1/meetings/{id} answers the secretariat, or NULL
 * when the server does not know it (404). */
static cJSON *
get_meeting (const char *meeting_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s", meeting_id);
  g_autoptr(PlenumTestReply) reply = NULL;

  reply = plenum_test_request (session, plenum_test_server_get_url (shared_server), "GET",
                               path, secretary_token, NULL);
  if (reply->status == 404)
    return NULL;
  plenum_test_assert_status (reply, 200);
  g_assert_true (cJSON_IsObject (reply->json));
  return g_steal_pointer (&reply->json);
}

/* ---- An OParl export in a folder ----------------------------------------------------- */

static cairo_status_t
append_pdf_bytes (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A PDF of @n_pages pages with @text on each. */
static void
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
}

static void
copy_data_file (const char *data_name,
                const char *folder,
                const char *name)
{
  g_autofree char *from = plenum_test_data_path (data_name);
  g_autofree char *to = g_build_filename (folder, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, (gssize) length, &error);
  g_assert_no_error (error);
}

/* The fixture Meeting, parsed. */
static cJSON *
fixture (void)
{
  g_autofree char *path = plenum_test_data_path ("oparl/meeting.json");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  cJSON *root;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  root = plenum_json_parse (contents, -1, &error);
  g_assert_no_error (error);
  return root;
}

static void
write_json (const char  *folder,
            const cJSON *meeting)
{
  g_autofree char *path = g_build_filename (folder, "meeting.json", NULL);
  g_autofree char *text = plenum_json_print (meeting);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* A folder with @meeting as meeting.json (the fixture when NULL) and the fixture's four
 * PDFs beside it; vertrag.pdf is new every time (two pages). */
static char *
make_export (const cJSON *meeting)
{
  char *folder = plenum_test_mkdtemp ("oparl");
  g_autofree char *contract = g_build_filename (folder, "vertrag.pdf", NULL);
  g_autofree char *fresh = g_uuid_string_random ();

  copy_data_file ("packets/good/01-chuong-trinh.pdf", folder, "einladung.pdf");
  copy_data_file ("packets/good/02-bao-cao.pdf", folder, "beschluss-radverkehr.pdf");
  copy_data_file ("vi_vntex-man.pdf", folder, "anlage-lageplan.pdf");
  write_pdf (contract, fresh, 2);
  if (meeting != NULL)
    write_json (folder, meeting);
  else
    {
      g_autoptr(cJSON) root = fixture ();

      write_json (folder, root);
    }
  return folder;
}

static cJSON *
agenda_item (cJSON *meeting,
             int    index)
{
  cJSON *item = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (meeting, "agendaItem"),
                                    index);

  g_assert_nonnull (item);
  return item;
}

static void
replace_string (cJSON      *object,
                const char *key,
                const char *value)
{
  cJSON_DeleteItemFromObjectCaseSensitive (object, key);
  cJSON_AddStringToObject (object, key, value);
}

static char *
file_sha256 (const char *folder,
             const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return plenum_sha256_hex (contents, length);
}

static const PlenumPacketFolderItem *
folder_item (const PlenumPacketFolder *folder,
             guint                     index)
{
  g_assert_cmpuint (index, <, folder->items->len);
  return g_ptr_array_index (folder->items, index);
}

static const PlenumPacketFolderDocument *
folder_document (const PlenumPacketFolder *folder,
                 guint                     item,
                 guint                     index)
{
  const PlenumPacketFolderItem *it = folder_item (folder, item);

  g_assert_cmpuint (index, <, it->documents->len);
  return g_ptr_array_index (it->documents, index);
}

/* ---- The reader ------------------------------------------------------------------------- */

static void
test_meeting_uuid (void)
{
  g_autofree char *id = plenum_oparl_meeting_uuid (OPARL_ID);
  g_autofree char *other = plenum_oparl_meeting_uuid ("https://ratsinfo.example.org/oparl/meeting/4711");

  /* Both from Python's uuid.uuid5(uuid.NAMESPACE_URL, …): anyone can derive them. */
  g_assert_cmpstr (id, ==, MEETING_ID);
  g_assert_cmpstr (other, ==, "984665dc-6150-5f75-9ef0-6b9d27c078c3");
  g_assert_true (plenum_is_uuid (id));
}

static void
test_read (void)
{
  g_autofree char *folder = make_export (NULL);
  g_autofree char *json = g_build_filename (folder, "meeting.json", NULL);
  g_autofree char *contract_sha256 = file_sha256 (folder, "vertrag.pdf");
  g_autofree char *invitation_sha256 = file_sha256 (folder, "einladung.pdf");
  g_autofree char *starts_at = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PlenumPacketFolder) packet = NULL;
  g_autoptr(GError) error = NULL;
  PlenumOparlOptions options = { BODY, CHAIR, VICE_CHAIR, NULL, NULL, FALSE };
  const PlenumPacketFolderDocument *document;

  packet = plenum_oparl_read (json, &options, warnings, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (packet);
  g_assert_cmpuint (warnings->len, ==, 0);

  g_assert_cmpstr (packet->folder, ==, folder);
  g_assert_cmpstr (packet->meeting_id, ==, MEETING_ID);
  g_assert_cmpstr (packet->body, ==, BODY);
  g_assert_cmpstr (packet->title, ==, "12. Sitzung des Ausschusses für Umwelt und Verkehr");
  starts_at = plenum_time_format (packet->starts_at);
  g_assert_cmpstr (starts_at, ==, "2026-12-03T15:00:00Z");
  g_assert_cmpstr (packet->location, ==, "Rathaus, Sitzungssaal 2");
  g_assert_cmpstr (packet->chair, ==, CHAIR);
  g_assert_cmpstr (packet->vice_chair, ==, VICE_CHAIR);

  /* Item 0 holds the invitation; the agenda follows `order`, not the array; the item
   * without a number gets its position. */
  g_assert_cmpuint (packet->items->len, ==, 4);
  g_assert_cmpstr (folder_item (packet, 0)->number, ==, "0");
  g_assert_cmpstr (folder_item (packet, 0)->title, ==, "Documents of the meeting");
  g_assert_cmpstr (folder_item (packet, 1)->number, ==, "1");
  g_assert_cmpstr (folder_item (packet, 1)->title, ==, "Eröffnung und Feststellung der Tagesordnung");
  g_assert_cmpuint (folder_item (packet, 1)->documents->len, ==, 0);
  g_assert_cmpstr (folder_item (packet, 2)->number, ==, "2");
  g_assert_cmpstr (folder_item (packet, 3)->number, ==, "3");
  g_assert_cmpstr (folder_item (packet, 3)->title, ==, "Grundstücksangelegenheiten");
  for (guint i = 0; i < 3; i++)
    g_assert_false (folder_item (packet, i)->closed_session);
  g_assert_true (folder_item (packet, 3)->closed_session);

  document = folder_document (packet, 0, 0);
  g_assert_cmpstr (document->file, ==, "einladung.pdf");
  g_assert_cmpstr (document->title, ==, "Einladung zur 12. Sitzung");
  g_assert_cmpstr (document->sha256, ==, invitation_sha256);
  g_assert_cmpuint (document->size, ==, 10652);
  g_assert_cmpint (document->pages, ==, 1);
  g_assert_false (document->confidential);
  g_assert_null (document->password);
  g_assert_true (g_str_has_prefix (document->path, folder));

  /* The resolution first, then the attachments. */
  g_assert_cmpuint (folder_item (packet, 2)->documents->len, ==, 2);
  g_assert_cmpstr (folder_document (packet, 2, 0)->title, ==, "Beschlussvorlage Radverkehr");
  g_assert_cmpint (folder_document (packet, 2, 0)->pages, ==, 3);
  g_assert_cmpstr (folder_document (packet, 2, 1)->title, ==, "Anlage 1: Lageplan");
  g_assert_cmpint (folder_document (packet, 2, 1)->pages, ==, 7);

  /* Not public: a closed session, and its documents confidential. */
  document = folder_document (packet, 3, 0);
  g_assert_cmpstr (document->title, ==, "Vertragsentwurf");
  g_assert_cmpstr (document->sha256, ==, contract_sha256);
  g_assert_cmpint (document->pages, ==, 2);
  g_assert_true (document->confidential);

  /* --meeting-id and the title of item 0 as given. */
  {
    PlenumOparlOptions given = { BODY, CHAIR, NULL, "0b6f7c1e-2d4a-4e8b-9c3f-5a1d2e3f4a5b",
                                 "Unterlagen der Sitzung", FALSE };
    g_autoptr(PlenumPacketFolder) again = plenum_oparl_read (json, &given, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (again->meeting_id, ==, "0b6f7c1e-2d4a-4e8b-9c3f-5a1d2e3f4a5b");
    g_assert_cmpstr (folder_item (again, 0)->title, ==, "Unterlagen der Sitzung");
    g_assert_null (again->vice_chair);
  }
}

/* What OParl leaves open: no `order` (array order), no files at meeting level (no item
 * 0), a Location without description, or only its URL; extension fields anywhere. */
static void
test_read_variants (void)
{
  PlenumOparlOptions options = { BODY, CHAIR, NULL, NULL, NULL, FALSE };
  g_autoptr(cJSON) meeting = fixture ();
  cJSON *location = cJSON_GetObjectItemCaseSensitive (meeting, "location");
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PlenumPacketFolder) packet = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  for (int i = 0; i < 3; i++)
    cJSON_DeleteItemFromObjectCaseSensitive (agenda_item (meeting, i), "order");
  cJSON_DeleteItemFromObjectCaseSensitive (meeting, "invitation");
  cJSON_DeleteItemFromObjectCaseSensitive (location, "description");
  cJSON_AddStringToObject (location, "room", "Sitzungssaal 2");
  cJSON_AddStringToObject (agenda_item (meeting, 1), "x-vendor:note", "ignored");
  text = plenum_json_print (meeting);

  packet = plenum_oparl_parse (NULL, "meeting.json", text, strlen (text), &options, warnings,
                               &error);
  g_assert_no_error (error);
  g_assert_cmpuint (packet->items->len, ==, 3);
  g_assert_cmpstr (folder_item (packet, 0)->number, ==, "2");
  g_assert_cmpstr (folder_item (packet, 1)->number, ==, "1");
  g_assert_cmpstr (folder_item (packet, 2)->number, ==, "3");
  g_assert_cmpstr (packet->location, ==, "Sitzungssaal 2, Marktplatz 1, 12345 Musterstadt");
  g_assert_null (folder_document (packet, 0, 0)->path);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_clear_pointer (&packet, plenum_packet_folder_free);
  g_clear_pointer (&text, g_free);

  cJSON_DeleteItemFromObjectCaseSensitive (meeting, "location");
  cJSON_AddStringToObject (meeting, "location",
                           "https://ratsinfo.example.org/oparl/v1.1/body/1/location/17");
  text = plenum_json_print (meeting);
  packet = plenum_oparl_parse (NULL, "meeting.json", text, strlen (text), &options, warnings,
                               &error);
  g_assert_no_error (error);
  g_assert_null (packet->location);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "location: is a URL"));
}

/* ---- plenumctl import-oparl ----------------------------------------------------------- */

static void
test_import (void)
{
  g_autofree char *folder = make_export (NULL);
  g_autofree char *json = g_build_filename (folder, "meeting.json", NULL);
  g_autofree char *contract_sha256 = file_sha256 (folder, "vertrag.pdf");
  const char *import[] = { "--json", "import-oparl", json, "--body", BODY, "--chair", CHAIR,
                           "--vice-chair", VICE_CHAIR, NULL };
  const char *again[] = { "import-oparl", json, "--body", BODY, "--chair", CHAIR,
                          "--vice-chair", VICE_CHAIR, NULL };
  g_autoptr(cJSON) meeting = NULL;
  const cJSON *agenda, *item, *documents, *document;
  gint64 version;

  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, secretary_config, NULL, import);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_cmpstr (json_string (out, "meeting_id"), ==, MEETING_ID);
    g_assert_cmpint (json_int (out, "blobs"), ==, 4);
    version = json_int (out, "packet_version");
    g_assert_cmpint (version, >=, 1);
  }

  meeting = get_meeting (MEETING_ID);
  g_assert_nonnull (meeting);
  g_assert_cmpstr (json_string (meeting, "title"), ==,
                   "12. Sitzung des Ausschusses für Umwelt und Verkehr");
  g_assert_cmpstr (json_string (meeting, "starts_at"), ==, "2026-12-03T15:00:00Z");
  g_assert_cmpstr (json_string (meeting, "location"), ==, "Rathaus, Sitzungssaal 2");
  agenda = cJSON_GetObjectItemCaseSensitive (meeting, "agenda");
  g_assert_cmpint (cJSON_GetArraySize (agenda), ==, 4);

  item = cJSON_GetArrayItem (agenda, 0);
  g_assert_cmpstr (json_string (item, "number"), ==, "0");
  documents = cJSON_GetObjectItemCaseSensitive (item, "documents");
  g_assert_cmpint (cJSON_GetArraySize (documents), ==, 1);
  g_assert_cmpstr (json_string (cJSON_GetArrayItem (documents, 0), "title"), ==,
                   "Einladung zur 12. Sitzung");

  item = cJSON_GetArrayItem (agenda, 1);
  g_assert_cmpstr (json_string (item, "number"), ==, "1");
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (item, "documents")),
                   ==, 0);

  item = cJSON_GetArrayItem (agenda, 2);
  g_assert_cmpstr (json_string (item, "number"), ==, "2");
  g_assert_cmpstr (json_string (item, "title"), ==, "Radverkehrskonzept Innenstadt");
  g_assert_false (json_bool (item, "closed_session"));
  documents = cJSON_GetObjectItemCaseSensitive (item, "documents");
  g_assert_cmpint (cJSON_GetArraySize (documents), ==, 2);
  g_assert_cmpint (json_int (cJSON_GetArrayItem (documents, 1), "pages"), ==, 7);

  item = cJSON_GetArrayItem (agenda, 3);
  g_assert_cmpstr (json_string (item, "number"), ==, "3");
  g_assert_true (json_bool (item, "closed_session"));
  document = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (item, "documents"), 0);
  g_assert_nonnull (document);
  g_assert_cmpstr (json_string (document, "sha256"), ==, contract_sha256);
  g_assert_true (json_bool (document, "confidential"));
  g_assert_cmpint (json_int (document, "pages"), ==, 2);

  /* Importing the same meeting again updates it: the same id, the next version, and no
   * blob to upload. */
  {
    g_auto(Run) run;
    g_autofree char *expected = g_strdup_printf ("Published meeting %s, packet version %"
                                                 G_GINT64_FORMAT, MEETING_ID, version + 1);

    run_ctl (&run, secretary_config, NULL, again);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, expected));
    g_assert_nonnull (strstr (run.err, "0 new blobs to upload"));
  }
}

static void
test_dry_run (void)
{
  g_autofree char *folder = make_export (NULL);
  g_autofree char *json = g_build_filename (folder, "meeting.json", NULL);
  g_autofree char *meeting_id = g_uuid_string_random ();
  const char *text[] = { "import-oparl", json, "--body", BODY, "--chair", CHAIR,
                         "--meeting-id", meeting_id, "--dry-run", NULL };
  const char *as_json[] = { "--json", "import-oparl", json, "--body", BODY, "--chair", CHAIR,
                            "--meeting-id", meeting_id, "--dry-run", NULL };
  g_autoptr(cJSON) meeting = NULL;

  {
    g_auto(Run) run;
    g_autofree char *expected = g_strdup_printf ("Would publish meeting %s", meeting_id);

    run_ctl (&run, secretary_config, NULL, text);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, expected));
    g_assert_nonnull (strstr (run.out, "Grundstücksangelegenheiten  (closed session)"));
    g_assert_nonnull (strstr (run.out, "vertrag.pdf  “Vertragsentwurf”, 2 pages"));
    g_assert_nonnull (strstr (run.out, "4 items, 4 documents"));
  }
  {
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;
    const cJSON *items;
    const cJSON *document;

    run_ctl (&run, secretary_config, NULL, as_json);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    g_assert_true (json_bool (out, "dry_run"));
    g_assert_cmpstr (json_string (out, "meeting_id"), ==, meeting_id);
    g_assert_cmpstr (json_string (out, "starts_at"), ==, "2026-12-03T15:00:00Z");
    items = cJSON_GetObjectItemCaseSensitive (out, "items");
    g_assert_cmpint (cJSON_GetArraySize (items), ==, 4);
    document = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (items, 2),
                                                                     "documents"), 0);
    g_assert_cmpstr (json_string (document, "file"), ==, "beschluss-radverkehr.pdf");
    g_assert_cmpint (json_int (document, "pages"), ==, 3);
    g_assert_cmpint (json_int (document, "size"), ==, 12063);
    g_assert_true (plenum_is_sha256_hex (json_string (document, "sha256")));
    g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (out, "warnings")),
                     ==, 0);
  }

  /* Nothing was sent. */
  meeting = get_meeting (meeting_id);
  g_assert_null (meeting);
}

/* A bad export: how to spoil the fixture (or its folder), and what the refusal says. */
typedef struct {
  const char *name;
  void      (*spoil) (cJSON *meeting, const char *folder);
  const char *expected[3];  /* in stderr */
} BadExport;

static void
spoil_mime_type (cJSON      *meeting,
                 const char *folder)
{
  cJSON *file = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (agenda_item (meeting, 0),
                                                                      "auxiliaryFile"), 0);

  replace_string (file, "fileName", "lageplan.odt");
  replace_string (file, "mimeType", "application/vnd.oasis.opendocument.text");
}

static void
spoil_not_pdf (cJSON      *meeting,
               const char *folder)
{
  g_autofree char *path = g_build_filename (folder, "vertrag.pdf", NULL);

  g_assert_true (g_file_set_contents (path, "Vertragsentwurf, nur Text\n", -1, NULL));
}

static void
spoil_missing_remote (cJSON      *meeting,
                      const char *folder)
{
  g_autofree char *path = g_build_filename (folder, "anlage-lageplan.pdf", NULL);

  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
spoil_missing (cJSON      *meeting,
               const char *folder)
{
  cJSON *file = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (agenda_item (meeting, 0),
                                                                      "auxiliaryFile"), 0);

  cJSON_DeleteItemFromObjectCaseSensitive (file, "accessUrl");
  spoil_missing_remote (meeting, folder);
}

static void
spoil_only_url (cJSON      *meeting,
                const char *folder)
{
  cJSON *invitation = cJSON_GetObjectItemCaseSensitive (meeting, "invitation");

  cJSON_DeleteItemFromObjectCaseSensitive (invitation, "fileName");
}

static void
spoil_file_as_url (cJSON      *meeting,
                   const char *folder)
{
  cJSON_DeleteItemFromObjectCaseSensitive (meeting, "invitation");
  cJSON_AddStringToObject (meeting, "invitation",
                           "https://ratsinfo.example.org/oparl/v1.1/body/1/file/901");
}

static void
spoil_climbing_name (cJSON      *meeting,
                     const char *folder)
{
  replace_string (cJSON_GetObjectItemCaseSensitive (meeting, "invitation"), "fileName",
                  "../einladung.pdf");
}

static void
spoil_symbolic_link (cJSON      *meeting,
                     const char *folder)
{
  g_autofree char *path = g_build_filename (folder, "einladung.pdf", NULL);
  g_autofree char *elsewhere = g_build_filename (folder, "..", "einladung-elsewhere.pdf",
                                                 NULL);

  g_assert_cmpint (g_rename (path, elsewhere), ==, 0);
  g_assert_cmpint (symlink (elsewhere, path), ==, 0);
}

static void
spoil_sha512 (cJSON      *meeting,
              const char *folder)
{
  char wrong[129];

  memset (wrong, 'a', 128);
  wrong[128] = '\0';
  replace_string (cJSON_GetObjectItemCaseSensitive (meeting, "invitation"), "sha512Checksum",
                  wrong);
}

static void
spoil_size (cJSON      *meeting,
            const char *folder)
{
  cJSON *resolution = cJSON_GetObjectItemCaseSensitive (agenda_item (meeting, 0),
                                                        "resolutionFile");

  cJSON_DeleteItemFromObjectCaseSensitive (resolution, "size");
  cJSON_AddNumberToObject (resolution, "size", 12062);
}

static void
spoil_type (cJSON      *meeting,
            const char *folder)
{
  replace_string (meeting, "type", "https://schema.oparl.org/1.1/Paper");
}

static void
spoil_cancelled (cJSON      *meeting,
                 const char *folder)
{
  cJSON_DeleteItemFromObjectCaseSensitive (meeting, "cancelled");
  cJSON_AddTrueToObject (meeting, "cancelled");
}

static void
spoil_public (cJSON      *meeting,
              const char *folder)
{
  cJSON *item = agenda_item (meeting, 2);

  cJSON_DeleteItemFromObjectCaseSensitive (item, "public");
  cJSON_AddStringToObject (item, "public", "nein");
}

static void
spoil_duplicate_number (cJSON      *meeting,
                        const char *folder)
{
  replace_string (agenda_item (meeting, 0), "number", "1");
}

static void
spoil_some_order (cJSON      *meeting,
                  const char *folder)
{
  cJSON_DeleteItemFromObjectCaseSensitive (agenda_item (meeting, 1), "order");
}

static void
spoil_missing_name (cJSON      *meeting,
                    const char *folder)
{
  cJSON_DeleteItemFromObjectCaseSensitive (agenda_item (meeting, 2), "name");
}

static void
spoil_malformed (cJSON      *meeting,
                 const char *folder)
{
  g_autofree char *path = g_build_filename (folder, "meeting.json", NULL);
  g_autofree char *text = plenum_json_print (meeting);

  /* Cut short, as a failed download leaves it. */
  text[strlen (text) / 2] = '\0';
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static const BadExport bad_exports[] = {
  { "mime-type", spoil_mime_type,
    { "lageplan.odt", "application/vnd.oasis.opendocument.text", "agendaItem[0].auxiliaryFile[0].mimeType" } },
  { "not-pdf", spoil_not_pdf, { "vertrag.pdf", "not a PDF", NULL } },
  { "missing-remote", spoil_missing_remote,
    { "anlage-lageplan.pdf", "does not download", "file/912/access" } },
  { "missing", spoil_missing, { "anlage-lageplan.pdf", "no such file", NULL } },
  { "only-url", spoil_only_url, { "invitation", "does not download", NULL } },
  { "file-as-url", spoil_file_as_url, { "invitation", "not a File object", NULL } },
  { "climbing-name", spoil_climbing_name,
    { "invitation.fileName", "../einladung.pdf", "not a plain file name" } },
  { "symbolic-link", spoil_symbolic_link, { "einladung.pdf", "symbolic link", NULL } },
  { "sha512", spoil_sha512, { "invitation.sha512Checksum", "does not match", NULL } },
  { "size", spoil_size, { "agendaItem[0].resolutionFile.size", "does not match", NULL } },
  { "type", spoil_type, { "type", "https://schema.oparl.org/1.1/Paper", "Meeting" } },
  { "cancelled", spoil_cancelled, { "cancelled", NULL, NULL } },
  { "public", spoil_public, { "agendaItem[2].public", NULL, NULL } },
  { "duplicate-number", spoil_duplicate_number, { "agendaItem[1]", "“1”", "agendaItem[0]" } },
  { "some-order", spoil_some_order, { "agendaItem[1].order", "missing", NULL } },
  { "missing-name", spoil_missing_name, { "agendaItem[2].name", NULL, NULL } },
  { "malformed", spoil_malformed, { "meeting.json", NULL, NULL } },
};

/* Each bad export is refused with exit 4, naming the problem, and nothing is published:
 * imported as an existing meeting its packet version stays; under its own derived id
 * the meeting stays unknown. */
static void
test_bad_exports (void)
{
  g_autofree char *meeting_id = g_uuid_string_random ();
  gint64 version;

  {
    g_autofree char *folder = make_export (NULL);
    g_autofree char *json = g_build_filename (folder, "meeting.json", NULL);
    const char *import[] = { "--json", "import-oparl", json, "--body", BODY, "--chair", CHAIR,
                             "--meeting-id", meeting_id, NULL };
    g_auto(Run) run;
    g_autoptr(cJSON) out = NULL;

    run_ctl (&run, secretary_config, NULL, import);
    g_assert_cmpint (run.status, ==, 0);
    out = parse_out (&run);
    version = json_int (out, "packet_version");
  }

  for (gsize i = 0; i < G_N_ELEMENTS (bad_exports); i++)
    {
      const BadExport *bad = &bad_exports[i];
      g_autoptr(cJSON) meeting = fixture ();
      g_autofree char *folder = NULL;
      g_autofree char *json = NULL;
      g_autofree char *oparl_id = g_strdup_printf ("https://ratsinfo.example.org/oparl/bad/%s",
                                                   bad->name);
      g_autofree char *derived = plenum_oparl_meeting_uuid (oparl_id);
      g_autoptr(cJSON) unknown = NULL;

      g_test_message ("bad export: %s", bad->name);
      replace_string (meeting, "id", oparl_id);
      folder = make_export (meeting);
      json = g_build_filename (folder, "meeting.json", NULL);
      bad->spoil (meeting, folder);
      if (bad->spoil != spoil_malformed && bad->spoil != spoil_not_pdf &&
          bad->spoil != spoil_missing_remote && bad->spoil != spoil_symbolic_link)
        write_json (folder, meeting);

      {
        const char *as_existing[] = { "import-oparl", json, "--body", BODY, "--chair", CHAIR,
                                      "--meeting-id", meeting_id, NULL };
        const char *as_derived[] = { "--json", "import-oparl", json, "--body", BODY,
                                     "--chair", CHAIR, NULL };
        g_auto(Run) run;
        g_auto(Run) derived_run;

        run_ctl (&run, secretary_config, NULL, as_existing);
        g_assert_cmpint (run.status, ==, 4);
        for (guint j = 0; j < G_N_ELEMENTS (bad->expected) && bad->expected[j] != NULL; j++)
          if (strstr (run.err, bad->expected[j]) == NULL)
            g_error ("%s: “%s” not in: %s", bad->name, bad->expected[j], run.err);
        g_assert_cmpstr (run.out, ==, "");

        run_ctl (&derived_run, secretary_config, NULL, as_derived);
        g_assert_cmpint (derived_run.status, ==, 4);
        g_assert_cmpstr (derived_run.out, ==, "");
      }
      unknown = get_meeting (derived);
      g_assert_null (unknown);
    }

  {
    g_autoptr(cJSON) meeting = get_meeting (meeting_id);

    g_assert_nonnull (meeting);
    g_assert_cmpint (json_int (meeting, "packet_version"), ==, version);
  }
}

/* --skip-non-pdf leaves a non-PDF File out, with a warning. */
static void
test_skip_non_pdf (void)
{
  g_autoptr(cJSON) meeting = fixture ();
  g_autofree char *folder = NULL;
  g_autofree char *json = NULL;
  const char *args[] = { "--json", "import-oparl", NULL, "--body", BODY, "--chair", CHAIR,
                         "--dry-run", "--skip-non-pdf", NULL };
  g_auto(Run) run;
  g_autoptr(cJSON) out = NULL;
  const cJSON *items, *warnings;

  spoil_mime_type (meeting, NULL);
  folder = make_export (meeting);
  json = g_build_filename (folder, "meeting.json", NULL);
  args[2] = json;
  run_ctl (&run, secretary_config, NULL, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "warning: meeting.json: agendaItem[0].auxiliaryFile[0]: "
                                     "left out"));
  out = parse_out (&run);
  items = cJSON_GetObjectItemCaseSensitive (out, "items");
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (items, 2),
                                                                         "documents")), ==, 1);
  warnings = cJSON_GetObjectItemCaseSensitive (out, "warnings");
  g_assert_cmpint (cJSON_GetArraySize (warnings), ==, 1);
  g_assert_nonnull (strstr (cJSON_GetArrayItem (warnings, 0)->valuestring, "lageplan.odt"));
}

static void
test_usage (void)
{
  g_autofree char *folder = make_export (NULL);
  g_autofree char *json = g_build_filename (folder, "meeting.json", NULL);
  g_autofree char *nowhere = g_build_filename (folder, "nowhere.json", NULL);
  const char *no_chair[] = { "import-oparl", json, "--body", BODY, NULL };
  const char *bad_chair[] = { "import-oparl", json, "--body", BODY, "--chair", "Nguyen Van An",
                              NULL };
  const char *bad_id[] = { "import-oparl", json, "--body", BODY, "--chair", CHAIR,
                           "--meeting-id", "4711", NULL };
  const char *no_file[] = { "import-oparl", nowhere, "--body", BODY, "--chair", CHAIR, NULL };
  const char *no_body[] = { "import-oparl", json, "--body", "Gemeinderat", "--chair", CHAIR,
                            NULL };
  const char *help[] = { "import-oparl", "--help", NULL };

  {
    g_auto(Run) run;

    run_ctl (&run, secretary_config, NULL, no_chair);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "--chair"));
  }
  {
    g_auto(Run) run;

    run_ctl (&run, secretary_config, NULL, bad_chair);
    g_assert_cmpint (run.status, ==, 1);
  }
  {
    g_auto(Run) run;

    run_ctl (&run, secretary_config, NULL, bad_id);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "--meeting-id"));
  }
  {
    g_auto(Run) run;

    run_ctl (&run, secretary_config, NULL, no_file);
    g_assert_cmpint (run.status, ==, 4);
    g_assert_nonnull (strstr (run.err, "nowhere.json: no such file"));
  }
  /* A body the server does not have: named by its option, before any upload. */
  {
    g_auto(Run) run;

    run_ctl (&run, secretary_config, NULL, no_body);
    g_assert_cmpint (run.status, ==, 4);
    g_assert_nonnull (strstr (run.err, "--body: there is no body named “Gemeinderat”"));
    g_assert_null (strstr (run.err, "upload"));
  }
  {
    g_auto(Run) run;

    run_ctl (&run, secretary_config, NULL, help);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "--skip-non-pdf"));
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

  /* The demo (its secretary and members) plus the body the meeting is imported into,
   * seeded before the server starts. */
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
  secretary_config = plenum_test_mkdtemp ("config");
  {
    const char *args[] = { "sign-in", SECRETARY, NULL };
    g_auto(Run) run;

    run_ctl (&run, secretary_config, SECRETARY_PIN "\n", args);
    g_assert_cmpint (run.status, ==, 0);
  }
  session = plenum_test_soup_session_new (NULL);
  {
    g_autofree char *terminal_id = g_uuid_string_random ();

    secretary_token = plenum_test_sign_in (session, plenum_test_server_get_url (shared_server),
                                           SECRETARY, SECRETARY_PIN, terminal_id, NULL);
  }

  g_test_add_func ("/plenum/oparl/meeting-uuid", test_meeting_uuid);
  g_test_add_func ("/plenum/oparl/read", test_read);
  g_test_add_func ("/plenum/oparl/read-variants", test_read_variants);
  g_test_add_func ("/plenum/oparl/import", test_import);
  g_test_add_func ("/plenum/oparl/dry-run", test_dry_run);
  g_test_add_func ("/plenum/oparl/bad-exports", test_bad_exports);
  g_test_add_func ("/plenum/oparl/skip-non-pdf", test_skip_non_pdf);
  g_test_add_func ("/plenum/oparl/usage", test_usage);

  status = g_test_run ();

  g_clear_pointer (&shared_server, plenum_test_server_free);
  g_clear_pointer (&secretary_config, g_free);
  g_clear_pointer (&secretary_token, g_free);
  g_clear_object (&session);
  return status;
}
