/* plenum-json.h — the strict JSON reading layer over cJSON.
 *
 * cJSON 1.7.15 is lenient (invalid UTF-8, duplicate keys, "\u0000", case-insensitive
 * look-ups, every number a double). Everything the server or the client reads from the
 * outside goes through plenum_json_parse() and the typed getters below, which reject
 * what a strict reader must reject and name the offending field in the GError.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <cjson/cJSON.h>

#include "plenum-limits.h"

G_BEGIN_DECLS

#define PLENUM_JSON_ERROR (plenum_json_error_quark ())

typedef enum {
  PLENUM_JSON_ERROR_SYNTAX,        /* not JSON at all, trailing garbage, too deep */
  PLENUM_JSON_ERROR_ENCODING,      /* invalid UTF-8, or "\u0000" in a string */
  PLENUM_JSON_ERROR_DUPLICATE_KEY, /* the same key twice in one object */
  PLENUM_JSON_ERROR_UNKNOWN_KEY,   /* a key the reader does not know */
  PLENUM_JSON_ERROR_MISSING,       /* a required field is absent (or null) */
  PLENUM_JSON_ERROR_TYPE,          /* a field has the wrong JSON type */
  PLENUM_JSON_ERROR_RANGE,         /* a number out of range, or not an integer */
  PLENUM_JSON_ERROR_FORMAT,        /* a string of the wrong shape: uuid, sha256, time, … */
  PLENUM_JSON_ERROR_TOO_LARGE,     /* over the size limit */
} PlenumJsonError;

/* How a getter treats an absent key and a JSON null:
 *
 *   flags                 absent          null
 *   OPTIONAL              TRUE, untouched TYPE error
 *   NULLABLE              TRUE, untouched TRUE, untouched
 *   REQUIRED              MISSING error   MISSING error
 *   REQUIRED | NULLABLE   MISSING error   TRUE, untouched (the key must be there; null is
 *                                         its "none", as in "vice_chair_id": null)
 */
typedef enum {
  PLENUM_JSON_OPTIONAL = 0,
  PLENUM_JSON_REQUIRED = 1 << 0, /* absent → PLENUM_JSON_ERROR_MISSING */
  PLENUM_JSON_NULLABLE = 1 << 1, /* JSON null is accepted and reads as "absent" */
} PlenumJsonFlags;

/* The largest document plenum_json_parse() accepts, and the deepest nesting. */
#define PLENUM_JSON_MAX_SIZE  (16 * 1024 * 1024)
#define PLENUM_JSON_MAX_DEPTH 64

GQuark    plenum_json_error_quark   (void);

/* Makes cJSON allocate with GLib's allocator (g_malloc aborts when memory runs out, so a
 * NULL from cJSON can only mean bad input). Idempotent and thread-safe; every plenum_json_*
 * function and every model's to_json calls it, so a program only needs to call it first
 * thing in main() if it uses cJSON directly before any of them. Mixing is harmless either
 * way: g_malloc() is the system malloc() since GLib 2.46. */
void      plenum_json_init          (void);

/* Parses @data (@length bytes, or NUL-terminated when @length is -1). Rejects invalid
 * UTF-8 anywhere in the input (overlong forms, UTF-16 surrogates, truncated sequences),
 * "\u0000" escapes, unpaired surrogate escapes ("\ud800"), raw control characters in
 * strings, duplicate keys in any object, trailing bytes after the value, a byte order
 * mark, anything RFC 8259 does not allow (leading zeros, "1.", "+1", NaN, comments,
 * trailing commas, single quotes), numbers that overflow a double, nesting over
 * PLENUM_JSON_MAX_DEPTH (arrays and objects; 64 nested is fine, 65 is not) and input
 * over PLENUM_JSON_MAX_SIZE. Error messages give the field path and the line and column.
 * Returns a tree to free with cJSON_Delete(), or NULL with @error set. The top-level
 * value may be of any type; callers check it. Every string in the tree is valid UTF-8
 * without NUL. */
cJSON    *plenum_json_parse         (const char  *data,
                                     gssize       length,
                                     GError     **error);

/* Where a field sits, for error messages: plenum_json_path_index ("agenda", 2) → "agenda[2]";
 * plenum_json_path_key ("meeting", "title") → "meeting.title"; a NULL or empty parent
 * gives just the key. Free with g_free(). */
char     *plenum_json_path_index    (const char  *parent,
                                     guint        index);
char     *plenum_json_path_key      (const char  *parent,
                                     const char  *key);

/* @node must be an object (else PLENUM_JSON_ERROR_TYPE); its keys must all be in @known
 * (NULL-terminated; else PLENUM_JSON_ERROR_UNKNOWN_KEY naming "where.key").
 * @where names the object in error messages ("" or NULL for the top level). */
gboolean  plenum_json_check_object  (const cJSON        *node,
                                     const char         *where,
                                     const char * const *known,
                                     GError            **error);

/* Typed getters on an object. Keys are compared case-sensitively ("Title" is not
 * "title"). Each returns FALSE with @error set (naming "where.key") when the field is of
 * the wrong type or shape, or absent and PLENUM_JSON_REQUIRED (see PlenumJsonFlags for
 * null). An absent optional field returns TRUE and leaves *out untouched, so callers set
 * the default first. Strings returned point into @object. */
gboolean  plenum_json_get_string    (const cJSON     *object,
                                     const char      *where,
                                     const char      *key,
                                     PlenumJsonFlags  flags,
                                     const char     **out,
                                     GError         **error);
