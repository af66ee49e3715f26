/* test-annotation-carry.c — carrying annotations to a revised version of a document:
 * a real pair of PDFs (version 1 drawn with cairo, version 2 drawn from the same source
 * after editing it: a paragraph inserted on page 1, a sentence reworded on page 2, page 3
 * removed), their text and boxes read with poppler the way the render helper reads them,
 * marks of every kind on version 1 and where they land; then white-space normalisation,
 * ambiguous quotes, pages without text, changed pages, and the time it takes on a
 * 2,415-page document.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/plenum-core.h"
#include "plenum-test-util.h"

#include <cairo-pdf.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

#define DOC_ID    "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
#define AUTHOR_ID "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
#define SHA_ONE   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA_TWO   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

/* Coordinates are quantised to 0.01 point when stored. */
#define EPSILON 0.011

/* ---- A version's text ---- */

typedef struct {
  GPtrArray *texts;  /* char * */
  GPtrArray *boxes;  /* GArray of PlenumAnnotationRect */
  GArray    *pages;  /* PlenumCarryPage, filled by version_pages() */
} Version;

static Version *
version_new (void)
{
  Version *v = g_new0 (Version, 1);

  v->texts = g_ptr_array_new_with_free_func (g_free);
  v->boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  v->pages = g_array_new (FALSE, TRUE, sizeof (PlenumCarryPage));
  return v;
}

static void
version_free (Version *v)
{
  g_ptr_array_unref (v->texts);
  g_ptr_array_unref (v->boxes);
  g_array_unref (v->pages);
  g_free (v);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Version, version_free)

static void
version_add (Version *v,
             char    *text,
             GArray  *boxes)
{
  g_ptr_array_add (v->texts, text);
  g_ptr_array_add (v->boxes, boxes);
}

static const PlenumCarryPage *
version_pages (Version *v)
{
  g_array_set_size (v->pages, v->texts->len);
  for (guint p = 0; p < v->texts->len; p++)
    {
      GArray *boxes = g_ptr_array_index (v->boxes, p);
      PlenumCarryPage *page = &g_array_index (v->pages, PlenumCarryPage, p);

      page->text = g_ptr_array_index (v->texts, p);
      page->boxes = (const PlenumAnnotationRect *) boxes->data;
      page->n_boxes = boxes->len;
    }
  return (const PlenumCarryPage *) v->pages->data;
}

static const char *
page_text (Version *v,
           guint    p)
{
  return g_ptr_array_index (v->texts, p);
}

static PlenumAnnotationRect
page_box (Version *v,
          guint    p,
          guint    i)
{
  GArray *boxes = g_ptr_array_index (v->boxes, p);

  g_assert_cmpuint (i, <, boxes->len);
  return g_array_index (boxes, PlenumAnnotationRect, i);
}

/* A page of text laid out in a grid: 6 points a character, 16 a line, "\n" an empty box
 * at the end of its line — as poppler gives it. */
static void
version_add_grid (Version    *v,
                  const char *text,
                  double      top)
{
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (PlenumAnnotationRect));
  guint column = 0, line = 0;

  for (const char *s = text; *s != '\0'; s = g_utf8_next_char (s))
    {
      PlenumAnnotationRect box = { 50 + column * 6.0, top + line * 16.0, 6, 12 };

      if (*s == '\n')
        {
          box.width = box.height = 0;
          g_array_append_val (boxes, box);
          column = 0;
          line++;
          continue;
        }
      g_array_append_val (boxes, box);
      column++;
    }
  version_add (v, g_strdup (text), boxes);
}

/* Each page's text and boxes, paired by index as app/render/plenum-render-helper.c
 * pairs them (characters past the layout get an empty box where the last one ended). */
static Version *
version_from_pdf (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  PopplerDocument *document;  /* poppler 22.12 has no autoptr */
  Version *v = version_new ();

  g_assert_no_error (error);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  for (int p = 0; p < poppler_document_get_n_pages (document); p++)
    {
      PopplerPage *page = poppler_document_get_page (document, p);
      g_autofree PopplerRectangle *rects = NULL;
      PopplerRectangle last = { 0 };
      guint n_rects = 0;
      char *text = poppler_page_get_text (page);
      GArray *boxes = g_array_new (FALSE, FALSE, sizeof (PlenumAnnotationRect));
      glong n_chars;

      g_assert_nonnull (page);
      g_assert_nonnull (text);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      n_chars = g_utf8_strlen (text, -1);
      if (n_chars > 0 && !poppler_page_get_text_layout (page, &rects, &n_rects))
        n_rects = 0;
      for (glong i = 0; i < n_chars; i++)
        {
          PopplerRectangle *r = (guint) i < n_rects ? &rects[i] : &last;
          PlenumAnnotationRect box = {
            MIN (r->x1, r->x2), MIN (r->y1, r->y2), fabs (r->x2 - r->x1), fabs (r->y2 - r->y1),
          };

          if ((guint) i < n_rects)
            {
              last.x1 = last.x2 = MAX (r->x1, r->x2);
              last.y1 = last.y2 = MAX (r->y1, r->y2);
            }
          g_array_append_val (boxes, box);
        }
      version_add (v, text, boxes);
      g_object_unref (page);
    }
  g_object_unref (document);
  return v;
}

