/* plenum-ink-layer.c — see plenum-ink-layer.h.
 *
 * Drawing: each page's finished annotations are one render node in the page's own pixels
 * (origin at its top-left corner, at the view's zoom), cached per page (the own ones and
 * others' ones apart, so "show-others" costs no rebuild): a container of one cairo node
 * per annotation, those kept until their annotation leaves the list or the zoom
 * changes. A page's container is re-made only when its annotations change (adding one
 * mark draws only that mark); scrolling only moves it. The stroke
 * in progress is drawn from its own nodes: chunks of CHUNK_POINTS points that are frozen
 * once the pen has moved past them, plus the tail that is re-created at each frame. So a
 * frame under the pen re-creates one small node, and GSK's diff of the frame (same node
 * pointers everywhere else) repaints only around the pen.
 *
 * Input: the gestures are installed on the view's GtkScrolledWindow (on the view itself
 * when it has none), in the capture phase: a claim there cancels the sequence for the
 * view's own gestures (a drawing tap follows no link). Positions are turned into the
 * view's coordinates, those of plenum_pdf_view_get_page_rect(). While a tool is
 * selected, the scrolled window's kinetic scrolling is turned off (its previous setting
 * comes back with NONE): that is what makes GTK 4.8's scrolled window drop its touch
 * gestures (pan, swipe, long-press). Claiming the sequence is not enough against them:
 * the long-press gesture claims the sequence for panning as soon as a finger moves, which
 * cancels a stroke begun lower in the tree, and one begun on the same widget is denied
 * (both seen under Xvfb with GTK's touchscreen emulation). A stylus never pans (those
 * gestures are touch-only), so it draws whatever the tool.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ink-layer"

#include <glib/gi18n.h>
#include <math.h>

#include "plenum-ink-layer.h"
#include "plenum-ink-math.h"
#include "plenum-osk.h"

/* A live stroke's frozen nodes: at most this many points, or this many view pixels a
 * side (so that the tail, re-created at each frame, stays small on screen even where the
 * pen jumps). */
#define CHUNK_POINTS 32
#define CHUNK_EXTENT 48.0
/* A press that moves less than this (view pixels) is a tap. */
#define TAP_SLOP 8.0
/* The eraser's reach around the finger or pen (view pixels). */
#define ERASER_RADIUS 10.0
/* Touch target of a note's pin and of a tap to select (view pixels). */
#define TARGET_SIZE 48.0
/* A highlighter's anchor: characters of context either side. */
#define ANCHOR_CONTEXT 32
/* A note's pin is this many points a side (as plenum_annotation_get_bounds() counts). */
#define PIN_SIZE 24.0

/* One change: @before → @after (NULL @before: added; NULL @after: removed). */
typedef struct {
  PlenumAnnotation *before;
  PlenumAnnotation *after;
} InkOp;

static void
ink_op_free (InkOp *op)
{
  g_clear_object (&op->before);
  g_clear_object (&op->after);
  g_free (op);
}

/* A page's finished annotations, drawn at @scale. */
typedef struct {
  double         scale;
  GskRenderNode *own;     /* NULL: nothing to draw */
  GskRenderNode *others;
} PageNodes;

static void
page_nodes_free (PageNodes *nodes)
{
  g_clear_pointer (&nodes->own, gsk_render_node_unref);
  g_clear_pointer (&nodes->others, gsk_render_node_unref);
  g_free (nodes);
}

static void
node_unref0 (GskRenderNode *node)
{
  if (node != NULL)
    gsk_render_node_unref (node);
}

/* A highlighter stroke waiting for its page's text. */
typedef struct {
  guint                      page;
  PlenumInkPoint            *points;
  guint                      n_points;
  GdkRGBA                    color;
  double                     width;
  PlenumAnnotationVisibility visibility;
  GskRenderNode             *node;   /* drawn meanwhile, at @scale */
  double                     scale;
} PendingHighlight;

static void
pending_highlight_free (PendingHighlight *pending)
{
  g_free (pending->points);
  g_clear_pointer (&pending->node, gsk_render_node_unref);
  g_free (pending);
}

struct _PlenumInkLayer
{
  GtkWidget             parent_instance;

  PlenumPdfView        *view;
  GtkAdjustment        *hadjustment;   /* the view's, followed for redraws */
  GtkAdjustment        *vadjustment;
  GtkGesture           *stylus;        /* on the view's scrolled window; removed in dispose */
  GtkGesture           *drag;
  GtkGesture           *tap;
  GtkScrolledWindow    *scrolled;      /* whose kinetic scrolling is off; weak */
  gboolean              kinetic_saved; /* its setting before */

  GPtrArray            *annotations;   /* PlenumAnnotation, owned, drawing order */
  GHashTable           *by_id;         /* id → annotation (borrowed from the array) */
  GHashTable           *pages;         /* page → PageNodes */
  GHashTable           *nodes;         /* PlenumAnnotation (in the list) → its node */
  double                nodes_scale;   /* the scale @nodes are drawn at */

  PlenumInkTool         tool;
  GdkRGBA               color;
  double                width;
  PlenumAnnotationVisibility visibility;
  gboolean              show_others;
  char                 *author_id;
  char                 *document_id;
  char                 *document_sha256;

  PlenumRenderClient   *client;
  PlenumRenderDocument *document;
  GHashTable           *texts;         /* page → PlenumRenderText of document */
  GHashTable           *texts_pending; /* page → the request's GCancellable */
  GCancellable         *cancellable;   /* every request; cancelled in dispose */
  GPtrArray            *pending;       /* PendingHighlight */

  /* The stroke in progress. */
  gboolean              stroking;
  PlenumInkTool         stroke_tool;
  guint                 stroke_page;
  PlenumPageTransform   stroke_transform;  /* in view coordinates, at the start */
  PlenumStrokeBuilder  *builder;
  double                start_x, start_y;  /* view */
  double                last_x, last_y;    /* page */
  gboolean              moved;
  GPtrArray            *live_chunks;       /* GskRenderNode, frozen */
  guint                 live_start;        /* the first point not frozen into a chunk */
  GPtrArray            *erased;            /* InkOp of the eraser's stroke */

  GPtrArray            *undo;              /* GPtrArray of InkOp, oldest first */
  GPtrArray            *redo;
  gboolean              can_undo;          /* as last notified */
  gboolean              can_redo;

  char                 *selected_id;
  GtkWidget            *select_popover;
  GtkWidget            *note_popover;
  GtkTextView          *note_text;
  GtkWidget            *note_delete;
  PlenumOsk            *note_keyboard;     /* in the popover, below the note's text */
  PlenumAnnotation     *note;              /* the note open in the popover */
  gboolean              note_is_new;       /* not in the list yet */
  gboolean              note_deleted;
};

