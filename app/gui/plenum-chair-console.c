/* plenum-chair-console.c — the meeting chair's console. See plenum-chair-console.h.
 *
 * Built in C rather than from a template: nearly everything in it (agenda rows, the
 * queue, the show-of-hands counts) is made from the engine's state as it changes, and a
 * few section boxes around them are not worth a .ui file of their own.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-chair-console"

#include <glib/gi18n.h>

#include "core/plenum-vote-result.h"
#include "sync/plenum-chair.h"
#include "plenum-chair-console.h"
#include "plenum-error-text.h"
#include "plenum-vote-editor.h"
#include "plenum-vote-text.h"

#define ITEM_ID_KEY "plenum-item-id"

typedef enum {
  CONFIRM_NONE,
  CONFIRM_CLOSE,
  CONFIRM_ANNUL,
} ConfirmKind;

/* Everything here belongs to the main thread (GTK's): the engine's signals and the
 * chair's callbacks come on its main context, which is GTK's. */
struct _PlenumChairConsole
{
  GtkWidget           parent_instance;

  PlenumSyncEngine   *engine;
  PlenumChair        *chair;
  char               *meeting_id;
  GCancellable       *cancellable;     /* of every action in flight; cancelled in dispose */

  GtkWidget          *box;             /* the column and the message bar under it */

  /* Agenda */
  GtkLabel           *item_label;
  GtkButton          *previous_button;
  GtkButton          *next_button;
  GtkListBox         *agenda_list;

  /* Attendance */
  GtkLabel           *attendance_label;

  /* Vote: a stack of "idle", "editor", "open" and "hands" */
  GtkStack           *vote_stack;
  GtkLabel           *result_label;
  GtkButton          *new_vote_button;
  PlenumVoteEditor   *editor;
  GtkLabel           *vote_title_label;
  GtkLabel           *vote_progress_label;
  GtkLabel           *voters_label;
  GtkButton          *close_vote_button;
  GtkButton          *annul_vote_button;
  GtkButton          *hands_button;
  GtkWidget          *vote_buttons;
  GtkWidget          *confirm_box;
  GtkLabel           *confirm_label;
  GtkButton          *confirm_button;
  GtkBox             *hands_rows;
  GPtrArray          *hands_labels;    /* GtkLabel, one per option; the rows own them */

  /* Speakers */
  GtkLabel           *floor_label;
  GtkBox             *queue_box;
  GtkLabel           *queue_empty_label;
  GtkButton          *next_speaker_button;
  GPtrArray          *queue_buttons;   /* GtkButton per queue row; the rows own them */
  GPtrArray          *queue_names;     /* char *, the names shown, in order */

  /* The refusal of the last action */
  GtkWidget          *message_bar;
  GtkLabel           *message_label;

  /* The engine's state as last read */
  PlenumMeeting      *meeting;         /* with its agenda, or NULL */
  PlenumPosition     *position;
  PlenumSpeakerQueue *speakers;
  PlenumQuorum       *quorum;
  PlenumStoredVote   *open_vote;

  /* What the chair is doing here */
  gboolean            editing;         /* the editor is shown */
  ConfirmKind         confirming;
  char               *hands_vote_id;   /* the vote whose show of hands is being entered */
  GArray             *hands_counts;    /* guint per option of that vote */

  /* Actions in flight: each disables its own buttons until it is answered. */
  gboolean            moving;
  gboolean            opening;
  gboolean            ending;          /* close, annul or show of hands */
  gboolean            floor_busy;      /* give the floor, next speaker */
};

G_DEFINE_FINAL_TYPE (PlenumChairConsole, plenum_chair_console, GTK_TYPE_WIDGET)

/* ---- words ---- */

char *
plenum_chair_console_format_error (const GError *error)
{
  const char *text = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != PLENUM_CHAIR_ERROR)
    return plenum_error_text (error);

  switch ((PlenumChairError) error->code)
    {
    case PLENUM_CHAIR_ERROR_OFFLINE:
      text = _("The server cannot be reached. Nothing was changed.");
      break;
    case PLENUM_CHAIR_ERROR_FORBIDDEN:
      text = _("Only the chair of this meeting can do this. Nothing was changed.");
      break;
    case PLENUM_CHAIR_ERROR_NOT_FOUND:
      text = _("The server does not know this item, vote or member any more. Nothing was changed.");
      break;
    case PLENUM_CHAIR_ERROR_NO_QUORUM:
      text = _("There is no quorum: the vote was not opened.");
      break;
    case PLENUM_CHAIR_ERROR_VOTE_IN_PROGRESS:
      text = _("Another vote is still open: close it first. Nothing was changed.");
      break;
    case PLENUM_CHAIR_ERROR_VOTE_CLOSED:
      text = _("This vote is already closed. Nothing was changed.");
      break;
    case PLENUM_CHAIR_ERROR_MEETING_CLOSED:
      text = _("The meeting is closed. Nothing was changed.");
      break;
    case PLENUM_CHAIR_ERROR_INVALID:
      text = _("The server did not accept these details (a count may be too high). Nothing was changed.");
      break;
    case PLENUM_CHAIR_ERROR_SESSION_EXPIRED:
      text = _("Your session has ended. Sign in again to continue.");
      break;
    case PLENUM_CHAIR_ERROR_FAILED:
    default:
      text = _("The server could not do this. Nothing was changed; try again in a moment.");
      break;
    }
  return g_strdup (text);
}

/* ---- the state shown ---- */

static void update_actions (PlenumChairConsole *self);

static void
set_label (GtkLabel   *label,
           const char *text)
{
  if (text == NULL)
    text = "";
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), text[0] != '\0');
}

static void
show_message (PlenumChairConsole *self,
              const char         *text)
{
  gtk_label_set_text (self->message_label, text != NULL ? text : "");
  gtk_widget_set_visible (self->message_bar, text != NULL && text[0] != '\0');
}

static void
show_error (PlenumChairConsole *self,
            const GError       *error)
{
  g_autofree char *text = plenum_chair_console_format_error (error);

  /* The server's own (English) words go to the log, not to the chair. */
  g_debug ("A chair action was refused: %s", error->message);
  show_message (self, text);
}

static GListModel *
agenda (PlenumChairConsole *self)
{
  return self->meeting != NULL ? plenum_meeting_get_agenda (self->meeting) : NULL;
}