/* Where @needle is in page @p's text (once, exactly): its first and last characters. */
static void
find_text (Version    *v,
           guint       p,
           const char *needle,
           guint      *first,
           guint      *last)
{
  const char *text = page_text (v, p);
  const char *hit = strstr (text, needle);

  if (hit == NULL)
    g_error ("“%s” is not on page %u, whose text is:\n%s", needle, p, text);
  g_assert_null (strstr (hit + 1, needle));
  *first = (guint) g_utf8_pointer_to_offset (text, hit);
  *last = *first + (guint) g_utf8_strlen (needle, -1) - 1;
}

/* The anchor the reader makes for characters [first, last] (as plenum_ink_anchor_text():
 * 32 characters of context, within the page). */
static void
set_anchor (PlenumAnnotation *annotation,
            const char       *text,
            guint             first,
            guint             last)
{
  glong length = g_utf8_strlen (text, -1);
  g_autofree char *quote = g_utf8_substring (text, first, last + 1);
  g_autofree char *prefix = g_utf8_substring (text, MAX ((glong) first - 32, 0), first);
  g_autofree char *suffix = g_utf8_substring (text, last + 1, MIN ((glong) last + 33, length));

  plenum_annotation_set_anchor (annotation, quote, prefix, suffix);
}

/* One rectangle per line over characters [first, last] of page @p. */
static GArray *
line_rects (Version *v,
            guint    p,
            guint    first,
            guint    last)
{
  GArray *rects = g_array_new (FALSE, FALSE, sizeof (PlenumAnnotationRect));

  for (guint i = first; i <= last; i++)
    {
      PlenumAnnotationRect box = page_box (v, p, i), *line;

      if (box.width <= 0 || box.height <= 0)
        continue;
      line = rects->len > 0 ? &g_array_index (rects, PlenumAnnotationRect, rects->len - 1) : NULL;
      if (line != NULL && box.y < line->y + line->height && box.y + box.height > line->y)
        {
          double x2 = MAX (line->x + line->width, box.x + box.width);

          line->x = MIN (line->x, box.x);
          line->width = x2 - line->x;
        }
      else
        g_array_append_val (rects, box);
    }
  return rects;
}

static PlenumAnnotation *
highlight_on (Version    *v,
              guint       p,
              const char *needle)
{
  PlenumAnnotation *a = plenum_annotation_new (PLENUM_ANNOTATION_HIGHLIGHT, DOC_ID, SHA_ONE,
                                               AUTHOR_ID, p);
  g_autoptr(GArray) rects = NULL;
  guint first, last;

  find_text (v, p, needle, &first, &last);
  rects = line_rects (v, p, first, last);
  plenum_annotation_set_rects (a, (const PlenumAnnotationRect *) rects->data, rects->len);
  set_anchor (a, page_text (v, p), first, last);
  return a;
}

static PlenumAnnotation *
ink_at (guint  p,
        double x1,
        double y1,
        double x2,
        double y2)
{
  PlenumAnnotation *a = plenum_annotation_new (PLENUM_ANNOTATION_INK, DOC_ID, SHA_ONE,
                                               AUTHOR_ID, p);
  PlenumInkPoint points[3] = {
    { x1, y1, 1 }, { (x1 + x2) / 2, (y1 + y2) / 2 + 1.5, 0.8 }, { x2, y2, 1 },
  };

  plenum_annotation_add_stroke (a, points, G_N_ELEMENTS (points));
  return a;
}

/* Ink under the characters of @needle on page @p (3 points below their boxes). */
static PlenumAnnotation *
ink_under (Version    *v,
           guint       p,
           const char *needle)
{
  guint first, last;
  PlenumAnnotationRect a, b;

  find_text (v, p, needle, &first, &last);
  a = page_box (v, p, first);
  b = page_box (v, p, last);
  return ink_at (p, a.x, a.y + a.height + 3, b.x + b.width, b.y + b.height + 3);
}

static PlenumAnnotationCarryResult *
result_at (GPtrArray *results,
           guint      i)
{
  return g_ptr_array_index (results, i);
}

/* Every point of every stroke of @b is that of @a moved by (@dx, @dy). */
static void
assert_strokes_moved (PlenumAnnotation *a,
                      PlenumAnnotation *b,
                      double            dx,
                      double            dy)
{
  g_assert_cmpuint (plenum_annotation_get_n_strokes (a), ==, plenum_annotation_get_n_strokes (b));
  for (guint s = 0; s < plenum_annotation_get_n_strokes (a); s++)
    {
      guint na, nb;
      const PlenumInkPoint *pa = plenum_annotation_get_stroke (a, s, &na);
      const PlenumInkPoint *pb = plenum_annotation_get_stroke (b, s, &nb);

      g_assert_cmpuint (na, ==, nb);
      for (guint i = 0; i < na; i++)
        {
          g_assert_cmpfloat_with_epsilon (pb[i].x, pa[i].x + dx, EPSILON);
          g_assert_cmpfloat_with_epsilon (pb[i].y, pa[i].y + dy, EPSILON);
        }
    }
}

