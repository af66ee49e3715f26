/* plenum-ballot-sheet.c — the member's ballot in a meeting's vote. See
 * plenum-ballot-sheet.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ballot-sheet"

#include <glib/gi18n.h>

#include "plenum-ballot-sheet.h"
#include "plenum-error-text.h"
#include "plenum-vote-text.h"

/* Everything here belongs to the main thread (GTK's); the store's signals and callbacks
 * come on its main context. */
struct _PlenumBallotSheet
{
  GtkWidget          parent_instance;

  /* template children */
  GtkLabel          *title_label;
  GtkLabel          *hint_label;
  GtkBox            *options_box;
  GtkButton         *cast_button;
  GtkLabel          *state_label;
  GtkLabel          *progress_label;  /* how many have voted, while the vote is open */
  GtkWidget         *result_box;      /* once the vote is closed or annulled: */
  GtkLabel          *outcome_label;   /*   "Passed", "Not passed", "Annulled", … */
  GtkLabel          *result_label;    /*   the counts, the majority, how it was counted */

  PlenumStore       *store;
  char              *account_id;
  char              *meeting_id;
  GCancellable      *cancellable;   /* of the cast in flight; cancelled in dispose */
  gboolean           casting;

  PlenumStoredVote  *vote;          /* the vote shown, as last read; NULL: none */
  GPtrArray         *options;       /* GtkToggleButton, one per option of `vote`; made
                                     * when the vote shown changes, and never reset
                                     * otherwise: only the member changes them */
  char              *error_text;    /* the last cast's failure, until the next cast */
};

G_DEFINE_FINAL_TYPE (PlenumBallotSheet, plenum_ballot_sheet, GTK_TYPE_WIDGET)

enum {
  SIGNAL_BALLOT_CAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_state (PlenumBallotSheet *self);

char *
plenum_ballot_sheet_format_refusal (const char *code,
                                    const char *message)
{
  const char *reason = NULL;

  if (g_strcmp0 (code, "vote_closed") == 0)
    reason = _("the vote closed before your ballot arrived");
  else if (g_strcmp0 (code, "already_voted") == 0)
    reason = _("you had already voted in this vote");
  else if (g_strcmp0 (code, "conflict_of_interest") == 0)
    reason = _("you declared a conflict of interest on this item");
  else if (g_strcmp0 (code, "forbidden") == 0)
    reason = _("you may not vote in this vote");
  else if (g_strcmp0 (code, "not_found") == 0)
    reason = _("the vote no longer exists");
  else if (message != NULL && message[0] != '\0')
    reason = message;   /* the server's own words, better than none */
  else
    reason = _("the server did not accept it");

  /* Translators: %s says why a ballot was not counted. */
  return g_strdup_printf (_("Not counted: %s"), reason);
}

/* The vote to show: the open one; else the last one (closed or annulled), with its
 * result and what became of the member's ballot, until the next vote opens. */
static PlenumStoredVote *
pick_vote (PlenumBallotSheet *self)
{
  g_autoptr(GPtrArray) votes = NULL;
  PlenumStoredVote *open;

  open = plenum_store_get_open_vote (self->store, self->meeting_id);
  if (open != NULL)
    return open;
  votes = plenum_store_list_votes (self->store, self->meeting_id);
  if (votes->len == 0)
    return NULL;
  return plenum_stored_vote_ref (g_ptr_array_index (votes, votes->len - 1));
}

static void
update_result (PlenumBallotSheet *self)
{
  g_autofree char *outcome = NULL;
  g_autofree char *text = NULL;

  if (self->vote != NULL)
    text = plenum_vote_text_describe_result (self->vote, PLENUM_VOTE_TEXT_SHEET, &outcome);
  gtk_widget_set_visible (self->result_box, text != NULL);
  gtk_label_set_text (self->outcome_label, outcome != NULL ? outcome : "");
  gtk_label_set_text (self->result_label, text != NULL ? text : "");
}

static guint
count_chosen (PlenumBallotSheet *self)
{
  guint n = 0;

  for (guint i = 0; i < self->options->len; i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (self->options, i)))
      n++;
  return n;
}

