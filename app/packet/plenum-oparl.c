/* plenum-oparl.c — an OParl 1.1 Meeting and the files beside it, read as a packet folder.
 *
 * The mapping (docs: `plenumctl import-oparl`):
 *   Meeting.name → title; start → starts_at; location → location (a Location object's
 *   description, else its room, street address and locality; a URL cannot be followed,
 *   so it gives none, with a warning); cancelled or deleted → refused.
 *   invitation, auxiliaryFile[], resultsProtocol, verbatimProtocol → the documents of a
 *   first item "0" (the meeting's own files), when there are any.
 *   agendaItem[] → the items, ordered by `order` when every item has one (else as
 *   listed); number (else its position, "1", "2", …), name → title, public false →
 *   closed_session (and its documents confidential); resolutionFile and auxiliaryFile[]
 *   → its documents.
 *   File: fileName names the PDF beside the JSON file (the packet folder's rules for a
 *   name); name (else fileName) → the document's title; mimeType must be
 *   application/pdf; sha512Checksum, sha1Checksum and size, when given, must match.
 * Every other field, and every extension field, is ignored: OParl is an open standard
 * that systems extend. The fields used are checked strictly, and a message names the
 * field's path in the Meeting.
 *
 * The result goes through the packet folder reader itself: the meeting is written out
 * as the packet.json it amounts to and parsed by plenum_packet_folder_parse(), and each
 * PDF is checked by plenum_packet_check_pdf_file(). So both formats meet the same rules.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-packet"

#include "plenum-oparl.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/plenum-json.h"
#include "core/plenum-limits.h"

/* How much of a value from the input an error message quotes. */
#define MESSAGE_VALUE_MAX_CHARS 80

#define SHA512_HEX_LEN 128
#define SHA1_HEX_LEN   40

#define DEFAULT_MEETING_ITEM_TITLE "Documents of the meeting"

G_DEFINE_QUARK (plenum-oparl-error-quark, plenum_oparl_error)

/* RFC 4122, appendix C: the namespace of names that are URLs. */
static const guint8 url_namespace[16] = {
  0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
  0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
};

typedef struct {
  char        *where;      /* its path in the Meeting, for messages */
  const char  *file_name;  /* these point into the parsed tree */
  const char  *title;
  const char  *sha512;     /* as given (either case), or NULL */
  const char  *sha1;
  const char  *url;        /* accessUrl or downloadUrl, for the message when the file
                            * is not there */
  gint64       size;       /* -1 when not given */
  gboolean     confidential;
} OparlFile;

typedef struct {
  char        *where;
  char        *number;     /* given, or made from the position */
  const char  *number_given;
  const char  *title;
  gboolean     closed_session;
  gboolean     has_order;
  gint64       order;
  guint        index;      /* in agendaItem[] */
  GPtrArray   *files;      /* of OparlFile */
} OparlItem;

typedef struct {
  const char               *name;     /* the JSON file's name, for messages */
  const PlenumOparlOptions *options;
  GPtrArray                *warnings; /* may be NULL */
  cJSON                    *root;     /* the parsed Meeting; the strings below point
                                       * into it */
  const char               *oparl_id;
  const char               *title;
  GDateTime                *starts_at;
  char                     *location;
  GPtrArray                *items;    /* of OparlItem, in the order to publish */
} Reader;

/* What check_pdf() and the checksums found out about one file. */
typedef struct {
  char     sha256[65];
  char    *sha512;     /* lowercase hex */
  char    *sha1;
  guint64  size;
  int      pages;
} FileFacts;

/* ---- Freeing ------------------------------------------------------------------------ */

static void
oparl_file_free (gpointer data)
{
  OparlFile *file = data;

  g_free (file->where);
  g_free (file);
}

static void
oparl_item_free (gpointer data)
{
  OparlItem *item = data;

  g_free (item->where);
  g_free (item->number);
  g_clear_pointer (&item->files, g_ptr_array_unref);
  g_free (item);
}

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->root, cJSON_Delete);
  g_clear_pointer (&reader->starts_at, g_date_time_unref);
  g_clear_pointer (&reader->location, g_free);
  g_clear_pointer (&reader->items, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reader, reader_clear)

static void
file_facts_free (FileFacts *facts)
{
  g_free (facts->sha512);
  g_free (facts->sha1);
  g_free (facts);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FileFacts, file_facts_free)

/* ---- Messages ----------------------------------------------------------------------- */

/* A value from the input as a message may quote it: control characters shown as U+FFFD,
 * long values cut short. */
static char *
quote (const char *value)
{
  GString *out = g_string_new ("“");
  guint n = 0;

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == MESSAGE_VALUE_MAX_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, g_unichar_iscntrl (c) ? 0xFFFD : c);
    }
  g_string_append (out, "”");
  return g_string_free (out, FALSE);
}

static void
set_error (const Reader  *reader,
           GError       **error,
           GQuark         domain,
           int            code,
           const char    *format,
           ...) G_GNUC_PRINTF (5, 6);

