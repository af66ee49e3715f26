/* plenum-ink-math.c — see plenum-ink-math.h.
 *
 * Smoothing: each sample is pulled a little towards the previous smoothed point (an
 * exponential moving average whose weight grows with the distance moved, so slow careful
 * writing is smoothed more than a fast sweep and a fast stroke does not lag behind the
 * pen). The smoothed point is what is drawn and kept.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ink"

#include "plenum-ink-math.h"

#include <math.h>
#include <string.h>

/* ---- Page ↔ view ---- */

void
plenum_page_transform_to_view (const PlenumPageTransform *t,
                               double                     page_x,
                               double                     page_y,
                               double                    *view_x,
                               double                    *view_y)
{
  double x, y;

  /* Turn the page about its top-left corner, then shift it so that the turned page's
   * bounding box starts at the origin again. */
  switch (((t->rotation % 360) + 360) % 360)
    {
    case 90:
      x = t->page_height - page_y;
      y = page_x;
      break;
    case 180:
      x = t->page_width - page_x;
      y = t->page_height - page_y;
      break;
    case 270:
      x = page_y;
      y = t->page_width - page_x;
      break;
    default:
      x = page_x;
      y = page_y;
      break;
    }
  *view_x = t->origin_x + x * t->scale;
  *view_y = t->origin_y + y * t->scale;
}

void
plenum_page_transform_to_page (const PlenumPageTransform *t,
                               double                     view_x,
                               double                     view_y,
                               double                    *page_x,
                               double                    *page_y)
{
  double scale = t->scale > 0 ? t->scale : 1;
  double x = (view_x - t->origin_x) / scale;
  double y = (view_y - t->origin_y) / scale;

  switch (((t->rotation % 360) + 360) % 360)
    {
    case 90:
      *page_x = y;
      *page_y = t->page_height - x;
      break;
    case 180:
      *page_x = t->page_width - x;
      *page_y = t->page_height - y;
      break;
    case 270:
      *page_x = t->page_width - y;
      *page_y = x;
      break;
    default:
      *page_x = x;
      *page_y = y;
      break;
    }
}

/* ---- Capturing a stroke ---- */

struct _PlenumStrokeBuilder
{
  double         min_distance;
  GArray        *points;    /* of PlenumInkPoint, smoothed */
  PlenumInkPoint last_raw;  /* the last sample as it came: where the pen lifted */
};

PlenumStrokeBuilder *
plenum_stroke_builder_new (double min_distance)
{
  PlenumStrokeBuilder *self = g_new0 (PlenumStrokeBuilder, 1);

  self->min_distance = isfinite (min_distance) && min_distance > 0 ? min_distance : 0.25;
  self->points = g_array_new (FALSE, FALSE, sizeof (PlenumInkPoint));
  return self;
}

void
plenum_stroke_builder_free (PlenumStrokeBuilder *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->points);
  g_free (self);
}

gboolean
plenum_stroke_builder_add (PlenumStrokeBuilder *self,
                           double               x,
                           double               y,
                           double               pressure)
{
  PlenumInkPoint point;
  PlenumInkPoint *last;
  double distance, weight;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!isfinite (x) || !isfinite (y))
    return FALSE;
  if (!isfinite (pressure) || pressure < 0)
    pressure = 1;
  point = (PlenumInkPoint) { x, y, CLAMP (pressure, 0, 1) };
  self->last_raw = point;

  if (self->points->len == 0)
    {
      g_array_append_val (self->points, point);
      return TRUE;
    }
  if (self->points->len >= PLENUM_ANNOTATION_MAX_STROKE_POINTS)
    return FALSE;

  last = &g_array_index (self->points, PlenumInkPoint, self->points->len - 1);
  distance = hypot (x - last->x, y - last->y);
  if (distance < self->min_distance)
    {
      /* Held still: only the pressure may change. */
      if (fabs (last->pressure - point.pressure) < 0.01)
        return FALSE;
      last->pressure = point.pressure;
      return TRUE;
    }

  /* Smooth: a weight from 0.5 (slow, a few min_distance) to 1 (fast). */
  weight = CLAMP (0.5 + distance / (self->min_distance * 16), 0.5, 1.0);
  point.x = last->x + (x - last->x) * weight;
  point.y = last->y + (y - last->y) * weight;
  point.pressure = last->pressure + (point.pressure - last->pressure) * weight;
  g_array_append_val (self->points, point);
  return TRUE;
}

