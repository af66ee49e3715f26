/* plenum-application.h — the kiosk client's application object: the command line
 * (--server, --data-dir, --kiosk, --room-display), the terminal configuration file, and
 * the services every window shares — the store (opened asynchronously at start), ONE
 * sync engine and ONE render client — which it passes to the window.
 *
 * With --room-display the one window is the room's wall display (plenum-room-display.h)
 * instead of a seat's window: full screen, no sign-in, following the room's meeting with
 * the terminal credential.
 *
 * Where the server address comes from, first match wins: --server; the terminal
 * configuration file (plenum-terminal-config.h); the GSettings key server-url. With none,
 * the client still starts, and members who signed in on this terminal before can sign in
 * offline.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pdf/plenum-render-client.h"
#include "store/plenum-store.h"
#include "sync/plenum-sync-engine.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_APPLICATION (plenum_application_get_type ())

G_DECLARE_FINAL_TYPE (PlenumApplication, plenum_application, PLENUM, APPLICATION, AdwApplication)

PlenumApplication  *plenum_application_new               (void);
/* The server address in use (after the command line and the configuration were
 * read), or NULL. */
const char         *plenum_application_get_server_url    (PlenumApplication *self);
const char         *plenum_application_get_data_dir      (PlenumApplication *self);
gboolean            plenum_application_get_kiosk         (PlenumApplication *self);
/* TRUE with --room-display. */
gboolean            plenum_application_get_room_display  (PlenumApplication *self);

/* The problem with the terminal configuration file, as shown to the user, or NULL. */
const char         *plenum_application_get_config_problem (PlenumApplication *self);

/* Kiosk (issue #9): --kiosk or kiosk=true in the terminal configuration. A kiosk whose
 * configuration is broken (or has no admin-pin-hash) does not start: its one window
 * shows why, naming the file and line, and nothing else; this is that sentence (NULL
 * when the kiosk starts). The language is the "language" setting, else the
 * configuration's, else the environment's (LANGUAGE is set before anything is
 * translated); a change of the setting makes the window again in the new language. */
const char         *plenum_application_get_kiosk_refusal  (PlenumApplication *self);
/* The seat's name from the configuration (terminal-name), or NULL. */
const char         *plenum_application_get_terminal_name  (PlenumApplication *self);
/* TRUE while the main window asks the session not to blank the screen (a meeting is in
 * progress and a member is signed in): what was asked, whether or not a session manager
 * was there to hear it. */
gboolean            plenum_application_get_idle_inhibited (PlenumApplication *self);

/* The services, NULL until the store has been opened. */
PlenumStore        *plenum_application_get_store         (PlenumApplication *self);
PlenumSyncEngine   *plenum_application_get_sync_engine   (PlenumApplication *self);
PlenumRenderClient *plenum_application_get_render_client (PlenumApplication *self);

/* Loads the client's style sheet (touch target sizes, the banner, the page view) for
 * @display, once. The application does it at start-up; tests that build widgets alone
 * call it too. */
void                plenum_application_install_style     (GdkDisplay        *display);

G_END_DECLS
