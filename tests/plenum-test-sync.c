/* plenum-test-sync.c — the secretariat's side for the sync tests; see plenum-test-sync.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-test"

#include "plenum-test-sync.h"

#include <string.h>

#include "net/plenum-http-client.h"
#include "plenum-test-util.h"

#define DEMO_MEETING_PATH "/api/v1/meetings/6f1d8a52-3c47-4e0b-9a6e-2b5c7d190e43"

GBytes *
plenum_test_http (SoupSession *session,
                  const char  *method,
                  const char  *url,
                  const char  *token,
                  const char  *content_type,
                  GBytes      *body,
                  guint       *status)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  GBytes *answer;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return answer;
}

static cJSON *
http_json (SoupSession *session,
           const char  *method,
           const char  *url,
           const char  *token,
           const char  *json,
           guint        expected_status,
           gboolean     empty_is_null)
{
  g_autoptr(GBytes) body = json != NULL ? g_bytes_new (json, strlen (json)) : NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;
  guint status = 0;
  cJSON *root;

  answer = plenum_test_http (session, method, url, token, "application/json", body, &status);
  data = g_bytes_get_data (answer, &length);
  if (status != expected_status)
    g_test_message ("%s %s → %u %.*s", method, url, status, (int) length, data);
  g_assert_cmpuint (status, ==, expected_status);
  if (empty_is_null && length == 0)
    return NULL;
  root = plenum_json_parse (data, (gssize) length, &error);
  g_assert_no_error (error);
  return root;
}

cJSON *
plenum_test_http_json (SoupSession *session,
                       const char  *method,
                       const char  *url,
                       const char  *token,
                       const char  *json,
                       guint        expected_status)
{
  return http_json (session, method, url, token, json, expected_status, FALSE);
}

cJSON *
plenum_test_http_json_or_null (SoupSession *session,
                               const char  *method,
                               const char  *url,
                               const char  *token,
                               const char  *json,
                               guint        expected_status)
{
  return http_json (session, method, url, token, json, expected_status, TRUE);
}

const char *
plenum_test_json_string (const cJSON *object,
                         const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsString (item) ? item->valuestring : NULL;
}

PlenumTestSecretary *
plenum_test_secretary_new (SoupSession *session,
                           const char  *name,
                           const char  *pin,
                           const char  *terminal_id,
                           const char  *url)
{
  g_autofree char *request = NULL;
  g_autofree char *session_url = g_strconcat (url, "/api/v1/session", NULL);
  g_autofree char *meeting_url = g_strconcat (url, DEMO_MEETING_PATH, NULL);
  g_autoptr(cJSON) answer = NULL;
  g_autoptr(cJSON) meeting = NULL;
  PlenumTestSecretary *s = g_new0 (PlenumTestSecretary, 1);

  request = g_strdup_printf ("{\"name\": \"%s\", \"pin\": \"%s\", \"terminal_id\": \"%s\"}",
                             name, pin, terminal_id);
  answer = plenum_test_http_json (session, "POST", session_url, NULL, request, 201);
  s->url = g_strdup (url);
  s->token = g_strdup (plenum_test_json_string (answer, "token"));
  g_assert_nonnull (s->token);

  /* New meetings go to the demo body, with the demo's chair. */
  meeting = plenum_test_http_json (session, "GET", meeting_url, s->token, NULL, 200);
  s->body_id = g_strdup (plenum_test_json_string (meeting, "body_id"));
  s->chair_id = g_strdup (plenum_test_json_string (meeting, "chair_id"));
  s->vice_chair_id = g_strdup (plenum_test_json_string (meeting, "vice_chair_id"));
  g_assert_nonnull (s->body_id);
  g_assert_nonnull (s->chair_id);
  return s;
}

void
plenum_test_secretary_free (PlenumTestSecretary *s)
{
  g_free (s->url);
  g_free (s->token);
  g_free (s->body_id);
  g_free (s->chair_id);
  g_free (s->vice_chair_id);
  g_free (s->sha256);
  g_free (s);
}

