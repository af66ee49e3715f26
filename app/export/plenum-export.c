/* plenum-export.c — the logic of plenum-export: reads the source and the marks, checks
 * what the document allows, and writes the annotated copy (see plenum-export.h).
 *
 * Why qpdf for the editable copy: an annotation added by hand means a new object, a
 * changed page dictionary and a new cross-reference section appended to the file; that
 * is easy to get subtly wrong (object streams, xref streams, encryption of the new
 * strings, hybrid files) and silently produces files that one reader repairs and another
 * rejects. qpdf parses the whole file and writes it back through its own writer, so the
 * copy is a consistent PDF whatever the source looked like, and its C API (object
 * handles, streams, pages, encryption) covers everything needed here. poppler-glib
 * 22.12 cannot create ink annotations and no Debian library draws appearance streams,
 * so the appearance streams are drawn here: each is a Form XObject that paints a nested
 * transparency group of opaque paths with the mark's opacity (and /BM /Multiply for a
 * highlighter), so overlapping segments of one stroke do not darken each other.
 *
 * The same drawing code (Canvas) draws a mark into cairo, for the flattened copy, in the
 * frame of the displayed page, and into a PDF content stream, for the editable copy, in
 * the page's default user space (PageFrame maps one onto the other).
 *
 * The source is read once into memory (mapped) and handed to qpdf and poppler as bytes:
 * neither library opens any other file, and nothing is followed that the command line
 * did not name. qpdf reads without repairing, so a truncated or damaged file is refused
 * rather than half-exported. The copy is written to an unnamed temporary file in the
 * output's folder (O_TMPFILE; a hidden named one where that is not supported), synced,
 * and only then given its name: a copy that exists is complete, and a process killed
 * half-way leaves nothing behind.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-export"
#define _GNU_SOURCE  /* O_TMPFILE, linkat, getrandom */

#include "plenum-export.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <poppler.h>
#include <qpdf/qpdf-c.h>

#include "core/plenum-annotation.h"

/* poppler-glib 22.12 declares no autoptr cleanups; these names cannot clash with ones a
 * later poppler may add. */
typedef PopplerDocument ExportPopplerDocument;
typedef PopplerPage ExportPopplerPage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportPopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportPopplerPage, g_object_unref)

/* The side of a note's icon (PlenumAnnotation's pin square; the pin is its top-left). */
#define NOTE_ICON_SIZE 24.0
/* The flattened copy's caption of a note: at most this wide, this high, this font size. */
#define NOTE_CAPTION_WIDTH     180.0
#define NOTE_CAPTION_MAX_HEIGHT 240.0
#define NOTE_CAPTION_FONT_SIZE 9.0
/* A pen segment's width is width × (MIN_PRESSURE_SCALE + the rest × pressure): a light
 * touch still leaves a visible line. */
#define MIN_PRESSURE_SCALE 0.3

static PlenumExportStatus
fail (char               **message,
      PlenumExportStatus   status,
      const char          *format,
      ...) G_GNUC_PRINTF (3, 4);

static PlenumExportStatus
fail (char               **message,
      PlenumExportStatus   status,
      const char          *format,
      ...)
{
  va_list args;

  g_assert (status != PLENUM_EXPORT_STATUS_OK);
  if (message != NULL && *message == NULL)
    {
      va_start (args, format);
      *message = g_strdup_vprintf (format, args);
      va_end (args);
    }
  return status;
}

/* ---- Page frames ------------------------------------------------------------------------ */

/* How the displayed page (the model's frame) sits in the page's default user space. */
typedef struct {
  double x0, y0, x1, y1;  /* the visible box (CropBox within MediaBox), normalised */
  int    rotate;          /* /Rotate: 0, 90, 180 or 270 (clockwise when displayed) */
} PageFrame;

/* Displayed (top-left origin, y down, after /Rotate) → default user space. */
static void
frame_to_user (const PageFrame *frame,
               double           x,
               double           y,
               double          *ux,
               double          *uy)
{
  switch (frame->rotate)
    {
    case 90:
      /* Turned a quarter clockwise: the box's left edge is now on top, its bottom-left
       * corner top-left. */
      *ux = frame->x0 + y;
      *uy = frame->y0 + x;
      break;
    case 180:
      *ux = frame->x1 - x;
      *uy = frame->y0 + y;
      break;
    case 270:
      *ux = frame->x1 - y;
      *uy = frame->y1 - x;
      break;
    default:
      *ux = frame->x0 + x;
      *uy = frame->y1 - y;
      break;
    }
}

/* ---- Canvas: one drawing code, two targets ---------------------------------------------- */

typedef struct {
  cairo_t         *cr;       /* flattened: cairo, in the displayed frame */
  GString         *content;  /* editable: a content stream, in default user space */
  const PageFrame *frame;    /* editable only */
  gboolean         have_box; /* editable: the box below holds at least one point */
  double           bx0, by0, bx1, by1;  /* editable: what was drawn, in user space,
                                         * without line widths */
} Canvas;

static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* Hundredths of a point are far below what any reader resolves. */
  g_ascii_formatd (buffer, sizeof buffer, "%.2f", value);
  if (strcmp (buffer, "-0.00") == 0)
    g_string_append (out, "0");
  else
    g_string_append (out, buffer);
  g_string_append_c (out, ' ');
}

static void
canvas_point (Canvas *canvas,
              double  x,
              double  y)
{
  double ux, uy;

  frame_to_user (canvas->frame, x, y, &ux, &uy);
  append_number (canvas->content, ux);
  append_number (canvas->content, uy);
  if (!canvas->have_box)
    {
      canvas->bx0 = canvas->bx1 = ux;
      canvas->by0 = canvas->by1 = uy;
      canvas->have_box = TRUE;
    }
  canvas->bx0 = MIN (canvas->bx0, ux);
  canvas->by0 = MIN (canvas->by0, uy);
  canvas->bx1 = MAX (canvas->bx1, ux);
  canvas->by1 = MAX (canvas->by1, uy);
}

