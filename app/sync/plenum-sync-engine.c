/* plenum-sync-engine.c — the sync engine: sign-in (online, or offline against the
 * store's verifier), the meeting list and meetings (ETags), the blobs of every document
 * (parallel, resumable, verified by the blob store), the event stream with reconnection,
 * and the online/offline state. See plenum-sync-engine.h.
 *
 * How the pieces fit:
 *
 *  - A "session" starts with a successful sign-in and ends with sign-out, a new sign-in
 *    or dispose. Every asynchronous call of a session runs with the session's
 *    GCancellable; its callbacks get an Op that holds that cancellable but no reference
 *    to the engine, and they return at once when it was cancelled. So dropping the
 *    engine stops everything (dispose cancels), and nothing keeps it alive.
 *  - While the session has a token ("has_token") the engine syncs: the meeting list,
 *    then each meeting with its ETag, then the blobs, nearest meeting first; the event
 *    stream runs beside it and asks for single meetings again. Transient failures are
 *    retried with exponential backoff and jitter; an unauthorized or expired token stops
 *    syncing for good (SESSION_EXPIRED) and keeps what is cached.
 *  - Which blobs are wanted is worked out from the store (every document of every
 *    meeting the member sees), so the store stays the one source of truth: the engine
 *    writes, the store signals, the engine recomputes.
 *  - The outbox (every write to the server) lives in the store; the engine drains it
 *    one operation at a time over a client of its own, with the token of the account
 *    the operation belongs to, for as long as the engine lives (a member who signed out
 *    with operations queued still has them sent). See "The outbox drain" below.
 *  - An event that makes the engine refetch a meeting has its seq stored with that
 *    meeting in one store transaction; other events' seqs go alone, held back while such
 *    fetches are outstanding. A session resumes from the stored position.
 *  - Annotations (issue #6): a member's changes are outbox operations like any other,
 *    but the engine takes each with the store first (which fixes its base_revision for
 *    good) and settles it with the store's annotation calls, so that a 200 moves the
 *    annotation's revision and a 409 conflict keeps both versions (the server's, and the
 *    local one as a copy) in one transaction. Others' changes come from the per-meeting
 *    feed, read after each meeting fetch, on `annotations.changed` and on `reset`.
 *  - The live meeting (issue #7): each live meeting's position, speakers' queue and
 *    quorum are read with its votes and after every reconnection of the event stream;
 *    position.changed / speakers.changed are taken from their data when their revision
 *    is above the one held; the last state of each is kept in the store. A member's own
 *    live actions (the floor, check-out) go through the outbox; the chair's go directly
 *    (plenum_sync_engine_send_async(), used by PlenumChair).
 *  - After a sync pass the terminal's readiness goes to the server (not queued: state).
 *  - While nobody is signed in, the same sync runs with the terminal credential
 *    ("terminal_mode": store calls with account NULL, "Authorization: Terminal"); a
 *    sign-in replaces it, a sign-out brings it back, `terminal_revoked` ends it for good
 *    (the credential is forgotten). Sign-in goes over the outbox's client, with the
 *    terminal credential on that one request only, so that wrong PINs count against
 *    this terminal rather than against the name everywhere (docs/protocol.md,
 *    "Guessing PINs"); `terminal_wipe` on any request erases the terminal's data,
 *    confirms it and forgets the credential (docs/protocol.md, "Wiping a terminal").
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-sync"

#include <string.h>

#include "core/plenum-core.h"
#include "net/plenum-http-client.h"
#include "plenum-sync-engine.h"

#define DEFAULT_OFFLINE_DELAY_MS  3000
#define DEFAULT_RECONNECT_MIN_MS  1000
#define DEFAULT_RECONNECT_MAX_MS  60000
#define DEFAULT_PARALLEL          3
/* Old packets are looked for after a sync pass, at most this often. */
#define PRUNE_INTERVAL            (G_TIME_SPAN_HOUR)
#define MAX_PARALLEL              16
#define PROGRESS_INTERVAL_MS      250
/* Readiness reports come at most this often (a room of a few hundred terminals that
 * download a new packet at once sends a few dozen a second). */
#define DEFAULT_STATUS_INTERVAL_MS 5000
/* A readiness report after a sync pass waits this long for the store's last writes. */
#define STATUS_SETTLE_MS          500
/* Failures of one blob that are not the network's (a hash mismatch, a disk error, a
 * server error) before the engine stops trying it until the next refresh or sync. */
#define MAX_BLOB_BAD_ATTEMPTS     5
/* The event that says a meeting's annotations changed (docs/protocol.md, "Events"). */
#define EVENT_ANNOTATIONS_CHANGED "annotations.changed"
/* The events of votes ("vote.opened", "vote.ballot", "vote.closed", "vote.annulled"):
 * each makes the engine read the meeting's votes again. */
#define EVENT_VOTE_PREFIX "vote."
/* The events of opinion rounds ("opinion.opened", "opinion.answered",
 * "opinion.closed"): each makes the engine read the meeting's rounds again. */
#define EVENT_OPINION_PREFIX "opinion."
/* A conflict of interest was declared or withdrawn: the quorum is read again. */
#define EVENT_CONFLICT_CHANGED "conflict.changed"
/* The last contact with the server goes to the store at most this often (and at once
 * after a time without the server): the lease counts in minutes at least. */
#define CONTACT_SAVE_INTERVAL     (30 * G_TIME_SPAN_SECOND)
/* A wipe step that failed (the disk, the network) is tried again after the reconnect
 * backoff; blob files still held by a stopping download, after this. */
#define WIPE_BUSY_RETRY_MS        50

G_DEFINE_QUARK (plenum-sync-error-quark, plenum_sync_error)

/* One blob wanted by some document. */
typedef struct {
  char                *sha256;
  guint64              size;
  gint64               distance;      /* |meeting start − now| in s: smaller goes first */
  guint                order;         /* position in the meeting, for ties */
  PlenumDocumentState  state;
  guint64              bytes_present; /* for progress; the writer's offset while active */
  guint                failures;      /* consecutive failures: the backoff's exponent */
  guint                bad_attempts;  /* consecutive failures that are not the network's */
  gint64               retry_at;      /* monotonic µs; 0: whenever */
  gboolean             active;        /* a download (or its writer) is running */
  gboolean             wanted;        /* named by a document in the last rebuild */
  gboolean             current;       /* … as its current version (not only as a
                                       * superseded one): counted in the progress */
  gboolean             given_up;      /* no retry until refresh/next sync */
  gboolean             dirty;         /* bytes changed since the last progress flush */
} BlobEntry;

struct _PlenumSyncEngine
{
  GObject              parent_instance;

  /* Everything below belongs to the thread that made the engine (`thread`), whose
   * thread-default main context is `context`: public calls come from it (asserted),
   * every source is attached to `context`, every callback runs there. */
  GThread             *thread;
  GMainContext        *context;

  PlenumStore         *store;
  PlenumBlobStore     *blobs;
  char                *server_url;
  PlenumHttpClient    *client;        /* NULL without a server */
  /* TLS settings (plenum_sync_engine_set_tls), applied to every client made. */
  char                *ca_file;
  char                *pinned_key;    /* "sha256//…" or NULL */
  gboolean             allow_insecure_http;
  gulong               store_meetings_changed_id;

  guint                offline_delay_ms;
  guint                reconnect_min_ms;
  guint                reconnect_max_ms;
  guint                parallel;

  /* The session. */
  PlenumMember        *account;
  GListStore          *meetings;      /* of PlenumMeeting summaries */
  GCancellable        *session;       /* cancelled when the session or its sync ends */
  gboolean             has_token;     /* the client holds a member token or the terminal
                                       * credential: sync runs */
  gboolean             terminal_mode; /* … and it is the terminal credential (nobody is
                                       * signed in; store calls use account NULL) */
  gboolean             revoked;       /* the server said the terminal was revoked */
  char                *last_event_id;

  /* Online state. */
  gboolean             online;
  GDateTime           *offline_since;
  GDateTime           *first_failure; /* start of the current run of network failures */
  GSource             *offline_timer;

  /* Meetings. */
  gboolean             list_running;
  gboolean             list_again;
  gboolean             list_again_full;
  GHashTable          *meeting_fetches; /* meeting id → GINT_TO_POINTER (fetch again) */
  GHashTable          *annotation_feeds; /* meeting id → GINT_TO_POINTER (read again) */
  GHashTable          *list_reads;      /* "votes/meeting id", "opinion-rounds/meeting
                                         * id" → GINT_TO_POINTER (read again) */
  GHashTable          *live_reads;      /* "kind/meeting id" → GINT_TO_POINTER (read
                                         * again): position, speakers, quorum */
  GHashTable          *live_revisions;  /* "kind/meeting id" → gint64 *: the revision of
                                         * the position or queue last taken (its save
                                         * may still be on the writer thread); -1: take
                                         * whatever the server says next (after `reset`) */
  GHashTable          *rereads;         /* "what/meeting id" of reads that failed for
                                         * want of a network, tried again by
                                         * reread_timer */
  GSource             *reread_timer;
  guint                reread_attempts;
  GSource             *resync_timer;
  guint                resync_failures;
  GSource             *meetings_idle;   /* the store said its meetings changed */

  /* Retention: meetings that started longer ago than this are neither fetched nor
   * kept; the store is pruned after a sync pass, at most once per PRUNE_INTERVAL. */
  GTimeSpan            retention;
  gint64               last_prune_us;   /* monotonic; 0: not yet */
  gboolean             pruning;
  /* A prune found unwanted blobs still being written (a download cancelled at sign-out
   * finishing its rename): it runs again shortly, a bounded number of times. */
  GSource             *prune_retry_timer;
  guint                prune_retries;

  /* Blobs. */
  GHashTable          *entries;         /* sha256 → BlobEntry */
  gboolean             disk_full_reported; /* until a blob is verified again */
  guint                n_downloads;
  GSource             *retry_timer;

  /* Event stream. */
  PlenumEventStream   *stream;
  GSource             *reconnect_timer;
  guint                reconnect_attempts;
  gboolean             stream_failed;   /* resync when the next stream opens */
  /* The applied event position (the store's, per account), moved in the same
   * transaction as the change an event caused: meeting id → the highest seq of an
   * event that asked for that meeting and is not applied yet; and the seq of events
   * that change nothing, held back while such fetches are outstanding (so that the
   * position never passes an event that is not applied). */
  GHashTable          *event_seqs;
  gint64               deferred_seq;

  /* Published progress (what the properties say). */
  gboolean             syncing;
  guint64              bytes_total;
  guint64              bytes_done;
  guint                documents_total;
  guint                documents_done;
  GSource             *progress_timer;

  /* The outbox drain. It lives as long as the engine, not the session: a member who
   * signs out with operations queued still has them sent with the token the store
   * keeps for that. One operation at a time over its own client (whose token is set
   * per request to the operation's account's); `outbox_cancellable` is cancelled at
   * dispose only. */
  PlenumHttpClient    *outbox_client;   /* NULL without a server */
  GCancellable        *outbox_cancellable;
  GHashTable          *outbox_names;    /* account id → sign-in name (token lookup) */
  GHashTable          *outbox_blocked;  /* account ids whose token the server refused:
                                         * not drained until they sign in again */
  gboolean             outbox_busy;     /* a request or its settling write is running */
  GSource             *outbox_timer;    /* the backoff after a transient failure */
  guint                outbox_failures;
  gboolean             outbox_unreachable; /* the last failure had no answer */
  guint                pending_operations;
  gulong               store_outbox_changed_id;

  /* Readiness reports (state, not operations: never queued in the outbox). */
  guint                status_interval_ms;
  gint64               status_last;     /* monotonic µs of the last report started; 0 */
  gboolean             status_running;
  gboolean             status_again;    /* a pass ended while a report was running: its
                                         * state goes in another report after it */
  GSource             *status_timer;

  /* Issue #8: the wipe the committee office asked for (401 terminal_wipe). While
   * `wiping` nothing syncs and nothing is sent; the steps (erase, confirm, forget the
   * credential) run one after the other from `wipe_timer`, each tried again until done.
   * `wipe_cancellable` is cancelled at dispose only. */
  gboolean             wiping;
  gboolean             wiped;           /* done: the terminal must be enrolled again */
  GSource             *wipe_timer;
  guint                wipe_failures;
  GCancellable        *wipe_cancellable;

  /* The lease: the last answer from the server (in memory at once; in the store at most
   * every CONTACT_SAVE_INTERVAL, and at once after a failure). */
  GDateTime           *last_contact;    /* NULL: never */
  gint64               contact_saved_us; /* monotonic; 0: not since the start */
  gboolean             contact_lost;    /* a request found no server since the last save */

  /* A packet dropped documents or superseded versions: prune after this pass, whatever
   * the interval (a retracted document must not stay on the terminal). */
  gboolean             prune_now;
};

G_DEFINE_FINAL_TYPE (PlenumSyncEngine, plenum_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SERVER_URL,
  PROP_ACCOUNT,
  PROP_ONLINE,
  PROP_OFFLINE_SINCE,
  PROP_SYNCING,
  PROP_BYTES_TOTAL,
  PROP_BYTES_DONE,
  PROP_DOCUMENTS_TOTAL,
  PROP_DOCUMENTS_DONE,
  PROP_PENDING_OPERATIONS,
  PROP_REVOKED,
  PROP_TERMINAL_SYNCING,
  PROP_WIPED,
  PROP_LAST_CONTACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_MEETINGS_CHANGED,
  SIGNAL_MEETING_CHANGED,
  SIGNAL_DOCUMENT_CHANGED,
  SIGNAL_SYNC_ERROR,
  SIGNAL_SERVER_EVENT,
  SIGNAL_OPERATION_REFUSED,
  SIGNAL_OPERATION_SENT,
  SIGNAL_STATUS_REPORTED,
  SIGNAL_PRUNED,
  SIGNAL_ANNOTATIONS_CHANGED,
  SIGNAL_VOTES_CHANGED,
  SIGNAL_POSITION_CHANGED,
  SIGNAL_SPEAKERS_CHANGED,
  SIGNAL_QUORUM_CHANGED,
  SIGNAL_OPINIONS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The lists of a meeting read whole (see "Votes and opinion rounds"). */
typedef enum {
  MEETING_LIST_VOTES,
  MEETING_LIST_OPINIONS,
} MeetingList;

static void sync_all            (PlenumSyncEngine *self,
                                 gboolean          full);
static void fetch_meeting       (PlenumSyncEngine *self,
                                 const char       *meeting_id);
static void pump_downloads      (PlenumSyncEngine *self);
static void open_stream         (PlenumSyncEngine *self);
static void rebuild_blobs       (PlenumSyncEngine *self);
static void schedule_progress   (PlenumSyncEngine *self);
static void update_syncing      (PlenumSyncEngine *self);
static void session_expired     (PlenumSyncEngine *self,
                                 const GError     *error);
static void outbox_server_back  (PlenumSyncEngine *self);
static void schedule_status     (PlenumSyncEngine *self);
static void terminal_revoked    (PlenumSyncEngine *self,
                                 const GError     *error);
static void start_terminal_sync (PlenumSyncEngine *self);
static void begin_wipe          (PlenumSyncEngine *self);
static void maybe_prune         (PlenumSyncEngine *self);
static void fetch_annotations   (PlenumSyncEngine *self,
                                 const char       *meeting_id);
static void fetch_all_annotations (PlenumSyncEngine *self);
static void fetch_list          (PlenumSyncEngine *self,
                                 const char       *meeting_id,
                                 MeetingList       list);
static void fetch_live_votes    (PlenumSyncEngine *self,
                                 const char       *meeting_id);
static void fetch_live          (PlenumSyncEngine *self,
                                 const char       *meeting_id,
                                 PlenumLiveKind    kind);
static void fetch_all_live      (PlenumSyncEngine *self);
static void reread_later        (PlenumSyncEngine *self,
                                 const char       *what,
                                 const char       *meeting_id);
static void take_live           (PlenumSyncEngine *self,
                                 const char       *meeting_id,
                                 PlenumLiveKind    kind,
                                 const cJSON      *node,
                                 gboolean          from_event);

/* Small helpers */

static void
assert_owner (PlenumSyncEngine *self)
{
  g_assert (self->thread == g_thread_self ());
}

static void
wipe_string (char *text)
{
  if (text != NULL)
    explicit_bzero (text, strlen (text));
}

static GSource *
attach_timeout (PlenumSyncEngine *self,
                guint             ms,
                GSourceFunc       func,
                const char       *name)
{
  GSource *source = g_timeout_source_new (ms);

  g_source_set_callback (source, func, self, NULL);
  g_source_set_static_name (source, name);
  g_source_attach (source, self->context);
  return source;
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

/* Exponential backoff with jitter: a delay in [lower, 2 × lower], lower = min × 2^n,
 * everything within [min, max]. */
static guint
backoff_delay (PlenumSyncEngine *self,
               guint             attempt)
{
  guint64 lower = self->reconnect_min_ms;
  guint64 upper;

  for (guint i = 0; i < attempt && lower < self->reconnect_max_ms; i++)
    lower *= 2;
  lower = MIN (lower, self->reconnect_max_ms);
  upper = MIN (lower * 2, self->reconnect_max_ms);
  if (upper <= lower)
    return (guint) lower;
  return (guint) g_random_int_range ((gint32) lower, (gint32) upper + 1);
}

static gboolean
is_http_error (const GError *error,
               int           code)
{
  return g_error_matches (error, PLENUM_HTTP_ERROR, code);
}

static gboolean
is_auth_error (const GError *error)
{
  return is_http_error (error, PLENUM_HTTP_ERROR_UNAUTHORIZED) ||
         is_http_error (error, PLENUM_HTTP_ERROR_TOKEN_EXPIRED) ||
         is_http_error (error, PLENUM_HTTP_ERROR_TERMINAL_REVOKED) ||
         is_http_error (error, PLENUM_HTTP_ERROR_TERMINAL_WIPE);
}

/* The store's key of what the session syncs: the member's id, or NULL for the
 * terminal credential. */
static const char *
sync_account_id (PlenumSyncEngine *self)
{
  return self->account != NULL ? plenum_member_get_id (self->account) : NULL;
}

/* The server was not reached, or its answer was lost: this is what "offline" means. */
static gboolean
is_network_error (const GError *error)
{
  return is_http_error (error, PLENUM_HTTP_ERROR_UNREACHABLE) ||
         is_http_error (error, PLENUM_HTTP_ERROR_TIMEOUT) ||
         is_http_error (error, PLENUM_HTTP_ERROR_CONNECTION_LOST) ||
         is_http_error (error, PLENUM_HTTP_ERROR_TLS);
}

static void
emit_sync_error (PlenumSyncEngine *self,
                 PlenumSyncError   code,
                 const char       *format,
                 ...) G_GNUC_PRINTF (3, 4);

static void
emit_sync_error (PlenumSyncEngine *self,
                 PlenumSyncError   code,
                 const char       *format,
                 ...)
{
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (PLENUM_SYNC_ERROR, code, format, args);
  va_end (args);
  g_message ("%s", error->message);
  g_signal_emit (self, signals[SIGNAL_SYNC_ERROR], 0, error);
}

/* The sync error for a failed store write of what the server sent: data the store
 * refused is the server's fault; a full disk is said as such. */
static PlenumSyncError
store_failure_code (const GError *error)
{
  if (g_error_matches (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID))
    return PLENUM_SYNC_ERROR_SERVER;
  if (g_error_matches (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_FULL))
    return PLENUM_SYNC_ERROR_DISK_FULL;
  return PLENUM_SYNC_ERROR_STORAGE;
}

/* Fire-and-forget store writes (settings, blob states): a failure is only logged, the
 * engine works on without it. No engine pointer: safe after dispose. */
static void
on_store_write_done_cb (GObject      *source_object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  const char *what = user_data;
  gboolean ok = FALSE;

  if (g_str_equal (what, "setting"))
    ok = plenum_store_set_setting_finish (PLENUM_STORE (source_object), result, &error);
  else if (g_str_equal (what, "blob state"))
    ok = plenum_store_set_blob_state_finish (PLENUM_STORE (source_object), result, &error);
  else if (g_str_equal (what, "token"))
    ok = plenum_store_forget_token_finish (PLENUM_STORE (source_object), result, &error);
  else if (g_str_equal (what, "event position"))
    ok = plenum_store_set_last_event_seq_finish (PLENUM_STORE (source_object), result, &error);
  else if (g_str_equal (what, "terminal credential"))
    ok = plenum_store_terminal_credential_finish (PLENUM_STORE (source_object), result, &error);
  else
    g_assert_not_reached ();
  if (!ok)
    g_message ("Could not save a %s: %s", what, error->message);
}

static void
save_setting (PlenumSyncEngine *self,
              const char       *key,
              const char       *value)
{
  plenum_store_set_setting_async (self->store, key, value, NULL, on_store_write_done_cb,
                                  (gpointer) "setting");
}

/* An asynchronous step of a session. It holds the session's cancellable, not the engine:
 * while that is not cancelled the engine is alive and the session the same. */
typedef struct {
  PlenumSyncEngine *self;
  GCancellable     *cancellable;
  char             *id;          /* a meeting id or a blob hash, or NULL */
  gint64            seq;         /* a meeting fetch asked for by an event: its seq (the
                                  * position stored with the result); else -1 */
  GPtrArray        *ids;         /* meeting ids of a list */
} Op;

static Op *
op_new (PlenumSyncEngine *self,
        const char       *id)
{
  Op *op = g_new0 (Op, 1);

  op->self = self;
  op->cancellable = g_object_ref (self->session);
  op->id = g_strdup (id);
  op->seq = -1;
  return op;
}

static void
op_free (Op *op)
{
  g_clear_object (&op->cancellable);
  g_clear_pointer (&op->id, g_free);
  g_clear_pointer (&op->ids, g_ptr_array_unref);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

static gboolean
op_cancelled (Op *op)
{
  return g_cancellable_is_cancelled (op->cancellable);
}

/* Online state */

static void
set_offline_since (PlenumSyncEngine *self,
                   GDateTime        *since)
{
  g_autofree char *text = NULL;

  if (since == NULL && self->offline_since == NULL)
    return;
  if (since != NULL && self->offline_since != NULL &&
      g_date_time_equal (since, self->offline_since))
    return;
  g_clear_pointer (&self->offline_since, g_date_time_unref);
  if (since != NULL)
    {
      self->offline_since = g_date_time_ref (since);
      text = plenum_time_format (since);
    }
  save_setting (self, PLENUM_STORE_SETTING_OFFLINE_SINCE, text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_SINCE]);
}

static void
set_online (PlenumSyncEngine *self,
            gboolean          online)
{
  if (self->online == online)
    return;
  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

/* The server answered: the lease runs from now. In memory at once; in the store when
 * it has not been told for a while, or after a time without the server (so that the
 * stored time is never much older than the truth, and a restart finds it). */
static void
note_contact (PlenumSyncEngine *self)
{
  gint64 now = g_get_monotonic_time ();

  g_clear_pointer (&self->last_contact, g_date_time_unref);
  self->last_contact = g_date_time_new_now_utc ();
  if (self->contact_saved_us != 0 && !self->contact_lost &&
      now - self->contact_saved_us < CONTACT_SAVE_INTERVAL)
    return;
  self->contact_saved_us = now;
  self->contact_lost = FALSE;
  plenum_store_set_last_contact_async (self->store, self->last_contact, NULL,
                                       on_store_write_done_cb, (gpointer) "setting");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_CONTACT]);
}

/* The server answered something (even an error): it is reachable. */
static void
note_success (PlenumSyncEngine *self)
{
  note_contact (self);
  clear_source (&self->offline_timer);
  g_clear_pointer (&self->first_failure, g_date_time_unref);
  self->reread_attempts = 0;
  outbox_server_back (self);
  if (self->online && self->offline_since == NULL)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  set_online (self, TRUE);
  set_offline_since (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
go_offline (PlenumSyncEngine *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  clear_source (&self->offline_timer);
  if (!self->online)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  set_online (self, FALSE);
  set_offline_since (self, self->first_failure != NULL ? self->first_failure : now);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
offline_timer_cb (gpointer user_data)
{
  PlenumSyncEngine *self = user_data;

  go_offline (self);
  return G_SOURCE_REMOVE;
}

/* The server could not be reached. "online" goes FALSE only when nothing succeeds for
 * the offline delay, so a blip does not flash the offline banner. */
static void
note_failure (PlenumSyncEngine *self)
{
  self->contact_lost = TRUE;
  if (self->first_failure == NULL)
    self->first_failure = g_date_time_new_now_utc ();
  if (!self->online || self->offline_timer != NULL)
    return;
  self->offline_timer = attach_timeout (self, self->offline_delay_ms, offline_timer_cb,
                                        "plenum-sync offline delay");
}

/* Progress */

static void
set_uint64_prop (PlenumSyncEngine *self,
                 guint64          *field,
                 guint64           value,
                 guint             prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_uint_prop (PlenumSyncEngine *self,
               guint            *field,
               guint             value,
               guint             prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
flush_progress (PlenumSyncEngine *self)
{
  g_autoptr(GPtrArray) dirty = g_ptr_array_new_with_free_func (g_free);
  guint64 bytes_total = 0, bytes_done = 0;
  guint documents_total = 0, documents_done = 0;
  GHashTableIter iter;
  BlobEntry *entry;

  clear_source (&self->progress_timer);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (entry->dirty)
        {
          entry->dirty = FALSE;
          g_ptr_array_add (dirty, g_strdup (entry->sha256));
        }
      /* The progress (and the readiness it feeds) is of the packet's current
       * documents; earlier versions come along without counting. */
      if (!entry->wanted || !entry->current)
        continue;
      documents_total++;
      bytes_total += entry->size;
      if (entry->state == PLENUM_DOCUMENT_STATE_VERIFIED)
        {
          documents_done++;
          bytes_done += entry->size;
        }
      else
        bytes_done += MIN (entry->bytes_present, entry->size);
    }

  g_object_freeze_notify (G_OBJECT (self));
  set_uint64_prop (self, &self->bytes_total, bytes_total, PROP_BYTES_TOTAL);
  set_uint64_prop (self, &self->bytes_done, bytes_done, PROP_BYTES_DONE);
  set_uint_prop (self, &self->documents_total, documents_total, PROP_DOCUMENTS_TOTAL);
  set_uint_prop (self, &self->documents_done, documents_done, PROP_DOCUMENTS_DONE);
  g_object_thaw_notify (G_OBJECT (self));

  for (guint i = 0; i < dirty->len; i++)
    g_signal_emit (self, signals[SIGNAL_DOCUMENT_CHANGED], 0, g_ptr_array_index (dirty, i));
}

static gboolean
progress_timer_cb (gpointer user_data)
{
  PlenumSyncEngine *self = user_data;

  flush_progress (self);
  return G_SOURCE_REMOVE;
}

/* Progress is published at most every PROGRESS_INTERVAL_MS. */
static void
schedule_progress (PlenumSyncEngine *self)
{
  if (self->progress_timer != NULL)
    return;
  self->progress_timer = attach_timeout (self, PROGRESS_INTERVAL_MS, progress_timer_cb,
                                         "plenum-sync progress");
}

/* TRUE for a meeting that started longer ago than the retention period: its packet is
 * not fetched, and the next prune removes it. */
static gboolean
meeting_expired (PlenumSyncEngine *self,
                 PlenumMeeting    *meeting)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  return g_date_time_to_unix (plenum_meeting_get_starts_at (meeting)) <
         now - self->retention / G_TIME_SPAN_SECOND;
}

/* For store calls that must not keep the engine alive: the callback gets the engine
 * back (a new reference) or NULL when it is gone. */
static GWeakRef *
weak_engine_new (PlenumSyncEngine *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

static PlenumSyncEngine *
weak_engine_steal (gpointer user_data)
{
  GWeakRef *ref = user_data;
  PlenumSyncEngine *self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return self;
}

static gboolean
prune_retry_timer_cb (gpointer user_data)
{
  PlenumSyncEngine *self = user_data;

  clear_source (&self->prune_retry_timer);
  self->prune_now = TRUE;
  maybe_prune (self);
  return G_SOURCE_REMOVE;
}

/* After a prune: blobs no meeting wants that were still being written are removed by
 * another prune once their writers are done (a writer ends within moments of its
 * download's cancellation; a download that goes on is given up on after PRUNE_RETRIES). */
#define PRUNE_RETRIES       40
#define PRUNE_RETRY_MS      250

static void
prune_again_if_busy (PlenumSyncEngine *self,
                     guint             blobs_busy)
{
  if (blobs_busy == 0)
    {
      self->prune_retries = 0;
      return;
    }
  if (self->prune_retry_timer != NULL || self->prune_retries >= PRUNE_RETRIES)
    return;
  self->prune_retries++;
  self->prune_retry_timer = attach_timeout (self, PRUNE_RETRY_MS, prune_retry_timer_cb,
                                            "plenum-sync prune retry");
}

static void
on_pruned_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PlenumSyncEngine) self = weak_engine_steal (user_data);
  g_autoptr(GError) error = NULL;
  guint meetings = 0, blobs = 0, busy = 0;
  gboolean ok;

  ok = plenum_store_prune_finish (PLENUM_STORE (source_object), result, &meetings, &blobs,
                                  &busy, &error);
  if (self == NULL)
    return;
  self->pruning = FALSE;
  if (!ok)
    {
      g_message ("Removing old packets failed (tried again later): %s", error->message);
      return;
    }
  if (meetings > 0 || blobs > 0)
    g_message ("Removed %u old meetings and %u documents no meeting needs any more",
               meetings, blobs);
  g_signal_emit (self, signals[SIGNAL_PRUNED], 0, meetings, blobs);
  prune_again_if_busy (self, busy);
  /* A packet that dropped documents came while this prune ran. */
  if (self->prune_now && !self->syncing)
    maybe_prune (self);
}

/* After a sync pass: old packets go (never an upcoming meeting's: see
 * plenum_store_prune_async()). */
static void
maybe_prune (PlenumSyncEngine *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->pruning || self->wiping ||
      (!self->prune_now && self->last_prune_us != 0 &&
       now - self->last_prune_us < PRUNE_INTERVAL))
    return;
  self->prune_now = FALSE;
  self->pruning = TRUE;
  self->last_prune_us = now;
  {
    g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();

    plenum_store_prune_async (self->store, utc, self->retention, NULL, on_pruned_cb,
                              weak_engine_new (self));
  }
}

static void
update_syncing (PlenumSyncEngine *self)
{
  gboolean syncing = self->has_token &&
                     (self->list_running ||
                      g_hash_table_size (self->meeting_fetches) > 0 ||
                      self->n_downloads > 0);

  if (self->syncing == syncing)
    return;
  /* Whoever sees "syncing" go FALSE sees the final progress with it. */
  if (!syncing && self->progress_timer != NULL)
    flush_progress (self);
  self->syncing = syncing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
  /* A sync pass ended: tell the server how ready this terminal is, and let old
   * packets go. */
  if (!syncing)
    {
      schedule_status (self);
      maybe_prune (self);
    }
}

/* The meeting list model */

static char *
meeting_summary_text (PlenumMeeting *meeting)
{
  g_autoptr(cJSON) json = plenum_meeting_to_summary_json (meeting);

  return plenum_json_print (json);
}

static gboolean
meeting_lists_equal (GListModel *a,
                     GListModel *b)
{
  guint n = g_list_model_get_n_items (a);

  if (n != g_list_model_get_n_items (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlenumMeeting) ma = g_list_model_get_item (a, i);
      g_autoptr(PlenumMeeting) mb = g_list_model_get_item (b, i);
      g_autofree char *ta = meeting_summary_text (ma);
      g_autofree char *tb = meeting_summary_text (mb);

      if (!g_str_equal (ta, tb))
        return FALSE;
    }
  return TRUE;
}

/* Reloads the member's meetings from the store into the model (in place). */
static void
reload_meetings (PlenumSyncEngine *self)
{
  g_autoptr(GListModel) fresh = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  if (self->account != NULL || self->terminal_mode)
    fresh = plenum_store_list_meetings (self->store, sync_account_id (self));
  else
    fresh = G_LIST_MODEL (g_list_store_new (PLENUM_TYPE_MEETING));

  if (meeting_lists_equal (G_LIST_MODEL (self->meetings), fresh))
    return;
  n = g_list_model_get_n_items (fresh);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (fresh, i));
  g_list_store_splice (self->meetings, 0, g_list_model_get_n_items (G_LIST_MODEL (self->meetings)),
                       items->pdata, items->len);
  g_signal_emit (self, signals[SIGNAL_MEETINGS_CHANGED], 0);
}

static gboolean
meetings_idle_cb (gpointer user_data)
{
  PlenumSyncEngine *self = user_data;

  clear_source (&self->meetings_idle);
  reload_meetings (self);
  rebuild_blobs (self);
  return G_SOURCE_REMOVE;
}

/* The store's "meetings-changed": coalesced into one reload per main loop turn. */
static void
on_store_meetings_changed_cb (PlenumStore      *store,
                              PlenumSyncEngine *self)
{
  GSource *source;

  if (self->meetings_idle != NULL || (self->account == NULL && !self->terminal_mode))
    return;
  source = g_idle_source_new ();
  g_source_set_callback (source, meetings_idle_cb, self, NULL);
  g_source_set_static_name (source, "plenum-sync meetings changed");
  g_source_attach (source, self->context);
  self->meetings_idle = source;
}

static gboolean
meeting_is_listed (PlenumSyncEngine *self,
                   const char       *meeting_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->meetings));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlenumMeeting) meeting = g_list_model_get_item (G_LIST_MODEL (self->meetings), i);

      if (g_str_equal (plenum_meeting_get_id (meeting), meeting_id))
        return TRUE;
    }
  return FALSE;
}

