/* plenum-terminal-config.c — reads the terminal configuration file. See
 * plenum-terminal-config.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-terminal-config"

#include <glib/gi18n.h>

#include "plenum-terminal-config.h"

#define GROUP "terminal"
#define KEY_SERVER_URL "server-url"

/* The file is a few lines written by an administrator; anything much larger is not it. */
#define MAX_FILE_SIZE (64 * 1024)

G_DEFINE_QUARK (plenum-terminal-config-error-quark, plenum_terminal_config_error)

const char *
plenum_terminal_config_get_path (void)
{
  const char *path = g_getenv ("PLENUM_TERMINAL_CONF");

  if (path != NULL && path[0] != '\0')
    return path;
  return PLENUM_TERMINAL_CONFIG_DEFAULT_PATH;
}

gboolean
plenum_terminal_config_check_url (const char  *url,
                                  GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (url != NULL, FALSE);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (uri == NULL ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      host == NULL || host[0] == '\0' ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_INVALID,
                   /* Translators: %s is the server address as written. */
                   _("“%s” is not a server address: it must look like https://office.example or http://127.0.0.1:8080"),
                   url);
      return FALSE;
    }

  return TRUE;
}

gboolean
plenum_terminal_config_load (const char  *path,
                             char       **server_url,
                             GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *value = NULL;
  g_autofree char *display = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (server_url != NULL && *server_url == NULL, FALSE);

  display = g_filename_display_name (path);

  /* Read once at start-up, before the main loop runs and before any window exists, so
   * this small synchronous read delays nothing on screen. */
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_UNREADABLE,
                   /* Translators: %s is the path of the terminal configuration file. */
                   _("The terminal configuration %s cannot be read. Ask the secretariat to check it."),
                   display);
      g_debug ("%s: %s", display, local_error->message);
      return FALSE;
    }

  if (length > MAX_FILE_SIZE ||
      !g_key_file_load_from_data (key_file, contents, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_INVALID,
                   /* Translators: %s is the path of the terminal configuration file. */
                   _("The terminal configuration %s is not written correctly, so it was ignored. Ask the secretariat to check it."),
                   display);
      if (local_error != NULL)
        g_debug ("%s: %s", display, local_error->message);
      return FALSE;
    }

  value = g_key_file_get_string (key_file, GROUP, KEY_SERVER_URL, &local_error);
  if (value == NULL)
    {
      if (g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND) ||
          g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
        return TRUE;
      g_set_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_INVALID,
                   _("The terminal configuration %s is not written correctly, so it was ignored. Ask the secretariat to check it."),
                   display);
      return FALSE;
    }

  g_strstrip (value);
  if (value[0] == '\0')
    return TRUE;

  if (!plenum_terminal_config_check_url (value, &local_error))
    {
      g_set_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_INVALID,
                   /* Translators: the first %s is the path of the terminal configuration
                    * file, the second says what is wrong with the server address. */
                   _("The terminal configuration %s was ignored: %s"),
                   display, local_error->message);
      return FALSE;
    }

  *server_url = g_steal_pointer (&value);
  return TRUE;
}
