/* plenum-render-protocol.h — the wire protocol between the client (app/pdf/) and the
 * render helper plenum-render (app/render/). Header-only, so that both sides share one
 * definition without compiling code twice; no GTK, no poppler.
 *
 * Transport: one SOCK_STREAM Unix socketpair; the helper's end is its fd 3. Every message,
 * in both directions, is a 16-byte header followed by its payload. All integers are
 * little-endian; sizes in points are IEEE 754 doubles, little-endian.
 *
 *   offset 0  u32 magic           PLENUM_RENDER_MAGIC
 *          4  u16 version         PLENUM_RENDER_PROTOCOL_VERSION
 *          6  u16 type            PlenumRenderMessageType
 *          8  u32 request id      chosen by the client, never 0; a reply carries the id of
 *                                 its request
 *         12  u32 payload length  ≤ PLENUM_RENDER_MAX_PAYLOAD
 *
 * Requests (client → helper) and their payloads:
 *   PING    (empty)                                   → PONG
 *   OPEN    u32 handle, path bytes (no NUL, ≤ 4096)   → OPENED or ERROR
 *           The client chooses the document handle (never 0, unique while open), so it
 *           can send RENDERs for a document right behind its OPEN without waiting.
 *   RENDER  u32 handle, u32 page, u32 width, u32 height, i32 priority, u32 flags (0)
 *                                                     → RENDERED or ERROR
 *   CLOSE   u32 handle                                → no reply
 *   CANCEL  u32 request id of a RENDER                → no reply; the RENDER, if it is
 *                                                       still queued, ends with ERROR
 *                                                       CANCELLED
 *   RELEASE u32 buffer id                             → no reply; the client holds no
 *                                                       texture over that pixel buffer any
 *                                                       more: the helper may draw in it
 *                                                       again (see RENDERED). An id that is
 *                                                       not the client's is ignored.
 *   OPEN_PASSWORD  u32 handle, u32 password length (≤ PLENUM_RENDER_MAX_PASSWORD), the
 *           password bytes (no NUL), path bytes (no NUL, ≤ 4096)
 *                                                     → OPENED or ERROR (ENCRYPTED when
 *                                                       the password is wrong)
 *           OPEN with a password. Neither side ever logs the password, and both wipe their
 *           copies of it once it has been used.
 *   SEARCH  u32 handle, u32 first page, u32 page count, u32 flags
 *           (PLENUM_RENDER_SEARCH_FLAG_*), UTF-8 text (1 … PLENUM_RENDER_MAX_SEARCH_TEXT
 *           bytes, no NUL)                            → SEARCHED or ERROR
 *           Searches pages [first, first + count) (count is cut at the document's end;
 *           first must be a page of the document). Matching is case-insensitive
 *           (casefolded NFD); with IGNORE_DIACRITICS combining marks are dropped too and
 *           đ/Đ match d/D. Any run of white space matches any other run.
 *   OUTLINE u32 handle                                → OUTLINE_ENTRIES or ERROR
 *   LINKS   u32 handle, u32 page                      → LINK_LIST or ERROR
 *   TEXT    u32 handle, u32 page                      → PAGE_TEXT or ERROR (PAGE_FAILED
 *                                                       for a page that does not exist or
 *                                                       cannot be loaded; TOO_BIG for a page
 *                                                       of more than
 *                                                       PLENUM_RENDER_MAX_TEXT_CHARS
 *                                                       characters)
 *   SIZES   u32 handle, u32 first page, u32 count (1 … PLENUM_RENDER_MAX_SIZES)
 *                                                     → PAGE_SIZES or ERROR (BAD_REQUEST
 *                                                       when first is not a page of the
 *                                                       document)
 *           Measures pages [first, first + count) (count is cut at the document's end).
 *           OPENED measures only the first pages (a long document's every page costs
 *           ~0.17 ms in poppler: 400 ms for a 2,415-page manual before its first page
 *           could be shown); the client asks for the rest with SIZES, in order, in
 *           chunks, and only while no RENDER of its is in flight, so a page asked for
 *           right after opening never waits behind a chunk.
 * Every request but CLOSE, CANCEL and RELEASE gets exactly one reply.
 *
 * Replies and notices (helper → client):
 *   PONG     (empty)
 *   OPENED   u32 handle, u32 n_pages, u32 flags (PLENUM_RENDER_DOC_HAS_OUTLINE),
 *            u32 n_sizes (1 ≤ n_sizes ≤ n_pages), then n_sizes × { f64 width_pt,
 *            f64 height_pt, u32 flags (PLENUM_RENDER_PAGE_MISSING), u32 0 }: the sizes of
 *            pages [0, n_sizes). The helper measures at least PLENUM_RENDER_OPEN_SIZES
 *            pages (all of a shorter document) and goes on until it has found a readable
 *            one: when the first pages all fail, it measures on (and n_sizes grows) until
 *            one does, so NO_PAGES still means that every page was looked at and none can
 *            be read. A missing page carries the size of the nearest readable page before
 *            it (the first readable page for pages before that), so that it can be laid
 *            out. Pages from n_sizes on are not measured yet: the client gives them the
 *            size of page n_sizes − 1 and marks them PLENUM_RENDER_PAGE_ESTIMATED (a mark
 *            of its own, never on the wire) until SIZES replaces them.
 *   PAGE_SIZES u32 handle, u32 first page, u32 count, u32 0, then count × the entry of
 *            OPENED, for pages [first, first + count) — exactly the range asked for, cut
 *            at the document's end. Missing pages as in OPENED.
 *   RENDERED u32 width, u32 height, u32 stride, u32 format (PLENUM_RENDER_FORMAT_*),
 *            u64 size of the pixel buffer in bytes, u32 buffer id (≠ 0), u32 0; one file
 *            descriptor rides along (SCM_RIGHTS, on the message's first byte), every
 *            time: the buffer's memfd, whose first height rows of stride bytes hold the
 *            page (stride × height ≤ size).
 *            Pixel buffers are a pool the helper keeps: a buffer is a memfd sized once and
 *            sealed with F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL, and its id names it
 *            for the life of the helper process (ids are never reused by a process, and
 *            mean nothing to another one). Once sent, a buffer is the client's: the helper
 *            draws in it again only after the client's RELEASE of that id. The client
 *            keeps one read-only mapping per buffer (it maps the fd the first time it
 *            sees an id, or again after it let its mapping go, and closes the fd
 *            otherwise) and makes its textures over it.
 *            There is no F_SEAL_WRITE any more (the helper keeps its read-write mapping
 *            to draw the next page there), and that is acceptable: a helper can already
 *            show wrong pixels by drawing them; what the client's safety needs is that a
 *            mapping can never shrink under it (no SIGBUS while GTK reads a texture),
 *            which the SHRINK seal guarantees. So the client checks the seals
 *            (F_SEAL_SHRINK and F_SEAL_GROW) and the memfd's size against the reply
 *            before it maps a buffer, and refuses (a protocol error) a RENDERED whose
 *            buffer id is 0, whose size differs from that of the buffer it already maps
 *            under that id, or that names a buffer it still holds a texture over.
 *   SEARCHED u32 n_rects (≤ PLENUM_RENDER_MAX_SEARCH_RECTS), u32 flags
 *            (PLENUM_RENDER_SEARCHED_CAPPED), then n_rects × { u32 page, u32 match,
 *            f64 x, f64 y, f64 width, f64 height }: one rectangle per line of each match,
 *            in PDF points with the origin at the page's top-left corner (poppler's text
 *            layout). Matches are numbered from 0 in the order of the reply; the
 *            rectangles of one match are consecutive, and the pages never go down. At
 *            most PLENUM_RENDER_MAX_SEARCH_HITS matches; CAPPED says that the search
 *            stopped at a cap (hits or rectangles) before the end of its pages.
 *   OUTLINE_ENTRIES  u32 n_entries (≤ PLENUM_RENDER_MAX_OUTLINE), u32 flags
 *            (PLENUM_RENDER_OUTLINE_CAPPED), then n_entries × { u32 depth
 *            (< PLENUM_RENDER_MAX_OUTLINE_DEPTH; the first is 0, each at most one deeper
 *            than the one before), i32 page (0-based, or -1: none), u32 title length
 *            (≤ PLENUM_RENDER_MAX_TITLE), title bytes (valid UTF-8, no NUL) }: the
 *            bookmarks depth-first. CAPPED: entries or levels were left out.
 *   LINK_LIST u32 n_links (≤ PLENUM_RENDER_MAX_LINKS), u32 0, then n_links × { f64 x,
 *            f64 y, f64 width, f64 height (PDF points, origin at the top-left), i32 page
 *            (0-based, or -1), u32 uri length (≤ PLENUM_RENDER_MAX_URI), uri bytes (valid
 *            UTF-8, no NUL) }. Each link has either a page (≥ 0, no uri) or a uri (page
 *            -1); links to anything else are left out.
 *   PAGE_TEXT u32 text length in bytes (≤ PLENUM_RENDER_MAX_TEXT_BYTES), u32 n_boxes
 *            (≤ PLENUM_RENDER_MAX_TEXT_CHARS), then the text (valid UTF-8, no NUL), then
 *            n_boxes × { f64 x, f64 y, f64 width, f64 height } (finite, width and height
 *            ≥ 0; PDF points, origin at the page's top-left, the frame of SEARCHED). Box
 *            i belongs to the i-th Unicode character of the text, so n_boxes is exactly
 *            the text's character count.
 *            The text is poppler_page_get_text(); the boxes are
 *            poppler_page_get_text_layout(). In poppler 22.12 both walk the same
 *            selection of the whole page: the text is each line's words (per Unicode
 *            character), a space between two words where poppler saw one, and a "\n"
 *            between lines; the layout has one rectangle for each of those characters,
 *            the inserted spaces and newlines included (a newline's box is empty, at the
 *            end of its line). So the counts agree, and the helper pairs them by index. Should
 *            they ever differ (or the text need repair to be valid UTF-8, or hold a NUL),
 *            the helper still keeps them paired: it cuts the text at its first NUL, cuts
 *            surplus rectangles, and gives characters without one an empty box at the end
 *            of the box before (or at 0,0). A non-finite rectangle becomes an empty box
 *            at 0,0.
 *   STARTED  (empty) — the helper begins work on the request with this id (OPEN,
 *            OPEN_PASSWORD, RENDER, SEARCH, OUTLINE, LINKS, TEXT, SIZES). The client's
 *            watchdog uses it to know which request hangs.
 *   ERROR    u32 code (PlenumRenderWireError), UTF-8 English message (≤ 1024 bytes)
 *
 * Order: the helper handles PING, OPEN, OPEN_PASSWORD, CLOSE, CANCEL, SEARCH, OUTLINE,
 * LINKS, TEXT and SIZES as soon as it reads them; RENDERs wait in its queue and are served highest
 * priority first, in arrival order among equal priorities. So an OPEN always takes effect
 * before any request sent after it.
 *
 * A header with the wrong magic or version, or an oversized payload, cannot be resynced
 * on a stream: the helper exits, and the client treats it as a crash. A request of an
 * unknown type, or a payload of the wrong size, gets ERROR BAD_REQUEST.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

#define PLENUM_RENDER_MAGIC             0x524e4c50u /* "PLNR" as bytes on the wire */
#define PLENUM_RENDER_PROTOCOL_VERSION  2
#define PLENUM_RENDER_HEADER_SIZE       16
#define PLENUM_RENDER_MAX_PAYLOAD       (16u * 1024 * 1024)
#define PLENUM_RENDER_MAX_REQUEST       (64u * 1024)  /* client → helper payloads */
#define PLENUM_RENDER_MAX_PATH          4096
#define PLENUM_RENDER_MAX_MESSAGE       1024
/* The most pages an OPENED reply lists; a document with more is refused as TOO_BIG. */
#define PLENUM_RENDER_MAX_PAGES         100000
/* Largest side of a rendered page, in pixels (cairo's image surfaces stop at 32767). */
#define PLENUM_RENDER_MAX_SIDE          32767
/* The fd the helper finds its socket on. */
#define PLENUM_RENDER_SOCKET_FD         3

