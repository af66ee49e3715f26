/* plenum-meeting-page.c — a meeting's agenda and the documents of the selected item.
 * See plenum-meeting-page.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-meeting-page"

#include <glib/gi18n.h>

#include "plenum-agenda-row.h"
#include "plenum-ballot-sheet.h"
#include "plenum-document-row.h"
#include "plenum-error-text.h"
#include "plenum-meeting-page.h"
#include "plenum-meeting-row.h"
#include "plenum-offline-banner.h"

/* Everything here belongs to the main thread (GTK's); callbacks of the layers below
 * come on its main context. */
struct _PlenumMeetingPage
{
  GtkWidget            parent_instance;

  /* template children */
  AdwLeaflet          *leaflet;
  GtkWidget           *sidebar;
  PlenumOfflineBanner *banner;
  GtkLabel            *meeting_title_label;
  GtkLabel            *meeting_time_label;
  GtkLabel            *meeting_location_label;
  GtkListBox          *agenda_list;
  GtkWidget           *content;
  AdwWindowTitle      *content_title;
  GtkStack            *content_stack;
  GtkLabel            *item_title_label;
  GtkWidget           *closed_box;
  GtkListBox          *document_list;
  GtkButton           *check_in_button;
  GtkLabel            *check_in_label;

  PlenumSyncEngine    *engine;
  GCancellable        *cancellable;   /* of the check-in in flight; cancelled in dispose */
  char                *meeting_id;
  PlenumMeeting       *meeting;       /* as last read from the store, or NULL */
  PlenumAgendaItem    *selected_item; /* an item of meeting's agenda, or NULL */
  GtkWidget           *ballot_sheet;  /* the signed-in member's (issue #7), under the
                                       * check-in state; it hides itself while no vote
                                       * is open; NULL when signed out */
  char                *ballot_account; /* whose ballot sheet it is */
};

G_DEFINE_FINAL_TYPE (PlenumMeetingPage, plenum_meeting_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_ITEM_ID,
  N_PROPS
};

enum {
  SIGNAL_DOCUMENT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GtkWidget *
create_agenda_row_cb (gpointer item,
                      gpointer user_data)
{
  return plenum_agenda_row_new (PLENUM_AGENDA_ITEM (item));
}

static GtkWidget *
create_document_row_cb (gpointer item,
                        gpointer user_data)
{
  PlenumMeetingPage *self = user_data;
  PlenumDocument *document = PLENUM_DOCUMENT (item);
  GtkWidget *row = plenum_document_row_new (document);
  guint64 done = 0, total = 0;
  PlenumDocumentState state;

  state = plenum_sync_engine_get_document_state (self->engine, plenum_document_get_sha256 (document),
                                                 &done, &total);
  plenum_document_row_set_state (PLENUM_DOCUMENT_ROW (row), state, done, total);
  return row;
}

static PlenumAgendaItem *
find_item (PlenumMeetingPage *self,
           const char        *item_id)
{
  GListModel *agenda;

  if (self->meeting == NULL || item_id == NULL)
    return NULL;

  agenda = plenum_meeting_get_agenda (self->meeting);
  if (agenda == NULL)
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);

      if (g_strcmp0 (plenum_agenda_item_get_id (item), item_id) == 0)
        return item;
    }
  return NULL;
}

static void
select_agenda_row (PlenumMeetingPage *self)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->agenda_list, i)) != NULL; i++)
    if (plenum_agenda_row_get_item (PLENUM_AGENDA_ROW (row)) == self->selected_item)
      {
        gtk_list_box_select_row (self->agenda_list, row);
        return;
      }
  gtk_list_box_unselect_all (self->agenda_list);
}

