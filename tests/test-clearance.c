/* test-clearance.c — closed-session clearances (docs/protocol.md, "Closed sessions"),
 * end to end on the demo: the real plenum-server --demo, a real client store and sync
 * engine at an enrolled terminal, and plenumctl ($PLENUMCTL).
 *
 * The demo clears the chair, hoang.thi.lan and vu.duc.thang for item 3 (the personnel
 * item, two documents). le.minh.tuan is a member who is not cleared. The cases share the
 * demo server and run in order: the last one changes the list.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "core/plenum-core.h"
#include "plenum-test-ctl.h"
#include "plenum-test-http.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define WAIT_MS         60000
#define DEMO_MEETING_ID "6f1d8a52-3c47-4e0b-9a6e-2b5c7d190e43"
#define MEETING_PATH    "/api/v1/meetings/" DEMO_MEETING_ID
#define ROOM            "Phòng họp số 1"
#define SEAT_ID         "e5000000-0000-4000-8000-000000000001"
#define KIOSK_ID        "e5000000-0000-4000-8000-000000000002"
#define OUTSIDE         "e5000000-0000-4000-8000-0000000000ee"
#define CLOSED_NUMBER   "3"

#define SECRETARY       "ly.thi.hong"
#define SECRETARY_PIN   "999999"
#define CLEARED         "hoang.thi.lan"
#define CLEARED_PIN     "100005"
#define UNCLEARED       "le.minh.tuan"
#define UNCLEARED_PIN   "100003"
#define VICE_CHAIR      "tran.thi.thu.ha"
#define VICE_CHAIR_PIN  "222222"

static char *secretary;

static const char *
url (void)
{
  return plenum_test_demo_url ();
}

static const char *
secretary_token (void)
{
  if (secretary == NULL)
    secretary = plenum_test_sign_in (plenum_test_session (), url (), SECRETARY, SECRETARY_PIN,
                                     OUTSIDE, NULL);
  return secretary;
}

static PlenumTestReply *
get (const char *path,
     const char *authorization)
{
  return plenum_test_request (plenum_test_session (), url (), "GET", path, authorization, NULL);
}

/* The closed-session item of a Meeting's JSON (asserted to be there). */
static const cJSON *
closed_item (const cJSON *meeting)
{
  const cJSON *item;

  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (meeting, "agenda"))
    if (g_strcmp0 (plenum_test_json_get_string (item, "number"), CLOSED_NUMBER) == 0)
      {
        g_assert_true (plenum_test_json_get_bool (item, "closed_session"));
        return item;
      }
  g_assert_not_reached ();
}

/* The hashes of the closed-session item's documents, as the secretariat reads them. */
static GPtrArray *
closed_hashes (void)
{
  g_autoptr(PlenumTestReply) meeting = get (MEETING_PATH, secretary_token ());
  GPtrArray *hashes = g_ptr_array_new_with_free_func (g_free);
  const cJSON *document;

  plenum_test_assert_status (meeting, 200);
  cJSON_ArrayForEach (document,
                      cJSON_GetObjectItemCaseSensitive (closed_item (meeting->json), "documents"))
    g_ptr_array_add (hashes, g_strdup (plenum_test_json_get_string (document, "sha256")));
  g_assert_cmpuint (hashes->len, ==, 2);
  return hashes;
}

/* Asserts what @authorization reads of the meeting: the closed-session item restricted
 * (no documents) or not, every other item never; and the closed documents' blobs. */
