/* plenum-http-response.h — what a successful PlenumHttpClient request or download
 * returns: status, headers the protocol uses, and (for requests) the body.
 *
 * Immutable once the client hands it out; safe to keep after the client is gone.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PLENUM_TYPE_HTTP_RESPONSE (plenum_http_response_get_type ())
G_DECLARE_FINAL_TYPE (PlenumHttpResponse, plenum_http_response, PLENUM, HTTP_RESPONSE, GObject)

/* 2xx, or 304 Not Modified after If-None-Match (then the body is empty). */
guint         plenum_http_response_get_status         (PlenumHttpResponse *self);

/* The ETag header exactly as sent, quotes included ("\"abc…\"", or W/"…"), so it can
 * be given back as if_none_match; NULL when there was none. */
const char   *plenum_http_response_get_etag           (PlenumHttpResponse *self);

/* The Content-Type header as sent ("application/json; charset=utf-8"), or NULL. */
const char   *plenum_http_response_get_content_type   (PlenumHttpResponse *self);

/* The body of a request (never NULL; empty for 204, 304 and HEAD). Downloads stream
 * their bytes to the write function instead: their body is always empty. */
GBytes       *plenum_http_response_get_body           (PlenumHttpResponse *self);

/* Retry-After in seconds, or -1 when absent (or given as a date). */
gint64        plenum_http_response_get_retry_after    (PlenumHttpResponse *self);

/* Downloads (and HEAD): the size of the whole resource, from Content-Range's total on a
 * 206 or Content-Length on a 200; -1 when the server did not say. */
gint64        plenum_http_response_get_total_size     (PlenumHttpResponse *self);

/* Downloads: the offset in the resource of the first byte handed to the write function:
 * the requested offset after a 206, 0 after a 200. */
guint64       plenum_http_response_get_offset         (PlenumHttpResponse *self);

/* Downloads: TRUE when an offset > 0 was asked for and the server answered 200 with the
 * whole resource from byte 0 (it ignored Range). The write function was told before its
 * first byte (PlenumHttpDownloadInfo.range_ignored); this repeats it. */
gboolean      plenum_http_response_get_range_ignored  (PlenumHttpResponse *self);

/* Downloads: the number of bytes handed to the write function. */
guint64       plenum_http_response_get_bytes_received (PlenumHttpResponse *self);

/* For the client (and tests that need a response): a response with these fields. */
PlenumHttpResponse *plenum_http_response_new          (guint        status,
                                                       const char  *etag,
                                                       const char  *content_type,
                                                       GBytes      *body,
                                                       gint64       retry_after,
                                                       gint64       total_size,
                                                       guint64      offset,
                                                       gboolean     range_ignored,
                                                       guint64      bytes_received);

G_END_DECLS
