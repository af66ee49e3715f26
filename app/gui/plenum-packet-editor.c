/* plenum-packet-editor.c — the committee office's packet editor (see
 * plenum-packet-editor.h).
 *
 * The draft (PlenumPacketDraft) is the one truth: entries write into it as they change,
 * and any change of the agenda's shape (an item added, moved or removed, a document
 * attached or removed) builds the agenda's widgets again from it. Built in code rather
 * than from a template because nearly all of it is made per item.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-packet-editor"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "core/plenum-agenda-item.h"
#include "core/plenum-body.h"
#include "core/plenum-document.h"
#include "core/plenum-json.h"
#include "core/plenum-member.h"
#include "plenum-agenda-row.h"
#include "plenum-document-row.h"
#include "plenum-packet-editor.h"

/* A stand-in hash for a file not hashed yet, so that the preview's rows can be made. */
#define UNHASHED "0000000000000000000000000000000000000000000000000000000000000000"

/* Everything here belongs to the main thread. */
struct _PlenumPacketEditor
{
  GtkWidget           parent_instance;

  PlenumSyncEngine   *engine;
  PlenumRenderClient *render_client;   /* may be NULL */
  PlenumPublisher    *publisher;       /* NULL when nobody may publish from here */
  GCancellable       *cancellable;     /* cancelled in dispose */
  PlenumPacketDraft  *draft;
  gboolean            is_new;
  GPtrArray          *bodies;          /* of PlenumBody, or NULL until read */
  guint               loading;         /* reads under way */
  char               *status_text;
  gboolean            filling;         /* the widgets are being set from the draft */

  /* widgets */
  GtkWidget          *box;             /* the one child */
  AdwWindowTitle     *window_title;
  GtkButton          *publish_button;
  GtkToggleButton    *preview_button;
  GtkStack           *stack;           /* "edit", "preview" */
  AdwEntryRow        *title_row;
  AdwEntryRow        *starts_row;
  AdwEntryRow        *location_row;
  AdwComboRow        *body_row;
  AdwComboRow        *chair_row;
  AdwComboRow        *vice_chair_row;
  GPtrArray          *chair_ids;       /* of char*: the ids behind chair_row's names */
  GtkWidget          *agenda_box;
  GPtrArray          *item_widgets;    /* of ItemWidgets, one per draft item */
  GtkListBox         *preview_agenda;
  GtkListBox         *preview_documents;
  GtkProgressBar     *progress;
  GtkLabel           *status_label;
};

G_DEFINE_FINAL_TYPE (PlenumPacketEditor, plenum_packet_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PUBLISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The widgets of one item, for tests and for the entries' writes. */
typedef struct {
  GtkWidget     *group;
  GtkDropTarget *drop;
  GtkSwitch     *closed;
  GtkEditable   *number;
  GtkEditable   *title;
} ItemWidgets;

static void rebuild_agenda (PlenumPacketEditor *self);
static void update_actions (PlenumPacketEditor *self);

static void
set_status (PlenumPacketEditor *self,
            const char         *text)
{
  g_free (self->status_text);
  self->status_text = g_strdup (text != NULL ? text : "");
  gtk_label_set_text (self->status_label, self->status_text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), self->status_text[0] != '\0');
}

static void
loading_changed (PlenumPacketEditor *self,
                 int                 delta)
{
  self->loading = (guint) ((int) self->loading + delta);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  update_actions (self);
}

/* ---- The meeting's fields ---------------------------------------------------------- */

static PlenumBody *
selected_body (PlenumPacketEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->body_row);

  if (self->bodies == NULL || selected == GTK_INVALID_LIST_POSITION ||
      selected >= self->bodies->len)
    return NULL;
  return g_ptr_array_index (self->bodies, selected);
}

static guint
find_id (GPtrArray  *ids,
         const char *id)
{
  for (guint i = 0; id != NULL && i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), id) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* Fills the chair and vice-chair lists with the members of the chosen body, keeping the
 * draft's choice when the member is there. */
static void
fill_chairs (PlenumPacketEditor *self)
{
  PlenumBody *body = selected_body (self);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) vice_names = gtk_string_list_new (NULL);
  guint chair, vice;

  g_ptr_array_set_size (self->chair_ids, 0);
  gtk_string_list_append (vice_names, _("None"));
  if (body != NULL)
    {
      GListModel *members = plenum_body_get_members (body);

      for (guint i = 0; i < g_list_model_get_n_items (members); i++)
        {
          g_autoptr(PlenumMember) member = g_list_model_get_item (members, i);

          g_ptr_array_add (self->chair_ids, g_strdup (plenum_member_get_id (member)));
          gtk_string_list_append (names, plenum_member_get_display_name (member));
          gtk_string_list_append (vice_names, plenum_member_get_display_name (member));
        }
    }
  self->filling = TRUE;
  adw_combo_row_set_model (self->chair_row, G_LIST_MODEL (names));
  adw_combo_row_set_model (self->vice_chair_row, G_LIST_MODEL (vice_names));
  chair = find_id (self->chair_ids, self->draft->chair_id);
  vice = find_id (self->chair_ids, self->draft->vice_chair_id);
  adw_combo_row_set_selected (self->chair_row, chair);
  adw_combo_row_set_selected (self->vice_chair_row,
                              vice == GTK_INVALID_LIST_POSITION ? 0 : vice + 1);
  self->filling = FALSE;
}