/* Blobs */

static void
blob_entry_free (gpointer data)
{
  BlobEntry *entry = data;

  g_free (entry->sha256);
  g_free (entry);
}

static void
emit_document_changed (PlenumSyncEngine *self,
                       BlobEntry        *entry)
{
  g_autofree char *sha256 = g_strdup (entry->sha256);

  entry->dirty = FALSE;
  schedule_progress (self);
  g_signal_emit (self, signals[SIGNAL_DOCUMENT_CHANGED], 0, sha256);
}

/* Works out the wanted blobs from the stored meetings of the member: every document of
 * every meeting with an agenda, the meeting nearest in time first. */

/* Marks the blob @sha256 of @size bytes as wanted (and @current: a document's current
 * version, counted in progress and readiness), making its entry from the blob store's
 * state when it has none; the nearest meeting (@distance) gives its download @order. */
static void
want_blob (PlenumSyncEngine *self,
           const char       *sha256,
           guint64           size,
           gboolean          current,
           gint64            distance,
           guint             order)
{
  BlobEntry *entry = g_hash_table_lookup (self->entries, sha256);

  if (entry == NULL)
    {
      g_autofree char *path = plenum_blob_store_lookup (self->blobs, sha256);

      entry = g_new0 (BlobEntry, 1);
      entry->sha256 = g_strdup (sha256);
      entry->size = size;
      entry->distance = G_MAXINT64;
      if (path != NULL)
        {
          entry->state = PLENUM_DOCUMENT_STATE_VERIFIED;
          entry->bytes_present = entry->size;
        }
      else
        {
          entry->state = PLENUM_DOCUMENT_STATE_MISSING;
          entry->bytes_present = plenum_blob_store_get_partial_size (self->blobs, sha256);
        }
      g_hash_table_insert (self->entries, entry->sha256, entry);
    }
  entry->wanted = TRUE;
  if (current)
    entry->current = TRUE;
  if (distance < entry->distance)
    {
      entry->distance = distance;
      entry->order = order;
    }
}

static void
rebuild_blobs (PlenumSyncEngine *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n_meetings;
  GHashTableIter iter;
  BlobEntry *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      entry->wanted = FALSE;
      entry->current = FALSE;
      entry->distance = G_MAXINT64;
    }

  n_meetings = g_list_model_get_n_items (G_LIST_MODEL (self->meetings));
  for (guint m = 0; m < n_meetings; m++)
    {
      g_autoptr(PlenumMeeting) summary = g_list_model_get_item (G_LIST_MODEL (self->meetings), m);
      g_autoptr(PlenumMeeting) meeting = NULL;
      g_autoptr(GError) error = NULL;
      GListModel *agenda;
      gint64 distance;
      guint order = 0;

      meeting = plenum_store_get_meeting (self->store, plenum_meeting_get_id (summary), &error);
      if (meeting == NULL)
        {
          g_debug ("Meeting %s not readable from the store: %s",
                   plenum_meeting_get_id (summary), error->message);
          continue;
        }
      agenda = plenum_meeting_get_agenda (meeting);
      if (agenda == NULL || meeting_expired (self, meeting))
        continue;
      distance = ABS (g_date_time_to_unix (plenum_meeting_get_starts_at (meeting)) - now);

      for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
        {
          g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
          GListModel *documents = plenum_agenda_item_get_documents (item);

          for (guint d = 0; d < g_list_model_get_n_items (documents); d++, order++)
            {
              g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, d);

              want_blob (self, plenum_document_get_sha256 (document),
                         (guint64) plenum_document_get_size (document), TRUE, distance, order);
            }
        }

      /* The versions revisions replaced, so that the member can read them offline:
       * after every current document of the meeting. */
      for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
        {
          g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
          GListModel *documents = plenum_agenda_item_get_documents (item);

          for (guint d = 0; d < g_list_model_get_n_items (documents); d++)
            {
              g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, d);

              for (guint v = 0; v < plenum_document_get_n_superseded (document); v++, order++)
                {
                  const PlenumDocumentVersion *version =
                    plenum_document_get_superseded (document, v);

                  want_blob (self, plenum_document_version_get_sha256 (version),
                             (guint64) plenum_document_version_get_size (version), FALSE,
                             distance, order);
                }
            }
        }
    }

  /* Forget what nobody names any more, unless a download of it is still running. */
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (!entry->wanted && !entry->active)
      g_hash_table_iter_remove (&iter);

  schedule_progress (self);
  pump_downloads (self);
}

static gboolean
retry_timer_cb (gpointer user_data)
{
  PlenumSyncEngine *self = user_data;

  clear_source (&self->retry_timer);
  pump_downloads (self);
  return G_SOURCE_REMOVE;
}

/* Makes every waiting blob due now (the server came back, or a refresh). */
static void
kick_blobs (PlenumSyncEngine *self,
            gboolean          forgive)
{
  GHashTableIter iter;
  BlobEntry *entry;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      entry->retry_at = 0;
      entry->failures = 0;
      if (forgive)
        {
          entry->bad_attempts = 0;
          entry->given_up = FALSE;
        }
    }
  pump_downloads (self);
}

/* A download */

typedef struct {
  PlenumSyncEngine *self;         /* valid while `cancellable` is not cancelled */
  GCancellable     *cancellable;
  char             *sha256;
  guint64           size;
  PlenumBlobWriter *writer;
} Job;

static void
job_clear (gpointer data)
{
  Job *job = data;

  /* Dropping an open writer keeps its partial file for a later resume. */
  g_clear_object (&job->writer);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->sha256, g_free);
}

static void
job_unref (gpointer job)
{
  g_rc_box_release_full (job, job_clear);
}

static BlobEntry *
job_entry (Job *job)
{
  return g_hash_table_lookup (job->self->entries, job->sha256);
}

static void
record_blob_state (PlenumSyncEngine *self,
                   const char       *sha256,
                   guint64           size,
                   PlenumBlobState   state,
                   guint64           bytes_present)
{
  plenum_store_set_blob_state_async (self->store, sha256, size, state, bytes_present, NULL,
                                     on_store_write_done_cb, (gpointer) "blob state");
}

static void
download_ended (PlenumSyncEngine *self,
                BlobEntry        *entry)
{
  g_assert (entry->active);
  g_assert (self->n_downloads > 0);
  entry->active = FALSE;
  self->n_downloads--;
}

static void
download_failed (Job          *job,
                 const GError *error)
{
  PlenumSyncEngine *self = job->self;
  BlobEntry *entry = job_entry (job);
  guint64 partial;

  g_assert (entry != NULL);
  download_ended (self, entry);

  if (is_auth_error (error))
    {
      entry->state = PLENUM_DOCUMENT_STATE_MISSING;
      session_expired (self, error);
      return;
    }

  entry->state = PLENUM_DOCUMENT_STATE_FAILED;
  entry->failures++;
  partial = plenum_blob_store_get_partial_size (self->blobs, entry->sha256);
  entry->bytes_present = partial;

  if (g_error_matches (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_FULL))
    {
      /* Not the blob's fault: say so at once (once until space is found again), keep
       * the partial file, and try again with the backoff. */
      g_message ("Download of blob %s stopped: the disk is full (%" G_GUINT64_FORMAT
                 " bytes kept)", entry->sha256, partial);
      if (!self->disk_full_reported)
        {
          self->disk_full_reported = TRUE;
          emit_sync_error (self, PLENUM_SYNC_ERROR_DISK_FULL,
                           "The terminal's storage is full: %s", error->message);
        }
    }
  else if (is_network_error (error))
    {
      note_failure (self);
      g_debug ("Download of blob %s interrupted (%s); %" G_GUINT64_FORMAT " bytes kept",
               entry->sha256, error->message, partial);
    }
  else
    {
      if (error->domain == PLENUM_HTTP_ERROR)
        note_success (self);
      entry->bad_attempts++;
      if (is_http_error (error, PLENUM_HTTP_ERROR_NOT_FOUND) ||
          is_http_error (error, PLENUM_HTTP_ERROR_FORBIDDEN))
        entry->given_up = TRUE;
      else if (entry->bad_attempts >= MAX_BLOB_BAD_ATTEMPTS)
        entry->given_up = TRUE;
      g_message ("Download of blob %s failed (attempt %u): %s", entry->sha256,
                 entry->bad_attempts, error->message);
      if (entry->given_up)
        {
          gboolean storage = error->domain == PLENUM_STORE_ERROR &&
                             error->code != PLENUM_STORE_ERROR_HASH_MISMATCH;

          emit_sync_error (self, storage ? PLENUM_SYNC_ERROR_STORAGE : PLENUM_SYNC_ERROR_SERVER,
                           "A document (blob %s) could not be downloaded: %s",
                           entry->sha256, error->message);
        }
    }

  record_blob_state (self, entry->sha256, entry->size,
                     partial > 0 ? PLENUM_BLOB_STATE_PARTIAL : PLENUM_BLOB_STATE_MISSING,
                     partial);
  entry->retry_at = g_get_monotonic_time () +
                    (gint64) backoff_delay (self, entry->failures - 1) * 1000;
  emit_document_changed (self, entry);
  update_syncing (self);
  pump_downloads (self);
}

static void
download_verified (Job        *job,
                   const char *path)
{
  PlenumSyncEngine *self = job->self;
  BlobEntry *entry = job_entry (job);

  g_assert (entry != NULL);
  download_ended (self, entry);
  entry->state = PLENUM_DOCUMENT_STATE_VERIFIED;
  entry->bytes_present = entry->size;
  entry->failures = 0;
  entry->bad_attempts = 0;
  self->disk_full_reported = FALSE;
  g_debug ("Blob %s verified at %s", entry->sha256, path);
  record_blob_state (self, entry->sha256, entry->size, PLENUM_BLOB_STATE_VERIFIED, entry->size);
  emit_document_changed (self, entry);
  update_syncing (self);
  pump_downloads (self);
}

static void
on_writer_finished_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = plenum_blob_writer_finish_finish (PLENUM_BLOB_WRITER (source_object), result, &error);
  if (!g_cancellable_is_cancelled (job->cancellable))
    {
      if (path == NULL)
        download_failed (job, error);
      else
        download_verified (job, path);
    }
  job_unref (job);
}

static void
finish_writer (Job *job)
{
  plenum_blob_writer_finish_async (job->writer, job->cancellable, on_writer_finished_cb, job);
}

/* Runs on the main context with each chunk (never after cancellation, so the engine is
 * alive). */
static gboolean
write_chunk (const PlenumHttpDownloadInfo *info,
             const guint8                 *data,
             gsize                         len,
             gpointer                      user_data,
             GError                      **error)
{
  Job *job = user_data;
  BlobEntry *entry = job_entry (job);

  if (info->received == 0)
    {
      note_success (job->self);
      if (info->range_ignored)
        {
          g_debug ("The server ignored Range for blob %s: starting again", job->sha256);
          if (!plenum_blob_writer_restart (job->writer, error))
            return FALSE;
        }
    }
  if (!(info->chunk != NULL ? plenum_blob_writer_write_bytes (job->writer, info->chunk, error)
                             : plenum_blob_writer_write (job->writer, data, len, error)))
    return FALSE;
  if (entry != NULL)
    {
      entry->bytes_present = plenum_blob_writer_get_offset (job->writer);
      entry->dirty = TRUE;
      schedule_progress (job->self);
    }
  return TRUE;
}

static void
on_download_done_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = plenum_http_client_download_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                 &error);
  if (g_cancellable_is_cancelled (job->cancellable))
    {
      job_unref (job);
      return;
    }
  if (response == NULL)
    {
      /* Bytes that cannot be right are thrown away; an interrupted prefix is kept. */
      gboolean discard = g_error_matches (error, PLENUM_STORE_ERROR,
                                          PLENUM_STORE_ERROR_HASH_MISMATCH) ||
                         is_http_error (error, PLENUM_HTTP_ERROR_RANGE_NOT_SATISFIABLE) ||
                         is_http_error (error, PLENUM_HTTP_ERROR_BAD_RESPONSE);

      plenum_blob_writer_abort (job->writer, discard);
      download_failed (job, error);
      job_unref (job);
      return;
    }
  note_success (job->self);
  finish_writer (job);
}

static void
on_writer_ready_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  BlobEntry *entry;
  guint64 offset;

  job->writer = plenum_blob_store_begin_write_finish (PLENUM_BLOB_STORE (source_object), result,
                                                      &error);
  if (g_cancellable_is_cancelled (job->cancellable))
    {
      job_unref (job);
      return;
    }
  if (job->writer == NULL)
    {
      download_failed (job, error);
      job_unref (job);
      return;
    }

  entry = job_entry (job);
  offset = plenum_blob_writer_get_offset (job->writer);
  entry->bytes_present = offset;
  if (offset > 0)
    g_debug ("Resuming blob %s at byte %" G_GUINT64_FORMAT, job->sha256, offset);
  if (offset >= job->size)
    {
      /* Every byte is there already (a crash before the check): check it. */
      finish_writer (job);
      return;
    }

  path = g_strconcat ("/api/v1/blobs/", job->sha256, NULL);
  plenum_http_client_download_async (job->self->client, path, offset, write_chunk,
                                     g_rc_box_acquire (job), job_unref, job->cancellable,
                                     on_download_done_cb, job);
}

static void
start_download (PlenumSyncEngine *self,
                BlobEntry        *entry)
{
  Job *job = g_rc_box_new0 (Job);

  job->self = self;
  job->cancellable = g_object_ref (self->session);
  job->sha256 = g_strdup (entry->sha256);
  job->size = entry->size;

  entry->active = TRUE;
  entry->state = PLENUM_DOCUMENT_STATE_DOWNLOADING;
  self->n_downloads++;
  emit_document_changed (self, entry);
  update_syncing (self);

  plenum_blob_store_begin_write_async (self->blobs, entry->sha256, entry->size, self->session,
                                       on_writer_ready_cb, job);
}

static gboolean
entry_is_due (BlobEntry *entry,
              gint64     now)
{
  return entry->wanted && !entry->active && !entry->given_up &&
         (entry->state == PLENUM_DOCUMENT_STATE_MISSING ||
          entry->state == PLENUM_DOCUMENT_STATE_FAILED) &&
         entry->retry_at <= now;
}

