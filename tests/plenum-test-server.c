/* plenum-test-server.c — runs the real plenum-server for a test; see plenum-test-server.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-test"

#include "plenum-test-server.h"
#include "plenum-test-util.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

/* Generous: the demo generates its PDFs before the server listens, and sanitizer builds
 * are slow. Tests never wait this long unless something is broken. */
#define START_TIMEOUT_MS 120000
#define STOP_TIMEOUT_MS  30000

#define LISTENING_PREFIX "plenum-server: listening on "

struct _PlenumTestServer
{
  GSubprocess      *process;
  GDataInputStream *stdout_lines;
  GCancellable     *cancellable;
  GString          *output;
  char             *data_dir;
  char             *url;
  gboolean          reading;   /* a read_line_async is in flight */
  gboolean          stdout_eof;
  gboolean          exited;
};

static const char *
server_path (void)
{
  const char *path = g_getenv ("PLENUM_SERVER");

  if (path == NULL)
    g_error ("PLENUM_SERVER is not set; run the tests through meson test");
  return path;
}

/* The server dies with the test, even when the test crashes. */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void read_next_line (PlenumTestServer *self);

static void
on_line_read_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PlenumTestServer *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize length = 0;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source_object), result,
                                                    &length, &error);
  self->reading = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (line == NULL)
    {
      self->stdout_eof = TRUE;
      return;
    }

  g_string_append_printf (self->output, "%s\n", line);
  if (self->url == NULL && g_str_has_prefix (line, LISTENING_PREFIX))
    self->url = g_strdup (line + strlen (LISTENING_PREFIX));
  /* Keep draining, so that the server never blocks on a full pipe. */
  read_next_line (self);
}

static void
read_next_line (PlenumTestServer *self)
{
  self->reading = TRUE;
  g_data_input_stream_read_line_async (self->stdout_lines, G_PRIORITY_DEFAULT, self->cancellable,
                                       on_line_read_cb, self);
}

static gboolean
started_or_ended (gpointer user_data)
{
  PlenumTestServer *self = user_data;

  return self->url != NULL || self->stdout_eof;
}

static PlenumTestServer *
start_server (const char         *data_dir,
              const char * const *extra_args,
              const char         *cert_file,
              const char         *key_file)
{
  g_autoptr(PlenumTestServer) self = g_new0 (PlenumTestServer, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) wrapper = NULL;
  g_autoptr(GError) error = NULL;

  self->cancellable = g_cancellable_new ();
  self->output = g_string_new (NULL);
  self->data_dir = data_dir != NULL ? g_strdup (data_dir) : plenum_test_mkdtemp ("server");

  /* PLENUM_TEST_SERVER_WRAPPER: a command line the server runs under (valgrind, by
   * tests/valgrind/run-e2e). */
  if (g_getenv ("PLENUM_TEST_SERVER_WRAPPER") != NULL)
    {
      g_autoptr(GError) parse_error = NULL;

      if (!g_shell_parse_argv (g_getenv ("PLENUM_TEST_SERVER_WRAPPER"), NULL, &wrapper,
                               &parse_error))
        g_error ("PLENUM_TEST_SERVER_WRAPPER: %s", parse_error->message);
      for (guint i = 0; wrapper[i] != NULL; i++)
        g_ptr_array_add (argv, wrapper[i]);
    }
  g_ptr_array_add (argv, (gpointer) server_path ());
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  g_ptr_array_add (argv, (gpointer) "--bind");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1");
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, self->data_dir);
  if (cert_file != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--tls-cert");
      g_ptr_array_add (argv, (gpointer) cert_file);
      g_ptr_array_add (argv, (gpointer) "--tls-key");
      g_ptr_array_add (argv, (gpointer) key_file);
    }
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  /* stderr is inherited: the server's warnings land in the test's log. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  if (cert_file != NULL && g_getenv ("ASAN_OPTIONS") != NULL)
    {
      /* LeakSanitizer (GCC 12) crashes at exit ("Tracer caught signal 11") scanning the
       * thread-local storage of the dlopen()ed GIO TLS module once a TLS connection was
       * served, and reports GLib's per-thread data as leaks when told not to scan it:
       * a TLS server's own leak check is off. The test process still checks its own. */
      g_autofree char *options = g_strconcat (g_getenv ("ASAN_OPTIONS"), ":detect_leaks=0",
                                              NULL);

      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
    }
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                &error);
  g_assert_no_error (error);

  self->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  read_next_line (self);

  plenum_test_wait_until (NULL, started_or_ended, self, START_TIMEOUT_MS);
  if (self->url == NULL)
    g_error ("plenum-server did not start (it printed: %s)", self->output->str);
  g_assert_true (g_str_has_prefix (self->url, cert_file != NULL ? "https://127.0.0.1:"
                                                                  : "http://127.0.0.1:"));

  return g_steal_pointer (&self);
}

