/* plenum-store.h — the client's database: terminal id, settings, meetings, the accounts
 * that signed in on this terminal, the download state of blobs, the outbox of writes to
 * the server, local attendance, the applied event positions and the terminal
 * credential.
 *
 * One SQLite database, <data-dir>/plenum.db (mode 0600, folder 0700), in WAL mode with
 * synchronous=FULL. It is OWNED BY ONE WRITER THREAD: every write, with its commit and
 * fsync, runs on the store's own thread behind the _async/_finish calls below, so no
 * fsync ever runs on the caller's thread. Short reads for the UI (the synchronous
 * getters) use a separate read-only connection, which WAL lets read while the writer
 * writes; they see every write whose _finish has been called.
 *
 * Threads: open the store on the thread that runs the GLib main context it will serve
 * (the main thread); call every function from that thread. Callbacks and signals come
 * on that thread's thread-default main context.
 *
 * The store keeps JSON documents as the text the sync engine got from the server; it
 * reads them with the core models only to check them and to fill its indexed columns.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/plenum-annotation.h"
#include "core/plenum-meeting.h"
#include "plenum-store-error.h"
#include "plenum-blob-store.h"

G_BEGIN_DECLS

/* Setting keys used by more than one layer. Values are strings. */
#define PLENUM_STORE_SETTING_SERVER_URL    "server_url"
#define PLENUM_STORE_SETTING_LAST_EVENT_ID "last_event_id" /* superseded: see
                                                          * plenum_store_get_last_event_seq() */
#define PLENUM_STORE_SETTING_OFFLINE_SINCE "offline_since" /* RFC 3339 */
/* The SHA-256 of the credential the server said was revoked (kept across restarts, so
 * that the terminal still says so; cleared by a new enrolment). */
#define PLENUM_STORE_SETTING_REVOKED_CREDENTIAL "revoked_credential"
/* When the terminal last had an answer from the server (RFC 3339): see
 * plenum_store_get_last_contact(). */
#define PLENUM_STORE_SETTING_LAST_CONTACT "last_contact"
/* Set while a wipe the server asked for is not finished: see plenum_store_wipe_async(). */
#define PLENUM_STORE_SETTING_WIPE_PENDING "wipe_pending"

typedef enum {
  PLENUM_BLOB_STATE_MISSING,  /* wanted, no byte on disk */
  PLENUM_BLOB_STATE_PARTIAL,  /* a partial download (bytes_present of size) */
  PLENUM_BLOB_STATE_VERIFIED, /* whole and verified: plenum_blob_store_lookup() finds it */
} PlenumBlobState;

#define PLENUM_TYPE_STORE (plenum_store_get_type ())
G_DECLARE_FINAL_TYPE (PlenumStore, plenum_store, PLENUM, STORE, GObject)

/* Opening and closing */

/* Opens (creating where missing: the folder with mode 0700, the database with 0600)
 * the store in @data_dir, on the store's writer thread: migrates an older schema (each
 * migration in its own transaction), makes the terminal id on first open, and opens the
 * blob store <data_dir>/blobs. Errors: CORRUPT (not a database, or damaged),
 * SCHEMA_TOO_NEW (written by a newer Plenum; left untouched), FULL, IO.
 * The store closes when its last reference goes: writes already queued finish first,
 * then the writer thread is joined. */
