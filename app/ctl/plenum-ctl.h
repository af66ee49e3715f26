/* plenum-ctl.h — plenumctl's commands and what they share: the server connection, the
 * main loop that runs the asynchronous requests, and the exit codes scripts rely on.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include <gio/gio.h>

#include "core/plenum-json.h"
#include "net/plenum-http-client.h"
#include "packet/plenum-packet-folder.h"

G_BEGIN_DECLS

/* Exit codes (docs/plenumctl.md; `plenumctl --help` lists them too). */
typedef enum {
  PLENUM_CTL_EXIT_OK          = 0,
  PLENUM_CTL_EXIT_USAGE       = 1,  /* bad command line */
  PLENUM_CTL_EXIT_REFUSED     = 2,  /* the server refused the request (4xx) */
  PLENUM_CTL_EXIT_UNREACHABLE = 3,  /* cannot reach the server, or it failed (5xx) */
  PLENUM_CTL_EXIT_BAD_INPUT   = 4,  /* bad local input (a packet folder that does not read) */
  PLENUM_CTL_EXIT_SIGNED_OUT  = 5,  /* not signed in, or the session expired */
} PlenumCtlExit;

typedef struct {
  char             *server_url;  /* as given; the client's base URL once connected */
  gboolean          json;        /* one JSON document on stdout, no progress */
  PlenumHttpClient *client;
  GMainLoop        *loop;
  char             *token;       /* the signed-in session's token (a secret), or NULL */
  const char       *ca_file;     /* --ca-file or $PLENUMCTL_CA_FILE: verify the server with
                                  * these CA certificates (PEM) instead of the system's */
  const char       *pinned_public_key; /* --pinned-public-key or
                                        * $PLENUMCTL_PINNED_PUBLIC_KEY: "sha256//…" */
} PlenumCtl;

/* A command: @argv holds the command's own arguments after option parsing (argv[0] is
 * the command's name). Returns an exit code. */
typedef int (*PlenumCtlCommand) (PlenumCtl *ctl,
                                 int        argc,
                                 char     **argv);

int plenum_ctl_sign_in   (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_sign_out  (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_publish   (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_terminals (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_enrol     (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_revoke    (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_pin       (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_meetings  (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_meeting   (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_status    (PlenumCtl *ctl, int argc, char **argv);

/* Commands in their own files: plenum-ctl-record.c, plenum-ctl-revise.c,
 * plenum-ctl-access.c, plenum-ctl-agenda.c, plenum-ctl-oparl.c. */
int plenum_ctl_record          (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_audit           (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_revise          (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_retract         (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_retire          (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_wipe            (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_lease           (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_clearance       (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_sessions        (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_unlock_terminal (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_item            (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_attach          (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_opinion         (PlenumCtl *ctl, int argc, char **argv);
/* `meeting create …` and `meeting edit …`, from plenum_ctl_meeting() (argv[1] names them). */
int plenum_ctl_meeting_create  (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_meeting_edit    (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_import_oparl    (PlenumCtl *ctl, int argc, char **argv);
int plenum_ctl_terminal_config (PlenumCtl *ctl, int argc, char **argv);

/* What the commands share (plenum-ctl.c). */

/* One line on stderr: "plenumctl: …". */
void         plenum_ctl_complain         (const char   *format,
                                          ...) G_GNUC_PRINTF (1, 2);
/* Says why @what failed and returns the exit code for @error. */
int          plenum_ctl_exit_for_error   (PlenumCtl    *ctl,
                                          const char   *what,
                                          const GError *error);
/* Makes the client for --server (or PLENUMCTL_SERVER) and, when @signed_in, sets the
 * stored session's token. Returns an exit code (PLENUM_CTL_EXIT_OK: go on). */
int          plenum_ctl_connect          (PlenumCtl    *ctl,
                                          gboolean      signed_in);
/* Runs one request to the end. *@out (may be NULL) gets the answer's JSON, or NULL for
 * an empty answer (204). */
gboolean     plenum_ctl_request          (PlenumCtl    *ctl,
                                          const char   *method,
                                          const char   *path,
                                          const cJSON  *body,
                                          cJSON       **out,
                                          GError      **error);
/* Like plenum_ctl_request() for a write that carries an operation_id: a transient
 * failure is retried (same body, so the server applies it once). Returns an exit code,
 * having said what failed ("@what: …"). */
int          plenum_ctl_request_retrying (PlenumCtl    *ctl,
                                          const char   *method,
                                          const char   *path,
                                          const cJSON  *body,
                                          cJSON       **out,
                                          const char   *what);
void         plenum_ctl_print_json       (const cJSON  *node);
/* Members for display: "", 0, FALSE when absent or of another type. */
const char  *plenum_ctl_member_string    (const cJSON  *object,
                                          const char   *key);
gint64       plenum_ctl_member_int       (const cJSON  *object,
                                          const char   *key);
gboolean     plenum_ctl_member_bool      (const cJSON  *object,
                                          const char   *key);
/* Parses a command's options (GOption); on a usage error says why and returns FALSE.
 * --help prints the command's help and exits 0. */
gboolean     plenum_ctl_parse_options    (const char   *parameters,
                                          const char   *summary,
                                          GOptionEntry *entries,
                                          int          *argc,
                                          char       ***argv);
/* A line from stdin, or typed at @prompt without echo when stdin is a terminal. */
char        *plenum_ctl_read_secret      (const char   *prompt);

/* A file to have on the server as a blob: every field borrowed. */
typedef struct {
  const char *sha256;
  const char *path;   /* opened without following a symbolic link */
  const char *label;  /* the file's name, for messages */
  guint64     size;
} PlenumCtlBlobFile;

typedef struct {
  guint   blobs;           /* distinct blobs among the files */
  guint   uploaded;        /* of those, the ones the server lacked */
  guint64 bytes_uploaded;
} PlenumCtlUploads;

/* Uploads those of @files (PlenumCtlBlobFile) that the server lacks (HEAD first), with
 * progress on stderr unless --json. @what starts the messages. Returns an exit code. */
int          plenum_ctl_upload_missing   (PlenumCtl        *ctl,
                                          const char       *what,
                                          GPtrArray        *files,
                                          PlenumCtlUploads *uploads);

/* Publishes @folder (read and checked by the caller: nothing of it has been sent) as
 * @meeting_id: the body and the chair and vice chair resolved by name on the server
 * (or the given account ids), the blobs the server lacks uploaded, then the manifest
 * PUT with one operation id. Prints the outcome (or --json). Returns an exit code. */
int          plenum_ctl_publish_folder   (PlenumCtl                *ctl,
                                          const PlenumPacketFolder *folder,
                                          const char               *meeting_id,
                                          const char               *chair_id_option,
                                          const char               *vice_chair_id_option);

/* The usage line and summary of every command, for `plenumctl --help`. */
void plenum_ctl_print_help (FILE *out);

G_END_DECLS