PlenumTestServer *
plenum_test_server_start (const char         *data_dir,
                          const char * const *extra_args)
{
  PlenumTestTls *tls = plenum_test_tls_enabled () ? plenum_test_tls_get_shared () : NULL;

  return start_server (data_dir, extra_args, tls != NULL ? tls->cert_file : NULL,
                       tls != NULL ? tls->key_file : NULL);
}

PlenumTestServer *
plenum_test_server_start_plain (const char         *data_dir,
                                const char * const *extra_args)
{
  return start_server (data_dir, extra_args, NULL, NULL);
}

PlenumTestServer *
plenum_test_server_start_tls (const char         *data_dir,
                              const char * const *extra_args,
                              const char         *cert_file,
                              const char         *key_file)
{
  g_assert_nonnull (cert_file);
  g_assert_nonnull (key_file);
  return start_server (data_dir, extra_args, cert_file, key_file);
}

/* TLS material */

static void
add_extension (X509       *x509,
               X509       *issuer,
               int         nid,
               const char *value)
{
  X509V3_CTX ctx;
  X509_EXTENSION *ext;

  X509V3_set_ctx (&ctx, issuer, x509, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, nid, value);
  g_assert_nonnull (ext);
  g_assert_cmpint (X509_add_ext (x509, ext, -1), ==, 1);
  X509_EXTENSION_free (ext);
}

/* A certificate for @key named @common_name with @alt_names (NULL: none), signed by
 * @issuer_key as @issuer (NULL: self-signed), a CA when @is_ca. */
static X509 *
make_certificate (EVP_PKEY   *key,
                  const char *common_name,
                  const char *alt_names,
                  X509       *issuer,
                  EVP_PKEY   *issuer_key,
                  gboolean    is_ca)
{
  static long serial = 1;
  X509 *x509 = X509_new ();
  X509_NAME *name = X509_get_subject_name (x509);

  g_assert_cmpint (X509_set_version (x509, 2), ==, 1);
  ASN1_INTEGER_set (X509_get_serialNumber (x509), serial++);
  X509_gmtime_adj (X509_getm_notBefore (x509), -3600);
  X509_gmtime_adj (X509_getm_notAfter (x509), 24 * 3600);
  X509_set_pubkey (x509, key);
  X509_NAME_add_entry_by_txt (name, "O", MBSTRING_UTF8, (const unsigned char *) "Plenum tests",
                              -1, -1, 0);
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8, (const unsigned char *) common_name,
                              -1, -1, 0);
  X509_set_issuer_name (x509, issuer != NULL ? X509_get_subject_name (issuer) : name);
  if (is_ca)
    {
      add_extension (x509, issuer != NULL ? issuer : x509, NID_basic_constraints,
                     "critical,CA:TRUE");
      add_extension (x509, issuer != NULL ? issuer : x509, NID_key_usage,
                     "critical,keyCertSign,cRLSign");
    }
  else
    {
      add_extension (x509, issuer != NULL ? issuer : x509, NID_basic_constraints, "CA:FALSE");
      add_extension (x509, issuer != NULL ? issuer : x509, NID_ext_key_usage, "serverAuth");
    }
  if (alt_names != NULL)
    add_extension (x509, issuer != NULL ? issuer : x509, NID_subject_alt_name, alt_names);
  g_assert_cmpint (X509_sign (x509, issuer_key != NULL ? issuer_key : key, EVP_sha256 ()), >, 0);
  return x509;
}

