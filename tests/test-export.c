/* test-export.c — "save an annotated copy" (app/export, app/pdf/plenum-export-client):
 * both modes on a real PDF made here with cairo (four pages, turned by /Rotate 0, 90,
 * 180 and 270 with qpdf, since cairo cannot set /Rotate), checked with a second engine:
 * MuPDF's `mutool draw` renders the copy at 72 dpi (a pixel per point), and the marks
 * must be where the model put them, the rest of each page as MuPDF draws the original.
 * poppler checks the annotations of the editable copy and that the text is still text.
 * Refusals: confidential, permissions, a wrong password, a truncated source, a full disk
 * (a real tmpfs in a private mount namespace, by this binary run again as a child).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include <qpdf/qpdf-c.h>

#include "core/plenum-annotation.h"
#include "pdf/plenum-export-client.h"
#include "plenum-test-util.h"

#define TIMEOUT_MS 90000

/* The source: portrait pages of this size before /Rotate. */
#define PAGE_WIDTH  600.0
#define PAGE_HEIGHT 800.0
#define N_PAGES     4
static const int rotations[N_PAGES] = { 0, 90, 180, 270 };

#define AUTHOR_ID "0b5c6a64-5a1e-4c53-9f5b-3c1f5a0f7d21"
#define DOCUMENT_ID "7e1f0c9a-2b4d-4f7e-8a6b-1d2c3e4f5a6b"
#define DOCUMENT_SHA "0000000000000000000000000000000000000000000000000000000000000000"

/* ---- Making the source ------------------------------------------------------------------ */

