/* plenum-sync-engine.h — the one sync engine of a terminal.
 *
 * It signs a member in (online against the server, or offline against the verifier the
 * store keeps for members who signed in on this terminal before), pulls the member's
 * meetings and every blob of their packets into the store in the background (several
 * transfers at once, resumable, SHA-256 verified by the blob store), follows the event
 * stream and refetches on `packet.published` / `meeting.updated`, and says whether the
 * terminal is online, and since when it is offline.
 *
 * Data flows one way: server → sync → store → signals → UI. The UI reads meetings and
 * documents through this object (which reads the store) and never waits for the network
 * to show what is cached.
 *
 * Threading: one thread — the one whose thread-default main context was current at
 * construction. Network I/O runs on that context through net/; SQLite writes and fsyncs
 * run on the store's writer thread.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/plenum-document.h"
#include "core/plenum-live.h"
#include "core/plenum-meeting.h"
#include "core/plenum-member.h"
#include "store/plenum-store.h"

G_BEGIN_DECLS

#define PLENUM_SYNC_ERROR (plenum_sync_error_quark ())

typedef enum {
  PLENUM_SYNC_ERROR_WRONG_CREDENTIALS, /* wrong name or PIN (online or offline; the two
                                        * are never told apart) */
  PLENUM_SYNC_ERROR_TOO_MANY_ATTEMPTS, /* the server locked the name for a while */
  PLENUM_SYNC_ERROR_UNREACHABLE,       /* the server cannot be reached and this member
                                        * has never signed in on this terminal */
  PLENUM_SYNC_ERROR_NO_SERVER,         /* no server address is configured */
  PLENUM_SYNC_ERROR_SERVER,            /* the server answered with an error or with
                                        * something malformed; cached data is untouched */
  PLENUM_SYNC_ERROR_STORAGE,           /* the local store failed (disk full, …) */
  PLENUM_SYNC_ERROR_SIGNED_OUT,        /* the action needs a signed-in member */
  PLENUM_SYNC_ERROR_SESSION_EXPIRED,   /* (sync-error) the server no longer accepts the
                                        * member's token (expired or signed out
                                        * elsewhere): syncing stopped, cached data stays;
                                        * the member must sign in again */
  PLENUM_SYNC_ERROR_ENROLMENT_INVALID, /* the enrolment code is unknown, used or expired */
  PLENUM_SYNC_ERROR_TERMINAL_REVOKED,  /* (sync-error) the committee office revoked this
                                        * terminal: syncing with its credential stopped,
                                        * the credential is forgotten, cached packets
                                        * stay; members may still sign in */
  PLENUM_SYNC_ERROR_DISK_FULL,         /* (sync-error) the terminal's storage is full: a
                                        * download or a save stopped, everything stored
                                        * before is intact; tried again later */
  PLENUM_SYNC_ERROR_REFUSED,           /* the server refused a direct request (4xx) with
                                        * its reason (plenum_sync_engine_send_finish()) */
  PLENUM_SYNC_ERROR_TERMINAL_WIPED,    /* (sync-error) the committee office had this
                                        * terminal erased: every packet, mark, unsent
                                        * change and remembered sign-in is gone, and so is
                                        * the credential; it must be enrolled again */
  PLENUM_SYNC_ERROR_DOCUMENT_LOCKED,   /* a confidential document is locked: the terminal
                                        * has not reached the server for longer than the
                                        * body's lease (for the GUI's refusal to open) */
} PlenumSyncError;

/* The state of one document's blob on this terminal. */
typedef enum {
  PLENUM_DOCUMENT_STATE_MISSING,     /* not here, not being fetched (yet) */
  PLENUM_DOCUMENT_STATE_DOWNLOADING, /* being fetched; progress in bytes */
  PLENUM_DOCUMENT_STATE_VERIFIED,    /* here, and its SHA-256 matched: it can be shown */
  PLENUM_DOCUMENT_STATE_FAILED,      /* the last attempt failed; it will be tried again */
} PlenumDocumentState;

#define PLENUM_TYPE_SYNC_ENGINE (plenum_sync_engine_get_type ())

G_DECLARE_FINAL_TYPE (PlenumSyncEngine, plenum_sync_engine, PLENUM, SYNC_ENGINE, GObject)

GQuark            plenum_sync_error_quark              (void);

