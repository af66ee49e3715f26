/* plenum-texture-cache.h — rendered pages kept for reuse, within a byte budget.
 *
 * A texture is keyed by (document, page, width, height) in device pixels and costs
 * width × height × 4 bytes. Adding beyond the budget evicts the least recently used
 * textures first (a texture the caller still holds stays alive through its own
 * reference; the cache only forgets it). Pages the caller marks as "pinned" (on screen)
 * are evicted last. Looking up a page at a size that is not cached can return the
 * closest size there is, for a quick, slightly blurred image while the sharp one
 * renders.
 *
 * Default budget: PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET, sized for a 1920×1200 tablet: the
 * screen's pages twice over, the pages either side, and thumbnails.
 *
 * Used from one thread (the GTK thread).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>

#include "pdf/plenum-render-document.h"

G_BEGIN_DECLS

/* 1920 × 1200 × 4 bytes ≈ 8.8 MiB per screenful: 96 MiB holds about ten. */
#define PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET (G_GUINT64_CONSTANT (96) << 20)

#define PLENUM_TYPE_TEXTURE_CACHE (plenum_texture_cache_get_type ())
G_DECLARE_FINAL_TYPE (PlenumTextureCache, plenum_texture_cache, PLENUM, TEXTURE_CACHE, GObject)

PlenumTextureCache *plenum_texture_cache_new         (guint64               budget_bytes);

/* Property "budget" (bytes); lowering it evicts at once. */
guint64             plenum_texture_cache_get_budget  (PlenumTextureCache   *self);
void                plenum_texture_cache_set_budget  (PlenumTextureCache   *self,
                                                      guint64               budget_bytes);
/* Bytes held now (≤ budget, except that one texture larger than the budget is still
 * kept alone). */
guint64             plenum_texture_cache_get_size    (PlenumTextureCache   *self);

/* Adds (or replaces) the texture for @page of @doc; its size is the texture's. Older
 * textures make room for it (unpinned ones first); the one just added is never evicted
 * by its own addition. The cache holds no reference on @doc: its textures go when it is
 * finalized. */
void                plenum_texture_cache_add         (PlenumTextureCache   *self,
                                                      PlenumRenderDocument *doc,
                                                      guint                 page,
                                                      GdkTexture           *texture);

/* The texture of @page at exactly @width × @height (and marks it recently used), or
 * NULL. Transfer none. */
GdkTexture         *plenum_texture_cache_lookup      (PlenumTextureCache   *self,
                                                      PlenumRenderDocument *doc,
                                                      guint                 page,
                                                      int                   width,
                                                      int                   height);

/* The cached texture of @page whose width is closest to @width (any size), or NULL: a
 * stand-in while the exact size renders. Transfer none. */
GdkTexture         *plenum_texture_cache_lookup_any  (PlenumTextureCache   *self,
                                                      PlenumRenderDocument *doc,
                                                      guint                 page,
                                                      int                   width);

/* Pages [@first, @last] of @doc are on screen: evicted only when nothing else is left.
 * Replaces the previous pinned range of @doc; @first > @last unpins. */
void                plenum_texture_cache_pin_range   (PlenumTextureCache   *self,
                                                      PlenumRenderDocument *doc,
                                                      guint                 first,
                                                      guint                 last);

/* Forgets every texture of @doc (NULL: of every document). */
void                plenum_texture_cache_clear       (PlenumTextureCache   *self,
                                                      PlenumRenderDocument *doc);

G_END_DECLS
