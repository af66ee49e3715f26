/* plenum-annotation.h — a member's mark on a page of a document: a pen stroke, a
 * highlight, or a note.
 *
 * Coordinates are PDF points (1/72 inch) on the page as it is displayed — after the
 * page's own /Rotate — with the origin at its top-left corner and y going down: the frame
 * of poppler's rendering and text layout, and of the render helper's SEARCHED and
 * PAGE_TEXT replies. So a mark stays on the same words at any zoom; a view that turns
 * the page further turns the marks with it (plenum-ink-math.h), and an export maps them
 * back to the page's default user space through its /CropBox and /Rotate.
 *
 * JSON (docs/protocol.md, "Annotations"):
 *
 *   { "id": uuid, "document_id": uuid, "document_sha256": sha256 (the version of the
 *     document it was made on), "author_id": uuid, "revision": integer ≥ 0 (the server's;
 *     0: never stored there), "kind": "ink" | "highlight" | "note",
 *     "visibility": "private" | "meeting" | "chair", "page": integer ≥ 0,
 *     "color": "#rrggbb" or "#rrggbbaa" (lowercase), "width": number (points, ink and
 *     freehand highlight: 0.1 to 100),
 *     "strokes": [ [x, y, pressure, x, y, pressure, …], … ] (ink and freehand highlight;
 *     each stroke 1 to PLENUM_ANNOTATION_MAX_STROKE_POINTS points, pressure 0 to 1),
 *     "rects": [ [x, y, width, height], … ] (a highlight snapped to text lines),
 *     "position": [x, y] (a note's pin), "text": string (a note's text, 1 to
 *     PLENUM_ANNOTATION_MAX_TEXT_CHARS characters, new lines allowed),
 *     "anchor": { "quote": string, "prefix": string, "suffix": string } (optional: the
 *     text under the mark and around it, to find it again in a revised document),
 *     "conflict_of": uuid or null (this is the copy that lost a conflict with that one),
 *     "needs_review": boolean (optional, false: carried to a new version of the document
 *     without confidence), "deleted": boolean (optional, false: a tombstone in the feed),
 *     "created_at": time, "updated_at": time }
 *
 * An ink annotation has strokes (no rects, no text); a highlight has strokes or rects
 * (at least one of them); a note has position and text. A deleted one (a tombstone)
 * keeps only its id, document_id, author_id and revision meaningful.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "plenum-json.h"

G_BEGIN_DECLS

typedef enum {
  PLENUM_ANNOTATION_INK,
  PLENUM_ANNOTATION_HIGHLIGHT,
  PLENUM_ANNOTATION_NOTE,
} PlenumAnnotationKind;

typedef enum {
  PLENUM_ANNOTATION_PRIVATE,   /* the author only */
  PLENUM_ANNOTATION_MEETING,   /* every member who can see the meeting */
  PLENUM_ANNOTATION_CHAIR,     /* the author and the meeting's chair */
} PlenumAnnotationVisibility;

/* Limits of one annotation (a full page of handwriting is a few thousand points). */
#define PLENUM_ANNOTATION_MAX_STROKES        2000
#define PLENUM_ANNOTATION_MAX_STROKE_POINTS  20000
#define PLENUM_ANNOTATION_MAX_POINTS         100000  /* over all strokes */
#define PLENUM_ANNOTATION_MAX_RECTS          2000
#define PLENUM_ANNOTATION_MAX_TEXT_CHARS     4000
#define PLENUM_ANNOTATION_MAX_QUOTE_CHARS    2000    /* anchor.quote */
#define PLENUM_ANNOTATION_MAX_CONTEXT_CHARS  200     /* anchor.prefix, anchor.suffix */
/* Coordinates: pages are at most 14,400 points a side (PDF's limit); a mark may stick
 * out a little. */
#define PLENUM_ANNOTATION_MAX_COORDINATE     20000.0
#define PLENUM_ANNOTATION_MIN_WIDTH          0.1
#define PLENUM_ANNOTATION_MAX_WIDTH          100.0

/* One sampled point of a stroke. */
typedef struct {
  double x;
  double y;
  double pressure;  /* 0 to 1; 1 when the device reports none */
} PlenumInkPoint;

/* One rectangle, in the frame above. */
typedef struct {
  double x;
  double y;
  double width;
  double height;
} PlenumAnnotationRect;

#define PLENUM_TYPE_ANNOTATION (plenum_annotation_get_type ())
G_DECLARE_FINAL_TYPE (PlenumAnnotation, plenum_annotation, PLENUM, ANNOTATION, GObject)

const char *plenum_annotation_kind_to_string       (PlenumAnnotationKind        kind);
gboolean    plenum_annotation_kind_from_string     (const char                 *text,
                                                    PlenumAnnotationKind       *out);
const char *plenum_annotation_visibility_to_string (PlenumAnnotationVisibility  visibility);
gboolean    plenum_annotation_visibility_from_string (const char               *text,
                                                      PlenumAnnotationVisibility *out);

/* A new annotation of @kind with a new random id, revision 0, private, colour and width
 * of the kind's default, created and updated now. */
PlenumAnnotation *plenum_annotation_new            (PlenumAnnotationKind  kind,
                                                    const char           *document_id,
                                                    const char           *document_sha256,
                                                    const char           *author_id,
                                                    guint                 page);
/* Strict: unknown keys, wrong types, out-of-range numbers (non-finite, outside
 * ±PLENUM_ANNOTATION_MAX_COORDINATE, over the limits above) and a kind without what it
 * needs are refused, naming the field. */