const PlenumInkPoint *
plenum_stroke_builder_get_points (PlenumStrokeBuilder *self,
                                  guint               *n_points)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (n_points != NULL)
    *n_points = self->points->len;
  return (const PlenumInkPoint *) self->points->data;
}

PlenumInkPoint *
plenum_stroke_builder_finish (PlenumStrokeBuilder *self,
                              double               tolerance,
                              guint               *n_points)
{
  PlenumInkPoint *points;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_points != NULL, NULL);

  /* Smoothing lags a little behind the pen: the stroke ends where the pen lifted. */
  n = self->points->len;
  if (n > 1)
    {
      PlenumInkPoint *last = &g_array_index (self->points, PlenumInkPoint, n - 1);

      if (hypot (last->x - self->last_raw.x, last->y - self->last_raw.y) < self->min_distance ||
          n >= PLENUM_ANNOTATION_MAX_STROKE_POINTS)
        *last = self->last_raw;
      else
        g_array_append_val (self->points, self->last_raw);
      n = self->points->len;
    }
  points = g_memdup2 (self->points->data, MAX (n, 1) * sizeof (PlenumInkPoint));
  *n_points = plenum_ink_simplify (points, n, tolerance);
  return points;
}

static double
distance_to_segment (double                x,
                     double                y,
                     const PlenumInkPoint *a,
                     const PlenumInkPoint *b)
{
  double dx = b->x - a->x;
  double dy = b->y - a->y;
  double length2 = dx * dx + dy * dy;
  double t;

  if (length2 <= 0)
    return hypot (x - a->x, y - a->y);
  t = CLAMP (((x - a->x) * dx + (y - a->y) * dy) / length2, 0, 1);
  return hypot (x - (a->x + t * dx), y - (a->y + t * dy));
}

guint
plenum_ink_simplify (PlenumInkPoint *points,
                     guint           n_points,
                     double          tolerance)
{
  g_autofree guint8 *keep = NULL;
  g_autoptr(GArray) stack = NULL;
  guint n_kept = 0;

  if (n_points <= 2 || !(tolerance > 0))
    return n_points;

  keep = g_malloc0 (n_points);
  keep[0] = keep[n_points - 1] = 1;
  stack = g_array_new (FALSE, FALSE, sizeof (guint));
  {
    guint range[2] = { 0, n_points - 1 };

    g_array_append_vals (stack, range, 2);
  }
  while (stack->len > 0)
    {
      guint last = g_array_index (stack, guint, stack->len - 1);
      guint first = g_array_index (stack, guint, stack->len - 2);
      double farthest = -1;
      guint index = first;

      g_array_set_size (stack, stack->len - 2);
      for (guint i = first + 1; i < last; i++)
        {
          double d = distance_to_segment (points[i].x, points[i].y, &points[first],
                                          &points[last]);

          if (d > farthest)
            {
              farthest = d;
              index = i;
            }
        }
      if (farthest > tolerance)
        {
          guint left[2] = { first, index };
          guint right[2] = { index, last };

          keep[index] = 1;
          g_array_append_vals (stack, left, 2);
          g_array_append_vals (stack, right, 2);
        }
    }

  for (guint i = 0; i < n_points; i++)
    if (keep[i])
      points[n_kept++] = points[i];
  return n_kept;
}

/* ---- Hit testing ---- */

