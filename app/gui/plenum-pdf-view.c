/* plenum-pdf-view.c — see plenum-pdf-view.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-pdf-view"

#include <glib/gi18n.h>
#include <math.h>

#include "plenum-gesture-math.h"
#include "plenum-page-layout.h"
#include "plenum-pdf-view.h"

/* Logical pixels between pages and around the column. */
#define SPACING      12.0
/* Pages either side of the visible ones rendered ahead. */
#define PREFETCH     2
/* One zoom step of the actions and of Ctrl+scroll. */
#define ZOOM_STEP    1.25

struct _PlenumPdfView
{
  GtkWidget parent_instance;

  PlenumRenderQueue    *queue;
  PlenumTextureCache   *cache;
  PlenumRenderDocument *document;
  PlenumPageLayout     *layout;
  GHashTable           *failed;      /* page → GError (of the current document) */

  GtkAdjustment        *hadjustment;
  GtkAdjustment        *vadjustment;
  guint                 hscroll_policy : 1;
  guint                 vscroll_policy : 1;

  PlenumPdfViewMode     mode;
  PlenumPdfViewSizing   sizing;
  double                zoom;
  guint                 page;        /* current page */
  char                 *watermark;
  gboolean              ready;

  /* Gestures. */
  PlenumPinch           pinch;
  gboolean              pinching;
  double                drag_x;      /* single page: the last drag offset and speed */
  double                drag_velocity;
  gint64                drag_time;

  /* Search highlights (PlenumRenderHit, page order; NULL: none). */
  GPtrArray            *highlights;
  int                   current_match;

  /* Links of the current document: page → GPtrArray of PlenumRenderLink once fetched;
   * page → GCancellable while the request runs. */
  GHashTable           *links;
  GHashTable           *links_pending;

  /* A single tap waiting for the double-click time to pass (a second tap zooms). */
  guint                 tap_timeout_id;
  double                tap_x;
  double                tap_y;

  /* Text selection: an explicit mode ("selecting"), so that touch pans otherwise. One
   * page at a time: the page under the first point. */
  gboolean              selecting;
  GHashTable           *texts;            /* page → PlenumRenderText, once fetched */
  GCancellable         *text_cancellable; /* the page text being fetched */
  guint                 text_page;
  guint                 sel_page;
  double                sel_x0, sel_y0;   /* page points: where it started */
  double                sel_x1, sel_y1;   /* … and where it ends */
  gboolean              sel_active;       /* a selection is wanted (text may be coming) */
  int                   sel_first, sel_last; /* character indices, -1: none */
  double                sel_drag_x, sel_drag_y; /* the drag's start, widget coordinates */
};

static void plenum_pdf_view_scrollable_init (GtkScrollableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PlenumPdfView, plenum_pdf_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE,
                                                      plenum_pdf_view_scrollable_init))

enum {
  PROP_0,
  PROP_QUEUE,
  PROP_DOCUMENT,
  PROP_PAGE,
  PROP_MODE,
  PROP_SIZING,
  PROP_ZOOM,
  PROP_WATERMARK,
  PROP_READY,
  PROP_SELECTING,
  PROP_HAS_SELECTION,
  N_PROPS,
  /* GtkScrollable */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_LINK_URI,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_requests (PlenumPdfView *self);
static void draw_selection (PlenumPdfView *self, GtkSnapshot *snapshot, guint page,
                            const graphene_rect_t *box);
static void update_copy_action (PlenumPdfView *self);
static void drop_texts (PlenumPdfView *self);
static void configure_adjustments (PlenumPdfView *self);

/* Geometry */

static double
view_width (PlenumPdfView *self)
{
  return gtk_widget_get_width (GTK_WIDGET (self));
}

static double
view_height (PlenumPdfView *self)
{
  return gtk_widget_get_height (GTK_WIDGET (self));
}

static double
adj_value (GtkAdjustment *adjustment)
{
  return adjustment != NULL ? gtk_adjustment_get_value (adjustment) : 0.0;
}

/* The page's box in document coordinates (before scrolling). In single-page mode only
 * the current page has a box. */
static gboolean
page_box (PlenumPdfView   *self,
          guint            page,
          graphene_rect_t *box)
{
  double x, y, w, h;

  if (self->layout == NULL || page >= plenum_page_layout_get_n_pages (self->layout))
    return FALSE;
  if (self->mode == PLENUM_PDF_VIEW_SINGLE_PAGE && page != self->page)
    return FALSE;
  plenum_page_layout_get_page_rect (self->layout, page, MAX (view_width (self), 1.0),
                                    &x, &y, &w, &h);
  if (self->mode == PLENUM_PDF_VIEW_SINGLE_PAGE)
    {
      /* Centred vertically when it fits. */
      y = MAX (SPACING, (view_height (self) - h) / 2);
    }
  /* Exactly the rendered texture's size, on device pixels: drawn 1:1, never resampled. */
  {
    int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
    int width, height;

    plenum_pdf_view_get_render_size (self, page, &width, &height);
    graphene_rect_init (box, (float) (round (x * scale) / scale), (float) (round (y * scale) / scale),
                        (float) width / scale, (float) height / scale);
  }
  return TRUE;
}

static double
content_height (PlenumPdfView *self)
{
  graphene_rect_t box;

  if (self->layout == NULL)
    return 0;
  if (self->mode == PLENUM_PDF_VIEW_SINGLE_PAGE)
    return page_box (self, self->page, &box) ? box.origin.y + box.size.height + SPACING : 0;
  return plenum_page_layout_get_height (self->layout);
}

static double
content_width (PlenumPdfView *self)
{
  return self->layout != NULL ? plenum_page_layout_get_width (self->layout) : 0;
}

gboolean
plenum_pdf_view_get_visible_range (PlenumPdfView *self,
                                   guint         *first,
                                   guint         *last)
{
  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), FALSE);

  if (self->layout == NULL || view_height (self) <= 0)
    return FALSE;
  if (self->mode == PLENUM_PDF_VIEW_SINGLE_PAGE)
    {
      *first = *last = self->page;
      return TRUE;
    }
  plenum_page_layout_visible_range (self->layout, adj_value (self->vadjustment),
                                    view_height (self), first, last);
  return TRUE;
}

void
plenum_pdf_view_get_render_size (PlenumPdfView *self,
                                 guint          page,
                                 int           *width,
                                 int           *height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double x, y, w, h;

  g_return_if_fail (PLENUM_IS_PDF_VIEW (self));

  *width = *height = 0;
  if (self->layout == NULL || page >= plenum_page_layout_get_n_pages (self->layout))
    return;
  plenum_page_layout_get_page_rect (self->layout, page, 1.0, &x, &y, &w, &h);
  *width = MAX (1, (int) round (w * scale));
  *height = MAX (1, (int) round (h * scale));
}

gboolean
plenum_pdf_view_get_page_rect (PlenumPdfView   *self,
                               guint            page,
                               graphene_rect_t *rect)
{
  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), FALSE);

  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  if (!page_box (self, page, rect))
    return FALSE;
  /* Scrolling moves by whole device pixels on screen, so textures stay sharp while
   * kinetic scrolling gives fractional offsets. */
  rect->origin.x = (float) (round ((rect->origin.x - adj_value (self->hadjustment)) * scale) / scale);
  rect->origin.y = (float) (round ((rect->origin.y - adj_value (self->vadjustment)) * scale) / scale);
  return TRUE;
}

