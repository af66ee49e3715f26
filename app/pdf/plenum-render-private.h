/* plenum-render-private.h — what the render client and its documents share inside
 * app/pdf/, and nothing else sees.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pdf/plenum-render-client.h"
#include "pdf/plenum-render-document.h"

G_BEGIN_DECLS

/* All fields are used on the client's thread only (see plenum-render-client.h). */
struct _PlenumRenderDocument
{
  GObject   parent_instance;

  GWeakRef  client;          /* PlenumRenderClient: the document does not keep it alive */
  char     *path;
  char     *password;        /* NULL: none. Never logged; wiped in finalize */
  guint32   handle;          /* chosen by the client; the same in every helper it runs */
  guint     n_pages;
  double   *page_sizes;      /* 2 × n_pages: width, height in points */
  guint8   *page_flags;      /* PLENUM_RENDER_PAGE_MISSING, PLENUM_RENDER_PAGE_ESTIMATED
                              * per page */
  gboolean  has_outline;

  /* Lazy page sizes: pages from sizes_next on have not been asked for yet (the client
   * asks in order, a chunk at a time); n_estimated pages still carry an estimate (a
   * chunk's reply is applied from the client's completion idle, a little after
   * sizes_next moved past it). */
  guint     sizes_next;
  guint     n_estimated;

  /* The helper generation in which an OPEN for this handle was last sent and has not
   * failed; 0: not open in the running helper. */
  guint     open_generation;
  /* Why the last re-open in a restarted helper failed (renders behind it report it). */
  GError   *reopen_error;
};

PlenumRenderDocument *plenum_render_document_new    (PlenumRenderClient *client,
                                                     const char         *path,
                                                     const char         *password,
                                                     guint32             handle,
                                                     guint               n_pages,
                                                     double             *page_sizes,
                                                     guint8             *page_flags,
                                                     gboolean            has_outline);

/* Applies measured sizes of pages [@first, @first + @count) (@sizes: 2 × @count, @flags:
 * PLENUM_RENDER_PAGE_MISSING per page, @count entries): the pages lose their
 * ESTIMATED mark, and "page-sizes-changed" is emitted for the span of those whose size or
 * missing flag changed. */
void plenum_render_document_apply_sizes (PlenumRenderDocument *self,
                                         guint                 first,
                                         guint                 count,
                                         const double         *sizes,
                                         const guint8         *flags);

/* Called by a document's finalize: the helper may close @handle if it is open in
 * generation @generation. */
void plenum_render_client_forget_document (PlenumRenderClient *self,
                                           guint32             handle,
                                           guint               generation);

G_END_DECLS
