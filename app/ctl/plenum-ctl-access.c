/* plenum-ctl-access.c — plenumctl's commands for who may read a closed-session item, revoking an account's sessions, lifting a terminal's sign-in lock.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include "plenum-ctl.h"

int
plenum_ctl_clearance (PlenumCtl  *ctl,
                     int         argc,
                     char      **argv)
{
  plenum_ctl_complain ("clearance: not built yet");
  return PLENUM_CTL_EXIT_USAGE;
}

int
plenum_ctl_sessions (PlenumCtl  *ctl,
                    int         argc,
                    char      **argv)
{
  plenum_ctl_complain ("sessions: not built yet");
  return PLENUM_CTL_EXIT_USAGE;
}

int
plenum_ctl_unlock_terminal (PlenumCtl  *ctl,
                           int         argc,
                           char      **argv)
{
  plenum_ctl_complain ("unlock-terminal: not built yet");
  return PLENUM_CTL_EXIT_USAGE;
}
