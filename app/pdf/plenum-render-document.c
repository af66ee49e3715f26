/* plenum-render-document.c — a PDF opened in the render helper, as the client sees it
 * (see plenum-render-document.h).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-render-document"
#define _GNU_SOURCE  /* explicit_bzero */

#include "pdf/plenum-render-private.h"

#include <string.h>

#include "render/plenum-render-protocol.h"

G_DEFINE_FINAL_TYPE (PlenumRenderDocument, plenum_render_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SIZES_FINAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PAGE_SIZES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
plenum_render_document_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PlenumRenderDocument *self = PLENUM_RENDER_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_SIZES_FINAL:
      g_value_set_boolean (value, self->n_estimated == 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_render_document_finalize (GObject *object)
{
  PlenumRenderDocument *self = PLENUM_RENDER_DOCUMENT (object);
  g_autoptr(PlenumRenderClient) client = g_weak_ref_get (&self->client);

  if (client != NULL)
    plenum_render_client_forget_document (client, self->handle, self->open_generation);

  g_weak_ref_clear (&self->client);
  g_clear_pointer (&self->path, g_free);
  if (self->password != NULL)
    {
      explicit_bzero (self->password, strlen (self->password));
      g_clear_pointer (&self->password, g_free);
    }
  g_clear_pointer (&self->page_sizes, g_free);
  g_clear_pointer (&self->page_flags, g_free);
  g_clear_error (&self->reopen_error);

  G_OBJECT_CLASS (plenum_render_document_parent_class)->finalize (object);
}

static void
plenum_render_document_class_init (PlenumRenderDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plenum_render_document_finalize;
  object_class->get_property = plenum_render_document_get_property;

  properties[PROP_SIZES_FINAL] =
    g_param_spec_boolean ("sizes-final", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (guint first, guint n_pages): the pages whose size or missing flag changed (and
   * possibly some between them that did not). */
  signals[SIGNAL_PAGE_SIZES_CHANGED] =
    g_signal_new ("page-sizes-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
plenum_render_document_init (PlenumRenderDocument *self)
{
  g_weak_ref_init (&self->client, NULL);
}

/* Takes @page_sizes and @page_flags; copies @password (may be NULL). */
PlenumRenderDocument *
plenum_render_document_new (PlenumRenderClient *client,
                            const char         *path,
                            const char         *password,
                            guint32             handle,
                            guint               n_pages,
                            double             *page_sizes,
                            guint8             *page_flags,
                            gboolean            has_outline)
{
  PlenumRenderDocument *self = g_object_new (PLENUM_TYPE_RENDER_DOCUMENT, NULL);

  g_assert (n_pages > 0);

  g_weak_ref_set (&self->client, client);
  self->path = g_strdup (path);
  self->password = g_strdup (password);
  self->handle = handle;
  self->n_pages = n_pages;
  self->page_sizes = page_sizes;
  self->page_flags = page_flags;
  self->has_outline = has_outline;
  self->sizes_next = n_pages;
  for (guint i = 0; i < n_pages; i++)
    if (page_flags[i] & PLENUM_RENDER_PAGE_ESTIMATED)
      {
        self->n_estimated++;
        self->sizes_next = MIN (self->sizes_next, i);
      }
  return self;
}

void
plenum_render_document_apply_sizes (PlenumRenderDocument *self,
                                    guint                 first,
                                    guint                 count,
                                    const double         *sizes,
                                    const guint8         *flags)
{
  guint changed_first = G_MAXUINT, changed_last = 0;
  gboolean was_final = self->n_estimated == 0;

  g_assert (first < self->n_pages && count <= self->n_pages - first);

  for (guint k = 0; k < count; k++)
    {
      guint i = first + k;
      guint8 old_flags = self->page_flags[i];
      guint8 new_flags = flags[k] & PLENUM_RENDER_PAGE_MISSING;

      if (self->page_sizes[2 * i] != sizes[2 * k] ||
          self->page_sizes[2 * i + 1] != sizes[2 * k + 1] ||
          (old_flags & PLENUM_RENDER_PAGE_MISSING) != new_flags)
        {
          changed_first = MIN (changed_first, i);
          changed_last = MAX (changed_last, i);
        }
      self->page_sizes[2 * i] = sizes[2 * k];
      self->page_sizes[2 * i + 1] = sizes[2 * k + 1];
      self->page_flags[i] = new_flags;
      if (old_flags & PLENUM_RENDER_PAGE_ESTIMATED)
        {
          g_assert (self->n_estimated > 0);
          self->n_estimated--;
        }
    }

  /* Keep a reference: a handler may drop the last one of its own. */
  g_object_ref (self);
  if (changed_first != G_MAXUINT)
    g_signal_emit (self, signals[SIGNAL_PAGE_SIZES_CHANGED], 0, changed_first,
                   changed_last - changed_first + 1);
  if (!was_final && self->n_estimated == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZES_FINAL]);
  g_object_unref (self);
}

gboolean
plenum_render_document_get_sizes_final (PlenumRenderDocument *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_DOCUMENT (self), FALSE);

  return self->n_estimated == 0;
}

gboolean
plenum_render_document_get_page_estimated (PlenumRenderDocument *self,
                                           guint                 page)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_DOCUMENT (self), FALSE);
  g_return_val_if_fail (page < self->n_pages, FALSE);

  return (self->page_flags[page] & PLENUM_RENDER_PAGE_ESTIMATED) != 0;
}

const char *
plenum_render_document_get_path (PlenumRenderDocument *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_DOCUMENT (self), NULL);

  return self->path;
}

guint
plenum_render_document_get_n_pages (PlenumRenderDocument *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_DOCUMENT (self), 0);

  return self->n_pages;
}

void
plenum_render_document_get_page_size (PlenumRenderDocument *self,
                                      guint                 page,
                                      double               *width,
                                      double               *height)
{
  g_return_if_fail (PLENUM_IS_RENDER_DOCUMENT (self));
  g_return_if_fail (page < self->n_pages);

  if (width != NULL)
    *width = self->page_sizes[2 * page];
  if (height != NULL)
    *height = self->page_sizes[2 * page + 1];
}

gboolean
plenum_render_document_get_page_ok (PlenumRenderDocument *self,
                                    guint                 page)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_DOCUMENT (self), FALSE);
  g_return_val_if_fail (page < self->n_pages, FALSE);

  return (self->page_flags[page] & PLENUM_RENDER_PAGE_MISSING) == 0;
}

gboolean
plenum_render_document_get_has_outline (PlenumRenderDocument *self)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_DOCUMENT (self), FALSE);

  return self->has_outline;
}