/* "meeting.json: " + the message. */
static void
set_error (const Reader  *reader,
           GError       **error,
           GQuark         domain,
           int            code,
           const char    *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, domain, code, "%s: %s", reader->name, message);
}

static void
warn (const Reader *reader,
      const char   *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
warn (const Reader *reader,
      const char   *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (reader->warnings == NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (reader->warnings, g_strdup_printf ("%s: %s", reader->name, message));
}

/* ---- The Meeting ---------------------------------------------------------------------- */

/* An optional "type" must be @expected: a Paper or a Person where a File belongs is a
 * mistake in the export, not something to guess around. */
static gboolean
check_type (const Reader  *reader,
            const cJSON   *node,
            const char    *where,
            const char    *expected,
            gboolean       required,
            GError       **error)
{
  const char *type = NULL;

  if (!plenum_json_get_string (node, where, "type",
                               required ? PLENUM_JSON_REQUIRED : PLENUM_JSON_OPTIONAL,
                               &type, error))
    return FALSE;
  if (type != NULL && !g_str_equal (type, expected))
    {
      g_autofree char *path = plenum_json_path_key (where, "type");
      g_autofree char *quoted = quote (type);

      set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_MALFORMED,
                 "%s: %s is not the OParl 1.1 type expected here (%s)", path, quoted,
                 expected);
      return FALSE;
    }
  return TRUE;
}

/* Lowercase hex of @length digits (either case is accepted: OParl does not say). */
static gboolean
get_hex (const Reader  *reader,
         const cJSON   *node,
         const char    *where,
         const char    *key,
         gsize          length,
         const char   **out,
         GError       **error)
{
  const char *value = NULL;
  gsize n = 0;

  if (!plenum_json_get_string (node, where, key, PLENUM_JSON_OPTIONAL, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  for (; value[n] != '\0' && g_ascii_isxdigit (value[n]); n++)
    ;
  if (value[n] != '\0' || n != length)
    {
      g_autofree char *path = plenum_json_path_key (where, key);

      set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_MALFORMED,
                 "%s: expected %" G_GSIZE_FORMAT " hexadecimal digits", path, length);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

/* Reads the File object @node (at @where) into @files; a deleted File, or a non-PDF one
 * under skip_non_pdf, is left out with a warning. */
static gboolean
read_file_object (Reader       *reader,
                  const cJSON  *node,
                  const char   *where,
                  gboolean      confidential,
                  GPtrArray    *files,
                  GError      **error)
{
  OparlFile *file;
  const char *file_name = NULL;
  const char *title = NULL;
  const char *mime_type = NULL;
  const char *access_url = NULL;
  const char *download_url = NULL;
  const char *sha512 = NULL;
  const char *sha1 = NULL;
  const char *problem;
  gboolean deleted = FALSE;
  gint64 size = -1;

  if (cJSON_IsString (node))
    {
      g_autofree char *quoted = quote (node->valuestring);

      set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_REMOTE_FILE,
                 "%s: is a URL (%s), not a File object, and this command does not "
                 "download; export the meeting with its File objects embedded", where,
                 quoted);
      return FALSE;
    }
  if (!cJSON_IsObject (node))
    {
      set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_MALFORMED,
                 "%s: expected a File object", where);
      return FALSE;
    }
  if (!check_type (reader, node, where, PLENUM_OPARL_FILE_TYPE, FALSE, error) ||
      !plenum_json_get_bool (node, where, "deleted", PLENUM_JSON_OPTIONAL, &deleted, error))
    return FALSE;
  if (deleted)
    {
      warn (reader, "%s: left out: the File is deleted", where);
      return TRUE;
    }

  if (!plenum_json_get_string (node, where, "accessUrl", PLENUM_JSON_OPTIONAL, &access_url,
                               error) ||
      !plenum_json_get_string (node, where, "downloadUrl", PLENUM_JSON_OPTIONAL,
                               &download_url, error) ||
      !plenum_json_get_string (node, where, "mimeType", PLENUM_JSON_OPTIONAL, &mime_type,
                               error) ||
      !plenum_json_get_string (node, where, "fileName", PLENUM_JSON_OPTIONAL, &file_name,
                               error) ||
      !plenum_json_get_text (node, where, "name", PLENUM_JSON_OPTIONAL,
                             PLENUM_TITLE_MAX_CHARS, FALSE, &title, error) ||
      !get_hex (reader, node, where, "sha512Checksum", SHA512_HEX_LEN, &sha512, error) ||
      !get_hex (reader, node, where, "sha1Checksum", SHA1_HEX_LEN, &sha1, error) ||
      !plenum_json_get_int64 (node, where, "size", PLENUM_JSON_OPTIONAL, 0,
                              (gint64) PLENUM_PACKET_MAX_FILE_SIZE, &size, error))
    return FALSE;

  if (file_name == NULL)
    {
      const char *url = access_url != NULL ? access_url : download_url;

      if (url != NULL)
        {
          g_autofree char *quoted = quote (url);

          set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_REMOTE_FILE,
                     "%s: the File has no fileName, only a URL (%s), and this command "
                     "does not download; save the PDF beside %s and give its name as "
                     "fileName", where, quoted, reader->name);
        }
      else
        set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_MALFORMED,
                   "%s.fileName: missing; it names the PDF beside %s", where,
                   reader->name);
      return FALSE;
    }
  problem = plenum_packet_file_name_problem (file_name);
  if (problem != NULL)
    {
      g_autofree char *quoted = quote (file_name);

      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_BAD_FILE_NAME,
                   "%s: %s.fileName: %s is not a plain file name beside %s (%s)",
                   reader->name, where, quoted, reader->name, problem);
      return FALSE;
    }

  if (mime_type != NULL)
    {
      /* "application/pdf; charset=binary" and "Application/PDF" are PDF too. */
      g_autofree char *essence = g_strstrip (g_strndup (mime_type, strcspn (mime_type, ";")));

      if (g_ascii_strcasecmp (essence, "application/pdf") != 0)
        {
          g_autofree char *quoted = quote (file_name);
          g_autofree char *quoted_type = quote (mime_type);

          if (reader->options->skip_non_pdf)
            {
              warn (reader, "%s: left out: %s is %s, not a PDF", where, quoted, quoted_type);
              return TRUE;
            }
          set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_NOT_PDF,
                     "%s.mimeType: %s is %s; Plenum publishes only PDFs (convert it, or "
                     "leave such files out with --skip-non-pdf)", where, quoted,
                     quoted_type);
          return FALSE;
        }
    }

  file = g_new0 (OparlFile, 1);
  file->where = g_strdup (where);
  file->file_name = file_name;
  file->title = title != NULL ? title : file_name;
  file->sha512 = sha512;
  file->sha1 = sha1;
  file->url = access_url != NULL ? access_url : download_url;
  file->size = size;
  file->confidential = confidential;
  g_ptr_array_add (files, file);
  return TRUE;
}

