/* test-window.c — every widget of the client builds from its template alone, shows
 * what it must, answers its actions, and goes away cleanly (finalized); plus the small
 * non-widget pieces of the GUI (error sentences, the swipe rule, the terminal
 * configuration). Runs under Xvfb; without a display it skips, except in CI.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "gui/plenum-agenda-row.h"
#include "gui/plenum-application.h"
#include "gui/plenum-document-page.h"
#include "gui/plenum-document-row.h"
#include "gui/plenum-error-text.h"
#include "gui/plenum-meeting-list-page.h"
#include "gui/plenum-meeting-page.h"
#include "gui/plenum-meeting-row.h"
#include "gui/plenum-offline-banner.h"
#include "gui/plenum-pin-pad.h"
#include "gui/plenum-sign-in-page.h"
#include "gui/plenum-terminal-config.h"
#include "gui/plenum-window.h"
#include "net/plenum-http-error.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define WAIT_MS 10000

#define MEETING_ID "4f2c9a1e-7b3d-4c5e-9f10-2a3b4c5d6e7f"
#define BODY_ID    "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
#define CHAIR_ID   "11111111-2222-4333-8444-555555555555"
#define ITEM_ID    "22222222-3333-4444-8555-666666666666"
#define DOC_ID     "33333333-4444-4555-8666-777777777777"
#define DOC_SHA    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

/* Helpers */

static gboolean
pointer_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

static gboolean
widget_allocated (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data) && gtk_widget_get_width (user_data) > 0;
}

static GtkWidget *
find_label_with_text (GtkWidget  *widget,
                      const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0 &&
      gtk_widget_is_visible (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with_text (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Puts @widget (floating or not) alone in a window, shows it and waits until it is laid
 * out. The window owns it. */
static GtkWindow *
show_in_window (GtkWidget *widget)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 1024, 768);
  gtk_window_set_child (window, widget);
  gtk_window_present (window);
  g_assert_true (plenum_test_wait_until (NULL, widget_allocated, widget, WAIT_MS));
  return window;
}

/* Destroys @window and checks that it and @widget are finalized. */
static void
destroy_and_check_finalized (GtkWindow *window,
                             GtkWidget *widget)
{
  gpointer weak_window = window;
  gpointer weak_widget = widget;

  g_object_add_weak_pointer (G_OBJECT (window), &weak_window);
  if (widget != NULL)
    g_object_add_weak_pointer (G_OBJECT (widget), &weak_widget);

  gtk_window_destroy (window);

  g_assert_true (plenum_test_wait_until (NULL, pointer_cleared, &weak_window, WAIT_MS));
  g_assert_true (plenum_test_wait_until (NULL, pointer_cleared, &weak_widget, WAIT_MS));
}

/* TRUE when @widget's class (or a parent class) installed @action. */
static gboolean
has_action (GtkWidget  *widget,
            const char *action)
{
  GType owner;
  const char *name;
  const GVariantType *type;
  const char *property;

  for (guint i = 0;
       gtk_widget_class_query_action (GTK_WIDGET_GET_CLASS (widget), i, &owner, &name, &type, &property);
       i++)
    if (g_strcmp0 (name, action) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  guint count;
} Counter;

static void
count_cb (gpointer user_data)
{
  ((Counter *) user_data)->count++;
}

static gboolean
counter_reached (gpointer user_data)
{
  Counter *counter = user_data;

  return counter->count > 0;
}

/* Activates @button the way a tap does and waits for its "clicked" (GtkButton delays
 * it a little for the pressed look when realized). */
static void
press (GtkWidget *button)
{
  Counter clicked = { 0 };
  gulong id;

  g_assert_true (gtk_widget_is_sensitive (button));
  id = g_signal_connect_swapped (button, "clicked", G_CALLBACK (count_cb), &clicked);
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (plenum_test_wait_until (NULL, counter_reached, &clicked, WAIT_MS));
  g_signal_handler_disconnect (button, id);
}

/* The window */

static void
test_window_create_destroy (void)
{
  PlenumWindow *window = plenum_window_new (NULL, NULL);
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (plenum_test_wait_until (NULL, widget_allocated, window, WAIT_MS));

  /* Without services it waits on its starting page and says which server. */
  g_assert_cmpstr (plenum_window_get_page_name (window), ==, "starting");
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (window), "Starting…"));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (window),
                                          "No server is configured for this terminal."));
  g_assert_null (plenum_window_get_meeting_page (window));
  g_assert_null (plenum_window_get_document_page (window));
  g_assert_true (PLENUM_IS_SIGN_IN_PAGE (plenum_window_get_sign_in_page (window)));
  g_assert_true (PLENUM_IS_MEETING_LIST_PAGE (plenum_window_get_meeting_list_page (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (plenum_test_wait_until (NULL, pointer_cleared, &weak, WAIT_MS));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_window_server_url (void)
{
  PlenumWindow *window = plenum_window_new (NULL, "http://127.0.0.1:8080");
  guint notified = 0;

  gtk_window_present (GTK_WINDOW (window));

  g_assert_cmpstr (plenum_window_get_server_url (window), ==, "http://127.0.0.1:8080");
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (window), "Server: http://127.0.0.1:8080"));

  /* Setting the same value does not notify; a new one does, and the label follows. */
  g_signal_connect (window, "notify::server-url", G_CALLBACK (count_notify_cb), &notified);
  plenum_window_set_server_url (window, "http://127.0.0.1:8080");
  g_assert_cmpuint (notified, ==, 0);
  plenum_window_set_server_url (window, "https://office.example:8443");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (window), "Server: https://office.example:8443"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_startup_error (void)
{
  PlenumWindow *window = plenum_window_new (NULL, NULL);
  g_autoptr(GError) error = g_error_new_literal (PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_SCHEMA_TOO_NEW,
                                                 "user_version 99");
  g_autofree char *sentence = plenum_error_text (error);

  gtk_window_present (GTK_WINDOW (window));
  plenum_window_show_startup_error (window, error);
  g_assert_cmpstr (plenum_window_get_page_name (window), ==, "failed");
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (window), sentence));
  g_assert_null (find_label_with_text (GTK_WIDGET (window), "user_version 99"));

  destroy_and_check_finalized (GTK_WINDOW (window), NULL);
}

