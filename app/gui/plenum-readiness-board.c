/* plenum-readiness-board.c — the committee office's readiness board. See
 * plenum-readiness-board.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-readiness-board"

#include <glib/gi18n.h>

#include "plenum-error-text.h"
#include "plenum-readiness-board.h"

struct _PlenumReadinessBoard
{
  GtkWidget         parent_instance;

  GtkWidget        *box;           /* the one child: everything below */
  GtkLabel         *summary_label; /* "9 of 12 terminals ready" */
  GtkLabel         *notice_label;  /* offline or refused, in words; hidden when "" */
  GtkWidget        *groups;        /* one AdwPreferencesGroup per room */

  PlenumSyncEngine *engine;
  char             *meeting_id;
  GCancellable     *cancellable;   /* the read in flight, or NULL; cancelled when
                                    * unmapped and in dispose */
  guint             timer_id;      /* the periodic read while mapped, or 0 */
  guint             interval_ms;
  GPtrArray        *terminals;     /* PlenumTerminalInfo of the last good answer, or NULL */
  GDateTime        *read_at;       /* when that answer came (local time) */
  GHashTable       *rows;          /* terminal id → its AdwActionRow (borrowed) */
  GHashTable       *progress;      /* terminal id → its progress text as shown */
  guint             n_reads;
};

G_DEFINE_FINAL_TYPE (PlenumReadinessBoard, plenum_readiness_board, GTK_TYPE_WIDGET)

char *
plenum_readiness_board_format_last_seen (GDateTime *last_seen,
                                         GDateTime *now)
{
  GTimeSpan ago;
  gint64 minutes;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  if (last_seen == NULL)
    return g_strdup (_("never"));
  /* The server writes last_seen to the minute; a clock a little ahead of ours is "just
   * now", not "in 1 minute". */
  ago = g_date_time_difference (now, last_seen);
  minutes = ago / G_TIME_SPAN_MINUTE;
  if (minutes < 1)
    return g_strdup (_("just now"));
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute ago", "%u minutes ago",
                                         (gulong) minutes),
                            (guint) minutes);
  if (minutes < 24 * 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour ago", "%u hours ago",
                                         (gulong) (minutes / 60)),
                            (guint) (minutes / 60));
  local = g_date_time_to_local (last_seen);
  /* TRANSLATORS: a date and time of last contact, see g_date_time_format() */
  return g_date_time_format (local, _("%e %b, %H:%M"));
}

gboolean
plenum_readiness_board_is_ready (PlenumTerminalInfo *terminal,
                                 const char         *meeting_id)
{
  guint64 total = 0, done = 0;

  g_return_val_if_fail (PLENUM_IS_TERMINAL_INFO (terminal), FALSE);
  g_return_val_if_fail (meeting_id != NULL, FALSE);

  return !plenum_terminal_info_get_revoked (terminal) &&
         plenum_terminal_info_get_progress (terminal, meeting_id, NULL, &total, &done, NULL,
                                            NULL) &&
         done == total;
}

