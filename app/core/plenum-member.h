/* plenum-member.h — a person: the signed-in account ({id, name, display_name, role},
 * POST /api/v1/session) or a member of a body ({id, display_name}, with "name" for the
 * secretariat, GET /api/v1/bodies).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "plenum-json.h"

G_BEGIN_DECLS

typedef enum {
  PLENUM_ROLE_NONE,      /* the body-member shape: no sign-in name, no role */
  PLENUM_ROLE_MEMBER,
  PLENUM_ROLE_SECRETARY,
} PlenumRole;

#define PLENUM_TYPE_ROLE (plenum_role_get_type ())
GType         plenum_role_get_type          (void);

/* "member", "secretary"; NULL for PLENUM_ROLE_NONE. */
const char   *plenum_role_to_string         (PlenumRole   role);
/* FALSE for anything but "member" and "secretary" (case-sensitive). */
gboolean      plenum_role_from_string       (const char  *text,
                                             PlenumRole  *out);

#define PLENUM_TYPE_MEMBER (plenum_member_get_type ())
G_DECLARE_FINAL_TYPE (PlenumMember, plenum_member, PLENUM, MEMBER, GObject)

/* An account when @name is set (then @role is MEMBER or SECRETARY); a body's member
 * when @name is NULL (then @role is NONE). */
PlenumMember *plenum_member_new             (const char   *id,
                                             const char   *name,
                                             const char   *display_name,
                                             PlenumRole    role);
/* Reads either shape: {id, display_name} or {id, name, display_name, role} ("name" and
 * "role" come together or not at all). */
PlenumMember *plenum_member_new_from_json   (const cJSON  *node,
                                             const char   *where,
                                             GError      **error);
/* Writes the shape the member was made with. */
cJSON        *plenum_member_to_json         (PlenumMember *self);

const char   *plenum_member_get_id          (PlenumMember *self);
/* The sign-in name, or NULL for a body's member as a member sees it. */
const char   *plenum_member_get_name        (PlenumMember *self);
const char   *plenum_member_get_display_name (PlenumMember *self);
PlenumRole    plenum_member_get_role        (PlenumMember *self);
/* TRUE for the account shape (name and role known; a body's member has no role). */
gboolean      plenum_member_is_account      (PlenumMember *self);

G_END_DECLS
