/* test-sync.c — the sync engine against the real plenum-server (and, for answers the
 * real server never gives, a tiny in-process SoupServer): online and offline sign-in,
 * the whole packet coming down verified, resume after a cut, a corrupt byte, a new
 * packet version over the event stream, a cut stream replayed exactly once, malformed
 * meeting JSON and an expired token.
 *
 * Most tests share one `plenum-server --demo` and give each terminal its own data folder;
 * faults come from the real fault proxy (tests/plenum-fault-proxy.h) in front of it. The
 * secretary publishes through plain HTTP (libsoup), as plenumctl will.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <string.h>

#include "core/plenum-core.h"
#include "store/plenum-store.h"
#include "sync/plenum-sync-engine.h"
#include "plenum-fault-proxy.h"
#include "plenum-test-server.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

/* Deadlines: generous for sanitizer builds; a passing run takes a fraction of them. */
#define WAIT_MS         60000

#define DEMO_MEETING_ID "6f1d8a52-3c47-4e0b-9a6e-2b5c7d190e43"
#define MEMBER          "le.minh.tuan"
#define MEMBER_PIN      "100003"
#define CHAIR           "nguyen.van.an"
#define CHAIR_PIN       "111111"
#define SECRETARY       "ly.thi.hong"
#define SECRETARY_PIN   "999999"

#define OFFLINE_DELAY_MS 300
#define RECONNECT_MIN_MS 50
#define RECONNECT_MAX_MS 400

static PlenumTestServer *demo_server;
static SoupSession *session;

static const char *
demo_url (void)
{
  if (demo_server == NULL)
    demo_server = plenum_test_server_start (NULL, (const char * const[]) { "--demo", NULL });
  return plenum_test_server_get_url (demo_server);
}

/* A URL on which nothing listens: a port that was free a moment ago. */
static char *
closed_url (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, &error);
  g_assert_no_error (error);
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

static char *
sha256_of (const void *data,
           gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
}

/* A terminal: a store in its own data folder and an engine, with what it reported. */

typedef struct {
  char             *data_dir;
  PlenumStore      *store;
  PlenumSyncEngine *engine;
  GPtrArray        *errors;   /* GError copies from "sync-error" */
  GPtrArray        *events;   /* PlenumEvent from "server-event" */
  GHashTable       *states;   /* sha256 → GString of the states seen, one letter each */
} Terminal;

static void
on_sync_error_cb (PlenumSyncEngine *engine,
                  const GError     *error,
                  Terminal         *t)
{
  g_test_message ("sync-error: %s", error->message);
  g_ptr_array_add (t->errors, g_error_copy (error));
}

static void
on_server_event_cb (PlenumSyncEngine *engine,
                    PlenumEvent      *event,
                    Terminal         *t)
{
  g_ptr_array_add (t->events, g_object_ref (event));
}

static void
on_document_changed_cb (PlenumSyncEngine *engine,
                        const char       *sha256,
                        Terminal         *t)
{
  static const char letters[] = "MDVF"; /* missing, downloading, verified, failed */
  PlenumDocumentState state = plenum_sync_engine_get_document_state (engine, sha256, NULL, NULL);
  GString *seen = g_hash_table_lookup (t->states, sha256);

  if (seen == NULL)
    {
      seen = g_string_new (NULL);
      g_hash_table_insert (t->states, g_strdup (sha256), seen);
    }
  if (seen->len == 0 || seen->str[seen->len - 1] != letters[state])
    g_string_append_c (seen, letters[state]);
}

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

static Terminal *
terminal_new (const char *data_dir,
              const char *url)
{
  g_autoptr(GError) error = NULL;
  Terminal *t = g_new0 (Terminal, 1);

  t->data_dir = data_dir != NULL ? g_strdup (data_dir) : plenum_test_mkdtemp ("terminal");
  t->store = plenum_test_open_store (t->data_dir, WAIT_MS);
  t->engine = plenum_test_sync_engine_new (t->store, url, &error);
  g_assert_no_error (error);
  g_assert_nonnull (t->engine);
  plenum_sync_engine_set_offline_delay (t->engine, OFFLINE_DELAY_MS);
  plenum_sync_engine_set_reconnect_delays (t->engine, RECONNECT_MIN_MS, RECONNECT_MAX_MS);
  t->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  t->events = g_ptr_array_new_with_free_func (g_object_unref);
  t->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, string_free);
  g_signal_connect (t->engine, "sync-error", G_CALLBACK (on_sync_error_cb), t);
  g_signal_connect (t->engine, "server-event", G_CALLBACK (on_server_event_cb), t);
  g_signal_connect (t->engine, "document-changed", G_CALLBACK (on_document_changed_cb), t);
  return t;
}

/* Drops the engine and the store, and waits until the store is really closed (its
 * queued writes done, its thread joined), so the folder can be opened again. */
static void
terminal_free (Terminal *t)
{
  gpointer store = t->store;

  g_object_add_weak_pointer (G_OBJECT (t->store), &store);
  g_signal_handlers_disconnect_by_data (t->engine, t);
  g_assert_finalize_object (t->engine);
  g_object_unref (t->store);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &store, WAIT_MS));
  g_ptr_array_unref (t->errors);
  g_ptr_array_unref (t->events);
  g_hash_table_unref (t->states);
  g_free (t->data_dir);
  g_free (t);
}

static PlenumMember *
terminal_sign_in (Terminal    *t,
                  const char  *name,
                  const char  *pin,
                  GError     **error)
{
  return plenum_test_engine_sign_in (t->engine, name, pin, WAIT_MS, error);
}

static void
terminal_sign_in_ok (Terminal   *t,
                     const char *name,
                     const char *pin)
{
  plenum_test_engine_sign_in_ok (t->engine, name, pin, WAIT_MS);
}

static gboolean
all_downloaded (gpointer user_data)
{
  Terminal *t = user_data;
  PlenumSyncEngine *engine = t->engine;

  return g_list_model_get_n_items (plenum_sync_engine_get_meetings (engine)) > 0 &&
         plenum_sync_engine_get_documents_total (engine) > 0 &&
         plenum_sync_engine_get_documents_done (engine) ==
           plenum_sync_engine_get_documents_total (engine) &&
         !plenum_sync_engine_get_syncing (engine);
}

static void
terminal_wait_synced (Terminal *t)
{
  g_assert_true (plenum_test_wait_until (NULL, all_downloaded, t, WAIT_MS));
}

typedef struct {
  Terminal   *t;
  const char *sha256;
} DocWait;

static gboolean
document_verified (gpointer user_data)
{
  DocWait *wait = user_data;

  return plenum_sync_engine_get_document_state (wait->t->engine, wait->sha256, NULL, NULL) ==
         PLENUM_DOCUMENT_STATE_VERIFIED;
}

static void
terminal_wait_verified (Terminal   *t,
                        const char *sha256)
{
  DocWait wait = { t, sha256 };

  g_assert_true (plenum_test_wait_until (NULL, document_verified, &wait, WAIT_MS));
}

/* The number of verified blob files in the terminal's blob folder (partial ones apart). */
static guint
count_blob_files (Terminal *t)
{
  const char *dir = plenum_blob_store_get_dir (plenum_store_get_blob_store (t->store));
  g_autoptr(GPtrArray) subdirs = plenum_test_list_folder (dir);
  guint n = 0;

  for (guint i = 0; i < subdirs->len; i++)
    {
      const char *name = g_ptr_array_index (subdirs, i);
      g_autofree char *sub = g_build_filename (dir, name, NULL);
      g_autoptr(GPtrArray) files = NULL;

      if (g_str_equal (name, "partial"))
        continue;
      files = plenum_test_list_folder (sub);
      for (guint j = 0; j < files->len; j++)
        {
          const char *file = g_ptr_array_index (files, j);
          g_autofree char *path = g_build_filename (sub, file, NULL);

          g_assert_true (g_str_has_prefix (file, name));
          plenum_test_assert_blob_file (path, file);
          n++;
        }
    }
  return n;
}

