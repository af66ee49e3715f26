/* plenum-terminal-config.c — reads the terminal configuration file. See
 * plenum-terminal-config.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-terminal-config"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <openssl/crypto.h>

#include "plenum-terminal-config.h"

#include "core/plenum-core.h"
#include "net/plenum-http-client.h"

#define GROUP "terminal"
#define KEY_SERVER_URL "server-url"
#define KEY_TERMINAL_ID "terminal-id"
#define KEY_CREDENTIAL "credential"
#define KEY_TERMINAL_NAME "terminal-name"
#define KEY_CA_FILE "ca-file"
#define KEY_PINNED_PUBLIC_KEY "pinned-public-key"
#define KEY_ALLOW_INSECURE_HTTP "allow-insecure-http"
#define KEY_KIOSK "kiosk"
#define KEY_ADMIN_PIN_HASH "admin-pin-hash"
#define KEY_IDLE_SECONDS "idle-seconds"
#define KEY_LANGUAGE "language"

static const char * const known_keys[] = {
  KEY_SERVER_URL, KEY_TERMINAL_ID, KEY_CREDENTIAL, KEY_TERMINAL_NAME, KEY_CA_FILE,
  KEY_PINNED_PUBLIC_KEY, KEY_ALLOW_INSECURE_HTTP, KEY_KIOSK, KEY_ADMIN_PIN_HASH,
  KEY_IDLE_SECONDS, KEY_LANGUAGE, NULL
};

/* The file is a few lines written by an administrator; anything much larger is not it. */
#define MAX_FILE_SIZE (64 * 1024)
/* A CA bundle (Debian's whole store is about 200 KiB). */
#define MAX_CA_FILE_SIZE (1024 * 1024)
/* The seat's name, as the server allows it (docs/protocol.md, "Enrolment"). */
#define MAX_TERMINAL_NAME_CHARS 200

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
  g_clear_pointer (&config->terminal_name, g_free);
  g_clear_pointer (&config->ca_file, g_free);
  g_clear_pointer (&config->pinned_public_key, g_free);
  g_clear_pointer (&config->admin_pin_hash, g_free);
  g_clear_pointer (&config->language, g_free);
  config->allow_insecure_http = FALSE;
  config->kiosk = FALSE;
  config->idle_seconds = 0;
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

/* The number (from 1) of the line of [terminal] that sets @key — the last one, which is
 * the one GKeyFile keeps —, or 0 when none does. */
static guint
key_line (const char *contents,
          gsize       length,
          const char *key)
{
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  gboolean in_group = FALSE;
  guint found = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      const char *equals;

      if (line[0] == '[')
        {
          in_group = g_str_equal (line, "[" GROUP "]");
          continue;
        }
      if (!in_group || line[0] == '#' || (equals = strchr (line, '=')) == NULL)
        continue;
      while (equals > line && g_ascii_isspace (equals[-1]))
        equals--;
      if ((gsize) (equals - line) == strlen (key) && strncmp (line, key, equals - line) == 0)
        found = i + 1;
    }
  /* The lines held the file's text, credential included. */
  for (guint i = 0; lines[i] != NULL; i++)
    explicit_bzero (lines[i], strlen (lines[i]));
  (void) length;
  return found;
}

/* The first line GKeyFile cannot read (not UTF-8; not blank, a comment, a [group] or a
 * key=value; a key before any group; a group header not closed), or 0. */
static guint
bad_syntax_line (const char *contents)
{
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  gboolean in_group = FALSE;
  guint found = 0;

  for (guint i = 0; lines[i] != NULL && found == 0; i++)
    {
      char *line = lines[i];

      if (!g_utf8_validate (line, -1, NULL))
        found = i + 1;
      else if ((line = g_strstrip (line))[0] == '\0' || line[0] == '#')
        continue;
      else if (line[0] == '[')
        {
          if (!g_str_has_suffix (line, "]") || strlen (line) < 3)
            found = i + 1;
          in_group = TRUE;
        }
      else if (strchr (line, '=') == NULL || line[0] == '=' || !in_group)
        found = i + 1;
    }
  for (guint i = 0; lines[i] != NULL; i++)
    explicit_bzero (lines[i], strlen (lines[i]));
  return found;
}