/* @store: an open store (its blob store is used for the documents). @server_url: the
 * server's base URL ("http://127.0.0.1:8080"), or NULL when none is configured (then only
 * offline sign-in works). Nothing happens until a member signs in. A URL the network
 * layer cannot use fails with its error (PLENUM_HTTP_ERROR_INVALID_URL). Plain http://
 * to a host that is not loopback does not fail here, so that a lab configuration can
 * allow it with plenum_sync_engine_set_tls(): until allowed, every request fails with
 * PLENUM_HTTP_ERROR_INSECURE before anything is sent. */
PlenumSyncEngine *plenum_sync_engine_new               (PlenumStore   *store,
                                                        const char    *server_url,
                                                        GError       **error);

PlenumStore      *plenum_sync_engine_get_store         (PlenumSyncEngine *self);
const char       *plenum_sync_engine_get_server_url    (PlenumSyncEngine *self);

/* Signs a member in. Online: POST /api/v1/session; on success the account, token and a
 * fresh offline verifier are remembered in the store, and the background sync starts.
 * When the server cannot be reached (connection refused, timeout, DNS), a member who
 * signed in on this terminal before is checked against the stored verifier and signed
 * in offline: cached meetings show, "online" is FALSE, "offline-since" is set. If the
 * member's token from the earlier online sign-in is still stored and has not expired,
 * the engine keeps trying to reach the server with it (event stream reconnection with
 * backoff) and syncs as soon as it answers; without one it asks for nothing and simply
 * stays offline until the next sign-in. Only an unreachable server or a timeout leads to
 * the offline check: a wrong PIN answered by the server is final.
 * A successful sign-in while a member is signed in replaces that session (as a sign-out
 * would); a failed one leaves it as it was.
 * Errors: PLENUM_SYNC_ERROR (WRONG_CREDENTIALS, TOO_MANY_ATTEMPTS, UNREACHABLE,
 * NO_SERVER, SERVER, STORAGE) or G_IO_ERROR_CANCELLED. */
