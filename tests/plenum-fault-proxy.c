/* plenum-fault-proxy.c — an in-process TCP proxy that injects network faults; see
 * plenum-fault-proxy.h.
 *
 * Each accepted connection gets an upstream connection and two pumps: downstream
 * (upstream → client) and upstream (client → upstream). A pump reads a chunk, applies
 * the faults, writes it whole, and only then reads again, so a stalled or throttled
 * pump holds at most one chunk and the kernel's buffers do the back-pressure. A
 * connection picked to get an HTTP error has no upstream and no pumps: it reads the
 * request head, writes the proxy's own answer, and closes.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-test"

#include "plenum-fault-proxy.h"
#include "plenum-test-server.h"

#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#define PUMP_BUFFER_SIZE (32 * 1024)
/* A request head longer than this is answered anyway (it is not a real client). */
#define MAX_REQUEST_HEAD (64 * 1024)

typedef struct _ProxyConn ProxyConn;

typedef struct {
  ProxyConn *conn;              /* the pump is part of the connection */
  gboolean downstream;          /* upstream → client */
  guint8 buffer[PUMP_BUFFER_SIZE];
  gsize len;                    /* bytes in flight (being written) */
  guint64 forwarded;            /* bytes written so far */
  gboolean parked;              /* waiting for the stall to end */
  GSource *throttle_source;     /* waiting for the next slice */
} Pump;

struct _ProxyConn
{
  int ref_count;                /* each pending async operation holds one */
  PlenumFaultProxy *proxy;      /* not a reference: the proxy closes its connections
                                 * in dispose, and nothing uses it once closed */
  GSocketConnection *client;
  GSocketConnection *upstream;
  GIOStream *client_stream;     /* the client's connection, or its TLS over it */
  GIOStream *upstream_stream;   /* the same for the upstream */
  GCancellable *cancellable;
  Pump down;
  Pump up;
  gboolean closed;
  gssize cut_at;                /* this connection's random cut, or -1 */
  guint error_status;           /* answered by the proxy with this status, or 0 */
  GString *request_head;        /* what was read of the request (error_status only) */
  char *answer;                 /* the proxy's answer (error_status only) */
};

struct _PlenumFaultProxy
{
  GObject parent_instance;

  /* Used only on `context`, the thread-default context at construction. */
  GMainContext *context;
  char *upstream_host;
  guint16 upstream_port;
  GSocketService *service;      /* NULL while refusing */
  GSocketClient *connector;
  GTlsCertificate *certificate; /* NULL: plain TCP on both sides */
  GTlsDatabase *upstream_ca;
  guint16 port;
  char *url;
  GPtrArray *conns;             /* ProxyConn*, each holding a reference */

  gssize cut_after;
  gboolean refuse;
  gsize throttle;
  gssize corrupt_at;
  gboolean stall;
  guint http_error_status;
  guint http_error_count;       /* connections still to answer; G_MAXUINT: all */
  GRand *cut_rand;              /* NULL: no random cuts */
  gsize cut_min;
  gsize cut_max;

  guint n_connections;
  guint n_http_errors;
  guint n_cut;
  guint n_corrupted;
  guint64 bytes_downstream;
  guint64 bytes_upstream;
};

G_DEFINE_FINAL_TYPE (PlenumFaultProxy, plenum_fault_proxy, G_TYPE_OBJECT)

static void pump_read (Pump *pump);

/* ---- Connections ------------------------------------------------------------------- */

static ProxyConn *
conn_ref (ProxyConn *conn)
{
  conn->ref_count++;
  return conn;
}

static void
conn_unref (ProxyConn *conn)
{
  g_assert_cmpint (conn->ref_count, >, 0);
  if (--conn->ref_count > 0)
    return;
  g_assert_true (conn->closed);
  g_clear_object (&conn->client_stream);
  g_clear_object (&conn->upstream_stream);
  g_clear_object (&conn->client);
  g_clear_object (&conn->upstream);
  g_clear_object (&conn->cancellable);
  if (conn->request_head != NULL)
    g_string_free (conn->request_head, TRUE);
  g_free (conn->answer);
  g_free (conn);
}

static void
close_socket (GSocketConnection *connection)
{
  if (connection != NULL)
    g_socket_close (g_socket_connection_get_socket (connection), NULL);
}

