/* plenum-thumbnail-strip.c — see plenum-thumbnail-strip.h.
 *
 * The model is a GtkStringList of page numbers ("1", "2", …) under a GtkSingleSelection
 * that mirrors "page"; an item's page is its position. Each item is a vertical GtkBox
 * (class "plenum-thumbnail") holding a PlenumThumbnailPage — a small private widget
 * that draws a white page with a thin frame and the thumbnail texture over it — a
 * label with the page number, and a "Changed" badge shown on the marked pages. The bound pages are kept in a table (page → page widget)
 * so "page-ready" finds its item at once.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-thumbnail-strip"

#include <glib/gi18n.h>
#include <math.h>

#include "plenum-pdf-view.h"
#include "plenum-thumbnail-strip.h"

/* Touch targets: an item is at least this wide (a very tall, narrow page). */
#define MIN_ITEM_WIDTH 48
/* A very wide page is not drawn wider than this (logical pixels). */
#define MAX_THUMB_WIDTH 360

/* ---- One page's image ---- */

#define PLENUM_TYPE_THUMBNAIL_PAGE (plenum_thumbnail_page_get_type ())
G_DECLARE_FINAL_TYPE (PlenumThumbnailPage, plenum_thumbnail_page, PLENUM, THUMBNAIL_PAGE,
                      GtkWidget)

struct _PlenumThumbnailPage
{
  GtkWidget   parent_instance;

  guint       page;     /* the bound page, or G_MAXUINT */
  int         width;    /* logical size */
  int         height;
  GdkTexture *texture;  /* the thumbnail or a stand-in (another size), or NULL */
  gboolean    sharp;    /* @texture is at the exact size */
  gboolean    requested; /* asked of the queue since it came on screen */
};

G_DEFINE_FINAL_TYPE (PlenumThumbnailPage, plenum_thumbnail_page, GTK_TYPE_WIDGET)

static void
plenum_thumbnail_page_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  PlenumThumbnailPage *self = PLENUM_THUMBNAIL_PAGE (widget);

  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? self->width : self->height;
}

static void
plenum_thumbnail_page_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  PlenumThumbnailPage *self = PLENUM_THUMBNAIL_PAGE (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  graphene_rect_t page = GRAPHENE_RECT_INIT ((w - self->width) / 2.0, (h - self->height) / 2.0,
                                             self->width, self->height);
  GskRoundedRect frame;
  const GdkRGBA white = { 1, 1, 1, 1 };
  const GdkRGBA edge = { 0, 0, 0, 0.25 };
  const float widths[4] = { 1, 1, 1, 1 };
  const GdkRGBA edges[4] = { edge, edge, edge, edge };

  gtk_snapshot_append_color (snapshot, &white, &page);
  if (self->texture != NULL)
    plenum_snapshot_append_page_texture (snapshot, widget, self->texture, &page);
  gsk_rounded_rect_init_from_rect (&frame, &page, 0);
  gtk_snapshot_append_border (snapshot, &frame, widths, edges);
}

static void
plenum_thumbnail_page_dispose (GObject *object)
{
  PlenumThumbnailPage *self = PLENUM_THUMBNAIL_PAGE (object);

  g_clear_object (&self->texture);
  G_OBJECT_CLASS (plenum_thumbnail_page_parent_class)->dispose (object);
}

