/* test-ink-layer.c — the annotation layer over the reader's page view, in a real window
 * under Xvfb with the real render helper, driven by real pointer input through XTest
 * (xdotool: GTK 4.8 cannot synthesise events): a pen stroke lands on the page where the
 * pointer went (at two zoom levels) and on screen; undo, redo and the eraser; with no
 * tool the same drag pans (and a "finger" — GTK's touchscreen emulation — draws only with
 * a tool selected); others' marks follow "show-others" and the eraser leaves them alone;
 * a highlighter stroke over text snaps to the line with the text under it as its anchor;
 * a note placed with a tap is written in its popover; the select tool's delete; Ctrl+Z
 * from the keyboard; and the annotation bar driving the layer.
 *
 * Every step waits on a condition with a deadline: each xdotool action is followed by a
 * wait until the window has seen that very event.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo-pdf.h>
#include <gdk/x11/gdkx.h>
#include <glib-unix.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "core/plenum-annotation.h"
#include "gui/plenum-annotation-bar.h"
#include "gui/plenum-ink-layer.h"
#include "gui/plenum-ink-math.h"
#include "gui/plenum-pdf-view.h"
#include "pdf/plenum-render-queue.h"
#include "plenum-test-gui.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define WAIT_MS PLENUM_TEST_GUI_WAIT_MS

#define AUTHOR   "5b0c3c1e-8a41-4f57-9d0e-1f2a3b4c5d6e"
#define OTHER    "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"
#define DOC_ID   "0f1e2d3c-4b5a-4968-8776-655443322110"
#define DOC_SHA  "3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c"

#define TEXT_LINE "Plenum highlights this line"

typedef struct {
  PlenumRenderClient   *client;
  PlenumTextureCache   *cache;
  PlenumRenderQueue    *queue;
  PlenumRenderDocument *document;
  GtkWindow            *window;
  GtkWidget            *overlay;
  PlenumPdfView        *view;
  PlenumInkLayer       *layer;

  /* What the window has seen (a capture-phase controller on it). */
  double                motion_x, motion_y;   /* surface coordinates */
  guint                 n_presses;
  guint                 n_releases;
  double                pointer_x, pointer_y; /* where xdotool put it last */

  /* What the layer told. */
  guint                 n_added;
  guint                 n_changed;
  guint                 n_removed;
  PlenumAnnotation     *last_added;
  PlenumAnnotation     *last_removed;
} Fixture;

/* Three A5 pages, a line of text on each at 250 pt. */
static char *
make_pdf (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("ink-layer");
  char *path = g_build_filename (dir, "text.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 420, 595);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < 3; i++)
    {
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, 20);
      cairo_move_to (cr, 40, 250);
      cairo_show_text (cr, TEXT_LINE);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static gboolean
window_event_cb (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 Fixture                  *f)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_MOTION_NOTIFY:
      gdk_event_get_position (event, &f->motion_x, &f->motion_y);
      break;
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
      f->n_presses++;
      break;
    case GDK_BUTTON_RELEASE:
    case GDK_TOUCH_END:
      f->n_releases++;
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
added_cb (PlenumInkLayer   *layer,
          PlenumAnnotation *annotation,
          Fixture          *f)
{
  f->n_added++;
  g_set_object (&f->last_added, annotation);
}

static void
changed_cb (PlenumInkLayer   *layer,
            PlenumAnnotation *annotation,
            Fixture          *f)
{
  f->n_changed++;
}

static void
removed_cb (PlenumInkLayer   *layer,
            PlenumAnnotation *annotation,
            Fixture          *f)
{
  f->n_removed++;
  g_set_object (&f->last_removed, annotation);
}

static gboolean
view_ready (gpointer user_data)
{
  return plenum_pdf_view_get_ready (user_data);
}

static void
fixture_set_up (Fixture *f)
{
  g_autofree char *path = make_pdf ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkEventController *legacy = gtk_event_controller_legacy_new ();

  f->client = plenum_render_client_new (NULL);
  f->cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  f->queue = plenum_render_queue_new (f->client, f->cache);
  f->document = plenum_test_open_document (f->client, path);

  /* As the document page will hold them: the view in its scrolled window, the layer over
   * both in an overlay. */
  f->view = PLENUM_PDF_VIEW (plenum_pdf_view_new (f->queue));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (f->view));
  f->overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (f->overlay), scrolled);
  f->layer = PLENUM_INK_LAYER (plenum_ink_layer_new (f->view));
  gtk_overlay_add_overlay (GTK_OVERLAY (f->overlay), GTK_WIDGET (f->layer));
  plenum_ink_layer_set_author_id (f->layer, AUTHOR);
  plenum_ink_layer_set_document_ids (f->layer, DOC_ID, DOC_SHA);
  plenum_ink_layer_set_text_source (f->layer, f->client, f->document);
  g_signal_connect (f->layer, "annotation-added", G_CALLBACK (added_cb), f);
  g_signal_connect (f->layer, "annotation-changed", G_CALLBACK (changed_cb), f);
  g_signal_connect (f->layer, "annotation-removed", G_CALLBACK (removed_cb), f);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 600, 800);
  gtk_window_set_child (f->window, f->overlay);
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (window_event_cb), f);
  gtk_widget_add_controller (GTK_WIDGET (f->window), legacy);
  plenum_pdf_view_set_document (f->view, f->document);
  gtk_window_present (f->window);
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f->view, WAIT_MS));
  f->pointer_x = f->pointer_y = -1;
}

