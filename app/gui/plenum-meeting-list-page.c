/* plenum-meeting-list-page.c — the member's meetings. See plenum-meeting-list-page.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-meeting-list-page"

#include <glib/gi18n.h>

#include "plenum-meeting-list-page.h"
#include "plenum-meeting-row.h"

/* Everything here belongs to the main thread (GTK's); callbacks of the layers below
 * come on its main context. */
struct _PlenumMeetingListPage
{
  GtkWidget            parent_instance;

  /* template children */
  AdwWindowTitle      *window_title;
  PlenumOfflineBanner *banner;
  GtkRevealer         *progress_revealer;
  GtkLabel            *progress_label;
  GtkProgressBar      *progress_bar;
  GtkStack            *stack;
  GtkListBox          *list;
  GtkWidget           *new_meeting_button; /* for a secretary (issue #8) */

  PlenumSyncEngine    *engine;
  GListModel          *meetings; /* the engine's, while bound */
  char                *progress_text;
};

G_DEFINE_FINAL_TYPE (PlenumMeetingListPage, plenum_meeting_list_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SYNC_ENGINE,
  N_PROPS
};

enum {
  SIGNAL_MEETING_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  PlenumMeetingListPage *self = user_data;

  return plenum_meeting_row_new (self->engine, PLENUM_MEETING (item));
}

static void
update_empty (PlenumMeetingListPage *self)
{
  gboolean empty = self->meetings == NULL || g_list_model_get_n_items (self->meetings) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

static void
update_account (PlenumMeetingListPage *self)
{
  PlenumMember *account = NULL;

  if (self->engine != NULL)
    account = plenum_sync_engine_get_account (self->engine);

  adw_window_title_set_subtitle (self->window_title,
                                 account != NULL ? plenum_member_get_display_name (account) : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "meetings.refresh", account != NULL);
  gtk_widget_set_visible (self->new_meeting_button,
                          account != NULL &&
                          plenum_member_get_role (account) == PLENUM_ROLE_SECRETARY);
}

static void
update_progress (PlenumMeetingListPage *self)
{
  g_autofree char *text = NULL;
  guint docs_total = 0, docs_done = 0;
  guint64 bytes_total = 0, bytes_done = 0;
  gboolean show = FALSE;

  if (self->engine != NULL && plenum_sync_engine_get_account (self->engine) != NULL)
    {
      docs_total = plenum_sync_engine_get_documents_total (self->engine);
      docs_done = plenum_sync_engine_get_documents_done (self->engine);
      bytes_total = plenum_sync_engine_get_bytes_total (self->engine);
      bytes_done = plenum_sync_engine_get_bytes_done (self->engine);
      show = plenum_sync_engine_get_syncing (self->engine) && docs_done < docs_total;
    }

  if (show)
    {
      /* Translators: the first %u is how many documents are on the terminal, the
       * second how many there are in all. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Downloading the papers: %u of %u document is on this terminal",
                                           "Downloading the papers: %u of %u documents are on this terminal",
                                           docs_total),
                              docs_done, docs_total);
      gtk_label_set_text (self->progress_label, text);
      gtk_progress_bar_set_fraction (self->progress_bar,
                                     bytes_total > 0 ? (double) MIN (bytes_done, bytes_total) / (double) bytes_total
                                                     : 0.0);
    }

  g_free (self->progress_text);
  self->progress_text = g_steal_pointer (&text);
  gtk_revealer_set_reveal_child (self->progress_revealer, show);
}

static void
meetings_items_changed_cb (PlenumMeetingListPage *self)
{
  update_empty (self);
}

static void
engine_account_cb (PlenumMeetingListPage *self)
{
  update_account (self);
  update_progress (self);
}

static void
engine_progress_cb (PlenumMeetingListPage *self)
{
  update_progress (self);
}

static void
unbind (PlenumMeetingListPage *self)
{
  if (self->meetings != NULL)
    g_signal_handlers_disconnect_by_data (self->meetings, self);
  g_clear_object (&self->meetings);
  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
}

static void
open_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlenumMeetingListPage *self = PLENUM_MEETING_LIST_PAGE (widget);

  g_signal_emit (self, signals[SIGNAL_MEETING_ACTIVATED], 0, g_variant_get_string (parameter, NULL));
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlenumMeetingListPage *self = PLENUM_MEETING_LIST_PAGE (widget);

  if (self->engine != NULL)
    plenum_sync_engine_refresh (self->engine);
}

static void
plenum_meeting_list_page_dispose (GObject *object)
{
  PlenumMeetingListPage *self = PLENUM_MEETING_LIST_PAGE (object);
  GtkWidget *child;

  unbind (self);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLENUM_TYPE_MEETING_LIST_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (plenum_meeting_list_page_parent_class)->dispose (object);
}

static void
plenum_meeting_list_page_finalize (GObject *object)
{
  PlenumMeetingListPage *self = PLENUM_MEETING_LIST_PAGE (object);

  g_clear_pointer (&self->progress_text, g_free);

  G_OBJECT_CLASS (plenum_meeting_list_page_parent_class)->finalize (object);
}

static void
plenum_meeting_list_page_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  PlenumMeetingListPage *self = PLENUM_MEETING_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_SYNC_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_meeting_list_page_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  PlenumMeetingListPage *self = PLENUM_MEETING_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_SYNC_ENGINE:
      plenum_meeting_list_page_set_sync_engine (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_meeting_list_page_class_init (PlenumMeetingListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_meeting_list_page_dispose;
  object_class->finalize = plenum_meeting_list_page_finalize;
  object_class->get_property = plenum_meeting_list_page_get_property;
  object_class->set_property = plenum_meeting_list_page_set_property;

  properties[PROP_SYNC_ENGINE] =
    g_param_spec_object ("sync-engine", NULL, NULL,
                         PLENUM_TYPE_SYNC_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_MEETING_ACTIVATED] =
    g_signal_new ("meeting-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (PLENUM_TYPE_OFFLINE_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenum/Plenum/ui/plenum-meeting-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingListPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingListPage, banner);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingListPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingListPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingListPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingListPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingListPage, list);

  gtk_widget_class_install_action (widget_class, "meetings.open", "s", open_action_cb);
  gtk_widget_class_install_action (widget_class, "meetings.refresh", NULL, refresh_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "meetings.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "meetings.refresh", NULL);
}

static void
plenum_meeting_list_page_init (PlenumMeetingListPage *self)
{
  GtkWidget *header;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* "New meeting" opens the packet editor (window.edit-packet with no meeting id): the
   * secretariat's, shown only for a secretary. */
  header = gtk_widget_get_ancestor (GTK_WIDGET (self->window_title), ADW_TYPE_HEADER_BAR);
  self->new_meeting_button = gtk_button_new_with_label (_("New meeting"));
  gtk_widget_add_css_class (self->new_meeting_button, "plenum-touch");
  gtk_widget_set_tooltip_text (self->new_meeting_button,
                               _("Prepare a new meeting and publish its packet"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->new_meeting_button),
                                  "window.edit-packet");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->new_meeting_button),
                                          g_variant_new_string (""));
  gtk_widget_set_visible (self->new_meeting_button, FALSE);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->new_meeting_button);

  update_empty (self);
  update_account (self);
  update_progress (self);
}