/* The member declared a conflict of interest on the vote's item (and the server did not
 * refuse it): they do not vote on it. */
static gboolean
declared_conflict (PlenumBallotSheet *self)
{
  PlenumOutboxState state = PLENUM_OUTBOX_STATE_QUEUED;
  gboolean declared = FALSE;

  return self->vote != NULL &&
         plenum_store_get_conflict (self->store, self->account_id,
                                    plenum_stored_vote_get_item_id (self->vote), &declared,
                                    &state, NULL, NULL) &&
         declared && state != PLENUM_OUTBOX_STATE_REFUSED;
}

/* Whether the vote takes a ballot from this member now (as far as the terminal knows:
 * the server decides). */
static gboolean
can_cast (PlenumBallotSheet *self)
{
  PlenumBallotState state;
  gboolean cast;

  if (self->vote == NULL || self->casting || declared_conflict (self) ||
      plenum_stored_vote_get_state (self->vote) != PLENUM_VOTE_STATE_OPEN)
    return FALSE;
  cast = plenum_store_get_ballot (self->store, self->account_id,
                                  plenum_stored_vote_get_id (self->vote), &state, NULL, NULL,
                                  NULL);
  return !cast || plenum_stored_vote_get_changeable (self->vote) ||
         state == PLENUM_BALLOT_STATE_REFUSED;
}

static void
update_sensitivity (PlenumBallotSheet *self)
{
  gboolean open = can_cast (self);
  guint chosen = count_chosen (self);
  gboolean candidates = self->vote != NULL && plenum_stored_vote_get_candidates (self->vote);
  guint max = self->vote != NULL ? plenum_stored_vote_get_max_choices (self->vote) : 0;

  for (guint i = 0; i < self->options->len; i++)
    {
      GtkToggleButton *button = g_ptr_array_index (self->options, i);

      /* A candidate list: once N are chosen, the others wait until one is let go. */
      gtk_widget_set_sensitive (GTK_WIDGET (button),
                                open && (!candidates || chosen < max ||
                                         gtk_toggle_button_get_active (button)));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ballot.toggle-option", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ballot.cast",
                                 open && (candidates ? chosen <= max : chosen == 1));
}

/* What says that an option is chosen besides the button's shade: a tick beside its
 * words on screen, and "checked" for a screen reader (a motion's options are radio
 * buttons, a candidate list's are check boxes). */
static void
show_chosen (GtkToggleButton *button)
{
  gboolean active = gtk_toggle_button_get_active (button);
  GtkWidget *tick = g_object_get_data (G_OBJECT (button), "plenum-ballot-tick");

  /* Shown by opacity, so that the row keeps its width whatever is chosen. */
  gtk_widget_set_opacity (tick, active ? 1.0 : 0.0);
  gtk_accessible_update_state (GTK_ACCESSIBLE (button),
                               GTK_ACCESSIBLE_STATE_CHECKED,
                               active ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE,
                               -1);
}

static void
on_option_toggled_cb (GtkToggleButton   *button,
                      PlenumBallotSheet *self)
{
  show_chosen (button);
  update_sensitivity (self);
}

static void
clear_options (PlenumBallotSheet *self)
{
  GtkWidget *child;

  g_ptr_array_set_size (self->options, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->options_box))) != NULL)
    gtk_box_remove (self->options_box, child);
}