/* A member that is one File object, if present. */
static gboolean
read_file_member (Reader       *reader,
                  const cJSON  *object,
                  const char   *where,
                  const char   *key,
                  gboolean      confidential,
                  GPtrArray    *files,
                  GError      **error)
{
  const cJSON *node = cJSON_GetObjectItemCaseSensitive (object, key);
  g_autofree char *path = NULL;

  if (node == NULL || cJSON_IsNull (node))
    return TRUE;
  path = plenum_json_path_key (where, key);
  return read_file_object (reader, node, path, confidential, files, error);
}

/* A member that is an array of File objects, if present. */
static gboolean
read_file_array (Reader       *reader,
                 const cJSON  *object,
                 const char   *where,
                 const char   *key,
                 gboolean      confidential,
                 GPtrArray    *files,
                 GError      **error)
{
  const cJSON *array = NULL;
  const cJSON *child;
  g_autofree char *path = plenum_json_path_key (where, key);
  guint index = 0;

  if (!plenum_json_get_array (object, where, key, PLENUM_JSON_NULLABLE,
                              PLENUM_MAX_ARRAY_ITEMS, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;
  for (child = array->child; child != NULL; child = child->next, index++)
    {
      g_autofree char *child_where = plenum_json_path_index (path, index);

      if (!read_file_object (reader, child, child_where, confidential, files, error))
        return FALSE;
    }
  return TRUE;
}

/* A Location object's description, else its parts joined ("Room 2, Main Street 1,
 * 10115 Berlin"); a URL cannot be followed (a warning, no location). */
static gboolean
read_location (Reader       *reader,
               const cJSON  *meeting,
               GError      **error)
{
  const cJSON *node = cJSON_GetObjectItemCaseSensitive (meeting, "location");
  const char *description = NULL;
  const char *room = NULL;
  const char *street = NULL;
  const char *postal_code = NULL;
  const char *locality = NULL;
  g_autoptr(GString) text = NULL;

  if (node == NULL || cJSON_IsNull (node))
    return TRUE;
  if (cJSON_IsString (node))
    {
      g_autofree char *quoted = quote (node->valuestring);

      warn (reader, "location: is a URL (%s), which this command does not follow; the "
            "meeting gets no location (set one with “plenumctl meeting edit "
            "--location”)", quoted);
      return TRUE;
    }
  if (!cJSON_IsObject (node))
    {
      set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_MALFORMED,
                 "location: expected a Location object or its URL");
      return FALSE;
    }
  if (!plenum_json_get_text (node, "location", "description", PLENUM_JSON_NULLABLE,
                             PLENUM_LOCATION_MAX_CHARS, FALSE, &description, error))
    return FALSE;
  if (description != NULL)
    {
      reader->location = g_strdup (description);
      return TRUE;
    }

  if (!plenum_json_get_text (node, "location", "room", PLENUM_JSON_NULLABLE,
                             PLENUM_LOCATION_MAX_CHARS, FALSE, &room, error) ||
      !plenum_json_get_text (node, "location", "streetAddress", PLENUM_JSON_NULLABLE,
                             PLENUM_LOCATION_MAX_CHARS, FALSE, &street, error) ||
      !plenum_json_get_text (node, "location", "postalCode", PLENUM_JSON_NULLABLE,
                             PLENUM_LOCATION_MAX_CHARS, FALSE, &postal_code, error) ||
      !plenum_json_get_text (node, "location", "locality", PLENUM_JSON_NULLABLE,
                             PLENUM_LOCATION_MAX_CHARS, FALSE, &locality, error))
    return FALSE;
  text = g_string_new (NULL);
  for (guint i = 0; i < 3; i++)
    {
      const char *part = i == 0 ? room : i == 1 ? street : NULL;
      g_autofree char *place = NULL;

      if (i == 2 && (postal_code != NULL || locality != NULL))
        part = place = g_strjoin (" ", postal_code != NULL ? postal_code : locality,
                                  postal_code != NULL ? locality : NULL, NULL);
      if (part == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, part);
    }
  if (text->len == 0)
    return TRUE;
  if (g_utf8_strlen (text->str, -1) > PLENUM_LOCATION_MAX_CHARS)
    {
      set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_MALFORMED,
                 "location: the room and address together are longer than %d characters; "
                 "give a shorter location.description", PLENUM_LOCATION_MAX_CHARS);
      return FALSE;
    }
  reader->location = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

static gboolean
read_agenda_item (Reader       *reader,
                  const cJSON  *node,
                  guint         index,
                  GError      **error)
{
  g_autofree char *where = plenum_json_path_index ("agendaItem", index);
  OparlItem *item;
  const char *number = NULL;
  const char *title = NULL;
  gboolean public = TRUE;
  gboolean deleted = FALSE;
  gint64 order = 0;
  gboolean has_order;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (oparl_file_free);

  if (!cJSON_IsObject (node))
    {
      set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_MALFORMED,
                 "%s: expected an AgendaItem object", where);
      return FALSE;
    }
  if (!check_type (reader, node, where, PLENUM_OPARL_AGENDA_ITEM_TYPE, FALSE, error) ||
      !plenum_json_get_bool (node, where, "deleted", PLENUM_JSON_OPTIONAL, &deleted, error))
    return FALSE;
  if (deleted)
    {
      warn (reader, "%s: left out: the item is deleted", where);
      return TRUE;
    }

  has_order = cJSON_GetObjectItemCaseSensitive (node, "order") != NULL;
  if (!plenum_json_get_text (node, where, "name", PLENUM_JSON_REQUIRED,
                             PLENUM_TITLE_MAX_CHARS, FALSE, &title, error) ||
      !plenum_json_get_text (node, where, "number", PLENUM_JSON_NULLABLE,
                             PLENUM_ITEM_NUMBER_MAX_CHARS, FALSE, &number, error) ||
      !plenum_json_get_int64 (node, where, "order", PLENUM_JSON_OPTIONAL, G_MININT32,
                              G_MAXINT32, &order, error) ||
      !plenum_json_get_bool (node, where, "public", PLENUM_JSON_OPTIONAL, &public, error))
    return FALSE;

  /* " 1" and "1" would print alike but count as two numbers (the folder's rule). */
  if (number != NULL &&
      (g_unichar_isspace (g_utf8_get_char (number)) ||
       g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (number + strlen (number))))))
    {
      g_autofree char *quoted = quote (number);

      set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_MALFORMED,
                 "%s.number: %s starts or ends with white space", where, quoted);
      return FALSE;
    }

  /* A non-public item is a closed session: its documents are confidential too. */
  if (!read_file_member (reader, node, where, "resolutionFile", !public, files, error) ||
      !read_file_array (reader, node, where, "auxiliaryFile", !public, files, error))
    return FALSE;

  item = g_new0 (OparlItem, 1);
  item->where = g_steal_pointer (&where);
  item->number_given = number;
  item->title = title;
  item->closed_session = !public;
  item->has_order = has_order;
  item->order = order;
  item->index = index;
  item->files = g_steal_pointer (&files);
  g_ptr_array_add (reader->items, item);
  return TRUE;
}

