/* plenum-ctl-oparl.c — plenumctl's commands for importing an OParl 1.1 Meeting.
 *
 * `import-oparl FILE.json` reads the Meeting and the PDFs beside it with
 * plenum_oparl_read() (app/packet/plenum-oparl.c), which gives the same packet folder a
 * packet.json does, and publishes it as `plenumctl publish` does
 * (plenum_ctl_publish_folder()). The whole meeting is read and every PDF checked before
 * anything is sent; --dry-run stops there and shows what would be published, without
 * the server.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include "plenum-ctl.h"

#include <glib/gi18n.h>

#include "core/plenum-limits.h"
#include "packet/plenum-oparl.h"

/* The body's member called @name (sign-in name) in GET /api/v1/bodies' @body. */
static gboolean
body_has_member (const cJSON *body,
                 const char  *name)
{
  const cJSON *member;

  cJSON_ArrayForEach (member, cJSON_GetObjectItemCaseSensitive (body, "members"))
    if (g_str_equal (plenum_ctl_member_string (member, "name"), name))
      return TRUE;
  return FALSE;
}

/* What the command line gives that OParl does not (the body, the chair, the vice chair),
 * checked against the server before anything is uploaded, so that a mistake is named by
 * its option. plenum_ctl_publish_folder() resolves them again. */
static int
check_names_on_server (PlenumCtl  *ctl,
                       const char *body_name,
                       const char *chair,
                       const char *vice_chair)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) answer = NULL;
  const cJSON *bodies = NULL, *body, *found = NULL;

  if (!plenum_ctl_request (ctl, "GET", "/api/v1/bodies", NULL, &answer, &error))
    return plenum_ctl_exit_for_error (ctl, _("reading the server's bodies"), error);
  if (answer == NULL ||
      !plenum_json_get_array (answer, NULL, "bodies", PLENUM_JSON_REQUIRED, G_MAXUINT,
                              &bodies, &error))
    {
      plenum_ctl_complain (_("reading the server's bodies: %s"),
                           error != NULL ? error->message : _("empty answer"));
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }
  cJSON_ArrayForEach (body, bodies)
    if (g_str_equal (plenum_ctl_member_string (body, "name"), body_name))
      found = body;
  if (found == NULL)
    {
      plenum_ctl_complain (_("import-oparl: --body: there is no body named “%s” on this server"),
                           body_name);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }
  if (!body_has_member (found, chair))
    {
      plenum_ctl_complain (_("import-oparl: --chair: “%s” is not a member of “%s”"), chair,
                           body_name);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }
  if (vice_chair != NULL && !body_has_member (found, vice_chair))
    {
      plenum_ctl_complain (_("import-oparl: --vice-chair: “%s” is not a member of “%s”"),
                           vice_chair, body_name);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }
  return PLENUM_CTL_EXIT_OK;
}

