/* test-render.c — the render helper (app/render/) through its client (app/pdf/): page
 * counts and sizes against poppler's own, pixels against poppler + cairo in this process,
 * hostile and encrypted files, a killed, a hanging and a restarting helper, cancellation,
 * descriptor leaks, the helper's resource limits, and search, outline, links, page text
 * and passwords over a PDF made here with cairo (Vietnamese text in DejaVu Sans).
 *
 * The helper is the built plenum-render (PLENUM_RENDER, set by meson). Its test hook
 * PLENUM_RENDER_TEST_STALL_PAGE makes one page's render (and text) hang
 * (app/render/main.c).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* memfd_create, F_ADD_SEALS: the fake helper */

#include "pdf/plenum-render-client.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "plenum-test-util.h"
#include "render/plenum-render-protocol.h"

#define VI_PDF "vi_vntex-man.pdf"
/* The test hook is set once for the whole process, before any thread starts (setenv is
 * not thread-safe): every helper here hangs on this page, which no other test renders. */
#define STALL_PAGE 6
#define WAIT_MS 20000

#if defined(PLENUM_SANITIZED) || defined(__SANITIZE_ADDRESS__)
# define SANITIZED_BUILD 1
#endif

/* poppler-glib 22.12 declares no autoptr cleanups. */
typedef PopplerDocument TestPopplerDocument;
typedef PopplerPage TestPopplerPage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestPopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestPopplerPage, g_object_unref)

/* Helpers ------------------------------------------------------------------------------- */

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

static void
wait_clear (Wait *wait)
{
  g_clear_object (&wait->result);
  wait->done = FALSE;
}

static void
wait_for (Wait *wait)
{
  g_assert_true (plenum_test_wait_flag (NULL, &wait->done, WAIT_MS));
}

static PlenumRenderClient *
client_new (void)
{
  const char *helper = g_getenv ("PLENUM_RENDER");

  g_assert_nonnull (helper);
  return plenum_render_client_new (helper);
}

static PlenumRenderDocument *
open_document (PlenumRenderClient  *client,
               const char          *path,
               GError             **error)
{
  Wait wait = { 0 };
  PlenumRenderDocument *doc;

  plenum_render_client_open_async (client, path, NULL, got_result_cb, &wait);
  wait_for (&wait);
  doc = plenum_render_client_open_finish (client, wait.result, error);
  wait_clear (&wait);
  return doc;
}

static PlenumRenderDocument *
open_data_document (PlenumRenderClient  *client,
                    const char          *name,
                    GError             **error)
{
  g_autofree char *path = plenum_test_data_path (name);

  return open_document (client, path, error);
}

static GdkTexture *
render_page (PlenumRenderClient    *client,
             PlenumRenderDocument  *doc,
             guint                  page,
             int                    width,
             int                    height,
             GError               **error)
{
  Wait wait = { 0 };
  GdkTexture *texture;

  plenum_render_client_render_page_async (client, doc, page, width, height, NULL,
                                          got_result_cb, &wait);
  wait_for (&wait);
  texture = plenum_render_client_render_page_finish (client, wait.result, error);
  wait_clear (&wait);
  return texture;
}

static gboolean
ping (PlenumRenderClient  *client,
      GError             **error)
{
  Wait wait = { 0 };
  gboolean ok;

  plenum_render_client_ping_async (client, NULL, got_result_cb, &wait);
  wait_for (&wait);
  ok = plenum_render_client_ping_finish (client, wait.result, error);
  wait_clear (&wait);
  return ok;
}

/* Page @page's height for @width pixels, keeping the page's proportions. */
static int
height_for_width (PlenumRenderDocument *doc,
                  guint                 page,
                  int                   width)
{
  double w, h;

  plenum_render_document_get_page_size (doc, page, &w, &h);
  return (int) lround (width * h / w);
}

static PopplerDocument *
poppler_open (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = plenum_test_data_path (name);
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  PopplerDocument *document;

  g_assert_no_error (error);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

static gboolean
helper_pid_is (gpointer user_data)
{
  PlenumRenderClient *client = user_data;

  return plenum_render_client_get_helper_pid (client) == 0;
}

static gboolean
helper_is_busy (gpointer user_data)
{
  return plenum_render_client_get_helper_busy (user_data);
}

/* Waits until the client has noticed that its helper is gone. */
static void
wait_helper_gone (PlenumRenderClient *client)
{
  g_assert_true (plenum_test_wait_until (NULL, helper_pid_is, client, WAIT_MS));
}

static gboolean
process_reaped (gpointer user_data)
{
  pid_t pid = GPOINTER_TO_INT (user_data);

  return kill (pid, 0) != 0 && errno == ESRCH;
}

/* Drops the client and waits until its helper process is gone. */
static void
client_free (PlenumRenderClient *client)
{
  GPid pid = plenum_render_client_get_helper_pid (client);

  g_assert_finalize_object (client);
  if (pid > 0)
    g_assert_true (plenum_test_wait_until (NULL, process_reaped, GINT_TO_POINTER (pid), WAIT_MS));
}

static guint
count_open_fds (void)
{
  g_autoptr(GPtrArray) names = plenum_test_list_folder ("/proc/self/fd");

  return names->len;
}

/* Pages and pixels ------------------------------------------------------------------------ */

static void
test_open_sizes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TestPopplerDocument) reference = poppler_open (VI_PDF);
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;
  PopplerIndexIter *outline;
  int n_pages = poppler_document_get_n_pages (reference);

  g_assert_cmpint (plenum_render_client_get_helper_pid (client), ==, 0);

  doc = open_data_document (client, VI_PDF, &error);
  g_assert_no_error (error);
  g_assert_true (PLENUM_IS_RENDER_DOCUMENT (doc));
  g_assert_cmpint (plenum_render_client_get_helper_pid (client), >, 0);

  g_assert_cmpint (n_pages, ==, 7);
  g_assert_cmpuint (plenum_render_document_get_n_pages (doc), ==, (guint) n_pages);
  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr(TestPopplerPage) page = poppler_document_get_page (reference, i);
      double width, height, ref_width, ref_height;

      poppler_page_get_size (page, &ref_width, &ref_height);
      plenum_render_document_get_page_size (doc, (guint) i, &width, &height);
      g_assert_cmpfloat (width, ==, ref_width);
      g_assert_cmpfloat (height, ==, ref_height);
      g_assert_true (plenum_render_document_get_page_ok (doc, (guint) i));
    }

  outline = poppler_index_iter_new (reference);
  g_assert_cmpint (plenum_render_document_get_has_outline (doc), ==, outline != NULL);
  g_clear_pointer (&outline, poppler_index_iter_free);

  g_assert_true (g_str_has_suffix (plenum_render_document_get_path (doc), VI_PDF));

  g_assert_finalize_object (doc);
  client_free (client);
}

static void
test_render_matches_poppler (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TestPopplerDocument) reference = poppler_open (VI_PDF);
  g_autoptr(TestPopplerPage) page = poppler_document_get_page (reference, 0);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;
  cairo_surface_t *surface;
  cairo_t *cr;
  const guchar *expected;
  double page_width, page_height, mean;
  guint64 sum = 0;
  guint max_diff = 0;
  gsize stride, expected_stride;
  int width = 600, height;
  guint n_ink = 0;

  doc = open_data_document (client, VI_PDF, &error);
  g_assert_no_error (error);
  height = height_for_width (doc, 0, width);

  texture = render_page (client, doc, 0, width, height, &error);
  g_assert_no_error (error);
  g_assert_true (GDK_IS_MEMORY_TEXTURE (texture));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);

  stride = (gsize) width * 4;
  pixels = g_malloc (stride * (gsize) height);
  /* GDK_MEMORY_DEFAULT is cairo's ARGB32 in memory order. */
  gdk_texture_download (texture, pixels, stride);

  /* The same page, the same size, rendered here the way the helper does it. */
  poppler_page_get_size (page, &page_width, &page_height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, width / page_width, height / page_height);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  expected = cairo_image_surface_get_data (surface);
  expected_stride = (gsize) cairo_image_surface_get_stride (surface);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width * 4; x++)
      {
        guchar a = pixels[(gsize) y * stride + (gsize) x];
        guchar b = expected[(gsize) y * expected_stride + (gsize) x];
        guint diff = a > b ? (guint) (a - b) : (guint) (b - a);

        sum += diff;
        max_diff = MAX (max_diff, diff);
        /* Dark pixels (text): the page is not blank. */
        if (x % 4 == 0 && a < 128)
          n_ink++;
      }
  mean = (double) sum / ((double) width * height * 4);
  g_test_message ("page 1 at %dx%d: max abs difference %u, mean %.5f, %u dark pixels",
                  width, height, max_diff, mean, n_ink);

  g_assert_cmpuint (max_diff, <=, 8);
  g_assert_cmpfloat (mean, <, 0.05);
  g_assert_cmpuint (n_ink, >, 1000);
  /* White background, opaque everywhere. */
  for (gsize i = 3; i < stride * (gsize) height; i += 4)
    g_assert_cmpuint (pixels[i], ==, 255);

  cairo_surface_destroy (surface);
  g_assert_finalize_object (doc);
  client_free (client);
}

static void
test_render_two_sizes (void)
{
  g_autoptr(GError) error = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;
  GdkTexture *small, *large;
  GPid pid;

  doc = open_data_document (client, VI_PDF, &error);
  g_assert_no_error (error);
  pid = plenum_render_client_get_helper_pid (client);

  small = render_page (client, doc, 1, 300, height_for_width (doc, 1, 300), &error);
  g_assert_no_error (error);
  large = render_page (client, doc, 1, 900, height_for_width (doc, 1, 900), &error);
  g_assert_no_error (error);

  g_assert_cmpint (gdk_texture_get_width (small), ==, 300);
  g_assert_cmpint (gdk_texture_get_height (small), ==, height_for_width (doc, 1, 300));
  g_assert_cmpint (gdk_texture_get_width (large), ==, 900);
  g_assert_cmpint (gdk_texture_get_height (large), ==, height_for_width (doc, 1, 900));
  /* An exact size is honoured even when it does not keep the page's proportions. */
  g_clear_object (&small);
  small = render_page (client, doc, 1, 123, 45, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (small), ==, 123);
  g_assert_cmpint (gdk_texture_get_height (small), ==, 45);

  /* The same helper served all of it. */
  g_assert_cmpint (plenum_render_client_get_helper_pid (client), ==, pid);
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 1);

  g_assert_finalize_object (small);
  g_assert_finalize_object (large);
  g_assert_finalize_object (doc);
  client_free (client);
}

/* Bad input ------------------------------------------------------------------------------- */

static void
assert_serves (PlenumRenderClient   *client,
               PlenumRenderDocument *good,
               GPid                  pid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = render_page (client, good, 0, 100, 141, &error);

  g_assert_no_error (error);
  g_assert_nonnull (texture);
  g_assert_cmpint (plenum_render_client_get_helper_pid (client), ==, pid);
}

