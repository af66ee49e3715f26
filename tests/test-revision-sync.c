/* test-revision-sync.c — revisions, retiring and retraction as two terminals see them,
 * end to end against the real `plenum-server --demo`: the secretariat revises a
 * document through the API; both terminals get the new version and keep the old one
 * readable (its file is here, the document lists it as superseded); retiring the old
 * version deletes its file on both; retracting the document deletes it and its file on
 * both at their next connection, the one that was offline during the retraction
 * included, even with a member's mark on it (the mark stays in the database).
 *
 * Which pages of a revision changed is worked out by the GUI through the render helper
 * and kept by the store (tests/test-store.c, "revisions-pruned"); it is not linked here.
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
#define CHAIR            "nguyen.van.an"
#define CHAIR_PIN        "111111"
#define SECRETARY        "ly.thi.hong"
#define SECRETARY_PIN    "999999"

static SoupSession *session;

typedef struct {
  PlenumStore      *store;
  PlenumSyncEngine *engine;
} Terminal;

static Terminal *
terminal_new (const char *url,
              const char *name,
              const char *pin)
{
  g_autofree char *data_dir = plenum_test_mkdtemp ("terminal");
  Terminal *t = g_new0 (Terminal, 1);

  t->store = plenum_test_open_store (data_dir, WAIT_MS);
  t->engine = plenum_test_engine_new (t->store, url);
  plenum_test_engine_sign_in_ok (t->engine, name, pin, WAIT_MS);
  return t;
}

static void
terminal_free (Terminal *t)
{
  plenum_test_engine_close (t->engine, t->store, NULL, WAIT_MS);
  g_free (t);
}

/* The one document of @meeting_id as @t's store holds it (a new reference), or NULL
 * when the meeting or its document is not there. */
static PlenumDocument *
stored_document (Terminal   *t,
                 const char *meeting_id)
{
  g_autoptr(PlenumMeeting) meeting = plenum_store_get_meeting (t->store, meeting_id, NULL);
  GListModel *agenda;

  if (meeting == NULL || !plenum_meeting_has_agenda (meeting))
    return NULL;
  agenda = plenum_meeting_get_agenda (meeting);
  for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      GListModel *documents = plenum_agenda_item_get_documents (item);

      if (g_list_model_get_n_items (documents) > 0)
        return g_list_model_get_item (documents, 0);
    }
  return NULL;
}

static gboolean
blob_here (Terminal   *t,
           const char *sha256)
{
  g_autofree char *path = plenum_blob_store_lookup (plenum_store_get_blob_store (t->store),
                                                    sha256);

  return path != NULL;
}

typedef struct {
  Terminal   *t;
  const char *meeting_id;
  const char *current;      /* the document's sha256 */
  const char *superseded;   /* listed as superseded (NULL: none listed) */
} DocWait;

/* The document is at @current with exactly @superseded listed, and every file the
 * terminal should hold of it is verified. */
static gboolean
document_is (gpointer user_data)
{
  DocWait *wait = user_data;
  g_autoptr(PlenumDocument) document = stored_document (wait->t, wait->meeting_id);
  guint n_superseded = wait->superseded != NULL ? 1 : 0;

  if (document == NULL || !g_str_equal (plenum_document_get_sha256 (document), wait->current) ||
      plenum_document_get_n_superseded (document) != n_superseded)
    return FALSE;
  if (wait->superseded != NULL &&
      (plenum_document_find_superseded (document, wait->superseded) == NULL ||
       !blob_here (wait->t, wait->superseded)))
    return FALSE;
  return blob_here (wait->t, wait->current);
}

typedef struct {
  Terminal    *t;
  const char  *meeting_id;
  const char **gone;        /* NULL-terminated hashes whose files must be gone */
  gboolean     retracted;   /* … and the meeting has no document any more */
} GoneWait;

static gboolean
files_gone (gpointer user_data)
{
  GoneWait *wait = user_data;

  if (wait->retracted)
    {
      g_autoptr(PlenumDocument) document = stored_document (wait->t, wait->meeting_id);
      g_autoptr(PlenumMeeting) meeting = plenum_store_get_meeting (wait->t->store,
                                                                   wait->meeting_id, NULL);

      if (document != NULL || meeting == NULL)
        return FALSE;
    }
  for (guint i = 0; wait->gone[i] != NULL; i++)
    if (blob_here (wait->t, wait->gone[i]) ||
        plenum_blob_store_get_partial_size (plenum_store_get_blob_store (wait->t->store),
                                            wait->gone[i]) > 0)
      return FALSE;
  return TRUE;
}