char *
plenum_test_secretary_upload (SoupSession         *session,
                              PlenumTestSecretary *s,
                              GBytes              *pdf)
{
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_autofree char *url = g_strconcat (s->url, "/api/v1/blobs/", sha256, NULL);
  g_autoptr(GBytes) answer = NULL;
  guint status = 0;

  answer = plenum_test_http (session, "PUT", url, s->token, "application/octet-stream", pdf,
                             &status);
  g_assert_cmpuint (status, ==, 201);
  return g_steal_pointer (&sha256);
}

void
plenum_test_secretary_publish (SoupSession         *session,
                               PlenumTestSecretary *s,
                               const char          *meeting_id,
                               const char          *title,
                               const char * const  *hashes)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) starts_at = g_date_time_add_days (now, 2);
  g_autofree char *operation_id = plenum_uuid_new ();
  g_autoptr(PlenumPacketManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) json = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *text = NULL;
  g_autofree char *url = g_strconcat (s->url, "/api/v1/meetings/", meeting_id, "/packet", NULL);

  manifest = plenum_packet_manifest_new (operation_id, s->body_id, title, starts_at, NULL,
                                         s->chair_id, s->vice_chair_id);
  plenum_packet_manifest_add_item (manifest, "1", "Tài liệu thử", FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; hashes[i] != NULL; i++)
    {
      g_autofree char *doc_title = g_strdup_printf ("Tài liệu %u", i + 1);

      plenum_packet_manifest_add_document (manifest, 0, doc_title, hashes[i], FALSE);
    }
  json = plenum_packet_manifest_to_json (manifest);
  text = plenum_json_print (json);
  answer = plenum_test_http_json (session, "PUT", url, s->token, text, 200);
}

GBytes *
plenum_test_make_pdf (const char *label,
                      gsize       size)
{
  GString *pdf = g_string_new ("%PDF-1.4\n");
  g_autoptr(GString) content = g_string_new ("0 0 1 rg 20 20 160 160 re f\n");
  gsize offsets[5] = { 0 };
  gsize xref;

  g_string_append_printf (content, "%% %s\n", label);
  while (content->len + 400 < size)
    g_string_append (content, "% ................................................................\n");

  offsets[1] = pdf->len;
  g_string_append (pdf, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
  offsets[2] = pdf->len;
  g_string_append (pdf, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
  offsets[3] = pdf->len;
  g_string_append (pdf, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
                        "/Contents 4 0 R >>\nendobj\n");
  offsets[4] = pdf->len;
  g_string_append_printf (pdf, "4 0 obj\n<< /Length %" G_GSIZE_FORMAT " >>\nstream\n",
                          content->len);
  g_string_append_len (pdf, content->str, (gssize) content->len);
  g_string_append (pdf, "\nendstream\nendobj\n");
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 5\n0000000000 65535 f \n");
  for (guint i = 1; i <= 4; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%"
                          G_GSIZE_FORMAT "\n%%%%EOF\n", xref);
  return g_string_free_to_bytes (pdf);
}

void
plenum_test_got_result_cb (GObject      *source_object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

gboolean
plenum_test_have_result (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

gboolean
plenum_test_pointer_is_null (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

PlenumStore *
plenum_test_open_store (const char *data_dir,
                        guint       wait_ms)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PlenumStore *store;

  plenum_store_open_async (data_dir, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, wait_ms));
  store = plenum_store_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

guint16
plenum_test_url_port (const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);

  g_assert_no_error (error);
  g_assert_cmpint (g_uri_get_port (uri), >, 0);
  return (guint16) g_uri_get_port (uri);
}

void
plenum_test_assert_blob_file (const char *path,
                              const char *sha256)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *base = g_path_get_basename (path);
  gsize length = 0;

  g_assert_cmpstr (base, ==, sha256);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  g_assert_cmpstr (hash, ==, sha256);
}

PlenumMember *
plenum_test_engine_sign_in (PlenumSyncEngine  *engine,
                            const char        *name,
                            const char        *pin,
                            guint              wait_ms,
                            GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plenum_sync_engine_sign_in_async (engine, name, pin, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, wait_ms));
  return plenum_sync_engine_sign_in_finish (engine, result, error);
}

void
plenum_test_engine_sign_in_ok (PlenumSyncEngine *engine,
                               const char       *name,
                               const char       *pin,
                               guint             wait_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumMember) member = plenum_test_engine_sign_in (engine, name, pin, wait_ms, &error);

  g_assert_no_error (error);
  g_assert_nonnull (member);
  g_assert_cmpstr (plenum_member_get_name (member), ==, name);
  g_assert_true (plenum_sync_engine_get_account (engine) != NULL);
}

