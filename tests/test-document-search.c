/* test-document-search.c — finding text in the reader and following links, in a real
 * window under Xvfb with the real render helper: a search over more pages than one
 * request holds, started in the middle (results in document order, wrapping, next and
 * previous), diacritics-insensitive search, clearing, a failing chunk; the highlights
 * on screen (pixels) and bringing a far match into view; internal and URI links.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo-pdf.h>
#include <gtk/gtk.h>
#include <string.h>

#include "gui/plenum-document-search.h"
#include "gui/plenum-pdf-view.h"
#include "pdf/plenum-render-queue.h"
#include "plenum-test-gui.h"
#include "plenum-test-util.h"

#define WAIT_MS 60000

/* More pages than two requests hold. */
#define N_PAGES 40
/* Pages with "Nghị quyết" (page 20 twice: once in capitals), in document order. */
#define EXACT_PAGES "0,2,10,20,20,33"
/* … and with "nghi quyet" written without its diacritics as well. */
#define LOOSE_PAGES "0,2,5,10,20,20,33,37"
/* The page with the links: one back to page 2 (LINK_TARGET), one to a web site. */
#define LINK_PAGE 4
#define LINK_TARGET 2
#define LINK_URI "https://example.org"

typedef struct {
  PlenumRenderClient   *client;
  PlenumTextureCache   *cache;
  PlenumRenderQueue    *queue;
  GtkWindow            *window;
  PlenumPdfView        *view;
  PlenumRenderDocument *document;
} Fixture;

static void
show_at (cairo_t    *cr,
         double      x,
         double      y,
         const char *text)
{
  cairo_move_to (cr, x, y);
  cairo_show_text (cr, text);
}