/* The buttons of a vote newly shown, with the choices of the member's stored ballot. */
static void
build_options (PlenumBallotSheet *self)
{
  g_autoptr(GArray) chosen = NULL;
  GtkToggleButton *group = NULL;
  guint n = plenum_stored_vote_get_n_options (self->vote);

  clear_options (self);
  plenum_store_get_ballot (self->store, self->account_id,
                           plenum_stored_vote_get_id (self->vote), NULL, &chosen, NULL, NULL);
  for (guint i = 0; i < n; i++)
    {
      const char *label = plenum_vote_text_option (self->vote, i);
      GtkAccessibleRole role = plenum_stored_vote_get_candidates (self->vote)
                               ? GTK_ACCESSIBLE_ROLE_CHECKBOX : GTK_ACCESSIBLE_ROLE_RADIO;
      GtkWidget *button = g_object_new (GTK_TYPE_TOGGLE_BUTTON,
                                        "label", label,
                                        "accessible-role", role,
                                        NULL);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *tick = g_object_new (GTK_TYPE_IMAGE,
                                      "icon-name", "object-select-symbolic",
                                      "icon-size", GTK_ICON_SIZE_LARGE,
                                      "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                      NULL);

      /* A tick beside the chosen option: its shade alone would not tell a member who
       * does not see colours (or reads in high contrast) what they chose. The screen
       * reader hears "checked" instead (show_chosen()). */
      gtk_widget_add_css_class (tick, "plenum-ballot-tick");
      gtk_widget_set_valign (tick, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (row), button);
      gtk_box_append (GTK_BOX (row), tick);
      g_object_set_data (G_OBJECT (button), "plenum-ballot-tick", tick);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_RELATION_POS_IN_SET, (int) i + 1,
                                      GTK_ACCESSIBLE_RELATION_SET_SIZE, (int) n,
                                      -1);

      gtk_widget_add_css_class (button, "plenum-touch");
      gtk_widget_add_css_class (button, "plenum-ballot-option");
      gtk_widget_set_hexpand (button, TRUE);
      /* A motion takes exactly one option: its buttons act as one group. */
      if (!plenum_stored_vote_get_candidates (self->vote))
        {
          if (group != NULL)
            gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
          else
            group = GTK_TOGGLE_BUTTON (button);
        }
      for (guint j = 0; chosen != NULL && j < chosen->len; j++)
        if (g_array_index (chosen, guint, j) == i)
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
      show_chosen (GTK_TOGGLE_BUTTON (button));
      g_signal_connect (button, "toggled", G_CALLBACK (on_option_toggled_cb), self);
      gtk_box_append (self->options_box, row);
      g_ptr_array_add (self->options, button);
    }
}

static void
reload (PlenumBallotSheet *self)
{
  g_autoptr(PlenumStoredVote) vote = pick_vote (self);
  gboolean same;
  gboolean conflict;

  if (vote == NULL)
    {
      g_clear_pointer (&self->vote, plenum_stored_vote_unref);
      clear_options (self);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      update_sensitivity (self);
      update_result (self);
      return;
    }

  same = self->vote != NULL &&
         g_str_equal (plenum_stored_vote_get_id (self->vote), plenum_stored_vote_get_id (vote)) &&
         plenum_stored_vote_get_n_options (self->vote) == plenum_stored_vote_get_n_options (vote);
  g_clear_pointer (&self->vote, plenum_stored_vote_unref);
  self->vote = g_steal_pointer (&vote);
  if (!same)
    {
      g_clear_pointer (&self->error_text, g_free);
      build_options (self);
    }

  gtk_label_set_text (self->title_label, plenum_stored_vote_get_title (self->vote));
  /* A screen reader names the group of options by the vote's title ("Approve the
   * budget, grouping"), so that each option is heard in its question. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->options_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  plenum_stored_vote_get_title (self->vote),
                                  -1);
  if (plenum_stored_vote_get_state (self->vote) == PLENUM_VOTE_STATE_CLOSED)
    gtk_label_set_text (self->hint_label, _("This vote is closed."));
  else if (plenum_stored_vote_get_state (self->vote) == PLENUM_VOTE_STATE_ANNULLED)
    gtk_label_set_text (self->hint_label, _("This vote was annulled."));
  else if (plenum_stored_vote_get_candidates (self->vote))
    {
      guint max = plenum_stored_vote_get_max_choices (self->vote);
      g_autofree char *hint = NULL;

      /* Translators: the most candidates a member may choose in an election. */
      hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Choose up to %u candidate",
                                           "Choose up to %u candidates", max), max);
      gtk_label_set_text (self->hint_label, hint);
    }
  else
    gtk_label_set_text (self->hint_label, "");
  /* Left out of the item's votes: said in words, and nothing to press. */
  conflict = plenum_stored_vote_get_state (self->vote) == PLENUM_VOTE_STATE_OPEN &&
             declared_conflict (self);
  if (conflict)
    gtk_label_set_text (self->hint_label,
                        _("You declared a conflict of interest: you do not vote on this item."));
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label),
                          *gtk_label_get_text (self->hint_label) != '\0');

  /* How many have voted (all a secret vote shows while it is open): another member's
   * ballot changes this line, never the member's own choice above it. */
  if (plenum_stored_vote_get_state (self->vote) == PLENUM_VOTE_STATE_OPEN)
    {
      guint voted = plenum_stored_vote_get_voted (self->vote);
      g_autofree char *progress = NULL;

      /* Translators: how many members have cast a ballot in the open vote so far. */
      progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member has voted",
                                               "%u members have voted", voted), voted);
      gtk_label_set_text (self->progress_label, progress);
      gtk_widget_set_visible (GTK_WIDGET (self->progress_label), TRUE);
    }
  else
    {
      gtk_label_set_text (self->progress_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->progress_label), FALSE);
    }
  /* Once the vote is over, its result takes the place of the options: nothing there
   * can be pressed any more. */
  gtk_widget_set_visible (GTK_WIDGET (self->options_box),
                          plenum_stored_vote_get_state (self->vote) == PLENUM_VOTE_STATE_OPEN &&
                          !conflict);
  gtk_widget_set_visible (GTK_WIDGET (self->cast_button),
                          plenum_stored_vote_get_state (self->vote) == PLENUM_VOTE_STATE_OPEN &&
                          !conflict);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  update_result (self);
  update_state (self);
}

