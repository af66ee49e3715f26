/* plenum-thumbnail-strip.h — the reader's strip of page thumbnails: a horizontal row of
 * small pages, touch first, to see where one is and to jump to a page with a tap.
 *
 * Each item shows its page PLENUM_THUMBNAIL_STRIP_HEIGHT logical pixels tall (the width
 * from the page's aspect) with the page number under it. The strip is a GtkListView, so
 * only the items around the screen exist (GTK 4.8 keeps up to 200 bound). A bound item
 * shows its thumbnail from the texture cache (or, meanwhile, any other size of the page
 * there, scaled); once it is on screen (checked after each layout) it asks for it
 * through the render queue at PLENUM_RENDER_PRIORITY_THUMBNAIL, at exactly the size
 * shown in device pixels, and draws it when the queue announces it ("page-ready"). As
 * the strip scrolls, the jobs of pages no longer on screen are dropped
 * (plenum_render_queue_retain()), so a fling renders where it stops. A page that fails
 * stays a white page with its number.
 *
 * Give the strip a PlenumRenderQueue of its own, over the same client and texture cache
 * as the page view's: the page view calls retain() for the document with its own range,
 * which would drop the strip's jobs (and the strip's retain() the view's) on a shared
 * queue. The strip never pins pages in the cache (the page view does).
 *
 * Property "page": the current page, highlighted (its item is selected and carries the
 * CSS class "current") and scrolled into view when it changes. A tap on an item emits
 * "page-activated"; the strip does not change "page" by itself (the reader sets it
 * from the page view).
 *
 * Signals:
 *   "page-activated" (guint page) — 0-based
 *
 * Marked pages (plenum_thumbnail_strip_set_marked_pages(): the pages of a revised
 * document that changed) show a "Changed" badge under their number.
 *
 * CSS: items carry the class "plenum-thumbnail" (and "current"); the page image inside
 * carries "plenum-thumbnail-page", the badge "plenum-thumbnail-badge". Items are at
 * least 48 px wide.
 *
 * Used on the thread of the render client.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pdf/plenum-render-queue.h"

G_BEGIN_DECLS

/* The height of a thumbnail, logical pixels. */
#define PLENUM_THUMBNAIL_STRIP_HEIGHT 120

#define PLENUM_TYPE_THUMBNAIL_STRIP (plenum_thumbnail_strip_get_type ())
G_DECLARE_FINAL_TYPE (PlenumThumbnailStrip, plenum_thumbnail_strip, PLENUM, THUMBNAIL_STRIP,
                      GtkWidget)

/* @queue: the strip's own render queue (see above; a reference is kept). */
GtkWidget            *plenum_thumbnail_strip_new          (PlenumRenderQueue    *queue);

/* Property "document" (NULL: nothing). Setting it shows its pages from the first; the
 * previous document's thumbnail jobs are dropped. "page" goes back to 0. */
PlenumRenderDocument *plenum_thumbnail_strip_get_document (PlenumThumbnailStrip *self);
void                  plenum_thumbnail_strip_set_document (PlenumThumbnailStrip *self,
                                                           PlenumRenderDocument *document);

/* Property "page" (0-based, clamped to the document's pages). */
guint                 plenum_thumbnail_strip_get_page     (PlenumThumbnailStrip *self);
void                  plenum_thumbnail_strip_set_page     (PlenumThumbnailStrip *self,
                                                           guint                 page);

/* Emits "page-activated" for @page (< n_pages) as a tap on its item does. */
void                  plenum_thumbnail_strip_activate_page (PlenumThumbnailStrip *self,
                                                            guint                 page);

/* The device-pixel size the thumbnail of @page is asked for at (FALSE without a
 * document or for a page out of range). */
gboolean              plenum_thumbnail_strip_get_thumbnail_size (PlenumThumbnailStrip *self,
                                                                 guint                 page,
                                                                 int                  *width,
                                                                 int                  *height);

/* The pages whose items are bound now (FALSE when none). For tests. */
gboolean              plenum_thumbnail_strip_get_bound_range (PlenumThumbnailStrip *self,
                                                              guint                *first,
                                                              guint                *last);

/* The item widget of @page while it is bound, or NULL. Transfer none. For tests. */
GtkWidget            *plenum_thumbnail_strip_get_item     (PlenumThumbnailStrip *self,
                                                           guint                 page);

/* The pages with a "Changed" badge: @marked has @n_pages entries (page i marked when
 * TRUE); replaces the previous marks. Setting another document clears them. */
void                  plenum_thumbnail_strip_set_marked_pages (PlenumThumbnailStrip *self,
                                                               const gboolean       *marked,
                                                               guint                 n_pages);
gboolean              plenum_thumbnail_strip_get_page_marked  (PlenumThumbnailStrip *self,
                                                               guint                 page);
/* Whether the item of @page (bound) shows its thumbnail at the exact size. For tests. */
gboolean              plenum_thumbnail_strip_get_item_sharp (PlenumThumbnailStrip *self,
                                                             guint                 page);

G_END_DECLS
