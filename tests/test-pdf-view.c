/* test-pdf-view.c — the reader's page view in a real window under Xvfb, with the real
 * render helper: opening, scrolling to a page, zoom (a stand-in first, then the sharp
 * page at the size shown), single-page mode and its actions, the watermark of a
 * confidential document (pixels), and a hostile page (nested forms that would draw for
 * minutes): its placeholder appears within the deadline, the helper is killed and
 * restarted, the next page renders, and the main loop answered throughout.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo-pdf.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "gui/plenum-pdf-view.h"
#include "pdf/plenum-render-queue.h"
#include "plenum-test-gui.h"
#include "plenum-test-util.h"

#define WAIT_MS 60000

typedef struct {
  PlenumRenderClient *client;
  PlenumTextureCache *cache;
  PlenumRenderQueue  *queue;
  GtkWindow          *window;
  PlenumPdfView      *view;
  PlenumRenderDocument *document;
} Fixture;

/* A PDF of @n_pages A5 pages, each with its number in large type, page 4 landscape. */
static char *
make_pdf (guint n_pages)
{
  g_autofree char *dir = plenum_test_mkdtemp ("pdf-view");
  char *path = g_build_filename (dir, "pages.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 420, 595);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *text = g_strdup_printf ("Trang %u", i + 1);
      double w = i == 3 ? 595 : 420, h = i == 3 ? 420 : 595;

      cairo_pdf_surface_set_size (surface, w, h);
      cairo_set_source_rgb (cr, 0.1, 0.2, 0.6);
      cairo_rectangle (cr, 30, 30, w - 60, 60);
      cairo_fill (cr);
      cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size (cr, 40);
      cairo_move_to (cr, 40, 200);
      cairo_show_text (cr, text);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

/* Eight pages; page 6 (index HOSTILE_PAGE) draws a form that draws a form … ten times
 * at each of nine levels: 10^9 fills, minutes of poppler's time for a few hundred
 * bytes. */
#define HOSTILE_PAGE 5
#define HOSTILE_PAGES 8
static char *
make_hostile_pdf (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("pdf-view-hostile");
  char *path = g_build_filename (dir, "hostile.pdf", NULL);
  g_autoptr(GString) pdf = g_string_new ("%PDF-1.4\n");
  g_autoptr(GArray) offsets = g_array_new (FALSE, TRUE, sizeof (gsize));
  const guint depth = 9, first_form = 6 + HOSTILE_PAGES;
  const char *plain = "0 0 1 rg 20 20 200 300 re f";
  g_autoptr(GError) error = NULL;
  gsize xref;
  guint n_objects = first_form + depth;

  g_array_set_size (offsets, n_objects);

#define OBJ(n, ...) G_STMT_START { \
    g_array_index (offsets, gsize, (n)) = pdf->len; \
    g_string_append_printf (pdf, "%u 0 obj\n", (guint) (n)); \
    g_string_append_printf (pdf, __VA_ARGS__); \
    g_string_append (pdf, "\nendobj\n"); \
  } G_STMT_END

  OBJ (1, "<< /Type /Catalog /Pages 2 0 R >>");
  {
    g_autoptr(GString) kids = g_string_new ("");

    for (guint p = 0; p < HOSTILE_PAGES; p++)
      g_string_append_printf (kids, "%u 0 R ", 6 + p);
    OBJ (2, "<< /Type /Pages /Kids [%s] /Count %d >>", kids->str, HOSTILE_PAGES);
  }
  OBJ (3, "<< /Length %zu >>\nstream\n%s\nendstream", strlen (plain), plain);
  OBJ (4, "<< /Length 5 >>\nstream\n/X Do\nendstream");
  OBJ (5, "<< >>");
  for (guint p = 0; p < HOSTILE_PAGES; p++)
    {
      if (p == HOSTILE_PAGE)
        OBJ (6 + p, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Contents 4 0 R "
                    "/Resources << /XObject << /X %u 0 R >> >> >>", first_form);
      else
        OBJ (6 + p, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Contents 3 0 R >>");
    }
  for (guint level = 0; level < depth; level++)
    {
      guint n = first_form + level;

      if (level + 1 < depth)
        {
          const char *body = "/X Do /X Do /X Do /X Do /X Do /X Do /X Do /X Do /X Do /X Do";

          OBJ (n, "<< /Type /XObject /Subtype /Form /BBox [0 0 300 400] "
                  "/Resources << /XObject << /X %u 0 R >> >> /Length %zu >>\n"
                  "stream\n%s\nendstream", n + 1, strlen (body), body);
        }
      else
        OBJ (n, "<< /Type /XObject /Subtype /Form /BBox [0 0 300 400] /Length %zu >>\n"
                "stream\n%s\nendstream", strlen (plain), plain);
    }
#undef OBJ

  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", n_objects);
  for (guint i = 1; i < n_objects; i++)
    g_string_append_printf (pdf, "%010zu 00000 n \n", g_array_index (offsets, gsize, i));
  g_string_append_printf (pdf, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
                          n_objects, xref);
  g_assert_true (g_file_set_contents (path, pdf->str, (gssize) pdf->len, &error));
  g_assert_no_error (error);
  return path;
}

static gboolean
view_ready (gpointer user_data)
{
  return plenum_pdf_view_get_ready (user_data);
}

static void
fixture_set_up (Fixture    *f,
                const char *path,
                guint       timeout_ms)
{
  f->client = plenum_render_client_new (NULL);
  if (timeout_ms > 0)
    plenum_render_client_set_timeout (f->client, timeout_ms);
  f->cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  f->queue = plenum_render_queue_new (f->client, f->cache);

  f->document = plenum_test_open_document (f->client, path);
  f->view = plenum_test_pdf_view_window (f->queue, f->document, 600, 800, &f->window);
}

static void
fixture_tear_down (Fixture *f)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->document);
  g_clear_object (&f->queue);
  g_clear_object (&f->cache);
  g_clear_object (&f->client);
}

