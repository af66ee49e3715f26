/* plenum-application.h — the kiosk client's application object: command line, windows.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PLENUM_TYPE_APPLICATION (plenum_application_get_type ())

G_DECLARE_FINAL_TYPE (PlenumApplication, plenum_application, PLENUM, APPLICATION, AdwApplication)

PlenumApplication *plenum_application_new            (void);
const char        *plenum_application_get_server_url (PlenumApplication *self);
const char        *plenum_application_get_data_dir   (PlenumApplication *self);
gboolean           plenum_application_get_kiosk      (PlenumApplication *self);

G_END_DECLS
