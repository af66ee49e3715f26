/* plenum-packet-manifest.c — the body of PUT /api/v1/meetings/{id}/packet.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-packet-manifest"

#include "plenum-packet-manifest.h"

#include "plenum-core-private.h"
#include "plenum-document.h"

struct _PlenumPacketManifest
{
  GObject     parent_instance;

  char       *operation_id;
  char       *body_id;
  char       *title;
  GDateTime  *starts_at;
  char       *location;
  char       *chair_id;
  char       *vice_chair_id;
  /* The packet version the sender read before editing, or -1: publish over whatever is
   * there. */
  gint64      base_packet_version;

  GPtrArray  *items;       /* of PlenumPacketManifestItem */
  GHashTable *numbers;     /* item number → GUINT_TO_POINTER (index + 1) */
};

G_DEFINE_FINAL_TYPE (PlenumPacketManifest, plenum_packet_manifest, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_OPERATION_ID,
  PROP_BODY_ID,
  PROP_TITLE,
  PROP_STARTS_AT,
  PROP_LOCATION,
  PROP_CHAIR_ID,
  PROP_VICE_CHAIR_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
manifest_document_free (gpointer data)
{
  PlenumPacketManifestDocument *document = data;

  g_free (document->title);
  g_free (document->sha256);
  plenum_secret_free (document->password);
  g_free (document);
}

static void
manifest_item_free (gpointer data)
{
  PlenumPacketManifestItem *item = data;

  g_free (item->number);
  g_free (item->title);
  g_ptr_array_unref (item->documents);
  g_free (item);
}

static void
plenum_packet_manifest_finalize (GObject *object)
{
  PlenumPacketManifest *self = (PlenumPacketManifest *) object;

  g_clear_pointer (&self->operation_id, g_free);
  g_clear_pointer (&self->body_id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->starts_at, g_date_time_unref);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->chair_id, g_free);
  g_clear_pointer (&self->vice_chair_id, g_free);
  /* The table's keys are the items' numbers: drop it first. */
  g_clear_pointer (&self->numbers, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (plenum_packet_manifest_parent_class)->finalize (object);
}

static void
plenum_packet_manifest_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PlenumPacketManifest *self = PLENUM_PACKET_MANIFEST (object);

  switch (prop_id)
    {
    case PROP_OPERATION_ID:
      g_value_set_string (value, self->operation_id);
      break;
    case PROP_BODY_ID:
      g_value_set_string (value, self->body_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_STARTS_AT:
      g_value_set_boxed (value, self->starts_at);
      break;
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_CHAIR_ID:
      g_value_set_string (value, self->chair_id);
      break;
    case PROP_VICE_CHAIR_ID:
      g_value_set_string (value, self->vice_chair_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_packet_manifest_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  PlenumPacketManifest *self = PLENUM_PACKET_MANIFEST (object);
  GDateTime *time;

  /* Construct-only: set once before anyone can watch, so nothing to notify. */
  switch (prop_id)
    {
    case PROP_OPERATION_ID:
      self->operation_id = g_value_dup_string (value);
      break;
    case PROP_BODY_ID:
      self->body_id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case PROP_STARTS_AT:
      time = g_value_get_boxed (value);
      self->starts_at = time != NULL ? g_date_time_to_utc (time) : NULL;
      break;
    case PROP_LOCATION:
      self->location = g_value_dup_string (value);
      break;
    case PROP_CHAIR_ID:
      self->chair_id = g_value_dup_string (value);
      break;
    case PROP_VICE_CHAIR_ID:
      self->vice_chair_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_packet_manifest_class_init (PlenumPacketManifestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                            G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = plenum_packet_manifest_finalize;
  object_class->get_property = plenum_packet_manifest_get_property;
  object_class->set_property = plenum_packet_manifest_set_property;

  properties[PROP_OPERATION_ID] =
    g_param_spec_string ("operation-id", NULL, NULL, NULL, flags);
  properties[PROP_BODY_ID] =
    g_param_spec_string ("body-id", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_STARTS_AT] =
    g_param_spec_boxed ("starts-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_LOCATION] =
    g_param_spec_string ("location", NULL, NULL, NULL, flags);
  properties[PROP_CHAIR_ID] =
    g_param_spec_string ("chair-id", NULL, NULL, NULL, flags);
  properties[PROP_VICE_CHAIR_ID] =
    g_param_spec_string ("vice-chair-id", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plenum_packet_manifest_init (PlenumPacketManifest *self)
{
  self->items = g_ptr_array_new_with_free_func (manifest_item_free);
  self->numbers = g_hash_table_new (g_str_hash, g_str_equal);
  self->base_packet_version = -1;
}

PlenumPacketManifest *
plenum_packet_manifest_new (const char *operation_id,
                            const char *body_id,
                            const char *title,
                            GDateTime  *starts_at,
                            const char *location,
                            const char *chair_id,
                            const char *vice_chair_id)
{
  g_return_val_if_fail (plenum_is_uuid (operation_id), NULL);
  g_return_val_if_fail (plenum_is_uuid (body_id), NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (starts_at != NULL, NULL);
  g_return_val_if_fail (plenum_is_uuid (chair_id), NULL);
  g_return_val_if_fail (vice_chair_id == NULL || plenum_is_uuid (vice_chair_id), NULL);

  return g_object_new (PLENUM_TYPE_PACKET_MANIFEST,
                       "operation-id", operation_id,
                       "body-id", body_id,
                       "title", title,
                       "starts-at", starts_at,
                       "location", location,
                       "chair-id", chair_id,
                       "vice-chair-id", vice_chair_id,
                       NULL);
}

gboolean
plenum_packet_manifest_add_item (PlenumPacketManifest  *self,
                                 const char            *number,
                                 const char            *title,
                                 gboolean               closed_session,
                                 GError               **error)
{
  PlenumPacketManifestItem *item;
  gpointer earlier;

  g_return_val_if_fail (PLENUM_IS_PACKET_MANIFEST (self), FALSE);
  g_return_val_if_fail (number != NULL, FALSE);
  g_return_val_if_fail (title != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  earlier = g_hash_table_lookup (self->numbers, number);
  if (earlier != NULL)
    {
      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_DUPLICATE_KEY,
                   "items[%u].number: “%s” is already the number of items[%u]",
                   self->items->len, number, GPOINTER_TO_UINT (earlier) - 1);
      return FALSE;
    }

  item = g_new0 (PlenumPacketManifestItem, 1);
  item->number = g_strdup (number);
  item->title = g_strdup (title);
  item->closed_session = closed_session;
  item->documents = g_ptr_array_new_with_free_func (manifest_document_free);

  g_ptr_array_add (self->items, item);
  g_hash_table_insert (self->numbers, item->number, GUINT_TO_POINTER (self->items->len));

  return TRUE;
}

void
plenum_packet_manifest_add_document (PlenumPacketManifest *self,
                                     guint                 item_index,
                                     const char           *title,
                                     const char           *sha256,
                                     gboolean              confidential)
{
  plenum_packet_manifest_add_document_with_password (self, item_index, title, sha256,
                                                     confidential, NULL);
}

void
plenum_packet_manifest_add_document_with_password (PlenumPacketManifest *self,
                                                   guint                 item_index,
                                                   const char           *title,
                                                   const char           *sha256,
                                                   gboolean              confidential,
                                                   const char           *password)
{
  PlenumPacketManifestItem *item;
  PlenumPacketManifestDocument *document;

  g_return_if_fail (PLENUM_IS_PACKET_MANIFEST (self));
  g_return_if_fail (item_index < self->items->len);
  g_return_if_fail (title != NULL);
  g_return_if_fail (plenum_is_sha256_hex (sha256));
  g_return_if_fail (password == NULL || plenum_is_document_password (password));

  item = g_ptr_array_index (self->items, item_index);

  document = g_new0 (PlenumPacketManifestDocument, 1);
  document->title = g_strdup (title);
  document->sha256 = g_strdup (sha256);
  document->confidential = confidential;
  document->password = g_strdup (password);
  g_ptr_array_add (item->documents, document);
}

static gboolean
read_documents (PlenumPacketManifest  *self,
                guint                  item_index,
                const cJSON           *array,
                const char            *where,
                GError               **error)
{
  static const char * const keys[] = { "title", "sha256", "confidential", "password", NULL };
  const cJSON *child;
  guint i = 0;

  cJSON_ArrayForEach (child, array)
    {
      g_autofree char *path = plenum_json_path_index (where, i++);
      const char *title = NULL;
      const char *sha256 = NULL;
      const char *password = NULL;
      gboolean confidential = FALSE;

      if (!plenum_json_check_object (child, path, keys, error) ||
          !plenum_json_get_text (child, path, "title", PLENUM_JSON_REQUIRED,
                                 PLENUM_TITLE_MAX_CHARS, FALSE, &title, error) ||
          !plenum_json_get_sha256 (child, path, "sha256", PLENUM_JSON_REQUIRED, &sha256, error) ||
          !plenum_json_get_bool (child, path, "confidential", PLENUM_JSON_REQUIRED,
                                 &confidential, error) ||
          !plenum_document_read_password (child, path, &password, error))
        return FALSE;

      plenum_packet_manifest_add_document_with_password (self, item_index, title, sha256,
                                                         confidential, password);
    }

  return TRUE;
}

static gboolean
read_items (PlenumPacketManifest  *self,
            const cJSON           *array,
            const char            *where,
            GError               **error)
{
  static const char * const keys[] = {
    "number", "title", "closed_session", "documents", NULL
  };
  const cJSON *child;
  guint i = 0;

  cJSON_ArrayForEach (child, array)
    {
      g_autofree char *path = plenum_json_path_index (where, i);
      g_autofree char *documents_path = NULL;
      const cJSON *documents = NULL;
      const char *number = NULL;
      const char *title = NULL;
      gboolean closed_session = FALSE;
      gpointer earlier;

      if (!plenum_json_check_object (child, path, keys, error) ||
          !plenum_json_get_text (child, path, "number", PLENUM_JSON_REQUIRED,
                                 PLENUM_ITEM_NUMBER_MAX_CHARS, FALSE, &number, error) ||
          !plenum_json_get_text (child, path, "title", PLENUM_JSON_REQUIRED,
                                 PLENUM_TITLE_MAX_CHARS, FALSE, &title, error) ||
          !plenum_json_get_bool (child, path, "closed_session", PLENUM_JSON_REQUIRED,
                                 &closed_session, error) ||
          !plenum_json_get_array (child, path, "documents", PLENUM_JSON_REQUIRED,
                                  PLENUM_MAX_ARRAY_ITEMS, &documents, error))
        return FALSE;

      /* Checked here rather than by add_item() so that the message can use @where. */
      earlier = g_hash_table_lookup (self->numbers, number);
      if (earlier != NULL)
        {
          g_autofree char *earlier_path =
            plenum_json_path_index (where, GPOINTER_TO_UINT (earlier) - 1);

          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_DUPLICATE_KEY,
                       "%s.number: “%s” is already the number of %s",
                       path, number, earlier_path);
          return FALSE;
        }

      if (!plenum_packet_manifest_add_item (self, number, title, closed_session, error))
        return FALSE;

      documents_path = plenum_json_path_key (path, "documents");
      if (!read_documents (self, i, documents, documents_path, error))
        return FALSE;
      i++;
    }

  return TRUE;
}

PlenumPacketManifest *
plenum_packet_manifest_new_from_json (const cJSON  *node,
                                      const char   *where,
                                      GError      **error)
{
  static const char * const keys[] = {
    "operation_id", "base_packet_version", "meeting", "items", NULL
  };
  static const char * const meeting_keys[] = {
    "body_id", "title", "starts_at", "location", "chair_id", "vice_chair_id", NULL
  };
  g_autoptr(PlenumPacketManifest) self = NULL;
  g_autoptr(GDateTime) starts_at = NULL;
  g_autofree char *meeting_path = NULL;
  g_autofree char *items_path = NULL;
  const cJSON *meeting = NULL;
  const cJSON *items = NULL;
  const char *operation_id = NULL;
  const char *body_id = NULL;
  const char *title = NULL;
  const char *location = NULL;
  const char *chair_id = NULL;
  const char *vice_chair_id = NULL;
  gint64 base_packet_version = -1;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  meeting_path = plenum_json_path_key (where, "meeting");
  items_path = plenum_json_path_key (where, "items");

  if (!plenum_json_check_object (node, where, keys, error) ||
      !plenum_json_get_uuid (node, where, "operation_id", PLENUM_JSON_REQUIRED,
                             &operation_id, error) ||
      !plenum_json_get_int64 (node, where, "base_packet_version", PLENUM_JSON_OPTIONAL, 0,
                              PLENUM_JSON_MAX_SAFE_INTEGER, &base_packet_version, error) ||
      !plenum_json_get_object (node, where, "meeting", PLENUM_JSON_REQUIRED, &meeting, error) ||
      !plenum_json_check_object (meeting, meeting_path, meeting_keys, error) ||
      !plenum_json_get_uuid (meeting, meeting_path, "body_id", PLENUM_JSON_REQUIRED,
                             &body_id, error) ||
      !plenum_json_get_text (meeting, meeting_path, "title", PLENUM_JSON_REQUIRED,
                             PLENUM_TITLE_MAX_CHARS, FALSE, &title, error) ||
      !plenum_json_get_time (meeting, meeting_path, "starts_at", PLENUM_JSON_REQUIRED,
                             &starts_at, error) ||
      !plenum_json_get_text (meeting, meeting_path, "location", PLENUM_JSON_NULLABLE,
                             PLENUM_LOCATION_MAX_CHARS, FALSE, &location, error) ||
      !plenum_json_get_uuid (meeting, meeting_path, "chair_id", PLENUM_JSON_REQUIRED,
                             &chair_id, error) ||
      !plenum_json_get_uuid (meeting, meeting_path, "vice_chair_id", PLENUM_JSON_NULLABLE,
                             &vice_chair_id, error) ||
      !plenum_json_get_array (node, where, "items", PLENUM_JSON_REQUIRED,
                              PLENUM_MAX_ARRAY_ITEMS, &items, error))
    return NULL;

  self = plenum_packet_manifest_new (operation_id, body_id, title, starts_at, location,
                                     chair_id, vice_chair_id);
  self->base_packet_version = base_packet_version;
  if (!read_items (self, items, items_path, error))
    return NULL;

  return g_steal_pointer (&self);
}

cJSON *
plenum_packet_manifest_to_json (PlenumPacketManifest *self)
{
  cJSON *node;
  cJSON *meeting;
  cJSON *items;
  guint i, j;

  g_return_val_if_fail (PLENUM_IS_PACKET_MANIFEST (self), NULL);

  plenum_json_init ();
  node = cJSON_CreateObject ();
  plenum_json_add_string (node, "operation_id", self->operation_id);
  if (self->base_packet_version >= 0)
    plenum_json_add_int64 (node, "base_packet_version", self->base_packet_version);

  meeting = cJSON_AddObjectToObject (node, "meeting");
  plenum_json_add_string (meeting, "body_id", self->body_id);
  plenum_json_add_string (meeting, "title", self->title);
  plenum_json_add_time (meeting, "starts_at", self->starts_at);
  plenum_json_add_string (meeting, "location", self->location);
  plenum_json_add_string (meeting, "chair_id", self->chair_id);
  plenum_json_add_string (meeting, "vice_chair_id", self->vice_chair_id);

  items = cJSON_AddArrayToObject (node, "items");
  for (i = 0; i < self->items->len; i++)
    {
      const PlenumPacketManifestItem *item = g_ptr_array_index (self->items, i);
      cJSON *item_node = cJSON_CreateObject ();
      cJSON *documents;

      plenum_json_add_string (item_node, "number", item->number);
      plenum_json_add_string (item_node, "title", item->title);
      plenum_json_add_bool (item_node, "closed_session", item->closed_session);
      documents = cJSON_AddArrayToObject (item_node, "documents");
      for (j = 0; j < item->documents->len; j++)
        {
          const PlenumPacketManifestDocument *document = g_ptr_array_index (item->documents, j);
          cJSON *document_node = cJSON_CreateObject ();

          plenum_json_add_string (document_node, "title", document->title);
          plenum_json_add_string (document_node, "sha256", document->sha256);
          plenum_json_add_bool (document_node, "confidential", document->confidential);
          if (document->password != NULL)
            plenum_json_add_string (document_node, "password", document->password);
          cJSON_AddItemToArray (documents, document_node);
        }
      cJSON_AddItemToArray (items, item_node);
    }

  return node;
}

void
plenum_packet_manifest_set_base_packet_version (PlenumPacketManifest *self,
                                                gint64                version)
{
  g_return_if_fail (PLENUM_IS_PACKET_MANIFEST (self));
  g_return_if_fail (version >= -1 && version <= PLENUM_JSON_MAX_SAFE_INTEGER);
  self->base_packet_version = version;
}

gint64
plenum_packet_manifest_get_base_packet_version (PlenumPacketManifest *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_MANIFEST (self), -1);
  return self->base_packet_version;
}

const char *
plenum_packet_manifest_get_operation_id (PlenumPacketManifest *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_MANIFEST (self), NULL);
  return self->operation_id;
}

const char *
plenum_packet_manifest_get_body_id (PlenumPacketManifest *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_MANIFEST (self), NULL);
  return self->body_id;
}

const char *
plenum_packet_manifest_get_title (PlenumPacketManifest *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_MANIFEST (self), NULL);
  return self->title;
}

GDateTime *
plenum_packet_manifest_get_starts_at (PlenumPacketManifest *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_MANIFEST (self), NULL);
  return self->starts_at;
}

const char *
plenum_packet_manifest_get_location (PlenumPacketManifest *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_MANIFEST (self), NULL);
  return self->location;
}

const char *
plenum_packet_manifest_get_chair_id (PlenumPacketManifest *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_MANIFEST (self), NULL);
  return self->chair_id;
}

const char *
plenum_packet_manifest_get_vice_chair_id (PlenumPacketManifest *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_MANIFEST (self), NULL);
  return self->vice_chair_id;
}

guint
plenum_packet_manifest_get_n_items (PlenumPacketManifest *self)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_MANIFEST (self), 0);
  return self->items->len;
}

const PlenumPacketManifestItem *
plenum_packet_manifest_get_item (PlenumPacketManifest *self,
                                 guint                 index)
{
  g_return_val_if_fail (PLENUM_IS_PACKET_MANIFEST (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);
  return g_ptr_array_index (self->items, index);
}
