/* test-kiosk.c — the kiosk (issue #9) under Xvfb, against the demo server: a full-screen
 * window without window controls that refuses to close; the administrator PIN (wrong,
 * then right) that offers Quit; the idle timeout that signs the member out and leaves
 * nothing of their pages; screen blanking inhibited while their meeting is in progress;
 * the seat's name and the appearance switches on the sign-in page; and a kiosk with a
 * broken terminal configuration, run through the application, showing the line to mend.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <crypt.h>
#include <string.h>

#include "core/plenum-core.h"
#include "gui/plenum-application.h"
#include "gui/plenum-document-page.h"
#include "gui/plenum-document-row.h"
#include "gui/plenum-meeting-list-page.h"
#include "gui/plenum-meeting-page.h"
#include "gui/plenum-osk.h"
#include "gui/plenum-pin-pad.h"
#include "gui/plenum-sign-in-page.h"
#include "gui/plenum-window.h"
#include "plenum-test-gui.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define WAIT_MS PLENUM_TEST_GUI_WAIT_MS

/* The demo's members (server/plenum-demo.c). */
#define MEMBER_NAME   "nguyen.van.an"
#define MEMBER_PIN    "111111"
#define SECRETARY     "ly.thi.hong"
#define SECRETARY_PIN "999999"
#define ADMIN_PIN     "2468"


/* Presses a key of the on-screen keyboard once it shows (its revealer slides). */
static gboolean
key_shows (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data) && gtk_widget_get_width (user_data) > 0;
}

static void
press_key (GtkWidget *key)
{
  g_assert_nonnull (key);
  g_assert_true (plenum_test_wait_until (NULL, key_shows, key, 10000));
  plenum_test_press (key);
}

static char *
yescrypt (const char *pin)
{
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  g_autofree struct crypt_data *data = g_new0 (struct crypt_data, 1);

  g_assert_nonnull (crypt_gensalt_rn ("$y$", 0, NULL, 0, setting, sizeof setting));
  return g_strdup (crypt_rn (pin, setting, data, sizeof *data));
}

static PlenumTestTerminal *
start_terminal (void)
{
  g_autofree char *data_dir = plenum_test_mkdtemp ("terminal");

  return plenum_test_terminal_start (data_dir, plenum_test_demo_url ());
}

/* Every GtkWindowControls under @widget is empty: no close, minimize or maximize. */
static guint
count_window_buttons (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_WINDOW_CONTROLS (widget) && gtk_widget_get_visible (widget) &&
      !gtk_window_controls_get_empty (GTK_WINDOW_CONTROLS (widget)))
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_window_buttons (child);
  return n;
}