/* The secretariat's three operations on one document. */
static void
change_document (PlenumTestSecretary *s,
                 const char          *meeting_id,
                 const char          *document_id,
                 const char          *verb,      /* NULL: revise */
                 const char          *sha256)
{
  g_autofree char *operation_id = plenum_uuid_new ();
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  g_autoptr(cJSON) answer = NULL;

  if (verb == NULL)
    {
      /* A revision names its new PDF; the other verbs take none. */
      g_assert_nonnull (sha256);
      url = g_strconcat (s->url, "/api/v1/meetings/", meeting_id, "/documents/", document_id,
                         NULL);
      body = g_strdup_printf ("{\"operation_id\": \"%s\", \"sha256\": \"%s\"}", operation_id,
                              sha256);
    }
  else
    {
      url = g_strconcat (s->url, "/api/v1/meetings/", meeting_id, "/documents/", document_id,
                         "/", verb, NULL);
      body = g_strdup_printf ("{\"operation_id\": \"%s\"}", operation_id);
    }
  answer = plenum_test_http_json_or_null (session, verb == NULL ? "PUT" : "POST", url, s->token,
                                          body, 200);
  g_assert_true (cJSON_IsObject (answer));
}

static void
test_revise_retire_retract (void)
{
  g_autofree char *terminal_id = plenum_uuid_new ();
  g_autoptr(PlenumTestSecretary) s = plenum_test_secretary_new (session, SECRETARY,
                                                                SECRETARY_PIN, terminal_id,
                                                                plenum_test_demo_url ());
  g_autoptr(PlenumFaultProxy) proxy = NULL;
  g_autofree char *label1 = plenum_uuid_new ();
  g_autofree char *label2 = plenum_uuid_new ();
  g_autofree char *label3 = plenum_uuid_new ();
  g_autoptr(GBytes) pdf1 = plenum_test_make_pdf (label1, 20000);
  g_autoptr(GBytes) pdf2 = plenum_test_make_pdf (label2, 30000);
  g_autoptr(GBytes) pdf3 = plenum_test_make_pdf (label3, 0);
  g_autofree char *v1 = plenum_test_secretary_upload (session, s, pdf1);
  g_autofree char *v2 = plenum_test_secretary_upload (session, s, pdf2);
  g_autofree char *v3 = plenum_test_secretary_upload (session, s, pdf3);
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autofree char *document_id = NULL;
  g_autoptr(GError) error = NULL;
  Terminal *a;
  Terminal *b;

  {
    const char * const hashes[] = { v1, NULL };

    plenum_test_secretary_publish (session, s, meeting_id, "Họp thử sửa tài liệu", hashes);
  }
  proxy = plenum_fault_proxy_new_for_url (plenum_test_demo_url (), &error);
  g_assert_no_error (error);
  a = terminal_new (plenum_test_demo_url (), MEMBER, MEMBER_PIN);
  b = terminal_new (plenum_fault_proxy_get_url (proxy), CHAIR, CHAIR_PIN);
  {
    DocWait wait_a = { a, meeting_id, v1, NULL };
    DocWait wait_b = { b, meeting_id, v1, NULL };
    g_autoptr(PlenumDocument) document = NULL;

    g_assert_true (plenum_test_wait_until (NULL, document_is, &wait_a, WAIT_MS));
    g_assert_true (plenum_test_wait_until (NULL, document_is, &wait_b, WAIT_MS));
    document = stored_document (a, meeting_id);
    document_id = g_strdup (plenum_document_get_id (document));
  }

  /* Revised: both get v2 and keep v1, listed as superseded and readable. */
  change_document (s, meeting_id, document_id, NULL, v2);
  {
    DocWait wait_a = { a, meeting_id, v2, v1 };
    DocWait wait_b = { b, meeting_id, v2, v1 };
    g_autoptr(PlenumDocument) document = NULL;
    const PlenumDocumentVersion *version;
    g_autofree char *path = NULL;

    g_assert_true (plenum_test_wait_until (NULL, document_is, &wait_a, WAIT_MS));
    g_assert_true (plenum_test_wait_until (NULL, document_is, &wait_b, WAIT_MS));
    document = stored_document (a, meeting_id);
    g_assert_cmpstr (plenum_document_get_id (document), ==, document_id);
    version = plenum_document_get_superseded (document, 0);
    g_assert_cmpint (plenum_document_version_get_size (version), ==,
                     (gint64) g_bytes_get_size (pdf1));
    g_assert_cmpint (plenum_document_version_get_pages (version), ==, 1);
    g_assert_nonnull (plenum_document_version_get_superseded_at (version));
    path = plenum_sync_engine_get_document_path (a->engine, v1);
    g_assert_nonnull (path);
    plenum_test_assert_blob_file (path, v1);
  }

  /* A terminal that joins after the revision downloads the superseded version too. */
  {
    Terminal *late = terminal_new (plenum_test_demo_url (), MEMBER, MEMBER_PIN);
    DocWait wait = { late, meeting_id, v2, v1 };

    g_assert_true (plenum_test_wait_until (NULL, document_is, &wait, WAIT_MS));
    terminal_free (late);
  }

  /* Retired: v1 goes on both. */
  change_document (s, meeting_id, document_id, "retire", NULL);
  {
    const char *gone[] = { v1, NULL };
    GoneWait wait_a = { a, meeting_id, gone, FALSE };
    GoneWait wait_b = { b, meeting_id, gone, FALSE };
    DocWait doc_a = { a, meeting_id, v2, NULL };

    g_assert_true (plenum_test_wait_until (NULL, files_gone, &wait_a, WAIT_MS));
    g_assert_true (plenum_test_wait_until (NULL, files_gone, &wait_b, WAIT_MS));
    g_assert_true (document_is (&doc_a));
  }

  /* Revised once more (v2 superseded by v3), and a mark of the member on it. */
  change_document (s, meeting_id, document_id, NULL, v3);
  {
    DocWait wait_a = { a, meeting_id, v3, v2 };
    DocWait wait_b = { b, meeting_id, v3, v2 };
    g_autoptr(PlenumAnnotation) mark = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autofree char *op = NULL;
    const PlenumInkPoint stroke[] = { { 10, 10, 1 }, { 20, 20, 1 } };

    g_assert_true (plenum_test_wait_until (NULL, document_is, &wait_a, WAIT_MS));
    g_assert_true (plenum_test_wait_until (NULL, document_is, &wait_b, WAIT_MS));
    mark = plenum_annotation_new (PLENUM_ANNOTATION_INK, document_id, v3,
                                  plenum_test_engine_account_id (a->engine), 0);
    plenum_annotation_add_stroke (mark, stroke, G_N_ELEMENTS (stroke));
    plenum_store_save_annotation_async (a->store, plenum_test_engine_account_id (a->engine),
                                        meeting_id, mark, NULL, plenum_test_got_result_cb,
                                        &result);
    g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
    op = plenum_store_save_annotation_finish (a->store, result, &error);
    g_assert_no_error (error);
  }

  /* Retracted while b is offline: a deletes the document and both files at once… */
  plenum_fault_proxy_set_refuse (proxy, TRUE);
  plenum_fault_proxy_close_all (proxy);
  change_document (s, meeting_id, document_id, "retract", NULL);
  {
    const char *gone[] = { v2, v3, NULL };
    GoneWait wait_a = { a, meeting_id, gone, TRUE };
    GoneWait wait_b = { b, meeting_id, gone, TRUE };
    g_autoptr(GPtrArray) marks = NULL;

    g_assert_true (plenum_test_wait_until (NULL, files_gone, &wait_a, WAIT_MS));
    marks = plenum_store_list_annotations (a->store, plenum_test_engine_account_id (a->engine),
                                           document_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (marks->len, ==, 1);

    /* … b still has them, and deletes them when it reconnects. */
    g_assert_false (files_gone (&wait_b));
    plenum_fault_proxy_set_refuse (proxy, FALSE);
    g_assert_true (plenum_test_wait_until (NULL, files_gone, &wait_b, WAIT_MS));
  }

  terminal_free (a);
  terminal_free (b);
}

int
main (int    argc,
      char **argv)
{
  plenum_test_init (&argc, &argv);
  session = plenum_test_session ();

  g_test_add_func ("/plenum/revision-sync/revise-retire-retract", test_revise_retire_retract);

  return plenum_test_sync_run ();
}
