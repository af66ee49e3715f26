/* main.c — plenum, the kiosk client.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n.h>
#include <locale.h>

#include "gui/plenum-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PlenumApplication) app = NULL;
  const char *locale_dir;

  /* The language of the terminal's configuration, or the one a member picks, is set
   * through LANGUAGE, which gettext ignores under the "C" locale (and cannot put into
   * its ASCII): a terminal booted with no locale configured (no LANG) would stay in
   * English. Such a system gets C.UTF-8 for messages and characters, which honours
   * LANGUAGE; a configured locale is kept. Through the environment, because GTK calls
   * setlocale (LC_ALL, "") again when it starts. */
  setlocale (LC_ALL, "");
  for (guint i = 0; i < 2; i++)
    {
      int category = i == 0 ? LC_MESSAGES : LC_CTYPE;
      const char *name = setlocale (category, NULL);

      if (name == NULL || g_str_equal (name, "C") || g_str_equal (name, "POSIX"))
        {
          g_setenv (i == 0 ? "LC_MESSAGES" : "LC_CTYPE", "C.UTF-8", TRUE);
          setlocale (category, "");
        }
    }
  /* PLENUM_LOCALEDIR_OVERRIDE lets an uninstalled build (the README's demo) find the
   * translations meson compiled into the build folder. */
  locale_dir = g_getenv ("PLENUM_LOCALEDIR_OVERRIDE");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : PLENUM_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = plenum_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
