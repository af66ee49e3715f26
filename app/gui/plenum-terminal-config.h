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
 *   # Issue #9 (docs/deploy.md):
 *   terminal-name=Ghế 05               the seat's name, shown on the sign-in page
 *   ca-file=/etc/plenum/office-ca.pem  CA certificates (PEM) to verify the server with
 *   pinned-public-key=sha256//BASE64=  the SHA-256 of the server's public key (libcurl's form)
 *   allow-insecure-http=false          plain http:// to a host that is not loopback (a lab)
 *   kiosk=true                         run as a kiosk (as --kiosk)
 *   admin-pin-hash=$y$…                yescrypt of the administrator PIN (kiosk: required)
 *   idle-seconds=300                   30 to 86400: back to the sign-in page when untouched
 *   language=vi                        vi, nb or en (default: the environment's)
 *
 * It is found at $PLENUM_TERMINAL_CONF when that is set, else /etc/plenum/terminal.conf.
 * A missing file is not an error (a terminal may be run with --server, or offline only),
 * except for a kiosk (it needs its administrator PIN). Every key of [terminal] must be
 * one of the above: a misspelt key is reported rather than silently ignored. Errors name
 * the line: "FILE:LINE: KEY: what is wrong".
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

/* The limits of idle-seconds. */
#define PLENUM_TERMINAL_CONFIG_MIN_IDLE_SECONDS     30
#define PLENUM_TERMINAL_CONFIG_MAX_IDLE_SECONDS     86400
#define PLENUM_TERMINAL_CONFIG_DEFAULT_IDLE_SECONDS 300

/* What the file says; every pointer may be NULL, every flag FALSE, idle_seconds 0 when
 * the file does not say. */
typedef struct {
  char     *server_url;          /* [terminal] server-url */
  char     *terminal_id;         /* [terminal] terminal-id (a UUID), set together with credential */
  char     *credential;          /* [terminal] credential (64 lowercase hex digits): a secret */
  char     *terminal_name;       /* terminal-name: UTF-8, no control characters */
  char     *ca_file;             /* ca-file: an absolute path to a readable PEM file */
  char     *pinned_public_key;   /* pinned-public-key: "sha256//" + 44 characters of base64 */
  gboolean  allow_insecure_http; /* allow-insecure-http */
  gboolean  kiosk;               /* kiosk */
  char     *admin_pin_hash;      /* admin-pin-hash: "$y$…" */
  guint     idle_seconds;        /* idle-seconds, 0 = not set */
  char     *language;            /* language: "vi", "nb" or "en" */
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

/* For a kiosk started with --kiosk while the file does not say kiosk=true: FALSE when
 * @config (read from @path) cannot run a kiosk — it has no admin-pin-hash, without which
 * nobody could ever leave it. The message names the file. */
gboolean    plenum_terminal_config_check_kiosk (const char                 *path,
                                                const PlenumTerminalConfig *config,
                                                GError                    **error);

/* TRUE when the file at @path says kiosk=true in [terminal], even if
 * plenum_terminal_config_load() refuses it for another line: a kiosk with a broken
 * configuration must still start as a kiosk (and refuse). */
gboolean    plenum_terminal_config_says_kiosk  (const char                 *path);

/* TRUE when @pin hashes to @admin_pin_hash (crypt(3), compared in constant time). Slow on
 * purpose (yescrypt): call it from a worker thread. */
gboolean    plenum_terminal_config_check_admin_pin (const char *admin_pin_hash,
                                                    const char *pin);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlenumTerminalConfig, plenum_terminal_config_clear)

G_END_DECLS
