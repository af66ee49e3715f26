/* plenum-live.h — the live meeting as the server describes it (docs/protocol.md, "The
 * live meeting"): where the chair is (Position), who has the floor and who waits for it
 * (SpeakerQueue), and whether there is a quorum (Quorum).
 *
 * Immutable GObjects read strictly from the server's JSON (unknown keys are refused
 * like everywhere else), written back to the same JSON for the store.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "plenum-json.h"

G_BEGIN_DECLS

/* The event types of the live meeting. */
#define PLENUM_EVENT_POSITION_CHANGED   "position.changed"
#define PLENUM_EVENT_SPEAKERS_CHANGED   "speakers.changed"
#define PLENUM_EVENT_ATTENDANCE_CHANGED "attendance.changed"

/* ---- Position: { meeting_id, item_id, document_id, page, revision, updated_at } ---- */

#define PLENUM_TYPE_POSITION (plenum_position_get_type ())
G_DECLARE_FINAL_TYPE (PlenumPosition, plenum_position, PLENUM, POSITION, GObject)

/* Strict. item_id, document_id, page and updated_at are required keys and may be null
 * (before the chair's first move every one of them is null and revision is 0); a page
 * without a document_id is refused. */
PlenumPosition *plenum_position_new_from_json    (const cJSON    *node,
                                                  const char     *where,
                                                  GError        **error);
cJSON          *plenum_position_to_json          (PlenumPosition *self);
const char     *plenum_position_get_meeting_id   (PlenumPosition *self);
/* NULL before the chair's first move. */
const char     *plenum_position_get_item_id      (PlenumPosition *self);
/* NULL when the chair shows no document. */
const char     *plenum_position_get_document_id  (PlenumPosition *self);
/* From 0; -1 when the chair shows no page. */
gint            plenum_position_get_page         (PlenumPosition *self);
gint64          plenum_position_get_revision     (PlenumPosition *self);
/* NULL before the first move. */
GDateTime      *plenum_position_get_updated_at   (PlenumPosition *self);

/* ---- SpeakerQueue: { meeting_id, revision, floor, queue } ---- */

#define PLENUM_TYPE_SPEAKER (plenum_speaker_get_type ())
G_DECLARE_FINAL_TYPE (PlenumSpeaker, plenum_speaker, PLENUM, SPEAKER, GObject)

const char     *plenum_speaker_get_account_id    (PlenumSpeaker  *self);
const char     *plenum_speaker_get_display_name  (PlenumSpeaker  *self);
/* In the queue: from 1; the one who has the floor: 0. */
guint           plenum_speaker_get_position      (PlenumSpeaker  *self);
/* asked_at in the queue, since for the floor. */
GDateTime      *plenum_speaker_get_time          (PlenumSpeaker  *self);

#define PLENUM_TYPE_SPEAKER_QUEUE (plenum_speaker_queue_get_type ())
G_DECLARE_FINAL_TYPE (PlenumSpeakerQueue, plenum_speaker_queue, PLENUM, SPEAKER_QUEUE, GObject)

PlenumSpeakerQueue *plenum_speaker_queue_new_from_json (const cJSON  *node,
                                                        const char   *where,
                                                        GError      **error);
cJSON          *plenum_speaker_queue_to_json     (PlenumSpeakerQueue *self);
const char     *plenum_speaker_queue_get_meeting_id (PlenumSpeakerQueue *self);
gint64          plenum_speaker_queue_get_revision (PlenumSpeakerQueue *self);
/* The one who has the floor, or NULL. */
PlenumSpeaker  *plenum_speaker_queue_get_floor   (PlenumSpeakerQueue *self);
/* Those waiting, in order; a GPtrArray of PlenumSpeaker owned by the queue. */
GPtrArray      *plenum_speaker_queue_get_waiting (PlenumSpeakerQueue *self);
/* @account_id's place: 0 when they have the floor, 1… when waiting, -1 when neither. */
gint            plenum_speaker_queue_find        (PlenumSpeakerQueue *self,
                                                  const char         *account_id);

/* ---- Quorum: { meeting_id, members, present, required, met } ---- */

#define PLENUM_TYPE_QUORUM (plenum_quorum_get_type ())
G_DECLARE_FINAL_TYPE (PlenumQuorum, plenum_quorum, PLENUM, QUORUM, GObject)

PlenumQuorum   *plenum_quorum_new_from_json      (const cJSON    *node,
                                                  const char     *where,
                                                  GError        **error);
cJSON          *plenum_quorum_to_json            (PlenumQuorum   *self);
const char     *plenum_quorum_get_meeting_id     (PlenumQuorum   *self);
guint           plenum_quorum_get_members        (PlenumQuorum   *self);
guint           plenum_quorum_get_present        (PlenumQuorum   *self);
guint           plenum_quorum_get_required       (PlenumQuorum   *self);
gboolean        plenum_quorum_get_met            (PlenumQuorum   *self);

G_END_DECLS
