/* plenum-server-revisions.c — revising, retracting and retiring documents, wiping terminals, leases (docs/protocol.md, "Revisions and retraction").
 *
 * A revision, a retraction and a retirement each publish the meeting's packet again
 * with one change (plenum_server_db_change_document()), so a terminal learns of them
 * through the packet.published event it already follows. Wiping ends the streams of the
 * terminal and of the member tokens given on it at once, so that a terminal online
 * learns of it within a heartbeat rather than at its next request.
 *
 * Threading: the main thread only, like every request handler; opening a
 * password-protected PDF runs on a worker.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-server"

#include <string.h>

#include "plenum-server-private.h"

#include "core/plenum-document.h"
#include "core/plenum-json.h"

/* The lease a body may set: 0 (no lock) or a minute to a year. */
#define LEASE_MIN_SECONDS 60
#define LEASE_MAX_SECONDS 31536000

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* The secretariat's caller and the JSON body with its keys among @keys and its
 * operation_id (when @operation_id is not NULL); NULL having answered. */
static PlenumServerAccount *
secretariat_write_begin (PlenumServer        *self,
                         SoupServerMessage   *msg,
                         const char          *what,
                         const char * const  *keys,
                         cJSON              **root,
                         const char         **operation_id)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = plenum_server_authenticate_secretary (self, msg, what);
  if (account == NULL)
    return NULL;
  *root = plenum_server_read_json_body (msg);
  if (*root == NULL)
    return NULL;
  if (!plenum_json_check_object (*root, "", keys, &error) ||
      (operation_id != NULL &&
       !plenum_json_get_uuid (*root, "", "operation_id", PLENUM_JSON_REQUIRED, operation_id,
                              &error)))
    {
      plenum_server_respond_bad_request (msg, error);
      g_clear_pointer (root, cJSON_Delete);
      return NULL;
    }
  return g_steal_pointer (&account);
}

static void
respond_change_error (SoupServerMessage *msg,
                      const GError      *error)
{
  if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_MISSING_BLOB))
    plenum_server_respond_error (msg, SOUP_STATUS_CONFLICT, "missing_blob",
                                 "The revision names the blob %s, which the server does not "
                                 "have; upload it first.", error->message);
  else
    plenum_server_respond_db_error (msg, error);
}

/* A change of one document, waiting (for a revision with a password) for its blob to be
 * opened. */
typedef struct {
  SoupServerMessage    *msg;
  PlenumServerAccount  *account;
  PlenumDocumentChange  change;
  char                 *meeting_id;
  char                 *document_id;
  char                 *operation_id;
  char                 *request_hash;
  char                  sha256[65];
  char                 *password;
  int                   pages;
} DocumentChange;

static void
document_change_free (gpointer data)
{
  DocumentChange *change = data;

  g_clear_object (&change->msg);
  g_clear_pointer (&change->account, plenum_server_account_free);
  g_free (change->meeting_id);
  g_free (change->document_id);
  g_free (change->operation_id);
  g_free (change->request_hash);
  if (change->password != NULL)
    {
      memset (change->password, 0, strlen (change->password));
      g_free (change->password);
    }
  g_free (change);
}

static void
apply_document_change (PlenumServer   *self,
                       DocumentChange *change)
{
  g_autoptr(GError) error = NULL;
  PlenumServerOperationResult result = { 0 };

  if (change->password != NULL && change->pages < 1)
    {
      plenum_server_respond_error (change->msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "password: does not open the blob as a PDF the server can "
                                   "read");
      return;
    }
  if (!plenum_server_db_change_document (plenum_server_get_db (self), change->meeting_id,
                                         change->document_id, change->change,
                                         change->sha256, change->password, change->pages,
                                         change->account, change->operation_id,
                                         change->request_hash, now_seconds (),
                                         plenum_server_get_settings (self)->event_retention,
                                         &result, &error))
    {
      respond_change_error (change->msg, error);
      return;
    }
  g_debug ("document %s of meeting %s: %s%s", change->document_id, change->meeting_id,
           (const char * const[]) { "revised", "retracted", "retired" }[change->change],
           result.replayed ? " (replayed)" : "");
  plenum_server_respond_operation (plenum_server_get_event_hub (self), change->msg, &result);
}

/* Opening a PDF with its password can take a while (a costly key derivation): not on
 * the loop that serves everyone else. */
static void
open_protected_blob_thread (GTask        *task,
                            gpointer      source_object,
                            gpointer      task_data,
                            GCancellable *cancellable)
{
  PlenumServer *self = source_object;
  DocumentChange *change = task_data;
  g_autofree char *path = plenum_blob_store_path (plenum_server_get_blobs (self),
                                                  change->sha256);

  change->pages = plenum_blob_count_pages_with_password (path, change->password);
  g_task_return_boolean (task, TRUE);
}

