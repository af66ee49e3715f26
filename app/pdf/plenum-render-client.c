/* plenum-render-client.c — the client side of the render helper: its process, its
 * socket, the requests in flight, and the textures made from its memfds (see
 * plenum-render-client.h for the behaviour, render/plenum-render-protocol.h for the
 * wire format).
 *
 * Everything runs on the client's main context: the socket is non-blocking and read by
 * a GUnixFDSource, writes that would block wait in a buffer for G_IO_OUT, and a watchdog
 * source's ready time is the moment the helper has been silent for "timeout" while work
 * is pending. Every request is sent as soon as it is made (the helper queues RENDERs
 * itself), so each live request is "in flight" on the running helper.
 *
 * Tasks are never completed from inside the socket handling: completions wait in a
 * queue that an idle source empties, so a callback that makes new requests, drops the
 * last reference to a document or cancels something never finds the client half-way
 * through a message.
 *
 * The helper is spawned with g_spawn_async_with_pipes_and_fds() (its socket end as fd 3)
 * and reaped by the client itself through a pidfd (see Reaper): GLib 2.74's child watch
 * can give up on a child that is not yet waitable and leave a zombie. Because the pid is
 * only released by that waitpid(), killing it can never hit a recycled pid. A helper that
 * may be stuck is killed at once; an idle one is let go by closing its socket, and killed
 * only if it is still there after a grace period.
 *
 * Pages: the helper draws into a pool of pixel buffers (memfds; see RENDERED in the
 * protocol). The client keeps one read-only mapping per buffer and helper generation
 * (ClientBuffer, in the connection's table by buffer id) and makes each texture a
 * GdkMemoryTexture over it, without a copy; a GBytes per texture holds a reference on the
 * buffer. When the last texture over a buffer is freed, the client sends RELEASE so that
 * the helper may draw there again, and keeps the mapping for the next time the helper
 * sends that buffer (without its pages: MADV_DONTNEED, so an idle buffer costs no
 * resident memory here) — at most CLIENT_IDLE_BUFFERS such idle mappings per helper, the
 * oldest beyond are unmapped (the helper sends the fd every time, so a buffer whose
 * mapping was let go is mapped again). A mapping outlives its helper as long as textures
 * use it (the memory stays), but a dead helper's buffers are never released into the next
 * one: ids belong to one generation. Before mapping, the client checks the memfd's seals
 * (no shrinking or growing: the mapping can never lose pages under a texture) and size.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-render-client"
#define _GNU_SOURCE  /* F_GET_SEALS */

#include "pdf/plenum-render-client.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/pidfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "pdf/plenum-pdf-config.h"
#include "pdf/plenum-render-private.h"
#include "render/plenum-render-protocol.h"

/* How much one wakeup reads at most before it lets the main loop run again. */
#define READ_CHUNK        (64 * 1024)
#define READ_PER_DISPATCH (4 * 1024 * 1024)
/* Mappings of released pixel buffers the client keeps for the helper's next pages. */
#define CLIENT_IDLE_BUFFERS 2
/* File descriptors one recvmsg() can carry: the kernel hands over at most one message's
 * worth, and the helper sends one per RENDERED; more is a protocol violation. */
#define MAX_FDS_PER_READ  4
/* The largest page size PDF allows (ISO 32000: 14,400 units of 1/72 inch). */
#define MAX_PAGE_POINTS   14400.0

G_DEFINE_QUARK (plenum-render-error-quark, plenum_render_error)

typedef enum {
  REQUEST_PING,
  REQUEST_OPEN,
  REQUEST_RENDER,
  REQUEST_REOPEN,  /* internal: re-opening a document in a restarted helper */
  REQUEST_SEARCH,
  REQUEST_OUTLINE,
  REQUEST_LINKS,
  REQUEST_TEXT,
  REQUEST_SIZES,   /* internal: measuring a chunk of a document's pages */
} RequestKind;

typedef struct {
  PlenumRenderClient   *client;        /* unowned: the client owns its requests */
  RequestKind           kind;
  guint32               id;            /* on the running helper */
  GTask                *task;          /* NULL for REOPEN, and once completed early
                                        * (cancelled): the reply is then dropped */
  GSource              *cancel_source;
  PlenumRenderDocument *doc;           /* RENDER, REOPEN, SEARCH, OUTLINE, LINKS, TEXT */
  char                 *path;          /* OPEN */
  char                 *password;      /* OPEN; NULL: none. Wiped when freed */
  guint32               handle;        /* OPEN */
  guint                 page;          /* RENDER, LINKS, TEXT; SEARCH: the first page */
  guint                 width;         /* RENDER */
  guint                 height;
  char                 *text;          /* SEARCH */
  guint                 n_pages;       /* SEARCH, already cut at the document's end */
  guint32               flags;         /* SEARCH: PLENUM_RENDER_SEARCH_FLAG_* */
  guint                 count;         /* SIZES: pages from @page */
  PlenumRenderDocument *sizes_doc;     /* SIZES: unowned (a chunk must not keep its
                                        * document alive); NULL once it is finalized */
} Request;

/* The value of a search's task. */
typedef struct {
  GPtrArray *hits;
  gboolean   capped;
} SearchOutcome;

static void
search_outcome_free (gpointer data)
{
  SearchOutcome *outcome = data;

  g_clear_pointer (&outcome->hits, g_ptr_array_unref);
  g_free (outcome);
}

/* ---- Boxed types ------------------------------------------------------------------------ */

PlenumRenderHit *
plenum_render_hit_copy (const PlenumRenderHit *hit)
{
  return g_memdup2 (hit, sizeof *hit);
}

void
plenum_render_hit_free (PlenumRenderHit *hit)
{
  g_free (hit);
}

G_DEFINE_BOXED_TYPE (PlenumRenderHit, plenum_render_hit, plenum_render_hit_copy,
                     plenum_render_hit_free)

PlenumRenderOutlineEntry *
plenum_render_outline_entry_copy (const PlenumRenderOutlineEntry *entry)
{
  PlenumRenderOutlineEntry *copy = g_memdup2 (entry, sizeof *entry);

  copy->title = g_strdup (entry->title);
  return copy;
}

void
plenum_render_outline_entry_free (PlenumRenderOutlineEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->title);
  g_free (entry);
}

G_DEFINE_BOXED_TYPE (PlenumRenderOutlineEntry, plenum_render_outline_entry,
                     plenum_render_outline_entry_copy, plenum_render_outline_entry_free)

PlenumRenderLink *
plenum_render_link_copy (const PlenumRenderLink *link)
{
  PlenumRenderLink *copy = g_memdup2 (link, sizeof *link);

  copy->uri = g_strdup (link->uri);
  return copy;
}

void
plenum_render_link_free (PlenumRenderLink *link)
{
  if (link == NULL)
    return;
  g_free (link->uri);
  g_free (link);
}

G_DEFINE_BOXED_TYPE (PlenumRenderLink, plenum_render_link, plenum_render_link_copy,
                     plenum_render_link_free)

PlenumRenderText *
plenum_render_text_copy (const PlenumRenderText *text)
{
  PlenumRenderText *copy;

  g_return_val_if_fail (text != NULL, NULL);

  copy = g_new0 (PlenumRenderText, 1);
  copy->text = g_strdup (text->text);
  copy->boxes = text->boxes != NULL ? g_array_copy (text->boxes) : NULL;
  return copy;
}

void
plenum_render_text_free (PlenumRenderText *text)
{
  if (text == NULL)
    return;
  g_free (text->text);
  g_clear_pointer (&text->boxes, g_array_unref);
  g_free (text);
}

G_DEFINE_BOXED_TYPE (PlenumRenderText, plenum_render_text, plenum_render_text_copy,
                     plenum_render_text_free)

typedef struct {
  int     fd;
  guint64 start;   /* stream offsets of the bytes the recvmsg() that brought it read */
  guint64 end;
} ReceivedFd;

/* Reaps one helper process: lives from the spawn until the process has been waited for,
 * which may be after the connection (and even the client) is gone. */
typedef struct {
  GPid          pid;
  int           pidfd;      /* -1: polled by a timer instead */
  gboolean      reaped;
  GSource      *source;
  GSource      *kill_source;  /* the grace period of an idle helper told to go */
  GMainContext *context;
} Reaper;

/* A pixel buffer of one helper generation, mapped read-only (see the top of the file).
 * Used on the client's thread only: a texture freed on another thread hands its release
 * to the client's context. */
typedef struct {
  guint          ref_count;   /* the connection's table, and one per texture */
  guint32        id;
  guint          generation;
  void          *map;
  gsize          size;
  guint          n_textures;
  gboolean       in_table;    /* the connection still knows it (for reuse) */
  GList         *idle_link;   /* in Connection.idle while no texture is over it */
  GWeakRef       client;
  GMainContext  *context;
  GThread       *thread;
} ClientBuffer;

static void
client_buffer_unref (ClientBuffer *buffer)
{
  g_assert (buffer->ref_count > 0);
  if (--buffer->ref_count > 0)
    return;
  munmap (buffer->map, buffer->size);
  g_weak_ref_clear (&buffer->client);
  g_main_context_unref (buffer->context);
  g_free (buffer);
}

/* One running helper process and its socket. */
typedef struct {
  Reaper      *reaper;      /* shared with the reaper's source */
  GPid         pid;
  int          fd;
  guint        generation;
  GSource     *in_source;
  GSource     *out_source;
  GByteArray  *inbuf;
  guint64      in_offset;    /* stream offset of inbuf->data[0] */
  GByteArray  *outbuf;
  GArray      *fds;          /* of ReceivedFd, oldest first */
  guint32      started_id;   /* the request the helper said it is working on; 0: none */
  gboolean     failing;      /* a write failed; a failure is scheduled */
  GHashTable  *buffers;      /* buffer id → ClientBuffer (a reference) */
  GQueue       idle;         /* of ClientBuffer in @buffers without textures, oldest first */
} Connection;

typedef struct {
  GTask          *task;      /* NULL: a chunk of page sizes to apply (below) */
  GError         *error;
  gpointer        value;
  GDestroyNotify  destroy;
  gboolean        boolean;   /* return value is a boolean (ping) */

  PlenumRenderDocument *doc; /* page sizes: owned */
  guint           first;
  guint           count;
  double         *sizes;     /* 2 × count */
  guint8         *flags;     /* count */
} Completion;

struct _PlenumRenderClient
{
  GObject       parent_instance;

  /* Set at construction, then read-only. */
  char         *helper_path;
  GMainContext *context;
  GThread      *thread;         /* every call comes from here (asserted) */

  /* Settings (properties). */
  guint         timeout_ms;
  guint64       memory_limit;
  guint         cpu_limit_s;
  guint64       max_pixels;

  /* Everything below: the client's thread only. */
  Connection   *conn;           /* NULL while no helper runs */
  guint         generation;     /* of the last helper started */
  guint         n_starts;
  GArray       *start_times;    /* monotonic µs of recent starts, for the rate limit */

  GQueue        in_flight;      /* of Request, in sending order */
  GHashTable   *by_id;          /* request id → Request (the same ones) */
  guint32       next_request_id;
  guint32       next_handle;

  GSource      *watchdog;       /* ready when the helper has been silent too long */
  gint64        last_activity;  /* monotonic µs: last message, or start of work */

  GQueue        completions;    /* of Completion */
  GSource      *completion_source;
  GSource      *failure_source;

  /* Documents with pages whose sizes have not been asked for (PlenumRenderDocument,
   * unowned: a document leaves in its finalize, through forget_document()), and the
   * low-priority idle that sends the next SIZES chunk when no RENDER is in flight. */
  GPtrArray    *sizing;
  GSource      *sizes_source;
};

