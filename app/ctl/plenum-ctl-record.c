/* plenum-ctl-record.c — plenumctl's commands for the meeting record (JSON and a PDF report) and the audit log.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include "plenum-ctl.h"

int
plenum_ctl_record (PlenumCtl  *ctl,
                  int         argc,
                  char      **argv)
{
  plenum_ctl_complain ("record: not built yet");
  return PLENUM_CTL_EXIT_USAGE;
}

int
plenum_ctl_audit (PlenumCtl  *ctl,
                 int         argc,
                 char      **argv)
{
  plenum_ctl_complain ("audit: not built yet");
  return PLENUM_CTL_EXIT_USAGE;
}