/* The current item's place in the agenda, or -1. */
static int
current_index (PlenumChairConsole *self)
{
  GListModel *items = agenda (self);
  const char *item_id = self->position != NULL ? plenum_position_get_item_id (self->position)
                                               : NULL;

  if (items == NULL || item_id == NULL)
    return -1;
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (plenum_agenda_item_get_id (item), item_id) == 0)
        return (int) i;
    }
  return -1;
}

static const char *
current_item_id (PlenumChairConsole *self)
{
  return self->position != NULL ? plenum_position_get_item_id (self->position) : NULL;
}

static guint
n_items (PlenumChairConsole *self)
{
  GListModel *items = agenda (self);

  return items != NULL ? g_list_model_get_n_items (items) : 0;
}

static void
update_item (PlenumChairConsole *self)
{
  GListModel *items = agenda (self);
  int index = current_index (self);
  g_autofree char *text = NULL;
  GtkListBoxRow *row;

  if (current_item_id (self) == NULL)
    text = g_strdup (_("Not started"));
  else if (index < 0)
    text = g_strdup (_("An item this terminal does not have"));
  else
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (items, (guint) index);

      /* Translators: the agenda item's number as printed ("2", "3a"), then its title. */
      text = g_strdup_printf (_("Item %s: %s"), plenum_agenda_item_get_number (item),
                              plenum_agenda_item_get_title (item));
    }
  set_label (self->item_label, text);

  /* The current row says so in words, not only by its look. */
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->agenda_list, i)) != NULL; i++)
    {
      GtkWidget *marker = g_object_get_data (G_OBJECT (row), "plenum-marker");

      gtk_widget_set_visible (marker, i == index);
      if (i == index)
        gtk_widget_add_css_class (GTK_WIDGET (row), "plenum-current");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (row), "plenum-current");
    }
}

static void
rebuild_agenda (PlenumChairConsole *self)
{
  GListModel *items = agenda (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->agenda_list))) != NULL)
    gtk_list_box_remove (self->agenda_list, child);

  for (guint i = 0; items != NULL && i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (items, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *number = gtk_label_new (plenum_agenda_item_get_number (item));
      GtkWidget *title = gtk_label_new (plenum_agenda_item_get_title (item));
      GtkWidget *marker = gtk_label_new (_("Now"));

      gtk_widget_set_size_request (row, -1, 48);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_label_set_width_chars (GTK_LABEL (number), 3);
      gtk_label_set_xalign (GTK_LABEL (number), 0);
      gtk_widget_add_css_class (number, "numeric");
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_hexpand (title, TRUE);
      gtk_widget_add_css_class (marker, "accent");
      gtk_widget_set_visible (marker, FALSE);
      gtk_box_append (GTK_BOX (box), number);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), marker);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data_full (G_OBJECT (row), ITEM_ID_KEY,
                              g_strdup (plenum_agenda_item_get_id (item)), g_free);
      g_object_set_data (G_OBJECT (row), "plenum-marker", marker);
      gtk_list_box_append (self->agenda_list, row);
    }
  update_item (self);
}

static void
update_attendance (PlenumChairConsole *self)
{
  g_autofree char *text = NULL;

  if (self->quorum == NULL)
    text = g_strdup (_("Attendance is not known yet."));
  else
    {
      guint members = plenum_quorum_get_members (self->quorum);
      guint present = plenum_quorum_get_present (self->quorum);
      guint required = plenum_quorum_get_required (self->quorum);

      if (plenum_quorum_get_met (self->quorum))
        /* Translators: members present, of all members; the quorum; in words, so that
         * it does not rest on a colour. */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u of %u member present — quorum is %u: met",
                                             "%u of %u members present — quorum is %u: met",
                                             members), present, members, required);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u of %u member present — quorum is %u: not met",
                                             "%u of %u members present — quorum is %u: not met",
                                             members), present, members, required);
    }
  set_label (self->attendance_label, text);
}

/* The last vote on the current item that is over, or NULL. */
static PlenumStoredVote *
last_finished_vote (PlenumChairConsole *self)
{
  g_autoptr(GPtrArray) votes = NULL;
  const char *item_id = current_item_id (self);

  if (item_id == NULL)
    return NULL;
  votes = plenum_store_list_votes (plenum_sync_engine_get_store (self->engine),
                                   self->meeting_id);
  for (guint i = votes->len; i > 0; i--)
    {
      PlenumStoredVote *vote = g_ptr_array_index (votes, i - 1);

      if (g_strcmp0 (plenum_stored_vote_get_item_id (vote), item_id) == 0 &&
          plenum_stored_vote_get_state (vote) != PLENUM_VOTE_STATE_OPEN)
        return plenum_stored_vote_ref (vote);
    }
  return NULL;
}

/* For an open vote: the names of those who voted, and how many have not. */
static char *
describe_voters (PlenumChairConsole *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) voters = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  guint voted = plenum_stored_vote_get_voted (self->open_vote);

  if (plenum_stored_vote_get_secret (self->open_vote))
    return g_strdup (_("Secret ballot: who voted for what is never shown, only how many have voted."));

  voters = plenum_vote_get_voter_names (plenum_stored_vote_get_json (self->open_vote), &error);
  if (voters == NULL)
    {
      g_warning ("A stored vote's voters cannot be read: %s", error->message);
      return g_strdup ("");
    }
  for (guint i = 0; voters[i] != NULL; i++)
    {
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, voters[i]);
    }
  if (names->len > 0)
    /* Translators: the names of the members who have voted in an open vote. */
    g_string_append_printf (text, _("Voted: %s."), names->str);
  else
    g_string_append (text, _("Nobody has voted yet."));

  /* The body's members are not on this terminal: count those who have not voted. */
  if (self->quorum != NULL && plenum_quorum_get_members (self->quorum) > voted)
    {
      guint waiting = plenum_quorum_get_members (self->quorum) - voted;

      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u member has not voted yet.",
                                                 "%u members have not voted yet.",
                                                 waiting), waiting);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
clear_hands (PlenumChairConsole *self)
{
  GtkWidget *child;

  g_clear_pointer (&self->hands_vote_id, g_free);
  g_array_set_size (self->hands_counts, 0);
  g_ptr_array_set_size (self->hands_labels, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->hands_rows))) != NULL)
    gtk_box_remove (self->hands_rows, child);
}

static void
update_hands_counts (PlenumChairConsole *self)
{
  for (guint i = 0; i < self->hands_labels->len; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", g_array_index (self->hands_counts, guint, i));

      gtk_label_set_text (g_ptr_array_index (self->hands_labels, i), text);
    }
}