static int
compare_order (gconstpointer a,
               gconstpointer b)
{
  const OparlItem *x = *(const OparlItem * const *) a;
  const OparlItem *y = *(const OparlItem * const *) b;

  if (x->order != y->order)
    return x->order < y->order ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Orders the agenda items and gives each its number; refuses two items with one. */
static gboolean
number_items (Reader       *reader,
              guint         first,
              GError      **error)
{
  g_autoptr(GHashTable) numbers = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_ordered = 0;

  for (guint i = first; i < reader->items->len; i++)
    n_ordered += ((OparlItem *) g_ptr_array_index (reader->items, i))->has_order;
  if (n_ordered != 0 && n_ordered != reader->items->len - first)
    {
      for (guint i = first; i < reader->items->len; i++)
        {
          OparlItem *item = g_ptr_array_index (reader->items, i);

          if (!item->has_order)
            {
              set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_MALFORMED,
                         "%s.order: missing, while other items have one; give every item "
                         "its order, or none", item->where);
              return FALSE;
            }
        }
    }
  /* g_ptr_array_sort is not stable; compare_order breaks ties by the array index. */
  if (n_ordered != 0)
    {
      g_autoptr(GPtrArray) agenda = g_ptr_array_new ();

      for (guint i = first; i < reader->items->len; i++)
        g_ptr_array_add (agenda, g_ptr_array_index (reader->items, i));
      g_ptr_array_sort (agenda, compare_order);
      for (guint i = 0; i < agenda->len; i++)
        reader->items->pdata[first + i] = agenda->pdata[i];
    }

  for (guint i = 0; i < reader->items->len; i++)
    {
      OparlItem *item = g_ptr_array_index (reader->items, i);
      OparlItem *earlier;

      if (item->number == NULL)
        item->number = item->number_given != NULL ? g_strdup (item->number_given)
                                                  : g_strdup_printf ("%u", i + 1 - first);
      earlier = g_hash_table_lookup (numbers, item->number);
      if (earlier != NULL)
        {
          g_autofree char *quoted = quote (item->number);

          set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_MALFORMED,
                     "%s: the number %s is taken already (by %s); every item needs a "
                     "number of its own", item->where, quoted, earlier->where);
          return FALSE;
        }
      g_hash_table_insert (numbers, item->number, item);
    }
  return TRUE;
}

