/* plenum-server-events.c — the event fan-out to SSE streams; see plenum-server-events.h.
 *
 * A stream is a SoupServerMessage with a chunked response that never completes on its
 * own: libsoup writes what is appended to the response body and pauses itself when it runs
 * out; appending more and calling soup_server_message_unpause() sends it. The response
 * body does not accumulate, so written chunks are freed at once.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-server"

#include "plenum-server-events.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "core/plenum-event.h"
#include "core/plenum-json.h"

typedef struct
{
  GList              link;           /* in PlenumEventHub.streams; data is the stream */
  PlenumEventHub    *hub;            /* unowned: the hub outlives its streams */
  SoupServerMessage *msg;            /* owned */
  GSource           *watch;          /* notices the client going away */
  const char       **body_ids;       /* interned strings, NULL-terminated */
  gint64             expires_at_us;
  gint64             last_seq;
  gsize              queued;         /* bytes appended and not yet written */
  gulong             finished_handler;
  gulong             wrote_handler;
  guint8             token_hash[32];
  guint              sees_all : 1;
  guint              ending : 1;     /* the body is complete; waiting for "finished" */
} Stream;

struct _PlenumEventHub
{
  GObject       parent_instance;

  GMainContext *context;
  GQueue        streams;             /* of Stream, by their embedded links */
  GSource      *heartbeat;
  GBytes       *heartbeat_bytes;
  guint         heartbeat_seconds;
};

G_DEFINE_FINAL_TYPE (PlenumEventHub, plenum_event_hub, G_TYPE_OBJECT)

static void
stream_free (Stream *stream)
{
  g_clear_pointer (&stream->body_ids, g_free);
  g_clear_object (&stream->msg);
  g_free (stream);
}

/* Forgets @stream: after this the hub no longer touches its message. */
static void
stream_remove (Stream *stream)
{
  PlenumEventHub *self = stream->hub;

  g_queue_unlink (&self->streams, &stream->link);
  g_clear_signal_handler (&stream->finished_handler, stream->msg);
  g_clear_signal_handler (&stream->wrote_handler, stream->msg);
  if (stream->watch != NULL)
    {
      g_source_destroy (stream->watch);
      g_clear_pointer (&stream->watch, g_source_unref);
    }
  g_debug ("event stream closed; %u open", self->streams.length);
  stream_free (stream);
}

static void stream_end (Stream *stream);

/* Ends @stream at once (the client is gone or does not read): the socket is shut down
 * and the message completed, so libsoup's next write fails and it finishes the message
 * ("finished" removes the stream). Stealing the connection instead would make libsoup ask
 * a dead socket for its peer's address, which it logs as a warning. */
static void
stream_abort (Stream *stream)
{
  GSocket *socket = soup_server_message_get_socket (stream->msg);

  if (stream->watch != NULL)
    {
      g_source_destroy (stream->watch);
      g_clear_pointer (&stream->watch, g_source_unref);
    }
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
  stream_end (stream);
}

/* Ends @stream cleanly: the chunked body is terminated and the connection stays usable.
 * "finished" then removes the stream. */
static void
stream_end (Stream *stream)
{
  if (stream->ending)
    return;
  stream->ending = TRUE;
  soup_message_body_complete (soup_server_message_get_response_body (stream->msg));
  soup_server_message_unpause (stream->msg);
}

/* Queues @bytes on @stream; @wake: the message may be paused (not inside its handler). */
static gboolean
stream_send (Stream   *stream,
             GBytes   *bytes,
             gboolean  wake)
{
  stream->queued += g_bytes_get_size (bytes);
  if (stream->queued > PLENUM_EVENT_HUB_MAX_QUEUED)
    {
      g_debug ("an event stream fell behind by %zu bytes; closing it", stream->queued);
      stream_abort (stream);
      return FALSE;
    }
  soup_message_body_append_bytes (soup_server_message_get_response_body (stream->msg), bytes);
  if (wake)
    soup_server_message_unpause (stream->msg);
  return TRUE;
}

static void
on_stream_finished_cb (SoupServerMessage *msg,
                       gpointer           user_data)
{
  stream_remove (user_data);
}

static void
on_stream_wrote_body_data_cb (SoupServerMessage *msg,
                              guint              chunk_size,
                              gpointer           user_data)
{
  Stream *stream = user_data;

  stream->queued -= MIN (stream->queued, (gsize) chunk_size);
}

/* The client sends nothing on an event stream, so a readable socket means it has gone
 * (EOF) or broken the protocol. */
