/* plenum-document-page.h — reads one document in the reader's page view
 * (plenum-pdf-view.h): the pages in a scrolled column at the width of the screen, or one
 * page at a time; zoom buttons, pinch and double-tap; a swipe left or right, Page
 * Up/Page Down and the arrow keys to turn pages, and "Page 3 of 12". A document that
 * cannot be shown (not a PDF, no pages, a helper that crashed, a file not yet downloaded
 * and verified) shows one sentence instead; a page that fails shows its sentence when it
 * is the current page, and "This page could not be displayed" in its place. Either way
 * the client keeps running.
 *
 * Actions:
 *   doc.next-page, doc.previous-page, doc.first-page, doc.last-page
 *                   (enabled when there is such a page)
 *   doc.retry       opens the document or renders the failed pages again
 *   doc.zoom-in, doc.zoom-out
 *   doc.fit         fit the width, or (when the width is fitted) the whole page
 *   doc.page-mode   a column of pages ↔ one page at a time
 *   doc.open-beside (u) opens companion number u beside the document (split view)
 *   doc.search-next, doc.search-previous   the next/previous match of the search
 *   doc.go-to-page (u)   turns to page number u (1-based), as the "Go to a page" field
 *   doc.open-with-password   opens a protected document with the password typed
 *                   (a document whose packet carries its password opens without asking)
 *   doc.show-everyone  (the chair, see plenum_document_page_set_chair()) shows every
 *                   terminal this page
 *   doc.copy        copies the selected text ("Select text" in the header bar makes a
 *                   drag select instead of pan; never for a confidential document)
 * The header bar's toggles show the search bar, the table of contents (a flap beside the
 * pages) and the page thumbnails (a strip under them).
 *
 * Annotations (plenum_document_page_set_annotation_context(), for a signed-in member):
 * the member's marks and others' shared ones are drawn over the pages (PlenumInkLayer);
 * "Mark up" in the header bar shows the annotation tool bar and picks the pen. Every
 * change is saved through the store (with its outbox operation) as it is made; a save
 * that fails says so in a toast and the mark stays on screen. Marks follow sync
 * (the engine's "annotations-changed"), a stroke in progress is kept.
 *   doc.export-copy (s)  "flat" or "editable": saves an annotated copy of the member's
 *                   own marks on this version in the documents folder (see
 *                   docs/architecture.md); never for a confidential document
 *   doc.show-review (u)  opens the earlier version beside this one at the page of the
 *                   mark number u of the review list
 * When the member has marks on earlier versions of the document, they are carried to
 * this one (plenum-annotation-carry-driver.h); those that cannot be are listed under a
 * banner, "N of your marks need your review", and the pages whose text changed carry a
 * badge in the thumbnails and "· changed" in the page indicator.
 * The back button activates window.back (PlenumWindow).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/plenum-document.h"
#include "pdf/plenum-render-queue.h"
#include "sync/plenum-chair.h"
#include "sync/plenum-sync-engine.h"
#include "plenum-document-search.h"
#include "plenum-ink-layer.h"
#include "plenum-outline-view.h"
#include "plenum-pdf-view.h"
#include "plenum-thumbnail-strip.h"

G_BEGIN_DECLS

typedef enum {
  PLENUM_DOCUMENT_PAGE_LOADING, /* the document is being opened in the render helper */
  PLENUM_DOCUMENT_PAGE_READY,   /* pages can be shown */
  PLENUM_DOCUMENT_PAGE_FAILED,  /* the document cannot be shown: see get_status_text() */
} PlenumDocumentPageState;

#define PLENUM_TYPE_DOCUMENT_PAGE (plenum_document_page_get_type ())

G_DECLARE_FINAL_TYPE (PlenumDocumentPage, plenum_document_page, PLENUM, DOCUMENT_PAGE, GtkWidget)

/* Opens @path (a verified blob) in the helper of @queue's client at once; pages are
 * rendered through @queue. @path NULL: the document is
 * not on this terminal yet (shown as such). @title: the document's title. */
GtkWidget               *plenum_document_page_new             (PlenumRenderQueue  *queue,
                                                               const char         *path,
                                                               const char         *title);
/* The same for a document whose packet carries its password (PlenumDocument's
 * "password"): opened with @password at once, without asking. When it does not open the
 * document (the packet was wrong), the page forgets it and asks, as for a document that
 * came without one. The password is never shown, logged or put in the entry. @password
 * NULL: as plenum_document_page_new(). */
GtkWidget               *plenum_document_page_new_with_password (PlenumRenderQueue  *queue,
                                                                 const char         *path,
                                                                 const char         *title,
                                                                 const char         *password);