static void
canvas_move_to (Canvas *canvas,
                double  x,
                double  y)
{
  if (canvas->cr != NULL)
    {
      cairo_move_to (canvas->cr, x, y);
      return;
    }
  canvas_point (canvas, x, y);
  g_string_append (canvas->content, "m\n");
}

static void
canvas_line_to (Canvas *canvas,
                double  x,
                double  y)
{
  if (canvas->cr != NULL)
    {
      cairo_line_to (canvas->cr, x, y);
      return;
    }
  canvas_point (canvas, x, y);
  g_string_append (canvas->content, "l\n");
}

static void
canvas_curve_to (Canvas *canvas,
                 double  x1,
                 double  y1,
                 double  x2,
                 double  y2,
                 double  x3,
                 double  y3)
{
  if (canvas->cr != NULL)
    {
      cairo_curve_to (canvas->cr, x1, y1, x2, y2, x3, y3);
      return;
    }
  canvas_point (canvas, x1, y1);
  canvas_point (canvas, x2, y2);
  canvas_point (canvas, x3, y3);
  g_string_append (canvas->content, "c\n");
}

static void
canvas_close (Canvas *canvas)
{
  if (canvas->cr != NULL)
    cairo_close_path (canvas->cr);
  else
    g_string_append (canvas->content, "h\n");
}

/* Must come before the path it applies to: PDF allows no state change inside a path. */
static void
canvas_set_width (Canvas *canvas,
                  double  width)
{
  if (canvas->cr != NULL)
    {
      cairo_set_line_width (canvas->cr, width);
      return;
    }
  append_number (canvas->content, width);
  g_string_append (canvas->content, "w\n");
}

static void
canvas_set_color (Canvas *canvas,
                  double  red,
                  double  green,
                  double  blue)
{
  if (canvas->cr != NULL)
    {
      cairo_set_source_rgb (canvas->cr, red, green, blue);
      return;
    }
  for (int i = 0; i < 2; i++)
    {
      g_string_append_printf (canvas->content, "%.3f %.3f %.3f %s\n", red, green, blue,
                              i == 0 ? "RG" : "rg");
    }
}