static void
on_protected_blob_opened_cb (GObject      *source_object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  PlenumServer *self = PLENUM_SERVER (source_object);
  DocumentChange *change = g_task_get_task_data (G_TASK (result));

  g_task_propagate_boolean (G_TASK (result), NULL);
  apply_document_change (self, change);
  soup_server_message_unpause (change->msg);
}

/* PUT /api/v1/meetings/{id}/documents/{document_id}, POST …/retract, POST …/retire */
static void
handle_document_change (PlenumServer         *self,
                        SoupServerMessage    *msg,
                        const char           *meeting_id,
                        const char           *document_id,
                        PlenumDocumentChange  kind)
{
  static const char * const revise_keys[] = { "operation_id", "sha256", "password", NULL };
  static const char * const keys[] = { "operation_id", NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GTask) task = NULL;
  const char *operation_id = NULL;
  const char *sha256 = NULL;
  const char *password = NULL;
  DocumentChange *change;

  account = secretariat_write_begin (self, msg,
                                     kind == PLENUM_DOCUMENT_REVISE ? "revises documents"
                                     : kind == PLENUM_DOCUMENT_RETRACT ? "retracts documents"
                                     : "retires document versions",
                                     kind == PLENUM_DOCUMENT_REVISE ? revise_keys : keys,
                                     &root, &operation_id);
  if (account == NULL)
    return;
  if (!plenum_is_uuid (meeting_id) || !plenum_is_uuid (document_id))
    {
      plenum_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                   "No such document in the meeting.");
      return;
    }

  if (kind == PLENUM_DOCUMENT_REVISE)
    {
      guint64 size = 0;
      int pages = 0;

      if (!plenum_json_get_sha256 (root, "", "sha256", PLENUM_JSON_REQUIRED, &sha256,
                                   &error) ||
          !plenum_document_read_password (root, "", &password, &error))
        {
          plenum_server_respond_bad_request (msg, error);
          return;
        }
      /* The packet's checks, with messages that name this request's fields. */
      if (!plenum_server_db_get_blob (plenum_server_get_db (self), sha256, &size, &pages,
                                      &error))
        {
          if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
            plenum_server_respond_error (msg, SOUP_STATUS_CONFLICT, "missing_blob",
                                         "The revision names the blob %s, which the server "
                                         "does not have; upload it first.", sha256);
          else
            plenum_server_respond_db_error (msg, error);
          return;
        }
      if (password == NULL && pages < 1)
        {
          plenum_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                       "sha256: the blob is not a PDF the server can read "
                                       "without a password (give the document's password "
                                       "if it needs one)");
          return;
        }
      if (password != NULL && pages >= 1)
        {
          plenum_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                       "password: the blob opens without a password; leave "
                                       "it out");
          return;
        }
    }

  change = g_new0 (DocumentChange, 1);
  change->msg = g_object_ref (msg);
  change->account = g_steal_pointer (&account);
  change->change = kind;
  change->meeting_id = g_strdup (meeting_id);
  change->document_id = g_strdup (document_id);
  change->operation_id = g_strdup (operation_id);
  change->request_hash = plenum_server_request_hash (msg, root);
  if (sha256 != NULL)
    g_strlcpy (change->sha256, sha256, sizeof change->sha256);
  change->password = g_strdup (password);

  if (change->password == NULL)
    {
      apply_document_change (self, change);
      document_change_free (change);
      return;
    }

  soup_server_message_pause (msg);
  task = g_task_new (self, NULL, on_protected_blob_opened_cb, NULL);
  g_task_set_source_tag (task, handle_document_change);
  g_task_set_task_data (task, change, document_change_free);
  g_task_run_in_thread (task, open_protected_blob_thread);
}

/* POST /api/v1/terminals/{id}/wipe */
static void
handle_wipe_post (PlenumServer      *self,
                  SoupServerMessage *msg,
                  const char        *terminal_id)
{
  static const char * const keys[] = { NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GByteArray) hashes = g_byte_array_new ();
  PlenumEventHub *hub = plenum_server_get_event_hub (self);

  account = secretariat_write_begin (self, msg, "wipes terminals", keys, &root, NULL);
  if (account == NULL)
    return;
  if (!plenum_is_uuid (terminal_id))
    {
      plenum_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                   "No such terminal.");
      return;
    }
  if (!plenum_server_db_request_wipe (plenum_server_get_db (self), terminal_id,
                                      now_seconds (), hashes, &error))
    {
      plenum_server_respond_db_error (msg, error);
      return;
    }
  /* The terminal and the members signed in there learn of it now, not at their next
   * request: their streams end, and the reconnection is answered terminal_wipe. */
  for (guint i = 0; i + 32 <= hashes->len; i += 32)
    plenum_event_hub_revoke_token (hub, hashes->data + i);
  plenum_server_respond_json_text (msg, SOUP_STATUS_ACCEPTED, g_strdup ("{}"));
  g_debug ("wipe of terminal %s requested", terminal_id);
}