static void
fill_meeting (PlenumPacketEditor *self)
{
  g_autofree char *starts = NULL;
  guint body = GTK_INVALID_LIST_POSITION;

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), self->draft->title);
  if (self->draft->starts_at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (self->draft->starts_at);

      starts = g_date_time_format (local, "%Y-%m-%d %H:%M");
    }
  gtk_editable_set_text (GTK_EDITABLE (self->starts_row), starts != NULL ? starts : "");
  gtk_editable_set_text (GTK_EDITABLE (self->location_row),
                         self->draft->location != NULL ? self->draft->location : "");
  if (self->bodies != NULL)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      for (guint i = 0; i < self->bodies->len; i++)
        {
          PlenumBody *b = g_ptr_array_index (self->bodies, i);

          gtk_string_list_append (names, plenum_body_get_name (b));
          if (g_strcmp0 (plenum_body_get_id (b), self->draft->body_id) == 0)
            body = i;
        }
      adw_combo_row_set_model (self->body_row, G_LIST_MODEL (names));
      /* A new meeting with one body to choose from: that one. */
      if (body == GTK_INVALID_LIST_POSITION && self->bodies->len > 0 &&
          self->draft->body_id == NULL)
        {
          body = 0;
          self->draft->body_id = g_strdup (plenum_body_get_id (g_ptr_array_index (self->bodies, 0)));
        }
      adw_combo_row_set_selected (self->body_row, body);
    }
  self->filling = FALSE;
  fill_chairs (self);
}

/* "YYYY-MM-DD HH:MM" in local time; NULL for anything else. */
static GDateTime *
parse_starts (const char *text)
{
  int year, month, day, hour, minute;
  char end;

  if (text == NULL ||
      sscanf (text, "%d-%d-%d %d:%d%c", &year, &month, &day, &hour, &minute, &end) != 5)
    return plenum_time_parse (text);
  return g_date_time_new_local (year, month, day, hour, minute, 0);
}

static void
meeting_field_changed_cb (PlenumPacketEditor *self)
{
  const char *location;
  g_autoptr(GDateTime) starts = NULL;

  if (self->filling)
    return;
  g_free (self->draft->title);
  self->draft->title = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
  starts = parse_starts (gtk_editable_get_text (GTK_EDITABLE (self->starts_row)));
  g_clear_pointer (&self->draft->starts_at, g_date_time_unref);
  if (starts != NULL)
    self->draft->starts_at = g_date_time_to_utc (starts);
  location = gtk_editable_get_text (GTK_EDITABLE (self->location_row));
  g_free (self->draft->location);
  self->draft->location = location[0] != '\0' ? g_strdup (location) : NULL;
}

static void
body_selected_cb (PlenumPacketEditor *self)
{
  PlenumBody *body;

  if (self->filling)
    return;
  body = selected_body (self);
  g_free (self->draft->body_id);
  self->draft->body_id = body != NULL ? g_strdup (plenum_body_get_id (body)) : NULL;
  fill_chairs (self);
}

static void
chair_selected_cb (PlenumPacketEditor *self)
{
  guint chair, vice;

  if (self->filling)
    return;
  chair = adw_combo_row_get_selected (self->chair_row);
  vice = adw_combo_row_get_selected (self->vice_chair_row);
  g_free (self->draft->chair_id);
  self->draft->chair_id = chair < self->chair_ids->len
                          ? g_strdup (g_ptr_array_index (self->chair_ids, chair)) : NULL;
  g_free (self->draft->vice_chair_id);
  self->draft->vice_chair_id = vice != GTK_INVALID_LIST_POSITION && vice >= 1 &&
                               vice - 1 < self->chair_ids->len
                               ? g_strdup (g_ptr_array_index (self->chair_ids, vice - 1)) : NULL;
}

/* ---- The agenda ------------------------------------------------------------------- */

static void
item_number_changed_cb (GtkEditable     *editable,
                        PlenumDraftItem *item)
{
  g_free (item->number);
  item->number = g_strdup (gtk_editable_get_text (editable));
}

static void
item_title_changed_cb (GtkEditable     *editable,
                       PlenumDraftItem *item)
{
  g_free (item->title);
  item->title = g_strdup (gtk_editable_get_text (editable));
}

static void
item_closed_cb (GtkSwitch       *widget,
                GParamSpec      *pspec,
                PlenumDraftItem *item)
{
  item->closed_session = gtk_switch_get_active (widget);
}

static void
document_title_changed_cb (GtkEditable         *editable,
                           PlenumDraftDocument *document)
{
  g_free (document->title);
  document->title = g_strdup (gtk_editable_get_text (editable));
}

static void
document_confidential_cb (GtkCheckButton      *button,
                          GParamSpec          *pspec,
                          PlenumDraftDocument *document)
{
  document->confidential = gtk_check_button_get_active (button);
}

static void
document_password_changed_cb (GtkEditable         *editable,
                              PlenumDraftDocument *document)
{
  const char *text = gtk_editable_get_text (editable);

  plenum_secret_free (document->password);
  document->password = text[0] != '\0' ? g_strdup (text) : NULL;
}

/* The next number after the last item's, when that one is a plain number. */
static char *
next_number (PlenumPacketEditor *self)
{
  guint64 highest = 0;

  for (guint i = 0; i < self->draft->items->len; i++)
    {
      PlenumDraftItem *item = g_ptr_array_index (self->draft->items, i);
      guint64 value;

      if (g_ascii_string_to_unsigned (item->number, 10, 0, G_MAXUINT32, &value, NULL))
        highest = MAX (highest, value);
    }
  return g_strdup_printf ("%" G_GUINT64_FORMAT, highest + 1);
}

static GtkWidget *
icon_button (const char *icon,
             const char *label,
             const char *action,
             GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "plenum-touch");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

static gboolean
files_dropped_cb (GtkDropTarget *target,
                  const GValue  *value,
                  double         x,
                  double         y,
                  gpointer       user_data)
{
  PlenumPacketEditor *self = user_data;
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (target), "plenum-item-index"));
  GSList *files;
  gboolean any = FALSE;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  /* Copied first: attaching rebuilds the agenda, and with it this drop target. */
  files = g_slist_copy_deep (gdk_file_list_get_files (g_value_get_boxed (value)),
                             (GCopyFunc) g_object_ref, NULL);
  for (GSList *l = files; l != NULL; l = l->next)
    any |= plenum_packet_editor_attach_file (self, index, l->data);
  g_slist_free_full (files, g_object_unref);
  return any;
}