static void
build_hands (PlenumChairConsole *self)
{
  guint n = plenum_stored_vote_get_n_options (self->open_vote);

  clear_hands (self);
  self->hands_vote_id = g_strdup (plenum_stored_vote_get_id (self->open_vote));
  g_array_set_size (self->hands_counts, n);
  for (guint i = 0; i < n; i++)
    {
      const char *option = plenum_vote_text_option (self->open_vote, i);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *name = gtk_label_new (option);
      GtkWidget *fewer = gtk_button_new_with_label ("−");
      GtkWidget *count = gtk_label_new ("0");
      GtkWidget *more = gtk_button_new_with_label ("+");
      g_autofree char *fewer_text = NULL;
      g_autofree char *more_text = NULL;

      g_array_index (self->hands_counts, guint, i) = 0;
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_wrap (GTK_LABEL (name), TRUE);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_label_set_width_chars (GTK_LABEL (count), 3);
      gtk_widget_add_css_class (count, "numeric");
      gtk_widget_add_css_class (count, "title-4");
      /* Translators: a button that lowers the show-of-hands count of an option. */
      fewer_text = g_strdup_printf (_("One fewer: %s"), option);
      /* Translators: a button that raises the show-of-hands count of an option. */
      more_text = g_strdup_printf (_("One more: %s"), option);
      for (guint j = 0; j < 2; j++)
        {
          GtkWidget *button = j == 0 ? fewer : more;

          gtk_widget_add_css_class (button, "plenum-touch");
          gtk_widget_set_size_request (button, 48, 48);
          gtk_widget_set_tooltip_text (button, j == 0 ? fewer_text : more_text);
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          j == 0 ? fewer_text : more_text, -1);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button),
                                          j == 0 ? "chair.hands-fewer" : "chair.hands-more");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", i);
        }
      gtk_box_append (GTK_BOX (row), name);
      gtk_box_append (GTK_BOX (row), fewer);
      gtk_box_append (GTK_BOX (row), count);
      gtk_box_append (GTK_BOX (row), more);
      gtk_box_append (self->hands_rows, row);
      g_ptr_array_add (self->hands_labels, count);
    }
}

static void
update_vote (PlenumChairConsole *self)
{
  g_autoptr(PlenumStoredVote) finished = NULL;
  g_autofree char *result = NULL;
  const char *page;

  g_clear_pointer (&self->open_vote, plenum_stored_vote_unref);
  self->open_vote = plenum_store_get_open_vote (plenum_sync_engine_get_store (self->engine),
                                                self->meeting_id);

  if (self->open_vote != NULL)
    {
      guint voted = plenum_stored_vote_get_voted (self->open_vote);
      g_autofree char *title = NULL;
      g_autofree char *progress = NULL;
      g_autofree char *voters = NULL;

      /* A vote opened (here or by the server's answer): the form is done with. */
      self->editing = FALSE;
      if (self->hands_vote_id != NULL &&
          g_strcmp0 (self->hands_vote_id, plenum_stored_vote_get_id (self->open_vote)) != 0)
        clear_hands (self);

      title = g_strdup_printf (plenum_stored_vote_get_secret (self->open_vote)
                               /* Translators: the title of the open vote. */
                               ? _("Secret ballot open: %s") : _("Open vote in progress: %s"),
                               plenum_stored_vote_get_title (self->open_vote));
      set_label (self->vote_title_label, title);
      if (self->quorum != NULL)
        /* Translators: how many have voted so far, of all the members. */
        progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%u of %u member has voted",
                                                 "%u of %u members have voted",
                                                 plenum_quorum_get_members (self->quorum)),
                                    voted, plenum_quorum_get_members (self->quorum));
      else
        progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member has voted",
                                                 "%u members have voted", voted), voted);
      set_label (self->vote_progress_label, progress);
      voters = describe_voters (self);
      set_label (self->voters_label, voters);
      page = self->hands_vote_id != NULL ? "hands" : "open";
    }
  else
    {
      clear_hands (self);
      self->confirming = CONFIRM_NONE;
      set_label (self->vote_title_label, NULL);
      set_label (self->vote_progress_label, NULL);
      set_label (self->voters_label, NULL);
      page = self->editing ? "editor" : "idle";
    }

  finished = last_finished_vote (self);
  if (finished != NULL && self->open_vote == NULL)
    result = plenum_vote_text_describe_result (finished, PLENUM_VOTE_TEXT_CONSOLE, NULL);
  set_label (self->result_label, result);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->vote_stack), page) != 0)
    gtk_stack_set_visible_child_name (self->vote_stack, page);
  update_actions (self);
}

/* A touch_button()'s text (its own wrapping label). */
static void
set_button_text (GtkButton  *button,
                 const char *text)
{
  gtk_label_set_text (GTK_LABEL (gtk_button_get_child (button)), text);
}

static void
update_confirm (PlenumChairConsole *self)
{
  gtk_widget_set_visible (self->confirm_box, self->confirming != CONFIRM_NONE);
  gtk_widget_set_visible (self->vote_buttons, self->confirming == CONFIRM_NONE);
  if (self->confirming == CONFIRM_CLOSE)
    {
      gtk_label_set_text (self->confirm_label,
                          _("Close the vote now? Ballots that arrive later are not counted."));
      set_button_text (self->confirm_button, _("Close the vote"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->confirm_button), "suggested-action");
    }
  else if (self->confirming == CONFIRM_ANNUL)
    {
      gtk_label_set_text (self->confirm_label,
                          _("Annul this vote? It stays in the record as annulled and its result does not count."));
      set_button_text (self->confirm_button, _("Annul the vote"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->confirm_button), "destructive-action");
    }
}

