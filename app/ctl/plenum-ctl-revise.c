/* plenum-ctl-revise.c — plenumctl's commands for revising, retracting and retiring a document; wiping a terminal; a body's lease period.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include "plenum-ctl.h"

int
plenum_ctl_revise (PlenumCtl  *ctl,
                  int         argc,
                  char      **argv)
{
  plenum_ctl_complain ("revise: not built yet");
  return PLENUM_CTL_EXIT_USAGE;
}

int
plenum_ctl_retract (PlenumCtl  *ctl,
                   int         argc,
                   char      **argv)
{
  plenum_ctl_complain ("retract: not built yet");
  return PLENUM_CTL_EXIT_USAGE;
}

int
plenum_ctl_retire (PlenumCtl  *ctl,
                  int         argc,
                  char      **argv)
{
  plenum_ctl_complain ("retire: not built yet");
  return PLENUM_CTL_EXIT_USAGE;
}

int
plenum_ctl_wipe (PlenumCtl  *ctl,
                int         argc,
                char      **argv)
{
  plenum_ctl_complain ("wipe: not built yet");
  return PLENUM_CTL_EXIT_USAGE;
}

int
plenum_ctl_lease (PlenumCtl  *ctl,
                 int         argc,
                 char      **argv)
{
  plenum_ctl_complain ("lease: not built yet");
  return PLENUM_CTL_EXIT_USAGE;
}