static GtkWidget *
document_rows (PlenumPacketEditor  *self,
               guint                item_index,
               guint                document_index,
               PlenumDraftDocument *document)
{
  GtkWidget *row, *check, *password;
  g_autofree char *name = NULL;

  row = adw_entry_row_new ();
  if (document->path != NULL)
    name = g_path_get_basename (document->path);
  else
    name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Published document, %d page",
                                         "Published document, %d pages", document->pages),
                            document->pages);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  gtk_editable_set_text (GTK_EDITABLE (row), document->title);
  g_signal_connect (row, "changed", G_CALLBACK (document_title_changed_cb), document);

  check = gtk_check_button_new_with_label (_("Confidential"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), document->confidential);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (check, "plenum-touch");
  g_signal_connect (check, "notify::active", G_CALLBACK (document_confidential_cb), document);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), check);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row),
                            icon_button ("user-trash-symbolic", _("Remove this document"),
                                         "editor.remove-document",
                                         g_variant_new ("(uu)", item_index, document_index)));

  password = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (password), TRUE);
  g_object_set (password, "placeholder-text", _("Password, if the PDF has one"), NULL);
  gtk_widget_set_valign (password, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (password, "plenum-touch");
  gtk_editable_set_text (GTK_EDITABLE (password),
                         document->password != NULL ? document->password : "");
  g_signal_connect (password, "changed", G_CALLBACK (document_password_changed_cb), document);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), password);
  return row;
}

static void
item_widgets_free (gpointer data)
{
  g_free (data);
}

static void
rebuild_agenda (PlenumPacketEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->agenda_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->agenda_box), child);
  g_ptr_array_set_size (self->item_widgets, 0);

  for (guint i = 0; i < self->draft->items->len; i++)
    {
      PlenumDraftItem *item = g_ptr_array_index (self->draft->items, i);
      ItemWidgets *widgets = g_new0 (ItemWidgets, 1);
      g_autofree char *heading = g_strdup_printf (_("Item %u"), i + 1);
      GtkWidget *group, *suffix, *row, *sw, *attach;

      group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), heading);
      suffix = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_box_append (GTK_BOX (suffix),
                      icon_button ("go-up-symbolic", _("Move this item up"), "editor.move-up",
                                   g_variant_new_uint32 (i)));
      gtk_box_append (GTK_BOX (suffix),
                      icon_button ("go-down-symbolic", _("Move this item down"),
                                   "editor.move-down", g_variant_new_uint32 (i)));
      gtk_box_append (GTK_BOX (suffix),
                      icon_button ("user-trash-symbolic", _("Remove this item"),
                                   "editor.remove-item", g_variant_new_uint32 (i)));
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), suffix);

      row = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Number"));
      gtk_editable_set_text (GTK_EDITABLE (row), item->number);
      g_signal_connect (row, "changed", G_CALLBACK (item_number_changed_cb), item);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      widgets->number = GTK_EDITABLE (row);

      row = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Title"));
      gtk_editable_set_text (GTK_EDITABLE (row), item->title);
      g_signal_connect (row, "changed", G_CALLBACK (item_title_changed_cb), item);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      widgets->title = GTK_EDITABLE (row);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Closed session"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Only cleared members receive its documents"));
      sw = gtk_switch_new ();
      gtk_switch_set_active (GTK_SWITCH (sw), item->closed_session);
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      g_signal_connect (sw, "notify::active", G_CALLBACK (item_closed_cb), item);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
      gtk_widget_set_size_request (row, -1, 48);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      widgets->closed = GTK_SWITCH (sw);

      for (guint j = 0; j < item->documents->len; j++)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                   document_rows (self, i, j,
                                                  g_ptr_array_index (item->documents, j)));

      attach = gtk_button_new_with_label (_("Attach PDF…"));
      gtk_widget_add_css_class (attach, "plenum-touch");
      gtk_widget_set_halign (attach, GTK_ALIGN_START);
      gtk_widget_set_margin_top (attach, 6);
      gtk_widget_set_tooltip_text (attach, _("Attach PDFs to this item, or drop files on it"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (attach), "editor.attach");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (attach), g_variant_new_uint32 (i));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), attach);

      widgets->drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
      g_object_set_data (G_OBJECT (widgets->drop), "plenum-item-index", GUINT_TO_POINTER (i));
      g_signal_connect (widgets->drop, "drop", G_CALLBACK (files_dropped_cb), self);
      gtk_widget_add_controller (group, GTK_EVENT_CONTROLLER (widgets->drop));

      widgets->group = group;
      g_ptr_array_add (self->item_widgets, widgets);
      gtk_box_append (GTK_BOX (self->agenda_box), group);
    }
  update_actions (self);
}

static void
add_item_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PlenumPacketEditor *self = PLENUM_PACKET_EDITOR (widget);
  g_autofree char *number = next_number (self);

  plenum_packet_draft_add_item (self->draft, number, "", FALSE);
  rebuild_agenda (self);
}

static void
remove_item_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PlenumPacketEditor *self = PLENUM_PACKET_EDITOR (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (index >= self->draft->items->len)
    return;
  g_ptr_array_remove_index (self->draft->items, index);
  rebuild_agenda (self);
}

static void
move_item (PlenumPacketEditor *self,
           guint               index,
           int                 delta)
{
  gpointer item;
  int to = (int) index + delta;

  if (index >= self->draft->items->len || to < 0 || to >= (int) self->draft->items->len)
    return;
  item = g_ptr_array_steal_index (self->draft->items, index);
  g_ptr_array_insert (self->draft->items, to, item);
  rebuild_agenda (self);
}