/* Every document of every meeting the member sees is verified; returns how many distinct
 * blobs they name, and checks that the blob folder holds them. */
static guint
assert_all_documents_verified (Terminal *t)
{
  GListModel *meetings = plenum_sync_engine_get_meetings (t->engine);
  g_autoptr(GHashTable) blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint64 bytes = 0;

  g_assert_cmpuint (g_list_model_get_n_items (meetings), >, 0);
  for (guint m = 0; m < g_list_model_get_n_items (meetings); m++)
    {
      g_autoptr(PlenumMeeting) summary = g_list_model_get_item (meetings, m);
      g_autoptr(PlenumMeeting) meeting = NULL;
      GListModel *agenda;

      meeting = plenum_sync_engine_get_meeting (t->engine, plenum_meeting_get_id (summary));
      g_assert_nonnull (meeting);
      g_assert_true (plenum_meeting_has_agenda (meeting));
      agenda = plenum_meeting_get_agenda (meeting);
      for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
        {
          g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
          GListModel *documents = plenum_agenda_item_get_documents (item);

          for (guint d = 0; d < g_list_model_get_n_items (documents); d++)
            {
              g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, d);
              const char *sha256 = plenum_document_get_sha256 (document);
              g_autofree char *path = plenum_sync_engine_get_document_path (t->engine, sha256);
              guint64 done = 0, total = 0;

              g_assert_nonnull (path);
              g_assert_cmpint (plenum_sync_engine_get_document_state (t->engine, sha256, &done,
                                                                      &total),
                               ==, PLENUM_DOCUMENT_STATE_VERIFIED);
              g_assert_cmpuint (total, ==, (guint64) plenum_document_get_size (document));
              g_assert_cmpuint (done, ==, total);
              plenum_test_assert_blob_file (path, sha256);
              if (g_hash_table_add (blobs, g_strdup (sha256)))
                bytes += (guint64) plenum_document_get_size (document);
            }
        }
    }

  /* Blobs a later packet version dropped may stay on disk; none is missing. */
  g_assert_cmpuint (count_blob_files (t), >=, g_hash_table_size (blobs));
  g_assert_cmpuint (plenum_sync_engine_get_documents_total (t->engine), ==,
                    g_hash_table_size (blobs));
  g_assert_cmpuint (plenum_sync_engine_get_documents_done (t->engine), ==,
                    g_hash_table_size (blobs));
  g_assert_cmpuint (plenum_sync_engine_get_bytes_total (t->engine), ==, bytes);
  g_assert_cmpuint (plenum_sync_engine_get_bytes_done (t->engine), ==, bytes);
  return g_hash_table_size (blobs);
}

/* The secretary, over plain HTTP (tests/plenum-test-sync.h) */

#define SECRETARY_TERMINAL_ID "5f1c6a1e-3b2d-4c1e-9f00-0a1b2c3d4e5f"

static guint
count_events (Terminal   *t,
              const char *type,
              const char *meeting_id)
{
  guint n = 0;

  for (guint i = 0; i < t->events->len; i++)
    {
      PlenumEvent *event = g_ptr_array_index (t->events, i);

      if (g_str_equal (plenum_event_get_event_type (event), type) &&
          g_strcmp0 (plenum_event_get_meeting_id (event), meeting_id) == 0)
        n++;
    }
  return n;
}

typedef struct {
  Terminal   *t;
  const char *meeting_id;
  gint64      packet_version;
} MeetingWait;

static gboolean
meeting_at_version (gpointer user_data)
{
  MeetingWait *wait = user_data;
  g_autoptr(PlenumMeeting) meeting = plenum_sync_engine_get_meeting (wait->t->engine,
                                                                     wait->meeting_id);

  return meeting != NULL && plenum_meeting_has_agenda (meeting) &&
         plenum_meeting_get_packet_version (meeting) == wait->packet_version;
}

static void
terminal_wait_meeting (Terminal   *t,
                       const char *meeting_id,
                       gint64      packet_version)
{
  MeetingWait wait = { t, meeting_id, packet_version };

  g_assert_true (plenum_test_wait_until (NULL, meeting_at_version, &wait, WAIT_MS));
}

static PlenumFaultProxy *
proxy_for (const char *url)
{
  g_autoptr(GError) error = NULL;
  PlenumFaultProxy *proxy = NULL;

  proxy = plenum_fault_proxy_new_for_url (url, &error);
  g_assert_no_error (error);
  return proxy;
}

/* Tests against the demo server */

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *n)
{
  (*n)++;
}

/* Sign in as a demo member: the whole packet comes down, every blob verified, with
 * progress notified a few times a second. */
static void
test_download (void)
{
  Terminal *t = terminal_new (NULL, demo_url ());
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(GHashTable) demo_blobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *token = NULL;
  guint n_notifies = 0;
  gint64 started, elapsed_ms;
  guint n_documents = 0;
  guint n_blobs;
  GListModel *agenda;

  g_assert_true (plenum_sync_engine_get_online (t->engine));
  g_assert_null (plenum_sync_engine_get_account (t->engine));
  g_signal_connect (t->engine, "notify::bytes-done", G_CALLBACK (count_notify_cb), &n_notifies);
  started = g_get_monotonic_time ();
  terminal_sign_in_ok (t, MEMBER, MEMBER_PIN);
  terminal_wait_synced (t);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  /* At most a few a second, not one per chunk (the demo is ~150 chunks of 16 KiB). */
  g_test_message ("%u notifications of bytes-done in %" G_GINT64_FORMAT " ms", n_notifies,
                  elapsed_ms);
  g_assert_cmpuint (n_notifies, >, 0);
  g_assert_cmpint (n_notifies, <=, elapsed_ms / 200 + 2);

  meeting = plenum_sync_engine_get_meeting (t->engine, DEMO_MEETING_ID);
  g_assert_nonnull (meeting);
  agenda = plenum_meeting_get_agenda (meeting);
  g_assert_nonnull (agenda);
  g_assert_cmpuint (g_list_model_get_n_items (agenda), ==, 8);
  for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      GListModel *documents = plenum_agenda_item_get_documents (item);

      for (guint d = 0; d < g_list_model_get_n_items (documents); d++)
        {
          g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, d);

          g_hash_table_add (demo_blobs, g_strdup (plenum_document_get_sha256 (document)));
          n_documents++;
        }
    }
  g_assert_cmpuint (n_documents, >=, 10);

  n_blobs = assert_all_documents_verified (t);
  g_assert_cmpuint (n_blobs, >, 0);
  /* Only the demo meeting is on this server yet: its blobs, each once. */
  g_assert_cmpuint (g_list_model_get_n_items (plenum_sync_engine_get_meetings (t->engine)), ==, 1);
  g_assert_cmpuint (n_blobs, ==, g_hash_table_size (demo_blobs));
  g_assert_cmpuint (count_blob_files (t), ==, n_blobs);
  g_assert_true (plenum_sync_engine_get_online (t->engine));
  g_assert_null (plenum_sync_engine_get_offline_since (t->engine));
  g_assert_cmpuint (t->errors->len, ==, 0);
  token = plenum_store_get_token (t->store, MEMBER, NULL);
  g_assert_nonnull (token);

  terminal_free (t);
}