char *
plenum_readiness_board_format_progress (PlenumTerminalInfo *terminal,
                                        const char         *meeting_id)
{
  guint64 total = 0, done = 0, bytes_total = 0, bytes_done = 0;
  guint percent;

  g_return_val_if_fail (PLENUM_IS_TERMINAL_INFO (terminal), NULL);
  g_return_val_if_fail (meeting_id != NULL, NULL);

  if (plenum_terminal_info_get_wiped_at (terminal) != NULL)
    return g_strdup (_("wiped"));
  if (plenum_terminal_info_get_wipe_requested_at (terminal) != NULL)
    return g_strdup (_("wipe asked, not yet done"));
  if (plenum_terminal_info_get_revoked (terminal))
    return g_strdup (_("revoked"));
  if (!plenum_terminal_info_has_report (terminal))
    return g_strdup (_("no report yet"));
  if (!plenum_terminal_info_get_progress (terminal, meeting_id, NULL, &total, &done,
                                          &bytes_total, &bytes_done))
    return g_strdup (_("nothing reported for this meeting"));
  if (done == total)
    /* TRANSLATORS: "12 of 12 documents · ready" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u document · ready",
                                         "%u of %u documents · ready", (gulong) total),
                            (guint) MIN (done, G_MAXUINT), (guint) MIN (total, G_MAXUINT));
  /* By bytes: one large document counts for more than a one-page note. Rounded down, so
   * that an unfinished packet never reads 100 %. */
  if (bytes_total > 0)
    percent = (guint) (bytes_done * 100 / bytes_total);
  else
    percent = (guint) (done * 100 / total);
  percent = MIN (percent, 99);
  /* TRANSLATORS: "7 of 12 documents · 60 %" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u document · %u %%",
                                       "%u of %u documents · %u %%", (gulong) total),
                          (guint) MIN (done, G_MAXUINT), (guint) MIN (total, G_MAXUINT),
                          percent);
}

static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  gtk_label_set_text (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), text[0] != '\0');
}

/* Builds the rows again from the last good answer: one group per room, in the server's
 * order (room name, then seat name). */
static void
rebuild (PlenumReadinessBoard *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *summary = NULL;
  GtkWidget *group = NULL;
  const char *room_id = NULL;
  GtkWidget *child;
  guint ready = 0, counted = 0;

  g_hash_table_remove_all (self->rows);
  g_hash_table_remove_all (self->progress);
  while ((child = gtk_widget_get_first_child (self->groups)) != NULL)
    gtk_box_remove (GTK_BOX (self->groups), child);
  if (self->terminals == NULL)
    return;

  for (guint i = 0; i < self->terminals->len; i++)
    {
      PlenumTerminalInfo *terminal = g_ptr_array_index (self->terminals, i);
      g_autofree char *last_seen = NULL;
      g_autofree char *subtitle = NULL;
      char *progress;
      GtkWidget *row, *label;

      if (group == NULL || g_strcmp0 (room_id, plenum_terminal_info_get_room_id (terminal)) != 0)
        {
          room_id = plenum_terminal_info_get_room_id (terminal);
          group = adw_preferences_group_new ();
          /* The room's name in a plain label: the group's title would read it as
           * markup, and room and seat names are the office's text. */
          label = g_object_new (GTK_TYPE_LABEL,
                                "label", plenum_terminal_info_get_room_name (terminal),
                                "xalign", 0.0f,
                                "wrap", TRUE,
                                "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                NULL);
          gtk_widget_add_css_class (label, "heading");
          gtk_box_append (GTK_BOX (self->groups), label);
          gtk_box_append (GTK_BOX (self->groups), group);
        }

      last_seen = plenum_readiness_board_format_last_seen (plenum_terminal_info_get_last_seen (terminal),
                                                           now);
      /* TRANSLATORS: the last time a terminal reached the server: "Last contact: 2
       * minutes ago" */
      if (plenum_terminal_info_get_signed_in (terminal) != NULL)
        /* TRANSLATORS: who is signed in on a terminal, and its last contact: "Nguyễn
         * Văn An · last contact: 2 minutes ago" */
        subtitle = g_strdup_printf (_("%s · last contact: %s"),
                                    plenum_terminal_info_get_signed_in (terminal), last_seen);
      else
        subtitle = g_strdup_printf (_("Last contact: %s"), last_seen);
      progress = plenum_readiness_board_format_progress (terminal, self->meeting_id);

      /* The progress stays on one line (the row wraps it to one word a line
       * otherwise); the words are short in every language. */
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     plenum_terminal_info_get_name (terminal));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      label = g_object_new (GTK_TYPE_LABEL,
                            "label", progress,
                            "xalign", 1.0f,
                            NULL);
      if (plenum_readiness_board_is_ready (terminal, self->meeting_id))
        gtk_widget_add_css_class (label, "success");
      else if (plenum_terminal_info_get_revoked (terminal))
        gtk_widget_add_css_class (label, "dim-label");
      else
        gtk_widget_add_css_class (label, "warning");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

      g_hash_table_insert (self->rows, g_strdup (plenum_terminal_info_get_id (terminal)), row);
      g_hash_table_insert (self->progress, g_strdup (plenum_terminal_info_get_id (terminal)),
                           progress);
      /* A revoked terminal will not be at the meeting: it is listed, not counted. */
      if (!plenum_terminal_info_get_revoked (terminal))
        {
          counted++;
          if (plenum_readiness_board_is_ready (terminal, self->meeting_id))
            ready++;
        }
    }

  /* TRANSLATORS: "9 of 12 terminals ready" */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u terminal ready",
                                          "%u of %u terminals ready", counted),
                             ready, counted);
  set_label_text (self->summary_label, summary);
}