G_DEFINE_FINAL_TYPE (PlenumRenderClient, plenum_render_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HELPER_PATH,
  PROP_TIMEOUT,
  PROP_MEMORY_LIMIT,
  PROP_CPU_LIMIT,
  PROP_MAX_PIXELS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void send_request        (PlenumRenderClient *self,
                                 Request            *request);
static void helper_failed       (PlenumRenderClient *self,
                                 PlenumRenderError   code);
static void read_from_helper    (PlenumRenderClient *self);
static void schedule_sizes      (PlenumRenderClient *self);
static void sizes_chunk_failed  (PlenumRenderClient *self,
                                 Request            *request);
static void sizes_chunk_retry   (PlenumRenderClient *self,
                                 Request            *request);

#define assert_client_thread(self) g_assert ((self)->thread == g_thread_self ())

/* ---- Requests and completions -------------------------------------------------------- */

static void
request_free (Request *request)
{
  if (request->cancel_source != NULL)
    {
      g_source_destroy (request->cancel_source);
      g_clear_pointer (&request->cancel_source, g_source_unref);
    }
  /* A request that still has its task here is completed by whoever frees it. */
  g_assert (request->task == NULL);
  g_clear_object (&request->doc);
  g_free (request->path);
  g_free (request->text);
  if (request->password != NULL)
    {
      explicit_bzero (request->password, strlen (request->password));
      g_free (request->password);
    }
  g_free (request);
}

static void
completion_free_sizes (Completion *completion)
{
  g_clear_object (&completion->doc);
  g_free (completion->sizes);
  g_free (completion->flags);
  g_free (completion);
}

static gboolean
flush_completions_cb (gpointer user_data)
{
  g_autoptr(PlenumRenderClient) self = g_object_ref (user_data);
  GQueue pending = G_QUEUE_INIT;
  Completion *completion;

  g_clear_pointer (&self->completion_source, g_source_unref);

  /* Callbacks may queue more; they wait for the next round. */
  pending = self->completions;
  g_queue_init (&self->completions);

  while ((completion = g_queue_pop_head (&pending)) != NULL)
    {
      if (completion->task == NULL)
        {
          /* Handlers of "page-sizes-changed" run here, never inside the socket handling. */
          plenum_render_document_apply_sizes (completion->doc, completion->first,
                                              completion->count, completion->sizes,
                                              completion->flags);
          completion_free_sizes (completion);
          continue;
        }
      if (completion->error != NULL)
        g_task_return_error (completion->task, completion->error);
      else if (completion->boolean)
        g_task_return_boolean (completion->task, TRUE);
      else
        g_task_return_pointer (completion->task, completion->value, completion->destroy);
      g_object_unref (completion->task);
      g_free (completion);
    }

  return G_SOURCE_REMOVE;
}

static void
queue_completion (PlenumRenderClient *self,
                  Completion         *completion)
{
  g_queue_push_tail (&self->completions, completion);

  if (self->completion_source == NULL)
    {
      self->completion_source = g_idle_source_new ();
      g_source_set_priority (self->completion_source, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->completion_source, flush_completions_cb, self, NULL);
      g_source_set_static_name (self->completion_source, "[plenum] render completions");
      g_source_attach (self->completion_source, self->context);
    }
}

/* Completes the request's task (if it still has one) with @error, which it takes. */
static void
complete_with_error (PlenumRenderClient *self,
                     Request            *request,
                     GError             *error)
{
  Completion *completion;

  if (request->task == NULL)
    {
      g_error_free (error);
      return;
    }

  completion = g_new0 (Completion, 1);
  completion->task = g_steal_pointer (&request->task);
  completion->error = error;
  queue_completion (self, completion);
}

static void
complete_with_value (PlenumRenderClient *self,
                     Request            *request,
                     gpointer            value,
                     GDestroyNotify      destroy,
                     gboolean            boolean)
{
  Completion *completion;

  g_assert (request->task != NULL);

  completion = g_new0 (Completion, 1);
  completion->task = g_steal_pointer (&request->task);
  completion->value = value;
  completion->destroy = destroy;
  completion->boolean = boolean;
  queue_completion (self, completion);
}

static GError *
render_error_new (PlenumRenderError code,
                  const char       *message)
{
  return g_error_new_literal (PLENUM_RENDER_ERROR, code, message);
}

static GError *
crash_error_new (PlenumRenderError code)
{
  switch (code)
    {
    case PLENUM_RENDER_ERROR_TIMEOUT:
      return render_error_new (code, _("The page took too long to prepare and was stopped."));
    case PLENUM_RENDER_ERROR_PROTOCOL:
      return render_error_new (code,
                               _("The document viewer sent a malformed answer and was restarted."));
    case PLENUM_RENDER_ERROR_CRASHED:
    default:
      return render_error_new (PLENUM_RENDER_ERROR_CRASHED,
                               _("The document viewer stopped unexpectedly."));
    }
}

/* The error for a helper's ERROR reply to @request. */
static GError *
wire_error_new (Request    *request,
                guint32     code,
                const char *detail)
{
  g_debug ("helper error %u for request %u: %s", code, request->id, detail);

  switch (code)
    {
    case PLENUM_RENDER_WIRE_NOT_PDF:
      return render_error_new (PLENUM_RENDER_ERROR_NOT_PDF,
                               _("The file is not a PDF document that can be read."));
    case PLENUM_RENDER_WIRE_ENCRYPTED:
      return render_error_new (PLENUM_RENDER_ERROR_ENCRYPTED,
                               _("The document is protected by a password."));
    case PLENUM_RENDER_WIRE_NO_PAGES:
      return render_error_new (PLENUM_RENDER_ERROR_NO_PAGES, _("The document has no pages."));
    case PLENUM_RENDER_WIRE_PAGE_FAILED:
      if (request->kind == REQUEST_RENDER || request->kind == REQUEST_LINKS ||
          request->kind == REQUEST_SEARCH || request->kind == REQUEST_TEXT)
        /* Translators: %u is a page number. */
        return g_error_new (PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PAGE_FAILED,
                            _("Page %u could not be shown."), request->page + 1);
      return render_error_new (PLENUM_RENDER_ERROR_PAGE_FAILED,
                               _("A page of the document could not be read."));
    case PLENUM_RENDER_WIRE_TOO_BIG:
      return render_error_new (PLENUM_RENDER_ERROR_TOO_BIG,
                               _("The document or page is too large to show."));
    case PLENUM_RENDER_WIRE_IO:
      return render_error_new (PLENUM_RENDER_ERROR_IO, _("The file could not be read."));
    case PLENUM_RENDER_WIRE_CANCELLED:
      return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
    case PLENUM_RENDER_WIRE_NO_DOCUMENT:
      if (request->doc != NULL && request->doc->reopen_error != NULL)
        return g_error_copy (request->doc->reopen_error);
      return render_error_new (PLENUM_RENDER_ERROR_PAGE_FAILED,
                               _("The document is not open in the document viewer."));
    case PLENUM_RENDER_WIRE_BAD_REQUEST:
    default:
      return render_error_new (PLENUM_RENDER_ERROR_PROTOCOL,
                               _("The document viewer refused a request."));
    }
}

/* ---- The watchdog ---------------------------------------------------------------------- */

static gboolean
watchdog_dispatch (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs watchdog_funcs = {
  .dispatch = watchdog_dispatch,
};

static void
update_watchdog (PlenumRenderClient *self)
{
  gint64 ready = -1;

  if (self->watchdog == NULL)
    return;
  if (self->conn != NULL && !g_queue_is_empty (&self->in_flight) && self->timeout_ms > 0)
    ready = self->last_activity + (gint64) self->timeout_ms * 1000;
  g_source_set_ready_time (self->watchdog, ready);
}

/* ---- The helper process ----------------------------------------------------------------- */

/* GLib 2.74's child watch (pidfd-based) can drop a child that is not yet waitable and
 * leave a zombie behind, so the client reaps its helpers itself: the pidfd says when the
 * process has ended, waitpid() collects it, and a short timer retries in the moment
 * between the two (or polls, where pidfds are not available). */
#define REAPER_RETRY_MS 20
#define REAPER_POLL_MS  200
/* How long an idle helper whose socket was closed has to exit by itself. */
#define REAPER_GRACE_MS 2000

static Reaper *
reaper_ref (Reaper *reaper)
{
  return g_atomic_rc_box_acquire (reaper);
}

static void
reaper_clear (gpointer data)
{
  Reaper *reaper = data;

  if (reaper->pidfd >= 0)
    close (reaper->pidfd);
  g_clear_pointer (&reaper->context, g_main_context_unref);
}

static void
reaper_unref (Reaper *reaper)
{
  g_atomic_rc_box_release_full (reaper, reaper_clear);
}

static void reaper_watch (Reaper *reaper,
                          gboolean use_timer);

/* TRUE when the process has been collected (or is not ours to collect any more). */
static gboolean
reaper_try (Reaper *reaper)
{
  int status = 0;
  pid_t r;

  do
    r = waitpid (reaper->pid, &status, WNOHANG);
  while (r < 0 && errno == EINTR);

  if (r == 0)
    return FALSE;
  if (r == reaper->pid)
    g_debug ("render helper %d ended (status 0x%x)", (int) reaper->pid, (guint) status);
  reaper->reaped = TRUE;
  return TRUE;
}

static gboolean
reaper_ready_cb (gpointer user_data)
{
  Reaper *reaper = user_data;

  g_clear_pointer (&reaper->source, g_source_unref);
  if (!reaper_try (reaper))
    {
      /* The pidfd is readable a moment before the process can be waited for. */
      reaper_watch (reaper, TRUE);
    }
  else if (reaper->kill_source != NULL)
    {
      g_source_destroy (reaper->kill_source);
      g_clear_pointer (&reaper->kill_source, g_source_unref);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
reaper_grace_over_cb (gpointer user_data)
{
  Reaper *reaper = user_data;

  g_clear_pointer (&reaper->kill_source, g_source_unref);
  if (!reaper->reaped)
    kill (reaper->pid, SIGKILL);
  return G_SOURCE_REMOVE;
}

/* The helper was told to go by closing its socket: it is killed if it has not gone after
 * the grace period. */
static void
reaper_kill_later (Reaper *reaper)
{
  if (reaper->reaped || reaper->kill_source != NULL)
    return;
  reaper->kill_source = g_timeout_source_new (REAPER_GRACE_MS);
  g_source_set_callback (reaper->kill_source, reaper_grace_over_cb, reaper_ref (reaper),
                         (GDestroyNotify) reaper_unref);
  g_source_set_static_name (reaper->kill_source, "[plenum] render helper grace period");
  g_source_attach (reaper->kill_source, reaper->context);
}

static gboolean
reaper_pidfd_ready_cb (int           fd,
                       GIOCondition  condition,
                       gpointer      user_data)
{
  return reaper_ready_cb (user_data);
}

static void
reaper_watch (Reaper   *reaper,
              gboolean  use_timer)
{
  if (use_timer || reaper->pidfd < 0)
    {
      reaper->source = g_timeout_source_new (reaper->pidfd < 0 ? REAPER_POLL_MS : REAPER_RETRY_MS);
      g_source_set_callback (reaper->source, reaper_ready_cb, reaper_ref (reaper),
                             (GDestroyNotify) reaper_unref);
    }
  else
    {
      reaper->source = g_unix_fd_source_new (reaper->pidfd, G_IO_IN);
      g_source_set_callback (reaper->source, G_SOURCE_FUNC (reaper_pidfd_ready_cb),
                             reaper_ref (reaper), (GDestroyNotify) reaper_unref);
    }
  g_source_set_static_name (reaper->source, "[plenum] render helper reaper");
  g_source_attach (reaper->source, reaper->context);
}

static Reaper *
reaper_new (GPid          pid,
            GMainContext *context)
{
  Reaper *reaper = g_atomic_rc_box_new0 (Reaper);

  reaper->pid = pid;
  reaper->context = g_main_context_ref (context);
  reaper->pidfd = pidfd_open (pid, 0);
  reaper_watch (reaper, FALSE);
  return reaper;
}

static void
connection_free (Connection *conn,
                 gboolean    kill_process)
{
  if (conn->in_source != NULL)
    {
      g_source_destroy (conn->in_source);
      g_clear_pointer (&conn->in_source, g_source_unref);
    }
  if (conn->out_source != NULL)
    {
      g_source_destroy (conn->out_source);
      g_clear_pointer (&conn->out_source, g_source_unref);
    }
  if (conn->fd >= 0)
    close (conn->fd);
  for (guint i = 0; i < conn->fds->len; i++)
    close (g_array_index (conn->fds, ReceivedFd, i).fd);
  g_array_unref (conn->fds);
  /* Idle mappings go; those under textures stay until the textures do, and their release
   * reaches no other helper. */
  {
    GHashTableIter iter;
    ClientBuffer *buffer;

    g_hash_table_iter_init (&iter, conn->buffers);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &buffer))
      {
        buffer->in_table = FALSE;
        buffer->idle_link = NULL;
      }
    g_queue_clear (&conn->idle);
    g_hash_table_unref (conn->buffers);
  }
  g_byte_array_unref (conn->inbuf);
  g_byte_array_unref (conn->outbuf);
  /* The pid stays ours until the reaper has waited for it, so it cannot have been reused.
   * An idle helper exits by itself when its socket closes (and cleans up as it goes);
   * one that may be stuck in a render is killed. */
  if (kill_process && !conn->reaper->reaped)
    kill (conn->pid, SIGKILL);
  else
    reaper_kill_later (conn->reaper);
  reaper_unref (conn->reaper);
  g_free (conn);
}

/* Ends the running helper (SIGKILL: it may be stuck in a render) and its socket. */
static void
drop_connection (PlenumRenderClient *self)
{
  Connection *conn = g_steal_pointer (&self->conn);

  if (conn != NULL)
    connection_free (conn, TRUE);
}

/* Closes the socket of an idle helper, which then exits by itself. */
static void
release_connection (PlenumRenderClient *self)
{
  Connection *conn = g_steal_pointer (&self->conn);

  if (conn != NULL)
    connection_free (conn, !g_queue_is_empty (&self->in_flight));
}

static gboolean
helper_readable_cb (int           fd,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  PlenumRenderClient *self = user_data;

  read_from_helper (self);
  return G_SOURCE_CONTINUE;
}

static void flush_output (PlenumRenderClient *self);

static gboolean
helper_writable_cb (int           fd,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  PlenumRenderClient *self = user_data;

  flush_output (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
failure_cb (gpointer user_data)
{
  PlenumRenderClient *self = user_data;

  g_clear_pointer (&self->failure_source, g_source_unref);
  /* Take in whatever the helper managed to answer; EOF there ends it properly. */
  if (self->conn != NULL)
    read_from_helper (self);
  if (self->conn != NULL && self->conn->failing)
    helper_failed (self, PLENUM_RENDER_ERROR_CRASHED);
  return G_SOURCE_REMOVE;
}

/* A write failed: the helper is gone. Handled from an idle source so that a request being
 * sent never finds the connection torn down under it. */
static void
fail_later (PlenumRenderClient *self)
{
  self->conn->failing = TRUE;
  if (self->failure_source != NULL)
    return;
  self->failure_source = g_idle_source_new ();
  g_source_set_priority (self->failure_source, G_PRIORITY_HIGH);
  g_source_set_callback (self->failure_source, failure_cb, self, NULL);
  g_source_set_static_name (self->failure_source, "[plenum] render helper failure");
  g_source_attach (self->failure_source, self->context);
}

static void
flush_output (PlenumRenderClient *self)
{
  Connection *conn = self->conn;

  if (conn == NULL || conn->failing)
    return;

  while (conn->outbuf->len > 0)
    {
      ssize_t n = send (conn->fd, conn->outbuf->data, conn->outbuf->len,
                        MSG_NOSIGNAL | MSG_DONTWAIT);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        {
          if (conn->out_source == NULL)
            {
              conn->out_source = g_unix_fd_source_new (conn->fd, G_IO_OUT);
              g_source_set_callback (conn->out_source, G_SOURCE_FUNC (helper_writable_cb),
                                     self, NULL);
              g_source_set_static_name (conn->out_source, "[plenum] render helper output");
              g_source_attach (conn->out_source, self->context);
            }
          return;
        }
      if (n <= 0)
        {
          g_debug ("writing to the render helper failed: %s", g_strerror (errno));
          g_byte_array_set_size (conn->outbuf, 0);
          fail_later (self);
          break;
        }
      g_byte_array_remove_range (conn->outbuf, 0, (guint) n);
    }

  if (conn->out_source != NULL)
    {
      g_source_destroy (conn->out_source);
      g_clear_pointer (&conn->out_source, g_source_unref);
    }
}

static void
send_bytes (PlenumRenderClient *self,
            guint16             type,
            guint32             request_id,
            const guint8       *payload,
            gsize               payload_length)
{
  guint8 header[PLENUM_RENDER_HEADER_SIZE];

  g_assert (payload_length <= PLENUM_RENDER_MAX_REQUEST);
  plenum_render_header_write (header, type, request_id, (guint32) payload_length);
  g_byte_array_append (self->conn->outbuf, header, sizeof header);
  if (payload_length > 0)
    g_byte_array_append (self->conn->outbuf, payload, (guint) payload_length);
  flush_output (self);
}

static guint32
new_request_id (PlenumRenderClient *self)
{
  if (++self->next_request_id == 0)
    self->next_request_id = 1;
  return self->next_request_id;
}

static gboolean
may_start_helper (PlenumRenderClient *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 window = (gint64) PLENUM_RENDER_CLIENT_RESTART_WINDOW_S * G_USEC_PER_SEC;
  guint kept = 0;

  for (guint i = 0; i < self->start_times->len; i++)
    {
      gint64 t = g_array_index (self->start_times, gint64, i);

      if (now - t < window)
        g_array_index (self->start_times, gint64, kept++) = t;
    }
  g_array_set_size (self->start_times, kept);

  /* The first start in the window is not a restart. */
  return kept <= PLENUM_RENDER_CLIENT_MAX_RESTARTS;
}

static gboolean
ensure_helper (PlenumRenderClient  *self,
               GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  const int target_fd = PLENUM_RENDER_SOCKET_FD;
  Reaper *reaper;
  GPid pid;
  g_autofree char *memory_arg = NULL;
  g_autofree char *cpu_arg = NULL;
  g_autofree char *pixels_arg = NULL;
  const char *argv[5];
  Connection *conn;
  gint64 now;
  int sv[2];

  if (self->conn != NULL)
    return TRUE;

  if (!g_file_test (self->helper_path, G_FILE_TEST_IS_REGULAR) ||
      !g_file_test (self->helper_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_debug ("render helper not found at %s", self->helper_path);
      g_set_error_literal (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_HELPER_MISSING,
                           _("The document viewer is not installed correctly."));
      return FALSE;
    }
  if (!may_start_helper (self))
    {
      g_set_error_literal (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_CRASHED,
                           _("The document viewer stopped too often; "
                             "it will be tried again shortly."));
      return FALSE;
    }

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    {
      int saved = errno;
      g_set_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_HELPER_MISSING,
                   _("The document viewer could not be started: %s"), g_strerror (saved));
      return FALSE;
    }

  memory_arg = g_strdup_printf ("--memory-limit=%" G_GUINT64_FORMAT, self->memory_limit);
  cpu_arg = g_strdup_printf ("--cpu-limit=%u", self->cpu_limit_s);
  pixels_arg = g_strdup_printf ("--max-pixels=%" G_GUINT64_FORMAT, self->max_pixels);
  argv[0] = self->helper_path;
  argv[1] = memory_arg;
  argv[2] = cpu_arg;
  argv[3] = pixels_arg;
  argv[4] = NULL;

  /* The helper's end becomes its fd 3, stdin is /dev/null, stdout and stderr are ours
   * (the helper points its stdout at its stderr itself: GLib 2.74 would mark our fd 2
   * close-on-exec if it were given as the child's stdout). The client reaps it. */
  if (!g_spawn_async_with_pipes_and_fds (NULL, (const char * const *) argv, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                         -1, -1, -1, &sv[1], &target_fd, 1, &pid,
                                         NULL, NULL, NULL, &local_error))
    {
      close (sv[0]);
      close (sv[1]);
      g_debug ("cannot start %s: %s", self->helper_path, local_error->message);
      g_set_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_HELPER_MISSING,
                   _("The document viewer could not be started: %s"), local_error->message);
      return FALSE;
    }
  /* Only the helper holds its end now, so its death reads as EOF here. */
  close (sv[1]);
  reaper = reaper_new (pid, self->context);

  if (!g_unix_set_fd_nonblocking (sv[0], TRUE, &local_error))
    {
      close (sv[0]);
      kill (pid, SIGKILL);
      reaper_unref (reaper);
      g_set_error (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_HELPER_MISSING,
                   _("The document viewer could not be started: %s"), local_error->message);
      return FALSE;
    }

  conn = g_new0 (Connection, 1);
  conn->pid = pid;
  conn->reaper = reaper;
  conn->fd = sv[0];
  conn->generation = ++self->generation;
  conn->inbuf = g_byte_array_new ();
  conn->outbuf = g_byte_array_new ();
  conn->fds = g_array_new (FALSE, FALSE, sizeof (ReceivedFd));
  conn->buffers = g_hash_table_new_full (NULL, NULL, NULL,
                                         (GDestroyNotify) client_buffer_unref);
  g_queue_init (&conn->idle);
  conn->in_source = g_unix_fd_source_new (conn->fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (conn->in_source, G_SOURCE_FUNC (helper_readable_cb), self, NULL);
  g_source_set_static_name (conn->in_source, "[plenum] render helper input");
  g_source_attach (conn->in_source, self->context);
  self->conn = conn;

  now = g_get_monotonic_time ();
  g_array_append_val (self->start_times, now);
  self->n_starts++;
  g_debug ("render helper %d started (generation %u)", (int) pid, conn->generation);
  /* A new helper resumes measuring pages where the last one left off. */
  schedule_sizes (self);
  return TRUE;
}

/* Drops the running helper: every request in flight fails with @code. */
static void
helper_failed (PlenumRenderClient *self,
               PlenumRenderError   code)
{
  Request *request;
  guint32 started_id;

  if (self->conn == NULL)
    return;

  g_debug ("render helper generation %u failed (%d)", self->conn->generation, code);
  started_id = self->conn->started_id;
  drop_connection (self);
  while ((request = g_queue_pop_head (&self->in_flight)) != NULL)
    {
      g_hash_table_remove (self->by_id, GUINT_TO_POINTER (request->id));
      /* A chunk of sizes the helper died on is given up; one it had not begun is asked
       * again. */
      if (request->kind == REQUEST_SIZES && request->id == started_id)
        sizes_chunk_failed (self, request);
      else if (request->kind == REQUEST_SIZES)
        sizes_chunk_retry (self, request);
      complete_with_error (self, request, crash_error_new (code));
      request_free (request);
    }
  update_watchdog (self);
}

/* ---- Sending ----------------------------------------------------------------------------- */

static void
track_request (PlenumRenderClient *self,
               Request            *request)
{
  request->id = new_request_id (self);
  if (g_queue_is_empty (&self->in_flight))
    self->last_activity = g_get_monotonic_time ();
  g_queue_push_tail (&self->in_flight, request);
  g_hash_table_insert (self->by_id, GUINT_TO_POINTER (request->id), request);
  update_watchdog (self);
}

static void
send_open (PlenumRenderClient *self,
           Request            *request,
           guint32             handle,
           const char         *path,
           const char         *password)
{
  gsize path_length = strlen (path);
  gsize password_length;
  gsize length;
  guint8 *payload;
  Connection *conn = self->conn;
  guint before;

  if (password == NULL)
    {
      g_autofree guint8 *plain = g_malloc (PLENUM_RENDER_OPEN_FIXED + path_length);

      plenum_render_put_u32 (plain, handle);
      memcpy (plain + PLENUM_RENDER_OPEN_FIXED, path, path_length);
      track_request (self, request);
      send_bytes (self, PLENUM_RENDER_MSG_OPEN, request->id, plain,
                  PLENUM_RENDER_OPEN_FIXED + path_length);
      return;
    }

  password_length = strlen (password);
  length = PLENUM_RENDER_OPEN_PASSWORD_FIXED + password_length + path_length;
  before = conn->outbuf->len;
  payload = g_malloc (length);
  plenum_render_put_u32 (payload, handle);
  plenum_render_put_u32 (payload + 4, (guint32) password_length);
  memcpy (payload + PLENUM_RENDER_OPEN_PASSWORD_FIXED, password, password_length);
  memcpy (payload + PLENUM_RENDER_OPEN_PASSWORD_FIXED + password_length, path, path_length);
  track_request (self, request);
  send_bytes (self, PLENUM_RENDER_MSG_OPEN_PASSWORD, request->id, payload, length);
  explicit_bzero (payload, length);
  g_free (payload);

  /* Once sent, the output buffer's memory (below its length, where sending moved the
   * bytes) still holds the password: wipe it. If the socket was full, the password waits
   * there to be sent and is freed, unwiped, with the buffer. */
  if (self->conn == conn && conn->outbuf->len == 0)
    {
      g_byte_array_set_size (conn->outbuf, before + (guint) (PLENUM_RENDER_HEADER_SIZE + length));
      explicit_bzero (conn->outbuf->data, conn->outbuf->len);
      g_byte_array_set_size (conn->outbuf, 0);
    }
}

/* Documents follow the client into a restarted helper: the OPEN goes first, and the
 * helper handles it before any request about the document behind it. */
static void
ensure_document_open (PlenumRenderClient   *self,
                      PlenumRenderDocument *doc)
{
  Request *reopen;

  if (doc->open_generation == self->conn->generation)
    return;

  reopen = g_new0 (Request, 1);
  reopen->client = self;
  reopen->kind = REQUEST_REOPEN;
  reopen->doc = g_object_ref (doc);
  doc->open_generation = self->conn->generation;
  g_clear_error (&doc->reopen_error);
  send_request (self, reopen);
}

/* Sends @request (which the client owns from now on) to the running helper. */
static void
send_request (PlenumRenderClient *self,
              Request            *request)
{
  g_assert (self->conn != NULL);

  switch (request->kind)
    {
    case REQUEST_PING:
      track_request (self, request);
      send_bytes (self, PLENUM_RENDER_MSG_PING, request->id, NULL, 0);
      break;

    case REQUEST_OPEN:
      send_open (self, request, request->handle, request->path, request->password);
      break;

    case REQUEST_REOPEN:
      send_open (self, request, request->doc->handle, request->doc->path,
                 request->doc->password);
      break;

    case REQUEST_RENDER:
      {
        guint8 payload[PLENUM_RENDER_RENDER_SIZE] = { 0 };

        ensure_document_open (self, request->doc);
        plenum_render_put_u32 (payload, request->doc->handle);
        plenum_render_put_u32 (payload + 4, request->page);
        plenum_render_put_u32 (payload + 8, request->width);
        plenum_render_put_u32 (payload + 12, request->height);
        plenum_render_put_u32 (payload + 16, 0);  /* priority: the next issue's queue */
        track_request (self, request);
        send_bytes (self, PLENUM_RENDER_MSG_RENDER, request->id, payload, sizeof payload);
      }
      break;

    case REQUEST_SEARCH:
      {
        gsize text_length = strlen (request->text);
        g_autofree guint8 *payload = g_malloc (PLENUM_RENDER_SEARCH_FIXED + text_length);

        ensure_document_open (self, request->doc);
        plenum_render_put_u32 (payload, request->doc->handle);
        plenum_render_put_u32 (payload + 4, request->page);
        plenum_render_put_u32 (payload + 8, request->n_pages);
        plenum_render_put_u32 (payload + 12, request->flags);
        memcpy (payload + PLENUM_RENDER_SEARCH_FIXED, request->text, text_length);
        track_request (self, request);
        send_bytes (self, PLENUM_RENDER_MSG_SEARCH, request->id, payload,
                    PLENUM_RENDER_SEARCH_FIXED + text_length);
      }
      break;

    case REQUEST_OUTLINE:
      {
        guint8 payload[PLENUM_RENDER_OUTLINE_SIZE];

        ensure_document_open (self, request->doc);
        plenum_render_put_u32 (payload, request->doc->handle);
        track_request (self, request);
        send_bytes (self, PLENUM_RENDER_MSG_OUTLINE, request->id, payload, sizeof payload);
      }
      break;

    case REQUEST_LINKS:
      {
        guint8 payload[PLENUM_RENDER_LINKS_SIZE];

        ensure_document_open (self, request->doc);
        plenum_render_put_u32 (payload, request->doc->handle);
        plenum_render_put_u32 (payload + 4, request->page);
        track_request (self, request);
        send_bytes (self, PLENUM_RENDER_MSG_LINKS, request->id, payload, sizeof payload);
      }
      break;

    case REQUEST_TEXT:
      {
        guint8 payload[PLENUM_RENDER_TEXT_SIZE];

        ensure_document_open (self, request->doc);
        plenum_render_put_u32 (payload, request->doc->handle);
        plenum_render_put_u32 (payload + 4, request->page);
        track_request (self, request);
        send_bytes (self, PLENUM_RENDER_MSG_TEXT, request->id, payload, sizeof payload);
      }
      break;

    case REQUEST_SIZES:
      {
        guint8 payload[PLENUM_RENDER_SIZES_SIZE];

        g_assert (request->sizes_doc != NULL);
        ensure_document_open (self, request->sizes_doc);
        plenum_render_put_u32 (payload, request->handle);
        plenum_render_put_u32 (payload + 4, request->page);
        plenum_render_put_u32 (payload + 8, request->count);
        track_request (self, request);
        send_bytes (self, PLENUM_RENDER_MSG_SIZES, request->id, payload, sizeof payload);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Starts the helper if needed and sends @request; on failure completes it. */
static void
submit_request (PlenumRenderClient *self,
                Request            *request)
{
  GError *error = NULL;

  if (!ensure_helper (self, &error))
    {
      complete_with_error (self, request, error);
      request_free (request);
      return;
    }
  send_request (self, request);
}

/* ---- Lazy page sizes ------------------------------------------------------------------- */

/* Pages per SIZES: about 16 ms of poppler for the 2,415-page manual, so a page turn asked
 * for while a chunk runs waits at most that long. */
#define SIZES_CHUNK 96

/* Queues page sizes for @doc (taking @sizes and @flags), applied from the completion
 * idle. */
static void
queue_sizes_update (PlenumRenderClient   *self,
                    PlenumRenderDocument *doc,
                    guint                 first,
                    guint                 count,
                    double               *sizes,
                    guint8               *flags)
{
  Completion *completion = g_new0 (Completion, 1);

  completion->doc = g_object_ref (doc);
  completion->first = first;
  completion->count = count;
  completion->sizes = sizes;
  completion->flags = flags;
  queue_completion (self, completion);
}

/* The helper failed on the chunk of @request (it hung, crashed on it, refused it or
 * answered it wrongly): the chunk is not asked again — asking would fail again, and a
 * document must not keep the helper restarting — so its pages become missing, at their
 * estimated size, and measuring goes on with the next chunk. */
static void
sizes_chunk_failed (PlenumRenderClient *self,
                    Request            *request)
{
  PlenumRenderDocument *doc = request->sizes_doc;
  double *sizes;
  guint8 *flags;

  if (doc == NULL)
    return;
  g_debug ("measuring pages %u–%u of %s failed; they are shown as missing",
           request->page + 1, request->page + request->count, doc->path);
  sizes = g_memdup2 (doc->page_sizes + 2 * (gsize) request->page,
                     2 * sizeof (double) * request->count);
  flags = g_malloc (request->count);
  memset (flags, PLENUM_RENDER_PAGE_MISSING, request->count);
  queue_sizes_update (self, doc, request->page, request->count, sizes, flags);
}

/* The chunk of @request was lost with a helper that failed for another reason: ask for
 * it again (from the next helper). */
static void
sizes_chunk_retry (PlenumRenderClient *self,
                   Request            *request)
{
  PlenumRenderDocument *doc = request->sizes_doc;

  if (doc == NULL)
    return;
  doc->sizes_next = MIN (doc->sizes_next, request->page);
  if (!g_ptr_array_find (self->sizing, doc, NULL))
    g_ptr_array_insert (self->sizing, 0, doc);
}

static gboolean
sizes_pump_cb (gpointer user_data)
{
  PlenumRenderClient *self = user_data;
  PlenumRenderDocument *doc = NULL;
  Request *request;

  g_clear_pointer (&self->sizes_source, g_source_unref);

  /* Pages are measured only while the helper has no page to draw and no chunk to
   * measure: a page asked for never waits behind more than the one chunk running. A
   * helper is not started for this alone: the next one resumes where this one left
   * off. */
  if (self->conn == NULL || self->conn->failing)
    return G_SOURCE_REMOVE;
  for (GList *l = self->in_flight.head; l != NULL; l = l->next)
    {
      RequestKind kind = ((Request *) l->data)->kind;

      if (kind == REQUEST_RENDER || kind == REQUEST_SIZES)
        return G_SOURCE_REMOVE;
    }

  while (self->sizing->len > 0)
    {
      doc = g_ptr_array_index (self->sizing, 0);
      if (doc->sizes_next < doc->n_pages)
        break;
      g_ptr_array_remove_index (self->sizing, 0);
      doc = NULL;
    }
  if (doc == NULL)
    return G_SOURCE_REMOVE;

  request = g_new0 (Request, 1);
  request->client = self;
  request->kind = REQUEST_SIZES;
  request->sizes_doc = doc;
  request->handle = doc->handle;
  request->page = doc->sizes_next;
  request->count = MIN (SIZES_CHUNK, doc->n_pages - doc->sizes_next);
  doc->sizes_next += request->count;
  send_request (self, request);
  return G_SOURCE_REMOVE;
}

static void
schedule_sizes (PlenumRenderClient *self)
{
  if (self->sizes_source != NULL || self->sizing->len == 0 || self->conn == NULL)
    return;
  /* Below the completions (G_PRIORITY_DEFAULT): a render asked for from a completion's
   * callback goes out first. */
  self->sizes_source = g_idle_source_new ();
  g_source_set_priority (self->sizes_source, G_PRIORITY_LOW);
  g_source_set_callback (self->sizes_source, sizes_pump_cb, self, NULL);
  g_source_set_static_name (self->sizes_source, "[plenum] render page sizes");
  g_source_attach (self->sizes_source, self->context);
}

static gboolean
request_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  Request *request = user_data;
  PlenumRenderClient *self = request->client;

  g_clear_pointer (&request->cancel_source, g_source_unref);
  complete_with_error (self, request,
                       g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled")));

  /* The reply is dropped when it comes; a queued render need not be made at all. */
  if (request->kind == REQUEST_RENDER && self->conn != NULL && request->id != 0)
    {
      guint8 payload[4];

      plenum_render_put_u32 (payload, request->id);
      send_bytes (self, PLENUM_RENDER_MSG_CANCEL, new_request_id (self), payload, sizeof payload);
    }
  return G_SOURCE_REMOVE;
}

static Request *
request_new (PlenumRenderClient  *self,
             RequestKind          kind,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  Request *request = g_new0 (Request, 1);

  request->client = self;
  request->kind = kind;
  request->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (request->task, source_tag);
  if (cancellable != NULL)
    {
      request->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (request->cancel_source, G_SOURCE_FUNC (request_cancelled_cb),
                             request, NULL);
      g_source_set_static_name (request->cancel_source, "[plenum] render request cancelled");
      g_source_attach (request->cancel_source, self->context);
    }
  return request;
}

/* ---- Timeouts ---------------------------------------------------------------------------- */

static gboolean
watchdog_cb (gpointer user_data)
{
  PlenumRenderClient *self = user_data;
  g_autoptr(GError) restart_error = NULL;
  g_autoptr(PlenumRenderDocument) culprit_doc = NULL;
  GQueue reissue = G_QUEUE_INIT;
  Request *culprit = NULL;
  Request *request;

  if (self->conn == NULL || g_queue_is_empty (&self->in_flight))
    return G_SOURCE_CONTINUE;

  if (self->conn->started_id != 0)
    culprit = g_hash_table_lookup (self->by_id, GUINT_TO_POINTER (self->conn->started_id));
  if (culprit == NULL)
    culprit = g_queue_peek_head (&self->in_flight);

  g_debug ("render helper generation %u silent for %u ms on request %u; killing it",
           self->conn->generation, self->timeout_ms, culprit->id);
  drop_connection (self);

  /* A re-open that hangs takes the renders of its document with it. */
  if (culprit->kind == REQUEST_REOPEN)
    culprit_doc = g_object_ref (culprit->doc);

  while ((request = g_queue_pop_head (&self->in_flight)) != NULL)
    {
      request->id = 0;
      if (request->kind == REQUEST_SIZES)
        {
          /* Never asked again when it hung: a chunk cannot time out in a loop. */
          if (request == culprit)
            sizes_chunk_failed (self, request);
          else
            sizes_chunk_retry (self, request);
          request_free (request);
        }
      else if (request == culprit || (culprit_doc != NULL && request->doc == culprit_doc))
        {
          complete_with_error (self, request, crash_error_new (PLENUM_RENDER_ERROR_TIMEOUT));
          request_free (request);
        }
      else if (request->kind == REQUEST_REOPEN || request->task == NULL)
        {
          /* Re-opens are made again as needed; nobody waits for a cancelled request. */
          request_free (request);
        }
      else
        {
          g_queue_push_tail (&reissue, request);
        }
    }
  g_hash_table_remove_all (self->by_id);

  if (!g_queue_is_empty (&reissue))
    ensure_helper (self, &restart_error);
  while ((request = g_queue_pop_head (&reissue)) != NULL)
    {
      if (self->conn != NULL)
        send_request (self, request);
      else
        {
          complete_with_error (self, request, g_error_copy (restart_error));
          request_free (request);
        }
    }
  update_watchdog (self);
  return G_SOURCE_CONTINUE;
}

/* ---- Receiving --------------------------------------------------------------------------- */

/* No texture is over @buffer any more: the helper may have it back (RELEASE), and the
 * client keeps its mapping for the next time, up to CLIENT_IDLE_BUFFERS. */
static void
buffer_idle (PlenumRenderClient *self,
             ClientBuffer       *buffer)
{
  Connection *conn = self->conn;
  guint8 payload[PLENUM_RENDER_RELEASE_SIZE];

  g_assert (buffer->n_textures == 0 && buffer->idle_link == NULL);
  if (conn == NULL || conn->generation != buffer->generation || !buffer->in_table)
    return;

  plenum_render_put_u32 (payload, buffer->id);
  send_bytes (self, PLENUM_RENDER_MSG_RELEASE, new_request_id (self), payload, sizeof payload);
  /* Keep the mapping, not its pages in this process's resident memory: the helper draws
   * the next page there, and GTK faults in what it reads of it then. */
  madvise (buffer->map, buffer->size, MADV_DONTNEED);

  g_queue_push_tail (&conn->idle, buffer);
  buffer->idle_link = conn->idle.tail;
  while (conn->idle.length > CLIENT_IDLE_BUFFERS)
    {
      ClientBuffer *oldest = g_queue_pop_head (&conn->idle);

      oldest->idle_link = NULL;
      oldest->in_table = FALSE;
      g_hash_table_remove (conn->buffers, GUINT_TO_POINTER (oldest->id));
    }
}

static gboolean
buffer_texture_freed_cb (gpointer data)
{
  ClientBuffer *buffer = data;
  g_autoptr(PlenumRenderClient) client = g_weak_ref_get (&buffer->client);

  g_assert (buffer->n_textures > 0);
  if (--buffer->n_textures == 0 && client != NULL)
    buffer_idle (client, buffer);
  client_buffer_unref (buffer);
  return G_SOURCE_REMOVE;
}

/* The free function of a texture's bytes: GTK may drop a texture on another thread. */
static void
buffer_texture_freed (gpointer data)
{
  ClientBuffer *buffer = data;

  if (g_thread_self () == buffer->thread)
    buffer_texture_freed_cb (buffer);
  else
    g_main_context_invoke (buffer->context, buffer_texture_freed_cb, buffer);
}

/* On a texture of the client: generation << 32 | buffer id (for tests, diagnostics). */
static GQuark texture_buffer_quark (void);
G_DEFINE_QUARK (plenum-render-texture-buffer, texture_buffer)
static GQuark texture_surface_quark (void);
G_DEFINE_QUARK (plenum-render-texture-surface, texture_surface)
static const cairo_user_data_key_t texture_surface_bytes_key;

/* A buffer of the running helper from its memfd, checked and mapped read-only. NULL if
 * the memfd is not what the reply says. */
static ClientBuffer *
buffer_map (PlenumRenderClient *self,
            int                 fd,
            guint32             id,
            guint64             size)
{
  ClientBuffer *buffer;
  struct stat st;
  int seals;
  void *map;

  /* Sealed against shrinking (and growing): a mapping can never lose its pages under a
   * texture. Writing stays possible, for the helper to reuse the buffer. */
  seals = fcntl (fd, F_GET_SEALS);
  if (seals < 0 || (seals & (F_SEAL_SHRINK | F_SEAL_GROW)) != (F_SEAL_SHRINK | F_SEAL_GROW))
    return NULL;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || (guint64) st.st_size != size ||
      size == 0 || size > G_MAXSIZE)
    return NULL;

  map = mmap (NULL, (gsize) size, PROT_READ, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED)
    return NULL;

  buffer = g_new0 (ClientBuffer, 1);
  buffer->ref_count = 1;
  buffer->id = id;
  buffer->generation = self->conn->generation;
  buffer->map = map;
  buffer->size = (gsize) size;
  buffer->in_table = TRUE;
  g_weak_ref_init (&buffer->client, self);
  buffer->context = g_main_context_ref (self->context);
  buffer->thread = self->thread;
  return buffer;
}

/* The fd that came with the message starting at stream offset @offset, or -1. */
static int
take_received_fd (Connection *conn,
                  guint64     offset)
{
  ReceivedFd *received;
  int fd;

  if (conn->fds->len == 0)
    return -1;
  received = &g_array_index (conn->fds, ReceivedFd, 0);
  /* The kernel hands a descriptor over with the first byte of the message it was sent
   * with; anything else is a descriptor that belongs to no RENDERED. */
  if (offset < received->start || offset >= received->end)
    return -1;
  fd = received->fd;
  g_array_remove_index (conn->fds, 0);
  return fd;
}

/* Reads @count page entries (of OPENED or PAGE_SIZES) into @sizes and @flags; FALSE when
 * one is not a size. */
static gboolean
read_page_entries (const guint8 *entry,
                   guint         count,
                   double       *sizes,
                   guint8       *flags)
{
  for (guint i = 0; i < count; i++, entry += PLENUM_RENDER_OPENED_PER_PAGE)
    {
      double width = plenum_render_get_f64 (entry);
      double height = plenum_render_get_f64 (entry + 8);

      if (!isfinite (width) || !isfinite (height) || width <= 0 || height <= 0)
        return FALSE;
      sizes[2 * i] = width;
      sizes[2 * i + 1] = height;
      flags[i] = plenum_render_get_u32 (entry + 16) & PLENUM_RENDER_PAGE_MISSING;
    }
  return TRUE;
}

static gboolean
handle_page_sizes (PlenumRenderClient *self,
                   Request            *request,
                   const guint8       *payload,
                   guint32             length)
{
  g_autofree double *sizes = NULL;
  g_autofree guint8 *flags = NULL;
  guint32 count;

  if (length < PLENUM_RENDER_PAGE_SIZES_FIXED)
    return FALSE;
  count = plenum_render_get_u32 (payload + 8);
  /* Exactly the chunk asked for (the client never asks past the end). */
  if (plenum_render_get_u32 (payload) != request->handle ||
      plenum_render_get_u32 (payload + 4) != request->page || count != request->count ||
      plenum_render_get_u32 (payload + 12) != 0 ||
      length != PLENUM_RENDER_PAGE_SIZES_FIXED + (gsize) count * PLENUM_RENDER_OPENED_PER_PAGE)
    return FALSE;

  sizes = g_new (double, 2 * (gsize) count);
  flags = g_new (guint8, count);
  if (!read_page_entries (payload + PLENUM_RENDER_PAGE_SIZES_FIXED, count, sizes, flags))
    return FALSE;
  if (request->sizes_doc != NULL)
    queue_sizes_update (self, request->sizes_doc, request->page, count,
                        g_steal_pointer (&sizes), g_steal_pointer (&flags));
  return TRUE;
}

static gboolean
handle_opened (PlenumRenderClient *self,
               Request            *request,
               const guint8       *payload,
               guint32             length)
{
  g_autofree double *sizes = NULL;
  g_autofree guint8 *flags = NULL;
  guint32 handle, n_pages, doc_flags, n_sizes;

  if (length < PLENUM_RENDER_OPENED_FIXED)
    return FALSE;
  handle = plenum_render_get_u32 (payload);
  n_pages = plenum_render_get_u32 (payload + 4);
  doc_flags = plenum_render_get_u32 (payload + 8);
  n_sizes = plenum_render_get_u32 (payload + 12);
  if (n_pages == 0 || n_pages > PLENUM_RENDER_MAX_PAGES || n_sizes == 0 || n_sizes > n_pages ||
      length != PLENUM_RENDER_OPENED_FIXED + (gsize) n_sizes * PLENUM_RENDER_OPENED_PER_PAGE)
    return FALSE;
  if (handle != (request->kind == REQUEST_OPEN ? request->handle : request->doc->handle))
    return FALSE;

  sizes = g_new (double, 2 * (gsize) n_pages);
  flags = g_new (guint8, n_pages);
  if (!read_page_entries (payload + PLENUM_RENDER_OPENED_FIXED, n_sizes, sizes, flags))
    return FALSE;
  /* The pages not measured yet look like the last one that was, until SIZES says. */
  for (guint i = n_sizes; i < n_pages; i++)
    {
      sizes[2 * i] = sizes[2 * (n_sizes - 1)];
      sizes[2 * i + 1] = sizes[2 * (n_sizes - 1) + 1];
      flags[i] = PLENUM_RENDER_PAGE_ESTIMATED;
    }

  if (request->kind == REQUEST_REOPEN)
    {
      if (request->doc->n_pages != n_pages)
        g_debug ("%s has %u pages after re-opening, %u before", request->doc->path, n_pages,
                 request->doc->n_pages);
      return TRUE;
    }

  if (request->task == NULL)
    {
      /* Cancelled while the helper opened it: close it there. */
      guint8 close_payload[4];

      plenum_render_put_u32 (close_payload, handle);
      send_bytes (self, PLENUM_RENDER_MSG_CLOSE, new_request_id (self), close_payload,
                  sizeof close_payload);
      return TRUE;
    }

  {
    PlenumRenderDocument *doc;

    doc = plenum_render_document_new (self, request->path, request->password, handle, n_pages,
                                      g_steal_pointer (&sizes), g_steal_pointer (&flags),
                                      (doc_flags & PLENUM_RENDER_DOC_HAS_OUTLINE) != 0);
    doc->open_generation = self->conn->generation;
    if (doc->sizes_next < doc->n_pages)
      {
        g_ptr_array_add (self->sizing, doc);
        schedule_sizes (self);
      }
    complete_with_value (self, request, doc, g_object_unref, FALSE);
  }
  return TRUE;
}

static gboolean
handle_rendered (PlenumRenderClient *self,
                 Request            *request,
                 const guint8       *payload,
                 guint32             length,
                 guint64             offset)
{
  g_autoptr(GBytes) bytes = NULL;
  ClientBuffer *buffer;
  GdkTexture *texture;
  cairo_surface_t *surface;
  guint32 width, height, stride, format, id;
  guint64 size;
  int fd;

  if (length != PLENUM_RENDER_RENDERED_SIZE)
    return FALSE;
  fd = take_received_fd (self->conn, offset);
  if (fd < 0)
    return FALSE;

  width = plenum_render_get_u32 (payload);
  height = plenum_render_get_u32 (payload + 4);
  stride = plenum_render_get_u32 (payload + 8);
  format = plenum_render_get_u32 (payload + 12);
  size = plenum_render_get_u64 (payload + 16);
  id = plenum_render_get_u32 (payload + 24);

  if (width != request->width || height != request->height ||
      format != PLENUM_RENDER_FORMAT_ARGB32_PREMULTIPLIED || id == 0 ||
      plenum_render_get_u32 (payload + 28) != 0 ||
      stride < (guint64) width * 4 || stride % 4 != 0 || (guint64) stride * height > size)
    {
      close (fd);
      return FALSE;
    }

  buffer = g_hash_table_lookup (self->conn->buffers, GUINT_TO_POINTER (id));
  if (buffer != NULL)
    {
      /* Mapped already: never a second mapping. A buffer keeps its size, and is never
       * drawn in while a texture shows it. */
      close (fd);
      if (buffer->size != size || buffer->n_textures > 0)
        return FALSE;
    }
  else
    {
      buffer = buffer_map (self, fd, id, size);
      close (fd);
      if (buffer == NULL)
        return FALSE;
      g_hash_table_insert (self->conn->buffers, GUINT_TO_POINTER (id), buffer);
    }
  if (buffer->idle_link != NULL)
    {
      g_queue_delete_link (&self->conn->idle, buffer->idle_link);
      buffer->idle_link = NULL;
    }

  if (request->task == NULL)
    {
      /* Cancelled: nobody shows it, the helper may have it back at once. */
      buffer_idle (self, buffer);
      return TRUE;
    }

  buffer->ref_count++;
  buffer->n_textures++;
  bytes = g_bytes_new_with_free_func (buffer->map, (gsize) stride * height,
                                      buffer_texture_freed, buffer);
  texture = gdk_memory_texture_new ((int) width, (int) height, GDK_MEMORY_DEFAULT, bytes, stride);
  g_object_set_qdata (G_OBJECT (texture), texture_buffer_quark (),
                      GSIZE_TO_POINTER (((gsize) buffer->generation << 32) | buffer->id));
  /* The same pixels for cairo (see plenum_render_texture_get_surface()): the surface
   * keeps the bytes, so the buffer goes back to the helper when both are gone. The
   * mapping is read-only; cairo only ever reads a source surface. */
  surface = cairo_image_surface_create_for_data ((unsigned char *) buffer->map,
                                                 CAIRO_FORMAT_ARGB32, (int) width,
                                                 (int) height, (int) stride);
  if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_set_user_data (surface, &texture_surface_bytes_key, g_bytes_ref (bytes),
                                   (cairo_destroy_func_t) g_bytes_unref);
      g_object_set_qdata_full (G_OBJECT (texture), texture_surface_quark (), surface,
                               (GDestroyNotify) cairo_surface_destroy);
    }
  else
    cairo_surface_destroy (surface);
  complete_with_value (self, request, texture, g_object_unref, FALSE);
  return TRUE;
}

/* A rectangle from the helper: finite and sane, then clipped to page @page of @doc.
 * FALSE when it cannot be a rectangle of the page. */
static gboolean
clip_rect (PlenumRenderDocument *doc,
           guint                 page,
           const guint8         *p,
           double               *x,
           double               *y,
           double               *width,
           double               *height)
{
  double page_width = doc->page_sizes[2 * page];
  double page_height = doc->page_sizes[2 * page + 1];
  double x1 = plenum_render_get_f64 (p);
  double y1 = plenum_render_get_f64 (p + 8);
  double w = plenum_render_get_f64 (p + 16);
  double h = plenum_render_get_f64 (p + 24);
  double x2, y2;

  if (!isfinite (x1) || !isfinite (y1) || !isfinite (w) || !isfinite (h) || w < 0 || h < 0)
    return FALSE;
  /* A page not measured yet may be larger than its estimate: clip to the largest page
   * PDF allows (200 inches) instead. */
  if (doc->page_flags[page] & PLENUM_RENDER_PAGE_ESTIMATED)
    {
      page_width = MAX (page_width, MAX_PAGE_POINTS);
      page_height = MAX (page_height, MAX_PAGE_POINTS);
    }
  x2 = CLAMP (x1 + w, 0, page_width);
  y2 = CLAMP (y1 + h, 0, page_height);
  x1 = CLAMP (x1, 0, page_width);
  y1 = CLAMP (y1, 0, page_height);
  *x = x1;
  *y = y1;
  *width = x2 - x1;
  *height = y2 - y1;
  return TRUE;
}

/* @length bytes at @p as a string: valid UTF-8 without NUL, or NULL. */
static char *
wire_string (const guint8 *p,
             gsize         length)
{
  if (memchr (p, '\0', length) != NULL || !g_utf8_validate ((const char *) p, (gssize) length, NULL))
    return NULL;
  return g_strndup ((const char *) p, length);
}

static gboolean
handle_searched (PlenumRenderClient *self,
                 Request            *request,
                 const guint8       *payload,
                 guint32             length)
{
  g_autoptr(GPtrArray) hits = NULL;
  SearchOutcome *outcome;
  guint32 n_rects, flags;
  guint last_page = request->page;
  guint n_matches = 0;

  if (length < PLENUM_RENDER_SEARCHED_FIXED)
    return FALSE;
  n_rects = plenum_render_get_u32 (payload);
  flags = plenum_render_get_u32 (payload + 4);
  if (n_rects > PLENUM_RENDER_MAX_SEARCH_RECTS ||
      length != PLENUM_RENDER_SEARCHED_FIXED + (gsize) n_rects * PLENUM_RENDER_SEARCHED_PER_RECT ||
      (flags & ~PLENUM_RENDER_SEARCHED_CAPPED) != 0)
    return FALSE;

  hits = g_ptr_array_new_full (n_rects, (GDestroyNotify) plenum_render_hit_free);
  for (guint i = 0; i < n_rects; i++)
    {
      const guint8 *entry = payload + PLENUM_RENDER_SEARCHED_FIXED +
                            (gsize) i * PLENUM_RENDER_SEARCHED_PER_RECT;
      PlenumRenderHit hit = { 0 };

      hit.page = plenum_render_get_u32 (entry);
      hit.match = plenum_render_get_u32 (entry + 4);
      /* Pages in the range asked for, never going back; matches numbered from 0 without
       * gaps, each on one page. */
      if (hit.page < last_page || hit.page >= request->page + request->n_pages ||
          hit.page >= request->doc->n_pages)
        return FALSE;
      if (hit.match == n_matches && n_matches < PLENUM_RENDER_MAX_SEARCH_HITS)
        n_matches++;
      else if (n_matches == 0 || hit.match != n_matches - 1 || hit.page != last_page)
        return FALSE;
      last_page = hit.page;
      if (!clip_rect (request->doc, hit.page, entry + 8, &hit.x, &hit.y, &hit.width,
                      &hit.height))
        return FALSE;
      g_ptr_array_add (hits, plenum_render_hit_copy (&hit));
    }

  if (request->task == NULL)
    return TRUE;
  outcome = g_new0 (SearchOutcome, 1);
  outcome->hits = g_steal_pointer (&hits);
  outcome->capped = (flags & PLENUM_RENDER_SEARCHED_CAPPED) != 0;
  complete_with_value (self, request, outcome, search_outcome_free, FALSE);
  return TRUE;
}

static gboolean
handle_outline_entries (PlenumRenderClient *self,
                        Request            *request,
                        const guint8       *payload,
                        guint32             length)
{
  g_autoptr(GPtrArray) entries = NULL;
  guint32 n_entries, flags;
  gsize offset = PLENUM_RENDER_OUTLINE_FIXED;
  guint previous_depth = 0;

  if (length < PLENUM_RENDER_OUTLINE_FIXED)
    return FALSE;
  n_entries = plenum_render_get_u32 (payload);
  flags = plenum_render_get_u32 (payload + 4);
  if (n_entries > PLENUM_RENDER_MAX_OUTLINE || (flags & ~PLENUM_RENDER_OUTLINE_CAPPED) != 0)
    return FALSE;

  entries = g_ptr_array_new_full (n_entries, (GDestroyNotify) plenum_render_outline_entry_free);
  for (guint i = 0; i < n_entries; i++)
    {
      PlenumRenderOutlineEntry *entry;
      guint32 depth, title_length;
      gint32 page;
      char *title;

      if (length - offset < PLENUM_RENDER_OUTLINE_PER_ENTRY)
        return FALSE;
      depth = plenum_render_get_u32 (payload + offset);
      page = (gint32) plenum_render_get_u32 (payload + offset + 4);
      title_length = plenum_render_get_u32 (payload + offset + 8);
      offset += PLENUM_RENDER_OUTLINE_PER_ENTRY;
      if (depth >= PLENUM_RENDER_MAX_OUTLINE_DEPTH || (i == 0 && depth != 0) ||
          (i > 0 && depth > previous_depth + 1))
        return FALSE;
      if (page < -1 || (page >= 0 && (guint) page >= request->doc->n_pages))
        return FALSE;
      if (title_length > PLENUM_RENDER_MAX_TITLE || length - offset < title_length)
        return FALSE;
      title = wire_string (payload + offset, title_length);
      if (title == NULL)
        return FALSE;
      offset += title_length;
      previous_depth = depth;

      entry = g_new0 (PlenumRenderOutlineEntry, 1);
      entry->title = title;
      entry->depth = depth;
      entry->page = page;
      g_ptr_array_add (entries, entry);
    }
  if (offset != length)
    return FALSE;

  if (request->task != NULL)
    complete_with_value (self, request, g_steal_pointer (&entries),
                         (GDestroyNotify) g_ptr_array_unref, FALSE);
  return TRUE;
}

static gboolean
handle_link_list (PlenumRenderClient *self,
                  Request            *request,
                  const guint8       *payload,
                  guint32             length)
{
  g_autoptr(GPtrArray) links = NULL;
  guint32 n_links;
  gsize offset = PLENUM_RENDER_LINK_LIST_FIXED;

  if (length < PLENUM_RENDER_LINK_LIST_FIXED)
    return FALSE;
  n_links = plenum_render_get_u32 (payload);
  if (n_links > PLENUM_RENDER_MAX_LINKS || plenum_render_get_u32 (payload + 4) != 0)
    return FALSE;

  links = g_ptr_array_new_full (n_links, (GDestroyNotify) plenum_render_link_free);
  for (guint i = 0; i < n_links; i++)
    {
      PlenumRenderLink *link;
      const guint8 *entry = payload + offset;
      guint32 uri_length;
      gint32 page;
      char *uri = NULL;
      double x, y, width, height;

      if (length - offset < PLENUM_RENDER_LINK_PER_ENTRY)
        return FALSE;
      page = (gint32) plenum_render_get_u32 (entry + 32);
      uri_length = plenum_render_get_u32 (entry + 36);
      offset += PLENUM_RENDER_LINK_PER_ENTRY;
      if (!clip_rect (request->doc, request->page, entry, &x, &y, &width, &height))
        return FALSE;
      /* Either a page of the document or a URI. */
      if (uri_length > PLENUM_RENDER_MAX_URI || length - offset < uri_length)
        return FALSE;
      if ((page >= 0) == (uri_length > 0) || page < -1 ||
          (page >= 0 && (guint) page >= request->doc->n_pages))
        return FALSE;
      if (uri_length > 0)
        {
          uri = wire_string (payload + offset, uri_length);
          if (uri == NULL)
            return FALSE;
          offset += uri_length;
        }

      link = g_new0 (PlenumRenderLink, 1);
      link->x = x;
      link->y = y;
      link->width = width;
      link->height = height;
      link->page = page;
      link->uri = uri;
      g_ptr_array_add (links, link);
    }
  if (offset != length)
    return FALSE;

  if (request->task != NULL)
    complete_with_value (self, request, g_steal_pointer (&links),
                         (GDestroyNotify) g_ptr_array_unref, FALSE);
  return TRUE;
}

static gboolean
handle_page_text (PlenumRenderClient *self,
                  Request            *request,
                  const guint8       *payload,
                  guint32             length)
{
  g_autoptr(PlenumRenderText) text = NULL;
  const guint8 *entry;
  guint32 text_length, n_boxes;

  if (length < PLENUM_RENDER_PAGE_TEXT_FIXED)
    return FALSE;
  text_length = plenum_render_get_u32 (payload);
  n_boxes = plenum_render_get_u32 (payload + 4);
  if (text_length > PLENUM_RENDER_MAX_TEXT_BYTES || n_boxes > PLENUM_RENDER_MAX_TEXT_CHARS ||
      length != PLENUM_RENDER_PAGE_TEXT_FIXED + (gsize) text_length +
                (gsize) n_boxes * PLENUM_RENDER_PAGE_TEXT_PER_BOX)
    return FALSE;

  text = g_new0 (PlenumRenderText, 1);
  text->text = wire_string (payload + PLENUM_RENDER_PAGE_TEXT_FIXED, text_length);
  if (text->text == NULL ||
      g_utf8_strlen (text->text, (gssize) text_length) != (glong) n_boxes)
    return FALSE;

  text->boxes = g_array_sized_new (FALSE, FALSE, sizeof (PlenumRenderBox), n_boxes);
  entry = payload + PLENUM_RENDER_PAGE_TEXT_FIXED + text_length;
  for (guint i = 0; i < n_boxes; i++, entry += PLENUM_RENDER_PAGE_TEXT_PER_BOX)
    {
      PlenumRenderBox box;

      if (!clip_rect (request->doc, request->page, entry, &box.x, &box.y, &box.width,
                      &box.height))
        return FALSE;
      g_array_append_val (text->boxes, box);
    }

  if (request->task != NULL)
    complete_with_value (self, request, g_steal_pointer (&text),
                         (GDestroyNotify) plenum_render_text_free, FALSE);
  return TRUE;
}

static void
handle_error_reply (PlenumRenderClient *self,
                    Request            *request,
                    const guint8       *payload,
                    guint32             length)
{
  g_autofree char *detail = NULL;
  guint32 code = plenum_render_get_u32 (payload);

  detail = g_utf8_make_valid ((const char *) payload + PLENUM_RENDER_ERROR_FIXED,
                              (gssize) (length - PLENUM_RENDER_ERROR_FIXED));

  if (request->kind == REQUEST_SIZES)
    {
      g_debug ("helper error %u for the sizes of pages %u–%u: %s", code, request->page + 1,
               request->page + request->count, detail);
      sizes_chunk_failed (self, request);
      return;
    }
  if (request->kind == REQUEST_REOPEN)
    {
      g_clear_error (&request->doc->reopen_error);
      request->doc->reopen_error = wire_error_new (request, code, detail);
      if (self->conn != NULL && request->doc->open_generation == self->conn->generation)
        request->doc->open_generation = 0;
      return;
    }
  complete_with_error (self, request, wire_error_new (request, code, detail));
}

/* Handles one message; FALSE when it breaks the protocol. */
static gboolean
handle_message (PlenumRenderClient       *self,
                const PlenumRenderHeader *header,
                const guint8             *payload,
                guint64                   offset)
{
  Request *request;
  gboolean ok = TRUE;

  self->last_activity = g_get_monotonic_time ();

  request = g_hash_table_lookup (self->by_id, GUINT_TO_POINTER (header->request_id));
  if (request == NULL)
    return FALSE;

  if (header->type == PLENUM_RENDER_MSG_STARTED)
    {
      if (header->payload_length != 0)
        return FALSE;
      self->conn->started_id = header->request_id;
      update_watchdog (self);
      return TRUE;
    }

  switch (header->type)
    {
    case PLENUM_RENDER_MSG_PONG:
      ok = request->kind == REQUEST_PING && header->payload_length == 0;
      break;
    case PLENUM_RENDER_MSG_OPENED:
      ok = request->kind == REQUEST_OPEN || request->kind == REQUEST_REOPEN;
      break;
    case PLENUM_RENDER_MSG_RENDERED:
      ok = request->kind == REQUEST_RENDER;
      break;
    case PLENUM_RENDER_MSG_SEARCHED:
      ok = request->kind == REQUEST_SEARCH;
      break;
    case PLENUM_RENDER_MSG_OUTLINE_ENTRIES:
      ok = request->kind == REQUEST_OUTLINE;
      break;
    case PLENUM_RENDER_MSG_LINK_LIST:
      ok = request->kind == REQUEST_LINKS;
      break;
    case PLENUM_RENDER_MSG_PAGE_TEXT:
      ok = request->kind == REQUEST_TEXT;
      break;
    case PLENUM_RENDER_MSG_PAGE_SIZES:
      ok = request->kind == REQUEST_SIZES;
      break;
    case PLENUM_RENDER_MSG_ERROR:
      ok = header->payload_length >= PLENUM_RENDER_ERROR_FIXED &&
           header->payload_length <= PLENUM_RENDER_ERROR_FIXED + PLENUM_RENDER_MAX_MESSAGE;
      break;
    default:
      ok = FALSE;
    }
  if (!ok)
    return FALSE;

  /* The request is answered: it leaves the books before anything is completed. */
  g_hash_table_remove (self->by_id, GUINT_TO_POINTER (request->id));
  g_queue_remove (&self->in_flight, request);
  if (self->conn->started_id == request->id)
    self->conn->started_id = 0;

  switch (header->type)
    {
    case PLENUM_RENDER_MSG_PONG:
      if (request->task != NULL)
        complete_with_value (self, request, NULL, NULL, TRUE);
      break;
    case PLENUM_RENDER_MSG_OPENED:
      ok = handle_opened (self, request, payload, header->payload_length);
      break;
    case PLENUM_RENDER_MSG_RENDERED:
      ok = handle_rendered (self, request, payload, header->payload_length, offset);
      break;
    case PLENUM_RENDER_MSG_SEARCHED:
      ok = handle_searched (self, request, payload, header->payload_length);
      break;
    case PLENUM_RENDER_MSG_OUTLINE_ENTRIES:
      ok = handle_outline_entries (self, request, payload, header->payload_length);
      break;
    case PLENUM_RENDER_MSG_LINK_LIST:
      ok = handle_link_list (self, request, payload, header->payload_length);
      break;
    case PLENUM_RENDER_MSG_PAGE_TEXT:
      ok = handle_page_text (self, request, payload, header->payload_length);
      break;
    case PLENUM_RENDER_MSG_PAGE_SIZES:
      ok = handle_page_sizes (self, request, payload, header->payload_length);
      break;
    case PLENUM_RENDER_MSG_ERROR:
      handle_error_reply (self, request, payload, header->payload_length);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    {
      /* Answered, but not usably: the caller learns the helper misbehaved. */
      if (request->kind == REQUEST_SIZES)
        sizes_chunk_failed (self, request);
      complete_with_error (self, request, crash_error_new (PLENUM_RENDER_ERROR_PROTOCOL));
    }
  request_free (request);
  update_watchdog (self);
  /* The helper may have nothing to draw now: time to measure more pages. */
  schedule_sizes (self);
  return ok;
}

/* Reads what the helper sent, handles every complete message, and ends the helper on
 * EOF or a protocol violation. */
static void
read_from_helper (PlenumRenderClient *self)
{
  g_autoptr(PlenumRenderClient) keep = g_object_ref (self);
  Connection *conn = self->conn;
  gboolean eof = FALSE;
  gboolean broken = FALSE;
  gsize total = 0;
  gsize consumed = 0;

  if (conn == NULL)
    return;

  while (total < READ_PER_DISPATCH)
    {
      union {
        struct cmsghdr align;
        char           buffer[CMSG_SPACE (sizeof (int) * MAX_FDS_PER_READ)];
      } control;
      struct msghdr msg = { 0 };
      struct iovec iov;
      guint old_length = conn->inbuf->len;
      ssize_t n;

      g_byte_array_set_size (conn->inbuf, old_length + READ_CHUNK);
      iov.iov_base = conn->inbuf->data + old_length;
      iov.iov_len = READ_CHUNK;
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control.buffer;
      msg.msg_controllen = sizeof control.buffer;

      n = recvmsg (conn->fd, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
      g_byte_array_set_size (conn->inbuf, old_length + (n > 0 ? (guint) n : 0));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        break;
      if (n < 0)
        {
          g_debug ("reading from the render helper failed: %s", g_strerror (errno));
          eof = TRUE;
          break;
        }

      for (struct cmsghdr *cmsg = CMSG_FIRSTHDR (&msg); cmsg != NULL;
           cmsg = CMSG_NXTHDR (&msg, cmsg))
        {
          gsize n_fds;

          if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
            continue;
          n_fds = (cmsg->cmsg_len - CMSG_LEN (0)) / sizeof (int);
          for (gsize i = 0; i < n_fds; i++)
            {
              ReceivedFd received;

              memcpy (&received.fd, CMSG_DATA (cmsg) + i * sizeof (int), sizeof (int));
              received.start = conn->in_offset + old_length;
              received.end = conn->in_offset + old_length + (guint64) (n > 0 ? n : 0);
              g_array_append_val (conn->fds, received);
            }
        }
      if (msg.msg_flags & MSG_CTRUNC)
        broken = TRUE;

      if (n == 0)
        {
          eof = TRUE;
          break;
        }
      total += (gsize) n;
      if (broken)
        break;
    }

  /* Whole messages, in order. */
  while (!broken && self->conn == conn)
    {
      PlenumRenderHeader header;
      guint8 *start = conn->inbuf->data + consumed;
      gsize available = conn->inbuf->len - consumed;

      if (available < PLENUM_RENDER_HEADER_SIZE)
        break;
      if (!plenum_render_header_read (start, PLENUM_RENDER_MAX_PAYLOAD, &header))
        {
          broken = TRUE;
          break;
        }
      if (available < PLENUM_RENDER_HEADER_SIZE + (gsize) header.payload_length)
        break;
      if (!handle_message (self, &header, start + PLENUM_RENDER_HEADER_SIZE,
                           conn->in_offset + consumed))
        broken = TRUE;
      consumed += PLENUM_RENDER_HEADER_SIZE + header.payload_length;
    }

  if (self->conn != conn)
    return;

  g_byte_array_remove_range (conn->inbuf, 0, (guint) consumed);
  conn->in_offset += consumed;

  /* A descriptor whose message has been read and was no RENDERED is a violation. */
  if (!broken && conn->fds->len > 0 &&
      g_array_index (conn->fds, ReceivedFd, 0).start < conn->in_offset &&
      g_array_index (conn->fds, ReceivedFd, 0).end <= conn->in_offset)
    broken = TRUE;

  if (broken)
    {
      g_debug ("render helper generation %u broke the protocol", conn->generation);
      helper_failed (self, PLENUM_RENDER_ERROR_PROTOCOL);
    }
  else if (eof)
    {
      helper_failed (self, PLENUM_RENDER_ERROR_CRASHED);
    }
}

/* ---- GObject ------------------------------------------------------------------------------ */

static char *
find_helper (void)
{
  const char *env = g_getenv ("PLENUM_RENDER");
  g_autofree char *exe = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  /* An executable of this build tree (the client, a test, a benchmark) uses the helper
   * built beside it, never an installed one of another version. */
  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe != NULL && g_str_has_prefix (exe, PLENUM_BUILD_ROOT "/") &&
      g_file_test (PLENUM_BUILD_RENDER_HELPER, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (PLENUM_BUILD_RENDER_HELPER);

  return g_build_filename (PLENUM_LIBEXECDIR, "plenum-render", NULL);
}

static void
plenum_render_client_constructed (GObject *object)
{
  PlenumRenderClient *self = PLENUM_RENDER_CLIENT (object);

  G_OBJECT_CLASS (plenum_render_client_parent_class)->constructed (object);

  if (self->helper_path == NULL)
    self->helper_path = find_helper ();

  self->context = g_main_context_ref_thread_default ();
  self->thread = g_thread_self ();

  self->watchdog = g_source_new (&watchdog_funcs, sizeof (GSource));
  g_source_set_callback (self->watchdog, watchdog_cb, self, NULL);
  g_source_set_static_name (self->watchdog, "[plenum] render helper watchdog");
  g_source_set_ready_time (self->watchdog, -1);
  g_source_attach (self->watchdog, self->context);
}

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
plenum_render_client_dispose (GObject *object)
{
  PlenumRenderClient *self = PLENUM_RENDER_CLIENT (object);
  Completion *completion;
  Request *request;

  destroy_source (&self->watchdog);
  destroy_source (&self->failure_source);
  destroy_source (&self->completion_source);
  destroy_source (&self->sizes_source);
  g_ptr_array_set_size (self->sizing, 0);

  release_connection (self);

  /* Only reachable with work pending through g_object_run_dispose(): tasks hold the
   * client. Whatever is left is ended here. */
  while ((request = g_queue_pop_head (&self->in_flight)) != NULL)
    {
      if (request->task != NULL)
        {
          g_task_return_new_error (request->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                   "%s", _("Cancelled"));
          g_clear_object (&request->task);
        }
      request_free (request);
    }
  g_hash_table_remove_all (self->by_id);
  while ((completion = g_queue_pop_head (&self->completions)) != NULL)
    {
      if (completion->task == NULL)
        {
          completion_free_sizes (completion);
          continue;
        }
      if (completion->error != NULL)
        g_task_return_error (completion->task, completion->error);
      else if (completion->boolean)
        g_task_return_boolean (completion->task, TRUE);
      else
        g_task_return_pointer (completion->task, completion->value, completion->destroy);
      g_object_unref (completion->task);
      g_free (completion);
    }

  G_OBJECT_CLASS (plenum_render_client_parent_class)->dispose (object);
}

static void
plenum_render_client_finalize (GObject *object)
{
  PlenumRenderClient *self = PLENUM_RENDER_CLIENT (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->sizing, g_ptr_array_unref);
  g_clear_pointer (&self->start_times, g_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->helper_path, g_free);

  G_OBJECT_CLASS (plenum_render_client_parent_class)->finalize (object);
}

static void
plenum_render_client_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PlenumRenderClient *self = PLENUM_RENDER_CLIENT (object);

  switch (prop_id)
    {
    case PROP_HELPER_PATH:
      g_value_set_string (value, self->helper_path);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_ms);
      break;
    case PROP_MEMORY_LIMIT:
      g_value_set_uint64 (value, self->memory_limit);
      break;
    case PROP_CPU_LIMIT:
      g_value_set_uint (value, self->cpu_limit_s);
      break;
    case PROP_MAX_PIXELS:
      g_value_set_uint64 (value, self->max_pixels);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_render_client_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PlenumRenderClient *self = PLENUM_RENDER_CLIENT (object);

  switch (prop_id)
    {
    case PROP_HELPER_PATH:
      g_assert (self->helper_path == NULL);
      self->helper_path = g_value_dup_string (value);
      break;
    case PROP_TIMEOUT:
      plenum_render_client_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_MEMORY_LIMIT:
      plenum_render_client_set_memory_limit (self, g_value_get_uint64 (value));
      break;
    case PROP_CPU_LIMIT:
      plenum_render_client_set_cpu_limit (self, g_value_get_uint (value));
      break;
    case PROP_MAX_PIXELS:
      plenum_render_client_set_max_pixels (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_render_client_class_init (PlenumRenderClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = plenum_render_client_constructed;
  object_class->dispose = plenum_render_client_dispose;
  object_class->finalize = plenum_render_client_finalize;
  object_class->get_property = plenum_render_client_get_property;
  object_class->set_property = plenum_render_client_set_property;

  properties[PROP_HELPER_PATH] =
    g_param_spec_string ("helper-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT,
                       PLENUM_RENDER_CLIENT_DEFAULT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MEMORY_LIMIT] =
    g_param_spec_uint64 ("memory-limit", NULL, NULL, 0, G_MAXUINT64,
                         PLENUM_RENDER_CLIENT_DEFAULT_MEMORY_LIMIT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CPU_LIMIT] =
    g_param_spec_uint ("cpu-limit", NULL, NULL, 0, G_MAXUINT,
                       PLENUM_RENDER_CLIENT_DEFAULT_CPU_LIMIT_S,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_PIXELS] =
    g_param_spec_uint64 ("max-pixels", NULL, NULL, 1, G_MAXUINT64,
                         PLENUM_RENDER_CLIENT_DEFAULT_MAX_PIXELS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plenum_render_client_init (PlenumRenderClient *self)
{
  self->timeout_ms = PLENUM_RENDER_CLIENT_DEFAULT_TIMEOUT_MS;
  self->memory_limit = PLENUM_RENDER_CLIENT_DEFAULT_MEMORY_LIMIT;
  self->cpu_limit_s = PLENUM_RENDER_CLIENT_DEFAULT_CPU_LIMIT_S;
  self->max_pixels = PLENUM_RENDER_CLIENT_DEFAULT_MAX_PIXELS;
  self->start_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->by_id = g_hash_table_new (NULL, NULL);
  self->sizing = g_ptr_array_new ();
  g_queue_init (&self->in_flight);
  g_queue_init (&self->completions);
}

/* ---- Public API --------------------------------------------------------------------------- */

PlenumRenderClient *
plenum_render_client_new (const char *helper_path)
{
  return g_object_new (PLENUM_TYPE_RENDER_CLIENT, "helper-path", helper_path, NULL);
}

const char *
plenum_render_client_get_helper_path (PlenumRenderClient *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (self), NULL);

  return self->helper_path;
}

guint
plenum_render_client_get_timeout (PlenumRenderClient *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (self), 0);

  return self->timeout_ms;
}

void
plenum_render_client_set_timeout (PlenumRenderClient *self,
                                  guint               timeout_ms)
{
  g_return_if_fail (PLENUM_IS_RENDER_CLIENT (self));

  if (self->timeout_ms == timeout_ms)
    return;
  self->timeout_ms = timeout_ms;
  update_watchdog (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint64
plenum_render_client_get_memory_limit (PlenumRenderClient *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (self), 0);

  return self->memory_limit;
}

void
plenum_render_client_set_memory_limit (PlenumRenderClient *self,
                                       guint64             bytes)
{
  g_return_if_fail (PLENUM_IS_RENDER_CLIENT (self));

  if (self->memory_limit == bytes)
    return;
  self->memory_limit = bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY_LIMIT]);
}

guint
plenum_render_client_get_cpu_limit (PlenumRenderClient *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (self), 0);

  return self->cpu_limit_s;
}

void
plenum_render_client_set_cpu_limit (PlenumRenderClient *self,
                                    guint               seconds)
{
  g_return_if_fail (PLENUM_IS_RENDER_CLIENT (self));

  if (self->cpu_limit_s == seconds)
    return;
  self->cpu_limit_s = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CPU_LIMIT]);
}

guint64
plenum_render_client_get_max_pixels (PlenumRenderClient *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (self), 0);

  return self->max_pixels;
}

void
plenum_render_client_set_max_pixels (PlenumRenderClient *self,
                                     guint64             pixels)
{
  g_return_if_fail (PLENUM_IS_RENDER_CLIENT (self));
  g_return_if_fail (pixels > 0);

  if (self->max_pixels == pixels)
    return;
  self->max_pixels = pixels;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_PIXELS]);
}

GPid
plenum_render_client_get_helper_pid (PlenumRenderClient *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (self), 0);

  /* The pid of the helper the client talks to, until the client has seen it go (GLib may
   * reap it a little earlier). */
  return self->conn != NULL ? self->conn->pid : 0;
}

gboolean
plenum_render_client_get_helper_busy (PlenumRenderClient *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (self), FALSE);

  return self->conn != NULL && self->conn->started_id != 0;
}

guint
plenum_render_client_get_n_starts (PlenumRenderClient *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (self), 0);

  return self->n_starts;
}

