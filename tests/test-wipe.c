/* test-wipe.c — the terminal's side of a wipe and of a lease, end to end against the
 * real `plenum-server --demo`: a wipe the secretariat asks for while the terminal is
 * offline happens at its reconnection (the store holds no meeting, no file, no token,
 * no credential, the server lists wiped_at); a wipe interrupted between the erasure and
 * the confirmation is finished at the next start; a confidential document locks when
 * the terminal has not reached the server for longer than the body's lease, and unlocks
 * when it does.
 *
 * The network faults come from the real fault proxy (tests/plenum-fault-proxy.h).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <string.h>

#include "core/plenum-core.h"
#include "store/plenum-store.h"
#include "sync/plenum-sync-engine.h"
#include "plenum-fault-proxy.h"
#include "plenum-test-server.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

/* Deadlines: generous for sanitizer builds; a passing run takes a fraction of them. */
#define WAIT_MS          60000

#define DEMO_ROOM        "Phòng họp số 1"
#define MEMBER           "le.minh.tuan"
#define MEMBER_PIN       "100003"
#define SECRETARY        "ly.thi.hong"
#define SECRETARY_PIN    "999999"

static SoupSession *session;

static PlenumFaultProxy *
proxy_new (void)
{
  g_autoptr(GError) error = NULL;
  PlenumFaultProxy *proxy;

  proxy = plenum_fault_proxy_new_for_url (plenum_test_demo_url (), &error);
  g_assert_no_error (error);
  return proxy;
}

static PlenumTestSecretary *
secretary_new (void)
{
  g_autofree char *terminal_id = plenum_uuid_new ();

  return plenum_test_secretary_new (session, SECRETARY, SECRETARY_PIN, terminal_id,
                                    plenum_test_demo_url ());
}

/* Publishes a new meeting of the demo body two days from now with one item holding a
 * non-confidential document and a confidential one (new PDFs); returns its id and the
 * two hashes. */
static char *
publish (PlenumTestSecretary  *s,
         char                **open_sha256,
         char                **confidential_sha256)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) starts_at = g_date_time_add_days (now, 2);
  g_autofree char *operation_id = plenum_uuid_new ();
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autofree char *label_a = plenum_uuid_new ();
  g_autofree char *label_b = plenum_uuid_new ();
  g_autoptr(GBytes) pdf_a = plenum_test_make_pdf (label_a, 0);
  g_autoptr(GBytes) pdf_b = plenum_test_make_pdf (label_b, 0);
  g_autoptr(PlenumPacketManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) json = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *text = NULL;
  g_autofree char *url = g_strconcat (s->url, "/api/v1/meetings/", meeting_id, "/packet", NULL);

  *open_sha256 = plenum_test_secretary_upload (session, s, pdf_a);
  *confidential_sha256 = plenum_test_secretary_upload (session, s, pdf_b);
  manifest = plenum_packet_manifest_new (operation_id, s->body_id, "Họp thử xoá máy",
                                         starts_at, NULL, s->chair_id, s->vice_chair_id);
  plenum_packet_manifest_add_item (manifest, "1", "Tài liệu", FALSE, &error);
  g_assert_no_error (error);
  plenum_packet_manifest_add_document (manifest, 0, "Công khai", *open_sha256, FALSE);
  plenum_packet_manifest_add_document (manifest, 0, "Mật", *confidential_sha256, TRUE);
  json = plenum_packet_manifest_to_json (manifest);
  text = plenum_json_print (json);
  answer = plenum_test_http_json_or_null (session, "PUT", url, s->token, text, 200);
  return g_steal_pointer (&meeting_id);
}

/* A terminal: a store in its own folder and an engine */

typedef struct {
  char             *data_dir;
  PlenumStore      *store;
  PlenumSyncEngine *engine;
  GPtrArray        *errors;   /* GError from "sync-error" */
} Terminal;

static void
on_sync_error_cb (PlenumSyncEngine *engine,
                  const GError     *error,
                  Terminal         *t)
{
  g_ptr_array_add (t->errors, g_error_copy (error));
}

static Terminal *
terminal_new (const char *data_dir,
              const char *url)
{
  Terminal *t = g_new0 (Terminal, 1);

  t->data_dir = data_dir != NULL ? g_strdup (data_dir) : plenum_test_mkdtemp ("terminal");
  t->store = plenum_test_open_store (t->data_dir, WAIT_MS);
  t->engine = plenum_test_engine_new (t->store, url);
  t->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_signal_connect (t->engine, "sync-error", G_CALLBACK (on_sync_error_cb), t);
  return t;
}

