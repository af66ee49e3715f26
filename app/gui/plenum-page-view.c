/* plenum-page-view.c — one PDF page, rendered by the helper at exactly the size shown.
 * See plenum-page-view.h.
 *
 * The page is drawn from a texture the size of its device-pixel rectangle, so nothing
 * is scaled on screen once the render for the current size has arrived. While a new
 * size is being rendered, the previous texture is stretched into the new rectangle for
 * the few frames it takes. A small cache keeps the current page and its neighbours at
 * their current sizes; the neighbours are rendered ahead, one request at a time, after
 * the current page is on screen.
 *
 * No template: the widget draws everything itself.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-page-view"

#include <math.h>

#include "plenum-page-view.h"

/* The space around the page, in logical pixels. */
#define PAGE_MARGIN 12
/* Entries in the texture cache: the current page, the ones before and after, and one
 * spare for a page being replaced. */
#define CACHE_SIZE 4

typedef struct
{
  guint       page;
  int         width;
  int         height;
  GdkTexture *texture;
} CacheEntry;

typedef struct
{
  PlenumPageView *self;        /* not a reference: dispose cancels every request */
  GCancellable   *cancellable; /* this request's */
  guint           page;
  int             width;
  int             height;
  gboolean        prefetch;
} RenderRequest;

/* Everything here belongs to the main thread (GTK's); callbacks of the layers below
 * come on its main context. */
struct _PlenumPageView
{
  GtkWidget             parent_instance;

  PlenumRenderClient   *client;
  PlenumRenderDocument *document;
  guint                 page;

  /* What is on screen for the current page: a texture of texture_width × height
   * (possibly of an earlier size), or NULL. */
  GdkTexture           *texture;
  int                   texture_width;
  int                   texture_height;
  gboolean              ready;
  GError               *error;      /* the current page's render failed */

  /* The current page's size in device pixels, from the last allocation. */
  int                   target_width;
  int                   target_height;

  GArray               *cache;      /* CacheEntry, at most CACHE_SIZE */

  GCancellable         *render_cancellable;   /* the current page's request, or NULL */
  guint                 render_page;
  int                   render_width;
  int                   render_height;
  GCancellable         *prefetch_cancellable; /* a neighbour's request, or NULL */

  guint                 update_source;        /* a queued update(), or 0 */
};

G_DEFINE_FINAL_TYPE (PlenumPageView, plenum_page_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_PAGE,
  PROP_READY,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void queue_update (PlenumPageView *self);

static void
cache_entry_clear (CacheEntry *entry)
{
  g_clear_object (&entry->texture);
}

static void
render_request_free (RenderRequest *request)
{
  g_clear_object (&request->cancellable);
  g_free (request);
}

static guint
n_pages (PlenumPageView *self)
{
  return self->document != NULL ? plenum_render_document_get_n_pages (self->document) : 0;
}

/* The device-pixel size page @page takes when fitted into the widget. */
static gboolean
compute_target (PlenumPageView *self,
                guint           page,
                int            *width,
                int            *height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double avail_w = (double) (gtk_widget_get_width (GTK_WIDGET (self)) - 2 * PAGE_MARGIN) * scale;
  double avail_h = (double) (gtk_widget_get_height (GTK_WIDGET (self)) - 2 * PAGE_MARGIN) * scale;
  double page_w = 0, page_h = 0;
  double zoom;

  if (self->document == NULL || page >= n_pages (self) || avail_w < 1 || avail_h < 1)
    return FALSE;

  plenum_render_document_get_page_size (self->document, page, &page_w, &page_h);
  if (!(page_w > 0) || !(page_h > 0))
    return FALSE;

  zoom = MIN (avail_w / page_w, avail_h / page_h);
  *width = CLAMP ((int) floor (page_w * zoom + 0.5), 1, (int) avail_w);
  *height = CLAMP ((int) floor (page_h * zoom + 0.5), 1, (int) avail_h);
  return TRUE;
}

static void
page_rect (PlenumPageView  *self,
           int              width,
           int              height,
           graphene_rect_t *rect)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int widget_w = gtk_widget_get_width (GTK_WIDGET (self)) * scale;
  int widget_h = gtk_widget_get_height (GTK_WIDGET (self)) * scale;

  /* Centred on whole device pixels, so the texture lands 1:1 on the screen's pixels. */
  graphene_rect_init (rect,
                      (float) ((widget_w - width) / 2) / (float) scale,
                      (float) ((widget_h - height) / 2) / (float) scale,
                      (float) width / (float) scale,
                      (float) height / (float) scale);
}