cairo_surface_t *
plenum_render_texture_get_surface (GdkTexture *texture)
{
  g_return_val_if_fail (GDK_IS_TEXTURE (texture), NULL);

  return g_object_get_qdata (G_OBJECT (texture), texture_surface_quark ());
}

gboolean
plenum_render_client_get_texture_buffer (GdkTexture *texture,
                                         guint      *generation,
                                         guint32    *id)
{
  gsize data;

  g_return_val_if_fail (GDK_IS_TEXTURE (texture), FALSE);

  data = GPOINTER_TO_SIZE (g_object_get_qdata (G_OBJECT (texture), texture_buffer_quark ()));
  if (data == 0)
    return FALSE;
  if (generation != NULL)
    *generation = (guint) (data >> 32);
  if (id != NULL)
    *id = (guint32) (data & G_MAXUINT32);
  return TRUE;
}

guint
plenum_render_client_get_n_idle_buffers (PlenumRenderClient *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (self), 0);

  return self->conn != NULL ? self->conn->idle.length : 0;
}

void
plenum_render_client_forget_document (PlenumRenderClient *self,
                                      guint32             handle,
                                      guint               generation)
{
  guint8 payload[4];

  assert_client_thread (self);

  /* The document is being finalized: no chunk of its sizes may reach it any more. */
  for (guint i = 0; i < self->sizing->len; i++)
    if (((PlenumRenderDocument *) g_ptr_array_index (self->sizing, i))->handle == handle)
      {
        g_ptr_array_remove_index (self->sizing, i);
        break;
      }
  for (GList *l = self->in_flight.head; l != NULL; l = l->next)
    {
      Request *request = l->data;

      if (request->kind == REQUEST_SIZES && request->handle == handle)
        request->sizes_doc = NULL;
    }

  if (self->conn == NULL || generation != self->conn->generation)
    return;
  plenum_render_put_u32 (payload, handle);
  send_bytes (self, PLENUM_RENDER_MSG_CLOSE, new_request_id (self), payload, sizeof payload);
}

