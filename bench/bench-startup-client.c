/* bench-startup-client.c — the client as bench/startup launches it: app/main.c's steps
 * around the product's own PlenumApplication (same command line, store, sync engine,
 * render client and window, from the plenum-gui library the client ships), plus a
 * "member" who signs in as soon as the sign-in page is on screen and opens the first
 * meeting as soon as the list is on screen — through the same actions the PIN pad, the
 * sign-in page and a meeting row use. Nothing in the product reads anything for this.
 *
 *   bench-startup-client NAME PIN [client options: --data-dir DIR --server URL …]
 *
 * On stdout (CLOCK_MONOTONIC µs, the clock bench/startup reads before spawning it):
 *   WINDOW-FRAME <µs>    the window's first frame (whatever page it shows: "starting")
 *   SIGN-IN-SHOWN <µs>   the sign-in page was mapped (the PIN is entered at once)
 *   SIGNED-IN <µs>       the sync engine signed the member in (offline: yescrypt check)
 *   MEETINGS-SHOWN <µs>  the meeting list was mapped (the first meeting is opened at once)
 *   MEETING-OPENED <µs>  the meeting page was made and shown (meetings.open returned)
 *   MEETING-MAPPED <µs>  the meeting page was mapped
 *   FRAME <µs>           the first frame painted after the meeting page was mapped
 *   SETTLED <µs>         the first frame after the window's page slide ended
 * then it quits. Exit 1 (with a message) if the meeting page never shows.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-bench"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "gui/plenum-application.h"
#include "gui/plenum-meeting-list-page.h"
#include "gui/plenum-sign-in-page.h"
#include "gui/plenum-window.h"

#define DEADLINE_S 60

typedef struct {
  PlenumApplication *app;
  PlenumWindow      *window;
  const char        *name;
  const char        *pin;
  gboolean           signed_in;
  gboolean           meeting_opened;
  gboolean           framed;
  guint              deadline_id;
  int                status;
} Bench;

static void
stamp (const char *what)
{
  printf ("%s %" G_GINT64_FORMAT "\n", what, g_get_monotonic_time ());
  fflush (stdout);
}

static void
settled_paint_cb (GdkFrameClock *clock,
                  Bench         *bench)
{
  GtkWidget *page = plenum_window_get_meeting_page (bench->window);
  GtkWidget *stack = page != NULL ? gtk_widget_get_parent (page) : NULL;

  if (GTK_IS_STACK (stack) && gtk_stack_get_transition_running (GTK_STACK (stack)))
    return;
  stamp ("SETTLED");
  g_signal_handlers_disconnect_by_func (clock, settled_paint_cb, bench);
  bench->status = 0;
  g_application_quit (G_APPLICATION (bench->app));
}

static void
first_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  stamp ("FRAME");
  bench->framed = TRUE;
  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, bench);
  g_signal_connect (clock, "after-paint", G_CALLBACK (settled_paint_cb), bench);
}

static void
meeting_page_mapped (Bench *bench)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (bench->window));

  stamp ("MEETING-MAPPED");
  g_signal_connect (gdk_surface_get_frame_clock (surface), "after-paint",
                    G_CALLBACK (first_paint_cb), bench);
}

static void
open_first_meeting (Bench *bench)
{
  PlenumSyncEngine *engine = plenum_window_get_sync_engine (bench->window);
  GListModel *meetings = plenum_sync_engine_get_meetings (engine);
  g_autoptr(PlenumMeeting) meeting = NULL;
  GtkWidget *page;

  if (bench->meeting_opened || g_list_model_get_n_items (meetings) == 0)
    return;
  bench->meeting_opened = TRUE;
  meeting = g_list_model_get_item (meetings, 0);
  /* What a tap on the meeting's row does. */
  gtk_widget_activate_action (plenum_window_get_meeting_list_page (bench->window), "meetings.open",
                              "s", plenum_meeting_get_id (meeting));

  stamp ("MEETING-OPENED");
  page = plenum_window_get_meeting_page (bench->window);
  if (page == NULL)
    {
      fprintf (stderr, "bench-startup-client: the meeting page did not open\n");
      g_application_quit (G_APPLICATION (bench->app));
      return;
    }
  if (gtk_widget_get_mapped (page))
    meeting_page_mapped (bench);
  else
    g_signal_connect_swapped (page, "map", G_CALLBACK (meeting_page_mapped), bench);
}