static void
assert_reads (const char *authorization,
              gboolean    restricted)
{
  g_autoptr(PlenumTestReply) meeting = get (MEETING_PATH, authorization);
  g_autoptr(GPtrArray) hashes = closed_hashes ();
  const cJSON *item;
  const cJSON *documents;

  plenum_test_assert_status (meeting, 200);
  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (meeting->json, "agenda"))
    {
      gboolean closed = plenum_test_json_get_bool (item, "closed_session");

      documents = cJSON_GetObjectItemCaseSensitive (item, "documents");
      g_assert_cmpint (plenum_test_json_get_bool (item, "restricted"), ==,
                       closed && restricted);
      if (closed)
        g_assert_cmpint (cJSON_GetArraySize (documents), ==, restricted ? 0 : 2);
    }
  /* The title stays: the member knows the item is there, not what is in it. */
  g_assert_cmpstr (plenum_test_json_get_string (closed_item (meeting->json), "title"), !=, "");

  for (guint i = 0; i < hashes->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/blobs/%s",
                                               (char *) g_ptr_array_index (hashes, i));
      g_autofree char *full = g_strconcat (url (), path, NULL);
      g_autofree char *value = NULL;

      /* HEAD as well as GET: neither may tell that the blob exists. */
      if (g_str_has_prefix (authorization, "Terminal "))
        value = g_strdup (authorization);
      else
        value = g_strconcat ("Bearer ", authorization, NULL);
      {
        g_autoptr(SoupMessage) msg = soup_message_new ("HEAD", full);
        g_autoptr(GBytes) head = NULL;
        g_autoptr(GError) error = NULL;

        soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                      value);
        head = soup_session_send_and_read (plenum_test_session (), msg, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (soup_message_get_status (msg), ==, restricted ? 404 : 200);
      }
      {
        g_autoptr(PlenumTestReply) blob = NULL;

        if (restricted)
          {
            blob = get (path, authorization);
            plenum_test_error_message (blob, 404, "not_found");
          }
        else
          {
            g_autoptr(SoupMessage) msg = soup_message_new ("GET", full);
            g_autoptr(GBytes) bytes = NULL;
            g_autoptr(GError) error = NULL;

            soup_message_headers_replace (soup_message_get_request_headers (msg),
                                          "Authorization", value);
            bytes = soup_session_send_and_read (plenum_test_session (), msg, NULL, &error);
            g_assert_no_error (error);
            g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
            g_assert_cmpuint (g_bytes_get_size (bytes), >, 5);
            g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 5, "%PDF-", 5);
          }
      }
    }
}

/* PUT /api/v1/annotations/{id}: a note shared with the meeting. */
static char *
annotation_body (const char *operation_id,
                 const char *id,
                 const char *document_id,
                 const char *sha256,
                 const char *author_id)
{
  return g_strdup_printf ("{\"operation_id\":\"%s\",\"base_revision\":0,\"annotation\":{"
                          "\"id\":\"%s\",\"document_id\":\"%s\",\"document_sha256\":\"%s\","
                          "\"author_id\":\"%s\",\"revision\":0,\"kind\":\"note\","
                          "\"visibility\":\"meeting\",\"page\":0,\"color\":\"#1c359e\","
                          "\"width\":1.5,\"position\":[10,10],\"text\":\"Nhận xét nhân sự\","
                          "\"conflict_of\":null,\"created_at\":\"2026-11-27T18:00:00Z\","
                          "\"updated_at\":\"2026-11-27T18:00:00Z\"}}",
                          operation_id, id, document_id, sha256, author_id);
}

/* An uncleared member and a terminal credential get the item without documents, and
 * 404 for its blobs; the cleared, the vice chair and the secretariat get everything. */
