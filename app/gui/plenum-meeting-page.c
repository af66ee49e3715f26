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
#include "plenum-chair-console.h"
#include "plenum-document-row.h"
#include "plenum-error-text.h"
#include "plenum-meeting-page.h"
#include "plenum-meeting-row.h"
#include "plenum-offline-banner.h"
#include "plenum-opinion-sheet.h"
#include "plenum-readiness-board.h"

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
  GtkWidget           *opinion_sheet; /* the same member's opinion rounds, under the
                                       * ballot sheet; hidden while the meeting has no
                                       * round; NULL when signed out */
  GtkLabel            *reminder_label; /* "Your opinion on … is due by …", at the top of
                                        * the documents' column; a strip when urgent */

  /* The live meeting (issue #7); the widgets are made in code, in the template's
   * columns (they have no place of their own in it). */
  char                *current_item_id; /* where the chair is ("Now"), or NULL */
  GtkButton           *check_out_button; /* "Leave the meeting", beside the check-in */
  GtkWidget           *speak_box;
  GtkButton           *speak_button;     /* "Ask to speak" / "Withdraw" */
  GtkLabel            *speak_label;      /* "You are 3rd in line", … */
  gboolean             speak_asking;     /* the member asked (or waits to): the button
                                          * withdraws */
  GCancellable        *speak_cancellable; /* the request in flight; cancelled in dispose */
  GtkWidget           *console_box;      /* the chair's column beside the documents */
  GtkWidget           *console;          /* PlenumChairConsole, or NULL */
  GtkToggleButton     *console_button;   /* "Chair console" in the header bar */

  /* The readiness board (issue #8), for a secretary: it takes the documents' place
   * while "Terminals" in the header bar is down. Made in code, like the above. */
  GtkToggleButton     *terminals_button; /* "Terminals" */
  GtkWidget           *edit_button;      /* "Edit packet" (issue #8): window.edit-packet */
  GtkWidget           *board_box;        /* beside the documents, holds the board */
  GtkWidget           *board;            /* PlenumReadinessBoard, or NULL */

  /* A conflict of interest on the selected item (made in code, under its title). */
  GtkToggleButton     *conflict_button;  /* "I have a conflict of interest in this item" */
  GtkLabel            *conflict_label;   /* its state in words */
  gboolean             conflict_updating; /* the button follows the store: not a tap */
  GCancellable        *conflict_cancellable; /* the save in flight; cancelled in dispose */
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

/* "Now" on the row of the item the chair is on: a word, not a colour. The agenda row
 * has no place for it; it goes at the end of the row's box. */
static void
mark_now (GtkListBoxRow *row,
          gboolean       now)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (row), "plenum-now-label");
  GtkWidget *box = gtk_list_box_row_get_child (row);

  if (label == NULL && now && GTK_IS_BOX (box))
    {
      label = gtk_label_new (_("Now"));
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_add_css_class (label, "accent");
      gtk_box_append (GTK_BOX (box), label);
      g_object_set_data (G_OBJECT (row), "plenum-now-label", label);
    }
  if (label != NULL)
    gtk_widget_set_visible (label, now);
  if (now)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    _("The chair is on this item now"), -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static GtkWidget *
create_agenda_row_cb (gpointer item,
                      gpointer user_data)
{
  PlenumMeetingPage *self = user_data;
  GtkWidget *row = plenum_agenda_row_new (PLENUM_AGENDA_ITEM (item));

  if (self->current_item_id != NULL &&
      g_strcmp0 (plenum_agenda_item_get_id (PLENUM_AGENDA_ITEM (item)), self->current_item_id) == 0)
    mark_now (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
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
  g_object_set (row, "engine", self->engine, "meeting", self->meeting, NULL);
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

static void update_conflict (PlenumMeetingPage *self);

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
      update_conflict (self);
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
  update_conflict (self);

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
  /* Checked in (the server may not have it yet): the member may leave. */
  if (self->check_out_button != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->check_out_button),
                            account != NULL && checked_in && state != PLENUM_OUTBOX_STATE_REFUSED);
  gtk_widget_set_visible (GTK_WIDGET (self->check_in_label), *text != '\0');
  if (g_strcmp0 (gtk_label_get_text (self->check_in_label), text) != 0)
    gtk_label_set_text (self->check_in_label, text);
}

/* The check-in or check-out in flight is saved (or failed to be): the buttons come
 * back, and a failure to save is said under them. */
