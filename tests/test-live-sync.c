/* test-live-sync.c — the live meeting end to end (issue #7) on the real plenum-server:
 * the chair's terminal moves the meeting with PlenumChair and every member's engine
 * follows (position-changed, old revisions dropped); a terminal restarted offline
 * shows the last position from its store and the chair's new one once online; asking
 * for the floor and withdrawing go through the outbox and two members see the same
 * queue; check-in and check-out move the quorum the chair sees; the chair's errors
 * (not the chair, no quorum, the server cut through the real fault proxy) and a move
 * whose answer was lost applied exactly once.
 *
 * One `plenum-server --demo` for the whole file; each case publishes its own meeting.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <string.h>

#include "core/plenum-core.h"
#include "store/plenum-store.h"
#include "sync/plenum-chair.h"
#include "sync/plenum-sync-engine.h"
#include "plenum-fault-proxy.h"
#include "plenum-test-server.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

/* Deadlines: generous for sanitizer builds; a passing run takes a fraction of them. */
#define WAIT_MS          60000

#define CHAIR            "nguyen.van.an"
#define CHAIR_PIN        "111111"
#define MEMBER_A         "le.minh.tuan"
#define MEMBER_A_PIN     "100003"
#define MEMBER_B         "pham.quoc.hung"
#define MEMBER_B_PIN     "100004"

/* The room: a new meeting of the demo body (chaired by CHAIR) with one item and one
 * one-page document. */

typedef PlenumTestMeeting Room;

static Room *
room_new (void)
{
  return plenum_test_meeting_new (plenum_test_session (), plenum_test_demo_url (),
                                  "Phiên họp trực tiếp");
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Room, plenum_test_meeting_free)

/* The position's revision as the server says it now (straight to the server). */
static gint64
server_revision (Room *room)
{
  g_autofree char *url = g_strconcat (plenum_test_demo_url (), "/api/v1/meetings/",
                                      room->meeting_id, "/position", NULL);
  g_autoptr(cJSON) position = plenum_test_http_json (plenum_test_session (), "GET", url,
                                                     room->secretary->token, NULL, 200);
  const cJSON *revision = cJSON_GetObjectItemCaseSensitive (position, "revision");

  g_assert_true (cJSON_IsNumber (revision));
  return (gint64) revision->valuedouble;
}

/* A terminal: a store in its own data folder and an engine signed in as someone. */

typedef struct {
  char             *data_dir;
  PlenumStore      *store;
  PlenumSyncEngine *engine;
  guint             position_changed;
  guint             speakers_changed;
  guint             quorum_changed;
  guint             position_events;   /* position.changed events received */
  gint64            position_event_seq; /* the seq of the first one (or -1) */
} Terminal;

static void
on_position_changed_cb (PlenumSyncEngine *engine,
                        const char       *meeting_id,
                        Terminal         *t)
{
  g_assert_true (plenum_is_uuid (meeting_id));
  t->position_changed++;
}

static void
on_speakers_changed_cb (PlenumSyncEngine *engine,
                        const char       *meeting_id,
                        Terminal         *t)
{
  g_assert_true (plenum_is_uuid (meeting_id));
  t->speakers_changed++;
}

static void
on_quorum_changed_cb (PlenumSyncEngine *engine,
                      const char       *meeting_id,
                      Terminal         *t)
{
  g_assert_true (plenum_is_uuid (meeting_id));
  t->quorum_changed++;
}

static void
on_server_event_cb (PlenumSyncEngine *engine,
                    PlenumEvent      *event,
                    Terminal         *t)
{
  if (g_str_equal (plenum_event_get_event_type (event), PLENUM_EVENT_POSITION_CHANGED))
    {
      if (t->position_events == 0)
        t->position_event_seq = plenum_event_get_seq (event);
      t->position_events++;
    }
}