double
plenum_ink_distance_to_stroke (const PlenumInkPoint *points,
                               guint                 n_points,
                               double                x,
                               double                y)
{
  double best;

  g_return_val_if_fail (points != NULL && n_points > 0, G_MAXDOUBLE);

  best = hypot (x - points[0].x, y - points[0].y);
  for (guint i = 1; i < n_points; i++)
    best = MIN (best, distance_to_segment (x, y, &points[i - 1], &points[i]));
  return best;
}

gboolean
plenum_ink_hit_test (PlenumAnnotation *annotation,
                     double            x,
                     double            y,
                     double            radius)
{
  PlenumAnnotationRect bounds;
  double reach;

  g_return_val_if_fail (PLENUM_IS_ANNOTATION (annotation), FALSE);

  /* Cheap rejection first: most marks of a page are far from the finger. */
  if (!plenum_annotation_get_bounds (annotation, &bounds) ||
      x < bounds.x - radius || x > bounds.x + bounds.width + radius ||
      y < bounds.y - radius || y > bounds.y + bounds.height + radius)
    return FALSE;

  if (plenum_annotation_get_kind (annotation) == PLENUM_ANNOTATION_NOTE)
    return TRUE;  /* the bounds are the pin */

  reach = radius + plenum_annotation_get_width (annotation) / 2;
  for (guint s = 0; s < plenum_annotation_get_n_strokes (annotation); s++)
    {
      guint n;
      const PlenumInkPoint *points = plenum_annotation_get_stroke (annotation, s, &n);

      if (plenum_ink_distance_to_stroke (points, n, x, y) <= reach)
        return TRUE;
    }
  for (guint i = 0; i < plenum_annotation_get_n_rects (annotation); i++)
    {
      const PlenumAnnotationRect *r = &plenum_annotation_get_rects (annotation)[i];

      if (x >= r->x - radius && x <= r->x + r->width + radius &&
          y >= r->y - radius && y <= r->y + r->height + radius)
        return TRUE;
    }
  return FALSE;
}

/* ---- The highlighter on text ---- */

/* Whether segment @a–@b crosses the rectangle [x1, x2] × [y1, y2] (Liang–Barsky). */
static gboolean
segment_crosses (const PlenumInkPoint *a,
                 const PlenumInkPoint *b,
                 double                x1,
                 double                y1,
                 double                x2,
                 double                y2)
{
  double dx = b->x - a->x, dy = b->y - a->y;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { a->x - x1, x2 - a->x, a->y - y1, y2 - a->y };
  double t0 = 0, t1 = 1;

  for (guint i = 0; i < 4; i++)
    {
      if (p[i] == 0)
        {
          if (q[i] < 0)
            return FALSE;
          continue;
        }
      {
        double t = q[i] / p[i];

        if (p[i] < 0)
          t0 = MAX (t0, t);
        else
          t1 = MIN (t1, t);
      }
      if (t0 > t1)
        return FALSE;
    }
  return TRUE;
}

/* The character segment @a–@b crosses nearest to @near (G_MAXUINT: none). A box counts
 * with a quarter of its height of slack above and below, none at its sides. */
static guint
segment_hit (const PlenumAnnotationRect *boxes,
             guint                       n_boxes,
             const PlenumInkPoint       *a,
             const PlenumInkPoint       *b,
             const PlenumInkPoint       *near)
{
  double sx1 = MIN (a->x, b->x), sx2 = MAX (a->x, b->x);
  double sy1 = MIN (a->y, b->y), sy2 = MAX (a->y, b->y);
  double best = G_MAXDOUBLE;
  guint hit = G_MAXUINT;

  for (guint i = 0; i < n_boxes; i++)
    {
      const PlenumAnnotationRect *box = &boxes[i];
      double slack = box->height / 4;
      double d;

      if (box->width <= 0 || box->height <= 0)
        continue;  /* a line break */
      if (box->x > sx2 || box->x + box->width < sx1 || box->y - slack > sy2 ||
          box->y + box->height + slack < sy1)
        continue;
      if (!segment_crosses (a, b, box->x, box->y - slack, box->x + box->width,
                            box->y + box->height + slack))
        continue;
      d = hypot (box->x + box->width / 2 - near->x, box->y + box->height / 2 - near->y);
      if (d < best)
        {
          best = d;
          hit = i;
        }
    }
  return hit;
}

