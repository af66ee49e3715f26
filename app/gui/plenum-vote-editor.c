/* plenum-vote-editor.c — the chair's form for a new vote. See plenum-vote-editor.h.
 *
 * Built in C rather than from a template: most of it (the candidate rows) is made and
 * removed as the chair goes, and the rest is a short list of plain controls.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-vote-editor"

#include <glib/gi18n.h>

#include "plenum-vote-editor.h"

/* The most candidates the protocol allows in one list. */
#define MAX_CANDIDATES 100

/* Everything here belongs to the main thread (GTK's). */
struct _PlenumVoteEditor
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkEntry       *title_entry;
  GtkCheckButton *open_button_kind;    /* "Open vote" (its group holds secret_button) */
  GtkCheckButton *secret_button;
  GtkCheckButton *motion_button;       /* its group holds candidates_button */
  GtkCheckButton *candidates_button;
  GtkWidget      *candidates_section;  /* shown for a candidate list only */
  GtkBox         *candidate_rows;
  GtkButton      *add_candidate_button;
  GtkSpinButton  *max_choices;
  GtkCheckButton *present_button;      /* its group holds members_button */
  GtkCheckButton *members_button;
  GtkCheckButton *quorum_button;
  GtkCheckButton *changeable_button;
  GtkButton      *cancel_button;
  GtkButton      *open_button;

  GPtrArray      *candidate_entries;   /* GtkEntry, one per candidate row, in order; the
                                        * rows own them */
  char           *item_id;
  gboolean        busy;

  /* What get_spec() handed out last; kept until the next call or reset. */
  char           *spec_title;
  GStrv           spec_candidates;
};

G_DEFINE_FINAL_TYPE (PlenumVoteEditor, plenum_vote_editor, GTK_TYPE_WIDGET)

enum {
  SIGNAL_OPEN_REQUESTED,
  SIGNAL_CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_state (PlenumVoteEditor *self);

/* A finger-sized control: the style sheet's class where it applies, and a size request
 * that holds without the style sheet too (a widget built alone in a test). */
static void
make_touch (GtkWidget *widget)
{
  GtkWidget *child = NULL;

  gtk_widget_add_css_class (widget, "plenum-touch");
  gtk_widget_set_size_request (widget, 48, 48);
  /* The column is narrow and a Vietnamese label is long: a button's text wraps rather
   * than widening the column past the kiosk's screen. */
  if (GTK_IS_BUTTON (widget))
    child = gtk_button_get_child (GTK_BUTTON (widget));
  if (GTK_IS_LABEL (child))
    {
      gtk_label_set_wrap (GTK_LABEL (child), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (child), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_justify (GTK_LABEL (child), GTK_JUSTIFY_CENTER);
    }
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkCheckButton *
check_button (const char     *label,
              GtkCheckButton *group)
{
  GtkWidget *button = gtk_check_button_new ();
  GtkWidget *text = gtk_label_new (label);

  /* A label of our own, so that it wraps in the narrow column. */
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_check_button_set_child (GTK_CHECK_BUTTON (button), text);
  make_touch (button);
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
  return GTK_CHECK_BUTTON (button);
}

/* The candidates as they will be sent: trimmed, empty rows left out. */
static GStrv
collect_candidates (PlenumVoteEditor *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->candidate_entries->len; i++)
    {
      GtkEditable *entry = g_ptr_array_index (self->candidate_entries, i);
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

      if (text[0] != '\0')
        g_strv_builder_add (builder, text);
    }
  return g_strv_builder_end (builder);
}

gboolean
plenum_vote_editor_is_valid (PlenumVoteEditor *self)
{
  g_autofree char *title = NULL;
  g_auto(GStrv) candidates = NULL;
  guint n;

  g_return_val_if_fail (PLENUM_IS_VOTE_EDITOR (self), FALSE);

  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_entry))));
  if (title[0] == '\0')
    return FALSE;
  if (!gtk_check_button_get_active (self->candidates_button))
    return TRUE;

  candidates = collect_candidates (self);
  n = g_strv_length (candidates);
  if (n == 0 || n > MAX_CANDIDATES ||
      (guint) gtk_spin_button_get_value_as_int (self->max_choices) > n)
    return FALSE;
  /* The server refuses a list that names someone twice: say so before it does. */
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (g_utf8_collate (candidates[i], candidates[j]) == 0)
        return FALSE;
  return TRUE;
}

