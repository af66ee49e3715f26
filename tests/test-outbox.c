/* test-outbox.c — the outbox end to end: a member's check-in goes through the store's
 * outbox and the sync engine's drain to the real plenum-server, exactly once, whatever
 * the network does in between (the real fault proxy: a server that is down, connections
 * cut at random, 503 answers); a refused operation is set aside with its reason and the
 * ones behind it still go; a member who signs out with operations queued still has them
 * sent; the terminal enrols with a one-time code and its readiness report reaches the
 * server; the applied event position is stored and resumed from; and with nobody
 * signed in the enrolled terminal syncs with its credential until it is revoked.
 *
 * One `plenum-server --demo` for the whole file; each case publishes its own meetings
 * (so the attendance it checks is its own) and gives its terminal its own data folder.
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

#define DEMO_MEETING_ID  "6f1d8a52-3c47-4e0b-9a6e-2b5c7d190e43"
#define DEMO_ROOM        "Phòng họp số 1"
#define MEMBER           "le.minh.tuan"
#define MEMBER_PIN       "100003"
#define CHAIR            "nguyen.van.an"
#define CHAIR_PIN        "111111"
#define SECRETARY        "ly.thi.hong"
#define SECRETARY_PIN    "999999"

static SoupSession *session;

static PlenumFaultProxy *
proxy_new (void)
{
  g_autoptr(GError) error = NULL;
  PlenumFaultProxy *proxy = NULL;

  proxy = plenum_fault_proxy_new_for_url (plenum_test_demo_url (), &error);
  g_assert_no_error (error);
  return proxy;
}

/* The secretary, over plain HTTP as the secretariat's tools speak it
 * (tests/plenum-test-sync.h), with one small PDF uploaded for every meeting to name. */

static PlenumTestSecretary *
secretary_new (void)
{
  g_autofree char *terminal_id = plenum_uuid_new ();
  g_autofree char *label = plenum_uuid_new ();
  g_autoptr(GBytes) pdf = plenum_test_make_pdf (label, 0);
  PlenumTestSecretary *s = NULL;

  s = plenum_test_secretary_new (session, SECRETARY, SECRETARY_PIN, terminal_id,
                                 plenum_test_demo_url ());
  s->sha256 = plenum_test_secretary_upload (session, s, pdf);
  return s;
}

/* Publishes a new meeting of the demo body starting @days from now, with one document
 * (@sha256); returns its id. */
static char *
secretary_publish_at (PlenumTestSecretary *s,
                      int                  days,
                      const char          *sha256)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) starts_at = g_date_time_add_days (now, days);
  g_autofree char *operation_id = plenum_uuid_new ();
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autoptr(PlenumPacketManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) json = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *text = NULL;
  g_autofree char *url = g_strconcat (s->url, "/api/v1/meetings/", meeting_id, "/packet", NULL);

  manifest = plenum_packet_manifest_new (operation_id, s->body_id, "Họp thử điểm danh",
                                         starts_at, NULL, s->chair_id, s->vice_chair_id);
  plenum_packet_manifest_add_item (manifest, "1", "Điểm danh", FALSE, &error);
  g_assert_no_error (error);
  plenum_packet_manifest_add_document (manifest, 0, "Tài liệu", sha256, FALSE);
  json = plenum_packet_manifest_to_json (manifest);
  text = plenum_json_print (json);
  answer = plenum_test_http_json_or_null (session, "PUT", url, s->token, text, 200);
  return g_steal_pointer (&meeting_id);
}

/* Publishes a new meeting of the demo body (two days from now); returns its id. */
static char *
secretary_publish (PlenumTestSecretary *s)
{
  return secretary_publish_at (s, 2, s->sha256);
}

/* The rows of GET /api/v1/meetings/{id}/attendance for @account_id, and whether the
 * last says present. */
static guint
server_attendance (PlenumTestSecretary *s,
                   const char          *meeting_id,
                   const char          *account_id,
                   gboolean            *present)
{
  g_autofree char *url = g_strconcat (s->url, "/api/v1/meetings/", meeting_id, "/attendance",
                                      NULL);
  g_autoptr(cJSON) answer = plenum_test_http_json_or_null (session, "GET", url, s->token, NULL,
                                                           200);
  const cJSON *rows = cJSON_GetObjectItemCaseSensitive (answer, "attendance");
  const cJSON *row;
  guint n = 0;

  g_assert_true (cJSON_IsArray (rows));
  cJSON_ArrayForEach (row, rows)
    if (g_strcmp0 (plenum_test_json_string (row, "account_id"), account_id) == 0)
      {
        n++;
        if (present != NULL)
          *present = cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (row, "present"));
      }
  return n;
}

/* A terminal: a store in its own data folder and an engine */

typedef struct {
  char             *data_dir;
  PlenumStore      *store;
  PlenumSyncEngine *engine;
  GPtrArray        *refused;  /* PlenumOutboxOperation from "operation-refused" */
  GPtrArray        *events;   /* PlenumEvent from "server-event" */
  guint             n_status_reports;
} Terminal;

static void
on_operation_refused_cb (PlenumSyncEngine      *engine,
                         PlenumOutboxOperation *op,
                         Terminal              *t)
{
  g_ptr_array_add (t->refused, plenum_outbox_operation_ref (op));
}

static void
on_server_event_cb (PlenumSyncEngine *engine,
                    PlenumEvent      *event,
                    Terminal         *t)
{
  g_ptr_array_add (t->events, g_object_ref (event));
}

static void
on_status_reported_cb (PlenumSyncEngine *engine,
                       Terminal         *t)
{
  t->n_status_reports++;
}

static Terminal *
terminal_new (const char *data_dir,
              const char *url)
{
  Terminal *t = g_new0 (Terminal, 1);

  t->data_dir = data_dir != NULL ? g_strdup (data_dir) : plenum_test_mkdtemp ("terminal");
  t->store = plenum_test_open_store (t->data_dir, WAIT_MS);
  t->engine = plenum_test_engine_new (t->store, url);
  t->refused = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_outbox_operation_unref);
  t->events = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (t->engine, "operation-refused", G_CALLBACK (on_operation_refused_cb), t);
  g_signal_connect (t->engine, "server-event", G_CALLBACK (on_server_event_cb), t);
  g_signal_connect (t->engine, "status-reported", G_CALLBACK (on_status_reported_cb), t);
  return t;
}

