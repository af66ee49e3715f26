/* plenum-json.c — the strict JSON layer over cJSON: parsing, typed getters, writing.
 *
 * plenum_json_parse() does not trust cJSON with hostile bytes. A single-pass scanner of
 * our own checks the whole input first: RFC 8259 grammar, UTF-8, escapes (no "\u0000",
 * no unpaired surrogates, four real hex digits), and the nesting depth, with an explicit
 * stack so that deep input cannot exhaust the C stack. Only then does cJSON build the
 * tree, and a walk over the tree refuses duplicate keys (a hash set for big objects) and
 * numbers that overflow a double. Every error names where it happened.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-json"

#include "plenum-json.h"
#include "plenum-limits.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

G_DEFINE_QUARK (plenum-json-error-quark, plenum_json_error)

/* Keys from the input are echoed in error messages; a hostile key must not make a
 * megabyte-long or multi-line message. */
#define MESSAGE_KEY_MAX_CHARS 64

/* cJSON copies a number's text into a 64-byte buffer before strtod(); a longer number
 * would be cut and then misread, so the scanner refuses it first. */
#define NUMBER_MAX_CHARS 63

/* Objects with more members than this are checked for duplicate keys with a hash set;
 * smaller ones by comparing each key with the ones before it. */
#define DUPLICATE_CHECK_HASH_THRESHOLD 16

static gpointer
install_cjson_hooks (gpointer data)
{
  /* cJSON's default malloc() returns NULL when memory runs out, which cJSON reports as a
   * parse failure or a NULL node that every caller would have to check. With GLib's
   * allocator an exhausted heap aborts, as everywhere else in the program, so a NULL from
   * cJSON always means bad input. g_malloc() is plain malloc() since GLib 2.46, so nodes
   * made before these hooks went in are still freed correctly. */
  static cJSON_Hooks hooks = { g_malloc, g_free };

  cJSON_InitHooks (&hooks);
  return NULL;
}

void
plenum_json_init (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, install_cjson_hooks, NULL);
}

/* Paths for messages ----------------------------------------------------------------- */

/* One level of the place being read: an array element or an object member. */
typedef struct {
  gboolean    is_array;
  guint       index;    /* arrays */
  const char *key;      /* objects: the member's key, or NULL while the key is read */
  gsize       key_len;
} PathEntry;

static void
append_key_for_message (GString    *out,
                        const char *key,
                        gsize       len)
{
  const char *p = key;
  const char *end = key + len;
  guint n;

  for (n = 0; p < end; n++)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_unichar (out, 0xFFFD);
          return;
        }
      if (n == MESSAGE_KEY_MAX_CHARS)
        {
          g_string_append (out, "…");
          return;
        }
      g_string_append_unichar (out, g_unichar_iscntrl (c) ? 0xFFFD : c);
      p = g_utf8_next_char (p);
    }
}

static char *
path_to_string (const char      *where,
                const PathEntry *stack,
                guint            depth)
{
  GString *out = g_string_new (where);
  guint i;

  for (i = 0; i < depth; i++)
    {
      if (stack[i].is_array)
        {
          g_string_append_printf (out, "[%u]", stack[i].index);
        }
      else
        {
          if (stack[i].key == NULL)
            break;
          if (out->len > 0)
            g_string_append_c (out, '.');
          append_key_for_message (out, stack[i].key, stack[i].key_len);
        }
    }

  return g_string_free (out, FALSE);
}

/* "where.key" with a key that came from the input. */
static char *
input_key_path (const char *where,
                const char *key)
{
  PathEntry entry = { FALSE, 0, key, strlen (key) };

  return path_to_string (where, &entry, 1);
}

char *
plenum_json_path_index (const char *parent,
                        guint       index)
{
  if (parent == NULL || *parent == '\0')
    return g_strdup_printf ("[%u]", index);
  return g_strdup_printf ("%s[%u]", parent, index);
}

char *
plenum_json_path_key (const char *parent,
                      const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  if (parent == NULL || *parent == '\0')
    return g_strdup (key);
  return g_strdup_printf ("%s.%s", parent, key);
}

static void set_error_at (GError          **error,
                          PlenumJsonError   code,
                          const char       *path,
                          const char       *format,
                          ...) G_GNUC_PRINTF (4, 5);

static void
set_error_at (GError          **error,
              PlenumJsonError   code,
              const char       *path,
              const char       *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (path == NULL || *path == '\0')
    g_set_error_literal (error, PLENUM_JSON_ERROR, code, message);
  else
    g_set_error (error, PLENUM_JSON_ERROR, code, "%s: %s", path, message);
}

/* The scanner -------------------------------------------------------------------------- */

typedef struct {
  const char *start;
  const char *end;
  const char *p;
  PathEntry   stack[PLENUM_JSON_MAX_DEPTH];
  guint       depth;
} Scanner;

static void scanner_error (Scanner          *sc,
                           const char       *at,
                           PlenumJsonError   code,
                           GError          **error,
                           const char       *format,
                           ...) G_GNUC_PRINTF (5, 6);