static void
attendance_done (PlenumMeetingPage *self,
                 const GError      *error)
{
  g_clear_object (&self->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_in_button), TRUE);
  if (self->check_out_button != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (self->check_out_button), TRUE);
  update_check_in (self);

  if (error != NULL)
    {
      g_autofree char *text = plenum_error_text (error);

      gtk_label_set_text (self->check_in_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->check_in_label), TRUE);
    }
}

/* The check-in or the check-out is saved (or not). */
static void
attendance_saved_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PlenumMeetingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *operation_id = NULL;

  if (g_async_result_is_tagged (result, plenum_sync_engine_check_in_async))
    operation_id = plenum_sync_engine_check_in_finish (PLENUM_SYNC_ENGINE (source), result, &error);
  else
    operation_id = plenum_sync_engine_live_action_finish (PLENUM_SYNC_ENGINE (source), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    attendance_done (self, error);
}

/* A check-in or check-out starts (FALSE: one is in flight already): its @button waits
 * until attendance_done(). */
static gboolean
attendance_start (PlenumMeetingPage *self,
                  GtkButton         *button)
{
  if (self->cancellable != NULL || self->engine == NULL)
    return FALSE;

  self->cancellable = g_cancellable_new ();
  if (button != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  return TRUE;
}

static void
check_in_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PlenumMeetingPage *self = PLENUM_MEETING_PAGE (widget);

  if (!attendance_start (self, self->check_in_button))
    return;
  plenum_sync_engine_check_in_async (self->engine, self->meeting_id, self->cancellable,
                                     attendance_saved_cb, g_object_ref (self));
}

static void update_speak (PlenumMeetingPage *self);

static void
operation_settled_cb (PlenumSyncEngine      *engine,
                      PlenumOutboxOperation *op,
                      PlenumMeetingPage     *self)
{
  update_check_in (self);
  update_speak (self);
  update_conflict (self);
}

/* The opinion sheet's reminder, in words (the strip's look only adds to them). */
static void
update_reminder (PlenumMeetingPage *self)
{
  const char *text = NULL;
  gboolean urgent = FALSE;

  if (self->reminder_label == NULL)
    return;
  if (self->opinion_sheet != NULL)
    text = plenum_opinion_sheet_get_reminder (PLENUM_OPINION_SHEET (self->opinion_sheet), &urgent);
  gtk_widget_set_visible (GTK_WIDGET (self->reminder_label), text != NULL);
  if (g_strcmp0 (gtk_label_get_text (self->reminder_label), text != NULL ? text : "") != 0)
    gtk_label_set_text (self->reminder_label, text != NULL ? text : "");
  /* Within two hours it stands out as a strip under the header; a day ahead it is a
   * line. */
  if (urgent)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->reminder_label), "plenum-offline-banner");
      gtk_widget_add_css_class (GTK_WIDGET (self->reminder_label), "heading");
      gtk_widget_remove_css_class (GTK_WIDGET (self->reminder_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->reminder_label), "plenum-offline-banner");
      gtk_widget_remove_css_class (GTK_WIDGET (self->reminder_label), "heading");
      gtk_widget_add_css_class (GTK_WIDGET (self->reminder_label), "dim-label");
    }
}

/* The ballot sheet and the opinion sheet go under the check-in state, in the same
 * column (the template has no place of its own for them); one each per signed-in
 * member. */
static void
update_ballot_sheet (PlenumMeetingPage *self)
{
  PlenumMember *account = plenum_sync_engine_get_account (self->engine);
  const char *account_id = account != NULL ? plenum_member_get_id (account) : NULL;
  PlenumStore *store = plenum_sync_engine_get_store (self->engine);
  GtkWidget *column;

  if (self->ballot_sheet != NULL && g_strcmp0 (account_id, self->ballot_account) == 0)
    return;
  if (self->ballot_sheet != NULL)
    {
      gtk_box_remove (GTK_BOX (gtk_widget_get_parent (self->ballot_sheet)), self->ballot_sheet);
      self->ballot_sheet = NULL;
    }
  if (self->opinion_sheet != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->opinion_sheet, self);
      gtk_box_remove (GTK_BOX (gtk_widget_get_parent (self->opinion_sheet)), self->opinion_sheet);
      self->opinion_sheet = NULL;
    }
  g_clear_pointer (&self->ballot_account, g_free);
  column = gtk_widget_get_parent (GTK_WIDGET (self->check_in_label));
  if (account_id == NULL || !GTK_IS_BOX (column))
    {
      update_reminder (self);
      return;
    }
  self->ballot_account = g_strdup (account_id);
  self->ballot_sheet = plenum_ballot_sheet_new (store, account_id, self->meeting_id);
  gtk_box_append (GTK_BOX (column), self->ballot_sheet);
  self->opinion_sheet = plenum_opinion_sheet_new (store, account_id, self->meeting_id);
  g_signal_connect_swapped (self->opinion_sheet, "reminder-changed",
                            G_CALLBACK (update_reminder), self);
  gtk_box_append (GTK_BOX (column), self->opinion_sheet);
  update_reminder (self);
}