static void
canvas_set_round (Canvas *canvas)
{
  if (canvas->cr != NULL)
    {
      cairo_set_line_cap (canvas->cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_join (canvas->cr, CAIRO_LINE_JOIN_ROUND);
      return;
    }
  g_string_append (canvas->content, "1 J 1 j\n");
}

static void
canvas_stroke (Canvas *canvas)
{
  if (canvas->cr != NULL)
    cairo_stroke (canvas->cr);
  else
    g_string_append (canvas->content, "S\n");
}

static void
canvas_fill (Canvas *canvas)
{
  if (canvas->cr != NULL)
    cairo_fill (canvas->cr);
  else
    g_string_append (canvas->content, "f\n");
}

/* ---- Drawing the marks ------------------------------------------------------------------ */

/* The Bézier segment from points[i] to points[i + 1] of a Catmull-Rom spline through
 * all the points (the ends repeated), so a stroke is drawn smooth through its samples. */
static void
spline_segment (const PlenumInkPoint *points,
                guint                 n_points,
                guint                 i,
                double                c[4])
{
  const PlenumInkPoint *p0 = &points[i > 0 ? i - 1 : 0];
  const PlenumInkPoint *p1 = &points[i];
  const PlenumInkPoint *p2 = &points[i + 1];
  const PlenumInkPoint *p3 = &points[i + 2 < n_points ? i + 2 : n_points - 1];

  c[0] = p1->x + (p2->x - p0->x) / 6.0;
  c[1] = p1->y + (p2->y - p0->y) / 6.0;
  c[2] = p2->x - (p3->x - p1->x) / 6.0;
  c[3] = p2->y - (p3->y - p1->y) / 6.0;
}

/* A pen stroke: each segment with the width of its pressure (a stroke is painted as one
 * group, so the round caps where segments meet do not show). */
static void
draw_ink_stroke (Canvas               *canvas,
                 const PlenumInkPoint *points,
                 guint                 n_points,
                 double                width)
{
  if (n_points == 1)
    {
      /* A dot: a zero-length segment with round caps. */
      canvas_set_width (canvas, width * (MIN_PRESSURE_SCALE + (1 - MIN_PRESSURE_SCALE) *
                                         points[0].pressure));
      canvas_move_to (canvas, points[0].x, points[0].y);
      canvas_line_to (canvas, points[0].x, points[0].y);
      canvas_stroke (canvas);
      return;
    }

  for (guint i = 0; i + 1 < n_points; i++)
    {
      double pressure = (points[i].pressure + points[i + 1].pressure) / 2;
      double c[4];

      spline_segment (points, n_points, i, c);
      canvas_set_width (canvas, width * (MIN_PRESSURE_SCALE +
                                         (1 - MIN_PRESSURE_SCALE) * pressure));
      canvas_move_to (canvas, points[i].x, points[i].y);
      canvas_curve_to (canvas, c[0], c[1], c[2], c[3], points[i + 1].x, points[i + 1].y);
      canvas_stroke (canvas);
    }
}

/* A highlighter stroke: one path of constant width (a marker has no pressure). */
static void
draw_highlight_stroke (Canvas               *canvas,
                       const PlenumInkPoint *points,
                       guint                 n_points,
                       double                width)
{
  canvas_set_width (canvas, width);
  canvas_move_to (canvas, points[0].x, points[0].y);
  if (n_points == 1)
    canvas_line_to (canvas, points[0].x, points[0].y);
  for (guint i = 0; i + 1 < n_points; i++)
    {
      double c[4];

      spline_segment (points, n_points, i, c);
      canvas_curve_to (canvas, c[0], c[1], c[2], c[3], points[i + 1].x, points[i + 1].y);
    }
  canvas_stroke (canvas);
}

static void
draw_rect_path (Canvas *canvas,
                double  x,
                double  y,
                double  width,
                double  height)
{
  canvas_move_to (canvas, x, y);
  canvas_line_to (canvas, x + width, y);
  canvas_line_to (canvas, x + width, y + height);
  canvas_line_to (canvas, x, y + height);
  canvas_close (canvas);
}

/* A note's icon: a sheet in the note's colour with a dark edge and three lines of
 * "text", filling the pin square of PlenumAnnotation. */
static void
draw_note_icon (Canvas *canvas,
                double  x,
                double  y,
                double  red,
                double  green,
                double  blue)
{
  canvas_set_color (canvas, red, green, blue);
  draw_rect_path (canvas, x + 2, y + 2, NOTE_ICON_SIZE - 4, NOTE_ICON_SIZE - 4);
  canvas_fill (canvas);
  canvas_set_color (canvas, 0.2, 0.2, 0.2);
  canvas_set_width (canvas, 1.5);
  draw_rect_path (canvas, x + 2, y + 2, NOTE_ICON_SIZE - 4, NOTE_ICON_SIZE - 4);
  canvas_stroke (canvas);
  canvas_set_width (canvas, 1.2);
  for (int i = 0; i < 3; i++)
    {
      canvas_move_to (canvas, x + 6, y + 8 + 4 * i);
      canvas_line_to (canvas, x + 18, y + 8 + 4 * i);
    }
  canvas_stroke (canvas);
}

/* Draws @annotation opaque, in its colour; the caller applies its opacity (and blend). */
static void
draw_mark (Canvas           *canvas,
           PlenumAnnotation *annotation)
{
  PlenumAnnotationKind kind = plenum_annotation_get_kind (annotation);
  double red, green, blue, alpha;
  double width = plenum_annotation_get_width (annotation);

  plenum_annotation_get_color (annotation, &red, &green, &blue, &alpha);
  canvas_set_color (canvas, red, green, blue);
  canvas_set_round (canvas);

  if (kind == PLENUM_ANNOTATION_NOTE)
    {
      double x, y;

      plenum_annotation_get_position (annotation, &x, &y);
      draw_note_icon (canvas, x, y, red, green, blue);
      return;
    }

  for (guint s = 0; s < plenum_annotation_get_n_strokes (annotation); s++)
    {
      guint n_points = 0;
      const PlenumInkPoint *points = plenum_annotation_get_stroke (annotation, s, &n_points);

      if (n_points == 0)
        continue;
      if (kind == PLENUM_ANNOTATION_INK)
        draw_ink_stroke (canvas, points, n_points, width);
      else
        draw_highlight_stroke (canvas, points, n_points, width);
    }

  if (plenum_annotation_get_n_rects (annotation) > 0)
    {
      const PlenumAnnotationRect *rects = plenum_annotation_get_rects (annotation);

      for (guint i = 0; i < plenum_annotation_get_n_rects (annotation); i++)
        draw_rect_path (canvas, rects[i].x, rects[i].y, rects[i].width, rects[i].height);
      canvas_fill (canvas);
    }
}

/* The flattened copy shows a note's text beside its icon, in a box on white (to the
 * right of the icon where it fits on the page, else to its left; kept on the page), so
 * that the note can be read on paper. Long texts are cut with an ellipsis. */
static void
draw_note_caption (cairo_t          *cr,
                   PlenumAnnotation *annotation,
                   double            page_width,
                   double            page_height)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");
  const char *text = plenum_annotation_get_text (annotation);
  double red, green, blue, alpha;
  double x, y, box_x, box_y, box_width, box_height;
  const double pad = 4;
  int text_width, text_height;

  if (text == NULL || text[0] == '\0')
    return;

  plenum_annotation_get_position (annotation, &x, &y);
  plenum_annotation_get_color (annotation, &red, &green, &blue, &alpha);

  pango_font_description_set_absolute_size (font, NOTE_CAPTION_FONT_SIZE * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) ((NOTE_CAPTION_WIDTH - 2 * pad) * PANGO_SCALE));
  pango_layout_set_height (layout, (int) ((NOTE_CAPTION_MAX_HEIGHT - 2 * pad) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  box_width = text_width + 2 * pad;
  box_height = text_height + 2 * pad;
  box_x = x + NOTE_ICON_SIZE + 2;
  if (box_x + box_width > page_width)
    box_x = x - 2 - box_width;
  box_x = CLAMP (box_x, 0, MAX (0, page_width - box_width));
  box_y = CLAMP (y, 0, MAX (0, page_height - box_height));

  cairo_save (cr);
  cairo_rectangle (cr, box_x, box_y, box_width, box_height);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.92);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, red, green, blue);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_move_to (cr, box_x + pad, box_y + pad);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

/* Flattened: one mark over the page already drawn on @cr. */
static void
draw_mark_flat (cairo_t          *cr,
                PlenumAnnotation *annotation,
                double            page_width,
                double            page_height)
{
  Canvas canvas = { .cr = cr };
  double red, green, blue, alpha;

  plenum_annotation_get_color (annotation, &red, &green, &blue, &alpha);

  cairo_save (cr);
  /* One group per mark: its opacity applies to the mark as a whole. */
  cairo_push_group (cr);
  draw_mark (&canvas, annotation);
  cairo_pop_group_to_source (cr);
  if (plenum_annotation_get_kind (annotation) == PLENUM_ANNOTATION_HIGHLIGHT)
    cairo_set_operator (cr, CAIRO_OPERATOR_MULTIPLY);
  cairo_paint_with_alpha (cr, alpha);
  cairo_restore (cr);

  if (plenum_annotation_get_kind (annotation) == PLENUM_ANNOTATION_NOTE)
    draw_note_caption (cr, annotation, page_width, page_height);
}

/* ---- Reading the input ------------------------------------------------------------------ */

