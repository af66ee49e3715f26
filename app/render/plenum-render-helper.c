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
 * seen before the next one is chosen. PING, OPEN, CLOSE, CANCEL, RELEASE (and the other
 * requests but RENDER) are handled as soon as they are read; RENDERs wait in a queue ordered by priority, then arrival.
 *
 * A file is mapped read-only (the blob store's files never change) and handed to poppler
 * as bytes, so the helper owns every descriptor it opens.
 *
 * Page sizes are measured lazily: OPEN measures the first PLENUM_RENDER_OPEN_SIZES pages
 * (more only while none of them is readable), SIZES the others when the client asks.
 * Each page is measured once (PAGE_MEASURED); a missing page is reported with the size
 * of the nearest readable page before it.
 *
 * Pixel buffers are a pool: fresh shared memory costs ~5 ms per 1800×2330 page to
 * allocate, zero and free, so each buffer is a memfd sized once, sealed against shrinking
 * and growing, and mapped read-write once; a page is drawn straight into a free buffer of
 * a fitting size (the smallest at least as large and at most 1.5× as large; else a new
 * one), goes out in RENDERED with its id (and the fd, every time), and stays the client's
 * until it sends RELEASE. At most MAX_IDLE_BUFFERS released buffers are kept; the oldest
 * beyond are unmapped and closed. While the client holds a buffer, the helper drops its
 * own page-table entries for it (MADV_DONTNEED keeps a memfd's pages), so the pages the
 * client shows are not counted twice in resident memory, and faults them back in
 * (MADV_POPULATE_WRITE) when it draws there again.
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

/* Released pixel buffers kept for reuse; older ones are freed. */
#define MAX_IDLE_BUFFERS 2

/* How many documents one client may hold open at once. */
#define MAX_OPEN_DOCUMENTS 1024

/* A page's entry in Document.page_flags once it has been measured (helper-only: never on
 * the wire). */
#define PAGE_MEASURED (1u << 7)

typedef struct {
  PopplerDocument *document;
  guint            n_pages;
  guint8          *page_flags;  /* PLENUM_RENDER_PAGE_MISSING | PAGE_MEASURED per page */
  double          *page_sizes;  /* 2 × n_pages, points; valid where PAGE_MEASURED and
                                 * not MISSING */
  guint            first_ok;    /* the first readable page (OPEN always finds one) */
} Document;

/* A pixel buffer of the pool. */
typedef struct {
  guint32  id;          /* from 1, never reused by this process */
  int      fd;          /* memfd sealed with F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL */
  guint8  *map;         /* read-write, the whole buffer, for its lifetime */
  gsize    size;
  gboolean busy;        /* sent in a RENDERED and not released by the client yet */
  guint64  released;    /* when it was released (Helper.clock), for the oldest-first
                         * trimming of idle buffers */
} Buffer;

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
  GHashTable                       *buffers;    /* id → Buffer: the pool */
  guint32                           next_buffer_id;
  guint                             n_idle;     /* buffers not busy */
  guint64                           clock;      /* counts releases */
  gboolean                          gone;       /* the socket failed: the client is gone */
  gboolean                          broken;     /* the client broke the protocol */
} Helper;

static void
document_free (gpointer data)
{
  Document *doc = data;

  g_clear_object (&doc->document);
  g_free (doc->page_flags);
  g_free (doc->page_sizes);
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

/* ---- Page sizes -------------------------------------------------------------------------- */

/* Measures page @i of @doc (once): TRUE when poppler can load it and it has a size. */
static gboolean
measure_page (Document *doc,
              guint     i)
{
  g_autoptr(RenderPopplerPage) page = NULL;
  double width = 0, height = 0;

  if (doc->page_flags[i] & PAGE_MEASURED)
    return (doc->page_flags[i] & PLENUM_RENDER_PAGE_MISSING) == 0;

  page = poppler_document_get_page (doc->document, (int) i);
  if (page != NULL)
    poppler_page_get_size (page, &width, &height);
  doc->page_flags[i] = PAGE_MEASURED;
  if (page == NULL || !isfinite (width) || !isfinite (height) || width <= 0 || height <= 0)
    {
      doc->page_flags[i] |= PLENUM_RENDER_PAGE_MISSING;
      return FALSE;
    }
  doc->page_sizes[2 * i] = width;
  doc->page_sizes[2 * i + 1] = height;
  return TRUE;
}

/* Writes the entries of the measured pages [@first, @first + @count) at @out. A missing
 * page takes the size of the nearest measured readable page before it (the first readable
 * page for those before that), so the client can lay it out and show that it failed. */
static void
put_page_entries (Document *doc,
                  guint8   *out,
                  guint     first,
                  guint     count)
{
  guint from = doc->first_ok;

  /* The nearest readable page before the range; the walk is bounded by what was
   * measured, since pages are asked for in order. */
  for (guint k = first; k > 0; k--)
    {
      guint8 flags = doc->page_flags[k - 1];

      if ((flags & PAGE_MEASURED) && !(flags & PLENUM_RENDER_PAGE_MISSING))
        {
          from = k - 1;
          break;
        }
      if (!(flags & PAGE_MEASURED))
        break;
    }

  for (guint i = first; i < first + count; i++, out += PLENUM_RENDER_OPENED_PER_PAGE)
    {
      guint8 flags = doc->page_flags[i];

      g_assert (flags & PAGE_MEASURED);
      if (!(flags & PLENUM_RENDER_PAGE_MISSING))
        from = i;
      memset (out, 0, PLENUM_RENDER_OPENED_PER_PAGE);
      plenum_render_put_f64 (out, doc->page_sizes[2 * from]);
      plenum_render_put_f64 (out + 8, doc->page_sizes[2 * from + 1]);
      plenum_render_put_u32 (out + 16, flags & PLENUM_RENDER_PAGE_MISSING);
    }
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
  PopplerIndexIter *outline;
  Document *doc;
  struct stat st;
  gsize reply_length;
  guint n_ok = 0;
  guint n_measured = 0;
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

  doc = g_new0 (Document, 1);
  doc->document = g_steal_pointer (&document);
  doc->n_pages = (guint) n_pages;
  doc->page_flags = g_malloc0 ((gsize) n_pages);
  doc->page_sizes = g_new0 (double, 2 * (gsize) n_pages);

  /* Only the first pages are measured now (poppler loads each page's dictionary for its
   * size: ~400 ms for a 2,415-page manual); the client asks for the rest with SIZES. But
   * at least one readable page must be found, so that NO_PAGES still means that every
   * page was looked at and none can be read: when the first ones fail, measuring goes on
   * until one does (or the pages run out). */
  while (n_measured < doc->n_pages && (n_measured < PLENUM_RENDER_OPEN_SIZES || n_ok == 0))
    {
      if (measure_page (doc, n_measured))
        {
          if (n_ok == 0)
            doc->first_ok = n_measured;
          n_ok++;
        }
      n_measured++;
    }
  if (n_ok == 0)
    {
      document_free (doc);
      send_error (helper, request_id, PLENUM_RENDER_WIRE_NO_PAGES,
                  "None of the document's %d pages can be read", n_pages);
      return;
    }

  reply_length = PLENUM_RENDER_OPENED_FIXED + (gsize) n_measured * PLENUM_RENDER_OPENED_PER_PAGE;
  reply = g_malloc0 (reply_length);
  put_page_entries (doc, reply + PLENUM_RENDER_OPENED_FIXED, 0, n_measured);

  outline = poppler_index_iter_new (doc->document);
  plenum_render_put_u32 (reply, handle);
  plenum_render_put_u32 (reply + 4, (guint32) n_pages);
  plenum_render_put_u32 (reply + 8, outline != NULL ? PLENUM_RENDER_DOC_HAS_OUTLINE : 0);
  plenum_render_put_u32 (reply + 12, n_measured);
  g_clear_pointer (&outline, poppler_index_iter_free);

  g_hash_table_insert (helper->documents, GUINT_TO_POINTER (handle), doc);

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

/* ---- SIZES ------------------------------------------------------------------------------- */

static void stall_forever (void);

static void
handle_sizes (Helper       *helper,
              guint32       request_id,
              const guint8 *payload,
              gsize         length)
{
  g_autofree guint8 *reply = NULL;
  Document *doc;
  guint32 first, count;
  gsize reply_length;

  if (length != PLENUM_RENDER_SIZES_SIZE)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_BAD_REQUEST, "Malformed SIZES request");
      return;
    }
  doc = lookup_document (helper, request_id, plenum_render_get_u32 (payload));
  if (doc == NULL)
    return;
  first = plenum_render_get_u32 (payload + 4);
  count = plenum_render_get_u32 (payload + 8);
  if (first >= doc->n_pages || count == 0 || count > PLENUM_RENDER_MAX_SIZES)
    {
      send_error (helper, request_id, PLENUM_RENDER_WIRE_BAD_REQUEST,
                  "Pages %u + %u are not a range of sizes to measure (the document has %u)",
                  first + 1, count, doc->n_pages);
      return;
    }
  count = MIN (count, doc->n_pages - first);

  if (!send_message (helper, PLENUM_RENDER_MSG_STARTED, request_id, NULL, 0, -1))
    return;
  arm_cpu_limit (helper);
  if (helper->settings->stall_sizes_page >= 0 &&
      (guint64) helper->settings->stall_sizes_page >= first &&
      (guint64) helper->settings->stall_sizes_page < (guint64) first + count)
    stall_forever ();

  for (guint i = first; i < first + count; i++)
    measure_page (doc, i);

  reply_length = PLENUM_RENDER_PAGE_SIZES_FIXED + (gsize) count * PLENUM_RENDER_OPENED_PER_PAGE;
  reply = g_malloc0 (reply_length);
  plenum_render_put_u32 (reply, plenum_render_get_u32 (payload));
  plenum_render_put_u32 (reply + 4, first);
  plenum_render_put_u32 (reply + 8, count);
  put_page_entries (doc, reply + PLENUM_RENDER_PAGE_SIZES_FIXED, first, count);
  send_message (helper, PLENUM_RENDER_MSG_PAGE_SIZES, request_id, reply, reply_length, -1);
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

/* ---- Pixel buffers ----------------------------------------------------------------------- */

static void
buffer_free (gpointer data)
{
  Buffer *buffer = data;

  munmap (buffer->map, buffer->size);
  close (buffer->fd);
  g_free (buffer);
}

/* Keeps at most MAX_IDLE_BUFFERS idle buffers: the ones released longest ago go. */
static void
trim_idle_buffers (Helper *helper)
{
  while (helper->n_idle > MAX_IDLE_BUFFERS)
    {
      GHashTableIter iter;
      Buffer *buffer, *oldest = NULL;

      g_hash_table_iter_init (&iter, helper->buffers);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &buffer))
        if (!buffer->busy && (oldest == NULL || buffer->released < oldest->released))
          oldest = buffer;
      g_assert (oldest != NULL);
      helper->n_idle--;
      g_hash_table_remove (helper->buffers, GUINT_TO_POINTER (oldest->id));
    }
}