static void
update_speakers (PlenumChairConsole *self)
{
  PlenumSpeaker *floor = self->speakers != NULL ? plenum_speaker_queue_get_floor (self->speakers)
                                                : NULL;
  GPtrArray *waiting = self->speakers != NULL ? plenum_speaker_queue_get_waiting (self->speakers)
                                              : NULL;
  g_autofree char *floor_text = NULL;
  GtkWidget *child;

  if (floor != NULL && plenum_speaker_get_time (floor) != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (plenum_speaker_get_time (floor));
      /* Translators: a time of day as strftime() writes it; see g_date_time_format(). */
      g_autofree char *since = g_date_time_format (local, C_("time of day", "%H:%M"));

      /* Translators: who has the floor, and since when (a time of day). */
      floor_text = g_strdup_printf (_("%s has the floor since %s"),
                                    plenum_speaker_get_display_name (floor), since);
    }
  else if (floor != NULL)
    floor_text = g_strdup_printf (_("%s has the floor"), plenum_speaker_get_display_name (floor));
  else
    floor_text = g_strdup (_("Nobody has the floor"));
  set_label (self->floor_label, floor_text);

  g_ptr_array_set_size (self->queue_buttons, 0);
  g_ptr_array_set_size (self->queue_names, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->queue_box))) != NULL)
    gtk_box_remove (self->queue_box, child);
  for (guint i = 0; waiting != NULL && i < waiting->len; i++)
    {
      PlenumSpeaker *speaker = g_ptr_array_index (waiting, i);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      g_autofree char *text = NULL;
      g_autofree char *description = NULL;
      GtkWidget *label;
      GtkWidget *button;

      /* Translators: a place in the speakers' queue, then the member's name. */
      text = g_strdup_printf (_("%u. %s"), plenum_speaker_get_position (speaker),
                              plenum_speaker_get_display_name (speaker));
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      button = gtk_button_new_with_label (_("Give the floor"));
      gtk_widget_add_css_class (button, "plenum-touch");
      gtk_widget_set_size_request (button, 48, 48);
      /* Translators: what "Give the floor" does, for a screen reader. */
      description = g_strdup_printf (_("Give the floor to %s"),
                                     plenum_speaker_get_display_name (speaker));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "chair.give-floor");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                        plenum_speaker_get_account_id (speaker));
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), button);
      gtk_box_append (self->queue_box, row);
      g_ptr_array_add (self->queue_buttons, button);
      g_ptr_array_add (self->queue_names, g_strdup (plenum_speaker_get_display_name (speaker)));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->queue_empty_label),
                          waiting == NULL || waiting->len == 0);
  update_actions (self);
}

static void
update_actions (PlenumChairConsole *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int index = current_index (self);
  guint n = n_items (self);
  gboolean open = self->open_vote != NULL;
  gboolean hands = open && self->hands_vote_id != NULL;
  gboolean has_speakers = self->speakers != NULL &&
                          (plenum_speaker_queue_get_floor (self->speakers) != NULL ||
                           plenum_speaker_queue_get_waiting (self->speakers)->len > 0);

  gtk_widget_action_set_enabled (widget, "chair.previous", !self->moving && index > 0);
  /* Before the first move (or on an item this terminal does not have), "Next" starts
   * at the first item. */
  gtk_widget_action_set_enabled (widget, "chair.next",
                                 !self->moving && n > 0 && (index < 0 || (guint) index + 1 < n));
  gtk_widget_action_set_enabled (widget, "chair.move", !self->moving && n > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->agenda_list), !self->moving && n > 0);

  gtk_widget_action_set_enabled (widget, "chair.new-vote",
                                 current_item_id (self) != NULL && !open && !self->opening &&
                                 !self->editing);
  gtk_widget_action_set_enabled (widget, "chair.close-vote",
                                 open && !self->ending && self->confirming == CONFIRM_NONE);
  gtk_widget_action_set_enabled (widget, "chair.annul-vote",
                                 open && !self->ending && self->confirming == CONFIRM_NONE);
  gtk_widget_action_set_enabled (widget, "chair.show-of-hands",
                                 open && !self->ending && self->confirming == CONFIRM_NONE);
  gtk_widget_action_set_enabled (widget, "chair.confirm",
                                 open && !self->ending && self->confirming != CONFIRM_NONE);
  gtk_widget_action_set_enabled (widget, "chair.cancel-confirm",
                                 !self->ending && self->confirming != CONFIRM_NONE);
  gtk_widget_action_set_enabled (widget, "chair.hands-more", hands && !self->ending);
  gtk_widget_action_set_enabled (widget, "chair.hands-fewer", hands && !self->ending);
  gtk_widget_action_set_enabled (widget, "chair.record-hands", hands && !self->ending);
  gtk_widget_action_set_enabled (widget, "chair.cancel-hands", hands && !self->ending);

  gtk_widget_action_set_enabled (widget, "chair.give-floor", !self->floor_busy);
  gtk_widget_action_set_enabled (widget, "chair.next-speaker", !self->floor_busy && has_speakers);
  update_confirm (self);
}

/* ---- following the engine ---- */

static void
load_meeting (PlenumChairConsole *self)
{
  g_clear_object (&self->meeting);
  self->meeting = plenum_sync_engine_get_meeting (self->engine, self->meeting_id);
  if (self->meeting != NULL && !plenum_meeting_has_agenda (self->meeting))
    g_clear_object (&self->meeting);
  rebuild_agenda (self);
  update_vote (self);
}

static void
on_meeting_changed_cb (PlenumSyncEngine   *engine,
                       const char         *meeting_id,
                       PlenumChairConsole *self)
{
  if (g_strcmp0 (meeting_id, self->meeting_id) == 0)
    load_meeting (self);
}

static void
on_position_changed_cb (PlenumSyncEngine   *engine,
                        const char         *meeting_id,
                        PlenumChairConsole *self)
{
  if (g_strcmp0 (meeting_id, self->meeting_id) != 0)
    return;
  g_clear_object (&self->position);
  self->position = plenum_sync_engine_get_position (engine, meeting_id);
  update_item (self);
  /* The result shown is the current item's. */
  update_vote (self);
}

static void
on_speakers_changed_cb (PlenumSyncEngine   *engine,
                        const char         *meeting_id,
                        PlenumChairConsole *self)
{
  if (g_strcmp0 (meeting_id, self->meeting_id) != 0)
    return;
  g_clear_object (&self->speakers);
  self->speakers = plenum_sync_engine_get_speakers (engine, meeting_id);
  update_speakers (self);
}

static void
on_quorum_changed_cb (PlenumSyncEngine   *engine,
                      const char         *meeting_id,
                      PlenumChairConsole *self)
{
  if (g_strcmp0 (meeting_id, self->meeting_id) != 0)
    return;
  g_clear_object (&self->quorum);
  self->quorum = plenum_sync_engine_get_quorum (engine, meeting_id);
  update_attendance (self);
  /* "N of M have voted" counts against the members. */
  update_vote (self);
}

static void
on_votes_changed_cb (PlenumSyncEngine   *engine,
                     const char         *meeting_id,
                     PlenumChairConsole *self)
{
  if (g_strcmp0 (meeting_id, self->meeting_id) == 0)
    update_vote (self);
}

/* ---- actions ---- */

