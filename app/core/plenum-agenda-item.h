/* plenum-agenda-item.h — one item of a meeting's agenda: {id, number, title,
 * closed_session, documents: [Document], restricted?}.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "plenum-json.h"
#include "plenum-document.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_AGENDA_ITEM (plenum_agenda_item_get_type ())
G_DECLARE_FINAL_TYPE (PlenumAgendaItem, plenum_agenda_item, PLENUM, AGENDA_ITEM, GObject)

/* @number: the printed label ("1", "3a"); @documents: a GListModel of PlenumDocument or
 * NULL for none (the item keeps a copy of the list). */
PlenumAgendaItem *plenum_agenda_item_new                (const char        *id,
                                                         const char        *number,
                                                         const char        *title,
                                                         gboolean           closed_session,
                                                         GListModel        *documents);
/* Strict: every field required ("documents" may be empty) but "restricted" (optional: a
 * stored meeting from before it has none; written back as read); number 1 to
 * PLENUM_ITEM_NUMBER_MAX_CHARS characters, title 1 to PLENUM_TITLE_MAX_CHARS. */
PlenumAgendaItem *plenum_agenda_item_new_from_json      (const cJSON       *node,
                                                         const char        *where,
                                                         GError           **error);
cJSON            *plenum_agenda_item_to_json            (PlenumAgendaItem  *self);

const char       *plenum_agenda_item_get_id             (PlenumAgendaItem  *self);
const char       *plenum_agenda_item_get_number         (PlenumAgendaItem  *self);
const char       *plenum_agenda_item_get_title          (PlenumAgendaItem  *self);
gboolean          plenum_agenda_item_get_closed_session (PlenumAgendaItem  *self);
/* TRUE when the server withheld this closed-session item's documents from the viewer
 * (not cleared for it; docs/protocol.md, "Closed sessions"): it lists none. */
gboolean          plenum_agenda_item_get_restricted     (PlenumAgendaItem  *self);
/* A GListModel of PlenumDocument, in order; never NULL. */
GListModel       *plenum_agenda_item_get_documents      (PlenumAgendaItem  *self);

G_END_DECLS
