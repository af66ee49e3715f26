/* plenum-render-queue.c — the reader's render jobs in priority order over one render
 * client (see plenum-render-queue.h).
 *
 * A job is in exactly one of three states:
 *  - queued: in self->jobs and in one of self->queued[priority];
 *  - in flight: in self->jobs and self->in_flight, its render request pending;
 *  - detached: cancelled (retain, cancel_document, dispose) while in flight; the queue
 *    has forgotten it, and the render's callback frees it when it comes.
 * A job holds a reference on its document, so a document stays open while it has jobs.
 *
 * Answers that need no render (the page is cached, or failed before) are announced from
 * an idle source on the context the queue was made on, never from inside request().
 *
 * Failures are kept per document (weakly referenced, like the texture cache does) so a
 * new document at a freed one's address inherits nothing.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-render-queue"

#include "pdf/plenum-render-queue.h"

#define N_PRIORITIES (PLENUM_RENDER_PRIORITY_THUMBNAIL + 1)

typedef struct {
  PlenumRenderDocument *doc; /* owned */
  guint                 page;
  int                   width;
  int                   height;
} JobKey;

typedef struct {
  JobKey               key;         /* first: the jobs table's key points here */
  PlenumRenderPriority priority;
  GList                link;        /* in self->queued[priority] or self->in_flight */
  GCancellable        *cancellable; /* owned; set once sent */
  PlenumRenderQueue   *queue;       /* not owned; NULL once detached */
} Job;

/* A page that failed: further requests for it are answered with the same error. */
typedef struct {
  int     width;
  int     height;
  GError *error;
} Failure;

/* An answer given without a render, waiting for the idle to announce it. */
typedef struct {
  JobKey      key;     /* holds a reference on the document */
  GdkTexture *texture; /* owned; NULL for a failure */
  GError     *error;   /* owned; NULL for a texture */
} Answer;

/* Every field is used on the thread of @context only (the client's, see
 * plenum-render-client.h). */
struct _PlenumRenderQueue
{
  GObject             parent_instance;

  PlenumRenderClient *client; /* owned */
  PlenumTextureCache *cache;  /* owned */
  GMainContext       *context; /* owned: where the idle answers are announced */

  GHashTable         *jobs;   /* JobKey * (inside the Job) → Job *, queued and in flight */
  GQueue              queued[N_PRIORITIES]; /* Job links, oldest first */
  GQueue              in_flight;            /* Job links */
  guint               n_sent;

  GHashTable         *failures; /* PlenumRenderDocument * (weak) → GHashTable (page → Failure *) */

  GQueue              answers;  /* Answer *, in request order */
  GSource            *answer_source; /* owned, attached to self->context while answers wait */
};

G_DEFINE_FINAL_TYPE (PlenumRenderQueue, plenum_render_queue, G_TYPE_OBJECT)

