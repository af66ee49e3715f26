/* plenum-server-access.c — closed-session clearances, revoking an account's sessions, lifting a terminal's PIN lock (docs/protocol.md, "A server that holds").
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-server"

#include "plenum-server-private.h"

gboolean
plenum_server_route_access (PlenumServer      *self,
                           SoupServerMessage *msg,
                           char             **parts,
                           guint              n_parts,
                           GHashTable        *query)
{
  return FALSE;
}