static void
fixture_tear_down (Fixture *f)
{
  g_signal_handlers_disconnect_by_data (f->layer, f);
  gtk_window_destroy (f->window);
  g_clear_object (&f->last_added);
  g_clear_object (&f->last_removed);
  g_clear_object (&f->document);
  g_clear_object (&f->queue);
  g_clear_object (&f->cache);
  g_clear_object (&f->client);
}

/* ---- Real input ---- */

static void
xdotool (const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL,
                               NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
}

static void
to_surface (Fixture *f,
            double   view_x,
            double   view_y,
            double  *sx,
            double  *sy)
{
  graphene_point_t point;
  double nx = 0, ny = 0;

  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (f->view), GTK_WIDGET (f->window),
                                           &GRAPHENE_POINT_INIT ((float) view_x, (float) view_y),
                                           &point));
  gtk_native_get_surface_transform (GTK_NATIVE (f->window), &nx, &ny);
  *sx = round (point.x + nx);
  *sy = round (point.y + ny);
}

typedef struct {
  Fixture *f;
  double   x, y;
} MotionWait;

static gboolean
motion_seen (gpointer user_data)
{
  MotionWait *w = user_data;

  return fabs (w->f->motion_x - w->x) < 0.5 && fabs (w->f->motion_y - w->y) < 0.5;
}

/* Moves the pointer to a point of the view and waits until the window saw it. */
static void
pointer_move (Fixture *f,
              double   view_x,
              double   view_y)
{
  g_autofree char *xid = NULL, *sx_text = NULL, *sy_text = NULL;
  MotionWait w = { f, 0, 0 };

  to_surface (f, view_x, view_y, &w.x, &w.y);
  if (w.x == f->pointer_x && w.y == f->pointer_y)
    return;
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (f->window))));
  sx_text = g_strdup_printf ("%.0f", w.x);
  sy_text = g_strdup_printf ("%.0f", w.y);
  xdotool ((const char *[]) { "mousemove", "--window", xid, sx_text, sy_text, NULL });
  if (!plenum_test_wait_until (NULL, motion_seen, &w, WAIT_MS))
    g_error ("the pointer went to %.0f, %.0f; the window saw it last at %.1f, %.1f", w.x, w.y,
             f->motion_x, f->motion_y);
  f->pointer_x = w.x;
  f->pointer_y = w.y;
}

typedef struct {
  guint *counter;
  guint  target;
} CountWait;

static gboolean
count_reached (gpointer user_data)
{
  CountWait *w = user_data;

  return *w->counter >= w->target;
}

static void
wait_count (guint *counter,
            guint  target)
{
  CountWait w = { counter, target };


  g_assert_true (plenum_test_wait_until (NULL, count_reached, &w, WAIT_MS));
}

static void
pointer_down (Fixture *f)
{
  guint target = f->n_presses + 1;

  xdotool ((const char *[]) { "mousedown", "1", NULL });
  wait_count (&f->n_presses, target);
}

static void
pointer_up (Fixture *f)
{
  guint target = f->n_releases + 1;

  xdotool ((const char *[]) { "mouseup", "1", NULL });
  wait_count (&f->n_releases, target);
}

/* A drag through @n points of the view (pressed at the first, released at the last),
 * in steps of at most 15 px. */
static void
drag_through (Fixture      *f,
              const double *points,
              guint         n)
{
  pointer_move (f, points[0], points[1]);
  pointer_down (f);
  for (guint i = 1; i < n; i++)
    {
      double x0 = points[2 * i - 2], y0 = points[2 * i - 1];
      double x1 = points[2 * i], y1 = points[2 * i + 1];
      guint steps = MAX (1, (guint) ceil (hypot (x1 - x0, y1 - y0) / 15));

      for (guint s = 1; s <= steps; s++)
        pointer_move (f, x0 + (x1 - x0) * s / steps, y0 + (y1 - y0) * s / steps);
    }
  pointer_up (f);
}

static void
tap (Fixture *f,
     double   x,
     double   y)
{
  pointer_move (f, x, y);
  pointer_down (f);
  pointer_up (f);
}

/* ---- Geometry ---- */

static void
page_to_view (Fixture *f,
              guint    page,
              double   px,
              double   py,
              double  *vx,
              double  *vy)
{
  graphene_rect_t rect;
  double zoom = plenum_pdf_view_get_zoom (f->view);

  g_assert_true (plenum_pdf_view_get_page_rect (f->view, page, &rect));
  *vx = rect.origin.x + px * zoom;
  *vy = rect.origin.y + py * zoom;
  g_assert_cmpfloat (*vx, >=, 0);
  g_assert_cmpfloat (*vy, >=, 0);
  g_assert_cmpfloat (*vx, <, gtk_widget_get_width (GTK_WIDGET (f->view)));
  g_assert_cmpfloat (*vy, <, gtk_widget_get_height (GTK_WIDGET (f->view)));
}