/* A wrong PIN answered by the server: WRONG_CREDENTIALS, and nothing is stored. */
static void
test_wrong_pin (void)
{
  Terminal *t = terminal_new (NULL, demo_url ());
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumMember) member = NULL;
  g_autofree char *token = NULL;

  member = terminal_sign_in (t, MEMBER, "100004", &error);
  g_assert_error (error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_WRONG_CREDENTIALS);
  g_assert_null (member);
  g_clear_error (&error);

  /* Not even asked: a PIN that cannot be one. */
  member = terminal_sign_in (t, MEMBER, "12", &error);
  g_assert_error (error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_WRONG_CREDENTIALS);
  g_clear_error (&error);

  g_assert_null (plenum_sync_engine_get_account (t->engine));
  g_assert_cmpuint (g_list_model_get_n_items (plenum_sync_engine_get_meetings (t->engine)), ==, 0);
  token = plenum_store_get_token (t->store, MEMBER, NULL);
  g_assert_null (token);
  g_assert_cmpuint (count_blob_files (t), ==, 0);
  g_assert_true (plenum_sync_engine_get_online (t->engine));

  /* Nothing was remembered, so the wrong PIN does not work offline either. */
  terminal_free (t);
}

static gboolean
setting_is_set (gpointer user_data)
{
  Terminal *t = user_data;
  g_autofree char *value = plenum_store_get_setting (t->store, PLENUM_STORE_SETTING_OFFLINE_SINCE);

  return value != NULL;
}

static gboolean
setting_is_unset (gpointer user_data)
{
  return !setting_is_set (user_data);
}

/* Online first, then the server is gone: offline sign-in with the stored verifier, and
 * the cached packet readable. Its own server, since it stops it. */
static void
test_offline (void)
{
  g_autoptr(PlenumTestServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumMember) member = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *gone = closed_url ();
  g_autofree char *since = NULL;
  GDateTime *offline_since;
  gint64 offline_since_unix;
  Terminal *t;
  guint n_blobs;

  server = plenum_test_server_start (NULL, (const char * const[]) { "--demo", NULL });
  t = terminal_new (NULL, plenum_test_server_get_url (server));
  terminal_sign_in_ok (t, CHAIR, CHAIR_PIN);
  terminal_wait_synced (t);
  n_blobs = assert_all_documents_verified (t);
  data_dir = g_strdup (t->data_dir);
  terminal_free (t);
  plenum_test_server_stop (server);

  /* A new start of the terminal, with the server gone. */
  t = terminal_new (data_dir, gone);

  member = terminal_sign_in (t, CHAIR, "111112", &error);
  g_assert_error (error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_WRONG_CREDENTIALS);
  g_assert_null (member);
  g_clear_error (&error);

  member = terminal_sign_in (t, MEMBER, MEMBER_PIN, &error);
  g_assert_error (error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_UNREACHABLE);
  g_assert_null (member);
  g_clear_error (&error);
  g_assert_null (plenum_sync_engine_get_account (t->engine));

  member = terminal_sign_in (t, CHAIR, CHAIR_PIN, &error);
  g_assert_no_error (error);
  g_assert_nonnull (member);
  g_assert_cmpstr (plenum_member_get_name (member), ==, CHAIR);
  g_assert_cmpint (plenum_member_get_role (member), ==, PLENUM_ROLE_MEMBER);
  g_assert_true (plenum_sync_engine_get_account (t->engine) != NULL);

  g_assert_false (plenum_sync_engine_get_online (t->engine));
  offline_since = plenum_sync_engine_get_offline_since (t->engine);
  g_assert_nonnull (offline_since);
  offline_since_unix = g_date_time_to_unix (offline_since);
  g_assert_true (plenum_test_wait_until (NULL, setting_is_set, t, WAIT_MS));
  since = plenum_store_get_setting (t->store, PLENUM_STORE_SETTING_OFFLINE_SINCE);
  {
    g_autoptr(GDateTime) stored = plenum_time_parse (since);

    g_assert_nonnull (stored);
    g_assert_cmpint (g_date_time_to_unix (stored), ==, offline_since_unix);
  }

  /* The cached meeting with its agenda, and every document, offline. */
  g_assert_cmpuint (g_list_model_get_n_items (plenum_sync_engine_get_meetings (t->engine)), ==, 1);
  meeting = plenum_sync_engine_get_meeting (t->engine, DEMO_MEETING_ID);
  g_assert_nonnull (meeting);
  g_assert_true (plenum_meeting_has_agenda (meeting));
  g_assert_cmpuint (g_list_model_get_n_items (plenum_meeting_get_agenda (meeting)), ==, 8);
  g_assert_true (plenum_test_wait_until (NULL, all_downloaded, t, WAIT_MS));
  g_assert_cmpuint (assert_all_documents_verified (t), ==, n_blobs);
  g_assert_cmpuint (count_blob_files (t), ==, n_blobs);
  g_assert_false (plenum_sync_engine_get_online (t->engine));
  g_assert_cmpuint (t->errors->len, ==, 0);
  terminal_free (t);

  /* "offline-since" survives a restart. */
  t = terminal_new (data_dir, gone);
  g_assert_false (plenum_sync_engine_get_online (t->engine));
  g_assert_nonnull (plenum_sync_engine_get_offline_since (t->engine));
  g_assert_cmpint (g_date_time_to_unix (plenum_sync_engine_get_offline_since (t->engine)), ==,
                   offline_since_unix);
  terminal_free (t);
}

typedef struct {
  Terminal   *t;
  const char *sha256;
  guint64     at_least;
} PartialWait;

static gboolean
partially_downloaded (gpointer user_data)
{
  PartialWait *wait = user_data;
  guint64 done = 0;
  PlenumDocumentState state;

  state = plenum_sync_engine_get_document_state (wait->t->engine, wait->sha256, &done, NULL);
  return state == PLENUM_DOCUMENT_STATE_DOWNLOADING && done >= wait->at_least;
}

/* The connection dies in the middle of a blob: the download goes on from the partial
 * file's end with Range, so the bytes fetched stay well under twice the blob. */
static void
test_resume (void)
{
  g_autoptr(PlenumFaultProxy) proxy = proxy_for (demo_url ());
  g_autoptr(PlenumTestSecretary) secretary =
    plenum_test_secretary_new (session, SECRETARY, SECRETARY_PIN, SECRETARY_TERMINAL_ID,
                               demo_url ());
  g_autoptr(GBytes) pdf = plenum_test_make_pdf ("resume", 1536 * 1024);
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autofree char *sha256 = NULL;
  g_autofree char *path = NULL;
  Terminal *t = terminal_new (NULL, plenum_fault_proxy_get_url (proxy));
  gsize size = g_bytes_get_size (pdf);
  GString *states;
  PartialWait wait;
  guint64 before;
  guint connections;

  terminal_sign_in_ok (t, MEMBER, MEMBER_PIN);
  terminal_wait_synced (t);

  sha256 = plenum_test_secretary_upload (session, secretary, pdf);
  before = plenum_fault_proxy_get_bytes_downstream (proxy);
  plenum_fault_proxy_set_throttle (proxy, 256 * 1024);
  plenum_test_secretary_publish (session, secretary, meeting_id, "Họp thử nối tiếp",
                                 (const char * const[]) { sha256, NULL });

  wait = (PartialWait) { t, sha256, 192 * 1024 };
  g_assert_true (plenum_test_wait_until (NULL, partially_downloaded, &wait, WAIT_MS));
  connections = plenum_fault_proxy_get_n_connections (proxy);
  plenum_fault_proxy_close_all (proxy);
  plenum_fault_proxy_set_throttle (proxy, 0);

  terminal_wait_verified (t, sha256);
  path = plenum_sync_engine_get_document_path (t->engine, sha256);
  g_assert_nonnull (path);
  plenum_test_assert_blob_file (path, sha256);

  g_assert_cmpuint (plenum_fault_proxy_get_n_connections (proxy), >, connections);
  g_assert_cmpuint (plenum_fault_proxy_get_bytes_downstream (proxy) - before, >=, size);
  g_assert_cmpuint (plenum_fault_proxy_get_bytes_downstream (proxy) - before, <, 2 * size);
  /* It was interrupted (failed once), then went on. */
  states = g_hash_table_lookup (t->states, sha256);
  g_assert_nonnull (states);
  g_test_message ("states of the interrupted blob: %s", states->str);
  g_assert_nonnull (strchr (states->str, 'F'));
  g_assert_cmpint (states->str[states->len - 1], ==, 'V');
  terminal_wait_synced (t);
  assert_all_documents_verified (t);
  terminal_free (t);
}

