/* plenum-meeting-row.c — one meeting of the meeting list, with its packet's download.
 * See plenum-meeting-row.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-meeting-row"

#include <glib/gi18n.h>

#include "plenum-meeting-row.h"

typedef struct
{
  char   *sha256;
  guint64 size;
} PacketDocument;

/* Everything here belongs to the main thread (GTK's); callbacks of the layers below
 * come on its main context. */
struct _PlenumMeetingRow
{
  GtkListBoxRow     parent_instance;

  /* template children */
  GtkLabel         *title_label;
  GtkLabel         *time_label;
  GtkLabel         *location_label;
  GtkProgressBar   *progress_bar;
  GtkLabel         *packet_label;

  PlenumSyncEngine *engine;
  PlenumMeeting    *meeting;
  /* The documents of the meeting's packet (PacketDocument), from the store's full
   * meeting; NULL while only its summary is stored. */
  GArray           *documents;
  char             *packet_text;
  double            packet_fraction;
  guint             update_source; /* a coalesced progress update, or 0 */
};

G_DEFINE_FINAL_TYPE (PlenumMeetingRow, plenum_meeting_row, GTK_TYPE_LIST_BOX_ROW)

char *
plenum_format_meeting_time (GDateTime *starts_at)
{
  g_autoptr(GDateTime) local = NULL;
  char *text;

  g_return_val_if_fail (starts_at != NULL, NULL);

  local = g_date_time_to_local (starts_at);
  /* Translators: the day and time a meeting starts, as strftime() writes them (see
   * g_date_time_format()); "%-d" is the day without padding. Use numbers instead of
   * %A/%B if the names of days and months would not be in your language. */
  text = g_date_time_format (local, C_("meeting time", "%A %-d %B %Y, %H:%M"));
  if (text == NULL)
    text = g_date_time_format (local, "%Y-%m-%d %H:%M");
  return text;
}

static void
packet_document_clear (PacketDocument *doc)
{
  g_clear_pointer (&doc->sha256, g_free);
}

static void
load_documents (PlenumMeetingRow *self)
{
  g_autoptr(PlenumMeeting) full = NULL;
  GListModel *agenda;

  g_clear_pointer (&self->documents, g_array_unref);

  if (self->engine == NULL)
    return;

  full = plenum_sync_engine_get_meeting (self->engine, plenum_meeting_get_id (self->meeting));
  if (full == NULL || !plenum_meeting_has_agenda (full))
    return;

  self->documents = g_array_new (FALSE, FALSE, sizeof (PacketDocument));
  g_array_set_clear_func (self->documents, (GDestroyNotify) packet_document_clear);

  agenda = plenum_meeting_get_agenda (full);
  for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      GListModel *docs = plenum_agenda_item_get_documents (item);

      for (guint j = 0; j < g_list_model_get_n_items (docs); j++)
        {
          g_autoptr(PlenumDocument) doc = g_list_model_get_item (docs, j);
          PacketDocument entry = {
            .sha256 = g_strdup (plenum_document_get_sha256 (doc)),
            .size = (guint64) MAX (plenum_document_get_size (doc), 0),
          };
          g_array_append_val (self->documents, entry);
        }
    }
}

static void
update_packet (PlenumMeetingRow *self)
{
  guint total = 0, verified = 0, downloading = 0, failed = 0;
  guint64 bytes_total = 0, bytes_done = 0;
  g_autofree char *text = NULL;

  if (self->documents != NULL)
    total = self->documents->len;

  for (guint i = 0; i < total; i++)
    {
      PacketDocument *doc = &g_array_index (self->documents, PacketDocument, i);
      guint64 done = 0;
      PlenumDocumentState state;

      state = plenum_sync_engine_get_document_state (self->engine, doc->sha256, &done, NULL);
      bytes_total += doc->size;
      switch (state)
        {
        case PLENUM_DOCUMENT_STATE_VERIFIED:
          verified++;
          bytes_done += doc->size;
          break;
        case PLENUM_DOCUMENT_STATE_DOWNLOADING:
          downloading++;
          bytes_done += MIN (done, doc->size);
          break;
        case PLENUM_DOCUMENT_STATE_FAILED:
          failed++;
          break;
        case PLENUM_DOCUMENT_STATE_MISSING:
        default:
          break;
        }
    }

  if (self->documents == NULL)
    {
      if (plenum_meeting_get_packet_version (self->meeting) == 0)
        text = g_strdup (_("No papers have been published for this meeting yet."));
      else
        text = g_strdup (_("The papers of this meeting are not on this terminal yet."));
    }
  else if (total == 0)
    text = g_strdup (_("This meeting has no documents."));
  else if (verified == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The document is on this terminal.",
                                         "All %u documents are on this terminal.",
                                         total),
                            total);
  else if (failed > 0)
    /* Translators: the first %u is how many documents are here, the second how many
     * the meeting has. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u of %u document is on this terminal; a download failed and will be tried again.",
                                         "%u of %u documents are on this terminal; a download failed and will be tried again.",
                                         total),
                            verified, total);
  else if (downloading > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Downloading: %u of %u document is on this terminal.",
                                         "Downloading: %u of %u documents are on this terminal.",
                                         total),
                            verified, total);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u of %u document is on this terminal.",
                                         "%u of %u documents are on this terminal.",
                                         total),
                            verified, total);

  if (g_strcmp0 (text, self->packet_text) != 0)
    {
      g_free (self->packet_text);
      self->packet_text = g_steal_pointer (&text);
      gtk_label_set_text (self->packet_label, self->packet_text);
    }

  if (bytes_total > 0)
    self->packet_fraction = (double) bytes_done / (double) bytes_total;
  else
    self->packet_fraction = (self->documents != NULL && total == 0) ? 1.0 : 0.0;
  gtk_progress_bar_set_fraction (self->progress_bar, self->packet_fraction);
  /* The bar only matters while something is missing. */
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar),
                          self->documents != NULL && total > 0 && verified < total);
}