static void
test_bad_files (void)
{
  static const struct {
    const char *name;
    int         code;
  } cases[] = {
    { "bad_invalid-xref.pdf", PLENUM_RENDER_ERROR_NO_PAGES },
    { "bad_negative-page-count.pdf", PLENUM_RENDER_ERROR_NO_PAGES },
    { "enc_aes256-R6_userpw-view.pdf", PLENUM_RENDER_ERROR_ENCRYPTED },
    { "MANIFEST.tsv", PLENUM_RENDER_ERROR_NOT_PDF },
    { "no-such-file.pdf", PLENUM_RENDER_ERROR_IO },
    { "packets", PLENUM_RENDER_ERROR_IO },  /* a folder */
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = g_build_filename (plenum_test_tmpdir (), "empty.pdf", NULL);
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *good;
  PlenumRenderDocument *doc;
  GPid pid;

  good = open_data_document (client, VI_PDF, &error);
  g_assert_no_error (error);
  pid = plenum_render_client_get_helper_pid (client);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].name);
      doc = open_data_document (client, cases[i].name, &error);
      g_assert_error (error, PLENUM_RENDER_ERROR, cases[i].code);
      g_assert_null (doc);
      g_assert_nonnull (error->message);
      g_clear_error (&error);
      /* The helper keeps serving the next request. */
      assert_serves (client, good, pid);
    }

  g_file_set_contents (empty, "", 0, &error);
  g_assert_no_error (error);
  doc = open_document (client, empty, &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_NOT_PDF);
  g_assert_null (doc);
  g_clear_error (&error);
  assert_serves (client, good, pid);

  /* get_n_pages says 2, but poppler has no second page. */
  doc = open_data_document (client, "bad_pages-tree-null-page.pdf", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_render_document_get_n_pages (doc), ==, 2);
  g_assert_true (plenum_render_document_get_page_ok (doc, 0));
  g_assert_false (plenum_render_document_get_page_ok (doc, 1));
  {
    double w0, h0, w1, h1;
    g_autoptr(GdkTexture) texture = NULL;

    plenum_render_document_get_page_size (doc, 0, &w0, &h0);
    plenum_render_document_get_page_size (doc, 1, &w1, &h1);
    g_assert_cmpfloat (w1, ==, w0);
    g_assert_cmpfloat (h1, ==, h0);

    texture = render_page (client, doc, 1, 100, 141, &error);
    g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PAGE_FAILED);
    g_assert_null (texture);
    g_clear_error (&error);

    texture = render_page (client, doc, 0, 100, 141, &error);
    g_assert_no_error (error);
    g_assert_nonnull (texture);
  }
  /* A page past the end fails without troubling the helper. */
  {
    g_autoptr(GdkTexture) texture = render_page (client, doc, 2, 100, 141, &error);

    g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PAGE_FAILED);
    g_assert_null (texture);
    g_clear_error (&error);
  }
  g_assert_finalize_object (doc);
  assert_serves (client, good, pid);
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 1);

  g_assert_finalize_object (good);
  client_free (client);
}

static void
test_encrypted (void)
{
  g_autoptr(GError) error = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;

  doc = open_data_document (client, "enc_aes256-R6_userpw-view.pdf", &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_ENCRYPTED);
  g_assert_null (doc);

  client_free (client);
}

static void
test_too_big (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;
  GPid pid;

  doc = open_data_document (client, VI_PDF, &error);
  g_assert_no_error (error);
  pid = plenum_render_client_get_helper_pid (client);

  /* 400 Mpx is refused by the pixel budget before anything is allocated. */
  texture = render_page (client, doc, 0, 20000, 20000, &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_TOO_BIG);
  g_assert_null (texture);
  g_clear_error (&error);

  /* Past cairo's largest side, even though few pixels. */
  texture = render_page (client, doc, 0, 40000, 2, &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_TOO_BIG);
  g_clear_error (&error);

  /* A smaller budget is honoured by the next helper. */
  plenum_render_client_set_max_pixels (client, 10000);
  kill (pid, SIGKILL);
  wait_helper_gone (client);
  texture = render_page (client, doc, 0, 101, 100, &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_TOO_BIG);
  g_clear_error (&error);
  texture = render_page (client, doc, 0, 100, 100, &error);
  g_assert_no_error (error);
  g_assert_nonnull (texture);
  g_assert_cmpint (plenum_render_client_get_helper_pid (client), !=, pid);

  g_assert_finalize_object (doc);
  client_free (client);
}

/* A dying or hanging helper ------------------------------------------------------------------ */

static void
test_killed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;
  GPid first, second;

  doc = open_data_document (client, VI_PDF, &error);
  g_assert_no_error (error);
  texture = render_page (client, doc, 0, 200, 283, &error);
  g_assert_no_error (error);
  g_clear_object (&texture);
  first = plenum_render_client_get_helper_pid (client);
  g_assert_cmpint (first, >, 0);

  /* Killed between requests: the next request either fails as crashed (if it was sent
   * before the client saw the EOF) or already runs in a new helper. */
  g_assert_cmpint (kill (first, SIGKILL), ==, 0);
  texture = render_page (client, doc, 0, 200, 283, &error);
  if (error != NULL)
    {
      g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_CRASHED);
      g_clear_error (&error);
    }
  g_clear_object (&texture);

  /* The document is re-opened in the new helper without the caller's help. */
  texture = render_page (client, doc, 3, 200, 283, &error);
  g_assert_no_error (error);
  g_assert_nonnull (texture);
  second = plenum_render_client_get_helper_pid (client);
  g_assert_cmpint (second, >, 0);
  g_assert_cmpint (second, !=, first);
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 2);

  g_assert_finalize_object (doc);
  client_free (client);
}

static void
test_killed_while_pending (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  PlenumRenderClient *client;
  PlenumRenderDocument *doc;
  Wait stalled = { 0 }, queued = { 0 };
  GPid first;

  client = client_new ();
  plenum_render_client_set_timeout (client, 60000);

  doc = open_data_document (client, VI_PDF, &error);
  g_assert_no_error (error);
  first = plenum_render_client_get_helper_pid (client);

  plenum_render_client_render_page_async (client, doc, STALL_PAGE, 200, 283, NULL,
                                          got_result_cb, &stalled);
  plenum_render_client_render_page_async (client, doc, 0, 200, 283, NULL,
                                          got_result_cb, &queued);
  g_assert_cmpint (kill (first, SIGKILL), ==, 0);

  wait_for (&stalled);
  wait_for (&queued);
  texture = plenum_render_client_render_page_finish (client, stalled.result, &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_CRASHED);
  g_assert_null (texture);
  g_clear_error (&error);
  texture = plenum_render_client_render_page_finish (client, queued.result, &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_CRASHED);
  g_clear_error (&error);
  wait_clear (&stalled);
  wait_clear (&queued);
  g_assert_cmpint (plenum_render_client_get_helper_pid (client), ==, 0);

  /* The next request starts a new helper. */
  texture = render_page (client, doc, 0, 200, 283, &error);
  g_assert_no_error (error);
  g_assert_nonnull (texture);
  g_assert_cmpint (plenum_render_client_get_helper_pid (client), !=, first);

  g_assert_finalize_object (doc);
  client_free (client);
}

static void
test_timeout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  PlenumRenderClient *client;
  PlenumRenderDocument *doc;
  Wait stalled = { 0 }, queued = { 0 };
  gint64 started, elapsed_ms;
  GPid first;

  client = client_new ();
  /* Short, but long enough for a slow sanitizer build on a loaded machine to open and
   * render a small page in time. */
  plenum_render_client_set_timeout (client, 1000);
  g_assert_cmpuint (plenum_render_client_get_timeout (client), ==, 1000);

  doc = open_data_document (client, VI_PDF, &error);
  g_assert_no_error (error);
  first = plenum_render_client_get_helper_pid (client);

  started = g_get_monotonic_time ();
  plenum_render_client_render_page_async (client, doc, STALL_PAGE, 200, 283, NULL,
                                          got_result_cb, &stalled);
  /* Queued behind the hanging render in the same helper. */
  plenum_render_client_render_page_async (client, doc, 0, 200, 283, NULL,
                                          got_result_cb, &queued);

  wait_for (&stalled);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  texture = plenum_render_client_render_page_finish (client, stalled.result, &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_TIMEOUT);
  g_assert_null (texture);
  g_clear_error (&error);
  g_assert_cmpint (elapsed_ms, >=, 1000);

  /* The other request was sent again to a new helper, with the document re-opened. */
  wait_for (&queued);
  texture = plenum_render_client_render_page_finish (client, queued.result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 200);
  g_assert_cmpint (plenum_render_client_get_helper_pid (client), >, 0);
  g_assert_cmpint (plenum_render_client_get_helper_pid (client), !=, first);
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 2);
  wait_clear (&stalled);
  wait_clear (&queued);

  /* The hung helper is gone. */
  g_assert_true (plenum_test_wait_until (NULL, process_reaped, GINT_TO_POINTER (first), WAIT_MS));

  g_assert_finalize_object (doc);
  client_free (client);
}

static void
test_restart_rate_limit (void)
{
  g_autoptr(GError) error = NULL;
  PlenumRenderClient *client = client_new ();
  guint starts = 0;

  /* The first start and PLENUM_RENDER_CLIENT_MAX_RESTARTS restarts are allowed. */
  for (guint i = 0; i <= PLENUM_RENDER_CLIENT_MAX_RESTARTS; i++)
    {
      GPid pid;

      g_assert_true (ping (client, &error));
      g_assert_no_error (error);
      pid = plenum_render_client_get_helper_pid (client);
      g_assert_cmpint (pid, >, 0);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      wait_helper_gone (client);
      starts++;
    }
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, starts);

  g_assert_false (ping (client, &error));
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_CRASHED);
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, starts);

  client_free (client);
}

/* Cancelling ------------------------------------------------------------------------------- */

