/* plenum-demo-typeset.c — a small typesetter for the demo documents: A4 pages laid out
 * with pango, written through cairo's PDF surface.
 *
 * Blocks are laid out as they are added and recorded as drawing operations per page;
 * pages are only drawn in plenum_demo_doc_finish(), once the page count is known, so the
 * footer can say "Trang n/N". Everything that could vary between runs is pinned: the
 * fonts are named ("DejaVu Serif", "DejaVu Sans"), hinting is off, the resolution is
 * 72 dpi (one unit is one point), each document has its own font map, and the PDF's
 * creation and modification dates are fixed.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-demo"

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>

#include "plenum-demo-private.h"

/* A4 in points, with the margins of a Vietnamese administrative document (30 mm on the
 * binding side, 20 mm elsewhere) and room for the footer. */
#define PAGE_WIDTH     595.276
#define PAGE_HEIGHT    841.890
#define MARGIN_LEFT    85.039
#define MARGIN_RIGHT   56.693
#define MARGIN_TOP     62.362
#define MARGIN_BOTTOM  76.535
#define TEXT_WIDTH     (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
#define TEXT_BOTTOM    (PAGE_HEIGHT - MARGIN_BOTTOM)
#define FOOTER_RULE_Y  (PAGE_HEIGHT - 56.0)

#define FONT_BODY      "DejaVu Serif 11.5"
#define FONT_SMALL     "DejaVu Serif 10"
#define FONT_HEAD      "DejaVu Serif 9.5"
#define FONT_TABLE     "DejaVu Sans Condensed 8.5"
#define FONT_FOOTER    "DejaVu Sans 8"
#define FONT_STAMP     "DejaVu Sans Bold 13"

#define LINE_SPACING   1.22
#define PARA_SPACE     5.0
#define CELL_PAD       3.5

/* Fixed dates: the PDFs must be byte-identical from run to run. */
#define DEMO_PDF_DATE  "2026-11-20T08:00:00+07:00"

typedef enum {
  OP_LINE,    /* one line of a layout, at its baseline */
  OP_LAYOUT,  /* a whole layout, top-left at (x, y) */
  OP_RULE,    /* a straight line from (x, y) to (x2, y2) */
  OP_FILL,    /* a filled rectangle at (x, y), x2 × y2 */
} OpKind;

typedef enum {
  INK_BLACK,
  INK_GREY,
  INK_SHADE,
  INK_RED,
} Ink;

typedef struct {
  OpKind       kind;
  Ink          ink;
  PangoLayout *layout;  /* borrowed from PlenumDemoDoc.layouts */
  int          line;
  double       x, y, x2, y2;
  double       width;
} Op;

typedef struct {
  guint  level;
  char  *text;
  guint  page;
  double y;
} OutlineEntry;

struct _PlenumDemoDoc {
  PlenumDemoDocInfo  info;    /* strings owned below */
  char              *title;
  char              *issuer;
  char              *reference;
  char              *place_date;
  char              *draft_label;

  PangoFontMap      *font_map;
  PangoContext      *context;
  GPtrArray         *layouts; /* every layout an Op points to */
  GPtrArray         *pages;   /* of GArray of Op */
  GArray            *outline; /* of OutlineEntry */
  gboolean           has_level1;
  double             y;       /* where the next block goes on the last page */
};

static void
outline_entry_clear (gpointer data)
{
  OutlineEntry *entry = data;

  g_free (entry->text);
}

static GArray *
current_page (PlenumDemoDoc *doc)
{
  return g_ptr_array_index (doc->pages, doc->pages->len - 1);
}

static void
new_page (PlenumDemoDoc *doc)
{
  g_ptr_array_add (doc->pages, g_array_new (FALSE, FALSE, sizeof (Op)));
  doc->y = MARGIN_TOP;
}

static gboolean
at_page_top (PlenumDemoDoc *doc)
{
  return doc->y <= MARGIN_TOP + 0.01;
}

static void
add_op (PlenumDemoDoc *doc,
        const Op      *op)
{
  g_array_append_vals (current_page (doc), op, 1);
}

static void
add_rule (PlenumDemoDoc *doc,
          double         x,
          double         y,
          double         x2,
          double         y2,
          double         width,
          Ink            ink)
{
  Op op = { .kind = OP_RULE, .ink = ink, .x = x, .y = y, .x2 = x2, .y2 = y2, .width = width };

  add_op (doc, &op);
}

