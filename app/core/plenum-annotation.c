/* plenum-annotation.c — a member's mark on a page (see plenum-annotation.h).
 *
 * Coordinates are kept to 1/100 point and pressure to 1/1000 when they are set, so that
 * what the JSON carries (the shortest decimal that reads back exactly) is short and
 * the same on every terminal.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-annotation"

#include "plenum-annotation.h"

#include <math.h>
#include <string.h>

/* A note's pin, for its bounds: the icon the view draws is this many points a side. */
#define NOTE_PIN_SIZE 24.0

typedef struct {
  PlenumInkPoint *points;
  guint           n_points;
} Stroke;

struct _PlenumAnnotation
{
  GObject                    parent_instance;

  char                      *id;
  char                      *document_id;
  char                      *document_sha256;
  char                      *author_id;
  gint64                     revision;
  PlenumAnnotationKind       kind;
  PlenumAnnotationVisibility visibility;
  guint                      page;
  guint8                     rgba[4];
  double                     width;
  GArray                    *strokes;       /* of Stroke */
  guint                      n_points;      /* over all strokes */
  GArray                    *rects;         /* of PlenumAnnotationRect */
  gboolean                   has_position;
  double                     x, y;
  char                      *text;
  char                      *quote, *prefix, *suffix;
  char                      *conflict_of;
  gboolean                   needs_review;
  gboolean                   deleted;
  GDateTime                 *created_at;
  GDateTime                 *updated_at;
};

G_DEFINE_FINAL_TYPE (PlenumAnnotation, plenum_annotation, G_TYPE_OBJECT)

static const char * const kind_names[] = { "ink", "highlight", "note" };
static const char * const visibility_names[] = { "private", "meeting", "chair" };

static void
stroke_clear (gpointer data)
{
  Stroke *stroke = data;

  g_clear_pointer (&stroke->points, g_free);
}

static void
plenum_annotation_finalize (GObject *object)
{
  PlenumAnnotation *self = PLENUM_ANNOTATION (object);

  g_free (self->id);
  g_free (self->document_id);
  g_free (self->document_sha256);
  g_free (self->author_id);
  g_array_unref (self->strokes);
  g_array_unref (self->rects);
  g_free (self->text);
  g_free (self->quote);
  g_free (self->prefix);
  g_free (self->suffix);
  g_free (self->conflict_of);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (plenum_annotation_parent_class)->finalize (object);
}

static void
plenum_annotation_class_init (PlenumAnnotationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plenum_annotation_finalize;
}

static void
plenum_annotation_init (PlenumAnnotation *self)
{
  self->strokes = g_array_new (FALSE, FALSE, sizeof (Stroke));
  g_array_set_clear_func (self->strokes, stroke_clear);
  self->rects = g_array_new (FALSE, FALSE, sizeof (PlenumAnnotationRect));
}

const char *
plenum_annotation_kind_to_string (PlenumAnnotationKind kind)
{
  g_return_val_if_fail (kind <= PLENUM_ANNOTATION_NOTE, NULL);
  return kind_names[kind];
}

gboolean
plenum_annotation_kind_from_string (const char           *text,
                                    PlenumAnnotationKind *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *out = (PlenumAnnotationKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
plenum_annotation_visibility_to_string (PlenumAnnotationVisibility visibility)
{
  g_return_val_if_fail (visibility <= PLENUM_ANNOTATION_CHAIR, NULL);
  return visibility_names[visibility];
}

gboolean
plenum_annotation_visibility_from_string (const char                 *text,
                                          PlenumAnnotationVisibility *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (visibility_names); i++)
    if (g_strcmp0 (text, visibility_names[i]) == 0)
      {
        *out = (PlenumAnnotationVisibility) i;
        return TRUE;
      }
  return FALSE;
}

static double
quantize_coordinate (double value)
{
  value = CLAMP (value, -PLENUM_ANNOTATION_MAX_COORDINATE, PLENUM_ANNOTATION_MAX_COORDINATE);
  return round (value * 100) / 100;
}

static double
quantize_pressure (double value)
{
  return round (CLAMP (value, 0, 1) * 1000) / 1000;
}

/* Now, in whole seconds: what the JSON keeps, so that a round trip changes nothing. */
static GDateTime *
now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                              g_date_time_get_day_of_month (now), g_date_time_get_hour (now),
                              g_date_time_get_minute (now), g_date_time_get_second (now));
}

static void
set_default_style (PlenumAnnotation *self)
{
  switch (self->kind)
    {
    case PLENUM_ANNOTATION_INK:
      plenum_annotation_set_color (self, 0.11, 0.21, 0.62, 1);   /* ink blue */
      self->width = 1.5;
      break;
    case PLENUM_ANNOTATION_HIGHLIGHT:
      plenum_annotation_set_color (self, 1, 0.86, 0.2, 0.4);     /* marker yellow */
      self->width = 12;
      break;
    case PLENUM_ANNOTATION_NOTE:
    default:
      plenum_annotation_set_color (self, 1, 0.8, 0.2, 1);
      self->width = 1;
      break;
    }
}

