/* fuzz-sse.c — the Server-Sent Events parser (app/net/plenum-sse-parser.c) fed a stream
 * whole, in chunks split where the input says, and one byte at a time.
 *
 * The property (issue #10): however the bytes arrive, the parser reports the same
 * events, comments and retry values, in the same order, ends in the same state (last
 * event id, retry, refused or not, and why) — and what it hands to its callbacks keeps
 * the promises of plenum-sse-parser.h (data is UTF-8 without NUL and data_len long).
 *
 * Input: byte 0 — the number of split points (modulo 16); byte 1 — after how many events
 * a callback stops the parser (modulo 8; 0: never); byte 2 — the maximum event size (0:
 * the default, else 16 × the byte, so that the fuzzer reaches TOO_LARGE); then two bytes
 * per split point (an offset into the stream, little-endian, modulo its length); the rest
 * is the stream.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

#include <stdlib.h>
#include <string.h>

#include "net/plenum-sse-parser.h"

#define HEADER_SIZE 3
#define MAX_SPLITS  16

/* Everything one parser reported, as bytes, to compare runs with. */
typedef struct {
  GString         *log;
  PlenumSseParser *parser;
  guint            stop_after;
  guint            n_events;
} Recorder;

static void
event_cb (const char *id,
          const char *type,
          const char *data,
          gsize       data_len,
          gpointer    user_data)
{
  Recorder *r = user_data;

  fuzz_check (r->stop_after == 0 || r->n_events < r->stop_after, "an event after stop()");
  fuzz_check (strlen (data) == data_len, "data_len %" G_GSIZE_FORMAT " for %" G_GSIZE_FORMAT
              " bytes", data_len, strlen (data));
  fuzz_check (g_utf8_validate (data, (gssize) data_len, NULL), "data is not UTF-8");
  fuzz_check (g_utf8_validate (type, -1, NULL) && type[0] != '\0', "a bad event type");
  fuzz_check (g_utf8_validate (id, -1, NULL), "an id that is not UTF-8");
  /* Lengths first, so that strings with any bytes compare exactly. */
  g_string_append_printf (r->log, "E%zu:%s|%zu:%s|%zu:", strlen (id), id, strlen (type), type,
                          data_len);
  g_string_append_len (r->log, data, (gssize) data_len);
  g_string_append_c (r->log, '\n');
  r->n_events++;
  if (r->stop_after > 0 && r->n_events == r->stop_after)
    plenum_sse_parser_stop (r->parser);
}

static void
comment_cb (const char *text,
            gpointer    user_data)
{
  Recorder *r = user_data;

  fuzz_check (r->stop_after == 0 || r->n_events < r->stop_after, "a comment after stop()");
  g_string_append_printf (r->log, "C%zu:%s\n", strlen (text), text);
}

static void
retry_cb (guint    retry_ms,
          gpointer user_data)
{
  Recorder *r = user_data;

  fuzz_check (r->stop_after == 0 || r->n_events < r->stop_after, "a retry after stop()");
  g_string_append_printf (r->log, "R%u\n", retry_ms);
}

static const PlenumSseParserCallbacks callbacks = { event_cb, comment_cb, retry_cb };

static gint
compare_offsets (const void *a,
                 const void *b)
{
  gsize x = *(const gsize *) a;
  gsize y = *(const gsize *) b;

  return x < y ? -1 : x > y;
}

/* Feeds @stream cut at the @n_cuts offsets of @cuts (sorted, each ≤ @len) to a new
 * parser; returns its log, with its final state at the end. */
static GString *
run (const uint8_t *stream,
     gsize          len,
     const gsize   *cuts,
     guint          n_cuts,
     guint          stop_after,
     gsize          max_event_size)
{
  Recorder r = { g_string_new (NULL), NULL, stop_after, 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;
  gsize start = 0;
  gint64 retry;

  r.parser = plenum_sse_parser_new (&callbacks, &r, max_event_size);
  for (guint i = 0; i <= n_cuts && ok; i++)
    {
      gsize end = i < n_cuts ? cuts[i] : len;

      ok = plenum_sse_parser_feed (r.parser, stream + start, end - start, &error);
      fuzz_check (ok == (error == NULL), "feed: the result and the error disagree");
      start = end;
    }
  if (ok)
    {
      /* One more, empty chunk changes nothing. */
      ok = plenum_sse_parser_feed (r.parser, "", 0, &error);
      fuzz_check (ok, "an empty chunk after a good stream is refused");
    }
  else
    {
      g_autoptr(GError) again = NULL;

      /* A refused stream stays refused, with the same error. */
      fuzz_check (!plenum_sse_parser_feed (r.parser, "\n\n", 2, &again) &&
                  g_error_matches (again, error->domain, error->code),
                  "a refused parser took more");
      fuzz_check (error->domain == PLENUM_SSE_ERROR &&
                  (error->code == PLENUM_SSE_ERROR_TOO_LARGE ||
                   error->code == PLENUM_SSE_ERROR_ENCODING), "an error that is not the parser's: %s",
                  error->message);
    }
  retry = plenum_sse_parser_get_retry (r.parser);
  g_string_append_printf (r.log, "= ok %d error %d last-id %s retry %" G_GINT64_FORMAT "\n", ok,
                          ok ? 0 : error->code, plenum_sse_parser_get_last_event_id (r.parser),
                          retry);
  plenum_sse_parser_free (r.parser);
  return r.log;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_logging (FALSE);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GString) whole = NULL;
  g_autoptr(GString) split = NULL;
  g_autoptr(GString) bytes = NULL;
  g_autofree gsize *every = NULL;
  gsize cuts[MAX_SPLITS];
  const uint8_t *stream;
  guint n_cuts;
  guint stop_after;
  gsize max_event_size;
  gsize len;

  if (size < HEADER_SIZE)
    return 0;
  n_cuts = data[0] % MAX_SPLITS;
  stop_after = data[1] % 8;
  max_event_size = (gsize) data[2] * 16;
  if (size < HEADER_SIZE + 2 * (gsize) n_cuts)
    return 0;
  stream = data + HEADER_SIZE + 2 * n_cuts;
  len = size - HEADER_SIZE - 2 * n_cuts;
  for (guint i = 0; i < n_cuts; i++)
    {
      guint offset = data[HEADER_SIZE + 2 * i] | (guint) data[HEADER_SIZE + 2 * i + 1] << 8;

      cuts[i] = len > 0 ? offset % (len + 1) : 0;
    }
  qsort (cuts, n_cuts, sizeof cuts[0], compare_offsets);

  whole = run (stream, len, NULL, 0, stop_after, max_event_size);
  split = run (stream, len, cuts, n_cuts, stop_after, max_event_size);
  fuzz_check (g_string_equal (whole, split), "fed whole:\n%s\nfed in %u cuts:\n%s", whole->str,
              n_cuts, split->str);

  /* Byte by byte: every split at once. Small streams only, to keep the fuzzer fast. */
  if (len <= 4096)
    {
      every = g_new (gsize, len > 0 ? len : 1);
      for (gsize i = 0; i < len; i++)
        every[i] = i;
      bytes = run (stream, len, every, (guint) len, stop_after, max_event_size);
      fuzz_check (g_string_equal (whole, bytes), "fed whole:\n%s\nfed byte by byte:\n%s", whole->str,
                  bytes->str);
    }
  return 0;
}
