/* test-ballot-sheet.c — the ballot sheet (issue #7) built alone over a real store:
 * the vote's options as big toggles (one for a motion, up to N candidates), casting
 * through the store's outbox, the ballot's state in a sentence as its operation goes
 * (queued, sent, counted, not counted with the reason), and a choice being made that
 * another member's ballot (a vote.ballot event: the votes read again) does not reset;
 * a closed vote's result in words until the next vote (passed or not, elected, the
 * majority, a show of hands), and an annulled vote saying so.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <string.h>

#include "core/plenum-core.h"
#include "gui/plenum-application.h"
#include "gui/plenum-ballot-sheet.h"
#include "gui/plenum-meeting-page.h"
#include "store/plenum-store.h"
#include "sync/plenum-sync-engine.h"
#include "plenum-test-gui.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define WAIT_MS PLENUM_TEST_GUI_WAIT_MS

#define ACCOUNT    "aaaaaaaa-0000-4000-8000-00000000000a"
#define MEETING    "00000001-0000-4000-8000-000000000001"
#define ITEM       "00000002-0000-4000-8000-000000000002"
#define BODY       "00000003-0000-4000-8000-000000000003"
#define CHAIR_ID   "00000004-0000-4000-8000-000000000004"
#define MOTION_ID  "00000070-0000-4000-8000-000000000070"
#define LIST_ID    "00000071-0000-4000-8000-000000000071"

/* A stored meeting with one item, as the server would send it. */
static char *
meeting_json (void)
{
  g_autoptr(GDateTime) starts = plenum_time_parse ("2026-12-01T01:00:00Z");
  g_autoptr(GDateTime) updated = plenum_time_parse ("2026-11-27T18:00:00Z");
  g_autoptr(GListStore) agenda = g_list_store_new (PLENUM_TYPE_AGENDA_ITEM);
  g_autoptr(GListStore) documents = g_list_store_new (PLENUM_TYPE_DOCUMENT);
  g_autoptr(PlenumAgendaItem) item = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(cJSON) node = NULL;

  item = plenum_agenda_item_new (ITEM, "1", "Nghị quyết", FALSE, G_LIST_MODEL (documents));
  g_list_store_append (agenda, item);
  meeting = plenum_meeting_new (MEETING, BODY, "Kỳ họp", starts, "Phòng họp số 1", CHAIR_ID,
                                NULL, PLENUM_MEETING_STATUS_SCHEDULED, 1, updated,
                                G_LIST_MODEL (agenda));
  node = plenum_meeting_to_json (meeting);
  return plenum_json_print (node);
}

/* One Vote of the meeting. */
static char *
vote_json (const char *id,
           gboolean    candidates,
           const char *state,
           guint       voted)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"meeting_id\":\"" MEETING "\",\"item_id\":\"" ITEM "\","
                          "\"title\":\"%s\",\"kind\":\"%s\",\"form\":\"%s\",\"options\":%s,"
                          "\"max_choices\":%d,\"majority\":\"present\",\"quorum_required\":false,"
                          "\"changeable\":%s,\"state\":\"%s\",\"opened_at\":\"2026-12-01T01:00:00Z\","
                          "\"closed_at\":null,\"result\":null,\"voted\":%u}",
                          id, candidates ? "Bầu ủy viên" : "Thông qua Nghị quyết",
                          candidates ? "open" : "secret", candidates ? "candidates" : "motion",
                          candidates ? "[\"Nguyễn Văn A\",\"Trần Thị B\",\"Lê Văn C\"]"
                                     : "[\"for\",\"against\",\"abstain\"]",
                          candidates ? 2 : 1, candidates ? "false" : "true", state, voted);
}

