/* plenum-gesture-math.c — the arithmetic of the reader's gestures. See
 * plenum-gesture-math.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-gesture-math"

#include <math.h>

#include "plenum-gesture-math.h"

/* Swipe thresholds (see plenum_swipe_page_delta()). */
#define SWIPE_DISTANCE_FRACTION (1.0 / 3.0)
#define SWIPE_FLICK_SPEED       400.0  /* px/s */
#define SWIPE_FLICK_MIN_DISTANCE 20.0  /* px */

/* How close to fit width a zoom must be for a double-tap to zoom in (relative). */
#define DOUBLE_TAP_FIT_TOLERANCE 0.01

double
plenum_zoom_clamp (double zoom)
{
  /* A NaN can come out of a gesture whose fingers started on the same spot; falling back
   * to 1:1 keeps the view usable instead of poisoning every later position. */
  if (isnan (zoom))
    return 1.0;

  return CLAMP (zoom, PLENUM_ZOOM_MIN, PLENUM_ZOOM_MAX);
}

void
plenum_zoom_about_point (double  old_zoom,
                         double  new_zoom,
                         double  scroll_x,
                         double  scroll_y,
                         double  focus_x,
                         double  focus_y,
                         double *new_scroll_x,
                         double *new_scroll_y)
{
  double ratio;

  g_return_if_fail (old_zoom > 0 && new_zoom > 0);
  g_return_if_fail (new_scroll_x != NULL && new_scroll_y != NULL);

  /* The document point under the focus is (scroll + focus) / old_zoom; at new_zoom it is
   * at that times new_zoom, and must still be focus pixels from the view's corner. */
  ratio = new_zoom / old_zoom;
  *new_scroll_x = (scroll_x + focus_x) * ratio - focus_x;
  *new_scroll_y = (scroll_y + focus_y) * ratio - focus_y;
}

void
plenum_pinch_begin (PlenumPinch *pinch,
                    double       zoom,
                    double       scroll_x,
                    double       scroll_y,
                    double       focus_x,
                    double       focus_y)
{
  g_return_if_fail (pinch != NULL);
  g_return_if_fail (zoom > 0);

  pinch->start_zoom = zoom;
  pinch->start_scroll_x = scroll_x;
  pinch->start_scroll_y = scroll_y;
  pinch->start_focus_x = focus_x;
  pinch->start_focus_y = focus_y;
}

void
plenum_pinch_update (const PlenumPinch *pinch,
                     double             scale,
                     double             focus_x,
                     double             focus_y,
                     double            *zoom,
                     double            *scroll_x,
                     double            *scroll_y)
{
  double new_zoom, ratio;

  g_return_if_fail (pinch != NULL);
  g_return_if_fail (zoom != NULL && scroll_x != NULL && scroll_y != NULL);

  /* Always computed from the start, never incrementally, so that rounding does not
   * accumulate over the hundreds of updates of a long pinch. */
  new_zoom = plenum_zoom_clamp (pinch->start_zoom * scale);
  ratio = new_zoom / pinch->start_zoom;

  *zoom = new_zoom;
  *scroll_x = (pinch->start_scroll_x + pinch->start_focus_x) * ratio - focus_x;
  *scroll_y = (pinch->start_scroll_y + pinch->start_focus_y) * ratio - focus_y;
}

double
plenum_double_tap_zoom (double current_zoom,
                        double fit_width_zoom)
{
  g_return_val_if_fail (fit_width_zoom > 0, plenum_zoom_clamp (current_zoom));

  if (fabs (current_zoom - fit_width_zoom) <= DOUBLE_TAP_FIT_TOLERANCE * fit_width_zoom)
    return plenum_zoom_clamp (2.0 * fit_width_zoom);

  return fit_width_zoom;
}

void
plenum_kinetic_init (PlenumKinetic *kinetic,
                     double         position,
                     double         velocity)
{
  g_return_if_fail (kinetic != NULL);

  kinetic->position = position;
  kinetic->velocity = isfinite (velocity) ? velocity : 0.0;
  kinetic->friction = PLENUM_KINETIC_FRICTION;
  kinetic->stop_speed = PLENUM_KINETIC_STOP_SPEED;
}

/* When the speed |v0|·e^(−friction·t) falls to stop_speed (0 when it starts there). */
static double
kinetic_stop_time (const PlenumKinetic *kinetic)
{
  double speed = fabs (kinetic->velocity);

  if (speed <= kinetic->stop_speed)
    return 0.0;

  return log (speed / kinetic->stop_speed) / kinetic->friction;
}

/* The position @t seconds after the flick, following the decay without stopping:
 * x(t) = x0 + v0/friction · (1 − e^(−friction·t)). */
static double
kinetic_position (const PlenumKinetic *kinetic,
                  double               t)
{
  return kinetic->position
         + kinetic->velocity / kinetic->friction * -expm1 (-kinetic->friction * t);
}

gboolean
plenum_kinetic_at (const PlenumKinetic *kinetic,
                   double               elapsed_s,
                   double              *position)
{
  double stop;

  g_return_val_if_fail (kinetic != NULL, FALSE);
  g_return_val_if_fail (kinetic->friction > 0, FALSE);
  g_return_val_if_fail (position != NULL, FALSE);

  /* The motion freezes where the speed drops below stop_speed, rather than creeping on
   * towards the decay's asymptote: that way the last frame the caller draws (when this
   * returns FALSE) is exactly plenum_kinetic_rest(), with no jump. */
  stop = kinetic_stop_time (kinetic);
  if (!(elapsed_s > 0))
    elapsed_s = 0;

  *position = kinetic_position (kinetic, MIN (elapsed_s, stop));

  return elapsed_s < stop;
}

double
plenum_kinetic_rest (const PlenumKinetic *kinetic)
{
  g_return_val_if_fail (kinetic != NULL, 0.0);
  g_return_val_if_fail (kinetic->friction > 0, kinetic->position);

  return kinetic_position (kinetic, kinetic_stop_time (kinetic));
}

int
plenum_swipe_page_delta (double dx,
                         double velocity_x,
                         double view_width)
{
  double distance;

  if (!isfinite (dx))
    return 0;
  if (!isfinite (velocity_x))
    velocity_x = 0;

  /* Without a width there is no "third of it": only a flick can turn the page. */
  distance = isfinite (view_width) && view_width > 0 ? view_width * SWIPE_DISTANCE_FRACTION
                                                       : INFINITY;

  /* Dragging the page leftwards pulls the next one in, as with paper. */
  if (dx < -distance
      || (velocity_x < -SWIPE_FLICK_SPEED && dx <= -SWIPE_FLICK_MIN_DISTANCE))
    return 1;
  if (dx > distance
      || (velocity_x > SWIPE_FLICK_SPEED && dx >= SWIPE_FLICK_MIN_DISTANCE))
    return -1;

  return 0;
}