static PlenumExportStatus
load_annotations (const char  *path,
                  GPtrArray  **out,
                  char       **message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  gsize length = 0;
  const cJSON *item;
  guint index = 0;

  if (!g_file_get_contents (path, &data, &length, &error))
    return fail (message, PLENUM_EXPORT_STATUS_IO, "cannot read the annotations: %s",
                 error->message);
  root = plenum_json_parse (data, (gssize) length, &error);
  if (root == NULL)
    return fail (message, PLENUM_EXPORT_STATUS_ANNOTATIONS, "invalid annotations: %s",
                 error->message);
  if (!cJSON_IsArray (root))
    return fail (message, PLENUM_EXPORT_STATUS_ANNOTATIONS,
                 "invalid annotations: not a JSON array");

  cJSON_ArrayForEach (item, root)
    {
      g_autofree char *where = plenum_json_path_index ("annotations", index++);
      PlenumAnnotation *annotation = plenum_annotation_new_from_json (item, where, &error);

      if (annotation == NULL)
        return fail (message, PLENUM_EXPORT_STATUS_ANNOTATIONS, "invalid annotations: %s",
                     error->message);
      /* A tombstone is a deleted mark: nothing to draw. */
      if (plenum_annotation_get_deleted (annotation))
        g_object_unref (annotation);
      else
        g_ptr_array_add (annotations, annotation);
    }

  *out = g_steal_pointer (&annotations);
  return PLENUM_EXPORT_STATUS_OK;
}

static PlenumExportStatus
load_source (const char  *path,
             guint64      max_file_size,
             GBytes     **out,
             char       **message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  struct stat st;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;
      return fail (message, PLENUM_EXPORT_STATUS_IO, "cannot open the document: %s",
                   g_strerror (saved));
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      return fail (message, PLENUM_EXPORT_STATUS_IO, "the document is not a regular file");
    }
  if ((guint64) st.st_size > max_file_size)
    {
      close (fd);
      return fail (message, PLENUM_EXPORT_STATUS_IO,
                   "the document is larger than %" G_GUINT64_FORMAT " bytes", max_file_size);
    }
  if (st.st_size == 0)
    {
      close (fd);
      return fail (message, PLENUM_EXPORT_STATUS_NOT_PDF, "the document is empty");
    }
  mapped = g_mapped_file_new_from_fd (fd, FALSE, &error);
  close (fd);
  if (mapped == NULL)
    return fail (message, PLENUM_EXPORT_STATUS_IO, "cannot read the document: %s",
                 error->message);
  *out = g_mapped_file_get_bytes (mapped);
  return PLENUM_EXPORT_STATUS_OK;
}

/* ---- qpdf ------------------------------------------------------------------------------- */

typedef qpdf_data ExportQpdf;

static void
export_qpdf_free (ExportQpdf q)
{
  qpdf_cleanup (&q);
}
/* qpdf_data is a pointer: g_auto (ExportQpdf) q = NULL. */
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (ExportQpdf, export_qpdf_free, NULL)

static ExportQpdf
export_qpdf_new (void)
{
  qpdf_data q = qpdf_init ();

  /* Errors are read with qpdf_get_error(); nothing of qpdf's goes to stderr, where the
   * client expects one line. */
  qpdf_silence_errors (q);
  qpdf_set_suppress_warnings (q, QPDF_TRUE);
  return q;
}

/* The text of @e (from qpdf_get_error(), which hands each error out only once). */
static char *
qpdf_error_text (qpdf_data  q,
                 qpdf_error e)
{
  const char *detail;

  if (e == NULL)
    return g_strdup ("unknown error");
  detail = qpdf_get_error_full_text (q, e);
  return g_strdelimit (g_strdup (detail != NULL ? detail : "unknown error"), "\n\r", ' ');
}

/* Reads the source without repairing it: a damaged or truncated file is refused. */
static PlenumExportStatus
open_qpdf (GBytes      *source,
           const char  *password,
           qpdf_data   *out,
           int         *n_pages,
           char       **message)
{
  g_auto(ExportQpdf) q = export_qpdf_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (source, &size);

  qpdf_set_attempt_recovery (q, QPDF_FALSE);
  if (qpdf_read_memory (q, "document", data, size, password != NULL ? password : "") &
      QPDF_ERRORS)
    {
      qpdf_error e = qpdf_get_error (q);
      g_autofree char *text = NULL;

      if (e != NULL && qpdf_get_error_code (q, e) == qpdf_e_password)
        return fail (message, PLENUM_EXPORT_STATUS_ENCRYPTED,
                     password != NULL ? "the password is wrong" :
                                        "the document needs a password");
      text = qpdf_error_text (q, e);
      return fail (message, PLENUM_EXPORT_STATUS_NOT_PDF, "not a readable PDF: %s", text);
    }

  *n_pages = qpdf_get_num_pages (q);
  if (*n_pages < 0)
    {
      g_autofree char *text = qpdf_error_text (q, qpdf_get_error (q));
      return fail (message, PLENUM_EXPORT_STATUS_NOT_PDF, "not a readable PDF: %s", text);
    }
  if (*n_pages == 0)
    return fail (message, PLENUM_EXPORT_STATUS_NOT_PDF, "the document has no pages");

  *out = g_steal_pointer (&q);
  return PLENUM_EXPORT_STATUS_OK;
}

/* A page attribute, inherited through the page tree as PDF allows (at most 64 levels:
 * a hostile tree may loop). */
static qpdf_oh
page_attribute (qpdf_data   q,
                qpdf_oh     page,
                const char *key)
{
  qpdf_oh node = page;

  for (int depth = 0; depth < 64 && qpdf_oh_is_dictionary (q, node); depth++)
    {
      if (qpdf_oh_has_key (q, node, key))
        return qpdf_oh_get_key (q, node, key);
      node = qpdf_oh_get_key (q, node, "/Parent");
    }
  return qpdf_oh_new_null (q);
}

static gboolean
read_box (qpdf_data q,
          qpdf_oh   box,
          double    out[4])
{
  if (!qpdf_oh_is_array (q, box) || qpdf_oh_get_array_n_items (q, box) != 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      if (!qpdf_oh_get_value_as_number (q, qpdf_oh_get_array_item (q, box, i), &out[i]) ||
          !isfinite (out[i]))
        return FALSE;
    }
  return TRUE;
}

/* The frame of a page as poppler and MuPDF display it: the CropBox clipped to the
 * MediaBox (the MediaBox alone when there is no valid CropBox; US Letter when neither is
 * valid), turned by /Rotate (a value that is not a multiple of 90 counts as 0). */
