/* test-reader-panes.c — the reader's side panes in a real window under Xvfb, with the
 * real render helper: the outline view (a nested outline in order with depths and
 * pages, taps, an entry without a page, a document without an outline, a fetch replaced
 * by the next document's, a fetch that fails, and a 5,000-entry outline with only the
 * rows around the screen built) and the thumbnail strip (the visible thumbnails arrive at their size and nothing much
 * more is rendered, the current page is highlighted and followed, taps).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo-pdf.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <string.h>

#include "gui/plenum-error-text.h"
#include "gui/plenum-outline-view.h"
#include "gui/plenum-thumbnail-strip.h"
#include "pdf/plenum-render-queue.h"
#include "plenum-test-gui.h"
#include "plenum-test-util.h"

#define WAIT_MS 60000

typedef struct {
  PlenumRenderClient *client;
  PlenumTextureCache *cache;
  PlenumRenderQueue  *queue;
  GtkWindow          *window;
} Fixture;

/* What the tests' outline is made of. */
typedef struct {
  const char *title;
  guint       depth;
  int         page;   /* 0-based, -1: a link out of the document */
} OutlineSpec;

static const OutlineSpec nested_outline[] = {
  { "Chương 1: Tổng quát", 0, 0 },
  { "Mục 1.1", 1, 1 },
  { "Điểm a", 2, 2 },
  { "Mục 1.2", 1, 3 },
  { "Phụ lục trực tuyến", 0, -1 },
  { "Chương 2", 0, 4 },
};

/* A PDF of @n_pages A5 pages (page 4 landscape), each with its number. @outline
 * (depth-first, @n_outline entries; NULL: none) becomes its outline; with @flat_entries
 * > 0 instead, a flat outline of that many entries, entry i to page i % n_pages. */
static char *
make_pdf (const char        *name,
          guint              n_pages,
          const OutlineSpec *outline,
          gsize              n_outline,
          guint              flat_entries)
{
  g_autofree char *dir = plenum_test_mkdtemp ("reader-panes");
  char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 420, 595);
  cairo_t *cr = cairo_create (surface);
  int parents[8] = { CAIRO_PDF_OUTLINE_ROOT };

  for (gsize i = 0; i < n_outline; i++)
    {
      g_autofree char *attributes = NULL;

      g_assert_cmpuint (outline[i].depth, <, G_N_ELEMENTS (parents) - 1);
      if (outline[i].page >= 0)
        attributes = g_strdup_printf ("page=%d", outline[i].page + 1);
      else
        attributes = g_strdup ("uri='https://example.org/phu-luc'");
      parents[outline[i].depth + 1] =
        cairo_pdf_surface_add_outline (surface, parents[outline[i].depth], outline[i].title,
                                       attributes, CAIRO_PDF_OUTLINE_FLAG_OPEN);
    }
  for (guint i = 0; i < flat_entries; i++)
    {
      g_autofree char *title = g_strdup_printf ("Entry %u", i);
      g_autofree char *attributes = g_strdup_printf ("page=%u", i % n_pages + 1);

      cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, title, attributes, 0);
    }

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

static PlenumRenderDocument *
open_document (Fixture    *f,
               const char *path)
{
  return plenum_test_open_document (f->client, path);
}

static void
fixture_set_up (Fixture *f,
                int      width,
                int      height)
{
  f->client = plenum_render_client_new (NULL);
  f->cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  f->queue = plenum_render_queue_new (f->client, f->cache);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, width, height);
}

static void
fixture_tear_down (Fixture *f)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->queue);
  g_clear_object (&f->cache);
  g_clear_object (&f->client);
}

static void
page_activated_cb (GtkWidget *widget,
                   guint      page,
                   GArray    *pages)
{
  g_array_append_val (pages, page);
}

/* The descendants of @widget that carry @css_class (and @also, unless NULL). */
static guint
count_with_classes (GtkWidget  *widget,
                    const char *css_class,
                    const char *also)
{
  guint n = gtk_widget_has_css_class (widget, css_class) &&
            (also == NULL || gtk_widget_has_css_class (widget, also)) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_with_classes (child, css_class, also);
  return n;
}

static guint
count_with_class (GtkWidget  *widget,
                  const char *css_class)
{
  return count_with_classes (widget, css_class, NULL);
}

