/* test-ctl-language.c — plenumctl and plenum-server speak the user's language: the real
 * executables, run with LANGUAGE=vi or nb (LC_ALL=C.UTF-8 stays, as for every test) and
 * the translations meson compiled into the build folder, say the sentences of
 * po/vi.po and po/nb.po and not the English ones: --help, a usage error, a refusal of a
 * real server (a wrong PIN), and plenum-server --help. Without LANGUAGE they speak
 * English, with the server's own message beside plenumctl's sentence; and a report in
 * another language (record --lang) leaves plenumctl's own messages in the user's.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <gio/gio.h>

#include "plenum-test-ctl.h"
#include "plenum-test-server.h"
#include "plenum-test-util.h"

#define MEETING_ID    "6f1d8a52-3c47-4e0b-9a6e-2b5c7d190e43"  /* the demo's meeting */
#define SECRETARY     "ly.thi.hong"
#define SECRETARY_PIN "999999"

static PlenumTestServer *server;
/* The build folder's compiled translations (build/po), as an uninstalled plenumctl finds
 * them through PLENUM_LOCALEDIR_OVERRIDE (app/ctl/main.c). */
static char *locale_dir;

/* TRUE: run_in() starts its child with no locale in the environment (no LC_ALL, LANG…),
 * as on a terminal where none was configured. */
static gboolean without_locale;

/* Runs @binary @args with LANGUAGE=@language (NULL: unset) and @input on stdin, as
 * plenum_test_ctl_run() runs plenumctl: XDG_CONFIG_HOME @config (NULL: a new folder), the
 * test servers' CA, and the build's translations. */
static void
run_in (PlenumTestCtlRun   *run,
        const char         *binary,
        const char         *language,
        const char         *config,
        const char         *input,
        const char * const *args)
{
  g_autofree char *locale_override = g_strconcat ("PLENUM_LOCALEDIR_OVERRIDE=", locale_dir,
                                                  NULL);
  g_autofree char *language_env = language != NULL ? g_strconcat ("LANGUAGE=", language, NULL)
                                                   : g_strdup ("LANGUAGE");
  const char *with_locale[] = { locale_override, language_env, NULL };
  const char *no_locale[] = {
    locale_override, language_env, "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "LANG", NULL
  };

  plenum_test_ctl_run_program (run, binary, without_locale ? no_locale : with_locale, config,
                               NULL, input, args);
}

/* plenumctl [--server @url] @args, in @language. */
static void
run_ctl_in (PlenumTestCtlRun   *run,
            const char         *language,
            const char         *config,
            const char         *url,
            const char         *input,
            const char * const *args)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  if (url != NULL)
    {
      g_ptr_array_add (all, (gpointer) "--server");
      g_ptr_array_add (all, (gpointer) url);
    }
  for (gsize i = 0; args[i] != NULL; i++)
    g_ptr_array_add (all, (gpointer) args[i]);
  g_ptr_array_add (all, NULL);
  run_in (run, g_getenv ("PLENUMCTL"), language, config, input,
          (const char * const *) all->pdata);
}

static void
assert_contains (const char *text,
                 const char *wanted)
{
  if (strstr (text, wanted) == NULL)
    g_error ("“%s” is not in: %s", wanted, text);
}

static void
assert_lacks (const char *text,
              const char *unwanted)
{
  if (strstr (text, unwanted) != NULL)
    g_error ("“%s” should not be in: %s", unwanted, text);
}

static void
test_help (void)
{
  const char *help[] = { "--help", NULL };
  g_auto(PlenumTestCtlRun) vi = { 0 };
  g_auto(PlenumTestCtlRun) nb = { 0 };
  g_auto(PlenumTestCtlRun) en = { 0 };

  run_ctl_in (&vi, "vi", NULL, NULL, NULL, help);
  g_assert_cmpint (vi.status, ==, 0);
  assert_contains (vi.out, "Công cụ dòng lệnh của Văn phòng cho máy chủ Plenum.");
  assert_contains (vi.out, "5  chưa đăng nhập, hoặc phiên làm việc đã hết hạn");
  assert_lacks (vi.out, "The secretariat's command line");
  assert_lacks (vi.out, "Exit codes:");
  /* Commands and options are not translated. */
  assert_contains (vi.out, "  sign-in NAME ");
  assert_contains (vi.out, "--pinned-public-key sha256//BASE64");

  run_ctl_in (&nb, "nb", NULL, NULL, NULL, help);
  g_assert_cmpint (nb.status, ==, 0);
  assert_contains (nb.out, "Sekretariatets kommandolinje for en Plenum-server.");
  assert_contains (nb.out, "Avslutningskoder:");
  assert_lacks (nb.out, "Exit codes:");

  run_ctl_in (&en, NULL, NULL, NULL, NULL, help);
  g_assert_cmpint (en.status, ==, 0);
  assert_contains (en.out, "The secretariat's command line for a Plenum server.");
}

