/* plenum-readiness-board.h — the committee office's readiness board (issue #8): every
 * terminal, grouped by room, with its seat name, its last contact with the server ("2
 * minutes ago", "never") and how much of one meeting's packet it holds ("12 of 12
 * documents · ready", "7 of 12 documents · 60 %", "no report yet", "revoked"), and a
 * summary line "9 of 12 terminals ready". Everything in words, not colour alone.
 *
 * It reads GET /api/v1/terminals through the sync engine
 * (plenum_sync_engine_list_terminals_async(), the signed-in secretary's token) when it
 * is mapped, on board.refresh (the 48 px refresh button) and every 30 s while it is
 * mapped (one timer, removed when it is unmapped or disposed). When the server cannot be
 * reached it keeps the last board it had and says "Could not reach the server: showing
 * the board of 10:02".
 *
 * The readiness reports do not say who is signed in on a terminal, so no member is
 * shown (docs/protocol.md, "Readiness").
 *
 * Actions:
 *   board.refresh    reads the list again now
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/plenum-terminal-info.h"
#include "sync/plenum-sync-engine.h"

G_BEGIN_DECLS

#define PLENUM_READINESS_BOARD_INTERVAL_MS 30000

#define PLENUM_TYPE_READINESS_BOARD (plenum_readiness_board_get_type ())

G_DECLARE_FINAL_TYPE (PlenumReadinessBoard, plenum_readiness_board, PLENUM, READINESS_BOARD,
                      GtkWidget)

/* The board of @meeting_id's packet (a UUID), read through @engine. */
GtkWidget  *plenum_readiness_board_new               (PlenumSyncEngine     *engine,
                                                      const char           *meeting_id);

const char *plenum_readiness_board_get_meeting_id    (PlenumReadinessBoard *self);

/* The summary line as shown ("9 of 12 terminals ready"; "" before the first answer). */
const char *plenum_readiness_board_get_summary_text  (PlenumReadinessBoard *self);
/* The notice under it ("Could not reach the server: showing the board of 10:02", or the
 * server's refusal in words; "" when the last read succeeded). */
const char *plenum_readiness_board_get_notice_text   (PlenumReadinessBoard *self);
/* The row (an AdwActionRow) of the terminal @terminal_id, or NULL. Its title is the seat
 * name, its subtitle the last contact, and its suffix label the packet's progress. */
GtkWidget  *plenum_readiness_board_get_row           (PlenumReadinessBoard *self,
                                                      const char           *terminal_id);
/* The progress text of that row as shown, or NULL when there is no such row. */
const char *plenum_readiness_board_get_progress_text (PlenumReadinessBoard *self,
                                                      const char           *terminal_id);
/* How many answers (or failures) the board has had: tests wait for the next one. */
guint       plenum_readiness_board_get_n_reads       (PlenumReadinessBoard *self);

/* How often the board reads the list while mapped (default
 * PLENUM_READINESS_BOARD_INTERVAL_MS); tests shorten it. */
void        plenum_readiness_board_set_interval      (PlenumReadinessBoard *self,
                                                      guint                 milliseconds);

/* The words of a row, for the board and for tests. Free with g_free().
 * "just now", "5 minutes ago", "3 hours ago", "27 Nov, 10:02", or "never" (NULL
 * @last_seen); @now is the time to count from. */
char       *plenum_readiness_board_format_last_seen  (GDateTime            *last_seen,
                                                      GDateTime            *now);
/* "12 of 12 documents · ready", "7 of 12 documents · 60 %" (by bytes), "revoked", "no
 * report yet", "nothing reported for this meeting". */
char       *plenum_readiness_board_format_progress   (PlenumTerminalInfo   *terminal,
                                                      const char           *meeting_id);
/* Whether @terminal holds all of @meeting_id's packet (and is not revoked). */
gboolean    plenum_readiness_board_is_ready          (PlenumTerminalInfo   *terminal,
                                                      const char           *meeting_id);

G_END_DECLS
