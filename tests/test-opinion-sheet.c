/* test-opinion-sheet.c — the opinion sheet (issue #7, "xin ý kiến") under Xvfb: built
 * alone over a real store, it shows a round's title, document and deadline; answering
 * through its widgets (a stance, the text, comments pinned to pages chosen with − and
 * +) stores exactly that with its outbox operation, and the answer's state follows in
 * a sentence; once the round is closed the form is read-only and a refusal says why.
 * The reminders are worked out from the deadline (a line a day ahead, urgent two hours
 * ahead, none once answered). And on a real terminal against `plenum-server --demo`: a
 * round the secretariat opens with an hour to go brings the urgent reminder to the
 * meeting page, which goes once the member answers. Also the conflict of interest on
 * the meeting page's item view, and what the ballot sheet then says.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <libsoup/soup.h>
#include <string.h>

#include "core/plenum-core.h"
#include "gui/plenum-application.h"
#include "gui/plenum-ballot-sheet.h"
#include "gui/plenum-meeting-list-page.h"
#include "gui/plenum-meeting-page.h"
#include "gui/plenum-opinion-sheet.h"
#include "gui/plenum-pin-pad.h"
#include "gui/plenum-sign-in-page.h"
#include "store/plenum-store.h"
#include "sync/plenum-sync-engine.h"
#include "plenum-test-gui.h"
#include "plenum-test-server.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define WAIT_MS PLENUM_TEST_GUI_WAIT_MS

#define ACCOUNT    "aaaaaaaa-0000-4000-8000-00000000000a"
#define MEETING    "00000001-0000-4000-8000-000000000001"
#define ITEM       "00000002-0000-4000-8000-000000000002"
#define BODY       "00000003-0000-4000-8000-000000000003"
#define CHAIR_ID   "00000004-0000-4000-8000-000000000004"
#define DOCUMENT   "00000005-0000-4000-8000-000000000005"
#define ROUND_ID   "00000080-0000-4000-8000-000000000080"
#define PAGES      3

#define MEMBER        "le.minh.tuan"
#define MEMBER_PIN    "100003"
#define SECRETARY     "ly.thi.hong"
#define SECRETARY_PIN "999999"

/* A stored meeting with one item holding one document of PAGES pages. */
static char *
meeting_json (void)
{
  g_autoptr(GDateTime) starts = plenum_time_parse ("2026-12-01T01:00:00Z");
  g_autoptr(GDateTime) updated = plenum_time_parse ("2026-11-27T18:00:00Z");
  g_autoptr(GListStore) agenda = g_list_store_new (PLENUM_TYPE_AGENDA_ITEM);
  g_autoptr(GListStore) documents = g_list_store_new (PLENUM_TYPE_DOCUMENT);
  g_autoptr(PlenumDocument) document = NULL;
  g_autoptr(PlenumAgendaItem) item = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(cJSON) node = NULL;

  document = plenum_document_new (DOCUMENT, "Dự thảo Nghị quyết",
                                  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                                  1000, PAGES, FALSE, "application/pdf");
  g_list_store_append (documents, document);
  item = plenum_agenda_item_new (ITEM, "1", "Nghị quyết", FALSE, G_LIST_MODEL (documents));
  g_list_store_append (agenda, item);
  meeting = plenum_meeting_new (MEETING, BODY, "Kỳ họp", starts, "Phòng họp số 1", CHAIR_ID,
                                NULL, PLENUM_MEETING_STATUS_SCHEDULED, 1, updated,
                                G_LIST_MODEL (agenda));
  node = plenum_meeting_to_json (meeting);
  return plenum_json_print (node);
}

/* GET …/opinion-rounds with one round closing at @deadline, in @state; @mine: the
 * member's answer given elsewhere. */
static char *
rounds_json (GDateTime  *deadline,
             const char *state,
             gboolean    mine)
{
  g_autofree char *deadline_text = plenum_time_format (deadline);

  return g_strdup_printf ("{\"meeting_id\":\"" MEETING "\",\"rounds\":[{\"id\":\"" ROUND_ID "\","
                          "\"meeting_id\":\"" MEETING "\",\"document_id\":\"" DOCUMENT "\","
                          "\"title\":\"Xin ý kiến vào dự thảo\",\"deadline\":\"%s\","
                          "\"state\":\"%s\",\"opened_at\":\"2026-11-01T01:00:00Z\","
                          "\"closed_at\":null,\"answered\":0,\"members\":12,\"mine\":%s}]}",
                          deadline_text, state,
                          mine ? "{\"round_id\":\"" ROUND_ID "\",\"account_id\":\"" ACCOUNT "\","
                                 "\"display_name\":\"An\",\"stance\":\"agree\",\"text\":\"\","
                                 "\"comments\":[],\"answered_at\":\"2026-11-01T02:00:00Z\"}"
                               : "null");
}

