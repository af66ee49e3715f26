/* plenum-outline-view.h — the reader's table of contents: a document's outline
 * (bookmarks) as a list, touch first.
 *
 * The outline is fetched from the render helper (plenum_render_client_get_outline_async)
 * when a document is set; setting another document (or NULL) cancels a fetch still
 * running. The entries come flattened depth-first and are shown as a tree in that
 * order, each row at least 48 px tall and indented by its depth (16 px per level, capped
 * at 8 levels). An entry with subsections has a 48 px button at the end of its row that
 * shows or hides them. An outline of at most PLENUM_OUTLINE_VIEW_EXPAND_ALL_MAX entries
 * is shown whole; a longer one shows its top level only, so a reader finds the chapter
 * first. The list is a GtkListView over a GtkTreeListModel, so only the rows of expanded
 * entries exist, only those on screen as widgets, and an outline of thousands of entries
 * (or thousands of levels) stays fast.
 *
 * A tap on an entry emits "page-activated" with its page. An entry without a target
 * page is shown dimmed; a tap on it shows or hides its subsections when it has some, and
 * does nothing otherwise. A document without an outline shows
 * "This document has no table of contents"; a fetch that failed shows the sentence of
 * plenum_error_text() for its error.
 *
 * Signals:
 *   "page-activated" (guint page) — 0-based
 *
 * CSS: rows carry the class "plenum-outline-row" (and "dim-label" when they have no
 * page); the empty and error labels carry "plenum-outline-message" and "dim-label".
 *
 * Used on the thread of the render client.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pdf/plenum-render-client.h"

G_BEGIN_DECLS

/* What the view shows. */
typedef enum {
  PLENUM_OUTLINE_VIEW_NONE,     /* no document set */
  PLENUM_OUTLINE_VIEW_LOADING,  /* the outline is being fetched */
  PLENUM_OUTLINE_VIEW_READY,    /* the entries */
  PLENUM_OUTLINE_VIEW_EMPTY,    /* "This document has no table of contents" */
  PLENUM_OUTLINE_VIEW_FAILED,   /* the error's sentence */
} PlenumOutlineViewState;

/* Pixels of indentation per depth level, and the deepest level indented further. */
#define PLENUM_OUTLINE_VIEW_INDENT     16
#define PLENUM_OUTLINE_VIEW_MAX_INDENT 8
/* The longest outline shown expanded from the start. */
#define PLENUM_OUTLINE_VIEW_EXPAND_ALL_MAX 100

#define PLENUM_TYPE_OUTLINE_VIEW (plenum_outline_view_get_type ())
G_DECLARE_FINAL_TYPE (PlenumOutlineView, plenum_outline_view, PLENUM, OUTLINE_VIEW, GtkWidget)

/* @client: the render client the documents belong to (a reference is kept). */
GtkWidget             *plenum_outline_view_new          (PlenumRenderClient   *client);

/* Property "document" (NULL: nothing). Setting it clears the list and fetches the
 * document's outline (a fetch of the previous document is cancelled). */
PlenumRenderDocument  *plenum_outline_view_get_document (PlenumOutlineView    *self);
void                   plenum_outline_view_set_document (PlenumOutlineView    *self,
                                                         PlenumRenderDocument *document);

/* Property "state" (read-only). */
PlenumOutlineViewState plenum_outline_view_get_state    (PlenumOutlineView    *self);

/* Property "n-entries" (read-only): the outline's entries (0 until the outline arrives),
 * shown or inside a closed entry. Entries are numbered in outline order (depth-first). */
guint                  plenum_outline_view_get_n_entries (PlenumOutlineView   *self);

/* Entry @index (< n-entries): its title (transfer none, valid while the document is
 * set), depth and page (-1: none). Any out argument may be NULL. */
void                   plenum_outline_view_get_entry    (PlenumOutlineView    *self,
                                                         guint                 index,
                                                         const char          **title,
                                                         guint                *depth,
                                                         int                  *page);

/* The text of the empty or error state now shown, or NULL (state READY, LOADING,
 * NONE). Transfer none. */
const char            *plenum_outline_view_get_message  (PlenumOutlineView    *self);

/* Activates entry @index as a tap on its row does: emits "page-activated" when the
 * entry has a page. Returns whether it did. */
gboolean               plenum_outline_view_activate_entry (PlenumOutlineView  *self,
                                                           guint               index);

/* The rows the list has now: the entries whose parents are all expanded. */
guint                  plenum_outline_view_get_n_rows   (PlenumOutlineView    *self);

/* Whether entry @index has a row now (its parents are all expanded). */
gboolean               plenum_outline_view_get_entry_shown (PlenumOutlineView *self,
                                                            guint              index);

/* Whether entry @index is shown and its subsections are shown too. */
gboolean               plenum_outline_view_get_entry_expanded (PlenumOutlineView *self,
                                                               guint              index);

/* Shows or hides the subsections of entry @index, as its button does. Returns FALSE
 * (and does nothing) when the entry has no row now or has no subsections. */
gboolean               plenum_outline_view_set_entry_expanded (PlenumOutlineView *self,
                                                               guint              index,
                                                               gboolean           expanded);

/* The list view (tests: to count its rows). Transfer none. */
GtkListView           *plenum_outline_view_get_list_view (PlenumOutlineView   *self);

G_END_DECLS
