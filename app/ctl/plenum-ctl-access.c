/* plenum-ctl-access.c — plenumctl's commands for who may read a closed-session item, revoking an account's sessions, lifting a terminal's sign-in lock.
 *
 * `clearance` names items by their printed number and members by their sign-in name,
 * as the secretariat knows them; both are resolved on the server (the meeting, the
 * bodies) before anything is changed, so that a typo refuses the whole command.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include "plenum-ctl.h"

#include <string.h>

#include <glib/gi18n.h>

/* ---- clearance ----------------------------------------------------------------------- */

/* The item numbered @number of @meeting (a Meeting's JSON), or NULL. */
static const cJSON *
find_item (const cJSON *meeting,
           const char  *number)
{
  const cJSON *item;

  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (meeting, "agenda"))
    if (g_strcmp0 (plenum_ctl_member_string (item, "number"), number) == 0)
      return item;
  return NULL;
}

/* The account id of the member called @name in the body @body_id (from GET
 * /api/v1/bodies as the secretariat reads it), or NULL. */
static const char *
find_member (const cJSON *bodies,
             const char  *body_id,
             const char  *name)
{
  const cJSON *body;
  const cJSON *member;

  cJSON_ArrayForEach (body, cJSON_GetObjectItemCaseSensitive (bodies, "bodies"))
    {
      if (g_strcmp0 (plenum_ctl_member_string (body, "id"), body_id) != 0)
        continue;
      cJSON_ArrayForEach (member, cJSON_GetObjectItemCaseSensitive (body, "members"))
        if (g_strcmp0 (plenum_ctl_member_string (member, "name"), name) == 0)
          return plenum_ctl_member_string (member, "id");
    }
  return NULL;
}

static void
print_clearance (const cJSON *item,
                 const cJSON *clearance)
{
  const cJSON *members = cJSON_GetObjectItemCaseSensitive (clearance, "members");
  const cJSON *person;

  printf (_("Item %s “%s”%s\n"), plenum_ctl_member_string (item, "number"),
          plenum_ctl_member_string (item, "title"),
          plenum_ctl_member_bool (item, "closed_session") ? _(" (closed session)")
                                                          : _(" (not a closed session: "
                                                            "everyone may read it)"));
  printf (_("Besides the chair, the vice chair and the secretariat, cleared to read its "
          "documents:\n"));
  if (cJSON_GetArraySize (members) == 0)
    printf (_("  nobody\n"));
  cJSON_ArrayForEach (person, members)
    printf ("  %s (%s)\n", plenum_ctl_member_string (person, "display_name"),
            plenum_ctl_member_string (person, "name"));
}

