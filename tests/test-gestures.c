/* test-gestures.c — the reader's arithmetic without GTK: the continuous page layout
 * (gui/plenum-page-layout.c) and the gesture maths (gui/plenum-gesture-math.c): zoom
 * about a point, pinch, double-tap, kinetic scrolling and the page-turning swipe.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "gui/plenum-gesture-math.h"
#include "gui/plenum-page-layout.h"

#include "plenum-test-util.h"

#define EPS 1e-9

/* Layout: a small document of mixed sizes ----------------------------------------------- */

/* Portrait A4, landscape A4, and a small portrait page, 10 px apart. At zoom 1 the pages
 * are at y = 10 (to 852), 862 (to 1457) and 1467 (to 1867); the column is 1877 tall and
 * 842 + 2·10 wide. */
static const double mixed_widths[] = { 595, 842, 300 };
static const double mixed_heights[] = { 842, 595, 400 };

static PlenumPageLayout *
mixed_layout_new (void)
{
  return plenum_page_layout_new (G_N_ELEMENTS (mixed_widths), mixed_widths, mixed_heights,
                                 10);
}

static void
assert_rect (PlenumPageLayout *layout,
             guint             page,
             double            view_width,
             double            x,
             double            y,
             double            width,
             double            height)
{
  double rx = -1, ry = -1, rw = -1, rh = -1;

  plenum_page_layout_get_page_rect (layout, page, view_width, &rx, &ry, &rw, &rh);
  g_test_message ("page %u in %g: %g,%g %g×%g", page, view_width, rx, ry, rw, rh);
  g_assert_cmpfloat_with_epsilon (rx, x, EPS);
  g_assert_cmpfloat_with_epsilon (ry, y, EPS);
  g_assert_cmpfloat_with_epsilon (rw, width, EPS);
  g_assert_cmpfloat_with_epsilon (rh, height, EPS);
}

static void
assert_visible (PlenumPageLayout *layout,
                double            y,
                double            height,
                guint             first,
                guint             last)
{
  guint f = G_MAXUINT, l = G_MAXUINT;

  plenum_page_layout_visible_range (layout, y, height, &f, &l);
  g_test_message ("visible [%g, %g): %u–%u", y, y + height, f, l);
  g_assert_cmpuint (f, ==, first);
  g_assert_cmpuint (l, ==, last);
}

static void
test_layout_mixed_rects (void)
{
  g_autoptr(PlenumPageLayout) layout = mixed_layout_new ();

  g_assert_cmpuint (plenum_page_layout_get_n_pages (layout), ==, 3);
  g_assert_cmpfloat (plenum_page_layout_get_zoom (layout), ==, 1.0);
  g_assert_cmpfloat_with_epsilon (plenum_page_layout_get_width (layout), 862, EPS);
  g_assert_cmpfloat_with_epsilon (plenum_page_layout_get_height (layout), 1877, EPS);

  /* A view wider than the column: each page centred in it. */
  assert_rect (layout, 0, 1000, 202.5, 10, 595, 842);
  assert_rect (layout, 1, 1000, 79, 862, 842, 595);
  assert_rect (layout, 2, 1000, 350, 1467, 300, 400);

  /* A view narrower than the column: the widest page keeps its spacing, the others are
   * centred on the column's middle, not the view's. */
  assert_rect (layout, 1, 500, 10, 862, 842, 595);
  assert_rect (layout, 0, 500, 133.5, 10, 595, 842);

  /* Barely wider than the widest page: never closer than spacing to the edge. */
  assert_rect (layout, 1, 850, 10, 862, 842, 595);

  /* Zoom scales the pages, not the spacing. */
  plenum_page_layout_set_zoom (layout, 2.0);
  g_assert_cmpfloat (plenum_page_layout_get_zoom (layout), ==, 2.0);
  g_assert_cmpfloat_with_epsilon (plenum_page_layout_get_width (layout), 1704, EPS);
  g_assert_cmpfloat_with_epsilon (plenum_page_layout_get_height (layout),
                                  40 + 2 * 1837, EPS);
  assert_rect (layout, 0, 2000, 405, 10, 1190, 1684);
  assert_rect (layout, 1, 2000, 158, 1704, 1684, 1190);
  assert_rect (layout, 2, 2000, 700, 2904, 600, 800);

  /* And back: nothing stale. */
  plenum_page_layout_set_zoom (layout, 1.0);
  assert_rect (layout, 2, 1000, 350, 1467, 300, 400);
  g_assert_cmpfloat_with_epsilon (plenum_page_layout_get_height (layout), 1877, EPS);
}

