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

PlenumTestServer *
plenum_test_server_start (const char         *data_dir,
                          const char * const *extra_args)
{
  g_autoptr(PlenumTestServer) self = g_new0 (PlenumTestServer, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  self->cancellable = g_cancellable_new ();
  self->output = g_string_new (NULL);
  self->data_dir = data_dir != NULL ? g_strdup (data_dir) : plenum_test_mkdtemp ("server");

  g_ptr_array_add (argv, (gpointer) server_path ());
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  g_ptr_array_add (argv, (gpointer) "--bind");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1");
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, self->data_dir);
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  /* stderr is inherited: the server's warnings land in the test's log. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                &error);
  g_assert_no_error (error);

  self->stdout_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  read_next_line (self);

  plenum_test_wait_until (NULL, started_or_ended, self, START_TIMEOUT_MS);
  if (self->url == NULL)
    g_error ("plenum-server did not start (it printed: %s)", self->output->str);
  g_assert_true (g_str_has_prefix (self->url, "http://127.0.0.1:"));

  return g_steal_pointer (&self);
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
  PlenumTestServer *server = plenum_test_server_start (dir, demo);

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