G_DEFINE_FINAL_TYPE (PlenumInkLayer, plenum_ink_layer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VIEW,
  PROP_TOOL,
  PROP_COLOR,
  PROP_WIDTH,
  PROP_VISIBILITY,
  PROP_SHOW_OTHERS,
  PROP_AUTHOR_ID,
  PROP_DOCUMENT_ID,
  PROP_DOCUMENT_SHA256,
  PROP_CLIENT,
  PROP_DOCUMENT,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ANNOTATION_ADDED,
  SIGNAL_ANNOTATION_CHANGED,
  SIGNAL_ANNOTATION_REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_undo_state (PlenumInkLayer *self);

/* g_set_str() is GLib 2.76. */
static gboolean
set_str (char       **slot,
         const char  *value)
{
  char *copy;

  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  /* Copied before the old one goes, in case @value points into it. */
  copy = g_strdup (value);
  g_free (*slot);
  *slot = copy;
  return TRUE;
}

/* ---- Geometry ---- */

static double
view_scale (PlenumInkLayer *self)
{
  return plenum_pdf_view_get_zoom (self->view);
}

/* The transform of @page in the view's coordinates. */
static gboolean
page_transform (PlenumInkLayer      *self,
                guint                page,
                PlenumPageTransform *transform)
{
  graphene_rect_t rect;
  double scale = view_scale (self);

  if (plenum_pdf_view_get_document (self->view) == NULL || scale <= 0 ||
      page >= plenum_pdf_view_get_n_pages (self->view) ||
      !plenum_pdf_view_get_page_rect (self->view, page, &rect))
    return FALSE;
  /* The annotations' frame is the page before /Rotate; the view shows pages as the
   * helper reports them, so no quarter-turn is applied here. */
  *transform = (PlenumPageTransform) {
    .page_width = rect.size.width / scale,
    .page_height = rect.size.height / scale,
    .scale = scale,
    .origin_x = rect.origin.x,
    .origin_y = rect.origin.y,
    .rotation = 0,
  };
  return TRUE;
}

/* The page under a point of the view. */
static gboolean
page_at (PlenumInkLayer      *self,
         double               x,
         double               y,
         guint               *page,
         PlenumPageTransform *transform)
{
  guint first, last;

  if (!plenum_pdf_view_get_visible_range (self->view, &first, &last))
    return FALSE;
  for (guint p = first; p <= last; p++)
    {
      PlenumPageTransform t;
      double w, h;

      if (!page_transform (self, p, &t))
        continue;
      w = t.page_width * t.scale;
      h = t.page_height * t.scale;
      if (x >= t.origin_x && x < t.origin_x + w && y >= t.origin_y && y < t.origin_y + h)
        {
          *page = p;
          *transform = t;
          return TRUE;
        }
    }
  return FALSE;
}

/* The same transform with the page's top-left corner at 0, 0: the frame of the cached
 * nodes. */
static PlenumPageTransform
local_transform (double scale)
{
  return (PlenumPageTransform) { .page_width = 0, .page_height = 0, .scale = scale,
                                 .origin_x = 0, .origin_y = 0, .rotation = 0 };
}

/* ---- Drawing ---- */

static void
set_source (cairo_t          *cr,
            PlenumAnnotation *annotation)
{
  double r, g, b, a;

  plenum_annotation_get_color (annotation, &r, &g, &b, &a);
  cairo_set_source_rgba (cr, r, g, b, a);
}

/* A stroke of @n points in the local frame at @scale. Ink varies its width with the
 * pressure, segment by segment; a highlighter is one translucent path, so that its
 * overlaps do not darken. */
static void
draw_stroke (cairo_t              *cr,
             const PlenumInkPoint *points,
             guint                 n,
             double                width,
             double                scale,
             gboolean              highlighter)
{
  PlenumPageTransform t = local_transform (scale);
  gboolean uniform = TRUE;
  double x0, y0;

  if (n == 0)
    return;
  cairo_set_line_cap (cr, highlighter ? CAIRO_LINE_CAP_SQUARE : CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  plenum_page_transform_to_view (&t, points[0].x, points[0].y, &x0, &y0);
  if (n == 1)
    {
      double p = highlighter ? 1 : CLAMP (points[0].pressure, 0.1, 1);

      cairo_arc (cr, x0, y0, MAX (0.5, width * scale * p / 2), 0, 2 * G_PI);
      cairo_fill (cr);
      return;
    }
  for (guint i = 1; i < n && !highlighter; i++)
    if (fabs (points[i].pressure - points[0].pressure) > 0.02)
      uniform = FALSE;
  if (highlighter || uniform)
    {
      cairo_set_line_width (cr, MAX (0.5, width * scale * (highlighter ? 1 : CLAMP (points[0].pressure, 0.1, 1))));
      cairo_move_to (cr, x0, y0);
      for (guint i = 1; i < n; i++)
        {
          double x, y;

          plenum_page_transform_to_view (&t, points[i].x, points[i].y, &x, &y);
          cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);
      return;
    }
  for (guint i = 1; i < n; i++)
    {
      double x, y, p = CLAMP ((points[i - 1].pressure + points[i].pressure) / 2, 0.1, 1);

      plenum_page_transform_to_view (&t, points[i].x, points[i].y, &x, &y);
      cairo_set_line_width (cr, MAX (0.5, width * scale * p));
      cairo_move_to (cr, x0, y0);
      cairo_line_to (cr, x, y);
      cairo_stroke (cr);
      x0 = x;
      y0 = y;
    }
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_annotation (cairo_t          *cr,
                 PlenumAnnotation *annotation,
                 double            scale)
{
  PlenumPageTransform t = local_transform (scale);
  PlenumAnnotationKind kind = plenum_annotation_get_kind (annotation);

  set_source (cr, annotation);
  if (kind == PLENUM_ANNOTATION_NOTE)
    {
      double px, py, x, y, s = PIN_SIZE * scale;

      plenum_annotation_get_position (annotation, &px, &py);
      plenum_page_transform_to_view (&t, px, py, &x, &y);
      /* A note card with a folded corner and three lines of "text". */
      rounded_rect (cr, x + 1, y + 1, s - 2, s - 2, s / 6);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
      cairo_set_line_width (cr, MAX (1, s / 16));
      cairo_stroke (cr);
      for (int i = 1; i <= 3; i++)
        {
          cairo_move_to (cr, x + s * 0.25, y + s * (0.25 + 0.17 * i));
          cairo_line_to (cr, x + s * 0.75, y + s * (0.25 + 0.17 * i));
        }
      cairo_stroke (cr);
      return;
    }
  for (guint i = 0; i < plenum_annotation_get_n_rects (annotation); i++)
    {
      const PlenumAnnotationRect *r = &plenum_annotation_get_rects (annotation)[i];
      double x0, y0, x1, y1;

      plenum_page_transform_to_view (&t, r->x, r->y, &x0, &y0);
      plenum_page_transform_to_view (&t, r->x + r->width, r->y + r->height, &x1, &y1);
      cairo_rectangle (cr, MIN (x0, x1), MIN (y0, y1), fabs (x1 - x0), fabs (y1 - y0));
    }
  cairo_fill (cr);
  for (guint s = 0; s < plenum_annotation_get_n_strokes (annotation); s++)
    {
      guint n;
      const PlenumInkPoint *points = plenum_annotation_get_stroke (annotation, s, &n);

      draw_stroke (cr, points, n, plenum_annotation_get_width (annotation), scale,
                   kind == PLENUM_ANNOTATION_HIGHLIGHT);
    }
}

static gboolean
is_own (PlenumInkLayer   *self,
        PlenumAnnotation *annotation)
{
  return self->author_id != NULL &&
         g_strcmp0 (plenum_annotation_get_author_id (annotation), self->author_id) == 0;
}

/* One annotation drawn at @scale in its page's frame, NULL when it has nothing to show. */
static GskRenderNode *
annotation_node (PlenumAnnotation *annotation,
                 double            scale)
{
  PlenumAnnotationRect b;
  graphene_rect_t bounds;
  GskRenderNode *node;
  cairo_t *cr;

  if (!plenum_annotation_get_bounds (annotation, &b))
    return NULL;
  /* Two pixels of slack for antialiasing and the pin's outline. */
  graphene_rect_init (&bounds, (float) (b.x * scale - 2), (float) (b.y * scale - 2),
                      (float) (b.width * scale + 4), (float) (b.height * scale + 4));
  node = gsk_cairo_node_new (&bounds);
  cr = gsk_cairo_node_get_draw_context (node);
  draw_annotation (cr, annotation, scale);
  cairo_destroy (cr);
  return node;
}

/* The node of @page's own (or others') annotations at @scale, NULL when there are none:
 * a container of one node per annotation, each kept until its annotation leaves the list
 * or the scale changes. So adding or removing one mark re-creates only the container,
 * and GSK's diff of the frame damages only that mark's area. */
static GskRenderNode *
build_page_node (PlenumInkLayer *self,
                 guint           page,
                 double          scale,
                 gboolean        own)
{
  g_autoptr(GPtrArray) children = g_ptr_array_new ();
  GskRenderNode *node;

  if (self->nodes_scale != scale)
    {
      g_hash_table_remove_all (self->nodes);
      self->nodes_scale = scale;
    }
  for (guint i = 0; i < self->annotations->len; i++)
    {
      PlenumAnnotation *a = g_ptr_array_index (self->annotations, i);
      GskRenderNode *child;

      if (plenum_annotation_get_page (a) != page || is_own (self, a) != own)
        continue;
      if (!g_hash_table_lookup_extended (self->nodes, a, NULL, (gpointer *) &child))
        {
          child = annotation_node (a, scale);
          g_hash_table_insert (self->nodes, a, child);
        }
      if (child != NULL)
        g_ptr_array_add (children, child);
    }
  if (children->len == 0)
    return NULL;
  node = gsk_container_node_new ((GskRenderNode **) children->pdata, children->len);
  return node;
}

static PageNodes *
page_nodes (PlenumInkLayer *self,
            guint           page,
            double          scale)
{
  PageNodes *nodes = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));

  if (nodes != NULL && nodes->scale == scale)
    return nodes;
  nodes = g_new0 (PageNodes, 1);
  nodes->scale = scale;
  nodes->own = build_page_node (self, page, scale, TRUE);
  nodes->others = build_page_node (self, page, scale, FALSE);
  g_hash_table_replace (self->pages, GUINT_TO_POINTER (page), nodes);
  return nodes;
}

static void
invalidate_page (PlenumInkLayer *self,
                 guint           page)
{
  g_hash_table_remove (self->pages, GUINT_TO_POINTER (page));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
invalidate_all (PlenumInkLayer *self)
{
  g_hash_table_remove_all (self->pages);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A node of points [@first, @first + @n) of a live stroke, in the page's local frame. */
static GskRenderNode *
stroke_node (const PlenumInkPoint *points,
             guint                 n,
             const GdkRGBA        *color,
             double                width,
             double                scale,
             gboolean              highlighter)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  double reach = width * scale / 2 + 2;
  graphene_rect_t bounds;
  GskRenderNode *node;
  cairo_t *cr;

  for (guint i = 0; i < n; i++)
    {
      x0 = MIN (x0, points[i].x * scale);
      y0 = MIN (y0, points[i].y * scale);
      x1 = MAX (x1, points[i].x * scale);
      y1 = MAX (y1, points[i].y * scale);
    }
  graphene_rect_init (&bounds, (float) (x0 - reach), (float) (y0 - reach),
                      (float) (x1 - x0 + 2 * reach), (float) (y1 - y0 + 2 * reach));
  node = gsk_cairo_node_new (&bounds);
  cr = gsk_cairo_node_get_draw_context (node);
  gdk_cairo_set_source_rgba (cr, color);
  draw_stroke (cr, points, n, width, scale, highlighter);
  cairo_destroy (cr);
  return node;
}

/* Appends the live stroke: the frozen chunks, then a new node for the rest. */
static void
snapshot_live_stroke (PlenumInkLayer *self,
                      GtkSnapshot    *snapshot,
                      double          scale)
{
  gboolean highlighter = self->stroke_tool == PLENUM_INK_TOOL_HIGHLIGHTER;
  const PlenumInkPoint *points;
  guint n, first;

  points = plenum_stroke_builder_get_points (self->builder, &n);
  g_assert (self->live_start < MAX (n, 1));
  if (n == 0)
    return;
  /* Only the last point of the stroke still moves: the points before it are frozen into
   * chunks of bounded size on screen. Chunks share their end points so the line is
   * unbroken. */
  {
    guint start = self->live_start;
    double x0 = points[start].x, x1 = x0, y0 = points[start].y, y1 = y0;

    for (guint k = start + 1; k + 1 < n; k++)
      {
        x0 = MIN (x0, points[k].x);
        x1 = MAX (x1, points[k].x);
        y0 = MIN (y0, points[k].y);
        y1 = MAX (y1, points[k].y);
        if (k - start >= CHUNK_POINTS || (x1 - x0) * scale > CHUNK_EXTENT ||
            (y1 - y0) * scale > CHUNK_EXTENT)
          {
            g_ptr_array_add (self->live_chunks,
                             stroke_node (points + start, k - start + 1, &self->color,
                                          self->width, scale, highlighter));
            start = k;
            x0 = x1 = points[k].x;
            y0 = y1 = points[k].y;
          }
      }
    self->live_start = start;
  }
  if (highlighter)
    gtk_snapshot_push_opacity (snapshot, 1.0);  /* one group: chunks share an alpha */
  for (guint i = 0; i < self->live_chunks->len; i++)
    gtk_snapshot_append_node (snapshot, g_ptr_array_index (self->live_chunks, i));
  first = self->live_start;
  {
    g_autoptr(GskRenderNode) tail = stroke_node (points + first, n - first, &self->color,
                                                 self->width, scale, highlighter);

    gtk_snapshot_append_node (snapshot, tail);
  }
  if (highlighter)
    gtk_snapshot_pop (snapshot);
}

static void
snapshot_selection (PlenumInkLayer *self,
                    GtkSnapshot    *snapshot,
                    guint           page,
                    double          scale)
{
  PlenumAnnotation *a;
  PlenumAnnotationRect b;
  graphene_rect_t frame;
  GskRoundedRect outline;
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1 };
  float widths[4] = { 2, 2, 2, 2 };
  GdkRGBA colors[4] = { accent, accent, accent, accent };

  if (self->selected_id == NULL)
    return;
  a = g_hash_table_lookup (self->by_id, self->selected_id);
  if (a == NULL || plenum_annotation_get_page (a) != page || !plenum_annotation_get_bounds (a, &b))
    return;
  graphene_rect_init (&frame, (float) (b.x * scale - 6), (float) (b.y * scale - 6),
                      (float) (b.width * scale + 12), (float) (b.height * scale + 12));
  gsk_rounded_rect_init_from_rect (&outline, &frame, 4);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

static void
plenum_ink_layer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  PlenumInkLayer *self = PLENUM_INK_LAYER (widget);
  double scale = view_scale (self);
  graphene_point_t offset;
  guint first, last;

  if (plenum_pdf_view_get_document (self->view) == NULL ||
      !plenum_pdf_view_get_visible_range (self->view, &first, &last) ||
      !gtk_widget_compute_point (GTK_WIDGET (self->view), widget, &GRAPHENE_POINT_INIT (0, 0), &offset))
    return;

  gtk_snapshot_push_clip (snapshot,
                          &GRAPHENE_RECT_INIT (offset.x, offset.y,
                                               gtk_widget_get_width (GTK_WIDGET (self->view)),
                                               gtk_widget_get_height (GTK_WIDGET (self->view))));
  for (guint page = first; page <= last; page++)
    {
      graphene_rect_t rect;
      PageNodes *nodes;

      if (!plenum_pdf_view_get_page_rect (self->view, page, &rect))
        continue;
      nodes = page_nodes (self, page, scale);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (offset.x + rect.origin.x,
                                                              offset.y + rect.origin.y));
      if (nodes->others != NULL && self->show_others)
        gtk_snapshot_append_node (snapshot, nodes->others);
      if (nodes->own != NULL)
        gtk_snapshot_append_node (snapshot, nodes->own);
      for (guint i = 0; i < self->pending->len; i++)
        {
          PendingHighlight *pending = g_ptr_array_index (self->pending, i);

          if (pending->page != page)
            continue;
          if (pending->node == NULL || pending->scale != scale)
            {
              g_clear_pointer (&pending->node, gsk_render_node_unref);
              pending->node = stroke_node (pending->points, pending->n_points, &pending->color,
                                           pending->width, scale, TRUE);
              pending->scale = scale;
            }
          gtk_snapshot_append_node (snapshot, pending->node);
        }
      if (self->stroking && self->builder != NULL && self->stroke_page == page)
        {
          if (self->stroke_transform.scale != scale)
            {
              /* Zoomed while drawing: the chunks are redrawn at the new scale. */
              g_ptr_array_set_size (self->live_chunks, 0);
              self->live_start = 0;
            }
          self->stroke_transform.scale = scale;
          snapshot_live_stroke (self, snapshot, scale);
        }
      snapshot_selection (self, snapshot, page, scale);
      gtk_snapshot_restore (snapshot);
    }
  gtk_snapshot_pop (snapshot);
}