static void
test_layout_mixed_page_at (void)
{
  g_autoptr(PlenumPageLayout) layout = mixed_layout_new ();
  struct
  {
    double y;
    guint  page;
  } cases[] = {
    { -1e9, 0 },     /* above the column: clamped */
    { -100, 0 },
    { 0, 0 },        /* the top spacing */
    { 9.5, 0 },
    { 10, 0 },       /* the first page's top edge */
    { 851.5, 0 },
    { 852, 0 },      /* the spacing below page 0 belongs to page 0 */
    { 861.5, 0 },
    { 862, 1 },      /* page 1's top edge */
    { 1000, 1 },
    { 1466.5, 1 },
    { 1467, 2 },
    { 1866.5, 2 },
    { 1877, 2 },     /* the column's bottom */
    { 1e9, 2 },      /* below the column: clamped */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("page_at (%g)", cases[i].y);
      g_assert_cmpuint (plenum_page_layout_page_at (layout, cases[i].y), ==, cases[i].page);
    }

  /* The edges are exact: one ulp above page 1's top is still page 0. */
  g_assert_cmpuint (plenum_page_layout_page_at (layout, nextafter (862, 0)), ==, 0);
  g_assert_cmpuint (plenum_page_layout_page_at (layout, INFINITY), ==, 2);
  g_assert_cmpuint (plenum_page_layout_page_at (layout, -INFINITY), ==, 0);

  /* At another zoom the edges move with the pages. */
  plenum_page_layout_set_zoom (layout, 0.5);
  g_assert_cmpuint (plenum_page_layout_page_at (layout, 10 + 421 + 10 - 0.5), ==, 0);
  g_assert_cmpuint (plenum_page_layout_page_at (layout, 10 + 421 + 10), ==, 1);
}

static void
test_layout_mixed_visible_range (void)
{
  g_autoptr(PlenumPageLayout) layout = mixed_layout_new ();

  /* Top. */
  assert_visible (layout, 0, 500, 0, 0);
  assert_visible (layout, 0, 862, 0, 0);    /* ends exactly where page 1 starts */
  assert_visible (layout, 0, 863, 0, 1);
  /* Middle: from the end of page 0 into page 2. */
  assert_visible (layout, 800, 700, 0, 2);
  assert_visible (layout, 852, 700, 1, 2);  /* starts exactly where page 0 ends */
  assert_visible (layout, 900, 100, 1, 1);
  /* Only spacing: the page above it, as page_at() says. */
  assert_visible (layout, 853, 5, 0, 0);
  assert_visible (layout, 1458, 5, 1, 1);
  assert_visible (layout, 855, 100, 1, 1);
  /* Bottom. */
  assert_visible (layout, 1400, 477, 1, 2);
  assert_visible (layout, 1500, 500, 2, 2);
  /* Everything. */
  assert_visible (layout, 0, 1877, 0, 2);
  assert_visible (layout, -1000, 5000, 0, 2);
  /* Beyond the ends. */
  assert_visible (layout, -500, 100, 0, 0);
  assert_visible (layout, -500, 600, 0, 0);
  assert_visible (layout, 1868, 100, 2, 2);
  assert_visible (layout, 5000, 100, 2, 2);
  /* An empty range. */
  assert_visible (layout, 900, 0, 1, 1);

  /* Zoomed out, the whole document fits in a smaller view. */
  plenum_page_layout_set_zoom (layout, 0.25);
  assert_visible (layout, 0, 500, 0, 2);
  assert_visible (layout, 0, 240, 0, 1);
}