#define PLENUM_RENDER_OPEN_FIXED        4
#define PLENUM_RENDER_OPENED_FIXED      16
#define PLENUM_RENDER_OPENED_PER_PAGE   24
#define PLENUM_RENDER_RENDER_SIZE       24
#define PLENUM_RENDER_RENDERED_SIZE     32
#define PLENUM_RENDER_RELEASE_SIZE      4
#define PLENUM_RENDER_ERROR_FIXED       4
#define PLENUM_RENDER_OPEN_PASSWORD_FIXED 8
#define PLENUM_RENDER_SEARCH_FIXED      16
#define PLENUM_RENDER_SEARCHED_FIXED    8
#define PLENUM_RENDER_SEARCHED_PER_RECT 40
#define PLENUM_RENDER_OUTLINE_SIZE      4
#define PLENUM_RENDER_OUTLINE_FIXED     8
#define PLENUM_RENDER_OUTLINE_PER_ENTRY 12   /* before the title */
#define PLENUM_RENDER_LINKS_SIZE        8
#define PLENUM_RENDER_LINK_LIST_FIXED   8
#define PLENUM_RENDER_LINK_PER_ENTRY    40   /* before the uri */
#define PLENUM_RENDER_TEXT_SIZE         8
#define PLENUM_RENDER_PAGE_TEXT_FIXED   8
#define PLENUM_RENDER_PAGE_TEXT_PER_BOX 32
#define PLENUM_RENDER_SIZES_SIZE        12
#define PLENUM_RENDER_PAGE_SIZES_FIXED  16   /* then entries of PLENUM_RENDER_OPENED_PER_PAGE */

