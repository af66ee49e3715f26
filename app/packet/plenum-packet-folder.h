/* plenum-packet-folder.h — reading a packet folder: packet.json and the PDFs beside it.
 *
 * plenum-server --import-packet and plenumctl both read packet folders through this one
 * reader. It refuses the whole folder, before anything is stored anywhere, when
 * packet.json is malformed, a file is missing or is not a PDF poppler can open (with the
 * password packet.json gives for it, if any), a file name would leave the folder, or two
 * items share a number. Error messages name the file
 * and the problem. The format is in docs/protocol.md ("A packet folder").
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PLENUM_PACKET_ERROR (plenum_packet_error_quark ())

typedef enum {
  PLENUM_PACKET_ERROR_MALFORMED,      /* packet.json is not a valid packet description */
  PLENUM_PACKET_ERROR_BAD_FILE_NAME,  /* a "file" that is not a plain name in the folder */
  PLENUM_PACKET_ERROR_MISSING_FILE,   /* packet.json or a named PDF is not there */
  PLENUM_PACKET_ERROR_NOT_PDF,        /* a file poppler cannot open as a PDF */
  PLENUM_PACKET_ERROR_DUPLICATE_ITEM, /* two agenda items with the same number */
  PLENUM_PACKET_ERROR_IO,             /* reading failed */
  PLENUM_PACKET_ERROR_TOO_LARGE,      /* a file over PLENUM_PACKET_MAX_FILE_SIZE */
  PLENUM_PACKET_ERROR_PASSWORD,       /* a PDF needs a password packet.json does not give
                                       * or gives wrongly, or one is given for a PDF that
                                       * needs none */
} PlenumPacketError;

/* The largest PDF the reader takes (each file is read into memory once, so that the
 * bytes it hashes are the bytes poppler checks). packet.json: PLENUM_JSON_MAX_SIZE. */
#define PLENUM_PACKET_MAX_FILE_SIZE (G_GUINT64_CONSTANT (1) << 30)

typedef struct {
  char     *file;          /* plain file name, as written in packet.json */
  char     *path;          /* folder + file, checked to stay inside the folder */
  char     *title;
  gboolean  confidential;
  char     *password;      /* opens the PDF; NULL when it needs none. A secret: the
                            * reader's messages never quote it. */
  char      sha256[65];    /* of the file's bytes, lowercase hex */
  guint64   size;          /* bytes */
  int       pages;         /* as poppler counts them, opened with @password (≥ 1) */
} PlenumPacketFolderDocument;

typedef struct {
  char      *number;       /* "1", "2", "3a" */
  char      *title;
  gboolean   closed_session;
  GPtrArray *documents;    /* of PlenumPacketFolderDocument */
} PlenumPacketFolderItem;

typedef struct {
  char      *folder;
  char      *meeting_id;   /* UUID */
  char      *body;         /* the body's name */
  char      *title;
  GDateTime *starts_at;    /* UTC */
  char      *location;     /* may be NULL */
  char      *chair;        /* sign-in name */
  char      *vice_chair;   /* sign-in name, or NULL */
  GPtrArray *items;        /* of PlenumPacketFolderItem, in order */
} PlenumPacketFolder;

GQuark              plenum_packet_error_quark  (void);

/* Reads and checks the whole folder (hashing and opening every PDF). Blocking: call it
 * from a thread or a command-line tool, never from a GTK main loop. Nothing is written.
 * Errors are PLENUM_PACKET_ERROR (or G_IO_ERROR_CANCELLED); messages start with the
 * file they are about ("packet.json: items[2].title: …", "03-annex.pdf: …"). Symbolic
 * links and anything but regular files are refused. */
PlenumPacketFolder *plenum_packet_folder_read  (const char    *folder,
                                                GCancellable  *cancellable,
                                                GError       **error);
void                plenum_packet_folder_free  (PlenumPacketFolder *packet);

/* Reads only packet.json's bytes (no file checks): for fuzzing and for tools that show
 * a packet before it is complete. @folder may be NULL; then paths are left NULL. The
 * documents' sha256 is then empty, size and pages 0. */
PlenumPacketFolder *plenum_packet_folder_parse (const char    *folder,
                                                const char    *json,
                                                gsize          length,
                                                GError       **error);

/* Checks one PDF outside a packet folder by the same rules (plenumctl revise and
 * attach): a regular file, not a symbolic link, at most PLENUM_PACKET_MAX_FILE_SIZE, a
 * PDF poppler opens with @password (NULL: none; a password given for a PDF that needs
 * none is refused), every page readable. Gives its SHA-256 (lowercase hex), size and
 * pages (each may be NULL). Blocking. Errors are PLENUM_PACKET_ERROR; messages start
 * with @path and never quote the password. */
gboolean            plenum_packet_check_pdf_file (const char    *path,
                                                  const char    *password,
                                                  char           sha256[65],
                                                  guint64       *size,
                                                  int           *pages,
                                                  GCancellable  *cancellable,
                                                  GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumPacketFolder, plenum_packet_folder_free)

/* NULL when @name is a plain file name in a packet folder (not empty, at most 255 bytes,
 * no "/" or "\\", not "." or "..", no leading dot, no control character), or why it is
 * not, in words for a message ("it is a path, not a name"). */
const char *plenum_packet_file_name_problem (const char *name);

G_END_DECLS
