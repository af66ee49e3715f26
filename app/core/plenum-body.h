/* plenum-body.h — a body that meets (a Standing Committee, a board) and its members:
 * {id, name, members: [{id, display_name}]} (GET /api/v1/bodies).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "plenum-json.h"
#include "plenum-member.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_BODY (plenum_body_get_type ())
G_DECLARE_FINAL_TYPE (PlenumBody, plenum_body, PLENUM, BODY, GObject)

/* @members: a GListModel of PlenumMember, or NULL for none. The body keeps a copy of
 * the list, not the list. plenum_body_to_json() writes each member as {id, display_name}
 * whatever else the member object knows. */
PlenumBody   *plenum_body_new            (const char   *id,
                                          const char   *name,
                                          GListModel   *members);
/* Strict: members are exactly {id, display_name}; at most PLENUM_MAX_ARRAY_ITEMS. */
PlenumBody   *plenum_body_new_from_json  (const cJSON  *node,
                                          const char   *where,
                                          GError      **error);
cJSON        *plenum_body_to_json        (PlenumBody   *self);

const char   *plenum_body_get_id         (PlenumBody   *self);
const char   *plenum_body_get_name       (PlenumBody   *self);
/* A GListModel of PlenumMember, in the order of the JSON; never NULL. */
GListModel   *plenum_body_get_members    (PlenumBody   *self);

G_END_DECLS