/* Limits of the requests and replies above. Every reply stays below
 * PLENUM_RENDER_MAX_PAYLOAD at its caps: 4096 × 40, 20000 × (12 + 512), 4096 × (40 + 2048),
 * 8 + 800,000 + 200,000 × 32 (7.2 MB). */
#define PLENUM_RENDER_MAX_PASSWORD      1024
#define PLENUM_RENDER_MAX_SEARCH_TEXT   1024
#define PLENUM_RENDER_MAX_SEARCH_HITS   1000
#define PLENUM_RENDER_MAX_SEARCH_RECTS  4096
#define PLENUM_RENDER_MAX_OUTLINE       20000
#define PLENUM_RENDER_MAX_OUTLINE_DEPTH 64
#define PLENUM_RENDER_MAX_TITLE         512
#define PLENUM_RENDER_MAX_LINKS         4096
#define PLENUM_RENDER_MAX_URI           2048
/* A page with more characters than this is refused as TOO_BIG (a hostile page; a dense
 * real one has a few thousand). UTF-8 takes at most 4 bytes per character. */
#define PLENUM_RENDER_MAX_TEXT_CHARS    200000
#define PLENUM_RENDER_MAX_TEXT_BYTES    (4 * PLENUM_RENDER_MAX_TEXT_CHARS)
/* Pages OPENED measures at least (when the document has that many). */
#define PLENUM_RENDER_OPEN_SIZES        32
/* The most pages one SIZES may ask for. */
#define PLENUM_RENDER_MAX_SIZES         1024

