/* plenum-terminal-config.h — the terminal configuration file the administrator writes
 * when provisioning a terminal (DESIGN.md, "Terminals and credentials"):
 *
 *   [terminal]
 *   server-url=https://office.example:8443
 *
 * It is found at $PLENUM_TERMINAL_CONF when that is set, else /etc/plenum/terminal.conf.
 * A missing file is not an error (a terminal may be run with --server, or offline only).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PLENUM_TERMINAL_CONFIG_ERROR (plenum_terminal_config_error_quark ())

typedef enum {
  PLENUM_TERMINAL_CONFIG_ERROR_UNREADABLE, /* exists but cannot be read */
  PLENUM_TERMINAL_CONFIG_ERROR_INVALID,    /* not a key file, or a value that cannot be used */
} PlenumTerminalConfigError;

#define PLENUM_TERMINAL_CONFIG_DEFAULT_PATH "/etc/plenum/terminal.conf"

GQuark      plenum_terminal_config_error_quark (void);

/* The file to read: $PLENUM_TERMINAL_CONF when set and not empty, else the default
 * path. */
const char *plenum_terminal_config_get_path    (void);

/* TRUE when a server address is valid for a terminal: an absolute http:// or https://
 * URL with a host. */
gboolean    plenum_terminal_config_check_url   (const char  *url,
                                                GError     **error);

/* Reads @path. Returns TRUE when the file is missing (then *@server_url is NULL) or
 * when it was read (*@server_url: the [terminal] server-url, or NULL when the key is
 * absent); FALSE with PLENUM_TERMINAL_CONFIG_ERROR when it cannot be read or used (the
 * message names the file and what is wrong, in the user's language). Read once at
 * start, before any window exists. */
gboolean    plenum_terminal_config_load        (const char  *path,
                                                char       **server_url,
                                                GError     **error);

G_END_DECLS
