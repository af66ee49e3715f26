/* plenum-document-search.c — see plenum-document-search.h.
 *
 * The pages are searched in chunks: [from, n) then [0, from), each chunk one request.
 * Chunks never overlap, and all hits of a page come from one chunk, so a chunk's hits
 * go into the sorted array in one block, at the first hit of a later page; the matches
 * are then renumbered (a match is a run of hits with the same page and the same
 * number).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-document-search"

#include "plenum-document-search.h"

struct _PlenumDocumentSearch
{
  GObject parent_instance;

  PlenumRenderClient      *client;
  PlenumRenderDocument    *document;

  /* The running search (NULL cancellable: none runs). */
  GCancellable            *cancellable;
  char                    *text;
  PlenumRenderSearchFlags  flags;
  guint                    from_page;
  guint                    next_page;   /* first page of the next chunk */
  guint                    pages_left;  /* pages not yet asked for */

  GPtrArray               *hits;        /* PlenumRenderHit, document order */
  guint                    n_matches;
  int                      current;
  GError                  *error;
};

G_DEFINE_FINAL_TYPE (PlenumDocumentSearch, plenum_document_search, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_DOCUMENT,
  PROP_N_MATCHES,
  PROP_SEARCHING,
  PROP_CURRENT,
  PROP_ERROR,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void search_next_chunk (PlenumDocumentSearch *self);

typedef struct {
  /* Not a reference, so that dropping the search disposes it and cancels its chunks;
   * used only when the chunk's search was not cancelled (dispose cancels it). */
  PlenumDocumentSearch *self;
  GCancellable         *cancellable;  /* the search it belongs to (strong) */
  guint                 first;
  guint                 n_pages;
} Chunk;

static void
chunk_free (Chunk *chunk)
{
  g_object_unref (chunk->cancellable);
  g_free (chunk);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Chunk, chunk_free)

static void
set_searching (PlenumDocumentSearch *self,
               gboolean              searching)
{
  if ((self->cancellable != NULL) == searching)
    return;
  if (searching)
    self->cancellable = g_cancellable_new ();
  else
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

static void
set_current (PlenumDocumentSearch *self,
             int                   current)
{
  if (self->current == current)
    return;
  self->current = current;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

static void
set_error (PlenumDocumentSearch *self,
           const GError         *error)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Numbers the matches again from 0 in document order; returns how many there are. */
static guint
renumber (GPtrArray *hits)
{
  guint n = 0, last_page = 0, last_match = 0;

  for (guint i = 0; i < hits->len; i++)
    {
      PlenumRenderHit *hit = g_ptr_array_index (hits, i);

      if (i == 0 || hit->page != last_page || hit->match != last_match)
        n++;
      last_page = hit->page;
      last_match = hit->match;
      hit->match = n - 1;
    }
  return n;
}

/* Inserts the hits of one chunk (pages [@first, …), numbered within the chunk) in
 * document order; keeps the current match on the same match. */
static void
add_hits (PlenumDocumentSearch *self,
          GPtrArray            *chunk_hits,
          guint                 end_page)
{
  guint at = self->hits->len, n_before, n_added;

  for (guint i = 0; i < self->hits->len; i++)
    if (((PlenumRenderHit *) g_ptr_array_index (self->hits, i))->page >= end_page)
      {
        at = i;
        break;
      }
  n_before = at > 0 ? ((PlenumRenderHit *) g_ptr_array_index (self->hits, at - 1))->match + 1 : 0;

  for (guint i = 0; i < chunk_hits->len; i++)
    {
      const PlenumRenderHit *hit = g_ptr_array_index (chunk_hits, i);

      if (hit->page >= end_page)
        break;
      g_ptr_array_insert (self->hits, (int) (at + i), plenum_render_hit_copy (hit));
    }
  n_added = renumber (self->hits) - self->n_matches;

  /* Matches inserted before the current one move it on. */
  if (self->current >= 0 && (guint) self->current >= n_before)
    set_current (self, self->current + (int) n_added);
  if (n_added > 0)
    {
      self->n_matches += n_added;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MATCHES]);
    }
}

static void
chunk_searched_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Chunk) chunk = user_data;
  PlenumDocumentSearch *self = chunk->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  gboolean capped = FALSE;
  guint searched = chunk->n_pages;

  hits = plenum_render_client_search_finish (PLENUM_RENDER_CLIENT (source), result, &capped,
                                             &error);
  if (g_cancellable_is_cancelled (chunk->cancellable))
    return;
  g_assert (chunk->cancellable == self->cancellable);

  if (hits == NULL)
    {
      g_debug ("Searching pages %u–%u failed: %s", chunk->first + 1,
               chunk->first + chunk->n_pages, error->message);
      set_error (self, error);
    }
  else
    {
      /* Capped: the last page with hits may have more; it is searched again with the
       * next chunk (unless the chunk's first page alone fills the cap). */
      if (capped && hits->len > 0)
        {
          guint last = ((PlenumRenderHit *) g_ptr_array_index (hits, hits->len - 1))->page;

          searched = last > chunk->first ? last - chunk->first : 1;
        }
      if (hits->len > 0)
        {
          add_hits (self, hits, chunk->first + searched);
          g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
        }
    }

  self->pages_left -= MIN (searched, self->pages_left);
  self->next_page = chunk->first + searched;
  if (self->next_page >= plenum_render_document_get_n_pages (self->document))
    self->next_page = 0;
  search_next_chunk (self);
}

