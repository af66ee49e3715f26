/* bench-room.c — N simulated terminals against one plenum-server (bench/room, issue #7
 * point 10): each holds GET /api/v1/events open; the chair opens a vote; every terminal's
 * member then casts a ballot. Prints the time until each terminal had the vote.opened event
 * and the time until every ballot was answered, as "key=value" lines for bench/room.
 *
 * One process, one thread, epoll over raw HTTP/1.1 sockets: a terminal costs a socket and
 * a few words, so the client is cheap next to the server. To check that it is not the
 * bottleneck it reports its own CPU time over the fan-out (client_cpu_ms) beside the wall
 * time: a client that kept the CPU busy all along would be measuring itself.
 *
 * Usage: bench-room PORT TOKENS_FILE N CHAIR_TOKEN MEETING_ID ITEM_ID
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>

#define MAX_CONNECTING   256   /* connects in flight: more only fills the SYN queue */
#define N_BALLOT_CONNS   32    /* keep-alive connections that carry the ballots */
#define READ_SIZE        (256 * 1024)
#define NEEDLE           "event: vote.opened"

typedef enum { KIND_TERMINAL, KIND_REQUEST } Kind;

typedef struct
{
  Kind     kind;
  int      fd;
  guint    index;
  /* terminal */
  gboolean connecting;
  gboolean sent;
  gboolean head_done;           /* the response head came: the stream is subscribed */
  gboolean found;
  gboolean closed;
  gint64   got_us;
  char     tail[sizeof NEEDLE];  /* the end of the previous read, for a split needle */
  gsize    tail_len;
  /* request */
  GString *out;
  gsize    out_offset;
  GString *in;
  guint    next_ballot;         /* the next ballot this connection sends */
  gint64   sent_us;
} Conn;

static char **tokens;
static char *meeting_id;
static guint n_terminals;
static int epoll_fd;
static char *host_header;
static struct sockaddr_in server_address;
static guint n_connected, n_found, n_lost, n_failed;
static gint64 t0_us;
static char *vote_id;
static guint n_ballots_answered, n_ballots_counted, n_ballots_refused;
static gboolean vote_answered;
/* Kept, as everything above, until the process ends: epoll holds pointers to them. */
static Conn *terminals;
static Conn *vote_conn;

static void
die (const char *what)
{
  fprintf (stderr, "bench-room: %s: %s\n", what, g_strerror (errno));
  exit (1);
}

static int
open_socket (void)
{
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;

  if (fd < 0)
    die ("socket");
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect (fd, (struct sockaddr *) &server_address, sizeof server_address) != 0 &&
      errno != EINPROGRESS)
    die ("connect");
  return fd;
}

static void
watch (Conn     *conn,
       guint32   events,
       gboolean  add)
{
  struct epoll_event event = { .events = events, .data.ptr = conn };

  if (epoll_ctl (epoll_fd, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, conn->fd, &event) != 0)
    die ("epoll_ctl");
}

static void
terminal_start (Conn *conn)
{
  conn->fd = open_socket ();
  conn->connecting = TRUE;
  watch (conn, EPOLLOUT | EPOLLIN, TRUE);
}

static void
terminal_writable (Conn *conn)
{
  g_autofree char *request = NULL;
  gsize length;
  gssize n;

  if (conn->sent)
    return;
  request = g_strdup_printf ("GET /api/v1/events HTTP/1.1\r\nHost: %s\r\n"
                             "Authorization: Bearer %s\r\nAccept: text/event-stream\r\n\r\n",
                             host_header, tokens[conn->index]);
  length = strlen (request);
  n = send (conn->fd, request, length, MSG_NOSIGNAL);
  if (n != (gssize) length)
    {
      n_failed++;
      conn->closed = TRUE;
      close (conn->fd);
      return;
    }
  conn->sent = TRUE;
  watch (conn, EPOLLIN, FALSE);
}