static void
release_buffer (Helper  *helper,
                Buffer  *buffer)
{
  g_assert (buffer->busy);
  buffer->busy = FALSE;
  buffer->released = ++helper->clock;
  helper->n_idle++;
  trim_idle_buffers (helper);
}

/* A buffer of at least @size bytes to draw a page in, marked busy: the smallest idle one
 * that is at most 1.5× too large, else a new one. NULL with errno set when shared memory
 * cannot be had. */
static Buffer *
take_buffer (Helper *helper,
             gsize   size)
{
  GHashTableIter iter;
  Buffer *buffer, *best = NULL;
  void *map;
  int fd;

  g_hash_table_iter_init (&iter, helper->buffers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &buffer))
    if (!buffer->busy && buffer->size >= size && buffer->size - size <= size / 2 &&
        (best == NULL || buffer->size < best->size))
      best = buffer;
  if (best != NULL)
    {
      best->busy = TRUE;
      helper->n_idle--;
      /* Its pages are there (the memfd kept them); map them in one go rather than fault
       * them in one by one while drawing. Only a speed-up: errors do not matter. */
#ifdef MADV_POPULATE_WRITE
      madvise (best->map, best->size, MADV_POPULATE_WRITE);
#endif
      return best;
    }

  fd = memfd_create ("plenum-page", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0)
    return NULL;
  /* Allocated now, so that a full /dev/shm is an error here rather than a SIGBUS while
   * drawing. */
  if (ftruncate (fd, (off_t) size) != 0 || posix_fallocate (fd, 0, (off_t) size) != 0 ||
      fcntl (fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0)
    {
      int saved = errno;
      close (fd);
      errno = saved;
      return NULL;
    }
  map = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED)
    {
      int saved = errno;
      close (fd);
      errno = saved;
      return NULL;
    }

  buffer = g_new0 (Buffer, 1);
  if (++helper->next_buffer_id == 0)
    helper->next_buffer_id = 1;
  buffer->id = helper->next_buffer_id;
  buffer->fd = fd;
  buffer->map = map;
  buffer->size = size;
  buffer->busy = TRUE;
  g_hash_table_insert (helper->buffers, GUINT_TO_POINTER (buffer->id), buffer);
  return buffer;
}

