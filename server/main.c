/* main.c — plenum-server's command line: parse the options, open the data folder, seed or
 * import what was asked, then serve until SIGINT or SIGTERM.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-server"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>

#include "plenum-demo.h"
#include "plenum-server-backup.h"
#include "plenum-server.h"
#include "plenum-server-credentials.h"
#include "plenum-server-import.h"

typedef struct {
  int       port;
  char     *bind;
  char     *data_dir;
  gboolean  demo;
  char     *import_packet;
  char     *import_accounts;
  int       heartbeat_seconds;
  int       token_lifetime_seconds;
  int       pin_lockout_seconds;
  int       event_retention;
  int       max_blob_mib;
  int       enrolment_lifetime_seconds;
  int       request_timeout_seconds;
  gboolean  enrol_terminal;
  char     *enrol_room;   /* with --enrol-terminal: the two arguments */
  char     *enrol_name;
  int       bench_provision;
  char     *bench_tokens;
  char     *tls_cert;  /* --tls-cert FILE: serve HTTPS with it and --tls-key */
  char     *tls_key;
  char     *write_demo_packet;
  char     *backup;    /* --backup DIR */
  char     *restore;   /* --restore DIR */
} Options;

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->bind, g_free);
  g_clear_pointer (&options->data_dir, g_free);
  g_clear_pointer (&options->import_packet, g_free);
  g_clear_pointer (&options->import_accounts, g_free);
  g_clear_pointer (&options->enrol_room, g_free);
  g_clear_pointer (&options->enrol_name, g_free);
  g_clear_pointer (&options->bench_tokens, g_free);
  g_clear_pointer (&options->tls_cert, g_free);
  g_clear_pointer (&options->tls_key, g_free);
  g_clear_pointer (&options->write_demo_packet, g_free);
  g_clear_pointer (&options->backup, g_free);
  g_clear_pointer (&options->restore, g_free);
}

/* The demo's room, with the demo body in it, unless the room exists already. */
#define DEMO_ROOM "Phòng họp số 1"

static gboolean
seed_demo_room (PlenumServerDb  *db,
                GError         **error)
{
  g_autofree char *room_id = NULL;
  g_autofree char *body_id = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *body_ids[2] = { NULL, NULL };

  room_id = plenum_server_db_find_room (db, DEMO_ROOM, &local_error);
  if (room_id != NULL)
    return TRUE;
  if (!g_error_matches (local_error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  body_id = plenum_server_db_find_body (db, plenum_demo_body_name (), error);
  if (body_id == NULL)
    return FALSE;
  body_ids[0] = body_id;
  return plenum_server_db_set_room (db, DEMO_ROOM, body_ids, NULL, error);
}

/* bench/room's members: @n accounts in the demo body with a token each, written to
 * @tokens_path one per line ("NAME TOKEN"). Signing thousands in would measure the PIN
 * hash and the sign-in throttle instead of the room. */
static gboolean
bench_provision (PlenumServerDb  *db,
                 guint            n,
                 gint64           expires_at_us,
                 const char      *tokens_path,
                 GError         **error)
{
  g_autofree char *body_id = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree guint8 *hashes = g_malloc0_n (n, 32);
  g_autoptr(GString) text = g_string_new (NULL);

  body_id = plenum_server_db_find_body (db, plenum_demo_body_name (), error);
  if (body_id == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      char token[2 * PLENUM_TOKEN_BYTES + 1];
      char *name = g_strdup_printf ("bench.member.%05u", i + 1);

      if (!plenum_token_new (token, hashes + 32 * (gsize) i, error))
        {
          g_free (name);
          return FALSE;
        }
      g_ptr_array_add (names, name);
      g_string_append_printf (text, "%s %s\n", name, token);
    }
  g_ptr_array_add (names, NULL);
  if (!plenum_server_db_bench_provision (db, body_id, (const char * const *) names->pdata,
                                         (const guint8 (*)[32]) hashes, n, expires_at_us,
                                         error))
    return FALSE;
  return g_file_set_contents_full (tokens_path, text->str, (gssize) text->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* Each event stream holds a socket: a room of thousands of terminals needs more than
 * the usual soft limit of 1024 descriptors, and the hard limit is ours to take. */
static void
raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
        g_debug ("cannot raise the descriptor limit: %s", g_strerror (errno));
    }
}

static gboolean
on_quit_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* One process per data folder: a second server, or an import while a server runs, would
 * publish events the running server never sends. The lock goes with the process. */
static int
lock_data_dir (const char  *data_dir,
               GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, "lock", NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), _("Cannot open %s: %s"),
                   path, g_strerror (saved_errno));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   _("Another plenum-server is using %s; stop it first (a running server "
                   "takes packets through the API, e.g. with plenumctl)"), data_dir);
      close (fd);
      return -1;
    }
  return fd;
}

