/* plenum-test-sync.h — what the sync, fault and outbox tests share: the secretariat's
 * side over plain HTTP (libsoup, straight to the server), and small valid PDFs to
 * publish.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "core/plenum-core.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "store/plenum-store.h"
#include "sync/plenum-sync-engine.h"

G_BEGIN_DECLS

/**
 * PlenumTestSecretary:
 * @url: the server's base URL
 * @token: the secretary's bearer token
 * @body_id: the demo meeting's body, for new meetings
 * @chair_id: the demo meeting's chair
 * @vice_chair_id: the demo meeting's vice chair, or %NULL
 * @sha256: free for the test's own use (freed with the secretary), %NULL at first
 *
 * A secretary signed in over plain HTTP.
 */
typedef struct {
  char *url;
  char *token;
  char *body_id;
  char *chair_id;
  char *vice_chair_id;
  char *sha256;
} PlenumTestSecretary;

/* Sends @body (may be %NULL) with @token as bearer (may be %NULL); asserts that an
 * answer came; returns its body and sets @status. */
GBytes              *plenum_test_http                (SoupSession         *session,
                                                      const char          *method,
                                                      const char          *url,
                                                      const char          *token,
                                                      const char          *content_type,
                                                      GBytes              *body,
                                                      guint               *status);
/* Sends @json (may be %NULL); asserts @expected_status and a JSON answer. */
cJSON               *plenum_test_http_json           (SoupSession         *session,
                                                      const char          *method,
                                                      const char          *url,
                                                      const char          *token,
                                                      const char          *json,
                                                      guint                expected_status);
/* As plenum_test_http_json(), but an empty answer gives %NULL. */
cJSON               *plenum_test_http_json_or_null   (SoupSession         *session,
                                                      const char          *method,
                                                      const char          *url,
                                                      const char          *token,
                                                      const char          *json,
                                                      guint                expected_status);
/* The string member @key of @object, or %NULL. */
const char          *plenum_test_json_string         (const cJSON         *object,
                                                      const char          *key);

/* Signs @name in at @url from @terminal_id and reads the demo meeting's body and chair. */
PlenumTestSecretary *plenum_test_secretary_new       (SoupSession         *session,
                                                      const char          *name,
                                                      const char          *pin,
                                                      const char          *terminal_id,
                                                      const char          *url);
void                 plenum_test_secretary_free      (PlenumTestSecretary *s);
/* Uploads @pdf (PUT /api/v1/blobs/{sha256}, asserting 201); returns its hash. */
char                *plenum_test_secretary_upload    (SoupSession         *session,
                                                      PlenumTestSecretary *s,
                                                      GBytes              *pdf);
/* Publishes a packet for @meeting_id (PUT /api/v1/meetings/{id}/packet, creating the
 * meeting the first time, asserting 200) with one agenda item holding the documents
 * @hashes (NULL-terminated), two days from now. */
void                 plenum_test_secretary_publish   (SoupSession         *session,
                                                      PlenumTestSecretary *s,
                                                      const char          *meeting_id,
                                                      const char          *title,
                                                      const char * const  *hashes);

/* A small valid one-page PDF whose content stream is padded with comments to about
 * @size bytes (0: no padding); @label makes its bytes (and so its hash) unique. */
GBytes              *plenum_test_make_pdf            (const char          *label,
                                                      gsize                size);

/* A GAsyncReadyCallback that stores a reference to its result in *(GAsyncResult **)
 * @user_data; plenum_test_have_result() is the matching wait condition. */
void                 plenum_test_got_result_cb       (GObject             *source_object,
                                                      GAsyncResult        *result,
                                                      gpointer             user_data);
gboolean             plenum_test_have_result         (gpointer             user_data);
/* Signs @name in through @engine, waiting up to @wait_ms: the member, or %NULL with
 * @error set. */
PlenumMember        *plenum_test_engine_sign_in      (PlenumSyncEngine    *engine,
                                                      const char          *name,
                                                      const char          *pin,
                                                      guint                wait_ms,
                                                      GError             **error);
/* The same, asserting that @name is signed in. */
void                 plenum_test_engine_sign_in_ok   (PlenumSyncEngine    *engine,
                                                      const char          *name,
                                                      const char          *pin,
                                                      guint                wait_ms);
/* A wait condition: *(gpointer *) @user_data is %NULL. */
gboolean             plenum_test_pointer_is_null     (gpointer             user_data);
/* Opens the client store in @data_dir, waiting up to @wait_ms; asserts success. */
PlenumStore         *plenum_test_open_store          (const char          *data_dir,
                                                      guint                wait_ms);
/* The port of @url (asserted > 0). */
guint16              plenum_test_url_port            (const char          *url);
/* Checks one blob file: it is named @sha256 and its bytes hash (computed here, with GLib)
 * to that name. */
void                 plenum_test_assert_blob_file    (const char          *path,
                                                      const char          *sha256);

/* ---- one demo server and one HTTP session per test program ---- */

/* The program's `plenum-server --demo`, started on first use (a test may stop it: its
 * URL then stays that of a server gone away). */
