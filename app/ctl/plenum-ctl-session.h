/* plenum-ctl-session.h — where plenumctl keeps what outlives one command: its
 * installation id (sent as the session's terminal_id) and one sign-in per server URL.
 *
 * The file is $XDG_CONFIG_HOME/plenumctl/session, a GKeyFile with mode 0600 in a folder
 * with mode 0700: group [plenumctl] holds "installation-id"; each signed-in server is a
 * group named by its base URL with "token", "name", "role" and "expires-at". Tokens are
 * secrets: they are never printed, and a token string is wiped when it is freed.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *token;       /* secret */
  char *name;        /* sign-in name */
  char *role;        /* "member" or "secretary" */
  char *expires_at;  /* RFC 3339, as the server gave it */
} PlenumCtlSession;

void              plenum_ctl_session_free           (PlenumCtlSession *session);

/* The session file's path (a new string). */
char             *plenum_ctl_session_file_path      (void);

/* This installation's id: the stored one, or a new one that plenum_ctl_session_save()
 * stores with the first sign-in (a refused sign-in leaves no file behind). */
char             *plenum_ctl_session_installation_id (GError         **error);

/* The sign-in kept for @server_url, or NULL (with @error unset) when there is none. */
PlenumCtlSession *plenum_ctl_session_load           (const char      *server_url,
                                                     GError         **error);
gboolean          plenum_ctl_session_save           (const char      *server_url,
                                                     const char      *installation_id,
                                                     const PlenumCtlSession *session,
                                                     GError         **error);
/* Forgets the sign-in for @server_url (TRUE also when there was none). */
gboolean          plenum_ctl_session_remove         (const char      *server_url,
                                                     GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumCtlSession, plenum_ctl_session_free)

G_END_DECLS
