/* test-terminal-config.c — the terminal configuration file (issue #9): every key good
 * and bad, the line named in each error, the administrator PIN hash, and the file
 * `plenumctl terminal-config` writes (with and without --enrol, against a real server).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <crypt.h>
#include <string.h>
#include <sys/stat.h>

#include <libsoup/soup.h>

#include "core/plenum-core.h"
#include "gui/plenum-terminal-config.h"
#include "plenum-test-ctl.h"
#include "plenum-test-server.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define TERMINAL_ID "0b6f3c52-9a1e-4d7b-8c2f-5e4a3b2c1d0e"
#define CREDENTIAL "5f0c1e9a7b3d2c4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e"
#define PIN_HASH_OF_1234 "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
/* The demo's secretary and room (server/plenum-demo.c). */
#define SECRETARY "ly.thi.hong"
#define SECRETARY_PIN "999999"
#define ROOM "Phòng họp số 1"

static PlenumTestTls *tls;
static char *admin_hash;  /* yescrypt of "2468" */

static char *
write_file (const char *name,
            const char *contents)
{
  g_autofree char *dir = plenum_test_mkdtemp ("conf");
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
yescrypt (const char *pin)
{
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  struct crypt_data *data = g_new0 (struct crypt_data, 1);
  char *hash;

  g_assert_nonnull (crypt_gensalt_rn ("$y$", 0, NULL, 0, setting, sizeof setting));
  hash = g_strdup (crypt_rn (pin, setting, data, sizeof *data));
  g_free (data);
  g_assert_true (g_str_has_prefix (hash, "$y$"));
  return hash;
}

/* Every key, good: what the reader gives back. */
static void
test_good (void)
{
  g_autofree char *contents =
    g_strdup_printf ("# provisioned by the office\n"
                     "[terminal]\n"
                     "server-url=https://office.example:8443\n"
                     "terminal-name = Ghế 05 \n"
                     "terminal-id=" TERMINAL_ID "\n"
                     "credential=" CREDENTIAL "\n"
                     "ca-file=%s\n"
                     "pinned-public-key=%s\n"
                     "allow-insecure-http=false\n"
                     "kiosk=true\n"
                     "admin-pin-hash=%s\n"
                     "idle-seconds=120\n"
                     "language=vi\n",
                     tls->ca_file, tls->pin, admin_hash);
  g_autofree char *path = write_file ("terminal.conf", contents);
  g_auto(PlenumTerminalConfig) config = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (plenum_terminal_config_load (path, &config, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config.server_url, ==, "https://office.example:8443");
  g_assert_cmpstr (config.terminal_name, ==, "Ghế 05");
  g_assert_cmpstr (config.terminal_id, ==, TERMINAL_ID);
  g_assert_cmpstr (config.credential, ==, CREDENTIAL);
  g_assert_cmpstr (config.ca_file, ==, tls->ca_file);
  g_assert_cmpstr (config.pinned_public_key, ==, tls->pin);
  g_assert_false (config.allow_insecure_http);
  g_assert_true (config.kiosk);
  g_assert_cmpstr (config.admin_pin_hash, ==, admin_hash);
  g_assert_cmpuint (config.idle_seconds, ==, 120);
  g_assert_cmpstr (config.language, ==, "vi");
  g_assert_true (plenum_terminal_config_check_kiosk (path, &config, &error));
  g_assert_no_error (error);

  /* Defaults: nothing set. */
  {
    g_autofree char *empty = write_file ("terminal.conf", "[terminal]\n");
    g_auto(PlenumTerminalConfig) none = { 0 };

    g_assert_true (plenum_terminal_config_load (empty, &none, &error));
    g_assert_false (none.kiosk);
    g_assert_false (none.allow_insecure_http);
    g_assert_cmpuint (none.idle_seconds, ==, 0);
    g_assert_null (none.language);
    g_assert_null (none.terminal_name);
    /* --kiosk with this file: no administrator PIN, no kiosk. */
    g_assert_false (plenum_terminal_config_check_kiosk (empty, &none, &error));
    g_assert_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "admin-pin-hash"));
    g_clear_error (&error);
  }

  /* A lab: plain http:// to a LAN address, allowed; the other spellings of booleans. */
  {
    g_autofree char *lab = write_file ("terminal.conf",
                                       "[terminal]\nserver-url=http://192.168.1.10:8080\n"
                                       "allow-insecure-http=1\nkiosk=0\nlanguage=nb\n"
                                       "idle-seconds=30\n");
    g_auto(PlenumTerminalConfig) lab_config = { 0 };

    g_assert_true (plenum_terminal_config_load (lab, &lab_config, &error));
    g_assert_no_error (error);
    g_assert_true (lab_config.allow_insecure_http);
    g_assert_false (lab_config.kiosk);
    g_assert_cmpstr (lab_config.language, ==, "nb");
    g_assert_cmpuint (lab_config.idle_seconds, ==, 30);
  }
}