enum {
  SIGNAL_PAGE_READY,
  SIGNAL_PAGE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void pump (PlenumRenderQueue *self);

/* Keys ------------------------------------------------------------------------------------ */

static guint
job_key_hash (gconstpointer data)
{
  const JobKey *key = data;
  guint hash = g_direct_hash (key->doc);

  hash = hash * 31 + key->page;
  hash = hash * 31 + (guint) key->width;
  hash = hash * 31 + (guint) key->height;
  return hash;
}

static gboolean
job_key_equal (gconstpointer a,
               gconstpointer b)
{
  const JobKey *ka = a;
  const JobKey *kb = b;

  return ka->doc == kb->doc && ka->page == kb->page && ka->width == kb->width
         && ka->height == kb->height;
}

static gboolean
page_wanted (guint page,
             guint first,
             guint last)
{
  return first <= last && page >= first && page <= last;
}

/* Jobs ------------------------------------------------------------------------------------ */

static Job *
job_new (PlenumRenderQueue    *self,
         PlenumRenderDocument *doc,
         guint                 page,
         int                   width,
         int                   height,
         PlenumRenderPriority  priority)
{
  Job *job = g_new0 (Job, 1);

  job->key.doc = g_object_ref (doc);
  job->key.page = page;
  job->key.width = width;
  job->key.height = height;
  job->priority = priority;
  job->link.data = job;
  job->queue = self;
  return job;
}

static void
job_free (Job *job)
{
  g_clear_object (&job->key.doc);
  g_clear_object (&job->cancellable);
  g_free (job);
}

/* Forgets a queued job and frees it. */
static void
drop_queued_job (PlenumRenderQueue *self,
                 Job               *job)
{
  g_assert (job->cancellable == NULL);
  g_queue_unlink (&self->queued[job->priority], &job->link);
  g_hash_table_steal (self->jobs, &job->key);
  job_free (job);
}

/* Forgets a job in flight and cancels its render; the render's callback frees it. */
static void
detach_job (PlenumRenderQueue *self,
            Job               *job)
{
  g_assert (job->cancellable != NULL);
  g_queue_unlink (&self->in_flight, &job->link);
  g_hash_table_steal (self->jobs, &job->key);
  job->queue = NULL;
  g_cancellable_cancel (job->cancellable);
}

/* Drops (queued) or cancels (in flight) the jobs of @doc: all of them when @any_page,
 * else those for pages outside [@first, @last]. */
static void
drop_jobs (PlenumRenderQueue    *self,
           PlenumRenderDocument *doc,
           gboolean              any_page,
           guint                 first,
           guint                 last)
{
  for (guint p = 0; p < N_PRIORITIES; p++)
    {
      GList *l = self->queued[p].head;

      while (l != NULL)
        {
          Job *job = l->data;

          l = l->next;
          if (job->key.doc == doc && (any_page || !page_wanted (job->key.page, first, last)))
            drop_queued_job (self, job);
        }
    }

  for (GList *l = self->in_flight.head; l != NULL;)
    {
      Job *job = l->data;

      l = l->next;
      if (job->key.doc == doc && (any_page || !page_wanted (job->key.page, first, last)))
        detach_job (self, job);
    }
}

/* Failures -------------------------------------------------------------------------------- */

static void
failure_free (Failure *failure)
{
  g_clear_error (&failure->error);
  g_free (failure);
}

static void
document_finalized_cb (gpointer  user_data,
                       GObject  *where_the_object_was)
{
  PlenumRenderQueue *self = user_data;

  g_hash_table_remove (self->failures, where_the_object_was);
}

static void
forget_document_failures (PlenumRenderQueue    *self,
                          PlenumRenderDocument *doc)
{
  if (g_hash_table_remove (self->failures, doc))
    g_object_weak_unref (G_OBJECT (doc), document_finalized_cb, self);
}

static void
remember_failure (PlenumRenderQueue    *self,
                  PlenumRenderDocument *doc,
                  guint                 page,
                  int                   width,
                  int                   height,
                  const GError         *error)
{
  GHashTable *pages = g_hash_table_lookup (self->failures, doc);
  Failure *failure;

  if (pages == NULL)
    {
      pages = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                     (GDestroyNotify) failure_free);
      g_hash_table_insert (self->failures, doc, pages);
      g_object_weak_ref (G_OBJECT (doc), document_finalized_cb, self);
    }

  failure = g_new0 (Failure, 1);
  failure->width = width;
  failure->height = height;
  failure->error = g_error_copy (error);
  g_hash_table_replace (pages, GUINT_TO_POINTER (page), failure);
}

/* The failure that answers a request for @page at @width × @height, or NULL. A page too
 * big at one size may still render smaller; any other failure stands for every size. */
static const Failure *
find_failure (PlenumRenderQueue    *self,
              PlenumRenderDocument *doc,
              guint                 page,
              int                   width,
              int                   height)
{
  GHashTable *pages = g_hash_table_lookup (self->failures, doc);
  const Failure *failure;

  if (pages == NULL)
    return NULL;
  failure = g_hash_table_lookup (pages, GUINT_TO_POINTER (page));
  if (failure == NULL)
    return NULL;
  if (g_error_matches (failure->error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_TOO_BIG)
      && (guint64) width * (guint64) height < (guint64) failure->width * (guint64) failure->height)
    return NULL;
  return failure;
}

/* Answers without a render ----------------------------------------------------------------- */

static void
answer_free (Answer *answer)
{
  g_clear_object (&answer->key.doc);
  g_clear_object (&answer->texture);
  g_clear_error (&answer->error);
  g_free (answer);
}