static gboolean
update_idle_cb (gpointer user_data)
{
  PlenumMeetingRow *self = user_data;

  self->update_source = 0;
  update_packet (self);
  return G_SOURCE_REMOVE;
}

static void
queue_update (PlenumMeetingRow *self)
{
  /* "document-changed" can come many times a second while downloading; one update per
   * main-loop turn is plenty. */
  if (self->update_source == 0)
    self->update_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, update_idle_cb, self, NULL);
}

static void
document_changed_cb (PlenumSyncEngine *engine,
                     const char       *sha256,
                     PlenumMeetingRow *self)
{
  if (self->documents == NULL)
    return;

  for (guint i = 0; i < self->documents->len; i++)
    if (g_strcmp0 (g_array_index (self->documents, PacketDocument, i).sha256, sha256) == 0)
      {
        queue_update (self);
        return;
      }
}

static void
meeting_changed_cb (PlenumSyncEngine *engine,
                    const char       *meeting_id,
                    PlenumMeetingRow *self)
{
  if (g_strcmp0 (meeting_id, plenum_meeting_get_id (self->meeting)) != 0)
    return;

  load_documents (self);
  queue_update (self);
}

static void
plenum_meeting_row_dispose (GObject *object)
{
  PlenumMeetingRow *self = PLENUM_MEETING_ROW (object);

  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLENUM_TYPE_MEETING_ROW);

  G_OBJECT_CLASS (plenum_meeting_row_parent_class)->dispose (object);
}

static void
plenum_meeting_row_finalize (GObject *object)
{
  PlenumMeetingRow *self = PLENUM_MEETING_ROW (object);

  g_clear_object (&self->meeting);
  g_clear_pointer (&self->documents, g_array_unref);
  g_clear_pointer (&self->packet_text, g_free);

  G_OBJECT_CLASS (plenum_meeting_row_parent_class)->finalize (object);
}

static void
plenum_meeting_row_class_init (PlenumMeetingRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_meeting_row_dispose;
  object_class->finalize = plenum_meeting_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenum/Plenum/ui/plenum-meeting-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingRow, location_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PlenumMeetingRow, packet_label);
}

static void
plenum_meeting_row_init (PlenumMeetingRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
plenum_meeting_row_new (PlenumSyncEngine *engine,
                        PlenumMeeting    *meeting)
{
  PlenumMeetingRow *self;
  g_autofree char *time_text = NULL;
  const char *location;

  g_return_val_if_fail (engine == NULL || PLENUM_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (PLENUM_IS_MEETING (meeting), NULL);

  self = g_object_new (PLENUM_TYPE_MEETING_ROW, NULL);
  self->meeting = g_object_ref (meeting);
  if (engine != NULL)
    self->engine = g_object_ref (engine);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s", plenum_meeting_get_id (meeting));

  gtk_label_set_text (self->title_label, plenum_meeting_get_title (meeting));
  time_text = plenum_format_meeting_time (plenum_meeting_get_starts_at (meeting));
  gtk_label_set_text (self->time_label, time_text);
  location = plenum_meeting_get_location (meeting);
  gtk_label_set_text (self->location_label, location != NULL ? location : "");
  gtk_widget_set_visible (GTK_WIDGET (self->location_label), location != NULL);

  if (self->engine != NULL)
    {
      g_signal_connect (self->engine, "document-changed", G_CALLBACK (document_changed_cb), self);
      g_signal_connect (self->engine, "meeting-changed", G_CALLBACK (meeting_changed_cb), self);
      load_documents (self);
    }
  update_packet (self);

  return GTK_WIDGET (self);
}

PlenumMeeting *
plenum_meeting_row_get_meeting (PlenumMeetingRow *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_ROW (self), NULL);

  return self->meeting;
}

const char *
plenum_meeting_row_get_packet_text (PlenumMeetingRow *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_ROW (self), NULL);

  return self->packet_text;
}

double
plenum_meeting_row_get_packet_fraction (PlenumMeetingRow *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING_ROW (self), 0.0);

  return self->packet_fraction;
}