static void
test_server_filters (void)
{
  SoupSession *session = plenum_test_session ();
  g_autofree char *uncleared = plenum_test_sign_in (session, url (), UNCLEARED, UNCLEARED_PIN,
                                                    OUTSIDE, NULL);
  g_autofree char *cleared = plenum_test_sign_in (session, url (), CLEARED, CLEARED_PIN,
                                                  OUTSIDE, NULL);
  g_autofree char *vice_chair = plenum_test_sign_in (session, url (), VICE_CHAIR,
                                                     VICE_CHAIR_PIN, OUTSIDE, NULL);
  g_autofree char *kiosk = plenum_test_enrol_terminal (session, url (), secretary_token (), ROOM,
                                                       "Màn hình phòng", KIOSK_ID);
  g_autoptr(PlenumTestReply) for_uncleared = NULL;
  g_autoptr(PlenumTestReply) for_cleared = NULL;

  assert_reads (uncleared, TRUE);
  assert_reads (kiosk, TRUE);
  assert_reads (cleared, FALSE);
  assert_reads (vice_chair, FALSE);
  assert_reads (secretary_token (), FALSE);

  /* The ETag is the viewer's: a cleared member's does not answer 304 to another. */
  {
    g_autofree char *full = g_strconcat (url (), MEETING_PATH, NULL);
    g_autoptr(SoupMessage) cleared_msg = soup_message_new ("GET", full);
    g_autoptr(SoupMessage) uncleared_msg = soup_message_new ("GET", full);
    g_autofree char *cleared_value = g_strconcat ("Bearer ", cleared, NULL);
    g_autofree char *uncleared_value = g_strconcat ("Bearer ", uncleared, NULL);
    g_autoptr(GBytes) first = NULL;
    g_autoptr(GBytes) second = NULL;
    g_autoptr(GError) error = NULL;
    const char *etag;

    soup_message_headers_replace (soup_message_get_request_headers (cleared_msg),
                                  "Authorization", cleared_value);
    first = soup_session_send_and_read (session, cleared_msg, NULL, &error);
    g_assert_no_error (error);
    etag = soup_message_headers_get_one (soup_message_get_response_headers (cleared_msg),
                                         "ETag");
    g_assert_nonnull (etag);
    soup_message_headers_replace (soup_message_get_request_headers (uncleared_msg),
                                  "Authorization", uncleared_value);
    soup_message_headers_replace (soup_message_get_request_headers (uncleared_msg),
                                  "If-None-Match", etag);
    second = soup_session_send_and_read (session, uncleared_msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (uncleared_msg), ==, 200);
  }

  /* Annotations on a closed-session document: the cleared member shares one with the
   * meeting; the uncleared member never gets its content, and cannot write on it. */
  {
    g_autoptr(PlenumTestReply) meeting = get (MEETING_PATH, secretary_token ());
    const cJSON *document = cJSON_GetArrayItem (
      cJSON_GetObjectItemCaseSensitive (closed_item (meeting->json), "documents"), 0);
    const char *document_id = plenum_test_json_get_string (document, "id");
    const char *sha256 = plenum_test_json_get_string (document, "sha256");
    g_autofree char *cleared_id = NULL;
    g_autofree char *uncleared_id = NULL;
    g_autofree char *shared = NULL;
    g_autofree char *own = NULL;
    g_autoptr(PlenumTestReply) written = NULL;
    g_autoptr(PlenumTestReply) refused = NULL;
    g_autoptr(PlenumTestReply) feed = NULL;
    g_autoptr(PlenumTestReply) cleared_feed = NULL;
    const cJSON *annotation;

    g_free (plenum_test_sign_in (session, url (), CLEARED, CLEARED_PIN, OUTSIDE, &cleared_id));
    g_free (plenum_test_sign_in (session, url (), UNCLEARED, UNCLEARED_PIN, OUTSIDE,
                                 &uncleared_id));
    shared = annotation_body ("e5000000-0000-4000-8000-0000000000b1",
                              "e5000000-0000-4000-8000-0000000000c1", document_id, sha256,
                              cleared_id);
    written = plenum_test_request (session, url (), "PUT",
                                   "/api/v1/annotations/e5000000-0000-4000-8000-0000000000c1",
                                   cleared, shared);
    plenum_test_assert_status (written, 200);
    own = annotation_body ("e5000000-0000-4000-8000-0000000000b2",
                           "e5000000-0000-4000-8000-0000000000c2", document_id, sha256,
                           uncleared_id);
    refused = plenum_test_request (session, url (), "PUT",
                                   "/api/v1/annotations/e5000000-0000-4000-8000-0000000000c2",
                                   uncleared, own);
    plenum_test_error_message (refused, 404, "not_found");
    feed = get (MEETING_PATH "/annotations", uncleared);
    plenum_test_assert_status (feed, 200);
    cJSON_ArrayForEach (annotation, cJSON_GetObjectItemCaseSensitive (feed->json, "annotations"))
      g_assert_null (cJSON_GetObjectItemCaseSensitive (annotation, "text"));
    cleared_feed = get (MEETING_PATH "/annotations", vice_chair);
    plenum_test_assert_status (cleared_feed, 200);
    g_assert_nonnull (strstr ((const char *) g_bytes_get_data (cleared_feed->body, NULL),
                              "Nhận xét nhân sự"));
  }

  /* The demo's list: the chair and the two members. */
  {
    g_autoptr(PlenumTestReply) meeting = get (MEETING_PATH, secretary_token ());
    g_autofree char *path = g_strdup_printf (MEETING_PATH "/items/%s/clearance",
                                             plenum_test_json_get_string (
                                               closed_item (meeting->json), "id"));
    g_autoptr(PlenumTestReply) list = get (path, secretary_token ());
    g_autoptr(PlenumTestReply) by_member = get (path, cleared);
    g_autoptr(PlenumTestReply) by_terminal = get (path, kiosk);
    g_autoptr(PlenumTestReply) put_by_member = NULL;
    g_autoptr(PlenumTestReply) stranger = NULL;
    g_autoptr(PlenumTestReply) unknown_item = NULL;
    gboolean seen = FALSE;
    const cJSON *person;

    plenum_test_assert_status (list, 200);
    g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (list->json,
                                                                           "members")), ==, 3);
    cJSON_ArrayForEach (person, cJSON_GetObjectItemCaseSensitive (list->json, "members"))
      seen |= g_str_equal (plenum_test_json_get_string (person, "name"), CLEARED);
    g_assert_true (seen);
    plenum_test_error_message (by_member, 403, "forbidden");
    plenum_test_error_message (by_terminal, 403, "forbidden");
    put_by_member = plenum_test_request (session, url (), "PUT", path, cleared,
                                         "{\"operation_id\":\"e5000000-0000-4000-8000-0000000000a1\","
                                         "\"members\":[]}");
    plenum_test_error_message (put_by_member, 403, "forbidden");
    /* Someone who is not a member of the body (the secretary herself) is refused. */
    {
      g_autoptr(PlenumTestReply) bodies = get ("/api/v1/bodies", secretary_token ());
      g_autofree char *me = NULL;
      g_autofree char *body = NULL;

      plenum_test_assert_status (bodies, 200);
      g_free (plenum_test_sign_in (session, url (), SECRETARY, SECRETARY_PIN, OUTSIDE, &me));
      body = g_strdup_printf ("{\"operation_id\":\"e5000000-0000-4000-8000-0000000000a2\","
                              "\"members\":[\"%s\"]}", me);
      stranger = plenum_test_request (session, url (), "PUT", path, secretary_token (), body);
      plenum_test_error_message (stranger, 400, "bad_request");
    }
    unknown_item = get (MEETING_PATH "/items/e5000000-0000-4000-8000-0000000000ff/clearance",
                        secretary_token ());
    plenum_test_error_message (unknown_item, 404, "not_found");
  }

  /* An opinion round on a closed-session document: only those who may read the document
   * see the round, and nobody else can answer it. */
  {
    g_autoptr(PlenumTestReply) meeting = get (MEETING_PATH, secretary_token ());
    const char *document_id = plenum_test_json_get_string (
      cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (closed_item (meeting->json),
                                                            "documents"), 0), "id");
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) later = g_date_time_add_days (now, 2);
    g_autofree char *deadline = g_date_time_format (later, "%Y-%m-%dT%H:%M:%SZ");
    g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"e5000000-0000-4000-8000-0000000000c1\","
                                             "\"document_id\":\"%s\",\"title\":\"Xin ý kiến về nhân sự\","
                                             "\"deadline\":\"%s\"}", document_id, deadline);
    g_autoptr(PlenumTestReply) opened = plenum_test_request (session, url (), "POST",
                                                             MEETING_PATH "/opinion-rounds",
                                                             secretary_token (), body);
    g_autoptr(PlenumTestReply) for_cleared_rounds = NULL;
    g_autoptr(PlenumTestReply) for_uncleared_rounds = NULL;
    g_autoptr(PlenumTestReply) answer = NULL;
    g_autofree char *answer_path = NULL;
    const char *round_id;
    const cJSON *round;
    gboolean seen = FALSE;

    plenum_test_assert_status (opened, 201);
    round_id = plenum_test_json_get_string (opened->json, "id");
    for_cleared_rounds = get (MEETING_PATH "/opinion-rounds", cleared);
    plenum_test_assert_status (for_cleared_rounds, 200);
    cJSON_ArrayForEach (round, cJSON_GetObjectItemCaseSensitive (for_cleared_rounds->json, "rounds"))
      seen = seen || g_strcmp0 (plenum_test_json_get_string (round, "id"), round_id) == 0;
    g_assert_true (seen);
    for_uncleared_rounds = get (MEETING_PATH "/opinion-rounds", uncleared);
    plenum_test_assert_status (for_uncleared_rounds, 200);
    cJSON_ArrayForEach (round, cJSON_GetObjectItemCaseSensitive (for_uncleared_rounds->json, "rounds"))
      g_assert_cmpstr (plenum_test_json_get_string (round, "id"), !=, round_id);
    answer_path = g_strdup_printf (MEETING_PATH "/opinion-rounds/%s/answer", round_id);
    answer = plenum_test_request (session, url (), "PUT", answer_path, uncleared,
                                  "{\"operation_id\":\"e5000000-0000-4000-8000-0000000000c2\","
                                  "\"stance\":\"agree\",\"text\":\"\",\"comments\":[]}");
    plenum_test_error_message (answer, 404, "not_found");
  }
}