static gboolean
proxy_corrupted (gpointer user_data)
{
  return plenum_fault_proxy_get_n_corrupted (user_data) > 0;
}

/* A flipped bit in a blob: the hash does not match, the bytes are thrown away, and the
 * blob is fetched again and verified. */
static void
test_corrupt (void)
{
  g_autoptr(PlenumFaultProxy) proxy = proxy_for (demo_url ());
  g_autoptr(PlenumTestSecretary) secretary =
    plenum_test_secretary_new (session, SECRETARY, SECRETARY_PIN, SECRETARY_TERMINAL_ID,
                               demo_url ());
  g_autoptr(GBytes) pdf = plenum_test_make_pdf ("corrupt", 400 * 1024);
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autofree char *sha256 = NULL;
  g_autofree char *path = NULL;
  Terminal *t = terminal_new (NULL, plenum_fault_proxy_get_url (proxy));
  GString *states;

  terminal_sign_in_ok (t, MEMBER, MEMBER_PIN);
  terminal_wait_synced (t);
  sha256 = plenum_test_secretary_upload (session, secretary, pdf);

  /* Fresh connections, so that byte 100 000 of the one carrying the blob is in it (the
   * meeting's JSON before it on the same connection is a few kilobytes). */
  plenum_fault_proxy_close_all (proxy);
  plenum_fault_proxy_set_corrupt_at (proxy, 100000);
  plenum_test_secretary_publish (session, secretary, meeting_id, "Họp thử byte hỏng",
                                 (const char * const[]) { sha256, NULL });
  g_assert_true (plenum_test_wait_until (NULL, proxy_corrupted, proxy, WAIT_MS));
  plenum_fault_proxy_set_corrupt_at (proxy, -1);

  terminal_wait_verified (t, sha256);
  path = plenum_sync_engine_get_document_path (t->engine, sha256);
  plenum_test_assert_blob_file (path, sha256);
  states = g_hash_table_lookup (t->states, sha256);
  g_assert_nonnull (states);
  g_test_message ("states of the corrupted blob: %s", states->str);
  g_assert_nonnull (strchr (states->str, 'F'));
  g_assert_cmpint (states->str[states->len - 1], ==, 'V');
  terminal_wait_synced (t);
  assert_all_documents_verified (t);
  terminal_free (t);
}

/* A new packet version published while the member is signed in arrives over the event
 * stream; the blob the two versions share is not downloaded again. */
static void
test_new_version (void)
{
  g_autoptr(PlenumFaultProxy) proxy = proxy_for (demo_url ());
  g_autoptr(PlenumTestSecretary) secretary =
    plenum_test_secretary_new (session, SECRETARY, SECRETARY_PIN, SECRETARY_TERMINAL_ID,
                               demo_url ());
  g_autoptr(GBytes) pdf_a = plenum_test_make_pdf ("version A", 600 * 1024);
  g_autoptr(GBytes) pdf_b = plenum_test_make_pdf ("version B", 20 * 1024);
  g_autoptr(GBytes) pdf_c = plenum_test_make_pdf ("version C", 20 * 1024);
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;
  Terminal *t = terminal_new (NULL, plenum_fault_proxy_get_url (proxy));
  guint64 before, fetched;

  terminal_sign_in_ok (t, MEMBER, MEMBER_PIN);
  terminal_wait_synced (t);
  a = plenum_test_secretary_upload (session, secretary, pdf_a);
  b = plenum_test_secretary_upload (session, secretary, pdf_b);
  c = plenum_test_secretary_upload (session, secretary, pdf_c);

  plenum_test_secretary_publish (session, secretary, meeting_id, "Họp thử phiên bản",
                                 (const char * const[]) { a, b, NULL });
  terminal_wait_meeting (t, meeting_id, 1);
  terminal_wait_verified (t, a);
  terminal_wait_verified (t, b);
  terminal_wait_synced (t);

  before = plenum_fault_proxy_get_bytes_downstream (proxy);
  plenum_test_secretary_publish (session, secretary, meeting_id, "Họp thử phiên bản",
                                 (const char * const[]) { a, c, NULL });
  terminal_wait_meeting (t, meeting_id, 2);
  terminal_wait_verified (t, c);
  terminal_wait_synced (t);
  fetched = plenum_fault_proxy_get_bytes_downstream (proxy) - before;
  g_test_message ("bytes fetched for version 2: %" G_GUINT64_FORMAT, fetched);
  g_assert_cmpuint (fetched, >=, g_bytes_get_size (pdf_c));
  g_assert_cmpuint (fetched, <, g_bytes_get_size (pdf_a));

  g_assert_cmpuint (count_events (t, PLENUM_EVENT_PACKET_PUBLISHED, meeting_id), ==, 2);
  meeting = plenum_sync_engine_get_meeting (t->engine, meeting_id);
  g_assert_cmpint (plenum_meeting_get_packet_version (meeting), ==, 2);
  assert_all_documents_verified (t);
  g_assert_cmpuint (t->errors->len, ==, 0);
  terminal_free (t);
}

static gboolean
engine_offline (gpointer user_data)
{
  return !plenum_sync_engine_get_online (user_data);
}

static gboolean
engine_online (gpointer user_data)
{
  return plenum_sync_engine_get_online (user_data);
}

/* How many packet.published events for @meeting_id named @packet_version. */
static guint
count_versions (Terminal   *t,
                const char *meeting_id,
                gint64      packet_version)
{
  guint n = 0;

  for (guint i = 0; i < t->events->len; i++)
    {
      PlenumEvent *event = g_ptr_array_index (t->events, i);
      const cJSON *version = cJSON_GetObjectItemCaseSensitive (plenum_event_get_data (event),
                                                               "packet_version");

      if (g_str_equal (plenum_event_get_event_type (event), PLENUM_EVENT_PACKET_PUBLISHED) &&
          g_strcmp0 (plenum_event_get_meeting_id (event), meeting_id) == 0 &&
          cJSON_IsNumber (version) && version->valuedouble == (double) packet_version)
        n++;
    }
  return n;
}

typedef struct {
  Terminal   *t;
  const char *meeting_id;
  gint64      packet_version;
} VersionWait;

static gboolean
has_version_event (gpointer user_data)
{
  VersionWait *wait = user_data;

  return count_versions (wait->t, wait->meeting_id, wait->packet_version) > 0;
}

/* Cuts every connection and refuses new ones until the engine says it is offline, which
 * it may only say after the offline delay. */
static void
cut_until_offline (Terminal         *t,
                   PlenumFaultProxy *proxy)
{
  gint64 cut_at;

  plenum_fault_proxy_set_refuse (proxy, TRUE);
  plenum_fault_proxy_close_all (proxy);
  cut_at = g_get_monotonic_time ();
  g_assert_true (plenum_test_wait_until (NULL, engine_offline, t->engine, WAIT_MS));
  g_assert_cmpint (g_get_monotonic_time () - cut_at, >=, (gint64) OFFLINE_DELAY_MS * 1000);
  g_assert_nonnull (plenum_sync_engine_get_offline_since (t->engine));
  g_assert_true (plenum_test_wait_until (NULL, setting_is_set, t, WAIT_MS));
}