static void
write_text_pdf (const char *path,
                guint       n_pages)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_t *cr = cairo_create (surface);

  for (guint p = 0; p < n_pages; p++)
    {
      g_autofree char *title = g_strdup_printf ("Plenum export test, page %u", p + 1);
      const char *lines[] = {
        title,
        "The members approve the agenda.",
        "Quorum reached at nine.",
        "The budget is discussed next.",
      };

      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                              CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, 16);
      for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
        {
          cairo_move_to (cr, 72, 100 + 40 * i);
          cairo_show_text (cr, lines[i]);
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

/* Rewrites @in as @out with qpdf: page i gets /Rotate rotations[i]; when @restricted,
 * the copy is encrypted with an owner password only, forbidding printing, copying and
 * annotating; when @password is set, it is the user password (everything allowed). */
static void
qpdf_rewrite (const char *in,
              const char *out,
              gboolean    restricted,
              const char *password)
{
  qpdf_data q = qpdf_init ();

  qpdf_silence_errors (q);
  g_assert_cmpint (qpdf_read (q, in, NULL) & QPDF_ERRORS, ==, 0);
  for (int i = 0; i < qpdf_get_num_pages (q) && i < N_PAGES; i++)
    qpdf_oh_replace_key (q, qpdf_get_page_n (q, i), "/Rotate",
                         qpdf_oh_new_integer (q, rotations[i]));
  g_assert_cmpint (qpdf_init_write (q, out) & QPDF_ERRORS, ==, 0);
  if (restricted)
    qpdf_set_r6_encryption_parameters2 (q, "", "owner-secret", QPDF_TRUE, QPDF_FALSE,
                                        QPDF_FALSE, QPDF_FALSE, QPDF_FALSE, QPDF_FALSE,
                                        qpdf_r3p_none, QPDF_TRUE);
  else if (password != NULL)
    qpdf_set_r6_encryption_parameters2 (q, password, "owner-secret", QPDF_TRUE, QPDF_TRUE,
                                        QPDF_TRUE, QPDF_TRUE, QPDF_TRUE, QPDF_TRUE,
                                        qpdf_r3p_full, QPDF_TRUE);
  g_assert_cmpint (qpdf_write (q) & QPDF_ERRORS, ==, 0);
  qpdf_cleanup (&q);
}

/* The four-page source, turned 0/90/180/270. */
static char *
make_source (const char *folder,
             const char *name,
             gboolean    restricted,
             const char *password)
{
  g_autofree char *plain = g_build_filename (folder, "plain.pdf", NULL);
  char *path = g_build_filename (folder, name, NULL);

  write_text_pdf (plain, N_PAGES);
  qpdf_rewrite (plain, path, restricted, password);
  g_unlink (plain);
  return path;
}

/* ---- The marks -------------------------------------------------------------------------- */

typedef struct {
  double width, height;          /* the page as displayed */
  PlenumAnnotationRect quorum;   /* the word "Quorum", as poppler finds it */
  PlenumInkPoint ink[21];
  double note_x, note_y;
} PageMarks;

/* Where "Quorum" is on each displayed page, from poppler's text: the frame the reader
 * snaps highlights to. */
static void
find_marks (const char *source,
            PageMarks   marks[N_PAGES])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (source, NULL, NULL);
  PopplerDocument *doc = poppler_document_new_from_file (uri, NULL, &error);

  g_assert_no_error (error);
  for (int p = 0; p < N_PAGES; p++)
    {
      PopplerPage *page = poppler_document_get_page (doc, p);
      PageMarks *m = &marks[p];
      GList *hits;
      PopplerRectangle *r;

      poppler_page_get_size (page, &m->width, &m->height);
      if (rotations[p] == 90 || rotations[p] == 270)
        {
          g_assert_cmpfloat_with_epsilon (m->width, PAGE_HEIGHT, 0.01);
          g_assert_cmpfloat_with_epsilon (m->height, PAGE_WIDTH, 0.01);
        }
      hits = poppler_page_find_text (page, "Quorum");
      g_assert_cmpuint (g_list_length (hits), ==, 1);
      r = hits->data;
      /* find_text answers with the origin at the bottom-left. */
      m->quorum = (PlenumAnnotationRect) {
        MIN (r->x1, r->x2), m->height - MAX (r->y1, r->y2),
        fabs (r->x2 - r->x1), fabs (r->y2 - r->y1),
      };
      g_list_free_full (hits, (GDestroyNotify) poppler_rectangle_free);
      g_object_unref (page);

      /* A gentle red curve in the lower part of the page, and a note near the top right. */
      for (guint i = 0; i < G_N_ELEMENTS (m->ink); i++)
        {
          double t = i / (double) (G_N_ELEMENTS (m->ink) - 1);

          m->ink[i] = (PlenumInkPoint) { m->width * (0.15 + 0.45 * t),
                                         m->height * (0.85 + 0.04 * sin (t * G_PI)),
                                         0.6 + 0.4 * t };
        }
      m->note_x = m->width * 0.8;
      m->note_y = m->height * 0.05;
    }
  g_object_unref (doc);
}

static GPtrArray *
make_annotations (PageMarks marks[N_PAGES])
{
  GPtrArray *annotations = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint p = 0; p < N_PAGES; p++)
    {
      PlenumAnnotation *ink = plenum_annotation_new (PLENUM_ANNOTATION_INK, DOCUMENT_ID,
                                                     DOCUMENT_SHA, AUTHOR_ID, p);
      PlenumAnnotation *highlight = plenum_annotation_new (PLENUM_ANNOTATION_HIGHLIGHT,
                                                           DOCUMENT_ID, DOCUMENT_SHA,
                                                           AUTHOR_ID, p);
      PlenumAnnotation *note = plenum_annotation_new (PLENUM_ANNOTATION_NOTE, DOCUMENT_ID,
                                                      DOCUMENT_SHA, AUTHOR_ID, p);
      PlenumAnnotation *gone = plenum_annotation_new (PLENUM_ANNOTATION_INK, DOCUMENT_ID,
                                                      DOCUMENT_SHA, AUTHOR_ID, p);

      plenum_annotation_set_color (ink, 1, 0, 0, 1);
      plenum_annotation_set_width (ink, 4);
      plenum_annotation_add_stroke (ink, marks[p].ink, G_N_ELEMENTS (marks[p].ink));

      plenum_annotation_set_color (highlight, 1, 1, 0, 0.5);
      plenum_annotation_set_rects (highlight, &marks[p].quorum, 1);

      plenum_annotation_set_color (note, 0.2, 0.4, 1, 1);
      plenum_annotation_set_position (note, marks[p].note_x, marks[p].note_y);
      plenum_annotation_set_text (note, "Ask about the quorum — Nghị quyết?");

      /* A deleted mark (a tombstone) is not exported. */
      plenum_annotation_set_color (gone, 0, 1, 0, 1);
      plenum_annotation_set_width (gone, 20);
      plenum_annotation_add_stroke (gone, marks[p].ink, G_N_ELEMENTS (marks[p].ink));
      plenum_annotation_set_deleted (gone, TRUE);

      g_ptr_array_add (annotations, ink);
      g_ptr_array_add (annotations, highlight);
      g_ptr_array_add (annotations, note);
      g_ptr_array_add (annotations, gone);
    }
  return annotations;
}

