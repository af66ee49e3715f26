/* plenum-server-import.c — packet folders, accounts files and the demo; see
 * plenum-server-import.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-server"

#include "plenum-server-import.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>

#include "core/plenum-json.h"
#include "core/plenum-limits.h"
#include "packet/plenum-packet-folder.h"
#include "plenum-demo.h"
#include "plenum-server-credentials.h"

/* Who the operation records name for what the command line publishes. */
#define IMPORT_ACCOUNT_ID "plenum-server --import-packet"

/* The largest accounts file read. */
#define ACCOUNTS_FILE_MAX_SIZE (4 * 1024 * 1024)

void
plenum_server_import_summary_clear (PlenumServerImportSummary *summary)
{
  g_clear_pointer (&summary->meeting_id, g_free);
  g_clear_pointer (&summary->title, g_free);
  summary->packet_version = 0;
  summary->n_items = 0;
  summary->n_documents = 0;
  summary->n_new_blobs = 0;
}

static char *
find_account_id (PlenumServerDb  *db,
                 const char      *name,
                 const char      *field,
                 GError         **error)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;

  account = plenum_server_db_find_account (db, name, NULL, &local_error);
  if (account == NULL)
    {
      if (g_error_matches (local_error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
        g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_INVALID,
                     _("packet.json: %s: no account signs in as “%s” on this server"), field, name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_strdup (account->id);
}

gboolean
plenum_server_import_packet (PlenumServerDb             *db,
                             PlenumBlobStore            *blobs,
                             const char                 *folder,
                             guint                       retention,
                             PlenumServerImportSummary  *summary,
                             PlenumServerEvent         **event,
                             GError                    **error)
{
  g_autoptr(PlenumPacketFolder) read = NULL;
  g_autoptr(PlenumServerPacket) packet = plenum_server_packet_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *operation_id = plenum_uuid_new ();
  g_autofree char *request_hash = NULL;
  PlenumServerAccount importer = { .id = (char *) IMPORT_ACCOUNT_ID,
                                   .role = PLENUM_ROLE_SECRETARY };
  PlenumServerPublishResult result = { 0 };
  guint n_documents = 0;
  guint n_new_blobs = 0;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (PLENUM_IS_BLOB_STORE (blobs), FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);

  /* Everything is checked (every PDF hashed and opened) before anything is stored. */
  read = plenum_packet_folder_read (folder, NULL, error);
  if (read == NULL)
    return FALSE;

  packet->body_id = plenum_server_db_find_body (db, read->body, &local_error);
  if (packet->body_id == NULL)
    {
      if (g_error_matches (local_error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
        g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_INVALID,
                     _("packet.json: meeting.body: there is no body named “%s” on this server "
                     "(add it with --import-accounts)"), read->body);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  packet->chair_id = find_account_id (db, read->chair, "meeting.chair", error);
  if (packet->chair_id == NULL)
    return FALSE;
  if (read->vice_chair != NULL)
    {
      packet->vice_chair_id = find_account_id (db, read->vice_chair, "meeting.vice_chair",
                                               error);
      if (packet->vice_chair_id == NULL)
        return FALSE;
    }
  packet->title = g_strdup (read->title);
  packet->starts_at = g_date_time_to_unix (read->starts_at);
  packet->location = g_strdup (read->location);

  for (guint i = 0; i < read->items->len; i++)
    {
      const PlenumPacketFolderItem *folder_item = g_ptr_array_index (read->items, i);
      PlenumServerPacketItem *item = plenum_server_packet_item_new ();

      item->number = g_strdup (folder_item->number);
      item->title = g_strdup (folder_item->title);
      item->closed_session = folder_item->closed_session;
      g_ptr_array_add (packet->items, item);

      for (guint j = 0; j < folder_item->documents->len; j++)
        {
          const PlenumPacketFolderDocument *folder_document =
            g_ptr_array_index (folder_item->documents, j);
          PlenumServerPacketDocument *document = plenum_server_packet_document_new ();

          document->title = g_strdup (folder_document->title);
          memcpy (document->sha256, folder_document->sha256, sizeof document->sha256);
          document->confidential = folder_document->confidential;
          /* The folder reader opened the PDF with it, and refused one the PDF does not
           * need: a document with a password is a blob that opens with nothing else. */
          document->password = g_strdup (folder_document->password);
          document->pages = folder_document->password != NULL ? folder_document->pages : 0;
          g_ptr_array_add (item->documents, document);

          if (!plenum_blob_store_has (blobs, folder_document->sha256))
            n_new_blobs++;
          /* Copied and hashed again: the file may have changed since it was read. */
          if (!plenum_blob_store_import_file (blobs, folder_document->path,
                                              folder_document->sha256, NULL, error) ||
              !plenum_server_db_add_blob (db, folder_document->sha256, folder_document->size,
                                          folder_document->password != NULL
                                            ? -1 : folder_document->pages,
                                          error))
            return FALSE;
          n_documents++;
        }
    }

  request_hash = g_strconcat ("import:", operation_id, NULL);
  if (!plenum_server_db_publish_packet (db, read->meeting_id, packet, operation_id,
                                        request_hash, &importer,
                                        g_get_real_time () / G_USEC_PER_SEC, retention,
                                        &result, error))
    return FALSE;

  if (summary != NULL)
    {
      summary->meeting_id = g_strdup (read->meeting_id);
      summary->title = g_strdup (read->title);
      summary->packet_version = result.packet_version;
      summary->n_items = read->items->len;
      summary->n_documents = n_documents;
      summary->n_new_blobs = n_new_blobs;
    }
  if (event != NULL)
    *event = g_steal_pointer (&result.event);
  plenum_server_publish_result_clear (&result);
  return TRUE;
}

/* Accounts files */

typedef struct {
  const char *name;
  const char *display_name;
  PlenumRole  role;
  const char *pin;
  char       *pin_hash;
} AccountEntry;

static void
account_entry_clear (gpointer data)
{
  AccountEntry *entry = data;

  g_free (entry->pin_hash);
}

typedef struct {
  const char *name;
  GPtrArray  *members; /* of const char *, sign-in names */
} BodyEntry;

static void
body_entry_clear (gpointer data)
{
  BodyEntry *entry = data;

  g_clear_pointer (&entry->members, g_ptr_array_unref);
}

static gboolean
read_accounts_file (const cJSON  *root,
                    GArray       *accounts,
                    GArray       *bodies,
                    GArray       *rooms,
                    GError      **error)
{
  static const char * const top_keys[] = { "accounts", "bodies", "rooms", NULL };
  static const char * const room_keys[] = { "name", "bodies", NULL };
  static const char * const account_keys[] = { "name", "display_name", "role", "pin", NULL };
  static const char * const body_keys[] = { "name", "members", NULL };
  const cJSON *list = NULL;
  const cJSON *node;
  guint index;

  if (!plenum_json_check_object (root, "", top_keys, error))
    return FALSE;

  if (!plenum_json_get_array (root, "", "accounts", PLENUM_JSON_OPTIONAL,
                              PLENUM_MAX_ARRAY_ITEMS, &list, error))
    return FALSE;
  index = 0;
  cJSON_ArrayForEach (node, list)
    {
      g_autofree char *where = plenum_json_path_index ("accounts", index++);
      AccountEntry entry = { 0 };
      const char *role = NULL;

      if (!plenum_json_check_object (node, where, account_keys, error) ||
          !plenum_json_get_text (node, where, "name", PLENUM_JSON_REQUIRED,
                                 PLENUM_SIGN_IN_NAME_MAX_CHARS, FALSE, &entry.name, error) ||
          !plenum_json_get_text (node, where, "display_name", PLENUM_JSON_REQUIRED,
                                 PLENUM_DISPLAY_NAME_MAX_CHARS, FALSE, &entry.display_name,
                                 error) ||
          !plenum_json_get_string (node, where, "role", PLENUM_JSON_REQUIRED, &role, error) ||
          !plenum_json_get_string (node, where, "pin", PLENUM_JSON_OPTIONAL, &entry.pin, error))
        return FALSE;
      if (!plenum_is_sign_in_name (entry.name))
        {
          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                       _("%s.name: a sign-in name is lowercase letters and digits, with '.', "
                       "'-' or '_' between them"), where);
          return FALSE;
        }
      if (!plenum_role_from_string (role, &entry.role) || entry.role == PLENUM_ROLE_NONE)
        {
          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                       _("%s.role: “member” or “secretary”"), where);
          return FALSE;
        }
      if (entry.pin != NULL && !plenum_is_pin (entry.pin))
        {
          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                       _("%s.pin: 4 to 12 digits"), where);
          return FALSE;
        }
      g_array_append_val (accounts, entry);
    }

  list = NULL;
  if (!plenum_json_get_array (root, "", "bodies", PLENUM_JSON_OPTIONAL,
                              PLENUM_MAX_ARRAY_ITEMS, &list, error))
    return FALSE;
  index = 0;
  cJSON_ArrayForEach (node, list)
    {
      g_autofree char *where = plenum_json_path_index ("bodies", index++);
      g_autofree char *members_where = NULL;
      BodyEntry entry = { 0 };
      const cJSON *members = NULL;
      const cJSON *member;
      guint member_index = 0;

      if (!plenum_json_check_object (node, where, body_keys, error) ||
          !plenum_json_get_text (node, where, "name", PLENUM_JSON_REQUIRED,
                                 PLENUM_DISPLAY_NAME_MAX_CHARS, FALSE, &entry.name, error) ||
          !plenum_json_get_array (node, where, "members", PLENUM_JSON_REQUIRED,
                                  PLENUM_MAX_ARRAY_ITEMS, &members, error))
        return FALSE;

      members_where = plenum_json_path_key (where, "members");
      entry.members = g_ptr_array_new ();
      g_array_append_val (bodies, entry);
      cJSON_ArrayForEach (member, members)
        {
          if (!cJSON_IsString (member))
            {
              g_autofree char *member_where = plenum_json_path_index (members_where,
                                                                      member_index);

              g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE,
                           _("%s: a sign-in name (a string)"), member_where);
              /* cppcheck-suppress memleak
               * entry.members is in the array already, whose clear function frees it;
               * cppcheck does not follow a struct copied into a GArray. */
              return FALSE;
            }
          g_ptr_array_add (entry.members, member->valuestring);
          member_index++;
        }
    }

  /* Rooms: like bodies, with the names of the bodies sitting in them. */
  list = NULL;
  if (!plenum_json_get_array (root, "", "rooms", PLENUM_JSON_OPTIONAL,
                              PLENUM_MAX_ARRAY_ITEMS, &list, error))
    return FALSE;
  index = 0;
  cJSON_ArrayForEach (node, list)
    {
      g_autofree char *where = plenum_json_path_index ("rooms", index++);
      g_autofree char *bodies_where = NULL;
      BodyEntry entry = { 0 };
      const cJSON *names = NULL;
      const cJSON *name;
      guint name_index = 0;

      if (!plenum_json_check_object (node, where, room_keys, error) ||
          !plenum_json_get_text (node, where, "name", PLENUM_JSON_REQUIRED,
                                 PLENUM_DISPLAY_NAME_MAX_CHARS, FALSE, &entry.name, error) ||
          !plenum_json_get_array (node, where, "bodies", PLENUM_JSON_REQUIRED,
                                  PLENUM_MAX_ARRAY_ITEMS, &names, error))
        return FALSE;

      bodies_where = plenum_json_path_key (where, "bodies");
      entry.members = g_ptr_array_new ();
      g_array_append_val (rooms, entry);
      cJSON_ArrayForEach (name, names)
        {
          if (!cJSON_IsString (name))
            {
              g_autofree char *name_where = plenum_json_path_index (bodies_where, name_index);

              g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE,
                           _("%s: a body's name (a string)"), name_where);
              /* cppcheck-suppress memleak
               * entry.members is in the array already, whose clear function frees it;
               * cppcheck does not follow a struct copied into a GArray. */
              return FALSE;
            }
          g_ptr_array_add (entry.members, name->valuestring);
          name_index++;
        }
    }

  return TRUE;
}

