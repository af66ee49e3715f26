/* plenum-page-turn.c — the swipe rule of the document page. See plenum-page-turn.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-page-turn"

#include <math.h>

#include "plenum-page-turn.h"

PlenumPageTurn
plenum_page_turn_from_swipe (double   velocity_x,
                             double   velocity_y,
                             double   min_velocity,
                             gboolean rtl)
{
  gboolean towards_start;

  if (!isfinite (velocity_x) || !isfinite (velocity_y))
    return PLENUM_PAGE_TURN_NONE;
  if (fabs (velocity_x) < min_velocity)
    return PLENUM_PAGE_TURN_NONE;
  /* A vertical or diagonal swipe is someone scrolling or slipping, not turning. */
  if (fabs (velocity_x) < 2.0 * fabs (velocity_y))
    return PLENUM_PAGE_TURN_NONE;

  /* Right to left pulls the next page in, as with paper. */
  towards_start = velocity_x < 0;
  if (rtl)
    towards_start = !towards_start;

  return towards_start ? PLENUM_PAGE_TURN_NEXT : PLENUM_PAGE_TURN_PREVIOUS;
}
