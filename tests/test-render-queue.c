/* test-render-queue.c — the reader's render pipeline: the texture cache (budget, LRU,
 * pinned pages, stand-ins, documents going away) and the render queue against the real
 * helper (priorities, dedupe, cached answers, stale jobs, failures).
 *
 * The helper is the built plenum-render (PLENUM_RENDER, set by meson); the PDFs are drawn
 * with cairo into the test's temporary folder.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "pdf/plenum-render-queue.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include "plenum-test-util.h"

#define WAIT_MS 20000
#define N_PAGES 30

/* Helpers ------------------------------------------------------------------------------- */

/* A document the cache tests use as a key only: the cache never asks it anything. */
static PlenumRenderDocument *
fake_document_new (void)
{
  return g_object_new (PLENUM_TYPE_RENDER_DOCUMENT, NULL);
}

static GdkTexture *
texture_new (int width,
             int height)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize stride = (gsize) width * 4;

  bytes = g_bytes_new_take (g_malloc0 (stride * (gsize) height), stride * (gsize) height);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
}

/* Adds a fresh texture; returns it (transfer none: the cache and nobody else holds it). */
static GdkTexture *
cache_add (PlenumTextureCache   *cache,
           PlenumRenderDocument *doc,
           guint                 page,
           int                   width,
           int                   height)
{
  g_autoptr(GdkTexture) texture = texture_new (width, height);

  plenum_texture_cache_add (cache, doc, page, texture);
  return texture;
}

static gboolean
has_exact (PlenumTextureCache   *cache,
           PlenumRenderDocument *doc,
           guint                 page,
           int                   width,
           int                   height)
{
  return plenum_texture_cache_lookup (cache, doc, page, width, height) != NULL;
}

typedef struct {
  gboolean      done;
  GAsyncResult *result;
} Wait;

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *wait = user_data;

  g_assert_false (wait->done);
  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

static PlenumRenderClient *
client_new (void)
{
  const char *helper = g_getenv ("PLENUM_RENDER");

  g_assert_nonnull (helper);
  return plenum_render_client_new (helper);
}

