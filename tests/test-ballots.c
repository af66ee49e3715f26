/* test-ballots.c — a member's ballots end to end (issue #7): the chair opens votes over
 * raw HTTP on the real plenum-server, a member's terminal (its own store and sync engine)
 * learns of them through the event stream, casts ballots through the store's outbox,
 * and shows each ballot's state as the server decided it: counted; replaced with the
 * receipt only that terminal holds; refused with vote_closed when it was cast offline
 * (through the real fault proxy) and arrived after the close — kept, never dropped.
 *
 * One `plenum-server --demo` for the whole file; each case publishes its own meeting.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <string.h>

#include "core/plenum-core.h"
#include "store/plenum-store-private.h"
#include "sync/plenum-sync-engine.h"
#include "plenum-fault-proxy.h"
#include "plenum-test-server.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

/* Deadlines: generous for sanitizer builds; a passing run takes a fraction of them. */
#define WAIT_MS          60000

#define MEMBER           "le.minh.tuan"
#define MEMBER_PIN       "100003"

/* The room: a new meeting of the demo body with one item, and its chair's token. */

typedef PlenumTestMeeting Room;

static Room *
room_new (void)
{
  return plenum_test_meeting_new (plenum_test_session (), plenum_test_demo_url (),
                                  "Họp biểu quyết");
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Room, plenum_test_meeting_free)

static char *
chair_open_vote (Room       *room,
                 const char *title,
                 const char *fields)
{
  return plenum_test_chair_open_vote (plenum_test_session (), room, title, fields);
}

static cJSON *
chair_close_vote (Room       *room,
                  const char *vote_id)
{
  return plenum_test_chair_end_vote (plenum_test_session (), room, vote_id, "close");
}

/* The result's count for option @i. */
static int
result_count (const cJSON *vote,
              guint        i)
{
  const cJSON *result = cJSON_GetObjectItemCaseSensitive (vote, "result");
  const cJSON *counts = cJSON_GetObjectItemCaseSensitive (result, "counts");

  g_assert_true (cJSON_IsArray (counts));
  return cJSON_GetArrayItem (counts, (int) i)->valueint;
}

/* A member's terminal: a store in its own data folder and an engine */

typedef struct {
  char             *data_dir;
  PlenumStore      *store;
  PlenumSyncEngine *engine;
  guint             votes_changed;
} Terminal;

static void
on_votes_changed_cb (PlenumSyncEngine *engine,
                     const char       *meeting_id,
                     Terminal         *t)
{
  g_assert_true (plenum_is_uuid (meeting_id));
  t->votes_changed++;
}

static Terminal *
terminal_new (const char *url)
{
  Terminal *t = g_new0 (Terminal, 1);

  t->data_dir = plenum_test_mkdtemp ("ballots");
  t->store = plenum_test_open_store (t->data_dir, WAIT_MS);
  t->engine = plenum_test_engine_new (t->store, url);
  g_signal_connect (t->engine, "votes-changed", G_CALLBACK (on_votes_changed_cb), t);
  plenum_test_engine_sign_in_ok (t->engine, MEMBER, MEMBER_PIN, WAIT_MS);
  return t;
}

static void
terminal_free (Terminal *t)
{
  plenum_test_engine_close (t->engine, t->store, t, WAIT_MS);
  g_free (t->data_dir);
  g_free (t);
}

static const char *
terminal_account_id (Terminal *t)
{
  return plenum_test_engine_account_id (t->engine);
}

static gboolean
votes_changed_seen (gpointer user_data)
{
  Terminal *t = user_data;

  return t->votes_changed > 0;
}

/* Waits until the terminal's store describes @vote_id in @state (from the events). */
static void
wait_vote (Terminal        *t,
           Room            *room,
           const char      *vote_id,
           PlenumVoteState  state)
{
  plenum_test_wait_vote (t->store, room->meeting_id, vote_id, state, WAIT_MS);
}

static void
wait_ballot (Terminal          *t,
             const char        *vote_id,
             PlenumBallotState  state)
{
  plenum_test_wait_ballot (t->store, terminal_account_id (t), vote_id, state, WAIT_MS);
}

/* Casts through the store (as the ballot sheet does); the ballot is durable, with its
 * operation, when this returns. */