/* Nearest meeting first, then agenda order, then the hash (for a stable order). */
static gboolean
entry_before (BlobEntry *a,
              BlobEntry *b)
{
  if (a->distance != b->distance)
    return a->distance < b->distance;
  if (a->order != b->order)
    return a->order < b->order;
  return strcmp (a->sha256, b->sha256) < 0;
}

/* Starts downloads up to the parallel limit, and arms the retry timer for the next
 * blob that waits for its backoff. */
static void
pump_downloads (PlenumSyncEngine *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 next_retry = G_MAXINT64;
  GHashTableIter iter;
  BlobEntry *entry;

  if (!self->has_token || self->client == NULL)
    return;

  while (self->n_downloads < self->parallel)
    {
      BlobEntry *best = NULL;

      g_hash_table_iter_init (&iter, self->entries);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
        if (entry_is_due (entry, now) && (best == NULL || entry_before (entry, best)))
          best = entry;
      if (best == NULL)
        break;
      {
        /* Verified meanwhile (e.g. by another session): never fetched again. */
        g_autofree char *path = plenum_blob_store_lookup (self->blobs, best->sha256);

        if (path != NULL)
          {
            best->state = PLENUM_DOCUMENT_STATE_VERIFIED;
            best->bytes_present = best->size;
            emit_document_changed (self, best);
            continue;
          }
      }
      start_download (self, best);
    }

  clear_source (&self->retry_timer);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->wanted && !entry->active && !entry->given_up &&
        entry->state == PLENUM_DOCUMENT_STATE_FAILED && entry->retry_at > now)
      next_retry = MIN (next_retry, entry->retry_at);
  if (next_retry != G_MAXINT64)
    self->retry_timer = attach_timeout (self, (guint) ((next_retry - now + 999) / 1000),
                                        retry_timer_cb, "plenum-sync blob retry");
  update_syncing (self);
}

/* Meetings */

static gboolean
resync_timer_cb (gpointer user_data)
{
  PlenumSyncEngine *self = user_data;

  clear_source (&self->resync_timer);
  sync_all (self, FALSE);
  return G_SOURCE_REMOVE;
}

/* A meeting request failed: decide what it means and when to try again. */
static void
meeting_request_failed (PlenumSyncEngine *self,
                        const GError     *error,
                        const char       *what)
{
  if (is_auth_error (error))
    {
      session_expired (self, error);
      return;
    }
  if (is_network_error (error))
    note_failure (self);
  else
    {
      note_success (self);
      if (!plenum_http_error_is_transient (error))
        emit_sync_error (self, PLENUM_SYNC_ERROR_SERVER, "The server refused %s: %s", what,
                         error->message);
    }

  /* Try again later; a stream that opens after a failure resyncs sooner. */
  if (self->resync_timer == NULL)
    self->resync_timer = attach_timeout (self, backoff_delay (self, self->resync_failures++),
                                         resync_timer_cb, "plenum-sync resync");
}

static void
write_event_position (PlenumSyncEngine *self,
                      gint64            seq)
{
  plenum_store_set_last_event_seq_async (self->store, sync_account_id (self),
                                         seq, NULL, on_store_write_done_cb,
                                         (gpointer) "event position");
}

/* An event that changes nothing stored: its position goes now, or after the event
 * fetches still outstanding. */
static void
record_event_position (PlenumSyncEngine *self,
                       gint64            seq)
{
  if (seq < 0 || (self->account == NULL && !self->terminal_mode))
    return;
  if (g_hash_table_size (self->event_seqs) > 0)
    {
      self->deferred_seq = MAX (self->deferred_seq, seq);
      return;
    }
  write_event_position (self, seq);
}

/* The fetch an event asked for is over (applied with its position, or failed: then the
 * next start's full sync makes up for it). */
static void
release_event_seq (PlenumSyncEngine *self,
                   const char       *meeting_id,
                   gint64            seq)
{
  gpointer value;

  if (seq < 0 || meeting_id == NULL)
    return;
  value = g_hash_table_lookup (self->event_seqs, meeting_id);
  if (value != NULL && *(gint64 *) value == seq)
    g_hash_table_remove (self->event_seqs, meeting_id);
  if (g_hash_table_size (self->event_seqs) == 0 && self->deferred_seq > 0)
    {
      gint64 deferred = self->deferred_seq;

      self->deferred_seq = 0;
      if (deferred > seq)
        write_event_position (self, deferred);
    }
}

static void meeting_done (PlenumSyncEngine *self,
                          const char       *meeting_id);

static void
meeting_op_done (Op *op)
{
  release_event_seq (op->self, op->id, op->seq);
  meeting_done (op->self, op->id);
}

static void
meeting_done (PlenumSyncEngine *self,
              const char       *meeting_id)
{
  gpointer again = NULL;
  g_autofree char *id = g_strdup (meeting_id);

  if (!g_hash_table_lookup_extended (self->meeting_fetches, id, NULL, &again))
    return;
  g_hash_table_remove (self->meeting_fetches, id);
  if (GPOINTER_TO_INT (again))
    fetch_meeting (self, id);
  update_syncing (self);
}

static void
on_meeting_saved_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  PlenumSyncEngine *self = op->self;

  if (!plenum_store_save_meeting_finish (PLENUM_STORE (source_object), result, &error))
    {
      if (op_cancelled (op))
        return;
      emit_sync_error (self, store_failure_code (error),
                       "Meeting %s could not be stored: %s", op->id, error->message);
      meeting_op_done (op);
      return;
    }
  if (op_cancelled (op))
    return;
  self->resync_failures = 0;
  fetch_annotations (self, op->id);
  fetch_live_votes (self, op->id);
  g_signal_emit (self, signals[SIGNAL_MEETING_CHANGED], 0, op->id);
  meeting_op_done (op);
}

static void
on_meeting_removed_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!plenum_store_remove_meeting_finish (PLENUM_STORE (source_object), result, &error))
    {
      if (!op_cancelled (op))
        emit_sync_error (op->self, PLENUM_SYNC_ERROR_STORAGE,
                         "Meeting %s could not be removed: %s", op->id, error->message);
    }
  if (!op_cancelled (op))
    meeting_op_done (op);
}

/* Checks a Meeting answer with the core model before anything is stored. */
static gboolean
check_meeting_json (const char  *text,
                    gsize        length,
                    const char  *meeting_id,
                    GError     **error)
{
  g_autoptr(cJSON) root = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;

  root = plenum_json_parse (text, (gssize) length, error);
  if (root == NULL)
    return FALSE;
  meeting = plenum_meeting_new_from_json (root, "", error);
  if (meeting == NULL)
    return FALSE;
  if (!g_str_equal (plenum_meeting_get_id (meeting), meeting_id))
    {
      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                   "id: “%s” is not the meeting that was asked for",
                   plenum_meeting_get_id (meeting));
      return FALSE;
    }
  if (!plenum_meeting_has_agenda (meeting))
    {
      g_set_error_literal (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_MISSING,
                           "agenda: missing");
      return FALSE;
    }
  return TRUE;
}

/* Adds every hash, current and superseded, of @meeting's agenda to @hashes. */
static void
collect_packet (PlenumMeeting *meeting,
                GHashTable    *hashes)
{
  GListModel *agenda = plenum_meeting_get_agenda (meeting);

  for (guint i = 0; agenda != NULL && i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      GListModel *documents = plenum_agenda_item_get_documents (item);

      for (guint d = 0; d < g_list_model_get_n_items (documents); d++)
        {
          g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, d);

          g_hash_table_add (hashes, g_strdup (plenum_document_get_sha256 (document)));
          for (guint v = 0; v < plenum_document_get_n_superseded (document); v++)
            g_hash_table_add (hashes, g_strdup (plenum_document_version_get_sha256 (
                                          plenum_document_get_superseded (document, v))));
        }
    }
}

/* TRUE when the new Meeting @text (already checked) no longer has a document or a
 * version that the stored one has: a retraction, or retired versions. Their files must
 * go at once (see maybe_prune()), not within the hour. */
static gboolean
packet_dropped (PlenumSyncEngine *self,
                const char       *meeting_id,
                const char       *text,
                gsize             length)
{
  g_autoptr(PlenumMeeting) stored = plenum_store_get_meeting (self->store, meeting_id, NULL);
  g_autoptr(PlenumMeeting) fresh = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GHashTable) old_hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) new_hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer hash;

  if (stored == NULL || !plenum_meeting_has_agenda (stored))
    return FALSE;
  root = plenum_json_parse (text, (gssize) length, NULL);
  if (root != NULL)
    fresh = plenum_meeting_new_from_json (root, "", NULL);
  if (fresh == NULL)
    return FALSE;
  collect_packet (stored, old_hashes);
  collect_packet (fresh, new_hashes);
  g_hash_table_iter_init (&iter, old_hashes);
  while (g_hash_table_iter_next (&iter, &hash, NULL))
    if (!g_hash_table_contains (new_hashes, hash))
      return TRUE;
  return FALSE;
}

static void
on_meeting_fetched_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  PlenumSyncEngine *self = op->self;
  GBytes *body;
  const char *data;
  gsize length;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (op_cancelled (op))
    return;
  if (response == NULL)
    {
      if (is_http_error (error, PLENUM_HTTP_ERROR_NOT_FOUND))
        {
          /* The member may no longer see it. */
          note_success (self);
          if (op->seq >= 0)
            plenum_store_apply_event_remove_meeting_async (self->store,
                                                           sync_account_id (self),
                                                           op->id, op->seq, op->cancellable,
                                                           on_meeting_removed_cb, op);
          else
            plenum_store_remove_meeting_async (self->store,
                                               sync_account_id (self),
                                               op->id, op->cancellable, on_meeting_removed_cb,
                                               op);
          g_steal_pointer (&op);
          return;
        }
      meeting_request_failed (self, error, "a meeting");
      meeting_op_done (op);
      return;
    }
  note_success (self);

  if (plenum_http_response_get_status (response) == 304)
    {
      if (op->seq >= 0)
        write_event_position (self, op->seq);  /* nothing changed: the position alone */
      fetch_annotations (self, op->id);
      fetch_live_votes (self, op->id);
      meeting_op_done (op);
      rebuild_blobs (self);
      return;
    }

  body = plenum_http_response_get_body (response);
  data = g_bytes_get_data (body, &length);
  if (!check_meeting_json (data, length, op->id, &error))
    {
      /* The last good copy stays as it is. */
      emit_sync_error (self, PLENUM_SYNC_ERROR_SERVER,
                       "The server sent meeting %s in a form that cannot be read: %s", op->id,
                       error->message);
      meeting_op_done (op);
      return;
    }

  if (packet_dropped (self, op->id, data, length))
    self->prune_now = TRUE;
  text = g_strndup (data, length);
  if (op->seq >= 0)
    plenum_store_apply_event_meeting_async (self->store, sync_account_id (self),
                                            text, plenum_http_response_get_etag (response),
                                            op->seq, op->cancellable, on_meeting_saved_cb, op);
  else
    plenum_store_save_meeting_async (self->store, sync_account_id (self), text,
                                     plenum_http_response_get_etag (response), op->cancellable,
                                     on_meeting_saved_cb, op);
  g_steal_pointer (&op);
}

/* GET /api/v1/meetings/{id} with its ETag; a fetch already running runs once more after. */
static void
fetch_meeting (PlenumSyncEngine *self,
               const char       *meeting_id)
{
  g_autofree char *etag = NULL;
  g_autofree char *path = NULL;
  gint64 *seq;
  Op *op;

  if (!self->has_token || !plenum_is_uuid (meeting_id))
    return;
  if (g_hash_table_contains (self->meeting_fetches, meeting_id))
    {
      g_hash_table_insert (self->meeting_fetches, g_strdup (meeting_id), GINT_TO_POINTER (TRUE));
      return;
    }
  g_hash_table_insert (self->meeting_fetches, g_strdup (meeting_id), GINT_TO_POINTER (FALSE));
  update_syncing (self);

  etag = plenum_store_get_meeting_etag (self->store, meeting_id);
  path = g_strconcat ("/api/v1/meetings/", meeting_id, NULL);
  op = op_new (self, meeting_id);
  seq = g_hash_table_lookup (self->event_seqs, meeting_id);
  if (seq != NULL)
    op->seq = *seq;
  plenum_http_client_request_async (self->client, "GET", path, NULL, etag, self->session,
                                    on_meeting_fetched_cb, op);
}

static void
list_done (PlenumSyncEngine *self)
{
  self->list_running = FALSE;
  if (self->list_again)
    {
      gboolean full = self->list_again_full;

      self->list_again = FALSE;
      self->list_again_full = FALSE;
      sync_all (self, full);
    }
  update_syncing (self);
}

/* After a list that did not change: fetch what is only a summary so far. */
static void
fetch_incomplete_meetings (PlenumSyncEngine *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->meetings));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlenumMeeting) meeting = g_list_model_get_item (G_LIST_MODEL (self->meetings), i);
      g_autofree char *etag = plenum_store_get_meeting_etag (self->store,
                                                             plenum_meeting_get_id (meeting));

      if (etag == NULL && !meeting_expired (self, meeting))
        fetch_meeting (self, plenum_meeting_get_id (meeting));
    }
}

static void
on_list_saved_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  PlenumSyncEngine *self = op->self;

  if (!plenum_store_save_meeting_list_finish (PLENUM_STORE (source_object), result, &error))
    {
      if (op_cancelled (op))
        return;
      emit_sync_error (self, store_failure_code (error),
                       "The meeting list could not be stored: %s", error->message);
      list_done (self);
      return;
    }
  if (op_cancelled (op))
    return;

  self->resync_failures = 0;
  for (guint i = 0; i < op->ids->len; i++)
    fetch_meeting (self, g_ptr_array_index (op->ids, i));
  list_done (self);
}

/* Checks {"meetings": [MeetingSummary, …]} and returns the ids to fetch, in order. */
static GPtrArray *
check_meeting_list_json (PlenumSyncEngine  *self,
                         const char        *text,
                         gsize              length,
                         GError           **error)
{
  static const char * const known[] = { "meetings", NULL };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(cJSON) root = NULL;
  const cJSON *list = NULL;
  const cJSON *node;
  guint index = 0;

  root = plenum_json_parse (text, (gssize) length, error);
  if (root == NULL ||
      !plenum_json_check_object (root, "", known, error) ||
      !plenum_json_get_array (root, "", "meetings", PLENUM_JSON_REQUIRED,
                              PLENUM_MAX_ARRAY_ITEMS, &list, error))
    return NULL;
  cJSON_ArrayForEach (node, list)
    {
      g_autofree char *where = plenum_json_path_index ("meetings", index++);
      g_autoptr(PlenumMeeting) meeting = plenum_meeting_new_from_json (node, where, error);

      if (meeting == NULL)
        return NULL;
      /* Past the retention period: listed, never fetched in full. */
      if (!meeting_expired (self, meeting))
        g_ptr_array_add (ids, g_strdup (plenum_meeting_get_id (meeting)));
    }
  return g_steal_pointer (&ids);
}

static void
on_list_fetched_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  PlenumSyncEngine *self = op->self;
  GBytes *body;
  const char *data;
  gsize length;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (op_cancelled (op))
    return;
  if (response == NULL)
    {
      meeting_request_failed (self, error, "the meeting list");
      list_done (self);
      return;
    }
  note_success (self);

  if (plenum_http_response_get_status (response) == 304)
    {
      self->resync_failures = 0;
      fetch_incomplete_meetings (self);
      /* The meetings are not fetched again, so their feeds are read from here. */
      fetch_all_annotations (self);
      list_done (self);
      rebuild_blobs (self);
      return;
    }

  body = plenum_http_response_get_body (response);
  data = g_bytes_get_data (body, &length);
  op->ids = check_meeting_list_json (self, data, length, &error);
  if (op->ids == NULL)
    {
      emit_sync_error (self, PLENUM_SYNC_ERROR_SERVER,
                       "The server sent a meeting list that cannot be read: %s", error->message);
      list_done (self);
      return;
    }

  text = g_strndup (data, length);
  plenum_store_save_meeting_list_async (self->store, sync_account_id (self), text,
                                        plenum_http_response_get_etag (response),
                                        op->cancellable, on_list_saved_cb, op);
  g_steal_pointer (&op);
}

/* The meeting list, then every listed meeting with its ETag (they answer 304 when
 * unchanged), then their blobs. @full: ask for the list without If-None-Match. */
static void
sync_all (PlenumSyncEngine *self,
          gboolean          full)
{
  g_autofree char *etag = NULL;
  Op *op;

  if (!self->has_token)
    return;
  if (self->list_running)
    {
      self->list_again = TRUE;
      self->list_again_full |= full;
      return;
    }
  clear_source (&self->resync_timer);
  self->list_running = TRUE;
  update_syncing (self);

  if (!full)
    etag = plenum_store_get_meeting_list_etag (self->store, sync_account_id (self));
  op = op_new (self, NULL);
  plenum_http_client_request_async (self->client, "GET", "/api/v1/meetings", NULL, etag,
                                    self->session, on_list_fetched_cb, op);
}

/* The event stream */

static gboolean
reconnect_timer_cb (gpointer user_data)
{
  PlenumSyncEngine *self = user_data;

  clear_source (&self->reconnect_timer);
  open_stream (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (PlenumSyncEngine *self)
{
  guint delay;

  if (!self->has_token || self->reconnect_timer != NULL)
    return;
  delay = backoff_delay (self, self->reconnect_attempts++);
  g_debug ("Event stream: reconnecting in %u ms", delay);
  self->reconnect_timer = attach_timeout (self, delay, reconnect_timer_cb,
                                          "plenum-sync reconnect");
}

static void
close_stream (PlenumSyncEngine *self)
{
  if (self->stream == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->stream, self);
  plenum_event_stream_close (self->stream);
  g_clear_object (&self->stream);
}

static void
on_stream_opened_cb (PlenumEventStream *stream,
                     PlenumSyncEngine  *self)
{
  note_success (self);
  self->reconnect_attempts = 0;
  if (self->stream_failed)
    {
      /* Events missed while the stream was down are replayed, but only those the
       * server still keeps: read where the live meetings are now. (At the first
       * opening the meeting fetches of the sync pass read it.) */
      fetch_all_live (self);
      /* Back after a break: what the replay does not carry (a failed fetch, blobs that
       * wait for their backoff) goes now. */
      self->stream_failed = FALSE;
      sync_all (self, FALSE);
      kick_blobs (self, FALSE);
    }
}

static void
on_stream_heartbeat_cb (PlenumEventStream *stream,
                        PlenumSyncEngine  *self)
{
  note_success (self);
}

static void
on_stream_event_cb (PlenumEventStream *stream,
                    const char        *id,
                    const char        *type,
                    const char        *data,
                    PlenumSyncEngine  *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(PlenumEvent) event = NULL;
  const char *event_type;
  const char *meeting_id;

  note_success (self);

  /* Recorded first: an event the engine cannot read is not asked for again. */
  if (id != NULL && id[0] != '\0' && g_strcmp0 (id, self->last_event_id) != 0)
    {
      g_free (self->last_event_id);
      self->last_event_id = g_strdup (id);
      save_setting (self, PLENUM_STORE_SETTING_LAST_EVENT_ID, id);
    }

  root = plenum_json_parse (data, -1, &error);
  if (root != NULL)
    event = plenum_event_new_from_json (root, "", &error);
  if (event == NULL)
    {
      g_message ("Ignoring an event (id %s) that cannot be read: %s", id, error->message);
      return;
    }

  event_type = plenum_event_get_event_type (event);
  meeting_id = plenum_event_get_meeting_id (event);
  g_debug ("Event %" G_GINT64_FORMAT " %s", plenum_event_get_seq (event), event_type);

  g_signal_emit (self, signals[SIGNAL_SERVER_EVENT], 0, event);
  if (!self->has_token)
    return;  /* a handler stopped the sync */

  if (g_str_equal (event_type, PLENUM_EVENT_RESET))
    {
      GHashTableIter iter;
      gint64 *revision;

      /* The server's data may have been replaced: its revisions start again, so
       * whatever it says next is taken. */
      g_hash_table_iter_init (&iter, self->live_revisions);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &revision))
        *revision = -1;
      record_event_position (self, plenum_event_get_seq (event));
      sync_all (self, TRUE);
      fetch_all_annotations (self);
    }
  else if (g_str_equal (event_type, EVENT_ANNOTATIONS_CHANGED) && plenum_is_uuid (meeting_id))
    {
      /* The feed's own position is stored with what it brings; a crash before that
       * only means it is read again at the next start. */
      record_event_position (self, plenum_event_get_seq (event));
      fetch_annotations (self, meeting_id);
    }
  else if (g_str_has_prefix (event_type, EVENT_VOTE_PREFIX) && plenum_is_uuid (meeting_id))
    {
      /* The votes are read whole (GET …/votes) rather than patched from the event: the
       * server's description is the truth, and a missed event changes nothing then. */
      record_event_position (self, plenum_event_get_seq (event));
      fetch_list (self, meeting_id, MEETING_LIST_VOTES);
    }
  else if (g_str_has_prefix (event_type, EVENT_OPINION_PREFIX) && plenum_is_uuid (meeting_id))
    {
      /* Read whole as well: an opinion.answered event carries no one's answer. */
      record_event_position (self, plenum_event_get_seq (event));
      fetch_list (self, meeting_id, MEETING_LIST_OPINIONS);
    }
  else if (g_str_equal (event_type, PLENUM_EVENT_POSITION_CHANGED) &&
           plenum_is_uuid (meeting_id))
    {
      /* Applied from the data: the whole Position is in it. The position is not stored
       * with the event's seq: a lost one is read again after the next reconnection. */
      record_event_position (self, plenum_event_get_seq (event));
      take_live (self, meeting_id, PLENUM_LIVE_KIND_POSITION, plenum_event_get_data (event),
                 TRUE);
    }
  else if (g_str_equal (event_type, PLENUM_EVENT_SPEAKERS_CHANGED) &&
           plenum_is_uuid (meeting_id))
    {
      record_event_position (self, plenum_event_get_seq (event));
      take_live (self, meeting_id, PLENUM_LIVE_KIND_SPEAKERS, plenum_event_get_data (event),
                 TRUE);
    }
  else if ((g_str_equal (event_type, PLENUM_EVENT_ATTENDANCE_CHANGED) ||
            g_str_equal (event_type, EVENT_CONFLICT_CHANGED)) &&
           plenum_is_uuid (meeting_id))
    {
      /* The event says who; the quorum is the server's to count. */
      record_event_position (self, plenum_event_get_seq (event));
      fetch_live (self, meeting_id, PLENUM_LIVE_KIND_QUORUM);
    }
  else if ((g_str_equal (event_type, PLENUM_EVENT_PACKET_PUBLISHED) ||
            g_str_equal (event_type, PLENUM_EVENT_MEETING_UPDATED)) &&
           plenum_is_uuid (meeting_id))
    {
      gint64 *seq = g_hash_table_lookup (self->event_seqs, meeting_id);

      /* Stored with the meeting this fetch brings, in one transaction. */
      if (seq == NULL)
        {
          seq = g_new (gint64, 1);
          *seq = plenum_event_get_seq (event);
          g_hash_table_insert (self->event_seqs, g_strdup (meeting_id), seq);
        }
      else
        *seq = MAX (*seq, plenum_event_get_seq (event));
      fetch_meeting (self, meeting_id);
    }
  else
    record_event_position (self, plenum_event_get_seq (event));
}

static void
on_stream_closed_cb (PlenumEventStream *stream,
                     const GError      *error,
                     PlenumSyncEngine  *self)
{
  g_autofree char *last = g_strdup (plenum_event_stream_get_last_event_id (stream));

  if (last[0] != '\0' && g_strcmp0 (last, self->last_event_id) != 0)
    {
      g_free (self->last_event_id);
      self->last_event_id = g_steal_pointer (&last);
      save_setting (self, PLENUM_STORE_SETTING_LAST_EVENT_ID, self->last_event_id);
    }
  close_stream (self);
  self->stream_failed = TRUE;

  if (error == NULL)
    g_debug ("Event stream ended by the server");
  else if (is_auth_error (error))
    {
      session_expired (self, error);
      return;
    }
  else if (is_network_error (error))
    {
      g_debug ("Event stream lost: %s", error->message);
      note_failure (self);
    }
  else
    {
      /* An HTTP error (a 503 from a busy server, say) is still an answer: the server is
       * reachable, so the terminal is online even though the stream must be retried. */
      if (error->domain == PLENUM_HTTP_ERROR)
        note_success (self);
      g_message ("Event stream closed: %s", error->message);
    }
  schedule_reconnect (self);
}

