/* test-ui.c — the client end to end, through its widgets: a real plenum-server --demo, a
 * real store, sync engine and render helper, and the real window. A member signs in by
 * tapping the PIN pad, opens the demo meeting, opens a document, and the page on screen
 * matches poppler's own rendering of it; turning the page changes the pixels and the
 * indicator. Then the terminal restarts with the server gone, the member signs in
 * offline, the banner says so, and the same document still reads. Broken PDFs show a
 * sentence and the client keeps running. A wrong PIN shows its sentence. The "Check in"
 * button checks the member in: "Checked in" once the server (which then lists the
 * member) has it, "waiting to be sent" with the server gone, counted in the banner, and
 * the state survives a restart. Marks made with "Mark up" are saved with their outbox
 * operation, reach the server and come back when the document is opened again; annotated
 * copies are saved in the documents folder (none for a confidential document).
 *
 * With PLENUM_SCREENSHOT_DIR set, it saves sign-in.png and document.png (1280×800) there.
 * The translations of the build tree are used, so LANGUAGE=vi gives Vietnamese ones.
 *
 * Runs under Xvfb; without a display it skips, except in CI.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifdef __SANITIZE_ADDRESS__
#endif
#include <adwaita.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <poppler.h>
#include <libsoup/soup.h>

#include "core/plenum-json.h"
#include "pdf/plenum-export-client.h"

#include "gui/plenum-annotation-bar.h"
#include "gui/plenum-application.h"
#include "gui/plenum-document-page.h"
#include "gui/plenum-document-row.h"
#include "gui/plenum-error-text.h"
#include "gui/plenum-meeting-list-page.h"
#include "gui/plenum-meeting-page.h"
#include "gui/plenum-meeting-row.h"
#include "gui/plenum-offline-banner.h"
#include "gui/plenum-pin-pad.h"
#include "gui/plenum-sign-in-page.h"
#include "gui/plenum-window.h"
#include "plenum-test-server.h"
#include "plenum-test-gui.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define WAIT_MS       20000
#define DOWNLOAD_MS   60000

/* The demo's chair, and a member who never signs in on the test terminals. */
#define MEMBER_NAME   "nguyen.van.an"
#define MEMBER_PIN    "111111"
#define STRANGER_NAME "le.minh.tuan"
#define STRANGER_PIN  "100003"

/* Pixel comparison: a channel may differ by this much (rounding in two cairo paths)… */
#define CHANNEL_TOLERANCE 8
/* …and at most this share of the pixels may differ by more. */
#define MAX_DIFFERENT_SHARE 0.002

/* Waiting */


static gboolean
widget_visible (GtkWidget *widget)
{
  return gtk_widget_is_visible (widget) && gtk_widget_get_mapped (widget);
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer user_data)
{
  LabelWait *wait = user_data;

  return plenum_test_find_label (wait->root, wait->text) != NULL;
}

/* Waits until a label saying @text is on screen under @root (revealers animate). */
static void
assert_label_shown (GtkWidget  *root,
                    const char *text)
{
  LabelWait wait = { root, text };

  if (!plenum_test_wait_until (NULL, label_shown, &wait, WAIT_MS))
    {
      if (g_getenv ("PLENUM_SCREENSHOT_DIR") != NULL)
        plenum_test_save_screenshot (PLENUM_WINDOW (gtk_widget_get_root (root)), "failed.png");
      g_error ("no label “%s” on screen", text);
    }
}

/* A terminal: store, sync engine, render client and window on one data folder */


static gboolean
sign_in_settled (gpointer user_data)
{
  PlenumWindow *window = user_data;
  PlenumSignInPage *page = PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (window));

  return !plenum_sign_in_page_get_busy (page) &&
         (g_strcmp0 (plenum_window_get_page_name (window), "meetings") == 0 ||
          plenum_sign_in_page_get_error_text (page) != NULL);
}

static void
type_name_and_pin (PlenumWindow *window,
                   const char   *name,
                   const char   *pin)
{
  PlenumSignInPage *page = PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (window));

  plenum_test_type_sign_in (window, name, pin);
  g_assert_cmpuint (plenum_pin_pad_get_length (plenum_sign_in_page_get_pin_pad (page)), ==,
                    strlen (pin));
}

/* Taps OK on the PIN pad and waits for the outcome. */
static void
tap_ok (PlenumWindow *window)
{
  PlenumSignInPage *page = PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (window));

  plenum_test_press (plenum_pin_pad_get_submit_button (plenum_sign_in_page_get_pin_pad (page)));
  /* The PIN is wiped from the pad as soon as it is handed over. */
  g_assert_cmpuint (plenum_pin_pad_get_length (plenum_sign_in_page_get_pin_pad (page)), ==, 0);
  g_assert_true (plenum_test_wait_until (NULL, sign_in_settled, window, WAIT_MS));
}

/* TRUE once @label (under a scrolled window) is wholly inside what that window shows. */
static gboolean
label_in_view (gpointer user_data)
{
  GtkWidget *label = user_data;
  GtkWidget *scrolled = gtk_widget_get_ancestor (label, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  g_assert_nonnull (scrolled);
  return gtk_widget_compute_bounds (label, scrolled, &bounds) && bounds.size.height > 0 &&
         bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled);
}

static void
expect_sign_in_error (PlenumWindow *window,
                      GQuark        domain,
                      int           code)
{
  PlenumSignInPage *page = PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (window));
  g_autoptr(GError) error = g_error_new_literal (domain, code, "");
  g_autofree char *sentence = plenum_error_text (error);

  g_assert_cmpstr (plenum_window_get_page_name (window), ==, "sign-in");
  g_assert_cmpstr (plenum_sign_in_page_get_error_text (page), ==, sentence);
  assert_label_shown (GTK_WIDGET (page), sentence);
  /* Below the PIN pad, and in view (the page scrolls to it where the screen is small):
   * the member sees why nothing happened. */
  g_assert_true (plenum_test_wait_until (NULL, label_in_view,
                                         plenum_test_find_label (GTK_WIDGET (page), sentence),
                                         WAIT_MS));
}

/* Pixels */

typedef struct
{
  int     width;
  int     height;
  gsize   stride;
  guchar *data;  /* cairo ARGB32, premultiplied */
} Pixels;

static void
pixels_free (Pixels *pixels)
{
  g_free (pixels->data);
  g_free (pixels);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pixels, pixels_free)

static Pixels *
pixels_from_texture (GdkTexture *texture)
{
  Pixels *pixels = g_new0 (Pixels, 1);

  pixels->width = gdk_texture_get_width (texture);
  pixels->height = gdk_texture_get_height (texture);
  pixels->stride = (gsize) pixels->width * 4;
  pixels->data = g_malloc ((gsize) pixels->height * pixels->stride);
  gdk_texture_download (texture, pixels->data, pixels->stride);
  return pixels;
}

/* The rectangle @rect (device pixels) of @pixels. */
static Pixels *
pixels_crop (const Pixels *pixels,
             int           x,
             int           y,
             int           width,
             int           height)
{
  Pixels *crop = g_new0 (Pixels, 1);

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x + width, <=, pixels->width);
  g_assert_cmpint (y + height, <=, pixels->height);

  crop->width = width;
  crop->height = height;
  crop->stride = (gsize) width * 4;
  crop->data = g_malloc ((gsize) height * crop->stride);
  for (int row = 0; row < height; row++)
    memcpy (crop->data + (gsize) row * crop->stride,
            pixels->data + (gsize) (y + row) * pixels->stride + (gsize) x * 4,
            crop->stride);
  return crop;
}

/* Page @page of @path rendered by poppler, in this process, the way a reader would
 * expect it: the whole page scaled to exactly @width × @height, on white. */
static Pixels *
pixels_from_poppler (const char *path,
                     guint       page_index,
                     int         width,
                     int         height)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  PopplerDocument *doc;
  PopplerPage *page;
  cairo_surface_t *surface;
  cairo_t *cr;
  double page_w, page_h;
  Pixels *pixels;

  g_assert_no_error (error);
  doc = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  page = poppler_document_get_page (doc, (int) page_index);
  g_assert_nonnull (page);
  poppler_page_get_size (page, &page_w, &page_h);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, width / page_w, height / page_h);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_object_unref (page);
  g_object_unref (doc);

  pixels = g_new0 (Pixels, 1);
  pixels->width = width;
  pixels->height = height;
  pixels->stride = (gsize) width * 4;
  pixels->data = g_malloc ((gsize) height * pixels->stride);
  for (int row = 0; row < height; row++)
    memcpy (pixels->data + (gsize) row * pixels->stride,
            cairo_image_surface_get_data (surface) + (gsize) row * (gsize) cairo_image_surface_get_stride (surface),
            pixels->stride);
  cairo_surface_destroy (surface);
  return pixels;
}

/* The share of pixels that differ by more than CHANNEL_TOLERANCE in a channel. */
static double
pixels_different_share (const Pixels *a,
                        const Pixels *b)
{
  guint64 different = 0;

  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);

  for (int y = 0; y < a->height; y++)
    {
      const guchar *pa = a->data + (gsize) y * a->stride;
      const guchar *pb = b->data + (gsize) y * b->stride;

      for (int x = 0; x < a->width * 4; x += 4)
        for (int c = 0; c < 4; c++)
          if (ABS ((int) pa[x + c] - (int) pb[x + c]) > CHANNEL_TOLERANCE)
            {
              different++;
              break;
            }
    }
  return (double) different / ((double) a->width * (double) a->height);
}

/* The share of pixels that are not white: a rendered text page has some ink. */
static double
pixels_ink_share (const Pixels *pixels)
{
  guint64 ink = 0;

  for (int y = 0; y < pixels->height; y++)
    for (int x = 0; x < pixels->width; x++)
      {
        const guchar *p = pixels->data + (gsize) y * pixels->stride + (gsize) x * 4;
        if (p[0] < 200 || p[1] < 200 || p[2] < 200)
          ink++;
      }
  return (double) ink / ((double) pixels->width * (double) pixels->height);
}

/* The document page */

/* The reader's view as these tests look at it: its current page's error, its size in
 * device pixels, and the texture shown for it at exactly that size (or NULL). */
static const GError *
view_error (PlenumPdfView *view)
{
  return plenum_pdf_view_get_page_error (view, plenum_pdf_view_get_page (view));
}

static gboolean
view_target_size (PlenumPdfView *view,
                  int           *w,
                  int           *h)
{
  if (plenum_pdf_view_get_document (view) == NULL)
    return FALSE;
  plenum_pdf_view_get_render_size (view, plenum_pdf_view_get_page (view), w, h);
  return *w > 0 && *h > 0;
}