/* The terminal */

typedef struct {
  PlenumStore *store;
  GPtrArray   *hashes;      /* of the closed item's documents */
  gboolean     restricted;  /* what to wait for */
} StoreWait;

/* The stored demo meeting's closed item has (or lacks) its documents, and their blobs
 * are (or are not) verified in the blob store. */
static gboolean
store_shows (gpointer user_data)
{
  StoreWait *wait = user_data;
  g_autoptr(PlenumMeeting) meeting = plenum_store_get_meeting (wait->store, DEMO_MEETING_ID,
                                                               NULL);
  GPtrArray *hashes = wait->hashes;
  GListModel *agenda;

  if (meeting == NULL || !plenum_meeting_has_agenda (meeting))
    return FALSE;
  agenda = plenum_meeting_get_agenda (meeting);
  for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      guint n = g_list_model_get_n_items (plenum_agenda_item_get_documents (item));

      if (!plenum_agenda_item_get_closed_session (item))
        continue;
      if (plenum_agenda_item_get_restricted (item) != wait->restricted ||
          (n == 0) != wait->restricted)
        return FALSE;
    }
  for (guint i = 0; i < hashes->len; i++)
    {
      g_autofree char *path = plenum_blob_store_lookup (plenum_store_get_blob_store (wait->store),
                                                        g_ptr_array_index (hashes, i));

      if ((path == NULL) != wait->restricted)
        return FALSE;
    }
  return TRUE;
}

