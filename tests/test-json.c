/* test-json.c — the strict JSON layer (core/plenum-json.c) against hostile input, its
 * typed getters, its writer, and SHA-256 (core/plenum-hash.c).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/plenum-core.h"

#include <math.h>
#include <string.h>

#include "plenum-test-util.h"

/* Helpers ------------------------------------------------------------------------------- */

/* The input, printable and short, for the test log. */
static void
log_input (const char *json,
           gssize      length)
{
  gsize len = length < 0 ? strlen (json) : (gsize) length;
  g_autofree char *prefix = g_strndup (json, MIN (len, 120));
  g_autofree char *escaped = g_strescape (prefix, NULL);

  g_test_message ("input: %s%s", escaped, len > 120 ? "…" : "");
}

/* Parses @length bytes of @json and asserts the failure @code; returns the message. */
static char *
parse_fails_len (const char      *json,
                 gssize           length,
                 PlenumJsonError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;

  if (json != NULL)
    log_input (json, length);
  root = plenum_json_parse (json, length, &error);
  g_assert_null (root);
  g_assert_error (error, PLENUM_JSON_ERROR, (gint) code);
  g_test_message ("message: %s", error->message);
  return g_strdup (error->message);
}

static char *
parse_fails (const char      *json,
             PlenumJsonError  code)
{
  return parse_fails_len (json, -1, code);
}

static cJSON *
parse_ok_len (const char *json,
              gssize      length)
{
  g_autoptr(GError) error = NULL;
  cJSON *root;

  log_input (json, length);
  root = plenum_json_parse (json, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

static cJSON *
parse_ok (const char *json)
{
  return parse_ok_len (json, -1);
}

/* Parsing: well-formed input ------------------------------------------------------------- */

static void
test_parse_valid (void)
{
  g_autoptr(cJSON) root = NULL;
  g_autoptr(cJSON) scalar = NULL;
  g_autoptr(cJSON) text = NULL;
  const cJSON *item;

  root = parse_ok (" \t\r\n{ \"a\" : [1, -2.5e3, 0, true, false, null,"
                   " \"x\\\"y\\\\z\\/\\b\\f\\n\\r\\t\"],"
                   " \"b\": {}, \"c\": [], \"é\": \"\\u00e9\\u20AC\" } \n");
  g_assert_true (cJSON_IsObject (root));

  item = cJSON_GetObjectItemCaseSensitive (root, "a");
  g_assert_cmpint (cJSON_GetArraySize (item), ==, 7);
  g_assert_cmpfloat (cJSON_GetArrayItem (item, 1)->valuedouble, ==, -2500.0);
  g_assert_cmpstr (cJSON_GetArrayItem (item, 6)->valuestring, ==, "x\"y\\z/\b\f\n\r\t");

  item = cJSON_GetObjectItemCaseSensitive (root, "é");
  g_assert_nonnull (item);
  g_assert_cmpstr (item->valuestring, ==, "é€");

  /* Any value at the top level. */
  scalar = parse_ok ("42");
  g_assert_cmpfloat (scalar->valuedouble, ==, 42.0);
  text = parse_ok ("\"\\ud83d\\ude00 U+10FFFF: \xf4\x8f\xbf\xbf\"");
  g_assert_cmpstr (text->valuestring, ==, "\xf0\x9f\x98\x80 U+10FFFF: \xf4\x8f\xbf\xbf");
}

static void
test_parse_empty (void)
{
  g_autofree char *m1 = parse_fails ("", PLENUM_JSON_ERROR_SYNTAX);
  g_autofree char *m2 = parse_fails (" \n\t ", PLENUM_JSON_ERROR_SYNTAX);
  g_autofree char *m3 = parse_fails_len (NULL, 0, PLENUM_JSON_ERROR_SYNTAX);

  g_assert_nonnull (strstr (m1, "empty"));
  g_assert_nonnull (strstr (m2, "empty"));
  g_assert_nonnull (strstr (m3, "empty"));
}

static void
test_parse_trailing_garbage (void)
{
  static const char * const inputs[] = {
    "{}x", "{} {}", "1 2", "\"a\"\"b\"", "[1]]", "{}}", "null,", "true false", "{}\f",
  };
  g_autoptr(cJSON) spaced = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *message = parse_fails (inputs[i], PLENUM_JSON_ERROR_SYNTAX);
      g_assert_nonnull (message);
    }

  /* A NUL inside the given length is a byte after the value, not an end. */
  g_free (parse_fails_len ("{}\0{}", 5, PLENUM_JSON_ERROR_SYNTAX));

  /* White space after the value is fine. */
  spaced = parse_ok ("{} \r\n\t ");
  g_assert_true (cJSON_IsObject (spaced));
}

static void
test_parse_syntax (void)
{
  static const char * const inputs[] = {
    "{", "[", "[1,]", "{\"a\":1,}", "{'a':1}", "01", "-01", "1.", ".5", "+1", "-", "1e",
    "1e+", "0x10", "NaN", "Infinity", "-Infinity", "tru", "nul", "True", "[1 2]",
    "{\"a\" 1}", "{\"a\":}", "{1:2}", "{\"a\"}", "// comment\n{}", "/* c */ {}",
    "\"\\x\"", "\"\\u12\"", "\"\\uZZZZ\"", "\"\\u12G4\"", "\"a\tb\"", "\"a\nb\"",
    "\"unterminated", "\"\\", "[,1]", "{,}", "\xef\xbb\xbf{}", "\"\\U0041\"", "'a'",
    "[1,,2]", "{\"a\":1 \"b\":2}",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *message = parse_fails (inputs[i], PLENUM_JSON_ERROR_SYNTAX);
      g_assert_nonnull (strstr (message, "line "));
    }
}

static void
test_parse_error_position (void)
{
  g_autofree char *message = NULL;

  message = parse_fails ("{\"a\": [0,\n  {\"b\": tru}]}", PLENUM_JSON_ERROR_SYNTAX);
  g_assert_cmpstr (message, ==, "a[1].b: unexpected 't', expected a value (line 2, column 9)");

  g_clear_pointer (&message, g_free);
  message = parse_fails ("{\"title\": \"Ngh\xe1\xbb\x8b \\u0000\"}", PLENUM_JSON_ERROR_ENCODING);
  g_assert_cmpstr (message, ==,
                   "title: \\u0000 is not allowed in a string (line 1, column 17)");
}

static void
test_parse_invalid_utf8 (void)
{
  static const char * const inputs[] = {
    "\"\xff\"",                   /* never valid */
    "\"a\x80\"",                  /* a lone continuation byte */
    "\"\xc3\"",                   /* truncated two-byte sequence */
    "\"\xe2\x82\"",               /* truncated three-byte sequence */
    "\"\xc0\xaf\"",               /* overlong '/' */
    "\"\xc1\xbf\"",               /* overlong */
    "\"\xe0\x80\xaf\"",           /* overlong, three bytes */
    "\"\xf0\x80\x80\xaf\"",       /* overlong, four bytes */
    "\"\xed\xa0\x80\"",           /* UTF-16 surrogate U+D800 encoded */
    "\"\xed\xbf\xbf\"",           /* surrogate U+DFFF encoded */
    "\"\xf4\x90\x80\x80\"",       /* beyond U+10FFFF */
    "\"\xf8\x88\x80\x80\x80\"",   /* five-byte form */
    "{\"k\xff\": 1}",             /* in a key */
    "{\"\xc0\xaf\": 1}",          /* overlong in a key */
    "[\xff]",                     /* outside any string */
    "\xfe",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (inputs); i++)
    g_free (parse_fails (inputs[i], PLENUM_JSON_ERROR_ENCODING));

  /* At the end of a buffer that has no NUL after it. */
  g_free (parse_fails_len ("\"\xe2\x82", 3, PLENUM_JSON_ERROR_ENCODING));
}

static void
test_parse_surrogate_escapes (void)
{
  static const char * const inputs[] = {
    "\"\\ud800\"", "\"\\udc00\"", "\"\\uDBFF\"", "\"\\ud800x\"", "\"\\ud800\\u0041\"",
    "\"\\ud800\\ud800\"", "\"\\udc00\\ud800\"", "{\"\\ud800\": 1}", "\"\\ud800\\\"",
    "\"\\ud83d\\n\"",
  };
  g_autoptr(cJSON) pair = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (inputs); i++)
    g_free (parse_fails (inputs[i], PLENUM_JSON_ERROR_ENCODING));

  pair = parse_ok ("\"\\uD83D\\uDE00\"");
  g_assert_cmpstr (pair->valuestring, ==, "\xf0\x9f\x98\x80");
  g_assert_true (g_utf8_validate (pair->valuestring, -1, NULL));
}

