/* bench-ink.c — the latency of drawing with the pen over a page full of annotations
 * (bench/ink drives it; see bench/README.md).
 *
 *   bench-ink [POINTS] [ANNOTATIONS] [hide-page]     (defaults 2000 and 500)
 *
 * A 1000×1300 window shows a generated A4 page (text lines) in a PlenumPdfView with a
 * PlenumInkLayer over it holding ANNOTATIONS marks on that page: 80 % pen strokes of 50
 * points, 12 % highlights (two thirds on text-line rectangles, a third freehand), 8 %
 * notes; a fifth of them by another author (drawn: "show-others" on). Then one pen
 * stroke of POINTS points is added through plenum_ink_layer_extend_stroke() at 250 points
 * a second (a stylus's rate: a timer, so points arrive at any moment of the frame
 * interval, as a pen's do). With "hide-page" the view is laid out but not drawn
 * (opacity 0): what is left is the layer's own cost. Prints:
 *
 *   BUILD us=T                   setting the annotations → the end of the frame drawing
 *                                them (the per-page nodes built)
 *   POINT us=T                   per point: from adding it to the end (GdkFrameClock
 *                                "after-paint") of the first frame that began (its
 *                                "before-paint") after it was added
 *   FRAME us=T wait_us=W         per frame during the stroke: before-paint → after-paint,
 *                                and from the oldest point it shows to its before-paint
 *   END us=T                     ending the stroke (it becomes an annotation, its page's
 *                                node re-made) → the end of the next frame
 *   DONE points=N frames=F
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "gui/plenum-ink-layer.h"
#include "gui/plenum-pdf-view.h"
#include "pdf/plenum-render-client.h"
#include "pdf/plenum-render-queue.h"
#include "pdf/plenum-texture-cache.h"

#define AUTHOR  "5b0c3c1e-8a41-4f57-9d0e-1f2a3b4c5d6e"
#define OTHER   "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"
#define DOC_ID  "0f1e2d3c-4b5a-4968-8776-655443322110"
#define DOC_SHA "3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c"

#define POINT_INTERVAL_MS 4
#define DEADLINE_S        120

typedef struct {
  GMainLoop      *loop;
  PlenumInkLayer *layer;
  PlenumPdfView  *view;
  GdkFrameClock  *clock;

  guint           n_points;       /* of the stroke */
  guint           added;          /* points added so far */
  gint64         *added_at;
  guint           measured;       /* points whose frame has ended */
  guint           in_frame;       /* points added before the current frame began */
  gint64          frame_begin;
  guint           frames;
  gboolean        stroking;
  gboolean        building;
  gboolean        ending;         /* the stroke ended: waiting for its frame */
  gint64          end_start;
  gint64          build_start;
  guint           timer_id;
} Bench;

G_GNUC_NORETURN static void
die (const char *message)
{
  fprintf (stderr, "bench-ink: %s\n", message);
  exit (1);
}

static char *
make_pdf (const char *dir)
{
  char *path = g_build_filename (dir, "page.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 11);
  for (int line = 0; line < 50; line++)
    {
      cairo_move_to (cr, 50, 70 + line * 15);
      cairo_show_text (cr, "Resolution on the budget of the municipality for the coming year, item");
    }
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    die ("cannot write the PDF");
  cairo_surface_destroy (surface);
  return path;
}

static GPtrArray *
make_annotations (guint n)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);

  for (guint i = 0; i < n; i++)
    {
      const char *author = i % 5 == 4 ? OTHER : AUTHOR;
      guint kind = i % 25;   /* 0–19 ink, 20–22 highlight, 23–24 note */
      double x = g_rand_double_range (rand, 40, 480), y = g_rand_double_range (rand, 40, 760);
      PlenumAnnotation *a;

      if (kind < 20)
        {
          PlenumInkPoint points[50];

          a = plenum_annotation_new (PLENUM_ANNOTATION_INK, DOC_ID, DOC_SHA, author, 0);
          for (guint p = 0; p < G_N_ELEMENTS (points); p++)
            points[p] = (PlenumInkPoint) { x + p * 1.5, y + 6 * sin (p / 3.0),
                                           0.5 + 0.5 * sin (p / 7.0) * sin (p / 7.0) };
          plenum_annotation_add_stroke (a, points, G_N_ELEMENTS (points));
        }
      else if (kind < 23)
        {
          a = plenum_annotation_new (PLENUM_ANNOTATION_HIGHLIGHT, DOC_ID, DOC_SHA, author, 0);
          if (kind < 22)
            {
              PlenumAnnotationRect rects[2] = { { x, y, 90, 12 }, { 50, y + 15, 60, 12 } };

              plenum_annotation_set_rects (a, rects, 2);
            }
          else
            {
              PlenumInkPoint points[30];

              for (guint p = 0; p < G_N_ELEMENTS (points); p++)
                points[p] = (PlenumInkPoint) { x + p * 3, y + p * 0.2, 1 };
              plenum_annotation_add_stroke (a, points, G_N_ELEMENTS (points));
            }
        }
      else
        {
          a = plenum_annotation_new (PLENUM_ANNOTATION_NOTE, DOC_ID, DOC_SHA, author, 0);
          plenum_annotation_set_position (a, x, y);
          plenum_annotation_set_text (a, "Ask the treasurer about this line");
        }
      plenum_annotation_set_visibility (a, PLENUM_ANNOTATION_MEETING);
      g_ptr_array_add (list, a);
    }
  return list;
}