static gboolean
on_stream_socket_readable_cb (GSocket      *socket,
                              GIOCondition  condition,
                              gpointer      user_data)
{
  Stream *stream = user_data;
  char byte;
  gssize n;

  n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return G_SOURCE_CONTINUE;

  if (n > 0)
    {
      /* A request behind the stream: end the stream so libsoup can read it. */
      g_clear_pointer (&stream->watch, g_source_unref);
      stream_end (stream);
      return G_SOURCE_REMOVE;
    }

  g_debug ("an event stream's client went away");
  stream_abort (stream);
  return G_SOURCE_REMOVE;
}

char *
plenum_server_event_format_sse (const PlenumServerEvent *event)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (event->time);
  g_autoptr(cJSON) data = event->data != NULL ? cJSON_Parse (event->data) : NULL;
  g_autoptr(PlenumEvent) model = NULL;
  g_autoptr(cJSON) json = NULL;
  g_autofree char *text = NULL;

  /* Written by the core model, so that the server writes what clients read. */
  model = plenum_event_new (event->seq, event->type, time, event->meeting_id, data);
  json = plenum_event_to_json (model);
  text = plenum_json_print (json);

  return g_strdup_printf ("id: %" G_GINT64_FORMAT "\nevent: %s\ndata: %s\n\n",
                          event->seq, event->type, text);
}

static GBytes *
format_bytes (const PlenumServerEvent *event)
{
  char *text = plenum_server_event_format_sse (event);

  return g_bytes_new_take (text, strlen (text));
}

static gboolean
stream_sees (const Stream *stream,
             const char   *interned_body_id)
{
  if (stream->sees_all || interned_body_id == NULL)
    return TRUE;
  for (const char **id = stream->body_ids; *id != NULL; id++)
    if (*id == interned_body_id)
      return TRUE;
  return FALSE;
}

static gboolean
on_heartbeat_cb (gpointer user_data)
{
  PlenumEventHub *self = user_data;
  gint64 now = g_get_real_time ();
  GList *link = self->streams.head;

  while (link != NULL)
    {
      Stream *stream = link->data;

      link = link->next; /* the stream may go away below */
      if (stream->ending)
        continue;
      if (stream->expires_at_us > 0 && stream->expires_at_us <= now)
        stream_end (stream);
      else
        stream_send (stream, self->heartbeat_bytes, TRUE);
    }
  return G_SOURCE_CONTINUE;
}

void
plenum_event_hub_close_all (PlenumEventHub *self)
{
  g_return_if_fail (PLENUM_IS_EVENT_HUB (self));

  /* The main loop may not run again: forget the streams now rather than on "finished". */
  while (self->streams.head != NULL)
    {
      Stream *stream = self->streams.head->data;
      GSocket *socket = soup_server_message_get_socket (stream->msg);

      if (socket != NULL)
        g_socket_shutdown (socket, TRUE, TRUE, NULL);
      stream_remove (stream);
    }
}

static void
plenum_event_hub_dispose (GObject *object)
{
  PlenumEventHub *self = (PlenumEventHub *) object;

  plenum_event_hub_close_all (self);
  if (self->heartbeat != NULL)
    {
      g_source_destroy (self->heartbeat);
      g_clear_pointer (&self->heartbeat, g_source_unref);
    }

  G_OBJECT_CLASS (plenum_event_hub_parent_class)->dispose (object);
}

