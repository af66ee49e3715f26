/* plenum-document.h — a document of an agenda item: {id, title, sha256, size, pages,
 * confidential, media_type}. Its bytes are the blob named by sha256.
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

/* @size: bytes, 0 to PLENUM_JSON_MAX_SAFE_INTEGER; @pages: 0 to G_MAXINT (0 for a
 * document without pages; a PDF has at least one); @media_type: "application/pdf". */
PlenumDocument *plenum_document_new              (const char      *id,
                                                  const char      *title,
                                                  const char      *sha256,
                                                  gint64           size,
                                                  int              pages,
                                                  gboolean         confidential,
                                                  const char      *media_type);
/* Strict: every field required; title 1–PLENUM_TITLE_MAX_CHARS characters; media_type
 * "type/subtype" in lowercase, without parameters. */
PlenumDocument *plenum_document_new_from_json    (const cJSON     *node,
                                                  const char      *where,
                                                  GError         **error);
cJSON          *plenum_document_to_json          (PlenumDocument  *self);

const char     *plenum_document_get_id           (PlenumDocument  *self);
const char     *plenum_document_get_title        (PlenumDocument  *self);
const char     *plenum_document_get_sha256       (PlenumDocument  *self);
gint64          plenum_document_get_size         (PlenumDocument  *self);
int             plenum_document_get_pages        (PlenumDocument  *self);
gboolean        plenum_document_get_confidential (PlenumDocument  *self);
const char     *plenum_document_get_media_type   (PlenumDocument  *self);

G_END_DECLS
