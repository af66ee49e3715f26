/* plenum-member.c — a person: an account or a body's member.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-member"

#include "plenum-member.h"

#include "plenum-core-private.h"

struct _PlenumMember
{
  GObject     parent_instance;

  char       *id;
  char       *name;
  char       *display_name;
  PlenumRole  role;
};

G_DEFINE_FINAL_TYPE (PlenumMember, plenum_member, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlenumRole, plenum_role,
  G_DEFINE_ENUM_VALUE (PLENUM_ROLE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (PLENUM_ROLE_MEMBER, "member"),
  G_DEFINE_ENUM_VALUE (PLENUM_ROLE_SECRETARY, "secretary"))

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DISPLAY_NAME,
  PROP_ROLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
plenum_role_to_string (PlenumRole role)
{
  switch (role)
    {
    case PLENUM_ROLE_MEMBER:
      return "member";
    case PLENUM_ROLE_SECRETARY:
      return "secretary";
    case PLENUM_ROLE_NONE:
    default:
      return NULL;
    }
}

gboolean
plenum_role_from_string (const char *text,
                         PlenumRole *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (g_strcmp0 (text, "member") == 0)
    *out = PLENUM_ROLE_MEMBER;
  else if (g_strcmp0 (text, "secretary") == 0)
    *out = PLENUM_ROLE_SECRETARY;
  else
    return FALSE;

  return TRUE;
}

static void
plenum_member_finalize (GObject *object)
{
  PlenumMember *self = (PlenumMember *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->display_name, g_free);

  G_OBJECT_CLASS (plenum_member_parent_class)->finalize (object);
}

static void
plenum_member_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlenumMember *self = PLENUM_MEMBER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_member_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlenumMember *self = PLENUM_MEMBER (object);

  /* Construct-only: each is set once, before anyone can watch, so nothing to notify. */
  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_DISPLAY_NAME:
      self->display_name = g_value_dup_string (value);
      break;
    case PROP_ROLE:
      self->role = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_member_class_init (PlenumMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                            G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = plenum_member_finalize;
  object_class->get_property = plenum_member_get_property;
  object_class->set_property = plenum_member_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, PLENUM_TYPE_ROLE, PLENUM_ROLE_NONE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plenum_member_init (PlenumMember *self)
{
}

/* Unchecked: the callers check the shape they accept. */
static PlenumMember *
member_object_new (const char *id,
                   const char *name,
                   const char *display_name,
                   PlenumRole  role)
{
  return g_object_new (PLENUM_TYPE_MEMBER,
                       "id", id,
                       "name", name,
                       "display-name", display_name,
                       "role", role,
                       NULL);
}

PlenumMember *
plenum_member_new (const char *id,
                   const char *name,
                   const char *display_name,
                   PlenumRole  role)
{
  g_return_val_if_fail (plenum_is_uuid (id), NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail ((name == NULL) == (role == PLENUM_ROLE_NONE), NULL);

  return member_object_new (id, name, display_name, role);
}

static PlenumMember *
member_new_from_json (const cJSON  *node,
                      const char   *where,
                      gboolean      account_allowed,
                      GError      **error)
{
  static const char * const account_keys[] = { "id", "name", "display_name", "role", NULL };
  /* A body's member: "name" only in the secretariat's answer. */
  static const char * const body_keys[] = { "id", "display_name", "name", NULL };
  const char *id = NULL;
  const char *name = NULL;
  const char *display_name = NULL;
  const char *role_text = NULL;
  PlenumRole role = PLENUM_ROLE_NONE;

  if (!plenum_json_check_object (node, where, account_allowed ? account_keys : body_keys, error) ||
      !plenum_json_get_uuid (node, where, "id", PLENUM_JSON_REQUIRED, &id, error) ||
      !plenum_json_get_text (node, where, "display_name", PLENUM_JSON_REQUIRED,
                             PLENUM_DISPLAY_NAME_MAX_CHARS, FALSE, &display_name, error))
    return NULL;

  if (account_allowed &&
      (cJSON_GetObjectItemCaseSensitive (node, "name") != NULL ||
       cJSON_GetObjectItemCaseSensitive (node, "role") != NULL))
    {
      g_autofree char *role_path = plenum_json_path_key (where, "role");

      if (!plenum_json_get_text (node, where, "name", PLENUM_JSON_REQUIRED,
                                 PLENUM_SIGN_IN_NAME_MAX_CHARS, FALSE, &name, error) ||
          !plenum_json_get_string (node, where, "role", PLENUM_JSON_REQUIRED, &role_text, error))
        return NULL;

      if (!plenum_role_from_string (role_text, &role))
        {
          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                       "%s: expected \"member\" or \"secretary\"", role_path);
          return NULL;
        }
    }

  if (!account_allowed)
    {
      if (!plenum_json_get_text (node, where, "name", PLENUM_JSON_OPTIONAL,
                                 PLENUM_SIGN_IN_NAME_MAX_CHARS, FALSE, &name, error))
        return NULL;
      if (name != NULL && !plenum_is_sign_in_name (name))
        {
          g_autofree char *path = plenum_json_path_key (where, "name");

          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                       "%s: expected a sign-in name", path);
          return NULL;
        }
    }

  /* Not plenum_member_new(): a body's member in the secretariat's answer has a sign-in
   * name but no role, a shape that constructor refuses (it makes accounts and members
   * as a member sees them). plenum_member_to_json() writes this shape back. */
  return member_object_new (id, name, display_name, role);
}

PlenumMember *
plenum_member_new_from_json (const cJSON  *node,
                             const char   *where,
                             GError      **error)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return member_new_from_json (node, where, TRUE, error);
}

PlenumMember *
plenum_member_new_from_body_json (const cJSON  *node,
                                  const char   *where,
                                  GError      **error)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return member_new_from_json (node, where, FALSE, error);
}

cJSON *
plenum_member_to_json (PlenumMember *self)
{
  cJSON *node;

  g_return_val_if_fail (PLENUM_IS_MEMBER (self), NULL);

  plenum_json_init ();
  node = cJSON_CreateObject ();
  plenum_json_add_string (node, "id", self->id);
  if (self->name != NULL)
    plenum_json_add_string (node, "name", self->name);
  plenum_json_add_string (node, "display_name", self->display_name);
  if (self->role != PLENUM_ROLE_NONE)
    plenum_json_add_string (node, "role", plenum_role_to_string (self->role));

  return node;
}

const char *
plenum_member_get_id (PlenumMember *self)
{
  g_return_val_if_fail (PLENUM_IS_MEMBER (self), NULL);
  return self->id;
}

const char *
plenum_member_get_name (PlenumMember *self)
{
  g_return_val_if_fail (PLENUM_IS_MEMBER (self), NULL);
  return self->name;
}

const char *
plenum_member_get_display_name (PlenumMember *self)
{
  g_return_val_if_fail (PLENUM_IS_MEMBER (self), NULL);
  return self->display_name;
}

PlenumRole
plenum_member_get_role (PlenumMember *self)
{
  g_return_val_if_fail (PLENUM_IS_MEMBER (self), PLENUM_ROLE_NONE);
  return self->role;
}

gboolean
plenum_member_is_account (PlenumMember *self)
{
  g_return_val_if_fail (PLENUM_IS_MEMBER (self), FALSE);
  return self->role != PLENUM_ROLE_NONE;
}