static void
reconnect (Terminal         *t,
           PlenumFaultProxy *proxy)
{
  plenum_fault_proxy_set_refuse (proxy, FALSE);
  g_assert_true (plenum_test_wait_until (NULL, engine_online, t->engine, WAIT_MS));
  g_assert_true (plenum_test_wait_until (NULL, setting_is_unset, t, WAIT_MS));
  g_assert_null (plenum_sync_engine_get_offline_since (t->engine));
}

/* The event stream is cut and the server refuses connections for a while: "online"
 * goes FALSE only after the offline delay, and when the server is back the terminal
 * catches up: by Last-Event-ID with the events it missed, each exactly once, once it
 * has an event id; by a full resync before it has one (a stream that started live and
 * saw no event yet has no position to replay from). */
static void
test_events_reconnect (void)
{
  g_autoptr(PlenumFaultProxy) proxy = proxy_for (demo_url ());
  g_autoptr(PlenumTestSecretary) secretary =
    plenum_test_secretary_new (session, SECRETARY, SECRETARY_PIN, SECRETARY_TERMINAL_ID,
                               demo_url ());
  g_autoptr(GBytes) pdf = plenum_test_make_pdf ("events", 10 * 1024);
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autofree char *sha256 = NULL;
  g_autofree char *last_id = NULL;
  g_autoptr(GHashTable) seqs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  Terminal *t = terminal_new (NULL, plenum_fault_proxy_get_url (proxy));
  const char * const packet[] = { NULL, NULL };
  VersionWait wait = { t, meeting_id, 0 };
  PlenumEvent *last;

  terminal_sign_in_ok (t, MEMBER, MEMBER_PIN);
  terminal_wait_synced (t);
  sha256 = plenum_test_secretary_upload (session, secretary, pdf);
  ((const char **) packet)[0] = sha256;

  /* Cut before the terminal saw any event: version 1 comes by the resync. */
  cut_until_offline (t, proxy);
  plenum_test_secretary_publish (session, secretary, meeting_id, "Họp thử sự kiện 1", packet);
  reconnect (t, proxy);
  terminal_wait_meeting (t, meeting_id, 1);
  terminal_wait_verified (t, sha256);

  /* Live: version 2 arrives as an event, and gives the terminal its position. */
  plenum_test_secretary_publish (session, secretary, meeting_id, "Họp thử sự kiện 2", packet);
  wait.packet_version = 2;
  g_assert_true (plenum_test_wait_until (NULL, has_version_event, &wait, WAIT_MS));
  terminal_wait_meeting (t, meeting_id, 2);

  /* Two versions while the terminal cannot hear; both replayed when it is back. */
  cut_until_offline (t, proxy);
  plenum_test_secretary_publish (session, secretary, meeting_id, "Họp thử sự kiện 3", packet);
  plenum_test_secretary_publish (session, secretary, meeting_id, "Họp thử sự kiện 4", packet);
  g_assert_cmpuint (count_versions (t, meeting_id, 3), ==, 0);
  reconnect (t, proxy);
  wait.packet_version = 4;
  g_assert_true (plenum_test_wait_until (NULL, has_version_event, &wait, WAIT_MS));
  terminal_wait_meeting (t, meeting_id, 4);
  terminal_wait_synced (t);

  /* Exactly once each, in order; no event twice. */
  g_assert_cmpuint (count_versions (t, meeting_id, 2), ==, 1);
  g_assert_cmpuint (count_versions (t, meeting_id, 3), ==, 1);
  g_assert_cmpuint (count_versions (t, meeting_id, 4), ==, 1);
  for (guint i = 0; i < t->events->len; i++)
    {
      PlenumEvent *event = g_ptr_array_index (t->events, i);
      gint64 *seq = g_new (gint64, 1);

      *seq = plenum_event_get_seq (event);
      g_assert_false (g_hash_table_contains (seqs, seq));
      g_hash_table_add (seqs, seq);
      if (i > 0)
        g_assert_cmpint (*seq, >, plenum_event_get_seq (g_ptr_array_index (t->events, i - 1)));
    }

  /* The last id is kept for the next start. */
  last = g_ptr_array_index (t->events, t->events->len - 1);
  last_id = plenum_store_get_setting (t->store, PLENUM_STORE_SETTING_LAST_EVENT_ID);
  g_assert_nonnull (last_id);
  g_assert_cmpint (g_ascii_strtoll (last_id, NULL, 10), ==, plenum_event_get_seq (last));
  g_assert_cmpuint (t->errors->len, ==, 0);
  terminal_free (t);
}

/* A tiny server for answers plenum-server never gives: malformed meetings, an expired
 * token. Just enough of the protocol for the engine. */

#define FAKE_MEETING_ID "0b6b1b8e-6c1e-4c53-9a63-2f7c1c0e5a11"
#define FAKE_BODY_ID    "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
#define FAKE_CHAIR_ID   "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"
#define FAKE_ITEM_ID    "3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b"
#define FAKE_ACCOUNT_ID "4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f6a7b8c"
#define FAKE_DOC_ID     "5a6b7c8d-9e0f-4a1b-8c3d-4e5f6a7b8c9d"
#define FAKE_NAME       "uy.vien"
#define FAKE_PIN        "2222"

typedef struct {
  SoupServer *server;
  char       *url;
  char       *list_json;
  char       *meeting_json;
  gboolean    expired;
  guint       n_requests;  /* authenticated ones */
  /* One document, when blob_sha256 is set: its bytes are blob_served (the right ones or
   * not), and Range is honoured only when honour_range. */
  char       *blob_sha256;
  GBytes     *blob_served;
  gboolean    honour_range;
  guint       n_blob_requests;
  guint       n_range_requests;
  guint       n_sign_outs;
} FakeServer;

static char *
fake_summary (const char *title,
              const char *updated_at)
{
  return g_strdup_printf ("{\"id\":\"" FAKE_MEETING_ID "\",\"body_id\":\"" FAKE_BODY_ID "\","
                          "\"title\":\"%s\",\"starts_at\":\"2026-12-01T01:00:00Z\","
                          "\"location\":null,\"chair_id\":\"" FAKE_CHAIR_ID "\","
                          "\"vice_chair_id\":null,\"status\":\"scheduled\","
                          "\"packet_version\":1,\"updated_at\":\"%s\"", title, updated_at);
}

/* The list and the meeting as the server would write them for @title. */
static void
fake_server_set_meeting (FakeServer *fake,
                         const char *title,
                         const char *updated_at,
                         const char *meeting_json)
{
  g_autofree char *summary = fake_summary (title, updated_at);

  g_free (fake->list_json);
  g_free (fake->meeting_json);
  fake->list_json = g_strdup_printf ("{\"meetings\":[%s}]}", summary);
  if (meeting_json != NULL)
    fake->meeting_json = g_strdup (meeting_json);
  else
    {
      g_autofree char *documents = NULL;

      if (fake->blob_sha256 != NULL)
        documents = g_strdup_printf ("{\"id\":\"" FAKE_DOC_ID "\",\"title\":\"Tờ trình\","
                                     "\"sha256\":\"%s\",\"size\":%" G_GSIZE_FORMAT ","
                                     "\"pages\":1,\"confidential\":false,"
                                     "\"media_type\":\"application/pdf\"}",
                                     fake->blob_sha256, g_bytes_get_size (fake->blob_served));
      fake->meeting_json = g_strdup_printf ("%s,\"agenda\":[{\"id\":\"" FAKE_ITEM_ID "\","
                                            "\"number\":\"1\",\"title\":\"Khai mạc\","
                                            "\"closed_session\":false,\"documents\":[%s]}]}",
                                            summary, documents != NULL ? documents : "");
    }
}

/* The blob of the meeting's one document: @bytes named by their hash, served as
 * @served (the same bytes, or damaged ones of the same size). */