static void
print_dry_run (PlenumCtl                *ctl,
               const PlenumPacketFolder *folder,
               GPtrArray                *warnings)
{
  g_autofree char *starts_at = plenum_time_format (folder->starts_at);
  guint n_documents = 0;
  guint64 bytes = 0;

  if (ctl->json)
    {
      g_autoptr(cJSON) out = cJSON_CreateObject ();
      cJSON *items = NULL;
      cJSON *skipped;

      plenum_json_add_bool (out, "dry_run", TRUE);
      plenum_json_add_string (out, "meeting_id", folder->meeting_id);
      plenum_json_add_string (out, "body", folder->body);
      plenum_json_add_string (out, "title", folder->title);
      plenum_json_add_time (out, "starts_at", folder->starts_at);
      plenum_json_add_string (out, "location", folder->location);
      plenum_json_add_string (out, "chair", folder->chair);
      plenum_json_add_string (out, "vice_chair", folder->vice_chair);
      items = cJSON_AddArrayToObject (out, "items");
      for (guint i = 0; i < folder->items->len; i++)
        {
          const PlenumPacketFolderItem *item = g_ptr_array_index (folder->items, i);
          cJSON *node = cJSON_CreateObject ();
          cJSON *documents;

          plenum_json_add_string (node, "number", item->number);
          plenum_json_add_string (node, "title", item->title);
          plenum_json_add_bool (node, "closed_session", item->closed_session);
          documents = cJSON_AddArrayToObject (node, "documents");
          for (guint j = 0; j < item->documents->len; j++)
            {
              const PlenumPacketFolderDocument *document =
                g_ptr_array_index (item->documents, j);
              cJSON *entry = cJSON_CreateObject ();

              plenum_json_add_string (entry, "file", document->file);
              plenum_json_add_string (entry, "title", document->title);
              plenum_json_add_bool (entry, "confidential", document->confidential);
              plenum_json_add_string (entry, "sha256", document->sha256);
              plenum_json_add_int64 (entry, "size", (gint64) document->size);
              plenum_json_add_int64 (entry, "pages", document->pages);
              cJSON_AddItemToArray (documents, entry);
            }
          cJSON_AddItemToArray (items, node);
        }
      skipped = cJSON_AddArrayToObject (out, "warnings");
      for (guint i = 0; i < warnings->len; i++)
        cJSON_AddItemToArray (skipped,
                              cJSON_CreateString (g_ptr_array_index (warnings, i)));
      plenum_ctl_print_json (out);
      return;
    }

  printf (_("Would publish meeting %s (dry run: nothing sent):\n"), folder->meeting_id);
  printf (_("  “%s”, body “%s”, starts %s%s%s\n"), folder->title, folder->body, starts_at,
          folder->location != NULL ? _(", at ") : "",
          folder->location != NULL ? folder->location : "");
  printf (_("  chair %s%s%s\n"), folder->chair, folder->vice_chair != NULL ? _(", vice chair ") : "",
          folder->vice_chair != NULL ? folder->vice_chair : "");
  for (guint i = 0; i < folder->items->len; i++)
    {
      const PlenumPacketFolderItem *item = g_ptr_array_index (folder->items, i);

      printf ("  %s  %s%s\n", item->number, item->title,
              item->closed_session ? _("  (closed session)") : "");
      for (guint j = 0; j < item->documents->len; j++)
        {
          const PlenumPacketFolderDocument *document = g_ptr_array_index (item->documents, j);

          g_autofree char *pages = g_strdup_printf (ngettext ("%d page", "%d pages",
                                                              (unsigned long) document->pages),
                                                    document->pages);

          /* Translators: a document of the packet: its file name, its title, "3 pages",
           * its size and ", confidential" or nothing. */
          printf (_("      %s  “%s”, %s, %llu bytes%s\n"), document->file, document->title, pages,
                  (unsigned long long) document->size,
                  document->confidential ? _(", confidential") : "");
          n_documents++;
          bytes += document->size;
        }
    }
  /* Translators: the packet's totals. */
  printf (_("%u items, %u documents, %llu bytes.\n"), folder->items->len, n_documents,
          (unsigned long long) bytes);
}