typedef struct {
  char               *dir;
  PlenumStore        *store;
  GtkWindow          *window;
  PlenumOpinionSheet *sheet;
} Fixture;

static void
save_meeting (Fixture *f)
{
  g_autofree char *json = meeting_json ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  plenum_store_save_meeting_async (f->store, ACCOUNT, json, NULL, NULL,
                                   plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  g_assert_true (plenum_store_save_meeting_finish (f->store, result, &error));
  g_assert_no_error (error);
}

static void
save_rounds (Fixture    *f,
             GDateTime  *deadline,
             const char *state,
             gboolean    mine)
{
  g_autofree char *json = rounds_json (deadline, state, mine);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  plenum_store_save_opinion_rounds_async (f->store, MEETING, json, NULL,
                                          plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  g_assert_true (plenum_store_save_opinion_rounds_finish (f->store, result, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture *f)
{
  f->dir = plenum_test_mkdtemp ("opinion-sheet");
  f->store = plenum_test_open_store (f->dir, WAIT_MS);
  save_meeting (f);
  f->sheet = PLENUM_OPINION_SHEET (plenum_opinion_sheet_new (f->store, ACCOUNT, MEETING));
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 480, 900);
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

static const char *
line (Fixture    *f,
      const char *which)
{
  return plenum_opinion_sheet_get_text (f->sheet, ROUND_ID, which);
}

typedef struct {
  Fixture    *f;
  const char *text;
} TextWait;

static gboolean
state_text_is (gpointer user_data)
{
  TextWait *wait = user_data;

  return g_strcmp0 (line (wait->f, "state"), wait->text) == 0;
}

static void
wait_state_text (Fixture    *f,
                 const char *text)
{
  TextWait wait = { f, text };

  if (!plenum_test_wait_until (NULL, state_text_is, &wait, WAIT_MS))
    g_error ("state text is \"%s\", not \"%s\"", line (f, "state"), text);
}

static void
on_opinion_saved_cb (PlenumOpinionSheet *sheet,
                     const char         *operation_id,
                     char              **out)
{
  g_assert_null (*out);
  *out = g_strdup (operation_id);
}

static gboolean
have_string (gpointer user_data)
{
  return *(char **) user_data != NULL;
}

static void
activate (Fixture    *f,
          const char *action,
          GVariant   *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->sheet), action, parameter));
}

static void
settle (Fixture    *f,
        const char *operation_id,
        gboolean    recorded)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (recorded)
    plenum_store_outbox_mark_sent_async (f->store, operation_id, "{\"round_id\":\"" ROUND_ID "\"}",
                                         NULL, plenum_test_got_result_cb, &result);
  else
    plenum_store_outbox_mark_refused_async (f->store, operation_id, 409, "round_closed",
                                            "The opinion round closed before your answer "
                                            "arrived; it was not recorded.", NULL,
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
  /* No round: nothing to show. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f.sheet)));
  g_assert_null (plenum_opinion_sheet_get_round_ids (f.sheet)[0]);
  g_assert_null (plenum_opinion_sheet_get_reminder (f.sheet, NULL));
  fixture_tear_down (&f);
}

/* The round, the deadline in words; an answer given through the widgets is stored as
 * given, and its state follows; closed, the form is read-only and the refusal says
 * why. */
static void
test_answer (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) deadline = g_date_time_add_days (now, 3);
  g_autoptr(GDateTime) local = g_date_time_to_local (deadline);
  g_autofree char *day = g_date_time_format (local, "%A %-d %B, %H:%M");
  g_autofree char *expected = g_strconcat ("Open until ", day, NULL);
  g_autofree char *operation_id = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  PlenumOpinionState state;
  PlenumOpinionStance stance;
  GtkTextBuffer *buffer;
  GtkWidget *send;
  gulong id;
  Fixture f = { 0 };

  fixture_set_up (&f);
  save_rounds (&f, deadline, "open", FALSE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.sheet)));
  g_assert_cmpstr (plenum_opinion_sheet_get_round_ids (f.sheet)[0], ==, ROUND_ID);
  g_assert_cmpstr (line (&f, "title"), ==, "Xin ý kiến vào dự thảo");
  g_assert_cmpstr (line (&f, "document"), ==, "On the document “Dự thảo Nghị quyết”");
  g_assert_cmpstr (line (&f, "deadline"), ==, expected);
  g_assert_cmpstr (line (&f, "answer"), ==, "Not answered yet");
  g_assert_true (plenum_opinion_sheet_get_editable (f.sheet, ROUND_ID));
  /* Three days ahead: no reminder yet. */
  g_assert_null (plenum_opinion_sheet_get_reminder (f.sheet, NULL));
  send = GTK_WIDGET (plenum_opinion_sheet_get_send_button (f.sheet, ROUND_ID));
  /* Nothing chosen: nothing to send. */
  g_assert_false (gtk_widget_get_sensitive (send));

  /* Big enough for a finger. */
  plenum_test_wait_frame (GTK_WIDGET (f.sheet));
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (plenum_opinion_sheet_get_stance_button (f.sheet, ROUND_ID, i))),
                     >=, 48);
  g_assert_cmpint (gtk_widget_get_height (send), >=, 48);

  /* A stance (one only), the text, two comments on pages. */
  activate (&f, "opinion.choose", g_variant_new ("(ss)", ROUND_ID, "disagree"));
  activate (&f, "opinion.choose", g_variant_new ("(ss)", ROUND_ID, "agree_with_comments"));
  g_assert_false (gtk_toggle_button_get_active (plenum_opinion_sheet_get_stance_button (f.sheet, ROUND_ID,
                                                                                        PLENUM_OPINION_STANCE_DISAGREE)));
  g_assert_true (gtk_toggle_button_get_active (plenum_opinion_sheet_get_stance_button (f.sheet, ROUND_ID,
                                                                                       PLENUM_OPINION_STANCE_AGREE_WITH_COMMENTS)));
  g_assert_true (gtk_widget_get_sensitive (send));
  buffer = gtk_text_view_get_buffer (plenum_opinion_sheet_get_text_view (f.sheet, ROUND_ID));
  gtk_text_buffer_set_text (buffer, "Đề nghị bổ sung.\nDòng hai.", -1);
  activate (&f, "opinion.add-comment", g_variant_new_string (ROUND_ID));
  activate (&f, "opinion.add-comment", g_variant_new_string (ROUND_ID));
  activate (&f, "opinion.add-comment", g_variant_new_string (ROUND_ID));
  g_assert_cmpuint (plenum_opinion_sheet_get_n_comments (f.sheet, ROUND_ID), ==, 3);
  /* Pages stay within the document: + past the last, − below the first do nothing. */
  for (guint i = 0; i < PAGES + 2; i++)
    activate (&f, "opinion.page-up", g_variant_new ("(su)", ROUND_ID, 0));
  g_assert_cmpuint (plenum_opinion_sheet_get_comment_page (f.sheet, ROUND_ID, 0), ==, PAGES - 1);
  activate (&f, "opinion.page-down", g_variant_new ("(su)", ROUND_ID, 1));
  g_assert_cmpuint (plenum_opinion_sheet_get_comment_page (f.sheet, ROUND_ID, 1), ==, 0);
  activate (&f, "opinion.page-up", g_variant_new ("(su)", ROUND_ID, 2));
  gtk_editable_set_text (plenum_opinion_sheet_get_comment_entry (f.sheet, ROUND_ID, 0), "Trang cuối");
  gtk_editable_set_text (plenum_opinion_sheet_get_comment_entry (f.sheet, ROUND_ID, 1), "Bỏ đi");
  gtk_editable_set_text (plenum_opinion_sheet_get_comment_entry (f.sheet, ROUND_ID, 2), "Trang hai");
  /* Removed: the rows after move up, with their pages. */
  activate (&f, "opinion.remove-comment", g_variant_new ("(su)", ROUND_ID, 1));
  g_assert_cmpuint (plenum_opinion_sheet_get_n_comments (f.sheet, ROUND_ID), ==, 2);
  g_assert_cmpuint (plenum_opinion_sheet_get_comment_page (f.sheet, ROUND_ID, 1), ==, 1);

  /* Sent through the button, as a tap would. */
  id = g_signal_connect (f.sheet, "opinion-saved", G_CALLBACK (on_opinion_saved_cb), &operation_id);
  plenum_test_press (send);
  g_assert_true (plenum_test_wait_until (NULL, have_string, &operation_id, WAIT_MS));
  g_signal_handler_disconnect (f.sheet, id);
  g_assert_true (plenum_is_uuid (operation_id));
  g_assert_true (plenum_store_get_opinion (f.store, ACCOUNT, ROUND_ID, &state, &stance, &text,
                                           &comments, NULL, NULL));
  g_assert_cmpint (state, ==, PLENUM_OPINION_STATE_QUEUED);
  g_assert_cmpint (stance, ==, PLENUM_OPINION_STANCE_AGREE_WITH_COMMENTS);
  g_assert_cmpstr (text, ==, "Đề nghị bổ sung.\nDòng hai.");
  g_assert_cmpuint (comments->len, ==, 2);
  g_assert_cmpuint (((PlenumOpinionComment *) g_ptr_array_index (comments, 0))->page, ==, PAGES - 1);
  g_assert_cmpstr (((PlenumOpinionComment *) g_ptr_array_index (comments, 0))->text, ==, "Trang cuối");
  g_assert_cmpuint (((PlenumOpinionComment *) g_ptr_array_index (comments, 1))->page, ==, 1);
  g_assert_cmpstr (((PlenumOpinionComment *) g_ptr_array_index (comments, 1))->text, ==, "Trang hai");
  {
    g_autoptr(PlenumOutboxOperation) op = plenum_store_outbox_get (f.store, operation_id);

    g_assert_cmpstr (plenum_outbox_operation_get_kind (op), ==, PLENUM_OUTBOX_KIND_OPINION);
    g_assert_cmpstr (plenum_outbox_operation_get_method (op), ==, "PUT");
  }
  wait_state_text (&f, "Saved — will be sent when the terminal is back online");
  g_assert_cmpstr (line (&f, "answer"), ==, "Your answer: Agree with comments");

  /* The rounds read again (another member answered): what is written stays. */
  save_rounds (&f, deadline, "open", FALSE);
  g_assert_cmpuint (plenum_opinion_sheet_get_n_comments (f.sheet, ROUND_ID), ==, 2);
  settle (&f, operation_id, TRUE);
  wait_state_text (&f, "Recorded");
  g_assert_true (plenum_opinion_sheet_get_editable (f.sheet, ROUND_ID));

  /* Answered again and closed before it arrived: read-only, with the reason. */
  g_clear_pointer (&operation_id, g_free);
  id = g_signal_connect (f.sheet, "opinion-saved", G_CALLBACK (on_opinion_saved_cb), &operation_id);
  activate (&f, "opinion.choose", g_variant_new ("(ss)", ROUND_ID, "agree"));
  activate (&f, "opinion.send", g_variant_new_string (ROUND_ID));
  g_assert_true (plenum_test_wait_until (NULL, have_string, &operation_id, WAIT_MS));
  g_signal_handler_disconnect (f.sheet, id);
  save_rounds (&f, deadline, "closed", FALSE);
  settle (&f, operation_id, FALSE);
  wait_state_text (&f, "Not recorded: the round closed before your answer arrived");
  g_assert_false (plenum_opinion_sheet_get_editable (f.sheet, ROUND_ID));
  g_assert_cmpstr (line (&f, "deadline"), ==, "Closed early: answers are no longer taken");
  g_assert_false (gtk_widget_get_visible (send));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (plenum_opinion_sheet_get_stance_button (f.sheet, ROUND_ID, 0))));
  g_assert_false (gtk_text_view_get_editable (plenum_opinion_sheet_get_text_view (f.sheet, ROUND_ID)));
  /* Nothing moves any more. */
  activate (&f, "opinion.choose", g_variant_new ("(ss)", ROUND_ID, "disagree"));
  g_assert_true (gtk_toggle_button_get_active (plenum_opinion_sheet_get_stance_button (f.sheet, ROUND_ID,
                                                                                       PLENUM_OPINION_STANCE_AGREE)));
  activate (&f, "opinion.add-comment", g_variant_new_string (ROUND_ID));
  g_assert_cmpuint (plenum_opinion_sheet_get_n_comments (f.sheet, ROUND_ID), ==, 2);
  fixture_tear_down (&f);
}