/* The first key of [terminal] that is not one of known_keys, or NULL. */
static char *
find_unknown_key (const char *contents)
{
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  gboolean in_group = FALSE;
  char *found = NULL;

  for (guint i = 0; lines[i] != NULL && found == NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *equals;

      if (line[0] == '[')
        in_group = g_str_equal (line, "[" GROUP "]");
      else if (in_group && line[0] != '#' && (equals = strchr (line, '=')) != NULL)
        {
          *equals = '\0';
          g_strchomp (line);
          if (!g_strv_contains (known_keys, line))
            found = g_strdup (line);
        }
    }
  for (guint i = 0; lines[i] != NULL; i++)
    explicit_bzero (lines[i], strlen (lines[i]));
  return found;
}

/* Sets @error to "FILE:LINE: KEY: PROBLEM" (the form compilers use, which an
 * administrator's editor can jump to); the line is left out when no line sets @key. */
static gboolean
bad_key (const char  *display,
         const char  *contents,
         gsize        length,
         const char  *key,
         const char  *problem,
         GError     **error)
{
  guint line = key_line (contents, length, key);

  if (line > 0)
    g_set_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_INVALID,
                 "%s:%u: %s: %s", display, line, key, problem);
  else
    g_set_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_INVALID,
                 "%s: %s: %s", display, key, problem);
  return FALSE;
}

/* Whether @text holds no control characters (and no line breaks). */
static gboolean
is_plain_text (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        return FALSE;
    }
  return TRUE;
}

/* "sha256//BASE64", the SHA-256 (32 bytes) of the server's public key: libcurl's
 * CURLOPT_PINNEDPUBLICKEY form, and one key only (the sync engine takes exactly one). */
static gboolean
is_pinned_public_key (const char *value)
{
  return g_str_has_prefix (value, "sha256//") &&
         plenum_http_pinned_public_key_base64 (value) != NULL;
}

/* A yescrypt hash as crypt(3) writes it: "$y$PARAMS$SALT$HASH". */
static gboolean
is_admin_pin_hash (const char *value)
{
  g_auto(GStrv) parts = NULL;

  if (!g_str_has_prefix (value, "$y$") || crypt_checksalt (value) != CRYPT_SALT_OK)
    return FALSE;
  parts = g_strsplit (value, "$", -1);
  /* "", "y", params, salt, hash */
  return g_strv_length (parts) == 5 && parts[2][0] != '\0' && parts[3][0] != '\0' &&
         strlen (parts[4]) == 43;
}

/* A loopback host (as the HTTP client decides it: 127.0.0.0/8, ::1, "localhost"). */
static gboolean
is_loopback_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* A boolean key as GKeyFile reads it ("true"/"false", "1"/"0"). FALSE when it is set
 * and is not one. */
