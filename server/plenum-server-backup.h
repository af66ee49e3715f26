/* plenum-server-backup.h — plenum-server --backup and --restore: a consistent copy of a
 * data folder, made while a server may be running on it, and a new data folder made
 * from such a copy.
 *
 * A backup folder holds plenum.db (a copy of the database taken with SQLite's online
 * backup API: one read transaction, so one consistent state whatever a running server
 * writes meanwhile), blobs/ab/abcdef… (every blob that copy of the database lists, hard
 * linked where the file system allows, else copied and hashed) and, written last,
 * manifest.json (the format in docs/deploy.md). A folder without the manifest is an
 * unfinished backup and is never restored.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PLENUM_BACKUP_ERROR (plenum_backup_error_quark ())

typedef enum {
  PLENUM_BACKUP_ERROR_NOT_EMPTY,  /* the target folder has something in it */
  PLENUM_BACKUP_ERROR_NO_DATA,    /* the data folder holds no database */
  PLENUM_BACKUP_ERROR_INCOMPLETE, /* no manifest, or a file it lists is missing */
  PLENUM_BACKUP_ERROR_CORRUPT,    /* a file's size or hash differs from the manifest */
  PLENUM_BACKUP_ERROR_TOO_NEW,    /* written by a newer server (a newer schema) */
  PLENUM_BACKUP_ERROR_BUSY,       /* another process holds the folder */
  PLENUM_BACKUP_ERROR_FAILED,     /* SQLite or the file system failed */
} PlenumBackupError;

GQuark   plenum_backup_error_quark (void);

/* What a backup or a restore did, for the summary line. */
typedef struct {
  int     schema_version;
  guint64 database_size;
  guint   n_blobs;
  guint   n_linked;   /* backup: blobs hard linked rather than copied */
  guint64 blob_bytes;
} PlenumBackupSummary;

/* The name of the manifest in a backup folder. */
#define PLENUM_BACKUP_MANIFEST "manifest.json"

/* Backs up the data folder @data_dir into @backup_dir, which must not exist or be an
 * empty folder (it is made with mode 0700: it holds PIN hashes). Takes no lock on
 * @data_dir and writes nothing there: a server may run on it. Blocking. */
gboolean plenum_server_backup      (const char           *data_dir,
                                    const char           *backup_dir,
                                    PlenumBackupSummary  *summary,
                                    GError              **error);

/* Makes the data folder @data_dir (which must not exist or be empty) from the backup in
 * @backup_dir, checking every file against the manifest (sizes and SHA-256) and the
 * database with SQLite's integrity check; holds the data folder's lock while it writes,
 * and renames the database into place last. Blocking. */
gboolean plenum_server_restore     (const char           *backup_dir,
                                    const char           *data_dir,
                                    PlenumBackupSummary  *summary,
                                    GError              **error);

G_END_DECLS