/* The reminders, from the deadline alone: a line a day ahead, urgent two hours ahead,
 * and when each changes; none for an answered round. */
static void
test_reminder_times (void)
{
  g_autoptr(GDateTime) deadline = g_date_time_new_local (2026, 12, 1, 17, 0, 0);
  g_autoptr(GDateTime) day_before = g_date_time_new_local (2026, 11, 30, 18, 0, 0);
  g_autoptr(GDateTime) morning = g_date_time_new_local (2026, 12, 1, 9, 0, 0);
  g_autoptr(GDateTime) hour_before = g_date_time_new_local (2026, 12, 1, 16, 0, 0);
  g_autoptr(GDateTime) two_days = g_date_time_new_local (2026, 11, 29, 17, 0, 0);
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *text = NULL;
  gboolean urgent = TRUE;
  Fixture f = { 0 };

  fixture_set_up (&f);
  save_rounds (&f, deadline, "open", FALSE);

  /* Two days ahead: none; the next look is a day before the deadline. */
  text = plenum_opinion_sheet_format_reminder (f.store, ACCOUNT, MEETING, two_days, &urgent, &next);
  g_assert_null (text);
  g_assert_false (urgent);
  g_assert_cmpint (g_date_time_difference (deadline, next), ==, 24 * G_TIME_SPAN_HOUR);
  g_clear_pointer (&next, g_date_time_unref);

  text = plenum_opinion_sheet_format_reminder (f.store, ACCOUNT, MEETING, day_before, &urgent, &next);
  g_assert_cmpstr (text, ==, "Your opinion on “Xin ý kiến vào dự thảo” is due by 17:00 tomorrow");
  g_assert_false (urgent);
  /* Midnight comes first: "tomorrow" becomes "today". */
  g_assert_cmpint (g_date_time_get_hour (next), ==, 0);
  g_clear_pointer (&next, g_date_time_unref);
  g_clear_pointer (&text, g_free);

  text = plenum_opinion_sheet_format_reminder (f.store, ACCOUNT, MEETING, morning, &urgent, &next);
  g_assert_cmpstr (text, ==, "Your opinion on “Xin ý kiến vào dự thảo” is due by 17:00 today");
  g_assert_false (urgent);
  g_assert_cmpint (g_date_time_difference (deadline, next), ==, 2 * G_TIME_SPAN_HOUR);
  g_clear_pointer (&next, g_date_time_unref);
  g_clear_pointer (&text, g_free);

  text = plenum_opinion_sheet_format_reminder (f.store, ACCOUNT, MEETING, hour_before, &urgent, &next);
  g_assert_cmpstr (text, ==, "Your opinion on “Xin ý kiến vào dự thảo” is due by 17:00 today");
  g_assert_true (urgent);
  g_assert_true (g_date_time_equal (next, deadline));
  g_clear_pointer (&next, g_date_time_unref);
  g_clear_pointer (&text, g_free);

  /* Past the deadline, or answered (here the round says so): none. */
  text = plenum_opinion_sheet_format_reminder (f.store, ACCOUNT, MEETING, deadline, &urgent, NULL);
  g_assert_null (text);
  save_rounds (&f, deadline, "open", TRUE);
  text = plenum_opinion_sheet_format_reminder (f.store, ACCOUNT, MEETING, hour_before, &urgent, NULL);
  g_assert_null (text);
  g_assert_false (urgent);
  g_assert_cmpstr (line (&f, "answer"), ==, "You answered on another terminal; it was recorded");
  fixture_tear_down (&f);
}

