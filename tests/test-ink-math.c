/* test-ink-math.c — the geometry of annotating, without GTK: page ↔ view transforms under
 * zoom and rotation, stroke capture (thinning, smoothing, pressure, the point cap),
 * simplification, hit testing, and the highlighter snapped to text lines.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "gui/plenum-ink-math.h"

#include <math.h>

#define DOC_ID    "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
#define AUTHOR_ID "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
#define SHA_ONE   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static void
test_transform (void)
{
  /* An A4 page (595 × 842 pt) at 2 px/pt, drawn at (100, 50). */
  PlenumPageTransform t = { 595, 842, 2, 100, 50, 0 };
  static const int rotations[] = { 0, 90, 180, 270, -90, 450 };
  double vx, vy, px, py;

  plenum_page_transform_to_view (&t, 0, 0, &vx, &vy);
  g_assert_cmpfloat (vx, ==, 100);
  g_assert_cmpfloat (vy, ==, 50);
  plenum_page_transform_to_view (&t, 595, 842, &vx, &vy);
  g_assert_cmpfloat (vx, ==, 100 + 1190);
  g_assert_cmpfloat (vy, ==, 50 + 1684);

  /* A quarter turn clockwise: the page's top-left corner goes to the top-right of the
   * drawn (landscape) box, its bottom-left to the top-left. */
  t.rotation = 90;
  plenum_page_transform_to_view (&t, 0, 0, &vx, &vy);
  g_assert_cmpfloat (vx, ==, 100 + 842 * 2);
  g_assert_cmpfloat (vy, ==, 50);
  plenum_page_transform_to_view (&t, 0, 842, &vx, &vy);
  g_assert_cmpfloat (vx, ==, 100);
  g_assert_cmpfloat (vy, ==, 50);
  t.rotation = 180;
  plenum_page_transform_to_view (&t, 0, 0, &vx, &vy);
  g_assert_cmpfloat (vx, ==, 100 + 1190);
  g_assert_cmpfloat (vy, ==, 50 + 1684);
  t.rotation = 270;
  plenum_page_transform_to_view (&t, 0, 0, &vx, &vy);
  g_assert_cmpfloat (vx, ==, 100);
  g_assert_cmpfloat (vy, ==, 50 + 595 * 2);

  /* Every rotation (and zoom) goes there and back. */
  for (guint r = 0; r < G_N_ELEMENTS (rotations); r++)
    for (double scale = 0.25; scale <= 8; scale *= 2)
      {
        t.rotation = rotations[r];
        t.scale = scale;
        plenum_page_transform_to_view (&t, 123.5, 456.25, &vx, &vy);
        plenum_page_transform_to_page (&t, vx, vy, &px, &py);
        g_assert_cmpfloat_with_epsilon (px, 123.5, 1e-9);
        g_assert_cmpfloat_with_epsilon (py, 456.25, 1e-9);
      }
}

