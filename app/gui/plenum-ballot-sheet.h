/* plenum-ballot-sheet.h — the member's ballot in a meeting's vote (issue #7): the vote's
 * title, its options as big toggle buttons (for / against / abstain, or the candidates
 * with "Choose up to N"), a "Cast my vote" button and the ballot's state in a sentence:
 * "Queued — will be sent when the terminal is back online", "Sent", "Counted", "Not
 * counted: <reason>".
 *
 * It reads the store only: the open vote of the meeting (or, when none is open, the last
 * vote, closed or annulled, until the next opens: its result in words — "Passed" / "Not
 * passed" / "Elected" / "Annulled", the count of each option, the votes needed and of
 * what majority, "Counted by a show of hands", as plenum-vote-text.h words them — and what became of the member's ballot)
 * and the member's ballot, and follows the store's "votes-changed", "ballots-changed"
 * and "outbox-changed". A choice being made is never reset by anything but the member:
 * the toggles are made once per vote and only the member changes them (another member's
 * ballot, a vote.ballot event, only refreshes the state). Casting saves the ballot with
 * its outbox operation (plenum_store_save_ballot_async()); the sync engine sends it.
 * The sheet hides itself when there is nothing to show.
 *
 * Actions:
 *   ballot.toggle-option (u)  toggles the option at that position (as a tap would)
 *   ballot.cast               casts the chosen options (enabled while they make a valid
 *                             ballot and the vote takes one)
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "store/plenum-store.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_BALLOT_SHEET (plenum_ballot_sheet_get_type ())

G_DECLARE_FINAL_TYPE (PlenumBallotSheet, plenum_ballot_sheet, PLENUM, BALLOT_SHEET, GtkWidget)

/* The ballot sheet of @account_id (the signed-in member, a UUID) in @meeting_id. */
GtkWidget       *plenum_ballot_sheet_new               (PlenumStore       *store,
                                                        const char        *account_id,
                                                        const char        *meeting_id);

/* The vote shown, or NULL (the sheet is hidden then). */
const char      *plenum_ballot_sheet_get_vote_id       (PlenumBallotSheet *self);
/* The option buttons (one per option, in the vote's order), for tests. */
guint            plenum_ballot_sheet_get_n_options     (PlenumBallotSheet *self);
GtkToggleButton *plenum_ballot_sheet_get_option        (PlenumBallotSheet *self,
                                                        guint              position);
GtkButton       *plenum_ballot_sheet_get_cast_button   (PlenumBallotSheet *self);
/* The ballot's state as shown ("" before a ballot is cast). */
const char      *plenum_ballot_sheet_get_state_text    (PlenumBallotSheet *self);
/* The result as shown ("" while the vote is open): the outcome in a word, and the
 * lines under it. Transfer none. */
const char      *plenum_ballot_sheet_get_outcome_text  (PlenumBallotSheet *self);
const char      *plenum_ballot_sheet_get_result_text   (PlenumBallotSheet *self);
/* "N members have voted" while the vote is open, else "". Transfer none. */
const char      *plenum_ballot_sheet_get_progress_text (PlenumBallotSheet *self);

/* "Not counted: <reason>": the server's refusal @code as a translated sentence where
 * known (vote_closed → "the vote closed before your ballot arrived"), else its
 * @message. Free with g_free(). */
char            *plenum_ballot_sheet_format_refusal    (const char        *code,
                                                        const char        *message);

/* Signals:
 *   "ballot-cast" (const char *operation_id)  a ballot was saved (durable, queued)
 */

G_END_DECLS
