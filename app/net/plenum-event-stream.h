/* plenum-event-stream.h — one open Server-Sent Events connection (GET /api/v1/events),
 * made by plenum_http_client_open_events().
 *
 * Signals, all emitted on the client's main context, never from inside libcurl:
 *
 *   "opened"    ()  — the server answered 200 with text/event-stream; events follow.
 *                     (The sync engine may reset its backoff here.)
 *   "event"     (const char *id, const char *type, const char *data)
 *                   — one dispatched SSE event: @id is the last event id (as the SSE
 *                     spec says: the last "id" field so far, else the Last-Event-ID the
 *                     stream was opened with, else ""), @type the "event" field ("message" when none),
 *                     @data the joined data lines (valid UTF-8; the caller parses the
 *                     JSON with the strict layer).
 *   "heartbeat" ()  — a comment line arrived (the server's ": heartbeat"). Any byte
 *                     also resets the watchdog; this is for the caller's own liveness
 *                     display.
 *   "closed"    (GError *error) — the stream ended by itself, once, and nothing is
 *                     emitted after it. @error is NULL when the server ended the
 *                     response cleanly (e.g. the token expired or was signed out),
 *                     else: PLENUM_HTTP_ERROR (TIMEOUT when the watchdog saw no byte for
 *                     its interval; CONNECTION_LOST when the connection broke;
 *                     UNREACHABLE, TLS; a protocol code such as UNAUTHORIZED when the
 *                     server refused the request with a JSON error; BAD_RESPONSE when
 *                     the answer was not an event stream) or PLENUM_SSE_ERROR (an event
 *                     over 1 MiB, bad UTF-8).
 *
 * plenum_event_stream_close() ends the stream quietly: no signal is emitted after it
 * returns, "closed" included. Disposing the stream closes it.
 *
 * The stream does NOT reconnect. Reconnection and backoff belong to the sync engine,
 * which opens a new stream with plenum_event_stream_get_last_event_id().
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PLENUM_TYPE_EVENT_STREAM (plenum_event_stream_get_type ())
G_DECLARE_FINAL_TYPE (PlenumEventStream, plenum_event_stream, PLENUM, EVENT_STREAM, GObject)

/* Stops the transfer now; idempotent. No signal after it returns. */
void          plenum_event_stream_close              (PlenumEventStream *self);

/* TRUE until "closed" was emitted or plenum_event_stream_close() was called. */
gboolean      plenum_event_stream_is_open            (PlenumEventStream *self);

/* TRUE once "opened" was emitted. */
gboolean      plenum_event_stream_is_connected       (PlenumEventStream *self);

/* The last event id the server set on this stream, else the one it was opened with
 * ("" when neither, or when the server cleared it with an empty "id"): what to send as
 * Last-Event-ID when reconnecting. */
const char   *plenum_event_stream_get_last_event_id  (PlenumEventStream *self);

/* The server's last "retry:" value in ms, or -1. */
gint64        plenum_event_stream_get_retry          (PlenumEventStream *self);

/* Bytes of the response body received so far (all of them, comments included). */
guint64       plenum_event_stream_get_bytes_received (PlenumEventStream *self);

G_END_DECLS