static void
emit_failed (PlenumRenderQueue    *self,
             PlenumRenderDocument *doc,
             guint                 page,
             int                   width,
             int                   height,
             const GError         *error)
{
  g_signal_emit (self, signals[SIGNAL_PAGE_FAILED], 0, doc, page, width, height, error);
}

static gboolean
announce_answers_cb (gpointer user_data)
{
  PlenumRenderQueue *self = user_data;
  g_autoptr(PlenumRenderQueue) hold = g_object_ref (self);
  /* A handler may ask again (and queue a new answer): those wait for the next idle. */
  GQueue answers = self->answers;
  Answer *answer;

  g_clear_pointer (&self->answer_source, g_source_unref);
  g_queue_init (&self->answers);

  while ((answer = g_queue_pop_head (&answers)) != NULL)
    {
      if (answer->texture != NULL)
        g_signal_emit (self, signals[SIGNAL_PAGE_READY], 0, answer->key.doc, answer->key.page,
                       answer->texture);
      else
        emit_failed (self, answer->key.doc, answer->key.page, answer->key.width,
                     answer->key.height, answer->error);
      answer_free (answer);
    }

  return G_SOURCE_REMOVE;
}

static void
queue_answer (PlenumRenderQueue    *self,
              PlenumRenderDocument *doc,
              guint                 page,
              int                   width,
              int                   height,
              GdkTexture           *texture,
              const GError         *error)
{
  Answer *answer;

  /* The same question twice before the idle: one answer. */
  for (GList *l = self->answers.head; l != NULL; l = l->next)
    {
      Answer *other = l->data;

      if (other->key.doc == doc && other->key.page == page && other->key.width == width
          && other->key.height == height)
        return;
    }

  answer = g_new0 (Answer, 1);
  answer->key.doc = g_object_ref (doc);
  answer->key.page = page;
  answer->key.width = width;
  answer->key.height = height;
  answer->texture = texture != NULL ? g_object_ref (texture) : NULL;
  answer->error = error != NULL ? g_error_copy (error) : NULL;
  g_queue_push_tail (&self->answers, answer);

  if (self->answer_source == NULL)
    {
      self->answer_source = g_idle_source_new ();
      g_source_set_static_name (self->answer_source, "[plenum] render queue answers");
      /* The source holds no reference: dispose destroys it. */
      g_source_set_callback (self->answer_source, announce_answers_cb, self, NULL);
      g_source_attach (self->answer_source, self->context);
    }
}

static void
drop_answers (PlenumRenderQueue    *self,
              PlenumRenderDocument *doc,
              gboolean              any_page,
              guint                 first,
              guint                 last)
{
  GList *l = self->answers.head;

  while (l != NULL)
    {
      Answer *answer = l->data;
      GList *next = l->next;

      if (answer->key.doc == doc && (any_page || !page_wanted (answer->key.page, first, last)))
        {
          g_queue_delete_link (&self->answers, l);
          answer_free (answer);
        }
      l = next;
    }
}

/* Rendering ------------------------------------------------------------------------------- */

static void
page_rendered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Job *job = user_data;
  PlenumRenderQueue *self = job->queue;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  texture = plenum_render_client_render_page_finish (PLENUM_RENDER_CLIENT (source), result,
                                                     &error);

  if (self == NULL)
    {
      /* Detached: nobody wants this page any more. */
      job_free (job);
      return;
    }

  g_object_ref (self);
  g_queue_unlink (&self->in_flight, &job->link);
  g_hash_table_steal (self->jobs, &job->key);

  if (texture != NULL)
    {
      plenum_texture_cache_add (self->cache, job->key.doc, job->key.page, texture);
      g_signal_emit (self, signals[SIGNAL_PAGE_READY], 0, job->key.doc, job->key.page, texture);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      remember_failure (self, job->key.doc, job->key.page, job->key.width, job->key.height,
                        error);
      emit_failed (self, job->key.doc, job->key.page, job->key.width, job->key.height, error);
    }

  job_free (job);
  pump (self);
  g_object_unref (self);
}

static Job *
next_queued_job (PlenumRenderQueue *self)
{
  for (guint p = 0; p < N_PRIORITIES; p++)
    {
      GList *link = g_queue_peek_head_link (&self->queued[p]);

      if (link != NULL)
        {
          g_queue_unlink (&self->queued[p], link);
          return link->data;
        }
    }
  return NULL;
}