static CacheEntry *
cache_find (PlenumPageView *self,
            guint           page,
            int             width,
            int             height)
{
  for (guint i = 0; i < self->cache->len; i++)
    {
      CacheEntry *entry = &g_array_index (self->cache, CacheEntry, i);

      if (entry->page == page && entry->width == width && entry->height == height)
        return entry;
    }
  return NULL;
}

/* Drops what is no longer near the current page, or of an old size. */
static void
cache_trim (PlenumPageView *self)
{
  for (guint i = self->cache->len; i > 0; i--)
    {
      CacheEntry *entry = &g_array_index (self->cache, CacheEntry, i - 1);
      int w = 0, h = 0;
      gboolean near = entry->page + 1 >= self->page && entry->page <= self->page + 1;

      if (!near || !compute_target (self, entry->page, &w, &h) ||
          w != entry->width || h != entry->height)
        g_array_remove_index (self->cache, i - 1);
    }
  while (self->cache->len > CACHE_SIZE)
    g_array_remove_index (self->cache, 0);
}

static void
cache_add (PlenumPageView *self,
           guint           page,
           int             width,
           int             height,
           GdkTexture     *texture)
{
  CacheEntry entry = { page, width, height, NULL };
  CacheEntry *existing = cache_find (self, page, width, height);

  if (existing != NULL)
    {
      g_set_object (&existing->texture, texture);
      return;
    }

  entry.texture = g_object_ref (texture);
  g_array_append_val (self->cache, entry);
  cache_trim (self);
}

static void
set_ready (PlenumPageView *self,
           gboolean        ready)
{
  if (self->ready == ready)
    return;
  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
set_error (PlenumPageView *self,
           const GError   *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
show_texture (PlenumPageView *self,
              GdkTexture     *texture,
              int             width,
              int             height)
{
  g_set_object (&self->texture, texture);
  self->texture_width = width;
  self->texture_height = height;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
cancel_render (PlenumPageView *self)
{
  if (self->render_cancellable != NULL)
    g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
}

static void
cancel_prefetch (PlenumPageView *self)
{
  if (self->prefetch_cancellable != NULL)
    g_cancellable_cancel (self->prefetch_cancellable);
  g_clear_object (&self->prefetch_cancellable);
}

static void start_prefetch (PlenumPageView *self);

static void
page_rendered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RenderRequest *request = user_data;
  PlenumPageView *self = request->self;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = plenum_render_client_render_page_finish (PLENUM_RENDER_CLIENT (source), result, &error);

  /* Cancelled: the view may be gone (dispose cancels everything); touch nothing. */
  if (g_cancellable_is_cancelled (request->cancellable))
    {
      render_request_free (request);
      return;
    }

  if (request->prefetch)
    {
      g_clear_object (&self->prefetch_cancellable);
      if (texture != NULL)
        {
          cache_add (self, request->page, request->width, request->height, texture);
          start_prefetch (self);
        }
      else
        g_debug ("prefetching page %u failed: %s", request->page, error->message);
      render_request_free (request);
      return;
    }

  g_clear_object (&self->render_cancellable);

  if (texture == NULL)
    {
      if (request->page == self->page)
        {
          g_debug ("page %u failed: %s", request->page, error->message);
          show_texture (self, NULL, 0, 0);
          set_error (self, error);
          set_ready (self, FALSE);
        }
      render_request_free (request);
      return;
    }

  cache_add (self, request->page, request->width, request->height, texture);
  render_request_free (request);

  /* The size or page may have moved on while it rendered: update() shows it if it
   * still fits and asks for what is missing otherwise. */
  queue_update (self);
}

static RenderRequest *
render_request_new (PlenumPageView *self,
                    guint           page,
                    int             width,
                    int             height,
                    gboolean        prefetch)
{
  RenderRequest *request = g_new0 (RenderRequest, 1);

  request->self = self;
  request->cancellable = g_cancellable_new ();
  request->page = page;
  request->width = width;
  request->height = height;
  request->prefetch = prefetch;
  return request;
}

static void
start_prefetch (PlenumPageView *self)
{
  /* Next page first: reading goes forwards. */
  const guint candidates[] = { self->page + 1, self->page - 1 };

  if (self->prefetch_cancellable != NULL || self->document == NULL || !self->ready)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      guint page = candidates[i];
      RenderRequest *request;
      int w, h;

      /* page - 1 wraps around at page 0, past n_pages. */
      if (page >= n_pages (self) || !plenum_render_document_get_page_ok (self->document, page))
        continue;
      if (!compute_target (self, page, &w, &h) || cache_find (self, page, w, h) != NULL)
        continue;

      request = render_request_new (self, page, w, h, TRUE);
      self->prefetch_cancellable = g_object_ref (request->cancellable);
      plenum_render_client_render_page_async (self->client, self->document, page, w, h,
                                              request->cancellable, page_rendered_cb, request);
      return;
    }
}

static void
update (PlenumPageView *self)
{
  CacheEntry *cached;
  RenderRequest *request;
  int w, h;

  if (self->document == NULL || self->error != NULL)
    return;

  if (!compute_target (self, self->page, &w, &h))
    return;

  self->target_width = w;
  self->target_height = h;
  cache_trim (self);

  if (self->texture != NULL && self->texture_width == w && self->texture_height == h)
    {
      set_ready (self, TRUE);
      start_prefetch (self);
      return;
    }

  cached = cache_find (self, self->page, w, h);
  if (cached != NULL)
    {
      show_texture (self, cached->texture, w, h);
      set_ready (self, TRUE);
      start_prefetch (self);
      return;
    }

  set_ready (self, FALSE);

  if (self->render_cancellable != NULL &&
      self->render_page == self->page && self->render_width == w && self->render_height == h)
    return;

  cancel_render (self);
  /* The neighbours can wait for the page the reader is looking at. */
  cancel_prefetch (self);

  if (!plenum_render_document_get_page_ok (self->document, self->page))
    {
      g_autoptr(GError) error = g_error_new (PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PAGE_FAILED,
                                             "page %u could not be loaded", self->page + 1);
      show_texture (self, NULL, 0, 0);
      set_error (self, error);
      return;
    }

  request = render_request_new (self, self->page, w, h, FALSE);
  self->render_cancellable = g_object_ref (request->cancellable);
  self->render_page = self->page;
  self->render_width = w;
  self->render_height = h;
  plenum_render_client_render_page_async (self->client, self->document, self->page, w, h,
                                          request->cancellable, page_rendered_cb, request);
}

static gboolean
update_idle_cb (gpointer user_data)
{
  PlenumPageView *self = user_data;

  self->update_source = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

static void
queue_update (PlenumPageView *self)
{
  /* Coalesces the allocations of a resize, and keeps requests out of size_allocate. */
  if (self->update_source == 0)
    self->update_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, update_idle_cb, self, NULL);
}

static void
plenum_page_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  PlenumPageView *self = PLENUM_PAGE_VIEW (widget);
  int w, h;

  if (compute_target (self, self->page, &w, &h) &&
      (w != self->target_width || h != self->target_height))
    {
      self->target_width = w;
      self->target_height = h;
      set_ready (self, self->texture != NULL && self->texture_width == w && self->texture_height == h);
      queue_update (self);
    }
}