static void
test_window (void)
{
  PlenumTestTerminal *terminal = start_terminal ();
  PlenumWindow *window = terminal->window;
  PlenumSignInPage *page = PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (window));
  g_autoptr(GSettings) settings = g_settings_new (PLENUM_APP_ID);

  g_assert_true (plenum_window_get_kiosk (window));
  g_assert_false (gtk_window_get_decorated (GTK_WINDOW (window)));
  /* Xvfb has no window manager to confirm the state: the window asked for it, and has
   * the whole screen. */
  g_assert_true (gtk_window_is_fullscreen (GTK_WINDOW (window)) ||
                 gtk_widget_has_css_class (GTK_WIDGET (window), "plenum-kiosk"));
  plenum_test_wait_frame (GTK_WIDGET (window));
  g_assert_cmpuint (count_window_buttons (GTK_WIDGET (window)), ==, 0);

  /* Closing is refused. */
  gtk_window_close (GTK_WINDOW (window));
  plenum_test_wait_frame (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (plenum_window_get_page_name (window), ==, "sign-in");

  /* The seat's name, and the administrator's button. */
  g_assert_null (plenum_test_find_label (GTK_WIDGET (window), "Ghế 05"));
  plenum_window_set_terminal_name (window, "Ghế 05");
  plenum_test_wait_frame (GTK_WIDGET (window));
  g_assert_nonnull (plenum_test_find_label (GTK_WIDGET (window), "Ghế 05"));
  g_assert_true (gtk_widget_get_mapped (plenum_sign_in_page_get_admin_button (page)));
  g_assert_cmpint (gtk_widget_get_height (plenum_sign_in_page_get_admin_button (page)), >=, 48);

  /* The appearance switches and the language chooser follow the settings both ways. */
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (plenum_sign_in_page_get_language_row (page))));
  plenum_window_set_settings (window, settings);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (plenum_sign_in_page_get_language_row (page))));
  g_assert_false (gtk_switch_get_active (plenum_sign_in_page_get_large_text_switch (page)));
  gtk_switch_set_active (plenum_sign_in_page_get_large_text_switch (page), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "large-text"));
  g_settings_set_boolean (settings, "high-contrast", TRUE);
  g_assert_true (gtk_switch_get_active (plenum_sign_in_page_get_high_contrast_switch (page)));
  adw_combo_row_set_selected (plenum_sign_in_page_get_language_row (page), 1);
  {
    g_autofree char *language = g_settings_get_string (settings, "language");

    g_assert_cmpstr (language, ==, "vi");
  }
  g_settings_set_string (settings, "language", "en");
  g_assert_cmpuint (adw_combo_row_get_selected (plenum_sign_in_page_get_language_row (page)), ==, 3);
  g_settings_reset (settings, "language");
  g_settings_reset (settings, "large-text");
  g_settings_reset (settings, "high-contrast");

  /* The sign-in name by touch alone: the on-screen keyboard under the name. */
  {
    PlenumOsk *keyboard = PLENUM_OSK (plenum_sign_in_page_get_keyboard (page));
    GtkEditable *name = plenum_sign_in_page_get_name_entry (page);
    static const char * const keys[] = { "l", "e", ".", "m", "i", "n", "h" };

    g_assert_nonnull (keyboard);
    gtk_editable_set_text (name, "");
    plenum_osk_set_revealed (keyboard, TRUE);
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
      {
        GtkWidget *key = plenum_osk_get_key (keyboard, keys[i]);

        if (key == NULL)
          {
            /* "." is on the punctuation page. */
            press_key (plenum_osk_get_key (keyboard, "symbols"));
            key = plenum_osk_get_key (keyboard, keys[i]);
            g_assert_nonnull (key);
            press_key (key);
            press_key (plenum_osk_get_key (keyboard, "letters"));
            continue;
          }
        press_key (key);
      }
    g_assert_cmpstr (gtk_editable_get_text (name), ==, "le.minh");
  }

  plenum_test_terminal_stop (terminal);
}

static void
quit_requested_cb (PlenumWindow *window,
                   gboolean     *flag)
{
  *flag = TRUE;
}

static const char *
admin_error_text (gpointer window)
{
  return plenum_window_get_admin_error_text (window);
}

static gboolean
quit_offered (gpointer user_data)
{
  GtkWidget *button = plenum_window_get_admin_quit_button (user_data);

  return button != NULL && gtk_widget_get_mapped (button);
}

static void
type_pin (PlenumPinPad *pad,
          const char   *pin)
{
  for (const char *p = pin; *p != '\0'; p++)
    plenum_test_press (plenum_pin_pad_get_digit_button (pad, (guint) (*p - '0')));
}