/* With the last event id this terminal saw (kept in the store across restarts), the
 * server replays what was missed. Without one (a terminal that never received an event)
 * the stream starts live, and a break before the first event can only be caught up by
 * the full resync that every reopening after a break does (on_stream_opened_cb). */
static void
open_stream (PlenumSyncEngine *self)
{
  if (!self->has_token || self->stream != NULL)
    return;
  clear_source (&self->reconnect_timer);
  self->stream = plenum_http_client_open_events (self->client, "/api/v1/events",
                                                 self->last_event_id);
  g_signal_connect (self->stream, "opened", G_CALLBACK (on_stream_opened_cb), self);
  g_signal_connect (self->stream, "heartbeat", G_CALLBACK (on_stream_heartbeat_cb), self);
  g_signal_connect (self->stream, "event", G_CALLBACK (on_stream_event_cb), self);
  g_signal_connect (self->stream, "closed", G_CALLBACK (on_stream_closed_cb), self);
}

/* The annotation feed
 *
 * GET /api/v1/meetings/{id}/annotations?since=R per meeting, R the revision the store
 * last applied for the member in that meeting; the store applies each answer with its
 * revision in one transaction, and the next page ("more") follows at once. One read per
 * meeting at a time; asked again while one runs, it runs once more after. Only for a
 * signed-in member: terminal credentials never see annotations. */

static void annotations_done (PlenumSyncEngine *self,
                              const char       *meeting_id,
                              gboolean          again);

static void
on_annotations_applied_cb (GObject      *source_object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) documents = NULL;
  g_autoptr(PlenumSyncEngine) hold = NULL;
  PlenumSyncEngine *self = op->self;
  gboolean more = FALSE;

  if (!plenum_store_apply_annotation_feed_finish (PLENUM_STORE (source_object), result, NULL,
                                                  &more, &documents, &error))
    {
      if (op_cancelled (op))
        return;
      emit_sync_error (self, store_failure_code (error),
                       "The annotations of meeting %s could not be stored: %s", op->id,
                       error->message);
      annotations_done (self, op->id, FALSE);
      return;
    }
  if (op_cancelled (op))
    return;

  /* Held while the handlers run: one of them may drop the engine. */
  hold = g_object_ref (self);
  annotations_done (self, op->id, more);
  for (guint i = 0; documents != NULL && documents[i] != NULL; i++)
    g_signal_emit (self, signals[SIGNAL_ANNOTATIONS_CHANGED], 0, op->id, documents[i]);
}

static void
on_annotations_fetched_cb (GObject      *source_object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  PlenumSyncEngine *self = op->self;
  const char *data;
  gsize length;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (op_cancelled (op))
    return;
  if (response == NULL)
    {
      if (is_auth_error (error))
        {
          session_expired (self, error);
          return;
        }
      if (is_network_error (error))
        {
          note_failure (self);
          reread_later (self, "annotations", op->id);
        }
      else
        {
          /* 404: the member may not see this meeting (any longer); the meeting fetch
           * deals with that. A server without annotations answers the same. */
          note_success (self);
          if (!is_http_error (error, PLENUM_HTTP_ERROR_NOT_FOUND))
            g_message ("The annotations of meeting %s could not be read: %s", op->id,
                       error->message);
        }
      /* Read again after a backoff (network), or at the next trigger. */
      annotations_done (self, op->id, FALSE);
      return;
    }
  note_success (self);

  data = g_bytes_get_data (plenum_http_response_get_body (response), &length);
  text = g_strndup (data, length);
  plenum_store_apply_annotation_feed_async (self->store, plenum_member_get_id (self->account),
                                            op->id, text, op->cancellable,
                                            on_annotations_applied_cb, op);
  g_steal_pointer (&op);
}

static void
fetch_annotations (PlenumSyncEngine *self,
                   const char       *meeting_id)
{
  g_autofree char *path = NULL;
  gint64 since;

  if (!self->has_token || self->terminal_mode || self->account == NULL ||
      !plenum_is_uuid (meeting_id))
    return;
  if (g_hash_table_contains (self->annotation_feeds, meeting_id))
    {
      g_hash_table_insert (self->annotation_feeds, g_strdup (meeting_id), GINT_TO_POINTER (TRUE));
      return;
    }
  g_hash_table_insert (self->annotation_feeds, g_strdup (meeting_id), GINT_TO_POINTER (FALSE));

  since = plenum_store_get_annotation_feed_revision (self->store,
                                                     plenum_member_get_id (self->account),
                                                     meeting_id);
  path = g_strdup_printf ("/api/v1/meetings/%s/annotations?since=%" G_GINT64_FORMAT,
                          meeting_id, since);
  plenum_http_client_request_async (self->client, "GET", path, NULL, NULL, self->session,
                                    on_annotations_fetched_cb, op_new (self, meeting_id));
}

static void
annotations_done (PlenumSyncEngine *self,
                  const char       *meeting_id,
                  gboolean          again)
{
  gpointer asked_again = NULL;
  g_autofree char *id = g_strdup (meeting_id);

  if (!g_hash_table_lookup_extended (self->annotation_feeds, id, NULL, &asked_again))
    return;
  g_hash_table_remove (self->annotation_feeds, id);
  if (again || GPOINTER_TO_INT (asked_again))
    fetch_annotations (self, id);
}

/* Every listed meeting's feed (after sign-in, on `reset`). */
static void
fetch_all_annotations (PlenumSyncEngine *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->meetings));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlenumMeeting) meeting = g_list_model_get_item (G_LIST_MODEL (self->meetings), i);

      if (!meeting_expired (self, meeting))
        {
          fetch_annotations (self, plenum_meeting_get_id (meeting));
          fetch_live_votes (self, plenum_meeting_get_id (meeting));
        }
    }
}

/* Votes and opinion rounds
 *
 * GET /api/v1/meetings/{id}/votes on every vote.* event of the meeting, …/opinion-rounds
 * on every opinion.* event, and both after each fetch of a live meeting and on `reset`
 * (fetch_live_votes()); the answer replaces the meeting's stored list (the store checks
 * it), then "votes-changed" or "opinions-changed" is emitted. One read per meeting and
 * list at a time; asked again while one runs, it runs once more after (so the last
 * event's state is always read). */

typedef struct {
  const char *path;             /* the path's last segment; the key of its reads */
  const char *what;             /* in messages */
  void      (*save_async)  (PlenumStore         *store,
                            const char          *meeting_id,
                            const char          *json,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
  gboolean  (*save_finish) (PlenumStore         *store,
                            GAsyncResult        *result,
                            GError             **error);
  guint       signal;
} MeetingListInfo;

static const MeetingListInfo meeting_lists[] = {
  [MEETING_LIST_VOTES] = { "votes", "votes", plenum_store_save_votes_async,
                           plenum_store_save_votes_finish, SIGNAL_VOTES_CHANGED },
  [MEETING_LIST_OPINIONS] = { "opinion-rounds", "opinion rounds",
                              plenum_store_save_opinion_rounds_async,
                              plenum_store_save_opinion_rounds_finish,
                              SIGNAL_OPINIONS_CHANGED },
};

typedef struct {
  Op          *op;
  MeetingList  list;
} ListStep;

static ListStep *
list_step_new (PlenumSyncEngine *self,
               const char       *meeting_id,
               MeetingList       list)
{
  ListStep *step = g_new0 (ListStep, 1);

  step->op = op_new (self, meeting_id);
  step->list = list;
  return step;
}

static void
list_step_free (ListStep *step)
{
  g_clear_pointer (&step->op, op_free);
  g_free (step);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ListStep, list_step_free)

static char *
list_key (const char  *meeting_id,
          MeetingList  list)
{
  return g_strdup_printf ("%s/%s", meeting_lists[list].path, meeting_id);
}

static void meeting_list_done (PlenumSyncEngine *self,
                               const char       *meeting_id,
                               MeetingList       list);

static void
on_list_read_saved_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(ListStep) step = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumSyncEngine) hold = NULL;
  const MeetingListInfo *info = &meeting_lists[step->list];
  PlenumSyncEngine *self = step->op->self;
  const char *meeting_id = step->op->id;
  gboolean saved;

  saved = info->save_finish (PLENUM_STORE (source_object), result, &error);
  if (op_cancelled (step->op))
    return;
  if (!saved)
    {
      if (g_error_matches (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID))
        emit_sync_error (self, PLENUM_SYNC_ERROR_SERVER,
                         "The server sent the %s of meeting %s in a form that cannot be "
                         "read: %s", info->what, meeting_id, error->message);
      else
        emit_sync_error (self, store_failure_code (error),
                         "The %s of meeting %s could not be stored: %s", info->what,
                         meeting_id, error->message);
      meeting_list_done (self, meeting_id, step->list);
      return;
    }
  /* Held while the handlers run: one of them may drop the engine. */
  hold = g_object_ref (self);
  meeting_list_done (self, meeting_id, step->list);
  g_signal_emit (self, signals[info->signal], 0, meeting_id);
}

static void
on_list_read_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ListStep) step = user_data;
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const MeetingListInfo *info = &meeting_lists[step->list];
  PlenumSyncEngine *self = step->op->self;
  const char *meeting_id = step->op->id;
  const char *data;
  gsize length;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (op_cancelled (step->op))
    return;
  if (response == NULL)
    {
      if (is_auth_error (error) &&
          (!self->terminal_mode || is_http_error (error, PLENUM_HTTP_ERROR_TERMINAL_WIPE)))
        {
          session_expired (self, error);
          return;
        }
      if (is_network_error (error))
        {
          note_failure (self);
          reread_later (self, info->path, meeting_id);
        }
      else
        {
          /* 404: the meeting is gone for this credential; its fetch deals with that. */
          note_success (self);
          if (!is_http_error (error, PLENUM_HTTP_ERROR_NOT_FOUND))
            g_message ("The %s of meeting %s could not be read: %s", info->what,
                       meeting_id, error->message);
        }
      /* Read again after a backoff (network), or at the next trigger. */
      meeting_list_done (self, meeting_id, step->list);
      return;
    }
  note_success (self);

  data = g_bytes_get_data (plenum_http_response_get_body (response), &length);
  text = g_strndup (data, length);
  info->save_async (self->store, meeting_id, text, step->op->cancellable,
                    on_list_read_saved_cb, step);
  g_steal_pointer (&step);
}

static void
fetch_list (PlenumSyncEngine *self,
            const char       *meeting_id,
            MeetingList       list)
{
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;

  if (!self->has_token || !plenum_is_uuid (meeting_id))
    return;
  key = list_key (meeting_id, list);
  if (g_hash_table_contains (self->list_reads, key))
    {
      g_hash_table_insert (self->list_reads, g_steal_pointer (&key), GINT_TO_POINTER (TRUE));
      return;
    }
  g_hash_table_insert (self->list_reads, g_steal_pointer (&key), GINT_TO_POINTER (FALSE));

  path = g_strdup_printf ("/api/v1/meetings/%s/%s", meeting_id, meeting_lists[list].path);
  plenum_http_client_request_async (self->client, "GET", path, NULL, NULL, self->session,
                                    on_list_read_cb, list_step_new (self, meeting_id, list));
}

/* How far from its start a scheduled meeting counts as live (it may be held a day
 * late, or its status not yet moved on). */
#define LIVE_MEETING_WINDOW (3 * G_TIME_SPAN_DAY)

/* After a meeting fetch (and on `reset`) the votes are read only for a meeting that is
 * live: in progress, or scheduled close to now. Votes happen in the room: an old or far
 * meeting has no open vote to show, and reading the votes of every meeting of the
 * retention period at every sync would only load the server. A vote.* event reads its
 * meeting's votes whatever the meeting. Opinion rounds follow the same rule (and an
 * opinion.* event reads its meeting's rounds whatever the meeting). */
static gboolean
meeting_is_live (PlenumSyncEngine *self,
                 const char       *meeting_id)
{
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan distance;

  meeting = plenum_store_get_meeting (self->store, meeting_id, NULL);
  if (meeting == NULL)
    return FALSE;
  now = g_date_time_new_now_utc ();
  distance = g_date_time_difference (plenum_meeting_get_starts_at (meeting), now);
  return plenum_meeting_get_status (meeting) == PLENUM_MEETING_STATUS_IN_PROGRESS ||
         (distance <= LIVE_MEETING_WINDOW && distance >= -LIVE_MEETING_WINDOW);
}

/* The live state (position, speakers, quorum) and the opinion rounds go with the votes:
 * read at the same moments, for the same meetings. */
static void
fetch_live_votes (PlenumSyncEngine *self,
                  const char       *meeting_id)
{
  if (!self->has_token || !plenum_is_uuid (meeting_id) || !meeting_is_live (self, meeting_id))
    return;
  fetch_list (self, meeting_id, MEETING_LIST_VOTES);
  fetch_list (self, meeting_id, MEETING_LIST_OPINIONS);
  fetch_live (self, meeting_id, PLENUM_LIVE_KIND_POSITION);
  fetch_live (self, meeting_id, PLENUM_LIVE_KIND_SPEAKERS);
  fetch_live (self, meeting_id, PLENUM_LIVE_KIND_QUORUM);
}

static void
meeting_list_done (PlenumSyncEngine *self,
                   const char       *meeting_id,
                   MeetingList       list)
{
  g_autofree char *key = list_key (meeting_id, list);
  g_autofree char *id = g_strdup (meeting_id);
  gpointer asked_again = NULL;

  if (!g_hash_table_lookup_extended (self->list_reads, key, NULL, &asked_again))
    return;
  g_hash_table_remove (self->list_reads, key);
  if (GPOINTER_TO_INT (asked_again))
    fetch_list (self, id, list);
}

/* The live meeting
 *
 * GET /api/v1/meetings/{id}/position, …/speakers and …/quorum for each live meeting
 * (fetch_live_votes(): after a meeting fetch, on `reset`) and after every opening of the
 * event stream (fetch_all_live()); `position.changed` and `speakers.changed` carry the
 * whole state and are applied from their data; `attendance.changed` and
 * `conflict.changed` read the quorum again. One read per meeting and kind at a time;
 * asked again while one runs, it runs once more after. What is taken is saved in the
 * store, then the signal goes. Works with the terminal credential too. */

static const char * const live_paths[] = { "position", "speakers", "quorum" };

static char *
live_key (const char     *meeting_id,
          PlenumLiveKind  kind)
{
  return g_strdup_printf ("%s/%s", live_paths[kind], meeting_id);
}

/* The revision of the position or queue held for @meeting_id: the last one taken, else
 * the stored one, else -1 (none: anything goes). */
static gint64
held_revision (PlenumSyncEngine *self,
               const char       *meeting_id,
               PlenumLiveKind    kind)
{
  g_autofree char *key = live_key (meeting_id, kind);
  g_autofree char *json = NULL;
  g_autoptr(cJSON) root = NULL;
  gint64 *held = g_hash_table_lookup (self->live_revisions, key);

  if (held != NULL)
    return *held;
  json = plenum_store_get_live (self->store, meeting_id, kind);
  if (json != NULL)
    root = plenum_json_parse (json, -1, NULL);
  if (root != NULL && kind == PLENUM_LIVE_KIND_POSITION)
    {
      g_autoptr(PlenumPosition) position = plenum_position_new_from_json (root, "", NULL);

      if (position != NULL)
        return plenum_position_get_revision (position);
    }
  else if (root != NULL && kind == PLENUM_LIVE_KIND_SPEAKERS)
    {
      g_autoptr(PlenumSpeakerQueue) queue = plenum_speaker_queue_new_from_json (root, "", NULL);

      if (queue != NULL)
        return plenum_speaker_queue_get_revision (queue);
    }
  return -1;
}

static void
set_held_revision (PlenumSyncEngine *self,
                   const char       *meeting_id,
                   PlenumLiveKind    kind,
                   gint64            revision)
{
  gint64 *held = g_new (gint64, 1);

  *held = revision;
  g_hash_table_insert (self->live_revisions, live_key (meeting_id, kind), held);
}

typedef struct {
  Op             *op;
  PlenumLiveKind  kind;
} LiveStep;

static LiveStep *
live_step_new (PlenumSyncEngine *self,
               const char       *meeting_id,
               PlenumLiveKind    kind)
{
  LiveStep *step = g_new0 (LiveStep, 1);

  step->op = op_new (self, meeting_id);
  step->kind = kind;
  return step;
}

static void
live_step_free (LiveStep *step)
{
  g_clear_pointer (&step->op, op_free);
  g_free (step);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LiveStep, live_step_free)

static void
on_live_saved_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LiveStep) step = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumSyncEngine) hold = NULL;
  PlenumSyncEngine *self = step->op->self;
  static const guint signal_of[] = {
    [PLENUM_LIVE_KIND_POSITION] = SIGNAL_POSITION_CHANGED,
    [PLENUM_LIVE_KIND_SPEAKERS] = SIGNAL_SPEAKERS_CHANGED,
    [PLENUM_LIVE_KIND_QUORUM] = SIGNAL_QUORUM_CHANGED,
  };

  if (!plenum_store_save_live_finish (PLENUM_STORE (source_object), result, &error))
    {
      g_autofree char *key = NULL;

      if (op_cancelled (step->op))
        return;
      /* Not kept: the next event or read is taken whatever its revision. */
      key = live_key (step->op->id, step->kind);
      g_hash_table_remove (self->live_revisions, key);
      emit_sync_error (self, store_failure_code (error),
                       "The %s of meeting %s could not be stored: %s",
                       live_paths[step->kind], step->op->id, error->message);
      return;
    }
  if (op_cancelled (step->op))
    return;
  /* Held while the handlers run: one of them may drop the engine. */
  hold = g_object_ref (self);
  g_signal_emit (self, signals[signal_of[step->kind]], 0, step->op->id);
}

/* Takes the server's @node (a Position, SpeakerQueue or Quorum of @meeting_id). A
 * position or queue whose revision is not above the one held is dropped: an old event
 * (replayed, or overtaken by a read) or a read that brings nothing new. @from_event
 * only names the source in the log. A quorum has no revision: it is taken when it
 * differs from the stored one. */
static void
take_live (PlenumSyncEngine *self,
           const char       *meeting_id,
           PlenumLiveKind    kind,
           const cJSON      *node,
           gboolean          from_event)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) model = NULL;
  g_autoptr(cJSON) out = NULL;
  g_autofree char *text = NULL;
  const char *answer_meeting = NULL;
  gint64 revision = -1;

  switch (kind)
    {
    case PLENUM_LIVE_KIND_POSITION:
      model = (GObject *) plenum_position_new_from_json (node, "", &error);
      if (model != NULL)
        {
          answer_meeting = plenum_position_get_meeting_id (PLENUM_POSITION (model));
          revision = plenum_position_get_revision (PLENUM_POSITION (model));
          out = plenum_position_to_json (PLENUM_POSITION (model));
        }
      break;
    case PLENUM_LIVE_KIND_SPEAKERS:
      model = (GObject *) plenum_speaker_queue_new_from_json (node, "", &error);
      if (model != NULL)
        {
          answer_meeting = plenum_speaker_queue_get_meeting_id (PLENUM_SPEAKER_QUEUE (model));
          revision = plenum_speaker_queue_get_revision (PLENUM_SPEAKER_QUEUE (model));
          out = plenum_speaker_queue_to_json (PLENUM_SPEAKER_QUEUE (model));
        }
      break;
    case PLENUM_LIVE_KIND_QUORUM:
      model = (GObject *) plenum_quorum_new_from_json (node, "", &error);
      if (model != NULL)
        {
          answer_meeting = plenum_quorum_get_meeting_id (PLENUM_QUORUM (model));
          out = plenum_quorum_to_json (PLENUM_QUORUM (model));
        }
      break;
    default:
      g_assert_not_reached ();
    }

  if (model == NULL || !g_str_equal (answer_meeting, meeting_id))
    {
      /* What was held stays. */
      emit_sync_error (self, PLENUM_SYNC_ERROR_SERVER,
                       "The server sent the %s of meeting %s in a form that cannot be "
                       "read: %s", live_paths[kind], meeting_id,
                       error != NULL ? error->message : "another meeting's");
      return;
    }

  text = plenum_json_print (out);
  if (kind == PLENUM_LIVE_KIND_QUORUM)
    {
      g_autofree char *stored = plenum_store_get_live (self->store, meeting_id, kind);

      if (g_strcmp0 (stored, text) == 0)
        return;
    }
  else
    {
      gint64 held = held_revision (self, meeting_id, kind);

      if (revision <= held)
        {
          g_debug ("Dropping the %s of meeting %s at revision %" G_GINT64_FORMAT
                   " from %s (%" G_GINT64_FORMAT " held)", live_paths[kind], meeting_id,
                   revision, from_event ? "an event" : "a read", held);
          return;
        }
      set_held_revision (self, meeting_id, kind, revision);
    }

  plenum_store_save_live_async (self->store, meeting_id, kind, text, self->session,
                                on_live_saved_cb, live_step_new (self, meeting_id, kind));
}

static void
live_done (PlenumSyncEngine *self,
           const char       *meeting_id,
           PlenumLiveKind    kind)
{
  g_autofree char *key = live_key (meeting_id, kind);
  gpointer asked_again = NULL;

  if (!g_hash_table_lookup_extended (self->live_reads, key, NULL, &asked_again))
    return;
  g_hash_table_remove (self->live_reads, key);
  if (GPOINTER_TO_INT (asked_again))
    fetch_live (self, meeting_id, kind);
}

static void
on_live_fetched_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(LiveStep) step = user_data;
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autofree char *meeting_id = NULL;
  PlenumSyncEngine *self = step->op->self;
  const char *data;
  gsize length;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (op_cancelled (step->op))
    return;
  meeting_id = g_strdup (step->op->id);
  if (response == NULL)
    {
      if (is_auth_error (error) &&
          (!self->terminal_mode || is_http_error (error, PLENUM_HTTP_ERROR_TERMINAL_WIPE)))
        {
          session_expired (self, error);
          return;
        }
      if (is_network_error (error))
        {
          note_failure (self);
          reread_later (self, live_paths[step->kind], meeting_id);
        }
      else
        {
          /* 404: the meeting is gone for this credential; its fetch deals with that. */
          note_success (self);
          if (!is_http_error (error, PLENUM_HTTP_ERROR_NOT_FOUND))
            g_message ("The %s of meeting %s could not be read: %s", live_paths[step->kind],
                       meeting_id, error->message);
        }
      /* Read again after a backoff (network), or at the next trigger. */
      live_done (self, meeting_id, step->kind);
      return;
    }
  note_success (self);

  data = g_bytes_get_data (plenum_http_response_get_body (response), &length);
  root = plenum_json_parse (data, (gssize) length, &error);
  if (root == NULL)
    emit_sync_error (self, PLENUM_SYNC_ERROR_SERVER,
                     "The server sent the %s of meeting %s in a form that cannot be read: %s",
                     live_paths[step->kind], meeting_id, error->message);
  else
    take_live (self, meeting_id, step->kind, root, FALSE);
  live_done (self, meeting_id, step->kind);
}

static void
fetch_live (PlenumSyncEngine *self,
            const char       *meeting_id,
            PlenumLiveKind    kind)
{
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;

  if (!self->has_token || !plenum_is_uuid (meeting_id))
    return;
  key = live_key (meeting_id, kind);
  if (g_hash_table_contains (self->live_reads, key))
    {
      g_hash_table_insert (self->live_reads, g_steal_pointer (&key), GINT_TO_POINTER (TRUE));
      return;
    }
  g_hash_table_insert (self->live_reads, g_steal_pointer (&key), GINT_TO_POINTER (FALSE));

  path = g_strdup_printf ("/api/v1/meetings/%s/%s", meeting_id, live_paths[kind]);
  plenum_http_client_request_async (self->client, "GET", path, NULL, NULL, self->session,
                                    on_live_fetched_cb, live_step_new (self, meeting_id, kind));
}

