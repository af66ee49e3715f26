/* plenum-packet-folder.c — reading a packet folder: packet.json, strictly, and every PDF
 * it names, hashed and opened with poppler, before anything is handed on.
 *
 * packet.json (docs/protocol.md, "A packet folder"):
 *   meeting: id (UUID), body, title, starts_at (RFC 3339), chair (sign-in name) are
 *            required; location and vice_chair may be absent or null.
 *   items:   required, may be empty; each has number, title and documents (may be
 *            empty); closed_session may be left out (false).
 *   documents: file and title required; confidential may be left out (false); password
 *            (absent or null: none) opens a password-protected PDF, and is refused for
 *            a PDF that opens without one (a mistake in the packet).
 * Unknown keys are refused at every level. The same file may be listed by several
 * documents; it is read once.
 *
 * Files are opened relative to the folder's descriptor with O_NOFOLLOW, so a name can
 * neither climb out of the folder (the name is checked to be a plain name first) nor
 * follow a symbolic link anywhere; only regular files are read. Each file is read once
 * into memory, and the bytes that were hashed are the bytes poppler opens.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-packet"

#include "plenum-packet-folder.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <poppler.h>

#include "core/plenum-document.h"
#include "core/plenum-hash.h"
#include "core/plenum-json.h"
#include "core/plenum-limits.h"

#define PACKET_JSON "packet.json"

/* A file name, in bytes: what ext4 and most file systems allow. */
#define FILE_NAME_MAX_BYTES 255

/* How much of a name from the input an error message quotes. */
#define MESSAGE_NAME_MAX_CHARS 80

#define READ_CHUNK (1024 * 1024)

G_DEFINE_QUARK (plenum-packet-error-quark, plenum_packet_error)

/* ---- Freeing ---------------------------------------------------------------------------- */

static void
document_free (gpointer data)
{
  PlenumPacketFolderDocument *document = data;

  g_free (document->file);
  g_free (document->path);
  g_free (document->title);
  plenum_secret_free (document->password);
  g_free (document);
}

static void
item_free (gpointer data)
{
  PlenumPacketFolderItem *item = data;

  g_free (item->number);
  g_free (item->title);
  g_clear_pointer (&item->documents, g_ptr_array_unref);
  g_free (item);
}

void
plenum_packet_folder_free (PlenumPacketFolder *packet)
{
  if (packet == NULL)
    return;

  g_free (packet->folder);
  g_free (packet->meeting_id);
  g_free (packet->body);
  g_free (packet->title);
  g_clear_pointer (&packet->starts_at, g_date_time_unref);
  g_free (packet->location);
  g_free (packet->chair);
  g_free (packet->vice_chair);
  g_clear_pointer (&packet->items, g_ptr_array_unref);
  g_free (packet);
}

/* ---- Messages ----------------------------------------------------------------------------- */

/* A name from the input as it may appear in a message: valid UTF-8 (the JSON layer saw
 * to that), control characters shown as U+FFFD, long names cut short. */
static char *
quote_name (const char *name)
{
  GString *out = g_string_new ("“");
  guint n = 0;

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == MESSAGE_NAME_MAX_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, g_unichar_iscntrl (c) ? 0xFFFD : c);
    }
  g_string_append (out, "”");
  return g_string_free (out, FALSE);
}

/* ---- packet.json -------------------------------------------------------------------------- */

static const char * const top_keys[] = { "meeting", "items", NULL };
static const char * const meeting_keys[] = {
  "id", "body", "title", "starts_at", "location", "chair", "vice_chair", NULL,
};
static const char * const item_keys[] = {
  "number", "title", "closed_session", "documents", NULL,
};
static const char * const document_keys[] = {
  "file", "title", "confidential", "password", NULL,
};

