/* plenum-http-response.c — an immutable HTTP response; see plenum-http-response.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-net"

#include "plenum-http-response.h"

struct _PlenumHttpResponse
{
  GObject parent_instance;

  guint status;
  char *etag;
  char *content_type;
  GBytes *body;
  gint64 retry_after;
  gint64 total_size;
  guint64 offset;
  gboolean range_ignored;
  guint64 bytes_received;
};

G_DEFINE_FINAL_TYPE (PlenumHttpResponse, plenum_http_response, G_TYPE_OBJECT)

static void
plenum_http_response_finalize (GObject *object)
{
  PlenumHttpResponse *self = PLENUM_HTTP_RESPONSE (object);

  g_free (self->etag);
  g_free (self->content_type);
  g_bytes_unref (self->body);

  G_OBJECT_CLASS (plenum_http_response_parent_class)->finalize (object);
}

static void
plenum_http_response_class_init (PlenumHttpResponseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plenum_http_response_finalize;
}

static void
plenum_http_response_init (PlenumHttpResponse *self)
{
}

PlenumHttpResponse *
plenum_http_response_new (guint        status,
                          const char  *etag,
                          const char  *content_type,
                          GBytes      *body,
                          gint64       retry_after,
                          gint64       total_size,
                          guint64      offset,
                          gboolean     range_ignored,
                          guint64      bytes_received)
{
  PlenumHttpResponse *self = g_object_new (PLENUM_TYPE_HTTP_RESPONSE, NULL);

  self->status = status;
  self->etag = g_strdup (etag);
  self->content_type = g_strdup (content_type);
  self->body = body != NULL ? g_bytes_ref (body) : g_bytes_new (NULL, 0);
  self->retry_after = retry_after;
  self->total_size = total_size;
  self->offset = offset;
  self->range_ignored = range_ignored;
  self->bytes_received = bytes_received;
  return self;
}

guint
plenum_http_response_get_status (PlenumHttpResponse *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_RESPONSE (self), 0);
  return self->status;
}

const char *
plenum_http_response_get_etag (PlenumHttpResponse *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_RESPONSE (self), NULL);
  return self->etag;
}

const char *
plenum_http_response_get_content_type (PlenumHttpResponse *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_RESPONSE (self), NULL);
  return self->content_type;
}

GBytes *
plenum_http_response_get_body (PlenumHttpResponse *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_RESPONSE (self), NULL);
  return self->body;
}

gint64
plenum_http_response_get_retry_after (PlenumHttpResponse *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_RESPONSE (self), -1);
  return self->retry_after;
}

gint64
plenum_http_response_get_total_size (PlenumHttpResponse *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_RESPONSE (self), -1);
  return self->total_size;
}

guint64
plenum_http_response_get_offset (PlenumHttpResponse *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_RESPONSE (self), 0);
  return self->offset;
}

gboolean
plenum_http_response_get_range_ignored (PlenumHttpResponse *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_RESPONSE (self), FALSE);
  return self->range_ignored;
}

guint64
plenum_http_response_get_bytes_received (PlenumHttpResponse *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_RESPONSE (self), 0);
  return self->bytes_received;
}