/* The review copy: needs review, for @reason, still on the old version, page and place. */
static void
assert_needs_review (PlenumAnnotationCarryResult *result,
                     PlenumAnnotation            *original,
                     PlenumAnnotationCarryReason  reason)
{
  g_assert_cmpint (result->status, ==, PLENUM_ANNOTATION_CARRY_NEEDS_REVIEW);
  g_assert_cmpstr (plenum_annotation_carry_reason_to_string (result->reason), ==,
                   plenum_annotation_carry_reason_to_string (reason));
  g_assert_true (plenum_annotation_get_needs_review (result->annotation));
  g_assert_cmpstr (plenum_annotation_get_id (result->annotation), ==,
                   plenum_annotation_get_id (original));
  g_assert_cmpstr (plenum_annotation_get_document_sha256 (result->annotation), ==, SHA_ONE);
  g_assert_cmpuint (plenum_annotation_get_page (result->annotation), ==,
                    plenum_annotation_get_page (original));
  g_assert_true (plenum_annotation_same_content (result->annotation, original));
}

static void
assert_carried (PlenumAnnotationCarryResult *result,
                PlenumAnnotation            *original,
                guint                        page)
{
  g_assert_cmpint (result->status, ==, PLENUM_ANNOTATION_CARRIED);
  g_assert_cmpint (result->reason, ==, PLENUM_ANNOTATION_CARRY_OK);
  g_assert_false (plenum_annotation_get_needs_review (result->annotation));
  g_assert_cmpstr (plenum_annotation_get_id (result->annotation), ==,
                   plenum_annotation_get_id (original));
  g_assert_cmpstr (plenum_annotation_get_document_sha256 (result->annotation), ==, SHA_TWO);
  g_assert_cmpuint (plenum_annotation_get_page (result->annotation), ==, page);
}

/* ---- A real pair of documents ---- */

/* The source: pages of paragraphs of lines; a NULL line ends a paragraph, and a NULL
 * paragraph a page. Headings are paragraphs of one line starting with '#'. */
#define HEADING_1  "BÁO CÁO TÌNH HÌNH KINH TẾ – XÃ HỘI NĂM 2025"
#define MOVED_1    "Tổng sản phẩm trên địa bàn tỉnh tăng 7,2% so với năm trước,"
#define MOVED_2    "cao hơn mức bình quân chung của cả nước."
#define INK_WORD   "1,2 triệu tấn"
#define NOTE_HEAD  "2. Sản xuất nông nghiệp"
#define REWORDED_1 "Thu ngân sách nhà nước đạt 12.450 tỷ đồng, vượt 8% dự toán."
#define REWORDED_2 "Thu ngân sách nhà nước ước đạt 12.600 tỷ đồng, vượt 9% dự toán."
#define GONE_LINE  "Dự án nâng cấp bệnh viện đa khoa tuyến tỉnh"

static void
draw_paragraph (cairo_t            *cr,
                double             *y,
                const char * const *lines)
{
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean heading = lines[i][0] == '#';

      cairo_set_font_size (cr, heading ? 13 : 11);
      cairo_move_to (cr, 72, *y);
      cairo_show_text (cr, heading ? lines[i] + 1 : lines[i]);
      *y += 18;
    }
  *y += 10;
}

