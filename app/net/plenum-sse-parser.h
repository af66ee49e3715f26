/* plenum-sse-parser.h — a pure Server-Sent Events parser (WHATWG HTML, "Server-sent
 * events", section "Parsing an event stream"), fed with byte chunks of any size.
 *
 * No I/O and no main loop: the caller feeds bytes as they arrive and gets callbacks,
 * synchronously from inside plenum_sse_parser_feed(). PlenumEventStream
 * (plenum-event-stream.h) uses it on curl's bytes; tests use it alone.
 *
 * What it does, as the spec says:
 *  - lines end in CRLF, LF or CR, also when a chunk ends between the CR and the LF;
 *  - one UTF-8 byte order mark at the very start of the stream is skipped (also when it
 *    arrives split over several chunks);
 *  - a line starting with ':' is a comment (the "comment" callback; the protocol's
 *    ": heartbeat" is one);
 *  - "field: value" with one leading space of the value stripped (only one); a line
 *    without ':' is a field with an empty value ("data" alone adds an empty line);
 *  - "data" lines are joined with "\n"; "event" sets the type (default "message");
 *    "id" sets the last event id, which persists across events, unless the value
 *    holds a NUL byte (then the field is ignored); "retry" with only ASCII digits sets
 *    the reconnection time; any other field is ignored;
 *  - an event is dispatched only on a blank line, and only when it has data (an event
 *    with no "data" line updates the last event id and is otherwise dropped); a
 *    partial event at the end of the stream is never dispatched.
 *
 * Where it is stricter than a browser, because a terminal must not grow forever or pass
 * on garbage:
 *  - an event (its data, type and id together, including the line being read) over
 *    the maximum size is refused with PLENUM_SSE_ERROR_TOO_LARGE, and so is any single
 *    line (a comment too) over that size;
 *  - a line that is not valid UTF-8 is refused with PLENUM_SSE_ERROR_ENCODING instead of
 *    being decoded with U+FFFD (the data is JSON that the strict reader would refuse or,
 *    worse, read differently);
 *  - a NUL byte in a "data" or "event" value is refused (ENCODING): callbacks get C
 *    strings and must not see a truncated value.
 * After an error the parser is dead: every later feed returns the same error and no
 * callback runs again. The caller closes the stream and reconnects with the last id.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PLENUM_SSE_ERROR (plenum_sse_error_quark ())

/* Stable values: never renumbered. */
typedef enum {
  PLENUM_SSE_ERROR_TOO_LARGE = 1, /* an event or a line over the maximum size */
  PLENUM_SSE_ERROR_ENCODING  = 2, /* invalid UTF-8, or NUL in data/event */
} PlenumSseError;

/* The default (and largest sensible) event size: 1 MiB. */
#define PLENUM_SSE_DEFAULT_MAX_EVENT_SIZE (1024 * 1024)

typedef struct _PlenumSseParser PlenumSseParser;

/* The callbacks, each optional (NULL: ignored). They run synchronously inside
 * plenum_sse_parser_feed(); the strings they get are owned by the parser and valid only
 * during the call. A callback may call plenum_sse_parser_stop() on its parser (e.g.
 * because its owner is closing) but must not free it.
 *
 * event:   @id is the last event id ("" when none was ever set), @type the event type
 *          ("message" when the event named none), @data the joined data lines (valid
 *          UTF-8, no NUL, without the final "\n"), @data_len its length in bytes.
 * comment: @text is what follows the ':' with one leading space stripped, so the
 *          protocol's heartbeat gives "heartbeat". Any comment proves the server is
 *          alive; PlenumEventStream reports every comment as "heartbeat".
 * retry:   the "retry" field's value in milliseconds (clamped to G_MAXUINT). */
typedef struct {
  void (*event)   (const char *id,
                   const char *type,
                   const char *data,
                   gsize       data_len,
                   gpointer    user_data);
  void (*comment) (const char *text,
                   gpointer    user_data);
  void (*retry)   (guint       retry_ms,
                   gpointer    user_data);
} PlenumSseParserCallbacks;

GQuark            plenum_sse_error_quark             (void);

/* @callbacks is copied. @max_event_size: 0 for PLENUM_SSE_DEFAULT_MAX_EVENT_SIZE. */
PlenumSseParser  *plenum_sse_parser_new              (const PlenumSseParserCallbacks *callbacks,
                                                      gpointer                        user_data,
                                                      gsize                           max_event_size);
void              plenum_sse_parser_free             (PlenumSseParser *self);

/* Parses @len bytes (any split: a chunk may end anywhere, even inside a UTF-8
 * sequence or between CR and LF). Returns FALSE with @error set when the stream is
 * refused (see above), now or by an earlier call. Returns TRUE without parsing
 * anything after plenum_sse_parser_stop(). */
gboolean          plenum_sse_parser_feed             (PlenumSseParser *self,
                                                      const void      *data,
                                                      gsize            len,
                                                      GError         **error);

/* Makes the parser ignore the rest of the current chunk and everything fed later:
 * no callback runs after it returns. For owners closing from inside a callback. */
void              plenum_sse_parser_stop             (PlenumSseParser *self);

/* The last event id set by an "id" field so far ("" when none): what a reconnection
 * sends as Last-Event-ID. It may be newer than the last dispatched event's id (an
 * "id" line followed by a blank line without data still sets it, as the spec says). */
const char       *plenum_sse_parser_get_last_event_id (PlenumSseParser *self);

/* Sets the last event id buffer, as a reconnection that sent Last-Event-ID starts
 * from it: events without an "id" field then carry @id. NULL or "": none. */
void              plenum_sse_parser_set_last_event_id (PlenumSseParser *self,
                                                       const char      *id);

/* The last "retry" value in milliseconds, or -1 when the stream sent none. */
gint64            plenum_sse_parser_get_retry        (PlenumSseParser *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumSseParser, plenum_sse_parser_free)

G_END_DECLS