/* Drops the engine and the store (waiting until both are gone); returns the folder. */
static char *
terminal_free (Terminal *t)
{
  char *data_dir = g_steal_pointer (&t->data_dir);

  plenum_test_engine_close (t->engine, t->store, t, WAIT_MS);
  g_ptr_array_unref (t->errors);
  g_free (t);
  return data_dir;
}

static gboolean
terminal_had_error (Terminal *t,
                    int       code)
{
  for (guint i = 0; i < t->errors->len; i++)
    if (g_error_matches (g_ptr_array_index (t->errors, i), PLENUM_SYNC_ERROR, code))
      return TRUE;
  return FALSE;
}

/* Enrols @t with a fresh code for a seat in the demo room. */
static void
terminal_enrol (Terminal            *t,
                PlenumTestSecretary *s)
{
  g_autofree char *url = g_strconcat (s->url, "/api/v1/terminals/enrolments", NULL);
  g_autofree char *seat = plenum_uuid_new ();
  g_autofree char *request = g_strdup_printf ("{\"room\": \"%s\", \"name\": \"Ghế %s\"}",
                                              DEMO_ROOM, seat);
  g_autoptr(cJSON) enrolment = plenum_test_http_json_or_null (session, "POST", url, s->token,
                                                              request, 201);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  plenum_sync_engine_enrol_async (t->engine, plenum_test_json_string (enrolment, "code"), NULL,
                                  plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  g_assert_true (plenum_sync_engine_enrol_finish (t->engine, result, &error));
  g_assert_no_error (error);
}

typedef struct {
  Terminal   *t;
  const char *meeting_id;
  const char *sha256;
} PacketWait;

/* @meeting_id is stored with its agenda and @sha256 is verified on the terminal. */
static gboolean
packet_here (gpointer user_data)
{
  PacketWait *wait = user_data;
  g_autoptr(PlenumMeeting) meeting = plenum_store_get_meeting (wait->t->store, wait->meeting_id,
                                                               NULL);
  g_autofree char *path = plenum_sync_engine_get_document_path (wait->t->engine, wait->sha256);

  return meeting != NULL && plenum_meeting_has_agenda (meeting) && path != NULL;
}

static gboolean
engine_wiped (gpointer user_data)
{
  return plenum_sync_engine_get_wiped (user_data);
}

static gboolean
engine_offline (gpointer user_data)
{
  return !plenum_sync_engine_get_online (user_data);
}

/* The "wipe" member of the terminal @terminal_id in the secretariat's list (a new
 * reference to a copy), or NULL when the terminal is not listed. */
static cJSON *
server_wipe_state (PlenumTestSecretary *s,
                   const char          *terminal_id)
{
  g_autofree char *url = g_strconcat (s->url, "/api/v1/terminals", NULL);
  g_autoptr(cJSON) list = plenum_test_http_json_or_null (session, "GET", url, s->token, NULL,
                                                         200);
  const cJSON *item;

  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (list, "terminals"))
    if (g_strcmp0 (plenum_test_json_string (item, "id"), terminal_id) == 0)
      return cJSON_Duplicate (cJSON_GetObjectItemCaseSensitive (item, "wipe"), TRUE);
  return NULL;
}

static void
request_wipe (PlenumTestSecretary *s,
              const char          *terminal_id)
{
  g_autofree char *url = g_strconcat (s->url, "/api/v1/terminals/", terminal_id, "/wipe", NULL);
  g_autoptr(cJSON) answer = plenum_test_http_json_or_null (session, "POST", url, s->token, "{}",
                                                           202);
}