static void
test_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  PlenumRenderClient *client;
  PlenumRenderDocument *doc;
  Wait wait = { 0 };
  gint64 started;
  GPid first;

  client = client_new ();
  plenum_render_client_set_timeout (client, 2000);

  doc = open_data_document (client, VI_PDF, &error);
  g_assert_no_error (error);
  first = plenum_render_client_get_helper_pid (client);

  /* Already cancelled: nothing is sent. */
  cancellable = g_cancellable_new ();
  g_cancellable_cancel (cancellable);
  plenum_render_client_render_page_async (client, doc, 0, 200, 283, cancellable,
                                          got_result_cb, &wait);
  wait_for (&wait);
  texture = plenum_render_client_render_page_finish (client, wait.result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  wait_clear (&wait);
  g_clear_object (&cancellable);

  /* Cancelled in flight: the request ends at once, the reply is dropped. */
  cancellable = g_cancellable_new ();
  plenum_render_client_render_page_async (client, doc, 1, 200, 283, cancellable,
                                          got_result_cb, &wait);
  g_cancellable_cancel (cancellable);
  wait_for (&wait);
  texture = plenum_render_client_render_page_finish (client, wait.result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (texture);
  g_clear_error (&error);
  wait_clear (&wait);
  g_clear_object (&cancellable);
  g_assert_true (ping (client, &error));
  g_assert_no_error (error);

  /* Cancelled while the helper hangs on it: the caller hears at once, not at the
   * timeout. */
  cancellable = g_cancellable_new ();
  plenum_render_client_render_page_async (client, doc, STALL_PAGE, 200, 283, cancellable,
                                          got_result_cb, &wait);
  g_assert_true (plenum_test_wait_until (NULL, helper_is_busy, client, WAIT_MS));
  started = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  wait_for (&wait);
  texture = plenum_render_client_render_page_finish (client, wait.result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  wait_clear (&wait);
  g_assert_cmpint ((g_get_monotonic_time () - started) / 1000, <, 2000);

  /* The helper is still stuck on the cancelled render; the watchdog replaces it and the
   * next render is served by the new one. */
  texture = render_page (client, doc, 0, 200, 283, &error);
  g_assert_no_error (error);
  g_assert_nonnull (texture);
  g_assert_cmpint (plenum_render_client_get_helper_pid (client), !=, first);
  g_clear_object (&texture);
  g_clear_object (&cancellable);

  /* An open can be cancelled too. */
  cancellable = g_cancellable_new ();
  {
    g_autofree char *path = plenum_test_data_path (VI_PDF);
    PlenumRenderDocument *other;

    plenum_render_client_open_async (client, path, cancellable, got_result_cb, &wait);
    g_cancellable_cancel (cancellable);
    wait_for (&wait);
    other = plenum_render_client_open_finish (client, wait.result, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (other);
    g_clear_error (&error);
    wait_clear (&wait);
  }
  g_assert_true (ping (client, &error));
  g_assert_no_error (error);

  g_assert_finalize_object (doc);
  client_free (client);
}

/* Resources ---------------------------------------------------------------------------------- */

static void
test_no_fd_leak (void)
{
  g_autoptr(GError) error = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;
  GdkTexture *texture;
  guint before, after;

  doc = open_data_document (client, VI_PDF, &error);
  g_assert_no_error (error);
  texture = render_page (client, doc, 0, 120, 170, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (texture);

  before = count_open_fds ();
  for (guint i = 0; i < 60; i++)
    {
      Wait wait = { 0 };
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();

      texture = render_page (client, doc, i % STALL_PAGE, 120 + i, 170, &error);
      g_assert_no_error (error);
      g_assert_finalize_object (texture);

      /* A cancelled request's memfd is closed when its reply comes. */
      plenum_render_client_render_page_async (client, doc, i % STALL_PAGE, 100, 100, cancellable,
                                              got_result_cb, &wait);
      g_cancellable_cancel (cancellable);
      wait_for (&wait);
      wait_clear (&wait);
    }
  g_assert_true (ping (client, &error));
  g_assert_no_error (error);
  after = count_open_fds ();
  g_assert_cmpuint (after, ==, before);

  /* Documents opened and dropped do not leak either (the helper is told to close them). */
  for (guint i = 0; i < 20; i++)
    {
      PlenumRenderDocument *other;

      other = open_data_document (client, "packets/good/02-bao-cao.pdf", &error);

      g_assert_no_error (error);
      g_assert_finalize_object (other);
    }
  g_assert_true (ping (client, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_open_fds (), ==, before);
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 1);

  g_assert_finalize_object (doc);
  client_free (client);
}

#ifndef SANITIZED_BUILD
static guint64
read_limit (GPid        pid,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("/proc/%d/limits", (int) pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      const char *soft;

      if (!g_str_has_prefix (lines[i], name))
        continue;
      /* "Max address space   1073741824   1073741824   bytes" */
      fields = g_strsplit_set (lines[i] + strlen (name), " ", -1);
      soft = NULL;
      for (guint j = 0; fields[j] != NULL; j++)
        if (fields[j][0] != '\0')
          {
            soft = fields[j];
            break;
          }
      g_assert_nonnull (soft);
      if (g_str_equal (soft, "unlimited"))
        return G_MAXUINT64;
      return g_ascii_strtoull (soft, NULL, 10);
    }
  g_assert_not_reached ();
}

#endif

static void
test_limits (void)
{
#ifdef SANITIZED_BUILD
  g_test_skip ("RLIMIT_AS is not applied in a sanitizer build");
#else
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;
  guint64 limit = G_GUINT64_CONSTANT (768) << 20;
  GPid pid;

  g_assert_cmpuint (plenum_render_client_get_memory_limit (client), ==,
                    PLENUM_RENDER_CLIENT_DEFAULT_MEMORY_LIMIT);
  plenum_render_client_set_memory_limit (client, limit);

  g_assert_true (ping (client, &error));
  g_assert_no_error (error);
  pid = plenum_render_client_get_helper_pid (client);
  g_assert_cmpuint (read_limit (pid, "Max address space"), ==, limit);
  g_assert_cmpuint (read_limit (pid, "Max cpu time"), !=, G_MAXUINT64);
  g_assert_cmpuint (read_limit (pid, "Max core file size"), ==, 0);

  /* With a large pixel budget, the address-space limit is what stops a big render: the
   * helper cannot map the memory and says so, instead of being killed. */
  plenum_render_client_set_max_pixels (client, G_GUINT64_CONSTANT (1) << 30);
  kill (pid, SIGKILL);
  wait_helper_gone (client);

  doc = open_data_document (client, VI_PDF, &error);
  g_assert_no_error (error);
  texture = render_page (client, doc, 0, 15000, 15000, &error);  /* 900 MB */
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_TOO_BIG);
  g_assert_null (texture);
  g_clear_error (&error);
  texture = render_page (client, doc, 0, 300, 424, &error);
  g_assert_no_error (error);
  g_assert_nonnull (texture);
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 2);

  g_assert_finalize_object (doc);
  client_free (client);
#endif
}

/* Finding and starting the helper ------------------------------------------------------------ */

static void
test_helper_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (plenum_test_tmpdir (), "no-such-helper", NULL);
  PlenumRenderClient *client = plenum_render_client_new (missing);
  PlenumRenderDocument *doc;

  g_assert_cmpstr (plenum_render_client_get_helper_path (client), ==, missing);
  doc = open_data_document (client, VI_PDF, &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_HELPER_MISSING);
  g_assert_null (doc);
  g_clear_error (&error);
  g_assert_false (ping (client, &error));
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_HELPER_MISSING);
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 0);

  client_free (client);
}

/* A "helper" that is a shell script: it says @reply (printf format) on fd 3, then waits. */
static char *
write_fake_helper (const char *name,
                   const char *reply)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\n"
                                             "printf '%s' >&3\n"
                                             "exec cat <&3 >/dev/null\n", reply);
  char *path = g_build_filename (plenum_test_tmpdir (), name, NULL);

  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return path;
}

static void
test_helper_misbehaves (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *garbage = write_fake_helper ("garbage-helper", "this is not the protocol!");
  /* A well-formed header (magic "PLNR", version 2, PONG) for a request never made. */
  g_autofree char *stranger = write_fake_helper ("stranger-helper",
                                                 "PLNR\\002\\000\\201\\000"
                                                 "\\167\\000\\000\\000"
                                                 "\\000\\000\\000\\000");
  PlenumRenderClient *client;

  client = plenum_render_client_new (garbage);
  g_assert_false (ping (client, &error));
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_cmpint (plenum_render_client_get_helper_pid (client), ==, 0);
  client_free (client);

  client = plenum_render_client_new (stranger);
  g_assert_false (ping (client, &error));
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PROTOCOL);
  g_clear_error (&error);
  client_free (client);

  /* A helper that exits at once. */
  client = plenum_render_client_new ("/bin/true");
  g_assert_false (ping (client, &error));
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_CRASHED);
  g_clear_error (&error);
  client_free (client);
}

static void
test_helper_lookup (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("PLENUM_RENDER"));
  PlenumRenderClient *with_env, *without_env;
  const char *path;

  /* This test runs first: setenv is only safe before any thread exists, and the first
   * helper started (a GLib worker thread reaps it) starts threads. */
  g_assert_nonnull (saved);

  /* The environment wins. */
  g_setenv ("PLENUM_RENDER", "/some/where/plenum-render", TRUE);
  with_env = plenum_render_client_new (NULL);

  /* Without it, a test of this build tree finds the helper of this build tree. */
  g_unsetenv ("PLENUM_RENDER");
  without_env = plenum_render_client_new (NULL);
  g_setenv ("PLENUM_RENDER", saved, TRUE);

  g_assert_cmpstr (plenum_render_client_get_helper_path (with_env), ==,
                   "/some/where/plenum-render");
  path = plenum_render_client_get_helper_path (without_env);
  g_assert_true (g_str_has_suffix (path, "/app/render/plenum-render"));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE));
  g_assert_true (ping (without_env, NULL));

  client_free (with_env);
  client_free (without_env);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_properties (void)
{
  PlenumRenderClient *client = client_new ();
  guint n_notifies = 0;
  guint64 pixels = 0;
  guint cpu = 0;

  g_signal_connect (client, "notify", G_CALLBACK (count_notify_cb), &n_notifies);

  /* Setting what is already there notifies nothing. */
  plenum_render_client_set_timeout (client, PLENUM_RENDER_CLIENT_DEFAULT_TIMEOUT_MS);
  plenum_render_client_set_memory_limit (client, PLENUM_RENDER_CLIENT_DEFAULT_MEMORY_LIMIT);
  plenum_render_client_set_cpu_limit (client, PLENUM_RENDER_CLIENT_DEFAULT_CPU_LIMIT_S);
  plenum_render_client_set_max_pixels (client, PLENUM_RENDER_CLIENT_DEFAULT_MAX_PIXELS);
  g_assert_cmpuint (n_notifies, ==, 0);

  plenum_render_client_set_timeout (client, 1234);
  plenum_render_client_set_cpu_limit (client, 7);
  g_object_set (client, "max-pixels", (guint64) 4096, NULL);
  g_assert_cmpuint (n_notifies, ==, 3);
  g_assert_cmpuint (plenum_render_client_get_timeout (client), ==, 1234);
  g_object_get (client, "cpu-limit", &cpu, "max-pixels", &pixels, NULL);
  g_assert_cmpuint (cpu, ==, 7);
  g_assert_cmpuint (pixels, ==, 4096);
  g_assert_cmpuint (plenum_render_client_get_max_pixels (client), ==, 4096);

  /* No helper runs before the first request. */
  g_assert_cmpint (plenum_render_client_get_helper_pid (client), ==, 0);
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 0);

  client_free (client);
}

/* Search, outline, links, passwords ----------------------------------------------------- */

#define PAGE_W 595.0
#define PAGE_H 842.0
#define FONT_SIZE 20.0

/* Where the test PDF's words are, as drawn (baseline origin) and measured. */
typedef struct {
  double x, baseline, advance;
} Drawn;

static Drawn drawn_nghi_quyet;   /* "Nghị quyết" on page 0 */
static Drawn drawn_see_page;     /* the "dest='nq'" link on page 0 */
static Drawn drawn_appendix;     /* "Phụ lục" on page 4 */

static void
show_at (cairo_t    *cr,
         double      x,
         double      baseline,
         const char *text,
         Drawn      *drawn)
{
  cairo_text_extents_t extents;

  cairo_text_extents (cr, text, &extents);
  cairo_move_to (cr, x, baseline);
  cairo_show_text (cr, text);
  if (drawn != NULL)
    {
      drawn->x = x;
      drawn->baseline = baseline;
      drawn->advance = extents.x_advance;
    }
}

/* Five pages:
 *  0  "Nghị quyết số 12", "Đại biểu đồng ý", "Phụ lục"; links to the destination "nq"
 *     (page 1) and to a URI
 *  1  "nghị quyết" (the destination "nq"), "Hội đồng" / "nhân dân" on two lines
 *  2  "nghi quyet khong dau", "dai bieu" without diacritics
 *  3  "ab" 1200 times
 *  4  "Phụ lục"; a link to page 0 over an explicit rectangle
 * and the outline Mở đầu (p0) > Nghị quyết ('nq', p1) > Chi tiết (p2); Phụ lục (p4). */
static const char *
test_pdf_path (void)
{
  static char *path = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  int top, child;

  if (path != NULL)
    return path;

  path = g_build_filename (plenum_test_tmpdir (), "reader.pdf", NULL);
  surface = cairo_pdf_surface_create (path, PAGE_W, PAGE_H);
  cr = cairo_create (surface);
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, FONT_SIZE);

  /* Page 0 */
  show_at (cr, 72, 100, "Nghị quyết", &drawn_nghi_quyet);
  show_at (cr, 72 + drawn_nghi_quyet.advance, 100, " số 12", NULL);
  show_at (cr, 72, 200, "Đại biểu đồng ý", NULL);
  cairo_tag_begin (cr, CAIRO_TAG_LINK, "dest='nq'");
  show_at (cr, 72, 300, "Xem trang hai", &drawn_see_page);
  cairo_tag_end (cr, CAIRO_TAG_LINK);
  cairo_tag_begin (cr, CAIRO_TAG_LINK, "uri='https://example.org/plenum'");
  show_at (cr, 72, 350, "Trang web", NULL);
  cairo_tag_end (cr, CAIRO_TAG_LINK);
  show_at (cr, 300, 520, "Phụ lục", NULL);
  cairo_show_page (cr);

  /* Page 1 */
  cairo_tag_begin (cr, CAIRO_TAG_DEST, "name='nq'");
  show_at (cr, 72, 150, "nghị quyết", NULL);
  cairo_tag_end (cr, CAIRO_TAG_DEST);
  show_at (cr, 72, 400, "Hội đồng", NULL);
  show_at (cr, 72, 430, "nhân dân", NULL);
  cairo_show_page (cr);

  /* Page 2 */
  show_at (cr, 72, 100, "nghi quyet khong dau", NULL);
  show_at (cr, 72, 200, "dai bieu", NULL);
  cairo_show_page (cr);

  /* Page 3: more matches than one reply holds. */
  cairo_set_font_size (cr, 8);
  for (int line = 0; line < 40; line++)
    {
      GString *text = g_string_new (NULL);

      for (int word = 0; word < 30; word++)
        g_string_append (text, "ab ");
      show_at (cr, 40, 60 + line * 18, text->str, NULL);
      g_string_free (text, TRUE);
    }
  cairo_set_font_size (cr, FONT_SIZE);
  cairo_show_page (cr);

  /* Page 4. (cairo 1.16 writes no target for a link to a page after the link's own.) */
  show_at (cr, 72, 100, "Phụ lục", &drawn_appendix);
  cairo_tag_begin (cr, CAIRO_TAG_LINK, "page=1 rect=[300 500 100 30]");
  cairo_tag_end (cr, CAIRO_TAG_LINK);
  cairo_show_page (cr);

  top = cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, "Mở đầu", "page=1",
                                       CAIRO_PDF_OUTLINE_FLAG_OPEN);
  child = cairo_pdf_surface_add_outline (surface, top, "Nghị quyết", "dest='nq'",
                                         CAIRO_PDF_OUTLINE_FLAG_OPEN);
  cairo_pdf_surface_add_outline (surface, child, "Chi tiết", "page=3", 0);
  cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, "Phụ lục", "page=5", 0);

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static GPtrArray *
search (PlenumRenderClient       *client,
        PlenumRenderDocument     *doc,
        const char               *text,
        PlenumRenderSearchFlags   flags,
        guint                     first,
        guint                     count,
        gboolean                 *capped,
        GError                  **error)
{
  Wait wait = { 0 };
  GPtrArray *hits;

  plenum_render_client_search_async (client, doc, text, flags, first, count, NULL,
                                     got_result_cb, &wait);
  wait_for (&wait);
  hits = plenum_render_client_search_finish (client, wait.result, capped, error);
  wait_clear (&wait);
  return hits;
}