static void
update_state (PlenumBallotSheet *self)
{
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  PlenumBallotState state;

  if (self->vote == NULL)
    text = g_strdup ("");
  else if (self->error_text != NULL)
    text = g_strdup (self->error_text);
  else if (!plenum_store_get_ballot (self->store, self->account_id,
                                     plenum_stored_vote_get_id (self->vote), &state, NULL,
                                     &code, &message))
    text = g_strdup ("");
  else
    switch (state)
      {
      case PLENUM_BALLOT_STATE_QUEUED:
        text = g_strdup (_("Queued — will be sent when the terminal is back online"));
        break;
      case PLENUM_BALLOT_STATE_SENT:
        text = g_strdup (_("Sent"));
        break;
      case PLENUM_BALLOT_STATE_COUNTED:
        text = g_strdup (_("Counted"));
        break;
      case PLENUM_BALLOT_STATE_REFUSED:
      default:
        /* The same code says the vote was annulled, in the server's message. */
        if (g_strcmp0 (code, "vote_closed") == 0 &&
            plenum_stored_vote_get_state (self->vote) == PLENUM_VOTE_STATE_ANNULLED)
          text = g_strdup_printf (_("Not counted: %s"),
                                  _("the vote was annulled before your ballot arrived"));
        else
          text = plenum_ballot_sheet_format_refusal (code, message);
        break;
      }

  gtk_widget_set_visible (GTK_WIDGET (self->state_label), *text != '\0');
  if (g_strcmp0 (gtk_label_get_text (self->state_label), text) != 0)
    gtk_label_set_text (self->state_label, text);
  update_sensitivity (self);
}

static void
on_votes_changed_cb (PlenumStore       *store,
                     const char        *meeting_id,
                     PlenumBallotSheet *self)
{
  if (g_strcmp0 (meeting_id, self->meeting_id) == 0)
    reload (self);
}

static void
on_ballots_changed_cb (PlenumStore       *store,
                       const char        *meeting_id,
                       PlenumBallotSheet *self)
{
  if (g_strcmp0 (meeting_id, self->meeting_id) == 0)
    reload (self);
}

static void
on_outbox_changed_cb (PlenumStore       *store,
                      PlenumBallotSheet *self)
{
  /* A ballot that was not counted may have been (the sheet then hides when its vote is
   * no longer open), or the other way round. */
  reload (self);
}