static void
plenum_thumbnail_page_class_init (PlenumThumbnailPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = plenum_thumbnail_page_dispose;
  widget_class->measure = plenum_thumbnail_page_measure;
  widget_class->snapshot = plenum_thumbnail_page_snapshot;
  gtk_widget_class_set_css_name (widget_class, "plenum-thumbnail-page");
  /* A picture of a page, named "Page 3" when bound (bind_item_cb). */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
plenum_thumbnail_page_init (PlenumThumbnailPage *self)
{
  self->page = G_MAXUINT;
  gtk_widget_add_css_class (GTK_WIDGET (self), "plenum-thumbnail-page");
}

static void
plenum_thumbnail_page_set_texture (PlenumThumbnailPage *self,
                                   GdkTexture          *texture,
                                   gboolean             sharp)
{
  g_set_object (&self->texture, texture);
  self->sharp = texture != NULL && sharp;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- The strip ---- */

struct _PlenumThumbnailStrip
{
  GtkWidget             parent_instance;

  PlenumRenderQueue    *queue;
  PlenumTextureCache   *cache;
  PlenumRenderDocument *document;
  guint                 page;

  GtkStringList        *pages;      /* "1" … "n" */
  GtkSingleSelection   *selection;
  GtkWidget            *scrolled;
  GtkListView          *list_view;
  GHashTable           *bound;      /* page → PlenumThumbnailPage (not owned: the list
                                     * view's; removed on unbind) */

  /* GtkListView binds many more items than it shows (up to 200 in GTK 4.8): only the
   * items on screen ask for their thumbnails, checked after each layout of the frame. */
  GdkFrameClock        *frame_clock;
  gulong                layout_id;
  guint                 retained_first; /* the range last given to retain() */
  guint                 retained_last;

  GHashTable           *marked;     /* pages (GUINT_TO_POINTER) with the badge */
};

G_DEFINE_FINAL_TYPE (PlenumThumbnailStrip, plenum_thumbnail_strip, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_QUEUE,
  PROP_DOCUMENT,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PAGE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The logical size a page is drawn at. */
static void
logical_size (PlenumThumbnailStrip *self,
              guint                 page,
              int                  *width,
              int                  *height)
{
  double pw, ph;

  plenum_render_document_get_page_size (self->document, page, &pw, &ph);
  *height = PLENUM_THUMBNAIL_STRIP_HEIGHT;
  *width = CLAMP ((int) round (PLENUM_THUMBNAIL_STRIP_HEIGHT * pw / ph), 1, MAX_THUMB_WIDTH);
}

static void
device_size (PlenumThumbnailStrip *self,
             guint                 page,
             int                  *width,
             int                  *height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  logical_size (self, page, width, height);
  *width *= scale;
  *height *= scale;
}

/* Asks for the thumbnail of @thumb's page (bound, on screen), unless the cache has it. */
static void
request_thumbnail (PlenumThumbnailStrip *self,
                   PlenumThumbnailPage  *thumb)
{
  GdkTexture *texture;
  int width, height;

  thumb->requested = TRUE;
  device_size (self, thumb->page, &width, &height);
  texture = plenum_texture_cache_lookup (self->cache, self->document, thumb->page, width, height);
  if (texture != NULL)
    plenum_thumbnail_page_set_texture (thumb, texture, TRUE);
  else
    plenum_render_queue_request (self->queue, self->document, thumb->page, width, height,
                                 PLENUM_RENDER_PRIORITY_THUMBNAIL);
}

/* After each layout: the items on screen ask for their thumbnails, and only their pages
 * stay wanted in the queue (a fast fling renders where it stops). */
static void
frame_laid_out_cb (GdkFrameClock        *frame_clock,
                   PlenumThumbnailStrip *self)
{
  GHashTableIter iter;
  gpointer key, value;
  guint first = G_MAXUINT, last = 0;
  int width = gtk_widget_get_width (self->scrolled);

  if (self->document == NULL)
    return;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      PlenumThumbnailPage *thumb = value;
      graphene_rect_t bounds;
      gboolean on_screen;

      on_screen = gtk_widget_get_mapped (GTK_WIDGET (thumb)) &&
                  gtk_widget_compute_bounds (GTK_WIDGET (thumb), self->scrolled, &bounds) &&
                  bounds.origin.x + bounds.size.width > 0 && bounds.origin.x < width;
      if (!on_screen)
        {
          /* Its job is dropped below: ask again when it comes back. */
          if (!thumb->sharp)
            thumb->requested = FALSE;
          continue;
        }
      first = MIN (first, GPOINTER_TO_UINT (key));
      last = MAX (last, GPOINTER_TO_UINT (key));
      if (!thumb->requested && !thumb->sharp)
        request_thumbnail (self, thumb);
    }

  if (first == G_MAXUINT)
    return;  /* not laid out yet: keep what was wanted */
  if (first != self->retained_first || last != self->retained_last)
    {
      self->retained_first = first;
      self->retained_last = last;
      plenum_render_queue_retain (self->queue, self->document, first, last);
    }
}

static void
update_current (PlenumThumbnailStrip *self,
                guint                 page,
                gboolean              current)
{
  GtkWidget *thumb = g_hash_table_lookup (self->bound, GUINT_TO_POINTER (page));

  if (thumb == NULL)
    return;
  if (current)
    gtk_widget_add_css_class (gtk_widget_get_parent (thumb), "current");
  else
    gtk_widget_remove_css_class (gtk_widget_get_parent (thumb), "current");
  gtk_accessible_update_state (GTK_ACCESSIBLE (gtk_widget_get_parent (thumb)),
                               GTK_ACCESSIBLE_STATE_SELECTED, current,
                               -1);
}

static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               PlenumThumbnailStrip     *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *thumb = g_object_new (PLENUM_TYPE_THUMBNAIL_PAGE, NULL);
  /* The number under the picture is for the eye; the picture's name says it to a
   * screen reader ("Page 3"), once. */
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                   NULL);
  GtkWidget *badge;

  gtk_widget_add_css_class (box, "plenum-thumbnail");
  gtk_widget_set_size_request (box, MIN_ITEM_WIDTH, -1);
  gtk_widget_set_margin_start (box, 4);
  gtk_widget_set_margin_end (box, 4);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_halign (thumb, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), thumb);
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), label);
  /* Translators: a badge under a page thumbnail: this page differs from the earlier
   * version of the document. */
  badge = gtk_label_new (_("Changed"));
  gtk_widget_add_css_class (badge, "plenum-thumbnail-badge");
  gtk_widget_add_css_class (badge, "caption");
  gtk_widget_add_css_class (badge, "accent");
  gtk_widget_set_visible (badge, FALSE);
  gtk_box_append (GTK_BOX (box), badge);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              PlenumThumbnailStrip     *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  PlenumThumbnailPage *thumb = PLENUM_THUMBNAIL_PAGE (gtk_widget_get_first_child (box));
  GtkWidget *label = gtk_widget_get_next_sibling (GTK_WIDGET (thumb));
  GtkStringObject *number = gtk_list_item_get_item (list_item);
  guint page = gtk_list_item_get_position (list_item);
  g_autofree char *name = NULL;
  GdkTexture *texture;
  int width, height;

  g_assert (self->document != NULL);
  g_assert (page < plenum_render_document_get_n_pages (self->document));

  gtk_label_set_text (GTK_LABEL (label), gtk_string_object_get_string (number));
  gtk_widget_set_visible (gtk_widget_get_next_sibling (label),
                          g_hash_table_contains (self->marked, GUINT_TO_POINTER (page)));
  logical_size (self, page, &thumb->width, &thumb->height);
  gtk_widget_queue_resize (GTK_WIDGET (thumb));
  thumb->page = page;
  thumb->requested = FALSE;
  g_hash_table_insert (self->bound, GUINT_TO_POINTER (page), thumb);

  if (page == self->page)
    gtk_widget_add_css_class (box, "current");
  else
    gtk_widget_remove_css_class (box, "current");
  gtk_accessible_update_state (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_STATE_SELECTED,
                               page == self->page, -1);
  name = g_strdup_printf (_("Page %u"), page + 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (thumb), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  name, -1);

  /* The exact size if cached, else any size there is (the page view's, scaled down), or
   * white; the render is asked for once the item is on screen (frame_laid_out_cb). */
  device_size (self, page, &width, &height);
  texture = plenum_texture_cache_lookup (self->cache, self->document, page, width, height);
  if (texture != NULL)
    plenum_thumbnail_page_set_texture (thumb, texture, TRUE);
  else
    plenum_thumbnail_page_set_texture (thumb,
                                       plenum_texture_cache_lookup_any (self->cache, self->document,
                                                                        page, width),
                                       FALSE);
}