/* The bounding box of view points, grown by @margin, in the overlay's coordinates. */
static graphene_rect_t
box_of (Fixture      *f,
        const double *points,
        guint         n,
        double        margin)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  graphene_point_t origin;

  for (guint i = 0; i < n; i++)
    {
      x0 = MIN (x0, points[2 * i]);
      y0 = MIN (y0, points[2 * i + 1]);
      x1 = MAX (x1, points[2 * i]);
      y1 = MAX (y1, points[2 * i + 1]);
    }
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (f->view), f->overlay,
                                           &GRAPHENE_POINT_INIT (0, 0), &origin));
  return GRAPHENE_RECT_INIT ((float) (x0 - margin + origin.x), (float) (y0 - margin + origin.y),
                             (float) (x1 - x0 + 2 * margin), (float) (y1 - y0 + 2 * margin));
}

static GdkTexture *
pixels (Fixture *f)
{
  return plenum_test_widget_pixels (f->overlay);
}

/* ---- Tests ---- */

/* The pen's L-shaped stroke through page points (40, 60), (120, 80), (125, 150), drawn
 * at the current zoom: asserts the annotation and the pixels; returns its id. */
static char *
draw_pen_stroke (Fixture *f)
{
  const double page_points[] = { 40, 60, 120, 80, 125, 150 };
  double view_points[6];
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) after = NULL;
  const PlenumInkPoint *stroke;
  PlenumAnnotation *a;
  graphene_rect_t box;
  guint added = f->n_added, n;
  double scale = plenum_pdf_view_get_zoom (f->view);

  for (guint i = 0; i < 3; i++)
    page_to_view (f, 0, page_points[2 * i], page_points[2 * i + 1], &view_points[2 * i],
                  &view_points[2 * i + 1]);
  box = box_of (f, view_points, 3, 8);
  before = pixels (f);

  drag_through (f, view_points, 3);
  wait_count (&f->n_added, added + 1);
  plenum_test_wait_frame (f->overlay);
  g_assert_cmpuint (f->n_added, ==, added + 1);  /* once */

  a = f->last_added;
  g_assert_cmpint (plenum_annotation_get_kind (a), ==, PLENUM_ANNOTATION_INK);
  g_assert_cmpstr (plenum_annotation_get_author_id (a), ==, AUTHOR);
  g_assert_cmpstr (plenum_annotation_get_document_id (a), ==, DOC_ID);
  g_assert_cmpuint (plenum_annotation_get_page (a), ==, 0);
  g_assert_cmpuint (plenum_annotation_get_n_strokes (a), ==, 1);
  stroke = plenum_annotation_get_stroke (a, 0, &n);
  g_assert_cmpuint (n, >=, 2);
  /* Where the pointer went, in page points: a pixel of rounding each way is 1/zoom of a
   * point; the smoothing may cut the corner by a little more. */
  g_test_message ("zoom %.3f: first (%.2f, %.2f), last (%.2f, %.2f), %u points", scale,
                  stroke[0].x, stroke[0].y, stroke[n - 1].x, stroke[n - 1].y, n);
  g_assert_cmpfloat (hypot (stroke[0].x - 40, stroke[0].y - 60), <=, 2.0);
  g_assert_cmpfloat (hypot (stroke[n - 1].x - 125, stroke[n - 1].y - 150), <=, 2.0);
  g_assert_cmpfloat (plenum_ink_distance_to_stroke (stroke, n, 120, 80), <=, 2.0);
  g_assert_cmpfloat (plenum_ink_distance_to_stroke (stroke, n, 80, 70), <=, 2.0);
  g_assert_true (plenum_ink_layer_lookup (f->layer, plenum_annotation_get_id (a)) == a);

  /* And it is on screen. */
  after = pixels (f);
  g_assert_cmpuint (plenum_test_count_differences (before, after, &box), >=, 50);
  return g_strdup (plenum_annotation_get_id (a));
}