PlenumPdfPageState
plenum_pdf_view_get_page_state (PlenumPdfView *self,
                                guint          page)
{
  int width, height;

  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), PLENUM_PDF_PAGE_EMPTY);

  if (self->document == NULL)
    return PLENUM_PDF_PAGE_EMPTY;
  if (g_hash_table_contains (self->failed, GUINT_TO_POINTER (page)))
    return PLENUM_PDF_PAGE_FAILED;
  plenum_pdf_view_get_render_size (self, page, &width, &height);
  if (plenum_texture_cache_lookup (self->cache, self->document, page, width, height) != NULL)
    return PLENUM_PDF_PAGE_SHARP;
  if (plenum_texture_cache_lookup_any (self->cache, self->document, page, width) != NULL)
    return PLENUM_PDF_PAGE_STANDIN;
  return PLENUM_PDF_PAGE_EMPTY;
}

const GError *
plenum_pdf_view_get_page_error (PlenumPdfView *self,
                                guint          page)
{
  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), NULL);
  return g_hash_table_lookup (self->failed, GUINT_TO_POINTER (page));
}

static void
update_ready (PlenumPdfView *self)
{
  gboolean ready = FALSE;
  guint first, last;

  if (self->document != NULL && plenum_pdf_view_get_visible_range (self, &first, &last))
    {
      ready = TRUE;
      for (guint p = first; p <= last && ready; p++)
        {
          PlenumPdfPageState state = plenum_pdf_view_get_page_state (self, p);

          ready = state == PLENUM_PDF_PAGE_SHARP || state == PLENUM_PDF_PAGE_FAILED;
        }
    }
  if (ready != self->ready)
    {
      self->ready = ready;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
}

/* The page at the upper third of the view: what "the current page" means while
 * scrolling through a column. */
static void
update_current_page (PlenumPdfView *self)
{
  guint page;

  if (self->layout == NULL || self->mode == PLENUM_PDF_VIEW_SINGLE_PAGE)
    return;
  page = plenum_page_layout_page_at (self->layout,
                                     adj_value (self->vadjustment) + view_height (self) / 3);
  if (page != self->page)
    {
      self->page = page;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
}

/* Zoom */

static void
apply_zoom (PlenumPdfView *self,
            double         zoom)
{
  zoom = plenum_zoom_clamp (zoom);
  if (self->layout != NULL)
    plenum_page_layout_set_zoom (self->layout, zoom);
  if (zoom != self->zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
}

/* The zoom the sizing asks for at the current size (FREE: the current zoom). */
static double
sizing_zoom (PlenumPdfView *self)
{
  double width = view_width (self), height = view_height (self);

  if (self->layout == NULL || width <= 0 || height <= 0)
    return self->zoom;
  switch (self->sizing)
    {
    case PLENUM_PDF_VIEW_FIT_WIDTH:
      return plenum_page_layout_fit_width_zoom (self->layout, width);
    case PLENUM_PDF_VIEW_FIT_PAGE:
      return plenum_page_layout_fit_page_zoom (self->layout, self->page, width, height);
    case PLENUM_PDF_VIEW_FREE:
    default:
      return self->zoom;
    }
}

void
plenum_pdf_view_zoom_at (PlenumPdfView *self,
                         double         zoom,
                         double         x,
                         double         y)
{
  double old_zoom = self->zoom;
  double scroll_x, scroll_y;

  g_return_if_fail (PLENUM_IS_PDF_VIEW (self));

  if (self->sizing != PLENUM_PDF_VIEW_FREE)
    {
      self->sizing = PLENUM_PDF_VIEW_FREE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZING]);
    }
  apply_zoom (self, zoom);
  plenum_zoom_about_point (old_zoom, self->zoom, adj_value (self->hadjustment),
                           adj_value (self->vadjustment), x, y, &scroll_x, &scroll_y);
  configure_adjustments (self);
  if (self->hadjustment != NULL)
    gtk_adjustment_set_value (self->hadjustment, scroll_x);
  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, scroll_y);
  update_requests (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Adjustments */

static void
configure_adjustments (PlenumPdfView *self)
{
  double width = view_width (self), height = view_height (self);

  if (self->hadjustment != NULL)
    {
      double upper = MAX (content_width (self), width);

      gtk_adjustment_configure (self->hadjustment,
                                CLAMP (gtk_adjustment_get_value (self->hadjustment), 0,
                                       upper - width),
                                0, upper, width * 0.1, width * 0.9, width);
    }
  if (self->vadjustment != NULL)
    {
      double upper = MAX (content_height (self), height);

      gtk_adjustment_configure (self->vadjustment,
                                CLAMP (gtk_adjustment_get_value (self->vadjustment), 0,
                                       upper - height),
                                0, upper, height * 0.1, height * 0.9, height);
    }
}

static void
adjustment_value_changed_cb (PlenumPdfView *self)
{
  update_current_page (self);
  update_requests (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (PlenumPdfView  *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment)
{
  if (*slot == adjustment && adjustment != NULL)
    return;
  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_data (*slot, self);
      g_clear_object (slot);
    }
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed",
                            G_CALLBACK (adjustment_value_changed_cb), self);
  configure_adjustments (self);
}

/* Rendering requests */

static void
request_page (PlenumPdfView        *self,
              guint                 page,
              PlenumRenderPriority  priority)
{
  int width, height;

  if (g_hash_table_contains (self->failed, GUINT_TO_POINTER (page)))
    return;
  plenum_pdf_view_get_render_size (self, page, &width, &height);
  if (plenum_texture_cache_lookup (self->cache, self->document, page, width, height) != NULL)
    return;
  plenum_render_queue_request (self->queue, self->document, page, width, height, priority);
}

static void fetch_links (PlenumPdfView *self,
                         guint          first,
                         guint          last,
                         guint          keep_first,
                         guint          keep_last);

/* Asks for the visible pages at the size shown, then the pages either side; forgets
 * what is no longer wanted. Not while a pinch goes on: the stand-ins are drawn scaled
 * then, and the sharp pages are asked for when the fingers lift. */
static void
update_requests (PlenumPdfView *self)
{
  guint n_pages, first, last, keep_first, keep_last;

  if (self->document == NULL || self->pinching ||
      !plenum_pdf_view_get_visible_range (self, &first, &last))
    {
      update_ready (self);
      return;
    }
  n_pages = plenum_page_layout_get_n_pages (self->layout);
  keep_first = first > PREFETCH ? first - PREFETCH : 0;
  keep_last = MIN (last + PREFETCH, n_pages - 1);

  plenum_texture_cache_pin_range (self->cache, self->document, first, last);
  plenum_render_queue_retain (self->queue, self->document, keep_first, keep_last);
  for (guint p = first; p <= last; p++)
    request_page (self, p, PLENUM_RENDER_PRIORITY_VISIBLE);
  /* Ahead first (reading goes down), then behind. */
  for (guint p = last + 1; p <= keep_last; p++)
    request_page (self, p, PLENUM_RENDER_PRIORITY_NEAR);
  for (guint p = keep_first; p < first; p++)
    request_page (self, p, PLENUM_RENDER_PRIORITY_NEAR);
  fetch_links (self, first, last, keep_first, keep_last);
  update_ready (self);
}

static void
page_ready_cb (PlenumRenderQueue    *queue,
               PlenumRenderDocument *document,
               guint                 page,
               GdkTexture           *texture,
               PlenumPdfView        *self)
{
  guint first, last;

  if (document != self->document)
    return;
  update_ready (self);
  /* A page rendered ahead (off screen) changes nothing on screen: no frame for it, so
   * that the next page turn is not kept waiting behind one (bench/render). */
  if (plenum_pdf_view_get_visible_range (self, &first, &last) && page >= first && page <= last)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
page_failed_cb (PlenumRenderQueue    *queue,
                PlenumRenderDocument *document,
                guint                 page,
                int                   width,
                int                   height,
                const GError         *error,
                PlenumPdfView        *self)
{
  if (document != self->document || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_debug ("Page %u cannot be displayed: %s", page + 1, error->message);
  g_hash_table_insert (self->failed, GUINT_TO_POINTER (page), g_error_copy (error));
  update_ready (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
plenum_pdf_view_retry (PlenumPdfView *self)
{
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (PLENUM_IS_PDF_VIEW (self));

  if (self->document == NULL)
    return;
  g_hash_table_iter_init (&iter, self->failed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    plenum_render_queue_forget_failure (self->queue, self->document, GPOINTER_TO_UINT (key));
  g_hash_table_remove_all (self->failed);
  update_requests (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Drawing */

static void
draw_centred_text (PlenumPdfView         *self,
                   GtkSnapshot           *snapshot,
                   const graphene_rect_t *box,
                   const char            *text,
                   const GdkRGBA         *colour)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int width, height;

  pango_layout_set_width (layout, (int) (MAX (box->size.width - 24, 1) * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (layout, &width, &height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (box->origin.x + 12,
                                                box->origin.y + (box->size.height - height) / 2));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
}

/* The watermark: the text in grey, diagonally, a few times down the page; drawn by the
 * view, never part of the file. */
static void
draw_watermark (PlenumPdfView         *self,
                GtkSnapshot           *snapshot,
                const graphene_rect_t *box)
{
  static const GdkRGBA grey = { 0.55f, 0.1f, 0.1f, 0.22f };
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                                                  self->watermark);
  PangoFontDescription *font = pango_font_description_from_string ("Sans Bold");
  int width, height;

  pango_font_description_set_absolute_size (font, MAX (box->size.width / 18, 8) * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_get_pixel_size (layout, &width, &height);

  gtk_snapshot_push_clip (snapshot, box);
  for (int i = 0; i < 3; i++)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (box->origin.x + box->size.width / 2,
                                                    box->origin.y + box->size.height * (i + 1) / 4));
      gtk_snapshot_rotate (snapshot, -30);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-width / 2.0f, -height / 2.0f));
      gtk_snapshot_append_layout (snapshot, layout, &grey);
      gtk_snapshot_restore (snapshot);
    }
  gtk_snapshot_pop (snapshot);
}

/* The first of @hits (in page order) on @page or later. */
static guint
first_hit_from (GPtrArray *hits,
                guint      page)
{
  guint lo = 0, hi = hits->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (((PlenumRenderHit *) g_ptr_array_index (hits, mid))->page < page)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Points of @page to the logical pixels of its @box: pages keep their aspect. */
static double
page_scale (PlenumPdfView         *self,
            guint                  page,
            const graphene_rect_t *box)
{
  double width, height;

  plenum_render_document_get_page_size (self->document, page, &width, &height);
  return box->size.width / width;
}

static void
draw_highlights (PlenumPdfView         *self,
                 GtkSnapshot           *snapshot,
                 guint                  page,
                 const graphene_rect_t *box)
{
  static const GdkRGBA yellow = { 1.0f, 0.86f, 0.0f, 0.38f };
  static const GdkRGBA orange = { 1.0f, 0.45f, 0.0f, 0.55f };
  double scale;

  if (self->highlights == NULL || self->highlights->len == 0)
    return;
  scale = page_scale (self, page, box);
  gtk_snapshot_push_clip (snapshot, box);
  for (guint i = first_hit_from (self->highlights, page); i < self->highlights->len; i++)
    {
      const PlenumRenderHit *hit = g_ptr_array_index (self->highlights, i);
      graphene_rect_t rect;

      if (hit->page != page)
        break;
      /* A little margin around the glyphs, as a marker pen would leave. */
      graphene_rect_init (&rect,
                          (float) (box->origin.x + hit->x * scale - 1),
                          (float) (box->origin.y + hit->y * scale - 1),
                          (float) (hit->width * scale + 2),
                          (float) (hit->height * scale + 2));
      gtk_snapshot_append_color (snapshot,
                                 (int) hit->match == self->current_match ? &orange : &yellow,
                                 &rect);
    }
  gtk_snapshot_pop (snapshot);
}

void
plenum_snapshot_append_page_texture (GtkSnapshot           *snapshot,
                                     GtkWidget             *widget,
                                     GdkTexture            *texture,
                                     const graphene_rect_t *bounds)
{
  cairo_surface_t *surface = plenum_render_texture_get_surface (texture);
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  cairo_t *cr;

  if (surface == NULL || renderer == NULL || !GSK_IS_CAIRO_RENDERER (renderer) ||
      width <= 0 || height <= 0)
    {
      gtk_snapshot_append_texture (snapshot, texture, bounds);
      return;
    }

  cr = gtk_snapshot_append_cairo (snapshot, bounds);
  cairo_translate (cr, bounds->origin.x, bounds->origin.y);
  cairo_scale (cr, bounds->size.width / width, bounds->size.height / height);
  cairo_set_source_surface (cr, surface, 0, 0);
  /* At its own size (the usual case: pages are rendered at the size shown) the pixels
   * are copied as they are; a stand-in at another zoom is filtered. */
  cairo_pattern_set_filter (cairo_get_source (cr),
                            fabs (bounds->size.width - width) < 0.5 &&
                            fabs (bounds->size.height - height) < 0.5
                            ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_destroy (cr);
}

static void
plenum_pdf_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  PlenumPdfView *self = PLENUM_PDF_VIEW (widget);
  static const GdkRGBA white = { 1, 1, 1, 1 };
  static const GdkRGBA shadow = { 0, 0, 0, 0.25f };
  static const GdkRGBA text = { 0.3f, 0.3f, 0.3f, 1 };
  guint first, last;

  if (self->document == NULL || !plenum_pdf_view_get_visible_range (self, &first, &last))
    return;

  for (guint p = first; p <= last; p++)
    {
      graphene_rect_t box;
      GskRoundedRect outline;
      GdkTexture *texture;
      int width, height;

      if (!plenum_pdf_view_get_page_rect (self, p, &box))
        continue;
      gsk_rounded_rect_init_from_rect (&outline, &box, 0);
      gtk_snapshot_append_outset_shadow (snapshot, &outline, &shadow, 0, 1, 0, 4);
      gtk_snapshot_append_color (snapshot, &white, &box);

      if (g_hash_table_contains (self->failed, GUINT_TO_POINTER (p)))
        {
          draw_centred_text (self, snapshot, &box, _("This page could not be displayed"), &text);
          continue;
        }
      plenum_pdf_view_get_render_size (self, p, &width, &height);
      texture = plenum_texture_cache_lookup (self->cache, self->document, p, width, height);
      if (texture == NULL)
        texture = plenum_texture_cache_lookup_any (self->cache, self->document, p, width);
      if (texture != NULL)
        plenum_snapshot_append_page_texture (snapshot, widget, texture, &box);
      draw_highlights (self, snapshot, p, &box);
      draw_selection (self, snapshot, p, &box);
      if (self->watermark != NULL && self->watermark[0] != '\0')
        draw_watermark (self, snapshot, &box);
    }
}

/* A request about one page (its links, its text) to the helper. */
typedef struct {
  /* Not a reference: the request is cancelled in dispose and on a document change, and
   * the view is used only when it was not. */
  PlenumPdfView *self;
  GCancellable  *cancellable;   /* strong */
  guint          page;
} PageRequest;

static void
page_request_free (PageRequest *request)
{
  g_object_unref (request->cancellable);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageRequest, page_request_free)

static PageRequest *
page_request_new (PlenumPdfView *self,
                  guint          page)
{
  PageRequest *request = g_new0 (PageRequest, 1);

  request->self = self;
  request->cancellable = g_cancellable_new ();
  request->page = page;
  return request;
}

/* Text selection */

static gboolean
has_selection (PlenumPdfView *self)
{
  return self->sel_first >= 0 && self->sel_last >= self->sel_first;
}

static void
update_copy_action (PlenumPdfView *self)
{
  /* A confidential document (it has a watermark) is never copied out. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.copy",
                                 has_selection (self) &&
                                 (self->watermark == NULL || self->watermark[0] == '\0'));
}

static void
set_selection_range (PlenumPdfView *self,
                     int            first,
                     int            last)
{
  gboolean before = has_selection (self);

  self->sel_first = first;
  self->sel_last = last;
  update_copy_action (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (before != has_selection (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SELECTION]);
}

/* The character under (@px, @py) (page points), or the nearest one. -1: no text. */
static int
char_at (const PlenumRenderText *text,
         double                  px,
         double                  py)
{
  double best = G_MAXDOUBLE;
  int nearest = -1;

  for (guint i = 0; i < text->boxes->len; i++)
    {
      const PlenumRenderBox *box = &g_array_index (text->boxes, PlenumRenderBox, i);
      double dx, dy, d;

      if (box->width <= 0 && box->height <= 0)
        continue;
      if (px >= box->x && px <= box->x + box->width && py >= box->y && py <= box->y + box->height)
        return (int) i;
      dx = MAX (MAX (box->x - px, 0), px - (box->x + box->width));
      /* Lines matter more than columns: the same line first. */
      dy = MAX (MAX (box->y - py, 0), py - (box->y + box->height)) * 4;
      d = dx * dx + dy * dy;
      if (d < best)
        {
          best = d;
          nearest = (int) i;
        }
    }
  return nearest;
}

static void
apply_selection (PlenumPdfView *self)
{
  const PlenumRenderText *text;
  int a, b;

  if (!self->sel_active)
    return;
  text = g_hash_table_lookup (self->texts, GUINT_TO_POINTER (self->sel_page));
  if (text == NULL)
    return;
  a = char_at (text, self->sel_x0, self->sel_y0);
  b = char_at (text, self->sel_x1, self->sel_y1);
  if (a < 0 || b < 0)
    set_selection_range (self, -1, -1);
  else
    set_selection_range (self, MIN (a, b), MAX (a, b));
}

static void
text_fetched_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PageRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumRenderText) text = NULL;
  PlenumPdfView *self;

  text = plenum_render_client_get_text_finish (PLENUM_RENDER_CLIENT (source), result, &error);
  if (g_cancellable_is_cancelled (request->cancellable))
    return;
  self = request->self;
  if (self->text_cancellable == request->cancellable)
    g_clear_object (&self->text_cancellable);
  if (text == NULL)
    {
      g_debug ("No text for page %u: %s", request->page + 1, error->message);
      return;
    }
  g_hash_table_insert (self->texts, GUINT_TO_POINTER (request->page), g_steal_pointer (&text));
  apply_selection (self);
}

static void
fetch_text (PlenumPdfView *self,
            guint          page)
{
  PageRequest *request;

  if (g_hash_table_contains (self->texts, GUINT_TO_POINTER (page)) ||
      (self->text_cancellable != NULL && self->text_page == page))
    return;
  if (self->text_cancellable != NULL)
    g_cancellable_cancel (self->text_cancellable);
  request = page_request_new (self, page);
  g_set_object (&self->text_cancellable, request->cancellable);
  self->text_page = page;
  plenum_render_client_get_text_async (plenum_render_queue_get_client (self->queue),
                                       self->document, page, request->cancellable,
                                       text_fetched_cb, request);
}

static void
drop_texts (PlenumPdfView *self)
{
  if (self->text_cancellable != NULL)
    g_cancellable_cancel (self->text_cancellable);
  g_clear_object (&self->text_cancellable);
  g_hash_table_remove_all (self->texts);
  self->sel_active = FALSE;
  set_selection_range (self, -1, -1);
}

/* Widget coordinates to the points of the visible page under them (or nearest). */
static gboolean
point_on_page (PlenumPdfView *self,
               double         x,
               double         y,
               gboolean       any_page,
               guint         *page,
               double        *px,
               double        *py)
{
  guint first, last;

  if (self->document == NULL || !plenum_pdf_view_get_visible_range (self, &first, &last))
    return FALSE;
  for (guint p = first; p <= last; p++)
    {
      graphene_rect_t box;
      double scale;

      if (!plenum_pdf_view_get_page_rect (self, p, &box))
        continue;
      if (any_page ? p != *page
                   : !graphene_rect_contains_point (&box, &GRAPHENE_POINT_INIT ((float) x, (float) y)))
        continue;
      scale = page_scale (self, p, &box);
      *page = p;
      *px = (x - box.origin.x) / scale;
      *py = (y - box.origin.y) / scale;
      return TRUE;
    }
  return FALSE;
}

gboolean
plenum_pdf_view_select_at (PlenumPdfView *self,
                           double         x0,
                           double         y0,
                           double         x1,
                           double         y1)
{
  guint page = 0;
  double px, py;

  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), FALSE);

  if (!point_on_page (self, x0, y0, FALSE, &page, &px, &py))
    return FALSE;
  self->sel_page = page;
  self->sel_x0 = px;
  self->sel_y0 = py;
  /* The end is read on the same page, even past its edge. */
  point_on_page (self, x1, y1, TRUE, &page, &self->sel_x1, &self->sel_y1);
  self->sel_active = TRUE;
  if (g_hash_table_contains (self->texts, GUINT_TO_POINTER (page)))
    apply_selection (self);
  else
    fetch_text (self, page);
  return TRUE;
}

void
plenum_pdf_view_clear_selection (PlenumPdfView *self)
{
  g_return_if_fail (PLENUM_IS_PDF_VIEW (self));

  self->sel_active = FALSE;
  set_selection_range (self, -1, -1);
}

char *
plenum_pdf_view_get_selected_text (PlenumPdfView *self)
{
  const PlenumRenderText *text;
  const char *start, *end;

  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), NULL);

  if (!has_selection (self))
    return NULL;
  text = g_hash_table_lookup (self->texts, GUINT_TO_POINTER (self->sel_page));
  if (text == NULL)
    return NULL;
  start = g_utf8_offset_to_pointer (text->text, self->sel_first);
  end = g_utf8_offset_to_pointer (text->text, self->sel_last + 1);
  return g_strndup (start, (gsize) (end - start));
}

gboolean
plenum_pdf_view_get_has_selection (PlenumPdfView *self)
{
  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), FALSE);
  return has_selection (self);
}