static void
test_layout_fit_zoom (void)
{
  g_autoptr(PlenumPageLayout) layout = mixed_layout_new ();

  /* Fit width fits the widest page (the landscape one) with spacing on both sides. */
  g_assert_cmpfloat_with_epsilon (plenum_page_layout_fit_width_zoom (layout, 862), 1.0, EPS);
  g_assert_cmpfloat_with_epsilon (plenum_page_layout_fit_width_zoom (layout, 1704), 2.0, EPS);
  plenum_page_layout_set_zoom (layout, plenum_page_layout_fit_width_zoom (layout, 1704));
  g_assert_cmpfloat_with_epsilon (plenum_page_layout_get_width (layout), 1704, EPS);

  /* Fit page: the tighter of the two directions, for the page asked about. */
  g_assert_cmpfloat_with_epsilon (plenum_page_layout_fit_page_zoom (layout, 0, 1000, 500),
                                  480.0 / 842, EPS);
  g_assert_cmpfloat_with_epsilon (plenum_page_layout_fit_page_zoom (layout, 1, 1000, 500),
                                  480.0 / 595, EPS);
  g_assert_cmpfloat_with_epsilon (plenum_page_layout_fit_page_zoom (layout, 1, 500, 1000),
                                  480.0 / 842, EPS);
  g_assert_cmpfloat_with_epsilon (plenum_page_layout_fit_page_zoom (layout, 2, 620, 1000),
                                  2.0, EPS);

  /* A view too small (or huge) for any sensible zoom gives the limits. */
  g_assert_cmpfloat (plenum_page_layout_fit_width_zoom (layout, 10), ==, PLENUM_ZOOM_MIN);
  g_assert_cmpfloat (plenum_page_layout_fit_width_zoom (layout, 1e6), ==, PLENUM_ZOOM_MAX);
  g_assert_cmpfloat (plenum_page_layout_fit_page_zoom (layout, 0, 1e6, 1e6), ==,
                     PLENUM_ZOOM_MAX);
}

/* Layout: a long document ---------------------------------------------------------------- */

#define LARGE_N_PAGES 5000
#define LARGE_SPACING 12.0

/* The page whose box or spacing below contains @y, by walking every page. */
static guint
linear_page_at (const double *tops,
                guint         n_pages,
                double        y)
{
  guint page = 0;

  for (guint i = 0; i < n_pages; i++)
    if (tops[i] <= y)
      page = i;
  return page;
}

static void
linear_visible_range (const double *tops,
                      const double *bottoms,
                      guint         n_pages,
                      double        y,
                      double        height,
                      guint        *first,
                      guint        *last)
{
  gboolean any = FALSE;

  for (guint i = 0; i < n_pages; i++)
    {
      if (tops[i] < y + height && bottoms[i] > y)
        {
          if (!any)
            *first = i;
          *last = i;
          any = TRUE;
        }
    }
  if (!any)
    *first = *last = linear_page_at (tops, n_pages, y);
}