static char *
make_pdf (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("document-search");
  char *path = g_build_filename (dir, "search.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 420, 595);
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  for (guint i = 0; i < N_PAGES; i++)
    {
      g_autofree char *heading = g_strdup_printf ("Trang %u", i + 1);

      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_set_font_size (cr, 28);
      show_at (cr, 40, 70, heading);
      cairo_set_font_size (cr, 20);
      if (i == 0 || i == 2 || i == 10 || i == 20 || i == 33)
        {
          g_autofree char *text = g_strdup_printf ("Nghị quyết số %u của Hội đồng", i + 1);

          /* Page 2 is where the link of page 4 points (cairo 1.16 writes only links
           * back to earlier pages). */
          if (i == LINK_TARGET)
            cairo_tag_begin (cr, CAIRO_TAG_DEST, "name='nq'");
          show_at (cr, 40, 200, text);
          if (i == LINK_TARGET)
            cairo_tag_end (cr, CAIRO_TAG_DEST);
        }
      if (i == 20)
        show_at (cr, 40, 400, "NGHỊ QUYẾT bổ sung");
      if (i == 5 || i == 37)
        show_at (cr, 40, 300, "nghi quyet khong dau");
      if (i == LINK_PAGE)
        {
          cairo_tag_begin (cr, CAIRO_TAG_LINK, "dest='nq'");
          show_at (cr, 40, 160, "Xem trang ba");
          cairo_tag_end (cr, CAIRO_TAG_LINK);
          cairo_tag_begin (cr, CAIRO_TAG_LINK, "uri='" LINK_URI "'");
          show_at (cr, 40, 240, "Trang web của Hội đồng");
          cairo_tag_end (cr, CAIRO_TAG_LINK);
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static gboolean
view_ready (gpointer user_data)
{
  return plenum_pdf_view_get_ready (user_data);
}

static void
fixture_set_up (Fixture *f)
{
  g_autofree char *path = make_pdf ();

  f->client = plenum_render_client_new (NULL);
  f->cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  f->queue = plenum_render_queue_new (f->client, f->cache);

  f->document = plenum_test_open_document (f->client, path);
  g_assert_cmpuint (plenum_render_document_get_n_pages (f->document), ==, N_PAGES);
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

static gboolean
search_done (gpointer user_data)
{
  return !plenum_document_search_get_searching (user_data);
}

static gboolean
have_matches (gpointer user_data)
{
  return plenum_document_search_get_n_matches (user_data) > 0;
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* The pages of the matches as "0,2,…", checking that the hits are in document order
 * and the matches numbered from 0 without gaps. */
static char *
match_pages (PlenumDocumentSearch *search)
{
  GPtrArray *hits = plenum_document_search_get_hits (search);
  GString *out = g_string_new (NULL);
  int last_match = -1;
  guint last_page = 0;

  for (guint i = 0; i < hits->len; i++)
    {
      PlenumRenderHit *hit = g_ptr_array_index (hits, i);

      g_assert_cmpuint (hit->page, >=, last_page);
      last_page = hit->page;
      if ((int) hit->match == last_match)
        continue;
      g_assert_cmpint ((int) hit->match, ==, last_match + 1);
      last_match = (int) hit->match;
      g_string_append_printf (out, "%s%u", out->len > 0 ? "," : "", hit->page);
    }
  g_assert_cmpint (last_match + 1, ==, (int) plenum_document_search_get_n_matches (search));
  return g_string_free (out, FALSE);
}

static void
run_search (PlenumDocumentSearch    *search,
            const char              *text,
            PlenumRenderSearchFlags  flags,
            guint                    from_page)
{
  plenum_document_search_start (search, text, flags, from_page);
  g_assert_true (plenum_document_search_get_searching (search));
  g_assert_true (plenum_test_wait_until (NULL, search_done, search, WAIT_MS));
}

static guint
current_page (PlenumDocumentSearch *search)
{
  guint page = G_MAXUINT;

  g_assert_cmpint (plenum_document_search_get_current (search, &page), >=, 0);
  return page;
}

static void
test_search (void)
{
  g_autoptr(PlenumDocumentSearch) search = NULL;
  g_autofree char *pages = NULL;
  Fixture f = { 0 };
  guint changed = 0, n_matches_notified = 0;
  guint exact;

  fixture_set_up (&f);
  search = plenum_document_search_new (f.client, f.document);
  g_signal_connect_swapped (search, "changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect_swapped (search, "notify::n-matches", G_CALLBACK (count_cb),
                            &n_matches_notified);
  g_assert_cmpint (plenum_document_search_get_current (search, NULL), ==, -1);
  g_assert_false (plenum_document_search_next (search));

  /* From page 26: pages 26–40, then 1–16, then 17–25 (three requests); the results
   * come out in document order all the same. */
  run_search (search, "nghị quyết", PLENUM_RENDER_SEARCH_DEFAULT, 25);
  g_assert_null (plenum_document_search_get_error (search));
  pages = match_pages (search);
  g_assert_cmpstr (pages, ==, EXACT_PAGES);
  exact = plenum_document_search_get_n_matches (search);
  g_assert_cmpuint (exact, ==, 6);
  /* The matches arrived in more than one piece. */
  g_assert_cmpuint (changed, >=, 2);
  g_assert_cmpuint (n_matches_notified, >=, 2);
  g_assert_cmpint (plenum_document_search_get_current (search, NULL), ==, -1);

  /* The first next() goes to the first match from page 26 on; then around. */
  g_assert_true (plenum_document_search_next (search));
  g_assert_cmpint (plenum_document_search_get_current (search, NULL), ==, 5);
  g_assert_cmpuint (current_page (search), ==, 33);
  g_assert_true (plenum_document_search_next (search));
  g_assert_cmpint (plenum_document_search_get_current (search, NULL), ==, 0);
  g_assert_cmpuint (current_page (search), ==, 0);
  g_assert_true (plenum_document_search_previous (search));
  g_assert_cmpint (plenum_document_search_get_current (search, NULL), ==, 5);
  g_assert_true (plenum_document_search_previous (search));
  g_assert_cmpint (plenum_document_search_get_current (search, NULL), ==, 4);
  g_assert_cmpuint (current_page (search), ==, 20);
  g_assert_cmpuint (plenum_document_search_get_current_hit (search)->page, ==, 20);
  g_assert_cmpuint (plenum_document_search_get_current_hit (search)->match, ==, 4);

  /* The first previous() goes to the last match before the page it started from. */
  run_search (search, "nghị quyết", PLENUM_RENDER_SEARCH_DEFAULT, 21);
  g_assert_true (plenum_document_search_previous (search));
  g_assert_cmpuint (current_page (search), ==, 20);
  g_assert_cmpint (plenum_document_search_get_current (search, NULL), ==, 4);

  /* Moving while the search runs: matches found later before the current one leave it
   * on the same match. */
  plenum_document_search_start (search, "nghị quyết", PLENUM_RENDER_SEARCH_DEFAULT, 25);
  g_assert_true (plenum_test_wait_until (NULL, have_matches, search, WAIT_MS));
  g_assert_true (plenum_document_search_next (search));
  g_assert_cmpuint (current_page (search), ==, 33);
  g_assert_true (plenum_test_wait_until (NULL, search_done, search, WAIT_MS));
  g_assert_cmpuint (current_page (search), ==, 33);
  g_assert_cmpint (plenum_document_search_get_current (search, NULL), ==, 5);

  /* Without diacritics: also the pages where they were left out. */
  run_search (search, "nghi quyet", PLENUM_RENDER_SEARCH_IGNORE_DIACRITICS, 0);
  g_clear_pointer (&pages, g_free);
  pages = match_pages (search);
  g_assert_cmpstr (pages, ==, LOOSE_PAGES);
  g_assert_cmpuint (plenum_document_search_get_n_matches (search), >, exact);
  g_assert_true (plenum_document_search_next (search));
  g_assert_cmpint (plenum_document_search_get_current (search, NULL), ==, 0);

  /* An empty text clears. */
  changed = 0;
  plenum_document_search_start (search, "", PLENUM_RENDER_SEARCH_DEFAULT, 0);
  g_assert_false (plenum_document_search_get_searching (search));
  g_assert_cmpuint (plenum_document_search_get_n_matches (search), ==, 0);
  g_assert_cmpuint (plenum_document_search_get_hits (search)->len, ==, 0);
  g_assert_cmpint (plenum_document_search_get_current (search, NULL), ==, -1);
  g_assert_null (plenum_document_search_get_current_hit (search));
  g_assert_cmpuint (changed, ==, 1);

  /* A search started over another one replaces it. */
  plenum_document_search_start (search, "nghi quyet", PLENUM_RENDER_SEARCH_IGNORE_DIACRITICS, 0);
  run_search (search, "Trang 3", PLENUM_RENDER_SEARCH_DEFAULT, 0);
  g_clear_pointer (&pages, g_free);
  pages = match_pages (search);
  /* "Trang 3" and "Trang 30"…"Trang 39". */
  g_assert_cmpstr (pages, ==, "2,29,30,31,32,33,34,35,36,37,38");

  /* Requests that overrun the helper's deadline: reported, and the search goes on to
   * the end. */
  plenum_render_client_set_timeout (f.client, 1);
  run_search (search, "quyết", PLENUM_RENDER_SEARCH_DEFAULT, 0);
  g_assert_nonnull (plenum_document_search_get_error (search));
  g_assert_true (plenum_document_search_get_error (search)->domain == PLENUM_RENDER_ERROR);
  {
    GError *error = NULL;

    g_object_get (search, "error", &error, NULL);
    g_assert_nonnull (error);
    g_error_free (error);
  }

  g_signal_handlers_disconnect_by_data (search, &changed);
  g_signal_handlers_disconnect_by_data (search, &n_matches_notified);
  fixture_tear_down (&f);
}

/* Disposing of a search while it runs cancels it. */
static void
test_dispose_running (void)
{
  PlenumDocumentSearch *search;
  Fixture f = { 0 };

  fixture_set_up (&f);
  search = plenum_document_search_new (f.client, f.document);
  plenum_document_search_start (search, "nghị quyết", PLENUM_RENDER_SEARCH_DEFAULT, 0);
  g_assert_true (plenum_document_search_get_searching (search));
  g_assert_finalize_object (search);
  /* The client goes on serving the view. */
  plenum_pdf_view_set_page (f.view, 12);
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));
  fixture_tear_down (&f);
}

/* Where a rectangle of @page (points) is on screen, in the view's coordinates. */
static void
rect_on_screen (Fixture         *f,
                guint            page,
                double           x,
                double           y,
                double           width,
                double           height,
                graphene_rect_t *out)
{
  graphene_rect_t box;
  double page_width, page_height, scale;

  g_assert_true (plenum_pdf_view_get_page_rect (f->view, page, &box));
  plenum_render_document_get_page_size (f->document, page, &page_width, &page_height);
  scale = box.size.width / page_width;
  graphene_rect_init (out, (float) (box.origin.x + x * scale), (float) (box.origin.y + y * scale),
                      (float) (width * scale), (float) (height * scale));
}

static void
test_highlights (void)
{
  g_autoptr(PlenumDocumentSearch) search = NULL;
  g_autoptr(GdkTexture) plain = NULL;
  g_autoptr(GdkTexture) marked = NULL;
  g_autoptr(GdkTexture) current = NULL;
  g_autoptr(GdkTexture) cleared = NULL;
  GtkWidget *parent;
  const PlenumRenderHit *hit;
  graphene_rect_t rect;
  Fixture f = { 0 };
  guint first, last;
  double area;

  fixture_set_up (&f);
  parent = gtk_widget_get_parent (GTK_WIDGET (f.view));
  search = plenum_document_search_new (f.client, f.document);
  run_search (search, "nghị quyết", PLENUM_RENDER_SEARCH_DEFAULT, 0);
  g_assert_cmpuint (plenum_document_search_get_n_matches (search), ==, 6);

  /* The first match (page 1) is on screen. */
  hit = g_ptr_array_index (plenum_document_search_get_hits (search), 0);
  g_assert_cmpuint (hit->page, ==, 0);
  rect_on_screen (&f, hit->page, hit->x, hit->y, hit->width, hit->height, &rect);
  area = rect.size.width * rect.size.height;
  g_assert_cmpfloat (area, >, 100);

  plain = plenum_test_widget_pixels (parent);
  plenum_pdf_view_set_highlights (f.view, plenum_document_search_get_hits (search), -1);
  marked = plenum_test_widget_pixels (parent);
  g_assert_cmpuint (plenum_test_count_differences (plain, marked, &rect), >, area / 2);

  /* The current match stronger. */
  g_assert_true (plenum_document_search_next (search));
  g_assert_cmpint (plenum_document_search_get_current (search, NULL), ==, 0);
  plenum_pdf_view_set_highlights (f.view, plenum_document_search_get_hits (search), 0);
  current = plenum_test_widget_pixels (parent);
  g_assert_cmpuint (plenum_test_count_differences (marked, current, &rect), >, area / 2);

  /* A far match: brought on screen. */
  g_assert_true (plenum_document_search_previous (search));
  hit = plenum_document_search_get_current_hit (search);
  g_assert_cmpuint (hit->page, ==, 33);
  g_assert_true (plenum_pdf_view_get_visible_range (f.view, &first, &last));
  g_assert_cmpuint (last, <, 33);
  plenum_pdf_view_show_rect (f.view, hit->page, hit->x, hit->y, hit->width, hit->height);
  g_assert_true (plenum_pdf_view_get_visible_range (f.view, &first, &last));
  g_assert_cmpuint (first, <=, 33);
  g_assert_cmpuint (last, >=, 33);
  rect_on_screen (&f, hit->page, hit->x, hit->y, hit->width, hit->height, &rect);
  g_assert_cmpfloat (rect.origin.y, >=, 0);
  g_assert_cmpfloat (rect.origin.y + rect.size.height, <=, gtk_widget_get_height (GTK_WIDGET (f.view)));
  g_assert_cmpfloat (rect.origin.x, >=, 0);
  g_assert_cmpfloat (rect.origin.x + rect.size.width, <=, gtk_widget_get_width (GTK_WIDGET (f.view)));
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));

  /* Showing it again moves nothing. */
  {
    graphene_rect_t again;

    plenum_pdf_view_show_rect (f.view, hit->page, hit->x, hit->y, hit->width, hit->height);
    rect_on_screen (&f, hit->page, hit->x, hit->y, hit->width, hit->height, &again);
    g_assert_cmpfloat (again.origin.y, ==, rect.origin.y);
  }

  /* Single page: turned to it. */
  plenum_pdf_view_set_mode (f.view, PLENUM_PDF_VIEW_SINGLE_PAGE);
  g_assert_true (plenum_document_search_previous (search));
  hit = plenum_document_search_get_current_hit (search);
  g_assert_cmpuint (hit->page, ==, 20);
  plenum_pdf_view_show_rect (f.view, hit->page, hit->x, hit->y, hit->width, hit->height);
  g_assert_cmpuint (plenum_pdf_view_get_page (f.view), ==, 20);
  rect_on_screen (&f, hit->page, hit->x, hit->y, hit->width, hit->height, &rect);
  g_assert_cmpfloat (rect.origin.y, >=, 0);
  g_assert_cmpfloat (rect.origin.y + rect.size.height, <=, gtk_widget_get_height (GTK_WIDGET (f.view)));
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));

  /* Cleared: the page as before. */
  plenum_pdf_view_set_mode (f.view, PLENUM_PDF_VIEW_CONTINUOUS);
  plenum_pdf_view_set_page (f.view, 0);
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));
  plenum_pdf_view_set_highlights (f.view, NULL, -1);
  cleared = plenum_test_widget_pixels (parent);
  hit = g_ptr_array_index (plenum_document_search_get_hits (search), 0);
  rect_on_screen (&f, hit->page, hit->x, hit->y, hit->width, hit->height, &rect);
  g_assert_cmpuint (plenum_test_count_differences (plain, cleared, &rect), ==, 0);

  fixture_tear_down (&f);
}

