/* plenum-offline-banner.c — "Offline since 14:05 — showing the papers stored on this
 * terminal". See plenum-offline-banner.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-offline-banner"

#include <glib/gi18n.h>

#include "plenum-offline-banner.h"

struct _PlenumOfflineBanner
{
  GtkWidget         parent_instance;

  /* template children */
  GtkRevealer      *revealer;
  GtkLabel         *label;

  PlenumSyncEngine *engine;
  char             *text;
  gboolean          revealed;
};

G_DEFINE_FINAL_TYPE (PlenumOfflineBanner, plenum_offline_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SYNC_ENGINE,
  PROP_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
plenum_offline_banner_format (GDateTime *since,
                              GDateTime *now)
{
  g_autoptr(GDateTime) local_since = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autofree char *when = NULL;
  int y1, m1, d1, y2, m2, d2;

  if (since == NULL)
    return g_strdup (_("Offline — showing the papers stored on this terminal"));

  local_since = g_date_time_to_local (since);
  local_now = now != NULL ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  g_date_time_get_ymd (local_since, &y1, &m1, &d1);
  g_date_time_get_ymd (local_now, &y2, &m2, &d2);

  if (y1 == y2 && m1 == m2 && d1 == d2)
    /* Translators: a time of day as strftime() writes it; see g_date_time_format(). */
    when = g_date_time_format (local_since, C_("time of day", "%H:%M"));
  else
    /* Translators: a day and a time as strftime() writes them; see g_date_time_format(). */
    when = g_date_time_format (local_since, C_("day and time", "%-d %B, %H:%M"));

  /* Translators: %s is when the terminal lost the server: a time ("14:05"), or a day
   * and a time when that was not today. */
  return g_strdup_printf (_("Offline since %s — showing the papers stored on this terminal"),
                          when != NULL ? when : "?");
}

char *
plenum_offline_banner_format_pending (GDateTime *since,
                                      GDateTime *now,
                                      guint      pending)
{
  g_autoptr(GDateTime) local_since = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autofree char *when = NULL;
  g_autofree char *changes = NULL;
  int y1, m1, d1, y2, m2, d2;

  if (pending == 0)
    return plenum_offline_banner_format (since, now);

  /* Translators: how many changes made on this terminal (check-ins, …) are stored and
   * wait until the server can be reached. */
  changes = g_strdup_printf (ngettext ("%u change waits to be sent",
                                       "%u changes wait to be sent", pending),
                             pending);

  if (since == NULL)
    /* Translators: %s is "N changes wait to be sent". */
    return g_strdup_printf (_("Offline — %s"), changes);

  local_since = g_date_time_to_local (since);
  local_now = now != NULL ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  g_date_time_get_ymd (local_since, &y1, &m1, &d1);
  g_date_time_get_ymd (local_now, &y2, &m2, &d2);

  if (y1 == y2 && m1 == m2 && d1 == d2)
    when = g_date_time_format (local_since, C_("time of day", "%H:%M"));
  else
    when = g_date_time_format (local_since, C_("day and time", "%-d %B, %H:%M"));

  /* Translators: the first %s is when the terminal lost the server ("14:05"), the second
   * is "N changes wait to be sent". */
  return g_strdup_printf (_("Offline since %s — %s"), when != NULL ? when : "?", changes);
}

static void
update (PlenumOfflineBanner *self)
{
  g_autofree char *text = NULL;
  gboolean revealed = FALSE;

  if (self->engine != NULL)
    {
      revealed = !plenum_sync_engine_get_online (self->engine) &&
                 plenum_sync_engine_get_account (self->engine) != NULL;
      text = plenum_offline_banner_format_pending (plenum_sync_engine_get_offline_since (self->engine),
                                                   NULL,
                                                   plenum_sync_engine_get_pending_operations (self->engine));
    }
  else
    {
      text = plenum_offline_banner_format (NULL, NULL);
    }

  if (g_strcmp0 (text, self->text) != 0)
    {
      g_free (self->text);
      self->text = g_steal_pointer (&text);
      gtk_label_set_text (self->label, self->text);
    }

  if (revealed != self->revealed)
    {
      self->revealed = revealed;
      gtk_revealer_set_reveal_child (self->revealer, revealed);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
    }
}

static void
engine_notify_cb (PlenumOfflineBanner *self)
{
  update (self);
}

static void
plenum_offline_banner_dispose (GObject *object)
{
  PlenumOfflineBanner *self = PLENUM_OFFLINE_BANNER (object);
  GtkWidget *child;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLENUM_TYPE_OFFLINE_BANNER);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (plenum_offline_banner_parent_class)->dispose (object);
}