static gboolean
get_sign_in_name (const cJSON      *object,
                  const char       *where,
                  const char       *key,
                  PlenumJsonFlags   flags,
                  const char      **out,
                  GError          **error)
{
  const char *name = NULL;

  if (!plenum_json_get_text (object, where, key, flags, PLENUM_SIGN_IN_NAME_MAX_CHARS, FALSE,
                             &name, error))
    return FALSE;
  if (name != NULL && !plenum_is_sign_in_name (name))
    {
      g_autofree char *path = plenum_json_path_key (where, key);
      g_autofree char *quoted = quote_name (name);

      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_MALFORMED,
                   "packet.json: %s: %s is not a sign-in name (lowercase letters and "
                   "digits, with '.', '-' or '_' between them)", path, quoted);
      return FALSE;
    }
  if (name != NULL)
    *out = name;
  return TRUE;
}

const char *
plenum_packet_file_name_problem (const char *name)
{
  gsize length = strlen (name);

  if (length == 0)
    return "it is empty";
  if (length > FILE_NAME_MAX_BYTES)
    return "it is longer than 255 bytes";
  if (strchr (name, '/') != NULL || strchr (name, '\\') != NULL)
    return "it is a path, not a name";
  if (g_str_equal (name, ".") || g_str_equal (name, ".."))
    return "it names a folder";
  if (name[0] == '.')
    return "it starts with a dot";
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return "it holds a control character";
  return NULL;
}

static gboolean
get_file_name (const cJSON  *object,
               const char   *where,
               const char  **out,
               GError      **error)
{
  const char *name = NULL;
  const char *problem;

  if (!plenum_json_get_string (object, where, "file", PLENUM_JSON_REQUIRED, &name, error))
    return FALSE;

  problem = plenum_packet_file_name_problem (name);
  if (problem != NULL)
    {
      g_autofree char *path = plenum_json_path_key (where, "file");
      g_autofree char *quoted = quote_name (name);

      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_BAD_FILE_NAME,
                   "packet.json: %s: %s is not a plain file name in the packet folder (%s)",
                   path, quoted, problem);
      return FALSE;
    }

  *out = name;
  return TRUE;
}

static gboolean
read_meeting (PlenumPacketFolder  *packet,
              const cJSON         *root,
              GError             **error)
{
  const cJSON *meeting = NULL;
  const char *id = NULL;
  const char *body = NULL;
  const char *title = NULL;
  const char *location = NULL;
  const char *chair = NULL;
  const char *vice_chair = NULL;
  g_autoptr(GDateTime) starts_at = NULL;

  if (!plenum_json_get_object (root, "", "meeting", PLENUM_JSON_REQUIRED, &meeting, error) ||
      !plenum_json_check_object (meeting, "meeting", meeting_keys, error) ||
      !plenum_json_get_uuid (meeting, "meeting", "id", PLENUM_JSON_REQUIRED, &id, error) ||
      !plenum_json_get_text (meeting, "meeting", "body", PLENUM_JSON_REQUIRED,
                             PLENUM_DISPLAY_NAME_MAX_CHARS, FALSE, &body, error) ||
      !plenum_json_get_text (meeting, "meeting", "title", PLENUM_JSON_REQUIRED,
                             PLENUM_TITLE_MAX_CHARS, FALSE, &title, error) ||
      !plenum_json_get_time (meeting, "meeting", "starts_at", PLENUM_JSON_REQUIRED,
                             &starts_at, error) ||
      !plenum_json_get_text (meeting, "meeting", "location",
                             PLENUM_JSON_OPTIONAL | PLENUM_JSON_NULLABLE,
                             PLENUM_LOCATION_MAX_CHARS, FALSE, &location, error) ||
      !get_sign_in_name (meeting, "meeting", "chair", PLENUM_JSON_REQUIRED, &chair, error) ||
      !get_sign_in_name (meeting, "meeting", "vice_chair",
                         PLENUM_JSON_OPTIONAL | PLENUM_JSON_NULLABLE, &vice_chair, error))
    return FALSE;

  if (vice_chair != NULL && g_str_equal (vice_chair, chair))
    {
      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_MALFORMED,
                   "packet.json: meeting.vice_chair: “%s” is already the chair", chair);
      return FALSE;
    }

  packet->meeting_id = g_strdup (id);
  packet->body = g_strdup (body);
  packet->title = g_strdup (title);
  packet->starts_at = g_steal_pointer (&starts_at);
  packet->location = g_strdup (location);
  packet->chair = g_strdup (chair);
  packet->vice_chair = g_strdup (vice_chair);
  return TRUE;
}

