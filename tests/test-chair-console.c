/* test-chair-console.c — the chair's console (issue #7) in a window under Xvfb, over the
 * chair's own store and sync engine signed in to a real `plenum-server --demo`; the
 * members act over raw HTTP. Each case publishes its own meeting of the demo body (three
 * items, the demo chair) and checks both sides: what the console shows, and what the
 * server says (GET …/position, …/votes, …/speakers).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <libsoup/soup.h>
#include <string.h>

#include "core/plenum-core.h"
#include "gui/plenum-application.h"
#include "gui/plenum-chair-console.h"
#include "gui/plenum-vote-editor.h"
#include "sync/plenum-chair.h"
#include "sync/plenum-sync-engine.h"
#include "plenum-test-gui.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define WAIT_MS          PLENUM_TEST_GUI_WAIT_MS

#define CHAIR            "nguyen.van.an"
#define CHAIR_PIN        "111111"
#define SECRETARY        "ly.thi.hong"
#define SECRETARY_PIN    "999999"
#define MEMBER           "le.minh.tuan"
#define MEMBER_NAME      "Lê Minh Tuấn"

static const char * const item_titles[] = {
  "Khai mạc", "Thông qua Nghị quyết về chuyển đổi số", "Bế mạc",
};

/* Members of the demo body (the chair first) with their PINs. */
static const char * const members[][2] = {
  { "nguyen.van.an", "111111" },
  { "tran.thi.thu.ha", "222222" },
  { "le.minh.tuan", "100003" },
  { "pham.quoc.hung", "100004" },
  { "hoang.thi.lan", "100005" },
  { "vu.duc.thang", "100006" },
  { "dang.thi.mai.phuong", "100007" },
};

static SoupSession *session;

typedef struct {
  PlenumTestSecretary *secretary;
  char                *meeting_id;
  char                *item_ids[G_N_ELEMENTS (item_titles)];

  /* The chair's terminal */
  char                *data_dir;
  PlenumStore         *store;
  PlenumSyncEngine    *engine;
  GtkWindow           *window;
  PlenumChairConsole  *console;
} Fixture;

/* A meeting of the demo body in two days (live for the engine), three items. */
static void
publish_meeting (Fixture *f)
{
  g_autofree char *terminal_id = plenum_uuid_new ();
  g_autofree char *operation_id = plenum_uuid_new ();
  g_autofree char *label = plenum_uuid_new ();
  g_autoptr(GBytes) pdf = plenum_test_make_pdf (label, 0);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) starts_at = g_date_time_add_days (now, 2);
  g_autoptr(PlenumPacketManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) json = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autoptr(cJSON) meeting = NULL;
  g_autofree char *text = NULL;
  g_autofree char *url = NULL;
  const cJSON *agenda;

  f->secretary = plenum_test_secretary_new (session, SECRETARY, SECRETARY_PIN, terminal_id,
                                            plenum_test_demo_url ());
  f->secretary->sha256 = plenum_test_secretary_upload (session, f->secretary, pdf);
  f->meeting_id = plenum_uuid_new ();
  manifest = plenum_packet_manifest_new (operation_id, f->secretary->body_id, "Phiên họp thử",
                                         starts_at, NULL, f->secretary->chair_id,
                                         f->secretary->vice_chair_id);
  for (guint i = 0; i < G_N_ELEMENTS (item_titles); i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      g_assert_true (plenum_packet_manifest_add_item (manifest, number, item_titles[i], FALSE,
                                                      &error));
      g_assert_no_error (error);
    }
  plenum_packet_manifest_add_document (manifest, 1, "Dự thảo Nghị quyết", f->secretary->sha256,
                                       FALSE);
  json = plenum_packet_manifest_to_json (manifest);
  text = plenum_json_print (json);
  url = g_strconcat (plenum_test_demo_url (), "/api/v1/meetings/", f->meeting_id, "/packet", NULL);
  answer = plenum_test_http_json (session, "PUT", url, f->secretary->token, text, 200);

  g_free (url);
  url = g_strconcat (plenum_test_demo_url (), "/api/v1/meetings/", f->meeting_id, NULL);
  meeting = plenum_test_http_json (session, "GET", url, f->secretary->token, NULL, 200);
  agenda = cJSON_GetObjectItemCaseSensitive (meeting, "agenda");
  g_assert_cmpint (cJSON_GetArraySize (agenda), ==, G_N_ELEMENTS (item_titles));
  for (guint i = 0; i < G_N_ELEMENTS (item_titles); i++)
    f->item_ids[i] = g_strdup (plenum_test_json_string (cJSON_GetArrayItem (agenda, (int) i),
                                                        "id"));
}