/* The number of matches in @hits, checking that each lies inside its page. */
static guint
count_matches (PlenumRenderDocument *doc,
               GPtrArray            *hits)
{
  guint n = 0;

  for (guint i = 0; i < hits->len; i++)
    {
      PlenumRenderHit *hit = g_ptr_array_index (hits, i);
      double width, height;

      plenum_render_document_get_page_size (doc, hit->page, &width, &height);
      g_assert_cmpfloat (hit->x, >=, 0);
      g_assert_cmpfloat (hit->y, >=, 0);
      g_assert_cmpfloat (hit->width, >, 0);
      g_assert_cmpfloat (hit->height, >, 0);
      g_assert_cmpfloat (hit->x + hit->width, <=, width);
      g_assert_cmpfloat (hit->y + hit->height, <=, height);
      g_assert_cmpuint (hit->match, <=, n);
      if (hit->match == n)
        n++;
    }
  return n;
}

/* The pages of the matches, as a string like "0,1,2". */
static char *
match_pages (GPtrArray *hits)
{
  GString *out = g_string_new (NULL);
  int last_match = -1;

  for (guint i = 0; i < hits->len; i++)
    {
      PlenumRenderHit *hit = g_ptr_array_index (hits, i);

      if ((int) hit->match == last_match)
        continue;
      last_match = (int) hit->match;
      g_string_append_printf (out, "%s%u", out->len > 0 ? "," : "", hit->page);
    }
  return g_string_free (out, FALSE);
}

static void
assert_search (PlenumRenderClient      *client,
               PlenumRenderDocument    *doc,
               const char              *text,
               PlenumRenderSearchFlags  flags,
               guint                    first,
               guint                    count,
               const char              *expected_pages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *pages = NULL;
  gboolean capped = TRUE;

  hits = search (client, doc, text, flags, first, count, &capped, &error);
  g_assert_no_error (error);
  g_assert_nonnull (hits);
  g_assert_false (capped);
  count_matches (doc, hits);
  pages = match_pages (hits);
  g_test_message ("search “%s” (flags %d, pages %u+%u): %s", text, flags, first, count, pages);
  g_assert_cmpstr (pages, ==, expected_pages);
}

static void
test_search (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;
  PlenumRenderHit *hit, *second;
  gboolean capped = FALSE;
  const PlenumRenderSearchFlags exact = PLENUM_RENDER_SEARCH_DEFAULT;
  const PlenumRenderSearchFlags loose = PLENUM_RENDER_SEARCH_IGNORE_DIACRITICS;

  doc = open_document (client, test_pdf_path (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_render_document_get_n_pages (doc), ==, 5);

  /* Case never matters; diacritics do unless ignored; đ is d only when ignoring them. */
  assert_search (client, doc, "Nghị quyết", exact, 0, 5, "0,1");
  assert_search (client, doc, "NGHỊ QUYẾT", exact, 0, 5, "0,1");
  assert_search (client, doc, "nghi quyet", exact, 0, 5, "2");
  assert_search (client, doc, "nghi", exact, 0, 5, "2");
  assert_search (client, doc, "nghi quyet", loose, 0, 5, "0,1,2");
  assert_search (client, doc, "Nghị quyết", loose, 0, 5, "0,1,2");
  assert_search (client, doc, "đại biểu", exact, 0, 5, "0");
  assert_search (client, doc, "ĐẠI BIỂU", exact, 0, 5, "0");
  assert_search (client, doc, "dai bieu", exact, 0, 5, "2");
  assert_search (client, doc, "dai bieu", loose, 0, 5, "0,2");
  assert_search (client, doc, "Đai", loose, 0, 5, "0,2");
  assert_search (client, doc, "  phụ   lục ", exact, 0, G_MAXUINT, "0,4");
  /* Misses. */
  assert_search (client, doc, "không có", loose, 0, 5, "");
  assert_search (client, doc, "", loose, 0, 5, "");
  /* Paging through. */
  assert_search (client, doc, "nghi quyet", loose, 1, 1, "1");
  assert_search (client, doc, "nghi quyet", loose, 2, 100, "2");
  assert_search (client, doc, "nghi quyet", loose, 3, 2, "");

  /* Where the text was drawn: a rectangle around the words, above the baseline. */
  hits = search (client, doc, "nghị quyết", exact, 0, 1, &capped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = g_ptr_array_index (hits, 0);
  g_test_message ("hit %g %g %g %g", hit->x, hit->y, hit->width, hit->height);
  g_assert_cmpuint (hit->page, ==, 0);
  g_assert_cmpuint (hit->match, ==, 0);
  g_assert_cmpfloat (fabs (hit->x - drawn_nghi_quyet.x), <, 3);
  g_assert_cmpfloat (fabs (hit->width - drawn_nghi_quyet.advance), <, 0.15 * drawn_nghi_quyet.advance);
  g_assert_cmpfloat (hit->y, <, drawn_nghi_quyet.baseline - 0.5 * FONT_SIZE);
  g_assert_cmpfloat (hit->y, >, drawn_nghi_quyet.baseline - 1.5 * FONT_SIZE);
  g_assert_cmpfloat (hit->y + hit->height, >, drawn_nghi_quyet.baseline - 2);
  g_assert_cmpfloat (hit->y + hit->height, <, drawn_nghi_quyet.baseline + 0.5 * FONT_SIZE);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A match over two lines: one rectangle per line, the same match. */
  hits = search (client, doc, "đồng nhân", exact, 0, 5, &capped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 2);
  hit = g_ptr_array_index (hits, 0);
  second = g_ptr_array_index (hits, 1);
  g_assert_cmpuint (hit->page, ==, 1);
  g_assert_cmpuint (second->page, ==, 1);
  g_assert_cmpuint (hit->match, ==, 0);
  g_assert_cmpuint (second->match, ==, 0);
  g_assert_cmpfloat (hit->y + hit->height, <=, second->y + 1);
  g_assert_cmpfloat (fabs (second->x - 72), <, 3);
  g_assert_cmpfloat (hit->x, >, 72 + FONT_SIZE);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A page with more matches than a reply holds. */
  hits = search (client, doc, "ab", exact, 3, 1, &capped, &error);
  g_assert_no_error (error);
  g_assert_true (capped);
  g_assert_cmpuint (count_matches (doc, hits), ==, 1000);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = search (client, doc, "ab", exact, 0, 3, &capped, &error);
  g_assert_no_error (error);
  g_assert_false (capped);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* A page that does not exist. */
  hits = search (client, doc, "ab", exact, 5, 1, &capped, &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PAGE_FAILED);
  g_assert_null (hits);
  g_clear_error (&error);

  g_assert_finalize_object (doc);
  client_free (client);
}

/* A real Vietnamese document (typeset by TeX): "tiếng Việt" is on page 1 several times,
 * once over a line break. */
static void
test_search_vietnamese (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) exact = NULL;
  g_autoptr(GPtrArray) loose = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;
  gboolean two_lines = FALSE;
  guint n_exact;

  doc = open_data_document (client, VI_PDF, &error);
  g_assert_no_error (error);

  exact = search (client, doc, "tiếng Việt", PLENUM_RENDER_SEARCH_DEFAULT, 0, 1, NULL, &error);
  g_assert_no_error (error);
  n_exact = count_matches (doc, exact);
  g_assert_cmpuint (n_exact, >=, 3);
  for (guint i = 1; i < exact->len; i++)
    {
      PlenumRenderHit *a = g_ptr_array_index (exact, i - 1);
      PlenumRenderHit *b = g_ptr_array_index (exact, i);

      if (a->match == b->match)
        {
          g_assert_cmpfloat (a->y + a->height, <=, b->y + 1);
          two_lines = TRUE;
        }
    }
  g_assert_true (two_lines);

  loose = search (client, doc, "TIENG VIET", PLENUM_RENDER_SEARCH_IGNORE_DIACRITICS, 0, 1,
                  NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_matches (doc, loose), ==, n_exact);
  g_clear_pointer (&loose, g_ptr_array_unref);

  loose = search (client, doc, "han the thanh", PLENUM_RENDER_SEARCH_IGNORE_DIACRITICS, 0, 1,
                  NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_matches (doc, loose), ==, 1);

  g_assert_finalize_object (doc);
  client_free (client);
}

static void
test_search_timeout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;
  GPid first;

  doc = open_data_document (client, VI_PDF, &error);
  g_assert_no_error (error);
  first = plenum_render_client_get_helper_pid (client);

  /* No helper gets the text of seven pages out in a millisecond: the search overruns,
   * and the helper is killed like a hanging render. */
  plenum_render_client_set_timeout (client, 1);
  hits = search (client, doc, "a", PLENUM_RENDER_SEARCH_IGNORE_DIACRITICS, 0, 7, NULL, &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_TIMEOUT);
  g_assert_null (hits);
  g_clear_error (&error);
  g_assert_true (plenum_test_wait_until (NULL, process_reaped, GINT_TO_POINTER (first), WAIT_MS));

  /* The next search runs in a new helper, with the document re-opened there. */
  plenum_render_client_set_timeout (client, PLENUM_RENDER_CLIENT_DEFAULT_TIMEOUT_MS);
  hits = search (client, doc, "a", PLENUM_RENDER_SEARCH_IGNORE_DIACRITICS, 0, 7, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, >, 0);
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 2);

  g_assert_finalize_object (doc);
  client_free (client);
}

static void
test_outline (void)
{
  static const struct {
    const char *title;
    guint       depth;
    int         page;
  } expected[] = {
    { "Mở đầu", 0, 0 },
    { "Nghị quyết", 1, 1 },
    { "Chi tiết", 2, 2 },
    { "Phụ lục", 0, 4 },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;
  Wait wait = { 0 };

  doc = open_document (client, test_pdf_path (), &error);
  g_assert_no_error (error);
  g_assert_true (plenum_render_document_get_has_outline (doc));

  plenum_render_client_get_outline_async (client, doc, NULL, got_result_cb, &wait);
  wait_for (&wait);
  entries = plenum_render_client_get_outline_finish (client, wait.result, &error);
  wait_clear (&wait);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < entries->len; i++)
    {
      PlenumRenderOutlineEntry *entry = g_ptr_array_index (entries, i);

      g_assert_cmpstr (entry->title, ==, expected[i].title);
      g_assert_cmpuint (entry->depth, ==, expected[i].depth);
      g_assert_cmpint (entry->page, ==, expected[i].page);
    }
  g_clear_pointer (&entries, g_ptr_array_unref);
  g_assert_finalize_object (doc);

  /* A document without an outline gives an empty one. */
  doc = open_data_document (client, "bad_pages-tree-null-page.pdf", &error);
  g_assert_no_error (error);
  plenum_render_client_get_outline_async (client, doc, NULL, got_result_cb, &wait);
  wait_for (&wait);
  entries = plenum_render_client_get_outline_finish (client, wait.result, &error);
  wait_clear (&wait);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);

  g_assert_finalize_object (doc);
  client_free (client);
}