static void
test_parse_nul (void)
{
  g_autoptr(cJSON) escaped_backslash = NULL;
  g_autoptr(cJSON) double_backslash = NULL;

  g_free (parse_fails ("\"\\u0000\"", PLENUM_JSON_ERROR_ENCODING));
  g_free (parse_fails ("\"abc\\u0000def\"", PLENUM_JSON_ERROR_ENCODING));
  g_free (parse_fails ("{\"a\\u0000b\": 1}", PLENUM_JSON_ERROR_ENCODING));
  /* An escaped backslash and then a real \u0000. */
  g_free (parse_fails ("\"\\\\\\u0000\"", PLENUM_JSON_ERROR_ENCODING));
  /* A raw NUL byte inside a string is a control character. */
  g_free (parse_fails_len ("\"a\0b\"", 5, PLENUM_JSON_ERROR_SYNTAX));

  /* "\\u0000" is a backslash followed by the text u0000: legitimate. */
  escaped_backslash = parse_ok ("\"\\\\u0000\"");
  g_assert_cmpstr (escaped_backslash->valuestring, ==, "\\u0000");
  g_assert_cmpuint (strlen (escaped_backslash->valuestring), ==, 6);

  double_backslash = parse_ok ("{\"path\": \"C:\\\\\\\\u0000\"}");
  g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (double_backslash, "path")->valuestring,
                   ==, "C:\\\\u0000");
}

