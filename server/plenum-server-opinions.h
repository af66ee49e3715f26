/* plenum-server-opinions.h — opinion rounds ("xin ý kiến"): the secretariat or a
 * meeting's chair asks the members of its body for their opinion on one document before
 * a deadline; each member answers agree / agree with comments / disagree, with text and
 * comments pinned to pages. See docs/protocol.md, "Opinion rounds".
 *
 * The handlers and their database functions live together here; plenum-server.c
 * routes to plenum_server_route_opinions() and lends its authentication, and its answers
 * (plenum-server-private.h).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "plenum-server-db.h"
#include "plenum-server-events.h"

G_BEGIN_DECLS

#define PLENUM_OPINIONS_ERROR (plenum_opinions_error_quark ())

/* Beside PLENUM_SERVER_DB_ERROR's codes, which the rest of the refusals use. */
typedef enum {
  PLENUM_OPINIONS_ERROR_ROUND_CLOSED, /* the round closed (or its deadline passed) */
} PlenumOpinionsError;

GQuark plenum_opinions_error_quark (void);

/* Limits (characters, not bytes). */
#define PLENUM_OPINION_TITLE_MAX_CHARS   200
#define PLENUM_OPINION_TEXT_MAX_CHARS    10000
#define PLENUM_OPINION_COMMENT_MAX_CHARS 2000
#define PLENUM_OPINION_MAX_COMMENTS      200

/* The caller of @msg, or NULL having answered 401 or 403 (a terminal credential when
 * @allow_terminal is FALSE). */
typedef PlenumServerAccount *(*PlenumOpinionsAuthFunc) (SoupServerMessage *msg,
                                                        gboolean           allow_terminal,
                                                        gpointer           user_data);

/* What the handlers need of the server. */
typedef struct {
  PlenumServerDb         *db;
  PlenumEventHub         *hub;
  guint                   event_retention;
  PlenumOpinionsAuthFunc  authenticate;
  gpointer                user_data;
} PlenumOpinionsContext;

/* meetings/{id}/opinion-rounds…: TRUE when @parts (the path below /api/v1/) named one of
 * them, and it was answered. */
gboolean  plenum_server_route_opinions       (const PlenumOpinionsContext *context,
                                              SoupServerMessage           *msg,
                                              char                       **parts,
                                              guint                        n_parts);

/* The database side, for the handlers and for tests and the demo. Every write runs in
 * one transaction with its idempotency record and its event (result->event), like the
 * votes': NOT_FOUND for a meeting @account may not see, or no such round or document in
 * it; FORBIDDEN when the role does not allow it (a terminal never writes); INVALID when
 * the input does not fit (a page past the document's end, a deadline not in the future);
 * PLENUM_SERVER_DB_ERROR_CLOSED when opening in a closed meeting; ROUND_CLOSED (above)
 * when answering or closing a round that is closed; CONFLICT: the operation id was used
 * for another request. @now is Unix seconds. */

/* The secretariat or the meeting's chair opens a round on @document_id (a document of
 * the meeting) until @deadline (Unix seconds, after @now). result->response is the Round
 * (status 201). */
gboolean  plenum_server_db_open_opinion_round (PlenumServerDb              *db,
                                               const char                  *meeting_id,
                                               const char                  *document_id,
                                               const char                  *title,
                                               gint64                       deadline,
                                               const PlenumServerAccount   *account,
                                               const char                  *operation_id,
                                               const char                  *request_hash,
                                               gint64                       now,
                                               guint                        retention,
                                               PlenumServerOperationResult *result,
                                               GError                     **error);

/* A comment pinned to a page (from 0). */
typedef struct {
  gint64      page;
  const char *text;
} PlenumOpinionComment;

/* A member of the meeting's body answers (or replaces their answer) while the round is
 * open. @stance is "agree", "agree_with_comments" or "disagree"; @text may be "".
 * result->response is the Answer. */
gboolean  plenum_server_db_answer_opinion     (PlenumServerDb              *db,
                                               const char                  *meeting_id,
                                               const char                  *round_id,
                                               const char                  *stance,
                                               const char                  *text,
                                               const PlenumOpinionComment  *comments,
                                               guint                        n_comments,
                                               const PlenumServerAccount   *account,
                                               const char                  *operation_id,
                                               const char                  *request_hash,
                                               gint64                       now,
                                               guint                        retention,
                                               PlenumServerOperationResult *result,
                                               GError                     **error);

/* The secretariat or the chair closes an open round before its deadline. */
gboolean  plenum_server_db_close_opinion_round (PlenumServerDb              *db,
                                                const char                  *meeting_id,
                                                const char                  *round_id,
                                                const PlenumServerAccount   *account,
                                                const char                  *operation_id,
                                                const char                  *request_hash,
                                                gint64                       now,
                                                guint                        retention,
                                                PlenumServerOperationResult *result,
                                                GError                     **error);

/* { meeting_id, rounds: [ Round… ] } as @account may see them at @now: the member's own
 * answer ("mine"), everyone's ("answers", "missing") for the secretariat and the chair,
 * neither for a terminal. */
cJSON    *plenum_server_db_opinion_rounds_json (PlenumServerDb            *db,
                                                const char                *meeting_id,
                                                const PlenumServerAccount *account,
                                                gint64                     now,
                                                GError                   **error);

/* The demo's round: on @document_id of @meeting_id, opened by @secretary_id at @now with
 * @deadline, unless the meeting has a round already. Without an event or idempotency
 * record: it is seeded data, like the demo's packet. */
gboolean  plenum_server_db_seed_opinion_round  (PlenumServerDb  *db,
                                                const char      *meeting_id,
                                                const char      *document_id,
                                                const char      *title,
                                                const char      *secretary_id,
                                                gint64           now,
                                                gint64           deadline,
                                                GError         **error);

G_END_DECLS