static void
fixture_set_up (Fixture *f)
{
  publish_meeting (f);

  f->data_dir = plenum_test_mkdtemp ("chair-console");
  f->store = plenum_test_open_store (f->data_dir, WAIT_MS);
  f->engine = plenum_test_engine_new (f->store, plenum_test_demo_url ());
  plenum_test_engine_sign_in_ok (f->engine, CHAIR, CHAIR_PIN, WAIT_MS);
  plenum_test_wait_live_state (f->engine, f->meeting_id, WAIT_MS);
  g_assert_true (plenum_sync_engine_is_chair (f->engine, f->meeting_id));

  f->console = PLENUM_CHAIR_CONSOLE (plenum_chair_console_new (f->engine, f->meeting_id));
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 420, 900);
  gtk_window_set_child (f->window, GTK_WIDGET (f->console));
  gtk_window_present (f->window);
  plenum_test_wait_frame (GTK_WIDGET (f->console));
  /* It fits beside the agenda and the documents on the 1280 px kiosk: 400 px, whatever
   * its hidden pages hold. */
  {
    int minimum = 0;

    gtk_widget_measure (GTK_WIDGET (f->console), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL,
                        NULL, NULL);
    g_assert_cmpint (minimum, <=, 400);
  }
}

static void
fixture_tear_down (Fixture *f)
{
  gpointer console = f->console;

  /* Nothing keeps the console, the engine or the store alive once they are let go. */
  g_object_add_weak_pointer (G_OBJECT (f->console), &console);
  gtk_window_destroy (f->window);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &console, WAIT_MS));
  plenum_test_engine_close (f->engine, f->store, NULL, WAIT_MS);

  plenum_test_secretary_free (f->secretary);
  g_free (f->meeting_id);
  for (guint i = 0; i < G_N_ELEMENTS (item_titles); i++)
    g_free (f->item_ids[i]);
  g_free (f->data_dir);
}

/* ---- waiting on what the console shows ---- */

typedef const char *(*TextGetter) (PlenumChairConsole *console);

static void
wait_text (Fixture    *f,
           TextGetter  getter,
           const char *text,
           gboolean    prefix)
{
  if (!plenum_test_wait_text (f->console, (PlenumTestTextGetter) getter, text, prefix))
    g_error ("the console shows \"%s\", not \"%s\"", getter (f->console), text);
}

/* Presses @button as a tap would, after checking that it can be pressed. */
static void
press (GtkButton *button)
{
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (button)));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (button)));
}

static gboolean
sensitive (gpointer user_data)
{
  return gtk_widget_is_sensitive (user_data);
}

static gboolean
mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data);
}

static gboolean
insensitive (gpointer user_data)
{
  return !gtk_widget_is_sensitive (user_data);
}

/* ---- the server's side ---- */

static cJSON *
server_get (Fixture    *f,
            const char *what)
{
  g_autofree char *url = g_strconcat (plenum_test_demo_url (), "/api/v1/meetings/", f->meeting_id,
                                      "/", what, NULL);

  return plenum_test_http_json (session, "GET", url, f->secretary->token, NULL, 200);
}

/* A member signs in over HTTP; the token (free it), and the account id in *@account_id. */
static char *
member_sign_in (const char  *name,
                const char  *pin,
                char       **account_id)
{
  g_autofree char *terminal_id = plenum_uuid_new ();

  return plenum_test_sign_in (session, plenum_test_demo_url (), name, pin, terminal_id, account_id);
}