/* ---- Running the export ----------------------------------------------------------------- */

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} ExportResult;

static void
copy_exported_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ExportResult *r = user_data;

  r->ok = plenum_export_copy_finish (result, &r->error);
  r->done = TRUE;
}

/* Returns TRUE, or FALSE with *@error set. */
static gboolean
export_copy (const char        *source,
             const char        *password,
             GPtrArray         *annotations,
             PlenumExportMode   mode,
             gboolean           confidential,
             const char        *output,
             GError           **error)
{
  ExportResult r = { 0 };

  plenum_export_copy_async (source, password, annotations, mode, confidential, "Ana Member",
                            output, NULL, copy_exported_cb, &r);
  g_assert_true (plenum_test_wait_flag (NULL, &r.done, TIMEOUT_MS));
  g_assert_true (r.ok == (r.error == NULL));
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.ok;
}

/* ---- MuPDF ------------------------------------------------------------------------------ */

static gboolean
have_mutool (void)
{
  g_autofree char *path = g_find_program_in_path ("mutool");

  if (path != NULL)
    return TRUE;
  if (plenum_test_in_ci ())
    g_test_fail_printf ("mutool (mupdf-tools) is needed to check the exports");
  else
    g_test_skip ("mutool (mupdf-tools) is not installed (it fails when CI=true)");
  return FALSE;
}

/* Renders every page of @pdf at 72 dpi with MuPDF: an array of N_PAGES image surfaces. */
static GPtrArray *
mupdf_render (const char *pdf,
              const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = plenum_test_mkdtemp ("mupdf");
  g_autofree char *pattern = g_build_filename (folder, "page-%d.png", NULL);
  g_autoptr(GSubprocess) mutool = NULL;
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);

  if (password != NULL)
    mutool = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "mutool", "draw",
                               "-q", "-p", password, "-r", "72", "-o", pattern, pdf, NULL);
  else
    mutool = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "mutool", "draw",
                               "-q", "-r", "72", "-o", pattern, pdf, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (mutool, NULL, &error));
  g_assert_no_error (error);

  for (int p = 0; p < N_PAGES; p++)
    {
      g_autofree char *name = g_strdup_printf ("page-%d.png", p + 1);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      cairo_surface_t *image = cairo_image_surface_create_from_png (path);

      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      g_ptr_array_add (pages, image);
    }
  plenum_test_rm_rf (folder);
  return pages;
}

static void
pixel_at (cairo_surface_t *image,
          int              x,
          int              y,
          int             *r,
          int             *g,
          int             *b)
{
  const guint8 *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);
  guint32 value;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (image));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (image));
  memcpy (&value, data + (gsize) y * stride + (gsize) x * 4, sizeof value);
  *r = (value >> 16) & 0xff;
  *g = (value >> 8) & 0xff;
  *b = value & 0xff;
}

typedef struct {
  double x0, y0, x1, y1;
} Box;

static gboolean
in_boxes (const Box *boxes,
          guint      n_boxes,
          int        x,
          int        y)
{
  for (guint i = 0; i < n_boxes; i++)
    {
      if (x >= boxes[i].x0 && x <= boxes[i].x1 && y >= boxes[i].y0 && y <= boxes[i].y1)
        return TRUE;
    }
  return FALSE;
}

