/* plenum-appearance.c — the large-text and high-contrast modes as CSS classes on a
 * window. See plenum-appearance.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-appearance"

#include "plenum-appearance.h"

/* The settings a window follows, kept on the window: dropped (and the handlers with
 * them) when the window goes, or when apply() is called again with other settings. */
#define SETTINGS_KEY "plenum-appearance-settings"

static void
set_class (GtkWidget  *window,
           const char *css_class,
           gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (window, css_class);
  else
    gtk_widget_remove_css_class (window, css_class);
}

static void
sync_classes (GtkWidget *window,
              GSettings *settings)
{
  set_class (window, PLENUM_APPEARANCE_LARGE_TEXT_CLASS,
             g_settings_get_boolean (settings, "large-text"));
  set_class (window, PLENUM_APPEARANCE_HIGH_CONTRAST_CLASS,
             g_settings_get_boolean (settings, "high-contrast"));
}

static void
on_settings_changed_cb (GSettings  *settings,
                        const char *key,
                        GtkWidget  *window)
{
  sync_classes (window, settings);
}

void
plenum_appearance_apply (GtkWidget *window,
                         GSettings *settings)
{
  GSettings *old;

  g_return_if_fail (GTK_IS_WIDGET (window));
  g_return_if_fail (G_IS_SETTINGS (settings));

  old = g_object_get_data (G_OBJECT (window), SETTINGS_KEY);
  if (old != settings)
    {
      if (old != NULL)
        g_signal_handlers_disconnect_by_func (old, on_settings_changed_cb, window);
      /* Connected to the object: the handlers go with the window even if the settings
       * outlive it (a GSettings is often shared by the whole application). */
      g_signal_connect_object (settings, "changed::large-text",
                               G_CALLBACK (on_settings_changed_cb), window, 0);
      g_signal_connect_object (settings, "changed::high-contrast",
                               G_CALLBACK (on_settings_changed_cb), window, 0);
      g_object_set_data_full (G_OBJECT (window), SETTINGS_KEY, g_object_ref (settings),
                              g_object_unref);
    }
  sync_classes (window, settings);
}
