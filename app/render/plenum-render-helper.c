/* plenum-render-helper.c — the request loop of plenum-render: documents opened with
 * poppler (with a password if need be), pages rendered with cairo into sealed memfds,
 * text searched, outlines, links and page text read, and the replies of
 * plenum-render-protocol.h.
 *
 * Search: poppler gives a page's text and one rectangle per character of it. Both the
 * page's text and the needle are folded character by character (NFD, casefolded; marks
 * dropped and đ → d when diacritics are ignored; white-space runs as one space) into
 * arrays that remember which original character each folded one came from, so a match
 * in the folded text maps back to characters, and their rectangles are merged into one
 * per line.
 *
 * One thread. The loop drains every request that is already readable before it starts
 * the next render, so a CANCEL or a higher-priority RENDER sent while a page renders is
 * seen before the next one is chosen. PING, OPEN, CLOSE and CANCEL are handled as soon as
 * they are read; RENDERs wait in a queue ordered by priority, then arrival.
 *
 * A file is mapped read-only (the blob store's files never change) and handed to poppler
 * as bytes, so the helper owns every descriptor it opens.
 *
 * Each page goes out in a new memfd, sealed once written, so the client maps pixels that
 * can no longer change. Fresh shared pages are costly to fault in one by one, so pages up
 * to SCRATCH_MAX_BYTES are drawn in a buffer the helper keeps and then written into the
 * memfd in one go; larger ones are drawn straight into the memfd's mapping.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-render"
#define _GNU_SOURCE  /* memfd_create, F_ADD_SEALS */

#include "plenum-render-helper.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>
#include <gio/gio.h>
#include <poppler.h>

#include "plenum-render-protocol.h"

/* poppler-glib 22.12 declares no autoptr cleanups; these names cannot clash with ones a
 * later poppler may add. */
typedef PopplerDocument RenderPopplerDocument;
typedef PopplerPage RenderPopplerPage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RenderPopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RenderPopplerPage, g_object_unref)

/* Pages up to this many bytes are drawn in a scratch buffer the helper keeps. */
#define SCRATCH_MAX_BYTES (32u * 1024 * 1024)

/* How many documents one client may hold open at once. */
#define MAX_OPEN_DOCUMENTS 1024

typedef struct {
  PopplerDocument *document;
  guint            n_pages;
  guint8          *page_flags;  /* PLENUM_RENDER_PAGE_MISSING per page */
} Document;

typedef struct {
  guint32 request_id;
  guint32 handle;
  guint32 page;
  guint32 width;
  guint32 height;
  gint32  priority;
} RenderJob;

typedef struct {
  int                               fd;
  const PlenumRenderHelperSettings *settings;
  GHashTable                       *documents;  /* handle → Document */
  GQueue                            jobs;       /* of RenderJob, in arrival order */
  guint8                           *scratch;    /* drawing buffer, reused */
  gsize                             scratch_size;
  gboolean                          gone;       /* the socket failed: the client is gone */
  gboolean                          broken;     /* the client broke the protocol */
} Helper;

static void
document_free (gpointer data)
{
  Document *doc = data;

  g_clear_object (&doc->document);
  g_free (doc->page_flags);
  g_free (doc);
}

/* ---- Socket I/O -------------------------------------------------------------------------- */

/* 1: read in full; 0: EOF before the first byte; -1: error or EOF inside. */
static int
read_full (int     fd,
           guint8 *buffer,
           gsize   length)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = read (fd, buffer + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        return done == 0 ? 0 : -1;
      done += (gsize) n;
    }
  return 1;
}

/* Sends one message; @pass_fd ≥ 0 rides along on its first byte. */
static gboolean
send_message (Helper       *helper,
              guint16       type,
              guint32       request_id,
              const guint8 *payload,
              gsize         payload_length,
              int           pass_fd)
{
  guint8 header[PLENUM_RENDER_HEADER_SIZE];
  struct iovec iov[2];
  union {
    struct cmsghdr align;
    char           buffer[CMSG_SPACE (sizeof (int))];
  } control;
  gsize total = sizeof header + payload_length;
  gsize sent = 0;

  if (helper->gone)
    return FALSE;

  g_assert (payload_length <= PLENUM_RENDER_MAX_PAYLOAD);
  plenum_render_header_write (header, type, request_id, (guint32) payload_length);

  while (sent < total)
    {
      struct msghdr msg = { 0 };
      int n_iov = 0;
      ssize_t n;

      if (sent < sizeof header)
        {
          iov[n_iov].iov_base = header + sent;
          iov[n_iov].iov_len = sizeof header - sent;
          n_iov++;
          if (payload_length > 0)
            {
              iov[n_iov].iov_base = (void *) payload;
              iov[n_iov].iov_len = payload_length;
              n_iov++;
            }
        }
      else
        {
          iov[n_iov].iov_base = (void *) (payload + (sent - sizeof header));
          iov[n_iov].iov_len = total - sent;
          n_iov++;
        }
      msg.msg_iov = iov;
      msg.msg_iovlen = n_iov;

      if (sent == 0 && pass_fd >= 0)
        {
          struct cmsghdr *cmsg;

          memset (&control, 0, sizeof control);
          msg.msg_control = control.buffer;
          msg.msg_controllen = sizeof control.buffer;
          cmsg = CMSG_FIRSTHDR (&msg);
          cmsg->cmsg_level = SOL_SOCKET;
          cmsg->cmsg_type = SCM_RIGHTS;
          cmsg->cmsg_len = CMSG_LEN (sizeof (int));
          memcpy (CMSG_DATA (cmsg), &pass_fd, sizeof (int));
        }

      n = sendmsg (helper->fd, &msg, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          helper->gone = TRUE;
          return FALSE;
        }
      sent += (gsize) n;
    }
  return TRUE;
}

static void send_error (Helper     *helper,
                        guint32     request_id,
                        guint32     code,
                        const char *format,
                        ...) G_GNUC_PRINTF (4, 5);

static void
send_error (Helper     *helper,
            guint32     request_id,
            guint32     code,
            const char *format,
            ...)
{
  g_autofree char *text = NULL;
  g_autofree char *valid = NULL;
  g_autofree guint8 *payload = NULL;
  va_list args;
  gsize length;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  /* poppler's messages may quote the document; keep them valid and short. */
  valid = g_utf8_make_valid (text, -1);
  length = strlen (valid);
  if (length > PLENUM_RENDER_MAX_MESSAGE)
    length = (gsize) (g_utf8_find_prev_char (valid, valid + PLENUM_RENDER_MAX_MESSAGE + 1) - valid);

  payload = g_malloc (PLENUM_RENDER_ERROR_FIXED + length);
  plenum_render_put_u32 (payload, code);
  memcpy (payload + PLENUM_RENDER_ERROR_FIXED, valid, length);
  send_message (helper, PLENUM_RENDER_MSG_ERROR, request_id, payload,
                PLENUM_RENDER_ERROR_FIXED + length, -1);
}

/* ---- Limits ------------------------------------------------------------------------------ */

