/* plenum-window.h — the client's main window: it moves between the pages (starting,
 * sign-in, meetings, one meeting, one document) and shows the sync engine's background
 * errors as toasts. It gets the sync engine and the render client passed in
 * (plenum_window_set_services()), so a test can build it with its own.
 *
 * Actions:
 *   window.back      one page back (document → meeting → meetings)
 *   window.sign-out  signs the member out and returns to the sign-in page, clearing
 *                    everything the previous member's pages showed
 *   window.back-to-chair  (the follow banner's button) goes where the chair is and
 *                    follows the chair again
 *
 * Following the chair (issue #7): while a meeting of the member's is in progress, the
 * window goes where its chair goes ("position-changed"): the meeting, the item (marked
 * "Now") and, when the chair shows one, the document at the chair's page (opened once
 * it is verified on this terminal). A member who navigates by themselves somewhere
 * else (another item or its document, another page, back to the list) browses freely:
 * the follow banner (PlenumFollowBanner) at the top says where the chair is, until
 * "Back to the chair" or until the member is back where the chair is. A member who
 * signs in (or a terminal that starts) while a meeting is in progress lands where the
 * chair is, from the position the store keeps (offline too). The chair's own terminal
 * follows its own moves and shows no banner; its document pages carry "Show everyone
 * this page".
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pdf/plenum-render-client.h"
#include "pdf/plenum-render-queue.h"
#include "sync/plenum-sync-engine.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_WINDOW (plenum_window_get_type ())

G_DECLARE_FINAL_TYPE (PlenumWindow, plenum_window, PLENUM, WINDOW, AdwApplicationWindow)

/* @application may be NULL (tests). @server_url: shown while starting, may be NULL. */
PlenumWindow       *plenum_window_new               (AdwApplication     *application,
                                                     const char         *server_url);
const char         *plenum_window_get_server_url    (PlenumWindow       *self);
void                plenum_window_set_server_url    (PlenumWindow       *self,
                                                     const char         *server_url);

/* Gives the window its sync engine and render client and shows the sign-in page (or the
 * meetings, when the engine has a member signed in). Once only. The window makes the
 * render queue and texture cache every document page shares over @render_client. */
void                plenum_window_set_services      (PlenumWindow       *self,
                                                     PlenumSyncEngine   *engine,
                                                     PlenumRenderClient *render_client);
PlenumSyncEngine   *plenum_window_get_sync_engine   (PlenumWindow       *self);
PlenumRenderClient *plenum_window_get_render_client (PlenumWindow       *self);
/* NULL until set_services(). Its cache's budget is the application's setting. */
PlenumRenderQueue  *plenum_window_get_render_queue  (PlenumWindow       *self);

/* The terminal cannot start (its store cannot be opened): shows @error's sentence on a
 * page of its own. */
void                plenum_window_show_startup_error (PlenumWindow      *self,
                                                      const GError      *error);

/* A standing remark on the sign-in page (e.g. the terminal configuration is broken). */
void                plenum_window_set_notice        (PlenumWindow       *self,
                                                     const char         *notice);

/* Shows @text as a toast. */
void                plenum_window_add_toast         (PlenumWindow       *self,
                                                     const char         *text);

/* Property "kiosk": full screen, undecorated, and no window buttons in any header bar
 * (a member has no way out of the client). For a meeting-room terminal (--kiosk).
 * Closing the window is refused. The sign-in page shows "Administrator"
 * (window.admin): a page with a PIN pad, checked against the administrator PIN hash
 * (window.admin-cancel goes back), that then offers "Quit Plenum" (window.admin-quit),
 * which emits "quit-requested" and lets the window close. */
gboolean            plenum_window_get_kiosk         (PlenumWindow       *self);
void                plenum_window_set_kiosk         (PlenumWindow       *self,
                                                     gboolean            kiosk);

/* The administrator PIN's yescrypt hash (terminal configuration admin-pin-hash); NULL:
 * no PIN is right. */
void                plenum_window_set_admin_pin_hash (PlenumWindow      *self,
                                                      const char        *admin_pin_hash);

/* After @milliseconds without any input (pointer, touch, key) the window signs the
 * member out and goes back to the sign-in page, leaving nothing of their pages (0:
 * never; the application gives idle-seconds × 1000). */
void                plenum_window_set_idle_timeout  (PlenumWindow       *self,
                                                     guint               milliseconds);
guint               plenum_window_get_idle_timeout  (PlenumWindow       *self);

/* TRUE while the window asks the session not to blank the screen: a member is signed
 * in and one of their meetings is in progress (gtk_application_inhibit() with
 * GTK_APPLICATION_INHIBIT_IDLE, when the window has an application; TRUE even when the
 * session could not be asked). */
gboolean            plenum_window_get_idle_inhibited (PlenumWindow      *self);

/* The seat's name for the sign-in page (terminal-name), or NULL. */
void                plenum_window_set_terminal_name (PlenumWindow       *self,
                                                     const char         *terminal_name);
/* The application's settings (org.plenum.Plenum) for the sign-in page's appearance
 * switches and language chooser; NULL hides them. */
void                plenum_window_set_settings      (PlenumWindow       *self,
                                                     GSettings          *settings);

/* A kiosk whose terminal configuration is broken: the "failed" page says @text (which
 * names the file and line), and there is no way in. */
void                plenum_window_show_config_error (PlenumWindow       *self,
                                                     const char         *text);
/* The sentence of the "failed" page while it is shown, else NULL. */
const char         *plenum_window_get_failure_text  (PlenumWindow       *self);

/* The administrator's page, for tests: NULL until window.admin was first activated. */
GtkWidget          *plenum_window_get_admin_pin_pad     (PlenumWindow   *self);
GtkWidget          *plenum_window_get_admin_quit_button (PlenumWindow   *self);
/* The sentence shown after a wrong PIN, or NULL. */
const char         *plenum_window_get_admin_error_text  (PlenumWindow   *self);

/* Signals:
 *   "quit-requested" ()   the administrator chose Quit (the application quits)
 */

/* The page shown: "starting", "failed", "sign-in", "meetings", "meeting", "document",
 * "editor", "admin". */
const char         *plenum_window_get_page_name     (PlenumWindow       *self);

/* The pages, for tests (the meeting and document pages are NULL while not open). */
GtkWidget          *plenum_window_get_sign_in_page      (PlenumWindow   *self);
GtkWidget          *plenum_window_get_meeting_list_page (PlenumWindow   *self);
GtkWidget          *plenum_window_get_meeting_page      (PlenumWindow   *self);
GtkWidget          *plenum_window_get_document_page     (PlenumWindow   *self);
/* The follow banner (PlenumFollowBanner), and whether the member browses freely. */
GtkWidget          *plenum_window_get_follow_banner     (PlenumWindow   *self);
gboolean            plenum_window_get_browsing          (PlenumWindow   *self);

G_END_DECLS