static void
search_next_chunk (PlenumDocumentSearch *self)
{
  guint n_pages = plenum_render_document_get_n_pages (self->document);
  Chunk *chunk;

  g_assert (self->cancellable != NULL);

  if (self->pages_left == 0)
    {
      set_searching (self, FALSE);
      return;
    }
  chunk = g_new0 (Chunk, 1);
  chunk->self = self;
  chunk->cancellable = g_object_ref (self->cancellable);
  chunk->first = self->next_page;
  chunk->n_pages = MIN (MIN (PLENUM_DOCUMENT_SEARCH_CHUNK, self->pages_left),
                        n_pages - self->next_page);
  plenum_render_client_search_async (self->client, self->document, self->text, self->flags,
                                     chunk->first, chunk->n_pages, chunk->cancellable,
                                     chunk_searched_cb, chunk);
}

void
plenum_document_search_stop (PlenumDocumentSearch *self)
{
  g_return_if_fail (PLENUM_IS_DOCUMENT_SEARCH (self));
  set_searching (self, FALSE);
}

void
plenum_document_search_start (PlenumDocumentSearch    *self,
                              const char              *text,
                              PlenumRenderSearchFlags  flags,
                              guint                    from_page)
{
  gboolean had_hits;
  guint n_pages;

  g_return_if_fail (PLENUM_IS_DOCUMENT_SEARCH (self));
  g_return_if_fail (text == NULL || g_utf8_validate (text, -1, NULL));
  g_return_if_fail ((flags & ~PLENUM_RENDER_SEARCH_IGNORE_DIACRITICS) == 0);

  g_object_freeze_notify (G_OBJECT (self));
  set_searching (self, FALSE);

  /* A new array: whoever holds the old one keeps the old results intact. */
  had_hits = self->hits->len > 0;
  g_ptr_array_unref (self->hits);
  self->hits = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_render_hit_free);
  if (self->n_matches != 0)
    {
      self->n_matches = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MATCHES]);
    }
  set_current (self, -1);
  set_error (self, NULL);
  g_clear_pointer (&self->text, g_free);

  if (text != NULL && text[0] != '\0')
    {
      n_pages = plenum_render_document_get_n_pages (self->document);
      self->text = g_strdup (text);
      self->flags = flags;
      self->from_page = MIN (from_page, n_pages - 1);
      self->next_page = self->from_page;
      self->pages_left = n_pages;
      set_searching (self, TRUE);
      search_next_chunk (self);
    }
  if (had_hits)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  g_object_thaw_notify (G_OBJECT (self));
}

/* The first match on page @page or later, or n_matches. */
static guint
first_match_from (PlenumDocumentSearch *self,
                  guint                 page)
{
  for (guint i = 0; i < self->hits->len; i++)
    {
      const PlenumRenderHit *hit = g_ptr_array_index (self->hits, i);

      if (hit->page >= page)
        return hit->match;
    }
  return self->n_matches;
}

static gboolean
move (PlenumDocumentSearch *self,
      int                   delta)
{
  int n = (int) self->n_matches, current;

  if (n == 0)
    return FALSE;
  if (self->current < 0)
    {
      int first = (int) first_match_from (self, self->from_page);

      current = delta > 0 ? first % n : (first + n - 1) % n;
    }
  else
    current = (self->current + delta + n) % n;
  set_current (self, current);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return TRUE;
}

