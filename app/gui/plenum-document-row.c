/* plenum-document-row.c — one document of an agenda item and its state on this
 * terminal. See plenum-document-row.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-document-row"

#include <glib/gi18n.h>

#include "plenum-document-row.h"

#include "plenum-meeting-page.h"
#include "plenum-window.h"

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

  /* Issue #8: what the row says of revisions and of the lease. "engine" and "meeting"
   * (properties) give the store's page comparison and the lock; a row that is not
   * given them takes them from the window and the meeting page it is shown in. */
  PlenumSyncEngine    *engine;
  PlenumMeeting       *meeting;
  GtkLabel            *revision_label;  /* "Revised on … — 3 pages changed", or hidden */
  GtkWidget           *versions_box;    /* a button per earlier version, or NULL */
  gboolean             locked;
  guint64              bytes_done;
  guint64              bytes_total;
};

G_DEFINE_FINAL_TYPE (PlenumDocumentRow, plenum_document_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_MEETING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_revision (PlenumDocumentRow *self);
static void update_lock     (PlenumDocumentRow *self);

static void
plenum_document_row_dispose (GObject *object)
{
  PlenumDocumentRow *self = PLENUM_DOCUMENT_ROW (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->meeting);
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
set_engine (PlenumDocumentRow *self,
            PlenumSyncEngine  *engine)
{
  if (self->engine == engine)
    return;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  /* The lock lifts (or falls) with the last contact. */
  if (engine != NULL)
    g_signal_connect_swapped (engine, "notify::last-contact", G_CALLBACK (update_lock), self);
  update_revision (self);
  update_lock (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

static void
set_meeting (PlenumDocumentRow *self,
             PlenumMeeting     *meeting)
{
  if (!g_set_object (&self->meeting, meeting))
    return;
  update_lock (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEETING]);
}

static void
plenum_document_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PlenumDocumentRow *self = PLENUM_DOCUMENT_ROW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_MEETING:
      g_value_set_object (value, self->meeting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_document_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PlenumDocumentRow *self = PLENUM_DOCUMENT_ROW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      set_engine (self, g_value_get_object (value));
      break;
    case PROP_MEETING:
      set_meeting (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Shown in a meeting page of a window without having been given the engine and the
 * meeting: take them from there. */
static void
plenum_document_row_root (GtkWidget *widget)
{
  PlenumDocumentRow *self = PLENUM_DOCUMENT_ROW (widget);
  GtkWidget *window;
  GtkWidget *page;

  GTK_WIDGET_CLASS (plenum_document_row_parent_class)->root (widget);

  window = gtk_widget_get_ancestor (widget, PLENUM_TYPE_WINDOW);
  page = gtk_widget_get_ancestor (widget, PLENUM_TYPE_MEETING_PAGE);
  if (self->meeting == NULL && page != NULL)
    set_meeting (self, plenum_meeting_page_get_meeting (PLENUM_MEETING_PAGE (page)));
  if (self->engine == NULL && window != NULL)
    set_engine (self, plenum_window_get_sync_engine (PLENUM_WINDOW (window)));
}

static void
plenum_document_row_class_init (PlenumDocumentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_document_row_dispose;
  object_class->finalize = plenum_document_row_finalize;
  object_class->get_property = plenum_document_row_get_property;
  object_class->set_property = plenum_document_row_set_property;
  widget_class->root = plenum_document_row_root;

  /* Both optional: the lock needs both, the number of changed pages the engine. */
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, PLENUM_TYPE_SYNC_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEETING] =
    g_param_spec_object ("meeting", NULL, NULL, PLENUM_TYPE_MEETING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  plenum_document_get_title (document), -1);

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

  /* Revised: when, and (once compared) how many pages changed; then a button for each
   * earlier version, newest first, to read it. */
  self->revision_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->revision_label, 0);
  gtk_label_set_wrap (self->revision_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->revision_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->revision_label), "accent");
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->details_label))),
                              GTK_WIDGET (self->revision_label),
                              GTK_WIDGET (self->details_label));
  if (plenum_document_get_n_superseded (document) > 0)
    {
      self->versions_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      for (guint i = 0; i < plenum_document_get_n_superseded (document); i++)
        {
          const PlenumDocumentVersion *version = plenum_document_get_superseded (document, i);
          g_autoptr(GDateTime) local =
            g_date_time_to_local (plenum_document_version_get_superseded_at (version));
          /* Translators: a date and time, as in "27/11 18:00". */
          g_autofree char *when = g_date_time_format (local, _("%d/%m %H:%M"));
          /* Translators: a button that opens an earlier version of a document; %s is
           * when a revision replaced it. */
          g_autofree char *label = g_strdup_printf (_("Earlier version, superseded %s"), when);
          GtkWidget *button = gtk_button_new_with_label (label);

          gtk_widget_set_halign (button, GTK_ALIGN_START);
          gtk_widget_set_size_request (button, -1, 48);
          gtk_widget_add_css_class (button, "flat");
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "window.open-superseded");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                            plenum_document_version_get_sha256 (version));
          gtk_box_append (GTK_BOX (self->versions_box), button);
        }
      gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->details_label))),
                                  self->versions_box, GTK_WIDGET (self->revision_label));
    }
  update_revision (self);

  plenum_document_row_set_state (self, PLENUM_DOCUMENT_STATE_MISSING, 0, 0);

  return GTK_WIDGET (self);
}

