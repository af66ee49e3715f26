/* plenum-server-revisions.c — revising, retracting and retiring documents, wiping terminals, leases (docs/protocol.md, "Revisions and retraction").
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-server"

#include "plenum-server-private.h"

gboolean
plenum_server_route_revisions (PlenumServer      *self,
                              SoupServerMessage *msg,
                              char             **parts,
                              guint              n_parts,
                              GHashTable        *query)
{
  return FALSE;
}