static void
handle_release (Helper       *helper,
                const guint8 *payload,
                gsize         length)
{
  Buffer *buffer;

  if (length != PLENUM_RENDER_RELEASE_SIZE)
    return;
  buffer = g_hash_table_lookup (helper->buffers, GUINT_TO_POINTER (plenum_render_get_u32 (payload)));
  /* A buffer that is not the client's (never sent, or released twice) is left alone. */
  if (buffer != NULL && buffer->busy)
    release_buffer (helper, buffer);
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
  Buffer *buffer;
  double page_width, page_height;
  guint64 n_pixels;
  gsize size;
  int stride;

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

  buffer = take_buffer (helper, size);
  if (buffer == NULL)
    {
      int saved = errno;
      send_error (helper, job->request_id,
                  saved == ENOMEM || saved == ENOSPC || saved == EFBIG
                  ? PLENUM_RENDER_WIRE_TOO_BIG : PLENUM_RENDER_WIRE_PAGE_FAILED,
                  "Cannot make %" G_GSIZE_FORMAT " bytes of shared memory: %s", size,
                  g_strerror (saved));
      return;
    }

  status = draw_page (page, buffer->map, job->width, job->height, stride, page_width,
                      page_height);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      release_buffer (helper, buffer);
      send_error (helper, job->request_id,
                  status == CAIRO_STATUS_NO_MEMORY
                  ? PLENUM_RENDER_WIRE_TOO_BIG : PLENUM_RENDER_WIRE_PAGE_FAILED,
                  "Rendering page %u failed: %s", job->page + 1, cairo_status_to_string (status));
      return;
    }

  plenum_render_put_u32 (reply, job->width);
  plenum_render_put_u32 (reply + 4, job->height);
  plenum_render_put_u32 (reply + 8, (guint32) stride);
  plenum_render_put_u32 (reply + 12, PLENUM_RENDER_FORMAT_ARGB32_PREMULTIPLIED);
  plenum_render_put_u64 (reply + 16, buffer->size);
  plenum_render_put_u32 (reply + 24, buffer->id);
  plenum_render_put_u32 (reply + 28, 0);
  send_message (helper, PLENUM_RENDER_MSG_RENDERED, job->request_id, reply, sizeof reply,
                buffer->fd);
  /* The client shows it now: drop this process's page-table entries for it (the memfd
   * keeps the pages), so that its resident memory does not count the pages twice. */
  madvise (buffer->map, buffer->size, MADV_DONTNEED);
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

    case PLENUM_RENDER_MSG_SIZES:
      handle_sizes (helper, header->request_id, payload, header->payload_length);
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

    case PLENUM_RENDER_MSG_RELEASE:
      handle_release (helper, payload, header->payload_length);
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
    .buffers = g_hash_table_new_full (NULL, NULL, NULL, buffer_free),
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
  g_hash_table_unref (helper.buffers);
  g_hash_table_unref (helper.documents);
  return helper.broken ? 2 : 0;
}