static void
unbind_item_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                PlenumThumbnailStrip     *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  PlenumThumbnailPage *thumb = PLENUM_THUMBNAIL_PAGE (gtk_widget_get_first_child (box));

  if (thumb->page != G_MAXUINT &&
      g_hash_table_lookup (self->bound, GUINT_TO_POINTER (thumb->page)) == thumb)
    g_hash_table_remove (self->bound, GUINT_TO_POINTER (thumb->page));
  thumb->page = G_MAXUINT;
  thumb->requested = FALSE;
  plenum_thumbnail_page_set_texture (thumb, NULL, FALSE);
}

static void
page_ready_cb (PlenumRenderQueue    *queue,
               PlenumRenderDocument *doc,
               guint                 page,
               GdkTexture           *texture,
               PlenumThumbnailStrip *self)
{
  PlenumThumbnailPage *thumb;
  int width, height;

  if (doc != self->document)
    return;
  thumb = g_hash_table_lookup (self->bound, GUINT_TO_POINTER (page));
  if (thumb == NULL)
    return;

  device_size (self, page, &width, &height);
  if (gdk_texture_get_width (texture) == width && gdk_texture_get_height (texture) == height)
    plenum_thumbnail_page_set_texture (thumb, texture, TRUE);
}

/* Sizes measured after the document was opened: the bound items of those pages take
 * their new size (the list view keeps its place), show what the cache has at it, and ask
 * again once on screen. */
