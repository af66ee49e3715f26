/* plenum-render-client.h — the client side of the render helper: starts plenum-render,
 * opens documents (with a password if need be) and renders pages in it, and hands back
 * textures; searches text and reads outlines, links and the text of pages there too.
 *
 * poppler never runs in the client's process. A PlenumRenderClient starts one helper
 * process on its first request (lazily), talks to it over a Unix socket with the binary
 * protocol in render/plenum-render-protocol.h, and receives each page's pixels in one of
 * the helper's pool of sealed memfds, each mapped read-only once. The helper limits its own address space and CPU
 * time; the client watches it:
 *
 *  - a request the helper works on for longer than the "timeout" property → the helper
 *    is killed (SIGKILL) and restarted, that request fails with
 *    PLENUM_RENDER_ERROR_TIMEOUT, and every other pending request is sent again to the
 *    new helper (documents are re-opened there transparently);
 *  - the helper dies (socket EOF, exit, a malformed message) → every pending request
 *    fails with PLENUM_RENDER_ERROR_CRASHED; the next request starts a new helper;
 *  - restarts are rate-limited: after PLENUM_RENDER_CLIENT_MAX_RESTARTS restarts within
 *    PLENUM_RENDER_CLIENT_RESTART_WINDOW_S seconds, requests fail with CRASHED until the
 *    window has passed.
 *
 * Finding the helper (when helper_path is NULL), first match wins:
 *  1. the environment variable PLENUM_RENDER, when set and not empty (tests, debugging);
 *  2. when the running executable lives inside the meson build tree this library was
 *     built in, that build's app/render/plenum-render (an uninstalled build uses its
 *     own helper, never an installed one);
 *  3. $libexecdir/plenum-render of the installation (where meson installs it).
 * A path that is not an executable file makes requests fail with HELPER_MISSING.
 *
 * Threading: a client and its documents are used from one thread — the one whose
 * thread-default main context was current when the client was made. All I/O runs on that
 * context through GSources on the socket (non-blocking); nothing blocks it.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>
#include <gio/gio.h>

#include "pdf/plenum-render-document.h"

G_BEGIN_DECLS

#define PLENUM_RENDER_ERROR (plenum_render_error_quark ())

typedef enum {
  PLENUM_RENDER_ERROR_NOT_PDF,        /* poppler cannot read the file as a PDF */
  PLENUM_RENDER_ERROR_ENCRYPTED,      /* the document needs a password */
  PLENUM_RENDER_ERROR_NO_PAGES,       /* the document has no page */
  PLENUM_RENDER_ERROR_PAGE_FAILED,    /* the page is missing (poppler gives none), out of
                                       * range, or could not be rendered */
  PLENUM_RENDER_ERROR_TIMEOUT,        /* the helper took longer than "timeout"; it was
                                       * killed and restarted */
  PLENUM_RENDER_ERROR_CRASHED,        /* the helper died, or restarts too often */
  PLENUM_RENDER_ERROR_TOO_BIG,        /* over the pixel budget ("max-pixels"), or a file
                                       * or page count the helper refuses */
  PLENUM_RENDER_ERROR_HELPER_MISSING, /* plenum-render cannot be found or started */
  PLENUM_RENDER_ERROR_IO,             /* the file cannot be opened or read */
  PLENUM_RENDER_ERROR_PROTOCOL,       /* the helper sent something malformed (it is
                                       * killed, like a crash) */
} PlenumRenderError;

/* Defaults of the settings below. */
#define PLENUM_RENDER_CLIENT_DEFAULT_TIMEOUT_MS    5000
#define PLENUM_RENDER_CLIENT_DEFAULT_MEMORY_LIMIT  (G_GUINT64_CONSTANT (1) << 30)  /* 1 GiB */
#define PLENUM_RENDER_CLIENT_DEFAULT_CPU_LIMIT_S   30
/* 48 Mpx = 192 MiB of pixels: a 1920×1200 screen's page at 4× zoom and more. */
#define PLENUM_RENDER_CLIENT_DEFAULT_MAX_PIXELS    (G_GUINT64_CONSTANT (48) << 20)

/* Restart rate limit: at most this many helper starts after the first within the window. */
#define PLENUM_RENDER_CLIENT_MAX_RESTARTS          5
#define PLENUM_RENDER_CLIENT_RESTART_WINDOW_S      30

#define PLENUM_TYPE_RENDER_CLIENT (plenum_render_client_get_type ())

G_DECLARE_FINAL_TYPE (PlenumRenderClient, plenum_render_client, PLENUM, RENDER_CLIENT, GObject)

GQuark              plenum_render_error_quark             (void);