/* A closed (or annulled) Vote with @result (JSON, or "null"). */
static char *
result_vote_json (const char *id,
                  gboolean    candidates,
                  const char *state,
                  const char *majority,
                  const char *result)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"meeting_id\":\"" MEETING "\",\"item_id\":\"" ITEM "\","
                          "\"title\":\"%s\",\"kind\":\"secret\",\"form\":\"%s\",\"options\":%s,"
                          "\"max_choices\":2,\"majority\":\"%s\",\"quorum_required\":false,"
                          "\"changeable\":false,\"state\":\"%s\",\"opened_at\":\"2026-12-01T01:00:00Z\","
                          "\"closed_at\":\"2026-12-01T01:10:00Z\",\"result\":%s,\"voted\":9}",
                          id, candidates ? "Bầu ủy viên" : "Thông qua Nghị quyết",
                          candidates ? "candidates" : "motion",
                          candidates ? "[\"Nguyễn Văn A\",\"Trần Thị B\",\"Lê Văn C\"]"
                                     : "[\"for\",\"against\",\"abstain\"]",
                          majority, state, result);
}

typedef struct {
  char        *dir;
  PlenumStore *store;
  GtkWindow   *window;
  PlenumBallotSheet *sheet;
} Fixture;

static gboolean
store_write (Fixture  *f,
             gboolean  is_votes,
             const char *json)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (is_votes)
    plenum_store_save_votes_async (f->store, MEETING, json, NULL, plenum_test_got_result_cb,
                                   &result);
  else
    plenum_store_save_meeting_async (f->store, ACCOUNT, json, NULL, NULL,
                                     plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  ok = is_votes ? plenum_store_save_votes_finish (f->store, result, &error)
                : plenum_store_save_meeting_finish (f->store, result, &error);
  g_assert_no_error (error);
  return ok;
}

/* The votes of the meeting, as GET …/votes would answer (NULL-terminated Votes). */
static void
save_votes (Fixture    *f,
            const char *first,
            ...)
{
  g_autoptr(GString) json = g_string_new ("{\"meeting_id\":\"" MEETING "\",\"votes\":[");
  va_list args;

  va_start (args, first);
  for (const char *vote = first; vote != NULL; vote = va_arg (args, const char *))
    {
      if (vote != first)
        g_string_append_c (json, ',');
      g_string_append (json, vote);
    }
  va_end (args);
  g_string_append (json, "]}");
  g_assert_true (store_write (f, TRUE, json->str));
}

static void
fixture_set_up (Fixture *f)
{
  g_autofree char *meeting = meeting_json ();

  f->dir = plenum_test_mkdtemp ("ballot-sheet");
  f->store = plenum_test_open_store (f->dir, WAIT_MS);
  g_assert_true (store_write (f, FALSE, meeting));
  f->sheet = PLENUM_BALLOT_SHEET (plenum_ballot_sheet_new (f->store, ACCOUNT, MEETING));
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 400, 600);
  gtk_window_set_child (f->window, GTK_WIDGET (f->sheet));
  gtk_window_present (f->window);
}

static void
fixture_tear_down (Fixture *f)
{
  gpointer store = f->store;

  g_object_add_weak_pointer (G_OBJECT (f->store), &store);
  gtk_window_destroy (f->window);
  g_object_unref (f->store);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &store, WAIT_MS));
  g_free (f->dir);
}

/* The cast button follows the action's enabled state. */
static gboolean
cast_enabled (Fixture *f)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (plenum_ballot_sheet_get_cast_button (f->sheet)));
}

static void
toggle (Fixture *f,
        guint    position)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->sheet), "ballot.toggle-option", "u",
                                             position));
}

static void
wait_state_text (Fixture    *f,
                 const char *text)
{
  if (!plenum_test_wait_text (f->sheet, (PlenumTestTextGetter) plenum_ballot_sheet_get_state_text,
                              text, FALSE))
    g_error ("state text is \"%s\", not \"%s\"", plenum_ballot_sheet_get_state_text (f->sheet),
             text);
}

static void
on_ballot_cast_cb (PlenumBallotSheet *sheet,
                   const char        *operation_id,
                   char             **out)
{
  g_assert_null (*out);
  *out = g_strdup (operation_id);
}