/* SEARCH flags */
#define PLENUM_RENDER_SEARCH_FLAG_IGNORE_DIACRITICS (1u << 0)
/* SEARCHED flags */
#define PLENUM_RENDER_SEARCHED_CAPPED   (1u << 0)
/* OUTLINE_ENTRIES flags */
#define PLENUM_RENDER_OUTLINE_CAPPED    (1u << 0)

typedef enum {
  PLENUM_RENDER_MSG_PING     = 0x01,
  PLENUM_RENDER_MSG_OPEN     = 0x02,
  PLENUM_RENDER_MSG_RENDER   = 0x03,
  PLENUM_RENDER_MSG_CLOSE    = 0x04,
  PLENUM_RENDER_MSG_CANCEL   = 0x05,
  PLENUM_RENDER_MSG_OPEN_PASSWORD = 0x06,
  PLENUM_RENDER_MSG_SEARCH   = 0x07,
  PLENUM_RENDER_MSG_OUTLINE  = 0x08,
  PLENUM_RENDER_MSG_LINKS    = 0x09,
  PLENUM_RENDER_MSG_TEXT     = 0x0a,
  PLENUM_RENDER_MSG_SIZES    = 0x0b,
  PLENUM_RENDER_MSG_RELEASE  = 0x0c,

  PLENUM_RENDER_MSG_PONG     = 0x81,
  PLENUM_RENDER_MSG_OPENED   = 0x82,
  PLENUM_RENDER_MSG_RENDERED = 0x83,
  PLENUM_RENDER_MSG_SEARCHED = 0x84,
  PLENUM_RENDER_MSG_OUTLINE_ENTRIES = 0x85,
  PLENUM_RENDER_MSG_LINK_LIST = 0x86,
  PLENUM_RENDER_MSG_PAGE_TEXT = 0x87,
  PLENUM_RENDER_MSG_PAGE_SIZES = 0x88,
  PLENUM_RENDER_MSG_STARTED  = 0x90,
  PLENUM_RENDER_MSG_ERROR    = 0xff,
} PlenumRenderMessageType;

