/* plenum-opinion-sheet.c — the member's opinions in a meeting's opinion rounds. See
 * plenum-opinion-sheet.h.
 *
 * Built in code: a form per round, made when the round first shows and kept while it
 * does, so that nothing but the member changes what is being written.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-opinion-sheet"

#include <glib/gi18n.h>

#include "core/plenum-core.h"
#include "plenum-error-text.h"
#include "plenum-opinion-sheet.h"
#include "plenum-osk.h"

/* Reminders: a line from a day before the deadline, urgent from two hours before. */
#define REMINDER_AHEAD (24 * G_TIME_SPAN_HOUR)
#define URGENT_AHEAD   (2 * G_TIME_SPAN_HOUR)
/* The timer re-reads at least this often (ms), so a clock set forward is caught up. */
#define MAX_TIMER_MS   (24 * 3600 * 1000u)

#define N_STANCES 3

typedef struct _RoundForm RoundForm;

/* One comment pinned to a page. */
typedef struct {
  guint        page;            /* from 0 */
  GtkWidget   *row;             /* owned by the form's comments box */
  GtkLabel    *page_label;
  GtkWidget   *down_button;
  GtkWidget   *up_button;
  GtkWidget   *remove_button;
  GtkEditable *entry;
} CommentRow;

/* The form of one round. Its widgets belong to the sheet's rounds box. */
struct _RoundForm
{
  PlenumOpinionSheet *sheet;    /* not a reference: the sheet owns the form */
  char               *round_id;
  guint               pages;    /* of the round's document; at least 1 */
  gboolean            editable; /* open, before the deadline */
  gboolean            saving;
  GCancellable       *cancellable; /* of the save in flight */
  char               *error_text;  /* the last save's failure, until the next save */

  GtkWidget          *box;
  GtkLabel           *title_label;
  GtkLabel           *document_label;
  GtkLabel           *deadline_label;
  GtkLabel           *answer_label;
  GtkToggleButton    *stances[N_STANCES];
  GtkTextView        *text_view;
  GtkWidget          *comments_box;
  GPtrArray          *comments;    /* of CommentRow */
  GtkWidget          *add_button;
  PlenumOsk          *keyboard;    /* types into the text or the comment last touched */
  GtkWidget          *keyboard_button;
  GtkButton          *send_button;
  GtkLabel           *state_label;
};

/* Everything here belongs to the main thread (GTK's); the store's signals and callbacks
 * come on its main context. */
struct _PlenumOpinionSheet
{
  GtkWidget     parent_instance;

  GtkWidget    *rounds_box;
  PlenumStore  *store;
  char         *account_id;
  char         *meeting_id;
  GHashTable   *forms;          /* round id → RoundForm */
  GPtrArray    *round_ids;      /* the rounds shown, in order; NULL-terminated */
  char         *reminder;       /* or NULL */
  gboolean      reminder_urgent;
  guint         timer_id;       /* the next re-read (a deadline or a threshold) */
};

G_DEFINE_FINAL_TYPE (PlenumOpinionSheet, plenum_opinion_sheet, GTK_TYPE_WIDGET)

enum {
  SIGNAL_OPINION_SAVED,
  SIGNAL_REMINDER_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload (PlenumOpinionSheet *self);

/* Words */

static const char *
stance_label (PlenumOpinionStance stance)
{
  switch (stance)
    {
    case PLENUM_OPINION_STANCE_AGREE:
      return _("Agree");
    case PLENUM_OPINION_STANCE_AGREE_WITH_COMMENTS:
      return _("Agree with comments");
    case PLENUM_OPINION_STANCE_DISAGREE:
    default:
      return _("Disagree");
    }
}

char *
plenum_opinion_sheet_format_refusal (const char *code,
                                     const char *message)
{
  const char *reason;

  if (g_strcmp0 (code, "round_closed") == 0)
    reason = _("the round closed before your answer arrived");
  else if (g_strcmp0 (code, "forbidden") == 0)
    reason = _("you may not answer in this round");
  else if (g_strcmp0 (code, "not_found") == 0)
    reason = _("the round no longer exists");
  else if (message != NULL && message[0] != '\0')
    reason = message;   /* the server's own words, better than none */
  else
    reason = _("the server did not accept it");

  /* Translators: %s says why an opinion was not recorded. */
  return g_strdup_printf (_("Not recorded: %s"), reason);
}

/* A deadline in the local time, in the user's language. */
static char *
format_deadline (GDateTime *deadline)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (deadline);
  char *text;

  /* Translators: an opinion round's deadline, as strftime() writes it (see
   * g_date_time_format()): "Tuesday 1 December, 17:00". */
  text = g_date_time_format (local, C_("opinion deadline", "%A %-d %B, %H:%M"));
  if (text == NULL)
    text = g_date_time_format (local, "%Y-%m-%d %H:%M");
  return text;
}

/* Reminders */

/* Whether the member answered @round: here (queued, sent or recorded; a refused answer
 * is no answer), or elsewhere as the round says. */