static gboolean
read_meeting (Reader       *reader,
              const cJSON  *root,
              GError      **error)
{
  const cJSON *agenda = NULL;
  const cJSON *child;
  g_autoptr(GPtrArray) meeting_files = g_ptr_array_new_with_free_func (oparl_file_free);
  gboolean cancelled = FALSE;
  gboolean deleted = FALSE;
  guint index = 0;
  guint first = 0;

  if (!cJSON_IsObject (root))
    {
      set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_MALFORMED,
                 "not an OParl Meeting: expected a JSON object");
      return FALSE;
    }
  if (!check_type (reader, root, "", PLENUM_OPARL_MEETING_TYPE, TRUE, error) ||
      !plenum_json_get_text (root, "", "id", PLENUM_JSON_REQUIRED, G_MAXUINT, FALSE,
                             &reader->oparl_id, error) ||
      !plenum_json_get_bool (root, "", "cancelled", PLENUM_JSON_OPTIONAL, &cancelled,
                             error) ||
      !plenum_json_get_bool (root, "", "deleted", PLENUM_JSON_OPTIONAL, &deleted, error))
    return FALSE;
  if (cancelled || deleted)
    {
      set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_CANCELLED,
                 "%s: the meeting is %s; there is nothing to publish",
                 cancelled ? "cancelled" : "deleted", cancelled ? "cancelled" : "deleted");
      return FALSE;
    }
  if (!plenum_json_get_text (root, "", "name", PLENUM_JSON_REQUIRED, PLENUM_TITLE_MAX_CHARS,
                             FALSE, &reader->title, error) ||
      !plenum_json_get_time (root, "", "start", PLENUM_JSON_REQUIRED, &reader->starts_at,
                             error) ||
      !read_location (reader, root, error))
    return FALSE;

  /* The meeting's own files: the invitation first, as it was sent. */
  if (!read_file_member (reader, root, "", "invitation", FALSE, meeting_files, error) ||
      !read_file_array (reader, root, "", "auxiliaryFile", FALSE, meeting_files, error) ||
      !read_file_member (reader, root, "", "resultsProtocol", FALSE, meeting_files, error) ||
      !read_file_member (reader, root, "", "verbatimProtocol", FALSE, meeting_files, error))
    return FALSE;
  if (meeting_files->len > 0)
    {
      OparlItem *item = g_new0 (OparlItem, 1);
      const char *title = reader->options->meeting_item_title;

      item->where = g_strdup ("the item of the meeting's own files");
      item->number = g_strdup (PLENUM_OPARL_MEETING_ITEM_NUMBER);
      item->title = title != NULL ? title : DEFAULT_MEETING_ITEM_TITLE;
      item->files = g_steal_pointer (&meeting_files);
      g_ptr_array_add (reader->items, item);
      first = 1;
    }

  if (!plenum_json_get_array (root, "", "agendaItem", PLENUM_JSON_NULLABLE,
                              PLENUM_MAX_ARRAY_ITEMS, &agenda, error))
    return FALSE;
  if (agenda != NULL)
    for (child = agenda->child; child != NULL; child = child->next, index++)
      if (!read_agenda_item (reader, child, index, error))
        return FALSE;

  return number_items (reader, first, error);
}

/* ---- As a packet folder ------------------------------------------------------------- */

