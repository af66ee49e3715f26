/* plenum-gesture-math.h — the arithmetic behind the reader's gestures, kept apart from
 * GTK so that it is tested directly (GTK 4.8 cannot synthesise touch events):
 *
 *  - zooming about a point: the document point under the fingers (or the pointer, or a
 *    double-tap) stays under them while the zoom changes;
 *  - pinch: a zoom that follows the ratio of the fingers' distance to their distance at
 *    the start, clamped, with the focal point moving with the fingers' centre;
 *  - double-tap: fit width ↔ a closer zoom at the tapped point;
 *  - kinetic scrolling: after a flick, the view glides on and slows down with friction;
 *  - swipe: in page-at-a-time mode, a horizontal flick or drag turns the page.
 *
 * Positions are in the view's logical pixels; a "scroll offset" is the document
 * position shown at the view's top-left corner.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PLENUM_ZOOM_MIN 0.1
#define PLENUM_ZOOM_MAX 8.0

/* @zoom within [PLENUM_ZOOM_MIN, PLENUM_ZOOM_MAX]; NaN gives 1. */
double   plenum_zoom_clamp          (double zoom);

/* Scroll offsets that keep the document point under (@focus_x, @focus_y) (view
 * coordinates) fixed when the zoom changes from @old_zoom to @new_zoom, given the offsets
 * (@scroll_x, @scroll_y) before. (Content scales about the document origin.) */
void     plenum_zoom_about_point    (double  old_zoom,
                                     double  new_zoom,
                                     double  scroll_x,
                                     double  scroll_y,
                                     double  focus_x,
                                     double  focus_y,
                                     double *new_scroll_x,
                                     double *new_scroll_y);

/* A pinch in progress. */
typedef struct {
  double start_zoom;
  double start_scroll_x, start_scroll_y;
  double start_focus_x, start_focus_y;  /* the fingers' centre when it began */
} PlenumPinch;

void     plenum_pinch_begin         (PlenumPinch *pinch,
                                     double       zoom,
                                     double       scroll_x,
                                     double       scroll_y,
                                     double       focus_x,
                                     double       focus_y);
/* @scale: the fingers' distance now / at the start (GtkGestureZoom's scale delta);
 * (@focus_x, @focus_y): their centre now. The zoom is clamped; the document point that
 * was under the start centre is under the current centre (so two fingers also pan). */
void     plenum_pinch_update        (const PlenumPinch *pinch,
                                     double             scale,
                                     double             focus_x,
                                     double             focus_y,
                                     double            *zoom,
                                     double            *scroll_x,
                                     double            *scroll_y);

/* The zoom a double-tap goes to: from about fit width (within 1 %) to 2 × fit width
 * (clamped); from anything else back to @fit_width_zoom. */
double   plenum_double_tap_zoom     (double current_zoom,
                                     double fit_width_zoom);

/* Kinetic scrolling along one axis after a flick of @velocity px/s starting at
 * @position: the position @elapsed_s seconds later, decelerating with @friction (1/s,
 * exponential decay: v(t) = v0·e^(−friction·t)), and whether it has come to rest (speed
 * below @stop_speed px/s). Bounds are applied by the caller. */
typedef struct {
  double position;
  double velocity;
  double friction;
  double stop_speed;
} PlenumKinetic;

#define PLENUM_KINETIC_FRICTION   4.0
#define PLENUM_KINETIC_STOP_SPEED 20.0

void     plenum_kinetic_init        (PlenumKinetic *kinetic,
                                     double         position,
                                     double         velocity);
/* Returns TRUE while still moving. */
gboolean plenum_kinetic_at          (const PlenumKinetic *kinetic,
                                     double               elapsed_s,
                                     double              *position);
/* Where it comes to rest: the motion stops (and plenum_kinetic_at() returns FALSE) at
 * the moment the speed falls to @stop_speed, so this is x(t_stop) =
 * position + (velocity ∓ stop_speed) / friction, the limit of plenum_kinetic_at() — not
 * the decay's asymptote position + velocity / friction. */
double   plenum_kinetic_rest        (const PlenumKinetic *kinetic);

/* Page-at-a-time: what a horizontal drag of @dx px ending at @velocity_x px/s does, in a
 * view @view_width wide: +1 (next page: a leftward drag past a third of the width, or a
 * leftward flick faster than 400 px/s that moved at least 20 px), −1 (previous page,
 * the mirror), 0 (snap back). A drag past a third turns the page whatever its final
 * velocity; with @view_width ≤ 0 only a flick does. */
int      plenum_swipe_page_delta    (double dx,
                                     double velocity_x,
                                     double view_width);

G_END_DECLS