static void
fake_server_set_blob (FakeServer *fake,
                      GBytes     *bytes,
                      GBytes     *served)
{
  g_free (fake->blob_sha256);
  g_clear_pointer (&fake->blob_served, g_bytes_unref);
  fake->blob_sha256 = sha256_of (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  fake->blob_served = g_bytes_ref (served);
}

static void
fake_reply_blob (FakeServer        *fake,
                 SoupServerMessage *msg)
{
  const char *range = soup_message_headers_get_one (
    soup_server_message_get_request_headers (msg), "Range");
  gsize size = g_bytes_get_size (fake->blob_served);
  const guint8 *data = g_bytes_get_data (fake->blob_served, NULL);
  guint64 offset = 0;

  fake->n_blob_requests++;
  if (range != NULL)
    {
      fake->n_range_requests++;
      g_assert_true (g_str_has_prefix (range, "bytes="));
      g_assert_true (g_str_has_suffix (range, "-"));
      offset = g_ascii_strtoull (range + strlen ("bytes="), NULL, 10);
      g_assert_cmpuint (offset, <, size);
    }
  if (range != NULL && fake->honour_range)
    {
      g_autofree char *content_range = g_strdup_printf ("bytes %" G_GUINT64_FORMAT "-%"
                                                        G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT,
                                                        offset, size - 1, size);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Content-Range", content_range);
      soup_server_message_set_status (msg, 206, NULL);
    }
  else
    {
      offset = 0;
      soup_server_message_set_status (msg, 200, NULL);
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Accept-Ranges", "bytes");
  soup_server_message_set_response (msg, "application/pdf", SOUP_MEMORY_COPY,
                                    (const char *) data + offset, size - offset);
}

static void
fake_reply (SoupServerMessage *msg,
            guint              status,
            const char        *json)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *if_none_match = soup_message_headers_get_one (
    soup_server_message_get_request_headers (msg), "If-None-Match");
  g_autofree char *hash = sha256_of (json, strlen (json));
  g_autofree char *etag = g_strdup_printf ("\"%.32s\"", hash);

  if (status == 200)
    {
      soup_message_headers_replace (headers, "ETag", etag);
      if (g_strcmp0 (if_none_match, etag) == 0)
        {
          soup_server_message_set_status (msg, 304, NULL);
          return;
        }
    }
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

static void
fake_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  FakeServer *fake = user_data;
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (path, "/api/v1/session") && g_str_equal (method, "POST"))
    {
      fake_reply (msg, 201,
                  "{\"token\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
                  "\"expires_at\":\"2099-01-01T00:00:00Z\",\"account\":{\"id\":\""
                  FAKE_ACCOUNT_ID "\",\"name\":\"" FAKE_NAME "\",\"display_name\":\"Ủy Viên\","
                  "\"role\":\"member\"}}");
      return;
    }

  fake->n_requests++;
  if (fake->expired)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer");
      fake_reply (msg, 401, "{\"error\":{\"code\":\"token_expired\","
                            "\"message\":\"The token has expired.\"}}");
      return;
    }
  if (g_str_equal (path, "/api/v1/session") && g_str_equal (method, "DELETE"))
    {
      fake->n_sign_outs++;
      soup_server_message_set_status (msg, 204, NULL);
    }
  else if (g_str_equal (path, "/api/v1/meetings"))
    fake_reply (msg, 200, fake->list_json);
  else if (g_str_equal (path, "/api/v1/meetings/" FAKE_MEETING_ID))
    fake_reply (msg, 200, fake->meeting_json);
  else if (fake->blob_sha256 != NULL && g_str_has_prefix (path, "/api/v1/blobs/") &&
           g_str_equal (path + strlen ("/api/v1/blobs/"), fake->blob_sha256))
    fake_reply_blob (fake, msg);
  else if (g_str_equal (path, "/api/v1/events"))
    {
      /* A stream that stays open and quiet. */
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_body_set_accumulate (body, FALSE);
      soup_message_body_append (body, SOUP_MEMORY_STATIC, ": hello\n\n", 9);
    }
  else
    fake_reply (msg, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"No such thing.\"}}");
}

static FakeServer *
fake_server_new (void)
{
  g_autoptr(GError) error = NULL;
  FakeServer *fake = g_new0 (FakeServer, 1);
  GSList *uris;

  fake->server = soup_server_new ("server-header", "fake-plenum", NULL);
  soup_server_add_handler (fake->server, NULL, fake_handler, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  g_assert_nonnull (uris);
  fake->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  fake_server_set_meeting (fake, "Họp lần một", "2026-11-20T08:00:00Z", NULL);
  return fake;
}

static void
fake_server_free (FakeServer *fake)
{
  soup_server_disconnect (fake->server);
  g_object_unref (fake->server);
  g_free (fake->url);
  g_free (fake->list_json);
  g_free (fake->meeting_json);
  g_free (fake->blob_sha256);
  g_clear_pointer (&fake->blob_served, g_bytes_unref);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeServer, fake_server_free)

typedef struct {
  Terminal   *t;
  const char *title;
} TitleWait;

static gboolean
meeting_has_title (gpointer user_data)
{
  TitleWait *wait = user_data;
  g_autoptr(PlenumMeeting) meeting = plenum_sync_engine_get_meeting (wait->t->engine,
                                                                     FAKE_MEETING_ID);

  return meeting != NULL && plenum_meeting_has_agenda (meeting) &&
         g_str_equal (plenum_meeting_get_title (meeting), wait->title) &&
         !plenum_sync_engine_get_syncing (wait->t->engine);
}

typedef struct {
  Terminal *t;
  guint     n;
} ErrorWait;

static gboolean
has_errors (gpointer user_data)
{
  ErrorWait *wait = user_data;

  return wait->t->errors->len >= wait->n;
}

static void
assert_cached_meeting (Terminal   *t,
                       const char *title)
{
  g_autoptr(PlenumMeeting) meeting = plenum_sync_engine_get_meeting (t->engine, FAKE_MEETING_ID);
  g_autoptr(PlenumAgendaItem) item = NULL;

  g_assert_nonnull (meeting);
  g_assert_cmpstr (plenum_meeting_get_title (meeting), ==, title);
  g_assert_true (plenum_meeting_has_agenda (meeting));
  g_assert_cmpuint (g_list_model_get_n_items (plenum_meeting_get_agenda (meeting)), ==, 1);
  item = g_list_model_get_item (plenum_meeting_get_agenda (meeting), 0);
  g_assert_cmpstr (plenum_agenda_item_get_title (item), ==, "Khai mạc");
}

/* Meeting JSON the core model refuses: a sync-error, and the last good copy stays. */
static void
test_malformed_meeting (void)
{
  g_autoptr(FakeServer) fake = fake_server_new ();
  Terminal *t = terminal_new (NULL, fake->url);
  TitleWait title_wait = { t, "Họp lần một" };
  g_autofree char *etag = NULL;
  g_autofree char *wrong_type = NULL;
  g_autofree char *summary = NULL;
  const char *bad[3];

  terminal_sign_in_ok (t, FAKE_NAME, FAKE_PIN);
  g_assert_true (plenum_test_wait_until (NULL, meeting_has_title, &title_wait, WAIT_MS));
  g_assert_cmpuint (t->errors->len, ==, 0);
  etag = plenum_store_get_meeting_etag (t->store, FAKE_MEETING_ID);
  g_assert_nonnull (etag);

  /* Not JSON; the right JSON with a field of the wrong type; another meeting's id. */
  summary = fake_summary ("Họp lần hai", "2026-11-21T08:00:00Z");
  wrong_type = g_strdup_printf ("%s,\"agenda\":[{\"id\":\"" FAKE_ITEM_ID "\",\"number\":1,"
                                "\"title\":\"Khai mạc\",\"closed_session\":false,"
                                "\"documents\":[]}]}", summary);
  bad[0] = "{\"id\":\"" FAKE_MEETING_ID "\",\"title\":";
  bad[1] = wrong_type;
  bad[2] = "{\"id\":\"6f1d8a52-3c47-4e0b-9a6e-2b5c7d190e43\",\"body_id\":\"" FAKE_BODY_ID "\","
           "\"title\":\"Khác\",\"starts_at\":\"2026-12-01T01:00:00Z\",\"location\":null,"
           "\"chair_id\":\"" FAKE_CHAIR_ID "\",\"vice_chair_id\":null,\"status\":\"scheduled\","
           "\"packet_version\":1,\"updated_at\":\"2026-11-21T08:00:00Z\",\"agenda\":[]}";

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *updated_at = g_strdup_printf ("2026-11-2%uT08:00:00Z", i + 1);
      g_autofree char *stored_etag = NULL;
      ErrorWait error_wait = { t, i + 1 };
      const GError *error;

      /* The list changes (so the meeting is asked for again), the meeting is bad. */
      fake_server_set_meeting (fake, "Họp lần hai", updated_at, bad[i]);
      plenum_sync_engine_refresh (t->engine);
      g_assert_true (plenum_test_wait_until (NULL, has_errors, &error_wait, WAIT_MS));
      error = g_ptr_array_index (t->errors, i);
      g_assert_error ((GError *) error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_SERVER);

      assert_cached_meeting (t, "Họp lần một");
      stored_etag = plenum_store_get_meeting_etag (t->store, FAKE_MEETING_ID);
      g_assert_cmpstr (stored_etag, ==, etag);
      g_assert_nonnull (plenum_sync_engine_get_account (t->engine));
    }

  /* A good answer afterwards is taken. */
  fake_server_set_meeting (fake, "Họp lần ba", "2026-11-27T08:00:00Z", NULL);
  plenum_sync_engine_refresh (t->engine);
  title_wait.title = "Họp lần ba";
  g_assert_true (plenum_test_wait_until (NULL, meeting_has_title, &title_wait, WAIT_MS));
  g_assert_cmpuint (t->errors->len, ==, G_N_ELEMENTS (bad));
  terminal_free (t);
}