/* Conflicts of interest (issue #7) */

char *
plenum_meeting_page_format_conflict (gboolean           declared,
                                     PlenumOutboxState  state,
                                     const char        *code,
                                     const char        *message)
{
  const char *reason;

  switch (state)
    {
    case PLENUM_OUTBOX_STATE_SENT:
      return g_strdup (declared ? _("Declared: you do not vote on this item") : "");
    case PLENUM_OUTBOX_STATE_REFUSED:
      if (g_strcmp0 (code, "vote_in_progress") == 0)
        reason = _("a vote on this item is open; try again once it is closed");
      else if (message != NULL && message[0] != '\0')
        reason = message;
      else
        reason = _("the server did not accept it");
      /* Translators: %s says why a declaration of a conflict of interest (or its
       * withdrawal) was not recorded. */
      return g_strdup_printf (_("Not recorded: %s"), reason);
    case PLENUM_OUTBOX_STATE_QUEUED:
    case PLENUM_OUTBOX_STATE_SENDING:
    default:
      return g_strdup (declared ? _("Declared — will be sent when the terminal is back online")
                                : _("Withdrawn — will be sent when the terminal is back online"));
    }
}

static void
update_conflict (PlenumMeetingPage *self)
{
  PlenumMember *account = plenum_sync_engine_get_account (self->engine);
  PlenumOutboxState state = PLENUM_OUTBOX_STATE_SENT;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  gboolean declared = FALSE;
  gboolean made;

  if (self->conflict_button == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->conflict_button),
                          account != NULL && self->selected_item != NULL);
  if (account == NULL || self->selected_item == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->conflict_label), FALSE);
      return;
    }
  made = plenum_store_get_conflict (plenum_sync_engine_get_store (self->engine),
                                    plenum_member_get_id (account),
                                    plenum_agenda_item_get_id (self->selected_item), &declared,
                                    &state, &code, &message);
  text = made ? plenum_meeting_page_format_conflict (declared, state, code, message)
              : g_strdup ("");
  /* Refused: the declaration stands as it was before the member's last tap. */
  self->conflict_updating = TRUE;
  gtk_toggle_button_set_active (self->conflict_button,
                                made && (state == PLENUM_OUTBOX_STATE_REFUSED ? !declared : declared));
  self->conflict_updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->conflict_button), self->conflict_cancellable == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->conflict_label), *text != '\0');
  if (g_strcmp0 (gtk_label_get_text (self->conflict_label), text) != 0)
    gtk_label_set_text (self->conflict_label, text);
}

static void
conflict_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlenumMeetingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *operation_id = NULL;

  operation_id = plenum_store_save_conflict_finish (PLENUM_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->conflict_cancellable);
  update_conflict (self);
  if (error != NULL)
    {
      g_autofree char *text = plenum_error_text (error);

      gtk_label_set_text (self->conflict_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->conflict_label), TRUE);
    }
}

static void
on_conflict_toggled_cb (GtkToggleButton   *button,
                        PlenumMeetingPage *self)
{
  PlenumMember *account = plenum_sync_engine_get_account (self->engine);

  if (self->conflict_updating || self->conflict_cancellable != NULL || account == NULL ||
      self->selected_item == NULL)
    return;
  self->conflict_cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  plenum_store_save_conflict_async (plenum_sync_engine_get_store (self->engine),
                                    plenum_member_get_id (account), self->meeting_id,
                                    plenum_agenda_item_get_id (self->selected_item),
                                    gtk_toggle_button_get_active (button),
                                    self->conflict_cancellable, conflict_saved_cb,
                                    g_object_ref (self));
}

static void
on_conflicts_changed_cb (PlenumStore       *store,
                         const char        *meeting_id,
                         PlenumMeetingPage *self)
{
  if (g_strcmp0 (meeting_id, self->meeting_id) == 0)
    update_conflict (self);
}