/* Drops the engine and the store and waits until the store is closed, so that the
 * folder can be opened again. Returns the data folder (free with g_free()). */
static char *
terminal_free (Terminal *t)
{
  char *data_dir = g_steal_pointer (&t->data_dir);

  plenum_test_engine_close (t->engine, t->store, t, WAIT_MS);
  g_ptr_array_unref (t->refused);
  g_ptr_array_unref (t->events);
  g_free (t);
  return data_dir;
}

static void
terminal_sign_in (Terminal   *t,
                  const char *name,
                  const char *pin)
{
  plenum_test_engine_sign_in_ok (t->engine, name, pin, WAIT_MS);
}

static const char *
terminal_account_id (Terminal *t)
{
  PlenumMember *account = plenum_sync_engine_get_account (t->engine);

  g_assert_nonnull (account);
  return plenum_member_get_id (account);
}

typedef struct {
  Terminal   *t;
  const char *meeting_id;
} MeetingWait;

static gboolean
meeting_stored (gpointer user_data)
{
  MeetingWait *wait = user_data;
  g_autoptr(PlenumMeeting) meeting = plenum_sync_engine_get_meeting (wait->t->engine,
                                                                     wait->meeting_id);

  return meeting != NULL && plenum_meeting_has_agenda (meeting);
}

static void
terminal_wait_meeting (Terminal   *t,
                       const char *meeting_id)
{
  MeetingWait wait = { t, meeting_id };

  g_assert_true (plenum_test_wait_until (NULL, meeting_stored, &wait, WAIT_MS));
}