/* Reads that failed for want of a network (a connection cut in the middle of the
 * answer, the server away for a moment) are tried again after a backoff: the next event
 * of the meeting may be far off, and a member who missed a vote's opening must still
 * see it open. Reads that fail with an answer (404, a malformed body) are not. */

static gboolean
reread_timer_cb (gpointer user_data)
{
  PlenumSyncEngine *self = user_data;
  g_autoptr(GHashTable) due = g_steal_pointer (&self->rereads);
  GHashTableIter iter;
  const char *key;

  self->rereads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  clear_source (&self->reread_timer);
  self->reread_attempts++;

  g_hash_table_iter_init (&iter, due);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    {
      const char *slash = strchr (key, '/');
      g_autofree char *what = g_strndup (key, (gsize) (slash - key));
      const char *meeting_id = slash + 1;

      if (g_str_equal (what, meeting_lists[MEETING_LIST_VOTES].path))
        fetch_list (self, meeting_id, MEETING_LIST_VOTES);
      else if (g_str_equal (what, meeting_lists[MEETING_LIST_OPINIONS].path))
        fetch_list (self, meeting_id, MEETING_LIST_OPINIONS);
      else if (g_str_equal (what, "annotations"))
        fetch_annotations (self, meeting_id);
      else
        for (guint kind = 0; kind < G_N_ELEMENTS (live_paths); kind++)
          if (g_str_equal (what, live_paths[kind]))
            fetch_live (self, meeting_id, (PlenumLiveKind) kind);
    }
  return G_SOURCE_REMOVE;
}

static void
reread_later (PlenumSyncEngine *self,
              const char       *what,
              const char       *meeting_id)
{
  if (!self->has_token || g_cancellable_is_cancelled (self->session))
    return;
  g_hash_table_add (self->rereads, g_strdup_printf ("%s/%s", what, meeting_id));
  if (self->reread_timer == NULL)
    self->reread_timer = attach_timeout (self, backoff_delay (self, self->reread_attempts),
                                         reread_timer_cb, "plenum-sync reread");
}

/* Every listed live meeting's state (each time the event stream opens). */
static void
fetch_all_live (PlenumSyncEngine *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->meetings));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlenumMeeting) meeting = g_list_model_get_item (G_LIST_MODEL (self->meetings), i);
      const char *meeting_id = plenum_meeting_get_id (meeting);

      if (!meeting_expired (self, meeting) && meeting_is_live (self, meeting_id))
        {
          fetch_live (self, meeting_id, PLENUM_LIVE_KIND_POSITION);
          fetch_live (self, meeting_id, PLENUM_LIVE_KIND_SPEAKERS);
          fetch_live (self, meeting_id, PLENUM_LIVE_KIND_QUORUM);
        }
    }
}

/* The outbox drain
 *
 * The store holds the queue (durable before the UI says "saved"); the engine sends it.
 * One operation at a time for the whole terminal, oldest first per account: the
 * signed-in member's first, then those of members who signed out with operations
 * still queued. The answer decides: 2xx SENT, a 4xx other than 408/429 REFUSED (set
 * aside; the next one goes), 401 means the account's token is gone (nothing is settled:
 * its operations wait for its next sign-in), anything else (no answer, 5xx, 408, 429) is
 * a failed attempt: the drain backs off like the event stream does and tries again
 * when the timer fires or as soon as any other request reaches the server. */

typedef struct {
  PlenumSyncEngine      *self;
  GCancellable          *cancellable;  /* the engine's outbox_cancellable */
  PlenumOutboxOperation *op;
  char                  *account_id;
  char                  *token;        /* wiped when freed */
  gboolean               last_of_signed_out; /* sign out at the server when settled */
  gint64                 retry_after;  /* s, from a 429/503 answer; -1 none */
  /* An annotation operation that met a conflict: whose annotation, and where. */
  char                  *annotation_id;
  char                  *meeting_id;
  char                  *document_id;
  gboolean               conflict;     /* settled by the conflict transaction */
} Send;

static void
send_free (Send *send)
{
  g_clear_object (&send->cancellable);
  g_clear_pointer (&send->op, plenum_outbox_operation_unref);
  g_free (send->account_id);
  g_clear_pointer (&send->token, plenum_secret_free);
  g_free (send->annotation_id);
  g_free (send->meeting_id);
  g_free (send->document_id);
  g_free (send);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Send, send_free)

static void outbox_drain (PlenumSyncEngine *self);
static void refuse_operation (PlenumSyncEngine *self,
                              Send             *send,
                              guint             status,
                              const char       *code,
                              const char       *message);

static void
update_pending (PlenumSyncEngine *self)
{
  guint pending = 0;

  if (self->account != NULL)
    pending = plenum_store_outbox_count_pending (self->store,
                                                 plenum_member_get_id (self->account));
  if (self->pending_operations == pending)
    return;
  self->pending_operations = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_OPERATIONS]);
}

static void
on_store_outbox_changed_cb (PlenumStore      *store,
                            PlenumSyncEngine *self)
{
  update_pending (self);
  outbox_drain (self);
}

static gboolean
outbox_timer_cb (gpointer user_data)
{
  PlenumSyncEngine *self = user_data;

  clear_source (&self->outbox_timer);
  outbox_drain (self);
  return G_SOURCE_REMOVE;
}

/* Another request reached the server: whatever waits for its backoff goes now. */
static void
outbox_server_back (PlenumSyncEngine *self)
{
  /* Only after no answer at all: a server that answered 5xx/429 is waited for. */
  if (self->outbox_timer == NULL || !self->outbox_unreachable)
    return;
  clear_source (&self->outbox_timer);
  self->outbox_failures = 0;
  outbox_drain (self);
}

static void
on_outbox_session_deleted_cb (GObject      *source_object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (response == NULL)
    g_debug ("Signing out at the server after the last operation failed: %s", error->message);
}

static void
on_operation_settled_cb (GObject      *source_object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(Send) send = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumOutboxOperation) settled = NULL;
  g_autoptr(PlenumSyncEngine) hold = NULL;
  PlenumSyncEngine *self = send->self;
  PlenumOutboxState state;

  if (!plenum_store_outbox_mark_finish (PLENUM_STORE (source_object), result, &error))
    {
      if (g_cancellable_is_cancelled (send->cancellable))
        return;
      g_message ("Operation %s could not be settled: %s",
                 plenum_outbox_operation_get_operation_id (send->op), error->message);
      if (send->conflict && g_error_matches (error, PLENUM_STORE_ERROR,
                                             PLENUM_STORE_ERROR_INVALID))
        {
          /* The server's version cannot be kept: set aside, never retried blindly. */
          send->conflict = FALSE;
          refuse_operation (self, g_steal_pointer (&send), 409, "conflict", error->message);
          return;
        }
    }
  if (g_cancellable_is_cancelled (send->cancellable))
    return;
  self->outbox_busy = FALSE;

  settled = plenum_store_outbox_get (self->store,
                                     plenum_outbox_operation_get_operation_id (send->op));
  state = settled != NULL ? plenum_outbox_operation_get_state (settled)
                          : PLENUM_OUTBOX_STATE_QUEUED;
  if (state == PLENUM_OUTBOX_STATE_SENT || state == PLENUM_OUTBOX_STATE_REFUSED)
    {
      self->outbox_failures = 0;
      if (send->last_of_signed_out && send->token != NULL &&
          plenum_store_outbox_count_pending (self->store, send->account_id) == 0)
        {
          /* The kept token was only for these: end that session at the server too. */
          plenum_http_client_set_token (self->outbox_client, send->token);
          plenum_http_client_request_async (self->outbox_client, "DELETE", "/api/v1/session",
                                            NULL, NULL, self->outbox_cancellable,
                                            on_outbox_session_deleted_cb, NULL);
          plenum_http_client_set_token (self->outbox_client, NULL);
          g_hash_table_remove (self->outbox_names, send->account_id);
        }
    }
  else if (self->outbox_timer == NULL)
    {
      /* A failed attempt: back off (cut short when another request succeeds). */
      guint delay = backoff_delay (self, self->outbox_failures++);

      if (send->retry_after > 0)
        delay = MAX (delay, (guint) MIN (send->retry_after, 3600) * 1000);

      g_debug ("Outbox: trying again in %u ms", delay);
      self->outbox_timer = attach_timeout (self, delay, outbox_timer_cb, "plenum-sync outbox");
    }
  update_pending (self);
  outbox_drain (self);
  if (send->conflict && state == PLENUM_OUTBOX_STATE_SENT && self->account != NULL &&
      g_strcmp0 (send->account_id, plenum_member_get_id (self->account)) == 0)
    {
      /* Held while the handlers run: one of them may drop the engine. */
      hold = g_object_ref (self);
      /* What else changed meanwhile comes with the feed. */
      fetch_annotations (self, send->meeting_id);
      g_signal_emit (self, signals[SIGNAL_ANNOTATIONS_CHANGED], 0, send->meeting_id,
                     send->document_id);
    }
  /* Last: a handler may drop the engine. */
  if (state == PLENUM_OUTBOX_STATE_SENT || state == PLENUM_OUTBOX_STATE_REFUSED)
    g_signal_emit (self, signals[state == PLENUM_OUTBOX_STATE_SENT
                                 ? SIGNAL_OPERATION_SENT : SIGNAL_OPERATION_REFUSED],
                   0, settled);
}

static gboolean
is_annotation_operation (PlenumOutboxOperation *op)
{
  const char *kind = plenum_outbox_operation_get_kind (op);

  return g_strcmp0 (kind, PLENUM_OUTBOX_KIND_ANNOTATION_PUT) == 0 ||
         g_strcmp0 (kind, PLENUM_OUTBOX_KIND_ANNOTATION_DELETE) == 0;
}

static void
refuse_operation (PlenumSyncEngine *self,
                  Send             *send,
                  guint             status,
                  const char       *code,
                  const char       *message)
{
  g_message ("Outbox: the server refused %s (%u %s): %s",
             plenum_outbox_operation_get_operation_id (send->op), status, code, message);
  plenum_store_outbox_mark_refused_async (self->store,
                                          plenum_outbox_operation_get_operation_id (send->op),
                                          status, code, message, NULL, on_operation_settled_cb,
                                          send);
}

/* A request that is not the operation itself failed on the way (the conflict's read):
 * the operation is retried as a whole, byte for byte. */
static void
operation_attempt_failed (PlenumSyncEngine *self,
                          Send             *send,
                          const GError     *error)
{
  self->outbox_unreachable = is_network_error (error) ||
                             plenum_http_error_get_status (error) == 0;
  if (is_network_error (error))
    note_failure (self);
  else
    note_success (self);
  send->retry_after = plenum_http_error_get_retry_after (error);
  plenum_store_outbox_mark_failed_attempt_async (self->store,
                                                 plenum_outbox_operation_get_operation_id (send->op),
                                                 NULL, on_operation_settled_cb, send);
}

static void read_conflict_version (PlenumSyncEngine *self,
                                   Send             *send,
                                   gint64            since);

/* The server's answer to 409 is not handed up by the network layer (only its code and
 * message are), so its current version of the annotation is read from the meeting's
 * feed from the revision the edit was made on: it has a higher one. */
static void
on_conflict_feed_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  static const char * const known[] = { "annotations", "revision", "more", NULL };
  g_autoptr(Send) send = user_data;
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  PlenumSyncEngine *self = send->self;
  const cJSON *list = NULL;
  const cJSON *node;
  gint64 revision = 0;
  gboolean more = FALSE;
  const char *data;
  gsize length;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (g_cancellable_is_cancelled (send->cancellable))
    return;
  if (response == NULL)
    {
      if (is_http_error (error, PLENUM_HTTP_ERROR_TERMINAL_WIPE))
        {
          self->outbox_busy = FALSE;
          begin_wipe (self);
          return;
        }
      if (is_auth_error (error))
        {
          note_success (self);
          g_hash_table_add (self->outbox_blocked, g_strdup (send->account_id));
          self->outbox_busy = FALSE;
          outbox_drain (self);
          return;
        }
      if (is_network_error (error) || plenum_http_error_is_transient (error))
        {
          operation_attempt_failed (self, send, error);
          g_steal_pointer (&send);
          return;
        }
      note_success (self);
      refuse_operation (self, g_steal_pointer (&send), 409, "conflict", error->message);
      return;
    }
  note_success (self);

  data = g_bytes_get_data (plenum_http_response_get_body (response), &length);
  root = plenum_json_parse (data, (gssize) length, &error);
  if (root == NULL ||
      !plenum_json_check_object (root, "", known, &error) ||
      !plenum_json_get_array (root, "", "annotations", PLENUM_JSON_REQUIRED,
                              PLENUM_MAX_ARRAY_ITEMS, &list, &error) ||
      !plenum_json_get_int64 (root, "", "revision", PLENUM_JSON_REQUIRED, 0,
                              PLENUM_JSON_MAX_SAFE_INTEGER, &revision, &error) ||
      !plenum_json_get_bool (root, "", "more", PLENUM_JSON_REQUIRED, &more, &error))
    {
      refuse_operation (self, g_steal_pointer (&send), 409, "conflict", error->message);
      return;
    }
  cJSON_ArrayForEach (node, list)
    {
      const cJSON *id = cJSON_GetObjectItemCaseSensitive (node, "id");
      const char *operation_id = plenum_outbox_operation_get_operation_id (send->op);
      g_autofree char *text = NULL;

      if (!cJSON_IsString (id) || g_strcmp0 (id->valuestring, send->annotation_id) != 0)
        continue;
      text = plenum_json_print (node);
      send->conflict = TRUE;
      /* (operation_id is read before the steal: argument order is unspecified) */
      plenum_store_annotation_operation_conflict_async (self->store, operation_id, text, NULL,
                                                        on_operation_settled_cb,
                                                        g_steal_pointer (&send));
      return;
    }
  if (more)
    {
      read_conflict_version (self, g_steal_pointer (&send), revision);
      return;
    }
  /* Kept, with the reason, for the user: never dropped. */
  refuse_operation (self, g_steal_pointer (&send), 409, "conflict",
                    "The server has another version of this annotation, which it did not "
                    "show");
}

static void
read_conflict_version (PlenumSyncEngine *self,
                       Send             *send,
                       gint64            since)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/annotations?since=%" G_GINT64_FORMAT,
                                           send->meeting_id, since);

  plenum_http_client_set_token (self->outbox_client, send->token);
  plenum_http_client_request_async (self->outbox_client, "GET", path, NULL, NULL,
                                    self->outbox_cancellable, on_conflict_feed_cb, send);
  plenum_http_client_set_token (self->outbox_client, NULL);
}

/* 409 conflict to an annotation operation: the other version is read, then both are
 * kept (plenum_store_annotation_operation_conflict_async()). */
static void
resolve_conflict (PlenumSyncEngine *self,
                  Send             *send,
                  const GError     *error)
{
  g_autoptr(PlenumAnnotation) local = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(cJSON) body = NULL;
  const char *path = plenum_outbox_operation_get_path (send->op);
  const cJSON *base;

  send->annotation_id = g_strdup (strrchr (path, '/') + 1);
  local = plenum_store_get_annotation (self->store, send->account_id, send->annotation_id,
                                       &send->meeting_id, NULL, NULL, &local_error);
  body = plenum_json_parse (plenum_outbox_operation_get_body (send->op), -1, NULL);
  base = body != NULL ? cJSON_GetObjectItemCaseSensitive (body, "base_revision") : NULL;
  if (local == NULL || base == NULL || !cJSON_IsNumber (base) || base->valuedouble < 0)
    {
      /* Its meeting is gone from this terminal: set aside with the server's reason. */
      refuse_operation (self, send, 409, "conflict", error->message);
      return;
    }
  send->document_id = g_strdup (plenum_annotation_get_document_id (local));
  g_message ("Outbox: annotation %s changed elsewhere; keeping both versions",
             send->annotation_id);
  read_conflict_version (self, send, (gint64) base->valuedouble);
}

static void
on_operation_answered_cb (GObject      *source_object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(Send) send = user_data;
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  PlenumSyncEngine *self = send->self;
  const char *operation_id = plenum_outbox_operation_get_operation_id (send->op);
  guint status;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (g_cancellable_is_cancelled (send->cancellable))
    return;

  if (response != NULL)
    {
      GBytes *body = plenum_http_response_get_body (response);
      gsize length = 0;
      const char *data = g_bytes_get_data (body, &length);
      g_autofree char *text = length > 0 ? g_strndup (data, length) : NULL;

      g_debug ("Outbox: %s applied", operation_id);
      note_success (self);
      if (is_annotation_operation (send->op))
        plenum_store_annotation_operation_applied_async (self->store, operation_id, text, NULL,
                                                         on_operation_settled_cb,
                                                         g_steal_pointer (&send));
      else
        plenum_store_outbox_mark_sent_async (self->store, operation_id, text, NULL,
                                             on_operation_settled_cb, g_steal_pointer (&send));
      return;
    }

  status = plenum_http_error_get_status (error);
  if (is_http_error (error, PLENUM_HTTP_ERROR_TERMINAL_WIPE))
    {
      /* The operation goes with everything else the wipe erases. */
      self->outbox_busy = FALSE;
      begin_wipe (self);
      return;
    }
  if (is_auth_error (error))
    {
      /* The token is no longer good: nothing is wrong with the operation. It waits for
       * the member's next sign-in. */
      note_success (self);
      g_message ("Outbox: the server no longer accepts the token of an account with "
                 "queued operations; they wait for its next sign-in");
      g_hash_table_add (self->outbox_blocked, g_strdup (send->account_id));
      self->outbox_busy = FALSE;
      outbox_drain (self);
      return;
    }
  if (is_http_error (error, PLENUM_HTTP_ERROR_CONFLICT) && is_annotation_operation (send->op))
    {
      note_success (self);
      resolve_conflict (self, g_steal_pointer (&send), error);
      return;
    }
  if (status >= 400 && status < 500 && status != 408 && status != 429)
    {
      const char *code = plenum_http_error_get_code_string (error);

      note_success (self);
      g_message ("Outbox: the server refused %s (%u %s): %s", operation_id, status,
                 code != NULL ? code : "", error->message);
      plenum_store_outbox_mark_refused_async (self->store, operation_id, status,
                                              code != NULL ? code : "refused",
                                              error->message, NULL,
                                              on_operation_settled_cb, g_steal_pointer (&send));
      return;
    }

  self->outbox_unreachable = is_network_error (error) ||
                             plenum_http_error_get_status (error) == 0;
  if (is_network_error (error))
    note_failure (self);
  else
    note_success (self);
  g_debug ("Outbox: %s not applied yet: %s", operation_id, error->message);
  send->retry_after = plenum_http_error_get_retry_after (error);
  plenum_store_outbox_mark_failed_attempt_async (self->store, operation_id, NULL,
                                                 on_operation_settled_cb,
                                                 g_steal_pointer (&send));
}

/* The next operation to send: the signed-in member's first, then the others'. */
static PlenumOutboxOperation *
outbox_pick (PlenumSyncEngine  *self,
             char             **token_out)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  if (self->account != NULL)
    g_ptr_array_add (ids, (gpointer) plenum_member_get_id (self->account));
  g_hash_table_iter_init (&iter, self->outbox_names);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (self->account == NULL || !g_str_equal (key, plenum_member_get_id (self->account)))
      g_ptr_array_add (ids, key);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const char *name = g_hash_table_lookup (self->outbox_names, id);
      g_autoptr(PlenumOutboxOperation) op = NULL;
      char *token;

      if (name == NULL || g_hash_table_contains (self->outbox_blocked, id))
        continue;
      op = plenum_store_outbox_next (self->store, id);
      if (op == NULL)
        continue;
      token = plenum_store_get_token (self->store, name, NULL);
      if (token == NULL)
        continue;  /* signed in offline without a token: it waits */
      *token_out = token;
      return g_steal_pointer (&op);
    }
  return NULL;
}

static void
send_operation (PlenumSyncEngine *self,
                Send             *send)
{
  PlenumOutboxOperation *op = send->op;
  const char *text = plenum_outbox_operation_get_body (op);
  g_autoptr(GBytes) body = NULL;

  if (text != NULL)
    body = g_bytes_new (text, strlen (text));
  g_debug ("Outbox: sending %s (%s %s)", plenum_outbox_operation_get_operation_id (op),
           plenum_outbox_operation_get_method (op), plenum_outbox_operation_get_path (op));
  plenum_http_client_set_token (self->outbox_client, send->token);
  plenum_http_client_request_async (self->outbox_client,
                                    plenum_outbox_operation_get_method (op),
                                    plenum_outbox_operation_get_path (op), body, NULL,
                                    self->outbox_cancellable, on_operation_answered_cb, send);
  plenum_http_client_set_token (self->outbox_client, NULL);
}

static void
on_operation_prepared_cb (GObject      *source_object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(Send) send = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumOutboxOperation) op = NULL;
  PlenumSyncEngine *self = send->self;

  op = plenum_store_prepare_annotation_operation_finish (PLENUM_STORE (source_object), result,
                                                         &error);
  if (g_cancellable_is_cancelled (send->cancellable))
    return;
  if (op == NULL ||
      plenum_outbox_operation_get_state (op) > PLENUM_OUTBOX_STATE_SENDING)
    {
      /* Withdrawn meanwhile (NOT_FOUND), or the store failed: the drain looks again,
       * after a pause when the store failed. */
      self->outbox_busy = FALSE;
      if (error != NULL && !g_error_matches (error, PLENUM_STORE_ERROR,
                                             PLENUM_STORE_ERROR_NOT_FOUND))
        {
          g_message ("Outbox: an annotation operation could not be prepared: %s",
                     error->message);
          if (self->outbox_timer == NULL)
            self->outbox_timer = attach_timeout (self, backoff_delay (self, self->outbox_failures++),
                                                 outbox_timer_cb, "plenum-sync outbox");
        }
      outbox_drain (self);
      return;
    }
  g_clear_pointer (&send->op, plenum_outbox_operation_unref);
  send->op = g_steal_pointer (&op);
  send_operation (self, g_steal_pointer (&send));
}

/* A ballot or an opinion: the member's screen says "sent" while it goes. */
static gboolean
is_ballot_operation (PlenumOutboxOperation *op)
{
  return g_strcmp0 (plenum_outbox_operation_get_kind (op), PLENUM_OUTBOX_KIND_BALLOT) == 0 ||
         g_strcmp0 (plenum_outbox_operation_get_kind (op), PLENUM_OUTBOX_KIND_OPINION) == 0;
}

/* A ballot (or an opinion) is marked SENDING (its member's screen says "sent") before
 * it goes, when the terminal is online. */
static void
on_ballot_sending_cb (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Send) send = user_data;
  g_autoptr(GError) error = NULL;
  PlenumSyncEngine *self = send->self;

  if (!plenum_store_outbox_mark_finish (PLENUM_STORE (source_object), result, &error))
    {
      if (g_cancellable_is_cancelled (send->cancellable))
        return;
      /* Settled meanwhile, or the store failed: the drain looks again. */
      g_message ("Outbox: a ballot could not be marked as being sent: %s", error->message);
      self->outbox_busy = FALSE;
      if (!g_error_matches (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID) &&
          self->outbox_timer == NULL)
        self->outbox_timer = attach_timeout (self, backoff_delay (self, self->outbox_failures++),
                                             outbox_timer_cb, "plenum-sync outbox");
      outbox_drain (self);
      return;
    }
  if (g_cancellable_is_cancelled (send->cancellable))
    return;
  send_operation (self, g_steal_pointer (&send));
}

