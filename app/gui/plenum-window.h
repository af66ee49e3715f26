/* plenum-window.h — the client's main window.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PLENUM_TYPE_WINDOW (plenum_window_get_type ())

G_DECLARE_FINAL_TYPE (PlenumWindow, plenum_window, PLENUM, WINDOW, AdwApplicationWindow)

PlenumWindow *plenum_window_new            (AdwApplication *application,
                                            const char     *server_url);
const char   *plenum_window_get_server_url (PlenumWindow   *self);
void          plenum_window_set_server_url (PlenumWindow   *self,
                                            const char     *server_url);

G_END_DECLS