/* Moves the soft CPU limit to what was used so far plus one request's budget. */
static void
arm_cpu_limit (Helper *helper)
{
  struct rusage usage;
  struct rlimit limit;
  rlim_t used;

  if (helper->settings->cpu_limit_s == 0)
    return;
  if (getrusage (RUSAGE_SELF, &usage) != 0 || getrlimit (RLIMIT_CPU, &limit) != 0)
    return;

  used = (rlim_t) usage.ru_utime.tv_sec + (rlim_t) usage.ru_stime.tv_sec + 1;
  limit.rlim_cur = used + helper->settings->cpu_limit_s;
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_cur > limit.rlim_max)
    limit.rlim_cur = limit.rlim_max;
  setrlimit (RLIMIT_CPU, &limit);
}

/* The entry of page @i in an OPENED payload. */
static guint8 *
page_entry (guint8 *reply,
            int     i)
{
  return reply + PLENUM_RENDER_OPENED_FIXED + (gsize) i * PLENUM_RENDER_OPENED_PER_PAGE;
}

/* ---- OPEN -------------------------------------------------------------------------------- */

/* Opens @path as document @handle; @password (NULL: none) is only handed to poppler. */
static void
open_document (Helper       *helper,
               guint32       request_id,
               guint32       handle,
               const char   *path,
               const char   *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(RenderPopplerDocument) document = NULL;
  g_autofree guint8 *reply = NULL;
  g_autofree guint8 *page_flags = NULL;
  PopplerIndexIter *outline;
  struct stat st;
  gsize reply_length;
  guint n_ok = 0;
  int n_pages;
  int fd;

  if (handle == 0 || g_hash_table_contains (helper->documents, GUINT_TO_POINTER (handle)))
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_BAD_REQUEST,
                  "Document handle %u is invalid or already in use", handle);
      return;
    }
  if (g_hash_table_size (helper->documents) >= MAX_OPEN_DOCUMENTS)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_TOO_BIG,
                  "Too many documents are open (at most %d)", MAX_OPEN_DOCUMENTS);
      return;
    }

  if (!send_message (helper, PLENUM_RENDER_MSG_STARTED, request_id, NULL, 0, -1))
    return;
  arm_cpu_limit (helper);

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      int saved = errno;
      send_error (helper, request_id, PLENUM_RENDER_WIRE_IO, "Cannot open the file: %s",
                  g_strerror (saved));
      return;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      send_error (helper, request_id, PLENUM_RENDER_WIRE_IO, "Not a regular file");
      return;
    }
  if ((guint64) st.st_size > helper->settings->max_file_size)
    {
      close (fd);
      send_error (helper, request_id, PLENUM_RENDER_WIRE_TOO_BIG,
                  "The file is too large (%" G_GUINT64_FORMAT " bytes, at most %"
                  G_GUINT64_FORMAT ")", (guint64) st.st_size, helper->settings->max_file_size);
      return;
    }
  if (st.st_size == 0)
    {
      close (fd);
      send_error (helper, request_id, PLENUM_RENDER_WIRE_NOT_PDF, "The file is empty");
      return;
    }

  mapped = g_mapped_file_new_from_fd (fd, FALSE, &error);
  close (fd);
  if (mapped == NULL)
    {
      send_error (helper, request_id,
                  g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM)
                  ? PLENUM_RENDER_WIRE_TOO_BIG : PLENUM_RENDER_WIRE_IO,
                  "Cannot read the file: %s", error->message);
      return;
    }
  bytes = g_mapped_file_get_bytes (mapped);

  if (password == NULL)
    {
      document = poppler_document_new_from_bytes (bytes, NULL, &error);
    }
  else
    {
      /* poppler-glib 22.12's new_from_bytes() crashes on a wrong password (it retries
       * with a stream it has already freed); new_from_stream() over the same bytes does
       * not. */
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);

      document = poppler_document_new_from_stream (stream, (goffset) g_bytes_get_size (bytes),
                                                   password, NULL, &error);
    }
  if (document == NULL)
    {
      if (g_error_matches (error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        send_error (helper, request_id, PLENUM_RENDER_WIRE_ENCRYPTED,
                    password != NULL ? "The password is wrong"
                                     : "The document is encrypted and needs a password");
      else
        send_error (helper, request_id, PLENUM_RENDER_WIRE_NOT_PDF, "Not a readable PDF: %s",
                    error->message);
      return;
    }

  n_pages = poppler_document_get_n_pages (document);
  if (n_pages <= 0)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_NO_PAGES, "The document has no pages");
      return;
    }
  if (n_pages > PLENUM_RENDER_MAX_PAGES)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_TOO_BIG,
                  "The document has too many pages (%d, at most %d)", n_pages,
                  PLENUM_RENDER_MAX_PAGES);
      return;
    }

  reply_length = PLENUM_RENDER_OPENED_FIXED + (gsize) n_pages * PLENUM_RENDER_OPENED_PER_PAGE;
  reply = g_malloc0 (reply_length);
  page_flags = g_malloc0 ((gsize) n_pages);

  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr(RenderPopplerPage) page = poppler_document_get_page (document, i);
      guint8 *entry = page_entry (reply, i);
      double width = 0, height = 0;

      if (page != NULL)
        poppler_page_get_size (page, &width, &height);
      if (page == NULL || !isfinite (width) || !isfinite (height) || width <= 0 || height <= 0)
        {
          page_flags[i] = PLENUM_RENDER_PAGE_MISSING;
          continue;
        }
      plenum_render_put_f64 (entry, width);
      plenum_render_put_f64 (entry + 8, height);
      n_ok++;
    }

  if (n_ok == 0)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_NO_PAGES,
                  "None of the document's %d pages can be read", n_pages);
      return;
    }

  /* A missing page takes the size of the nearest readable one before it (or after it,
   * for leading pages), so the client can lay it out and show that it failed. */
  for (int pass = 0; pass < 2; pass++)
    for (int k = 0; k < n_pages; k++)
      {
        int i = pass == 0 ? k : n_pages - 1 - k;
        int from = pass == 0 ? i - 1 : i + 1;
        guint8 *entry = page_entry (reply, i);
        guint8 *source;

        if (page_flags[i] == 0 || plenum_render_get_f64 (entry) > 0 || from < 0 || from >= n_pages)
          continue;
        source = page_entry (reply, from);
        memcpy (entry, source, 16);
      }
  for (int i = 0; i < n_pages; i++)
    plenum_render_put_u32 (page_entry (reply, i) + 16, page_flags[i]);

  outline = poppler_index_iter_new (document);
  plenum_render_put_u32 (reply, handle);
  plenum_render_put_u32 (reply + 4, (guint32) n_pages);
  plenum_render_put_u32 (reply + 8, outline != NULL ? PLENUM_RENDER_DOC_HAS_OUTLINE : 0);
  g_clear_pointer (&outline, poppler_index_iter_free);

  {
    Document *doc = g_new0 (Document, 1);

    doc->document = g_steal_pointer (&document);
    doc->n_pages = (guint) n_pages;
    doc->page_flags = g_steal_pointer (&page_flags);
    g_hash_table_insert (helper->documents, GUINT_TO_POINTER (handle), doc);
  }

  send_message (helper, PLENUM_RENDER_MSG_OPENED, request_id, reply, reply_length, -1);
}

