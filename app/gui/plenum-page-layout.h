/* plenum-page-layout.h — where each page of a document sits in the reader's continuous
 * (vertical) view, at a given zoom: pure arithmetic, no GTK, so that it is tested on its
 * own and stays fast for a 2,415-page manual.
 *
 * Pages are stacked top to bottom, each centred horizontally, with @spacing pixels
 * between them and @spacing around the whole column. A page of W × H points is shown at
 * W·zoom × H·zoom logical pixels (zoom 1 = 1 point per logical pixel). The layout keeps
 * prefix sums of the page heights, so that finding the page at a position or the pages in
 * a viewport is a binary search (O(log n)), and changing the zoom is O(n) once. (In fact
 * O(1): positions are derived from the prefix sums in points, nothing is cached per zoom.)
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PlenumPageLayout PlenumPageLayout;

/* @n_pages ≥ 1 pages of @widths × @heights points (arrays of @n_pages values, > 0,
 * copied). */
PlenumPageLayout *plenum_page_layout_new          (guint          n_pages,
                                                   const double  *widths,
                                                   const double  *heights,
                                                   double         spacing);
void              plenum_page_layout_free         (PlenumPageLayout *self);

guint             plenum_page_layout_get_n_pages  (PlenumPageLayout *self);

/* Gives pages [@first, @first + @count) new sizes (@widths, @heights: @count values, > 0,
 * copied), as when a document's lazily measured sizes arrive. O(n) once. */
void              plenum_page_layout_set_page_sizes (PlenumPageLayout *self,
                                                     guint             first,
                                                     guint             count,
                                                     const double     *widths,
                                                     const double     *heights);

/* The zoom (logical pixels per point, > 0). Default 1. */
void              plenum_page_layout_set_zoom     (PlenumPageLayout *self,
                                                   double            zoom);
double            plenum_page_layout_get_zoom     (PlenumPageLayout *self);

/* The whole column's size at the current zoom: the widest page plus 2·spacing, and all
 * pages plus spacing between and around them. */
double            plenum_page_layout_get_width    (PlenumPageLayout *self);
double            plenum_page_layout_get_height   (PlenumPageLayout *self);

/* Where page @page (< n_pages) is, at the current zoom, in a column @view_width wide (the
 * page is centred in it when it is narrower; x is never below spacing otherwise). A
 * @view_width below plenum_page_layout_get_width() counts as that width: the page is
 * centred in the whole column, so that pages of different widths share their middle.
 * Any of the out pointers may be NULL. */
void              plenum_page_layout_get_page_rect (PlenumPageLayout *self,
                                                    guint             page,
                                                    double            view_width,
                                                    double           *x,
                                                    double           *y,
                                                    double           *width,
                                                    double           *height);

/* The page at vertical position @y (the page whose box, or the spacing below it,
 * contains @y; clamped to the first and last page). */
guint             plenum_page_layout_page_at      (PlenumPageLayout *self,
                                                   double            y);

/* The pages that intersect [@y, @y + @height): *@first ≤ *@last. When none does (an
 * empty range, or one wholly in spacing or beyond either end), both are
 * plenum_page_layout_page_at (@y). */
void              plenum_page_layout_visible_range (PlenumPageLayout *self,
                                                    double            y,
                                                    double            height,
                                                    guint            *first,
                                                    guint            *last);

/* Zoom that fits the widest page (fit width) or page @page whole (fit page) into a view
 * of @view_width × @view_height, keeping spacing on each side; clamped to
 * [PLENUM_ZOOM_MIN, PLENUM_ZOOM_MAX] (plenum-gesture-math.h). */
double            plenum_page_layout_fit_width_zoom (PlenumPageLayout *self,
                                                     double            view_width);
double            plenum_page_layout_fit_page_zoom  (PlenumPageLayout *self,
                                                     guint             page,
                                                     double            view_width,
                                                     double            view_height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumPageLayout, plenum_page_layout_free)

G_END_DECLS
