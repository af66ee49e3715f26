/* plenum-meeting-row.h — one meeting in the meeting list: its title, date and time in
 * local time, location, and how much of its packet is on this terminal (a progress bar
 * while documents download). Activating the row activates meetings.open with the
 * meeting's id.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/plenum-meeting.h"
#include "sync/plenum-sync-engine.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_MEETING_ROW (plenum_meeting_row_get_type ())

G_DECLARE_FINAL_TYPE (PlenumMeetingRow, plenum_meeting_row, PLENUM, MEETING_ROW, GtkListBoxRow)

/* @engine may be NULL (then no packet progress is shown). */
GtkWidget     *plenum_meeting_row_new                (PlenumSyncEngine *engine,
                                                      PlenumMeeting    *meeting);

PlenumMeeting *plenum_meeting_row_get_meeting        (PlenumMeetingRow *self);

/* The packet line as shown ("Downloading: 3 of 12 documents", "All 12 documents are on
 * this terminal", …). */
const char    *plenum_meeting_row_get_packet_text    (PlenumMeetingRow *self);
/* The fraction of the packet's bytes on this terminal, 0 to 1. */
double         plenum_meeting_row_get_packet_fraction (PlenumMeetingRow *self);

/* A meeting's start in the local time zone, in the user's language ("Thursday
 * 3 December 2026, 08:00"). Free with g_free(). */
char          *plenum_format_meeting_time            (GDateTime        *starts_at);

G_END_DECLS
