/* plenum-ctl-oparl.c — plenumctl's commands for importing an OParl 1.1 Meeting.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include "plenum-ctl.h"

int
plenum_ctl_import_oparl (PlenumCtl  *ctl,
                        int         argc,
                        char      **argv)
{
  plenum_ctl_complain ("import-oparl: not built yet");
  return PLENUM_CTL_EXIT_USAGE;
}