/* The live meeting (issue #7) */

gboolean
plenum_meeting_page_is_in_progress (PlenumSyncEngine *engine,
                                    PlenumMeeting    *meeting)
{
  g_autoptr(PlenumPosition) position = NULL;

  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (engine), FALSE);
  g_return_val_if_fail (meeting == NULL || PLENUM_IS_MEETING (meeting), FALSE);

  if (meeting == NULL)
    return FALSE;
  switch (plenum_meeting_get_status (meeting))
    {
    case PLENUM_MEETING_STATUS_IN_PROGRESS:
      return TRUE;
    case PLENUM_MEETING_STATUS_CLOSED:
      return FALSE;
    case PLENUM_MEETING_STATUS_SCHEDULED:
    default:
      /* The chair's first move starts the meeting; the position may reach this
       * terminal before the meeting's new status does. */
      position = plenum_sync_engine_get_position (engine, plenum_meeting_get_id (meeting));
      return position != NULL && plenum_position_get_item_id (position) != NULL;
    }
}

char *
plenum_meeting_page_format_place (gint place)
{
  if (place < 0)
    return g_strdup ("");
  if (place == 0)
    return g_strdup (_("You have the floor"));
  /* Translators: the member's place in the queue of those who asked to speak. English
   * needs four forms for the ordinal (1st, 2nd, 3rd, 4th); a language that needs one
   * translates the four alike. */
  if (place % 10 == 1 && place % 100 != 11)
    return g_strdup_printf (_("You are %dst in line"), place);
  if (place % 10 == 2 && place % 100 != 12)
    return g_strdup_printf (_("You are %dnd in line"), place);
  if (place % 10 == 3 && place % 100 != 13)
    return g_strdup_printf (_("You are %drd in line"), place);
  return g_strdup_printf (_("You are %dth in line"), place);
}

static void
update_now (PlenumMeetingPage *self)
{
  g_autoptr(PlenumPosition) position = plenum_sync_engine_get_position (self->engine, self->meeting_id);
  const char *item_id = position != NULL ? plenum_position_get_item_id (position) : NULL;
  GtkListBoxRow *row;

  if (g_strcmp0 (item_id, self->current_item_id) == 0)
    return;
  g_free (self->current_item_id);
  self->current_item_id = g_strdup (item_id);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->agenda_list, i)) != NULL; i++)
    {
      PlenumAgendaItem *item = plenum_agenda_row_get_item (PLENUM_AGENDA_ROW (row));

      mark_now (row, item_id != NULL && g_strcmp0 (plenum_agenda_item_get_id (item), item_id) == 0);
    }
}

/* The newest of the member's own requests about the speakers' queue of this meeting
 * (asking or withdrawing), or NULL. */
static PlenumOutboxOperation *
find_speak_operation (PlenumMeetingPage *self)
{
  g_autoptr(GPtrArray) ops = plenum_sync_engine_list_operations (self->engine);
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/speakers", self->meeting_id);

  for (guint i = ops->len; i > 0; i--)
    {
      PlenumOutboxOperation *op = g_ptr_array_index (ops, i - 1);

      if (g_str_has_prefix (plenum_outbox_operation_get_path (op), path))
        return plenum_outbox_operation_ref (op);
    }
  return NULL;
}

static void
update_speak (PlenumMeetingPage *self)
{
  PlenumMember *account = plenum_sync_engine_get_account (self->engine);
  g_autoptr(PlenumSpeakerQueue) queue = NULL;
  g_autoptr(PlenumOutboxOperation) op = NULL;
  g_autofree char *text = NULL;
  gboolean live, pending, asking;
  gint place = -1;

  if (self->speak_box == NULL)
    return;
  live = account != NULL && plenum_meeting_page_is_in_progress (self->engine, self->meeting);
  gtk_widget_set_visible (self->speak_box, live);
  if (!live)
    return;

  queue = plenum_sync_engine_get_speakers (self->engine, self->meeting_id);
  if (queue != NULL)
    place = plenum_speaker_queue_find (queue, plenum_member_get_id (account));
  op = find_speak_operation (self);
  pending = op != NULL &&
            (plenum_outbox_operation_get_state (op) == PLENUM_OUTBOX_STATE_QUEUED ||
             plenum_outbox_operation_get_state (op) == PLENUM_OUTBOX_STATE_SENDING);

  /* While a request waits in the outbox, the button already says what the member
   * asked for; the queue as the server last told it would say the opposite. */
  if (pending)
    {
      asking = g_strcmp0 (plenum_outbox_operation_get_method (op), "DELETE") != 0;
      text = g_strdup (_("Waiting to be sent"));
    }
  else
    {
      asking = place >= 0;
      text = plenum_meeting_page_format_place (place);
    }

  self->speak_asking = asking;
  gtk_button_set_label (self->speak_button, asking ? _("Withdraw") : _("Ask to speak"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->speak_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  asking ? _("Leaves the queue of those who asked to speak")
                                         : _("Asks the chair for the floor"),
                                  -1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->speak_button), self->speak_cancellable == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->speak_label), *text != '\0');
  if (g_strcmp0 (gtk_label_get_text (self->speak_label), text) != 0)
    gtk_label_set_text (self->speak_label, text);
}