static void
plenum_page_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = 2 * PAGE_MARGIN + 48;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 600 : 800;
}

static void
plenum_page_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  PlenumPageView *self = PLENUM_PAGE_VIEW (widget);
  static const GdkRGBA white = { 1, 1, 1, 1 };
  static const GdkRGBA shadow = { 0, 0, 0, 0.3f };
  graphene_rect_t rect;
  GskRoundedRect outline;

  if (!plenum_page_view_get_page_rect (self, &rect))
    return;

  gsk_rounded_rect_init_from_rect (&outline, &rect, 0);
  gtk_snapshot_append_outset_shadow (snapshot, &outline, &shadow, 0, 1, 0, 6);

  if (self->texture != NULL)
    gtk_snapshot_append_texture (snapshot, self->texture, &rect);
  else
    gtk_snapshot_append_color (snapshot, &white, &rect);
}

static void
scale_factor_changed_cb (PlenumPageView *self)
{
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  queue_update (self);
}

static void
plenum_page_view_dispose (GObject *object)
{
  PlenumPageView *self = PLENUM_PAGE_VIEW (object);

  cancel_render (self);
  cancel_prefetch (self);
  g_clear_handle_id (&self->update_source, g_source_remove);
  g_clear_object (&self->texture);
  if (self->cache != NULL)
    g_array_set_size (self->cache, 0);
  g_clear_object (&self->document);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (plenum_page_view_parent_class)->dispose (object);
}

