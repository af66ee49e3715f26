/* plenum-server-access.c — closed-session clearances, revoking an account's sessions, lifting a terminal's PIN lock (docs/protocol.md, "A server that holds").
 *
 * Every endpoint here is the secretariat's: a member or a terminal credential gets 403
 * before anything is looked up, so that they learn nothing about which names, terminals
 * or items exist.
 *
 * Threading: the main thread only, like every request handler.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-server"

#include "plenum-server-private.h"

#include "core/plenum-json.h"

/* At most this many accounts in one clearance: far more than a body has members. */
#define MAX_CLEARANCE_MEMBERS 1000

/* A body that must be {} (the POSTs that take no input). FALSE having answered 400. */
static gboolean
read_empty_body (SoupServerMessage *msg)
{
  static const char * const keys[] = { NULL };
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GError) error = NULL;

  root = plenum_server_read_json_body (msg);
  if (root == NULL)
    return FALSE;
  if (!plenum_json_check_object (root, "", keys, &error))
    {
      plenum_server_respond_bad_request (msg, error);
      return FALSE;
    }
  return TRUE;
}

/* DELETE /api/v1/accounts/{name}/sessions: every token of the account stops working at
 * once, and the event streams opened with them end (as at sign-out). */
static void
handle_sessions_delete (PlenumServer      *self,
                        SoupServerMessage *msg,
                        const char        *name)
{
  g_autoptr(PlenumServerAccount) target = NULL;
  g_autoptr(GPtrArray) hashes = NULL;
  g_autoptr(GError) error = NULL;
  PlenumServerDb *db = plenum_server_get_db (self);

  target = plenum_server_account_by_name (self, msg, name, "signs accounts out");
  if (target == NULL)
    return;
  hashes = plenum_server_db_delete_account_tokens (db, target->id, &error);
  if (hashes == NULL)
    {
      plenum_server_respond_db_error (msg, error);
      return;
    }
  for (guint i = 0; i < hashes->len; i++)
    plenum_event_hub_revoke_token (plenum_server_get_event_hub (self),
                                   g_bytes_get_data (g_ptr_array_index (hashes, i), NULL));
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  g_debug ("%s was signed out everywhere (%u sessions)", target->name, hashes->len);
}

/* POST /api/v1/terminals/{id}/unlock: clears the terminal's PIN key ("\nterminal-id"),
 * the lock that guesses of many names at one seat earn. The names' keys stay: those are
 * lifted by POST /api/v1/accounts/{name}/unlock. */
static void
handle_terminal_unlock_post (PlenumServer      *self,
                             SoupServerMessage *msg,
                             const char        *terminal_id)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  PlenumServerDb *db = plenum_server_get_db (self);
  gboolean enrolled = FALSE;

  account = plenum_server_authenticate_secretary (self, msg, "unlocks terminals");
  if (account == NULL)
    return;
  if (!plenum_is_uuid (terminal_id) ||
      !plenum_server_db_terminal_enrolled (db, terminal_id, &enrolled, &error) || !enrolled)
    {
      if (error != NULL)
        plenum_server_respond_db_error (msg, error);
      else
        plenum_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                     "No such terminal.");
      return;
    }
  if (!read_empty_body (msg))
    return;
  key = g_strdup_printf ("\n%s", terminal_id);
  if (!plenum_server_db_sign_in_succeeded (db, key, &error))
    {
      plenum_server_respond_db_error (msg, error);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  g_debug ("terminal %s was unlocked", terminal_id);
}

/* GET /api/v1/meetings/{id}/items/{item_id}/clearance */
static void
handle_clearance_get (PlenumServer      *self,
                      SoupServerMessage *msg,
                      const char        *meeting_id,
                      const char        *item_id)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autoptr(GError) error = NULL;

  account = plenum_server_authenticate_secretary (self, msg, "reads clearances");
  if (account == NULL)
    return;
  if (!plenum_is_uuid (meeting_id) || !plenum_is_uuid (item_id))
    {
      plenum_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                   "No such agenda item.");
      return;
    }
  answer = plenum_server_db_clearance_json (plenum_server_get_db (self), meeting_id, item_id,
                                            &error);
  if (answer == NULL)
    {
      plenum_server_respond_db_error (msg, error);
      return;
    }
  plenum_server_respond_json_text (msg, SOUP_STATUS_OK, plenum_json_print (answer));
}

