/* test-opinion-sync.c — a member's opinions end to end (issue #7, "xin ý kiến"): the
 * real plenum-server --demo seeds an open round; a member's terminal (its own store and
 * sync engine) reads it; the secretariat opens more rounds over raw HTTP and the
 * terminal learns of them through the event stream; the member answers through the
 * store's outbox; the secretariat's GET shows the answer exactly as given, then as
 * replaced. Offline (through the real fault proxy) two answers are queued: the one
 * that arrives while its round is open is recorded, the one whose round the chair
 * closed meanwhile is refused with round_closed — and kept.
 *
 * One `plenum-server --demo` for the whole file; each case opens rounds of its own on
 * the demo meeting's draft resolution.
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
#define CHAIR            "nguyen.van.an"
#define CHAIR_PIN        "111111"
#define SECRETARY        "ly.thi.hong"
#define SECRETARY_PIN    "999999"

#define OFFLINE_DELAY_MS 200
#define RECONNECT_MIN_MS 20
#define RECONNECT_MAX_MS 200

static PlenumTestServer *demo_server;
static SoupSession *session;

static const char *
demo_url (void)
{
  if (demo_server == NULL)
    demo_server = plenum_test_server_start (NULL, (const char * const[]) { "--demo", NULL });
  return plenum_test_server_get_url (demo_server);
}

/* A member's terminal: a store in its own data folder and an engine */

typedef struct {
  char             *data_dir;
  PlenumStore      *store;
  PlenumSyncEngine *engine;
  guint             opinions_changed;
  char             *meeting_id;    /* the demo meeting, once its rounds are here */
  char             *document_id;   /* the seeded round's document */
  guint             pages;         /* … and how many pages it has */
} Terminal;

static void
on_opinions_changed_cb (PlenumSyncEngine *engine,
                        const char       *meeting_id,
                        Terminal         *t)
{
  g_assert_true (plenum_is_uuid (meeting_id));
  t->opinions_changed++;
}

/* The seeded round is in the terminal's store (and the signal went). */
static gboolean
seeded_round_here (gpointer user_data)
{
  Terminal *t = user_data;
  GListModel *meetings = plenum_sync_engine_get_meetings (t->engine);

  if (t->opinions_changed == 0)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (meetings); i++)
    {
      g_autoptr(PlenumMeeting) meeting = g_list_model_get_item (meetings, i);
      g_autoptr(GPtrArray) rounds = plenum_store_list_opinion_rounds (t->store,
                                                                      plenum_meeting_get_id (meeting));

      if (rounds->len > 0)
        {
          g_free (t->meeting_id);
          t->meeting_id = g_strdup (plenum_meeting_get_id (meeting));
          return TRUE;
        }
    }
  return FALSE;
}

static Terminal *
terminal_new (const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  PlenumStoredRound *seeded;
  GListModel *agenda;
  Terminal *t = g_new0 (Terminal, 1);

  t->data_dir = plenum_test_mkdtemp ("opinion-sync");
  t->store = plenum_test_open_store (t->data_dir, WAIT_MS);
  t->engine = plenum_test_sync_engine_new (t->store, url, &error);
  g_assert_no_error (error);
  plenum_sync_engine_set_offline_delay (t->engine, OFFLINE_DELAY_MS);
  plenum_sync_engine_set_reconnect_delays (t->engine, RECONNECT_MIN_MS, RECONNECT_MAX_MS);
  g_signal_connect (t->engine, "opinions-changed", G_CALLBACK (on_opinions_changed_cb), t);
  plenum_test_engine_sign_in_ok (t->engine, MEMBER, MEMBER_PIN, WAIT_MS);

  /* The demo's round reaches the engine after the meeting's fetch. */
  g_assert_true (plenum_test_wait_until (NULL, seeded_round_here, t, WAIT_MS));
  rounds = plenum_store_list_opinion_rounds (t->store, t->meeting_id);
  seeded = g_ptr_array_index (rounds, 0);
  g_assert_cmpstr (plenum_stored_round_get_meeting_id (seeded), ==, t->meeting_id);
  g_assert_cmpint (plenum_stored_round_get_state (seeded), ==, PLENUM_OPINION_ROUND_STATE_OPEN);
  g_assert_true (plenum_stored_round_is_open_at (seeded, now));
  g_assert_cmpuint (plenum_stored_round_get_members (seeded), >, 1);
  t->document_id = g_strdup (plenum_stored_round_get_document_id (seeded));

  /* The round's document, and its pages, from the meeting. */
  meeting = plenum_store_get_meeting (t->store, t->meeting_id, &error);
  g_assert_no_error (error);
  agenda = plenum_meeting_get_agenda (meeting);
  for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      GListModel *documents = plenum_agenda_item_get_documents (item);

      for (guint j = 0; j < g_list_model_get_n_items (documents); j++)
        {
          g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, j);

          if (g_str_equal (plenum_document_get_id (document), t->document_id))
            t->pages = (guint) plenum_document_get_pages (document);
        }
    }
  g_assert_cmpuint (t->pages, >=, 3);
  return t;
}