/* On a real terminal: a round with an hour to go brings the urgent reminder to the
 * meeting page; answering takes it away. */

static PlenumTestServer *demo_server;
static SoupSession *session;

static const char *
demo_url (void)
{
  if (demo_server == NULL)
    demo_server = plenum_test_server_start (NULL, (const char * const[]) { "--demo", NULL });
  return plenum_test_server_get_url (demo_server);
}

static gboolean
sign_in_settled (gpointer user_data)
{
  PlenumWindow *window = user_data;
  PlenumSignInPage *page = PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (window));

  return !plenum_sign_in_page_get_busy (page) &&
         g_strcmp0 (plenum_window_get_page_name (window), "sign-in") != 0;
}

typedef struct {
  PlenumTestTerminal *terminal;
  char               *meeting_id;
  char               *document_id;
} Seeded;

static gboolean
terminal_has_round (gpointer user_data)
{
  Seeded *seeded = user_data;
  GListModel *meetings = plenum_sync_engine_get_meetings (seeded->terminal->engine);

  for (guint i = 0; i < g_list_model_get_n_items (meetings); i++)
    {
      g_autoptr(PlenumMeeting) meeting = g_list_model_get_item (meetings, i);
      g_autoptr(GPtrArray) rounds = plenum_store_list_opinion_rounds (seeded->terminal->store,
                                                                      plenum_meeting_get_id (meeting));

      if (rounds->len > 0)
        {
          seeded->meeting_id = g_strdup (plenum_meeting_get_id (meeting));
          seeded->document_id = g_strdup (plenum_stored_round_get_document_id (g_ptr_array_index (rounds, 0)));
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
on_meeting_page (gpointer user_data)
{
  return g_strcmp0 (plenum_window_get_page_name (user_data), "meeting") == 0;
}

typedef struct {
  PlenumMeetingPage *page;
  const char        *text;
} ReminderWait;

static gboolean
reminder_is (gpointer user_data)
{
  ReminderWait *wait = user_data;

  return g_strcmp0 (plenum_meeting_page_get_reminder_text (wait->page), wait->text) == 0;
}

static void
wait_reminder (PlenumMeetingPage *page,
               const char        *text)
{
  ReminderWait wait = { page, text };

  if (!plenum_test_wait_until (NULL, reminder_is, &wait, WAIT_MS))
    g_error ("the reminder says \"%s\", not \"%s\"", plenum_meeting_page_get_reminder_text (page),
             text);
}

typedef struct {
  PlenumOpinionSheet *sheet;
  const char         *round_id;
} FormWait;

static gboolean
form_shown (gpointer user_data)
{
  FormWait *wait = user_data;

  return plenum_opinion_sheet_get_text (wait->sheet, wait->round_id, "title") != NULL;
}

static void
test_reminder_on_meeting_page (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("opinion-reminder");
  g_autofree char *secretary_terminal = plenum_uuid_new ();
  g_autoptr(PlenumTestSecretary) secretary = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) deadline = g_date_time_add_hours (now, 1);
  g_autoptr(GDateTime) local_now = g_date_time_to_local (now);
  g_autoptr(GDateTime) local_deadline = g_date_time_to_local (deadline);
  g_autoptr(cJSON) round = NULL;
  g_autofree char *deadline_text = plenum_time_format (deadline);
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  g_autofree char *operation = plenum_uuid_new ();
  g_autofree char *time_text = g_date_time_format (local_deadline, "%H:%M");
  g_autofree char *expected = NULL;
  g_autofree char *round_id = NULL;
  PlenumTestTerminal *terminal;
  PlenumSignInPage *sign_in_page;
  PlenumMeetingPage *page;
  PlenumOpinionSheet *sheet;
  Seeded seeded = { 0 };
  gboolean urgent = FALSE;

  terminal = plenum_test_terminal_start (dir, demo_url ());
  seeded.terminal = terminal;
  sign_in_page = PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (terminal->window));
  plenum_test_type_sign_in (terminal->window, MEMBER, MEMBER_PIN);
  plenum_test_press (plenum_pin_pad_get_submit_button (plenum_sign_in_page_get_pin_pad (sign_in_page)));
  if (!plenum_test_wait_until (NULL, sign_in_settled, terminal->window, WAIT_MS))
    g_error ("signing in: %s", plenum_sign_in_page_get_error_text (sign_in_page));
  g_assert_true (plenum_test_wait_until (NULL, terminal_has_round, &seeded, WAIT_MS));

  /* The secretariat opens a round with an hour to go. */
  secretary = plenum_test_secretary_new (session, SECRETARY, SECRETARY_PIN, secretary_terminal,
                                         demo_url ());
  url = g_strconcat (demo_url (), "/api/v1/meetings/", seeded.meeting_id, "/opinion-rounds", NULL);
  body = g_strdup_printf ("{\"operation_id\":\"%s\",\"document_id\":\"%s\","
                          "\"title\":\"Góp ý gấp\",\"deadline\":\"%s\"}", operation,
                          seeded.document_id, deadline_text);
  round = plenum_test_http_json (session, "POST", url, secretary->token, body, 201);
  round_id = g_strdup (plenum_test_json_string (round, "id"));

  /* The member opens the meeting: the reminder stands out at the top, in words. */
  g_assert_true (gtk_widget_activate_action (plenum_window_get_meeting_list_page (terminal->window),
                                             "meetings.open", "s", seeded.meeting_id));
  g_assert_true (plenum_test_wait_until (NULL, on_meeting_page, terminal->window, WAIT_MS));
  page = PLENUM_MEETING_PAGE (plenum_window_get_meeting_page (terminal->window));
  if (g_date_time_get_day_of_year (local_now) == g_date_time_get_day_of_year (local_deadline))
    expected = g_strdup_printf ("Your opinion on “Góp ý gấp” is due by %s today", time_text);
  else
    expected = g_strdup_printf ("Your opinion on “Góp ý gấp” is due by %s tomorrow", time_text);
  wait_reminder (page, expected);
  sheet = PLENUM_OPINION_SHEET (plenum_meeting_page_get_opinion_sheet (page));
  g_assert_nonnull (plenum_opinion_sheet_get_reminder (sheet, &urgent));
  g_assert_true (urgent);
  {
    FormWait wait = { sheet, round_id };

    g_assert_true (plenum_test_wait_until (NULL, form_shown, &wait, WAIT_MS));
  }
  /* On screen, where the member looks first. */
  plenum_test_wait_frame (GTK_WIDGET (page));
  g_assert_nonnull (plenum_test_find_label (GTK_WIDGET (page), expected));
  plenum_test_save_screenshot (terminal->window, "opinion-sheet.png");

  /* Answered (queued is enough): the reminder goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sheet), "opinion.choose", "(ss)",
                                             round_id, "agree"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sheet), "opinion.send", "s", round_id));
  wait_reminder (page, "");
  g_assert_null (plenum_opinion_sheet_get_reminder (sheet, NULL));

  plenum_test_terminal_stop (terminal);
  g_free (seeded.meeting_id);
  g_free (seeded.document_id);
}

/* A conflict of interest (issue #7, optional part of the opinions task): declared with
 * the toggle on the meeting page's item view, it goes through the outbox, and the ballot
 * sheet of a vote on that item says the member does not vote on it (no options);
 * withdrawn, the options come back. */

#define VOTE_ID "00000070-0000-4000-8000-000000000070"

static gboolean
conflict_text_is (gpointer user_data)
{
  TextWait *wait = user_data;
  PlenumMeetingPage *page = (PlenumMeetingPage *) wait->f;

  return g_strcmp0 (plenum_meeting_page_get_conflict_text (page), wait->text) == 0;
}

static void
wait_conflict_text (PlenumMeetingPage *page,
                    const char        *text)
{
  TextWait wait = { (Fixture *) page, text };

  if (!plenum_test_wait_until (NULL, conflict_text_is, &wait, WAIT_MS))
    g_error ("the conflict says \"%s\", not \"%s\"", plenum_meeting_page_get_conflict_text (page),
             text);
}

static void
test_conflict_of_interest (void)
{
  g_autofree char *votes = g_strdup_printf ("{\"meeting_id\":\"" MEETING "\",\"votes\":[{\"id\":\"" VOTE_ID "\","
                                            "\"meeting_id\":\"" MEETING "\",\"item_id\":\"" ITEM "\","
                                            "\"title\":\"Thông qua\",\"kind\":\"open\",\"form\":\"motion\","
                                            "\"options\":[\"for\",\"against\",\"abstain\"],\"max_choices\":1,"
                                            "\"majority\":\"present\",\"quorum_required\":false,"
                                            "\"changeable\":false,\"state\":\"open\","
                                            "\"opened_at\":\"2026-12-01T01:00:00Z\",\"closed_at\":null,"
                                            "\"result\":null,\"voted\":0}]}");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumSyncEngine) engine = NULL;
  g_autoptr(PlenumMember) member = NULL;
  g_autoptr(PlenumOutboxOperation) op = NULL;
  PlenumOutboxState state;
  PlenumMeetingPage *page;
  PlenumBallotSheet *ballots;
  GtkToggleButton *toggle;
  gboolean declared = FALSE;
  gpointer weak_engine;
  Fixture f = { 0 };

  fixture_set_up (&f);
  plenum_store_remember_account_async (f.store, "an", "{\"id\":\"" ACCOUNT "\",\"name\":\"an\","
                                       "\"display_name\":\"An\",\"role\":\"member\"}", "1234",
                                       NULL, NULL, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  g_assert_true (plenum_store_remember_account_finish (f.store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  plenum_store_save_votes_async (f.store, MEETING, votes, NULL, plenum_test_got_result_cb,
                                 &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  g_assert_true (plenum_store_save_votes_finish (f.store, result, &error));
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
  g_clear_object (&result);

  page = PLENUM_MEETING_PAGE (plenum_meeting_page_new (engine, MEETING));
  gtk_window_set_child (f.window, GTK_WIDGET (page));
  g_assert_cmpstr (plenum_meeting_page_get_selected_item_id (page), ==, ITEM);
  toggle = plenum_meeting_page_get_conflict_button (page);
  ballots = PLENUM_BALLOT_SHEET (plenum_meeting_page_get_ballot_sheet (page));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (toggle)));
  g_assert_false (gtk_toggle_button_get_active (toggle));
  g_assert_cmpstr (plenum_meeting_page_get_conflict_text (page), ==, "");
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (plenum_ballot_sheet_get_option (ballots, 0))));
  plenum_test_wait_frame (GTK_WIDGET (page));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (toggle)), >=, 48);

  /* Declared, as a tap would. */
  gtk_toggle_button_set_active (toggle, TRUE);
  wait_conflict_text (page, "Declared — will be sent when the terminal is back online");
  g_assert_true (plenum_store_get_conflict (f.store, ACCOUNT, ITEM, &declared, &state, NULL, NULL));
  g_assert_true (declared);
  op = plenum_store_outbox_next (f.store, ACCOUNT);
  g_assert_cmpstr (plenum_outbox_operation_get_kind (op), ==, PLENUM_OUTBOX_KIND_CONFLICT);
  g_assert_cmpstr (plenum_outbox_operation_get_method (op), ==, "PUT");
  /* The ballot sheet of the item's vote: in words, and nothing to press. */
  g_assert_nonnull (plenum_test_find_label (GTK_WIDGET (ballots),
                                            "You declared a conflict of interest: you do not vote on this item."));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (plenum_ballot_sheet_get_option (ballots, 0))));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (plenum_ballot_sheet_get_cast_button (ballots))));
  settle (&f, plenum_outbox_operation_get_operation_id (op), TRUE);
  wait_conflict_text (page, "Declared: you do not vote on this item");
  g_assert_true (gtk_toggle_button_get_active (toggle));

  /* Withdrawn: the options come back. */
  g_assert_true (plenum_test_wait_until (NULL, (PlenumTestCondition) gtk_widget_get_sensitive,
                                         toggle, WAIT_MS));
  gtk_toggle_button_set_active (toggle, FALSE);
  wait_conflict_text (page, "Withdrawn — will be sent when the terminal is back online");
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (plenum_ballot_sheet_get_option (ballots, 0))));

  gtk_window_set_child (f.window, NULL);
  weak_engine = engine;
  g_object_add_weak_pointer (G_OBJECT (engine), &weak_engine);
  g_clear_object (&engine);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &weak_engine,
                                         WAIT_MS));
  fixture_tear_down (&f);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);

  if (!gtk_init_check ())
    {
      if (plenum_test_in_ci ())
        {
          g_printerr ("no display, and CI=true: UI tests must run under Xvfb\n");
          return 1;
        }
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();
  plenum_application_install_style (gdk_display_get_default ());
  session = plenum_test_soup_session_new (NULL);

  g_test_add_func ("/plenum/opinion-sheet/create-destroy", test_create_destroy);
  g_test_add_func ("/plenum/opinion-sheet/answer", test_answer);
  g_test_add_func ("/plenum/opinion-sheet/reminder-times", test_reminder_times);
  g_test_add_func ("/plenum/opinion-sheet/reminder-on-meeting-page", test_reminder_on_meeting_page);
  g_test_add_func ("/plenum/meeting-page/conflict-of-interest", test_conflict_of_interest);

  status = g_test_run ();
  g_clear_pointer (&demo_server, plenum_test_server_free);
  g_clear_object (&session);
  return status;
}