static gboolean
answered (PlenumStore       *store,
          const char        *account_id,
          PlenumStoredRound *round)
{
  PlenumOpinionState state;

  if (g_strcmp0 (plenum_stored_round_get_mine_account (round), account_id) == 0)
    return TRUE;
  return plenum_store_get_opinion (store, account_id, plenum_stored_round_get_id (round),
                                   &state, NULL, NULL, NULL, NULL, NULL) &&
         state != PLENUM_OPINION_STATE_REFUSED;
}

static void
take_earlier (GDateTime **next,
              GDateTime  *candidate,
              GDateTime  *now)
{
  if (g_date_time_compare (candidate, now) <= 0)
    return;
  if (*next == NULL || g_date_time_compare (candidate, *next) < 0)
    {
      g_clear_pointer (next, g_date_time_unref);
      *next = g_date_time_ref (candidate);
    }
}

char *
plenum_opinion_sheet_format_reminder (PlenumStore  *store,
                                      const char   *account_id,
                                      const char   *meeting_id,
                                      GDateTime    *now,
                                      gboolean     *urgent,
                                      GDateTime   **next)
{
  g_autoptr(GPtrArray) rounds = NULL;
  g_autoptr(GDateTime) change = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GDateTime) local_deadline = NULL;
  g_autofree char *time_text = NULL;
  PlenumStoredRound *due = NULL;
  GTimeSpan left;

  g_return_val_if_fail (PLENUM_IS_STORE (store), NULL);
  g_return_val_if_fail (meeting_id != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (urgent != NULL)
    *urgent = FALSE;
  if (next != NULL)
    *next = NULL;
  if (account_id == NULL)
    return NULL;

  rounds = plenum_store_list_opinion_rounds (store, meeting_id);
  for (guint i = 0; i < rounds->len; i++)
    {
      PlenumStoredRound *round = g_ptr_array_index (rounds, i);
      GDateTime *deadline = plenum_stored_round_get_deadline (round);
      g_autoptr(GDateTime) day_before = NULL;
      g_autoptr(GDateTime) hours_before = NULL;

      if (!plenum_stored_round_is_open_at (round, now) || answered (store, account_id, round))
        continue;
      day_before = g_date_time_add (deadline, -REMINDER_AHEAD);
      hours_before = g_date_time_add (deadline, -URGENT_AHEAD);
      take_earlier (&change, day_before, now);
      take_earlier (&change, hours_before, now);
      take_earlier (&change, deadline, now);
      if (g_date_time_compare (day_before, now) <= 0 &&
          (due == NULL ||
           g_date_time_compare (deadline, plenum_stored_round_get_deadline (due)) < 0))
        due = round;
    }

  if (due != NULL)
    {
      g_autoptr(GDateTime) midnight = NULL;

      local_now = g_date_time_to_local (now);
      local_deadline = g_date_time_to_local (plenum_stored_round_get_deadline (due));
      /* "today" becomes "tomorrow"'s successor at midnight: look again then. */
      midnight = g_date_time_new (g_date_time_get_timezone (local_now),
                                  g_date_time_get_year (local_now),
                                  g_date_time_get_month (local_now),
                                  g_date_time_get_day_of_month (local_now), 0, 0, 0);
      if (midnight != NULL)
        {
          g_autoptr(GDateTime) tomorrow = g_date_time_add_days (midnight, 1);

          take_earlier (&change, tomorrow, now);
        }
    }
  if (next != NULL)
    *next = g_steal_pointer (&change);
  if (due == NULL)
    return NULL;

  left = g_date_time_difference (plenum_stored_round_get_deadline (due), now);
  if (urgent != NULL)
    *urgent = left <= URGENT_AHEAD;
  /* Translators: the time of day an opinion is due, as strftime() writes it. */
  time_text = g_date_time_format (local_deadline, C_("opinion due time", "%H:%M"));
  if (g_date_time_get_year (local_deadline) == g_date_time_get_year (local_now) &&
      g_date_time_get_day_of_year (local_deadline) == g_date_time_get_day_of_year (local_now))
    /* Translators: a reminder; the first %s is the opinion round's title, the second
     * the time of day. */
    return g_strdup_printf (_("Your opinion on “%s” is due by %s today"),
                            plenum_stored_round_get_title (due), time_text);
  /* Translators: a reminder; the first %s is the opinion round's title, the second the
   * time of day. */
  return g_strdup_printf (_("Your opinion on “%s” is due by %s tomorrow"),
                          plenum_stored_round_get_title (due), time_text);
}

/* Comment rows */

static CommentRow *
comment_at (RoundForm *form,
            guint      position)
{
  return position < form->comments->len ? g_ptr_array_index (form->comments, position) : NULL;
}