static void
test_pen_undo_redo_eraser (void)
{
  Fixture f = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;
  g_autoptr(GdkTexture) blank = NULL;
  g_autoptr(GdkTexture) drawn = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  graphene_rect_t all;
  double x, y;

  fixture_set_up (&f);
  /* All but the scrollbars' edge: they show while the pointer moves. */
  all = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (f.overlay) - 24,
                            gtk_widget_get_height (f.overlay) - 24);
  blank = pixels (&f);
  g_assert_false (plenum_ink_layer_get_can_undo (f.layer));

  plenum_ink_layer_set_tool (f.layer, PLENUM_INK_TOOL_PEN);
  id = draw_pen_stroke (&f);
  g_assert_true (plenum_ink_layer_get_can_undo (f.layer));
  g_assert_false (plenum_ink_layer_get_can_redo (f.layer));
  drawn = pixels (&f);

  /* Undo, with the keys (the layer never has the focus: its shortcut is the window's):
   * removed, and the pixels are as before. */
  xdotool ((const char *[]) { "key", "ctrl+z", NULL });
  wait_count (&f.n_removed, 1);
  g_assert_cmpuint (f.n_removed, ==, 1);
  g_assert_cmpstr (plenum_annotation_get_id (f.last_removed), ==, id);
  g_assert_null (plenum_ink_layer_lookup (f.layer, id));
  g_assert_true (plenum_ink_layer_get_can_redo (f.layer));
  texture = pixels (&f);
  g_assert_cmpuint (plenum_test_count_differences (blank, texture, &all), ==, 0);
  g_clear_object (&texture);

  /* Redo: the same annotation again, drawn the same. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.layer), "ink.redo", NULL));
  g_assert_cmpuint (f.n_added, ==, 2);
  g_assert_cmpstr (plenum_annotation_get_id (f.last_added), ==, id);
  g_assert_nonnull (plenum_ink_layer_lookup (f.layer, id));
  texture = pixels (&f);
  g_assert_cmpuint (plenum_test_count_differences (drawn, texture, &all), ==, 0);
  g_clear_object (&texture);

  /* The eraser: a tap on the stroke removes it. */
  plenum_ink_layer_set_tool (f.layer, PLENUM_INK_TOOL_ERASER);
  page_to_view (&f, 0, 80, 70, &x, &y);
  tap (&f, x, y);
  wait_count (&f.n_removed, 2);
  g_assert_cmpstr (plenum_annotation_get_id (f.last_removed), ==, id);
  g_assert_null (plenum_ink_layer_lookup (f.layer, id));
  texture = pixels (&f);
  g_assert_cmpuint (plenum_test_count_differences (blank, texture, &all), ==, 0);
  g_clear_object (&texture);
  /* … and undoing the erasure brings it back. */
  plenum_ink_layer_undo (f.layer);
  g_assert_cmpuint (f.n_added, ==, 3);
  g_assert_nonnull (plenum_ink_layer_lookup (f.layer, id));

  /* At another zoom, the stroke lands where the pointer went too. */
  plenum_pdf_view_set_zoom (f.view, 2.0);
  /* Zoomed about the middle: back to the page's top-left corner. */
  plenum_pdf_view_set_page (f.view, 0);
  gtk_adjustment_set_value (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (f.view)), 0);
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));
  plenum_ink_layer_set_tool (f.layer, PLENUM_INK_TOOL_PEN);
  plenum_ink_layer_remove_annotation (f.layer, id);  /* the owner drops it: a clean page */
  id2 = draw_pen_stroke (&f);
  g_assert_cmpstr (id2, !=, id);
  g_assert_cmpuint (f.n_changed, ==, 0);

  fixture_tear_down (&f);
}

/* Waits until kinetic scrolling has come to rest: the value unchanged over eight frames
 * in a row (the deceleration may start a frame or two after the release). */
static void
wait_still (Fixture       *f,
            GtkAdjustment *adjustment)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
  double value = gtk_adjustment_get_value (adjustment);
  guint still = 0;

  while (still < 8)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      plenum_test_wait_frame (f->overlay);
      if (gtk_adjustment_get_value (adjustment) == value)
        still++;
      else
        {
          value = gtk_adjustment_get_value (adjustment);
          still = 0;
        }
    }
}

static void
test_no_tool_pans (void)
{
  Fixture f = { 0 };
  GtkAdjustment *vadjustment;
  GtkWidget *scrolled;
  double points[4], before;
  GtkDebugFlags flags = gtk_get_debug_flags ();

  fixture_set_up (&f);
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f.view));
  g_assert_nonnull (vadjustment);
  page_to_view (&f, 0, 200, 400, &points[0], &points[1]);
  points[2] = points[0];
  points[3] = points[1] - 250;

  /* The pointer as a finger (GTK's touchscreen emulation), as on the terminals. */
  gtk_set_debug_flags (flags | GTK_DEBUG_TOUCHSCREEN);

  /* With no tool, the drag pans the view and adds nothing. */
  g_assert_cmpint (plenum_ink_layer_get_tool (f.layer), ==, PLENUM_INK_TOOL_NONE);
  before = gtk_adjustment_get_value (vadjustment);
  drag_through (&f, points, 2);
  wait_still (&f, vadjustment);
  g_test_message ("vadjustment %.1f → %.1f", before, gtk_adjustment_get_value (vadjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >=, before + 100);
  plenum_test_wait_frame (f.overlay);
  g_assert_cmpuint (f.n_added, ==, 0);
  g_assert_cmpuint (plenum_ink_layer_get_annotations (f.layer)->len, ==, 0);

  /* With the pen selected, the same finger draws and the view stays put. */
  gtk_adjustment_set_value (vadjustment, 0);
  wait_still (&f, vadjustment);
  g_assert_true (plenum_test_wait_until (NULL, view_ready, f.view, WAIT_MS));
  plenum_ink_layer_set_tool (f.layer, PLENUM_INK_TOOL_PEN);
  page_to_view (&f, 0, 200, 400, &points[0], &points[1]);
  points[2] = points[0] + 5;
  points[3] = points[1] - 150;
  before = gtk_adjustment_get_value (vadjustment);
  drag_through (&f, points, 2);
  wait_count (&f.n_added, 1);
  wait_still (&f, vadjustment);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, before);
  {
    guint n;
    const PlenumInkPoint *stroke = plenum_annotation_get_stroke (f.last_added, 0, &n);
    double zoom = plenum_pdf_view_get_zoom (f.view);

    /* The whole drag, not a piece cut short by the pan taking over. */
    g_assert_cmpfloat (fabs (stroke[0].y - stroke[n - 1].y), >=, 145 / zoom);
  }
  /* Back to no tool: the scrolled window pans again. */
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (f.view), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_false (gtk_scrolled_window_get_kinetic_scrolling (GTK_SCROLLED_WINDOW (scrolled)));
  plenum_ink_layer_set_tool (f.layer, PLENUM_INK_TOOL_NONE);
  g_assert_true (gtk_scrolled_window_get_kinetic_scrolling (GTK_SCROLLED_WINDOW (scrolled)));

  gtk_set_debug_flags (flags);
  fixture_tear_down (&f);
}