static GPtrArray *
get_links (PlenumRenderClient    *client,
           PlenumRenderDocument  *doc,
           guint                  page,
           GError               **error)
{
  Wait wait = { 0 };
  GPtrArray *links;

  plenum_render_client_get_links_async (client, doc, page, NULL, got_result_cb, &wait);
  wait_for (&wait);
  links = plenum_render_client_get_links_finish (client, wait.result, error);
  wait_clear (&wait);
  return links;
}

static void
test_links (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;
  PlenumRenderLink *to_dest = NULL, *to_uri = NULL, *to_page;

  doc = open_document (client, test_pdf_path (), &error);
  g_assert_no_error (error);

  links = get_links (client, doc, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < links->len; i++)
    {
      PlenumRenderLink *link = g_ptr_array_index (links, i);

      g_test_message ("link %g %g %g %g → %d %s", link->x, link->y, link->width, link->height,
                      link->page, link->uri);
      if (link->uri != NULL)
        to_uri = link;
      else if (link->page == 1)
        to_dest = link;
    }
  g_assert_cmpuint (links->len, ==, 2);
  g_assert_nonnull (to_dest);
  g_assert_nonnull (to_uri);

  g_assert_cmpstr (to_uri->uri, ==, "https://example.org/plenum");
  g_assert_cmpint (to_uri->page, ==, -1);
  g_assert_cmpfloat (fabs (to_uri->x - 72), <, 3);
  g_assert_cmpfloat (to_uri->y, <, 350);
  g_assert_cmpfloat (to_uri->y, >, 350 - 1.5 * FONT_SIZE);

  /* Around the text it was drawn over, top-left origin. */
  g_assert_cmpfloat (fabs (to_dest->x - drawn_see_page.x), <, 3);
  g_assert_cmpfloat (fabs (to_dest->width - drawn_see_page.advance), <, 0.15 * drawn_see_page.advance);
  g_assert_cmpfloat (to_dest->y, <, drawn_see_page.baseline - 0.5 * FONT_SIZE);
  g_assert_cmpfloat (to_dest->y, >, drawn_see_page.baseline - 1.5 * FONT_SIZE);
  g_assert_cmpfloat (to_dest->y + to_dest->height, >, drawn_see_page.baseline - 2);

  g_clear_pointer (&links, g_ptr_array_unref);

  /* The explicit rectangle [300 500 100 30]. */
  links = get_links (client, doc, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 1);
  to_page = g_ptr_array_index (links, 0);
  g_assert_cmpint (to_page->page, ==, 0);
  g_assert_null (to_page->uri);
  g_assert_cmpfloat (fabs (to_page->x - 300), <, 0.5);
  g_assert_cmpfloat (fabs (to_page->y - 500), <, 0.5);
  g_assert_cmpfloat (fabs (to_page->width - 100), <, 0.5);
  g_assert_cmpfloat (fabs (to_page->height - 30), <, 0.5);
  g_clear_pointer (&links, g_ptr_array_unref);

  /* A page without links. */
  links = get_links (client, doc, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 0);
  g_clear_pointer (&links, g_ptr_array_unref);

  /* No such page. */
  links = get_links (client, doc, 5, &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PAGE_FAILED);
  g_assert_null (links);
  g_clear_error (&error);

  g_assert_finalize_object (doc);
  client_free (client);
}

static PlenumRenderText *
get_text (PlenumRenderClient    *client,
          PlenumRenderDocument  *doc,
          guint                  page,
          GError               **error)
{
  Wait wait = { 0 };
  PlenumRenderText *text;

  plenum_render_client_get_text_async (client, doc, page, NULL, got_result_cb, &wait);
  wait_for (&wait);
  text = plenum_render_client_get_text_finish (client, wait.result, error);
  wait_clear (&wait);
  return text;
}

/* One box per character, each inside page @page. */
static void
assert_text_boxes (PlenumRenderDocument   *doc,
                   guint                   page,
                   const PlenumRenderText *text)
{
  double width, height;

  g_assert_nonnull (text->text);
  g_assert_true (g_utf8_validate (text->text, -1, NULL));
  g_assert_nonnull (text->boxes);
  g_assert_cmpuint (g_array_get_element_size (text->boxes), ==, sizeof (PlenumRenderBox));
  g_assert_cmpuint (text->boxes->len, ==, g_utf8_strlen (text->text, -1));

  plenum_render_document_get_page_size (doc, page, &width, &height);
  for (guint i = 0; i < text->boxes->len; i++)
    {
      const PlenumRenderBox *box = &g_array_index (text->boxes, PlenumRenderBox, i);

      g_assert_cmpfloat (box->x, >=, 0);
      g_assert_cmpfloat (box->y, >=, 0);
      g_assert_cmpfloat (box->width, >=, 0);
      g_assert_cmpfloat (box->height, >=, 0);
      g_assert_cmpfloat (box->x + box->width, <=, width);
      g_assert_cmpfloat (box->y + box->height, <=, height);
    }
}

/* The boxes of @word, the first time it is in @text, lie where @drawn says it was drawn:
 * along the baseline, left to right, over the advance it was measured to have. */
static void
assert_word_drawn (const PlenumRenderText *text,
                   const char             *word,
                   const Drawn            *drawn)
{
  const char *at = strstr (text->text, word);
  glong first, n_chars;
  const PlenumRenderBox *box;
  double previous_x = -1;

  g_assert_nonnull (at);
  first = g_utf8_pointer_to_offset (text->text, at);
  n_chars = g_utf8_strlen (word, -1);
  g_assert_cmpuint ((guint) (first + n_chars), <=, text->boxes->len);

  for (glong i = first; i < first + n_chars; i++)
    {
      box = &g_array_index (text->boxes, PlenumRenderBox, i);
      g_test_message ("“%s” box %ld: %g %g %g %g", word, i - first, box->x, box->y,
                      box->width, box->height);
      g_assert_cmpfloat (box->x, >, previous_x);
      previous_x = box->x;
      g_assert_cmpfloat (box->y, <, drawn->baseline - 0.5 * FONT_SIZE);
      g_assert_cmpfloat (box->y, >, drawn->baseline - 1.5 * FONT_SIZE);
      g_assert_cmpfloat (box->y + box->height, >, drawn->baseline - 2);
      g_assert_cmpfloat (box->y + box->height, <, drawn->baseline + 0.5 * FONT_SIZE);
    }
  box = &g_array_index (text->boxes, PlenumRenderBox, first);
  g_assert_cmpfloat (fabs (box->x - drawn->x), <, 3);
  box = &g_array_index (text->boxes, PlenumRenderBox, first + n_chars - 1);
  g_assert_cmpfloat (fabs (box->x + box->width - (drawn->x + drawn->advance)), <,
                     0.15 * drawn->advance);
}

/* A one-page PDF with a drawing but no text. */
static const char *
no_text_pdf_path (void)
{
  static char *path = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (path != NULL)
    return path;

  path = g_build_filename (plenum_test_tmpdir (), "no-text.pdf", NULL);
  surface = cairo_pdf_surface_create (path, PAGE_W, PAGE_H);
  cr = cairo_create (surface);
  cairo_rectangle (cr, 72, 72, 200, 100);
  cairo_fill (cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static void
test_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumRenderText) text = NULL;
  g_autoptr(PlenumRenderText) copy = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;

  doc = open_document (client, test_pdf_path (), &error);
  g_assert_no_error (error);

  /* Page 0: the drawn lines, one per line of text, the words where they were drawn. */
  text = get_text (client, doc, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_test_message ("page 0 text: “%s”", text->text);
  assert_text_boxes (doc, 0, text);
  g_assert_nonnull (strstr (text->text, "Nghị quyết số 12"));
  g_assert_nonnull (strstr (text->text, "Đại biểu đồng ý"));
  g_assert_nonnull (strstr (text->text, "Xem trang hai"));
  g_assert_nonnull (strstr (text->text, "Phụ lục"));
  g_assert_nonnull (strchr (text->text, '\n'));
  assert_word_drawn (text, "Nghị quyết", &drawn_nghi_quyet);
  assert_word_drawn (text, "Xem trang hai", &drawn_see_page);

  /* The boxed type copies deeply. */
  copy = g_boxed_copy (PLENUM_TYPE_RENDER_TEXT, text);
  g_assert_true (copy->text != text->text);
  g_assert_true (copy->boxes != text->boxes);
  g_assert_cmpstr (copy->text, ==, text->text);
  g_assert_cmpuint (copy->boxes->len, ==, text->boxes->len);
  g_assert_cmpmem (copy->boxes->data, copy->boxes->len * sizeof (PlenumRenderBox),
                   text->boxes->data, text->boxes->len * sizeof (PlenumRenderBox));
  g_clear_pointer (&copy, plenum_render_text_free);
  g_clear_pointer (&text, plenum_render_text_free);

  /* Page 4: "Phụ lục" alone. */
  text = get_text (client, doc, 4, &error);
  g_assert_no_error (error);
  assert_text_boxes (doc, 4, text);
  g_assert_cmpstr (text->text, ==, "Phụ lục");
  assert_word_drawn (text, "Phụ lục", &drawn_appendix);
  g_clear_pointer (&text, plenum_render_text_free);

  /* No such page: refused before the helper sees it. */
  text = get_text (client, doc, 5, &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PAGE_FAILED);
  g_assert_null (text);
  g_clear_error (&error);
  g_assert_finalize_object (doc);

  /* A page without text: empty text, no boxes. */
  doc = open_document (client, no_text_pdf_path (), &error);
  g_assert_no_error (error);
  text = get_text (client, doc, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_assert_cmpstr (text->text, ==, "");
  g_assert_cmpuint (text->boxes->len, ==, 0);
  g_clear_pointer (&text, plenum_render_text_free);
  g_assert_finalize_object (doc);

  /* A page poppler cannot load: the helper answers PAGE_FAILED, and keeps serving. */
  doc = open_data_document (client, "bad_pages-tree-null-page.pdf", &error);
  g_assert_no_error (error);
  text = get_text (client, doc, 1, &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PAGE_FAILED);
  g_assert_null (text);
  g_clear_error (&error);
  g_assert_finalize_object (doc);

  /* A real Vietnamese document: every character has its box. */
  doc = open_data_document (client, VI_PDF, &error);
  g_assert_no_error (error);
  text = get_text (client, doc, 0, &error);
  g_assert_no_error (error);
  assert_text_boxes (doc, 0, text);
  g_assert_cmpuint (text->boxes->len, >, 1000);
  g_assert_nonnull (strstr (text->text, "Việt"));
  g_clear_pointer (&text, plenum_render_text_free);
  g_assert_finalize_object (doc);

  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 1);
  client_free (client);
}

static void
test_text_timeout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumRenderText) text = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;
  GPid first;

  doc = open_data_document (client, VI_PDF, &error);
  g_assert_no_error (error);
  first = plenum_render_client_get_helper_pid (client);

  /* The test hook makes the text of STALL_PAGE hang: the watchdog kills the helper. */
  plenum_render_client_set_timeout (client, 1);
  text = get_text (client, doc, STALL_PAGE, &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_TIMEOUT);
  g_assert_null (text);
  g_clear_error (&error);
  g_assert_true (plenum_test_wait_until (NULL, process_reaped, GINT_TO_POINTER (first), WAIT_MS));

  /* The next request runs in a new helper, with the document re-opened there. */
  plenum_render_client_set_timeout (client, PLENUM_RENDER_CLIENT_DEFAULT_TIMEOUT_MS);
  text = get_text (client, doc, 0, &error);
  g_assert_no_error (error);
  assert_text_boxes (doc, 0, text);
  g_assert_cmpuint (text->boxes->len, >, 0);
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 2);
  g_assert_cmpint (plenum_render_client_get_helper_pid (client), !=, first);

  g_assert_finalize_object (doc);
  client_free (client);
}