static void
ballot_saved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PlenumBallotSheet) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *operation_id = NULL;

  operation_id = plenum_store_save_ballot_finish (PLENUM_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->casting = FALSE;
  g_clear_object (&self->cancellable);
  if (operation_id == NULL)
    {
      g_debug ("The ballot could not be saved: %s", error->message);
      self->error_text = plenum_error_text (error);
      update_state (self);
      return;
    }
  update_state (self);
  g_signal_emit (self, signals[SIGNAL_BALLOT_CAST], 0, operation_id);
}

static void
cast_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlenumBallotSheet *self = PLENUM_BALLOT_SHEET (widget);
  g_autoptr(GArray) choices = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!can_cast (self))
    return;
  for (guint i = 0; i < self->options->len; i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (self->options, i)))
      g_array_append_val (choices, i);

  g_clear_pointer (&self->error_text, g_free);
  self->casting = TRUE;
  self->cancellable = g_cancellable_new ();
  update_sensitivity (self);
  plenum_store_save_ballot_async (self->store, self->account_id, self->meeting_id,
                                  plenum_stored_vote_get_id (self->vote),
                                  (const guint *) (gpointer) choices->data, choices->len,
                                  self->cancellable, ballot_saved_cb, g_object_ref (self));
}

static void
toggle_option_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PlenumBallotSheet *self = PLENUM_BALLOT_SHEET (widget);
  guint position = g_variant_get_uint32 (parameter);
  GtkToggleButton *button;

  if (position >= self->options->len)
    return;
  button = g_ptr_array_index (self->options, position);
  /* As a tap would: nothing for an option that cannot be chosen now; a motion's chosen
   * option stays chosen until another is. */
  if (!gtk_widget_get_sensitive (GTK_WIDGET (button)) ||
      (gtk_toggle_button_get_active (button) && !plenum_stored_vote_get_candidates (self->vote)))
    return;
  gtk_toggle_button_set_active (button, !gtk_toggle_button_get_active (button));
}

static void
plenum_ballot_sheet_dispose (GObject *object)
{
  PlenumBallotSheet *self = PLENUM_BALLOT_SHEET (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->options != NULL)
    g_ptr_array_set_size (self->options, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLENUM_TYPE_BALLOT_SHEET);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->vote, plenum_stored_vote_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (plenum_ballot_sheet_parent_class)->dispose (object);
}

static void
plenum_ballot_sheet_finalize (GObject *object)
{
  PlenumBallotSheet *self = PLENUM_BALLOT_SHEET (object);

  g_clear_pointer (&self->options, g_ptr_array_unref);
  g_free (self->account_id);
  g_free (self->meeting_id);
  g_free (self->error_text);

  G_OBJECT_CLASS (plenum_ballot_sheet_parent_class)->finalize (object);
}

static void
plenum_ballot_sheet_class_init (PlenumBallotSheetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_ballot_sheet_dispose;
  object_class->finalize = plenum_ballot_sheet_finalize;

  signals[SIGNAL_BALLOT_CAST] =
    g_signal_new ("ballot-cast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/plenum/Plenum/ui/plenum-ballot-sheet.ui");
  gtk_widget_class_bind_template_child (widget_class, PlenumBallotSheet, title_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumBallotSheet, hint_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumBallotSheet, options_box);
  gtk_widget_class_bind_template_child (widget_class, PlenumBallotSheet, cast_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumBallotSheet, state_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumBallotSheet, progress_label);

  gtk_widget_class_install_action (widget_class, "ballot.toggle-option", "u",
                                   toggle_option_action_cb);
  gtk_widget_class_install_action (widget_class, "ballot.cast", NULL, cast_action_cb);
}