static void
open_document (PlenumRenderClient  *self,
               const char          *pdf_path,
               const char          *password,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  Request *request;

  /* Both open calls finish with open_finish(), so they share its tag. */
  request = request_new (self, REQUEST_OPEN, cancellable, callback, user_data,
                         plenum_render_client_open_async);
  if (g_task_return_error_if_cancelled (request->task))
    {
      g_clear_object (&request->task);
      request_free (request);
      return;
    }
  if (password != NULL &&
      (strlen (password) > PLENUM_RENDER_MAX_PASSWORD))
    {
      complete_with_error (self, request,
                           render_error_new (PLENUM_RENDER_ERROR_ENCRYPTED,
                                             _("The password is too long.")));
      request_free (request);
      return;
    }
  if (pdf_path[0] == '\0' || strlen (pdf_path) > PLENUM_RENDER_MAX_PATH)
    {
      complete_with_error (self, request,
                           render_error_new (PLENUM_RENDER_ERROR_IO,
                                             _("The file could not be read.")));
      request_free (request);
      return;
    }

  request->path = g_strdup (pdf_path);
  request->password = g_strdup (password);
  if (++self->next_handle == 0)
    self->next_handle = 1;
  request->handle = self->next_handle;
  submit_request (self, request);
}

void
plenum_render_client_open_async (PlenumRenderClient  *self,
                                 const char          *pdf_path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (PLENUM_IS_RENDER_CLIENT (self));
  g_return_if_fail (pdf_path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->thread == g_thread_self ());

  open_document (self, pdf_path, NULL, cancellable, callback, user_data);
}