static void
update_comment_row (RoundForm  *form,
                    CommentRow *row,
                    guint       position)
{
  g_autofree char *page = NULL;
  GVariant *target;

  /* Translators: the page a comment is pinned to, counted from 1. */
  page = g_strdup_printf (_("Page %u"), row->page + 1);
  gtk_label_set_text (row->page_label, page);
  /* Positions move when a row before goes: the buttons follow. */
  target = g_variant_ref_sink (g_variant_new ("(su)", form->round_id, position));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row->down_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row->up_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row->remove_button), target);
  g_variant_unref (target);
  gtk_widget_set_sensitive (row->down_button, form->editable && !form->saving && row->page > 0);
  gtk_widget_set_sensitive (row->up_button,
                            form->editable && !form->saving && row->page + 1 < form->pages);
  gtk_widget_set_sensitive (row->remove_button, form->editable && !form->saving);
  gtk_editable_set_editable (row->entry, form->editable && !form->saving);
}

/* A 48 px button for @action with @target (floating; the target goes first, so that
 * the action is never looked at without it). */
static GtkWidget *
touch_button (const char *label,
              const char *action,
              GVariant   *target,
              const char *description)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "plenum-touch");
  gtk_widget_set_tooltip_text (button, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);
  return button;
}

static void
add_comment_row (RoundForm  *form,
                 guint       page,
                 const char *text)
{
  CommentRow *row = g_new0 (CommentRow, 1);
  GtkWidget *widget;

  row->page = MIN (page, form->pages - 1);
  row->row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  row->down_button = touch_button ("−", "opinion.page-down",
                                  g_variant_new ("(su)", form->round_id, form->comments->len),
                                  _("Previous page"));
  gtk_box_append (GTK_BOX (row->row), row->down_button);
  widget = g_object_new (GTK_TYPE_LABEL, "width-chars", 8, NULL);
  gtk_widget_add_css_class (widget, "numeric");
  row->page_label = GTK_LABEL (widget);
  gtk_box_append (GTK_BOX (row->row), widget);
  row->up_button = touch_button ("+", "opinion.page-up",
                                g_variant_new ("(su)", form->round_id, form->comments->len),
                                _("Next page"));
  gtk_box_append (GTK_BOX (row->row), row->up_button);
  widget = gtk_entry_new ();
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_add_css_class (widget, "plenum-touch");
  gtk_entry_set_placeholder_text (GTK_ENTRY (widget), _("Comment on this page"));
  gtk_entry_set_max_length (GTK_ENTRY (widget), 2000);
  gtk_editable_set_text (GTK_EDITABLE (widget), text != NULL ? text : "");
  row->entry = GTK_EDITABLE (widget);
  plenum_osk_watch (form->keyboard, widget);
  gtk_box_append (GTK_BOX (row->row), widget);
  row->remove_button = touch_button (_("Remove"), "opinion.remove-comment",
                                     g_variant_new ("(su)", form->round_id, form->comments->len),
                                     _("Remove this comment"));
  gtk_box_append (GTK_BOX (row->row), row->remove_button);

  gtk_box_append (GTK_BOX (form->comments_box), row->row);
  g_ptr_array_add (form->comments, row);
  update_comment_row (form, row, form->comments->len - 1);
}

static void
comment_row_free (gpointer data)
{
  g_free (data);  /* its widgets go with the comments box */
}

/* Forms */

static gboolean
stance_chosen (RoundForm           *form,
               PlenumOpinionStance *stance)
{
  for (guint i = 0; i < N_STANCES; i++)
    if (gtk_toggle_button_get_active (form->stances[i]))
      {
        *stance = (PlenumOpinionStance) i;
        return TRUE;
      }
  return FALSE;
}

static void
update_sensitivity (RoundForm *form)
{
  PlenumOpinionStance stance;
  gboolean open = form->editable && !form->saving;

  for (guint i = 0; i < N_STANCES; i++)
    gtk_widget_set_sensitive (GTK_WIDGET (form->stances[i]), open);
  gtk_text_view_set_editable (form->text_view, open);
  gtk_text_view_set_cursor_visible (form->text_view, open);
  for (guint i = 0; i < form->comments->len; i++)
    update_comment_row (form, comment_at (form, i), i);
  gtk_widget_set_sensitive (form->add_button, open);
  gtk_widget_set_sensitive (GTK_WIDGET (form->send_button), open && stance_chosen (form, &stance));
  /* Past the deadline nothing can be sent: the button goes, the answer stays. */
  gtk_widget_set_visible (form->add_button, form->editable);
  gtk_widget_set_visible (form->keyboard_button, form->editable);
  if (!form->editable)
    plenum_osk_set_revealed (form->keyboard, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (form->send_button), form->editable);
}

static void
on_stance_toggled_cb (GtkToggleButton *button,
                      RoundForm       *form)
{
  update_sensitivity (form);
}

static GtkLabel *
form_label (GtkWidget  *box,
            const char *css_class,
            gboolean    status)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "xalign", 0.0f,
                                   "wrap", TRUE,
                                   "width-chars", 16,
                                   "accessible-role", status ? GTK_ACCESSIBLE_ROLE_STATUS
                                                             : GTK_ACCESSIBLE_ROLE_LABEL,
                                   NULL);

  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