static void
update_state (PlenumVoteEditor *self)
{
  gboolean candidates = gtk_check_button_get_active (self->candidates_button);
  guint n = self->candidate_entries->len;
  guint rows_filled;
  g_auto(GStrv) names = collect_candidates (self);

  gtk_widget_set_visible (self->candidates_section, candidates);
  rows_filled = g_strv_length (names);
  /* "Choose up to" runs from 1 to the candidates named so far (at least 1, so the
   * spin button never has an empty range while the chair types). */
  gtk_spin_button_set_range (self->max_choices, 1, MAX (rows_filled, 1));

  gtk_widget_set_sensitive (self->box, !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-candidate",
                                 !self->busy && n < MAX_CANDIDATES);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.remove-candidate",
                                 !self->busy && n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.open",
                                 !self->busy && plenum_vote_editor_is_valid (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.cancel", !self->busy);
}

static void
on_changed_cb (PlenumVoteEditor *self)
{
  update_state (self);
}

static void
add_candidate_row (PlenumVoteEditor *self,
                   const char       *text)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  make_touch (entry);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Candidate's name"), -1);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_changed_cb), self);

  make_touch (remove);
  gtk_widget_set_tooltip_text (remove, _("Remove this candidate"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove this candidate"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "editor.remove-candidate");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u",
                                    self->candidate_entries->len);

  gtk_box_append (GTK_BOX (row), entry);
  gtk_box_append (GTK_BOX (row), remove);
  gtk_box_append (self->candidate_rows, row);
  g_ptr_array_add (self->candidate_entries, entry);
}

static void
clear_candidates (PlenumVoteEditor *self)
{
  GtkWidget *child;

  g_ptr_array_set_size (self->candidate_entries, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->candidate_rows))) != NULL)
    gtk_box_remove (self->candidate_rows, child);
}

static void
add_candidate_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PlenumVoteEditor *self = PLENUM_VOTE_EDITOR (widget);

  if (self->busy || self->candidate_entries->len >= MAX_CANDIDATES)
    return;
  add_candidate_row (self, "");
  gtk_widget_grab_focus (g_ptr_array_index (self->candidate_entries,
                                            self->candidate_entries->len - 1));
  update_state (self);
}

static void
remove_candidate_action_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  PlenumVoteEditor *self = PLENUM_VOTE_EDITOR (widget);
  guint position = g_variant_get_uint32 (parameter);
  g_auto(GStrv) kept = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (self->busy || position >= self->candidate_entries->len)
    return;
  /* The rows' buttons carry their position: rebuild the rows rather than renumber. */
  for (guint i = 0; i < self->candidate_entries->len; i++)
    if (i != position)
      g_strv_builder_add (builder,
                          gtk_editable_get_text (g_ptr_array_index (self->candidate_entries, i)));
  kept = g_strv_builder_end (builder);
  clear_candidates (self);
  for (guint i = 0; kept[i] != NULL; i++)
    add_candidate_row (self, kept[i]);
  update_state (self);
}

static void
open_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlenumVoteEditor *self = PLENUM_VOTE_EDITOR (widget);

  if (self->busy || !plenum_vote_editor_is_valid (self))
    return;
  g_signal_emit (self, signals[SIGNAL_OPEN_REQUESTED], 0);
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PlenumVoteEditor *self = PLENUM_VOTE_EDITOR (widget);

  if (self->busy)
    return;
  g_signal_emit (self, signals[SIGNAL_CANCELLED], 0);
}

static void
plenum_vote_editor_dispose (GObject *object)
{
  PlenumVoteEditor *self = PLENUM_VOTE_EDITOR (object);

  if (self->candidate_entries != NULL)
    g_ptr_array_set_size (self->candidate_entries, 0);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (plenum_vote_editor_parent_class)->dispose (object);
}

static void
plenum_vote_editor_finalize (GObject *object)
{
  PlenumVoteEditor *self = PLENUM_VOTE_EDITOR (object);

  g_clear_pointer (&self->candidate_entries, g_ptr_array_unref);
  g_free (self->item_id);
  g_free (self->spec_title);
  g_strfreev (self->spec_candidates);

  G_OBJECT_CLASS (plenum_vote_editor_parent_class)->finalize (object);
}

