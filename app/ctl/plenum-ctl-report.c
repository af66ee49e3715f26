/* plenum-ctl-report.c — the meeting record as a PDF report for the committee office's
 * files (plenumctl record --format pdf; docs/plenumctl.md).
 *
 * A4 pages laid out top to bottom with pango on a cairo PDF surface: the meeting's title
 * on every page and "Page N of M" at its foot, then the sections Attendance, Agenda,
 * Votes, Speakers and Opinion rounds. M is only known once everything is laid out, so
 * the report is laid out twice: a first pass into nothing counts the pages, the second
 * writes them. The font is named explicitly (DejaVu Sans, which has every Vietnamese
 * letter) rather than left to fontconfig's default for the locale.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include "plenum-ctl-report.h"

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "core/plenum-json.h"

/* A4 in points, and the margins. */
#define PAGE_WIDTH    595.276
#define PAGE_HEIGHT   841.890
#define MARGIN_X      56.0
#define MARGIN_TOP    64.0
#define MARGIN_BOTTOM 64.0
#define TEXT_WIDTH    (PAGE_WIDTH - 2 * MARGIN_X)
#define FONT_FAMILY   "DejaVu Sans"
#define BODY_SIZE     9.0
#define ROW_GAP       3.0

typedef struct {
  cairo_t    *cr;
  const char *title;
  int         page;     /* the page being written, from 1 */
  int         n_pages;  /* 0 while counting */
  double      y;
} Report;