/* A store in a folder of its own, opened as the application does. */

typedef struct
{
  PlenumStore *store;
  GError      *error;
  gboolean     done;
} StoreOpen;

static void
store_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  StoreOpen *open = user_data;

  open->store = plenum_store_open_finish (result, &open->error);
  open->done = TRUE;
}

static PlenumStore *
open_store (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("store");
  StoreOpen open = { NULL, NULL, FALSE };

  plenum_store_open_async (dir, NULL, store_opened_cb, &open);
  g_assert_true (plenum_test_wait_flag (NULL, &open.done, WAIT_MS));
  g_assert_no_error (open.error);
  g_assert_nonnull (open.store);
  return open.store;
}

static void
test_window_services (void)
{
  g_autoptr(PlenumStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumSyncEngine) engine = plenum_test_sync_engine_new (store, NULL, &error);
  g_autoptr(PlenumRenderClient) client = plenum_render_client_new (NULL);
  g_autofree char *terminal = NULL;
  PlenumWindow *window;
  PlenumSignInPage *sign_in;

  g_assert_no_error (error);
  g_assert_nonnull (engine);

  window = plenum_window_new (NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  plenum_window_set_notice (window, "The terminal configuration is broken.");
  plenum_window_set_services (window, engine, client);

  g_assert_true (plenum_window_get_sync_engine (window) == engine);
  g_assert_true (plenum_window_get_render_client (window) == client);
  g_assert_cmpstr (plenum_window_get_page_name (window), ==, "sign-in");

  /* The sign-in page shows the terminal, that there is no server, and the notice. */
  sign_in = PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (window));
  g_assert_true (plenum_sign_in_page_get_sync_engine (sign_in) == engine);
  terminal = g_strdup_printf ("Terminal %.8s", plenum_store_get_terminal_id (store));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (window), terminal));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (window),
                                          "No server is configured for this terminal. Members who signed in here before can still sign in."));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (window), "The terminal configuration is broken."));

  /* Nobody is signed in: no way back, no sign-out; back does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "window.back", NULL);
  g_assert_cmpstr (plenum_window_get_page_name (window), ==, "sign-in");

  /* A background failure becomes a sentence. */
  {
    g_autoptr(GError) sync_error = g_error_new_literal (PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_UNREACHABLE,
                                                        "Couldn't connect to server");
    g_autofree char *sentence = plenum_error_text (sync_error);

    plenum_window_add_toast (window, sentence);
    plenum_window_add_toast (window, sentence); /* the same again: one toast */
  }

  destroy_and_check_finalized (GTK_WINDOW (window), NULL);
}

static void
test_application_options (void)
{
  g_autoptr(PlenumApplication) app = plenum_application_new ();

  g_assert_false (plenum_application_get_kiosk (app));
  g_assert_null (plenum_application_get_server_url (app));
  g_assert_null (plenum_application_get_config_problem (app));
  g_assert_null (plenum_application_get_sync_engine (app));
  g_assert_null (plenum_application_get_render_client (app));
  g_assert_null (plenum_application_get_store (app));
  g_assert_true (g_str_has_suffix (plenum_application_get_data_dir (app), "plenum"));
}

/* The terminal configuration */

