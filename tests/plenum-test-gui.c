/* plenum-test-gui.c — see plenum-test-gui.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <glib/gi18n.h>

#include "gui/plenum-application.h"
#include "gui/plenum-pin-pad.h"
#include "gui/plenum-sign-in-page.h"
#include "plenum-test-gui.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

static void
frame_painted_cb (guint *painted)
{
  (*painted)++;
}

static gboolean
painted (gpointer user_data)
{
  return *(guint *) user_data > 0;
}

void
plenum_test_wait_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint count = 0;
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (frame_painted_cb), &count);
  gtk_widget_queue_draw (widget);
  g_assert_true (plenum_test_wait_until (NULL, painted, &count, PLENUM_TEST_GUI_WAIT_MS));
  g_signal_handler_disconnect (clock, id);
}

GdkTexture *
plenum_test_snapshot_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                               gtk_widget_get_height (widget));
  g_autoptr(GskRenderNode) node = NULL;

  g_assert_cmpint (gtk_widget_get_scale_factor (widget), ==, 1);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), bounds.size.width,
                          bounds.size.height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &bounds);
}

GdkTexture *
plenum_test_widget_pixels (GtkWidget *widget)
{
  plenum_test_wait_frame (widget);
  return plenum_test_snapshot_widget (widget);
}

guint
plenum_test_count_differences (GdkTexture            *a,
                               GdkTexture            *b,
                               const graphene_rect_t *rect)
{
  int width = gdk_texture_get_width (a), height = gdk_texture_get_height (a);
  g_autofree guint32 *pa = g_new (guint32, (gsize) width * height);
  g_autofree guint32 *pb = g_new (guint32, (gsize) width * height);
  int y_start = MAX (0, (int) rect->origin.y), y_end = MIN (height, (int) (rect->origin.y + rect->size.height));
  int x_start = MAX (0, (int) rect->origin.x), x_end = MIN (width, (int) (rect->origin.x + rect->size.width));
  guint n = 0;

  g_assert_cmpint (gdk_texture_get_width (b), ==, width);
  g_assert_cmpint (gdk_texture_get_height (b), ==, height);
  gdk_texture_download (a, (guchar *) pa, (gsize) width * 4);
  gdk_texture_download (b, (guchar *) pb, (gsize) width * 4);
  for (int y = y_start; y < y_end; y++)
    for (int x = x_start; x < x_end; x++)
      if (pa[y * width + x] != pb[y * width + x])
        n++;
  return n;
}

PlenumRenderDocument *
plenum_test_open_document (PlenumRenderClient *client,
                           const char         *path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PlenumRenderDocument *document;

  plenum_render_client_open_async (client, path, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result,
                                         PLENUM_TEST_GUI_WAIT_MS));
  document = plenum_render_client_open_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

static gboolean
view_ready (gpointer user_data)
{
  return plenum_pdf_view_get_ready (user_data);
}

PlenumPdfView *
plenum_test_pdf_view_window (PlenumRenderQueue    *queue,
                             PlenumRenderDocument *document,
                             int                   width,
                             int                   height,
                             GtkWindow           **window)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  PlenumPdfView *view = PLENUM_PDF_VIEW (plenum_pdf_view_new (queue));

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, width, height);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (view));
  gtk_window_set_child (*window, scrolled);
  plenum_pdf_view_set_document (view, document);
  gtk_window_present (*window);
  g_assert_true (plenum_test_wait_until (NULL, view_ready, view, PLENUM_TEST_GUI_WAIT_MS));
  return view;
}

void
plenum_test_wait_finalized (gpointer object)
{
  gpointer weak = object;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &weak,
                                         PLENUM_TEST_GUI_WAIT_MS));
}

typedef struct
{
  PlenumWindow *window;
  const char   *page;
} PageWait;

static gboolean
page_shown (gpointer user_data)
{
  PageWait *wait = user_data;

  return g_strcmp0 (plenum_window_get_page_name (wait->window), wait->page) == 0;
}

void
plenum_test_wait_window_page (PlenumWindow *window,
                              const char   *page)
{
  PageWait wait = { window, page };

  if (!plenum_test_wait_until (NULL, page_shown, &wait, PLENUM_TEST_GUI_WAIT_MS))
    g_error ("waited for page %s, still on %s", page, plenum_window_get_page_name (window));
}

static void
store_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
window_is_1280_by_800 (gpointer user_data)
{
  return gtk_widget_get_width (user_data) == 1280 && gtk_widget_get_height (user_data) == 800;
}

PlenumTestTerminal *
plenum_test_terminal_start (const char *data_dir,
                            const char *server_url)
{
  PlenumTestTerminal *terminal = g_new0 (PlenumTestTerminal, 1);
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GError) error = NULL;

  plenum_store_open_async (data_dir, NULL, store_opened_cb, &opened);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &opened,
                                         PLENUM_TEST_GUI_WAIT_MS));
  terminal->store = plenum_store_open_finish (opened, &error);
  g_assert_no_error (error);

  terminal->engine = plenum_test_sync_engine_new (terminal->store, server_url, &error);
  g_assert_no_error (error);
  plenum_sync_engine_set_offline_delay (terminal->engine, 0);
  plenum_sync_engine_set_reconnect_delays (terminal->engine, 100, 1000);

  terminal->client = plenum_render_client_new (NULL);

  terminal->window = plenum_window_new (NULL, server_url);
  plenum_window_set_kiosk (terminal->window, TRUE);
  gtk_window_set_default_size (GTK_WINDOW (terminal->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (terminal->window));
  if (!plenum_test_wait_until (NULL, window_is_1280_by_800, terminal->window,
                               PLENUM_TEST_GUI_WAIT_MS))
    g_error ("the window is %d × %d", gtk_widget_get_width (GTK_WIDGET (terminal->window)),
             gtk_widget_get_height (GTK_WIDGET (terminal->window)));
  plenum_window_set_services (terminal->window, terminal->engine, terminal->client);
  plenum_test_wait_window_page (terminal->window, "sign-in");
  return terminal;
}

void
plenum_test_terminal_stop (PlenumTestTerminal *terminal)
{
  gpointer weak_window = terminal->window;

  g_object_add_weak_pointer (G_OBJECT (terminal->window), &weak_window);
  gtk_window_destroy (GTK_WINDOW (terminal->window));
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &weak_window,
                                         PLENUM_TEST_GUI_WAIT_MS));
  plenum_test_wait_finalized (terminal->client);
  plenum_test_wait_finalized (terminal->engine);
  plenum_test_wait_finalized (terminal->store);
  g_free (terminal);
}

/* TRUE while a stack slides between pages or a revealer opens or closes anywhere
 * under @widget: a screenshot then would catch half of two pages. */