gboolean
plenum_pdf_view_get_selecting (PlenumPdfView *self)
{
  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), FALSE);
  return self->selecting;
}

void
plenum_pdf_view_set_selecting (PlenumPdfView *self,
                               gboolean       selecting)
{
  g_return_if_fail (PLENUM_IS_PDF_VIEW (self));

  selecting = !!selecting;
  if (self->selecting == selecting)
    return;
  self->selecting = selecting;
  if (!selecting)
    plenum_pdf_view_clear_selection (self);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), selecting ? "text" : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTING]);
}

static void
draw_selection (PlenumPdfView         *self,
                GtkSnapshot           *snapshot,
                guint                  page,
                const graphene_rect_t *box)
{
  static const GdkRGBA blue = { 0.21f, 0.52f, 0.89f, 0.35f };
  const PlenumRenderText *text;
  double scale;

  if (!has_selection (self) || page != self->sel_page)
    return;
  text = g_hash_table_lookup (self->texts, GUINT_TO_POINTER (page));
  if (text == NULL)
    return;
  scale = page_scale (self, page, box);
  gtk_snapshot_push_clip (snapshot, box);
  for (int i = self->sel_first; i <= self->sel_last && (guint) i < text->boxes->len; i++)
    {
      const PlenumRenderBox *b = &g_array_index (text->boxes, PlenumRenderBox, i);
      graphene_rect_t rect;

      graphene_rect_init (&rect, (float) (box->origin.x + b->x * scale),
                          (float) (box->origin.y + b->y * scale),
                          (float) (b->width * scale), (float) (b->height * scale));
      gtk_snapshot_append_color (snapshot, &blue, &rect);
    }
  gtk_snapshot_pop (snapshot);
}

