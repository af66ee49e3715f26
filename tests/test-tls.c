/* test-tls.c — HTTPS end to end: plenum-server with --tls-cert/--tls-key, and every
 * client (PlenumHttpClient, the blob upload, the sync engine with its event stream,
 * plenumctl) verifying it against a throwaway CA, a pinned key, or refusing it.
 *
 * The CA, the server's certificate, a self-signed impostor and a second key come from
 * plenum_test_tls_new() (tests/plenum-test-server.h), made with libcrypto for each run.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <libsoup/soup.h>

#include "core/plenum-core.h"
#include "net/plenum-blob-upload.h"
#include "net/plenum-http-client.h"
#include "plenum-test-ctl.h"
#include "plenum-test-server.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

/* Deadlines: generous for sanitizer builds; a passing run takes a fraction of them. */
#define WAIT_MS 60000

#define MEMBER        "le.minh.tuan"
#define MEMBER_PIN    "100003"
#define SECRETARY     "ly.thi.hong"
#define SECRETARY_PIN "999999"
#define TERMINAL_ID   "0c7e4f7a-7a59-4f1e-9a51-3b1f1c0d9e11"

static PlenumTestTls *tls;

/* One HTTPS demo server for the tests that only read from it. */
static PlenumTestServer *shared_server;

static const char *
shared_url (void)
{
  if (shared_server == NULL)
    shared_server = plenum_test_server_start_tls (NULL, (const char * const[]) { "--demo", NULL },
                                                  tls->cert_file, tls->key_file);
  return plenum_test_server_get_url (shared_server);
}

/* A request through @client, run to its end (with a deadline). */
static PlenumHttpResponse *
run_request (PlenumHttpClient  *client,
             const char        *method,
             const char        *path,
             const char        *json,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = json != NULL ? g_bytes_new (json, strlen (json)) : NULL;

  plenum_http_client_request_async (client, method, path, body, NULL, NULL,
                                    plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  return plenum_http_client_request_finish (client, result, error);
}

static PlenumHttpClient *
client_new (const char *url,
            const char *ca_file,
            const char *pin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumHttpClient) client = plenum_http_client_new (url, &error);

  g_assert_no_error (error);
  plenum_http_client_set_ca_file (client, ca_file);
  g_assert_true (plenum_http_client_set_pinned_public_key (client, pin, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&client);
}

/* Asserts that GET /api/v1/server through @client fails with a TLS error of @problem,
 * whose message starts with @message. */
static void
assert_refused (PlenumHttpClient     *client,
                PlenumHttpTlsProblem  problem,
                const char           *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumHttpResponse) response = run_request (client, "GET", "/api/v1/server", NULL,
                                                        &error);

  g_assert_null (response);
  g_assert_error (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_TLS);
  g_assert_cmpint (plenum_http_error_get_tls_problem (error), ==, problem);
  g_assert_true (g_str_has_prefix (error->message, message));
  /* Not a network blip: retrying without a change of set-up cannot help. */
  g_assert_false (plenum_http_error_is_transient (error));
}

/* A JSON answer's string member. */
static char *
json_string (PlenumHttpResponse *response,
             const char         *key)
{
  GBytes *body = plenum_http_response_get_body (response);
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = plenum_json_parse (g_bytes_get_data (body, NULL),
                                             (gssize) g_bytes_get_size (body), &error);
  const cJSON *item;

  g_assert_no_error (error);
  item = cJSON_GetObjectItemCaseSensitive (root, key);
  g_assert_true (cJSON_IsString (item));
  return g_strdup (item->valuestring);
}

/* Signs @name in through @client; returns the token. */
static char *
sign_in (PlenumHttpClient *client,
         const char       *name,
         const char       *pin)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"pin\":\"%s\","
                                           "\"terminal_id\":\"%s\"}", name, pin, TERMINAL_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumHttpResponse) response = run_request (client, "POST", "/api/v1/session", body,
                                                        &error);

  g_assert_no_error (error);
  g_assert_cmpuint (plenum_http_response_get_status (response), ==, 201);
  return json_string (response, "token");
}

/* The server refuses to start with a key that is not its certificate's, or a file that
 * is not there, and says which file. */