static void
member_post (Fixture    *f,
             const char *token,
             const char *what,
             const char *fields)
{
  g_autofree char *url = g_strconcat (plenum_test_demo_url (), "/api/v1/meetings/", f->meeting_id,
                                      "/", what, NULL);
  g_autofree char *operation_id = plenum_uuid_new ();
  g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\"%s%s}", operation_id,
                                           fields != NULL ? "," : "",
                                           fields != NULL ? fields : "");
  g_autoptr(cJSON) answer = plenum_test_http_json (session, "POST", url, token, body, 200);
}

/* The label of item @i as the console words it. */
static char *
item_text (guint i)
{
  return g_strdup_printf ("Item %u: %s", i + 1, item_titles[i]);
}

static void
assert_server_item (Fixture *f,
                    guint    i)
{
  g_autoptr(cJSON) position = server_get (f, "position");

  g_assert_cmpstr (plenum_test_json_string (position, "item_id"), ==, f->item_ids[i]);
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (position, "document_id")));
}

/* ---- the cases ---- */

/* Next, Previous and a jump from the list move the server's position; the console shows
 * the item once the engine has it, like every other terminal. */
static void
test_agenda (void)
{
  g_autofree char *first = item_text (0);
  g_autofree char *second = item_text (1);
  g_autofree char *third = item_text (2);
  GtkButton *previous;
  GtkButton *next;
  GtkListBoxRow *row;
  Fixture f = { 0 };

  fixture_set_up (&f);
  previous = plenum_chair_console_get_previous_button (f.console);
  next = plenum_chair_console_get_next_button (f.console);
  g_assert_cmpstr (plenum_chair_console_get_item_text (f.console), ==, "Not started");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (previous)));
  /* No item yet: no vote to open. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (plenum_chair_console_get_new_vote_button (f.console))));
  g_assert_cmpstr (plenum_chair_console_get_attendance_text (f.console), ==,
                   "0 of 12 members present — quorum is 7: not met");
  /* Big enough for a finger. */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (previous)), >=, 48);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (next)), >=, 48);
  g_assert_nonnull (gtk_list_box_get_row_at_index (plenum_chair_console_get_agenda_list (f.console), 2));
  g_assert_null (gtk_list_box_get_row_at_index (plenum_chair_console_get_agenda_list (f.console), 3));

  press (next);
  /* In flight (a button's activation clicks it a moment later): it cannot be pressed
   * twice. */
  g_assert_true (plenum_test_wait_until (NULL, insensitive, next, WAIT_MS));
  wait_text (&f, plenum_chair_console_get_item_text, first, FALSE);
  assert_server_item (&f, 0);
  g_assert_true (plenum_test_wait_until (NULL, sensitive, next, WAIT_MS));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (previous)));

  press (next);
  wait_text (&f, plenum_chair_console_get_item_text, second, FALSE);
  assert_server_item (&f, 1);
  g_assert_true (plenum_test_wait_until (NULL, sensitive, previous, WAIT_MS));

  press (previous);
  wait_text (&f, plenum_chair_console_get_item_text, first, FALSE);
  assert_server_item (&f, 0);

  /* A tap on the last item of the list. */
  row = gtk_list_box_get_row_at_index (plenum_chair_console_get_agenda_list (f.console), 2);
  g_assert_true (plenum_test_wait_until (NULL, sensitive, row, WAIT_MS));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  wait_text (&f, plenum_chair_console_get_item_text, third, FALSE);
  assert_server_item (&f, 2);
  /* The last item: nothing after it. */
  g_assert_true (plenum_test_wait_until (NULL, sensitive, previous, WAIT_MS));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (next)));
  g_assert_cmpstr (plenum_chair_console_get_message_text (f.console), ==, "");
  fixture_tear_down (&f);
}

static gboolean
editing (gpointer user_data)
{
  return plenum_chair_console_get_editing (user_data);
}

static gboolean
has_open_vote (gpointer user_data)
{
  return plenum_chair_console_get_open_vote_id (user_data) != NULL;
}

