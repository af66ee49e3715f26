/* plenum-fault-proxy.h — an in-process TCP proxy for tests that need a bad network: a
 * server that vanishes mid-transfer, a server that is down, a slow link, a corrupted
 * byte, a link that stalls. Faults come from this real proxy, never from mocking the
 * client (STYLE.md, "Tests").
 *
 * How to use it:
 *
 *   g_autoptr(PlenumFaultProxy) proxy = plenum_fault_proxy_new_for_url (server_url, &error);
 *   client = plenum_http_client_new (plenum_fault_proxy_get_url (proxy), &error);
 *   plenum_fault_proxy_set_cut_after (proxy, 100000);   // every connection dies after
 *                                                       // 100 000 bytes to the client
 *   … run the test, iterating the main context …
 *
 * It listens on 127.0.0.1, port 0 (a free port), and connects each accepted client to
 * the upstream host:port (which should be 127.0.0.1 too). It runs on the thread-default
 * GMainContext of the thread that made it, so the test must iterate that context
 * (plenum_test_wait_until() does); the upstream server may run on the same context or
 * elsewhere (a plenum-server process).
 *
 * "Downstream" is server → client (responses), "upstream" is client → server
 * (requests). Byte positions count from 0 and from the start of each connection,
 * HTTP headers included. Keep-alive matters: an HTTP client reuses connections, so a
 * "per connection" fault applies to the sum of every response on that connection; use
 * a fresh client (or plenum_fault_proxy_close_all()) when a test needs a fresh one.
 *
 * Every fault can be set and cleared at any time, also while connections are open; a
 * change applies to open connections from their next chunk on. All faults off (the
 * default) is a faithful pass-through.
 *
 * Freeing (g_object_unref / g_autoptr) closes every connection and the listener.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PLENUM_TYPE_FAULT_PROXY (plenum_fault_proxy_get_type ())
G_DECLARE_FINAL_TYPE (PlenumFaultProxy, plenum_fault_proxy, PLENUM, FAULT_PROXY, GObject)

/* Starts listening on 127.0.0.1:0 in front of @upstream_host:@upstream_port. Fails only
 * when it cannot listen. The upstream is contacted once per accepted connection. */
PlenumFaultProxy *plenum_fault_proxy_new               (const char       *upstream_host,
                                                        guint16           upstream_port,
                                                        GError          **error);

/* As plenum_fault_proxy_new(), in front of the server at @upstream_url
 * ("http(s)://127.0.0.1:PORT"). For an https:// server the proxy ends TLS on both
 * sides: it serves the client with the shared test certificate
 * (plenum_test_tls_get_shared(), the server's own) and talks TLS to the server trusting
 * the test CA, so that its faults apply to the HTTP bytes in between, as on a plain
 * link (a corrupted byte reaches the client as a corrupted byte of the answer; a cut
 * ends the TLS connection without its close_notify, as a vanished server does). */
PlenumFaultProxy *plenum_fault_proxy_new_for_url       (const char       *upstream_url,
                                                        GError          **error);

/* The port it listens on, and "http(s)://127.0.0.1:PORT" (no trailing slash). */
guint16           plenum_fault_proxy_get_port          (PlenumFaultProxy *self);
const char       *plenum_fault_proxy_get_url           (PlenumFaultProxy *self);

/* "A server that vanishes mid-transfer": once a connection has forwarded @bytes bytes
 * downstream, both of its sockets are closed (the client sees the connection end in
 * the middle of a response). At most @bytes bytes reach the client. -1: off. */
void              plenum_fault_proxy_set_cut_after     (PlenumFaultProxy *self,
                                                        gssize            bytes);

/* "The server is down": TRUE stops listening, so new connections are refused by the
 * kernel (the client sees "connection refused", as with a server that is not
 * running); open connections go on (cut them with plenum_fault_proxy_close_all()).
 * FALSE listens again on the same port. */
void              plenum_fault_proxy_set_refuse        (PlenumFaultProxy *self,
                                                        gboolean          refuse);

/* "A slow link": at most @bytes_per_second downstream, per connection, in slices of
 * about a tenth of a second. 0: off. */
void              plenum_fault_proxy_set_throttle      (PlenumFaultProxy *self,
                                                        gsize             bytes_per_second);

/* "A corrupt byte": byte number @position (from 0) of each connection's downstream
 * stream has its lowest bit flipped (XOR 0x01). -1: off. Counted in
 * plenum_fault_proxy_get_n_corrupted(). */
void              plenum_fault_proxy_set_corrupt_at    (PlenumFaultProxy *self,
                                                        gssize            position);

/* "A link that stalls": while TRUE, nothing is forwarded in either direction on any
 * connection (new ones are accepted, and connected upstream, but their bytes wait).
 * FALSE resumes forwarding. The sockets stay open: only timeouts and watchdogs end it. */
void              plenum_fault_proxy_set_stall         (PlenumFaultProxy *self,
                                                        gboolean          stall);

/* "The server answers with an error": the next @count connections accepted from now on
 * (G_MAXUINT: all of them, until turned off) are not connected upstream; the proxy reads
 * the request head (up to the blank line) and answers itself with @status (500 or 503;
 * any 4xx/5xx works), a JSON error body in the protocol's shape
 * (`{"error":{"code":"internal"|"unavailable"|…,"message":"…"}}`), `Retry-After: 1` for
 * 503, and `Connection: close`, then closes the connection. Keep-alive connections
 * already open go on forwarding: call plenum_fault_proxy_close_all() after this when
 * the client's next request must get the error. @status 0 (or @count 0): off. Counted
 * in plenum_fault_proxy_get_n_http_errors(). */
void              plenum_fault_proxy_set_http_error    (PlenumFaultProxy *self,
                                                        guint             status,
                                                        guint             count);

/* "A server that vanishes at a random point": each connection accepted from now on is
 * cut (as by plenum_fault_proxy_set_cut_after()) after a byte count drawn uniformly
 * from [@min, @max] by a GRand seeded with @seed, so a run is repeatable from its seed
 * (print it). Counted in plenum_fault_proxy_get_n_cut(). When cut_after is also set,
 * the smaller limit wins. @max 0: off (connections open from now on are not cut at
 * random; those already open keep their drawn limit). */
void              plenum_fault_proxy_set_cut_random    (PlenumFaultProxy *self,
                                                        guint32           seed,
                                                        gsize             min,
                                                        gsize             max);

/* "Accept, then hang" is plenum_fault_proxy_set_stall (TRUE): connections accepted while
 * it is set get no byte either way until it is cleared. */

/* Closes every open connection now (both sockets). New ones are still accepted. */
void              plenum_fault_proxy_close_all         (PlenumFaultProxy *self);

/* Counters since the proxy was made. */
guint             plenum_fault_proxy_get_n_connections (PlenumFaultProxy *self); /* accepted */
guint             plenum_fault_proxy_get_n_open        (PlenumFaultProxy *self); /* open now */
guint             plenum_fault_proxy_get_n_cut         (PlenumFaultProxy *self); /* by cut_after */
guint             plenum_fault_proxy_get_n_corrupted   (PlenumFaultProxy *self); /* bytes flipped */
guint             plenum_fault_proxy_get_n_http_errors (PlenumFaultProxy *self); /* answered */
guint64           plenum_fault_proxy_get_bytes_downstream (PlenumFaultProxy *self);
guint64           plenum_fault_proxy_get_bytes_upstream   (PlenumFaultProxy *self);

G_END_DECLS
