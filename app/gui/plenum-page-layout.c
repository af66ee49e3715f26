/* plenum-page-layout.c — the reader's continuous column of pages. See
 * plenum-page-layout.h.
 *
 * Only the page sizes in points and their prefix sums are stored; every position at the
 * current zoom is derived from them by one formula (page_top()), so page_at(), the page
 * rectangles and visible_range() can never disagree with each other, and there is no
 * cached state that a zoom change could leave stale.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-page-layout"

#include <math.h>
#include <string.h>

#include "plenum-gesture-math.h"
#include "plenum-page-layout.h"

struct _PlenumPageLayout
{
  guint   n_pages;
  double *widths;      /* n_pages, in points */
  double *heights;     /* n_pages, in points */
  double *prefix;      /* n_pages + 1: prefix[i] = heights[0] + … + heights[i − 1] */
  double  max_width;   /* the widest page, in points */
  double  spacing;     /* logical pixels, not scaled by the zoom */
  double  zoom;
};

PlenumPageLayout *
plenum_page_layout_new (guint         n_pages,
                        const double *widths,
                        const double *heights,
                        double        spacing)
{
  PlenumPageLayout *self;

  g_return_val_if_fail (n_pages >= 1, NULL);
  g_return_val_if_fail (widths != NULL, NULL);
  g_return_val_if_fail (heights != NULL, NULL);
  g_return_val_if_fail (isfinite (spacing) && spacing >= 0, NULL);

  for (guint i = 0; i < n_pages; i++)
    {
      g_return_val_if_fail (isfinite (widths[i]) && widths[i] > 0, NULL);
      g_return_val_if_fail (isfinite (heights[i]) && heights[i] > 0, NULL);
    }

  self = g_new0 (PlenumPageLayout, 1);
  self->n_pages = n_pages;
  self->widths = g_memdup2 (widths, sizeof (double) * n_pages);
  self->heights = g_memdup2 (heights, sizeof (double) * n_pages);
  self->prefix = g_new (double, (gsize) n_pages + 1);
  self->spacing = spacing;
  self->zoom = 1.0;

  self->prefix[0] = 0.0;
  self->max_width = 0.0;
  for (guint i = 0; i < n_pages; i++)
    {
      self->prefix[i + 1] = self->prefix[i] + heights[i];
      self->max_width = MAX (self->max_width, widths[i]);
    }

  return self;
}

void
plenum_page_layout_free (PlenumPageLayout *self)
{
  if (self == NULL)
    return;

  g_free (self->widths);
  g_free (self->heights);
  g_free (self->prefix);
  g_free (self);
}

guint
plenum_page_layout_get_n_pages (PlenumPageLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_pages;
}

void
plenum_page_layout_set_page_sizes (PlenumPageLayout *self,
                                   guint             first,
                                   guint             count,
                                   const double     *widths,
                                   const double     *heights)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (first < self->n_pages && count <= self->n_pages - first);
  g_return_if_fail (count == 0 || (widths != NULL && heights != NULL));

  for (guint k = 0; k < count; k++)
    {
      g_return_if_fail (isfinite (widths[k]) && widths[k] > 0);
      g_return_if_fail (isfinite (heights[k]) && heights[k] > 0);
    }

  memcpy (self->widths + first, widths, sizeof (double) * count);
  memcpy (self->heights + first, heights, sizeof (double) * count);
  /* The sums change from @first on; the widest page may be any of them. */
  self->max_width = 0.0;
  for (guint i = 0; i < self->n_pages; i++)
    {
      if (i >= first)
        self->prefix[i + 1] = self->prefix[i] + self->heights[i];
      self->max_width = MAX (self->max_width, self->widths[i]);
    }
}

void
plenum_page_layout_set_zoom (PlenumPageLayout *self,
                             double            zoom)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (isfinite (zoom) && zoom > 0);

  self->zoom = zoom;
}

double
plenum_page_layout_get_zoom (PlenumPageLayout *self)
{
  g_return_val_if_fail (self != NULL, 1.0);

  return self->zoom;
}

/* The top of page @i (i ≤ n_pages; i = n_pages is where a page after the last would
 * start, i.e. the column's height). Strictly increasing in @i. */