PlenumAnnotation *
plenum_annotation_new (PlenumAnnotationKind  kind,
                       const char           *document_id,
                       const char           *document_sha256,
                       const char           *author_id,
                       guint                 page)
{
  PlenumAnnotation *self;

  g_return_val_if_fail (kind <= PLENUM_ANNOTATION_NOTE, NULL);
  g_return_val_if_fail (plenum_is_uuid (document_id), NULL);
  g_return_val_if_fail (plenum_is_sha256_hex (document_sha256), NULL);
  g_return_val_if_fail (plenum_is_uuid (author_id), NULL);

  self = g_object_new (PLENUM_TYPE_ANNOTATION, NULL);
  self->id = plenum_uuid_new ();
  self->document_id = g_strdup (document_id);
  self->document_sha256 = g_strdup (document_sha256);
  self->author_id = g_strdup (author_id);
  self->kind = kind;
  self->visibility = PLENUM_ANNOTATION_PRIVATE;
  self->page = page;
  set_default_style (self);
  self->created_at = now_utc ();
  self->updated_at = g_date_time_ref (self->created_at);
  return self;
}

/* ---- Reading ---- */

static gboolean
number_error (const char  *path,
              const char  *what,
              GError     **error)
{
  g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_RANGE, "%s: expected %s", path, what);
  return FALSE;
}

/* Element @index of array @array: a finite number in [@min, @max]. */
static gboolean
read_number (const cJSON  *array,
             const char   *where,
             guint         index,
             double        min,
             double        max,
             double       *out,
             GError      **error)
{
  const cJSON *item = cJSON_GetArrayItem (array, (int) index);
  g_autofree char *path = NULL;

  if (cJSON_IsNumber (item) && isfinite (item->valuedouble) &&
      item->valuedouble >= min && item->valuedouble <= max)
    {
      *out = item->valuedouble;
      return TRUE;
    }
  path = plenum_json_path_index (where, index);
  if (!cJSON_IsNumber (item))
    {
      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE,
                   "%s: expected a number", path);
      return FALSE;
    }
  return number_error (path, "a number in range", error);
}

/* Member @key of @object: an array of exactly @n finite coordinates. */
static gboolean
read_coordinates (const cJSON  *object,
                  const char   *where,
                  const char   *key,
                  guint         n,
                  double       *out,
                  GError      **error)
{
  g_autofree char *path = plenum_json_path_key (where, key);
  const cJSON *array = NULL;

  if (!plenum_json_get_array (object, where, key, PLENUM_JSON_REQUIRED, n, &array, error))
    return FALSE;
  if ((guint) cJSON_GetArraySize (array) != n)
    {
      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                   "%s: expected %u numbers", path, n);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    if (!read_number (array, path, i, -PLENUM_ANNOTATION_MAX_COORDINATE,
                      PLENUM_ANNOTATION_MAX_COORDINATE, &out[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
read_color (PlenumAnnotation *self,
            const char       *text,
            const char       *where,
            GError          **error)
{
  gsize length = strlen (text);
  guint8 rgba[4] = { 0, 0, 0, 255 };

  if (text[0] == '#' && (length == 7 || length == 9))
    {
      gboolean ok = TRUE;

      for (gsize i = 1; i < length && ok; i++)
        ok = g_ascii_isdigit (text[i]) || (text[i] >= 'a' && text[i] <= 'f');
      if (ok)
        {
          for (gsize i = 0; i < (length - 1) / 2; i++)
            rgba[i] = (guint8) (g_ascii_xdigit_value (text[1 + 2 * i]) * 16 +
                                g_ascii_xdigit_value (text[2 + 2 * i]));
          memcpy (self->rgba, rgba, sizeof rgba);
          return TRUE;
        }
    }

  {
    g_autofree char *path = plenum_json_path_key (where, "color");

    g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                 "%s: expected a colour such as #1c359e or #ffdb3366", path);
  }
  return FALSE;
}

static gboolean
read_strokes (PlenumAnnotation *self,
              const cJSON      *strokes,
              const char       *where,
              GError          **error)
{
  g_autofree char *path = plenum_json_path_key (where, "strokes");
  guint index = 0;
  const cJSON *stroke;

  cJSON_ArrayForEach (stroke, strokes)
    {
      g_autofree char *stroke_path = plenum_json_path_index (path, index++);
      g_autofree PlenumInkPoint *points = NULL;
      guint n_numbers, n_points;

      if (!cJSON_IsArray (stroke))
        {
          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE,
                       "%s: expected an array of numbers", stroke_path);
          return FALSE;
        }
      n_numbers = (guint) cJSON_GetArraySize (stroke);
      if (n_numbers == 0 || n_numbers % 3 != 0)
        {
          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                       "%s: expected x, y and pressure for each point", stroke_path);
          return FALSE;
        }
      n_points = n_numbers / 3;
      if (n_points > PLENUM_ANNOTATION_MAX_STROKE_POINTS ||
          self->n_points + n_points > PLENUM_ANNOTATION_MAX_POINTS)
        {
          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TOO_LARGE,
                       "%s: too many points (at most %d in a stroke, %d in all)", stroke_path,
                       PLENUM_ANNOTATION_MAX_STROKE_POINTS, PLENUM_ANNOTATION_MAX_POINTS);
          return FALSE;
        }

      points = g_new (PlenumInkPoint, n_points);
      for (guint i = 0; i < n_points; i++)
        if (!read_number (stroke, stroke_path, 3 * i, -PLENUM_ANNOTATION_MAX_COORDINATE,
                          PLENUM_ANNOTATION_MAX_COORDINATE, &points[i].x, error) ||
            !read_number (stroke, stroke_path, 3 * i + 1, -PLENUM_ANNOTATION_MAX_COORDINATE,
                          PLENUM_ANNOTATION_MAX_COORDINATE, &points[i].y, error) ||
            !read_number (stroke, stroke_path, 3 * i + 2, 0, 1, &points[i].pressure, error))
          return FALSE;
      plenum_annotation_add_stroke (self, points, n_points);
    }
  return TRUE;
}