static void
select_drag_begin_cb (GtkGestureDrag *gesture,
                      double          x,
                      double          y,
                      PlenumPdfView  *self)
{
  if (!self->selecting)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  /* Selecting: this drag is ours, not the scrolled window's pan. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->sel_drag_x = x;
  self->sel_drag_y = y;
  plenum_pdf_view_select_at (self, x, y, x, y);
}

static void
select_drag_update_cb (GtkGestureDrag *gesture,
                       double          offset_x,
                       double          offset_y,
                       PlenumPdfView  *self)
{
  if (!self->selecting)
    return;
  plenum_pdf_view_select_at (self, self->sel_drag_x, self->sel_drag_y,
                             self->sel_drag_x + offset_x, self->sel_drag_y + offset_y);
}

static void
copy_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlenumPdfView *self = PLENUM_PDF_VIEW (widget);
  g_autofree char *text = NULL;

  if (self->watermark != NULL && self->watermark[0] != '\0')
    return;
  text = plenum_pdf_view_get_selected_text (self);
  if (text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

/* Links */

static void
links_fetched_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PageRequest) request = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *links;
  PlenumPdfView *self;

  links = plenum_render_client_get_links_finish (PLENUM_RENDER_CLIENT (source), result, &error);
  if (g_cancellable_is_cancelled (request->cancellable))
    {
      g_clear_pointer (&links, g_ptr_array_unref);
      return;
    }
  self = request->self;
  g_assert (g_hash_table_lookup (self->links_pending, GUINT_TO_POINTER (request->page)) ==
            request->cancellable);
  g_hash_table_remove (self->links_pending, GUINT_TO_POINTER (request->page));
  if (links == NULL)
    {
      /* The page simply has no links to follow then; it is not asked again. */
      g_debug ("Links of page %u: %s", request->page + 1, error->message);
      links = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_render_link_free);
    }
  g_hash_table_insert (self->links, GUINT_TO_POINTER (request->page), links);
}