/* The marks of one page are where they should be in MuPDF's rendering of the copy, and
 * every pixel outside them is as in its rendering of the original. */
static void
check_page (cairo_surface_t *copy,
            cairo_surface_t *original,
            const PageMarks *m,
            gboolean         flattened)
{
  const PlenumAnnotationRect *q = &m->quorum;
  guint yellow = 0, dark = 0, area = 0, changed = 0, total = 0;
  Box boxes[4];
  int r, g, b;

  g_assert_cmpint (cairo_image_surface_get_width (copy), ==, (int) round (m->width));
  g_assert_cmpint (cairo_image_surface_get_height (copy), ==, (int) round (m->height));
  g_assert_cmpint (cairo_image_surface_get_width (original), ==, (int) round (m->width));

  /* Red along the pen stroke (4 points wide), between its samples too. */
  for (guint i = 1; i + 1 < G_N_ELEMENTS (m->ink); i++)
    {
      double x = (m->ink[i].x + m->ink[i + 1].x) / 2;
      double y = (m->ink[i].y + m->ink[i + 1].y) / 2;

      pixel_at (copy, (int) floor (x), (int) floor (y), &r, &g, &b);
      g_assert_cmpint (r, >, 200);
      g_assert_cmpint (g, <, 90);
      g_assert_cmpint (b, <, 90);
    }

  /* Yellow over "Quorum" (multiplied: the paper turns yellow, the letters stay dark);
   * there is no yellow there in the original. */
  for (int y = (int) ceil (q->y + 1); y < (int) floor (q->y + q->height - 1); y++)
    for (int x = (int) ceil (q->x + 1); x < (int) floor (q->x + q->width - 1); x++)
      {
        area++;
        pixel_at (copy, x, y, &r, &g, &b);
        if (r > 200 && g > 200 && b < 170 && b > 90)
          yellow++;
        if (r < 110 && g < 110 && b < 110)
          dark++;
        pixel_at (original, x, y, &r, &g, &b);
        g_assert_false (r > 200 && g > 200 && b < 170);
      }
  g_assert_cmpuint (area, >, 100);
  g_assert_cmpuint (yellow, >, area / 3);
  g_assert_cmpuint (dark, >, area / 50);

  /* The note's icon: its colour inside the sheet, dark at its edge. */
  pixel_at (copy, (int) (m->note_x + 4.5), (int) (m->note_y + 4.5), &r, &g, &b);
  g_assert_cmpint (abs (r - 51), <, 30);
  g_assert_cmpint (abs (g - 102), <, 30);
  g_assert_cmpint (b, >, 220);
  pixel_at (copy, (int) (m->note_x + 12), (int) (m->note_y + 2), &r, &g, &b);
  g_assert_cmpint (r, <, 110);

  /* Everything else unchanged: the marks' areas (a few points wider) and, when
   * flattened, the note's caption beside its icon are left out. */
  boxes[0] = (Box) { m->ink[0].x - 8, m->height * 0.85 - 8,
                     m->ink[G_N_ELEMENTS (m->ink) - 1].x + 8, m->height * 0.89 + 8 };
  boxes[1] = (Box) { q->x - 3, q->y - 3, q->x + q->width + 3, q->y + q->height + 3 };
  boxes[2] = (Box) { m->note_x - 4, m->note_y - 4, m->note_x + 28, m->note_y + 28 };
  boxes[3] = (Box) { m->note_x - 200, m->note_y - 4, m->width, m->note_y + 260 };
  for (int y = 0; y < (int) round (m->height); y++)
    for (int x = 0; x < (int) round (m->width); x++)
      {
        int r2, g2, b2;

        if (in_boxes (boxes, flattened ? 4 : 3, x, y))
          continue;
        total++;
        pixel_at (copy, x, y, &r, &g, &b);
        pixel_at (original, x, y, &r2, &g2, &b2);
        if (abs (r - r2) > 64 || abs (g - g2) > 64 || abs (b - b2) > 64)
          changed++;
      }
  g_test_message ("page %gx%g: %u of %u unmarked pixels differ", m->width, m->height, changed,
                  total);
  /* The editable copy keeps the page's own objects: identical. The flattened one is the
   * page drawn again by poppler (its fonts embedded anew by cairo): glyph edges may be
   * antialiased a little differently, nothing more. */
  if (flattened)
    g_assert_cmpuint (changed, <, total / 500);
  else
    g_assert_cmpuint (changed, ==, 0);
}