static gboolean
check_positive (const char  *option,
                int          value,
                GError     **error)
{
  if (value > 0)
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("%s must be at least 1"),
               option);
  return FALSE;
}

static void
print_demo_help (void)
{
  const PlenumDemoAccount *accounts;
  guint n_accounts = 0;
  const PlenumDemoAccount *member = NULL;
  const PlenumDemoAccount *secretary = NULL;
  const PlenumDemoAccount *chair = NULL;

  accounts = plenum_demo_accounts (&n_accounts);
  for (guint i = 0; i < n_accounts; i++)
    {
      if (g_str_equal (accounts[i].name, plenum_demo_chair_name ()))
        chair = &accounts[i];
      else if (g_str_equal (accounts[i].role, "secretary") && secretary == NULL)
        secretary = &accounts[i];
      else if (accounts[i].in_body && member == NULL &&
               !g_str_equal (accounts[i].name, plenum_demo_vice_chair_name ()))
        member = &accounts[i];
    }

  /* Demo PINs are public (they are in the source); real ones are never printed. */
  printf (_("plenum-server: demo: %s — sign in as\n"), plenum_demo_body_name ());
  if (chair != NULL)
    printf (_("plenum-server:   chair      %-24s PIN %s  (%s)\n"), chair->name, chair->pin,
            chair->display_name);
  if (member != NULL)
    printf (_("plenum-server:   member     %-24s PIN %s  (%s)\n"), member->name, member->pin,
            member->display_name);
  if (secretary != NULL)
    printf (_("plenum-server:   secretary  %-24s PIN %s  (%s)\n"), secretary->name,
            secretary->pin, secretary->display_name);
  printf (_("plenum-server: every demo account is listed in server/plenum-demo.c\n"));
}