/* ---- The list ---- */

static gboolean
find_index (PlenumInkLayer   *self,
            PlenumAnnotation *annotation,
            guint            *index)
{
  return g_ptr_array_find (self->annotations, annotation, index);
}

/* Puts @annotation in the list (replacing the one with its id); the page(s) redraw. */
static void
store_annotation (PlenumInkLayer   *self,
                  PlenumAnnotation *annotation)
{
  const char *id = plenum_annotation_get_id (annotation);
  PlenumAnnotation *old = g_hash_table_lookup (self->by_id, id);
  guint index;

  if (plenum_annotation_get_deleted (annotation))
    {
      plenum_ink_layer_remove_annotation (self, id);
      return;
    }
  if (old != NULL && find_index (self, old, &index))
    {
      invalidate_page (self, plenum_annotation_get_page (old));
      g_hash_table_remove (self->nodes, old);
      g_hash_table_replace (self->by_id, (gpointer) id, annotation);
      g_ptr_array_index (self->annotations, index) = g_object_ref (annotation);
      g_object_unref (old);
    }
  else
    {
      g_ptr_array_add (self->annotations, g_object_ref (annotation));
      g_hash_table_replace (self->by_id, (gpointer) id, annotation);
    }
  invalidate_page (self, plenum_annotation_get_page (annotation));
}

/* ---- Undo ---- */

static void
push_undo (PlenumInkLayer *self,
           GPtrArray      *ops)
{
  if (ops->len == 0)
    {
      g_ptr_array_unref (ops);
      return;
    }
  g_ptr_array_add (self->undo, ops);
  g_ptr_array_set_size (self->redo, 0);
  update_undo_state (self);
}

static void
push_one (PlenumInkLayer   *self,
          PlenumAnnotation *before,
          PlenumAnnotation *after)
{
  GPtrArray *ops = g_ptr_array_new_with_free_func ((GDestroyNotify) ink_op_free);
  InkOp *op = g_new0 (InkOp, 1);

  op->before = before != NULL ? g_object_ref (before) : NULL;
  op->after = after != NULL ? g_object_ref (after) : NULL;
  g_ptr_array_add (ops, op);
  push_undo (self, ops);
}

/* The user's edits: applied to the list, told to the owner. */
static void
user_add (PlenumInkLayer   *self,
          PlenumAnnotation *annotation)
{
  store_annotation (self, annotation);
  push_one (self, NULL, annotation);
  g_signal_emit (self, signals[SIGNAL_ANNOTATION_ADDED], 0, annotation);
}

static void
user_change (PlenumInkLayer   *self,
             PlenumAnnotation *before,
             PlenumAnnotation *after)
{
  store_annotation (self, after);
  push_one (self, before, after);
  g_signal_emit (self, signals[SIGNAL_ANNOTATION_CHANGED], 0, after);
}

/* Removes @annotation (own, in the list); adds the op to @ops, or pushes one. */
static void
user_remove (PlenumInkLayer   *self,
             PlenumAnnotation *annotation,
             GPtrArray        *ops)
{
  g_autoptr(PlenumAnnotation) held = g_object_ref (annotation);

  plenum_ink_layer_remove_annotation (self, plenum_annotation_get_id (held));
  if (ops != NULL)
    {
      InkOp *op = g_new0 (InkOp, 1);

      op->before = g_object_ref (held);
      g_ptr_array_add (ops, op);
    }
  else
    push_one (self, held, NULL);
  g_signal_emit (self, signals[SIGNAL_ANNOTATION_REMOVED], 0, held);
}

/* Brings annotation @id to @target (NULL: gone), telling the owner. */
static void
apply_state (PlenumInkLayer   *self,
             const char       *id,
             PlenumAnnotation *target)
{
  PlenumAnnotation *current = g_hash_table_lookup (self->by_id, id);

  if (target == NULL)
    {
      g_autoptr(PlenumAnnotation) held = NULL;

      if (current == NULL)
        return;
      held = g_object_ref (current);
      plenum_ink_layer_remove_annotation (self, id);
      g_signal_emit (self, signals[SIGNAL_ANNOTATION_REMOVED], 0, held);
    }
  else
    {
      /* A new edit of its own: it is newer than anything the store has. */
      g_autoptr(PlenumAnnotation) copy = plenum_annotation_copy (target);
      gboolean existed = current != NULL;

      plenum_annotation_touch (copy);
      store_annotation (self, copy);
      g_signal_emit (self, signals[existed ? SIGNAL_ANNOTATION_CHANGED : SIGNAL_ANNOTATION_ADDED],
                     0, copy);
    }
}

static const char *
op_id (InkOp *op)
{
  return plenum_annotation_get_id (op->before != NULL ? op->before : op->after);
}

void
plenum_ink_layer_undo (PlenumInkLayer *self)
{
  GPtrArray *ops;

  g_return_if_fail (PLENUM_IS_INK_LAYER (self));

  if (self->undo->len == 0)
    return;
  ops = g_ptr_array_steal_index (self->undo, self->undo->len - 1);
  for (guint i = ops->len; i > 0; i--)
    {
      InkOp *op = g_ptr_array_index (ops, i - 1);

      apply_state (self, op_id (op), op->before);
    }
  g_ptr_array_add (self->redo, ops);
  update_undo_state (self);
}

void
plenum_ink_layer_redo (PlenumInkLayer *self)
{
  GPtrArray *ops;

  g_return_if_fail (PLENUM_IS_INK_LAYER (self));

  if (self->redo->len == 0)
    return;
  ops = g_ptr_array_steal_index (self->redo, self->redo->len - 1);
  for (guint i = 0; i < ops->len; i++)
    {
      InkOp *op = g_ptr_array_index (ops, i);

      apply_state (self, op_id (op), op->after);
    }
  g_ptr_array_add (self->undo, ops);
  update_undo_state (self);
}

gboolean
plenum_ink_layer_get_can_undo (PlenumInkLayer *self)
{
  g_return_val_if_fail (PLENUM_IS_INK_LAYER (self), FALSE);

  return self->undo->len > 0;
}

gboolean
plenum_ink_layer_get_can_redo (PlenumInkLayer *self)
{
  g_return_val_if_fail (PLENUM_IS_INK_LAYER (self), FALSE);

  return self->redo->len > 0;
}