static gboolean
no_open_vote (gpointer user_data)
{
  return plenum_chair_console_get_open_vote_id (user_data) == NULL;
}

/* The votes the server has; asserts there are @n and returns the last. */
static cJSON *
server_last_vote (Fixture *f,
                  int      n,
                  cJSON  **votes_out)
{
  cJSON *votes = server_get (f, "votes");
  const cJSON *array = cJSON_GetObjectItemCaseSensitive (votes, "votes");

  g_assert_cmpint (cJSON_GetArraySize (array), ==, n);
  *votes_out = votes;
  return n > 0 ? cJSON_GetArrayItem (array, n - 1) : NULL;
}

/* Quorum from check-ins; a secret vote opened through the editor, a member's ballot
 * counted live, the close confirmed and its result in words; then an open vote that
 * names who voted, annulled. */
static void
test_votes (void)
{
  g_autofree char *first = item_text (0);
  g_autofree char *second = item_text (1);
  g_autofree char *member_token = NULL;
  g_autofree char *member_id = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *ballot = NULL;
  g_autofree char *vote_path = NULL;
  g_autofree char *vote_id = NULL;
  g_autoptr(cJSON) votes = NULL;
  PlenumVoteEditor *editor;
  const cJSON *vote;
  const char *result;
  Fixture f = { 0 };

  fixture_set_up (&f);

  /* Seven of the twelve check in: the quorum is met. */
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autofree char *account_id = NULL;
      g_autofree char *token = member_sign_in (members[i][0], members[i][1], &account_id);

      member_post (&f, token, "attendance", "\"present\":true");
      if (g_str_equal (members[i][0], MEMBER))
        {
          member_token = g_steal_pointer (&token);
          member_id = g_steal_pointer (&account_id);
        }
    }
  wait_text (&f, plenum_chair_console_get_attendance_text,
             "7 of 12 members present — quorum is 7: met", FALSE);

  press (plenum_chair_console_get_next_button (f.console));
  wait_text (&f, plenum_chair_console_get_item_text, first, FALSE);
  g_assert_true (plenum_test_wait_until (NULL, sensitive,
                                         plenum_chair_console_get_next_button (f.console), WAIT_MS));
  press (plenum_chair_console_get_next_button (f.console));
  wait_text (&f, plenum_chair_console_get_item_text, second, FALSE);

  /* The editor, prefilled with the item's title. */
  g_assert_true (plenum_test_wait_until (NULL, sensitive,
                                         plenum_chair_console_get_new_vote_button (f.console),
                                         WAIT_MS));
  press (plenum_chair_console_get_new_vote_button (f.console));
  g_assert_true (plenum_test_wait_until (NULL, editing, f.console, WAIT_MS));
  editor = PLENUM_VOTE_EDITOR (plenum_chair_console_get_vote_editor (f.console));
  g_assert_cmpstr (gtk_editable_get_text (plenum_vote_editor_get_title_entry (editor)), ==,
                   item_titles[1]);
  g_assert_true (gtk_check_button_get_active (plenum_vote_editor_get_quorum_button (editor)));
  gtk_check_button_set_active (plenum_vote_editor_get_secret_button (editor), TRUE);
  plenum_test_wait_frame (GTK_WIDGET (f.console));
  press (plenum_vote_editor_get_open_button (editor));
  g_assert_true (plenum_test_wait_until (NULL, has_open_vote, f.console, WAIT_MS));
  g_assert_false (plenum_chair_console_get_editing (f.console));

  /* The server has it open, secret, on the item. */
  vote = server_last_vote (&f, 1, &votes);
  vote_id = g_strdup (plenum_test_json_string (vote, "id"));
  g_assert_cmpstr (vote_id, ==, plenum_chair_console_get_open_vote_id (f.console));
  g_assert_cmpstr (plenum_test_json_string (vote, "state"), ==, "open");
  g_assert_cmpstr (plenum_test_json_string (vote, "kind"), ==, "secret");
  g_assert_cmpstr (plenum_test_json_string (vote, "form"), ==, "motion");
  g_assert_cmpstr (plenum_test_json_string (vote, "item_id"), ==, f.item_ids[1]);
  g_assert_cmpstr (plenum_test_json_string (vote, "title"), ==, item_titles[1]);
  g_clear_pointer (&votes, cJSON_Delete);
  wait_text (&f, plenum_chair_console_get_vote_progress_text, "0 of 12 members have voted", FALSE);
  /* A secret vote names nobody. */
  g_assert_null (strstr (plenum_chair_console_get_voters_text (f.console), MEMBER_NAME));
  plenum_test_save_widget_screenshot (GTK_WIDGET (f.window), "chair-console.png");

  /* A member votes for: the count moves. */
  receipt = g_strnfill (64, 'a');
  vote_path = g_strconcat ("votes/", vote_id, "/ballots", NULL);
  ballot = g_strdup_printf ("\"choices\":[0],\"receipt\":\"%s\"", receipt);
  member_post (&f, member_token, vote_path, ballot);
  wait_text (&f, plenum_chair_console_get_vote_progress_text, "1 of 12 members have voted", FALSE);
  g_assert_null (strstr (plenum_chair_console_get_voters_text (f.console), MEMBER_NAME));

  /* Close: asked first, then done. */
  press (plenum_chair_console_get_close_vote_button (f.console));
  g_assert_true (plenum_test_wait_until (NULL, mapped,
                                         plenum_chair_console_get_confirm_button (f.console),
                                         WAIT_MS));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (plenum_chair_console_get_close_vote_button (f.console))));
  press (plenum_chair_console_get_confirm_button (f.console));
  g_assert_true (plenum_test_wait_until (NULL, no_open_vote, f.console, WAIT_MS));
  vote = server_last_vote (&f, 1, &votes);
  g_assert_cmpstr (plenum_test_json_string (vote, "state"), ==, "closed");
  g_clear_pointer (&votes, cJSON_Delete);
  /* One for of seven present (the voter was checked in): not passed. */
  result = plenum_chair_console_get_result_text (f.console);
  g_assert_cmpstr (result, ==, "Thông qua Nghị quyết về chuyển đổi số: closed.\n"
                               "For: 1, Against: 0, Abstain: 0.\n"
                               "Not passed. Needed: 4 (more than half of 7 members present).");

  /* An open vote names who voted; annulled, it says so. */
  plenum_test_wait_frame (GTK_WIDGET (f.console));
  press (plenum_chair_console_get_new_vote_button (f.console));
  g_assert_true (plenum_test_wait_until (NULL, editing, f.console, WAIT_MS));
  gtk_editable_set_text (plenum_vote_editor_get_title_entry (editor), "Biểu quyết lại");
  gtk_check_button_set_active (plenum_vote_editor_get_quorum_button (editor), FALSE);
  plenum_test_wait_frame (GTK_WIDGET (f.console));
  press (plenum_vote_editor_get_open_button (editor));
  g_assert_true (plenum_test_wait_until (NULL, has_open_vote, f.console, WAIT_MS));
  g_free (vote_id);
  vote_id = g_strdup (plenum_chair_console_get_open_vote_id (f.console));
  g_free (vote_path);
  vote_path = g_strconcat ("votes/", vote_id, "/ballots", NULL);
  member_post (&f, member_token, vote_path, "\"choices\":[1]");
  wait_text (&f, plenum_chair_console_get_vote_progress_text, "1 of 12 members have voted", FALSE);
  g_assert_cmpstr (plenum_chair_console_get_voters_text (f.console), ==,
                   "Voted: " MEMBER_NAME ".\n11 members have not voted yet.");

  plenum_test_wait_frame (GTK_WIDGET (f.console));
  press (plenum_chair_console_get_annul_vote_button (f.console));
  g_assert_true (plenum_test_wait_until (NULL, mapped,
                                         plenum_chair_console_get_confirm_button (f.console),
                                         WAIT_MS));
  press (plenum_chair_console_get_confirm_button (f.console));
  g_assert_true (plenum_test_wait_until (NULL, no_open_vote, f.console, WAIT_MS));
  vote = server_last_vote (&f, 2, &votes);
  g_assert_cmpstr (plenum_test_json_string (vote, "state"), ==, "annulled");
  g_assert_cmpstr (plenum_test_json_string (vote, "kind"), ==, "open");
  g_clear_pointer (&votes, cJSON_Delete);
  g_assert_true (g_str_has_prefix (plenum_chair_console_get_result_text (f.console),
                                   "Biểu quyết lại: annulled."));
  g_assert_cmpstr (plenum_chair_console_get_message_text (f.console), ==, "");
  fixture_tear_down (&f);
}

