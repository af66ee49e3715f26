/* plenum-test-gui.h — what the UI tests share: waiting for a frame, a widget's pixels as
 * drawn, comparing pixels, and opening a PDF in the render helper.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gui/plenum-pdf-view.h"
#include "gui/plenum-window.h"
#include "pdf/plenum-render-client.h"
#include "store/plenum-store.h"
#include "sync/plenum-sync-engine.h"

G_BEGIN_DECLS

/* Deadline of every wait here (generous for sanitizer builds). */
#define PLENUM_TEST_GUI_WAIT_MS 60000

/* Queues a draw of @widget and waits until its surface has painted a frame. */
void                  plenum_test_wait_frame        (GtkWidget          *widget);

/* @widget as its last frame drew it (call plenum_test_wait_frame() after a change), as
 * a texture of its size (the display's scale is 1 under Xvfb: asserted). */
GdkTexture           *plenum_test_snapshot_widget   (GtkWidget          *widget);

/* A frame, then the snapshot. */
GdkTexture           *plenum_test_widget_pixels     (GtkWidget          *widget);

/* How many pixels within @rect differ between two textures of the same size. */
guint                 plenum_test_count_differences (GdkTexture         *a,
                                                     GdkTexture         *b,
                                                     const graphene_rect_t *rect);

/* Opens @path in @client's helper and waits; asserts that it opened. */
PlenumRenderDocument *plenum_test_open_document     (PlenumRenderClient *client,
                                                     const char         *path);

/* A window of @width × @height with @document in a PlenumPdfView over @queue, in a
 * scrolled window as the document page has it; presented, and waited for until the view
 * is ready. Destroy *@window when done. */
PlenumPdfView        *plenum_test_pdf_view_window   (PlenumRenderQueue    *queue,
                                                     PlenumRenderDocument *document,
                                                     int                   width,
                                                     int                   height,
                                                     GtkWindow           **window);

/* Drops the caller's reference to @object and waits until it is finalized. */
void                  plenum_test_wait_finalized    (gpointer              object);

/* Waits until @window shows its page named @page (g_error() naming the page it shows
 * instead, at the deadline). */
void                  plenum_test_wait_window_page  (PlenumWindow         *window,
                                                     const char           *page);

/* A terminal as the UI tests run one: its store on a data folder, a sync engine to the
 * server, a render client and the window, in kiosk mode at 1280 × 800 (the smaller
 * terminals; under Xvfb there is no window manager, so the frameless kiosk window gets
 * exactly that), showing the sign-in page. The engine's delays are shortened. */
typedef struct
{
  PlenumStore        *store;
  PlenumSyncEngine   *engine;
  PlenumRenderClient *client;
  PlenumWindow       *window;
} PlenumTestTerminal;

PlenumTestTerminal   *plenum_test_terminal_start    (const char           *data_dir,
                                                     const char           *server_url);
/* Destroys the window, then the services, asserting that each is finalized (nothing
 * kept alive by a widget), and frees @terminal. */
void                  plenum_test_terminal_stop     (PlenumTestTerminal   *terminal);

/* With PLENUM_SCREENSHOT_DIR set, saves @window as it is drawn to @name there (asserting
 * the kiosk's 1280 × 800); otherwise nothing. */
void                  plenum_test_save_screenshot   (PlenumWindow         *window,
                                                     const char           *name);
/* The same for any @widget (a widget built alone, a room display), at its own size. */
void                  plenum_test_save_widget_screenshot (GtkWidget       *widget,
                                                          const char      *name);

/* For a UI test's main(), after plenum_test_init(): the build tree's translations when
 * @translations (so that LANGUAGE picks the interface's language, as for screenshots in
 * Vietnamese), then GTK and libadwaita with the application's style. FALSE when there is
 * no display: main() then returns *@status (0: skipped; 1 under CI=true, where UI tests
 * must run under Xvfb). */
gboolean              plenum_test_gui_init          (gboolean              translations,
                                                     int                  *status);

/* Activates @button (asserted sensitive) as a tap does, and waits for its "clicked". */
void                  plenum_test_press             (GtkWidget            *button);

/* What a widget shows, as one of its getters returns it (cast the getter). */
typedef const char *(*PlenumTestTextGetter) (gpointer widget);

/* Waits up to PLENUM_TEST_GUI_WAIT_MS until @getter (@widget) returns @text (or, when
 * @prefix, a text that starts with it). FALSE at the deadline: the caller says then what
 * the widget shows instead. */
gboolean              plenum_test_wait_text         (gpointer              widget,
                                                     PlenumTestTextGetter  getter,
                                                     const char           *text,
                                                     gboolean              prefix);

/* The label under @root that says @text and is on screen (mapped), or NULL. */
GtkWidget            *plenum_test_find_label        (GtkWidget            *root,
                                                     const char           *text);

/* Types @name into @window's sign-in page and @pin on its PIN pad, digit by digit as a
 * member taps them (OK not tapped). */
void                  plenum_test_type_sign_in      (PlenumWindow         *window,
                                                     const char           *name,
                                                     const char           *pin);

G_END_DECLS