static void
outbox_drain (PlenumSyncEngine *self)
{
  g_autoptr(PlenumOutboxOperation) op = NULL;
  char *token = NULL;
  Send *send;

  if (self->outbox_client == NULL || self->outbox_busy || self->outbox_timer != NULL ||
      self->wiping || g_cancellable_is_cancelled (self->outbox_cancellable))
    return;
  op = outbox_pick (self, &token);
  if (op == NULL)
    return;

  send = g_new0 (Send, 1);
  send->self = self;
  send->cancellable = g_object_ref (self->outbox_cancellable);
  send->op = plenum_outbox_operation_ref (op);
  send->account_id = g_strdup (plenum_outbox_operation_get_account_id (op));
  send->token = token;
  send->retry_after = -1;
  send->last_of_signed_out =
    (self->account == NULL ||
     !g_str_equal (send->account_id, plenum_member_get_id (self->account))) &&
    plenum_store_outbox_count_pending (self->store, send->account_id) == 1;

  self->outbox_busy = TRUE;
  if (is_annotation_operation (op))
    {
      /* Its base revision is fixed first, durably, so every attempt is the same. */
      plenum_store_prepare_annotation_operation_async (self->store,
                                                       plenum_outbox_operation_get_operation_id (op),
                                                       NULL, on_operation_prepared_cb, send);
      return;
    }
  /* Only while online: offline, each retry would flash "sent" on the member's screen
   * for an attempt that cannot reach anyone; the ballot stays "queued" then. */
  if (is_ballot_operation (op) && self->online)
    {
      plenum_store_outbox_mark_sending_async (self->store,
                                              plenum_outbox_operation_get_operation_id (op),
                                              NULL, on_ballot_sending_cb, send);
      return;
    }
  send_operation (self, send);
}

/* Readiness reports
 *
 * PUT /api/v1/terminals/{terminal_id}/status with the store's figures per meeting. This
 * is state, not an operation: it is NOT queued in the outbox (a report that fails is
 * simply replaced by the next one, after the next sync pass), and it is never retried
 * on its own. */

static void
on_status_put_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  PlenumSyncEngine *self = op->self;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (op_cancelled (op))
    return;
  self->status_running = FALSE;
  if (self->status_again)
    {
      self->status_again = FALSE;
      schedule_status (self);
    }
  /* Best effort: a report says nothing the other requests do not say about the
   * server being reachable, so it leaves the online state alone. */
  if (response == NULL)
    {
      if (self->terminal_mode && is_auth_error (error))
        {
          terminal_revoked (self, error);
          return;
        }
      g_debug ("Readiness report not accepted (next pass sends another): %s", error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_STATUS_REPORTED], 0);
}

static char *
status_report_json (PlenumSyncEngine *self)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *reported_at = plenum_time_format (now);
  cJSON *list = cJSON_CreateArray ();
  /* From the store, not the list model: the model follows the store from an idle
   * callback, and a pass that fetched nothing new ends before it catches up. */
  g_autoptr(GListModel) meetings = plenum_store_list_meetings (self->store,
                                                               sync_account_id (self));
  guint n = g_list_model_get_n_items (meetings);

  plenum_json_add_string (root, "reported_at", reported_at);
  cJSON_AddItemToObject (root, "meetings", list);
  for (guint i = 0; i < n && i < 1000; i++)
    {
      g_autoptr(PlenumMeeting) meeting = g_list_model_get_item (meetings, i);
      guint docs_total = 0, docs_done = 0;
      guint64 bytes_total = 0, bytes_done = 0;
      cJSON *item;

      if (!plenum_store_get_meeting_readiness (self->store, plenum_meeting_get_id (meeting),
                                               &docs_total, &docs_done, &bytes_total,
                                               &bytes_done))
        continue;
      item = cJSON_CreateObject ();
      plenum_json_add_string (item, "meeting_id", plenum_meeting_get_id (meeting));
      cJSON_AddNumberToObject (item, "packet_version",
                               (double) plenum_meeting_get_packet_version (meeting));
      cJSON_AddNumberToObject (item, "documents_total", docs_total);
      cJSON_AddNumberToObject (item, "documents_done", MIN (docs_done, docs_total));
      cJSON_AddNumberToObject (item, "bytes_total", (double) bytes_total);
      cJSON_AddNumberToObject (item, "bytes_done", (double) MIN (bytes_done, bytes_total));
      cJSON_AddItemToArray (list, item);
    }
  return plenum_json_print (root);
}

static void
send_status (PlenumSyncEngine *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) body = NULL;
  char *text;

  if (!self->has_token)
    return;
  if (self->status_running)
    {
      /* The running report may predate what this pass stored. */
      self->status_again = TRUE;
      return;
    }
  self->status_running = TRUE;
  self->status_last = g_get_monotonic_time ();
  text = status_report_json (self);
  body = g_bytes_new_take (text, strlen (text));
  path = g_strconcat ("/api/v1/terminals/", plenum_store_get_terminal_id (self->store),
                      "/status", NULL);
  plenum_http_client_request_async (self->client, "PUT", path, body, NULL, self->session,
                                    on_status_put_cb, op_new (self, NULL));
}

static gboolean
status_timer_cb (gpointer user_data)
{
  PlenumSyncEngine *self = user_data;

  clear_source (&self->status_timer);
  send_status (self);
  return G_SOURCE_REMOVE;
}

/* After a sync pass: the first report at once; later ones a moment after the pass (so
 * that the store holds what the pass wrote last, the blob that completed the packet),
 * and at least the interval after the last one. */
static void
schedule_status (PlenumSyncEngine *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 due;

  if (!self->has_token || self->status_timer != NULL)
    return;
  if (self->status_last == 0)
    {
      send_status (self);
      return;
    }
  due = self->status_last + (gint64) self->status_interval_ms * 1000;
  due = MAX (due, now + (gint64) MIN (self->status_interval_ms, STATUS_SETTLE_MS) * 1000);
  if (now >= due)
    {
      send_status (self);
      return;
    }
  self->status_timer = attach_timeout (self, (guint) ((due - now) / 1000) + 1, status_timer_cb,
                                       "plenum-sync status");
}

/* Sessions */

/* Stops every transfer of the session (the cancellable goes, a fresh one comes) and
 * forgets the token in the client. The account and the cached data stay. */
static void
stop_syncing (PlenumSyncEngine *self)
{
  GHashTableIter iter;
  BlobEntry *entry;

  g_cancellable_cancel (self->session);
  g_clear_object (&self->session);
  self->session = g_cancellable_new ();

  close_stream (self);
  clear_source (&self->reconnect_timer);
  clear_source (&self->resync_timer);
  clear_source (&self->retry_timer);
  clear_source (&self->status_timer);
  self->status_running = FALSE;
  self->status_again = FALSE;
  self->status_last = 0;
  self->reconnect_attempts = 0;
  self->resync_failures = 0;
  self->stream_failed = FALSE;
  self->list_running = FALSE;
  self->list_again = FALSE;
  self->list_again_full = FALSE;
  g_hash_table_remove_all (self->meeting_fetches);
  g_hash_table_remove_all (self->annotation_feeds);
  g_hash_table_remove_all (self->list_reads);
  g_hash_table_remove_all (self->live_reads);
  g_hash_table_remove_all (self->live_revisions);
  g_hash_table_remove_all (self->rereads);
  clear_source (&self->reread_timer);
  self->reread_attempts = 0;
  g_hash_table_remove_all (self->event_seqs);
  self->deferred_seq = 0;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->active)
      {
        entry->active = FALSE;
        entry->state = PLENUM_DOCUMENT_STATE_MISSING;
        entry->dirty = TRUE;
      }
  self->n_downloads = 0;

  self->has_token = FALSE;
  if (self->client != NULL)
    plenum_http_client_set_token (self->client, NULL);
  if (self->terminal_mode)
    {
      self->terminal_mode = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TERMINAL_SYNCING]);
    }
  update_syncing (self);
  schedule_progress (self);
}

/* Ends the session: nothing of the member stays in memory. */
static void
stop_session (PlenumSyncEngine *self)
{
  stop_syncing (self);
  clear_source (&self->meetings_idle);
  g_hash_table_remove_all (self->entries);
  g_clear_pointer (&self->last_event_id, g_free);
  if (g_set_object (&self->account, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
  if (self->meetings != NULL)
    reload_meetings (self);
  if (self->store != NULL)
    update_pending (self);
  if (self->progress_timer != NULL)
    flush_progress (self);
}

static void
session_expired (PlenumSyncEngine *self,
                 const GError     *error)
{
  g_autofree char *name = NULL;

  if (is_http_error (error, PLENUM_HTTP_ERROR_TERMINAL_WIPE))
    {
      begin_wipe (self);
      return;
    }
  if (!self->has_token)
    return;
  if (self->terminal_mode)
    {
      terminal_revoked (self, error);
      return;
    }
  note_success (self);
  name = g_strdup (plenum_member_get_name (self->account));
  stop_syncing (self);
  plenum_store_forget_token_async (self->store, name, NULL, on_store_write_done_cb,
                                   (gpointer) "token");
  emit_sync_error (self, PLENUM_SYNC_ERROR_SESSION_EXPIRED,
                   "The server no longer accepts this sign-in (%s); sign in again to sync",
                   error->message);
}

/* Starts a session for @member; with @token (and a server) the sync runs. */
static void
start_session (PlenumSyncEngine *self,
               PlenumMember     *member,
               const char       *token)
{
  g_autofree char *last = NULL;
  gint64 position = 0;

  stop_session (self);
  self->account = g_object_ref (member);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
  reload_meetings (self);

  /* Its operations go with its token from now on (a new sign-in may have brought a
   * new one after the server refused the old). */
  g_hash_table_insert (self->outbox_names, g_strdup (plenum_member_get_id (member)),
                       g_strdup (plenum_member_get_name (member)));
  g_hash_table_remove (self->outbox_blocked, plenum_member_get_id (member));
  update_pending (self);

  /* Resume from the position stored with the last applied change of this account; the
   * older terminal-wide setting only when there is none yet. */
  if (plenum_store_get_last_event_seq (self->store, plenum_member_get_id (member), &position))
    last = g_strdup_printf ("%" G_GINT64_FORMAT, position);
  else
    last = plenum_store_get_setting (self->store, PLENUM_STORE_SETTING_LAST_EVENT_ID);
  self->last_event_id = g_steal_pointer (&last);

  if (token != NULL && self->client != NULL)
    {
      plenum_http_client_set_token (self->client, token);
      self->has_token = TRUE;
      open_stream (self);
      sync_all (self, FALSE);
    }
  rebuild_blobs (self);
  flush_progress (self);
  outbox_drain (self);
}

/* The terminal credential */

/* Syncs with the terminal credential when nobody is signed in, a server is configured,
 * the terminal was not revoked and the store holds a credential. */
static void
start_terminal_sync (PlenumSyncEngine *self)
{
  g_autofree char *last = NULL;
  char *credential;
  gint64 position = 0;

  if (self->account != NULL || self->client == NULL || self->revoked || self->has_token ||
      self->wiping)
    return;
  credential = plenum_store_get_terminal_credential (self->store, NULL, NULL);
  if (credential == NULL)
    return;

  stop_session (self);
  plenum_http_client_set_authorization (self->client, "Terminal", credential);
  wipe_string (credential);
  g_free (credential);
  self->has_token = TRUE;
  self->terminal_mode = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TERMINAL_SYNCING]);

  if (plenum_store_get_last_event_seq (self->store, NULL, &position))
    last = g_strdup_printf ("%" G_GINT64_FORMAT, position);
  self->last_event_id = g_steal_pointer (&last);

  g_message ("Syncing with the terminal credential");
  reload_meetings (self);
  open_stream (self);
  sync_all (self, FALSE);
  rebuild_blobs (self);
  flush_progress (self);
}

static void
clear_revoked (PlenumSyncEngine *self)
{
  g_autofree char *revoked = plenum_store_get_setting (self->store,
                                                       PLENUM_STORE_SETTING_REVOKED_CREDENTIAL);

  if (revoked != NULL)
    save_setting (self, PLENUM_STORE_SETTING_REVOKED_CREDENTIAL, NULL);
  if (self->revoked)
    {
      self->revoked = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVOKED]);
    }
}

/* The store holds a new credential (enrolled, or from the configuration): not revoked
 * any more, and a terminal sync running with the old one restarts with it. */
static void
use_new_credential (PlenumSyncEngine *self)
{
  clear_revoked (self);
  /* Enrolled again after a wipe. */
  if (self->wiped)
    {
      self->wiped = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIPED]);
    }
  if (self->terminal_mode)
    stop_session (self);
  start_terminal_sync (self);
}

/* The server said the terminal credential is no longer good: stop using it and forget
 * it (401 terminal_revoked; a 401 unauthorized means it was replaced or is unknown,
 * which is the same for this terminal: it must be enrolled again). */
static void
terminal_revoked (PlenumSyncEngine *self,
                  const GError     *error)
{
  if (is_http_error (error, PLENUM_HTTP_ERROR_TERMINAL_WIPE))
    {
      begin_wipe (self);
      return;
    }
  if (!self->terminal_mode)
    return;
  note_success (self);
  /* Not stop_session(): a caller may still hold one of the blob entries. */
  stop_syncing (self);
  clear_source (&self->meetings_idle);
  g_clear_pointer (&self->last_event_id, g_free);
  reload_meetings (self);
  {
    /* Kept across restarts (by its hash only), so the terminal still says it was
     * revoked, and does not take the same credential from its configuration again. */
    g_autofree char *credential = plenum_store_get_terminal_credential (self->store, NULL, NULL);

    if (credential != NULL)
      {
        g_autofree char *hash = plenum_sha256_hex (credential, strlen (credential));

        save_setting (self, PLENUM_STORE_SETTING_REVOKED_CREDENTIAL, hash);
        wipe_string (credential);
      }
  }
  plenum_store_forget_terminal_credential_async (self->store, NULL, on_store_write_done_cb,
                                                 (gpointer) "terminal credential");
  if (!self->revoked)
    {
      self->revoked = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVOKED]);
    }
  g_message ("The terminal credential was refused (%s); syncing as the terminal stopped",
             plenum_http_error_get_code_string (error) != NULL ?
             plenum_http_error_get_code_string (error) : "no code");
  emit_sync_error (self, PLENUM_SYNC_ERROR_TERMINAL_REVOKED,
                   "This terminal was revoked by the committee office");
}

/* The wipe (docs/protocol.md, "Wiping a terminal")
 *
 * 401 terminal_wipe on any request: everything stops; the store erases every packet,
 * blob, annotation, outbox operation (the committee office asked: a member's unsent work
 * goes too), remembered account, token and PIN verifier, in one transaction that also
 * marks the wipe pending; then POST /api/v1/terminals/{id}/wiped with the credential;
 * then the credential goes with the mark. Each step is tried again until done; a crash
 * leaves the mark, and plenum_sync_engine_start() begins again. */

static void wipe_step (PlenumSyncEngine *self);

static gboolean
wipe_timer_cb (gpointer user_data)
{
  PlenumSyncEngine *self = user_data;

  clear_source (&self->wipe_timer);
  wipe_step (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_wipe_step (PlenumSyncEngine *self,
                    guint             delay_ms)
{
  clear_source (&self->wipe_timer);
  self->wipe_timer = attach_timeout (self, delay_ms, wipe_timer_cb, "plenum-sync wipe");
}

static void
wipe_step_failed (PlenumSyncEngine *self,
                  const char       *what,
                  const GError     *error)
{
  g_message ("Wiping this terminal: %s failed (tried again): %s", what, error->message);
  schedule_wipe_step (self, backoff_delay (self, self->wipe_failures++));
}

static void
on_wipe_ended_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PlenumSyncEngine) self = weak_engine_steal (user_data);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = plenum_store_end_wipe_finish (PLENUM_STORE (source_object), result, &error);
  if (self == NULL || self->store == NULL)
    return;
  if (!ok)
    {
      wipe_step_failed (self, "forgetting the credential", error);
      return;
    }
  g_message ("This terminal was wiped; it must be enrolled again");
  self->wiping = FALSE;
  self->wipe_failures = 0;
  if (self->client != NULL)
    plenum_http_client_set_token (self->client, NULL);
  if (!self->wiped)
    {
      self->wiped = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIPED]);
    }
  emit_sync_error (self, PLENUM_SYNC_ERROR_TERMINAL_WIPED,
                   "This terminal was wiped at the committee office's request");
}

static void
end_wipe (PlenumSyncEngine *self)
{
  plenum_store_end_wipe_async (self->store, NULL, on_wipe_ended_cb, weak_engine_new (self));
}

static void
on_wipe_confirmed_cb (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  PlenumSyncEngine *self = op->self;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (op_cancelled (op))
    return;
  if (self->client != NULL)
    plenum_http_client_set_token (self->client, NULL);
  /* Confirmed now, or before a crash (the credential is revoked then), or a credential
   * the server does not know: in every case there is nothing left to tell it. */
  if (response != NULL || is_http_error (error, PLENUM_HTTP_ERROR_TERMINAL_REVOKED) ||
      is_http_error (error, PLENUM_HTTP_ERROR_UNAUTHORIZED))
    {
      end_wipe (self);
      return;
    }
  if (is_network_error (error))
    note_failure (self);
  wipe_step_failed (self, "confirming the wipe", error);
}

static void
confirm_wipe (PlenumSyncEngine *self)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) body = NULL;
  char *credential = plenum_store_get_terminal_credential (self->store, NULL, NULL);
  Op *op;

  /* Nothing to confirm with (never enrolled, or no server): the erasure is all. */
  if (credential == NULL || self->client == NULL)
    {
      if (credential != NULL)
        {
          wipe_string (credential);
          g_free (credential);
        }
      end_wipe (self);
      return;
    }

  plenum_http_client_set_authorization (self->client, "Terminal", credential);
  wipe_string (credential);
  g_free (credential);
  path = g_strdup_printf ("/api/v1/terminals/%s/wiped",
                          plenum_store_get_terminal_id (self->store));
  body = g_bytes_new_static ("{}", 2);
  op = op_new (self, NULL);
  g_set_object (&op->cancellable, self->wipe_cancellable);
  plenum_http_client_request_async (self->client, "POST", path, body, NULL,
                                    self->wipe_cancellable, on_wipe_confirmed_cb, op);
}

static void
on_wipe_erased_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlenumSyncEngine) self = weak_engine_steal (user_data);
  g_autoptr(GError) error = NULL;
  guint blobs_left = 0;
  gboolean ok;

  ok = plenum_store_wipe_finish (PLENUM_STORE (source_object), result, &blobs_left, &error);
  if (self == NULL || self->store == NULL)
    return;
  if (!ok)
    {
      wipe_step_failed (self, "erasing", error);
      return;
    }
  if (blobs_left > 0)
    {
      /* A download that is stopping still holds a file: erase again in a moment. */
      schedule_wipe_step (self, WIPE_BUSY_RETRY_MS);
      return;
    }
  g_message ("This terminal's documents are erased; confirming to the server");
  self->wipe_failures = 0;
  confirm_wipe (self);
}

/* One pass: erase (again: a crash may have left files), then confirm. */
static void
wipe_step (PlenumSyncEngine *self)
{
  /* The signed-in member goes too (from the main loop, so no caller holds an entry). */
  if (self->account != NULL || g_hash_table_size (self->entries) > 0)
    stop_session (self);
  plenum_store_wipe_async (self->store, NULL, on_wipe_erased_cb, weak_engine_new (self));
}

static void
begin_wipe (PlenumSyncEngine *self)
{
  if (self->wiping)
    return;
  g_message ("The committee office asked this terminal to erase its documents");
  self->wiping = TRUE;
  self->wipe_failures = 0;
  note_success (self);
  /* Nothing goes out any more, nothing of anyone stays in memory. Not stop_session()
   * here: a caller may still hold one of the blob entries; the step runs from the main
   * loop. */
  stop_syncing (self);
  /* An operation on its way is dropped (its callback sees its cancellable cancelled);
   * the drain stays idle while `wiping`. */
  g_cancellable_cancel (self->outbox_cancellable);
  g_clear_object (&self->outbox_cancellable);
  self->outbox_cancellable = g_cancellable_new ();
  self->outbox_busy = FALSE;
  clear_source (&self->outbox_timer);
  g_hash_table_remove_all (self->outbox_names);
  g_hash_table_remove_all (self->outbox_blocked);
  schedule_wipe_step (self, 0);
}

void
plenum_sync_engine_start (PlenumSyncEngine *self)
{
  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  assert_owner (self);

  /* A wipe begun before a restart (or a crash) is finished before anything else. */
  if (plenum_store_get_wipe_pending (self->store))
    {
      begin_wipe (self);
      return;
    }
  start_terminal_sync (self);
  /* What signed-out members left to send before a restart goes now. */
  outbox_drain (self);
}

static void
on_credential_adopted_cb (GObject      *source_object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(PlenumSyncEngine) self = weak_engine_steal (user_data);
  g_autoptr(GError) error = NULL;

  if (!plenum_store_terminal_credential_finish (PLENUM_STORE (source_object), result, &error))
    {
      g_warning ("The terminal credential of the configuration could not be stored: %s",
                 error->message);
      return;
    }
  if (self == NULL || self->store == NULL)
    return;  /* gone meanwhile */
  g_message ("Using the terminal credential of the configuration");
  use_new_credential (self);
}

void
plenum_sync_engine_start_with_credential (PlenumSyncEngine *self,
                                          const char       *terminal_id,
                                          const char       *credential)
{
  g_autofree char *stored = NULL;
  g_autofree char *revoked = NULL;
  g_autofree char *hash = NULL;

  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  g_return_if_fail (terminal_id != NULL && plenum_is_uuid (terminal_id));
  g_return_if_fail (credential != NULL && plenum_is_sha256_hex (credential));
  assert_owner (self);

  if (plenum_store_get_wipe_pending (self->store))
    {
      begin_wipe (self);
      return;
    }
  hash = plenum_sha256_hex (credential, strlen (credential));
  revoked = plenum_store_get_setting (self->store, PLENUM_STORE_SETTING_REVOKED_CREDENTIAL);
  if (revoked != NULL && g_str_equal (revoked, hash))
    {
      /* The server refused this very credential before: say so, do not try it again. */
      g_debug ("The configured terminal credential was revoked");
      return;
    }
  stored = plenum_store_get_terminal_credential (self->store, NULL, NULL);
  if (stored != NULL && g_str_equal (stored, credential) &&
      g_str_equal (plenum_store_get_terminal_id (self->store), terminal_id))
    {
      wipe_string (stored);
      start_terminal_sync (self);
      outbox_drain (self);
      return;
    }
  if (stored != NULL)
    wipe_string (stored);
  outbox_drain (self);
  plenum_store_adopt_terminal_async (self->store, terminal_id, credential, NULL,
                                     on_credential_adopted_cb, weak_engine_new (self));
}

gboolean
plenum_sync_engine_get_revoked (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), FALSE);
  return self->revoked;
}

gboolean
plenum_sync_engine_get_terminal_syncing (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), FALSE);
  return self->terminal_mode;
}

/* Sign-in */

typedef struct {
  char         *name;
  char         *pin;           /* wiped when freed */
  char         *token;         /* wiped when freed */
  GDateTime    *expires_at;
  char         *account_json;
  PlenumMember *member;
} SignIn;

static void
sign_in_free (SignIn *data)
{
  g_free (data->name);
  g_clear_pointer (&data->pin, plenum_secret_free);
  g_clear_pointer (&data->token, plenum_secret_free);
  g_clear_pointer (&data->expires_at, g_date_time_unref);
  g_free (data->account_json);
  g_clear_object (&data->member);
  g_free (data);
}