static char *
write_config (const char *contents)
{
  g_autofree char *dir = plenum_test_mkdtemp ("conf");
  char *path = g_build_filename (dir, "terminal.conf", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

#define CONF_TERMINAL_ID "0b6f3c52-9a1e-4d7b-8c2f-5e4a3b2c1d0e"
#define CONF_CREDENTIAL "5f0c1e9a7b3d2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e"

static void
test_terminal_config (void)
{
  struct {
    const char *contents;
    gboolean    ok;
    const char *url;
    const char *terminal_id;
    const char *credential;
    const char *bad_key;   /* named in the message */
  } cases[] = {
    { "[terminal]\nserver-url=https://office.example:8443\n", TRUE, "https://office.example:8443" },
    { "# provisioned\n[terminal]\nserver-url = http://127.0.0.1:8080 \n", TRUE, "http://127.0.0.1:8080" },
    { "[terminal]\n", TRUE, NULL },
    { "[other]\nserver-url=https://x.example\n", TRUE, NULL },
    { "[terminal]\nserver-url=\n", TRUE, NULL },
    { "server-url=https://office.example\n", FALSE, NULL },      /* no group */
    { "[terminal\nserver-url=https://office.example\n", FALSE, NULL },
    { "[terminal]\nserver-url=ftp://office.example\n", FALSE, NULL, NULL, NULL, "server-url" },
    { "[terminal]\nserver-url=office.example\n", FALSE, NULL, NULL, NULL, "server-url" },
    { "[terminal]\nserver-url=https://\n", FALSE, NULL, NULL, NULL, "server-url" },
    { "[terminal]\nserver-url=https://a:b@office.example\n", FALSE, NULL, NULL, NULL, "server-url" },
    { "\xff\xfe[terminal]\n", FALSE, NULL },
    /* An enrolment written by the installer. */
    { "[terminal]\nserver-url=https://office.example\nterminal-id=" CONF_TERMINAL_ID "\n"
      "credential=" CONF_CREDENTIAL "\n", TRUE, "https://office.example", CONF_TERMINAL_ID,
      CONF_CREDENTIAL },
    { "[terminal]\nterminal-id=" CONF_TERMINAL_ID "\n", FALSE, NULL, NULL, NULL, "credential" },
    { "[terminal]\ncredential=" CONF_CREDENTIAL "\n", FALSE, NULL, NULL, NULL, "terminal-id" },
    { "[terminal]\nterminal-id=seat-5\ncredential=" CONF_CREDENTIAL "\n", FALSE, NULL, NULL,
      NULL, "terminal-id" },
    { "[terminal]\nterminal-id=" CONF_TERMINAL_ID "\ncredential=" CONF_CREDENTIAL "0\n", FALSE,
      NULL, NULL, NULL, "credential" },
    { "[terminal]\nterminal-id=" CONF_TERMINAL_ID "\ncredential=ABCDEF\n", FALSE, NULL, NULL,
      NULL, "credential" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_config (cases[i].contents);
      g_auto(PlenumTerminalConfig) config = { 0 };
      g_autoptr(GError) error = NULL;
      gboolean ok;

      ok = plenum_terminal_config_load (path, &config, &error);
      g_test_message ("case %u: %s", i, error != NULL ? error->message : "ok");
      g_assert_cmpint (ok, ==, cases[i].ok);
      g_assert_cmpstr (config.server_url, ==, cases[i].url);
      g_assert_cmpstr (config.terminal_id, ==, cases[i].terminal_id);
      g_assert_cmpstr (config.credential, ==, cases[i].credential);
      if (ok)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_INVALID);
          /* The message names the file (and the wrong line where there is one), and is
           * what the user sees; it never shows a credential. */
          g_assert_nonnull (strstr (error->message, path));
          if (cases[i].bad_key != NULL)
            g_assert_nonnull (strstr (error->message, cases[i].bad_key));
          g_assert_null (strstr (error->message, CONF_CREDENTIAL));
        }
    }

  /* A missing file is fine: no server from it. */
  {
    g_autofree char *dir = plenum_test_mkdtemp ("conf-missing");
    g_autofree char *path = g_build_filename (dir, "terminal.conf", NULL);
    g_auto(PlenumTerminalConfig) config = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_true (plenum_terminal_config_load (path, &config, &error));
    g_assert_no_error (error);
    g_assert_null (config.server_url);
  }

  /* A folder where the file should be cannot be read. */
  {
    g_autofree char *dir = plenum_test_mkdtemp ("conf-dir");
    g_auto(PlenumTerminalConfig) config = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_false (plenum_terminal_config_load (dir, &config, &error));
    g_assert_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_UNREADABLE);
  }

  /* Where it is looked for. */
  g_unsetenv ("PLENUM_TERMINAL_CONF");
  g_assert_cmpstr (plenum_terminal_config_get_path (), ==, "/etc/plenum/terminal.conf");
  g_setenv ("PLENUM_TERMINAL_CONF", "/tmp/x.conf", TRUE);
  g_assert_cmpstr (plenum_terminal_config_get_path (), ==, "/tmp/x.conf");
  g_setenv ("PLENUM_TERMINAL_CONF", "", TRUE);
  g_assert_cmpstr (plenum_terminal_config_get_path (), ==, "/etc/plenum/terminal.conf");
  g_unsetenv ("PLENUM_TERMINAL_CONF");
}

/* Error sentences */