/* A command's own --help: its summary and its options' descriptions (GOption). */
static void
test_command_help (void)
{
  const char *help[] = { "publish", "--help", NULL };
  g_auto(PlenumTestCtlRun) vi = { 0 };

  run_ctl_in (&vi, "vi", NULL, NULL, NULL, help);
  g_assert_cmpint (vi.status, ==, 0);
  assert_contains (vi.out, "Phát hành thư mục tập tài liệu DIR");
  assert_contains (vi.out, "Mã tài khoản của chủ tọa, khi máy chủ không liệt kê tên đăng nhập");
  assert_contains (vi.out, "--chair-id");
  assert_lacks (vi.out, "Publishes the packet folder");
  assert_lacks (vi.out, "The chair's account id");
}

static void
test_usage_error (void)
{
  const char *status[] = { "status", NULL };
  const char *unknown[] = { "bogus", NULL };
  g_auto(PlenumTestCtlRun) vi = { 0 };
  g_auto(PlenumTestCtlRun) nb = { 0 };
  g_auto(PlenumTestCtlRun) unknown_nb = { 0 };

  run_ctl_in (&vi, "vi", NULL, NULL, NULL, status);
  g_assert_cmpint (vi.status, ==, 1);
  assert_contains (vi.err, "plenumctl: status: hãy cho một mã cuộc họp và một trong các trạng "
                           "thái scheduled, in_progress, closed");
  assert_lacks (vi.err, "give a meeting id");

  run_ctl_in (&nb, "nb", NULL, NULL, NULL, status);
  g_assert_cmpint (nb.status, ==, 1);
  assert_contains (nb.err, "status: oppgi en møte-ID og en av scheduled, in_progress, closed");
  assert_lacks (nb.err, "give a meeting id");

  run_ctl_in (&unknown_nb, "nb", NULL, NULL, NULL, unknown);
  g_assert_cmpint (unknown_nb.status, ==, 1);
  assert_contains (unknown_nb.err, "plenumctl: ukjent kommando «bogus» (se plenumctl --help)");
  assert_lacks (unknown_nb.err, "unknown command");
}

/* A wrong PIN: the server answers 401 wrong_credentials with an English message, and
 * plenumctl says its own sentence for the code. */
static void
test_refusal (void)
{
  const char *sign_in[] = { "sign-in", SECRETARY, NULL };
  const char *url = plenum_test_server_get_url (server);
  g_auto(PlenumTestCtlRun) vi = { 0 };
  g_auto(PlenumTestCtlRun) nb = { 0 };
  g_auto(PlenumTestCtlRun) en = { 0 };

  run_ctl_in (&vi, "vi", NULL, url, "1111\n", sign_in);
  g_assert_cmpint (vi.status, ==, 2);
  assert_contains (vi.err, "sign-in: Tên hoặc mã PIN không đúng. Hãy kiểm tra cả hai rồi thử lại.");
  assert_lacks (vi.err, "Wrong name or PIN");
  assert_lacks (vi.err, "The name or the PIN is not right");

  run_ctl_in (&nb, "nb", NULL, url, "1111\n", sign_in);
  g_assert_cmpint (nb.status, ==, 2);
  assert_contains (nb.err, "Navnet eller PIN-koden er feil. Kontroller begge og prøv igjen.");
  assert_lacks (nb.err, "Wrong name or PIN");
  assert_lacks (nb.err, "The name or the PIN is not right");

  /* In English the server's message (which names the specifics of other refusals)
   * stands beside the sentence. */
  run_ctl_in (&en, NULL, NULL, url, "1111\n", sign_in);
  g_assert_cmpint (en.status, ==, 2);
  assert_contains (en.err, "The name or the PIN is not right. Check both and try again.");
  assert_contains (en.err, "Wrong name or PIN.");
}

/* A refusal that goes through plenum_ctl_exit_for_error(): a meeting that is not there. */
static void
test_not_found (void)
{
  const char *sign_in[] = { "sign-in", SECRETARY, NULL };
  const char *show[] = { "meeting", "00000000-0000-4000-8000-000000000000", NULL };
  const char *url = plenum_test_server_get_url (server);
  g_autofree char *config = plenum_test_mkdtemp ("config");
  g_auto(PlenumTestCtlRun) signed_in = { 0 };
  g_auto(PlenumTestCtlRun) vi = { 0 };

  run_ctl_in (&signed_in, NULL, config, url, SECRETARY_PIN "\n", sign_in);
  g_assert_cmpint (signed_in.status, ==, 0);
  run_ctl_in (&vi, "vi", config, url, NULL, show);
  g_assert_cmpint (vi.status, ==, 2);
  assert_contains (vi.err, "meeting: Máy chủ không có cuộc họp, tài liệu, tài khoản hoặc thiết bị "
                           "đầu cuối này");
  assert_lacks (vi.err, "No such meeting");
}

