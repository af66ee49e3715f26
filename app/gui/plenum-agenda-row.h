/* plenum-agenda-row.h — one agenda item in the meeting page's side list: its number and
 * title, and a closed-session mark.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/plenum-agenda-item.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_AGENDA_ROW (plenum_agenda_row_get_type ())

G_DECLARE_FINAL_TYPE (PlenumAgendaRow, plenum_agenda_row, PLENUM, AGENDA_ROW, GtkListBoxRow)

GtkWidget        *plenum_agenda_row_new      (PlenumAgendaItem *item);
PlenumAgendaItem *plenum_agenda_row_get_item (PlenumAgendaRow  *self);

G_END_DECLS
