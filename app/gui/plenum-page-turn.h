/* plenum-page-turn.h — what a swipe over a page means. Kept apart from the widget so the
 * rule (how fast, how straight) can be tested without GTK input events, which GTK 4.8
 * cannot synthesise.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  PLENUM_PAGE_TURN_NONE,
  PLENUM_PAGE_TURN_NEXT,     /* the finger moved right to left */
  PLENUM_PAGE_TURN_PREVIOUS, /* the finger moved left to right */
} PlenumPageTurn;

/* The smallest horizontal speed, in logical pixels per second, that turns a page. A slow
 * drag or a resting finger does not. */
#define PLENUM_PAGE_TURN_MIN_VELOCITY 300.0

/* Decides from the velocity GtkGestureSwipe reports at the end of a swipe (logical
 * pixels per second, x growing to the right, y downwards). A page turns when the swipe
 * is at least @min_velocity fast horizontally and mostly horizontal (at least twice as
 * fast sideways as up or down); anything else (a scroll, a tap, a diagonal) is NONE.
 * @rtl: the text direction is right to left, where the page order is mirrored. */
PlenumPageTurn plenum_page_turn_from_swipe (double   velocity_x,
                                            double   velocity_y,
                                            double   min_velocity,
                                            gboolean rtl);

G_END_DECLS