static GdkTexture *
view_texture (PlenumPdfView *view)
{
  PlenumTextureCache *cache = plenum_render_queue_get_cache (plenum_pdf_view_get_queue (view));
  int w, h;

  if (!view_target_size (view, &w, &h))
    return NULL;
  return plenum_texture_cache_lookup (cache, plenum_pdf_view_get_document (view),
                                      plenum_pdf_view_get_page (view), w, h);
}

static gboolean
view_page_rect (PlenumPdfView   *view,
                graphene_rect_t *rect)
{
  return plenum_pdf_view_get_page_rect (view, plenum_pdf_view_get_page (view), rect);
}

static gboolean
document_page_settled (gpointer user_data)
{
  PlenumDocumentPage *page = user_data;
  PlenumPdfView *view = plenum_document_page_get_view (page);
  GdkTexture *texture;
  int w, h;

  if (plenum_document_page_get_state (page) == PLENUM_DOCUMENT_PAGE_FAILED)
    return TRUE;
  if (plenum_document_page_get_state (page) != PLENUM_DOCUMENT_PAGE_READY)
    return FALSE;
  if (view_error (view) != NULL)
    return TRUE;
  texture = view_texture (view);
  return plenum_pdf_view_get_ready (view) && texture != NULL &&
         view_target_size (view, &w, &h) &&
         gdk_texture_get_width (texture) == w && gdk_texture_get_height (texture) == h;
}

static void
wait_document_page (PlenumDocumentPage *page)
{
  g_assert_true (plenum_test_wait_until (NULL, document_page_settled, page, WAIT_MS));
}

/* Checks that the current page of @page is on screen as poppler renders it, and returns
 * the pixels shown. */
static Pixels *
check_page_on_screen (PlenumDocumentPage *page,
                      const char         *path)
{
  PlenumPdfView *view = plenum_document_page_get_view (page);
  guint index = plenum_document_page_get_page (page);
  g_autoptr(Pixels) texture_pixels = NULL;
  g_autoptr(Pixels) screen_pixels = NULL;
  g_autoptr(Pixels) screen_page = NULL;
  g_autoptr(Pixels) reference = NULL;
  g_autoptr(GdkTexture) screen = NULL;
  graphene_rect_t rect;
  double share;
  int w, h;

  wait_document_page (page);
  g_assert_cmpint (plenum_document_page_get_state (page), ==, PLENUM_DOCUMENT_PAGE_READY);
  g_assert_null (view_error (view));
  g_assert_true (view_target_size (view, &w, &h));
  /* Rendered at the size shown: the view's size less its margins, in device pixels. */
  g_assert_cmpint (w, >, 200);
  g_assert_cmpint (h, >, 200);
  g_assert_true (w + 24 == gtk_widget_get_width (GTK_WIDGET (view)) ||
                 h + 24 == gtk_widget_get_height (GTK_WIDGET (view)));

  reference = pixels_from_poppler (path, index, w, h);
  g_assert_cmpfloat (pixels_ink_share (reference), >, 0.001);

  /* The texture the helper rendered… */
  texture_pixels = pixels_from_texture (view_texture (view));
  share = pixels_different_share (texture_pixels, reference);
  g_test_message ("page %u at %d×%d: texture differs from poppler in %.4f%% of pixels",
                  index + 1, w, h, share * 100);
  g_assert_cmpfloat (share, <=, MAX_DIFFERENT_SHARE);

  /* …and what the widget puts on screen, where it says the page is. */
  plenum_test_wait_frame (GTK_WIDGET (view));
  screen = plenum_test_snapshot_widget (GTK_WIDGET (view));
  screen_pixels = pixels_from_texture (screen);
  g_assert_true (view_page_rect (view, &rect));
  g_assert_cmpfloat (rect.size.width, ==, w);
  g_assert_cmpfloat (rect.size.height, ==, h);
  screen_page = pixels_crop (screen_pixels, (int) rect.origin.x, (int) rect.origin.y, w, h);
  share = pixels_different_share (screen_page, reference);
  g_test_message ("page %u on screen differs from poppler in %.4f%% of pixels", index + 1, share * 100);
  g_assert_cmpfloat (share, <=, MAX_DIFFERENT_SHARE);

  return g_steal_pointer (&screen_page);
}

static char *
indicator (guint page,
           guint n_pages)
{
  return g_strdup_printf (_("Page %u of %u"), page, n_pages);
}

/* Meeting list → meeting → a document of at least two pages, opened from its row once
 * verified. Returns the document page; *@path_out is the blob's path. */
static PlenumDocumentPage *
open_demo_document (PlenumTestTerminal  *terminal,
                    char     **path_out)
{
  PlenumWindow *window = terminal->window;
  PlenumMeetingListPage *list_page = PLENUM_MEETING_LIST_PAGE (plenum_window_get_meeting_list_page (window));
  GListModel *meetings = plenum_sync_engine_get_meetings (terminal->engine);
  g_autoptr(PlenumMeeting) listed = NULL;
  PlenumMeetingPage *meeting_page;
  PlenumMeeting *meeting;
  GListModel *agenda;
  PlenumAgendaItem *chosen_item = NULL;
  PlenumDocument *chosen = NULL;
  GtkListBoxRow *row;
  GtkWidget *document_page;
  gint64 deadline;

  /* The meeting list shows the demo meeting. */
  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (g_list_model_get_n_items (meetings) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (meetings), ==, 1);
  listed = g_list_model_get_item (meetings, 0);
  row = gtk_list_box_get_row_at_index (plenum_meeting_list_page_get_list (list_page), 0);
  g_assert_true (PLENUM_IS_MEETING_ROW (row));
  g_assert_cmpstr (plenum_meeting_get_id (plenum_meeting_row_get_meeting (PLENUM_MEETING_ROW (row))), ==,
                   plenum_meeting_get_id (listed));
  assert_label_shown (GTK_WIDGET (row), plenum_meeting_get_title (listed));

  /* Tap it. */
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  plenum_test_wait_window_page (window, "meeting");
  meeting_page = PLENUM_MEETING_PAGE (plenum_window_get_meeting_page (window));
  g_assert_cmpstr (plenum_meeting_page_get_meeting_id (meeting_page), ==, plenum_meeting_get_id (listed));

  /* Its agenda arrives (it may still be on its way from the server). */
  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while ((plenum_meeting_page_get_meeting (meeting_page) == NULL ||
          !plenum_meeting_has_agenda (plenum_meeting_page_get_meeting (meeting_page))) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  meeting = plenum_meeting_page_get_meeting (meeting_page);
  g_assert_nonnull (meeting);
  agenda = plenum_meeting_get_agenda (meeting);
  g_assert_nonnull (agenda);
  g_assert_cmpuint (g_list_model_get_n_items (agenda), >, 0);
  g_assert_nonnull (gtk_list_box_get_row_at_index (plenum_meeting_page_get_agenda_list (meeting_page), 0));

  /* The first document with a few pages. */
  for (guint i = 0; chosen == NULL && i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      GListModel *documents = plenum_agenda_item_get_documents (item);

      for (guint j = 0; chosen == NULL && j < g_list_model_get_n_items (documents); j++)
        {
          g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, j);

          if (plenum_document_get_pages (document) >= 2 && plenum_document_get_pages (document) <= 12)
            {
              chosen = document;
              chosen_item = item;
            }
        }
    }
  g_assert_nonnull (chosen);

  gtk_widget_activate_action (GTK_WIDGET (meeting_page), "meeting.select-item", "s",
                              plenum_agenda_item_get_id (chosen_item));
  g_assert_cmpstr (plenum_meeting_page_get_selected_item_id (meeting_page), ==,
                   plenum_agenda_item_get_id (chosen_item));

  /* Its row says when it is ready (downloaded and verified). */
  row = NULL;
  for (int i = 0; row == NULL; i++)
    {
      GtkListBoxRow *candidate = gtk_list_box_get_row_at_index (plenum_meeting_page_get_document_list (meeting_page), i);

      g_assert_nonnull (candidate);
      if (plenum_document_row_get_document (PLENUM_DOCUMENT_ROW (candidate)) == chosen)
        row = candidate;
    }
  deadline = g_get_monotonic_time () + DOWNLOAD_MS * 1000;
  while (plenum_document_row_get_state (PLENUM_DOCUMENT_ROW (row)) != PLENUM_DOCUMENT_STATE_VERIFIED &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (plenum_document_row_get_state (PLENUM_DOCUMENT_ROW (row)), ==, PLENUM_DOCUMENT_STATE_VERIFIED);
  g_assert_cmpint (plenum_sync_engine_get_document_state (terminal->engine, plenum_document_get_sha256 (chosen),
                                                          NULL, NULL),
                   ==, PLENUM_DOCUMENT_STATE_VERIFIED);
  assert_label_shown (GTK_WIDGET (row), _("Ready to read"));

  /* Tap it. */
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  plenum_test_wait_window_page (window, "document");
  document_page = plenum_window_get_document_page (window);
  g_assert_true (PLENUM_IS_DOCUMENT_PAGE (document_page));
  g_assert_cmpstr (plenum_document_page_get_title (PLENUM_DOCUMENT_PAGE (document_page)), ==,
                   plenum_document_get_title (chosen));

  *path_out = plenum_sync_engine_get_document_path (terminal->engine, plenum_document_get_sha256 (chosen));
  g_assert_nonnull (*path_out);
  g_assert_cmpstr (plenum_document_page_get_path (PLENUM_DOCUMENT_PAGE (document_page)), ==, *path_out);

  return PLENUM_DOCUMENT_PAGE (document_page);
}

static gboolean pdf_view_ready (gpointer user_data);

/* Reads page 1, turns to page 2: the indicator and the pixels change, and both pages
 * match poppler. */
static void
read_two_pages (PlenumWindow       *window,
                PlenumDocumentPage *page,
                const char         *path,
                const char         *screenshot)
{
  g_autoptr(Pixels) first = NULL;
  g_autoptr(Pixels) second = NULL;
  g_autofree char *page_1 = NULL;
  g_autofree char *page_2 = NULL;
  guint n_pages;

  wait_document_page (page);
  n_pages = plenum_document_page_get_n_pages (page);
  g_assert_cmpuint (n_pages, >=, 2);
  page_1 = indicator (1, n_pages);
  page_2 = indicator (2, n_pages);

  first = check_page_on_screen (page, path);
  g_assert_cmpuint (plenum_document_page_get_page (page), ==, 0);
  g_assert_cmpstr (plenum_document_page_get_indicator_text (page), ==, page_1);
  assert_label_shown (GTK_WIDGET (page), page_1);

  if (screenshot != NULL)
    plenum_test_save_screenshot (window, screenshot);

  /* No page before the first. */
  gtk_widget_activate_action (GTK_WIDGET (page), "doc.previous-page", NULL);
  g_assert_cmpuint (plenum_document_page_get_page (page), ==, 0);

  /* Next, as the button does. */
  gtk_widget_activate_action (GTK_WIDGET (page), "doc.next-page", NULL);
  g_assert_cmpuint (plenum_document_page_get_page (page), ==, 1);
  g_assert_cmpstr (plenum_document_page_get_indicator_text (page), ==, page_2);
  second = check_page_on_screen (page, path);
  assert_label_shown (GTK_WIDGET (page), page_2);

  /* A different page is on screen. */
  if (first->width == second->width && first->height == second->height)
    g_assert_cmpfloat (pixels_different_share (first, second), >, 0.01);

  /* And back. */
  gtk_widget_activate_action (GTK_WIDGET (page), "doc.previous-page", NULL);
  g_assert_cmpuint (plenum_document_page_get_page (page), ==, 0);
  g_assert_cmpstr (plenum_document_page_get_indicator_text (page), ==, page_1);
  wait_document_page (page);

  /* The meeting's other documents can be opened beside it (the demo packet has
   * several): the reader's split view, for the README. */
  if (screenshot != NULL)
    {
      PlenumPdfView *beside;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "doc.open-beside", "u", 0));
      beside = plenum_document_page_get_beside_view (page);
      g_assert_nonnull (beside);
      g_assert_true (plenum_test_wait_until (NULL, pdf_view_ready, beside, WAIT_MS));
      wait_document_page (page);
      plenum_test_save_screenshot (window, "reader-split.png");
      plenum_document_page_open_beside (page, NULL, NULL);
    }
}