void              plenum_sync_engine_sign_in_async     (PlenumSyncEngine    *self,
                                                        const char          *name,
                                                        const char          *pin,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
/* Returns the signed-in account (a new reference). */
PlenumMember     *plenum_sync_engine_sign_in_finish    (PlenumSyncEngine    *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Signs out: stops syncing, tells the server (best effort, not waited for), forgets the
 * token. Downloaded packets stay. */
void              plenum_sync_engine_sign_out          (PlenumSyncEngine *self);

/* Property "account": the signed-in account, or NULL. */
PlenumMember     *plenum_sync_engine_get_account       (PlenumSyncEngine *self);

/* Property "online": TRUE while the server answers (the event stream is connected or
 * the last request succeeded). Flips to FALSE only after a short grace delay
 * ("offline-delay", default 3 s) so a blip does not flash the offline banner. */
gboolean          plenum_sync_engine_get_online        (PlenumSyncEngine *self);
/* Property "offline-since": when the terminal last lost the server (NULL while online).
 * Kept in the store, so it survives a restart. */
GDateTime        *plenum_sync_engine_get_offline_since (PlenumSyncEngine *self);

/* Property "syncing": TRUE while meetings or blobs are being fetched. */
gboolean          plenum_sync_engine_get_syncing       (PlenumSyncEngine *self);
/* Properties "bytes-total", "bytes-done", "documents-total", "documents-done": progress
 * over every document of every meeting the member can see (verified ones count as
 * done). Documents are counted by blob: two documents naming the same SHA-256 are one
 * download. The superseded versions of revised documents are downloaded too, after the
 * current ones, and not counted. Notified at most a few times a second. */
guint64           plenum_sync_engine_get_bytes_total   (PlenumSyncEngine *self);
guint64           plenum_sync_engine_get_bytes_done    (PlenumSyncEngine *self);
guint             plenum_sync_engine_get_documents_total (PlenumSyncEngine *self);
guint             plenum_sync_engine_get_documents_done  (PlenumSyncEngine *self);

/* The signed-in member's meetings from the store (a GListModel of PlenumMeeting without
 * agenda, soonest first). The same model object for the whole session; it changes in
 * place (items-changed) when sync stores new data. Empty when signed out, except while
 * the engine syncs with the terminal credential ("terminal-syncing"): then it lists the
 * terminal's meetings. */
GListModel       *plenum_sync_engine_get_meetings      (PlenumSyncEngine *self);

/* A meeting with its agenda, from the store; NULL if unknown or not one of the signed-in
 * member's meetings. With nobody signed in: one of the terminal's meetings while the
 * engine syncs with the terminal credential (the room display), else NULL. A new
 * reference. */
PlenumMeeting    *plenum_sync_engine_get_meeting       (PlenumSyncEngine *self,
                                                        const char       *meeting_id);

/* A document's state; @bytes_done and @bytes_total may be NULL. */
PlenumDocumentState plenum_sync_engine_get_document_state (PlenumSyncEngine *self,
                                                           const char       *sha256,
                                                           guint64          *bytes_done,
                                                           guint64          *bytes_total);
/* The path of a VERIFIED blob, or NULL. Free with g_free(). */
char             *plenum_sync_engine_get_document_path (PlenumSyncEngine *self,
                                                        const char       *sha256);

/* Fetch now (meetings, then missing blobs), e.g. from a "refresh" button. */
void              plenum_sync_engine_refresh           (PlenumSyncEngine *self);

/* Settings that tests shorten. */
void              plenum_sync_engine_set_offline_delay      (PlenumSyncEngine *self,
                                                             guint             milliseconds);
void              plenum_sync_engine_set_reconnect_delays   (PlenumSyncEngine *self,
                                                             guint             min_ms,
                                                             guint             max_ms);
void              plenum_sync_engine_set_parallel_downloads (PlenumSyncEngine *self,
                                                             guint             n);
/* How long the event stream may stay silent before it counts as dead (the network
 * layer's watchdog; default PLENUM_HTTP_DEFAULT_EVENT_WATCHDOG_MS). */
void              plenum_sync_engine_set_event_watchdog     (PlenumSyncEngine *self,
                                                             guint             milliseconds);
/* How long a connection (TLS included) may take, and how long a transfer may run below
 * 1 byte/s, on every HTTP client of the engine (defaults
 * PLENUM_HTTP_DEFAULT_CONNECT_TIMEOUT_MS and _LOW_SPEED_SECONDS). */
void              plenum_sync_engine_set_http_timeouts      (PlenumSyncEngine *self,
                                                             guint             connect_timeout_ms,
                                                             guint             low_speed_seconds);

/* The terminal configuration's TLS settings, applied to every HTTP client the engine
 * makes (call before signing in): @ca_file, a PEM file of CA certificates to verify the
 * server with instead of the system's (NULL: the system's); @pinned_public_key,
 * "sha256//BASE64" or the bare base64 (NULL: no pin), the only key then accepted (a
 * value that is not such a hash is a programmer error: the configuration reader
 * checks it; the engine then accepts no key at all); @allow_insecure_http, plain
 * http:// to a host that is not loopback (a lab). Read back with the getters, e.g. for
 * the packet editor's publisher (the pin as "sha256//…"). */
void              plenum_sync_engine_set_tls                (PlenumSyncEngine *self,
                                                             const char       *ca_file,
                                                             const char       *pinned_public_key,
                                                             gboolean          allow_insecure_http);
const char       *plenum_sync_engine_get_ca_file            (PlenumSyncEngine *self);
const char       *plenum_sync_engine_get_pinned_public_key  (PlenumSyncEngine *self);
gboolean          plenum_sync_engine_get_allow_insecure_http (PlenumSyncEngine *self);

/* Signals:
 *  "meetings-changed" ()                      the meeting list or a meeting changed
 *  "meeting-changed"  (const char *meeting_id) one meeting's agenda/documents changed
 *  "document-changed" (const char *sha256)     a document's state or progress changed
 *  "sync-error"       (const GError *error)    a background failure worth showing (the
 *                                              UI shows a sentence; sync retries, except
 *                                              after SESSION_EXPIRED)
 *  "server-event"     (PlenumEvent *event)     an event from the stream, once each, after
 *                                              its id was recorded (live state for the
 *                                              UI; tests count them)
 */

/* Issue #4: the outbox, attendance, readiness.
 *
 * Every write the client makes to the server goes through the store's outbox (see
 * plenum-store.h): it is durable before the call returns, and the engine drains it in
 * order, one operation at a time per account, with the account's token: the signed-in
 * member's, and the kept token of members who signed out with operations still queued.
 * 2xx settles an operation as SENT; a 4xx other than 408/429 as REFUSED (set aside with
 * the server's reason, "operation-refused" is emitted, the ones behind it go on); a
 * network failure, 5xx, 408 or 429 leaves it first in line and the drain retries with
 * the reconnect backoff, and at once when any other request to the server succeeds. */

/* Checks the signed-in member in to @meeting_id (a UUID of a meeting the store holds):
 * records the check-in locally and queues POST /api/v1/meetings/{id}/attendance
 * ({"present": true}) in ONE store transaction, returns when that is durable (the UI
 * may say "saved"), then sends it when the server can be reached. Checking in again
 * returns the first check-in's operation. The result is the operation id (free with
 * g_free()). Errors: PLENUM_SYNC_ERROR_SIGNED_OUT, PLENUM_SYNC_ERROR_STORAGE (also for
 * an id that is not a UUID or a meeting the store does not hold), G_IO_ERROR_CANCELLED. */
void              plenum_sync_engine_check_in_async    (PlenumSyncEngine    *self,
                                                        const char          *meeting_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
char             *plenum_sync_engine_check_in_finish   (PlenumSyncEngine    *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Property "pending-operations": how many operations of the signed-in member wait to be
 * sent (0 when signed out). For the offline message ("3 changes wait to be sent"). */
guint             plenum_sync_engine_get_pending_operations (PlenumSyncEngine *self);

/* The signed-in member's operations the user should see (unsettled, refused with their
 * reason, recently sent), oldest first: a new GPtrArray of PlenumOutboxOperation (empty
 * when signed out). */
GPtrArray        *plenum_sync_engine_list_operations   (PlenumSyncEngine *self);

/* Send what waits now (e.g. from a "retry" button); also done by itself. */
void              plenum_sync_engine_drain_outbox      (PlenumSyncEngine *self);

/* Readiness reports (PUT /api/v1/terminals/{terminal_id}/status) go after a sync pass
 * ends, at most once per @milliseconds (default 5 000; 0: after every pass), and half a
 * second after the pass at the earliest, the first one excepted. */
void              plenum_sync_engine_set_status_interval (PlenumSyncEngine *self,
                                                          guint             milliseconds);

/* Enrols this terminal with a one-time @code from the secretariat (POST
 * /api/v1/terminals with the store's terminal id; spaces and '-' in the code are the
 * server's to ignore) and stores the credential, seat name and room it answers with
 * (replacing an earlier enrolment). Errors: PLENUM_SYNC_ERROR (ENROLMENT_INVALID,
 * TOO_MANY_ATTEMPTS, UNREACHABLE, NO_SERVER, SERVER, STORAGE) or G_IO_ERROR_CANCELLED.
 * On success, with nobody signed in, the engine starts syncing with the new
 * credential (see plenum_sync_engine_start()). */
void              plenum_sync_engine_enrol_async       (PlenumSyncEngine    *self,
                                                        const char          *code,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean          plenum_sync_engine_enrol_finish      (PlenumSyncEngine    *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Syncing as the terminal (docs/protocol.md "Rooms and terminals").
 *
 * While nobody is signed in and the store holds a terminal credential (from
 * plenum_sync_engine_enrol_async() or the configuration file, see
 * plenum_store_set_terminal_credential_async()), the engine syncs with
 * "Authorization: Terminal …": the meetings of the bodies that sit in the terminal's
 * room, every blob of their packets, the event stream (its position kept under the
 * terminal's key: account NULL in the store API) and readiness reports, so the packets
 * are here before anyone signs in. A member signing in switches to the member's token
 * (the member's meetings); signing out switches back to the credential.
 *
 * It does NOT start by itself at construction: the application calls
 * plenum_sync_engine_start() once at startup (a successful enrolment starts it too).
 * Without a credential in the store, start() does nothing.
 *
 * `401 terminal_revoked` on any request made with the credential (or `401
 * unauthorized`: a credential the server no longer knows, e.g. replaced): syncing with it
 * stops, the credential is forgotten in the store, "revoked" becomes TRUE and
 * "sync-error" is emitted with PLENUM_SYNC_ERROR_TERMINAL_REVOKED (the UI says "This
 * terminal was revoked by the committee office"). Downloaded packets stay readable;
 * members may still sign in with their own tokens. A later successful enrolment clears
 * "revoked". */
void              plenum_sync_engine_start             (PlenumSyncEngine    *self);

/* Like plenum_sync_engine_start(), with the terminal id and credential an installer put
 * in the terminal's configuration file (docs/protocol.md, "Credential in the
 * configuration file"): the store adopts them when they differ from what it holds, then
 * the engine syncs with them. A credential the server revoked before (even before a
 * restart) is not tried again: "revoked" stays TRUE until a new credential or a new
 * enrolment. */
void              plenum_sync_engine_start_with_credential (PlenumSyncEngine *self,
                                                            const char       *terminal_id,
                                                            const char       *credential);

/* How long after its start a meeting is kept (default PLENUM_STORE_DEFAULT_RETENTION,
 * 30 days; at least a day). A meeting that started longer ago is not fetched in full
 * and its documents are not downloaded; after a sync pass (at most once an hour) the
 * store is pruned of such meetings and of the documents no other meeting needs
 * (plenum_store_prune_async(): never an upcoming meeting's). */
void              plenum_sync_engine_set_retention     (PlenumSyncEngine *self,
                                                        GTimeSpan         retention);

/* Property "revoked": TRUE after the server said this terminal was revoked (see
 * above), also after a restart; FALSE again after a successful enrolment or a new
 * configured credential. */
gboolean          plenum_sync_engine_get_revoked       (PlenumSyncEngine    *self);

/* Property "terminal-syncing": TRUE while the engine syncs with the terminal credential
 * (nobody signed in, a credential stored, not revoked). */
gboolean          plenum_sync_engine_get_terminal_syncing (PlenumSyncEngine *self);

/* More signals:
 *  "operation-refused" (PlenumOutboxOperation *op) the server refused an operation for
 *                                              good; @op is its settled row (REFUSED, with
 *                                              the server's status, code and message)
 *  "operation-sent"    (PlenumOutboxOperation *op) the server applied an operation
 *  "status-reported"   ()                      a readiness report was accepted (tests)
 *  "pruned"            (guint meetings, guint blobs)  old packets were removed after a
 *                                              sync pass (see set_retention)
 *  "annotations-changed" (const char *meeting_id, const char *document_id)
 *                                              the annotations the store holds for the
 *                                              signed-in member on that document changed
 *                                              by sync (the feed, or a conflict kept as a
 *                                              copy): list them again
 *                                              (plenum_store_list_annotations())
 */

/* Issue #6: annotations.
 *
 * The UI saves and deletes through the store (plenum_store_save_annotation_async() and
 * plenum_store_delete_annotation_async(): durable, with the outbox operation, before
 * they return); the engine sends those operations like any other, with two differences:
 * just before the first attempt it has the store fix the request's base_revision (the
 * annotation's last server revision), so retries are byte for byte the same; and a
 * 409 conflict is not a refusal: the engine reads the server's version (from the feed)
 * and the store keeps both, the server's as the annotation and the local one as a new
 * annotation marked "conflict_of" the other, queued in turn. Others' annotations (and
 * the member's own from other terminals) come from each meeting's feed
 * (GET /api/v1/meetings/{id}/annotations?since=R), read after each meeting fetch, on
 * the `annotations.changed` event and on `reset`, for a signed-in member only. */

/* Issue #7: votes and ballots.
 *
 * The engine keeps each meeting's votes in the store as the server describes them (GET
 * /api/v1/meetings/{id}/votes on every vote.* event of the meeting, and after each fetch
 * of a live meeting and on `reset`: live is in progress, or starting within three days
 * of now; with the member's token or the terminal credential) and emits
 * "votes-changed" (const char *meeting_id) once they are stored. A member's ballot is
 * saved with plenum_store_save_ballot_async() (durable, with its outbox operation); the
 * engine marks it SENDING, sends it like any other operation, and settles it: 2xx SENT
 * (the ballot says "counted"), 403/409 (vote_closed, already_voted, forbidden,
 * conflict_of_interest…) REFUSED with the server's code and message, kept for the
 * member's screen. A ballot cast offline waits in the outbox and goes when the server
 * answers again, before or after the close: the server decides. */

/* Issue #7: opinion rounds ("xin ý kiến", docs/protocol.md, "Opinion rounds").
 *
 * The engine keeps each meeting's opinion rounds in the store as the server describes
 * them (GET /api/v1/meetings/{id}/opinion-rounds on every opinion.* event of the meeting
 * — opinion.opened, opinion.answered, opinion.closed — and, like the votes, after each
 * fetch of a live meeting and on `reset`; a read that fails for want of a network is
 * tried again after a backoff) and emits "opinions-changed" (const char *meeting_id)
 * once they are stored. A round's deadline passing sends nothing: the terminal knows
 * the deadline (plenum_stored_round_is_open_at()). A member's answer is saved with
 * plenum_store_save_opinion_async() (durable, with its outbox operation, kind
 * "opinion"); the engine marks it SENDING when online, sends it like any other
 * operation and settles it: 200 SENT (the answer says "recorded"), 4xx (round_closed,
 * forbidden, bad_request…) REFUSED with the server's code and message, kept for the
 * member's screen. An answer given offline waits in the outbox and goes when the server
 * answers again, before or after the deadline: the server decides. */

/* Issue #7: the live meeting (docs/protocol.md, "The live meeting").
 *
 * For each live meeting (in progress, or starting within three days; the same test as
 * for votes) the engine reads GET /api/v1/meetings/{id}/position, …/speakers and
 * …/quorum after each fetch of the meeting, on `reset`, and after every reconnection of
 * the event stream, so a terminal that restarts or reconnects lands where the chair is
 * now. It applies `position.changed` and `speakers.changed` from their data (an event
 * whose revision is not above the one it holds is dropped), and reads the quorum again
 * on `attendance.changed` and `conflict.changed`. It works with the member's token and
 * with the terminal credential (the room display), and keeps the last state of each in
 * the store, so a restart while offline shows where the meeting last was.
 *
 * Signals, emitted after the new state is stored (read it with the getters below; the
 * store's readers may show it a moment before the signal):
 *  "position-changed" (const char *meeting_id)
 *  "speakers-changed" (const char *meeting_id)
 *  "quorum-changed"   (const char *meeting_id)
 * A read that brings nothing new (same revision; the same quorum) emits nothing.
 */

/* The last known state, a new reference, or NULL when none was ever read. */
PlenumPosition     *plenum_sync_engine_get_position   (PlenumSyncEngine *self,
                                                       const char       *meeting_id);
PlenumSpeakerQueue *plenum_sync_engine_get_speakers   (PlenumSyncEngine *self,
                                                       const char       *meeting_id);
PlenumQuorum       *plenum_sync_engine_get_quorum     (PlenumSyncEngine *self,
                                                       const char       *meeting_id);

/* TRUE when the signed-in member is @meeting_id's chair (its chair_id). */
gboolean            plenum_sync_engine_is_chair       (PlenumSyncEngine *self,
                                                       const char       *meeting_id);

/* A member's own live actions go through the outbox like the check-in: durable before
 * the callback, sent when the server answers, refused with the server's reason.
 *   ask_to_speak:   POST   /api/v1/meetings/{id}/speakers        (kind "speak")
 *   withdraw_speak: DELETE /api/v1/meetings/{id}/speakers/me     (kind "speak")
 *   check_out:      POST   /api/v1/meetings/{id}/attendance {"present": false}
 *                   (kind "attendance"; the store then no longer counts the member as
 *                   checked in on this terminal)
 * The result (plenum_sync_engine_live_action_finish()) is the operation id. Errors as
 * for plenum_sync_engine_check_in_async(). */
void                plenum_sync_engine_ask_to_speak_async   (PlenumSyncEngine    *self,
                                                             const char          *meeting_id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
void                plenum_sync_engine_withdraw_speak_async (PlenumSyncEngine    *self,
                                                             const char          *meeting_id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
void                plenum_sync_engine_check_out_async      (PlenumSyncEngine    *self,
                                                             const char          *meeting_id,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
char               *plenum_sync_engine_live_action_finish   (PlenumSyncEngine    *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* A direct request with the signed-in member's token, for the chair's actions (which
 * only make sense while the room is connected; see plenum-chair.h): @body_json is a
 * JSON object that already carries its "operation_id" (or NULL). Not queued: a network
 * failure is PLENUM_SYNC_ERROR_UNREACHABLE at once. The result is the answer's body
 * (free with g_free()). A 4xx/5xx answer is PLENUM_SYNC_ERROR_REFUSED (4xx) or
 * PLENUM_SYNC_ERROR_SERVER (5xx, 408, 429, or an error answer that is not the
 * protocol's: "try again later") with the server's message, and the server's error
 * code in *@code when @code is not NULL (free with g_free(); NULL when the answer had
 * none). 401 is SESSION_EXPIRED (and the session ends as for any request). Without a
 * member's token (nobody signed in, the terminal credential, an offline sign-in
 * without a token) it fails with PLENUM_SYNC_ERROR_SIGNED_OUT. */
void                plenum_sync_engine_send_async      (PlenumSyncEngine    *self,
                                                        const char          *method,
                                                        const char          *path,
                                                        const char          *body_json,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
char               *plenum_sync_engine_send_finish     (PlenumSyncEngine    *self,
                                                        GAsyncResult        *result,
                                                        char               **code,
                                                        GError             **error);

/* Issue #8: the readiness board. Lists every terminal (with @meeting_id, those of the
 * rooms where the meeting's body sits) with its latest readiness report and who is
 * signed in there (GET /api/v1/terminals, docs/protocol.md "Listing and revoking
 * terminals"), with the
 * signed-in account's token, as a direct request (plenum_sync_engine_send_async()):
 * nothing is stored. The result is a new GPtrArray of PlenumTerminalInfo in the
 * server's order (room, then seat). Errors: as plenum_sync_engine_send_finish() —
 * PLENUM_SYNC_ERROR_REFUSED for an account that is not the secretariat's (403),
 * UNREACHABLE, SESSION_EXPIRED, SIGNED_OUT — and PLENUM_SYNC_ERROR_SERVER for an answer
 * the strict reader refuses. */
void                plenum_sync_engine_list_terminals_async  (PlenumSyncEngine    *self,
                                                              const char          *meeting_id,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
GPtrArray          *plenum_sync_engine_list_terminals_finish (PlenumSyncEngine    *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

/* Issue #8: revisions, retraction, the wipe and the lease on the terminal
 * (docs/protocol.md, "Revisions and retraction", "Wiping a terminal", "Leases").
 *
 * Revisions: the engine downloads the superseded versions a document lists (after the
 * current documents), so that an earlier version can be read offline; they stay while
 * the packet lists them. A packet that no longer has a document (retracted) or a
 * version (retired) has the store pruned at the end of that sync pass, whatever the
 * hourly interval: the files go even when a member's marks are on them (the marks
 * stay in the database).
 *
 * The wipe: `401 terminal_wipe` on any request (with the credential or a member's
 * token) stops everything; the store erases all that members and packets left on the
 * terminal (plenum_store_wipe_async(): packets, blobs, marks, unsent changes, tokens,
 * PIN verifiers); the engine confirms with POST /api/v1/terminals/{id}/wiped (the
 * credential), then forgets the credential; "wiped" becomes TRUE and "sync-error" says
 * PLENUM_SYNC_ERROR_TERMINAL_WIPED. Each step is retried until done; a restart in
 * between (plenum_sync_engine_start()) begins again. While it runs, "wiping" is TRUE
 * and nothing else is sent.
 *
 * The lease: property "last-contact" is the time of the last answer from the server
 * (kept in the store, so a restart counts from it; notified when it is saved, at most
 * every 30 s and at once after a time without the server). */

/* Property "wiped": TRUE once this engine finished a wipe (the terminal must be
 * enrolled again); FALSE again after a new enrolment or configured credential. */
gboolean            plenum_sync_engine_get_wiped          (PlenumSyncEngine *self);
/* TRUE while a wipe runs (not a property: it is short, and ends in "wiped"). */
gboolean            plenum_sync_engine_get_wiping         (PlenumSyncEngine *self);
/* Property "last-contact": NULL when the terminal never reached the server. Owned by
 * the engine. */
GDateTime          *plenum_sync_engine_get_last_contact   (PlenumSyncEngine *self);
/* TRUE when @document (of @meeting, a summary is enough) is confidential, the
 * meeting's body has a lease (lease_seconds > 0) and the last contact is longer ago
 * than that: it must not be opened; *@since (a new reference, when not NULL) is then the
 * last contact. A check against the clock now: ask again at open time. The blob stays. */
gboolean            plenum_sync_engine_get_document_locked (PlenumSyncEngine  *self,
                                                            PlenumMeeting     *meeting,
                                                            PlenumDocument    *document,
                                                            GDateTime        **since);

G_END_DECLS