static char *
write_certificate (const char *dir,
                   const char *name,
                   X509       *x509)
{
  char *path = g_build_filename (dir, name, NULL);
  BIO *bio = BIO_new_file (path, "w");

  g_assert_nonnull (bio);
  g_assert_cmpint (PEM_write_bio_X509 (bio, x509), ==, 1);
  BIO_free (bio);
  return path;
}

static char *
write_key (const char *dir,
           const char *name,
           EVP_PKEY   *key)
{
  char *path = g_build_filename (dir, name, NULL);
  BIO *bio = BIO_new_file (path, "w");

  g_assert_nonnull (bio);
  g_assert_cmpint (PEM_write_bio_PrivateKey (bio, key, NULL, NULL, 0, NULL, NULL), ==, 1);
  BIO_free (bio);
  return path;
}

/* "sha256//" and the base64 of the SHA-256 of @key's SubjectPublicKeyInfo. */
static char *
key_pin (EVP_PKEY *key)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  unsigned char *der = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autofree char *b64 = NULL;
  int der_len = i2d_PUBKEY (key, &der);

  g_assert_cmpint (der_len, >, 0);
  g_checksum_update (checksum, der, der_len);
  g_checksum_get_digest (checksum, digest, &digest_len);
  OPENSSL_free (der);
  b64 = g_base64_encode (digest, digest_len);
  return g_strconcat ("sha256//", b64, NULL);
}

PlenumTestTls *
plenum_test_tls_new (void)
{
  PlenumTestTls *tls = g_new0 (PlenumTestTls, 1);
  g_autofree char *dir = plenum_test_mkdtemp ("tls");
  EVP_PKEY *ca_key = EVP_EC_gen ("P-256");
  EVP_PKEY *server_key = EVP_EC_gen ("P-256");
  EVP_PKEY *impostor_key = EVP_EC_gen ("P-256");
  EVP_PKEY *other_key = EVP_EC_gen ("P-256");
  X509 *ca;
  X509 *server;
  X509 *impostor;
  X509 *other_name;

  g_assert_nonnull (ca_key);
  g_assert_nonnull (server_key);
  g_assert_nonnull (impostor_key);
  g_assert_nonnull (other_key);

  ca = make_certificate (ca_key, "Plenum test CA", NULL, NULL, NULL, TRUE);
  server = make_certificate (server_key, "127.0.0.1", "IP:127.0.0.1,DNS:localhost", ca, ca_key,
                             FALSE);
  impostor = make_certificate (impostor_key, "127.0.0.1", "IP:127.0.0.1,DNS:localhost", NULL,
                               NULL, FALSE);
  other_name = make_certificate (server_key, "plenum.example.org", "DNS:plenum.example.org", ca,
                                 ca_key, FALSE);

  tls->ca_file = write_certificate (dir, "ca.pem", ca);
  tls->cert_file = write_certificate (dir, "server.pem", server);
  tls->key_file = write_key (dir, "server.key", server_key);
  tls->pin = key_pin (server_key);
  tls->impostor_cert_file = write_certificate (dir, "impostor.pem", impostor);
  tls->impostor_key_file = write_key (dir, "impostor.key", impostor_key);
  tls->other_name_cert_file = write_certificate (dir, "other-name.pem", other_name);
  tls->other_pin = key_pin (other_key);

  X509_free (ca);
  X509_free (server);
  X509_free (impostor);
  X509_free (other_name);
  EVP_PKEY_free (ca_key);
  EVP_PKEY_free (server_key);
  EVP_PKEY_free (impostor_key);
  EVP_PKEY_free (other_key);
  return tls;
}