GtkWidget *
plenum_meeting_list_page_new (PlenumSyncEngine *engine)
{
  g_return_val_if_fail (engine == NULL || PLENUM_IS_SYNC_ENGINE (engine), NULL);

  return g_object_new (PLENUM_TYPE_MEETING_LIST_PAGE, "sync-engine", engine, NULL);
}

PlenumSyncEngine *
plenum_meeting_list_page_get_sync_engine (PlenumMeetingListPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_LIST_PAGE (self), NULL);

  return self->engine;
}

void
plenum_meeting_list_page_set_sync_engine (PlenumMeetingListPage *self,
                                          PlenumSyncEngine      *engine)
{
  static const char * const progress_properties[] = {
    "notify::syncing", "notify::bytes-total", "notify::bytes-done",
    "notify::documents-total", "notify::documents-done",
  };

  g_return_if_fail (PLENUM_IS_MEETING_LIST_PAGE (self));
  g_return_if_fail (engine == NULL || PLENUM_IS_SYNC_ENGINE (engine));

  if (self->engine == engine)
    return;

  unbind (self);
  g_set_object (&self->engine, engine);
  plenum_offline_banner_set_sync_engine (self->banner, engine);

  if (engine != NULL)
    {
      self->meetings = g_object_ref (plenum_sync_engine_get_meetings (engine));
      gtk_list_box_bind_model (self->list, self->meetings, create_row_cb, self, NULL);
      g_signal_connect_swapped (self->meetings, "items-changed",
                                G_CALLBACK (meetings_items_changed_cb), self);

      g_signal_connect_swapped (engine, "notify::account", G_CALLBACK (engine_account_cb), self);
      for (guint i = 0; i < G_N_ELEMENTS (progress_properties); i++)
        g_signal_connect_swapped (engine, progress_properties[i], G_CALLBACK (engine_progress_cb), self);
    }

  update_empty (self);
  update_account (self);
  update_progress (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_ENGINE]);
}

GtkListBox *
plenum_meeting_list_page_get_list (PlenumMeetingListPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_LIST_PAGE (self), NULL);

  return self->list;
}

PlenumOfflineBanner *
plenum_meeting_list_page_get_banner (PlenumMeetingListPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_LIST_PAGE (self), NULL);

  return self->banner;
}

const char *
plenum_meeting_list_page_get_progress_text (PlenumMeetingListPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_LIST_PAGE (self), NULL);

  return self->progress_text;
}