static void
page_frame (qpdf_data  q,
            qpdf_oh    page,
            PageFrame *frame)
{
  double media[4] = { 0, 0, 612, 792 };
  double crop[4];
  double box[4];
  long long rotate = 0;

  if (read_box (q, page_attribute (q, page, "/MediaBox"), box))
    {
      media[0] = MIN (box[0], box[2]);
      media[1] = MIN (box[1], box[3]);
      media[2] = MAX (box[0], box[2]);
      media[3] = MAX (box[1], box[3]);
    }
  memcpy (crop, media, sizeof crop);
  if (read_box (q, page_attribute (q, page, "/CropBox"), box))
    {
      double c[4] = {
        MAX (media[0], MIN (box[0], box[2])), MAX (media[1], MIN (box[1], box[3])),
        MIN (media[2], MAX (box[0], box[2])), MIN (media[3], MAX (box[1], box[3])),
      };

      if (c[2] > c[0] && c[3] > c[1])
        memcpy (crop, c, sizeof crop);
    }
  frame->x0 = crop[0];
  frame->y0 = crop[1];
  frame->x1 = crop[2];
  frame->y1 = crop[3];

  if (!qpdf_oh_get_value_as_longlong (q, page_attribute (q, page, "/Rotate"), &rotate))
    rotate = 0;
  rotate %= 360;
  if (rotate < 0)
    rotate += 360;
  frame->rotate = (rotate % 90 == 0) ? (int) rotate : 0;
}

/* ---- Editable: one PDF annotation per mark ----------------------------------------------- */

static char *
pdf_date (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "D:%Y%m%d%H%M%S+00'00'");
}

static qpdf_oh
new_rect_array (qpdf_data q,
                double    x0,
                double    y0,
                double    x1,
                double    y1)
{
  g_autoptr(GString) text = g_string_new ("[");

  append_number (text, x0);
  append_number (text, y0);
  append_number (text, x1);
  append_number (text, y1);
  g_string_append_c (text, ']');
  return qpdf_oh_parse (q, text->str);
}

/* A Form XObject over @bbox with @content. */
static qpdf_oh
new_form (qpdf_data   q,
          const char *bbox_and_extras,
          GString    *content)
{
  qpdf_oh form = qpdf_oh_new_stream (q);
  qpdf_oh dict = qpdf_oh_get_dict (q, form);
  g_autofree char *text = g_strdup_printf ("<< /Type /XObject /Subtype /Form %s >>",
                                           bbox_and_extras);
  qpdf_oh parsed = qpdf_oh_parse (q, text);

  /* The parsed dictionary's keys go into the stream's own dictionary. */
  qpdf_oh_begin_dict_key_iter (q, parsed);
  while (qpdf_oh_dict_more_keys (q))
    {
      const char *key = qpdf_oh_dict_next_key (q);
      qpdf_oh_replace_key (q, dict, key, qpdf_oh_get_key (q, parsed, key));
    }
  qpdf_oh_replace_stream_data (q, form, (const unsigned char *) content->str, content->len,
                               qpdf_oh_new_null (q), qpdf_oh_new_null (q));
  return form;
}

