/* plenum-pin-pad.h — a PIN pad that works by touch alone: ten digit buttons, delete and
 * OK, large targets, and dots for the digits entered. Digits typed on a keyboard work
 * too while the pad has the focus (Backspace deletes, Enter submits).
 *
 * The PIN is kept in a fixed buffer inside the widget and wiped on clear() and when the
 * widget goes away; it is never logged and never a property.
 *
 * Actions (installed on the class):
 *   pin-pad.digit  (i)  adds a digit 0–9
 *   pin-pad.delete       deletes the last digit (enabled when there is one)
 *   pin-pad.submit       emits "submitted" (enabled with at least MIN_DIGITS digits)
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* PINs are 4 to 12 digits (the store's offline verifier accepts exactly these). */
#define PLENUM_PIN_PAD_MIN_DIGITS 4
#define PLENUM_PIN_PAD_MAX_DIGITS 12

#define PLENUM_TYPE_PIN_PAD (plenum_pin_pad_get_type ())

G_DECLARE_FINAL_TYPE (PlenumPinPad, plenum_pin_pad, PLENUM, PIN_PAD, GtkWidget)

GtkWidget  *plenum_pin_pad_new               (void);

/* Property "length" (read-only): how many digits are entered. */
guint       plenum_pin_pad_get_length        (PlenumPinPad *self);

/* The digits entered, NUL-terminated. Valid until the next change; do not keep it. */
const char *plenum_pin_pad_peek_pin          (PlenumPinPad *self);

/* Wipes the digits. */
void        plenum_pin_pad_clear             (PlenumPinPad *self);

/* The pad's buttons, for focus handling and for tests that press them (digit 0–9). */
GtkWidget  *plenum_pin_pad_get_digit_button  (PlenumPinPad *self,
                                              guint         digit);
GtkWidget  *plenum_pin_pad_get_delete_button (PlenumPinPad *self);
GtkWidget  *plenum_pin_pad_get_submit_button (PlenumPinPad *self);

/* Signals:
 *   "submitted" ()   OK was pressed (or Enter typed) with enough digits
 *   "changed"   ()   a digit was added or deleted, or the pad was cleared
 */

G_END_DECLS
