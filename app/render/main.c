/* main.c — plenum-render, the poppler helper process of the kiosk client.
 *
 * The client (app/pdf/plenum-render-client.c) starts it with one end of a Unix
 * socketpair as fd 3 and talks to it in the protocol of plenum-render-protocol.h. It is
 * not meant to be run by hand. It limits itself before it reads anything:
 *
 *   --memory-limit=BYTES  RLIMIT_AS (0: none). Skipped in a sanitizer build: ASan
 *                         reserves terabytes of address space and could not start.
 *   --cpu-limit=SECONDS   CPU seconds per request: the soft RLIMIT_CPU is moved to
 *                         "used so far + SECONDS" before each request, so SIGXCPU ends a
 *                         runaway render even if the client's watchdog did not (0: none).
 *   --max-pixels=N        the pixel budget of one render (larger: TOO_BIG, refused
 *                         before anything is allocated).
 *   --max-file-size=BYTES files larger than this are refused as TOO_BIG.
 *
 * Test hooks: when the environment variable PLENUM_RENDER_TEST_STALL_PAGE holds a page
 * index, a RENDER or TEXT of that page never finishes (the helper waits until it is
 * killed); PLENUM_RENDER_TEST_STALL_SIZES does the same for a SIZES request that covers
 * the page it names.
 * Tests use it to exercise the client's timeout; it costs nothing when unset, and
 * whoever can set a kiosk's environment controls the kiosk anyway.
 *
 * It exits when the socket closes, and dies with its parent (PR_SET_PDEATHSIG). It never
 * writes core files (RLIMIT_CORE 0) and cannot gain privileges (PR_SET_NO_NEW_PRIVS).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-render"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib.h>

#include "plenum-helper-process.h"
#include "plenum-render-helper.h"
#include "plenum-render-protocol.h"

int
main (int   argc,
      char *argv[])
{
  PlenumRenderHelperSettings settings = {
    .max_pixels = G_GUINT64_CONSTANT (48) << 20,
    .max_file_size = G_GUINT64_CONSTANT (1) << 30,
    .cpu_limit_s = 30,
    .stall_page = -1,
    .stall_sizes_page = -1,
  };
  guint64 memory_limit = G_GUINT64_CONSTANT (1) << 30;
  const char *stall;
  int fd = PLENUM_RENDER_SOCKET_FD;

  /* The client reads TAP or logs on its stdout; nothing of ours belongs there. */
  if (dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    return 1;
  signal (SIGPIPE, SIG_IGN);
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  /* Hardening that costs nothing: no privileges gained through exec, and no core file of
   * a document's contents left in the client's working folder when a limit kills us. */
  prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  {
    struct rlimit no_core = { 0, 0 };
    setrlimit (RLIMIT_CORE, &no_core);
  }

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      guint64 value = 0;

      if (g_str_has_prefix (arg, "--memory-limit="))
        {
          if (!plenum_helper_parse_u64 ("plenum-render", arg + strlen ("--memory-limit="),
                                        G_MAXUINT64, &memory_limit))
            return 2;
        }
      else if (g_str_has_prefix (arg, "--cpu-limit="))
        {
          if (!plenum_helper_parse_u64 ("plenum-render", arg + strlen ("--cpu-limit="),
                                        G_MAXUINT32, &value))
            return 2;
          settings.cpu_limit_s = (guint) value;
        }
      else if (g_str_has_prefix (arg, "--max-pixels="))
        {
          if (!plenum_helper_parse_u64 ("plenum-render", arg + strlen ("--max-pixels="),
                                        G_MAXUINT64, &settings.max_pixels))
            return 2;
        }
      else if (g_str_has_prefix (arg, "--max-file-size="))
        {
          if (!plenum_helper_parse_u64 ("plenum-render", arg + strlen ("--max-file-size="),
                                        G_MAXUINT64,
                          &settings.max_file_size))
            return 2;
        }
      else
        {
          g_printerr ("plenum-render: unknown argument “%s” (this helper is started by "
                      "the Plenum client)\n", arg);
          return 2;
        }
    }

  if (fcntl (fd, F_GETFD) < 0)
    {
      g_printerr ("plenum-render: no socket on fd %d (this helper is started by the "
                  "Plenum client)\n", fd);
      return 2;
    }

  stall = g_getenv ("PLENUM_RENDER_TEST_STALL_PAGE");
  if (stall != NULL && stall[0] != '\0')
    {
      guint64 page = 0;

      if (!plenum_helper_parse_u64 ("plenum-render", stall, G_MAXUINT32, &page))
        return 2;
      settings.stall_page = (gint64) page;
    }
  stall = g_getenv ("PLENUM_RENDER_TEST_STALL_SIZES");
  if (stall != NULL && stall[0] != '\0')
    {
      guint64 page = 0;

      if (!plenum_helper_parse_u64 ("plenum-render", stall, G_MAXUINT32, &page))
        return 2;
      settings.stall_sizes_page = (gint64) page;
    }

  plenum_helper_limit_address_space ("plenum-render", memory_limit);

  return plenum_render_helper_run (fd, &settings);
}
