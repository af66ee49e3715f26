/* plenum-ctl-terminal-config.c — plenumctl terminal-config: writes a terminal's
 * configuration file (docs/deploy.md; the keys are those plenum reads,
 * app/gui/plenum-terminal-config.h).
 *
 *   plenumctl --server URL terminal-config --output FILE [--terminal-name N]
 *     [--ca-file F] [--pinned-public-key sha256//…] [--kiosk] [--admin-pin-stdin]
 *     [--idle-seconds N] [--language vi|nb|en] [--allow-insecure-http] [--enrol ROOM]
 *
 * With --enrol ROOM (signed in as the secretariat) it creates an enrolment for the seat
 * --terminal-name in ROOM and redeems it at once for a new terminal id, so that the file
 * holds terminal-id and credential and the terminal needs no code typed at the seat.
 * The administrator PIN is read from stdin (never the command line, which other users
 * see) and only its yescrypt hash is written. The file is replaced atomically with mode
 * 0640: it may hold the credential, for root and the kiosk user's group only.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include <crypt.h>
#include <string.h>

#include <glib/gi18n.h>

#include "net/plenum-http-client.h"
#include "plenum-ctl.h"

/* yescrypt's default cost, as the server and the client's store use. */
#define ADMIN_PIN_HASH_COST 0

static char *
hash_admin_pin (const char *pin)
{
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  g_autofree struct crypt_data *data = g_new0 (struct crypt_data, 1);
  const char *hash;
  char *copy = NULL;

  /* NULL random bytes: libxcrypt takes them from the kernel's CSPRNG. */
  if (crypt_gensalt_rn ("$y$", ADMIN_PIN_HASH_COST, NULL, 0, setting, sizeof setting) == NULL)
    return NULL;
  hash = crypt_rn (pin, setting, data, sizeof *data);
  if (hash != NULL && g_str_has_prefix (hash, "$y$"))
    copy = g_strdup (hash);
  explicit_bzero (data, sizeof *data);
  return copy;
}

/* "sha256//BASE64", the SHA-256 (32 bytes) of the server's public key: libcurl's
 * CURLOPT_PINNEDPUBLICKEY form, and one key only (the sync engine takes exactly one). */
static gboolean
is_pinned_public_key (const char *value)
{
  return g_str_has_prefix (value, "sha256//") &&
         plenum_http_pinned_public_key_base64 (value) != NULL;
}

/* Enrols a new terminal for seat @name in @room and redeems the code: *@terminal_id and
 * *@credential (a secret) are set. Returns an exit code. */
static int
enrol (PlenumCtl   *ctl,
       const char  *room,
       const char  *name,
       char       **terminal_id,
       char       **credential)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) request = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autoptr(cJSON) redeemed = NULL;
  g_autofree char *new_id = plenum_uuid_new ();
  const char *code = NULL;
  const char *id = NULL;
  const char *secret = NULL;
  int exit_code;

  exit_code = plenum_ctl_connect (ctl, TRUE);
  if (exit_code != PLENUM_CTL_EXIT_OK)
    return exit_code;

  request = cJSON_CreateObject ();
  plenum_json_add_string (request, "room", room);
  plenum_json_add_string (request, "name", name);
  if (!plenum_ctl_request (ctl, "POST", "/api/v1/terminals/enrolments", request, &answer, &error))
    return plenum_ctl_exit_for_error (ctl, _("terminal-config: enrol"), error);
  if (answer == NULL ||
      !plenum_json_get_string (answer, NULL, "code", PLENUM_JSON_REQUIRED, &code, &error))
    {
      plenum_ctl_complain (_("terminal-config: the server's answer is not an enrolment: %s"),
                           error != NULL ? error->message : _("empty"));
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }

  /* Redeemed as the terminal would: no session needed (nor sent). */
  plenum_http_client_set_token (ctl->client, NULL);
  g_clear_pointer (&request, cJSON_Delete);
  request = cJSON_CreateObject ();
  plenum_json_add_string (request, "code", code);
  plenum_json_add_string (request, "terminal_id", new_id);
  if (!plenum_ctl_request (ctl, "POST", "/api/v1/terminals", request, &redeemed, &error))
    return plenum_ctl_exit_for_error (ctl, _("terminal-config: redeem the enrolment"), error);
  if (redeemed == NULL ||
      !plenum_json_get_string (redeemed, NULL, "terminal_id", PLENUM_JSON_REQUIRED, &id, &error) ||
      !plenum_json_get_string (redeemed, NULL, "credential", PLENUM_JSON_REQUIRED, &secret, &error) ||
      !plenum_is_uuid (id) || !plenum_is_sha256_hex (secret))
    {
      plenum_ctl_complain (_("terminal-config: the server's answer is not an enrolled terminal%s%s"),
                           error != NULL ? ": " : "", error != NULL ? error->message : "");
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }
  *terminal_id = g_strdup (id);
  *credential = g_strdup (secret);
  /* The answer's copy of the credential is wiped before it is freed. */
  explicit_bzero ((char *) secret, strlen (secret));
  return PLENUM_CTL_EXIT_OK;
}