/* ---- one demo server and one HTTP session per test program ---- */

static PlenumTestServer *demo_server;
static SoupSession *test_session;

PlenumTestServer *
plenum_test_demo_server (void)
{
  if (demo_server == NULL)
    demo_server = plenum_test_server_start (NULL, (const char * const[]) { "--demo", NULL });
  return demo_server;
}

const char *
plenum_test_demo_url (void)
{
  return plenum_test_server_get_url (plenum_test_demo_server ());
}

SoupSession *
plenum_test_session (void)
{
  if (test_session == NULL)
    test_session = plenum_test_soup_session_new (NULL);
  return test_session;
}

int
plenum_test_sync_run (void)
{
  int status = g_test_run ();

  g_clear_pointer (&demo_server, plenum_test_server_free);
  g_clear_object (&test_session);
  return status;
}

/* ---- a terminal without a window ---- */

PlenumSyncEngine *
plenum_test_sync_engine_new (PlenumStore  *store,
                             const char   *url,
                             GError      **error)
{
  PlenumSyncEngine *engine = plenum_sync_engine_new (store, url, error);
  guint scale = plenum_test_timeout_scale ();

  if (engine != NULL && plenum_test_ca_file () != NULL)
    plenum_sync_engine_set_tls (engine, plenum_test_ca_file (), NULL, FALSE);
  /* Under valgrind (tests/valgrind/run-e2e) a TLS handshake with a server under memcheck
   * can take longer than the terminal's 10 s: its network timeouts scale with the
   * tests' deadlines. */
  if (engine != NULL && scale > 1)
    {
      plenum_sync_engine_set_http_timeouts (engine, PLENUM_HTTP_DEFAULT_CONNECT_TIMEOUT_MS * scale,
                                            PLENUM_HTTP_DEFAULT_LOW_SPEED_SECONDS * scale);
      plenum_sync_engine_set_event_watchdog (engine,
                                             PLENUM_HTTP_DEFAULT_EVENT_WATCHDOG_MS * scale);
    }
  return engine;
}

PlenumSyncEngine *
plenum_test_engine_new (PlenumStore *store,
                        const char  *url)
{
  g_autoptr(GError) error = NULL;
  PlenumSyncEngine *engine = plenum_test_sync_engine_new (store, url, &error);

  g_assert_no_error (error);
  g_assert_nonnull (engine);
  plenum_sync_engine_set_offline_delay (engine, PLENUM_TEST_OFFLINE_DELAY_MS);
  plenum_sync_engine_set_reconnect_delays (engine, PLENUM_TEST_RECONNECT_MIN_MS,
                                           PLENUM_TEST_RECONNECT_MAX_MS);
  return engine;
}

void
plenum_test_engine_close (PlenumSyncEngine *engine,
                          PlenumStore      *store,
                          gpointer          data,
                          guint             wait_ms)
{
  gpointer weak_engine = engine;
  gpointer weak_store = store;

  g_object_add_weak_pointer (G_OBJECT (engine), &weak_engine);
  g_object_add_weak_pointer (G_OBJECT (store), &weak_store);
  if (data != NULL)
    g_signal_handlers_disconnect_by_data (engine, data);
  /* Work the engine still has on the main context (a cancelled request's callback) may
   * hold it a moment longer; a reference kept for good never lets it go. */
  g_object_unref (engine);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &weak_engine,
                                         wait_ms));
  g_object_unref (store);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &weak_store,
                                         wait_ms));
}

