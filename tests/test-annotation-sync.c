/* test-annotation-sync.c — annotations end to end (issue 6): a member's marks go through
 * the store's outbox and the sync engine to the real plenum-server (with a real SQLite
 * file), and come back to other terminals through the per-meeting feed:
 *
 *  - saved while the server cannot be reached (the fault proxy refuses), an annotation
 *    survives a restart of the terminal and reaches the server when it is back;
 *  - the same member on two terminals, one offline, edits the same annotation on both:
 *    the offline terminal's edit becomes a conflict copy and both terminals converge to
 *    the same two annotations, none lost;
 *  - another member sees a `meeting` annotation and never a `private` one;
 *  - a deletion reaches the other terminals as a tombstone.
 *
 * One `plenum-server --demo` for the whole file; each case publishes its own meeting and
 * gives each terminal its own data folder.
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
#define WAIT_MS          60000

#define MEMBER           "le.minh.tuan"
#define MEMBER_PIN       "100003"
#define OTHER_MEMBER     "pham.quoc.hung"
#define OTHER_PIN        "100004"
#define SECRETARY        "ly.thi.hong"
#define SECRETARY_PIN    "999999"


static PlenumTestServer *demo_server;
static SoupSession *session;

static const char *
demo_url (void)
{
  if (demo_server == NULL)
    {
      g_autofree char *data_dir = plenum_test_mkdtemp ("server");

      demo_server = plenum_test_server_start (data_dir, (const char * const[]) { "--demo", NULL });
    }
  return plenum_test_server_get_url (demo_server);
}

static PlenumFaultProxy *
proxy_new (void)
{
  g_autoptr(GError) error = NULL;
  PlenumFaultProxy *proxy = NULL;

  proxy = plenum_fault_proxy_new_for_url (demo_url (), &error);
  g_assert_no_error (error);
  return proxy;
}

/* Publishes a new meeting of the demo body with one fresh PDF; returns its id. */
static char *
publish_meeting (void)
{
  g_autofree char *terminal_id = plenum_uuid_new ();
  g_autofree char *label = plenum_uuid_new ();
  g_autoptr(GBytes) pdf = plenum_test_make_pdf (label, 0);
  g_autoptr(PlenumTestSecretary) s = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) starts_at = g_date_time_add_days (now, 2);
  g_autofree char *operation_id = plenum_uuid_new ();
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autoptr(PlenumPacketManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) json = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *text = NULL;
  g_autofree char *url = NULL;

  s = plenum_test_secretary_new (session, SECRETARY, SECRETARY_PIN, terminal_id, demo_url ());
  s->sha256 = plenum_test_secretary_upload (session, s, pdf);
  url = g_strconcat (s->url, "/api/v1/meetings/", meeting_id, "/packet", NULL);
  manifest = plenum_packet_manifest_new (operation_id, s->body_id, "Họp thử ghi chú",
                                         starts_at, NULL, s->chair_id, s->vice_chair_id);
  plenum_packet_manifest_add_item (manifest, "1", "Dự thảo", FALSE, &error);
  g_assert_no_error (error);
  plenum_packet_manifest_add_document (manifest, 0, "Dự thảo nghị quyết", s->sha256, FALSE);
  json = plenum_packet_manifest_to_json (manifest);
  text = plenum_json_print (json);
  answer = plenum_test_http_json_or_null (session, "PUT", url, s->token, text, 200);
  return g_steal_pointer (&meeting_id);
}

/* A terminal: a store in its own data folder and an engine */

typedef struct {
  char             *data_dir;
  PlenumStore      *store;
  PlenumSyncEngine *engine;
  GPtrArray        *refused;    /* PlenumOutboxOperation from "operation-refused" */
  guint             n_changed;  /* "annotations-changed" signals */
} Terminal;

static void
on_operation_refused_cb (PlenumSyncEngine      *engine,
                         PlenumOutboxOperation *op,
                         Terminal              *t)
{
  g_ptr_array_add (t->refused, plenum_outbox_operation_ref (op));
}

static void
on_annotations_changed_cb (PlenumSyncEngine *engine,
                           const char       *meeting_id,
                           const char       *document_id,
                           Terminal         *t)
{
  g_assert_true (plenum_is_uuid (meeting_id));
  g_assert_true (plenum_is_uuid (document_id));
  t->n_changed++;
}