void
plenum_render_client_open_with_password_async (PlenumRenderClient  *self,
                                               const char          *pdf_path,
                                               const char          *password,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_return_if_fail (PLENUM_IS_RENDER_CLIENT (self));
  g_return_if_fail (pdf_path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->thread == g_thread_self ());

  open_document (self, pdf_path, password, cancellable, callback, user_data);
}

PlenumRenderDocument *
plenum_render_client_open_finish (PlenumRenderClient  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == plenum_render_client_open_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static Request *
doc_request_new (PlenumRenderClient   *self,
                 PlenumRenderDocument *doc,
                 RequestKind           kind,
                 GCancellable         *cancellable,
                 GAsyncReadyCallback   callback,
                 gpointer              user_data,
                 gpointer              source_tag)
{
  Request *request = request_new (self, kind, cancellable, callback, user_data, source_tag);

  if (g_task_return_error_if_cancelled (request->task))
    {
      g_clear_object (&request->task);
      request_free (request);
      return NULL;
    }
  request->doc = g_object_ref (doc);
  return request;
}

static gboolean
document_is_ours (PlenumRenderClient   *self,
                  PlenumRenderDocument *doc)
{
  g_autoptr(PlenumRenderClient) owner = g_weak_ref_get (&doc->client);

  return owner == self;
}

/* A page @request's document does not have: the request fails at once (PAGE_FAILED)
 * and is freed. TRUE when it did. */
static gboolean
fail_if_no_such_page (PlenumRenderClient *self,
                      Request            *request,
                      guint               page)
{
  if (page < request->doc->n_pages)
    return FALSE;
  complete_with_error (self, request,
                       g_error_new (PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PAGE_FAILED,
                                    _("Page %u could not be shown."), page + 1));
  request_free (request);
  return TRUE;
}

/* A request about one page of @doc (links, text): made, checked and sent. */
static void
submit_page_request (PlenumRenderClient   *self,
                     PlenumRenderDocument *doc,
                     RequestKind           kind,
                     guint                 page,
                     GCancellable         *cancellable,
                     GAsyncReadyCallback   callback,
                     gpointer              user_data,
                     gpointer              source_tag)
{
  Request *request = doc_request_new (self, doc, kind, cancellable, callback, user_data,
                                      source_tag);

  if (request == NULL)
    return;
  request->page = page;
  if (!fail_if_no_such_page (self, request, page))
    submit_request (self, request);
}

void
plenum_render_client_render_page_async (PlenumRenderClient   *self,
                                        PlenumRenderDocument *doc,
                                        guint                 page,
                                        int                   width,
                                        int                   height,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  Request *request;

  g_return_if_fail (PLENUM_IS_RENDER_CLIENT (self));
  g_return_if_fail (PLENUM_IS_RENDER_DOCUMENT (doc));
  g_return_if_fail (width > 0 && height > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->thread == g_thread_self ());
  g_return_if_fail (document_is_ours (self, doc));

  request = doc_request_new (self, doc, REQUEST_RENDER, cancellable, callback, user_data,
                             plenum_render_client_render_page_async);
  if (request == NULL)
    return;
  request->page = page;
  request->width = (guint) width;
  request->height = (guint) height;
  if (fail_if_no_such_page (self, request, page))
    return;
  /* A page known to be missing (also one whose sizes chunk failed) fails here. */
  if (doc->page_flags[page] & PLENUM_RENDER_PAGE_MISSING)
    {
      complete_with_error (self, request,
                           g_error_new (PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PAGE_FAILED,
                                        _("Page %u could not be shown."), page + 1));
      request_free (request);
      return;
    }
  submit_request (self, request);
}

GdkTexture *
plenum_render_client_render_page_finish (PlenumRenderClient  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_render_client_render_page_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
plenum_render_client_ping_async (PlenumRenderClient  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Request *request;

  g_return_if_fail (PLENUM_IS_RENDER_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->thread == g_thread_self ());

  request = request_new (self, REQUEST_PING, cancellable, callback, user_data,
                         plenum_render_client_ping_async);
  if (g_task_return_error_if_cancelled (request->task))
    {
      g_clear_object (&request->task);
      request_free (request);
      return;
    }
  submit_request (self, request);
}

gboolean
plenum_render_client_ping_finish (PlenumRenderClient  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_render_client_ping_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A request about @doc; NULL (and the task completed) when it is cancelled already. */
void
plenum_render_client_search_async (PlenumRenderClient      *self,
                                   PlenumRenderDocument    *doc,
                                   const char              *text,
                                   PlenumRenderSearchFlags  flags,
                                   guint                    first_page,
                                   guint                    n_pages,
                                   GCancellable            *cancellable,
                                   GAsyncReadyCallback      callback,
                                   gpointer                 user_data)
{
  Request *request;

  g_return_if_fail (PLENUM_IS_RENDER_CLIENT (self));
  g_return_if_fail (PLENUM_IS_RENDER_DOCUMENT (doc));
  g_return_if_fail (text != NULL && g_utf8_validate (text, -1, NULL));
  g_return_if_fail ((flags & ~PLENUM_RENDER_SEARCH_IGNORE_DIACRITICS) == 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->thread == g_thread_self ());
  g_return_if_fail (document_is_ours (self, doc));

  request = doc_request_new (self, doc, REQUEST_SEARCH, cancellable, callback, user_data,
                             plenum_render_client_search_async);
  if (request == NULL)
    return;

  request->page = first_page;
  if (fail_if_no_such_page (self, request, first_page))
    return;
  if (strlen (text) > PLENUM_RENDER_MAX_SEARCH_TEXT)
    {
      complete_with_error (self, request,
                           render_error_new (PLENUM_RENDER_ERROR_TOO_BIG,
                                             _("The search text is too long.")));
      request_free (request);
      return;
    }
  request->n_pages = MIN (n_pages, doc->n_pages - first_page);
  if (text[0] == '\0' || request->n_pages == 0)
    {
      SearchOutcome *outcome = g_new0 (SearchOutcome, 1);

      outcome->hits = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_render_hit_free);
      complete_with_value (self, request, outcome, search_outcome_free, FALSE);
      request_free (request);
      return;
    }
  request->text = g_strdup (text);
  request->flags = (flags & PLENUM_RENDER_SEARCH_IGNORE_DIACRITICS) != 0
                   ? PLENUM_RENDER_SEARCH_FLAG_IGNORE_DIACRITICS : 0;
  submit_request (self, request);
}

GPtrArray *
plenum_render_client_search_finish (PlenumRenderClient  *self,
                                    GAsyncResult        *result,
                                    gboolean            *capped,
                                    GError             **error)
{
  SearchOutcome *outcome;
  GPtrArray *hits;

  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_render_client_search_async, NULL);

  if (capped != NULL)
    *capped = FALSE;
  outcome = g_task_propagate_pointer (G_TASK (result), error);
  if (outcome == NULL)
    return NULL;
  hits = g_steal_pointer (&outcome->hits);
  if (capped != NULL)
    *capped = outcome->capped;
  search_outcome_free (outcome);
  return hits;
}

void
plenum_render_client_get_outline_async (PlenumRenderClient   *self,
                                        PlenumRenderDocument *doc,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  Request *request;

  g_return_if_fail (PLENUM_IS_RENDER_CLIENT (self));
  g_return_if_fail (PLENUM_IS_RENDER_DOCUMENT (doc));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->thread == g_thread_self ());
  g_return_if_fail (document_is_ours (self, doc));

  request = doc_request_new (self, doc, REQUEST_OUTLINE, cancellable, callback, user_data,
                             plenum_render_client_get_outline_async);
  if (request != NULL)
    submit_request (self, request);
}