static void
test_admin (void)
{
  PlenumTestTerminal *terminal = start_terminal ();
  PlenumWindow *window = terminal->window;
  PlenumSignInPage *page = PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (window));
  g_autofree char *hash = yescrypt (ADMIN_PIN);
  gboolean quit = FALSE;
  PlenumPinPad *pad;

  plenum_window_set_admin_pin_hash (window, hash);
  g_signal_connect (window, "quit-requested", G_CALLBACK (quit_requested_cb), &quit);

  /* A member's half-typed name does not stay behind the administrator's page. */
  gtk_editable_set_text (plenum_sign_in_page_get_name_entry (page), "nguyen");
  plenum_test_press (plenum_sign_in_page_get_admin_button (page));
  plenum_test_wait_window_page (window, "admin");
  g_assert_cmpstr (gtk_editable_get_text (plenum_sign_in_page_get_name_entry (page)), ==, "");
  pad = PLENUM_PIN_PAD (plenum_window_get_admin_pin_pad (window));
  g_assert_nonnull (pad);
  g_assert_false (gtk_widget_get_visible (plenum_window_get_admin_quit_button (window)));

  /* Wrong: said, no Quit. */
  type_pin (pad, "1357");
  plenum_test_press (plenum_pin_pad_get_submit_button (pad));
  if (!plenum_test_wait_text (window, admin_error_text, "That is not the administrator PIN.", FALSE))
    g_error ("after a wrong PIN: “%s”", admin_error_text (window));
  g_assert_false (gtk_widget_get_visible (plenum_window_get_admin_quit_button (window)));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "window.admin-quit", NULL) && quit);
  g_assert_false (quit);
  g_assert_cmpuint (plenum_pin_pad_get_length (pad), ==, 0);

  /* Right: Quit is offered, and asks the application to quit. */
  type_pin (pad, ADMIN_PIN);
  plenum_test_press (plenum_pin_pad_get_submit_button (pad));
  g_assert_true (plenum_test_wait_until (NULL, quit_offered, window, WAIT_MS));
  g_assert_null (plenum_window_get_admin_error_text (window));
  plenum_test_press (plenum_window_get_admin_quit_button (window));
  g_assert_true (quit);

  /* Back on the sign-in page the next time, the PIN asked again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "window.admin-cancel", NULL);
  plenum_test_wait_window_page (window, "sign-in");
  plenum_test_press (plenum_sign_in_page_get_admin_button (page));
  plenum_test_wait_window_page (window, "admin");
  g_assert_false (gtk_widget_get_visible (plenum_window_get_admin_quit_button (window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (pad)));

  plenum_test_terminal_stop (terminal);
}

typedef struct
{
  PlenumSyncEngine *engine;
  const char       *sha256;
} DocumentWait;

static gboolean
document_verified (gpointer user_data)
{
  DocumentWait *wait = user_data;

  return plenum_sync_engine_get_document_state (wait->engine, wait->sha256, NULL, NULL) ==
         PLENUM_DOCUMENT_STATE_VERIFIED;
}

/* Signs the member in on @window and opens the first document of the demo meeting that
 * is on the terminal; returns its page. */
static GtkWidget *
open_a_document (PlenumTestTerminal *terminal)
{
  PlenumWindow *window = terminal->window;
  PlenumSignInPage *page = PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (window));
  PlenumMeetingListPage *list_page = PLENUM_MEETING_LIST_PAGE (plenum_window_get_meeting_list_page (window));
  GListModel *meetings = plenum_sync_engine_get_meetings (terminal->engine);
  PlenumMeetingPage *meeting_page;
  g_autoptr(PlenumDocument) chosen = NULL;
  g_autofree char *item_id = NULL;
  DocumentWait wait;
  GListModel *agenda;
  GtkListBoxRow *row;
  gint64 deadline;

  plenum_test_type_sign_in (window, MEMBER_NAME, MEMBER_PIN);
  plenum_test_press (plenum_pin_pad_get_submit_button (plenum_sign_in_page_get_pin_pad (page)));
  plenum_test_wait_window_page (window, "meetings");

  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (g_list_model_get_n_items (meetings) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  row = gtk_list_box_get_row_at_index (plenum_meeting_list_page_get_list (list_page), 0);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  plenum_test_wait_window_page (window, "meeting");
  meeting_page = PLENUM_MEETING_PAGE (plenum_window_get_meeting_page (window));

  /* The first document of an open-session item, once it is verified on this terminal. */
  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while ((plenum_meeting_page_get_meeting (meeting_page) == NULL ||
          !plenum_meeting_has_agenda (plenum_meeting_page_get_meeting (meeting_page))) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  agenda = plenum_meeting_get_agenda (plenum_meeting_page_get_meeting (meeting_page));
  g_assert_nonnull (agenda);
  for (guint i = 0; chosen == NULL && i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      GListModel *documents = plenum_agenda_item_get_documents (item);

      if (g_list_model_get_n_items (documents) > 0 && !plenum_agenda_item_get_closed_session (item))
        {
          chosen = g_list_model_get_item (documents, 0);
          item_id = g_strdup (plenum_agenda_item_get_id (item));
        }
    }
  g_assert_nonnull (chosen);
  wait.engine = terminal->engine;
  wait.sha256 = plenum_document_get_sha256 (chosen);
  g_assert_true (plenum_test_wait_until (NULL, document_verified, &wait, WAIT_MS));

  gtk_widget_activate_action (GTK_WIDGET (meeting_page), "meeting.select-item", "s", item_id);
  row = NULL;
  for (int i = 0; row == NULL; i++)
    {
      GtkListBoxRow *candidate = gtk_list_box_get_row_at_index (plenum_meeting_page_get_document_list (meeting_page), i);

      g_assert_nonnull (candidate);
      if (g_strcmp0 (plenum_document_get_id (plenum_document_row_get_document (PLENUM_DOCUMENT_ROW (candidate))),
                     plenum_document_get_id (chosen)) == 0)
        row = candidate;
    }
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  plenum_test_wait_window_page (window, "document");
  return plenum_window_get_document_page (window);
}

static void
test_idle (void)
{
  PlenumTestTerminal *terminal = start_terminal ();
  PlenumWindow *window = terminal->window;
  PlenumSignInPage *page = PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (window));
  gpointer document_page = open_a_document (terminal);

  g_assert_true (PLENUM_IS_DOCUMENT_PAGE (document_page));
  g_object_add_weak_pointer (G_OBJECT (document_page), &document_page);
  g_assert_nonnull (plenum_sync_engine_get_account (terminal->engine));

  /* Left alone: back to the sign-in page, signed out, their pages gone for good. */
  plenum_window_set_idle_timeout (window, 400);
  g_assert_cmpuint (plenum_window_get_idle_timeout (window), ==, 400);
  plenum_test_wait_window_page (window, "sign-in");
  g_assert_null (plenum_sync_engine_get_account (terminal->engine));
  g_assert_null (plenum_window_get_document_page (window));
  g_assert_null (plenum_window_get_meeting_page (window));
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &document_page, WAIT_MS));
  g_assert_cmpstr (gtk_editable_get_text (plenum_sign_in_page_get_name_entry (page)), ==, "");
  g_assert_cmpuint (plenum_pin_pad_get_length (plenum_sign_in_page_get_pin_pad (page)), ==, 0);

  /* Name typed and left: forgotten too. */
  gtk_editable_set_text (plenum_sign_in_page_get_name_entry (page), "nguyen");
  {
    gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

    while (gtk_editable_get_text (plenum_sign_in_page_get_name_entry (page))[0] != '\0' &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpstr (gtk_editable_get_text (plenum_sign_in_page_get_name_entry (page)), ==, "");

  plenum_window_set_idle_timeout (window, 0);
  plenum_test_terminal_stop (terminal);
}

static void
set_status (PlenumTestSecretary *secretary,
            const char          *meeting_id,
            const char          *status)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/meetings/%s/status", secretary->url, meeting_id);
  g_autofree char *body = g_strdup_printf ("{\"status\":\"%s\"}", status);
  g_autoptr(cJSON) answer = plenum_test_http_json_or_null (plenum_test_session (), "PUT", url,
                                                           secretary->token, body, 204);
}

