/* plenum-ctl-agenda.c — plenumctl's commands for a meeting and its agenda without a packet
 * folder: creating and editing a meeting, adding, editing, removing and moving agenda
 * items, attaching a document, and opening and listing opinion rounds.
 *
 * Every change to the agenda is a read-modify-write of the whole packet: the meeting as
 * GET /api/v1/meetings/{id} answers it is edited in memory, turned into a PacketManifest
 * and PUT with a fresh operation id and `base_packet_version` set to the version that was
 * read, so that a change someone else published meanwhile is refused (409) instead of
 * being overwritten. There is no per-item endpoint on purpose: the packet stays the one
 * unit that is published, versioned and fetched by the terminals.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "core/plenum-document.h"
#include "core/plenum-hash.h"
#include "core/plenum-json.h"
#include "core/plenum-limits.h"
#include "core/plenum-packet-manifest.h"
#include "plenum-ctl.h"

/* An opinion round's title (docs/protocol.md, "Opinion rounds"). */
#define ROUND_TITLE_MAX_CHARS 200
/* plenum_ctl_read_secret() reads at most this many bytes of a line: a line that fills it
 * may have been cut. */
#define SECRET_LINE_MAX 127

/* ---- arguments ------------------------------------------------------------------------- */

/* Checks @value as the server checks a text field (UTF-8, no control characters, not
 * only white space, at most @max_chars characters): the same reader, so that what passes
 * here passes there. Complains naming @what. */
static gboolean
check_text (const char *what,
            const char *value,
            guint       max_chars)
{
  g_autoptr(cJSON) holder = cJSON_CreateObject ();
  g_autoptr(GError) error = NULL;
  const char *out = NULL;

  cJSON_AddStringToObject (holder, what, value);
  if (!plenum_json_get_text (holder, NULL, what, PLENUM_JSON_REQUIRED, max_chars, FALSE,
                             &out, &error))
    {
      plenum_ctl_complain ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* TIME on the command line: ISO 8601 with a zone ("2026-12-01T08:00:00+07:00",
 * "2026-12-01T01:00Z"), or "YYYY-MM-DD HH:MM" in local time, which is what a secretary
 * types. Returns a new UTC time, or NULL after saying why. */
static GDateTime *
parse_time (const char *option,
            const char *text)
{
  g_autoptr(GDateTime) time = NULL;
  int year, month, day, hour, minute;
  char end;

  /* No default zone: a time without one is not taken as ISO 8601 (it would mean the
   * server's zone or the terminal's, never what the secretary meant). */
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL && strlen (text) == 16 && text[4] == '-' && text[7] == '-' &&
      text[10] == ' ' && text[13] == ':' &&
      sscanf (text, "%4d-%2d-%2d %2d:%2d%c", &year, &month, &day, &hour, &minute, &end) == 5 &&
      g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[5]) && g_ascii_isdigit (text[8]) &&
      g_ascii_isdigit (text[11]) && g_ascii_isdigit (text[14]))
    time = g_date_time_new_local (year, month, day, hour, minute, 0);
  if (time == NULL || g_date_time_get_year (time) < 1 || g_date_time_get_year (time) > 9999)
    {
      plenum_ctl_complain (_("%s: “%s” is not a time: give ISO 8601 with a zone "
                           "(2026-12-01T08:00:00+07:00) or “YYYY-MM-DD HH:MM” in local time"),
                           option, text);
      return NULL;
    }
  return g_date_time_to_utc (time);
}

/* Takes the subcommand (argv[1]) off the arguments, so that its own option parser names
 * the program "plenumctl COMMAND SUBCOMMAND" in --help. */
static void
shift_subcommand (const char   *command,
                  int          *argc,
                  char       ***argv)
{
  g_autofree char *name = g_strdup_printf ("plenumctl %s %s", command, (*argv)[1]);

  g_set_prgname (name);
  (*argc)--;
  (*argv)++;
}

/* ---- the meeting, read and written back ------------------------------------------------ */

/* GET /api/v1/meetings/@meeting_id into *@out. Returns an exit code. */
static int
fetch_meeting (PlenumCtl   *ctl,
               const char  *meeting_id,
               const char  *what,
               cJSON      **out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s", meeting_id);
  const cJSON *agenda = NULL, *item;

  if (!plenum_ctl_request (ctl, "GET", path, NULL, &answer, &error))
    {
      g_autofree char *doing = g_strdup_printf (_("%s: reading meeting %s"), what, meeting_id);

      return plenum_ctl_exit_for_error (ctl, doing, error);
    }
  if (answer == NULL ||
      !plenum_json_get_array (answer, NULL, "agenda", PLENUM_JSON_REQUIRED, G_MAXUINT,
                              &agenda, &error))
    {
      plenum_ctl_complain (_("%s: the server's answer is not a meeting: %s"), what,
                           error != NULL ? error->message : _("empty"));
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }
  /* An item whose documents the server withholds from this account would lose them
   * when the packet is written back. */
  cJSON_ArrayForEach (item, agenda)
    if (plenum_ctl_member_bool (item, "restricted"))
      {
        plenum_ctl_complain (_("%s: item %s of meeting %s is a closed session this account may "
                             "not read; only the secretariat can change the agenda"), what,
                             plenum_ctl_member_string (item, "number"), meeting_id);
        return PLENUM_CTL_EXIT_REFUSED;
      }
  *out = g_steal_pointer (&answer);
  return PLENUM_CTL_EXIT_OK;
}

/* The agenda item numbered @number in @meeting's agenda, or NULL; *@index its place. */
static cJSON *
find_item (const cJSON *meeting,
           const char  *number,
           int         *index)
{
  cJSON *agenda = cJSON_GetObjectItemCaseSensitive (meeting, "agenda");
  cJSON *item;
  int i = 0;

  cJSON_ArrayForEach (item, agenda)
    {
      if (g_str_equal (plenum_ctl_member_string (item, "number"), number))
        {
          if (index != NULL)
            *index = i;
          return item;
        }
      i++;
    }
  return NULL;
}

static int
complain_no_item (const char  *what,
                  const char  *option,
                  const char  *number,
                  const cJSON *meeting)
{
  g_autoptr(GString) numbers = g_string_new (NULL);
  const cJSON *item;

  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (meeting, "agenda"))
    g_string_append_printf (numbers, "%s%s", numbers->len > 0 ? ", " : "",
                            plenum_ctl_member_string (item, "number"));
  plenum_ctl_complain (_("%s: %s: meeting %s has no item numbered “%s” (its items: %s)"), what,
                       option, plenum_ctl_member_string (meeting, "id"), number,
                       numbers->len > 0 ? numbers->str : _("none"));
  return PLENUM_CTL_EXIT_BAD_INPUT;
}

/* Puts @item at @index of @array (at the end when @index is past it). Not with
 * cJSON_InsertItemInArray(): Debian 12's cJSON 1.7.15 leaves the array as it was and
 * returns TRUE. */
