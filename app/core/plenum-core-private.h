/* plenum-core-private.h — helpers the models in core/ share; not for use outside core/.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "plenum-json.h"
#include "plenum-member.h"

G_BEGIN_DECLS

/* A new GListStore of @item_type holding the items of @model (NULL: empty). Models keep
 * their own copy, so that a caller changing its list later cannot change them. */
GListStore   *plenum_list_store_new_copy       (GListModel   *model,
                                                GType         item_type);

/* A body's member: {id, display_name}, and "name" (a sign-in name) in the secretariat's
 * answer; "role" is an unknown key here. */
PlenumMember *plenum_member_new_from_body_json (const cJSON  *node,
                                                const char   *where,
                                                GError      **error);

/* "type/subtype" in lowercase RFC 6838 token characters, no parameters. */
gboolean      plenum_is_media_type             (const char   *text);

G_END_DECLS
