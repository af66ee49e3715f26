/* plenum-vote-editor.h — what the chair fills in to open a vote on the current agenda
 * item (issue #7): its title (prefilled with the item's title), open (named) or secret,
 * a motion (for / against / abstain) or a list of candidates with "choose up to N", the
 * majority's basis (the members present or all members), whether a quorum is required
 * and whether a ballot may be changed while the vote is open.
 *
 * A page of the chair console's column, not a dialog: a kiosk terminal has no window
 * manager to place one, and the chair keeps the rest of the console in view. It only
 * collects the answers; the console opens the vote (plenum_chair_open_vote_async()) when
 * the editor asks for it with "open-requested".
 *
 * Actions:
 *   editor.add-candidate          adds an empty candidate row and focuses it
 *   editor.remove-candidate (u)   removes the candidate row at that position
 *   editor.open                   emits "open-requested" (enabled while the answers make
 *                                 a vote and the editor is not busy)
 *   editor.cancel                 emits "cancelled"
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sync/plenum-chair.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_VOTE_EDITOR (plenum_vote_editor_get_type ())

G_DECLARE_FINAL_TYPE (PlenumVoteEditor, plenum_vote_editor, PLENUM, VOTE_EDITOR, GtkWidget)

GtkWidget      *plenum_vote_editor_new                (void);

/* Starts a new vote on @item_id: the title is @title, the rest back to the defaults (an
 * open motion, majority of those present, quorum required, ballots final). */
void            plenum_vote_editor_reset              (PlenumVoteEditor *self,
                                                       const char       *item_id,
                                                       const char       *title);
const char     *plenum_vote_editor_get_item_id        (PlenumVoteEditor *self);

/* While the console's request is in flight the answers cannot be changed or sent again. */
void            plenum_vote_editor_set_busy           (PlenumVoteEditor *self,
                                                       gboolean          busy);

/* TRUE when the answers make a vote: a title, and for a candidate list at least one
 * candidate, no two alike, and no more choices than candidates. */
gboolean        plenum_vote_editor_is_valid           (PlenumVoteEditor *self);

/* Fills @spec from the answers (titles and candidates trimmed, empty candidate rows left
 * out). Its strings belong to the editor and stay valid until the next call or reset. */
void            plenum_vote_editor_get_spec           (PlenumVoteEditor *self,
                                                       PlenumVoteSpec   *spec);

/* The controls, for tests (they drive them as a finger would). */
GtkEditable     *plenum_vote_editor_get_title_entry       (PlenumVoteEditor *self);
GtkCheckButton  *plenum_vote_editor_get_secret_button     (PlenumVoteEditor *self);
GtkCheckButton  *plenum_vote_editor_get_candidates_button (PlenumVoteEditor *self);
GtkCheckButton  *plenum_vote_editor_get_members_button    (PlenumVoteEditor *self);
GtkCheckButton  *plenum_vote_editor_get_quorum_button     (PlenumVoteEditor *self);
GtkCheckButton  *plenum_vote_editor_get_changeable_button (PlenumVoteEditor *self);
GtkSpinButton   *plenum_vote_editor_get_max_choices       (PlenumVoteEditor *self);
guint            plenum_vote_editor_get_n_candidates      (PlenumVoteEditor *self);
GtkEditable     *plenum_vote_editor_get_candidate_entry   (PlenumVoteEditor *self,
                                                           guint             position);
GtkButton       *plenum_vote_editor_get_open_button       (PlenumVoteEditor *self);
GtkButton       *plenum_vote_editor_get_cancel_button     (PlenumVoteEditor *self);

/* Signals:
 *   "open-requested" ()   the chair pressed "Open the vote" with valid answers
 *   "cancelled"      ()   the chair gave up
 */

G_END_DECLS