/* Sends queued jobs, most urgent first, until PLENUM_RENDER_QUEUE_IN_FLIGHT are out. */
static void
pump (PlenumRenderQueue *self)
{
  /* After dispose nothing is sent. */
  if (self->client == NULL)
    return;

  while (self->in_flight.length < PLENUM_RENDER_QUEUE_IN_FLIGHT)
    {
      Job *job = next_queued_job (self);

      if (job == NULL)
        break;

      job->cancellable = g_cancellable_new ();
      g_queue_push_tail_link (&self->in_flight, &job->link);
      self->n_sent++;
      /* Completes from the client's sources, never from inside this call. */
      plenum_render_client_render_page_async (self->client, job->key.doc, job->key.page,
                                              job->key.width, job->key.height, job->cancellable,
                                              page_rendered_cb, job);
    }
}

/* GObject --------------------------------------------------------------------------------- */

static void
plenum_render_queue_dispose (GObject *object)
{
  PlenumRenderQueue *self = PLENUM_RENDER_QUEUE (object);
  GHashTableIter iter;
  gpointer doc;
  Answer *answer;
  Job *job;

  if (self->answer_source != NULL)
    {
      g_source_destroy (self->answer_source);
      g_clear_pointer (&self->answer_source, g_source_unref);
    }
  while ((answer = g_queue_pop_head (&self->answers)) != NULL)
    answer_free (answer);

  for (guint p = 0; p < N_PRIORITIES; p++)
    while ((job = g_queue_peek_head (&self->queued[p])) != NULL)
      drop_queued_job (self, job);
  while ((job = g_queue_peek_head (&self->in_flight)) != NULL)
    detach_job (self, job);

  g_hash_table_iter_init (&iter, self->failures);
  while (g_hash_table_iter_next (&iter, &doc, NULL))
    {
      g_object_weak_unref (doc, document_finalized_cb, self);
      g_hash_table_iter_remove (&iter);
    }

  g_clear_object (&self->client);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (plenum_render_queue_parent_class)->dispose (object);
}

static void
plenum_render_queue_finalize (GObject *object)
{
  PlenumRenderQueue *self = PLENUM_RENDER_QUEUE (object);

  g_assert (g_hash_table_size (self->jobs) == 0);
  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->failures, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (plenum_render_queue_parent_class)->finalize (object);
}

static void
plenum_render_queue_class_init (PlenumRenderQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plenum_render_queue_dispose;
  object_class->finalize = plenum_render_queue_finalize;

  /* PlenumRenderQueue::page-ready:
   * @doc, @page: the page rendered
   * @texture: its texture (also in the cache, while the budget allows)
   */
  signals[SIGNAL_PAGE_READY] =
    g_signal_new ("page-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 3, PLENUM_TYPE_RENDER_DOCUMENT, G_TYPE_UINT,
                  GDK_TYPE_TEXTURE);

  /* PlenumRenderQueue::page-failed:
   * @doc, @page, @width, @height: the request that failed
   * @error: why (a PLENUM_RENDER_ERROR)
   */
  signals[SIGNAL_PAGE_FAILED] =
    g_signal_new ("page-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 5, PLENUM_TYPE_RENDER_DOCUMENT, G_TYPE_UINT, G_TYPE_INT,
                  G_TYPE_INT, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
plenum_render_queue_init (PlenumRenderQueue *self)
{
  /* Keys live inside the jobs, which are freed by hand (they may outlive the table's
   * knowledge of them while detached). */
  self->jobs = g_hash_table_new (job_key_hash, job_key_equal);
  self->failures = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                          (GDestroyNotify) g_hash_table_unref);
  for (guint p = 0; p < N_PRIORITIES; p++)
    g_queue_init (&self->queued[p]);
  g_queue_init (&self->in_flight);
  g_queue_init (&self->answers);
  self->context = g_main_context_ref_thread_default ();
}

/* API ------------------------------------------------------------------------------------- */

PlenumRenderQueue *
plenum_render_queue_new (PlenumRenderClient *client,
                         PlenumTextureCache *cache)
{
  PlenumRenderQueue *self;

  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (client), NULL);
  g_return_val_if_fail (PLENUM_IS_TEXTURE_CACHE (cache), NULL);

  self = g_object_new (PLENUM_TYPE_RENDER_QUEUE, NULL);
  self->client = g_object_ref (client);
  self->cache = g_object_ref (cache);
  return self;
}