/* A quorum-required vote without a quorum: refused in a sentence; the form stays. */
static void
test_no_quorum (void)
{
  g_autofree char *first = item_text (0);
  g_autoptr(cJSON) votes = NULL;
  PlenumVoteEditor *editor;
  Fixture f = { 0 };

  fixture_set_up (&f);
  press (plenum_chair_console_get_next_button (f.console));
  wait_text (&f, plenum_chair_console_get_item_text, first, FALSE);
  g_assert_true (plenum_test_wait_until (NULL, sensitive,
                                         plenum_chair_console_get_new_vote_button (f.console),
                                         WAIT_MS));
  press (plenum_chair_console_get_new_vote_button (f.console));
  g_assert_true (plenum_test_wait_until (NULL, editing, f.console, WAIT_MS));
  editor = PLENUM_VOTE_EDITOR (plenum_chair_console_get_vote_editor (f.console));
  g_assert_true (gtk_check_button_get_active (plenum_vote_editor_get_quorum_button (editor)));
  plenum_test_wait_frame (GTK_WIDGET (f.console));
  press (plenum_vote_editor_get_open_button (editor));
  wait_text (&f, plenum_chair_console_get_message_text,
             "There is no quorum: the vote was not opened.", FALSE);
  g_assert_true (plenum_chair_console_get_editing (f.console));
  g_assert_null (plenum_chair_console_get_open_vote_id (f.console));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (plenum_vote_editor_get_open_button (editor))));
  g_assert_null (server_last_vote (&f, 0, &votes));
  fixture_tear_down (&f);
}

