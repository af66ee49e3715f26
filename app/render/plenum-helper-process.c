/* plenum-helper-process.c — see plenum-helper-process.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "plenum-helper-process.h"

#include <errno.h>
#include <sys/resource.h>

#if defined(PLENUM_SANITIZED) || defined(__SANITIZE_ADDRESS__)
# define HELPER_SANITIZED 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define HELPER_SANITIZED 1
# endif
#endif

gboolean
plenum_helper_parse_u64 (const char *program,
                         const char *text,
                         guint64     max,
                         guint64    *out)
{
  g_autoptr(GError) error = NULL;

  if (!g_ascii_string_to_unsigned (text, 10, 0, max, out, &error))
    {
      g_printerr ("%s: %s\n", program, error->message);
      return FALSE;
    }
  return TRUE;
}

void
plenum_helper_limit_address_space (const char *program,
                                   guint64     bytes)
{
#ifdef HELPER_SANITIZED
  g_debug ("sanitizer build: RLIMIT_AS of %" G_GUINT64_FORMAT " bytes not applied", bytes);
#else
  struct rlimit limit;

  if (bytes == 0)
    return;
  limit.rlim_cur = bytes;
  limit.rlim_max = bytes;
  if (setrlimit (RLIMIT_AS, &limit) != 0)
    g_printerr ("%s: cannot set RLIMIT_AS: %s\n", program, g_strerror (errno));
#endif
}