static void
test_layout_large (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260527);
  g_autofree double *widths = g_new (double, LARGE_N_PAGES);
  g_autofree double *heights = g_new (double, LARGE_N_PAGES);
  g_autofree double *tops = g_new (double, LARGE_N_PAGES);
  g_autofree double *bottoms = g_new (double, LARGE_N_PAGES);
  g_autoptr(PlenumPageLayout) layout = NULL;
  double total, sum = 0;
  guint checked = 0;

  /* Mostly A4 portrait, with landscape pages and odd sizes (a scanned annex) mixed in. */
  for (guint i = 0; i < LARGE_N_PAGES; i++)
    {
      switch (g_rand_int_range (rand, 0, 4))
        {
          case 0:
            widths[i] = 842;
            heights[i] = 595;
            break;
          case 1:
            widths[i] = g_rand_double_range (rand, 100, 1500);
            heights[i] = g_rand_double_range (rand, 50, 2000);
            break;
          default:
            widths[i] = 595;
            heights[i] = 842;
            break;
        }
      sum += heights[i];
    }

  layout = plenum_page_layout_new (LARGE_N_PAGES, widths, heights, LARGE_SPACING);
  g_assert_nonnull (layout);
  g_assert_cmpuint (plenum_page_layout_get_n_pages (layout), ==, LARGE_N_PAGES);
  plenum_page_layout_set_zoom (layout, 0.73);

  total = plenum_page_layout_get_height (layout);
  g_assert_cmpfloat_with_epsilon (total, 0.73 * sum + LARGE_SPACING * (LARGE_N_PAGES + 1),
                                  1e-6);

  /* The rectangles stack: each page starts one spacing below the previous one. */
  for (guint i = 0; i < LARGE_N_PAGES; i++)
    {
      double h;

      plenum_page_layout_get_page_rect (layout, i, 1000, NULL, &tops[i], NULL, &h);
      bottoms[i] = tops[i] + h;
      g_assert_cmpfloat_with_epsilon (h, heights[i] * 0.73, 1e-9);
      if (i == 0)
        g_assert_cmpfloat_with_epsilon (tops[i], LARGE_SPACING, 1e-9);
      else
        g_assert_cmpfloat_with_epsilon (tops[i], bottoms[i - 1] + LARGE_SPACING, 1e-6);
    }
  g_assert_cmpfloat_with_epsilon (total, bottoms[LARGE_N_PAGES - 1] + LARGE_SPACING, 1e-6);

  /* Every page's top edge is exactly where it begins. */
  for (guint i = 0; i < LARGE_N_PAGES; i++)
    {
      g_assert_cmpuint (plenum_page_layout_page_at (layout, tops[i]), ==, i);
      if (i > 0)
        g_assert_cmpuint (plenum_page_layout_page_at (layout, nextafter (tops[i], 0)), ==,
                          i - 1);
    }

  /* 100,000 lookups across (and a little beyond) the column: each answer is checked to
   * contain its position, and one in 50 against a walk over all pages. */
  for (guint n = 0; n < 100000; n++)
    {
      double y = g_rand_double_range (rand, -100, total + 100);
      guint page = plenum_page_layout_page_at (layout, y);

      g_assert_cmpuint (page, <, LARGE_N_PAGES);
      if (page > 0)
        g_assert_cmpfloat (tops[page], <=, y);
      if (page + 1 < LARGE_N_PAGES)
        g_assert_cmpfloat (y, <, tops[page + 1]);

      if (n % 50 == 0)
        {
          guint first, last, want_first = 0, want_last = 0;
          double height = g_rand_double_range (rand, 0, 3000);

          g_assert_cmpuint (page, ==, linear_page_at (tops, LARGE_N_PAGES, y));

          plenum_page_layout_visible_range (layout, y, height, &first, &last);
          linear_visible_range (tops, bottoms, LARGE_N_PAGES, y, height, &want_first,
                                &want_last);
          g_assert_cmpuint (first, ==, want_first);
          g_assert_cmpuint (last, ==, want_last);
          checked++;
        }
    }
  g_assert_cmpuint (checked, ==, 2000);

  /* A zoom change moves every page: the last one's top follows the new zoom. */
  plenum_page_layout_set_zoom (layout, 1.5);
  {
    double y, h;

    plenum_page_layout_get_page_rect (layout, LARGE_N_PAGES - 1, 1000, NULL, &y, NULL, &h);
    g_assert_cmpfloat_with_epsilon (y + h + LARGE_SPACING,
                                    1.5 * sum + LARGE_SPACING * (LARGE_N_PAGES + 1), 1e-6);
    g_assert_cmpuint (plenum_page_layout_page_at (layout, y), ==, LARGE_N_PAGES - 1);
    g_assert_cmpuint (plenum_page_layout_page_at (layout, nextafter (y, 0)), ==,
                      LARGE_N_PAGES - 2);
  }
}

/* Zoom about a point and pinch ------------------------------------------------------------ */

