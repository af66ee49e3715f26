/* plenum-terminal-config.h — the terminal configuration file the administrator writes
 * when provisioning a terminal (DESIGN.md, "Terminals and credentials"):
 *
 *   [terminal]
 *   server-url=https://office.example:8443
 *   # Optional, both or neither: an enrolment redeemed by the installer
 *   # (docs/protocol.md, "Credential in the configuration file"). Keep the file
 *   # readable only by root and the kiosk user (mode 0640) when it holds a credential.
 *   terminal-id=0b6f3c52-9a1e-4d7b-8c2f-5e4a3b2c1d0e
 *   credential=<64 hex digits>
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

/* What the file says; every field may be NULL. */
typedef struct {
  char *server_url;   /* [terminal] server-url */
  char *terminal_id;  /* [terminal] terminal-id (a UUID), set together with credential */
  char *credential;   /* [terminal] credential (64 lowercase hex digits): a secret */
} PlenumTerminalConfig;

/* Frees the fields (wiping the credential) and sets them to NULL. */
void        plenum_terminal_config_clear       (PlenumTerminalConfig *config);

/* Reads @path into @config (all NULL on entry). Returns TRUE when the file is missing
 * (every field NULL) or was read; FALSE with PLENUM_TERMINAL_CONFIG_ERROR when it cannot
 * be read or used, and then every field is NULL: the message names the file and the key
 * that is wrong, in the user's language. Read once at start, before any window exists. */
gboolean    plenum_terminal_config_load        (const char           *path,
                                                PlenumTerminalConfig *config,
                                                GError              **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlenumTerminalConfig, plenum_terminal_config_clear)

G_END_DECLS
