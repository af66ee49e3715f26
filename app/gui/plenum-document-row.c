/* plenum-document-row.c — one document of an agenda item and its state on this
 * terminal. See plenum-document-row.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-document-row"

#include <glib/gi18n.h>

#include "plenum-document-row.h"

struct _PlenumDocumentRow
{
  GtkListBoxRow        parent_instance;

  /* template children */
  GtkLabel            *title_label;
  GtkLabel            *details_label;
  GtkProgressBar      *progress_bar;
  GtkLabel            *state_label;
  GtkImage            *state_image;

  PlenumDocument      *document;
  PlenumDocumentState  state;
  char                *state_text;
};

G_DEFINE_FINAL_TYPE (PlenumDocumentRow, plenum_document_row, GTK_TYPE_LIST_BOX_ROW)

static void
plenum_document_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PLENUM_TYPE_DOCUMENT_ROW);

  G_OBJECT_CLASS (plenum_document_row_parent_class)->dispose (object);
}

static void
plenum_document_row_finalize (GObject *object)
{
  PlenumDocumentRow *self = PLENUM_DOCUMENT_ROW (object);

  g_clear_object (&self->document);
  g_clear_pointer (&self->state_text, g_free);

  G_OBJECT_CLASS (plenum_document_row_parent_class)->finalize (object);
}

static void
plenum_document_row_class_init (PlenumDocumentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_document_row_dispose;
  object_class->finalize = plenum_document_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenum/Plenum/ui/plenum-document-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentRow, state_image);
}

static void
plenum_document_row_init (PlenumDocumentRow *self)
{
  self->state = PLENUM_DOCUMENT_STATE_MISSING;
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
plenum_document_row_new (PlenumDocument *document)
{
  PlenumDocumentRow *self;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *size = NULL;
  int pages;

  g_return_val_if_fail (PLENUM_IS_DOCUMENT (document), NULL);

  self = g_object_new (PLENUM_TYPE_DOCUMENT_ROW, NULL);
  self->document = g_object_ref (document);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s", plenum_document_get_sha256 (document));
  gtk_label_set_text (self->title_label, plenum_document_get_title (document));

  pages = plenum_document_get_pages (document);
  if (pages > 0)
    g_string_append_printf (details,
                            g_dngettext (GETTEXT_PACKAGE, "%d page", "%d pages", (gulong) pages),
                            pages);
  size = g_format_size ((guint64) MAX (plenum_document_get_size (document), 0));
  if (details->len > 0)
    g_string_append (details, " · ");
  g_string_append (details, size);
  if (plenum_document_get_confidential (document))
    {
      g_string_append (details, " · ");
      g_string_append (details, _("Confidential"));
    }
  gtk_label_set_text (self->details_label, details->str);

  plenum_document_row_set_state (self, PLENUM_DOCUMENT_STATE_MISSING, 0, 0);

  return GTK_WIDGET (self);
}

PlenumDocument *
plenum_document_row_get_document (PlenumDocumentRow *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_ROW (self), NULL);

  return self->document;
}

void
plenum_document_row_set_state (PlenumDocumentRow   *self,
                               PlenumDocumentState  state,
                               guint64              bytes_done,
                               guint64              bytes_total)
{
  g_autofree char *text = NULL;
  const char *icon = NULL;

  g_return_if_fail (PLENUM_IS_DOCUMENT_ROW (self));

  if (bytes_total == 0)
    bytes_total = (guint64) MAX (plenum_document_get_size (self->document), 0);

  switch (state)
    {
    case PLENUM_DOCUMENT_STATE_VERIFIED:
      text = g_strdup (_("Ready to read"));
      icon = "go-next-symbolic";
      break;

    case PLENUM_DOCUMENT_STATE_DOWNLOADING:
      {
        g_autofree char *done = g_format_size (MIN (bytes_done, bytes_total));
        g_autofree char *total = g_format_size (bytes_total);

        /* Translators: "Downloading: 1.2 MB of 3.4 MB". */
        text = g_strdup_printf (_("Downloading: %s of %s"), done, total);
        icon = "folder-download-symbolic";
      }
      break;

    case PLENUM_DOCUMENT_STATE_FAILED:
      text = g_strdup (_("The download failed. It will be tried again."));
      icon = "dialog-warning-symbolic";
      break;

    case PLENUM_DOCUMENT_STATE_MISSING:
    default:
      text = g_strdup (_("Waiting to be downloaded"));
      icon = "folder-download-symbolic";
      break;
    }

  self->state = state;
  if (g_strcmp0 (text, self->state_text) != 0)
    {
      g_free (self->state_text);
      self->state_text = g_steal_pointer (&text);
      gtk_label_set_text (self->state_label, self->state_text);
    }
  gtk_image_set_from_icon_name (self->state_image, icon);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), state == PLENUM_DOCUMENT_STATE_DOWNLOADING);
  if (state == PLENUM_DOCUMENT_STATE_DOWNLOADING)
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   bytes_total > 0 ? (double) MIN (bytes_done, bytes_total) / (double) bytes_total
                                                   : 0.0);

  if (state == PLENUM_DOCUMENT_STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");

  /* Only a verified document opens; the others say why not. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), state == PLENUM_DOCUMENT_STATE_VERIFIED);
}

PlenumDocumentState
plenum_document_row_get_state (PlenumDocumentRow *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_ROW (self), PLENUM_DOCUMENT_STATE_MISSING);

  return self->state;
}

const char *
plenum_document_row_get_state_text (PlenumDocumentRow *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_ROW (self), NULL);

  return self->state_text;
}