/* Fetches the links of the visible pages [@first, @last] once; gives up the requests
 * for pages that left [@keep_first, @keep_last] (flown over). */
static void
fetch_links (PlenumPdfView *self,
             guint          first,
             guint          last,
             guint          keep_first,
             guint          keep_last)
{
  PlenumRenderClient *client = plenum_render_queue_get_client (self->queue);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->links_pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint page = GPOINTER_TO_UINT (key);

      if (page < keep_first || page > keep_last)
        {
          g_cancellable_cancel (value);
          g_hash_table_iter_remove (&iter);
        }
    }
  for (guint p = first; p <= last; p++)
    {
      PageRequest *request;

      if (g_hash_table_contains (self->links, GUINT_TO_POINTER (p)) ||
          g_hash_table_contains (self->links_pending, GUINT_TO_POINTER (p)))
        continue;
      request = page_request_new (self, p);
      g_hash_table_insert (self->links_pending, GUINT_TO_POINTER (p),
                           g_object_ref (request->cancellable));
      plenum_render_client_get_links_async (client, self->document, p, request->cancellable,
                                            links_fetched_cb, request);
    }
}

/* Forgets the links of the document and cancels their requests. */
static void
drop_links (PlenumPdfView *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->links_pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_cancellable_cancel (value);
  g_hash_table_remove_all (self->links_pending);
  g_hash_table_remove_all (self->links);
}

GPtrArray *
plenum_pdf_view_get_links (PlenumPdfView *self,
                           guint          page)
{
  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), NULL);
  return g_hash_table_lookup (self->links, GUINT_TO_POINTER (page));
}

gboolean
plenum_pdf_view_follow_link_at (PlenumPdfView *self,
                                double         x,
                                double         y)
{
  guint first, last;

  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), FALSE);

  if (self->document == NULL || !plenum_pdf_view_get_visible_range (self, &first, &last))
    return FALSE;
  for (guint p = first; p <= last; p++)
    {
      GPtrArray *links = g_hash_table_lookup (self->links, GUINT_TO_POINTER (p));
      graphene_rect_t box;
      double scale, px, py;

      if (links == NULL || !plenum_pdf_view_get_page_rect (self, p, &box) ||
          !graphene_rect_contains_point (&box, &GRAPHENE_POINT_INIT ((float) x, (float) y)))
        continue;
      scale = page_scale (self, p, &box);
      px = (x - box.origin.x) / scale;
      py = (y - box.origin.y) / scale;
      for (guint i = 0; i < links->len; i++)
        {
          const PlenumRenderLink *link = g_ptr_array_index (links, i);

          if (px < link->x || px > link->x + link->width ||
              py < link->y || py > link->y + link->height)
            continue;
          if (link->uri != NULL)
            {
              /* A kiosk opens no browser: the page around may show the address. */
              g_signal_emit (self, signals[SIGNAL_LINK_URI], 0, link->uri);
              return TRUE;
            }
          if (link->page >= 0)
            {
              plenum_pdf_view_set_page (self, (guint) link->page);
              return TRUE;
            }
        }
      return FALSE;
    }
  return FALSE;
}

/* Highlights */

void
plenum_pdf_view_set_highlights (PlenumPdfView *self,
                                GPtrArray     *hits,
                                int            current_match)
{
  g_return_if_fail (PLENUM_IS_PDF_VIEW (self));

  if (hits != NULL)
    g_ptr_array_ref (hits);
  g_clear_pointer (&self->highlights, g_ptr_array_unref);
  self->highlights = hits;
  self->current_match = current_match;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
plenum_pdf_view_show_rect (PlenumPdfView *self,
                           guint          page,
                           double         x,
                           double         y,
                           double         width,
                           double         height)
{
  graphene_rect_t box;
  double scale, rx, ry, rw, rh, top, left;

  g_return_if_fail (PLENUM_IS_PDF_VIEW (self));

  if (page >= plenum_pdf_view_get_n_pages (self))
    return;
  if (self->mode == PLENUM_PDF_VIEW_SINGLE_PAGE || view_height (self) <= 0)
    plenum_pdf_view_set_page (self, page);
  if (view_height (self) <= 0 || !page_box (self, page, &box))
    return;

  scale = page_scale (self, page, &box);
  rx = box.origin.x + x * scale;
  ry = box.origin.y + y * scale;
  rw = width * scale;
  rh = height * scale;
  top = adj_value (self->vadjustment);
  left = adj_value (self->hadjustment);
  if (self->hadjustment != NULL && (rx < left || rx + rw > left + view_width (self)))
    gtk_adjustment_set_value (self->hadjustment, rx - (view_width (self) - rw) / 2);
  if (self->vadjustment != NULL && (ry < top || ry + rh > top + view_height (self)))
    gtk_adjustment_set_value (self->vadjustment, ry - view_height (self) / 3);
}

/* Size */

static void
plenum_pdf_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  /* Scrolled: any size will do; a page's worth is natural. */
  *minimum = 48;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 600 : 800;
}

static void
plenum_pdf_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  PlenumPdfView *self = PLENUM_PDF_VIEW (widget);

  apply_zoom (self, sizing_zoom (self));
  configure_adjustments (self);
  update_current_page (self);
  update_requests (self);
}

/* Pages */

