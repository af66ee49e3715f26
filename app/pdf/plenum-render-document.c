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
  return self;
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