static void
update_undo_state (PlenumInkLayer *self)
{
  gboolean can_undo = self->undo->len > 0, can_redo = self->redo->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ink.undo", can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ink.redo", can_redo);
  if (self->can_undo != can_undo)
    {
      self->can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (self->can_redo != can_redo)
    {
      self->can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
}

static void
undo_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  if (g_str_equal (action_name, "ink.undo"))
    plenum_ink_layer_undo (PLENUM_INK_LAYER (widget));
  else
    plenum_ink_layer_redo (PLENUM_INK_LAYER (widget));
}

/* ---- Notes ---- */

static void
note_popover_closed_cb (GtkPopover     *popover,
                        PlenumInkLayer *self)
{
  g_autoptr(PlenumAnnotation) note = g_steal_pointer (&self->note);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_text);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *stripped = NULL;

  if (note == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  stripped = g_strstrip (g_strdup (text));
  if (!is_own (self, note))
    return;
  if (self->note_deleted)
    {
      if (!self->note_is_new && g_hash_table_contains (self->by_id, plenum_annotation_get_id (note)))
        user_remove (self, g_hash_table_lookup (self->by_id, plenum_annotation_get_id (note)), NULL);
      return;
    }
  if (self->note_is_new)
    {
      if (*stripped == '\0')
        return;
      if (g_utf8_strlen (text, -1) > PLENUM_ANNOTATION_MAX_TEXT_CHARS)
        text[g_utf8_offset_to_pointer (text, PLENUM_ANNOTATION_MAX_TEXT_CHARS) - text] = '\0';
      plenum_annotation_set_text (note, text);
      user_add (self, note);
    }
  else
    {
      PlenumAnnotation *current = g_hash_table_lookup (self->by_id, plenum_annotation_get_id (note));
      g_autoptr(PlenumAnnotation) changed = NULL;

      if (current == NULL || g_strcmp0 (plenum_annotation_get_text (current), text) == 0)
        return;
      if (*stripped == '\0')
        {
          /* Emptied: a note without text is no note. */
          user_remove (self, current, NULL);
          return;
        }
      if (g_utf8_strlen (text, -1) > PLENUM_ANNOTATION_MAX_TEXT_CHARS)
        text[g_utf8_offset_to_pointer (text, PLENUM_ANNOTATION_MAX_TEXT_CHARS) - text] = '\0';
      changed = plenum_annotation_copy (current);
      plenum_annotation_set_text (changed, text);
      plenum_annotation_touch (changed);
      user_change (self, current, changed);
    }
}

static void
note_delete_clicked_cb (GtkButton      *button,
                        PlenumInkLayer *self)
{
  self->note_deleted = TRUE;
  gtk_popover_popdown (GTK_POPOVER (self->note_popover));
}

static void
note_done_clicked_cb (GtkButton      *button,
                      PlenumInkLayer *self)
{
  gtk_popover_popdown (GTK_POPOVER (self->note_popover));
}

/* The rectangle (layer coordinates) of @annotation's bounds on screen. */
static gboolean
annotation_rect (PlenumInkLayer   *self,
                 PlenumAnnotation *annotation,
                 GdkRectangle     *out)
{
  PlenumPageTransform t;
  PlenumAnnotationRect b;
  graphene_point_t offset;
  double x0, y0, x1, y1;

  if (!page_transform (self, plenum_annotation_get_page (annotation), &t) ||
      !plenum_annotation_get_bounds (annotation, &b) ||
      !gtk_widget_compute_point (GTK_WIDGET (self->view), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (0, 0), &offset))
    return FALSE;
  plenum_page_transform_to_view (&t, b.x, b.y, &x0, &y0);
  plenum_page_transform_to_view (&t, b.x + b.width, b.y + b.height, &x1, &y1);
  out->x = (int) floor (MIN (x0, x1) + offset.x);
  out->y = (int) floor (MIN (y0, y1) + offset.y);
  out->width = MAX (1, (int) ceil (fabs (x1 - x0)));
  out->height = MAX (1, (int) ceil (fabs (y1 - y0)));
  return TRUE;
}

static void
open_note (PlenumInkLayer   *self,
           PlenumAnnotation *note,
           gboolean          is_new)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_text);
  gboolean own = is_own (self, note);
  GdkRectangle rect;

  if (self->note != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->note_popover));
  g_set_object (&self->note, note);
  self->note_is_new = is_new;
  self->note_deleted = FALSE;
  gtk_text_buffer_set_text (buffer, plenum_annotation_get_text (note) != NULL
                                    ? plenum_annotation_get_text (note) : "", -1);
  gtk_text_view_set_editable (self->note_text, own);
  if (!own)
    plenum_osk_set_revealed (self->note_keyboard, FALSE);
  gtk_widget_set_visible (self->note_delete, own && !is_new);
  if (annotation_rect (self, note, &rect))
    gtk_popover_set_pointing_to (GTK_POPOVER (self->note_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->note_popover));
  if (own)
    gtk_widget_grab_focus (GTK_WIDGET (self->note_text));
}

/* The topmost note whose pin (with its 48 px target) is under a point of the view. */
static PlenumAnnotation *
note_at (PlenumInkLayer *self,
         double          x,
         double          y)
{
  guint page;
  PlenumPageTransform t;
  double px, py, slack;

  if (!page_at (self, x, y, &page, &t))
    return NULL;
  plenum_page_transform_to_page (&t, x, y, &px, &py);
  slack = MAX (0, (TARGET_SIZE / t.scale - PIN_SIZE) / 2);
  for (guint i = self->annotations->len; i > 0; i--)
    {
      PlenumAnnotation *a = g_ptr_array_index (self->annotations, i - 1);

      if (plenum_annotation_get_kind (a) != PLENUM_ANNOTATION_NOTE ||
          plenum_annotation_get_page (a) != page || (!is_own (self, a) && !self->show_others))
        continue;
      if (plenum_ink_hit_test (a, px, py, slack))
        return a;
    }
  return NULL;
}

/* ---- Selection ---- */

