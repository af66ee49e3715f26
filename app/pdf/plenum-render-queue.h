/* plenum-render-queue.h — the reader's render jobs, in priority order, over one
 * PlenumRenderClient.
 *
 * The view asks for pages as it lays them out; the queue sends them to the render helper
 * a few at a time (PLENUM_RENDER_QUEUE_IN_FLIGHT), most urgent first:
 *   VISIBLE  — on screen now;
 *   NEAR     — the pages either side (prefetch), for an instant page turn;
 *   THUMBNAIL — the thumbnails strip.
 * Within a priority, older requests go first. The same (document, page, size) asked for
 * twice is one job (its priority raised to the higher of the two). Results go into a
 * PlenumTextureCache and are announced with "page-ready"; a request whose result is
 * already cached completes at once (still announced, from an idle, never re-entrantly).
 *
 * Stale jobs: plenum_render_queue_retain() says which pages are still wanted (the
 * visible range plus prefetch, per document); every queued job outside it is dropped,
 * and a job already in the helper for a page no longer wanted is cancelled (the helper
 * is told; the texture, if it comes, is dropped). So scrolling fast through a document
 * renders what the user stops on, not everything flown over.
 *
 * Failures are announced with "page-failed" (the GError of the render client:
 * PAGE_FAILED, TIMEOUT, TOO_BIG, CRASHED…); the queue goes on with the next job — a page
 * that overran its deadline is not asked again until plenum_render_queue_forget_failure()
 * (the view's "try again").
 *
 * Signals (on the client's thread):
 *   "page-ready"  (PlenumRenderDocument *doc, guint page, GdkTexture *texture)
 *   "page-failed" (PlenumRenderDocument *doc, guint page, int width, int height,
 *                  const GError *error)
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>

#include "pdf/plenum-render-client.h"
#include "pdf/plenum-texture-cache.h"

G_BEGIN_DECLS

typedef enum {
  PLENUM_RENDER_PRIORITY_VISIBLE,
  PLENUM_RENDER_PRIORITY_NEAR,
  PLENUM_RENDER_PRIORITY_THUMBNAIL,
} PlenumRenderPriority;

/* Jobs sent to the helper at once (the helper renders one at a time; a second in the
 * pipe hides the round trip). */
#define PLENUM_RENDER_QUEUE_IN_FLIGHT 2

#define PLENUM_TYPE_RENDER_QUEUE (plenum_render_queue_get_type ())
G_DECLARE_FINAL_TYPE (PlenumRenderQueue, plenum_render_queue, PLENUM, RENDER_QUEUE, GObject)

PlenumRenderQueue  *plenum_render_queue_new           (PlenumRenderClient   *client,
                                                       PlenumTextureCache   *cache);

PlenumRenderClient *plenum_render_queue_get_client    (PlenumRenderQueue    *self);
PlenumTextureCache *plenum_render_queue_get_cache     (PlenumRenderQueue    *self);

/* Asks for @page of @doc at @width × @height device pixels. A page that failed before is
 * not sent again: the request is answered with the remembered error ("page-failed", from
 * an idle), except that a page TOO_BIG at one size may still be asked for smaller.
 * Cancelled renders are never announced. A job keeps a reference on @doc until it is
 * done, dropped or cancelled. */
void                plenum_render_queue_request       (PlenumRenderQueue    *self,
                                                       PlenumRenderDocument *doc,
                                                       guint                 page,
                                                       int                   width,
                                                       int                   height,
                                                       PlenumRenderPriority  priority);

/* Only pages [@first, @last] of @doc are still wanted (at any size, any priority); jobs
 * for its other pages are dropped or cancelled. Jobs of other documents are untouched.
 * @first > @last: nothing of @doc is wanted. */
void                plenum_render_queue_retain        (PlenumRenderQueue    *self,
                                                       PlenumRenderDocument *doc,
                                                       guint                 first,
                                                       guint                 last);

/* Drops every job of @doc (the document is closed). */
void                plenum_render_queue_cancel_document (PlenumRenderQueue  *self,
                                                         PlenumRenderDocument *doc);

/* A failed page may be asked for again. */
void                plenum_render_queue_forget_failure (PlenumRenderQueue   *self,
                                                        PlenumRenderDocument *doc,
                                                        guint                page);

/* Jobs waiting and in the helper (tests, diagnostics). */
guint               plenum_render_queue_get_n_queued   (PlenumRenderQueue   *self);
guint               plenum_render_queue_get_n_in_flight (PlenumRenderQueue  *self);
/* Renders sent to the helper since the queue was made (tests: how much was not wasted). */
guint               plenum_render_queue_get_n_sent     (PlenumRenderQueue   *self);

G_END_DECLS