static void
move_up_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  move_item (PLENUM_PACKET_EDITOR (widget), g_variant_get_uint32 (parameter), -1);
}

static void
move_down_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  move_item (PLENUM_PACKET_EDITOR (widget), g_variant_get_uint32 (parameter), 1);
}

static void
remove_document_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PlenumPacketEditor *self = PLENUM_PACKET_EDITOR (widget);
  PlenumDraftItem *item;
  guint i, j;

  g_variant_get (parameter, "(uu)", &i, &j);
  if (i >= self->draft->items->len)
    return;
  item = g_ptr_array_index (self->draft->items, i);
  if (j >= item->documents->len)
    return;
  g_ptr_array_remove_index (item->documents, j);
  rebuild_agenda (self);
}

static void
chooser_answered_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  PlenumPacketEditor *self = user_data;
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "plenum-item-index"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          plenum_packet_editor_attach_file (self, index, file);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
attach_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PlenumPacketEditor *self = PLENUM_PACKET_EDITOR (widget);
  guint index = g_variant_get_uint32 (parameter);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  if (index >= self->draft->items->len)
    return;
  chooser = gtk_file_chooser_native_new (_("Attach PDFs"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_set_data (G_OBJECT (chooser), "plenum-item-index", GUINT_TO_POINTER (index));
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_answered_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

gboolean
plenum_packet_editor_attach_file (PlenumPacketEditor *self,
                                  guint               item_index,
                                  GFile              *file)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  PlenumDraftItem *item;

  g_return_val_if_fail (PLENUM_IS_PACKET_EDITOR (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL || item_index >= self->draft->items->len)
    return FALSE;
  item = g_ptr_array_index (self->draft->items, item_index);
  name = g_path_get_basename (path);
  /* The title starts as the file's name without ".pdf"; the office renames it. */
  title = g_str_has_suffix (name, ".pdf") || g_str_has_suffix (name, ".PDF")
          ? g_strndup (name, strlen (name) - 4) : g_strdup (name);
  plenum_draft_item_add_document (item, title, path, NULL);
  rebuild_agenda (self);
  return TRUE;
}

/* ---- The preview ------------------------------------------------------------------ */

static PlenumAgendaItem *
preview_item (guint            index,
              PlenumDraftItem *item)
{
  g_autoptr(GListStore) documents = g_list_store_new (PLENUM_TYPE_DOCUMENT);
  /* The rows want the protocol's ids; a draft has none yet. */
  g_autofree char *id = plenum_uuid_new ();

  for (guint j = 0; j < item->documents->len; j++)
    {
      PlenumDraftDocument *document = g_ptr_array_index (item->documents, j);
      g_autofree char *document_id = plenum_uuid_new ();
      g_autoptr(PlenumDocument) preview = NULL;
      const char *title = document->title[0] != '\0' ? document->title : _("Untitled");

      preview = plenum_document_new (document_id, title,
                                     plenum_is_sha256_hex (document->sha256)
                                     ? document->sha256 : UNHASHED,
                                     MAX (document->size, 0), MAX (document->pages, 0),
                                     document->confidential, "application/pdf");
      g_list_store_append (documents, preview);
    }
  return plenum_agenda_item_new (id, item->number[0] != '\0' ? item->number : "?",
                                 item->title[0] != '\0' ? item->title : _("Untitled"),
                                 item->closed_session, G_LIST_MODEL (documents));
}

static void
preview_item_selected_cb (GtkListBox    *box,
                          GtkListBoxRow *row,
                          gpointer       user_data)
{
  PlenumPacketEditor *self = user_data;
  GtkWidget *child;
  GListModel *documents;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_documents))) != NULL)
    gtk_list_box_remove (self->preview_documents, child);
  if (row == NULL)
    return;
  documents = plenum_agenda_item_get_documents (plenum_agenda_row_get_item (PLENUM_AGENDA_ROW (row)));
  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, i);
      GtkWidget *document_row = plenum_document_row_new (document);

      /* Read-only: as the members will see it once their terminals have it. */
      plenum_document_row_set_state (PLENUM_DOCUMENT_ROW (document_row),
                                     PLENUM_DOCUMENT_STATE_VERIFIED, 0, 0);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (document_row), FALSE);
      gtk_list_box_append (self->preview_documents, document_row);
    }
}

static void
fill_preview (PlenumPacketEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_agenda))) != NULL)
    gtk_list_box_remove (self->preview_agenda, child);
  for (guint i = 0; i < self->draft->items->len; i++)
    {
      g_autoptr(PlenumAgendaItem) item = preview_item (i, g_ptr_array_index (self->draft->items, i));

      gtk_list_box_append (self->preview_agenda, plenum_agenda_row_new (item));
    }
  gtk_list_box_select_row (self->preview_agenda,
                           gtk_list_box_get_row_at_index (self->preview_agenda, 0));
}

static void
preview_toggled_cb (PlenumPacketEditor *self)
{
  gboolean shown = gtk_toggle_button_get_active (self->preview_button);

  if (shown)
    fill_preview (self);
  gtk_stack_set_visible_child_name (self->stack, shown ? "preview" : "edit");
}

/* ---- Publishing ------------------------------------------------------------------- */