const char *
plenum_test_engine_account_id (PlenumSyncEngine *engine)
{
  PlenumMember *account = plenum_sync_engine_get_account (engine);

  g_assert_nonnull (account);
  return plenum_member_get_id (account);
}

typedef struct {
  PlenumSyncEngine *engine;
  const char       *meeting_id;
} LiveWait;

static gboolean
has_live_state (gpointer user_data)
{
  LiveWait *wait = user_data;
  g_autoptr(PlenumMeeting) meeting = plenum_sync_engine_get_meeting (wait->engine,
                                                                      wait->meeting_id);
  g_autoptr(PlenumPosition) position = NULL;
  g_autoptr(PlenumSpeakerQueue) speakers = NULL;
  g_autoptr(PlenumQuorum) quorum = NULL;

  if (meeting == NULL || !plenum_meeting_has_agenda (meeting))
    return FALSE;
  position = plenum_sync_engine_get_position (wait->engine, wait->meeting_id);
  speakers = plenum_sync_engine_get_speakers (wait->engine, wait->meeting_id);
  quorum = plenum_sync_engine_get_quorum (wait->engine, wait->meeting_id);
  return position != NULL && speakers != NULL && quorum != NULL;
}

void
plenum_test_wait_live_state (PlenumSyncEngine *engine,
                             const char       *meeting_id,
                             guint             wait_ms)
{
  LiveWait wait = { engine, meeting_id };

  g_assert_true (plenum_test_wait_until (NULL, has_live_state, &wait, wait_ms));
}

typedef struct {
  PlenumStore     *store;
  const char      *meeting_id;
  const char      *vote_id;
  PlenumVoteState  state;
} VoteWait;

gboolean
plenum_test_vote_is (PlenumStore     *store,
                     const char      *meeting_id,
                     const char      *vote_id,
                     PlenumVoteState  state)
{
  g_autoptr(GPtrArray) votes = plenum_store_list_votes (store, meeting_id);

  for (guint i = 0; i < votes->len; i++)
    {
      PlenumStoredVote *vote = g_ptr_array_index (votes, i);

      if (g_str_equal (plenum_stored_vote_get_id (vote), vote_id))
        return plenum_stored_vote_get_state (vote) == state;
    }
  return FALSE;
}

static gboolean
vote_in_state (gpointer user_data)
{
  VoteWait *wait = user_data;

  return plenum_test_vote_is (wait->store, wait->meeting_id, wait->vote_id, wait->state);
}

void
plenum_test_wait_vote (PlenumStore     *store,
                       const char      *meeting_id,
                       const char      *vote_id,
                       PlenumVoteState  state,
                       guint            wait_ms)
{
  VoteWait wait = { store, meeting_id, vote_id, state };

  g_assert_true (plenum_test_wait_until (NULL, vote_in_state, &wait, wait_ms));
}

typedef struct {
  PlenumStore       *store;
  const char        *account_id;
  const char        *vote_id;
  PlenumBallotState  state;
} BallotWait;

gboolean
plenum_test_ballot_is (PlenumStore       *store,
                       const char        *account_id,
                       const char        *vote_id,
                       PlenumBallotState  state)
{
  PlenumBallotState stored;

  return plenum_store_get_ballot (store, account_id, vote_id, &stored, NULL, NULL, NULL) &&
         stored == state;
}

static gboolean
ballot_in_state (gpointer user_data)
{
  BallotWait *wait = user_data;

  return plenum_test_ballot_is (wait->store, wait->account_id, wait->vote_id, wait->state);
}

void
plenum_test_wait_ballot (PlenumStore       *store,
                         const char        *account_id,
                         const char        *vote_id,
                         PlenumBallotState  state,
                         guint              wait_ms)
{
  BallotWait wait = { store, account_id, vote_id, state };

  g_assert_true (plenum_test_wait_until (NULL, ballot_in_state, &wait, wait_ms));
}

/* ---- a published meeting and its chair's actions ---- */