static gboolean
have_string (gpointer user_data)
{
  return *(char **) user_data != NULL;
}

/* Casts with the button's action; returns the operation id once the ballot is saved. */
static char *
cast (Fixture *f)
{
  char *operation_id = NULL;
  gulong id;

  id = g_signal_connect (f->sheet, "ballot-cast", G_CALLBACK (on_ballot_cast_cb), &operation_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->sheet), "ballot.cast", NULL));
  g_assert_true (plenum_test_wait_until (NULL, have_string, &operation_id, WAIT_MS));
  g_signal_handler_disconnect (f->sheet, id);
  return operation_id;
}

static void
settle (Fixture    *f,
        const char *operation_id,
        int         how)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (how == 0)
    plenum_store_outbox_mark_sending_async (f->store, operation_id, NULL,
                                            plenum_test_got_result_cb, &result);
  else if (how == 1)
    plenum_store_outbox_mark_sent_async (f->store, operation_id,
                                         "{\"vote_id\":\"" MOTION_ID "\",\"account_id\":\"" ACCOUNT
                                         "\",\"counted\":true,\"replaced\":false}", NULL,
                                         plenum_test_got_result_cb, &result);
  else
    plenum_store_outbox_mark_refused_async (f->store, operation_id, 409, "vote_closed",
                                            "The vote closed before this ballot arrived; it "
                                            "was not counted.", NULL,
                                            plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  g_assert_true (plenum_store_outbox_mark_finish (f->store, result, &error));
  g_assert_no_error (error);
}

static void
test_create_destroy (void)
{
  Fixture f = { 0 };

  fixture_set_up (&f);
  /* No vote: nothing to show. */
  g_assert_null (plenum_ballot_sheet_get_vote_id (f.sheet));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f.sheet)));
  g_assert_cmpuint (plenum_ballot_sheet_get_n_options (f.sheet), ==, 0);
  fixture_tear_down (&f);
}

/* A motion: one option, cast, the states in sentences; another member's ballot (the
 * votes read again with a higher count) leaves the member's choice alone. */
static void
test_motion (void)
{
  g_autofree char *open0 = vote_json (MOTION_ID, FALSE, "open", 0);
  g_autofree char *open5 = vote_json (MOTION_ID, FALSE, "open", 5);
  g_autofree char *open6 = vote_json (MOTION_ID, FALSE, "open", 6);
  g_autofree char *operation_id = NULL;
  GtkToggleButton *against;
  Fixture f = { 0 };

  fixture_set_up (&f);
  save_votes (&f, open0, NULL);
  g_assert_cmpstr (plenum_ballot_sheet_get_vote_id (f.sheet), ==, MOTION_ID);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.sheet)));
  g_assert_cmpuint (plenum_ballot_sheet_get_n_options (f.sheet), ==, 3);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (plenum_ballot_sheet_get_option (f.sheet, 0))),
                   ==, "For");
  g_assert_cmpstr (plenum_ballot_sheet_get_state_text (f.sheet), ==, "");
  g_assert_cmpstr (plenum_ballot_sheet_get_progress_text (f.sheet), ==, "0 members have voted");
  /* Nothing chosen: nothing to cast. */
  g_assert_false (cast_enabled (&f));

  /* Big enough for a finger. */
  plenum_test_wait_frame (GTK_WIDGET (f.sheet));
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (plenum_ballot_sheet_get_option (f.sheet, i))),
                     >=, 48);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (plenum_ballot_sheet_get_cast_button (f.sheet))),
                   >=, 48);

  toggle (&f, 0);
  toggle (&f, 1);   /* one option only: "against" replaces "for" */
  against = plenum_ballot_sheet_get_option (f.sheet, 1);
  g_assert_false (gtk_toggle_button_get_active (plenum_ballot_sheet_get_option (f.sheet, 0)));
  g_assert_true (gtk_toggle_button_get_active (against));
  g_assert_true (cast_enabled (&f));

  /* Another member votes: vote.ballot → the votes are read again. The choice stays;
   * the count moves. */
  save_votes (&f, open5, NULL);
  g_assert_cmpstr (plenum_ballot_sheet_get_progress_text (f.sheet), ==, "5 members have voted");
  g_assert_true (plenum_ballot_sheet_get_option (f.sheet, 1) == against);
  g_assert_true (gtk_toggle_button_get_active (against));
  g_assert_false (gtk_toggle_button_get_active (plenum_ballot_sheet_get_option (f.sheet, 0)));

  operation_id = cast (&f);
  g_assert_true (plenum_is_uuid (operation_id));
  wait_state_text (&f, "Queued — will be sent when the terminal is back online");
  settle (&f, operation_id, 0);
  wait_state_text (&f, "Sent");
  save_votes (&f, open6, NULL);
  g_assert_true (gtk_toggle_button_get_active (against));
  settle (&f, operation_id, 1);
  wait_state_text (&f, "Counted");
  g_assert_true (gtk_toggle_button_get_active (against));
  /* A changeable vote: the member may change the ballot while it is open. */
  g_assert_true (cast_enabled (&f));
  fixture_tear_down (&f);
}