static void
test_server_refuses_bad_files (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("bad-tls");
  g_autofree char *missing = g_build_filename (dir, "missing.pem", NULL);
  g_autofree char *err = NULL;
  const char *mismatched[] = { "--port", "0", "--data-dir", dir, "--tls-cert", tls->cert_file,
                               "--tls-key", tls->impostor_key_file, NULL };
  const char *absent[] = { "--port", "0", "--data-dir", dir, "--tls-cert", missing,
                           "--tls-key", tls->key_file, NULL };
  const char *half[] = { "--port", "0", "--data-dir", dir, "--tls-cert", tls->cert_file, NULL };

  g_assert_cmpint (plenum_test_server_run (mismatched, NULL, &err), !=, 0);
  g_assert_nonnull (strstr (err, "does not belong to the certificate"));
  g_assert_nonnull (strstr (err, tls->impostor_key_file));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (plenum_test_server_run (absent, NULL, &err), !=, 0);
  g_assert_nonnull (strstr (err, missing));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (plenum_test_server_run (half, NULL, &err), !=, 0);
  g_assert_nonnull (strstr (err, "--tls-key"));
}

/* With the CA, the client reaches the right server, signed in too; without it, the
 * system's store does not know the test CA. */
static void
test_right_server (void)
{
  const char *url = shared_url ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumHttpClient) client = client_new (url, tls->ca_file, NULL);
  g_autoptr(PlenumHttpClient) system_store = client_new (url, NULL, NULL);
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autofree char *token = NULL;

  g_assert_true (g_str_has_prefix (url, "https://127.0.0.1:"));

  response = run_request (client, "GET", "/api/v1/server", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_http_response_get_status (response), ==, 200);
  g_clear_object (&response);

  token = sign_in (client, MEMBER, MEMBER_PIN);
  plenum_http_client_set_token (client, token);
  response = run_request (client, "GET", "/api/v1/meetings", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_http_response_get_status (response), ==, 200);
  {
    GBytes *body = plenum_http_response_get_body (response);
    g_autoptr(cJSON) root = plenum_json_parse (g_bytes_get_data (body, NULL),
                                               (gssize) g_bytes_get_size (body), &error);

    g_assert_no_error (error);
    g_assert_true (cJSON_IsArray (cJSON_GetObjectItemCaseSensitive (root, "meetings")));
    g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (root, "meetings")),
                     >, 0);
  }

  assert_refused (system_store, PLENUM_HTTP_TLS_PROBLEM_UNTRUSTED,
                  "The server's certificate is not signed by an authority this terminal trusts");
}

/* A pinned key: the server's own is accepted, any other refused even with the right CA;
 * the pin alone is not enough where the chain is not trusted. */
static void
test_pinned_key (void)
{
  const char *url = shared_url ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumHttpClient) right = client_new (url, tls->ca_file, tls->pin);
  g_autoptr(PlenumHttpClient) wrong = client_new (url, tls->ca_file, tls->other_pin);
  g_autoptr(PlenumHttpResponse) response = NULL;

  response = run_request (right, "GET", "/api/v1/server", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_http_response_get_status (response), ==, 200);
  g_assert_cmpstr (plenum_http_client_get_pinned_public_key (right), ==, tls->pin);

  assert_refused (wrong, PLENUM_HTTP_TLS_PROBLEM_PINNED_KEY,
                  "The server's key is not the one this terminal was set up with");
}

/* Another process on the same port with a self-signed certificate for the same names:
 * refused, with and without the pin of the real key. Then a certificate from the right
 * CA for another name. */