static void
set_selected (PlenumInkLayer   *self,
              PlenumAnnotation *annotation)
{
  GdkRectangle rect;

  g_clear_pointer (&self->selected_id, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (annotation == NULL)
    {
      gtk_popover_popdown (GTK_POPOVER (self->select_popover));
      return;
    }
  self->selected_id = g_strdup (plenum_annotation_get_id (annotation));
  if (annotation_rect (self, annotation, &rect))
    {
      gtk_popover_set_pointing_to (GTK_POPOVER (self->select_popover), &rect);
      gtk_popover_popup (GTK_POPOVER (self->select_popover));
    }
}

static void
select_popover_closed_cb (GtkPopover     *popover,
                          PlenumInkLayer *self)
{
  g_clear_pointer (&self->selected_id, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
select_delete_clicked_cb (GtkButton      *button,
                          PlenumInkLayer *self)
{
  PlenumAnnotation *a = self->selected_id != NULL
                        ? g_hash_table_lookup (self->by_id, self->selected_id) : NULL;

  if (a != NULL && is_own (self, a))
    user_remove (self, a, NULL);
  gtk_popover_popdown (GTK_POPOVER (self->select_popover));
}

/* ---- The highlighter's text ---- */

static void
resolve_highlight (PlenumInkLayer   *self,
                   PendingHighlight *pending,
                   PlenumRenderText *text)
{
  g_autoptr(PlenumAnnotation) a = NULL;
  PlenumHighlightSnap snap = { 0 };
  gboolean snapped = FALSE;

  if (self->author_id == NULL || self->document_id == NULL || self->document_sha256 == NULL)
    return;
  a = plenum_annotation_new (PLENUM_ANNOTATION_HIGHLIGHT, self->document_id,
                             self->document_sha256, self->author_id, pending->page);
  plenum_annotation_set_color (a, pending->color.red, pending->color.green,
                               pending->color.blue, pending->color.alpha);
  plenum_annotation_set_width (a, pending->width);
  plenum_annotation_set_visibility (a, pending->visibility);
  if (text != NULL && text->boxes->len > 0)
    {
      g_autofree PlenumAnnotationRect *boxes = g_new (PlenumAnnotationRect, text->boxes->len);

      for (guint i = 0; i < text->boxes->len; i++)
        {
          const PlenumRenderBox *box = &g_array_index (text->boxes, PlenumRenderBox, i);

          boxes[i] = (PlenumAnnotationRect) { box->x, box->y, box->width, box->height };
        }
      snapped = plenum_ink_snap_highlight (boxes, text->boxes->len, pending->points,
                                           pending->n_points, &snap);
    }
  if (snapped)
    {
      g_autofree char *quote = NULL, *prefix = NULL, *suffix = NULL;

      plenum_annotation_set_rects (a, snap.rects, MIN (snap.n_rects, PLENUM_ANNOTATION_MAX_RECTS));
      plenum_ink_anchor_text (text->text, snap.first_char, snap.last_char, ANCHOR_CONTEXT,
                              &quote, &prefix, &suffix);
      if (g_utf8_strlen (quote, -1) > PLENUM_ANNOTATION_MAX_QUOTE_CHARS)
        quote[g_utf8_offset_to_pointer (quote, PLENUM_ANNOTATION_MAX_QUOTE_CHARS) - quote] = '\0';
      plenum_annotation_set_anchor (a, quote, prefix, suffix);
      g_free (snap.rects);
    }
  else
    plenum_annotation_add_stroke (a, pending->points, pending->n_points);
  user_add (self, a);
}

/* Settles every highlight waiting for @page (@text NULL: the text could not be had). */
static void
resolve_page (PlenumInkLayer   *self,
              guint             page,
              PlenumRenderText *text)
{
  for (guint i = 0; i < self->pending->len;)
    {
      PendingHighlight *pending = g_ptr_array_index (self->pending, i);

      if (pending->page != page)
        {
          i++;
          continue;
        }
      pending = g_ptr_array_steal_index (self->pending, i);
      resolve_highlight (self, pending, text);
      pending_highlight_free (pending);
      invalidate_page (self, page);
    }
}

typedef struct {
  PlenumInkLayer       *self;   /* a reference */
  PlenumRenderDocument *document;
  guint                 page;
} TextRequest;

static void
text_ready_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  TextRequest *request = user_data;
  PlenumInkLayer *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumRenderText) text =
    plenum_render_client_get_text_finish (PLENUM_RENDER_CLIENT (source), result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      request->document == self->document)
    {
      g_hash_table_remove (self->texts_pending, GUINT_TO_POINTER (request->page));
      if (text == NULL)
        g_debug ("no text for page %u: %s", request->page, error->message);
      else
        g_hash_table_replace (self->texts, GUINT_TO_POINTER (request->page),
                              plenum_render_text_copy (text));
      resolve_page (self, request->page, text);
    }
  g_clear_object (&request->document);
  g_object_unref (request->self);
  g_free (request);
}

static void
request_text (PlenumInkLayer *self,
              guint           page)
{
  PlenumRenderText *text = g_hash_table_lookup (self->texts, GUINT_TO_POINTER (page));
  TextRequest *request;

  if (text != NULL)
    {
      resolve_page (self, page, text);
      return;
    }
  if (self->client == NULL || self->document == NULL)
    {
      resolve_page (self, page, NULL);
      return;
    }
  if (g_hash_table_contains (self->texts_pending, GUINT_TO_POINTER (page)))
    return;
  g_hash_table_add (self->texts_pending, GUINT_TO_POINTER (page));
  request = g_new0 (TextRequest, 1);
  request->self = g_object_ref (self);
  request->document = g_object_ref (self->document);
  request->page = page;
  plenum_render_client_get_text_async (self->client, self->document, page, self->cancellable,
                                       text_ready_cb, request);
}

/* ---- Strokes ---- */

static gboolean
can_create (PlenumInkLayer *self)
{
  return self->author_id != NULL && self->document_id != NULL && self->document_sha256 != NULL;
}

static void
erase_at (PlenumInkLayer *self,
          double          x,
          double          y)
{
  double radius = ERASER_RADIUS / self->stroke_transform.scale;

  for (guint i = self->annotations->len; i > 0; i--)
    {
      PlenumAnnotation *a;

      if (i > self->annotations->len)
        continue;
      a = g_ptr_array_index (self->annotations, i - 1);
      if (plenum_annotation_get_page (a) == self->stroke_page && is_own (self, a) &&
          plenum_ink_hit_test (a, x, y, radius))
        user_remove (self, a, self->erased);
    }
}

static gboolean
begin_stroke (PlenumInkLayer *self,
              PlenumInkTool   tool,
              double          x,
              double          y,
              double          pressure)
{
  PlenumPageTransform t;
  guint page;
  double px, py;

  if (tool == PLENUM_INK_TOOL_NONE || self->stroking)
    return FALSE;
  if ((tool == PLENUM_INK_TOOL_PEN || tool == PLENUM_INK_TOOL_HIGHLIGHTER ||
       tool == PLENUM_INK_TOOL_NOTE) && !can_create (self))
    return FALSE;
  if (!page_at (self, x, y, &page, &t))
    {
      g_debug ("no page under %.1f, %.1f: no stroke", x, y);
      return FALSE;
    }
  plenum_page_transform_to_page (&t, x, y, &px, &py);
  self->stroking = TRUE;
  self->stroke_tool = tool;
  self->stroke_page = page;
  self->stroke_transform = t;
  self->start_x = x;
  self->start_y = y;
  self->last_x = px;
  self->last_y = py;
  self->moved = FALSE;
  g_ptr_array_set_size (self->live_chunks, 0);
  self->live_start = 0;
  if (tool == PLENUM_INK_TOOL_PEN || tool == PLENUM_INK_TOOL_HIGHLIGHTER)
    {
      /* Samples closer than about a device pixel add nothing visible. */
      self->builder = plenum_stroke_builder_new (0.75 / (t.scale * gtk_widget_get_scale_factor (GTK_WIDGET (self))));
      plenum_stroke_builder_add (self->builder, px, py, pressure);
    }
  else if (tool == PLENUM_INK_TOOL_ERASER)
    {
      self->erased = g_ptr_array_new_with_free_func ((GDestroyNotify) ink_op_free);
      erase_at (self, px, py);
    }
  if (self->selected_id != NULL && tool != PLENUM_INK_TOOL_SELECT)
    set_selected (self, NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

static void
extend_stroke (PlenumInkLayer *self,
               double          x,
               double          y,
               double          pressure)
{
  double px, py;

  if (!self->stroking)
    return;
  if (hypot (x - self->start_x, y - self->start_y) > TAP_SLOP)
    self->moved = TRUE;
  plenum_page_transform_to_page (&self->stroke_transform, x, y, &px, &py);
  self->last_x = px;
  self->last_y = py;
  switch (self->stroke_tool)
    {
    case PLENUM_INK_TOOL_PEN:
    case PLENUM_INK_TOOL_HIGHLIGHTER:
      if (plenum_stroke_builder_add (self->builder, px, py, pressure))
        gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    case PLENUM_INK_TOOL_ERASER:
      erase_at (self, px, py);
      break;
    case PLENUM_INK_TOOL_NONE:
    case PLENUM_INK_TOOL_NOTE:
    case PLENUM_INK_TOOL_SELECT:
    default:
      break;
    }
}

static void
cancel_stroke (PlenumInkLayer *self)
{
  if (self->erased != NULL)
    push_undo (self, g_steal_pointer (&self->erased));
  g_clear_pointer (&self->builder, plenum_stroke_builder_free);
  g_ptr_array_set_size (self->live_chunks, 0);
  self->live_start = 0;
  self->stroking = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
finish_stroke (PlenumInkLayer *self)
{
  double scale = self->stroke_transform.scale;
  guint page = self->stroke_page;

  if (!self->stroking)
    return;
  switch (self->stroke_tool)
    {
    case PLENUM_INK_TOOL_PEN:
      {
        g_autoptr(PlenumAnnotation) a = NULL;
        g_autofree PlenumInkPoint *points = NULL;
        guint n = 0;

        /* A quarter of a pixel: invisible, and a pen's jitter goes. */
        points = plenum_stroke_builder_finish (self->builder, 0.25 / scale, &n);
        if (n == 0 || !can_create (self))
          break;
        a = plenum_annotation_new (PLENUM_ANNOTATION_INK, self->document_id,
                                   self->document_sha256, self->author_id, page);
        plenum_annotation_set_color (a, self->color.red, self->color.green, self->color.blue,
                                     self->color.alpha);
        plenum_annotation_set_width (a, self->width);
        plenum_annotation_set_visibility (a, self->visibility);
        plenum_annotation_add_stroke (a, points, n);
        user_add (self, a);
      }
      break;
    case PLENUM_INK_TOOL_HIGHLIGHTER:
      {
        PendingHighlight *pending = g_new0 (PendingHighlight, 1);

        pending->page = page;
        pending->points = plenum_stroke_builder_finish (self->builder, 0.25 / scale,
                                                        &pending->n_points);
        pending->color = self->color;
        pending->width = self->width;
        pending->visibility = self->visibility;
        if (pending->n_points == 0)
          {
            pending_highlight_free (pending);
            break;
          }
        g_ptr_array_add (self->pending, pending);
        /* The stroke stays drawn (as pending) until the text is there. */
        g_clear_pointer (&self->builder, plenum_stroke_builder_free);
        self->stroking = FALSE;
        request_text (self, page);
      }
      break;
    case PLENUM_INK_TOOL_NOTE:
      if (!self->moved && can_create (self))
        {
          PlenumAnnotation *existing = note_at (self, self->start_x, self->start_y);
          g_autoptr(PlenumAnnotation) note = NULL;

          if (existing != NULL)
            {
              open_note (self, existing, FALSE);
              break;
            }
          note = plenum_annotation_new (PLENUM_ANNOTATION_NOTE, self->document_id,
                                        self->document_sha256, self->author_id, page);
          plenum_annotation_set_color (note, self->color.red, self->color.green,
                                       self->color.blue, 1);
          plenum_annotation_set_visibility (note, self->visibility);
          /* The pin's centre where the finger was. */
          plenum_annotation_set_position (note, self->last_x - PIN_SIZE / 2,
                                          self->last_y - PIN_SIZE / 2);
          open_note (self, note, TRUE);
        }
      break;
    case PLENUM_INK_TOOL_SELECT:
      if (!self->moved)
        {
          double radius = TARGET_SIZE / 2 / scale;
          PlenumAnnotation *hit = NULL;

          for (guint i = self->annotations->len; i > 0 && hit == NULL; i--)
            {
              PlenumAnnotation *a = g_ptr_array_index (self->annotations, i - 1);

              if (plenum_annotation_get_page (a) == page && is_own (self, a) &&
                  plenum_ink_hit_test (a, self->last_x, self->last_y, radius))
                hit = a;
            }
          set_selected (self, hit);
        }
      break;
    case PLENUM_INK_TOOL_ERASER:
    case PLENUM_INK_TOOL_NONE:
    default:
      break;
    }
  cancel_stroke (self);
}

gboolean
plenum_ink_layer_begin_stroke (PlenumInkLayer *self,
                               double          x,
                               double          y,
                               double          pressure)
{
  g_return_val_if_fail (PLENUM_IS_INK_LAYER (self), FALSE);

  return begin_stroke (self, self->tool, x, y, pressure);
}

void
plenum_ink_layer_extend_stroke (PlenumInkLayer *self,
                                double          x,
                                double          y,
                                double          pressure)
{
  g_return_if_fail (PLENUM_IS_INK_LAYER (self));

  extend_stroke (self, x, y, pressure);
}

void
plenum_ink_layer_end_stroke (PlenumInkLayer *self)
{
  g_return_if_fail (PLENUM_IS_INK_LAYER (self));

  finish_stroke (self);
}

/* ---- Gestures (on the view's scrolled window) ---- */

/* A position of the gestures' widget, in the view's coordinates. */
static void
to_view (PlenumInkLayer *self,
         GtkGesture     *gesture,
         double         *x,
         double         *y)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  graphene_point_t point;

  if (widget == NULL || widget == GTK_WIDGET (self->view) ||
      !gtk_widget_compute_point (widget, GTK_WIDGET (self->view),
                                 &GRAPHENE_POINT_INIT ((float) *x, (float) *y), &point))
    return;
  *x = point.x;
  *y = point.y;
}

static gboolean
event_is_stylus (GtkGesture *gesture)
{
  GdkEventSequence *sequence = gtk_gesture_single_get_current_sequence (GTK_GESTURE_SINGLE (gesture));
  GdkEvent *event = gtk_gesture_get_last_event (gesture, sequence);
  GdkDeviceTool *tool = event != NULL ? gdk_event_get_device_tool (event) : NULL;

  if (tool == NULL)
    return FALSE;
  switch (gdk_device_tool_get_tool_type (tool))
    {
    case GDK_DEVICE_TOOL_TYPE_PEN:
    case GDK_DEVICE_TOOL_TYPE_ERASER:
    case GDK_DEVICE_TOOL_TYPE_BRUSH:
    case GDK_DEVICE_TOOL_TYPE_PENCIL:
    case GDK_DEVICE_TOOL_TYPE_AIRBRUSH:
      return TRUE;
    case GDK_DEVICE_TOOL_TYPE_UNKNOWN:
    case GDK_DEVICE_TOOL_TYPE_MOUSE:
    case GDK_DEVICE_TOOL_TYPE_LENS:
    default:
      return FALSE;
    }
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               PlenumInkLayer *self)
{
  to_view (self, GTK_GESTURE (gesture), &x, &y);
  /* A finger or the mouse draws only with a tool selected; a pen is the stylus
   * gesture's. Denied, the sequence goes on to the view and its scrolled window. */
  if (self->tool == PLENUM_INK_TOOL_NONE || event_is_stylus (GTK_GESTURE (gesture)) ||
      !begin_stroke (self, self->tool, x, y, -1))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                PlenumInkLayer *self)
{
  double x, y;

  if (!self->stroking || !gtk_gesture_drag_get_start_point (gesture, &x, &y))
    return;
  x += offset_x;
  y += offset_y;
  to_view (self, GTK_GESTURE (gesture), &x, &y);
  extend_stroke (self, x, y, -1);
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             PlenumInkLayer *self)
{
  double x, y;

  if (!self->stroking)
    return;
  if (gtk_gesture_drag_get_start_point (gesture, &x, &y))
    {
      x += offset_x;
      y += offset_y;
      to_view (self, GTK_GESTURE (gesture), &x, &y);
      extend_stroke (self, x, y, -1);
    }
  finish_stroke (self);
}

static void
drag_cancel_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                PlenumInkLayer   *self)
{
  cancel_stroke (self);
}

static double
stylus_pressure (GtkGestureStylus *gesture)
{
  double pressure;

  if (gtk_gesture_stylus_get_axis (gesture, GDK_AXIS_PRESSURE, &pressure))
    return CLAMP (pressure, 0, 1);
  return -1;
}

static void
stylus_down_cb (GtkGestureStylus *gesture,
                double            x,
                double            y,
                PlenumInkLayer   *self)
{
  GdkDeviceTool *device_tool = gtk_gesture_stylus_get_device_tool (gesture);
  PlenumInkTool tool = self->tool;

  /* The stylus draws: with the pen when no tool is selected, and its eraser end
   * erases. */
  to_view (self, GTK_GESTURE (gesture), &x, &y);
  if (device_tool != NULL &&
      gdk_device_tool_get_tool_type (device_tool) == GDK_DEVICE_TOOL_TYPE_ERASER)
    tool = PLENUM_INK_TOOL_ERASER;
  else if (tool == PLENUM_INK_TOOL_NONE)
    tool = PLENUM_INK_TOOL_PEN;
  if (!begin_stroke (self, tool, x, y, stylus_pressure (gesture)))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
stylus_motion_cb (GtkGestureStylus *gesture,
                  double            x,
                  double            y,
                  PlenumInkLayer   *self)
{
  GdkTimeCoord *backlog = NULL;
  guint n_backlog = 0;

  if (!self->stroking)
    return;
  /* The samples the device gave since the last motion (GTK compresses motion to one a
   * frame), in the view's coordinates, then the current one. */
  if (gtk_gesture_stylus_get_backlog (gesture, &backlog, &n_backlog))
    {
      for (guint i = 0; i < n_backlog; i++)
        {
          double bx = backlog[i].axes[GDK_AXIS_X], by = backlog[i].axes[GDK_AXIS_Y];

          to_view (self, GTK_GESTURE (gesture), &bx, &by);
          extend_stroke (self, bx, by,
                         (backlog[i].flags & GDK_AXIS_FLAG_PRESSURE) != 0
                         ? CLAMP (backlog[i].axes[GDK_AXIS_PRESSURE], 0, 1) : -1);
        }
      g_free (backlog);
    }
  to_view (self, GTK_GESTURE (gesture), &x, &y);
  extend_stroke (self, x, y, stylus_pressure (gesture));
}

static void
stylus_up_cb (GtkGestureStylus *gesture,
              double            x,
              double            y,
              PlenumInkLayer   *self)
{
  if (!self->stroking)
    return;
  to_view (self, GTK_GESTURE (gesture), &x, &y);
  extend_stroke (self, x, y, stylus_pressure (gesture));
  finish_stroke (self);
}

/* With no tool, a tap on a note's pin opens it; the tap is not claimed before the
 * release, so panning is untouched. */
static void
tap_released_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 PlenumInkLayer  *self)
{
  PlenumAnnotation *note;

  if (n_press != 1 || self->tool != PLENUM_INK_TOOL_NONE)
    return;
  to_view (self, GTK_GESTURE (gesture), &x, &y);
  note = note_at (self, x, y);
  if (note == NULL)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  open_note (self, note, FALSE);
}

static void
detach_gesture (GtkGesture *gesture)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  if (widget != NULL)
    gtk_widget_remove_controller (widget, GTK_EVENT_CONTROLLER (gesture));
}

/* A finger pans with no tool, and draws with one (see the header comment). */
static void
update_panning (PlenumInkLayer *self)
{
  GtkWidget *scrolled = NULL;

  if (self->tool != PLENUM_INK_TOOL_NONE && self->view != NULL)
    scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->view), GTK_TYPE_SCROLLED_WINDOW);
  if ((GtkWidget *) self->scrolled == scrolled)
    return;
  if (self->scrolled != NULL)
    {
      gtk_scrolled_window_set_kinetic_scrolling (self->scrolled, self->kinetic_saved);
      g_object_remove_weak_pointer (G_OBJECT (self->scrolled), (gpointer *) &self->scrolled);
      self->scrolled = NULL;
    }
  if (scrolled != NULL)
    {
      self->scrolled = GTK_SCROLLED_WINDOW (scrolled);
      g_object_add_weak_pointer (G_OBJECT (self->scrolled), (gpointer *) &self->scrolled);
      self->kinetic_saved = gtk_scrolled_window_get_kinetic_scrolling (self->scrolled);
      gtk_scrolled_window_set_kinetic_scrolling (self->scrolled, FALSE);
    }
}

