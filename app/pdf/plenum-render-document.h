/* plenum-render-document.h — a PDF opened in the render helper (plenum-render), as the
 * client sees it: its page count, each page's size in points, and whether it has an
 * outline. Made only by plenum_render_client_open_async() and
 * plenum_render_client_open_with_password_async(); poppler never runs in the client's
 * process.
 *
 * A document belongs to the client that opened it and is used on that client's thread
 * (the thread-default main context at the time the client was made). Dropping the last
 * reference closes it in the helper. If the helper is restarted, the client re-opens the
 * document there by itself (with the password it was opened with, which the document
 * keeps until it is finalized and then wipes), so a PlenumRenderDocument stays usable
 * across restarts.
 *
 * Page sizes arrive lazily: opening measures only the first pages (a 2,415-page manual
 * would otherwise cost ~400 ms before its first page could be shown); the others start
 * with the size of the last measured page (an estimate) and the client measures them in
 * the background, in chunks, while no page render is in flight. Each chunk whose sizes or
 * missing pages differ from what was shown emits "page-sizes-changed" (guint first,
 * guint n_pages): lay the pages out again. Property "sizes-final" (read-only) turns TRUE
 * once no page carries an estimate any more. A chunk the helper fails on (it hangs past
 * the client's timeout, or crashes on it, or refuses it) is not asked again: its pages
 * become missing (plenum_render_document_get_page_ok() FALSE, renders fail with
 * PAGE_FAILED) with their estimated size, and measuring goes on with the next chunk.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PLENUM_TYPE_RENDER_DOCUMENT (plenum_render_document_get_type ())

G_DECLARE_FINAL_TYPE (PlenumRenderDocument, plenum_render_document, PLENUM, RENDER_DOCUMENT,
                      GObject)

/* The file that was opened (a verified blob's path), as given to open_async(). */
const char *plenum_render_document_get_path         (PlenumRenderDocument *self);

/* The number of pages, always ≥ 1 (a document without pages is refused when opened). */
guint       plenum_render_document_get_n_pages      (PlenumRenderDocument *self);

/* The size of page @page (0-based, < n_pages) in PDF points (1/72 inch), as poppler
 * reports it (rotation applied), or an estimate until it has been measured (see above).
 * Always > 0: a page poppler cannot load gets the size of the nearest page before it that
 * it can, and renders fail with PLENUM_RENDER_ERROR_PAGE_FAILED. */
void        plenum_render_document_get_page_size    (PlenumRenderDocument *self,
                                                     guint                 page,
                                                     double               *width,
                                                     double               *height);

/* FALSE when poppler could not load page @page (its renders will fail). */
gboolean    plenum_render_document_get_page_ok      (PlenumRenderDocument *self,
                                                     guint                 page);

/* TRUE when every page's size has been measured (no estimate is left): property
 * "sizes-final". */
gboolean    plenum_render_document_get_sizes_final  (PlenumRenderDocument *self);

/* TRUE while page @page's size is an estimate (not measured yet). */
gboolean    plenum_render_document_get_page_estimated (PlenumRenderDocument *self,
                                                       guint                 page);

/* TRUE when the document has an outline (bookmarks) to show. */
gboolean    plenum_render_document_get_has_outline  (PlenumRenderDocument *self);

G_END_DECLS