static void
test_error_text (void)
{
  struct {
    GQuark domain;
    int    code;
  } errors[] = {
    { 0, PLENUM_SYNC_ERROR_WRONG_CREDENTIALS },
    { 0, PLENUM_SYNC_ERROR_TOO_MANY_ATTEMPTS },
    { 0, PLENUM_SYNC_ERROR_UNREACHABLE },
    { 0, PLENUM_SYNC_ERROR_NO_SERVER },
    { 0, PLENUM_SYNC_ERROR_SERVER },
    { 0, PLENUM_SYNC_ERROR_STORAGE },
    { 0, PLENUM_SYNC_ERROR_SIGNED_OUT },
    { 0, PLENUM_SYNC_ERROR_SESSION_EXPIRED },
    { 0, PLENUM_SYNC_ERROR_ENROLMENT_INVALID },
    { 0, PLENUM_SYNC_ERROR_TERMINAL_REVOKED },
    { 0, PLENUM_SYNC_ERROR_DISK_FULL },
  };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) wrong = g_error_new_literal (PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_WRONG_CREDENTIALS,
                                                 "401 wrong_credentials for name nguyen.van.an");
  g_autoptr(GError) offline_wrong = g_error_new_literal (PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_WRONG_PIN,
                                                         "verifier mismatch");
  g_autoptr(GError) unknown = g_error_new_literal (g_quark_from_static_string ("some-other-domain"), 7,
                                                   "raw text");
  g_autofree char *wrong_text = plenum_error_text (wrong);
  g_autofree char *offline_wrong_text = plenum_error_text (offline_wrong);
  g_autofree char *unknown_text = plenum_error_text (unknown);

  /* Each sign-in failure has its own sentence. */
  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (PLENUM_SYNC_ERROR, errors[i].code, "raw");
      char *text = plenum_error_text (error);

      g_assert_nonnull (text);
      g_assert_cmpuint (strlen (text), >, 10);
      g_assert_null (strstr (text, "raw"));
      g_assert_false (g_hash_table_contains (seen, text));
      g_hash_table_add (seen, text);
    }

  /* Enrolment and revocation say what to do. */
  {
    g_autoptr(GError) invalid = g_error_new_literal (PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_ENROLMENT_INVALID, "raw");
    g_autoptr(GError) revoked = g_error_new_literal (PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_TERMINAL_REVOKED, "raw");
    g_autofree char *invalid_text = plenum_error_text (invalid);
    g_autofree char *revoked_text = plenum_error_text (revoked);

    g_assert_cmpstr (invalid_text, ==, "That enrolment code is not valid. Ask the committee office for a new one.");
    g_assert_cmpstr (revoked_text, ==, "This terminal was revoked by the committee office");
  }

  /* A full disk while syncing is the same sentence as the store's own. */
  {
    g_autoptr(GError) sync_full = g_error_new_literal (PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_DISK_FULL, "raw");
    g_autoptr(GError) store_full = g_error_new_literal (PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_FULL, "raw");
    g_autofree char *sync_full_text = plenum_error_text (sync_full);
    g_autofree char *store_full_text = plenum_error_text (store_full);

    g_assert_cmpstr (sync_full_text, ==, store_full_text);
    g_assert_nonnull (strstr (sync_full_text, "storage is full"));
  }

  /* Wrong name and wrong PIN, online or offline: one sentence, which does not echo
   * the name or say which of the two was wrong. */
  g_assert_cmpstr (wrong_text, ==, offline_wrong_text);
  g_assert_null (strstr (wrong_text, "nguyen"));
  g_assert_null (strstr (unknown_text, "raw text"));

  /* Every code of every domain the GUI meets has a sentence that is not the message. */
  for (int code = PLENUM_RENDER_ERROR_NOT_PDF; code <= PLENUM_RENDER_ERROR_PROTOCOL; code++)
    {
      g_autoptr(GError) error = g_error_new_literal (PLENUM_RENDER_ERROR, code, "raw");
      g_autofree char *text = plenum_error_text (error);

      g_assert_cmpstr (text, !=, unknown_text);
    }
  for (int code = PLENUM_STORE_ERROR_CORRUPT; code <= PLENUM_STORE_ERROR_BUSY; code++)
    {
      g_autoptr(GError) error = g_error_new_literal (PLENUM_STORE_ERROR, code, "raw");
      g_autofree char *text = plenum_error_text (error);

      g_assert_cmpstr (text, !=, unknown_text);
    }
  {
    g_autoptr(GError) error = g_error_new_literal (PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_TLS, "raw");
    g_autofree char *text = plenum_error_text (error);

    g_assert_cmpstr (text, !=, unknown_text);
  }
  {
    g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NO_SPACE, "raw");
    g_autofree char *text = plenum_error_text (error);

    g_assert_cmpstr (text, !=, unknown_text);
  }

  g_assert_cmpuint (strlen (plenum_error_text_not_verified ()), >, 10);
}

/* The PIN pad */

static void
submitted_cb (PlenumPinPad *pad,
              gpointer      user_data)
{
  (*(guint *) user_data)++;
}