static void
conn_close (ProxyConn *conn)
{
  PlenumFaultProxy *proxy = conn->proxy;

  if (conn->closed)
    return;
  conn->closed = TRUE;
  conn->proxy = NULL;

  g_cancellable_cancel (conn->cancellable);
  for (guint i = 0; i < 2; i++)
    {
      Pump *pump = i == 0 ? &conn->down : &conn->up;

      if (pump->throttle_source != NULL)
        {
          g_source_destroy (pump->throttle_source);
          g_clear_pointer (&pump->throttle_source, g_source_unref);
        }
    }
  /* The sockets themselves, not the streams: pending operations on the streams would
   * make g_io_stream_close() fail with G_IO_ERROR_PENDING. They finish cancelled. */
  close_socket (conn->client);
  close_socket (conn->upstream);

  /* Drops the list's reference (the caller holds one). */
  g_ptr_array_remove_fast (proxy->conns, conn);
}

/* The number of downstream bytes after which @conn is cut, or -1. */
static gint64
conn_cut_limit (ProxyConn *conn)
{
  gint64 limit = conn->proxy->cut_after;

  if (conn->cut_at >= 0 && (limit < 0 || conn->cut_at < limit))
    limit = conn->cut_at;
  return limit;
}

static gboolean
throttle_done_cb (gpointer user_data)
{
  Pump *pump = user_data;

  g_clear_pointer (&pump->throttle_source, g_source_unref);
  pump_read (pump);
  return G_SOURCE_REMOVE;
}

static void
pump_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Pump *pump = user_data;
  ProxyConn *conn = pump->conn;
  PlenumFaultProxy *proxy;
  g_autoptr(GError) error = NULL;
  gsize written = 0;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error);
  if (conn->closed)
    goto out;
  if (error != NULL)
    {
      conn_close (conn);
      goto out;
    }

  proxy = conn->proxy;
  pump->forwarded += written;
  pump->len = 0;
  if (pump->downstream)
    proxy->bytes_downstream += written;
  else
    proxy->bytes_upstream += written;

  if (pump->downstream && conn_cut_limit (conn) >= 0 &&
      pump->forwarded >= (guint64) conn_cut_limit (conn))
    {
      proxy->n_cut++;
      conn_close (conn);
      goto out;
    }

  if (pump->downstream && proxy->throttle > 0)
    {
      guint delay_ms = (guint) ((guint64) written * 1000 / proxy->throttle);

      pump->throttle_source = g_timeout_source_new (MAX (delay_ms, 1));
      g_source_set_callback (pump->throttle_source, throttle_done_cb, pump, NULL);
      g_source_attach (pump->throttle_source, proxy->context);
    }
  else
    pump_read (pump);

out:
  conn_unref (conn);
}

static void
pump_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pump *pump = user_data;
  ProxyConn *conn = pump->conn;
  PlenumFaultProxy *proxy;
  g_autoptr(GError) error = NULL;
  gssize n;
  GOutputStream *out;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (conn->closed)
    goto out;
  if (n <= 0)
    {
      /* An end or an error on either side ends the whole connection. */
      conn_close (conn);
      goto out;
    }

  proxy = conn->proxy;
  if (pump->downstream && proxy->corrupt_at >= 0 &&
      (guint64) proxy->corrupt_at >= pump->forwarded &&
      (guint64) proxy->corrupt_at < pump->forwarded + (guint64) n)
    {
      pump->buffer[proxy->corrupt_at - pump->forwarded] ^= 0x01;
      proxy->n_corrupted++;
    }

  pump->len = n;
  out = g_io_stream_get_output_stream (pump->downstream ? conn->client_stream
                                                       : conn->upstream_stream);
  g_output_stream_write_all_async (out, pump->buffer, pump->len, G_PRIORITY_DEFAULT,
                                   conn->cancellable, pump_written_cb, pump);
  conn_ref (conn);

out:
  conn_unref (conn);
}

static void
pump_read (Pump *pump)
{
  ProxyConn *conn = pump->conn;
  PlenumFaultProxy *proxy = conn->proxy;
  gsize size = sizeof pump->buffer;
  GInputStream *in;

  if (conn->closed)
    return;
  if (proxy->stall)
    {
      pump->parked = TRUE;
      return;
    }

  if (pump->downstream && conn_cut_limit (conn) >= 0)
    {
      guint64 limit = (guint64) conn_cut_limit (conn);

      if (pump->forwarded >= limit)
        {
          proxy->n_cut++;
          conn_close (conn);
          return;
        }
      size = MIN (size, limit - pump->forwarded);
    }
  if (pump->downstream && proxy->throttle > 0)
    size = MIN (size, MAX (proxy->throttle / 10, 1));

  in = g_io_stream_get_input_stream (pump->downstream ? conn->upstream_stream
                                                     : conn->client_stream);
  g_input_stream_read_async (in, pump->buffer, size, G_PRIORITY_DEFAULT, conn->cancellable,
                             pump_read_cb, pump);
  conn_ref (conn);
}