static void
insert_item (cJSON *array,
             int    index,
             cJSON *item)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  while (array->child != NULL)
    g_ptr_array_add (items, cJSON_DetachItemViaPointer (array, array->child));
  g_ptr_array_insert (items, index >= 0 && (guint) index <= items->len ? index : -1, item);
  for (guint i = 0; i < items->len; i++)
    cJSON_AddItemToArray (array, g_ptr_array_index (items, i));
}

static void
set_string (cJSON      *object,
            const char *key,
            const char *value)
{
  cJSON *node = value != NULL ? cJSON_CreateString (value) : cJSON_CreateNull ();

  if (cJSON_HasObjectItem (object, key))
    cJSON_ReplaceItemInObjectCaseSensitive (object, key, node);
  else
    cJSON_AddItemToObject (object, key, node);
}

static void
set_bool (cJSON      *object,
          const char *key,
          gboolean    value)
{
  cJSON *node = cJSON_CreateBool (value);

  if (cJSON_HasObjectItem (object, key))
    cJSON_ReplaceItemInObjectCaseSensitive (object, key, node);
  else
    cJSON_AddItemToObject (object, key, node);
}

/* The PacketManifest that publishes @meeting (a Meeting as the server answers it, edited)
 * as it stands, based on the packet version it was read at. Every document goes back
 * with the password the meeting gives for it, so that a read-modify-write never drops
 * one. */
static PlenumPacketManifest *
manifest_from_meeting (const cJSON  *meeting,
                       const char   *operation_id,
                       GError      **error)
{
  g_autoptr(PlenumPacketManifest) manifest = NULL;
  g_autoptr(GDateTime) starts_at = NULL;
  const char *body_id = NULL, *title = NULL, *location = NULL, *chair_id = NULL;
  const char *vice_chair_id = NULL;
  const cJSON *agenda = NULL, *item;
  gint64 packet_version = 0;
  guint index = 0;

  if (!plenum_json_get_uuid (meeting, "meeting", "body_id", PLENUM_JSON_REQUIRED, &body_id,
                             error) ||
      !plenum_json_get_string (meeting, "meeting", "title", PLENUM_JSON_REQUIRED, &title,
                               error) ||
      !plenum_json_get_time (meeting, "meeting", "starts_at", PLENUM_JSON_REQUIRED,
                             &starts_at, error) ||
      !plenum_json_get_string (meeting, "meeting", "location", PLENUM_JSON_NULLABLE,
                               &location, error) ||
      !plenum_json_get_uuid (meeting, "meeting", "chair_id", PLENUM_JSON_REQUIRED, &chair_id,
                             error) ||
      !plenum_json_get_uuid (meeting, "meeting", "vice_chair_id", PLENUM_JSON_NULLABLE,
                             &vice_chair_id, error) ||
      !plenum_json_get_int64 (meeting, "meeting", "packet_version", PLENUM_JSON_REQUIRED, 0,
                              PLENUM_JSON_MAX_SAFE_INTEGER, &packet_version, error) ||
      !plenum_json_get_array (meeting, "meeting", "agenda", PLENUM_JSON_REQUIRED, G_MAXUINT,
                              &agenda, error))
    return NULL;

  manifest = plenum_packet_manifest_new (operation_id, body_id, title, starts_at, location,
                                         chair_id, vice_chair_id);
  plenum_packet_manifest_set_base_packet_version (manifest, packet_version);
  cJSON_ArrayForEach (item, agenda)
    {
      g_autofree char *where = g_strdup_printf ("meeting.agenda[%u]", index);
      const char *number = NULL, *item_title = NULL;
      const cJSON *documents = NULL, *document;
      gboolean closed_session = FALSE;
      guint d = 0;

      if (!plenum_json_get_string (item, where, "number", PLENUM_JSON_REQUIRED, &number,
                                   error) ||
          !plenum_json_get_string (item, where, "title", PLENUM_JSON_REQUIRED, &item_title,
                                   error) ||
          !plenum_json_get_bool (item, where, "closed_session", PLENUM_JSON_REQUIRED,
                                 &closed_session, error) ||
          !plenum_json_get_array (item, where, "documents", PLENUM_JSON_REQUIRED, G_MAXUINT,
                                  &documents, error) ||
          !plenum_packet_manifest_add_item (manifest, number, item_title, closed_session,
                                            error))
        return NULL;
      cJSON_ArrayForEach (document, documents)
        {
          g_autofree char *document_where = g_strdup_printf ("%s.documents[%u]", where, d++);
          const char *document_title = NULL, *sha256 = NULL, *password = NULL;
          gboolean confidential = FALSE;

          if (!plenum_json_get_string (document, document_where, "title",
                                       PLENUM_JSON_REQUIRED, &document_title, error) ||
              !plenum_json_get_sha256 (document, document_where, "sha256",
                                       PLENUM_JSON_REQUIRED, &sha256, error) ||
              !plenum_json_get_bool (document, document_where, "confidential",
                                     PLENUM_JSON_REQUIRED, &confidential, error) ||
              !plenum_document_read_password (document, document_where, &password, error))
            return NULL;
          plenum_packet_manifest_add_document_with_password (manifest, index, document_title,
                                                             sha256, confidential, password);
        }
      index++;
    }
  return g_steal_pointer (&manifest);
}

/* Publishes @meeting (edited) as @meeting_id's packet. *@answer gets the server's Meeting,
 * *@operation_id the id it was sent with. Returns an exit code, having said what failed. */
static int
publish_meeting (PlenumCtl   *ctl,
                 const char  *meeting_id,
                 const cJSON *meeting,
                 const char  *what,
                 cJSON      **answer,
                 char       **operation_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumPacketManifest) manifest = NULL;
  g_autoptr(cJSON) manifest_json = NULL;
  g_autoptr(cJSON) result = NULL;
  g_autofree char *id = plenum_uuid_new ();
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/packet", meeting_id);
  g_autofree char *doing = NULL;
  gint64 packet_version = 0;
  int code;

  manifest = manifest_from_meeting (meeting, id, &error);
  if (manifest == NULL)
    {
      plenum_ctl_complain (_("%s: the server's meeting cannot be written back: %s"), what,
                           error->message);
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }
  manifest_json = plenum_packet_manifest_to_json (manifest);
  doing = g_strdup_printf (_("%s: publishing meeting %s"), what, meeting_id);
  code = plenum_ctl_request_retrying (ctl, "PUT", path, manifest_json, &result, doing);
  if (code != PLENUM_CTL_EXIT_OK)
    {
      /* The server's words say what happened; the remedy for a stale read is ours. */
      if (code == PLENUM_CTL_EXIT_REFUSED)
        plenum_ctl_complain (_("%s: nothing was changed; if someone else changed the meeting "
                             "meanwhile, look at it (“plenumctl meeting %s”) and run the "
                             "command again"), what, meeting_id);
      return code;
    }
  if (result == NULL ||
      !plenum_json_get_int64 (result, NULL, "packet_version", PLENUM_JSON_REQUIRED, 1,
                              PLENUM_JSON_MAX_SAFE_INTEGER, &packet_version, &error))
    {
      plenum_ctl_complain (_("%s: the server's answer is not a meeting: %s"), what,
                           error != NULL ? error->message : _("empty"));
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }
  *answer = g_steal_pointer (&result);
  *operation_id = g_steal_pointer (&id);
  return PLENUM_CTL_EXIT_OK;
}

