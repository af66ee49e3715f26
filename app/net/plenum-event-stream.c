/* plenum-event-stream.c — one Server-Sent Events connection: the parser, the watchdog
 * and the signals; the curl transfer itself belongs to PlenumHttpClient. See
 * plenum-event-stream.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-net"

#include "plenum-http-client-private.h"
#include "plenum-sse-parser.h"

struct _PlenumEventStream
{
  GObject parent_instance;

  /* Everything here is used only on the client's context (the client calls in from its
   * dispatch, after curl returned; the watchdog is a source on that context). */
  PlenumHttpClient *client;      /* a reference: the client outlives its streams */
  PlenumTransfer *transfer;      /* owned by the client; NULL once ended */
  PlenumSseParser *parser;      /* its last event id starts as the one we sent */
  gboolean open;                 /* no signal once FALSE */
  gboolean connected;
  guint64 bytes_received;

  guint watchdog_ms;             /* 0: no watchdog */
  GSource *watchdog;
  gint64 last_activity;          /* monotonic µs of the last byte (or of the opening) */
};

enum {
  SIGNAL_OPENED,
  SIGNAL_EVENT,
  SIGNAL_HEARTBEAT,
  SIGNAL_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PlenumEventStream, plenum_event_stream, G_TYPE_OBJECT)

static void
stop_watchdog (PlenumEventStream *self)
{
  if (self->watchdog != NULL)
    {
      g_source_destroy (self->watchdog);
      g_clear_pointer (&self->watchdog, g_source_unref);
    }
}

/* Ends the stream: quietly when @emit is FALSE (the owner closed it), else with
 * "closed" carrying @error (NULL: a clean end). */
static void
end_stream (PlenumEventStream *self,
            gboolean           emit,
            const GError      *error)
{
  g_autoptr(PlenumEventStream) hold = g_object_ref (self);

  if (!self->open)
    return;
  self->open = FALSE;
  plenum_sse_parser_stop (self->parser);
  stop_watchdog (self);
  if (self->transfer != NULL)
    {
      PlenumTransfer *transfer = g_steal_pointer (&self->transfer);
      plenum_http_client_abort_transfer (self->client, transfer);
    }
  if (emit)
    g_signal_emit (self, signals[SIGNAL_CLOSED], 0, error);
}

/* ---- The watchdog ------------------------------------------------------------------ */

static gboolean
watchdog_dispatch (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs watchdog_funcs = {
  .dispatch = watchdog_dispatch,
};

static gboolean
watchdog_fired_cb (gpointer user_data)
{
  PlenumEventStream *self = user_data;
  gint64 deadline = self->last_activity + (gint64) self->watchdog_ms * 1000;

  if (g_get_monotonic_time () < deadline)
    {
      /* Bytes came since it was armed: sleep until the new deadline. Re-arming here,
       * rather than on every byte, keeps a busy stream from waking the loop. */
      g_source_set_ready_time (self->watchdog, deadline);
      return G_SOURCE_CONTINUE;
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *message =
      g_strdup_printf ("The server sent nothing on the event stream for %u ms", self->watchdog_ms);

    error = plenum_http_error_new_full (PLENUM_HTTP_ERROR_TIMEOUT, NULL, 0, -1, message);
    end_stream (self, TRUE, error);
  }
  return G_SOURCE_REMOVE;
}

/* ---- Parser callbacks -------------------------------------------------------------- */

static void
parser_event_cb (const char *id,
                 const char *type,
                 const char *data,
                 gsize       data_len,
                 gpointer    user_data)
{
  PlenumEventStream *self = user_data;

  if (self->open)
    g_signal_emit (self, signals[SIGNAL_EVENT], 0, id, type, data);
}

static void
parser_comment_cb (const char *text,
                   gpointer    user_data)
{
  PlenumEventStream *self = user_data;

  if (self->open)
    g_signal_emit (self, signals[SIGNAL_HEARTBEAT], 0);
}

static const PlenumSseParserCallbacks parser_callbacks = {
  .event = parser_event_cb,
  .comment = parser_comment_cb,
};

/* ---- Called by the client ---------------------------------------------------------- */

PlenumEventStream *
plenum_event_stream_new_internal (PlenumHttpClient *client,
                                  const char       *last_event_id,
                                  guint             watchdog_ms)
{
  PlenumEventStream *self = g_object_new (PLENUM_TYPE_EVENT_STREAM, NULL);

  self->client = g_object_ref (client);
  self->parser = plenum_sse_parser_new (&parser_callbacks, self, 0);
  plenum_sse_parser_set_last_event_id (self->parser, last_event_id);
  self->open = TRUE;
  self->watchdog_ms = watchdog_ms;
  self->last_activity = g_get_monotonic_time ();

  if (watchdog_ms > 0)
    {
      self->watchdog = g_source_new (&watchdog_funcs, sizeof (GSource));
      g_source_set_name (self->watchdog, "[plenum] event stream watchdog");
      /* The source does not keep the stream alive: dispose destroys it. */
      g_source_set_callback (self->watchdog, watchdog_fired_cb, self, NULL);
      g_source_set_ready_time (self->watchdog, self->last_activity + (gint64) watchdog_ms * 1000);
      g_source_attach (self->watchdog, plenum_http_client_get_context (client));
    }
  return self;
}

void
plenum_event_stream_set_transfer (PlenumEventStream *self,
                                  PlenumTransfer    *transfer)
{
  g_return_if_fail (PLENUM_IS_EVENT_STREAM (self));
  self->transfer = transfer;
}

void
plenum_event_stream_handle_opened (PlenumEventStream *self)
{
  g_return_if_fail (PLENUM_IS_EVENT_STREAM (self));

  if (!self->open || self->connected)
    return;
  self->connected = TRUE;
  self->last_activity = g_get_monotonic_time ();
  g_signal_emit (self, signals[SIGNAL_OPENED], 0);
}

void
plenum_event_stream_handle_bytes (PlenumEventStream *self,
                                  const guint8      *data,
                                  gsize              len)
{
  g_autoptr(PlenumEventStream) hold = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PLENUM_IS_EVENT_STREAM (self));

  if (!self->open)
    return;
  hold = g_object_ref (self);
  self->last_activity = g_get_monotonic_time ();
  self->bytes_received += len;
  if (!plenum_sse_parser_feed (self->parser, data, len, &error))
    end_stream (self, TRUE, error);
}