/* Puts the gestures on the view's scrolled window (or the view). */
static void
install_gestures (PlenumInkLayer *self)
{
  GtkWidget *target = gtk_widget_get_ancestor (GTK_WIDGET (self->view), GTK_TYPE_SCROLLED_WINDOW);
  GtkGesture *gestures[] = { self->stylus, self->drag, self->tap };

  if (target == NULL)
    target = GTK_WIDGET (self->view);
  update_panning (self);
  if (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (self->drag)) == target)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (gestures); i++)
    {
      detach_gesture (gestures[i]);
      gtk_widget_add_controller (target, GTK_EVENT_CONTROLLER (g_object_ref (gestures[i])));
    }
}

/* ---- Following the view ---- */

static void
view_changed_cb (PlenumInkLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
follow_adjustment (PlenumInkLayer  *self,
                   GtkAdjustment  **slot,
                   const char      *property)
{
  GtkAdjustment *adjustment = NULL;

  g_object_get (self->view, property, &adjustment, NULL);
  if (adjustment == *slot)
    {
      g_clear_object (&adjustment);
      return;
    }
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_data (*slot, self);
  g_clear_object (slot);
  *slot = adjustment;
  if (adjustment != NULL)
    {
      g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (view_changed_cb), self);
      g_signal_connect_swapped (adjustment, "changed", G_CALLBACK (view_changed_cb), self);
    }
}