static void
page_sizes_changed_cb (PlenumRenderDocument *doc,
                       guint                 first,
                       guint                 count,
                       PlenumThumbnailStrip *self)
{
  GHashTableIter iter;
  gpointer key, value;

  if (doc != self->document)
    return;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      PlenumThumbnailPage *thumb = value;
      guint page = GPOINTER_TO_UINT (key);
      GdkTexture *texture;
      int width, height;

      if (page < first || page - first >= count)
        continue;
      logical_size (self, page, &width, &height);
      if (width == thumb->width && height == thumb->height)
        continue;
      thumb->width = width;
      thumb->height = height;
      gtk_widget_queue_resize (GTK_WIDGET (thumb));
      thumb->requested = FALSE;
      device_size (self, page, &width, &height);
      texture = plenum_texture_cache_lookup (self->cache, self->document, page, width, height);
      if (texture != NULL)
        plenum_thumbnail_page_set_texture (thumb, texture, TRUE);
      else
        plenum_thumbnail_page_set_texture (thumb,
                                           plenum_texture_cache_lookup_any (self->cache,
                                                                            self->document,
                                                                            page, width),
                                           FALSE);
    }
}

static void
activate_page (PlenumThumbnailStrip *self,
               guint                 page)
{
  g_signal_emit (self, signals[PAGE_ACTIVATED], 0, page);
  /* A tap selects the item too; the selection shows "page", which the reader sets (or
   * not) in answer to the signal. */
  gtk_single_selection_set_selected (self->selection, self->document != NULL
                                     ? self->page : GTK_INVALID_LIST_POSITION);
}

static void
item_activated_cb (GtkListView          *list_view,
                   guint                 position,
                   PlenumThumbnailStrip *self)
{
  activate_page (self, position);
}

static void
plenum_thumbnail_strip_realize (GtkWidget *widget)
{
  PlenumThumbnailStrip *self = PLENUM_THUMBNAIL_STRIP (widget);

  GTK_WIDGET_CLASS (plenum_thumbnail_strip_parent_class)->realize (widget);

  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->layout_id = g_signal_connect_after (self->frame_clock, "layout",
                                            G_CALLBACK (frame_laid_out_cb), self);
}

static void
plenum_thumbnail_strip_unrealize (GtkWidget *widget)
{
  PlenumThumbnailStrip *self = PLENUM_THUMBNAIL_STRIP (widget);

  g_clear_signal_handler (&self->layout_id, self->frame_clock);
  g_clear_object (&self->frame_clock);

  GTK_WIDGET_CLASS (plenum_thumbnail_strip_parent_class)->unrealize (widget);
}

static void
plenum_thumbnail_strip_constructed (GObject *object)
{
  PlenumThumbnailStrip *self = PLENUM_THUMBNAIL_STRIP (object);

  G_OBJECT_CLASS (plenum_thumbnail_strip_parent_class)->constructed (object);

  self->cache = g_object_ref (plenum_render_queue_get_cache (self->queue));
  g_signal_connect_object (self->queue, "page-ready", G_CALLBACK (page_ready_cb), self, 0);
}

static void
plenum_thumbnail_strip_dispose (GObject *object)
{
  PlenumThumbnailStrip *self = PLENUM_THUMBNAIL_STRIP (object);

  if (self->document != NULL && self->queue != NULL)
    plenum_render_queue_retain (self->queue, self->document, 1, 0);
  /* The list view unbinds its items as it goes: the table must stay until then. */
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
  g_clear_object (&self->selection);
  g_clear_object (&self->pages);
  g_clear_object (&self->cache);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (plenum_thumbnail_strip_parent_class)->dispose (object);
}

static void
plenum_thumbnail_strip_finalize (GObject *object)
{
  PlenumThumbnailStrip *self = PLENUM_THUMBNAIL_STRIP (object);

  g_hash_table_unref (self->bound);
  g_hash_table_unref (self->marked);
  G_OBJECT_CLASS (plenum_thumbnail_strip_parent_class)->finalize (object);
}