static gboolean
read_document (PlenumPacketFolderItem  *item,
               const char              *folder,
               const cJSON             *node,
               const char              *where,
               GError                 **error)
{
  PlenumPacketFolderDocument *document;
  const char *file = NULL;
  const char *title = NULL;
  const char *password = NULL;
  gboolean confidential = FALSE;

  if (!plenum_json_check_object (node, where, document_keys, error) ||
      !get_file_name (node, where, &file, error) ||
      !plenum_json_get_text (node, where, "title", PLENUM_JSON_REQUIRED,
                             PLENUM_TITLE_MAX_CHARS, FALSE, &title, error) ||
      !plenum_json_get_bool (node, where, "confidential", PLENUM_JSON_OPTIONAL,
                             &confidential, error) ||
      !plenum_document_read_password (node, where, &password, error))
    return FALSE;

  document = g_new0 (PlenumPacketFolderDocument, 1);
  document->file = g_strdup (file);
  document->path = folder != NULL ? g_build_filename (folder, file, NULL) : NULL;
  document->title = g_strdup (title);
  document->confidential = confidential;
  document->password = g_strdup (password);
  g_ptr_array_add (item->documents, document);
  return TRUE;
}

static gboolean
read_item (PlenumPacketFolder  *packet,
           const char          *folder,
           const cJSON         *node,
           const char          *where,
           GHashTable          *numbers,
           GError             **error)
{
  PlenumPacketFolderItem *item;
  const cJSON *documents = NULL;
  const cJSON *child;
  const char *number = NULL;
  const char *title = NULL;
  gboolean closed_session = FALSE;
  guint index = 0;
  gpointer earlier;

  if (!plenum_json_check_object (node, where, item_keys, error) ||
      !plenum_json_get_text (node, where, "number", PLENUM_JSON_REQUIRED,
                             PLENUM_ITEM_NUMBER_MAX_CHARS, FALSE, &number, error) ||
      !plenum_json_get_text (node, where, "title", PLENUM_JSON_REQUIRED,
                             PLENUM_TITLE_MAX_CHARS, FALSE, &title, error) ||
      !plenum_json_get_bool (node, where, "closed_session", PLENUM_JSON_OPTIONAL,
                             &closed_session, error) ||
      !plenum_json_get_array (node, where, "documents", PLENUM_JSON_REQUIRED,
                              PLENUM_MAX_ARRAY_ITEMS, &documents, error))
    return FALSE;

  /* " 1" and "1" would print alike but count as two numbers. */
  if (g_unichar_isspace (g_utf8_get_char (number)) ||
      g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (number + strlen (number)))))
    {
      g_autofree char *quoted = quote_name (number);

      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_MALFORMED,
                   "packet.json: %s.number: %s starts or ends with white space", where,
                   quoted);
      return FALSE;
    }

  if (g_hash_table_lookup_extended (numbers, number, NULL, &earlier))
    {
      g_autofree char *quoted = quote_name (number);

      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_DUPLICATE_ITEM,
                   "packet.json: %s.number: %s is already the number of items[%u]", where,
                   quoted, GPOINTER_TO_UINT (earlier));
      return FALSE;
    }
  g_hash_table_insert (numbers, (gpointer) number,
                       GUINT_TO_POINTER (packet->items->len));

  item = g_new0 (PlenumPacketFolderItem, 1);
  item->number = g_strdup (number);
  item->title = g_strdup (title);
  item->closed_session = closed_session;
  item->documents = g_ptr_array_new_with_free_func (document_free);
  g_ptr_array_add (packet->items, item);

  for (child = documents->child; child != NULL; child = child->next, index++)
    {
      g_autofree char *documents_where = plenum_json_path_key (where, "documents");
      g_autofree char *document_where = plenum_json_path_index (documents_where, index);

      if (!read_document (item, folder, child, document_where, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_packet_json (PlenumPacketFolder  *packet,
                  const char          *folder,
                  const char          *json,
                  gsize                length,
                  GError             **error)
{
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GHashTable) numbers = NULL;
  const cJSON *items = NULL;
  const cJSON *child;
  guint index = 0;

  root = plenum_json_parse (json, (gssize) length, error);
  if (root == NULL)
    return FALSE;
  if (!plenum_json_check_object (root, "", top_keys, error) ||
      !read_meeting (packet, root, error) ||
      !plenum_json_get_array (root, "", "items", PLENUM_JSON_REQUIRED, PLENUM_MAX_ARRAY_ITEMS,
                              &items, error))
    return FALSE;

  /* Keys point into the tree, which outlives the table. */
  numbers = g_hash_table_new (g_str_hash, g_str_equal);
  for (child = items->child; child != NULL; child = child->next, index++)
    {
      g_autofree char *where = plenum_json_path_index ("items", index);

      if (!read_item (packet, folder, child, where, numbers, error))
        return FALSE;
    }

  return TRUE;
}

PlenumPacketFolder *
plenum_packet_folder_parse (const char  *folder,
                            const char  *json,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(PlenumPacketFolder) packet = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (json != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  packet = g_new0 (PlenumPacketFolder, 1);
  packet->folder = g_strdup (folder);
  packet->items = g_ptr_array_new_with_free_func (item_free);

  if (!read_packet_json (packet, folder, json != NULL ? json : "", length, &local_error))
    {
      /* The JSON layer's messages name the field; say which file they are about. */
      if (local_error->domain == PLENUM_JSON_ERROR)
        g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_MALFORMED,
                     PACKET_JSON ": %s", local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&packet);
}

/* ---- Files ---------------------------------------------------------------------------------- */

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *name,
                 const char  *doing)
{
  switch (saved_errno)
    {
    case ENOENT:
      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_MISSING_FILE,
                   "%s: no such file in the packet folder", name);
      break;
    case ELOOP:
      /* O_NOFOLLOW on the last component: the name is a symbolic link. */
      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_BAD_FILE_NAME,
                   "%s: is a symbolic link; the packet folder must hold the file itself",
                   name);
      break;
    default:
      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_IO, "%s: cannot %s (%s)",
                   name, doing, g_strerror (saved_errno));
      break;
    }
}