static RoundForm *
form_new (PlenumOpinionSheet *self,
          PlenumStoredRound  *round,
          guint               pages)
{
  RoundForm *form = g_new0 (RoundForm, 1);
  const char *id = plenum_stored_round_get_id (round);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  PlenumOpinionStance stance;
  gboolean has_answer;
  GtkWidget *widget, *stances_box, *scrolled;

  form->sheet = self;
  form->round_id = g_strdup (id);
  form->pages = MAX (pages, 1);
  form->comments = g_ptr_array_new_with_free_func (comment_row_free);
  /* Made first: the comment rows filled in below type with it too. */
  form->keyboard = PLENUM_OSK (plenum_osk_new ());

  form->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (form->box, 12);
  gtk_widget_add_css_class (form->box, "plenum-opinion-round");
  form->title_label = form_label (form->box, "title-4", FALSE);
  form->document_label = form_label (form->box, NULL, FALSE);
  form->deadline_label = form_label (form->box, "heading", FALSE);
  form->answer_label = form_label (form->box, NULL, TRUE);

  stances_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (stances_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Your opinion"), -1);
  for (guint i = 0; i < N_STANCES; i++)
    {
      widget = gtk_toggle_button_new_with_label (stance_label ((PlenumOpinionStance) i));
      gtk_widget_add_css_class (widget, "plenum-touch");
      gtk_widget_set_hexpand (widget, TRUE);
      /* One stance: the buttons act as one group. */
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (widget), form->stances[0]);
      form->stances[i] = GTK_TOGGLE_BUTTON (widget);
      gtk_box_append (GTK_BOX (stances_box), widget);
    }
  gtk_box_append (GTK_BOX (form->box), stances_box);

  widget = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (widget), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (widget), FALSE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (widget), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (widget), 8);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (widget), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (widget), 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Your text"), -1);
  form->text_view = GTK_TEXT_VIEW (widget);
  plenum_osk_watch (form->keyboard, widget);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 120);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), widget);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_box_append (GTK_BOX (form->box), scrolled);

  gtk_label_set_text (form_label (form->box, "heading", FALSE), _("Comments on pages"));
  form->comments_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (form->box), form->comments_box);
  form->add_button = touch_button (_("Add a comment on a page"), "opinion.add-comment",
                                   g_variant_new_string (id),
                                   _("Adds a comment pinned to a page of the document"));
  gtk_widget_set_halign (form->add_button, GTK_ALIGN_START);
  /* No physical keyboard on a kiosk terminal: a toggle beside the fields shows the
   * on-screen one below them all, so that it never covers what is being written. */
  form->keyboard_button = plenum_osk_toggle_button_new (form->keyboard);
  gtk_widget_set_hexpand (form->keyboard_button, TRUE);
  gtk_widget_set_halign (form->keyboard_button, GTK_ALIGN_END);
  widget = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (widget), form->add_button);
  gtk_box_append (GTK_BOX (widget), form->keyboard_button);
  gtk_box_append (GTK_BOX (form->box), widget);
  gtk_box_append (GTK_BOX (form->box), GTK_WIDGET (form->keyboard));

  widget = gtk_button_new_with_label (_("Send my opinion"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (widget), "s", id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (widget), "opinion.send");
  gtk_widget_add_css_class (widget, "plenum-touch");
  gtk_widget_add_css_class (widget, "suggested-action");
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Sends your opinion in this round"), -1);
  form->send_button = GTK_BUTTON (widget);
  gtk_box_append (GTK_BOX (form->box), widget);
  form->state_label = form_label (form->box, NULL, TRUE);

  /* Filled once from the stored answer; from here on only the member changes it. */
  has_answer = plenum_store_get_opinion (self->store, self->account_id, id, NULL, &stance,
                                         &text, &comments, NULL, NULL);
  if (has_answer)
    {
      gtk_toggle_button_set_active (form->stances[stance], TRUE);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (form->text_view), text, -1);
      for (guint i = 0; i < comments->len; i++)
        {
          PlenumOpinionComment *comment = g_ptr_array_index (comments, i);

          add_comment_row (form, comment->page, comment->text);
        }
    }
  for (guint i = 0; i < N_STANCES; i++)
    g_signal_connect (form->stances[i], "toggled", G_CALLBACK (on_stance_toggled_cb), form);
  return form;
}

static void
form_free (gpointer data)
{
  RoundForm *form = data;

  g_cancellable_cancel (form->cancellable);
  g_clear_object (&form->cancellable);
  for (guint i = 0; i < N_STANCES; i++)
    if (form->stances[i] != NULL)
      g_signal_handlers_disconnect_by_data (form->stances[i], form);
  if (form->box != NULL && gtk_widget_get_parent (form->box) != NULL)
    gtk_box_remove (GTK_BOX (gtk_widget_get_parent (form->box)), form->box);
  g_clear_pointer (&form->comments, g_ptr_array_unref);
  g_free (form->round_id);
  g_free (form->error_text);
  g_free (form);
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
  if (g_strcmp0 (gtk_label_get_text (label), text != NULL ? text : "") != 0)
    gtk_label_set_text (label, text != NULL ? text : "");
}

