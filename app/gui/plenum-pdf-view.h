/* plenum-pdf-view.h — the reader's page view: a whole document, touch first.
 *
 * Two modes: CONTINUOUS (every page in one column, scrolled vertically) and SINGLE_PAGE
 * (one page at a time, turned with a swipe, the keys or the actions). Three sizings:
 * fit width, fit page, or a free zoom (pinch with two fingers, double-tap, Ctrl+scroll,
 * the zoom actions). Put it in a GtkScrolledWindow (it is a GtkScrollable): touch pans
 * with kinetic scrolling there; nothing selects text by accident.
 *
 * Pages are rendered by the render helper through a PlenumRenderQueue at exactly the
 * size shown (device pixels), visible pages first and the pages either side next; stale
 * requests are dropped as the view moves on. While a page renders at a new size, the
 * nearest size already cached stands in (scaled), so a zoom shows a quick, softer image
 * first and then the sharp one. A page that cannot be rendered (too slow, too big, a
 * broken page) shows "This page could not be displayed" in its place; the others and the
 * application go on.
 *
 * A confidential document gets a watermark (property "watermark": e.g. the reader's
 * name and the time), drawn by the view over every page, never into the file.
 *
 * Search results are drawn over the pages (plenum_pdf_view_set_highlights(): translucent
 * yellow, the current match orange), and plenum_pdf_view_show_rect() brings a match into
 * view. Links: the links of each page are fetched from the helper once, when the page
 * first comes into view; a tap on an internal link goes to its page, a tap on a URI link
 * opens nothing (kiosk) but emits "link-uri" (const char *uri) so that the page around
 * the view may show the address. A tap is followed only when no second tap comes within
 * the double-click time (a double-tap zooms).
 *
 * Actions (group "pdf"): pdf.next-page, pdf.previous-page, pdf.first-page,
 * pdf.last-page, pdf.zoom-in, pdf.zoom-out, pdf.fit-width, pdf.fit-page, pdf.copy. Keys:
 * Page Up/Down, Home/End, Ctrl+plus/minus, Ctrl+0 (fit width), Ctrl+C.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pdf/plenum-render-queue.h"

G_BEGIN_DECLS

typedef enum {
  PLENUM_PDF_VIEW_CONTINUOUS,
  PLENUM_PDF_VIEW_SINGLE_PAGE,
} PlenumPdfViewMode;

typedef enum {
  PLENUM_PDF_VIEW_FIT_WIDTH,
  PLENUM_PDF_VIEW_FIT_PAGE,
  PLENUM_PDF_VIEW_FREE,
} PlenumPdfViewSizing;

/* What the view shows for one page. */
typedef enum {
  PLENUM_PDF_PAGE_EMPTY,    /* nothing yet (white) */
  PLENUM_PDF_PAGE_STANDIN,  /* another size of the page, scaled, while the sharp renders */
  PLENUM_PDF_PAGE_SHARP,    /* rendered at the size shown */
  PLENUM_PDF_PAGE_FAILED,   /* "This page could not be displayed" */
} PlenumPdfPageState;

#define PLENUM_TYPE_PDF_VIEW (plenum_pdf_view_get_type ())
G_DECLARE_FINAL_TYPE (PlenumPdfView, plenum_pdf_view, PLENUM, PDF_VIEW, GtkWidget)

GtkWidget            *plenum_pdf_view_new            (PlenumRenderQueue    *queue);

PlenumRenderQueue    *plenum_pdf_view_get_queue      (PlenumPdfView        *self);

/* Property "document" (NULL: nothing). Setting it shows its first page, fit width. */
PlenumRenderDocument *plenum_pdf_view_get_document   (PlenumPdfView        *self);
void                  plenum_pdf_view_set_document   (PlenumPdfView        *self,
                                                      PlenumRenderDocument *document);

/* Property "page": the current page (0-based): in continuous mode the one at the upper
 * third of the view. Setting it scrolls (or turns) to that page, clamped. */
guint                 plenum_pdf_view_get_page       (PlenumPdfView        *self);
void                  plenum_pdf_view_set_page       (PlenumPdfView        *self,
                                                      guint                 page);
/* The document's pages (0 without a document). */
guint                 plenum_pdf_view_get_n_pages    (PlenumPdfView        *self);

/* Property "mode". */
PlenumPdfViewMode     plenum_pdf_view_get_mode       (PlenumPdfView        *self);
void                  plenum_pdf_view_set_mode       (PlenumPdfView        *self,
                                                      PlenumPdfViewMode     mode);

/* Property "sizing"; setting "zoom" makes it FREE. */
PlenumPdfViewSizing   plenum_pdf_view_get_sizing     (PlenumPdfView        *self);
void                  plenum_pdf_view_set_sizing     (PlenumPdfView        *self,
                                                      PlenumPdfViewSizing   sizing);

/* Property "zoom": logical pixels per PDF point (clamped to PLENUM_ZOOM_MIN..MAX). */
double                plenum_pdf_view_get_zoom       (PlenumPdfView        *self);
void                  plenum_pdf_view_set_zoom       (PlenumPdfView        *self,
                                                      double                zoom);
/* Zooms about a point of the view (widget coordinates), as a pinch or a double-tap
 * there does. */