static gboolean
read_rects (PlenumAnnotation *self,
            const cJSON      *rects,
            const char       *where,
            GError          **error)
{
  g_autofree char *path = plenum_json_path_key (where, "rects");
  guint n = (guint) cJSON_GetArraySize (rects);
  g_autofree PlenumAnnotationRect *values = g_new0 (PlenumAnnotationRect, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const cJSON *rect = cJSON_GetArrayItem (rects, (int) i);
      g_autofree char *rect_path = plenum_json_path_index (path, i);
      double v[4];

      if (!cJSON_IsArray (rect) || cJSON_GetArraySize (rect) != 4)
        {
          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                       "%s: expected [x, y, width, height]", rect_path);
          return FALSE;
        }
      for (guint k = 0; k < 4; k++)
        if (!read_number (rect, rect_path, k, k < 2 ? -PLENUM_ANNOTATION_MAX_COORDINATE : 0,
                          PLENUM_ANNOTATION_MAX_COORDINATE, &v[k], error))
          return FALSE;
      values[i] = (PlenumAnnotationRect) { v[0], v[1], v[2], v[3] };
    }
  plenum_annotation_set_rects (self, values, n);
  return TRUE;
}

static gboolean
read_anchor (PlenumAnnotation *self,
             const cJSON      *anchor,
             const char       *where,
             GError          **error)
{
  static const char * const keys[] = { "quote", "prefix", "suffix", NULL };
  g_autofree char *path = plenum_json_path_key (where, "anchor");
  const char *quote = NULL, *prefix = NULL, *suffix = NULL;

  /* prefix and suffix may be empty (a quote at the start or end of the text): plain
   * strings with a length check, where the quote is text. */
  if (!plenum_json_check_object (anchor, path, keys, error) ||
      !plenum_json_get_text (anchor, path, "quote", PLENUM_JSON_REQUIRED,
                             PLENUM_ANNOTATION_MAX_QUOTE_CHARS, TRUE, &quote, error) ||
      !plenum_json_get_string (anchor, path, "prefix", PLENUM_JSON_REQUIRED, &prefix, error) ||
      !plenum_json_get_string (anchor, path, "suffix", PLENUM_JSON_REQUIRED, &suffix, error))
    return FALSE;
  if (g_utf8_strlen (prefix, -1) > PLENUM_ANNOTATION_MAX_CONTEXT_CHARS ||
      g_utf8_strlen (suffix, -1) > PLENUM_ANNOTATION_MAX_CONTEXT_CHARS)
    {
      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TOO_LARGE,
                   "%s: prefix and suffix are at most %d characters", path,
                   PLENUM_ANNOTATION_MAX_CONTEXT_CHARS);
      return FALSE;
    }
  plenum_annotation_set_anchor (self, quote, prefix, suffix);
  return TRUE;
}

static gboolean
check_kind (PlenumAnnotation *self,
            const char       *where,
            GError          **error)
{
  const char *problem = NULL;

  if (self->deleted)
    return TRUE;
  switch (self->kind)
    {
    case PLENUM_ANNOTATION_INK:
      if (self->strokes->len == 0 || self->rects->len > 0 || self->text != NULL ||
          self->has_position)
        problem = "an ink mark has strokes only";
      break;
    case PLENUM_ANNOTATION_HIGHLIGHT:
      if ((self->strokes->len == 0 && self->rects->len == 0) || self->text != NULL ||
          self->has_position)
        problem = "a highlight has strokes or rects only";
      break;
    case PLENUM_ANNOTATION_NOTE:
    default:
      if (self->text == NULL || !self->has_position || self->strokes->len > 0 ||
          self->rects->len > 0)
        problem = "a note has a position and a text only";
      break;
    }
  if (problem == NULL)
    return TRUE;

  {
    g_autofree char *path = plenum_json_path_key (where, "kind");

    g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT, "%s: %s", path, problem);
  }
  return FALSE;
}