static void
test_show_others (void)
{
  Fixture f = { 0 };
  g_autoptr(PlenumAnnotation) own = plenum_annotation_new (PLENUM_ANNOTATION_INK, DOC_ID, DOC_SHA, AUTHOR, 0);
  g_autoptr(PlenumAnnotation) other = plenum_annotation_new (PLENUM_ANNOTATION_INK, DOC_ID, DOC_SHA, OTHER, 0);
  g_autoptr(PlenumAnnotation) note = plenum_annotation_new (PLENUM_ANNOTATION_NOTE, DOC_ID, DOC_SHA, OTHER, 0);
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GdkTexture) blank = NULL;
  g_autoptr(GdkTexture) shown = NULL;
  g_autoptr(GdkTexture) hidden = NULL;
  const PlenumInkPoint own_points[] = { { 40, 400, 1 }, { 200, 420, 1 } };
  const PlenumInkPoint other_points[] = { { 40, 100, 1 }, { 200, 140, 0.5 }, { 300, 100, 1 } };
  double view_points[6];
  graphene_rect_t own_box, other_box;
  double x, y;

  fixture_set_up (&f);
  plenum_annotation_add_stroke (own, own_points, G_N_ELEMENTS (own_points));
  plenum_annotation_set_width (own, 3);
  plenum_annotation_add_stroke (other, other_points, G_N_ELEMENTS (other_points));
  plenum_annotation_set_width (other, 3);
  plenum_annotation_set_visibility (other, PLENUM_ANNOTATION_MEETING);
  plenum_annotation_set_position (note, 320, 60);
  plenum_annotation_set_text (note, "Ask about item 3");
  plenum_annotation_set_visibility (note, PLENUM_ANNOTATION_MEETING);
  page_to_view (&f, 0, 40, 100, &view_points[0], &view_points[1]);
  page_to_view (&f, 0, 345, 140, &view_points[2], &view_points[3]);
  other_box = box_of (&f, view_points, 2, 4);
  page_to_view (&f, 0, 40, 400, &view_points[0], &view_points[1]);
  page_to_view (&f, 0, 200, 420, &view_points[2], &view_points[3]);
  own_box = box_of (&f, view_points, 2, 4);

  blank = pixels (&f);
  g_ptr_array_add (list, own);
  g_ptr_array_add (list, other);
  g_ptr_array_add (list, note);
  plenum_ink_layer_set_annotations (f.layer, list);
  g_assert_cmpuint (plenum_ink_layer_get_annotations (f.layer)->len, ==, 3);

  plenum_ink_layer_set_show_others (f.layer, TRUE);
  shown = pixels (&f);
  g_assert_cmpuint (plenum_test_count_differences (blank, shown, &other_box), >=, 100);
  g_assert_cmpuint (plenum_test_count_differences (blank, shown, &own_box), >=, 50);

  plenum_ink_layer_set_show_others (f.layer, FALSE);
  hidden = pixels (&f);
  g_assert_cmpuint (plenum_test_count_differences (blank, hidden, &other_box), ==, 0);
  g_assert_cmpuint (plenum_test_count_differences (blank, hidden, &own_box), >=, 50);

  /* The eraser leaves others' marks alone, even where they are drawn. */
  plenum_ink_layer_set_show_others (f.layer, TRUE);
  plenum_ink_layer_set_tool (f.layer, PLENUM_INK_TOOL_ERASER);
  page_to_view (&f, 0, 40, 100, &x, &y);
  tap (&f, x, y);
  plenum_test_wait_frame (f.overlay);
  g_assert_cmpuint (f.n_removed, ==, 0);
  g_assert_nonnull (plenum_ink_layer_lookup (f.layer, plenum_annotation_get_id (other)));

  fixture_tear_down (&f);
}

