/* plenum-test-server.h — runs the real plenum-server executable ($PLENUM_SERVER) for a
 * test: on 127.0.0.1, port 0, in a data folder of the test's own, with whatever settings
 * the test shortens. The base URL comes from the server's first stdout line.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _PlenumTestServer PlenumTestServer;

/* Starts `plenum-server --port 0 --bind 127.0.0.1 --data-dir DIR` plus @extra_args
 * (NULL-terminated, may be NULL) and waits (with a deadline) for its listening line.
 * @data_dir NULL: a new folder under plenum_test_tmpdir(). Fails the test when the server
 * does not come up. With plenum_test_tls_enabled() the server serves HTTPS with the
 * shared test certificate (plenum_test_tls_get_shared()), and the test helpers that make
 * clients (plenum_test_soup_session_new(), plenum_test_sync_engine_new(), the plenumctl
 * runner, the fault proxy) trust its CA. */
PlenumTestServer *plenum_test_server_start        (const char         *data_dir,
                                                   const char * const *extra_args);
/* As plenum_test_server_start(), always over plain HTTP. */
PlenumTestServer *plenum_test_server_start_plain  (const char         *data_dir,
                                                   const char * const *extra_args);

/* Throwaway TLS material, made with libcrypto (P-256 keys, valid from an hour ago for a
 * day) in a new folder under plenum_test_tmpdir(): */
typedef struct {
  char *ca_file;              /* the test CA's certificate (PEM): the clients' CA file */
  char *cert_file;            /* the server's certificate for 127.0.0.1 and localhost,
                               * signed by the CA */
  char *key_file;             /* its key (PEM, unencrypted) */
  char *pin;                  /* "sha256//BASE64" of that key (CURLOPT_PINNEDPUBLICKEY) */
  char *impostor_cert_file;   /* self-signed, for the same names, with another key */
  char *impostor_key_file;
  char *other_name_cert_file; /* signed by the CA, with the server's key, but for
                               * plenum.example.org only */
  char *other_pin;            /* "sha256//…" of a key that no certificate has */
} PlenumTestTls;

PlenumTestTls    *plenum_test_tls_new             (void);
void              plenum_test_tls_free            (PlenumTestTls      *tls);

/* TRUE when PLENUM_TEST_TLS=1: tests/meson.build sets it for the e2e and ui suites, so
 * that clients and server talk HTTPS there as in a room (the server suite tests the
 * server over plain HTTP, where its own leak check runs; see start_server()). */
gboolean          plenum_test_tls_enabled         (void);
/* One PlenumTestTls for the whole test process and its children (made at the first
 * call; a child finds it through PLENUM_TEST_TLS_DIR). Not to be freed. */
PlenumTestTls    *plenum_test_tls_get_shared      (void);
/* The shared CA's file when plenum_test_tls_enabled(), else NULL: what a client of the
 * test's servers must trust. */
const char       *plenum_test_ca_file             (void);

/* As plenum_test_server_start(), serving HTTPS with --tls-cert @cert_file --tls-key
 * @key_file (e.g. a PlenumTestTls's): the URL is then "https://127.0.0.1:PORT". To run a
 * test over HTTPS, start the server so and give the clients (set_ca_file) or the sync
 * engine (plenum_sync_engine_set_tls) the PlenumTestTls's CA file. */
PlenumTestServer *plenum_test_server_start_tls    (const char         *data_dir,
                                                   const char * const *extra_args,
                                                   const char         *cert_file,
                                                   const char         *key_file);

/* "http://127.0.0.1:PORT" (or https://), without a trailing slash. */
const char       *plenum_test_server_get_url      (PlenumTestServer   *self);
const char       *plenum_test_server_get_data_dir (PlenumTestServer   *self);

/* Everything the server printed on stdout so far, including the listening line. */
const char       *plenum_test_server_get_output   (PlenumTestServer   *self);

/* Waits (with a deadline) until the server has printed @text on stdout. */
gboolean          plenum_test_server_wait_output  (PlenumTestServer   *self,
                                                   const char         *text);

/* Sends SIGTERM and waits (with a deadline) for a clean exit, which it asserts. */
void              plenum_test_server_stop         (PlenumTestServer   *self);

/* Stops the server if it still runs, and frees. */
void              plenum_test_server_free         (PlenumTestServer   *self);

/* Runs plenum-server with @args (NULL-terminated) to completion, for one-shot commands
 * (--import-packet, --import-accounts). Returns its exit status; @out and @err (may be
 * NULL) get what it printed. */
int               plenum_test_server_run          (const char * const *args,
                                                   char              **out,
                                                   char              **err);

/* A database seeded with the demo, for the tests that start every server from a copy of
 * it: a run of `plenum-server --demo`, stopped once it has printed @ready_text (the demo
 * is seeded by then), then @accounts_json (may be NULL) imported with --import-accounts.
 * Returns the database file's path, in a new folder named after @prefix. */
char             *plenum_test_server_seed_demo    (const char         *prefix,
                                                   const char         *ready_text,
                                                   const char         *accounts_json);

/* Copies the database file @db as plenum.db into a new folder named after @prefix;
 * returns the folder (for plenum_test_server_start()). */
char             *plenum_test_server_copy_db      (const char         *db,
                                                   const char         *prefix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumTestServer, plenum_test_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumTestTls, plenum_test_tls_free)

G_END_DECLS