static void
speak_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PlenumMeetingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *operation_id = NULL;

  operation_id = plenum_sync_engine_live_action_finish (PLENUM_SYNC_ENGINE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->speak_cancellable);
  update_speak (self);
  if (error != NULL)
    {
      g_autofree char *text = plenum_error_text (error);

      gtk_label_set_text (self->speak_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->speak_label), TRUE);
    }
}

static void
speak_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PlenumMeetingPage *self = PLENUM_MEETING_PAGE (widget);
  gboolean withdraw = self->speak_asking;

  if (self->speak_cancellable != NULL || self->engine == NULL || self->speak_button == NULL ||
      plenum_sync_engine_get_account (self->engine) == NULL)
    return;

  self->speak_cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->speak_button), FALSE);
  if (withdraw)
    plenum_sync_engine_withdraw_speak_async (self->engine, self->meeting_id, self->speak_cancellable,
                                             speak_done_cb, g_object_ref (self));
  else
    plenum_sync_engine_ask_to_speak_async (self->engine, self->meeting_id, self->speak_cancellable,
                                           speak_done_cb, g_object_ref (self));
}

static void
check_out_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PlenumMeetingPage *self = PLENUM_MEETING_PAGE (widget);

  if (!attendance_start (self, self->check_out_button))
    return;
  plenum_sync_engine_check_out_async (self->engine, self->meeting_id, self->cancellable,
                                      attendance_saved_cb, g_object_ref (self));
}

/* The chair's console: a column beside the documents, shown while the signed-in member
 * chairs this meeting, and hidden or shown again with "Chair console" in the header. */
static void
update_console (PlenumMeetingPage *self)
{
  gboolean chair;

  if (self->console_box == NULL)
    return;
  chair = plenum_sync_engine_get_account (self->engine) != NULL &&
          plenum_sync_engine_is_chair (self->engine, self->meeting_id);
  if (chair && self->console == NULL)
    {
      self->console = plenum_chair_console_new (self->engine, self->meeting_id);
      gtk_widget_set_vexpand (self->console, TRUE);
      gtk_box_append (GTK_BOX (self->console_box), self->console);
    }
  else if (!chair && self->console != NULL)
    {
      gtk_box_remove (GTK_BOX (self->console_box), self->console);
      self->console = NULL;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->console_button), chair);
  gtk_widget_set_visible (self->console_box,
                          chair && gtk_toggle_button_get_active (self->console_button));
}

/* The readiness board: for a secretary only (the server refuses the list to anyone
 * else), made when first shown, dropped when the account changes. While it is shown it
 * hides the documents, and being unmapped when hidden stops its timer. */
static void
update_terminals (PlenumMeetingPage *self)
{
  PlenumMember *account;
  gboolean secretary, shown;

  if (self->board_box == NULL)
    return;
  account = plenum_sync_engine_get_account (self->engine);
  secretary = account != NULL && plenum_member_get_role (account) == PLENUM_ROLE_SECRETARY;
  if (!secretary && gtk_toggle_button_get_active (self->terminals_button))
    {
      /* Re-entered through "toggled"; the rest is done there. */
      gtk_toggle_button_set_active (self->terminals_button, FALSE);
      return;
    }
  shown = secretary && gtk_toggle_button_get_active (self->terminals_button);
  if (shown && self->board == NULL)
    {
      self->board = plenum_readiness_board_new (self->engine, self->meeting_id);
      gtk_widget_set_hexpand (self->board, TRUE);
      gtk_widget_set_vexpand (self->board, TRUE);
      gtk_box_append (GTK_BOX (self->board_box), self->board);
    }
  else if (!secretary && self->board != NULL)
    {
      gtk_box_remove (GTK_BOX (self->board_box), self->board);
      self->board = NULL;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->terminals_button), secretary);
  gtk_widget_set_visible (self->edit_button, secretary);
  gtk_widget_set_visible (self->board_box, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->content_stack), !shown);
  if (shown)
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
update_live (PlenumMeetingPage *self)
{
  update_now (self);
  update_speak (self);
  update_console (self);
}

