/* plenum-ctl-terminal-config.c — plenumctl terminal-config: writes a terminal's
 * configuration file (docs/deploy.md).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include "plenum-ctl.h"

int
plenum_ctl_terminal_config (PlenumCtl  *ctl,
                            int         argc,
                            char      **argv)
{
  plenum_ctl_complain ("terminal-config: not built yet");
  return PLENUM_CTL_EXIT_USAGE;
}