static void
on_terminals_listed_cb (GObject      *source_object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(PlenumReadinessBoard) self = user_data;
  g_autoptr(GPtrArray) terminals = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *notice = NULL;

  terminals = plenum_sync_engine_list_terminals_finish (PLENUM_SYNC_ENGINE (source_object),
                                                        result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  self->n_reads++;

  if (terminals != NULL)
    {
      g_clear_pointer (&self->terminals, g_ptr_array_unref);
      self->terminals = g_steal_pointer (&terminals);
      g_clear_pointer (&self->read_at, g_date_time_unref);
      self->read_at = g_date_time_new_now_local ();
      rebuild (self);
      set_label_text (self->notice_label, "");
      return;
    }

  g_debug ("Could not list the terminals: %s", error->message);
  if (g_error_matches (error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_UNREACHABLE) ||
      g_error_matches (error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_SERVER))
    {
      if (self->read_at != NULL)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (self->read_at);
          /* Translators: a time of day as strftime() writes it; see g_date_time_format(). */
          g_autofree char *time = g_date_time_format (local, C_("time of day", "%H:%M"));

          /* TRANSLATORS: %s is the time of the board shown, "10:02" */
          notice = g_strdup_printf (_("Could not reach the server: showing the board of %s"),
                                    time);
        }
      else
        notice = g_strdup (_("Could not reach the server."));
    }
  else if (g_error_matches (error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_REFUSED))
    notice = g_strdup (_("Only the committee office can see the terminals."));
  else
    notice = plenum_error_text (error);
  /* The last board stays: it is still the best the office knows. */
  set_label_text (self->notice_label, notice);
}

static void
refresh (PlenumReadinessBoard *self)
{
  /* One read at a time: a tap during a slow read does not pile up requests. */
  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  plenum_sync_engine_list_terminals_async (self->engine, self->meeting_id, self->cancellable,
                                           on_terminals_listed_cb, g_object_ref (self));
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  refresh (PLENUM_READINESS_BOARD (widget));
}

static gboolean
on_timer_fired_cb (gpointer user_data)
{
  refresh (PLENUM_READINESS_BOARD (user_data));
  return G_SOURCE_CONTINUE;
}

static void
start_timer (PlenumReadinessBoard *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->timer_id = g_timeout_add (self->interval_ms, on_timer_fired_cb, self);
}

static void
plenum_readiness_board_map (GtkWidget *widget)
{
  PlenumReadinessBoard *self = PLENUM_READINESS_BOARD (widget);

  GTK_WIDGET_CLASS (plenum_readiness_board_parent_class)->map (widget);
  /* Reading only while shown: a board nobody looks at costs the server nothing. */
  if (self->engine != NULL)
    {
      refresh (self);
      start_timer (self);
    }
}

static void
plenum_readiness_board_unmap (GtkWidget *widget)
{
  PlenumReadinessBoard *self = PLENUM_READINESS_BOARD (widget);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  GTK_WIDGET_CLASS (plenum_readiness_board_parent_class)->unmap (widget);
}

static void
plenum_readiness_board_dispose (GObject *object)
{
  PlenumReadinessBoard *self = PLENUM_READINESS_BOARD (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->rows != NULL)
    g_hash_table_remove_all (self->rows);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->terminals, g_ptr_array_unref);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (plenum_readiness_board_parent_class)->dispose (object);
}

static void
plenum_readiness_board_finalize (GObject *object)
{
  PlenumReadinessBoard *self = PLENUM_READINESS_BOARD (object);

  g_clear_pointer (&self->meeting_id, g_free);
  g_clear_pointer (&self->read_at, g_date_time_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->progress, g_hash_table_unref);

  G_OBJECT_CLASS (plenum_readiness_board_parent_class)->finalize (object);
}