static void
plenum_thumbnail_strip_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PlenumThumbnailStrip *self = PLENUM_THUMBNAIL_STRIP (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      g_value_set_object (value, self->queue);
      break;
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_thumbnail_strip_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  PlenumThumbnailStrip *self = PLENUM_THUMBNAIL_STRIP (object);

  switch (prop_id)
    {
    case PROP_QUEUE:
      self->queue = g_value_dup_object (value);
      break;
    case PROP_DOCUMENT:
      plenum_thumbnail_strip_set_document (self, g_value_get_object (value));
      break;
    case PROP_PAGE:
      plenum_thumbnail_strip_set_page (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_thumbnail_strip_class_init (PlenumThumbnailStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = plenum_thumbnail_strip_constructed;
  object_class->dispose = plenum_thumbnail_strip_dispose;
  object_class->finalize = plenum_thumbnail_strip_finalize;
  object_class->get_property = plenum_thumbnail_strip_get_property;
  object_class->set_property = plenum_thumbnail_strip_set_property;
  widget_class->realize = plenum_thumbnail_strip_realize;
  widget_class->unrealize = plenum_thumbnail_strip_unrealize;

  properties[PROP_QUEUE] =
    g_param_spec_object ("queue", NULL, NULL, PLENUM_TYPE_RENDER_QUEUE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, PLENUM_TYPE_RENDER_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PAGE_ACTIVATED] =
    g_signal_new ("page-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "plenum-thumbnail-strip");
}

static void
plenum_thumbnail_strip_init (PlenumThumbnailStrip *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->bound = g_hash_table_new (NULL, NULL);
  self->marked = g_hash_table_new (NULL, NULL);
  self->retained_first = 1;
  self->retained_last = 0;
  self->pages = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->pages)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_item_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_item_cb), self);
  self->list_view =
    GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)),
                                      g_object_ref (factory)));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->list_view), GTK_ORIENTATION_HORIZONTAL);
  gtk_list_view_set_single_click_activate (self->list_view, TRUE);
  g_signal_connect (self->list_view, "activate", G_CALLBACK (item_activated_cb), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pages"), -1);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled),
                                 GTK_WIDGET (self->list_view));
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

GtkWidget *
plenum_thumbnail_strip_new (PlenumRenderQueue *queue)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_QUEUE (queue), NULL);

  return g_object_new (PLENUM_TYPE_THUMBNAIL_STRIP, "queue", queue, NULL);
}

PlenumRenderDocument *
plenum_thumbnail_strip_get_document (PlenumThumbnailStrip *self)
{
  g_return_val_if_fail (PLENUM_IS_THUMBNAIL_STRIP (self), NULL);

  return self->document;
}