static void
test_impostor (void)
{
  g_autoptr(PlenumTestServer) real = plenum_test_server_start_tls (NULL, NULL, tls->cert_file,
                                                                   tls->key_file);
  g_autofree char *url = g_strdup (plenum_test_server_get_url (real));
  g_autofree char *port = g_strdup_printf ("%u", plenum_test_url_port (url));
  g_autoptr(PlenumHttpClient) client = client_new (url, tls->ca_file, NULL);
  g_autoptr(PlenumHttpClient) pinned = client_new (url, tls->ca_file, tls->pin);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumHttpResponse) response = NULL;

  response = run_request (client, "GET", "/api/v1/server", NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&response);
  plenum_test_server_stop (real);

  {
    g_autoptr(PlenumTestServer) impostor =
      plenum_test_server_start_tls (NULL, (const char * const[]) { "--port", port, NULL },
                                    tls->impostor_cert_file, tls->impostor_key_file);

    g_assert_cmpstr (plenum_test_server_get_url (impostor), ==, url);
    assert_refused (client, PLENUM_HTTP_TLS_PROBLEM_UNTRUSTED,
                    "The server's certificate is not signed by an authority this terminal "
                    "trusts");
    assert_refused (pinned, PLENUM_HTTP_TLS_PROBLEM_UNTRUSTED,
                    "The server's certificate is not signed by an authority this terminal "
                    "trusts");
  }

  {
    g_autoptr(PlenumTestServer) other =
      plenum_test_server_start_tls (NULL, (const char * const[]) { "--port", port, NULL },
                                    tls->other_name_cert_file, tls->key_file);

    assert_refused (client, PLENUM_HTTP_TLS_PROBLEM_WRONG_NAME,
                    "The server's certificate is for another name");
  }
}

/* Plain http:// to a host that is not loopback: refused before connecting (the address
 * is TEST-NET-1, where nothing answers: a connection attempt would time out, not fail
 * at once), unless allowed for a lab. */
static void
test_plain_http (void)
{
  const char *remote = "http://192.0.2.1:8080";
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumHttpClient) refused = plenum_http_client_new (remote, &error);
  g_autoptr(PlenumHttpClient) lab = NULL;
  g_autoptr(PlenumHttpClient) loopback = NULL;
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autofree char *dir = plenum_test_mkdtemp ("plain-terminal");
  PlenumStore *store;
  PlenumSyncEngine *engine;
  g_autoptr(PlenumMember) member = NULL;

  g_assert_null (refused);
  g_assert_error (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INSECURE);
  g_clear_error (&error);

  lab = plenum_http_client_new_full (remote, PLENUM_HTTP_CLIENT_ALLOW_INSECURE, &error);
  g_assert_no_error (error);
  g_assert_true (plenum_http_client_get_allow_insecure (lab));
  /* Taken back: every transfer is refused, before any connection. */
  plenum_http_client_set_allow_insecure (lab, FALSE);
  response = run_request (lab, "GET", "/api/v1/server", NULL, &error);
  g_assert_null (response);
  g_assert_error (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INSECURE);
  g_clear_error (&error);

  loopback = plenum_http_client_new ("http://localhost:1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (loopback);

  /* A sync engine for such an address is made, but sends nothing until allowed: the
   * sign-in fails at once, not after a connection timeout (which would be UNREACHABLE
   * and an offline attempt). */
  store = plenum_test_open_store (dir, WAIT_MS);
  engine = plenum_test_engine_new (store, remote);
  g_assert_false (plenum_sync_engine_get_allow_insecure_http (engine));
  member = plenum_test_engine_sign_in (engine, MEMBER, MEMBER_PIN, WAIT_MS, &error);
  g_assert_null (member);
  g_assert_nonnull (error);
  g_assert_false (g_error_matches (error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_UNREACHABLE));
  g_clear_error (&error);

  plenum_sync_engine_set_tls (engine, NULL, NULL, TRUE);
  g_assert_true (plenum_sync_engine_get_allow_insecure_http (engine));
  plenum_test_engine_close (engine, store, NULL, WAIT_MS);
}

/* The sync engine over HTTPS with the CA and the pin: the demo meeting and its
 * documents (blob downloads), and an event on the stream (the server's event hub writes
 * it on the stolen TLS connection). */
typedef struct {
  guint n_events;
} Events;

static void
on_server_event_cb (PlenumSyncEngine *engine,
                    PlenumEvent      *event,
                    gpointer          user_data)
{
  Events *events = user_data;

  events->n_events++;
}

static gboolean
all_downloaded (gpointer user_data)
{
  PlenumSyncEngine *engine = user_data;

  return g_list_model_get_n_items (plenum_sync_engine_get_meetings (engine)) > 0 &&
         plenum_sync_engine_get_documents_total (engine) > 0 &&
         plenum_sync_engine_get_documents_done (engine) ==
           plenum_sync_engine_get_documents_total (engine) &&
         !plenum_sync_engine_get_syncing (engine);
}

typedef struct {
  PlenumSyncEngine *engine;
  const char       *meeting_id;
  const char       *sha256;
} NewDocument;

