/* plenum-texture-cache.c — rendered pages kept for reuse within a byte budget (see
 * plenum-texture-cache.h).
 *
 * Entries live in a hash table (for lookups) and in one LRU list, oldest at the head.
 * Documents are opaque keys: the cache holds no reference to them (that would keep them
 * open in the helper) but a weak reference on each, through which their entries and pin
 * go when a document is finalized.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-texture-cache"

#include "pdf/plenum-texture-cache.h"

typedef struct {
  gpointer doc;      /* PlenumRenderDocument *, a key only: never dereferenced */
  guint    page;
  int      width;
  int      height;
} Key;

typedef struct {
  Key         key;     /* first: the hash table's key points here */
  GdkTexture *texture; /* owned */
  guint64     bytes;
  GList       link;    /* in self->lru */
} Entry;

/* What the cache knows of one document it holds a weak reference on. */
typedef struct {
  gboolean pinned;
  guint    first;
  guint    last;
} DocInfo;

struct _PlenumTextureCache
{
  GObject     parent_instance;

  guint64     budget;
  guint64     size;
  GHashTable *entries; /* Key * (inside the Entry) → Entry *, owns the entries */
  GQueue      lru;     /* Entry links, least recently used at the head */
  GHashTable *docs;    /* PlenumRenderDocument * (weakly referenced) → DocInfo * */
};

G_DEFINE_FINAL_TYPE (PlenumTextureCache, plenum_texture_cache, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUDGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
key_hash (gconstpointer data)
{
  const Key *key = data;
  guint hash = g_direct_hash (key->doc);

  hash = hash * 31 + key->page;
  hash = hash * 31 + (guint) key->width;
  hash = hash * 31 + (guint) key->height;
  return hash;
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  const Key *ka = a;
  const Key *kb = b;

  return ka->doc == kb->doc && ka->page == kb->page && ka->width == kb->width
         && ka->height == kb->height;
}

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->texture);
  g_free (entry);
}

static gboolean
entry_is_pinned (PlenumTextureCache *self,
                 Entry              *entry)
{
  DocInfo *info = g_hash_table_lookup (self->docs, entry->key.doc);

  return info != NULL && info->pinned && entry->key.page >= info->first
         && entry->key.page <= info->last;
}

static void
remove_entry (PlenumTextureCache *self,
              Entry              *entry)
{
  g_queue_unlink (&self->lru, &entry->link);
  g_assert (self->size >= entry->bytes);
  self->size -= entry->bytes;
  /* Frees the entry (the table's value destructor). */
  g_hash_table_remove (self->entries, &entry->key);
}

static void
touch_entry (PlenumTextureCache *self,
             Entry              *entry)
{
  g_queue_unlink (&self->lru, &entry->link);
  g_queue_push_tail_link (&self->lru, &entry->link);
}

/* The entry to evict: the least recently used one not pinned, else the least recently
 * used pinned one; never @keep. NULL when @keep is all there is. */
static Entry *
pick_victim (PlenumTextureCache *self,
             Entry              *keep)
{
  Entry *pinned = NULL;

  for (GList *l = self->lru.head; l != NULL; l = l->next)
    {
      Entry *entry = l->data;

      if (entry == keep)
        continue;
      if (!entry_is_pinned (self, entry))
        return entry;
      if (pinned == NULL)
        pinned = entry;
    }
  return pinned;
}

/* Evicts until the budget is met or only @keep (or one entry) is left. */
static void
evict (PlenumTextureCache *self,
       Entry              *keep)
{
  while (self->size > self->budget && g_hash_table_size (self->entries) > 1)
    {
      Entry *victim = pick_victim (self, keep);

      if (victim == NULL)
        break;
      remove_entry (self, victim);
    }
}

static void
remove_document_entries (PlenumTextureCache *self,
                         gpointer            doc)
{
  GList *l = self->lru.head;

  while (l != NULL)
    {
      Entry *entry = l->data;

      l = l->next;
      if (doc == NULL || entry->key.doc == doc)
        remove_entry (self, entry);
    }
}