static void
plenum_vote_editor_class_init (PlenumVoteEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_vote_editor_dispose;
  object_class->finalize = plenum_vote_editor_finalize;

  signals[SIGNAL_OPEN_REQUESTED] =
    g_signal_new ("open-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "plenum-vote-editor");

  gtk_widget_class_install_action (widget_class, "editor.add-candidate", NULL,
                                   add_candidate_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.remove-candidate", "u",
                                   remove_candidate_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.open", NULL, open_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action_cb);
}

static void
plenum_vote_editor_init (PlenumVoteEditor *self)
{
  GtkWidget *label;
  GtkWidget *buttons;
  GtkWidget *choose;

  self->candidate_entries = g_ptr_array_new ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  label = gtk_label_new (_("Title of the vote"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (self->box), label);
  self->title_entry = GTK_ENTRY (gtk_entry_new ());
  make_touch (GTK_WIDGET (self->title_entry));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->title_entry),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  g_signal_connect_swapped (self->title_entry, "changed", G_CALLBACK (on_changed_cb), self);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->title_entry));

  gtk_box_append (GTK_BOX (self->box), heading (_("Kind")));
  self->open_button_kind = check_button (_("Open vote: who voted for what is shown"), NULL);
  self->secret_button = check_button (_("Secret ballot: only the counts are shown"),
                                      self->open_button_kind);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->open_button_kind));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->secret_button));

  gtk_box_append (GTK_BOX (self->box), heading (_("Options")));
  self->motion_button = check_button (_("A motion: for, against, abstain"), NULL);
  self->candidates_button = check_button (_("An election among candidates"),
                                          self->motion_button);
  g_signal_connect_swapped (self->candidates_button, "toggled", G_CALLBACK (on_changed_cb),
                            self);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->motion_button));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->candidates_button));

  self->candidates_section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->candidate_rows = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->candidate_rows),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Candidates"), -1);
  gtk_box_append (GTK_BOX (self->candidates_section), GTK_WIDGET (self->candidate_rows));
  self->add_candidate_button = GTK_BUTTON (gtk_button_new_with_label (_("Add a candidate")));
  make_touch (GTK_WIDGET (self->add_candidate_button));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->add_candidate_button),
                                  "editor.add-candidate");
  gtk_box_append (GTK_BOX (self->candidates_section), GTK_WIDGET (self->add_candidate_button));
  choose = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = gtk_label_new (_("Members choose up to"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  self->max_choices = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 1, 1));
  make_touch (GTK_WIDGET (self->max_choices));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->max_choices),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  g_signal_connect_swapped (self->max_choices, "value-changed", G_CALLBACK (on_changed_cb),
                            self);
  gtk_box_append (GTK_BOX (choose), label);
  gtk_box_append (GTK_BOX (choose), GTK_WIDGET (self->max_choices));
  gtk_box_append (GTK_BOX (self->candidates_section), choose);
  gtk_box_append (GTK_BOX (self->box), self->candidates_section);

  gtk_box_append (GTK_BOX (self->box), heading (_("Majority")));
  self->present_button = check_button (_("More than half of the members present"), NULL);
  self->members_button = check_button (_("More than half of all members"),
                                       self->present_button);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->present_button));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->members_button));

  gtk_box_append (GTK_BOX (self->box), heading (_("Rules")));
  self->quorum_button = check_button (_("Open it only with a quorum"), NULL);
  self->changeable_button = check_button (_("Members may change their ballot while it is open"),
                                          NULL);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->quorum_button));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->changeable_button));

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_set_homogeneous (GTK_BOX (buttons), TRUE);
  self->cancel_button = GTK_BUTTON (gtk_button_new_with_label (_("Cancel")));
  make_touch (GTK_WIDGET (self->cancel_button));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->cancel_button), "editor.cancel");
  self->open_button = GTK_BUTTON (gtk_button_new_with_label (_("Open the vote")));
  make_touch (GTK_WIDGET (self->open_button));
  gtk_widget_add_css_class (GTK_WIDGET (self->open_button), "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->open_button), "editor.open");
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->cancel_button));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->open_button));
  gtk_box_append (GTK_BOX (self->box), buttons);

  plenum_vote_editor_reset (self, NULL, "");
}

GtkWidget *
plenum_vote_editor_new (void)
{
  return g_object_new (PLENUM_TYPE_VOTE_EDITOR, NULL);
}

