/* plenum-server-private.h — plenum-server.c's answers and request helpers, for the
 * request handlers that live in other files (plenum-server-opinions.c), so that every
 * endpoint answers in the same shape and keys its idempotency records alike.
 *
 * Threading: the main thread only, like every request handler.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cjson/cJSON.h>
#include <libsoup/soup.h>

#include "plenum-server.h"
#include "plenum-server-blobs.h"
#include "plenum-server-db.h"
#include "plenum-server-events.h"

G_BEGIN_DECLS

/* Answers @status with @text (JSON, taken). */
void          plenum_server_respond_json_text          (SoupServerMessage *msg,
                                                        guint              status,
                                                        char              *text);

/* Answers the protocol's error shape: { "error": { "code": @code, "message": … } }. */
void          plenum_server_respond_error              (SoupServerMessage *msg,
                                                        guint              status,
                                                        const char        *code,
                                                        const char        *format,
                                                        ...) G_GNUC_PRINTF (4, 5);

/* 400 "bad_request" with @error's message (bad input). */
void          plenum_server_respond_bad_request        (SoupServerMessage *msg,
                                                        const GError      *error);

/* Answers a refusal of the database (PLENUM_SERVER_DB_ERROR) with its status and code
 * and its message; anything else is 500 "internal", the details going to the log only. */
void          plenum_server_respond_db_error           (SoupServerMessage *msg,
                                                        const GError      *error);

/* 405 with an Allow header of @allowed ("GET, HEAD, POST"). */
void          plenum_server_respond_method_not_allowed (SoupServerMessage *msg,
                                                        const char        *allowed);

/* Publishes the events of an applied (or replayed) operation on @hub and answers its
 * stored response; clears @result. */
void          plenum_server_respond_operation          (PlenumEventHub              *hub,
                                                        SoupServerMessage           *msg,
                                                        PlenumServerOperationResult *result);

/* The socket under a connection's stream: a GSocketConnection, a TLS connection over
 * one, or libsoup's wrapper of either (SoupIOStream, "base-iostream"); NULL if none.
 * Unowned: @stream holds it. */
GSocket      *plenum_server_stream_get_socket          (GIOStream *stream);

gboolean      plenum_server_method_is                  (SoupServerMessage *msg,
                                                        const char        *method);

/* The request body as strict JSON (an object), or NULL having answered 400. */
cJSON        *plenum_server_read_json_body             (SoupServerMessage *msg);

/* The idempotency key of a request: method, path and the body re-serialised. */
char         *plenum_server_request_hash               (SoupServerMessage *msg,
                                                        const cJSON       *body);

/* The server's parts, for the handlers in the other files (plenum-server-record.c,
 * plenum-server-revisions.c, plenum-server-access.c). */
PlenumServerDb             *plenum_server_get_db       (PlenumServer *self);
PlenumBlobStore            *plenum_server_get_blobs    (PlenumServer *self);
const PlenumServerSettings *plenum_server_get_settings (PlenumServer *self);

/* The caller, or NULL having answered 401 (or 403, or 500). "Authorization: Bearer
 * TOKEN" gives a member or the secretariat; "Authorization: Terminal CREDENTIAL" an
 * enrolled terminal, accepted only with @allow_terminal. @token_hash (may be NULL) gets
 * the hash of the token or credential. */
PlenumServerAccount        *plenum_server_authenticate (PlenumServer      *self,
                                                        SoupServerMessage *msg,
                                                        guint8             token_hash[32],
                                                        gboolean           allow_terminal);
/* The secretariat's account, or NULL having answered (401, or 403 "Only the
 * secretariat @what."). */
PlenumServerAccount        *plenum_server_authenticate_secretary (PlenumServer      *self,
                                                                  SoupServerMessage *msg,
                                                                  const char        *what);
/* For the secretariat only (as plenum_server_authenticate_secretary()): the account
 * whose sign-in name is @name, or NULL having answered (404 "No such account." for a
 * name that is not one, or unknown). */
PlenumServerAccount        *plenum_server_account_by_name (PlenumServer      *self,
                                                           SoupServerMessage *msg,
                                                           const char        *name,
                                                           const char        *what);
/* TRUE for the secretariat; else answers 403 "Only the secretariat @what." */
gboolean                    plenum_server_require_secretary (SoupServerMessage         *msg,
                                                             const PlenumServerAccount *account,
                                                             const char                *what);

/* The routers of the other files: TRUE when the request was theirs (and answered).
 * @parts are the path's segments after /api/v1/. */
gboolean plenum_server_route_record    (PlenumServer      *self,
                                        SoupServerMessage *msg,
                                        char             **parts,
                                        guint              n_parts,
                                        GHashTable        *query);
gboolean plenum_server_route_revisions (PlenumServer      *self,
                                        SoupServerMessage *msg,
                                        char             **parts,
                                        guint              n_parts,
                                        GHashTable        *query);
gboolean plenum_server_route_access    (PlenumServer      *self,
                                        SoupServerMessage *msg,
                                        char             **parts,
                                        guint              n_parts,
                                        GHashTable        *query);

G_END_DECLS
