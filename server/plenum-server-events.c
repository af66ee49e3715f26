/* plenum-server-events.c — the event fan-out to SSE streams; see plenum-server-events.h.
 *
 * A stream starts as an ordinary SoupServerMessage: its handler answers 200 with a chunked
 * text/event-stream and libsoup writes the status line and headers. When they are written
 * ("wrote-headers") the hub steals the connection from libsoup and hands it (a plain
 * socket connection, or a GTlsConnection over HTTPS, written through its pollable streams
 * either way) to the
 * hub's own thread, which writes the chunked body itself from then on. The streams thus
 * cost the main loop nothing: a paused libsoup message keeps a source in its context, and
 * with thousands of them every iteration of the loop that answers REST requests (ballots)
 * would walk thousands of sources.
 *
 * The thread is told what to do through a queue of commands (add a stream, attach its
 * socket, publish, revoke, close all), which keeps the order in which the main thread
 * called: a stream added before an event gets it, one added after does not need it.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-server"

#include "plenum-server-events.h"
#include "plenum-server-private.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "core/plenum-event.h"
#include "core/plenum-json.h"

/* The end of a chunked body. */
static const char last_chunk[] = "0\r\n\r\n";

/* Owned by the hub's thread once added (only the hub's thread reads or writes its fields);
 * the main thread keeps its address to name it in ATTACH and DROP commands, so the thread
 * frees a stream only once the main thread is done with it: after ATTACH or DROP. */
typedef struct
{
  GList              link;           /* in PlenumEventHub.streams; data is the stream */
  PlenumEventHub    *hub;            /* unowned: the hub outlives its streams */
  GIOStream         *connection;     /* owned, stolen from libsoup; NULL until attached */
  GSocket           *socket;         /* owned; NULL until attached */
  GSource           *read_watch;     /* notices the client going away */
  GSource           *write_watch;    /* while the socket is full */
  GQueue             pending;        /* of GBytes, chunks not yet written */
  gsize              offset;         /* bytes of the first pending chunk already written */
  gsize              queued;         /* bytes pending after the first replay */
  const char       **body_ids;       /* interned strings, NULL-terminated */
  gint64             expires_at_us;
  gint64             last_seq;
  guint8             token_hash[32];
  guint              sees_all : 1;
  guint              attached : 1;   /* the main thread has let go: ATTACH or DROP came */
  guint              ending : 1;     /* the last chunk is queued; close when written */
  guint              aborted : 1;    /* close at once, unwritten bytes dropped */
} Stream;

typedef enum
{
  COMMAND_ADD,
  COMMAND_ATTACH,
  COMMAND_DROP,
  COMMAND_PUBLISH,
  COMMAND_REVOKE,
  COMMAND_CLOSE_ALL,
} CommandKind;

typedef struct
{
  CommandKind  kind;
  Stream      *stream;               /* ADD, ATTACH, DROP */
  GIOStream   *connection;           /* ATTACH, owned */
  GSocket     *socket;               /* ATTACH, owned */
  GBytes      *chunk;                /* PUBLISH, owned */
  const char  *body_id;              /* PUBLISH, interned; NULL: everyone's */
  gint64       seq;                  /* PUBLISH */
  guint8       token_hash[32];       /* REVOKE */
} Command;

struct _PlenumEventHub
{
  GObject       parent_instance;

  GThread      *thread;
  GMainContext *context;             /* the hub thread's */
  GMainLoop    *loop;
  GSource      *commands_source;     /* in context: ready when commands wait */

  GMutex        lock;                /* protects the fields down to n_closes_done */
  GCond         cond;
  GQueue        commands;            /* of Command */
  guint         n_closes_done;       /* CLOSE_ALL commands carried out */

  /* The hub thread's (or, once it has stopped, dispose's) */
  GQueue        streams;             /* of Stream, by their embedded links */
  GSource      *heartbeat;
  GBytes       *heartbeat_bytes;
  guint         heartbeat_seconds;

  GBytes       *last_chunk;

  gint          n_streams;           /* atomic: read from any thread */
};

G_DEFINE_FINAL_TYPE (PlenumEventHub, plenum_event_hub, G_TYPE_OBJECT)

static void
command_free (Command *command)
{
  g_clear_object (&command->connection);
  g_clear_object (&command->socket);
  g_clear_pointer (&command->chunk, g_bytes_unref);
  g_free (command);
}

/* Main thread (or any): queues @command for the hub's thread and wakes it. */
static void
push_command (PlenumEventHub *self,
              Command        *command)
{
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->commands, command);
  g_mutex_unlock (&self->lock);
  g_source_set_ready_time (self->commands_source, 0);
}