static void
set_nodelay (GSocketConnection *connection)
{
  /* Small slices (throttling, cuts) should leave at once, not wait for Nagle. */
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, 1, NULL);
}

static void
upstream_connected_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ProxyConn *conn = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) upstream = NULL;

  upstream = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, &error);
  if (conn->closed)
    goto out;
  if (upstream == NULL)
    {
      /* The upstream is down: the client sees its connection end with no answer. */
      conn_close (conn);
      goto out;
    }

  conn->upstream = g_steal_pointer (&upstream);
  set_nodelay (conn->upstream);
  if (conn->proxy->certificate != NULL)
    {
      g_autoptr(GSocketConnectable) identity =
        g_network_address_new (conn->proxy->upstream_host, conn->proxy->upstream_port);

      conn->upstream_stream = g_tls_client_connection_new (G_IO_STREAM (conn->upstream),
                                                           identity, &error);
      if (conn->upstream_stream == NULL)
        {
          g_warning ("The fault proxy cannot talk TLS to the server: %s", error->message);
          conn_close (conn);
          goto out;
        }
      g_tls_connection_set_database (G_TLS_CONNECTION (conn->upstream_stream),
                                     conn->proxy->upstream_ca);
      /* A server that closes without close_notify is an end, as for the client side. */
      g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (conn->upstream_stream),
                                                 FALSE);
    }
  else
    conn->upstream_stream = g_object_ref (G_IO_STREAM (conn->upstream));
  pump_read (&conn->down);
  pump_read (&conn->up);

out:
  conn_unref (conn);
}

/* ---- Answering with an HTTP error ---------------------------------------------------- */

static void error_read (ProxyConn *conn);

static char *
error_answer (guint status)
{
  const char *reason, *code, *message;
  g_autofree char *body = NULL;

  switch (status)
    {
    case 500:
      reason = "Internal Server Error";
      code = "internal";
      message = "A fault in the server (the test's fault proxy).";
      break;
    case 503:
      reason = "Service Unavailable";
      code = "unavailable";
      message = "The server is busy (the test's fault proxy).";
      break;
    default:
      reason = status >= 500 ? "Server Error" : "Client Error";
      code = status >= 500 ? "internal" : "bad_request";
      message = "An error answered by the test's fault proxy.";
      break;
    }
  body = g_strdup_printf ("{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}", code, message);
  return g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "%s"
                          "Connection: close\r\n"
                          "\r\n"
                          "%s",
                          status, reason, strlen (body),
                          status == 503 ? "Retry-After: 1\r\n" : "",
                          body);
}

static void
error_drained_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ProxyConn *conn = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (!conn->closed)
    {
      if (n > 0)
        g_input_stream_read_async (G_INPUT_STREAM (object), conn->up.buffer,
                                   sizeof conn->up.buffer, G_PRIORITY_DEFAULT,
                                   conn->cancellable, error_drained_cb, conn_ref (conn));
      else
        conn_close (conn);
    }
  conn_unref (conn);
}

static void
error_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ProxyConn *conn = user_data;
  g_autoptr(GError) error = NULL;
  gsize written = 0;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error);
  if (!conn->closed)
    {
      conn->proxy->bytes_downstream += written;
      conn->down.forwarded += written;
      if (error != NULL)
        conn_close (conn);
      else
        {
          /* Closed as a server that answered does: the answer is sent (FIN after it),
           * then what the client still sends (a request body the proxy never read) is
           * read until the client closes. Closing with unread bytes would reset the
           * connection, and a reset can throw away the answer before the client reads
           * it — over TLS, where the body comes in records of its own, often. */
          conn->proxy->n_http_errors++;
          g_socket_shutdown (g_socket_connection_get_socket (conn->client), FALSE, TRUE, NULL);
          g_input_stream_read_async (g_io_stream_get_input_stream (conn->client_stream),
                                     conn->up.buffer, sizeof conn->up.buffer,
                                     G_PRIORITY_DEFAULT, conn->cancellable, error_drained_cb,
                                     conn_ref (conn));
        }
    }
  conn_unref (conn);
}