static void
terminal_readable (Conn  *conn,
                   char  *buffer,
                   gint64 now_us)
{
  for (;;)
    {
      gssize n = recv (conn->fd, buffer + sizeof NEEDLE, READ_SIZE, 0);
      char *start;
      gsize size;

      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
      if (n <= 0)
        {
          if (!conn->head_done)
            n_failed++;
          else
            n_lost++;
          conn->closed = TRUE;
          epoll_ctl (epoll_fd, EPOLL_CTL_DEL, conn->fd, NULL);
          close (conn->fd);
          return;
        }
      if (!conn->head_done)
        {
          /* The head and the first chunk arrive together in practice; a 200 is enough. */
          if (n < 12 || memcmp (buffer + sizeof NEEDLE, "HTTP/1.1 200", 12) != 0)
            {
              fprintf (stderr, "bench-room: a stream was refused: %.*s\n", (int) MIN (n, 80),
                       buffer + sizeof NEEDLE);
              exit (1);
            }
          conn->head_done = TRUE;
          conn->connecting = FALSE;
          n_connected++;
        }
      if (conn->found)
        continue;
      /* The needle may be split between two reads: search the tail and the new bytes. */
      start = buffer + sizeof NEEDLE - conn->tail_len;
      memcpy (start, conn->tail, conn->tail_len);
      size = conn->tail_len + (gsize) n;
      if (t0_us > 0 && memmem (start, size, NEEDLE, strlen (NEEDLE)) != NULL)
        {
          /* Read now, not when epoll_wait returned: a batch of ready sockets takes a
           * while to go through, and the last of them really had to wait. */
          conn->found = TRUE;
          conn->got_us = g_get_monotonic_time ();
          n_found++;
          continue;
        }
      conn->tail_len = MIN (size, sizeof NEEDLE - 1);
      memcpy (conn->tail, start + size - conn->tail_len, conn->tail_len);
    }
}

/* Requests: the vote and the ballots, on keep-alive connections. */