/* A new engine over @t's store (signals counted from 0). */
static void
terminal_engine_new (Terminal   *t,
                     const char *url)
{
  t->engine = plenum_test_engine_new (t->store, url);
  t->position_changed = t->speakers_changed = t->quorum_changed = 0;
  t->position_events = 0;
  t->position_event_seq = -1;
  g_signal_connect (t->engine, "position-changed", G_CALLBACK (on_position_changed_cb), t);
  g_signal_connect (t->engine, "speakers-changed", G_CALLBACK (on_speakers_changed_cb), t);
  g_signal_connect (t->engine, "quorum-changed", G_CALLBACK (on_quorum_changed_cb), t);
  g_signal_connect (t->engine, "server-event", G_CALLBACK (on_server_event_cb), t);
}

static void
terminal_engine_free (Terminal *t)
{
  g_signal_handlers_disconnect_by_data (t->engine, t);
  g_assert_finalize_object (g_steal_pointer (&t->engine));
}

/* A terminal signed in as @name at @url that holds @room's meeting and its live state. */
static Terminal *
terminal_new (const char *url,
              const char *name,
              const char *pin,
              Room       *room)
{
  Terminal *t = g_new0 (Terminal, 1);

  t->data_dir = plenum_test_mkdtemp ("live");
  t->store = plenum_test_open_store (t->data_dir, WAIT_MS);
  terminal_engine_new (t, url);
  plenum_test_engine_sign_in_ok (t->engine, name, pin, WAIT_MS);
  plenum_test_wait_live_state (t->engine, room->meeting_id, WAIT_MS);
  return t;
}

static void
terminal_free (Terminal *t)
{
  plenum_test_engine_close (g_steal_pointer (&t->engine), t->store, t, WAIT_MS);
  g_free (t->data_dir);
  g_free (t);
}

static const char *
terminal_account_id (Terminal *t)
{
  return plenum_test_engine_account_id (t->engine);
}

/* Waits */

static gboolean
count_reached (gpointer user_data)
{
  gpointer *args = user_data;

  return *(guint *) args[0] >= GPOINTER_TO_UINT (args[1]);
}

/* A signal is emitted once its state is stored: the store's readers may see the new
 * state a moment before. */
static void
wait_count (guint *count,
            guint  at_least)
{
  gpointer args[] = { count, GUINT_TO_POINTER (at_least) };

  g_assert_true (plenum_test_wait_until (NULL, count_reached, args, WAIT_MS));
}

typedef struct {
  Terminal   *t;
  const char *meeting_id;
  gint64      revision;
} RevisionWait;

static gboolean
position_at (gpointer user_data)
{
  RevisionWait *wait = user_data;
  g_autoptr(PlenumPosition) position = plenum_sync_engine_get_position (wait->t->engine,
                                                                        wait->meeting_id);

  return position != NULL && plenum_position_get_revision (position) == wait->revision;
}

static void
wait_position (Terminal   *t,
               Room       *room,
               gint64      revision)
{
  RevisionWait wait = { t, room->meeting_id, revision };

  g_assert_true (plenum_test_wait_until (NULL, position_at, &wait, WAIT_MS));
}

/* "floor" is the account id with the floor (or NULL), "waiting" the queue's ids in
 * order, NULL-terminated. */
typedef struct {
  Terminal           *t;
  const char         *meeting_id;
  const char         *floor;
  const char * const *waiting;
} QueueWait;