typedef struct {
  FakeServer *fake;
  guint       n;
} RequestWait;

static gboolean
more_requests (gpointer user_data)
{
  RequestWait *wait = user_data;

  return wait->fake->n_requests > wait->n;
}

static gboolean
token_forgotten (gpointer user_data)
{
  Terminal *t = user_data;
  g_autofree char *token = plenum_store_get_token (t->store, FAKE_NAME, NULL);

  return token == NULL;
}

/* The server stops accepting the token: syncing stops with SESSION_EXPIRED, nothing is
 * asked for any more, and the cached meeting stays readable. */
static void
test_expired_token (void)
{
  g_autoptr(FakeServer) fake = fake_server_new ();
  Terminal *t = terminal_new (NULL, fake->url);
  TitleWait title_wait = { t, "Họp lần một" };
  ErrorWait error_wait = { t, 1 };
  RequestWait request_wait = { fake, 0 };

  terminal_sign_in_ok (t, FAKE_NAME, FAKE_PIN);
  g_assert_true (plenum_test_wait_until (NULL, meeting_has_title, &title_wait, WAIT_MS));
  g_assert_false (token_forgotten (t));

  fake->expired = TRUE;
  fake_server_set_meeting (fake, "Họp lần hai", "2026-11-21T08:00:00Z", NULL);
  plenum_sync_engine_refresh (t->engine);
  g_assert_true (plenum_test_wait_until (NULL, has_errors, &error_wait, WAIT_MS));
  g_assert_error ((GError *) g_ptr_array_index (t->errors, 0), PLENUM_SYNC_ERROR,
                  PLENUM_SYNC_ERROR_SESSION_EXPIRED);
  g_assert_false (plenum_sync_engine_get_syncing (t->engine));
  g_assert_nonnull (plenum_sync_engine_get_account (t->engine));
  g_assert_true (plenum_sync_engine_get_online (t->engine));
  assert_cached_meeting (t, "Họp lần một");
  g_assert_true (plenum_test_wait_until (NULL, token_forgotten, t, WAIT_MS));

  /* Requests already on the wire when the token expired still arrive (answered 401),
   * at their own pace on a loaded machine: wait until the server has been quiet for two
   * reconnect delays. A retry loop never lets it be quiet. */
  {
    gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

    do
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        request_wait.n = fake->n_requests;
      }
    while (plenum_test_wait_until (NULL, more_requests, &request_wait, RECONNECT_MAX_MS * 2));
  }
  /* No retry: nothing more reaches the server (several reconnect delays long). */
  request_wait.n = fake->n_requests;
  g_assert_false (plenum_test_wait_until (NULL, more_requests, &request_wait,
                                          RECONNECT_MAX_MS * 4));
  plenum_sync_engine_refresh (t->engine);
  g_assert_cmpuint (fake->n_requests, ==, request_wait.n);
  g_assert_cmpuint (t->errors->len, ==, 1);
  terminal_free (t);
}

static gboolean
more_blob_requests (gpointer user_data)
{
  RequestWait *wait = user_data;

  return wait->fake->n_blob_requests > wait->n;
}

/* A server that always sends bytes that do not match the hash: the engine gives up
 * after a few attempts with backoff (no hot loop), says so once, and tries again when
 * asked to refresh. */
static void
test_bad_blob (void)
{
  g_autoptr(FakeServer) fake = fake_server_new ();
  g_autoptr(GBytes) good = plenum_test_make_pdf ("bad blob", 64 * 1024);
  g_autoptr(GBytes) bad = NULL;
  g_autofree char *path = NULL;
  ErrorWait error_wait = { NULL, 1 };
  RequestWait request_wait = { fake, 0 };
  TitleWait title_wait = { NULL, "Họp lần một" };
  guint8 *damaged;
  gsize size;
  Terminal *t;

  damaged = g_bytes_unref_to_data (g_bytes_ref (good), &size);
  damaged[size / 2] ^= 0x01;
  bad = g_bytes_new_take (damaged, size);
  fake_server_set_blob (fake, good, bad);
  fake_server_set_meeting (fake, "Họp lần một", "2026-11-20T08:00:00Z", NULL);

  t = terminal_new (NULL, fake->url);
  error_wait.t = t;
  title_wait.t = t;
  terminal_sign_in_ok (t, FAKE_NAME, FAKE_PIN);
  g_assert_true (plenum_test_wait_until (NULL, has_errors, &error_wait, WAIT_MS));
  g_assert_error ((GError *) g_ptr_array_index (t->errors, 0), PLENUM_SYNC_ERROR,
                  PLENUM_SYNC_ERROR_SERVER);
  g_test_message ("blob requests before giving up: %u", fake->n_blob_requests);
  g_assert_cmpuint (fake->n_blob_requests, >=, 2);
  g_assert_cmpuint (fake->n_blob_requests, <=, 10);
  g_assert_cmpint (plenum_sync_engine_get_document_state (t->engine, fake->blob_sha256, NULL,
                                                          NULL),
                   ==, PLENUM_DOCUMENT_STATE_FAILED);
  path = plenum_sync_engine_get_document_path (t->engine, fake->blob_sha256);
  g_assert_null (path);
  g_assert_cmpuint (count_blob_files (t), ==, 0);

  /* No more attempts on its own. */
  request_wait.n = fake->n_blob_requests;
  g_assert_false (plenum_test_wait_until (NULL, more_blob_requests, &request_wait,
                                          RECONNECT_MAX_MS * 4));
  g_assert_cmpuint (t->errors->len, ==, 1);

  /* The server is fixed; a refresh tries again. */
  g_clear_pointer (&fake->blob_served, g_bytes_unref);
  fake->blob_served = g_bytes_ref (good);
  plenum_sync_engine_refresh (t->engine);
  terminal_wait_verified (t, fake->blob_sha256);
  path = plenum_sync_engine_get_document_path (t->engine, fake->blob_sha256);
  plenum_test_assert_blob_file (path, fake->blob_sha256);
  g_assert_true (plenum_test_wait_until (NULL, meeting_has_title, &title_wait, WAIT_MS));
  terminal_free (t);
}