/* Everything members and packets left is gone from @t's store and blob folder. */
static void
assert_erased (Terminal   *t,
               const char *account_id)
{
  PlenumBlobStore *blobs = plenum_store_get_blob_store (t->store);
  g_autoptr(GListModel) mine = plenum_store_list_meetings (t->store, account_id);
  g_autoptr(GListModel) terminal = plenum_store_list_meetings (t->store, NULL);
  g_autofree char *credential = plenum_store_get_terminal_credential (t->store, NULL, NULL);
  g_autofree char *token = plenum_store_get_token (t->store, MEMBER, NULL);
  g_autoptr(GPtrArray) files = plenum_test_list_folder (plenum_blob_store_get_dir (blobs));

  g_assert_cmpuint (g_list_model_get_n_items (mine), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (terminal), ==, 0);
  for (int partial = 0; partial <= 1; partial++)
    {
      g_auto(GStrv) stored = plenum_blob_store_list_stored (blobs, partial);

      g_assert_cmpuint (g_strv_length (stored), ==, 0);
    }
  /* Not even a stray file in the folder. */
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *path = g_build_filename (plenum_blob_store_get_dir (blobs),
                                                g_ptr_array_index (files, i), NULL);

      g_assert_false (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_null (credential);
  g_assert_null (token);
  g_assert_false (plenum_store_has_account (t->store, MEMBER));
  if (account_id != NULL)
    g_assert_cmpuint (plenum_store_outbox_count_pending (t->store, account_id), ==, 0);
  g_assert_false (plenum_store_get_wipe_pending (t->store));
  g_assert_null (plenum_sync_engine_get_account (t->engine));
  g_assert_false (plenum_sync_engine_get_terminal_syncing (t->engine));
}

/* The secretariat asks for a wipe while the terminal is offline, with a member signed
 * in and a check-in of theirs still unsent: at the reconnection the terminal erases
 * everything, confirms, and forgets its credential; the server lists wiped_at, and the
 * member's token no longer works. */
static void
test_offline_then_reconnect (void)
{
  g_autoptr(PlenumTestSecretary) s = secretary_new ();
  g_autoptr(PlenumFaultProxy) proxy = proxy_new ();
  g_autofree char *open_sha256 = NULL;
  g_autofree char *confidential_sha256 = NULL;
  g_autofree char *meeting_id = publish (s, &open_sha256, &confidential_sha256);
  g_autofree char *account_id = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) wipe = NULL;
  g_autofree char *operation_id = NULL;
  Terminal *t = terminal_new (NULL, plenum_fault_proxy_get_url (proxy));
  g_autofree char *terminal_id = g_strdup (plenum_store_get_terminal_id (t->store));
  PacketWait wait = { t, meeting_id, confidential_sha256 };

  terminal_enrol (t, s);
  g_assert_true (plenum_test_wait_until (NULL, packet_here, &wait, WAIT_MS));
  plenum_test_engine_sign_in_ok (t->engine, MEMBER, MEMBER_PIN, WAIT_MS);
  account_id = g_strdup (plenum_test_engine_account_id (t->engine));
  g_assert_true (plenum_test_wait_until (NULL, packet_here, &wait, WAIT_MS));
  token = plenum_store_get_token (t->store, MEMBER, NULL);
  g_assert_nonnull (token);

  /* Offline; the member checks in (queued, durable). */
  plenum_fault_proxy_set_refuse (proxy, TRUE);
  plenum_fault_proxy_close_all (proxy);
  g_assert_true (plenum_test_wait_until (NULL, engine_offline, t->engine, WAIT_MS));
  plenum_sync_engine_check_in_async (t->engine, meeting_id, NULL, plenum_test_got_result_cb,
                                     &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  operation_id = plenum_sync_engine_check_in_finish (t->engine, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);  /* it holds the engine */
  g_assert_cmpuint (plenum_store_outbox_count_pending (t->store, account_id), ==, 1);

  /* The wipe is asked for; the terminal cannot know yet. */
  request_wipe (s, terminal_id);
  wipe = server_wipe_state (s, terminal_id);
  g_assert_true (cJSON_IsObject (wipe));
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (wipe, "wiped_at")));
  g_clear_pointer (&wipe, cJSON_Delete);
  g_assert_false (plenum_sync_engine_get_wiped (t->engine));
  {
    g_autoptr(PlenumMeeting) still = plenum_store_get_meeting (t->store, meeting_id, NULL);

    g_assert_nonnull (still);
  }

  /* Back online: erased, confirmed, the credential gone. */
  plenum_fault_proxy_set_refuse (proxy, FALSE);
  g_assert_true (plenum_test_wait_until (NULL, engine_wiped, t->engine, WAIT_MS));
  assert_erased (t, account_id);
  g_assert_true (terminal_had_error (t, PLENUM_SYNC_ERROR_TERMINAL_WIPED));

  wipe = server_wipe_state (s, terminal_id);
  g_assert_true (cJSON_IsObject (wipe));
  g_assert_true (cJSON_IsString (cJSON_GetObjectItemCaseSensitive (wipe, "wiped_at")));

  /* The member's check-in went with the rest: the server never saw it. */
  {
    g_autofree char *url = g_strconcat (s->url, "/api/v1/meetings/", meeting_id, "/attendance",
                                        NULL);
    g_autoptr(cJSON) rows = plenum_test_http_json_or_null (session, "GET", url, s->token, NULL,
                                                           200);
    const cJSON *row;

    cJSON_ArrayForEach (row, cJSON_GetObjectItemCaseSensitive (rows, "attendance"))
      g_assert_cmpstr (plenum_test_json_string (row, "account_id"), !=, account_id);
  }

  /* The member token given on the wiped terminal is dead. */
  {
    g_autofree char *url = g_strconcat (s->url, "/api/v1/meetings", NULL);
    guint status = 0;
    g_autoptr(GBytes) body = plenum_test_http (session, "GET", url, token, NULL, NULL, &status);

    g_assert_cmpuint (status, ==, 401);
  }

  /* start() after the wipe: nothing to sync with. */
  plenum_sync_engine_start (t->engine);
  g_assert_false (plenum_sync_engine_get_terminal_syncing (t->engine));
  g_free (terminal_free (t));
}

