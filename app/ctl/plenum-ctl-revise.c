/* plenum-ctl-revise.c — plenumctl's commands for revising, retracting and retiring a document; wiping a terminal; a body's lease period.
 *
 * Every write carries one operation id and goes through plenum_ctl_request_retrying(), so
 * a command repeated after a cut connection is applied once. revise checks the PDF with
 * the packet folder's rules (plenum_packet_check_pdf_file()) before anything is sent.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include <string.h>

#include <glib/gi18n.h>

#include "plenum-ctl.h"

#include "core/plenum-document.h"
#include "core/plenum-hash.h"

/* plenum_ctl_read_secret() reads one line into a buffer of this size. */
#define SECRET_LINE_MAX 128
/* The lease the server takes: 0 or a minute to a year; in whole hours here. */
#define LEASE_MAX_HOURS 8760

/* The document @document_id in the Meeting @meeting, or NULL. */
static const cJSON *
find_document (const cJSON *meeting,
               const char  *document_id)
{
  const cJSON *item;

  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (meeting, "agenda"))
    {
      const cJSON *document;

      cJSON_ArrayForEach (document, cJSON_GetObjectItemCaseSensitive (item, "documents"))
        if (g_strcmp0 (plenum_ctl_member_string (document, "id"), document_id) == 0)
          return document;
    }
  return NULL;
}

/* Checks MEETING_ID DOCUMENT_ID as the first two arguments of @command. */
static gboolean
check_ids (const char  *command,
           char       **argv)
{
  if (!plenum_is_uuid (argv[1]))
    {
      plenum_ctl_complain (_("%s: MEETING_ID: “%s” is not a meeting id (a lowercase UUID, see "
                           "“plenumctl meetings”)"), command, argv[1]);
      return FALSE;
    }
  if (!plenum_is_uuid (argv[2]))
    {
      plenum_ctl_complain (_("%s: DOCUMENT_ID: “%s” is not a document id (a lowercase UUID, see "
                           "“plenumctl meeting %s”)"), command, argv[2], argv[1]);
      return FALSE;
    }
  return TRUE;
}

/* Sends a change of one document with a fresh operation id (@body gets it) and reports
 * the new packet. */
static int
change_document (PlenumCtl   *ctl,
                 const char  *command,
                 const char  *method,
                 const char  *path,
                 cJSON       *body,
                 const char  *meeting_id,
                 const char  *document_id,
                 const char  *done,
                 gboolean     uploaded)
{
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *operation_id = plenum_uuid_new ();
  const cJSON *document;
  int code;

  plenum_json_add_string (body, "operation_id", operation_id);
  code = plenum_ctl_request_retrying (ctl, method, path, body, &answer, command);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;

  document = find_document (answer, document_id);
  if (ctl->json)
    {
      g_autoptr(cJSON) out = cJSON_CreateObject ();

      plenum_json_add_string (out, "meeting_id", meeting_id);
      plenum_json_add_string (out, "document_id", document_id);
      plenum_json_add_int64 (out, "packet_version",
                             plenum_ctl_member_int (answer, "packet_version"));
      if (document != NULL)
        {
          plenum_json_add_string (out, "sha256", plenum_ctl_member_string (document, "sha256"));
          cJSON_AddItemToObject (out, "superseded",
                                 cJSON_Duplicate (cJSON_GetObjectItemCaseSensitive (document,
                                                                                    "superseded"),
                                                  TRUE));
        }
      else
        {
          cJSON_AddNullToObject (out, "sha256");
          cJSON_AddItemToObject (out, "superseded", cJSON_CreateArray ());
        }
      plenum_json_add_bool (out, "uploaded", uploaded);
      plenum_ctl_print_json (out);
    }
  else
    /* Translators: "Revised" (or "Retracted", "Retired"), the document's title, the
     * meeting's title and the packet's new version. */
    printf (_("%s “%s” of “%s”: the packet is now version %lld.\n"), done,
            document != NULL ? plenum_ctl_member_string (document, "title") : document_id,
            plenum_ctl_member_string (answer, "title"),
            (long long) plenum_ctl_member_int (answer, "packet_version"));
  return PLENUM_CTL_EXIT_OK;
}

/* ---- revise -------------------------------------------------------------------------- */