static void
terminal_free (Terminal *t)
{
  gpointer store = t->store;

  g_object_add_weak_pointer (G_OBJECT (t->store), &store);
  g_signal_handlers_disconnect_by_data (t->engine, t);
  g_assert_finalize_object (t->engine);
  g_object_unref (t->store);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &store, WAIT_MS));
  g_free (t->data_dir);
  g_free (t->meeting_id);
  g_free (t->document_id);
  g_free (t);
}

static const char *
terminal_account_id (Terminal *t)
{
  return plenum_member_get_id (plenum_sync_engine_get_account (t->engine));
}

/* The secretariat and the chair, over raw HTTP */

static char *
rounds_url (Terminal   *t,
            const char *round_id,
            const char *what)
{
  if (round_id == NULL)
    return g_strconcat (demo_url (), "/api/v1/meetings/", t->meeting_id, "/opinion-rounds",
                        NULL);
  return g_strconcat (demo_url (), "/api/v1/meetings/", t->meeting_id, "/opinion-rounds/",
                      round_id, "/", what, NULL);
}

/* The secretary opens a round on the seeded round's document, closing in a day. */
static char *
open_round (PlenumTestSecretary *secretary,
            Terminal            *t,
            const char          *title)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) deadline = g_date_time_add_days (now, 1);
  g_autofree char *deadline_text = plenum_time_format (deadline);
  g_autofree char *url = rounds_url (t, NULL, NULL);
  g_autofree char *operation = plenum_uuid_new ();
  g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\",\"document_id\":\"%s\","
                                           "\"title\":\"%s\",\"deadline\":\"%s\"}",
                                           operation, t->document_id, title, deadline_text);
  g_autoptr(cJSON) round = plenum_test_http_json (session, "POST", url, secretary->token, body,
                                                  201);

  return g_strdup (plenum_test_json_string (round, "id"));
}

/* @round_id as the secretariat reads it (answers and all). */
static cJSON *
secretary_round (PlenumTestSecretary *secretary,
                 Terminal            *t,
                 const char          *round_id)
{
  g_autofree char *url = rounds_url (t, NULL, NULL);
  g_autoptr(cJSON) answer = plenum_test_http_json (session, "GET", url, secretary->token, NULL,
                                                   200);
  const cJSON *round;

  cJSON_ArrayForEach (round, cJSON_GetObjectItemCaseSensitive (answer, "rounds"))
    if (g_strcmp0 (plenum_test_json_string (round, "id"), round_id) == 0)
      return cJSON_Duplicate (round, TRUE);
  g_assert_not_reached ();
}

/* The member's Answer in @round (as the secretariat reads it), or NULL. */
static const cJSON *
member_answer (const cJSON *round,
               const char  *account_id)
{
  const cJSON *answer;

  cJSON_ArrayForEach (answer, cJSON_GetObjectItemCaseSensitive (round, "answers"))
    if (g_strcmp0 (plenum_test_json_string (answer, "account_id"), account_id) == 0)
      return answer;
  return NULL;
}

