/* plenum-test-http.h — what the server tests that speak HTTP with libsoup share: a
 * request and its answer (status, bytes, parsed JSON), status and error-code checks,
 * typed JSON getters that assert, and signing in.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "core/plenum-json.h"

G_BEGIN_DECLS

typedef struct {
  guint   status;
  GBytes *body;
  cJSON  *json;    /* NULL for an empty body */
} PlenumTestReply;

void             plenum_test_reply_free      (PlenumTestReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumTestReply, plenum_test_reply_free)

/* Sends @method @path (below @url) through @session and waits for the answer; @json (may
 * be NULL) as an application/json body. @authorization: a token (sent as Bearer), or a
 * whole "Terminal …" header value, or NULL. A body that is there must be strict JSON. */
PlenumTestReply *plenum_test_request            (SoupSession *session,
                                              const char  *url,
                                              const char  *method,
                                              const char  *path,
                                              const char  *authorization,
                                              const char  *json);

/* Asserts the status (showing the answer in the test log when it is another). */
void             plenum_test_assert_status   (PlenumTestReply *reply,
                                              guint            status);
/* Asserts the status and the protocol error's code; returns its message. */
const char      *plenum_test_error_message   (PlenumTestReply *reply,
                                              guint            status,
                                              const char      *code);

/* Member @key of @object, asserted to be of the type. */
const char      *plenum_test_json_get_string     (const cJSON *object,
                                              const char  *key);
gint64           plenum_test_json_get_int        (const cJSON *object,
                                              const char  *key);
gboolean         plenum_test_json_get_bool       (const cJSON *object,
                                              const char  *key);

/* POST /api/v1/session as @name with @pin from @terminal_id; asserts 201. Returns the
 * token; *@account_id (may be NULL) gets the account's id. */
char            *plenum_test_sign_in         (SoupSession *session,
                                              const char  *url,
                                              const char  *name,
                                              const char  *pin,
                                              const char  *terminal_id,
                                              char       **account_id);

G_END_DECLS