static void
scanner_error (Scanner          *sc,
               const char       *at,
               PlenumJsonError   code,
               GError          **error,
               const char       *format,
               ...)
{
  g_autofree char *path = path_to_string (NULL, sc->stack, sc->depth);
  g_autofree char *message = NULL;
  const char *q;
  guint line = 1;
  guint column = 1;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Columns count characters: skip UTF-8 continuation bytes. */
  for (q = sc->start; q < at; q++)
    {
      if (*q == '\n')
        {
          line++;
          column = 1;
        }
      else if (((guchar) *q & 0xC0) != 0x80)
        {
          column++;
        }
    }

  if (*path == '\0')
    g_set_error (error, PLENUM_JSON_ERROR, code, "%s (line %u, column %u)",
                 message, line, column);
  else
    g_set_error (error, PLENUM_JSON_ERROR, code, "%s: %s (line %u, column %u)",
                 path, message, line, column);
}

static void
scanner_skip_space (Scanner *sc)
{
  while (sc->p < sc->end &&
         (*sc->p == ' ' || *sc->p == '\t' || *sc->p == '\n' || *sc->p == '\r'))
    sc->p++;
}

/* A byte where a value or a punctuation mark should be. */
static void
scanner_unexpected (Scanner     *sc,
                    const char  *expected,
                    GError     **error)
{
  guchar c;
  gunichar u;

  if (sc->p >= sc->end)
    {
      scanner_error (sc, sc->p, PLENUM_JSON_ERROR_SYNTAX, error,
                     "unexpected end of input, expected %s", expected);
      return;
    }

  c = (guchar) *sc->p;
  if (c < 0x80)
    {
      if (g_ascii_isprint (c))
        scanner_error (sc, sc->p, PLENUM_JSON_ERROR_SYNTAX, error,
                       "unexpected '%c', expected %s", c, expected);
      else
        scanner_error (sc, sc->p, PLENUM_JSON_ERROR_SYNTAX, error,
                       "unexpected byte 0x%02X, expected %s", c, expected);
      return;
    }

  u = g_utf8_get_char_validated (sc->p, sc->end - sc->p);
  if (u == (gunichar) -1 || u == (gunichar) -2)
    scanner_error (sc, sc->p, PLENUM_JSON_ERROR_ENCODING, error, "invalid UTF-8");
  else
    scanner_error (sc, sc->p, PLENUM_JSON_ERROR_SYNTAX, error,
                   "unexpected character U+%04X, expected %s", u, expected);
}

static gboolean
read_hex4 (const char *p,
           const char *end,
           gunichar   *out)
{
  gunichar value = 0;
  int i;

  if (end - p < 4)
    return FALSE;

  for (i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return FALSE;
      value = (value << 4) | (gunichar) digit;
    }

  *out = value;
  return TRUE;
}

/* sc->p is on the opening quote. */
static gboolean
scan_string (Scanner  *sc,
             GError  **error)
{
  const char *p = sc->p + 1;

  while (p < sc->end)
    {
      guchar c = (guchar) *p;

      if (c == '"')
        {
          sc->p = p + 1;
          return TRUE;
        }

      if (c < 0x20)
        {
          scanner_error (sc, p, PLENUM_JSON_ERROR_SYNTAX, error,
                         "control character U+%04X must be escaped in a string", c);
          return FALSE;
        }

      if (c == '\\')
        {
          gunichar u;
          gunichar low;

          if (p + 1 >= sc->end)
            break;

          switch (p[1])
            {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
              p += 2;
              continue;

            case 'u':
              if (!read_hex4 (p + 2, sc->end, &u))
                {
                  scanner_error (sc, p, PLENUM_JSON_ERROR_SYNTAX, error,
                                 "\\u must be followed by four hexadecimal digits");
                  return FALSE;
                }
              if (u == 0)
                {
                  scanner_error (sc, p, PLENUM_JSON_ERROR_ENCODING, error,
                                 "\\u0000 is not allowed in a string");
                  return FALSE;
                }
              if (u >= 0xDC00 && u <= 0xDFFF)
                {
                  scanner_error (sc, p, PLENUM_JSON_ERROR_ENCODING, error,
                                 "\\u%04x is half of a UTF-16 surrogate pair without its "
                                 "first half", u);
                  return FALSE;
                }
              if (u >= 0xD800 && u <= 0xDBFF)
                {
                  if (sc->end - p < 12 || p[6] != '\\' || p[7] != 'u' ||
                      !read_hex4 (p + 8, sc->end, &low) || low < 0xDC00 || low > 0xDFFF)
                    {
                      scanner_error (sc, p, PLENUM_JSON_ERROR_ENCODING, error,
                                     "\\u%04x is half of a UTF-16 surrogate pair without "
                                     "its second half", u);
                      return FALSE;
                    }
                  p += 12;
                  continue;
                }
              p += 6;
              continue;

            default:
              scanner_error (sc, p, PLENUM_JSON_ERROR_SYNTAX, error,
                             "invalid escape sequence in a string");
              return FALSE;
            }
        }

      if (c < 0x80)
        {
          p++;
        }
      else
        {
          gunichar u = g_utf8_get_char_validated (p, sc->end - p);

          if (u == (gunichar) -1 || u == (gunichar) -2)
            {
              scanner_error (sc, p, PLENUM_JSON_ERROR_ENCODING, error,
                             "invalid UTF-8 in a string");
              return FALSE;
            }
          p = g_utf8_next_char (p);
        }
    }

  scanner_error (sc, sc->p, PLENUM_JSON_ERROR_SYNTAX, error, "unterminated string");
  return FALSE;
}