static void
test_zoom_clamp (void)
{
  g_assert_cmpfloat (plenum_zoom_clamp (0.01), ==, PLENUM_ZOOM_MIN);
  g_assert_cmpfloat (plenum_zoom_clamp (-3), ==, PLENUM_ZOOM_MIN);
  g_assert_cmpfloat (plenum_zoom_clamp (100), ==, PLENUM_ZOOM_MAX);
  g_assert_cmpfloat (plenum_zoom_clamp (INFINITY), ==, PLENUM_ZOOM_MAX);
  g_assert_cmpfloat (plenum_zoom_clamp (1.5), ==, 1.5);
  g_assert_cmpfloat (plenum_zoom_clamp (PLENUM_ZOOM_MIN), ==, PLENUM_ZOOM_MIN);
  g_assert_cmpfloat (plenum_zoom_clamp (PLENUM_ZOOM_MAX), ==, PLENUM_ZOOM_MAX);
  g_assert_cmpfloat (plenum_zoom_clamp (NAN), ==, 1.0);
}

static void
test_zoom_about_point (void)
{
  struct
  {
    double old_zoom, new_zoom, scroll_x, scroll_y, focus_x, focus_y;
  } cases[] = {
    { 1.5, 2.5, 120, 3400, 200, 300 },   /* zoom in */
    { 2.0, 0.5, 800, 9000, 640, 10 },    /* zoom out */
    { 1.0, 8.0, 0, 0, 0, 0 },            /* about the origin: nothing moves */
    { 1.0, 3.0, -50, -20, 400, 700 },    /* the column's margin shown */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double sx = NAN, sy = NAN;
      double doc_x, doc_y;

      plenum_zoom_about_point (cases[i].old_zoom, cases[i].new_zoom, cases[i].scroll_x,
                               cases[i].scroll_y, cases[i].focus_x, cases[i].focus_y, &sx,
                               &sy);
      g_test_message ("case %" G_GSIZE_FORMAT ": scroll %g,%g", i, sx, sy);

      /* The document point under the focus, before and after. */
      doc_x = (cases[i].scroll_x + cases[i].focus_x) / cases[i].old_zoom;
      doc_y = (cases[i].scroll_y + cases[i].focus_y) / cases[i].old_zoom;
      g_assert_cmpfloat_with_epsilon ((sx + cases[i].focus_x) / cases[i].new_zoom, doc_x, 1e-9);
      g_assert_cmpfloat_with_epsilon ((sy + cases[i].focus_y) / cases[i].new_zoom, doc_y, 1e-9);
    }

  /* The scroll offsets do change when the focus is not at the origin. */
  {
    double sx, sy;

    plenum_zoom_about_point (1, 2, 100, 100, 50, 50, &sx, &sy);
    g_assert_cmpfloat_with_epsilon (sx, 250, EPS);
    g_assert_cmpfloat_with_epsilon (sy, 250, EPS);
  }
}

static void
test_pinch (void)
{
  PlenumPinch pinch;
  double zoom = 0, sx = NAN, sy = NAN;

  plenum_pinch_begin (&pinch, 1.0, 100, 200, 300, 400);

  /* Fingers twice as far apart about the same centre: zoom 2, the document point
   * (400, 600) still under (300, 400). */
  plenum_pinch_update (&pinch, 2.0, 300, 400, &zoom, &sx, &sy);
  g_assert_cmpfloat_with_epsilon (zoom, 2.0, EPS);
  g_assert_cmpfloat_with_epsilon (sx, 500, EPS);
  g_assert_cmpfloat_with_epsilon (sy, 800, EPS);
  g_assert_cmpfloat_with_epsilon ((sx + 300) / zoom, 400, EPS);
  g_assert_cmpfloat_with_epsilon ((sy + 400) / zoom, 600, EPS);

  /* Back to scale 1: where it began (computed from the start, no drift). */
  plenum_pinch_update (&pinch, 1.0, 300, 400, &zoom, &sx, &sy);
  g_assert_cmpfloat_with_epsilon (zoom, 1.0, EPS);
  g_assert_cmpfloat_with_epsilon (sx, 100, EPS);
  g_assert_cmpfloat_with_epsilon (sy, 200, EPS);

  /* Two fingers moving together: a pan that follows them. */
  plenum_pinch_update (&pinch, 1.0, 350, 380, &zoom, &sx, &sy);
  g_assert_cmpfloat_with_epsilon (zoom, 1.0, EPS);
  g_assert_cmpfloat_with_epsilon (sx, 50, EPS);
  g_assert_cmpfloat_with_epsilon (sy, 220, EPS);

  /* Zoom and pan at once: the start point is under the new centre. */
  plenum_pinch_update (&pinch, 1.5, 250, 500, &zoom, &sx, &sy);
  g_assert_cmpfloat_with_epsilon (zoom, 1.5, EPS);
  g_assert_cmpfloat_with_epsilon ((sx + 250) / zoom, 400, EPS);
  g_assert_cmpfloat_with_epsilon ((sy + 500) / zoom, 600, EPS);

  /* Clamped at the top, and the focal point follows the clamped zoom, not the scale. */
  plenum_pinch_begin (&pinch, 4.0, 1000, 2000, 100, 100);
  plenum_pinch_update (&pinch, 5.0, 100, 100, &zoom, &sx, &sy);
  g_assert_cmpfloat (zoom, ==, PLENUM_ZOOM_MAX);
  g_assert_cmpfloat_with_epsilon ((sx + 100) / zoom, 1100 / 4.0, EPS);
  g_assert_cmpfloat_with_epsilon ((sy + 100) / zoom, 2100 / 4.0, EPS);

  /* And at the bottom. */
  plenum_pinch_begin (&pinch, 0.5, 10, 20, 30, 40);
  plenum_pinch_update (&pinch, 0.01, 30, 40, &zoom, &sx, &sy);
  g_assert_cmpfloat (zoom, ==, PLENUM_ZOOM_MIN);
  g_assert_cmpfloat_with_epsilon ((sx + 30) / zoom, 40 / 0.5, EPS);
  g_assert_cmpfloat_with_epsilon ((sy + 40) / zoom, 60 / 0.5, EPS);
}