static gboolean
finish_action (PlenumChairConsole *self,
               GObject            *source,
               GAsyncResult       *result,
               gboolean           *busy)
{
  g_autoptr(GError) error = NULL;

  if (!plenum_chair_finish (PLENUM_CHAIR (source), result, &error))
    {
      /* Cancelled: the console is going away. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return FALSE;
      show_error (self, error);
    }
  *busy = FALSE;
  update_actions (self);
  return TRUE;
}

/* Marks an action started with its flag @busy (FALSE, and nothing done, when one like it
 * is still on its way: a second tap must not send it twice); the last message goes, as
 * it spoke of the action before. */
static gboolean
begin_action (PlenumChairConsole *self,
              gboolean           *busy)
{
  if (*busy)
    return FALSE;
  show_message (self, NULL);
  *busy = TRUE;
  update_actions (self);
  return TRUE;
}

static void
moved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PlenumChairConsole) self = user_data;

  finish_action (self, source, result, &self->moving);
}

static void
move_to (PlenumChairConsole *self,
         const char         *item_id)
{
  if (item_id == NULL || !begin_action (self, &self->moving))
    return;
  plenum_chair_move_async (self->chair, item_id, NULL, -1, self->cancellable, moved_cb,
                           g_object_ref (self));
}

static void
move_by (PlenumChairConsole *self,
         int                 delta)
{
  GListModel *items = agenda (self);
  int index = current_index (self);
  int target = index < 0 ? 0 : index + delta;
  g_autoptr(PlenumAgendaItem) item = NULL;

  if (items == NULL || target < 0 || (guint) target >= g_list_model_get_n_items (items))
    return;
  item = g_list_model_get_item (items, (guint) target);
  move_to (self, plenum_agenda_item_get_id (item));
}

static void
previous_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PlenumChairConsole *self = PLENUM_CHAIR_CONSOLE (widget);

  if (current_index (self) > 0)
    move_by (self, -1);
}

static void
next_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  move_by (PLENUM_CHAIR_CONSOLE (widget), 1);
}

static void
move_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  move_to (PLENUM_CHAIR_CONSOLE (widget), g_variant_get_string (parameter, NULL));
}

static void
on_agenda_row_activated_cb (GtkListBox         *list,
                            GtkListBoxRow      *row,
                            PlenumChairConsole *self)
{
  const char *item_id = g_object_get_data (G_OBJECT (row), ITEM_ID_KEY);

  gtk_widget_activate_action (GTK_WIDGET (self), "chair.move", "s", item_id);
}

static void
new_vote_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PlenumChairConsole *self = PLENUM_CHAIR_CONSOLE (widget);
  GListModel *items = agenda (self);
  int index = current_index (self);
  const char *title = "";
  g_autoptr(PlenumAgendaItem) item = NULL;

  if (current_item_id (self) == NULL || self->open_vote != NULL)
    return;
  if (index >= 0)
    {
      item = g_list_model_get_item (items, (guint) index);
      title = plenum_agenda_item_get_title (item);
    }
  plenum_vote_editor_reset (self->editor, current_item_id (self), title);
  self->editing = TRUE;
  show_message (self, NULL);
  update_vote (self);
}

static void
vote_opened_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PlenumChairConsole) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *vote_id = NULL;

  vote_id = plenum_chair_open_vote_finish (PLENUM_CHAIR (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->opening = FALSE;
  plenum_vote_editor_set_busy (self->editor, FALSE);
  if (vote_id == NULL)
    {
      /* The form stays as the chair filled it, to fix or to try again. */
      show_error (self, error);
      update_actions (self);
      return;
    }
  /* The vote itself shows when the engine has it ("votes-changed"), as everywhere. */
  g_debug ("Opened the vote %s", vote_id);
  update_actions (self);
}

static void
on_editor_open_requested_cb (PlenumVoteEditor   *editor,
                             PlenumChairConsole *self)
{
  PlenumVoteSpec spec;

  if (!begin_action (self, &self->opening))
    return;
  plenum_vote_editor_get_spec (editor, &spec);
  plenum_vote_editor_set_busy (editor, TRUE);
  plenum_chair_open_vote_async (self->chair, &spec, self->cancellable, vote_opened_cb,
                                g_object_ref (self));
}

static void
on_editor_cancelled_cb (PlenumVoteEditor   *editor,
                        PlenumChairConsole *self)
{
  self->editing = FALSE;
  update_vote (self);
}

static void
vote_ended_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PlenumChairConsole) self = user_data;

  if (!finish_action (self, source, result, &self->ending))
    return;
  self->confirming = CONFIRM_NONE;
  update_actions (self);
}

static void
ask_confirm (PlenumChairConsole *self,
             ConfirmKind         kind)
{
  if (self->open_vote == NULL || self->ending)
    return;
  self->confirming = kind;
  show_message (self, NULL);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->confirm_button));
}

static void
close_vote_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ask_confirm (PLENUM_CHAIR_CONSOLE (widget), CONFIRM_CLOSE);
}

static void
annul_vote_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ask_confirm (PLENUM_CHAIR_CONSOLE (widget), CONFIRM_ANNUL);
}

static void
confirm_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlenumChairConsole *self = PLENUM_CHAIR_CONSOLE (widget);
  const char *vote_id;

  if (self->open_vote == NULL || self->ending || self->confirming == CONFIRM_NONE)
    return;
  vote_id = plenum_stored_vote_get_id (self->open_vote);
  self->ending = TRUE;
  update_actions (self);
  if (self->confirming == CONFIRM_CLOSE)
    plenum_chair_close_vote_async (self->chair, vote_id, self->cancellable, vote_ended_cb,
                                   g_object_ref (self));
  else
    plenum_chair_annul_vote_async (self->chair, vote_id, self->cancellable, vote_ended_cb,
                                   g_object_ref (self));
}

static void
cancel_confirm_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  PlenumChairConsole *self = PLENUM_CHAIR_CONSOLE (widget);

  self->confirming = CONFIRM_NONE;
  update_actions (self);
}

static void
show_of_hands_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PlenumChairConsole *self = PLENUM_CHAIR_CONSOLE (widget);

  if (self->open_vote == NULL || self->ending)
    return;
  build_hands (self);
  show_message (self, NULL);
  update_vote (self);
}

/* The most hands an option can have: every member (the server checks the exact limit,
 * which leaves out members with a conflict of interest on the item). */
static guint
hands_limit (PlenumChairConsole *self)
{
  return self->quorum != NULL ? plenum_quorum_get_members (self->quorum) : G_MAXUINT16;
}

