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

/* A new SoupSession for the test's own requests; it trusts the shared test CA when the
 * test's servers serve HTTPS (plenum_test_tls_enabled()). @first_property, ...: more
 * properties, as soup_session_new_with_options() takes them (NULL-terminated). */
SoupSession     *plenum_test_soup_session_new (const char *first_property,
                                              ...);

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

/* Enrols a terminal for a seat called @seat_name in @room (the secretariat's @secretary
 * token) and redeems it as @terminal_id; asserts 201 twice. Returns the whole
 * Authorization value, "Terminal CREDENTIAL". */
char            *plenum_test_enrol_terminal  (SoupSession *session,
                                              const char  *url,
                                              const char  *secretary,
                                              const char  *room,
                                              const char  *seat_name,
                                              const char  *terminal_id);

/* An event stream (GET /api/v1/events) read as it comes, on the thread-default main
 * context; every wait has a deadline. */
typedef struct {
  SoupMessage  *msg;
  GInputStream *stream;
  GCancellable *cancellable;
  GString      *text;     /* everything received */
  gboolean      opened;
  gboolean      busy;     /* a send or read is in flight */
  gboolean      eof;      /* the server ended it, or it failed */
} PlenumTestStream;

/* Opens /api/v1/events@query (@query: "" or "?after=0"…) with @authorization as
 * plenum_test_request() takes it (or a whole "Bearer …" value); asserts 200. */
PlenumTestStream *plenum_test_stream_open       (SoupSession      *session,
                                                 const char       *url,
                                                 const char       *authorization,
                                                 const char       *query);

/* Cancels, waits for the reads to stop, and frees. */
void              plenum_test_stream_close      (PlenumTestStream *stream);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumTestStream, plenum_test_stream_close)

/* Every whole event of @type received so far, parsed. */
GPtrArray        *plenum_test_stream_events     (PlenumTestStream *stream,
                                                 const char       *type);

/* Waits for the @n-th event of @type (asserted) and returns its "data" member. */
cJSON            *plenum_test_stream_wait_event (PlenumTestStream *stream,
                                                 const char       *type,
                                                 guint             n);

/* Waits until @text has come (asserted). */
void              plenum_test_stream_wait_text  (PlenumTestStream *stream,
                                                 const char       *text);

/* Waits until the server ends the stream (asserted). */
void              plenum_test_stream_wait_end   (PlenumTestStream *stream);

G_END_DECLS