/* Reads @name, a plain name checked before, from the folder @dir_fd: no symbolic links,
 * only regular files, at most @max_size bytes. */
static GBytes *
read_file_at (int            dir_fd,
              const char    *name,
              guint64        max_size,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GByteArray) data = NULL;
  struct stat st;
  int fd;

  /* O_NONBLOCK: a FIFO planted under a PDF's name must not hang the reader in open(). */
  fd = openat (dir_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    {
      set_errno_error (error, errno, name, "open it");
      return NULL;
    }

  if (fstat (fd, &st) != 0)
    {
      set_errno_error (error, errno, name, "read it");
      close (fd);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_MISSING_FILE,
                   "%s: is %s, not a file", name,
                   S_ISDIR (st.st_mode) ? "a folder" : "a special file");
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

  /* Read straight into the array; one byte over the limit is enough to know the file
   * grew past it while it was read. */
  data = g_byte_array_sized_new ((guint) st.st_size + 1);
  for (;;)
    {
      guint offset = data->len;
      gsize want = MIN ((guint64) READ_CHUNK, max_size + 1 - offset);
      ssize_t n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return NULL;
        }

      g_byte_array_set_size (data, offset + (guint) want);
      n = read (fd, data->data + offset, want);
      g_byte_array_set_size (data, offset + (guint) MAX (n, 0));
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (error, errno, name, "read it");
          close (fd);
          return NULL;
        }
      if (n == 0)
        break;
      if (data->len > max_size)
        {
          g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_TOO_LARGE,
                       "%s: is larger than %" G_GUINT64_FORMAT " bytes", name, max_size);
          close (fd);
          return NULL;
        }
    }

  close (fd);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