static void
hands_step_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlenumChairConsole *self = PLENUM_CHAIR_CONSOLE (widget);
  guint position = g_variant_get_uint32 (parameter);
  gboolean more = g_str_equal (action_name, "chair.hands-more");
  guint *count;
  guint sum = 0;

  if (self->hands_vote_id == NULL || position >= self->hands_counts->len)
    return;
  count = &g_array_index (self->hands_counts, guint, position);
  for (guint i = 0; i < self->hands_counts->len; i++)
    sum += g_array_index (self->hands_counts, guint, i);
  if (more)
    {
      /* A member raises one hand in a motion; in an election up to N, one per
       * candidate. */
      gboolean motion = self->open_vote != NULL &&
                        !plenum_stored_vote_get_candidates (self->open_vote);

      if (*count < hands_limit (self) && (!motion || sum < hands_limit (self)))
        (*count)++;
    }
  else if (*count > 0)
    (*count)--;
  update_hands_counts (self);
}

static void
record_hands_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PlenumChairConsole *self = PLENUM_CHAIR_CONSOLE (widget);

  if (self->hands_vote_id == NULL || !begin_action (self, &self->ending))
    return;
  plenum_chair_show_of_hands_async (self->chair, self->hands_vote_id,
                                    (const guint *) (gpointer) self->hands_counts->data,
                                    self->hands_counts->len, self->cancellable,
                                    vote_ended_cb, g_object_ref (self));
}

static void
cancel_hands_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PlenumChairConsole *self = PLENUM_CHAIR_CONSOLE (widget);

  clear_hands (self);
  update_vote (self);
}

static void
floor_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PlenumChairConsole) self = user_data;

  finish_action (self, source, result, &self->floor_busy);
}

static void
give_floor_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlenumChairConsole *self = PLENUM_CHAIR_CONSOLE (widget);

  if (!begin_action (self, &self->floor_busy))
    return;
  plenum_chair_give_floor_async (self->chair, g_variant_get_string (parameter, NULL),
                                 self->cancellable, floor_done_cb, g_object_ref (self));
}

static void
next_speaker_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PlenumChairConsole *self = PLENUM_CHAIR_CONSOLE (widget);

  if (!begin_action (self, &self->floor_busy))
    return;
  plenum_chair_next_speaker_async (self->chair, self->cancellable, floor_done_cb,
                                   g_object_ref (self));
}

static void
dismiss_message_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  show_message (PLENUM_CHAIR_CONSOLE (widget), NULL);
}

/* ---- building ---- */

static GtkWidget *
touch_button (const char *label,
              const char *action_name)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *text = gtk_label_new (label);

  /* Wraps rather than widening the column past the kiosk's screen (Vietnamese labels
   * are long). */
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (text), GTK_JUSTIFY_CENTER);
  gtk_button_set_child (GTK_BUTTON (button), text);
  gtk_widget_add_css_class (button, "plenum-touch");
  /* Holds without the style sheet too (a widget built alone). */
  gtk_widget_set_size_request (button, 48, 48);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_set_hexpand (button, TRUE);
  return button;
}

static GtkLabel *
role_label (const char        *css_class,
            GtkAccessibleRole  role)
{
  /* The role is fixed at construction in GTK 4.8. */
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "accessible-role", role, NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return GTK_LABEL (label);
}

static GtkLabel *
text_label (const char *css_class)
{
  return role_label (css_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static GtkWidget *
section (GtkWidget  *column,
         const char *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkLabel *heading = role_label ("title-4", GTK_ACCESSIBLE_ROLE_HEADING);

  gtk_label_set_text (heading, title);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (heading));
  gtk_box_append (GTK_BOX (column), box);
  return box;
}

static GtkWidget *
button_row (GtkWidget *first,
            GtkWidget *second)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
  gtk_box_append (GTK_BOX (row), first);
  if (second != NULL)
    gtk_box_append (GTK_BOX (row), second);
  return row;
}

