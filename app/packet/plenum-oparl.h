/* plenum-oparl.h — reading an OParl 1.1 Meeting (a JSON file and the files beside it)
 * as a packet folder.
 *
 * OParl (https://oparl.org/spezifikation/) is the open standard German council
 * information systems export meetings in. This reader turns one Meeting object, with the
 * PDFs its File objects name saved beside the JSON file, into the same
 * PlenumPacketFolder that plenum_packet_folder_read() produces, so that publishing it is
 * the packet folder's publishing. Like that reader it is blocking, writes nothing that
 * outlives it, and refuses the whole meeting before anything is handed on: a JSON error
 * names the field's path in the Meeting ("meeting.json: agendaItem[2].name: …"), a file
 * problem names the file. It never downloads: a File that is only a URL is refused.
 *
 * What OParl does not say in a form Plenum can use (the body, the chair, the vice chair)
 * the caller gives in PlenumOparlOptions. The format's mapping is in the user
 * documentation of `plenumctl import-oparl`.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "packet/plenum-packet-folder.h"

G_BEGIN_DECLS

#define PLENUM_OPARL_ERROR (plenum_oparl_error_quark ())

/* Errors about the OParl JSON. Problems with a file beside it (missing, not a plain
 * name, a symbolic link, not a PDF poppler opens, too large) are PLENUM_PACKET_ERROR, as
 * the packet folder reader reports them. */
typedef enum {
  PLENUM_OPARL_ERROR_MALFORMED,   /* not JSON, not a Meeting, or a field Plenum uses is
                                   * missing or of the wrong shape */
  PLENUM_OPARL_ERROR_NOT_PDF,     /* a File whose mimeType is not application/pdf */
  PLENUM_OPARL_ERROR_REMOTE_FILE, /* a File that is only a URL (nothing beside the JSON) */
  PLENUM_OPARL_ERROR_CHECKSUM,    /* sha512Checksum, sha1Checksum or size do not match */
  PLENUM_OPARL_ERROR_CANCELLED,   /* the meeting is cancelled or deleted */
} PlenumOparlError;

/* The OParl type URIs this reader takes. */
#define PLENUM_OPARL_MEETING_TYPE     "https://schema.oparl.org/1.1/Meeting"
#define PLENUM_OPARL_AGENDA_ITEM_TYPE "https://schema.oparl.org/1.1/AgendaItem"
#define PLENUM_OPARL_FILE_TYPE        "https://schema.oparl.org/1.1/File"

/* The number of the item that holds the meeting's own files (invitation, auxiliaryFile,
 * resultsProtocol, verbatimProtocol); it comes first. */
#define PLENUM_OPARL_MEETING_ITEM_NUMBER "0"

typedef struct {
  const char *body;          /* the body's name on the server; required */
  const char *chair;         /* sign-in name; required */
  const char *vice_chair;    /* sign-in name, or NULL */
  const char *meeting_id;    /* UUID, or NULL: plenum_oparl_meeting_uuid() of the id */
  const char *meeting_item_title; /* the title of item "0"; NULL: "Documents of the
                                   * meeting" */
  gboolean    skip_non_pdf;  /* a File whose mimeType is not application/pdf is left out
                              * with a warning instead of refusing the meeting */
} PlenumOparlOptions;

GQuark              plenum_oparl_error_quark (void);

/* Reads the Meeting in @json_path and checks every PDF it names (found beside it by
 * fileName: hashed, checksums compared, opened with poppler). The returned folder's
 * `folder` is @json_path's folder; each document's `path` a file in it. @warnings (may be
 * NULL) gets a message (char *) for each thing left out (a deleted item or File, a
 * non-PDF File under skip_non_pdf, a location given only as a URL). Blocking; nothing is
 * written. */
PlenumPacketFolder *plenum_oparl_read        (const char                *json_path,
                                              const PlenumOparlOptions  *options,
                                              GPtrArray                 *warnings,
                                              GCancellable              *cancellable,
                                              GError                   **error);

/* Reads only the JSON (@length bytes), without looking at any file: for fuzzing. @folder
 * may be NULL (paths are then NULL); the documents' sha256 is empty, size and pages 0.
 * @name is the JSON file's name for messages ("meeting.json"). */
PlenumPacketFolder *plenum_oparl_parse       (const char                *folder,
                                              const char                *name,
                                              const char                *json,
                                              gsize                      length,
                                              const PlenumOparlOptions  *options,
                                              GPtrArray                 *warnings,
                                              GError                   **error);

/* The meeting id an OParl Meeting's id (a URL) is imported as when none is given: the
 * name-based (version 5, SHA-1) UUID of @oparl_id in RFC 4122's URL namespace, so that
 * importing the same meeting again updates it. Lowercase; free with g_free(). */
char               *plenum_oparl_meeting_uuid (const char *oparl_id);

G_END_DECLS
