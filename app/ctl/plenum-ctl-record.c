/* plenum-ctl-record.c — plenumctl's commands for the meeting record (JSON and a PDF report) and the audit log.
 *
 * `record` fetches GET /api/v1/meetings/{id}/record and writes it as indented JSON or as
 * the PDF report of plenum-ctl-report.c, to a file written atomically (a temporary file
 * in the same folder, synced, then renamed over the target), so that a file the office
 * keeps is never half written. `audit` pages through GET /api/v1/audit.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include "plenum-ctl.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "plenum-ctl-report.h"

#define AUDIT_PAGE 5000

/* ---- record -------------------------------------------------------------------------- */

/* Indented JSON of @node at @depth into @out. Scalars are printed by plenum_json_print(),
 * which keeps integers exact (cJSON's own printer does not). */
static void
append_pretty (GString     *out,
               const cJSON *node,
               guint        depth)
{
  gboolean object = cJSON_IsObject (node);
  const cJSON *child;
  gboolean first = TRUE;

  if (!object && !cJSON_IsArray (node))
    {
      g_autofree char *text = plenum_json_print (node);

      g_string_append (out, text);
      return;
    }
  if (node->child == NULL)
    {
      g_string_append (out, object ? "{}" : "[]");
      return;
    }
  g_string_append_c (out, object ? '{' : '[');
  cJSON_ArrayForEach (child, node)
    {
      g_string_append (out, first ? "\n" : ",\n");
      first = FALSE;
      for (guint i = 0; i <= depth; i++)
        g_string_append (out, "  ");
      if (object)
        {
          g_autoptr(cJSON) key = cJSON_CreateString (child->string);
          g_autofree char *key_text = plenum_json_print (key);

          g_string_append_printf (out, "%s: ", key_text);
        }
      append_pretty (out, child, depth + 1);
    }
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
  g_string_append_c (out, object ? '}' : ']');
}

/* The user's language, kept while the report is written in another one. */
typedef struct {
  char *language;   /* LANGUAGE, or NULL when it was unset */
  char *messages;   /* the LC_MESSAGES locale */
} SavedLanguage;

/* The report's words in @lang (NULL: the user's own): LANGUAGE is what gettext reads
 * first. plenumctl's own messages stay in the user's language: restore_language() puts
 * it back once the report is made. */
static void
choose_language (const char    *lang,
                 SavedLanguage *saved)
{
  const char *messages = setlocale (LC_MESSAGES, NULL);

  saved->language = g_strdup (g_getenv ("LANGUAGE"));
  saved->messages = g_strdup (messages);
  if (lang == NULL)
    return;
  g_setenv ("LANGUAGE", lang, TRUE);
  /* gettext ignores LANGUAGE in the C locale (a server's shell often runs in it); the
   * report asks for a language explicitly, so its messages get a UTF-8 locale that lets
   * LANGUAGE choose. */
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    setlocale (LC_MESSAGES, "C.UTF-8");
  /* gettext caches what it looked up: setting the domain again makes it look anew. */
  textdomain (GETTEXT_PACKAGE);
}

static void
restore_language (SavedLanguage *saved)
{
  if (saved->language != NULL)
    g_setenv ("LANGUAGE", saved->language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  if (saved->messages != NULL)
    setlocale (LC_MESSAGES, saved->messages);
  textdomain (GETTEXT_PACKAGE);
  g_clear_pointer (&saved->language, g_free);
  g_clear_pointer (&saved->messages, g_free);
}

/* Refuses an --output whose folder does not exist or that names a folder: before
 * anything is sent. */
static gboolean
check_output (const char *output)
{
  g_autofree char *folder = g_path_get_dirname (output);

  if (g_file_test (output, G_FILE_TEST_IS_DIR))
    {
      plenum_ctl_complain (_("record: --output %s: is a folder; give a file name"), output);
      return FALSE;
    }
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      plenum_ctl_complain (_("record: --output %s: the folder %s does not exist"), output, folder);
      return FALSE;
    }
  return TRUE;
}

