/* test-sse.c — the Server-Sent Events parser against the cases of the SSE spec, and the
 * same stream fed with every possible split.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "plenum-test-util.h"

#include <string.h>

#include "net/plenum-sse-parser.h"

/* Everything the parser reported, as text: "E id|type|data", "C text", "R ms". */
typedef struct {
  GString *log;
  PlenumSseParser *parser;
  guint stop_after_events;  /* 0: never stop */
  guint n_events;
} Recorder;

static void
record_event_cb (const char *id,
                 const char *type,
                 const char *data,
                 gsize       data_len,
                 gpointer    user_data)
{
  Recorder *r = user_data;

  g_assert_cmpuint (strlen (data), ==, data_len);
  g_string_append_printf (r->log, "E %s|%s|%s\n", id, type, data);
  r->n_events++;
  if (r->stop_after_events > 0 && r->n_events == r->stop_after_events)
    plenum_sse_parser_stop (r->parser);
}

static void
record_comment_cb (const char *text,
                   gpointer    user_data)
{
  Recorder *r = user_data;

  g_string_append_printf (r->log, "C %s\n", text);
}

static void
record_retry_cb (guint    retry_ms,
                 gpointer user_data)
{
  Recorder *r = user_data;

  g_string_append_printf (r->log, "R %u\n", retry_ms);
}

static const PlenumSseParserCallbacks record_callbacks = {
  .event = record_event_cb,
  .comment = record_comment_cb,
  .retry = record_retry_cb,
};

/* Feeds a string literal, NULs included. */
#define FEED(recorder, literal, error) \
  plenum_sse_parser_feed ((recorder)->parser, literal, sizeof literal - 1, error)

static void
recorder_init (Recorder *r,
               gsize     max_event_size)
{
  r->log = g_string_new (NULL);
  r->parser = plenum_sse_parser_new (&record_callbacks, r, max_event_size);
  r->stop_after_events = 0;
  r->n_events = 0;
}

static void
recorder_clear (Recorder *r)
{
  g_string_free (r->log, TRUE);
  plenum_sse_parser_free (r->parser);
}

/* Feeds @len bytes of @stream whole and returns the log (free with g_free). */
static char *
parse_all (const char *stream,
           gssize      len)
{
  g_autoptr(GError) error = NULL;
  Recorder r;
  char *log;

  recorder_init (&r, 0);
  if (len < 0)
    len = strlen (stream);
  g_assert_true (plenum_sse_parser_feed (r.parser, stream, len, &error));
  g_assert_no_error (error);
  log = g_strdup (r.log->str);
  recorder_clear (&r);
  return log;
}

static void
assert_parses_to (const char *stream,
                  const char *expected)
{
  g_autofree char *log = parse_all (stream, -1);

  g_assert_cmpstr (log, ==, expected);
}

static void
test_basic (void)
{
  assert_parses_to ("data: hello\n\n", "E |message|hello\n");
  assert_parses_to ("event: packet.published\nid: 42\ndata: {\"seq\":42}\n\n",
                    "E 42|packet.published|{\"seq\":42}\n");
  /* Two events; the type does not carry over, the id does. */
  assert_parses_to ("id: 1\nevent: a\ndata: x\n\ndata: y\n\n",
                    "E 1|a|x\nE 1|message|y\n");
}

static void
test_multiline_data (void)
{
  assert_parses_to ("data: a\ndata: b\ndata: c\n\n", "E |message|a\nb\nc\n");
  /* An empty data line adds an empty line. */
  assert_parses_to ("data: a\ndata:\ndata: b\n\n", "E |message|a\n\nb\n");
  /* Only the last newline is removed. */
  assert_parses_to ("data:\ndata:\n\n", "E |message|\n\n");
}

