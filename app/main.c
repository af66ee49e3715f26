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

  setlocale (LC_ALL, "");
  /* PLENUM_LOCALEDIR_OVERRIDE lets an uninstalled build (the README's demo) find the
   * translations meson compiled into the build folder. */
  locale_dir = g_getenv ("PLENUM_LOCALEDIR_OVERRIDE");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : PLENUM_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = plenum_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
