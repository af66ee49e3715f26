/* plenum-export.h — "save an annotated copy": the logic of plenum-export, and the
 * exit statuses the client (app/pdf/plenum-export-client.c) reads back from it.
 *
 * This header uses GLib only, so the client may include it for the statuses and modes
 * without seeing poppler or qpdf; only plenum-export links those.
 *
 * Two modes:
 *
 *  - FLATTENED: poppler draws each page into a cairo PDF surface as it would for
 *    printing (text and paths stay vectors), and the marks are drawn on top with cairo.
 *    Every reader shows the same. If the source was encrypted, the copy is encrypted
 *    again with qpdf (AES-256, the same password as user password, a random owner
 *    password, the source's permissions), so a password-protected document never turns
 *    into an open copy.
 *  - EDITABLE: qpdf reads the source and writes it back with its own objects, plus one
 *    standard annotation per mark (/Ink, /Highlight, /Text) in the page's /Annots, each
 *    with an appearance stream drawn here. An encrypted source keeps its encryption
 *    (qpdf writes the copy with the source's encryption parameters and password).
 *
 * Both modes refuse a confidential document (the caller says so) and one whose
 * permissions forbid the copy: flattened needs printing and copying allowed (poppler's
 * OK_TO_PRINT and OK_TO_COPY: the pages are printed into a new file whose text can be
 * extracted), editable needs qpdf_allow_modify_annotation().
 *
 * Coordinates of the marks are those of PlenumAnnotation: PDF points on the page as it
 * is displayed (after its /Rotate, inside its /CropBox), origin top-left, y down.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  PLENUM_EXPORT_MODE_FLATTENED,
  PLENUM_EXPORT_MODE_EDITABLE,
} PlenumExportMode;

/* plenum-export's exit statuses. Each comes with one English line on stderr. */
typedef enum {
  PLENUM_EXPORT_STATUS_OK           = 0,
  PLENUM_EXPORT_STATUS_FAILED       = 1,  /* anything else (a bug, out of memory) */
  PLENUM_EXPORT_STATUS_USAGE        = 2,  /* bad command line */
  PLENUM_EXPORT_STATUS_NOT_PDF      = 3,  /* the source is not a readable PDF (damaged,
                                           * truncated, not a PDF at all) */
  PLENUM_EXPORT_STATUS_PERMISSION   = 4,  /* the document's permissions forbid it */
  PLENUM_EXPORT_STATUS_CONFIDENTIAL = 5,  /* the caller said the document is
                                           * confidential */
  PLENUM_EXPORT_STATUS_DISK_FULL    = 6,  /* no space (or quota) left for the copy */
  PLENUM_EXPORT_STATUS_ENCRYPTED    = 7,  /* a password is needed, or it is wrong */
  PLENUM_EXPORT_STATUS_ANNOTATIONS  = 8,  /* the annotations file is invalid, or a mark
                                           * is on a page the document does not have */
  PLENUM_EXPORT_STATUS_IO           = 9,  /* the source cannot be read or the copy cannot
                                           * be written (not for lack of space) */
} PlenumExportStatus;

/* The longest password read from stdin (like the render helper's). */
#define PLENUM_EXPORT_MAX_PASSWORD 1024

typedef struct {
  const char       *source_path;
  const char       *annotations_path;
  const char       *output_path;
  PlenumExportMode  mode;
  gboolean          confidential;
  const char       *password;     /* NULL: none */
  const char       *author_name;  /* /T of the editable marks; NULL: each mark's
                                   * author id */
  guint64           max_file_size;
} PlenumExportSettings;

/* Writes the copy. On failure nothing is left at (or next to) @output_path and *@message
 * holds one English line saying why. */
PlenumExportStatus plenum_export_run (const PlenumExportSettings *settings,
                                      char                      **message);

G_END_DECLS
