/* plenum-store.h — the client's database: terminal id, settings, meetings, the accounts
 * that signed in on this terminal, and the download state of blobs.
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

#include "core/plenum-meeting.h"
#include "plenum-store-error.h"
#include "plenum-blob-store.h"

G_BEGIN_DECLS

/* Setting keys used by more than one layer. Values are strings. */
#define PLENUM_STORE_SETTING_SERVER_URL    "server_url"
#define PLENUM_STORE_SETTING_LAST_EVENT_ID "last_event_id"
#define PLENUM_STORE_SETTING_OFFLINE_SINCE "offline_since" /* RFC 3339 */

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
 * when there was none. */
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

G_END_DECLS
