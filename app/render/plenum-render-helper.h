/* plenum-render-helper.h — the request loop of plenum-render: reads requests from the
 * client's socket, opens documents, renders pages, searches text and reads outlines,
 * links and page text with poppler, and answers (see
 * plenum-render-protocol.h). Single-threaded: a document is only ever used from the one
 * thread there is.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint64 max_pixels;      /* pixel budget of one render; larger ones get TOO_BIG */
  guint64 max_file_size;   /* larger files get TOO_BIG */
  guint   cpu_limit_s;     /* CPU seconds per request (soft RLIMIT_CPU moved before each
                            * request); 0: none */
  gint64  stall_page;      /* test hook: a RENDER or TEXT of this page index never
                            * finishes; -1: off */
  gint64  stall_sizes_page; /* test hook: a SIZES covering this page index never
                             * finishes; -1: off */
} PlenumRenderHelperSettings;

/* Serves the client on @fd until the socket closes (returns 0) or the client breaks the
 * protocol (returns 2). */
int plenum_render_helper_run (int                               fd,
                              const PlenumRenderHelperSettings *settings);

G_END_DECLS
