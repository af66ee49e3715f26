/* plenum-packet-editor.h — the committee office's packet editor (issue #8): a draft of a
 * meeting (title, start, location, body, chair, vice chair) and its agenda (add,
 * renumber, rename, move up and down, mark closed session, remove), each item's PDFs
 * (attached with a file chooser or dropped on the item; title, confidential, password,
 * remove), "Preview as members see it" (the meeting page's own rows, read-only), and
 * "Publish" (plenum-publisher.h: PDFs checked in the render helper, missing blobs
 * uploaded with progress, the manifest sent with the draft's base version), which ends
 * in one sentence: "Published: version 4, sent to every terminal." or the refusal.
 * Nothing in the draft is lost when publishing fails.
 *
 * The editor signs its requests with the secretary's token as the engine's store keeps
 * it, over an HTTP client of its own to the engine's server.
 *
 * Actions:
 *   editor.add-item                 appends an item numbered after the last
 *   editor.remove-item (u)          removes item u (with its documents)
 *   editor.move-up (u), editor.move-down (u)
 *   editor.attach (u)               asks for PDFs for item u (GtkFileChooserNative)
 *   editor.remove-document ((uu))   removes document j of item i
 *   editor.publish                  publishes the draft
 * "Preview as members see it" is a toggle in the header bar; "Close" activates
 * window.back (PlenumWindow).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pdf/plenum-render-client.h"
#include "sync/plenum-publisher.h"
#include "sync/plenum-sync-engine.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_PACKET_EDITOR (plenum_packet_editor_get_type ())

G_DECLARE_FINAL_TYPE (PlenumPacketEditor, plenum_packet_editor, PLENUM, PACKET_EDITOR, GtkWidget)

/* Edits the packet of @meeting_id (read from the server), or a new meeting when NULL.
 * @render_client checks the PDFs before they are sent (may be NULL: then only the
 * server checks them). */
GtkWidget         *plenum_packet_editor_new              (PlenumSyncEngine   *engine,
                                                          PlenumRenderClient *render_client,
                                                          const char         *meeting_id);

/* The draft as edited (owned by the editor; changes with every edit). */
const PlenumPacketDraft *plenum_packet_editor_get_draft  (PlenumPacketEditor *self);
/* The publisher, for tests (shorter retries), or NULL when nobody may publish. */
PlenumPublisher   *plenum_packet_editor_get_publisher    (PlenumPacketEditor *self);

/* Property "loading": TRUE while the meeting or the bodies are being read. */
gboolean           plenum_packet_editor_get_loading      (PlenumPacketEditor *self);
/* The sentence under the editor ("" when none): the result of the last publication, a
 * failure to read, … */
const char        *plenum_packet_editor_get_status_text  (PlenumPacketEditor *self);

/* Attaches @file to item @item_index as a new document titled after its name (what the
 * file chooser's answer and a drop both do). FALSE for a file without a local path or an
 * item that does not exist. */
gboolean           plenum_packet_editor_attach_file      (PlenumPacketEditor *self,
                                                          guint               item_index,
                                                          GFile              *file);
/* The drop target (GDK_TYPE_FILE_LIST) of item @item_index's box, or NULL. */
GtkDropTarget     *plenum_packet_editor_get_drop_target  (PlenumPacketEditor *self,
                                                          guint               item_index);
/* The closed-session switch of item @item_index, or NULL. */
GtkSwitch         *plenum_packet_editor_get_closed_switch (PlenumPacketEditor *self,
                                                           guint               item_index);
/* The entries of the meeting's title and of item @item_index's number and title. */
GtkEditable       *plenum_packet_editor_get_title_entry  (PlenumPacketEditor *self);
GtkEditable       *plenum_packet_editor_get_item_entry   (PlenumPacketEditor *self,
                                                          guint               item_index,
                                                          gboolean            number);
/* The chair's choice (the chosen body's members, in its order). */
AdwComboRow       *plenum_packet_editor_get_chair_row    (PlenumPacketEditor *self);
/* The "Publish" button and the preview's agenda list (PlenumAgendaRow rows). */
GtkButton         *plenum_packet_editor_get_publish_button (PlenumPacketEditor *self);
GtkListBox        *plenum_packet_editor_get_preview_agenda (PlenumPacketEditor *self);
/* "Preview as members see it" (a toggle). */
GtkToggleButton   *plenum_packet_editor_get_preview_button (PlenumPacketEditor *self);

/* The sentence for a failed publication (@error of plenum_publisher_publish_finish(),
 * @subject of plenum_publisher_get_error_subject(), @server_version of
 * plenum_publisher_get_server_version()). Free with g_free(). */
char              *plenum_packet_editor_format_error     (const GError       *error,
                                                          const char         *subject,
                                                          gint64              server_version);

/* Signals:
 *   "published" (gint64 packet_version)   a publication succeeded
 */

G_END_DECLS