void
plenum_vote_editor_reset (PlenumVoteEditor *self,
                          const char       *item_id,
                          const char       *title)
{
  g_return_if_fail (PLENUM_IS_VOTE_EDITOR (self));

  g_free (self->item_id);
  self->item_id = g_strdup (item_id);
  self->busy = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_entry), title != NULL ? title : "");
  gtk_check_button_set_active (self->open_button_kind, TRUE);
  gtk_check_button_set_active (self->motion_button, TRUE);
  gtk_check_button_set_active (self->present_button, TRUE);
  /* Most rules of procedure want a quorum for a decision; the chair unticks it for a
   * straw poll. */
  gtk_check_button_set_active (self->quorum_button, TRUE);
  gtk_check_button_set_active (self->changeable_button, FALSE);
  clear_candidates (self);
  /* Two empty rows: an election has at least two names more often than not. */
  add_candidate_row (self, "");
  add_candidate_row (self, "");
  gtk_spin_button_set_value (self->max_choices, 1);
  g_clear_pointer (&self->spec_title, g_free);
  g_clear_pointer (&self->spec_candidates, g_strfreev);
  update_state (self);
}

const char *
plenum_vote_editor_get_item_id (PlenumVoteEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_EDITOR (self), NULL);
  return self->item_id;
}

void
plenum_vote_editor_set_busy (PlenumVoteEditor *self,
                             gboolean          busy)
{
  g_return_if_fail (PLENUM_IS_VOTE_EDITOR (self));

  busy = !!busy;
  if (self->busy == busy)
    return;
  self->busy = busy;
  update_state (self);
}

void
plenum_vote_editor_get_spec (PlenumVoteEditor *self,
                             PlenumVoteSpec   *spec)
{
  gboolean candidates;

  g_return_if_fail (PLENUM_IS_VOTE_EDITOR (self));
  g_return_if_fail (spec != NULL);

  candidates = gtk_check_button_get_active (self->candidates_button);
  g_free (self->spec_title);
  self->spec_title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_entry))));
  g_clear_pointer (&self->spec_candidates, g_strfreev);
  if (candidates)
    self->spec_candidates = collect_candidates (self);

  *spec = (PlenumVoteSpec) {
    .item_id = self->item_id,
    .title = self->spec_title,
    .secret = gtk_check_button_get_active (self->secret_button),
    .majority_of_members = gtk_check_button_get_active (self->members_button),
    .quorum_required = gtk_check_button_get_active (self->quorum_button),
    .changeable = gtk_check_button_get_active (self->changeable_button),
    .candidates = (const char * const *) self->spec_candidates,
    .max_choices = candidates ? (guint) gtk_spin_button_get_value_as_int (self->max_choices) : 0,
  };
}

GtkEditable *
plenum_vote_editor_get_title_entry (PlenumVoteEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_EDITOR (self), NULL);
  return GTK_EDITABLE (self->title_entry);
}

GtkCheckButton *
plenum_vote_editor_get_secret_button (PlenumVoteEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_EDITOR (self), NULL);
  return self->secret_button;
}

GtkCheckButton *
plenum_vote_editor_get_candidates_button (PlenumVoteEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_EDITOR (self), NULL);
  return self->candidates_button;
}

GtkCheckButton *
plenum_vote_editor_get_members_button (PlenumVoteEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_EDITOR (self), NULL);
  return self->members_button;
}

GtkCheckButton *
plenum_vote_editor_get_quorum_button (PlenumVoteEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_EDITOR (self), NULL);
  return self->quorum_button;
}

GtkCheckButton *
plenum_vote_editor_get_changeable_button (PlenumVoteEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_EDITOR (self), NULL);
  return self->changeable_button;
}

GtkSpinButton *
plenum_vote_editor_get_max_choices (PlenumVoteEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_EDITOR (self), NULL);
  return self->max_choices;
}

guint
plenum_vote_editor_get_n_candidates (PlenumVoteEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_EDITOR (self), 0);
  return self->candidate_entries->len;
}

GtkEditable *
plenum_vote_editor_get_candidate_entry (PlenumVoteEditor *self,
                                        guint             position)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_EDITOR (self), NULL);
  g_return_val_if_fail (position < self->candidate_entries->len, NULL);
  return g_ptr_array_index (self->candidate_entries, position);
}

GtkButton *
plenum_vote_editor_get_open_button (PlenumVoteEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_EDITOR (self), NULL);
  return self->open_button;
}

GtkButton *
plenum_vote_editor_get_cancel_button (PlenumVoteEditor *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_EDITOR (self), NULL);
  return self->cancel_button;
}