static void
meetings_shown_cb (Bench *bench)
{
  PlenumSyncEngine *engine = plenum_window_get_sync_engine (bench->window);

  if (bench->meeting_opened)
    return;
  stamp ("MEETINGS-SHOWN");
  if (g_list_model_get_n_items (plenum_sync_engine_get_meetings (engine)) > 0)
    open_first_meeting (bench);
  else
    g_signal_connect_swapped (plenum_sync_engine_get_meetings (engine), "items-changed",
                              G_CALLBACK (open_first_meeting), bench);
}

static void
signed_in_cb (Bench *bench)
{
  if (!bench->signed_in)
    stamp ("SIGNED-IN");
  bench->signed_in = TRUE;
}

static void
sign_in_shown_cb (Bench *bench)
{
  GtkWidget *page = plenum_window_get_sign_in_page (bench->window);
  PlenumPinPad *pad = plenum_sign_in_page_get_pin_pad (PLENUM_SIGN_IN_PAGE (page));

  if (bench->signed_in)
    return;
  stamp ("SIGN-IN-SHOWN");
  g_signal_connect_swapped (page, "signed-in", G_CALLBACK (signed_in_cb), bench);

  /* What the member's fingers do: the name, the PIN pad's digits, then OK. */
  gtk_editable_set_text (plenum_sign_in_page_get_name_entry (PLENUM_SIGN_IN_PAGE (page)), bench->name);
  for (const char *p = bench->pin; *p != '\0'; p++)
    gtk_widget_activate_action (GTK_WIDGET (pad), "pin-pad.digit", "i", (int) (*p - '0'));
  gtk_widget_activate_action (page, "sign-in.submit", NULL);
}

static void
window_first_paint_cb (GdkFrameClock *clock,
                       Bench         *bench)
{
  stamp ("WINDOW-FRAME");
  g_signal_handlers_disconnect_by_func (clock, window_first_paint_cb, bench);
}

static void
window_mapped_cb (Bench *bench)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (bench->window));

  g_signal_connect (gdk_surface_get_frame_clock (surface), "after-paint",
                    G_CALLBACK (window_first_paint_cb), bench);
}

static void
activated_cb (Bench *bench)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (bench->app));

  if (bench->window != NULL || !PLENUM_IS_WINDOW (window))
    return;
  bench->window = PLENUM_WINDOW (window);
  /* gtk_window_present() in the application's activate has mapped it already; its
   * first frame is still to come. */
  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    window_mapped_cb (bench);
  else
    g_signal_connect_swapped (window, "map", G_CALLBACK (window_mapped_cb), bench);
  g_signal_connect_swapped (plenum_window_get_sign_in_page (bench->window), "map",
                            G_CALLBACK (sign_in_shown_cb), bench);
  g_signal_connect_swapped (plenum_window_get_meeting_list_page (bench->window), "map",
                            G_CALLBACK (meetings_shown_cb), bench);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Bench *bench = user_data;

  fprintf (stderr, "bench-startup-client: no meeting page after %d s (page: %s)\n", DEADLINE_S,
           bench->window != NULL ? plenum_window_get_page_name (bench->window) : "none");
  bench->deadline_id = 0;
  g_application_quit (G_APPLICATION (bench->app));
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PlenumApplication) app = NULL;
  Bench bench = { .status = 1 };
  const char *locale_dir;
  int status;

  if (argc < 3 || strspn (argv[2], "0123456789") != strlen (argv[2]))
    {
      fprintf (stderr, "usage: bench-startup-client NAME PIN [client options]\n");
      return 2;
    }
  bench.name = argv[1];
  bench.pin = argv[2];
  /* The client's own command line is what follows. */
  argv[2] = argv[0];
  argv += 2;
  argc -= 2;

  /* app/main.c, step for step. */
  setlocale (LC_ALL, "");
  locale_dir = g_getenv ("PLENUM_LOCALEDIR_OVERRIDE");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : PLENUM_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = plenum_application_new ();
  bench.app = app;
  g_signal_connect_data (app, "activate", G_CALLBACK (activated_cb), &bench, NULL,
                         G_CONNECT_AFTER | G_CONNECT_SWAPPED);
  bench.deadline_id = g_timeout_add_seconds (DEADLINE_S, deadline_cb, &bench);
  status = g_application_run (G_APPLICATION (app), argc, argv);
  g_clear_handle_id (&bench.deadline_id, g_source_remove);
  return status != 0 ? status : bench.status;
}