static Terminal *
terminal_new (const char *data_dir,
              const char *url)
{
  Terminal *t = g_new0 (Terminal, 1);

  t->data_dir = data_dir != NULL ? g_strdup (data_dir) : plenum_test_mkdtemp ("terminal");
  t->store = plenum_test_open_store (t->data_dir, WAIT_MS);
  t->engine = plenum_test_engine_new (t->store, url);
  t->refused = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_outbox_operation_unref);
  g_signal_connect (t->engine, "operation-refused", G_CALLBACK (on_operation_refused_cb), t);
  g_signal_connect (t->engine, "annotations-changed", G_CALLBACK (on_annotations_changed_cb), t);
  return t;
}

/* Drops the engine and the store and waits until the store is closed, so that the
 * folder can be opened again. Returns the data folder (free with g_free()). */
static char *
terminal_free (Terminal *t)
{
  char *data_dir = g_steal_pointer (&t->data_dir);

  plenum_test_engine_close (t->engine, t->store, t, WAIT_MS);
  /* Nothing was ever refused: a conflict is not a refusal. */
  g_assert_cmpuint (t->refused->len, ==, 0);
  g_ptr_array_unref (t->refused);
  g_free (t);
  return data_dir;
}

static void
terminal_sign_in (Terminal   *t,
                  const char *name,
                  const char *pin)
{
  plenum_test_engine_sign_in_ok (t->engine, name, pin, WAIT_MS);
}

static const char *
terminal_account_id (Terminal *t)
{
  PlenumMember *account = plenum_sync_engine_get_account (t->engine);

  g_assert_nonnull (account);
  return plenum_member_get_id (account);
}

typedef struct {
  Terminal   *t;
  const char *meeting_id;
} MeetingWait;

static gboolean
meeting_stored (gpointer user_data)
{
  MeetingWait *wait = user_data;
  g_autoptr(PlenumMeeting) meeting = plenum_sync_engine_get_meeting (wait->t->engine,
                                                                     wait->meeting_id);

  return meeting != NULL && plenum_meeting_has_agenda (meeting);
}