static void
on_offline_pin_checked_cb (GObject      *source_object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlenumSyncEngine *self = g_task_get_source_object (task);
  SignIn *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *account_json = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(PlenumMember) member = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  g_autoptr(GDateTime) now = NULL;
  char *token;

  account_json = plenum_store_check_offline_pin_finish (PLENUM_STORE (source_object), result,
                                                        &error);
  if (account_json == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_WRONG_PIN))
        g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_WRONG_CREDENTIALS,
                                 "Wrong name or PIN");
      else
        g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_STORAGE,
                                 "The offline sign-in could not be checked: %s", error->message);
      return;
    }

  root = plenum_json_parse (account_json, -1, &error);
  if (root != NULL)
    member = plenum_member_new_from_json (root, "account", &error);
  if (member == NULL || !plenum_member_is_account (member) ||
      g_strcmp0 (plenum_member_get_name (member), data->name) != 0)
    {
      g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_STORAGE,
                               "The stored account cannot be read%s%s",
                               error != NULL ? ": " : "", error != NULL ? error->message : "");
      return;
    }

  /* The server was not reached when the member signed in: offline at once. */
  if (self->client != NULL)
    note_failure (self);
  go_offline (self);

  /* A token that is still valid lets the engine sync as soon as the server is back. */
  token = plenum_store_get_token (self->store, data->name, &expires_at);
  now = g_date_time_new_now_utc ();
  if (token != NULL && expires_at != NULL && g_date_time_compare (expires_at, now) <= 0)
    g_clear_pointer (&token, plenum_secret_free);
  g_message ("Signed in offline%s", token != NULL ? "; syncing when the server is back" : "");
  start_session (self, member, token);
  g_clear_pointer (&token, plenum_secret_free);
  g_task_return_pointer (task, g_steal_pointer (&member), g_object_unref);
}

/* Takes @owned_task. */
static void
sign_in_offline (GTask *owned_task)
{
  g_autoptr(GTask) task = owned_task;
  PlenumSyncEngine *self = g_task_get_source_object (task);
  SignIn *data = g_task_get_task_data (task);
  GCancellable *cancellable;

  /* "Never signed in here" (UNREACHABLE) is told apart from a wrong PIN. */
  if (!plenum_store_has_account (self->store, data->name))
    {
      if (self->client == NULL)
        g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_NO_SERVER,
                                 "No server is configured, and this account never signed in "
                                 "on this terminal");
      else
        g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_UNREACHABLE,
                                 "The server cannot be reached, and this account never signed "
                                 "in on this terminal");
      return;
    }
  cancellable = g_task_get_cancellable (task);
  plenum_store_check_offline_pin_async (self->store, data->name, data->pin, cancellable,
                                        on_offline_pin_checked_cb, g_steal_pointer (&task));
}

static void
on_account_remembered_cb (GObject      *source_object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlenumSyncEngine *self = g_task_get_source_object (task);
  SignIn *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!plenum_store_remember_account_finish (PLENUM_STORE (source_object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_STORAGE,
                                 "The account could not be stored: %s", error->message);
      return;
    }

  g_message ("Signed in online");
  start_session (self, data->member, data->token);
  g_task_return_pointer (task, g_object_ref (data->member), g_object_unref);
}

/* Reads the 201 answer of POST /api/v1/session into @data. */
static gboolean
read_session_answer (SignIn      *data,
                     GBytes      *body,
                     GError     **error)
{
  static const char * const known[] = { "token", "expires_at", "account", NULL };
  g_autoptr(cJSON) root = NULL;
  const cJSON *account = NULL;
  const char *token = NULL;
  gsize length;
  const char *text = g_bytes_get_data (body, &length);

  root = plenum_json_parse (text, (gssize) length, error);
  if (root == NULL ||
      !plenum_json_check_object (root, "", known, error) ||
      !plenum_json_get_string (root, "", "token", PLENUM_JSON_REQUIRED, &token, error) ||
      !plenum_json_get_time (root, "", "expires_at", PLENUM_JSON_REQUIRED, &data->expires_at,
                             error) ||
      !plenum_json_get_object (root, "", "account", PLENUM_JSON_REQUIRED, &account, error))
    return FALSE;
  /* 32 random bytes in hex: the shape of a SHA-256. Not echoed: it is a secret. */
  if (!plenum_is_sha256_hex (token))
    {
      g_set_error_literal (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                           "token: not 64 lowercase hexadecimal digits");
      return FALSE;
    }
  data->member = plenum_member_new_from_json (account, "account", error);
  if (data->member == NULL)
    return FALSE;
  if (!plenum_member_is_account (data->member) ||
      g_strcmp0 (plenum_member_get_name (data->member), data->name) != 0)
    {
      g_set_error_literal (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                           "account.name: not the name that signed in");
      return FALSE;
    }
  data->token = g_strdup (token);
  wipe_string ((char *) token);
  data->account_json = plenum_json_print (account);
  return TRUE;
}

static void
on_session_posted_cb (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlenumSyncEngine *self = g_task_get_source_object (task);
  SignIn *data = g_task_get_task_data (task);
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (response == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (is_http_error (error, PLENUM_HTTP_ERROR_UNREACHABLE) ||
          is_http_error (error, PLENUM_HTTP_ERROR_TIMEOUT))
        {
          g_debug ("Server unreachable at sign-in (%s): trying offline", error->message);
          note_failure (self);
          sign_in_offline (g_steal_pointer (&task));
          return;
        }
      if (is_network_error (error))
        note_failure (self);
      else
        note_success (self);
      /* A server this terminal must not trust, or may not reach in clear: said as what
       * it is (plenum-error-text.c has the sentences), not as a refusal. */
      if (is_http_error (error, PLENUM_HTTP_ERROR_TLS) ||
          is_http_error (error, PLENUM_HTTP_ERROR_INSECURE))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (is_http_error (error, PLENUM_HTTP_ERROR_WRONG_CREDENTIALS))
        g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_WRONG_CREDENTIALS,
                                 "Wrong name or PIN");
      else if (is_http_error (error, PLENUM_HTTP_ERROR_TOO_MANY_ATTEMPTS))
        g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_TOO_MANY_ATTEMPTS,
                                 "Too many attempts; try again in %" G_GINT64_FORMAT " s",
                                 MAX (plenum_http_error_get_retry_after (error), 1));
      else
        g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_SERVER,
                                 "The server refused the sign-in: %s", error->message);
      return;
    }
  note_success (self);

  if (!read_session_answer (data, plenum_http_response_get_body (response), &error))
    {
      g_message ("Malformed sign-in answer: %s", error->message);
      g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_SERVER,
                               "The server's answer to the sign-in cannot be read: %s",
                               error->message);
      return;
    }

  plenum_store_remember_account_async (self->store, data->name, data->account_json, data->pin,
                                       data->token, data->expires_at,
                                       g_task_get_cancellable (task), on_account_remembered_cb,
                                       task);
  g_steal_pointer (&task);
}

static void
bytes_secret_free (gpointer text)
{
  plenum_secret_free (text);
}

void
plenum_sync_engine_sign_in_async (PlenumSyncEngine    *self,
                                  const char          *name,
                                  const char          *pin,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(cJSON) request = NULL;
  g_autoptr(GBytes) body = NULL;
  SignIn *data;
  char *text;
  char *credential;
  cJSON *pin_node;

  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (pin != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  assert_owner (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_sync_engine_sign_in_async);
  data = g_new0 (SignIn, 1);
  data->name = g_strdup (name);
  data->pin = g_strdup (pin);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_free);

  /* Neither can be an account's: the same answer as a wrong PIN, without asking. */
  if (!plenum_is_sign_in_name (name) || !plenum_is_pin (pin))
    {
      g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_WRONG_CREDENTIALS,
                               "Wrong name or PIN");
      return;
    }

  if (self->client == NULL)
    {
      sign_in_offline (g_steal_pointer (&task));
      return;
    }

  request = cJSON_CreateObject ();
  plenum_json_add_string (request, "name", name);
  plenum_json_add_string (request, "pin", pin);
  plenum_json_add_string (request, "terminal_id", plenum_store_get_terminal_id (self->store));
  text = plenum_json_print (request);
  pin_node = cJSON_GetObjectItemCaseSensitive (request, "pin");
  wipe_string (cJSON_GetStringValue (pin_node));
  body = g_bytes_new_with_free_func (text, strlen (text), bytes_secret_free, text);

  /* Over the outbox's client, which carries no credential between its requests: the
   * session client may be carrying the member's token. With the terminal's credential
   * for this one request, when the terminal has one: the server then counts wrong PINs
   * at this seat, so that guesses made elsewhere never lock the member out here
   * (docs/protocol.md, "Guessing PINs"). */
  credential = plenum_store_get_terminal_credential (self->store, NULL, NULL);
  if (credential != NULL)
    plenum_http_client_set_authorization (self->outbox_client, "Terminal", credential);
  plenum_http_client_request_async (self->outbox_client, "POST", "/api/v1/session", body, NULL,
                                    cancellable, on_session_posted_cb, g_steal_pointer (&task));
  if (credential != NULL)
    {
      plenum_http_client_set_authorization (self->outbox_client, NULL, NULL);
      wipe_string (credential);
      g_free (credential);
    }
}

PlenumMember *
plenum_sync_engine_sign_in_finish (PlenumSyncEngine  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_sync_engine_sign_in_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_session_deleted_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (response == NULL)
    g_debug ("Signing out at the server failed (the token is forgotten anyway): %s",
             error->message);
}

static void
on_closed_session_removed_cb (GObject      *source_object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(PlenumSyncEngine) self = weak_engine_steal (user_data);
  g_autoptr(GError) error = NULL;
  guint blobs_removed = 0, blobs_busy = 0;

  if (!plenum_store_remove_closed_session_documents_finish (PLENUM_STORE (source_object),
                                                            result, &blobs_removed,
                                                            &blobs_busy, &error))
    {
      g_message ("Could not remove the closed-session documents: %s", error->message);
      return;
    }
  if (blobs_removed > 0)
    g_debug ("Removed %u closed-session documents at sign-out", blobs_removed);
  /* A download the sign-out cancelled may have been renaming its file into place. */
  if (self != NULL)
    {
      self->prune_retries = 0;
      prune_again_if_busy (self, blobs_busy);
    }
}

void
plenum_sync_engine_sign_out (PlenumSyncEngine *self)
{
  g_autofree char *name = NULL;

  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  assert_owner (self);

  if (self->account == NULL)
    return;
  name = g_strdup (plenum_member_get_name (self->account));

  /* Started before the client forgets the token, so it still carries it. With
   * operations still queued the session stays open at the server: the store keeps the
   * token to send them, and the drain ends the session after the last one. */
  if (self->has_token &&
      plenum_store_outbox_count_pending (self->store, plenum_member_get_id (self->account)) == 0)
    plenum_http_client_request_async (self->client, "DELETE", "/api/v1/session", NULL, NULL,
                                      NULL, on_session_deleted_cb, NULL);
  stop_session (self);
  plenum_store_forget_token_async (self->store, name, NULL, on_store_write_done_cb,
                                   (gpointer) "token");
  /* The member may have been cleared for closed-session items: the next one at this
   * terminal must not find their documents (queued before the terminal's own sync
   * writes anything). */
  plenum_store_remove_closed_session_documents_async (self->store, NULL,
                                                      on_closed_session_removed_cb,
                                                      weak_engine_new (self));
  /* Nobody is signed in: the terminal's own credential takes over, if it has one. */
  start_terminal_sync (self);
}

/* Getters and settings */

PlenumStore *
plenum_sync_engine_get_store (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  return self->store;
}

const char *
plenum_sync_engine_get_server_url (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  return self->server_url;
}

PlenumMember *
plenum_sync_engine_get_account (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  return self->account;
}

gboolean
plenum_sync_engine_get_online (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), FALSE);
  return self->online;
}

GDateTime *
plenum_sync_engine_get_offline_since (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  return self->offline_since;
}

gboolean
plenum_sync_engine_get_syncing (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), FALSE);
  return self->syncing;
}

guint64
plenum_sync_engine_get_bytes_total (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), 0);
  return self->bytes_total;
}

guint64
plenum_sync_engine_get_bytes_done (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), 0);
  return self->bytes_done;
}

guint
plenum_sync_engine_get_documents_total (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), 0);
  return self->documents_total;
}

guint
plenum_sync_engine_get_documents_done (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), 0);
  return self->documents_done;
}

GListModel *
plenum_sync_engine_get_meetings (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  return G_LIST_MODEL (self->meetings);
}

PlenumMeeting *
plenum_sync_engine_get_meeting (PlenumSyncEngine *self,
                                const char       *meeting_id)
{
  g_autoptr(GError) error = NULL;
  PlenumMeeting *meeting;

  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (meeting_id != NULL, NULL);
  assert_owner (self);

  /* Only the signed-in member's meetings, or with nobody signed in the terminal's
   * while it syncs with its credential (the room display): both are what the meeting
   * list holds. */
  if ((self->account == NULL && !self->terminal_mode) || !meeting_is_listed (self, meeting_id))
    return NULL;
  meeting = plenum_store_get_meeting (self->store, meeting_id, &error);
  if (meeting == NULL)
    g_debug ("Meeting %s: %s", meeting_id, error->message);
  return meeting;
}

PlenumDocumentState
plenum_sync_engine_get_document_state (PlenumSyncEngine *self,
                                       const char       *sha256,
                                       guint64          *bytes_done,
                                       guint64          *bytes_total)
{
  g_autofree char *path = NULL;
  BlobEntry *entry;
  PlenumBlobState stored;
  guint64 size = 0;

  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), PLENUM_DOCUMENT_STATE_MISSING);
  g_return_val_if_fail (sha256 != NULL, PLENUM_DOCUMENT_STATE_MISSING);
  assert_owner (self);

  entry = g_hash_table_lookup (self->entries, sha256);
  if (entry != NULL)
    {
      if (bytes_done != NULL)
        *bytes_done = entry->state == PLENUM_DOCUMENT_STATE_VERIFIED ? entry->size
                                                                      : entry->bytes_present;
      if (bytes_total != NULL)
        *bytes_total = entry->size;
      return entry->state;
    }

  if (plenum_store_get_blob_state (self->store, sha256, &stored, &size, NULL) == FALSE)
    size = 0;
  path = plenum_blob_store_lookup (self->blobs, sha256);
  if (bytes_total != NULL)
    *bytes_total = size;
  if (path != NULL)
    {
      if (bytes_done != NULL)
        *bytes_done = size;
      return PLENUM_DOCUMENT_STATE_VERIFIED;
    }
  if (bytes_done != NULL)
    *bytes_done = plenum_blob_store_get_partial_size (self->blobs, sha256);
  return PLENUM_DOCUMENT_STATE_MISSING;
}

char *
plenum_sync_engine_get_document_path (PlenumSyncEngine *self,
                                      const char       *sha256)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);

  return plenum_blob_store_lookup (self->blobs, sha256);
}

void
plenum_sync_engine_refresh (PlenumSyncEngine *self)
{
  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  assert_owner (self);

  if (!self->has_token)
    return;
  self->reconnect_attempts = 0;
  self->resync_failures = 0;
  if (self->stream == NULL)
    open_stream (self);
  sync_all (self, FALSE);
  kick_blobs (self, TRUE);
}

void
plenum_sync_engine_set_offline_delay (PlenumSyncEngine *self,
                                      guint             milliseconds)
{
  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  self->offline_delay_ms = milliseconds;
}

void
plenum_sync_engine_set_reconnect_delays (PlenumSyncEngine *self,
                                         guint             min_ms,
                                         guint             max_ms)
{
  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  g_return_if_fail (min_ms > 0);
  g_return_if_fail (max_ms >= min_ms);
  g_return_if_fail (max_ms <= G_MAXINT32 / 2);
  self->reconnect_min_ms = min_ms;
  self->reconnect_max_ms = max_ms;
}

void
plenum_sync_engine_set_retention (PlenumSyncEngine *self,
                                  GTimeSpan         retention)
{
  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  g_return_if_fail (retention >= G_TIME_SPAN_DAY);

  self->retention = retention;
  rebuild_blobs (self);
}

void
plenum_sync_engine_set_parallel_downloads (PlenumSyncEngine *self,
                                           guint             n)
{
  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  g_return_if_fail (n >= 1 && n <= MAX_PARALLEL);
  self->parallel = n;
  pump_downloads (self);
}

void
plenum_sync_engine_set_event_watchdog (PlenumSyncEngine *self,
                                       guint             milliseconds)
{
  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  if (self->client != NULL)
    plenum_http_client_set_event_watchdog (self->client, milliseconds);
}

/* Sets @client's network timeouts (NULL: nothing). */
static void
apply_http_timeouts (PlenumHttpClient *client,
                     guint             connect_timeout_ms,
                     guint             low_speed_seconds)
{
  if (client == NULL)
    return;
  plenum_http_client_set_connect_timeout (client, connect_timeout_ms);
  plenum_http_client_set_low_speed_timeout (client, low_speed_seconds);
}

void
plenum_sync_engine_set_http_timeouts (PlenumSyncEngine *self,
                                      guint             connect_timeout_ms,
                                      guint             low_speed_seconds)
{
  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  apply_http_timeouts (self->client, connect_timeout_ms, low_speed_seconds);
  apply_http_timeouts (self->outbox_client, connect_timeout_ms, low_speed_seconds);
}

/* Applies the TLS settings to @client (NULL: nothing). */
static void
apply_tls (PlenumSyncEngine *self,
           PlenumHttpClient *client)
{
  g_autoptr(GError) error = NULL;

  if (client == NULL)
    return;
  plenum_http_client_set_ca_file (client, self->ca_file);
  plenum_http_client_set_allow_insecure (client, self->allow_insecure_http);
  if (!plenum_http_client_set_pinned_public_key (client, self->pinned_key, &error))
    g_assert_not_reached (); /* set_tls checked it */
}

void
plenum_sync_engine_set_tls (PlenumSyncEngine *self,
                            const char       *ca_file,
                            const char       *pinned_public_key,
                            gboolean          allow_insecure_http)
{
  /* The SHA-256 of no key: what an unusable pin becomes, so that nothing is accepted. */
  static const char no_key[] = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
  g_clear_pointer (&self->pinned_key, g_free);
  if (pinned_public_key != NULL)
    {
      /* The client's own check, through a client that is never used. */
      g_autoptr(PlenumHttpClient) probe = plenum_http_client_new ("https://localhost", NULL);

      if (plenum_http_client_set_pinned_public_key (probe, pinned_public_key, NULL))
        self->pinned_key = g_strdup (plenum_http_client_get_pinned_public_key (probe));
      else
        {
          g_critical ("%s: “%s” is not a pinned public key (sha256//BASE64)", G_STRFUNC,
                      pinned_public_key);
          self->pinned_key = g_strdup (no_key);
        }
    }
  self->allow_insecure_http = allow_insecure_http;
  apply_tls (self, self->client);
  apply_tls (self, self->outbox_client);
}

const char *
plenum_sync_engine_get_ca_file (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  return self->ca_file;
}

const char *
plenum_sync_engine_get_pinned_public_key (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  return self->pinned_key;
}

gboolean
plenum_sync_engine_get_allow_insecure_http (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), FALSE);
  return self->allow_insecure_http;
}

/* The outbox: public calls */

/* A member's operation was saved in the outbox (or not): @task (owned) returns its id,
 * or STORAGE naming @what ("The check-in") for a store failure. */
static void
operation_saved (PlenumStore  *store,
                 GAsyncResult *result,
                 GTask        *task,
                 const char   *what)
{
  g_autoptr(GTask) owned = task;
  PlenumSyncEngine *self = g_task_get_source_object (owned);
  g_autoptr(GError) error = NULL;
  g_autofree char *operation_id = NULL;

  operation_id = plenum_store_outbox_add_finish (store, result, &error);
  if (operation_id == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (owned, g_steal_pointer (&error));
      else
        g_task_return_new_error (owned, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_STORAGE,
                                 "%s could not be saved: %s", what, error->message);
      return;
    }
  /* Durable now: the caller may say "saved". The send only starts here (its answer
   * comes later), so nothing touches the engine after the callback. */
  update_pending (self);
  outbox_drain (self);
  g_task_return_pointer (owned, g_steal_pointer (&operation_id), g_free);
}

static void
on_checked_in_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  operation_saved (PLENUM_STORE (source_object), result, user_data, "The check-in");
}

void
plenum_sync_engine_check_in_async (PlenumSyncEngine    *self,
                                   const char          *meeting_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  g_return_if_fail (meeting_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  assert_owner (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_sync_engine_check_in_async);
  if (self->account == NULL)
    {
      g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_SIGNED_OUT,
                               "Nobody is signed in");
      return;
    }
  if (!plenum_is_uuid (meeting_id))
    {
      g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_STORAGE,
                               "Not a meeting id");
      return;
    }
  /* The path is built by the store from the validated id, never from an answer. */
  plenum_store_check_in_async (self->store, plenum_member_get_id (self->account), meeting_id,
                               "{\"present\":true}", cancellable, on_checked_in_cb,
                               g_steal_pointer (&task));
}

char *
plenum_sync_engine_check_in_finish (PlenumSyncEngine  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_sync_engine_check_in_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
plenum_sync_engine_get_pending_operations (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), 0);
  return self->pending_operations;
}

GPtrArray *
plenum_sync_engine_list_operations (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  assert_owner (self);

  if (self->account == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_outbox_operation_unref);
  return plenum_store_outbox_list (self->store, plenum_member_get_id (self->account));
}

void
plenum_sync_engine_drain_outbox (PlenumSyncEngine *self)
{
  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  assert_owner (self);

  g_hash_table_remove_all (self->outbox_blocked);
  clear_source (&self->outbox_timer);
  self->outbox_failures = 0;
  outbox_drain (self);
}

void
plenum_sync_engine_set_status_interval (PlenumSyncEngine *self,
                                        guint             milliseconds)
{
  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  self->status_interval_ms = milliseconds;
}

/* Enrolment */

static void
on_credential_stored_cb (GObject      *source_object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlenumSyncEngine *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!plenum_store_terminal_credential_finish (PLENUM_STORE (source_object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_STORAGE,
                                 "The terminal credential could not be stored: %s",
                                 error->message);
      return;
    }
  g_message ("Terminal enrolled");
  use_new_credential (self);
  g_task_return_boolean (task, TRUE);
}

static void
on_enrolled_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  static const char * const known[] = { "terminal_id", "name", "room", "credential",
                                        "enrolled_at", NULL };
  g_autoptr(GTask) task = user_data;
  PlenumSyncEngine *self = g_task_get_source_object (task);
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  const cJSON *room = NULL;
  const char *terminal_id = NULL, *name = NULL, *room_name = NULL, *credential = NULL;
  GCancellable *cancellable;
  const char *text;
  gsize length;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (response == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (is_network_error (error))
        note_failure (self);
      else
        note_success (self);
      if (g_strcmp0 (plenum_http_error_get_code_string (error), "enrolment_invalid") == 0 ||
          is_http_error (error, PLENUM_HTTP_ERROR_BAD_REQUEST))
        g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_ENROLMENT_INVALID,
                                 "This enrolment code is not valid (unknown, used or expired)");
      else if (is_http_error (error, PLENUM_HTTP_ERROR_TOO_MANY_ATTEMPTS))
        g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_TOO_MANY_ATTEMPTS,
                                 "Too many attempts; try again in %" G_GINT64_FORMAT " s",
                                 MAX (plenum_http_error_get_retry_after (error), 1));
      else if (is_network_error (error))
        g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_UNREACHABLE,
                                 "The server cannot be reached: %s", error->message);
      else
        g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_SERVER,
                                 "The server refused the enrolment: %s", error->message);
      return;
    }
  note_success (self);

  text = g_bytes_get_data (plenum_http_response_get_body (response), &length);
  root = plenum_json_parse (text, (gssize) length, &error);
  if (root == NULL ||
      !plenum_json_check_object (root, "", known, &error) ||
      !plenum_json_get_string (root, "", "terminal_id", PLENUM_JSON_REQUIRED, &terminal_id,
                               &error) ||
      !plenum_json_get_string (root, "", "name", PLENUM_JSON_REQUIRED, &name, &error) ||
      !plenum_json_get_object (root, "", "room", PLENUM_JSON_REQUIRED, &room, &error) ||
      !plenum_json_get_string (room, "room", "name", PLENUM_JSON_REQUIRED, &room_name,
                               &error) ||
      !plenum_json_get_string (root, "", "credential", PLENUM_JSON_REQUIRED, &credential,
                               &error))
    {
      g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_SERVER,
                               "The server's answer to the enrolment cannot be read: %s",
                               error->message);
      return;
    }
  if (!g_str_equal (terminal_id, plenum_store_get_terminal_id (self->store)) ||
      !plenum_is_sha256_hex (credential))
    {
      g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_SERVER,
                               "The server's answer to the enrolment is not for this terminal");
      return;
    }
  cancellable = g_task_get_cancellable (task);
  plenum_store_set_terminal_credential_async (self->store, credential, name, room_name,
                                              cancellable, on_credential_stored_cb,
                                              g_steal_pointer (&task));
  wipe_string ((char *) credential);
}