const char              *plenum_document_page_get_title       (PlenumDocumentPage *self);
const char              *plenum_document_page_get_path        (PlenumDocumentPage *self);

/* Property "state" (read-only). */
PlenumDocumentPageState  plenum_document_page_get_state       (PlenumDocumentPage *self);

/* The sentence shown when the document (state FAILED) or the current page cannot be
 * shown, or NULL. */
const char              *plenum_document_page_get_status_text (PlenumDocumentPage *self);

/* Property "page" (0-based) and the number of pages (0 until the document is open).
 * Set while the document is still opening, the page is turned to once it is open. */
guint                    plenum_document_page_get_page        (PlenumDocumentPage *self);
void                     plenum_document_page_set_page        (PlenumDocumentPage *self,
                                                               guint               page);
guint                    plenum_document_page_get_n_pages     (PlenumDocumentPage *self);

/* The page indicator as shown ("Page 3 of 12"). */
const char              *plenum_document_page_get_indicator_text (PlenumDocumentPage *self);

/* Split view: shows the document at @path (a verified blob; @title its title) beside
 * this one, each with its own scroll and zoom. NULL closes it. */
void                     plenum_document_page_open_beside     (PlenumDocumentPage *self,
                                                               const char         *path,
                                                               const char         *title);
/* The second pane's view, or NULL. */
PlenumPdfView           *plenum_document_page_get_beside_view (PlenumDocumentPage *self);
/* The documents that may be opened beside this one (the "Open beside" button lists
 * them; hidden when there are none): NULL-terminated arrays of equal length. */
void                     plenum_document_page_set_companions  (PlenumDocumentPage *self,
                                                               const char * const *titles,
                                                               const char * const *paths);
/* A confidential document: the text (the reader's name and the time) is drawn over
 * every page, in both panes. NULL: none. */
void                     plenum_document_page_set_watermark   (PlenumDocumentPage *self,
                                                               const char         *text);

/* Searches the document (the search bar opens with @text): matches are highlighted, the
 * search's "next"/"previous" (doc.search-next/-previous, Enter in the entry) go to them. */
void                     plenum_document_page_search          (PlenumDocumentPage *self,
                                                               const char         *text,
                                                               gboolean            ignore_diacritics);
/* A document that needs a password (the page asks for it): opens it with @password;
 * a wrong one asks again. */
void                     plenum_document_page_open_with_password (PlenumDocumentPage *self,
                                                                  const char         *password);

/* Marks on this document for the member signed in to @engine (nothing happens when
 * nobody is), in @meeting_id; @document is the PlenumDocument the page shows (its id,
 * sha256, password and confidentiality). Called once, right after the page is made. */
void                     plenum_document_page_set_annotation_context (PlenumDocumentPage *self,
                                                                      PlenumSyncEngine   *engine,
                                                                      const char         *meeting_id,
                                                                      PlenumDocument     *document);
/* The meeting's chair reads this document as @document_id of agenda item @item_id:
 * a 48 px "Show everyone this page" button in the header bar (doc.show-everyone) moves
 * the meeting there with plenum_chair_move_async() at the page shown; a failure says
 * why in a toast. @chair NULL: no button. */
void                     plenum_document_page_set_chair       (PlenumDocumentPage *self,
                                                               PlenumChair        *chair,
                                                               const char         *item_id,
                                                               const char         *document_id);
/* The button, or NULL before set_chair(). For tests. */
GtkWidget               *plenum_document_page_get_show_everyone_button (PlenumDocumentPage *self);

/* The layer over the pages, or NULL without an annotation context. */
PlenumInkLayer          *plenum_document_page_get_ink_layer   (PlenumDocumentPage *self);
/* The member's marks on earlier versions waiting for review (PlenumAnnotation, transfer
 * none; NULL before any were looked for), in the order of the list. */
GPtrArray               *plenum_document_page_get_review      (PlenumDocumentPage *self);
/* Whether page @page (0-based) changed against the earlier version the marks were on. */
gboolean                 plenum_document_page_get_page_changed (PlenumDocumentPage *self,
                                                                guint               page);
/* The text of the last toast (an export, a failed save), or NULL. For tests. */
const char              *plenum_document_page_get_toast_text  (PlenumDocumentPage *self);

/* The tools (NULL search until the document is open), for tests. */
PlenumDocumentSearch    *plenum_document_page_get_search      (PlenumDocumentPage *self);
PlenumOutlineView       *plenum_document_page_get_outline     (PlenumDocumentPage *self);
PlenumThumbnailStrip    *plenum_document_page_get_thumbnails  (PlenumDocumentPage *self);

/* The page view, for tests that compare its pixels. */
PlenumPdfView           *plenum_document_page_get_view        (PlenumDocumentPage *self);

G_END_DECLS
