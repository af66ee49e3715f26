/* plenum-server-import.h — what plenum-server does to its data folder from the command
 * line: --import-packet (a packet folder, published exactly as PUT …/packet publishes),
 * --import-accounts (accounts and bodies from a JSON file) and --demo (the demo body,
 * accounts and packet, imported through the same --import-packet path).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "plenum-server-blobs.h"
#include "plenum-server-db.h"

G_BEGIN_DECLS

typedef struct {
  char   *meeting_id;
  char   *title;
  gint64  packet_version;
  guint   n_items;
  guint   n_documents;
  guint   n_new_blobs;   /* blobs the server did not have before */
} PlenumServerImportSummary;

void     plenum_server_import_summary_clear (PlenumServerImportSummary *summary);

/* Reads the packet folder @folder (refusing all of it when anything is wrong), stores its
 * PDFs as blobs and publishes it in one transaction with its packet.published event
 * (*@event, for the caller to hand to a running event hub; may be NULL). The body is named
 * by name and the chairs by sign-in name; they must exist. */
gboolean plenum_server_import_packet        (PlenumServerDb             *db,
                                             PlenumBlobStore            *blobs,
                                             const char                 *folder,
                                             guint                       retention,
                                             PlenumServerImportSummary  *summary,
                                             PlenumServerEvent         **event,
                                             GError                    **error);

/* Creates or updates the accounts and bodies in the accounts file @path (format in
 * docs/protocol.md, "An accounts file"), all in one transaction. */
gboolean plenum_server_import_accounts      (PlenumServerDb  *db,
                                             const char      *path,
                                             guint           *n_accounts,
                                             guint           *n_bodies,
                                             GError         **error);

/* Seeds the demo (plenum-demo.h) unless the data folder has it: *@seeded says whether it
 * did. @scratch_dir: a folder on the same disk for the generated packet. */
gboolean plenum_server_seed_demo            (PlenumServerDb   *db,
                                             PlenumBlobStore  *blobs,
                                             const char       *scratch_dir,
                                             guint             retention,
                                             gboolean         *seeded,
                                             GError          **error);

G_END_DECLS