PlenumTestServer    *plenum_test_demo_server         (void);
const char          *plenum_test_demo_url            (void);
/* The program's HTTP session, made on first use. */
SoupSession         *plenum_test_session             (void);
/* g_test_run(), then stops the demo server (if one was started) and drops the session:
 * the end of a test program's main(). */
int                  plenum_test_sync_run            (void);

/* ---- a terminal without a window: a store and a sync engine ---- */

/* The delays the tests give an engine: offline after this long without an answer, and
 * reconnecting after this long at first, backing off to the maximum. */
#define PLENUM_TEST_OFFLINE_DELAY_MS 200
#define PLENUM_TEST_RECONNECT_MIN_MS 20
#define PLENUM_TEST_RECONNECT_MAX_MS 200

/* plenum_sync_engine_new(), trusting the shared test CA when the test's servers serve
 * HTTPS (plenum_test_tls_enabled()); the engine's own delays. */
PlenumSyncEngine    *plenum_test_sync_engine_new     (PlenumStore         *store,
                                                      const char          *url,
                                                      GError             **error);
/* A sync engine over @store to @url (may be %NULL: not enrolled) with the test delays
 * (and the test CA, as plenum_test_sync_engine_new()). */
PlenumSyncEngine    *plenum_test_engine_new          (PlenumStore         *store,
                                                      const char          *url);
/* Drops @engine (after disconnecting the handlers connected with @data, when not
 * %NULL) and waits up to @wait_ms until it is finalized (asserted: nothing kept it), then
 * the same for @store: closed, its queued writes done and its thread joined, so that
 * its folder can be opened again. */
void                 plenum_test_engine_close        (PlenumSyncEngine    *engine,
                                                      PlenumStore         *store,
                                                      gpointer             data,
                                                      guint                wait_ms);
/* The id of the account signed in on @engine (asserted). */
const char          *plenum_test_engine_account_id   (PlenumSyncEngine    *engine);
/* Waits up to @wait_ms until @engine holds @meeting_id with its agenda and its live
 * state (position, speakers, quorum). */
void                 plenum_test_wait_live_state     (PlenumSyncEngine    *engine,
                                                      const char          *meeting_id,
                                                      guint                wait_ms);
/* TRUE when @store describes @vote_id of @meeting_id in @state; when @account_id's
 * ballot in @vote_id is in @state. Conditions to wait on, as below. */
gboolean             plenum_test_vote_is             (PlenumStore         *store,
                                                      const char          *meeting_id,
                                                      const char          *vote_id,
                                                      PlenumVoteState      state);
gboolean             plenum_test_ballot_is           (PlenumStore         *store,
                                                      const char          *account_id,
                                                      const char          *vote_id,
                                                      PlenumBallotState    state);
/* Waits up to @wait_ms until @store describes @vote_id of @meeting_id in @state. */
void                 plenum_test_wait_vote           (PlenumStore         *store,
                                                      const char          *meeting_id,
                                                      const char          *vote_id,
                                                      PlenumVoteState      state,
                                                      guint                wait_ms);
/* Waits up to @wait_ms until @account_id's ballot in @vote_id is in @state in @store. */
void                 plenum_test_wait_ballot         (PlenumStore         *store,
                                                      const char          *account_id,
                                                      const char          *vote_id,
                                                      PlenumBallotState    state,
                                                      guint                wait_ms);

/* ---- a published meeting and its chair's actions over HTTP ---- */

/**
 * PlenumTestMeeting:
 * @secretary: the secretary who published it (its @sha256: the document's hash)
 * @chair: the demo meeting's chair signed in over HTTP (its url and token)
 * @meeting_id: the new meeting, of the demo body, two days from now
 * @item_id: its one agenda item
 * @document_id: the item's one one-page document
 */
typedef struct {
  PlenumTestSecretary *secretary;
  PlenumTestSecretary *chair;
  char                *meeting_id;
  char                *item_id;
  char                *document_id;
} PlenumTestMeeting;

/* Publishes a new meeting titled @title at @url (the demo server) as the demo's
 * secretary and reads its ids as the demo's chair. */
PlenumTestMeeting   *plenum_test_meeting_new         (SoupSession         *session,
                                                      const char          *url,
                                                      const char          *title);
void                 plenum_test_meeting_free        (PlenumTestMeeting   *meeting);
/* The chair opens a vote on the item (@fields: the JSON members after "title", without
 * braces), asserting 201; returns its id. */
char                *plenum_test_chair_open_vote     (SoupSession         *session,
                                                      PlenumTestMeeting   *meeting,
                                                      const char          *title,
                                                      const char          *fields);
/* The chair closes (@verb "close") or annuls ("annul") @vote_id, asserting 200; returns
 * the Vote the server answered. */
cJSON               *plenum_test_chair_end_vote      (SoupSession         *session,
                                                      PlenumTestMeeting   *meeting,
                                                      const char          *vote_id,
                                                      const char          *verb);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumTestSecretary, plenum_test_secretary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumTestMeeting, plenum_test_meeting_free)

G_END_DECLS