/* ---- Outline ---- */

typedef struct {
  PlenumOutlineView     *view;
  PlenumOutlineViewState state;
} StateWait;

static gboolean
outline_in_state (gpointer user_data)
{
  StateWait *wait = user_data;

  return plenum_outline_view_get_state (wait->view) == wait->state;
}

static gboolean
outline_has_rows (gpointer user_data)
{
  PlenumOutlineView *view = user_data;

  return count_with_class (GTK_WIDGET (plenum_outline_view_get_list_view (view)),
                           "plenum-outline-row") > 0;
}

static void
test_outline (void)
{
  g_autofree char *nested_path = make_pdf ("nested.pdf", 6, nested_outline,
                                           G_N_ELEMENTS (nested_outline), 0);
  g_autofree char *plain_path = make_pdf ("plain.pdf", 3, NULL, 0, 0);
  g_autoptr(PlenumRenderDocument) nested = NULL;
  g_autoptr(PlenumRenderDocument) plain = NULL;
  g_autoptr(GArray) activated = g_array_new (FALSE, FALSE, sizeof (guint));
  PlenumOutlineView *view;
  StateWait wait;
  Fixture f = { 0 };

  fixture_set_up (&f, 360, 600);
  nested = open_document (&f, nested_path);
  plain = open_document (&f, plain_path);
  g_assert_true (plenum_render_document_get_has_outline (nested));
  g_assert_false (plenum_render_document_get_has_outline (plain));

  view = PLENUM_OUTLINE_VIEW (plenum_outline_view_new (f.client));
  g_signal_connect (view, "page-activated", G_CALLBACK (page_activated_cb), activated);
  gtk_window_set_child (f.window, GTK_WIDGET (view));
  gtk_window_present (f.window);
  g_assert_cmpint (plenum_outline_view_get_state (view), ==, PLENUM_OUTLINE_VIEW_NONE);

  /* The entries, in order, with their depths and pages. */
  plenum_outline_view_set_document (view, nested);
  g_assert_cmpint (plenum_outline_view_get_state (view), ==, PLENUM_OUTLINE_VIEW_LOADING);
  wait = (StateWait) { view, PLENUM_OUTLINE_VIEW_READY };
  g_assert_true (plenum_test_wait_until (NULL, outline_in_state, &wait, WAIT_MS));
  g_assert_cmpuint (plenum_outline_view_get_n_entries (view), ==, G_N_ELEMENTS (nested_outline));
  for (guint i = 0; i < G_N_ELEMENTS (nested_outline); i++)
    {
      const char *title;
      guint depth;
      int page;

      plenum_outline_view_get_entry (view, i, &title, &depth, &page);
      g_assert_cmpstr (title, ==, nested_outline[i].title);
      g_assert_cmpuint (depth, ==, nested_outline[i].depth);
      g_assert_cmpint (page, ==, nested_outline[i].page);
    }
  g_assert_null (plenum_outline_view_get_message (view));
  g_assert_true (plenum_test_wait_until (NULL, outline_has_rows, view, WAIT_MS));
  g_assert_cmpuint (count_with_class (GTK_WIDGET (view), "plenum-outline-row"), ==,
                    G_N_ELEMENTS (nested_outline));
  /* The entry without a page is dimmed (its row and only it). */
  g_assert_cmpuint (count_with_classes (GTK_WIDGET (view), "plenum-outline-row", "dim-label"),
                    ==, 1);

  /* A tap emits the entry's page; the entry without one does nothing. */
  g_assert_true (plenum_outline_view_activate_entry (view, 2));
  g_assert_true (plenum_outline_view_activate_entry (view, 5));
  g_assert_false (plenum_outline_view_activate_entry (view, 4));
  g_assert_cmpuint (activated->len, ==, 2);
  g_assert_cmpuint (g_array_index (activated, guint, 0), ==, 2);
  g_assert_cmpuint (g_array_index (activated, guint, 1), ==, 4);

  /* No outline: the empty state. */
  plenum_outline_view_set_document (view, plain);
  wait = (StateWait) { view, PLENUM_OUTLINE_VIEW_EMPTY };
  g_assert_true (plenum_test_wait_until (NULL, outline_in_state, &wait, WAIT_MS));
  g_assert_cmpuint (plenum_outline_view_get_n_entries (view), ==, 0);
  g_assert_cmpstr (plenum_outline_view_get_message (view), ==,
                   "This document has no table of contents");
  g_assert_false (plenum_outline_view_activate_entry (view, 0));

  /* A document set while another's outline is being fetched: only the last one counts. */
  plenum_outline_view_set_document (view, nested);
  plenum_outline_view_set_document (view, plain);
  wait = (StateWait) { view, PLENUM_OUTLINE_VIEW_EMPTY };
  g_assert_true (plenum_test_wait_until (NULL, outline_in_state, &wait, WAIT_MS));
  g_assert_cmpuint (plenum_outline_view_get_n_entries (view), ==, 0);
  g_assert_true (plenum_outline_view_get_document (view) == plain);

  /* A fetch that fails (the helper stops answering: the watchdog kills it) shows the
   * error's sentence. */
  {
    g_autoptr(GError) timeout = g_error_new_literal (PLENUM_RENDER_ERROR,
                                                     PLENUM_RENDER_ERROR_TIMEOUT, "timeout");
    g_autofree char *expected = plenum_error_text (timeout);
    GPid pid = plenum_render_client_get_helper_pid (f.client);

    g_assert_cmpint (pid, >, 0);
    plenum_render_client_set_timeout (f.client, 300);
    g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
    plenum_outline_view_set_document (view, nested);
    wait = (StateWait) { view, PLENUM_OUTLINE_VIEW_FAILED };
    g_assert_true (plenum_test_wait_until (NULL, outline_in_state, &wait, WAIT_MS));
    g_assert_cmpstr (plenum_outline_view_get_message (view), ==, expected);
    g_assert_cmpuint (plenum_outline_view_get_n_entries (view), ==, 0);
    g_assert_cmpuint (plenum_render_client_get_n_starts (f.client), ==, 1);
  }

  plenum_outline_view_set_document (view, NULL);
  g_assert_cmpint (plenum_outline_view_get_state (view), ==, PLENUM_OUTLINE_VIEW_NONE);
  g_assert_cmpuint (activated->len, ==, 2);
  fixture_tear_down (&f);
}