typedef struct {
  PlenumPdfView *view;
  guint          page;
} LinksWait;

static gboolean
have_links (gpointer user_data)
{
  LinksWait *wait = user_data;

  return plenum_pdf_view_get_links (wait->view, wait->page) != NULL;
}

static void
link_uri_cb (PlenumPdfView *view,
             const char    *uri,
             char         **out)
{
  g_free (*out);
  *out = g_strdup (uri);
}

static void
link_centre (Fixture                *f,
             const PlenumRenderLink *link,
             double                 *x,
             double                 *y)
{
  graphene_rect_t rect;

  rect_on_screen (f, LINK_PAGE, link->x, link->y, link->width, link->height, &rect);
  *x = rect.origin.x + rect.size.width / 2;
  *y = rect.origin.y + rect.size.height / 2;
  g_assert_cmpfloat (*x, >, 0);
  g_assert_cmpfloat (*y, >, 0);
  g_assert_cmpfloat (*x, <, gtk_widget_get_width (GTK_WIDGET (f->view)));
  g_assert_cmpfloat (*y, <, gtk_widget_get_height (GTK_WIDGET (f->view)));
}

static void
test_links (void)
{
  g_autofree char *uri = NULL;
  const PlenumRenderLink *internal = NULL, *web = NULL;
  LinksWait wait;
  GPtrArray *links;
  Fixture f = { 0 };
  double x, y;

  fixture_set_up (&f);
  g_signal_connect (f.view, "link-uri", G_CALLBACK (link_uri_cb), &uri);

  /* The links of a page are fetched when it comes into view. */
  g_assert_null (plenum_pdf_view_get_links (f.view, LINK_PAGE));
  plenum_pdf_view_set_page (f.view, LINK_PAGE);
  wait = (LinksWait) { f.view, LINK_PAGE };
  g_assert_true (plenum_test_wait_until (NULL, have_links, &wait, WAIT_MS));
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));
  links = plenum_pdf_view_get_links (f.view, LINK_PAGE);
  g_assert_cmpuint (links->len, ==, 2);
  for (guint i = 0; i < links->len; i++)
    {
      const PlenumRenderLink *link = g_ptr_array_index (links, i);

      if (link->uri != NULL)
        web = link;
      else
        internal = link;
    }
  g_assert_nonnull (web);
  g_assert_nonnull (internal);
  g_assert_cmpint (internal->page, ==, LINK_TARGET);

  /* Nothing there: nothing happens. */
  g_assert_false (plenum_pdf_view_follow_link_at (f.view, 5, 5));
  g_assert_cmpuint (plenum_pdf_view_get_page (f.view), ==, LINK_PAGE);

  /* A web address is shown, not opened: the view stays. */
  link_centre (&f, web, &x, &y);
  g_assert_true (plenum_pdf_view_follow_link_at (f.view, x, y));
  g_assert_cmpstr (uri, ==, LINK_URI);
  g_assert_cmpuint (plenum_pdf_view_get_page (f.view), ==, LINK_PAGE);

  /* An internal link goes to its page. */
  g_clear_pointer (&uri, g_free);
  link_centre (&f, internal, &x, &y);
  g_assert_true (plenum_pdf_view_follow_link_at (f.view, x, y));
  g_assert_null (uri);
  g_assert_cmpuint (plenum_pdf_view_get_page (f.view), ==, LINK_TARGET);
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));

  /* Single page mode too. */
  plenum_pdf_view_set_mode (f.view, PLENUM_PDF_VIEW_SINGLE_PAGE);
  plenum_pdf_view_set_sizing (f.view, PLENUM_PDF_VIEW_FIT_PAGE);
  plenum_pdf_view_set_page (f.view, LINK_PAGE);
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));
  links = plenum_pdf_view_get_links (f.view, LINK_PAGE);
  g_assert_nonnull (links);
  for (guint i = 0; i < links->len; i++)
    if (((PlenumRenderLink *) g_ptr_array_index (links, i))->uri == NULL)
      internal = g_ptr_array_index (links, i);
  link_centre (&f, internal, &x, &y);
  g_assert_true (plenum_pdf_view_follow_link_at (f.view, x, y));
  g_assert_cmpuint (plenum_pdf_view_get_page (f.view), ==, LINK_TARGET);

  /* Another document: the links are fetched afresh. */
  plenum_pdf_view_set_document (f.view, NULL);
  g_assert_null (plenum_pdf_view_get_links (f.view, LINK_PAGE));

  g_signal_handlers_disconnect_by_data (f.view, &uri);
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

  g_test_add_func ("/plenum/document-search/search", test_search);
  g_test_add_func ("/plenum/document-search/dispose-running", test_dispose_running);
  g_test_add_func ("/plenum/document-search/highlights", test_highlights);
  g_test_add_func ("/plenum/document-search/links", test_links);
  return g_test_run ();
}