static void
destroy_watch (GSource **watch)
{
  if (*watch == NULL)
    return;
  g_source_destroy (*watch);
  g_clear_pointer (watch, g_source_unref);
}

static void
stream_free (Stream *stream)
{
  destroy_watch (&stream->read_watch);
  destroy_watch (&stream->write_watch);
  /* Through the stream, so that a TLS connection ends with its close_notify; the socket
   * is closed either way. */
  if (stream->connection != NULL)
    g_io_stream_close (stream->connection, NULL, NULL);
  if (stream->socket != NULL)
    g_socket_close (stream->socket, NULL);
  g_clear_object (&stream->connection);
  g_clear_object (&stream->socket);
  g_queue_clear_full (&stream->pending, (GDestroyNotify) g_bytes_unref);
  g_clear_pointer (&stream->body_ids, g_free);
  g_free (stream);
}

/* Forgets @stream and closes its connection. */
static void
stream_remove (Stream *stream)
{
  PlenumEventHub *self = stream->hub;

  g_queue_unlink (&self->streams, &stream->link);
  g_atomic_int_add (&self->n_streams, -1);
  g_debug ("event stream closed; %u open", self->streams.length);
  stream_free (stream);
}

/* Ends @stream at once (the client is gone or does not read). A stream whose connection
 * the main thread still holds goes when ATTACH or DROP comes. */
static void
stream_abort (Stream *stream)
{
  stream->aborted = TRUE;
  stream->ending = TRUE;
  if (stream->attached)
    stream_remove (stream);
}

static gboolean on_stream_writable_cb (GObject  *pollable,
                                       gpointer  user_data);

/* Writes what it can of @stream's pending chunks. FALSE when the stream was removed. */
static gboolean
stream_flush (Stream *stream)
{
  GPollableOutputStream *output;

  if (stream->connection == NULL)
    return TRUE;
  /* Written through the connection's own stream, not the socket: over HTTPS it is a
   * GTlsConnection, which encrypts what it writes. */
  output = G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (stream->connection));

  while (stream->pending.head != NULL)
    {
      GBytes *chunk = stream->pending.head->data;
      gsize size = 0;
      const char *data = g_bytes_get_data (chunk, &size);
      g_autoptr(GError) error = NULL;
      gssize n;

      n = g_pollable_output_stream_write_nonblocking (output, data + stream->offset,
                                                      size - stream->offset, NULL, &error);
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          if (stream->write_watch == NULL)
            {
              stream->write_watch = g_pollable_output_stream_create_source (output, NULL);
              g_source_set_callback (stream->write_watch,
                                     G_SOURCE_FUNC (on_stream_writable_cb), stream, NULL);
              g_source_set_name (stream->write_watch, "[plenum] event stream write");
              g_source_attach (stream->write_watch, stream->hub->context);
            }
          return TRUE;
        }
      if (n < 0)
        {
          g_debug ("an event stream's write failed: %s", error->message);
          stream_remove (stream);
          return FALSE;
        }

      stream->offset += (gsize) n;
      stream->queued -= MIN (stream->queued, (gsize) n);
      if (stream->offset == size)
        {
          g_bytes_unref (g_queue_pop_head (&stream->pending));
          stream->offset = 0;
        }
    }

  destroy_watch (&stream->write_watch);
  if (stream->ending)
    {
      /* The last chunk is out: the client has the whole response. */
      stream_remove (stream);
      return FALSE;
    }
  return TRUE;
}

static gboolean
on_stream_writable_cb (GObject  *pollable,
                       gpointer  user_data)
{
  Stream *stream = user_data;

  /* The watch is kept while the socket stays full; stream_flush drops it once empty. */
  g_clear_pointer (&stream->write_watch, g_source_unref);
  stream_flush (stream);
  return G_SOURCE_REMOVE;
}

/* Queues @chunk on @stream and writes what the socket takes. FALSE when the stream went. */
static gboolean
stream_send (Stream *stream,
             GBytes *chunk)
{
  gboolean was_empty = stream->pending.head == NULL;

  stream->queued += g_bytes_get_size (chunk);
  if (stream->queued > PLENUM_EVENT_HUB_MAX_QUEUED)
    {
      g_debug ("an event stream fell behind by %zu bytes; closing it", stream->queued);
      stream_abort (stream);
      return FALSE;
    }
  g_queue_push_tail (&stream->pending, g_bytes_ref (chunk));
  if (was_empty)
    return stream_flush (stream);
  return TRUE;
}

