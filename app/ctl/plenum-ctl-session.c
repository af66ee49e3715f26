/* plenum-ctl-session.c — plenumctl's session file (see plenum-ctl-session.h).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <glib/gi18n.h>

#include "core/plenum-json.h"
#include "plenum-ctl-session.h"

#define SESSION_GROUP_SELF "plenumctl"

void
plenum_ctl_session_free (PlenumCtlSession *session)
{
  if (session == NULL)
    return;
  plenum_secret_free (session->token);
  g_free (session->name);
  g_free (session->role);
  g_free (session->expires_at);
  g_free (session);
}

static char *
session_folder (void)
{
  return g_build_filename (g_get_user_config_dir (), "plenumctl", NULL);
}

/* A key file's group name cannot hold '[' or ']', which an IPv6 URL has
 * ("http://[::1]:8080"); they become '(' and ')', which a URL never has there. */
static char *
group_for_url (const char *server_url)
{
  char *group = g_strdup (server_url);

  g_strdelimit (group, "[", '(');
  g_strdelimit (group, "]", ')');
  return group;
}

char *
plenum_ctl_session_file_path (void)
{
  g_autofree char *folder = session_folder ();

  return g_build_filename (folder, "session", NULL);
}

/* The key file, or an empty one when there is no file yet. The file holds tokens, so a
 * file that others may read is refused rather than used: somebody widened its mode. */
static GKeyFile *
load_file (GError **error)
{
  g_autofree char *path = plenum_ctl_session_file_path ();
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        return g_steal_pointer (&file);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }
  if (!S_ISREG (st.st_mode) || (st.st_mode & 077) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                   _("%s: not a regular file readable only by its owner (mode 0600); "
                   "delete it and sign in again"), path);
      return NULL;
    }
  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", path,
                   local_error->message);
      return NULL;
    }
  return g_steal_pointer (&file);
}

static gboolean
save_file (GKeyFile  *file,
           GError   **error)
{
  g_autofree char *folder = session_folder ();
  g_autofree char *path = plenum_ctl_session_file_path ();
  g_autofree char *data = NULL;
  gsize length = 0;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", folder, g_strerror (saved_errno));
      return FALSE;
    }
  /* An existing folder keeps its mode through g_mkdir_with_parents(). */
  if (g_chmod (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", folder, g_strerror (saved_errno));
      return FALSE;
    }
  data = g_key_file_to_data (file, &length, NULL);
  /* Written to a temporary file with mode 0600 and renamed, so that the token is never
   * in a file others can read, not even for a moment. */
  return g_file_set_contents_full (path, data, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

char *
plenum_ctl_session_installation_id (GError **error)
{
  g_autoptr(GKeyFile) file = load_file (error);
  g_autofree char *id = NULL;

  if (file == NULL)
    return NULL;
  id = g_key_file_get_string (file, SESSION_GROUP_SELF, "installation-id", NULL);
  if (id != NULL && plenum_is_uuid (id))
    return g_steal_pointer (&id);
  return plenum_uuid_new ();
}

PlenumCtlSession *
plenum_ctl_session_load (const char  *server_url,
                         GError     **error)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autoptr(PlenumCtlSession) session = NULL;
  g_autofree char *group = NULL;

  g_return_val_if_fail (server_url != NULL, NULL);

  group = group_for_url (server_url);

  file = load_file (error);
  if (file == NULL)
    return NULL;
  if (g_str_equal (group, SESSION_GROUP_SELF) || !g_key_file_has_group (file, group))
    return NULL;
  session = g_new0 (PlenumCtlSession, 1);
  session->token = g_key_file_get_string (file, group, "token", NULL);
  session->name = g_key_file_get_string (file, group, "name", NULL);
  session->role = g_key_file_get_string (file, group, "role", NULL);
  session->expires_at = g_key_file_get_string (file, group, "expires-at", NULL);
  if (session->token == NULL || session->token[0] == '\0')
    return NULL;
  return g_steal_pointer (&session);
}

gboolean
plenum_ctl_session_save (const char              *server_url,
                         const char              *installation_id,
                         const PlenumCtlSession  *session,
                         GError                 **error)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *group = NULL;

  g_return_val_if_fail (server_url != NULL && session != NULL && session->token != NULL,
                        FALSE);
  g_return_val_if_fail (plenum_is_uuid (installation_id), FALSE);

  group = group_for_url (server_url);
  file = load_file (error);
  if (file == NULL)
    return FALSE;
  g_key_file_set_string (file, SESSION_GROUP_SELF, "installation-id", installation_id);
  g_key_file_remove_group (file, group, NULL);
  g_key_file_set_string (file, group, "token", session->token);
  if (session->name != NULL)
    g_key_file_set_string (file, group, "name", session->name);
  if (session->role != NULL)
    g_key_file_set_string (file, group, "role", session->role);
  if (session->expires_at != NULL)
    g_key_file_set_string (file, group, "expires-at", session->expires_at);
  return save_file (file, error);
}

gboolean
plenum_ctl_session_remove (const char  *server_url,
                           GError     **error)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *group = NULL;

  g_return_val_if_fail (server_url != NULL, FALSE);

  group = group_for_url (server_url);
  file = load_file (error);
  if (file == NULL)
    return FALSE;
  if (!g_key_file_has_group (file, group))
    return TRUE;
  g_key_file_remove_group (file, group, NULL);
  return save_file (file, error);
}
