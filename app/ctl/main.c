/* main.c — plenumctl's command line: takes the global options (--server, --json,
 * --ca-file, --pinned-public-key) from wherever they stand, finds the command and runs
 * it. See plenum-ctl.c for the commands
 * and docs/plenumctl.md for the user's side.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "core/plenum-json.h"
#include "plenum-ctl.h"

/* Takes a global option with a value, "--NAME VALUE" or "--NAME=VALUE", at argv[*i]:
 * TRUE when it is one (*@value then points into argv, and *@i moved past the value);
 * *@missing is set when the value is not there. */
static gboolean
take_option (int          argc,
             char       **argv,
             int         *i,
             const char  *name,
             const char **value,
             gboolean    *missing)
{
  const char *arg = argv[*i];
  gsize len = strlen (name);

  if (strncmp (arg, name, len) != 0)
    return FALSE;
  if (arg[len] == '=')
    {
      *value = arg + len + 1;
      return TRUE;
    }
  if (arg[len] != '\0')
    return FALSE;
  if (*i + 1 >= argc)
    {
      *missing = TRUE;
      return TRUE;
    }
  *value = argv[++*i];
  return TRUE;
}

static const struct {
  const char       *name;
  PlenumCtlCommand  run;
} commands[] = {
  { "sign-in", plenum_ctl_sign_in },
  { "sign-out", plenum_ctl_sign_out },
  { "publish", plenum_ctl_publish },
  { "terminals", plenum_ctl_terminals },
  { "enrol", plenum_ctl_enrol },
  { "revoke", plenum_ctl_revoke },
  { "pin", plenum_ctl_pin },
  { "meetings", plenum_ctl_meetings },
  { "meeting", plenum_ctl_meeting },
  { "status", plenum_ctl_status },
  { "item", plenum_ctl_item },
  { "attach", plenum_ctl_attach },
  { "revise", plenum_ctl_revise },
  { "retract", plenum_ctl_retract },
  { "retire", plenum_ctl_retire },
  { "opinion", plenum_ctl_opinion },
  { "clearance", plenum_ctl_clearance },
  { "wipe", plenum_ctl_wipe },
  { "unlock-terminal", plenum_ctl_unlock_terminal },
  { "sessions", plenum_ctl_sessions },
  { "lease", plenum_ctl_lease },
  { "record", plenum_ctl_record },
  { "audit", plenum_ctl_audit },
  { "import-oparl", plenum_ctl_import_oparl },
  { "terminal-config", plenum_ctl_terminal_config },
};

int
main (int    argc,
      char **argv)
{
  PlenumCtl ctl = { NULL, FALSE, NULL, NULL, NULL };
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  PlenumCtlCommand run = NULL;
  const char *command = NULL;
  gboolean options_end = FALSE;
  gboolean missing = FALSE;
  const char *locale_dir;
  int code;

  setlocale (LC_ALL, "");
  /* PLENUM_LOCALEDIR_OVERRIDE lets an uninstalled build (and the tests) find the
   * translations meson compiled into the build folder. */
  locale_dir = g_getenv ("PLENUM_LOCALEDIR_OVERRIDE");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : PLENUM_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  plenum_json_init ();
  ctl.server_url = g_strdup (g_getenv ("PLENUMCTL_SERVER"));
  ctl.ca_file = g_getenv ("PLENUMCTL_CA_FILE");
  ctl.pinned_public_key = g_getenv ("PLENUMCTL_PINNED_PUBLIC_KEY");

  /* Global options may come before or after the command; what is left goes to the
   * command's own option parser. */
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (!options_end && g_str_equal (arg, "--"))
        options_end = TRUE;
      if (!options_end && g_str_equal (arg, "--json"))
        ctl.json = TRUE;
      else if (!options_end && g_str_equal (arg, "--server"))
        {
          if (i + 1 >= argc)
            {
              fprintf (stderr, _("plenumctl: --server needs a URL\n"));
              g_free (ctl.server_url);
              return PLENUM_CTL_EXIT_USAGE;
            }
          g_free (ctl.server_url);
          ctl.server_url = g_strdup (argv[++i]);
        }
      else if (!options_end && g_str_has_prefix (arg, "--server="))
        {
          g_free (ctl.server_url);
          ctl.server_url = g_strdup (arg + strlen ("--server="));
        }
      /* terminal-config has options of these names for the terminal it writes the
       * configuration of: after that command they are its own. */
      else if (!options_end && g_strcmp0 (command, "terminal-config") != 0 &&
               (take_option (argc, argv, &i, "--ca-file", &ctl.ca_file, &missing) ||
                take_option (argc, argv, &i, "--pinned-public-key", &ctl.pinned_public_key,
                             &missing)))
        {
          if (missing)
            {
              fprintf (stderr, _("plenumctl: %s needs a value\n"), arg);
              g_free (ctl.server_url);
              return PLENUM_CTL_EXIT_USAGE;
            }
        }
      else if (command == NULL && !options_end &&
               (g_str_equal (arg, "--help") || g_str_equal (arg, "-h")))
        {
          plenum_ctl_print_help (stdout);
          g_free (ctl.server_url);
          return PLENUM_CTL_EXIT_OK;
        }
      else if (command == NULL && (options_end || arg[0] != '-'))
        command = arg;
      else
        g_ptr_array_add (rest, (gpointer) arg);
    }
  if (command == NULL)
    {
      plenum_ctl_print_help (stderr);
      g_free (ctl.server_url);
      return PLENUM_CTL_EXIT_USAGE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, command))
      run = commands[i].run;
  if (run == NULL)
    {
      fprintf (stderr, _("plenumctl: unknown command “%s” (see plenumctl --help)\n"), command);
      g_free (ctl.server_url);
      return PLENUM_CTL_EXIT_USAGE;
    }

  {
    g_autofree char *name = g_strdup_printf ("plenumctl %s", command);
    g_autoptr(GPtrArray) command_argv = g_ptr_array_new ();
    char **command_args;
    int command_argc;

    g_ptr_array_add (command_argv, name);
    for (guint i = 0; i < rest->len; i++)
      g_ptr_array_add (command_argv, g_ptr_array_index (rest, i));
    g_ptr_array_add (command_argv, NULL);
    command_argc = (int) command_argv->len - 1;
    command_args = (char **) command_argv->pdata;
    /* GOption names the program by it in a command's --help. */
    g_set_prgname (name);

    ctl.loop = g_main_loop_new (NULL, FALSE);
    code = run (&ctl, command_argc, command_args);
  }

  g_clear_object (&ctl.client);
  g_clear_pointer (&ctl.loop, g_main_loop_unref);
  plenum_secret_free (ctl.token);
  g_free (ctl.server_url);
  return code;
}
