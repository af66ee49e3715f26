/* test-a11y.c — what a screen reader is told (issue #9): roles, names and states of the
 * controls a member uses, read back through GTK's test AT context (GTK_A11Y=test, set
 * here before GTK starts): the PIN pad's keys, the ballot sheet's options (radio
 * buttons for a motion, check boxes for a candidate list, "checked" after a tap, the
 * vote's title as the group's name, a tick beside the chosen option so that its shade
 * is not the only sign) and its cast button, the reader's page view ("Page 2 of 3"),
 * page-turn buttons and thumbnails, the agenda's items, the offline banner's sentence;
 * and what resources/style.css makes of the large-text and high-contrast classes.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <cairo-pdf.h>
#include <string.h>

#include "core/plenum-core.h"
#include "gui/plenum-appearance.h"
#include "gui/plenum-agenda-row.h"
#include "gui/plenum-ballot-sheet.h"
#include "gui/plenum-document-page.h"
#include "gui/plenum-offline-banner.h"
#include "gui/plenum-pdf-view.h"
#include "gui/plenum-pin-pad.h"
#include "gui/plenum-thumbnail-strip.h"
#include "pdf/plenum-render-queue.h"
#include "pdf/plenum-texture-cache.h"
#include "store/plenum-store.h"
#include "plenum-test-gui.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define WAIT_MS PLENUM_TEST_GUI_WAIT_MS

#define ACCOUNT    "aaaaaaaa-0000-4000-8000-00000000000a"
#define MEETING    "00000001-0000-4000-8000-000000000001"
#define ITEM       "00000002-0000-4000-8000-000000000002"
#define BODY       "00000003-0000-4000-8000-000000000003"
#define CHAIR_ID   "00000004-0000-4000-8000-000000000004"
#define MOTION_ID  "00000070-0000-4000-8000-000000000070"
#define LIST_ID    "00000071-0000-4000-8000-000000000071"

/* ---- helpers ---- */

/* The first descendant of @root (depth first, @root included) that is a @type and,
 * when @action is not NULL, has that action name. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *action)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (action == NULL ||
       (GTK_IS_ACTIONABLE (root) &&
        g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A PDF of @n_pages pages, each with its number in large type. */