static void
test_pin_pad (void)
{
  PlenumPinPad *pad = PLENUM_PIN_PAD (plenum_pin_pad_new ());
  GtkWindow *window = show_in_window (GTK_WIDGET (pad));
  guint submitted = 0;

  g_signal_connect (pad, "submitted", G_CALLBACK (submitted_cb), &submitted);
  g_assert_cmpuint (plenum_pin_pad_get_length (pad), ==, 0);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (pad), "Enter your PIN"));

  /* Nothing to delete or submit yet. */
  g_assert_false (gtk_widget_is_sensitive (plenum_pin_pad_get_delete_button (pad)));
  g_assert_false (gtk_widget_is_sensitive (plenum_pin_pad_get_submit_button (pad)));

  /* Every key is a large touch target. */
  for (guint d = 0; d <= 9; d++)
    {
      GtkWidget *key = plenum_pin_pad_get_digit_button (pad, d);
      g_assert_cmpint (gtk_widget_get_width (key), >=, 48);
      g_assert_cmpint (gtk_widget_get_height (key), >=, 48);
    }
  g_assert_cmpint (gtk_widget_get_height (plenum_pin_pad_get_submit_button (pad)), >=, 48);
  g_assert_cmpint (gtk_widget_get_height (plenum_pin_pad_get_delete_button (pad)), >=, 48);

  /* Tapping keys: 1 2 3, delete, 4 5 → 1245. */
  press (plenum_pin_pad_get_digit_button (pad, 1));
  press (plenum_pin_pad_get_digit_button (pad, 2));
  press (plenum_pin_pad_get_digit_button (pad, 3));
  g_assert_cmpstr (plenum_pin_pad_peek_pin (pad), ==, "123");
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (pad), "● ● ●"));
  g_assert_false (gtk_widget_is_sensitive (plenum_pin_pad_get_submit_button (pad)));
  press (plenum_pin_pad_get_delete_button (pad));
  g_assert_cmpstr (plenum_pin_pad_peek_pin (pad), ==, "12");
  press (plenum_pin_pad_get_digit_button (pad, 4));
  press (plenum_pin_pad_get_digit_button (pad, 5));
  g_assert_cmpstr (plenum_pin_pad_peek_pin (pad), ==, "1245");
  g_assert_cmpuint (plenum_pin_pad_get_length (pad), ==, 4);

  /* Enough digits: OK submits. */
  g_assert_true (gtk_widget_is_sensitive (plenum_pin_pad_get_submit_button (pad)));
  press (plenum_pin_pad_get_submit_button (pad));
  g_assert_cmpuint (submitted, ==, 1);

  /* The actions, as a keyboard or a test would use them; at most 12 digits. */
  for (guint i = 0; i < 20; i++)
    gtk_widget_activate_action (GTK_WIDGET (pad), "pin-pad.digit", "i", 9);
  g_assert_cmpuint (plenum_pin_pad_get_length (pad), ==, PLENUM_PIN_PAD_MAX_DIGITS);
  g_assert_false (gtk_widget_is_sensitive (plenum_pin_pad_get_digit_button (pad, 0)));
  gtk_widget_activate_action (GTK_WIDGET (pad), "pin-pad.delete", NULL);
  g_assert_cmpuint (plenum_pin_pad_get_length (pad), ==, PLENUM_PIN_PAD_MAX_DIGITS - 1);
  gtk_widget_activate_action (GTK_WIDGET (pad), "pin-pad.digit", "i", 10); /* not a digit */
  g_assert_cmpuint (plenum_pin_pad_get_length (pad), ==, PLENUM_PIN_PAD_MAX_DIGITS - 1);

  /* Clearing wipes it. */
  plenum_pin_pad_clear (pad);
  g_assert_cmpuint (plenum_pin_pad_get_length (pad), ==, 0);
  g_assert_cmpstr (plenum_pin_pad_peek_pin (pad), ==, "");
  gtk_widget_activate_action (GTK_WIDGET (pad), "pin-pad.submit", NULL);
  g_assert_cmpuint (submitted, ==, 1);

  destroy_and_check_finalized (window, GTK_WIDGET (pad));
}

/* Pages and rows built alone */

static void
test_sign_in_page (void)
{
  PlenumSignInPage *page = PLENUM_SIGN_IN_PAGE (plenum_sign_in_page_new (NULL));
  GtkWindow *window = show_in_window (GTK_WIDGET (page));
  PlenumPinPad *pad = plenum_sign_in_page_get_pin_pad (page);

  g_assert_null (plenum_sign_in_page_get_sync_engine (page));
  g_assert_false (plenum_sign_in_page_get_busy (page));
  g_assert_null (plenum_sign_in_page_get_error_text (page));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (page), "Sign in to read the meeting papers"));

  plenum_sign_in_page_set_notice (page, "A notice");
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (page), "A notice"));
  plenum_sign_in_page_set_notice (page, NULL);
  g_assert_null (find_label_with_text (GTK_WIDGET (page), "A notice"));

  /* Without an engine nothing can be submitted, however complete. */
  gtk_editable_set_text (plenum_sign_in_page_get_name_entry (page), "nguyen.van.an");
  for (guint i = 0; i < 6; i++)
    gtk_widget_activate_action (GTK_WIDGET (pad), "pin-pad.digit", "i", 1);
  g_assert_true (has_action (GTK_WIDGET (page), "sign-in.submit"));
  gtk_widget_activate_action (GTK_WIDGET (page), "sign-in.submit", NULL);
  g_assert_false (plenum_sign_in_page_get_busy (page));

  /* Reset forgets everything typed. */
  plenum_sign_in_page_reset (page);
  g_assert_cmpstr (gtk_editable_get_text (plenum_sign_in_page_get_name_entry (page)), ==, "");
  g_assert_cmpuint (plenum_pin_pad_get_length (pad), ==, 0);

  /* Enrolment: ten digits on the pad, shown DDDDD-DDDDD; without an engine nothing is
   * submitted; revocation is not shown without an engine saying so. */
  g_assert_false (plenum_sign_in_page_get_revoked_shown (page));
  g_assert_null (find_label_with_text (GTK_WIDGET (page), "This terminal was revoked by the committee office"));
  gtk_widget_activate_action (GTK_WIDGET (page), "sign-in.show-enrol", NULL);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (page), "_____-_____"));
  for (int digit = 1; digit <= 10; digit++)
    gtk_widget_activate_action (GTK_WIDGET (page), "sign-in.enrol-digit", "i", digit % 10);
  /* An eleventh digit is not taken. */
  gtk_widget_activate_action (GTK_WIDGET (page), "sign-in.enrol-digit", "i", 5);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (page), "12345-67890"));
  gtk_widget_activate_action (GTK_WIDGET (page), "sign-in.enrol-delete", NULL);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (page), "12345-6789_"));
  gtk_widget_activate_action (GTK_WIDGET (page), "sign-in.enrol-digit", "i", 0);
  gtk_widget_activate_action (GTK_WIDGET (page), "sign-in.enrol-submit", NULL);
  g_assert_null (plenum_sign_in_page_get_enrol_text (page));

  destroy_and_check_finalized (window, GTK_WIDGET (page));
}