static void
document_finalized_cb (gpointer  user_data,
                       GObject  *where_the_object_was)
{
  PlenumTextureCache *self = user_data;

  remove_document_entries (self, where_the_object_was);
  g_hash_table_remove (self->docs, where_the_object_was);
}

/* The document's info, made (with a weak reference on it) when first needed. */
static DocInfo *
doc_info (PlenumTextureCache   *self,
          PlenumRenderDocument *doc)
{
  DocInfo *info = g_hash_table_lookup (self->docs, doc);

  if (info == NULL)
    {
      info = g_new0 (DocInfo, 1);
      g_hash_table_insert (self->docs, doc, info);
      g_object_weak_ref (G_OBJECT (doc), document_finalized_cb, self);
    }
  return info;
}

static void
plenum_texture_cache_dispose (GObject *object)
{
  PlenumTextureCache *self = PLENUM_TEXTURE_CACHE (object);
  GHashTableIter iter;
  gpointer doc;

  remove_document_entries (self, NULL);

  g_hash_table_iter_init (&iter, self->docs);
  while (g_hash_table_iter_next (&iter, &doc, NULL))
    {
      g_object_weak_unref (doc, document_finalized_cb, self);
      g_hash_table_iter_remove (&iter);
    }

  G_OBJECT_CLASS (plenum_texture_cache_parent_class)->dispose (object);
}

static void
plenum_texture_cache_finalize (GObject *object)
{
  PlenumTextureCache *self = PLENUM_TEXTURE_CACHE (object);

  g_assert (g_queue_is_empty (&self->lru));
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->docs, g_hash_table_unref);

  G_OBJECT_CLASS (plenum_texture_cache_parent_class)->finalize (object);
}