PlenumAnnotation *
plenum_annotation_new_from_json (const cJSON  *node,
                                 const char   *where,
                                 GError      **error)
{
  static const char * const keys[] = {
    "id", "document_id", "document_sha256", "author_id", "revision", "kind", "visibility",
    "page", "color", "width", "strokes", "rects", "position", "text", "anchor",
    "conflict_of", "needs_review", "deleted", "created_at", "updated_at", NULL
  };
  g_autoptr(PlenumAnnotation) self = NULL;
  const char *id, *document_id, *document_sha256, *author_id, *kind, *visibility, *color;
  const char *text = NULL, *conflict_of = NULL;
  const cJSON *strokes = NULL, *rects = NULL, *anchor = NULL, *width_node;
  gint64 revision, page;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (PLENUM_TYPE_ANNOTATION, NULL);
  if (!plenum_json_check_object (node, where, keys, error) ||
      !plenum_json_get_uuid (node, where, "id", PLENUM_JSON_REQUIRED, &id, error) ||
      !plenum_json_get_uuid (node, where, "document_id", PLENUM_JSON_REQUIRED, &document_id,
                             error) ||
      !plenum_json_get_sha256 (node, where, "document_sha256", PLENUM_JSON_REQUIRED,
                               &document_sha256, error) ||
      !plenum_json_get_uuid (node, where, "author_id", PLENUM_JSON_REQUIRED, &author_id,
                             error) ||
      !plenum_json_get_int64 (node, where, "revision", PLENUM_JSON_REQUIRED, 0,
                              PLENUM_JSON_MAX_SAFE_INTEGER, &revision, error) ||
      !plenum_json_get_string (node, where, "kind", PLENUM_JSON_REQUIRED, &kind, error) ||
      !plenum_json_get_string (node, where, "visibility", PLENUM_JSON_REQUIRED, &visibility,
                               error) ||
      !plenum_json_get_int64 (node, where, "page", PLENUM_JSON_REQUIRED, 0, G_MAXINT, &page,
                              error) ||
      !plenum_json_get_string (node, where, "color", PLENUM_JSON_REQUIRED, &color, error) ||
      !plenum_json_get_time (node, where, "created_at", PLENUM_JSON_REQUIRED,
                             &self->created_at, error) ||
      !plenum_json_get_time (node, where, "updated_at", PLENUM_JSON_REQUIRED,
                             &self->updated_at, error) ||
      !plenum_json_get_uuid (node, where, "conflict_of", PLENUM_JSON_NULLABLE, &conflict_of,
                             error) ||
      !plenum_json_get_bool (node, where, "needs_review", PLENUM_JSON_OPTIONAL,
                             &self->needs_review, error) ||
      !plenum_json_get_bool (node, where, "deleted", PLENUM_JSON_OPTIONAL, &self->deleted,
                             error))
    return NULL;

  if (!plenum_annotation_kind_from_string (kind, &self->kind))
    {
      g_autofree char *path = plenum_json_path_key (where, "kind");

      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                   "%s: expected ink, highlight or note", path);
      return NULL;
    }
  if (!plenum_annotation_visibility_from_string (visibility, &self->visibility))
    {
      g_autofree char *path = plenum_json_path_key (where, "visibility");

      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                   "%s: expected private, meeting or chair", path);
      return NULL;
    }
  self->id = g_strdup (id);
  self->document_id = g_strdup (document_id);
  self->document_sha256 = g_strdup (document_sha256);
  self->author_id = g_strdup (author_id);
  self->revision = revision;
  self->page = (guint) page;
  self->conflict_of = g_strdup (conflict_of);
  if (!read_color (self, color, where, error))
    return NULL;

  width_node = cJSON_GetObjectItemCaseSensitive (node, "width");
  if (width_node == NULL)
    {
      g_autofree char *path = plenum_json_path_key (where, "width");

      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_MISSING,
                   "%s: required field is missing", path);
      return NULL;
    }
  if (!cJSON_IsNumber (width_node) || !isfinite (width_node->valuedouble) ||
      width_node->valuedouble < PLENUM_ANNOTATION_MIN_WIDTH ||
      width_node->valuedouble > PLENUM_ANNOTATION_MAX_WIDTH)
    {
      g_autofree char *path = plenum_json_path_key (where, "width");

      g_set_error (error, PLENUM_JSON_ERROR,
                   cJSON_IsNumber (width_node) ? PLENUM_JSON_ERROR_RANGE : PLENUM_JSON_ERROR_TYPE,
                   "%s: expected a number from %g to %g", path, PLENUM_ANNOTATION_MIN_WIDTH,
                   PLENUM_ANNOTATION_MAX_WIDTH);
      return NULL;
    }
  self->width = width_node->valuedouble;

  if (!plenum_json_get_array (node, where, "strokes", PLENUM_JSON_OPTIONAL,
                              PLENUM_ANNOTATION_MAX_STROKES, &strokes, error) ||
      (strokes != NULL && !read_strokes (self, strokes, where, error)) ||
      !plenum_json_get_array (node, where, "rects", PLENUM_JSON_OPTIONAL,
                              PLENUM_ANNOTATION_MAX_RECTS, &rects, error) ||
      (rects != NULL && !read_rects (self, rects, where, error)) ||
      !plenum_json_get_text (node, where, "text", PLENUM_JSON_OPTIONAL,
                             PLENUM_ANNOTATION_MAX_TEXT_CHARS, TRUE, &text, error) ||
      !plenum_json_get_object (node, where, "anchor", PLENUM_JSON_OPTIONAL, &anchor, error) ||
      (anchor != NULL && !read_anchor (self, anchor, where, error)))
    return NULL;
  self->text = g_strdup (text);

  if (cJSON_GetObjectItemCaseSensitive (node, "position") != NULL)
    {
      double xy[2];

      if (!read_coordinates (node, where, "position", 2, xy, error))
        return NULL;
      plenum_annotation_set_position (self, xy[0], xy[1]);
    }

  if (!check_kind (self, where, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- Writing ---- */

static cJSON *
number_array (const double *values,
              guint         n)
{
  cJSON *array = cJSON_CreateArray ();

  for (guint i = 0; i < n; i++)
    cJSON_AddItemToArray (array, cJSON_CreateNumber (values[i]));
  return array;
}

cJSON *
plenum_annotation_to_json (PlenumAnnotation *self)
{
  cJSON *node;
  char color[10];

  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), NULL);

  plenum_json_init ();
  node = cJSON_CreateObject ();
  plenum_json_add_string (node, "id", self->id);
  plenum_json_add_string (node, "document_id", self->document_id);
  plenum_json_add_string (node, "document_sha256", self->document_sha256);
  plenum_json_add_string (node, "author_id", self->author_id);
  plenum_json_add_int64 (node, "revision", self->revision);
  plenum_json_add_string (node, "kind", kind_names[self->kind]);
  plenum_json_add_string (node, "visibility", visibility_names[self->visibility]);
  plenum_json_add_int64 (node, "page", self->page);
  if (self->rgba[3] == 255)
    g_snprintf (color, sizeof color, "#%02x%02x%02x", self->rgba[0], self->rgba[1],
                self->rgba[2]);
  else
    g_snprintf (color, sizeof color, "#%02x%02x%02x%02x", self->rgba[0], self->rgba[1],
                self->rgba[2], self->rgba[3]);
  plenum_json_add_string (node, "color", color);
  cJSON_AddItemToObject (node, "width", cJSON_CreateNumber (self->width));

  if (self->strokes->len > 0)
    {
      cJSON *strokes = cJSON_AddArrayToObject (node, "strokes");

      for (guint s = 0; s < self->strokes->len; s++)
        {
          const Stroke *stroke = &g_array_index (self->strokes, Stroke, s);
          cJSON *array = cJSON_CreateArray ();

          for (guint i = 0; i < stroke->n_points; i++)
            {
              cJSON_AddItemToArray (array, cJSON_CreateNumber (stroke->points[i].x));
              cJSON_AddItemToArray (array, cJSON_CreateNumber (stroke->points[i].y));
              cJSON_AddItemToArray (array, cJSON_CreateNumber (stroke->points[i].pressure));
            }
          cJSON_AddItemToArray (strokes, array);
        }
    }
  if (self->rects->len > 0)
    {
      cJSON *rects = cJSON_AddArrayToObject (node, "rects");

      for (guint i = 0; i < self->rects->len; i++)
        {
          const PlenumAnnotationRect *r = &g_array_index (self->rects, PlenumAnnotationRect, i);
          double v[4] = { r->x, r->y, r->width, r->height };

          cJSON_AddItemToArray (rects, number_array (v, 4));
        }
    }
  if (self->has_position)
    {
      double v[2] = { self->x, self->y };

      cJSON_AddItemToObject (node, "position", number_array (v, 2));
    }
  if (self->text != NULL)
    plenum_json_add_string (node, "text", self->text);
  if (self->quote != NULL)
    {
      cJSON *anchor = cJSON_AddObjectToObject (node, "anchor");

      plenum_json_add_string (anchor, "quote", self->quote);
      plenum_json_add_string (anchor, "prefix", self->prefix != NULL ? self->prefix : "");
      plenum_json_add_string (anchor, "suffix", self->suffix != NULL ? self->suffix : "");
    }
  plenum_json_add_string (node, "conflict_of", self->conflict_of);
  if (self->needs_review)
    plenum_json_add_bool (node, "needs_review", TRUE);
  if (self->deleted)
    plenum_json_add_bool (node, "deleted", TRUE);
  plenum_json_add_time (node, "created_at", self->created_at);
  plenum_json_add_time (node, "updated_at", self->updated_at);
  return node;
}