static PangoLayout *
make_layout (Report     *report,
             const char *text,
             double      width,
             double      size,
             gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (report->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_new ();

  pango_font_description_set_family (font, FONT_FAMILY);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static void
draw_layout (Report      *report,
             PangoLayout *layout,
             double       x,
             double       y)
{
  cairo_move_to (report->cr, x, y);
  pango_cairo_show_layout (report->cr, layout);
}

/* The meeting's title above a rule: on every page, so that a loose page says what it
 * belongs to. */
static void
page_begin (Report *report)
{
  g_autoptr(PangoLayout) layout = make_layout (report, report->title, TEXT_WIDTH, 8.0, FALSE);

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  cairo_set_source_rgb (report->cr, 0.35, 0.35, 0.35);
  draw_layout (report, layout, MARGIN_X, 30.0);
  cairo_set_line_width (report->cr, 0.5);
  cairo_move_to (report->cr, MARGIN_X, 46.0);
  cairo_line_to (report->cr, PAGE_WIDTH - MARGIN_X, 46.0);
  cairo_stroke (report->cr);
  cairo_set_source_rgb (report->cr, 0, 0, 0);
  report->y = MARGIN_TOP;
}

static void
page_end (Report *report)
{
  /* TRANSLATORS: at the foot of each page of the meeting record */
  g_autofree char *text = g_strdup_printf (_("Page %d of %d"), report->page,
                                           MAX (report->n_pages, report->page));
  g_autoptr(PangoLayout) layout = make_layout (report, text, TEXT_WIDTH, 8.0, FALSE);

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  cairo_set_source_rgb (report->cr, 0.35, 0.35, 0.35);
  draw_layout (report, layout, MARGIN_X, PAGE_HEIGHT - 40.0);
  cairo_set_source_rgb (report->cr, 0, 0, 0);
  cairo_show_page (report->cr);
}

/* Starts a new page unless @height still fits on this one. */
static void
need (Report *report,
      double  height)
{
  if (report->y + height <= PAGE_HEIGHT - MARGIN_BOTTOM || report->y <= MARGIN_TOP)
    return;
  page_end (report);
  report->page++;
  page_begin (report);
}

static void
text_block (Report     *report,
            const char *text,
            double      size,
            gboolean    bold,
            double      indent,
            double      space_after)
{
  g_autoptr(PangoLayout) layout = make_layout (report, text, TEXT_WIDTH - indent, size, bold);
  double height = layout_height (layout);

  need (report, height);
  draw_layout (report, layout, MARGIN_X + indent, report->y);
  report->y += height + space_after;
}

static void
heading (Report     *report,
         const char *text)
{
  /* A heading is not left alone at the foot of a page. */
  need (report, 60.0);
  report->y += 8.0;
  text_block (report, text, 13.0, TRUE, 0, 6.0);
}

/* One row of a table: @cells in columns of @widths (fractions of the text width). */
static void
table_row (Report             *report,
           const double       *widths,
           guint               n_cells,
           const char * const *cells,
           gboolean            bold)
{
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  double height = 0;
  double x = MARGIN_X;

  for (guint i = 0; i < n_cells; i++)
    {
      PangoLayout *layout = make_layout (report, cells[i], widths[i] * TEXT_WIDTH - 6.0,
                                         BODY_SIZE, bold);

      height = MAX (height, layout_height (layout));
      g_ptr_array_add (layouts, layout);
    }
  need (report, height + ROW_GAP);
  for (guint i = 0; i < n_cells; i++)
    {
      draw_layout (report, g_ptr_array_index (layouts, i), x, report->y);
      x += widths[i] * TEXT_WIDTH;
    }
  report->y += height + ROW_GAP;
  if (bold)
    {
      cairo_set_line_width (report->cr, 0.5);
      cairo_move_to (report->cr, MARGIN_X, report->y - 1.0);
      cairo_line_to (report->cr, PAGE_WIDTH - MARGIN_X, report->y - 1.0);
      cairo_stroke (report->cr);
      report->y += 2.0;
    }
}

/* Reading the record */

static const char *
member_string (const cJSON *object,
               const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsString (item) ? item->valuestring : "";
}

static const char *
person_name (const cJSON *person)
{
  const char *name = member_string (person, "display_name");

  return name[0] != '\0' ? name : member_string (person, "name");
}

/* A time of the record in local time as @format, or "" when absent. */
static char *
local_time (const cJSON *object,
            const char  *key,
            const char  *format)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;
  const char *text = member_string (object, key);

  if (text[0] == '\0')
    return g_strdup ("");
  time = plenum_time_parse (text);
  if (time == NULL)
    return g_strdup (text);
  local = g_date_time_to_local (time);
  return g_date_time_format (local, format);
}

static const char *
option_label (const char *label)
{
  if (g_strcmp0 (label, "for") == 0)
    return _("For");
  if (g_strcmp0 (label, "against") == 0)
    return _("Against");
  if (g_strcmp0 (label, "abstain") == 0)
    return _("Abstain");
  return label;
}

static const char *
item_number (const cJSON *record,
             const char  *item_id)
{
  const cJSON *item;

  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (record, "agenda"))
    if (g_strcmp0 (member_string (item, "id"), item_id) == 0)
      return member_string (item, "number");
  return "";
}

/* Sections */