static void
test_line_endings (void)
{
  const char *expected = "E 7|t|a\nb\n";

  assert_parses_to ("id: 7\nevent: t\ndata: a\ndata: b\n\n", expected);
  assert_parses_to ("id: 7\r\nevent: t\r\ndata: a\r\ndata: b\r\n\r\n", expected);
  assert_parses_to ("id: 7\revent: t\rdata: a\rdata: b\r\r", expected);
  assert_parses_to ("id: 7\r\nevent: t\rdata: a\ndata: b\r\n\r", expected);
  /* CR CR is two line ends (an empty line: dispatch), CR LF is one. */
  assert_parses_to ("data: x\r\rdata: y\r\n\r\n", "E |message|x\nE |message|y\n");
  /* A CR at the end of one chunk and the LF at the start of the next are one line end. */
  {
    g_autoptr(GError) error = NULL;
    Recorder r;

    recorder_init (&r, 0);
    g_assert_true (FEED (&r, "data: x\r", &error));
    g_assert_true (FEED (&r, "\ndata: y\r", &error));
    g_assert_cmpstr (r.log->str, ==, "");
    /* A CR ends its line at once (the blank line dispatches); the LF after it in the
     * next chunk is not another blank line. */
    g_assert_true (FEED (&r, "\n\r", &error));
    g_assert_cmpstr (r.log->str, ==, "E |message|x\ny\n");
    g_assert_true (FEED (&r, "\n", &error));
    g_assert_true (FEED (&r, "data: z\n\n", &error));
    g_assert_no_error (error);
    g_assert_cmpstr (r.log->str, ==, "E |message|x\ny\nE |message|z\n");
    recorder_clear (&r);
  }
}

static void
test_comments (void)
{
  assert_parses_to (": heartbeat\n", "C heartbeat\n");
  assert_parses_to (":heartbeat\n", "C heartbeat\n");
  assert_parses_to (":  two\n", "C  two\n");
  assert_parses_to (":\n", "C \n");
  /* A comment inside an event does not end or change it. */
  assert_parses_to ("data: a\n: ping\ndata: b\n\n", "C ping\nE |message|a\nb\n");
}

static void
test_fields (void)
{
  /* One leading space is stripped, not more, and none is required. */
  assert_parses_to ("data:  two spaces\n\n", "E |message| two spaces\n");
  assert_parses_to ("data:nospace\n\n", "E |message|nospace\n");
  assert_parses_to ("data:\tx\n\n", "E |message|\tx\n");
  /* Only the first colon splits. */
  assert_parses_to ("data: a: b:c\n\n", "E |message|a: b:c\n");
  /* A line without colon is a field with an empty value. */
  assert_parses_to ("data\n\n", "E |message|\n");
  assert_parses_to ("data\ndata\n\n", "E |message|\n\n");
  assert_parses_to ("event\ndata: x\n\n", "E |message|x\n");
  /* Unknown fields, and names are case-sensitive. */
  assert_parses_to ("Data: x\nDATA: y\nfoo: bar\n\n", "");
  assert_parses_to ("foo: bar\ndata: x\n\n", "E |message|x\n");
  /* An empty event type means "message". */
  assert_parses_to ("event:\ndata: x\n\n", "E |message|x\n");
  /* The last event field wins. */
  assert_parses_to ("event: a\nevent: b\ndata: x\n\n", "E |b|x\n");
}