/* The lines around the form, from the round as last read and the member's answer. */
static void
update_form (RoundForm         *form,
             PlenumStoredRound *round,
             PlenumDocument    *document,
             GDateTime         *now)
{
  PlenumOpinionSheet *self = form->sheet;
  g_autofree char *deadline = format_deadline (plenum_stored_round_get_deadline (round));
  g_autofree char *deadline_text = NULL;
  g_autofree char *document_text = NULL;
  g_autofree char *answer_text = NULL;
  g_autofree char *state_text = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  PlenumOpinionState state;
  PlenumOpinionStance stance;

  form->editable = plenum_stored_round_is_open_at (round, now);
  set_label (form->title_label, plenum_stored_round_get_title (round));
  if (document != NULL)
    /* Translators: %s is the title of the document the opinion round is on. */
    document_text = g_strdup_printf (_("On the document “%s”"), plenum_document_get_title (document));
  set_label (form->document_label, document_text);
  if (form->editable)
    /* Translators: %s is the deadline, "Tuesday 1 December, 17:00". */
    deadline_text = g_strdup_printf (_("Open until %s"), deadline);
  else if (plenum_stored_round_get_state (round) == PLENUM_OPINION_ROUND_STATE_CLOSED &&
           g_date_time_compare (now, plenum_stored_round_get_deadline (round)) < 0)
    deadline_text = g_strdup (_("Closed early: answers are no longer taken"));
  else
    /* Translators: %s is the deadline, "Tuesday 1 December, 17:00". */
    deadline_text = g_strdup_printf (_("Closed: answers were taken until %s"), deadline);
  set_label (form->deadline_label, deadline_text);

  if (plenum_store_get_opinion (self->store, self->account_id, form->round_id, &state,
                                &stance, NULL, NULL, &code, &message))
    {
      /* Translators: %s is the member's stance ("Agree with comments"). */
      answer_text = g_strdup_printf (_("Your answer: %s"), stance_label (stance));
      switch (state)
        {
        case PLENUM_OPINION_STATE_QUEUED:
          state_text = g_strdup (_("Saved — will be sent when the terminal is back online"));
          break;
        case PLENUM_OPINION_STATE_SENT:
          state_text = g_strdup (_("Sent"));
          break;
        case PLENUM_OPINION_STATE_RECORDED:
          state_text = g_strdup (_("Recorded"));
          break;
        case PLENUM_OPINION_STATE_REFUSED:
        default:
          state_text = plenum_opinion_sheet_format_refusal (code, message);
          break;
        }
    }
  else if (g_strcmp0 (plenum_stored_round_get_mine_account (round), self->account_id) == 0)
    answer_text = g_strdup (_("You answered on another terminal; it was recorded"));
  else
    answer_text = g_strdup (form->editable ? _("Not answered yet")
                                           : _("You did not answer in this round"));
  set_label (form->answer_label, answer_text);
  set_label (form->state_label, form->error_text != NULL ? form->error_text : state_text);
  update_sensitivity (form);
}

/* The document @document_id among the meeting's, or NULL (a new reference). */
static PlenumDocument *
find_document (PlenumMeeting *meeting,
               const char    *document_id)
{
  GListModel *agenda = meeting != NULL ? plenum_meeting_get_agenda (meeting) : NULL;

  for (guint i = 0; agenda != NULL && i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      GListModel *documents = plenum_agenda_item_get_documents (item);

      for (guint j = 0; j < g_list_model_get_n_items (documents); j++)
        {
          g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, j);

          if (g_strcmp0 (plenum_document_get_id (document), document_id) == 0)
            return g_steal_pointer (&document);
        }
    }
  return NULL;
}

/* The timer and the reminder */

static gboolean
timer_cb (gpointer user_data)
{
  PlenumOpinionSheet *self = user_data;

  self->timer_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

/* Arms the timer for @next (or the longest wait when NULL). */
static void
arm_timer (PlenumOpinionSheet *self,
           GDateTime          *now,
           GDateTime          *next)
{
  guint delay_ms = MAX_TIMER_MS;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (next != NULL)
    {
      GTimeSpan wait = g_date_time_difference (next, now);

      /* A millisecond late rather than early: at the moment itself the deadline has
       * passed. */
      delay_ms = (guint) MIN ((guint64) MAX (wait, 0) / 1000 + 1, (guint64) MAX_TIMER_MS);
    }
  self->timer_id = g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, timer_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->timer_id),
                            "[plenum-opinion-sheet] next change");
}

static void
update_reminder (PlenumOpinionSheet *self,
                 GDateTime          *now,
                 GDateTime         **next)
{
  gboolean urgent = FALSE;
  g_autofree char *reminder = NULL;

  reminder = plenum_opinion_sheet_format_reminder (self->store, self->account_id,
                                                   self->meeting_id, now, &urgent, next);
  if (g_strcmp0 (reminder, self->reminder) == 0 && urgent == self->reminder_urgent)
    return;
  g_free (self->reminder);
  self->reminder = g_steal_pointer (&reminder);
  self->reminder_urgent = urgent;
  g_signal_emit (self, signals[SIGNAL_REMINDER_CHANGED], 0);
}