static gboolean
credential_adopted (PlenumStore *store)
{
  g_autofree char *credential = plenum_store_get_terminal_credential (store, NULL, NULL);

  return credential != NULL;
}

/* A cleared member at an enrolled terminal: the engine fetches the closed item's
 * documents (verified against their hashes); at sign-out they leave the store and the
 * blob store, while the other documents stay; the terminal's own sync never brings them
 * back. */
static void
test_terminal_sign_out (void)
{
  g_autofree char *data_dir = plenum_test_mkdtemp ("terminal");
  g_autofree char *seat = plenum_test_enrol_terminal (plenum_test_session (), url (),
                                                      secretary_token (), ROOM, "Ghế 9",
                                                      SEAT_ID);
  g_autoptr(GPtrArray) hashes = closed_hashes ();
  g_autoptr(GAsyncResult) adopted = NULL;
  g_autoptr(GError) error = NULL;
  PlenumStore *store = plenum_test_open_store (data_dir, WAIT_MS);
  PlenumSyncEngine *engine;
  StoreWait wait = { store, hashes, FALSE };
  g_auto(GStrv) verified = NULL;

  plenum_store_adopt_terminal_async (store, SEAT_ID, seat + strlen ("Terminal "), NULL,
                                     plenum_test_got_result_cb, &adopted);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &adopted, WAIT_MS));
  g_assert_true (plenum_store_terminal_credential_finish (store, adopted, &error));
  g_assert_no_error (error);
  /* The result holds the store: dropped before the store is closed. */
  g_clear_object (&adopted);
  g_assert_true (credential_adopted (store));

  /* Guesses from outside lock the name there; the engine sends the terminal's credential
   * with the sign-in, so the member still signs in at the seat. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(PlenumTestReply) guess = NULL;

      guess = plenum_test_request (plenum_test_session (), url (), "POST", "/api/v1/session",
                                   NULL, "{\"name\":\"" CLEARED "\",\"pin\":\"0000\","
                                   "\"terminal_id\":\"" OUTSIDE "\"}");
      plenum_test_assert_status (guess, i < 4 ? 401 : 429);
    }
  engine = plenum_test_engine_new (store, url ());
  plenum_test_engine_sign_in_ok (engine, CLEARED, CLEARED_PIN, WAIT_MS);
  {
    g_autoptr(PlenumTestReply) unlocked = NULL;

    unlocked = plenum_test_request (plenum_test_session (), url (), "POST",
                                    "/api/v1/accounts/" CLEARED "/unlock", secretary_token (),
                                    "{}");
    plenum_test_assert_status (unlocked, 204);
  }
  g_assert_true (plenum_test_wait_until (NULL, store_shows, &wait, WAIT_MS));
  for (guint i = 0; i < hashes->len; i++)
    {
      g_autofree char *path = plenum_blob_store_lookup (plenum_store_get_blob_store (store),
                                                        g_ptr_array_index (hashes, i));
      g_autofree char *bytes = NULL;
      gsize length = 0;

      plenum_test_assert_blob_file (path, g_ptr_array_index (hashes, i));
      g_assert_true (g_file_get_contents (path, &bytes, &length, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (bytes, 5, "%PDF-", 5);
    }

  plenum_sync_engine_sign_out (engine);
  wait.restricted = TRUE;
  g_assert_true (plenum_test_wait_until (NULL, store_shows, &wait, WAIT_MS));
  /* The other items' documents stay. */
  verified = plenum_store_list_blobs (store, PLENUM_BLOB_STATE_VERIFIED);
  g_assert_cmpuint (g_strv_length (verified), >, 0);
  for (guint i = 0; i < hashes->len; i++)
    g_assert_false (g_strv_contains ((const char * const *) verified,
                                     g_ptr_array_index (hashes, i)));

  plenum_test_engine_close (engine, store, NULL, WAIT_MS);
}