static void
test_highlighter_snaps (void)
{
  Fixture f = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumRenderText) text = NULL;
  g_autofree char *expected = NULL;
  const char *quote, *prefix, *suffix, *start, *end;
  glong first, last;
  const PlenumRenderBox *a, *b;
  const PlenumAnnotationRect *rect;
  double points[4];

  fixture_set_up (&f);

  /* Where the words are: the page's text, as the helper gives it. */
  plenum_render_client_get_text_async (f.client, f.document, 0, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  text = plenum_render_client_get_text_finish (f.client, result, &error);
  g_assert_no_error (error);
  start = strstr (text->text, "highlights");
  end = strstr (text->text, "this");
  g_assert_nonnull (start);
  g_assert_nonnull (end);
  first = g_utf8_pointer_to_offset (text->text, start);
  last = g_utf8_pointer_to_offset (text->text, end) + 3;
  expected = g_utf8_substring (text->text, first, last + 1);
  g_assert_cmpstr (expected, ==, "highlights this");
  a = &g_array_index (text->boxes, PlenumRenderBox, first);
  b = &g_array_index (text->boxes, PlenumRenderBox, last);

  /* A highlighter stroke along the line, from the first letter's middle to the last's. */
  plenum_ink_layer_set_tool (f.layer, PLENUM_INK_TOOL_HIGHLIGHTER);
  plenum_ink_layer_set_width (f.layer, 12);
  page_to_view (&f, 0, a->x + a->width / 2, a->y + a->height / 2, &points[0], &points[1]);
  page_to_view (&f, 0, b->x + b->width / 2, b->y + b->height / 2 + 1, &points[2], &points[3]);
  drag_through (&f, points, 2);
  wait_count (&f.n_added, 1);

  g_assert_cmpint (plenum_annotation_get_kind (f.last_added), ==, PLENUM_ANNOTATION_HIGHLIGHT);
  g_assert_cmpuint (plenum_annotation_get_n_strokes (f.last_added), ==, 0);
  g_assert_cmpuint (plenum_annotation_get_n_rects (f.last_added), ==, 1);
  plenum_annotation_get_anchor (f.last_added, &quote, &prefix, &suffix);
  g_assert_cmpstr (quote, ==, expected);
  g_assert_cmpstr (prefix, ==, "Plenum ");
  g_assert_cmpstr (suffix, ==, " line");
  rect = plenum_annotation_get_rects (f.last_added);
  g_assert_cmpfloat (fabs (rect->x - a->x), <=, 0.5);
  g_assert_cmpfloat (fabs (rect->x + rect->width - (b->x + b->width)), <=, 0.5);

  /* Away from the text it stays freehand. */
  page_to_view (&f, 0, 60, 450, &points[0], &points[1]);
  page_to_view (&f, 0, 200, 460, &points[2], &points[3]);
  drag_through (&f, points, 2);
  wait_count (&f.n_added, 2);
  g_assert_cmpuint (plenum_annotation_get_n_strokes (f.last_added), ==, 1);
  g_assert_cmpuint (plenum_annotation_get_n_rects (f.last_added), ==, 0);

  fixture_tear_down (&f);
}

static void
test_create_destroy (void)
{
  Fixture f = { 0 };
  GtkWidget *layer;
  PlenumPdfView *view;

  fixture_set_up (&f);
  view = f.view;
  /* The layer is not a target: whatever is under the pointer is the view. */
  g_assert_false (gtk_widget_get_can_target (GTK_WIDGET (f.layer)));
  /* A second layer on the same view, made and dropped: its gestures leave with it. */
  layer = plenum_ink_layer_new (view);
  g_object_ref_sink (layer);
  g_assert_finalize_object (layer);
  fixture_tear_down (&f);
}

/* The popover of the layer that is open. */
static GtkWidget *
open_popover (Fixture *f)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (f->layer)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child) && gtk_widget_get_visible (child))
      return child;
  return NULL;
}

static GtkWidget *find_type (GtkWidget *widget, GType type);

/* A note placed with a tap, written and closed: added with its text; then selected with
 * the select tool and deleted from the selection's popover. */
static void
test_note_and_select (void)
{
  Fixture f = { 0 };
  GtkWidget *popover, *text, *delete;
  double x, y, px, py;

  fixture_set_up (&f);
  plenum_ink_layer_set_tool (f.layer, PLENUM_INK_TOOL_NOTE);
  page_to_view (&f, 0, 200, 100, &x, &y);
  tap (&f, x, y);
  g_assert_true (plenum_test_wait_until (NULL, (PlenumTestCondition) open_popover, &f, WAIT_MS));
  popover = open_popover (&f);
  text = find_type (popover, GTK_TYPE_TEXT_VIEW);
  g_assert_nonnull (text);
  g_assert_true (gtk_text_view_get_editable (GTK_TEXT_VIEW (text)));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text)),
                            "Hỏi lại về mục 3\nand the budget", -1);
  g_assert_cmpuint (f.n_added, ==, 0);  /* only once it is closed */
  gtk_popover_popdown (GTK_POPOVER (popover));
  wait_count (&f.n_added, 1);
  g_assert_cmpint (plenum_annotation_get_kind (f.last_added), ==, PLENUM_ANNOTATION_NOTE);
  g_assert_cmpstr (plenum_annotation_get_text (f.last_added), ==, "Hỏi lại về mục 3\nand the budget");
  plenum_annotation_get_position (f.last_added, &px, &py);
  /* The pin's centre where the tap was. */
  g_assert_cmpfloat (fabs (px + 12 - 200), <=, 2);
  g_assert_cmpfloat (fabs (py + 12 - 100), <=, 2);

  /* Select it, and delete it from the selection's popover. */
  plenum_ink_layer_set_tool (f.layer, PLENUM_INK_TOOL_SELECT);
  page_to_view (&f, 0, 201, 101, &x, &y);
  tap (&f, x, y);
  g_assert_cmpstr (plenum_ink_layer_get_selected_id (f.layer), ==,
                   plenum_annotation_get_id (f.last_added));
  g_assert_true (plenum_test_wait_until (NULL, (PlenumTestCondition) open_popover, &f, WAIT_MS));
  delete = find_type (open_popover (&f), GTK_TYPE_BUTTON);
  g_assert_nonnull (delete);
  g_signal_emit_by_name (delete, "clicked");
  g_assert_cmpuint (f.n_removed, ==, 1);
  g_assert_null (plenum_ink_layer_get_selected_id (f.layer));
  g_assert_cmpuint (plenum_ink_layer_get_annotations (f.layer)->len, ==, 0);

  fixture_tear_down (&f);
}