/* The event's meeting is there and its document downloaded and verified. */
static gboolean
new_document_verified (gpointer user_data)
{
  NewDocument *wait = user_data;
  g_autoptr(PlenumMeeting) meeting = plenum_sync_engine_get_meeting (wait->engine,
                                                                     wait->meeting_id);

  return meeting != NULL &&
         plenum_sync_engine_get_document_state (wait->engine, wait->sha256, NULL, NULL) ==
           PLENUM_DOCUMENT_STATE_VERIFIED;
}

static gboolean
got_event (gpointer user_data)
{
  Events *events = user_data;

  return events->n_events > 0;
}

static gboolean
is_online (gpointer user_data)
{
  return plenum_sync_engine_get_online (user_data);
}

static void
test_sync_engine (void)
{
  PlenumTestServer *server = plenum_test_server_start_tls (NULL,
                                                           (const char * const[]) { "--demo", NULL },
                                                           tls->cert_file, tls->key_file);
  const char *url = plenum_test_server_get_url (server);
  g_autofree char *dir = plenum_test_mkdtemp ("tls-terminal");
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(PlenumTestSecretary) secretary = NULL;
  g_autoptr(GBytes) pdf = plenum_test_make_pdf ("tls", 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autofree char *sha256 = NULL;
  g_autoptr(PlenumHttpClient) upload_client = client_new (url, tls->ca_file, tls->pin);
  g_autoptr(PlenumHttpClient) impostor_client = client_new (url, tls->ca_file, tls->other_pin);
  g_autoptr(GAsyncResult) result = NULL;
  const char *packet[] = { NULL, NULL };
  Events events = { 0 };
  PlenumStore *store;
  PlenumSyncEngine *engine;

  store = plenum_test_open_store (dir, WAIT_MS);
  engine = plenum_test_engine_new (store, url);
  plenum_sync_engine_set_tls (engine, tls->ca_file, tls->pin, FALSE);
  g_assert_cmpstr (plenum_sync_engine_get_ca_file (engine), ==, tls->ca_file);
  g_assert_cmpstr (plenum_sync_engine_get_pinned_public_key (engine), ==, tls->pin);
  g_signal_connect (engine, "server-event", G_CALLBACK (on_server_event_cb), &events);

  plenum_test_engine_sign_in_ok (engine, MEMBER, MEMBER_PIN, WAIT_MS);
  g_assert_true (plenum_test_wait_until (NULL, all_downloaded, engine, WAIT_MS));
  g_assert_true (plenum_test_wait_until (NULL, is_online, engine, WAIT_MS));

  /* The secretariat's side over HTTPS too: libsoup with the CA as its database. */
  database = g_tls_file_database_new (tls->ca_file, &error);
  g_assert_no_error (error);
  session = soup_session_new_with_options ("tls-database", database, NULL);
  secretary = plenum_test_secretary_new (session, SECRETARY, SECRETARY_PIN, TERMINAL_ID, url);

  /* The streaming blob upload takes the client's CA and pin: refused with a wrong pin,
   * stored with the right one. */
  sha256 = plenum_sha256_hex (g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  {
    g_autofree char *path = g_build_filename (dir, "upload.pdf", NULL);

    g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf),
                         &error);
    g_assert_no_error (error);
    plenum_blob_upload_async (impostor_client, secretary->token, sha256, path, NULL, NULL,
                              plenum_test_got_result_cb, &result);
    g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
    g_assert_cmpuint (plenum_blob_upload_finish (result, &error), ==, 0);
    g_assert_error (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_TLS);
    g_assert_cmpint (plenum_http_error_get_tls_problem (error), ==,
                     PLENUM_HTTP_TLS_PROBLEM_PINNED_KEY);
    g_clear_error (&error);
    g_clear_object (&result);

    plenum_blob_upload_async (upload_client, secretary->token, sha256, path, NULL, NULL,
                              plenum_test_got_result_cb, &result);
    g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
    g_assert_cmpuint (plenum_blob_upload_finish (result, &error), ==, 201);
    g_assert_no_error (error);
  }

  /* A new packet: its event reaches the engine over the TLS event stream, and the new
   * document downloads. */
  events.n_events = 0;
  packet[0] = sha256;
  plenum_test_secretary_publish (session, secretary, meeting_id, "Họp thử TLS", packet);
  g_assert_true (plenum_test_wait_until (NULL, got_event, &events, WAIT_MS));
  {
    NewDocument wait = { engine, meeting_id, sha256 };

    g_assert_true (plenum_test_wait_until (NULL, new_document_verified, &wait, WAIT_MS));
  }

  plenum_test_engine_close (engine, store, &events, WAIT_MS);
  plenum_test_server_free (server);
}