static void
add_fill (PlenumDemoDoc *doc,
          double         x,
          double         y,
          double         w,
          double         h,
          Ink            ink)
{
  Op op = { .kind = OP_FILL, .ink = ink, .x = x, .y = y, .x2 = w, .y2 = h };

  add_op (doc, &op);
}

static void
add_layout (PlenumDemoDoc *doc,
            PangoLayout   *layout,
            double         x,
            double         y,
            Ink            ink)
{
  Op op = { .kind = OP_LAYOUT, .ink = ink, .layout = layout, .x = x, .y = y };

  add_op (doc, &op);
}

/* A layout owned by @doc. @text is pango markup when @markup, plain text otherwise. */
static PangoLayout *
make_layout (PlenumDemoDoc  *doc,
             const char     *font,
             double          width,
             PangoAlignment  alignment,
             gboolean        justify,
             double          indent,
             const char     *text,
             gboolean        markup)
{
  PangoLayout *layout = pango_layout_new (doc->context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_justify (layout, justify);
  pango_layout_set_indent (layout, (int) (indent * PANGO_SCALE));
  pango_layout_set_line_spacing (layout, LINE_SPACING);
  if (markup)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text, -1);

  g_ptr_array_add (doc->layouts, layout);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

static double
first_line_height (PangoLayout *layout)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  PangoRectangle logical;

  pango_layout_iter_get_line_extents (iter, NULL, &logical);
  pango_layout_iter_free (iter);
  return (double) logical.height / PANGO_SCALE;
}

/* Starts a new page unless @height fits below doc->y. */
static void
need_space (PlenumDemoDoc *doc,
            double         height)
{
  if (doc->y + height > TEXT_BOTTOM && !at_page_top (doc))
    new_page (doc);
}

/* Places @layout line by line at @x, breaking to a new page between lines. */
static void
place_lines (PlenumDemoDoc *doc,
             PangoLayout   *layout,
             double         x,
             Ink            ink)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double shift = 0;
  gboolean first = TRUE;
  int line = 0;

  do
    {
      PangoRectangle logical;
      double top, height, baseline;
      Op op = { .kind = OP_LINE, .ink = ink, .layout = layout };

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = (double) logical.y / PANGO_SCALE;
      height = (double) logical.height / PANGO_SCALE;
      baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;

      if (first)
        shift = doc->y - top;
      if (top + shift + height > TEXT_BOTTOM && !at_page_top (doc))
        {
          new_page (doc);
          shift = doc->y - top;
        }

      op.line = line;
      op.x = x + (double) logical.x / PANGO_SCALE;
      op.y = baseline + shift;
      add_op (doc, &op);

      doc->y = top + shift + height;
      first = FALSE;
      line++;
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
}

static void
space_after (PlenumDemoDoc *doc,
             double         space)
{
  if (!at_page_top (doc))
    doc->y += space;
}

/* The two-column head of a Party document: the issuing body and reference on the left,
 * the Party's name and the place and date on the right. */
static void
place_letterhead (PlenumDemoDoc *doc)
{
  const double left_width = TEXT_WIDTH * 0.48;
  const double right_width = TEXT_WIDTH * 0.52;
  g_autofree char *left = NULL;
  g_autofree char *right = NULL;
  PangoLayout *left_layout;
  PangoLayout *right_layout;

  if (doc->reference != NULL)
    left = g_markup_printf_escaped ("<b>%s</b>\n*\n%s", doc->issuer, doc->reference);
  else
    left = g_markup_printf_escaped ("<b>%s</b>\n*", doc->issuer);
  right = g_markup_printf_escaped ("<b><u>ĐẢNG CỘNG SẢN VIỆT NAM</u></b>\n\n<i>%s</i>",
                                   doc->place_date);

  left_layout = make_layout (doc, FONT_HEAD, left_width, PANGO_ALIGN_CENTER, FALSE, 0,
                             left, TRUE);
  right_layout = make_layout (doc, FONT_HEAD, right_width, PANGO_ALIGN_CENTER, FALSE, 0,
                              right, TRUE);
  add_layout (doc, left_layout, MARGIN_LEFT, doc->y, INK_BLACK);
  add_layout (doc, right_layout, MARGIN_LEFT + left_width, doc->y, INK_BLACK);
  doc->y += MAX (layout_height (left_layout), layout_height (right_layout)) + 22.0;
}