void
plenum_event_stream_handle_finished (PlenumEventStream *self,
                                     const GError      *error)
{
  g_return_if_fail (PLENUM_IS_EVENT_STREAM (self));

  /* The client has already taken the transfer apart. */
  self->transfer = NULL;
  end_stream (self, TRUE, error);
}

/* ---- Public ------------------------------------------------------------------------ */

void
plenum_event_stream_close (PlenumEventStream *self)
{
  g_return_if_fail (PLENUM_IS_EVENT_STREAM (self));
  end_stream (self, FALSE, NULL);
}

gboolean
plenum_event_stream_is_open (PlenumEventStream *self)
{
  g_return_val_if_fail (PLENUM_IS_EVENT_STREAM (self), FALSE);
  return self->open;
}

gboolean
plenum_event_stream_is_connected (PlenumEventStream *self)
{
  g_return_val_if_fail (PLENUM_IS_EVENT_STREAM (self), FALSE);
  return self->connected;
}

const char *
plenum_event_stream_get_last_event_id (PlenumEventStream *self)
{
  g_return_val_if_fail (PLENUM_IS_EVENT_STREAM (self), "");
  return plenum_sse_parser_get_last_event_id (self->parser);
}

gint64
plenum_event_stream_get_retry (PlenumEventStream *self)
{
  g_return_val_if_fail (PLENUM_IS_EVENT_STREAM (self), -1);
  return plenum_sse_parser_get_retry (self->parser);
}

guint64
plenum_event_stream_get_bytes_received (PlenumEventStream *self)
{
  g_return_val_if_fail (PLENUM_IS_EVENT_STREAM (self), 0);
  return self->bytes_received;
}

/* ---- GObject ----------------------------------------------------------------------- */

static void
plenum_event_stream_dispose (GObject *object)
{
  PlenumEventStream *self = PLENUM_EVENT_STREAM (object);

  if (self->client != NULL)
    end_stream (self, FALSE, NULL);
  stop_watchdog (self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (plenum_event_stream_parent_class)->dispose (object);
}

static void
plenum_event_stream_finalize (GObject *object)
{
  PlenumEventStream *self = PLENUM_EVENT_STREAM (object);

  g_clear_pointer (&self->parser, plenum_sse_parser_free);

  G_OBJECT_CLASS (plenum_event_stream_parent_class)->finalize (object);
}

static void
plenum_event_stream_class_init (PlenumEventStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plenum_event_stream_dispose;
  object_class->finalize = plenum_event_stream_finalize;

  signals[SIGNAL_OPENED] =
    g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_HEARTBEAT] =
    g_signal_new ("heartbeat", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
plenum_event_stream_init (PlenumEventStream *self)
{
}