static void
test_offline_banner (void)
{
  PlenumOfflineBanner *banner = PLENUM_OFFLINE_BANNER (plenum_offline_banner_new (NULL));
  GtkWindow *window = show_in_window (GTK_WIDGET (banner));
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 12, 3, 14, 30, 0);
  g_autoptr(GDateTime) since = g_date_time_new_local (2026, 12, 3, 14, 5, 0);
  g_autoptr(GDateTime) yesterday = g_date_time_new_local (2026, 12, 2, 9, 7, 0);
  g_autofree char *today_text = plenum_offline_banner_format (since, now);
  g_autofree char *other_day_text = plenum_offline_banner_format (yesterday, now);
  g_autofree char *unknown_text = plenum_offline_banner_format (NULL, now);

  g_assert_false (plenum_offline_banner_get_revealed (banner));
  g_assert_null (plenum_offline_banner_get_sync_engine (banner));

  g_assert_cmpstr (today_text, ==, "Offline since 14:05 — showing the papers stored on this terminal");
  g_assert_cmpstr (other_day_text, ==, "Offline since 2 December, 09:07 — showing the papers stored on this terminal");
  g_assert_cmpstr (unknown_text, ==, "Offline — showing the papers stored on this terminal");
  g_assert_cmpstr (plenum_offline_banner_get_text (banner), ==, unknown_text);

  /* With changes waiting, it counts them (plural forms). */
  {
    g_autofree char *none = plenum_offline_banner_format_pending (since, now, 0);
    g_autofree char *one = plenum_offline_banner_format_pending (since, now, 1);
    g_autofree char *three = plenum_offline_banner_format_pending (since, now, 3);
    g_autofree char *unknown_three = plenum_offline_banner_format_pending (NULL, now, 3);

    g_assert_cmpstr (none, ==, today_text);
    g_assert_cmpstr (one, ==, "Offline since 14:05 — 1 change waits to be sent");
    g_assert_cmpstr (three, ==, "Offline since 14:05 — 3 changes wait to be sent");
    g_assert_cmpstr (unknown_three, ==, "Offline — 3 changes wait to be sent");
  }

  destroy_and_check_finalized (window, GTK_WIDGET (banner));
}

static void
test_meeting_list_page (void)
{
  PlenumMeetingListPage *page = PLENUM_MEETING_LIST_PAGE (plenum_meeting_list_page_new (NULL));
  GtkWindow *window = show_in_window (GTK_WIDGET (page));

  g_assert_null (plenum_meeting_list_page_get_sync_engine (page));
  g_assert_null (gtk_list_box_get_row_at_index (plenum_meeting_list_page_get_list (page), 0));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (page), "No Meetings"));
  g_assert_null (plenum_meeting_list_page_get_progress_text (page));
  g_assert_false (plenum_offline_banner_get_revealed (plenum_meeting_list_page_get_banner (page)));

  destroy_and_check_finalized (window, GTK_WIDGET (page));
}

static PlenumDocument *
make_document (void)
{
  return plenum_document_new (DOC_ID, "Báo cáo tình hình kinh tế – xã hội", DOC_SHA,
                              123456, 12, TRUE, "application/pdf");
}

static PlenumAgendaItem *
make_item (gboolean closed)
{
  g_autoptr(GListStore) documents = g_list_store_new (PLENUM_TYPE_DOCUMENT);
  g_autoptr(PlenumDocument) document = make_document ();

  g_list_store_append (documents, document);
  return plenum_agenda_item_new (ITEM_ID, "3a", "Thông qua chương trình công tác năm 2027",
                                 closed, G_LIST_MODEL (documents));
}

static void
test_meeting_row (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) starts = g_date_time_new (utc, 2026, 12, 3, 1, 0, 0);
  g_autoptr(GDateTime) updated = g_date_time_new (utc, 2026, 11, 30, 8, 0, 0);
  g_autoptr(PlenumMeeting) meeting = plenum_meeting_new (MEETING_ID, BODY_ID,
                                                         "Hội nghị Ban Thường vụ Tỉnh ủy lần thứ 12",
                                                         starts, "Phòng họp số 1", CHAIR_ID, NULL,
                                                         PLENUM_MEETING_STATUS_SCHEDULED, 0, updated,
                                                         NULL);
  PlenumMeetingRow *row = PLENUM_MEETING_ROW (plenum_meeting_row_new (NULL, meeting));
  GtkListBox *list = GTK_LIST_BOX (gtk_list_box_new ());
  g_autofree char *when = plenum_format_meeting_time (starts);
  g_autoptr(GDateTime) local = g_date_time_to_local (starts);
  g_autofree char *hhmm = g_date_time_format (local, "%H:%M");
  GtkWindow *window;

  gtk_list_box_append (list, GTK_WIDGET (row));
  window = show_in_window (GTK_WIDGET (list));

  g_assert_true (plenum_meeting_row_get_meeting (row) == meeting);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (row), "Hội nghị Ban Thường vụ Tỉnh ủy lần thứ 12"));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (row), "Phòng họp số 1"));
  /* Shown in local time. */
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (row), when));
  g_assert_nonnull (strstr (when, hhmm));
  g_assert_cmpstr (plenum_meeting_row_get_packet_text (row), ==,
                   "No papers have been published for this meeting yet.");
  g_assert_cmpfloat (plenum_meeting_row_get_packet_fraction (row), ==, 0.0);
  /* Activating it opens the meeting by id. */
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "meetings.open");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row)), NULL),
                   ==, MEETING_ID);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (row)), >=, 48);

  destroy_and_check_finalized (window, GTK_WIDGET (row));
}