/* Waiting */

typedef struct {
  Terminal   *t;
  const char *round_id;
} RoundWait;

static gboolean
round_here (gpointer user_data)
{
  RoundWait *wait = user_data;
  g_autoptr(GPtrArray) rounds = plenum_store_list_opinion_rounds (wait->t->store,
                                                                  wait->t->meeting_id);

  for (guint i = 0; i < rounds->len; i++)
    if (g_str_equal (plenum_stored_round_get_id (g_ptr_array_index (rounds, i)), wait->round_id))
      return TRUE;
  return FALSE;
}

/* The stored round says the member answered it ("mine"), once. */
static gboolean
round_answered_by_member (gpointer user_data)
{
  RoundWait *wait = user_data;
  g_autoptr(GPtrArray) rounds = plenum_store_list_opinion_rounds (wait->t->store,
                                                                  wait->t->meeting_id);

  for (guint i = 0; i < rounds->len; i++)
    {
      PlenumStoredRound *round = g_ptr_array_index (rounds, i);

      if (g_str_equal (plenum_stored_round_get_id (round), wait->round_id))
        return plenum_stored_round_get_answered (round) == 1 &&
               g_strcmp0 (plenum_stored_round_get_mine_account (round),
                          terminal_account_id (wait->t)) == 0;
    }
  return FALSE;
}

/* Waits until the terminal's store holds @round_id (from the opinion.opened event). */
static void
wait_round (Terminal   *t,
            const char *round_id)
{
  RoundWait wait = { t, round_id };

  g_assert_true (plenum_test_wait_until (NULL, round_here, &wait, WAIT_MS));
}

typedef struct {
  Terminal           *t;
  const char         *round_id;
  PlenumOpinionState  state;
} AnswerWait;

static gboolean
answer_in_state (gpointer user_data)
{
  AnswerWait *wait = user_data;
  PlenumOpinionState state;

  return plenum_store_get_opinion (wait->t->store, terminal_account_id (wait->t),
                                   wait->round_id, &state, NULL, NULL, NULL, NULL, NULL) &&
         state == wait->state;
}

static void
wait_answer (Terminal           *t,
             const char         *round_id,
             PlenumOpinionState  state)
{
  AnswerWait wait = { t, round_id, state };

  g_assert_true (plenum_test_wait_until (NULL, answer_in_state, &wait, WAIT_MS));
}

/* Answers through the store (as the opinion sheet does); durable, with its operation,
 * when this returns. */