PlenumDemoDoc *
plenum_demo_doc_new (const PlenumDemoDocInfo *info)
{
  PlenumDemoDoc *doc;
  cairo_font_options_t *options;

  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (info->title != NULL && info->issuer != NULL, NULL);
  g_return_val_if_fail (info->place_date != NULL, NULL);

  doc = g_new0 (PlenumDemoDoc, 1);
  doc->title = g_strdup (info->title);
  doc->issuer = g_strdup (info->issuer);
  doc->reference = g_strdup (info->reference);
  doc->place_date = g_strdup (info->place_date);
  doc->draft_label = g_strdup (info->draft_label);
  doc->info.title = doc->title;
  doc->info.issuer = doc->issuer;
  doc->info.reference = doc->reference;
  doc->info.place_date = doc->place_date;
  doc->info.confidential = info->confidential;
  doc->info.draft_label = doc->draft_label;

  /* A private font map: nothing is shared with other threads or with the caller's
   * default font map, and the fonts found do not depend on what was used before. */
  doc->font_map = pango_cairo_font_map_new ();
  doc->context = pango_font_map_create_context (doc->font_map);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (doc->context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (doc->context, 72.0);
  pango_context_set_round_glyph_positions (doc->context, FALSE);
  pango_context_set_language (doc->context, pango_language_from_string ("vi"));
  pango_context_set_base_dir (doc->context, PANGO_DIRECTION_LTR);

  doc->layouts = g_ptr_array_new_with_free_func (g_object_unref);
  doc->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  doc->outline = g_array_new (FALSE, TRUE, sizeof (OutlineEntry));
  g_array_set_clear_func (doc->outline, outline_entry_clear);

  new_page (doc);
  place_letterhead (doc);
  return doc;
}

void
plenum_demo_doc_free (PlenumDemoDoc *doc)
{
  if (doc == NULL)
    return;

  g_clear_pointer (&doc->pages, g_ptr_array_unref);
  g_clear_pointer (&doc->layouts, g_ptr_array_unref);
  g_clear_pointer (&doc->outline, g_array_unref);
  g_clear_object (&doc->context);
  g_clear_object (&doc->font_map);
  g_free (doc->title);
  g_free (doc->issuer);
  g_free (doc->reference);
  g_free (doc->place_date);
  g_free (doc->draft_label);
  g_free (doc);
}

guint
plenum_demo_doc_n_pages (PlenumDemoDoc *doc)
{
  g_return_val_if_fail (doc != NULL, 0);

  return doc->pages->len;
}

double
plenum_demo_doc_position (PlenumDemoDoc *doc)
{
  g_return_val_if_fail (doc != NULL, 0);

  return (doc->pages->len - 1) + (doc->y - MARGIN_TOP) / (TEXT_BOTTOM - MARGIN_TOP);
}

void
plenum_demo_doc_title (PlenumDemoDoc *doc,
                       const char    *kind,
                       const char    *subject)
{
  g_autofree char *markup = NULL;
  PangoLayout *layout;
  double height;

  g_return_if_fail (doc != NULL && kind != NULL);

  if (subject != NULL)
    markup = g_markup_printf_escaped ("<span size='large' weight='bold'>%s</span>\n<b>%s</b>",
                                      kind, subject);
  else
    markup = g_markup_printf_escaped ("<span size='large' weight='bold'>%s</span>", kind);
  layout = make_layout (doc, FONT_BODY, TEXT_WIDTH * 0.86, PANGO_ALIGN_CENTER, FALSE, 0,
                        markup, TRUE);
  height = layout_height (layout);
  need_space (doc, height + 60.0);
  add_layout (doc, layout, MARGIN_LEFT + TEXT_WIDTH * 0.07, doc->y, INK_BLACK);
  doc->y += height + 6.0;
  add_rule (doc, MARGIN_LEFT + TEXT_WIDTH * 0.42, doc->y, MARGIN_LEFT + TEXT_WIDTH * 0.58,
            doc->y, 0.6, INK_BLACK);
  doc->y += 16.0;
}

static void
add_outline (PlenumDemoDoc *doc,
             guint          level,
             const char    *text,
             double         y)
{
  OutlineEntry entry = { 0 };
  g_autofree char *flat = g_strdup (text);

  /* One line in the outline: a part heading "PHẦN THỨ NHẤT\nTên phần" reads as
   * "PHẦN THỨ NHẤT. Tên phần". */
  g_strdelimit (flat, "\n", ' ');
  entry.level = level;
  entry.text = g_steal_pointer (&flat);
  entry.page = doc->pages->len;
  entry.y = y;
  g_array_append_val (doc->outline, entry);
}

void
plenum_demo_doc_heading (PlenumDemoDoc *doc,
                         guint          level,
                         const char    *text)
{
  g_autofree char *markup = NULL;
  PangoLayout *layout;
  PangoAlignment alignment = PANGO_ALIGN_LEFT;
  double before, after, keep;

  g_return_if_fail (doc != NULL && text != NULL);
  g_return_if_fail (level >= 1 && level <= 4);

  switch (level)
    {
    case 1:
      markup = g_markup_printf_escaped ("<b>%s</b>", text);
      alignment = PANGO_ALIGN_CENTER;
      before = 14.0;
      after = 8.0;
      break;
    case 2:
      markup = g_markup_printf_escaped ("<b>%s</b>", text);
      before = 10.0;
      after = 4.0;
      break;
    case 3:
      markup = g_markup_printf_escaped ("<b>%s</b>", text);
      before = 6.0;
      after = 3.0;
      break;
    default:
      markup = g_markup_printf_escaped ("<b><i>%s</i></b>", text);
      before = 4.0;
      after = 2.0;
      break;
    }

  layout = make_layout (doc, FONT_BODY, TEXT_WIDTH, alignment, FALSE,
                        level == 1 ? 0 : 28.0, markup, TRUE);
  space_after (doc, before);
  /* Keep the heading with at least three lines of what follows. */
  keep = layout_height (layout) + 3 * first_line_height (layout) * LINE_SPACING;
  need_space (doc, keep);

  if (level == 1)
    {
      doc->has_level1 = TRUE;
      add_outline (doc, 1, text, doc->y);
    }
  else if (level == 2)
    add_outline (doc, 2, text, doc->y);
  else if (level == 3 && !doc->has_level1)
    add_outline (doc, 3, text, doc->y);

  place_lines (doc, layout, MARGIN_LEFT, INK_BLACK);
  doc->y += after;
}

void
plenum_demo_doc_paragraph (PlenumDemoDoc *doc,
                           const char    *text)
{
  PangoLayout *layout;

  g_return_if_fail (doc != NULL && text != NULL);

  layout = make_layout (doc, FONT_BODY, TEXT_WIDTH, PANGO_ALIGN_LEFT, TRUE, 28.0, text,
                        FALSE);
  place_lines (doc, layout, MARGIN_LEFT, INK_BLACK);
  space_after (doc, PARA_SPACE);
}

void
plenum_demo_doc_bullet (PlenumDemoDoc *doc,
                        const char    *text)
{
  PangoLayout *layout;
  g_autofree char *line = NULL;

  g_return_if_fail (doc != NULL && text != NULL);

  /* As Vietnamese documents set them: a dash at the paragraph indent, the lines after
   * it running from the margin. */
  line = g_strconcat ("- ", text, NULL);
  layout = make_layout (doc, FONT_BODY, TEXT_WIDTH, PANGO_ALIGN_LEFT, TRUE, 28.0, line,
                        FALSE);
  place_lines (doc, layout, MARGIN_LEFT, INK_BLACK);
  space_after (doc, PARA_SPACE * 0.6);
}

void
plenum_demo_doc_note (PlenumDemoDoc *doc,
                      const char    *text)
{
  g_autofree char *markup = NULL;
  PangoLayout *layout;

  g_return_if_fail (doc != NULL && text != NULL);

  markup = g_markup_printf_escaped ("<i>%s</i>", text);
  layout = make_layout (doc, FONT_SMALL, TEXT_WIDTH, PANGO_ALIGN_CENTER, FALSE, 0, markup,
                        TRUE);
  need_space (doc, layout_height (layout) + 40.0);
  place_lines (doc, layout, MARGIN_LEFT, INK_BLACK);
  space_after (doc, PARA_SPACE);
}

static PangoAlignment
pango_alignment_for (PlenumDemoAlign align)
{
  switch (align)
    {
    case PLENUM_DEMO_ALIGN_CENTER:
      return PANGO_ALIGN_CENTER;
    case PLENUM_DEMO_ALIGN_RIGHT:
      return PANGO_ALIGN_RIGHT;
    case PLENUM_DEMO_ALIGN_LEFT:
    default:
      return PANGO_ALIGN_LEFT;
    }
}

/* Lays out one row of cells; returns the row's height. */
static double
make_row (PlenumDemoDoc          *doc,
          guint                   n_cols,
          const double           *widths,
          const PlenumDemoAlign  *aligns,
          const char * const     *cells,
          gboolean                header,
          PangoLayout           **out)
{
  double height = 0;

  for (guint c = 0; c < n_cols; c++)
    {
      double width = TEXT_WIDTH * widths[c] - 2 * CELL_PAD;
      g_autofree char *markup = NULL;

      if (header)
        markup = g_markup_printf_escaped ("<b>%s</b>", cells[c]);
      else
        markup = g_markup_escape_text (cells[c], -1);
      out[c] = make_layout (doc, FONT_TABLE, width,
                            header ? PANGO_ALIGN_CENTER : pango_alignment_for (aligns[c]),
                            FALSE, 0, markup, TRUE);
      pango_layout_set_line_spacing (out[c], 1.0);
      height = MAX (height, layout_height (out[c]));
    }

  return height + 2 * CELL_PAD;
}

static void
place_row (PlenumDemoDoc  *doc,
           guint           n_cols,
           const double   *widths,
           PangoLayout   **layouts,
           double          height,
           gboolean        header)
{
  double x = MARGIN_LEFT;
  double top = doc->y;

  if (header)
    add_fill (doc, MARGIN_LEFT, top, TEXT_WIDTH, height, INK_SHADE);

  add_rule (doc, MARGIN_LEFT, top, MARGIN_LEFT + TEXT_WIDTH, top, 0.5, INK_BLACK);
  add_rule (doc, MARGIN_LEFT, top + height, MARGIN_LEFT + TEXT_WIDTH, top + height, 0.5,
            INK_BLACK);
  add_rule (doc, x, top, x, top + height, 0.5, INK_BLACK);
  for (guint c = 0; c < n_cols; c++)
    {
      double width = TEXT_WIDTH * widths[c];
      double y = top + CELL_PAD;

      /* Header cells sit in the middle of the row; data cells at the top. */
      if (header)
        y = top + (height - layout_height (layouts[c])) / 2;
      add_layout (doc, layouts[c], x + CELL_PAD, y, INK_BLACK);
      x += width;
      add_rule (doc, x, top, x, top + height, 0.5, INK_BLACK);
    }

  doc->y = top + height;
}

void
plenum_demo_doc_table (PlenumDemoDoc          *doc,
                       guint                   n_cols,
                       const double           *widths,
                       const PlenumDemoAlign  *aligns,
                       const char * const     *header,
                       const char * const     *cells,
                       guint                   n_rows)
{
  g_autofree PangoLayout **header_layouts = NULL;
  g_autofree PangoLayout **row_layouts = NULL;
  double header_height;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (n_cols > 0 && widths != NULL && aligns != NULL && header != NULL);
  g_return_if_fail (n_rows == 0 || cells != NULL);

  header_layouts = g_new0 (PangoLayout *, n_cols);
  row_layouts = g_new0 (PangoLayout *, n_cols);
  header_height = make_row (doc, n_cols, widths, aligns, header, TRUE, header_layouts);

  space_after (doc, 2.0);
  /* The header never ends a page alone. */
  need_space (doc, header_height + 40.0);
  place_row (doc, n_cols, widths, header_layouts, header_height, TRUE);

  for (guint r = 0; r < n_rows; r++)
    {
      double height = make_row (doc, n_cols, widths, aligns, cells + (gsize) r * n_cols,
                                FALSE, row_layouts);

      if (doc->y + height > TEXT_BOTTOM)
        {
          new_page (doc);
          place_row (doc, n_cols, widths, header_layouts, header_height, TRUE);
        }
      place_row (doc, n_cols, widths, row_layouts, height, FALSE);
    }

  doc->y += PARA_SPACE + 4.0;
}

void
plenum_demo_doc_signature (PlenumDemoDoc      *doc,
                           const char * const *recipients,
                           const char         *on_behalf,
                           const char         *position,
                           const char         *signer)
{
  g_autoptr(GString) left = g_string_new (NULL);
  g_autoptr(GString) right = g_string_new (NULL);
  PangoLayout *left_layout;
  PangoLayout *right_layout;
  const double left_width = TEXT_WIDTH * 0.48;
  const double right_width = TEXT_WIDTH * 0.52;
  double height;

  g_return_if_fail (doc != NULL);

  g_string_append (left, "<b><i>Nơi nhận:</i></b>");
  for (guint i = 0; recipients != NULL && recipients[i] != NULL; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (recipients[i], -1);

      g_string_append_printf (left, "\n<span size='small'>- %s</span>", escaped);
    }

  if (on_behalf != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (on_behalf, -1);

      g_string_append_printf (right, "<b>%s</b>\n", escaped);
    }
  if (position != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (position, -1);

      g_string_append_printf (right, "<b>%s</b>\n", escaped);
    }
  g_string_append (right, "\n\n\n");
  if (signer != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (signer, -1);

      g_string_append_printf (right, "<b>%s</b>", escaped);
    }

  left_layout = make_layout (doc, FONT_SMALL, left_width, PANGO_ALIGN_LEFT, FALSE, 0,
                             left->str, TRUE);
  right_layout = make_layout (doc, FONT_BODY, right_width, PANGO_ALIGN_CENTER, FALSE, 0,
                              right->str, TRUE);
  height = MAX (layout_height (left_layout), layout_height (right_layout));

  space_after (doc, 12.0);
  need_space (doc, height);
  add_layout (doc, left_layout, MARGIN_LEFT, doc->y, INK_BLACK);
  add_layout (doc, right_layout, MARGIN_LEFT + left_width, doc->y, INK_BLACK);
  doc->y += height + PARA_SPACE;
}

static void
set_ink (cairo_t *cr,
         Ink      ink)
{
  switch (ink)
    {
    case INK_GREY:
      cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
      break;
    case INK_SHADE:
      cairo_set_source_rgb (cr, 0.90, 0.90, 0.90);
      break;
    case INK_RED:
      cairo_set_source_rgb (cr, 0.78, 0.0, 0.0);
      break;
    case INK_BLACK:
    default:
      cairo_set_source_rgb (cr, 0.0, 0.0, 0.0);
      break;
    }
}

static void
draw_op (cairo_t  *cr,
         const Op *op)
{
  set_ink (cr, op->ink);
  switch (op->kind)
    {
    case OP_LINE:
      cairo_move_to (cr, op->x, op->y);
      pango_cairo_show_layout_line (cr, pango_layout_get_line_readonly (op->layout,
                                                                        op->line));
      break;
    case OP_LAYOUT:
      cairo_move_to (cr, op->x, op->y);
      pango_cairo_show_layout (cr, op->layout);
      break;
    case OP_RULE:
      cairo_set_line_width (cr, op->width);
      cairo_move_to (cr, op->x, op->y);
      cairo_line_to (cr, op->x2, op->y2);
      cairo_stroke (cr);
      break;
    case OP_FILL:
      cairo_rectangle (cr, op->x, op->y, op->x2, op->y2);
      cairo_fill (cr);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* A label in a ruled box: "MẬT" (red) on every page of a confidential document, the
 * draft label on the first page. */
static void
draw_stamp (PlenumDemoDoc *doc,
            cairo_t       *cr,
            const char    *text,
            double         x,
            double         y,
            gboolean       right_aligned,
            Ink            ink)
{
  g_autoptr(PangoLayout) layout = pango_layout_new (doc->context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (FONT_STAMP);
  PangoRectangle logical;
  double w, h;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  w = (double) logical.width / PANGO_SCALE + 12.0;
  h = (double) logical.height / PANGO_SCALE + 6.0;
  if (right_aligned)
    x -= w;

  set_ink (cr, ink);
  cairo_set_line_width (cr, 1.2);
  cairo_rectangle (cr, x, y, w, h);
  cairo_stroke (cr);
  cairo_move_to (cr, x + 6.0, y + 3.0);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_footer (PlenumDemoDoc *doc,
             cairo_t       *cr,
             guint          page,
             guint          n_pages)
{
  g_autoptr(PangoLayout) title = pango_layout_new (doc->context);
  g_autoptr(PangoLayout) number = pango_layout_new (doc->context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (FONT_FOOTER);
  g_autofree char *text = g_strdup_printf ("Trang %u/%u", page, n_pages);

  set_ink (cr, INK_GREY);
  cairo_set_line_width (cr, 0.4);
  cairo_move_to (cr, MARGIN_LEFT, FOOTER_RULE_Y);
  cairo_line_to (cr, MARGIN_LEFT + TEXT_WIDTH, FOOTER_RULE_Y);
  cairo_stroke (cr);

  pango_layout_set_font_description (title, desc);
  pango_layout_set_width (title, (int) (TEXT_WIDTH * 0.78 * PANGO_SCALE));
  pango_layout_set_ellipsize (title, PANGO_ELLIPSIZE_END);
  pango_layout_set_text (title, doc->title, -1);
  cairo_move_to (cr, MARGIN_LEFT, FOOTER_RULE_Y + 4.0);
  pango_cairo_show_layout (cr, title);

  pango_layout_set_font_description (number, desc);
  pango_layout_set_width (number, (int) (TEXT_WIDTH * 0.2 * PANGO_SCALE));
  pango_layout_set_alignment (number, PANGO_ALIGN_RIGHT);
  pango_layout_set_text (number, text, -1);
  cairo_move_to (cr, MARGIN_LEFT + TEXT_WIDTH * 0.8, FOOTER_RULE_Y + 4.0);
  pango_cairo_show_layout (cr, number);
}

static cairo_status_t
pdf_written_cb (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
plenum_demo_doc_finish (PlenumDemoDoc  *doc,
                        GError        **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  int parents[5] = { CAIRO_PDF_OUTLINE_ROOT, 0, 0, 0, 0 };
  guint n_pages;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_pages = doc->pages->len;
  surface = cairo_pdf_surface_create_for_stream (pdf_written_cb, out, PAGE_WIDTH,
                                                 PAGE_HEIGHT);
  cairo_pdf_surface_restrict_to_version (surface, CAIRO_PDF_VERSION_1_5);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, doc->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, "Văn phòng Tỉnh ủy");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  "Plenum demo " PLENUM_VERSION);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, DEMO_PDF_DATE);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, DEMO_PDF_DATE);

  cr = cairo_create (surface);
  for (guint p = 0; p < n_pages; p++)
    {
      GArray *ops = g_ptr_array_index (doc->pages, p);

      for (guint i = 0; i < ops->len; i++)
        draw_op (cr, &g_array_index (ops, Op, i));

      if (doc->info.confidential)
        draw_stamp (doc, cr, "MẬT", MARGIN_LEFT + TEXT_WIDTH, 24.0, TRUE, INK_RED);
      if (p == 0 && doc->draft_label != NULL)
        draw_stamp (doc, cr, doc->draft_label, MARGIN_LEFT, 24.0, FALSE, INK_BLACK);
      draw_footer (doc, cr, p + 1, n_pages);
      cairo_show_page (cr);
    }

  for (guint i = 0; i < doc->outline->len; i++)
    {
      OutlineEntry *entry = &g_array_index (doc->outline, OutlineEntry, i);
      g_autofree char *link = NULL;
      /* Headings add levels 1 to 3 only; the clamp keeps parents[level - 1] in the
       * array whatever comes. */
      guint level = CLAMP (entry->level, 1, 3);

      /* Integers only: a %g here would follow the locale's decimal comma. */
      link = g_strdup_printf ("page=%u pos=[%d %d]", entry->page,
                              (int) MARGIN_LEFT, (int) entry->y);
      parents[level] = cairo_pdf_surface_add_outline (surface, parents[level - 1],
                                                      entry->text, link, 0);
      for (guint deeper = level + 1; deeper < G_N_ELEMENTS (parents); deeper++)
        parents[deeper] = parents[level];
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s: cairo could not write the PDF (%s)", doc->title,
                   cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