static PopplerDocument *
poppler_open (const char *path,
              const char *password,
              GError    **error)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

  return poppler_document_new_from_file (uri, password, error);
}

/* The text is still text (vectors, not an image of the page). */
static void
check_text_kept (PopplerDocument *doc)
{
  g_assert_cmpint (poppler_document_get_n_pages (doc), ==, N_PAGES);
  for (int p = 0; p < N_PAGES; p++)
    {
      PopplerPage *page = poppler_document_get_page (doc, p);
      g_autofree char *text = poppler_page_get_text (page);

      g_assert_nonnull (strstr (text, "Quorum reached at nine."));
      g_object_unref (page);
    }
}

/* Each page of the editable copy has exactly an ink, a highlight and a note, named with
 * the marks' ids, the note's text as its contents. */
static void
check_annotations (PopplerDocument *doc,
                   GPtrArray       *annotations)
{
  for (int p = 0; p < N_PAGES; p++)
    {
      PopplerPage *page = poppler_document_get_page (doc, p);
      GList *mapping = poppler_page_get_annot_mapping (page);
      guint n_ink = 0, n_highlight = 0, n_text = 0;

      for (GList *l = mapping; l != NULL; l = l->next)
        {
          PopplerAnnotMapping *am = l->data;
          g_autofree char *name = poppler_annot_get_name (am->annot);
          PlenumAnnotation *expected = NULL;

          for (guint i = 0; i < annotations->len; i++)
            {
              PlenumAnnotation *a = g_ptr_array_index (annotations, i);

              if (g_strcmp0 (plenum_annotation_get_id (a), name) == 0)
                expected = a;
            }
          g_assert_nonnull (expected);
          g_assert_false (plenum_annotation_get_deleted (expected));
          g_assert_cmpuint (plenum_annotation_get_page (expected), ==, p);

          switch (poppler_annot_get_annot_type (am->annot))
            {
            case POPPLER_ANNOT_INK:
              g_assert_cmpint (plenum_annotation_get_kind (expected), ==, PLENUM_ANNOTATION_INK);
              n_ink++;
              break;
            case POPPLER_ANNOT_HIGHLIGHT:
              g_assert_cmpint (plenum_annotation_get_kind (expected), ==,
                               PLENUM_ANNOTATION_HIGHLIGHT);
              n_highlight++;
              break;
            case POPPLER_ANNOT_TEXT:
              {
                PopplerAnnotMarkup *markup = POPPLER_ANNOT_MARKUP (am->annot);
                g_autofree char *contents = poppler_annot_get_contents (am->annot);
                g_autofree char *label = poppler_annot_markup_get_label (markup);

                g_assert_cmpstr (contents, ==, plenum_annotation_get_text (expected));
                g_assert_cmpstr (label, ==, "Ana Member");
                g_assert_false (poppler_annot_markup_get_popup_is_open (markup));
                n_text++;
              }
              break;
            default:
              g_assert_not_reached ();
            }
        }
      g_assert_cmpuint (n_ink, ==, 1);
      g_assert_cmpuint (n_highlight, ==, 1);
      g_assert_cmpuint (n_text, ==, 1);
      poppler_page_free_annot_mapping (mapping);
      g_object_unref (page);
    }
}

/* ---- Tests ------------------------------------------------------------------------------ */