/* The packet.json the meeting amounts to. */
static cJSON *
packet_json (const Reader *reader,
             const char   *meeting_id)
{
  const PlenumOparlOptions *options = reader->options;
  cJSON *root = cJSON_CreateObject ();
  cJSON *meeting = cJSON_AddObjectToObject (root, "meeting");
  cJSON *items = cJSON_AddArrayToObject (root, "items");

  plenum_json_add_string (meeting, "id", meeting_id);
  plenum_json_add_string (meeting, "body", options->body);
  plenum_json_add_string (meeting, "title", reader->title);
  plenum_json_add_time (meeting, "starts_at", reader->starts_at);
  plenum_json_add_string (meeting, "location", reader->location);
  plenum_json_add_string (meeting, "chair", options->chair);
  plenum_json_add_string (meeting, "vice_chair", options->vice_chair);

  for (guint i = 0; i < reader->items->len; i++)
    {
      const OparlItem *item = g_ptr_array_index (reader->items, i);
      cJSON *node = cJSON_CreateObject ();
      cJSON *documents;

      plenum_json_add_string (node, "number", item->number);
      plenum_json_add_string (node, "title", item->title);
      plenum_json_add_bool (node, "closed_session", item->closed_session);
      documents = cJSON_AddArrayToObject (node, "documents");
      for (guint j = 0; j < item->files->len; j++)
        {
          const OparlFile *file = g_ptr_array_index (item->files, j);
          cJSON *document = cJSON_CreateObject ();

          plenum_json_add_string (document, "file", file->file_name);
          plenum_json_add_string (document, "title", file->title);
          plenum_json_add_bool (document, "confidential", file->confidential);
          cJSON_AddItemToArray (documents, document);
        }
      cJSON_AddItemToArray (items, node);
    }
  return root;
}

static gboolean
parse_into (Reader       *reader,
            const char   *json,
            gsize         length,
            GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  g_assert (reader->root == NULL);
  reader->root = plenum_json_parse (json, (gssize) length, &local_error);
  if (reader->root == NULL || !read_meeting (reader, reader->root, &local_error))
    {
      /* The JSON layer's messages name the field; say which file they are about. */
      if (local_error->domain == PLENUM_JSON_ERROR)
        g_set_error (error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_MALFORMED, "%s: %s",
                     reader->name, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* The meeting as a packet folder; documents' sha256, size and pages are left empty. The
 * strings of @reader point into the tree parse_into() read, which the caller keeps. */
static PlenumPacketFolder *
to_folder (const Reader  *reader,
           const char    *folder,
           GError       **error)
{
  const PlenumOparlOptions *options = reader->options;
  g_autofree char *derived_id = NULL;
  g_autoptr(cJSON) packet = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  PlenumPacketFolder *result;

  if (options->meeting_id == NULL)
    derived_id = plenum_oparl_meeting_uuid (reader->oparl_id);
  packet = packet_json (reader, options->meeting_id != NULL ? options->meeting_id
                                                            : derived_id);
  text = plenum_json_print (packet);
  result = plenum_packet_folder_parse (folder, text, strlen (text), &local_error);
  if (result == NULL)
    {
      /* What the options give (body, chair, meeting id) is checked here only: the
       * caller is expected to have checked it, and would name the option. */
      g_set_error (error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_MALFORMED,
                   "%s: as a packet: %s", reader->name, local_error->message);
      return NULL;
    }
  return result;
}

PlenumPacketFolder *
plenum_oparl_parse (const char                *folder,
                    const char                *name,
                    const char                *json,
                    gsize                      length,
                    const PlenumOparlOptions  *options,
                    GPtrArray                 *warnings,
                    GError                   **error)
{
  g_auto(Reader) reader = { 0 };

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (json != NULL || length == 0, NULL);
  g_return_val_if_fail (options != NULL && options->body != NULL && options->chair != NULL,
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader.name = name;
  reader.options = options;
  reader.warnings = warnings;
  reader.items = g_ptr_array_new_with_free_func (oparl_item_free);
  if (!parse_into (&reader, json != NULL ? json : "", length, error))
    return NULL;
  return to_folder (&reader, folder, error);
}

/* ---- Files -------------------------------------------------------------------------- */

/* Reads @name from the folder @dir_fd as the folder reader does: no symbolic links, only
 * regular files, at most @max_size bytes. When the file cannot be opened, returns NULL
 * with *@open_errno set and @error untouched, for the caller to say what was expected. */
static GBytes *
read_at (int           dir_fd,
         const char   *name,
         guint64       max_size,
         int          *open_errno,
         GError      **error)
{
  g_autofree guint8 *data = NULL;
  struct stat st;
  gsize got = 0;
  int fd;

  /* O_NONBLOCK: a FIFO planted under a PDF's name must not hang the reader in open(). */
  fd = openat (dir_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    {
      *open_errno = errno;
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_MISSING_FILE,
                   "%s: is not a file", name);
      close (fd);
      return NULL;
    }
  if ((guint64) st.st_size > max_size)
    {
      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_TOO_LARGE,
                   "%s: is larger than %" G_GUINT64_FORMAT " bytes", name, max_size);
      close (fd);
      return NULL;
    }

  /* One byte more than fstat() said tells that the file grew while it was read. */
  data = g_malloc ((gsize) st.st_size + 1);
  while (got < (gsize) st.st_size + 1)
    {
      ssize_t n = read (fd, data + got, (gsize) st.st_size + 1 - got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_IO,
                       "%s: cannot read it (%s)", name, g_strerror (saved_errno));
          close (fd);
          return NULL;
        }
      if (n == 0)
        break;
      got += (gsize) n;
    }
  close (fd);
  if (got != (gsize) st.st_size)
    {
      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_IO,
                   "%s: changed while it was read; try again", name);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&data), got);
}