/* POST /api/v1/terminals/{id}/wiped (the terminal's credential) */
static void
handle_wiped_post (PlenumServer      *self,
                   SoupServerMessage *msg,
                   const char        *terminal_id)
{
  static const char * const keys[] = { NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;

  account = plenum_server_authenticate (self, msg, NULL, TRUE);
  if (account == NULL)
    return;
  if (!account->is_terminal || g_strcmp0 (account->id, terminal_id) != 0)
    {
      plenum_server_respond_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                                   "Only the terminal itself confirms that it was wiped.");
      return;
    }
  /* An empty body is fine; a body, if any, is an empty object. */
  if (soup_server_message_get_request_body (msg)->length > 0)
    {
      root = plenum_server_read_json_body (msg);
      if (root == NULL)
        return;
      if (!plenum_json_check_object (root, "", keys, &error))
        {
          plenum_server_respond_bad_request (msg, error);
          return;
        }
    }
  if (!plenum_server_db_confirm_wipe (plenum_server_get_db (self), terminal_id, now_seconds (),
                                      &error))
    {
      plenum_server_respond_db_error (msg, error);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  g_debug ("terminal %s wiped", terminal_id);
}

/* PUT /api/v1/bodies/{id}/lease */
static void
handle_lease_put (PlenumServer      *self,
                  SoupServerMessage *msg,
                  const char        *body_id)
{
  static const char * const keys[] = { "lease_seconds", NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(cJSON) body = NULL;
  gint64 lease_seconds = 0;

  account = secretariat_write_begin (self, msg, "sets leases", keys, &root, NULL);
  if (account == NULL)
    return;
  if (!plenum_json_get_int64 (root, "", "lease_seconds", PLENUM_JSON_REQUIRED, 0,
                              LEASE_MAX_SECONDS, &lease_seconds, &error))
    {
      plenum_server_respond_bad_request (msg, error);
      return;
    }
  if (lease_seconds != 0 && lease_seconds < LEASE_MIN_SECONDS)
    {
      plenum_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "lease_seconds: expected 0 (no lock) or %d to %d",
                                   LEASE_MIN_SECONDS, LEASE_MAX_SECONDS);
      return;
    }
  if (!plenum_is_uuid (body_id))
    {
      plenum_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such body.");
      return;
    }
  body = plenum_server_db_set_lease (plenum_server_get_db (self), body_id, lease_seconds,
                                     &error);
  if (body == NULL)
    {
      plenum_server_respond_db_error (msg, error);
      return;
    }
  plenum_server_respond_json_text (msg, SOUP_STATUS_OK, plenum_json_print (body));
}

gboolean
plenum_server_route_revisions (PlenumServer      *self,
                               SoupServerMessage *msg,
                               char             **parts,
                               guint              n_parts,
                               GHashTable        *query)
{
  const char *collection = n_parts > 0 ? parts[0] : "";

  if (g_str_equal (collection, "meetings") && n_parts >= 4 && n_parts <= 5 &&
      g_str_equal (parts[2], "documents"))
    {
      if (n_parts == 4)
        {
          if (plenum_server_method_is (msg, SOUP_METHOD_PUT))
            handle_document_change (self, msg, parts[1], parts[3], PLENUM_DOCUMENT_REVISE);
          else
            plenum_server_respond_method_not_allowed (msg, "PUT");
          return TRUE;
        }
      if (g_str_equal (parts[4], "retract") || g_str_equal (parts[4], "retire"))
        {
          if (plenum_server_method_is (msg, SOUP_METHOD_POST))
            handle_document_change (self, msg, parts[1], parts[3],
                                    g_str_equal (parts[4], "retract")
                                      ? PLENUM_DOCUMENT_RETRACT : PLENUM_DOCUMENT_RETIRE);
          else
            plenum_server_respond_method_not_allowed (msg, "POST");
          return TRUE;
        }
      return FALSE;
    }

  if (g_str_equal (collection, "terminals") && n_parts == 3 &&
      (g_str_equal (parts[2], "wipe") || g_str_equal (parts[2], "wiped")))
    {
      if (!plenum_server_method_is (msg, SOUP_METHOD_POST))
        plenum_server_respond_method_not_allowed (msg, "POST");
      else if (g_str_equal (parts[2], "wipe"))
        handle_wipe_post (self, msg, parts[1]);
      else
        handle_wiped_post (self, msg, parts[1]);
      return TRUE;
    }

  if (g_str_equal (collection, "bodies") && n_parts == 3 && g_str_equal (parts[2], "lease"))
    {
      if (plenum_server_method_is (msg, SOUP_METHOD_PUT))
        handle_lease_put (self, msg, parts[1]);
      else
        plenum_server_respond_method_not_allowed (msg, "PUT");
      return TRUE;
    }

  return FALSE;
}