static void
build (PlenumChairConsole *self)
{
  GtkWidget *scrolled;
  GtkWidget *column;
  GtkWidget *part;
  GtkWidget *page;
  GtkWidget *dismiss;
  GtkWidget *cancel;
  GtkWidget *record;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (self->box), scrolled);
  column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_start (column, 12);
  gtk_widget_set_margin_end (column, 12);
  gtk_widget_set_margin_top (column, 12);
  gtk_widget_set_margin_bottom (column, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), column);

  /* Agenda */
  part = section (column, _("Agenda"));
  self->item_label = text_label ("heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->item_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Current item"), -1);
  gtk_box_append (GTK_BOX (part), GTK_WIDGET (self->item_label));
  self->previous_button = GTK_BUTTON (touch_button (_("Previous"), "chair.previous"));
  self->next_button = GTK_BUTTON (touch_button (_("Next"), "chair.next"));
  gtk_widget_add_css_class (GTK_WIDGET (self->next_button), "suggested-action");
  gtk_box_append (GTK_BOX (part), button_row (GTK_WIDGET (self->previous_button),
                                              GTK_WIDGET (self->next_button)));
  self->agenda_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->agenda_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->agenda_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->agenda_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Move to an item"), -1);
  g_signal_connect (self->agenda_list, "row-activated",
                    G_CALLBACK (on_agenda_row_activated_cb), self);
  gtk_box_append (GTK_BOX (part), GTK_WIDGET (self->agenda_list));

  /* Attendance */
  part = section (column, _("Attendance"));
  self->attendance_label = role_label (NULL, GTK_ACCESSIBLE_ROLE_STATUS);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->attendance_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Attendance"), -1);
  gtk_box_append (GTK_BOX (part), GTK_WIDGET (self->attendance_label));

  /* Vote */
  part = section (column, _("Vote"));
  self->vote_stack = GTK_STACK (gtk_stack_new ());
  /* Neither way homogeneous: a stack that is homogeneous in one direction only measures
   * its hidden pages' width for the visible page's height, and a tall page of wrapping
   * labels squeezed to a short height asks for 600 px, more than the column has. */
  gtk_stack_set_vhomogeneous (self->vote_stack, FALSE);
  gtk_stack_set_hhomogeneous (self->vote_stack, FALSE);
  gtk_box_append (GTK_BOX (part), GTK_WIDGET (self->vote_stack));

  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  self->result_label = text_label (NULL);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->result_label));
  self->new_vote_button = GTK_BUTTON (touch_button (_("Open a vote on this item…"),
                                                    "chair.new-vote"));
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->new_vote_button));
  gtk_stack_add_named (self->vote_stack, page, "idle");

  self->editor = PLENUM_VOTE_EDITOR (plenum_vote_editor_new ());
  g_signal_connect (self->editor, "open-requested", G_CALLBACK (on_editor_open_requested_cb),
                    self);
  g_signal_connect (self->editor, "cancelled", G_CALLBACK (on_editor_cancelled_cb), self);
  gtk_stack_add_named (self->vote_stack, GTK_WIDGET (self->editor), "editor");

  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  self->vote_title_label = text_label ("heading");
  self->vote_progress_label = role_label ("numeric", GTK_ACCESSIBLE_ROLE_STATUS);
  self->voters_label = text_label (NULL);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->vote_title_label));
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->vote_progress_label));
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->voters_label));
  self->vote_buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  self->close_vote_button = GTK_BUTTON (touch_button (_("Close the vote"), "chair.close-vote"));
  gtk_widget_add_css_class (GTK_WIDGET (self->close_vote_button), "suggested-action");
  self->annul_vote_button = GTK_BUTTON (touch_button (_("Annul"), "chair.annul-vote"));
  gtk_widget_add_css_class (GTK_WIDGET (self->annul_vote_button), "destructive-action");
  gtk_box_append (GTK_BOX (self->vote_buttons),
                  button_row (GTK_WIDGET (self->close_vote_button),
                              GTK_WIDGET (self->annul_vote_button)));
  self->hands_button = GTK_BUTTON (touch_button (_("Enter a show of hands…"),
                                                 "chair.show-of-hands"));
  gtk_box_append (GTK_BOX (self->vote_buttons), GTK_WIDGET (self->hands_button));
  gtk_box_append (GTK_BOX (page), self->vote_buttons);
  /* Asked in place rather than in a dialog: a kiosk has no window manager to put one
   * over the console, and the chair keeps the count in view while deciding. */
  self->confirm_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  self->confirm_label = text_label (NULL);
  gtk_box_append (GTK_BOX (self->confirm_box), GTK_WIDGET (self->confirm_label));
  self->confirm_button = GTK_BUTTON (touch_button (_("Close the vote"), "chair.confirm"));
  cancel = touch_button (_("Go back"), "chair.cancel-confirm");
  gtk_box_append (GTK_BOX (self->confirm_box),
                  button_row (cancel, GTK_WIDGET (self->confirm_button)));
  gtk_widget_set_visible (self->confirm_box, FALSE);
  gtk_box_append (GTK_BOX (page), self->confirm_box);
  gtk_stack_add_named (self->vote_stack, page, "open");

  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  part = GTK_WIDGET (text_label (NULL));
  gtk_label_set_text (GTK_LABEL (part),
                      _("Count the raised hands for each option. The ballots cast on terminals are kept but not counted."));
  gtk_box_append (GTK_BOX (page), part);
  self->hands_rows = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->hands_rows));
  cancel = touch_button (_("Cancel"), "chair.cancel-hands");
  record = touch_button (_("Close with these counts"), "chair.record-hands");
  gtk_widget_add_css_class (record, "suggested-action");
  gtk_box_append (GTK_BOX (page), button_row (cancel, record));
  gtk_stack_add_named (self->vote_stack, page, "hands");

  /* Speakers */
  part = section (column, _("Speakers"));
  self->floor_label = text_label ("heading");
  gtk_box_append (GTK_BOX (part), GTK_WIDGET (self->floor_label));
  self->queue_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->queue_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Waiting to speak"), -1);
  gtk_box_append (GTK_BOX (part), GTK_WIDGET (self->queue_box));
  self->queue_empty_label = text_label ("dim-label");
  gtk_label_set_text (self->queue_empty_label, _("Nobody is waiting to speak."));
  gtk_box_append (GTK_BOX (part), GTK_WIDGET (self->queue_empty_label));
  self->next_speaker_button = GTK_BUTTON (touch_button (_("Next speaker"), "chair.next-speaker"));
  gtk_box_append (GTK_BOX (part), GTK_WIDGET (self->next_speaker_button));

  /* The refusal of the last action, under the column so that it is seen wherever the
   * column is scrolled to. */
  self->message_bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (self->message_bar, "toolbar");
  gtk_widget_add_css_class (self->message_bar, "card");
  gtk_widget_set_margin_start (self->message_bar, 12);
  gtk_widget_set_margin_end (self->message_bar, 12);
  gtk_widget_set_margin_bottom (self->message_bar, 12);
  self->message_label = role_label (NULL, GTK_ACCESSIBLE_ROLE_ALERT);
  gtk_widget_set_hexpand (GTK_WIDGET (self->message_label), TRUE);
  gtk_box_append (GTK_BOX (self->message_bar), GTK_WIDGET (self->message_label));
  dismiss = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_add_css_class (dismiss, "plenum-touch");
  gtk_widget_set_size_request (dismiss, 48, 48);
  gtk_widget_set_valign (dismiss, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dismiss, _("Dismiss"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dismiss), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Dismiss"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (dismiss), "chair.dismiss-message");
  gtk_box_append (GTK_BOX (self->message_bar), dismiss);
  gtk_widget_set_visible (self->message_bar, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->message_bar);
}

static void
plenum_chair_console_dispose (GObject *object)
{
  PlenumChairConsole *self = PLENUM_CHAIR_CONSOLE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (self->editor, self);
  if (self->queue_buttons != NULL)
    g_ptr_array_set_size (self->queue_buttons, 0);
  if (self->hands_labels != NULL)
    g_ptr_array_set_size (self->hands_labels, 0);
  self->editor = NULL;
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->chair);
  g_clear_object (&self->engine);
  g_clear_object (&self->meeting);
  g_clear_object (&self->position);
  g_clear_object (&self->speakers);
  g_clear_object (&self->quorum);
  g_clear_pointer (&self->open_vote, plenum_stored_vote_unref);

  G_OBJECT_CLASS (plenum_chair_console_parent_class)->dispose (object);
}

static void
plenum_chair_console_finalize (GObject *object)
{
  PlenumChairConsole *self = PLENUM_CHAIR_CONSOLE (object);

  g_clear_pointer (&self->queue_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->queue_names, g_ptr_array_unref);
  g_clear_pointer (&self->hands_labels, g_ptr_array_unref);
  g_clear_pointer (&self->hands_counts, g_array_unref);
  g_free (self->hands_vote_id);
  g_free (self->meeting_id);

  G_OBJECT_CLASS (plenum_chair_console_parent_class)->finalize (object);
}