static void
update_revision (PlenumDocumentRow *self)
{
  const PlenumDocumentVersion *last;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;
  guint n_changed = 0;

  if (self->revision_label == NULL)
    return;
  if (plenum_document_get_n_superseded (self->document) == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->revision_label), FALSE);
      return;
    }
  last = plenum_document_get_superseded (self->document, 0);
  local = g_date_time_to_local (plenum_document_version_get_superseded_at (last));
  /* Translators: a date and time, as in "27/11 18:00". */
  when = g_date_time_format (local, _("%d/%m %H:%M"));
  if (self->engine != NULL &&
      plenum_store_get_revision_changes (plenum_sync_engine_get_store (self->engine),
                                         plenum_document_version_get_sha256 (last),
                                         plenum_document_get_sha256 (self->document),
                                         NULL, NULL, &n_changed))
    /* Translators: "Revised on 27/11 18:00 — 3 pages changed". */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Revised on %s — %u page changed",
                                         "Revised on %s — %u pages changed", n_changed),
                            when, n_changed);
  else
    /* Translators: %s is a date and time. */
    text = g_strdup_printf (_("Revised on %s"), when);
  gtk_label_set_text (self->revision_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->revision_label), TRUE);
}

/* A confidential document of a body with a lease is locked while this terminal has not
 * reached the server for longer than the lease: the row says so and does not open it
 * (the window checks again at opening). */
static void
update_lock (PlenumDocumentRow *self)
{
  g_autoptr(GDateTime) since = NULL;
  gboolean locked;

  locked = self->engine != NULL && self->meeting != NULL &&
           plenum_sync_engine_get_document_locked (self->engine, self->meeting, self->document,
                                                   &since);
  if (!locked && !self->locked)
    return;
  self->locked = locked;
  if (self->versions_box != NULL)
    gtk_widget_set_sensitive (self->versions_box, !locked);
  if (locked)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (since);
      /* Translators: a date and time, as in "27/11 18:00". */
      g_autofree char *when = g_date_time_format (local, _("%d/%m %H:%M"));

      g_free (self->state_text);
      /* Translators: %s is a date and time. */
      self->state_text = g_strdup_printf (_("Locked: this terminal has not reached the server since %s"),
                                          when);
      gtk_label_set_text (self->state_label, self->state_text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      self->state_text, -1);
      gtk_image_set_from_icon_name (self->state_image, "changes-prevent-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "warning");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
      return;
    }
  /* Unlocked: the download state again. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "warning");
  plenum_document_row_set_state (self, self->state, self->bytes_done, self->bytes_total);
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
  self->bytes_done = bytes_done;
  self->bytes_total = bytes_total;
  if (self->locked)
    {
      update_lock (self);
      if (self->locked)
        return;
    }
  if (g_strcmp0 (text, self->state_text) != 0)
    {
      g_free (self->state_text);
      self->state_text = g_steal_pointer (&text);
      gtk_label_set_text (self->state_label, self->state_text);
      /* Heard after the row's name (the title); the icon beside it is only drawn. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      self->state_text, -1);
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