static void
test_agenda_row (void)
{
  g_autoptr(PlenumAgendaItem) open_item = make_item (FALSE);
  g_autoptr(PlenumAgendaItem) closed_item = make_item (TRUE);
  PlenumAgendaRow *open_row = PLENUM_AGENDA_ROW (plenum_agenda_row_new (open_item));
  PlenumAgendaRow *closed_row = PLENUM_AGENDA_ROW (plenum_agenda_row_new (closed_item));
  GtkListBox *list = GTK_LIST_BOX (gtk_list_box_new ());
  GtkWindow *window;

  gtk_list_box_append (list, GTK_WIDGET (open_row));
  gtk_list_box_append (list, GTK_WIDGET (closed_row));
  window = show_in_window (GTK_WIDGET (list));

  g_assert_true (plenum_agenda_row_get_item (open_row) == open_item);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (open_row), "3a"));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (open_row), "Thông qua chương trình công tác năm 2027"));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (open_row), "1 document"));
  g_assert_null (find_label_with_text (GTK_WIDGET (open_row), "Closed session"));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (closed_row), "Closed session"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (open_row)), ==, "meeting.select-item");

  destroy_and_check_finalized (window, GTK_WIDGET (closed_row));
}

static void
test_document_row (void)
{
  g_autoptr(PlenumDocument) document = make_document ();
  PlenumDocumentRow *row = PLENUM_DOCUMENT_ROW (plenum_document_row_new (document));
  GtkListBox *list = GTK_LIST_BOX (gtk_list_box_new ());
  GtkWindow *window;

  gtk_list_box_append (list, GTK_WIDGET (row));
  window = show_in_window (GTK_WIDGET (list));

  g_assert_true (plenum_document_row_get_document (row) == document);
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (row), "Báo cáo tình hình kinh tế – xã hội"));
  {
    g_autofree char *size = g_format_size (123456);
    g_autofree char *details = g_strdup_printf ("12 pages · %s · Confidential", size);

    g_assert_nonnull (find_label_with_text (GTK_WIDGET (row), details));
  }

  /* Waiting: cannot be opened. */
  g_assert_cmpint (plenum_document_row_get_state (row), ==, PLENUM_DOCUMENT_STATE_MISSING);
  g_assert_cmpstr (plenum_document_row_get_state_text (row), ==, "Waiting to be downloaded");
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));

  plenum_document_row_set_state (row, PLENUM_DOCUMENT_STATE_DOWNLOADING, 61728, 123456);
  {
    g_autofree char *done = g_format_size (61728);
    g_autofree char *total = g_format_size (123456);
    g_autofree char *expected = g_strdup_printf ("Downloading: %s of %s", done, total);

    g_assert_cmpstr (plenum_document_row_get_state_text (row), ==, expected);
  }
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));

  plenum_document_row_set_state (row, PLENUM_DOCUMENT_STATE_FAILED, 0, 0);
  g_assert_cmpstr (plenum_document_row_get_state_text (row), ==, "The download failed. It will be tried again.");
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));

  /* Ready: opens with its hash. */
  plenum_document_row_set_state (row, PLENUM_DOCUMENT_STATE_VERIFIED, 0, 0);
  g_assert_cmpstr (plenum_document_row_get_state_text (row), ==, "Ready to read");
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row)), NULL),
                   ==, DOC_SHA);

  destroy_and_check_finalized (window, GTK_WIDGET (row));
}

static void
test_meeting_page (void)
{
  g_autoptr(PlenumStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumSyncEngine) engine = plenum_test_sync_engine_new (store, NULL, &error);
  PlenumMeetingPage *page;
  GtkWindow *window;

  g_assert_no_error (error);

  /* A meeting this terminal does not have. */
  page = PLENUM_MEETING_PAGE (plenum_meeting_page_new (engine, MEETING_ID));
  window = show_in_window (GTK_WIDGET (page));

  g_assert_cmpstr (plenum_meeting_page_get_meeting_id (page), ==, MEETING_ID);
  g_assert_null (plenum_meeting_page_get_meeting (page));
  g_assert_null (plenum_meeting_page_get_selected_item_id (page));
  g_assert_null (gtk_list_box_get_row_at_index (plenum_meeting_page_get_agenda_list (page), 0));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (page), "The Papers Are Not Here Yet"));

  /* Actions on what is not there do nothing. */
  gtk_widget_activate_action (GTK_WIDGET (page), "meeting.select-item", "s", ITEM_ID);
  gtk_widget_activate_action (GTK_WIDGET (page), "meeting.open-document", "s", DOC_SHA);
  gtk_widget_activate_action (GTK_WIDGET (page), "meeting.show-agenda", NULL);
  g_assert_null (plenum_meeting_page_get_selected_item_id (page));

  /* Nobody signed in, no meeting: no check-in button, no state; checking in does
   * nothing. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (plenum_meeting_page_get_check_in_button (page))));
  g_assert_cmpstr (plenum_meeting_page_get_check_in_text (page), ==, "");
  gtk_widget_activate_action (GTK_WIDGET (page), "meeting.check-in", NULL);
  g_assert_cmpstr (plenum_meeting_page_get_check_in_text (page), ==, "");

  destroy_and_check_finalized (window, GTK_WIDGET (page));
}

static void
test_check_in_refusal (void)
{
  g_autofree char *closed = plenum_meeting_page_format_refusal ("meeting_closed", "Meeting is closed.");
  g_autofree char *other = plenum_meeting_page_format_refusal ("something_new", "The server's own words.");
  g_autofree char *none = plenum_meeting_page_format_refusal (NULL, NULL);

  g_assert_cmpstr (closed, ==, "Check-in refused: The meeting is closed");
  g_assert_cmpstr (other, ==, "Check-in refused: The server's own words.");
  g_assert_cmpstr (none, ==, "Check-in refused: The server gave no reason");
}

static void
test_document_page_not_verified (void)
{
  g_autoptr(PlenumRenderClient) client = plenum_render_client_new (NULL);
  g_autoptr(PlenumTextureCache) cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  g_autoptr(PlenumRenderQueue) queue = plenum_render_queue_new (client, cache);
  PlenumDocumentPage *page;
  GtkWindow *window;

  page = PLENUM_DOCUMENT_PAGE (plenum_document_page_new (queue, NULL, "Báo cáo"));
  window = show_in_window (GTK_WIDGET (page));

  g_assert_cmpstr (plenum_document_page_get_title (page), ==, "Báo cáo");
  g_assert_null (plenum_document_page_get_path (page));
  g_assert_cmpint (plenum_document_page_get_state (page), ==, PLENUM_DOCUMENT_PAGE_FAILED);
  g_assert_cmpstr (plenum_document_page_get_status_text (page), ==, plenum_error_text_not_verified ());
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (page), plenum_error_text_not_verified ()));
  g_assert_cmpuint (plenum_document_page_get_n_pages (page), ==, 0);
  g_assert_null (plenum_document_page_get_indicator_text (page));
  /* Nothing to turn; no helper was started for it. */
  gtk_widget_activate_action (GTK_WIDGET (page), "doc.next-page", NULL);
  g_assert_cmpuint (plenum_document_page_get_page (page), ==, 0);
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 0);

  destroy_and_check_finalized (window, GTK_WIDGET (page));
}