/* Ends @stream cleanly: the chunked body is terminated, then the connection closed. */
static void
stream_end (Stream *stream)
{
  if (stream->ending)
    return;
  stream->ending = TRUE;
  /* Not counted against the queue limit: the stream ends either way. */
  g_queue_push_tail (&stream->pending, g_bytes_ref (stream->hub->last_chunk));
  if (stream->pending.length == 1)
    stream_flush (stream);
}

/* The client sends nothing on an event stream, so a readable socket means it has gone
 * (EOF) or sent another request behind the stream. The connection is the hub's now and
 * cannot go back to libsoup: in the second case the stream ends cleanly and the client
 * sends its request again on a new connection, as HTTP clients do when a kept-alive
 * connection closes. */
static gboolean
on_stream_readable_cb (GObject  *pollable,
                       gpointer  user_data)
{
  Stream *stream = user_data;
  g_autoptr(GError) error = NULL;
  char byte;
  gssize n;

  /* Read, not peeked: whatever came ends the stream anyway. Over TLS a record that holds
   * no data for the application (a key update) reads as "would block". */
  n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (pollable), &byte, 1,
                                                NULL, &error);
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&stream->read_watch, g_source_unref);
  if (n > 0)
    {
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

/* @text framed as one chunk of a chunked body; framed once, shared by every stream. */
static GBytes *
chunk_new (const char *text,
           gsize       size)
{
  GString *chunk = g_string_sized_new (size + 16);

  g_string_printf (chunk, "%zx\r\n", size);
  g_string_append_len (chunk, text, (gssize) size);
  g_string_append (chunk, "\r\n");
  return g_string_free_to_bytes (chunk);
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
        stream_send (stream, self->heartbeat_bytes);
    }
  return G_SOURCE_CONTINUE;
}

/* Hub thread */

static void
run_attach (PlenumEventHub *self,
            Command        *command)
{
  Stream *stream = command->stream;

  stream->attached = TRUE;
  stream->connection = g_steal_pointer (&command->connection);
  stream->socket = g_steal_pointer (&command->socket);
  if (stream->aborted || stream->socket == NULL)
    {
      stream_remove (stream);
      return;
    }

  if (stream->connection == NULL)
    {
      stream_remove (stream);
      return;
    }
  stream->read_watch = g_pollable_input_stream_create_source (
    G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (stream->connection)), NULL);
  g_source_set_callback (stream->read_watch, G_SOURCE_FUNC (on_stream_readable_cb),
                         stream, NULL);
  g_source_set_name (stream->read_watch, "[plenum] event stream");
  g_source_attach (stream->read_watch, self->context);
  stream_flush (stream);
}

static void
run_publish (PlenumEventHub *self,
             Command        *command)
{
  GList *link = self->streams.head;

  while (link != NULL)
    {
      Stream *stream = link->data;

      link = link->next;
      if (stream->ending || command->seq <= stream->last_seq ||
          !stream_sees (stream, command->body_id))
        continue;
      stream->last_seq = command->seq;
      stream_send (stream, command->chunk);
    }
}

static void
run_revoke (PlenumEventHub *self,
            Command        *command)
{
  GList *link = self->streams.head;

  while (link != NULL)
    {
      Stream *stream = link->data;

      link = link->next;
      if (memcmp (stream->token_hash, command->token_hash, sizeof stream->token_hash) == 0)
        stream_end (stream);
    }
}

static void
run_close_all (PlenumEventHub *self)
{
  GList *link = self->streams.head;

  while (link != NULL)
    {
      Stream *stream = link->data;

      link = link->next;
      stream_abort (stream);
    }
}

