/* test-e2e.c — the promise end to end, headless: a member signs in at a terminal,
 * the whole packet of the demo meeting comes down from the real plenum-server (every
 * blob checked against its hash here), the server goes away, the terminal starts again
 * offline, the member signs in offline and every document opens in the render helper
 * (plenum-render) with the page count the meeting says; one page's pixels are compared
 * with poppler + cairo in this process.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>
#include <gdk/gdk.h>
#include <poppler.h>
#include <string.h>

#include "core/plenum-core.h"
#include "pdf/plenum-render-client.h"
#include "store/plenum-store.h"
#include "sync/plenum-sync-engine.h"
#include "plenum-test-server.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define WAIT_MS         60000
#define DEMO_MEETING_ID "6f1d8a52-3c47-4e0b-9a6e-2b5c7d190e43"
#define MEMBER          "le.minh.tuan"
#define MEMBER_PIN      "100003"
#define THUMB_WIDTH     240
#define COMPARE_WIDTH   600

static void
got_result_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
have_result (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  g_assert_true (plenum_test_wait_until (NULL, have_result, result, WAIT_MS));
  return *result;
}

static PlenumStore *
open_store (const char *data_dir)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PlenumStore *store;

  plenum_store_open_async (data_dir, NULL, got_result_cb, &result);
  store = plenum_store_open_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static gboolean
pointer_is_null (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

/* Drops the engine and the store and waits for the store to close for real. */
static void
close_terminal (PlenumSyncEngine *engine,
                PlenumStore      *store)
{
  gpointer weak = store;

  g_object_add_weak_pointer (G_OBJECT (store), &weak);
  g_assert_finalize_object (engine);
  g_object_unref (store);
  g_assert_true (plenum_test_wait_until (NULL, pointer_is_null, &weak, WAIT_MS));
}

static PlenumMember *
sign_in (PlenumSyncEngine *engine,
         const char       *name,
         const char       *pin)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PlenumMember *member;

  plenum_sync_engine_sign_in_async (engine, name, pin, NULL, got_result_cb, &result);
  member = plenum_sync_engine_sign_in_finish (engine, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (member);
  return member;
}

static gboolean
all_downloaded (gpointer user_data)
{
  PlenumSyncEngine *engine = user_data;

  return g_list_model_get_n_items (plenum_sync_engine_get_meetings (engine)) > 0 &&
         plenum_sync_engine_get_documents_total (engine) > 0 &&
         plenum_sync_engine_get_documents_done (engine) ==
           plenum_sync_engine_get_documents_total (engine) &&
         !plenum_sync_engine_get_syncing (engine);
}

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

/* The documents of a meeting, in agenda order. */
static GPtrArray *
meeting_documents (PlenumMeeting *meeting)
{
  GPtrArray *documents = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *agenda = plenum_meeting_get_agenda (meeting);

  g_assert_nonnull (agenda);
  for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      GListModel *docs = plenum_agenda_item_get_documents (item);

      for (guint d = 0; d < g_list_model_get_n_items (docs); d++)
        g_ptr_array_add (documents, g_list_model_get_item (docs, d));
    }
  return documents;
}

static void
assert_blob (PlenumSyncEngine *engine,
             PlenumDocument   *document)
{
  const char *sha256 = plenum_document_get_sha256 (document);
  g_autofree char *path = plenum_sync_engine_get_document_path (engine, sha256);
  g_autofree char *contents = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_nonnull (path);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, (gsize) plenum_document_get_size (document));
  hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  g_assert_cmpstr (hash, ==, sha256);
}

/* Page 1 of @path rendered by poppler and cairo here, the way a viewer would: on white,
 * scaled to exactly @width × @height. */
static cairo_surface_t *
render_here (const char *path,
             int         width,
             int         height)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  PopplerDocument *document;
  PopplerPage *page;
  cairo_surface_t *surface;
  cairo_t *cr;
  double page_width, page_height;

  g_assert_no_error (error);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  page = poppler_document_get_page (document, 0);
  g_assert_nonnull (page);
  poppler_page_get_size (page, &page_width, &page_height);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
  cairo_paint (cr);
  cairo_scale (cr, width / page_width, height / page_height);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  /* poppler-glib 22.12 has no g_autoptr support. */
  g_object_unref (page);
  g_object_unref (document);
  cairo_surface_flush (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

/* The helper's texture against poppler here: nearly every pixel the same (antialiasing
 * may differ a little), and a page that is not blank, so the comparison means something. */
static void
assert_same_pixels (GdkTexture *texture,
                    const char *path)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  cairo_surface_t *surface = render_here (path, width, height);
  const guint8 *expected = cairo_image_surface_get_data (surface);
  int expected_stride = cairo_image_surface_get_stride (surface);
  gsize stride = (gsize) width * 4;
  g_autofree guint8 *pixels = g_malloc ((gsize) height * stride);
  guint64 sum = 0, n_differ = 0, n_ink = 0;
  double mean;

  /* GDK_MEMORY_DEFAULT is cairo's ARGB32: the bytes compare one for one. */
  gdk_texture_download (texture, pixels, stride);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *a = pixels + (gsize) y * stride + (gsize) x * 4;
        const guint8 *b = expected + (gsize) y * (gsize) expected_stride + (gsize) x * 4;
        int worst = 0;

        for (int c = 0; c < 4; c++)
          {
            int diff = ABS ((int) a[c] - (int) b[c]);

            sum += (guint64) diff;
            worst = MAX (worst, diff);
          }
        if (worst > 48)
          n_differ++;
        if (b[0] < 128 || b[1] < 128 || b[2] < 128)
          n_ink++;
      }
  cairo_surface_destroy (surface);

  mean = (double) sum / ((double) width * height * 4);
  g_test_message ("%d×%d: mean difference %.3f, %" G_GUINT64_FORMAT " pixels differ, %"
                  G_GUINT64_FORMAT " dark", width, height, mean, n_differ, n_ink);
  g_assert_cmpuint (n_ink, >, (guint64) width * height / 1000);
  g_assert_cmpfloat (mean, <, 1.0);
  g_assert_cmpuint (n_differ, <, (guint64) width * height / 200);
}