static void
show_item (PlenumMeetingPage *self,
           PlenumAgendaItem  *item)
{
  g_autofree char *subtitle = NULL;
  GListModel *documents;

  if (item == self->selected_item)
    return;

  g_set_object (&self->selected_item, item);
  select_agenda_row (self);

  if (item == NULL)
    {
      gtk_list_box_bind_model (self->document_list, NULL, NULL, NULL, NULL);
      adw_window_title_set_title (self->content_title, "");
      adw_window_title_set_subtitle (self->content_title, "");
      gtk_stack_set_visible_child_name (self->content_stack,
                                        self->meeting != NULL && plenum_meeting_has_agenda (self->meeting)
                                          ? "no-item" : "missing");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM_ID]);
      return;
    }

  /* Translators: %s is an agenda item's number ("3", "3a"). */
  subtitle = g_strdup_printf (_("Item %s"), plenum_agenda_item_get_number (item));
  adw_window_title_set_title (self->content_title, subtitle);
  adw_window_title_set_subtitle (self->content_title,
                                 plenum_meeting_get_title (self->meeting));
  gtk_label_set_text (self->item_title_label, plenum_agenda_item_get_title (item));
  gtk_widget_set_visible (self->closed_box, plenum_agenda_item_get_closed_session (item));

  documents = plenum_agenda_item_get_documents (item);
  gtk_list_box_bind_model (self->document_list, documents, create_document_row_cb, self, NULL);
  gtk_stack_set_visible_child_name (self->content_stack,
                                    g_list_model_get_n_items (documents) > 0 ? "documents" : "no-documents");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM_ID]);
}

static gboolean
same_meeting (PlenumMeeting *a,
              PlenumMeeting *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return plenum_meeting_has_agenda (a) == plenum_meeting_has_agenda (b) &&
         plenum_meeting_get_packet_version (a) == plenum_meeting_get_packet_version (b) &&
         g_date_time_equal (plenum_meeting_get_updated_at (a), plenum_meeting_get_updated_at (b));
}

static void
load_meeting (PlenumMeetingPage *self)
{
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autofree char *selected_id = NULL;
  g_autofree char *time_text = NULL;
  PlenumAgendaItem *item = NULL;
  GListModel *agenda = NULL;
  const char *location;

  meeting = plenum_sync_engine_get_meeting (self->engine, self->meeting_id);
  if (self->meeting != NULL && same_meeting (self->meeting, meeting))
    return;

  if (self->selected_item != NULL)
    selected_id = g_strdup (plenum_agenda_item_get_id (self->selected_item));

  /* The old items go; the selection is found again by id in the new agenda. */
  show_item (self, NULL);
  gtk_list_box_bind_model (self->agenda_list, NULL, NULL, NULL, NULL);
  g_set_object (&self->meeting, meeting);

  if (meeting == NULL)
    {
      gtk_label_set_text (self->meeting_title_label, "");
      gtk_label_set_text (self->meeting_time_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->meeting_location_label), FALSE);
      gtk_stack_set_visible_child_name (self->content_stack, "missing");
      return;
    }

  gtk_label_set_text (self->meeting_title_label, plenum_meeting_get_title (meeting));
  time_text = plenum_format_meeting_time (plenum_meeting_get_starts_at (meeting));
  gtk_label_set_text (self->meeting_time_label, time_text);
  location = plenum_meeting_get_location (meeting);
  gtk_label_set_text (self->meeting_location_label, location != NULL ? location : "");
  gtk_widget_set_visible (GTK_WIDGET (self->meeting_location_label), location != NULL);

  agenda = plenum_meeting_get_agenda (meeting);
  if (agenda == NULL)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "missing");
      return;
    }

  gtk_list_box_bind_model (self->agenda_list, agenda, create_agenda_row_cb, self, NULL);

  item = find_item (self, selected_id);
  if (item == NULL && g_list_model_get_n_items (agenda) > 0)
    {
      g_autoptr(PlenumAgendaItem) first = g_list_model_get_item (agenda, 0);
      item = first;
    }
  show_item (self, item);
}


/* A sentence for a refusal code the server gives for attendance, or NULL. */
static const char *
refusal_text (const char *code)
{
  if (g_strcmp0 (code, "meeting_closed") == 0)
    return _("The meeting is closed");
  if (g_strcmp0 (code, "forbidden") == 0 || g_strcmp0 (code, "not_a_member") == 0)
    return _("You are not a member of this meeting’s body");
  if (g_strcmp0 (code, "not_found") == 0)
    return _("The meeting is no longer on the server");
  return NULL;
}