void
plenum_test_tls_free (PlenumTestTls *tls)
{
  if (tls == NULL)
    return;
  g_free (tls->ca_file);
  g_free (tls->cert_file);
  g_free (tls->key_file);
  g_free (tls->pin);
  g_free (tls->impostor_cert_file);
  g_free (tls->impostor_key_file);
  g_free (tls->other_name_cert_file);
  g_free (tls->other_pin);
  g_free (tls);
}

gboolean
plenum_test_tls_enabled (void)
{
  return g_strcmp0 (g_getenv ("PLENUM_TEST_TLS"), "1") == 0;
}

/* The shared material's files, by name in their folder. */
static PlenumTestTls *
tls_from_dir (const char *dir)
{
  PlenumTestTls *tls = g_new0 (PlenumTestTls, 1);
  g_autofree char *pin_file = g_build_filename (dir, "pin", NULL);
  g_autofree char *other_pin_file = g_build_filename (dir, "other-pin", NULL);
  g_autoptr(GError) error = NULL;

  tls->ca_file = g_build_filename (dir, "ca.pem", NULL);
  tls->cert_file = g_build_filename (dir, "server.pem", NULL);
  tls->key_file = g_build_filename (dir, "server.key", NULL);
  tls->impostor_cert_file = g_build_filename (dir, "impostor.pem", NULL);
  tls->impostor_key_file = g_build_filename (dir, "impostor.key", NULL);
  tls->other_name_cert_file = g_build_filename (dir, "other-name.pem", NULL);
  g_file_get_contents (pin_file, &tls->pin, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (other_pin_file, &tls->other_pin, NULL, &error);
  g_assert_no_error (error);
  return tls;
}

PlenumTestTls *
plenum_test_tls_get_shared (void)
{
  /* Reachable until the process ends, like the CA it names. */
  static PlenumTestTls *shared;

  if (shared == NULL)
    {
      const char *dir = g_getenv ("PLENUM_TEST_TLS_DIR");

      if (dir != NULL)
        shared = tls_from_dir (dir);
      else
        {
          g_autofree char *made_dir = NULL;
          g_autofree char *pin_file = NULL;
          g_autofree char *other_pin_file = NULL;
          g_autoptr(GError) error = NULL;

          shared = plenum_test_tls_new ();
          made_dir = g_path_get_dirname (shared->ca_file);
          pin_file = g_build_filename (made_dir, "pin", NULL);
          other_pin_file = g_build_filename (made_dir, "other-pin", NULL);
          g_file_set_contents (pin_file, shared->pin, -1, &error);
          g_assert_no_error (error);
          g_file_set_contents (other_pin_file, shared->other_pin, -1, &error);
          g_assert_no_error (error);
          /* A child process of the test (a second terminal, a killed client) trusts the
           * same CA: it inherits the folder's name. */
          g_setenv ("PLENUM_TEST_TLS_DIR", made_dir, TRUE);
        }
    }
  return shared;
}

const char *
plenum_test_ca_file (void)
{
  return plenum_test_tls_enabled () ? plenum_test_tls_get_shared ()->ca_file : NULL;
}

const char *
plenum_test_server_get_url (PlenumTestServer *self)
{
  return self->url;
}

const char *
plenum_test_server_get_data_dir (PlenumTestServer *self)
{
  return self->data_dir;
}

const char *
plenum_test_server_get_output (PlenumTestServer *self)
{
  return self->output->str;
}

typedef struct {
  PlenumTestServer *server;
  const char       *text;
} OutputWait;

static gboolean
output_printed (gpointer user_data)
{
  OutputWait *wait = user_data;

  return strstr (wait->server->output->str, wait->text) != NULL || wait->server->stdout_eof;
}

gboolean
plenum_test_server_wait_output (PlenumTestServer *self,
                                const char       *text)
{
  OutputWait wait = { self, text };

  plenum_test_wait_until (NULL, output_printed, &wait, START_TIMEOUT_MS);
  return strstr (self->output->str, text) != NULL;
}

static void
on_exited_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source_object), result, NULL);
  *exited = TRUE;
}

