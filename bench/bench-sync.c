/* bench-sync.c — the client's sync engine, headless, for bench/sync and bench/startup:
 * opens (or creates) a store in a data folder, signs a member in against a server (or,
 * with --terminal-id and --credential, syncs as an enrolled terminal with nobody signed
 * in, as a terminal does before a meeting), and runs until every document of the
 * meetings is verified in the blob store (streamed, SHA-256 checked, fsynced and renamed
 * by the blob store, as in the client).
 *
 *   bench-sync --data-dir DIR --server URL --documents N
 *              (--name NAME --pin PIN | --terminal-id UUID --credential HEX)
 *              [--parallel N] [--count-bytes]
 *
 * It prints on stdout, one line each:
 *   SIGNED-IN <ms since start>   (as a terminal: when syncing with the credential began)
 *   PROGRESS <bytes done> <bytes total> <documents done> <documents total>   (as the
 *            engine notifies its progress, a few times a second)
 *   DONE ms=<since start> signed_in_ms=<…> bytes_total=<…> documents=<…> wire_bytes=<…>
 * and exits 0; 1 on an error (on stderr) or after the deadline.
 *
 * --count-bytes puts the tests' pass-through proxy (tests/plenum-fault-proxy.c, all
 * faults off) between the engine and the server, on this process's main context, and
 * reports in wire_bytes every byte the server sent this run (HTTP headers included);
 * without it wire_bytes is -1. bench/sync uses it only for the SIGKILL case, where the
 * bytes matter and the speed does not.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-bench"

#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/plenum-core.h"
#include "store/plenum-store.h"
#include "sync/plenum-sync-engine.h"
#include "plenum-fault-proxy.h"

#define DEADLINE_S 600

typedef struct {
  GMainLoop        *loop;
  gint64            start_us;
  gint64            signed_in_us;
  guint             n_documents;
  guint             parallel;
  const char       *name;
  const char       *pin;
  const char       *terminal_id;
  const char       *credential;
  const char       *server_url;
  PlenumStore      *store;
  PlenumSyncEngine *engine;
  PlenumFaultProxy *proxy;
  gboolean          done;
  int               status;
} Bench;

static double
ms_since (Bench  *bench,
          gint64  us)
{
  return (double) (us - bench->start_us) / 1000.0;
}

static void
fail (Bench      *bench,
      const char *what,
      GError     *error)
{
  fprintf (stderr, "bench-sync: %s: %s\n", what, error != NULL ? error->message : "failed");
  bench->status = EXIT_FAILURE;
  g_main_loop_quit (bench->loop);
}

static void
check_done (Bench *bench)
{
  PlenumSyncEngine *engine = bench->engine;

  if (bench->done || engine == NULL || bench->signed_in_us == 0)
    return;
  if (g_list_model_get_n_items (plenum_sync_engine_get_meetings (engine)) == 0 ||
      plenum_sync_engine_get_documents_total (engine) < bench->n_documents ||
      plenum_sync_engine_get_documents_done (engine) != plenum_sync_engine_get_documents_total (engine) ||
      plenum_sync_engine_get_syncing (engine))
    return;

  bench->done = TRUE;
  printf ("DONE ms=%.1f signed_in_ms=%.1f bytes_total=%" G_GUINT64_FORMAT " documents=%u "
          "wire_bytes=%" G_GINT64_FORMAT "\n",
          ms_since (bench, g_get_monotonic_time ()), ms_since (bench, bench->signed_in_us),
          plenum_sync_engine_get_bytes_total (engine),
          plenum_sync_engine_get_documents_total (engine),
          bench->proxy != NULL ? (gint64) plenum_fault_proxy_get_bytes_downstream (bench->proxy) : -1);
  fflush (stdout);
  bench->status = EXIT_SUCCESS;
  g_main_loop_quit (bench->loop);
}

static void
progress_cb (Bench *bench)
{
  PlenumSyncEngine *engine = bench->engine;

  printf ("PROGRESS %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %u %u\n",
          plenum_sync_engine_get_bytes_done (engine), plenum_sync_engine_get_bytes_total (engine),
          plenum_sync_engine_get_documents_done (engine),
          plenum_sync_engine_get_documents_total (engine));
  fflush (stdout);
  check_done (bench);
}

static void
sync_error_cb (PlenumSyncEngine *engine,
               const GError     *error,
               Bench            *bench)
{
  /* The engine retries; a benchmark that needs retries should say so. */
  fprintf (stderr, "bench-sync: sync error (retried by the engine): %s\n", error->message);
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(PlenumMember) member = NULL;
  g_autoptr(GError) error = NULL;

  member = plenum_sync_engine_sign_in_finish (PLENUM_SYNC_ENGINE (source), result, &error);
  if (member == NULL)
    {
      fail (bench, "sign-in", error);
      return;
    }
  bench->signed_in_us = g_get_monotonic_time ();
  printf ("SIGNED-IN %.1f\n", ms_since (bench, bench->signed_in_us));
  fflush (stdout);
  check_done (bench);
}

static void
terminal_syncing_cb (Bench *bench)
{
  if (bench->signed_in_us != 0 || !plenum_sync_engine_get_terminal_syncing (bench->engine))
    return;
  bench->signed_in_us = g_get_monotonic_time ();
  printf ("SIGNED-IN %.1f\n", ms_since (bench, bench->signed_in_us));
  fflush (stdout);
  check_done (bench);
}