static void
plenum_readiness_board_class_init (PlenumReadinessBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_readiness_board_dispose;
  object_class->finalize = plenum_readiness_board_finalize;
  widget_class->map = plenum_readiness_board_map;
  widget_class->unmap = plenum_readiness_board_unmap;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "board.refresh", NULL, refresh_action_cb);
}

/* The board has no template (it is a list made from data): its few fixed widgets are
 * made here. */
static void
plenum_readiness_board_init (PlenumReadinessBoard *self)
{
  GtkWidget *header, *button, *scrolled, *clamp, *content;

  self->interval_ms = PLENUM_READINESS_BOARD_INTERVAL_MS;
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->progress = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (self->box), scrolled);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);

  /* The summary and the refresh button on one line. */
  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (content), header);
  self->summary_label = g_object_new (GTK_TYPE_LABEL,
                                      "xalign", 0.0f,
                                      "hexpand", TRUE,
                                      "wrap", TRUE,
                                      "visible", FALSE,
                                      "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS,
                                      NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "title-3");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->summary_label));
  button = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "board.refresh");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Refresh"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Refresh"), -1);
  gtk_widget_add_css_class (button, "plenum-touch");
  gtk_box_append (GTK_BOX (header), button);

  self->notice_label = g_object_new (GTK_TYPE_LABEL,
                                     "xalign", 0.0f,
                                     "wrap", TRUE,
                                     "visible", FALSE,
                                     "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS,
                                     NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->notice_label), "heading");
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->notice_label));

  self->groups = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (content), self->groups);
}

GtkWidget *
plenum_readiness_board_new (PlenumSyncEngine *engine,
                            const char       *meeting_id)
{
  PlenumReadinessBoard *self;

  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (meeting_id != NULL, NULL);

  self = g_object_new (PLENUM_TYPE_READINESS_BOARD, NULL);
  self->engine = g_object_ref (engine);
  self->meeting_id = g_strdup (meeting_id);
  return GTK_WIDGET (self);
}

const char *
plenum_readiness_board_get_meeting_id (PlenumReadinessBoard *self)
{
  g_return_val_if_fail (PLENUM_IS_READINESS_BOARD (self), NULL);
  return self->meeting_id;
}

const char *
plenum_readiness_board_get_summary_text (PlenumReadinessBoard *self)
{
  g_return_val_if_fail (PLENUM_IS_READINESS_BOARD (self), NULL);
  return gtk_label_get_text (self->summary_label);
}

const char *
plenum_readiness_board_get_notice_text (PlenumReadinessBoard *self)
{
  g_return_val_if_fail (PLENUM_IS_READINESS_BOARD (self), NULL);
  return gtk_label_get_text (self->notice_label);
}

GtkWidget *
plenum_readiness_board_get_row (PlenumReadinessBoard *self,
                                const char           *terminal_id)
{
  g_return_val_if_fail (PLENUM_IS_READINESS_BOARD (self), NULL);
  g_return_val_if_fail (terminal_id != NULL, NULL);
  return g_hash_table_lookup (self->rows, terminal_id);
}

const char *
plenum_readiness_board_get_progress_text (PlenumReadinessBoard *self,
                                          const char           *terminal_id)
{
  g_return_val_if_fail (PLENUM_IS_READINESS_BOARD (self), NULL);
  g_return_val_if_fail (terminal_id != NULL, NULL);
  return g_hash_table_lookup (self->progress, terminal_id);
}

guint
plenum_readiness_board_get_n_reads (PlenumReadinessBoard *self)
{
  g_return_val_if_fail (PLENUM_IS_READINESS_BOARD (self), 0);
  return self->n_reads;
}

void
plenum_readiness_board_set_interval (PlenumReadinessBoard *self,
                                     guint                 milliseconds)
{
  g_return_if_fail (PLENUM_IS_READINESS_BOARD (self));
  g_return_if_fail (milliseconds > 0);

  if (self->interval_ms == milliseconds)
    return;
  self->interval_ms = milliseconds;
  if (self->timer_id != 0)
    start_timer (self);
}