int
plenum_ctl_clearance (PlenumCtl  *ctl,
                      int         argc,
                      char      **argv)
{
  gboolean none = FALSE;
  GOptionEntry entries[] = {
    { "none", 0, 0, G_OPTION_ARG_NONE, &none,
      N_("Clear the list: only the chair, the vice chair and the secretariat"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) meeting = NULL;
  g_autoptr(cJSON) bodies = NULL;
  g_autoptr(cJSON) clearance = NULL;
  g_autoptr(cJSON) request = NULL;
  g_autofree char *meeting_path = NULL;
  g_autofree char *path = NULL;
  g_autofree char *operation_id = NULL;
  const cJSON *item;
  cJSON *members;
  int code;

  if (!plenum_ctl_parse_options ("MEETING_ID NUMBER [NAME…]",
                                 _("Shows who may read the documents of a closed-session agenda "
                                 "item (NUMBER as printed: 3, 2a), or sets the list to the "
                                 "members called NAME… (their sign-in names). The chair, the "
                                 "vice chair and the secretariat always may."),
                                 entries, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc < 3 || !plenum_is_uuid (argv[1]))
    {
      plenum_ctl_complain (_("clearance: give a meeting id (a lowercase UUID, see “plenumctl "
                           "meetings”) and an item number"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (none && argc > 3)
    {
      plenum_ctl_complain (_("clearance: --none clears the list: give no names with it"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  for (int i = 3; i < argc; i++)
    if (!plenum_is_sign_in_name (argv[i]))
      {
        plenum_ctl_complain (_("clearance: “%s” is not a sign-in name (lowercase letters, "
                             "digits, '.', '-', '_')"), argv[i]);
        return PLENUM_CTL_EXIT_USAGE;
      }

  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  meeting_path = g_strdup_printf ("/api/v1/meetings/%s", argv[1]);
  if (!plenum_ctl_request (ctl, "GET", meeting_path, NULL, &meeting, &error))
    return plenum_ctl_exit_for_error (ctl, "clearance", error);
  item = find_item (meeting, argv[2]);
  if (item == NULL)
    {
      plenum_ctl_complain (_("clearance: the meeting has no item numbered “%s”"), argv[2]);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }
  path = g_strdup_printf ("/api/v1/meetings/%s/items/%s/clearance", argv[1],
                          plenum_ctl_member_string (item, "id"));

  if (argc == 3 && !none)
    {
      if (!plenum_ctl_request (ctl, "GET", path, NULL, &clearance, &error))
        return plenum_ctl_exit_for_error (ctl, "clearance", error);
    }
  else
    {
      /* Every name resolved before anything is sent. */
      if (argc > 3 && !plenum_ctl_request (ctl, "GET", "/api/v1/bodies", NULL, &bodies, &error))
        return plenum_ctl_exit_for_error (ctl, "clearance", error);
      operation_id = g_uuid_string_random ();
      request = cJSON_CreateObject ();
      plenum_json_add_string (request, "operation_id", operation_id);
      members = cJSON_AddArrayToObject (request, "members");
      for (int i = 3; i < argc; i++)
        {
          const char *id = find_member (bodies, plenum_ctl_member_string (meeting, "body_id"),
                                        argv[i]);

          if (id == NULL)
            {
              plenum_ctl_complain (_("clearance: “%s” is not a member of the meeting's body; "
                                   "nothing was changed"), argv[i]);
              return PLENUM_CTL_EXIT_BAD_INPUT;
            }
          cJSON_AddItemToArray (members, cJSON_CreateString (id));
        }
      code = plenum_ctl_request_retrying (ctl, "PUT", path, request, &clearance, "clearance");
      if (code != PLENUM_CTL_EXIT_OK)
        return code;
    }

  if (ctl->json)
    plenum_ctl_print_json (clearance);
  else
    print_clearance (item, clearance);
  return PLENUM_CTL_EXIT_OK;
}

/* ---- sessions revoke ----------------------------------------------------------------- */

int
plenum_ctl_sessions (PlenumCtl  *ctl,
                     int         argc,
                     char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int code;

  if (!plenum_ctl_parse_options ("revoke NAME",
                                 _("Signs the account NAME out everywhere: every token it holds "
                                 "stops working at once."), NULL, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 3 || !g_str_equal (argv[1], "revoke"))
    {
      plenum_ctl_complain (_("sessions: give “revoke NAME”"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (!plenum_is_sign_in_name (argv[2]))
    {
      plenum_ctl_complain (_("sessions: “%s” is not a sign-in name (lowercase letters, digits, "
                           "'.', '-', '_')"), argv[2]);
      return PLENUM_CTL_EXIT_USAGE;
    }
  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  path = g_strdup_printf ("/api/v1/accounts/%s/sessions", argv[2]);
  if (!plenum_ctl_request (ctl, "DELETE", path, NULL, NULL, &error))
    return plenum_ctl_exit_for_error (ctl, "sessions", error);
  if (ctl->json)
    {
      g_autoptr(cJSON) out = cJSON_CreateObject ();

      plenum_json_add_string (out, "name", argv[2]);
      plenum_json_add_bool (out, "revoked", TRUE);
      plenum_ctl_print_json (out);
    }
  else
    printf (_("Signed %s out everywhere.\n"), argv[2]);
  return PLENUM_CTL_EXIT_OK;
}

/* ---- unlock-terminal ----------------------------------------------------------------- */

int
plenum_ctl_unlock_terminal (PlenumCtl  *ctl,
                            int         argc,
                            char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) body = NULL;
  g_autofree char *path = NULL;
  int code;

  if (!plenum_ctl_parse_options ("TERMINAL_ID",
                                 _("Lifts a terminal's lock after too many wrong PINs at its "
                                 "seat (the names' own locks: “plenumctl pin unlock NAME”)."),
                                 NULL, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 2 || !plenum_is_uuid (argv[1]))
    {
      plenum_ctl_complain (_("unlock-terminal: give one terminal id (a lowercase UUID, see "
                           "“plenumctl terminals”)"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  path = g_strdup_printf ("/api/v1/terminals/%s/unlock", argv[1]);
  body = cJSON_CreateObject ();
  if (!plenum_ctl_request (ctl, "POST", path, body, NULL, &error))
    return plenum_ctl_exit_for_error (ctl, "unlock-terminal", error);
  if (ctl->json)
    {
      g_autoptr(cJSON) out = cJSON_CreateObject ();

      plenum_json_add_string (out, "terminal_id", argv[1]);
      plenum_json_add_bool (out, "unlocked", TRUE);
      plenum_ctl_print_json (out);
    }
  else
    printf (_("Unlocked terminal %s.\n"), argv[1]);
  return PLENUM_CTL_EXIT_OK;
}
