/* plenum-test-ctl.c — running the real plenumctl from a test; see plenum-test-ctl.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <gio/gio.h>

#include "plenum-test-ctl.h"
#include "plenum-test-server.h"
#include "plenum-test-util.h"

void
plenum_test_ctl_run_clear (PlenumTestCtlRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PlenumTestCtlRun *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  run->done = TRUE;
}

void
plenum_test_ctl_run_program (PlenumTestCtlRun   *run,
                             const char         *binary,
                             const char * const *environment,
                             const char         *config,
                             const char         *url,
                             const char         *input,
                             const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *own_config = config == NULL ? plenum_test_mkdtemp ("config") : NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (binary);
  memset (run, 0, sizeof *run);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME",
                                config != NULL ? config : own_config, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "PLENUMCTL_SERVER");
  /* The test's servers' CA, when they serve HTTPS. */
  if (plenum_test_ca_file () != NULL)
    g_subprocess_launcher_setenv (launcher, "PLENUMCTL_CA_FILE", plenum_test_ca_file (), TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "PLENUMCTL_CA_FILE");
  /* The child's environment only: this process never calls setenv() once GLib runs
   * threads. */
  for (gsize i = 0; environment != NULL && environment[i] != NULL; i++)
    {
      const char *equals = strchr (environment[i], '=');

      if (equals == NULL)
        g_subprocess_launcher_unsetenv (launcher, environment[i]);
      else
        {
          g_autofree char *name = g_strndup (environment[i], equals - environment[i]);

          g_subprocess_launcher_setenv (launcher, name, equals + 1, TRUE);
        }
    }
  g_ptr_array_add (argv, (gpointer) binary);
  if (url != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--server");
      g_ptr_array_add (argv, (gpointer) url);
    }
  for (gsize i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, input != NULL ? input : "", NULL,
                                       communicated_cb, run);
  g_assert_true (plenum_test_wait_flag (NULL, &run->done, PLENUM_TEST_CTL_TIMEOUT_MS));
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  if (g_test_verbose ())
    g_printerr ("%s %s → %d\n%s%s", binary, args[0] != NULL ? args[0] : "", run->status,
                run->out, run->err);
}

void
plenum_test_ctl_run (PlenumTestCtlRun   *run,
                     const char         *config,
                     const char         *url,
                     const char         *input,
                     const char * const *args)
{
  plenum_test_ctl_run_program (run, g_getenv ("PLENUMCTL"), NULL, config, url, input, args);
}