void
plenum_test_server_stop (PlenumTestServer *self)
{
  gboolean exited = FALSE;

  if (self->process == NULL || self->exited)
    return;

  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait_async (self->process, NULL, on_exited_cb, &exited);
  if (!plenum_test_wait_flag (NULL, &exited, STOP_TIMEOUT_MS))
    {
      g_subprocess_force_exit (self->process);
      g_error ("plenum-server did not stop on SIGTERM");
    }
  self->exited = TRUE;

  /* A clean exit: no crash, no sanitizer report. */
  g_assert_true (g_subprocess_get_if_exited (self->process));
  g_assert_cmpint (g_subprocess_get_exit_status (self->process), ==, 0);
}

static gboolean
read_finished (gpointer user_data)
{
  PlenumTestServer *self = user_data;

  return !self->reading;
}

void
plenum_test_server_free (PlenumTestServer *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL && !self->exited)
    plenum_test_server_stop (self);
  /* The pending read must finish before self goes. */
  g_cancellable_cancel (self->cancellable);
  plenum_test_wait_until (NULL, read_finished, self, STOP_TIMEOUT_MS);
  g_clear_object (&self->stdout_lines);
  g_clear_object (&self->process);
  g_clear_object (&self->cancellable);
  g_string_free (self->output, TRUE);
  g_free (self->data_dir);
  g_free (self->url);
  g_free (self);
}

typedef struct {
  gboolean  done;
  char     *out;
  char     *err;
  GError   *error;
} Communication;

static void
on_communicated_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Communication *communication = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source_object), result,
                                        &communication->out, &communication->err,
                                        &communication->error);
  communication->done = TRUE;
}

int
plenum_test_server_run (const char * const *args,
                        char              **out,
                        char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  Communication communication = { 0 };

  g_ptr_array_add (argv, (gpointer) server_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated_cb, &communication);
  if (!plenum_test_wait_flag (NULL, &communication.done, START_TIMEOUT_MS))
    {
      g_subprocess_force_exit (process);
      g_error ("plenum-server did not finish");
    }
  g_assert_no_error (communication.error);
  g_assert_true (g_subprocess_get_if_exited (process));

  if (out != NULL)
    *out = g_steal_pointer (&communication.out);
  if (err != NULL)
    *err = g_steal_pointer (&communication.err);
  g_free (communication.out);
  g_free (communication.err);
  return g_subprocess_get_exit_status (process);
}

char *
plenum_test_server_seed_demo (const char *prefix,
                              const char *ready_text,
                              const char *accounts_json)
{
  g_autofree char *dir = plenum_test_mkdtemp (prefix);
  g_autofree char *accounts = g_build_filename (dir, "accounts.json", NULL);
  g_autoptr(GError) error = NULL;
  const char *demo[] = { "--demo", NULL };
  const char *import[] = { "--data-dir", dir, "--import-accounts", accounts, NULL };
  PlenumTestServer *server = plenum_test_server_start_plain (dir, demo);

  /* The demo is seeded once @ready_text is out; stop it only then. */
  g_assert_true (plenum_test_server_wait_output (server, ready_text));
  plenum_test_server_stop (server);
  plenum_test_server_free (server);
  if (accounts_json != NULL)
    {
      g_autofree char *out = NULL;

      g_file_set_contents (accounts, accounts_json, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (plenum_test_server_run (import, &out, NULL), ==, 0);
    }
  return g_build_filename (dir, "plenum.db", NULL);
}

char *
plenum_test_server_copy_db (const char *db,
                            const char *prefix)
{
  g_autofree char *dir = plenum_test_mkdtemp (prefix);
  g_autofree char *copy = g_build_filename (dir, "plenum.db", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (db, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (copy, contents, (gssize) length, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&dir);
}