/* Version 1, or version 2: the same source edited. */
static char *
make_version (gboolean revised)
{
  const char *intro[] = {
    "Năm 2025, trong bối cảnh kinh tế thế giới còn nhiều khó khăn,",
    "tỉnh đã triển khai đồng bộ các giải pháp điều hành linh hoạt.", NULL,
  };
  const char *inserted[] = {
    "Ủy ban nhân dân tỉnh đã ban hành kế hoạch hành động cụ thể",
    "nhằm tháo gỡ khó khăn cho doanh nghiệp và người lao động.", NULL,
  };
  const char *growth[] = {
    MOVED_1, MOVED_2 " Kim ngạch xuất khẩu",
    "đạt 3,1 tỷ USD, tăng 12%. Vốn đầu tư toàn xã hội tăng mạnh.", NULL,
  };
  const char *farming[] = {
    "Sản lượng lúa cả năm ước đạt " INK_WORD ", giá trị sản xuất",
    "trên một héc-ta đất trồng trọt tăng 5% so với cùng kỳ.", NULL,
  };
  const char *budget[] = {
    revised ? REWORDED_2 : REWORDED_1,
    "Chi ngân sách địa phương bảo đảm các nhiệm vụ chi thường xuyên",
    "và chi đầu tư phát triển theo kế hoạch được giao.", NULL,
  };
  const char *annex[] = {
    "Dự án đường ven biển đoạn qua huyện Quỳnh Lưu", GONE_LINE,
    "Dự án khu công nghiệp phía Nam giai đoạn hai", NULL,
  };
  const char *society[] = {
    "Công tác giáo dục, y tế, chăm sóc sức khỏe nhân dân được quan tâm.",
    "Tỷ lệ hộ nghèo giảm còn 2,1%; an sinh xã hội được bảo đảm.", NULL,
  };
  const char *security[] = {
    "Tình hình an ninh chính trị, trật tự an toàn xã hội ổn định,",
    "không để xảy ra bị động, bất ngờ trong mọi tình huống.", NULL,
  };
  const char *h1[] = { "#" HEADING_1, NULL }, *h2[] = { "#1. Tăng trưởng kinh tế", NULL };
  const char *h3[] = { "#" NOTE_HEAD, NULL }, *h4[] = { "#II. Thu chi ngân sách", NULL };
  const char *h5[] = { "#Phụ lục A. Danh mục dự án trọng điểm", NULL };
  const char *h6[] = { "#III. Văn hóa – xã hội", NULL };
  const char *h7[] = { "#IV. Quốc phòng – an ninh", NULL };
  g_autofree char *dir = plenum_test_mkdtemp ("carry");
  char *path = g_build_filename (dir, revised ? "v2.pdf" : "v1.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);
  double y;

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_source_rgb (cr, 0, 0, 0);

  y = 90;
  draw_paragraph (cr, &y, h1);
  draw_paragraph (cr, &y, intro);
  if (revised)
    draw_paragraph (cr, &y, inserted);
  draw_paragraph (cr, &y, h2);
  draw_paragraph (cr, &y, growth);
  draw_paragraph (cr, &y, h3);
  draw_paragraph (cr, &y, farming);
  cairo_show_page (cr);

  y = 90;
  draw_paragraph (cr, &y, h4);
  draw_paragraph (cr, &y, budget);
  cairo_show_page (cr);

  if (!revised)
    {
      y = 90;
      draw_paragraph (cr, &y, h5);
      draw_paragraph (cr, &y, annex);
      cairo_show_page (cr);
    }

  y = 90;
  draw_paragraph (cr, &y, h6);
  draw_paragraph (cr, &y, society);
  cairo_show_page (cr);

  y = 90;
  draw_paragraph (cr, &y, h7);
  draw_paragraph (cr, &y, security);
  cairo_show_page (cr);

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static void
test_revised_document (void)
{
  g_autofree char *path1 = make_version (FALSE);
  g_autofree char *path2 = make_version (TRUE);
  g_autoptr(Version) v1 = version_from_pdf (path1);
  g_autoptr(Version) v2 = version_from_pdf (path2);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;
  g_autofree gboolean *changed = NULL;
  PlenumAnnotation *moved, *reworded, *ink, *note, *margin, *gone;
  PlenumAnnotationCarryResult *r;
  PlenumAnnotationRect old_box, new_box;
  guint first, last, first2, last2;
  double x, y, x2, y2;

  g_assert_cmpuint (v1->texts->len, ==, 5);
  g_assert_cmpuint (v2->texts->len, ==, 4);

  /* A highlight over two lines that the inserted paragraph pushes down. */
  moved = highlight_on (v1, 0, MOVED_1 "\n" MOVED_2);
  g_assert_cmpuint (plenum_annotation_get_n_rects (moved), ==, 2);
  g_ptr_array_add (annotations, moved);
  /* A highlight on the sentence that version 2 rewords. */
  reworded = highlight_on (v1, 1, REWORDED_1);
  g_ptr_array_add (annotations, reworded);
  /* Ink under a word, below the insertion. */
  ink = ink_under (v1, 0, INK_WORD);
  g_ptr_array_add (annotations, ink);
  /* A note beside a heading, anchored to it. */
  find_text (v1, 0, NOTE_HEAD, &first, &last);
  old_box = page_box (v1, 0, last);
  note = plenum_annotation_new (PLENUM_ANNOTATION_NOTE, DOC_ID, SHA_ONE, AUTHOR_ID, 0);
  plenum_annotation_set_position (note, old_box.x + old_box.width + 20, old_box.y);
  plenum_annotation_set_text (note, "Hỏi về giá lúa");
  set_anchor (note, page_text (v1, 0), first, last);
  g_ptr_array_add (annotations, note);
  /* Ink in the empty bottom margin of page 4, which version 2 keeps as it was (as page 3). */
  margin = ink_at (3, 480, 760, 560, 790);
  g_ptr_array_add (annotations, margin);
  /* A mark on the page version 2 removes. */
  find_text (v1, 2, GONE_LINE, &first, &last);
  old_box = page_box (v1, 2, first);
  gone = ink_at (2, old_box.x, old_box.y + old_box.height + 2, old_box.x + 150,
                 old_box.y + old_box.height + 2);
  g_ptr_array_add (annotations, gone);

  plenum_annotation_carry (version_pages (v1), v1->texts->len, version_pages (v2),
                           v2->texts->len, SHA_TWO, annotations, &results);
  g_assert_nonnull (results);
  g_assert_cmpuint (results->len, ==, annotations->len);

  /* The moved highlight covers the same words, now lower on the page. */
  r = result_at (results, 0);
  assert_carried (r, moved, 0);
  find_text (v2, 0, MOVED_1 "\n" MOVED_2, &first2, &last2);
  g_assert_cmpuint (plenum_annotation_get_n_rects (r->annotation), ==, 2);
  for (guint i = first2; i <= last2; i++)
    {
      PlenumAnnotationRect box = page_box (v2, 0, i);
      gboolean inside = FALSE;

      if (box.width <= 0)
        continue;
      for (guint k = 0; k < plenum_annotation_get_n_rects (r->annotation); k++)
        {
          const PlenumAnnotationRect *rect = &plenum_annotation_get_rects (r->annotation)[k];

          inside = inside || (box.x >= rect->x - EPSILON && box.y >= rect->y - EPSILON &&
                              box.x + box.width <= rect->x + rect->width + EPSILON &&
                              box.y + box.height <= rect->y + rect->height + EPSILON);
        }
      g_assert_true (inside);
    }
  g_assert_cmpfloat (plenum_annotation_get_rects (r->annotation)[0].y, >,
                     plenum_annotation_get_rects (moved)[0].y + 30);

  /* The reworded sentence is gone: review. */
  assert_needs_review (result_at (results, 1), reworded, PLENUM_ANNOTATION_CARRY_TEXT_GONE);

  /* The ink moved with its word. */
  r = result_at (results, 2);
  assert_carried (r, ink, 0);
  find_text (v1, 0, INK_WORD, &first, &last);
  find_text (v2, 0, INK_WORD, &first2, &last2);
  old_box = page_box (v1, 0, first);
  new_box = page_box (v2, 0, first2);
  g_assert_cmpfloat (new_box.y - old_box.y, >, 30);
  assert_strokes_moved (ink, r->annotation, new_box.x - old_box.x, new_box.y - old_box.y);

  /* The note moved with its heading. */
  r = result_at (results, 3);
  assert_carried (r, note, 0);
  find_text (v1, 0, NOTE_HEAD, &first, &last);
  find_text (v2, 0, NOTE_HEAD, &first2, &last2);
  old_box = page_box (v1, 0, first);
  new_box = page_box (v2, 0, first2);
  plenum_annotation_get_position (note, &x, &y);
  plenum_annotation_get_position (r->annotation, &x2, &y2);
  g_assert_cmpfloat (new_box.y - old_box.y, >, 30);
  g_assert_cmpfloat_with_epsilon (x2, x + new_box.x - old_box.x, EPSILON);
  g_assert_cmpfloat_with_epsilon (y2, y + new_box.y - old_box.y, EPSILON);
  g_assert_cmpstr (plenum_annotation_get_text (r->annotation), ==, "Hỏi về giá lúa");

  /* The margin ink stays where it was, on the page's new index. */
  r = result_at (results, 4);
  assert_carried (r, margin, 2);
  assert_strokes_moved (margin, r->annotation, 0, 0);

  /* The removed page's mark needs review. */
  assert_needs_review (result_at (results, 5), gone, PLENUM_ANNOTATION_CARRY_PAGE_GONE);

  /* Pages 1 and 2 changed; the last two did not. */
  changed = plenum_annotation_changed_pages (version_pages (v1), v1->texts->len,
                                             version_pages (v2), v2->texts->len);
  g_assert_nonnull (changed);
  g_assert_true (changed[0]);
  g_assert_true (changed[1]);
  g_assert_false (changed[2]);
  g_assert_false (changed[3]);
}

/* ---- Rules on made-up pages ---- */

static GPtrArray *
carry (Version   *old,
       Version   *new,
       GPtrArray *annotations)
{
  GPtrArray *results = NULL;

  plenum_annotation_carry (version_pages (old), old->texts->len, version_pages (new),
                           new->texts->len, SHA_TWO, annotations, &results);
  g_assert_nonnull (results);
  g_assert_cmpuint (results->len, ==, annotations->len);
  return results;
}

/* White space: runs, line breaks and page breaks are all one space. */
static void
test_white_space (void)
{
  g_autoptr(Version) old = version_new ();
  g_autoptr(Version) new = version_new ();
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;
  PlenumAnnotation *rewrapped, *second, *split;
  PlenumAnnotationCarryResult *r;
  const PlenumAnnotationRect *rects;

  version_add_grid (old, "Điều 1.  Nghị quyết   số 12\ncủa\tHội đồng nhân dân\nMục B\nNội dung\n"
                         "Mục C\nNội dung\nHết trang", 50);
  version_add_grid (new, "Điều 1. Nghị quyết số\n12 của Hội đồng\nnhân dân\nMục B\nNội dung\n"
                         "Mục C", 80);
  version_add_grid (new, "Nội dung\nHết trang", 50);

  /* Rewrapped and with its spaces changed: the same text, one rectangle per new line. */
  rewrapped = highlight_on (old, 0, "Nghị quyết   số 12\ncủa\tHội đồng");
  g_ptr_array_add (annotations, rewrapped);
  /* The second "Nội dung", whose prefix now lies across a page break. */
  second = plenum_annotation_new (PLENUM_ANNOTATION_HIGHLIGHT, DOC_ID, SHA_ONE, AUTHOR_ID, 0);
  plenum_annotation_set_rects (second, &(PlenumAnnotationRect) { 50, 146, 48, 12 }, 1);
  plenum_annotation_set_anchor (second, "Nội dung", "Mục C\n", "\nHết trang");
  g_ptr_array_add (annotations, second);
  /* Text that the new version splits over its page break. */
  split = highlight_on (old, 0, "Mục C\nNội dung");
  g_ptr_array_add (annotations, split);

  results = carry (old, new, annotations);

  r = result_at (results, 0);
  assert_carried (r, rewrapped, 0);
  g_assert_cmpuint (plenum_annotation_get_n_rects (r->annotation), ==, 2);
  rects = plenum_annotation_get_rects (r->annotation);
  /* "Nghị quyết số" from column 8 of the first line; "12 của Hội đồng" from column 0 of
   * the second. */
  g_assert_cmpfloat_with_epsilon (rects[0].x, 50 + 8 * 6, EPSILON);
  g_assert_cmpfloat_with_epsilon (rects[0].y, 80, EPSILON);
  g_assert_cmpfloat_with_epsilon (rects[0].width, 13 * 6, EPSILON);
  g_assert_cmpfloat_with_epsilon (rects[1].x, 50, EPSILON);
  g_assert_cmpfloat_with_epsilon (rects[1].y, 96, EPSILON);
  g_assert_cmpfloat_with_epsilon (rects[1].width, 15 * 6, EPSILON);

  r = result_at (results, 1);
  assert_carried (r, second, 1);
  rects = plenum_annotation_get_rects (r->annotation);
  g_assert_cmpuint (plenum_annotation_get_n_rects (r->annotation), ==, 1);
  g_assert_cmpfloat_with_epsilon (rects[0].y, 50, EPSILON);
  g_assert_cmpfloat_with_epsilon (rects[0].width, 8 * 6, EPSILON);

  assert_needs_review (result_at (results, 2), split, PLENUM_ANNOTATION_CARRY_SPLIT);
}

static PlenumAnnotation *
anchored (guint       page,
          const char *quote,
          const char *prefix,
          const char *suffix)
{
  PlenumAnnotation *a = plenum_annotation_new (PLENUM_ANNOTATION_HIGHLIGHT, DOC_ID, SHA_ONE,
                                               AUTHOR_ID, page);

  plenum_annotation_set_rects (a, &(PlenumAnnotationRect) { 50, 50, 30, 12 }, 1);
  plenum_annotation_set_anchor (a, quote, prefix, suffix);
  return a;
}

/* A quote found more than once: its context decides, then the page it was on; else
 * review. */
static void
test_ambiguous (void)
{
  g_autoptr(Version) old = version_new ();
  g_autoptr(Version) new = version_new ();
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;
  PlenumAnnotation *by_context, *by_page, *ambiguous, *no_context, *unique;
  const PlenumAnnotationRect *rect;

  version_add_grid (old, "Kết luận: Đồng ý thông qua.", 50);
  version_add_grid (old, "Ý kiến: Đồng ý thông qua. Ghi chú.", 50);
  version_add_grid (old, "Phần cuối: Đồng ý thông qua. Hết.", 50);
  version_add_grid (new, "Mở đầu. Kết luận: Đồng ý thông qua.", 50);
  version_add_grid (new, "Ý kiến: Đồng ý thông qua. Ghi chú sửa lại.", 50);
  version_add_grid (new, "Phần cuối: Đồng ý thông qua. Hết. Ý kiến: Đồng ý", 50);

  /* Three times in the new version; only one after "Kết luận: ". */
  by_context = anchored (0, "Đồng ý", "Kết luận: ", " thông qua.");
  g_ptr_array_add (annotations, by_context);
  /* Twice after "Ý kiến: " (pages 1 and 2): the one on page 1, where page 1 went. */
  by_page = anchored (1, "Đồng ý", "Ý kiến: ", "");
  g_ptr_array_add (annotations, by_page);
  /* "Đồng ý thông qua." three times, and its suffix now nowhere. */
  ambiguous = anchored (1, "Đồng ý thông qua.", "Ý kiến: ", " Ghi chú.");
  g_ptr_array_add (annotations, ambiguous);
  /* No context at all, and three times on three changed pages: the one on the page
   * where its page went (no unchanged page before it: the same index). */
  no_context = anchored (2, "thông qua.", NULL, NULL);
  g_ptr_array_add (annotations, no_context);
  /* Found once: confident, whatever its context became. */
  unique = anchored (1, "Ghi chú", "Đồng ý thông qua. ", ".");
  g_ptr_array_add (annotations, unique);

  results = carry (old, new, annotations);
  assert_carried (result_at (results, 0), by_context, 0);
  rect = plenum_annotation_get_rects (result_at (results, 0)->annotation);
  g_assert_cmpfloat_with_epsilon (rect->x, 50 + 18 * 6, EPSILON);
  assert_carried (result_at (results, 1), by_page, 1);
  assert_needs_review (result_at (results, 2), ambiguous, PLENUM_ANNOTATION_CARRY_AMBIGUOUS);
  assert_carried (result_at (results, 3), no_context, 2);
  assert_carried (result_at (results, 4), unique, 1);
}

/* Unchanged pages are paired even when their index changes, and the same text there
 * wins over the same text elsewhere; pages without text keep their marks only where
 * the page is unchanged at the same index. */
static void
test_pages (void)
{
  g_autoptr(Version) old = version_new ();
  g_autoptr(Version) new = version_new ();
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;
  g_autofree gboolean *changed = NULL;
  PlenumAnnotation *repeated, *blank_kept, *blank_changed, *beyond, *tombstone, *already;
  PlenumAnnotation *no_anchor, *second;
  const PlenumAnnotationRect *rect;

  version_add_grid (old, "Biểu quyết: Đồng ý. Đồng ý", 50);   /* 0 → 3 */
  version_add_grid (old, "", 50);                      /* 1: blank in both */
  version_add_grid (old, "", 50);                      /* 2: text in the new version */
  version_add_grid (new, "Trang bìa. Biểu quyết: Đồng ý. Đồng ý", 50);
  version_add_grid (new, "", 50);
  version_add_grid (new, "Trang mới", 50);
  version_add_grid (new, "Biểu quyết: Đồng ý. Đồng ý", 80);

  /* Four times in the new version with the same (empty) context, twice on the paired
   * page: the mark lands on the same characters there (their boxes moved down 30), the
   * first "Đồng ý" for a mark on the first, the second for one on the second. */
  repeated = anchored (0, "Đồng ý", NULL, NULL);
  g_ptr_array_add (annotations, repeated);
  blank_kept = ink_at (1, 100, 100, 200, 100);
  g_ptr_array_add (annotations, blank_kept);
  blank_changed = ink_at (2, 100, 100, 200, 100);
  g_ptr_array_add (annotations, blank_changed);
  beyond = ink_at (7, 100, 100, 200, 100);
  g_ptr_array_add (annotations, beyond);
  tombstone = ink_at (0, 100, 100, 200, 100);
  plenum_annotation_set_deleted (tombstone, TRUE);
  g_ptr_array_add (annotations, tombstone);
  already = plenum_annotation_new (PLENUM_ANNOTATION_INK, DOC_ID, SHA_TWO, AUTHOR_ID, 3);
  plenum_annotation_add_stroke (already, &(PlenumInkPoint) { 1, 2, 1 }, 1);
  g_ptr_array_add (annotations, already);
  /* A note without an anchor just above "ết: Đồng": moves with the page's text. */
  no_anchor = plenum_annotation_new (PLENUM_ANNOTATION_NOTE, DOC_ID, SHA_ONE, AUTHOR_ID, 0);
  plenum_annotation_set_position (no_anchor, 110, 40);
  plenum_annotation_set_text (no_anchor, "?");
  g_ptr_array_add (annotations, no_anchor);
  second = plenum_annotation_new (PLENUM_ANNOTATION_HIGHLIGHT, DOC_ID, SHA_ONE, AUTHOR_ID, 0);
  plenum_annotation_set_rects (second, &(PlenumAnnotationRect) { 170, 50, 36, 12 }, 1);
  plenum_annotation_set_anchor (second, "Đồng ý", NULL, NULL);
  g_ptr_array_add (annotations, second);

  results = carry (old, new, annotations);

  assert_carried (result_at (results, 0), repeated, 3);
  rect = plenum_annotation_get_rects (result_at (results, 0)->annotation);
  g_assert_cmpfloat_with_epsilon (rect->x, 50 + 12 * 6, EPSILON);
  g_assert_cmpfloat_with_epsilon (rect->y, 80, EPSILON);
  assert_carried (result_at (results, 1), blank_kept, 1);
  assert_strokes_moved (blank_kept, result_at (results, 1)->annotation, 0, 0);
  assert_needs_review (result_at (results, 2), blank_changed, PLENUM_ANNOTATION_CARRY_NO_TEXT_NEAR);
  assert_needs_review (result_at (results, 3), beyond, PLENUM_ANNOTATION_CARRY_PAGE_GONE);
  g_assert_cmpint (result_at (results, 4)->status, ==, PLENUM_ANNOTATION_CARRIED);
  g_assert_true (plenum_annotation_get_deleted (result_at (results, 4)->annotation));
  g_assert_cmpint (result_at (results, 5)->status, ==, PLENUM_ANNOTATION_CARRIED);
  g_assert_true (plenum_annotation_same_content (result_at (results, 5)->annotation, already));
  assert_carried (result_at (results, 6), no_anchor, 3);
  {
    double x, y;

    plenum_annotation_get_position (result_at (results, 6)->annotation, &x, &y);
    g_assert_cmpfloat_with_epsilon (x, 110, EPSILON);
    g_assert_cmpfloat_with_epsilon (y, 70, EPSILON);
  }
  assert_carried (result_at (results, 7), second, 3);
  rect = plenum_annotation_get_rects (result_at (results, 7)->annotation);
  g_assert_cmpfloat_with_epsilon (rect->x, 50 + 20 * 6, EPSILON);
  g_assert_cmpfloat_with_epsilon (rect->y, 80, EPSILON);

  changed = plenum_annotation_changed_pages (version_pages (old), old->texts->len,
                                             version_pages (new), new->texts->len);
  g_assert_true (changed[0]);
  g_assert_false (changed[1]);
  g_assert_true (changed[2]);
  g_assert_false (changed[3]);
  g_assert_null (plenum_annotation_changed_pages (version_pages (old), old->texts->len, NULL, 0));

  /* A new version without pages: nothing is dropped, everything is listed. */
  {
    g_autoptr(Version) empty = version_new ();
    g_autoptr(GPtrArray) none = carry (old, empty, annotations);

    assert_needs_review (result_at (none, 0), repeated, PLENUM_ANNOTATION_CARRY_PAGE_GONE);
    assert_needs_review (result_at (none, 1), blank_kept, PLENUM_ANNOTATION_CARRY_NO_TEXT_NEAR);
    assert_needs_review (result_at (none, 6), no_anchor, PLENUM_ANNOTATION_CARRY_PAGE_GONE);
  }
}

/* ---- A long document ---- */

#define LONG_PAGES       2415
#define LONG_LINES       36
#define LONG_REMOVED     100
#define LONG_HIGHLIGHTS  300
#define LONG_INKS        100

static const char *const words[] = {
  "báo", "cáo", "tình", "hình", "kinh", "tế", "xã", "hội", "tỉnh", "huyện", "nghị", "quyết",
  "đồng", "ý", "thông", "qua", "ngân", "sách", "đầu", "tư", "phát", "triển", "nông", "nghiệp",
  "công", "nghiệp", "dịch", "vụ", "giáo", "dục", "y", "tế", "an", "ninh", "quốc", "phòng",
  "dân", "số", "lao", "động", "việc", "làm", "môi", "trường", "đất", "đai", "xây", "dựng",
  "giao", "thông", "thủy", "lợi", "văn", "hóa", "thể", "thao", "du", "lịch", "kế", "hoạch",
};

static char *
random_line (GRand *rand)
{
  GString *line = g_string_new (NULL);

  while (g_utf8_strlen (line->str, -1) < 50)
    {
      if (line->len > 0)
        g_string_append_c (line, ' ');
      g_string_append (line, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
  return g_string_free (line, FALSE);
}

static void
test_long_document (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260601);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(Version) old = version_new ();
  g_autoptr(Version) new = version_new ();
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;
  g_autofree guint *expected_page = g_new (guint, LONG_HIGHLIGHTS + LONG_INKS);
  g_autofree double *expected_dy = g_new (double, LONG_HIGHLIGHTS + LONG_INKS);
  g_autofree gboolean *changed = NULL;
  gsize bytes = 0;
  gint64 start, carry_us, changed_us;
  guint n_changed = 0;

  /* Version 1; version 2 inserts a line at the top of every page but every fifth (its
   * text moves down one line) and removes one page. */
  for (guint p = 0; p < LONG_PAGES; p++)
    {
      GStrvBuilder *builder = g_strv_builder_new ();

      for (guint l = 0; l < LONG_LINES; l++)
        {
          g_autofree char *line = random_line (rand);

          g_strv_builder_add (builder, line);
        }
      g_ptr_array_add (lines, g_strv_builder_end (builder));
      g_strv_builder_unref (builder);
    }
  for (guint p = 0; p < LONG_PAGES; p++)
    {
      g_autofree char *text = g_strjoinv ("\n", g_ptr_array_index (lines, p));
      g_autofree char *inserted = g_strdup_printf ("Dòng bổ sung của trang %u\n%s", p + 1, text);

      bytes += strlen (text);
      version_add_grid (old, text, 50);
      if (p == LONG_REMOVED)
        continue;
      if (p % 5 == 0)
        version_add_grid (new, text, 50);
      else
        version_add_grid (new, inserted, 50);
    }

  for (guint i = 0; i < LONG_HIGHLIGHTS + LONG_INKS; i++)
    {
      guint p = i == 0 ? LONG_REMOVED : (guint) g_rand_int_range (rand, 0, LONG_PAGES);
      guint l = (guint) g_rand_int_range (rand, 0, LONG_LINES);
      const char *text = page_text (old, p);
      guint line_start = 0, first, last;
      PlenumAnnotation *a;

      for (guint k = 0; k < l; k++)
        line_start += (guint) g_utf8_strlen (((char **) g_ptr_array_index (lines, p))[k], -1) + 1;
      if (i < LONG_HIGHLIGHTS)
        {
          /* Characters 10 to 40 of the line. */
          first = line_start + 10;
          last = line_start + 40;
          a = plenum_annotation_new (PLENUM_ANNOTATION_HIGHLIGHT, DOC_ID, SHA_ONE, AUTHOR_ID, p);
          {
            g_autoptr(GArray) rects = line_rects (old, p, first, last);

            plenum_annotation_set_rects (a, (const PlenumAnnotationRect *) rects->data, rects->len);
          }
          set_anchor (a, text, first, last);
        }
      else
        {
          PlenumAnnotationRect box = page_box (old, p, line_start + 20);

          a = ink_at (p, box.x, box.y + box.height + 2, box.x + 30, box.y + box.height + 2);
        }
      g_ptr_array_add (annotations, a);
      expected_page[i] = p < LONG_REMOVED ? p : p == LONG_REMOVED ? G_MAXUINT : p - 1;
      expected_dy[i] = p % 5 == 0 ? 0 : 16;
    }

  start = g_get_monotonic_time ();
  plenum_annotation_carry (version_pages (old), old->texts->len, version_pages (new),
                           new->texts->len, SHA_TWO, annotations, &results);
  carry_us = g_get_monotonic_time () - start;
  start = g_get_monotonic_time ();
  changed = plenum_annotation_changed_pages (version_pages (old), old->texts->len,
                                             version_pages (new), new->texts->len);
  changed_us = g_get_monotonic_time () - start;

  g_assert_cmpuint (results->len, ==, annotations->len);
  for (guint i = 0; i < annotations->len; i++)
    {
      PlenumAnnotation *a = g_ptr_array_index (annotations, i);
      PlenumAnnotationCarryResult *r = result_at (results, i);

      if (expected_page[i] == G_MAXUINT)
        {
          assert_needs_review (r, a, PLENUM_ANNOTATION_CARRY_PAGE_GONE);
          continue;
        }
      assert_carried (r, a, expected_page[i]);
      if (i < LONG_HIGHLIGHTS)
        g_assert_cmpfloat_with_epsilon (plenum_annotation_get_rects (r->annotation)[0].y,
                                        plenum_annotation_get_rects (a)[0].y + expected_dy[i],
                                        EPSILON);
      else
        assert_strokes_moved (a, r->annotation, 0, expected_dy[i]);
    }
  for (guint p = 0; p < new->texts->len; p++)
    n_changed += changed[p];
  /* Unchanged: every fifth page, but the removed one. */
  g_assert_cmpuint (n_changed, ==, LONG_PAGES - 1 - ((LONG_PAGES + 4) / 5 - 1));

  g_test_message ("carry: %u pages, %" G_GSIZE_FORMAT " bytes of text, %u annotations: "
                  "%.1f ms; changed pages: %.1f ms", LONG_PAGES, bytes, annotations->len,
                  carry_us / 1000.0, changed_us / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/annotation-carry/revised-document", test_revised_document);
  g_test_add_func ("/plenum/annotation-carry/white-space", test_white_space);
  g_test_add_func ("/plenum/annotation-carry/ambiguous", test_ambiguous);
  g_test_add_func ("/plenum/annotation-carry/pages", test_pages);
  g_test_add_func ("/plenum/annotation-carry/long-document", test_long_document);

  return g_test_run ();
}
