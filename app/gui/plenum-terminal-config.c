/* plenum-terminal-config.c — reads the terminal configuration file. See
 * plenum-terminal-config.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-terminal-config"

#include <string.h>

#include <glib/gi18n.h>

#include "plenum-terminal-config.h"

#include "core/plenum-core.h"

#define GROUP "terminal"
#define KEY_SERVER_URL "server-url"
#define KEY_TERMINAL_ID "terminal-id"
#define KEY_CREDENTIAL "credential"

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

void
plenum_terminal_config_clear (PlenumTerminalConfig *config)
{
  g_return_if_fail (config != NULL);

  g_clear_pointer (&config->server_url, g_free);
  g_clear_pointer (&config->terminal_id, g_free);
  g_clear_pointer (&config->credential, plenum_secret_free);
}

/* The stripped value of @key, NULL when the key is absent or empty. FALSE when the key
 * is there but not text. */
static gboolean
get_value (GKeyFile    *key_file,
           const char  *key,
           char       **value)
{
  g_autoptr(GError) local_error = NULL;
  char *text = g_key_file_get_string (key_file, GROUP, key, &local_error);

  *value = NULL;
  if (text == NULL)
    return g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND) ||
           g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND);
  g_strstrip (text);
  if (text[0] == '\0')
    g_free (text);
  else
    *value = text;
  return TRUE;
}

static gboolean
bad_key (const char  *display,
         const char  *key,
         const char  *problem,
         GError     **error)
{
  g_set_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_INVALID,
               /* Translators: the first %s is the path of the terminal configuration file,
                * the second the name of a line in it (e.g. “server-url”), the third says
                * what is wrong with that line. */
               _("The terminal configuration %s was ignored: the line “%s” is wrong. %s"),
               display, key, problem);
  return FALSE;
}

static gboolean
load (const char            *path,
      const char            *display,
      PlenumTerminalConfig  *config,
      GError               **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

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
      explicit_bzero (contents, length);
      return FALSE;
    }
  /* The file may hold the credential: no copy of it left behind. */
  explicit_bzero (contents, length);

  if (!get_value (key_file, KEY_SERVER_URL, &config->server_url) ||
      !get_value (key_file, KEY_TERMINAL_ID, &config->terminal_id) ||
      !get_value (key_file, KEY_CREDENTIAL, &config->credential))
    {
      g_set_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_INVALID,
                   _("The terminal configuration %s is not written correctly, so it was ignored. Ask the secretariat to check it."),
                   display);
      return FALSE;
    }

  if (config->server_url != NULL &&
      !plenum_terminal_config_check_url (config->server_url, &local_error))
    return bad_key (display, KEY_SERVER_URL, local_error->message, error);
  if (config->terminal_id != NULL && !plenum_is_uuid (config->terminal_id))
    return bad_key (display, KEY_TERMINAL_ID,
                    _("It must be the terminal id the server answered the enrolment with."),
                    error);
  if (config->credential != NULL && !plenum_is_sha256_hex (config->credential))
    return bad_key (display, KEY_CREDENTIAL,
                    _("It must be the 64 letters and digits the server answered the enrolment with."),
                    error);
  if ((config->terminal_id == NULL) != (config->credential == NULL))
    return bad_key (display, config->terminal_id == NULL ? KEY_TERMINAL_ID : KEY_CREDENTIAL,
                    _("A terminal id and a credential are written together, or neither."),
                    error);
  return TRUE;
}

gboolean
plenum_terminal_config_load (const char            *path,
                             PlenumTerminalConfig  *config,
                             GError               **error)
{
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (config != NULL && config->server_url == NULL &&
                        config->terminal_id == NULL && config->credential == NULL, FALSE);

  display = g_filename_display_name (path);
  if (!load (path, display, config, error))
    {
      plenum_terminal_config_clear (config);
      return FALSE;
    }
  return TRUE;
}