/* record --lang en under LANGUAGE=vi: the report is English, and plenumctl's own words
 * after it are Vietnamese again (the report's language was put back). */
static void
test_report_language_restored (void)
{
  const char *sign_in[] = { "sign-in", SECRETARY, NULL };
  const char *url = plenum_test_server_get_url (server);
  g_autofree char *config = plenum_test_mkdtemp ("config");
  g_autofree char *folder = plenum_test_mkdtemp ("record");
  g_autofree char *output = g_build_filename (folder, "record.pdf", NULL);
  const char *record[] = { "record", MEETING_ID, "--format", "pdf", "--lang", "en",
                           "--output", output, NULL };
  g_auto(PlenumTestCtlRun) signed_in = { 0 };
  g_auto(PlenumTestCtlRun) vi = { 0 };
  g_autofree char *pdf = NULL;
  gsize size = 0;
  g_autoptr(GError) error = NULL;

  run_ctl_in (&signed_in, NULL, config, url, SECRETARY_PIN "\n", sign_in);
  g_assert_cmpint (signed_in.status, ==, 0);
  run_ctl_in (&vi, "vi", config, url, NULL, record);
  g_assert_cmpint (vi.status, ==, 0);
  assert_contains (vi.out, "Đã ghi biên bản cuộc họp " MEETING_ID " vào ");
  assert_lacks (vi.out, "Wrote the record");
  g_file_get_contents (output, &pdf, &size, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (size, >, 4);
  g_assert_true (memcmp (pdf, "%PDF", 4) == 0);
}

/* plenum-server --help with LANGUAGE=nb: GOption's frame comes from GLib's own
 * catalogue (present or not), the program's words from po/nb.po. */
static void
test_server_help (void)
{
  const char *help[] = { "--help", NULL };
  g_auto(PlenumTestCtlRun) nb = { 0 };

  run_in (&nb, g_getenv ("PLENUM_SERVER"), "nb", NULL, NULL, help);
  g_assert_cmpint (nb.status, ==, 0);
  assert_contains (nb.out, "— Plenums referanseserver");
  assert_contains (nb.out, "Port å lytte på (0: en hvilken som helst ledig port; standard 8080)");
  assert_contains (nb.out, "Lag datamappen (--data-dir, ny eller tom) fra sikkerhetskopien i DIR");
  assert_contains (nb.out, "--data-dir");
  assert_lacks (nb.out, "Port to listen on");
  assert_lacks (nb.out, "the Plenum reference server");
}

/* The client on a system with no locale configured (no LANG: the C locale) still
 * speaks the language LANGUAGE names (the terminal's configuration sets it): gettext
 * ignores LANGUAGE under "C", so the client takes C.UTF-8 there (app/main.c). */
static void
test_client_without_locale (void)
{
  const char *help[] = { "--help-all", NULL };
  g_auto(PlenumTestCtlRun) vi = { 0 };

  without_locale = TRUE;
  run_in (&vi, g_getenv ("PLENUM_CLIENT"), "vi", NULL, NULL, help);
  without_locale = FALSE;
  g_assert_cmpint (vi.status, ==, 0);
  assert_contains (vi.out, "Chạy toàn màn hình như thiết bị tại phòng họp");
  assert_lacks (vi.out, "Run full screen as a meeting-room terminal");
}

int
main (int   argc,
      char *argv[])
{
  const char *build_dir;
  const char *demo[] = { "--demo", NULL };
  int status;

  plenum_test_init (&argc, &argv);
  build_dir = g_getenv ("G_TEST_BUILDDIR");
  g_assert_nonnull (build_dir);
  locale_dir = g_build_filename (build_dir, "..", "po", NULL);
  for (gsize i = 0; i < 2; i++)
    {
      g_autofree char *catalogue = g_build_filename (locale_dir, i == 0 ? "vi" : "nb",
                                                     "LC_MESSAGES", "plenum.mo", NULL);

      if (!g_file_test (catalogue, G_FILE_TEST_IS_REGULAR))
        g_error ("%s is missing: build the translations (ninja) first", catalogue);
    }

  server = plenum_test_server_start (NULL, demo);

  g_test_add_func ("/plenum/ctl-language/help", test_help);
  g_test_add_func ("/plenum/ctl-language/command-help", test_command_help);
  g_test_add_func ("/plenum/ctl-language/usage-error", test_usage_error);
  g_test_add_func ("/plenum/ctl-language/refusal", test_refusal);
  g_test_add_func ("/plenum/ctl-language/not-found", test_not_found);
  g_test_add_func ("/plenum/ctl-language/report-language-restored",
                   test_report_language_restored);
  g_test_add_func ("/plenum/ctl-language/server-help", test_server_help);
  g_test_add_func ("/plenum/ctl-language/client-without-locale", test_client_without_locale);
  status = g_test_run ();

  plenum_test_server_stop (server);
  plenum_test_server_free (server);
  g_free (locale_dir);
  return status;
}