/* Checks in through the engine; returns the operation id once it is durable. */
static char *
terminal_check_in (Terminal   *t,
                   const char *meeting_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *operation_id;

  plenum_sync_engine_check_in_async (t->engine, meeting_id, NULL,
                                     plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  operation_id = plenum_sync_engine_check_in_finish (t->engine, result, &error);
  g_assert_no_error (error);
  g_assert_true (plenum_is_uuid (operation_id));
  return operation_id;
}

typedef struct {
  PlenumStore       *store;
  const char        *operation_id;
  PlenumOutboxState  state;
} OpWait;

static gboolean
operation_in_state (gpointer user_data)
{
  OpWait *wait = user_data;
  g_autoptr(PlenumOutboxOperation) op = plenum_store_outbox_get (wait->store,
                                                                 wait->operation_id);

  return op != NULL && plenum_outbox_operation_get_state (op) == wait->state;
}

static void
wait_operation (Terminal          *t,
                const char        *operation_id,
                PlenumOutboxState  state)
{
  OpWait wait = { t->store, operation_id, state };

  g_assert_true (plenum_test_wait_until (NULL, operation_in_state, &wait, WAIT_MS));
}

typedef struct {
  PlenumSyncEngine *engine;
  guint             n;
} PendingWait;

static gboolean
pending_is (gpointer user_data)
{
  PendingWait *wait = user_data;

  return plenum_sync_engine_get_pending_operations (wait->engine) == wait->n;
}

/* The property follows the store's signal, a moment after the row changed. */
static void
wait_pending (Terminal *t,
              guint     n)
{
  PendingWait wait = { t->engine, n };

  g_assert_true (plenum_test_wait_until (NULL, pending_is, &wait, WAIT_MS));
}

static gboolean
engine_offline (gpointer user_data)
{
  return !plenum_sync_engine_get_online (user_data);
}

/* attendance.changed events the terminal received for @meeting_id. */
static guint
count_attendance_events (Terminal   *t,
                         const char *meeting_id)
{
  guint n = 0;

  for (guint i = 0; i < t->events->len; i++)
    {
      PlenumEvent *event = g_ptr_array_index (t->events, i);

      if (g_str_equal (plenum_event_get_event_type (event), "attendance.changed") &&
          g_strcmp0 (plenum_event_get_meeting_id (event), meeting_id) == 0)
        n++;
    }
  return n;
}

typedef struct {
  Terminal   *t;
  const char *meeting_id;
} EventWait;

static gboolean
has_attendance_event (gpointer user_data)
{
  EventWait *wait = user_data;

  return count_attendance_events (wait->t, wait->meeting_id) > 0;
}

/* Tests */

/* Online: the check-in is durable when the call returns and reaches the server once. */
static void
test_online (void)
{
  g_autoptr(PlenumTestSecretary) s = secretary_new ();
  g_autofree char *meeting_id = secretary_publish (s);
  g_autofree char *operation_id = NULL;
  g_autofree char *again = NULL;
  g_autofree char *data_dir = NULL;
  Terminal *t = terminal_new (NULL, plenum_test_demo_url ());
  PlenumOutboxState state = PLENUM_OUTBOX_STATE_QUEUED;
  EventWait event_wait = { t, meeting_id };
  gboolean present = FALSE;

  terminal_sign_in (t, MEMBER, MEMBER_PIN);
  terminal_wait_meeting (t, meeting_id);

  operation_id = terminal_check_in (t, meeting_id);
  g_assert_true (plenum_store_get_attendance (t->store, terminal_account_id (t), meeting_id,
                                              &state));
  wait_operation (t, operation_id, PLENUM_OUTBOX_STATE_SENT);
  wait_pending (t, 0);
  g_assert_cmpuint (server_attendance (s, meeting_id, terminal_account_id (t), &present), ==, 1);
  g_assert_true (present);

  /* Checking in again adds nothing and sends nothing. */
  again = terminal_check_in (t, meeting_id);
  g_assert_cmpstr (again, ==, operation_id);
  g_assert_true (plenum_test_wait_until (NULL, has_attendance_event, &event_wait, WAIT_MS));
  g_assert_cmpuint (count_attendance_events (t, meeting_id), ==, 1);
  g_assert_cmpuint (t->refused->len, ==, 0);
  data_dir = terminal_free (t);
}

/* Server down: the check-in is queued and durable (a restart keeps it); when the server
 * is back the restarted terminal sends it with the member's stored token. */
static void
test_offline_durable (void)
{
  g_autoptr(PlenumTestSecretary) s = secretary_new ();
  g_autoptr(PlenumFaultProxy) proxy = proxy_new ();
  g_autofree char *meeting_id = secretary_publish (s);
  g_autofree char *operation_id = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *data_dir2 = NULL;
  g_autoptr(PlenumOutboxOperation) op = NULL;
  Terminal *t = terminal_new (NULL, plenum_fault_proxy_get_url (proxy));
  gboolean present = FALSE;

  terminal_sign_in (t, MEMBER, MEMBER_PIN);
  terminal_wait_meeting (t, meeting_id);
  account_id = g_strdup (terminal_account_id (t));

  plenum_fault_proxy_set_refuse (proxy, TRUE);
  plenum_fault_proxy_close_all (proxy);
  g_assert_true (plenum_test_wait_until (NULL, engine_offline, t->engine, WAIT_MS));

  operation_id = terminal_check_in (t, meeting_id);
  g_assert_cmpuint (plenum_sync_engine_get_pending_operations (t->engine), ==, 1);
  data_dir = terminal_free (t);

  /* Reopened: still there, still queued. */
  t = terminal_new (data_dir, plenum_fault_proxy_get_url (proxy));
  g_assert_cmpuint (plenum_store_outbox_count_pending (t->store, account_id), ==, 1);
  op = plenum_store_outbox_get (t->store, operation_id);
  g_assert_nonnull (op);
  g_assert_cmpint (plenum_outbox_operation_get_state (op), ==, PLENUM_OUTBOX_STATE_QUEUED);
  g_assert_cmpuint (server_attendance (s, meeting_id, account_id, NULL), ==, 0);

  terminal_sign_in (t, MEMBER, MEMBER_PIN);   /* offline, against the verifier */
  g_assert_false (plenum_sync_engine_get_online (t->engine));
  g_assert_cmpuint (plenum_sync_engine_get_pending_operations (t->engine), ==, 1);

  plenum_fault_proxy_set_refuse (proxy, FALSE);
  wait_operation (t, operation_id, PLENUM_OUTBOX_STATE_SENT);
  g_assert_cmpuint (server_attendance (s, meeting_id, account_id, &present), ==, 1);
  g_assert_true (present);
  wait_pending (t, 0);
  data_dir2 = terminal_free (t);
}

#define N_FAULT_MEETINGS 8

/* Under 503 answers and connections cut at random points (before or after the server
 * applied an operation), every operation is applied exactly once. */
static void
test_faults (void)
{
  g_autoptr(PlenumTestSecretary) s = secretary_new ();
  g_autoptr(PlenumFaultProxy) proxy = proxy_new ();
  char *meeting_ids[N_FAULT_MEETINGS + 1] = { NULL };
  char *operation_ids[N_FAULT_MEETINGS + 1] = { NULL };
  g_autofree char *data_dir = NULL;
  guint32 seed = g_test_rand_int ();
  g_autofree char *observer_dir = NULL;
  g_autofree char *first_text = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first_seq = 0;
  Terminal *t;
  Terminal *observer;
  EventWait last_wait;

  for (guint i = 0; i <= N_FAULT_MEETINGS; i++)
    meeting_ids[i] = secretary_publish (s);
  t = terminal_new (NULL, plenum_fault_proxy_get_url (proxy));
  terminal_sign_in (t, MEMBER, MEMBER_PIN);
  for (guint i = 0; i <= N_FAULT_MEETINGS; i++)
    terminal_wait_meeting (t, meeting_ids[i]);

  /* A first one on a clean link, so that the event stream has a position to resume
   * from (a stream that never saw an event starts live). */
  operation_ids[0] = terminal_check_in (t, meeting_ids[0]);
  wait_operation (t, operation_ids[0], PLENUM_OUTBOX_STATE_SENT);
  last_wait = (EventWait) { t, meeting_ids[0] };
  g_assert_true (plenum_test_wait_until (NULL, has_attendance_event, &last_wait, WAIT_MS));
  for (guint i = 0; i < t->events->len; i++)
    {
      PlenumEvent *event = g_ptr_array_index (t->events, i);

      if (g_strcmp0 (plenum_event_get_meeting_id (event), meeting_ids[0]) == 0)
        first_seq = MAX (first_seq, plenum_event_get_seq (event));
    }
  g_assert_cmpint (first_seq, >, 0);

  /* Then some meet 503s, the others connections cut at random. */
  g_test_message ("cut seed %u", seed);
  plenum_fault_proxy_set_http_error (proxy, 503, 4);
  plenum_fault_proxy_close_all (proxy);
  for (guint i = 1; i < N_FAULT_MEETINGS / 2; i++)
    operation_ids[i] = terminal_check_in (t, meeting_ids[i]);
  for (guint i = 1; i < N_FAULT_MEETINGS / 2; i++)
    wait_operation (t, operation_ids[i], PLENUM_OUTBOX_STATE_SENT);
  g_assert_cmpuint (plenum_fault_proxy_get_n_http_errors (proxy), >, 0);

  plenum_fault_proxy_set_cut_random (proxy, seed, 20, 700);
  plenum_fault_proxy_close_all (proxy);
  for (guint i = N_FAULT_MEETINGS / 2; i < N_FAULT_MEETINGS; i++)
    operation_ids[i] = terminal_check_in (t, meeting_ids[i]);
  for (guint i = N_FAULT_MEETINGS / 2; i < N_FAULT_MEETINGS; i++)
    wait_operation (t, operation_ids[i], PLENUM_OUTBOX_STATE_SENT);
  g_assert_cmpuint (plenum_fault_proxy_get_n_cut (proxy), >, 0);

  /* A last one on a clean link. */
  plenum_fault_proxy_set_cut_random (proxy, 0, 0, 0);
  plenum_fault_proxy_close_all (proxy);
  operation_ids[N_FAULT_MEETINGS] = terminal_check_in (t, meeting_ids[N_FAULT_MEETINGS]);
  wait_operation (t, operation_ids[N_FAULT_MEETINGS], PLENUM_OUTBOX_STATE_SENT);

  /* What the server applied, counted by its events: another member's terminal on a
   * clean link replays them from the first check-in's on. Events come in order, so
   * once the last one's is here every earlier one is too. */
  observer = terminal_new (NULL, plenum_test_demo_url ());
  first_text = g_strdup_printf ("%" G_GINT64_FORMAT, first_seq);
  plenum_store_set_setting_async (observer->store, PLENUM_STORE_SETTING_LAST_EVENT_ID,
                                  first_text, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  g_assert_true (plenum_store_set_setting_finish (observer->store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);  /* it holds the store */
  terminal_sign_in (observer, CHAIR, CHAIR_PIN);
  last_wait = (EventWait) { observer, meeting_ids[N_FAULT_MEETINGS] };
  g_assert_true (plenum_test_wait_until (NULL, has_attendance_event, &last_wait, WAIT_MS));

  for (guint i = 0; i <= N_FAULT_MEETINGS; i++)
    {
      gboolean present = FALSE;

      g_assert_cmpuint (server_attendance (s, meeting_ids[i], terminal_account_id (t),
                                           &present), ==, 1);
      g_assert_true (present);
      if (i > 0)
        g_assert_cmpuint (count_attendance_events (observer, meeting_ids[i]), ==, 1);
    }
  g_assert_cmpuint (t->refused->len, ==, 0);
  wait_pending (t, 0);

  for (guint i = 0; i <= N_FAULT_MEETINGS; i++)
    {
      g_free (meeting_ids[i]);
      g_free (operation_ids[i]);
    }
  data_dir = terminal_free (t);
  observer_dir = terminal_free (observer);
}

/* A refused operation is set aside with the server's reason; the one behind it goes. */
static void
test_refused (void)
{
  g_autoptr(PlenumTestSecretary) s = secretary_new ();
  g_autoptr(PlenumFaultProxy) proxy = proxy_new ();
  g_autofree char *meeting_id = secretary_publish (s);
  g_autofree char *unknown_id = plenum_uuid_new ();
  g_autofree char *bad_path = g_strconcat ("/api/v1/meetings/", unknown_id, "/attendance", NULL);
  g_autofree char *bad_id = NULL;
  g_autofree char *good_id = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(PlenumOutboxOperation) refused = NULL;
  Terminal *t = terminal_new (NULL, plenum_fault_proxy_get_url (proxy));
  gboolean found = FALSE;

  terminal_sign_in (t, MEMBER, MEMBER_PIN);
  terminal_wait_meeting (t, meeting_id);

  /* Both queued while the server is down: the refused one first in line. */
  plenum_fault_proxy_set_refuse (proxy, TRUE);
  plenum_fault_proxy_close_all (proxy);
  plenum_store_outbox_add_async (t->store, terminal_account_id (t), "attendance", "POST",
                                 bad_path, "{\"present\":true}", NULL,
                                 plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  bad_id = plenum_store_outbox_add_finish (t->store, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);  /* it holds the store */
  good_id = terminal_check_in (t, meeting_id);
  g_assert_cmpuint (plenum_sync_engine_get_pending_operations (t->engine), ==, 2);

  plenum_fault_proxy_set_refuse (proxy, FALSE);
  wait_operation (t, good_id, PLENUM_OUTBOX_STATE_SENT);
  wait_operation (t, bad_id, PLENUM_OUTBOX_STATE_REFUSED);

  refused = plenum_store_outbox_get (t->store, bad_id);
  g_assert_cmpuint (plenum_outbox_operation_get_refused_status (refused), ==, 404);
  g_assert_cmpstr (plenum_outbox_operation_get_refused_code (refused), ==, "not_found");
  g_assert_nonnull (plenum_outbox_operation_get_refused_message (refused));
  g_assert_cmpuint (t->refused->len, ==, 1);
  g_assert_cmpstr (plenum_outbox_operation_get_operation_id (g_ptr_array_index (t->refused, 0)),
                   ==, bad_id);

  /* Still listed for the member to see. */
  listed = plenum_sync_engine_list_operations (t->engine);
  for (guint i = 0; i < listed->len; i++)
    if (g_str_equal (plenum_outbox_operation_get_operation_id (g_ptr_array_index (listed, i)),
                     bad_id))
      found = TRUE;
  g_assert_true (found);
  g_assert_cmpuint (server_attendance (s, meeting_id, terminal_account_id (t), NULL), ==, 1);
  wait_pending (t, 0);
  data_dir = terminal_free (t);
}

static gboolean
token_dropped (gpointer user_data)
{
  Terminal *t = user_data;
  char *token = plenum_store_get_token (t->store, MEMBER, NULL);
  gboolean dropped = token == NULL;

  g_clear_pointer (&token, plenum_secret_free);
  return dropped;
}

/* Signing out with a check-in queued: the token is kept only to send it, and it is
 * sent after the member has gone. */
static void
test_sign_out_pending (void)
{
  g_autoptr(PlenumTestSecretary) s = secretary_new ();
  g_autoptr(PlenumFaultProxy) proxy = proxy_new ();
  g_autofree char *meeting_id = secretary_publish (s);
  g_autofree char *operation_id = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *data_dir = NULL;
  Terminal *t = terminal_new (NULL, plenum_fault_proxy_get_url (proxy));
  gboolean present = FALSE;

  terminal_sign_in (t, MEMBER, MEMBER_PIN);
  terminal_wait_meeting (t, meeting_id);
  account_id = g_strdup (terminal_account_id (t));

  plenum_fault_proxy_set_refuse (proxy, TRUE);
  plenum_fault_proxy_close_all (proxy);
  operation_id = terminal_check_in (t, meeting_id);
  plenum_sync_engine_sign_out (t->engine);
  g_assert_null (plenum_sync_engine_get_account (t->engine));
  wait_pending (t, 0);
  g_assert_cmpuint (plenum_store_outbox_count_pending (t->store, account_id), ==, 1);
  g_assert_false (token_dropped (t));

  plenum_fault_proxy_set_refuse (proxy, FALSE);
  wait_operation (t, operation_id, PLENUM_OUTBOX_STATE_SENT);
  g_assert_cmpuint (server_attendance (s, meeting_id, account_id, &present), ==, 1);
  g_assert_true (present);
  /* Its last operation sent: the kept token goes. */
  g_assert_true (plenum_test_wait_until (NULL, token_dropped, t, WAIT_MS));

  /* Signed out offline with a check-in waiting, then the terminal restarts: the kept
   * token sends it as soon as the server is back, before anyone signs in. */
  {
    g_autofree char *second = secretary_publish (s);
    g_autofree char *second_op = NULL;

    terminal_sign_in (t, MEMBER, MEMBER_PIN);
    terminal_wait_meeting (t, second);
    plenum_fault_proxy_set_refuse (proxy, TRUE);
    plenum_fault_proxy_close_all (proxy);
    second_op = terminal_check_in (t, second);
    plenum_sync_engine_sign_out (t->engine);
    data_dir = terminal_free (t);

    t = terminal_new (data_dir, plenum_fault_proxy_get_url (proxy));
    g_assert_cmpuint (plenum_store_outbox_count_pending (t->store, account_id), ==, 1);
    plenum_sync_engine_start (t->engine);
    plenum_fault_proxy_set_refuse (proxy, FALSE);
    wait_operation (t, second_op, PLENUM_OUTBOX_STATE_SENT);
    g_assert_null (plenum_sync_engine_get_account (t->engine));
    g_assert_cmpuint (server_attendance (s, second, account_id, &present), ==, 1);
    g_assert_true (present);
    g_assert_true (plenum_test_wait_until (NULL, token_dropped, t, WAIT_MS));
    g_free (data_dir);
  }
  data_dir = terminal_free (t);
}

static gboolean
has_status_report (gpointer user_data)
{
  return ((Terminal *) user_data)->n_status_reports > 0;
}

typedef struct {
  const char *url;
  const char *token;
  const char *terminal_id;
  gint64      last_check;   /* monotonic µs: the server is asked at most every 100 ms */
} ServerReportWait;

/* The secretariat's list of terminals shows a report of @terminal_id that lists the demo
 * meeting. */
static gboolean
server_has_report_of_demo (gpointer user_data)
{
  ServerReportWait *wait = user_data;
  g_autofree char *list_url = NULL;
  g_autoptr(cJSON) list = NULL;
  const cJSON *item;

  if (g_get_monotonic_time () - wait->last_check < 100 * G_TIME_SPAN_MILLISECOND)
    return FALSE;
  wait->last_check = g_get_monotonic_time ();
  list_url = g_strconcat (wait->url, "/api/v1/terminals", NULL);
  list = plenum_test_http_json_or_null (session, "GET", list_url, wait->token, NULL, 200);
  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (list, "terminals"))
    {
      const cJSON *status = cJSON_GetObjectItemCaseSensitive (item, "status");
      const cJSON *row;

      if (g_strcmp0 (plenum_test_json_string (item, "id"), wait->terminal_id) != 0 ||
          !cJSON_IsObject (status))
        continue;
      cJSON_ArrayForEach (row, cJSON_GetObjectItemCaseSensitive (status, "meetings"))
        if (g_strcmp0 (plenum_test_json_string (row, "meeting_id"), DEMO_MEETING_ID) == 0)
          return TRUE;
    }
  return FALSE;
}

/* The terminal enrols with a one-time code (which works once); after a sync pass it
 * reports its readiness, and the secretariat sees it. */
static void
test_readiness (void)
{
  g_autoptr(PlenumTestSecretary) s = secretary_new ();
  g_autofree char *meeting_id = secretary_publish (s);
  g_autofree char *enrol_url = g_strconcat (s->url, "/api/v1/terminals/enrolments", NULL);
  g_autofree char *redeem_url = g_strconcat (s->url, "/api/v1/terminals", NULL);
  g_autofree char *seat = plenum_uuid_new ();
  g_autofree char *request = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(cJSON) enrolment = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *credential = NULL;
  g_autofree char *name = NULL;
  g_autofree char *room = NULL;
  g_autoptr(cJSON) list = NULL;
  const cJSON *terminals;
  const cJSON *item;
  const cJSON *status = NULL;
  const cJSON *meetings;
  const cJSON *row;
  Terminal *t = terminal_new (NULL, plenum_test_demo_url ());
  const char *terminal_id = plenum_store_get_terminal_id (t->store);
  gboolean found = FALSE;

  /* Enrolled by the secretariat with a one-time code. */
  request = g_strdup_printf ("{\"room\": \"%s\", \"name\": \"Ghế %s\"}", DEMO_ROOM, seat);
  enrolment = plenum_test_http_json_or_null (session, "POST", enrol_url, s->token, request, 201);
  g_clear_pointer (&request, g_free);
  plenum_sync_engine_enrol_async (t->engine, plenum_test_json_string (enrolment, "code"), NULL,
                                  plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  g_assert_true (plenum_sync_engine_enrol_finish (t->engine, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  credential = plenum_store_get_terminal_credential (t->store, &name, &room);
  g_assert_true (plenum_is_sha256_hex (credential));
  g_assert_cmpstr (room, ==, DEMO_ROOM);
  g_assert_true (g_str_has_suffix (name, seat));

  /* A code works once. */
  plenum_sync_engine_enrol_async (t->engine, plenum_test_json_string (enrolment, "code"), NULL,
                                  plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  g_assert_false (plenum_sync_engine_enrol_finish (t->engine, result, &error));
  g_assert_error (error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_ENROLMENT_INVALID);
  g_clear_object (&result);

  plenum_sync_engine_set_status_interval (t->engine, 0);
  terminal_sign_in (t, MEMBER, MEMBER_PIN);
  terminal_wait_meeting (t, meeting_id);
  g_assert_true (plenum_test_wait_until (NULL, has_status_report, t, WAIT_MS));
  /* A report made before the demo meeting was stored lists none: wait for one that
   * does (the server keeps the latest). */
  {
    ServerReportWait wait = { s->url, s->token, terminal_id, 0 };

    g_assert_true (plenum_test_wait_until (NULL, server_has_report_of_demo, &wait, WAIT_MS));
  }

  list = plenum_test_http_json_or_null (session, "GET", redeem_url, s->token, NULL, 200);
  terminals = cJSON_GetObjectItemCaseSensitive (list, "terminals");
  g_assert_true (cJSON_IsArray (terminals));
  cJSON_ArrayForEach (item, terminals)
    if (g_strcmp0 (plenum_test_json_string (item, "id"), terminal_id) == 0)
      status = cJSON_GetObjectItemCaseSensitive (item, "status");
  g_assert_true (cJSON_IsObject (status));
  g_assert_nonnull (plenum_test_json_string (status, "reported_at"));
  meetings = cJSON_GetObjectItemCaseSensitive (status, "meetings");
  g_assert_true (cJSON_IsArray (meetings));
  cJSON_ArrayForEach (row, meetings)
    if (g_strcmp0 (plenum_test_json_string (row, "meeting_id"), DEMO_MEETING_ID) == 0)
      {
        const cJSON *total = cJSON_GetObjectItemCaseSensitive (row, "documents_total");
        const cJSON *done = cJSON_GetObjectItemCaseSensitive (row, "documents_done");

        g_assert_true (cJSON_IsNumber (total));
        g_assert_true (cJSON_IsNumber (done));
        g_assert_cmpint ((gint) total->valuedouble, >, 0);
        g_assert_cmpint ((gint) done->valuedouble, <=, (gint) total->valuedouble);
        found = TRUE;
      }
  g_assert_true (found);
  data_dir = terminal_free (t);
}

typedef struct {
  Terminal   *t;
  const char *account_id;
  gint64      seq;
} PositionWait;

static gboolean
position_stored (gpointer user_data)
{
  PositionWait *wait = user_data;
  gint64 seq = -1;

  return plenum_store_get_last_event_seq (wait->t->store, wait->account_id, &seq) &&
         seq == wait->seq;
}

/* The seq of the packet.published event of @meeting_id the terminal received, or -1. */
static gint64
published_seq (Terminal   *t,
               const char *meeting_id)
{
  for (guint i = 0; i < t->events->len; i++)
    {
      PlenumEvent *event = g_ptr_array_index (t->events, i);

      if (g_str_equal (plenum_event_get_event_type (event), PLENUM_EVENT_PACKET_PUBLISHED) &&
          g_strcmp0 (plenum_event_get_meeting_id (event), meeting_id) == 0)
        return plenum_event_get_seq (event);
    }
  return -1;
}

typedef struct {
  Terminal   *t;
  const char *meeting_id;
} PublishedWait;

static gboolean
has_published (gpointer user_data)
{
  PublishedWait *wait = user_data;

  return published_seq (wait->t, wait->meeting_id) >= 0;
}

/* An event that brings a meeting is stored with its position; a restarted terminal
 * resumes after it and is not handed it again. */
static void
test_event_position (void)
{
  g_autoptr(PlenumTestSecretary) s = secretary_new ();
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *data_dir2 = NULL;
  Terminal *t = terminal_new (NULL, plenum_test_demo_url ());
  PublishedWait published = { t, NULL };
  PositionWait position = { t, NULL, 0 };
  gint64 first_seq;

  terminal_sign_in (t, MEMBER, MEMBER_PIN);
  account_id = g_strdup (terminal_account_id (t));
  terminal_wait_meeting (t, DEMO_MEETING_ID);

  first = secretary_publish (s);
  published.meeting_id = first;
  g_assert_true (plenum_test_wait_until (NULL, has_published, &published, WAIT_MS));
  terminal_wait_meeting (t, first);
  first_seq = published_seq (t, first);
  position = (PositionWait) { t, account_id, first_seq };
  g_assert_true (plenum_test_wait_until (NULL, position_stored, &position, WAIT_MS));
  data_dir = terminal_free (t);

  t = terminal_new (data_dir, plenum_test_demo_url ());
  terminal_sign_in (t, MEMBER, MEMBER_PIN);
  second = secretary_publish (s);
  published = (PublishedWait) { t, second };
  g_assert_true (plenum_test_wait_until (NULL, has_published, &published, WAIT_MS));
  g_assert_cmpint (published_seq (t, first), ==, -1);
  for (guint i = 0; i < t->events->len; i++)
    g_assert_cmpint (plenum_event_get_seq (g_ptr_array_index (t->events, i)), >, first_seq);
  terminal_wait_meeting (t, second);
  data_dir2 = terminal_free (t);
}

/* Syncing as the terminal: with nobody signed in, the enrolled terminal fetches every
 * blob of its room's meetings with its credential and reports its readiness; a member
 * signing in switches to the member's token and signing out back to the credential;
 * when the secretariat revokes it, the engine says so, forgets the credential, keeps
 * what it downloaded, and members still sign in. */

typedef struct {
  Terminal   *t;
  const char *meeting_id;
  const char *sha256;
} TerminalWait;

static gboolean
terminal_packet_here (gpointer user_data)
{
  TerminalWait *wait = user_data;
  PlenumSyncEngine *engine = wait->t->engine;
  g_autoptr(GListModel) meetings = plenum_store_list_meetings (wait->t->store, NULL);
  g_autofree char *path = plenum_sync_engine_get_document_path (engine, wait->sha256);
  gboolean listed = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (meetings); i++)
    {
      g_autoptr(PlenumMeeting) meeting = g_list_model_get_item (meetings, i);

      if (g_str_equal (plenum_meeting_get_id (meeting), wait->meeting_id))
        listed = TRUE;
    }
  return listed && path != NULL && !plenum_sync_engine_get_syncing (engine) &&
         plenum_sync_engine_get_documents_total (engine) > 0 &&
         plenum_sync_engine_get_documents_done (engine) ==
         plenum_sync_engine_get_documents_total (engine) &&
         wait->t->n_status_reports > 0;
}

typedef struct {
  PlenumTestSecretary *s;
  const char          *terminal_id;
  const char          *meeting_id;
  gboolean             revoked;
} ReportWait;

/* The secretariat's list shows the terminal's report with @meeting_id complete. */
static gboolean
server_has_complete_report (gpointer user_data)
{
  ReportWait *wait = user_data;
  g_autofree char *url = g_strconcat (wait->s->url, "/api/v1/terminals", NULL);
  g_autoptr(cJSON) list = plenum_test_http_json_or_null (session, "GET", url, wait->s->token,
                                                         NULL, 200);
  const cJSON *terminals = cJSON_GetObjectItemCaseSensitive (list, "terminals");
  const cJSON *item;
  const cJSON *row;

  cJSON_ArrayForEach (item, terminals)
    {
      const cJSON *status = cJSON_GetObjectItemCaseSensitive (item, "status");

      if (g_strcmp0 (plenum_test_json_string (item, "id"), wait->terminal_id) != 0)
        continue;
      wait->revoked = cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (item, "revoked"));
      if (!cJSON_IsObject (status))
        return FALSE;
      cJSON_ArrayForEach (row, cJSON_GetObjectItemCaseSensitive (status, "meetings"))
        if (g_strcmp0 (plenum_test_json_string (row, "meeting_id"), wait->meeting_id) == 0)
          {
            const cJSON *total = cJSON_GetObjectItemCaseSensitive (row, "documents_total");
            const cJSON *done = cJSON_GetObjectItemCaseSensitive (row, "documents_done");

            return cJSON_IsNumber (total) && cJSON_IsNumber (done) &&
                   total->valuedouble > 0 && done->valuedouble == total->valuedouble;
          }
    }
  return FALSE;
}

static void
on_sync_error_cb (PlenumSyncEngine *engine,
                  const GError     *error,
                  GPtrArray        *errors)
{
  g_ptr_array_add (errors, g_error_copy (error));
}

static gboolean
engine_revoked (gpointer user_data)
{
  return plenum_sync_engine_get_revoked (user_data);
}

static gboolean
engine_terminal_syncing (gpointer user_data)
{
  return plenum_sync_engine_get_terminal_syncing (user_data);
}

static gboolean
credential_forgotten (gpointer user_data)
{
  g_autofree char *credential = plenum_store_get_terminal_credential (user_data, NULL, NULL);

  return credential == NULL;
}

static void
test_terminal_sync (void)
{
  g_autoptr(PlenumTestSecretary) s = secretary_new ();
  g_autofree char *meeting_id = secretary_publish (s);
  g_autofree char *enrol_url = g_strconcat (s->url, "/api/v1/terminals/enrolments", NULL);
  g_autofree char *seat = plenum_uuid_new ();
  g_autofree char *request = NULL;
  g_autofree char *revoke_url = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(cJSON) enrolment = NULL;
  g_autoptr(cJSON) revoked = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  Terminal *t = terminal_new (NULL, plenum_test_demo_url ());
  const char *terminal_id = plenum_store_get_terminal_id (t->store);
  TerminalWait wait = { t, meeting_id, s->sha256 };
  ReportWait report = { s, terminal_id, meeting_id, FALSE };
  gboolean found = FALSE;

  g_signal_connect (t->engine, "sync-error", G_CALLBACK (on_sync_error_cb), errors);
  plenum_sync_engine_set_status_interval (t->engine, 0);

  /* Without a credential, start() does nothing. */
  plenum_sync_engine_start (t->engine);
  g_assert_false (plenum_sync_engine_get_terminal_syncing (t->engine));

  request = g_strdup_printf ("{\"room\": \"%s\", \"name\": \"Ghế %s\"}", DEMO_ROOM, seat);
  enrolment = plenum_test_http_json_or_null (session, "POST", enrol_url, s->token, request, 201);
  plenum_sync_engine_enrol_async (t->engine, plenum_test_json_string (enrolment, "code"), NULL,
                                  plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  g_assert_true (plenum_sync_engine_enrol_finish (t->engine, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Nobody signed in: the packet comes down with the credential, and is reported. */
  g_assert_null (plenum_sync_engine_get_account (t->engine));
  g_assert_true (plenum_sync_engine_get_terminal_syncing (t->engine));
  g_assert_true (plenum_test_wait_until (NULL, terminal_packet_here, &wait, WAIT_MS));
  g_assert_true (plenum_test_wait_until (NULL, server_has_complete_report, &report, WAIT_MS));
  g_assert_false (report.revoked);

  /* A member signs in on top (the member's token), and signs out (the credential). */
  terminal_sign_in (t, MEMBER, MEMBER_PIN);
  g_assert_false (plenum_sync_engine_get_terminal_syncing (t->engine));
  terminal_wait_meeting (t, meeting_id);
  plenum_sync_engine_sign_out (t->engine);
  g_assert_true (plenum_test_wait_until (NULL, engine_terminal_syncing, t->engine, WAIT_MS));

  /* Revoked by the secretariat. */
  revoke_url = g_strconcat (s->url, "/api/v1/terminals/", terminal_id, NULL);
  revoked = plenum_test_http_json_or_null (session, "DELETE", revoke_url, s->token, NULL, 204);
  g_assert_null (revoked);
  g_assert_true (plenum_test_wait_until (NULL, engine_revoked, t->engine, WAIT_MS));
  g_assert_false (plenum_sync_engine_get_terminal_syncing (t->engine));
  g_assert_true (plenum_test_wait_until (NULL, credential_forgotten, t->store, WAIT_MS));
  for (guint i = 0; i < errors->len; i++)
    if (g_error_matches (g_ptr_array_index (errors, i), PLENUM_SYNC_ERROR,
                         PLENUM_SYNC_ERROR_TERMINAL_REVOKED))
      found = TRUE;
  g_assert_true (found);

  /* What was downloaded stays readable. */
  path = plenum_sync_engine_get_document_path (t->engine, s->sha256);
  g_assert_nonnull (path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *contents = NULL;
    g_autofree char *sha256 = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (path, &contents, &length, &error));
    g_assert_no_error (error);
    sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
    g_assert_cmpstr (sha256, ==, s->sha256);
  }
  g_assert_cmpint (plenum_sync_engine_get_document_state (t->engine, s->sha256, NULL, NULL),
                   !=, PLENUM_DOCUMENT_STATE_DOWNLOADING);

  /* start() after a revocation does nothing; a member still signs in. */
  plenum_sync_engine_start (t->engine);
  g_assert_false (plenum_sync_engine_get_terminal_syncing (t->engine));
  terminal_sign_in (t, MEMBER, MEMBER_PIN);
  g_assert_nonnull (plenum_sync_engine_get_account (t->engine));
  terminal_wait_meeting (t, meeting_id);
  g_assert_true (plenum_sync_engine_get_revoked (t->engine));
  plenum_sync_engine_sign_out (t->engine);
  g_assert_false (plenum_sync_engine_get_terminal_syncing (t->engine));

  g_signal_handlers_disconnect_by_data (t->engine, errors);
  data_dir = terminal_free (t);

  /* After a restart the terminal still knows it was revoked. */
  t = terminal_new (data_dir, plenum_test_demo_url ());
  g_assert_true (plenum_sync_engine_get_revoked (t->engine));
  plenum_sync_engine_start (t->engine);
  g_assert_false (plenum_sync_engine_get_terminal_syncing (t->engine));

  /* An installer redeems a new code with any HTTP client and writes the terminal id and
   * the credential into the configuration: the engine adopts both and syncs again. */
  {
    g_autofree char *terminals_url = g_strconcat (s->url, "/api/v1/terminals", NULL);
    g_autofree char *new_id = plenum_uuid_new ();
    g_autofree char *redeem = NULL;
    g_autoptr(cJSON) second = NULL;
    g_autoptr(cJSON) redeemed = NULL;
    g_autofree char *credential = NULL;
    g_autofree char *data_dir2 = NULL;
    g_autofree char *revoke_url2 = NULL;
    g_autoptr(cJSON) revoked2 = NULL;
    ReportWait report2 = { s, new_id, meeting_id, FALSE };

    second = plenum_test_http_json_or_null (session, "POST", enrol_url, s->token, request, 201);
    redeem = g_strdup_printf ("{\"code\": \"%s\", \"terminal_id\": \"%s\"}",
                              plenum_test_json_string (second, "code"), new_id);
    redeemed = plenum_test_http_json_or_null (session, "POST", terminals_url, NULL, redeem, 201);
    credential = g_strdup (plenum_test_json_string (redeemed, "credential"));

    plenum_sync_engine_start_with_credential (t->engine, new_id, credential);
    g_assert_true (plenum_test_wait_until (NULL, engine_terminal_syncing, t->engine, WAIT_MS));
    g_assert_false (plenum_sync_engine_get_revoked (t->engine));
    g_assert_cmpstr (plenum_store_get_terminal_id (t->store), ==, new_id);
    g_assert_true (plenum_test_wait_until (NULL, server_has_complete_report, &report2, WAIT_MS));
    g_free (terminal_free (t));

    /* Kept: the next start with the same configuration has nothing to adopt. */
    t = terminal_new (data_dir, plenum_test_demo_url ());
    g_assert_cmpstr (plenum_store_get_terminal_id (t->store), ==, new_id);
    plenum_sync_engine_start_with_credential (t->engine, new_id, credential);
    g_assert_true (plenum_sync_engine_get_terminal_syncing (t->engine));

    /* Revoked again: the same configured credential is not tried after a restart. */
    revoke_url2 = g_strconcat (s->url, "/api/v1/terminals/", new_id, NULL);
    revoked2 = plenum_test_http_json_or_null (session, "DELETE", revoke_url2, s->token, NULL, 204);
    g_assert_true (plenum_test_wait_until (NULL, engine_revoked, t->engine, WAIT_MS));
    g_assert_true (plenum_test_wait_until (NULL, credential_forgotten, t->store, WAIT_MS));
    data_dir2 = terminal_free (t);
    t = terminal_new (data_dir2, plenum_test_demo_url ());
    plenum_sync_engine_start_with_credential (t->engine, new_id, credential);
    g_assert_true (plenum_sync_engine_get_revoked (t->engine));
    g_assert_false (plenum_sync_engine_get_terminal_syncing (t->engine));
    g_assert_true (credential_forgotten (t->store));
    g_free (terminal_free (t));
  }
}

static void
on_pruned_cb (PlenumSyncEngine *engine,
              guint             meetings,
              guint             blobs,
              guint            *n_pruned)
{
  (*n_pruned)++;
}

static void
on_document_changed_cb (PlenumSyncEngine *engine,
                        const char       *sha256,
                        GPtrArray        *seen)
{
  g_ptr_array_add (seen, g_strdup (sha256));
}

static gboolean
uint_positive (gpointer user_data)
{
  return *(guint *) user_data > 0;
}

static gboolean
blob_verified (gpointer user_data)
{
  Terminal *t = ((gpointer *) user_data)[0];
  const char *sha256 = ((gpointer *) user_data)[1];

  return plenum_sync_engine_get_document_state (t->engine, sha256, NULL, NULL) ==
         PLENUM_DOCUMENT_STATE_VERIFIED;
}

/* A meeting that started longer ago than the retention period is not fetched in full,
 * its documents are not downloaded, and the prune after the sync pass removes it; an
 * upcoming meeting is kept whole. */
static void
test_retention (void)
{
  g_autoptr(PlenumTestSecretary) s = secretary_new ();
  g_autofree char *label = plenum_uuid_new ();
  g_autoptr(GBytes) old_pdf = plenum_test_make_pdf (label, 0);
  g_autofree char *old_sha256 = plenum_test_secretary_upload (session, s, old_pdf);
  g_autofree char *upcoming = secretary_publish (s);
  g_autofree char *old = secretary_publish_at (s, -10, old_sha256);
  g_autofree char *data_dir = NULL;
  g_autoptr(PlenumMeeting) kept = NULL;
  g_autoptr(PlenumMeeting) gone = NULL;
  g_autoptr(GError) error = NULL;
  Terminal *t = terminal_new (NULL, plenum_test_demo_url ());
  gpointer wait[2] = { t, s->sha256 };
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  guint n_pruned = 0;

  g_signal_connect (t->engine, "pruned", G_CALLBACK (on_pruned_cb), &n_pruned);
  g_signal_connect (t->engine, "document-changed", G_CALLBACK (on_document_changed_cb), seen);
  plenum_sync_engine_set_retention (t->engine, 5 * G_TIME_SPAN_DAY);
  terminal_sign_in (t, MEMBER, MEMBER_PIN);
  terminal_wait_meeting (t, upcoming);
  g_assert_true (plenum_test_wait_until (NULL, blob_verified, wait, WAIT_MS));
  g_assert_true (plenum_test_wait_until (NULL, uint_positive, &n_pruned, WAIT_MS));

  kept = plenum_store_get_meeting (t->store, upcoming, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plenum_meeting_get_agenda (kept));
  gone = plenum_store_get_meeting (t->store, old, NULL);
  g_assert_null (gone);
  {
    g_autofree char *path = plenum_blob_store_lookup (plenum_store_get_blob_store (t->store),
                                                      old_sha256);

    g_assert_null (path);
    g_assert_cmpuint (plenum_blob_store_get_partial_size (plenum_store_get_blob_store (t->store),
                                                          old_sha256), ==, 0);
  }
  g_assert_cmpint (plenum_sync_engine_get_document_state (t->engine, old_sha256, NULL, NULL), ==,
                   PLENUM_DOCUMENT_STATE_MISSING);
  /* Never even started. */
  g_assert_true (g_ptr_array_find_with_equal_func (seen, s->sha256, g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (seen, old_sha256, g_str_equal, NULL));

  g_signal_handlers_disconnect_by_data (t->engine, &n_pruned);
  g_signal_handlers_disconnect_by_data (t->engine, seen);
  data_dir = terminal_free (t);
}

int
main (int    argc,
      char **argv)
{
  plenum_test_init (&argc, &argv);
  session = plenum_test_session ();

  g_test_add_func ("/plenum/outbox/online", test_online);
  g_test_add_func ("/plenum/outbox/offline-durable", test_offline_durable);
  g_test_add_func ("/plenum/outbox/faults", test_faults);
  g_test_add_func ("/plenum/outbox/refused", test_refused);
  g_test_add_func ("/plenum/outbox/sign-out-pending", test_sign_out_pending);
  g_test_add_func ("/plenum/outbox/readiness", test_readiness);
  g_test_add_func ("/plenum/outbox/event-position", test_event_position);
  g_test_add_func ("/plenum/outbox/terminal-sync", test_terminal_sync);
  g_test_add_func ("/plenum/outbox/retention", test_retention);

  return plenum_test_sync_run ();
}
