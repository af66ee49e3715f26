/* plenum-document-row.h — one document of an agenda item: its title, pages and size,
 * and its state on this terminal (waiting, downloading with a progress bar, ready,
 * failed). Activating a ready row activates meeting.open-document with its SHA-256.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "core/plenum-document.h"
#include "sync/plenum-sync-engine.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_DOCUMENT_ROW (plenum_document_row_get_type ())

G_DECLARE_FINAL_TYPE (PlenumDocumentRow, plenum_document_row, PLENUM, DOCUMENT_ROW, GtkListBoxRow)

GtkWidget          *plenum_document_row_new        (PlenumDocument     *document);
PlenumDocument     *plenum_document_row_get_document (PlenumDocumentRow *self);

/* Shows @state (with @bytes_done of @bytes_total while downloading). */
void                plenum_document_row_set_state  (PlenumDocumentRow   *self,
                                                    PlenumDocumentState  state,
                                                    guint64              bytes_done,
                                                    guint64              bytes_total);
PlenumDocumentState plenum_document_row_get_state  (PlenumDocumentRow   *self);
/* The state line as shown ("Ready", "Downloading… 40 %", …). */
const char         *plenum_document_row_get_state_text (PlenumDocumentRow *self);

G_END_DECLS
