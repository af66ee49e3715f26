/* plenum-event.h — one event of GET /api/v1/events: {seq, type, time, meeting_id, data}.
 *
 * The type is kept as text: a client ignores types it does not know rather than refusing
 * the stream. "data" is kept as a copy of its JSON object, read by whoever handles the
 * type.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "plenum-json.h"

G_BEGIN_DECLS

/* The event types of protocol version 1. */
#define PLENUM_EVENT_PACKET_PUBLISHED "packet.published"
#define PLENUM_EVENT_MEETING_UPDATED  "meeting.updated"
#define PLENUM_EVENT_RESET            "reset"

#define PLENUM_TYPE_EVENT (plenum_event_get_type ())
G_DECLARE_FINAL_TYPE (PlenumEvent, plenum_event, PLENUM, EVENT, GObject)

/* TRUE for an event type's shape: 1 to PLENUM_EVENT_TYPE_MAX_CHARS of a–z, 0–9, '.',
 * '_' and '-'. */
gboolean      plenum_event_type_is_valid   (const char   *type);

/* @seq: 0 to PLENUM_JSON_MAX_SAFE_INTEGER; @meeting_id: NULL for an event about no one
 * meeting; @data: a JSON object, copied (NULL: {}). */
PlenumEvent  *plenum_event_new             (gint64        seq,
                                            const char   *type,
                                            GDateTime    *time,
                                            const char   *meeting_id,
                                            const cJSON  *data);
/* Strict: seq, type, time and data required; meeting_id absent or null for none. */
PlenumEvent  *plenum_event_new_from_json   (const cJSON  *node,
                                            const char   *where,
                                            GError      **error);
/* Writes "meeting_id": null when there is none. */
cJSON        *plenum_event_to_json         (PlenumEvent  *self);

gint64        plenum_event_get_seq         (PlenumEvent  *self);
const char   *plenum_event_get_event_type  (PlenumEvent  *self);
GDateTime    *plenum_event_get_time        (PlenumEvent  *self);
/* NULL when there is none. */
const char   *plenum_event_get_meeting_id  (PlenumEvent  *self);
/* The event's "data" object; owned by the event, never NULL. */
const cJSON  *plenum_event_get_data        (PlenumEvent  *self);

G_END_DECLS
