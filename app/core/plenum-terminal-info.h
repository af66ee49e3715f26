/* plenum-terminal-info.h — one terminal as the secretariat sees it (docs/protocol.md,
 * "Listing and revoking terminals" and "Readiness"): its seat name and room, when it
 * last reached the server, whether it was revoked, and its latest readiness report
 * (per meeting: packet version, documents and bytes held of the total).
 *
 * Read strictly from the answer of GET /api/v1/terminals with the plenum-json getters:
 * unknown keys, wrong types, counts out of range (a done count above its total) and
 * malformed ids or times are refused, so the readiness board never shows a guess.
 * Immutable once read.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "plenum-json.h"

G_BEGIN_DECLS

/* The most terminals one answer may list (a large parliament has a few hundred seats
 * over several rooms; the limit only stops a runaway answer). */
#define PLENUM_TERMINALS_MAX 10000

#define PLENUM_TYPE_TERMINAL_INFO (plenum_terminal_info_get_type ())
G_DECLARE_FINAL_TYPE (PlenumTerminalInfo, plenum_terminal_info, PLENUM, TERMINAL_INFO, GObject)

/* One terminal of the list; @where names it in errors. */
PlenumTerminalInfo *plenum_terminal_info_new_from_json  (const cJSON         *node,
                                                         const char          *where,
                                                         GError             **error);
/* The whole answer {"terminals": [...]} (@length bytes, or NUL-terminated when -1): a
 * new GPtrArray of PlenumTerminalInfo in the server's order (room name, then seat
 * name), or NULL with @error set (PLENUM_JSON_ERROR). */
GPtrArray          *plenum_terminal_info_parse_list     (const char          *data,
                                                         gssize               length,
                                                         GError             **error);

const char         *plenum_terminal_info_get_id         (PlenumTerminalInfo  *self);
const char         *plenum_terminal_info_get_name       (PlenumTerminalInfo  *self);
const char         *plenum_terminal_info_get_room_id    (PlenumTerminalInfo  *self);
const char         *plenum_terminal_info_get_room_name  (PlenumTerminalInfo  *self);
GDateTime          *plenum_terminal_info_get_enrolled_at (PlenumTerminalInfo *self);
/* NULL when the terminal has never made a request with its credential. */
GDateTime          *plenum_terminal_info_get_last_seen  (PlenumTerminalInfo  *self);
gboolean            plenum_terminal_info_get_revoked    (PlenumTerminalInfo  *self);
/* FALSE when the terminal has not reported yet ("status": null). */
/* When the secretariat asked for a wipe (NULL: it did not), and when the terminal
 * confirmed it (NULL: not yet). */
GDateTime          *plenum_terminal_info_get_wipe_requested_at (PlenumTerminalInfo *self);
GDateTime          *plenum_terminal_info_get_wiped_at   (PlenumTerminalInfo  *self);
/* The display name of the member signed in on the terminal now, or NULL. */
const char         *plenum_terminal_info_get_signed_in  (PlenumTerminalInfo  *self);
gboolean            plenum_terminal_info_has_report     (PlenumTerminalInfo  *self);
/* The report's times (NULL without a report). */
GDateTime          *plenum_terminal_info_get_reported_at (PlenumTerminalInfo *self);
GDateTime          *plenum_terminal_info_get_received_at (PlenumTerminalInfo *self);
/* What the latest report says of @meeting_id: FALSE when there is no report or it does
 * not name the meeting. Any out pointer may be NULL. */
gboolean            plenum_terminal_info_get_progress   (PlenumTerminalInfo  *self,
                                                         const char          *meeting_id,
                                                         gint64              *packet_version,
                                                         guint64             *documents_total,
                                                         guint64             *documents_done,
                                                         guint64             *bytes_total,
                                                         guint64             *bytes_done);

G_END_DECLS