/* @data as printf escapes ("\\ooo" per byte). */
static char *
printf_escaped (const guint8 *data,
                gsize         length)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (out, "\\%03o", data[i]);
  return g_string_free (out, FALSE);
}

/* A fake helper that answers the first OPEN (request 1, of @path, handle 1) with one
 * A4 page, then the TEXT request 2 with a PAGE_TEXT of @text (@text_length bytes) and
 * @boxes (4 doubles each). */
static char *
write_fake_text_helper (const char   *name,
                        const char   *path,
                        const char   *text,
                        guint32       text_length,
                        const double *boxes,
                        guint32       n_boxes)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *opened = NULL;
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  g_autofree char *opened_escaped = NULL;
  g_autofree char *reply_escaped = NULL;
  g_autofree char *script = NULL;
  gsize opened_length = PLENUM_RENDER_HEADER_SIZE + PLENUM_RENDER_OPENED_FIXED +
                        PLENUM_RENDER_OPENED_PER_PAGE;
  guint8 fixed[PLENUM_RENDER_HEADER_SIZE + PLENUM_RENDER_PAGE_TEXT_FIXED];
  char *script_path;

  opened = g_malloc0 (opened_length);
  plenum_render_header_write (opened, PLENUM_RENDER_MSG_OPENED, 1,
                              opened_length - PLENUM_RENDER_HEADER_SIZE);
  plenum_render_put_u32 (opened + PLENUM_RENDER_HEADER_SIZE, 1);
  plenum_render_put_u32 (opened + PLENUM_RENDER_HEADER_SIZE + 4, 1);
  plenum_render_put_u32 (opened + PLENUM_RENDER_HEADER_SIZE + 12, 1);  /* n_sizes */
  plenum_render_put_f64 (opened + PLENUM_RENDER_HEADER_SIZE + PLENUM_RENDER_OPENED_FIXED, PAGE_W);
  plenum_render_put_f64 (opened + PLENUM_RENDER_HEADER_SIZE + PLENUM_RENDER_OPENED_FIXED + 8,
                         PAGE_H);

  plenum_render_header_write (fixed, PLENUM_RENDER_MSG_PAGE_TEXT, 2,
                              PLENUM_RENDER_PAGE_TEXT_FIXED + text_length +
                              n_boxes * PLENUM_RENDER_PAGE_TEXT_PER_BOX);
  plenum_render_put_u32 (fixed + PLENUM_RENDER_HEADER_SIZE, text_length);
  plenum_render_put_u32 (fixed + PLENUM_RENDER_HEADER_SIZE + 4, n_boxes);
  g_byte_array_append (reply, fixed, sizeof fixed);
  g_byte_array_append (reply, (const guint8 *) text, text_length);
  for (guint i = 0; i < 4 * n_boxes; i++)
    {
      guint8 value[8];

      plenum_render_put_f64 (value, boxes[i]);
      g_byte_array_append (reply, value, sizeof value);
    }

  opened_escaped = printf_escaped (opened, opened_length);
  reply_escaped = printf_escaped (reply->data, reply->len);
  /* head -c reads no more than it is asked for: each reply waits for its request. */
  script = g_strdup_printf ("#!/bin/sh\n"
                            "head -c %u <&3 >/dev/null\n"
                            "printf '%s' >&3\n"
                            "head -c %u <&3 >/dev/null\n"
                            "printf '%s' >&3\n"
                            "exec cat <&3 >/dev/null\n",
                            (guint) (PLENUM_RENDER_HEADER_SIZE + PLENUM_RENDER_OPEN_FIXED + strlen (path)),
                            opened_escaped,
                            (guint) (PLENUM_RENDER_HEADER_SIZE + PLENUM_RENDER_TEXT_SIZE),
                            reply_escaped);
  script_path = g_build_filename (plenum_test_tmpdir (), name, NULL);
  g_file_set_contents (script_path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (script_path, 0755), ==, 0);
  return script_path;
}

/* The client checks PAGE_TEXT replies: boxes are clipped to the page, and a reply whose
 * boxes do not pair with its characters, whose text is not UTF-8 or whose boxes are not
 * finite ends the helper with PROTOCOL. */
static void
test_text_reply_checked (void)
{
  static const double good_boxes[] = {
    -10, 5, 20, 10,                      /* sticks out on the left */
    580, 830, 50, 50,                    /* sticks out at the bottom right */
  };
  static const double two_boxes[] = { 1, 1, 1, 1, 2, 2, 2, 2 };
  static const double one_box[] = { 1, 1, 1, 1 };
  static const double nan_box[] = { 1, 1, 1, 1, 1, NAN, 1, 1 };
  const struct {
    const char   *name;
    const char   *text;
    guint32       text_length;
    const double *boxes;
    guint32       n_boxes;
  } bad[] = {
    { "text-too-few-boxes", "ab", 2, one_box, 1 },
    { "text-too-many-boxes", "a", 1, two_boxes, 2 },
    { "text-not-utf8", "a\xff", 2, two_boxes, 2 },
    { "text-nul", "a\0", 2, two_boxes, 2 },
    { "text-nan", "ab", 2, nan_box, 2 },
  };
  const char *path = test_pdf_path ();

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PlenumRenderText) text = NULL;
    g_autofree char *helper = write_fake_text_helper ("text-good-helper", path, "đa", strlen ("đa"),
                                                      good_boxes, 2);
    PlenumRenderClient *client = plenum_render_client_new (helper);
    PlenumRenderDocument *doc = open_document (client, path, &error);
    const PlenumRenderBox *box;

    g_assert_no_error (error);
    text = get_text (client, doc, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (text->text, ==, "đa");
    g_assert_cmpuint (text->boxes->len, ==, 2);
    box = &g_array_index (text->boxes, PlenumRenderBox, 0);
    g_assert_cmpfloat (box->x, ==, 0);
    g_assert_cmpfloat (box->y, ==, 5);
    g_assert_cmpfloat (box->width, ==, 10);
    g_assert_cmpfloat (box->height, ==, 10);
    box = &g_array_index (text->boxes, PlenumRenderBox, 1);
    g_assert_cmpfloat (box->x, ==, 580);
    g_assert_cmpfloat (box->y, ==, 830);
    g_assert_cmpfloat (box->width, ==, PAGE_W - 580);
    g_assert_cmpfloat (box->height, ==, PAGE_H - 830);
    g_assert_finalize_object (doc);
    client_free (client);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlenumRenderText) text = NULL;
      g_autofree char *name = g_strconcat (bad[i].name, "-helper", NULL);
      g_autofree char *helper = write_fake_text_helper (name, path, bad[i].text,
                                                        bad[i].text_length, bad[i].boxes,
                                                        bad[i].n_boxes);
      PlenumRenderClient *client = plenum_render_client_new (helper);
      PlenumRenderDocument *doc = open_document (client, path, &error);

      g_test_message ("%s", bad[i].name);
      g_assert_no_error (error);
      text = get_text (client, doc, 0, &error);
      g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PROTOCOL);
      g_assert_null (text);
      wait_helper_gone (client);
      g_assert_finalize_object (doc);
      client_free (client);
    }
}

static PlenumRenderDocument *
open_with_password (PlenumRenderClient  *client,
                    const char          *name,
                    const char          *password,
                    GError             **error)
{
  g_autofree char *path = plenum_test_data_path (name);
  Wait wait = { 0 };
  PlenumRenderDocument *doc;

  plenum_render_client_open_with_password_async (client, path, password, NULL,
                                                 got_result_cb, &wait);
  wait_for (&wait);
  doc = plenum_render_client_open_finish (client, wait.result, error);
  wait_clear (&wait);
  return doc;
}

static void
test_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;
  const char *name = "enc_aes256-R6_userpw-view.pdf";
  GPid first;

  doc = open_with_password (client, name, NULL, &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_ENCRYPTED);
  g_assert_null (doc);
  g_clear_error (&error);

  doc = open_with_password (client, name, "wrong", &error);
  g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_ENCRYPTED);
  g_assert_null (doc);
  g_clear_error (&error);

  /* The user password (tests/data/MANIFEST.tsv). */
  doc = open_with_password (client, name, "view", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_render_document_get_n_pages (doc), ==, 30);
  texture = render_page (client, doc, 0, 100, 130, &error);
  g_assert_no_error (error);
  g_clear_object (&texture);

  /* After a crash the document is re-opened with its password. */
  first = plenum_render_client_get_helper_pid (client);
  g_assert_cmpint (kill (first, SIGKILL), ==, 0);
  wait_helper_gone (client);
  texture = render_page (client, doc, 1, 100, 130, &error);
  g_assert_no_error (error);
  g_assert_nonnull (texture);
  g_assert_cmpint (plenum_render_client_get_helper_pid (client), !=, first);
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 2);

  g_assert_finalize_object (doc);
  client_free (client);
}

/* Lazy page sizes ------------------------------------------------------------------------- */

/* The helper hangs on a SIZES chunk that covers this page (set for the whole process in
 * main(); only the 300-page document below reaches it). */
#define STALL_SIZES_PAGE 200

/* Page @i of the documents below: three sizes in turn. */
static void
lazy_page_size (guint   i,
                double *width,
                double *height)
{
  static const double sizes[][2] = { { 595, 842 }, { 842, 595 }, { 612, 792 } };

  *width = sizes[i % 3][0];
  *height = sizes[i % 3][1];
}

/* Writes a PDF of @n_pages empty pages (sizes from lazy_page_size()), with a correct
 * xref table, whose last @n_missing pages poppler cannot load: its page tree counts them
 * but has no kid for them. (poppler skips a broken kid in the middle of the tree and the
 * pages after it move up, so a page that cannot be loaded is always at the end.) */
static char *
write_lazy_pdf (const char *name,
                guint       n_pages,
                guint       n_missing)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) pdf = g_string_new ("%PDF-1.7\n");
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GString) kids = g_string_new (NULL);
  char *path = g_build_filename (plenum_test_tmpdir (), name, NULL);
  guint n_real = n_pages - n_missing;
  gsize xref;

  for (guint i = 0; i < n_real; i++)
    g_string_append_printf (kids, "%u 0 R ", 3 + i);

  g_array_append_val (offsets, pdf->len);
  g_string_append (pdf, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
  g_array_append_val (offsets, pdf->len);
  g_string_append_printf (pdf, "2 0 obj << /Type /Pages /Kids [%s] /Count %u >> endobj\n",
                          kids->str, n_pages);
  for (guint i = 0; i < n_real; i++)
    {
      double width, height;

      lazy_page_size (i, &width, &height);
      g_array_append_val (offsets, pdf->len);
      g_string_append_printf (pdf, "%u 0 obj << /Type /Page /Parent 2 0 R "
                              "/MediaBox [0 0 %g %g] >> endobj\n", 3 + i, width, height);
    }
  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", offsets->len + 1);
  for (guint i = 0; i < offsets->len; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n",
                            g_array_index (offsets, gsize, i));
  g_string_append_printf (pdf, "trailer << /Size %u /Root 1 0 R >>\nstartxref\n%" G_GSIZE_FORMAT
                          "\n%%%%EOF\n", offsets->len + 1, xref);
  g_file_set_contents (path, pdf->str, (gssize) pdf->len, &error);
  g_assert_no_error (error);
  return path;
}

typedef struct {
  GArray   *ranges;   /* of guint pairs: first, count */
  gboolean  final;
} SizesSeen;

static void
page_sizes_changed_cb (PlenumRenderDocument *doc,
                       guint                 first,
                       guint                 count,
                       gpointer              user_data)
{
  SizesSeen *seen = user_data;
  guint range[2] = { first, count };

  g_assert_cmpuint (count, >, 0);
  g_assert_cmpuint (first + count, <=, plenum_render_document_get_n_pages (doc));
  g_array_append_vals (seen->ranges, range, 2);
}