PlenumAnnotation *
plenum_annotation_copy (PlenumAnnotation *self)
{
  PlenumAnnotation *copy;

  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), NULL);

  copy = g_object_new (PLENUM_TYPE_ANNOTATION, NULL);
  copy->id = g_strdup (self->id);
  copy->document_id = g_strdup (self->document_id);
  copy->document_sha256 = g_strdup (self->document_sha256);
  copy->author_id = g_strdup (self->author_id);
  copy->revision = self->revision;
  copy->kind = self->kind;
  copy->visibility = self->visibility;
  copy->page = self->page;
  memcpy (copy->rgba, self->rgba, sizeof copy->rgba);
  copy->width = self->width;
  for (guint s = 0; s < self->strokes->len; s++)
    {
      const Stroke *stroke = &g_array_index (self->strokes, Stroke, s);

      plenum_annotation_add_stroke (copy, stroke->points, stroke->n_points);
    }
  g_array_append_vals (copy->rects, self->rects->data, self->rects->len);
  copy->has_position = self->has_position;
  copy->x = self->x;
  copy->y = self->y;
  copy->text = g_strdup (self->text);
  copy->quote = g_strdup (self->quote);
  copy->prefix = g_strdup (self->prefix);
  copy->suffix = g_strdup (self->suffix);
  copy->conflict_of = g_strdup (self->conflict_of);
  copy->needs_review = self->needs_review;
  copy->deleted = self->deleted;
  copy->created_at = g_date_time_ref (self->created_at);
  copy->updated_at = g_date_time_ref (self->updated_at);
  return copy;
}