int
plenum_ctl_terminal_config (PlenumCtl  *ctl,
                            int         argc,
                            char      **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *terminal_name = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *pinned_public_key = NULL;
  g_autofree char *language = NULL;
  g_autofree char *room = NULL;
  g_autofree char *admin_pin_hash = NULL;
  g_autofree char *terminal_id = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumHttpClient) check = NULL;
  gboolean kiosk = FALSE;
  gboolean admin_pin_stdin = FALSE;
  gboolean allow_insecure_http = FALSE;
  int idle_seconds = 0;
  char *credential = NULL;
  gsize length = 0;
  int code;
  GOptionEntry entries[] = {
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write (e.g. /etc/plenum/terminal.conf)"), "FILE" },
    { "terminal-name", 0, 0, G_OPTION_ARG_STRING, &terminal_name, N_("The seat's name shown on the sign-in page"), "NAME" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, N_("PEM file of the CA certificates to verify the server with"), "FILE" },
    { "pinned-public-key", 0, 0, G_OPTION_ARG_STRING, &pinned_public_key, N_("The server's public key: sha256//BASE64"), "PIN" },
    { "kiosk", 0, 0, G_OPTION_ARG_NONE, &kiosk, N_("Run the terminal as a kiosk (needs --admin-pin-stdin)"), NULL },
    { "admin-pin-stdin", 0, 0, G_OPTION_ARG_NONE, &admin_pin_stdin, N_("Read the administrator PIN (4 to 12 digits) from stdin"), NULL },
    { "idle-seconds", 0, 0, G_OPTION_ARG_INT, &idle_seconds, N_("Back to the sign-in page after this long untouched (30 to 86400)"), "N" },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language, N_("The interface's language: vi, nb or en"), "LANG" },
    { "allow-insecure-http", 0, 0, G_OPTION_ARG_NONE, &allow_insecure_http, N_("Allow plain http:// to a host that is not loopback (a test room only)"), NULL },
    { "enrol", 0, 0, G_OPTION_ARG_STRING, &room, N_("Enrol a new terminal in ROOM and write its id and credential"), "ROOM" },
    { NULL }
  };

  if (!plenum_ctl_parse_options ("", _("Writes a terminal's configuration file (mode 0640, replaced "
                                 "atomically). With --enrol it also enrols the terminal, so the file "
                                 "holds its id and credential."), entries, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 1)
    {
      plenum_ctl_complain (_("terminal-config: unexpected “%s”"), argv[1]);
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (output == NULL)
    {
      plenum_ctl_complain (_("terminal-config: give --output FILE"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (ctl->server_url == NULL || ctl->server_url[0] == '\0')
    {
      plenum_ctl_complain (_("terminal-config: give --server URL (the address the terminal will use)"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  /* The HTTP client's own rules decide whether the terminal could use the address. */
  check = plenum_http_client_new_full (ctl->server_url,
                                       allow_insecure_http ? PLENUM_HTTP_CLIENT_ALLOW_INSECURE
                                                           : PLENUM_HTTP_CLIENT_NONE,
                                       &error);
  if (check == NULL)
    {
      plenum_ctl_complain (_("terminal-config: %s: %s%s"), ctl->server_url, error->message,
                           g_error_matches (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INSECURE)
                             ? _(" (use https://, or --allow-insecure-http for a test room)") : "");
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (terminal_name != NULL)
    {
      g_strstrip (terminal_name);
      if (terminal_name[0] == '\0' || g_utf8_strlen (terminal_name, -1) > 200 ||
          strpbrk (terminal_name, "\n\r\t") != NULL)
        {
          plenum_ctl_complain (_("terminal-config: --terminal-name must be 1 to 200 characters on one line"));
          return PLENUM_CTL_EXIT_USAGE;
        }
    }
  if (ca_file != NULL)
    {
      g_autofree char *contents = NULL;
      g_autofree char *absolute = g_canonicalize_filename (ca_file, NULL);

      if (!g_file_get_contents (absolute, &contents, NULL, &error) ||
          strstr (contents, "-----BEGIN CERTIFICATE-----") == NULL)
        {
          plenum_ctl_complain (_("terminal-config: --ca-file %s: %s"), ca_file,
                               error != NULL ? error->message : _("no PEM certificate in it"));
          return PLENUM_CTL_EXIT_BAD_INPUT;
        }
      g_free (ca_file);
      ca_file = g_steal_pointer (&absolute);
    }
  if (pinned_public_key != NULL && !is_pinned_public_key (pinned_public_key))
    {
      plenum_ctl_complain (_("terminal-config: --pinned-public-key must be sha256// and the key's "
                           "SHA-256 in base64 (44 characters), as curl's --pinnedpubkey takes it"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (idle_seconds != 0 && (idle_seconds < 30 || idle_seconds > 86400))
    {
      plenum_ctl_complain (_("terminal-config: --idle-seconds must be from 30 to 86400"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (language != NULL && !g_str_equal (language, "vi") && !g_str_equal (language, "nb") &&
      !g_str_equal (language, "en"))
    {
      plenum_ctl_complain (_("terminal-config: --language must be vi, nb or en"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (kiosk && !admin_pin_stdin)
    {
      plenum_ctl_complain (_("terminal-config: a kiosk needs an administrator PIN: give --admin-pin-stdin"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (room != NULL && terminal_name == NULL)
    {
      plenum_ctl_complain (_("terminal-config: --enrol needs --terminal-name (the seat's name)"));
      return PLENUM_CTL_EXIT_USAGE;
    }

  if (admin_pin_stdin)
    {
      char *pin = plenum_ctl_read_secret (_("Administrator PIN: "));

      if (pin == NULL || !plenum_is_pin (pin))
        {
          plenum_secret_free (pin);
          plenum_ctl_complain (_("terminal-config: no administrator PIN of 4 to 12 digits on stdin"));
          return PLENUM_CTL_EXIT_USAGE;
        }
      admin_pin_hash = hash_admin_pin (pin);
      plenum_secret_free (pin);
      if (admin_pin_hash == NULL)
        {
          plenum_ctl_complain (_("terminal-config: cannot hash the administrator PIN"));
          return PLENUM_CTL_EXIT_BAD_INPUT;
        }
    }

  /* Everything local is checked before the enrolment, so that a typo spends no code. */
  if (room != NULL)
    {
      /* plenumctl reaches the server as the terminal will: with the CA and the pinned
       * key the file names, unless its own global options said otherwise. */
      if (ctl->ca_file == NULL)
        ctl->ca_file = ca_file;
      if (ctl->pinned_public_key == NULL)
        ctl->pinned_public_key = pinned_public_key;
      code = enrol (ctl, room, terminal_name, &terminal_id, &credential);
      /* Not ctl's to keep: they go with this function. */
      if (ctl->ca_file == ca_file)
        ctl->ca_file = NULL;
      if (ctl->pinned_public_key == pinned_public_key)
        ctl->pinned_public_key = NULL;
      if (code != PLENUM_CTL_EXIT_OK)
        return code;
    }

  key_file = g_key_file_new ();
  g_key_file_set_string (key_file, "terminal", "server-url",
                         plenum_http_client_get_base_url (check));
  if (terminal_name != NULL)
    g_key_file_set_string (key_file, "terminal", "terminal-name", terminal_name);
  if (terminal_id != NULL)
    {
      g_key_file_set_string (key_file, "terminal", "terminal-id", terminal_id);
      g_key_file_set_string (key_file, "terminal", "credential", credential);
    }
  if (ca_file != NULL)
    g_key_file_set_string (key_file, "terminal", "ca-file", ca_file);
  if (pinned_public_key != NULL)
    g_key_file_set_string (key_file, "terminal", "pinned-public-key", pinned_public_key);
  if (allow_insecure_http)
    g_key_file_set_boolean (key_file, "terminal", "allow-insecure-http", TRUE);
  if (kiosk)
    g_key_file_set_boolean (key_file, "terminal", "kiosk", TRUE);
  if (admin_pin_hash != NULL)
    g_key_file_set_string (key_file, "terminal", "admin-pin-hash", admin_pin_hash);
  if (idle_seconds != 0)
    g_key_file_set_integer (key_file, "terminal", "idle-seconds", idle_seconds);
  if (language != NULL)
    g_key_file_set_string (key_file, "terminal", "language", language);
  g_key_file_set_comment (key_file, "terminal", NULL,
                          " Written by plenumctl terminal-config (docs/deploy.md). Keep it mode 0640,\n"
                          " owned by root and the kiosk user's group: it may hold the credential.",
                          NULL);
  data = g_key_file_to_data (key_file, &length, NULL);
  plenum_secret_free (credential);
  credential = NULL;

  /* Atomically (a terminal never reads half a file) and durably, never world-readable. */
  if (!g_file_set_contents_full (output, data, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0640, &error))
    {
      explicit_bzero (data, length);
      plenum_ctl_complain ("terminal-config: %s", error->message);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }
  explicit_bzero (data, length);

  if (ctl->json)
    {
      g_autoptr(cJSON) answer = cJSON_CreateObject ();

      plenum_json_add_string (answer, "output", output);
      if (terminal_id != NULL)
        plenum_json_add_string (answer, "terminal_id", terminal_id);
      plenum_ctl_print_json (answer);
    }
  else if (terminal_id != NULL)
    printf (_("wrote %s (terminal %s enrolled as “%s” in %s)\n"), output, terminal_id,
            terminal_name, room);
  else
    printf (_("wrote %s\n"), output);
  return PLENUM_CTL_EXIT_OK;
}
