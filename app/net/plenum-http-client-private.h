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

/* FALSE with INSECURE when the base URL is plain http:// to a host that is not
 * loopback and that is not allowed (any more). */
gboolean           plenum_http_client_may_send          (PlenumHttpClient  *self,
                                                         GError           **error);

/* A PLENUM_HTTP_ERROR_TLS error for curl's @curl_code (a CURLcode of the TLS family),
 * classified with @verify_result (CURLINFO_SSL_VERIFYRESULT) into a
 * PlenumHttpTlsProblem; @detail is curl's error buffer (may be empty). For the blob
 * upload's own transfer too. */
GError            *plenum_http_tls_error_new            (int                curl_code,
                                                         long               verify_result,
                                                         guint              status,
                                                         const char        *detail);

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
