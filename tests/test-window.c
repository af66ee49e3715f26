/* test-window.c — the main window builds from its template, shows what it must, and
 * goes away cleanly. Runs under Xvfb; without a display it skips, except in CI.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#include "gui/plenum-application.h"
#include "gui/plenum-window.h"
#include "plenum-test-util.h"

static gboolean
pointer_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

static GtkWidget *
find_label_with_text (GtkWidget  *widget,
                      const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
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

static void
test_window_create_destroy (void)
{
  PlenumWindow *window = plenum_window_new (NULL, NULL);
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_present (GTK_WINDOW (window));

  /* The template's status page is there and says the client is unfinished. */
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (window), "Plenum Is Not Finished Yet"));
  g_assert_nonnull (find_label_with_text (GTK_WIDGET (window),
                                          "No server is configured for this terminal."));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (plenum_test_wait_until (NULL, pointer_cleared, &weak, 5000));
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
test_application_options (void)
{
  g_autoptr(PlenumApplication) app = plenum_application_new ();

  g_assert_false (plenum_application_get_kiosk (app));
  g_assert_null (plenum_application_get_server_url (app));
  g_assert_true (g_str_has_suffix (plenum_application_get_data_dir (app), "plenum"));
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
      g_test_skip ("no display");
      return 77;
    }
  adw_init ();

  g_test_add_func ("/plenum/window/create-destroy", test_window_create_destroy);
  g_test_add_func ("/plenum/window/server-url", test_window_server_url);
  g_test_add_func ("/plenum/application/options", test_application_options);

  return g_test_run ();
}
