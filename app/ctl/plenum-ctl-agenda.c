/* plenum-ctl-agenda.c — plenumctl's commands for agenda items, attaching a document, opening an opinion round.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include "plenum-ctl.h"

int
plenum_ctl_item (PlenumCtl  *ctl,
                int         argc,
                char      **argv)
{
  plenum_ctl_complain ("item: not built yet");
  return PLENUM_CTL_EXIT_USAGE;
}

int
plenum_ctl_attach (PlenumCtl  *ctl,
                  int         argc,
                  char      **argv)
{
  plenum_ctl_complain ("attach: not built yet");
  return PLENUM_CTL_EXIT_USAGE;
}

int
plenum_ctl_opinion (PlenumCtl  *ctl,
                   int         argc,
                   char      **argv)
{
  plenum_ctl_complain ("opinion: not built yet");
  return PLENUM_CTL_EXIT_USAGE;
}
