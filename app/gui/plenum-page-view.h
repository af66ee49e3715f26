/* plenum-page-view.h — shows one page of a PDF, rendered by the render helper at exactly
 * the size it is shown (device pixels: the widget's size times its scale factor), and
 * renders it again when that size changes. The page is fitted into the widget, centred
 * on device pixels, so a texture is drawn 1:1 without scaling. The pages before and
 * after are rendered ahead (prefetch) into a small cache, so turning a page is quick.
 *
 * A page that fails to render keeps its error (shown by the document page on that page
 * only); turning to another page clears it.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pdf/plenum-render-client.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_PAGE_VIEW (plenum_page_view_get_type ())

G_DECLARE_FINAL_TYPE (PlenumPageView, plenum_page_view, PLENUM, PAGE_VIEW, GtkWidget)

GtkWidget            *plenum_page_view_new          (PlenumRenderClient   *client);

PlenumRenderClient   *plenum_page_view_get_client   (PlenumPageView       *self);

/* Property "document" (NULL: nothing shown). Setting it shows page 0. */
PlenumRenderDocument *plenum_page_view_get_document (PlenumPageView       *self);
void                  plenum_page_view_set_document (PlenumPageView       *self,
                                                     PlenumRenderDocument *document);

/* Property "page" (0-based; clamped to the document's pages). */
guint                 plenum_page_view_get_page     (PlenumPageView       *self);
void                  plenum_page_view_set_page     (PlenumPageView       *self,
                                                     guint                 page);

/* Property "ready" (read-only): the current page is shown at the current size. */
gboolean              plenum_page_view_get_ready    (PlenumPageView       *self);

/* Property "error" (read-only, boxed GError): why the current page cannot be shown, or
 * NULL. */
const GError         *plenum_page_view_get_error    (PlenumPageView       *self);

/* The texture shown for the current page (it may be of an earlier size while a new
 * render is under way), or NULL. */
GdkTexture           *plenum_page_view_get_texture  (PlenumPageView       *self);

/* Where the page is drawn, in the widget's coordinates; FALSE when no page is laid
 * out. */
gboolean              plenum_page_view_get_page_rect (PlenumPageView      *self,
                                                      graphene_rect_t     *rect);

/* The size in device pixels the current page is (to be) rendered at; FALSE before the
 * widget has a size. */
gboolean              plenum_page_view_get_target_size (PlenumPageView    *self,
                                                        int               *width,
                                                        int               *height);

/* Renders the current page again (after an error, e.g. a helper that crashed). */
void                  plenum_page_view_retry        (PlenumPageView       *self);

G_END_DECLS