static void
position_changed_cb (PlenumSyncEngine  *engine,
                     const char        *meeting_id,
                     PlenumMeetingPage *self)
{
  if (g_strcmp0 (meeting_id, self->meeting_id) == 0)
    {
      update_now (self);
      /* The first move starts the meeting: asking to speak is possible from then on. */
      update_speak (self);
    }
}

static void
speakers_changed_cb (PlenumSyncEngine  *engine,
                     const char        *meeting_id,
                     PlenumMeetingPage *self)
{
  if (g_strcmp0 (meeting_id, self->meeting_id) == 0)
    update_speak (self);
}

/* The check-out, the speakers' queue and the chair's column have no place in the
 * template: they are put in its columns here. */
static void
build_live_widgets (PlenumMeetingPage *self)
{
  GtkWidget *column = gtk_widget_get_parent (GTK_WIDGET (self->check_in_label));
  GtkWidget *header = gtk_widget_get_ancestor (GTK_WIDGET (self->content_title), ADW_TYPE_HEADER_BAR);
  GtkWidget *row, *widget;

  g_assert (GTK_IS_BOX (column));
  g_assert (GTK_IS_BOX (self->content));
  g_assert (header != NULL);

  /* "Leave the meeting" beside "Check in" (one of the two shows at a time). */
  widget = gtk_button_new_with_label (_("Leave the meeting"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (widget), "meeting.check-out");
  gtk_widget_set_halign (widget, GTK_ALIGN_START);
  gtk_widget_set_margin_top (widget, 6);
  gtk_widget_set_visible (widget, FALSE);
  gtk_widget_add_css_class (widget, "plenum-touch");
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Records that you have left this meeting"), -1);
  gtk_box_insert_child_after (GTK_BOX (column), widget, GTK_WIDGET (self->check_in_button));
  self->check_out_button = GTK_BUTTON (widget);

  /* Asking to speak, under the check-in state. */
  self->speak_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (self->speak_box, 6);
  gtk_widget_set_visible (self->speak_box, FALSE);
  widget = gtk_button_new_with_label (_("Ask to speak"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (widget), "meeting.speak");
  gtk_widget_set_halign (widget, GTK_ALIGN_START);
  gtk_widget_add_css_class (widget, "plenum-touch");
  gtk_box_append (GTK_BOX (self->speak_box), widget);
  self->speak_button = GTK_BUTTON (widget);
  widget = g_object_new (GTK_TYPE_LABEL,
                         "xalign", 0.0f,
                         "wrap", TRUE,
                         "width-chars", 16,
                         "visible", FALSE,
                         "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS,
                         NULL);
  gtk_widget_add_css_class (widget, "heading");
  gtk_box_append (GTK_BOX (self->speak_box), widget);
  self->speak_label = GTK_LABEL (widget);
  gtk_box_insert_child_after (GTK_BOX (column), self->speak_box, GTK_WIDGET (self->check_in_label));

  /* The member's conflict of interest on the item, under its title: a toggle and its
   * state in words. */
  widget = gtk_toggle_button_new_with_label (_("I have a conflict of interest in this item"));
  gtk_widget_set_halign (widget, GTK_ALIGN_START);
  gtk_widget_set_visible (widget, FALSE);
  gtk_widget_add_css_class (widget, "plenum-touch");
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("While it is declared you do not vote on this item"), -1);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (self->closed_box)), widget,
                              self->closed_box);
  self->conflict_button = GTK_TOGGLE_BUTTON (widget);
  g_signal_connect (widget, "toggled", G_CALLBACK (on_conflict_toggled_cb), self);
  widget = g_object_new (GTK_TYPE_LABEL,
                         "xalign", 0.0f,
                         "wrap", TRUE,
                         "visible", FALSE,
                         "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS,
                         NULL);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (self->closed_box)), widget,
                              GTK_WIDGET (self->conflict_button));
  self->conflict_label = GTK_LABEL (widget);

  /* The opinion reminder, under the documents' header. */
  widget = g_object_new (GTK_TYPE_LABEL,
                         "xalign", 0.0f,
                         "wrap", TRUE,
                         "visible", FALSE,
                         "margin-start", 18,
                         "margin-end", 18,
                         "margin-top", 6,
                         "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS,
                         NULL);
  gtk_box_insert_child_after (GTK_BOX (self->content), widget, header);
  self->reminder_label = GTK_LABEL (widget);

  /* The documents and, for the chair, the console beside them. */
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_vexpand (row, TRUE);
  g_object_ref (self->content_stack);
  gtk_box_remove (GTK_BOX (self->content), GTK_WIDGET (self->content_stack));
  gtk_widget_set_hexpand (GTK_WIDGET (self->content_stack), TRUE);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->content_stack));
  g_object_unref (self->content_stack);
  self->console_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_visible (self->console_box, FALSE);
  gtk_box_append (GTK_BOX (self->console_box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (row), self->console_box);
  self->board_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (self->board_box, TRUE);
  gtk_widget_set_visible (self->board_box, FALSE);
  gtk_box_insert_child_after (GTK_BOX (row), self->board_box, GTK_WIDGET (self->content_stack));
  gtk_box_append (GTK_BOX (self->content), row);

  widget = gtk_toggle_button_new_with_label (_("Chair console"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (widget), TRUE);
  gtk_widget_set_visible (widget, FALSE);
  gtk_widget_add_css_class (widget, "plenum-touch");
  gtk_widget_set_tooltip_text (widget, _("Show or hide the chair’s console"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), widget);
  self->console_button = GTK_TOGGLE_BUTTON (widget);
  g_signal_connect_swapped (widget, "toggled", G_CALLBACK (update_console), self);

  widget = gtk_toggle_button_new_with_label (_("Terminals"));
  gtk_widget_set_visible (widget, FALSE);
  gtk_widget_add_css_class (widget, "plenum-touch");
  gtk_widget_set_tooltip_text (widget, _("Show which terminals hold this meeting’s papers"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), widget);
  self->terminals_button = GTK_TOGGLE_BUTTON (widget);
  g_signal_connect_swapped (widget, "toggled", G_CALLBACK (update_terminals), self);

  widget = gtk_button_new_with_label (_("Edit packet"));
  gtk_widget_set_visible (widget, FALSE);
  gtk_widget_add_css_class (widget, "plenum-touch");
  gtk_widget_set_tooltip_text (widget, _("Change this meeting’s agenda and documents, and publish them"));
  /* The target (the meeting's id) is set by plenum_meeting_page_new(). */
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), widget);
  self->edit_button = widget;
}