gboolean
plenum_document_search_next (PlenumDocumentSearch *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_SEARCH (self), FALSE);
  return move (self, 1);
}

gboolean
plenum_document_search_previous (PlenumDocumentSearch *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_SEARCH (self), FALSE);
  return move (self, -1);
}

const PlenumRenderHit *
plenum_document_search_get_current_hit (PlenumDocumentSearch *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_SEARCH (self), NULL);

  if (self->current < 0)
    return NULL;
  /* Matches are numbered in array order: binary search for its first rectangle. */
  {
    guint lo = 0, hi = self->hits->len;

    while (lo < hi)
      {
        guint mid = lo + (hi - lo) / 2;

        if (((PlenumRenderHit *) g_ptr_array_index (self->hits, mid))->match < (guint) self->current)
          lo = mid + 1;
        else
          hi = mid;
      }
    g_assert (lo < self->hits->len);
    return g_ptr_array_index (self->hits, lo);
  }
}

int
plenum_document_search_get_current (PlenumDocumentSearch *self,
                                    guint                *page)
{
  const PlenumRenderHit *hit;

  g_return_val_if_fail (PLENUM_IS_DOCUMENT_SEARCH (self), -1);

  hit = plenum_document_search_get_current_hit (self);
  if (hit != NULL && page != NULL)
    *page = hit->page;
  return self->current;
}

GPtrArray *
plenum_document_search_get_hits (PlenumDocumentSearch *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_SEARCH (self), NULL);
  return self->hits;
}

guint
plenum_document_search_get_n_matches (PlenumDocumentSearch *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_SEARCH (self), 0);
  return self->n_matches;
}

gboolean
plenum_document_search_get_searching (PlenumDocumentSearch *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_SEARCH (self), FALSE);
  return self->cancellable != NULL;
}

const GError *
plenum_document_search_get_error (PlenumDocumentSearch *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_SEARCH (self), NULL);
  return self->error;
}

const char *
plenum_document_search_get_text (PlenumDocumentSearch *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_SEARCH (self), NULL);
  return self->text;
}

PlenumRenderDocument *
plenum_document_search_get_document (PlenumDocumentSearch *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_SEARCH (self), NULL);
  return self->document;
}

/* GObject */

PlenumDocumentSearch *
plenum_document_search_new (PlenumRenderClient   *client,
                            PlenumRenderDocument *document)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (client), NULL);
  g_return_val_if_fail (PLENUM_IS_RENDER_DOCUMENT (document), NULL);
  return g_object_new (PLENUM_TYPE_DOCUMENT_SEARCH, "client", client, "document", document,
                       NULL);
}

static void
plenum_document_search_dispose (GObject *object)
{
  PlenumDocumentSearch *self = PLENUM_DOCUMENT_SEARCH (object);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  g_clear_object (&self->document);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (plenum_document_search_parent_class)->dispose (object);
}

static void
plenum_document_search_finalize (GObject *object)
{
  PlenumDocumentSearch *self = PLENUM_DOCUMENT_SEARCH (object);

  g_clear_pointer (&self->hits, g_ptr_array_unref);
  g_clear_pointer (&self->text, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (plenum_document_search_parent_class)->finalize (object);
}

static void
plenum_document_search_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PlenumDocumentSearch *self = PLENUM_DOCUMENT_SEARCH (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_N_MATCHES:
      g_value_set_uint (value, self->n_matches);
      break;
    case PROP_SEARCHING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    case PROP_CURRENT:
      g_value_set_int (value, self->current);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_document_search_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  PlenumDocumentSearch *self = PLENUM_DOCUMENT_SEARCH (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_DOCUMENT:
      self->document = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_document_search_class_init (PlenumDocumentSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plenum_document_search_dispose;
  object_class->finalize = plenum_document_search_finalize;
  object_class->get_property = plenum_document_search_get_property;
  object_class->set_property = plenum_document_search_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, PLENUM_TYPE_RENDER_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, PLENUM_TYPE_RENDER_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_MATCHES] =
    g_param_spec_uint ("n-matches", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT] =
    g_param_spec_int ("current", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
plenum_document_search_init (PlenumDocumentSearch *self)
{
  self->current = -1;
  self->hits = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_render_hit_free);
}