/* Tests */

static gboolean
packet_complete (gpointer user_data)
{
  PlenumSyncEngine *engine = user_data;
  guint total = plenum_sync_engine_get_documents_total (engine);

  return total > 0 && plenum_sync_engine_get_documents_done (engine) == total &&
         !plenum_sync_engine_get_syncing (engine);
}

static void
test_wrong_pin (void)
{
  g_autofree char *data_dir = plenum_test_mkdtemp ("terminal-wrong-pin");
  PlenumTestTerminal *terminal = plenum_test_terminal_start (data_dir, plenum_test_demo_url ());

  type_name_and_pin (terminal->window, MEMBER_NAME, "999999");
  tap_ok (terminal->window);
  expect_sign_in_error (terminal->window, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_WRONG_CREDENTIALS);
  g_assert_null (plenum_sync_engine_get_account (terminal->engine));

  /* An unknown name gets the very same sentence. */
  plenum_sign_in_page_reset (PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (terminal->window)));
  type_name_and_pin (terminal->window, "no.such.member", "123456");
  tap_ok (terminal->window);
  expect_sign_in_error (terminal->window, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_WRONG_CREDENTIALS);

  plenum_test_terminal_stop (terminal);
}

static void
test_read_online_then_offline (void)
{
  g_autofree char *data_dir = plenum_test_mkdtemp ("terminal");
  const char *url = plenum_test_demo_url ();
  g_autofree char *path = NULL;
  g_autofree char *offline_path = NULL;
  PlenumMeetingListPage *list_page;
  PlenumOfflineBanner *banner;
  PlenumDocumentPage *page;
  PlenumTestTerminal *terminal;

  /* Online: sign in by tapping the PIN pad. */
  terminal = plenum_test_terminal_start (data_dir, url);
  type_name_and_pin (terminal->window, MEMBER_NAME, MEMBER_PIN);
  plenum_test_save_screenshot (terminal->window, "sign-in.png");
  tap_ok (terminal->window);
  plenum_test_wait_window_page (terminal->window, "meetings");
  g_assert_nonnull (plenum_sync_engine_get_account (terminal->engine));
  list_page = PLENUM_MEETING_LIST_PAGE (plenum_window_get_meeting_list_page (terminal->window));
  g_assert_false (plenum_offline_banner_get_revealed (plenum_meeting_list_page_get_banner (list_page)));

  page = open_demo_document (terminal, &path);
  read_two_pages (terminal->window, page, path, "document.png");

  /* Back to the meeting, once the whole packet is here… */
  gtk_widget_activate_action (GTK_WIDGET (terminal->window), "window.back", NULL);
  plenum_test_wait_window_page (terminal->window, "meeting");
  g_assert_null (plenum_window_get_document_page (terminal->window));
  g_assert_true (plenum_test_wait_until (NULL, packet_complete, terminal->engine, DOWNLOAD_MS));
  plenum_test_save_screenshot (terminal->window, "meeting.png");

  /* …back to the list, where the meeting says so… */
  gtk_widget_activate_action (GTK_WIDGET (terminal->window), "window.back", NULL);
  plenum_test_wait_window_page (terminal->window, "meetings");
  g_assert_null (plenum_window_get_meeting_page (terminal->window));
  {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (plenum_meeting_list_page_get_list (list_page), 0);
    guint total = plenum_sync_engine_get_documents_total (terminal->engine);
    g_autofree char *all_here = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "The document is on this terminal.",
                                                              "All %u documents are on this terminal.",
                                                              total),
                                                 total);

    g_assert_true (PLENUM_IS_MEETING_ROW (row));
    /* The row follows the engine's "document-changed" (coalesced in an idle). */
    assert_label_shown (GTK_WIDGET (row), all_here);
    g_assert_cmpstr (plenum_meeting_row_get_packet_text (PLENUM_MEETING_ROW (row)), ==, all_here);
    g_assert_cmpfloat (plenum_meeting_row_get_packet_fraction (PLENUM_MEETING_ROW (row)), ==, 1.0);
    g_assert_null (plenum_meeting_list_page_get_progress_text (list_page));
  }
  plenum_test_save_screenshot (terminal->window, "meetings.png");

  /* …and sign out, which clears the member's view. */
  gtk_widget_activate_action (GTK_WIDGET (terminal->window), "window.sign-out", NULL);
  plenum_test_wait_window_page (terminal->window, "sign-in");
  g_assert_null (plenum_window_get_meeting_page (terminal->window));
  g_assert_null (plenum_sync_engine_get_account (terminal->engine));
  g_assert_null (gtk_list_box_get_row_at_index (plenum_meeting_list_page_get_list (list_page), 0));
  g_assert_cmpstr (gtk_editable_get_text (plenum_sign_in_page_get_name_entry (
                     PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (terminal->window)))), ==, "");

  plenum_test_terminal_stop (terminal);

  /* The server goes away; the terminal restarts on the same data. */
  plenum_test_server_stop (plenum_test_demo_server ());
  terminal = plenum_test_terminal_start (data_dir, url);

  /* Someone who never signed in here cannot sign in offline… */
  type_name_and_pin (terminal->window, STRANGER_NAME, STRANGER_PIN);
  tap_ok (terminal->window);
  expect_sign_in_error (terminal->window, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_UNREACHABLE);

  /* …the member who did can, with the PIN pad again, and a wrong PIN is still wrong. */
  plenum_sign_in_page_reset (PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (terminal->window)));
  type_name_and_pin (terminal->window, MEMBER_NAME, "999999");
  tap_ok (terminal->window);
  expect_sign_in_error (terminal->window, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_WRONG_CREDENTIALS);
  type_name_and_pin (terminal->window, MEMBER_NAME, MEMBER_PIN);
  tap_ok (terminal->window);
  plenum_test_wait_window_page (terminal->window, "meetings");
  g_assert_false (plenum_sync_engine_get_online (terminal->engine));

  /* The banner says offline, and since when. */
  list_page = PLENUM_MEETING_LIST_PAGE (plenum_window_get_meeting_list_page (terminal->window));
  banner = plenum_meeting_list_page_get_banner (list_page);
  g_assert_true (plenum_offline_banner_get_revealed (banner));
  {
    GDateTime *since = plenum_sync_engine_get_offline_since (terminal->engine);
    g_autofree char *expected = plenum_offline_banner_format (since, NULL);

    g_assert_nonnull (since);
    g_assert_cmpstr (plenum_offline_banner_get_text (banner), ==, expected);
    assert_label_shown (GTK_WIDGET (banner), expected);
  }

  /* The same document reads from the terminal's own copy. */
  page = open_demo_document (terminal, &offline_path);
  g_assert_cmpstr (offline_path, ==, path);
  read_two_pages (terminal->window, page, offline_path, NULL);

  plenum_test_terminal_stop (terminal);
}


/* Check-in through the button */

#define SECRETARY     "ly.thi.hong"
#define SECRETARY_PIN "999999"

static cJSON *
server_json (const char *method,
             const char *url,
             const char *token,
             const char *json)
{
  g_autoptr(SoupSession) session = plenum_test_soup_session_new (NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;
  cJSON *root;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (json != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), <, 300);
  data = g_bytes_get_data (answer, &length);
  root = plenum_json_parse (data, (gssize) length, &error);
  g_assert_no_error (error);
  return root;
}

/* Whether the server's GET /api/v1/meetings/{id}/attendance lists @account_id present. */
static gboolean
server_lists_present (const char *url,
                      const char *meeting_id,
                      const char *account_id)
{
  g_autofree char *terminal_id = plenum_uuid_new ();
  g_autofree char *request = g_strdup_printf ("{\"name\": \"%s\", \"pin\": \"%s\", \"terminal_id\": \"%s\"}",
                                              SECRETARY, SECRETARY_PIN, terminal_id);
  g_autofree char *session_url = g_strconcat (url, "/api/v1/session", NULL);
  g_autofree char *attendance_url = g_strconcat (url, "/api/v1/meetings/", meeting_id, "/attendance", NULL);
  g_autoptr(cJSON) session = server_json ("POST", session_url, NULL, request);
  const cJSON *token = cJSON_GetObjectItemCaseSensitive (session, "token");
  g_autoptr(cJSON) answer = NULL;
  const cJSON *rows;
  const cJSON *row;
  gboolean present = FALSE;

  g_assert_true (cJSON_IsString (token));
  answer = server_json ("GET", attendance_url, token->valuestring, NULL);
  rows = cJSON_GetObjectItemCaseSensitive (answer, "attendance");
  g_assert_true (cJSON_IsArray (rows));
  cJSON_ArrayForEach (row, rows)
    {
      const cJSON *id = cJSON_GetObjectItemCaseSensitive (row, "account_id");

      if (cJSON_IsString (id) && g_strcmp0 (id->valuestring, account_id) == 0)
        present = cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (row, "present"));
    }
  return present;
}