static void
plenum_offline_banner_finalize (GObject *object)
{
  PlenumOfflineBanner *self = PLENUM_OFFLINE_BANNER (object);

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (plenum_offline_banner_parent_class)->finalize (object);
}

static void
plenum_offline_banner_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PlenumOfflineBanner *self = PLENUM_OFFLINE_BANNER (object);

  switch (prop_id)
    {
    case PROP_SYNC_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_REVEALED:
      g_value_set_boolean (value, self->revealed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_offline_banner_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PlenumOfflineBanner *self = PLENUM_OFFLINE_BANNER (object);

  switch (prop_id)
    {
    case PROP_SYNC_ENGINE:
      plenum_offline_banner_set_sync_engine (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_offline_banner_class_init (PlenumOfflineBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_offline_banner_dispose;
  object_class->finalize = plenum_offline_banner_finalize;
  object_class->get_property = plenum_offline_banner_get_property;
  object_class->set_property = plenum_offline_banner_set_property;

  properties[PROP_SYNC_ENGINE] =
    g_param_spec_object ("sync-engine", NULL, NULL,
                         PLENUM_TYPE_SYNC_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenum/Plenum/ui/plenum-offline-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, PlenumOfflineBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, PlenumOfflineBanner, label);
}

static void
plenum_offline_banner_init (PlenumOfflineBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

GtkWidget *
plenum_offline_banner_new (PlenumSyncEngine *engine)
{
  g_return_val_if_fail (engine == NULL || PLENUM_IS_SYNC_ENGINE (engine), NULL);

  return g_object_new (PLENUM_TYPE_OFFLINE_BANNER, "sync-engine", engine, NULL);
}

PlenumSyncEngine *
plenum_offline_banner_get_sync_engine (PlenumOfflineBanner *self)
{
  g_return_val_if_fail (PLENUM_IS_OFFLINE_BANNER (self), NULL);

  return self->engine;
}

void
plenum_offline_banner_set_sync_engine (PlenumOfflineBanner *self,
                                       PlenumSyncEngine    *engine)
{
  g_return_if_fail (PLENUM_IS_OFFLINE_BANNER (self));
  g_return_if_fail (engine == NULL || PLENUM_IS_SYNC_ENGINE (engine));

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    {
      g_signal_connect_swapped (engine, "notify::online", G_CALLBACK (engine_notify_cb), self);
      g_signal_connect_swapped (engine, "notify::offline-since", G_CALLBACK (engine_notify_cb), self);
      g_signal_connect_swapped (engine, "notify::account", G_CALLBACK (engine_notify_cb), self);
      g_signal_connect_swapped (engine, "notify::pending-operations", G_CALLBACK (engine_notify_cb), self);
    }

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_ENGINE]);
}

gboolean
plenum_offline_banner_get_revealed (PlenumOfflineBanner *self)
{
  g_return_val_if_fail (PLENUM_IS_OFFLINE_BANNER (self), FALSE);

  return self->revealed;
}

const char *
plenum_offline_banner_get_text (PlenumOfflineBanner *self)
{
  g_return_val_if_fail (PLENUM_IS_OFFLINE_BANNER (self), NULL);

  return self->text;
}