static void
store_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;
  const char *url = bench->server_url;

  bench->store = plenum_store_open_finish (result, &error);
  if (bench->store == NULL)
    {
      fail (bench, "opening the store", error);
      return;
    }
  if (bench->proxy != NULL)
    url = plenum_fault_proxy_get_url (bench->proxy);
  bench->engine = plenum_sync_engine_new (bench->store, url, &error);
  if (bench->engine == NULL)
    {
      fail (bench, "making the sync engine", error);
      return;
    }
  if (bench->parallel != 0)
    plenum_sync_engine_set_parallel_downloads (bench->engine, bench->parallel);

  g_signal_connect_swapped (bench->engine, "notify::bytes-done", G_CALLBACK (progress_cb), bench);
  g_signal_connect_swapped (bench->engine, "notify::documents-done", G_CALLBACK (progress_cb), bench);
  g_signal_connect_swapped (bench->engine, "notify::documents-total", G_CALLBACK (check_done), bench);
  g_signal_connect_swapped (bench->engine, "notify::syncing", G_CALLBACK (check_done), bench);
  g_signal_connect (bench->engine, "sync-error", G_CALLBACK (sync_error_cb), bench);

  if (bench->credential != NULL)
    {
      g_signal_connect_swapped (bench->engine, "notify::terminal-syncing",
                                G_CALLBACK (terminal_syncing_cb), bench);
      plenum_sync_engine_start_with_credential (bench->engine, bench->terminal_id,
                                                bench->credential);
      terminal_syncing_cb (bench);
    }
  else
    plenum_sync_engine_sign_in_async (bench->engine, bench->name, bench->pin, NULL,
                                      signed_in_cb, bench);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Bench *bench = user_data;

  fprintf (stderr, "bench-sync: not done after %d s\n", DEADLINE_S);
  bench->status = EXIT_FAILURE;
  g_main_loop_quit (bench->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
make_proxy (Bench   *bench,
            GError **error)
{
  g_autoptr(GUri) uri = g_uri_parse (bench->server_url, G_URI_FLAGS_NONE, error);

  if (uri == NULL)
    return FALSE;
  bench->proxy = plenum_fault_proxy_new (g_uri_get_host (uri), (guint16) g_uri_get_port (uri),
                                         error);
  return bench->proxy != NULL;
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { .status = EXIT_FAILURE };
  g_autofree char *data_dir = NULL;
  g_autofree char *server_url = NULL;
  g_autofree char *name = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *terminal_id = NULL;
  g_autofree char *credential = NULL;
  int n_documents = 1;
  int parallel = 0;
  gboolean count_bytes = FALSE;
  GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "The client's data folder", "DIR" },
    { "server", 0, 0, G_OPTION_ARG_STRING, &server_url, "Server URL", "URL" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Sign-in name", "NAME" },
    { "pin", 0, 0, G_OPTION_ARG_STRING, &pin, "PIN", "PIN" },
    { "terminal-id", 0, 0, G_OPTION_ARG_STRING, &terminal_id, "An enrolled terminal's id", "UUID" },
    { "credential", 0, 0, G_OPTION_ARG_STRING, &credential, "Its terminal credential", "HEX" },
    { "documents", 0, 0, G_OPTION_ARG_INT, &n_documents, "Documents to wait for", "N" },
    { "parallel", 0, 0, G_OPTION_ARG_INT, &parallel, "Parallel downloads (default: the engine's)", "N" },
    { "count-bytes", 0, 0, G_OPTION_ARG_NONE, &count_bytes, "Count the bytes through a proxy", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— the sync engine, headless");
  g_autoptr(GError) error = NULL;
  guint deadline_id;

  bench.start_us = g_get_monotonic_time ();

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || data_dir == NULL ||
      server_url == NULL || argc > 1 || n_documents < 1 || parallel < 0 || parallel > 16 ||
      ((name == NULL || pin == NULL) &&
       (terminal_id == NULL || !plenum_is_uuid (terminal_id) ||
        credential == NULL || !plenum_is_sha256_hex (credential))))
    {
      fprintf (stderr, "bench-sync: %s\n",
               error != NULL ? error->message :
               "--data-dir, --server, and --name with --pin or --terminal-id with --credential are needed");
      return 2;
    }
  bench.server_url = server_url;
  bench.name = name;
  bench.pin = pin;
  bench.terminal_id = terminal_id;
  bench.credential = credential;
  bench.n_documents = (guint) n_documents;
  bench.parallel = (guint) parallel;
  if (count_bytes && !make_proxy (&bench, &error))
    {
      fprintf (stderr, "bench-sync: proxy: %s\n", error->message);
      return 1;
    }
  bench.loop = g_main_loop_new (NULL, FALSE);

  plenum_store_open_async (data_dir, NULL, store_opened_cb, &bench);
  deadline_id = g_timeout_add_seconds (DEADLINE_S, deadline_cb, &bench);
  g_main_loop_run (bench.loop);
  g_source_remove (deadline_id);

  if (bench.engine != NULL)
    g_signal_handlers_disconnect_by_data (bench.engine, &bench);
  g_clear_object (&bench.engine);
  g_clear_object (&bench.store);
  g_clear_object (&bench.proxy);
  g_main_loop_unref (bench.loop);
  return bench.status;
}