/* Point @i of the stroke in view coordinates: handwriting-like rows across the page. */
static void
stroke_point (Bench  *bench,
              guint   i,
              double *x,
              double *y)
{
  graphene_rect_t rect;
  double zoom = plenum_pdf_view_get_zoom (bench->view);
  guint row = i / 200, col = i % 200;
  double px = 60 + col * 2.2, py = 90 + row * 38 + 8 * sin (col / 2.5);

  if (!plenum_pdf_view_get_page_rect (bench->view, 0, &rect))
    die ("no page rectangle");
  *x = rect.origin.x + px * zoom;
  *y = rect.origin.y + py * zoom;
}

static gboolean
add_point_cb (gpointer user_data)
{
  Bench *bench = user_data;
  double x, y;

  if (bench->added >= bench->n_points)
    {
      bench->timer_id = 0;
      return G_SOURCE_REMOVE;
    }
  stroke_point (bench, bench->added, &x, &y);
  bench->added_at[bench->added] = g_get_monotonic_time ();
  if (bench->added == 0)
    {
      if (!plenum_ink_layer_begin_stroke (bench->layer, x, y, 0.8))
        die ("the stroke did not begin on the page");
    }
  else
    plenum_ink_layer_extend_stroke (bench->layer, x, y, 0.5 + 0.4 * sin (bench->added / 9.0));
  bench->added++;
  return G_SOURCE_CONTINUE;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Bench         *bench)
{
  bench->frame_begin = g_get_monotonic_time ();
  bench->in_frame = bench->added;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();

  if (bench->building)
    {
      bench->building = FALSE;
      printf ("BUILD us=%" G_GINT64_FORMAT "\n", now - bench->build_start);
      return;
    }
  if (bench->ending)
    {
      printf ("END us=%" G_GINT64_FORMAT "\n", now - bench->end_start);
      printf ("DONE points=%u frames=%u annotations=%u\n", bench->n_points, bench->frames,
              plenum_ink_layer_get_annotations (bench->layer)->len);
      fflush (stdout);
      bench->ending = FALSE;
      g_main_loop_quit (bench->loop);
      return;
    }
  if (!bench->stroking || bench->in_frame == bench->measured)
    return;
  printf ("FRAME us=%" G_GINT64_FORMAT " wait_us=%" G_GINT64_FORMAT "\n", now - bench->frame_begin,
          bench->frame_begin - bench->added_at[bench->measured]);
  for (; bench->measured < bench->in_frame; bench->measured++)
    printf ("POINT us=%" G_GINT64_FORMAT "\n", now - bench->added_at[bench->measured]);
  bench->frames++;
  if (bench->measured >= bench->n_points)
    {
      /* The stroke becomes an annotation: the page's node is re-made with it. */
      bench->stroking = FALSE;
      bench->ending = TRUE;
      bench->end_start = g_get_monotonic_time ();
      plenum_ink_layer_end_stroke (bench->layer);
    }
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PlenumRenderDocument **document = user_data;
  g_autoptr(GError) error = NULL;

  *document = plenum_render_client_open_finish (PLENUM_RENDER_CLIENT (source), result, &error);
  if (*document == NULL)
    die (error->message);
}