static void
test_id (void)
{
  g_autoptr(GError) error = NULL;
  Recorder r;

  /* The id persists across events and an empty "id" clears it. */
  assert_parses_to ("id: 5\ndata: a\n\ndata: b\n\nid\ndata: c\n\n",
                    "E 5|message|a\nE 5|message|b\nE |message|c\n");

  /* An id holding NUL is ignored, as the spec says. */
  recorder_init (&r, 0);
  g_assert_true (FEED (&r, "id: 3\ndata: a\n\nid: 4\0x\ndata: b\n\n", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (r.log->str, ==, "E 3|message|a\nE 3|message|b\n");
  g_assert_cmpstr (plenum_sse_parser_get_last_event_id (r.parser), ==, "3");
  recorder_clear (&r);

  /* An event without data is dropped, but its id is kept; its type is not. */
  recorder_init (&r, 0);
  g_assert_true (FEED (&r, "id: 9\nevent: x\n\ndata: y\n\n", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (r.log->str, ==, "E 9|message|y\n");
  g_assert_cmpstr (plenum_sse_parser_get_last_event_id (r.parser), ==, "9");
  recorder_clear (&r);

  /* A block cut before its blank line does not move the stream's last event id: the
   * event was never delivered, so a reconnection must ask for it again. */
  recorder_init (&r, 0);
  g_assert_true (FEED (&r, "id: 20\ndata: a\n\nid: 21\ndata: b\n", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (r.log->str, ==, "E 20|message|a\n");
  g_assert_cmpstr (plenum_sse_parser_get_last_event_id (r.parser), ==, "20");
  g_assert_true (FEED (&r, "\n", &error));
  g_assert_cmpstr (plenum_sse_parser_get_last_event_id (r.parser), ==, "21");
  recorder_clear (&r);

  /* An id-only block (the server's position line) moves it without an event. */
  recorder_init (&r, 0);
  g_assert_true (FEED (&r, "id: 30\n\n", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (r.log->str, ==, "");
  g_assert_cmpstr (plenum_sse_parser_get_last_event_id (r.parser), ==, "30");
  recorder_clear (&r);
}

static void
test_retry (void)
{
  g_autoptr(GError) error = NULL;
  Recorder r;

  assert_parses_to ("retry: 3000\n", "R 3000\n");
  assert_parses_to ("retry: 3000x\nretry: -1\nretry: 1.5\nretry:\nretry:  7\n", "");
  assert_parses_to ("retry: 99999999999999999999\n", "R 4294967295\n");

  recorder_init (&r, 0);
  g_assert_cmpint (plenum_sse_parser_get_retry (r.parser), ==, -1);
  g_assert_true (FEED (&r, "retry: 250\n", &error));
  g_assert_no_error (error);
  g_assert_cmpint (plenum_sse_parser_get_retry (r.parser), ==, 250);
  recorder_clear (&r);
}

static void
test_blank_line_dispatch (void)
{
  g_autoptr(GError) error = NULL;
  Recorder r;

  /* Without the blank line nothing is dispatched, and a partial event at the end of
   * the stream never is. */
  assert_parses_to ("data: x\n", "");
  assert_parses_to ("data: x", "");
  assert_parses_to ("data: x\n\ndata: y\n", "E |message|x\n");

  recorder_init (&r, 0);
  g_assert_true (FEED (&r, "data: x\n", &error));
  g_assert_cmpstr (r.log->str, ==, "");
  g_assert_true (FEED (&r, "\n", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (r.log->str, ==, "E |message|x\n");
  recorder_clear (&r);
}

static void
test_bom (void)
{
  g_autoptr(GError) error = NULL;
  Recorder r;

  assert_parses_to ("\xEF\xBB\xBF" "data: x\n\n", "E |message|x\n");
  /* Only one BOM, only at the start: a second one is part of the field name. */
  assert_parses_to ("\xEF\xBB\xBF\xEF\xBB\xBF" "data: x\n\ndata: y\n\n", "E |message|y\n");
  assert_parses_to ("data: x\n\n\xEF\xBB\xBF" "data: y\n\n", "E |message|x\n");
  /* A BOM inside data is data. */
  assert_parses_to ("data: \xEF\xBB\xBFx\n\n", "E |message|\xEF\xBB\xBFx\n");

  /* Split over chunks, byte by byte. */
  recorder_init (&r, 0);
  g_assert_true (FEED (&r, "\xEF", &error));
  g_assert_true (FEED (&r, "\xBB", &error));
  g_assert_true (FEED (&r, "\xBF", &error));
  g_assert_true (FEED (&r, "data: x\n\n", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (r.log->str, ==, "E |message|x\n");
  recorder_clear (&r);

  /* Something that starts like a BOM and is not one is kept as stream bytes: here
   * they make the first field name unknown (had they been dropped, "data" would have
   * made an event). */
  recorder_init (&r, 0);
  g_assert_true (FEED (&r, "\xEF\xBB", &error));
  g_assert_true (FEED (&r, "data: x\n\n", &error));
  g_assert_cmpstr (r.log->str, ==, "");
  g_assert_true (FEED (&r, "data: y\n\n", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (r.log->str, ==, "E |message|y\n");
  recorder_clear (&r);
}

static void
test_max_size (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *big = NULL;
  Recorder r;

  /* Events under the limit, one after the other, are fine. */
  recorder_init (&r, 64);
  for (guint i = 0; i < 100; i++)
    g_assert_true (FEED (&r, "data: 0123456789012345678901234567890123456789\n\n", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.n_events, ==, 100);
  recorder_clear (&r);

  /* Data lines adding up to more than the limit. */
  recorder_init (&r, 64);
  g_assert_true (FEED (&r, "data: 0123456789012345678901234567890123456789\n", &error));
  g_assert_false (FEED (&r, "data: 0123456789012345678901234567890123456789\n", &error));
  g_assert_error (error, PLENUM_SSE_ERROR, PLENUM_SSE_ERROR_TOO_LARGE);
  g_clear_error (&error);
  /* The error sticks, and nothing is dispatched after it. */
  g_assert_false (FEED (&r, "\n\ndata: x\n\n", &error));
  g_assert_error (error, PLENUM_SSE_ERROR, PLENUM_SSE_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_cmpuint (r.n_events, ==, 0);
  recorder_clear (&r);

  /* A line that never ends (a comment) is refused too, in small chunks. */
  recorder_init (&r, 64);
  for (guint i = 0; i < 6; i++)
    g_assert_true (FEED (&r, ":xxxxxxxxx", &error));
  g_assert_false (FEED (&r, ":xxxxxxxxx", &error));
  g_assert_error (error, PLENUM_SSE_ERROR, PLENUM_SSE_ERROR_TOO_LARGE);
  g_clear_error (&error);
  recorder_clear (&r);

  /* The default limit is 1 MiB: 1 MiB + 1 of data is refused, 1 MiB - 16 is not. */
  big = g_malloc (PLENUM_SSE_DEFAULT_MAX_EVENT_SIZE + 1);
  memset (big, 'a', PLENUM_SSE_DEFAULT_MAX_EVENT_SIZE + 1);
  recorder_init (&r, 0);
  g_assert_true (FEED (&r, "data: ", &error));
  g_assert_true (plenum_sse_parser_feed (r.parser, big, PLENUM_SSE_DEFAULT_MAX_EVENT_SIZE - 16, &error));
  g_assert_true (FEED (&r, "\n\n", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.n_events, ==, 1);
  g_assert_true (FEED (&r, "data: ", &error));
  g_assert_false (plenum_sse_parser_feed (r.parser, big, PLENUM_SSE_DEFAULT_MAX_EVENT_SIZE + 1, &error));
  g_assert_error (error, PLENUM_SSE_ERROR, PLENUM_SSE_ERROR_TOO_LARGE);
  g_assert_cmpuint (r.n_events, ==, 1);
  recorder_clear (&r);
}

static void
test_encoding (void)
{
  g_autoptr(GError) error = NULL;
  Recorder r;

  /* Multi-byte UTF-8 passes whole. */
  assert_parses_to ("event: h\xE1\xBB\x8Dp\ndata: Nguy\xE1\xBB\x85n V\xC4\x83n An\n\n",
                    "E |h\xE1\xBB\x8Dp|Nguy\xE1\xBB\x85n V\xC4\x83n An\n");

  /* Invalid UTF-8 in data is refused. */
  recorder_init (&r, 0);
  g_assert_false (FEED (&r, "data: \xC3\x28\n\n", &error));
  g_assert_error (error, PLENUM_SSE_ERROR, PLENUM_SSE_ERROR_ENCODING);
  g_clear_error (&error);
  g_assert_cmpuint (r.n_events, ==, 0);
  recorder_clear (&r);

  /* So is NUL in data (callbacks get C strings). */
  recorder_init (&r, 0);
  g_assert_false (FEED (&r, "data: a\0b\n\n", &error));
  g_assert_error (error, PLENUM_SSE_ERROR, PLENUM_SSE_ERROR_ENCODING);
  g_clear_error (&error);
  recorder_clear (&r);

  /* An overlong encoding of '/' in an event type. */
  recorder_init (&r, 0);
  g_assert_false (FEED (&r, "event: \xC0\xAF\n", &error));
  g_assert_error (error, PLENUM_SSE_ERROR, PLENUM_SSE_ERROR_ENCODING);
  recorder_clear (&r);
}

static void
test_stop (void)
{
  g_autoptr(GError) error = NULL;
  Recorder r;

  recorder_init (&r, 0);
  r.stop_after_events = 1;
  g_assert_true (FEED (&r, "data: a\n\ndata: b\n\n: c\n", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (r.log->str, ==, "E |message|a\n");
  g_assert_true (FEED (&r, "data: d\n\n", &error));
  g_assert_cmpstr (r.log->str, ==, "E |message|a\n");
  recorder_clear (&r);
}

/* A stream with everything in it: BOM, every line end, comments, multi-byte text,
 * retry, ids, types, multi-line data, an event without data, an unknown field. */
static const char split_stream[] =
  "\xEF\xBB\xBF"
  ": hello\r\n"
  "retry: 1500\n"
  "id: 1\r\n"
  "event: packet.published\r"
  "data: {\"seq\":1,\"title\":\"H\xE1\xBB\x99i ngh\xE1\xBB\x8B\"}\r\n"
  "\r\n"
  "data: line one\n"
  "data:line two\r"
  "data\n"
  "\n"
  ": heartbeat\r"
  "id: 2\n"
  "event: meeting.updated\r\n"
  "\n"
  "foo: bar\r\n"
  "data: \xE2\x82\xAC euro\r"
  "\r"
  "id\n"
  "data: after reset\r\n"
  "\r\n"
  ": bye\n";

static const char split_expected[] =
  "C hello\n"
  "R 1500\n"
  "E 1|packet.published|{\"seq\":1,\"title\":\"H\xE1\xBB\x99i ngh\xE1\xBB\x8B\"}\n"
  "E 1|message|line one\nline two\n\n"
  "C heartbeat\n"
  "E 2|message|\xE2\x82\xAC euro\n"
  "E |message|after reset\n"
  "C bye\n";

static char *
parse_chunked (const char  *stream,
               gsize        len,
               const gsize *cuts,
               guint        n_cuts)
{
  g_autoptr(GError) error = NULL;
  Recorder r;
  gsize start = 0;
  char *log;

  recorder_init (&r, 0);
  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize end = i < n_cuts ? cuts[i] : len;

      g_assert_true (plenum_sse_parser_feed (r.parser, stream + start, end - start, &error));
      g_assert_no_error (error);
      start = end;
    }
  log = g_strdup (r.log->str);
  recorder_clear (&r);
  return log;
}

static void
test_every_split (void)
{
  gsize len = sizeof split_stream - 1;
  g_autofree char *whole = parse_all (split_stream, len);
  guint n_runs = 0;

  g_assert_cmpstr (whole, ==, split_expected);

  /* Every split into two chunks and into three chunks (also empty ones). */
  for (gsize i = 0; i <= len; i++)
    for (gsize j = i; j <= len; j++)
      {
        gsize cuts[2] = { i, j };
        g_autofree char *log = parse_chunked (split_stream, len, cuts, 2);

        if (strcmp (log, split_expected) != 0)
          g_test_message ("split at %" G_GSIZE_FORMAT " and %" G_GSIZE_FORMAT, i, j);
        g_assert_cmpstr (log, ==, split_expected);
        n_runs++;
      }
  g_assert_cmpuint (n_runs, ==, (len + 1) * (len + 2) / 2);

  /* Byte by byte. */
  {
    g_autofree gsize *cuts = g_new (gsize, len);
    g_autofree char *log = NULL;

    for (gsize i = 0; i < len; i++)
      cuts[i] = i + 1;
    log = parse_chunked (split_stream, len, cuts, len - 1);
    g_assert_cmpstr (log, ==, split_expected);
  }

  /* Random chunkings. */
  for (guint run = 0; run < 2000; run++)
    {
      gsize cuts[64];
      guint n_cuts = g_test_rand_int_range (1, G_N_ELEMENTS (cuts));
      g_autofree char *log = NULL;

      for (guint i = 0; i < n_cuts; i++)
        cuts[i] = g_test_rand_int_range (0, len + 1);
      for (guint i = 1; i < n_cuts; i++)
        for (guint k = i; k > 0 && cuts[k - 1] > cuts[k]; k--)
          {
            gsize tmp = cuts[k];
            cuts[k] = cuts[k - 1];
            cuts[k - 1] = tmp;
          }
      log = parse_chunked (split_stream, len, cuts, n_cuts);
      g_assert_cmpstr (log, ==, split_expected);
    }
}

/* Random bytes never crash the parser, and once it refuses it stays refused. */
static void
test_fuzz (void)
{
  static const char alphabet[] = "data:id event retry\r\n\n: \xEF\xBB\xBF\xC3\xA9\0\xFF";

  for (guint run = 0; run < 3000; run++)
    {
      Recorder r;
      gboolean failed = FALSE;
      guint n_chunks = g_test_rand_int_range (1, 20);

      recorder_init (&r, g_test_rand_bit () ? 0 : 40);
      for (guint c = 0; c < n_chunks; c++)
        {
          g_autoptr(GError) error = NULL;
          guint8 chunk[32];
          guint n = g_test_rand_int_range (0, sizeof chunk);
          gboolean ok;

          for (guint i = 0; i < n; i++)
            chunk[i] = g_test_rand_bit ()
                       ? (guint8) alphabet[g_test_rand_int_range (0, sizeof alphabet)]
                       : (guint8) g_test_rand_int_range (0, 256);
          ok = plenum_sse_parser_feed (r.parser, chunk, n, &error);
          if (failed)
            g_assert_false (ok);
          if (!ok)
            {
              g_assert_nonnull (error);
              g_assert_true (error->domain == PLENUM_SSE_ERROR);
              failed = TRUE;
            }
          else
            g_assert_no_error (error);
        }
      g_assert_true (g_utf8_validate (r.log->str, -1, NULL));
      recorder_clear (&r);
    }
}

int
main (int   argc,
      char *argv[])
{
  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/sse/basic", test_basic);
  g_test_add_func ("/plenum/sse/multiline-data", test_multiline_data);
  g_test_add_func ("/plenum/sse/line-endings", test_line_endings);
  g_test_add_func ("/plenum/sse/comments", test_comments);
  g_test_add_func ("/plenum/sse/fields", test_fields);
  g_test_add_func ("/plenum/sse/id", test_id);
  g_test_add_func ("/plenum/sse/retry", test_retry);
  g_test_add_func ("/plenum/sse/blank-line-dispatch", test_blank_line_dispatch);
  g_test_add_func ("/plenum/sse/bom", test_bom);
  g_test_add_func ("/plenum/sse/max-size", test_max_size);
  g_test_add_func ("/plenum/sse/encoding", test_encoding);
  g_test_add_func ("/plenum/sse/stop", test_stop);
  g_test_add_func ("/plenum/sse/every-split", test_every_split);
  g_test_add_func ("/plenum/sse/fuzz", test_fuzz);

  return g_test_run ();
}