static void
handle_open (Helper       *helper,
             guint32       request_id,
             const guint8 *payload,
             gsize         length)
{
  g_autofree char *path = NULL;

  if (length <= PLENUM_RENDER_OPEN_FIXED ||
      length - PLENUM_RENDER_OPEN_FIXED > PLENUM_RENDER_MAX_PATH ||
      memchr (payload + PLENUM_RENDER_OPEN_FIXED, '\0', length - PLENUM_RENDER_OPEN_FIXED) != NULL)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_BAD_REQUEST, "Malformed OPEN request");
      return;
    }
  path = g_strndup ((const char *) payload + PLENUM_RENDER_OPEN_FIXED,
                    length - PLENUM_RENDER_OPEN_FIXED);
  open_document (helper, request_id, plenum_render_get_u32 (payload), path, NULL);
}

static void
handle_open_password (Helper       *helper,
                      guint32       request_id,
                      const guint8 *payload,
                      gsize         length)
{
  g_autofree char *path = NULL;
  char *password;
  guint32 password_length;
  gsize path_offset;

  if (length < PLENUM_RENDER_OPEN_PASSWORD_FIXED)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_BAD_REQUEST,
                  "Malformed OPEN_PASSWORD request");
      return;
    }
  password_length = plenum_render_get_u32 (payload + 4);
  path_offset = PLENUM_RENDER_OPEN_PASSWORD_FIXED + (gsize) password_length;
  if (password_length > PLENUM_RENDER_MAX_PASSWORD || length <= path_offset ||
      length - path_offset > PLENUM_RENDER_MAX_PATH ||
      memchr (payload + PLENUM_RENDER_OPEN_PASSWORD_FIXED, '\0', password_length) != NULL ||
      memchr (payload + path_offset, '\0', length - path_offset) != NULL)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_BAD_REQUEST,
                  "Malformed OPEN_PASSWORD request");
      return;
    }
  path = g_strndup ((const char *) payload + path_offset, length - path_offset);
  password = g_strndup ((const char *) payload + PLENUM_RENDER_OPEN_PASSWORD_FIXED,
                        password_length);
  open_document (helper, request_id, plenum_render_get_u32 (payload), path, password);
  explicit_bzero (password, password_length);
  g_free (password);
}

/* ---- Destinations -------------------------------------------------------------------- */

/* The 0-based page @dest points at (named destinations looked up), or -1. */
static int
dest_page (Document    *doc,
           PopplerDest *dest)
{
  int page_num;

  if (dest == NULL)
    return -1;
  if (dest->type == POPPLER_DEST_NAMED)
    {
      PopplerDest *found;

      if (dest->named_dest == NULL)
        return -1;
      found = poppler_document_find_dest (doc->document, dest->named_dest);
      if (found == NULL)
        return -1;
      page_num = found->type == POPPLER_DEST_NAMED ? 0 : found->page_num;
      poppler_dest_free (found);
    }
  else
    {
      page_num = dest->page_num;
    }
  if (page_num < 1 || (guint) page_num > doc->n_pages)
    return -1;
  return page_num - 1;
}

static int
action_page (Document      *doc,
             PopplerAction *action)
{
  if (action == NULL || action->type != POPPLER_ACTION_GOTO_DEST)
    return -1;
  return dest_page (doc, action->goto_dest.dest);
}

/* @text made valid UTF-8 without control characters, cut to @max bytes at a character
 * boundary. */
static char *
clean_text (const char *text,
            gsize       max)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char buffer[6];
      int n;

      if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        c = ' ';
      n = g_unichar_to_utf8 (c, buffer);
      if (out->len + (gsize) n > max)
        break;
      g_string_append_len (out, buffer, n);
    }
  return g_string_free (out, FALSE);
}

/* Looks up document @handle for a request, or answers NO_DOCUMENT. */
static Document *
lookup_document (Helper  *helper,
                 guint32  request_id,
                 guint32  handle)
{
  Document *doc = g_hash_table_lookup (helper->documents, GUINT_TO_POINTER (handle));

  if (doc == NULL)
    send_error (helper, request_id, PLENUM_RENDER_WIRE_NO_DOCUMENT, "Document %u is not open",
                handle);
  return doc;
}

/* ---- SEARCH ------------------------------------------------------------------------------ */

/* Text folded for matching: each character with the index of the original character it
 * came from. */
typedef struct {
  GArray *chars;    /* gunichar */
  GArray *origins;  /* guint */
} Folded;

static void
folded_init (Folded *folded)
{
  folded->chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  folded->origins = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
folded_clear (Folded *folded)
{
  g_clear_pointer (&folded->chars, g_array_unref);
  g_clear_pointer (&folded->origins, g_array_unref);
}

static void
folded_append (Folded   *folded,
               gunichar  c,
               guint     origin)
{
  g_array_append_val (folded->chars, c);
  g_array_append_val (folded->origins, origin);
}

static gboolean
is_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK;
}

/* Appends @c folded: white space as one space (runs collapse), NFD, marks dropped when
 * @ignore_diacritics (and đ → d, which has no decomposition), casefolded. */
static void
fold_char (Folded   *folded,
           gunichar  c,
           guint     origin,
           gboolean  ignore_diacritics)
{
  g_autofree char *nfd = NULL;
  char buffer[8];
  int n;

  if (c == 0 || g_unichar_isspace (c))
    {
      if (folded->chars->len > 0 &&
          g_array_index (folded->chars, gunichar, folded->chars->len - 1) == ' ')
        return;
      folded_append (folded, ' ', origin);
      return;
    }
  if (c < 0x80)
    {
      folded_append (folded, g_ascii_tolower ((char) c), origin);
      return;
    }

  n = g_unichar_to_utf8 (c, buffer);
  nfd = g_utf8_normalize (buffer, n, G_NORMALIZE_NFD);
  if (nfd == NULL)
    return;
  for (const char *p = nfd; *p != '\0'; p = g_utf8_next_char (p))
    {
      g_autofree char *folded_text = NULL;
      gunichar d = g_utf8_get_char (p);

      if (ignore_diacritics && is_mark (d))
        continue;
      if (ignore_diacritics && (d == 0x0110 || d == 0x0111))  /* Đ đ */
        d = 'd';
      n = g_unichar_to_utf8 (d, buffer);
      folded_text = g_utf8_casefold (buffer, n);
      for (const char *q = folded_text; *q != '\0'; q = g_utf8_next_char (q))
        {
          gunichar f = g_utf8_get_char (q);

          /* Casefolding may add a mark (İ → i̇). */
          if (!(ignore_diacritics && is_mark (f)))
            folded_append (folded, f, origin);
        }
    }
}

/* Puts runs of combining marks in canonical order (as NFD of the whole text would), so
 * that decomposed text whose marks come in another order still matches. */