void
plenum_sync_engine_enrol_async (PlenumSyncEngine    *self,
                                const char          *code,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(cJSON) request = NULL;
  g_autoptr(GBytes) body = NULL;
  char *text;

  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  assert_owner (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_sync_engine_enrol_async);
  if (self->outbox_client == NULL)
    {
      g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_NO_SERVER,
                               "No server is configured");
      return;
    }
  if (!g_utf8_validate (code, -1, NULL) || strlen (code) > 64)
    {
      g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_ENROLMENT_INVALID,
                               "This enrolment code is not valid (unknown, used or expired)");
      return;
    }

  request = cJSON_CreateObject ();
  plenum_json_add_string (request, "code", code);
  plenum_json_add_string (request, "terminal_id", plenum_store_get_terminal_id (self->store));
  text = plenum_json_print (request);
  body = g_bytes_new_take (text, strlen (text));
  /* The outbox's client carries no token between its requests: this one needs none. */
  plenum_http_client_request_async (self->outbox_client, "POST", "/api/v1/terminals", body,
                                    NULL, cancellable, on_enrolled_cb, g_steal_pointer (&task));
}

gboolean
plenum_sync_engine_enrol_finish (PlenumSyncEngine  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_sync_engine_enrol_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

PlenumSyncEngine *
plenum_sync_engine_new (PlenumStore  *store,
                        const char   *server_url,
                        GError      **error)
{
  g_autoptr(PlenumHttpClient) client = NULL;
  PlenumSyncEngine *self;

  g_return_val_if_fail (PLENUM_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (server_url != NULL)
    {
      /* Made allowing plain http://, then refused until set_tls() allows it: the
       * refusal moves from here to each request (see plenum_sync_engine_new()). */
      client = plenum_http_client_new_full (server_url, PLENUM_HTTP_CLIENT_ALLOW_INSECURE,
                                            error);
      if (client == NULL)
        return NULL;
      plenum_http_client_set_allow_insecure (client, FALSE);
    }
  self = g_object_new (PLENUM_TYPE_SYNC_ENGINE,
                       "store", store,
                       "server-url", server_url,
                       NULL);
  self->client = g_steal_pointer (&client);
  if (server_url != NULL)
    {
      self->outbox_client = plenum_http_client_new_full (server_url,
                                                         PLENUM_HTTP_CLIENT_ALLOW_INSECURE,
                                                         error);
      if (self->outbox_client == NULL)
        {
          g_object_unref (self);
          return NULL;
        }
      plenum_http_client_set_allow_insecure (self->outbox_client, FALSE);
    }
  return self;
}

static void
plenum_sync_engine_constructed (GObject *object)
{
  PlenumSyncEngine *self = PLENUM_SYNC_ENGINE (object);
  g_autofree char *since = NULL;
  g_autofree char *revoked = NULL;

  G_OBJECT_CLASS (plenum_sync_engine_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  self->blobs = g_object_ref (plenum_store_get_blob_store (self->store));
  self->store_meetings_changed_id =
    g_signal_connect (self->store, "meetings-changed",
                      G_CALLBACK (on_store_meetings_changed_cb), self);
  self->store_outbox_changed_id =
    g_signal_connect (self->store, "outbox-changed",
                      G_CALLBACK (on_store_outbox_changed_cb), self);

  /* Offline since before a restart: still offline until the server answers. */
  since = plenum_store_get_setting (self->store, PLENUM_STORE_SETTING_OFFLINE_SINCE);
  if (since != NULL)
    self->offline_since = plenum_time_parse (since);
  self->online = self->offline_since == NULL;

  /* Members who signed out with operations still to send before a restart: their kept
   * tokens send them now, without waiting for their next sign-in. */
  {
    g_autoptr(GHashTable) waiting = plenum_store_outbox_accounts_with_tokens (self->store);
    GHashTableIter iter;
    gpointer id, name;

    g_hash_table_iter_init (&iter, waiting);
    while (g_hash_table_iter_next (&iter, &id, &name))
      g_hash_table_insert (self->outbox_names, g_strdup (id), g_strdup (name));
  }

  /* Revoked before a restart: still revoked until a new enrolment. */
  revoked = plenum_store_get_setting (self->store, PLENUM_STORE_SETTING_REVOKED_CREDENTIAL);
  self->revoked = revoked != NULL;

  /* The lease runs from the last answer before the restart. */
  self->last_contact = plenum_store_get_last_contact (self->store);
}

static void
plenum_sync_engine_dispose (GObject *object)
{
  PlenumSyncEngine *self = PLENUM_SYNC_ENGINE (object);

  if (self->session != NULL)
    {
      stop_syncing (self);
      g_cancellable_cancel (self->session);
    }
  close_stream (self);
  g_cancellable_cancel (self->outbox_cancellable);
  g_cancellable_cancel (self->wipe_cancellable);
  clear_source (&self->wipe_timer);
  clear_source (&self->outbox_timer);
  clear_source (&self->status_timer);
  clear_source (&self->offline_timer);
  clear_source (&self->meetings_idle);
  clear_source (&self->progress_timer);
  clear_source (&self->reconnect_timer);
  clear_source (&self->resync_timer);
  clear_source (&self->retry_timer);
  clear_source (&self->reread_timer);
  clear_source (&self->prune_retry_timer);
  if (self->store != NULL && self->store_meetings_changed_id != 0)
    g_clear_signal_handler (&self->store_meetings_changed_id, self->store);
  if (self->store != NULL && self->store_outbox_changed_id != 0)
    g_clear_signal_handler (&self->store_outbox_changed_id, self->store);
  g_clear_object (&self->outbox_client);
  g_clear_object (&self->account);
  g_clear_object (&self->meetings);
  g_clear_object (&self->client);
  g_clear_object (&self->blobs);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (plenum_sync_engine_parent_class)->dispose (object);
}

static void
plenum_sync_engine_finalize (GObject *object)
{
  PlenumSyncEngine *self = PLENUM_SYNC_ENGINE (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->meeting_fetches, g_hash_table_unref);
  g_clear_pointer (&self->annotation_feeds, g_hash_table_unref);
  g_clear_pointer (&self->list_reads, g_hash_table_unref);
  g_clear_pointer (&self->live_reads, g_hash_table_unref);
  g_clear_pointer (&self->live_revisions, g_hash_table_unref);
  g_clear_pointer (&self->rereads, g_hash_table_unref);
  g_clear_pointer (&self->event_seqs, g_hash_table_unref);
  g_clear_pointer (&self->outbox_names, g_hash_table_unref);
  g_clear_pointer (&self->outbox_blocked, g_hash_table_unref);
  g_clear_object (&self->outbox_cancellable);
  g_clear_object (&self->wipe_cancellable);
  g_clear_pointer (&self->last_contact, g_date_time_unref);
  g_clear_pointer (&self->offline_since, g_date_time_unref);
  g_clear_pointer (&self->first_failure, g_date_time_unref);
  g_clear_pointer (&self->last_event_id, g_free);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->pinned_key, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (plenum_sync_engine_parent_class)->finalize (object);
}

static void
plenum_sync_engine_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PlenumSyncEngine *self = PLENUM_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_OFFLINE_SINCE:
      g_value_set_boxed (value, self->offline_since);
      break;
    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;
    case PROP_BYTES_TOTAL:
      g_value_set_uint64 (value, self->bytes_total);
      break;
    case PROP_BYTES_DONE:
      g_value_set_uint64 (value, self->bytes_done);
      break;
    case PROP_DOCUMENTS_TOTAL:
      g_value_set_uint (value, self->documents_total);
      break;
    case PROP_DOCUMENTS_DONE:
      g_value_set_uint (value, self->documents_done);
      break;
    case PROP_PENDING_OPERATIONS:
      g_value_set_uint (value, self->pending_operations);
      break;
    case PROP_REVOKED:
      g_value_set_boolean (value, self->revoked);
      break;
    case PROP_TERMINAL_SYNCING:
      g_value_set_boolean (value, self->terminal_mode);
      break;
    case PROP_WIPED:
      g_value_set_boolean (value, self->wiped);
      break;
    case PROP_LAST_CONTACT:
      g_value_set_boxed (value, self->last_contact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_sync_engine_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PlenumSyncEngine *self = PLENUM_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SERVER_URL:
      self->server_url = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_sync_engine_class_init (PlenumSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = plenum_sync_engine_constructed;
  object_class->dispose = plenum_sync_engine_dispose;
  object_class->finalize = plenum_sync_engine_finalize;
  object_class->get_property = plenum_sync_engine_get_property;
  object_class->set_property = plenum_sync_engine_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PLENUM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, PLENUM_TYPE_MEMBER, ro);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, TRUE, ro);
  properties[PROP_OFFLINE_SINCE] =
    g_param_spec_boxed ("offline-since", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE, ro);
  properties[PROP_BYTES_TOTAL] =
    g_param_spec_uint64 ("bytes-total", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_BYTES_DONE] =
    g_param_spec_uint64 ("bytes-done", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_DOCUMENTS_TOTAL] =
    g_param_spec_uint ("documents-total", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_DOCUMENTS_DONE] =
    g_param_spec_uint ("documents-done", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_PENDING_OPERATIONS] =
    g_param_spec_uint ("pending-operations", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_REVOKED] =
    g_param_spec_boolean ("revoked", NULL, NULL, FALSE, ro);
  properties[PROP_TERMINAL_SYNCING] =
    g_param_spec_boolean ("terminal-syncing", NULL, NULL, FALSE, ro);
  properties[PROP_WIPED] =
    g_param_spec_boolean ("wiped", NULL, NULL, FALSE, ro);
  properties[PROP_LAST_CONTACT] =
    g_param_spec_boxed ("last-contact", NULL, NULL, G_TYPE_DATE_TIME, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_MEETINGS_CHANGED] =
    g_signal_new ("meetings-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_MEETING_CHANGED] =
    g_signal_new ("meeting-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_DOCUMENT_CHANGED] =
    g_signal_new ("document-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_SYNC_ERROR] =
    g_signal_new ("sync-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_SERVER_EVENT] =
    g_signal_new ("server-event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PLENUM_TYPE_EVENT);
  signals[SIGNAL_OPERATION_REFUSED] =
    g_signal_new ("operation-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PLENUM_TYPE_OUTBOX_OPERATION);
  signals[SIGNAL_OPERATION_SENT] =
    g_signal_new ("operation-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PLENUM_TYPE_OUTBOX_OPERATION);
  signals[SIGNAL_STATUS_REPORTED] =
    g_signal_new ("status-reported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_PRUNED] =
    g_signal_new ("pruned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[SIGNAL_ANNOTATIONS_CHANGED] =
    g_signal_new ("annotations-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_VOTES_CHANGED] =
    g_signal_new ("votes-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_POSITION_CHANGED] =
    g_signal_new ("position-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_SPEAKERS_CHANGED] =
    g_signal_new ("speakers-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_QUORUM_CHANGED] =
    g_signal_new ("quorum-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_OPINIONS_CHANGED] =
    g_signal_new ("opinions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
plenum_sync_engine_init (PlenumSyncEngine *self)
{
  self->thread = g_thread_self ();
  self->context = g_main_context_ref_thread_default ();
  self->offline_delay_ms = DEFAULT_OFFLINE_DELAY_MS;
  self->reconnect_min_ms = DEFAULT_RECONNECT_MIN_MS;
  self->reconnect_max_ms = DEFAULT_RECONNECT_MAX_MS;
  self->parallel = DEFAULT_PARALLEL;
  self->retention = PLENUM_STORE_DEFAULT_RETENTION;
  self->online = TRUE;
  self->session = g_cancellable_new ();
  self->meetings = g_list_store_new (PLENUM_TYPE_MEETING);
  self->meeting_fetches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->annotation_feeds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->list_reads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->live_reads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rereads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->live_revisions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->event_seqs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, blob_entry_free);
  self->outbox_cancellable = g_cancellable_new ();
  self->wipe_cancellable = g_cancellable_new ();
  self->outbox_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->outbox_blocked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->status_interval_ms = DEFAULT_STATUS_INTERVAL_MS;
}

/* The live meeting: public calls */

/* The last state of @kind stored for @meeting_id as its model (a PlenumPosition,
 * PlenumSpeakerQueue or PlenumQuorum), or NULL when none was stored. */
static gpointer
stored_live (PlenumSyncEngine *self,
             const char       *meeting_id,
             PlenumLiveKind    kind)
{
  g_autofree char *json = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GError) error = NULL;
  gpointer model = NULL;

  assert_owner (self);

  json = plenum_store_get_live (self->store, meeting_id, kind);
  if (json == NULL)
    return NULL;
  /* The store checked it when it was saved; this only fails on a damaged database. */
  root = plenum_json_parse (json, -1, &error);
  if (root != NULL)
    switch (kind)
      {
      case PLENUM_LIVE_KIND_POSITION:
        model = plenum_position_new_from_json (root, "", &error);
        break;
      case PLENUM_LIVE_KIND_SPEAKERS:
        model = plenum_speaker_queue_new_from_json (root, "", &error);
        break;
      case PLENUM_LIVE_KIND_QUORUM:
        model = plenum_quorum_new_from_json (root, "", &error);
        break;
      default:
        g_assert_not_reached ();
      }
  if (model == NULL)
    g_warning ("The stored %s of meeting %s cannot be read: %s", live_paths[kind], meeting_id,
               error->message);
  return model;
}

PlenumPosition *
plenum_sync_engine_get_position (PlenumSyncEngine *self,
                                 const char       *meeting_id)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (meeting_id != NULL, NULL);

  return stored_live (self, meeting_id, PLENUM_LIVE_KIND_POSITION);
}

PlenumSpeakerQueue *
plenum_sync_engine_get_speakers (PlenumSyncEngine *self,
                                 const char       *meeting_id)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (meeting_id != NULL, NULL);

  return stored_live (self, meeting_id, PLENUM_LIVE_KIND_SPEAKERS);
}

PlenumQuorum *
plenum_sync_engine_get_quorum (PlenumSyncEngine *self,
                               const char       *meeting_id)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (meeting_id != NULL, NULL);

  return stored_live (self, meeting_id, PLENUM_LIVE_KIND_QUORUM);
}

gboolean
plenum_sync_engine_is_chair (PlenumSyncEngine *self,
                             const char       *meeting_id)
{
  g_autoptr(PlenumMeeting) meeting = NULL;

  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (meeting_id != NULL, FALSE);
  assert_owner (self);

  if (self->account == NULL)
    return FALSE;
  meeting = plenum_store_get_meeting (self->store, meeting_id, NULL);
  return meeting != NULL &&
         g_strcmp0 (plenum_meeting_get_chair_id (meeting),
                    plenum_member_get_id (self->account)) == 0;
}

static void
on_live_action_saved_cb (GObject      *source_object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  /* Durable now, as for the check-in: the send starts here, its answer comes later. */
  operation_saved (PLENUM_STORE (source_object), result, user_data, "The request");
}

/* The task of a live action, or NULL when it already failed (nobody signed in, not a
 * meeting id). */
static GTask *
live_action_task_new (PlenumSyncEngine    *self,
                      const char          *meeting_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data,
                      gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (self->account == NULL)
    {
      g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_SIGNED_OUT,
                               "Nobody is signed in");
      return NULL;
    }
  if (!plenum_is_uuid (meeting_id))
    {
      g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_STORAGE,
                               "Not a meeting id");
      return NULL;
    }
  return g_steal_pointer (&task);
}

/* A member's live action on @meeting_id through the outbox: @method on
 * /api/v1/meetings/{id}/@what (kind "speak") with @body_json; or, when @what is NULL, the
 * check-out (which the store records with its operation). */
static void
queue_live_action (PlenumSyncEngine    *self,
                   const char          *meeting_id,
                   const char          *method,
                   const char          *what,
                   const char          *body_json,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data,
                   gpointer             source_tag)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (meeting_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  assert_owner (self);

  task = live_action_task_new (self, meeting_id, cancellable, callback, user_data,
                               source_tag);
  if (task == NULL)
    return;
  if (what == NULL)
    {
      plenum_store_check_out_async (self->store, plenum_member_get_id (self->account),
                                    meeting_id, body_json, cancellable,
                                    on_live_action_saved_cb, task);
      return;
    }
  /* Built from the validated id only. */
  path = g_strdup_printf ("/api/v1/meetings/%s/%s", meeting_id, what);
  plenum_store_outbox_add_async (self->store, plenum_member_get_id (self->account),
                                 PLENUM_OUTBOX_KIND_SPEAK, method, path, body_json, cancellable,
                                 on_live_action_saved_cb, task);
}

void
plenum_sync_engine_ask_to_speak_async (PlenumSyncEngine    *self,
                                       const char          *meeting_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));

  /* The body is {"operation_id"} (the store adds it). */
  queue_live_action (self, meeting_id, "POST", "speakers", NULL, cancellable, callback,
                     user_data, plenum_sync_engine_ask_to_speak_async);
}

void
plenum_sync_engine_withdraw_speak_async (PlenumSyncEngine    *self,
                                         const char          *meeting_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));

  /* A DELETE carries a body only when given one: "{}" gets the operation id. */
  queue_live_action (self, meeting_id, "DELETE", "speakers/me", "{}", cancellable, callback,
                     user_data, plenum_sync_engine_withdraw_speak_async);
}

void
plenum_sync_engine_check_out_async (PlenumSyncEngine    *self,
                                    const char          *meeting_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));

  queue_live_action (self, meeting_id, "POST", NULL, "{\"present\":false}", cancellable,
                     callback, user_data, plenum_sync_engine_check_out_async);
}

char *
plenum_sync_engine_live_action_finish (PlenumSyncEngine  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  gpointer tag;

  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  tag = g_task_get_source_tag (G_TASK (result));
  g_return_val_if_fail (tag == plenum_sync_engine_ask_to_speak_async ||
                        tag == plenum_sync_engine_withdraw_speak_async ||
                        tag == plenum_sync_engine_check_out_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Direct requests (the chair's actions) */

typedef struct {
  GCancellable *session;  /* the session the request was made in */
  char         *code;     /* the server's error code, for send_finish() */
} SendData;

static void
send_data_free (gpointer data)
{
  SendData *d = data;

  g_clear_object (&d->session);
  g_free (d->code);
  g_free (d);
}

static void
on_sent_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlenumSyncEngine *self = g_task_get_source_object (task);
  SendData *d = g_task_get_task_data (task);
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;
  guint status;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (response != NULL)
    {
      note_success (self);
      data = g_bytes_get_data (plenum_http_response_get_body (response), &length);
      g_task_return_pointer (task, g_strndup (data, length), g_free);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  d->code = g_strdup (plenum_http_error_get_code_string (error));
  status = plenum_http_error_get_status (error);
  if (is_auth_error (error))
    {
      /* As for any request of the session: it ends (unless it already changed). */
      if (d->session == self->session)
        session_expired (self, error);
      g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_SESSION_EXPIRED,
                               "%s", error->message);
      return;
    }
  if (is_network_error (error))
    {
      note_failure (self);
      g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_UNREACHABLE,
                               "%s", error->message);
      return;
    }
  note_success (self);
  /* 408 and 429 say "not now", like a 5xx: the caller may try again. */
  if (status >= 400 && status < 500 && status != 408 && status != 429 &&
      !is_http_error (error, PLENUM_HTTP_ERROR_BAD_RESPONSE))
    g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_REFUSED,
                             "%s", error->message);
  else
    g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_SERVER,
                             "%s", error->message);
}

void
plenum_sync_engine_send_async (PlenumSyncEngine    *self,
                               const char          *method,
                               const char          *path,
                               const char          *body_json,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;
  SendData *d;

  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && g_str_has_prefix (path, "/api/v1/"));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  assert_owner (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_sync_engine_send_async);
  d = g_new0 (SendData, 1);
  d->session = g_object_ref (self->session);
  g_task_set_task_data (task, d, send_data_free);

  /* Only with a member's token: the terminal credential never writes, and a member
   * signed in offline without a token cannot act. */
  if (self->account == NULL || !self->has_token || self->terminal_mode)
    {
      g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_SIGNED_OUT,
                               "Nobody is signed in with the server");
      return;
    }
  if (body_json != NULL)
    body = g_bytes_new (body_json, strlen (body_json));
  plenum_http_client_request_async (self->client, method, path, body, NULL, cancellable,
                                    on_sent_cb, g_steal_pointer (&task));
}

char *
plenum_sync_engine_send_finish (PlenumSyncEngine  *self,
                                GAsyncResult      *result,
                                char             **code,
                                GError           **error)
{
  SendData *d;

  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_sync_engine_send_async, NULL);

  d = g_task_get_task_data (G_TASK (result));
  if (code != NULL)
    *code = g_strdup (d->code);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The readiness board (issue #8) */

static void
on_terminals_listed_cb (GObject      *source_object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  GPtrArray *terminals;

  body = plenum_sync_engine_send_finish (PLENUM_SYNC_ENGINE (source_object), result, NULL,
                                         &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  terminals = plenum_terminal_info_parse_list (body, -1, &error);
  if (terminals == NULL)
    {
      g_task_return_new_error (task, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_SERVER,
                               "Malformed list of terminals: %s", error->message);
      return;
    }
  g_task_return_pointer (task, terminals, (GDestroyNotify) g_ptr_array_unref);
}

void
plenum_sync_engine_list_terminals_async (PlenumSyncEngine    *self,
                                         const char          *meeting_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  assert_owner (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_sync_engine_list_terminals_async);
  /* A read, but with the same rules as the chair's direct requests: the member's token
   * only, not queued, a 4xx is the server's refusal. */
  g_return_if_fail (meeting_id == NULL || plenum_is_uuid (meeting_id));
  path = meeting_id != NULL ? g_strconcat ("/api/v1/terminals?meeting_id=", meeting_id, NULL)
                            : g_strdup ("/api/v1/terminals");
  plenum_sync_engine_send_async (self, "GET", path, NULL, cancellable,
                                 on_terminals_listed_cb, g_steal_pointer (&task));
}

GPtrArray *
plenum_sync_engine_list_terminals_finish (PlenumSyncEngine  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_sync_engine_list_terminals_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Issue #8: what a terminal shows of revisions, wipes and leases */

gboolean
plenum_sync_engine_get_wiped (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), FALSE);
  return self->wiped;
}

gboolean
plenum_sync_engine_get_wiping (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), FALSE);
  return self->wiping;
}

GDateTime *
plenum_sync_engine_get_last_contact (PlenumSyncEngine *self)
{
  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), NULL);
  return self->last_contact;
}

gboolean
plenum_sync_engine_get_document_locked (PlenumSyncEngine  *self,
                                        PlenumMeeting     *meeting,
                                        PlenumDocument    *document,
                                        GDateTime        **since)
{
  gint64 lease;
  gint64 now;

  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (PLENUM_IS_MEETING (meeting), FALSE);
  g_return_val_if_fail (PLENUM_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (since == NULL || *since == NULL, FALSE);

  lease = plenum_meeting_get_lease_seconds (meeting);
  /* Never in contact (a store from before leases): nothing to count from. The first
   * answer sets it. */
  if (!plenum_document_get_confidential (document) || lease <= 0 || self->last_contact == NULL)
    return FALSE;
  now = g_get_real_time () / G_USEC_PER_SEC;
  if (now - g_date_time_to_unix (self->last_contact) <= lease)
    return FALSE;
  if (since != NULL)
    *since = g_date_time_ref (self->last_contact);
  return TRUE;
}