/* What a write prints: @text (and the packet version) or, with --json, { "meeting_id",
 * "changed", "packet_version", "operation_id" (null when nothing was sent), "meeting" }
 * plus @extra's members (taken). */
static int
print_written (PlenumCtl   *ctl,
               const char  *meeting_id,
               const cJSON *meeting,
               const char  *operation_id,
               cJSON       *extra,
               const char  *text)
{
  gint64 packet_version = plenum_ctl_member_int (meeting, "packet_version");

  if (ctl->json)
    {
      g_autoptr(cJSON) out = cJSON_CreateObject ();

      plenum_json_add_string (out, "meeting_id", meeting_id);
      plenum_json_add_bool (out, "changed", operation_id != NULL);
      plenum_json_add_int64 (out, "packet_version", packet_version);
      plenum_json_add_string (out, "operation_id", operation_id);
      while (extra != NULL && extra->child != NULL)
        {
          cJSON *member = cJSON_DetachItemViaPointer (extra, extra->child);

          cJSON_AddItemToObject (out, member->string, member);
        }
      cJSON_AddItemToObject (out, "meeting", cJSON_Duplicate (meeting, TRUE));
      plenum_ctl_print_json (out);
    }
  else if (operation_id == NULL)
    /* Translators: %s is a sentence such as "Changed item 2 of meeting …". */
    printf (_("%s (nothing to publish: packet version %lld stays).\n"), text,
            (long long) packet_version);
  else
    /* Translators: %s is a sentence such as "Changed item 2 of meeting …". */
    printf (_("%s (packet version %lld).\n"), text, (long long) packet_version);
  if (extra != NULL)
    cJSON_Delete (extra);
  return PLENUM_CTL_EXIT_OK;
}

/* Publishes @meeting when it differs from @before (the meeting as read), then prints.
 * An edit that changes nothing publishes nothing: a new packet version would make every
 * terminal fetch the packet again for no change. */
static int
publish_and_print (PlenumCtl   *ctl,
                   const char  *meeting_id,
                   const cJSON *before,
                   const cJSON *meeting,
                   const char  *what,
                   cJSON       *extra,
                   const char  *text)
{
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *operation_id = NULL;
  int code;

  if (before != NULL && cJSON_Compare (before, meeting, TRUE))
    return print_written (ctl, meeting_id, meeting, NULL, extra, text);
  code = publish_meeting (ctl, meeting_id, meeting, what, &answer, &operation_id);
  if (code != PLENUM_CTL_EXIT_OK)
    {
      if (extra != NULL)
        cJSON_Delete (extra);
      return code;
    }
  return print_written (ctl, meeting_id, answer, operation_id, extra, text);
}

/* ---- people and bodies ----------------------------------------------------------------- */

/* GET /api/v1/bodies, and the body named (or with the id) @body in it: *@found points
 * into *@bodies_answer. Returns an exit code. */
static int
find_body (PlenumCtl    *ctl,
           const char   *what,
           const char   *body,
           gboolean      by_id,
           cJSON       **bodies_answer,
           const cJSON **found)
{
  g_autoptr(GError) error = NULL;
  const cJSON *bodies = NULL, *candidate;

  if (!plenum_ctl_request (ctl, "GET", "/api/v1/bodies", NULL, bodies_answer, &error))
    return plenum_ctl_exit_for_error (ctl, _("reading the server's bodies"), error);
  if (*bodies_answer == NULL ||
      !plenum_json_get_array (*bodies_answer, NULL, "bodies", PLENUM_JSON_REQUIRED, G_MAXUINT,
                              &bodies, &error))
    {
      plenum_ctl_complain (_("reading the server's bodies: %s"),
                           error != NULL ? error->message : _("empty"));
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }
  cJSON_ArrayForEach (candidate, bodies)
    if (g_str_equal (plenum_ctl_member_string (candidate, "id"), body) ||
        (!by_id && g_str_equal (plenum_ctl_member_string (candidate, "name"), body)))
      {
        *found = candidate;
        return PLENUM_CTL_EXIT_OK;
      }
  if (by_id)
    plenum_ctl_complain (_("%s: the server does not list the meeting's body %s"), what, body);
  else
    plenum_ctl_complain (_("%s: --body: there is no body named “%s” on this server (see the "
                         "bodies with “plenumctl --json meetings”)"), what, body);
  return PLENUM_CTL_EXIT_BAD_INPUT;
}

/* The account id of the member of @body given as @who (a sign-in name, or an account id)
 * for @option; NULL after saying why. */
static const char *
find_member (const cJSON *body,
             const char  *what,
             const char  *option,
             const char  *who)
{
  const cJSON *member;

  cJSON_ArrayForEach (member, cJSON_GetObjectItemCaseSensitive (body, "members"))
    if (g_str_equal (plenum_ctl_member_string (member, "name"), who) ||
        g_str_equal (plenum_ctl_member_string (member, "id"), who))
      return plenum_ctl_member_string (member, "id");
  plenum_ctl_complain (_("%s: %s: “%s” is not a member of %s (give a member's sign-in name)"),
                       what, option, who, plenum_ctl_member_string (body, "name"));
  return NULL;
}

static gboolean
check_person (const char *what,
              const char *option,
              const char *who)
{
  if (who == NULL || plenum_is_sign_in_name (who) || plenum_is_uuid (who))
    return TRUE;
  plenum_ctl_complain (_("%s: %s: “%s” is not a sign-in name (lowercase letters, digits, “.”, "
                       "“-”, “_”) nor an account id"), what, option, who);
  return FALSE;
}

/* ---- meeting create, edit -------------------------------------------------------------- */

