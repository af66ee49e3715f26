/* plenum-window.c — the client's main window. Until the client skeleton lands it only
 * says that it is not finished, and which server it would talk to.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-window"


#include <glib/gi18n.h>

#include "plenum-resources.h"
#include "plenum-window.h"

struct _PlenumWindow
{
  AdwApplicationWindow parent_instance;

  /* template children */
  AdwStatusPage *status_page;
  GtkLabel      *server_label;

  char          *server_url;
};

G_DEFINE_FINAL_TYPE (PlenumWindow, plenum_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SERVER_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_server_label (PlenumWindow *self)
{
  g_autofree char *text = NULL;

  if (self->server_url != NULL && self->server_url[0] != '\0')
    /* Translators: %s is the address of the committee office server. */
    text = g_strdup_printf (_("Server: %s"), self->server_url);
  else
    text = g_strdup (_("No server is configured for this terminal."));

  gtk_label_set_text (self->server_label, text);
}

static void
plenum_window_finalize (GObject *object)
{
  PlenumWindow *self = PLENUM_WINDOW (object);

  g_clear_pointer (&self->server_url, g_free);

  G_OBJECT_CLASS (plenum_window_parent_class)->finalize (object);
}

static void
plenum_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlenumWindow *self = PLENUM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlenumWindow *self = PLENUM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      plenum_window_set_server_url (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_window_class_init (PlenumWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = plenum_window_finalize;
  object_class->get_property = plenum_window_get_property;
  object_class->set_property = plenum_window_set_property;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Referencing the bundle keeps its object file (and the constructor that registers
   * it) in every program that links the static library. */
  (void) plenum_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenum/Plenum/ui/plenum-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlenumWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, PlenumWindow, server_label);
}

static void
plenum_window_init (PlenumWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_server_label (self);
}

PlenumWindow *
plenum_window_new (AdwApplication *application,
                   const char     *server_url)
{
  g_return_val_if_fail (application == NULL || ADW_IS_APPLICATION (application), NULL);

  return g_object_new (PLENUM_TYPE_WINDOW,
                       "application", application,
                       "server-url", server_url,
                       NULL);
}

const char *
plenum_window_get_server_url (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), NULL);

  return self->server_url;
}

void
plenum_window_set_server_url (PlenumWindow *self,
                              const char   *server_url)
{
  g_return_if_fail (PLENUM_IS_WINDOW (self));

  if (g_strcmp0 (self->server_url, server_url) == 0)
    return;

  g_free (self->server_url);
  self->server_url = g_strdup (server_url);
  update_server_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
}