static void
folded_reorder_marks (Folded *folded)
{
  gunichar *chars = (gunichar *) (void *) folded->chars->data;
  guint *origins = (guint *) (void *) folded->origins->data;

  for (guint i = 1; i < folded->chars->len; i++)
    {
      int cc = g_unichar_combining_class (chars[i]);
      guint j = i;

      if (cc == 0)
        continue;
      while (j > 0 && g_unichar_combining_class (chars[j - 1]) > cc)
        {
          gunichar c = chars[j];
          guint o = origins[j];

          chars[j] = chars[j - 1];
          origins[j] = origins[j - 1];
          chars[j - 1] = c;
          origins[j - 1] = o;
          j--;
        }
    }
}

static void
fold_text (Folded     *folded,
           const char *text,
           gboolean    ignore_diacritics)
{
  guint index = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), index++)
    fold_char (folded, g_utf8_get_char (p), index, ignore_diacritics);
  folded_reorder_marks (folded);
}

typedef struct {
  double x1, y1, x2, y2;
} Box;

typedef struct {
  GByteArray *reply;       /* the SEARCHED entries so far */
  guint       n_rects;
  guint       n_matches;
  gboolean    capped;
} SearchResult;

static void
put_rect (SearchResult *result,
          guint         page,
          const Box    *box)
{
  guint8 entry[PLENUM_RENDER_SEARCHED_PER_RECT];

  plenum_render_put_u32 (entry, page);
  plenum_render_put_u32 (entry + 4, result->n_matches);
  plenum_render_put_f64 (entry + 8, box->x1);
  plenum_render_put_f64 (entry + 16, box->y1);
  plenum_render_put_f64 (entry + 24, box->x2 - box->x1);
  plenum_render_put_f64 (entry + 32, box->y2 - box->y1);
  g_byte_array_append (result->reply, entry, sizeof entry);
  result->n_rects++;
}

/* Is @b on the line of @line (whose last character started at @last_x)? */
static gboolean
same_line (const Box *line,
           const Box *b,
           double     last_x)
{
  double overlap = MIN (line->y2, b->y2) - MAX (line->y1, b->y1);
  double height = MIN (line->y2 - line->y1, b->y2 - b->y1);

  return overlap > 0.5 * height && b->x1 >= last_x - 1.0;
}

/* Adds one match, characters [first, last] of the page, as one rectangle per line. FALSE
 * when the rectangles would go over the cap. */
static gboolean
add_match (SearchResult           *result,
           guint                   page_index,
           const gunichar         *text,
           const PopplerRectangle *rects,
           guint                   n_rects,
           guint                   first,
           guint                   last)
{
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (Box));
  Box line = { 0 };
  gboolean have_line = FALSE;
  double last_x = 0;

  for (guint i = first; i <= last && i < n_rects; i++)
    {
      Box b;

      if (g_unichar_isspace (text[i]))
        continue;
      b.x1 = MIN (rects[i].x1, rects[i].x2);
      b.x2 = MAX (rects[i].x1, rects[i].x2);
      b.y1 = MIN (rects[i].y1, rects[i].y2);
      b.y2 = MAX (rects[i].y1, rects[i].y2);
      if (!isfinite (b.x1) || !isfinite (b.x2) || !isfinite (b.y1) || !isfinite (b.y2))
        continue;
      if (have_line && same_line (&line, &b, last_x))
        {
          line.x1 = MIN (line.x1, b.x1);
          line.x2 = MAX (line.x2, b.x2);
          line.y1 = MIN (line.y1, b.y1);
          line.y2 = MAX (line.y2, b.y2);
        }
      else
        {
          if (have_line)
            g_array_append_val (boxes, line);
          line = b;
          have_line = TRUE;
        }
      last_x = b.x1;
    }
  if (have_line)
    g_array_append_val (boxes, line);
  if (boxes->len == 0)
    return TRUE;  /* nothing to show: not counted */
  if (result->n_rects + boxes->len > PLENUM_RENDER_MAX_SEARCH_RECTS)
    return FALSE;
  for (guint i = 0; i < boxes->len; i++)
    put_rect (result, page_index, &g_array_index (boxes, Box, i));
  result->n_matches++;
  return TRUE;
}

/* Searches one page; FALSE when a cap was reached. */
static gboolean
search_page (SearchResult *result,
             PopplerPage  *page,
             guint         page_index,
             const Folded *needle,
             gboolean      ignore_diacritics)
{
  g_autofree char *text = poppler_page_get_text (page);
  g_autofree PopplerRectangle *rects = NULL;
  g_autofree gunichar *chars = NULL;
  Folded hay;
  const gunichar *n_chars = (const gunichar *) (const void *) needle->chars->data;
  guint n_len = needle->chars->len;
  guint n_rects = 0;
  glong n_text = 0;
  gboolean ok = TRUE;

  if (text == NULL || text[0] == '\0')
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }
  if (!poppler_page_get_text_layout (page, &rects, &n_rects))
    return TRUE;
  chars = g_utf8_to_ucs4_fast (text, -1, &n_text);

  folded_init (&hay);
  fold_text (&hay, text, ignore_diacritics);

  {
    const gunichar *h = (const gunichar *) (const void *) hay.chars->data;
    const guint *origins = (const guint *) (const void *) hay.origins->data;
    guint h_len = hay.chars->len;
    guint i = 0;

    while (n_len > 0 && i + n_len <= h_len)
      {
        guint first, last;

        if (memcmp (h + i, n_chars, n_len * sizeof (gunichar)) != 0 ||
            /* Exact: "nghi" is not "nghị", whose mark follows the match. */
            (!ignore_diacritics && i + n_len < h_len && is_mark (h[i + n_len])))
          {
            i++;
            continue;
          }
        if (result->n_matches >= PLENUM_RENDER_MAX_SEARCH_HITS)
          {
            ok = FALSE;
            break;
          }
        first = origins[i];
        last = origins[i + n_len - 1];
        if (last < (guint) n_text &&
            !add_match (result, page_index, chars, rects, MIN (n_rects, (guint) n_text),
                        first, last))
          {
            ok = FALSE;
            break;
          }
        i += n_len;
      }
  }

  folded_clear (&hay);
  return ok;
}