static void
write_cover (Report      *report,
             const cJSON *record)
{
  const cJSON *meeting = cJSON_GetObjectItemCaseSensitive (record, "meeting");
  const cJSON *vice_chair = cJSON_GetObjectItemCaseSensitive (meeting, "vice_chair");
  const char *location = member_string (meeting, "location");
  const char *status = member_string (meeting, "status");
  g_autofree char *starts = local_time (meeting, "starts_at", "%Y-%m-%d %H:%M");
  g_autofree char *generated = local_time (record, "generated_at", "%Y-%m-%d %H:%M");
  g_autofree char *line = NULL;

  text_block (report, _("Record of the meeting"), 10.0, FALSE, 0, 2.0);
  text_block (report, member_string (meeting, "title"), 17.0, TRUE, 0, 6.0);
  text_block (report, member_string (cJSON_GetObjectItemCaseSensitive (meeting, "body"), "name"),
              BODY_SIZE + 1, FALSE, 0, 2.0);
  line = g_strdup_printf (_("Starts: %s"), starts);
  text_block (report, line, BODY_SIZE, FALSE, 0, 2.0);
  g_clear_pointer (&line, g_free);
  if (location[0] != '\0')
    {
      line = g_strdup_printf (_("Location: %s"), location);
      text_block (report, line, BODY_SIZE, FALSE, 0, 2.0);
      g_clear_pointer (&line, g_free);
    }
  line = g_strdup_printf (_("Chair: %s"),
                          person_name (cJSON_GetObjectItemCaseSensitive (meeting, "chair")));
  text_block (report, line, BODY_SIZE, FALSE, 0, 2.0);
  g_clear_pointer (&line, g_free);
  if (cJSON_IsObject (vice_chair))
    {
      line = g_strdup_printf (_("Vice chair: %s"), person_name (vice_chair));
      text_block (report, line, BODY_SIZE, FALSE, 0, 2.0);
      g_clear_pointer (&line, g_free);
    }
  line = g_strdup_printf (_("Status: %s · packet version %d"),
                          g_str_equal (status, "closed") ? _("closed")
                          : g_str_equal (status, "in_progress") ? _("in progress")
                          : _("scheduled"),
                          (int) cJSON_GetNumberValue (cJSON_GetObjectItemCaseSensitive (meeting,
                                                                                        "packet_version")));
  text_block (report, line, BODY_SIZE, FALSE, 0, 2.0);
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf (_("Generated: %s"), generated);
  text_block (report, line, BODY_SIZE, FALSE, 0, 4.0);
}

static void
write_attendance (Report      *report,
                  const cJSON *record)
{
  static const double widths[] = { 0.38, 0.14, 0.48 };
  const char *header[] = { _("Name"), _("Attendance"), _("Checked in and out") };
  const cJSON *row;

  heading (report, _("Attendance"));
  table_row (report, widths, 3, header, TRUE);
  cJSON_ArrayForEach (row, cJSON_GetObjectItemCaseSensitive (record, "attendance"))
    {
      g_autoptr(GString) times = g_string_new (NULL);
      const cJSON *change;
      const char *cells[3];

      cJSON_ArrayForEach (change, cJSON_GetObjectItemCaseSensitive (row, "history"))
        {
          g_autofree char *at = local_time (change, "at", "%d/%m %H:%M");

          if (times->len > 0)
            g_string_append (times, ", ");
          g_string_append_printf (times,
                                  cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (change, "present"))
                                    ? _("in %s") : _("out %s"), at);
        }
      cells[0] = person_name (cJSON_GetObjectItemCaseSensitive (row, "member"));
      cells[1] = cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (row, "present"))
                   ? _("present") : _("absent");
      cells[2] = times->str;
      table_row (report, widths, 3, cells, FALSE);
    }
}

static void
write_agenda (Report      *report,
              const cJSON *record)
{
  static const double widths[] = { 0.52, 0.30, 0.18 };
  const char *header[] = { _("Document"), _("Version (SHA-256)"), _("Pages") };
  const cJSON *item;

  heading (report, _("Agenda"));
  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (record, "agenda"))
    {
      const cJSON *documents = cJSON_GetObjectItemCaseSensitive (item, "documents");
      const cJSON *document;
      g_autofree char *title = NULL;

      title = g_strdup_printf (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (item, "closed_session"))
                                 ? _("%s. %s (closed session)") : "%s. %s",
                               member_string (item, "number"), member_string (item, "title"));
      report->y += 4.0;
      text_block (report, title, BODY_SIZE + 1, TRUE, 0, 3.0);
      if (cJSON_GetArraySize (documents) == 0)
        {
          text_block (report, _("No documents."), BODY_SIZE, FALSE, 12.0, 2.0);
          continue;
        }
      table_row (report, widths, 3, header, TRUE);
      cJSON_ArrayForEach (document, documents)
        {
          const cJSON *version;
          g_autofree char *sha = g_strndup (member_string (document, "sha256"), 12);
          g_autofree char *pages = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                    (gint64) cJSON_GetNumberValue (cJSON_GetObjectItemCaseSensitive (document, "pages")));
          g_autofree char *name = g_strdup_printf ("%s%s", member_string (document, "title"),
                                                   cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (document, "confidential"))
                                                     ? _(" (confidential)") : "");
          const char *cells[] = { name, sha, pages };

          table_row (report, widths, 3, cells, FALSE);
          cJSON_ArrayForEach (version, cJSON_GetObjectItemCaseSensitive (document, "superseded"))
            {
              g_autofree char *at = local_time (version, "superseded_at", "%Y-%m-%d %H:%M");
              g_autofree char *what = g_strdup_printf (_("    superseded on %s"), at);
              g_autofree char *old_sha = g_strndup (member_string (version, "sha256"), 12);
              g_autofree char *old_pages = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                            (gint64) cJSON_GetNumberValue (cJSON_GetObjectItemCaseSensitive (version, "pages")));
              const char *old_cells[] = { what, old_sha, old_pages };

              table_row (report, widths, 3, old_cells, FALSE);
            }
        }
    }
}