static void
plenum_texture_cache_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PlenumTextureCache *self = PLENUM_TEXTURE_CACHE (object);

  switch (prop_id)
    {
    case PROP_BUDGET:
      g_value_set_uint64 (value, self->budget);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_texture_cache_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PlenumTextureCache *self = PLENUM_TEXTURE_CACHE (object);

  switch (prop_id)
    {
    case PROP_BUDGET:
      plenum_texture_cache_set_budget (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_texture_cache_class_init (PlenumTextureCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plenum_texture_cache_dispose;
  object_class->finalize = plenum_texture_cache_finalize;
  object_class->get_property = plenum_texture_cache_get_property;
  object_class->set_property = plenum_texture_cache_set_property;

  properties[PROP_BUDGET] =
    g_param_spec_uint64 ("budget", NULL, NULL, 0, G_MAXUINT64,
                         PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY
                           | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plenum_texture_cache_init (PlenumTextureCache *self)
{
  self->entries = g_hash_table_new_full (key_hash, key_equal, NULL, (GDestroyNotify) entry_free);
  self->docs = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_queue_init (&self->lru);
}

PlenumTextureCache *
plenum_texture_cache_new (guint64 budget_bytes)
{
  return g_object_new (PLENUM_TYPE_TEXTURE_CACHE, "budget", budget_bytes, NULL);
}

guint64
plenum_texture_cache_get_budget (PlenumTextureCache *self)
{
  g_return_val_if_fail (PLENUM_IS_TEXTURE_CACHE (self), 0);

  return self->budget;
}

void
plenum_texture_cache_set_budget (PlenumTextureCache *self,
                                 guint64             budget_bytes)
{
  g_return_if_fail (PLENUM_IS_TEXTURE_CACHE (self));

  if (self->budget == budget_bytes)
    return;

  self->budget = budget_bytes;
  evict (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUDGET]);
}

guint64
plenum_texture_cache_get_size (PlenumTextureCache *self)
{
  g_return_val_if_fail (PLENUM_IS_TEXTURE_CACHE (self), 0);

  return self->size;
}

void
plenum_texture_cache_add (PlenumTextureCache   *self,
                          PlenumRenderDocument *doc,
                          guint                 page,
                          GdkTexture           *texture)
{
  Entry *entry;
  Entry *old;

  g_return_if_fail (PLENUM_IS_TEXTURE_CACHE (self));
  g_return_if_fail (PLENUM_IS_RENDER_DOCUMENT (doc));
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  /* cppcheck-suppress leakReturnValNotUsed
   * Called for its weak reference on @doc; the info it returns belongs to self->docs. */
  doc_info (self, doc);

  entry = g_new0 (Entry, 1);
  entry->key.doc = doc;
  entry->key.page = page;
  entry->key.width = gdk_texture_get_width (texture);
  entry->key.height = gdk_texture_get_height (texture);
  entry->texture = g_object_ref (texture);
  entry->bytes = (guint64) entry->key.width * (guint64) entry->key.height * 4;
  entry->link.data = entry;

  old = g_hash_table_lookup (self->entries, &entry->key);
  if (old != NULL)
    remove_entry (self, old);

  g_hash_table_insert (self->entries, &entry->key, entry);
  g_queue_push_tail_link (&self->lru, &entry->link);
  self->size += entry->bytes;

  /* The newest texture is what someone is about to show: others make room for it. */
  evict (self, entry);
}

GdkTexture *
plenum_texture_cache_lookup (PlenumTextureCache   *self,
                             PlenumRenderDocument *doc,
                             guint                 page,
                             int                   width,
                             int                   height)
{
  Key key = { doc, page, width, height };
  Entry *entry;

  g_return_val_if_fail (PLENUM_IS_TEXTURE_CACHE (self), NULL);
  g_return_val_if_fail (PLENUM_IS_RENDER_DOCUMENT (doc), NULL);

  entry = g_hash_table_lookup (self->entries, &key);
  if (entry == NULL)
    return NULL;

  touch_entry (self, entry);
  return entry->texture;
}

GdkTexture *
plenum_texture_cache_lookup_any (PlenumTextureCache   *self,
                                 PlenumRenderDocument *doc,
                                 guint                 page,
                                 int                   width)
{
  Entry *best = NULL;
  gint64 best_distance = G_MAXINT64;

  g_return_val_if_fail (PLENUM_IS_TEXTURE_CACHE (self), NULL);
  g_return_val_if_fail (PLENUM_IS_RENDER_DOCUMENT (doc), NULL);

  for (GList *l = self->lru.head; l != NULL; l = l->next)
    {
      Entry *entry = l->data;
      gint64 distance;

      if (entry->key.doc != (gpointer) doc || entry->key.page != page)
        continue;

      distance = ABS ((gint64) entry->key.width - (gint64) width);
      /* On a tie, the larger one: scaled down it looks sharper. (The first match
       * always wins, two ints being less than G_MAXINT64 apart; best == NULL says so
       * for clang's analyzer, which saw a tie with no best.) */
      if (best == NULL || distance < best_distance
          || (distance == best_distance && entry->key.width > best->key.width))
        {
          best = entry;
          best_distance = distance;
        }
    }

  if (best == NULL)
    return NULL;

  touch_entry (self, best);
  return best->texture;
}

void
plenum_texture_cache_pin_range (PlenumTextureCache   *self,
                                PlenumRenderDocument *doc,
                                guint                 first,
                                guint                 last)
{
  DocInfo *info;

  g_return_if_fail (PLENUM_IS_TEXTURE_CACHE (self));
  g_return_if_fail (PLENUM_IS_RENDER_DOCUMENT (doc));

  info = doc_info (self, doc);
  info->pinned = first <= last;
  info->first = first;
  info->last = last;
}

void
plenum_texture_cache_clear (PlenumTextureCache   *self,
                            PlenumRenderDocument *doc)
{
  g_return_if_fail (PLENUM_IS_TEXTURE_CACHE (self));
  g_return_if_fail (doc == NULL || PLENUM_IS_RENDER_DOCUMENT (doc));

  remove_document_entries (self, doc);
}