static PlenumMeetingPage *
open_demo_meeting (PlenumTestTerminal *terminal)
{
  PlenumMeetingListPage *list_page = PLENUM_MEETING_LIST_PAGE (plenum_window_get_meeting_list_page (terminal->window));
  GListModel *meetings = plenum_sync_engine_get_meetings (terminal->engine);
  GtkListBoxRow *row;
  PlenumMeetingPage *meeting_page;
  gint64 deadline;

  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (g_list_model_get_n_items (meetings) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (meetings), ==, 1);
  row = gtk_list_box_get_row_at_index (plenum_meeting_list_page_get_list (list_page), 0);
  g_assert_true (PLENUM_IS_MEETING_ROW (row));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  plenum_test_wait_window_page (terminal->window, "meeting");
  meeting_page = PLENUM_MEETING_PAGE (plenum_window_get_meeting_page (terminal->window));
  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (plenum_meeting_page_get_meeting (meeting_page) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (plenum_meeting_page_get_meeting (meeting_page));
  return meeting_page;
}

static gboolean
has_pending_operations (gpointer user_data)
{
  return plenum_sync_engine_get_pending_operations (user_data) > 0;
}

static GtkWidget *
find_offline_banner (GtkWidget *widget)
{
  if (PLENUM_IS_OFFLINE_BANNER (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_offline_banner (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
widget_allocated (gpointer user_data)
{
  return widget_visible (user_data) && gtk_widget_get_height (user_data) > 0;
}

static void
tap_check_in (PlenumMeetingPage *page)
{
  GtkWidget *button = GTK_WIDGET (plenum_meeting_page_get_check_in_button (page));

  g_assert_true (plenum_test_wait_until (NULL, widget_allocated, button, WAIT_MS));
  g_assert_cmpint (gtk_widget_get_height (button), >=, 48);
  g_assert_cmpint (gtk_widget_get_width (button), >=, 48);
  plenum_test_press (button);
}

static void
sign_in_member (PlenumTestTerminal *terminal)
{
  type_name_and_pin (terminal->window, MEMBER_NAME, MEMBER_PIN);
  tap_ok (terminal->window);
  plenum_test_wait_window_page (terminal->window, "meetings");
}

static void
test_check_in (void)
{
  g_autofree char *online_dir = plenum_test_mkdtemp ("terminal-check-in");
  g_autofree char *offline_dir = plenum_test_mkdtemp ("terminal-check-in-offline");
  const char * const args[] = { "--demo", NULL };
  g_autoptr(PlenumTestServer) server = plenum_test_server_start (NULL, args);
  const char *url = plenum_test_server_get_url (server);
  g_autofree char *account_id = NULL;
  g_autofree char *meeting_id = NULL;
  PlenumMeetingPage *page;
  PlenumOfflineBanner *banner;
  PlenumTestTerminal *terminal;
  PlenumTestTerminal *other;

  /* Online: the button checks in, and the server lists the member. */
  terminal = plenum_test_terminal_start (online_dir, url);

  /* (First, on the sign-in page, a code the server does not know is refused with its
   * sentence.) */
  {
    PlenumSignInPage *sign_in = PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (terminal->window));
    g_autoptr(GError) invalid = g_error_new_literal (PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_ENROLMENT_INVALID, "");
    g_autofree char *sentence = plenum_error_text (invalid);

    gtk_widget_activate_action (GTK_WIDGET (sign_in), "sign-in.show-enrol", NULL);
    for (guint i = 0; i < PLENUM_SIGN_IN_ENROL_CODE_DIGITS; i++)
      gtk_widget_activate_action (GTK_WIDGET (sign_in), "sign-in.enrol-digit", "i", 0);
    gtk_widget_activate_action (GTK_WIDGET (sign_in), "sign-in.enrol-submit", NULL);
    assert_label_shown (GTK_WIDGET (sign_in), sentence);
    g_assert_cmpstr (plenum_sign_in_page_get_enrol_text (sign_in), ==, sentence);
  }
  sign_in_member (terminal);
  account_id = g_strdup (plenum_member_get_id (plenum_sync_engine_get_account (terminal->engine)));
  page = open_demo_meeting (terminal);
  meeting_id = g_strdup (plenum_meeting_page_get_meeting_id (page));
  g_assert_cmpstr (plenum_meeting_page_get_check_in_text (page), ==, "");
  tap_check_in (page);
  assert_label_shown (GTK_WIDGET (page), _("Checked in"));
  g_assert_cmpstr (plenum_meeting_page_get_check_in_text (page), ==, _("Checked in"));
  g_assert_false (widget_visible (GTK_WIDGET (plenum_meeting_page_get_check_in_button (page))));
  g_assert_true (server_lists_present (url, meeting_id, account_id));

  /* A second terminal the member signed in on once… */
  other = plenum_test_terminal_start (offline_dir, url);
  sign_in_member (other);
  open_demo_meeting (other);
  gtk_widget_activate_action (GTK_WIDGET (other->window), "window.sign-out", NULL);
  plenum_test_wait_window_page (other->window, "sign-in");
  plenum_test_terminal_stop (other);

  /* …checks in with the server gone: saved, waiting, and counted in the banner. */
  plenum_test_server_stop (server);
  other = plenum_test_terminal_start (offline_dir, url);
  sign_in_member (other);
  g_assert_false (plenum_sync_engine_get_online (other->engine));
  page = open_demo_meeting (other);
  tap_check_in (page);
  assert_label_shown (GTK_WIDGET (page), _("Checked in — saved on this terminal, waiting to be sent"));
  g_assert_true (plenum_test_wait_until (NULL, has_pending_operations, other->engine, WAIT_MS));
  g_assert_cmpuint (plenum_sync_engine_get_pending_operations (other->engine), ==, 1);
  banner = PLENUM_OFFLINE_BANNER (find_offline_banner (GTK_WIDGET (page)));
  g_assert_true (plenum_offline_banner_get_revealed (banner));
  {
    g_autofree char *expected = plenum_offline_banner_format_pending (plenum_sync_engine_get_offline_since (other->engine),
                                                                      NULL, 1);

    g_assert_nonnull (strstr (expected, "1"));
    assert_label_shown (GTK_WIDGET (banner), expected);
  }
  plenum_test_terminal_stop (other);

  /* After a restart the first terminal still shows its check-in, from its store. */
  plenum_test_terminal_stop (terminal);
  terminal = plenum_test_terminal_start (online_dir, url);
  sign_in_member (terminal);
  page = open_demo_meeting (terminal);
  g_assert_cmpstr (plenum_meeting_page_get_check_in_text (page), ==, _("Checked in"));
  plenum_test_terminal_stop (terminal);
}

/* A document page alone in a window, opened with the packet's @password (NULL: none). */
static PlenumDocumentPage *
document_page_alone_with (PlenumRenderClient  *client,
                          const char          *path,
                          const char          *password,
                          GtkWindow          **window_out)
{
  g_autoptr(PlenumTextureCache) cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  g_autoptr(PlenumRenderQueue) queue = plenum_render_queue_new (client, cache);
  GtkWidget *page = plenum_document_page_new_with_password (queue, path, "Tài liệu", password);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  /* A spacer beside the page, which a test widens to shrink the page. */
  gtk_box_append (GTK_BOX (box), gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));
  gtk_widget_set_hexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  gtk_window_set_default_size (window, 1024, 768);
  gtk_window_set_child (window, box);
  gtk_window_present (window);
  wait_document_page (PLENUM_DOCUMENT_PAGE (page));
  *window_out = window;
  return PLENUM_DOCUMENT_PAGE (page);
}

static PlenumDocumentPage *
document_page_alone (PlenumRenderClient  *client,
                     const char          *path,
                     GtkWindow          **window_out)
{
  return document_page_alone_with (client, path, NULL, window_out);
}

typedef struct
{
  PlenumDocumentPage *page;
  int                 width_before;
} ResizeWait;

static gboolean
document_page_resized (gpointer user_data)
{
  ResizeWait *wait = user_data;
  PlenumPdfView *view = plenum_document_page_get_view (wait->page);
  int w, h;

  return view_target_size (view, &w, &h) && w != wait->width_before &&
         document_page_settled (wait->page);
}

static void
destroy_window (GtkWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (window);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &weak, WAIT_MS));
}

static void
test_broken_pdfs (void)
{
  g_autoptr(PlenumRenderClient) client = plenum_render_client_new (NULL);
  g_autofree char *invalid_xref = plenum_test_data_path ("bad_invalid-xref.pdf");
  g_autofree char *null_page = plenum_test_data_path ("bad_pages-tree-null-page.pdf");
  g_autofree char *good = plenum_test_data_path ("packets/good/02-bao-cao.pdf");
  PlenumDocumentPage *page;
  GtkWindow *window;

  /* A PDF poppler cannot read: one sentence for the whole document. */
  page = document_page_alone (client, invalid_xref, &window);
  g_assert_cmpint (plenum_document_page_get_state (page), ==, PLENUM_DOCUMENT_PAGE_FAILED);
  {
    g_autoptr(GError) not_pdf = g_error_new_literal (PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_NOT_PDF, "");
    g_autoptr(GError) no_pages = g_error_new_literal (PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_NO_PAGES, "");
    g_autofree char *not_pdf_text = plenum_error_text (not_pdf);
    g_autofree char *no_pages_text = plenum_error_text (no_pages);
    const char *shown = plenum_document_page_get_status_text (page);

    g_test_message ("bad_invalid-xref.pdf: %s", shown);
    g_assert_true (g_strcmp0 (shown, not_pdf_text) == 0 || g_strcmp0 (shown, no_pages_text) == 0);
    assert_label_shown (GTK_WIDGET (page), shown);
  }
  g_assert_cmpuint (plenum_document_page_get_n_pages (page), ==, 0);
  destroy_window (window);

  /* A PDF whose second page poppler cannot load: it opens, the first page reads, and
   * the second says it cannot be shown — on that page only. */
  page = document_page_alone (client, null_page, &window);
  {
    g_autoptr(GError) page_failed = g_error_new_literal (PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PAGE_FAILED, "");
    g_autofree char *page_failed_text = plenum_error_text (page_failed);
    g_autofree char *page_2 = indicator (2, 2);
    PlenumPdfView *view = plenum_document_page_get_view (page);

    g_assert_cmpint (plenum_document_page_get_state (page), ==, PLENUM_DOCUMENT_PAGE_READY);
    g_assert_cmpuint (plenum_document_page_get_n_pages (page), ==, 2);
    g_assert_null (plenum_document_page_get_status_text (page));
    g_assert_null (view_error (view));
    g_assert_true (plenum_pdf_view_get_ready (view));

    gtk_widget_activate_action (GTK_WIDGET (page), "doc.next-page", NULL);
    wait_document_page (page);
    g_assert_cmpstr (plenum_document_page_get_indicator_text (page), ==, page_2);
    g_assert_error (view_error (view), PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PAGE_FAILED);
    g_assert_cmpstr (plenum_document_page_get_status_text (page), ==, page_failed_text);
    assert_label_shown (GTK_WIDGET (page), page_failed_text);
    g_test_message ("bad_pages-tree-null-page.pdf, page 2: %s", page_failed_text);

    /* Back on the first page the sentence is gone and the page is there. */
    gtk_widget_activate_action (GTK_WIDGET (page), "doc.previous-page", NULL);
    wait_document_page (page);
    g_assert_null (view_error (view));
    g_assert_null (plenum_document_page_get_status_text (page));
    g_assert_true (plenum_pdf_view_get_ready (view));
    g_assert_null (plenum_test_find_label (GTK_WIDGET (page), page_failed_text));
  }
  destroy_window (window);

  /* The client keeps running: a good PDF still reads, with the same helper. */
  page = document_page_alone (client, good, &window);
  g_assert_cmpint (plenum_document_page_get_state (page), ==, PLENUM_DOCUMENT_PAGE_READY);
  g_assert_null (plenum_document_page_get_status_text (page));
  {
    guint n_pages = plenum_document_page_get_n_pages (page);
    g_autofree char *last = indicator (n_pages, n_pages);
    g_autoptr(Pixels) shown = check_page_on_screen (page, good);
    g_autoptr(Pixels) smaller = NULL;
    g_autoptr(Pixels) last_shown = NULL;
    GtkWidget *spacer = gtk_widget_get_first_child (gtk_widget_get_parent (GTK_WIDGET (page)));

    /* Less room: the page is rendered again, at the new size, and still matches. */
    ResizeWait resize = { page, shown->width };

    gtk_widget_set_size_request (spacer, 600, -1);
    g_assert_true (plenum_test_wait_until (NULL, document_page_resized, &resize, WAIT_MS));
    smaller = check_page_on_screen (page, good);
    g_assert_cmpint (smaller->width, <, shown->width);
    g_assert_cmpint (smaller->height, <, shown->height);

    /* The last page, and no page after it. */
    gtk_widget_activate_action (GTK_WIDGET (page), "doc.last-page", NULL);
    g_assert_cmpstr (plenum_document_page_get_indicator_text (page), ==, last);
    gtk_widget_activate_action (GTK_WIDGET (page), "doc.next-page", NULL);
    g_assert_cmpstr (plenum_document_page_get_indicator_text (page), ==, last);
    last_shown = check_page_on_screen (page, good);
    gtk_widget_activate_action (GTK_WIDGET (page), "doc.first-page", NULL);
    g_assert_cmpuint (plenum_document_page_get_page (page), ==, 0);
  }
  destroy_window (window);
}

static gboolean
pdf_view_ready (gpointer user_data)
{
  return plenum_pdf_view_get_ready (user_data);
}

/* Split view: a second document beside the first, chosen from the companions, each
 * with its own page and zoom; closing it leaves the first as it was. The view modes and
 * zoom buttons act on the first. A confidential document's watermark is on both. */
static void
test_split_view (void)
{
  g_autoptr(PlenumRenderClient) client = plenum_render_client_new (NULL);
  g_autofree char *first = plenum_test_data_path ("packets/good/02-bao-cao.pdf");
  g_autofree char *second = plenum_test_data_path ("vi_vntex-man.pdf");
  const char *titles[] = { "Hướng dẫn vntex", NULL };
  const char *paths[] = { second, NULL };
  PlenumDocumentPage *page;
  PlenumPdfView *view, *beside;
  GtkWindow *window;
  double zoom;

  page = document_page_alone (client, first, &window);
  view = plenum_document_page_get_view (page);
  g_assert_null (plenum_document_page_get_beside_view (page));
  plenum_document_page_set_companions (page, titles, paths);

  /* The companion's row in "Open beside" activates this. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "doc.open-beside", "u", 0));
  beside = plenum_document_page_get_beside_view (page);
  g_assert_nonnull (beside);
  g_assert_true (plenum_test_wait_until (NULL, pdf_view_ready, beside, WAIT_MS));
  g_assert_cmpuint (plenum_pdf_view_get_n_pages (beside), ==, 7);
  g_assert_true (plenum_test_wait_until (NULL, pdf_view_ready, view, WAIT_MS));
  /* Side by side, half and half. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (beside)), >, 200);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (view)), >, 200);

  /* Independent: the second turns and zooms, the first stays. */
  plenum_pdf_view_set_page (beside, 3);
  zoom = plenum_pdf_view_get_zoom (view);
  plenum_pdf_view_set_zoom (beside, plenum_pdf_view_get_zoom (beside) * 1.5);
  g_assert_cmpuint (plenum_pdf_view_get_page (beside), ==, 3);
  g_assert_cmpuint (plenum_pdf_view_get_page (view), ==, 0);
  g_assert_cmpfloat (plenum_pdf_view_get_zoom (view), ==, zoom);
  g_assert_true (plenum_test_wait_until (NULL, pdf_view_ready, beside, WAIT_MS));

  /* The first one's buttons act on the first. */
  gtk_widget_activate_action (GTK_WIDGET (page), "doc.zoom-in", NULL);
  g_assert_cmpfloat (plenum_pdf_view_get_zoom (view), >, zoom);
  gtk_widget_activate_action (GTK_WIDGET (page), "doc.page-mode", NULL);
  g_assert_cmpint (plenum_pdf_view_get_mode (view), ==, PLENUM_PDF_VIEW_CONTINUOUS);
  g_assert_cmpint (plenum_pdf_view_get_mode (beside), ==, PLENUM_PDF_VIEW_CONTINUOUS);

  /* Confidential: on both. */
  plenum_document_page_set_watermark (page, "Lê Minh Tuấn · 27/11/2026 21:40");
  g_assert_cmpstr (plenum_pdf_view_get_watermark (view), ==, "Lê Minh Tuấn · 27/11/2026 21:40");
  g_assert_cmpstr (plenum_pdf_view_get_watermark (beside), ==, "Lê Minh Tuấn · 27/11/2026 21:40");

  plenum_document_page_open_beside (page, NULL, NULL);
  g_assert_null (plenum_document_page_get_beside_view (page));
  g_assert_cmpuint (plenum_document_page_get_n_pages (page), >, 0);
  destroy_window (window);
}

/* A 12-page PDF with "Nghị quyết" on pages 3 and 9 and a table of contents. */
static char *
make_reader_pdf (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("reader-tools");
  char *path = g_build_filename (dir, "nghi-quyet.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 420, 595);
  cairo_t *cr = cairo_create (surface);

  cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, "Phần I", "page=1", 0);
  cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, "Phần II", "page=8", 0);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *text = g_strdup_printf ("Trang %u", i + 1);

      cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, 24);
      cairo_move_to (cr, 40, 80);
      cairo_show_text (cr, text);
      if (i == 2 || i == 8)
        {
          cairo_move_to (cr, 40, 300);
          cairo_show_text (cr, "Nghị quyết của Ban Thường vụ");
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
view_has_selection (gpointer user_data)
{
  return plenum_pdf_view_get_has_selection (user_data);
}

static gboolean
search_done (gpointer user_data)
{
  PlenumDocumentSearch *search = user_data;

  return !plenum_document_search_get_searching (search);
}

static gboolean
outline_ready (gpointer user_data)
{
  return plenum_outline_view_get_n_entries (user_data) > 0;
}

/* The reader's tools in the document page: search (with and without accents), the
 * table of contents and the thumbnails each take the reader to their page. */
static void
test_reader_tools (void)
{
  g_autoptr(PlenumRenderClient) client = plenum_render_client_new (NULL);
  g_autofree char *path = make_reader_pdf ();
  PlenumDocumentSearch *search;
  PlenumOutlineView *outline;
  PlenumDocumentPage *page;
  GtkWindow *window;
  guint match_page = 0;

  page = document_page_alone (client, path, &window);
  g_assert_cmpuint (plenum_document_page_get_n_pages (page), ==, 12);

  /* Search: two matches, the first at or after the current page, then the next. */
  plenum_document_page_search (page, "nghị quyết", FALSE);
  search = plenum_document_page_get_search (page);
  g_assert_nonnull (search);
  g_assert_true (plenum_test_wait_until (NULL, search_done, search, WAIT_MS));
  g_assert_cmpuint (plenum_document_search_get_n_matches (search), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "doc.search-next", NULL));
  g_assert_cmpint (plenum_document_search_get_current (search, &match_page), ==, 0);
  g_assert_cmpuint (match_page, ==, 2);
  g_assert_cmpuint (plenum_document_page_get_page (page), ==, 2);
  g_assert_nonnull (plenum_test_find_label (GTK_WIDGET (page), "1 of 2"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "doc.search-next", NULL));
  g_assert_cmpuint (plenum_document_page_get_page (page), ==, 8);

  /* Without accents: "nghi quyet" finds nothing exactly, both when accents are ignored. */
  plenum_document_page_search (page, "nghi quyet", FALSE);
  search = plenum_document_page_get_search (page);
  g_assert_true (plenum_test_wait_until (NULL, search_done, search, WAIT_MS));
  g_assert_cmpuint (plenum_document_search_get_n_matches (search), ==, 0);
  g_assert_nonnull (plenum_test_find_label (GTK_WIDGET (page), "No matches"));
  plenum_document_page_search (page, "nghi quyet", TRUE);
  g_assert_true (plenum_test_wait_until (NULL, search_done, search, WAIT_MS));
  g_assert_cmpuint (plenum_document_search_get_n_matches (search), ==, 2);

  /* The table of contents: "Phần II" goes to page 8. */
  outline = plenum_document_page_get_outline (page);
  g_assert_true (plenum_test_wait_until (NULL, outline_ready, outline, WAIT_MS));
  g_assert_cmpuint (plenum_outline_view_get_n_entries (outline), ==, 2);
  g_assert_true (plenum_outline_view_activate_entry (outline, 1));
  g_assert_cmpuint (plenum_document_page_get_page (page), ==, 7);

  /* "Go to a page" with its number. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "doc.go-to-page", "u", 11));
  g_assert_cmpuint (plenum_document_page_get_page (page), ==, 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "doc.go-to-page", "u", 99));
  g_assert_cmpuint (plenum_document_page_get_page (page), ==, 11);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "doc.go-to-page", "u", 8));
  g_assert_cmpuint (plenum_document_page_get_page (page), ==, 7);

  /* Selecting text: "Copy" over the page, not for a confidential document. */
  {
    PlenumPdfView *view = plenum_document_page_get_view (page);
    graphene_rect_t rect;
    double scale;

    plenum_pdf_view_set_selecting (view, TRUE);
    g_assert_true (plenum_pdf_view_get_page_rect (view, plenum_pdf_view_get_page (view), &rect));
    scale = rect.size.width / 420.0;
    /* "Trang 8" at (40, 80), 24 points. */
    g_assert_true (plenum_pdf_view_select_at (view,
                                              rect.origin.x + 41 * scale, rect.origin.y + 72 * scale,
                                              rect.origin.x + 120 * scale, rect.origin.y + 72 * scale));
    g_assert_true (plenum_test_wait_until (NULL, view_has_selection, view, WAIT_MS));
    plenum_test_wait_frame (GTK_WIDGET (view));
    assert_label_shown (GTK_WIDGET (page), "Copy");
    plenum_document_page_set_watermark (page, "Lê Minh Tuấn · 27/11/2026 22:30");
    g_assert_null (plenum_test_find_label (GTK_WIDGET (page), "Copy"));
    plenum_document_page_set_watermark (page, NULL);
    plenum_pdf_view_set_selecting (view, FALSE);
    g_assert_false (plenum_pdf_view_get_has_selection (view));
  }

  /* The thumbnails follow the page, and a tap on one turns to it. */
  g_assert_cmpuint (plenum_thumbnail_strip_get_page (plenum_document_page_get_thumbnails (page)), ==, 7);
  plenum_thumbnail_strip_activate_page (plenum_document_page_get_thumbnails (page), 4);
  g_assert_cmpuint (plenum_document_page_get_page (page), ==, 4);
  destroy_window (window);
}