static gboolean
queue_has_member (gpointer user_data)
{
  g_auto(GStrv) names = plenum_chair_console_dup_queue_names (user_data);

  return g_strv_length (names) == 1 && g_str_equal (names[0], MEMBER_NAME);
}

/* A member asks to speak; the queue shows them; "Give the floor" gives it. */
static void
test_speakers (void)
{
  g_autofree char *token = NULL;
  g_autofree char *account_id = NULL;
  g_autoptr(cJSON) speakers = NULL;
  g_autoptr(cJSON) after = NULL;
  const cJSON *floor;
  Fixture f = { 0 };

  fixture_set_up (&f);
  g_assert_cmpstr (plenum_chair_console_get_floor_text (f.console), ==, "Nobody has the floor");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (plenum_chair_console_get_next_speaker_button (f.console))));

  token = member_sign_in (MEMBER, "100003", &account_id);
  member_post (&f, token, "speakers", NULL);
  g_assert_true (plenum_test_wait_until (NULL, queue_has_member, f.console, WAIT_MS));
  plenum_test_wait_frame (GTK_WIDGET (f.console));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (plenum_chair_console_get_give_floor_button (f.console, 0))),
                   >=, 48);

  press (plenum_chair_console_get_give_floor_button (f.console, 0));
  wait_text (&f, plenum_chair_console_get_floor_text, MEMBER_NAME " has the floor since ", TRUE);
  speakers = server_get (&f, "speakers");
  floor = cJSON_GetObjectItemCaseSensitive (speakers, "floor");
  g_assert_true (cJSON_IsObject (floor));
  g_assert_cmpstr (plenum_test_json_string (floor, "account_id"), ==, account_id);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (speakers, "queue")), ==, 0);
  g_assert_null (plenum_chair_console_get_give_floor_button (f.console, 0));

  /* Done speaking: nobody has the floor. */
  g_assert_true (plenum_test_wait_until (NULL, sensitive,
                                         plenum_chair_console_get_next_speaker_button (f.console),
                                         WAIT_MS));
  press (plenum_chair_console_get_next_speaker_button (f.console));
  wait_text (&f, plenum_chair_console_get_floor_text, "Nobody has the floor", FALSE);
  after = server_get (&f, "speakers");
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (after, "floor")));
  fixture_tear_down (&f);
}