static PlenumRenderDocument *
open_document (PlenumRenderClient *client,
               const char         *path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PlenumRenderDocument *document;

  plenum_render_client_open_async (client, path, NULL, got_result_cb, &result);
  document = plenum_render_client_open_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

static GdkTexture *
render_page (PlenumRenderClient   *client,
             PlenumRenderDocument *document,
             guint                 page,
             int                   width,
             int                   height)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GdkTexture *texture;

  plenum_render_client_render_page_async (client, document, page, width, height, NULL,
                                          got_result_cb, &result);
  texture = plenum_render_client_render_page_finish (client, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);
  return texture;
}

static void
test_offline_reading (void)
{
  g_autoptr(PlenumTestServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumMember) member = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(PlenumRenderClient) client = NULL;
  g_autofree char *data_dir = plenum_test_mkdtemp ("terminal");
  g_autofree char *gone = closed_url ();
  PlenumSyncEngine *engine;
  PlenumStore *store;
  gboolean compared = FALSE;

  /* Online: everything comes down. */
  server = plenum_test_server_start (NULL, (const char * const[]) { "--demo", NULL });
  store = open_store (data_dir);
  engine = plenum_test_sync_engine_new (store, plenum_test_server_get_url (server), &error);
  g_assert_no_error (error);
  member = sign_in (engine, MEMBER, MEMBER_PIN);
  g_clear_object (&member);
  g_assert_true (plenum_test_wait_until (NULL, all_downloaded, engine, WAIT_MS));
  meeting = plenum_sync_engine_get_meeting (engine, DEMO_MEETING_ID);
  g_assert_nonnull (meeting);
  documents = meeting_documents (meeting);
  g_assert_cmpuint (documents->len, >, 0);
  for (guint i = 0; i < documents->len; i++)
    assert_blob (engine, g_ptr_array_index (documents, i));
  g_clear_object (&meeting);
  g_clear_pointer (&documents, g_ptr_array_unref);
  close_terminal (engine, store);
  plenum_test_server_stop (server);

  /* The terminal starts again, and the server is gone. */
  store = open_store (data_dir);
  engine = plenum_test_sync_engine_new (store, gone, &error);
  g_assert_no_error (error);
  member = sign_in (engine, MEMBER, MEMBER_PIN);
  g_assert_cmpstr (plenum_member_get_name (member), ==, MEMBER);
  g_assert_false (plenum_sync_engine_get_online (engine));
  g_assert_nonnull (plenum_sync_engine_get_offline_since (engine));

  meeting = plenum_sync_engine_get_meeting (engine, DEMO_MEETING_ID);
  g_assert_nonnull (meeting);
  documents = meeting_documents (meeting);
  client = plenum_render_client_new (NULL);

  for (guint i = 0; i < documents->len; i++)
    {
      PlenumDocument *document = g_ptr_array_index (documents, i);
      g_autofree char *path = NULL;
      g_autoptr(PlenumRenderDocument) opened = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      double page_width = 0, page_height = 0;
      int height;

      g_assert_cmpint (plenum_sync_engine_get_document_state (engine,
                                                              plenum_document_get_sha256 (document),
                                                              NULL, NULL),
                       ==, PLENUM_DOCUMENT_STATE_VERIFIED);
      path = plenum_sync_engine_get_document_path (engine, plenum_document_get_sha256 (document));
      g_assert_nonnull (path);
      assert_blob (engine, document);

      opened = open_document (client, path);
      g_test_message ("%s: %u pages", plenum_document_get_title (document),
                      plenum_render_document_get_n_pages (opened));
      g_assert_cmpuint (plenum_render_document_get_n_pages (opened), ==,
                        (guint) plenum_document_get_pages (document));
      plenum_render_document_get_page_size (opened, 0, &page_width, &page_height);
      g_assert_cmpfloat (page_width, >, 0);
      g_assert_cmpfloat (page_height, >, 0);

      height = (int) (THUMB_WIDTH * page_height / page_width + 0.5);
      texture = render_page (client, opened, 0, THUMB_WIDTH, height);

      /* One page, larger, pixel by pixel against poppler here. */
      if (!compared)
        {
          g_autoptr(GdkTexture) large = NULL;

          height = (int) (COMPARE_WIDTH * page_height / page_width + 0.5);
          large = render_page (client, opened, 0, COMPARE_WIDTH, height);
          assert_same_pixels (large, path);
          compared = TRUE;
        }
    }
  g_assert_true (compared);

  g_clear_object (&client);
  close_terminal (engine, store);
}

int
main (int    argc,
      char **argv)
{
  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/e2e/offline-reading", test_offline_reading);

  return g_test_run ();
}