GPtrArray *
plenum_render_client_get_outline_finish (PlenumRenderClient  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_render_client_get_outline_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
plenum_render_client_get_links_async (PlenumRenderClient   *self,
                                      PlenumRenderDocument *doc,
                                      guint                 page,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  g_return_if_fail (PLENUM_IS_RENDER_CLIENT (self));
  g_return_if_fail (PLENUM_IS_RENDER_DOCUMENT (doc));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->thread == g_thread_self ());
  g_return_if_fail (document_is_ours (self, doc));

  submit_page_request (self, doc, REQUEST_LINKS, page, cancellable, callback, user_data,
                       plenum_render_client_get_links_async);
}

GPtrArray *
plenum_render_client_get_links_finish (PlenumRenderClient  *self,
                                       GAsyncResult        *result,
                                       GError             **error)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_render_client_get_links_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
plenum_render_client_get_text_async (PlenumRenderClient   *self,
                                     PlenumRenderDocument *doc,
                                     guint                 page,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_return_if_fail (PLENUM_IS_RENDER_CLIENT (self));
  g_return_if_fail (PLENUM_IS_RENDER_DOCUMENT (doc));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->thread == g_thread_self ());
  g_return_if_fail (document_is_ours (self, doc));

  submit_page_request (self, doc, REQUEST_TEXT, page, cancellable, callback, user_data,
                       plenum_render_client_get_text_async);
}

PlenumRenderText *
plenum_render_client_get_text_finish (PlenumRenderClient  *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_render_client_get_text_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
