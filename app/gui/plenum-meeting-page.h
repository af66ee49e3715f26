/* plenum-meeting-page.h — one meeting: its agenda on the side (item number and title,
 * closed-session items marked) and the selected item's documents with their state on
 * this terminal, which follows the sync engine's "document-changed" signal. On a narrow
 * screen the two fold into one column (AdwLeaflet) with a back button.
 *
 * Actions:
 *   meeting.select-item (s)    shows the documents of the agenda item with that id
 *   meeting.open-document (s)  emits "document-activated" for the document with that
 *                              SHA-256 of the selected item, when it is ready
 *   meeting.show-agenda        (folded) goes back from the documents to the agenda
 *   meeting.check-in           checks the signed-in member in (through the outbox); the
 *                              state under the meeting's title reads "waiting to be
 *                              sent", "Checked in" or "Check-in refused: <reason>", from
 *                              the store, and follows operation-sent/-refused
 *   meeting.check-out          "Leave the meeting" (shown while checked in): checks the
 *                              member out through the outbox
 *   meeting.speak              while the meeting is in progress: "Ask to speak", or
 *                              "Withdraw" once asked; under it "You are 3rd in line",
 *                              "You have the floor" (the engine's speakers' queue), or
 *                              "Waiting to be sent" while the request is in the outbox
 * Under it, the signed-in member's ballot sheet (PlenumBallotSheet) while a vote is open,
 * and the result of the last one until the next.
 * The agenda item the chair is on is marked "Now". For the meeting's chair, the chair
 * console (PlenumChairConsole) is a column beside the documents, hidden and shown
 * again with "Chair console" in the header bar. For a secretary, "Terminals" in the
 * header bar shows the readiness board (PlenumReadinessBoard, issue #8) in the
 * documents' place, and hides it again.
 * The back button of the agenda column activates window.back (PlenumWindow).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/plenum-document.h"
#include "sync/plenum-sync-engine.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_MEETING_PAGE (plenum_meeting_page_get_type ())

G_DECLARE_FINAL_TYPE (PlenumMeetingPage, plenum_meeting_page, PLENUM, MEETING_PAGE, GtkWidget)

/* Shows @meeting_id as the engine's store has it (and follows its changes). */
GtkWidget     *plenum_meeting_page_new                  (PlenumSyncEngine  *engine,
                                                         const char        *meeting_id);

const char    *plenum_meeting_page_get_meeting_id       (PlenumMeetingPage *self);
/* The meeting as last read from the store (a borrowed reference), or NULL when the store
 * does not have it (any more). */
PlenumMeeting *plenum_meeting_page_get_meeting          (PlenumMeetingPage *self);

/* Property "selected-item-id": the agenda item whose documents are shown, or NULL. */
const char    *plenum_meeting_page_get_selected_item_id (PlenumMeetingPage *self);

/* The list boxes of agenda items (PlenumAgendaRow) and of the selected item's documents
 * (PlenumDocumentRow), for tests. */
GtkListBox    *plenum_meeting_page_get_agenda_list      (PlenumMeetingPage *self);
GtkListBox    *plenum_meeting_page_get_document_list    (PlenumMeetingPage *self);

/* The "Check in" button, and the check-in state as shown ("" when not checked in). */
GtkButton     *plenum_meeting_page_get_check_in_button  (PlenumMeetingPage *self);
const char    *plenum_meeting_page_get_check_in_text    (PlenumMeetingPage *self);

/* The signed-in member's ballot sheet (PlenumBallotSheet, under the check-in state; it
 * shows itself while a vote is open), or NULL when signed out. */
GtkWidget     *plenum_meeting_page_get_ballot_sheet     (PlenumMeetingPage *self);
/* The signed-in member's opinion sheet (PlenumOpinionSheet, under the ballot sheet; it
 * shows itself while the meeting has opinion rounds), or NULL when signed out. */
GtkWidget     *plenum_meeting_page_get_opinion_sheet    (PlenumMeetingPage *self);
/* The member's conflict of interest on the selected item (issue #7): the toggle "I have
 * a conflict of interest in this item" (shown while a member is signed in and an item is
 * selected; toggling it declares or withdraws it through the outbox) and its state as
 * shown ("Declared: you do not vote on this item", …; "" when none). */
GtkToggleButton *plenum_meeting_page_get_conflict_button (PlenumMeetingPage *self);
const char    *plenum_meeting_page_get_conflict_text    (PlenumMeetingPage *self);
/* The sentence for a declaration (@declared) or withdrawal whose operation is in @state
 * (REFUSED: with the server's @code and @message). Free with g_free(). */
char          *plenum_meeting_page_format_conflict      (gboolean           declared,
                                                         PlenumOutboxState  state,
                                                         const char        *code,
                                                         const char        *message);
/* The opinion reminder as shown at the top of the documents' column ("Your opinion on
 * “…” is due by 17:00 today"), or "" when none is shown. */
const char    *plenum_meeting_page_get_reminder_text    (PlenumMeetingPage *self);

/* Shows the agenda item @item_id (selected, scrolled to, its documents shown); FALSE
 * when the agenda does not have it. */
gboolean       plenum_meeting_page_show_item            (PlenumMeetingPage *self,
                                                         const char        *item_id);
/* The item the chair is on (marked "Now"), or NULL. */
const char    *plenum_meeting_page_get_current_item_id  (PlenumMeetingPage *self);

/* "Leave the meeting", "Ask to speak"/"Withdraw" and the place in line as shown ("" when
 * none), and the chair console (NULL unless the member chairs the meeting). For tests. */
GtkButton     *plenum_meeting_page_get_check_out_button (PlenumMeetingPage *self);
GtkButton     *plenum_meeting_page_get_speak_button     (PlenumMeetingPage *self);
const char    *plenum_meeting_page_get_speak_text       (PlenumMeetingPage *self);
GtkWidget     *plenum_meeting_page_get_chair_console    (PlenumMeetingPage *self);
/* "Terminals" (shown for a secretary only), and the readiness board it shows (NULL until
 * first shown, and for anyone but a secretary). For tests. */
GtkToggleButton *plenum_meeting_page_get_terminals_button (PlenumMeetingPage *self);
GtkWidget     *plenum_meeting_page_get_readiness_board  (PlenumMeetingPage *self);

/* "You have the floor" for @place 0, "You are 3rd in line" for 3, "" for -1 (as
 * plenum_speaker_queue_find() gives it). Free with g_free(). */
char          *plenum_meeting_page_format_place         (gint               place);

/* Whether @meeting (with or without its agenda; NULL: FALSE) is in progress as this
 * terminal knows it: its status says so, or the chair has made a first move (the
 * position may arrive before the new status). */
gboolean       plenum_meeting_page_is_in_progress       (PlenumSyncEngine  *engine,
                                                         PlenumMeeting     *meeting);

/* "Check-in refused: <reason>": the server's refusal @code as a translated sentence
 * where known (meeting_closed → "The meeting is closed"), else its @message. */
char          *plenum_meeting_page_format_refusal       (const char        *code,
                                                         const char        *message);

/* Signals:
 *   "document-activated" (PlenumDocument *document)   a ready document was opened
 */

G_END_DECLS