/* @helper_path: the plenum-render executable, or NULL to find it (see above). The helper
 * is not started until the first request. */
PlenumRenderClient *plenum_render_client_new              (const char *helper_path);

/* The helper that is (or will be) started, as found when the client was made (never
 * NULL; whether it exists is found out at the first request). */
const char         *plenum_render_client_get_helper_path  (PlenumRenderClient *self);

/* Property "timeout": how long (milliseconds) the helper may work on one request before
 * it is killed. Takes effect at once. */
guint               plenum_render_client_get_timeout      (PlenumRenderClient *self);
void                plenum_render_client_set_timeout      (PlenumRenderClient *self,
                                                           guint               timeout_ms);

/* Property "memory-limit": the helper's RLIMIT_AS in bytes (0: none). Not applied in a
 * sanitizer build (ASan reserves terabytes of address space). Takes effect when the
 * next helper starts. */
guint64             plenum_render_client_get_memory_limit (PlenumRenderClient *self);
void                plenum_render_client_set_memory_limit (PlenumRenderClient *self,
                                                           guint64             bytes);

/* Property "cpu-limit": the CPU seconds the helper may spend on one request (it moves
 * its soft RLIMIT_CPU before each one; the kernel kills it past that). 0: none. Takes
 * effect when the next helper starts. */
guint               plenum_render_client_get_cpu_limit    (PlenumRenderClient *self);
void                plenum_render_client_set_cpu_limit    (PlenumRenderClient *self,
                                                           guint               seconds);

/* Property "max-pixels": the pixel budget of one rendered page; larger renders fail with
 * TOO_BIG before anything is allocated. Takes effect when the next helper starts. */
guint64             plenum_render_client_get_max_pixels   (PlenumRenderClient *self);
void                plenum_render_client_set_max_pixels   (PlenumRenderClient *self,
                                                           guint64             pixels);

/* The process id of the helper the client talks to, or 0 when none runs or the client
 * has seen it die (for tests). */
GPid                plenum_render_client_get_helper_pid   (PlenumRenderClient *self);

/* TRUE while the helper works on a request it has said it started (STARTED) and not yet
 * answered (for tests and diagnostics). */
gboolean            plenum_render_client_get_helper_busy  (PlenumRenderClient *self);

/* How many helpers this client has started (for tests and diagnostics). */
guint               plenum_render_client_get_n_starts     (PlenumRenderClient *self);

/* The pixel buffer @texture (a texture of render_page_finish()) lies in: the helper
 * generation (counted from 1 by each client) and the buffer's id in it. FALSE for another
 * texture. For tests and diagnostics. */
gboolean            plenum_render_client_get_texture_buffer (GdkTexture *texture,
                                                             guint      *generation,
                                                             guint32    *id);

/* The pixels of @texture (a texture of render_page_finish()) as a cairo image surface
 * over the same memory, without a copy; NULL for another texture. Transfer none: valid
 * while the texture lives (take a reference to keep it longer; the pixel buffer is
 * released to the helper only when both are gone). It exists because GTK 4.8's cairo
 * renderer converts every pixel of a texture through floats each time it draws one
 * (gdk_texture_download_surface()); a view drawing with the cairo renderer paints this
 * surface instead (plenum_snapshot_append_page_texture()). */
cairo_surface_t    *plenum_render_texture_get_surface     (GdkTexture *texture);

/* Mappings of pixel buffers of the running helper that the client keeps with no
 * texture over them (at most 2; for tests and diagnostics). */
guint               plenum_render_client_get_n_idle_buffers (PlenumRenderClient *self);

/* Opens @pdf_path (a verified blob's path; the helper opens it read-only). Errors:
 * PLENUM_RENDER_ERROR (NOT_PDF, ENCRYPTED, NO_PAGES, TOO_BIG, IO, TIMEOUT, CRASHED,
 * HELPER_MISSING, PROTOCOL) or G_IO_ERROR_CANCELLED. The same as
 * plenum_render_client_open_with_password_async() with no password. */
void                plenum_render_client_open_async       (PlenumRenderClient  *self,
                                                           const char          *pdf_path,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);

/* Opens @pdf_path with @password (UTF-8 or the document's own encoding, at most 1024
 * bytes, no NUL; NULL: none). A wrong or missing password fails with
 * PLENUM_RENDER_ERROR_ENCRYPTED. The document keeps a copy of the password, so that it
 * can be re-opened in a restarted helper; the copy is never logged and is wiped when the
 * document is finalized. Finish with plenum_render_client_open_finish(). */