static void
test_stroke_capture (void)
{
  g_autoptr(PlenumStrokeBuilder) builder = plenum_stroke_builder_new (0.5);
  g_autofree PlenumInkPoint *done = NULL;
  const PlenumInkPoint *points;
  guint n;

  /* The first sample is kept as it came; a device without pressure gives 1. */
  g_assert_true (plenum_stroke_builder_add (builder, 10, 10, -1));
  points = plenum_stroke_builder_get_points (builder, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat (points[0].pressure, ==, 1);

  /* A pen held still adds nothing; a pressure change moves the last point's pressure. */
  g_assert_false (plenum_stroke_builder_add (builder, 10.1, 10.1, 1));
  g_assert_true (plenum_stroke_builder_add (builder, 10.1, 10.1, 0.5));
  points = plenum_stroke_builder_get_points (builder, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpfloat (points[0].pressure, ==, 0.5);
  g_assert_false (plenum_stroke_builder_add (builder, NAN, 3, 1));

  /* Slow samples are smoothed towards the last point; a fast one is followed. */
  g_assert_true (plenum_stroke_builder_add (builder, 11, 10, 0.5));
  points = plenum_stroke_builder_get_points (builder, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (points[1].x, >, 10);
  g_assert_cmpfloat (points[1].x, <, 11);
  g_assert_true (plenum_stroke_builder_add (builder, 100, 10, 0.5));
  points = plenum_stroke_builder_get_points (builder, &n);
  g_assert_cmpfloat (points[2].x, ==, 100);

  /* A straight line of many samples is simplified to its ends. */
  for (int i = 1; i <= 200; i++)
    plenum_stroke_builder_add (builder, 100 + i, 10, 0.5);
  done = plenum_stroke_builder_finish (builder, 0.2, &n);
  g_assert_cmpuint (n, <=, 4);
  g_assert_cmpfloat (done[n - 1].x, ==, 300);

  /* A tap is one point. */
  {
    g_autoptr(PlenumStrokeBuilder) tap = plenum_stroke_builder_new (0.5);
    g_autofree PlenumInkPoint *dot = NULL;

    plenum_stroke_builder_add (tap, 5, 5, 1);
    dot = plenum_stroke_builder_finish (tap, 0.2, &n);
    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpfloat (dot[0].x, ==, 5);
  }
}

static void
test_stroke_cap (void)
{
  g_autoptr(PlenumStrokeBuilder) builder = plenum_stroke_builder_new (0.1);
  guint n;

  /* The model's cap on one stroke's points holds however long the pen goes on. */
  for (guint i = 0; i < PLENUM_ANNOTATION_MAX_STROKE_POINTS + 500; i++)
    plenum_stroke_builder_add (builder, (i % 2) * 50, i * 0.5, 1);
  plenum_stroke_builder_get_points (builder, &n);
  g_assert_cmpuint (n, ==, PLENUM_ANNOTATION_MAX_STROKE_POINTS);
}

static void
test_simplify (void)
{
  /* A zigzag of 20,001 points with 1-point teeth: kept at tolerance 0.5, flattened at 2.
   * (Iterative: no stack overflow.) */
  guint n = 20001;
  g_autofree PlenumInkPoint *zigzag = g_new (PlenumInkPoint, n);
  g_autofree PlenumInkPoint *copy = NULL;

  for (guint i = 0; i < n; i++)
    zigzag[i] = (PlenumInkPoint) { i, (i % 2) * 1.0, 1 };
  copy = g_memdup2 (zigzag, n * sizeof *zigzag);
  g_assert_cmpuint (plenum_ink_simplify (copy, n, 0.5), ==, n);
  g_assert_cmpuint (plenum_ink_simplify (zigzag, n, 2), ==, 2);

  /* An L keeps its corner. */
  {
    PlenumInkPoint l[] = { { 0, 0, 1 }, { 0, 5, 1 }, { 0, 10, 1 }, { 5, 10, 1 }, { 10, 10, 1 } };

    g_assert_cmpuint (plenum_ink_simplify (l, G_N_ELEMENTS (l), 0.1), ==, 3);
    g_assert_cmpfloat (l[1].x, ==, 0);
    g_assert_cmpfloat (l[1].y, ==, 10);
  }
}

static void
test_hit (void)
{
  g_autoptr(PlenumAnnotation) ink = plenum_annotation_new (PLENUM_ANNOTATION_INK, DOC_ID,
                                                           SHA_ONE, AUTHOR_ID, 0);
  g_autoptr(PlenumAnnotation) note = plenum_annotation_new (PLENUM_ANNOTATION_NOTE, DOC_ID,
                                                            SHA_ONE, AUTHOR_ID, 0);
  g_autoptr(PlenumAnnotation) marker = plenum_annotation_new (PLENUM_ANNOTATION_HIGHLIGHT,
                                                              DOC_ID, SHA_ONE, AUTHOR_ID, 0);
  PlenumInkPoint stroke[] = { { 100, 100, 1 }, { 200, 100, 1 }, { 200, 200, 1 } };
  PlenumAnnotationRect rect = { 50, 300, 100, 12 };

  plenum_annotation_add_stroke (ink, stroke, G_N_ELEMENTS (stroke));
  plenum_annotation_set_width (ink, 2);
  g_assert_cmpfloat (plenum_ink_distance_to_stroke (stroke, 3, 150, 90), ==, 10);
  g_assert_cmpfloat (plenum_ink_distance_to_stroke (stroke, 1, 103, 104), ==, 5);
  g_assert_true (plenum_ink_hit_test (ink, 150, 100, 0));
  g_assert_true (plenum_ink_hit_test (ink, 150, 108, 8));     /* within the finger */
  g_assert_false (plenum_ink_hit_test (ink, 150, 115, 8));
  g_assert_true (plenum_ink_hit_test (ink, 205, 150, 5));     /* the second segment */
  g_assert_false (plenum_ink_hit_test (ink, 150, 150, 8));    /* inside the corner, far from
                                                               * both segments */
  plenum_annotation_set_position (note, 400, 400);
  plenum_annotation_set_text (note, "?");
  g_assert_true (plenum_ink_hit_test (note, 410, 410, 0));
  g_assert_false (plenum_ink_hit_test (note, 390, 390, 4));

  plenum_annotation_set_rects (marker, &rect, 1);
  g_assert_true (plenum_ink_hit_test (marker, 60, 305, 0));
  g_assert_true (plenum_ink_hit_test (marker, 60, 315, 4));
  g_assert_false (plenum_ink_hit_test (marker, 60, 330, 4));
}

/* Two lines of text, 10 characters each with a line break between (its box empty), like
 * the render helper's TEXT reply. */
static const char page_text[] = "Kinh tế ta\nng 8,5% na";

static PlenumAnnotationRect *
page_boxes (guint *n)
{
  PlenumAnnotationRect *boxes = g_new0 (PlenumAnnotationRect, 21);

  for (guint i = 0; i < 10; i++)
    {
      boxes[i] = (PlenumAnnotationRect) { 72 + i * 6, 100, 6, 12 };
      boxes[11 + i] = (PlenumAnnotationRect) { 72 + i * 6, 114, 6, 12 };
    }
  boxes[10] = (PlenumAnnotationRect) { 132, 100, 0, 0 };
  *n = 21;
  return boxes;
}

static void
test_snap (void)
{
  guint n_boxes;
  g_autofree PlenumAnnotationRect *boxes = page_boxes (&n_boxes);
  PlenumHighlightSnap snap = { 0 };
  g_autofree char *quote = NULL, *prefix = NULL, *suffix = NULL;

  /* A wobbly swipe along the first line from its third to its seventh character. */
  {
    PlenumInkPoint stroke[] = { { 86, 107, 1 }, { 95, 105, 1 }, { 105, 108, 1 },
                                { 111, 106, 1 } };

    g_assert_true (plenum_ink_snap_highlight (boxes, n_boxes, stroke, G_N_ELEMENTS (stroke),
                                              &snap));
    g_assert_cmpuint (snap.first_char, ==, 2);
    g_assert_cmpuint (snap.last_char, ==, 6);
    g_assert_cmpuint (snap.n_rects, ==, 1);
    g_assert_cmpfloat (snap.rects[0].x, ==, 84);
    g_assert_cmpfloat (snap.rects[0].width, ==, 30);
    g_assert_cmpfloat (snap.rects[0].y, ==, 100);
    g_assert_cmpfloat (snap.rects[0].height, ==, 12);
    g_clear_pointer (&snap.rects, g_free);
  }

  /* From the end of line one to the start of line two: two rectangles, the break
   * skipped, and the anchor's quote holds the new line. */
  {
    PlenumInkPoint stroke[] = { { 123, 106, 1 }, { 129, 106, 1 }, { 75, 120, 1 },
                                { 81, 120, 1 } };

    g_assert_true (plenum_ink_snap_highlight (boxes, n_boxes, stroke, G_N_ELEMENTS (stroke),
                                              &snap));
    g_assert_cmpuint (snap.first_char, ==, 8);
    g_assert_cmpuint (snap.last_char, ==, 12);
    g_assert_cmpuint (snap.n_rects, ==, 2);
    g_assert_cmpfloat (snap.rects[0].y, ==, 100);
    g_assert_cmpfloat (snap.rects[1].y, ==, 114);
    plenum_ink_anchor_text (page_text, snap.first_char, snap.last_char, 3, &quote, &prefix,
                            &suffix);
    g_assert_cmpstr (quote, ==, "ta\nng");
    g_assert_cmpstr (prefix, ==, "tế ");
    g_assert_cmpstr (suffix, ==, " 8,");
    g_clear_pointer (&snap.rects, g_free);
  }

  /* In the margin: no text, nothing snapped. */
  {
    PlenumInkPoint stroke[] = { { 300, 106, 1 }, { 350, 106, 1 } };

    g_assert_false (plenum_ink_snap_highlight (boxes, n_boxes, stroke, G_N_ELEMENTS (stroke),
                                               &snap));
    g_assert_null (snap.rects);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plenum/ink-math/transform", test_transform);
  g_test_add_func ("/plenum/ink-math/stroke-capture", test_stroke_capture);
  g_test_add_func ("/plenum/ink-math/stroke-cap", test_stroke_cap);
  g_test_add_func ("/plenum/ink-math/simplify", test_simplify);
  g_test_add_func ("/plenum/ink-math/hit", test_hit);
  g_test_add_func ("/plenum/ink-math/snap", test_snap);

  return g_test_run ();
}