gboolean
plenum_annotation_same_content (PlenumAnnotation *a,
                                PlenumAnnotation *b)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (a), FALSE);
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (b), FALSE);

  if (g_strcmp0 (a->id, b->id) != 0 || g_strcmp0 (a->document_id, b->document_id) != 0 ||
      g_strcmp0 (a->document_sha256, b->document_sha256) != 0 ||
      g_strcmp0 (a->author_id, b->author_id) != 0 || a->kind != b->kind ||
      a->visibility != b->visibility || a->page != b->page ||
      memcmp (a->rgba, b->rgba, sizeof a->rgba) != 0 || a->width != b->width ||
      a->strokes->len != b->strokes->len || a->rects->len != b->rects->len ||
      a->has_position != b->has_position || a->x != b->x || a->y != b->y ||
      g_strcmp0 (a->text, b->text) != 0 || g_strcmp0 (a->quote, b->quote) != 0 ||
      g_strcmp0 (a->prefix, b->prefix) != 0 || g_strcmp0 (a->suffix, b->suffix) != 0 ||
      g_strcmp0 (a->conflict_of, b->conflict_of) != 0 || a->deleted != b->deleted)
    return FALSE;
  if (a->rects->len > 0 &&
      memcmp (a->rects->data, b->rects->data, a->rects->len * sizeof (PlenumAnnotationRect)) != 0)
    return FALSE;
  for (guint s = 0; s < a->strokes->len; s++)
    {
      const Stroke *sa = &g_array_index (a->strokes, Stroke, s);
      const Stroke *sb = &g_array_index (b->strokes, Stroke, s);

      if (sa->n_points != sb->n_points ||
          memcmp (sa->points, sb->points, sa->n_points * sizeof (PlenumInkPoint)) != 0)
        return FALSE;
    }
  return TRUE;
}

/* ---- Fields ---- */

const char *
plenum_annotation_get_id (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), NULL);
  return self->id;
}

const char *
plenum_annotation_get_document_id (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), NULL);
  return self->document_id;
}

const char *
plenum_annotation_get_document_sha256 (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), NULL);
  return self->document_sha256;
}

const char *
plenum_annotation_get_author_id (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), NULL);
  return self->author_id;
}

PlenumAnnotationKind
plenum_annotation_get_kind (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), PLENUM_ANNOTATION_INK);
  return self->kind;
}

guint
plenum_annotation_get_page (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), 0);
  return self->page;
}

GDateTime *
plenum_annotation_get_created_at (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), NULL);
  return self->created_at;
}

GDateTime *
plenum_annotation_get_updated_at (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), NULL);
  return self->updated_at;
}

void
plenum_annotation_touch (PlenumAnnotation *self)
{
  g_return_if_fail (PLENUM_IS_ANNOTATION (self));

  g_clear_pointer (&self->updated_at, g_date_time_unref);
  self->updated_at = now_utc ();
}

gint64
plenum_annotation_get_revision (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), 0);
  return self->revision;
}

void
plenum_annotation_set_revision (PlenumAnnotation *self,
                                gint64            revision)
{
  g_return_if_fail (PLENUM_IS_ANNOTATION (self));
  g_return_if_fail (revision >= 0 && revision <= PLENUM_JSON_MAX_SAFE_INTEGER);
  self->revision = revision;
}

PlenumAnnotationVisibility
plenum_annotation_get_visibility (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), PLENUM_ANNOTATION_PRIVATE);
  return self->visibility;
}

void
plenum_annotation_set_visibility (PlenumAnnotation           *self,
                                  PlenumAnnotationVisibility  visibility)
{
  g_return_if_fail (PLENUM_IS_ANNOTATION (self));
  g_return_if_fail (visibility <= PLENUM_ANNOTATION_CHAIR);
  self->visibility = visibility;
}