/* PUT /api/v1/meetings/{id}/items/{item_id}/clearance with
 * { "operation_id", "members": [ account ids ] }: replaces the list. */
static void
handle_clearance_put (PlenumServer      *self,
                      SoupServerMessage *msg,
                      const char        *meeting_id,
                      const char        *item_id)
{
  static const char * const keys[] = { "operation_id", "members", NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autofree char *hash = NULL;
  PlenumServerOperationResult result = { 0 };
  const char *operation_id = NULL;
  const cJSON *members = NULL;
  const cJSON *member;
  guint i = 0;

  account = plenum_server_authenticate_secretary (self, msg, "sets clearances");
  if (account == NULL)
    return;
  if (!plenum_is_uuid (meeting_id) || !plenum_is_uuid (item_id))
    {
      plenum_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                   "No such agenda item.");
      return;
    }
  root = plenum_server_read_json_body (msg);
  if (root == NULL)
    return;
  if (!plenum_json_check_object (root, "", keys, &error) ||
      !plenum_json_get_uuid (root, "", "operation_id", PLENUM_JSON_REQUIRED, &operation_id,
                             &error) ||
      !plenum_json_get_array (root, "", "members", PLENUM_JSON_REQUIRED,
                              MAX_CLEARANCE_MEMBERS, &members, &error))
    {
      plenum_server_respond_bad_request (msg, error);
      return;
    }
  cJSON_ArrayForEach (member, members)
    {
      if (!cJSON_IsString (member) || !plenum_is_uuid (member->valuestring))
        {
          plenum_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                       "members[%u]: not an account id (a UUID).", i);
          return;
        }
      g_ptr_array_add (ids, member->valuestring);
      i++;
    }
  g_ptr_array_add (ids, NULL);

  hash = plenum_server_request_hash (msg, root);
  if (!plenum_server_db_set_clearance (plenum_server_get_db (self), meeting_id, item_id,
                                       (const char * const *) ids->pdata, account,
                                       operation_id, hash,
                                       g_get_real_time () / G_USEC_PER_SEC,
                                       plenum_server_get_settings (self)->event_retention,
                                       &result, &error))
    {
      plenum_server_respond_db_error (msg, error);
      return;
    }
  plenum_server_respond_operation (plenum_server_get_event_hub (self), msg, &result);
}

gboolean
plenum_server_route_access (PlenumServer      *self,
                           SoupServerMessage *msg,
                           char             **parts,
                           guint              n_parts,
                           GHashTable        *query)
{
  if (n_parts == 3 && g_str_equal (parts[0], "accounts") && g_str_equal (parts[2], "sessions"))
    {
      if (plenum_server_method_is (msg, SOUP_METHOD_DELETE))
        handle_sessions_delete (self, msg, parts[1]);
      else
        plenum_server_respond_method_not_allowed (msg, "DELETE");
      return TRUE;
    }
  if (n_parts == 3 && g_str_equal (parts[0], "terminals") && g_str_equal (parts[2], "unlock"))
    {
      if (plenum_server_method_is (msg, SOUP_METHOD_POST))
        handle_terminal_unlock_post (self, msg, parts[1]);
      else
        plenum_server_respond_method_not_allowed (msg, "POST");
      return TRUE;
    }
  if (n_parts == 5 && g_str_equal (parts[0], "meetings") && g_str_equal (parts[2], "items") &&
      g_str_equal (parts[4], "clearance"))
    {
      if (plenum_server_method_is (msg, SOUP_METHOD_PUT))
        handle_clearance_put (self, msg, parts[1], parts[3]);
      else if (plenum_server_method_is (msg, SOUP_METHOD_GET) ||
               plenum_server_method_is (msg, SOUP_METHOD_HEAD))
        handle_clearance_get (self, msg, parts[1], parts[3]);
      else
        plenum_server_respond_method_not_allowed (msg, "GET, HEAD, PUT");
      return TRUE;
    }
  return FALSE;
}