/* A candidate list: up to N; the ballot refused after the close stays on screen with
 * the reason. */
static void
test_candidates_refused (void)
{
  g_autofree char *motion_closed = vote_json (MOTION_ID, FALSE, "closed", 3);
  g_autofree char *list_open = vote_json (LIST_ID, TRUE, "open", 0);
  g_autofree char *list_closed = vote_json (LIST_ID, TRUE, "closed", 4);
  g_autofree char *operation_id = NULL;
  Fixture f = { 0 };

  fixture_set_up (&f);
  save_votes (&f, motion_closed, list_open, NULL);
  g_assert_cmpstr (plenum_ballot_sheet_get_vote_id (f.sheet), ==, LIST_ID);
  g_assert_cmpuint (plenum_ballot_sheet_get_n_options (f.sheet), ==, 3);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (plenum_ballot_sheet_get_option (f.sheet, 1))),
                   ==, "Trần Thị B");

  toggle (&f, 0);
  toggle (&f, 2);
  /* Two of two chosen: the third waits. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (plenum_ballot_sheet_get_option (f.sheet, 1))));
  toggle (&f, 1);
  g_assert_false (gtk_toggle_button_get_active (plenum_ballot_sheet_get_option (f.sheet, 1)));
  /* Let one go, choose another. */
  toggle (&f, 2);
  toggle (&f, 1);
  g_assert_true (gtk_toggle_button_get_active (plenum_ballot_sheet_get_option (f.sheet, 0)));
  g_assert_true (gtk_toggle_button_get_active (plenum_ballot_sheet_get_option (f.sheet, 1)));
  g_assert_false (gtk_toggle_button_get_active (plenum_ballot_sheet_get_option (f.sheet, 2)));

  operation_id = cast (&f);
  wait_state_text (&f, "Queued — will be sent when the terminal is back online");
  /* Not changeable: cast once. */
  g_assert_false (cast_enabled (&f));

  /* Closed before it arrived: refused, and still shown with the reason. */
  save_votes (&f, motion_closed, list_closed, NULL);
  settle (&f, operation_id, 2);
  wait_state_text (&f, "Not counted: the vote closed before your ballot arrived");
  g_assert_cmpstr (plenum_ballot_sheet_get_vote_id (f.sheet), ==, LIST_ID);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.sheet)));
  g_assert_false (cast_enabled (&f));
  /* A closed vote has no running count. */
  g_assert_cmpstr (plenum_ballot_sheet_get_progress_text (f.sheet), ==, "");
  fixture_tear_down (&f);
}

static gboolean
sheet_visible (gpointer user_data)
{
  return gtk_widget_get_visible (user_data);
}