static void
reload (PlenumOpinionSheet *self)
{
  g_autoptr(GPtrArray) rounds = plenum_store_list_opinion_rounds (self->store, self->meeting_id);
  g_autoptr(PlenumMeeting) meeting = plenum_store_get_meeting (self->store, self->meeting_id, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  RoundForm *form;
  GtkWidget *previous = NULL;

  g_ptr_array_set_size (self->round_ids, 0);
  for (guint i = 0; i < rounds->len; i++)
    {
      PlenumStoredRound *round = g_ptr_array_index (rounds, i);
      const char *id = plenum_stored_round_get_id (round);
      g_autoptr(PlenumDocument) document = find_document (meeting,
                                                          plenum_stored_round_get_document_id (round));

      form = g_hash_table_lookup (self->forms, id);
      if (form == NULL)
        {
          form = form_new (self, round, document != NULL ? (guint) MAX (plenum_document_get_pages (document), 1) : 1);
          g_hash_table_insert (self->forms, form->round_id, form);
          gtk_box_append (GTK_BOX (self->rounds_box), form->box);
        }
      /* In the server's order. */
      gtk_box_reorder_child_after (GTK_BOX (self->rounds_box), form->box, previous);
      previous = form->box;
      update_form (form, round, document, now);
      g_hash_table_add (shown, form->round_id);
      g_ptr_array_add (self->round_ids, form->round_id);
    }
  g_hash_table_iter_init (&iter, self->forms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &form))
    if (!g_hash_table_contains (shown, form->round_id))
      g_hash_table_iter_remove (&iter);

  gtk_widget_set_visible (GTK_WIDGET (self), rounds->len > 0);
  update_reminder (self, now, &next);
  /* A round still open goes read-only at its deadline. */
  for (guint i = 0; i < rounds->len; i++)
    {
      PlenumStoredRound *round = g_ptr_array_index (rounds, i);

      if (plenum_stored_round_is_open_at (round, now))
        take_earlier (&next, plenum_stored_round_get_deadline (round), now);
    }
  if (rounds->len > 0)
    arm_timer (self, now, next);
  else
    g_clear_handle_id (&self->timer_id, g_source_remove);
}

static void
on_rounds_changed_cb (PlenumStore        *store,
                      const char         *meeting_id,
                      PlenumOpinionSheet *self)
{
  if (g_strcmp0 (meeting_id, self->meeting_id) == 0)
    reload (self);
}

static void
on_outbox_changed_cb (PlenumStore        *store,
                      PlenumOpinionSheet *self)
{
  reload (self);
}

/* Actions */

static RoundForm *
form_of (PlenumOpinionSheet *self,
         GVariant           *parameter,
         guint              *position)
{
  const char *id = NULL;

  if (g_variant_is_of_type (parameter, G_VARIANT_TYPE_STRING))
    id = g_variant_get_string (parameter, NULL);
  else
    g_variant_get (parameter, "(&su)", &id, position);
  return g_hash_table_lookup (self->forms, id);
}

static void
choose_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PlenumOpinionSheet *self = PLENUM_OPINION_SHEET (widget);
  const char *id = NULL, *word = NULL;
  PlenumOpinionStance stance;
  RoundForm *form;

  g_variant_get (parameter, "(&s&s)", &id, &word);
  form = g_hash_table_lookup (self->forms, id);
  if (form == NULL || !form->editable || form->saving ||
      !plenum_opinion_stance_from_string (word, &stance))
    return;
  gtk_toggle_button_set_active (form->stances[stance], TRUE);
}

static void
add_comment_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  RoundForm *form = form_of (PLENUM_OPINION_SHEET (widget), parameter, NULL);

  if (form == NULL || !form->editable || form->saving || form->comments->len >= 200)
    return;
  add_comment_row (form, 0, "");
  gtk_widget_grab_focus (GTK_WIDGET (comment_at (form, form->comments->len - 1)->entry));
}

static void
remove_comment_action_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  guint position = G_MAXUINT;
  RoundForm *form = form_of (PLENUM_OPINION_SHEET (widget), parameter, &position);
  CommentRow *row;

  if (form == NULL || !form->editable || form->saving || (row = comment_at (form, position)) == NULL)
    return;
  gtk_box_remove (GTK_BOX (form->comments_box), row->row);
  g_ptr_array_remove_index (form->comments, position);
  update_sensitivity (form);
}

static void
turn_page (GtkWidget *widget,
           GVariant  *parameter,
           int        step)
{
  guint position = G_MAXUINT;
  RoundForm *form = form_of (PLENUM_OPINION_SHEET (widget), parameter, &position);
  CommentRow *row;

  if (form == NULL || !form->editable || form->saving || (row = comment_at (form, position)) == NULL)
    return;
  if ((step < 0 && row->page == 0) || (step > 0 && row->page + 1 >= form->pages))
    return;
  row->page = (guint) ((int) row->page + step);
  update_comment_row (form, row, position);
}

static void
page_down_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  turn_page (widget, parameter, -1);
}