static void
test_parse_duplicate_keys (void)
{
  g_autofree char *top = NULL;
  g_autofree char *nested = NULL;
  g_autofree char *in_array = NULL;
  g_autofree char *escaped = NULL;
  g_autoptr(cJSON) cases = NULL;
  g_autoptr(GError) error = NULL;
  const char *value = NULL;

  top = parse_fails ("{\"a\": 1, \"b\": 2, \"a\": 3}", PLENUM_JSON_ERROR_DUPLICATE_KEY);
  g_assert_cmpstr (top, ==, "a: duplicate key");

  nested = parse_fails ("{\"x\": {\"y\": [{\"b\": 1, \"b\": 1}]}}",
                        PLENUM_JSON_ERROR_DUPLICATE_KEY);
  g_assert_cmpstr (nested, ==, "x.y[0].b: duplicate key");

  in_array = parse_fails ("[{\"a\": 1}, {\"a\": 1, \"a\": 2}]", PLENUM_JSON_ERROR_DUPLICATE_KEY);
  g_assert_cmpstr (in_array, ==, "[1].a: duplicate key");

  /* The same key written two ways is still the same key. */
  escaped = parse_fails ("{\"a\": 1, \"\\u0061\": 2}", PLENUM_JSON_ERROR_DUPLICATE_KEY);
  g_assert_cmpstr (escaped, ==, "a: duplicate key");

  /* Keys that differ only in case are different keys, and look-ups do not mix them up. */
  cases = parse_ok ("{\"Title\": \"upper\", \"title\": \"lower\"}");
  g_assert_true (plenum_json_get_string (cases, NULL, "title", PLENUM_JSON_REQUIRED,
                                         &value, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "lower");
  g_assert_true (plenum_json_get_string (cases, NULL, "Title", PLENUM_JSON_REQUIRED,
                                         &value, &error));
  g_assert_cmpstr (value, ==, "upper");
}

static void
test_parse_case_sensitive_lookup (void)
{
  g_autoptr(cJSON) root = parse_ok ("{\"Title\": \"x\"}");
  g_autoptr(GError) error = NULL;
  const char *value = "untouched";

  g_assert_false (plenum_json_get_string (root, "meeting", "title", PLENUM_JSON_REQUIRED,
                                          &value, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_MISSING);
  g_assert_cmpstr (error->message, ==, "meeting.title: required field is missing");
  g_assert_cmpstr (value, ==, "untouched");
}

static GString *
big_object (guint n_keys,
            gboolean duplicate_last)
{
  GString *json = g_string_new ("{");
  guint i;

  for (i = 0; i < n_keys; i++)
    g_string_append_printf (json, "%s\"key%u\":%u", i > 0 ? "," : "", i, i);
  if (duplicate_last)
    g_string_append (json, ",\"key0\":0");
  g_string_append_c (json, '}');
  return json;
}

static void
test_parse_duplicate_keys_large (void)
{
  g_autoptr(GString) unique = big_object (100000, FALSE);
  g_autoptr(GString) duplicated = big_object (100000, TRUE);
  g_autoptr(cJSON) root = NULL;
  g_autofree char *message = NULL;

  /* Quadratic checking would take minutes here and hit the test's timeout. */
  root = parse_ok_len (unique->str, (gssize) unique->len);
  g_assert_cmpint (cJSON_GetArraySize (root), ==, 100000);

  message = parse_fails_len (duplicated->str, (gssize) duplicated->len,
                             PLENUM_JSON_ERROR_DUPLICATE_KEY);
  g_assert_cmpstr (message, ==, "key0: duplicate key");
}

static char *
nested (guint        depth,
        const char  *open,
        const char  *inner,
        const char  *close)
{
  GString *json = g_string_new (NULL);
  guint i;

  for (i = 0; i < depth; i++)
    g_string_append (json, open);
  g_string_append (json, inner);
  for (i = 0; i < depth; i++)
    g_string_append (json, close);
  return g_string_free (json, FALSE);
}

static void
test_parse_depth (void)
{
  g_autofree char *arrays_64 = nested (PLENUM_JSON_MAX_DEPTH, "[", "1", "]");
  g_autofree char *arrays_65 = nested (PLENUM_JSON_MAX_DEPTH + 1, "[", "1", "]");
  g_autofree char *objects_64 = nested (PLENUM_JSON_MAX_DEPTH, "{\"a\":", "1", "}");
  g_autofree char *objects_65 = nested (PLENUM_JSON_MAX_DEPTH + 1, "{\"a\":", "1", "}");
  g_autofree char *empty_65 = nested (PLENUM_JSON_MAX_DEPTH + 1, "[", "", "]");
  g_autofree char *message = NULL;
  g_autoptr(cJSON) ok_arrays = NULL;
  g_autoptr(cJSON) ok_objects = NULL;
  GString *huge;
  guint i;

  ok_arrays = parse_ok (arrays_64);
  g_assert_true (cJSON_IsArray (ok_arrays));
  ok_objects = parse_ok (objects_64);
  g_assert_true (cJSON_IsObject (ok_objects));

  message = parse_fails (arrays_65, PLENUM_JSON_ERROR_SYNTAX);
  g_assert_nonnull (strstr (message, "nested deeper than 64 levels"));
  g_free (parse_fails (objects_65, PLENUM_JSON_ERROR_SYNTAX));
  g_free (parse_fails (empty_65, PLENUM_JSON_ERROR_SYNTAX));

  /* Far deeper than any stack would take if parsing recursed before checking. */
  huge = g_string_new (NULL);
  for (i = 0; i < 1000000; i++)
    g_string_append_c (huge, '[');
  g_free (parse_fails_len (huge->str, (gssize) huge->len, PLENUM_JSON_ERROR_SYNTAX));
  g_string_free (huge, TRUE);
}

static void
test_parse_too_large (void)
{
  gsize size = PLENUM_JSON_MAX_SIZE;
  g_autofree char *data = g_malloc (size + 2);
  g_autoptr(cJSON) root = NULL;
  g_autofree char *message = NULL;

  /* Exactly the limit: a string of PLENUM_JSON_MAX_SIZE - 2 letters in quotes. */
  data[0] = '"';
  memset (data + 1, 'a', size - 2);
  data[size - 1] = '"';
  data[size] = '\0';
  root = parse_ok_len (data, (gssize) size);
  g_assert_cmpuint (strlen (root->valuestring), ==, size - 2);

  /* One byte more, given by length and NUL-terminated. */
  data[size - 1] = 'a';
  data[size] = '"';
  data[size + 1] = '\0';
  message = parse_fails_len (data, (gssize) size + 1, PLENUM_JSON_ERROR_TOO_LARGE);
  g_free (message);
  message = parse_fails_len (data, -1, PLENUM_JSON_ERROR_TOO_LARGE);
}

static void
test_parse_numbers (void)
{
  g_autoptr(cJSON) small = NULL;
  g_autoptr(cJSON) negative_zero = NULL;
  g_autofree char *long_number = NULL;

  g_free (parse_fails ("1e400", PLENUM_JSON_ERROR_RANGE));
  g_free (parse_fails ("[-1e400]", PLENUM_JSON_ERROR_RANGE));
  g_free (parse_fails ("{\"a\": {\"b\": 1e999}}", PLENUM_JSON_ERROR_RANGE));

  long_number = g_strnfill (64, '1');
  g_free (parse_fails (long_number, PLENUM_JSON_ERROR_RANGE));
  long_number[63] = '\0';
  small = parse_ok (long_number);
  g_assert_true (cJSON_IsNumber (small));

  negative_zero = parse_ok ("-0");
  g_assert_cmpfloat (negative_zero->valuedouble, ==, 0.0);
}

static void
test_parse_exact_length (void)
{
  /* Buffers without a NUL after them: any read past the end shows up under ASan. */
  static const char * const inputs[] = {
    "{\"a\":1}", "123", "-1.5e3", "\"abc\"", "true", "null", "[\"\\u00e9\"]",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      gsize len = strlen (inputs[i]);
      g_autofree char *copy = g_memdup2 (inputs[i], len);
      g_autoptr(cJSON) root = parse_ok_len (copy, (gssize) len);

      g_assert_nonnull (root);
    }

  /* Only the first @length bytes count. */
  {
    g_autoptr(cJSON) prefix = parse_ok_len ("[1]garbage", 3);
    g_assert_cmpint (cJSON_GetArraySize (prefix), ==, 1);
  }
}

/* Getters ------------------------------------------------------------------------------- */

static const char *sample_json =
  "{ \"s\": \"text\", \"n\": 7, \"b\": true, \"z\": null, \"a\": [1, 2, 3], \"o\": {},"
  "  \"u\": \"0b7e2f9c-3d1a-4c56-9e8f-1a2b3c4d5e6f\","
  "  \"h\": \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\","
  "  \"t\": \"2026-12-01T08:00:00+07:00\" }";

static void
test_get_string (void)
{
  g_autoptr(cJSON) root = parse_ok (sample_json);
  g_autoptr(GError) error = NULL;
  const char *value = "default";
  static const char * const wrong[] = { "n", "b", "a", "o" };
  guint i;

  g_assert_true (plenum_json_get_string (root, "", "s", PLENUM_JSON_REQUIRED, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "text");

  /* Absent and optional: untouched. */
  value = "default";
  g_assert_true (plenum_json_get_string (root, "", "missing", PLENUM_JSON_OPTIONAL,
                                         &value, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "default");

  /* Absent and required. */
  g_assert_false (plenum_json_get_string (root, "meeting", "missing", PLENUM_JSON_REQUIRED,
                                          &value, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_MISSING);
  g_assert_cmpstr (error->message, ==, "meeting.missing: required field is missing");
  g_clear_error (&error);

  g_assert_false (plenum_json_get_string (root, NULL, "missing",
                                          PLENUM_JSON_REQUIRED | PLENUM_JSON_NULLABLE,
                                          &value, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_MISSING);
  g_clear_error (&error);

  /* Null: accepted as absent only when nullable. */
  g_assert_true (plenum_json_get_string (root, NULL, "z", PLENUM_JSON_NULLABLE, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "default");
  g_assert_true (plenum_json_get_string (root, NULL, "z",
                                         PLENUM_JSON_REQUIRED | PLENUM_JSON_NULLABLE,
                                         &value, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "default");

  g_assert_false (plenum_json_get_string (root, NULL, "z", PLENUM_JSON_REQUIRED, &value, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_MISSING);
  g_assert_cmpstr (error->message, ==, "z: required field is null");
  g_clear_error (&error);

  g_assert_false (plenum_json_get_string (root, NULL, "z", PLENUM_JSON_OPTIONAL, &value, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE);
  g_clear_error (&error);

  for (i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_assert_false (plenum_json_get_string (root, "x", wrong[i], PLENUM_JSON_REQUIRED,
                                              &value, &error));
      g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE);
      g_assert_true (g_str_has_prefix (error->message, "x."));
      g_assert_nonnull (strstr (error->message, "expected a string"));
      g_clear_error (&error);
    }
  g_assert_cmpstr (value, ==, "default");
}

static void
test_get_on_non_object (void)
{
  g_autoptr(cJSON) root = parse_ok ("[1]");
  g_autoptr(GError) error = NULL;
  gboolean value = FALSE;

  g_assert_false (plenum_json_get_bool (root, "items[0]", "b", PLENUM_JSON_OPTIONAL,
                                        &value, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE);
  g_assert_cmpstr (error->message, ==, "items[0]: expected an object, got an array");
}

static gboolean
get_text (const char  *json_value,
          guint        max_chars,
          gboolean     multiline,
          const char **out,
          GError     **error)
{
  g_autofree char *json = g_strdup_printf ("{\"title\": %s}", json_value);
  g_autoptr(cJSON) root = parse_ok (json);
  const char *value = NULL;
  static char copy[4096];

  if (!plenum_json_get_text (root, "item", "title", PLENUM_JSON_REQUIRED, max_chars,
                             multiline, &value, error))
    return FALSE;
  g_strlcpy (copy, value, sizeof copy);
  *out = copy;
  return TRUE;
}

static void
test_get_text (void)
{
  static const char * const bad_single[] = {
    "\"\"", "\"   \"", "\"\\u00a0\\u3000\"", "\"a\\u0007b\"", "\"a\\nb\"", "\"a\\tb\"",
    "\"a\\rb\"", "\"a\\u007fb\"", "\"a\\u0085b\"", "\"\\u001b[31m\"",
  };
  static const char * const bad_multi[] = {
    "\"a\\rb\"", "\"\\n\\t\"", "\"a\\u0001\"",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_text = g_string_new ("\"");
  const char *value = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad_single); i++)
    {
      g_test_message ("text: %s", bad_single[i]);
      g_assert_false (get_text (bad_single[i], 500, FALSE, &value, &error));
      g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT);
      g_assert_true (g_str_has_prefix (error->message, "item.title: "));
      g_clear_error (&error);
    }

  for (i = 0; i < G_N_ELEMENTS (bad_multi); i++)
    {
      g_test_message ("text: %s", bad_multi[i]);
      g_assert_false (get_text (bad_multi[i], 500, TRUE, &value, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
    }

  g_assert_true (get_text ("\"line one\\n\\tline two\"", 500, TRUE, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "line one\n\tline two");

  /* A path in a title is text, kept as it is. */
  g_assert_true (get_text ("\"../../etc/passwd\"", 500, FALSE, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "../../etc/passwd");

  /* Lengths count characters: 500 three-byte characters pass, 501 do not. */
  for (i = 0; i < 500; i++)
    g_string_append (long_text, "ệ");
  g_string_append_c (long_text, '"');
  g_assert_true (get_text (long_text->str, 500, FALSE, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_utf8_strlen (value, -1), ==, 500);

  g_string_insert (long_text, 1, "x");
  g_assert_false (get_text (long_text->str, 500, FALSE, &value, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==, "item.title: expected 1 to 500 characters, got 501");
  g_clear_error (&error);

  g_assert_false (get_text ("12", 500, FALSE, &value, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE);
}

static void
test_get_bool (void)
{
  g_autoptr(cJSON) root = parse_ok ("{\"t\": true, \"f\": false, \"s\": \"true\", \"n\": 1,"
                                    " \"z\": null}");
  g_autoptr(GError) error = NULL;
  gboolean value = FALSE;
  static const char * const wrong[] = { "s", "n" };
  guint i;

  g_assert_true (plenum_json_get_bool (root, NULL, "t", PLENUM_JSON_REQUIRED, &value, &error));
  g_assert_no_error (error);
  g_assert_true (value);
  g_assert_true (plenum_json_get_bool (root, NULL, "f", PLENUM_JSON_REQUIRED, &value, &error));
  g_assert_false (value);

  for (i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_assert_false (plenum_json_get_bool (root, NULL, wrong[i], PLENUM_JSON_REQUIRED,
                                            &value, &error));
      g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE);
      g_clear_error (&error);
    }

  g_assert_false (plenum_json_get_bool (root, NULL, "z", PLENUM_JSON_REQUIRED, &value, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_MISSING);
}

typedef struct {
  const char      *json;
  gint64           min;
  gint64           max;
  gboolean         ok;
  gint64           expected;
  PlenumJsonError  code;
} IntCase;

static void
test_get_int64 (void)
{
  const gint64 safe = PLENUM_JSON_MAX_SAFE_INTEGER;
  const IntCase cases[] = {
    { "0", 0, 10, TRUE, 0, 0 },
    { "-0", -1, 1, TRUE, 0, 0 },
    { "-5", -10, 10, TRUE, -5, 0 },
    { "10", 0, 10, TRUE, 10, 0 },
    { "11", 0, 10, FALSE, 0, PLENUM_JSON_ERROR_RANGE },
    { "-1", 0, 10, FALSE, 0, PLENUM_JSON_ERROR_RANGE },
    { "9007199254740991", 0, G_MAXINT64, TRUE, 9007199254740991, 0 },
    { "-9007199254740991", G_MININT64, 0, TRUE, -9007199254740991, 0 },
    { "9007199254740992", 0, G_MAXINT64, FALSE, 0, PLENUM_JSON_ERROR_RANGE },
    { "9007199254740993", 0, G_MAXINT64, FALSE, 0, PLENUM_JSON_ERROR_RANGE },
    { "-9007199254740992", G_MININT64, 0, FALSE, 0, PLENUM_JSON_ERROR_RANGE },
    { "1e300", G_MININT64, G_MAXINT64, FALSE, 0, PLENUM_JSON_ERROR_RANGE },
    { "-1e300", G_MININT64, G_MAXINT64, FALSE, 0, PLENUM_JSON_ERROR_RANGE },
    { "1e19", G_MININT64, G_MAXINT64, FALSE, 0, PLENUM_JSON_ERROR_RANGE },
    { "1.5", 0, 10, FALSE, 0, PLENUM_JSON_ERROR_RANGE },
    { "-0.5", -10, 10, FALSE, 0, PLENUM_JSON_ERROR_RANGE },
    { "1e-7", 0, 10, FALSE, 0, PLENUM_JSON_ERROR_RANGE },
    { "1.0", 0, 10, TRUE, 1, 0 },
    { "1e2", 0, 1000, TRUE, 100, 0 },
    { "\"1\"", 0, 10, FALSE, 0, PLENUM_JSON_ERROR_TYPE },
    { "true", 0, 10, FALSE, 0, PLENUM_JSON_ERROR_TYPE },
    { "[1]", 0, 10, FALSE, 0, PLENUM_JSON_ERROR_TYPE },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"size\": %s}", cases[i].json);
      g_autoptr(cJSON) root = parse_ok (json);
      g_autoptr(GError) error = NULL;
      gint64 value = 4242;

      g_test_message ("number: %s", cases[i].json);
      if (cases[i].ok)
        {
          g_assert_true (plenum_json_get_int64 (root, "doc", "size", PLENUM_JSON_REQUIRED,
                                                cases[i].min, cases[i].max, &value, &error));
          g_assert_no_error (error);
          g_assert_cmpint (value, ==, cases[i].expected);
        }
      else
        {
          g_assert_false (plenum_json_get_int64 (root, "doc", "size", PLENUM_JSON_REQUIRED,
                                                 cases[i].min, cases[i].max, &value, &error));
          g_assert_error (error, PLENUM_JSON_ERROR, (gint) cases[i].code);
          g_assert_true (g_str_has_prefix (error->message, "doc.size: "));
          g_assert_cmpint (value, ==, 4242);
        }
    }

  {
    g_autoptr(cJSON) root = parse_ok ("{\"n\": 20}");
    g_autoptr(GError) error = NULL;
    gint64 value = 0;

    g_assert_true (plenum_json_get_int64 (root, NULL, "n", PLENUM_JSON_REQUIRED, 0, safe,
                                          &value, &error));
    g_assert_no_error (error);
    g_assert_cmpint (value, ==, 20);
    g_assert_false (plenum_json_get_int64 (root, NULL, "n", PLENUM_JSON_REQUIRED, 0, 10,
                                           &value, &error));
    g_assert_cmpstr (error->message, ==, "n: expected an integer from 0 to 10");
  }
}

static void
test_get_uuid (void)
{
  static const char * const bad[] = {
    "0B7E2F9C-3D1A-4C56-9E8F-1A2B3C4D5E6F",   /* uppercase */
    "0b7e2f9c-3d1a-4c56-9e8f-1a2b3c4d5e6F",   /* one uppercase digit */
    "0b7e2f9c3d1a4c569e8f1a2b3c4d5e6f",       /* no hyphens */
    "0b7e2f9c-3d1a-4c56-9e8f-1a2b3c4d5e6",    /* 35 characters */
    "0b7e2f9c-3d1a-4c56-9e8f-1a2b3c4d5e6f0",  /* 37 characters */
    "0b7e2f9c-3d1a-4c56-9e8f-1a2b3c4d5e6g",   /* not hex */
    "{0b7e2f9c-3d1a-4c56-9e8f-1a2b3c4d5e6f}", /* braces */
    "0b7e2f9c-3d1a-4c5-69e8f-1a2b3c4d5e6f",   /* hyphen moved */
    " 0b7e2f9c-3d1a-4c56-9e8f-1a2b3c4d5e6f",
    "",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\": \"%s\"}", bad[i]);
      g_autoptr(cJSON) root = parse_ok (json);
      g_autoptr(GError) error = NULL;
      const char *value = NULL;

      g_assert_false (plenum_is_uuid (bad[i]));
      g_assert_false (plenum_json_get_uuid (root, "meeting", "id", PLENUM_JSON_REQUIRED,
                                            &value, &error));
      g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT);
      g_assert_cmpstr (error->message, ==,
                       "meeting.id: expected a lowercase UUID (8-4-4-4-12 hexadecimal digits)");
      g_assert_null (value);
    }

  {
    g_autoptr(cJSON) root = parse_ok (sample_json);
    g_autoptr(GError) error = NULL;
    const char *value = NULL;

    g_assert_true (plenum_json_get_uuid (root, NULL, "u", PLENUM_JSON_REQUIRED, &value, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (value, ==, "0b7e2f9c-3d1a-4c56-9e8f-1a2b3c4d5e6f");

    g_assert_false (plenum_json_get_uuid (root, NULL, "n", PLENUM_JSON_REQUIRED, &value, &error));
    g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE);
  }

  g_assert_false (plenum_is_uuid (NULL));
}

static void
test_get_sha256 (void)
{
  static const char * const bad[] = {
    "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8550",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85 ",
    "../../../../etc/passwd",
    "",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"sha256\": \"%s\"}", bad[i]);
      g_autoptr(cJSON) root = parse_ok (json);
      g_autoptr(GError) error = NULL;
      const char *value = NULL;

      g_assert_false (plenum_is_sha256_hex (bad[i]));
      g_assert_false (plenum_json_get_sha256 (root, "agenda[2].documents[0]", "sha256",
                                              PLENUM_JSON_REQUIRED, &value, &error));
      g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT);
      g_assert_cmpstr (error->message, ==, "agenda[2].documents[0].sha256: expected 64 "
                                           "lowercase hexadecimal digits");
    }

  {
    g_autoptr(cJSON) root = parse_ok (sample_json);
    g_autoptr(GError) error = NULL;
    const char *value = NULL;

    g_assert_true (plenum_json_get_sha256 (root, NULL, "h", PLENUM_JSON_REQUIRED, &value, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (value, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  g_assert_false (plenum_is_sha256_hex (NULL));
}

typedef struct {
  const char *text;
  const char *utc;   /* NULL: refused */
  int         usec;
} TimeCase;

static void
test_time_parse (void)
{
  static const TimeCase cases[] = {
    { "2026-12-01T08:00:00Z", "2026-12-01T08:00:00Z", 0 },
    { "2026-12-01t08:00:00z", "2026-12-01T08:00:00Z", 0 },
    { "2026-12-01T08:00:00+07:00", "2026-12-01T01:00:00Z", 0 },
    { "2026-12-01T01:00:00-05:30", "2026-12-01T06:30:00Z", 0 },
    { "2026-01-01T03:00:00+07:00", "2025-12-31T20:00:00Z", 0 },
    { "2026-12-01T08:00:00-00:00", "2026-12-01T08:00:00Z", 0 },
    { "2026-12-01T08:00:00.5Z", "2026-12-01T08:00:00Z", 500000 },
    { "2026-12-01T08:00:00.123456789Z", "2026-12-01T08:00:00Z", 123456 },
    { "2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z", 0 },
    { "0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z", 0 },
    { "9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z", 0 },
    { "2026-02-29T00:00:00Z", NULL, 0 },
    { "2026-02-30T00:00:00Z", NULL, 0 },
    { "2026-04-31T00:00:00Z", NULL, 0 },
    { "2026-13-01T00:00:00Z", NULL, 0 },
    { "2026-00-01T00:00:00Z", NULL, 0 },
    { "2026-12-00T00:00:00Z", NULL, 0 },
    { "2026-12-01T24:00:00Z", NULL, 0 },
    { "2026-12-01T23:60:00Z", NULL, 0 },
    { "2026-12-31T23:59:60Z", NULL, 0 },
    { "0000-01-01T00:00:00Z", NULL, 0 },
    { "2026-12-01 08:00:00Z", NULL, 0 },
    { "2026-12-01T08:00:00", NULL, 0 },
    { "2026-12-01", NULL, 0 },
    { "2026-12-01T08:00Z", NULL, 0 },
    { "2026-12-01T08:00:00+0700", NULL, 0 },
    { "2026-12-01T08:00:00+07", NULL, 0 },
    { "2026-12-01T08:00:00+24:00", NULL, 0 },
    { "2026-12-01T08:00:00+07:60", NULL, 0 },
    { "2026-12-01T08:00:00.Z", NULL, 0 },
    { "2026-12-01T08:00:00ZZ", NULL, 0 },
    { "2026-12-01T08:00:00Z ", NULL, 0 },
    { " 2026-12-01T08:00:00Z", NULL, 0 },
    { "+2026-12-01T08:00:00Z", NULL, 0 },
    { "26-12-01T08:00:00Z", NULL, 0 },
    { "2026-1-01T08:00:00Z", NULL, 0 },
    { "9999-12-31T23:59:59-01:00", NULL, 0 },
    { "0001-01-01T00:00:00+01:00", NULL, 0 },
    { "", NULL, 0 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) time = plenum_time_parse (cases[i].text);

      g_test_message ("time: %s", cases[i].text);
      if (cases[i].utc == NULL)
        {
          g_assert_null (time);
        }
      else
        {
          g_autofree char *formatted = NULL;

          g_assert_nonnull (time);
          formatted = plenum_time_format (time);
          g_assert_cmpstr (formatted, ==, cases[i].utc);
          g_assert_cmpint (g_date_time_get_microsecond (time), ==, cases[i].usec);
          g_assert_cmpint (g_date_time_get_utc_offset (time), ==, 0);
        }
    }
}

static void
test_time_format (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (7 * 3600);
  g_autoptr(GDateTime) local = g_date_time_new (zone, 2026, 12, 1, 8, 30, 15.75);
  g_autoptr(GDateTime) early = g_date_time_new_utc (999, 1, 2, 3, 4, 5);
  g_autoptr(GDateTime) back = NULL;
  g_autofree char *text = plenum_time_format (local);
  g_autofree char *early_text = plenum_time_format (early);

  g_assert_cmpstr (text, ==, "2026-12-01T01:30:15Z");
  g_assert_cmpstr (early_text, ==, "0999-01-02T03:04:05Z");

  back = plenum_time_parse (text);
  g_assert_nonnull (back);
  g_assert_cmpint (g_date_time_to_unix (back), ==, g_date_time_to_unix (local));
}

static void
test_get_time (void)
{
  g_autoptr(cJSON) root = parse_ok ("{\"t\": \"2026-12-01T08:00:00+07:00\", \"bad\": \"tomorrow\","
                                    " \"n\": 1764576000}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) untouched = NULL;
  g_autofree char *text = NULL;

  g_assert_true (plenum_json_get_time (root, "meeting", "t", PLENUM_JSON_REQUIRED, &time, &error));
  g_assert_no_error (error);
  text = plenum_time_format (time);
  g_assert_cmpstr (text, ==, "2026-12-01T01:00:00Z");

  g_assert_false (plenum_json_get_time (root, "meeting", "bad", PLENUM_JSON_REQUIRED,
                                        &untouched, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==, "meeting.bad: expected an RFC 3339 time such as "
                                       "2026-12-01T08:00:00Z");
  g_assert_null (untouched);
  g_clear_error (&error);

  g_assert_false (plenum_json_get_time (root, "meeting", "n", PLENUM_JSON_REQUIRED,
                                        &untouched, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE);
  g_assert_null (untouched);
}

static void
test_get_array_object (void)
{
  g_autoptr(cJSON) root = parse_ok (sample_json);
  g_autoptr(GError) error = NULL;
  const cJSON *array = NULL;
  const cJSON *object = NULL;

  g_assert_true (plenum_json_get_array (root, NULL, "a", PLENUM_JSON_REQUIRED, 3, &array, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cJSON_GetArraySize (array), ==, 3);

  array = NULL;
  g_assert_false (plenum_json_get_array (root, "p", "a", PLENUM_JSON_REQUIRED, 2, &array, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "p.a: more than 2 items");
  g_assert_null (array);
  g_clear_error (&error);

  g_assert_false (plenum_json_get_array (root, NULL, "o", PLENUM_JSON_REQUIRED, 2, &array, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE);
  g_assert_cmpstr (error->message, ==, "o: expected an array, got an object");
  g_clear_error (&error);

  g_assert_true (plenum_json_get_array (root, NULL, "nothing", PLENUM_JSON_OPTIONAL, 2,
                                        &array, &error));
  g_assert_no_error (error);
  g_assert_null (array);

  g_assert_true (plenum_json_get_object (root, NULL, "o", PLENUM_JSON_REQUIRED, &object, &error));
  g_assert_no_error (error);
  g_assert_true (cJSON_IsObject (object));

  g_assert_false (plenum_json_get_object (root, NULL, "a", PLENUM_JSON_REQUIRED, &object, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE);
}

static void
test_check_object (void)
{
  static const char * const known[] = { "id", "title", NULL };
  g_autoptr(cJSON) ok = parse_ok ("{\"id\": 1, \"title\": 2}");
  g_autoptr(cJSON) extra = parse_ok ("{\"id\": 1, \"Title\": 2}");
  g_autoptr(cJSON) array = parse_ok ("[]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) hostile = g_string_new ("{\"");
  g_autoptr(cJSON) hostile_root = NULL;
  guint i;

  g_assert_true (plenum_json_check_object (ok, "meeting", known, &error));
  g_assert_no_error (error);

  g_assert_false (plenum_json_check_object (extra, "meeting", known, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_UNKNOWN_KEY);
  g_assert_cmpstr (error->message, ==, "meeting.Title: unknown field");
  g_clear_error (&error);

  g_assert_false (plenum_json_check_object (array, "", known, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE);
  g_assert_cmpstr (error->message, ==, "expected an object, got an array");
  g_clear_error (&error);

  /* A hostile key does not make a huge or multi-line message. */
  g_string_append (hostile, "line\\nbreak");
  for (i = 0; i < 100000; i++)
    g_string_append_c (hostile, 'k');
  g_string_append (hostile, "\": 1}");
  hostile_root = parse_ok_len (hostile->str, (gssize) hostile->len);
  g_assert_false (plenum_json_check_object (hostile_root, NULL, known, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_UNKNOWN_KEY);
  g_assert_cmpuint (strlen (error->message), <, 200);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_true (g_str_has_prefix (error->message, "line\xef\xbf\xbd" "break"));
}

static void
test_paths (void)
{
  g_autofree char *a = plenum_json_path_index ("agenda", 2);
  g_autofree char *b = plenum_json_path_index (NULL, 0);
  g_autofree char *c = plenum_json_path_index ("", 7);
  g_autofree char *d = plenum_json_path_key ("agenda[2]", "documents");
  g_autofree char *e = plenum_json_path_key (NULL, "title");
  g_autofree char *f = plenum_json_path_key ("", "title");

  g_assert_cmpstr (a, ==, "agenda[2]");
  g_assert_cmpstr (b, ==, "[0]");
  g_assert_cmpstr (c, ==, "[7]");
  g_assert_cmpstr (d, ==, "agenda[2].documents");
  g_assert_cmpstr (e, ==, "title");
  g_assert_cmpstr (f, ==, "title");
}

static void
test_uuid_new (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint i;

  for (i = 0; i < 1000; i++)
    {
      char *uuid = plenum_uuid_new ();

      g_assert_true (plenum_is_uuid (uuid));
      g_assert_cmpint (uuid[14], ==, '4');
      g_assert_nonnull (strchr ("89ab", uuid[19]));
      g_assert_true (g_hash_table_add (seen, uuid));
    }
}

/* Writing ------------------------------------------------------------------------------- */

static void
test_write_helpers (void)
{
  g_autoptr(cJSON) object = NULL;
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 12, 1, 8, 0, 0);
  g_autofree char *text = NULL;

  plenum_json_init ();
  object = cJSON_CreateObject ();
  plenum_json_add_string (object, "s", "Nghị quyết \"số 1\"\n");
  plenum_json_add_string (object, "none", NULL);
  plenum_json_add_time (object, "t", time);
  plenum_json_add_time (object, "no_time", NULL);
  plenum_json_add_int64 (object, "max", PLENUM_JSON_MAX_SAFE_INTEGER);
  plenum_json_add_int64 (object, "min", -PLENUM_JSON_MAX_SAFE_INTEGER);
  plenum_json_add_bool (object, "yes", TRUE);
  plenum_json_add_bool (object, "no", FALSE);

  text = plenum_json_print (object);
  g_assert_cmpstr (text, ==,
                   "{\"s\":\"Nghị quyết \\\"số 1\\\"\\n\",\"none\":null,"
                   "\"t\":\"2026-12-01T08:00:00Z\",\"no_time\":null,"
                   "\"max\":9007199254740991,\"min\":-9007199254740991,"
                   "\"yes\":true,\"no\":false}");

  /* Adding a key twice would make a document the parser refuses. */
  g_test_expect_message ("plenum-json", G_LOG_LEVEL_CRITICAL, "*already has the key*");
  plenum_json_add_string (object, "s", "again");
  g_test_assert_expected_messages ();
  g_assert_cmpint (cJSON_GetArraySize (object), ==, 8);
}

static void
test_print (void)
{
  g_autoptr(cJSON) numbers = cJSON_CreateArray ();
  g_autoptr(cJSON) strings = cJSON_CreateArray ();
  g_autofree char *numbers_text = NULL;
  g_autofree char *strings_text = NULL;
  static const double values[] = {
    0, -1, 1.5, 0.1, 1e300, 9007199254740992.0, -9007199254740991.0, 123456789012.0,
    1e-7, 3.14159265358979,
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (values); i++)
    cJSON_AddItemToArray (numbers, cJSON_CreateNumber (values[i]));
  cJSON_AddItemToArray (numbers, cJSON_CreateNumber (INFINITY));

  numbers_text = plenum_json_print (numbers);
  g_assert_cmpstr (numbers_text, ==,
                   "[0,-1,1.5,0.1,1e+300,9007199254740992,-9007199254740991,123456789012,"
                   "1e-07,3.14159265358979,null]");

  cJSON_AddItemToArray (strings, cJSON_CreateString ("tab\there \x01 \x1f \x7f é \\ / \""));
  cJSON_AddItemToArray (strings, cJSON_CreateString ("../Nhân sự"));
  strings_text = plenum_json_print (strings);
  g_assert_cmpstr (strings_text, ==,
                   "[\"tab\\there \\u0001 \\u001f \x7f é \\\\ / \\\"\",\"../Nhân sự\"]");
}

static void
test_print_parse_roundtrip (void)
{
  static const char * const files[] = {
    "json/meeting.json", "json/packet-manifest.json", "json/bodies.json",
    "json/event.json", "json/session.json",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = plenum_test_data_path (files[i]);
      g_autofree char *contents = NULL;
      g_autofree char *first = NULL;
      g_autofree char *second = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(cJSON) root = NULL;
      g_autoptr(cJSON) again = NULL;
      gsize length = 0;

      g_test_message ("file: %s", path);
      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);

      root = parse_ok_len (contents, (gssize) length);
      first = plenum_json_print (root);
      again = parse_ok (first);
      second = plenum_json_print (again);
      g_assert_cmpstr (first, ==, second);
      g_assert_true (cJSON_Compare (root, again, TRUE));
    }
}

/* SHA-256 -------------------------------------------------------------------------------- */

static void
test_sha256 (void)
{
  g_autofree char *empty = plenum_sha256_hex ("", 0);
  g_autofree char *empty_null = plenum_sha256_hex (NULL, 0);
  g_autofree char *abc = plenum_sha256_hex ("abc", 3);
  g_autofree char *two_blocks = NULL;
  g_autofree char *streamed = NULL;
  g_autofree char *million = NULL;
  g_autoptr(PlenumSha256) sha = NULL;
  const char *message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  char chunk[1000];
  guint i;

  g_assert_cmpstr (empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpstr (empty_null, ==, empty);
  g_assert_cmpstr (abc, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  two_blocks = plenum_sha256_hex (message, strlen (message));
  g_assert_cmpstr (two_blocks, ==,
                   "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");

  /* Streaming in uneven pieces gives the same digest. */
  sha = plenum_sha256_new ();
  plenum_sha256_update (sha, message, 5);
  plenum_sha256_update (sha, message + 5, 0);
  plenum_sha256_update (sha, message + 5, strlen (message) - 5);
  streamed = plenum_sha256_finish (sha);
  g_assert_cmpstr (streamed, ==, two_blocks);
  g_clear_pointer (&sha, plenum_sha256_free);

  sha = plenum_sha256_new ();
  memset (chunk, 'a', sizeof chunk);
  for (i = 0; i < 1000; i++)
    plenum_sha256_update (sha, chunk, sizeof chunk);
  million = plenum_sha256_finish (sha);
  g_assert_cmpstr (million, ==,
                   "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  g_assert_true (plenum_is_sha256_hex (million));
}

static void
test_sign_in_name (void)
{
  g_autofree char *longest = g_strnfill (64, 'a');
  g_autofree char *too_long = g_strnfill (65, 'a');

  g_assert_true (plenum_is_sign_in_name ("nguyen.van.an"));
  g_assert_true (plenum_is_sign_in_name ("a"));
  g_assert_true (plenum_is_sign_in_name ("le_minh-tuan2"));
  g_assert_true (plenum_is_sign_in_name (longest));
  g_assert_false (plenum_is_sign_in_name (too_long));
  g_assert_false (plenum_is_sign_in_name (""));
  g_assert_false (plenum_is_sign_in_name (NULL));
  g_assert_false (plenum_is_sign_in_name ("Nguyen.van.an"));
  g_assert_false (plenum_is_sign_in_name ("nguyễn"));
  g_assert_false (plenum_is_sign_in_name (".an"));
  g_assert_false (plenum_is_sign_in_name ("an."));
  g_assert_false (plenum_is_sign_in_name ("an van"));
  g_assert_false (plenum_is_sign_in_name ("../etc"));
}

int
main (int   argc,
      char *argv[])
{
  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/json/parse-valid", test_parse_valid);
  g_test_add_func ("/plenum/json/parse-empty", test_parse_empty);
  g_test_add_func ("/plenum/json/parse-trailing-garbage", test_parse_trailing_garbage);
  g_test_add_func ("/plenum/json/parse-syntax", test_parse_syntax);
  g_test_add_func ("/plenum/json/parse-error-position", test_parse_error_position);
  g_test_add_func ("/plenum/json/parse-invalid-utf8", test_parse_invalid_utf8);
  g_test_add_func ("/plenum/json/parse-surrogate-escapes", test_parse_surrogate_escapes);
  g_test_add_func ("/plenum/json/parse-nul", test_parse_nul);
  g_test_add_func ("/plenum/json/parse-duplicate-keys", test_parse_duplicate_keys);
  g_test_add_func ("/plenum/json/parse-duplicate-keys-large", test_parse_duplicate_keys_large);
  g_test_add_func ("/plenum/json/case-sensitive-lookup", test_parse_case_sensitive_lookup);
  g_test_add_func ("/plenum/json/parse-depth", test_parse_depth);
  g_test_add_func ("/plenum/json/parse-too-large", test_parse_too_large);
  g_test_add_func ("/plenum/json/parse-numbers", test_parse_numbers);
  g_test_add_func ("/plenum/json/parse-exact-length", test_parse_exact_length);
  g_test_add_func ("/plenum/json/get-string", test_get_string);
  g_test_add_func ("/plenum/json/get-on-non-object", test_get_on_non_object);
  g_test_add_func ("/plenum/json/get-text", test_get_text);
  g_test_add_func ("/plenum/json/get-bool", test_get_bool);
  g_test_add_func ("/plenum/json/get-int64", test_get_int64);
  g_test_add_func ("/plenum/json/get-uuid", test_get_uuid);
  g_test_add_func ("/plenum/json/get-sha256", test_get_sha256);
  g_test_add_func ("/plenum/json/get-time", test_get_time);
  g_test_add_func ("/plenum/json/get-array-object", test_get_array_object);
  g_test_add_func ("/plenum/json/check-object", test_check_object);
  g_test_add_func ("/plenum/json/time-parse", test_time_parse);
  g_test_add_func ("/plenum/json/time-format", test_time_format);
  g_test_add_func ("/plenum/json/paths", test_paths);
  g_test_add_func ("/plenum/json/uuid-new", test_uuid_new);
  g_test_add_func ("/plenum/json/sign-in-name", test_sign_in_name);
  g_test_add_func ("/plenum/json/write-helpers", test_write_helpers);
  g_test_add_func ("/plenum/json/print", test_print);
  g_test_add_func ("/plenum/json/print-parse-roundtrip", test_print_parse_roundtrip);
  g_test_add_func ("/plenum/json/sha256", test_sha256);

  return g_test_run ();
}