static void
test_double_tap (void)
{
  /* At fit width (or within 1 % of it): in to twice that. */
  g_assert_cmpfloat_with_epsilon (plenum_double_tap_zoom (1.2, 1.2), 2.4, EPS);
  g_assert_cmpfloat_with_epsilon (plenum_double_tap_zoom (1.2 * 1.009, 1.2), 2.4, EPS);
  g_assert_cmpfloat_with_epsilon (plenum_double_tap_zoom (1.2 * 0.991, 1.2), 2.4, EPS);
  /* Anywhere else: back to fit width. */
  g_assert_cmpfloat_with_epsilon (plenum_double_tap_zoom (1.2 * 1.011, 1.2), 1.2, EPS);
  g_assert_cmpfloat_with_epsilon (plenum_double_tap_zoom (1.2 * 0.989, 1.2), 1.2, EPS);
  g_assert_cmpfloat_with_epsilon (plenum_double_tap_zoom (2.4, 1.2), 1.2, EPS);
  g_assert_cmpfloat_with_epsilon (plenum_double_tap_zoom (0.3, 1.2), 1.2, EPS);
  /* Twice fit width is clamped. */
  g_assert_cmpfloat (plenum_double_tap_zoom (5.0, 5.0), ==, PLENUM_ZOOM_MAX);

  /* Tapping twice comes back. */
  g_assert_cmpfloat_with_epsilon (plenum_double_tap_zoom (plenum_double_tap_zoom (0.8, 0.8),
                                                          0.8),
                                  0.8, EPS);
}

/* Kinetic scrolling ------------------------------------------------------------------------ */

/* Steps @kinetic at 60 frames a second until it stops (at most 10 s), checking that it
 * moves one way, slower every frame; returns the last position. */
static double
run_kinetic (const PlenumKinetic *kinetic,
             double               direction)
{
  double prev = kinetic->position, prev_step = INFINITY, position = NAN;
  gboolean moving = TRUE;
  guint frame;

  for (frame = 1; moving && frame <= 600; frame++)
    {
      double step;

      moving = plenum_kinetic_at (kinetic, frame / 60.0, &position);
      step = (position - prev) * direction;
      g_assert_cmpfloat (step, >=, 0);
      if (moving)
        {
          g_assert_cmpfloat (step, >, 0);
          g_assert_cmpfloat (step, <, prev_step);
        }
      prev_step = step;
      prev = position;
    }
  g_assert_false (moving);
  g_test_message ("stopped after %u frames at %g", frame - 1, position);

  return position;
}