static gboolean
deadline_cb (gpointer user_data)
{
  die ("over the deadline");
}

/* Iterates until @done says so. */
static void
iterate_until (gboolean (*done) (gpointer), gpointer data)
{
  while (!done (data))
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
have_document (gpointer data)
{
  return *(PlenumRenderDocument **) data != NULL;
}

static gboolean
view_ready (gpointer data)
{
  return plenum_pdf_view_get_ready (data);
}

static gboolean
built (gpointer data)
{
  return !((Bench *) data)->building;
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { 0 };
  guint n_annotations = 500;
  gboolean hide_page = FALSE;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PlenumRenderClient) client = NULL;
  g_autoptr(PlenumTextureCache) cache = NULL;
  g_autoptr(PlenumRenderQueue) queue = NULL;
  g_autoptr(PlenumRenderDocument) document = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  GtkWidget *window, *scrolled, *overlay;

  bench.n_points = 2000;
  if (argc > 1)
    bench.n_points = (guint) g_ascii_strtoull (argv[1], NULL, 10);
  if (argc > 2)
    n_annotations = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  if (argc > 3)
    hide_page = g_str_equal (argv[3], "hide-page");
  if (bench.n_points < 2 || bench.n_points > 20000 || n_annotations > 100000)
    die ("usage: bench-ink [POINTS (2–20000)] [ANNOTATIONS]");
  if (!gtk_init_check ())
    die ("no display");
  g_timeout_add_seconds (DEADLINE_S, deadline_cb, NULL);

  dir = g_dir_make_tmp ("plenum-bench-ink-XXXXXX", NULL);
  if (dir == NULL)
    die ("no temporary folder");
  path = make_pdf (dir);
  client = plenum_render_client_new (NULL);
  cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  queue = plenum_render_queue_new (client, cache);
  plenum_render_client_open_async (client, path, NULL, opened_cb, &document);
  iterate_until (have_document, &document);

  bench.view = PLENUM_PDF_VIEW (plenum_pdf_view_new (queue));
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (bench.view));
  overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (overlay), scrolled);
  bench.layer = PLENUM_INK_LAYER (plenum_ink_layer_new (bench.view));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (bench.layer));
  plenum_ink_layer_set_author_id (bench.layer, AUTHOR);
  plenum_ink_layer_set_document_ids (bench.layer, DOC_ID, DOC_SHA);
  plenum_ink_layer_set_text_source (bench.layer, client, document);
  plenum_ink_layer_set_show_others (bench.layer, TRUE);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 1300);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  plenum_pdf_view_set_document (bench.view, document);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (view_ready, bench.view);
  /* The layer's own cost: the page laid out as before, but not drawn. */
  if (hide_page)
    gtk_widget_set_opacity (GTK_WIDGET (bench.view), 0);

  bench.clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench.layer));
  g_signal_connect (bench.clock, "before-paint", G_CALLBACK (before_paint_cb), &bench);
  g_signal_connect (bench.clock, "after-paint", G_CALLBACK (after_paint_cb), &bench);

  /* The marks: every page node built in the next frame. */
  annotations = make_annotations (n_annotations);
  bench.building = TRUE;
  bench.build_start = g_get_monotonic_time ();
  plenum_ink_layer_set_annotations (bench.layer, annotations);
  iterate_until (built, &bench);

  /* The stroke, a point every POINT_INTERVAL_MS. */
  plenum_ink_layer_set_tool (bench.layer, PLENUM_INK_TOOL_PEN);
  bench.added_at = g_new0 (gint64, bench.n_points);
  bench.stroking = TRUE;
  bench.loop = g_main_loop_new (NULL, FALSE);
  bench.timer_id = g_timeout_add (POINT_INTERVAL_MS, add_point_cb, &bench);
  g_main_loop_run (bench.loop);

  g_clear_handle_id (&bench.timer_id, g_source_remove);
  g_main_loop_unref (bench.loop);
  g_free (bench.added_at);
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