/* Every page on screen is rendered at exactly the size it is shown. */
static void
assert_visible_sharp (Fixture *f)
{
  guint first, last;

  g_assert_true (plenum_pdf_view_get_visible_range (f->view, &first, &last));
  for (guint p = first; p <= last; p++)
    {
      int width, height;
      GdkTexture *texture;

      g_assert_cmpint (plenum_pdf_view_get_page_state (f->view, p), ==, PLENUM_PDF_PAGE_SHARP);
      plenum_pdf_view_get_render_size (f->view, p, &width, &height);
      texture = plenum_texture_cache_lookup (f->cache, f->document, p, width, height);
      g_assert_nonnull (texture);
      g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
    }
}

static void
test_open_scroll_zoom (void)
{
  g_autofree char *path = make_pdf (20);
  Fixture f = { 0 };
  graphene_rect_t rect;
  guint first, last;
  int width, height;

  fixture_set_up (&f, path, 0);

  /* Opened at the first page, fit width: the page spans the view less the margins. */
  g_assert_cmpuint (plenum_pdf_view_get_n_pages (f.view), ==, 20);
  g_assert_cmpuint (plenum_pdf_view_get_page (f.view), ==, 0);
  g_assert_cmpint (plenum_pdf_view_get_sizing (f.view), ==, PLENUM_PDF_VIEW_FIT_WIDTH);
  g_assert_true (plenum_pdf_view_get_page_rect (f.view, 0, &rect));
  g_assert_cmpfloat (rect.size.width, >, gtk_widget_get_width (GTK_WIDGET (f.view)) * 0.6);
  g_assert_cmpfloat (rect.size.width, <=, gtk_widget_get_width (GTK_WIDGET (f.view)));
  assert_visible_sharp (&f);

  /* Page 10: scrolled to, shown sharp. */
  plenum_pdf_view_set_page (f.view, 9);
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));
  g_assert_cmpuint (plenum_pdf_view_get_page (f.view), ==, 9);
  g_assert_true (plenum_pdf_view_get_visible_range (f.view, &first, &last));
  g_assert_cmpuint (first, <=, 9);
  g_assert_cmpuint (last, >=, 9);
  assert_visible_sharp (&f);

  /* Zoom in: at once a stand-in (the old size, scaled), then the sharp page. */
  plenum_pdf_view_get_render_size (f.view, 9, &width, &height);
  plenum_pdf_view_set_zoom (f.view, plenum_pdf_view_get_zoom (f.view) * 2);
  g_assert_cmpint (plenum_pdf_view_get_sizing (f.view), ==, PLENUM_PDF_VIEW_FREE);
  g_assert_cmpint (plenum_pdf_view_get_page_state (f.view, 9), ==, PLENUM_PDF_PAGE_STANDIN);
  g_assert_false (plenum_pdf_view_get_ready (f.view));
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));
  {
    int zoomed_width, zoomed_height;

    plenum_pdf_view_get_render_size (f.view, 9, &zoomed_width, &zoomed_height);
    g_assert_cmpint (abs (zoomed_width - 2 * width), <=, 2);
  }
  assert_visible_sharp (&f);

  /* Keys: Ctrl+0 is fit width again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "pdf.fit-width", NULL));
  g_assert_cmpint (plenum_pdf_view_get_sizing (f.view), ==, PLENUM_PDF_VIEW_FIT_WIDTH);
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));
  assert_visible_sharp (&f);

  fixture_tear_down (&f);
}

static void
test_single_page (void)
{
  g_autofree char *path = make_pdf (6);
  Fixture f = { 0 };
  guint first, last;

  fixture_set_up (&f, path, 0);
  plenum_pdf_view_set_mode (f.view, PLENUM_PDF_VIEW_SINGLE_PAGE);
  plenum_pdf_view_set_sizing (f.view, PLENUM_PDF_VIEW_FIT_PAGE);
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));
  g_assert_true (plenum_pdf_view_get_visible_range (f.view, &first, &last));
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (last, ==, 0);

  /* Turned with the actions (as the buttons and the swipe do), up to the landscape
   * page, which is fitted whole. */
  for (guint i = 0; i < 3; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "pdf.next-page", NULL));
  g_assert_cmpuint (plenum_pdf_view_get_page (f.view), ==, 3);
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));
  {
    graphene_rect_t rect;

    g_assert_true (plenum_pdf_view_get_page_rect (f.view, 3, &rect));
    g_assert_cmpfloat (rect.size.width, >, rect.size.height);
    g_assert_cmpfloat (rect.size.width, <=, gtk_widget_get_width (GTK_WIDGET (f.view)));
    g_assert_cmpfloat (rect.size.height, <=, gtk_widget_get_height (GTK_WIDGET (f.view)));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "pdf.last-page", NULL));
  g_assert_cmpuint (plenum_pdf_view_get_page (f.view), ==, 5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "pdf.next-page", NULL));
  g_assert_cmpuint (plenum_pdf_view_get_page (f.view), ==, 5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "pdf.first-page", NULL));
  g_assert_cmpuint (plenum_pdf_view_get_page (f.view), ==, 0);
  fixture_tear_down (&f);
}