static gboolean
document_page_not_loading (gpointer user_data)
{
  return plenum_document_page_get_state (user_data) != PLENUM_DOCUMENT_PAGE_LOADING;
}

/* A password-protected document asks for its password in place; a wrong one asks
 * again, the right one opens it. */
static void
test_password (void)
{
  g_autoptr(PlenumRenderClient) client = plenum_render_client_new (NULL);
  g_autofree char *path = plenum_test_data_path ("enc_aes256-R6_userpw-view.pdf");
  g_autoptr(GError) encrypted = g_error_new_literal (PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_ENCRYPTED, "");
  g_autofree char *encrypted_text = plenum_error_text (encrypted);
  PlenumDocumentPage *page;
  GtkWindow *window;

  page = document_page_alone (client, path, &window);
  g_assert_cmpint (plenum_document_page_get_state (page), ==, PLENUM_DOCUMENT_PAGE_FAILED);
  g_assert_cmpstr (plenum_document_page_get_status_text (page), ==, encrypted_text);
  g_assert_nonnull (plenum_test_find_label (GTK_WIDGET (page), encrypted_text));

  plenum_document_page_open_with_password (page, "not the password");
  g_assert_true (plenum_test_wait_until (NULL, document_page_not_loading, page, WAIT_MS));
  g_assert_cmpint (plenum_document_page_get_state (page), ==, PLENUM_DOCUMENT_PAGE_FAILED);
  g_assert_cmpstr (plenum_document_page_get_status_text (page), ==, encrypted_text);

  plenum_document_page_open_with_password (page, "view");
  g_assert_true (plenum_test_wait_until (NULL, document_page_not_loading, page, WAIT_MS));
  g_assert_cmpint (plenum_document_page_get_state (page), ==, PLENUM_DOCUMENT_PAGE_READY);
  g_assert_cmpuint (plenum_document_page_get_n_pages (page), >, 0);
  wait_document_page (page);
  g_assert_true (plenum_pdf_view_get_ready (plenum_document_page_get_view (page)));
  destroy_window (window);
}