static void
sizes_final_cb (PlenumRenderDocument *doc,
                GParamSpec           *pspec,
                gpointer              user_data)
{
  SizesSeen *seen = user_data;

  g_assert_false (seen->final);
  g_assert_true (plenum_render_document_get_sizes_final (doc));
  seen->final = TRUE;
}

static gboolean
sizes_seen_cover (SizesSeen *seen,
                  guint      page)
{
  for (guint i = 0; i < seen->ranges->len; i += 2)
    {
      guint first = g_array_index (seen->ranges, guint, i);
      guint count = g_array_index (seen->ranges, guint, i + 1);

      if (page >= first && page < first + count)
        return TRUE;
    }
  return FALSE;
}

/* OPENED carries only the first pages' sizes; the others come in chunks, right, with
 * "page-sizes-changed" for those that differ from their estimate; missing pages beyond
 * the first chunk are flagged; renders go on meanwhile. */
static void
test_lazy_sizes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_lazy_pdf ("lazy-sizes.pdf", 150, 3);
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;
  SizesSeen seen = { g_array_new (FALSE, FALSE, sizeof (guint)), FALSE };
  double est_width, est_height, width, height;

  doc = open_document (client, path, &error);
  g_assert_no_error (error);
  g_signal_connect (doc, "page-sizes-changed", G_CALLBACK (page_sizes_changed_cb), &seen);
  g_signal_connect (doc, "notify::sizes-final", G_CALLBACK (sizes_final_cb), &seen);
  g_assert_cmpuint (plenum_render_document_get_n_pages (doc), ==, 150);

  /* As opened: the first pages are measured; the others carry the last measured size.
   * No chunk can have been applied yet: that happens in an idle after the open's
   * completion. */
  g_assert_false (plenum_render_document_get_sizes_final (doc));
  for (guint i = 0; i < PLENUM_RENDER_OPEN_SIZES; i++)
    {
      g_assert_false (plenum_render_document_get_page_estimated (doc, i));
      plenum_render_document_get_page_size (doc, i, &width, &height);
      lazy_page_size (i, &est_width, &est_height);
      g_assert_cmpfloat (width, ==, est_width);
      g_assert_cmpfloat (height, ==, est_height);
      g_assert_true (plenum_render_document_get_page_ok (doc, i));
    }
  lazy_page_size (PLENUM_RENDER_OPEN_SIZES - 1, &est_width, &est_height);
  for (guint i = PLENUM_RENDER_OPEN_SIZES; i < 150; i++)
    {
      g_assert_true (plenum_render_document_get_page_estimated (doc, i));
      plenum_render_document_get_page_size (doc, i, &width, &height);
      g_assert_cmpfloat (width, ==, est_width);
      g_assert_cmpfloat (height, ==, est_height);
    }

  /* A render asked for at once is served (and never waits for every size). */
  {
    g_autoptr(GdkTexture) texture = render_page (client, doc, 0, 60, 85, &error);

    g_assert_no_error (error);
    g_assert_nonnull (texture);
  }

  g_assert_true (plenum_test_wait_flag (NULL, &seen.final, WAIT_MS));
  g_assert_true (plenum_render_document_get_sizes_final (doc));
  for (guint i = 0; i < 150; i++)
    {
      gboolean is_missing = i >= 147;

      g_assert_false (plenum_render_document_get_page_estimated (doc, i));
      plenum_render_document_get_page_size (doc, i, &width, &height);
      /* A missing page has the size of the last readable one before it. */
      lazy_page_size (is_missing ? 146 : i, &est_width, &est_height);
      g_assert_cmpfloat (width, ==, est_width);
      g_assert_cmpfloat (height, ==, est_height);
      g_assert_cmpint (plenum_render_document_get_page_ok (doc, i), ==, !is_missing);
      /* Every page whose size or flag differs from its estimate was announced. */
      if (i >= PLENUM_RENDER_OPEN_SIZES)
        {
          double first_w, first_h;

          lazy_page_size (PLENUM_RENDER_OPEN_SIZES - 1, &first_w, &first_h);
          if (is_missing || width != first_w || height != first_h)
            g_assert_true (sizes_seen_cover (&seen, i));
        }
      else
        {
          g_assert_false (sizes_seen_cover (&seen, i));
        }
    }
  g_assert_cmpuint (seen.ranges->len, >, 0);

  {
    g_autoptr(GdkTexture) texture = render_page (client, doc, 148, 60, 85, &error);

    g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PAGE_FAILED);
    g_assert_null (texture);
    g_clear_error (&error);
    texture = render_page (client, doc, 100, 85, 60, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_texture_get_width (texture), ==, 85);
  }
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 1);

  g_assert_finalize_object (doc);
  g_array_unref (seen.ranges);
  client_free (client);
}

/* A SIZES chunk that hangs: the helper is killed, the chunk's pages become missing for
 * good (not asked again), and a restarted helper measures the rest. */
static void
test_lazy_sizes_timeout (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_lazy_pdf ("lazy-sizes-stall.pdf", 300, 0);
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc;
  SizesSeen seen = { g_array_new (FALSE, FALSE, sizeof (guint)), FALSE };
  guint chunk_first = G_MAXUINT, chunk_last = 0;

  plenum_render_client_set_timeout (client, 500);
  doc = open_document (client, path, &error);
  g_assert_no_error (error);
  g_signal_connect (doc, "page-sizes-changed", G_CALLBACK (page_sizes_changed_cb), &seen);
  g_signal_connect (doc, "notify::sizes-final", G_CALLBACK (sizes_final_cb), &seen);
  /* The chunk with the stalling page times out: its pages turn missing. */
  g_assert_true (plenum_test_wait_until (NULL, helper_pid_is, client, WAIT_MS));
  for (guint i = PLENUM_RENDER_OPEN_SIZES; i < 300; i++)
    if (!plenum_render_document_get_page_estimated (doc, i) &&
        !plenum_render_document_get_page_ok (doc, i))
      {
        chunk_first = MIN (chunk_first, i);
        chunk_last = MAX (chunk_last, i);
      }
  /* Applied from an idle: wait for it. */
  while (chunk_first == G_MAXUINT)
    {
      g_assert_true (g_main_context_iteration (NULL, TRUE));
      for (guint i = PLENUM_RENDER_OPEN_SIZES; i < 300; i++)
        if (!plenum_render_document_get_page_ok (doc, i))
          {
            chunk_first = MIN (chunk_first, i);
            chunk_last = MAX (chunk_last, i);
          }
    }
  g_assert_cmpuint (chunk_first, <=, STALL_SIZES_PAGE);
  g_assert_cmpuint (chunk_last, >=, STALL_SIZES_PAGE);
  g_assert_false (seen.final);
  g_assert_true (plenum_render_document_get_page_estimated (doc, 299));

  /* No helper is started for sizes alone; the next one resumes after the failed chunk. */
  g_assert_true (ping (client, &error));
  g_assert_no_error (error);
  g_assert_true (plenum_test_wait_flag (NULL, &seen.final, WAIT_MS));
  for (guint i = 0; i < 300; i++)
    g_assert_cmpint (plenum_render_document_get_page_ok (doc, i), ==,
                     i < chunk_first || i > chunk_last);
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 2);

  g_assert_finalize_object (doc);
  g_array_unref (seen.ranges);
  client_free (client);
}

/* Pixel buffers -------------------------------------------------------------------------- */

static void
texture_buffer (GdkTexture *texture,
                guint      *generation,
                guint32    *id)
{
  g_assert_true (plenum_render_client_get_texture_buffer (texture, generation, id));
  g_assert_cmpuint (*id, >, 0);
}

static GBytes *
texture_pixels (GdkTexture *texture)
{
  gsize stride = (gsize) gdk_texture_get_width (texture) * 4;
  gsize size = stride * (gsize) gdk_texture_get_height (texture);
  guint8 *data = g_malloc (size);

  gdk_texture_download (texture, data, stride);
  return g_bytes_new_take (data, size);
}

/* A page's buffer goes back to the helper when its texture is dropped, and is reused
 * (same id) — never while a texture over it is held; a buffer up to 1.5× too large is
 * reused, a much larger one is not; textures keep their pixels while the helper draws
 * other pages; the client keeps few idle mappings. */
static void
test_buffer_reuse (void)
{
  g_autoptr(GError) error = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc = open_data_document (client, VI_PDF, &error);
  g_autoptr(GdkTexture) first = NULL;
  g_autoptr(GdkTexture) second = NULL;
  g_autoptr(GdkTexture) third = NULL;
  g_autoptr(GBytes) first_pixels = NULL;
  g_autoptr(GBytes) second_pixels = NULL;
  int height = height_for_width (doc, 0, 400);
  guint generation, generation2;
  guint32 id1, id2, id3;

  g_assert_no_error (error);
  first = render_page (client, doc, 0, 400, height, &error);
  g_assert_no_error (error);
  texture_buffer (first, &generation, &id1);
  first_pixels = texture_pixels (first);

  /* Held: another page gets another buffer, and the first keeps its pixels. */
  second = render_page (client, doc, 1, 400, height, &error);
  g_assert_no_error (error);
  texture_buffer (second, &generation2, &id2);
  g_assert_cmpuint (generation2, ==, generation);
  g_assert_cmpuint (id2, !=, id1);
  second_pixels = texture_pixels (second);
  g_assert_false (g_bytes_equal (first_pixels, second_pixels));
  {
    g_autoptr(GBytes) again = texture_pixels (first);

    g_assert_true (g_bytes_equal (again, first_pixels));
  }

  /* Dropped: the next page of that size is drawn in the same buffer, and the held
   * texture is untouched by it. */
  g_clear_object (&first);
  g_assert_cmpuint (plenum_render_client_get_n_idle_buffers (client), ==, 1);
  third = render_page (client, doc, 2, 400, height, &error);
  g_assert_no_error (error);
  texture_buffer (third, &generation2, &id3);
  g_assert_cmpuint (id3, ==, id1);
  g_assert_cmpuint (plenum_render_client_get_n_idle_buffers (client), ==, 0);
  {
    g_autoptr(GBytes) again = texture_pixels (second);

    g_assert_true (g_bytes_equal (again, second_pixels));
  }
  /* And page 0 again, in the buffer where page 2 was: the pixels are page 0's. */
  g_clear_object (&third);
  first = render_page (client, doc, 0, 400, height, &error);
  g_assert_no_error (error);
  texture_buffer (first, &generation2, &id3);
  g_assert_cmpuint (id3, ==, id1);
  {
    g_autoptr(GBytes) again = texture_pixels (first);

    g_assert_true (g_bytes_equal (again, first_pixels));
  }

  /* A page a little smaller fits the free buffer; one of a quarter of the size does
   * not (it would waste the memory). */
  g_clear_object (&first);
  third = render_page (client, doc, 3, 400, height * 4 / 5, &error);
  g_assert_no_error (error);
  texture_buffer (third, &generation2, &id3);
  g_assert_cmpuint (id3, ==, id1);
  g_clear_object (&third);
  third = render_page (client, doc, 3, 200, height / 2, &error);
  g_assert_no_error (error);
  texture_buffer (third, &generation2, &id3);
  g_assert_cmpuint (id3, !=, id1);
  g_assert_cmpuint (id3, !=, id2);

  /* Everything dropped: at most two idle mappings are kept. */
  g_clear_object (&second);
  g_clear_object (&third);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GdkTexture) a = render_page (client, doc, 4, 100 + 50 * i, 100, &error);
      g_autoptr(GdkTexture) b = render_page (client, doc, 5, 500 + 50 * i, 100, &error);

      g_assert_no_error (error);
    }
  g_assert_cmpuint (plenum_render_client_get_n_idle_buffers (client), <=, 2);
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 1);

  g_assert_finalize_object (doc);
  client_free (client);
}

/* A helper killed while textures over its buffers are held: they keep their pixels, and
 * dropping them later releases nothing into the next helper, whose buffer ids start
 * over. */