static void
test_kinetic_positive (void)
{
  PlenumKinetic kinetic;
  double position = NAN, rest, end, t_stop;

  plenum_kinetic_init (&kinetic, 100, 2000);
  g_assert_cmpfloat (kinetic.friction, ==, PLENUM_KINETIC_FRICTION);
  g_assert_cmpfloat (kinetic.stop_speed, ==, PLENUM_KINETIC_STOP_SPEED);

  /* At the start: where it was, moving at the flick's speed. */
  g_assert_true (plenum_kinetic_at (&kinetic, 0, &position));
  g_assert_cmpfloat_with_epsilon (position, 100, EPS);
  g_assert_true (plenum_kinetic_at (&kinetic, 1e-6, &position));
  g_assert_cmpfloat_with_epsilon ((position - 100) / 1e-6, 2000, 0.1);

  /* Exponential friction: x(t) = x0 + v0/k·(1 − e^(−kt)). */
  g_assert_true (plenum_kinetic_at (&kinetic, 0.5, &position));
  g_assert_cmpfloat_with_epsilon (position, 100 + 2000 / 4.0 * (1 - exp (-2.0)), 1e-9);

  /* It stops when the speed falls to 20 px/s, i.e. after ln(100)/4 s, at
   * x0 + (v0 − 20)/k. */
  rest = plenum_kinetic_rest (&kinetic);
  g_assert_cmpfloat_with_epsilon (rest, 100 + (2000 - 20) / 4.0, 1e-9);
  t_stop = log (100) / 4;
  g_assert_true (plenum_kinetic_at (&kinetic, t_stop - 0.01, &position));
  g_assert_cmpfloat (position, <, rest);
  g_assert_false (plenum_kinetic_at (&kinetic, t_stop + 0.01, &position));
  g_assert_cmpfloat_with_epsilon (position, rest, 1e-9);

  /* Frame by frame: monotone, decelerating, at rest where rest() says. */
  end = run_kinetic (&kinetic, +1);
  g_assert_cmpfloat_with_epsilon (end, rest, 1e-9);

  /* The limit: long after, still exactly there. */
  g_assert_false (plenum_kinetic_at (&kinetic, 3600, &position));
  g_assert_cmpfloat_with_epsilon (position, rest, 1e-9);
}

static void
test_kinetic_negative (void)
{
  PlenumKinetic kinetic;
  double position = NAN, rest, end;

  plenum_kinetic_init (&kinetic, 100, -3000);
  rest = plenum_kinetic_rest (&kinetic);
  g_assert_cmpfloat_with_epsilon (rest, 100 - (3000 - 20) / 4.0, 1e-9);

  g_assert_true (plenum_kinetic_at (&kinetic, 0.1, &position));
  g_assert_cmpfloat (position, <, 100);
  g_assert_cmpfloat (position, >, rest);

  end = run_kinetic (&kinetic, -1);
  g_assert_cmpfloat_with_epsilon (end, rest, 1e-9);
  g_assert_false (plenum_kinetic_at (&kinetic, 1e6, &position));
  g_assert_cmpfloat_with_epsilon (position, rest, 1e-9);
}

static void
test_kinetic_at_rest (void)
{
  PlenumKinetic kinetic;
  double position = NAN;

  /* No flick: nothing moves, ever. */
  plenum_kinetic_init (&kinetic, 250, 0);
  g_assert_false (plenum_kinetic_at (&kinetic, 0, &position));
  g_assert_cmpfloat (position, ==, 250);
  g_assert_false (plenum_kinetic_at (&kinetic, 1, &position));
  g_assert_cmpfloat (position, ==, 250);
  g_assert_cmpfloat (plenum_kinetic_rest (&kinetic), ==, 250);

  /* Slower than the stop speed: already at rest too. */
  plenum_kinetic_init (&kinetic, 250, -15);
  g_assert_false (plenum_kinetic_at (&kinetic, 0.5, &position));
  g_assert_cmpfloat (position, ==, 250);
  g_assert_cmpfloat (plenum_kinetic_rest (&kinetic), ==, 250);

  /* Just faster: it moves, a little. */
  plenum_kinetic_init (&kinetic, 250, 40);
  g_assert_true (plenum_kinetic_at (&kinetic, 0.01, &position));
  g_assert_cmpfloat (position, >, 250);
  g_assert_cmpfloat_with_epsilon (plenum_kinetic_rest (&kinetic), 250 + 20 / 4.0, 1e-9);
}