/* Every key, bad: refused, every field NULL, and the message is FILE:LINE: KEY: …. */
static void
test_bad (void)
{
  g_autofree char *not_pem = write_file ("not-a-ca.pem", "hello\n");
  struct {
    const char *line;   /* the line under test, written as line 3 */
    const char *key;    /* named in the message (NULL: a syntax error) */
  } cases[] = {
    { "server-url=ftp://office.example", "server-url" },
    { "server-url=http://office.example", "server-url" },        /* not loopback, not allowed */
    { "terminal-name=Ghế\t05", "terminal-name" },
    { "terminal-name=" "0123456789012345678901234567890123456789012345678901234567890123456789"
      "0123456789012345678901234567890123456789012345678901234567890123456789"
      "0123456789012345678901234567890123456789012345678901234567890123456789", "terminal-name" },
    { "ca-file=relative/ca.pem", "ca-file" },
    { "ca-file=/nonexistent/plenum/ca.pem", "ca-file" },
    { "ca-file=NOT_PEM", "ca-file" },
    { "pinned-public-key=sha1//AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "pinned-public-key" },
    { "pinned-public-key=sha256//AAAA", "pinned-public-key" },
    { "pinned-public-key=sha256//!!!AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "pinned-public-key" },
    { "allow-insecure-http=yes", "allow-insecure-http" },
    { "kiosk=maybe", "kiosk" },
    { "kiosk=true", "kiosk" },                                   /* no admin-pin-hash */
    { "admin-pin-hash=2468", "admin-pin-hash" },
    { "admin-pin-hash=$6$salt$abcdefghijklmnop", "admin-pin-hash" },
    { "admin-pin-hash=$y$j9T$$", "admin-pin-hash" },
    { "idle-seconds=29", "idle-seconds" },
    { "idle-seconds=86401", "idle-seconds" },
    { "idle-seconds=5 minutes", "idle-seconds" },
    { "idle-seconds=-60", "idle-seconds" },
    { "language=fr", "language" },
    { "language=VI", "language" },
    { "idle-second=300", "idle-second" },                       /* misspelt */
    { "terminal-name[vi]=Ghế 05", "terminal-name[vi]" },
    { "terminal-id=seat-5", "terminal-id" },
    { "this line is not a setting", NULL },
    { "[terminal", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *line = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *path = NULL;
      g_autofree char *prefix = NULL;
      g_auto(PlenumTerminalConfig) config = { 0 };
      g_autoptr(GError) error = NULL;
      GString *replaced = g_string_new (cases[i].line);

      g_string_replace (replaced, "NOT_PEM", not_pem, 0);
      line = g_string_free (replaced, FALSE);
      /* The line under test is line 3. */
      contents = g_strdup_printf ("# seat 5\n[terminal]\n%s\n# end\n",
                                  line);
      path = write_file ("terminal.conf", contents);

      g_assert_false (plenum_terminal_config_load (path, &config, &error));
      g_test_message ("case %u: %s", i, error->message);
      g_assert_error (error, PLENUM_TERMINAL_CONFIG_ERROR, PLENUM_TERMINAL_CONFIG_ERROR_INVALID);
      if (cases[i].key != NULL)
        prefix = g_strdup_printf ("%s:3: %s: ", path, cases[i].key);
      else
        prefix = g_strdup_printf ("%s:3: ", path);
      if (!g_str_has_prefix (error->message, prefix))
        g_error ("case %u: “%s” does not start with “%s”", i, error->message, prefix);
      /* A problem is said after the key. */
      g_assert_cmpuint (strlen (error->message), >, strlen (prefix) + 10);
      g_assert_null (config.server_url);
      g_assert_null (config.terminal_name);
      g_assert_null (config.admin_pin_hash);
      g_assert_null (config.language);
      g_assert_false (config.kiosk);
      g_assert_cmpuint (config.idle_seconds, ==, 0);
    }

  /* The line is the one that sets the key, wherever it is; the credential never shows. */
  {
    g_autofree char *path = write_file ("terminal.conf",
                                        "[other]\nlanguage=fr\n\n[terminal]\n# seat\n"
                                        "terminal-id=" TERMINAL_ID "\ncredential=" CREDENTIAL "\n"
                                        "\n  language = de \n");
    g_autofree char *prefix = g_strdup_printf ("%s:9: language: ", path);
    g_auto(PlenumTerminalConfig) config = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_false (plenum_terminal_config_load (path, &config, &error));
    g_assert_true (g_str_has_prefix (error->message, prefix));
    g_assert_null (strstr (error->message, CREDENTIAL));
    g_assert_null (config.credential);
  }
}

static void
test_admin_pin (void)
{
  g_assert_true (plenum_terminal_config_check_admin_pin (admin_hash, "2468"));
  g_assert_false (plenum_terminal_config_check_admin_pin (admin_hash, "2469"));
  g_assert_false (plenum_terminal_config_check_admin_pin (admin_hash, "246"));
  g_assert_false (plenum_terminal_config_check_admin_pin (admin_hash, ""));
  g_assert_false (plenum_terminal_config_check_admin_pin (NULL, "2468"));
}

/* plenumctl terminal-config */

typedef PlenumTestCtlRun Run;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, plenum_test_ctl_run_clear)

/* Runs plenumctl with @args (NULL-terminated), @config as XDG_CONFIG_HOME and @input on
 * stdin, to its end. */
static void
run_ctl (Run                *run,
         const char         *config,
         const char         *input,
         const char * const *args)
{
  plenum_test_ctl_run (run, config, NULL, input, args);
}

static void
assert_mode_0640 (const char *path)
{
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
}

static void
test_ctl_write (void)
{
  g_autofree char *config_home = plenum_test_mkdtemp ("xdg");
  g_autofree char *dir = plenum_test_mkdtemp ("out");
  g_autofree char *output = g_build_filename (dir, "terminal.conf", NULL);
  const char *args[] = { "--server", "https://office.example:8443/", "terminal-config",
                         "--output", output, "--terminal-name", "Ghế 05", "--ca-file", tls->ca_file,
                         "--pinned-public-key", tls->pin, "--kiosk", "--admin-pin-stdin",
                         "--idle-seconds", "90", "--language", "vi", NULL };
  g_auto(Run) run;
  g_auto(PlenumTerminalConfig) config = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  /* An old file is replaced whole. */
  g_file_set_contents (output, "[terminal]\nlanguage=fr\n", -1, &error);
  g_assert_no_error (error);

  run_ctl (&run, config_home, "13579\n", args);
  g_assert_cmpint (run.status, ==, 0);
  assert_mode_0640 (output);

  /* What plenum reads back from it. */
  g_assert_true (plenum_terminal_config_load (output, &config, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config.server_url, ==, "https://office.example:8443");
  g_assert_cmpstr (config.terminal_name, ==, "Ghế 05");
  g_assert_cmpstr (config.ca_file, ==, tls->ca_file);
  g_assert_cmpstr (config.pinned_public_key, ==, tls->pin);
  g_assert_true (config.kiosk);
  g_assert_cmpuint (config.idle_seconds, ==, 90);
  g_assert_cmpstr (config.language, ==, "vi");
  g_assert_null (config.terminal_id);
  g_assert_true (g_str_has_prefix (config.admin_pin_hash, "$y$"));
  g_assert_true (plenum_terminal_config_check_admin_pin (config.admin_pin_hash, "13579"));
  g_assert_false (plenum_terminal_config_check_admin_pin (config.admin_pin_hash, "13578"));
  /* Never the PIN itself. */
  g_file_get_contents (output, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (contents, "13579"));

  /* Refusals leave the file as it was. */
  {
    const char *kiosk_without_pin[] = { "--server", "https://office.example", "terminal-config",
                                        "--output", output, "--kiosk", NULL };
    const char *insecure[] = { "--server", "http://office.example", "terminal-config",
                               "--output", output, NULL };
    const char *bad_idle[] = { "--server", "https://office.example", "terminal-config",
                               "--output", output, "--idle-seconds", "10", NULL };
    const char *bad_language[] = { "--server", "https://office.example", "terminal-config",
                                   "--output", output, "--language", "fr", NULL };
    const char *bad_pin[] = { "--server", "https://office.example", "terminal-config",
                              "--output", output, "--pinned-public-key", PIN_HASH_OF_1234 "x", NULL };
    const char *enrol_without_name[] = { "--server", "https://office.example", "terminal-config",
                                         "--output", output, "--enrol", ROOM, NULL };
    const char * const *refused[] = { kiosk_without_pin, insecure, bad_idle, bad_language, bad_pin,
                                      enrol_without_name };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_auto(Run) bad;
        g_autofree char *after = NULL;

        run_ctl (&bad, config_home, "13579\n", refused[i]);
        g_assert_cmpint (bad.status, ==, 1);
        g_assert_true (g_str_has_prefix (bad.err, "plenumctl: terminal-config"));
        g_file_get_contents (output, &after, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (after, ==, contents);
      }
  }

  /* A short PIN on stdin is refused. */
  {
    g_auto(Run) bad;

    run_ctl (&bad, config_home, "12\n", args);
    g_assert_cmpint (bad.status, ==, 1);
  }

  /* A lab. */
  {
    const char *lab[] = { "--server", "http://192.168.1.10:8080", "terminal-config",
                          "--output", output, "--allow-insecure-http", NULL };
    g_auto(Run) ok;
    g_auto(PlenumTerminalConfig) lab_config = { 0 };

    run_ctl (&ok, config_home, NULL, lab);
    g_assert_cmpint (ok.status, ==, 0);
    g_assert_true (plenum_terminal_config_load (output, &lab_config, &error));
    g_assert_no_error (error);
    g_assert_true (lab_config.allow_insecure_http);
    g_assert_false (lab_config.kiosk);
  }
}

/* --enrol: an enrolment made and redeemed; the file holds a working credential. */
static void
test_ctl_enrol (void)
{
  g_autofree char *config_home = plenum_test_mkdtemp ("xdg");
  g_autofree char *dir = plenum_test_mkdtemp ("out");
  g_autofree char *output = g_build_filename (dir, "terminal.conf", NULL);
  g_autoptr(GError) error = NULL;
  const char *url = plenum_test_demo_url ();

  {
    const char *args[] = { "--server", url, "sign-in", SECRETARY, NULL };
    g_auto(Run) run;

    run_ctl (&run, config_home, SECRETARY_PIN "\n", args);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    const char *args[] = { "--server", url, "--json", "terminal-config", "--output", output,
                           "--terminal-name", "Ghế 07", "--enrol", ROOM, NULL };
    g_auto(Run) run;
    g_auto(PlenumTerminalConfig) config = { 0 };
    g_autoptr(SoupSession) session = plenum_test_soup_session_new (NULL);
    g_autoptr(SoupMessage) message = NULL;
    g_autoptr(GBytes) body = NULL;
    g_autofree char *meetings_url = NULL;
    g_autofree char *authorization = NULL;

    run_ctl (&run, config_home, NULL, args);
    g_assert_cmpint (run.status, ==, 0);
    assert_mode_0640 (output);
    g_assert_true (plenum_terminal_config_load (output, &config, &error));
    g_assert_no_error (error);
    g_assert_true (plenum_is_uuid (config.terminal_id));
    g_assert_true (plenum_is_sha256_hex (config.credential));
    g_assert_cmpstr (config.terminal_name, ==, "Ghế 07");
    /* The output names the terminal, never its credential. */
    g_assert_nonnull (strstr (run.out, config.terminal_id));
    g_assert_null (strstr (run.out, config.credential));
    g_assert_null (strstr (run.err, config.credential));

    /* The credential works: the room's meetings, as a terminal. */
    meetings_url = g_strconcat (url, "/api/v1/meetings", NULL);
    message = soup_message_new ("GET", meetings_url);
    authorization = g_strconcat ("Terminal ", config.credential, NULL);
    soup_message_headers_append (soup_message_get_request_headers (message), "Authorization",
                                 authorization);
    body = soup_session_send_and_read (session, message, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);
  plenum_json_init ();
  tls = plenum_test_tls_new ();
  admin_hash = yescrypt ("2468");

  g_test_add_func ("/plenum/terminal-config/good", test_good);
  g_test_add_func ("/plenum/terminal-config/bad", test_bad);
  g_test_add_func ("/plenum/terminal-config/admin-pin", test_admin_pin);
  g_test_add_func ("/plenum/terminal-config/ctl-write", test_ctl_write);
  g_test_add_func ("/plenum/terminal-config/ctl-enrol", test_ctl_enrol);

  status = plenum_test_sync_run ();
  plenum_test_tls_free (tls);
  g_free (admin_hash);
  return status;
}