/* plenumctl: --ca-file (and PLENUMCTL_CA_FILE) signs in and lists meetings over HTTPS;
 * without it the server is refused, and said to be. */
typedef PlenumTestCtlRun Run;

/* plenumctl @args (with --server among them) with PLENUMCTL_CA_FILE @ca_file_env (NULL:
 * unset) and no pinned key from the environment. */
static void
run_ctl (Run                *run,
         const char         *config,
         const char         *ca_file_env,
         const char         *input,
         const char * const *args)
{
  g_autofree char *ca_file = ca_file_env != NULL
                               ? g_strconcat ("PLENUMCTL_CA_FILE=", ca_file_env, NULL)
                               : g_strdup ("PLENUMCTL_CA_FILE");
  const char *environment[] = { "PLENUMCTL_PINNED_PUBLIC_KEY", ca_file, NULL };

  plenum_test_ctl_run_program (run, g_getenv ("PLENUMCTL"), environment, config, NULL, input,
                               args);
}

static void
run_clear (Run *run)
{
  plenum_test_ctl_run_clear (run);
}

static void
test_plenumctl (void)
{
  const char *url = shared_url ();
  g_autofree char *config = plenum_test_mkdtemp ("ctl-config");
  Run run;

  /* No CA: the test CA is unknown to the system's store. */
  run_ctl (&run, config, NULL, SECRETARY_PIN "\n",
           (const char * const[]) { "--server", url, "sign-in", SECRETARY, NULL });
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "not signed by an authority this terminal trusts"));
  run_clear (&run);

  /* --ca-file before the command. */
  run_ctl (&run, config, NULL, SECRETARY_PIN "\n",
           (const char * const[]) { "--server", url, "--ca-file", tls->ca_file, "sign-in",
                                    SECRETARY, NULL });
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  /* PLENUMCTL_CA_FILE, and --pinned-public-key=… after the command. */
  {
    g_autofree char *pin_option = g_strconcat ("--pinned-public-key=", tls->pin, NULL);
    g_autofree char *other_option = g_strconcat ("--pinned-public-key=", tls->other_pin, NULL);

    run_ctl (&run, config, tls->ca_file, NULL,
             (const char * const[]) { "--server", url, "meetings", pin_option, NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "packet v1"));
    run_clear (&run);

    run_ctl (&run, config, tls->ca_file, NULL,
             (const char * const[]) { "--server", url, "meetings", other_option, NULL });
    g_assert_cmpint (run.status, ==, 3);
    g_assert_nonnull (strstr (run.err, "not the one this terminal was set up with"));
    run_clear (&run);
  }

  /* A CA file that is not there is said as such. */
  run_ctl (&run, config, NULL, NULL,
           (const char * const[]) { "--server", url, "--ca-file", "/nonexistent/ca.pem",
                                    "meetings", NULL });
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "/nonexistent/ca.pem"));
  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      /* glib-networking is a build dependency of the server: this is a broken set-up. */
      g_printerr ("no TLS backend for GLib (glib-networking)\n");
      return 1;
    }
  tls = plenum_test_tls_new ();

  g_test_add_func ("/plenum/tls/server-refuses-bad-files", test_server_refuses_bad_files);
  g_test_add_func ("/plenum/tls/right-server", test_right_server);
  g_test_add_func ("/plenum/tls/pinned-key", test_pinned_key);
  g_test_add_func ("/plenum/tls/impostor", test_impostor);
  g_test_add_func ("/plenum/tls/plain-http", test_plain_http);
  g_test_add_func ("/plenum/tls/sync-engine", test_sync_engine);
  g_test_add_func ("/plenum/tls/plenumctl", test_plenumctl);

  status = g_test_run ();
  g_clear_pointer (&shared_server, plenum_test_server_free);
  plenum_test_tls_free (tls);
  return status;
}