static void
page_up_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  turn_page (widget, parameter, 1);
}

typedef struct {
  PlenumOpinionSheet *self;
  char               *round_id;
} SaveData;

static void
save_data_free (SaveData *d)
{
  g_object_unref (d->self);
  g_free (d->round_id);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveData, save_data_free)

static void
opinion_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SaveData) d = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *operation_id = NULL;
  RoundForm *form;

  operation_id = plenum_store_save_opinion_finish (PLENUM_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  form = g_hash_table_lookup (d->self->forms, d->round_id);
  if (form != NULL)
    {
      form->saving = FALSE;
      g_clear_object (&form->cancellable);
      if (operation_id == NULL)
        {
          g_debug ("The opinion could not be saved: %s", error->message);
          form->error_text = plenum_error_text (error);
        }
    }
  reload (d->self);
  if (operation_id != NULL)
    g_signal_emit (d->self, signals[SIGNAL_OPINION_SAVED], 0, operation_id);
}

static void
send_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlenumOpinionSheet *self = PLENUM_OPINION_SHEET (widget);
  RoundForm *form = form_of (self, parameter, NULL);
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  PlenumOpinionStance stance;
  SaveData *d;

  if (form == NULL || !form->editable || form->saving || !stance_chosen (form, &stance))
    return;
  buffer = gtk_text_view_get_buffer (form->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  /* A comment row left empty is not a comment. */
  comments = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_opinion_comment_free);
  for (guint i = 0; i < form->comments->len; i++)
    {
      CommentRow *row = comment_at (form, i);
      const char *words = gtk_editable_get_text (row->entry);

      if (words[0] != '\0')
        g_ptr_array_add (comments, plenum_opinion_comment_new (row->page, words));
    }

  g_clear_pointer (&form->error_text, g_free);
  form->saving = TRUE;
  form->cancellable = g_cancellable_new ();
  update_sensitivity (form);
  d = g_new0 (SaveData, 1);
  d->self = g_object_ref (self);
  d->round_id = g_strdup (form->round_id);
  plenum_store_save_opinion_async (self->store, self->account_id, self->meeting_id,
                                   form->round_id, stance, text, comments, form->cancellable,
                                   opinion_saved_cb, d);
}

/* The object */

static void
plenum_opinion_sheet_dispose (GObject *object)
{
  PlenumOpinionSheet *self = PLENUM_OPINION_SHEET (object);
  GtkWidget *child;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->forms != NULL)
    g_hash_table_remove_all (self->forms);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->rounds_box = NULL;
  g_clear_object (&self->store);

  G_OBJECT_CLASS (plenum_opinion_sheet_parent_class)->dispose (object);
}

static void
plenum_opinion_sheet_finalize (GObject *object)
{
  PlenumOpinionSheet *self = PLENUM_OPINION_SHEET (object);

  g_clear_pointer (&self->forms, g_hash_table_unref);
  g_clear_pointer (&self->round_ids, g_ptr_array_unref);
  g_free (self->account_id);
  g_free (self->meeting_id);
  g_free (self->reminder);

  G_OBJECT_CLASS (plenum_opinion_sheet_parent_class)->finalize (object);
}

