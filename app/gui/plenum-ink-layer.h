/* plenum-ink-layer.h — the annotations of a document drawn over the reader's page view,
 * and the tools that make them: pen, highlighter, note, eraser, select.
 *
 * Put it over a PlenumPdfView (in its GtkScrolledWindow) in a GtkOverlay, the same size:
 * it follows the view (scrolling, zoom, layout) and draws each annotation where its page
 * is. It never takes input itself (it is not targetable, so touch panning of the view
 * goes on as before): its gestures sit on the view, in the capture phase.
 *
 *  - A stylus draws whatever tool is selected (the pen when none is; its eraser end
 *    erases).
 *  - A finger or the mouse draws only while a tool is selected (property "tool" other
 *    than NONE); with NONE, touch pans the view as before, and a tap on a note's pin opens
 *    the note.
 *
 * The layer holds the list the owner gives it (plenum_ink_layer_set_annotations() and
 * add/replace/remove by id): the reader's own annotations and others' shared ones (those
 * drawn only while "show-others" is on). What the user does is told through
 * "annotation-added", "annotation-changed" and "annotation-removed" (PlenumAnnotation),
 * for the owner to save; the layer has already applied the change to its list. Undo and
 * redo (actions ink.undo and ink.redo, Ctrl+Z and Ctrl+Shift+Z, properties "can-undo"
 * and "can-redo") emit them too. Others' annotations are never changed by the tools.
 *
 * New annotations belong to "document-id" / "document-sha256" and to "author-id" (all
 * three must be set before anything can be drawn), with the "color", "width" (points)
 * and "visibility" of the moment.
 *
 * A highlighter stroke over text snaps to the lines it covers (the page's text comes from
 * the render helper through "client" and "document"); elsewhere it stays a freehand mark.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/plenum-annotation.h"
#include "gui/plenum-pdf-view.h"
#include "pdf/plenum-render-client.h"

G_BEGIN_DECLS

typedef enum {
  PLENUM_INK_TOOL_NONE,         /* touch pans; a stylus still draws (with the pen) */
  PLENUM_INK_TOOL_PEN,
  PLENUM_INK_TOOL_HIGHLIGHTER,
  PLENUM_INK_TOOL_NOTE,         /* a tap places a note and opens it */
  PLENUM_INK_TOOL_ERASER,       /* a stroke or a tap removes the own marks it touches */
  PLENUM_INK_TOOL_SELECT,       /* a tap selects one own mark (frame and delete button) */
} PlenumInkTool;

#define PLENUM_TYPE_INK_LAYER (plenum_ink_layer_get_type ())
G_DECLARE_FINAL_TYPE (PlenumInkLayer, plenum_ink_layer, PLENUM, INK_LAYER, GtkWidget)

GtkWidget        *plenum_ink_layer_new               (PlenumPdfView    *view);

PlenumPdfView    *plenum_ink_layer_get_view          (PlenumInkLayer   *self);

/* The annotations shown (transfer none, in drawing order). */
GPtrArray        *plenum_ink_layer_get_annotations   (PlenumInkLayer   *self);
/* Replaces the whole list (a reference is taken on each; tombstones are left out). */
void              plenum_ink_layer_set_annotations   (PlenumInkLayer   *self,
                                                      GPtrArray        *annotations);
/* Adds @annotation, or replaces the one with its id. */
void              plenum_ink_layer_add_annotation    (PlenumInkLayer   *self,
                                                      PlenumAnnotation *annotation);
void              plenum_ink_layer_replace_annotation (PlenumInkLayer  *self,
                                                       PlenumAnnotation *annotation);
/* FALSE when there is none with @id. */
gboolean          plenum_ink_layer_remove_annotation (PlenumInkLayer   *self,
                                                      const char       *id);
PlenumAnnotation *plenum_ink_layer_lookup            (PlenumInkLayer   *self,
                                                      const char       *id);

/* Property "tool". */
PlenumInkTool     plenum_ink_layer_get_tool          (PlenumInkLayer   *self);
void              plenum_ink_layer_set_tool          (PlenumInkLayer   *self,
                                                      PlenumInkTool     tool);
/* Property "color" of new marks (a highlighter's colour is translucent). */
void              plenum_ink_layer_get_color         (PlenumInkLayer   *self,
                                                      GdkRGBA          *color);
void              plenum_ink_layer_set_color         (PlenumInkLayer   *self,
                                                      const GdkRGBA    *color);
/* Property "width" of new strokes, in points. */
double            plenum_ink_layer_get_width         (PlenumInkLayer   *self);
void              plenum_ink_layer_set_width         (PlenumInkLayer   *self,
                                                      double            width);
/* Property "visibility" of new marks (PlenumAnnotationVisibility). */
PlenumAnnotationVisibility plenum_ink_layer_get_visibility (PlenumInkLayer *self);
void              plenum_ink_layer_set_visibility    (PlenumInkLayer   *self,
                                                      PlenumAnnotationVisibility visibility);
/* Property "show-others": others' annotations are drawn. */
gboolean          plenum_ink_layer_get_show_others   (PlenumInkLayer   *self);
void              plenum_ink_layer_set_show_others   (PlenumInkLayer   *self,
                                                      gboolean          show_others);
/* Properties "author-id", "document-id", "document-sha256". */
const char       *plenum_ink_layer_get_author_id     (PlenumInkLayer   *self);
void              plenum_ink_layer_set_author_id     (PlenumInkLayer   *self,
                                                      const char       *author_id);
void              plenum_ink_layer_set_document_ids  (PlenumInkLayer   *self,
                                                      const char       *document_id,
                                                      const char       *document_sha256);
/* Properties "client" and "document": where the highlighter reads a page's text. */
void              plenum_ink_layer_set_text_source   (PlenumInkLayer       *self,
                                                      PlenumRenderClient   *client,
                                                      PlenumRenderDocument *document);

/* Undo and redo of the user's own operations in this layer (properties "can-undo",
 * "can-redo"). */
gboolean          plenum_ink_layer_get_can_undo      (PlenumInkLayer   *self);
gboolean          plenum_ink_layer_get_can_redo      (PlenumInkLayer   *self);
void              plenum_ink_layer_undo              (PlenumInkLayer   *self);
void              plenum_ink_layer_redo              (PlenumInkLayer   *self);

/* The selected annotation's id (SELECT tool), or NULL. */
const char       *plenum_ink_layer_get_selected_id   (PlenumInkLayer   *self);

/* A stroke of the current tool through points of the view (its widget coordinates), as
 * the gestures make one: for scripts and benchmarks (GTK 4.8 cannot synthesise input).
 * @pressure 0–1, or negative when unknown. begin returns FALSE when no page is under the
 * point (or the tool draws nothing there). */
gboolean          plenum_ink_layer_begin_stroke      (PlenumInkLayer   *self,
                                                      double            x,
                                                      double            y,
                                                      double            pressure);
void              plenum_ink_layer_extend_stroke     (PlenumInkLayer   *self,
                                                      double            x,
                                                      double            y,
                                                      double            pressure);
void              plenum_ink_layer_end_stroke        (PlenumInkLayer   *self);

G_END_DECLS