static void
check_export (PlenumExportMode  mode,
              const char       *password)
{
  g_autofree char *folder = plenum_test_mkdtemp ("export");
  g_autofree char *source = make_source (folder, "source.pdf", FALSE, password);
  g_autofree char *output = g_build_filename (folder, "copy.pdf", NULL);
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GPtrArray) original = NULL;
  g_autoptr(GPtrArray) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  PopplerDocument *doc;
  PageMarks marks[N_PAGES];
  gboolean ok;

  if (!have_mutool ())
    return;

  if (password != NULL)
    {
      /* Find the words on an unencrypted twin (same pages). */
      g_autofree char *twin = make_source (folder, "twin.pdf", FALSE, NULL);
      find_marks (twin, marks);
      g_unlink (twin);
    }
  else
    find_marks (source, marks);
  annotations = make_annotations (marks);

  ok = export_copy (source, password, annotations, mode, FALSE, output, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  /* Only the copy is left beside the source: no temporary file. */
  names = plenum_test_list_folder (folder);
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "copy.pdf");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "source.pdf");

  original = mupdf_render (source, password);
  copy = mupdf_render (output, password);
  for (int p = 0; p < N_PAGES; p++)
    {
      g_test_message ("page %d (/Rotate %d)", p + 1, rotations[p]);
      check_page (g_ptr_array_index (copy, p), g_ptr_array_index (original, p), &marks[p],
                  mode == PLENUM_EXPORT_MODE_FLATTENED);
    }

  if (password != NULL)
    {
      /* The copy is as protected as the original. */
      doc = poppler_open (output, NULL, &error);
      g_assert_error (error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED);
      g_assert_null (doc);
      g_clear_error (&error);
    }
  doc = poppler_open (output, password, &error);
  g_assert_no_error (error);
  check_text_kept (doc);
  if (mode == PLENUM_EXPORT_MODE_EDITABLE)
    check_annotations (doc, annotations);
  else
    {
      for (int p = 0; p < N_PAGES; p++)
        {
          PopplerPage *page = poppler_document_get_page (doc, p);
          GList *mapping = poppler_page_get_annot_mapping (page);

          /* Drawn into the page: nothing for a reader to edit or hide. */
          g_assert_null (mapping);
          g_object_unref (page);
        }
    }
  g_object_unref (doc);
}

static void
test_editable (void)
{
  check_export (PLENUM_EXPORT_MODE_EDITABLE, NULL);
}

static void
test_flattened (void)
{
  check_export (PLENUM_EXPORT_MODE_FLATTENED, NULL);
}

static void
test_editable_encrypted (void)
{
  check_export (PLENUM_EXPORT_MODE_EDITABLE, "geheim-ẞ");
}

static void
test_flattened_encrypted (void)
{
  check_export (PLENUM_EXPORT_MODE_FLATTENED, "geheim-ẞ");
}