static gboolean
inhibited (gpointer app)
{
  return plenum_application_get_idle_inhibited (app);
}

static gboolean
not_inhibited (gpointer app)
{
  return !plenum_application_get_idle_inhibited (app);
}

static void
test_inhibit (void)
{
  g_autoptr(PlenumApplication) app = plenum_application_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *terminal_id = plenum_uuid_new ();
  PlenumTestSecretary *secretary;
  PlenumTestTerminal *terminal;
  g_autoptr(PlenumMeeting) meeting = NULL;
  GListModel *meetings;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  terminal = start_terminal ();
  gtk_window_set_application (GTK_WINDOW (terminal->window), GTK_APPLICATION (app));
  secretary = plenum_test_secretary_new (plenum_test_session (), SECRETARY, SECRETARY_PIN,
                                         terminal_id, plenum_test_demo_url ());

  /* Nobody signed in: nothing inhibited. */
  g_assert_false (plenum_application_get_idle_inhibited (app));
  open_a_document (terminal);
  meetings = plenum_sync_engine_get_meetings (terminal->engine);
  meeting = g_list_model_get_item (meetings, 0);
  g_assert_false (plenum_application_get_idle_inhibited (app));

  /* The meeting starts: inhibited; it is set back: released. */
  set_status (secretary, plenum_meeting_get_id (meeting), "in_progress");
  g_assert_true (plenum_test_wait_until (NULL, inhibited, app, WAIT_MS));
  g_assert_true (plenum_window_get_idle_inhibited (terminal->window));
  set_status (secretary, plenum_meeting_get_id (meeting), "scheduled");
  g_assert_true (plenum_test_wait_until (NULL, not_inhibited, app, WAIT_MS));

  /* In progress again, then the member signs out: released. */
  set_status (secretary, plenum_meeting_get_id (meeting), "in_progress");
  g_assert_true (plenum_test_wait_until (NULL, inhibited, app, WAIT_MS));
  gtk_widget_activate_action (GTK_WIDGET (terminal->window), "window.sign-out", NULL);
  g_assert_true (plenum_test_wait_until (NULL, not_inhibited, app, WAIT_MS));
  set_status (secretary, plenum_meeting_get_id (meeting), "scheduled");

  plenum_test_secretary_free (secretary);
  plenum_test_terminal_stop (terminal);
}