static char *
answer (Terminal            *t,
        const char          *round_id,
        PlenumOpinionStance  stance,
        const char          *text,
        GPtrArray           *comments)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *operation_id;

  plenum_store_save_opinion_async (t->store, terminal_account_id (t), t->meeting_id, round_id,
                                   stance, text, comments, NULL, plenum_test_got_result_cb,
                                   &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  operation_id = plenum_store_save_opinion_finish (t->store, result, &error);
  g_assert_no_error (error);
  g_assert_true (plenum_is_uuid (operation_id));
  return operation_id;
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

#define TEXT     "Đề nghị bổ sung căn cứ pháp lý.\nVà sửa lỗi chính tả."
#define COMMENT1 "Sửa số liệu năm 2025"
#define COMMENT2 "Thêm định nghĩa ở Điều 1"

/* Online: an answer with a text and two comments on pages is recorded exactly as given;
 * replaced, the secretariat sees the new one only. */
static void
test_recorded (void)
{
  g_autoptr(PlenumTestSecretary) secretary = NULL;
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_opinion_comment_free);
  g_autoptr(cJSON) round = NULL;
  g_autofree char *terminal_id = plenum_uuid_new ();
  g_autofree char *round_id = NULL;
  g_autofree char *op1 = NULL;
  g_autofree char *op2 = NULL;
  const cJSON *given, *list;
  Terminal *t = terminal_new (demo_url ());

  secretary = plenum_test_secretary_new (session, SECRETARY, SECRETARY_PIN, terminal_id,
                                         demo_url ());
  /* Opened after the member signed in: the event brings it. */
  round_id = open_round (secretary, t, "Xin ý kiến lần hai");
  wait_round (t, round_id);

  g_ptr_array_add (comments, plenum_opinion_comment_new (t->pages - 1, COMMENT1));
  g_ptr_array_add (comments, plenum_opinion_comment_new (0, COMMENT2));
  op1 = answer (t, round_id, PLENUM_OPINION_STANCE_AGREE_WITH_COMMENTS, TEXT, comments);
  wait_answer (t, round_id, PLENUM_OPINION_STATE_RECORDED);

  round = secretary_round (secretary, t, round_id);
  given = member_answer (round, terminal_account_id (t));
  g_assert_nonnull (given);
  g_assert_cmpstr (plenum_test_json_string (given, "stance"), ==, "agree_with_comments");
  g_assert_cmpstr (plenum_test_json_string (given, "text"), ==, TEXT);
  list = cJSON_GetObjectItemCaseSensitive (given, "comments");
  g_assert_cmpint (cJSON_GetArraySize (list), ==, 2);
  g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (list, 0), "page")->valueint,
                   ==, (int) t->pages - 1);
  g_assert_cmpstr (plenum_test_json_string (cJSON_GetArrayItem (list, 0), "text"), ==, COMMENT1);
  g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (list, 1), "page")->valueint,
                   ==, 0);
  g_assert_cmpstr (plenum_test_json_string (cJSON_GetArrayItem (list, 1), "text"), ==, COMMENT2);
  g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (round, "answered")->valueint, ==, 1);
  g_clear_pointer (&round, cJSON_Delete);

  /* Replaced: text, stance and comments all. */
  op2 = answer (t, round_id, PLENUM_OPINION_STANCE_DISAGREE, "Chưa đủ căn cứ.", NULL);
  g_assert_cmpstr (op2, !=, op1);
  wait_answer (t, round_id, PLENUM_OPINION_STATE_RECORDED);
  round = secretary_round (secretary, t, round_id);
  given = member_answer (round, terminal_account_id (t));
  g_assert_nonnull (given);
  g_assert_cmpstr (plenum_test_json_string (given, "stance"), ==, "disagree");
  g_assert_cmpstr (plenum_test_json_string (given, "text"), ==, "Chưa đủ căn cứ.");
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (given, "comments")), ==, 0);
  g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (round, "answered")->valueint, ==, 1);
  g_assert_cmpuint (plenum_store_outbox_count_pending (t->store, NULL), ==, 0);

  /* The terminal's copy of the round learns of the answer too (opinion.answered: the
   * rounds are read again, with the member's own answer in "mine"). */
  {
    RoundWait wait = { t, round_id };

    g_assert_true (plenum_test_wait_until (NULL, round_answered_by_member, &wait, WAIT_MS));
  }
  terminal_free (t);
}

/* Offline: two answers are queued (and say so); the chair closes one round meanwhile;
 * when the terminal is back the open round's answer is recorded and the closed one's
 * refused with round_closed, and kept with the server's reason. */