typedef struct {
  char        sha256[PLENUM_SHA256_HEX_LEN + 1];
  guint64     size;
  int         pages;
  const char *password;  /* the one it was opened with; owned by the packet */
} FileFacts;

/* Opens @bytes as a PDF with @password (NULL: none). A given password must be needed (a
 * PDF that opens without it is refused) and must open the PDF. Messages never quote the
 * password; they say where it comes from: packet.json, or (@alone) the command. */
static PopplerDocument *
open_pdf (const char  *name,
          GBytes      *bytes,
          const char  *password,
          gboolean     alone,
          GError     **error)
{
  PopplerDocument *document;
  g_autoptr(GError) poppler_error = NULL;

  document = poppler_document_new_from_bytes (bytes, NULL, &poppler_error);
  if (document != NULL && password != NULL)
    {
      g_object_unref (document);
      if (alone)
        g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_PASSWORD,
                     "%s: a password was given for this PDF, but it opens without one",
                     name);
      else
        g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_PASSWORD,
                     "%s: packet.json gives a password for this PDF, but it opens without "
                     "one; leave “password” out", name);
      return NULL;
    }
  if (document == NULL && password != NULL &&
      g_error_matches (poppler_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    {
      /* poppler-glib 22.12's new_from_bytes() crashes on a wrong password (it retries
       * with a stream it has already freed); new_from_stream() over the same bytes does
       * not. */
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);

      g_clear_error (&poppler_error);
      document = poppler_document_new_from_stream (stream, (goffset) g_bytes_get_size (bytes),
                                                   password, NULL, &poppler_error);
      if (document == NULL &&
          g_error_matches (poppler_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        {
          g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_PASSWORD,
                       alone ? "%s: the password given does not open this PDF"
                             : "%s: the password packet.json gives for this PDF does not "
                               "open it", name);
          return NULL;
        }
    }
  if (document == NULL)
    {
      if (g_error_matches (poppler_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_PASSWORD,
                     alone ? "%s: the PDF is protected by a password; give its password"
                           : "%s: the PDF is protected by a password; give it as the "
                             "document's “password” in packet.json", name);
      else
        g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_NOT_PDF,
                     "%s: not a PDF that can be opened (%s)", name,
                     poppler_error != NULL ? poppler_error->message : "unknown error");
    }
  return document;
}

/* Hashes @bytes and opens them as a PDF with @password (see open_pdf()): at least one
 * page, every page readable. */
static gboolean
check_pdf (const char  *name,
           GBytes      *bytes,
           const char  *password,
           gboolean     alone,
           FileFacts   *facts,
           GError     **error)
{
  /* poppler-glib 22.12 defines no autoptr cleanups for its types. */
  PopplerDocument *document;
  g_autofree char *sha256 = NULL;
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  int n_pages;

  sha256 = plenum_sha256_hex (data, size);
  g_strlcpy (facts->sha256, sha256, sizeof facts->sha256);
  facts->size = size;
  facts->password = password;

  document = open_pdf (name, bytes, password, alone, error);
  if (document == NULL)
    return FALSE;

  n_pages = poppler_document_get_n_pages (document);
  if (n_pages < 1)
    {
      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_NOT_PDF,
                   "%s: not a PDF that can be opened (it has no pages)", name);
      g_object_unref (document);
      return FALSE;
    }
  for (int i = 0; i < n_pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);

      if (page == NULL)
        {
          g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_NOT_PDF,
                       "%s: not a PDF that can be opened (page %d of %d cannot be read)",
                       name, i + 1, n_pages);
          g_object_unref (document);
          return FALSE;
        }
      g_object_unref (page);
    }

  g_object_unref (document);
  facts->pages = n_pages;
  return TRUE;
}

