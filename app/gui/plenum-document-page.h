/* plenum-document-page.h — reads one document, one page at a time: the page at the size
 * shown, previous/next buttons, a swipe left or right, Page Up/Page Down and the arrow
 * keys to turn pages, and "Page 3 of 12". A document that cannot be shown (not a PDF,
 * no pages, a helper that crashed, a file not yet downloaded and verified) shows one
 * sentence instead; a page that fails shows its sentence on that page only. Either way
 * the client keeps running.
 *
 * Actions:
 *   doc.next-page, doc.previous-page, doc.first-page, doc.last-page
 *                   (enabled when there is such a page)
 *   doc.retry       opens the document or renders the page again after a failure
 * The back button activates window.back (PlenumWindow).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pdf/plenum-render-client.h"
#include "plenum-page-view.h"

G_BEGIN_DECLS

typedef enum {
  PLENUM_DOCUMENT_PAGE_LOADING, /* the document is being opened in the render helper */
  PLENUM_DOCUMENT_PAGE_READY,   /* pages can be shown */
  PLENUM_DOCUMENT_PAGE_FAILED,  /* the document cannot be shown: see get_status_text() */
} PlenumDocumentPageState;

#define PLENUM_TYPE_DOCUMENT_PAGE (plenum_document_page_get_type ())

G_DECLARE_FINAL_TYPE (PlenumDocumentPage, plenum_document_page, PLENUM, DOCUMENT_PAGE, GtkWidget)

/* Opens @path (a verified blob) in @client's helper at once. @path NULL: the document is
 * not on this terminal yet (shown as such). @title: the document's title. */
GtkWidget               *plenum_document_page_new             (PlenumRenderClient *client,
                                                               const char         *path,
                                                               const char         *title);

const char              *plenum_document_page_get_title       (PlenumDocumentPage *self);
const char              *plenum_document_page_get_path        (PlenumDocumentPage *self);

/* Property "state" (read-only). */
PlenumDocumentPageState  plenum_document_page_get_state       (PlenumDocumentPage *self);

/* The sentence shown when the document (state FAILED) or the current page cannot be
 * shown, or NULL. */
const char              *plenum_document_page_get_status_text (PlenumDocumentPage *self);

/* Property "page" (0-based) and the number of pages (0 until the document is open). */
guint                    plenum_document_page_get_page        (PlenumDocumentPage *self);
void                     plenum_document_page_set_page        (PlenumDocumentPage *self,
                                                               guint               page);
guint                    plenum_document_page_get_n_pages     (PlenumDocumentPage *self);

/* The page indicator as shown ("Page 3 of 12"). */
const char              *plenum_document_page_get_indicator_text (PlenumDocumentPage *self);

/* The page view, for tests that compare its pixels. */
PlenumPageView          *plenum_document_page_get_view        (PlenumDocumentPage *self);

G_END_DECLS
