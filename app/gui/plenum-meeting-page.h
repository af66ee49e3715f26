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
 * Under it, the signed-in member's ballot sheet (PlenumBallotSheet) while a vote is open.
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

/* "Check-in refused: <reason>": the server's refusal @code as a translated sentence
 * where known (meeting_closed → "The meeting is closed"), else its @message. */
char          *plenum_meeting_page_format_refusal       (const char        *code,
                                                         const char        *message);

/* Signals:
 *   "document-activated" (PlenumDocument *document)   a ready document was opened
 */

G_END_DECLS
