/* plenum-ink-math.h — the geometry of annotating, without GTK: capturing a stroke from
 * pointer samples (smoothing and thinning), simplifying it, hit-testing marks for the
 * eraser and for selection, snapping a highlighter stroke to the text lines under it,
 * and the transform between a page's points and the view's pixels under zoom and
 * rotation.
 *
 * Everything is in the frame of plenum-annotation.h (PDF points on the displayed page,
 * origin top-left, y down) unless it says "view".
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "core/plenum-annotation.h"

G_BEGIN_DECLS

/* ---- Page ↔ view ---- */

/* Where a page is drawn: its size in points, the view pixels per point, the view position
 * of the page's drawn top-left corner, and a clockwise quarter-turn rotation of the drawn
 * page (0, 90, 180, 270). */
typedef struct {
  double page_width;
  double page_height;
  double scale;
  double origin_x;
  double origin_y;
  int    rotation;
} PlenumPageTransform;

void     plenum_page_transform_to_view   (const PlenumPageTransform *transform,
                                          double                     page_x,
                                          double                     page_y,
                                          double                    *view_x,
                                          double                    *view_y);
void     plenum_page_transform_to_page   (const PlenumPageTransform *transform,
                                          double                     view_x,
                                          double                     view_y,
                                          double                    *page_x,
                                          double                    *page_y);

/* ---- Capturing a stroke ---- */

typedef struct _PlenumStrokeBuilder PlenumStrokeBuilder;

/* @min_distance: samples closer than this (points) to the last kept one are merged into
 * it (a pen held still or a noisy touch screen does not pile up points); choose about a
 * device pixel at the current zoom. */
PlenumStrokeBuilder  *plenum_stroke_builder_new        (double               min_distance);
void                  plenum_stroke_builder_free       (PlenumStrokeBuilder *self);
/* Adds a sample; @pressure 0–1, or a negative value when the device gives none (1 is
 * used). Returns TRUE when the stroke changed (a point was added or the last one moved),
 * i.e. the view should draw. Non-finite samples are ignored. */
gboolean              plenum_stroke_builder_add        (PlenumStrokeBuilder *self,
                                                        double               x,
                                                        double               y,
                                                        double               pressure);
/* The points so far (smoothed as they came), for drawing while the pen moves. */
const PlenumInkPoint *plenum_stroke_builder_get_points (PlenumStrokeBuilder *self,
                                                        guint               *n_points);
/* Ends the stroke: the points, simplified within @tolerance points (see
 * plenum_ink_simplify()), at most PLENUM_ANNOTATION_MAX_STROKE_POINTS. Free with
 * g_free(). A stroke of a single tap gives one point. */
PlenumInkPoint       *plenum_stroke_builder_finish     (PlenumStrokeBuilder *self,
                                                        double               tolerance,
                                                        guint               *n_points);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumStrokeBuilder, plenum_stroke_builder_free)

/* Ramer–Douglas–Peucker: keeps the first and last points and every point farther than
 * @tolerance from the line its neighbours would make (iterative, so a 20,000-point stroke
 * cannot overflow the stack). Works in place: returns the new count. */
guint    plenum_ink_simplify             (PlenumInkPoint       *points,
                                          guint                 n_points,
                                          double                tolerance);

/* ---- Hit testing ---- */

/* The distance from (x, y) to the polyline @points (to the point itself for one point). */
double   plenum_ink_distance_to_stroke   (const PlenumInkPoint *points,
                                          guint                 n_points,
                                          double                x,
                                          double                y);
/* Whether a tap at (x, y) with a finger of @radius points touches @annotation: a stroke
 * within radius + half its width, inside a rectangle (grown by radius), or on a note's
 * pin. */
gboolean plenum_ink_hit_test             (PlenumAnnotation     *annotation,
                                          double                x,
                                          double                y,
                                          double                radius);

/* ---- The highlighter on text ---- */

/* What a highlighter stroke covers of a page's text. */
typedef struct {
  guint                 first_char;   /* the first and last characters covered, indices */
  guint                 last_char;    /* into the page's characters (inclusive) */
  PlenumAnnotationRect *rects;        /* one per line of text covered, g_free() */
  guint                 n_rects;
} PlenumHighlightSnap;

/* @boxes: one per character of the page's text, in order (the render helper's TEXT
 * reply: empty boxes for line breaks). @stroke: the highlighter's points. Like a text
 * selection dragged along the stroke, the covered text runs from the character the
 * stroke crosses first (the one nearest to where that piece of the stroke began) to the
 * one it crosses last, in reading order; a box counts with a quarter of its height of
 * slack above and below. The covered boxes are merged into one rectangle per line.
 * Returns FALSE (nothing set) when the stroke crosses no text: the caller keeps it as a
 * freehand highlight. Free @snap's rects with g_free(). */
gboolean plenum_ink_snap_highlight       (const PlenumAnnotationRect *boxes,
                                          guint                       n_boxes,
                                          const PlenumInkPoint       *stroke,
                                          guint                       n_points,
                                          PlenumHighlightSnap        *snap);

/* The anchor of characters [@first, @last] of @text (UTF-8, one character per box, as
 * the TEXT reply gives): the quote, and up to @context characters before and after.
 * Each is a new string. */
void     plenum_ink_anchor_text          (const char *text,
                                          guint       first,
                                          guint       last,
                                          guint       context,
                                          char      **quote,
                                          char      **prefix,
                                          char      **suffix);

G_END_DECLS