/* A terminal stopped (killed) after its store erased everything but before it told the
 * server: the next start does the wipe again and confirms it. */
static void
test_interrupted (void)
{
  g_autoptr(PlenumTestSecretary) s = secretary_new ();
  g_autofree char *open_sha256 = NULL;
  g_autofree char *confidential_sha256 = NULL;
  g_autofree char *meeting_id = publish (s, &open_sha256, &confidential_sha256);
  g_autofree char *data_dir = NULL;
  g_autofree char *terminal_id = NULL;
  g_autoptr(cJSON) wipe = NULL;
  Terminal *t = terminal_new (NULL, plenum_test_demo_url ());
  PacketWait wait = { t, meeting_id, open_sha256 };

  terminal_id = g_strdup (plenum_store_get_terminal_id (t->store));
  terminal_enrol (t, s);
  g_assert_true (plenum_test_wait_until (NULL, packet_here, &wait, WAIT_MS));
  data_dir = terminal_free (t);

  /* What a kill between the erasure and the confirmation leaves on disk: the store's
   * erasure done (the wipe pending), the credential still there. */
  request_wipe (s, terminal_id);
  {
    PlenumStore *store = plenum_test_open_store (data_dir, WAIT_MS);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *credential = NULL;
    guint left = 99;

    plenum_store_wipe_async (store, NULL, plenum_test_got_result_cb, &result);
    g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
    g_assert_true (plenum_store_wipe_finish (store, result, &left, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (left, ==, 0);
    credential = plenum_store_get_terminal_credential (store, NULL, NULL);
    g_assert_nonnull (credential);
    g_assert_true (plenum_store_get_wipe_pending (store));
    g_clear_object (&result);
    g_assert_finalize_object (store);
  }
  wipe = server_wipe_state (s, terminal_id);
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (wipe, "wiped_at")));
  g_clear_pointer (&wipe, cJSON_Delete);

  /* The next start finishes it. */
  t = terminal_new (data_dir, plenum_test_demo_url ());
  g_assert_true (plenum_store_get_wipe_pending (t->store));
  plenum_sync_engine_start (t->engine);
  g_assert_false (plenum_sync_engine_get_terminal_syncing (t->engine));
  g_assert_true (plenum_test_wait_until (NULL, engine_wiped, t->engine, WAIT_MS));
  assert_erased (t, NULL);
  wipe = server_wipe_state (s, terminal_id);
  g_assert_true (cJSON_IsString (cJSON_GetObjectItemCaseSensitive (wipe, "wiped_at")));
  g_free (terminal_free (t));
}

/* The lease: PUT /api/v1/bodies/{id}/lease. */
static void
set_lease (PlenumTestSecretary *s,
           gint64               seconds)
{
  g_autofree char *url = g_strconcat (s->url, "/api/v1/bodies/", s->body_id, "/lease", NULL);
  g_autofree char *body = g_strdup_printf ("{\"lease_seconds\": %" G_GINT64_FORMAT "}", seconds);
  g_autoptr(cJSON) answer = plenum_test_http_json_or_null (session, "PUT", url, s->token, body,
                                                           200);
}

typedef struct {
  PlenumSyncEngine *engine;
  PlenumMeeting    *meeting;
  PlenumDocument   *document;
} LockWait;

static gboolean
unlocked (gpointer user_data)
{
  LockWait *wait = user_data;

  return !plenum_sync_engine_get_document_locked (wait->engine, wait->meeting, wait->document,
                                                  NULL);
}