static char *
cast (Terminal    *t,
      Room        *room,
      const char  *vote_id,
      const guint *choices,
      guint        n_choices,
      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plenum_store_save_ballot_async (t->store, terminal_account_id (t), room->meeting_id, vote_id,
                                  choices, n_choices, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  return plenum_store_save_ballot_finish (t->store, result, error);
}

static gboolean
engine_offline (gpointer user_data)
{
  return !plenum_sync_engine_get_online (user_data);
}

typedef struct {
  PlenumStore *store;
  const char  *operation_id;
} AttemptWait;

static gboolean
operation_attempted (gpointer user_data)
{
  AttemptWait *wait = user_data;
  g_autoptr(PlenumOutboxOperation) op = plenum_store_outbox_get (wait->store,
                                                                 wait->operation_id);

  return op != NULL && plenum_outbox_operation_get_attempts (op) > 0;
}

#define SECRET_MOTION \
  "\"kind\":\"secret\",\"majority\":\"present\",\"quorum_required\":false," \
  "\"changeable\":true"
#define OPEN_CANDIDATES \
  "\"kind\":\"open\",\"majority\":\"members\",\"quorum_required\":false," \
  "\"changeable\":false,\"candidates\":[\"Nguyễn Văn A\",\"Trần Thị B\",\"Lê Văn C\"]," \
  "\"max_choices\":2"

/* Online: a secret ballot is counted, replaced with the stored receipt and counted once;
 * an open candidate ballot is counted and may not be cast twice. */
static void
test_counted (void)
{
  g_autoptr(Room) room = room_new ();
  g_autofree char *secret_id = NULL;
  g_autofree char *open_id = NULL;
  g_autofree char *op1 = NULL;
  g_autofree char *op2 = NULL;
  g_autofree char *op3 = NULL;
  g_autofree char *receipt = NULL;
  g_autoptr(cJSON) closed = NULL;
  g_autoptr(cJSON) closed_open = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) choices = NULL;
  const guint for_[] = { 0 };
  const guint abstain[] = { 2 };
  const guint a_and_c[] = { 0, 2 };
  const guint b[] = { 1 };
  PlenumBallotState state;
  Terminal *t = terminal_new (plenum_test_demo_url ());

  /* Opened after the member signed in: the event brings it. */
  secret_id = chair_open_vote (room, "Thông qua Nghị quyết", SECRET_MOTION);
  wait_vote (t, room, secret_id, PLENUM_VOTE_STATE_OPEN);
  /* The signal follows the store's commit (which the wait above already sees). */
  g_assert_true (plenum_test_wait_until (NULL, votes_changed_seen, t, WAIT_MS));
  {
    g_autoptr(PlenumStoredVote) open = plenum_store_get_open_vote (t->store, room->meeting_id);

    g_assert_nonnull (open);
    g_assert_true (plenum_stored_vote_get_secret (open));
    g_assert_cmpuint (plenum_stored_vote_get_n_options (open), ==, 3);
  }

  op1 = cast (t, room, secret_id, for_, 1, &error);
  g_assert_no_error (error);
  wait_ballot (t, secret_id, PLENUM_BALLOT_STATE_COUNTED);
  receipt = plenum_store_get_ballot_receipt (t->store, terminal_account_id (t), secret_id);
  g_assert_true (plenum_is_sha256_hex (receipt));

  /* Replaced: the same receipt goes with the new choice, and the server says so. */
  op2 = cast (t, room, secret_id, abstain, 1, &error);
  g_assert_no_error (error);
  wait_ballot (t, secret_id, PLENUM_BALLOT_STATE_COUNTED);
  {
    g_autoptr(PlenumOutboxOperation) op = plenum_store_outbox_get (t->store, op2);
    g_autoptr(cJSON) body = plenum_json_parse (plenum_outbox_operation_get_body (op), -1, NULL);
    g_autoptr(cJSON) answer = plenum_json_parse (plenum_outbox_operation_get_result (op), -1,
                                                 NULL);

    g_assert_cmpstr (plenum_test_json_string (body, "receipt"), ==, receipt);
    g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (answer, "counted")));
    g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (answer, "replaced")));
  }
  g_assert_true (plenum_store_get_ballot (t->store, terminal_account_id (t), secret_id, &state,
                                          &choices, NULL, NULL));
  g_assert_cmpuint (choices->len, ==, 1);
  g_assert_cmpuint (g_array_index (choices, guint, 0), ==, 2);
  g_clear_pointer (&choices, g_array_unref);

  /* Counted once, as the replacement. */
  closed = chair_close_vote (room, secret_id);
  g_assert_cmpint (result_count (closed, 0), ==, 0);
  g_assert_cmpint (result_count (closed, 1), ==, 0);
  g_assert_cmpint (result_count (closed, 2), ==, 1);
  wait_vote (t, room, secret_id, PLENUM_VOTE_STATE_CLOSED);

  /* An open candidate list: two of three, once. */
  open_id = chair_open_vote (room, "Bầu ủy viên", OPEN_CANDIDATES);
  wait_vote (t, room, open_id, PLENUM_VOTE_STATE_OPEN);
  op3 = cast (t, room, open_id, a_and_c, 2, &error);
  g_assert_no_error (error);
  wait_ballot (t, open_id, PLENUM_BALLOT_STATE_COUNTED);
  g_assert_null (plenum_store_get_ballot_receipt (t->store, terminal_account_id (t), open_id));
  g_assert_null (cast (t, room, open_id, b, 1, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  closed_open = chair_close_vote (room, open_id);
  g_assert_cmpint (result_count (closed_open, 0), ==, 1);
  g_assert_cmpint (result_count (closed_open, 1), ==, 0);
  g_assert_cmpint (result_count (closed_open, 2), ==, 1);
  g_assert_cmpuint (plenum_store_outbox_count_pending (t->store, NULL), ==, 0);
  terminal_free (t);
}

/* Offline: the ballot is queued (and says so); the vote closes meanwhile; when the
 * terminal is back the ballot goes, the server refuses it with vote_closed, and the
 * terminal keeps it with that reason. */
static void
test_after_close (void)
{
  g_autoptr(Room) room = room_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumFaultProxy) proxy = NULL;
  g_autoptr(cJSON) closed = NULL;
  g_autofree char *vote_id = NULL;
  g_autofree char *operation_id = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  const guint against[] = { 1 };
  PlenumBallotState state;
  Terminal *t;

  proxy = plenum_fault_proxy_new_for_url (plenum_test_demo_url (), &error);
  g_assert_no_error (error);
  t = terminal_new (plenum_fault_proxy_get_url (proxy));

  vote_id = chair_open_vote (room, "Thông qua Nghị quyết", SECRET_MOTION);
  wait_vote (t, room, vote_id, PLENUM_VOTE_STATE_OPEN);

  plenum_fault_proxy_set_refuse (proxy, TRUE);
  plenum_fault_proxy_close_all (proxy);
  g_assert_true (plenum_test_wait_until (NULL, engine_offline, t->engine, WAIT_MS));

  operation_id = cast (t, room, vote_id, against, 1, &error);
  g_assert_no_error (error);
  /* Tried, and failed: still queued, and says so. */
  {
    AttemptWait wait = { t->store, operation_id };

    g_assert_true (plenum_test_wait_until (NULL, operation_attempted, &wait, WAIT_MS));
  }
  g_assert_true (plenum_store_get_ballot (t->store, terminal_account_id (t), vote_id, &state,
                                          NULL, NULL, NULL));
  g_assert_cmpint (state, ==, PLENUM_BALLOT_STATE_QUEUED);

  closed = chair_close_vote (room, vote_id);
  g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (closed, "voted")->valueint, ==, 0);
  /* Still queued while the terminal cannot reach the server. */
  g_assert_true (plenum_store_get_ballot (t->store, terminal_account_id (t), vote_id, &state,
                                          NULL, NULL, NULL));
  g_assert_cmpint (state, ==, PLENUM_BALLOT_STATE_QUEUED);

  plenum_fault_proxy_set_refuse (proxy, FALSE);
  wait_ballot (t, vote_id, PLENUM_BALLOT_STATE_REFUSED);
  g_assert_true (plenum_store_get_ballot (t->store, terminal_account_id (t), vote_id, &state,
                                          NULL, &code, &message));
  g_assert_cmpstr (code, ==, "vote_closed");
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
  {
    g_autoptr(PlenumOutboxOperation) op = plenum_store_outbox_get (t->store, operation_id);

    g_assert_cmpint (plenum_outbox_operation_get_state (op), ==, PLENUM_OUTBOX_STATE_REFUSED);
    g_assert_cmpuint (plenum_outbox_operation_get_refused_status (op), ==, 409);
  }
  /* The terminal learns of the close too. */
  wait_vote (t, room, vote_id, PLENUM_VOTE_STATE_CLOSED);
  terminal_free (t);
}

int
main (int    argc,
      char **argv)
{
  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/ballots/counted", test_counted);
  g_test_add_func ("/plenum/ballots/after-close", test_after_close);

  return plenum_test_sync_run ();
}
