/* plenum-document-search.h — finding text in one document of the reader.
 *
 * A PlenumDocumentSearch searches one PlenumRenderDocument through its
 * PlenumRenderClient (poppler runs in the render helper, never here). A search starts at
 * a page (the one the reader is on), runs to the last page, wraps around to page 0 and
 * stops when every page was searched once. It asks the helper for a few pages at a time
 * (PLENUM_DOCUMENT_SEARCH_CHUNK), because the helper's watchdog ("timeout") applies to
 * each request: a long manual is searched in many short requests, and the reader sees
 * the first matches at once.
 *
 * Results accumulate in document order (page, then the match's place on the page),
 * whatever order the pages were searched in; matches are numbered from 0 in that order,
 * and a match that runs over several lines has several rectangles (PlenumRenderHit),
 * consecutive, with the same number. The current match moves with next() and previous(),
 * which wrap around; the first next() after a search started goes to the first match at
 * or after the page the search started from.
 *
 * A chunk that fails (TIMEOUT, CRASHED…) is reported in "error" and the search goes on
 * with the next chunk (its pages stay unsearched). Starting a new search, an empty text
 * and dispose cancel what runs.
 *
 * Properties (all read-only, notified only when they change):
 *   "n-matches" (guint)     matches found so far (not rectangles)
 *   "searching" (gboolean)  pages are still being searched
 *   "current"   (int)       number of the current match, -1 for none
 *   "error"     (GError, boxed) the last chunk failure of this search, or NULL
 * Signals:
 *   "changed" ()            the hits or the current match changed (redraw highlights)
 *
 * Used on the render client's thread.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pdf/plenum-render-client.h"

G_BEGIN_DECLS

/* Pages searched per request to the helper. */
#define PLENUM_DOCUMENT_SEARCH_CHUNK 16

#define PLENUM_TYPE_DOCUMENT_SEARCH (plenum_document_search_get_type ())
G_DECLARE_FINAL_TYPE (PlenumDocumentSearch, plenum_document_search, PLENUM, DOCUMENT_SEARCH,
                      GObject)

/* Keeps references on @client and @document (which must belong to @client). */
PlenumDocumentSearch *plenum_document_search_new        (PlenumRenderClient      *client,
                                                         PlenumRenderDocument    *document);

PlenumRenderDocument *plenum_document_search_get_document (PlenumDocumentSearch  *self);

/* Cancels a running search and drops its results, then searches for @text (valid
 * UTF-8) from page @from_page (clamped to the last page). An empty or NULL @text only
 * clears. */
void                  plenum_document_search_start      (PlenumDocumentSearch    *self,
                                                         const char              *text,
                                                         PlenumRenderSearchFlags  flags,
                                                         guint                   from_page);
/* Cancels a running search; the results found so far stay. */
void                  plenum_document_search_stop       (PlenumDocumentSearch    *self);

/* The text of the current search (NULL when cleared). */
const char           *plenum_document_search_get_text   (PlenumDocumentSearch    *self);

guint                 plenum_document_search_get_n_matches (PlenumDocumentSearch *self);
gboolean              plenum_document_search_get_searching (PlenumDocumentSearch *self);
/* The last chunk failure of this search (transfer none), or NULL. */
const GError         *plenum_document_search_get_error  (PlenumDocumentSearch    *self);

/* Moves to the next (previous) match, wrapping around; FALSE when there is none. */
gboolean              plenum_document_search_next       (PlenumDocumentSearch    *self);
gboolean              plenum_document_search_previous   (PlenumDocumentSearch    *self);

/* The current match's number (-1: none) and its page (@page may be NULL; untouched when
 * there is none). */
int                   plenum_document_search_get_current (PlenumDocumentSearch   *self,
                                                          guint                  *page);
/* The first rectangle of the current match (transfer none, valid until the next
 * "changed"), or NULL. */
const PlenumRenderHit *plenum_document_search_get_current_hit (PlenumDocumentSearch *self);

/* Every rectangle found so far, in document order (array of PlenumRenderHit, transfer
 * none: the search adds to it as chunks arrive, always followed by "changed"; take a
 * reference to keep it, and do not modify it). */
GPtrArray            *plenum_document_search_get_hits   (PlenumDocumentSearch    *self);

G_END_DECLS