PlenumAnnotation *plenum_annotation_new_from_json  (const cJSON          *node,
                                                    const char           *where,
                                                    GError              **error);
cJSON            *plenum_annotation_to_json        (PlenumAnnotation     *self);
/* A deep copy (a new object with the same id and fields). */
PlenumAnnotation *plenum_annotation_copy           (PlenumAnnotation     *self);
/* TRUE when both have the same content (everything but revision, updated_at and
 * needs_review). */
gboolean          plenum_annotation_same_content   (PlenumAnnotation     *a,
                                                    PlenumAnnotation     *b);

const char       *plenum_annotation_get_id         (PlenumAnnotation     *self);
const char       *plenum_annotation_get_document_id (PlenumAnnotation    *self);
const char       *plenum_annotation_get_document_sha256 (PlenumAnnotation *self);
const char       *plenum_annotation_get_author_id  (PlenumAnnotation     *self);
PlenumAnnotationKind plenum_annotation_get_kind    (PlenumAnnotation     *self);
guint             plenum_annotation_get_page       (PlenumAnnotation     *self);
GDateTime        *plenum_annotation_get_created_at (PlenumAnnotation     *self);

gint64            plenum_annotation_get_revision   (PlenumAnnotation     *self);
void              plenum_annotation_set_revision   (PlenumAnnotation     *self,
                                                    gint64                revision);
PlenumAnnotationVisibility plenum_annotation_get_visibility (PlenumAnnotation *self);
void              plenum_annotation_set_visibility (PlenumAnnotation     *self,
                                                    PlenumAnnotationVisibility visibility);
/* Colour as red, green, blue, alpha in 0…1 (set: each is clamped to 0…1 and rounded to
 * 8 bits, as the JSON keeps it). */
void              plenum_annotation_get_color      (PlenumAnnotation     *self,
                                                    double               *red,
                                                    double               *green,
                                                    double               *blue,
                                                    double               *alpha);
void              plenum_annotation_set_color      (PlenumAnnotation     *self,
                                                    double                red,
                                                    double                green,
                                                    double                blue,
                                                    double                alpha);
double            plenum_annotation_get_width      (PlenumAnnotation     *self);
void              plenum_annotation_set_width      (PlenumAnnotation     *self,
                                                    double                width);

/* Strokes (ink, freehand highlight). */
guint             plenum_annotation_get_n_strokes  (PlenumAnnotation     *self);
const PlenumInkPoint *plenum_annotation_get_stroke (PlenumAnnotation     *self,
                                                    guint                 index,
                                                    guint                *n_points);
/* Appends a stroke (copies @points; @n_points ≥ 1). */
void              plenum_annotation_add_stroke     (PlenumAnnotation     *self,
                                                    const PlenumInkPoint *points,
                                                    guint                 n_points);
/* Rectangles (highlight on text lines). */
guint             plenum_annotation_get_n_rects    (PlenumAnnotation     *self);
const PlenumAnnotationRect *plenum_annotation_get_rects (PlenumAnnotation *self);
void              plenum_annotation_set_rects      (PlenumAnnotation     *self,
                                                    const PlenumAnnotationRect *rects,
                                                    guint                 n_rects);
/* A note's pin and text (NULL: none yet). */
void              plenum_annotation_get_position   (PlenumAnnotation     *self,
                                                    double               *x,
                                                    double               *y);
void              plenum_annotation_set_position   (PlenumAnnotation     *self,
                                                    double                x,
                                                    double                y);
const char       *plenum_annotation_get_text       (PlenumAnnotation     *self);
void              plenum_annotation_set_text       (PlenumAnnotation     *self,
                                                    const char           *text);
/* The anchor (each NULL when there is none). */
void              plenum_annotation_get_anchor     (PlenumAnnotation     *self,
                                                    const char          **quote,
                                                    const char          **prefix,
                                                    const char          **suffix);
void              plenum_annotation_set_anchor     (PlenumAnnotation     *self,
                                                    const char           *quote,
                                                    const char           *prefix,
                                                    const char           *suffix);
/* The annotation this copy lost a conflict to (NULL: not a conflict copy). */
const char       *plenum_annotation_get_conflict_of (PlenumAnnotation    *self);
void              plenum_annotation_set_conflict_of (PlenumAnnotation    *self,
                                                     const char          *id);
gboolean          plenum_annotation_get_needs_review (PlenumAnnotation   *self);
void              plenum_annotation_set_needs_review (PlenumAnnotation   *self,
                                                      gboolean            needs_review);
gboolean          plenum_annotation_get_deleted    (PlenumAnnotation     *self);
void              plenum_annotation_set_deleted    (PlenumAnnotation     *self,
                                                    gboolean              deleted);
GDateTime        *plenum_annotation_get_updated_at (PlenumAnnotation     *self);
/* Sets updated_at to now (each setter above leaves it alone; the caller marks a change
 * once, when the user's edit is complete). */
void              plenum_annotation_touch          (PlenumAnnotation     *self);

/* Carrying over to another version of the document: a copy on @document_sha256's
 * version, page @page, moved by (@dx, @dy) points (strokes, rects and pin alike), with
 * the same id. */
PlenumAnnotation *plenum_annotation_copy_moved     (PlenumAnnotation     *self,
                                                    const char           *document_sha256,
                                                    guint                 page,
                                                    double                dx,
                                                    double                dy);

/* The smallest rectangle holding the whole mark (strokes widened by half the width, a
 * note's pin as a 24-point square); FALSE when it has nothing to show. */
gboolean          plenum_annotation_get_bounds     (PlenumAnnotation     *self,
                                                    PlenumAnnotationRect *bounds);

G_END_DECLS