/* The bar's button with this tooltip. */
static GtkWidget *
find_by_tooltip (GtkWidget  *widget,
                 const char *tooltip)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
toggle (GtkWidget  *bar,
        const char *tooltip)
{
  GtkWidget *button = find_by_tooltip (bar, tooltip);
  graphene_rect_t bounds;

  g_assert_nonnull (button);
  g_assert_true (GTK_IS_TOGGLE_BUTTON (button));
  /* A finger's target (the border box: what takes the touch). */
  g_assert_true (gtk_widget_compute_bounds (button, button, &bounds));
  g_assert_cmpfloat (bounds.size.width, >=, 48);
  g_assert_cmpfloat (bounds.size.height, >=, 48);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button),
                                !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
}

/* The tool bar drives the layer: tools, colours and widths per tool, undo's state, the
 * others' switch and the visibility of new marks. */
static void
test_annotation_bar (void)
{
  Fixture f = { 0 };
  GtkWidget *bar, *box, *undo, *dropdown, *others;
  GdkRGBA color;
  double x, y;
  const char *tool_names[] = { "Pen", "Highlighter", "Note", "Eraser", "Select", "Undo", "Redo" };

  fixture_set_up (&f);
  bar = plenum_annotation_bar_new (f.layer);
  /* Put above the view, as the document page will. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_object_ref (f.overlay);
  gtk_window_set_child (f.window, box);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), f.overlay);
  gtk_widget_set_vexpand (f.overlay, TRUE);
  g_object_unref (f.overlay);
  plenum_test_wait_frame (bar);

  /* Icon-only buttons: a tooltip and an accessible label each. */
  for (guint i = 0; i < G_N_ELEMENTS (tool_names); i++)
    g_assert_nonnull (find_by_tooltip (bar, tool_names[i]));

  toggle (bar, "Pen");
  g_assert_cmpint (plenum_ink_layer_get_tool (f.layer), ==, PLENUM_INK_TOOL_PEN);
  toggle (bar, "Red");
  plenum_ink_layer_get_color (f.layer, &color);
  g_assert_cmpfloat (color.red, >, 0.7);
  g_assert_cmpfloat (color.blue, <, 0.2);
  toggle (bar, "Thick");
  g_assert_cmpfloat (plenum_ink_layer_get_width (f.layer), ==, 4.0);

  /* The highlighter has its own colour and width… */
  toggle (bar, "Highlighter");
  g_assert_cmpint (plenum_ink_layer_get_tool (f.layer), ==, PLENUM_INK_TOOL_HIGHLIGHTER);
  plenum_ink_layer_get_color (f.layer, &color);
  g_assert_cmpfloat (color.alpha, <, 1.0);
  g_assert_cmpfloat (plenum_ink_layer_get_width (f.layer), ==, 12.0);
  /* … and the pen gets its own back. */
  toggle (bar, "Pen");
  plenum_ink_layer_get_color (f.layer, &color);
  g_assert_cmpfloat (color.red, >, 0.7);
  g_assert_cmpfloat (plenum_ink_layer_get_width (f.layer), ==, 4.0);
  /* A second tap puts the tool away. */
  toggle (bar, "Pen");
  g_assert_cmpint (plenum_ink_layer_get_tool (f.layer), ==, PLENUM_INK_TOOL_NONE);

  /* Undo follows the layer. */
  undo = find_by_tooltip (bar, "Undo");
  g_assert_false (gtk_widget_get_sensitive (undo));
  toggle (bar, "Pen");
  plenum_test_wait_frame (f.overlay);
  page_to_view (&f, 0, 60, 300, &x, &y);
  g_assert_true (plenum_ink_layer_begin_stroke (f.layer, x, y, -1));
  plenum_ink_layer_extend_stroke (f.layer, x + 80, y + 20, 0.5);
  plenum_ink_layer_end_stroke (f.layer);
  g_assert_cmpuint (f.n_added, ==, 1);
  g_assert_cmpfloat (plenum_annotation_get_width (f.last_added), ==, 4.0);
  g_assert_true (gtk_widget_get_sensitive (undo));
  g_signal_emit_by_name (undo, "clicked");
  g_assert_cmpuint (f.n_removed, ==, 1);
  g_assert_false (gtk_widget_get_sensitive (undo));

  /* Others' notes, and who new marks are for. */
  others = find_type (bar, GTK_TYPE_SWITCH);
  g_assert_nonnull (others);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (others)));
  plenum_ink_layer_set_show_others (f.layer, FALSE);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (others)));
  gtk_switch_set_active (GTK_SWITCH (others), TRUE);
  g_assert_true (plenum_ink_layer_get_show_others (f.layer));
  dropdown = find_by_tooltip (bar, "Who sees new notes");
  g_assert_nonnull (dropdown);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
  g_assert_cmpint (plenum_ink_layer_get_visibility (f.layer), ==, PLENUM_ANNOTATION_MEETING);

  fixture_tear_down (&f);
}

