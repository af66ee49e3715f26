/* plenum-document.h — a document of an agenda item: {id, title, sha256, size, pages,
 * confidential, media_type[, password][, superseded]}. Its bytes are the blob named by
 * sha256; the versions a revision replaced are listed in "superseded" (newest first).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "plenum-json.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_DOCUMENT (plenum_document_get_type ())
G_DECLARE_FINAL_TYPE (PlenumDocument, plenum_document, PLENUM, DOCUMENT, GObject)

/* The longest password a document may carry, in bytes (not characters: poppler takes
 * the bytes). */
#define PLENUM_DOCUMENT_PASSWORD_MAX_BYTES 1024

/* A password a document may carry: 1 to PLENUM_DOCUMENT_PASSWORD_MAX_BYTES bytes of valid
 * UTF-8 without control characters (U+0000–U+001F, U+007F–U+009F). Unlike a title it may
 * be only white space: it is the PDF's author who chose it. */
gboolean        plenum_is_document_password      (const char      *text);
/* Reads the optional member "password" of @object (absent or null: none, *out untouched)
 * and checks it with plenum_is_document_password(). Errors are PLENUM_JSON_ERROR naming
 * "@where.password"; they never quote the value. *out points into @object. Shared by the
 * readers of a Meeting's document, a PacketManifest's document and a packet folder. */
gboolean        plenum_document_read_password    (const cJSON     *object,
                                                  const char      *where,
                                                  const char     **out,
                                                  GError         **error);

/* @size: bytes, 0 to PLENUM_JSON_MAX_SAFE_INTEGER; @pages: 0 to G_MAXINT (0 for a
 * document without pages; a PDF has at least one); @media_type: "application/pdf". */
PlenumDocument *plenum_document_new              (const char      *id,
                                                  const char      *title,
                                                  const char      *sha256,
                                                  gint64           size,
                                                  int              pages,
                                                  gboolean         confidential,
                                                  const char      *media_type);
/* The same, for a password-protected PDF: @password (NULL: none) opens it; see
 * plenum_is_document_password(). */
PlenumDocument *plenum_document_new_with_password (const char     *id,
                                                   const char     *title,
                                                   const char     *sha256,
                                                   gint64          size,
                                                   int             pages,
                                                   gboolean        confidential,
                                                   const char     *media_type,
                                                   const char     *password);
/* Strict: every field required but "password" (absent or null: none) and "superseded"
 * (absent: none; else an array of {sha256, size, pages, superseded_at[, password]},
 * newest first, none the document's own sha256, no hash twice); title 1–PLENUM_TITLE_MAX_CHARS characters; media_type
 * "type/subtype" in lowercase, without parameters. */
PlenumDocument *plenum_document_new_from_json    (const cJSON     *node,
                                                  const char      *where,
                                                  GError         **error);
/* Writes "password" only when the document has one, and "superseded" when the JSON it
 * was read from had it (a document stored before revisions existed is written back as
 * it was read). */
cJSON          *plenum_document_to_json          (PlenumDocument  *self);

const char     *plenum_document_get_id           (PlenumDocument  *self);
const char     *plenum_document_get_title        (PlenumDocument  *self);
const char     *plenum_document_get_sha256       (PlenumDocument  *self);
gint64          plenum_document_get_size         (PlenumDocument  *self);
int             plenum_document_get_pages        (PlenumDocument  *self);
gboolean        plenum_document_get_confidential (PlenumDocument  *self);
const char     *plenum_document_get_media_type   (PlenumDocument  *self);
/* The password that opens the PDF, or NULL when it needs none (or the packet gave none).
 * A secret: never log it, never show it. */
const char     *plenum_document_get_password     (PlenumDocument  *self);

/* An earlier version of a document, replaced by a revision (docs/protocol.md, "Revisions
 * and retraction"). Owned by its document: valid while the document lives. */
typedef struct _PlenumDocumentVersion PlenumDocumentVersion;

const char     *plenum_document_version_get_sha256        (const PlenumDocumentVersion *version);
gint64          plenum_document_version_get_size          (const PlenumDocumentVersion *version);
int             plenum_document_version_get_pages         (const PlenumDocumentVersion *version);
/* When the revision that replaced it was published (UTC). */
GDateTime      *plenum_document_version_get_superseded_at (const PlenumDocumentVersion *version);
/* NULL when that version needs none. A secret, like plenum_document_get_password(). */
const char     *plenum_document_version_get_password      (const PlenumDocumentVersion *version);

/* The superseded versions, newest first: 0 for a document never revised (or read from
 * JSON without "superseded"). */
guint           plenum_document_get_n_superseded (PlenumDocument  *self);
const PlenumDocumentVersion *
                plenum_document_get_superseded   (PlenumDocument  *self,
                                                  guint            index);
/* The superseded version whose blob is @sha256, or NULL. */
const PlenumDocumentVersion *
                plenum_document_find_superseded  (PlenumDocument  *self,
                                                  const char      *sha256);

G_END_DECLS
