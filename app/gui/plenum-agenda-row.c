/* plenum-agenda-row.c — one agenda item in the meeting page's side list. See
 * plenum-agenda-row.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-agenda-row"

#include <glib/gi18n.h>

#include "plenum-agenda-row.h"

struct _PlenumAgendaRow
{
  GtkListBoxRow     parent_instance;

  /* template children */
  GtkLabel         *number_label;
  GtkLabel         *title_label;
  GtkWidget        *closed_box;
  GtkLabel         *documents_label;

  PlenumAgendaItem *item;
};

G_DEFINE_FINAL_TYPE (PlenumAgendaRow, plenum_agenda_row, GTK_TYPE_LIST_BOX_ROW)

static void
plenum_agenda_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PLENUM_TYPE_AGENDA_ROW);

  G_OBJECT_CLASS (plenum_agenda_row_parent_class)->dispose (object);
}

static void
plenum_agenda_row_finalize (GObject *object)
{
  PlenumAgendaRow *self = PLENUM_AGENDA_ROW (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (plenum_agenda_row_parent_class)->finalize (object);
}

static void
plenum_agenda_row_class_init (PlenumAgendaRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_agenda_row_dispose;
  object_class->finalize = plenum_agenda_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenum/Plenum/ui/plenum-agenda-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PlenumAgendaRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumAgendaRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumAgendaRow, closed_box);
  gtk_widget_class_bind_template_child (widget_class, PlenumAgendaRow, documents_label);
}

static void
plenum_agenda_row_init (PlenumAgendaRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
plenum_agenda_row_new (PlenumAgendaItem *item)
{
  PlenumAgendaRow *self;
  g_autofree char *documents_text = NULL;
  g_autofree char *name = NULL;
  guint n_documents;

  g_return_val_if_fail (PLENUM_IS_AGENDA_ITEM (item), NULL);

  self = g_object_new (PLENUM_TYPE_AGENDA_ROW, NULL);
  self->item = g_object_ref (item);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s", plenum_agenda_item_get_id (item));
  gtk_label_set_text (self->number_label, plenum_agenda_item_get_number (item));
  gtk_label_set_text (self->title_label, plenum_agenda_item_get_title (item));
  gtk_widget_set_visible (self->closed_box, plenum_agenda_item_get_closed_session (item));

  n_documents = g_list_model_get_n_items (plenum_agenda_item_get_documents (item));
  if (n_documents == 0)
    documents_text = g_strdup (_("No documents"));
  else
    documents_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u document", "%u documents",
                                                   n_documents),
                                      n_documents);
  gtk_label_set_text (self->documents_label, documents_text);

  /* A list item (GtkListBoxRow's role) named as a member reads it: "3 Budget 2027",
   * and a closed session says so in words there too, since its lock icon is only
   * drawn. The description is the meeting page's ("The chair is on this item now"). */
  if (plenum_agenda_item_get_closed_session (item))
    name = g_strdup_printf ("%s %s, %s", plenum_agenda_item_get_number (item),
                            plenum_agenda_item_get_title (item), _("Closed session"));
  else
    name = g_strdup_printf ("%s %s", plenum_agenda_item_get_number (item),
                            plenum_agenda_item_get_title (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  g_strstrip (name), -1);

  return GTK_WIDGET (self);
}

PlenumAgendaItem *
plenum_agenda_row_get_item (PlenumAgendaRow *self)
{
  g_return_val_if_fail (PLENUM_IS_AGENDA_ROW (self), NULL);

  return self->item;
}