/* A PDF of @n_pages A4 pages, each drawn a little differently, in the test's folder. */
static char *
make_pdf (guint n_pages)
{
  g_autofree char *folder = plenum_test_mkdtemp ("pdf");
  char *path = g_build_filename (folder, "pages.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  /* Shapes only, no text: no fonts to load. */
  for (guint i = 0; i < n_pages; i++)
    {
      cairo_rectangle (cr, 50, 50, 100 + 10 * i, 100);
      cairo_fill (cr);
      cairo_arc (cr, 300, 500, 20 + 5 * i, 0, 2 * G_PI);
      cairo_stroke (cr);
      cairo_show_page (cr);
    }
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static PlenumRenderDocument *
open_document (PlenumRenderClient *client,
               const char         *path)
{
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };
  PlenumRenderDocument *doc;

  plenum_render_client_open_async (client, path, NULL, got_result_cb, &wait);
  g_assert_true (plenum_test_wait_flag (NULL, &wait.done, WAIT_MS));
  doc = plenum_render_client_open_finish (client, wait.result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_clear_object (&wait.result);
  return doc;
}

static gboolean
pointer_cleared (gpointer user_data)
{
  gpointer *pointer = user_data;

  return *pointer == NULL;
}

/* Drops the last reference to @object, which may wait in jobs the helper is cancelling:
 * waits until it is gone. */
static void
unref_and_wait_finalized (gpointer object)
{
  gpointer weak = object;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  g_assert_true (plenum_test_wait_until (NULL, pointer_cleared, &weak, WAIT_MS));
}

/* The render queue with its helper, cache, a document and what it announced. */
typedef struct {
  PlenumRenderClient   *client;
  PlenumTextureCache   *cache;
  PlenumRenderQueue    *queue;
  PlenumRenderDocument *doc;
  char                 *path;

  GArray               *ready;  /* guint pages, in "page-ready" order */
  GArray               *failed; /* guint pages, in "page-failed" order */
  GError               *last_error;
  int                   last_failed_width;
  int                   last_failed_height;
  gboolean              in_request; /* set around request(): signals must not come then */
} Fixture;

static void
page_ready_cb (PlenumRenderQueue    *queue,
               PlenumRenderDocument *doc,
               guint                 page,
               GdkTexture           *texture,
               Fixture              *fixture)
{
  g_assert_false (fixture->in_request);
  g_assert_true (doc == fixture->doc);
  g_assert_true (GDK_IS_TEXTURE (texture));
  g_array_append_val (fixture->ready, page);
}

static void
page_failed_cb (PlenumRenderQueue    *queue,
                PlenumRenderDocument *doc,
                guint                 page,
                int                   width,
                int                   height,
                const GError         *error,
                Fixture              *fixture)
{
  g_assert_false (fixture->in_request);
  g_assert_true (doc == fixture->doc);
  g_assert_nonnull (error);
  g_clear_error (&fixture->last_error);
  fixture->last_error = g_error_copy (error);
  fixture->last_failed_width = width;
  fixture->last_failed_height = height;
  g_array_append_val (fixture->failed, page);
}

static void
fixture_set_up_with (Fixture *fixture,
                     guint64  max_pixels)
{
  fixture->client = client_new ();
  if (max_pixels != 0)
    plenum_render_client_set_max_pixels (fixture->client, max_pixels);
  fixture->cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  fixture->queue = plenum_render_queue_new (fixture->client, fixture->cache);
  fixture->path = make_pdf (N_PAGES);
  fixture->doc = open_document (fixture->client, fixture->path);
  g_assert_cmpuint (plenum_render_document_get_n_pages (fixture->doc), ==, N_PAGES);
  fixture->ready = g_array_new (FALSE, FALSE, sizeof (guint));
  fixture->failed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (fixture->queue, "page-ready", G_CALLBACK (page_ready_cb), fixture);
  g_signal_connect (fixture->queue, "page-failed", G_CALLBACK (page_failed_cb), fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_set_up_with (fixture, 0);
}

static void
fixture_set_up_small (Fixture       *fixture,
                      gconstpointer  data)
{
  /* Before the helper starts (the open above starts it), so it takes effect. */
  fixture_set_up_with (fixture, 10000);
}

static gboolean
queue_idle (gpointer user_data)
{
  PlenumRenderQueue *queue = user_data;

  return plenum_render_queue_get_n_queued (queue) == 0
         && plenum_render_queue_get_n_in_flight (queue) == 0;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_true (plenum_test_wait_until (NULL, queue_idle, fixture->queue, WAIT_MS));
  g_assert_finalize_object (fixture->queue);
  /* Cancelled renders may still hold the document until the client completes them. */
  unref_and_wait_finalized (fixture->doc);
  g_assert_finalize_object (fixture->cache);
  unref_and_wait_finalized (fixture->client);
  g_clear_pointer (&fixture->ready, g_array_unref);
  g_clear_pointer (&fixture->failed, g_array_unref);
  g_clear_error (&fixture->last_error);
  g_clear_pointer (&fixture->path, g_free);
}

static void
request (Fixture              *fixture,
         guint                 page,
         int                   width,
         int                   height,
         PlenumRenderPriority  priority)
{
  fixture->in_request = TRUE;
  plenum_render_queue_request (fixture->queue, fixture->doc, page, width, height, priority);
  fixture->in_request = FALSE;
}

typedef struct {
  GArray *array;
  guint   n;
} Count;

static gboolean
array_reached (gpointer user_data)
{
  Count *count = user_data;

  return count->array->len >= count->n;
}

static void
wait_ready (Fixture *fixture,
            guint    n)
{
  Count count = { fixture->ready, n };

  g_assert_true (plenum_test_wait_until (NULL, array_reached, &count, WAIT_MS));
}

static void
wait_failed (Fixture *fixture,
             guint    n)
{
  Count count = { fixture->failed, n };

  g_assert_true (plenum_test_wait_until (NULL, array_reached, &count, WAIT_MS));
}

static guint
ready_at (Fixture *fixture,
          guint    i)
{
  g_assert_cmpuint (i, <, fixture->ready->len);
  return g_array_index (fixture->ready, guint, i);
}

/* Iterates the main loop until nothing is pending (answers from idles included). */
static void
drain (Fixture *fixture)
{
  g_assert_true (plenum_test_wait_until (NULL, queue_idle, fixture->queue, WAIT_MS));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The cache ------------------------------------------------------------------------------- */

static void
test_cache_budget_lru (void)
{
  g_autoptr(PlenumRenderDocument) doc = fake_document_new ();
  /* Three 10×10 textures (400 bytes each) fit, a fourth does not. */
  PlenumTextureCache *cache = plenum_texture_cache_new (1200);

  g_assert_cmpuint (plenum_texture_cache_get_budget (cache), ==, 1200);
  cache_add (cache, doc, 0, 10, 10);
  cache_add (cache, doc, 1, 10, 10);
  cache_add (cache, doc, 2, 10, 10);
  g_assert_cmpuint (plenum_texture_cache_get_size (cache), ==, 1200);

  /* Page 0 used: page 1 is now the least recently used and goes first. */
  g_assert_true (has_exact (cache, doc, 0, 10, 10));
  cache_add (cache, doc, 3, 10, 10);
  g_assert_cmpuint (plenum_texture_cache_get_size (cache), ==, 1200);
  g_assert_true (has_exact (cache, doc, 0, 10, 10));
  g_assert_false (has_exact (cache, doc, 1, 10, 10));
  g_assert_true (has_exact (cache, doc, 2, 10, 10));
  g_assert_true (has_exact (cache, doc, 3, 10, 10));

  /* Only the exact size is found. */
  g_assert_false (has_exact (cache, doc, 0, 10, 11));
  g_assert_false (has_exact (cache, doc, 0, 11, 10));

  /* Replacing a texture does not count it twice. */
  cache_add (cache, doc, 3, 10, 10);
  g_assert_cmpuint (plenum_texture_cache_get_size (cache), ==, 1200);
  g_assert_true (has_exact (cache, doc, 0, 10, 10));
  g_assert_true (has_exact (cache, doc, 2, 10, 10));

  /* One texture larger than the whole budget is kept, alone. */
  cache_add (cache, doc, 4, 20, 20);
  g_assert_cmpuint (plenum_texture_cache_get_size (cache), ==, 1600);
  g_assert_true (has_exact (cache, doc, 4, 20, 20));
  g_assert_false (has_exact (cache, doc, 0, 10, 10));
  g_assert_false (has_exact (cache, doc, 2, 10, 10));
  g_assert_false (has_exact (cache, doc, 3, 10, 10));

  g_assert_finalize_object (cache);
}

static void
test_cache_pinned (void)
{
  g_autoptr(PlenumRenderDocument) doc = fake_document_new ();
  PlenumTextureCache *cache = plenum_texture_cache_new (1200);

  cache_add (cache, doc, 0, 10, 10);
  cache_add (cache, doc, 1, 10, 10);
  cache_add (cache, doc, 2, 10, 10);
  /* Pages 0 and 1 are on screen: though oldest, they stay. */
  plenum_texture_cache_pin_range (cache, doc, 0, 1);
  cache_add (cache, doc, 3, 10, 10);
  g_assert_true (has_exact (cache, doc, 0, 10, 10));
  g_assert_true (has_exact (cache, doc, 1, 10, 10));
  g_assert_false (has_exact (cache, doc, 2, 10, 10));
  g_assert_true (has_exact (cache, doc, 3, 10, 10));

  /* Everything pinned: the least recently used pinned page makes room (page 1: 0 was just
   * looked up), never the page being added. */
  plenum_texture_cache_pin_range (cache, doc, 0, 3);
  g_assert_true (has_exact (cache, doc, 0, 10, 10));
  cache_add (cache, doc, 4, 10, 10);
  g_assert_false (has_exact (cache, doc, 1, 10, 10));
  g_assert_true (has_exact (cache, doc, 0, 10, 10));
  g_assert_true (has_exact (cache, doc, 3, 10, 10));
  g_assert_true (has_exact (cache, doc, 4, 10, 10));

  /* Unpinned (first > last): plain LRU again, page 0 the oldest. */
  plenum_texture_cache_pin_range (cache, doc, 1, 0);
  cache_add (cache, doc, 6, 10, 10);
  g_assert_false (has_exact (cache, doc, 0, 10, 10));
  g_assert_true (has_exact (cache, doc, 3, 10, 10));
  g_assert_true (has_exact (cache, doc, 4, 10, 10));
  g_assert_true (has_exact (cache, doc, 6, 10, 10));

  g_assert_finalize_object (cache);
}

static void
test_cache_lookup_any (void)
{
  g_autoptr(PlenumRenderDocument) doc = fake_document_new ();
  g_autoptr(PlenumRenderDocument) other = fake_document_new ();
  PlenumTextureCache *cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  GdkTexture *small, *medium, *large;

  g_assert_null (plenum_texture_cache_lookup_any (cache, doc, 0, 100));

  small = cache_add (cache, doc, 0, 50, 70);
  medium = cache_add (cache, doc, 0, 200, 280);
  large = cache_add (cache, doc, 0, 800, 1120);
  cache_add (cache, other, 0, 400, 560);
  cache_add (cache, doc, 1, 400, 560);

  g_assert_true (plenum_texture_cache_lookup_any (cache, doc, 0, 10) == small);
  g_assert_true (plenum_texture_cache_lookup_any (cache, doc, 0, 180) == medium);
  g_assert_true (plenum_texture_cache_lookup_any (cache, doc, 0, 400) == medium);
  g_assert_true (plenum_texture_cache_lookup_any (cache, doc, 0, 600) == large);
  g_assert_true (plenum_texture_cache_lookup_any (cache, doc, 0, 5000) == large);
  /* Equally far: the larger one. */
  g_assert_true (plenum_texture_cache_lookup_any (cache, doc, 0, 500) == large);
  g_assert_null (plenum_texture_cache_lookup_any (cache, doc, 2, 400));

  g_assert_finalize_object (cache);
}

static void
test_cache_clear_and_finalize (void)
{
  PlenumRenderDocument *doc = fake_document_new ();
  PlenumRenderDocument *other = fake_document_new ();
  PlenumTextureCache *cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  g_autoptr(GdkTexture) held = NULL;
  GdkTexture *weak;

  cache_add (cache, doc, 0, 10, 10);
  cache_add (cache, doc, 1, 10, 10);
  cache_add (cache, other, 0, 10, 10);
  g_assert_cmpuint (plenum_texture_cache_get_size (cache), ==, 1200);

  /* Clearing one document leaves the other's. */
  plenum_texture_cache_clear (cache, doc);
  g_assert_cmpuint (plenum_texture_cache_get_size (cache), ==, 400);
  g_assert_false (has_exact (cache, doc, 0, 10, 10));
  g_assert_false (has_exact (cache, doc, 1, 10, 10));
  g_assert_true (has_exact (cache, other, 0, 10, 10));

  /* The cache holds no reference on a document: finalizing it drops its textures (and the
   * cache released them: nobody holds @weak now). */
  weak = cache_add (cache, doc, 0, 10, 10);
  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  plenum_texture_cache_pin_range (cache, doc, 0, 5);
  g_assert_finalize_object (doc);
  g_assert_null (weak);
  g_assert_cmpuint (plenum_texture_cache_get_size (cache), ==, 400);

  /* A texture someone still holds outlives its eviction. */
  held = g_object_ref (plenum_texture_cache_lookup (cache, other, 0, 10, 10));
  plenum_texture_cache_clear (cache, NULL);
  g_assert_cmpuint (plenum_texture_cache_get_size (cache), ==, 0);
  g_assert_false (has_exact (cache, other, 0, 10, 10));
  g_assert_cmpint (gdk_texture_get_width (held), ==, 10);

  /* The cache goes first: the document must not notify a dead cache. */
  cache_add (cache, other, 3, 10, 10);
  g_assert_finalize_object (cache);
  g_assert_finalize_object (other);
}

static void
test_cache_lower_budget (void)
{
  g_autoptr(PlenumRenderDocument) doc = fake_document_new ();
  PlenumTextureCache *cache = plenum_texture_cache_new (4000);

  for (guint i = 0; i < 10; i++)
    cache_add (cache, doc, i, 10, 10);
  g_assert_cmpuint (plenum_texture_cache_get_size (cache), ==, 4000);
  plenum_texture_cache_pin_range (cache, doc, 0, 0);

  /* Lowered to two textures: the pinned oldest and the newest stay. */
  plenum_texture_cache_set_budget (cache, 800);
  g_assert_cmpuint (plenum_texture_cache_get_budget (cache), ==, 800);
  g_assert_cmpuint (plenum_texture_cache_get_size (cache), ==, 800);
  g_assert_true (has_exact (cache, doc, 0, 10, 10));
  g_assert_true (has_exact (cache, doc, 9, 10, 10));
  for (guint i = 1; i < 9; i++)
    g_assert_false (has_exact (cache, doc, i, 10, 10));

  /* Zero: one texture still stays alone. */
  g_object_set (cache, "budget", (guint64) 0, NULL);
  g_assert_cmpuint (plenum_texture_cache_get_size (cache), ==, 400);

  g_assert_finalize_object (cache);
}

/* The queue ------------------------------------------------------------------------------- */

static void
test_queue_priorities (Fixture       *fixture,
                       gconstpointer  data)
{
  /* Pages 0 and 1 fill the helper's slots; everything after them waits in the queue. */
  request (fixture, 0, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  request (fixture, 1, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  g_assert_cmpuint (plenum_render_queue_get_n_in_flight (fixture->queue), ==,
                    PLENUM_RENDER_QUEUE_IN_FLIGHT);
  g_assert_cmpuint (plenum_render_queue_get_n_sent (fixture->queue), ==, 2);

  request (fixture, 20, 30, 42, PLENUM_RENDER_PRIORITY_THUMBNAIL);
  request (fixture, 5, 60, 85, PLENUM_RENDER_PRIORITY_NEAR);
  request (fixture, 21, 30, 42, PLENUM_RENDER_PRIORITY_THUMBNAIL);
  request (fixture, 10, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  request (fixture, 6, 60, 85, PLENUM_RENDER_PRIORITY_NEAR);
  request (fixture, 11, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  /* Asked again as visible: raised above the near pages. */
  request (fixture, 22, 30, 42, PLENUM_RENDER_PRIORITY_THUMBNAIL);
  request (fixture, 22, 30, 42, PLENUM_RENDER_PRIORITY_VISIBLE);
  g_assert_cmpuint (plenum_render_queue_get_n_queued (fixture->queue), ==, 7);
  g_assert_cmpuint (plenum_render_queue_get_n_sent (fixture->queue), ==, 2);

  wait_ready (fixture, 9);
  drain (fixture);
  g_assert_cmpuint (fixture->ready->len, ==, 9);
  g_assert_cmpuint (fixture->failed->len, ==, 0);
  {
    const guint expected[] = { 10, 11, 22, 5, 6, 20, 21 };
    guint first_two[2] = { ready_at (fixture, 0), ready_at (fixture, 1) };

    /* The two already sent come first, in either order. */
    g_assert_true ((first_two[0] == 0 && first_two[1] == 1)
                   || (first_two[0] == 1 && first_two[1] == 0));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      g_assert_cmpuint (ready_at (fixture, i + 2), ==, expected[i]);
  }
  g_assert_cmpuint (plenum_render_queue_get_n_sent (fixture->queue), ==, 9);

  /* Every result is in the cache, at the size asked for. */
  g_assert_nonnull (plenum_texture_cache_lookup (fixture->cache, fixture->doc, 10, 60, 85));
  g_assert_nonnull (plenum_texture_cache_lookup (fixture->cache, fixture->doc, 21, 30, 42));
  g_assert_null (plenum_texture_cache_lookup (fixture->cache, fixture->doc, 10, 30, 42));
}

static void
test_queue_dedupe_and_cached (Fixture       *fixture,
                              gconstpointer  data)
{
  GdkTexture *texture;

  /* The same request twice while queued, and once more while in flight: one render. */
  request (fixture, 0, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  request (fixture, 1, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  request (fixture, 2, 60, 85, PLENUM_RENDER_PRIORITY_NEAR);
  request (fixture, 2, 60, 85, PLENUM_RENDER_PRIORITY_NEAR);
  request (fixture, 0, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  g_assert_cmpuint (plenum_render_queue_get_n_queued (fixture->queue), ==, 1);
  g_assert_cmpuint (plenum_render_queue_get_n_in_flight (fixture->queue), ==, 2);
  /* Another size of the same page is another job. */
  request (fixture, 2, 30, 42, PLENUM_RENDER_PRIORITY_THUMBNAIL);
  g_assert_cmpuint (plenum_render_queue_get_n_queued (fixture->queue), ==, 2);

  wait_ready (fixture, 4);
  drain (fixture);
  g_assert_cmpuint (fixture->ready->len, ==, 4);
  g_assert_cmpuint (plenum_render_queue_get_n_sent (fixture->queue), ==, 4);
  texture = plenum_texture_cache_lookup (fixture->cache, fixture->doc, 2, 60, 85);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 60);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 85);

  /* Cached: answered from an idle (request() checks that no signal comes inside it),
   * without a render. */
  request (fixture, 2, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  g_assert_cmpuint (fixture->ready->len, ==, 4);
  g_assert_cmpuint (plenum_render_queue_get_n_queued (fixture->queue), ==, 0);
  g_assert_cmpuint (plenum_render_queue_get_n_in_flight (fixture->queue), ==, 0);
  wait_ready (fixture, 5);
  g_assert_cmpuint (ready_at (fixture, 4), ==, 2);
  g_assert_cmpuint (plenum_render_queue_get_n_sent (fixture->queue), ==, 4);

  /* Once evicted, it is rendered again. */
  plenum_texture_cache_clear (fixture->cache, fixture->doc);
  request (fixture, 2, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  g_assert_cmpuint (plenum_render_queue_get_n_sent (fixture->queue), ==, 5);
  wait_ready (fixture, 6);
  drain (fixture);
  g_assert_cmpuint (fixture->ready->len, ==, 6);
}

static void
test_queue_retain (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Flying over the whole document, then stopping on pages 10 and 11. */
  for (guint i = 0; i < N_PAGES; i++)
    request (fixture, i, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  g_assert_cmpuint (plenum_render_queue_get_n_in_flight (fixture->queue), ==, 2);
  g_assert_cmpuint (plenum_render_queue_get_n_queued (fixture->queue), ==, N_PAGES - 2);

  /* Pages 0 and 1 are in the helper: cancelled; 10 and 11 are sent in their place. */
  plenum_render_queue_retain (fixture->queue, fixture->doc, 10, 11);
  g_assert_cmpuint (plenum_render_queue_get_n_queued (fixture->queue), ==, 0);
  g_assert_cmpuint (plenum_render_queue_get_n_in_flight (fixture->queue), ==, 2);
  g_assert_cmpuint (plenum_render_queue_get_n_sent (fixture->queue), ==, 4);

  wait_ready (fixture, 2);
  drain (fixture);
  g_assert_cmpuint (fixture->ready->len, ==, 2);
  g_assert_cmpuint (fixture->failed->len, ==, 0);
  g_assert_cmpuint (ready_at (fixture, 0), ==, 10);
  g_assert_cmpuint (ready_at (fixture, 1), ==, 11);
  g_assert_cmpuint (plenum_render_queue_get_n_sent (fixture->queue), ==, 4);
  /* A cancelled page's texture, if it came, was dropped. */
  g_assert_null (plenum_texture_cache_lookup (fixture->cache, fixture->doc, 0, 60, 85));
  g_assert_null (plenum_texture_cache_lookup (fixture->cache, fixture->doc, 1, 60, 85));

  /* Nothing of the document wanted: in-flight jobs go at once; cancel_document too. */
  request (fixture, 20, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  request (fixture, 21, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  request (fixture, 22, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  plenum_render_queue_retain (fixture->queue, fixture->doc, 1, 0);
  g_assert_cmpuint (plenum_render_queue_get_n_queued (fixture->queue), ==, 0);
  g_assert_cmpuint (plenum_render_queue_get_n_in_flight (fixture->queue), ==, 0);
  request (fixture, 23, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  request (fixture, 24, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  request (fixture, 25, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  g_assert_cmpuint (plenum_render_queue_get_n_sent (fixture->queue), ==, 8);
  plenum_render_queue_cancel_document (fixture->queue, fixture->doc);
  g_assert_cmpuint (plenum_render_queue_get_n_queued (fixture->queue), ==, 0);
  g_assert_cmpuint (plenum_render_queue_get_n_in_flight (fixture->queue), ==, 0);

  /* A cached answer waiting for its idle is stale too. */
  request (fixture, 10, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  plenum_render_queue_retain (fixture->queue, fixture->doc, 0, 5);

  /* The helper still answers afterwards, and nothing cancelled was announced. */
  request (fixture, 3, 60, 85, PLENUM_RENDER_PRIORITY_VISIBLE);
  wait_ready (fixture, 3);
  drain (fixture);
  g_assert_cmpuint (fixture->ready->len, ==, 3);
  g_assert_cmpuint (ready_at (fixture, 2), ==, 3);
  g_assert_cmpuint (fixture->failed->len, ==, 0);
  g_assert_cmpuint (plenum_render_queue_get_n_sent (fixture->queue), ==, 9);
}

static void
test_queue_failure (Fixture       *fixture,
                    gconstpointer  data)
{
  /* 200 × 200 is over the helper's 10000-pixel budget. */
  request (fixture, 4, 200, 200, PLENUM_RENDER_PRIORITY_VISIBLE);
  wait_failed (fixture, 1);
  g_assert_cmpuint (g_array_index (fixture->failed, guint, 0), ==, 4);
  g_assert_error (fixture->last_error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_TOO_BIG);
  g_assert_cmpint (fixture->last_failed_width, ==, 200);
  g_assert_cmpint (fixture->last_failed_height, ==, 200);
  g_assert_cmpuint (plenum_render_queue_get_n_sent (fixture->queue), ==, 1);

  /* Asked again: answered with the same failure (from an idle), not sent again. */
  g_clear_error (&fixture->last_error);
  request (fixture, 4, 200, 200, PLENUM_RENDER_PRIORITY_VISIBLE);
  g_assert_cmpuint (fixture->failed->len, ==, 1);
  g_assert_cmpuint (plenum_render_queue_get_n_queued (fixture->queue), ==, 0);
  wait_failed (fixture, 2);
  g_assert_error (fixture->last_error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_TOO_BIG);
  g_assert_cmpuint (plenum_render_queue_get_n_sent (fixture->queue), ==, 1);

  /* The queue goes on: other pages, and the same page small enough, render. */
  request (fixture, 5, 50, 50, PLENUM_RENDER_PRIORITY_VISIBLE);
  request (fixture, 4, 60, 60, PLENUM_RENDER_PRIORITY_VISIBLE);
  wait_ready (fixture, 2);
  g_assert_cmpuint (plenum_render_queue_get_n_sent (fixture->queue), ==, 3);

  /* Forgotten ("try again"): sent again, and fails again. */
  plenum_render_queue_forget_failure (fixture->queue, fixture->doc, 4);
  request (fixture, 4, 200, 200, PLENUM_RENDER_PRIORITY_VISIBLE);
  g_assert_cmpuint (plenum_render_queue_get_n_sent (fixture->queue), ==, 4);
  wait_failed (fixture, 3);
  drain (fixture);
  g_assert_cmpuint (fixture->failed->len, ==, 3);
  g_assert_cmpuint (fixture->ready->len, ==, 2);
}

static void
test_queue_document_lifetime (void)
{
  g_autofree char *path = make_pdf (3);
  PlenumRenderClient *client = client_new ();
  PlenumTextureCache *cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  PlenumRenderQueue *queue = plenum_render_queue_new (client, cache);
  PlenumRenderDocument *doc = open_document (client, path);
  gpointer weak = doc;

  g_assert_true (plenum_render_queue_get_client (queue) == client);
  g_assert_true (plenum_render_queue_get_cache (queue) == cache);

  /* The caller drops the document while its jobs wait: they keep it until they are
   * done, then its textures leave the cache with it. */
  g_object_add_weak_pointer (G_OBJECT (doc), &weak);
  for (guint i = 0; i < 3; i++)
    plenum_render_queue_request (queue, doc, i, 40, 56, PLENUM_RENDER_PRIORITY_NEAR);
  g_object_unref (doc);
  g_assert_nonnull (weak);
  g_assert_true (plenum_test_wait_until (NULL, queue_idle, queue, WAIT_MS));
  g_assert_true (plenum_test_wait_until (NULL, pointer_cleared, &weak, WAIT_MS));
  g_assert_cmpuint (plenum_render_queue_get_n_sent (queue), ==, 3);
  g_assert_cmpuint (plenum_texture_cache_get_size (cache), ==, 0);

  /* A queue dropped with jobs in flight and queued cancels them. */
  doc = open_document (client, path);
  for (guint i = 0; i < 3; i++)
    plenum_render_queue_request (queue, doc, i, 40, 56, PLENUM_RENDER_PRIORITY_NEAR);
  g_assert_cmpuint (plenum_render_queue_get_n_in_flight (queue), ==, 2);
  g_assert_finalize_object (queue);
  unref_and_wait_finalized (doc);
  g_assert_finalize_object (cache);
  unref_and_wait_finalized (client);
}

typedef struct {
  PlenumRenderDocument *docs[2];
  guint                 n_ready[2];
} TwoDocuments;

static void
two_documents_ready_cb (PlenumRenderQueue    *queue,
                        PlenumRenderDocument *doc,
                        guint                 page,
                        GdkTexture           *texture,
                        TwoDocuments         *two)
{
  g_assert_true (doc == two->docs[0] || doc == two->docs[1]);
  two->n_ready[doc == two->docs[0] ? 0 : 1]++;
}

static void
test_queue_other_documents (void)
{
  g_autofree char *path = make_pdf (6);
  PlenumRenderClient *client = client_new ();
  PlenumTextureCache *cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  PlenumRenderQueue *queue = plenum_render_queue_new (client, cache);
  TwoDocuments two = { { open_document (client, path), open_document (client, path) }, { 0 } };

  g_signal_connect (queue, "page-ready", G_CALLBACK (two_documents_ready_cb), &two);
  for (guint i = 0; i < 6; i++)
    {
      plenum_render_queue_request (queue, two.docs[0], i, 40, 56, PLENUM_RENDER_PRIORITY_VISIBLE);
      plenum_render_queue_request (queue, two.docs[1], i, 40, 56, PLENUM_RENDER_PRIORITY_VISIBLE);
    }
  g_assert_cmpuint (plenum_render_queue_get_n_queued (queue), ==, 10);

  /* Nothing of the first document is wanted any more; the second's jobs all stay. */
  plenum_render_queue_retain (queue, two.docs[0], 1, 0);
  g_assert_cmpuint (plenum_render_queue_get_n_queued (queue) +
                      plenum_render_queue_get_n_in_flight (queue), ==, 6);
  g_assert_true (plenum_test_wait_until (NULL, queue_idle, queue, WAIT_MS));
  /* Only the second document's six pages came: its page 0 was in flight beside the
   * first's, which was cancelled and replaced by the second's page 1. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (two.n_ready[0], ==, 0);
  g_assert_cmpuint (two.n_ready[1], ==, 6);
  g_assert_cmpuint (plenum_render_queue_get_n_sent (queue), ==, 7);

  /* Closing the second document leaves the first's new jobs alone. */
  plenum_render_queue_request (queue, two.docs[0], 2, 40, 56, PLENUM_RENDER_PRIORITY_NEAR);
  plenum_render_queue_request (queue, two.docs[0], 3, 40, 56, PLENUM_RENDER_PRIORITY_NEAR);
  plenum_render_queue_request (queue, two.docs[0], 4, 40, 56, PLENUM_RENDER_PRIORITY_NEAR);
  plenum_render_queue_cancel_document (queue, two.docs[1]);
  g_assert_cmpuint (plenum_render_queue_get_n_queued (queue), ==, 1);
  g_assert_cmpuint (plenum_render_queue_get_n_in_flight (queue), ==, 2);
  g_assert_true (plenum_test_wait_until (NULL, queue_idle, queue, WAIT_MS));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (two.n_ready[0], ==, 3);

  g_assert_finalize_object (queue);
  unref_and_wait_finalized (two.docs[0]);
  unref_and_wait_finalized (two.docs[1]);
  g_assert_finalize_object (cache);
  unref_and_wait_finalized (client);
}

int
main (int   argc,
      char *argv[])
{
  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/render-queue/cache/budget-lru", test_cache_budget_lru);
  g_test_add_func ("/plenum/render-queue/cache/pinned", test_cache_pinned);
  g_test_add_func ("/plenum/render-queue/cache/lookup-any", test_cache_lookup_any);
  g_test_add_func ("/plenum/render-queue/cache/clear-and-finalize", test_cache_clear_and_finalize);
  g_test_add_func ("/plenum/render-queue/cache/lower-budget", test_cache_lower_budget);
  g_test_add ("/plenum/render-queue/queue/priorities", Fixture, NULL, fixture_set_up,
              test_queue_priorities, fixture_tear_down);
  g_test_add ("/plenum/render-queue/queue/dedupe-and-cached", Fixture, NULL, fixture_set_up,
              test_queue_dedupe_and_cached, fixture_tear_down);
  g_test_add ("/plenum/render-queue/queue/retain", Fixture, NULL, fixture_set_up,
              test_queue_retain, fixture_tear_down);
  g_test_add ("/plenum/render-queue/queue/failure", Fixture, NULL, fixture_set_up_small,
              test_queue_failure, fixture_tear_down);
  g_test_add_func ("/plenum/render-queue/queue/other-documents", test_queue_other_documents);
  g_test_add_func ("/plenum/render-queue/queue/document-lifetime", test_queue_document_lifetime);

  return g_test_run ();
}