static void
test_offline (void)
{
  g_autoptr(PlenumTestSecretary) secretary = NULL;
  g_autoptr(PlenumTestSecretary) chair = NULL;
  g_autoptr(PlenumFaultProxy) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) closed = NULL;
  g_autoptr(cJSON) open_round_json = NULL;
  g_autoptr(cJSON) closed_round_json = NULL;
  g_autofree char *terminal_id = plenum_uuid_new ();
  g_autofree char *chair_terminal = plenum_uuid_new ();
  g_autofree char *open_id = NULL;
  g_autofree char *closing_id = NULL;
  g_autofree char *op_open = NULL;
  g_autofree char *op_closing = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  PlenumOpinionState state;
  PlenumOpinionStance stance;
  Terminal *t;

  proxy = plenum_fault_proxy_new_for_url (demo_url (), &error);
  g_assert_no_error (error);
  t = terminal_new (plenum_fault_proxy_get_url (proxy));
  secretary = plenum_test_secretary_new (session, SECRETARY, SECRETARY_PIN, terminal_id,
                                         demo_url ());
  chair = plenum_test_secretary_new (session, CHAIR, CHAIR_PIN, chair_terminal, demo_url ());

  open_id = open_round (secretary, t, "Vòng còn mở");
  closing_id = open_round (secretary, t, "Vòng sẽ đóng sớm");
  wait_round (t, open_id);
  wait_round (t, closing_id);

  plenum_fault_proxy_set_refuse (proxy, TRUE);
  plenum_fault_proxy_close_all (proxy);
  g_assert_true (plenum_test_wait_until (NULL, engine_offline, t->engine, WAIT_MS));

  op_open = answer (t, open_id, PLENUM_OPINION_STANCE_AGREE, "", NULL);
  op_closing = answer (t, closing_id, PLENUM_OPINION_STANCE_DISAGREE, "Không đồng ý.", NULL);
  /* Tried, and failed: still queued, and says so. */
  {
    AttemptWait wait = { t->store, op_open };

    g_assert_true (plenum_test_wait_until (NULL, operation_attempted, &wait, WAIT_MS));
  }
  g_assert_true (plenum_store_get_opinion (t->store, terminal_account_id (t), open_id, &state,
                                           NULL, NULL, NULL, NULL, NULL));
  g_assert_cmpint (state, ==, PLENUM_OPINION_STATE_QUEUED);

  /* The chair closes the second round before its answer arrives. */
  {
    g_autofree char *url = rounds_url (t, closing_id, "close");
    g_autofree char *operation = plenum_uuid_new ();
    g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\"}", operation);

    closed = plenum_test_http_json (session, "POST", url, chair->token, body, 200);
    g_assert_cmpstr (plenum_test_json_string (closed, "state"), ==, "closed");
  }
  g_assert_true (plenum_store_get_opinion (t->store, terminal_account_id (t), closing_id, &state,
                                           NULL, NULL, NULL, NULL, NULL));
  g_assert_cmpint (state, ==, PLENUM_OPINION_STATE_QUEUED);

  plenum_fault_proxy_set_refuse (proxy, FALSE);
  wait_answer (t, open_id, PLENUM_OPINION_STATE_RECORDED);
  wait_answer (t, closing_id, PLENUM_OPINION_STATE_REFUSED);
  g_assert_true (plenum_store_get_opinion (t->store, terminal_account_id (t), closing_id, &state,
                                           &stance, &text, NULL, &code, &message));
  g_assert_cmpstr (code, ==, "round_closed");
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
  /* Kept, as given. */
  g_assert_cmpint (stance, ==, PLENUM_OPINION_STANCE_DISAGREE);
  g_assert_cmpstr (text, ==, "Không đồng ý.");
  {
    g_autoptr(PlenumOutboxOperation) op = plenum_store_outbox_get (t->store, op_closing);

    g_assert_cmpint (plenum_outbox_operation_get_state (op), ==, PLENUM_OUTBOX_STATE_REFUSED);
    g_assert_cmpuint (plenum_outbox_operation_get_refused_status (op), ==, 409);
  }

  /* The secretariat sees the one, not the other. */
  open_round_json = secretary_round (secretary, t, open_id);
  g_assert_nonnull (member_answer (open_round_json, terminal_account_id (t)));
  g_assert_cmpstr (plenum_test_json_string (member_answer (open_round_json,
                                                           terminal_account_id (t)), "stance"),
                   ==, "agree");
  closed_round_json = secretary_round (secretary, t, closing_id);
  g_assert_null (member_answer (closed_round_json, terminal_account_id (t)));
  terminal_free (t);
}

int
main (int    argc,
      char **argv)
{
  int status;

  plenum_test_init (&argc, &argv);
  session = plenum_test_soup_session_new (NULL);

  g_test_add_func ("/plenum/opinion-sync/recorded", test_recorded);
  g_test_add_func ("/plenum/opinion-sync/offline", test_offline);

  status = g_test_run ();
  g_clear_pointer (&demo_server, plenum_test_server_free);
  g_clear_object (&session);
  return status;
}