/* Waits for the meeting with its agenda; returns its (only) document. */
static PlenumDocument *
terminal_wait_meeting (Terminal   *t,
                       const char *meeting_id)
{
  MeetingWait wait = { t, meeting_id };
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(PlenumAgendaItem) item = NULL;

  g_assert_true (plenum_test_wait_until (NULL, meeting_stored, &wait, WAIT_MS));
  meeting = plenum_sync_engine_get_meeting (t->engine, meeting_id);
  item = g_list_model_get_item (plenum_meeting_get_agenda (meeting), 0);
  g_assert_nonnull (item);
  return g_list_model_get_item (plenum_agenda_item_get_documents (item), 0);
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

/* Saves @annotation on @t (durable when this returns); the operation id. */
static char *
terminal_save (Terminal         *t,
               const char       *meeting_id,
               PlenumAnnotation *annotation)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *operation_id;

  plenum_annotation_touch (annotation);
  plenum_store_save_annotation_async (t->store, terminal_account_id (t), meeting_id,
                                      annotation, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  operation_id = plenum_store_save_annotation_finish (t->store, result, &error);
  g_assert_no_error (error);
  g_assert_true (plenum_is_uuid (operation_id));
  return operation_id;
}

static char *
terminal_delete (Terminal   *t,
                 const char *meeting_id,
                 const char *annotation_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *operation_id;

  plenum_store_delete_annotation_async (t->store, terminal_account_id (t), meeting_id,
                                        annotation_id, NULL, plenum_test_got_result_cb,
                                        &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  operation_id = plenum_store_delete_annotation_finish (t->store, result, &error);
  g_assert_no_error (error);
  return operation_id;
}

typedef struct {
  PlenumStore *store;
  const char  *operation_id;
} OpWait;

static gboolean
operation_sent (gpointer user_data)
{
  OpWait *wait = user_data;
  g_autoptr(PlenumOutboxOperation) op = plenum_store_outbox_get (wait->store,
                                                                 wait->operation_id);

  return op != NULL && plenum_outbox_operation_get_state (op) == PLENUM_OUTBOX_STATE_SENT;
}

static void
wait_sent (Terminal   *t,
           const char *operation_id)
{
  OpWait wait = { t->store, operation_id };

  g_assert_true (plenum_test_wait_until (NULL, operation_sent, &wait, WAIT_MS));
}

static gboolean
nothing_pending (gpointer user_data)
{
  Terminal *t = user_data;

  return plenum_store_outbox_count_pending (t->store, terminal_account_id (t)) == 0;
}

/* What a terminal's store holds of one annotation, for waiting on. */
typedef struct {
  Terminal   *t;
  const char *annotation_id;
  const char *text;         /* NULL: any */
  gboolean    deleted;
} AnnotationWait;

static gboolean
annotation_is (gpointer user_data)
{
  AnnotationWait *wait = user_data;
  g_autoptr(PlenumAnnotation) annotation = NULL;
  gboolean dirty = TRUE;
  gint64 revision = 0;

  annotation = plenum_store_get_annotation (wait->t->store, terminal_account_id (wait->t),
                                            wait->annotation_id, NULL, &dirty, &revision, NULL);
  return annotation != NULL && !dirty && revision > 0 &&
         plenum_annotation_get_deleted (annotation) == wait->deleted &&
         (wait->text == NULL || g_strcmp0 (plenum_annotation_get_text (annotation), wait->text) == 0);
}

static void
wait_annotation (Terminal   *t,
                 const char *annotation_id,
                 const char *text,
                 gboolean    deleted)
{
  AnnotationWait wait = { t, annotation_id, text, deleted };

  g_assert_true (plenum_test_wait_until (NULL, annotation_is, &wait, WAIT_MS));
}

typedef struct {
  Terminal   *t;
  const char *document_id;
  guint       n;
} ListWait;

static gboolean
list_has (gpointer user_data)
{
  ListWait *wait = user_data;
  g_autoptr(GPtrArray) list = plenum_store_list_annotations (wait->t->store,
                                                             terminal_account_id (wait->t),
                                                             wait->document_id, NULL);

  return list->len == wait->n;
}

static PlenumAnnotation *
new_note (PlenumDocument *document,
          const char     *author_id,
          const char     *text)
{
  PlenumAnnotation *note = plenum_annotation_new (PLENUM_ANNOTATION_NOTE,
                                                  plenum_document_get_id (document),
                                                  plenum_document_get_sha256 (document),
                                                  author_id, 0);

  plenum_annotation_set_position (note, 120, 240);
  plenum_annotation_set_text (note, text);
  return note;
}

/* The member's feed of @meeting_id as the server answers it over plain HTTP, with the
 * token the terminal stored for @name. */
static cJSON *
server_feed (Terminal   *t,
             const char *name,
             const char *meeting_id)
{
  g_autofree char *token = plenum_store_get_token (t->store, name, NULL);
  g_autofree char *url = g_strconcat (demo_url (), "/api/v1/meetings/", meeting_id,
                                      "/annotations?since=0", NULL);

  g_assert_nonnull (token);
  return plenum_test_http_json_or_null (session, "GET", url, token, NULL, 200);
}

static const cJSON *
feed_find (const cJSON *feed,
           const char  *annotation_id)
{
  const cJSON *list = cJSON_GetObjectItemCaseSensitive (feed, "annotations");
  const cJSON *node;

  g_assert_true (cJSON_IsArray (list));
  cJSON_ArrayForEach (node, list)
    if (g_strcmp0 (plenum_test_json_string (node, "id"), annotation_id) == 0)
      return node;
  return NULL;
}

/* Tests */

/* (a) Saved while the server cannot be reached: nothing lost across a restart of the
 * terminal; on reconnection the server has it, and the terminal its revision. */
static void
test_offline_save (void)
{
  g_autoptr(PlenumFaultProxy) proxy = proxy_new ();
  g_autofree char *meeting_id = publish_meeting ();
  g_autoptr(PlenumDocument) document = NULL;
  g_autoptr(PlenumAnnotation) ink = NULL;
  g_autoptr(PlenumAnnotation) stored = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(cJSON) feed = NULL;
  g_autofree char *operation_id = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *data_dir = NULL;
  const PlenumInkPoint points[] = { { 100, 100, 0.4 }, { 140, 120, 0.6 }, { 190, 118, 0.8 } };
  const cJSON *on_server;
  gint64 revision = 0;
  gboolean dirty = TRUE;
  Terminal *t = terminal_new (NULL, plenum_fault_proxy_get_url (proxy));

  terminal_sign_in (t, MEMBER, MEMBER_PIN);
  document = terminal_wait_meeting (t, meeting_id);
  account_id = g_strdup (terminal_account_id (t));

  plenum_fault_proxy_set_refuse (proxy, TRUE);
  plenum_fault_proxy_close_all (proxy);
  g_assert_true (plenum_test_wait_until (NULL, engine_offline, t->engine, WAIT_MS));

  ink = plenum_annotation_new (PLENUM_ANNOTATION_INK, plenum_document_get_id (document),
                               plenum_document_get_sha256 (document), account_id, 0);
  plenum_annotation_add_stroke (ink, points, G_N_ELEMENTS (points));
  operation_id = terminal_save (t, meeting_id, ink);
  data_dir = terminal_free (t);

  /* Restarted, still offline: the mark is there and still queued. */
  t = terminal_new (data_dir, plenum_fault_proxy_get_url (proxy));
  list = plenum_store_list_annotations (t->store, account_id, plenum_document_get_id (document),
                                        NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (plenum_annotation_same_content (g_ptr_array_index (list, 0), ink));
  g_assert_cmpuint (plenum_store_outbox_count_pending (t->store, account_id), ==, 1);

  terminal_sign_in (t, MEMBER, MEMBER_PIN);  /* offline, against the verifier */
  g_assert_false (plenum_sync_engine_get_online (t->engine));

  plenum_fault_proxy_set_refuse (proxy, FALSE);
  wait_sent (t, operation_id);
  g_assert_true (plenum_test_wait_until (NULL, engine_online, t->engine, WAIT_MS));

  feed = server_feed (t, MEMBER, meeting_id);
  on_server = feed_find (feed, plenum_annotation_get_id (ink));
  g_assert_nonnull (on_server);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PlenumAnnotation) server_copy = plenum_annotation_new_from_json (on_server, "",
                                                                               &error);

    g_assert_no_error (error);
    g_assert_true (plenum_annotation_same_content (server_copy, ink));
    stored = plenum_store_get_annotation (t->store, account_id, plenum_annotation_get_id (ink),
                                          NULL, &dirty, &revision, &error);
    g_assert_no_error (error);
    g_assert_false (dirty);
    g_assert_cmpint (revision, ==, plenum_annotation_get_revision (server_copy));
    g_assert_cmpint (revision, >, 0);
  }
  g_free (terminal_free (t));
}

/* (b) The same member on two terminals: B, offline, edits what A edits online. B's edit
 * becomes a conflict copy; both terminals end with the same two annotations. */
typedef struct {
  Terminal *t;
  guint     before;
} ChangedWait;

static gboolean
changed_since (gpointer user_data)
{
  ChangedWait *wait = user_data;

  return wait->t->n_changed > wait->before;
}

static void
test_two_terminals_conflict (void)
{
  g_autoptr(PlenumFaultProxy) proxy = proxy_new ();
  g_autofree char *meeting_id = publish_meeting ();
  g_autoptr(PlenumDocument) document = NULL;
  g_autoptr(PlenumDocument) document_b = NULL;
  g_autoptr(PlenumAnnotation) on_a = NULL;
  g_autoptr(PlenumAnnotation) on_b = NULL;
  g_autoptr(GPtrArray) list_a = NULL;
  g_autoptr(GPtrArray) list_b = NULL;
  g_autofree char *op_create = NULL, *op_a = NULL, *op_b = NULL;
  const char *id;
  Terminal *a = terminal_new (NULL, demo_url ());
  Terminal *b = terminal_new (NULL, plenum_fault_proxy_get_url (proxy));
  ListWait two_on_a, two_on_b;
  guint changed_before;

  terminal_sign_in (a, MEMBER, MEMBER_PIN);
  terminal_sign_in (b, MEMBER, MEMBER_PIN);
  document = terminal_wait_meeting (a, meeting_id);
  document_b = terminal_wait_meeting (b, meeting_id);

  /* A creates; B gets it through the feed (the annotations.changed event). */
  on_a = new_note (document, terminal_account_id (a), "Bản gốc");
  id = plenum_annotation_get_id (on_a);
  changed_before = b->n_changed;
  op_create = terminal_save (a, meeting_id, on_a);
  wait_sent (a, op_create);
  wait_annotation (b, id, "Bản gốc", FALSE);
  /* The store has it as soon as the feed's transaction is committed; the engine tells
   * when that write finishes, a turn of the main loop later. */
  {
    ChangedWait changed = { b, changed_before };

    g_assert_true (plenum_test_wait_until (NULL, changed_since, &changed, WAIT_MS));
  }

  /* B goes offline and edits; A edits online. */
  plenum_fault_proxy_set_refuse (proxy, TRUE);
  plenum_fault_proxy_close_all (proxy);
  g_assert_true (plenum_test_wait_until (NULL, engine_offline, b->engine, WAIT_MS));
  on_b = plenum_store_get_annotation (b->store, terminal_account_id (b), id, NULL, NULL, NULL,
                                      NULL);
  g_assert_nonnull (on_b);
  plenum_annotation_set_text (on_b, "Sửa trên máy B");
  op_b = terminal_save (b, meeting_id, on_b);
  plenum_annotation_set_text (on_a, "Sửa trên máy A");
  op_a = terminal_save (a, meeting_id, on_a);
  wait_sent (a, op_a);

  /* B reconnects: its edit meets A's and is kept as a copy. */
  plenum_fault_proxy_set_refuse (proxy, FALSE);
  wait_sent (b, op_b);
  g_assert_true (plenum_test_wait_until (NULL, nothing_pending, b, WAIT_MS));
  wait_annotation (b, id, "Sửa trên máy A", FALSE);
  two_on_a = (ListWait) { a, plenum_document_get_id (document), 2 };
  two_on_b = (ListWait) { b, plenum_document_get_id (document), 2 };
  g_assert_true (plenum_test_wait_until (NULL, list_has, &two_on_b, WAIT_MS));
  g_assert_true (plenum_test_wait_until (NULL, list_has, &two_on_a, WAIT_MS));

  /* Converged: the same two, with the same revisions, on both. */
  list_a = plenum_store_list_annotations (a->store, terminal_account_id (a),
                                          plenum_document_get_id (document), NULL);
  for (guint i = 0; i < list_a->len; i++)
    {
      PlenumAnnotation *x = g_ptr_array_index (list_a, i);
      const char *x_id = plenum_annotation_get_id (x);
      g_autoptr(PlenumAnnotation) y = NULL;
      AnnotationWait settled = { b, x_id, NULL, FALSE };

      g_assert_true (plenum_test_wait_until (NULL, annotation_is, &settled, WAIT_MS));
      y = plenum_store_get_annotation (b->store, terminal_account_id (b), x_id, NULL, NULL, NULL,
                                       NULL);
      g_assert_nonnull (y);
      g_assert_true (plenum_annotation_same_content (x, y));
      if (g_str_equal (x_id, id))
        g_assert_cmpstr (plenum_annotation_get_text (x), ==, "Sửa trên máy A");
      else
        {
          g_assert_cmpstr (plenum_annotation_get_conflict_of (x), ==, id);
          g_assert_cmpstr (plenum_annotation_get_text (x), ==, "Sửa trên máy B");
          /* A gets the copy as the server has it. */
          wait_annotation (a, x_id, "Sửa trên máy B", FALSE);
        }
    }
  list_b = plenum_store_list_annotations (b->store, terminal_account_id (b),
                                          plenum_document_get_id (document), NULL);
  g_assert_cmpuint (list_b->len, ==, 2);

  g_free (terminal_free (a));
  g_free (terminal_free (b));
}

/* (c) Another member of the body sees a `meeting` annotation, never a `private` one. */
static void
test_visibility (void)
{
  g_autofree char *meeting_id = publish_meeting ();
  g_autoptr(PlenumDocument) document = NULL;
  g_autoptr(PlenumAnnotation) secret = NULL;
  g_autoptr(PlenumAnnotation) shared = NULL;
  g_autoptr(PlenumAnnotation) seen = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) feed = NULL;
  g_autofree char *op_secret = NULL, *op_shared = NULL, *op_edit = NULL;
  Terminal *author = terminal_new (NULL, demo_url ());
  Terminal *other = terminal_new (NULL, demo_url ());

  terminal_sign_in (author, MEMBER, MEMBER_PIN);
  document = terminal_wait_meeting (author, meeting_id);

  /* The private one first: any feed that brings the shared one would have brought it. */
  secret = new_note (document, terminal_account_id (author), "Chỉ mình tôi");
  op_secret = terminal_save (author, meeting_id, secret);
  shared = new_note (document, terminal_account_id (author), "Cho cả cuộc họp");
  plenum_annotation_set_visibility (shared, PLENUM_ANNOTATION_MEETING);
  op_shared = terminal_save (author, meeting_id, shared);
  wait_sent (author, op_secret);
  wait_sent (author, op_shared);

  terminal_sign_in (other, OTHER_MEMBER, OTHER_PIN);
  g_object_unref (terminal_wait_meeting (other, meeting_id));
  wait_annotation (other, plenum_annotation_get_id (shared), "Cho cả cuộc họp", FALSE);
  list = plenum_store_list_annotations (other->store, terminal_account_id (other),
                                        plenum_document_get_id (document), NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (plenum_annotation_get_id (g_ptr_array_index (list, 0)), ==,
                   plenum_annotation_get_id (shared));
  g_assert_null (plenum_store_get_annotation (other->store, terminal_account_id (other),
                                              plenum_annotation_get_id (secret), NULL, NULL,
                                              NULL, &error));
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  feed = server_feed (other, OTHER_MEMBER, meeting_id);
  g_assert_nonnull (feed_find (feed, plenum_annotation_get_id (shared)));
  g_assert_null (feed_find (feed, plenum_annotation_get_id (secret)));

  /* Edits follow; the private one never shows, even after its own edit. */
  plenum_annotation_set_text (secret, "Vẫn chỉ mình tôi");
  g_free (op_secret);
  op_secret = terminal_save (author, meeting_id, secret);
  plenum_annotation_set_text (shared, "Cho cả cuộc họp, đã sửa");
  op_edit = terminal_save (author, meeting_id, shared);
  wait_sent (author, op_secret);
  wait_sent (author, op_edit);
  wait_annotation (other, plenum_annotation_get_id (shared), "Cho cả cuộc họp, đã sửa", FALSE);
  seen = plenum_store_get_annotation (other->store, terminal_account_id (other),
                                      plenum_annotation_get_id (secret), NULL, NULL, NULL,
                                      &error);
  g_assert_null (seen);
  g_assert_error (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_NOT_FOUND);

  g_free (terminal_free (author));
  g_free (terminal_free (other));
}

/* (d) A deletion reaches the other terminals as a tombstone. */
static void
test_delete_propagates (void)
{
  g_autofree char *meeting_id = publish_meeting ();
  g_autoptr(PlenumDocument) document = NULL;
  g_autoptr(PlenumAnnotation) shared = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(cJSON) feed = NULL;
  g_autofree char *op_create = NULL, *op_delete = NULL;
  const cJSON *tombstone;
  Terminal *author = terminal_new (NULL, demo_url ());
  Terminal *other = terminal_new (NULL, demo_url ());
  Terminal *second = terminal_new (NULL, demo_url ());
  ListWait none;

  terminal_sign_in (author, MEMBER, MEMBER_PIN);
  terminal_sign_in (second, MEMBER, MEMBER_PIN);
  terminal_sign_in (other, OTHER_MEMBER, OTHER_PIN);
  document = terminal_wait_meeting (author, meeting_id);
  g_object_unref (terminal_wait_meeting (other, meeting_id));
  g_object_unref (terminal_wait_meeting (second, meeting_id));

  shared = new_note (document, terminal_account_id (author), "Sẽ xoá");
  plenum_annotation_set_visibility (shared, PLENUM_ANNOTATION_MEETING);
  op_create = terminal_save (author, meeting_id, shared);
  wait_sent (author, op_create);
  wait_annotation (other, plenum_annotation_get_id (shared), "Sẽ xoá", FALSE);
  wait_annotation (second, plenum_annotation_get_id (shared), "Sẽ xoá", FALSE);

  op_delete = terminal_delete (author, meeting_id, plenum_annotation_get_id (shared));
  g_assert_true (plenum_is_uuid (op_delete));
  wait_sent (author, op_delete);
  wait_annotation (author, plenum_annotation_get_id (shared), NULL, TRUE);
  wait_annotation (other, plenum_annotation_get_id (shared), NULL, TRUE);
  wait_annotation (second, plenum_annotation_get_id (shared), NULL, TRUE);

  none = (ListWait) { other, plenum_document_get_id (document), 0 };
  g_assert_true (list_has (&none));
  none = (ListWait) { second, plenum_document_get_id (document), 0 };
  g_assert_true (list_has (&none));

  feed = server_feed (other, OTHER_MEMBER, meeting_id);
  tombstone = feed_find (feed, plenum_annotation_get_id (shared));
  g_assert_nonnull (tombstone);
  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (tombstone, "deleted")));

  g_free (terminal_free (author));
  g_free (terminal_free (other));
  g_free (terminal_free (second));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);
  session = plenum_test_session ();

  g_test_add_func ("/plenum/annotation-sync/offline-save", test_offline_save);
  g_test_add_func ("/plenum/annotation-sync/two-terminals-conflict", test_two_terminals_conflict);
  g_test_add_func ("/plenum/annotation-sync/visibility", test_visibility);
  g_test_add_func ("/plenum/annotation-sync/delete-propagates", test_delete_propagates);

  status = g_test_run ();
  g_clear_pointer (&demo_server, plenum_test_server_free);
  return status;
}