static int
run (Options  *options,
     GError  **error)
{
  g_autoptr(PlenumServerDb) db = NULL;
  g_autoptr(PlenumBlobStore) blobs = NULL;
  g_autoptr(PlenumServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *blob_dir = NULL;
  g_autofree char *scratch_dir = NULL;
  g_autofree char *url = NULL;
  PlenumServerSettings settings;
  gboolean demo_seeded = FALSE;
  int lock_fd;
  guint sigint_id;
  guint sigterm_id;

  plenum_server_settings_init (&settings);
  if (options->heartbeat_seconds != 0)
    settings.heartbeat_seconds = (guint) options->heartbeat_seconds;
  if (options->token_lifetime_seconds != 0)
    settings.token_lifetime_seconds = (guint) options->token_lifetime_seconds;
  if (options->pin_lockout_seconds != 0)
    settings.pin_lockout_seconds = (guint) options->pin_lockout_seconds;
  if (options->event_retention != 0)
    settings.event_retention = (guint) options->event_retention;
  if (options->max_blob_mib != 0)
    settings.max_blob_size = (guint64) options->max_blob_mib * 1024 * 1024;
  if (options->enrolment_lifetime_seconds != 0)
    settings.enrolment_lifetime_seconds = (guint) options->enrolment_lifetime_seconds;

  if (options->data_dir == NULL)
    options->data_dir = g_build_filename (g_get_user_data_dir (), "plenum-server", NULL);
  if (!g_file_test (options->data_dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *parent = g_path_get_dirname (options->data_dir);
      int parent_fd;

      if (g_mkdir_with_parents (options->data_dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot make %s: %s"), options->data_dir, g_strerror (saved_errno));
          return EXIT_FAILURE;
        }
      /* A new folder's name is durable only once its parent is synced: without it, a
       * power cut soon after the first start could take the folder and every write
       * acknowledged in it (tests/powerloss). */
      parent_fd = open (parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (parent_fd < 0 || fsync (parent_fd) != 0)
        {
          int saved_errno = errno;

          if (parent_fd >= 0)
            close (parent_fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot make %s: %s"), options->data_dir, g_strerror (saved_errno));
          return EXIT_FAILURE;
        }
      close (parent_fd);
    }
  lock_fd = lock_data_dir (options->data_dir, error);
  if (lock_fd < 0)
    return EXIT_FAILURE;

  db_path = g_build_filename (options->data_dir, "plenum.db", NULL);
  blob_dir = g_build_filename (options->data_dir, "blobs", NULL);
  scratch_dir = g_build_filename (options->data_dir, "tmp", NULL);
  db = plenum_server_db_open (db_path, error);
  if (db == NULL)
    return EXIT_FAILURE;
  blobs = plenum_blob_store_new (blob_dir, error);
  if (blobs == NULL)
    return EXIT_FAILURE;

  if (options->demo &&
      !plenum_server_seed_demo (db, blobs, scratch_dir, settings.event_retention, &demo_seeded,
                                error))
    {
      g_prefix_error (error, _("Cannot seed the demo: "));
      return EXIT_FAILURE;
    }
  if (options->demo && !seed_demo_room (db, error))
    {
      g_prefix_error (error, _("Cannot seed the demo room: "));
      return EXIT_FAILURE;
    }

  if (options->bench_provision > 0)
    {
      /* On a fresh folder only, so that benchmark accounts never land in real data. */
      if (!options->demo || !demo_seeded)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--bench-provision works only with --demo on a new data folder"));
          close (lock_fd);
          return EXIT_FAILURE;
        }
      if (!bench_provision (db, (guint) options->bench_provision,
                            g_get_real_time () +
                              (gint64) settings.token_lifetime_seconds * G_USEC_PER_SEC,
                            options->bench_tokens, error))
        {
          g_prefix_error (error, _("Cannot provision the benchmark's members: "));
          close (lock_fd);
          return EXIT_FAILURE;
        }
    }

  if (options->import_accounts != NULL)
    {
      guint n_accounts = 0;
      guint n_bodies = 0;

      if (!plenum_server_import_accounts (db, options->import_accounts, &n_accounts, &n_bodies,
                                          error))
        {
          g_prefix_error (error, _("Accounts not imported: "));
          return EXIT_FAILURE;
        }
      printf (_("plenum-server: imported %u accounts and %u bodies from %s\n"), n_accounts,
              n_bodies, options->import_accounts);
    }

  if (options->import_packet != NULL)
    {
      PlenumServerImportSummary summary = { 0 };

      if (!plenum_server_import_packet (db, blobs, options->import_packet,
                                        settings.event_retention, &summary, NULL, error))
        {
          g_prefix_error (error, _("Packet not imported: "));
          return EXIT_FAILURE;
        }
      /* Translators: the packet version, the meeting's id and title, and what the
       * packet holds. */
      printf (_("plenum-server: published packet version %lld of meeting %s (“%s”): %u agenda "
                "items, %u documents, %u new blobs\n"),
              (long long) summary.packet_version, summary.meeting_id, summary.title,
              summary.n_items, summary.n_documents, summary.n_new_blobs);
      plenum_server_import_summary_clear (&summary);
    }

  if (options->enrol_terminal)
    {
      g_autofree char *code = NULL;
      g_autoptr(GDateTime) expires = NULL;
      g_autofree char *expires_text = NULL;
      gint64 expires_at = 0;

      if (!plenum_server_create_enrolment (db, options->enrol_room, options->enrol_name,
                                           settings.enrolment_lifetime_seconds, &code,
                                           &expires_at, NULL, error))
        {
          if (g_error_matches (*error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
            {
              g_clear_error (error);
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No room called “%s”"),
                           options->enrol_room);
            }
          g_prefix_error (error, _("Terminal not enrolled: "));
          return EXIT_FAILURE;
        }
      expires = g_date_time_new_from_unix_utc (expires_at);
      expires_text = g_date_time_format (expires, "%Y-%m-%dT%H:%M:%SZ");
      printf (_("enrolment code: %s (room “%s”, name “%s”, expires %s)\n"), code,
              options->enrol_room, options->enrol_name, expires_text);
    }

  if (options->import_accounts != NULL || options->import_packet != NULL ||
      options->enrol_terminal)
    {
      fflush (stdout);
      close (lock_fd);
      return EXIT_SUCCESS;
    }

  raise_fd_limit ();
  server = plenum_server_new (db, blobs, &settings);
  if (options->request_timeout_seconds != 0)
    plenum_server_set_request_timeout (server, (guint) options->request_timeout_seconds);
  if (options->tls_cert != NULL &&
      !plenum_server_set_tls_files (server, options->tls_cert, options->tls_key, error))
    {
      g_prefix_error (error, _("Cannot serve HTTPS: "));
      close (lock_fd);
      return EXIT_FAILURE;
    }
  if (!plenum_server_listen (server, options->bind, (guint) options->port, error))
    {
      g_prefix_error (error, _("Cannot listen on %s port %d: "), options->bind, options->port);
      close (lock_fd);
      return EXIT_FAILURE;
    }

  /* The signal handlers first: whoever reads "listening" may stop the server at once,
   * and must get a clean exit, not a death by the signal. */
  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, on_quit_signal_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal_cb, loop);

  url = plenum_server_get_url (server);
  /* Not translated: tests, scripts and docs/deploy.md read the port from this exact
   * line, in every locale. */
  printf ("plenum-server: listening on %s\n", url);
  if (options->demo)
    {
      if (demo_seeded)
        printf (_("plenum-server: demo data seeded\n"));
      print_demo_help ();
    }
  fflush (stdout);

  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  g_clear_object (&server);
  close (lock_fd);
  return EXIT_SUCCESS;
}

/* --backup and --restore: nothing else runs, and neither takes the data folder's lock
 * the way run() does, since a backup is made while the server runs (see
 * plenum-server-backup.h). Both need --data-dir said explicitly: a default folder is too
 * easy to back up or fill by mistake. */
static int
backup_or_restore (Options  *options,
                   GError  **error)
{
  PlenumBackupSummary summary = { 0 };

  if (options->backup != NULL && options->restore != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--backup and --restore do not go together"));
      return EXIT_FAILURE;
    }
  if (options->data_dir == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--backup and --restore need --data-dir"));
      return EXIT_FAILURE;
    }
  if (options->demo || options->import_packet != NULL || options->import_accounts != NULL ||
      options->enrol_terminal || options->bench_provision > 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--backup and --restore do nothing else: run the other options apart"));
      return EXIT_FAILURE;
    }

  if (options->backup != NULL)
    {
      if (!plenum_server_backup (options->data_dir, options->backup, &summary, error))
        {
          g_prefix_error (error, _("Backup not made: "));
          return EXIT_FAILURE;
        }
      /* Translators: the data folder, the backup folder, the database's schema version
       * and size, the number of document files (blobs), their size, and how many of
       * them share their disk space with the data folder's (hard links). */
      printf (_("plenum-server: backed up %s into %s: the database (schema %d, %llu bytes) "
                "and %u blobs (%llu bytes, %u of them hard linked)\n"),
              options->data_dir, options->backup, summary.schema_version,
              (unsigned long long) summary.database_size, summary.n_blobs,
              (unsigned long long) summary.blob_bytes, summary.n_linked);
    }
  else
    {
      if (!plenum_server_restore (options->restore, options->data_dir, &summary, error))
        {
          g_prefix_error (error, _("Nothing restored: "));
          return EXIT_FAILURE;
        }
      /* Translators: the backup folder, the data folder, the database's schema version
       * and size, the number of document files (blobs) and their size. */
      printf (_("plenum-server: restored %s into %s: the database (schema %d, %llu bytes) and "
                "%u blobs (%llu bytes), every one checked\n"),
              options->restore, options->data_dir, summary.schema_version,
              (unsigned long long) summary.database_size, summary.n_blobs,
              (unsigned long long) summary.blob_bytes);
    }
  fflush (stdout);
  return EXIT_SUCCESS;
}

/* Under G_DEBUG=fatal-warnings (the test suite runs the server so) every warning and
 * critical aborts, which is what the tests want of the server's own code and of GLib's
 * checks. libsoup 3.2 warns, though, when a client went away before libsoup read its
 * address (soup_server_connection_steal() caches it when an event stream is handed to
 * the event hub), which is the client's doing, not a fault of the server: that one
 * domain stays a printed warning. */
static GLogLevelFlags fatal_levels;

static void
log_fatal_but_libsoup (const char     *log_domain,
                       GLogLevelFlags  log_level,
                       const char     *message,
                       gpointer        user_data)
{
  g_log_default_handler (log_domain, log_level, message, NULL);
  if ((log_level & fatal_levels) != 0 && g_strcmp0 (log_domain, "libsoup") != 0)
    abort ();
}

static void
keep_libsoup_warnings_printed (void)
{
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);

  fatal_levels = fatal & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
  if (fatal_levels != 0)
    g_log_set_default_handler (log_fatal_but_libsoup, NULL);
  else
    g_log_set_always_fatal (fatal);
}

int
main (int   argc,
      char *argv[])
{
  Options options = {
    .port = 8080,
    .bind = NULL,
  };
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &options.port,
      N_("Port to listen on (0: any free port; default 8080)"), "N" },
    { "bind", 0, 0, G_OPTION_ARG_STRING, &options.bind,
      N_("Address to listen on (default 127.0.0.1)"), "ADDR" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &options.data_dir,
      N_("Folder for the database and the blobs (default: XDG data home/plenum-server)"), "DIR" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &options.demo,
      N_("Seed the demo body, accounts and meeting unless the data folder has them"), NULL },
    { "import-accounts", 0, 0, G_OPTION_ARG_FILENAME, &options.import_accounts,
      N_("Create or update the accounts and bodies in FILE, then exit"), "FILE" },
    { "import-packet", 0, 0, G_OPTION_ARG_FILENAME, &options.import_packet,
      N_("Publish the packet folder DIR, then exit"), "DIR" },
    { "heartbeat-seconds", 0, 0, G_OPTION_ARG_INT, &options.heartbeat_seconds,
      N_("Event stream heartbeat interval (default 15)"), "S" },
    { "token-lifetime-seconds", 0, 0, G_OPTION_ARG_INT, &options.token_lifetime_seconds,
      N_("How long a token lives (default 43200)"), "S" },
    { "pin-lockout-seconds", 0, 0, G_OPTION_ARG_INT, &options.pin_lockout_seconds,
      N_("How long a name stays locked after 5 wrong PINs (default 60)"), "S" },
    { "event-retention", 0, 0, G_OPTION_ARG_INT, &options.event_retention,
      N_("How many events are kept for replay (default 10000)"), "N" },
    { "max-blob-mib", 0, 0, G_OPTION_ARG_INT, &options.max_blob_mib,
      N_("Largest blob upload in MiB (default 256)"), "N" },
    { "enrolment-lifetime-seconds", 0, 0, G_OPTION_ARG_INT,
      &options.enrolment_lifetime_seconds,
      N_("How long a terminal enrolment code works (default 86400)"), "S" },
    { "request-timeout-seconds", 0, 0, G_OPTION_ARG_INT, &options.request_timeout_seconds,
      N_("Close a connection that has not sent a whole request head in S seconds, or whose "
      "request body stops for S seconds (default 30)"), "S" },
    { "write-demo-packet", 0, 0, G_OPTION_ARG_FILENAME, &options.write_demo_packet,
      N_("Write the packet folder of the demo's next meeting into DIR (made if missing, "
      "else empty) for plenumctl publish, and exit"), "DIR" },
    { "enrol-terminal", 0, 0, G_OPTION_ARG_NONE, &options.enrol_terminal,
      N_("ROOM NAME: print a one-time enrolment code for seat NAME in room ROOM, then exit"),
      NULL },
    { "bench-provision", 0, 0, G_OPTION_ARG_INT, &options.bench_provision,
      N_("With --demo on a new data folder: add N members with tokens to the demo body "
      "(for bench/room)"), "N" },
    { "bench-tokens", 0, 0, G_OPTION_ARG_FILENAME, &options.bench_tokens,
      N_("Where --bench-provision writes its members' names and tokens"), "FILE" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_cert,
      N_("Serve HTTPS only, with the certificate (chain) in FILE (PEM); with --tls-key"), "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &options.tls_key,
      N_("The private key of --tls-cert, unencrypted (PEM)"), "FILE" },
    { "backup", 0, 0, G_OPTION_ARG_FILENAME, &options.backup,
      N_("Copy the data folder (--data-dir) into DIR (new or empty), also while a server "
      "runs on it, and exit"), "DIR" },
    { "restore", 0, 0, G_OPTION_ARG_FILENAME, &options.restore,
      N_("Make the data folder (--data-dir, new or empty) from the backup in DIR, and exit"),
      "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *locale_dir;
  int status;

  /* The console speaks the administrator's language; the API's error messages stay
   * English whatever the locale (docs/protocol.md, "Errors"): no code that answers a
   * request marks its strings for translation. */
  setlocale (LC_ALL, "");
  /* PLENUM_LOCALEDIR_OVERRIDE: an uninstalled build's translations (see app/main.c). */
  locale_dir = g_getenv ("PLENUM_LOCALEDIR_OVERRIDE");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : PLENUM_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  keep_libsoup_warnings_printed ();
  /* Writes to a client that went away must fail, not kill the server. */
  signal (SIGPIPE, SIG_IGN);

  context = g_option_context_new (_("— the Plenum reference server"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      (options.heartbeat_seconds != 0 &&
       !check_positive ("--heartbeat-seconds", options.heartbeat_seconds, &error)) ||
      (options.token_lifetime_seconds != 0 &&
       !check_positive ("--token-lifetime-seconds", options.token_lifetime_seconds, &error)) ||
      (options.pin_lockout_seconds != 0 &&
       !check_positive ("--pin-lockout-seconds", options.pin_lockout_seconds, &error)) ||
      (options.event_retention != 0 &&
       !check_positive ("--event-retention", options.event_retention, &error)) ||
      (options.max_blob_mib != 0 &&
       !check_positive ("--max-blob-mib", options.max_blob_mib, &error)) ||
      (options.enrolment_lifetime_seconds != 0 &&
       !check_positive ("--enrolment-lifetime-seconds", options.enrolment_lifetime_seconds,
                        &error)) ||
      (options.request_timeout_seconds != 0 &&
       !check_positive ("--request-timeout-seconds", options.request_timeout_seconds, &error)))
    {
      fprintf (stderr, "plenum-server: %s\n", error->message);
      options_clear (&options);
      return EXIT_FAILURE;
    }
  if (options.enrol_terminal)
    {
      if (argc != 3)
        {
          fprintf (stderr, _("plenum-server: --enrol-terminal needs two arguments: ROOM NAME\n"));
          options_clear (&options);
          return EXIT_FAILURE;
        }
      options.enrol_room = g_strdup (argv[1]);
      options.enrol_name = g_strdup (argv[2]);
      argc = 1;
    }
  if (argc > 1)
    {
      fprintf (stderr, _("plenum-server: unexpected argument “%s”\n"), argv[1]);
      options_clear (&options);
      return EXIT_FAILURE;
    }
  if (options.port < 0 || options.port > 65535)
    {
      fprintf (stderr, _("plenum-server: --port must be 0 to 65535\n"));
      options_clear (&options);
      return EXIT_FAILURE;
    }
  if (options.bind == NULL)
    options.bind = g_strdup ("127.0.0.1");
  if ((options.tls_cert != NULL) != (options.tls_key != NULL))
    {
      fprintf (stderr, _("plenum-server: --tls-cert FILE and --tls-key FILE go together\n"));
      options_clear (&options);
      return EXIT_FAILURE;
    }
  if (options.bench_provision < 0 ||
      (options.bench_provision > 0) != (options.bench_tokens != NULL))
    {
      fprintf (stderr, _("plenum-server: --bench-provision N (N > 0) and --bench-tokens FILE go "
               "together\n"));
      options_clear (&options);
      return EXIT_FAILURE;
    }

  if (options.write_demo_packet != NULL)
    {
      /* Nothing else runs: no database, no port. */
      if (g_mkdir_with_parents (options.write_demo_packet, 0755) != 0 ||
          !plenum_demo_write_next_packet (options.write_demo_packet, &error))
        {
          fprintf (stderr, _("plenum-server: cannot write the demo packet into %s: %s\n"),
                   options.write_demo_packet,
                   error != NULL ? error->message : g_strerror (errno));
          options_clear (&options);
          return EXIT_FAILURE;
        }
      printf (_("The packet of the demo's next meeting is in %s.\n"), options.write_demo_packet);
      options_clear (&options);
      return EXIT_SUCCESS;
    }

  if (options.backup != NULL || options.restore != NULL)
    {
      status = backup_or_restore (&options, &error);
      if (error != NULL)
        fprintf (stderr, "plenum-server: %s\n", error->message);
      options_clear (&options);
      return status;
    }

  status = run (&options, &error);
  if (error != NULL)
    fprintf (stderr, "plenum-server: %s\n", error->message);
  options_clear (&options);
  return status;
}