char *
plenum_packet_editor_format_error (const GError *error,
                                   const char   *subject,
                                   gint64        server_version)
{
  const char *what = subject != NULL ? subject : "";

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == PLENUM_PUBLISH_ERROR)
    switch ((PlenumPublishError) error->code)
      {
      case PLENUM_PUBLISH_ERROR_DUPLICATE_ITEM:
        return g_strdup_printf (_("Two items have the number %s."), what);
      case PLENUM_PUBLISH_ERROR_DUPLICATE_DOCUMENT:
        return g_strdup_printf (_("Two documents of one item are called “%s”."), what);
      case PLENUM_PUBLISH_ERROR_NOT_PDF:
        return g_strdup_printf (_("%s is not a PDF that can be opened."), what);
      case PLENUM_PUBLISH_ERROR_PASSWORD:
        return g_strdup_printf (_("%s needs a password, or the password given does not open it."),
                                what);
      case PLENUM_PUBLISH_ERROR_IO:
        return g_strdup_printf (_("%s cannot be read."), what);
      case PLENUM_PUBLISH_ERROR_TOO_LARGE:
        return g_strdup_printf (_("%s is too large to publish."), what);
      case PLENUM_PUBLISH_ERROR_INVALID:
        if (g_str_equal (what, "title"))
          return g_strdup (_("The meeting needs a title."));
        if (g_str_equal (what, "body"))
          return g_strdup (_("Choose the body that meets."));
        if (g_str_equal (what, "chair"))
          return g_strdup (_("Choose who chairs the meeting."));
        if (g_str_equal (what, "starts"))
          return g_strdup (_("Give the start as date and time, for example 2026-12-01 09:00."));
        if (g_str_equal (what, "vice chair"))
          return g_strdup (_("The vice chair cannot be the chair."));
        return g_strdup_printf (_("Something is missing in the draft: %s."), error->message);
      }

  if (error->domain == PLENUM_HTTP_ERROR)
    switch ((PlenumHttpError) error->code)
      {
      case PLENUM_HTTP_ERROR_CONFLICT:
        if (server_version > 0)
          /* A packet version fits an int (the server keeps it below 2^31). */
          return g_strdup_printf (_("The packet was changed by someone else (now version %d); "
                                    "it has been read again. Your draft is kept: publish "
                                    "again to replace that version."),
                                  (int) server_version);
        return g_strdup (_("The packet was changed by someone else. Your draft is kept."));
      case PLENUM_HTTP_ERROR_FORBIDDEN:
        return g_strdup (_("Only the committee office may publish packets."));
      case PLENUM_HTTP_ERROR_UNAUTHORIZED:
      case PLENUM_HTTP_ERROR_TOKEN_EXPIRED:
        return g_strdup (_("Your session has ended: sign in again, then publish. The draft is "
                           "kept until this page is closed."));
      case PLENUM_HTTP_ERROR_UNREACHABLE:
      case PLENUM_HTTP_ERROR_TIMEOUT:
      case PLENUM_HTTP_ERROR_CONNECTION_LOST:
      case PLENUM_HTTP_ERROR_SERVER_ERROR:
      case PLENUM_HTTP_ERROR_TOO_MANY_ATTEMPTS:
        return g_strdup (_("The server could not be reached; nothing was published. Try again."));
      case PLENUM_HTTP_ERROR_TOO_LARGE:
        return g_strdup (_("A file is larger than the server accepts."));
      case PLENUM_HTTP_ERROR_HASH_MISMATCH:
        return g_strdup_printf (_("%s changed while it was being sent; publish again."), what);
      case PLENUM_HTTP_ERROR_BAD_REQUEST:
      case PLENUM_HTTP_ERROR_MISSING_BLOB:
        /* The server's own words (English, as the protocol keeps them). */
        return g_strdup_printf (_("The server refused the packet: %s"), error->message);
      default:
        break;
      }
  return g_strdup_printf (_("Publishing failed: %s"), error->message);
}

static void
progress_changed_cb (PlenumPacketEditor *self)
{
  PlenumPublisher *publisher = self->publisher;
  guint64 total = plenum_publisher_get_bytes_total (publisher);
  guint64 sent = plenum_publisher_get_bytes_sent (publisher);
  g_autofree char *text = NULL;

  switch (plenum_publisher_get_stage (publisher))
    {
    case PLENUM_PUBLISH_STAGE_CHECKING:
      text = g_strdup (_("Checking the PDFs…"));
      gtk_progress_bar_pulse (self->progress);
      break;
    case PLENUM_PUBLISH_STAGE_UPLOADING:
      {
        g_autofree char *done = g_format_size (sent);
        g_autofree char *all = g_format_size (total);

        text = g_strdup_printf (_("Sending the documents: %s of %s"), done, all);
        gtk_progress_bar_set_fraction (self->progress, total > 0 ? (double) sent / (double) total : 0.0);
      }
      break;
    case PLENUM_PUBLISH_STAGE_PUBLISHING:
      text = g_strdup (_("Publishing…"));
      gtk_progress_bar_set_fraction (self->progress, 1.0);
      break;
    case PLENUM_PUBLISH_STAGE_IDLE:
    default:
      break;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->progress), text != NULL);
  if (text != NULL)
    set_status (self, text);
}

static void
published_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PlenumPacketEditor) self = user_data;
  g_autoptr(PlenumPacketDraft) published = NULL;
  g_autoptr(GError) error = NULL;

  published = plenum_publisher_publish_finish (PLENUM_PUBLISHER (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  if (published == NULL)
    {
      gint64 version = plenum_publisher_get_server_version (self->publisher);
      g_autofree char *text =
        plenum_packet_editor_format_error (error, plenum_publisher_get_error_subject (self->publisher),
                                           version);

      /* Someone else published: the draft builds on what is there now, so that the next
       * "Publish" replaces it knowingly. */
      if (g_error_matches (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_CONFLICT) && version >= 0)
        self->draft->base_packet_version = version;
      set_status (self, text);
      update_actions (self);
      return;
    }

  {
    g_autofree char *text = g_strdup_printf (_("Published: version %d, sent to every "
                                               "terminal."),
                                             (int) published->base_packet_version);
    gint64 version = published->base_packet_version;

    /* The published draft has every file's hash: it replaces the one edited (the same
     * content), so that the next publication needs no upload. */
    plenum_packet_draft_free (self->draft);
    self->draft = g_steal_pointer (&published);
    self->is_new = FALSE;
    rebuild_agenda (self);
    set_status (self, text);
    if (self->engine != NULL)
      plenum_sync_engine_refresh (self->engine);
    g_signal_emit (self, signals[SIGNAL_PUBLISHED], 0, version);
  }
  update_actions (self);
}

static void
publish_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlenumPacketEditor *self = PLENUM_PACKET_EDITOR (widget);

  if (self->publisher == NULL || plenum_publisher_get_busy (self->publisher))
    return;
  meeting_field_changed_cb (self);
  set_status (self, "");
  plenum_publisher_publish_async (self->publisher, self->draft, self->cancellable,
                                  published_cb, g_object_ref (self));
  update_actions (self);
}

