/* plenum-vote-text.c — a vote's options and its result in words. See
 * plenum-vote-text.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-vote-text"

#include <glib/gi18n.h>

#include "core/plenum-vote-result.h"
#include "plenum-vote-text.h"

const char *
plenum_vote_text_option (PlenumStoredVote *vote,
                         guint             position)
{
  const char *option;

  g_return_val_if_fail (vote != NULL, NULL);
  g_return_val_if_fail (position < plenum_stored_vote_get_n_options (vote), NULL);

  option = plenum_stored_vote_get_options (vote)[position];
  if (plenum_stored_vote_get_candidates (vote))
    return option;
  if (g_strcmp0 (option, "for") == 0)
    return _("For");
  if (g_strcmp0 (option, "against") == 0)
    return _("Against");
  if (g_strcmp0 (option, "abstain") == 0)
    return _("Abstain");
  return option;
}

/* NULL when the vote has no result yet, or one this terminal cannot read: then every
 * surface shows none rather than a wrong one. (The store checked the vote when it kept
 * it, so an unreadable result is worth a debug line, not a warning.) */
static PlenumVoteResult *
read_result (PlenumStoredVote *vote)
{
  g_autoptr(GError) error = NULL;
  PlenumVoteResult *result;

  result = plenum_vote_result_new_from_vote_json (plenum_stored_vote_get_json (vote), &error);
  if (error != NULL)
    g_debug ("The result of vote %s cannot be read: %s", plenum_stored_vote_get_id (vote),
             error->message);
  return result;
}

/* The names of those elected, most votes first, separated by commas; "" for none. */
static char *
join_elected (PlenumStoredVote *vote,
              PlenumVoteResult *result)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < plenum_vote_result_get_n_elected (result); i++)
    {
      guint position = plenum_vote_result_get_elected (result, i);

      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, plenum_vote_text_option (vote, position));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* Every option and its count on one line, "For: 1<separator>Against: 0…". */
static void
append_counts (GString          *text,
               PlenumStoredVote *vote,
               PlenumVoteResult *result,
               const char       *separator)
{
  for (guint i = 0; i < plenum_vote_result_get_n_counts (result); i++)
    {
      if (i > 0)
        g_string_append (text, separator);
      /* Translators: an option of a vote and how many chose it, e.g. "For: 7". */
      g_string_append_printf (text, _("%s: %u"), plenum_vote_text_option (vote, i),
                              plenum_vote_result_get_count (result, i));
    }
}