void
plenum_annotation_get_color (PlenumAnnotation *self,
                             double           *red,
                             double           *green,
                             double           *blue,
                             double           *alpha)
{
  g_return_if_fail (PLENUM_IS_ANNOTATION (self));

  if (red != NULL)
    *red = self->rgba[0] / 255.0;
  if (green != NULL)
    *green = self->rgba[1] / 255.0;
  if (blue != NULL)
    *blue = self->rgba[2] / 255.0;
  if (alpha != NULL)
    *alpha = self->rgba[3] / 255.0;
}

void
plenum_annotation_set_color (PlenumAnnotation *self,
                             double            red,
                             double            green,
                             double            blue,
                             double            alpha)
{
  double v[4] = { red, green, blue, alpha };

  g_return_if_fail (PLENUM_IS_ANNOTATION (self));

  for (guint i = 0; i < 4; i++)
    self->rgba[i] = (guint8) lround (CLAMP (isfinite (v[i]) ? v[i] : 0, 0, 1) * 255);
}

double
plenum_annotation_get_width (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), 1);
  return self->width;
}

void
plenum_annotation_set_width (PlenumAnnotation *self,
                             double            width)
{
  g_return_if_fail (PLENUM_IS_ANNOTATION (self));
  g_return_if_fail (isfinite (width));

  self->width = round (CLAMP (width, PLENUM_ANNOTATION_MIN_WIDTH,
                              PLENUM_ANNOTATION_MAX_WIDTH) * 100) / 100;
}

guint
plenum_annotation_get_n_strokes (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), 0);
  return self->strokes->len;
}

const PlenumInkPoint *
plenum_annotation_get_stroke (PlenumAnnotation *self,
                              guint             index,
                              guint            *n_points)
{
  const Stroke *stroke;

  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), NULL);
  g_return_val_if_fail (index < self->strokes->len, NULL);

  stroke = &g_array_index (self->strokes, Stroke, index);
  if (n_points != NULL)
    *n_points = stroke->n_points;
  return stroke->points;
}

void
plenum_annotation_add_stroke (PlenumAnnotation     *self,
                              const PlenumInkPoint *points,
                              guint                 n_points)
{
  Stroke stroke;

  g_return_if_fail (PLENUM_IS_ANNOTATION (self));
  g_return_if_fail (points != NULL && n_points > 0);

  stroke.n_points = n_points;
  stroke.points = g_new (PlenumInkPoint, n_points);
  for (guint i = 0; i < n_points; i++)
    stroke.points[i] = (PlenumInkPoint) {
      quantize_coordinate (points[i].x),
      quantize_coordinate (points[i].y),
      quantize_pressure (isfinite (points[i].pressure) ? points[i].pressure : 1),
    };
  g_array_append_val (self->strokes, stroke);
  self->n_points += n_points;
  /* cppcheck-suppress memleak
   * stroke.points belongs to self->strokes now (freed by stroke_clear()); cppcheck does
   * not follow a struct copied into a GArray. */
}

guint
plenum_annotation_get_n_rects (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), 0);
  return self->rects->len;
}

const PlenumAnnotationRect *
plenum_annotation_get_rects (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), NULL);
  return (const PlenumAnnotationRect *) self->rects->data;
}

void
plenum_annotation_set_rects (PlenumAnnotation           *self,
                             const PlenumAnnotationRect *rects,
                             guint                       n_rects)
{
  g_return_if_fail (PLENUM_IS_ANNOTATION (self));
  g_return_if_fail (rects != NULL || n_rects == 0);

  g_array_set_size (self->rects, 0);
  for (guint i = 0; i < n_rects; i++)
    {
      PlenumAnnotationRect rect = {
        quantize_coordinate (rects[i].x),
        quantize_coordinate (rects[i].y),
        quantize_coordinate (MAX (rects[i].width, 0)),
        quantize_coordinate (MAX (rects[i].height, 0)),
      };

      g_array_append_val (self->rects, rect);
    }
}

void
plenum_annotation_get_position (PlenumAnnotation *self,
                                double           *x,
                                double           *y)
{
  g_return_if_fail (PLENUM_IS_ANNOTATION (self));

  if (x != NULL)
    *x = self->x;
  if (y != NULL)
    *y = self->y;
}

void
plenum_annotation_set_position (PlenumAnnotation *self,
                                double            x,
                                double            y)
{
  g_return_if_fail (PLENUM_IS_ANNOTATION (self));
  g_return_if_fail (isfinite (x) && isfinite (y));

  self->x = quantize_coordinate (x);
  self->y = quantize_coordinate (y);
  self->has_position = TRUE;
}

const char *
plenum_annotation_get_text (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), NULL);
  return self->text;
}

void
plenum_annotation_set_text (PlenumAnnotation *self,
                            const char       *text)
{
  g_return_if_fail (PLENUM_IS_ANNOTATION (self));
  g_return_if_fail (text == NULL || g_utf8_validate (text, -1, NULL));

  g_free (self->text);
  self->text = g_strdup (text);
}