static void
test_watermark (void)
{
  g_autofree char *path = make_pdf (3);
  g_autoptr(GdkTexture) plain = NULL;
  g_autoptr(GdkTexture) marked = NULL;
  g_autoptr(GdkTexture) cleared = NULL;
  Fixture f = { 0 };
  graphene_rect_t rect;

  fixture_set_up (&f, path, 0);
  g_assert_true (plenum_pdf_view_get_page_rect (f.view, 0, &rect));
  plain = plenum_test_widget_pixels (gtk_widget_get_parent (GTK_WIDGET (f.view)));

  /* Confidential: the reader's name and the time over the page, drawn by the view. */
  plenum_pdf_view_set_watermark (f.view, "Lê Minh Tuấn · 27/11/2026 21:40");
  marked = plenum_test_widget_pixels (gtk_widget_get_parent (GTK_WIDGET (f.view)));
  g_assert_cmpuint (plenum_test_count_differences (plain, marked, &rect), >, 500);

  plenum_pdf_view_set_watermark (f.view, NULL);
  cleared = plenum_test_widget_pixels (gtk_widget_get_parent (GTK_WIDGET (f.view)));
  g_assert_cmpuint (plenum_test_count_differences (plain, cleared, &rect), ==, 0);
  fixture_tear_down (&f);
}