static void
scroll_to_page (PlenumPdfView *self,
                guint          page)
{
  double x, y, w, h;

  if (self->layout == NULL || self->vadjustment == NULL)
    return;
  plenum_page_layout_get_page_rect (self->layout, page, MAX (view_width (self), 1.0),
                                    &x, &y, &w, &h);
  gtk_adjustment_set_value (self->vadjustment, y - SPACING);
}

void
plenum_pdf_view_set_page (PlenumPdfView *self,
                          guint          page)
{
  guint n_pages;

  g_return_if_fail (PLENUM_IS_PDF_VIEW (self));

  n_pages = plenum_pdf_view_get_n_pages (self);
  if (n_pages == 0)
    return;
  page = MIN (page, n_pages - 1);
  if (self->mode == PLENUM_PDF_VIEW_SINGLE_PAGE)
    {
      if (page == self->page)
        return;
      self->page = page;
      apply_zoom (self, sizing_zoom (self));
      configure_adjustments (self);
      if (self->vadjustment != NULL)
        gtk_adjustment_set_value (self->vadjustment, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
      update_requests (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  /* Continuous: the page comes to the top; "page" follows from the scroll. Until the
   * first allocation the scroll waits: remember the page. */
  if (view_height (self) <= 0)
    {
      self->page = page;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
      return;
    }
  scroll_to_page (self, page);
  if (self->page != page)
    {
      self->page = page;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
}

guint
plenum_pdf_view_get_page (PlenumPdfView *self)
{
  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), 0);
  return self->page;
}

guint
plenum_pdf_view_get_n_pages (PlenumPdfView *self)
{
  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), 0);
  return self->document != NULL ? plenum_render_document_get_n_pages (self->document) : 0;
}

static void
turn (PlenumPdfView *self,
      int            delta)
{
  guint n_pages = plenum_pdf_view_get_n_pages (self);
  gint64 target = (gint64) self->page + delta;

  if (n_pages == 0)
    return;
  plenum_pdf_view_set_page (self, (guint) CLAMP (target, 0, (gint64) n_pages - 1));
}

/* Document */

/* Sizes measured after the document was opened (see plenum-render-document.h): the
 * pages are laid out again, and what the reader sees stays put — the page at the top of
 * the view and how far into it (as a share of its height, should that change). Pages
 * whose size changed are asked for again at their new size (update_requests() asks for
 * the size shown; the texture of the old size stands in until then). */
static void
page_sizes_changed_cb (PlenumRenderDocument *document,
                       guint                 first,
                       guint                 count,
                       PlenumPdfView        *self)
{
  g_autofree double *widths = NULL;
  g_autofree double *heights = NULL;
  gboolean anchored = FALSE;
  guint anchor = 0;
  double offset = 0, old_height = 1;
  double x, y, w, h;

  if (document != self->document || self->layout == NULL || count == 0)
    return;

  if (self->mode == PLENUM_PDF_VIEW_CONTINUOUS && self->vadjustment != NULL &&
      view_height (self) > 0)
    {
      double top = adj_value (self->vadjustment);

      anchor = plenum_page_layout_page_at (self->layout, top);
      plenum_page_layout_get_page_rect (self->layout, anchor, 1.0, &x, &y, &w, &old_height);
      offset = top - y;
      anchored = TRUE;
    }

  widths = g_new (double, count);
  heights = g_new (double, count);
  for (guint k = 0; k < count; k++)
    plenum_render_document_get_page_size (document, first + k, &widths[k], &heights[k]);
  plenum_page_layout_set_page_sizes (self->layout, first, count, widths, heights);
  /* Fit width or fit page may ask for another zoom now (a wider page came). */
  apply_zoom (self, sizing_zoom (self));
  configure_adjustments (self);

  if (anchored)
    {
      plenum_page_layout_get_page_rect (self->layout, anchor, 1.0, &x, &y, &w, &h);
      /* Within the page: the same share of it; in the spacing below it: the same
       * distance below its new bottom; above the first page: as it was. */
      if (offset > old_height)
        offset = h + (offset - old_height);
      else if (offset > 0)
        offset = offset * h / old_height;
      gtk_adjustment_set_value (self->vadjustment, y + offset);
    }
  update_current_page (self);
  update_requests (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

PlenumRenderDocument *
plenum_pdf_view_get_document (PlenumPdfView *self)
{
  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), NULL);
  return self->document;
}

void
plenum_pdf_view_set_document (PlenumPdfView        *self,
                              PlenumRenderDocument *document)
{
  g_return_if_fail (PLENUM_IS_PDF_VIEW (self));
  g_return_if_fail (document == NULL || PLENUM_IS_RENDER_DOCUMENT (document));

  if (self->document == document)
    return;
  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->document, self);
      plenum_render_queue_cancel_document (self->queue, self->document);
      plenum_texture_cache_pin_range (self->cache, self->document, 1, 0);
    }
  g_set_object (&self->document, document);
  g_clear_pointer (&self->layout, plenum_page_layout_free);
  g_hash_table_remove_all (self->failed);
  g_clear_pointer (&self->highlights, g_ptr_array_unref);
  self->current_match = -1;
  drop_links (self);
  drop_texts (self);
  self->page = 0;
  self->sizing = PLENUM_PDF_VIEW_FIT_WIDTH;

  if (document != NULL)
    {
      guint n_pages = plenum_render_document_get_n_pages (document);
      g_autofree double *widths = g_new (double, n_pages);
      g_autofree double *heights = g_new (double, n_pages);

      for (guint p = 0; p < n_pages; p++)
        plenum_render_document_get_page_size (document, p, &widths[p], &heights[p]);
      self->layout = plenum_page_layout_new (n_pages, widths, heights, SPACING);
      apply_zoom (self, sizing_zoom (self));
      g_signal_connect (document, "page-sizes-changed", G_CALLBACK (page_sizes_changed_cb),
                        self);
    }
  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, 0);
  if (self->hadjustment != NULL)
    gtk_adjustment_set_value (self->hadjustment, 0);
  configure_adjustments (self);
  update_requests (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZING]);
}

/* Mode, sizing, zoom, watermark */

PlenumPdfViewMode
plenum_pdf_view_get_mode (PlenumPdfView *self)
{
  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), PLENUM_PDF_VIEW_CONTINUOUS);
  return self->mode;
}

void
plenum_pdf_view_set_mode (PlenumPdfView     *self,
                          PlenumPdfViewMode  mode)
{
  guint page;

  g_return_if_fail (PLENUM_IS_PDF_VIEW (self));

  if (self->mode == mode)
    return;
  page = self->page;
  self->mode = mode;
  apply_zoom (self, sizing_zoom (self));
  configure_adjustments (self);
  if (mode == PLENUM_PDF_VIEW_CONTINUOUS)
    scroll_to_page (self, page);
  else if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, 0);
  update_requests (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

PlenumPdfViewSizing
plenum_pdf_view_get_sizing (PlenumPdfView *self)
{
  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), PLENUM_PDF_VIEW_FIT_WIDTH);
  return self->sizing;
}

void
plenum_pdf_view_set_sizing (PlenumPdfView       *self,
                            PlenumPdfViewSizing  sizing)
{
  guint page;

  g_return_if_fail (PLENUM_IS_PDF_VIEW (self));

  if (self->sizing == sizing)
    return;
  page = self->page;
  self->sizing = sizing;
  apply_zoom (self, sizing_zoom (self));
  configure_adjustments (self);
  if (self->mode == PLENUM_PDF_VIEW_CONTINUOUS && view_height (self) > 0)
    scroll_to_page (self, page);
  update_requests (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZING]);
}

double
plenum_pdf_view_get_zoom (PlenumPdfView *self)
{
  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), 1.0);
  return self->zoom;
}