/* The result in words: adopted or not, who was elected, or why there is none. */
static char *
vote_outcome (const cJSON *vote)
{
  const char *state = member_string (vote, "state");
  const cJSON *result = cJSON_GetObjectItemCaseSensitive (vote, "result");
  const cJSON *options = cJSON_GetObjectItemCaseSensitive (vote, "options");
  const cJSON *elected = cJSON_GetObjectItemCaseSensitive (result, "elected");
  gboolean passed = cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (result, "passed"));
  g_autoptr(GString) names = NULL;
  const cJSON *index;

  if (g_str_equal (state, "annulled"))
    return g_strdup (_("Annulled"));
  if (g_str_equal (state, "open"))
    return g_strdup (_("Still open"));
  if (!cJSON_IsObject (result))
    return g_strdup (_("No result"));
  if (!cJSON_IsArray (elected))
    return g_strdup (passed ? _("Adopted") : _("Not adopted"));
  if (cJSON_GetArraySize (elected) == 0)
    return g_strdup (_("Nobody elected"));
  names = g_string_new (NULL);
  cJSON_ArrayForEach (index, elected)
    {
      const cJSON *label = cJSON_GetArrayItem (options, index->valueint);

      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, cJSON_IsString (label) ? label->valuestring : "?");
    }
  return g_strdup_printf (_("Elected: %s"), names->str);
}