typedef struct {
  gint64 last;
  gint64 max_gap;
} Heartbeat;

static gboolean
heartbeat_cb (gpointer user_data)
{
  Heartbeat *beat = user_data;
  gint64 now = g_get_monotonic_time ();

  if (beat->last != 0)
    beat->max_gap = MAX (beat->max_gap, now - beat->last);
  beat->last = now;
  return G_SOURCE_CONTINUE;
}

typedef struct {
  PlenumPdfView *view;
  guint          page;
  PlenumPdfPageState state;
} PageWait;

static gboolean
page_in_state (gpointer user_data)
{
  PageWait *wait = user_data;

  return plenum_pdf_view_get_page_state (wait->view, wait->page) == wait->state;
}

static void
test_hostile_page (void)
{
  g_autofree char *path = make_hostile_pdf ();
  Heartbeat beat = { 0 };
  Fixture f = { 0 };
  PageWait failed, sharp;
  guint heartbeat_id;
  gint64 started, elapsed_ms;

  /* The hostile page is far from the first pages (which the view asks for when it
   * opens, with the two after them). Deadline: 1.5 s per render. */
  fixture_set_up (&f, path, 1500);
  g_assert_cmpint (plenum_pdf_view_get_page_state (f.view, HOSTILE_PAGE), ==, PLENUM_PDF_PAGE_EMPTY);
  g_assert_cmpuint (plenum_render_client_get_n_starts (f.client), ==, 1);
  heartbeat_id = g_timeout_add (20, heartbeat_cb, &beat);

  /* One page at a time, straight to it. */
  plenum_pdf_view_set_mode (f.view, PLENUM_PDF_VIEW_SINGLE_PAGE);
  plenum_pdf_view_set_sizing (f.view, PLENUM_PDF_VIEW_FIT_PAGE);
  started = g_get_monotonic_time ();
  plenum_pdf_view_set_page (f.view, HOSTILE_PAGE);
  failed = (PageWait) { f.view, HOSTILE_PAGE, PLENUM_PDF_PAGE_FAILED };
  g_assert_true (plenum_test_wait_until (NULL, page_in_state, &failed, WAIT_MS));
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  g_test_message ("placeholder after %" G_GINT64_FORMAT " ms", elapsed_ms);
  /* The watchdog's deadline, not the minutes the page would take. */
  g_assert_cmpint (elapsed_ms, >=, 1400);
  g_assert_cmpint (elapsed_ms, <, 15000);
  g_assert_error (plenum_pdf_view_get_page_error (f.view, HOSTILE_PAGE), PLENUM_RENDER_ERROR,
                  PLENUM_RENDER_ERROR_TIMEOUT);
  /* The helper that stalled on it was killed and another one started. */
  g_assert_cmpuint (plenum_render_client_get_n_starts (f.client), ==, 2);
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));

  /* The next page renders. */
  plenum_pdf_view_set_page (f.view, HOSTILE_PAGE + 1);
  sharp = (PageWait) { f.view, HOSTILE_PAGE + 1, PLENUM_PDF_PAGE_SHARP };
  g_assert_true (plenum_test_wait_until (NULL, page_in_state, &sharp, WAIT_MS));
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));
  g_assert_cmpint (plenum_pdf_view_get_page_state (f.view, HOSTILE_PAGE), ==, PLENUM_PDF_PAGE_FAILED);

  /* The main loop ran throughout (sanitizer builds are slower: a generous bound, far
   * below the stall). */
  g_source_remove (heartbeat_id);
  g_test_message ("longest main loop gap %" G_GINT64_FORMAT " ms", beat.max_gap / 1000);
  g_assert_cmpint (beat.last, >, 0);
  g_assert_cmpint (beat.max_gap / 1000, <, 1000);
  fixture_tear_down (&f);
}