int
plenum_ctl_record (PlenumCtl  *ctl,
                   int         argc,
                   char      **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("json (default) or pdf"), "FORMAT" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, N_("The PDF report's language: en or vi"), "LANG" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE (atomically)"), "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) record = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  gboolean pdf;
  int code;

  if (!plenum_ctl_parse_options ("MEETING_ID", _("Exports a meeting's record: attendance, agenda "
                                 "and documents, votes, speakers and opinion rounds — as JSON, "
                                 "or as a PDF report (--format pdf --output FILE)."),
                                 entries, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 2 || !plenum_is_uuid (argv[1]))
    {
      plenum_ctl_complain (_("record: give one meeting id (a lowercase UUID, see “plenumctl meetings”)"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (format != NULL && !g_str_equal (format, "json") && !g_str_equal (format, "pdf"))
    {
      plenum_ctl_complain (_("record: --format %s: give json or pdf"), format);
      return PLENUM_CTL_EXIT_USAGE;
    }
  pdf = format != NULL && g_str_equal (format, "pdf");
  if (lang != NULL && !g_str_equal (lang, "en") && !g_str_equal (lang, "vi"))
    {
      plenum_ctl_complain (_("record: --lang %s: give en or vi"), lang);
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (pdf && output == NULL)
    {
      plenum_ctl_complain (_("record: a PDF needs --output FILE (it is not written to a terminal)"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (output != NULL && !check_output (output))
    return PLENUM_CTL_EXIT_USAGE;

  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  path = g_strdup_printf ("/api/v1/meetings/%s/record", argv[1]);
  if (!plenum_ctl_request (ctl, "GET", path, NULL, &record, &error))
    return plenum_ctl_exit_for_error (ctl, "record", error);
  if (!cJSON_IsObject (cJSON_GetObjectItemCaseSensitive (record, "meeting")))
    {
      plenum_ctl_complain (_("record: the server's answer is not a meeting record"));
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }

  if (pdf)
    {
      SavedLanguage saved = { NULL, NULL };

      choose_language (lang, &saved);
      bytes = plenum_ctl_report_render (record, &error);
      restore_language (&saved);
      if (bytes == NULL)
        {
          plenum_ctl_complain (_("record: the PDF report could not be made: %s"), error->message);
          return PLENUM_CTL_EXIT_BAD_INPUT;
        }
    }
  else
    {
      GString *text = g_string_new (NULL);

      append_pretty (text, record, 0);
      g_string_append_c (text, '\n');
      bytes = g_string_free_to_bytes (text);
    }

  if (output == NULL)
    {
      fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout);
      return PLENUM_CTL_EXIT_OK;
    }
  /* CONSISTENT | DURABLE: a temporary file beside the target, fsync'd, renamed over it. */
  if (!g_file_set_contents_full (output, g_bytes_get_data (bytes, NULL),
                                 (gssize) g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &error))
    {
      plenum_ctl_complain (_("record: --output %s: %s"), output, error->message);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }
  if (ctl->json)
    {
      g_autoptr(cJSON) out = cJSON_CreateObject ();

      plenum_json_add_string (out, "meeting_id", argv[1]);
      plenum_json_add_string (out, "format", pdf ? "pdf" : "json");
      plenum_json_add_string (out, "output", output);
      plenum_json_add_int64 (out, "bytes", (gint64) g_bytes_get_size (bytes));
      plenum_ctl_print_json (out);
    }
  else
    /* Translators: a meeting's id, a file name and the file's size. */
    printf (_("Wrote the record of meeting %s to %s (%llu bytes).\n"), argv[1], output,
            (unsigned long long) g_bytes_get_size (bytes));
  return PLENUM_CTL_EXIT_OK;
}

/* ---- audit --------------------------------------------------------------------------- */

int
plenum_ctl_audit (PlenumCtl  *ctl,
                  int         argc,
                  char      **argv)
{
  g_autofree char *meeting = NULL;
  gint64 since = 0;
  int limit = 500;
  GOptionEntry entries[] = {
    { "meeting", 0, 0, G_OPTION_ARG_STRING, &meeting, N_("Only the requests about this meeting"),
      "MEETING_ID" },
    { "since", 0, 0, G_OPTION_ARG_INT64, &since, N_("Only the entries after this sequence number"),
      "SEQ" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most this many entries (1 to 5000; 500)"),
      "N" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autoptr(GString) path = NULL;
  const cJSON *entries_json = NULL;
  const cJSON *entry;
  int code;

  if (!plenum_ctl_parse_options ("", _("Reads the server's audit log: every write it answered, "
                                 "with who made it, from which terminal, and the answer's "
                                 "status; oldest first."), entries, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 1)
    {
      plenum_ctl_complain (_("audit: takes no arguments (did you mean --meeting MEETING_ID?)"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (meeting != NULL && !plenum_is_uuid (meeting))
    {
      plenum_ctl_complain (_("audit: --meeting %s: give a meeting id (a lowercase UUID)"), meeting);
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (since < 0)
    {
      plenum_ctl_complain (_("audit: --since %lld: give 0 or more"), (long long) since);
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (limit < 1 || limit > AUDIT_PAGE)
    {
      plenum_ctl_complain (_("audit: --limit %d: give 1 to %d"), limit, AUDIT_PAGE);
      return PLENUM_CTL_EXIT_USAGE;
    }

  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  path = g_string_new (NULL);
  g_string_printf (path, "/api/v1/audit?since=%" G_GINT64_FORMAT "&limit=%d", since, limit);
  if (meeting != NULL)
    g_string_append_printf (path, "&meeting_id=%s", meeting);
  if (!plenum_ctl_request (ctl, "GET", path->str, NULL, &answer, &error))
    return plenum_ctl_exit_for_error (ctl, "audit", error);
  if (answer == NULL ||
      !plenum_json_get_array (answer, NULL, "entries", PLENUM_JSON_REQUIRED, G_MAXUINT,
                              &entries_json, &error))
    {
      plenum_ctl_complain ("audit: %s", error != NULL ? error->message : _("empty answer"));
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }
  if (ctl->json)
    {
      plenum_ctl_print_json (answer);
      return PLENUM_CTL_EXIT_OK;
    }
  cJSON_ArrayForEach (entry, entries_json)
    {
      const cJSON *account = cJSON_GetObjectItemCaseSensitive (entry, "account");
      const char *role = plenum_ctl_member_string (entry, "role");
      const char *terminal = plenum_ctl_member_string (entry, "terminal_id");
      g_autofree char *who = NULL;

      if (cJSON_IsObject (account))
        who = g_strdup_printf ("%s (%s)", plenum_ctl_member_string (account, "name"),
                               role[0] != '\0' ? role : "?");
      else
        who = g_strdup (role[0] != '\0' ? role : "-");
      /* The request's method, path and status are the protocol's words: not translated. */
      printf ("%lld  %s  %-6s %s → %lld  %s%s%s\n",
              (long long) plenum_ctl_member_int (entry, "seq"),
              plenum_ctl_member_string (entry, "at"), plenum_ctl_member_string (entry, "method"),
              plenum_ctl_member_string (entry, "path"),
              (long long) plenum_ctl_member_int (entry, "status"), who,
              terminal[0] != '\0' ? _("  terminal ") : "", terminal);
    }
  if (cJSON_GetArraySize (entries_json) == 0)
    /* Translators: %lld is a sequence number of the audit log. */
    printf (_("No entries after %lld.\n"), (long long) since);
  else if (cJSON_GetArraySize (entries_json) == limit)
    /* Translators: the command stays as it is: the user runs it to read on. */
    printf (_("More may follow: plenumctl audit --since %lld\n"),
            (long long) plenum_ctl_member_int (answer, "next_since"));
  return PLENUM_CTL_EXIT_OK;
}