static void
account_changed_cb (PlenumMeetingPage *self)
{
  update_check_in (self);
  update_ballot_sheet (self);
  update_live (self);
  update_conflict (self);
  update_terminals (self);
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
      update_live (self);
    }
}

static void
meetings_changed_cb (PlenumSyncEngine  *engine,
                     PlenumMeetingPage *self)
{
  load_meeting (self);
  update_check_in (self);
  update_live (self);
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
  g_cancellable_cancel (self->speak_cancellable);
  g_clear_object (&self->speak_cancellable);
  g_cancellable_cancel (self->conflict_cancellable);
  g_clear_object (&self->conflict_cancellable);
  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->engine, self);
      g_signal_handlers_disconnect_by_data (plenum_sync_engine_get_store (self->engine), self);
    }
  if (self->conflict_button != NULL)
    g_signal_handlers_disconnect_by_data (self->conflict_button, self);
  self->conflict_button = NULL;
  self->conflict_label = NULL;
  if (self->console_button != NULL)
    g_signal_handlers_disconnect_by_data (self->console_button, self);
  if (self->terminals_button != NULL)
    g_signal_handlers_disconnect_by_data (self->terminals_button, self);
  /* These go with the template's columns. */
  self->check_out_button = NULL;
  self->speak_box = NULL;
  self->speak_button = NULL;
  self->speak_label = NULL;
  self->console_box = NULL;
  self->console = NULL;
  self->console_button = NULL;
  self->terminals_button = NULL;
  self->edit_button = NULL;
  self->board_box = NULL;
  self->board = NULL;
  if (self->agenda_list != NULL)
    gtk_list_box_bind_model (self->agenda_list, NULL, NULL, NULL, NULL);
  if (self->document_list != NULL)
    gtk_list_box_bind_model (self->document_list, NULL, NULL, NULL, NULL);
  self->ballot_sheet = NULL;  /* goes with the template's column */
  if (self->opinion_sheet != NULL)
    g_signal_handlers_disconnect_by_data (self->opinion_sheet, self);
  self->opinion_sheet = NULL;
  self->reminder_label = NULL;
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
  g_clear_pointer (&self->current_item_id, g_free);

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
  gtk_widget_class_install_action (widget_class, "meeting.check-out", NULL, check_out_action_cb);
  gtk_widget_class_install_action (widget_class, "meeting.speak", NULL, speak_action_cb);
}