static gboolean
has_selection (gpointer user_data)
{
  return plenum_pdf_view_get_has_selection (user_data);
}

static void
clipboard_text_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
string_set (gpointer user_data)
{
  return *(char **) user_data != NULL;
}

/* Selecting is a mode: in it, a drag over "Trang 1" selects those words (the page's
 * text comes from the helper), the copy action puts them on the clipboard; never from
 * a confidential document; leaving the mode clears the selection. */
static void
test_select_text (void)
{
  g_autofree char *path = make_pdf (3);
  g_autofree char *selected = NULL;
  g_autofree char *copied = NULL;
  Fixture f = { 0 };
  graphene_rect_t rect;
  double scale;

  fixture_set_up (&f, path, 0);
  g_assert_false (plenum_pdf_view_get_selecting (f.view));
  g_assert_false (plenum_pdf_view_get_has_selection (f.view));

  plenum_pdf_view_set_selecting (f.view, TRUE);
  g_assert_true (plenum_pdf_view_get_page_rect (f.view, 0, &rect));
  scale = rect.size.width / 420.0;
  /* "Trang 1" was drawn at (40, 200) in 40-point bold: from its left to its right. */
  g_assert_true (plenum_pdf_view_select_at (f.view,
                                            rect.origin.x + 42 * scale, rect.origin.y + 190 * scale,
                                            rect.origin.x + 185 * scale, rect.origin.y + 190 * scale));
  g_assert_true (plenum_test_wait_until (NULL, has_selection, f.view, WAIT_MS));
  selected = plenum_pdf_view_get_selected_text (f.view);
  g_test_message ("selected “%s”", selected);
  g_assert_nonnull (strstr (selected, "Trang 1"));
  g_assert_cmpuint (strlen (selected), <=, strlen ("Trang 1") + 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "pdf.copy", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f.view)), NULL,
                                 clipboard_text_cb, &copied);
  g_assert_true (plenum_test_wait_until (NULL, string_set, &copied, WAIT_MS));
  g_assert_cmpstr (copied, ==, selected);

  /* Confidential: nothing leaves the reader. */
  plenum_pdf_view_set_watermark (f.view, "Lê Minh Tuấn · 27/11/2026 22:30");
  g_assert_true (plenum_pdf_view_get_has_selection (f.view));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (f.view)), "trước");
  gtk_widget_activate_action (GTK_WIDGET (f.view), "pdf.copy", NULL);
  g_clear_pointer (&copied, g_free);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f.view)), NULL,
                                 clipboard_text_cb, &copied);
  g_assert_true (plenum_test_wait_until (NULL, string_set, &copied, WAIT_MS));
  g_assert_cmpstr (copied, ==, "trước");

  plenum_pdf_view_set_selecting (f.view, FALSE);
  g_assert_false (plenum_pdf_view_get_has_selection (f.view));
  g_assert_null (plenum_pdf_view_get_selected_text (f.view));
  fixture_tear_down (&f);
}

/* A long PDF whose pages after the first PLENUM_RENDER_OPEN_SIZES (measured when it is
 * opened) are wider than their estimate, landscape and portrait in turn: every chunk of
 * sizes that arrives moves the pages, and fit width zooms out. Written by hand (empty
 * pages) so that 10,000 pages take a second to make. */