/* ---- A display of our own ----
 *
 * These tests move the X pointer. Under `xvfb-run meson test` the UI tests run in
 * parallel on one display: a window of another test over ours would take our pointer
 * events, and our pointer would land in theirs. So the tests start their own Xvfb (when
 * there is one) and run on it alone. */

static GPid private_xvfb;

static void
stop_private_display (void)
{
  if (private_xvfb != 0)
    {
      kill (private_xvfb, SIGTERM);
      g_spawn_close_pid (private_xvfb);
      private_xvfb = 0;
    }
}

static gboolean
start_private_display (void)
{
  g_autofree char *xvfb = g_find_program_in_path ("Xvfb");
  g_autofree char *fd_text = NULL;
  g_autoptr(GError) error = NULL;
  char number[32] = "";
  gsize len = 0;
  gint64 deadline;
  int fds[2];

  if (xvfb == NULL || !g_unix_open_pipe (fds, 0, &error))
    return FALSE;
  fd_text = g_strdup_printf ("%d", fds[1]);
  {
    const char *args[] = { xvfb, "-displayfd", fd_text, "-screen", "0", "1280x1024x24",
                           "-nolisten", "tcp", "-noreset", NULL };

    /* The write end must reach Xvfb: descriptors are left open (ours are few here). */
    if (!g_spawn_async (NULL, (char **) args, NULL,
                        G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_LEAVE_DESCRIPTORS_OPEN |
                        G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, &private_xvfb, &error))
      {
        close (fds[0]);
        close (fds[1]);
        return FALSE;
      }
  }
  close (fds[1]);
  atexit (stop_private_display);
  /* Xvfb writes its display number and a newline once it accepts clients. */
  deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
  while (len < sizeof number - 1 && strchr (number, '\n') == NULL)
    {
      struct pollfd pfd = { fds[0], POLLIN, 0 };
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      ssize_t n;

      if (left <= 0 || poll (&pfd, 1, (int) left) <= 0)
        break;
      n = read (fds[0], number + len, sizeof number - 1 - len);
      if (n <= 0)
        break;
      len += (gsize) n;
      number[len] = '\0';
    }
  close (fds[0]);
  if (strchr (number, '\n') == NULL)
    {
      stop_private_display ();
      return FALSE;
    }
  *strchr (number, '\n') = '\0';
  {
    g_autofree char *display = g_strdup_printf (":%s", number);

    g_setenv ("DISPLAY", display, TRUE);
  }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *xdotool_path = NULL;

  plenum_test_init (&argc, &argv);

  /* Without Xvfb, the display we were given (and its other windows). Only where there is
   * a display at all: without one the tests skip, or fail in CI, as the others do. */
  if (g_getenv ("DISPLAY") != NULL && !start_private_display ())
    g_test_message ("no Xvfb of our own: using %s", g_getenv ("DISPLAY"));

  if (!gtk_init_check ())
    {
      if (plenum_test_in_ci ())
        {
          g_printerr ("no display, and CI=true: UI tests must run under Xvfb\n");
          return 1;
        }
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  xdotool_path = g_find_program_in_path ("xdotool");
  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()) || xdotool_path == NULL)
    {
      /* Real pointer input needs X11 and XTest (xdotool). */
      if (plenum_test_in_ci ())
        {
          g_printerr ("these tests need an X11 display and xdotool (CI=true)\n");
          return 1;
        }
      g_print ("1..0 # SKIP needs X11 and xdotool\n");
      return 0;
    }

  g_test_add_func ("/plenum/ink-layer/create-destroy", test_create_destroy);
  g_test_add_func ("/plenum/ink-layer/pen-undo-redo-eraser", test_pen_undo_redo_eraser);
  g_test_add_func ("/plenum/ink-layer/no-tool-pans", test_no_tool_pans);
  g_test_add_func ("/plenum/ink-layer/show-others", test_show_others);
  g_test_add_func ("/plenum/ink-layer/highlighter-snaps", test_highlighter_snaps);
  g_test_add_func ("/plenum/ink-layer/annotation-bar", test_annotation_bar);
  g_test_add_func ("/plenum/ink-layer/note-and-select", test_note_and_select);
  return g_test_run ();
}
