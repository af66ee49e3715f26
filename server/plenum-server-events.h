/* plenum-server-events.h — the event fan-out: takes events of the global sequence and
 * writes them to the Server-Sent Events streams of the clients that may see them.
 *
 * Built for thousands of open streams: per stream it keeps a few words (the message, the
 * bodies whose meetings the client may see, interned, its token's hash and expiry, the last
 * sequence number sent, the bytes still queued), formats each event once and shares the
 * bytes between streams, never asks SQLite anything per stream, and runs one heartbeat
 * timer for all of them. A stream whose client has gone (the socket reads EOF), that falls
 * too far behind (too many queued bytes) or whose token expires or is signed out is ended.
 * Noticing a client that went away at once costs one socket watch per stream; should
 * that weigh at tens of thousands of streams, the heartbeat's failing write notices it
 * too, a heartbeat later.
 *
 * Threading: the calls below belong to the thread of the SoupServer's context (the main
 * thread). The streams themselves live on a thread of the hub's own with its own
 * GMainContext: once libsoup has written a stream's headers the hub steals its connection
 * and writes the chunked body there, so thousands of open streams add nothing to the loop
 * that answers REST requests. Calls reach that thread, in order, through a command queue;
 * close_all waits until it has closed every stream, and dispose stops the thread.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "plenum-server-db.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_EVENT_HUB (plenum_event_hub_get_type ())
G_DECLARE_FINAL_TYPE (PlenumEventHub, plenum_event_hub, PLENUM, EVENT_HUB, GObject)

/* Streams are ended when more than this many bytes wait for a client that does not read;
 * it reconnects with Last-Event-ID and gets the rest from the event log. */
#define PLENUM_EVENT_HUB_MAX_QUEUED (1024 * 1024)

PlenumEventHub *plenum_event_hub_new            (guint              heartbeat_seconds);

/* Takes over @msg, whose handler has checked the caller: answers 200 with a chunked
 * text/event-stream, sends @reset (when not NULL) or the @replay events (of
 * PlenumServerEvent, may be NULL), then every published event the caller may see: all
 * when @sees_all, else those of the bodies in @body_ids. @last_seq: the sequence number
 * the stream is at after the replay; later events at or below it are not sent again. The
 * stream ends when the token (@token_hash) is revoked or expires (@expires_at_us). */
void            plenum_event_hub_subscribe      (PlenumEventHub           *self,
                                                 SoupServerMessage        *msg,
                                                 gboolean                  sees_all,
                                                 GPtrArray                *body_ids,
                                                 const guint8              token_hash[32],
                                                 gint64                    expires_at_us,
                                                 const PlenumServerEvent  *reset,
                                                 GPtrArray                *replay,
                                                 gint64                    last_seq);

/* Sends @event to every stream that may see it. Call after the event is committed. */
void            plenum_event_hub_publish        (PlenumEventHub          *self,
                                                 const PlenumServerEvent *event);

/* Ends the streams opened with the token whose hash is @token_hash (at sign-out). */
void            plenum_event_hub_revoke_token   (PlenumEventHub *self,
                                                 const guint8    token_hash[32]);

/* Ends every stream (at shutdown). */
void            plenum_event_hub_close_all      (PlenumEventHub *self);

guint           plenum_event_hub_get_n_streams  (PlenumEventHub *self);

/* One event in the stream format ("id: …\nevent: …\ndata: {…}\n\n"). */
char           *plenum_server_event_format_sse  (const PlenumServerEvent *event);

G_END_DECLS