/* On the meeting page: the signed-in member's sheet, shown while a vote is open. */
static void
test_on_meeting_page (void)
{
  g_autofree char *open = vote_json (MOTION_ID, FALSE, "open", 0);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumSyncEngine) engine = NULL;
  g_autoptr(PlenumMember) member = NULL;
  PlenumMeetingPage *page;
  GtkWidget *sheet;
  gpointer weak_engine;
  gpointer weak_page;
  Fixture f = { 0 };

  fixture_set_up (&f);
  plenum_store_remember_account_async (f.store, "an", "{\"id\":\"" ACCOUNT "\",\"name\":\"an\","
                                       "\"display_name\":\"An\",\"role\":\"member\"}", "1234",
                                       NULL, NULL, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  g_assert_true (plenum_store_remember_account_finish (f.store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* No server: the member signs in offline, against the verifier. */
  engine = plenum_test_sync_engine_new (f.store, NULL, &error);
  g_assert_no_error (error);
  plenum_sync_engine_sign_in_async (engine, "an", "1234", NULL, plenum_test_got_result_cb,
                                    &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  member = plenum_sync_engine_sign_in_finish (engine, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);   /* its task holds the engine */

  page = PLENUM_MEETING_PAGE (plenum_meeting_page_new (engine, MEETING));
  gtk_window_set_child (f.window, GTK_WIDGET (page));
  sheet = plenum_meeting_page_get_ballot_sheet (page);
  g_assert_true (PLENUM_IS_BALLOT_SHEET (sheet));
  g_assert_false (gtk_widget_get_visible (sheet));
  save_votes (&f, open, NULL);
  g_assert_true (plenum_test_wait_until (NULL, sheet_visible, sheet, WAIT_MS));
  g_assert_cmpstr (plenum_ballot_sheet_get_vote_id (PLENUM_BALLOT_SHEET (sheet)), ==, MOTION_ID);

  /* Signed out: no sheet. */
  plenum_sync_engine_sign_out (engine);
  g_assert_null (plenum_meeting_page_get_ballot_sheet (page));
  weak_page = page;
  g_object_add_weak_pointer (G_OBJECT (page), &weak_page);
  gtk_window_set_child (f.window, NULL);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &weak_page, 2000));
  /* The page and its pending work let the engine go (a frame or so later). */
  weak_engine = engine;
  g_object_add_weak_pointer (G_OBJECT (engine), &weak_engine);
  g_clear_object (&engine);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &weak_engine,
                                         WAIT_MS));
  fixture_tear_down (&f);
}

