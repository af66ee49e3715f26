/* fuzz-terminal-config.c — the terminal configuration reader
 * (app/gui/plenum-terminal-config.c) with the input as the whole file.
 *
 * Besides "no crash, no leak, no critical": a refused file leaves every field empty, and
 * an accepted one holds only what plenum-terminal-config.h promises (an id only with a
 * credential, idle seconds in range, a known language, a server address that passes
 * plenum_terminal_config_check_url()).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

#include "gui/plenum-terminal-config.h"

static char *config_path;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_logging (FALSE);
  config_path = g_build_filename (fuzz_scratch_dir (), "terminal.conf", NULL);
  return 0;
}

static gboolean
is_empty (const PlenumTerminalConfig *config)
{
  return config->server_url == NULL && config->terminal_id == NULL &&
         config->credential == NULL && config->terminal_name == NULL &&
         config->ca_file == NULL && config->pinned_public_key == NULL &&
         !config->allow_insecure_http && !config->kiosk && config->admin_pin_hash == NULL &&
         config->idle_seconds == 0 && config->language == NULL;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_auto(PlenumTerminalConfig) config = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean says_kiosk;

  fuzz_write_file (config_path, data, size);
  says_kiosk = plenum_terminal_config_says_kiosk (config_path);
  if (!plenum_terminal_config_load (config_path, &config, &error))
    {
      fuzz_check (error != NULL && error->domain == PLENUM_TERMINAL_CONFIG_ERROR,
                  "refused without a PLENUM_TERMINAL_CONFIG_ERROR");
      fuzz_check (is_empty (&config), "a refused file left fields set");
      return 0;
    }
  fuzz_check (error == NULL, "read, with an error");

  fuzz_check ((config.terminal_id == NULL) == (config.credential == NULL),
              "terminal-id and credential: one without the other");
  fuzz_check (config.idle_seconds == 0 ||
              (config.idle_seconds >= PLENUM_TERMINAL_CONFIG_MIN_IDLE_SECONDS &&
               config.idle_seconds <= PLENUM_TERMINAL_CONFIG_MAX_IDLE_SECONDS),
              "idle-seconds %u", config.idle_seconds);
  fuzz_check (config.language == NULL || g_str_equal (config.language, "vi") ||
              g_str_equal (config.language, "nb") || g_str_equal (config.language, "en"),
              "language %s", config.language);
  fuzz_check (config.server_url == NULL ||
              plenum_terminal_config_check_url (config.server_url, NULL),
              "server-url %s", config.server_url);
  fuzz_check (config.terminal_name == NULL || g_utf8_validate (config.terminal_name, -1, NULL),
              "terminal-name is not UTF-8");
  /* An accepted file that says kiosk=true is a kiosk to both readers. */
  fuzz_check (!config.kiosk || says_kiosk, "kiosk=true read, but says_kiosk() disagrees");
  if (config.kiosk || !says_kiosk)
    {
      g_autoptr(GError) kiosk_error = NULL;

      if (!plenum_terminal_config_check_kiosk (config_path, &config, &kiosk_error))
        fuzz_check (kiosk_error != NULL, "check_kiosk: FALSE without an error");
    }
  return 0;
}
