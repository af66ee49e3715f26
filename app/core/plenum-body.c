/* plenum-body.c — a body and its members.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-body"

#include "plenum-body.h"

#include "plenum-core-private.h"

struct _PlenumBody
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  GListStore *members;
};

G_DEFINE_FINAL_TYPE (PlenumBody, plenum_body, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_MEMBERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
plenum_body_constructed (GObject *object)
{
  PlenumBody *self = (PlenumBody *) object;

  G_OBJECT_CLASS (plenum_body_parent_class)->constructed (object);

  if (self->members == NULL)
    self->members = g_list_store_new (PLENUM_TYPE_MEMBER);
}

static void
plenum_body_dispose (GObject *object)
{
  PlenumBody *self = (PlenumBody *) object;

  g_clear_object (&self->members);

  G_OBJECT_CLASS (plenum_body_parent_class)->dispose (object);
}

static void
plenum_body_finalize (GObject *object)
{
  PlenumBody *self = (PlenumBody *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (plenum_body_parent_class)->finalize (object);
}

static void
plenum_body_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PlenumBody *self = PLENUM_BODY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_MEMBERS:
      g_value_set_object (value, self->members);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_body_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PlenumBody *self = PLENUM_BODY (object);

  /* Construct-only: set once before anyone can watch, so nothing to notify. */
  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_MEMBERS:
      if (g_value_get_object (value) != NULL)
        self->members = plenum_list_store_new_copy (g_value_get_object (value),
                                                    PLENUM_TYPE_MEMBER);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_body_class_init (PlenumBodyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                            G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = plenum_body_constructed;
  object_class->dispose = plenum_body_dispose;
  object_class->finalize = plenum_body_finalize;
  object_class->get_property = plenum_body_get_property;
  object_class->set_property = plenum_body_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_MEMBERS] =
    g_param_spec_object ("members", NULL, NULL, G_TYPE_LIST_MODEL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plenum_body_init (PlenumBody *self)
{
}

PlenumBody *
plenum_body_new (const char *id,
                 const char *name,
                 GListModel *members)
{
  g_return_val_if_fail (plenum_is_uuid (id), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (members == NULL || G_IS_LIST_MODEL (members), NULL);

  return g_object_new (PLENUM_TYPE_BODY,
                       "id", id,
                       "name", name,
                       "members", members,
                       NULL);
}

PlenumBody *
plenum_body_new_from_json (const cJSON  *node,
                           const char   *where,
                           GError      **error)
{
  /* lease_seconds (issue 8, docs/protocol.md "Leases") is the server's: read and checked,
   * not kept (a terminal takes a meeting's lease from the MeetingSummary). */
  static const char * const keys[] = { "id", "name", "lease_seconds", "members", NULL };
  g_autoptr(GListStore) members = NULL;
  g_autofree char *members_path = NULL;
  const cJSON *array = NULL;
  const cJSON *child;
  const char *id = NULL;
  const char *name = NULL;
  gint64 lease_seconds = 0;
  guint i = 0;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!plenum_json_check_object (node, where, keys, error) ||
      !plenum_json_get_uuid (node, where, "id", PLENUM_JSON_REQUIRED, &id, error) ||
      !plenum_json_get_text (node, where, "name", PLENUM_JSON_REQUIRED,
                             PLENUM_DISPLAY_NAME_MAX_CHARS, FALSE, &name, error) ||
      !plenum_json_get_int64 (node, where, "lease_seconds", PLENUM_JSON_OPTIONAL, 0, 31536000,
                              &lease_seconds, error) ||
      !plenum_json_get_array (node, where, "members", PLENUM_JSON_REQUIRED,
                              PLENUM_MAX_ARRAY_ITEMS, &array, error))
    return NULL;

  members = g_list_store_new (PLENUM_TYPE_MEMBER);
  members_path = plenum_json_path_key (where, "members");
  cJSON_ArrayForEach (child, array)
    {
      g_autofree char *child_path = plenum_json_path_index (members_path, i++);
      g_autoptr(PlenumMember) member = NULL;

      member = plenum_member_new_from_body_json (child, child_path, error);
      if (member == NULL)
        return NULL;
      g_list_store_append (members, member);
    }

  return plenum_body_new (id, name, G_LIST_MODEL (members));
}

cJSON *
plenum_body_to_json (PlenumBody *self)
{
  cJSON *node;
  cJSON *array;
  guint n, i;

  g_return_val_if_fail (PLENUM_IS_BODY (self), NULL);

  plenum_json_init ();
  node = cJSON_CreateObject ();
  plenum_json_add_string (node, "id", self->id);
  plenum_json_add_string (node, "name", self->name);

  array = cJSON_AddArrayToObject (node, "members");
  n = g_list_model_get_n_items (G_LIST_MODEL (self->members));
  for (i = 0; i < n; i++)
    {
      g_autoptr(PlenumMember) member = g_list_model_get_item (G_LIST_MODEL (self->members), i);
      cJSON *item = cJSON_CreateObject ();

      /* Always the body-member shape, whatever the member object knows. */
      plenum_json_add_string (item, "id", plenum_member_get_id (member));
      plenum_json_add_string (item, "display_name", plenum_member_get_display_name (member));
      cJSON_AddItemToArray (array, item);
    }

  return node;
}

const char *
plenum_body_get_id (PlenumBody *self)
{
  g_return_val_if_fail (PLENUM_IS_BODY (self), NULL);
  return self->id;
}

const char *
plenum_body_get_name (PlenumBody *self)
{
  g_return_val_if_fail (PLENUM_IS_BODY (self), NULL);
  return self->name;
}

GListModel *
plenum_body_get_members (PlenumBody *self)
{
  g_return_val_if_fail (PLENUM_IS_BODY (self), NULL);
  return G_LIST_MODEL (self->members);
}