static void
plenum_ballot_sheet_init (PlenumBallotSheet *self)
{
  GtkWidget *column;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The box owns the buttons; this only points at them. */
  self->options = g_ptr_array_new ();

  /* The result, under the title (the template has no place for it): the outcome in a
   * word, then the counts and the rule in sentences. Words, never colour alone. */
  column = gtk_widget_get_parent (GTK_WIDGET (self->title_label));
  self->result_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_visible (self->result_box, FALSE);
  self->outcome_label = GTK_LABEL (g_object_new (GTK_TYPE_LABEL,
                                                 "xalign", 0.0f,
                                                 "wrap", TRUE,
                                                 "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS,
                                                 NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->outcome_label), "title-2");
  gtk_box_append (GTK_BOX (self->result_box), GTK_WIDGET (self->outcome_label));
  self->result_label = GTK_LABEL (g_object_new (GTK_TYPE_LABEL,
                                                "xalign", 0.0f,
                                                "wrap", TRUE,
                                                "width-chars", 16,
                                                NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->result_label), "numeric");
  gtk_box_append (GTK_BOX (self->result_box), GTK_WIDGET (self->result_label));
  gtk_box_insert_child_after (GTK_BOX (column), self->result_box, GTK_WIDGET (self->hint_label));
}

GtkWidget *
plenum_ballot_sheet_new (PlenumStore *store,
                         const char  *account_id,
                         const char  *meeting_id)
{
  PlenumBallotSheet *self;

  g_return_val_if_fail (PLENUM_IS_STORE (store), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (meeting_id != NULL, NULL);

  self = g_object_new (PLENUM_TYPE_BALLOT_SHEET, NULL);
  self->store = g_object_ref (store);
  self->account_id = g_strdup (account_id);
  self->meeting_id = g_strdup (meeting_id);
  g_signal_connect (store, "votes-changed", G_CALLBACK (on_votes_changed_cb), self);
  g_signal_connect (store, "ballots-changed", G_CALLBACK (on_ballots_changed_cb), self);
  g_signal_connect (store, "outbox-changed", G_CALLBACK (on_outbox_changed_cb), self);
  g_signal_connect (store, "conflicts-changed", G_CALLBACK (on_votes_changed_cb), self);
  reload (self);
  return GTK_WIDGET (self);
}

const char *
plenum_ballot_sheet_get_vote_id (PlenumBallotSheet *self)
{
  g_return_val_if_fail (PLENUM_IS_BALLOT_SHEET (self), NULL);
  return self->vote != NULL ? plenum_stored_vote_get_id (self->vote) : NULL;
}

guint
plenum_ballot_sheet_get_n_options (PlenumBallotSheet *self)
{
  g_return_val_if_fail (PLENUM_IS_BALLOT_SHEET (self), 0);
  return self->options->len;
}

GtkToggleButton *
plenum_ballot_sheet_get_option (PlenumBallotSheet *self,
                                guint              position)
{
  g_return_val_if_fail (PLENUM_IS_BALLOT_SHEET (self), NULL);
  g_return_val_if_fail (position < self->options->len, NULL);
  return g_ptr_array_index (self->options, position);
}

GtkButton *
plenum_ballot_sheet_get_cast_button (PlenumBallotSheet *self)
{
  g_return_val_if_fail (PLENUM_IS_BALLOT_SHEET (self), NULL);
  return self->cast_button;
}

const char *
plenum_ballot_sheet_get_state_text (PlenumBallotSheet *self)
{
  g_return_val_if_fail (PLENUM_IS_BALLOT_SHEET (self), NULL);
  return gtk_label_get_text (self->state_label);
}

const char *
plenum_ballot_sheet_get_outcome_text (PlenumBallotSheet *self)
{
  g_return_val_if_fail (PLENUM_IS_BALLOT_SHEET (self), NULL);

  return gtk_label_get_text (self->outcome_label);
}

const char *
plenum_ballot_sheet_get_result_text (PlenumBallotSheet *self)
{
  g_return_val_if_fail (PLENUM_IS_BALLOT_SHEET (self), NULL);

  return gtk_label_get_text (self->result_label);
}

const char *
plenum_ballot_sheet_get_progress_text (PlenumBallotSheet *self)
{
  g_return_val_if_fail (PLENUM_IS_BALLOT_SHEET (self), NULL);

  return gtk_label_get_text (self->progress_label);
}