/* The newest operation of this meeting's attendance among the engine's, or NULL. */
static PlenumOutboxOperation *
find_check_in_operation (PlenumMeetingPage *self)
{
  g_autoptr(GPtrArray) ops = plenum_sync_engine_list_operations (self->engine);
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/attendance", self->meeting_id);

  for (guint i = ops->len; i > 0; i--)
    {
      PlenumOutboxOperation *op = g_ptr_array_index (ops, i - 1);

      if (g_strcmp0 (plenum_outbox_operation_get_path (op), path) == 0)
        return plenum_outbox_operation_ref (op);
    }
  return NULL;
}

char *
plenum_meeting_page_format_refusal (const char *code,
                                    const char *message)
{
  const char *reason = refusal_text (code);

  if (reason == NULL)
    reason = message;
  if (reason == NULL || *reason == '\0')
    reason = _("The server gave no reason");
  /* Translators: %s is the reason the server gave, as a sentence. */
  return g_strdup_printf (_("Check-in refused: %s"), reason);
}

static void
update_check_in (PlenumMeetingPage *self)
{
  PlenumMember *account = plenum_sync_engine_get_account (self->engine);
  PlenumOutboxState state = PLENUM_OUTBOX_STATE_QUEUED;
  g_autofree char *text = NULL;
  gboolean checked_in = FALSE;
  gboolean can_check_in;

  if (account != NULL)
    checked_in = plenum_store_get_attendance (plenum_sync_engine_get_store (self->engine),
                                              plenum_member_get_id (account),
                                              self->meeting_id, &state);

  if (!checked_in)
    text = g_strdup ("");
  else if (state == PLENUM_OUTBOX_STATE_SENT)
    text = g_strdup (_("Checked in"));
  else if (state == PLENUM_OUTBOX_STATE_REFUSED)
    {
      g_autoptr(PlenumOutboxOperation) op = find_check_in_operation (self);

      text = plenum_meeting_page_format_refusal (op != NULL ? plenum_outbox_operation_get_refused_code (op) : NULL,
                                                 op != NULL ? plenum_outbox_operation_get_refused_message (op) : NULL);
    }
  else
    text = g_strdup (_("Checked in — saved on this terminal, waiting to be sent"));

  /* A refused check-in may be tried again (a new operation). */
  can_check_in = account != NULL && self->meeting != NULL && self->cancellable == NULL &&
                 (!checked_in || state == PLENUM_OUTBOX_STATE_REFUSED);
  gtk_widget_set_visible (GTK_WIDGET (self->check_in_button), can_check_in);
  gtk_widget_set_visible (GTK_WIDGET (self->check_in_label), *text != '\0');
  if (g_strcmp0 (gtk_label_get_text (self->check_in_label), text) != 0)
    gtk_label_set_text (self->check_in_label, text);
}

static void
check_in_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PlenumMeetingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *operation_id = NULL;

  operation_id = plenum_sync_engine_check_in_finish (PLENUM_SYNC_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_in_button), TRUE);
  update_check_in (self);

  if (error != NULL)
    {
      g_autofree char *text = plenum_error_text (error);

      gtk_label_set_text (self->check_in_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->check_in_label), TRUE);
    }
}

static void
check_in_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PlenumMeetingPage *self = PLENUM_MEETING_PAGE (widget);

  if (self->cancellable != NULL || self->engine == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_in_button), FALSE);
  plenum_sync_engine_check_in_async (self->engine, self->meeting_id, self->cancellable,
                                     check_in_cb, g_object_ref (self));
}

static void
operation_settled_cb (PlenumSyncEngine      *engine,
                      PlenumOutboxOperation *op,
                      PlenumMeetingPage     *self)
{
  update_check_in (self);
}

/* The ballot sheet goes under the check-in state, in the same column (the template
 * has no place of its own for it); one per signed-in member. */