void
plenum_thumbnail_strip_set_document (PlenumThumbnailStrip *self,
                                     PlenumRenderDocument *document)
{
  g_autoptr(GPtrArray) numbers = NULL;
  guint n_pages;

  g_return_if_fail (PLENUM_IS_THUMBNAIL_STRIP (self));
  g_return_if_fail (document == NULL || PLENUM_IS_RENDER_DOCUMENT (document));

  if (self->document == document)
    return;

  /* Empty the model first: its items unbind while the old document is still set. */
  gtk_string_list_splice (self->pages, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->pages)), NULL);
  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->document, self);
      plenum_render_queue_retain (self->queue, self->document, 1, 0);
    }
  g_set_object (&self->document, document);
  /* The marks were about the previous document's pages. */
  g_hash_table_remove_all (self->marked);
  if (document != NULL)
    g_signal_connect (document, "page-sizes-changed", G_CALLBACK (page_sizes_changed_cb), self);
  self->retained_first = 1;
  self->retained_last = 0;

  n_pages = document != NULL ? plenum_render_document_get_n_pages (document) : 0;
  numbers = g_ptr_array_new_full (n_pages + 1, g_free);
  for (guint i = 0; i < n_pages; i++)
    g_ptr_array_add (numbers, g_strdup_printf ("%u", i + 1));
  g_ptr_array_add (numbers, NULL);
  gtk_string_list_splice (self->pages, 0, 0, (const char * const *) numbers->pdata);

  gtk_single_selection_set_selected (self->selection,
                                     n_pages > 0 ? 0 : GTK_INVALID_LIST_POSITION);
  if (n_pages > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
  if (self->page != 0)
    {
      self->page = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
}

guint
plenum_thumbnail_strip_get_page (PlenumThumbnailStrip *self)
{
  g_return_val_if_fail (PLENUM_IS_THUMBNAIL_STRIP (self), 0);

  return self->page;
}

void
plenum_thumbnail_strip_set_page (PlenumThumbnailStrip *self,
                                 guint                 page)
{
  guint n_pages;

  g_return_if_fail (PLENUM_IS_THUMBNAIL_STRIP (self));

  n_pages = self->document != NULL ? plenum_render_document_get_n_pages (self->document) : 0;
  page = n_pages > 0 ? MIN (page, n_pages - 1) : 0;
  if (self->page == page)
    return;

  update_current (self, self->page, FALSE);
  self->page = page;
  update_current (self, self->page, TRUE);

  if (n_pages > 0)
    {
      gtk_single_selection_set_selected (self->selection, page);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", page);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

void
plenum_thumbnail_strip_activate_page (PlenumThumbnailStrip *self,
                                      guint                 page)
{
  g_return_if_fail (PLENUM_IS_THUMBNAIL_STRIP (self));
  g_return_if_fail (self->document != NULL);
  g_return_if_fail (page < plenum_render_document_get_n_pages (self->document));

  activate_page (self, page);
}

gboolean
plenum_thumbnail_strip_get_thumbnail_size (PlenumThumbnailStrip *self,
                                           guint                 page,
                                           int                  *width,
                                           int                  *height)
{
  g_return_val_if_fail (PLENUM_IS_THUMBNAIL_STRIP (self), FALSE);

  if (self->document == NULL || page >= plenum_render_document_get_n_pages (self->document))
    return FALSE;
  device_size (self, page, width, height);
  return TRUE;
}

gboolean
plenum_thumbnail_strip_get_bound_range (PlenumThumbnailStrip *self,
                                        guint                *first,
                                        guint                *last)
{
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (PLENUM_IS_THUMBNAIL_STRIP (self), FALSE);

  *first = G_MAXUINT;
  *last = 0;
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      *first = MIN (*first, GPOINTER_TO_UINT (key));
      *last = MAX (*last, GPOINTER_TO_UINT (key));
    }
  return *first != G_MAXUINT;
}

GtkWidget *
plenum_thumbnail_strip_get_item (PlenumThumbnailStrip *self,
                                 guint                 page)
{
  GtkWidget *thumb;

  g_return_val_if_fail (PLENUM_IS_THUMBNAIL_STRIP (self), NULL);

  thumb = g_hash_table_lookup (self->bound, GUINT_TO_POINTER (page));
  return thumb != NULL ? gtk_widget_get_parent (thumb) : NULL;
}

gboolean
plenum_thumbnail_strip_get_item_sharp (PlenumThumbnailStrip *self,
                                       guint                 page)
{
  PlenumThumbnailPage *thumb;

  g_return_val_if_fail (PLENUM_IS_THUMBNAIL_STRIP (self), FALSE);

  thumb = g_hash_table_lookup (self->bound, GUINT_TO_POINTER (page));
  return thumb != NULL && thumb->sharp;
}

/* Shows or hides the badge of each bound item. */
static void
update_badges (PlenumThumbnailStrip *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GtkWidget *label = gtk_widget_get_next_sibling (GTK_WIDGET (value));

      gtk_widget_set_visible (gtk_widget_get_next_sibling (label),
                              g_hash_table_contains (self->marked, key));
    }
}

void
plenum_thumbnail_strip_set_marked_pages (PlenumThumbnailStrip *self,
                                         const gboolean       *marked,
                                         guint                 n_pages)
{
  g_return_if_fail (PLENUM_IS_THUMBNAIL_STRIP (self));
  g_return_if_fail (marked != NULL || n_pages == 0);

  g_hash_table_remove_all (self->marked);
  for (guint i = 0; i < n_pages; i++)
    if (marked[i])
      g_hash_table_add (self->marked, GUINT_TO_POINTER (i));
  update_badges (self);
}

gboolean
plenum_thumbnail_strip_get_page_marked (PlenumThumbnailStrip *self,
                                        guint                 page)
{
  g_return_val_if_fail (PLENUM_IS_THUMBNAIL_STRIP (self), FALSE);

  return g_hash_table_contains (self->marked, GUINT_TO_POINTER (page));
}