static void
plenum_page_view_finalize (GObject *object)
{
  PlenumPageView *self = PLENUM_PAGE_VIEW (object);

  g_clear_pointer (&self->cache, g_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (plenum_page_view_parent_class)->finalize (object);
}

static void
plenum_page_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlenumPageView *self = PLENUM_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;

    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_page_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PlenumPageView *self = PLENUM_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      plenum_page_view_set_document (self, g_value_get_object (value));
      break;

    case PROP_PAGE:
      plenum_page_view_set_page (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_page_view_class_init (PlenumPageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_page_view_dispose;
  object_class->finalize = plenum_page_view_finalize;
  object_class->get_property = plenum_page_view_get_property;
  object_class->set_property = plenum_page_view_set_property;

  widget_class->measure = plenum_page_view_measure;
  widget_class->size_allocate = plenum_page_view_size_allocate;
  widget_class->snapshot = plenum_page_view_snapshot;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         PLENUM_TYPE_RENDER_DOCUMENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "plenumpageview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
plenum_page_view_init (PlenumPageView *self)
{
  self->cache = g_array_new (FALSE, TRUE, sizeof (CacheEntry));
  g_array_set_clear_func (self->cache, (GDestroyNotify) cache_entry_clear);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (scale_factor_changed_cb), NULL);
}

GtkWidget *
plenum_page_view_new (PlenumRenderClient *client)
{
  PlenumPageView *self;

  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (client), NULL);

  self = g_object_new (PLENUM_TYPE_PAGE_VIEW, NULL);
  self->client = g_object_ref (client);
  return GTK_WIDGET (self);
}

PlenumRenderClient *
plenum_page_view_get_client (PlenumPageView *self)
{
  g_return_val_if_fail (PLENUM_IS_PAGE_VIEW (self), NULL);

  return self->client;
}

PlenumRenderDocument *
plenum_page_view_get_document (PlenumPageView *self)
{
  g_return_val_if_fail (PLENUM_IS_PAGE_VIEW (self), NULL);

  return self->document;
}

void
plenum_page_view_set_document (PlenumPageView       *self,
                               PlenumRenderDocument *document)
{
  g_return_if_fail (PLENUM_IS_PAGE_VIEW (self));
  g_return_if_fail (document == NULL || PLENUM_IS_RENDER_DOCUMENT (document));

  if (self->document == document)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  cancel_render (self);
  cancel_prefetch (self);
  g_array_set_size (self->cache, 0);
  show_texture (self, NULL, 0, 0);
  set_error (self, NULL);
  set_ready (self, FALSE);
  self->target_width = self->target_height = 0;

  g_set_object (&self->document, document);
  if (self->page != 0)
    {
      self->page = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  document != NULL ? plenum_render_document_get_path (document) : "",
                                  -1);
  queue_update (self);

  g_object_thaw_notify (G_OBJECT (self));
}

guint
plenum_page_view_get_page (PlenumPageView *self)
{
  g_return_val_if_fail (PLENUM_IS_PAGE_VIEW (self), 0);

  return self->page;
}

void
plenum_page_view_set_page (PlenumPageView *self,
                           guint           page)
{
  CacheEntry *cached;
  int w, h;

  g_return_if_fail (PLENUM_IS_PAGE_VIEW (self));

  if (self->document == NULL)
    return;

  page = MIN (page, n_pages (self) - 1);
  if (self->page == page)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  /* The page being left stays cached: turning back is instant too. */
  if (self->texture != NULL && self->texture_width == self->target_width &&
      self->texture_height == self->target_height)
    cache_add (self, self->page, self->texture_width, self->texture_height, self->texture);

  self->page = page;
  set_error (self, NULL);
  show_texture (self, NULL, 0, 0);
  set_ready (self, FALSE);

  /* A prefetched page goes on screen now, in this frame. */
  if (compute_target (self, page, &w, &h))
    {
      self->target_width = w;
      self->target_height = h;
      cached = cache_find (self, page, w, h);
      if (cached != NULL)
        {
          show_texture (self, cached->texture, w, h);
          set_ready (self, TRUE);
        }
    }
  cache_trim (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  queue_update (self);

  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
plenum_page_view_get_ready (PlenumPageView *self)
{
  g_return_val_if_fail (PLENUM_IS_PAGE_VIEW (self), FALSE);

  return self->ready;
}

const GError *
plenum_page_view_get_error (PlenumPageView *self)
{
  g_return_val_if_fail (PLENUM_IS_PAGE_VIEW (self), NULL);

  return self->error;
}

GdkTexture *
plenum_page_view_get_texture (PlenumPageView *self)
{
  g_return_val_if_fail (PLENUM_IS_PAGE_VIEW (self), NULL);

  return self->texture;
}

gboolean
plenum_page_view_get_page_rect (PlenumPageView  *self,
                                graphene_rect_t *rect)
{
  int w, h;

  g_return_val_if_fail (PLENUM_IS_PAGE_VIEW (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (!compute_target (self, self->page, &w, &h))
    return FALSE;

  page_rect (self, w, h, rect);
  return TRUE;
}

gboolean
plenum_page_view_get_target_size (PlenumPageView *self,
                                  int            *width,
                                  int            *height)
{
  g_return_val_if_fail (PLENUM_IS_PAGE_VIEW (self), FALSE);

  return compute_target (self, self->page, width, height);
}

void
plenum_page_view_retry (PlenumPageView *self)
{
  g_return_if_fail (PLENUM_IS_PAGE_VIEW (self));

  cancel_render (self);
  set_error (self, NULL);
  queue_update (self);
}
