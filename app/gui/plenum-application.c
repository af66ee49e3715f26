/* plenum-application.c — the kiosk client's application object. It reads the command
 * line (--server, --data-dir, --kiosk, as DESIGN.md gives them), loads the style sheet
 * and opens the main window.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-application"


#include <glib/gi18n.h>

#include "plenum-application.h"
#include "plenum-window.h"

struct _PlenumApplication
{
  AdwApplication parent_instance;

  char     *server_url;
  char     *data_dir;
  gboolean  kiosk;
};

G_DEFINE_FINAL_TYPE (PlenumApplication, plenum_application, ADW_TYPE_APPLICATION)

static int
plenum_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  PlenumApplication *self = PLENUM_APPLICATION (application);
  const char *server = NULL;
  const char *data_dir = NULL;

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      if (!g_str_has_prefix (server, "http://") && !g_str_has_prefix (server, "https://"))
        {
          /* Translators: %s is what the user typed after --server. */
          g_printerr (_("“%s” is not a server address: it must start with https:// or http://\n"),
                      server);
          return 2;
        }
      g_free (self->server_url);
      self->server_url = g_strdup (server);
    }

  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &data_dir))
    {
      g_free (self->data_dir);
      self->data_dir = g_canonicalize_filename (data_dir, NULL);
    }

  if (g_variant_dict_contains (options, "kiosk"))
    self->kiosk = TRUE;

  return G_APPLICATION_CLASS (plenum_application_parent_class)->handle_local_options (application, options);
}

static void
plenum_application_startup (GApplication *application)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  G_APPLICATION_CLASS (plenum_application_parent_class)->startup (application);

  gtk_css_provider_load_from_resource (provider, "/org/plenum/Plenum/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
plenum_application_activate (GApplication *application)
{
  PlenumApplication *self = PLENUM_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    {
      window = GTK_WINDOW (plenum_window_new (ADW_APPLICATION (self), self->server_url));
      if (self->kiosk)
        {
          gtk_window_set_decorated (window, FALSE);
          gtk_window_fullscreen (window);
        }
    }

  gtk_window_present (window);
}

static void
plenum_application_finalize (GObject *object)
{
  PlenumApplication *self = PLENUM_APPLICATION (object);

  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (plenum_application_parent_class)->finalize (object);
}

static void
plenum_application_class_init (PlenumApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = plenum_application_finalize;
  app_class->handle_local_options = plenum_application_handle_local_options;
  app_class->startup = plenum_application_startup;
  app_class->activate = plenum_application_activate;
}

static void
plenum_application_init (PlenumApplication *self)
{
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Address of the committee office server (overrides the terminal configuration)"),
      N_("URL") },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Folder for this terminal’s data (default: under the XDG data folder)"),
      N_("DIR") },
    { "kiosk", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Run full screen as a meeting-room terminal"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  self->data_dir = g_build_filename (g_get_user_data_dir (), "plenum", NULL);
}

PlenumApplication *
plenum_application_new (void)
{
  /* NON_UNIQUE: a terminal runs one client per seat, and tests start several side by
   * side; none of them should hand its command line to another over D-Bus. */
  return g_object_new (PLENUM_TYPE_APPLICATION,
                       "application-id", PLENUM_APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/plenum/Plenum",
                       NULL);
}

const char *
plenum_application_get_server_url (PlenumApplication *self)
{
  g_return_val_if_fail (PLENUM_IS_APPLICATION (self), NULL);

  return self->server_url;
}

const char *
plenum_application_get_data_dir (PlenumApplication *self)
{
  g_return_val_if_fail (PLENUM_IS_APPLICATION (self), NULL);

  return self->data_dir;
}

gboolean
plenum_application_get_kiosk (PlenumApplication *self)
{
  g_return_val_if_fail (PLENUM_IS_APPLICATION (self), FALSE);

  return self->kiosk;
}