/* A refusal: the error, and nothing new in the folder. */
static void
check_refused (const char       *source,
               const char       *password,
               PlenumExportMode  mode,
               gboolean          confidential,
               GQuark            domain,
               int               code)
{
  g_autofree char *folder = g_path_get_dirname (source);
  g_autofree char *output = g_build_filename (folder, "copy.pdf", NULL);
  g_autoptr(GPtrArray) before = plenum_test_list_folder (folder);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  PlenumAnnotation *ink = plenum_annotation_new (PLENUM_ANNOTATION_INK, DOCUMENT_ID,
                                                 DOCUMENT_SHA, AUTHOR_ID, 0);
  const PlenumInkPoint points[] = { { 100, 100, 1 }, { 200, 120, 1 } };

  plenum_annotation_add_stroke (ink, points, G_N_ELEMENTS (points));
  g_ptr_array_add (annotations, ink);

  g_assert_false (export_copy (source, password, annotations, mode, confidential, output,
                               &error));
  g_assert_error (error, domain, code);
  g_test_message ("refused: %s", error->message);
  after = plenum_test_list_folder (folder);
  g_assert_cmpuint (after->len, ==, before->len);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

static void
test_confidential (void)
{
  g_autofree char *folder = plenum_test_mkdtemp ("confidential");
  g_autofree char *source = make_source (folder, "source.pdf", FALSE, NULL);

  check_refused (source, NULL, PLENUM_EXPORT_MODE_FLATTENED, TRUE, PLENUM_EXPORT_ERROR,
                 PLENUM_EXPORT_ERROR_CONFIDENTIAL);
  check_refused (source, NULL, PLENUM_EXPORT_MODE_EDITABLE, TRUE, PLENUM_EXPORT_ERROR,
                 PLENUM_EXPORT_ERROR_CONFIDENTIAL);
}

static void
test_permissions (void)
{
  g_autofree char *folder = plenum_test_mkdtemp ("permissions");
  g_autofree char *source = make_source (folder, "source.pdf", TRUE, NULL);

  check_refused (source, NULL, PLENUM_EXPORT_MODE_FLATTENED, FALSE, PLENUM_EXPORT_ERROR,
                 PLENUM_EXPORT_ERROR_PERMISSION);
  check_refused (source, NULL, PLENUM_EXPORT_MODE_EDITABLE, FALSE, PLENUM_EXPORT_ERROR,
                 PLENUM_EXPORT_ERROR_PERMISSION);
}

static void
test_wrong_password (void)
{
  g_autofree char *folder = plenum_test_mkdtemp ("password");
  g_autofree char *source = make_source (folder, "source.pdf", FALSE, "right");

  check_refused (source, "wrong", PLENUM_EXPORT_MODE_FLATTENED, FALSE, PLENUM_EXPORT_ERROR,
                 PLENUM_EXPORT_ERROR_ENCRYPTED);
  check_refused (source, NULL, PLENUM_EXPORT_MODE_EDITABLE, FALSE, PLENUM_EXPORT_ERROR,
                 PLENUM_EXPORT_ERROR_ENCRYPTED);
}

static void
test_truncated (void)
{
  g_autofree char *folder = plenum_test_mkdtemp ("truncated");
  g_autofree char *whole = make_source (folder, "whole.pdf", FALSE, NULL);
  g_autofree char *source = g_build_filename (folder, "source.pdf", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (whole, &data, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (source, data, (gssize) (length * 2 / 3), &error));
  g_assert_no_error (error);
  g_unlink (whole);

  check_refused (source, NULL, PLENUM_EXPORT_MODE_FLATTENED, FALSE, PLENUM_EXPORT_ERROR,
                 PLENUM_EXPORT_ERROR_NOT_PDF);
  check_refused (source, NULL, PLENUM_EXPORT_MODE_EDITABLE, FALSE, PLENUM_EXPORT_ERROR,
                 PLENUM_EXPORT_ERROR_NOT_PDF);
}

/* A mark on a page the document does not have is refused, not silently dropped. */
static void
test_page_out_of_range (void)
{
  g_autofree char *folder = plenum_test_mkdtemp ("range");
  g_autofree char *source = make_source (folder, "source.pdf", FALSE, NULL);
  g_autofree char *output = g_build_filename (folder, "copy.pdf", NULL);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  PlenumAnnotation *note = plenum_annotation_new (PLENUM_ANNOTATION_NOTE, DOCUMENT_ID,
                                                  DOCUMENT_SHA, AUTHOR_ID, N_PAGES);

  plenum_annotation_set_position (note, 10, 10);
  plenum_annotation_set_text (note, "Nowhere");
  g_ptr_array_add (annotations, note);
  g_assert_false (export_copy (source, NULL, annotations, PLENUM_EXPORT_MODE_EDITABLE, FALSE,
                               output, &error));
  g_assert_error (error, PLENUM_EXPORT_ERROR, PLENUM_EXPORT_ERROR_FAILED);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

/* Cancelling kills the helper and leaves nothing behind. */
static void
test_cancelled (void)
{
  g_autofree char *folder = plenum_test_mkdtemp ("cancel");
  g_autofree char *source = make_source (folder, "source.pdf", FALSE, NULL);
  g_autofree char *output = g_build_filename (folder, "copy.pdf", NULL);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) names = NULL;
  ExportResult r = { 0 };

  g_cancellable_cancel (cancellable);
  plenum_export_copy_async (source, NULL, annotations, PLENUM_EXPORT_MODE_FLATTENED, FALSE,
                            NULL, output, cancellable, copy_exported_cb, &r);
  g_assert_true (plenum_test_wait_flag (NULL, &r.done, TIMEOUT_MS));
  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  names = plenum_test_list_folder (folder);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "source.pdf");
}

/* In the child: a full tmpfs → DISK_FULL and nothing left; with room → the copy. */
static int
run_disk_full_child (const char *folder)
{
  g_autofree char *source = g_build_filename (folder, "source.pdf", NULL);
  g_autofree char *mnt = g_build_filename (folder, "mnt", NULL);
  g_autofree char *filler = g_build_filename (mnt, "filler", NULL);
  g_autofree char *output = g_build_filename (mnt, "copy.pdf", NULL);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;
  PlenumAnnotation *note = plenum_annotation_new (PLENUM_ANNOTATION_NOTE, DOCUMENT_ID,
                                                  DOCUMENT_SHA, AUTHOR_ID, 0);
  char block[4096];
  gboolean ok;
  int fd;

  if (!plenum_test_mount_tmpfs (mnt, 1024))
    return 77;

  plenum_annotation_set_position (note, 10, 10);
  plenum_annotation_set_text (note, "Full");
  g_ptr_array_add (annotations, note);

  /* Fill the disk to the last block. */
  memset (block, 'x', sizeof block);
  fd = g_open (filler, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);

  for (int mode = 0; mode < 2; mode++)
    {
      g_assert_false (export_copy (source, NULL, annotations, (PlenumExportMode) mode, FALSE,
                                   output, &error));
      g_assert_error (error, PLENUM_EXPORT_ERROR, PLENUM_EXPORT_ERROR_DISK_FULL);
      g_clear_error (&error);
      names = plenum_test_list_folder (mnt);
      g_assert_cmpuint (names->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "filler");
      g_clear_pointer (&names, g_ptr_array_unref);
    }

  /* With room again, the same export works: it was the disk. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  ok = export_copy (source, NULL, annotations, PLENUM_EXPORT_MODE_EDITABLE, FALSE, output,
                    &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));
  return 0;
}

static void
test_disk_full (void)
{
  g_autofree char *folder = plenum_test_mkdtemp ("disk-full");
  g_autofree char *source = make_source (folder, "source.pdf", FALSE, NULL);
  g_autofree char *mnt = g_build_filename (folder, "mnt", NULL);
  const char *why = NULL;

  g_assert_cmpint (g_mkdir (mnt, 0700), ==, 0);
  plenum_test_run_in_mount_namespace ((const char * const[]) { "--child", "disk-full", folder,
                                                               NULL },
                                      TIMEOUT_MS, &why);
  if (why != NULL)
    {
      if (plenum_test_in_ci ())
        g_test_fail_printf ("The full-disk test cannot run: %s", why);
      else
        g_test_skip_printf ("The full-disk test cannot run: %s (it fails when CI=true)", why);
      return;
    }
  /* The tmpfs went with the child: nothing reached the real folder. */
  {
    g_autoptr(GPtrArray) names = plenum_test_list_folder (mnt);

    g_assert_cmpuint (names->len, ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && strcmp (argv[1], "--child") == 0 && strcmp (argv[2], "disk-full") == 0)
    return run_disk_full_child (argv[3]);

  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/export/editable", test_editable);
  g_test_add_func ("/plenum/export/flattened", test_flattened);
  g_test_add_func ("/plenum/export/editable-encrypted", test_editable_encrypted);
  g_test_add_func ("/plenum/export/flattened-encrypted", test_flattened_encrypted);
  g_test_add_func ("/plenum/export/confidential", test_confidential);
  g_test_add_func ("/plenum/export/permissions", test_permissions);
  g_test_add_func ("/plenum/export/wrong-password", test_wrong_password);
  g_test_add_func ("/plenum/export/truncated", test_truncated);
  g_test_add_func ("/plenum/export/page-out-of-range", test_page_out_of_range);
  g_test_add_func ("/plenum/export/cancelled", test_cancelled);
  g_test_add_func ("/plenum/export/disk-full", test_disk_full);

  return g_test_run ();
}