static PlenumDocument *
find_document (PlenumMeeting *meeting,
               const char    *sha256)
{
  GListModel *agenda = plenum_meeting_get_agenda (meeting);

  for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      GListModel *documents = plenum_agenda_item_get_documents (item);

      for (guint j = 0; j < g_list_model_get_n_items (documents); j++)
        {
          g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, j);

          if (g_str_equal (plenum_document_get_sha256 (document), sha256))
            return g_steal_pointer (&document);
        }
    }
  g_assert_not_reached ();
}

/* A body lease of 60 s (the least): after two minutes without the server the
 * confidential document is locked (the other is not, and the file stays); reaching the
 * server unlocks it. */
static void
test_lease (void)
{
  g_autoptr(PlenumTestSecretary) s = secretary_new ();
  g_autoptr(PlenumFaultProxy) proxy = proxy_new ();
  g_autofree char *open_sha256 = NULL;
  g_autofree char *confidential_sha256 = NULL;
  g_autofree char *meeting_id = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(PlenumDocument) open_doc = NULL;
  g_autoptr(PlenumDocument) secret_doc = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) long_ago = g_date_time_add_seconds (now, -120);
  Terminal *t;

  set_lease (s, 60);
  meeting_id = publish (s, &open_sha256, &confidential_sha256);
  t = terminal_new (NULL, plenum_fault_proxy_get_url (proxy));
  {
    PacketWait wait = { t, meeting_id, confidential_sha256 };

    plenum_test_engine_sign_in_ok (t->engine, MEMBER, MEMBER_PIN, WAIT_MS);
    g_assert_true (plenum_test_wait_until (NULL, packet_here, &wait, WAIT_MS));
  }
  meeting = plenum_store_get_meeting (t->store, meeting_id, NULL);
  g_assert_cmpint (plenum_meeting_get_lease_seconds (meeting), ==, 60);
  open_doc = find_document (meeting, open_sha256);
  secret_doc = find_document (meeting, confidential_sha256);
  g_assert_nonnull (plenum_sync_engine_get_last_contact (t->engine));
  g_assert_false (plenum_sync_engine_get_document_locked (t->engine, meeting, secret_doc, NULL));

  /* The terminal goes without the server, and restarts two minutes "later": its last
   * contact, as the store keeps it, is moved back. */
  plenum_fault_proxy_set_refuse (proxy, TRUE);
  plenum_fault_proxy_close_all (proxy);
  data_dir = terminal_free (t);
  {
    PlenumStore *store = plenum_test_open_store (data_dir, WAIT_MS);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    plenum_store_set_last_contact_async (store, long_ago, NULL, plenum_test_got_result_cb,
                                         &result);
    g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
    g_assert_true (plenum_store_set_setting_finish (store, result, &error));
    g_assert_no_error (error);
    g_clear_object (&result);
    g_assert_finalize_object (store);
  }
  t = terminal_new (data_dir, plenum_fault_proxy_get_url (proxy));
  g_assert_true (plenum_sync_engine_get_document_locked (t->engine, meeting, secret_doc, &since));
  g_assert_nonnull (since);
  g_assert_cmpint (g_date_time_to_unix (since), ==, g_date_time_to_unix (long_ago));
  g_assert_false (plenum_sync_engine_get_document_locked (t->engine, meeting, open_doc, NULL));
  {
    /* Locked, not deleted. */
    g_autofree char *found = plenum_blob_store_lookup (plenum_store_get_blob_store (t->store),
                                                       confidential_sha256);

    g_assert_nonnull (found);
  }

  /* Offline sign-in does not unlock it; reaching the server does. */
  plenum_test_engine_sign_in_ok (t->engine, MEMBER, MEMBER_PIN, WAIT_MS);
  g_assert_true (plenum_sync_engine_get_document_locked (t->engine, meeting, secret_doc, NULL));
  plenum_fault_proxy_set_refuse (proxy, FALSE);
  {
    LockWait wait = { t->engine, meeting, secret_doc };

    g_assert_true (plenum_test_wait_until (NULL, unlocked, &wait, WAIT_MS));
  }

  g_free (terminal_free (t));
  /* The demo body's default again, for the tests after this one. */
  set_lease (s, 604800);
}

int
main (int    argc,
      char **argv)
{
  plenum_test_init (&argc, &argv);
  session = plenum_test_session ();

  g_test_add_func ("/plenum/wipe/offline-then-reconnect", test_offline_then_reconnect);
  g_test_add_func ("/plenum/wipe/interrupted", test_interrupted);
  g_test_add_func ("/plenum/wipe/lease", test_lease);

  return plenum_test_sync_run ();
}