static void
plenum_event_hub_finalize (GObject *object)
{
  PlenumEventHub *self = (PlenumEventHub *) object;

  g_clear_pointer (&self->heartbeat_bytes, g_bytes_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (plenum_event_hub_parent_class)->finalize (object);
}

static void
plenum_event_hub_class_init (PlenumEventHubClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plenum_event_hub_dispose;
  object_class->finalize = plenum_event_hub_finalize;
}

static void
plenum_event_hub_init (PlenumEventHub *self)
{
  static const char heartbeat[] = ": heartbeat\n\n";

  g_queue_init (&self->streams);
  self->heartbeat_bytes = g_bytes_new_static (heartbeat, sizeof heartbeat - 1);
}

PlenumEventHub *
plenum_event_hub_new (guint heartbeat_seconds)
{
  PlenumEventHub *self;

  g_return_val_if_fail (heartbeat_seconds > 0, NULL);

  self = g_object_new (PLENUM_TYPE_EVENT_HUB, NULL);
  self->heartbeat_seconds = heartbeat_seconds;
  self->context = g_main_context_ref_thread_default ();

  self->heartbeat = g_timeout_source_new_seconds (heartbeat_seconds);
  g_source_set_callback (self->heartbeat, on_heartbeat_cb, self, NULL);
  g_source_set_name (self->heartbeat, "[plenum] event heartbeat");
  g_source_attach (self->heartbeat, self->context);

  return self;
}

void
plenum_event_hub_subscribe (PlenumEventHub           *self,
                            SoupServerMessage        *msg,
                            gboolean                  sees_all,
                            GPtrArray                *body_ids,
                            const guint8              token_hash[32],
                            gint64                    expires_at_us,
                            const PlenumServerEvent  *reset,
                            GPtrArray                *replay,
                            gint64                    last_seq)
{
  SoupMessageHeaders *headers;
  SoupMessageBody *body;
  GSocket *socket;
  Stream *stream;
  guint n_bodies = body_ids != NULL ? body_ids->len : 0;

  g_return_if_fail (PLENUM_IS_EVENT_HUB (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  headers = soup_server_message_get_response_headers (msg);
  body = soup_server_message_get_response_body (msg);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (body, FALSE);

  stream = g_new0 (Stream, 1);
  stream->link.data = stream;
  stream->hub = self;
  stream->msg = g_object_ref (msg);
  stream->sees_all = sees_all;
  stream->expires_at_us = expires_at_us;
  stream->last_seq = last_seq;
  memcpy (stream->token_hash, token_hash, sizeof stream->token_hash);
  stream->body_ids = g_new0 (const char *, n_bodies + 1);
  for (guint i = 0; i < n_bodies; i++)
    stream->body_ids[i] = g_intern_string (g_ptr_array_index (body_ids, i));

  g_queue_push_tail_link (&self->streams, &stream->link);
  stream->finished_handler = g_signal_connect (msg, "finished",
                                               G_CALLBACK (on_stream_finished_cb), stream);
  stream->wrote_handler = g_signal_connect (msg, "wrote-body-data",
                                            G_CALLBACK (on_stream_wrote_body_data_cb), stream);

  socket = soup_server_message_get_socket (msg);
  if (socket != NULL)
    {
      stream->watch = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
      g_source_set_callback (stream->watch, G_SOURCE_FUNC (on_stream_socket_readable_cb),
                             stream, NULL);
      g_source_set_name (stream->watch, "[plenum] event stream");
      g_source_attach (stream->watch, self->context);
    }

  /* Still inside the handler: libsoup writes this once the handler returns. */
  if (reset != NULL)
    {
      g_autoptr(GBytes) bytes = format_bytes (reset);

      stream_send (stream, bytes, FALSE);
    }
  else if (replay != NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < replay->len; i++)
        {
          g_autofree char *one = plenum_server_event_format_sse (g_ptr_array_index (replay, i));

          g_string_append (text, one);
        }
      if (text->len > 0)
        {
          g_autoptr(GBytes) bytes = g_string_free_to_bytes (g_steal_pointer (&text));

          /* A long replay may exceed the queue limit: it is written before anything
           * else, so it does not count against it. */
          soup_message_body_append_bytes (body, bytes);
        }
    }

  /* Tell the client where the stream stands, so that even one that has seen no event
   * yet (or only events it may not see) can resume from here after a break. An "id"
   * line without data is no event to the client, it only moves its last event id. */
  if (reset == NULL && last_seq > 0)
    {
      g_autofree char *position = g_strdup_printf ("id: %" G_GINT64_FORMAT "\n\n", last_seq);

      soup_message_body_append (body, SOUP_MEMORY_COPY, position, strlen (position));
    }

  g_debug ("event stream opened; %u open", self->streams.length);
}

void
plenum_event_hub_publish (PlenumEventHub          *self,
                          const PlenumServerEvent *event)
{
  g_autoptr(GBytes) bytes = NULL;
  const char *body_id;
  GList *link;

  g_return_if_fail (PLENUM_IS_EVENT_HUB (self));
  g_return_if_fail (event != NULL);

  body_id = event->body_id != NULL ? g_intern_string (event->body_id) : NULL;
  link = self->streams.head;
  while (link != NULL)
    {
      Stream *stream = link->data;

      link = link->next;
      if (stream->ending || event->seq <= stream->last_seq || !stream_sees (stream, body_id))
        continue;
      if (bytes == NULL)
        bytes = format_bytes (event);
      stream->last_seq = event->seq;
      stream_send (stream, bytes, TRUE);
    }
}

void
plenum_event_hub_revoke_token (PlenumEventHub *self,
                               const guint8    token_hash[32])
{
  GList *link;

  g_return_if_fail (PLENUM_IS_EVENT_HUB (self));

  link = self->streams.head;
  while (link != NULL)
    {
      Stream *stream = link->data;

      link = link->next;
      if (memcmp (stream->token_hash, token_hash, sizeof stream->token_hash) == 0)
        stream_end (stream);
    }
}

guint
plenum_event_hub_get_n_streams (PlenumEventHub *self)
{
  g_return_val_if_fail (PLENUM_IS_EVENT_HUB (self), 0);
  return self->streams.length;
}
