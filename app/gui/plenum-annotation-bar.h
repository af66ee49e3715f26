/* plenum-annotation-bar.h — the reader's annotation tool bar: the tools (pen,
 * highlighter, note, eraser, select) as large toggle buttons, the colour and the width of
 * the pen or highlighter, undo and redo, "Show others' notes", and who new marks are for
 * (private, the meeting, the chair). It drives the PlenumInkLayer it is given, through
 * the layer's properties: the bar holds no state of its own beyond which colour and
 * width each tool had last.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gui/plenum-ink-layer.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_ANNOTATION_BAR (plenum_annotation_bar_get_type ())
G_DECLARE_FINAL_TYPE (PlenumAnnotationBar, plenum_annotation_bar, PLENUM, ANNOTATION_BAR, GtkWidget)

GtkWidget      *plenum_annotation_bar_new       (PlenumInkLayer      *layer);

/* Property "layer" (construct-only). */
PlenumInkLayer *plenum_annotation_bar_get_layer (PlenumAnnotationBar *self);

G_END_DECLS