void                  plenum_pdf_view_zoom_at        (PlenumPdfView        *self,
                                                      double                zoom,
                                                      double                x,
                                                      double                y);

/* Property "watermark": text drawn over every page (NULL: none). */
const char           *plenum_pdf_view_get_watermark  (PlenumPdfView        *self);
void                  plenum_pdf_view_set_watermark  (PlenumPdfView        *self,
                                                      const char           *text);

/* Property "ready" (read-only): every page on screen is shown sharp or has failed. */
gboolean              plenum_pdf_view_get_ready      (PlenumPdfView        *self);

/* What is shown for @page now, and the pages on screen. */
PlenumPdfPageState    plenum_pdf_view_get_page_state (PlenumPdfView        *self,
                                                      guint                 page);
/* Why @page could not be displayed (PLENUM_RENDER_ERROR: TIMEOUT, TOO_BIG,
 * PAGE_FAILED, CRASHED…), or NULL. */
const GError         *plenum_pdf_view_get_page_error (PlenumPdfView        *self,
                                                      guint                 page);
gboolean              plenum_pdf_view_get_visible_range (PlenumPdfView     *self,
                                                         guint             *first,
                                                         guint             *last);

/* Where @page is drawn, in widget coordinates (it may be partly or wholly outside the
 * widget); FALSE without a document or before the first allocation. */
gboolean              plenum_pdf_view_get_page_rect  (PlenumPdfView        *self,
                                                      guint                 page,
                                                      graphene_rect_t      *rect);

/* The device-pixel size @page is rendered at for the current zoom. */
void                  plenum_pdf_view_get_render_size (PlenumPdfView       *self,
                                                       guint                page,
                                                       int                 *width,
                                                       int                 *height);

/* Text selection, an explicit mode (property "selecting"): while it is on, a drag
 * selects text on the page where it starts instead of panning, and pdf.copy (Ctrl+C)
 * copies it — never from a confidential document (one with a watermark). Turning the
 * mode off clears the selection. Property "has-selection" (read-only). */
gboolean              plenum_pdf_view_get_selecting  (PlenumPdfView        *self);
void                  plenum_pdf_view_set_selecting  (PlenumPdfView        *self,
                                                      gboolean              selecting);
gboolean              plenum_pdf_view_get_has_selection (PlenumPdfView     *self);
/* Selects from (@x0, @y0) to (@x1, @y1) (widget coordinates), as a drag in selecting
 * mode does: the text between the characters nearest to the two points, on the page
 * under the first (FALSE when no page is there). The page's text is fetched from the
 * helper first when needed: "has-selection" says when the selection is there. */
gboolean              plenum_pdf_view_select_at      (PlenumPdfView        *self,
                                                      double                x0,
                                                      double                y0,
                                                      double                x1,
                                                      double                y1);
void                  plenum_pdf_view_clear_selection (PlenumPdfView       *self);
/* The selected text (free with g_free()), or NULL. */
char                 *plenum_pdf_view_get_selected_text (PlenumPdfView     *self);

/* Asks again for the pages that failed (after "try again"). */
void                  plenum_pdf_view_retry          (PlenumPdfView        *self);

/* Draws search hits: @hits (PlenumRenderHit, in page order as
 * plenum_document_search_get_hits() gives them; NULL: none) over their pages, the
 * rectangles of match @current_match (-1: none) stronger. The view keeps a reference on
 * @hits and draws what it holds at each frame: call again after the array changed (on
 * the search's "changed"). Cleared when the document changes. */
void                  plenum_pdf_view_set_highlights (PlenumPdfView        *self,
                                                      GPtrArray            *hits,
                                                      int                   current_match);

/* Scrolls (continuous) or turns (single page) so that the rectangle @x, @y, @width,
 * @height (PDF points, top-left origin) of @page is on screen; in continuous mode a
 * rectangle not yet wholly visible comes to the upper third of the view. */
void                  plenum_pdf_view_show_rect      (PlenumPdfView        *self,
                                                      guint                 page,
                                                      double                x,
                                                      double                y,
                                                      double                width,
                                                      double                height);

/* The links of @page (PlenumRenderLink, transfer none), or NULL while they have not
 * been fetched (they are, once, when the page comes into view). */
GPtrArray            *plenum_pdf_view_get_links      (PlenumPdfView        *self,
                                                      guint                 page);

/* Follows the link under @x, @y (widget coordinates), as a tap there does: an internal
 * link goes to its page, a URI link emits "link-uri". FALSE when there is no link there
 * (or the page's links are not fetched yet). */
gboolean              plenum_pdf_view_follow_link_at (PlenumPdfView        *self,
                                                      double                x,
                                                      double                y);

/* Draws a page's texture in @bounds, as the page view and the thumbnails do: a texture
 * of the render client (plenum_render_texture_get_surface()) is painted through cairo
 * when @widget is drawn by the cairo renderer — GTK 4.8 converts a texture's every pixel
 * through floats on each frame there — and appended as a texture otherwise (a GL
 * renderer uploads it once). */
void                  plenum_snapshot_append_page_texture (GtkSnapshot           *snapshot,
                                                           GtkWidget             *widget,
                                                           GdkTexture            *texture,
                                                           const graphene_rect_t *bounds);

G_END_DECLS
