/* plenum-vote-text.h — a vote's options and its result in words, for every surface that
 * shows them: the member's ballot sheet, the chair's console and the room's wall
 * display. The result is read once (PlenumVoteResult, in core/); the three surfaces
 * word it differently on purpose (a member reads it at leisure, one line each; the
 * chair needs it in a glance with the majority rule; the wall shows the outcome and the
 * counts large), so the style says which.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "store/plenum-store.h"

G_BEGIN_DECLS

typedef enum
{
  /* The ballot sheet: (annulled: "Its result does not stand.",) "Elected: A, B", one
   * line per option ("For: 7 votes"), "7 votes needed: a majority of all 12 members",
   * "Counted by a show of hands"; *outcome "Passed" / "Not passed" / "Elected" /
   * "Nobody was elected" / "Annulled" (or "Closed" when the result cannot be read). */
  PLENUM_VOTE_TEXT_SHEET,
  /* The chair's console: "<title>: closed." (or annulled), "For: 1, Against: 0,
   * Abstain: 0.", "Not passed. Needed: 4 (more than half of 7 members present).",
   * "Counted by a show of hands.". */
  PLENUM_VOTE_TEXT_CONSOLE,
  /* The wall display: "Passed" / "Not passed" / "Elected: A, B" / "Nobody was elected",
   * "For: 8 · Against: 1 · Abstain: 0", "Counted by a show of hands"; "The vote was
   * annulled", or "The vote is closed" when the result cannot be read. */
  PLENUM_VOTE_TEXT_WALL,
} PlenumVoteTextStyle;

/* The option at @position of @vote as the members see it: a motion's fixed options
 * translated ("For", "Against", "Abstain"), candidates by name. Transfer none. */
const char *plenum_vote_text_option          (PlenumStoredVote     *vote,
                                              guint                 position);

/* A closed or annulled @vote's result in words in @style, lines separated by '\n', and
 * in *@outcome (may be NULL; PLENUM_VOTE_TEXT_SHEET only, else set to NULL) the outcome
 * in a word or two. NULL for an open vote. Free both with g_free(). */
char       *plenum_vote_text_describe_result (PlenumStoredVote     *vote,
                                              PlenumVoteTextStyle   style,
                                              char                **outcome);

G_END_DECLS