static int
open_folder (const char  *folder,
             GError     **error)
{
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_MISSING_FILE,
                     "%s: no such folder", folder);
      else if (saved_errno == ENOTDIR)
        g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_MISSING_FILE,
                     "%s: is not a folder", folder);
      else
        g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_IO,
                     "%s: cannot open the folder (%s)", folder, g_strerror (saved_errno));
    }
  return fd;
}

/* Everything after the folder is open: packet.json, then each file it names. */
static PlenumPacketFolder *
read_folder_at (const char    *folder,
                int            dir_fd,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(PlenumPacketFolder) packet = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GHashTable) checked = NULL;
  const char *json_data;
  gsize json_size = 0;

  json = read_file_at (dir_fd, PACKET_JSON, PLENUM_JSON_MAX_SIZE, cancellable, error);
  if (json == NULL)
    return NULL;
  json_data = g_bytes_get_data (json, &json_size);
  packet = plenum_packet_folder_parse (folder, json_data, json_size, error);
  if (packet == NULL)
    return NULL;

  /* A file that several documents name is read once, unless they give it different
   * passwords (each must be right). The keys point into @packet. */
  checked = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  for (guint i = 0; i < packet->items->len; i++)
    {
      PlenumPacketFolderItem *item = g_ptr_array_index (packet->items, i);

      for (guint j = 0; j < item->documents->len; j++)
        {
          PlenumPacketFolderDocument *document = g_ptr_array_index (item->documents, j);
          FileFacts *facts = g_hash_table_lookup (checked, document->file);

          if (facts == NULL || g_strcmp0 (facts->password, document->password) != 0)
            {
              g_autoptr(GBytes) bytes = NULL;
              g_autofree FileFacts *new_facts = g_new0 (FileFacts, 1);

              bytes = read_file_at (dir_fd, document->file, PLENUM_PACKET_MAX_FILE_SIZE,
                                    cancellable, error);
              if (bytes == NULL ||
                  !check_pdf (document->file, bytes, document->password, FALSE, new_facts,
                              error))
                return NULL;
              facts = g_steal_pointer (&new_facts);
              g_hash_table_replace (checked, document->file, facts);
            }

          memcpy (document->sha256, facts->sha256, sizeof document->sha256);
          document->size = facts->size;
          document->pages = facts->pages;
        }
    }

  return g_steal_pointer (&packet);
}

PlenumPacketFolder *
plenum_packet_folder_read (const char    *folder,
                           GCancellable  *cancellable,
                           GError       **error)
{
  PlenumPacketFolder *packet;
  int dir_fd;

  g_return_val_if_fail (folder != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir_fd = open_folder (folder, error);
  if (dir_fd < 0)
    return NULL;
  packet = read_folder_at (folder, dir_fd, cancellable, error);
  close (dir_fd);
  return packet;
}

gboolean
plenum_packet_check_pdf_file (const char    *path,
                              const char    *password,
                              char           sha256[65],
                              guint64       *size,
                              int           *pages,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  FileFacts facts = { { 0 } };
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Clearer messages than the folder's for the usual mistakes; read_file_at() still
   * refuses a link or a special file put there in between (O_NOFOLLOW, fstat). */
  if (lstat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_MISSING_FILE,
                     "%s: no such file", path);
      else
        g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_IO,
                     "%s: cannot read it (%s)", path, g_strerror (saved_errno));
      return FALSE;
    }
  if (S_ISLNK (st.st_mode))
    {
      g_set_error (error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_BAD_FILE_NAME,
                   "%s: is a symbolic link; give the file itself", path);
      return FALSE;
    }

  bytes = read_file_at (AT_FDCWD, path, PLENUM_PACKET_MAX_FILE_SIZE, cancellable, error);
  if (bytes == NULL || !check_pdf (path, bytes, password, TRUE, &facts, error))
    return FALSE;

  if (sha256 != NULL)
    memcpy (sha256, facts.sha256, sizeof facts.sha256);
  if (size != NULL)
    *size = facts.size;
  if (pages != NULL)
    *pages = facts.pages;
  return TRUE;
}
