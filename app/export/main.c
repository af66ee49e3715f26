/* main.c — plenum-export, the "save an annotated copy" helper of the kiosk client.
 *
 * The client (app/pdf/plenum-export-client.c) runs it once per copy; it is not meant to
 * be run by hand, but can be:
 *
 *   plenum-export --mode=flattened|editable [--confidential] [--password-stdin]
 *                 [--author-name=NAME] [--memory-limit=BYTES] [--cpu-limit=SECONDS]
 *                 [--max-file-size=BYTES] SOURCE.pdf ANNOTATIONS.json OUTPUT.pdf
 *
 * ANNOTATIONS.json is a JSON array of Annotation objects (docs/protocol.md), read
 * strictly. --password-stdin reads the document's password from stdin (never from the
 * command line, where other processes could read it). The exit status is one of
 * PlenumExportStatus (plenum-export.h), with one English line on stderr when it is not
 * 0. Like plenum-render, poppler runs only here, never in the client, and the process
 * limits itself before it reads anything:
 *
 *   --memory-limit  RLIMIT_AS (0: none; 1 GiB by default). Skipped in a sanitizer
 *                   build: ASan reserves terabytes of address space.
 *   --cpu-limit     RLIMIT_CPU in seconds (0: none; 60 by default): the kernel ends a
 *                   runaway export even if the client's timeout did not.
 *
 * It dies with its parent (PR_SET_PDEATHSIG), never writes a core file (a document's
 * contents) and cannot gain privileges (PR_SET_NO_NEW_PRIVS).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-export"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib.h>

#include "plenum-export.h"
#include "render/plenum-helper-process.h"

static void
limit_resources (guint64 memory_bytes,
                 guint64 cpu_seconds)
{
  struct rlimit limit;

  plenum_helper_limit_address_space ("plenum-export", memory_bytes);
  if (cpu_seconds > 0)
    {
      /* SIGXCPU at the soft limit; the hard one a little later in case it is caught. */
      limit.rlim_cur = cpu_seconds;
      limit.rlim_max = cpu_seconds + 5;
      if (setrlimit (RLIMIT_CPU, &limit) != 0)
        g_printerr ("plenum-export: cannot set RLIMIT_CPU: %s\n", g_strerror (errno));
    }
}

/* The password from stdin: all of it, up to EOF (no new line is stripped: a password
 * may end in white space). NULL after saying why. */
static char *
read_password (void)
{
  char *buffer = g_malloc0 (PLENUM_EXPORT_MAX_PASSWORD + 2);
  gsize length = 0;

  while (length <= PLENUM_EXPORT_MAX_PASSWORD)
    {
      ssize_t n = read (STDIN_FILENO, buffer + length, PLENUM_EXPORT_MAX_PASSWORD + 1 - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_printerr ("plenum-export: cannot read the password: %s\n", g_strerror (errno));
          g_free (buffer);
          return NULL;
        }
      if (n == 0)
        break;
      length += (gsize) n;
    }
  if (length > PLENUM_EXPORT_MAX_PASSWORD || memchr (buffer, '\0', length) != NULL)
    {
      g_printerr ("plenum-export: the password is longer than %d bytes or holds a NUL\n",
                  PLENUM_EXPORT_MAX_PASSWORD);
      explicit_bzero (buffer, PLENUM_EXPORT_MAX_PASSWORD + 2);
      g_free (buffer);
      return NULL;
    }
  return buffer;
}

int
main (int   argc,
      char *argv[])
{
  PlenumExportSettings settings = {
    .mode = PLENUM_EXPORT_MODE_FLATTENED,
    .max_file_size = G_GUINT64_CONSTANT (1) << 30,
  };
  guint64 memory_limit = G_GUINT64_CONSTANT (1) << 30;
  guint64 cpu_limit = 60;
  gboolean have_mode = FALSE;
  gboolean password_stdin = FALSE;
  const char *paths[3] = { NULL, NULL, NULL };
  guint n_paths = 0;
  g_autofree char *message = NULL;
  char *password = NULL;
  PlenumExportStatus status;

  signal (SIGPIPE, SIG_IGN);
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  {
    struct rlimit no_core = { 0, 0 };
    setrlimit (RLIMIT_CORE, &no_core);
  }

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--mode=flattened") || g_str_equal (arg, "--mode=editable"))
        {
          settings.mode = g_str_equal (arg, "--mode=editable") ? PLENUM_EXPORT_MODE_EDITABLE
                                                               : PLENUM_EXPORT_MODE_FLATTENED;
          have_mode = TRUE;
        }
      else if (g_str_equal (arg, "--confidential"))
        settings.confidential = TRUE;
      else if (g_str_equal (arg, "--password-stdin"))
        password_stdin = TRUE;
      else if (g_str_has_prefix (arg, "--author-name="))
        settings.author_name = arg + strlen ("--author-name=");
      else if (g_str_has_prefix (arg, "--memory-limit="))
        {
          if (!plenum_helper_parse_u64 ("plenum-export", arg + strlen ("--memory-limit="),
                                        G_MAXUINT64, &memory_limit))
            return PLENUM_EXPORT_STATUS_USAGE;
        }
      else if (g_str_has_prefix (arg, "--cpu-limit="))
        {
          if (!plenum_helper_parse_u64 ("plenum-export", arg + strlen ("--cpu-limit="),
                                        G_MAXUINT32, &cpu_limit))
            return PLENUM_EXPORT_STATUS_USAGE;
        }
      else if (g_str_has_prefix (arg, "--max-file-size="))
        {
          if (!plenum_helper_parse_u64 ("plenum-export", arg + strlen ("--max-file-size="),
                                        G_MAXUINT64,
                          &settings.max_file_size))
            return PLENUM_EXPORT_STATUS_USAGE;
        }
      else if (arg[0] != '-' && n_paths < G_N_ELEMENTS (paths))
        paths[n_paths++] = arg;
      else
        {
          g_printerr ("plenum-export: unknown argument “%s” (usage: plenum-export "
                      "--mode=flattened|editable SOURCE ANNOTATIONS OUTPUT)\n", arg);
          return PLENUM_EXPORT_STATUS_USAGE;
        }
    }
  if (!have_mode || n_paths != 3)
    {
      g_printerr ("plenum-export: usage: plenum-export --mode=flattened|editable "
                  "[--confidential] [--password-stdin] [--author-name=NAME] "
                  "SOURCE ANNOTATIONS OUTPUT\n");
      return PLENUM_EXPORT_STATUS_USAGE;
    }
  settings.source_path = paths[0];
  settings.annotations_path = paths[1];
  settings.output_path = paths[2];

  limit_resources (memory_limit, cpu_limit);

  if (password_stdin)
    {
      password = read_password ();
      if (password == NULL)
        return PLENUM_EXPORT_STATUS_USAGE;
      settings.password = password;
    }

  status = plenum_export_run (&settings, &message);
  if (password != NULL)
    {
      explicit_bzero (password, strlen (password));
      g_free (password);
    }
  if (status != PLENUM_EXPORT_STATUS_OK)
    g_printerr ("plenum-export: %s\n", message != NULL ? message : "failed");
  return status;
}