static void
error_head_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ProxyConn *conn = user_data;
  g_autoptr(GError) error = NULL;
  GOutputStream *out;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (conn->closed)
    goto out;
  if (n < 0)
    {
      conn_close (conn);
      goto out;
    }
  conn->proxy->bytes_upstream += (guint64) n;
  conn->up.forwarded += (guint64) n;
  g_string_append_len (conn->request_head, (const char *) conn->up.buffer, n);
  if (n > 0 && strstr (conn->request_head->str, "\r\n\r\n") == NULL &&
      conn->request_head->len < MAX_REQUEST_HEAD)
    {
      error_read (conn);
      goto out;
    }

  /* The whole head (or the client stopped sending): answer. A request body is not read;
   * the connection closes after the answer anyway. */
  conn->answer = error_answer (conn->error_status);
  out = g_io_stream_get_output_stream (conn->client_stream);
  g_output_stream_write_all_async (out, conn->answer, strlen (conn->answer), G_PRIORITY_DEFAULT,
                                   conn->cancellable, error_written_cb, conn_ref (conn));

out:
  conn_unref (conn);
}

static void
error_read (ProxyConn *conn)
{
  GInputStream *in = g_io_stream_get_input_stream (conn->client_stream);

  g_input_stream_read_async (in, conn->up.buffer, sizeof conn->up.buffer, G_PRIORITY_DEFAULT,
                             conn->cancellable, error_head_read_cb, conn_ref (conn));
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  PlenumFaultProxy *self = user_data;
  ProxyConn *conn = g_new0 (ProxyConn, 1);

  conn->ref_count = 1;  /* the list's */
  conn->proxy = self;
  conn->client = g_object_ref (connection);
  conn->cancellable = g_cancellable_new ();
  if (self->certificate != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* The handshake happens with the first read. */
      conn->client_stream = g_tls_server_connection_new (G_IO_STREAM (connection),
                                                         self->certificate, &error);
      g_assert_no_error (error);
      g_tls_connection_set_require_close_notify (G_TLS_CONNECTION (conn->client_stream),
                                                 FALSE);
    }
  else
    conn->client_stream = g_object_ref (G_IO_STREAM (connection));
  conn->down.conn = conn;
  conn->down.downstream = TRUE;
  conn->up.conn = conn;
  conn->up.downstream = FALSE;
  conn->cut_at = -1;
  g_ptr_array_add (self->conns, conn);
  self->n_connections++;
  set_nodelay (connection);

  if (self->http_error_status > 0 && self->http_error_count > 0)
    {
      conn->error_status = self->http_error_status;
      if (self->http_error_count != G_MAXUINT)
        self->http_error_count--;
      conn->request_head = g_string_new (NULL);
      error_read (conn);
      return TRUE;
    }

  if (self->cut_rand != NULL)
    conn->cut_at = (gssize) (self->cut_min +
                             (gsize) g_rand_double_range (self->cut_rand, 0,
                                                          (double) (self->cut_max - self->cut_min) + 1));

  g_socket_client_connect_to_host_async (self->connector, self->upstream_host, self->upstream_port,
                                         conn->cancellable, upstream_connected_cb, conn_ref (conn));
  return TRUE;
}

/* ---- Listening --------------------------------------------------------------------- */

static gboolean
start_listening (PlenumFaultProxy  *self,
                 guint16            port,
                 GError           **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GSocketService) service = g_socket_service_new ();

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
    return FALSE;
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (service);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->service = g_steal_pointer (&service);
  return TRUE;
}

static void
stop_listening (PlenumFaultProxy *self)
{
  if (self->service == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->service, incoming_cb, self);
  g_socket_service_stop (self->service);
  /* Closing the socket (not only stopping) makes the kernel refuse new connections. */
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_clear_object (&self->service);
}

/* ---- GObject ----------------------------------------------------------------------- */

static void
plenum_fault_proxy_dispose (GObject *object)
{
  PlenumFaultProxy *self = PLENUM_FAULT_PROXY (object);

  stop_listening (self);
  if (self->conns != NULL)
    plenum_fault_proxy_close_all (self);
  g_clear_object (&self->connector);

  G_OBJECT_CLASS (plenum_fault_proxy_parent_class)->dispose (object);
}