void
plenum_annotation_get_anchor (PlenumAnnotation  *self,
                              const char       **quote,
                              const char       **prefix,
                              const char       **suffix)
{
  g_return_if_fail (PLENUM_IS_ANNOTATION (self));

  if (quote != NULL)
    *quote = self->quote;
  if (prefix != NULL)
    *prefix = self->prefix;
  if (suffix != NULL)
    *suffix = self->suffix;
}

void
plenum_annotation_set_anchor (PlenumAnnotation *self,
                              const char       *quote,
                              const char       *prefix,
                              const char       *suffix)
{
  g_return_if_fail (PLENUM_IS_ANNOTATION (self));

  g_free (self->quote);
  g_free (self->prefix);
  g_free (self->suffix);
  self->quote = g_strdup (quote);
  self->prefix = quote != NULL ? g_strdup (prefix != NULL ? prefix : "") : NULL;
  self->suffix = quote != NULL ? g_strdup (suffix != NULL ? suffix : "") : NULL;
}

const char *
plenum_annotation_get_conflict_of (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), NULL);
  return self->conflict_of;
}

void
plenum_annotation_set_conflict_of (PlenumAnnotation *self,
                                   const char       *id)
{
  g_return_if_fail (PLENUM_IS_ANNOTATION (self));
  g_return_if_fail (id == NULL || plenum_is_uuid (id));

  g_free (self->conflict_of);
  self->conflict_of = g_strdup (id);
}

gboolean
plenum_annotation_get_needs_review (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), FALSE);
  return self->needs_review;
}

void
plenum_annotation_set_needs_review (PlenumAnnotation *self,
                                    gboolean          needs_review)
{
  g_return_if_fail (PLENUM_IS_ANNOTATION (self));
  self->needs_review = needs_review;
}

gboolean
plenum_annotation_get_deleted (PlenumAnnotation *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), FALSE);
  return self->deleted;
}

void
plenum_annotation_set_deleted (PlenumAnnotation *self,
                               gboolean          deleted)
{
  g_return_if_fail (PLENUM_IS_ANNOTATION (self));
  self->deleted = deleted;
}

PlenumAnnotation *
plenum_annotation_copy_moved (PlenumAnnotation *self,
                              const char       *document_sha256,
                              guint             page,
                              double            dx,
                              double            dy)
{
  PlenumAnnotation *copy;

  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), NULL);
  g_return_val_if_fail (plenum_is_sha256_hex (document_sha256), NULL);
  g_return_val_if_fail (isfinite (dx) && isfinite (dy), NULL);

  copy = plenum_annotation_copy (self);
  g_free (copy->document_sha256);
  copy->document_sha256 = g_strdup (document_sha256);
  copy->page = page;
  for (guint s = 0; s < copy->strokes->len; s++)
    {
      Stroke *stroke = &g_array_index (copy->strokes, Stroke, s);

      for (guint i = 0; i < stroke->n_points; i++)
        {
          stroke->points[i].x = quantize_coordinate (stroke->points[i].x + dx);
          stroke->points[i].y = quantize_coordinate (stroke->points[i].y + dy);
        }
    }
  for (guint i = 0; i < copy->rects->len; i++)
    {
      PlenumAnnotationRect *rect = &g_array_index (copy->rects, PlenumAnnotationRect, i);

      rect->x = quantize_coordinate (rect->x + dx);
      rect->y = quantize_coordinate (rect->y + dy);
    }
  if (copy->has_position)
    plenum_annotation_set_position (copy, copy->x + dx, copy->y + dy);
  return copy;
}

gboolean
plenum_annotation_get_bounds (PlenumAnnotation     *self,
                              PlenumAnnotationRect *bounds)
{
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;
  double half = self->width / 2;

  g_return_val_if_fail (PLENUM_IS_ANNOTATION (self), FALSE);
  g_return_val_if_fail (bounds != NULL, FALSE);

  for (guint s = 0; s < self->strokes->len; s++)
    {
      const Stroke *stroke = &g_array_index (self->strokes, Stroke, s);

      for (guint i = 0; i < stroke->n_points; i++)
        {
          x1 = MIN (x1, stroke->points[i].x - half);
          y1 = MIN (y1, stroke->points[i].y - half);
          x2 = MAX (x2, stroke->points[i].x + half);
          y2 = MAX (y2, stroke->points[i].y + half);
        }
    }
  for (guint i = 0; i < self->rects->len; i++)
    {
      const PlenumAnnotationRect *r = &g_array_index (self->rects, PlenumAnnotationRect, i);

      x1 = MIN (x1, r->x);
      y1 = MIN (y1, r->y);
      x2 = MAX (x2, r->x + r->width);
      y2 = MAX (y2, r->y + r->height);
    }
  if (self->has_position)
    {
      x1 = MIN (x1, self->x);
      y1 = MIN (y1, self->y);
      x2 = MAX (x2, self->x + NOTE_PIN_SIZE);
      y2 = MAX (y2, self->y + NOTE_PIN_SIZE);
    }
  if (x1 > x2 || y1 > y2)
    return FALSE;
  *bounds = (PlenumAnnotationRect) { x1, y1, x2 - x1, y2 - y1 };
  return TRUE;
}