static gboolean
animating (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  if (GTK_IS_REVEALER (widget) && gtk_widget_get_mapped (widget)
      && gtk_revealer_get_child_revealed (GTK_REVEALER (widget))
         != gtk_revealer_get_reveal_child (GTK_REVEALER (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (animating (child))
      return TRUE;
  return FALSE;
}

static gboolean
still (gpointer user_data)
{
  return !animating (user_data);
}

/* @texture to @name in @dir. */
static void
save_png (GdkTexture *texture,
          const char *dir,
          const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

void
plenum_test_save_screenshot (PlenumWindow *window,
                             const char   *name)
{
  const char *dir = g_getenv ("PLENUM_SCREENSHOT_DIR");
  g_autoptr(GdkTexture) texture = NULL;

  if (dir == NULL || dir[0] == '\0')
    return;

  g_assert_true (plenum_test_wait_until (NULL, still, window, 10000));
  plenum_test_wait_frame (GTK_WIDGET (window));
  texture = plenum_test_snapshot_widget (GTK_WIDGET (window));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1280);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 800);
  save_png (texture, dir, name);
}

void
plenum_test_save_widget_screenshot (GtkWidget  *widget,
                                    const char *name)
{
  const char *dir = g_getenv ("PLENUM_SCREENSHOT_DIR");
  g_autoptr(GdkTexture) texture = NULL;

  if (dir == NULL || dir[0] == '\0')
    return;

  texture = plenum_test_widget_pixels (widget);
  save_png (texture, dir, name);
}

gboolean
plenum_test_gui_init (gboolean  translations,
                      int      *status)
{
  if (translations)
    {
      const char *build_dir = g_getenv ("G_TEST_BUILDDIR");
      g_autofree char *locale_dir = g_build_filename (build_dir != NULL ? build_dir : ".", "..",
                                                      "po", NULL);

      bindtextdomain (GETTEXT_PACKAGE, locale_dir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  if (!gtk_init_check ())
    {
      if (plenum_test_in_ci ())
        {
          g_printerr ("no display, and CI=true: UI tests must run under Xvfb\n");
          *status = 1;
          return FALSE;
        }
      /* Skipped as TAP says it (meson reads an exit status of 77 as an error under the
       * TAP protocol). */
      g_print ("1..0 # SKIP no display\n");
      *status = 0;
      return FALSE;
    }
  adw_init ();
  plenum_application_install_style (gdk_display_get_default ());
  *status = 0;
  return TRUE;
}

static void
clicked_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

static gboolean
was_clicked (gpointer user_data)
{
  return *(guint *) user_data > 0;
}

void
plenum_test_press (GtkWidget *button)
{
  guint clicked = 0;
  gulong id;

  g_assert_true (gtk_widget_is_sensitive (button));
  id = g_signal_connect_swapped (button, "clicked", G_CALLBACK (clicked_cb), &clicked);
  g_assert_true (gtk_widget_activate (button));
  g_assert_true (plenum_test_wait_until (NULL, was_clicked, &clicked, PLENUM_TEST_GUI_WAIT_MS));
  g_signal_handler_disconnect (button, id);
}

typedef struct {
  gpointer              widget;
  PlenumTestTextGetter  getter;
  const char           *text;
  gboolean              prefix;
} TextWait;

static gboolean
text_is (gpointer user_data)
{
  TextWait *wait = user_data;
  const char *shown = wait->getter (wait->widget);

  return wait->prefix ? g_str_has_prefix (shown, wait->text) : g_strcmp0 (shown, wait->text) == 0;
}

gboolean
plenum_test_wait_text (gpointer              widget,
                       PlenumTestTextGetter  getter,
                       const char           *text,
                       gboolean              prefix)
{
  TextWait wait = { widget, getter, text, prefix };

  return plenum_test_wait_until (NULL, text_is, &wait, PLENUM_TEST_GUI_WAIT_MS);
}

GtkWidget *
plenum_test_find_label (GtkWidget  *root,
                        const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0 &&
      gtk_widget_is_visible (root) && gtk_widget_get_mapped (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = plenum_test_find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
plenum_test_type_sign_in (PlenumWindow *window,
                          const char   *name,
                          const char   *pin)
{
  PlenumSignInPage *page = PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (window));
  PlenumPinPad *pad = plenum_sign_in_page_get_pin_pad (page);

  gtk_editable_set_text (plenum_sign_in_page_get_name_entry (page), name);
  for (const char *p = pin; *p != '\0'; p++)
    plenum_test_press (plenum_pin_pad_get_digit_button (pad, (guint) (*p - '0')));
}