static char *
make_pdf (guint n_pages)
{
  g_autofree char *dir = plenum_test_mkdtemp ("a11y");
  char *path = g_build_filename (dir, "papers.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 420, 595);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *text = g_strdup_printf ("Trang %u", i + 1);

      cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size (cr, 40);
      cairo_move_to (cr, 40, 200);
      cairo_show_text (cr, text);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

/* ---- the PIN pad ---- */

static void
test_pin_pad (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  PlenumPinPad *pad = PLENUM_PIN_PAD (plenum_pin_pad_new ());
  GtkWidget *submit;

  gtk_window_set_child (window, GTK_WIDGET (pad));
  gtk_window_present (window);

  gtk_test_accessible_assert_role (pad, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (pad, GTK_ACCESSIBLE_PROPERTY_LABEL, "PIN");
  for (guint digit = 0; digit <= 9; digit++)
    {
      GtkWidget *key = plenum_pin_pad_get_digit_button (pad, digit);
      char name[2] = { (char) ('0' + digit), '\0' };

      gtk_test_accessible_assert_role (key, GTK_ACCESSIBLE_ROLE_BUTTON);
      gtk_test_accessible_assert_property (key, GTK_ACCESSIBLE_PROPERTY_LABEL, name);
    }
  /* The delete key is an icon: it has words for a screen reader all the same. */
  gtk_test_accessible_assert_role (plenum_pin_pad_get_delete_button (pad),
                                   GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (plenum_pin_pad_get_delete_button (pad),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Delete the last digit");

  /* OK: disabled (and said so) until four digits are in. */
  submit = plenum_pin_pad_get_submit_button (pad);
  gtk_test_accessible_assert_role (submit, GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (submit, GTK_ACCESSIBLE_PROPERTY_LABEL, "OK");
  gtk_test_accessible_assert_state (submit, GTK_ACCESSIBLE_STATE_DISABLED, TRUE);
  for (guint i = 0; i < 4; i++)
    plenum_test_press (plenum_pin_pad_get_digit_button (pad, i + 1));
  g_assert_cmpuint (plenum_pin_pad_get_length (pad), ==, 4);
  gtk_test_accessible_assert_state (submit, GTK_ACCESSIBLE_STATE_DISABLED, FALSE);

  gtk_window_destroy (window);
}

/* ---- the ballot sheet ---- */

static char *
meeting_json (void)
{
  g_autoptr(GDateTime) starts = plenum_time_parse ("2026-12-01T01:00:00Z");
  g_autoptr(GDateTime) updated = plenum_time_parse ("2026-11-27T18:00:00Z");
  g_autoptr(GListStore) agenda = g_list_store_new (PLENUM_TYPE_AGENDA_ITEM);
  g_autoptr(GListStore) documents = g_list_store_new (PLENUM_TYPE_DOCUMENT);
  g_autoptr(PlenumAgendaItem) item = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(cJSON) node = NULL;

  item = plenum_agenda_item_new (ITEM, "1", "Nghị quyết", FALSE, G_LIST_MODEL (documents));
  g_list_store_append (agenda, item);
  meeting = plenum_meeting_new (MEETING, BODY, "Kỳ họp", starts, "Phòng họp số 1", CHAIR_ID,
                                NULL, PLENUM_MEETING_STATUS_SCHEDULED, 1, updated,
                                G_LIST_MODEL (agenda));
  node = plenum_meeting_to_json (meeting);
  return plenum_json_print (node);
}

/* The meeting's votes as GET …/votes answers: one open vote, a motion or an election. */
static char *
votes_json (gboolean candidates)
{
  return g_strdup_printf ("{\"meeting_id\":\"" MEETING "\",\"votes\":[{\"id\":\"%s\","
                          "\"meeting_id\":\"" MEETING "\",\"item_id\":\"" ITEM "\","
                          "\"title\":\"%s\",\"kind\":\"open\",\"form\":\"%s\",\"options\":%s,"
                          "\"max_choices\":%d,\"majority\":\"present\",\"quorum_required\":false,"
                          "\"changeable\":true,\"state\":\"open\",\"opened_at\":\"2026-12-01T01:00:00Z\","
                          "\"closed_at\":null,\"result\":null,\"voted\":0}]}",
                          candidates ? LIST_ID : MOTION_ID,
                          candidates ? "Bầu ủy viên" : "Thông qua Nghị quyết",
                          candidates ? "candidates" : "motion",
                          candidates ? "[\"Nguyễn Văn A\",\"Trần Thị B\",\"Lê Văn C\"]"
                                     : "[\"for\",\"against\",\"abstain\"]",
                          candidates ? 2 : 1);
}

typedef struct {
  char              *dir;
  PlenumStore       *store;
  GtkWindow         *window;
  PlenumBallotSheet *sheet;
} BallotFixture;

static void
ballot_set_up (BallotFixture *f,
               gboolean       candidates)
{
  g_autofree char *meeting = meeting_json ();
  g_autofree char *votes = votes_json (candidates);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = plenum_test_mkdtemp ("a11y-ballot");
  f->store = plenum_test_open_store (f->dir, WAIT_MS);
  plenum_store_save_meeting_async (f->store, ACCOUNT, meeting, NULL, NULL,
                                   plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  g_assert_true (plenum_store_save_meeting_finish (f->store, result, &error));
  g_assert_no_error (error);

  f->sheet = PLENUM_BALLOT_SHEET (plenum_ballot_sheet_new (f->store, ACCOUNT, MEETING));
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 400, 600);
  gtk_window_set_child (f->window, GTK_WIDGET (f->sheet));
  gtk_window_present (f->window);

  plenum_store_save_votes_async (f->store, MEETING, votes, NULL, plenum_test_got_result_cb,
                                 &result2);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result2, WAIT_MS));
  g_assert_true (plenum_store_save_votes_finish (f->store, result2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_ballot_sheet_get_n_options (f->sheet), ==, 3);
}

static void
ballot_tear_down (BallotFixture *f)
{
  gpointer store = f->store;

  g_object_add_weak_pointer (G_OBJECT (f->store), &store);
  gtk_window_destroy (f->window);
  g_object_unref (f->store);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &store, WAIT_MS));
  g_free (f->dir);
}

/* The tick beside option @position: shown (opaque) when it is chosen. */
static gboolean
tick_shown (BallotFixture *f,
            guint          position)
{
  GtkWidget *option = GTK_WIDGET (plenum_ballot_sheet_get_option (f->sheet, position));
  GtkWidget *tick = find_widget (gtk_widget_get_parent (option), GTK_TYPE_IMAGE, NULL);

  g_assert_nonnull (tick);
  g_assert_true (gtk_widget_get_visible (tick));
  gtk_test_accessible_assert_role (tick, GTK_ACCESSIBLE_ROLE_PRESENTATION);
  return gtk_widget_get_opacity (tick) > 0.5;
}

static void
check_ballot (gboolean candidates)
{
  GtkAccessibleRole role = candidates ? GTK_ACCESSIBLE_ROLE_CHECKBOX : GTK_ACCESSIBLE_ROLE_RADIO;
  const char *title = candidates ? "Bầu ủy viên" : "Thông qua Nghị quyết";
  const char *first = candidates ? "Nguyễn Văn A" : "For";
  BallotFixture f = { 0 };
  GtkWidget *group;
  GtkWidget *cast;

  ballot_set_up (&f, candidates);

  /* The options, in a group named by the vote's title. */
  group = gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (plenum_ballot_sheet_get_option (f.sheet, 0))));
  gtk_test_accessible_assert_role (group, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (group, GTK_ACCESSIBLE_PROPERTY_LABEL, title);
  for (guint i = 0; i < 3; i++)
    {
      GtkToggleButton *option = plenum_ballot_sheet_get_option (f.sheet, i);

      gtk_test_accessible_assert_role (option, role);
      gtk_test_accessible_assert_state (option, GTK_ACCESSIBLE_STATE_CHECKED,
                                        GTK_ACCESSIBLE_TRISTATE_FALSE);
      gtk_test_accessible_assert_relation (option, GTK_ACCESSIBLE_RELATION_POS_IN_SET, (int) i + 1);
      gtk_test_accessible_assert_relation (option, GTK_ACCESSIBLE_RELATION_SET_SIZE, 3);
      g_assert_false (tick_shown (&f, i));
    }
  gtk_test_accessible_assert_property (plenum_ballot_sheet_get_option (f.sheet, 0),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, first);

  /* The cast button: named, and disabled until there is a choice. */
  cast = GTK_WIDGET (plenum_ballot_sheet_get_cast_button (f.sheet));
  gtk_test_accessible_assert_role (cast, GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (cast, GTK_ACCESSIBLE_PROPERTY_LABEL, "Cast my vote");
  gtk_test_accessible_assert_property (cast, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Sends your ballot in this vote");
  if (!candidates)
    gtk_test_accessible_assert_state (cast, GTK_ACCESSIBLE_STATE_DISABLED, TRUE);

  /* A tap: checked, and a tick beside it. */
  plenum_test_press (GTK_WIDGET (plenum_ballot_sheet_get_option (f.sheet, 1)));
  gtk_test_accessible_assert_state (plenum_ballot_sheet_get_option (f.sheet, 1),
                                    GTK_ACCESSIBLE_STATE_CHECKED, GTK_ACCESSIBLE_TRISTATE_TRUE);
  g_assert_true (tick_shown (&f, 1));
  gtk_test_accessible_assert_state (cast, GTK_ACCESSIBLE_STATE_DISABLED, FALSE);

  /* Another tap: a motion's radio buttons move the check; a candidate list adds one. */
  plenum_test_press (GTK_WIDGET (plenum_ballot_sheet_get_option (f.sheet, 2)));
  gtk_test_accessible_assert_state (plenum_ballot_sheet_get_option (f.sheet, 2),
                                    GTK_ACCESSIBLE_STATE_CHECKED, GTK_ACCESSIBLE_TRISTATE_TRUE);
  gtk_test_accessible_assert_state (plenum_ballot_sheet_get_option (f.sheet, 1),
                                    GTK_ACCESSIBLE_STATE_CHECKED,
                                    candidates ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                               : GTK_ACCESSIBLE_TRISTATE_FALSE);
  g_assert_true (tick_shown (&f, 2));
  g_assert_true (tick_shown (&f, 1) == candidates);
  g_assert_false (tick_shown (&f, 0));

  ballot_tear_down (&f);
}

static void
test_ballot_motion (void)
{
  check_ballot (FALSE);
}

static void
test_ballot_candidates (void)
{
  check_ballot (TRUE);
}

/* ---- the reader ---- */

typedef struct {
  PlenumRenderClient *client;
  PlenumTextureCache *cache;
  PlenumRenderQueue  *queue;
} Reader;

static void
reader_set_up (Reader *r)
{
  r->client = plenum_render_client_new (NULL);
  r->cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  r->queue = plenum_render_queue_new (r->client, r->cache);
}

static void
reader_tear_down (Reader *r)
{
  g_clear_object (&r->queue);
  g_clear_object (&r->cache);
  g_clear_object (&r->client);
}

static void
test_pdf_view (void)
{
  g_autofree char *path = make_pdf (3);
  g_autoptr(PlenumRenderDocument) document = NULL;
  GtkWindow *window = NULL;
  PlenumPdfView *view;
  Reader r = { 0 };

  reader_set_up (&r);
  document = plenum_test_open_document (r.client, path);
  view = plenum_test_pdf_view_window (r.queue, document, 600, 800, &window);

  /* A document, and where in it the reader is. */
  gtk_test_accessible_assert_role (view, GTK_ACCESSIBLE_ROLE_DOCUMENT);
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Page 1 of 3");
  plenum_pdf_view_set_mode (view, PLENUM_PDF_VIEW_SINGLE_PAGE);
  plenum_pdf_view_set_page (view, 1);
  g_assert_cmpuint (plenum_pdf_view_get_page (view), ==, 1);
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Page 2 of 3");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "pdf.last-page", NULL));
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Page 3 of 3");

  /* No document: nothing to say where. */
  plenum_pdf_view_set_document (view, NULL);
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (view),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));

  gtk_window_destroy (window);
  reader_tear_down (&r);
}

static gboolean
page_ready (gpointer user_data)
{
  return plenum_document_page_get_state (user_data) != PLENUM_DOCUMENT_PAGE_LOADING;
}

static void
test_document_page (void)
{
  g_autofree char *path = make_pdf (3);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  PlenumDocumentPage *page;
  GtkWidget *previous, *next;
  Reader r = { 0 };

  reader_set_up (&r);
  page = PLENUM_DOCUMENT_PAGE (plenum_document_page_new (r.queue, path, "Dự thảo ngân sách"));
  gtk_window_set_default_size (window, 1280, 800);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  g_assert_true (plenum_test_wait_until (NULL, page_ready, page, WAIT_MS));
  g_assert_cmpint (plenum_document_page_get_state (page), ==, PLENUM_DOCUMENT_PAGE_READY);

  /* The page view is named by the document's title. */
  gtk_test_accessible_assert_role (plenum_document_page_get_view (page),
                                   GTK_ACCESSIBLE_ROLE_DOCUMENT);
  gtk_test_accessible_assert_property (plenum_document_page_get_view (page),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Dự thảo ngân sách");

  /* The page-turn buttons are arrows on screen and words for a screen reader. */
  previous = find_widget (GTK_WIDGET (page), GTK_TYPE_BUTTON, "doc.previous-page");
  next = find_widget (GTK_WIDGET (page), GTK_TYPE_BUTTON, "doc.next-page");
  g_assert_nonnull (previous);
  g_assert_nonnull (next);
  g_assert_null (gtk_button_get_label (GTK_BUTTON (next)));
  gtk_test_accessible_assert_role (previous, GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (previous, GTK_ACCESSIBLE_PROPERTY_LABEL, "Previous page");
  gtk_test_accessible_assert_role (next, GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (next, GTK_ACCESSIBLE_PROPERTY_LABEL, "Next page");

  gtk_window_destroy (window);
  reader_tear_down (&r);
}

typedef struct {
  PlenumThumbnailStrip *strip;
  guint                 page;
} ItemWait;

static gboolean
item_bound (gpointer user_data)
{
  ItemWait *wait = user_data;

  return plenum_thumbnail_strip_get_item (wait->strip, wait->page) != NULL;
}

static void
test_thumbnails (void)
{
  g_autofree char *path = make_pdf (3);
  g_autoptr(PlenumRenderDocument) document = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  PlenumThumbnailStrip *strip;
  ItemWait wait;
  Reader r = { 0 };

  reader_set_up (&r);
  document = plenum_test_open_document (r.client, path);
  strip = PLENUM_THUMBNAIL_STRIP (plenum_thumbnail_strip_new (r.queue));
  gtk_window_set_default_size (window, 800, 240);
  gtk_window_set_child (window, GTK_WIDGET (strip));
  plenum_thumbnail_strip_set_document (strip, document);
  gtk_window_present (window);
  wait = (ItemWait) { strip, 2 };
  g_assert_true (plenum_test_wait_until (NULL, item_bound, &wait, WAIT_MS));

  for (guint p = 0; p < 3; p++)
    {
      GtkWidget *item = plenum_thumbnail_strip_get_item (strip, p);
      GtkWidget *picture = gtk_widget_get_first_child (item);
      g_autofree char *name = g_strdup_printf ("Page %u", p + 1);

      /* A picture named by its page; the current one selected (not only highlighted). */
      gtk_test_accessible_assert_role (picture, GTK_ACCESSIBLE_ROLE_IMG);
      gtk_test_accessible_assert_property (picture, GTK_ACCESSIBLE_PROPERTY_LABEL, name);
      gtk_test_accessible_assert_state (item, GTK_ACCESSIBLE_STATE_SELECTED, p == 0);
    }
  plenum_thumbnail_strip_set_page (strip, 2);
  gtk_test_accessible_assert_state (plenum_thumbnail_strip_get_item (strip, 0),
                                    GTK_ACCESSIBLE_STATE_SELECTED, FALSE);
  gtk_test_accessible_assert_state (plenum_thumbnail_strip_get_item (strip, 2),
                                    GTK_ACCESSIBLE_STATE_SELECTED, TRUE);

  gtk_window_destroy (window);
  reader_tear_down (&r);
}

/* ---- the agenda ---- */

static void
test_agenda_row (void)
{
  g_autoptr(GListStore) documents = g_list_store_new (PLENUM_TYPE_DOCUMENT);
  g_autoptr(PlenumAgendaItem) open_item = NULL;
  g_autoptr(PlenumAgendaItem) closed_item = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row, *closed_row;

  open_item = plenum_agenda_item_new (ITEM, "3", "Dự toán ngân sách 2027", FALSE,
                                      G_LIST_MODEL (documents));
  closed_item = plenum_agenda_item_new (BODY, "4", "Nhân sự", TRUE, G_LIST_MODEL (documents));
  row = plenum_agenda_row_new (open_item);
  closed_row = plenum_agenda_row_new (closed_item);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_list_box_append (GTK_LIST_BOX (list), closed_row);
  gtk_window_set_child (window, list);
  gtk_window_present (window);

  gtk_test_accessible_assert_role (list, GTK_ACCESSIBLE_ROLE_LIST);
  gtk_test_accessible_assert_role (row, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "3 Dự toán ngân sách 2027");
  /* The closed session's lock is drawn; the name says it in words. */
  gtk_test_accessible_assert_role (closed_row, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
  gtk_test_accessible_assert_property (closed_row, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "4 Nhân sự, Closed session");

  gtk_window_destroy (window);
}

/* ---- the offline banner ---- */

static void
test_offline_banner (void)
{
  g_autofree char *expected = plenum_offline_banner_format (NULL, NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  PlenumOfflineBanner *banner = PLENUM_OFFLINE_BANNER (plenum_offline_banner_new (NULL));
  GtkWidget *label, *icon;

  gtk_window_set_child (window, GTK_WIDGET (banner));
  gtk_window_present (window);

  /* A sentence in a status (read out when it changes), with an icon beside it: the
   * banner's colour is never the only sign of being offline. */
  label = find_widget (GTK_WIDGET (banner), GTK_TYPE_LABEL, NULL);
  g_assert_nonnull (label);
  gtk_test_accessible_assert_role (label, GTK_ACCESSIBLE_ROLE_STATUS);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, expected);
  g_assert_cmpstr (plenum_offline_banner_get_text (banner), ==, expected);
  g_assert_nonnull (strstr (expected, "Offline"));
  icon = find_widget (GTK_WIDGET (banner), GTK_TYPE_IMAGE, NULL);
  g_assert_nonnull (icon);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, "network-offline-symbolic");
  gtk_test_accessible_assert_role (icon, GTK_ACCESSIBLE_ROLE_PRESENTATION);

  gtk_window_destroy (window);
}

/* ---- the large-text and high-contrast styles ---- */

static void
on_parsing_error_cb (GtkCssProvider *provider,
                     GtkCssSection  *section,
                     const GError   *error,
                     GString        *errors)
{
  g_autofree char *where = gtk_css_section_to_string (section);

  g_string_append_printf (errors, "%s: %s\n", where, error->message);
}

static double
font_size (GtkWidget *widget)
{
  PangoContext *context = gtk_widget_get_pango_context (widget);
  PangoFontDescription *description = pango_context_get_font_description (context);

  return (double) pango_font_description_get_size (description) / PANGO_SCALE;
}

static void
foreground (GtkWidget *widget,
            GdkRGBA   *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
test_styles (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  g_autoptr(GString) errors = g_string_new (NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new ("Kỳ họp thứ 5");
  GtkWidget *dim = gtk_label_new ("Không bắt buộc");
  GtkWidget *turn = gtk_button_new_from_icon_name ("go-next-symbolic");
  GdkRGBA color;
  double normal, large;
  int normal_height, large_height;

  /* The stylesheet parses without a single error (GTK would skip a bad rule silently). */
  g_signal_connect (provider, "parsing-error", G_CALLBACK (on_parsing_error_cb), errors);
  gtk_css_provider_load_from_resource (provider, "/org/plenum/Plenum/style.css");
  g_assert_cmpstr (errors->str, ==, "");

  gtk_widget_add_css_class (dim, "dim-label");
  gtk_widget_add_css_class (turn, "plenum-page-turn");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), dim);
  gtk_box_append (GTK_BOX (box), turn);
  gtk_window_set_child (window, box);
  gtk_window_present (window);
  plenum_test_wait_frame (GTK_WIDGET (window));

  normal = font_size (label);
  gtk_widget_measure (turn, GTK_ORIENTATION_VERTICAL, -1, &normal_height, NULL, NULL, NULL);
  g_assert_cmpint (normal_height, >=, 56);

  /* Large text: a third larger type, bigger page-turn buttons. */
  gtk_widget_add_css_class (GTK_WIDGET (window), "plenum-large-text");
  plenum_test_wait_frame (GTK_WIDGET (window));
  large = font_size (label);
  g_test_message ("font size %.1f pt, large %.1f pt", normal, large);
  g_assert_cmpfloat (large, >=, normal * 1.3);
  gtk_widget_measure (turn, GTK_ORIENTATION_VERTICAL, -1, &large_height, NULL, NULL, NULL);
  g_assert_cmpint (large_height, >=, 72);
  gtk_widget_remove_css_class (GTK_WIDGET (window), "plenum-large-text");
  plenum_test_wait_frame (GTK_WIDGET (window));
  g_assert_cmpfloat (font_size (label), ==, normal);

  /* High contrast: black words, and a dim label as dark as any other. */
  gtk_widget_add_css_class (GTK_WIDGET (window), "plenum-high-contrast");
  plenum_test_wait_frame (GTK_WIDGET (window));
  foreground (label, &color);
  g_assert_cmpfloat (color.red, ==, 0.0);
  g_assert_cmpfloat (color.green, ==, 0.0);
  g_assert_cmpfloat (color.blue, ==, 0.0);
  g_assert_cmpfloat (color.alpha, ==, 1.0);
  g_assert_cmpfloat (gtk_widget_get_opacity (dim), ==, 1.0);
  foreground (turn, &color);
  g_assert_cmpfloat (color.red, ==, 1.0);   /* white on the black page-turn button */

  gtk_window_destroy (window);
}

/* Whether the schema's key "language" takes @value. */
static gboolean
language_allowed (GSettings  *settings,
                  const char *value)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  g_autoptr(GVariant) variant = g_variant_ref_sink (g_variant_new_string (value));

  g_object_get (settings, "settings-schema", &schema, NULL);
  key = g_settings_schema_get_key (schema, "language");
  return g_settings_schema_key_range_check (key, variant);
}

static void
test_appearance (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.plenum.Plenum");
  g_autoptr(GSettings) other = g_settings_new ("org.plenum.Plenum");
  g_autofree char *language = NULL;
  GtkWidget *window = gtk_window_new ();
  gpointer weak = window;

  /* The keys, and their defaults: the ordinary look, the language of the configuration
   * or the environment. */
  g_assert_false (g_settings_get_boolean (settings, "large-text"));
  g_assert_false (g_settings_get_boolean (settings, "high-contrast"));
  language = g_settings_get_string (settings, "language");
  g_assert_cmpstr (language, ==, "");
  g_assert_true (language_allowed (settings, "vi"));
  g_assert_true (language_allowed (settings, "nb"));
  g_assert_true (language_allowed (settings, "en"));
  g_assert_false (language_allowed (settings, "fr"));

  g_settings_set_boolean (settings, "high-contrast", TRUE);
  plenum_appearance_apply (window, settings);
  g_assert_false (gtk_widget_has_css_class (window, PLENUM_APPEARANCE_LARGE_TEXT_CLASS));
  g_assert_true (gtk_widget_has_css_class (window, PLENUM_APPEARANCE_HIGH_CONTRAST_CLASS));

  /* Live: a switch on the sign-in page (another GSettings object of the same schema)
   * changes the window at once, both ways. */
  g_settings_set_boolean (other, "large-text", TRUE);
  g_assert_true (gtk_widget_has_css_class (window, PLENUM_APPEARANCE_LARGE_TEXT_CLASS));
  g_settings_set_boolean (other, "high-contrast", FALSE);
  g_assert_false (gtk_widget_has_css_class (window, PLENUM_APPEARANCE_HIGH_CONTRAST_CLASS));
  g_assert_true (gtk_widget_has_css_class (window, PLENUM_APPEARANCE_LARGE_TEXT_CLASS));

  /* Applied again: still one class each, following the same keys. */
  plenum_appearance_apply (window, other);
  g_settings_set_boolean (settings, "large-text", FALSE);
  g_assert_false (gtk_widget_has_css_class (window, PLENUM_APPEARANCE_LARGE_TEXT_CLASS));

  /* The window goes; the settings live on and change without reaching it. */
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (weak);
  g_settings_set_boolean (settings, "large-text", TRUE);
  g_settings_set_boolean (settings, "high-contrast", TRUE);
  g_settings_reset (settings, "large-text");
  g_settings_reset (settings, "high-contrast");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);
  /* GTK's test AT context, which gtk_test_accessible_*() read: chosen when GTK starts. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!plenum_test_gui_init (FALSE, &status))
    return status;

  g_test_add_func ("/plenum/a11y/appearance", test_appearance);
  g_test_add_func ("/plenum/a11y/pin-pad", test_pin_pad);
  g_test_add_func ("/plenum/a11y/ballot-motion", test_ballot_motion);
  g_test_add_func ("/plenum/a11y/ballot-candidates", test_ballot_candidates);
  g_test_add_func ("/plenum/a11y/pdf-view", test_pdf_view);
  g_test_add_func ("/plenum/a11y/document-page", test_document_page);
  g_test_add_func ("/plenum/a11y/thumbnails", test_thumbnails);
  g_test_add_func ("/plenum/a11y/agenda-row", test_agenda_row);
  g_test_add_func ("/plenum/a11y/offline-banner", test_offline_banner);
  g_test_add_func ("/plenum/a11y/styles", test_styles);

  return g_test_run ();
}