static gboolean
queue_is (gpointer user_data)
{
  QueueWait *wait = user_data;
  g_autoptr(PlenumSpeakerQueue) queue = plenum_sync_engine_get_speakers (wait->t->engine,
                                                                         wait->meeting_id);
  PlenumSpeaker *floor;
  GPtrArray *waiting;
  guint n = g_strv_length ((char **) wait->waiting);

  if (queue == NULL)
    return FALSE;
  floor = plenum_speaker_queue_get_floor (queue);
  if (g_strcmp0 (floor != NULL ? plenum_speaker_get_account_id (floor) : NULL, wait->floor) != 0)
    return FALSE;
  waiting = plenum_speaker_queue_get_waiting (queue);
  if (waiting->len != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (plenum_speaker_queue_find (queue, wait->waiting[i]) != (gint) i + 1)
      return FALSE;
  return TRUE;
}

static void
wait_queue (Terminal           *t,
            Room               *room,
            const char         *floor,
            const char * const *waiting)
{
  QueueWait wait = { t, room->meeting_id, floor, waiting };

  g_assert_true (plenum_test_wait_until (NULL, queue_is, &wait, WAIT_MS));
}

typedef struct {
  Terminal   *t;
  const char *meeting_id;
  guint       present;
} QuorumWait;

static gboolean
quorum_present_is (gpointer user_data)
{
  QuorumWait *wait = user_data;
  g_autoptr(PlenumQuorum) quorum = plenum_sync_engine_get_quorum (wait->t->engine,
                                                                  wait->meeting_id);

  return quorum != NULL && plenum_quorum_get_present (quorum) == wait->present;
}

static void
wait_present (Terminal *t,
              Room     *room,
              guint     present)
{
  QuorumWait wait = { t, room->meeting_id, present };

  g_assert_true (plenum_test_wait_until (NULL, quorum_present_is, &wait, WAIT_MS));
}

static gboolean
operation_sent (gpointer user_data)
{
  gpointer *args = user_data;
  g_autoptr(PlenumOutboxOperation) op = plenum_store_outbox_get (args[0], args[1]);

  return op != NULL && plenum_outbox_operation_get_state (op) == PLENUM_OUTBOX_STATE_SENT;
}

static void
wait_sent (Terminal   *t,
           const char *operation_id)
{
  gpointer args[] = { t->store, (gpointer) operation_id };

  g_assert_true (plenum_test_wait_until (NULL, operation_sent, args, WAIT_MS));
}

/* Actions, waited for */

static gboolean
chair_move (PlenumChair *chair,
            const char  *item_id,
            const char  *document_id,
            gint         page,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plenum_chair_move_async (chair, item_id, document_id, page, NULL, plenum_test_got_result_cb,
                           &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  return plenum_chair_finish (chair, result, error);
}

static gboolean
chair_next (PlenumChair  *chair,
            GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plenum_chair_next_speaker_async (chair, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  return plenum_chair_finish (chair, result, error);
}

static gboolean
chair_floor (PlenumChair  *chair,
             const char   *account_id,
             GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plenum_chair_give_floor_async (chair, account_id, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  return plenum_chair_finish (chair, result, error);
}

typedef void (*LiveAction) (PlenumSyncEngine    *self,
                            const char          *meeting_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);

/* A member's outbox action; returns its operation id (durable when this returns). */
static char *
member_action (Terminal   *t,
               Room       *room,
               LiveAction  action)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *operation_id;

  action (t->engine, room->meeting_id, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  operation_id = plenum_sync_engine_live_action_finish (t->engine, result, &error);
  g_assert_no_error (error);
  g_assert_true (plenum_is_uuid (operation_id));
  return operation_id;
}

static char *
member_check_in (Terminal *t,
                 Room     *room)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *operation_id;

  plenum_sync_engine_check_in_async (t->engine, room->meeting_id, NULL,
                                     plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  operation_id = plenum_sync_engine_check_in_finish (t->engine, result, &error);
  g_assert_no_error (error);
  return operation_id;
}

static gboolean
two_position_events (gpointer user_data)
{
  Terminal *t = user_data;

  return t->position_events >= 2;
}

/* (a) The chair moves; a member's engine follows; an old revision is dropped. */
static void
test_follow (void)
{
  g_autoptr(Room) room = room_new ();
  g_autoptr(PlenumChair) chair = NULL;
  g_autoptr(PlenumPosition) position = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *account_id = NULL;
  Terminal *chair_t = terminal_new (plenum_test_demo_url (), CHAIR, CHAIR_PIN, room);
  Terminal *member = terminal_new (plenum_test_demo_url (), MEMBER_A, MEMBER_A_PIN, room);
  gint64 first_seq;

  /* Before the first move: revision 0, nothing shown. */
  position = plenum_sync_engine_get_position (member->engine, room->meeting_id);
  g_assert_cmpint (plenum_position_get_revision (position), ==, 0);
  g_assert_null (plenum_position_get_item_id (position));
  g_clear_object (&position);

  g_assert_true (plenum_sync_engine_is_chair (chair_t->engine, room->meeting_id));
  g_assert_false (plenum_sync_engine_is_chair (member->engine, room->meeting_id));

  chair = plenum_chair_new (chair_t->engine, room->meeting_id);
  g_assert_cmpstr (plenum_chair_get_meeting_id (chair), ==, room->meeting_id);
  member->position_changed = 0;
  g_assert_true (chair_move (chair, room->item_id, room->document_id, 0, &error));
  g_assert_no_error (error);

  wait_position (member, room, 1);
  wait_count (&member->position_changed, 1);
  position = plenum_sync_engine_get_position (member->engine, room->meeting_id);
  g_assert_cmpstr (plenum_position_get_item_id (position), ==, room->item_id);
  g_assert_cmpstr (plenum_position_get_document_id (position), ==, room->document_id);
  g_assert_cmpint (plenum_position_get_page (position), ==, 0);
  g_assert_nonnull (plenum_position_get_updated_at (position));
  g_clear_object (&position);
  /* The chair's own engine follows the same way (the console reads it from there). */
  wait_position (chair_t, room, 1);

  /* "This document", no page. */
  g_assert_true (chair_move (chair, room->item_id, room->document_id, -1, &error));
  g_assert_no_error (error);
  wait_position (member, room, 2);
  g_assert_true (plenum_test_wait_until (NULL, two_position_events, member, WAIT_MS));
  first_seq = member->position_event_seq;
  g_assert_cmpint (first_seq, >, 0);

  /* The same terminal again, its event position set back to before both events: the
   * server replays them (revisions 1 and 2), and the engine, which holds 2 in its
   * store, drops both. */
  account_id = g_strdup (terminal_account_id (member));
  terminal_engine_free (member);
  plenum_store_set_last_event_seq_async (member->store, account_id, first_seq - 1, NULL,
                                         plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  g_assert_true (plenum_store_set_last_event_seq_finish (member->store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);  /* it holds the store */
  terminal_engine_new (member, plenum_test_demo_url ());
  plenum_test_engine_sign_in_ok (member->engine, MEMBER_A, MEMBER_A_PIN, WAIT_MS);
  g_assert_true (plenum_test_wait_until (NULL, two_position_events, member, WAIT_MS));
  g_assert_cmpint (member->position_event_seq, ==, first_seq);

  /* A new move after the replay: its signal is the first and only one, so neither
   * replayed event (nor the read after connecting, at revision 2) was taken. */
  g_assert_true (chair_move (chair, room->item_id, room->document_id, 0, &error));
  g_assert_no_error (error);
  wait_position (member, room, 3);
  wait_count (&member->position_changed, 1);
  g_assert_cmpuint (member->position_changed, ==, 1);

  g_clear_object (&chair);  /* it holds the chair's engine */
  terminal_free (member);
  terminal_free (chair_t);
}

/* (b) A member's terminal restarted while the server is cut shows the last position
 * from its store, and the chair's new one once the server answers. */
static void
test_restart (void)
{
  g_autoptr(Room) room = room_new ();
  g_autoptr(PlenumFaultProxy) proxy = NULL;
  g_autoptr(PlenumChair) chair = NULL;
  g_autoptr(PlenumPosition) position = NULL;
  g_autoptr(GError) error = NULL;
  Terminal *chair_t = terminal_new (plenum_test_demo_url (), CHAIR, CHAIR_PIN, room);
  Terminal *member;

  proxy = plenum_fault_proxy_new_for_url (plenum_test_demo_url (), &error);
  g_assert_no_error (error);
  member = terminal_new (plenum_fault_proxy_get_url (proxy), MEMBER_A, MEMBER_A_PIN, room);

  chair = plenum_chair_new (chair_t->engine, room->meeting_id);
  g_assert_true (chair_move (chair, room->item_id, room->document_id, 0, &error));
  g_assert_no_error (error);
  wait_position (member, room, 1);

  /* The terminal stops; the meeting moves on without it. */
  terminal_engine_free (member);
  plenum_fault_proxy_set_refuse (proxy, TRUE);
  plenum_fault_proxy_close_all (proxy);
  g_assert_true (chair_move (chair, room->item_id, NULL, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (server_revision (room), ==, 2);

  /* A new engine over the same store: before any answer, the stored position. */
  terminal_engine_new (member, plenum_fault_proxy_get_url (proxy));
  position = plenum_sync_engine_get_position (member->engine, room->meeting_id);
  g_assert_nonnull (position);
  g_assert_cmpint (plenum_position_get_revision (position), ==, 1);
  g_assert_cmpstr (plenum_position_get_document_id (position), ==, room->document_id);
  g_clear_object (&position);
  plenum_test_engine_sign_in_ok (member->engine, MEMBER_A, MEMBER_A_PIN, WAIT_MS);
  g_assert_false (plenum_sync_engine_get_online (member->engine) &&
                  plenum_fault_proxy_get_n_open (proxy) > 0);
  position = plenum_sync_engine_get_position (member->engine, room->meeting_id);
  g_assert_cmpint (plenum_position_get_revision (position), ==, 1);
  g_clear_object (&position);

  /* The server answers again: the chair's position now. */
  plenum_fault_proxy_set_refuse (proxy, FALSE);
  wait_position (member, room, 2);
  wait_count (&member->position_changed, 1);
  position = plenum_sync_engine_get_position (member->engine, room->meeting_id);
  g_assert_null (plenum_position_get_document_id (position));
  g_assert_cmpint (plenum_position_get_page (position), ==, -1);

  g_clear_object (&chair);  /* it holds the chair's engine */
  terminal_free (member);
  terminal_free (chair_t);
}

/* (c) The floor: asking and withdrawing through the outbox, the same queue on two
 * members' terminals, the chair's next and floor. */
static void
test_speakers (void)
{
  g_autoptr(Room) room = room_new ();
  g_autoptr(PlenumChair) chair = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ask_a = NULL;
  g_autofree char *ask_b = NULL;
  g_autofree char *withdraw_b = NULL;
  g_autofree char *ask_b_again = NULL;
  Terminal *chair_t = terminal_new (plenum_test_demo_url (), CHAIR, CHAIR_PIN, room);
  Terminal *a = terminal_new (plenum_test_demo_url (), MEMBER_A, MEMBER_A_PIN, room);
  Terminal *b = terminal_new (plenum_test_demo_url (), MEMBER_B, MEMBER_B_PIN, room);
  const char *id_a = terminal_account_id (a);
  const char *id_b = terminal_account_id (b);

  chair = plenum_chair_new (chair_t->engine, room->meeting_id);

  ask_a = member_action (a, room, plenum_sync_engine_ask_to_speak_async);
  wait_sent (a, ask_a);
  ask_b = member_action (b, room, plenum_sync_engine_ask_to_speak_async);
  wait_sent (b, ask_b);
  {
    g_autoptr(PlenumOutboxOperation) op = plenum_store_outbox_get (a->store, ask_a);

    g_assert_cmpstr (plenum_outbox_operation_get_kind (op), ==, "speak");
  }
  wait_queue (a, room, NULL, (const char * const[]) { id_a, id_b, NULL });
  wait_queue (b, room, NULL, (const char * const[]) { id_a, id_b, NULL });
  wait_queue (chair_t, room, NULL, (const char * const[]) { id_a, id_b, NULL });
  wait_count (&a->speakers_changed, 1);

  withdraw_b = member_action (b, room, plenum_sync_engine_withdraw_speak_async);
  wait_sent (b, withdraw_b);
  wait_queue (a, room, NULL, (const char * const[]) { id_a, NULL });
  wait_queue (b, room, NULL, (const char * const[]) { id_a, NULL });

  /* Next: A has the floor. */
  g_assert_true (chair_next (chair, &error));
  g_assert_no_error (error);
  wait_queue (a, room, id_a, (const char * const[]) { NULL });
  wait_queue (b, room, id_a, (const char * const[]) { NULL });

  /* The floor out of turn to someone not waiting: refused. */
  g_assert_false (chair_floor (chair, id_b, &error));
  g_assert_error (error, PLENUM_CHAIR_ERROR, PLENUM_CHAIR_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* B asks again and gets it out of turn; A is done. */
  ask_b_again = member_action (b, room, plenum_sync_engine_ask_to_speak_async);
  g_assert_cmpstr (ask_b_again, !=, ask_b);
  wait_queue (a, room, id_a, (const char * const[]) { id_b, NULL });
  g_assert_true (chair_floor (chair, id_b, &error));
  g_assert_no_error (error);
  wait_queue (a, room, id_b, (const char * const[]) { NULL });
  wait_queue (b, room, id_b, (const char * const[]) { NULL });
  wait_queue (chair_t, room, id_b, (const char * const[]) { NULL });

  g_clear_object (&chair);
  terminal_free (b);
  terminal_free (a);
  terminal_free (chair_t);
}

/* (d) Check-in and check-out move the quorum the chair's engine shows. */
static void
test_quorum (void)
{
  g_autoptr(Room) room = room_new ();
  g_autoptr(PlenumQuorum) quorum = NULL;
  g_autofree char *check_in = NULL;
  g_autofree char *check_out = NULL;
  g_autofree char *check_in_again = NULL;
  Terminal *chair_t = terminal_new (plenum_test_demo_url (), CHAIR, CHAIR_PIN, room);
  Terminal *member = terminal_new (plenum_test_demo_url (), MEMBER_A, MEMBER_A_PIN, room);
  PlenumOutboxState state;
  guint members;

  quorum = plenum_sync_engine_get_quorum (chair_t->engine, room->meeting_id);
  g_assert_cmpuint (plenum_quorum_get_present (quorum), ==, 0);
  g_assert_false (plenum_quorum_get_met (quorum));
  members = plenum_quorum_get_members (quorum);
  g_assert_cmpuint (members, >=, 3);
  g_assert_cmpuint (plenum_quorum_get_required (quorum), ==, members / 2 + 1);
  g_clear_object (&quorum);

  chair_t->quorum_changed = 0;
  check_in = member_check_in (member, room);
  wait_present (chair_t, room, 1);
  wait_count (&chair_t->quorum_changed, 1);
  /* The member's own terminal sees it too. */
  wait_present (member, room, 1);

  check_out = member_action (member, room, plenum_sync_engine_check_out_async);
  g_assert_cmpstr (check_out, !=, check_in);
  g_assert_false (plenum_store_get_attendance (member->store, terminal_account_id (member),
                                               room->meeting_id, &state));
  {
    g_autoptr(PlenumOutboxOperation) op = plenum_store_outbox_get (member->store, check_out);

    g_assert_cmpstr (plenum_outbox_operation_get_kind (op), ==, "attendance");
    g_assert_nonnull (strstr (plenum_outbox_operation_get_body (op), "\"present\":false"));
  }
  wait_sent (member, check_out);
  wait_present (chair_t, room, 0);

  /* Checking in again after a check-out is a new operation. */
  check_in_again = member_check_in (member, room);
  g_assert_cmpstr (check_in_again, !=, check_in);
  g_assert_true (plenum_store_get_attendance (member->store, terminal_account_id (member),
                                              room->meeting_id, &state));
  wait_present (chair_t, room, 1);

  terminal_free (member);
  terminal_free (chair_t);
}

typedef struct {
  PlenumFaultProxy *proxy;
  Room             *room;
  gint64            revision;
} MoveWait;

/* The server applied the move (at the revision), and a connection was cut. */
static gboolean
move_applied_unanswered (gpointer user_data)
{
  MoveWait *wait = user_data;

  return plenum_fault_proxy_get_n_cut (wait->proxy) >= 1 &&
         server_revision (wait->room) == wait->revision;
}

/* (e) The chair's errors. */
static void
test_chair_errors (void)
{
  g_autoptr(Room) room = room_new ();
  g_autoptr(PlenumFaultProxy) proxy = NULL;
  g_autoptr(PlenumChair) not_chair = NULL;
  g_autoptr(PlenumChair) chair = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *vote_id = NULL;
  Terminal *member = terminal_new (plenum_test_demo_url (), MEMBER_A, MEMBER_A_PIN, room);
  Terminal *chair_t;
  PlenumVoteSpec spec = {
    .item_id = room->item_id,
    .title = "Thông qua chương trình",
    .quorum_required = TRUE,
  };
  gint64 started;
  gint64 revision;

  /* Not the chair. */
  not_chair = plenum_chair_new (member->engine, room->meeting_id);
  g_assert_false (chair_move (not_chair, room->item_id, NULL, -1, &error));
  g_assert_error (error, PLENUM_CHAIR_ERROR, PLENUM_CHAIR_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_cmpint (server_revision (room), ==, 0);

  proxy = plenum_fault_proxy_new_for_url (plenum_test_demo_url (), &error);
  g_assert_no_error (error);
  chair_t = terminal_new (plenum_fault_proxy_get_url (proxy), CHAIR, CHAIR_PIN, room);
  chair = plenum_chair_new (chair_t->engine, room->meeting_id);

  /* A vote that needs a quorum, with nobody checked in. */
  plenum_chair_open_vote_async (chair, &spec, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  vote_id = plenum_chair_open_vote_finish (chair, result, &error);
  g_assert_null (vote_id);
  g_assert_error (error, PLENUM_CHAIR_ERROR, PLENUM_CHAIR_ERROR_NO_QUORUM);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Without the quorum rule it opens; its id comes back. */
  spec.quorum_required = FALSE;
  plenum_chair_open_vote_async (chair, &spec, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  vote_id = plenum_chair_open_vote_finish (chair, result, &error);
  g_assert_no_error (error);
  g_assert_true (plenum_is_uuid (vote_id));
  g_clear_object (&result);

  /* The server cut: the action is tried for about ten seconds, then OFFLINE. */
  plenum_fault_proxy_set_refuse (proxy, TRUE);
  plenum_fault_proxy_close_all (proxy);
  started = g_get_monotonic_time ();
  g_assert_false (chair_next (chair, &error));
  g_assert_error (error, PLENUM_CHAIR_ERROR, PLENUM_CHAIR_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 5 * G_USEC_PER_SEC);
  plenum_fault_proxy_set_refuse (proxy, FALSE);

  /* The answer to a move is lost (every connection is cut after the first byte of
   * its answer, so the server has applied the request) until the server has applied
   * it; the retry, with the same operation id, gets the recorded answer: one move,
   * revision + 1. */
  revision = server_revision (room);
  plenum_fault_proxy_set_cut_after (proxy, 1);
  plenum_fault_proxy_close_all (proxy);
  plenum_chair_move_async (chair, room->item_id, room->document_id, 0, NULL,
                           plenum_test_got_result_cb, &result);
  {
    MoveWait wait = { proxy, room, revision + 1 };

    g_assert_true (plenum_test_wait_until (NULL, move_applied_unanswered, &wait, WAIT_MS));
  }
  plenum_fault_proxy_set_cut_after (proxy, -1);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  g_assert_true (plenum_chair_finish (chair, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);  /* it holds the chair */
  g_assert_cmpint (server_revision (room), ==, revision + 1);
  wait_position (chair_t, room, revision + 1);
  wait_position (member, room, revision + 1);

  g_clear_object (&chair);
  g_clear_object (&not_chair);
  terminal_free (chair_t);
  terminal_free (member);
}

int
main (int    argc,
      char **argv)
{
  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/live-sync/follow", test_follow);
  g_test_add_func ("/plenum/live-sync/restart", test_restart);
  g_test_add_func ("/plenum/live-sync/speakers", test_speakers);
  g_test_add_func ("/plenum/live-sync/quorum", test_quorum);
  g_test_add_func ("/plenum/live-sync/chair-errors", test_chair_errors);

  return plenum_test_sync_run ();
}
