/* plenum-meeting.h — a meeting: the MeetingSummary of GET /api/v1/meetings and, when the
 * JSON has an "agenda", the full Meeting of GET /api/v1/meetings/{id}.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "plenum-json.h"
#include "plenum-agenda-item.h"

G_BEGIN_DECLS

typedef enum {
  PLENUM_MEETING_STATUS_SCHEDULED,
  PLENUM_MEETING_STATUS_IN_PROGRESS,
  PLENUM_MEETING_STATUS_CLOSED,
} PlenumMeetingStatus;

#define PLENUM_TYPE_MEETING_STATUS (plenum_meeting_status_get_type ())
GType        plenum_meeting_status_get_type     (void);

/* "scheduled", "in_progress", "closed" (the wire names; also what to store in SQL). */
const char  *plenum_meeting_status_to_string    (PlenumMeetingStatus  status);
/* FALSE for anything else (case-sensitive). */
gboolean     plenum_meeting_status_from_string  (const char          *text,
                                                 PlenumMeetingStatus *out);

/* The longest lease a body may have (a year), as the server checks it. */
#define PLENUM_MEETING_LEASE_MAX_SECONDS 31536000

#define PLENUM_TYPE_MEETING (plenum_meeting_get_type ())
G_DECLARE_FINAL_TYPE (PlenumMeeting, plenum_meeting, PLENUM, MEETING, GObject)

/* @location and @vice_chair_id may be NULL (written as JSON null). @agenda: a
 * GListModel of PlenumAgendaItem (the meeting keeps a copy), or NULL for a summary
 * without an agenda; an empty list is a meeting whose agenda is empty. Times are
 * referenced, and written in UTC. */
PlenumMeeting       *plenum_meeting_new                (const char          *id,
                                                        const char          *body_id,
                                                        const char          *title,
                                                        GDateTime           *starts_at,
                                                        const char          *location,
                                                        const char          *chair_id,
                                                        const char          *vice_chair_id,
                                                        PlenumMeetingStatus  status,
                                                        gint64               packet_version,
                                                        GDateTime           *updated_at,
                                                        GListModel          *agenda);
/* Strict: all the summary's fields are required; "location" and "vice_chair_id" must be
 * present but may be null; "agenda" is optional (see has_agenda), and so is
 * "lease_seconds" (0 or 60 to PLENUM_MEETING_LEASE_MAX_SECONDS; absent in what older
 * servers sent and older stores kept: then no lease, and none written back). */
PlenumMeeting       *plenum_meeting_new_from_json      (const cJSON         *node,
                                                        const char          *where,
                                                        GError             **error);
/* A Meeting: the summary, plus "agenda" when the meeting has one. */
cJSON               *plenum_meeting_to_json            (PlenumMeeting       *self);
/* A MeetingSummary: never an "agenda". */
cJSON               *plenum_meeting_to_summary_json    (PlenumMeeting       *self);

const char          *plenum_meeting_get_id             (PlenumMeeting       *self);
const char          *plenum_meeting_get_body_id        (PlenumMeeting       *self);
const char          *plenum_meeting_get_title          (PlenumMeeting       *self);
GDateTime           *plenum_meeting_get_starts_at      (PlenumMeeting       *self);
/* NULL when there is none. */
const char          *plenum_meeting_get_location       (PlenumMeeting       *self);
const char          *plenum_meeting_get_chair_id       (PlenumMeeting       *self);
/* NULL when there is none. */
const char          *plenum_meeting_get_vice_chair_id  (PlenumMeeting       *self);
PlenumMeetingStatus  plenum_meeting_get_status         (PlenumMeeting       *self);
/* 0 while no packet has been published. */
gint64               plenum_meeting_get_packet_version (PlenumMeeting       *self);
GDateTime           *plenum_meeting_get_updated_at     (PlenumMeeting       *self);
/* TRUE when made with an agenda (the JSON had "agenda", even an empty one). */
gboolean             plenum_meeting_has_agenda         (PlenumMeeting       *self);
/* A GListModel of PlenumAgendaItem, in order, or NULL without an agenda. */
GListModel          *plenum_meeting_get_agenda         (PlenumMeeting       *self);
/* The lease of the meeting's body in seconds: how long a terminal may go without
 * reaching the server before its confidential documents lock; 0 for no lock (also when
 * the JSON had none). */
gint64               plenum_meeting_get_lease_seconds  (PlenumMeeting       *self);

G_END_DECLS