/* The sentences of refusals, and the editor's own checks. */
static void
test_words (void)
{
  g_autoptr(GError) offline = g_error_new_literal (PLENUM_CHAIR_ERROR, PLENUM_CHAIR_ERROR_OFFLINE,
                                                   "Could not connect");
  g_autoptr(GError) no_quorum = g_error_new_literal (PLENUM_CHAIR_ERROR,
                                                     PLENUM_CHAIR_ERROR_NO_QUORUM, "no_quorum");
  g_autofree char *offline_text = plenum_chair_console_format_error (offline);
  g_autofree char *no_quorum_text = plenum_chair_console_format_error (no_quorum);
  PlenumVoteEditor *editor = PLENUM_VOTE_EDITOR (g_object_ref_sink (plenum_vote_editor_new ()));
  PlenumVoteSpec spec;

  g_assert_cmpstr (offline_text, ==, "The server cannot be reached. Nothing was changed.");
  g_assert_cmpstr (no_quorum_text, ==, "There is no quorum: the vote was not opened.");

  plenum_vote_editor_reset (editor, "item", "  Bầu ủy viên  ");
  g_assert_true (plenum_vote_editor_is_valid (editor));
  gtk_check_button_set_active (plenum_vote_editor_get_candidates_button (editor), TRUE);
  /* A list without names is no vote. */
  g_assert_false (plenum_vote_editor_is_valid (editor));
  gtk_editable_set_text (plenum_vote_editor_get_candidate_entry (editor, 0), "Nguyễn Văn A");
  gtk_editable_set_text (plenum_vote_editor_get_candidate_entry (editor, 1), "Nguyễn Văn A");
  g_assert_false (plenum_vote_editor_is_valid (editor));
  gtk_editable_set_text (plenum_vote_editor_get_candidate_entry (editor, 1), "Trần Thị B");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-candidate", NULL));
  gtk_editable_set_text (plenum_vote_editor_get_candidate_entry (editor, 2), "Lê Văn C");
  gtk_spin_button_set_value (plenum_vote_editor_get_max_choices (editor), 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.remove-candidate", "u",
                                             0));
  g_assert_cmpuint (plenum_vote_editor_get_n_candidates (editor), ==, 2);
  g_assert_true (plenum_vote_editor_is_valid (editor));
  plenum_vote_editor_get_spec (editor, &spec);
  g_assert_cmpstr (spec.item_id, ==, "item");
  g_assert_cmpstr (spec.title, ==, "Bầu ủy viên");
  g_assert_nonnull (spec.candidates);
  g_assert_cmpstr (spec.candidates[0], ==, "Trần Thị B");
  g_assert_cmpstr (spec.candidates[1], ==, "Lê Văn C");
  g_assert_null (spec.candidates[2]);
  g_assert_cmpuint (spec.max_choices, ==, 2);
  g_assert_false (spec.secret);
  g_assert_true (spec.quorum_required);
  /* Only one name left: at most one choice. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.remove-candidate", "u",
                                             1));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (plenum_vote_editor_get_max_choices (editor)),
                   ==, 1);
  g_assert_finalize_object (editor);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);
  if (!plenum_test_gui_init (FALSE, &status))
    return status;
  session = plenum_test_session ();

  g_test_add_func ("/plenum/chair-console/words", test_words);
  g_test_add_func ("/plenum/chair-console/agenda", test_agenda);
  g_test_add_func ("/plenum/chair-console/votes", test_votes);
  g_test_add_func ("/plenum/chair-console/no-quorum", test_no_quorum);
  g_test_add_func ("/plenum/chair-console/speakers", test_speakers);

  return plenum_test_sync_run ();
}