static void
view_notify_cb (PlenumInkLayer *self,
                GParamSpec     *pspec)
{
  if (g_str_equal (pspec->name, "hadjustment") || g_str_equal (pspec->name, "vadjustment"))
    {
      follow_adjustment (self, &self->hadjustment, "hadjustment");
      follow_adjustment (self, &self->vadjustment, "vadjustment");
    }
  else if (g_str_equal (pspec->name, "parent"))
    install_gestures (self);
  else if (g_str_equal (pspec->name, "document"))
    {
      if (self->stroking)
        cancel_stroke (self);
      invalidate_all (self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- Public API ---- */

GtkWidget *
plenum_ink_layer_new (PlenumPdfView *view)
{
  g_return_val_if_fail (PLENUM_IS_PDF_VIEW (view), NULL);

  return g_object_new (PLENUM_TYPE_INK_LAYER, "view", view, NULL);
}

PlenumPdfView *
plenum_ink_layer_get_view (PlenumInkLayer *self)
{
  g_return_val_if_fail (PLENUM_IS_INK_LAYER (self), NULL);

  return self->view;
}

GPtrArray *
plenum_ink_layer_get_annotations (PlenumInkLayer *self)
{
  g_return_val_if_fail (PLENUM_IS_INK_LAYER (self), NULL);

  return self->annotations;
}

void
plenum_ink_layer_set_annotations (PlenumInkLayer *self,
                                  GPtrArray      *annotations)
{
  g_return_if_fail (PLENUM_IS_INK_LAYER (self));

  g_hash_table_remove_all (self->by_id);
  g_hash_table_remove_all (self->nodes);
  g_ptr_array_set_size (self->annotations, 0);
  for (guint i = 0; annotations != NULL && i < annotations->len; i++)
    {
      PlenumAnnotation *a = g_ptr_array_index (annotations, i);

      g_return_if_fail (PLENUM_IS_ANNOTATION (a));
      if (!plenum_annotation_get_deleted (a))
        store_annotation (self, a);
    }
  if (self->selected_id != NULL && !g_hash_table_contains (self->by_id, self->selected_id))
    set_selected (self, NULL);
  invalidate_all (self);
}

void
plenum_ink_layer_add_annotation (PlenumInkLayer   *self,
                                 PlenumAnnotation *annotation)
{
  g_return_if_fail (PLENUM_IS_INK_LAYER (self));
  g_return_if_fail (PLENUM_IS_ANNOTATION (annotation));

  store_annotation (self, annotation);
}

void
plenum_ink_layer_replace_annotation (PlenumInkLayer   *self,
                                     PlenumAnnotation *annotation)
{
  g_return_if_fail (PLENUM_IS_INK_LAYER (self));
  g_return_if_fail (PLENUM_IS_ANNOTATION (annotation));

  store_annotation (self, annotation);
}

gboolean
plenum_ink_layer_remove_annotation (PlenumInkLayer *self,
                                    const char     *id)
{
  PlenumAnnotation *old;
  guint index;

  g_return_val_if_fail (PLENUM_IS_INK_LAYER (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  old = g_hash_table_lookup (self->by_id, id);
  if (old == NULL || !find_index (self, old, &index))
    return FALSE;
  invalidate_page (self, plenum_annotation_get_page (old));
  g_hash_table_remove (self->nodes, old);
  g_hash_table_remove (self->by_id, id);
  if (g_strcmp0 (self->selected_id, id) == 0)
    set_selected (self, NULL);
  g_ptr_array_remove_index (self->annotations, index);
  return TRUE;
}

PlenumAnnotation *
plenum_ink_layer_lookup (PlenumInkLayer *self,
                         const char     *id)
{
  g_return_val_if_fail (PLENUM_IS_INK_LAYER (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, id);
}

PlenumInkTool
plenum_ink_layer_get_tool (PlenumInkLayer *self)
{
  g_return_val_if_fail (PLENUM_IS_INK_LAYER (self), PLENUM_INK_TOOL_NONE);

  return self->tool;
}

void
plenum_ink_layer_set_tool (PlenumInkLayer *self,
                           PlenumInkTool   tool)
{
  g_return_if_fail (PLENUM_IS_INK_LAYER (self));
  g_return_if_fail (tool <= PLENUM_INK_TOOL_SELECT);

  if (self->tool == tool)
    return;
  self->tool = tool;
  update_panning (self);
  if (tool != PLENUM_INK_TOOL_SELECT && self->selected_id != NULL)
    set_selected (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
}

void
plenum_ink_layer_get_color (PlenumInkLayer *self,
                            GdkRGBA        *color)
{
  g_return_if_fail (PLENUM_IS_INK_LAYER (self));

  *color = self->color;
}

void
plenum_ink_layer_set_color (PlenumInkLayer *self,
                            const GdkRGBA  *color)
{
  g_return_if_fail (PLENUM_IS_INK_LAYER (self));
  g_return_if_fail (color != NULL);

  if (gdk_rgba_equal (&self->color, color))
    return;
  self->color = *color;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
}

double
plenum_ink_layer_get_width (PlenumInkLayer *self)
{
  g_return_val_if_fail (PLENUM_IS_INK_LAYER (self), 0);

  return self->width;
}

void
plenum_ink_layer_set_width (PlenumInkLayer *self,
                            double          width)
{
  g_return_if_fail (PLENUM_IS_INK_LAYER (self));

  width = CLAMP (width, PLENUM_ANNOTATION_MIN_WIDTH, PLENUM_ANNOTATION_MAX_WIDTH);
  if (self->width == width)
    return;
  self->width = width;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
}

PlenumAnnotationVisibility
plenum_ink_layer_get_visibility (PlenumInkLayer *self)
{
  g_return_val_if_fail (PLENUM_IS_INK_LAYER (self), PLENUM_ANNOTATION_PRIVATE);

  return self->visibility;
}

void
plenum_ink_layer_set_visibility (PlenumInkLayer             *self,
                                 PlenumAnnotationVisibility  visibility)
{
  g_return_if_fail (PLENUM_IS_INK_LAYER (self));
  g_return_if_fail (visibility <= PLENUM_ANNOTATION_CHAIR);

  if (self->visibility == visibility)
    return;
  self->visibility = visibility;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBILITY]);
}

gboolean
plenum_ink_layer_get_show_others (PlenumInkLayer *self)
{
  g_return_val_if_fail (PLENUM_IS_INK_LAYER (self), FALSE);

  return self->show_others;
}

void
plenum_ink_layer_set_show_others (PlenumInkLayer *self,
                                  gboolean        show_others)
{
  g_return_if_fail (PLENUM_IS_INK_LAYER (self));

  show_others = !!show_others;
  if (self->show_others == show_others)
    return;
  self->show_others = show_others;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_OTHERS]);
}

const char *
plenum_ink_layer_get_author_id (PlenumInkLayer *self)
{
  g_return_val_if_fail (PLENUM_IS_INK_LAYER (self), NULL);

  return self->author_id;
}

void
plenum_ink_layer_set_author_id (PlenumInkLayer *self,
                                const char     *author_id)
{
  g_return_if_fail (PLENUM_IS_INK_LAYER (self));

  if (!set_str (&self->author_id, author_id))
    return;
  /* Whose marks are "own" changed: every page's split does. */
  invalidate_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTHOR_ID]);
}

void
plenum_ink_layer_set_document_ids (PlenumInkLayer *self,
                                   const char     *document_id,
                                   const char     *document_sha256)
{
  g_return_if_fail (PLENUM_IS_INK_LAYER (self));

  if (set_str (&self->document_id, document_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_ID]);
  if (set_str (&self->document_sha256, document_sha256))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_SHA256]);
}

void
plenum_ink_layer_set_text_source (PlenumInkLayer       *self,
                                  PlenumRenderClient   *client,
                                  PlenumRenderDocument *document)
{
  gboolean client_changed, document_changed;

  g_return_if_fail (PLENUM_IS_INK_LAYER (self));
  g_return_if_fail (client == NULL || PLENUM_IS_RENDER_CLIENT (client));
  g_return_if_fail (document == NULL || PLENUM_IS_RENDER_DOCUMENT (document));

  client_changed = g_set_object (&self->client, client);
  document_changed = g_set_object (&self->document, document);
  if (client_changed || document_changed)
    {
      g_hash_table_remove_all (self->texts);
      g_hash_table_remove_all (self->texts_pending);
      /* Highlights waiting on the old document's text stay freehand. */
      while (self->pending->len > 0)
        resolve_page (self, ((PendingHighlight *) g_ptr_array_index (self->pending, 0))->page, NULL);
    }
  if (client_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  if (document_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

const char *
plenum_ink_layer_get_selected_id (PlenumInkLayer *self)
{
  g_return_val_if_fail (PLENUM_IS_INK_LAYER (self), NULL);

  return self->selected_id;
}

/* ---- GObject ---- */

static GtkWidget *
big_button (const char *icon_name,
            const char *label)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_set_size_request (button, -1, (int) TARGET_SIZE);
  return button;
}

static void
build_popovers (PlenumInkLayer *self)
{
  GtkWidget *box, *scrolled, *buttons, *done, *delete;

  /* The selection's delete button. */
  self->select_popover = gtk_popover_new ();
  delete = big_button ("user-trash-symbolic", _("Delete"));
  gtk_widget_add_css_class (delete, "destructive-action");
  g_signal_connect (delete, "clicked", G_CALLBACK (select_delete_clicked_cb), self);
  gtk_popover_set_child (GTK_POPOVER (self->select_popover), delete);
  g_signal_connect (self->select_popover, "closed", G_CALLBACK (select_popover_closed_cb), self);
  gtk_widget_set_parent (self->select_popover, GTK_WIDGET (self));

  /* A note: several lines to write in, large buttons for a finger. */
  self->note_popover = gtk_popover_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scrolled, 320, 160);
  self->note_text = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->note_text, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_input_purpose (self->note_text, GTK_INPUT_PURPOSE_FREE_FORM);
  gtk_text_view_set_input_hints (self->note_text, GTK_INPUT_HINT_SPELLCHECK | GTK_INPUT_HINT_WORD_COMPLETION);
  gtk_text_view_set_top_margin (self->note_text, 8);
  gtk_text_view_set_bottom_margin (self->note_text, 8);
  gtk_text_view_set_left_margin (self->note_text, 8);
  gtk_text_view_set_right_margin (self->note_text, 8);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->note_text),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->note_text));
  gtk_box_append (GTK_BOX (box), scrolled);
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->note_delete = big_button ("user-trash-symbolic", _("Delete"));
  gtk_widget_add_css_class (self->note_delete, "destructive-action");
  g_signal_connect (self->note_delete, "clicked", G_CALLBACK (note_delete_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), self->note_delete);
  /* No physical keyboard on a kiosk terminal: the on-screen one opens in the popover,
   * below the text and the buttons, so that it never covers the note. */
  self->note_keyboard = PLENUM_OSK (plenum_osk_new ());
  plenum_osk_watch (self->note_keyboard, GTK_WIDGET (self->note_text));
  gtk_box_append (GTK_BOX (buttons), plenum_osk_toggle_button_new (self->note_keyboard));
  done = big_button ("object-select-symbolic", _("Done"));
  gtk_widget_set_hexpand (done, TRUE);
  gtk_widget_set_halign (done, GTK_ALIGN_END);
  gtk_widget_add_css_class (done, "suggested-action");
  g_signal_connect (done, "clicked", G_CALLBACK (note_done_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), done);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->note_keyboard));
  gtk_popover_set_child (GTK_POPOVER (self->note_popover), box);
  g_signal_connect (self->note_popover, "closed", G_CALLBACK (note_popover_closed_cb), self);
  gtk_widget_set_parent (self->note_popover, GTK_WIDGET (self));
}