/* Swipe ------------------------------------------------------------------------------------ */

static void
test_swipe (void)
{
  /* A third of 900 px is 300 px. Slow drags: the distance decides. */
  g_assert_cmpint (plenum_swipe_page_delta (-299, 0, 900), ==, 0);
  g_assert_cmpint (plenum_swipe_page_delta (-301, 0, 900), ==, 1);
  g_assert_cmpint (plenum_swipe_page_delta (-301, -100, 900), ==, 1);
  g_assert_cmpint (plenum_swipe_page_delta (299, 0, 900), ==, 0);
  g_assert_cmpint (plenum_swipe_page_delta (301, 0, 900), ==, -1);
  g_assert_cmpint (plenum_swipe_page_delta (301, 100, 900), ==, -1);
  g_assert_cmpint (plenum_swipe_page_delta (-299, -399, 900), ==, 0);
  g_assert_cmpint (plenum_swipe_page_delta (299, 399, 900), ==, 0);

  /* Flicks: faster than 400 px/s over at least 20 px. */
  g_assert_cmpint (plenum_swipe_page_delta (-25, -401, 900), ==, 1);
  g_assert_cmpint (plenum_swipe_page_delta (-25, -399, 900), ==, 0);
  g_assert_cmpint (plenum_swipe_page_delta (25, 401, 900), ==, -1);
  g_assert_cmpint (plenum_swipe_page_delta (25, 399, 900), ==, 0);
  g_assert_cmpint (plenum_swipe_page_delta (-20, -2000, 900), ==, 1);
  g_assert_cmpint (plenum_swipe_page_delta (20, 2000, 900), ==, -1);

  /* Tiny movements, however fast, are taps or jitter. */
  g_assert_cmpint (plenum_swipe_page_delta (-19, -2000, 900), ==, 0);
  g_assert_cmpint (plenum_swipe_page_delta (19, 2000, 900), ==, 0);
  g_assert_cmpint (plenum_swipe_page_delta (0, 0, 900), ==, 0);
  g_assert_cmpint (plenum_swipe_page_delta (0, -5000, 900), ==, 0);

  /* A flick against the drag's direction does not turn the page by itself. */
  g_assert_cmpint (plenum_swipe_page_delta (-100, 1000, 900), ==, 0);
  g_assert_cmpint (plenum_swipe_page_delta (100, -1000, 900), ==, 0);

  /* The threshold follows the width. */
  g_assert_cmpint (plenum_swipe_page_delta (-150, 0, 300), ==, 1);
  g_assert_cmpint (plenum_swipe_page_delta (-150, 0, 600), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/gestures/layout/mixed-rects", test_layout_mixed_rects);
  g_test_add_func ("/plenum/gestures/layout/mixed-page-at", test_layout_mixed_page_at);
  g_test_add_func ("/plenum/gestures/layout/mixed-visible-range",
                   test_layout_mixed_visible_range);
  g_test_add_func ("/plenum/gestures/layout/fit-zoom", test_layout_fit_zoom);
  g_test_add_func ("/plenum/gestures/layout/large", test_layout_large);
  g_test_add_func ("/plenum/gestures/zoom-clamp", test_zoom_clamp);
  g_test_add_func ("/plenum/gestures/zoom-about-point", test_zoom_about_point);
  g_test_add_func ("/plenum/gestures/pinch", test_pinch);
  g_test_add_func ("/plenum/gestures/double-tap", test_double_tap);
  g_test_add_func ("/plenum/gestures/kinetic/positive", test_kinetic_positive);
  g_test_add_func ("/plenum/gestures/kinetic/negative", test_kinetic_negative);
  g_test_add_func ("/plenum/gestures/kinetic/at-rest", test_kinetic_at_rest);
  g_test_add_func ("/plenum/gestures/swipe", test_swipe);

  return g_test_run ();
}
