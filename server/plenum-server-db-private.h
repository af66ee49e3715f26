/* plenum-server-db-private.h — what the store tests need beyond the public API: opening a
 * database migrated only up to a given schema version, and the raw SQLite handle.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "plenum-server-db.h"

G_BEGIN_DECLS

/* Like plenum_server_db_open() but migrates only up to @version (0 leaves a fresh
 * database empty). The result is for tests: the public calls expect the latest schema. */
PlenumServerDb *plenum_server_db_open_at_version (const char  *path,
                                                  int          version,
                                                  GError     **error);

sqlite3        *plenum_server_db_get_handle      (PlenumServerDb *self);

G_END_DECLS