void                plenum_render_client_open_with_password_async (PlenumRenderClient  *self,
                                                                   const char          *pdf_path,
                                                                   const char          *password,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
PlenumRenderDocument *plenum_render_client_open_finish    (PlenumRenderClient  *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* Renders page @page (0-based) of @doc at exactly @width × @height pixels on white (the
 * helper scales the page to that size; nothing is rendered larger and scaled down). The
 * texture is a GdkMemoryTexture in GDK_MEMORY_DEFAULT (cairo's premultiplied ARGB32)
 * over one of the helper's pixel buffers, mapped read-only without a copy; the helper
 * draws nothing else there until the texture is freed (the client then gives the buffer
 * back), and the pixels stay valid as long as the texture, also if the helper dies. Cancelling completes the request at once with
 * G_IO_ERROR_CANCELLED; the helper is told, and a late reply is dropped. Errors:
 * PLENUM_RENDER_ERROR (PAGE_FAILED, TOO_BIG, TIMEOUT, CRASHED, HELPER_MISSING, PROTOCOL,
 * or an error of re-opening the document in a restarted helper) or
 * G_IO_ERROR_CANCELLED. */
void                plenum_render_client_render_page_async  (PlenumRenderClient   *self,
                                                             PlenumRenderDocument *doc,
                                                             guint                 page,
                                                             int                   width,
                                                             int                   height,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
GdkTexture         *plenum_render_client_render_page_finish (PlenumRenderClient   *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

/* ---- Search, outline, links (and page text, below) ----
 *
 * Coordinates are PDF points (1/72 inch) with the origin at the page's top-left corner
 * and y going down, in the frame of plenum_render_document_get_page_size(): search
 * rectangles as poppler's text layout gives them (already top-left), link areas flipped
 * from PDF user space. (Pages with /Rotate are not covered by the tests.) The client checks every reply: rectangles are finite and clipped to
 * the page, pages exist, strings are valid UTF-8; a reply that breaks the protocol ends
 * the helper like a crash (PLENUM_RENDER_ERROR_PROTOCOL). All are requests like a
 * render: the watchdog ("timeout") and the restart logic apply to them. */

typedef enum {
  PLENUM_RENDER_SEARCH_DEFAULT           = 0,       /* case-insensitive, diacritics count */
  PLENUM_RENDER_SEARCH_IGNORE_DIACRITICS = 1 << 0,  /* also "nghi quyet" = "Nghị quyết",
                                                     * "d" = "đ" */
} PlenumRenderSearchFlags;

/* One rectangle of a search match. A match that runs over several lines has one
 * rectangle per line, consecutive and with the same @match. */
typedef struct {
  guint  page;     /* 0-based */
  guint  match;    /* index of the match in the result, from 0 */
  double x, y, width, height;
} PlenumRenderHit;

#define PLENUM_TYPE_RENDER_HIT (plenum_render_hit_get_type ())
GType            plenum_render_hit_get_type (void) G_GNUC_CONST;
PlenumRenderHit *plenum_render_hit_copy     (const PlenumRenderHit *hit);
void             plenum_render_hit_free     (PlenumRenderHit       *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumRenderHit, plenum_render_hit_free)

/* One bookmark of the outline. */
typedef struct {
  char  *title;    /* valid UTF-8 without control characters, ≤ 512 bytes; owned */
  guint  depth;    /* 0 for a top-level entry, < 64 */
  int    page;     /* 0-based target page, or -1 when it has none (or it cannot be
                    * resolved) */
} PlenumRenderOutlineEntry;

#define PLENUM_TYPE_RENDER_OUTLINE_ENTRY (plenum_render_outline_entry_get_type ())
GType                     plenum_render_outline_entry_get_type (void) G_GNUC_CONST;
PlenumRenderOutlineEntry *plenum_render_outline_entry_copy     (const PlenumRenderOutlineEntry *entry);
void                      plenum_render_outline_entry_free     (PlenumRenderOutlineEntry       *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumRenderOutlineEntry, plenum_render_outline_entry_free)

/* One link area of a page: either an internal link (@page ≥ 0, @uri NULL) or a URI
 * (@page -1, @uri set; the reader may show it but opens nothing). */
typedef struct {
  double  x, y, width, height;
  int     page;
  char   *uri;     /* valid UTF-8, ≤ 2048 bytes, or NULL; owned */
} PlenumRenderLink;

#define PLENUM_TYPE_RENDER_LINK (plenum_render_link_get_type ())
GType             plenum_render_link_get_type (void) G_GNUC_CONST;
PlenumRenderLink *plenum_render_link_copy     (const PlenumRenderLink *link);
void              plenum_render_link_free     (PlenumRenderLink       *link);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumRenderLink, plenum_render_link_free)

/* Searches pages [@first_page, @first_page + @n_pages) of @doc (cut at the last page) for
 * @text (valid UTF-8, at most 1024 bytes). Case never matters; white-space runs match any
 * white space, also across lines. The result (transfer full) holds one PlenumRenderHit
 * per rectangle, in page order; at most 1000 matches (4096 rectangles) per call, and
 * *@capped (may be NULL) says whether the search stopped at that cap — then search on
 * from the page of the last hit. An empty text gives an empty result. Errors as for
 * render_page_async() (PAGE_FAILED when @first_page is not a page of @doc; TOO_BIG for a
 * longer text). The whole call must finish within "timeout" like a render (an overrun kills
 * the helper and fails with TIMEOUT): search a long document a few pages per call. */
void                plenum_render_client_search_async     (PlenumRenderClient      *self,
                                                           PlenumRenderDocument    *doc,
                                                           const char              *text,
                                                           PlenumRenderSearchFlags  flags,
                                                           guint                    first_page,
                                                           guint                    n_pages,
                                                           GCancellable            *cancellable,
                                                           GAsyncReadyCallback      callback,
                                                           gpointer                 user_data);
GPtrArray          *plenum_render_client_search_finish    (PlenumRenderClient      *self,
                                                           GAsyncResult            *result,
                                                           gboolean                *capped,
                                                           GError                 **error);

/* The outline (bookmarks) of @doc, flattened depth-first: an array (transfer full) of
 * PlenumRenderOutlineEntry, empty when there is none. At most 20,000 entries and 64
 * levels (a hostile outline may loop); what is over the caps is left out. */
void                plenum_render_client_get_outline_async  (PlenumRenderClient   *self,
                                                             PlenumRenderDocument *doc,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
GPtrArray          *plenum_render_client_get_outline_finish (PlenumRenderClient   *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

/* The links of page @page (0-based) of @doc: an array (transfer full) of
 * PlenumRenderLink (at most 4096). Links to other files, actions and targets that cannot
 * be resolved are left out. */
void                plenum_render_client_get_links_async  (PlenumRenderClient   *self,
                                                           PlenumRenderDocument *doc,
                                                           guint                 page,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
GPtrArray          *plenum_render_client_get_links_finish (PlenumRenderClient   *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

/* ---- Page text ---- */

/* One character's box on the page, in PDF points with the origin at the top-left. */
typedef struct {
  double x, y, width, height;
} PlenumRenderBox;

/* The text of a page, and the box of each of its characters: boxes->len ==
 * g_utf8_strlen (text, -1). */
typedef struct {
  char   *text;
  GArray *boxes;   /* of PlenumRenderBox */
} PlenumRenderText;

#define PLENUM_TYPE_RENDER_TEXT (plenum_render_text_get_type ())
GType              plenum_render_text_get_type (void) G_GNUC_CONST;   /* boxed: PLENUM_TYPE_RENDER_TEXT */
/* A deep copy: its own text and its own array. */
PlenumRenderText  *plenum_render_text_copy     (const PlenumRenderText *text);
/* Frees the text, drops the array, frees @text; NULL is ignored. */
void               plenum_render_text_free     (PlenumRenderText *text);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumRenderText, plenum_render_text_free)

/* The text of page @page (0-based) of @doc for text selection, as poppler reads it:
 * valid UTF-8 without NUL, the words of each line with a space where poppler sees one,
 * lines separated by "\n" (no newline at the end). @boxes holds one PlenumRenderBox
 * per Unicode character of @text, in order, the spaces and newlines included (those
 * poppler inserts get the box of the gap, a newline an empty box at its line's end);
 * boxes are finite, clipped to the page, in the frame of the search hits above. A page
 * without text gives "" and no boxes. The result is transfer full, never NULL on
 * success. Errors as for render_page_async(): PAGE_FAILED when @page is not a page of
 * @doc or cannot be loaded; TOO_BIG for a page of more than 200,000 characters; TIMEOUT,
 * CRASHED, PROTOCOL (a reply that breaks these rules: the helper is killed), or
 * G_IO_ERROR_CANCELLED. */
void               plenum_render_client_get_text_async  (PlenumRenderClient   *self,
                                                         PlenumRenderDocument *doc,
                                                         guint                 page,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
PlenumRenderText  *plenum_render_client_get_text_finish (PlenumRenderClient   *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

/* A round trip to the helper (starting it if needed): TRUE when it answered. */
void                plenum_render_client_ping_async       (PlenumRenderClient  *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean            plenum_render_client_ping_finish      (PlenumRenderClient  *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

G_END_DECLS