gboolean
plenum_ink_snap_highlight (const PlenumAnnotationRect *boxes,
                           guint                       n_boxes,
                           const PlenumInkPoint       *stroke,
                           guint                       n_points,
                           PlenumHighlightSnap        *snap)
{
  g_autoptr(GArray) rects = NULL;
  guint from = G_MAXUINT, to = G_MAXUINT, first, last;

  g_return_val_if_fail (snap != NULL, FALSE);

  if (boxes == NULL || n_boxes == 0 || stroke == NULL || n_points == 0)
    return FALSE;

  /* Like a text selection dragged along the stroke: it starts at the character the
   * stroke first crosses (the one nearest to where that piece of it began) and ends at
   * the one it crosses last (nearest to where that piece ended). */
  if (n_points == 1)
    from = to = segment_hit (boxes, n_boxes, &stroke[0], &stroke[0], &stroke[0]);
  for (guint i = 1; i < n_points && from == G_MAXUINT; i++)
    from = segment_hit (boxes, n_boxes, &stroke[i - 1], &stroke[i], &stroke[i - 1]);
  for (guint i = n_points - 1; i >= 1 && to == G_MAXUINT; i--)
    to = segment_hit (boxes, n_boxes, &stroke[i - 1], &stroke[i], &stroke[i]);
  if (from == G_MAXUINT || to == G_MAXUINT)
    return FALSE;
  first = MIN (from, to);
  last = MAX (from, to);

  /* One rectangle per line: consecutive boxes that overlap vertically. */
  rects = g_array_new (FALSE, FALSE, sizeof (PlenumAnnotationRect));
  for (guint i = first; i <= last; i++)
    {
      const PlenumAnnotationRect *box = &boxes[i];
      PlenumAnnotationRect *line;

      if (box->width <= 0 || box->height <= 0)
        continue;
      line = rects->len > 0 ? &g_array_index (rects, PlenumAnnotationRect, rects->len - 1) : NULL;
      if (line != NULL && box->y < line->y + line->height && box->y + box->height > line->y &&
          box->x >= line->x - box->height)
        {
          double lx2 = MAX (line->x + line->width, box->x + box->width);
          double ly2 = MAX (line->y + line->height, box->y + box->height);

          line->x = MIN (line->x, box->x);
          line->y = MIN (line->y, box->y);
          line->width = lx2 - line->x;
          line->height = ly2 - line->y;
        }
      else
        g_array_append_val (rects, *box);
    }

  snap->first_char = first;
  snap->last_char = last;
  snap->n_rects = rects->len;
  snap->rects = (PlenumAnnotationRect *) g_array_free (g_steal_pointer (&rects), FALSE);
  return TRUE;
}

void
plenum_ink_anchor_text (const char *text,
                        guint       first,
                        guint       last,
                        guint       context,
                        char      **quote,
                        char      **prefix,
                        char      **suffix)
{
  glong length;
  glong from, to;

  g_return_if_fail (text != NULL && g_utf8_validate (text, -1, NULL));
  g_return_if_fail (first <= last);

  length = g_utf8_strlen (text, -1);
  from = MIN ((glong) first, length);
  to = MIN ((glong) last + 1, length);
  *quote = g_utf8_substring (text, from, to);
  *prefix = g_utf8_substring (text, MAX (from - (glong) context, 0), from);
  *suffix = g_utf8_substring (text, to, MIN (to + (glong) context, length));
}
