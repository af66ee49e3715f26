/* plenum-offline-banner.h — the strip that says the terminal is offline, since when,
 * and that what is shown is what this terminal has stored: "Offline since 14:05 —
 * showing the papers stored on this terminal", or, with changes queued in the outbox,
 * "Offline since 14:05 — 3 changes wait to be sent". Revealed while the sync engine
 * says offline and a member is signed in.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sync/plenum-sync-engine.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_OFFLINE_BANNER (plenum_offline_banner_get_type ())

G_DECLARE_FINAL_TYPE (PlenumOfflineBanner, plenum_offline_banner, PLENUM, OFFLINE_BANNER, GtkWidget)

GtkWidget        *plenum_offline_banner_new             (PlenumSyncEngine    *engine);

/* Property "sync-engine" (may be NULL: never revealed). */
PlenumSyncEngine *plenum_offline_banner_get_sync_engine (PlenumOfflineBanner *self);
void              plenum_offline_banner_set_sync_engine (PlenumOfflineBanner *self,
                                                         PlenumSyncEngine    *engine);

/* Property "revealed" (read-only): the banner is (being) shown. */
gboolean          plenum_offline_banner_get_revealed    (PlenumOfflineBanner *self);
/* The sentence shown (also while hidden, for the last state), never NULL. */
const char       *plenum_offline_banner_get_text        (PlenumOfflineBanner *self);

/* The sentence for a terminal offline since @since (local time; NULL: unknown), as the
 * banner shows it at @now (the date is added when @since is not today). */
char             *plenum_offline_banner_format          (GDateTime           *since,
                                                         GDateTime           *now);

/* The same, with how many changes wait to be sent when @pending > 0: "Offline since
 * 14:05 — 3 changes wait to be sent" (plural forms by ngettext). The banner shows this
 * one, with the engine's "pending-operations". */
char             *plenum_offline_banner_format_pending  (GDateTime           *since,
                                                         GDateTime           *now,
                                                         guint                pending);

G_END_DECLS