#define N_BIG_ENTRIES 5000
#define BIG_PAGES     10

static void
test_outline_large (void)
{
  g_autofree char *big_path = make_pdf ("big.pdf", BIG_PAGES, NULL, 0, N_BIG_ENTRIES);
  g_autofree char *nested_path = make_pdf ("nested.pdf", 6, nested_outline,
                                           G_N_ELEMENTS (nested_outline), 0);
  g_autoptr(PlenumRenderDocument) big = NULL;
  g_autoptr(PlenumRenderDocument) nested = NULL;
  g_autoptr(GArray) activated = g_array_new (FALSE, FALSE, sizeof (guint));
  PlenumOutlineView *view;
  StateWait wait = { NULL, PLENUM_OUTLINE_VIEW_READY };
  Fixture f = { 0 };
  const char *title;
  guint rows;
  int page;

  fixture_set_up (&f, 360, 600);
  big = open_document (&f, big_path);
  nested = open_document (&f, nested_path);

  view = PLENUM_OUTLINE_VIEW (plenum_outline_view_new (f.client));
  wait.view = view;
  g_signal_connect (view, "page-activated", G_CALLBACK (page_activated_cb), activated);
  gtk_window_set_child (f.window, GTK_WIDGET (view));
  gtk_window_present (f.window);

  /* The big outline's fetch is replaced by the small one's. */
  plenum_outline_view_set_document (view, big);
  plenum_outline_view_set_document (view, nested);
  g_assert_true (plenum_test_wait_until (NULL, outline_in_state, &wait, WAIT_MS));
  g_assert_cmpuint (plenum_outline_view_get_n_entries (view), ==, G_N_ELEMENTS (nested_outline));

  plenum_outline_view_set_document (view, big);
  g_assert_true (plenum_test_wait_until (NULL, outline_in_state, &wait, WAIT_MS));
  g_assert_cmpuint (plenum_outline_view_get_n_entries (view), ==, N_BIG_ENTRIES);
  plenum_outline_view_get_entry (view, N_BIG_ENTRIES - 1, &title, NULL, &page);
  g_assert_cmpstr (title, ==, "Entry 4999");
  g_assert_cmpint (page, ==, (N_BIG_ENTRIES - 1) % BIG_PAGES);

  /* Rows exist for the screen, not for the outline: 600 px of 48 px rows (GTK 4.8's
   * list view keeps up to 200 rows around them). */
  g_assert_true (plenum_test_wait_until (NULL, outline_has_rows, view, WAIT_MS));
  rows = count_with_class (GTK_WIDGET (plenum_outline_view_get_list_view (view)),
                           "plenum-outline-row");
  g_test_message ("%u row widgets for %u entries", rows, N_BIG_ENTRIES);
  g_assert_cmpuint (rows, >=, 600 / 60);
  g_assert_cmpuint (rows, <=, 250);

  g_assert_true (plenum_outline_view_activate_entry (view, N_BIG_ENTRIES - 1));
  g_assert_cmpuint (activated->len, ==, 1);
  g_assert_cmpuint (g_array_index (activated, guint, 0), ==, (N_BIG_ENTRIES - 1) % BIG_PAGES);
  fixture_tear_down (&f);
}