/* The application with a broken configuration: a kiosk shows the line and nothing
 * else. */

typedef struct
{
  PlenumApplication *app;
  const char        *prefix;
  gboolean           checked;
} BrokenRun;

static gboolean
check_broken_cb (gpointer user_data)
{
  BrokenRun *run = user_data;
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (run->app));
  PlenumWindow *window;
  const char *text;

  g_assert_true (PLENUM_IS_WINDOW (active));
  window = PLENUM_WINDOW (active);
  g_assert_true (plenum_window_get_kiosk (window));
  g_assert_cmpstr (plenum_window_get_page_name (window), ==, "failed");
  text = plenum_window_get_failure_text (window);
  if (text == NULL || !g_str_has_prefix (text, run->prefix))
    g_error ("the page says “%s”, not “%s…”", text, run->prefix);
  g_assert_cmpstr (plenum_application_get_kiosk_refusal (run->app), ==, text);
  /* No way in: no store was opened, no engine made. */
  g_assert_null (plenum_application_get_sync_engine (run->app));
  g_assert_null (plenum_window_get_sync_engine (window));
  plenum_test_wait_frame (GTK_WIDGET (window));
  g_assert_nonnull (plenum_test_find_label (GTK_WIDGET (window), text));
  run->checked = TRUE;
  gtk_window_destroy (active);
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

static void
broken_activated_cb (GApplication *application,
                     BrokenRun    *run)
{
  /* After the application's own activate (which made the window). */
  g_idle_add (check_broken_cb, run);
}

static void
test_broken_config (void)
{
  g_autofree char *hash = yescrypt (ADMIN_PIN);
  struct {
    const char *contents;
    const char *args;
    const char *problem;  /* after "FILE" */
  } cases[] = {
    { "[terminal]\nkiosk=true\nidle-seconds=5\nadmin-pin-hash=HASH\n", "", ":3: idle-seconds: " },
    { "[terminal]\nserver-url=https://office.example\nlanguage=fr\n", "--kiosk", ":3: language: " },
    { "[terminal]\nserver-url=https://office.example\n", "--kiosk", ": admin-pin-hash: " },
    { "[terminal]\nkiosk=true\n", "", ":2: kiosk: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = plenum_test_mkdtemp ("broken");
      g_autofree char *path = g_build_filename (dir, "terminal.conf", NULL);
      g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
      g_autofree char *prefix = g_strconcat (path, cases[i].problem, NULL);
      g_autoptr(GString) contents = g_string_new (cases[i].contents);
      g_autoptr(PlenumApplication) app = plenum_application_new ();
      g_autoptr(GError) error = NULL;
      BrokenRun run = { app, prefix, FALSE };
      const char *argv[] = { "plenum", "--data-dir", data_dir, cases[i].args, NULL };
      int argc = cases[i].args[0] != '\0' ? 4 : 3;

      g_string_replace (contents, "HASH", hash, 0);
      g_file_set_contents (path, contents->str, -1, &error);
      g_assert_no_error (error);
      g_setenv ("PLENUM_TERMINAL_CONF", path, TRUE);

      g_signal_connect_after (app, "activate", G_CALLBACK (broken_activated_cb), &run);
      g_assert_cmpint (g_application_run (G_APPLICATION (app), argc, (char **) argv), ==, 0);
      g_assert_true (run.checked);
      g_assert_true (plenum_application_get_kiosk (app));
      /* The terminal's data folder was never made. */
      g_assert_false (g_file_test (data_dir, G_FILE_TEST_EXISTS));
      g_unsetenv ("PLENUM_TERMINAL_CONF");
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);
  if (!plenum_test_gui_init (FALSE, &status))
    return status;

  g_test_add_func ("/plenum/kiosk/window", test_window);
  g_test_add_func ("/plenum/kiosk/admin", test_admin);
  g_test_add_func ("/plenum/kiosk/idle", test_idle);
  g_test_add_func ("/plenum/kiosk/inhibit", test_inhibit);
  g_test_add_func ("/plenum/kiosk/broken-config", test_broken_config);

  return plenum_test_sync_run ();
}
