/* minimal-window.c — bench/startup's baseline: the least a GTK 4 application does to put
 * a window on screen (a GtkApplication, one GtkWindow with a label). When the first frame
 * of the window has been painted it prints
 *   FRAME <CLOCK_MONOTONIC in µs>
 * and quits, so bench/startup can measure from before it spawned the process.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-bench"

#include <gtk/gtk.h>
#include <stdio.h>

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWindow     *window)
{
  /* g_get_monotonic_time() is CLOCK_MONOTONIC, the clock bench/startup reads too. */
  printf ("FRAME %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, window);
  gtk_window_destroy (window);
}

static void
map_cb (GtkWidget *window)
{
  GdkFrameClock *clock = gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (window)));

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), window);
}

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window = gtk_application_window_new (app);

  gtk_window_set_title (GTK_WINDOW (window), "Minimal");
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("A minimal GTK 4 window"));
  g_signal_connect (window, "map", G_CALLBACK (map_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app = gtk_application_new ("org.plenum.BenchMinimal",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