/* A PDF of @n_pages pages whose outline has @n_chapters chapters of @n_sections sections
 * each; chapter 0 is a link out of the document (no page), the others go to page
 * chapter % n_pages, section s of each to page s % n_pages. */
static char *
make_tree_pdf (const char *name,
               guint       n_pages,
               guint       n_chapters,
               guint       n_sections)
{
  g_autofree char *dir = plenum_test_mkdtemp ("reader-panes");
  char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 420, 595);
  cairo_t *cr = cairo_create (surface);

  for (guint c = 0; c < n_chapters; c++)
    {
      g_autofree char *title = g_strdup_printf ("Chương %u", c + 1);
      g_autofree char *attributes = c == 0 ? g_strdup ("uri='https://example.org/chuong'")
                                           : g_strdup_printf ("page=%u", c % n_pages + 1);
      int chapter = cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, title,
                                                   attributes, 0);

      for (guint s = 0; s < n_sections; s++)
        {
          g_autofree char *section = g_strdup_printf ("Mục %u.%u", c + 1, s + 1);
          g_autofree char *target = g_strdup_printf ("page=%u", s % n_pages + 1);

          cairo_pdf_surface_add_outline (surface, chapter, section, target, 0);
        }
    }
  for (guint i = 0; i < n_pages; i++)
    {
      cairo_rectangle (cr, 30, 30, 100, 100);
      cairo_fill (cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

/* The subsection buttons a reader can tap now. */
static guint
count_expanders (GtkWidget *widget)
{
  guint n = gtk_widget_has_css_class (widget, "plenum-outline-expander") &&
            gtk_widget_get_can_target (widget) && gtk_widget_get_opacity (widget) > 0 ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_expanders (child);
  return n;
}

typedef struct {
  PlenumOutlineView *view;
  guint              n_rows;
} RowsWait;

/* The list shows @n_rows row widgets. */
static gboolean
outline_has_n_row_widgets (gpointer user_data)
{
  RowsWait *wait = user_data;

  return count_with_class (GTK_WIDGET (plenum_outline_view_get_list_view (wait->view)),
                           "plenum-outline-row") == wait->n_rows;
}

#define TREE_CHAPTERS 60
#define TREE_SECTIONS 5

/* Subsections open and close: a short outline is shown whole, a long one by chapters. */
static void
test_outline_tree (void)
{
  g_autofree char *nested_path = make_pdf ("nested.pdf", 6, nested_outline,
                                           G_N_ELEMENTS (nested_outline), 0);
  g_autofree char *tree_path = make_tree_pdf ("tree.pdf", 8, TREE_CHAPTERS, TREE_SECTIONS);
  g_autoptr(PlenumRenderDocument) nested = NULL;
  g_autoptr(PlenumRenderDocument) tree = NULL;
  g_autoptr(GArray) activated = g_array_new (FALSE, FALSE, sizeof (guint));
  PlenumOutlineView *view;
  StateWait wait;
  RowsWait rows;
  Fixture f = { 0 };

  fixture_set_up (&f, 360, 600);
  nested = open_document (&f, nested_path);
  tree = open_document (&f, tree_path);
  view = PLENUM_OUTLINE_VIEW (plenum_outline_view_new (f.client));
  g_signal_connect (view, "page-activated", G_CALLBACK (page_activated_cb), activated);
  gtk_window_set_child (f.window, GTK_WIDGET (view));
  gtk_window_present (f.window);

  /* Short: everything shown; the two entries with subsections have a button. */
  plenum_outline_view_set_document (view, nested);
  wait = (StateWait) { view, PLENUM_OUTLINE_VIEW_READY };
  g_assert_true (plenum_test_wait_until (NULL, outline_in_state, &wait, WAIT_MS));
  g_assert_cmpuint (plenum_outline_view_get_n_rows (view), ==, G_N_ELEMENTS (nested_outline));
  rows = (RowsWait) { view, G_N_ELEMENTS (nested_outline) };
  g_assert_true (plenum_test_wait_until (NULL, outline_has_n_row_widgets, &rows, WAIT_MS));
  g_assert_cmpuint (count_expanders (GTK_WIDGET (view)), ==, 2);
  g_assert_true (plenum_outline_view_get_entry_expanded (view, 0));
  g_assert_false (plenum_outline_view_set_entry_expanded (view, 2, FALSE));  /* a leaf */

  /* Closing chapter 1 hides its three subsections; their numbers stay theirs. */
  g_assert_true (plenum_outline_view_set_entry_expanded (view, 0, FALSE));
  g_assert_cmpuint (plenum_outline_view_get_n_rows (view), ==, 3);
  g_assert_cmpuint (plenum_outline_view_get_n_entries (view), ==, G_N_ELEMENTS (nested_outline));
  g_assert_false (plenum_outline_view_get_entry_shown (view, 1));
  g_assert_false (plenum_outline_view_get_entry_shown (view, 3));
  g_assert_true (plenum_outline_view_get_entry_shown (view, 4));
  rows = (RowsWait) { view, 3 };
  g_assert_true (plenum_test_wait_until (NULL, outline_has_n_row_widgets, &rows, WAIT_MS));
  g_assert_cmpuint (count_expanders (GTK_WIDGET (view)), ==, 1);
  g_assert_true (plenum_outline_view_set_entry_expanded (view, 0, TRUE));
  g_assert_cmpuint (plenum_outline_view_get_n_rows (view), ==, G_N_ELEMENTS (nested_outline));

  /* Long: 60 chapters shown, closed. */
  plenum_outline_view_set_document (view, tree);
  wait = (StateWait) { view, PLENUM_OUTLINE_VIEW_READY };
  g_assert_true (plenum_test_wait_until (NULL, outline_in_state, &wait, WAIT_MS));
  g_assert_cmpuint (plenum_outline_view_get_n_entries (view), ==,
                    TREE_CHAPTERS * (TREE_SECTIONS + 1));
  g_assert_cmpuint (plenum_outline_view_get_n_rows (view), ==, TREE_CHAPTERS);
  g_assert_false (plenum_outline_view_get_entry_shown (view, 1));
  g_assert_true (plenum_outline_view_get_entry_shown (view, TREE_SECTIONS + 1));
  g_assert_false (plenum_outline_view_get_entry_expanded (view, 0));

  /* A tap on chapter 1 (a link out: no page) opens it instead; a tap on one of its
   * sections goes to the section's page. */
  g_signal_emit_by_name (plenum_outline_view_get_list_view (view), "activate", 0u);
  g_assert_true (plenum_outline_view_get_entry_expanded (view, 0));
  g_assert_cmpuint (plenum_outline_view_get_n_rows (view), ==, TREE_CHAPTERS + TREE_SECTIONS);
  g_assert_cmpuint (activated->len, ==, 0);
  g_signal_emit_by_name (plenum_outline_view_get_list_view (view), "activate", 3u);
  g_assert_cmpuint (activated->len, ==, 1);
  g_assert_cmpuint (g_array_index (activated, guint, 0), ==, 2);  /* Mục 1.3 */

  /* Chapter 2, shown after chapter 1's sections, opens with its button's call; a tap
   * on it goes to its page. */
  g_assert_true (plenum_outline_view_set_entry_expanded (view, TREE_SECTIONS + 1, TRUE));
  g_assert_cmpuint (plenum_outline_view_get_n_rows (view), ==,
                    TREE_CHAPTERS + 2 * TREE_SECTIONS);
  g_signal_emit_by_name (plenum_outline_view_get_list_view (view), "activate",
                         (guint) TREE_SECTIONS + 1);
  g_assert_cmpuint (activated->len, ==, 2);
  g_assert_cmpuint (g_array_index (activated, guint, 1), ==, 1);
  g_signal_emit_by_name (plenum_outline_view_get_list_view (view), "activate", 0u);
  g_assert_false (plenum_outline_view_get_entry_expanded (view, 0));
  g_assert_cmpuint (plenum_outline_view_get_n_rows (view), ==, TREE_CHAPTERS + TREE_SECTIONS);
  fixture_tear_down (&f);
}

/* ---- Thumbnails ---- */

typedef struct {
  PlenumThumbnailStrip *strip;
  PlenumTextureCache   *cache;
  guint                 page;   /* for item_current */
} StripWait;

static gboolean
on_screen (PlenumThumbnailStrip *strip,
           guint                 page,
           gboolean             *inside)
{
  GtkWidget *item = plenum_thumbnail_strip_get_item (strip, page);
  int width = gtk_widget_get_width (GTK_WIDGET (strip));
  graphene_rect_t bounds;

  if (item == NULL || !gtk_widget_get_mapped (item) ||
      !gtk_widget_compute_bounds (item, GTK_WIDGET (strip), &bounds))
    return FALSE;
  if (inside != NULL)
    *inside = bounds.origin.x >= -1 && bounds.origin.x + bounds.size.width <= width + 1;
  return bounds.origin.x + bounds.size.width > 0 && bounds.origin.x < width;
}

/* The bound items on screen, and the first and last of them. */
static guint
count_visible (PlenumThumbnailStrip *strip,
               guint                *first_visible,
               guint                *last_visible)
{
  guint first, last, n = 0;

  *first_visible = G_MAXUINT;
  *last_visible = 0;
  if (!plenum_thumbnail_strip_get_bound_range (strip, &first, &last))
    return 0;
  for (guint p = first; p <= last; p++)
    if (on_screen (strip, p, NULL))
      {
        n++;
        *first_visible = MIN (*first_visible, p);
        *last_visible = MAX (*last_visible, p);
      }
  return n;
}

/* Every item on screen shows its thumbnail at its exact size. */
static gboolean
visible_sharp (gpointer user_data)
{
  StripWait *wait = user_data;
  guint first, last;

  if (count_visible (wait->strip, &first, &last) == 0)
    return FALSE;
  for (guint p = first; p <= last; p++)
    if (!plenum_thumbnail_strip_get_item_sharp (wait->strip, p))
      return FALSE;
  return TRUE;
}

static gboolean
item_current (gpointer user_data)
{
  StripWait *wait = user_data;
  GtkWidget *item = plenum_thumbnail_strip_get_item (wait->strip, wait->page);
  gboolean inside = FALSE;

  return item != NULL && gtk_widget_has_css_class (item, "current") &&
         on_screen (wait->strip, wait->page, &inside) && inside;
}

#define STRIP_PAGES 40

static void
test_thumbnails (void)
{
  g_autofree char *path = make_pdf ("strip.pdf", STRIP_PAGES, NULL, 0, 0);
  g_autoptr(PlenumRenderDocument) document = NULL;
  g_autoptr(GArray) activated = g_array_new (FALSE, FALSE, sizeof (guint));
  PlenumThumbnailStrip *strip;
  StripWait wait;
  Fixture f = { 0 };
  guint first, last, visible, sent;

  fixture_set_up (&f, 640, 200);
  document = open_document (&f, path);

  strip = PLENUM_THUMBNAIL_STRIP (plenum_thumbnail_strip_new (f.queue));
  g_signal_connect (strip, "page-activated", G_CALLBACK (page_activated_cb), activated);
  gtk_window_set_child (f.window, GTK_WIDGET (strip));
  plenum_thumbnail_strip_set_document (strip, document);
  gtk_window_present (f.window);

  /* The items on screen get their thumbnails, at the size asked for. */
  wait = (StripWait) { strip, f.cache, 0 };
  g_assert_true (plenum_test_wait_until (NULL, visible_sharp, &wait, WAIT_MS));
  visible = count_visible (strip, &first, &last);
  g_assert_cmpuint (first, ==, 0);
  for (guint p = first; p <= last; p++)
    {
      int width, height;
      GdkTexture *texture;

      g_assert_true (plenum_thumbnail_strip_get_thumbnail_size (strip, p, &width, &height));
      g_assert_cmpint (height, ==, PLENUM_THUMBNAIL_STRIP_HEIGHT *
                                   gtk_widget_get_scale_factor (GTK_WIDGET (strip)));
      if (p == 3)
        g_assert_cmpint (width, >, height);   /* the landscape page */
      else
        g_assert_cmpint (width, <, height);
      texture = plenum_texture_cache_lookup (f.cache, document, p, width, height);
      g_assert_nonnull (texture);
      g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
      g_assert_cmpint (gdk_texture_get_height (texture), ==, height);
    }
  sent = plenum_render_queue_get_n_sent (f.queue);
  g_test_message ("%u visible, %u rendered", visible, sent);
  g_assert_cmpuint (visible, >=, 3);
  g_assert_cmpuint (last, <, STRIP_PAGES - 1);
  g_assert_cmpuint (sent, >=, visible);
  g_assert_cmpuint (sent, <=, 2 * visible);

  /* The current page is highlighted and follows "page". */
  wait.page = 0;
  g_assert_true (item_current (&wait));
  g_assert_true (gtk_widget_has_css_class (plenum_thumbnail_strip_get_item (strip, 0), "current"));
  plenum_thumbnail_strip_set_page (strip, 1);
  g_assert_cmpuint (plenum_thumbnail_strip_get_page (strip), ==, 1);
  g_assert_false (gtk_widget_has_css_class (plenum_thumbnail_strip_get_item (strip, 0), "current"));
  g_assert_true (gtk_widget_has_css_class (plenum_thumbnail_strip_get_item (strip, 1), "current"));
  g_assert_cmpuint (count_with_class (GTK_WIDGET (strip), "current"), ==, 1);

  /* A page far off is scrolled into view, highlighted, and its thumbnail comes. */
  plenum_thumbnail_strip_set_page (strip, 30);
  wait.page = 30;
  g_assert_true (plenum_test_wait_until (NULL, item_current, &wait, WAIT_MS));
  g_assert_true (plenum_test_wait_until (NULL, visible_sharp, &wait, WAIT_MS));
  g_assert_true (item_current (&wait));
  /* Only what was scrolled to was rendered, not the pages flown over. */
  sent = plenum_render_queue_get_n_sent (f.queue) - sent;
  visible = count_visible (strip, &first, &last);
  g_test_message ("%u visible at page 30, %u more rendered", visible, sent);
  g_assert_cmpuint (sent, <=, 2 * visible);
  g_assert_cmpuint (count_with_class (GTK_WIDGET (strip), "current"), ==, 1);
  g_assert_false (on_screen (strip, 0, NULL));
  /* Clamped to the last page. */
  plenum_thumbnail_strip_set_page (strip, 1000);
  g_assert_cmpuint (plenum_thumbnail_strip_get_page (strip), ==, STRIP_PAGES - 1);

  /* A tap emits its page; "page" is the reader's to change. */
  plenum_thumbnail_strip_activate_page (strip, 5);
  g_assert_cmpuint (activated->len, ==, 1);
  g_assert_cmpuint (g_array_index (activated, guint, 0), ==, 5);
  g_assert_cmpuint (plenum_thumbnail_strip_get_page (strip), ==, STRIP_PAGES - 1);

  /* No document: nothing bound. */
  plenum_thumbnail_strip_set_document (strip, NULL);
  g_assert_false (plenum_thumbnail_strip_get_bound_range (strip, &first, &last));
  g_assert_cmpuint (plenum_thumbnail_strip_get_page (strip), ==, 0);
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

  g_test_add_func ("/plenum/reader-panes/outline", test_outline);
  g_test_add_func ("/plenum/reader-panes/outline-large", test_outline_large);
  g_test_add_func ("/plenum/reader-panes/outline-tree", test_outline_tree);
  g_test_add_func ("/plenum/reader-panes/thumbnails", test_thumbnails);
  return g_test_run ();
}