static void
update_actions (PlenumPacketEditor *self)
{
  gboolean busy = self->publisher != NULL && plenum_publisher_get_busy (self->publisher);
  gboolean can_edit = self->loading == 0 && !busy;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.publish",
                                 can_edit && self->publisher != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-item", can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.remove-item", can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.move-up", can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.move-down", can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.attach", can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.remove-document", can_edit);
}

/* ---- Reading ---------------------------------------------------------------------- */

static void
bodies_read_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PlenumPacketEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *bodies;

  bodies = plenum_publisher_list_bodies_finish (PLENUM_PUBLISHER (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bodies == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The bodies could not be read: %s"),
                                               error->message);

      set_status (self, text);
    }
  else
    {
      g_clear_pointer (&self->bodies, g_ptr_array_unref);
      self->bodies = bodies;
      fill_meeting (self);
    }
  loading_changed (self, -1);
}

static void
meeting_read_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PlenumPacketEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  PlenumPacketDraft *draft;

  draft = plenum_publisher_read_meeting_finish (PLENUM_PUBLISHER (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (draft == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The packet could not be read: %s"),
                                               error->message);

      set_status (self, text);
    }
  else
    {
      plenum_packet_draft_free (self->draft);
      self->draft = draft;
      fill_meeting (self);
      rebuild_agenda (self);
    }
  loading_changed (self, -1);
}

static PlenumPublisher *
make_publisher (PlenumPacketEditor *self)
{
  PlenumMember *account = plenum_sync_engine_get_account (self->engine);
  const char *url = plenum_sync_engine_get_server_url (self->engine);
  const char *pinned_key = plenum_sync_engine_get_pinned_public_key (self->engine);
  PlenumHttpClientFlags flags = PLENUM_HTTP_CLIENT_NONE;
  g_autoptr(PlenumHttpClient) client = NULL;
  char *token = NULL;
  PlenumPublisher *publisher;

  if (account == NULL || url == NULL ||
      plenum_member_get_role (account) != PLENUM_ROLE_SECRETARY)
    return NULL;
  token = plenum_store_get_token (plenum_sync_engine_get_store (self->engine),
                                  plenum_member_get_name (account), NULL);
  /* Under the engine's TLS rules (the terminal configuration's CA file, pinned key
   * and lab permission), as its own clients are. */
  if (plenum_sync_engine_get_allow_insecure_http (self->engine))
    flags = PLENUM_HTTP_CLIENT_ALLOW_INSECURE;
  client = token != NULL ? plenum_http_client_new_full (url, flags, NULL) : NULL;
  if (client == NULL ||
      !plenum_http_client_set_pinned_public_key (client, pinned_key, NULL))
    {
      plenum_secret_free (token);
      return NULL;
    }
  plenum_http_client_set_ca_file (client, plenum_sync_engine_get_ca_file (self->engine));
  publisher = plenum_publisher_new (client, token);
  plenum_secret_free (token);
  return publisher;
}

/* The checker: the render helper opens each PDF (poppler never runs in this process). */
static void
check_pdf (const char          *path,
           const char          *password,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             callback_data,
           gpointer             user_data)
{
  plenum_render_client_open_with_password_async (PLENUM_RENDER_CLIENT (user_data), path,
                                                 password, cancellable, callback,
                                                 callback_data);
}

static int
check_pdf_finish (GAsyncResult  *result,
                  gpointer       user_data,
                  GError       **error)
{
  g_autoptr(PlenumRenderDocument) document = NULL;
  g_autoptr(GError) local = NULL;

  document = plenum_render_client_open_finish (PLENUM_RENDER_CLIENT (user_data), result, &local);
  if (document != NULL)
    return (int) MIN (plenum_render_document_get_n_pages (document), (guint) G_MAXINT);
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local));
  else if (g_error_matches (local, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_ENCRYPTED))
    g_set_error (error, PLENUM_PUBLISH_ERROR, PLENUM_PUBLISH_ERROR_PASSWORD, "%s", local->message);
  else if (g_error_matches (local, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_IO))
    g_set_error (error, PLENUM_PUBLISH_ERROR, PLENUM_PUBLISH_ERROR_IO, "%s", local->message);
  else
    /* Not a PDF, no page, too big for the helper, or it crashed on it: the terminals
     * would fail the same way, so it is not published. */
    g_set_error (error, PLENUM_PUBLISH_ERROR, PLENUM_PUBLISH_ERROR_NOT_PDF, "%s", local->message);
  return 0;
}

/* ---- GObject ---------------------------------------------------------------------- */

static void
plenum_packet_editor_dispose (GObject *object)
{
  PlenumPacketEditor *self = PLENUM_PACKET_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  if (self->publisher != NULL)
    g_signal_handlers_disconnect_by_data (self->publisher, self);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->publisher);
  g_clear_object (&self->engine);
  g_clear_object (&self->render_client);

  G_OBJECT_CLASS (plenum_packet_editor_parent_class)->dispose (object);
}

static void
plenum_packet_editor_finalize (GObject *object)
{
  PlenumPacketEditor *self = PLENUM_PACKET_EDITOR (object);

  g_clear_object (&self->cancellable);
  plenum_packet_draft_free (self->draft);
  g_clear_pointer (&self->bodies, g_ptr_array_unref);
  g_ptr_array_unref (self->chair_ids);
  g_ptr_array_unref (self->item_widgets);
  g_free (self->status_text);

  G_OBJECT_CLASS (plenum_packet_editor_parent_class)->finalize (object);
}