static gboolean
get_boolean (GKeyFile   *key_file,
             const char *key,
             gboolean   *value)
{
  g_autofree char *text = NULL;

  *value = FALSE;
  if (!get_value (key_file, key, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (g_str_equal (text, "true") || g_str_equal (text, "1"))
    *value = TRUE;
  else if (!g_str_equal (text, "false") && !g_str_equal (text, "0"))
    return FALSE;
  return TRUE;
}

/* Reads at most @max bytes of the regular file @path into *@contents (NUL-terminated),
 * or one more when it is larger, so that the caller can refuse it. Not
 * g_file_get_contents(): ca-file may name anything, and /dev/zero would fill the
 * memory, a FIFO or /dev/stdin block the start of the kiosk (fuzzing found the first). */
static gboolean
read_regular_file (const char  *path,
                   gsize        max,
                   char       **contents,
                   gsize       *length)
{
  g_autofree char *buffer = NULL;
  struct stat st;
  gsize filled = 0;
  int fd;

  /* O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below. */
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    {
      g_debug ("%s: %s", path, g_strerror (errno));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_debug ("%s: not a regular file", path);
      close (fd);
      return FALSE;
    }
  buffer = g_malloc (max + 2);
  while (filled < max + 1)
    {
      ssize_t n = read (fd, buffer + filled, max + 1 - filled);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_debug ("%s: %s", path, g_strerror (errno));
          close (fd);
          return FALSE;
        }
      if (n == 0)
        break;
      filled += (gsize) n;
    }
  close (fd);
  buffer[filled] = '\0';
  *contents = g_steal_pointer (&buffer);
  *length = filled;
  return TRUE;
}

static gboolean
check_ca_file (const char  *path,
               char       **problem)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_path_is_absolute (path))
    {
      *problem = g_strdup (_("It must be the full path of a file, starting with “/”."));
      return FALSE;
    }
  if (!read_regular_file (path, MAX_CA_FILE_SIZE, &contents, &length))
    {
      *problem = g_strdup (_("That file cannot be read."));
      return FALSE;
    }
  if (length > MAX_CA_FILE_SIZE || memchr (contents, '\0', length) != NULL ||
      strstr (contents, "-----BEGIN CERTIFICATE-----") == NULL)
    {
      *problem = g_strdup (_("That file does not hold certificates in PEM form (“-----BEGIN CERTIFICATE-----”)."));
      return FALSE;
    }
  return TRUE;
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
  g_autofree char *idle = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *problem = NULL;
  gsize length = 0;
  gboolean ok;

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

  if (length > MAX_FILE_SIZE || memchr (contents, '\0', length) != NULL ||
      !g_key_file_load_from_data (key_file, contents, length, G_KEY_FILE_NONE, &local_error))
    {
      guint line = length > MAX_FILE_SIZE || memchr (contents, '\0', length) != NULL
                   ? 0 : bad_syntax_line (contents);

      if (line > 0)
        g_set_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_INVALID,
                     "%s:%u: %s", display, line,
                     _("This line is not a “key=value”, a “[group]” or a “# comment”, so the file was ignored."));
      else
        g_set_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_INVALID,
                     /* Translators: %s is the path of the terminal configuration file. */
                     _("The terminal configuration %s is not written correctly, so it was ignored. Ask the secretariat to check it."),
                     display);
      if (local_error != NULL)
        g_debug ("%s: %s", display, local_error->message);
      explicit_bzero (contents, length);
      return FALSE;
    }

  /* The file may hold the credential: no copy of it is left behind, whatever the
   * outcome (bad_key() reads it for line numbers until then). */
  ok = FALSE;

  /* Read from the text, not GKeyFile's list of keys, which leaves out localised keys
   * ("terminal-name[vi]") that this file does not have either. */
  unknown = find_unknown_key (contents);
  if (unknown != NULL)
    {
      bad_key (display, contents, length, unknown,
               _("This is not a setting of a terminal (is it misspelt?)."), error);
      goto out;
    }

  if (!get_value (key_file, KEY_SERVER_URL, &config->server_url) ||
      !get_value (key_file, KEY_TERMINAL_ID, &config->terminal_id) ||
      !get_value (key_file, KEY_CREDENTIAL, &config->credential) ||
      !get_value (key_file, KEY_TERMINAL_NAME, &config->terminal_name) ||
      !get_value (key_file, KEY_CA_FILE, &config->ca_file) ||
      !get_value (key_file, KEY_PINNED_PUBLIC_KEY, &config->pinned_public_key) ||
      !get_value (key_file, KEY_ADMIN_PIN_HASH, &config->admin_pin_hash) ||
      !get_value (key_file, KEY_IDLE_SECONDS, &idle) ||
      !get_value (key_file, KEY_LANGUAGE, &config->language))
    {
      g_set_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_INVALID,
                   _("The terminal configuration %s is not written correctly, so it was ignored. Ask the secretariat to check it."),
                   display);
      goto out;
    }

  if (config->server_url != NULL &&
      !plenum_terminal_config_check_url (config->server_url, &local_error))
    {
      bad_key (display, contents, length, KEY_SERVER_URL, local_error->message, error);
      goto out;
    }
  if (config->terminal_id != NULL && !plenum_is_uuid (config->terminal_id))
    {
      bad_key (display, contents, length, KEY_TERMINAL_ID,
               _("It must be the terminal id the server answered the enrolment with."), error);
      goto out;
    }
  if (config->credential != NULL && !plenum_is_sha256_hex (config->credential))
    {
      bad_key (display, contents, length, KEY_CREDENTIAL,
               _("It must be the 64 letters and digits the server answered the enrolment with."),
               error);
      goto out;
    }
  if ((config->terminal_id == NULL) != (config->credential == NULL))
    {
      bad_key (display, contents, length,
               /* the missing one */
               config->terminal_id == NULL ? KEY_TERMINAL_ID : KEY_CREDENTIAL,
               _("A terminal id and a credential are written together, or neither."), error);
      goto out;
    }
  if (config->terminal_name != NULL &&
      (!is_plain_text (config->terminal_name) ||
       g_utf8_strlen (config->terminal_name, -1) > MAX_TERMINAL_NAME_CHARS))
    {
      bad_key (display, contents, length, KEY_TERMINAL_NAME,
               _("It must be a name of at most 200 characters on one line."), error);
      goto out;
    }
  if (config->ca_file != NULL && !check_ca_file (config->ca_file, &problem))
    {
      bad_key (display, contents, length, KEY_CA_FILE, problem, error);
      goto out;
    }
  if (config->pinned_public_key != NULL && !is_pinned_public_key (config->pinned_public_key))
    {
      bad_key (display, contents, length, KEY_PINNED_PUBLIC_KEY,
               _("It must be “sha256//” followed by the 44 characters of the server key’s hash in base64."),
               error);
      goto out;
    }
  if (!get_boolean (key_file, KEY_ALLOW_INSECURE_HTTP, &config->allow_insecure_http))
    {
      bad_key (display, contents, length, KEY_ALLOW_INSECURE_HTTP,
               _("It must be “true” or “false”."), error);
      goto out;
    }
  if (!get_boolean (key_file, KEY_KIOSK, &config->kiosk))
    {
      bad_key (display, contents, length, KEY_KIOSK, _("It must be “true” or “false”."), error);
      goto out;
    }
  if (config->admin_pin_hash != NULL && !is_admin_pin_hash (config->admin_pin_hash))
    {
      bad_key (display, contents, length, KEY_ADMIN_PIN_HASH,
               _("It must be a yescrypt hash (“$y$…”) as “plenumctl terminal-config --admin-pin-stdin” writes it."),
               error);
      goto out;
    }
  if (idle != NULL)
    {
      guint64 seconds = 0;

      if (!g_ascii_string_to_unsigned (idle, 10, PLENUM_TERMINAL_CONFIG_MIN_IDLE_SECONDS,
                                       PLENUM_TERMINAL_CONFIG_MAX_IDLE_SECONDS, &seconds, NULL))
        {
          /* Translators: the two numbers are the smallest and largest idle times. */
          g_autofree char *text = g_strdup_printf (_("It must be a whole number of seconds from %u to %u."),
                                                   (guint) PLENUM_TERMINAL_CONFIG_MIN_IDLE_SECONDS,
                                                   (guint) PLENUM_TERMINAL_CONFIG_MAX_IDLE_SECONDS);

          bad_key (display, contents, length, KEY_IDLE_SECONDS, text, error);
          goto out;
        }
      config->idle_seconds = (guint) seconds;
    }
  if (config->language != NULL &&
      !g_str_equal (config->language, "vi") && !g_str_equal (config->language, "nb") &&
      !g_str_equal (config->language, "en"))
    {
      bad_key (display, contents, length, KEY_LANGUAGE,
               _("It must be “vi” (Vietnamese), “nb” (Norwegian Bokmål) or “en” (English)."),
               error);
      goto out;
    }
  /* Checked here too, not only by the HTTP client, so that the administrator hears of
   * it with the line to change instead of finding a terminal that never connects. */
  if (config->server_url != NULL && g_str_has_prefix (config->server_url, "http://") &&
      !config->allow_insecure_http && !is_loopback_url (config->server_url))
    {
      bad_key (display, contents, length, KEY_SERVER_URL,
               _("Plain http:// is only for this computer itself: use https://, or add “allow-insecure-http=true” for a test room."),
               error);
      goto out;
    }
  if (config->kiosk && config->admin_pin_hash == NULL)
    {
      bad_key (display, contents, length, KEY_KIOSK,
               _("A kiosk needs “admin-pin-hash”, the administrator PIN that lets it be left."),
               error);
      goto out;
    }
  ok = TRUE;