void
plenum_pdf_view_set_zoom (PlenumPdfView *self,
                          double         zoom)
{
  g_return_if_fail (PLENUM_IS_PDF_VIEW (self));

  /* About the middle of the view. */
  plenum_pdf_view_zoom_at (self, zoom, view_width (self) / 2, view_height (self) / 2);
}

const char *
plenum_pdf_view_get_watermark (PlenumPdfView *self)
{
  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), NULL);
  return self->watermark;
}

void
plenum_pdf_view_set_watermark (PlenumPdfView *self,
                               const char    *text)
{
  g_return_if_fail (PLENUM_IS_PDF_VIEW (self));

  if (g_strcmp0 (self->watermark, text) == 0)
    return;
  g_free (self->watermark);
  self->watermark = g_strdup (text);
  update_copy_action (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATERMARK]);
}

gboolean
plenum_pdf_view_get_ready (PlenumPdfView *self)
{
  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), FALSE);
  return self->ready;
}

PlenumRenderQueue *
plenum_pdf_view_get_queue (PlenumPdfView *self)
{
  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (self), NULL);
  return self->queue;
}

/* Gestures and keys */

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               PlenumPdfView    *self)
{
  double x = 0, y = 0;

  gtk_gesture_get_bounding_box_center (gesture, &x, &y);
  plenum_pinch_begin (&self->pinch, self->zoom, adj_value (self->hadjustment),
                      adj_value (self->vadjustment), x, y);
  self->pinching = TRUE;
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture,
                       double          scale,
                       PlenumPdfView  *self)
{
  double x = 0, y = 0, zoom, scroll_x, scroll_y;

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y);
  plenum_pinch_update (&self->pinch, scale, x, y, &zoom, &scroll_x, &scroll_y);
  if (self->sizing != PLENUM_PDF_VIEW_FREE)
    {
      self->sizing = PLENUM_PDF_VIEW_FREE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZING]);
    }
  apply_zoom (self, zoom);
  configure_adjustments (self);
  if (self->hadjustment != NULL)
    gtk_adjustment_set_value (self->hadjustment, scroll_x);
  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, scroll_y);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
zoom_end_cb (GtkGesture       *gesture,
             GdkEventSequence *sequence,
             PlenumPdfView    *self)
{
  self->pinching = FALSE;
  update_requests (self);
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  PlenumPdfView   *self)
{
  double fit;

  if (self->selecting)
    return;
  /* A second tap: a double-tap zooms, the first tap follows no link. */
  if (n_press >= 2)
    g_clear_handle_id (&self->tap_timeout_id, g_source_remove);
  if (n_press != 2 || self->layout == NULL)
    return;
  fit = plenum_page_layout_fit_width_zoom (self->layout, view_width (self));
  plenum_pdf_view_zoom_at (self, plenum_double_tap_zoom (self->zoom, fit), x, y);
  if (fabs (self->zoom - fit) < 1e-9)
    plenum_pdf_view_set_sizing (self, PLENUM_PDF_VIEW_FIT_WIDTH);
}

static gboolean
tap_timeout_cb (gpointer user_data)
{
  PlenumPdfView *self = user_data;

  self->tap_timeout_id = 0;
  plenum_pdf_view_follow_link_at (self, self->tap_x, self->tap_y);
  return G_SOURCE_REMOVE;
}

/* A single tap (released without moving: the gesture is cancelled by a drag) follows a
 * link once the double-click time has passed without a second tap. */
static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   PlenumPdfView   *self)
{
  int double_click_ms = 400;

  g_clear_handle_id (&self->tap_timeout_id, g_source_remove);
  if (n_press != 1 || self->selecting)
    return;
  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-double-click-time",
                &double_click_ms, NULL);
  self->tap_x = x;
  self->tap_y = y;
  self->tap_timeout_id = g_timeout_add (MAX (double_click_ms, 1), tap_timeout_cb, self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           PlenumPdfView            *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double x = view_width (self) / 2, y = view_height (self) / 2;
  GdkEvent *event;

  if ((state & GDK_CONTROL_MASK) == 0 || dy == 0)
    return FALSE;  /* the scrolled window scrolls */
  event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  if (event != NULL)
    {
      double ex, ey;
      graphene_point_t point;

      /* The event's position in the surface, to the widget's coordinates. */
      if (gdk_event_get_position (event, &ex, &ey))
        {
          GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
          double nx = 0, ny = 0;

          gtk_native_get_surface_transform (native, &nx, &ny);
          if (gtk_widget_compute_point (GTK_WIDGET (native), GTK_WIDGET (self),
                                        &GRAPHENE_POINT_INIT ((float) (ex - nx), (float) (ey - ny)),
                                        &point))
            {
              x = point.x;
              y = point.y;
            }
        }
    }
  plenum_pdf_view_zoom_at (self, self->zoom * pow (ZOOM_STEP, dy < 0 ? 1 : -1), x, y);
  return TRUE;
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                PlenumPdfView  *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->drag_time != 0 && now > self->drag_time)
    self->drag_velocity = (offset_x - self->drag_x) * G_USEC_PER_SEC / (double) (now - self->drag_time);
  self->drag_x = offset_x;
  self->drag_time = now;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               PlenumPdfView  *self)
{
  self->drag_x = 0;
  self->drag_velocity = 0;
  self->drag_time = g_get_monotonic_time ();
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             PlenumPdfView  *self)
{
  int delta;

  /* Swipes turn pages only one page at a time, and only when the page is not zoomed
   * wider than the view (then a drag pans it). */
  if (self->mode != PLENUM_PDF_VIEW_SINGLE_PAGE || self->selecting ||
      content_width (self) > view_width (self) + 1)
    return;
  /* Right to left: the next page comes from the left. */
  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    delta = -plenum_swipe_page_delta (offset_x, self->drag_velocity, view_width (self));
  else
    delta = plenum_swipe_page_delta (offset_x, self->drag_velocity, view_width (self));
  if (delta != 0)
    turn (self, delta);
}

static void
page_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlenumPdfView *self = PLENUM_PDF_VIEW (widget);

  if (g_str_equal (action_name, "pdf.next-page"))
    turn (self, 1);
  else if (g_str_equal (action_name, "pdf.previous-page"))
    turn (self, -1);
  else if (g_str_equal (action_name, "pdf.first-page"))
    plenum_pdf_view_set_page (self, 0);
  else if (g_str_equal (action_name, "pdf.last-page"))
    plenum_pdf_view_set_page (self, G_MAXUINT);
  else if (g_str_equal (action_name, "pdf.zoom-in"))
    plenum_pdf_view_set_zoom (self, self->zoom * ZOOM_STEP);
  else if (g_str_equal (action_name, "pdf.zoom-out"))
    plenum_pdf_view_set_zoom (self, self->zoom / ZOOM_STEP);
  else if (g_str_equal (action_name, "pdf.fit-width"))
    plenum_pdf_view_set_sizing (self, PLENUM_PDF_VIEW_FIT_WIDTH);
  else if (g_str_equal (action_name, "pdf.fit-page"))
    plenum_pdf_view_set_sizing (self, PLENUM_PDF_VIEW_FIT_PAGE);
}

/* GObject */

GtkWidget *
plenum_pdf_view_new (PlenumRenderQueue *queue)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_QUEUE (queue), NULL);
  return g_object_new (PLENUM_TYPE_PDF_VIEW, "queue", queue, NULL);
}

static void
plenum_pdf_view_constructed (GObject *object)
{
  PlenumPdfView *self = PLENUM_PDF_VIEW (object);

  G_OBJECT_CLASS (plenum_pdf_view_parent_class)->constructed (object);

  g_assert (self->queue != NULL);
  self->cache = g_object_ref (plenum_render_queue_get_cache (self->queue));
  g_signal_connect (self->queue, "page-ready", G_CALLBACK (page_ready_cb), self);
  g_signal_connect (self->queue, "page-failed", G_CALLBACK (page_failed_cb), self);
}