#define DEMO_SECRETARY     "ly.thi.hong"
#define DEMO_SECRETARY_PIN "999999"
#define DEMO_CHAIR         "nguyen.van.an"
#define DEMO_CHAIR_PIN     "111111"

PlenumTestMeeting *
plenum_test_meeting_new (SoupSession *session,
                         const char  *url,
                         const char  *title)
{
  g_autofree char *terminal_id = plenum_uuid_new ();
  g_autofree char *chair_terminal = plenum_uuid_new ();
  g_autofree char *label = plenum_uuid_new ();
  g_autoptr(GBytes) pdf = plenum_test_make_pdf (label, 0);
  g_autofree char *meeting_url = NULL;
  g_autoptr(cJSON) meeting = NULL;
  const cJSON *item;
  const cJSON *documents;
  PlenumTestMeeting *m = g_new0 (PlenumTestMeeting, 1);

  m->secretary = plenum_test_secretary_new (session, DEMO_SECRETARY, DEMO_SECRETARY_PIN,
                                            terminal_id, url);
  m->secretary->sha256 = plenum_test_secretary_upload (session, m->secretary, pdf);
  m->meeting_id = plenum_uuid_new ();
  plenum_test_secretary_publish (session, m->secretary, m->meeting_id, title,
                                 (const char * const[]) { m->secretary->sha256, NULL });
  m->chair = plenum_test_secretary_new (session, DEMO_CHAIR, DEMO_CHAIR_PIN, chair_terminal, url);

  meeting_url = g_strconcat (url, "/api/v1/meetings/", m->meeting_id, NULL);
  meeting = plenum_test_http_json (session, "GET", meeting_url, m->chair->token, NULL, 200);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (meeting, "agenda")),
                   ==, 1);
  item = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (meeting, "agenda"), 0);
  m->item_id = g_strdup (plenum_test_json_string (item, "id"));
  g_assert_true (plenum_is_uuid (m->item_id));
  documents = cJSON_GetObjectItemCaseSensitive (item, "documents");
  g_assert_cmpint (cJSON_GetArraySize (documents), ==, 1);
  m->document_id = g_strdup (plenum_test_json_string (cJSON_GetArrayItem (documents, 0), "id"));
  g_assert_true (plenum_is_uuid (m->document_id));
  return m;
}

void
plenum_test_meeting_free (PlenumTestMeeting *meeting)
{
  plenum_test_secretary_free (meeting->secretary);
  plenum_test_secretary_free (meeting->chair);
  g_free (meeting->meeting_id);
  g_free (meeting->item_id);
  g_free (meeting->document_id);
  g_free (meeting);
}

char *
plenum_test_chair_open_vote (SoupSession       *session,
                             PlenumTestMeeting *meeting,
                             const char        *title,
                             const char        *fields)
{
  g_autofree char *url = g_strconcat (meeting->chair->url, "/api/v1/meetings/",
                                      meeting->meeting_id, "/votes", NULL);
  g_autofree char *operation = plenum_uuid_new ();
  g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\",\"item_id\":\"%s\","
                                           "\"title\":\"%s\",%s}", operation, meeting->item_id,
                                           title, fields);
  g_autoptr(cJSON) vote = plenum_test_http_json (session, "POST", url, meeting->chair->token,
                                                 body, 201);

  g_assert_true (plenum_is_uuid (plenum_test_json_string (vote, "id")));
  return g_strdup (plenum_test_json_string (vote, "id"));
}

cJSON *
plenum_test_chair_end_vote (SoupSession       *session,
                            PlenumTestMeeting *meeting,
                            const char        *vote_id,
                            const char        *verb)
{
  g_autofree char *url = g_strconcat (meeting->chair->url, "/api/v1/meetings/",
                                      meeting->meeting_id, "/votes/", vote_id, "/", verb, NULL);
  g_autofree char *operation = plenum_uuid_new ();
  g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\"}", operation);

  return plenum_test_http_json (session, "POST", url, meeting->chair->token, body, 200);
}
