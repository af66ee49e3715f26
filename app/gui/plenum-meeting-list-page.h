/* plenum-meeting-list-page.h — the signed-in member's meetings (soonest first), with
 * each one's packet download; the member's name and a sign-out button in the header;
 * overall progress while the terminal syncs; and the offline banner.
 *
 * Actions:
 *   meetings.open (s)  emits "meeting-activated" with the meeting id (a row does this)
 *   meetings.refresh   asks the sync engine to fetch now (enabled while signed in)
 * The sign-out button activates window.sign-out (PlenumWindow).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sync/plenum-sync-engine.h"
#include "plenum-offline-banner.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_MEETING_LIST_PAGE (plenum_meeting_list_page_get_type ())

G_DECLARE_FINAL_TYPE (PlenumMeetingListPage, plenum_meeting_list_page, PLENUM, MEETING_LIST_PAGE, GtkWidget)

GtkWidget           *plenum_meeting_list_page_new             (PlenumSyncEngine      *engine);

/* Property "sync-engine" (may be NULL: an empty list). */
PlenumSyncEngine    *plenum_meeting_list_page_get_sync_engine (PlenumMeetingListPage *self);
void                 plenum_meeting_list_page_set_sync_engine (PlenumMeetingListPage *self,
                                                               PlenumSyncEngine      *engine);

/* The list box of meetings (one PlenumMeetingRow per meeting) and the offline banner,
 * for tests. */
GtkListBox          *plenum_meeting_list_page_get_list        (PlenumMeetingListPage *self);
PlenumOfflineBanner *plenum_meeting_list_page_get_banner      (PlenumMeetingListPage *self);

/* The overall progress line as shown, or NULL while nothing is downloading. */
const char          *plenum_meeting_list_page_get_progress_text (PlenumMeetingListPage *self);

/* Signals:
 *   "meeting-activated" (const char *meeting_id)
 */

G_END_DECLS