int
plenum_ctl_import_oparl (PlenumCtl  *ctl,
                        int         argc,
                        char      **argv)
{
  g_autofree char *body = NULL;
  g_autofree char *chair = NULL;
  g_autofree char *vice_chair = NULL;
  g_autofree char *meeting_id = NULL;
  g_autofree char *files_title = NULL;
  gboolean dry_run = FALSE;
  gboolean skip_non_pdf = FALSE;
  GOptionEntry entries[] = {
    { "body", 0, 0, G_OPTION_ARG_STRING, &body,
      N_("The body the meeting is of, by its name on the server (required)"), "BODY" },
    { "chair", 0, 0, G_OPTION_ARG_STRING, &chair,
      N_("The chair's sign-in name (required)"), "NAME" },
    { "vice-chair", 0, 0, G_OPTION_ARG_STRING, &vice_chair,
      N_("The vice chair's sign-in name"), "NAME" },
    { "meeting-id", 0, 0, G_OPTION_ARG_STRING, &meeting_id,
      N_("Publish as this meeting (UUID); by default a UUID derived from the OParl id, so "
      "that importing the same meeting again updates it"), "UUID" },
    { "meeting-files-title", 0, 0, G_OPTION_ARG_STRING, &files_title,
      N_("The title of item 0, which holds the meeting's own files (default: “Documents of "
      "the meeting”)"), "TITLE" },
    { "skip-non-pdf", 0, 0, G_OPTION_ARG_NONE, &skip_non_pdf,
      N_("Leave out Files whose mimeType is not application/pdf (with a warning) instead of "
      "refusing the meeting"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Read and check everything, show what would be published, send nothing"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumPacketFolder) folder = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  PlenumOparlOptions options = { NULL };
  int code;

  if (!plenum_ctl_parse_options ("FILE.json", _("Creates or updates a meeting and its packet "
                                 "from an OParl 1.1 Meeting in FILE.json and the PDFs "
                                 "beside it (found by each File's fileName; nothing is "
                                 "downloaded), as “plenumctl publish” does for a packet "
                                 "folder."),
                                 entries, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 2)
    {
      plenum_ctl_complain (_("import-oparl: give one OParl Meeting file (FILE.json)"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (body == NULL || chair == NULL)
    {
      plenum_ctl_complain (_("import-oparl: --body and --chair are required: an OParl Meeting "
                           "does not name them in a form Plenum can use"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (!g_utf8_validate (body, -1, NULL) || body[0] == '\0' ||
      g_utf8_strlen (body, -1) > PLENUM_DISPLAY_NAME_MAX_CHARS)
    {
      plenum_ctl_complain (_("import-oparl: --body: give the body's name as the server lists it"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (!plenum_is_sign_in_name (chair) ||
      (vice_chair != NULL && !plenum_is_sign_in_name (vice_chair)))
    {
      plenum_ctl_complain (_("import-oparl: --chair and --vice-chair take a sign-in name "
                           "(lowercase letters and digits, with '.', '-' or '_' between "
                           "them)"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (vice_chair != NULL && g_str_equal (vice_chair, chair))
    {
      plenum_ctl_complain (_("import-oparl: --vice-chair: “%s” is already the chair"), chair);
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (meeting_id != NULL && !plenum_is_uuid (meeting_id))
    {
      plenum_ctl_complain (_("import-oparl: --meeting-id takes a lowercase UUID"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (files_title != NULL &&
      (!g_utf8_validate (files_title, -1, NULL) || g_strstrip (files_title)[0] == '\0' ||
       g_utf8_strlen (files_title, -1) > PLENUM_TITLE_MAX_CHARS))
    {
      plenum_ctl_complain (_("import-oparl: --meeting-files-title: give a title of 1 to %d "
                           "characters"), PLENUM_TITLE_MAX_CHARS);
      return PLENUM_CTL_EXIT_USAGE;
    }

  /* The whole meeting is read and checked (every PDF hashed and opened) before anything
   * is sent: a bad export uploads nothing. */
  options.body = body;
  options.chair = chair;
  options.vice_chair = vice_chair;
  options.meeting_id = meeting_id;
  options.meeting_item_title = files_title;
  options.skip_non_pdf = skip_non_pdf;
  folder = plenum_oparl_read (argv[1], &options, warnings, NULL, &error);
  if (folder == NULL)
    {
      plenum_ctl_complain ("%s", error->message);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }
  for (guint i = 0; i < warnings->len; i++)
    plenum_ctl_complain (_("warning: %s"), (const char *) g_ptr_array_index (warnings, i));

  if (dry_run)
    {
      print_dry_run (ctl, folder, warnings);
      return PLENUM_CTL_EXIT_OK;
    }

  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  code = check_names_on_server (ctl, body, chair, vice_chair);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  if (!ctl->json)
    fprintf (stderr, _("import-oparl: %s as meeting %s\n"), argv[1], folder->meeting_id);
  return plenum_ctl_publish_folder (ctl, folder, folder->meeting_id, NULL, NULL);
}