static int
meeting_create (PlenumCtl  *ctl,
                int         argc,
                char      **argv)
{
  g_autofree char *body = NULL;
  g_autofree char *title = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *chair = NULL;
  g_autofree char *vice_chair = NULL;
  g_autofree char *location = NULL;
  g_autofree char *meeting_id = NULL;
  GOptionEntry entries[] = {
    { "body", 0, 0, G_OPTION_ARG_STRING, &body, N_("The body that meets (its name or id)"), "BODY" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The meeting's title"), "TITLE" },
    { "starts", 0, 0, G_OPTION_ARG_STRING, &starts,
      N_("When it starts: ISO 8601 with a zone, or “YYYY-MM-DD HH:MM” in local time"), "TIME" },
    { "chair", 0, 0, G_OPTION_ARG_STRING, &chair, N_("The chair's sign-in name"), "NAME" },
    { "vice-chair", 0, 0, G_OPTION_ARG_STRING, &vice_chair, N_("The vice chair's sign-in name"),
      "NAME" },
    { "location", 0, 0, G_OPTION_ARG_STRING, &location, N_("Where it is held"), "LOCATION" },
    { "id", 0, 0, G_OPTION_ARG_STRING, &meeting_id,
      N_("The new meeting's id (default: a new random UUID)"), "UUID" },
    { NULL }
  };
  const char *what = "meeting create";
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) starts_at = NULL;
  g_autoptr(cJSON) bodies_answer = NULL;
  g_autoptr(cJSON) existing = NULL;
  g_autoptr(cJSON) meeting = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  const cJSON *found = NULL;
  const char *chair_id, *vice_chair_id = NULL;
  int code;

  if (!plenum_ctl_parse_options ("", _("Creates a meeting with an empty agenda (packet version 1); "
                                 "add items with “plenumctl item add”."), entries, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 1)
    {
      plenum_ctl_complain (_("%s: unexpected argument “%s” (every value is given with an option)"),
                           what, argv[1]);
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (body == NULL || title == NULL || starts == NULL || chair == NULL)
    {
      plenum_ctl_complain (_("%s: give --body, --title, --starts and --chair"), what);
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (meeting_id != NULL && !plenum_is_uuid (meeting_id))
    {
      plenum_ctl_complain (_("%s: --id: “%s” is not a lowercase UUID"), what, meeting_id);
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (!check_text ("--title", title, PLENUM_TITLE_MAX_CHARS) ||
      (location != NULL && !check_text ("--location", location, PLENUM_LOCATION_MAX_CHARS)) ||
      !check_person (what, "--chair", chair) || !check_person (what, "--vice-chair", vice_chair))
    return PLENUM_CTL_EXIT_USAGE;
  starts_at = parse_time ("--starts", starts);
  if (starts_at == NULL)
    return PLENUM_CTL_EXIT_USAGE;
  if (meeting_id == NULL)
    meeting_id = plenum_uuid_new ();

  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  code = find_body (ctl, what, body, FALSE, &bodies_answer, &found);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  chair_id = find_member (found, what, "--chair", chair);
  if (chair_id == NULL)
    return PLENUM_CTL_EXIT_BAD_INPUT;
  if (vice_chair != NULL)
    {
      vice_chair_id = find_member (found, what, "--vice-chair", vice_chair);
      if (vice_chair_id == NULL)
        return PLENUM_CTL_EXIT_BAD_INPUT;
      if (g_str_equal (vice_chair_id, chair_id))
        {
          plenum_ctl_complain (_("%s: --vice-chair: the chair cannot also be the vice chair"), what);
          return PLENUM_CTL_EXIT_BAD_INPUT;
        }
    }

  /* A meeting that exists already is not created over: the server would take the
   * manifest as a new packet for it (base_packet_version 0 refuses that too, but this
   * says so plainly). */
  path = g_strdup_printf ("/api/v1/meetings/%s", meeting_id);
  if (plenum_ctl_request (ctl, "GET", path, NULL, &existing, &error))
    {
      plenum_ctl_complain (_("%s: --id: meeting %s exists already (“%s”); change it with "
                           "“plenumctl meeting edit”"), what, meeting_id,
                           plenum_ctl_member_string (existing, "title"));
      return PLENUM_CTL_EXIT_REFUSED;
    }
  if (!g_error_matches (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_NOT_FOUND))
    return plenum_ctl_exit_for_error (ctl, what, error);

  meeting = cJSON_CreateObject ();
  plenum_json_add_string (meeting, "id", meeting_id);
  plenum_json_add_string (meeting, "body_id", plenum_ctl_member_string (found, "id"));
  plenum_json_add_string (meeting, "title", title);
  plenum_json_add_time (meeting, "starts_at", starts_at);
  plenum_json_add_string (meeting, "location", location);
  plenum_json_add_string (meeting, "chair_id", chair_id);
  plenum_json_add_string (meeting, "vice_chair_id", vice_chair_id);
  plenum_json_add_int64 (meeting, "packet_version", 0);
  cJSON_AddItemToObject (meeting, "agenda", cJSON_CreateArray ());
  text = g_strdup_printf (_("Created meeting %s “%s”"), meeting_id, title);
  return publish_and_print (ctl, meeting_id, NULL, meeting, what, NULL, text);
}

static int
meeting_edit (PlenumCtl  *ctl,
              int         argc,
              char      **argv)
{
  g_autofree char *title = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *chair = NULL;
  g_autofree char *vice_chair = NULL;
  g_autofree char *location = NULL;
  GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("A new title"), "TITLE" },
    { "starts", 0, 0, G_OPTION_ARG_STRING, &starts,
      N_("A new start: ISO 8601 with a zone, or “YYYY-MM-DD HH:MM” in local time"), "TIME" },
    { "location", 0, 0, G_OPTION_ARG_STRING, &location, N_("A new place (\"\": none)"),
      "LOCATION" },
    { "chair", 0, 0, G_OPTION_ARG_STRING, &chair, N_("A new chair (sign-in name)"), "NAME" },
    { "vice-chair", 0, 0, G_OPTION_ARG_STRING, &vice_chair,
      N_("A new vice chair (sign-in name; \"\": none)"), "NAME" },
    { NULL }
  };
  const char *what = "meeting edit";
  g_autoptr(GDateTime) starts_at = NULL;
  g_autoptr(cJSON) before = NULL;
  g_autoptr(cJSON) meeting = NULL;
  g_autoptr(cJSON) bodies_answer = NULL;
  g_autofree char *text = NULL;
  const char *meeting_id;
  int code;

  if (!plenum_ctl_parse_options ("MEETING_ID", _("Changes a meeting's title, start, place, chair "
                                 "or vice chair; the agenda and documents stay as they are."),
                                 entries, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 2 || !plenum_is_uuid (argv[1]))
    {
      plenum_ctl_complain (_("%s: give one meeting id (a lowercase UUID, see “plenumctl meetings”)"),
                           what);
      return PLENUM_CTL_EXIT_USAGE;
    }
  meeting_id = argv[1];
  if (title == NULL && starts == NULL && location == NULL && chair == NULL &&
      vice_chair == NULL)
    {
      plenum_ctl_complain (_("%s: nothing to change: give --title, --starts, --location, --chair "
                           "or --vice-chair"), what);
      return PLENUM_CTL_EXIT_USAGE;
    }
  if ((title != NULL && !check_text ("--title", title, PLENUM_TITLE_MAX_CHARS)) ||
      (location != NULL && location[0] != '\0' &&
       !check_text ("--location", location, PLENUM_LOCATION_MAX_CHARS)) ||
      !check_person (what, "--chair", chair) ||
      (vice_chair != NULL && vice_chair[0] != '\0' &&
       !check_person (what, "--vice-chair", vice_chair)))
    return PLENUM_CTL_EXIT_USAGE;
  if (starts != NULL)
    {
      starts_at = parse_time ("--starts", starts);
      if (starts_at == NULL)
        return PLENUM_CTL_EXIT_USAGE;
    }

  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  code = fetch_meeting (ctl, meeting_id, what, &before);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  meeting = cJSON_Duplicate (before, TRUE);

  if (chair != NULL || (vice_chair != NULL && vice_chair[0] != '\0'))
    {
      const cJSON *body = NULL;

      code = find_body (ctl, what, plenum_ctl_member_string (meeting, "body_id"), TRUE,
                        &bodies_answer, &body);
      if (code != PLENUM_CTL_EXIT_OK)
        return code;
      if (chair != NULL)
        {
          const char *id = find_member (body, what, "--chair", chair);

          if (id == NULL)
            return PLENUM_CTL_EXIT_BAD_INPUT;
          set_string (meeting, "chair_id", id);
        }
      if (vice_chair != NULL && vice_chair[0] != '\0')
        {
          const char *id = find_member (body, what, "--vice-chair", vice_chair);

          if (id == NULL)
            return PLENUM_CTL_EXIT_BAD_INPUT;
          set_string (meeting, "vice_chair_id", id);
        }
    }
  if (vice_chair != NULL && vice_chair[0] == '\0')
    set_string (meeting, "vice_chair_id", NULL);
  if (g_str_equal (plenum_ctl_member_string (meeting, "chair_id"),
                   plenum_ctl_member_string (meeting, "vice_chair_id")))
    {
      plenum_ctl_complain (_("%s: the chair cannot also be the vice chair (change the other one "
                           "too, or give --vice-chair \"\")"), what);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }
  if (title != NULL)
    set_string (meeting, "title", title);
  if (location != NULL)
    set_string (meeting, "location", location[0] != '\0' ? location : NULL);
  if (starts_at != NULL)
    {
      g_autofree char *formatted = plenum_time_format (starts_at);

      set_string (meeting, "starts_at", formatted);
    }
  text = g_strdup_printf (_("Changed meeting %s “%s”"), meeting_id,
                          plenum_ctl_member_string (meeting, "title"));
  return publish_and_print (ctl, meeting_id, before, meeting, what, NULL, text);
}

/* `meeting create|edit …` from plenum_ctl_meeting() (plenum-ctl.c), @argv[1] the
 * subcommand. */
int
plenum_ctl_meeting_create (PlenumCtl  *ctl,
                           int         argc,
                           char      **argv)
{
  shift_subcommand ("meeting", &argc, &argv);
  return meeting_create (ctl, argc, argv);
}

int
plenum_ctl_meeting_edit (PlenumCtl  *ctl,
                         int         argc,
                         char      **argv)
{
  shift_subcommand ("meeting", &argc, &argv);
  return meeting_edit (ctl, argc, argv);
}

/* ---- item ------------------------------------------------------------------------------ */

/* Arguments every item subcommand starts with: MEETING_ID NUMBER. */
static gboolean
check_item_arguments (const char  *what,
                      int          argc,
                      char       **argv,
                      int          expected)
{
  if (argc != expected || !plenum_is_uuid (argv[1]))
    {
      plenum_ctl_complain (_("%s: give a meeting id (a lowercase UUID) and an item number%s "
                           "(see “%s --help”)"), what, expected > 3 ? _(" and a title") : "",
                           g_get_prgname ());
      return FALSE;
    }
  return check_text ("NUMBER", argv[2], PLENUM_ITEM_NUMBER_MAX_CHARS);
}

static int
item_add (PlenumCtl  *ctl,
          int         argc,
          char      **argv)
{
  gboolean closed_session = FALSE;
  g_autofree char *before_number = NULL;
  GOptionEntry entries[] = {
    { "closed-session", 0, 0, G_OPTION_ARG_NONE, &closed_session,
      N_("The item is discussed in closed session"), NULL },
    { "before", 0, 0, G_OPTION_ARG_STRING, &before_number,
      N_("Put it before the item numbered NUMBER (default: last)"), "NUMBER" },
    { NULL }
  };
  const char *what = "item add";
  g_autoptr(cJSON) before = NULL;
  g_autoptr(cJSON) meeting = NULL;
  g_autofree char *text = NULL;
  cJSON *agenda, *item;
  int code, index = -1;

  if (!plenum_ctl_parse_options ("MEETING_ID NUMBER TITLE", _("Adds an agenda item without "
                                 "documents (attach them with “plenumctl attach”)."), entries,
                                 &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (!check_item_arguments (what, argc, argv, 4) ||
      !check_text ("TITLE", argv[3], PLENUM_TITLE_MAX_CHARS))
    return PLENUM_CTL_EXIT_USAGE;

  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  code = fetch_meeting (ctl, argv[1], what, &before);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  meeting = cJSON_Duplicate (before, TRUE);
  if (find_item (meeting, argv[2], NULL) != NULL)
    {
      plenum_ctl_complain (_("%s: NUMBER: meeting %s has an item numbered “%s” already"), what,
                           argv[1], argv[2]);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }
  if (before_number != NULL && find_item (meeting, before_number, &index) == NULL)
    return complain_no_item (what, "--before", before_number, meeting);

  item = cJSON_CreateObject ();
  plenum_json_add_string (item, "number", argv[2]);
  plenum_json_add_string (item, "title", argv[3]);
  plenum_json_add_bool (item, "closed_session", closed_session);
  cJSON_AddItemToObject (item, "documents", cJSON_CreateArray ());
  agenda = cJSON_GetObjectItemCaseSensitive (meeting, "agenda");
  insert_item (agenda, index, item);
  text = g_strdup_printf (_("Added item %s “%s” to meeting %s"), argv[2], argv[3], argv[1]);
  return publish_and_print (ctl, argv[1], before, meeting, what, NULL, text);
}

static int
item_edit (PlenumCtl  *ctl,
           int         argc,
           char      **argv)
{
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  g_autofree char *closed = NULL;
  GOptionEntry entries[] = {
    { "number", 0, 0, G_OPTION_ARG_STRING, &number, N_("A new number"), "NUMBER" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("A new title"), "TITLE" },
    { "closed-session", 0, 0, G_OPTION_ARG_STRING, &closed,
      N_("Whether the item is discussed in closed session"), "yes|no" },
    { NULL }
  };
  const char *what = "item edit";
  g_autoptr(cJSON) before = NULL;
  g_autoptr(cJSON) meeting = NULL;
  g_autofree char *text = NULL;
  cJSON *item;
  int code;

  if (!plenum_ctl_parse_options ("MEETING_ID NUMBER", _("Changes an agenda item's number, title "
                                 "or closed session; its documents stay. A new number gives "
                                 "the item's documents new ids (members' notes stay with the "
                                 "old ones)."), entries, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (!check_item_arguments (what, argc, argv, 3))
    return PLENUM_CTL_EXIT_USAGE;
  if (number == NULL && title == NULL && closed == NULL)
    {
      plenum_ctl_complain (_("%s: nothing to change: give --number, --title or --closed-session"),
                           what);
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (closed != NULL && !g_str_equal (closed, "yes") && !g_str_equal (closed, "no"))
    {
      plenum_ctl_complain (_("%s: --closed-session: give yes or no, not “%s”"), what, closed);
      return PLENUM_CTL_EXIT_USAGE;
    }
  if ((number != NULL && !check_text ("--number", number, PLENUM_ITEM_NUMBER_MAX_CHARS)) ||
      (title != NULL && !check_text ("--title", title, PLENUM_TITLE_MAX_CHARS)))
    return PLENUM_CTL_EXIT_USAGE;

  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  code = fetch_meeting (ctl, argv[1], what, &before);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  meeting = cJSON_Duplicate (before, TRUE);
  item = find_item (meeting, argv[2], NULL);
  if (item == NULL)
    return complain_no_item (what, "NUMBER", argv[2], meeting);
  if (number != NULL && !g_str_equal (number, argv[2]) && find_item (meeting, number, NULL) != NULL)
    {
      plenum_ctl_complain (_("%s: --number: meeting %s has an item numbered “%s” already"), what,
                           argv[1], number);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }
  if (number != NULL)
    set_string (item, "number", number);
  if (title != NULL)
    set_string (item, "title", title);
  if (closed != NULL)
    set_bool (item, "closed_session", g_str_equal (closed, "yes"));
  text = g_strdup_printf (_("Changed item %s of meeting %s"), argv[2], argv[1]);
  return publish_and_print (ctl, argv[1], before, meeting, what, NULL, text);
}

static int
item_remove (PlenumCtl  *ctl,
             int         argc,
             char      **argv)
{
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Remove the item even though it has documents (they are withdrawn with it)"), NULL },
    { NULL }
  };
  const char *what = "item remove";
  g_autoptr(cJSON) before = NULL;
  g_autoptr(cJSON) meeting = NULL;
  g_autofree char *text = NULL;
  cJSON *item;
  int code, index = 0, documents;

  if (!plenum_ctl_parse_options ("MEETING_ID NUMBER", _("Removes an agenda item. An item with "
                                 "documents is removed only with --force: its documents are "
                                 "withdrawn from every terminal."), entries, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (!check_item_arguments (what, argc, argv, 3))
    return PLENUM_CTL_EXIT_USAGE;

  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  code = fetch_meeting (ctl, argv[1], what, &before);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  meeting = cJSON_Duplicate (before, TRUE);
  item = find_item (meeting, argv[2], &index);
  if (item == NULL)
    return complain_no_item (what, "NUMBER", argv[2], meeting);
  documents = cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (item, "documents"));
  if (documents > 0 && !force)
    {
      /* Translators: the command, an item's number, a meeting's id, a count. */
      plenum_ctl_complain (ngettext ("%s: item %s of meeting %s has %d document; removing it "
                                     "withdraws it from every terminal: give --force to do so",
                                     "%s: item %s of meeting %s has %d documents; removing it "
                                     "withdraws them from every terminal: give --force to do so",
                                     (unsigned long) documents),
                           what, argv[2], argv[1], documents);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }
  cJSON_DeleteItemFromArray (cJSON_GetObjectItemCaseSensitive (meeting, "agenda"), index);
  text = g_strdup_printf (_("Removed item %s from meeting %s"), argv[2], argv[1]);
  return publish_and_print (ctl, argv[1], before, meeting, what, NULL, text);
}

static int
item_move (PlenumCtl  *ctl,
           int         argc,
           char      **argv)
{
  g_autofree char *before_number = NULL;
  gboolean last = FALSE;
  GOptionEntry entries[] = {
    { "before", 0, 0, G_OPTION_ARG_STRING, &before_number,
      N_("Move it before the item numbered NUMBER"), "NUMBER" },
    { "last", 0, 0, G_OPTION_ARG_NONE, &last, N_("Move it to the end of the agenda"), NULL },
    { NULL }
  };
  const char *what = "item move";
  g_autoptr(cJSON) before = NULL;
  g_autoptr(cJSON) meeting = NULL;
  g_autofree char *text = NULL;
  cJSON *agenda, *item;
  int code, index = 0, target = -1;

  if (!plenum_ctl_parse_options ("MEETING_ID NUMBER", _("Moves an agenda item before another, or "
                                 "to the end. Numbers and ids stay as they are."), entries,
                                 &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (!check_item_arguments (what, argc, argv, 3))
    return PLENUM_CTL_EXIT_USAGE;
  if ((before_number == NULL) == !last)
    {
      plenum_ctl_complain (_("%s: give either --before NUMBER or --last"), what);
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (before_number != NULL && g_str_equal (before_number, argv[2]))
    {
      plenum_ctl_complain (_("%s: --before: an item cannot move before itself"), what);
      return PLENUM_CTL_EXIT_USAGE;
    }

  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  code = fetch_meeting (ctl, argv[1], what, &before);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  meeting = cJSON_Duplicate (before, TRUE);
  agenda = cJSON_GetObjectItemCaseSensitive (meeting, "agenda");
  item = find_item (meeting, argv[2], &index);
  if (item == NULL)
    return complain_no_item (what, "NUMBER", argv[2], meeting);
  if (before_number != NULL && find_item (meeting, before_number, NULL) == NULL)
    return complain_no_item (what, "--before", before_number, meeting);

  cJSON_DetachItemViaPointer (agenda, item);
  if (before_number != NULL)
    find_item (meeting, before_number, &target);
  insert_item (agenda, target, item);
  if (before_number != NULL)
    /* Translators: the moved item's number, the meeting's id, the other item's number. */
    text = g_strdup_printf (_("Moved item %s of meeting %s before item %s"), argv[2], argv[1],
                            before_number);
  else
    text = g_strdup_printf (_("Moved item %s of meeting %s to the end"), argv[2], argv[1]);
  return publish_and_print (ctl, argv[1], before, meeting, what, NULL, text);
}

int
plenum_ctl_item (PlenumCtl  *ctl,
                 int         argc,
                 char      **argv)
{
  const char *action = argc >= 2 ? argv[1] : "";

  if (g_str_equal (action, "add") || g_str_equal (action, "edit") ||
      g_str_equal (action, "remove") || g_str_equal (action, "move"))
    {
      shift_subcommand ("item", &argc, &argv);
      if (g_str_equal (action, "add"))
        return item_add (ctl, argc, argv);
      if (g_str_equal (action, "edit"))
        return item_edit (ctl, argc, argv);
      if (g_str_equal (action, "remove"))
        return item_remove (ctl, argc, argv);
      return item_move (ctl, argc, argv);
    }
  if (!plenum_ctl_parse_options ("add|edit|remove|move MEETING_ID NUMBER …",
                                 _("Builds a meeting's agenda, one published packet version per "
                                 "change:\n"
                                 "  add MEETING_ID NUMBER TITLE [--closed-session] "
                                 "[--before NUMBER]\n"
                                 "  edit MEETING_ID NUMBER [--number N] [--title T] "
                                 "[--closed-session yes|no]\n"
                                 "  remove MEETING_ID NUMBER [--force]\n"
                                 "  move MEETING_ID NUMBER --before NUMBER|--last\n"
                                 "“plenumctl item SUBCOMMAND --help” gives each one's options."),
                                 NULL, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  plenum_ctl_complain (_("item: give add, edit, remove or move (see “plenumctl item --help”)"));
  return PLENUM_CTL_EXIT_USAGE;
}

/* ---- attach ---------------------------------------------------------------------------- */

/* The id of the document titled @title of the item numbered @number in @meeting, or
 * NULL. */
static const char *
find_document_id (const cJSON *meeting,
                  const char  *number,
                  const char  *title)
{
  const cJSON *item = find_item (meeting, number, NULL);
  const cJSON *document;

  cJSON_ArrayForEach (document, cJSON_GetObjectItemCaseSensitive (item, "documents"))
    if (g_str_equal (plenum_ctl_member_string (document, "title"), title))
      return plenum_ctl_member_string (document, "id");
  return NULL;
}

int
plenum_ctl_attach (PlenumCtl  *ctl,
                   int         argc,
                   char      **argv)
{
  g_autofree char *title = NULL;
  gboolean confidential = FALSE;
  gboolean password_stdin = FALSE;
  GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The document's title (required)"), "TITLE" },
    { "confidential", 0, 0, G_OPTION_ARG_NONE, &confidential,
      N_("The document is confidential (terminals lock it when away from the server too long)"),
      NULL },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("The PDF is protected by a password: read it from stdin (one line)"), NULL },
    { NULL }
  };
  const char *what = "attach";
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) before = NULL;
  g_autoptr(cJSON) meeting = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *operation_id = NULL;
  g_autofree char *label = NULL;
  char *password = NULL;
  PlenumCtlUploads uploads = { 0, 0, 0 };
  PlenumCtlBlobFile file = { 0 };
  char sha256[PLENUM_SHA256_HEX_LEN + 1] = "";
  guint64 size = 0;
  int pages = 0;
  const cJSON *document;
  cJSON *item, *added, *extra;
  const char *meeting_id, *number, *path, *document_id;
  int code;

  if (!plenum_ctl_parse_options ("MEETING_ID NUMBER FILE.pdf", _("Adds FILE.pdf as a document of "
                                 "the agenda item NUMBER. The PDF is checked with poppler "
                                 "first; the server gets it only if it lacks it."), entries,
                                 &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 4 || !plenum_is_uuid (argv[1]))
    {
      plenum_ctl_complain (_("%s: give a meeting id (a lowercase UUID), an item number and a PDF "
                           "file"), what);
      return PLENUM_CTL_EXIT_USAGE;
    }
  meeting_id = argv[1];
  number = argv[2];
  path = argv[3];
  if (title == NULL)
    {
      plenum_ctl_complain (_("%s: give the document's title with --title"), what);
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (!check_text ("NUMBER", number, PLENUM_ITEM_NUMBER_MAX_CHARS) ||
      !check_text ("--title", title, PLENUM_TITLE_MAX_CHARS))
    return PLENUM_CTL_EXIT_USAGE;
  if (password_stdin)
    {
      password = plenum_ctl_read_secret (_("PDF password: "));
      if (password == NULL || !plenum_is_document_password (password) ||
          strlen (password) >= SECRET_LINE_MAX)
        {
          plenum_secret_free (password);
          plenum_ctl_complain (_("%s: --password-stdin: no password on stdin (one line of 1 to "
                               "%d bytes without control characters)"), what,
                               SECRET_LINE_MAX - 1);
          return PLENUM_CTL_EXIT_USAGE;
        }
    }

  /* The file is read and checked before anything is sent, by the packet folder's rules
   * (no link, poppler opens it, every page readable): a bad PDF uploads nothing. */
  if (!plenum_packet_check_pdf_file (path, password, sha256, &size, &pages, NULL, &error))
    {
      plenum_secret_free (password);
      plenum_ctl_complain ("%s", error->message);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }

  code = plenum_ctl_connect (ctl, TRUE);
  if (code == PLENUM_CTL_EXIT_OK)
    code = fetch_meeting (ctl, meeting_id, what, &before);
  if (code != PLENUM_CTL_EXIT_OK)
    {
      plenum_secret_free (password);
      return code;
    }
  meeting = cJSON_Duplicate (before, TRUE);
  item = find_item (meeting, number, NULL);
  if (item == NULL)
    {
      plenum_secret_free (password);
      return complain_no_item (what, "NUMBER", number, meeting);
    }
  if (find_document_id (meeting, number, title) != NULL)
    {
      plenum_secret_free (password);
      plenum_ctl_complain (_("%s: --title: item %s has a document titled “%s” already; give "
                           "another title (or revise that one with “plenumctl revise”)"), what,
                           number, title);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }

  label = g_path_get_basename (path);
  file.sha256 = sha256;
  file.path = path;
  file.label = label;
  file.size = size;
  files = g_ptr_array_new ();
  g_ptr_array_add (files, &file);
  code = plenum_ctl_upload_missing (ctl, what, files, &uploads);
  if (code != PLENUM_CTL_EXIT_OK)
    {
      plenum_secret_free (password);
      return code;
    }

  added = cJSON_CreateObject ();
  plenum_json_add_string (added, "title", title);
  plenum_json_add_string (added, "sha256", sha256);
  plenum_json_add_bool (added, "confidential", confidential);
  if (password != NULL)
    plenum_json_add_string (added, "password", password);
  plenum_secret_free (password);
  cJSON_AddItemToArray (cJSON_GetObjectItemCaseSensitive (item, "documents"), added);
  code = publish_meeting (ctl, meeting_id, meeting, what, &answer, &operation_id);
  /* The request held the password: wipe the copies in memory. */
  cJSON_ArrayForEach (document, cJSON_GetObjectItemCaseSensitive (item, "documents"))
    {
      const cJSON *secret = cJSON_GetObjectItemCaseSensitive (document, "password");

      if (cJSON_IsString (secret))
        memset (secret->valuestring, 0, strlen (secret->valuestring));
    }
  if (code != PLENUM_CTL_EXIT_OK)
    return code;

  document_id = find_document_id (answer, number, title);
  extra = cJSON_CreateObject ();
  plenum_json_add_string (extra, "document_id", document_id);
  plenum_json_add_string (extra, "sha256", sha256);
  plenum_json_add_int64 (extra, "pages", pages);
  plenum_json_add_int64 (extra, "blobs_uploaded", (gint64) uploads.uploaded);
  plenum_json_add_int64 (extra, "bytes_uploaded", (gint64) uploads.bytes_uploaded);
  {
    g_autofree char *text =
      /* Translators: the file, the document's title, its id, its pages, the item's
       * number and the meeting's id. */
      g_strdup_printf (ngettext ("Attached %s as “%s” (document %s, %d page) to item %s of "
                                 "meeting %s",
                                 "Attached %s as “%s” (document %s, %d pages) to item %s of "
                                 "meeting %s", (unsigned long) pages),
                       label, title, document_id != NULL ? document_id : "?", pages, number,
                       meeting_id);

    return print_written (ctl, meeting_id, answer, operation_id, extra, text);
  }
}

/* ---- opinion --------------------------------------------------------------------------- */

static int
opinion_open (PlenumCtl  *ctl,
              int         argc,
              char      **argv)
{
  g_autofree char *title = NULL;
  g_autofree char *deadline_text = NULL;
  GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("What the members are asked (required)"),
      "TITLE" },
    { "deadline", 0, 0, G_OPTION_ARG_STRING, &deadline_text,
      N_("Until when they may answer: ISO 8601 with a zone, or “YYYY-MM-DD HH:MM” in local "
      "time (required)"), "TIME" },
    { NULL }
  };
  const char *what = "opinion open";
  g_autoptr(GDateTime) deadline = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(cJSON) request = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *operation_id = plenum_uuid_new ();
  g_autofree char *path = NULL;
  int code;

  if (!plenum_ctl_parse_options ("MEETING_ID DOCUMENT_ID", _("Opens an opinion round: asks the "
                                 "members of the meeting's body for their opinion on a "
                                 "document before the deadline."), entries, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 3 || !plenum_is_uuid (argv[1]) || !plenum_is_uuid (argv[2]))
    {
      plenum_ctl_complain (_("%s: give a meeting id and a document id (lowercase UUIDs, see "
                           "“plenumctl --json meeting MEETING_ID”)"), what);
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (title == NULL || deadline_text == NULL)
    {
      plenum_ctl_complain (_("%s: give --title and --deadline"), what);
      return PLENUM_CTL_EXIT_USAGE;
    }
  if (!check_text ("--title", title, ROUND_TITLE_MAX_CHARS))
    return PLENUM_CTL_EXIT_USAGE;
  deadline = parse_time ("--deadline", deadline_text);
  if (deadline == NULL)
    return PLENUM_CTL_EXIT_USAGE;
  if (g_date_time_compare (deadline, now) <= 0)
    {
      plenum_ctl_complain (_("%s: --deadline: “%s” has passed already"), what, deadline_text);
      return PLENUM_CTL_EXIT_USAGE;
    }

  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  request = cJSON_CreateObject ();
  plenum_json_add_string (request, "operation_id", operation_id);
  plenum_json_add_string (request, "document_id", argv[2]);
  plenum_json_add_string (request, "title", title);
  plenum_json_add_time (request, "deadline", deadline);
  path = g_strdup_printf ("/api/v1/meetings/%s/opinion-rounds", argv[1]);
  code = plenum_ctl_request_retrying (ctl, "POST", path, request, &answer, what);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  if (answer == NULL || !cJSON_IsString (cJSON_GetObjectItemCaseSensitive (answer, "id")))
    {
      plenum_ctl_complain (_("%s: the server's answer is not an opinion round"), what);
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }
  if (ctl->json)
    plenum_ctl_print_json (answer);
  else
    printf (_("Opened opinion round %s “%s” on document %s of meeting %s, until %s.\n"),
            plenum_ctl_member_string (answer, "id"), plenum_ctl_member_string (answer, "title"),
            argv[2], argv[1], plenum_ctl_member_string (answer, "deadline"));
  return PLENUM_CTL_EXIT_OK;
}

static int
opinion_list (PlenumCtl  *ctl,
              int         argc,
              char      **argv)
{
  const char *what = "opinion list";
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *path = NULL;
  const cJSON *rounds = NULL, *round;
  int code;

  if (!plenum_ctl_parse_options ("MEETING_ID", _("Lists a meeting's opinion rounds: state, how "
                                 "many members answered, deadline; --json gives the answers "
                                 "and who has not answered."), NULL, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 2 || !plenum_is_uuid (argv[1]))
    {
      plenum_ctl_complain (_("%s: give one meeting id (a lowercase UUID)"), what);
      return PLENUM_CTL_EXIT_USAGE;
    }
  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  path = g_strdup_printf ("/api/v1/meetings/%s/opinion-rounds", argv[1]);
  if (!plenum_ctl_request (ctl, "GET", path, NULL, &answer, &error))
    return plenum_ctl_exit_for_error (ctl, what, error);
  if (answer == NULL ||
      !plenum_json_get_array (answer, NULL, "rounds", PLENUM_JSON_REQUIRED, G_MAXUINT, &rounds,
                              &error))
    {
      plenum_ctl_complain ("%s: %s", what, error != NULL ? error->message : _("empty answer"));
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }
  if (ctl->json)
    {
      plenum_ctl_print_json (answer);
      return PLENUM_CTL_EXIT_OK;
    }
  cJSON_ArrayForEach (round, rounds)
    /* Translators: one opinion round: its id, its state (open, closed), how many of how
     * many members answered, the deadline, the title and the document's id. */
    printf (_("%s  %-6s  %lld/%lld answered  until %s  “%s” (document %s)\n"),
            plenum_ctl_member_string (round, "id"), plenum_ctl_member_string (round, "state"),
            (long long) plenum_ctl_member_int (round, "answered"),
            (long long) plenum_ctl_member_int (round, "members"),
            plenum_ctl_member_string (round, "deadline"), plenum_ctl_member_string (round, "title"),
            plenum_ctl_member_string (round, "document_id"));
  if (cJSON_GetArraySize (rounds) == 0)
    printf (_("No opinion rounds.\n"));
  return PLENUM_CTL_EXIT_OK;
}

int
plenum_ctl_opinion (PlenumCtl  *ctl,
                    int         argc,
                    char      **argv)
{
  const char *action = argc >= 2 ? argv[1] : "";

  if (g_str_equal (action, "open") || g_str_equal (action, "list"))
    {
      shift_subcommand ("opinion", &argc, &argv);
      return g_str_equal (action, "open") ? opinion_open (ctl, argc, argv)
                                          : opinion_list (ctl, argc, argv);
    }
  if (!plenum_ctl_parse_options ("open|list MEETING_ID …",
                                 _("Opinion rounds (“xin ý kiến”):\n"
                                 "  open MEETING_ID DOCUMENT_ID --title T --deadline TIME\n"
                                 "  list MEETING_ID\n"
                                 "“plenumctl opinion SUBCOMMAND --help” gives each one's "
                                 "options."), NULL, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  plenum_ctl_complain (_("opinion: give open or list (see “plenumctl opinion --help”)"));
  return PLENUM_CTL_EXIT_USAGE;
}