static void
plenum_packet_editor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PlenumPacketEditor *self = PLENUM_PACKET_EDITOR (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_packet_editor_class_init (PlenumPacketEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_packet_editor_dispose;
  object_class->finalize = plenum_packet_editor_finalize;
  object_class->get_property = plenum_packet_editor_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_PUBLISHED] =
    g_signal_new ("published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "plenum-packet-editor");

  gtk_widget_class_install_action (widget_class, "editor.add-item", NULL, add_item_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.remove-item", "u", remove_item_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.move-up", "u", move_up_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.move-down", "u", move_down_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.attach", "u", attach_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.remove-document", "(uu)",
                                   remove_document_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.publish", NULL, publish_action_cb);
}

static void
plenum_packet_editor_init (PlenumPacketEditor *self)
{
  self->cancellable = g_cancellable_new ();
  self->chair_ids = g_ptr_array_new_with_free_func (g_free);
  self->item_widgets = g_ptr_array_new_with_free_func (item_widgets_free);
  self->status_text = g_strdup ("");
}

static GtkWidget *
build_meeting_group (PlenumPacketEditor *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Meeting"));

  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Title"));
  self->title_row = ADW_ENTRY_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Starts (YYYY-MM-DD HH:MM)"));
  self->starts_row = ADW_ENTRY_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Location"));
  self->location_row = ADW_ENTRY_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Body"));
  self->body_row = ADW_COMBO_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Chair"));
  self->chair_row = ADW_COMBO_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Vice chair"));
  self->vice_chair_row = ADW_COMBO_ROW (row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  g_signal_connect_swapped (self->title_row, "changed", G_CALLBACK (meeting_field_changed_cb), self);
  g_signal_connect_swapped (self->starts_row, "changed", G_CALLBACK (meeting_field_changed_cb), self);
  g_signal_connect_swapped (self->location_row, "changed", G_CALLBACK (meeting_field_changed_cb), self);
  g_signal_connect_swapped (self->body_row, "notify::selected", G_CALLBACK (body_selected_cb), self);
  g_signal_connect_swapped (self->chair_row, "notify::selected", G_CALLBACK (chair_selected_cb), self);
  g_signal_connect_swapped (self->vice_chair_row, "notify::selected",
                            G_CALLBACK (chair_selected_cb), self);
  return group;
}

static void
build (PlenumPacketEditor *self)
{
  GtkWidget *header, *button, *scrolled, *clamp, *page, *paned, *list_scroll, *footer;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  header = adw_header_bar_new ();
  self->window_title = ADW_WINDOW_TITLE (adw_window_title_new (self->is_new ? _("New meeting")
                                                                            : _("Edit packet"),
                                                               NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->window_title));
  button = gtk_button_new_with_label (_("Close"));
  gtk_widget_add_css_class (button, "plenum-touch");
  gtk_widget_set_tooltip_text (button, _("Close the editor; an unpublished draft is dropped"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "window.back");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), button);
  button = gtk_button_new_with_label (_("Publish"));
  gtk_widget_add_css_class (button, "plenum-touch");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_tooltip_text (button, _("Check the PDFs, send them and publish the packet to "
                                         "every terminal"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "editor.publish");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), button);
  self->publish_button = GTK_BUTTON (button);
  button = gtk_toggle_button_new_with_label (_("Preview as members see it"));
  gtk_widget_add_css_class (button, "plenum-touch");
  gtk_widget_set_tooltip_text (button, _("Show the draft agenda as the members’ terminals will"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), button);
  self->preview_button = GTK_TOGGLE_BUTTON (button);
  g_signal_connect_swapped (button, "toggled", G_CALLBACK (preview_toggled_cb), self);
  gtk_box_append (GTK_BOX (self->box), header);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->stack));

  /* The editing page. */
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_top (page, 24);
  gtk_widget_set_margin_bottom (page, 24);
  gtk_widget_set_margin_start (page, 12);
  gtk_widget_set_margin_end (page, 12);
  gtk_box_append (GTK_BOX (page), build_meeting_group (self));
  self->agenda_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_box_append (GTK_BOX (page), self->agenda_box);
  button = gtk_button_new_with_label (_("Add item"));
  gtk_widget_add_css_class (button, "plenum-touch");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, _("Add an agenda item at the end"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "editor.add-item");
  gtk_box_append (GTK_BOX (page), button);
  adw_clamp_set_child (ADW_CLAMP (clamp), page);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_named (self->stack, scrolled, "edit");

  /* The preview: the meeting page's rows, agenda beside documents. */
  paned = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  list_scroll = gtk_scrolled_window_new ();
  gtk_widget_set_size_request (list_scroll, 320, -1);
  self->preview_agenda = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->preview_agenda), "navigation-sidebar");
  g_signal_connect (self->preview_agenda, "row-selected",
                    G_CALLBACK (preview_item_selected_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (list_scroll),
                                 GTK_WIDGET (self->preview_agenda));
  gtk_box_append (GTK_BOX (paned), list_scroll);
  gtk_box_append (GTK_BOX (paned), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  list_scroll = gtk_scrolled_window_new ();
  gtk_widget_set_hexpand (list_scroll, TRUE);
  self->preview_documents = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->preview_documents, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->preview_documents), "boxed-list");
  gtk_widget_set_margin_top (GTK_WIDGET (self->preview_documents), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->preview_documents), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->preview_documents), 12);
  gtk_widget_set_valign (GTK_WIDGET (self->preview_documents), GTK_ALIGN_START);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (list_scroll),
                                 GTK_WIDGET (self->preview_documents));
  gtk_box_append (GTK_BOX (paned), list_scroll);
  gtk_stack_add_named (self->stack, paned, "preview");
  gtk_stack_set_visible_child_name (self->stack, "edit");

  /* The result of the last publication, and its progress. */
  footer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (footer, 12);
  gtk_widget_set_margin_end (footer, 12);
  gtk_widget_set_margin_top (footer, 6);
  gtk_widget_set_margin_bottom (footer, 12);
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  gtk_box_append (GTK_BOX (footer), GTK_WIDGET (self->progress));
  self->status_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_xalign (self->status_label, 0.0);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Publication result"), -1);
  gtk_box_append (GTK_BOX (footer), GTK_WIDGET (self->status_label));
  gtk_box_append (GTK_BOX (self->box), footer);
}