/* Carries out @command; on the hub's thread, or in dispose once that has stopped. */
static void
run_command (PlenumEventHub *self,
             Command        *command)
{
  switch (command->kind)
    {
    case COMMAND_ADD:
      g_queue_push_tail_link (&self->streams, &command->stream->link);
      g_atomic_int_inc (&self->n_streams);
      g_debug ("event stream opened; %u open", self->streams.length);
      break;
    case COMMAND_ATTACH:
      run_attach (self, command);
      break;
    case COMMAND_DROP:
      /* libsoup finished the message before its headers were written. */
      command->stream->attached = TRUE;
      stream_remove (command->stream);
      break;
    case COMMAND_PUBLISH:
      run_publish (self, command);
      break;
    case COMMAND_REVOKE:
      run_revoke (self, command);
      break;
    case COMMAND_CLOSE_ALL:
      run_close_all (self);
      g_mutex_lock (&self->lock);
      self->n_closes_done++;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
on_commands_ready_cb (gpointer user_data)
{
  PlenumEventHub *self = user_data;
  GQueue commands = G_QUEUE_INIT;

  /* Reset before taking the queue: a command pushed meanwhile sets it again. */
  g_source_set_ready_time (self->commands_source, -1);
  g_mutex_lock (&self->lock);
  commands = self->commands;
  g_queue_init (&self->commands);
  g_mutex_unlock (&self->lock);

  for (GList *link = commands.head; link != NULL; link = link->next)
    run_command (self, link->data);
  g_queue_clear_full (&commands, (GDestroyNotify) command_free);
  return G_SOURCE_CONTINUE;
}

static gboolean
commands_dispatch (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs commands_funcs = {
  .dispatch = commands_dispatch,
};

static gpointer
hub_thread_main (gpointer user_data)
{
  PlenumEventHub *self = user_data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
on_quit_requested_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Main thread */

void
plenum_event_hub_close_all (PlenumEventHub *self)
{
  guint ticket;

  g_return_if_fail (PLENUM_IS_EVENT_HUB (self));

  if (self->thread == NULL)
    return;

  /* The main loop may not run again: wait until the hub's thread has closed them. */
  g_mutex_lock (&self->lock);
  ticket = self->n_closes_done + 1;
  g_mutex_unlock (&self->lock);
  {
    Command *command = g_new0 (Command, 1);

    command->kind = COMMAND_CLOSE_ALL;
    push_command (self, command);
  }
  g_mutex_lock (&self->lock);
  while (self->n_closes_done < ticket)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

static void
plenum_event_hub_dispose (GObject *object)
{
  PlenumEventHub *self = (PlenumEventHub *) object;

  if (self->thread != NULL)
    {
      g_main_context_invoke (self->context, on_quit_requested_cb, self->loop);
      g_thread_join (g_steal_pointer (&self->thread));
    }

  /* The thread has stopped: what it left is ours. Commands still queued (a DROP from a
   * message libsoup finished at shutdown) are carried out so that every stream is freed. */
  {
    Command *command;

    while ((command = g_queue_pop_head (&self->commands)) != NULL)
      {
        run_command (self, command);
        command_free (command);
      }
  }
  {
    Stream *stream;

    /* Peeked again each time: stream_remove() unlinks the head. */
    while ((stream = g_queue_peek_head (&self->streams)) != NULL)
      {
        stream->attached = TRUE;
        stream_remove (stream);
      }
  }
  destroy_watch (&self->heartbeat);
  destroy_watch (&self->commands_source);

  G_OBJECT_CLASS (plenum_event_hub_parent_class)->dispose (object);
}

static void
plenum_event_hub_finalize (GObject *object)
{
  PlenumEventHub *self = (PlenumEventHub *) object;

  g_clear_pointer (&self->heartbeat_bytes, g_bytes_unref);
  g_clear_pointer (&self->last_chunk, g_bytes_unref);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

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

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->commands);
  g_queue_init (&self->streams);
  self->heartbeat_bytes = chunk_new (heartbeat, sizeof heartbeat - 1);
  self->last_chunk = g_bytes_new_static (last_chunk, sizeof last_chunk - 1);
}

PlenumEventHub *
plenum_event_hub_new (guint heartbeat_seconds)
{
  PlenumEventHub *self;

  g_return_val_if_fail (heartbeat_seconds > 0, NULL);

  self = g_object_new (PLENUM_TYPE_EVENT_HUB, NULL);
  self->heartbeat_seconds = heartbeat_seconds;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  self->commands_source = g_source_new (&commands_funcs, sizeof (GSource));
  g_source_set_callback (self->commands_source, on_commands_ready_cb, self, NULL);
  g_source_set_name (self->commands_source, "[plenum] event hub commands");
  g_source_attach (self->commands_source, self->context);

  self->heartbeat = g_timeout_source_new_seconds (heartbeat_seconds);
  g_source_set_callback (self->heartbeat, on_heartbeat_cb, self, NULL);
  g_source_set_name (self->heartbeat, "[plenum] event heartbeat");
  g_source_attach (self->heartbeat, self->context);

  self->thread = g_thread_new ("plenum-events", hub_thread_main, self);

  return self;
}

/* libsoup has written the status line and headers: the rest is the hub's. */
static void
on_stream_wrote_headers_cb (SoupServerMessage *msg,
                            gpointer           user_data)
{
  Stream *stream = user_data;
  PlenumEventHub *self = stream->hub;
  Command *command = g_new0 (Command, 1);
  GSocket *socket;

  g_signal_handlers_disconnect_by_data (msg, stream);
  command->kind = COMMAND_ATTACH;
  command->stream = stream;
  command->connection = soup_server_message_steal_connection (msg);
  /* From the stream: libsoup knows no socket for a kept-alive connection the server
   * handed back to it (plenum-server.c, "Kept-alive connections"). */
  socket = plenum_server_stream_get_socket (command->connection);
  command->socket = socket != NULL ? g_object_ref (socket) : NULL;
  push_command (self, command);
}

static void
on_stream_finished_cb (SoupServerMessage *msg,
                       gpointer           user_data)
{
  Stream *stream = user_data;
  Command *command = g_new0 (Command, 1);

  g_signal_handlers_disconnect_by_data (msg, stream);
  command->kind = COMMAND_DROP;
  command->stream = stream;
  push_command (stream->hub, command);
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
  g_autoptr(GString) text = g_string_new (NULL);
  Command *command;
  Stream *stream;
  guint n_bodies = body_ids != NULL ? body_ids->len : 0;

  g_return_if_fail (PLENUM_IS_EVENT_HUB (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  headers = soup_server_message_get_response_headers (msg);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  stream = g_new0 (Stream, 1);
  stream->link.data = stream;
  stream->hub = self;
  stream->sees_all = sees_all;
  stream->expires_at_us = expires_at_us;
  stream->last_seq = last_seq;
  memcpy (stream->token_hash, token_hash, sizeof stream->token_hash);
  stream->body_ids = g_new0 (const char *, n_bodies + 1);
  for (guint i = 0; i < n_bodies; i++)
    stream->body_ids[i] = g_intern_string (g_ptr_array_index (body_ids, i));

  /* What the stream starts with; written before anything published later, and not
   * counted against the queue limit, since a long replay may exceed it. */
  if (reset != NULL)
    {
      g_autofree char *one = plenum_server_event_format_sse (reset);

      g_string_append (text, one);
    }
  else if (replay != NULL)
    {
      for (guint i = 0; i < replay->len; i++)
        {
          g_autofree char *one = plenum_server_event_format_sse (g_ptr_array_index (replay, i));

          g_string_append (text, one);
        }
    }

  /* Tell the client where the stream stands, so that even one that has seen no event
   * yet (or only events it may not see) can resume from here after a break. An "id"
   * line without data is no event to the client, it only moves its last event id. */
  if (reset == NULL && last_seq > 0)
    g_string_append_printf (text, "id: %" G_GINT64_FORMAT "\n\n", last_seq);

  if (text->len > 0)
    g_queue_push_tail (&stream->pending, chunk_new (text->str, text->len));

  g_signal_connect (msg, "wrote-headers", G_CALLBACK (on_stream_wrote_headers_cb), stream);
  g_signal_connect (msg, "finished", G_CALLBACK (on_stream_finished_cb), stream);

  /* From here on the stream is the hub thread's; it gets every event published after
   * this call, and frees the stream only after ATTACH or DROP. */
  command = g_new0 (Command, 1);
  command->kind = COMMAND_ADD;
  command->stream = stream;
  push_command (self, command);
}

void
plenum_event_hub_publish (PlenumEventHub          *self,
                          const PlenumServerEvent *event)
{
  g_autofree char *text = NULL;
  Command *command;

  g_return_if_fail (PLENUM_IS_EVENT_HUB (self));
  g_return_if_fail (event != NULL);

  text = plenum_server_event_format_sse (event);
  command = g_new0 (Command, 1);
  command->kind = COMMAND_PUBLISH;
  command->chunk = chunk_new (text, strlen (text));
  command->body_id = event->body_id != NULL ? g_intern_string (event->body_id) : NULL;
  command->seq = event->seq;
  push_command (self, command);
}

void
plenum_event_hub_revoke_token (PlenumEventHub *self,
                               const guint8    token_hash[32])
{
  Command *command;

  g_return_if_fail (PLENUM_IS_EVENT_HUB (self));

  command = g_new0 (Command, 1);
  command->kind = COMMAND_REVOKE;
  memcpy (command->token_hash, token_hash, sizeof command->token_hash);
  push_command (self, command);
}

guint
plenum_event_hub_get_n_streams (PlenumEventHub *self)
{
  g_return_val_if_fail (PLENUM_IS_EVENT_HUB (self), 0);
  return (guint) g_atomic_int_get (&self->n_streams);
}
