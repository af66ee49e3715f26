/* test-annotation.c — the annotation model of core/: every kind written and read back,
 * strict reading with the field named, limits, copies, moves and bounds.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/plenum-core.h"

#include <math.h>
#include <string.h>

#define DOC_ID    "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
#define AUTHOR_ID "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
#define OTHER_ID  "12345678-9abc-4def-8123-456789abcdef"
#define SHA_ONE   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA_TWO   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

/* Writes @annotation to JSON text and reads it back. */
static PlenumAnnotation *
round_trip (PlenumAnnotation *annotation,
            char            **text_out)
{
  g_autoptr(cJSON) node = plenum_annotation_to_json (annotation);
  g_autofree char *text = plenum_json_print (node);
  g_autoptr(cJSON) parsed = NULL;
  g_autoptr(GError) error = NULL;
  PlenumAnnotation *back;

  parsed = plenum_json_parse (text, -1, &error);
  g_assert_no_error (error);
  back = plenum_annotation_new_from_json (parsed, "annotation", &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  if (text_out != NULL)
    *text_out = g_steal_pointer (&text);
  return back;
}

static void
test_ink_round_trip (void)
{
  g_autoptr(PlenumAnnotation) ink = plenum_annotation_new (PLENUM_ANNOTATION_INK, DOC_ID,
                                                           SHA_ONE, AUTHOR_ID, 3);
  g_autoptr(PlenumAnnotation) back = NULL;
  g_autofree char *text = NULL;
  PlenumInkPoint first[] = { { 10.123, 20.456, 0.5 }, { 11, 21, 0.75 }, { 12.5, 22.25, 1 } };
  PlenumInkPoint second[] = { { 100, 200, 1 } };
  const PlenumInkPoint *points;
  PlenumAnnotationRect bounds;
  double r, g, b, a;
  guint n;

  g_assert_true (plenum_is_uuid (plenum_annotation_get_id (ink)));
  g_assert_cmpint (plenum_annotation_get_revision (ink), ==, 0);
  g_assert_cmpint (plenum_annotation_get_visibility (ink), ==, PLENUM_ANNOTATION_PRIVATE);
  plenum_annotation_add_stroke (ink, first, G_N_ELEMENTS (first));
  plenum_annotation_add_stroke (ink, second, G_N_ELEMENTS (second));
  plenum_annotation_set_color (ink, 1, 0, 0, 1);
  plenum_annotation_set_width (ink, 2.5);
  plenum_annotation_set_visibility (ink, PLENUM_ANNOTATION_MEETING);
  plenum_annotation_set_revision (ink, 7);

  back = round_trip (ink, &text);
  g_test_message ("%s", text);
  g_assert_true (plenum_annotation_same_content (ink, back));
  g_assert_cmpstr (plenum_annotation_get_id (back), ==, plenum_annotation_get_id (ink));
  g_assert_cmpint (plenum_annotation_get_revision (back), ==, 7);
  g_assert_cmpint (plenum_annotation_get_kind (back), ==, PLENUM_ANNOTATION_INK);
  g_assert_cmpint (plenum_annotation_get_visibility (back), ==, PLENUM_ANNOTATION_MEETING);
  g_assert_cmpuint (plenum_annotation_get_page (back), ==, 3);
  g_assert_cmpuint (plenum_annotation_get_n_strokes (back), ==, 2);
  points = plenum_annotation_get_stroke (back, 0, &n);
  g_assert_cmpuint (n, ==, 3);
  /* Kept to 1/100 point. */
  g_assert_cmpfloat (points[0].x, ==, 10.12);
  g_assert_cmpfloat (points[0].y, ==, 20.46);
  g_assert_cmpfloat (points[1].pressure, ==, 0.75);
  plenum_annotation_get_color (back, &r, &g, &b, &a);
  g_assert_cmpfloat (r, ==, 1);
  g_assert_cmpfloat (g, ==, 0);
  g_assert_cmpfloat (a, ==, 1);
  g_assert_nonnull (strstr (text, "\"color\":\"#ff0000\""));
  g_assert_cmpfloat (plenum_annotation_get_width (back), ==, 2.5);
  g_assert_cmpint (g_date_time_compare (plenum_annotation_get_created_at (back),
                                        plenum_annotation_get_created_at (ink)) , ==, 0);
  /* Unknown optional members are not written. */
  g_assert_null (strstr (text, "\"text\""));
  g_assert_null (strstr (text, "\"deleted\""));

  g_assert_true (plenum_annotation_get_bounds (back, &bounds));
  g_assert_cmpfloat_with_epsilon (bounds.x, 10.12 - 1.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (bounds.y, 20.46 - 1.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (bounds.x + bounds.width, 100 + 1.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (bounds.y + bounds.height, 200 + 1.25, 1e-9);

  /* A change of content is seen; a new revision is not a change of content. */
  plenum_annotation_set_revision (back, 8);
  g_assert_true (plenum_annotation_same_content (ink, back));
  plenum_annotation_set_width (back, 3);
  g_assert_false (plenum_annotation_same_content (ink, back));
}

static void
test_highlight_and_note (void)
{
  g_autoptr(PlenumAnnotation) highlight =
    plenum_annotation_new (PLENUM_ANNOTATION_HIGHLIGHT, DOC_ID, SHA_ONE, AUTHOR_ID, 0);
  g_autoptr(PlenumAnnotation) note =
    plenum_annotation_new (PLENUM_ANNOTATION_NOTE, DOC_ID, SHA_ONE, AUTHOR_ID, 1);
  g_autoptr(PlenumAnnotation) back = NULL;
  g_autoptr(PlenumAnnotation) moved = NULL;
  PlenumAnnotationRect rects[] = { { 72, 100, 300, 12 }, { 72, 114, 120.555, 12 } };
  const char *quote, *prefix, *suffix;
  double a, x, y;

  plenum_annotation_set_rects (highlight, rects, G_N_ELEMENTS (rects));
  plenum_annotation_set_anchor (highlight, "tăng trưởng 8,5%", "đạt mức ", " so với");
  back = round_trip (highlight, NULL);
  g_assert_true (plenum_annotation_same_content (highlight, back));
  g_assert_cmpuint (plenum_annotation_get_n_rects (back), ==, 2);
  g_assert_cmpfloat (plenum_annotation_get_rects (back)[1].width, ==, 120.56);
  plenum_annotation_get_anchor (back, &quote, &prefix, &suffix);
  g_assert_cmpstr (quote, ==, "tăng trưởng 8,5%");
  g_assert_cmpstr (prefix, ==, "đạt mức ");
  g_assert_cmpstr (suffix, ==, " so với");
  /* The highlighter's colour is see-through, and the JSON says so. */
  plenum_annotation_get_color (back, NULL, NULL, NULL, &a);
  g_assert_cmpfloat (a, <, 1);
  g_clear_object (&back);

  plenum_annotation_set_position (note, 500.5, 40);
  plenum_annotation_set_text (note, "Hỏi về số liệu này\ntrong phiên họp");
  plenum_annotation_set_visibility (note, PLENUM_ANNOTATION_CHAIR);
  back = round_trip (note, NULL);
  g_assert_true (plenum_annotation_same_content (note, back));
  g_assert_cmpstr (plenum_annotation_get_text (back), ==, "Hỏi về số liệu này\ntrong phiên họp");
  g_assert_cmpint (plenum_annotation_get_visibility (back), ==, PLENUM_ANNOTATION_CHAIR);

  /* Carried to a new version: same id, new hash and page, moved. */
  moved = plenum_annotation_copy_moved (highlight, SHA_TWO, 4, 0, -14);
  g_assert_cmpstr (plenum_annotation_get_id (moved), ==, plenum_annotation_get_id (highlight));
  g_assert_cmpstr (plenum_annotation_get_document_sha256 (moved), ==, SHA_TWO);
  g_assert_cmpuint (plenum_annotation_get_page (moved), ==, 4);
  g_assert_cmpfloat (plenum_annotation_get_rects (moved)[0].y, ==, 86);
  g_assert_false (plenum_annotation_same_content (moved, highlight));
  g_clear_object (&moved);
  moved = plenum_annotation_copy_moved (note, SHA_TWO, 1, 10, 10);
  plenum_annotation_get_position (moved, &x, &y);
  g_assert_cmpfloat (x, ==, 510.5);
  g_assert_cmpfloat (y, ==, 50);

  /* A conflict copy and a review flag travel too. */
  plenum_annotation_set_conflict_of (note, OTHER_ID);
  plenum_annotation_set_needs_review (note, TRUE);
  g_clear_object (&back);
  back = round_trip (note, NULL);
  g_assert_cmpstr (plenum_annotation_get_conflict_of (back), ==, OTHER_ID);
  g_assert_true (plenum_annotation_get_needs_review (back));
}

static void
test_tombstone (void)
{
  g_autoptr(PlenumAnnotation) ink = plenum_annotation_new (PLENUM_ANNOTATION_INK, DOC_ID,
                                                           SHA_ONE, AUTHOR_ID, 0);
  g_autoptr(PlenumAnnotation) back = NULL;
  g_autoptr(cJSON) node = NULL;
  g_autoptr(GError) error = NULL;

  /* An ink mark without strokes is refused, unless it is a tombstone. */
  node = plenum_annotation_to_json (ink);
  g_assert_null (plenum_annotation_new_from_json (node, "a", &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==, "a.kind: an ink mark has strokes only");
  g_clear_error (&error);

  plenum_annotation_set_deleted (ink, TRUE);
  back = round_trip (ink, NULL);
  g_assert_true (plenum_annotation_get_deleted (back));
}

/* Replaces member @key of a valid ink annotation's JSON by @value (NULL: removes it) and
 * checks the error. */
static void
check_bad (const char     *key,
           const char     *value,
           PlenumJsonError code,
           const char     *message)
{
  g_autoptr(PlenumAnnotation) ink = plenum_annotation_new (PLENUM_ANNOTATION_INK, DOC_ID,
                                                           SHA_ONE, AUTHOR_ID, 0);
  PlenumInkPoint point = { 1, 2, 1 };
  g_autoptr(cJSON) node = NULL;
  g_autoptr(PlenumAnnotation) back = NULL;
  g_autoptr(GError) error = NULL;

  plenum_annotation_add_stroke (ink, &point, 1);
  node = plenum_annotation_to_json (ink);
  cJSON_DeleteItemFromObjectCaseSensitive (node, key);
  if (value != NULL)
    {
      g_autoptr(GError) parse_error = NULL;
      cJSON *replacement = plenum_json_parse (value, -1, &parse_error);

      g_assert_no_error (parse_error);
      cJSON_AddItemToObject (node, key, replacement);
    }
  back = plenum_annotation_new_from_json (node, "annotation", &error);
  g_assert_null (back);
  g_assert_error (error, PLENUM_JSON_ERROR, (gint) code);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
}

static void
test_strict (void)
{
  check_bad ("id", NULL, PLENUM_JSON_ERROR_MISSING, "annotation.id: required field is missing");
  check_bad ("id", "\"not-a-uuid\"", PLENUM_JSON_ERROR_FORMAT, NULL);
  check_bad ("kind", "\"arrow\"", PLENUM_JSON_ERROR_FORMAT,
             "annotation.kind: expected ink, highlight or note");
  check_bad ("visibility", "\"public\"", PLENUM_JSON_ERROR_FORMAT,
             "annotation.visibility: expected private, meeting or chair");
  check_bad ("page", "-1", PLENUM_JSON_ERROR_RANGE, NULL);
  check_bad ("color", "\"red\"", PLENUM_JSON_ERROR_FORMAT, NULL);
  check_bad ("color", "\"#FF0000\"", PLENUM_JSON_ERROR_FORMAT, NULL);
  check_bad ("width", "0", PLENUM_JSON_ERROR_RANGE, NULL);
  check_bad ("width", "\"2\"", PLENUM_JSON_ERROR_TYPE, NULL);
  check_bad ("width", NULL, PLENUM_JSON_ERROR_MISSING, NULL);
  check_bad ("strokes", "[[1,2]]", PLENUM_JSON_ERROR_FORMAT,
             "annotation.strokes[0]: expected x, y and pressure for each point");
  check_bad ("strokes", "[[1,2,1.5]]", PLENUM_JSON_ERROR_RANGE,
             "annotation.strokes[0][2]: expected a number in range");
  check_bad ("strokes", "[[1,1e9,1]]", PLENUM_JSON_ERROR_RANGE, NULL);
  check_bad ("strokes", "[[1,\"2\",1]]", PLENUM_JSON_ERROR_TYPE,
             "annotation.strokes[0][1]: expected a number");
  check_bad ("strokes", "[{}]", PLENUM_JSON_ERROR_TYPE, NULL);
  check_bad ("strokes", "[]", PLENUM_JSON_ERROR_FORMAT,
             "annotation.kind: an ink mark has strokes only");
  check_bad ("text", "\"a note on ink\"", PLENUM_JSON_ERROR_FORMAT,
             "annotation.kind: an ink mark has strokes only");
  check_bad ("rects", "[[1,2,-3,4]]", PLENUM_JSON_ERROR_RANGE, NULL);
  check_bad ("position", "[1]", PLENUM_JSON_ERROR_FORMAT, NULL);
  check_bad ("anchor", "{\"quote\":\"x\",\"prefix\":\"\"}", PLENUM_JSON_ERROR_MISSING, NULL);
  check_bad ("anchor", "{\"quote\":\"x\",\"prefix\":\"\",\"suffix\":\"\",\"more\":1}",
             PLENUM_JSON_ERROR_UNKNOWN_KEY, NULL);
  check_bad ("shape", "1", PLENUM_JSON_ERROR_UNKNOWN_KEY, NULL);
  check_bad ("deleted", "\"no\"", PLENUM_JSON_ERROR_TYPE, NULL);
  check_bad ("created_at", "\"yesterday\"", PLENUM_JSON_ERROR_FORMAT, NULL);
}

static void
test_limits (void)
{
  g_autoptr(PlenumAnnotation) ink = plenum_annotation_new (PLENUM_ANNOTATION_INK, DOC_ID,
                                                           SHA_ONE, AUTHOR_ID, 0);
  g_autofree PlenumInkPoint *points = g_new (PlenumInkPoint,
                                             PLENUM_ANNOTATION_MAX_STROKE_POINTS + 1);
  g_autoptr(PlenumAnnotation) back = NULL;
  g_autoptr(cJSON) node = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i <= PLENUM_ANNOTATION_MAX_STROKE_POINTS; i++)
    points[i] = (PlenumInkPoint) { i % 600, i / 600.0, 1 };

  /* The longest stroke allowed goes through... */
  plenum_annotation_add_stroke (ink, points, PLENUM_ANNOTATION_MAX_STROKE_POINTS);
  back = round_trip (ink, NULL);
  g_assert_true (plenum_annotation_same_content (ink, back));
  g_clear_object (&back);

  /* ...one point more does not. */
  g_clear_object (&ink);
  ink = plenum_annotation_new (PLENUM_ANNOTATION_INK, DOC_ID, SHA_ONE, AUTHOR_ID, 0);
  plenum_annotation_add_stroke (ink, points, PLENUM_ANNOTATION_MAX_STROKE_POINTS + 1);
  node = plenum_annotation_to_json (ink);
  g_assert_null (plenum_annotation_new_from_json (node, "a", &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TOO_LARGE);

  /* Out-of-range values are clamped when set, so what is written can be read. */
  g_clear_object (&ink);
  g_clear_pointer (&node, cJSON_Delete);
  g_clear_error (&error);
  ink = plenum_annotation_new (PLENUM_ANNOTATION_INK, DOC_ID, SHA_ONE, AUTHOR_ID, 0);
  points[0] = (PlenumInkPoint) { 1e12, -1e12, 7 };
  points[1] = (PlenumInkPoint) { 1, 1, NAN };
  plenum_annotation_add_stroke (ink, points, 2);
  plenum_annotation_set_width (ink, 1000);
  plenum_annotation_set_color (ink, 2, -1, NAN, 0.5);
  back = round_trip (ink, NULL);
  g_assert_cmpfloat (plenum_annotation_get_stroke (back, 0, NULL)[0].x, ==,
                     PLENUM_ANNOTATION_MAX_COORDINATE);
  g_assert_cmpfloat (plenum_annotation_get_stroke (back, 0, NULL)[0].pressure, ==, 1);
  g_assert_cmpfloat (plenum_annotation_get_stroke (back, 0, NULL)[1].pressure, ==, 1);
  g_assert_cmpfloat (plenum_annotation_get_width (back), ==, PLENUM_ANNOTATION_MAX_WIDTH);
}

static void
test_copy (void)
{
  g_autoptr(PlenumAnnotation) ink = plenum_annotation_new (PLENUM_ANNOTATION_INK, DOC_ID,
                                                           SHA_ONE, AUTHOR_ID, 2);
  g_autoptr(PlenumAnnotation) copy = NULL;
  PlenumInkPoint stroke[] = { { 1, 2, 1 }, { 3, 4, 0.5 } };

  plenum_annotation_add_stroke (ink, stroke, 2);
  plenum_annotation_set_anchor (ink, "quote", NULL, NULL);
  copy = plenum_annotation_copy (ink);
  g_assert_true (plenum_annotation_same_content (ink, copy));
  /* Deep: changing the copy leaves the original alone. */
  plenum_annotation_add_stroke (copy, stroke, 1);
  g_assert_cmpuint (plenum_annotation_get_n_strokes (ink), ==, 1);
  g_assert_false (plenum_annotation_same_content (ink, copy));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plenum/annotation/ink-round-trip", test_ink_round_trip);
  g_test_add_func ("/plenum/annotation/highlight-and-note", test_highlight_and_note);
  g_test_add_func ("/plenum/annotation/tombstone", test_tombstone);
  g_test_add_func ("/plenum/annotation/strict", test_strict);
  g_test_add_func ("/plenum/annotation/limits", test_limits);
  g_test_add_func ("/plenum/annotation/copy", test_copy);

  return g_test_run ();
}