int
plenum_ctl_revise (PlenumCtl  *ctl,
                   int         argc,
                   char      **argv)
{
  gboolean password_stdin = FALSE;
  GOptionEntry entries[] = {
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the PDF's password (it is protected by one) as a line on stdin"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(cJSON) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *label = NULL;
  char *password = NULL;
  char sha256[65] = "";
  guint64 size = 0;
  int pages = 0;
  PlenumCtlBlobFile file;
  PlenumCtlUploads uploads;
  int code;

  if (!plenum_ctl_parse_options ("MEETING_ID DOCUMENT_ID FILE.pdf",
                                 _("Publishes a revision of one document: FILE.pdf replaces it "
                                 "under the same id, in a new packet version. The version it "
                                 "replaces stays readable, marked superseded, until “plenumctl "
                                 "retire”."), entries, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 4)
    {
      plenum_ctl_complain (_("revise: give MEETING_ID DOCUMENT_ID FILE.pdf"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (!check_ids ("revise", argv))
    return PLENUM_CTL_EXIT_USAGE;

  if (password_stdin)
    {
      password = plenum_ctl_read_secret (_("PDF password: "));
      if (password == NULL || !plenum_is_document_password (password) ||
          strlen (password) >= SECRET_LINE_MAX - 1)
        {
          plenum_secret_free (password);
          plenum_ctl_complain (_("revise: --password-stdin: no password on stdin (one line of 1 "
                               "to %d bytes without control characters)"), SECRET_LINE_MAX - 2);
          return PLENUM_CTL_EXIT_USAGE;
        }
    }

  /* The file is read and checked before anything is sent: a bad PDF uploads nothing. */
  if (!plenum_packet_check_pdf_file (argv[3], password, sha256, &size, &pages, NULL, &error))
    {
      plenum_secret_free (password);
      plenum_ctl_complain ("revise: %s", error->message);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }

  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    {
      plenum_secret_free (password);
      return code;
    }

  label = g_path_get_basename (argv[3]);
  file = (PlenumCtlBlobFile) { sha256, argv[3], label, size };
  files = g_ptr_array_new ();
  g_ptr_array_add (files, &file);
  code = plenum_ctl_upload_missing (ctl, "revise", files, &uploads);
  if (code != PLENUM_CTL_EXIT_OK)
    {
      plenum_secret_free (password);
      return code;
    }

  body = cJSON_CreateObject ();
  plenum_json_add_string (body, "sha256", sha256);
  if (password != NULL)
    plenum_json_add_string (body, "password", password);
  plenum_secret_free (password);
  path = g_strdup_printf ("/api/v1/meetings/%s/documents/%s", argv[1], argv[2]);
  code = change_document (ctl, "revise", "PUT", path, body, argv[1], argv[2], _("Revised"),
                          uploads.uploaded > 0);
  /* The body held the password: wipe it like the packet's. */
  if (password_stdin)
    {
      cJSON *secret = cJSON_GetObjectItemCaseSensitive (body, "password");

      if (cJSON_IsString (secret))
        memset (secret->valuestring, 0, strlen (secret->valuestring));
    }
  return code;
}

/* ---- retract, retire ----------------------------------------------------------------- */

static int
document_post (PlenumCtl   *ctl,
               int          argc,
               char       **argv,
               const char  *command,
               const char  *summary,
               const char  *done)
{
  g_autoptr(cJSON) body = NULL;
  g_autofree char *path = NULL;
  int code;

  if (!plenum_ctl_parse_options ("MEETING_ID DOCUMENT_ID", summary, NULL, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 3)
    {
      plenum_ctl_complain (_("%s: give MEETING_ID DOCUMENT_ID"), command);
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (!check_ids (command, argv))
    return PLENUM_CTL_EXIT_USAGE;
  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;

  body = cJSON_CreateObject ();
  path = g_strdup_printf ("/api/v1/meetings/%s/documents/%s/%s", argv[1], argv[2], command);
  return change_document (ctl, command, "POST", path, body, argv[1], argv[2], done, FALSE);
}

int
plenum_ctl_retract (PlenumCtl  *ctl,
                    int         argc,
                    char      **argv)
{
  return document_post (ctl, argc, argv, "retract",
                        _("Retracts a document: a new packet version without it and its "
                        "earlier versions. Terminals delete it at their next update."),
                        /* Translators: "Retracted “TITLE” of “MEETING”: …". */
                        _("Retracted"));
}

int
plenum_ctl_retire (PlenumCtl  *ctl,
                   int         argc,
                   char      **argv)
{
  return document_post (ctl, argc, argv, "retire",
                        _("Retires a document's superseded versions: members can no longer "
                        "read them (a new packet version, unless there were none)."),
                        /* Translators: "Retired the earlier versions of “TITLE” of
                         * “MEETING”: …". */
                        _("Retired the earlier versions of"));
}

/* ---- wipe ---------------------------------------------------------------------------- */

int
plenum_ctl_wipe (PlenumCtl  *ctl,
                 int         argc,
                 char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) body = cJSON_CreateObject ();
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *path = NULL;
  int code;

  if (!plenum_ctl_parse_options ("TERMINAL_ID",
                                 _("Asks a terminal to erase its packets, annotations, unsent "
                                 "work and stored sign-ins, then forget its credential. It "
                                 "does so at once when online, else when it next reaches the "
                                 "server; the members signed in there are signed out. See "
                                 "“plenumctl terminals” for when it confirmed."),
                                 NULL, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 2 || !plenum_is_uuid (argv[1]))
    {
      plenum_ctl_complain (_("wipe: give one terminal id (a lowercase UUID, see “plenumctl "
                           "terminals”)"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  path = g_strdup_printf ("/api/v1/terminals/%s/wipe", argv[1]);
  /* Asking twice is harmless (the first time is kept), so a plain request will do. */
  if (!plenum_ctl_request (ctl, "POST", path, body, &answer, &error))
    return plenum_ctl_exit_for_error (ctl, "wipe", error);
  if (ctl->json)
    {
      g_autoptr(cJSON) out = cJSON_CreateObject ();

      plenum_json_add_string (out, "terminal_id", argv[1]);
      plenum_json_add_bool (out, "wipe_requested", TRUE);
      plenum_ctl_print_json (out);
    }
  else
    printf (_("Asked terminal %s to erase its documents.\n"), argv[1]);
  return PLENUM_CTL_EXIT_OK;
}

/* ---- lease --------------------------------------------------------------------------- */

/* The id of the body named or identified by @body among GET /api/v1/bodies, or NULL
 * having said why (*@code is the exit code). */
static char *
resolve_body (PlenumCtl   *ctl,
              const char  *body,
              int         *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) answer = NULL;
  const cJSON *node;

  if (!plenum_ctl_request (ctl, "GET", "/api/v1/bodies", NULL, &answer, &error))
    {
      *code = plenum_ctl_exit_for_error (ctl, _("lease: reading the server's bodies"), error);
      return NULL;
    }
  cJSON_ArrayForEach (node, cJSON_GetObjectItemCaseSensitive (answer, "bodies"))
    if (g_strcmp0 (plenum_ctl_member_string (node, "id"), body) == 0 ||
        g_strcmp0 (plenum_ctl_member_string (node, "name"), body) == 0)
      return g_strdup (plenum_ctl_member_string (node, "id"));

  plenum_ctl_complain (_("lease: BODY: the server has no body called “%s”"), body);
  *code = PLENUM_CTL_EXIT_REFUSED;
  return NULL;
}

int
plenum_ctl_lease (PlenumCtl  *ctl,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) body = cJSON_CreateObject ();
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *body_id = NULL;
  g_autofree char *path = NULL;
  guint64 hours = 0;
  int code = PLENUM_CTL_EXIT_OK;

  if (!plenum_ctl_parse_options ("BODY HOURS",
                                 _("Sets how long a terminal keeps a body's confidential "
                                 "documents open without reaching the server (BODY: its name "
                                 "or id). After HOURS without contact they are locked until "
                                 "it reaches the server again; 0: never locked."),
                                 NULL, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 3)
    {
      plenum_ctl_complain (_("lease: give BODY HOURS"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (!g_ascii_string_to_unsigned (argv[2], 10, 0, LEASE_MAX_HOURS, &hours, NULL))
    {
      plenum_ctl_complain (_("lease: HOURS: “%s” is not a whole number of hours from 0 to %d"),
                           argv[2], LEASE_MAX_HOURS);
      return PLENUM_CTL_EXIT_USAGE;
    }
  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  body_id = resolve_body (ctl, argv[1], &code);
  if (body_id == NULL)
    return code;

  plenum_json_add_int64 (body, "lease_seconds", (gint64) hours * 3600);
  path = g_strdup_printf ("/api/v1/bodies/%s/lease", body_id);
  if (!plenum_ctl_request (ctl, "PUT", path, body, &answer, &error))
    return plenum_ctl_exit_for_error (ctl, "lease", error);
  if (ctl->json)
    plenum_ctl_print_json (answer);
  else if (hours == 0)
    printf (_("%s: confidential documents are never locked on terminals.\n"),
            plenum_ctl_member_string (answer, "name"));
  else
    /* Translators: %s is a body's name. */
    printf (ngettext ("%s: confidential documents lock on a terminal that has not reached the "
                      "server for %llu hour.\n",
                      "%s: confidential documents lock on a terminal that has not reached the "
                      "server for %llu hours.\n", (unsigned long) hours),
            plenum_ctl_member_string (answer, "name"), (unsigned long long) hours);
  return PLENUM_CTL_EXIT_OK;
}
