/* plenum-chair-console.h — the meeting chair's console (issue #7): a scrollable column,
 * about 400 px wide, that the meeting page shows beside the documents for the chair.
 *
 *  Agenda      the current item ("Not started" before the first move), Previous / Next,
 *              and every item to jump to (a tap moves the meeting there)
 *  Attendance  "7 of 12 members present — quorum is 7: met" (in words)
 *  Vote        "Open a vote on this item…" (the vote editor, a page in the column);
 *              while a vote is open how many have voted of how many, for an open vote
 *              the names of those who have, "Close the vote" and "Annul" (each asks to
 *              confirm) and "Enter a show of hands…" (a count per option); after the
 *              close the result in words
 *  Speakers    who has the floor and since when, the queue in order with "Give the
 *              floor" on each row, and "Next speaker"
 *
 * Everything shown comes from the sync engine (its store) and follows its signals
 * ("position-changed", "speakers-changed", "quorum-changed", "votes-changed",
 * "meeting-changed"); the actions go through PlenumChair, and their effect comes back
 * the same way, as on every other terminal. While an action is in flight its button is
 * disabled; a refused action is said in a sentence at the foot of the column.
 *
 * The app does not keep the body's members, so for an open vote the console names those
 * who have voted and counts those who have not.
 *
 * Actions:
 *   chair.previous, chair.next      move to the item before / after the current one
 *   chair.move (s)                  move to the item with that id
 *   chair.new-vote                  shows the vote editor for the current item
 *   chair.close-vote                asks to confirm closing the open vote
 *   chair.annul-vote                asks to confirm annulling the open vote
 *   chair.confirm                   does what was asked to be confirmed
 *   chair.cancel-confirm            does not
 *   chair.show-of-hands             shows the show-of-hands counts for the open vote
 *   chair.hands-more (u)            one more hand for the option at that position
 *   chair.hands-fewer (u)           one fewer
 *   chair.record-hands              closes the open vote with the counts entered
 *   chair.cancel-hands              back to the open vote
 *   chair.give-floor (s)            gives the floor to the member with that account id
 *   chair.next-speaker              the next in the queue gets the floor
 *   chair.dismiss-message           hides the refusal sentence
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "store/plenum-store.h"
#include "sync/plenum-sync-engine.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_CHAIR_CONSOLE (plenum_chair_console_get_type ())

G_DECLARE_FINAL_TYPE (PlenumChairConsole, plenum_chair_console, PLENUM, CHAIR_CONSOLE, GtkWidget)

/* The console of @meeting_id (a UUID) for the chair signed in to @engine. */
GtkWidget   *plenum_chair_console_new                (PlenumSyncEngine   *engine,
                                                      const char         *meeting_id);

const char  *plenum_chair_console_get_meeting_id     (PlenumChairConsole *self);

/* What the console shows, for tests (transfer none; "" when the line is hidden). */
/* "Not started", or "Item 2: <title>". */
const char  *plenum_chair_console_get_item_text      (PlenumChairConsole *self);
const char  *plenum_chair_console_get_attendance_text (PlenumChairConsole *self);
/* While a vote is open: "3 of 12 members have voted". */
const char  *plenum_chair_console_get_vote_progress_text (PlenumChairConsole *self);
/* For an open (named) vote: who has voted and how many have not. */
const char  *plenum_chair_console_get_voters_text    (PlenumChairConsole *self);
/* The last vote on the current item, closed or annulled, in words. */
const char  *plenum_chair_console_get_result_text    (PlenumChairConsole *self);
/* "Nguyễn Văn An has the floor since 10:05", or "Nobody has the floor". */
const char  *plenum_chair_console_get_floor_text     (PlenumChairConsole *self);
/* The refusal of the last action, or "". */
const char  *plenum_chair_console_get_message_text   (PlenumChairConsole *self);
/* The id of the open vote shown, or NULL. */
const char  *plenum_chair_console_get_open_vote_id   (PlenumChairConsole *self);

/* The queue as shown: the display names in order (a new NULL-terminated array). */
GStrv        plenum_chair_console_dup_queue_names    (PlenumChairConsole *self);
/* The "Give the floor" button of the queue's @position-th row (from 0), or NULL. */
GtkButton   *plenum_chair_console_get_give_floor_button (PlenumChairConsole *self,
                                                      guint               position);

/* The buttons and lists, for tests. */
GtkButton   *plenum_chair_console_get_previous_button (PlenumChairConsole *self);
GtkButton   *plenum_chair_console_get_next_button    (PlenumChairConsole *self);
GtkListBox  *plenum_chair_console_get_agenda_list    (PlenumChairConsole *self);
GtkButton   *plenum_chair_console_get_new_vote_button (PlenumChairConsole *self);
GtkButton   *plenum_chair_console_get_close_vote_button (PlenumChairConsole *self);
GtkButton   *plenum_chair_console_get_annul_vote_button (PlenumChairConsole *self);
GtkButton   *plenum_chair_console_get_hands_button   (PlenumChairConsole *self);
GtkButton   *plenum_chair_console_get_confirm_button (PlenumChairConsole *self);
GtkButton   *plenum_chair_console_get_next_speaker_button (PlenumChairConsole *self);
/* The vote editor (PlenumVoteEditor) and whether it is shown. */
GtkWidget   *plenum_chair_console_get_vote_editor    (PlenumChairConsole *self);
gboolean     plenum_chair_console_get_editing        (PlenumChairConsole *self);
/* The show-of-hands count entered for option @position (0 when not shown). */
guint        plenum_chair_console_get_hands_count    (PlenumChairConsole *self,
                                                      guint               position);

/* A refused chair action as a sentence in the user's language (PLENUM_CHAIR_ERROR's
 * codes; other errors as plenum_error_text() words them). Free with g_free(). */
char        *plenum_chair_console_format_error       (const GError       *error);

G_END_DECLS