static void
plenum_fault_proxy_finalize (GObject *object)
{
  PlenumFaultProxy *self = PLENUM_FAULT_PROXY (object);

  g_clear_pointer (&self->conns, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->cut_rand, g_rand_free);
  g_clear_object (&self->certificate);
  g_clear_object (&self->upstream_ca);
  g_free (self->upstream_host);
  g_free (self->url);

  G_OBJECT_CLASS (plenum_fault_proxy_parent_class)->finalize (object);
}

static void
plenum_fault_proxy_class_init (PlenumFaultProxyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plenum_fault_proxy_dispose;
  object_class->finalize = plenum_fault_proxy_finalize;
}

static void
plenum_fault_proxy_init (PlenumFaultProxy *self)
{
  self->cut_after = -1;
  self->corrupt_at = -1;
  self->conns = g_ptr_array_new_with_free_func ((GDestroyNotify) conn_unref);
}

PlenumFaultProxy *
plenum_fault_proxy_new (const char  *upstream_host,
                        guint16      upstream_port,
                        GError     **error)
{
  g_autoptr(PlenumFaultProxy) self = NULL;

  g_return_val_if_fail (upstream_host != NULL, NULL);
  g_return_val_if_fail (upstream_port > 0, NULL);

  self = g_object_new (PLENUM_TYPE_FAULT_PROXY, NULL);
  self->context = g_main_context_ref_thread_default ();
  self->upstream_host = g_strdup (upstream_host);
  self->upstream_port = upstream_port;
  self->connector = g_socket_client_new ();
  /* Straight to the upstream: no proxy from the environment. */
  g_socket_client_set_enable_proxy (self->connector, FALSE);

  if (!start_listening (self, 0, error))
    return NULL;
  self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  return g_steal_pointer (&self);
}

PlenumFaultProxy *
plenum_fault_proxy_new_for_url (const char  *upstream_url,
                                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(PlenumFaultProxy) self = NULL;
  PlenumTestTls *tls;

  g_return_val_if_fail (upstream_url != NULL, NULL);

  uri = g_uri_parse (upstream_url, G_URI_FLAGS_NONE, error);
  if (uri == NULL)
    return NULL;
  g_return_val_if_fail (g_uri_get_port (uri) > 0, NULL);
  self = plenum_fault_proxy_new (g_uri_get_host (uri), (guint16) g_uri_get_port (uri), error);
  if (self == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") != 0)
    return g_steal_pointer (&self);

  tls = plenum_test_tls_get_shared ();
  self->certificate = g_tls_certificate_new_from_files (tls->cert_file, tls->key_file, error);
  if (self->certificate == NULL)
    return NULL;
  self->upstream_ca = g_tls_file_database_new (tls->ca_file, error);
  if (self->upstream_ca == NULL)
    return NULL;
  g_free (self->url);
  self->url = g_strdup_printf ("https://127.0.0.1:%u", self->port);
  return g_steal_pointer (&self);
}

guint16
plenum_fault_proxy_get_port (PlenumFaultProxy *self)
{
  g_return_val_if_fail (PLENUM_IS_FAULT_PROXY (self), 0);
  return self->port;
}

const char *
plenum_fault_proxy_get_url (PlenumFaultProxy *self)
{
  g_return_val_if_fail (PLENUM_IS_FAULT_PROXY (self), NULL);
  return self->url;
}

void
plenum_fault_proxy_set_cut_after (PlenumFaultProxy *self,
                                  gssize            bytes)
{
  g_return_if_fail (PLENUM_IS_FAULT_PROXY (self));
  g_return_if_fail (bytes >= -1);
  self->cut_after = bytes;
}

void
plenum_fault_proxy_set_refuse (PlenumFaultProxy *self,
                               gboolean          refuse)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PLENUM_IS_FAULT_PROXY (self));

  refuse = !!refuse;
  if (self->refuse == refuse)
    return;
  self->refuse = refuse;
  if (refuse)
    stop_listening (self);
  else if (!start_listening (self, self->port, &error))
    g_critical ("The fault proxy cannot listen on port %u again: %s", self->port, error->message);
}

void
plenum_fault_proxy_set_throttle (PlenumFaultProxy *self,
                                 gsize             bytes_per_second)
{
  g_return_if_fail (PLENUM_IS_FAULT_PROXY (self));
  self->throttle = bytes_per_second;
}

