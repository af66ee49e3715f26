/* plenum-packet-manifest.h — the body of PUT /api/v1/meetings/{id}/packet: an operation
 * id, the meeting's details and the agenda items with their documents named by hash.
 *
 *   { "operation_id": "uuid", "base_packet_version": N (optional),
 *     "meeting": { "body_id", "title", "starts_at", "location", "chair_id",
 *                  "vice_chair_id" },
 *     "items": [ { "number", "title", "closed_session",
 *                  "documents": [ { "title", "sha256", "confidential",
 *                                   "password" } ] } ] }
 *
 * plenumctl builds one with plenum_packet_manifest_new() and _add_item()/_add_document()
 * and sends plenum_packet_manifest_to_json(); the server reads one with
 * plenum_packet_manifest_new_from_json() and walks it with _get_n_items()/_get_item().
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "plenum-json.h"

G_BEGIN_DECLS

typedef struct {
  char     *title;
  char     *sha256;        /* 64 lowercase hex digits */
  gboolean  confidential;
  char     *password;      /* opens a password-protected PDF; NULL when it needs none */
} PlenumPacketManifestDocument;

typedef struct {
  char      *number;       /* "1", "3a"; unique within the manifest */
  char      *title;
  gboolean   closed_session;
  GPtrArray *documents;    /* of PlenumPacketManifestDocument, in order */
} PlenumPacketManifestItem;

#define PLENUM_TYPE_PACKET_MANIFEST (plenum_packet_manifest_get_type ())
G_DECLARE_FINAL_TYPE (PlenumPacketManifest, plenum_packet_manifest,
                      PLENUM, PACKET_MANIFEST, GObject)

/* A manifest without items yet. @location and @vice_chair_id may be NULL. */
PlenumPacketManifest *plenum_packet_manifest_new           (const char           *operation_id,
                                                            const char           *body_id,
                                                            const char           *title,
                                                            GDateTime            *starts_at,
                                                            const char           *location,
                                                            const char           *chair_id,
                                                            const char           *vice_chair_id);
/* Appends an item (its index is plenum_packet_manifest_get_n_items() - 1). An item
 * number already in the manifest: FALSE with PLENUM_JSON_ERROR_DUPLICATE_KEY. */
gboolean              plenum_packet_manifest_add_item      (PlenumPacketManifest *self,
                                                            const char           *number,
                                                            const char           *title,
                                                            gboolean              closed_session,
                                                            GError              **error);
void                  plenum_packet_manifest_add_document  (PlenumPacketManifest *self,
                                                            guint                 item_index,
                                                            const char           *title,
                                                            const char           *sha256,
                                                            gboolean              confidential);
/* The same for a password-protected PDF; @password (NULL: none) as
 * plenum_is_document_password() allows. */
void                  plenum_packet_manifest_add_document_with_password
                                                           (PlenumPacketManifest *self,
                                                            guint                 item_index,
                                                            const char           *title,
                                                            const char           *sha256,
                                                            gboolean              confidential,
                                                            const char           *password);

/* Strict: unknown keys refused at every level; every field required except
 * "meeting.location", "meeting.vice_chair_id" and a document's "password" (absent or
 * null: none); "items" and each
 * "documents" may be empty (a packet with no documents yet is legal); at most
 * PLENUM_MAX_ARRAY_ITEMS items and documents per item; two items with the same number
 * are refused with PLENUM_JSON_ERROR_DUPLICATE_KEY ("items[3].number: …"). Two documents
 * of one item with the same title are not refused here. */
PlenumPacketManifest *plenum_packet_manifest_new_from_json     (const cJSON          *node,
                                                                const char           *where,
                                                                GError              **error);
/* Writes "location" and "vice_chair_id" as null when there are none; a document's
 * "password" only when it has one. */
cJSON                *plenum_packet_manifest_to_json           (PlenumPacketManifest *self);

/* The packet version the sender built on (read-modify-write): the server refuses the
 * packet with 409 when the meeting's packet_version is no longer @version (0 for a
 * meeting that does not exist yet). -1 (the default): absent, publish regardless. */
void                  plenum_packet_manifest_set_base_packet_version
                                                           (PlenumPacketManifest *self,
                                                            gint64                version);
gint64                plenum_packet_manifest_get_base_packet_version
                                                           (PlenumPacketManifest *self);

const char           *plenum_packet_manifest_get_operation_id  (PlenumPacketManifest *self);
const char           *plenum_packet_manifest_get_body_id       (PlenumPacketManifest *self);
const char           *plenum_packet_manifest_get_title         (PlenumPacketManifest *self);
/* In UTC. */
GDateTime            *plenum_packet_manifest_get_starts_at     (PlenumPacketManifest *self);
/* NULL when there is none. */
const char           *plenum_packet_manifest_get_location      (PlenumPacketManifest *self);
const char           *plenum_packet_manifest_get_chair_id      (PlenumPacketManifest *self);
/* NULL when there is none. */
const char           *plenum_packet_manifest_get_vice_chair_id (PlenumPacketManifest *self);

guint                 plenum_packet_manifest_get_n_items       (PlenumPacketManifest *self);
/* Owned by the manifest; valid while it lives and until the next add. */
const PlenumPacketManifestItem *
                      plenum_packet_manifest_get_item          (PlenumPacketManifest *self,
                                                                guint                 index);

G_END_DECLS