/* plenumctl */

typedef PlenumTestCtlRun Run;

/* Runs plenumctl --server URL @args with @config as XDG_CONFIG_HOME, @input on stdin. */
static void
run_ctl (Run                *run,
         const char         *config,
         const char         *input,
         const char * const *args)
{
  plenum_test_ctl_run (run, config, url (), input, args);
}

/* plenumctl clearance prints and sets the list; a name outside the body changes nothing;
 * a member taken off the list loses the documents at the next fetch. */
static void
test_ctl_and_removal (void)
{
  g_autofree char *config = plenum_test_mkdtemp ("config");
  g_autofree char *cleared = plenum_test_sign_in (plenum_test_session (), url (), CLEARED,
                                                  CLEARED_PIN, OUTSIDE, NULL);
  const char *sign_in[] = { "sign-in", SECRETARY, NULL };
  const char *show[] = { "clearance", DEMO_MEETING_ID, CLOSED_NUMBER, NULL };
  const char *show_json[] = { "--json", "clearance", DEMO_MEETING_ID, CLOSED_NUMBER, NULL };
  const char *set[] = { "--json", "clearance", DEMO_MEETING_ID, CLOSED_NUMBER, UNCLEARED,
                        "vu.duc.thang", NULL };
  const char *stranger[] = { "clearance", DEMO_MEETING_ID, CLOSED_NUMBER, "khong.co", NULL };
  const char *no_item[] = { "clearance", DEMO_MEETING_ID, "99", NULL };
  const char *bad[] = { "clearance", DEMO_MEETING_ID, CLOSED_NUMBER, "--none", UNCLEARED,
                        NULL };
  Run run;

  run_ctl (&run, config, SECRETARY_PIN "\n", sign_in);
  g_assert_cmpint (run.status, ==, 0);
  plenum_test_ctl_run_clear (&run);

  run_ctl (&run, config, NULL, show);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Hoàng Thị Lan (" CLEARED ")"));
  g_assert_nonnull (strstr (run.out, "closed session"));
  plenum_test_ctl_run_clear (&run);

  /* Refused before anything is sent: the list stays. */
  run_ctl (&run, config, NULL, stranger);
  g_assert_cmpint (run.status, ==, 4);
  g_assert_nonnull (strstr (run.err, "khong.co"));
  plenum_test_ctl_run_clear (&run);
  run_ctl (&run, config, NULL, no_item);
  g_assert_cmpint (run.status, ==, 4);
  g_assert_nonnull (strstr (run.err, "99"));
  plenum_test_ctl_run_clear (&run);
  run_ctl (&run, config, NULL, bad);
  g_assert_cmpint (run.status, ==, 1);
  plenum_test_ctl_run_clear (&run);
  assert_reads (cleared, FALSE);

  /* Hoàng Thị Lan off the list, Lê Minh Tuấn on it. */
  run_ctl (&run, config, NULL, set);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(cJSON) out = plenum_json_parse (run.out, -1, &error);
    const cJSON *person;
    guint n = 0;

    g_assert_no_error (error);
    cJSON_ArrayForEach (person, cJSON_GetObjectItemCaseSensitive (out, "members"))
      {
        g_assert_cmpstr (plenum_test_json_get_string (person, "name"), !=, CLEARED);
        n++;
      }
    g_assert_cmpuint (n, ==, 2);
  }
  plenum_test_ctl_run_clear (&run);
  assert_reads (cleared, TRUE);
  {
    g_autofree char *uncleared = plenum_test_sign_in (plenum_test_session (), url (),
                                                      UNCLEARED, UNCLEARED_PIN, OUTSIDE, NULL);

    assert_reads (uncleared, FALSE);
  }

  run_ctl (&run, config, NULL, show_json);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, CLEARED));
  plenum_test_ctl_run_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  int status;

  plenum_test_init (&argc, &argv);
  g_test_add_func ("/plenum/clearance/server-filters", test_server_filters);
  g_test_add_func ("/plenum/clearance/terminal-sign-out", test_terminal_sign_out);
  g_test_add_func ("/plenum/clearance/ctl-and-removal", test_ctl_and_removal);
  status = plenum_test_sync_run ();
  g_free (secretary);
  return status;
}