static void
plenum_ink_layer_constructed (GObject *object)
{
  PlenumInkLayer *self = PLENUM_INK_LAYER (object);
  GtkWidget *view;

  G_OBJECT_CLASS (plenum_ink_layer_parent_class)->constructed (object);

  g_assert (self->view != NULL);
  view = GTK_WIDGET (self->view);
  g_signal_connect_object (view, "notify", G_CALLBACK (view_notify_cb), self, G_CONNECT_SWAPPED);
  follow_adjustment (self, &self->hadjustment, "hadjustment");
  follow_adjustment (self, &self->vadjustment, "vadjustment");

  /* Capture phase on the scrolled window: claimed at the press, which denies the
   * sequence to its touch pan and cancels it for the view's own gestures (see the header
   * comment). */
  self->stylus = gtk_gesture_stylus_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (self->stylus), GTK_PHASE_CAPTURE);
  g_signal_connect (self->stylus, "down", G_CALLBACK (stylus_down_cb), self);
  g_signal_connect (self->stylus, "motion", G_CALLBACK (stylus_motion_cb), self);
  g_signal_connect (self->stylus, "up", G_CALLBACK (stylus_up_cb), self);

  self->drag = gtk_gesture_drag_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (self->drag), GTK_PHASE_CAPTURE);
  g_signal_connect (self->drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (self->drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (self->drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  g_signal_connect (self->drag, "cancel", G_CALLBACK (drag_cancel_cb), self);

  self->tap = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (self->tap), GTK_PHASE_CAPTURE);
  g_signal_connect (self->tap, "released", G_CALLBACK (tap_released_cb), self);
  install_gestures (self);
}

static void
remove_controller (PlenumInkLayer  *self,
                   GtkGesture     **gesture)
{
  if (*gesture == NULL)
    return;
  g_signal_handlers_disconnect_by_data (*gesture, self);
  detach_gesture (*gesture);
  g_clear_object (gesture);
}

static void
plenum_ink_layer_dispose (GObject *object)
{
  PlenumInkLayer *self = PLENUM_INK_LAYER (object);

  g_cancellable_cancel (self->cancellable);
  self->tool = PLENUM_INK_TOOL_NONE;
  update_panning (self);
  remove_controller (self, &self->stylus);
  remove_controller (self, &self->drag);
  remove_controller (self, &self->tap);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  g_clear_object (&self->view);
  if (self->note_popover != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->note_popover, self);
      g_clear_pointer (&self->note_popover, gtk_widget_unparent);
    }
  if (self->select_popover != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->select_popover, self);
      g_clear_pointer (&self->select_popover, gtk_widget_unparent);
    }
  g_clear_object (&self->note);
  g_clear_object (&self->client);
  g_clear_object (&self->document);
  g_clear_pointer (&self->builder, plenum_stroke_builder_free);
  g_clear_pointer (&self->erased, g_ptr_array_unref);
  if (self->pending != NULL)
    g_ptr_array_set_size (self->pending, 0);
  if (self->undo != NULL)
    g_ptr_array_set_size (self->undo, 0);
  if (self->redo != NULL)
    g_ptr_array_set_size (self->redo, 0);
  if (self->pages != NULL)
    g_hash_table_remove_all (self->pages);
  if (self->nodes != NULL)
    g_hash_table_remove_all (self->nodes);
  if (self->live_chunks != NULL)
    g_ptr_array_set_size (self->live_chunks, 0);
  self->live_start = 0;
  if (self->by_id != NULL)
    g_hash_table_remove_all (self->by_id);
  if (self->annotations != NULL)
    g_ptr_array_set_size (self->annotations, 0);

  G_OBJECT_CLASS (plenum_ink_layer_parent_class)->dispose (object);
}

static void
plenum_ink_layer_finalize (GObject *object)
{
  PlenumInkLayer *self = PLENUM_INK_LAYER (object);

  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->annotations);
  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->pages);
  g_hash_table_unref (self->nodes);
  g_hash_table_unref (self->texts);
  g_hash_table_unref (self->texts_pending);
  g_ptr_array_unref (self->pending);
  g_ptr_array_unref (self->live_chunks);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  g_free (self->selected_id);
  g_free (self->author_id);
  g_free (self->document_id);
  g_free (self->document_sha256);

  G_OBJECT_CLASS (plenum_ink_layer_parent_class)->finalize (object);
}

static void
plenum_ink_layer_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  PlenumInkLayer *self = PLENUM_INK_LAYER (widget);

  if (self->note_popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->note_popover));
  if (self->select_popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->select_popover));
}

static void
plenum_ink_layer_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  /* It takes the size of what it lies over (the overlay's main child). */
  *minimum = *natural = 0;
}

static void
plenum_ink_layer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlenumInkLayer *self = PLENUM_INK_LAYER (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_object (value, self->view);
      break;
    case PROP_TOOL:
      g_value_set_int (value, self->tool);
      break;
    case PROP_COLOR:
      g_value_set_boxed (value, &self->color);
      break;
    case PROP_WIDTH:
      g_value_set_double (value, self->width);
      break;
    case PROP_VISIBILITY:
      g_value_set_int (value, self->visibility);
      break;
    case PROP_SHOW_OTHERS:
      g_value_set_boolean (value, self->show_others);
      break;
    case PROP_AUTHOR_ID:
      g_value_set_string (value, self->author_id);
      break;
    case PROP_DOCUMENT_ID:
      g_value_set_string (value, self->document_id);
      break;
    case PROP_DOCUMENT_SHA256:
      g_value_set_string (value, self->document_sha256);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->undo->len > 0);
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, self->redo->len > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_ink_layer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PlenumInkLayer *self = PLENUM_INK_LAYER (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      self->view = g_value_dup_object (value);
      break;
    case PROP_TOOL:
      plenum_ink_layer_set_tool (self, g_value_get_int (value));
      break;
    case PROP_COLOR:
      if (g_value_get_boxed (value) != NULL)
        plenum_ink_layer_set_color (self, g_value_get_boxed (value));
      break;
    case PROP_WIDTH:
      plenum_ink_layer_set_width (self, g_value_get_double (value));
      break;
    case PROP_VISIBILITY:
      plenum_ink_layer_set_visibility (self, g_value_get_int (value));
      break;
    case PROP_SHOW_OTHERS:
      plenum_ink_layer_set_show_others (self, g_value_get_boolean (value));
      break;
    case PROP_AUTHOR_ID:
      plenum_ink_layer_set_author_id (self, g_value_get_string (value));
      break;
    case PROP_DOCUMENT_ID:
      plenum_ink_layer_set_document_ids (self, g_value_get_string (value), self->document_sha256);
      break;
    case PROP_DOCUMENT_SHA256:
      plenum_ink_layer_set_document_ids (self, self->document_id, g_value_get_string (value));
      break;
    case PROP_CLIENT:
      plenum_ink_layer_set_text_source (self, g_value_get_object (value), self->document);
      break;
    case PROP_DOCUMENT:
      plenum_ink_layer_set_text_source (self, self->client, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_ink_layer_class_init (PlenumInkLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = plenum_ink_layer_constructed;
  object_class->dispose = plenum_ink_layer_dispose;
  object_class->finalize = plenum_ink_layer_finalize;
  object_class->get_property = plenum_ink_layer_get_property;
  object_class->set_property = plenum_ink_layer_set_property;

  widget_class->snapshot = plenum_ink_layer_snapshot;
  widget_class->measure = plenum_ink_layer_measure;
  widget_class->size_allocate = plenum_ink_layer_size_allocate;

  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL, PLENUM_TYPE_PDF_VIEW,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOOL] =
    g_param_spec_int ("tool", NULL, NULL, PLENUM_INK_TOOL_NONE, PLENUM_INK_TOOL_SELECT,
                      PLENUM_INK_TOOL_NONE,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLOR] =
    g_param_spec_boxed ("color", NULL, NULL, GDK_TYPE_RGBA,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WIDTH] =
    g_param_spec_double ("width", NULL, NULL, PLENUM_ANNOTATION_MIN_WIDTH,
                         PLENUM_ANNOTATION_MAX_WIDTH, 1.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VISIBILITY] =
    g_param_spec_int ("visibility", NULL, NULL, PLENUM_ANNOTATION_PRIVATE,
                      PLENUM_ANNOTATION_CHAIR, PLENUM_ANNOTATION_PRIVATE,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_OTHERS] =
    g_param_spec_boolean ("show-others", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTHOR_ID] =
    g_param_spec_string ("author-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT_ID] =
    g_param_spec_string ("document-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT_SHA256] =
    g_param_spec_string ("document-sha256", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, PLENUM_TYPE_RENDER_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, PLENUM_TYPE_RENDER_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ANNOTATION_ADDED] =
    g_signal_new ("annotation-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, PLENUM_TYPE_ANNOTATION);
  signals[SIGNAL_ANNOTATION_CHANGED] =
    g_signal_new ("annotation-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, PLENUM_TYPE_ANNOTATION);
  signals[SIGNAL_ANNOTATION_REMOVED] =
    g_signal_new ("annotation-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, PLENUM_TYPE_ANNOTATION);

  gtk_widget_class_install_action (widget_class, "ink.undo", NULL, undo_action_cb);
  gtk_widget_class_install_action (widget_class, "ink.redo", NULL, undo_action_cb);

  gtk_widget_class_set_css_name (widget_class, "inklayer");
  /* The marks over the page, as one named group: the strokes themselves have no
   * words, but the notes and buttons inside it do. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
plenum_ink_layer_init (PlenumInkLayer *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Annotations"), -1);
  self->annotations = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_nodes_free);
  /* Values may be NULL (a mark with nothing to show). */
  self->nodes = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) node_unref0);
  self->texts = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) plenum_render_text_free);
  self->texts_pending = g_hash_table_new (NULL, NULL);
  self->cancellable = g_cancellable_new ();
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_highlight_free);
  self->live_chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) gsk_render_node_unref);
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->color = (GdkRGBA) { 0.11, 0.21, 0.62, 1 };  /* ink blue */
  self->width = 1.5;
  self->show_others = TRUE;

  /* It only draws: input goes to the view below, where the gestures are. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  gtk_widget_set_can_focus (GTK_WIDGET (self), FALSE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ink.undo", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ink.redo", FALSE);

  /* Global scope: the layer never has the focus, but Ctrl+Z anywhere in the window
   * undoes (a text field that has the focus handles its own Ctrl+Z first). */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>z"),
                                                          gtk_named_action_new ("ink.undo")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>z"),
                                                          gtk_named_action_new ("ink.redo")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  build_popovers (self);
}