static void
handle_search (Helper       *helper,
               guint32       request_id,
               const guint8 *payload,
               gsize         length)
{
  g_autoptr(GByteArray) reply = NULL;
  g_autofree char *text = NULL;
  SearchResult result = { 0 };
  Folded needle;
  Document *doc;
  guint32 first, count, flags;
  gboolean ignore_diacritics;
  guint end;

  if (length <= PLENUM_RENDER_SEARCH_FIXED ||
      length - PLENUM_RENDER_SEARCH_FIXED > PLENUM_RENDER_MAX_SEARCH_TEXT ||
      memchr (payload + PLENUM_RENDER_SEARCH_FIXED, '\0', length - PLENUM_RENDER_SEARCH_FIXED) != NULL ||
      !g_utf8_validate ((const char *) payload + PLENUM_RENDER_SEARCH_FIXED,
                        (gssize) (length - PLENUM_RENDER_SEARCH_FIXED), NULL))
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_BAD_REQUEST, "Malformed SEARCH request");
      return;
    }
  doc = lookup_document (helper, request_id, plenum_render_get_u32 (payload));
  if (doc == NULL)
    return;
  first = plenum_render_get_u32 (payload + 4);
  count = plenum_render_get_u32 (payload + 8);
  flags = plenum_render_get_u32 (payload + 12);
  if (first >= doc->n_pages)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_PAGE_FAILED,
                  "Page %u does not exist (the document has %u)", first + 1, doc->n_pages);
      return;
    }
  if ((flags & ~PLENUM_RENDER_SEARCH_FLAG_IGNORE_DIACRITICS) != 0)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_BAD_REQUEST, "Unknown search flags");
      return;
    }
  ignore_diacritics = (flags & PLENUM_RENDER_SEARCH_FLAG_IGNORE_DIACRITICS) != 0;
  end = first + MIN (count, doc->n_pages - first);
  text = g_strndup ((const char *) payload + PLENUM_RENDER_SEARCH_FIXED,
                    length - PLENUM_RENDER_SEARCH_FIXED);

  if (!send_message (helper, PLENUM_RENDER_MSG_STARTED, request_id, NULL, 0, -1))
    return;
  arm_cpu_limit (helper);

  folded_init (&needle);
  fold_text (&needle, text, ignore_diacritics);
  /* Leading and trailing white space would only make matches depend on line ends. */
  while (needle.chars->len > 0 && g_array_index (needle.chars, gunichar, 0) == ' ')
    {
      g_array_remove_index (needle.chars, 0);
      g_array_remove_index (needle.origins, 0);
    }
  while (needle.chars->len > 0 &&
         g_array_index (needle.chars, gunichar, needle.chars->len - 1) == ' ')
    {
      g_array_set_size (needle.chars, needle.chars->len - 1);
      g_array_set_size (needle.origins, needle.origins->len - 1);
    }

  result.reply = g_byte_array_new ();
  g_byte_array_set_size (result.reply, PLENUM_RENDER_SEARCHED_FIXED);

  for (guint i = first; i < end && needle.chars->len > 0; i++)
    {
      g_autoptr(RenderPopplerPage) page = NULL;

      if (doc->page_flags[i] & PLENUM_RENDER_PAGE_MISSING)
        continue;
      page = poppler_document_get_page (doc->document, (int) i);
      if (page == NULL)
        continue;
      if (!search_page (&result, page, i, &needle, ignore_diacritics))
        {
          result.capped = TRUE;
          break;
        }
    }
  folded_clear (&needle);

  reply = result.reply;
  plenum_render_put_u32 (reply->data, result.n_rects);
  plenum_render_put_u32 (reply->data + 4, result.capped ? PLENUM_RENDER_SEARCHED_CAPPED : 0);
  send_message (helper, PLENUM_RENDER_MSG_SEARCHED, request_id, reply->data, reply->len, -1);
}

/* ---- OUTLINE ----------------------------------------------------------------------------- */

typedef struct {
  Document   *doc;
  GByteArray *reply;
  guint       n_entries;
  gboolean    capped;
} Outline;

static void
outline_walk (Outline          *outline,
              PopplerIndexIter *iter,
              guint             depth)
{
  do
    {
      PopplerAction *action;
      PopplerIndexIter *child;
      g_autofree char *title = NULL;
      guint8 entry[PLENUM_RENDER_OUTLINE_PER_ENTRY];
      gsize title_length;

      /* The cap also ends an outline whose items loop back on themselves. */
      if (outline->n_entries >= PLENUM_RENDER_MAX_OUTLINE)
        {
          outline->capped = TRUE;
          return;
        }
      action = poppler_index_iter_get_action (iter);
      title = clean_text (action != NULL ? action->any.title : NULL, PLENUM_RENDER_MAX_TITLE);
      title_length = strlen (title);
      plenum_render_put_u32 (entry, depth);
      plenum_render_put_u32 (entry + 4, (guint32) action_page (outline->doc, action));
      plenum_render_put_u32 (entry + 8, (guint32) title_length);
      g_byte_array_append (outline->reply, entry, sizeof entry);
      g_byte_array_append (outline->reply, (const guint8 *) title, (guint) title_length);
      outline->n_entries++;
      g_clear_pointer (&action, poppler_action_free);

      child = poppler_index_iter_get_child (iter);
      if (child != NULL)
        {
          if (depth + 1 < PLENUM_RENDER_MAX_OUTLINE_DEPTH)
            outline_walk (outline, child, depth + 1);
          else
            outline->capped = TRUE;
          poppler_index_iter_free (child);
        }
    }
  while (outline->n_entries < PLENUM_RENDER_MAX_OUTLINE && poppler_index_iter_next (iter));
}

static void
handle_outline (Helper       *helper,
                guint32       request_id,
                const guint8 *payload,
                gsize         length)
{
  g_autoptr(GByteArray) reply = NULL;
  Outline outline = { 0 };
  PopplerIndexIter *iter;
  Document *doc;

  if (length != PLENUM_RENDER_OUTLINE_SIZE)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_BAD_REQUEST, "Malformed OUTLINE request");
      return;
    }
  doc = lookup_document (helper, request_id, plenum_render_get_u32 (payload));
  if (doc == NULL)
    return;

  if (!send_message (helper, PLENUM_RENDER_MSG_STARTED, request_id, NULL, 0, -1))
    return;
  arm_cpu_limit (helper);

  reply = g_byte_array_new ();
  g_byte_array_set_size (reply, PLENUM_RENDER_OUTLINE_FIXED);
  outline.doc = doc;
  outline.reply = reply;
  iter = poppler_index_iter_new (doc->document);
  if (iter != NULL)
    {
      outline_walk (&outline, iter, 0);
      poppler_index_iter_free (iter);
    }
  plenum_render_put_u32 (reply->data, outline.n_entries);
  plenum_render_put_u32 (reply->data + 4, outline.capped ? PLENUM_RENDER_OUTLINE_CAPPED : 0);
  send_message (helper, PLENUM_RENDER_MSG_OUTLINE_ENTRIES, request_id, reply->data, reply->len,
                -1);
}

/* ---- LINKS ------------------------------------------------------------------------------- */