/* Adds @annotation to @page as a standard PDF annotation with its own appearance. */
static void
add_pdf_annotation (qpdf_data         q,
                    qpdf_oh           page,
                    const PageFrame  *frame,
                    PlenumAnnotation *annotation,
                    const char       *author_name)
{
  PlenumAnnotationKind kind = plenum_annotation_get_kind (annotation);
  g_autoptr(GString) content = g_string_new (NULL);
  g_autoptr(GString) outer = g_string_new (NULL);
  g_autoptr(GString) dict_text = g_string_new (NULL);
  g_autofree char *created = pdf_date (plenum_annotation_get_created_at (annotation));
  g_autofree char *modified = pdf_date (plenum_annotation_get_updated_at (annotation));
  g_autofree char *bbox = NULL;
  g_autofree char *extras = NULL;
  Canvas canvas = { .content = content, .frame = frame };
  double red, green, blue, alpha, margin, x0, y0, x1, y1;
  double width = plenum_annotation_get_width (annotation);
  const char *subtype;
  qpdf_oh group, form, annot, annots, rect;

  plenum_annotation_get_color (annotation, &red, &green, &blue, &alpha);

  draw_mark (&canvas, annotation);
  if (!canvas.have_box)
    return;
  /* The paths' points plus half the widest line (and a point of antialiasing). */
  margin = (kind == PLENUM_ANNOTATION_NOTE ? 1.5 : width) / 2 + 1;
  x0 = canvas.bx0 - margin;
  y0 = canvas.by0 - margin;
  x1 = canvas.bx1 + margin;
  y1 = canvas.by1 + margin;
  rect = new_rect_array (q, x0, y0, x1, y1);
  bbox = g_strdup (qpdf_oh_unparse (q, rect));

  /* The opaque paths as a transparency group, painted by the appearance with the mark's
   * opacity (and multiply blend for a highlighter). */
  extras = g_strdup_printf ("/BBox %s /Group << /S /Transparency >>", bbox);
  group = new_form (q, extras, content);
  g_clear_pointer (&extras, g_free);

  g_string_append (outer, "q /G0 gs /M0 Do Q\n");
  {
    g_autoptr(GString) gs = g_string_new ("<< /Type /ExtGState /CA ");

    append_number (gs, alpha);
    g_string_append (gs, "/ca ");
    append_number (gs, alpha);
    g_string_append_printf (gs, "/BM /%s >>",
                            kind == PLENUM_ANNOTATION_HIGHLIGHT ? "Multiply" : "Normal");
    extras = g_strdup_printf ("/BBox %s /Resources << /ExtGState << /G0 %s >> >>", bbox,
                              gs->str);
  }
  form = new_form (q, extras, outer);
  {
    qpdf_oh resources = qpdf_oh_get_key (q, qpdf_oh_get_dict (q, form), "/Resources");
    qpdf_oh xobjects = qpdf_oh_new_dictionary (q);

    qpdf_oh_replace_key (q, xobjects, "/M0", group);
    qpdf_oh_replace_key (q, resources, "/XObject", xobjects);
  }

  /* Ink and a freehand highlight are /Ink; a highlight on text lines is /Highlight (with
   * both, /Ink: it keeps every stroke, and the appearance shows the rectangles too). */
  if (kind == PLENUM_ANNOTATION_NOTE)
    subtype = "Text";
  else if (kind == PLENUM_ANNOTATION_HIGHLIGHT && plenum_annotation_get_n_strokes (annotation) == 0)
    subtype = "Highlight";
  else
    subtype = "Ink";

  g_string_append_printf (dict_text, "<< /Type /Annot /Subtype /%s /F 4 /Rect %s /C [", subtype,
                          bbox);
  append_number (dict_text, red);
  append_number (dict_text, green);
  append_number (dict_text, blue);
  g_string_append (dict_text, "] /CA ");
  append_number (dict_text, alpha);
  g_string_append (dict_text, "/BS << /Type /Border /S /S /W ");
  append_number (dict_text, kind == PLENUM_ANNOTATION_NOTE ? 1 : width);
  g_string_append (dict_text, ">>");

  if (g_str_equal (subtype, "Ink"))
    {
      g_string_append (dict_text, " /InkList [");
      for (guint s = 0; s < plenum_annotation_get_n_strokes (annotation); s++)
        {
          guint n_points = 0;
          const PlenumInkPoint *points = plenum_annotation_get_stroke (annotation, s, &n_points);

          g_string_append_c (dict_text, '[');
          for (guint i = 0; i < n_points; i++)
            {
              double ux, uy;

              frame_to_user (frame, points[i].x, points[i].y, &ux, &uy);
              append_number (dict_text, ux);
              append_number (dict_text, uy);
            }
          g_string_append_c (dict_text, ']');
        }
      g_string_append_c (dict_text, ']');
    }
  else if (g_str_equal (subtype, "Highlight"))
    {
      const PlenumAnnotationRect *rects = plenum_annotation_get_rects (annotation);

      /* Per rectangle: its top-left, top-right, bottom-left and bottom-right corner as
       * the text reads (the order readers use, whatever the specification's figure
       * suggests). */
      g_string_append (dict_text, " /QuadPoints [");
      for (guint i = 0; i < plenum_annotation_get_n_rects (annotation); i++)
        {
          const PlenumAnnotationRect *r = &rects[i];
          const double corners[8] = {
            r->x, r->y, r->x + r->width, r->y,
            r->x, r->y + r->height, r->x + r->width, r->y + r->height,
          };

          for (int c = 0; c < 4; c++)
            {
              double ux, uy;

              frame_to_user (frame, corners[2 * c], corners[2 * c + 1], &ux, &uy);
              append_number (dict_text, ux);
              append_number (dict_text, uy);
            }
        }
      g_string_append_c (dict_text, ']');
    }
  else
    {
      g_string_append (dict_text, " /Name /Comment /Open false");
    }
  g_string_append_printf (dict_text, " /M (%s) /CreationDate (%s) >>", modified, created);

  annot = qpdf_oh_parse (q, dict_text->str);
  qpdf_oh_replace_key (q, annot, "/NM",
                       qpdf_oh_new_unicode_string (q, plenum_annotation_get_id (annotation)));
  if (author_name == NULL || author_name[0] == '\0')
    author_name = plenum_annotation_get_author_id (annotation);
  qpdf_oh_replace_key (q, annot, "/T", qpdf_oh_new_unicode_string (q, author_name));
  if (kind == PLENUM_ANNOTATION_NOTE)
    qpdf_oh_replace_key (q, annot, "/Contents",
                         qpdf_oh_new_unicode_string (q, plenum_annotation_get_text (annotation)));
  {
    qpdf_oh ap = qpdf_oh_new_dictionary (q);

    qpdf_oh_replace_key (q, ap, "/N", form);
    qpdf_oh_replace_key (q, annot, "/AP", ap);
  }
  qpdf_oh_replace_key (q, annot, "/P", page);
  annot = qpdf_make_indirect_object (q, annot);

  annots = qpdf_oh_get_key (q, page, "/Annots");
  if (!qpdf_oh_is_array (q, annots))
    {
      /* None yet (or something that is not an array, which no reader would use). */
      annots = qpdf_oh_new_array (q);
      qpdf_oh_replace_key (q, page, "/Annots", annots);
      annots = qpdf_oh_get_key (q, page, "/Annots");
    }
  qpdf_oh_append_item (q, annots, annot);
}

static PlenumExportStatus
export_editable (qpdf_data    q,
                 GPtrArray   *annotations,
                 const char  *author_name,
                 GBytes     **out,
                 char       **message)
{
  const unsigned char *buffer;
  size_t length;

  if (!qpdf_allow_modify_annotation (q))
    return fail (message, PLENUM_EXPORT_STATUS_PERMISSION,
                 "the document's permissions do not allow adding annotations");

  for (guint i = 0; i < annotations->len; i++)
    {
      PlenumAnnotation *annotation = g_ptr_array_index (annotations, i);
      qpdf_oh page = qpdf_get_page_n (q, plenum_annotation_get_page (annotation));
      PageFrame frame;

      page_frame (q, page, &frame);
      add_pdf_annotation (q, page, &frame, annotation, author_name);
      if (qpdf_has_error (q))
        {
          g_autofree char *text = qpdf_error_text (q, qpdf_get_error (q));
          return fail (message, PLENUM_EXPORT_STATUS_NOT_PDF,
                       "cannot add an annotation to page %u: %s",
                       plenum_annotation_get_page (annotation) + 1, text);
        }
      /* Handles are only needed until the objects are in the document. */
      qpdf_oh_release_all (q);
    }

  /* The source's own objects, its filtered streams as they were (nothing decoded), its
   * encryption kept (qpdf's default); streams without a filter, such as the new
   * appearances, are compressed. */
  if (!(qpdf_init_write_memory (q) & QPDF_ERRORS))
    {
      qpdf_set_decode_level (q, qpdf_dl_none);
      qpdf_set_compress_streams (q, QPDF_TRUE);
      qpdf_write (q);
    }
  if (qpdf_has_error (q))
    {
      qpdf_error e = qpdf_get_error (q);
      g_autofree char *text = qpdf_error_text (q, e);

      if (e != NULL && qpdf_get_error_code (q, e) == qpdf_e_system)
        return fail (message, PLENUM_EXPORT_STATUS_FAILED, "cannot write the copy: %s", text);
      return fail (message, PLENUM_EXPORT_STATUS_NOT_PDF, "not a readable PDF: %s", text);
    }
  buffer = qpdf_get_buffer (q);
  length = qpdf_get_buffer_length (q);
  *out = g_bytes_new (buffer, length);
  return PLENUM_EXPORT_STATUS_OK;
}