/* A server that ignores Range: after a cut, the resumed download gets the whole blob
 * (200), the partial file starts again from zero, and the result is verified. */
static void
test_range_ignored (void)
{
  g_autoptr(FakeServer) fake = fake_server_new ();
  g_autoptr(PlenumFaultProxy) proxy = proxy_for (fake->url);
  g_autoptr(GBytes) blob = plenum_test_make_pdf ("range ignored", 768 * 1024);
  g_autofree char *path = NULL;
  PartialWait wait;
  Terminal *t;

  fake_server_set_blob (fake, blob, blob);
  fake_server_set_meeting (fake, "Họp lần một", "2026-11-20T08:00:00Z", NULL);
  fake->honour_range = FALSE;
  plenum_fault_proxy_set_throttle (proxy, 256 * 1024);

  t = terminal_new (NULL, plenum_fault_proxy_get_url (proxy));
  terminal_sign_in_ok (t, FAKE_NAME, FAKE_PIN);
  wait = (PartialWait) { t, fake->blob_sha256, 128 * 1024 };
  g_assert_true (plenum_test_wait_until (NULL, partially_downloaded, &wait, WAIT_MS));
  plenum_fault_proxy_close_all (proxy);
  plenum_fault_proxy_set_throttle (proxy, 0);

  terminal_wait_verified (t, fake->blob_sha256);
  path = plenum_sync_engine_get_document_path (t->engine, fake->blob_sha256);
  plenum_test_assert_blob_file (path, fake->blob_sha256);
  g_assert_cmpuint (fake->n_range_requests, >=, 1);
  g_assert_cmpuint (fake->n_blob_requests, >=, 2);
  terminal_wait_synced (t);
  assert_all_documents_verified (t);
  terminal_free (t);
}

static gboolean
no_meetings (gpointer user_data)
{
  Terminal *t = user_data;

  return g_list_model_get_n_items (plenum_sync_engine_get_meetings (t->engine)) == 0;
}

static gboolean
signed_out_at_server (gpointer user_data)
{
  FakeServer *fake = user_data;

  return fake->n_sign_outs > 0;
}

/* A meeting the member no longer sees goes from the store; signing out stops the sync,
 * tells the server and forgets the token. */
static void
test_removed_and_sign_out (void)
{
  g_autoptr(FakeServer) fake = fake_server_new ();
  g_autoptr(PlenumMeeting) stored = NULL;
  g_autoptr(GError) error = NULL;
  Terminal *t = terminal_new (NULL, fake->url);
  TitleWait title_wait = { t, "Họp lần một" };

  terminal_sign_in_ok (t, FAKE_NAME, FAKE_PIN);
  g_assert_true (plenum_test_wait_until (NULL, meeting_has_title, &title_wait, WAIT_MS));

  g_free (fake->list_json);
  fake->list_json = g_strdup ("{\"meetings\":[]}");
  plenum_sync_engine_refresh (t->engine);
  g_assert_true (plenum_test_wait_until (NULL, no_meetings, t, WAIT_MS));
  g_assert_null (plenum_sync_engine_get_meeting (t->engine, FAKE_MEETING_ID));
  stored = plenum_store_get_meeting (t->store, FAKE_MEETING_ID, &error);
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
  g_assert_null (stored);

  plenum_sync_engine_sign_out (t->engine);
  g_assert_null (plenum_sync_engine_get_account (t->engine));
  g_assert_false (plenum_sync_engine_get_syncing (t->engine));
  g_assert_true (plenum_test_wait_until (NULL, signed_out_at_server, fake, WAIT_MS));
  g_assert_true (plenum_test_wait_until (NULL, token_forgotten, t, WAIT_MS));
  g_assert_cmpuint (t->errors->len, ==, 0);
  terminal_free (t);
}

/* A server that stops sending anything (the link stalls, the sockets stay open): the
 * stream's watchdog notices, the terminal goes offline, and comes back. */
static void
test_stalled_stream (void)
{
  g_autoptr(PlenumFaultProxy) proxy = proxy_for (demo_url ());
  g_autoptr(PlenumTestSecretary) secretary =
    plenum_test_secretary_new (session, SECRETARY, SECRETARY_PIN, SECRETARY_TERMINAL_ID,
                               demo_url ());
  g_autoptr(GBytes) pdf = plenum_test_make_pdf ("stalled", 10 * 1024);
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autofree char *sha256 = NULL;
  Terminal *t = terminal_new (NULL, plenum_fault_proxy_get_url (proxy));
  VersionWait wait = { t, meeting_id, 1 };
  gint64 stalled_at;

  plenum_sync_engine_set_event_watchdog (t->engine, 500);
  terminal_sign_in_ok (t, MEMBER, MEMBER_PIN);
  terminal_wait_synced (t);
  sha256 = plenum_test_secretary_upload (session, secretary, pdf);

  plenum_fault_proxy_set_stall (proxy, TRUE);
  stalled_at = g_get_monotonic_time ();
  g_assert_true (plenum_test_wait_until (NULL, engine_offline, t->engine, WAIT_MS));
  /* The watchdog counts from the last byte before the stall (a heartbeat may have come
   * just before it), so only the offline delay is certain to lie after the stall: the
   * banner never shows sooner than that. */
  g_assert_cmpint (g_get_monotonic_time () - stalled_at, >=, (gint64) OFFLINE_DELAY_MS * 1000);

  plenum_fault_proxy_set_stall (proxy, FALSE);
  g_assert_true (plenum_test_wait_until (NULL, engine_online, t->engine, WAIT_MS));
  plenum_test_secretary_publish (session, secretary, meeting_id, "Họp thử đường truyền",
                                 (const char * const[]) { sha256, NULL });
  g_assert_true (plenum_test_wait_until (NULL, has_version_event, &wait, WAIT_MS));
  terminal_wait_meeting (t, meeting_id, 1);
  terminal_wait_verified (t, sha256);
  terminal_free (t);
}

int
main (int    argc,
      char **argv)
{
  int status;

  plenum_test_init (&argc, &argv);
  session = plenum_test_soup_session_new (NULL);

  g_test_add_func ("/plenum/sync/download", test_download);
  g_test_add_func ("/plenum/sync/wrong-pin", test_wrong_pin);
  g_test_add_func ("/plenum/sync/offline", test_offline);
  g_test_add_func ("/plenum/sync/resume", test_resume);
  g_test_add_func ("/plenum/sync/corrupt", test_corrupt);
  g_test_add_func ("/plenum/sync/new-version", test_new_version);
  g_test_add_func ("/plenum/sync/events-reconnect", test_events_reconnect);
  g_test_add_func ("/plenum/sync/malformed-meeting", test_malformed_meeting);
  g_test_add_func ("/plenum/sync/expired-token", test_expired_token);
  g_test_add_func ("/plenum/sync/bad-blob", test_bad_blob);
  g_test_add_func ("/plenum/sync/range-ignored", test_range_ignored);
  g_test_add_func ("/plenum/sync/removed-and-sign-out", test_removed_and_sign_out);
  g_test_add_func ("/plenum/sync/stalled-stream", test_stalled_stream);

  status = g_test_run ();
  g_clear_pointer (&demo_server, plenum_test_server_free);
  g_clear_object (&session);
  return status;
}