static void
handle_links (Helper       *helper,
              guint32       request_id,
              const guint8 *payload,
              gsize         length)
{
  g_autoptr(GByteArray) reply = NULL;
  g_autoptr(RenderPopplerPage) page = NULL;
  GList *mapping;
  Document *doc;
  guint32 page_index;
  guint n_links = 0;
  double page_width, page_height;

  if (length != PLENUM_RENDER_LINKS_SIZE)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_BAD_REQUEST, "Malformed LINKS request");
      return;
    }
  doc = lookup_document (helper, request_id, plenum_render_get_u32 (payload));
  if (doc == NULL)
    return;
  page_index = plenum_render_get_u32 (payload + 4);
  if (page_index >= doc->n_pages || (doc->page_flags[page_index] & PLENUM_RENDER_PAGE_MISSING))
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_PAGE_FAILED,
                  "Page %u does not exist or is missing", page_index + 1);
      return;
    }

  if (!send_message (helper, PLENUM_RENDER_MSG_STARTED, request_id, NULL, 0, -1))
    return;
  arm_cpu_limit (helper);

  page = poppler_document_get_page (doc->document, (int) page_index);
  if (page == NULL)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_PAGE_FAILED,
                  "Page %u is missing from the document", page_index + 1);
      return;
    }
  poppler_page_get_size (page, &page_width, &page_height);

  reply = g_byte_array_new ();
  g_byte_array_set_size (reply, PLENUM_RENDER_LINK_LIST_FIXED);
  mapping = poppler_page_get_link_mapping (page);
  for (GList *l = mapping; l != NULL && n_links < PLENUM_RENDER_MAX_LINKS; l = l->next)
    {
      PopplerLinkMapping *link = l->data;
      PopplerAction *action = link->action;
      g_autofree char *uri = NULL;
      guint8 entry[PLENUM_RENDER_LINK_PER_ENTRY];
      double x1 = MIN (link->area.x1, link->area.x2);
      double x2 = MAX (link->area.x1, link->area.x2);
      double y1 = MIN (link->area.y1, link->area.y2);
      double y2 = MAX (link->area.y1, link->area.y2);
      gsize uri_length = 0;
      int target = -1;

      if (action == NULL || !isfinite (x1) || !isfinite (x2) || !isfinite (y1) ||
          !isfinite (y2))
        continue;
      if (action->type == POPPLER_ACTION_GOTO_DEST)
        {
          target = action_page (doc, action);
          if (target < 0)
            continue;
        }
      else if (action->type == POPPLER_ACTION_URI && action->uri.uri != NULL)
        {
          uri = clean_text (action->uri.uri, G_MAXSIZE);
          uri_length = strlen (uri);
          /* A cut URI would lead somewhere else: too long ones are left out. */
          if (uri_length == 0 || uri_length > PLENUM_RENDER_MAX_URI)
            continue;
        }
      else
        {
          continue;
        }

      /* poppler gives PDF user space (origin at the bottom-left). */
      plenum_render_put_f64 (entry, x1);
      plenum_render_put_f64 (entry + 8, page_height - y2);
      plenum_render_put_f64 (entry + 16, x2 - x1);
      plenum_render_put_f64 (entry + 24, y2 - y1);
      plenum_render_put_u32 (entry + 32, (guint32) target);
      plenum_render_put_u32 (entry + 36, (guint32) uri_length);
      g_byte_array_append (reply, entry, sizeof entry);
      if (uri_length > 0)
        g_byte_array_append (reply, (const guint8 *) uri, (guint) uri_length);
      n_links++;
    }
  poppler_page_free_link_mapping (mapping);

  plenum_render_put_u32 (reply->data, n_links);
  plenum_render_put_u32 (reply->data + 4, 0);
  send_message (helper, PLENUM_RENDER_MSG_LINK_LIST, request_id, reply->data, reply->len, -1);
}

/* ---- TEXT -------------------------------------------------------------------------------- */

static void stall_forever (void);

/* Appends box @rect (poppler's layout: top-left origin, corners in any order) to @reply;
 * a rectangle that is not finite becomes an empty box at 0,0. */
static void
put_box (GByteArray             *reply,
         const PopplerRectangle *rect)
{
  guint8 entry[PLENUM_RENDER_PAGE_TEXT_PER_BOX];
  double x1 = MIN (rect->x1, rect->x2);
  double x2 = MAX (rect->x1, rect->x2);
  double y1 = MIN (rect->y1, rect->y2);
  double y2 = MAX (rect->y1, rect->y2);

  if (!isfinite (x1) || !isfinite (x2) || !isfinite (y1) || !isfinite (y2))
    x1 = x2 = y1 = y2 = 0;
  plenum_render_put_f64 (entry, x1);
  plenum_render_put_f64 (entry + 8, y1);
  plenum_render_put_f64 (entry + 16, x2 - x1);
  plenum_render_put_f64 (entry + 24, y2 - y1);
  g_byte_array_append (reply, entry, sizeof entry);
}

static void
handle_text (Helper       *helper,
             guint32       request_id,
             const guint8 *payload,
             gsize         length)
{
  g_autoptr(GByteArray) reply = NULL;
  g_autoptr(RenderPopplerPage) page = NULL;
  g_autofree char *text = NULL;
  g_autofree PopplerRectangle *rects = NULL;
  PopplerRectangle last = { 0 };
  Document *doc;
  guint32 page_index;
  guint n_rects = 0;
  glong n_chars;
  gsize text_length;

  if (length != PLENUM_RENDER_TEXT_SIZE)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_BAD_REQUEST, "Malformed TEXT request");
      return;
    }
  doc = lookup_document (helper, request_id, plenum_render_get_u32 (payload));
  if (doc == NULL)
    return;
  page_index = plenum_render_get_u32 (payload + 4);
  if (page_index >= doc->n_pages || (doc->page_flags[page_index] & PLENUM_RENDER_PAGE_MISSING))
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_PAGE_FAILED,
                  "Page %u does not exist or is missing", page_index + 1);
      return;
    }

  if (!send_message (helper, PLENUM_RENDER_MSG_STARTED, request_id, NULL, 0, -1))
    return;
  arm_cpu_limit (helper);
  if (helper->settings->stall_page >= 0 && page_index == (guint64) helper->settings->stall_page)
    stall_forever ();

  page = poppler_document_get_page (doc->document, (int) page_index);
  if (page == NULL)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_PAGE_FAILED,
                  "Page %u is missing from the document", page_index + 1);
      return;
    }

  /* poppler writes the text with its UTF-8 map; repairing it (never needed so far) may
   * change the character count, which the pairing below absorbs. A NUL would end the
   * text on the wire, so the text ends there. */
  text = poppler_page_get_text (page);
  if (text == NULL)
    text = g_strdup ("");
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }
  text_length = strlen (text);
  n_chars = g_utf8_strlen (text, (gssize) text_length);
  if (n_chars > PLENUM_RENDER_MAX_TEXT_CHARS)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_TOO_BIG,
                  "Page %u has %ld characters of text, more than %u", page_index + 1, n_chars,
                  (guint) PLENUM_RENDER_MAX_TEXT_CHARS);
      return;
    }
  if (n_chars > 0 && !poppler_page_get_text_layout (page, &rects, &n_rects))
    n_rects = 0;
  if ((glong) n_rects != n_chars)
    g_debug ("page %u: %ld characters of text but %u layout rectangles", page_index + 1,
             n_chars, n_rects);

  reply = g_byte_array_sized_new (PLENUM_RENDER_PAGE_TEXT_FIXED + (guint) text_length +
                                  (guint) n_chars * PLENUM_RENDER_PAGE_TEXT_PER_BOX);
  g_byte_array_set_size (reply, PLENUM_RENDER_PAGE_TEXT_FIXED);
  plenum_render_put_u32 (reply->data, (guint32) text_length);
  plenum_render_put_u32 (reply->data + 4, (guint32) n_chars);
  g_byte_array_append (reply, (const guint8 *) text, (guint) text_length);
  /* Box i is character i's; characters past the rectangles get an empty box where the
   * last one ended. */
  for (glong i = 0; i < n_chars; i++)
    {
      if ((guint) i < n_rects)
        {
          put_box (reply, &rects[i]);
          last.x1 = last.x2 = MAX (rects[i].x1, rects[i].x2);
          last.y1 = last.y2 = MAX (rects[i].y1, rects[i].y2);
        }
      else
        {
          put_box (reply, &last);
        }
    }
  send_message (helper, PLENUM_RENDER_MSG_PAGE_TEXT, request_id, reply->data, reply->len, -1);
}