/* A closed vote's result stays in words until the next vote opens. */
static void
test_result (void)
{
  g_autofree char *elected = result_vote_json (LIST_ID, TRUE, "closed", "members",
                                               "{\"counts\":[8,7,2],\"ballots\":9,\"eligible\":12,"
                                               "\"present\":9,\"basis\":12,\"needed\":7,\"passed\":true,"
                                               "\"elected\":[0,1],\"show_of_hands\":true}");
  g_autofree char *rejected = result_vote_json (MOTION_ID, FALSE, "closed", "present",
                                                "{\"counts\":[3,4,2],\"ballots\":9,\"eligible\":12,"
                                                "\"present\":9,\"basis\":9,\"needed\":5,\"passed\":false,"
                                                "\"elected\":[],\"show_of_hands\":false}");
  g_autofree char *annulled = result_vote_json (MOTION_ID, FALSE, "annulled", "present",
                                                "{\"counts\":[5,4,0],\"ballots\":9,\"eligible\":12,"
                                                "\"present\":9,\"basis\":9,\"needed\":5,\"passed\":true,"
                                                "\"elected\":[],\"show_of_hands\":false}");
  g_autofree char *annulled_open = result_vote_json (MOTION_ID, FALSE, "annulled", "present", "null");
  g_autofree char *next_open = vote_json ("00000072-0000-4000-8000-000000000072", FALSE, "open", 0);
  const char *text;
  Fixture f = { 0 };

  fixture_set_up (&f);

  /* An election by show of hands: who was elected, every count, the majority of all
   * members, and how it was counted. */
  save_votes (&f, elected, NULL);
  g_assert_cmpstr (plenum_ballot_sheet_get_vote_id (f.sheet), ==, LIST_ID);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.sheet)));
  g_assert_cmpstr (plenum_ballot_sheet_get_outcome_text (f.sheet), ==, "Elected");
  g_assert_cmpstr (plenum_ballot_sheet_get_result_text (f.sheet), ==,
                   "Elected: Nguyễn Văn A, Trần Thị B\n"
                   "Nguyễn Văn A: 8 votes\n"
                   "Trần Thị B: 7 votes\n"
                   "Lê Văn C: 2 votes\n"
                   "7 votes needed: a majority of all 12 members\n"
                   "Counted by a show of hands");
  g_assert_false (cast_enabled (&f));

  /* A motion that did not pass, of the members present. */
  save_votes (&f, elected, rejected, NULL);
  g_assert_cmpstr (plenum_ballot_sheet_get_vote_id (f.sheet), ==, MOTION_ID);
  g_assert_cmpstr (plenum_ballot_sheet_get_outcome_text (f.sheet), ==, "Not passed");
  text = plenum_ballot_sheet_get_result_text (f.sheet);
  g_assert_cmpstr (text, ==, "For: 3 votes\nAgainst: 4 votes\nAbstain: 2 votes\n"
                             "5 votes needed: a majority of the 9 members present");

  /* Annulled after the close: it says so, and that the count does not stand. */
  save_votes (&f, elected, annulled, NULL);
  g_assert_cmpstr (plenum_ballot_sheet_get_outcome_text (f.sheet), ==, "Annulled");
  g_assert_true (g_str_has_prefix (plenum_ballot_sheet_get_result_text (f.sheet),
                                   "Its result does not stand.\nFor: 5 votes\n"));
  save_votes (&f, elected, annulled_open, NULL);
  g_assert_cmpstr (plenum_ballot_sheet_get_outcome_text (f.sheet), ==, "Annulled");
  g_assert_cmpstr (plenum_ballot_sheet_get_result_text (f.sheet), ==,
                   "It was annulled before it closed: it has no result.");

  /* The next vote opens: the ballot, no result. */
  save_votes (&f, elected, annulled_open, next_open, NULL);
  g_assert_cmpstr (plenum_ballot_sheet_get_vote_id (f.sheet), ==, "00000072-0000-4000-8000-000000000072");
  g_assert_cmpstr (plenum_ballot_sheet_get_outcome_text (f.sheet), ==, "");
  g_assert_cmpstr (plenum_ballot_sheet_get_result_text (f.sheet), ==, "");
  fixture_tear_down (&f);
}

static void
test_format_refusal (void)
{
  g_autofree char *known = plenum_ballot_sheet_format_refusal ("already_voted", "x");
  g_autofree char *unknown = plenum_ballot_sheet_format_refusal ("strange", "Lý do khác");

  g_assert_cmpstr (known, ==, "Not counted: you had already voted in this vote");
  g_assert_cmpstr (unknown, ==, "Not counted: Lý do khác");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);
  if (!plenum_test_gui_init (FALSE, &status))
    return status;

  g_test_add_func ("/plenum/ballot-sheet/create-destroy", test_create_destroy);
  g_test_add_func ("/plenum/ballot-sheet/motion", test_motion);
  g_test_add_func ("/plenum/ballot-sheet/candidates-refused", test_candidates_refused);
  g_test_add_func ("/plenum/ballot-sheet/format-refusal", test_format_refusal);
  g_test_add_func ("/plenum/ballot-sheet/result", test_result);
  g_test_add_func ("/plenum/ballot-sheet/on-meeting-page", test_on_meeting_page);

  return g_test_run ();
}