static void
plenum_pdf_view_dispose (GObject *object)
{
  PlenumPdfView *self = PLENUM_PDF_VIEW (object);

  if (self->queue != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->queue, self);
      if (self->document != NULL)
        plenum_render_queue_cancel_document (self->queue, self->document);
    }
  if (self->cache != NULL && self->document != NULL)
    plenum_texture_cache_pin_range (self->cache, self->document, 1, 0);
  drop_links (self);
  drop_texts (self);
  g_clear_handle_id (&self->tap_timeout_id, g_source_remove);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_object (&self->cache);
  g_clear_object (&self->queue);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (plenum_pdf_view_parent_class)->dispose (object);
}

static void
plenum_pdf_view_finalize (GObject *object)
{
  PlenumPdfView *self = PLENUM_PDF_VIEW (object);

  g_clear_pointer (&self->layout, plenum_page_layout_free);
  g_clear_pointer (&self->failed, g_hash_table_unref);
  g_clear_pointer (&self->highlights, g_ptr_array_unref);
  g_clear_pointer (&self->links, g_hash_table_unref);
  g_clear_pointer (&self->links_pending, g_hash_table_unref);
  g_clear_pointer (&self->texts, g_hash_table_unref);
  g_free (self->watermark);

  G_OBJECT_CLASS (plenum_pdf_view_parent_class)->finalize (object);
}

static void
plenum_pdf_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PlenumPdfView *self = PLENUM_PDF_VIEW (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      g_value_set_object (value, self->queue);
      break;
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;
    case PROP_SIZING:
      g_value_set_int (value, self->sizing);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_WATERMARK:
      g_value_set_string (value, self->watermark);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_SELECTING:
      g_value_set_boolean (value, self->selecting);
      break;
    case PROP_HAS_SELECTION:
      g_value_set_boolean (value, has_selection (self));
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_pdf_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PlenumPdfView *self = PLENUM_PDF_VIEW (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      self->queue = g_value_dup_object (value);
      break;
    case PROP_DOCUMENT:
      plenum_pdf_view_set_document (self, g_value_get_object (value));
      break;
    case PROP_PAGE:
      plenum_pdf_view_set_page (self, g_value_get_uint (value));
      break;
    case PROP_MODE:
      plenum_pdf_view_set_mode (self, g_value_get_int (value));
      break;
    case PROP_SIZING:
      plenum_pdf_view_set_sizing (self, g_value_get_int (value));
      break;
    case PROP_ZOOM:
      plenum_pdf_view_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_WATERMARK:
      plenum_pdf_view_set_watermark (self, g_value_get_string (value));
      break;
    case PROP_SELECTING:
      plenum_pdf_view_set_selecting (self, g_value_get_boolean (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
plenum_pdf_view_get_border (GtkScrollable *scrollable,
                            GtkBorder     *border)
{
  return FALSE;
}

static void
plenum_pdf_view_scrollable_init (GtkScrollableInterface *iface)
{
  iface->get_border = plenum_pdf_view_get_border;
}

static void
add_key (GtkWidgetClass  *widget_class,
         guint            key,
         GdkModifierType  mods,
         const char      *action)
{
  gtk_widget_class_add_binding_action (widget_class, key, mods, action, NULL);
}

static void
plenum_pdf_view_class_init (PlenumPdfViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const char *actions[] = { "pdf.next-page", "pdf.previous-page", "pdf.first-page",
                            "pdf.last-page", "pdf.zoom-in", "pdf.zoom-out",
                            "pdf.fit-width", "pdf.fit-page" };

  object_class->constructed = plenum_pdf_view_constructed;
  object_class->dispose = plenum_pdf_view_dispose;
  object_class->finalize = plenum_pdf_view_finalize;
  object_class->get_property = plenum_pdf_view_get_property;
  object_class->set_property = plenum_pdf_view_set_property;

  widget_class->snapshot = plenum_pdf_view_snapshot;
  widget_class->measure = plenum_pdf_view_measure;
  widget_class->size_allocate = plenum_pdf_view_size_allocate;

  properties[PROP_QUEUE] =
    g_param_spec_object ("queue", NULL, NULL, PLENUM_TYPE_RENDER_QUEUE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, PLENUM_TYPE_RENDER_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_int ("mode", NULL, NULL, PLENUM_PDF_VIEW_CONTINUOUS,
                      PLENUM_PDF_VIEW_SINGLE_PAGE, PLENUM_PDF_VIEW_CONTINUOUS,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZING] =
    g_param_spec_int ("sizing", NULL, NULL, PLENUM_PDF_VIEW_FIT_WIDTH, PLENUM_PDF_VIEW_FREE,
                      PLENUM_PDF_VIEW_FIT_WIDTH,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, PLENUM_ZOOM_MIN, PLENUM_ZOOM_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WATERMARK] =
    g_param_spec_string ("watermark", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTING] =
    g_param_spec_boolean ("selecting", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_SELECTION] =
    g_param_spec_boolean ("has-selection", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_install_action (widget_class, "pdf.copy", NULL, copy_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "pdf.copy", NULL);

  signals[SIGNAL_LINK_URI] =
    g_signal_new ("link-uri", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, page_action_cb);
  add_key (widget_class, GDK_KEY_Page_Down, 0, "pdf.next-page");
  add_key (widget_class, GDK_KEY_Page_Up, 0, "pdf.previous-page");
  add_key (widget_class, GDK_KEY_Home, 0, "pdf.first-page");
  add_key (widget_class, GDK_KEY_End, 0, "pdf.last-page");
  add_key (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "pdf.zoom-in");
  add_key (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "pdf.zoom-in");
  add_key (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "pdf.zoom-in");
  add_key (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "pdf.zoom-out");
  add_key (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "pdf.zoom-out");
  add_key (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "pdf.fit-width");

  gtk_widget_class_set_css_name (widget_class, "pdfview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DOCUMENT);
}

/* For a screen reader: where in the document the reader is. The view's name is the
 * document's title (set by whoever shows the view); this says "Page 3 of 12" after it.
 * Every change of "page" comes here, also a new document (which notifies "page"). */
static void
on_page_notified_cb (PlenumPdfView *self,
                     GParamSpec    *pspec,
                     gpointer       user_data)
{
  guint n_pages = plenum_pdf_view_get_n_pages (self);
  g_autofree char *position = NULL;

  if (n_pages == 0)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }
  position = g_strdup_printf (_("Page %u of %u"), MIN (self->page, n_pages - 1) + 1, n_pages);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  position, -1);
}

static void
plenum_pdf_view_init (PlenumPdfView *self)
{
  GtkGesture *zoom = gtk_gesture_zoom_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

  self->zoom = 1.0;
  self->failed = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_error_free);
  self->links = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->links_pending = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->current_match = -1;
  self->texts = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) plenum_render_text_free);
  self->sel_first = self->sel_last = -1;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.copy", FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  g_signal_connect (self, "notify::page", G_CALLBACK (on_page_notified_cb), NULL);

  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  g_signal_connect (zoom, "end", G_CALLBACK (zoom_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  /* Selecting text: in the capture phase, to claim the drag before the scrolled
   * window's pan sees it; denied at once when not selecting. */
  {
    GtkGesture *select = gtk_gesture_drag_new ();

    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (select), GTK_PHASE_CAPTURE);
    g_signal_connect (select, "drag-begin", G_CALLBACK (select_drag_begin_cb), self);
    g_signal_connect (select, "drag-update", G_CALLBACK (select_drag_update_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (select));
  }
}