static void
test_buffer_restart (void)
{
  g_autoptr(GError) error = NULL;
  PlenumRenderClient *client = client_new ();
  PlenumRenderDocument *doc = open_data_document (client, VI_PDF, &error);
  g_autoptr(GdkTexture) old = NULL;
  g_autoptr(GdkTexture) fresh = NULL;
  g_autoptr(GdkTexture) other = NULL;
  g_autoptr(GBytes) old_pixels = NULL;
  g_autoptr(GBytes) fresh_pixels = NULL;
  int height = height_for_width (doc, 0, 300);
  guint gen_old, gen_fresh, gen_other;
  guint32 id_old, id_fresh, id_other;

  g_assert_no_error (error);
  old = render_page (client, doc, 0, 300, height, &error);
  g_assert_no_error (error);
  texture_buffer (old, &gen_old, &id_old);
  old_pixels = texture_pixels (old);

  g_assert_cmpint (kill (plenum_render_client_get_helper_pid (client), SIGKILL), ==, 0);
  wait_helper_gone (client);
  {
    g_autoptr(GBytes) again = texture_pixels (old);

    g_assert_true (g_bytes_equal (again, old_pixels));
  }

  /* The next helper: the same id again, in another generation, for page 1. */
  fresh = render_page (client, doc, 1, 300, height, &error);
  g_assert_no_error (error);
  texture_buffer (fresh, &gen_fresh, &id_fresh);
  g_assert_cmpuint (gen_fresh, ==, gen_old + 1);
  g_assert_cmpuint (id_fresh, ==, id_old);
  fresh_pixels = texture_pixels (fresh);

  /* Dropping the old texture must not release the new helper's buffer of that id: the
   * next page goes to another buffer, and the held one keeps page 1. */
  g_clear_object (&old);
  g_assert_cmpuint (plenum_render_client_get_n_idle_buffers (client), ==, 0);
  other = render_page (client, doc, 2, 300, height, &error);
  g_assert_no_error (error);
  texture_buffer (other, &gen_other, &id_other);
  g_assert_cmpuint (gen_other, ==, gen_fresh);
  g_assert_cmpuint (id_other, !=, id_fresh);
  {
    g_autoptr(GBytes) again = texture_pixels (fresh);

    g_assert_true (g_bytes_equal (again, fresh_pixels));
  }
  g_assert_cmpuint (plenum_render_client_get_n_starts (client), ==, 2);

  g_assert_finalize_object (doc);
  client_free (client);
}

/* The fake helper (this test program run as plenum-render, see main()): answers PING
 * and OPEN (one page), and RENDER with a RENDERED whose buffer is wrong in the way
 * @mode says:
 *   bad-seals  the memfd can shrink;
 *   wrong-size the memfd is smaller than the reply says;
 *   short      the reply's buffer is smaller than stride × height;
 *   zero-id    buffer id 0;
 *   held       every RENDER names buffer 7: right the first time, then while the client
 *              holds a texture over it. */
static int
fake_buffer_helper (const char *mode)
{
  const int fd = PLENUM_RENDER_SOCKET_FD;

  for (;;)
    {
      guint8 raw[PLENUM_RENDER_HEADER_SIZE];
      guint8 payload[PLENUM_RENDER_MAX_PATH + 64];
      guint8 reply[PLENUM_RENDER_HEADER_SIZE + 64] = { 0 };
      PlenumRenderHeader header;
      gsize got = 0, reply_length = 0;
      int pass_fd = -1;

      while (got < sizeof raw)
        {
          ssize_t n = read (fd, raw + got, sizeof raw - got);

          if (n <= 0)
            return 0;
          got += (gsize) n;
        }
      if (!plenum_render_header_read (raw, sizeof payload, &header))
        return 2;
      for (got = 0; got < header.payload_length;)
        {
          ssize_t n = read (fd, payload + got, header.payload_length - got);

          if (n <= 0)
            return 0;
          got += (gsize) n;
        }

      if (header.type == PLENUM_RENDER_MSG_PING)
        {
          plenum_render_header_write (reply, PLENUM_RENDER_MSG_PONG, header.request_id, 0);
          reply_length = PLENUM_RENDER_HEADER_SIZE;
        }
      else if (header.type == PLENUM_RENDER_MSG_OPEN)
        {
          guint8 *p = reply + PLENUM_RENDER_HEADER_SIZE;

          reply_length = PLENUM_RENDER_OPENED_FIXED + PLENUM_RENDER_OPENED_PER_PAGE;
          plenum_render_header_write (reply, PLENUM_RENDER_MSG_OPENED, header.request_id,
                                      reply_length);
          plenum_render_put_u32 (p, plenum_render_get_u32 (payload));
          plenum_render_put_u32 (p + 4, 1);
          plenum_render_put_u32 (p + 12, 1);
          plenum_render_put_f64 (p + PLENUM_RENDER_OPENED_FIXED, 612);
          plenum_render_put_f64 (p + PLENUM_RENDER_OPENED_FIXED + 8, 792);
          reply_length += PLENUM_RENDER_HEADER_SIZE;
        }
      else if (header.type == PLENUM_RENDER_MSG_RENDER)
        {
          guint8 *p = reply + PLENUM_RENDER_HEADER_SIZE;
          guint32 width = plenum_render_get_u32 (payload + 8);
          guint32 height = plenum_render_get_u32 (payload + 12);
          guint64 size = (guint64) width * 4 * height;
          int seals = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL;

          if (g_str_equal (mode, "bad-seals"))
            seals = F_SEAL_GROW | F_SEAL_SEAL;
          pass_fd = memfd_create ("fake-page", MFD_CLOEXEC | MFD_ALLOW_SEALING);
          if (pass_fd < 0 ||
              ftruncate (pass_fd, (off_t) (g_str_equal (mode, "wrong-size") ? size / 2 : size)) != 0 ||
              fcntl (pass_fd, F_ADD_SEALS, seals) != 0)
            return 3;
          plenum_render_header_write (reply, PLENUM_RENDER_MSG_RENDERED, header.request_id,
                                      PLENUM_RENDER_RENDERED_SIZE);
          plenum_render_put_u32 (p, width);
          plenum_render_put_u32 (p + 4, height);
          plenum_render_put_u32 (p + 8, width * 4);
          plenum_render_put_u32 (p + 12, PLENUM_RENDER_FORMAT_ARGB32_PREMULTIPLIED);
          plenum_render_put_u64 (p + 16, g_str_equal (mode, "short") ? size - 4 : size);
          plenum_render_put_u32 (p + 24, g_str_equal (mode, "zero-id") ? 0 : 7);
          reply_length = PLENUM_RENDER_HEADER_SIZE + PLENUM_RENDER_RENDERED_SIZE;
        }

      if (reply_length > 0)
        {
          union {
            struct cmsghdr align;
            char           buffer[CMSG_SPACE (sizeof (int))];
          } control;
          struct iovec iov = { reply, reply_length };
          struct msghdr msg = { 0 };

          msg.msg_iov = &iov;
          msg.msg_iovlen = 1;
          if (pass_fd >= 0)
            {
              struct cmsghdr *cmsg;

              memset (&control, 0, sizeof control);
              msg.msg_control = control.buffer;
              msg.msg_controllen = sizeof control.buffer;
              cmsg = CMSG_FIRSTHDR (&msg);
              cmsg->cmsg_level = SOL_SOCKET;
              cmsg->cmsg_type = SCM_RIGHTS;
              cmsg->cmsg_len = CMSG_LEN (sizeof (int));
              memcpy (CMSG_DATA (cmsg), &pass_fd, sizeof (int));
            }
          if (sendmsg (fd, &msg, MSG_NOSIGNAL) != (ssize_t) reply_length)
            return 0;
          if (pass_fd >= 0)
            close (pass_fd);
        }
    }
}

static char *test_program;  /* this executable, to run as a fake helper */

static char *
write_fake_buffer_helper (const char *mode)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("buffer-helper-%s", mode);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\nexec '%s' --fake-buffer-helper=%s\n",
                                             test_program, mode);
  char *path = g_build_filename (plenum_test_tmpdir (), name, NULL);

  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return path;
}

/* A RENDERED whose buffer is not what it should be is a protocol error: the helper is
 * ended, the render fails with PROTOCOL. */
static void
test_buffer_malformed (void)
{
  const char *modes[] = { "bad-seals", "wrong-size", "short", "zero-id", "held" };

  for (gsize i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      g_autoptr(GdkTexture) second = NULL;
      g_autofree char *helper = write_fake_buffer_helper (modes[i]);
      PlenumRenderClient *client = plenum_render_client_new (helper);
      PlenumRenderDocument *doc = open_document (client, test_pdf_path (), &error);

      g_test_message ("%s", modes[i]);
      g_assert_no_error (error);
      texture = render_page (client, doc, 0, 40, 50, &error);
      if (g_str_equal (modes[i], "held"))
        {
          /* Right the first time; then buffer 7 again while its texture is held. */
          g_assert_no_error (error);
          g_assert_nonnull (texture);
          second = render_page (client, doc, 0, 40, 50, &error);
        }
      g_assert_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PROTOCOL);
      g_assert_null (g_str_equal (modes[i], "held") ? second : texture);
      wait_helper_gone (client);
      g_assert_finalize_object (doc);
      client_free (client);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* Run as a fake helper by test_buffer_malformed(). */
  if (argc >= 2 && g_str_has_prefix (argv[1], "--fake-buffer-helper="))
    return fake_buffer_helper (argv[1] + strlen ("--fake-buffer-helper="));
  test_program = g_file_read_link ("/proc/self/exe", NULL);
  g_assert_nonnull (test_program);

  plenum_test_init (&argc, &argv);
  g_setenv ("PLENUM_RENDER_TEST_STALL_PAGE", G_STRINGIFY (STALL_PAGE), TRUE);
  g_setenv ("PLENUM_RENDER_TEST_STALL_SIZES", G_STRINGIFY (STALL_SIZES_PAGE), TRUE);

  g_test_add_func ("/plenum/render/helper-lookup", test_helper_lookup);
  g_test_add_func ("/plenum/render/open-sizes", test_open_sizes);
  g_test_add_func ("/plenum/render/matches-poppler", test_render_matches_poppler);
  g_test_add_func ("/plenum/render/two-sizes", test_render_two_sizes);
  g_test_add_func ("/plenum/render/bad-files", test_bad_files);
  g_test_add_func ("/plenum/render/encrypted", test_encrypted);
  g_test_add_func ("/plenum/render/too-big", test_too_big);
  g_test_add_func ("/plenum/render/killed", test_killed);
  g_test_add_func ("/plenum/render/killed-while-pending", test_killed_while_pending);
  g_test_add_func ("/plenum/render/timeout", test_timeout);
  g_test_add_func ("/plenum/render/restart-rate-limit", test_restart_rate_limit);
  g_test_add_func ("/plenum/render/cancel", test_cancel);
  g_test_add_func ("/plenum/render/no-fd-leak", test_no_fd_leak);
  g_test_add_func ("/plenum/render/limits", test_limits);
  g_test_add_func ("/plenum/render/helper-missing", test_helper_missing);
  g_test_add_func ("/plenum/render/helper-misbehaves", test_helper_misbehaves);
  g_test_add_func ("/plenum/render/properties", test_properties);
  g_test_add_func ("/plenum/render/search", test_search);
  g_test_add_func ("/plenum/render/search-vietnamese", test_search_vietnamese);
  g_test_add_func ("/plenum/render/search-timeout", test_search_timeout);
  g_test_add_func ("/plenum/render/outline", test_outline);
  g_test_add_func ("/plenum/render/links", test_links);
  g_test_add_func ("/plenum/render/text", test_text);
  g_test_add_func ("/plenum/render/text-timeout", test_text_timeout);
  g_test_add_func ("/plenum/render/text-reply-checked", test_text_reply_checked);
  g_test_add_func ("/plenum/render/password", test_password);
  g_test_add_func ("/plenum/render/lazy-sizes", test_lazy_sizes);
  g_test_add_func ("/plenum/render/lazy-sizes-timeout", test_lazy_sizes_timeout);
  g_test_add_func ("/plenum/render/buffer-reuse", test_buffer_reuse);
  g_test_add_func ("/plenum/render/buffer-restart", test_buffer_restart);
  g_test_add_func ("/plenum/render/buffer-malformed", test_buffer_malformed);

  return g_test_run ();
}