static void
write_votes (Report      *report,
             const cJSON *record)
{
  static const double widths[] = { 0.45, 0.55 };
  const cJSON *votes = cJSON_GetObjectItemCaseSensitive (record, "votes");
  const cJSON *vote;

  heading (report, _("Votes"));
  if (cJSON_GetArraySize (votes) == 0)
    text_block (report, _("No votes were held."), BODY_SIZE, FALSE, 0, 2.0);
  cJSON_ArrayForEach (vote, votes)
    {
      const cJSON *result = cJSON_GetObjectItemCaseSensitive (vote, "result");
      const cJSON *options = cJSON_GetObjectItemCaseSensitive (vote, "options");
      const cJSON *counts = cJSON_GetObjectItemCaseSensitive (result, "counts");
      const cJSON *ballots = cJSON_GetObjectItemCaseSensitive (vote, "ballots");
      gboolean secret = g_str_equal (member_string (vote, "kind"), "secret");
      g_autofree char *outcome = vote_outcome (vote);
      g_autofree char *opened = local_time (vote, "opened_at", "%Y-%m-%d %H:%M");
      g_autofree char *line = NULL;
      g_autoptr(GString) tally = g_string_new (NULL);
      const cJSON *ballot;
      int i = 0;
      const cJSON *option;

      report->y += 4.0;
      text_block (report, member_string (vote, "title"), BODY_SIZE + 1, TRUE, 0, 2.0);
      line = g_strdup_printf ("%s · %s · %s · %s",
                              secret ? _("Secret ballot") : _("Open vote"),
                              g_str_equal (member_string (vote, "form"), "candidates")
                                ? _("election") : _("motion"),
                              g_str_equal (member_string (vote, "majority"), "members")
                                ? _("majority of all members") : _("majority of those present"),
                              opened);
      text_block (report, line, BODY_SIZE, FALSE, 12.0, 2.0);
      g_clear_pointer (&line, g_free);
      line = g_strdup_printf (_("Result: %s"), outcome);
      text_block (report, line, BODY_SIZE, TRUE, 12.0, 2.0);
      g_clear_pointer (&line, g_free);

      if (cJSON_IsObject (result))
        {
          cJSON_ArrayForEach (option, options)
            {
              const cJSON *count = cJSON_GetArrayItem (counts, i++);

              if (tally->len > 0)
                g_string_append (tally, " · ");
              g_string_append_printf (tally, "%s %" G_GINT64_FORMAT,
                                      option_label (option->valuestring),
                                      (gint64) cJSON_GetNumberValue (count));
            }
          text_block (report, tally->str, BODY_SIZE, FALSE, 12.0, 2.0);
          line = g_strdup_printf (_("%d ballots, %d present, %d eligible; %d needed"),
                                  (int) cJSON_GetNumberValue (cJSON_GetObjectItemCaseSensitive (result, "ballots")),
                                  (int) cJSON_GetNumberValue (cJSON_GetObjectItemCaseSensitive (result, "present")),
                                  (int) cJSON_GetNumberValue (cJSON_GetObjectItemCaseSensitive (result, "eligible")),
                                  (int) cJSON_GetNumberValue (cJSON_GetObjectItemCaseSensitive (result, "needed")));
          text_block (report, line, BODY_SIZE, FALSE, 12.0, 2.0);
        }
      /* Names only for an open vote: a secret ballot's record has none to show. */
      if (secret || !cJSON_IsArray (ballots))
        continue;
      cJSON_ArrayForEach (ballot, ballots)
        {
          g_autoptr(GString) choice = g_string_new (NULL);
          const cJSON *label;
          const char *cells[2];

          cJSON_ArrayForEach (label, cJSON_GetObjectItemCaseSensitive (ballot, "choice"))
            {
              if (choice->len > 0)
                g_string_append (choice, ", ");
              g_string_append (choice, option_label (label->valuestring));
            }
          cells[0] = person_name (cJSON_GetObjectItemCaseSensitive (ballot, "member"));
          cells[1] = choice->str;
          table_row (report, widths, 2, cells, FALSE);
        }
    }
}

static void
write_speakers (Report      *report,
                const cJSON *record)
{
  static const double widths[] = { 0.40, 0.12, 0.24, 0.24 };
  const char *header[] = { _("Speaker"), _("Item"), _("From"), _("To") };
  const cJSON *speakers = cJSON_GetObjectItemCaseSensitive (record, "speakers");
  const cJSON *speaker;

  heading (report, _("Speakers"));
  if (cJSON_GetArraySize (speakers) == 0)
    {
      text_block (report, _("Nobody was given the floor."), BODY_SIZE, FALSE, 0, 2.0);
      return;
    }
  table_row (report, widths, 4, header, TRUE);
  cJSON_ArrayForEach (speaker, speakers)
    {
      g_autofree char *from = local_time (speaker, "floor_at", "%d/%m %H:%M:%S");
      g_autofree char *to = local_time (speaker, "ended_at", "%d/%m %H:%M:%S");
      const char *cells[4];

      cells[0] = person_name (cJSON_GetObjectItemCaseSensitive (speaker, "member"));
      cells[1] = item_number (record, member_string (speaker, "item_id"));
      cells[2] = from;
      cells[3] = to;
      table_row (report, widths, 4, cells, FALSE);
    }
}

static const char *
stance_words (const char *stance)
{
  if (g_strcmp0 (stance, "agree") == 0)
    return _("Agree");
  if (g_strcmp0 (stance, "agree_with_comments") == 0)
    return _("Agree with comments");
  if (g_strcmp0 (stance, "disagree") == 0)
    return _("Disagree");
  return stance;
}

