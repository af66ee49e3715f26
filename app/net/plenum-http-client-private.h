/* plenum-http-client-private.h — what PlenumHttpClient and PlenumEventStream tell each
 * other. Not for use outside app/net/.
 *
 * The client owns the curl transfer of a stream; the stream owns the SSE parser, the
 * watchdog and the signals. Both run only on the client's context, and the client calls
 * the stream only from its dispatch after curl returned (never from a curl callback).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "plenum-http-client.h"

G_BEGIN_DECLS

typedef struct _PlenumTransfer PlenumTransfer;

GMainContext      *plenum_http_client_get_context       (PlenumHttpClient  *self);

/* Stops a transfer quietly (the stream's close): no completion is reported. Not from
 * inside a curl callback. */
void               plenum_http_client_abort_transfer    (PlenumHttpClient  *self,
                                                         PlenumTransfer    *transfer);

/* The stream side. @transfer is NULL until the client started it. */
PlenumEventStream *plenum_event_stream_new_internal     (PlenumHttpClient  *client,
                                                         const char        *last_event_id,
                                                         guint              watchdog_ms);
void               plenum_event_stream_set_transfer     (PlenumEventStream *self,
                                                         PlenumTransfer    *transfer);
/* The answer is 200 text/event-stream. */
void               plenum_event_stream_handle_opened    (PlenumEventStream *self);
/* Body bytes. */
void               plenum_event_stream_handle_bytes     (PlenumEventStream *self,
                                                         const guint8      *data,
                                                         gsize              len);
/* The transfer ended (already detached and gone): @error NULL for a clean end. */
void               plenum_event_stream_handle_finished  (PlenumEventStream *self,
                                                         const GError      *error);

G_END_DECLS
