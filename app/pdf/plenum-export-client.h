/* plenum-export-client.h — "save an annotated copy": the client side of plenum-export.
 *
 * plenum_export_copy_async() writes the marks to a private temporary file (0600),
 * runs the plenum-export helper on the document (poppler and qpdf never run in the
 * client's process), waits for it with a timeout (it is killed after
 * PLENUM_EXPORT_CLIENT_TIMEOUT_S seconds, or when the call is cancelled), removes the
 * temporary file, and maps the helper's exit status to a PlenumExportError. The copy is
 * either complete at @output_path or not there at all: the helper gives it its name
 * only once it is written and synced.
 *
 * Finding the helper, first match wins (as for plenum-render):
 *  1. the environment variable PLENUM_EXPORT, when set and not empty (tests, debugging);
 *  2. when the running executable lives inside the meson build tree this library was
 *     built in, that build's app/export/plenum-export;
 *  3. $libexecdir/plenum-export of the installation.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/plenum-annotation.h"
#include "export/plenum-export.h"

G_BEGIN_DECLS

#define PLENUM_EXPORT_ERROR (plenum_export_error_quark ())

/* What went wrong; plenum_error_text() gives the user's sentence for each code. The
 * GError's message is the helper's English line, for logs. */
typedef enum {
  PLENUM_EXPORT_ERROR_PERMISSION,   /* the document's permissions forbid this copy */
  PLENUM_EXPORT_ERROR_CONFIDENTIAL, /* the document is confidential */
  PLENUM_EXPORT_ERROR_NOT_PDF,      /* the document is damaged, truncated or not a PDF */
  PLENUM_EXPORT_ERROR_ENCRYPTED,    /* a password is needed, or the one given is wrong */
  PLENUM_EXPORT_ERROR_DISK_FULL,    /* no space left where the copy goes */
  PLENUM_EXPORT_ERROR_TIMEOUT,      /* the helper took too long and was killed */
  PLENUM_EXPORT_ERROR_FAILED,       /* anything else: the copy could not be written (the
                                     * folder is not writable, the helper is missing or
                                     * crashed, a mark is invalid) */
} PlenumExportError;

/* How long the helper may take for one copy before it is killed. */
#define PLENUM_EXPORT_CLIENT_TIMEOUT_S 60

GQuark   plenum_export_error_quark (void);

/* Writes an annotated copy of @source_path (a PDF; @password or NULL) to @output_path
 * (an absolute path; an existing file there is replaced only when the copy is complete)
 * with @annotations (a GPtrArray of PlenumAnnotation on pages of this document; deleted
 * ones are left out), in @mode. @confidential: the document is confidential — the copy
 * is refused (PLENUM_EXPORT_ERROR_CONFIDENTIAL) without reading it. @author_name: the
 * name shown as the author of every mark of an editable copy (NULL: each mark's author
 * id). The annotations are serialised before this returns; the caller may change them
 * afterwards. Errors: PLENUM_EXPORT_ERROR or G_IO_ERROR_CANCELLED. */
void     plenum_export_copy_async  (const char           *source_path,
                                    const char           *password,
                                    GPtrArray            *annotations,
                                    PlenumExportMode      mode,
                                    gboolean              confidential,
                                    const char           *author_name,
                                    const char           *output_path,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean plenum_export_copy_finish (GAsyncResult         *result,
                                    GError              **error);

G_END_DECLS