static inline double
page_top (const PlenumPageLayout *self,
          guint                   i)
{
  return self->spacing * (double) (i + 1) + self->zoom * self->prefix[i];
}

double
plenum_page_layout_get_width (PlenumPageLayout *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return self->max_width * self->zoom + 2.0 * self->spacing;
}

double
plenum_page_layout_get_height (PlenumPageLayout *self)
{
  g_return_val_if_fail (self != NULL, 0.0);

  return page_top (self, self->n_pages);
}

void
plenum_page_layout_get_page_rect (PlenumPageLayout *self,
                                  guint             page,
                                  double            view_width,
                                  double           *x,
                                  double           *y,
                                  double           *width,
                                  double           *height)
{
  double w, column_width;

  g_return_if_fail (self != NULL);
  g_return_if_fail (page < self->n_pages);

  w = self->widths[page] * self->zoom;
  /* A view narrower than the column scrolls sideways over the whole column: centre the
   * page in the column then, so that pages of different widths still line up on their
   * middles. The column is at least the page plus spacing on each side, so x is never
   * below spacing. */
  column_width = plenum_page_layout_get_width (self);
  if (isfinite (view_width) && view_width > column_width)
    column_width = view_width;

  if (x != NULL)
    *x = (column_width - w) / 2.0;
  if (y != NULL)
    *y = page_top (self, page);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = self->heights[page] * self->zoom;
}

/* The last page whose top is at or above @y; 0 when @y is above the first page. */
static guint
last_page_starting_at_or_before (const PlenumPageLayout *self,
                                 double                  y)
{
  guint lo = 0, hi = self->n_pages;

  /* Invariant: pages < lo start at or above y; pages ≥ hi start below it. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (page_top (self, mid) <= y)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo == 0 ? 0 : lo - 1;
}

/* The first page whose bottom edge is below @y (n_pages when there is none). */
static guint
first_page_ending_after (const PlenumPageLayout *self,
                         double                  y)
{
  guint lo = 0, hi = self->n_pages;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      double bottom = page_top (self, mid) + self->heights[mid] * self->zoom;

      if (bottom <= y)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

guint
plenum_page_layout_page_at (PlenumPageLayout *self,
                            double            y)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (!isnan (y), 0);

  return last_page_starting_at_or_before (self, y);
}

void
plenum_page_layout_visible_range (PlenumPageLayout *self,
                                  double            y,
                                  double            height,
                                  guint            *first,
                                  guint            *last)
{
  guint lo, hi;
  gboolean empty = FALSE;

  g_return_if_fail (self != NULL);
  g_return_if_fail (!isnan (y) && !isnan (height) && !isnan (y + height));
  g_return_if_fail (first != NULL && last != NULL);

  /* Page i intersects [y, y + height) iff its bottom is below y and its top above
   * y + height; both edges grow with i, so each end of the range is a binary search. */
  lo = first_page_ending_after (self, y);
  hi = last_page_starting_at_or_before (self, y + height);
  if (page_top (self, hi) >= y + height)
    {
      /* Page hi starts exactly at or below the end of the range: not in it. */
      if (hi == 0)
        empty = TRUE;
      else
        hi--;
    }

  if (empty || height <= 0 || lo > hi)
    {
      /* No page intersects (an empty range, or one entirely in spacing or beyond the
       * ends): the page the range's top belongs to, as page_at() says. */
      lo = hi = plenum_page_layout_page_at (self, y);
    }

  *first = lo;
  *last = hi;
}

double
plenum_page_layout_fit_width_zoom (PlenumPageLayout *self,
                                   double            view_width)
{
  g_return_val_if_fail (self != NULL, 1.0);

  return plenum_zoom_clamp ((view_width - 2.0 * self->spacing) / self->max_width);
}

double
plenum_page_layout_fit_page_zoom (PlenumPageLayout *self,
                                  guint             page,
                                  double            view_width,
                                  double            view_height)
{
  double zoom_x, zoom_y;

  g_return_val_if_fail (self != NULL, 1.0);
  g_return_val_if_fail (page < self->n_pages, 1.0);

  zoom_x = (view_width - 2.0 * self->spacing) / self->widths[page];
  zoom_y = (view_height - 2.0 * self->spacing) / self->heights[page];

  return plenum_zoom_clamp (MIN (zoom_x, zoom_y));
}