static void
plenum_opinion_sheet_class_init (PlenumOpinionSheetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_opinion_sheet_dispose;
  object_class->finalize = plenum_opinion_sheet_finalize;

  signals[SIGNAL_OPINION_SAVED] =
    g_signal_new ("opinion-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_REMINDER_CHANGED] =
    g_signal_new ("reminder-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "plenumopinionsheet");
  gtk_widget_class_install_action (widget_class, "opinion.choose", "(ss)", choose_action_cb);
  gtk_widget_class_install_action (widget_class, "opinion.add-comment", "s",
                                   add_comment_action_cb);
  gtk_widget_class_install_action (widget_class, "opinion.remove-comment", "(su)",
                                   remove_comment_action_cb);
  gtk_widget_class_install_action (widget_class, "opinion.page-down", "(su)",
                                   page_down_action_cb);
  gtk_widget_class_install_action (widget_class, "opinion.page-up", "(su)", page_up_action_cb);
  gtk_widget_class_install_action (widget_class, "opinion.send", "s", send_action_cb);
}

static void
plenum_opinion_sheet_init (PlenumOpinionSheet *self)
{
  self->forms = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, form_free);
  self->round_ids = g_ptr_array_new_null_terminated (0, NULL, TRUE);
  self->rounds_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_parent (self->rounds_box, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
plenum_opinion_sheet_new (PlenumStore *store,
                          const char  *account_id,
                          const char  *meeting_id)
{
  PlenumOpinionSheet *self;

  g_return_val_if_fail (PLENUM_IS_STORE (store), NULL);
  g_return_val_if_fail (account_id != NULL, NULL);
  g_return_val_if_fail (meeting_id != NULL, NULL);

  self = g_object_new (PLENUM_TYPE_OPINION_SHEET, NULL);
  self->store = g_object_ref (store);
  self->account_id = g_strdup (account_id);
  self->meeting_id = g_strdup (meeting_id);
  g_signal_connect (store, "opinion-rounds-changed", G_CALLBACK (on_rounds_changed_cb), self);
  g_signal_connect (store, "opinion-answers-changed", G_CALLBACK (on_rounds_changed_cb), self);
  g_signal_connect (store, "outbox-changed", G_CALLBACK (on_outbox_changed_cb), self);
  /* Meetings change their documents (a new packet): titles and pages follow. */
  g_signal_connect_swapped (store, "meetings-changed", G_CALLBACK (reload), self);
  reload (self);
  return GTK_WIDGET (self);
}

/* Getters */

const char * const *
plenum_opinion_sheet_get_round_ids (PlenumOpinionSheet *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (PLENUM_IS_OPINION_SHEET (self), NULL);
  /* An empty array may have no storage at all. */
  if (self->round_ids->len == 0)
    return none;
  return (const char * const *) self->round_ids->pdata;
}

static RoundForm *
lookup_form (PlenumOpinionSheet *self,
             const char         *round_id)
{
  return round_id != NULL ? g_hash_table_lookup (self->forms, round_id) : NULL;
}

const char *
plenum_opinion_sheet_get_text (PlenumOpinionSheet *self,
                               const char         *round_id,
                               const char         *line)
{
  RoundForm *form;
  GtkLabel *label = NULL;

  g_return_val_if_fail (PLENUM_IS_OPINION_SHEET (self), NULL);
  g_return_val_if_fail (line != NULL, NULL);

  form = lookup_form (self, round_id);
  if (form == NULL)
    return NULL;
  if (g_str_equal (line, "title"))
    label = form->title_label;
  else if (g_str_equal (line, "document"))
    label = form->document_label;
  else if (g_str_equal (line, "deadline"))
    label = form->deadline_label;
  else if (g_str_equal (line, "answer"))
    label = form->answer_label;
  else if (g_str_equal (line, "state"))
    label = form->state_label;
  g_return_val_if_fail (label != NULL, NULL);
  return gtk_label_get_text (label);
}

GtkToggleButton *
plenum_opinion_sheet_get_stance_button (PlenumOpinionSheet  *self,
                                        const char          *round_id,
                                        PlenumOpinionStance  stance)
{
  RoundForm *form;

  g_return_val_if_fail (PLENUM_IS_OPINION_SHEET (self), NULL);
  g_return_val_if_fail (stance < N_STANCES, NULL);

  form = lookup_form (self, round_id);
  return form != NULL ? form->stances[stance] : NULL;
}

GtkTextView *
plenum_opinion_sheet_get_text_view (PlenumOpinionSheet *self,
                                    const char         *round_id)
{
  RoundForm *form;

  g_return_val_if_fail (PLENUM_IS_OPINION_SHEET (self), NULL);

  form = lookup_form (self, round_id);
  return form != NULL ? form->text_view : NULL;
}

GtkButton *
plenum_opinion_sheet_get_send_button (PlenumOpinionSheet *self,
                                      const char         *round_id)
{
  RoundForm *form;

  g_return_val_if_fail (PLENUM_IS_OPINION_SHEET (self), NULL);

  form = lookup_form (self, round_id);
  return form != NULL ? form->send_button : NULL;
}

guint
plenum_opinion_sheet_get_n_comments (PlenumOpinionSheet *self,
                                     const char         *round_id)
{
  RoundForm *form;

  g_return_val_if_fail (PLENUM_IS_OPINION_SHEET (self), 0);

  form = lookup_form (self, round_id);
  return form != NULL ? form->comments->len : 0;
}

guint
plenum_opinion_sheet_get_comment_page (PlenumOpinionSheet *self,
                                       const char         *round_id,
                                       guint               position)
{
  RoundForm *form;

  g_return_val_if_fail (PLENUM_IS_OPINION_SHEET (self), 0);

  form = lookup_form (self, round_id);
  g_return_val_if_fail (form != NULL && position < form->comments->len, 0);
  return comment_at (form, position)->page;
}

GtkEditable *
plenum_opinion_sheet_get_comment_entry (PlenumOpinionSheet *self,
                                        const char         *round_id,
                                        guint               position)
{
  RoundForm *form;

  g_return_val_if_fail (PLENUM_IS_OPINION_SHEET (self), NULL);

  form = lookup_form (self, round_id);
  g_return_val_if_fail (form != NULL && position < form->comments->len, NULL);
  return comment_at (form, position)->entry;
}

gboolean
plenum_opinion_sheet_get_editable (PlenumOpinionSheet *self,
                                   const char         *round_id)
{
  RoundForm *form;

  g_return_val_if_fail (PLENUM_IS_OPINION_SHEET (self), FALSE);

  form = lookup_form (self, round_id);
  return form != NULL && form->editable;
}

const char *
plenum_opinion_sheet_get_reminder (PlenumOpinionSheet *self,
                                   gboolean           *urgent)
{
  g_return_val_if_fail (PLENUM_IS_OPINION_SHEET (self), NULL);

  if (urgent != NULL)
    *urgent = self->reminder_urgent;
  return self->reminder;
}