#define LONG_PAGES 10000
static char *
make_long_pdf (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("pdf-view-long");
  char *path = g_build_filename (dir, "long.pdf", NULL);
  g_autoptr(GString) pdf = g_string_new ("%PDF-1.4\n");
  g_autoptr(GString) kids = g_string_new (NULL);
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GError) error = NULL;
  gsize xref;

  for (guint i = 0; i < LONG_PAGES; i++)
    g_string_append_printf (kids, "%u 0 R ", 4 + i);
  g_array_append_val (offsets, pdf->len);
  g_string_append (pdf, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
  g_array_append_val (offsets, pdf->len);
  g_string_append_printf (pdf, "2 0 obj << /Type /Pages /Kids [%s] /Count %d >> endobj\n",
                          kids->str, LONG_PAGES);
  g_array_append_val (offsets, pdf->len);
  g_string_append (pdf, "3 0 obj << /Length 24 >>\nstream\n0 0 1 rg 20 20 80 80 re f\nendstream\nendobj\n");
  for (guint i = 0; i < LONG_PAGES; i++)
    {
      gboolean late = i >= 32;
      double w = late && i % 2 == 0 ? 595 : 420, h = late && i % 2 == 0 ? 420 : 595;

      g_array_append_val (offsets, pdf->len);
      g_string_append_printf (pdf, "%u 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] "
                              "/Contents 3 0 R >> endobj\n", 4 + i, w, h);
    }
  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", offsets->len + 1);
  for (guint i = 0; i < offsets->len; i++)
    g_string_append_printf (pdf, "%010zu 00000 n \n", g_array_index (offsets, gsize, i));
  g_string_append_printf (pdf, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
                          offsets->len + 1, xref);
  g_assert_true (g_file_set_contents (path, pdf->str, (gssize) pdf->len, &error));
  g_assert_no_error (error);
  return path;
}

typedef struct {
  PlenumPdfView *view;
  guint          anchor;       /* the first page on screen before the change */
  double         share;        /* how far the view's top is into it (of its height) */
  double         gap;          /* or, with its top below the view's, how far below */
  guint          n_changes;    /* while the view was away from the first page */
  gboolean       final;
} Anchor;

static void
sizes_changing_cb (PlenumRenderDocument *doc,
                   guint                 first,
                   guint                 count,
                   Anchor               *anchor)
{
  graphene_rect_t rect;
  guint last;

  g_assert_true (plenum_pdf_view_get_visible_range (anchor->view, &anchor->anchor, &last));
  g_assert_true (plenum_pdf_view_get_page_rect (anchor->view, anchor->anchor, &rect));
  anchor->share = rect.origin.y < 0 ? -rect.origin.y / rect.size.height : 0;
  anchor->gap = MAX (rect.origin.y, 0);
}

static void
sizes_changed_cb (PlenumRenderDocument *doc,
                  guint                 first,
                  guint                 count,
                  Anchor               *anchor)
{
  graphene_rect_t rect;
  guint visible_first, visible_last;

  /* The same page at the top, the same share of it above the view (to a pixel). */
  g_assert_true (plenum_pdf_view_get_visible_range (anchor->view, &visible_first, &visible_last));
  g_assert_cmpuint (visible_first, ==, anchor->anchor);
  g_assert_true (plenum_pdf_view_get_page_rect (anchor->view, anchor->anchor, &rect));
  if (anchor->gap > 0)
    g_assert_cmpfloat (fabs (rect.origin.y - anchor->gap), <=, 1.0);
  else
    g_assert_cmpfloat (fabs (-rect.origin.y - anchor->share * rect.size.height), <=, 1.0);
  if (anchor->anchor > 0)
    anchor->n_changes++;
}

static void
sizes_final_cb (PlenumRenderDocument *doc,
                GParamSpec           *pspec,
                Anchor               *anchor)
{
  anchor->final = plenum_render_document_get_sizes_final (doc);
}