/* A string of 1 to @max_chars characters (not bytes) that is not only white space and
 * holds no control characters (Unicode category Cc: U+0000–U+001F, U+007F–U+009F; tab
 * and newline are allowed when @multiline). Anything else is text, "../" included. */
gboolean  plenum_json_get_text      (const cJSON     *object,
                                     const char      *where,
                                     const char      *key,
                                     PlenumJsonFlags  flags,
                                     guint            max_chars,
                                     gboolean         multiline,
                                     const char     **out,
                                     GError         **error);
gboolean  plenum_json_get_bool      (const cJSON     *object,
                                     const char      *where,
                                     const char      *key,
                                     PlenumJsonFlags  flags,
                                     gboolean        *out,
                                     GError         **error);
/* An integer in [@min, @max]; 1.5, 1e300 and values beyond ±(2^53 - 1) are refused
 * (PLENUM_JSON_ERROR_RANGE), whatever @min and @max say. A number is read by its value:
 * 1.0 and 1e2 are the integers 1 and 100. */
gboolean  plenum_json_get_int64     (const cJSON     *object,
                                     const char      *where,
                                     const char      *key,
                                     PlenumJsonFlags  flags,
                                     gint64           min,
                                     gint64           max,
                                     gint64          *out,
                                     GError         **error);
/* A lowercase UUID string, 8-4-4-4-12 hex digits. */
gboolean  plenum_json_get_uuid      (const cJSON     *object,
                                     const char      *where,
                                     const char      *key,
                                     PlenumJsonFlags  flags,
                                     const char     **out,
                                     GError         **error);
/* 64 lowercase hexadecimal digits. */
gboolean  plenum_json_get_sha256    (const cJSON     *object,
                                     const char      *where,
                                     const char      *key,
                                     PlenumJsonFlags  flags,
                                     const char     **out,
                                     GError         **error);
/* An RFC 3339 time; returned in UTC. *out is a new reference. */
gboolean  plenum_json_get_time      (const cJSON     *object,
                                     const char      *where,
                                     const char      *key,
                                     PlenumJsonFlags  flags,
                                     GDateTime      **out,
                                     GError         **error);
/* An array member of at most @max_items elements (more: PLENUM_JSON_ERROR_TOO_LARGE);
 * *out points into @object. */
gboolean  plenum_json_get_array     (const cJSON     *object,
                                     const char      *where,
                                     const char      *key,
                                     PlenumJsonFlags  flags,
                                     guint            max_items,
                                     const cJSON    **out,
                                     GError         **error);
/* An object member; *out points into @object. */
gboolean  plenum_json_get_object    (const cJSON     *object,
                                     const char      *where,
                                     const char      *key,
                                     PlenumJsonFlags  flags,
                                     const cJSON    **out,
                                     GError         **error);

/* Shapes, usable on their own. */
gboolean  plenum_is_uuid            (const char *s);
gboolean  plenum_is_sha256_hex      (const char *s);
/* An account's sign-in name: 1 to PLENUM_SIGN_IN_NAME_MAX_CHARS lowercase ASCII letters
 * and digits, with '.', '-' and '_' between them (typed on a touch keyboard). */
gboolean  plenum_is_sign_in_name    (const char *s);
/* A PIN: 4 to 12 ASCII digits. */
gboolean  plenum_is_pin             (const char *s);
/* Overwrites a secret string (a PIN, a token) with zeros, then frees it. NULL is fine. */
void      plenum_secret_free        (gpointer    secret);
/* A new random (version 4) UUID, lowercase (g_uuid_string_random()). */
char     *plenum_uuid_new           (void);

/* Times. plenum_time_format() writes RFC 3339 in UTC with a 'Z' and whole seconds,
 * "2026-12-01T08:00:00Z" (fractions of a second are dropped). plenum_time_parse() reads
 * any RFC 3339 date-time: "T" or "t", fractions of a second (kept to the microsecond),
 * "Z", "z" or an offset such as "+07:00" (converted to UTC); years 0001–9999, no leap
 * second (:60), no space for "T". Returns a new UTC GDateTime, or NULL. */
char     *plenum_time_format        (GDateTime  *time);
GDateTime *plenum_time_parse        (const char *text);

/* Writing: helpers that add a member and never fail (cJSON allocation failure aborts
 * through GLib's allocator). A NULL string or time adds JSON null. Adding a key the object
 * already has is a programmer error (g_critical; nothing is added), since the result
 * would be a document plenum_json_parse() refuses. Integers beyond ±(2^53 - 1) are a
 * programmer error too (g_critical; added anyway, but readers refuse them). */
void      plenum_json_add_string    (cJSON       *object,
                                     const char  *key,
                                     const char  *value);
void      plenum_json_add_time      (cJSON       *object,
                                     const char  *key,
                                     GDateTime   *value);
void      plenum_json_add_int64     (cJSON       *object,
                                     const char  *key,
                                     gint64       value);
void      plenum_json_add_bool      (cJSON       *object,
                                     const char  *key,
                                     gboolean     value);
/* Compact output, as a g_malloc'd string. Use it rather than cJSON_Print*(): cJSON
 * 1.7.15 prints some integers with 15 significant digits (2^53 comes out as
 * 9.00719925474099e+15, which reads back as a different number). This printer writes
 * integral numbers as integers, other numbers with the fewest digits that read back
 * exactly, and non-finite numbers as null; strings stay UTF-8 with only what JSON
 * requires escaped. */
char     *plenum_json_print         (const cJSON *node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cJSON, cJSON_Delete)

G_END_DECLS