/* Why @name could not be opened (@open_errno), as the folder reader says it. */
static void
set_open_error (GError     **error,
                const char  *name,
                int          open_errno,
                const char  *where_expected)
{
  switch (open_errno)
    {
    case ENOENT:
      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_MISSING_FILE,
                   "%s: no such file%s", name, where_expected);
      break;
    case ELOOP:
      /* O_NOFOLLOW on the last component: the name is a symbolic link. */
      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_BAD_FILE_NAME,
                   "%s: is a symbolic link; save the file itself there", name);
      break;
    default:
      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_IO,
                   "%s: cannot open it (%s)", name, g_strerror (open_errno));
      break;
    }
}

/* A File's PDF, beside the JSON file. One that is not there but that the File gives a
 * URL for is refused as remote: this command does not download. */
static GBytes *
read_beside (const Reader     *reader,
             int               dir_fd,
             const OparlFile  *file,
             GError          **error)
{
  GBytes *bytes;
  int open_errno = 0;

  bytes = read_at (dir_fd, file->file_name, PLENUM_PACKET_MAX_FILE_SIZE, &open_errno,
                   error);
  if (bytes != NULL || open_errno == 0)
    return bytes;

  if (open_errno == ENOENT && file->url != NULL)
    {
      g_autofree char *quoted = quote (file->file_name);
      g_autofree char *quoted_url = quote (file->url);

      set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_REMOTE_FILE,
                 "%s.fileName: %s is not beside %s, and this command does not download "
                 "it from %s; save it there first", file->where, quoted, reader->name,
                 quoted_url);
    }
  else
    {
      g_autofree char *expected = g_strdup_printf (" beside %s (%s.fileName)",
                                                   reader->name, file->where);

      set_open_error (error, file->file_name, open_errno, expected);
    }
  return NULL;
}

/* The packet folder reader's checks of one PDF (hashed, opened with poppler, every page
 * readable) through plenum_packet_check_pdf_file(), which reads @path again: the bytes
 * it hashes are the ones it opens, and the upload reads the file once more anyway (the
 * server checks that blob against its SHA-256). */
static gboolean
check_pdf (const char    *path,
           FileFacts     *facts,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!plenum_packet_check_pdf_file (path, NULL, facts->sha256, &facts->size,
                                     &facts->pages, cancellable, &local_error))
    {
      /* Its message would point to packet.json, which OParl has no counterpart of. */
      if (g_error_matches (local_error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_PASSWORD))
        g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_PASSWORD,
                     "%s: the PDF is protected by a password, which OParl cannot give; "
                     "publish it from a packet folder whose packet.json gives it", path);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* The File's sha512Checksum, sha1Checksum and size against what the file holds. */
static gboolean
check_sums (const Reader     *reader,
            const OparlFile  *file,
            const FileFacts  *facts,
            GError          **error)
{
  const char *key = NULL;

  if (file->sha512 != NULL && g_ascii_strcasecmp (file->sha512, facts->sha512) != 0)
    key = "sha512Checksum";
  else if (file->sha1 != NULL && g_ascii_strcasecmp (file->sha1, facts->sha1) != 0)
    key = "sha1Checksum";
  else if (file->size >= 0 && (guint64) file->size != facts->size)
    key = "size";
  if (key == NULL)
    return TRUE;

  set_error (reader, error, PLENUM_OPARL_ERROR, PLENUM_OPARL_ERROR_CHECKSUM,
             "%s.%s: does not match %s beside it (a different or damaged copy); export "
             "the file again", file->where, key, file->file_name);
  return FALSE;
}