/* The password entry on screen under @widget, or NULL. */
static GtkWidget *
find_visible_password_entry (GtkWidget *widget)
{
  if (GTK_IS_PASSWORD_ENTRY (widget) && widget_visible (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_visible_password_entry (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
password_entry_shown (gpointer user_data)
{
  return find_visible_password_entry (user_data) != NULL;
}

/* A document whose packet carries its password opens straight to page 1, never asking;
 * a wrong carried password (the packet was wrong) asks, with the entry empty, and the
 * right one typed then opens it. */
static void
test_carried_password (void)
{
  g_autoptr(PlenumRenderClient) client = plenum_render_client_new (NULL);
  g_autofree char *path = plenum_test_data_path ("enc_aes256-R6_userpw-view.pdf");
  g_autoptr(GError) encrypted = g_error_new_literal (PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_ENCRYPTED, "");
  g_autofree char *encrypted_text = plenum_error_text (encrypted);
  g_autofree char *page_1 = indicator (1, 30);
  PlenumDocumentPage *page;
  GtkWindow *window;
  GtkWidget *entry;

  page = document_page_alone_with (client, path, "view", &window);
  g_assert_cmpint (plenum_document_page_get_state (page), ==, PLENUM_DOCUMENT_PAGE_READY);
  g_assert_cmpuint (plenum_document_page_get_n_pages (page), ==, 30);
  g_assert_cmpuint (plenum_document_page_get_page (page), ==, 0);
  g_assert_cmpstr (plenum_document_page_get_indicator_text (page), ==, page_1);
  g_assert_null (plenum_document_page_get_status_text (page));
  g_assert_true (plenum_pdf_view_get_ready (plenum_document_page_get_view (page)));
  assert_label_shown (GTK_WIDGET (page), page_1);
  g_assert_null (find_visible_password_entry (GTK_WIDGET (page)));
  g_assert_null (plenum_test_find_label (GTK_WIDGET (page), encrypted_text));
  destroy_window (window);

  page = document_page_alone_with (client, path, "not the password", &window);
  g_assert_cmpint (plenum_document_page_get_state (page), ==, PLENUM_DOCUMENT_PAGE_FAILED);
  g_assert_cmpstr (plenum_document_page_get_status_text (page), ==, encrypted_text);
  assert_label_shown (GTK_WIDGET (page), encrypted_text);
  g_assert_true (plenum_test_wait_until (NULL, password_entry_shown, page, WAIT_MS));
  entry = find_visible_password_entry (GTK_WIDGET (page));
  /* Never prefilled with what the packet carried. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  /* Retrying does not try the wrong carried password again: it still asks. */
  gtk_widget_activate_action (GTK_WIDGET (page), "doc.retry", NULL);
  g_assert_true (plenum_test_wait_until (NULL, document_page_not_loading, page, WAIT_MS));
  g_assert_cmpint (plenum_document_page_get_state (page), ==, PLENUM_DOCUMENT_PAGE_FAILED);
  g_assert_cmpstr (plenum_document_page_get_status_text (page), ==, encrypted_text);

  /* Typed, as the member does. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "view");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "doc.open-with-password", NULL));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_true (plenum_test_wait_until (NULL, document_page_not_loading, page, WAIT_MS));
  g_assert_cmpint (plenum_document_page_get_state (page), ==, PLENUM_DOCUMENT_PAGE_READY);
  wait_document_page (page);
  g_assert_cmpstr (plenum_document_page_get_indicator_text (page), ==, page_1);
  g_assert_null (find_visible_password_entry (GTK_WIDGET (page)));
  destroy_window (window);
}

/* The whole way: a packet folder gives the protected PDF's password, the server imports
 * it and serves it with the meeting, and the terminal's window opens the document from
 * its row straight to page 1, never asking. */
static void
test_meeting_carries_password (void)
{
  g_autofree char *data_dir = plenum_test_mkdtemp ("server-password");
  g_autofree char *client_dir = plenum_test_mkdtemp ("terminal-password");
  g_autofree char *folder = plenum_test_mkdtemp ("packet-password");
  g_autofree char *accounts_dir = plenum_test_mkdtemp ("accounts-password");
  g_autofree char *accounts_path = g_build_filename (accounts_dir, "accounts.json", NULL);
  g_autofree char *packet_path = g_build_filename (folder, "packet.json", NULL);
  g_autofree char *secret_path = g_build_filename (folder, "secret.pdf", NULL);
  g_autofree char *source = plenum_test_data_path ("enc_aes256-R6_userpw-view.pdf");
  g_autofree char *meeting_id = g_uuid_string_random ();
  g_autofree char *packet = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *page_1 = indicator (1, 30);
  g_autoptr(PlenumTestServer) server = NULL;
  g_autoptr(GError) error = NULL;
  PlenumMeetingPage *meeting_page;
  PlenumDocumentPage *page;
  PlenumMeeting *meeting;
  g_autoptr(PlenumAgendaItem) item = NULL;
  PlenumDocument *document;
  GtkListBoxRow *row;
  PlenumTestTerminal *terminal;
  gsize length = 0;
  gint64 deadline;

  /* The server: one body, its chair, one meeting whose document is the protected PDF. */
  g_assert_true (g_file_set_contents (accounts_path,
                                      "{ \"accounts\": [ { \"name\": \"" MEMBER_NAME "\", "
                                      "\"display_name\": \"Nguyễn Văn An\", \"role\": \"member\", "
                                      "\"pin\": \"" MEMBER_PIN "\" } ], "
                                      "\"bodies\": [ { \"name\": \"Ban Mật\", "
                                      "\"members\": [ \"" MEMBER_NAME "\" ] } ] }", -1, &error));
  g_assert_true (g_file_get_contents (source, &contents, &length, &error));
  g_assert_true (g_file_set_contents (secret_path, contents, (gssize) length, &error));
  packet = g_strdup_printf ("{ \"meeting\": { \"id\": \"%s\", \"body\": \"Ban Mật\", "
                            "\"title\": \"Họp có tài liệu mật\", "
                            "\"starts_at\": \"2026-12-01T01:00:00Z\", \"chair\": \"" MEMBER_NAME "\" }, "
                            "\"items\": [ { \"number\": \"1\", \"title\": \"Tài liệu mật\", "
                            "\"documents\": [ { \"file\": \"secret.pdf\", \"title\": \"Có mật khẩu\", "
                            "\"password\": \"view\" } ] } ] }", meeting_id);
  g_assert_true (g_file_set_contents (packet_path, packet, -1, &error));
  g_assert_no_error (error);
  {
    const char * const accounts_args[] = { "--data-dir", data_dir, "--import-accounts", accounts_path, NULL };
    const char * const packet_args[] = { "--data-dir", data_dir, "--import-packet", folder, NULL };

    g_assert_cmpint (plenum_test_server_run (accounts_args, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (plenum_test_server_run (packet_args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "published packet version 1"));
  }
  server = plenum_test_server_start (data_dir, NULL);

  terminal = plenum_test_terminal_start (client_dir, plenum_test_server_get_url (server));
  sign_in_member (terminal);
  meeting_page = open_demo_meeting (terminal);
  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while ((plenum_meeting_page_get_meeting (meeting_page) == NULL ||
          !plenum_meeting_has_agenda (plenum_meeting_page_get_meeting (meeting_page))) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  meeting = plenum_meeting_page_get_meeting (meeting_page);
  g_assert_cmpstr (plenum_meeting_get_id (meeting), ==, meeting_id);
  item = g_list_model_get_item (plenum_meeting_get_agenda (meeting), 0);
  g_assert_nonnull (item);
  document = g_list_model_get_item (plenum_agenda_item_get_documents (item), 0);
  g_assert_nonnull (document);
  g_object_unref (document); /* the item keeps it */
  g_assert_cmpstr (plenum_document_get_password (document), ==, "view");
  g_assert_cmpint (plenum_document_get_pages (document), ==, 30);

  gtk_widget_activate_action (GTK_WIDGET (meeting_page), "meeting.select-item", "s",
                              plenum_agenda_item_get_id (item));
  row = gtk_list_box_get_row_at_index (plenum_meeting_page_get_document_list (meeting_page), 0);
  g_assert_nonnull (row);
  g_assert_true (plenum_document_row_get_document (PLENUM_DOCUMENT_ROW (row)) == document);
  deadline = g_get_monotonic_time () + DOWNLOAD_MS * 1000;
  while (plenum_document_row_get_state (PLENUM_DOCUMENT_ROW (row)) != PLENUM_DOCUMENT_STATE_VERIFIED &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (plenum_document_row_get_state (PLENUM_DOCUMENT_ROW (row)), ==, PLENUM_DOCUMENT_STATE_VERIFIED);

  /* Tap it: page 1, no question. */
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  plenum_test_wait_window_page (terminal->window, "document");
  page = PLENUM_DOCUMENT_PAGE (plenum_window_get_document_page (terminal->window));
  g_assert_true (plenum_test_wait_until (NULL, document_page_not_loading, page, WAIT_MS));
  g_assert_cmpint (plenum_document_page_get_state (page), ==, PLENUM_DOCUMENT_PAGE_READY);
  wait_document_page (page);
  g_assert_cmpuint (plenum_document_page_get_n_pages (page), ==, 30);
  g_assert_cmpuint (plenum_document_page_get_page (page), ==, 0);
  assert_label_shown (GTK_WIDGET (page), page_1);
  g_assert_true (plenum_pdf_view_get_ready (plenum_document_page_get_view (page)));
  g_assert_nonnull (view_texture (plenum_document_page_get_view (page)));
  g_assert_null (find_visible_password_entry (GTK_WIDGET (page)));

  plenum_test_terminal_stop (terminal);
  plenum_test_server_stop (server);
}

/* Annotations in the reader */

static GtkWidget *
find_by_tooltip (GtkWidget  *widget,
                 const char *tooltip)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_tooltip (child, tooltip);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_of_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  PlenumStore *store;
  const char  *account_id;
  const char  *annotation_id;
} StoredWait;

/* The store has the annotation, and the server acknowledged it (so its outbox row was
 * there and was sent). */
static gboolean
annotation_on_server (gpointer user_data)
{
  StoredWait *wait = user_data;
  g_autoptr(PlenumAnnotation) annotation = NULL;
  gboolean dirty = TRUE;
  gint64 revision = 0;

  annotation = plenum_store_get_annotation (wait->store, wait->account_id, wait->annotation_id,
                                            NULL, &dirty, &revision, NULL);
  return annotation != NULL && !dirty && revision > 0;
}

static gboolean
store_lists (PlenumStore *store,
             const char  *account_id,
             const char  *document_id,
             const char  *annotation_id)
{
  g_autoptr(GPtrArray) listed = plenum_store_list_annotations (store, account_id, document_id, NULL);

  for (guint i = 0; listed != NULL && i < listed->len; i++)
    if (g_str_equal (plenum_annotation_get_id (g_ptr_array_index (listed, i)), annotation_id))
      return TRUE;
  return FALSE;
}

/* A pen stroke across page @page of @page's view, at (@px, @py) points on the page:
 * through the layer's own stroke path (xdotool drives the gestures in test-ink-layer). */
static PlenumAnnotation *
draw_stroke (PlenumDocumentPage *page,
             guint               index,
             double              px,
             double              py)
{
  PlenumPdfView *view = plenum_document_page_get_view (page);
  PlenumInkLayer *layer = plenum_document_page_get_ink_layer (page);
  GPtrArray *before = plenum_ink_layer_get_annotations (layer);
  guint n_before = before->len;
  double zoom = plenum_pdf_view_get_zoom (view);
  graphene_rect_t rect;
  double x, y;

  g_assert_true (plenum_pdf_view_get_page_rect (view, index, &rect));
  x = rect.origin.x + px * zoom;
  y = rect.origin.y + py * zoom;
  g_assert_true (plenum_ink_layer_begin_stroke (layer, x, y, -1));
  for (guint i = 1; i <= 10; i++)
    plenum_ink_layer_extend_stroke (layer, x + i * 8 * zoom, y + (i % 2) * 2 * zoom, 0.7);
  plenum_ink_layer_end_stroke (layer);
  g_assert_cmpuint (plenum_ink_layer_get_annotations (layer)->len, ==, n_before + 1);
  return g_ptr_array_index (plenum_ink_layer_get_annotations (layer), n_before);
}

typedef struct
{
  PlenumDocumentPage *page;
  const char         *text;
} ToastWait;

static gboolean
toast_said (gpointer user_data)
{
  ToastWait *wait = user_data;

  return g_strcmp0 (plenum_document_page_get_toast_text (wait->page), wait->text) == 0;
}

/* How many annotations of @type the PDF at @path has, over all its pages. */
static guint
count_pdf_annotations (const char        *path,
                       PopplerAnnotType   type,
                       int               *n_pages)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  PopplerDocument *document;
  g_autoptr(GError) error = NULL;
  guint count = 0;

  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  *n_pages = poppler_document_get_n_pages (document);
  for (int i = 0; i < *n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      GList *mapping = poppler_page_get_annot_mapping (page);

      for (GList *l = mapping; l != NULL; l = l->next)
        if (poppler_annot_get_annot_type (((PopplerAnnotMapping *) l->data)->annot) == type)
          count++;
      poppler_page_free_annot_mapping (mapping);
      g_object_unref (page);
    }
  g_object_unref (document);
  return count;
}

/* "Save an annotated copy": the toast names the file, which is in the documents folder's
 * "Plenum" folder under the document's id. */
static void
export_copy (PlenumDocumentPage *page,
             const char         *mode,
             const char         *expected_path)
{
  g_autofree char *said = g_strdup_printf (_("Annotated copy saved as %s"), expected_path);
  ToastWait wait = { page, said };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "doc.export-copy", "s", mode));
  if (!plenum_test_wait_until (NULL, toast_said, &wait, PLENUM_EXPORT_CLIENT_TIMEOUT_S * 1000))
    g_error ("the export said “%s”", plenum_document_page_get_toast_text (page));
  g_assert_true (g_file_test (expected_path, G_FILE_TEST_IS_REGULAR));
}

/* The demo meeting's first document that is (or is not) confidential, opened from its
 * row once verified. */
static PlenumDocumentPage *
open_meeting_document (PlenumTestTerminal *terminal,
                       gboolean  confidential)
{
  PlenumMeetingPage *meeting_page = open_demo_meeting (terminal);
  PlenumMeeting *meeting;
  GListModel *agenda;
  PlenumAgendaItem *chosen_item = NULL;
  PlenumDocument *chosen = NULL;
  GtkListBoxRow *row = NULL;
  gint64 deadline;

  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (!plenum_meeting_has_agenda (plenum_meeting_page_get_meeting (meeting_page)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  meeting = plenum_meeting_page_get_meeting (meeting_page);
  agenda = plenum_meeting_get_agenda (meeting);
  g_assert_nonnull (agenda);
  for (guint i = 0; chosen == NULL && i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      GListModel *documents = plenum_agenda_item_get_documents (item);

      for (guint j = 0; chosen == NULL && j < g_list_model_get_n_items (documents); j++)
        {
          g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, j);

          if (plenum_document_get_confidential (document) == confidential &&
              plenum_document_get_pages (document) <= 12)
            {
              chosen = document;
              chosen_item = item;
            }
        }
    }
  g_assert_nonnull (chosen);
  gtk_widget_activate_action (GTK_WIDGET (meeting_page), "meeting.select-item", "s",
                              plenum_agenda_item_get_id (chosen_item));
  for (int i = 0; row == NULL; i++)
    {
      GtkListBoxRow *candidate = gtk_list_box_get_row_at_index (plenum_meeting_page_get_document_list (meeting_page), i);

      g_assert_nonnull (candidate);
      if (plenum_document_row_get_document (PLENUM_DOCUMENT_ROW (candidate)) == chosen)
        row = candidate;
    }
  deadline = g_get_monotonic_time () + DOWNLOAD_MS * 1000;
  while (plenum_document_row_get_state (PLENUM_DOCUMENT_ROW (row)) != PLENUM_DOCUMENT_STATE_VERIFIED &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (plenum_document_row_get_state (PLENUM_DOCUMENT_ROW (row)), ==, PLENUM_DOCUMENT_STATE_VERIFIED);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  plenum_test_wait_window_page (terminal->window, "document");
  return PLENUM_DOCUMENT_PAGE (plenum_window_get_document_page (terminal->window));
}

/* A member marks up a document: "Mark up" shows the tool bar with the pen, a stroke is
 * saved in the store with its outbox operation and reaches the server, a reload from
 * sync in the middle of the next stroke leaves that stroke whole, and both are there
 * again when the document is opened again. Annotated copies (flat, and with editable
 * annotations) go to the documents folder under the document's id and open in poppler
 * with the mark; a confidential document can be marked up but offers no copy. */
static void
test_annotations (void)
{
  g_autofree char *data_dir = plenum_test_mkdtemp ("terminal-annotations");
  const char * const args[] = { "--demo", NULL };
  g_autoptr(PlenumTestServer) server = plenum_test_server_start (NULL, args);
  const char *documents_dir_name = "Tài liệu của tôi";
  g_autofree char *documents_dir = g_build_filename (g_get_home_dir (), documents_dir_name, NULL);
  g_autofree char *user_dirs = g_build_filename (g_get_user_config_dir (), "user-dirs.dirs", NULL);
  g_autofree char *user_dirs_text = g_strdup_printf ("XDG_DOCUMENTS_DIR=\"$HOME/%s\"\n", documents_dir_name);
  g_autofree char *path = NULL;
  g_autofree char *reopened_path = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *annotation_id = NULL;
  g_autofree char *document_id = NULL;
  g_autofree char *flat_path = NULL;
  g_autofree char *editable_path = NULL;
  g_autoptr(GError) error = NULL;
  PlenumDocumentPage *page;
  PlenumInkLayer *layer;
  PlenumAnnotation *mark;
  GtkWidget *markup;
  GtkWidget *bar;
  PlenumTestTerminal *terminal;
  GStatBuf st;
  int n_pages, n_original_pages;

  /* The documents folder is read from XDG's user-dirs.dirs (the test's own config
   * folder), as on a member's desktop. */
  g_assert_true (g_mkdir_with_parents (g_get_user_config_dir (), 0700) == 0);
  g_assert_true (g_file_set_contents (user_dirs, user_dirs_text, -1, &error));
  g_assert_no_error (error);
  g_reload_user_special_dirs_cache ();
  g_assert_cmpstr (g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS), ==, documents_dir);

  terminal = plenum_test_terminal_start (data_dir, plenum_test_server_get_url (server));
  sign_in_member (terminal);
  account_id = g_strdup (plenum_member_get_id (plenum_sync_engine_get_account (terminal->engine)));
  page = open_demo_document (terminal, &path);
  wait_document_page (page);
  layer = plenum_document_page_get_ink_layer (page);
  g_assert_nonnull (layer);
  g_assert_cmpint (plenum_ink_layer_get_tool (layer), ==, PLENUM_INK_TOOL_NONE);

  /* "Mark up": a 48 px toggle in the header bar, with its label; it shows the tool bar
   * and takes the pen. */
  markup = find_by_tooltip (GTK_WIDGET (page), _("Mark up"));
  g_assert_nonnull (markup);
  g_assert_true (GTK_IS_TOGGLE_BUTTON (markup));
  g_assert_true (plenum_test_wait_until (NULL, widget_allocated, markup, WAIT_MS));
  g_assert_cmpint (gtk_widget_get_width (markup), >=, 48);
  g_assert_cmpint (gtk_widget_get_height (markup), >=, 48);
  bar = find_of_type (GTK_WIDGET (page), PLENUM_TYPE_ANNOTATION_BAR);
  g_assert_nonnull (bar);
  g_assert_false (widget_visible (bar));
  plenum_test_press (markup);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (markup)));
  g_assert_cmpint (plenum_ink_layer_get_tool (layer), ==, PLENUM_INK_TOOL_PEN);
  g_assert_true (plenum_test_wait_until (NULL, widget_allocated, bar, WAIT_MS));
  g_assert_true (plenum_annotation_bar_get_layer (PLENUM_ANNOTATION_BAR (bar)) == layer);
  wait_document_page (page);

  /* A stroke: in the store at once, then acknowledged by the server. */
  mark = draw_stroke (page, 0, 100, 200);
  annotation_id = g_strdup (plenum_annotation_get_id (mark));
  document_id = g_strdup (plenum_annotation_get_document_id (mark));
  g_assert_cmpstr (plenum_annotation_get_author_id (mark), ==, account_id);
  g_assert_cmpuint (plenum_annotation_get_page (mark), ==, 0);
  {
    StoredWait wait = { terminal->store, account_id, annotation_id };

    g_assert_true (plenum_test_wait_until (NULL, annotation_on_server, &wait, WAIT_MS));
    g_assert_true (store_lists (terminal->store, account_id, document_id, annotation_id));
  }
  g_assert_null (plenum_document_page_get_toast_text (page));

  /* Marks coming in from sync in the middle of a stroke leave the stroke alone. */
  {
    PlenumPdfView *view = plenum_document_page_get_view (page);
    const char *meeting_id = plenum_meeting_page_get_meeting_id (PLENUM_MEETING_PAGE (plenum_window_get_meeting_page (terminal->window)));
    double zoom = plenum_pdf_view_get_zoom (view);
    PlenumAnnotationRect bounds;
    graphene_rect_t rect;
    GPtrArray *shown;
    PlenumAnnotation *second;

    g_assert_true (plenum_pdf_view_get_page_rect (view, 0, &rect));
    g_assert_true (plenum_ink_layer_begin_stroke (layer, rect.origin.x + 100 * zoom, rect.origin.y + 300 * zoom, -1));
    for (guint i = 1; i <= 5; i++)
      plenum_ink_layer_extend_stroke (layer, rect.origin.x + (100 + i * 10) * zoom, rect.origin.y + 300 * zoom, 0.7);
    g_signal_emit_by_name (terminal->engine, "annotations-changed", meeting_id, document_id);
    for (guint i = 6; i <= 10; i++)
      plenum_ink_layer_extend_stroke (layer, rect.origin.x + (100 + i * 10) * zoom, rect.origin.y + 300 * zoom, 0.7);
    plenum_ink_layer_end_stroke (layer);
    shown = plenum_ink_layer_get_annotations (layer);
    g_assert_cmpuint (shown->len, ==, 2);
    g_assert_nonnull (plenum_ink_layer_lookup (layer, annotation_id));
    second = g_ptr_array_index (shown, 1);
    g_assert_true (plenum_annotation_get_bounds (second, &bounds));
    /* From 100 to 200 points: the whole stroke, before and after the reload. */
    g_assert_cmpfloat (bounds.x, <=, 100);
    g_assert_cmpfloat (bounds.x + bounds.width, >=, 200);
    {
      StoredWait wait = { terminal->store, account_id, plenum_annotation_get_id (second) };

      g_assert_true (plenum_test_wait_until (NULL, annotation_on_server, &wait, WAIT_MS));
    }
  }
  plenum_test_save_screenshot (terminal->window, "reader-markup.png");

  /* Off again: touch pans. */
  plenum_test_press (markup);
  g_assert_cmpint (plenum_ink_layer_get_tool (layer), ==, PLENUM_INK_TOOL_NONE);

  /* Exports, each into the documents folder's Plenum folder (private). */
  flat_path = g_strdup_printf ("%s/Plenum/%s-flat.pdf", documents_dir, document_id);
  editable_path = g_strdup_printf ("%s/Plenum/%s-annotations.pdf", documents_dir, document_id);
  g_assert_cmpuint (count_pdf_annotations (path, POPPLER_ANNOT_INK, &n_original_pages), ==, 0);
  export_copy (page, "flat", flat_path);
  {
    g_autofree char *folder = g_path_get_dirname (flat_path);

    g_assert_cmpint (g_stat (folder, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  }
  export_copy (page, "editable", editable_path);
  /* The flat copy has the mark drawn in (no annotation objects); the editable one has it
   * as a PDF ink annotation. */
  g_assert_cmpuint (count_pdf_annotations (flat_path, POPPLER_ANNOT_INK, &n_pages), ==, 0);
  g_assert_cmpint (n_pages, ==, n_original_pages);
  g_assert_cmpuint (count_pdf_annotations (editable_path, POPPLER_ANNOT_INK, &n_pages), ==, 2);
  g_assert_cmpint (n_pages, ==, n_original_pages);
  /* Saving again replaces the copy. */
  export_copy (page, "flat", flat_path);

  /* Opened again, the mark is there, from the store. */
  gtk_widget_activate_action (GTK_WIDGET (terminal->window), "window.back", NULL);
  plenum_test_wait_window_page (terminal->window, "meeting");
  gtk_widget_activate_action (GTK_WIDGET (terminal->window), "window.back", NULL);
  plenum_test_wait_window_page (terminal->window, "meetings");
  page = open_demo_document (terminal, &reopened_path);
  g_assert_cmpstr (reopened_path, ==, path);
  layer = plenum_document_page_get_ink_layer (page);
  g_assert_nonnull (layer);
  g_assert_nonnull (plenum_ink_layer_lookup (layer, annotation_id));
  g_assert_cmpuint (plenum_ink_layer_get_annotations (layer)->len, ==, 2);
  wait_document_page (page);

  /* A confidential document: marks yes, copies no. */
  gtk_widget_activate_action (GTK_WIDGET (terminal->window), "window.back", NULL);
  plenum_test_wait_window_page (terminal->window, "meeting");
  gtk_widget_activate_action (GTK_WIDGET (terminal->window), "window.back", NULL);
  plenum_test_wait_window_page (terminal->window, "meetings");
  page = open_meeting_document (terminal, TRUE);
  wait_document_page (page);
  g_assert_nonnull (plenum_document_page_get_ink_layer (page));
  markup = find_by_tooltip (GTK_WIDGET (page), _("Mark up"));
  g_assert_true (widget_visible (markup));
  g_assert_false (widget_visible (find_by_tooltip (GTK_WIDGET (page), _("Save an annotated copy"))));
  /* Refused at once: nothing is started, nothing said. */
  gtk_widget_activate_action (GTK_WIDGET (page), "doc.export-copy", "s", "flat");
  g_assert_null (plenum_document_page_get_toast_text (page));
  plenum_test_press (markup);
  mark = draw_stroke (page, 0, 100, 200);
  {
    StoredWait wait = { terminal->store, account_id, plenum_annotation_get_id (mark) };

    g_assert_true (plenum_test_wait_until (NULL, annotation_on_server, &wait, WAIT_MS));
  }

  plenum_test_terminal_stop (terminal);
  plenum_test_server_stop (server);
}


int
main (int   argc,
      char *argv[])
{
  int status;

  /* Screenshots show the demo meeting at its local time, in the demo's province. */
  if (g_getenv ("PLENUM_SCREENSHOT_DIR") != NULL && g_getenv ("TZ") == NULL &&
      g_file_test ("/usr/share/zoneinfo/Asia/Ho_Chi_Minh", G_FILE_TEST_EXISTS))
    g_setenv ("TZ", "Asia/Ho_Chi_Minh", TRUE);

  plenum_test_init (&argc, &argv);
  /* With the build tree's translations: screenshots in Vietnamese with LANGUAGE=vi. */
  if (!plenum_test_gui_init (TRUE, &status))
    return status;
  /* No transitions: what a test checks (and a screenshot shows) is the settled page. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/plenum/ui/wrong-pin", test_wrong_pin);
  g_test_add_func ("/plenum/ui/read-online-then-offline", test_read_online_then_offline);
  g_test_add_func ("/plenum/ui/broken-pdfs", test_broken_pdfs);
  g_test_add_func ("/plenum/ui/split-view", test_split_view);
  g_test_add_func ("/plenum/ui/reader-tools", test_reader_tools);
  g_test_add_func ("/plenum/ui/password", test_password);
  g_test_add_func ("/plenum/ui/carried-password", test_carried_password);
  g_test_add_func ("/plenum/ui/meeting-carries-password", test_meeting_carries_password);
  g_test_add_func ("/plenum/ui/check-in", test_check_in);
  g_test_add_func ("/plenum/ui/annotations", test_annotations);

  return plenum_test_sync_run ();
}