PlenumRenderClient *
plenum_render_queue_get_client (PlenumRenderQueue *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_QUEUE (self), NULL);

  return self->client;
}

PlenumTextureCache *
plenum_render_queue_get_cache (PlenumRenderQueue *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_QUEUE (self), NULL);

  return self->cache;
}

void
plenum_render_queue_request (PlenumRenderQueue    *self,
                             PlenumRenderDocument *doc,
                             guint                 page,
                             int                   width,
                             int                   height,
                             PlenumRenderPriority  priority)
{
  JobKey key = { doc, page, width, height };
  const Failure *failure;
  GdkTexture *texture;
  Job *job;

  g_return_if_fail (PLENUM_IS_RENDER_QUEUE (self));
  g_return_if_fail (PLENUM_IS_RENDER_DOCUMENT (doc));
  g_return_if_fail (width > 0 && height > 0);
  g_return_if_fail (priority <= PLENUM_RENDER_PRIORITY_THUMBNAIL);
  g_return_if_fail (self->client != NULL);

  failure = find_failure (self, doc, page, width, height);
  if (failure != NULL)
    {
      queue_answer (self, doc, page, width, height, NULL, failure->error);
      return;
    }

  texture = plenum_texture_cache_lookup (self->cache, doc, page, width, height);
  if (texture != NULL)
    {
      queue_answer (self, doc, page, width, height, texture, NULL);
      return;
    }

  job = g_hash_table_lookup (self->jobs, &key);
  if (job != NULL)
    {
      /* Queued at a lower priority: raised, behind the older jobs of its new one. */
      if (job->cancellable == NULL && priority < job->priority)
        {
          g_queue_unlink (&self->queued[job->priority], &job->link);
          job->priority = priority;
          g_queue_push_tail_link (&self->queued[priority], &job->link);
        }
      return;
    }

  job = job_new (self, doc, page, width, height, priority);
  g_hash_table_insert (self->jobs, &job->key, job);
  g_queue_push_tail_link (&self->queued[priority], &job->link);
  pump (self);
}

void
plenum_render_queue_retain (PlenumRenderQueue    *self,
                            PlenumRenderDocument *doc,
                            guint                 first,
                            guint                 last)
{
  g_return_if_fail (PLENUM_IS_RENDER_QUEUE (self));
  g_return_if_fail (PLENUM_IS_RENDER_DOCUMENT (doc));

  drop_jobs (self, doc, FALSE, first, last);
  drop_answers (self, doc, FALSE, first, last);
  pump (self);
}

void
plenum_render_queue_cancel_document (PlenumRenderQueue    *self,
                                     PlenumRenderDocument *doc)
{
  g_return_if_fail (PLENUM_IS_RENDER_QUEUE (self));
  g_return_if_fail (PLENUM_IS_RENDER_DOCUMENT (doc));

  drop_jobs (self, doc, TRUE, 0, 0);
  drop_answers (self, doc, TRUE, 0, 0);
  forget_document_failures (self, doc);
  pump (self);
}

void
plenum_render_queue_forget_failure (PlenumRenderQueue    *self,
                                    PlenumRenderDocument *doc,
                                    guint                 page)
{
  GHashTable *pages;

  g_return_if_fail (PLENUM_IS_RENDER_QUEUE (self));
  g_return_if_fail (PLENUM_IS_RENDER_DOCUMENT (doc));

  pages = g_hash_table_lookup (self->failures, doc);
  if (pages != NULL)
    g_hash_table_remove (pages, GUINT_TO_POINTER (page));
}

guint
plenum_render_queue_get_n_queued (PlenumRenderQueue *self)
{
  guint n = 0;

  g_return_val_if_fail (PLENUM_IS_RENDER_QUEUE (self), 0);

  for (guint p = 0; p < N_PRIORITIES; p++)
    n += self->queued[p].length;
  return n;
}

guint
plenum_render_queue_get_n_in_flight (PlenumRenderQueue *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_QUEUE (self), 0);

  return self->in_flight.length;
}

guint
plenum_render_queue_get_n_sent (PlenumRenderQueue *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_QUEUE (self), 0);

  return self->n_sent;
}