static char *
describe_for_sheet (PlenumStoredVote  *vote,
                    PlenumVoteResult  *result,
                    char             **outcome)
{
  g_autoptr(GString) text = g_string_new ("");
  gboolean annulled = plenum_stored_vote_get_state (vote) == PLENUM_VOTE_STATE_ANNULLED;
  gboolean candidates = plenum_stored_vote_get_candidates (vote);
  guint needed, basis;
  g_autofree char *needed_text = NULL;
  g_autofree char *basis_text = NULL;

  if (result == NULL)
    {
      *outcome = g_strdup (annulled ? _("Annulled") : _("Closed"));
      return g_strdup (annulled ? _("It was annulled before it closed: it has no result.")
                                : _("The result has not reached this terminal yet."));
    }

  if (annulled)
    *outcome = g_strdup (_("Annulled"));
  else if (candidates)
    *outcome = g_strdup (plenum_vote_result_get_n_elected (result) > 0 ? _("Elected")
                                                                      : _("Nobody was elected"));
  else
    *outcome = g_strdup (plenum_vote_result_get_passed (result) ? _("Passed") : _("Not passed"));

  if (annulled)
    g_string_append_printf (text, "%s\n", _("Its result does not stand."));

  if (candidates && plenum_vote_result_get_n_elected (result) > 0)
    {
      g_autofree char *names = join_elected (vote, result);

      /* Translators: %s lists the names of the candidates elected. */
      g_string_append_printf (text, _("Elected: %s"), names);
      g_string_append_c (text, '\n');
    }

  /* One line per option: "For: 7 votes". */
  for (guint i = 0; i < plenum_vote_result_get_n_counts (result); i++)
    {
      guint count = plenum_vote_result_get_count (result, i);

      /* Translators: an option of a vote (For, Against, Abstain, or a candidate's name)
       * and how many chose it. */
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "%s: %u vote", "%s: %u votes", count),
                              plenum_vote_text_option (vote, i), count);
      g_string_append_c (text, '\n');
    }

  needed = plenum_vote_result_get_needed (result);
  basis = plenum_vote_result_get_basis (result);
  /* Translators: how many votes a decision needed, the first half of "7 votes needed:
   * a majority of all 12 members". */
  needed_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u vote needed", "%u votes needed",
                                              needed), needed);
  if (plenum_vote_result_get_majority (result) == PLENUM_MAJORITY_MEMBERS)
    /* Translators: the second half of "7 votes needed: a majority of all 12 members". */
    basis_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "a majority of all %u member",
                                               "a majority of all %u members", basis),
                                  basis);
  else
    /* Translators: the second half of "4 votes needed: a majority of the 7 members
     * present". */
    basis_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "a majority of the %u member present",
                                               "a majority of the %u members present",
                                               basis),
                                  basis);
  /* Translators: "7 votes needed" and "a majority of all 12 members". */
  g_string_append_printf (text, _("%s: %s"), needed_text, basis_text);

  if (plenum_vote_result_get_show_of_hands (result))
    g_string_append_printf (text, "\n%s", _("Counted by a show of hands"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_for_console (PlenumStoredVote *vote,
                      PlenumVoteResult *result)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint needed, basis;

  /* Translators: the vote's title, then what became of it. */
  g_string_append_printf (text,
                          plenum_stored_vote_get_state (vote) == PLENUM_VOTE_STATE_ANNULLED
                            ? _("%s: annulled.") : _("%s: closed."),
                          plenum_stored_vote_get_title (vote));
  /* Without a result, the line above is still worth showing. */
  if (result == NULL)
    return g_string_free (g_steal_pointer (&text), FALSE);

  g_string_append_c (text, '\n');
  append_counts (text, vote, result, ", ");
  g_string_append (text, ".\n");

  if (plenum_stored_vote_get_candidates (vote))
    {
      g_autofree char *names = join_elected (vote, result);

      if (*names != '\0')
        /* Translators: the names of those elected. */
        g_string_append_printf (text, _("Elected: %s."), names);
      else
        g_string_append (text, _("Nobody was elected."));
    }
  else if (plenum_vote_result_get_passed (result))
    g_string_append (text, _("Passed."));
  else
    g_string_append (text, _("Not passed."));
  g_string_append_c (text, ' ');

  needed = plenum_vote_result_get_needed (result);
  basis = plenum_vote_result_get_basis (result);
  if (plenum_vote_result_get_majority (result) == PLENUM_MAJORITY_MEMBERS)
    /* Translators: the votes a decision needed, then the number of all members. */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "Needed: %u (more than half of all %u member).",
                                               "Needed: %u (more than half of all %u members).",
                                               basis), needed, basis);
  else
    /* Translators: the votes a decision needed, then the number of members present. */
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "Needed: %u (more than half of %u member present).",
                                               "Needed: %u (more than half of %u members present).",
                                               basis), needed, basis);

  if (plenum_vote_result_get_show_of_hands (result))
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("Counted by a show of hands."));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_for_wall (PlenumStoredVote *vote,
                   PlenumVoteResult *result)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (plenum_stored_vote_get_state (vote) == PLENUM_VOTE_STATE_ANNULLED)
    return g_strdup (_("The vote was annulled"));
  if (result == NULL)
    return g_strdup (_("The vote is closed"));

  if (plenum_stored_vote_get_candidates (vote))
    {
      g_autofree char *names = join_elected (vote, result);

      if (*names != '\0')
        /* Translators: %s lists the names of the candidates elected. */
        g_string_append_printf (text, _("Elected: %s"), names);
      else
        g_string_append (text, _("Nobody was elected"));
    }
  else
    g_string_append (text, plenum_vote_result_get_passed (result) ? _("Passed") : _("Not passed"));

  g_string_append_c (text, '\n');
  append_counts (text, vote, result, " · ");
  if (plenum_vote_result_get_show_of_hands (result))
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("Counted by a show of hands"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
plenum_vote_text_describe_result (PlenumStoredVote     *vote,
                                  PlenumVoteTextStyle   style,
                                  char                **outcome)
{
  g_autoptr(PlenumVoteResult) result = NULL;
  g_autofree char *word = NULL;
  char *text = NULL;

  g_return_val_if_fail (vote != NULL, NULL);

  if (outcome != NULL)
    *outcome = NULL;
  if (plenum_stored_vote_get_state (vote) == PLENUM_VOTE_STATE_OPEN)
    return NULL;

  result = read_result (vote);
  switch (style)
    {
    case PLENUM_VOTE_TEXT_SHEET:
      text = describe_for_sheet (vote, result, &word);
      break;

    case PLENUM_VOTE_TEXT_CONSOLE:
      text = describe_for_console (vote, result);
      break;

    case PLENUM_VOTE_TEXT_WALL:
      text = describe_for_wall (vote, result);
      break;

    default:
      g_return_val_if_reached (NULL);
    }
  if (outcome != NULL)
    *outcome = g_steal_pointer (&word);
  return text;
}