void             plenum_store_open_async        (const char          *data_dir,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
PlenumStore     *plenum_store_open_finish       (GAsyncResult        *result,
                                                 GError             **error);

const char      *plenum_store_get_data_dir      (PlenumStore         *self);
/* The blob store under the same data folder (owned by the store). */
PlenumBlobStore *plenum_store_get_blob_store    (PlenumStore         *self);
/* This terminal's id: a UUID made at the first open and kept ever after. */
const char      *plenum_store_get_terminal_id   (PlenumStore         *self);

/* Settings: text values by key (see PLENUM_STORE_SETTING_*) */

/* The value, or NULL when unset (free with g_free()). */
char            *plenum_store_get_setting       (PlenumStore         *self,
                                                 const char          *key);
/* @value NULL removes the setting. */
void             plenum_store_set_setting_async (PlenumStore         *self,
                                                 const char          *key,
                                                 const char          *value,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         plenum_store_set_setting_finish (PlenumStore        *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);

/* Meetings
 *
 * Visibility is per account: @account_id is the UUID of the member the server answered
 * for, or NULL for what the terminal credential fetched while nobody was signed in. A
 * meeting is listed for an account once saved for it; it is deleted when no account can
 * see it any longer. The "meetings-changed" signal is emitted after every write below. */

/* Saves a Meeting (GET /api/v1/meetings/{id}, normally with its agenda) as the text
 * @meeting_json, with its @etag (NULL: none), for @account_id. Refuses (INVALID) JSON
 * that the core model does not accept; stored data is then untouched. */
void             plenum_store_save_meeting_async   (PlenumStore         *self,
                                                    const char          *account_id,
                                                    const char          *meeting_json,
                                                    const char          *etag,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean         plenum_store_save_meeting_finish  (PlenumStore         *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Saves the answer of GET /api/v1/meetings ({"meetings": [MeetingSummary, …]}) for
 * @account_id with its @etag: the meetings no longer listed are removed for that
 * account; a meeting the store did not have is stored as its summary (no agenda, no
 * ETag: get_meeting_etag() gives NULL, so the sync engine knows to fetch it), and a
 * stored summary is replaced by the newer one; a stored full Meeting is kept (fetch it
 * again with its ETag). INVALID for JSON that is not that answer; nothing is changed. */
void             plenum_store_save_meeting_list_async  (PlenumStore         *self,
                                                        const char          *account_id,
                                                        const char          *list_json,
                                                        const char          *etag,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean         plenum_store_save_meeting_list_finish (PlenumStore         *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* @account_id may no longer see the meeting @meeting_id (e.g. it answered 404). TRUE
 * also when it could not see it before. */
void             plenum_store_remove_meeting_async  (PlenumStore         *self,
                                                     const char          *account_id,
                                                     const char          *meeting_id,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean         plenum_store_remove_meeting_finish (PlenumStore         *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* The ETag of the meeting list last saved for @account_id, or NULL. */
char            *plenum_store_get_meeting_list_etag (PlenumStore        *self,
                                                     const char         *account_id);
/* The meetings @account_id may see, soonest first (then by id), as a new list of
 * PlenumMeeting summaries (without agenda: plenum_meeting_has_agenda() is FALSE). */
GListModel      *plenum_store_list_meetings       (PlenumStore         *self,
                                                   const char          *account_id);
/* The meeting @id with its agenda (without one while only its summary is stored), or
 * NULL with NOT_FOUND (or CORRUPT/IO). */
PlenumMeeting   *plenum_store_get_meeting         (PlenumStore         *self,
                                                   const char          *id,
                                                   GError             **error);
/* The ETag the full meeting @id was saved with, or NULL (unknown, or only a summary). */
char            *plenum_store_get_meeting_etag    (PlenumStore         *self,
                                                   const char          *id);

/* Accounts that signed in on this terminal
 *
 * The PIN itself is never stored: only an offline verifier, a yescrypt hash ("$y$…",
 * libxcrypt, slow on purpose), computed and checked off the calling thread. */

/* Remembers the account after an online sign-in: @name the sign-in name, @account_json
 * the "account" object of POST /api/v1/session ({id, name, display_name, role}; its name
 * must be @name), @pin (4 to 12 digits) for the offline verifier, and the member token
 * with its expiry (@token NULL: none). Replaces what was stored for @name. */
void             plenum_store_remember_account_async  (PlenumStore         *self,
                                                       const char          *name,
                                                       const char          *account_json,
                                                       const char          *pin,
                                                       const char          *token,
                                                       GDateTime           *expires_at,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean         plenum_store_remember_account_finish (PlenumStore         *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* Offline sign-in: the account JSON of @name when @pin matches its verifier (free with
 * g_free()); otherwise NULL with WRONG_PIN, the same error for an unknown name (which
 * costs as much time). The hash runs on a worker thread. */
void             plenum_store_check_offline_pin_async  (PlenumStore         *self,
                                                        const char          *name,
                                                        const char          *pin,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
char            *plenum_store_check_offline_pin_finish (PlenumStore         *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* TRUE when @name has signed in online on this terminal (its account is remembered).
 * For telling "never signed in here" from a wrong PIN where the caller needs to; the
 * offline check above does not tell them apart. */
gboolean         plenum_store_has_account        (PlenumStore         *self,
                                                  const char          *name);

/* The stored member token of @name (free with g_free(), wipe first if you can) and,
 * when @expires_at is not NULL, its expiry (a new reference); NULL when there is none. */
char            *plenum_store_get_token          (PlenumStore         *self,
                                                  const char          *name,
                                                  GDateTime          **expires_at);

/* Discards the token of @name (sign-out); the account and its verifier stay. TRUE also
 * when there was none. While @name has operations in the outbox still to send, the token
 * is KEPT to send them and dropped when the last is settled (see
 * plenum_store_account_has_pending() below). Emits "outbox-changed". */
void             plenum_store_forget_token_async  (PlenumStore         *self,
                                                   const char          *name,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean         plenum_store_forget_token_finish (PlenumStore         *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Blob download states, for progress (the bytes live in the blob store) */

/* Records the state of the blob @sha256 of @size bytes, @bytes_present of which are on
 * disk. Emits "blob-state-changed". */
void             plenum_store_set_blob_state_async  (PlenumStore         *self,
                                                     const char          *sha256,
                                                     guint64              size,
                                                     PlenumBlobState      state,
                                                     guint64              bytes_present,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean         plenum_store_set_blob_state_finish (PlenumStore         *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* FALSE when nothing is recorded for @sha256; the out arguments may be NULL. */
gboolean         plenum_store_get_blob_state        (PlenumStore         *self,
                                                     const char          *sha256,
                                                     PlenumBlobState     *state,
                                                     guint64             *size,
                                                     guint64             *bytes_present);
/* The hashes recorded in @state, sorted (free with g_strfreev()). */
char           **plenum_store_list_blobs            (PlenumStore         *self,
                                                     PlenumBlobState      state);
/* Forgets the record of @sha256 (the bytes are the blob store's). */
void             plenum_store_forget_blob_async     (PlenumStore         *self,
                                                     const char          *sha256,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean         plenum_store_forget_blob_finish    (PlenumStore         *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Signals (on the store's main context):
 *   "meetings-changed" ()                  after a meeting write committed
 *   "blob-state-changed" (const char *sha256)  after a blob state write committed */

/* ---------------------------------------------------------------------------------
 * Issue #4: the outbox, the applied event position, readiness, retention, the terminal
 * credential. Same threading rules as above: call from the owner thread; writes run on
 * the writer thread and are durable (committed with synchronous=FULL) before their
 * callback runs.
 * --------------------------------------------------------------------------------- */

/* The outbox: every write the client makes to the server, in one table, sent in order.
 *
 * An operation is added QUEUED. The sync engine takes the oldest unsettled one of an
 * account with plenum_store_outbox_next(), sends it, and settles it: SENT (with the
 * server's answer), or REFUSED (the server said no: 4xx with its reason; the operation
 * is set aside, kept and listed for the user, never deleted silently, and the ones
 * behind it go on). A transient failure (no connection, 5xx, 429) is
 * plenum_store_outbox_mark_failed_attempt_async(): it stays QUEUED, attempts + 1, and
 * stays first in line. Each operation has its own operation id (a UUID made by the
 * store, distinct from the id of what it creates or changes); the server applies an
 * operation id once, so sending it again after a crash is harmless. */
typedef enum {
  PLENUM_OUTBOX_STATE_QUEUED,   /* waiting to be sent (also: sent, answer not yet seen) */
  PLENUM_OUTBOX_STATE_SENDING,  /* being sent now (mark_sending); back to QUEUED at open */
  PLENUM_OUTBOX_STATE_SENT,     /* the server applied it; its answer is kept */
  PLENUM_OUTBOX_STATE_REFUSED,  /* the server refused it; set aside with its reason */
} PlenumOutboxState;

/* One operation, a snapshot of its row (immutable, reference counted). */
typedef struct _PlenumOutboxOperation PlenumOutboxOperation;

#define PLENUM_TYPE_OUTBOX_OPERATION (plenum_outbox_operation_get_type ())
GType                  plenum_outbox_operation_get_type          (void) G_GNUC_CONST;
PlenumOutboxOperation *plenum_outbox_operation_ref               (PlenumOutboxOperation *op);
void                   plenum_outbox_operation_unref             (PlenumOutboxOperation *op);
/* Local order: a higher seq was added later. */
gint64                 plenum_outbox_operation_get_seq           (PlenumOutboxOperation *op);
const char            *plenum_outbox_operation_get_operation_id  (PlenumOutboxOperation *op);
/* The member whose action it is; NULL for the terminal credential. */
const char            *plenum_outbox_operation_get_account_id    (PlenumOutboxOperation *op);
/* What it is, for the UI ("attendance", …). */
const char            *plenum_outbox_operation_get_kind          (PlenumOutboxOperation *op);
const char            *plenum_outbox_operation_get_method        (PlenumOutboxOperation *op);
const char            *plenum_outbox_operation_get_path          (PlenumOutboxOperation *op);
/* The request body exactly as to be sent (see add below), or NULL for none. */
const char            *plenum_outbox_operation_get_body          (PlenumOutboxOperation *op);
GDateTime             *plenum_outbox_operation_get_created_at    (PlenumOutboxOperation *op);
PlenumOutboxState      plenum_outbox_operation_get_state         (PlenumOutboxOperation *op);
guint                  plenum_outbox_operation_get_attempts      (PlenumOutboxOperation *op);
/* REFUSED only (else 0 / NULL): the HTTP status, the error code and message of the
 * server's {"error": {"code", "message"}} answer. */
guint                  plenum_outbox_operation_get_refused_status (PlenumOutboxOperation *op);
const char            *plenum_outbox_operation_get_refused_code  (PlenumOutboxOperation *op);
const char            *plenum_outbox_operation_get_refused_message (PlenumOutboxOperation *op);
/* SENT only (else NULL): when, and the server's answer body (may be NULL). */
GDateTime             *plenum_outbox_operation_get_sent_at       (PlenumOutboxOperation *op);
const char            *plenum_outbox_operation_get_result        (PlenumOutboxOperation *op);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumOutboxOperation, plenum_outbox_operation_unref)

/* Adds an operation of @account_id (a UUID, or NULL for the terminal credential):
 * @kind a short word for the UI, @method "POST"/"PUT"/"PATCH"/"DELETE", @path an
 * absolute API path ("/api/v1/…", built by the caller from ids it has validated, never
 * taken from a server answer), @body_json a JSON object or NULL. The store puts the new
 * operation id into the body as "operation_id" (the protocol's idempotency key; a body
 * that already has one is INVALID), so the stored body is byte for byte what is sent,
 * every time. A NULL body becomes {"operation_id": …} for POST, PUT and PATCH; a DELETE
 * without a body keeps none (get_body() is NULL). The result (plenum_store_outbox_add_finish()) is the new operation id (free
 * with g_free()); the operation is durable when the callback runs: the UI may say
 * "saved". Errors: INVALID (bad account id, method, path or body), FULL, IO.
 * Emits "outbox-changed". */
void                   plenum_store_outbox_add_async     (PlenumStore         *self,
                                                          const char          *account_id,
                                                          const char          *kind,
                                                          const char          *method,
                                                          const char          *path,
                                                          const char          *body_json,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
char                  *plenum_store_outbox_add_finish    (PlenumStore         *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* Attendance check-in, the first operation through the outbox: in ONE transaction,
 * records that @account_id checked in to @meeting_id (a stored meeting: else NOT_FOUND)
 * locally, and adds the operation POST /api/v1/meetings/{meeting_id}/attendance with
 * @body_json (a JSON object or NULL for {}; the operation id is put into it as above).
 * Finish with plenum_store_outbox_add_finish(): the operation id. Checking in again while
 * a check-in is recorded adds no second operation and returns the first one's id,
 * unless the server refused that one: then a new operation is added (a new try).
 * Emits "outbox-changed" and "attendance-changed". */
void                   plenum_store_check_in_async       (PlenumStore         *self,
                                                          const char          *account_id,
                                                          const char          *meeting_id,
                                                          const char          *body_json,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* Whether @account_id has checked in to @meeting_id on this terminal; when it has and
 * @state is not NULL, the state of its outbox operation (QUEUED/SENDING: "checked in,
 * waiting to be sent"; SENT; REFUSED: show the reason from outbox_list). */
gboolean               plenum_store_get_attendance       (PlenumStore         *self,
                                                          const char          *account_id,
                                                          const char          *meeting_id,
                                                          PlenumOutboxState   *state);

/* The oldest unsettled (QUEUED or SENDING) operation of @account_id (NULL: of any
 * account, the terminal's included), or NULL when none waits. Refused and sent ones are
 * never returned, so a refused one never blocks those behind it. Free with
 * plenum_outbox_operation_unref(). */
PlenumOutboxOperation *plenum_store_outbox_next          (PlenumStore         *self,
                                                          const char          *account_id);
/* Looks one up by its operation id, or NULL. */
PlenumOutboxOperation *plenum_store_outbox_get           (PlenumStore         *self,
                                                          const char          *operation_id);
/* How many operations of @account_id (NULL: of every account) wait (QUEUED/SENDING). */
guint                  plenum_store_outbox_count_pending (PlenumStore         *self,
                                                          const char          *account_id);
/* Every operation of @account_id (NULL: of every account) that the user should see:
 * unsettled and refused ones, and sent ones of the last 7 days, in seq order, as a
 * new GPtrArray of PlenumOutboxOperation (free with g_ptr_array_unref()). */
GPtrArray             *plenum_store_outbox_list          (PlenumStore         *self,
                                                          const char          *account_id);

/* The settling calls. All take the operation id and return (via the shared finish
 * below) TRUE, or NOT_FOUND for an unknown id. Settling an already settled operation is
 * INVALID and changes nothing. Each emits "outbox-changed". */
/* Being sent now (optional; SENDING is shown as "sending…" and is QUEUED again at the
 * next open, since its answer may never have come). */
void                   plenum_store_outbox_mark_sending_async        (PlenumStore         *self,
                                                                      const char          *operation_id,
                                                                      GCancellable        *cancellable,
                                                                      GAsyncReadyCallback  callback,
                                                                      gpointer             user_data);
/* The server applied it (2xx; also a replay of an applied one); @result_json its answer
 * body (or NULL). */
void                   plenum_store_outbox_mark_sent_async           (PlenumStore         *self,
                                                                      const char          *operation_id,
                                                                      const char          *result_json,
                                                                      GCancellable        *cancellable,
                                                                      GAsyncReadyCallback  callback,
                                                                      gpointer             user_data);
/* The server refused it for good (4xx other than 408/429): set aside with its reason. */
void                   plenum_store_outbox_mark_refused_async        (PlenumStore         *self,
                                                                      const char          *operation_id,
                                                                      guint                http_status,
                                                                      const char          *code,
                                                                      const char          *message,
                                                                      GCancellable        *cancellable,
                                                                      GAsyncReadyCallback  callback,
                                                                      gpointer             user_data);
/* A transient failure: stays QUEUED (first in line), attempts + 1. */
void                   plenum_store_outbox_mark_failed_attempt_async (PlenumStore         *self,
                                                                      const char          *operation_id,
                                                                      GCancellable        *cancellable,
                                                                      GAsyncReadyCallback  callback,
                                                                      gpointer             user_data);
/* The finish of the four settling calls above. */
gboolean               plenum_store_outbox_mark_finish               (PlenumStore         *self,
                                                                      GAsyncResult        *result,
                                                                      GError             **error);

/* Signing out with operations queued: plenum_store_forget_token_async() KEEPS the token
 * of a member who still has pending operations (it only marks the account signed out);
 * the store drops the token by itself when that member's last pending operation is
 * settled (sent or refused). The sync engine sends them with plenum_store_get_token(),
 * and must not treat a kept token as a session (see account_is_signed_out). */
gboolean               plenum_store_account_has_pending  (PlenumStore         *self,
                                                          const char          *name);
/* The accounts with operations still to send and a token to send them with (a member
 * who signed out with operations pending keeps it), as account id → sign-in name: what
 * the sync engine drains after a restart before anyone signs in again. */
GHashTable            *plenum_store_outbox_accounts_with_tokens (PlenumStore *self);

/* TRUE when @name signed out and its token is kept only to send its pending operations.
 * A new online sign-in (remember_account) ends that. */
gboolean               plenum_store_account_is_signed_out (PlenumStore        *self,
                                                           const char         *name);

/* The applied event position
 *
 * The event stream belongs to a credential: keyed by @account_id (the member whose
 * token holds the stream), or NULL for the terminal credential. The position moves in
 * the SAME transaction as the change the event caused, so that after any crash an event
 * is either applied and counted, or neither (then replayed). */

/* plenum_store_save_meeting_async() plus the event position @event_seq (≥ 0) of
 * @account_id, in one transaction. Finish with plenum_store_save_meeting_finish(). */
void                   plenum_store_apply_event_meeting_async (PlenumStore         *self,
                                                               const char          *account_id,
                                                               const char          *meeting_json,
                                                               const char          *etag,
                                                               gint64               event_seq,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
/* plenum_store_remove_meeting_async() plus the event position, in one transaction.
 * Finish with plenum_store_remove_meeting_finish(). */
void                   plenum_store_apply_event_remove_meeting_async (PlenumStore         *self,
                                                                      const char          *account_id,
                                                                      const char          *meeting_id,
                                                                      gint64               event_seq,
                                                                      GCancellable        *cancellable,
                                                                      GAsyncReadyCallback  callback,
                                                                      gpointer             user_data);
/* The position alone, for events that change nothing stored (ignored ones, the
 * stream's position line); a lower @event_seq than the stored one is accepted (a
 * `reset` may move it back). */
void                   plenum_store_set_last_event_seq_async  (PlenumStore         *self,
                                                               const char          *account_id,
                                                               gint64               event_seq,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean               plenum_store_set_last_event_seq_finish (PlenumStore         *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
/* FALSE when no position is stored for @account_id (start the stream without
 * Last-Event-ID); else TRUE with *@event_seq set. */
gboolean               plenum_store_get_last_event_seq        (PlenumStore         *self,
                                                               const char          *account_id,
                                                               gint64              *event_seq);

/* Readiness of one meeting, from its stored agenda and the blobs' states: documents in
 * the agenda (each counted once per agenda entry), how many are verified, their bytes in
 * all and the bytes on disk (a verified blob counts whole, a partial one its bytes
 * present). FALSE when the meeting is not stored; a meeting stored as a summary only
 * gives TRUE with all zero. Every out argument may be NULL. */
gboolean               plenum_store_get_meeting_readiness (PlenumStore        *self,
                                                           const char         *meeting_id,
                                                           guint              *docs_total,
                                                           guint              *docs_done,
                                                           guint64            *bytes_total,
                                                           guint64            *bytes_done);

/* Retention: the default, 30 days after the meeting. */
#define PLENUM_STORE_DEFAULT_RETENTION (30 * G_TIME_SPAN_DAY)

/* Removes the meetings that started before @now − @retention (never one starting later,
 * so never an upcoming one) with their local attendance, then the blobs no remaining
 * meeting references: their records, then their files (verified and partial) from the
 * blob store. Database first, files after: a crash between leaves at worst a file no
 * record wants, which the next prune removes (files nobody references are removed
 * whatever their age). A blob being written (BUSY) is left alone and counted in
 * @blobs_busy. The counts are in the finish's out arguments (may be NULL). Emits "meetings-changed". */
void                   plenum_store_prune_async           (PlenumStore         *self,
                                                           GDateTime           *now,
                                                           GTimeSpan            retention,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean               plenum_store_prune_finish          (PlenumStore         *self,
                                                           GAsyncResult        *result,
                                                           guint               *meetings_removed,
                                                           guint               *blobs_removed,
                                                           guint               *blobs_busy,
                                                           GError             **error);

/* At a member's sign-out: removes the documents of every closed-session item from the
 * stored meetings (the item stays, "restricted", as the terminal credential is answered
 * it; docs/protocol.md, "Closed sessions"), so that the next member at this terminal does
 * not find them, then the blobs no meeting lists any more, as a prune does (records,
 * then files; a blob being written stays for the next prune, counted in @blobs_busy).
 * The changed meetings
 * lose their ETag. Marks on those documents stay in the database. Emits
 * "meetings-changed". */
void                   plenum_store_remove_closed_session_documents_async  (PlenumStore         *self,
                                                                            GCancellable        *cancellable,
                                                                            GAsyncReadyCallback  callback,
                                                                            gpointer             user_data);
gboolean               plenum_store_remove_closed_session_documents_finish (PlenumStore         *self,
                                                                            GAsyncResult        *result,
                                                                            guint               *blobs_removed,
                                                                            guint               *blobs_busy,
                                                                            GError             **error);

/* The terminal credential (a secret: never logged; the database is mode 0600) and the
 * terminal's enrolled @name and @room (as the server named them; either may be NULL).
 * Replaces what was stored. INVALID for an empty credential. */
void                   plenum_store_set_terminal_credential_async  (PlenumStore         *self,
                                                                    const char          *credential,
                                                                    const char          *name,
                                                                    const char          *room,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);
/* The credential (free with g_free(), wipe first if you can) and, where the pointers
 * are not NULL, the name and room (new strings, may be NULL); NULL when not enrolled. */
char                  *plenum_store_get_terminal_credential        (PlenumStore         *self,
                                                                    char               **name,
                                                                    char               **room);
/* Takes the terminal id and credential an installer put in the terminal's
 * configuration file (docs/protocol.md, "Credential in the configuration file"): from
 * this call on plenum_store_get_terminal_id() is @terminal_id, and the id and the
 * credential (name and room unknown) are written in one transaction. INVALID unless
 * @terminal_id is a UUID and @credential 64 lowercase hex digits. */
void                   plenum_store_adopt_terminal_async           (PlenumStore         *self,
                                                                    const char          *terminal_id,
                                                                    const char          *credential,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);
/* Forgets the credential, name and room (the terminal was revoked or re-enrolled). */
void                   plenum_store_forget_terminal_credential_async (PlenumStore         *self,
                                                                      GCancellable        *cancellable,
                                                                      GAsyncReadyCallback  callback,
                                                                      gpointer             user_data);
/* The finish of both credential writes. */
gboolean               plenum_store_terminal_credential_finish     (PlenumStore         *self,
                                                                    GAsyncResult        *result,
                                                                    GError             **error);

/* More signals (on the store's main context):
 *   "outbox-changed" ()       after an outbox write committed (add, settle, sign-out)
 *   "attendance-changed" (const char *meeting_id)  after a check-in committed */

/* ---------------------------------------------------------------------------------
 * Issue #6: annotations. Same threading rules as above.
 *
 * Each annotation is kept per account (the member signed in: their own and what the
 * server's feed showed them of others'), with the meeting it belongs to (a stored
 * meeting: the annotations go when the meeting goes, by retention or because no account
 * may see it any longer), the last revision the server gave it (0: never stored there),
 * the latest local version (the JSON of docs/protocol.md, "Annotations"), and whether it
 * has local changes the server has not acknowledged ("dirty").
 *
 * A member's change goes through the outbox: PUT /api/v1/annotations/{id}
 * ({"base_revision", "annotation"}, kind "annotation.put") and DELETE
 * /api/v1/annotations/{id} ({"base_revision"}, kind "annotation.delete"), each committed
 * in ONE transaction with the annotation, before the call returns. At most one operation
 * per annotation waits that the sync engine has not taken yet: a new change replaces it
 * (with a new operation id: the old one was never sent). The sync engine takes an
 * operation with plenum_store_prepare_annotation_operation_async() (which fixes its
 * base_revision for good) and settles it with operation_applied / operation_conflict
 * below, not with the plain outbox marks (a refusal or a failed attempt uses those).
 * --------------------------------------------------------------------------------- */

#define PLENUM_OUTBOX_KIND_ANNOTATION_PUT    "annotation.put"
#define PLENUM_OUTBOX_KIND_ANNOTATION_DELETE "annotation.delete"

/* Saves @annotation (its author must be @account_id, a UUID; on a document of
 * @meeting_id, a stored meeting: else NOT_FOUND) as the latest local version, dirty, and
 * queues its PUT. INVALID for an annotation deleted here, or one of another author.
 * The result (finish) is the operation id (free with g_free()). Emits "outbox-changed"
 * and "annotations-changed". */
void              plenum_store_save_annotation_async   (PlenumStore         *self,
                                                        const char          *account_id,
                                                        const char          *meeting_id,
                                                        PlenumAnnotation    *annotation,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
char             *plenum_store_save_annotation_finish  (PlenumStore         *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* Marks the annotation @annotation_id of @account_id deleted (a tombstone, no longer
 * listed) and queues its DELETE; when nothing of it ever reached the server (no revision,
 * no operation taken by the sync engine), its queued PUT is withdrawn instead and nothing
 * is sent. NOT_FOUND when it is not stored for @account_id in @meeting_id; deleting a
 * deleted one succeeds and changes nothing. The result (finish) is the operation id, or
 * NULL when nothing is to be sent (free with g_free()). Emits "outbox-changed" and
 * "annotations-changed". */
void              plenum_store_delete_annotation_async (PlenumStore         *self,
                                                        const char          *account_id,
                                                        const char          *meeting_id,
                                                        const char          *annotation_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
char             *plenum_store_delete_annotation_finish (PlenumStore        *self,
                                                         GAsyncResult       *result,
                                                         GError            **error);

/* The annotations of @account_id on the document @document_id that are not deleted
 * (the member's own, conflict copies included, and others' the server shared with
 * them), oldest first, as a new GPtrArray of PlenumAnnotation; on a read failure, what
 * could be read, with @error set. */
GPtrArray        *plenum_store_list_annotations        (PlenumStore         *self,
                                                        const char          *account_id,
                                                        const char          *document_id,
                                                        GError             **error);

/* One annotation of @account_id (also a deleted one: see get_deleted()), or NULL with
 * NOT_FOUND. The out arguments may be NULL: its meeting (a new string), whether it has
 * unacknowledged local changes, and the last revision the server gave it. */
PlenumAnnotation *plenum_store_get_annotation          (PlenumStore         *self,
                                                        const char          *account_id,
                                                        const char          *annotation_id,
                                                        char               **meeting_id,
                                                        gboolean            *dirty,
                                                        gint64              *server_revision,
                                                        GError             **error);

/* The feed (GET /api/v1/meetings/{id}/annotations?since=R): the highest revision applied
 * for @account_id in @meeting_id (0: none yet). */
gint64            plenum_store_get_annotation_feed_revision (PlenumStore    *self,
                                                             const char     *account_id,
                                                             const char     *meeting_id);

/* Applies one answer of the feed, @feed_json ({"annotations": [...], "revision", "more"},
 * checked strictly: INVALID and nothing changed when it is not that), for @account_id in
 * @meeting_id, in one transaction with the feed's revision: an annotation that is not
 * dirty here takes the server's version (a tombstone marks it deleted); a dirty one is
 * left alone (its operation meets the conflict); an older revision than the one stored
 * changes nothing. A meeting no longer stored takes nothing (TRUE). The finish gives the
 * answer's "revision" and "more", and the ids of the documents whose annotations changed
 * (a NULL-terminated array, free with g_strfreev(); may be NULL). Emits
 * "annotations-changed" for each such document's meeting. */
void              plenum_store_apply_annotation_feed_async  (PlenumStore         *self,
                                                             const char          *account_id,
                                                             const char          *meeting_id,
                                                             const char          *feed_json,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean          plenum_store_apply_annotation_feed_finish (PlenumStore         *self,
                                                             GAsyncResult        *result,
                                                             gint64              *revision,
                                                             gboolean            *more,
                                                             char              ***document_ids,
                                                             GError             **error);

/* For the sync engine, just before it sends the annotation operation @operation_id:
 * the first time, rewrites the body's "base_revision" to the annotation's current
 * server revision, durably, and takes the operation out of the reach of later edits
 * (they queue a new one); later calls change nothing, so a retry is byte for byte the
 * same request. Any other operation is returned as it is. The finish gives the row as it
 * is now (unref it), or NULL with NOT_FOUND. */
void              plenum_store_prepare_annotation_operation_async  (PlenumStore         *self,
                                                                    const char          *operation_id,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);
PlenumOutboxOperation *plenum_store_prepare_annotation_operation_finish (PlenumStore   *self,
                                                                         GAsyncResult  *result,
                                                                         GError       **error);

/* The server applied the annotation operation @operation_id with the answer
 * @result_json (its stored Annotation): in one transaction the operation is SENT and the
 * annotation takes the answer's revision; it stays dirty while a newer local change is
 * queued, else it takes the answer as its version. Finish with
 * plenum_store_outbox_mark_finish(). Emits "outbox-changed". */
void              plenum_store_annotation_operation_applied_async  (PlenumStore         *self,
                                                                    const char          *operation_id,
                                                                    const char          *result_json,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);

/* The server answered the annotation operation @operation_id with 409 conflict; its
 * current version of the annotation is @server_annotation_json. In one transaction: the
 * annotation takes the server's version (not dirty), the local version (if it was not a
 * deletion) is saved as a NEW annotation (a new id, "conflict_of" the old one, revision
 * 0, dirty) with its own PUT queued, the operation is settled (SENT, with the server's
 * version as its result) and later queued operations of the old annotation are withdrawn
 * (the copy carries their content). Nothing is dropped. Finish with
 * plenum_store_outbox_mark_finish(). Emits "outbox-changed" and "annotations-changed". */
void              plenum_store_annotation_operation_conflict_async (PlenumStore         *self,
                                                                    const char          *operation_id,
                                                                    const char          *server_annotation_json,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);

/* More signals:
 *   "annotations-changed" (const char *meeting_id)  after an annotation write committed */

/* ---------------------------------------------------------------------------------
 * Issue #7: votes and ballots (docs/protocol.md, "Votes"). Same threading rules as
 * above.
 *
 * The votes of a meeting are kept as the server last described them (the answer of GET
 * /api/v1/meetings/{id}/votes, saved whole: the server decides, the terminal shows).
 * They are not per account: every account that may see the meeting sees the same votes.
 *
 * A member's ballot is kept per account and vote, with the operation that carries it
 * (POST /api/v1/meetings/{id}/votes/{vote_id}/ballots, kind "ballot"), both written in
 * ONE transaction before the call returns. For a secret vote the store makes the
 * receipt (32 random bytes as 64 hex digits) at the first ballot and keeps it, in this
 * terminal's database only, for replacing the ballot; it is never logged. The ballot's
 * state follows its operation: queued (not sent, or no answer yet after a failed
 * attempt), sent (being sent: the sync engine marks it SENDING first), counted (the
 * server answered "counted": true), refused (with the server's code and message: the
 * vote closed, already voted, forbidden…). Nothing is dropped.
 * --------------------------------------------------------------------------------- */

#define PLENUM_OUTBOX_KIND_BALLOT "ballot"

typedef enum {
  PLENUM_VOTE_STATE_OPEN,
  PLENUM_VOTE_STATE_CLOSED,
  PLENUM_VOTE_STATE_ANNULLED,
} PlenumVoteState;

/* One vote as the server described it (immutable, reference counted). */
typedef struct _PlenumStoredVote PlenumStoredVote;

#define PLENUM_TYPE_STORED_VOTE (plenum_stored_vote_get_type ())
GType               plenum_stored_vote_get_type        (void) G_GNUC_CONST;
PlenumStoredVote   *plenum_stored_vote_ref             (PlenumStoredVote *vote);
void                plenum_stored_vote_unref           (PlenumStoredVote *vote);
const char         *plenum_stored_vote_get_id          (PlenumStoredVote *vote);
const char         *plenum_stored_vote_get_meeting_id  (PlenumStoredVote *vote);
const char         *plenum_stored_vote_get_item_id     (PlenumStoredVote *vote);
const char         *plenum_stored_vote_get_title       (PlenumStoredVote *vote);
gboolean            plenum_stored_vote_get_secret      (PlenumStoredVote *vote);
/* TRUE for a candidate list (options are the candidates' names), FALSE for a motion
 * (options "for", "against", "abstain"). */
gboolean            plenum_stored_vote_get_candidates  (PlenumStoredVote *vote);
/* The options, NULL-terminated, in the server's order (choices are positions in it). */
const char * const *plenum_stored_vote_get_options     (PlenumStoredVote *vote);
guint               plenum_stored_vote_get_n_options   (PlenumStoredVote *vote);
guint               plenum_stored_vote_get_max_choices (PlenumStoredVote *vote);
gboolean            plenum_stored_vote_get_changeable  (PlenumStoredVote *vote);
PlenumVoteState     plenum_stored_vote_get_state       (PlenumStoredVote *vote);
/* How many have voted, as the server last said. */
guint               plenum_stored_vote_get_voted       (PlenumStoredVote *vote);
/* The Vote's JSON as the server sent it. */
const char         *plenum_stored_vote_get_json        (PlenumStoredVote *vote);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumStoredVote, plenum_stored_vote_unref)

/* Saves the answer of GET /api/v1/meetings/{id}/votes ({"meeting_id", "votes": [...]},
 * its meeting_id must be @meeting_id) as the votes of @meeting_id, replacing what was
 * stored. INVALID, and nothing changed, for anything else. A meeting the store does
 * not hold takes nothing (TRUE). Emits "votes-changed". */
void              plenum_store_save_votes_async    (PlenumStore         *self,
                                                    const char          *meeting_id,
                                                    const char          *votes_json,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean          plenum_store_save_votes_finish   (PlenumStore         *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* The votes of @meeting_id in the order they were opened (annulled ones included), a
 * new GPtrArray of PlenumStoredVote (empty when none is stored). */
GPtrArray        *plenum_store_list_votes          (PlenumStore         *self,
                                                    const char          *meeting_id);
/* The open vote of @meeting_id (at most one is open at a time), or NULL. */
PlenumStoredVote *plenum_store_get_open_vote       (PlenumStore         *self,
                                                    const char          *meeting_id);

typedef enum {
  PLENUM_BALLOT_STATE_QUEUED,  /* durable here, not sent yet (offline, or waiting) */
  PLENUM_BALLOT_STATE_SENT,    /* being sent; the answer is not in yet */
  PLENUM_BALLOT_STATE_COUNTED, /* the server counted it */
  PLENUM_BALLOT_STATE_REFUSED, /* the server refused it; see the code and message */
} PlenumBallotState;

/* Casts the ballot of @account_id (a UUID) in the stored vote @vote_id of @meeting_id
 * (else NOT_FOUND): @choices, @n_choices positions in the vote's options (exactly one
 * for a motion; up to max_choices distinct ones for a candidate list, none being a blank
 * ballot; else INVALID). In ONE transaction: the ballot row (a secret vote's receipt is
 * made at the first ballot and kept) and its outbox operation. A second ballot in the
 * same vote replaces the first here and is sent as a replacement (the server accepts it
 * only for a changeable vote); INVALID while the vote is not changeable and an earlier
 * ballot is not refused. Whether the vote is still open is the server's to say (a
 * ballot cast offline may arrive after the close: it is then refused, and kept). The
 * result (finish) is the operation id (free with g_free()). Emits "outbox-changed" and
 * "ballots-changed". */
void              plenum_store_save_ballot_async   (PlenumStore         *self,
                                                    const char          *account_id,
                                                    const char          *meeting_id,
                                                    const char          *vote_id,
                                                    const guint         *choices,
                                                    guint                n_choices,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
char             *plenum_store_save_ballot_finish  (PlenumStore         *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* The ballot of @account_id in the vote @vote_id: FALSE when none was cast on this
 * terminal. The out arguments may be NULL: its state, its choices (a new GArray of
 * guint), and when REFUSED the server's error code and message (new strings; NULL
 * otherwise). */
gboolean          plenum_store_get_ballot          (PlenumStore         *self,
                                                    const char          *account_id,
                                                    const char          *vote_id,
                                                    PlenumBallotState   *state,
                                                    GArray             **choices,
                                                    char               **refused_code,
                                                    char               **refused_message);

/* More signals:
 *   "votes-changed" (const char *meeting_id)    after the votes of a meeting were saved
 *   "ballots-changed" (const char *meeting_id)  after a ballot was cast; a ballot's
 *                                               state also changes with its operation
 *                                               ("outbox-changed") */

/* ---------------------------------------------------------------------------------
 * Issue #7: the live meeting (docs/protocol.md, "The live meeting"). Same threading
 * rules as above.
 *
 * The last position, speakers' queue and quorum the server described for a meeting,
 * one row per meeting and kind, kept whole as JSON (the answer of GET
 * /api/v1/meetings/{id}/position, …/speakers, …/quorum, or a position.changed /
 * speakers.changed event's data), so that a terminal restarted while offline shows
 * where the meeting last was. Not per account: the same for everyone who may see the
 * meeting. They go with their meeting.
 * --------------------------------------------------------------------------------- */

typedef enum {
  PLENUM_LIVE_KIND_POSITION,
  PLENUM_LIVE_KIND_SPEAKERS,
  PLENUM_LIVE_KIND_QUORUM,
} PlenumLiveKind;

#define PLENUM_OUTBOX_KIND_SPEAK      "speak"
#define PLENUM_OUTBOX_KIND_ATTENDANCE "attendance"

/* Saves @json (a Position, SpeakerQueue or Quorum as @kind says, read strictly by the
 * models of core/plenum-live.h; its meeting_id must be @meeting_id) as the last state
 * of that kind of @meeting_id, replacing the one stored. INVALID, and nothing changed,
 * for anything else. A meeting the store does not hold takes nothing (TRUE). Whether
 * it is newer than the stored one is the caller's to decide (revisions). */
void              plenum_store_save_live_async     (PlenumStore         *self,
                                                    const char          *meeting_id,
                                                    PlenumLiveKind       kind,
                                                    const char          *json,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean          plenum_store_save_live_finish    (PlenumStore         *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* The last saved state of @kind of @meeting_id as JSON (free with g_free()), or NULL
 * when none was saved. */
char             *plenum_store_get_live            (PlenumStore         *self,
                                                    const char          *meeting_id,
                                                    PlenumLiveKind       kind);

/* Attendance check-out, the check-in's mirror: in ONE transaction, records that
 * @account_id is no longer checked in to @meeting_id (a stored meeting: else
 * NOT_FOUND) on this terminal, and adds the operation POST
 * /api/v1/meetings/{meeting_id}/attendance (kind "attendance") with @body_json (a JSON
 * object, {"present": false}; the operation id is put into it). Always a new
 * operation (the member may have checked in elsewhere); a later check-in is a new
 * operation too. Finish with plenum_store_outbox_add_finish(): the operation id.
 * Emits "outbox-changed" and "attendance-changed". */
void              plenum_store_check_out_async     (PlenumStore         *self,
                                                    const char          *account_id,
                                                    const char          *meeting_id,
                                                    const char          *body_json,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);

/* ---------------------------------------------------------------------------------
 * Issue #7: opinion rounds (docs/protocol.md, "Opinion rounds"). Same threading rules
 * as above.
 *
 * The rounds of a meeting are kept as the server last described them (the answer of
 * GET /api/v1/meetings/{id}/opinion-rounds, saved whole), like its votes: the server
 * decides whether a round is open, the terminal shows. Each Round as the reader saw it:
 * a member's own answer is in its "mine", no one else's.
 *
 * A member's answer is kept per account and round, with the operation that carries it
 * (PUT /api/v1/meetings/{id}/opinion-rounds/{round_id}/answer, kind "opinion"), both
 * written in ONE transaction before the call returns. Answering again queues a
 * replacement (a new operation after the first; the server keeps the last one it
 * takes, and an answer replaced while offline is sent twice, in order): an operation
 * already handed to the network is never rewritten under its id, which the server's
 * idempotency record would refuse. The answer shown is always the latest. Its state
 * follows its latest operation: queued (not sent, or no answer yet after a failed
 * attempt), sent (being sent), recorded (the server answered 200 with the Answer),
 * refused (with the server's code and message: round_closed, forbidden…). Nothing is
 * dropped.
 * --------------------------------------------------------------------------------- */

#define PLENUM_OUTBOX_KIND_OPINION "opinion"

typedef enum {
  PLENUM_OPINION_ROUND_STATE_OPEN,
  PLENUM_OPINION_ROUND_STATE_CLOSED,
} PlenumOpinionRoundState;

typedef enum {
  PLENUM_OPINION_STANCE_AGREE,
  PLENUM_OPINION_STANCE_AGREE_WITH_COMMENTS,
  PLENUM_OPINION_STANCE_DISAGREE,
} PlenumOpinionStance;

/* The protocol's word for @stance ("agree", "agree_with_comments", "disagree"), and
 * back (FALSE for anything else). */
const char         *plenum_opinion_stance_to_string     (PlenumOpinionStance  stance);
gboolean            plenum_opinion_stance_from_string   (const char          *text,
                                                         PlenumOpinionStance *stance);

/* One round as the server described it (immutable, reference counted). */
typedef struct _PlenumStoredRound PlenumStoredRound;

#define PLENUM_TYPE_STORED_ROUND (plenum_stored_round_get_type ())
GType                    plenum_stored_round_get_type        (void) G_GNUC_CONST;
PlenumStoredRound       *plenum_stored_round_ref             (PlenumStoredRound *round);
void                     plenum_stored_round_unref           (PlenumStoredRound *round);
const char              *plenum_stored_round_get_id          (PlenumStoredRound *round);
const char              *plenum_stored_round_get_meeting_id  (PlenumStoredRound *round);
const char              *plenum_stored_round_get_document_id (PlenumStoredRound *round);
const char              *plenum_stored_round_get_title       (PlenumStoredRound *round);
/* In UTC. */
GDateTime               *plenum_stored_round_get_deadline    (PlenumStoredRound *round);
/* As the server said when it was read: a round past its deadline may still say OPEN
 * here (nothing is sent when the deadline passes); see is_open_at(). */
PlenumOpinionRoundState  plenum_stored_round_get_state       (PlenumStoredRound *round);
/* Open as the server last said, and @now (UTC) before the deadline. */
gboolean                 plenum_stored_round_is_open_at      (PlenumStoredRound *round,
                                                              GDateTime         *now);
/* How many answers the round holds and how many members the body has, as last said. */
guint                    plenum_stored_round_get_answered    (PlenumStoredRound *round);
guint                    plenum_stored_round_get_members     (PlenumStoredRound *round);
/* The account of the Round's "mine" (the reader's own answer, perhaps given on
 * another terminal), or NULL. */
const char              *plenum_stored_round_get_mine_account (PlenumStoredRound *round);
/* The Round's JSON as the server sent it. */
const char              *plenum_stored_round_get_json        (PlenumStoredRound *round);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumStoredRound, plenum_stored_round_unref)

/* Saves the answer of GET /api/v1/meetings/{id}/opinion-rounds ({"meeting_id",
 * "rounds": [...]}, its meeting_id must be @meeting_id) as the rounds of @meeting_id,
 * replacing what was stored. INVALID, and nothing changed, for anything else. A meeting
 * the store does not hold takes nothing (TRUE). Emits "opinion-rounds-changed". */
void              plenum_store_save_opinion_rounds_async  (PlenumStore         *self,
                                                           const char          *meeting_id,
                                                           const char          *rounds_json,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean          plenum_store_save_opinion_rounds_finish (PlenumStore         *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* The rounds of @meeting_id in the order they were opened, a new GPtrArray of
 * PlenumStoredRound (empty when none is stored). */
GPtrArray        *plenum_store_list_opinion_rounds        (PlenumStore         *self,
                                                           const char          *meeting_id);

/* A comment pinned to a page of the round's document. */
typedef struct {
  guint  page;                  /* counted from 0 */
  char  *text;
} PlenumOpinionComment;

PlenumOpinionComment *plenum_opinion_comment_new  (guint                 page,
                                                   const char           *text);
void                  plenum_opinion_comment_free (PlenumOpinionComment *comment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumOpinionComment, plenum_opinion_comment_free)

typedef enum {
  PLENUM_OPINION_STATE_QUEUED,   /* durable here, not sent yet (offline, or waiting) */
  PLENUM_OPINION_STATE_SENT,     /* being sent; the answer is not in yet */
  PLENUM_OPINION_STATE_RECORDED, /* the server recorded it */
  PLENUM_OPINION_STATE_REFUSED,  /* the server refused it; see the code and message */
} PlenumOpinionState;

/* Answers the stored round @round_id of @meeting_id (else NOT_FOUND) for @account_id
 * (a UUID): @stance, @text ("" or 1 to 10 000 characters, not only white space,
 * newlines and tabs allowed but no other control character) and @comments (a
 * GPtrArray of PlenumOpinionComment, may be NULL: none; at most 200, each text 1 to
 * 2 000 characters); a disagree needs a text, an agree_with_comments a text or a
 * comment (else INVALID, as the server would say). Pages are checked by the server
 * (the round does not say how many its document has). In ONE transaction: the answer
 * row and its outbox operation. Answering again replaces the answer here and queues
 * the new one after the old (see above). Whether the round is still open is the
 * server's to say (an answer given offline may arrive after the close: it is then
 * refused, and kept). The result (finish) is the operation id (free with g_free()).
 * Emits "outbox-changed" and "opinion-answers-changed". */
void              plenum_store_save_opinion_async         (PlenumStore         *self,
                                                           const char          *account_id,
                                                           const char          *meeting_id,
                                                           const char          *round_id,
                                                           PlenumOpinionStance  stance,
                                                           const char          *text,
                                                           GPtrArray           *comments,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
char             *plenum_store_save_opinion_finish        (PlenumStore         *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* The answer of @account_id in the round @round_id: FALSE when none was given on this
 * terminal. The out arguments may be NULL: its state, stance, text (a new string),
 * comments (a new GPtrArray of PlenumOpinionComment, in the order given), and when
 * REFUSED the server's error code and message (new strings; NULL otherwise). */
gboolean          plenum_store_get_opinion                (PlenumStore         *self,
                                                           const char          *account_id,
                                                           const char          *round_id,
                                                           PlenumOpinionState  *state,
                                                           PlenumOpinionStance *stance,
                                                           char               **text,
                                                           GPtrArray          **comments,
                                                           char               **refused_code,
                                                           char               **refused_message);

/* Conflicts of interest (docs/protocol.md, "Conflicts of interest"): a member declares
 * (PUT) or withdraws (DELETE) a conflict of interest on an agenda item through the
 * outbox (kind "conflict", /api/v1/meetings/{id}/items/{item_id}/conflict). The server
 * has no read of it: the terminal keeps the member's latest wish per account and item,
 * with its operation, in ONE transaction (the meeting must be stored, else NOT_FOUND).
 * A refusal (vote_in_progress: not while a vote on the item is open) is kept with the
 * server's reason; the declaration then stands as it was before. The result (finish)
 * is the operation id. Emits "outbox-changed" and "conflicts-changed". */
#define PLENUM_OUTBOX_KIND_CONFLICT "conflict"

void              plenum_store_save_conflict_async        (PlenumStore         *self,
                                                           const char          *account_id,
                                                           const char          *meeting_id,
                                                           const char          *item_id,
                                                           gboolean             declared,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
char             *plenum_store_save_conflict_finish       (PlenumStore         *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* The member's latest declaration (TRUE) or withdrawal (FALSE) on @item_id made on this
 * terminal, and its operation's state (and, when REFUSED, the server's code and
 * message: new strings, else NULL); FALSE when none was made here. */
gboolean          plenum_store_get_conflict               (PlenumStore         *self,
                                                           const char          *account_id,
                                                           const char          *item_id,
                                                           gboolean            *declared,
                                                           PlenumOutboxState   *state,
                                                           char               **refused_code,
                                                           char               **refused_message);

/* More signals:
 *   "conflicts-changed" (const char *meeting_id)        after a conflict of interest
 *                                                       was declared or withdrawn
 *   "opinion-rounds-changed" (const char *meeting_id)   after the rounds of a meeting
 *                                                       were saved
 *   "opinion-answers-changed" (const char *meeting_id)  after an answer was given; an
 *                                                       answer's state also changes
 *                                                       with its operation
 *                                                       ("outbox-changed") */

/* ---------------------------------------------------------------------------------
 * Issue #8: revisions, the wipe, the lease. Same threading rules as above.
 * --------------------------------------------------------------------------------- */

/* Which pages of @new_sha256 changed against @old_sha256 (an earlier version of the same
 * document): @changed has one flag per page of the new version. Worked out once per pair
 * (the GUI reads the pages' texts) and kept until prune removes either blob. INVALID for
 * hashes that are not two different SHA-256s. */
void              plenum_store_save_revision_changes_async  (PlenumStore         *self,
                                                             const char          *old_sha256,
                                                             const char          *new_sha256,
                                                             const gboolean      *changed,
                                                             guint                n_pages,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean          plenum_store_save_revision_changes_finish (PlenumStore         *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
/* FALSE when the pair was not compared yet. Otherwise, where not NULL: the flags (free
 * with g_free()), the new version's pages, and how many changed. */
gboolean          plenum_store_get_revision_changes         (PlenumStore         *self,
                                                             const char          *old_sha256,
                                                             const char          *new_sha256,
                                                             gboolean           **changed,
                                                             guint               *n_pages,
                                                             guint               *n_changed);

/* The time of the last answer from the server (any request answered with the terminal
 * credential or a member token): the lease of confidential documents runs from it. A
 * setting (PLENUM_STORE_SETTING_LAST_CONTACT) written with plenum_store_set_setting_finish()
 * as its finish. */
void              plenum_store_set_last_contact_async       (PlenumStore         *self,
                                                             GDateTime           *at,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
/* NULL when the terminal never reached the server (or a store from before leases); a
 * value that cannot be read is given as the Unix epoch (locked, not free). */
GDateTime        *plenum_store_get_last_contact             (PlenumStore         *self);

/* The wipe the committee office asked for (401 terminal_wipe): in ONE transaction marks
 * the wipe pending (PLENUM_STORE_SETTING_WIPE_PENDING) and erases every meeting, packet
 * record, annotation, vote, ballot, opinion, outbox operation (sent or not), remembered
 * account with its token and offline verifier, event position and setting but the
 * server address and the revoked-credential hash, with SQLite's secure_delete; then every
 * blob file, verified and partial. Kept: the terminal id and its credential, to confirm
 * (then plenum_store_end_wipe_async()). A crash at any point leaves the wipe pending: do
 * it again. *blobs_left counts the files that could not be removed yet (being written
 * by a download that is stopping): call again. Emits "meetings-changed",
 * "blob-state-changed" (NULL) and "outbox-changed". */
void              plenum_store_wipe_async                   (PlenumStore         *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean          plenum_store_wipe_finish                  (PlenumStore         *self,
                                                             GAsyncResult        *result,
                                                             guint               *blobs_left,
                                                             GError             **error);
/* The server took the confirmation (or the credential is gone): forgets the terminal
 * credential and the pending mark, in one transaction. */
void              plenum_store_end_wipe_async               (PlenumStore         *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean          plenum_store_end_wipe_finish              (PlenumStore         *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
/* TRUE while a wipe was begun and not ended. */
gboolean          plenum_store_get_wipe_pending             (PlenumStore         *self);

G_END_DECLS