static void
update_ballot_sheet (PlenumMeetingPage *self)
{
  PlenumMember *account = plenum_sync_engine_get_account (self->engine);
  const char *account_id = account != NULL ? plenum_member_get_id (account) : NULL;
  GtkWidget *column;

  if (self->ballot_sheet != NULL && g_strcmp0 (account_id, self->ballot_account) == 0)
    return;
  if (self->ballot_sheet != NULL)
    {
      gtk_box_remove (GTK_BOX (gtk_widget_get_parent (self->ballot_sheet)), self->ballot_sheet);
      self->ballot_sheet = NULL;
    }
  g_clear_pointer (&self->ballot_account, g_free);
  column = gtk_widget_get_parent (GTK_WIDGET (self->check_in_label));
  if (account_id == NULL || !GTK_IS_BOX (column))
    return;
  self->ballot_account = g_strdup (account_id);
  self->ballot_sheet = plenum_ballot_sheet_new (plenum_sync_engine_get_store (self->engine),
                                                account_id, self->meeting_id);
  gtk_box_append (GTK_BOX (column), self->ballot_sheet);
}

static void
account_changed_cb (PlenumMeetingPage *self)
{
  update_check_in (self);
  update_ballot_sheet (self);
}

static void
meeting_changed_cb (PlenumSyncEngine  *engine,
                    const char        *meeting_id,
                    PlenumMeetingPage *self)
{
  if (g_strcmp0 (meeting_id, self->meeting_id) == 0)
    {
      load_meeting (self);
      update_check_in (self);
    }
}

static void
meetings_changed_cb (PlenumSyncEngine  *engine,
                     PlenumMeetingPage *self)
{
  load_meeting (self);
  update_check_in (self);
}

static void
document_changed_cb (PlenumSyncEngine  *engine,
                     const char        *sha256,
                     PlenumMeetingPage *self)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->document_list, i)) != NULL; i++)
    {
      PlenumDocument *document = plenum_document_row_get_document (PLENUM_DOCUMENT_ROW (row));
      guint64 done = 0, total = 0;
      PlenumDocumentState state;

      if (g_strcmp0 (plenum_document_get_sha256 (document), sha256) != 0)
        continue;
      state = plenum_sync_engine_get_document_state (engine, sha256, &done, &total);
      plenum_document_row_set_state (PLENUM_DOCUMENT_ROW (row), state, done, total);
    }
}

static PlenumDocument *
find_document (GListModel *documents,
               const char *sha256)
{
  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, i);

      if (g_strcmp0 (plenum_document_get_sha256 (document), sha256) == 0)
        return document;
    }
  return NULL;
}

static void
select_item_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PlenumMeetingPage *self = PLENUM_MEETING_PAGE (widget);
  PlenumAgendaItem *item = find_item (self, g_variant_get_string (parameter, NULL));

  if (item == NULL)
    return;

  show_item (self, item);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
open_document_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PlenumMeetingPage *self = PLENUM_MEETING_PAGE (widget);
  const char *sha256 = g_variant_get_string (parameter, NULL);
  PlenumDocument *document = NULL;
  GListModel *agenda;

  if (self->meeting == NULL || (agenda = plenum_meeting_get_agenda (self->meeting)) == NULL)
    return;

  /* The selected item first: a document can be attached to several items. */
  if (self->selected_item != NULL)
    document = find_document (plenum_agenda_item_get_documents (self->selected_item), sha256);
  for (guint i = 0; document == NULL && i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      document = find_document (plenum_agenda_item_get_documents (item), sha256);
    }

  if (document == NULL)
    return;
  if (plenum_sync_engine_get_document_state (self->engine, sha256, NULL, NULL) != PLENUM_DOCUMENT_STATE_VERIFIED)
    {
      gtk_widget_error_bell (widget);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_DOCUMENT_ACTIVATED], 0, document);
}

static void
show_agenda_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PlenumMeetingPage *self = PLENUM_MEETING_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
plenum_meeting_page_dispose (GObject *object)
{
  PlenumMeetingPage *self = PLENUM_MEETING_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->agenda_list != NULL)
    gtk_list_box_bind_model (self->agenda_list, NULL, NULL, NULL, NULL);
  if (self->document_list != NULL)
    gtk_list_box_bind_model (self->document_list, NULL, NULL, NULL, NULL);
  self->ballot_sheet = NULL;  /* goes with the template's column */
  gtk_widget_dispose_template (GTK_WIDGET (self), PLENUM_TYPE_MEETING_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selected_item);
  g_clear_object (&self->meeting);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (plenum_meeting_page_parent_class)->dispose (object);
}

