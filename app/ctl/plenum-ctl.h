/* plenum-ctl.h — plenumctl's commands and what they share: the server connection, the
 * main loop that runs the asynchronous requests, and the exit codes scripts rely on.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include <gio/gio.h>

#include "net/plenum-http-client.h"

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

/* The usage line and summary of every command, for `plenumctl --help`. */
void plenum_ctl_print_help (FILE *out);

G_END_DECLS