static void
request_send (Conn       *conn,
              const char *method,
              const char *path,
              const char *token,
              const char *body)
{
  g_string_printf (conn->out,
                   "%s %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"
                   "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                   method, path, host_header, token, strlen (body), body);
  conn->out_offset = 0;
  g_string_truncate (conn->in, 0);
  conn->sent_us = g_get_monotonic_time ();
  watch (conn, EPOLLOUT | EPOLLIN, FALSE);
}

static void
ballot_send (Conn *conn)
{
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  path = g_strdup_printf ("/api/v1/meetings/%s/votes/%s/ballots", meeting_id, vote_id);
  body = g_strdup_printf ("{\"operation_id\":\"%s\",\"choices\":[0]}", uuid);
  request_send (conn, "POST", path, tokens[conn->next_ballot], body);
}

static void
request_writable (Conn *conn)
{
  while (conn->out_offset < conn->out->len)
    {
      gssize n = send (conn->fd, conn->out->str + conn->out_offset,
                       conn->out->len - conn->out_offset, MSG_NOSIGNAL);

      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
      if (n < 0)
        die ("send");
      conn->out_offset += (gsize) n;
    }
  watch (conn, EPOLLIN, FALSE);
}

/* The response when complete (status in *@status, body returned), else NULL. */
static const char *
response_complete (Conn  *conn,
                   guint *status)
{
  const char *end = strstr (conn->in->str, "\r\n\r\n");
  const char *length;
  gsize body_length;

  if (end == NULL)
    return NULL;
  length = strcasestr (conn->in->str, "\r\nContent-Length:");
  if (length == NULL || length > end)
    {
      fprintf (stderr, "bench-room: a response without Content-Length\n");
      exit (1);
    }
  body_length = strtoul (length + 17, NULL, 10);
  if (conn->in->len < (gsize) (end + 4 - conn->in->str) + body_length)
    return NULL;
  *status = (guint) strtoul (conn->in->str + 9, NULL, 10);
  return end + 4;
}

static void
request_readable (Conn *conn,
                  char *buffer)
{
  const char *body;
  guint status = 0;

  for (;;)
    {
      gssize n = recv (conn->fd, buffer, READ_SIZE, 0);

      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        break;
      if (n <= 0)
        {
          fprintf (stderr, "bench-room: the server closed a request's connection\n");
          exit (1);
        }
      g_string_append_len (conn->in, buffer, n);
    }
  body = response_complete (conn, &status);
  if (body == NULL)
    return;

  if (vote_id == NULL)
    {
      const char *id = strstr (body, "\"id\":\"");

      if (status != 201 || id == NULL)
        {
          fprintf (stderr, "bench-room: the vote did not open: %u %s\n", status, body);
          exit (1);
        }
      vote_id = g_strndup (id + 6, strcspn (id + 6, "\""));
      vote_answered = TRUE;
      return;
    }

  n_ballots_answered++;
  if (status == 200 && strstr (body, "\"counted\":true") != NULL)
    n_ballots_counted++;
  else
    {
      n_ballots_refused++;
      if (n_ballots_refused <= 3)
        fprintf (stderr, "bench-room: a ballot was refused: %u %s\n", status, body);
    }
  conn->next_ballot += N_BALLOT_CONNS;
  if (conn->next_ballot < n_terminals)
    ballot_send (conn);
  else
    watch (conn, EPOLLIN, FALSE);
}

static Conn *
request_conn_new (void)
{
  Conn *conn = g_new0 (Conn, 1);

  conn->kind = KIND_REQUEST;
  conn->fd = open_socket ();
  conn->out = g_string_new (NULL);
  conn->in = g_string_new (NULL);
  watch (conn, EPOLLIN, TRUE);
  return conn;
}

static void
run_loop (Conn    *terminals,
          guint   *n_started,
          gboolean (*done) (void),
          gint64   deadline_us,
          char    *buffer)
{
  struct epoll_event events[512];

  while (!done () && g_get_monotonic_time () < deadline_us)
    {
      int n = epoll_wait (epoll_fd, events, G_N_ELEMENTS (events), 100);
      gint64 now_us = g_get_monotonic_time ();

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        die ("epoll_wait");
      for (int i = 0; i < n; i++)
        {
          Conn *conn = events[i].data.ptr;

          if (conn->kind == KIND_TERMINAL)
            {
              if (conn->closed)
                continue;
              if (events[i].events & EPOLLOUT)
                terminal_writable (conn);
              if (!conn->closed && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
                terminal_readable (conn, buffer, now_us);
            }
          else
            {
              if (events[i].events & EPOLLOUT)
                request_writable (conn);
              if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
                request_readable (conn, buffer);
            }
        }
      /* Keep MAX_CONNECTING connects in flight. */
      while (*n_started < n_terminals &&
             *n_started - n_connected - n_failed < MAX_CONNECTING)
        terminal_start (&terminals[(*n_started)++]);
    }
}

static gboolean all_connected (void) { return n_connected + n_failed >= n_terminals; }
static gboolean all_found (void) { return n_found + n_lost + n_failed >= n_terminals; }
static gboolean vote_opened (void) { return vote_answered && all_found (); }
static gboolean all_ballots (void) { return n_ballots_answered >= n_terminals; }

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1e3 + usage.ru_utime.tv_usec / 1e3 +
         usage.ru_stime.tv_sec * 1e3 + usage.ru_stime.tv_usec / 1e3;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *text = NULL;
  g_autofree char *buffer = g_malloc (READ_SIZE + sizeof NEEDLE);
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *latencies = NULL;
  g_autofree char *vote_body = NULL;
  g_autofree char *vote_path = NULL;
  g_auto(GStrv) lines = NULL;
  struct rlimit limit;
  Conn *ballot_conns[N_BALLOT_CONNS];
  const char *chair_token;
  const char *item_id;
  guint n_started = 0;
  guint n_latencies = 0;
  gint64 start_us, ballots_start_us, ballots_us;
  double cpu_before, cpu_after;

  if (argc != 7)
    {
      fprintf (stderr, "usage: bench-room PORT TOKENS_FILE N CHAIR_TOKEN MEETING_ID ITEM_ID\n");
      return 2;
    }
  n_terminals = (guint) strtoul (argv[3], NULL, 10);
  if (n_terminals == 0)
    {
      fprintf (stderr, "bench-room: N must be a number of terminals, at least 1\n");
      return 2;
    }
  chair_token = argv[4];
  meeting_id = argv[5];
  item_id = argv[6];
  host_header = g_strdup_printf ("127.0.0.1:%s", argv[1]);
  server_address.sin_family = AF_INET;
  server_address.sin_port = htons ((guint16) strtoul (argv[1], NULL, 10));
  server_address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);

  if (!g_file_get_contents (argv[2], &text, NULL, &error))
    {
      fprintf (stderr, "bench-room: %s\n", error->message);
      return 1;
    }
  lines = g_strsplit (text, "\n", -1);
  tokens = g_new0 (char *, n_terminals + 1);
  for (guint i = 0; i < n_terminals; i++)
    {
      const char *space = lines[i] != NULL ? strchr (lines[i], ' ') : NULL;

      if (space == NULL)
        {
          fprintf (stderr, "bench-room: %s has fewer than %u tokens\n", argv[2], n_terminals);
          return 1;
        }
      tokens[i] = g_strdup (space + 1);
    }

  /* A socket per terminal, plus the requests'. */
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
      if (limit.rlim_cur < n_terminals + N_BALLOT_CONNS + 16)
        {
          fprintf (stderr, "bench-room: the descriptor limit (%lu) is too low for %u terminals\n",
                   (unsigned long) limit.rlim_cur, n_terminals);
          return 1;
        }
    }

  epoll_fd = epoll_create1 (EPOLL_CLOEXEC);
  if (epoll_fd < 0)
    die ("epoll_create1");
  terminals = g_new0 (Conn, n_terminals);
  for (guint i = 0; i < n_terminals; i++)
    {
      terminals[i].kind = KIND_TERMINAL;
      terminals[i].index = i;
    }

  /* 1. Every terminal opens its event stream. */
  start_us = g_get_monotonic_time ();
  run_loop (terminals, &n_started, all_connected, start_us + 120 * G_USEC_PER_SEC, buffer);
  printf ("connected=%u failed=%u connect_ms=%.0f\n", n_connected, n_failed,
          (g_get_monotonic_time () - start_us) / 1e3);
  if (n_connected < n_terminals)
    {
      fprintf (stderr, "bench-room: only %u of %u streams opened\n", n_connected, n_terminals);
      return 1;
    }

  /* 2. The chair opens a vote; every terminal waits for vote.opened. */
  vote_conn = request_conn_new ();
  vote_path = g_strdup_printf ("/api/v1/meetings/%s/votes", meeting_id);
  {
    g_autofree char *uuid = g_uuid_string_random ();

    vote_body = g_strdup_printf ("{\"operation_id\":\"%s\",\"item_id\":\"%s\","
                                 "\"title\":\"Bench vote\",\"kind\":\"open\","
                                 "\"majority\":\"members\",\"quorum_required\":false,"
                                 "\"changeable\":false}", uuid, item_id);
  }
  cpu_before = cpu_ms ();
  t0_us = g_get_monotonic_time ();
  request_send (vote_conn, "POST", vote_path, chair_token, vote_body);
  run_loop (terminals, &n_started, vote_opened, t0_us + 60 * G_USEC_PER_SEC, buffer);
  cpu_after = cpu_ms ();
  if (vote_id == NULL)
    {
      fprintf (stderr, "bench-room: the vote was not answered\n");
      return 1;
    }

  /* Checked after reading N; said again for clang's analyzer, for which any call since
   * may have changed the static (and then saw latencies[] allocated with size zero). */
  g_assert (n_terminals > 0);
  latencies = g_new0 (gint64, n_terminals);
  for (guint i = 0; i < n_terminals; i++)
    if (terminals[i].found)
      latencies[n_latencies++] = terminals[i].got_us - t0_us;
  qsort (latencies, n_latencies, sizeof *latencies, compare_gint64);
  if (n_latencies > 0)
    printf ("vote_id=%s\nevent_received=%u event_lost=%u\n"
            "event_p50_ms=%.1f event_p99_ms=%.1f event_max_ms=%.1f client_cpu_ms=%.1f\n",
            vote_id, n_latencies, n_lost,
            latencies[n_latencies / 2] / 1e3,
            latencies[MIN (n_latencies - 1, (n_latencies * 99 + 99) / 100 - 1)] / 1e3,
            latencies[n_latencies - 1] / 1e3, cpu_after - cpu_before);
  else
    printf ("vote_id=%s\nevent_received=0 event_lost=%u\n", vote_id, n_lost);
  fflush (stdout);

  /* 3. Every member votes, over N_BALLOT_CONNS keep-alive connections; the streams go on
   * being read (each ballot is a vote.ballot event to every terminal). */
  for (guint i = 0; i < N_BALLOT_CONNS; i++)
    ballot_conns[i] = request_conn_new ();
  cpu_before = cpu_ms ();
  ballots_start_us = g_get_monotonic_time ();
  for (guint i = 0; i < N_BALLOT_CONNS && i < n_terminals; i++)
    {
      ballot_conns[i]->next_ballot = i;
      ballot_send (ballot_conns[i]);
    }
  run_loop (terminals, &n_started, all_ballots, ballots_start_us + 600 * G_USEC_PER_SEC,
            buffer);
  ballots_us = g_get_monotonic_time () - ballots_start_us;
  cpu_after = cpu_ms ();
  printf ("ballots_answered=%u ballots_counted=%u ballots_refused=%u ballots_ms=%.0f "
          "ballots_client_cpu_ms=%.0f streams_lost=%u\n",
          n_ballots_answered, n_ballots_counted, n_ballots_refused, ballots_us / 1e3,
          cpu_after - cpu_before, n_lost);
  return n_ballots_answered == n_terminals ? 0 : 1;
}