static gboolean
view_allocated (gpointer user_data)
{
  return gtk_widget_get_height (user_data) > 0;
}

/* The sizes of a long document arrive after it is shown: the view keeps the page the
 * reader is on where it is, and shows the pages at their real size. */
static void
test_sizes_arrive (void)
{
  g_autofree char *path = make_long_pdf ();
  Fixture f = { 0 };
  Anchor anchor = { 0 };
  GtkWidget *scrolled;
  graphene_rect_t rect;
  double zoom;

  f.client = plenum_render_client_new (NULL);
  f.cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  f.queue = plenum_render_queue_new (f.client, f.cache);
  f.document = plenum_test_open_document (f.client, path);
  g_assert_false (plenum_render_document_get_sizes_final (f.document));

  /* Connected before the view's handler, and after it. */
  f.view = PLENUM_PDF_VIEW (plenum_pdf_view_new (f.queue));
  anchor.view = f.view;
  g_signal_connect (f.document, "page-sizes-changed", G_CALLBACK (sizes_changing_cb), &anchor);
  g_signal_connect_after (f.document, "page-sizes-changed", G_CALLBACK (sizes_changed_cb),
                          &anchor);
  g_signal_connect (f.document, "notify::sizes-final", G_CALLBACK (sizes_final_cb), &anchor);

  f.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f.window, 600, 800);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (f.view));
  gtk_window_set_child (f.window, scrolled);
  plenum_pdf_view_set_document (f.view, f.document);
  gtk_window_present (f.window);
  g_assert_true (plenum_test_wait_until (NULL, view_allocated, f.view, WAIT_MS));

  /* Far down, before most sizes are in: the page at the top stays put as they come. */
  plenum_pdf_view_set_page (f.view, 7000);
  g_assert_cmpuint (plenum_pdf_view_get_page (f.view), ==, 7000);
  zoom = plenum_pdf_view_get_zoom (f.view);
  g_assert_true (plenum_test_wait_flag (NULL, &anchor.final, WAIT_MS));
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));

  g_assert_cmpuint (plenum_pdf_view_get_page (f.view), ==, 7000);
  g_assert_true (plenum_pdf_view_get_page_rect (f.view, 7000, &rect));
  g_assert_cmpfloat (fabs (rect.origin.y - 12), <=, 1.0);  /* the spacing above it */
  /* Landscape pages came: fit width zoomed out to fit them, and page 7000 (index: even,
   * landscape) is shown wider than high, sharp. */
  g_assert_cmpfloat (plenum_pdf_view_get_zoom (f.view), <, zoom);
  g_assert_cmpfloat (rect.size.width, >, rect.size.height);
  assert_visible_sharp (&f);
  if (anchor.n_changes == 0)
    g_test_message ("every size arrived before the view moved: nothing to keep in place");
  g_test_message ("%u changes of sizes while away from the first page", anchor.n_changes);

  g_signal_handlers_disconnect_by_data (f.document, &anchor);
  fixture_tear_down (&f);
}

int
main (int   argc,
      char *argv[])
{
  plenum_test_init (&argc, &argv);

  if (!gtk_init_check ())
    {
      if (plenum_test_in_ci ())
        {
          g_printerr ("no display, and CI=true: UI tests must run under Xvfb\n");
          return 1;
        }
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  g_test_add_func ("/plenum/pdf-view/open-scroll-zoom", test_open_scroll_zoom);
  g_test_add_func ("/plenum/pdf-view/single-page", test_single_page);
  g_test_add_func ("/plenum/pdf-view/watermark", test_watermark);
  g_test_add_func ("/plenum/pdf-view/hostile-page", test_hostile_page);
  g_test_add_func ("/plenum/pdf-view/select-text", test_select_text);
  g_test_add_func ("/plenum/pdf-view/sizes-arrive", test_sizes_arrive);
  return g_test_run ();
}