/* ---- RENDER ------------------------------------------------------------------------------ */

/* Draws @page on white, scaled to exactly @width × @height pixels, into @pixels. */
static cairo_status_t
draw_page (PopplerPage *page,
           guint8      *pixels,
           guint        width,
           guint        height,
           int          stride,
           double       page_width,
           double       page_height)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  surface = cairo_image_surface_create_for_data (pixels, CAIRO_FORMAT_ARGB32, (int) width,
                                                 (int) height, stride);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
  cairo_paint (cr);
  /* Rendered at the target size: the page's points scaled onto the pixels, never a large
   * render scaled down. */
  cairo_scale (cr, width / page_width, height / page_height);
  poppler_page_render (page, cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return status;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  gsize done = 0;

  while (done < length)
    {
      ssize_t n = pwrite (fd, data + done, length - done, (off_t) done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = ENOSPC;
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

static void
stall_forever (void)
{
  /* Test hook (PLENUM_RENDER_TEST_STALL_PAGE): wait until the client kills us. */
  for (;;)
    pause ();
}

static void
render_job (Helper          *helper,
            const RenderJob *job)
{
  g_autoptr(RenderPopplerPage) page = NULL;
  guint8 reply[PLENUM_RENDER_RENDERED_SIZE];
  cairo_status_t status;
  Document *doc;
  double page_width, page_height;
  guint64 n_pixels;
  gsize size;
  guint8 *pixels;
  void *mapping = NULL;
  int stride;
  int fd;

  doc = g_hash_table_lookup (helper->documents, GUINT_TO_POINTER (job->handle));
  if (doc == NULL)
    {
      send_error (helper, job->request_id, PLENUM_RENDER_WIRE_NO_DOCUMENT,
                  "Document %u is not open", job->handle);
      return;
    }
  if (job->page >= doc->n_pages)
    {
      send_error (helper, job->request_id, PLENUM_RENDER_WIRE_PAGE_FAILED,
                  "Page %u does not exist (the document has %u)", job->page + 1, doc->n_pages);
      return;
    }
  if (job->width == 0 || job->height == 0)
    {
      send_error (helper, job->request_id, PLENUM_RENDER_WIRE_BAD_REQUEST,
                  "Empty render size %u×%u", job->width, job->height);
      return;
    }
  n_pixels = (guint64) job->width * job->height;
  if (job->width > PLENUM_RENDER_MAX_SIDE || job->height > PLENUM_RENDER_MAX_SIDE ||
      n_pixels > helper->settings->max_pixels)
    {
      send_error (helper, job->request_id, PLENUM_RENDER_WIRE_TOO_BIG,
                  "A render of %u×%u pixels is over the budget of %" G_GUINT64_FORMAT
                  " pixels", job->width, job->height, helper->settings->max_pixels);
      return;
    }
  if (doc->page_flags[job->page] & PLENUM_RENDER_PAGE_MISSING)
    {
      send_error (helper, job->request_id, PLENUM_RENDER_WIRE_PAGE_FAILED,
                  "Page %u is missing from the document", job->page + 1);
      return;
    }

  if (!send_message (helper, PLENUM_RENDER_MSG_STARTED, job->request_id, NULL, 0, -1))
    return;
  arm_cpu_limit (helper);

  if (helper->settings->stall_page >= 0 && job->page == (guint64) helper->settings->stall_page)
    stall_forever ();

  page = poppler_document_get_page (doc->document, (int) job->page);
  if (page == NULL)
    {
      send_error (helper, job->request_id, PLENUM_RENDER_WIRE_PAGE_FAILED,
                  "Page %u is missing from the document", job->page + 1);
      return;
    }
  poppler_page_get_size (page, &page_width, &page_height);
  if (!isfinite (page_width) || !isfinite (page_height) || page_width <= 0 || page_height <= 0)
    {
      send_error (helper, job->request_id, PLENUM_RENDER_WIRE_PAGE_FAILED,
                  "Page %u has no size", job->page + 1);
      return;
    }

  stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, (int) job->width);
  if (stride <= 0)
    {
      send_error (helper, job->request_id, PLENUM_RENDER_WIRE_TOO_BIG, "Width %u is too large",
                  job->width);
      return;
    }
  size = (gsize) stride * job->height;

  fd = memfd_create ("plenum-page", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0)
    {
      int saved = errno;
      send_error (helper, job->request_id, PLENUM_RENDER_WIRE_PAGE_FAILED,
                  "Cannot make shared memory: %s", g_strerror (saved));
      return;
    }
  if (ftruncate (fd, (off_t) size) != 0)
    {
      int saved = errno;
      close (fd);
      send_error (helper, job->request_id, PLENUM_RENDER_WIRE_TOO_BIG,
                  "Cannot size shared memory to %" G_GSIZE_FORMAT " bytes: %s", size,
                  g_strerror (saved));
      return;
    }

  /* Small enough: draw in the scratch buffer, whose pages stay mapped from one page to the
   * next, then write it into the memfd in one go — cheaper than faulting in fresh shared
   * pages one by one while drawing. Larger pages are drawn straight into the memfd, so as
   * not to need the memory twice. */
  if (size <= SCRATCH_MAX_BYTES && helper->scratch_size < size)
    {
      g_clear_pointer (&helper->scratch, g_free);
      helper->scratch_size = 0;
      helper->scratch = g_try_malloc (size);
      if (helper->scratch != NULL)
        helper->scratch_size = size;
    }
  if (size <= helper->scratch_size)
    {
      pixels = helper->scratch;
    }
  else
    {
      mapping = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
      if (mapping == MAP_FAILED)
        {
          int saved = errno;
          close (fd);
          send_error (helper, job->request_id,
                      saved == ENOMEM ? PLENUM_RENDER_WIRE_TOO_BIG : PLENUM_RENDER_WIRE_PAGE_FAILED,
                      "Cannot map %" G_GSIZE_FORMAT " bytes of shared memory: %s", size,
                      g_strerror (saved));
          return;
        }
      pixels = mapping;
    }

  status = draw_page (page, pixels, job->width, job->height, stride, page_width, page_height);

  if (mapping != NULL)
    munmap (mapping, size);
  else if (status == CAIRO_STATUS_SUCCESS && !write_all (fd, pixels, size))
    {
      int saved = errno;
      close (fd);
      send_error (helper, job->request_id,
                  saved == ENOMEM || saved == ENOSPC
                  ? PLENUM_RENDER_WIRE_TOO_BIG : PLENUM_RENDER_WIRE_PAGE_FAILED,
                  "Cannot fill shared memory: %s", g_strerror (saved));
      return;
    }

  if (status != CAIRO_STATUS_SUCCESS)
    {
      close (fd);
      send_error (helper, job->request_id,
                  status == CAIRO_STATUS_NO_MEMORY
                  ? PLENUM_RENDER_WIRE_TOO_BIG : PLENUM_RENDER_WIRE_PAGE_FAILED,
                  "Rendering page %u failed: %s", job->page + 1, cairo_status_to_string (status));
      return;
    }

  /* No writable mapping is left, so the write seal can be set: the client maps pages that
   * can no longer change or shrink under it. */
  if (fcntl (fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0)
    {
      int saved = errno;
      close (fd);
      send_error (helper, job->request_id, PLENUM_RENDER_WIRE_PAGE_FAILED,
                  "Cannot seal the shared memory: %s", g_strerror (saved));
      return;
    }

  plenum_render_put_u32 (reply, job->width);
  plenum_render_put_u32 (reply + 4, job->height);
  plenum_render_put_u32 (reply + 8, (guint32) stride);
  plenum_render_put_u32 (reply + 12, PLENUM_RENDER_FORMAT_ARGB32_PREMULTIPLIED);
  plenum_render_put_u64 (reply + 16, size);
  send_message (helper, PLENUM_RENDER_MSG_RENDERED, job->request_id, reply, sizeof reply, fd);
  close (fd);
}

/* ---- Requests ---------------------------------------------------------------------------- */

static void
cancel_job (Helper  *helper,
            guint32  target)
{
  for (GList *l = helper->jobs.head; l != NULL; l = l->next)
    {
      RenderJob *job = l->data;

      if (job->request_id != target)
        continue;
      g_queue_delete_link (&helper->jobs, l);
      send_error (helper, target, PLENUM_RENDER_WIRE_CANCELLED, "Cancelled");
      g_free (job);
      return;
    }
}

static void
handle_request (Helper                   *helper,
                const PlenumRenderHeader *header,
                const guint8             *payload)
{
  switch (header->type)
    {
    case PLENUM_RENDER_MSG_PING:
      send_message (helper, PLENUM_RENDER_MSG_PONG, header->request_id, NULL, 0, -1);
      break;

    case PLENUM_RENDER_MSG_OPEN:
      handle_open (helper, header->request_id, payload, header->payload_length);
      break;

    case PLENUM_RENDER_MSG_OPEN_PASSWORD:
      handle_open_password (helper, header->request_id, payload, header->payload_length);
      break;

    case PLENUM_RENDER_MSG_SEARCH:
      handle_search (helper, header->request_id, payload, header->payload_length);
      break;

    case PLENUM_RENDER_MSG_OUTLINE:
      handle_outline (helper, header->request_id, payload, header->payload_length);
      break;

    case PLENUM_RENDER_MSG_LINKS:
      handle_links (helper, header->request_id, payload, header->payload_length);
      break;

    case PLENUM_RENDER_MSG_TEXT:
      handle_text (helper, header->request_id, payload, header->payload_length);
      break;

    case PLENUM_RENDER_MSG_CLOSE:
      if (header->payload_length == 4)
        g_hash_table_remove (helper->documents,
                             GUINT_TO_POINTER (plenum_render_get_u32 (payload)));
      break;

    case PLENUM_RENDER_MSG_CANCEL:
      if (header->payload_length == 4)
        cancel_job (helper, plenum_render_get_u32 (payload));
      break;

    case PLENUM_RENDER_MSG_RENDER:
      if (header->payload_length == PLENUM_RENDER_RENDER_SIZE)
        {
          RenderJob *job = g_new0 (RenderJob, 1);

          job->request_id = header->request_id;
          job->handle = plenum_render_get_u32 (payload);
          job->page = plenum_render_get_u32 (payload + 4);
          job->width = plenum_render_get_u32 (payload + 8);
          job->height = plenum_render_get_u32 (payload + 12);
          job->priority = (gint32) plenum_render_get_u32 (payload + 16);
          g_queue_push_tail (&helper->jobs, job);
        }
      else
        {
          send_error (helper, header->request_id, PLENUM_RENDER_WIRE_BAD_REQUEST,
                      "Malformed RENDER request");
        }
      break;

    default:
      send_error (helper, header->request_id, PLENUM_RENDER_WIRE_BAD_REQUEST,
                  "Unknown request type %u", header->type);
      break;
    }
}

/* Reads and handles one request. FALSE when the socket closed or the stream is broken. */
static gboolean
read_request (Helper *helper)
{
  guint8 raw[PLENUM_RENDER_HEADER_SIZE];
  g_autofree guint8 *payload = NULL;
  PlenumRenderHeader header;
  int r;

  r = read_full (helper->fd, raw, sizeof raw);
  if (r <= 0)
    return FALSE;
  if (!plenum_render_header_read (raw, PLENUM_RENDER_MAX_REQUEST, &header))
    {
      g_printerr ("plenum-render: malformed request header; stopping\n");
      helper->broken = TRUE;
      return FALSE;
    }
  if (header.payload_length > 0)
    {
      payload = g_malloc (header.payload_length);
      if (read_full (helper->fd, payload, header.payload_length) <= 0)
        return FALSE;
    }

  handle_request (helper, &header, payload);
  /* The request may have carried a password. */
  if (payload != NULL)
    explicit_bzero (payload, header.payload_length);
  return !helper->gone;
}

/* The next job: highest priority first, in arrival order among equals. */
static RenderJob *
pop_next_job (Helper *helper)
{
  GList *best = NULL;
  RenderJob *job;

  for (GList *l = helper->jobs.head; l != NULL; l = l->next)
    if (best == NULL || ((RenderJob *) l->data)->priority > ((RenderJob *) best->data)->priority)
      best = l;
  if (best == NULL)
    return NULL;
  job = best->data;
  g_queue_delete_link (&helper->jobs, best);
  return job;
}

int
plenum_render_helper_run (int                               fd,
                          const PlenumRenderHelperSettings *settings)
{
  Helper helper = {
    .fd = fd,
    .settings = settings,
    .documents = g_hash_table_new_full (NULL, NULL, NULL, document_free),
  };
  gboolean running = TRUE;

  g_queue_init (&helper.jobs);
  /* Limited from the start, not only from the first request. */
  arm_cpu_limit (&helper);

  while (running)
    {
      g_autofree RenderJob *job = NULL;

      /* Take in everything already sent; wait only when there is nothing to do. */
      for (;;)
        {
          struct pollfd pfd = { .fd = fd, .events = POLLIN };
          int r = poll (&pfd, 1, g_queue_is_empty (&helper.jobs) ? -1 : 0);

          if (r < 0 && errno == EINTR)
            continue;
          if (r < 0)
            {
              running = FALSE;
              break;
            }
          if (r == 0)
            break;
          if (!read_request (&helper))
            {
              running = FALSE;
              break;
            }
        }
      if (!running)
        break;

      job = pop_next_job (&helper);
      if (job != NULL)
        render_job (&helper, job);
      if (helper.gone)
        running = FALSE;
    }

  g_queue_clear_full (&helper.jobs, g_free);
  g_free (helper.scratch);
  g_hash_table_unref (helper.documents);
  return helper.broken ? 2 : 0;
}