static void
write_opinions (Report      *report,
                const cJSON *record)
{
  static const double widths[] = { 0.28, 0.20, 0.52 };
  const char *header[] = { _("Member"), _("Opinion"), _("Text") };
  const cJSON *rounds = cJSON_GetObjectItemCaseSensitive (record, "opinion_rounds");
  const cJSON *round;

  heading (report, _("Opinion rounds"));
  if (cJSON_GetArraySize (rounds) == 0)
    text_block (report, _("No opinion rounds."), BODY_SIZE, FALSE, 0, 2.0);
  cJSON_ArrayForEach (round, rounds)
    {
      const cJSON *answers = cJSON_GetObjectItemCaseSensitive (round, "answers");
      const cJSON *answer;
      g_autofree char *deadline = local_time (round, "deadline", "%Y-%m-%d %H:%M");
      g_autofree char *line = g_strdup_printf (_("Deadline: %s · %d answers"), deadline,
                                               cJSON_GetArraySize (answers));

      report->y += 4.0;
      text_block (report, member_string (round, "title"), BODY_SIZE + 1, TRUE, 0, 2.0);
      text_block (report, line, BODY_SIZE, FALSE, 12.0, 3.0);
      if (cJSON_GetArraySize (answers) == 0)
        continue;
      table_row (report, widths, 3, header, TRUE);
      cJSON_ArrayForEach (answer, answers)
        {
          const cJSON *comments = cJSON_GetObjectItemCaseSensitive (answer, "comments");
          g_autofree char *text = NULL;
          const char *cells[3];

          /* TRANSLATORS: an opinion's text, then how many page comments came with it */
          text = cJSON_GetArraySize (comments) > 0
                   ? g_strdup_printf (_("%s (%d comments on pages)"),
                                      member_string (answer, "text"),
                                      cJSON_GetArraySize (comments))
                   : g_strdup (member_string (answer, "text"));
          cells[0] = person_name (cJSON_GetObjectItemCaseSensitive (answer, "member"));
          cells[1] = stance_words (member_string (answer, "stance"));
          cells[2] = text;
          table_row (report, widths, 3, cells, FALSE);
        }
    }
}

/* One whole pass; returns the number of pages written. */
static int
write_report (cairo_t     *cr,
              const cJSON *record,
              int          n_pages)
{
  Report report = { cr, NULL, 1, n_pages, 0 };

  report.title = member_string (cJSON_GetObjectItemCaseSensitive (record, "meeting"), "title");
  page_begin (&report);
  write_cover (&report, record);
  write_attendance (&report, record);
  write_agenda (&report, record);
  write_votes (&report, record);
  write_speakers (&report, record);
  write_opinions (&report, record);
  page_end (&report);
  return report.page;
}

static cairo_status_t
discard_cb (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Runs one pass on a PDF surface writing to @write_cb; the page count, or -1 with @error. */
static int
render_pass (const cJSON             *record,
             int                      n_pages,
             cairo_write_func_t       write_cb,
             gpointer                 closure,
             GError                 **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (write_cb, closure,
                                                                  PAGE_WIDTH, PAGE_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  const char *title = member_string (cJSON_GetObjectItemCaseSensitive (record, "meeting"),
                                     "title");
  cairo_status_t status;
  int pages;

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "plenumctl");
  pages = write_report (cr, record, n_pages);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("cairo: %s"),
                   cairo_status_to_string (status));
      return -1;
    }
  return pages;
}

GBytes *
plenum_ctl_report_render (const cJSON  *record,
                          GError      **error)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  int n_pages;

  g_return_val_if_fail (cJSON_IsObject (record), NULL);

  n_pages = render_pass (record, 0, discard_cb, NULL, error);
  if (n_pages < 0 || render_pass (record, n_pages, append_cb, pdf, error) < 0)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}