static FileFacts *
check_file (const Reader     *reader,
            const char       *folder,
            int               dir_fd,
            const OparlFile  *file,
            GCancellable     *cancellable,
            GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(FileFacts) facts = NULL;
  g_autofree char *path = NULL;
  gsize size = 0;
  const guint8 *data;

  bytes = read_beside (reader, dir_fd, file, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  facts = g_new0 (FileFacts, 1);
  facts->sha512 = g_compute_checksum_for_data (G_CHECKSUM_SHA512, data, size);
  facts->sha1 = g_compute_checksum_for_data (G_CHECKSUM_SHA1, data, size);
  facts->size = size;
  g_clear_pointer (&bytes, g_bytes_unref);

  /* A wrong checksum says more than poppler's view of a damaged file would. The name is
   * a plain one (read_file_object() checked), so the path stays in the folder. */
  path = g_build_filename (folder, file->file_name, NULL);
  if (!check_sums (reader, file, facts, error) ||
      !check_pdf (path, facts, cancellable, error))
    return NULL;
  return g_steal_pointer (&facts);
}

/* Everything after the folder is open: the JSON file, then each file it names. */
static PlenumPacketFolder *
read_at_folder (Reader        *reader,
                const char    *folder,
                int            dir_fd,
                const char    *json_path,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GHashTable) checked = NULL;
  g_autoptr(PlenumPacketFolder) packet = NULL;
  const char *json;
  gsize length = 0;
  int open_errno = 0;

  /* The JSON file itself by the same rules as the PDFs: a plain file, read once. */
  bytes = read_at (dir_fd, reader->name, PLENUM_JSON_MAX_SIZE, &open_errno, error);
  if (bytes == NULL)
    {
      if (open_errno != 0)
        set_open_error (error, json_path, open_errno, "");
      return NULL;
    }
  json = g_bytes_get_data (bytes, &length);
  if (!parse_into (reader, json, length, error))
    return NULL;

  /* Every file is checked, in the order the Meeting lists them, before the folder is
   * handed on. A file that several Files name is read once; each File's checksums are
   * compared with it. The keys point into the tree @reader holds. */
  checked = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                   (GDestroyNotify) file_facts_free);
  for (guint i = 0; i < reader->items->len; i++)
    {
      const OparlItem *item = g_ptr_array_index (reader->items, i);

      for (guint j = 0; j < item->files->len; j++)
        {
          const OparlFile *file = g_ptr_array_index (item->files, j);
          FileFacts *facts = g_hash_table_lookup (checked, file->file_name);

          if (facts != NULL)
            {
              if (!check_sums (reader, file, facts, error))
                return NULL;
              continue;
            }
          facts = check_file (reader, folder, dir_fd, file, cancellable, error);
          if (facts == NULL)
            return NULL;
          g_hash_table_insert (checked, (gpointer) file->file_name, facts);
        }
    }

  packet = to_folder (reader, folder, error);
  if (packet == NULL)
    return NULL;
  g_assert (packet->items->len == reader->items->len);
  for (guint i = 0; i < packet->items->len; i++)
    {
      PlenumPacketFolderItem *item = g_ptr_array_index (packet->items, i);

      for (guint j = 0; j < item->documents->len; j++)
        {
          PlenumPacketFolderDocument *document = g_ptr_array_index (item->documents, j);
          const FileFacts *facts = g_hash_table_lookup (checked, document->file);

          g_assert (facts != NULL);
          memcpy (document->sha256, facts->sha256, sizeof document->sha256);
          document->size = facts->size;
          document->pages = facts->pages;
        }
    }
  return g_steal_pointer (&packet);
}

PlenumPacketFolder *
plenum_oparl_read (const char                *json_path,
                   const PlenumOparlOptions  *options,
                   GPtrArray                 *warnings,
                   GCancellable              *cancellable,
                   GError                   **error)
{
  g_auto(Reader) reader = { 0 };
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  PlenumPacketFolder *packet;
  int dir_fd;

  g_return_val_if_fail (json_path != NULL, NULL);
  g_return_val_if_fail (options != NULL && options->body != NULL && options->chair != NULL,
                        NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  folder = g_path_get_dirname (json_path);
  name = g_path_get_basename (json_path);
  reader.name = name;
  reader.options = options;
  reader.warnings = warnings;
  reader.items = g_ptr_array_new_with_free_func (oparl_item_free);

  dir_fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, PLENUM_PACKET_ERROR,
                   saved_errno == ENOENT ? PLENUM_PACKET_ERROR_MISSING_FILE
                                         : PLENUM_PACKET_ERROR_IO,
                   "%s: cannot open the folder (%s)", folder, g_strerror (saved_errno));
      return NULL;
    }
  packet = read_at_folder (&reader, folder, dir_fd, json_path, cancellable, error);
  close (dir_fd);
  return packet;
}

/* ---- The meeting's id ------------------------------------------------------------------- */

char *
plenum_oparl_meeting_uuid (const char *oparl_id)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize length = sizeof digest;

  g_return_val_if_fail (oparl_id != NULL, NULL);

  g_checksum_update (checksum, url_namespace, sizeof url_namespace);
  g_checksum_update (checksum, (const guchar *) oparl_id, (gssize) strlen (oparl_id));
  g_checksum_get_digest (checksum, digest, &length);
  /* RFC 4122, 4.3: version 5 in the high nibble of octet 6, the variant in octet 8. */
  digest[6] = (guint8) ((digest[6] & 0x0f) | 0x50);
  digest[8] = (guint8) ((digest[8] & 0x3f) | 0x80);
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10],
                          digest[11], digest[12], digest[13], digest[14], digest[15]);
}