static void
test_pdf_view_empty (void)
{
  g_autoptr(PlenumRenderClient) client = plenum_render_client_new (NULL);
  g_autoptr(PlenumTextureCache) cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  g_autoptr(PlenumRenderQueue) queue = plenum_render_queue_new (client, cache);
  PlenumPdfView *view = PLENUM_PDF_VIEW (plenum_pdf_view_new (queue));
  GtkWindow *window = show_in_window (GTK_WIDGET (view));
  graphene_rect_t rect;
  guint first, last;

  g_assert_true (plenum_pdf_view_get_queue (view) == queue);
  g_assert_null (plenum_pdf_view_get_document (view));
  g_assert_cmpuint (plenum_pdf_view_get_n_pages (view), ==, 0);
  g_assert_false (plenum_pdf_view_get_ready (view));
  g_assert_false (plenum_pdf_view_get_page_rect (view, 0, &rect));
  g_assert_false (plenum_pdf_view_get_visible_range (view, &first, &last));
  g_assert_cmpint (plenum_pdf_view_get_page_state (view, 0), ==, PLENUM_PDF_PAGE_EMPTY);
  plenum_pdf_view_set_page (view, 3); /* no document: nothing to show */
  g_assert_cmpuint (plenum_pdf_view_get_page (view), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "pdf.next-page", NULL));
  g_assert_cmpuint (plenum_pdf_view_get_page (view), ==, 0);
  /* No helper was started for an empty view. */
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 0);

  destroy_and_check_finalized (window, GTK_WIDGET (view));
}

int
main (int   argc,
      char *argv[])
{
  plenum_test_init (&argc, &argv);

  if (!gtk_init_check ())
    {
      if (plenum_test_in_ci ())
        {
          g_printerr ("no display, and CI=true: UI tests must run under Xvfb\n");
          return 1;
        }
      /* Skipped as TAP says it (meson reads an exit status of 77 as an error under
       * the TAP protocol). */
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();
  plenum_application_install_style (gdk_display_get_default ());

  g_test_add_func ("/plenum/window/create-destroy", test_window_create_destroy);
  g_test_add_func ("/plenum/window/server-url", test_window_server_url);
  g_test_add_func ("/plenum/window/startup-error", test_window_startup_error);
  g_test_add_func ("/plenum/window/services", test_window_services);
  g_test_add_func ("/plenum/application/options", test_application_options);
  g_test_add_func ("/plenum/application/terminal-config", test_terminal_config);
  g_test_add_func ("/plenum/error-text/sentences", test_error_text);
  g_test_add_func ("/plenum/pin-pad/create-destroy", test_pin_pad);
  g_test_add_func ("/plenum/sign-in-page/create-destroy", test_sign_in_page);
  g_test_add_func ("/plenum/offline-banner/create-destroy", test_offline_banner);
  g_test_add_func ("/plenum/meeting-list-page/create-destroy", test_meeting_list_page);
  g_test_add_func ("/plenum/meeting-row/create-destroy", test_meeting_row);
  g_test_add_func ("/plenum/agenda-row/create-destroy", test_agenda_row);
  g_test_add_func ("/plenum/document-row/create-destroy", test_document_row);
  g_test_add_func ("/plenum/meeting-page/create-destroy", test_meeting_page);
  g_test_add_func ("/plenum/meeting-page/check-in-refusal", test_check_in_refusal);
  g_test_add_func ("/plenum/document-page/not-verified", test_document_page_not_verified);
  g_test_add_func ("/plenum/pdf-view/empty", test_pdf_view_empty);

  return g_test_run ();
}
