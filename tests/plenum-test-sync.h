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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumTestSecretary, plenum_test_secretary_free)

G_END_DECLS
