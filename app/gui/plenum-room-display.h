/* plenum-room-display.h — the wall screen or projector of a meeting room
 * (`plenum --room-display`, issue #7 item 7): a full-screen window that nobody touches.
 *
 * It syncs as the room's enrolled terminal (the engine's terminal credential; nobody
 * signs in on it) and shows, for the room's meeting in progress (or the next one today,
 * "Starts at 09:00"), in type legible from the back of the room:
 *   - the current agenda item, number and title;
 *   - the page the chair shows, in a read-only page view fitted to the area; when the
 *     chair shows no page, the item's title and the titles of its documents;
 *   - who has the floor and the next few in the queue;
 *   - while a vote is open, its title and "12 of 30 have voted" (never names); after the
 *     close, the published result in words (counts, passed or not, who was elected);
 *   - attendance: "21 of 30 present · quorum met".
 * It changes only on the sync engine's signals (no polling). When the server goes away
 * it keeps the last state on screen and says so in words: "Connection lost — showing the
 * last known state".
 *
 * A terminal that is not enrolled shows the sign-in page's enrolment (the code from the
 * committee office); a member who signs in there is signed out again at once: the room
 * display shows the room, never one member's papers.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gui/plenum-pdf-view.h"
#include "pdf/plenum-render-client.h"
#include "pdf/plenum-render-queue.h"
#include "sync/plenum-sync-engine.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_ROOM_DISPLAY (plenum_room_display_get_type ())

G_DECLARE_FINAL_TYPE (PlenumRoomDisplay, plenum_room_display, PLENUM, ROOM_DISPLAY, AdwApplicationWindow)

/* @application may be NULL (tests). The window is not full screen by itself: the
 * application makes it so (a test sizes it). */
PlenumRoomDisplay *plenum_room_display_new               (AdwApplication     *application);

/* Gives the display its sync engine and render client (once). It makes its own render
 * queue and texture cache over @render_client. */
void               plenum_room_display_set_services      (PlenumRoomDisplay  *self,
                                                          PlenumSyncEngine   *engine,
                                                          PlenumRenderClient *render_client);
PlenumRenderQueue *plenum_room_display_get_render_queue  (PlenumRoomDisplay  *self);

/* The terminal cannot start (its store cannot be opened): shows @error's sentence. */
void               plenum_room_display_show_startup_error (PlenumRoomDisplay *self,
                                                           const GError      *error);

/* Loads the display's style (large type, high contrast) for @display, once. */
void               plenum_room_display_install_style     (GdkDisplay         *display);

/* For tests: what is on screen.
 * The page shown: "starting", "failed", "enrol" (not enrolled, or revoked), "idle" (no
 * meeting in this room today), "live". */
const char        *plenum_room_display_get_page_name     (PlenumRoomDisplay  *self);
/* The meeting shown, or NULL. */
const char        *plenum_room_display_get_meeting_id    (PlenumRoomDisplay  *self);
/* The texts of the labels ("" when hidden): the item's number line ("Item 3", or "Starts
 * at 09:00" before the meeting), the item's title (the meeting's title before the
 * chair's first move), the documents shown when no page is, the floor ("Speaking: …"),
 * the queue ("Next: …"), the vote's title, its progress or result, the attendance line
 * and the connection line. */
const char        *plenum_room_display_get_item_number_text (PlenumRoomDisplay *self);
const char        *plenum_room_display_get_item_title_text (PlenumRoomDisplay *self);
const char        *plenum_room_display_get_documents_text (PlenumRoomDisplay *self);
const char        *plenum_room_display_get_speaker_text  (PlenumRoomDisplay  *self);
const char        *plenum_room_display_get_queue_text    (PlenumRoomDisplay  *self);
const char        *plenum_room_display_get_vote_title_text (PlenumRoomDisplay *self);
const char        *plenum_room_display_get_vote_text     (PlenumRoomDisplay  *self);
const char        *plenum_room_display_get_attendance_text (PlenumRoomDisplay *self);
const char        *plenum_room_display_get_connection_text (PlenumRoomDisplay *self);
/* The page view; it has a document only while the chair shows a page of one that is on
 * this terminal. */
PlenumPdfView     *plenum_room_display_get_pdf_view      (PlenumRoomDisplay  *self);
/* The sha256 of the document shown or being opened, or NULL. */
const char        *plenum_room_display_get_document_sha256 (PlenumRoomDisplay *self);

/* The label of the item's title, to check its type size. */
GtkWidget         *plenum_room_display_get_item_title_label (PlenumRoomDisplay *self);

G_END_DECLS