GtkWidget *
plenum_packet_editor_new (PlenumSyncEngine   *engine,
                          PlenumRenderClient *render_client,
                          const char         *meeting_id)
{
  PlenumPacketEditor *self;

  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (render_client == NULL || PLENUM_IS_RENDER_CLIENT (render_client), NULL);
  g_return_val_if_fail (meeting_id == NULL || plenum_is_uuid (meeting_id), NULL);

  self = g_object_new (PLENUM_TYPE_PACKET_EDITOR, NULL);
  self->engine = g_object_ref (engine);
  self->render_client = render_client != NULL ? g_object_ref (render_client) : NULL;
  self->is_new = meeting_id == NULL;
  self->draft = plenum_packet_draft_new (meeting_id);
  if (self->is_new)
    {
      /* Tomorrow at nine, as a start the office changes. */
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
      g_autoptr(GDateTime) nine = g_date_time_new_local (g_date_time_get_year (tomorrow),
                                                         g_date_time_get_month (tomorrow),
                                                         g_date_time_get_day_of_month (tomorrow),
                                                         9, 0, 0);

      self->draft->starts_at = g_date_time_to_utc (nine);
    }
  build (self);
  fill_meeting (self);
  rebuild_agenda (self);

  self->publisher = make_publisher (self);
  if (self->publisher == NULL)
    {
      set_status (self, _("Only the committee office, signed in with the server reachable, "
                          "can publish packets."));
      update_actions (self);
      return GTK_WIDGET (self);
    }
  if (self->render_client != NULL)
    plenum_publisher_set_checker (self->publisher, check_pdf, check_pdf_finish,
                                  g_object_ref (self->render_client), g_object_unref);
  g_signal_connect_swapped (self->publisher, "notify::stage", G_CALLBACK (progress_changed_cb), self);
  g_signal_connect_swapped (self->publisher, "notify::bytes-sent",
                            G_CALLBACK (progress_changed_cb), self);

  loading_changed (self, 1);
  plenum_publisher_list_bodies_async (self->publisher, self->cancellable, bodies_read_cb,
                                      g_object_ref (self));
  if (!self->is_new)
    {
      loading_changed (self, 1);
      plenum_publisher_read_meeting_async (self->publisher, meeting_id, self->cancellable,
                                           meeting_read_cb, g_object_ref (self));
    }
  return GTK_WIDGET (self);
}

const PlenumPacketDraft *
plenum_packet_editor_get_draft (PlenumPacketEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_EDITOR (self), NULL);

  return self->draft;
}

PlenumPublisher *
plenum_packet_editor_get_publisher (PlenumPacketEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_EDITOR (self), NULL);

  return self->publisher;
}

gboolean
plenum_packet_editor_get_loading (PlenumPacketEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_EDITOR (self), FALSE);

  return self->loading > 0;
}

const char *
plenum_packet_editor_get_status_text (PlenumPacketEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_EDITOR (self), NULL);

  return self->status_text;
}

static ItemWidgets *
item_widgets (PlenumPacketEditor *self,
              guint               index)
{
  return index < self->item_widgets->len ? g_ptr_array_index (self->item_widgets, index) : NULL;
}

GtkDropTarget *
plenum_packet_editor_get_drop_target (PlenumPacketEditor *self,
                                      guint               item_index)
{
  ItemWidgets *widgets;

  g_return_val_if_fail (PLENUM_IS_PACKET_EDITOR (self), NULL);

  widgets = item_widgets (self, item_index);
  return widgets != NULL ? widgets->drop : NULL;
}

GtkSwitch *
plenum_packet_editor_get_closed_switch (PlenumPacketEditor *self,
                                        guint               item_index)
{
  ItemWidgets *widgets;

  g_return_val_if_fail (PLENUM_IS_PACKET_EDITOR (self), NULL);

  widgets = item_widgets (self, item_index);
  return widgets != NULL ? widgets->closed : NULL;
}

GtkEditable *
plenum_packet_editor_get_title_entry (PlenumPacketEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_EDITOR (self), NULL);

  return GTK_EDITABLE (self->title_row);
}

GtkEditable *
plenum_packet_editor_get_item_entry (PlenumPacketEditor *self,
                                     guint               item_index,
                                     gboolean            number)
{
  ItemWidgets *widgets;

  g_return_val_if_fail (PLENUM_IS_PACKET_EDITOR (self), NULL);

  widgets = item_widgets (self, item_index);
  if (widgets == NULL)
    return NULL;
  return number ? widgets->number : widgets->title;
}

AdwComboRow *
plenum_packet_editor_get_chair_row (PlenumPacketEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_EDITOR (self), NULL);

  return self->chair_row;
}

GtkButton *
plenum_packet_editor_get_publish_button (PlenumPacketEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_EDITOR (self), NULL);

  return self->publish_button;
}

GtkListBox *
plenum_packet_editor_get_preview_agenda (PlenumPacketEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_EDITOR (self), NULL);

  return self->preview_agenda;
}

GtkToggleButton *
plenum_packet_editor_get_preview_button (PlenumPacketEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_EDITOR (self), NULL);

  return self->preview_button;
}