static void
plenum_meeting_page_finalize (GObject *object)
{
  PlenumMeetingPage *self = PLENUM_MEETING_PAGE (object);

  g_clear_pointer (&self->meeting_id, g_free);
  g_clear_pointer (&self->ballot_account, g_free);

  G_OBJECT_CLASS (plenum_meeting_page_parent_class)->finalize (object);
}

static void
plenum_meeting_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PlenumMeetingPage *self = PLENUM_MEETING_PAGE (object);

  switch (prop_id)
    {
    case PROP_SELECTED_ITEM_ID:
      g_value_set_string (value, plenum_meeting_page_get_selected_item_id (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_meeting_page_class_init (PlenumMeetingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_meeting_page_dispose;
  object_class->finalize = plenum_meeting_page_finalize;
  object_class->get_property = plenum_meeting_page_get_property;

  properties[PROP_SELECTED_ITEM_ID] =
    g_param_spec_string ("selected-item-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_DOCUMENT_ACTIVATED] =
    g_signal_new ("document-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PLENUM_TYPE_DOCUMENT);

  g_type_ensure (PLENUM_TYPE_OFFLINE_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenum/Plenum/ui/plenum-meeting-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingPage, sidebar);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingPage, banner);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingPage, meeting_title_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingPage, meeting_time_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingPage, meeting_location_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingPage, agenda_list);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingPage, content);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingPage, content_title);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingPage, item_title_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingPage, closed_box);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingPage, document_list);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingPage, check_in_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingPage, check_in_label);

  gtk_widget_class_install_action (widget_class, "meeting.select-item", "s", select_item_action_cb);
  gtk_widget_class_install_action (widget_class, "meeting.open-document", "s", open_document_action_cb);
  gtk_widget_class_install_action (widget_class, "meeting.show-agenda", NULL, show_agenda_action_cb);
  gtk_widget_class_install_action (widget_class, "meeting.check-in", NULL, check_in_action_cb);
}

static void
plenum_meeting_page_init (PlenumMeetingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
plenum_meeting_page_new (PlenumSyncEngine *engine,
                         const char       *meeting_id)
{
  PlenumMeetingPage *self;

  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (meeting_id != NULL, NULL);

  self = g_object_new (PLENUM_TYPE_MEETING_PAGE, NULL);
  self->engine = g_object_ref (engine);
  self->meeting_id = g_strdup (meeting_id);
  plenum_offline_banner_set_sync_engine (self->banner, engine);

  g_signal_connect (engine, "meeting-changed", G_CALLBACK (meeting_changed_cb), self);
  g_signal_connect (engine, "meetings-changed", G_CALLBACK (meetings_changed_cb), self);
  g_signal_connect (engine, "document-changed", G_CALLBACK (document_changed_cb), self);
  g_signal_connect (engine, "operation-sent", G_CALLBACK (operation_settled_cb), self);
  g_signal_connect (engine, "operation-refused", G_CALLBACK (operation_settled_cb), self);
  g_signal_connect_swapped (engine, "notify::account", G_CALLBACK (account_changed_cb), self);

  load_meeting (self);
  if (self->meeting == NULL)
    gtk_stack_set_visible_child_name (self->content_stack, "missing");
  update_check_in (self);
  update_ballot_sheet (self);

  return GTK_WIDGET (self);
}

GtkWidget *
plenum_meeting_page_get_ballot_sheet (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->ballot_sheet;
}

const char *
plenum_meeting_page_get_meeting_id (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->meeting_id;
}

PlenumMeeting *
plenum_meeting_page_get_meeting (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->meeting;
}

const char *
plenum_meeting_page_get_selected_item_id (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->selected_item != NULL ? plenum_agenda_item_get_id (self->selected_item) : NULL;
}

GtkListBox *
plenum_meeting_page_get_agenda_list (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->agenda_list;
}

GtkButton *
plenum_meeting_page_get_check_in_button (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->check_in_button;
}

const char *
plenum_meeting_page_get_check_in_text (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return gtk_label_get_text (self->check_in_label);
}

GtkListBox *
plenum_meeting_page_get_document_list (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->document_list;
}