static void
plenum_chair_console_class_init (PlenumChairConsoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_chair_console_dispose;
  object_class->finalize = plenum_chair_console_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "plenum-chair-console");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_install_action (widget_class, "chair.previous", NULL, previous_action_cb);
  gtk_widget_class_install_action (widget_class, "chair.next", NULL, next_action_cb);
  gtk_widget_class_install_action (widget_class, "chair.move", "s", move_action_cb);
  gtk_widget_class_install_action (widget_class, "chair.new-vote", NULL, new_vote_action_cb);
  gtk_widget_class_install_action (widget_class, "chair.close-vote", NULL, close_vote_action_cb);
  gtk_widget_class_install_action (widget_class, "chair.annul-vote", NULL, annul_vote_action_cb);
  gtk_widget_class_install_action (widget_class, "chair.confirm", NULL, confirm_action_cb);
  gtk_widget_class_install_action (widget_class, "chair.cancel-confirm", NULL,
                                   cancel_confirm_action_cb);
  gtk_widget_class_install_action (widget_class, "chair.show-of-hands", NULL,
                                   show_of_hands_action_cb);
  gtk_widget_class_install_action (widget_class, "chair.hands-more", "u", hands_step_action_cb);
  gtk_widget_class_install_action (widget_class, "chair.hands-fewer", "u", hands_step_action_cb);
  gtk_widget_class_install_action (widget_class, "chair.record-hands", NULL,
                                   record_hands_action_cb);
  gtk_widget_class_install_action (widget_class, "chair.cancel-hands", NULL,
                                   cancel_hands_action_cb);
  gtk_widget_class_install_action (widget_class, "chair.give-floor", "s", give_floor_action_cb);
  gtk_widget_class_install_action (widget_class, "chair.next-speaker", NULL,
                                   next_speaker_action_cb);
  gtk_widget_class_install_action (widget_class, "chair.dismiss-message", NULL,
                                   dismiss_message_action_cb);
}

static void
plenum_chair_console_init (PlenumChairConsole *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Chair console"), -1);
  /* The boxes own the widgets; these only point at them. */
  self->queue_buttons = g_ptr_array_new ();
  self->queue_names = g_ptr_array_new_with_free_func (g_free);
  self->hands_labels = g_ptr_array_new ();
  self->hands_counts = g_array_new (FALSE, TRUE, sizeof (guint));
  gtk_widget_set_size_request (GTK_WIDGET (self), 400, -1);
  build (self);
}

GtkWidget *
plenum_chair_console_new (PlenumSyncEngine *engine,
                          const char       *meeting_id)
{
  PlenumChairConsole *self;

  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (meeting_id != NULL, NULL);

  self = g_object_new (PLENUM_TYPE_CHAIR_CONSOLE, NULL);
  self->engine = g_object_ref (engine);
  self->meeting_id = g_strdup (meeting_id);
  self->chair = plenum_chair_new (engine, meeting_id);
  g_signal_connect (engine, "meeting-changed", G_CALLBACK (on_meeting_changed_cb), self);
  g_signal_connect (engine, "position-changed", G_CALLBACK (on_position_changed_cb), self);
  g_signal_connect (engine, "speakers-changed", G_CALLBACK (on_speakers_changed_cb), self);
  g_signal_connect (engine, "quorum-changed", G_CALLBACK (on_quorum_changed_cb), self);
  g_signal_connect (engine, "votes-changed", G_CALLBACK (on_votes_changed_cb), self);

  self->position = plenum_sync_engine_get_position (engine, meeting_id);
  self->speakers = plenum_sync_engine_get_speakers (engine, meeting_id);
  self->quorum = plenum_sync_engine_get_quorum (engine, meeting_id);
  update_attendance (self);
  update_speakers (self);
  load_meeting (self);
  return GTK_WIDGET (self);
}

const char *
plenum_chair_console_get_meeting_id (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return self->meeting_id;
}

const char *
plenum_chair_console_get_item_text (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return gtk_label_get_text (self->item_label);
}

const char *
plenum_chair_console_get_attendance_text (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return gtk_label_get_text (self->attendance_label);
}

const char *
plenum_chair_console_get_vote_progress_text (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return gtk_label_get_text (self->vote_progress_label);
}

const char *
plenum_chair_console_get_voters_text (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return gtk_label_get_text (self->voters_label);
}

const char *
plenum_chair_console_get_result_text (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return gtk_label_get_text (self->result_label);
}

const char *
plenum_chair_console_get_floor_text (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return gtk_label_get_text (self->floor_label);
}

const char *
plenum_chair_console_get_message_text (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return gtk_widget_get_visible (self->message_bar) ? gtk_label_get_text (self->message_label)
                                                    : "";
}

const char *
plenum_chair_console_get_open_vote_id (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return self->open_vote != NULL ? plenum_stored_vote_get_id (self->open_vote) : NULL;
}

GStrv
plenum_chair_console_dup_queue_names (PlenumChairConsole *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  for (guint i = 0; i < self->queue_names->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->queue_names, i));
  return g_strv_builder_end (builder);
}

GtkButton *
plenum_chair_console_get_give_floor_button (PlenumChairConsole *self,
                                            guint               position)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return position < self->queue_buttons->len ? g_ptr_array_index (self->queue_buttons, position)
                                             : NULL;
}

GtkButton *
plenum_chair_console_get_previous_button (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return self->previous_button;
}

GtkButton *
plenum_chair_console_get_next_button (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return self->next_button;
}

GtkListBox *
plenum_chair_console_get_agenda_list (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return self->agenda_list;
}

GtkButton *
plenum_chair_console_get_new_vote_button (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return self->new_vote_button;
}

GtkButton *
plenum_chair_console_get_close_vote_button (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return self->close_vote_button;
}

GtkButton *
plenum_chair_console_get_annul_vote_button (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return self->annul_vote_button;
}

GtkButton *
plenum_chair_console_get_hands_button (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return self->hands_button;
}

GtkButton *
plenum_chair_console_get_confirm_button (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return self->confirm_button;
}

GtkButton *
plenum_chair_console_get_next_speaker_button (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return self->next_speaker_button;
}

GtkWidget *
plenum_chair_console_get_vote_editor (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), NULL);
  return GTK_WIDGET (self->editor);
}

gboolean
plenum_chair_console_get_editing (PlenumChairConsole *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), FALSE);
  return self->editing;
}

guint
plenum_chair_console_get_hands_count (PlenumChairConsole *self,
                                      guint               position)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR_CONSOLE (self), 0);
  return position < self->hands_counts->len ? g_array_index (self->hands_counts, guint, position)
                                            : 0;
}