static gboolean
scan_digits (Scanner     *sc,
             const char  *what,
             GError     **error)
{
  if (sc->p >= sc->end || !g_ascii_isdigit (*sc->p))
    {
      scanner_unexpected (sc, what, error);
      return FALSE;
    }
  while (sc->p < sc->end && g_ascii_isdigit (*sc->p))
    sc->p++;
  return TRUE;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static gboolean
scan_number (Scanner  *sc,
             GError  **error)
{
  const char *start = sc->p;

  if (*sc->p == '-')
    sc->p++;

  if (sc->p < sc->end && *sc->p == '0')
    {
      sc->p++;
      if (sc->p < sc->end && g_ascii_isdigit (*sc->p))
        {
          scanner_error (sc, start, PLENUM_JSON_ERROR_SYNTAX, error,
                         "a number must not start with 0");
          return FALSE;
        }
    }
  else if (!scan_digits (sc, "a digit", error))
    {
      return FALSE;
    }

  if (sc->p < sc->end && *sc->p == '.')
    {
      sc->p++;
      if (!scan_digits (sc, "a digit after the decimal point", error))
        return FALSE;
    }

  if (sc->p < sc->end && (*sc->p == 'e' || *sc->p == 'E'))
    {
      sc->p++;
      if (sc->p < sc->end && (*sc->p == '+' || *sc->p == '-'))
        sc->p++;
      if (!scan_digits (sc, "a digit in the exponent", error))
        return FALSE;
    }

  if (sc->p - start > NUMBER_MAX_CHARS)
    {
      scanner_error (sc, start, PLENUM_JSON_ERROR_RANGE, error,
                     "a number longer than %d characters", NUMBER_MAX_CHARS);
      return FALSE;
    }

  return TRUE;
}

static gboolean
scan_literal (Scanner     *sc,
              const char  *word,
              GError     **error)
{
  gsize len = strlen (word);

  if ((gsize) (sc->end - sc->p) < len || memcmp (sc->p, word, len) != 0)
    {
      scanner_unexpected (sc, "a value", error);
      return FALSE;
    }
  sc->p += len;
  return TRUE;
}

/* The whole document, without recursion: the stack holds one entry per open array or
 * object, and there are never more than PLENUM_JSON_MAX_DEPTH of them. */
static gboolean
scan_document (const char  *data,
               gsize        length,
               GError     **error)
{
  enum { EXPECT_VALUE, EXPECT_KEY, AFTER_VALUE } state = EXPECT_VALUE;
  Scanner sc = { 0, };

  sc.start = data;
  sc.end = data + length;
  sc.p = data;

  scanner_skip_space (&sc);
  if (sc.p == sc.end)
    {
      scanner_error (&sc, sc.p, PLENUM_JSON_ERROR_SYNTAX, error,
                     "empty input, expected a JSON value");
      return FALSE;
    }

  for (;;)
    {
      PathEntry *top;

      scanner_skip_space (&sc);

      switch (state)
        {
        case EXPECT_VALUE:
          if (sc.p >= sc.end)
            {
              scanner_unexpected (&sc, "a value", error);
              return FALSE;
            }

          switch (*sc.p)
            {
            case '{':
            case '[':
              if (sc.depth == PLENUM_JSON_MAX_DEPTH)
                {
                  scanner_error (&sc, sc.p, PLENUM_JSON_ERROR_SYNTAX, error,
                                 "nested deeper than %d levels", PLENUM_JSON_MAX_DEPTH);
                  return FALSE;
                }
              top = &sc.stack[sc.depth++];
              top->is_array = (*sc.p == '[');
              top->index = 0;
              top->key = NULL;
              top->key_len = 0;
              sc.p++;
              scanner_skip_space (&sc);
              if (sc.p < sc.end && *sc.p == (top->is_array ? ']' : '}'))
                {
                  sc.p++;
                  sc.depth--;
                  state = AFTER_VALUE;
                }
              else
                {
                  state = top->is_array ? EXPECT_VALUE : EXPECT_KEY;
                }
              continue;

            case '"':
              if (!scan_string (&sc, error))
                return FALSE;
              break;

            case 't':
              if (!scan_literal (&sc, "true", error))
                return FALSE;
              break;

            case 'f':
              if (!scan_literal (&sc, "false", error))
                return FALSE;
              break;

            case 'n':
              if (!scan_literal (&sc, "null", error))
                return FALSE;
              break;

            case '-':
            case '0': case '1': case '2': case '3': case '4':
            case '5': case '6': case '7': case '8': case '9':
              if (!scan_number (&sc, error))
                return FALSE;
              break;

            default:
              scanner_unexpected (&sc, "a value", error);
              return FALSE;
            }
          state = AFTER_VALUE;
          continue;

        case EXPECT_KEY:
          {
            const char *key_start = sc.p;

            top = &sc.stack[sc.depth - 1];
            top->key = NULL;
            if (sc.p >= sc.end || *sc.p != '"')
              {
                scanner_unexpected (&sc, "a string key", error);
                return FALSE;
              }
            if (!scan_string (&sc, error))
              return FALSE;
            /* The raw (still escaped) key names the member in later messages. */
            top->key = key_start + 1;
            top->key_len = (gsize) (sc.p - key_start - 2);

            scanner_skip_space (&sc);
            if (sc.p >= sc.end || *sc.p != ':')
              {
                scanner_unexpected (&sc, "':'", error);
                return FALSE;
              }
            sc.p++;
            state = EXPECT_VALUE;
            continue;
          }

        case AFTER_VALUE:
          if (sc.depth == 0)
            {
              if (sc.p != sc.end)
                {
                  scanner_error (&sc, sc.p, PLENUM_JSON_ERROR_SYNTAX, error,
                                 "unexpected data after the JSON value");
                  return FALSE;
                }
              return TRUE;
            }

          top = &sc.stack[sc.depth - 1];
          if (sc.p < sc.end && *sc.p == ',')
            {
              sc.p++;
              if (top->is_array)
                {
                  top->index++;
                  state = EXPECT_VALUE;
                }
              else
                {
                  state = EXPECT_KEY;
                }
            }
          else if (sc.p < sc.end && *sc.p == (top->is_array ? ']' : '}'))
            {
              sc.p++;
              sc.depth--;
            }
          else
            {
              scanner_unexpected (&sc, top->is_array ? "',' or ']'" : "',' or '}'", error);
              return FALSE;
            }
          continue;

        default:
          g_assert_not_reached ();
        }
    }
}

/* The tree check ------------------------------------------------------------------------ */

static gboolean
tree_error (PlenumJsonError   code,
            const PathEntry  *stack,
            guint             depth,
            const char       *message,
            GError          **error)
{
  g_autofree char *path = path_to_string (NULL, stack, depth);

  set_error_at (error, code, path, "%s", message);
  return FALSE;
}

static gboolean
check_duplicates (const cJSON  *object,
                  PathEntry    *stack,
                  guint         depth,
                  GError      **error)
{
  g_autoptr(GHashTable) seen = NULL;
  const cJSON *child;
  guint n = 0;

  for (child = object->child; child != NULL; child = child->next)
    n++;

  for (child = object->child; child != NULL; child = child->next)
    {
      gboolean duplicate = FALSE;

      if (n > DUPLICATE_CHECK_HASH_THRESHOLD)
        {
          if (seen == NULL)
            seen = g_hash_table_new (g_str_hash, g_str_equal);
          duplicate = !g_hash_table_add (seen, child->string);
        }
      else
        {
          const cJSON *before;

          for (before = object->child; before != child; before = before->next)
            {
              if (strcmp (before->string, child->string) == 0)
                {
                  duplicate = TRUE;
                  break;
                }
            }
        }

      if (duplicate)
        {
          stack[depth].key = child->string;
          stack[depth].key_len = strlen (child->string);
          return tree_error (PLENUM_JSON_ERROR_DUPLICATE_KEY, stack, depth + 1,
                             "duplicate key", error);
        }
    }

  return TRUE;
}

/* Recursion is bounded: the scanner let no more than PLENUM_JSON_MAX_DEPTH levels in. */
static gboolean
check_tree (const cJSON  *node,
            PathEntry    *stack,
            guint         depth,
            GError      **error)
{
  const cJSON *child;
  guint index = 0;

  if (cJSON_IsNumber (node))
    {
      if (!isfinite (node->valuedouble))
        return tree_error (PLENUM_JSON_ERROR_RANGE, stack, depth,
                           "number out of range", error);
      return TRUE;
    }

  if (cJSON_IsString (node))
    {
      /* The scanner made sure of this; cJSON's decoding is checked, not trusted. */
      if (node->valuestring == NULL || !g_utf8_validate (node->valuestring, -1, NULL))
        return tree_error (PLENUM_JSON_ERROR_ENCODING, stack, depth,
                           "invalid UTF-8", error);
      return TRUE;
    }

  if (!cJSON_IsArray (node) && !cJSON_IsObject (node))
    return TRUE;

  g_assert (depth < PLENUM_JSON_MAX_DEPTH);
  stack[depth].is_array = cJSON_IsArray (node);
  stack[depth].index = 0;
  stack[depth].key = NULL;

  if (cJSON_IsObject (node))
    {
      for (child = node->child; child != NULL; child = child->next)
        {
          if (child->string == NULL || !g_utf8_validate (child->string, -1, NULL))
            return tree_error (PLENUM_JSON_ERROR_ENCODING, stack, depth + 1,
                               "invalid UTF-8 in a key", error);
        }
      if (!check_duplicates (node, stack, depth, error))
        return FALSE;
    }

  for (child = node->child; child != NULL; child = child->next, index++)
    {
      stack[depth].index = index;
      if (child->string != NULL)
        {
          stack[depth].key = child->string;
          stack[depth].key_len = strlen (child->string);
        }
      if (!check_tree (child, stack, depth + 1, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_json_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

cJSON *
plenum_json_parse (const char  *data,
                   gssize       length,
                   GError     **error)
{
  g_autoptr(cJSON) root = NULL;
  PathEntry stack[PLENUM_JSON_MAX_DEPTH];
  const char *parse_end = NULL;
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  plenum_json_init ();

  if (length < 0)
    len = strnlen (data, (gsize) PLENUM_JSON_MAX_SIZE + 1);
  else
    len = (gsize) length;

  if (len > PLENUM_JSON_MAX_SIZE)
    {
      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TOO_LARGE,
                   "the document is larger than %d bytes", PLENUM_JSON_MAX_SIZE);
      return NULL;
    }

  if (!scan_document (data == NULL ? "" : data, len, error))
    return NULL;

  root = cJSON_ParseWithLengthOpts (data, len, &parse_end, FALSE);
  if (root == NULL)
    {
      /* Cannot happen after the scanner; kept so that a cJSON change cannot turn into
       * a crash. */
      g_set_error_literal (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_SYNTAX,
                           "the document could not be parsed");
      return NULL;
    }
  while (parse_end != NULL && parse_end < data + len && is_json_space (*parse_end))
    parse_end++;
  if (parse_end != data + len)
    {
      g_set_error_literal (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_SYNTAX,
                           "unexpected data after the JSON value");
      return NULL;
    }

  if (!check_tree (root, stack, 0, error))
    return NULL;

  return g_steal_pointer (&root);
}

/* Getters ------------------------------------------------------------------------------- */

static const char *
json_type_name (const cJSON *node)
{
  if (cJSON_IsNull (node))
    return "null";
  if (cJSON_IsBool (node))
    return "a boolean";
  if (cJSON_IsNumber (node))
    return "a number";
  if (cJSON_IsString (node))
    return "a string";
  if (cJSON_IsArray (node))
    return "an array";
  if (cJSON_IsObject (node))
    return "an object";
  return "an invalid value";
}

static gboolean
require_object (const cJSON  *object,
                const char   *where,
                GError      **error)
{
  if (cJSON_IsObject (object))
    return TRUE;

  set_error_at (error, PLENUM_JSON_ERROR_TYPE, where, "expected an object, got %s",
                json_type_name (object));
  return FALSE;
}

/* Finds @key. TRUE with *item set: there is a value to check. TRUE with *item NULL: the
 * field is absent (or null where null is allowed); the caller leaves *out alone. */
static gboolean
lookup (const cJSON      *object,
        const char       *where,
        const char       *key,
        PlenumJsonFlags   flags,
        const char       *expected,
        const cJSON     **item,
        GError          **error)
{
  const cJSON *found;
  g_autofree char *path = NULL;

  *item = NULL;

  if (!require_object (object, where, error))
    return FALSE;

  found = cJSON_GetObjectItemCaseSensitive (object, key);

  if (found == NULL)
    {
      if (!(flags & PLENUM_JSON_REQUIRED))
        return TRUE;
      path = plenum_json_path_key (where, key);
      set_error_at (error, PLENUM_JSON_ERROR_MISSING, path, "required field is missing");
      return FALSE;
    }

  if (cJSON_IsNull (found))
    {
      if (flags & PLENUM_JSON_NULLABLE)
        return TRUE;
      path = plenum_json_path_key (where, key);
      if (flags & PLENUM_JSON_REQUIRED)
        set_error_at (error, PLENUM_JSON_ERROR_MISSING, path, "required field is null");
      else
        set_error_at (error, PLENUM_JSON_ERROR_TYPE, path, "expected %s, got null",
                      expected);
      return FALSE;
    }

  *item = found;
  return TRUE;
}

static gboolean
type_error (const char   *where,
            const char   *key,
            const char   *expected,
            const cJSON  *item,
            GError      **error)
{
  g_autofree char *path = plenum_json_path_key (where, key);

  set_error_at (error, PLENUM_JSON_ERROR_TYPE, path, "expected %s, got %s",
                expected, json_type_name (item));
  return FALSE;
}

/* A string member, without the caller's shape checks. */
static gboolean
lookup_string (const cJSON      *object,
               const char       *where,
               const char       *key,
               PlenumJsonFlags   flags,
               const char       *expected,
               const char      **out,
               GError          **error)
{
  const cJSON *item;

  *out = NULL;

  if (!lookup (object, where, key, flags, expected, &item, error))
    return FALSE;
  if (item == NULL)
    return TRUE;

  if (!cJSON_IsString (item) || item->valuestring == NULL)
    return type_error (where, key, expected, item, error);

  /* Trees from plenum_json_parse() are valid already; trees built in code may not be. */
  if (!g_utf8_validate (item->valuestring, -1, NULL))
    {
      g_autofree char *path = plenum_json_path_key (where, key);

      set_error_at (error, PLENUM_JSON_ERROR_ENCODING, path, "invalid UTF-8");
      return FALSE;
    }

  *out = item->valuestring;
  return TRUE;
}

gboolean
plenum_json_get_string (const cJSON      *object,
                        const char       *where,
                        const char       *key,
                        PlenumJsonFlags   flags,
                        const char      **out,
                        GError          **error)
{
  const char *value;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lookup_string (object, where, key, flags, "a string", &value, error))
    return FALSE;
  if (value != NULL)
    *out = value;
  return TRUE;
}

gboolean
plenum_json_get_text (const cJSON      *object,
                      const char       *where,
                      const char       *key,
                      PlenumJsonFlags   flags,
                      guint             max_chars,
                      gboolean          multiline,
                      const char      **out,
                      GError          **error)
{
  g_autofree char *path = NULL;
  const char *value;
  const char *p;
  gboolean only_space = TRUE;
  glong n_chars;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (max_chars > 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lookup_string (object, where, key, flags, "a string", &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  path = plenum_json_path_key (where, key);

  n_chars = g_utf8_strlen (value, -1);
  if (n_chars < 1 || n_chars > (glong) max_chars)
    {
      set_error_at (error, PLENUM_JSON_ERROR_FORMAT, path,
                    "expected 1 to %u characters, got %ld", max_chars, n_chars);
      return FALSE;
    }

  for (p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && !(multiline && (c == '\t' || c == '\n')))
        {
          set_error_at (error, PLENUM_JSON_ERROR_FORMAT, path,
                        "control character U+%04X is not allowed", c);
          return FALSE;
        }
      if (!g_unichar_isspace (c))
        only_space = FALSE;
    }

  if (only_space)
    {
      set_error_at (error, PLENUM_JSON_ERROR_FORMAT, path,
                    "expected text, got only white space");
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
plenum_json_get_bool (const cJSON      *object,
                      const char       *where,
                      const char       *key,
                      PlenumJsonFlags   flags,
                      gboolean         *out,
                      GError          **error)
{
  const cJSON *item;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lookup (object, where, key, flags, "a boolean", &item, error))
    return FALSE;
  if (item == NULL)
    return TRUE;

  if (!cJSON_IsBool (item))
    return type_error (where, key, "a boolean", item, error);

  *out = cJSON_IsTrue (item);
  return TRUE;
}

gboolean
plenum_json_get_int64 (const cJSON      *object,
                       const char       *where,
                       const char       *key,
                       PlenumJsonFlags   flags,
                       gint64            min,
                       gint64            max,
                       gint64           *out,
                       GError          **error)
{
  g_autofree char *path = NULL;
  const cJSON *item;
  double value;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (min <= max, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lookup (object, where, key, flags, "an integer", &item, error))
    return FALSE;
  if (item == NULL)
    return TRUE;

  if (!cJSON_IsNumber (item))
    return type_error (where, key, "an integer", item, error);

  path = plenum_json_path_key (where, key);
  value = item->valuedouble;

  if (!isfinite (value) || value != trunc (value))
    {
      set_error_at (error, PLENUM_JSON_ERROR_RANGE, path, "expected an integer");
      return FALSE;
    }

  /* Compared as doubles first: converting a double beyond gint64 is undefined. */
  if (fabs (value) > (double) PLENUM_JSON_MAX_SAFE_INTEGER ||
      (gint64) value < min || (gint64) value > max)
    {
      set_error_at (error, PLENUM_JSON_ERROR_RANGE, path,
                    "expected an integer from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                    MAX (min, -PLENUM_JSON_MAX_SAFE_INTEGER),
                    MIN (max, PLENUM_JSON_MAX_SAFE_INTEGER));
      return FALSE;
    }

  *out = (gint64) value;
  return TRUE;
}

gboolean
plenum_json_get_uuid (const cJSON      *object,
                      const char       *where,
                      const char       *key,
                      PlenumJsonFlags   flags,
                      const char      **out,
                      GError          **error)
{
  const char *value;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lookup_string (object, where, key, flags, "a UUID string", &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  if (!plenum_is_uuid (value))
    {
      g_autofree char *path = plenum_json_path_key (where, key);

      set_error_at (error, PLENUM_JSON_ERROR_FORMAT, path,
                    "expected a lowercase UUID (8-4-4-4-12 hexadecimal digits)");
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
plenum_json_get_sha256 (const cJSON      *object,
                        const char       *where,
                        const char       *key,
                        PlenumJsonFlags   flags,
                        const char      **out,
                        GError          **error)
{
  const char *value;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lookup_string (object, where, key, flags, "a SHA-256 string", &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  if (!plenum_is_sha256_hex (value))
    {
      g_autofree char *path = plenum_json_path_key (where, key);

      set_error_at (error, PLENUM_JSON_ERROR_FORMAT, path,
                    "expected 64 lowercase hexadecimal digits");
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
plenum_json_get_time (const cJSON      *object,
                      const char       *where,
                      const char       *key,
                      PlenumJsonFlags   flags,
                      GDateTime       **out,
                      GError          **error)
{
  g_autoptr(GDateTime) time = NULL;
  const char *value;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lookup_string (object, where, key, flags, "a time string", &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  time = plenum_time_parse (value);
  if (time == NULL)
    {
      g_autofree char *path = plenum_json_path_key (where, key);

      set_error_at (error, PLENUM_JSON_ERROR_FORMAT, path,
                    "expected an RFC 3339 time such as 2026-12-01T08:00:00Z");
      return FALSE;
    }

  *out = g_steal_pointer (&time);
  return TRUE;
}

gboolean
plenum_json_get_array (const cJSON      *object,
                       const char       *where,
                       const char       *key,
                       PlenumJsonFlags   flags,
                       guint             max_items,
                       const cJSON     **out,
                       GError          **error)
{
  const cJSON *item;
  const cJSON *child;
  guint n = 0;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lookup (object, where, key, flags, "an array", &item, error))
    return FALSE;
  if (item == NULL)
    return TRUE;

  if (!cJSON_IsArray (item))
    return type_error (where, key, "an array", item, error);

  for (child = item->child; child != NULL; child = child->next)
    {
      if (++n > max_items)
        {
          g_autofree char *path = plenum_json_path_key (where, key);

          set_error_at (error, PLENUM_JSON_ERROR_TOO_LARGE, path,
                        "more than %u items", max_items);
          return FALSE;
        }
    }

  *out = item;
  return TRUE;
}

gboolean
plenum_json_get_object (const cJSON      *object,
                        const char       *where,
                        const char       *key,
                        PlenumJsonFlags   flags,
                        const cJSON     **out,
                        GError          **error)
{
  const cJSON *item;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lookup (object, where, key, flags, "an object", &item, error))
    return FALSE;
  if (item == NULL)
    return TRUE;

  if (!cJSON_IsObject (item))
    return type_error (where, key, "an object", item, error);

  *out = item;
  return TRUE;
}

gboolean
plenum_json_check_object (const cJSON         *node,
                          const char          *where,
                          const char * const  *known,
                          GError             **error)
{
  const cJSON *child;

  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (known != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!require_object (node, where, error))
    return FALSE;

  for (child = node->child; child != NULL; child = child->next)
    {
      g_autofree char *path = NULL;

      if (child->string != NULL && g_strv_contains (known, child->string))
        continue;

      path = input_key_path (where, child->string != NULL ? child->string : "");
      set_error_at (error, PLENUM_JSON_ERROR_UNKNOWN_KEY, path, "unknown field");
      return FALSE;
    }

  return TRUE;
}

/* Shapes ---------------------------------------------------------------------------------- */

static gboolean
is_lower_hex (char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

gboolean
plenum_is_uuid (const char *s)
{
  guint i;

  if (s == NULL)
    return FALSE;

  for (i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (s[i] != '-')
            return FALSE;
        }
      else if (!is_lower_hex (s[i]))
        {
          return FALSE;
        }
    }

  return s[36] == '\0';
}

gboolean
plenum_is_sha256_hex (const char *s)
{
  guint i;

  if (s == NULL)
    return FALSE;

  for (i = 0; i < 64; i++)
    {
      if (!is_lower_hex (s[i]))
        return FALSE;
    }

  return s[64] == '\0';
}

gboolean
plenum_is_sign_in_name (const char *s)
{
  gsize length;

  if (s == NULL)
    return FALSE;

  length = strlen (s);
  if (length == 0 || length > PLENUM_SIGN_IN_NAME_MAX_CHARS)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      char c = s[i];

      if (!(g_ascii_islower (c) || g_ascii_isdigit (c) || c == '.' || c == '-' || c == '_'))
        return FALSE;
    }
  return g_ascii_isalnum (s[0]) && g_ascii_isalnum (s[length - 1]);
}

gboolean
plenum_is_pin (const char *s)
{
  gsize length;

  if (s == NULL)
    return FALSE;

  length = strlen (s);
  if (length < 4 || length > 12)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

void
plenum_secret_free (gpointer secret)
{
  char *text = secret;

  if (text == NULL)
    return;
  explicit_bzero (text, strlen (text));
  g_free (text);
}

char *
plenum_uuid_new (void)
{
  /* g_uuid_string_random() writes lowercase hex; the check keeps it that way. */
  char *uuid = g_uuid_string_random ();

  g_assert (plenum_is_uuid (uuid));
  return uuid;
}

/* Times --------------------------------------------------------------------------------- */

static gboolean
parse_digits (const char **p,
              guint        n,
              int         *out)
{
  int value = 0;
  guint i;

  for (i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + ((*p)[i] - '0');
    }

  *p += n;
  *out = value;
  return TRUE;
}

static gboolean
parse_char (const char **p,
            char         c)
{
  if (**p != c)
    return FALSE;
  (*p)++;
  return TRUE;
}

GDateTime *
plenum_time_parse (const char *text)
{
  g_autoptr(GDateTime) time = NULL;
  const char *p = text;
  int year, month, day, hour, minute, second;
  int offset_minutes = 0;
  GTimeSpan microseconds = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (!parse_digits (&p, 4, &year) || !parse_char (&p, '-') ||
      !parse_digits (&p, 2, &month) || !parse_char (&p, '-') ||
      !parse_digits (&p, 2, &day))
    return NULL;

  if (*p != 'T' && *p != 't')
    return NULL;
  p++;

  if (!parse_digits (&p, 2, &hour) || !parse_char (&p, ':') ||
      !parse_digits (&p, 2, &minute) || !parse_char (&p, ':') ||
      !parse_digits (&p, 2, &second))
    return NULL;

  if (*p == '.')
    {
      GTimeSpan scale = G_TIME_SPAN_SECOND / 10;

      p++;
      if (!g_ascii_isdigit (*p))
        return NULL;
      for (; g_ascii_isdigit (*p); p++)
        {
          microseconds += (*p - '0') * scale;
          scale /= 10;
        }
    }

  if (*p == 'Z' || *p == 'z')
    {
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      int sign = (*p == '-') ? -1 : 1;
      int offset_hours, offset_mins;

      p++;
      if (!parse_digits (&p, 2, &offset_hours) || !parse_char (&p, ':') ||
          !parse_digits (&p, 2, &offset_mins))
        return NULL;
      if (offset_hours > 23 || offset_mins > 59)
        return NULL;
      offset_minutes = sign * (offset_hours * 60 + offset_mins);
    }
  else
    {
      return NULL;
    }

  if (*p != '\0')
    return NULL;

  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      day > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year) ||
      hour > 23 || minute > 59 || second > 59)
    return NULL;

  time = g_date_time_new_utc (year, month, day, hour, minute, second);
  if (time == NULL)
    return NULL;

  /* The text is local time at the offset: UTC is that minus the offset. Either step may
   * leave GDateTime's range (years 1 to 9999), which gives NULL. */
  if (microseconds != 0 || offset_minutes != 0)
    {
      g_autoptr(GDateTime) utc = NULL;

      utc = g_date_time_add (time, microseconds - (GTimeSpan) offset_minutes * G_TIME_SPAN_MINUTE);
      return g_steal_pointer (&utc);
    }

  return g_steal_pointer (&time);
}

char *
plenum_time_format (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (utc),
                          g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc),
                          g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc),
                          g_date_time_get_second (utc));
}

/* Writing -------------------------------------------------------------------------------- */

static gboolean
can_add (cJSON      *object,
         const char *key)
{
  g_return_val_if_fail (cJSON_IsObject (object), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  plenum_json_init ();

  if (cJSON_GetObjectItemCaseSensitive (object, key) != NULL)
    {
      g_critical ("JSON object already has the key “%s”", key);
      return FALSE;
    }
  return TRUE;
}

void
plenum_json_add_string (cJSON      *object,
                        const char *key,
                        const char *value)
{
  if (!can_add (object, key))
    return;

  if (value == NULL)
    cJSON_AddNullToObject (object, key);
  else
    cJSON_AddStringToObject (object, key, value);
}

void
plenum_json_add_time (cJSON      *object,
                      const char *key,
                      GDateTime  *value)
{
  g_autofree char *text = NULL;

  if (!can_add (object, key))
    return;

  if (value == NULL)
    {
      cJSON_AddNullToObject (object, key);
      return;
    }

  text = plenum_time_format (value);
  cJSON_AddStringToObject (object, key, text);
}

void
plenum_json_add_int64 (cJSON      *object,
                       const char *key,
                       gint64      value)
{
  if (!can_add (object, key))
    return;

  if (value > PLENUM_JSON_MAX_SAFE_INTEGER || value < -PLENUM_JSON_MAX_SAFE_INTEGER)
    g_critical ("%" G_GINT64_FORMAT " for “%s” is beyond what JSON carries exactly",
                value, key);

  cJSON_AddNumberToObject (object, key, (double) value);
}

void
plenum_json_add_bool (cJSON      *object,
                      const char *key,
                      gboolean    value)
{
  if (!can_add (object, key))
    return;

  cJSON_AddBoolToObject (object, key, value);
}

static void
print_string (GString    *out,
              const char *value)
{
  g_autofree char *valid = NULL;
  const char *p;

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_critical ("printing a JSON string that is not valid UTF-8");
      valid = g_utf8_make_valid (value, -1);
      value = valid;
    }

  g_string_append_c (out, '"');
  for (p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

static void
print_number (GString *out,
              double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  int precision;

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }

  /* Whole numbers in gint64's range print exactly as integers. 2^63 itself is a double
   * but not a gint64, hence the strict comparison. */
  if (value == trunc (value) && fabs (value) < 9223372036854775808.0)
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) value);
      return;
    }

  /* The fewest significant digits that read back as the same double; g_ascii_formatd
   * ignores the locale's decimal comma. */
  for (precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  g_string_append (out, buffer);
}

static void
print_node (GString     *out,
            const cJSON *node)
{
  const cJSON *child;

  switch (node->type & 0xFF)
    {
    case cJSON_False:
      g_string_append (out, "false");
      break;
    case cJSON_True:
      g_string_append (out, "true");
      break;
    case cJSON_NULL:
      g_string_append (out, "null");
      break;
    case cJSON_Number:
      print_number (out, node->valuedouble);
      break;
    case cJSON_String:
      print_string (out, node->valuestring != NULL ? node->valuestring : "");
      break;
    case cJSON_Raw:
      g_string_append (out, node->valuestring != NULL ? node->valuestring : "null");
      break;
    case cJSON_Array:
      g_string_append_c (out, '[');
      for (child = node->child; child != NULL; child = child->next)
        {
          if (child != node->child)
            g_string_append_c (out, ',');
          print_node (out, child);
        }
      g_string_append_c (out, ']');
      break;
    case cJSON_Object:
      g_string_append_c (out, '{');
      for (child = node->child; child != NULL; child = child->next)
        {
          if (child != node->child)
            g_string_append_c (out, ',');
          print_string (out, child->string != NULL ? child->string : "");
          g_string_append_c (out, ':');
          print_node (out, child);
        }
      g_string_append_c (out, '}');
      break;
    default:
      g_critical ("printing an invalid cJSON node (type %d)", node->type);
      g_string_append (out, "null");
      break;
    }
}

char *
plenum_json_print (const cJSON *node)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_new (NULL);
  print_node (out, node);
  return g_string_free (out, FALSE);
}
