/* plenum-appearance.h — the large-text and high-contrast modes: the GSettings keys
 * "large-text" and "high-contrast" (org.plenum.Plenum) shown as the CSS classes
 * "plenum-large-text" and "plenum-high-contrast" on a window, which resources/style.css
 * styles. The kiosk administrator sets the keys for a terminal; a member switches them
 * on the sign-in page.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PLENUM_APPEARANCE_LARGE_TEXT_CLASS    "plenum-large-text"
#define PLENUM_APPEARANCE_HIGH_CONTRAST_CLASS "plenum-high-contrast"

/* Gives @window the classes of @settings' "large-text" and "high-contrast" now, and
 * follows every later change of those keys for as long as @window lives (@window holds
 * a reference on @settings until then). Calling it again on the same window only
 * replaces the settings followed. */
void plenum_appearance_apply (GtkWidget *window,
                              GSettings *settings);

G_END_DECLS