static gboolean
store_accounts (PlenumServerDb  *db,
                GArray          *accounts,
                GArray          *bodies,
                GArray          *rooms,
                GError         **error)
{
  for (guint i = 0; i < accounts->len; i++)
    {
      AccountEntry *entry = &g_array_index (accounts, AccountEntry, i);
      g_autoptr(PlenumServerAccount) existing = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *account_id = NULL;

      existing = plenum_server_db_find_account (db, entry->name, NULL, &local_error);
      if (existing != NULL)
        {
          if (!plenum_server_db_update_account (db, existing->id, entry->display_name,
                                                entry->role, entry->pin_hash, error))
            return FALSE;
          continue;
        }
      if (!g_error_matches (local_error, PLENUM_SERVER_DB_ERROR,
                            PLENUM_SERVER_DB_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (entry->pin_hash == NULL)
        {
          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_MISSING,
                       _("accounts[%u].pin: a new account needs a PIN"), i);
          return FALSE;
        }
      account_id = plenum_server_db_create_account (db, entry->name, entry->display_name,
                                                    entry->role, entry->pin_hash, error);
      if (account_id == NULL)
        return FALSE;
    }

  for (guint i = 0; i < bodies->len; i++)
    {
      BodyEntry *entry = &g_array_index (bodies, BodyEntry, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *body_id = plenum_server_db_find_body (db, entry->name, &local_error);

      if (body_id == NULL)
        {
          if (!g_error_matches (local_error, PLENUM_SERVER_DB_ERROR,
                                PLENUM_SERVER_DB_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          body_id = plenum_server_db_create_body (db, entry->name, error);
          if (body_id == NULL)
            return FALSE;
        }

      /* The file says who the members are: the list replaces the stored one. */
      if (!plenum_server_db_clear_members (db, body_id, error))
        return FALSE;
      for (guint j = 0; j < entry->members->len; j++)
        {
          const char *name = g_ptr_array_index (entry->members, j);
          g_autoptr(PlenumServerAccount) account = NULL;
          g_autoptr(GError) find_error = NULL;

          account = plenum_server_db_find_account (db, name, NULL, &find_error);
          if (account == NULL)
            {
              if (g_error_matches (find_error, PLENUM_SERVER_DB_ERROR,
                                   PLENUM_SERVER_DB_ERROR_NOT_FOUND))
                g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_INVALID,
                             _("bodies[%u].members[%u]: no account signs in as “%s”"), i, j, name);
              else
                g_propagate_error (error, g_steal_pointer (&find_error));
              return FALSE;
            }
          if (!plenum_server_db_add_member (db, body_id, account->id, error))
            return FALSE;
        }
    }

  for (guint i = 0; i < rooms->len; i++)
    {
      BodyEntry *entry = &g_array_index (rooms, BodyEntry, i);
      g_autoptr(GPtrArray) body_ids = g_ptr_array_new_with_free_func (g_free);

      for (guint j = 0; j < entry->members->len; j++)
        {
          const char *name = g_ptr_array_index (entry->members, j);
          g_autoptr(GError) find_error = NULL;
          char *body_id = plenum_server_db_find_body (db, name, &find_error);

          if (body_id == NULL)
            {
              if (g_error_matches (find_error, PLENUM_SERVER_DB_ERROR,
                                   PLENUM_SERVER_DB_ERROR_NOT_FOUND))
                g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_INVALID,
                             _("rooms[%u].bodies[%u]: no body is called “%s”"), i, j, name);
              else
                g_propagate_error (error, g_steal_pointer (&find_error));
              return FALSE;
            }
          g_ptr_array_add (body_ids, body_id);
        }
      g_ptr_array_add (body_ids, NULL);
      if (!plenum_server_db_set_room (db, entry->name, (const char * const *) body_ids->pdata,
                                      NULL, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
plenum_server_import_accounts (PlenumServerDb  *db,
                               const char      *path,
                               guint           *n_accounts,
                               guint           *n_bodies,
                               GError         **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GArray) accounts = g_array_new (FALSE, TRUE, sizeof (AccountEntry));
  g_autoptr(GArray) bodies = g_array_new (FALSE, TRUE, sizeof (BodyEntry));
  g_autoptr(GArray) rooms = g_array_new (FALSE, TRUE, sizeof (BodyEntry));
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  g_array_set_clear_func (accounts, account_entry_clear);
  g_array_set_clear_func (bodies, body_entry_clear);
  g_array_set_clear_func (rooms, body_entry_clear);

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  if (length > ACCOUNTS_FILE_MAX_SIZE)
    {
      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TOO_LARGE,
                   _("%s: larger than %d bytes"), path, ACCOUNTS_FILE_MAX_SIZE);
      return FALSE;
    }
  root = plenum_json_parse (contents, (gssize) length, &local_error);
  if (root == NULL || !read_accounts_file (root, accounts, bodies, rooms, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return FALSE;
    }

  /* Hashing is slow (on purpose): done before the transaction. */
  for (guint i = 0; i < accounts->len; i++)
    {
      AccountEntry *entry = &g_array_index (accounts, AccountEntry, i);

      if (entry->pin == NULL)
        continue;
      entry->pin_hash = plenum_pin_hash (entry->pin, error);
      if (entry->pin_hash == NULL)
        return FALSE;
    }

  if (!plenum_server_db_begin (db, error))
    return FALSE;
  if (!store_accounts (db, accounts, bodies, rooms, &local_error))
    {
      plenum_server_db_rollback (db);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return FALSE;
    }
  if (!plenum_server_db_commit (db, error))
    return FALSE;

  if (n_accounts != NULL)
    *n_accounts = accounts->len;
  if (n_bodies != NULL)
    *n_bodies = bodies->len;
  return TRUE;
}

/* The demo */

static void
remove_scratch_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  /* Only plenum_demo_write_packet() wrote here: plain files, no folders. */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static gboolean
seed_demo_people (PlenumServerDb  *db,
                  GError         **error)
{
  const PlenumDemoAccount *accounts;
  guint n_accounts = 0;
  g_autofree char *body_id = NULL;
  g_autoptr(GError) local_error = NULL;

  accounts = plenum_demo_accounts (&n_accounts);

  body_id = plenum_server_db_find_body (db, plenum_demo_body_name (), &local_error);
  if (body_id == NULL)
    {
      if (!g_error_matches (local_error, PLENUM_SERVER_DB_ERROR,
                            PLENUM_SERVER_DB_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      body_id = plenum_server_db_create_body (db, plenum_demo_body_name (), error);
      if (body_id == NULL)
        return FALSE;
    }

  for (guint i = 0; i < n_accounts; i++)
    {
      const PlenumDemoAccount *demo = &accounts[i];
      g_autoptr(PlenumServerAccount) account = NULL;
      g_autoptr(GError) find_error = NULL;
      g_autofree char *account_id = NULL;
      PlenumRole role = PLENUM_ROLE_MEMBER;

      account = plenum_server_db_find_account (db, demo->name, NULL, &find_error);
      if (account != NULL)
        account_id = g_strdup (account->id);
      else if (g_error_matches (find_error, PLENUM_SERVER_DB_ERROR,
                                PLENUM_SERVER_DB_ERROR_NOT_FOUND))
        {
          g_autofree char *pin_hash = plenum_pin_hash (demo->pin, error);

          if (pin_hash == NULL)
            return FALSE;
          if (!plenum_role_from_string (demo->role, &role) || role == PLENUM_ROLE_NONE)
            role = PLENUM_ROLE_MEMBER;
          account_id = plenum_server_db_create_account (db, demo->name, demo->display_name,
                                                        role, pin_hash, error);
          if (account_id == NULL)
            return FALSE;
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&find_error));
          return FALSE;
        }

      if (demo->in_body && !plenum_server_db_add_member (db, body_id, account_id, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
plenum_server_seed_demo (PlenumServerDb   *db,
                         PlenumBlobStore  *blobs,
                         const char       *scratch_dir,
                         guint             retention,
                         gboolean         *seeded,
                         GError          **error)
{
  g_autofree char *folder = NULL;
  gboolean exists = FALSE;
  gboolean ok;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (PLENUM_IS_BLOB_STORE (blobs), FALSE);

  *seeded = FALSE;
  if (!plenum_server_db_has_meeting (db, plenum_demo_meeting_id (), &exists, error))
    return FALSE;
  if (exists)
    return TRUE;

  /* People first (idempotent: a run cut short is completed, nothing is doubled). */
  if (!plenum_server_db_begin (db, error))
    return FALSE;
  if (!seed_demo_people (db, error))
    {
      plenum_server_db_rollback (db);
      return FALSE;
    }
  if (!plenum_server_db_commit (db, error))
    return FALSE;

  if (g_mkdir_with_parents (scratch_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot make %s: %s"), scratch_dir, g_strerror (saved_errno));
      return FALSE;
    }
  folder = g_build_filename (scratch_dir, "demo-XXXXXX", NULL);
  if (g_mkdtemp_full (folder, 0700) == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot make a folder in %s: %s"), scratch_dir, g_strerror (saved_errno));
      return FALSE;
    }

  ok = plenum_demo_write_packet (folder, error) &&
       plenum_server_import_packet (db, blobs, folder, retention, NULL, NULL, error);
  remove_scratch_folder (folder);
  if (!ok)
    return FALSE;

  /* The members are asked for their opinion on the draft resolution (issue #7). */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    if (!plenum_demo_seed_opinion_round (db, now, error))
      return FALSE;
  }
  /* Who reads the closed-session item's documents (issue #8). */
  if (!plenum_demo_seed_clearances (db, error))
    return FALSE;

  *seeded = TRUE;
  return TRUE;
}