void
plenum_fault_proxy_set_corrupt_at (PlenumFaultProxy *self,
                                   gssize            position)
{
  g_return_if_fail (PLENUM_IS_FAULT_PROXY (self));
  g_return_if_fail (position >= -1);
  self->corrupt_at = position;
}

void
plenum_fault_proxy_set_stall (PlenumFaultProxy *self,
                              gboolean          stall)
{
  g_return_if_fail (PLENUM_IS_FAULT_PROXY (self));

  stall = !!stall;
  if (self->stall == stall)
    return;
  self->stall = stall;
  if (stall)
    return;

  /* Resume the parked pumps; pump_read() may close a connection, so walk a copy. */
  {
    g_autoptr(GPtrArray) conns = g_ptr_array_new_with_free_func ((GDestroyNotify) conn_unref);

    for (guint i = 0; i < self->conns->len; i++)
      g_ptr_array_add (conns, conn_ref (g_ptr_array_index (self->conns, i)));
    for (guint i = 0; i < conns->len; i++)
      {
        ProxyConn *conn = g_ptr_array_index (conns, i);

        for (guint j = 0; j < 2; j++)
          {
            Pump *pump = j == 0 ? &conn->down : &conn->up;

            if (pump->parked && !conn->closed)
              {
                pump->parked = FALSE;
                pump_read (pump);
              }
          }
      }
  }
}

void
plenum_fault_proxy_set_http_error (PlenumFaultProxy *self,
                                   guint             status,
                                   guint             count)
{
  g_return_if_fail (PLENUM_IS_FAULT_PROXY (self));
  g_return_if_fail (status == 0 || (status >= 400 && status <= 599));

  self->http_error_status = count > 0 ? status : 0;
  self->http_error_count = status > 0 ? count : 0;
}

void
plenum_fault_proxy_set_cut_random (PlenumFaultProxy *self,
                                   guint32           seed,
                                   gsize             min,
                                   gsize             max)
{
  g_return_if_fail (PLENUM_IS_FAULT_PROXY (self));
  g_return_if_fail (min <= max);

  g_clear_pointer (&self->cut_rand, g_rand_free);
  if (max == 0)
    return;
  self->cut_rand = g_rand_new_with_seed (seed);
  self->cut_min = min;
  self->cut_max = max;
}

void
plenum_fault_proxy_close_all (PlenumFaultProxy *self)
{
  g_return_if_fail (PLENUM_IS_FAULT_PROXY (self));

  while (self->conns->len > 0)
    {
      /* Takes over the list's reference, so conn_close() has none to drop. Taken out
       * here rather than by conn_close() so that clang's analyzer sees the list
       * shorten: it does not know that conn->proxy is self, and reported the freed
       * connection at index 0 again. */
      ProxyConn *conn = g_ptr_array_steal_index_fast (self->conns, 0);

      conn_close (conn);
      conn_unref (conn);
    }
}

guint
plenum_fault_proxy_get_n_connections (PlenumFaultProxy *self)
{
  g_return_val_if_fail (PLENUM_IS_FAULT_PROXY (self), 0);
  return self->n_connections;
}

guint
plenum_fault_proxy_get_n_open (PlenumFaultProxy *self)
{
  g_return_val_if_fail (PLENUM_IS_FAULT_PROXY (self), 0);
  return self->conns->len;
}

guint
plenum_fault_proxy_get_n_cut (PlenumFaultProxy *self)
{
  g_return_val_if_fail (PLENUM_IS_FAULT_PROXY (self), 0);
  return self->n_cut;
}

guint
plenum_fault_proxy_get_n_corrupted (PlenumFaultProxy *self)
{
  g_return_val_if_fail (PLENUM_IS_FAULT_PROXY (self), 0);
  return self->n_corrupted;
}

guint
plenum_fault_proxy_get_n_http_errors (PlenumFaultProxy *self)
{
  g_return_val_if_fail (PLENUM_IS_FAULT_PROXY (self), 0);
  return self->n_http_errors;
}

guint64
plenum_fault_proxy_get_bytes_downstream (PlenumFaultProxy *self)
{
  g_return_val_if_fail (PLENUM_IS_FAULT_PROXY (self), 0);
  return self->bytes_downstream;
}

guint64
plenum_fault_proxy_get_bytes_upstream (PlenumFaultProxy *self)
{
  g_return_val_if_fail (PLENUM_IS_FAULT_PROXY (self), 0);
  return self->bytes_upstream;
}