/* ---- Flattened -------------------------------------------------------------------------- */

static cairo_status_t
append_to_array_cb (void                *closure,
                    const unsigned char *data,
                    unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Encrypts the flattened copy of an encrypted source again: AES-256, the password the
 * source was opened with as the user password, the source's permissions, and a random
 * owner password that nobody keeps (nobody can lift the restrictions of the copy). */
static PlenumExportStatus
encrypt_like (qpdf_data    source,
              const char  *password,
              GBytes      *plain,
              GBytes     **out,
              char       **message)
{
  g_auto(ExportQpdf) q = export_qpdf_new ();
  guint8 random[16];
  char owner[sizeof random * 2 + 1];
  enum qpdf_r3_print_e print;
  gsize size = 0;
  const char *data = g_bytes_get_data (plain, &size);

  if (getrandom (random, sizeof random, 0) != (ssize_t) sizeof random)
    return fail (message, PLENUM_EXPORT_STATUS_FAILED, "no random numbers for the password");
  for (gsize i = 0; i < sizeof random; i++)
    g_snprintf (owner + 2 * i, 3, "%02x", random[i]);

  if (qpdf_allow_print_high_res (source))
    print = qpdf_r3p_full;
  else if (qpdf_allow_print_low_res (source))
    print = qpdf_r3p_low;
  else
    print = qpdf_r3p_none;

  if ((qpdf_read_memory (q, "copy", data, size, "") & QPDF_ERRORS) ||
      (qpdf_init_write_memory (q) & QPDF_ERRORS))
    {
      g_autofree char *text = qpdf_error_text (q, qpdf_get_error (q));
      return fail (message, PLENUM_EXPORT_STATUS_FAILED, "cannot encrypt the copy: %s", text);
    }
  qpdf_set_r6_encryption_parameters2 (q, password != NULL ? password : "", owner,
                                      qpdf_allow_accessibility (source),
                                      qpdf_allow_extract_all (source),
                                      qpdf_allow_modify_assembly (source),
                                      qpdf_allow_modify_annotation (source),
                                      qpdf_allow_modify_form (source),
                                      qpdf_allow_modify_other (source), print, QPDF_TRUE);
  if (qpdf_write (q) & QPDF_ERRORS)
    {
      g_autofree char *text = qpdf_error_text (q, qpdf_get_error (q));
      return fail (message, PLENUM_EXPORT_STATUS_FAILED, "cannot encrypt the copy: %s", text);
    }
  *out = g_bytes_new (qpdf_get_buffer (q), qpdf_get_buffer_length (q));
  explicit_bzero (owner, sizeof owner);
  return PLENUM_EXPORT_STATUS_OK;
}

static PlenumExportStatus
export_flattened (GBytes      *source,
                  qpdf_data    q,
                  const char  *password,
                  GPtrArray   *annotations,
                  GBytes     **out,
                  char       **message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ExportPopplerDocument) document = NULL;
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  g_autoptr(GBytes) plain = NULL;
  PopplerPermissions permissions;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int n_pages;

  if (password == NULL)
    {
      document = poppler_document_new_from_bytes (source, NULL, &error);
    }
  else
    {
      /* poppler-glib 22.12's new_from_bytes() crashes when the password is not the
       * Latin-1 one (it retries with a stream it has already freed); new_from_stream()
       * over the same bytes does not. */
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (source);

      document = poppler_document_new_from_stream (stream, (goffset) g_bytes_get_size (source),
                                                   password, NULL, &error);
    }
  if (document == NULL)
    {
      if (g_error_matches (error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        return fail (message, PLENUM_EXPORT_STATUS_ENCRYPTED, "the password is wrong");
      return fail (message, PLENUM_EXPORT_STATUS_NOT_PDF, "not a readable PDF: %s",
                   error->message);
    }
  permissions = poppler_document_get_permissions (document);
  if (!(permissions & POPPLER_PERMISSIONS_OK_TO_PRINT) ||
      !(permissions & POPPLER_PERMISSIONS_OK_TO_COPY))
    return fail (message, PLENUM_EXPORT_STATUS_PERMISSION,
                 "the document's permissions do not allow printing or copying it");

  n_pages = poppler_document_get_n_pages (document);
  if (n_pages <= 0)
    return fail (message, PLENUM_EXPORT_STATUS_NOT_PDF, "the document has no pages");

  surface = cairo_pdf_surface_create_for_stream (append_to_array_cb, pdf, 612, 792);
  cr = cairo_create (surface);
  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr(ExportPopplerPage) page = poppler_document_get_page (document, i);
      double width = 0, height = 0;

      if (page == NULL)
        {
          cairo_destroy (cr);
          cairo_surface_destroy (surface);
          return fail (message, PLENUM_EXPORT_STATUS_NOT_PDF, "page %d cannot be read", i + 1);
        }
      /* The page as displayed: poppler turns it by its /Rotate, in the model's frame. */
      poppler_page_get_size (page, &width, &height);
      cairo_pdf_surface_set_size (surface, width, height);
      cairo_save (cr);
      poppler_page_render_for_printing (page, cr);
      cairo_restore (cr);

      for (guint a = 0; a < annotations->len; a++)
        {
          PlenumAnnotation *annotation = g_ptr_array_index (annotations, a);

          if (plenum_annotation_get_page (annotation) == (guint) i)
            draw_mark_flat (cr, annotation, width, height);
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return fail (message, PLENUM_EXPORT_STATUS_FAILED, "cannot draw the copy: %s",
                 cairo_status_to_string (status));

  plain = g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
  if (qpdf_is_encrypted (q))
    return encrypt_like (q, password, plain, out, message);
  *out = g_steal_pointer (&plain);
  return PLENUM_EXPORT_STATUS_OK;
}

/* ---- Writing the copy ------------------------------------------------------------------- */

static PlenumExportStatus
write_failed (char      **message,
              int         saved_errno,
              const char *what)
{
  if (saved_errno == ENOSPC || saved_errno == EDQUOT)
    return fail (message, PLENUM_EXPORT_STATUS_DISK_FULL, "no space left for the copy: %s",
                 g_strerror (saved_errno));
  return fail (message, PLENUM_EXPORT_STATUS_IO, "cannot %s the copy: %s", what,
               g_strerror (saved_errno));
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, MIN (length, (gsize) 1 << 20));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

static char *
hidden_name (const char *base)
{
  return g_strdup_printf (".%s.%08x.export", base, g_random_int ());
}

/* Writes @data as @output_path, complete or not at all. */
static PlenumExportStatus
write_output (const char  *output_path,
              GBytes      *data,
              char       **message)
{
  g_autofree char *folder = g_path_get_dirname (output_path);
  g_autofree char *base = g_path_get_basename (output_path);
  g_autofree char *temp_name = NULL;  /* set while a named temporary file exists */
  PlenumExportStatus status = PLENUM_EXPORT_STATUS_OK;
  gsize length = 0;
  const guint8 *bytes = g_bytes_get_data (data, &length);
  int dir_fd, fd;

  if (base[0] == '\0' || g_str_equal (base, ".") || g_str_equal (base, "..") ||
      g_str_equal (base, G_DIR_SEPARATOR_S))
    return fail (message, PLENUM_EXPORT_STATUS_USAGE, "the output path names no file");

  dir_fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (dir_fd < 0)
    return write_failed (message, errno, "create");

  /* Unnamed until complete: if this process dies, the kernel frees it. */
  fd = openat (dir_fd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL))
    {
      for (int attempt = 0; attempt < 100 && fd < 0; attempt++)
        {
          g_free (temp_name);
          temp_name = hidden_name (base);
          fd = openat (dir_fd, temp_name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                       0666);
          if (fd < 0 && errno != EEXIST)
            break;
        }
      if (fd < 0)
        g_clear_pointer (&temp_name, g_free);
    }
  if (fd < 0)
    {
      status = write_failed (message, errno, "create");
      close (dir_fd);
      return status;
    }

  if (!write_all (fd, bytes, length))
    status = write_failed (message, errno, "write");
  else if (fsync (fd) != 0)
    status = write_failed (message, errno, "write");

  if (status == PLENUM_EXPORT_STATUS_OK && temp_name == NULL)
    {
      g_autofree char *proc_path = g_strdup_printf ("/proc/self/fd/%d", fd);

      for (int attempt = 0; attempt < 100; attempt++)
        {
          temp_name = hidden_name (base);
          if (linkat (AT_FDCWD, proc_path, dir_fd, temp_name, AT_SYMLINK_FOLLOW) == 0)
            break;
          if (errno == ENOENT &&
              linkat (fd, "", dir_fd, temp_name, AT_EMPTY_PATH) == 0)
            break;
          g_clear_pointer (&temp_name, g_free);
          if (errno != EEXIST)
            break;
        }
      if (temp_name == NULL)
        status = write_failed (message, errno, "name");
    }
  close (fd);

  if (status == PLENUM_EXPORT_STATUS_OK)
    {
      if (renameat (dir_fd, temp_name, dir_fd, base) != 0)
        status = write_failed (message, errno, "name");
      else
        {
          g_clear_pointer (&temp_name, g_free);
          /* The new name survives a power cut; a failure here changes nothing for the
           * user (the copy is there). */
          fsync (dir_fd);
        }
    }
  if (temp_name != NULL)
    unlinkat (dir_fd, temp_name, 0);
  close (dir_fd);
  return status;
}

/* ---- Entry ------------------------------------------------------------------------------ */

PlenumExportStatus
plenum_export_run (const PlenumExportSettings *settings,
                   char                      **message)
{
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GBytes) source = NULL;
  g_autoptr(GBytes) copy = NULL;
  g_auto(ExportQpdf) q = NULL;
  PlenumExportStatus status;
  int n_pages = 0;

  g_return_val_if_fail (settings != NULL, PLENUM_EXPORT_STATUS_FAILED);
  g_return_val_if_fail (message != NULL && *message == NULL, PLENUM_EXPORT_STATUS_FAILED);

  /* The client never offers it; refusing here too means no caller can get one. */
  if (settings->confidential)
    return fail (message, PLENUM_EXPORT_STATUS_CONFIDENTIAL,
                 "the document is confidential and may not be exported");

  status = load_annotations (settings->annotations_path, &annotations, message);
  if (status != PLENUM_EXPORT_STATUS_OK)
    return status;
  status = load_source (settings->source_path, settings->max_file_size, &source, message);
  if (status != PLENUM_EXPORT_STATUS_OK)
    return status;
  status = open_qpdf (source, settings->password, &q, &n_pages, message);
  if (status != PLENUM_EXPORT_STATUS_OK)
    return status;

  for (guint i = 0; i < annotations->len; i++)
    {
      PlenumAnnotation *annotation = g_ptr_array_index (annotations, i);

      if (plenum_annotation_get_page (annotation) >= (guint) n_pages)
        return fail (message, PLENUM_EXPORT_STATUS_ANNOTATIONS,
                     "annotation %s is on page %u; the document has %d",
                     plenum_annotation_get_id (annotation),
                     plenum_annotation_get_page (annotation) + 1, n_pages);
    }

  if (settings->mode == PLENUM_EXPORT_MODE_EDITABLE)
    status = export_editable (q, annotations, settings->author_name, &copy, message);
  else
    status = export_flattened (source, q, settings->password, annotations, &copy, message);
  if (status != PLENUM_EXPORT_STATUS_OK)
    return status;

  return write_output (settings->output_path, copy, message);
}