typedef enum {
  PLENUM_RENDER_WIRE_NOT_PDF     = 1,
  PLENUM_RENDER_WIRE_ENCRYPTED   = 2,
  PLENUM_RENDER_WIRE_NO_PAGES    = 3,
  PLENUM_RENDER_WIRE_PAGE_FAILED = 4,
  PLENUM_RENDER_WIRE_TOO_BIG     = 5,
  PLENUM_RENDER_WIRE_IO          = 6,
  PLENUM_RENDER_WIRE_BAD_REQUEST = 7,
  PLENUM_RENDER_WIRE_NO_DOCUMENT = 8,  /* a request for a handle that is not open */
  PLENUM_RENDER_WIRE_CANCELLED   = 9,
} PlenumRenderWireError;

/* OPENED flags */
#define PLENUM_RENDER_DOC_HAS_OUTLINE   (1u << 0)
/* OPENED and PAGE_SIZES per-page flags */
#define PLENUM_RENDER_PAGE_MISSING      (1u << 0)
/* The client's mark for a page not measured yet (never on the wire). */
#define PLENUM_RENDER_PAGE_ESTIMATED    (1u << 1)

/* RENDERED formats. */
#define PLENUM_RENDER_FORMAT_ARGB32_PREMULTIPLIED 0  /* CAIRO_FORMAT_ARGB32: native-endian
                                                      * 32-bit words, premultiplied */

typedef struct {
  guint32 magic;
  guint16 version;
  guint16 type;
  guint32 request_id;
  guint32 payload_length;
} PlenumRenderHeader;

/* Little-endian reading and writing at a byte offset. */

static inline void
plenum_render_put_u16 (guint8 *p, guint16 v)
{
  v = GUINT16_TO_LE (v);
  memcpy (p, &v, sizeof v);
}

static inline void
plenum_render_put_u32 (guint8 *p, guint32 v)
{
  v = GUINT32_TO_LE (v);
  memcpy (p, &v, sizeof v);
}

static inline void
plenum_render_put_u64 (guint8 *p, guint64 v)
{
  v = GUINT64_TO_LE (v);
  memcpy (p, &v, sizeof v);
}

static inline void
plenum_render_put_f64 (guint8 *p, double d)
{
  guint64 v;

  memcpy (&v, &d, sizeof v);
  plenum_render_put_u64 (p, v);
}

static inline guint16
plenum_render_get_u16 (const guint8 *p)
{
  guint16 v;

  memcpy (&v, p, sizeof v);
  return GUINT16_FROM_LE (v);
}

static inline guint32
plenum_render_get_u32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, sizeof v);
  return GUINT32_FROM_LE (v);
}

static inline guint64
plenum_render_get_u64 (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return GUINT64_FROM_LE (v);
}

static inline double
plenum_render_get_f64 (const guint8 *p)
{
  guint64 v = plenum_render_get_u64 (p);
  double d;

  memcpy (&d, &v, sizeof d);
  return d;
}

static inline void
plenum_render_header_write (guint8  *out,
                            guint16  type,
                            guint32  request_id,
                            guint32  payload_length)
{
  plenum_render_put_u32 (out, PLENUM_RENDER_MAGIC);
  plenum_render_put_u16 (out + 4, PLENUM_RENDER_PROTOCOL_VERSION);
  plenum_render_put_u16 (out + 6, type);
  plenum_render_put_u32 (out + 8, request_id);
  plenum_render_put_u32 (out + 12, payload_length);
}

/* Reads a header; FALSE when its magic, version or length (against @max_payload) is
 * wrong — then the stream cannot be trusted any more. */
static inline gboolean
plenum_render_header_read (const guint8       *in,
                           guint32             max_payload,
                           PlenumRenderHeader *header)
{
  header->magic = plenum_render_get_u32 (in);
  header->version = plenum_render_get_u16 (in + 4);
  header->type = plenum_render_get_u16 (in + 6);
  header->request_id = plenum_render_get_u32 (in + 8);
  header->payload_length = plenum_render_get_u32 (in + 12);

  return header->magic == PLENUM_RENDER_MAGIC &&
         header->version == PLENUM_RENDER_PROTOCOL_VERSION &&
         header->payload_length <= max_payload;
}

G_END_DECLS