out:
  explicit_bzero (contents, length);
  return ok;
}

gboolean
plenum_terminal_config_load (const char            *path,
                             PlenumTerminalConfig  *config,
                             GError               **error)
{
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (config != NULL && config->server_url == NULL &&
                        config->terminal_id == NULL && config->credential == NULL &&
                        config->terminal_name == NULL && config->admin_pin_hash == NULL, FALSE);

  display = g_filename_display_name (path);
  if (!load (path, display, config, error))
    {
      plenum_terminal_config_clear (config);
      return FALSE;
    }
  return TRUE;
}

gboolean
plenum_terminal_config_check_kiosk (const char                 *path,
                                    const PlenumTerminalConfig *config,
                                    GError                    **error)
{
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  if (config->admin_pin_hash != NULL)
    return TRUE;
  display = g_filename_display_name (path);
  g_set_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_INVALID,
               "%s: %s: %s", display, KEY_ADMIN_PIN_HASH,
               _("A kiosk needs the administrator PIN that lets it be left: write “admin-pin-hash” (plenumctl terminal-config --admin-pin-stdin)."));
  return FALSE;
}

gboolean
plenum_terminal_config_check_admin_pin (const char *admin_pin_hash,
                                        const char *pin)
{
  g_autofree struct crypt_data *data = NULL;
  const char *hash;
  gsize length;
  gboolean match;

  g_return_val_if_fail (pin != NULL, FALSE);

  if (admin_pin_hash == NULL || !plenum_is_pin (pin))
    return FALSE;
  data = g_new0 (struct crypt_data, 1);
  hash = crypt_rn (pin, admin_pin_hash, data, sizeof *data);
  length = strlen (admin_pin_hash);
  match = hash != NULL && hash[0] == '$' && strlen (hash) == length &&
          CRYPTO_memcmp (hash, admin_pin_hash, length) == 0;
  explicit_bzero (data, sizeof *data);
  return match;
}

gboolean
plenum_terminal_config_says_kiosk (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = 0;
  gboolean in_group = FALSE;
  gboolean kiosk = FALSE;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  /* Line by line, as GKeyFile would read the one key, whatever else is wrong. */
  lines = g_strsplit (contents, "\n", -1);
  explicit_bzero (contents, length);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *equals;

      if (line[0] == '[')
        in_group = g_str_equal (line, "[" GROUP "]");
      else if (in_group && (equals = strchr (line, '=')) != NULL)
        {
          *equals = '\0';
          if (g_str_equal (g_strchomp (line), KEY_KIOSK))
            {
              char *value = g_strstrip (equals + 1);

              kiosk = g_str_equal (value, "true") || g_str_equal (value, "1");
            }
        }
    }
  for (guint i = 0; lines[i] != NULL; i++)
    explicit_bzero (lines[i], strlen (lines[i]));
  return kiosk;
}