static void
plenum_meeting_page_init (PlenumMeetingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_live_widgets (self);
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
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->edit_button),
                                          g_variant_new_string (meeting_id));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->edit_button), "window.edit-packet");

  g_signal_connect (engine, "meeting-changed", G_CALLBACK (meeting_changed_cb), self);
  g_signal_connect (engine, "meetings-changed", G_CALLBACK (meetings_changed_cb), self);
  g_signal_connect (engine, "document-changed", G_CALLBACK (document_changed_cb), self);
  g_signal_connect (engine, "operation-sent", G_CALLBACK (operation_settled_cb), self);
  g_signal_connect (engine, "operation-refused", G_CALLBACK (operation_settled_cb), self);
  g_signal_connect_swapped (engine, "notify::account", G_CALLBACK (account_changed_cb), self);
  g_signal_connect (engine, "position-changed", G_CALLBACK (position_changed_cb), self);
  g_signal_connect (engine, "speakers-changed", G_CALLBACK (speakers_changed_cb), self);
  g_signal_connect (plenum_sync_engine_get_store (engine), "conflicts-changed",
                    G_CALLBACK (on_conflicts_changed_cb), self);
  /* A declaration's state follows its operation. */
  g_signal_connect_swapped (plenum_sync_engine_get_store (engine), "outbox-changed",
                            G_CALLBACK (update_conflict), self);

  /* Before the agenda is bound, so that its rows are made with "Now". */
  update_now (self);
  load_meeting (self);
  if (self->meeting == NULL)
    gtk_stack_set_visible_child_name (self->content_stack, "missing");
  update_check_in (self);
  update_ballot_sheet (self);
  update_live (self);
  update_terminals (self);

  return GTK_WIDGET (self);
}

GtkWidget *
plenum_meeting_page_get_ballot_sheet (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->ballot_sheet;
}

GtkToggleButton *
plenum_meeting_page_get_conflict_button (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->conflict_button;
}

const char *
plenum_meeting_page_get_conflict_text (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->conflict_label != NULL ? gtk_label_get_text (self->conflict_label) : "";
}

GtkWidget *
plenum_meeting_page_get_opinion_sheet (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->opinion_sheet;
}

const char *
plenum_meeting_page_get_reminder_text (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  if (self->reminder_label == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->reminder_label)))
    return "";
  return gtk_label_get_text (self->reminder_label);
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

gboolean
plenum_meeting_page_show_item (PlenumMeetingPage *self,
                               const char        *item_id)
{
  PlenumAgendaItem *item;
  GtkListBoxRow *row;

  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), FALSE);

  item = find_item (self, item_id);
  if (item == NULL)
    return FALSE;
  show_item (self, item);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  /* Scrolled to: the focus brings the row into view in the agenda's column. */
  row = gtk_list_box_get_selected_row (self->agenda_list);
  if (row != NULL && gtk_widget_get_mapped (GTK_WIDGET (row)))
    gtk_widget_grab_focus (GTK_WIDGET (row));
  return TRUE;
}

const char *
plenum_meeting_page_get_current_item_id (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->current_item_id;
}

GtkButton *
plenum_meeting_page_get_check_out_button (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->check_out_button;
}

GtkButton *
plenum_meeting_page_get_speak_button (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->speak_button;
}

const char *
plenum_meeting_page_get_speak_text (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->speak_label != NULL ? gtk_label_get_text (self->speak_label) : "";
}

GtkWidget *
plenum_meeting_page_get_chair_console (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->console;
}

GtkToggleButton *
plenum_meeting_page_get_terminals_button (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->terminals_button;
}

GtkWidget *
plenum_meeting_page_get_readiness_board (PlenumMeetingPage *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_PAGE (self), NULL);

  return self->board;
}
