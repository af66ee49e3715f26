/* test-follow.c — following the chair on a member's terminal (issue #7), through the
 * real window: a plenum-server --demo, the chair moving the meeting over HTTP (and from
 * the chair's own kiosk window with "Show everyone this page"), and member terminals with
 * their own store, sync engine and render helper.
 *
 * The member's window goes to the chair's item (marked "Now") and opens the chair's
 * document at the chair's page; a member who turns to another page browses freely and
 * the banner says where the chair is, "Back to the chair" returns and the banner goes; a
 * terminal restarted while the meeting runs lands on the chair's page, from its store
 * when the server is gone. "Ask to speak" shows the member's place in line and the
 * floor, and "Waiting to be sent" offline. The ballot sheet shows a closed
 * vote's result in words. The chair's window has the console and no banner.
 *
 * With PLENUM_SCREENSHOT_DIR set, it saves follow-banner.png and ballot-result.png
 * (1280×800) there. Runs under Xvfb; without a display it skips, except in CI.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <string.h>

#include "core/plenum-core.h"
#include "core/plenum-json.h"
#include "gui/plenum-application.h"
#include "gui/plenum-ballot-sheet.h"
#include "gui/plenum-document-page.h"
#include "gui/plenum-follow-banner.h"
#include "gui/plenum-meeting-page.h"
#include "gui/plenum-pin-pad.h"
#include "gui/plenum-sign-in-page.h"
#include "gui/plenum-window.h"
#include "plenum-test-gui.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define WAIT_MS PLENUM_TEST_GUI_WAIT_MS

/* The demo's chair and two members. */
#define CHAIR_NAME   "nguyen.van.an"
#define CHAIR_PIN    "111111"
#define MEMBER_NAME  "le.minh.tuan"
#define MEMBER_PIN   "100003"
#define OTHER_NAME   "pham.quoc.hung"
#define OTHER_PIN    "100004"

typedef struct
{
  SoupSession *session;
  const char  *url;
  char        *chair_token;
  char        *other_token;
  char        *meeting_id;
  char        *item_a;      /* an item with a document of a few pages */
  char        *item_b;      /* another item */
  char        *document_id; /* that document */
  char        *sha256;
  char        *number_a;
  char        *title_a;
  char        *number_b;
  char        *title_b;
} Room;

static void
room_clear (Room *room)
{
  g_clear_object (&room->session);
  g_free (room->chair_token);
  g_free (room->other_token);
  g_free (room->meeting_id);
  g_free (room->item_a);
  g_free (room->item_b);
  g_free (room->document_id);
  g_free (room->sha256);
  g_free (room->number_a);
  g_free (room->title_a);
  g_free (room->number_b);
  g_free (room->title_b);
}

/* Waiting */

typedef gboolean (*Check) (gpointer user_data);

static gboolean
widget_allocated (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data) && gtk_widget_get_height (user_data) > 0;
}

/* A touch target on screen, at least 48 × 48. */
static void
assert_touch_target (GtkWidget *widget)
{
  g_assert_true (plenum_test_wait_until (NULL, widget_allocated, widget, WAIT_MS));
  g_assert_cmpint (gtk_widget_get_height (widget), >=, 48);
  g_assert_cmpint (gtk_widget_get_width (widget), >=, 48);
}

/* Signing in on the window, as a member does: the name, the PIN pad, OK. */
static gboolean
sign_in_settled (gpointer user_data)
{
  PlenumWindow *window = user_data;
  PlenumSignInPage *page = PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (window));

  return !plenum_sign_in_page_get_busy (page) &&
         g_strcmp0 (plenum_window_get_page_name (window), "sign-in") != 0;
}

static void
sign_in (PlenumTestTerminal *terminal,
         const char         *name,
         const char         *pin)
{
  PlenumSignInPage *page = PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (terminal->window));

  plenum_test_type_sign_in (terminal->window, name, pin);
  plenum_test_press (plenum_pin_pad_get_submit_button (plenum_sign_in_page_get_pin_pad (page)));
  if (!plenum_test_wait_until (NULL, sign_in_settled, terminal->window, WAIT_MS))
    g_error ("signing in as %s: %s", name, plenum_sign_in_page_get_error_text (page));
  g_assert_nonnull (plenum_sync_engine_get_account (terminal->engine));
}

/* The room: the demo meeting as the member's engine has it */

static gboolean
meeting_with_agenda (gpointer user_data)
{
  PlenumSyncEngine *engine = user_data;
  GListModel *meetings = plenum_sync_engine_get_meetings (engine);
  g_autoptr(PlenumMeeting) listed = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;

  if (g_list_model_get_n_items (meetings) == 0)
    return FALSE;
  listed = g_list_model_get_item (meetings, 0);
  meeting = plenum_sync_engine_get_meeting (engine, plenum_meeting_get_id (listed));
  return meeting != NULL && plenum_meeting_has_agenda (meeting);
}

typedef struct
{
  PlenumSyncEngine *engine;
  const char       *sha256;
} DocumentWait;

static gboolean
document_verified (gpointer user_data)
{
  DocumentWait *wait = user_data;

  return plenum_sync_engine_get_document_state (wait->engine, wait->sha256, NULL, NULL) ==
         PLENUM_DOCUMENT_STATE_VERIFIED;
}

static void
wait_document (PlenumSyncEngine *engine,
               const char       *sha256)
{
  DocumentWait wait = { engine, sha256 };

  g_assert_true (plenum_test_wait_until (NULL, document_verified, &wait, WAIT_MS));
}

/* Finds the items and the document the chair will show, from @engine's store. */
static void
room_init (Room             *room,
           PlenumSyncEngine *engine,
           const char       *url)
{
  GListModel *meetings = plenum_sync_engine_get_meetings (engine);
  g_autoptr(PlenumMeeting) listed = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autofree char *terminal_id = plenum_uuid_new ();
  GListModel *agenda;

  g_assert_true (plenum_test_wait_until (NULL, meeting_with_agenda, engine, WAIT_MS));
  listed = g_list_model_get_item (meetings, 0);
  meeting = plenum_sync_engine_get_meeting (engine, plenum_meeting_get_id (listed));
  room->meeting_id = g_strdup (plenum_meeting_get_id (meeting));
  agenda = plenum_meeting_get_agenda (meeting);
  for (guint i = 0; i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      GListModel *documents = plenum_agenda_item_get_documents (item);

      for (guint j = 0; room->item_a == NULL && j < g_list_model_get_n_items (documents); j++)
        {
          g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, j);

          if (plenum_document_get_pages (document) >= 3 && plenum_document_get_pages (document) <= 20 &&
              !plenum_agenda_item_get_closed_session (item))
            {
              room->item_a = g_strdup (plenum_agenda_item_get_id (item));
              room->number_a = g_strdup (plenum_agenda_item_get_number (item));
              room->title_a = g_strdup (plenum_agenda_item_get_title (item));
              room->document_id = g_strdup (plenum_document_get_id (document));
              room->sha256 = g_strdup (plenum_document_get_sha256 (document));
            }
        }
    }
  g_assert_nonnull (room->item_a);
  for (guint i = 0; room->item_b == NULL && i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);

      if (g_strcmp0 (plenum_agenda_item_get_id (item), room->item_a) != 0 &&
          !plenum_agenda_item_get_closed_session (item))
        {
          room->item_b = g_strdup (plenum_agenda_item_get_id (item));
          room->number_b = g_strdup (plenum_agenda_item_get_number (item));
          room->title_b = g_strdup (plenum_agenda_item_get_title (item));
        }
    }
  g_assert_nonnull (room->item_b);

  room->url = url;
  room->session = plenum_test_soup_session_new (NULL);
  room->chair_token = plenum_test_sign_in (room->session, room->url, CHAIR_NAME, CHAIR_PIN,
                                           terminal_id, NULL);
  g_free (terminal_id);
  terminal_id = plenum_uuid_new ();
  room->other_token = plenum_test_sign_in (room->session, room->url, OTHER_NAME, OTHER_PIN,
                                           terminal_id, NULL);
}

/* The chair's actions, over HTTP as the chair's terminal sends them. */
static cJSON *
chair_request (Room       *room,
               const char *token,
               const char *method,
               const char *path,
               const char *extra)
{
  g_autofree char *operation_id = plenum_uuid_new ();
  g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\"%s%s}", operation_id,
                                           extra != NULL ? "," : "", extra != NULL ? extra : "");
  g_autofree char *full = g_strdup_printf ("/api/v1/meetings/%s%s", room->meeting_id, path);
  g_autoptr(PlenumTestReply) reply = plenum_test_request (room->session, room->url, method, full,
                                                          token, body);
  cJSON *json;

  if (reply->status != 200 && reply->status != 201)
    plenum_test_assert_status (reply, 200);
  json = reply->json;
  reply->json = NULL;
  return json;
}

static void
chair_move (Room       *room,
            const char *item_id,
            const char *document_id,
            gint        page)
{
  g_autofree char *document = document_id != NULL ? g_strdup_printf ("\"%s\"", document_id)
                                                   : g_strdup ("null");
  g_autofree char *page_text = page >= 0 ? g_strdup_printf ("%d", page) : g_strdup ("null");
  g_autofree char *extra = g_strdup_printf ("\"item_id\":\"%s\",\"document_id\":%s,\"page\":%s",
                                            item_id, document, page_text);
  g_autoptr(cJSON) position = chair_request (room, room->chair_token, "PUT", "/position", extra);

  g_assert_cmpstr (plenum_test_json_get_string (position, "item_id"), ==, item_id);
}

/* What the window shows */

typedef struct
{
  PlenumWindow *window;
  const char   *item_id;
  const char   *document_path; /* NULL: the meeting page, no document */
  gint          page;
} ChairWait;

static gboolean
shows (gpointer user_data)
{
  ChairWait *wait = user_data;
  GtkWidget *meeting_page = plenum_window_get_meeting_page (wait->window);
  GtkWidget *document_page = plenum_window_get_document_page (wait->window);

  if (meeting_page == NULL ||
      g_strcmp0 (plenum_meeting_page_get_selected_item_id (PLENUM_MEETING_PAGE (meeting_page)),
                 wait->item_id) != 0 ||
      g_strcmp0 (plenum_meeting_page_get_current_item_id (PLENUM_MEETING_PAGE (meeting_page)),
                 wait->item_id) != 0)
    return FALSE;
  if (wait->document_path == NULL)
    return g_strcmp0 (plenum_window_get_page_name (wait->window), "meeting") == 0 && document_page == NULL;
  return g_strcmp0 (plenum_window_get_page_name (wait->window), "document") == 0 &&
         document_page != NULL &&
         g_strcmp0 (plenum_document_page_get_path (PLENUM_DOCUMENT_PAGE (document_page)), wait->document_path) == 0 &&
         plenum_document_page_get_state (PLENUM_DOCUMENT_PAGE (document_page)) == PLENUM_DOCUMENT_PAGE_READY &&
         plenum_document_page_get_page (PLENUM_DOCUMENT_PAGE (document_page)) == (guint) wait->page;
}

static void
wait_shows (PlenumTestTerminal *terminal,
            const char         *item_id,
            const char         *sha256,
            gint                page)
{
  g_autofree char *path = sha256 != NULL ? plenum_sync_engine_get_document_path (terminal->engine, sha256)
                                         : NULL;
  ChairWait wait = { terminal->window, item_id, path, page };

  g_assert_true (sha256 == NULL || path != NULL);
  if (!plenum_test_wait_until (NULL, shows, &wait, WAIT_MS))
    {
      GtkWidget *meeting_page = plenum_window_get_meeting_page (terminal->window);
      GtkWidget *document_page = plenum_window_get_document_page (terminal->window);

      g_error ("waited for item %s page %d; the window shows %s, item %s, page %d",
               item_id, page, plenum_window_get_page_name (terminal->window),
               meeting_page != NULL ? plenum_meeting_page_get_selected_item_id (PLENUM_MEETING_PAGE (meeting_page)) : "-",
               document_page != NULL ? (int) plenum_document_page_get_page (PLENUM_DOCUMENT_PAGE (document_page)) : -1);
    }
}

static gboolean
banner_revealed (gpointer user_data)
{
  return plenum_follow_banner_get_revealed (user_data);
}

static gboolean
banner_hidden (gpointer user_data)
{
  return !plenum_follow_banner_get_revealed (user_data);
}

typedef struct
{
  PlenumFollowBanner *banner;
  const char         *text;
} BannerWait;

static gboolean
banner_says (gpointer user_data)
{
  BannerWait *wait = user_data;

  return plenum_follow_banner_get_revealed (wait->banner) &&
         g_strcmp0 (plenum_follow_banner_get_text (wait->banner), wait->text) == 0;
}

static void
wait_banner_says (PlenumFollowBanner *banner,
                  const char         *text)
{
  BannerWait wait = { banner, text };

  if (!plenum_test_wait_until (NULL, banner_says, &wait, WAIT_MS))
    g_error ("the banner says \"%s\" (%s), not \"%s\"", plenum_follow_banner_get_text (banner),
             plenum_follow_banner_get_revealed (banner) ? "shown" : "hidden", text);
}

static void
wait_speak_text (PlenumMeetingPage *page,
                 const char        *text)
{
  if (!plenum_test_wait_text (page, (PlenumTestTextGetter) plenum_meeting_page_get_speak_text, text,
                              FALSE))
    g_error ("the meeting page says \"%s\", not \"%s\"", plenum_meeting_page_get_speak_text (page), text);
}

static gboolean
on_meetings_page (gpointer user_data)
{
  return g_strcmp0 (plenum_window_get_page_name (user_data), "meetings") == 0;
}

/* Tests */

static void
test_formats (void)
{
  g_autofree char *with_page = plenum_follow_banner_format ("3", "Budget 2027", 3);
  g_autofree char *without = plenum_follow_banner_format ("3a", "Budget 2027", -1);
  g_autofree char *first = plenum_meeting_page_format_place (1);
  g_autofree char *second = plenum_meeting_page_format_place (2);
  g_autofree char *third = plenum_meeting_page_format_place (3);
  g_autofree char *eleventh = plenum_meeting_page_format_place (11);
  g_autofree char *floor = plenum_meeting_page_format_place (0);
  g_autofree char *none = plenum_meeting_page_format_place (-1);

  g_assert_cmpstr (with_page, ==, "The chair is on item 3, “Budget 2027”, page 4");
  g_assert_cmpstr (without, ==, "The chair is on item 3a, “Budget 2027”");
  g_assert_cmpstr (first, ==, "You are 1st in line");
  g_assert_cmpstr (second, ==, "You are 2nd in line");
  g_assert_cmpstr (third, ==, "You are 3rd in line");
  g_assert_cmpstr (eleventh, ==, "You are 11th in line");
  g_assert_cmpstr (floor, ==, "You have the floor");
  g_assert_cmpstr (none, ==, "");
}

/* The member follows the chair, browses, comes back, asks to speak; a restarted
 * terminal lands on the chair's page; the chair's own window leads. */
static void
test_follow (void)
{
  g_autofree char *member_dir = plenum_test_mkdtemp ("follow-member");
  g_autofree char *chair_dir = plenum_test_mkdtemp ("follow-chair");
  g_autofree char *expected = NULL;
  g_autoptr(cJSON) asked = NULL;
  g_autoptr(cJSON) next = NULL;
  g_autoptr(cJSON) next2 = NULL;
  PlenumTestTerminal *terminal, *chair;
  PlenumFollowBanner *banner;
  PlenumMeetingPage *meeting_page;
  GtkWidget *agenda_list;
  PlenumDocumentPage *document_page;
  GtkWidget *button;
  Room room = { 0 };

  terminal = plenum_test_terminal_start (member_dir, plenum_test_demo_url ());
  banner = PLENUM_FOLLOW_BANNER (plenum_window_get_follow_banner (terminal->window));
  sign_in (terminal, MEMBER_NAME, MEMBER_PIN);
  room_init (&room, terminal->engine, plenum_test_demo_url ());

  /* Before the chair's first move: the meeting list, nothing to follow. */
  g_assert_true (plenum_test_wait_until (NULL, on_meetings_page, terminal->window, WAIT_MS));
  g_assert_false (plenum_follow_banner_get_revealed (banner));

  /* The chair opens the meeting on item B: the window goes there, "Now" on it. */
  chair_move (&room, room.item_b, NULL, -1);
  wait_shows (terminal, room.item_b, NULL, -1);
  meeting_page = PLENUM_MEETING_PAGE (plenum_window_get_meeting_page (terminal->window));
  g_assert_cmpstr (plenum_meeting_page_get_meeting_id (meeting_page), ==, room.meeting_id);
  agenda_list = GTK_WIDGET (plenum_meeting_page_get_agenda_list (meeting_page));
  g_assert_nonnull (plenum_test_find_label (agenda_list, "Now"));
  g_assert_false (plenum_window_get_browsing (terminal->window));
  g_assert_false (plenum_follow_banner_get_revealed (banner));
  /* A member's window has no chair console. */
  g_assert_null (plenum_meeting_page_get_chair_console (meeting_page));

  /* Asking to speak: the place in line, then the floor, then withdrawing. */
  button = GTK_WIDGET (plenum_meeting_page_get_speak_button (meeting_page));
  assert_touch_target (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Ask to speak");
  asked = chair_request (&room, room.other_token, "POST", "/speakers", NULL);
  plenum_test_press (button);
  wait_speak_text (meeting_page, "You are 2nd in line");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Withdraw");
  next = chair_request (&room, room.chair_token, "POST", "/speakers/next", NULL);
  wait_speak_text (meeting_page, "You are 1st in line");
  next2 = chair_request (&room, room.chair_token, "POST", "/speakers/next", NULL);
  wait_speak_text (meeting_page, "You have the floor");
  plenum_test_press (GTK_WIDGET (plenum_meeting_page_get_speak_button (meeting_page)));
  wait_speak_text (meeting_page, "");
  g_assert_cmpstr (gtk_button_get_label (plenum_meeting_page_get_speak_button (meeting_page)), ==,
                   "Ask to speak");

  /* The chair shows a page of a document: the window opens it at that page. */
  wait_document (terminal->engine, room.sha256);
  chair_move (&room, room.item_a, room.document_id, 1);
  wait_shows (terminal, room.item_a, room.sha256, 1);
  g_assert_false (plenum_follow_banner_get_revealed (banner));

  /* The member turns to another page: browsing freely, the banner says where the chair
   * is. */
  document_page = PLENUM_DOCUMENT_PAGE (plenum_window_get_document_page (terminal->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (document_page), "doc.next-page", NULL));
  g_assert_cmpuint (plenum_document_page_get_page (document_page), ==, 2);
  expected = plenum_follow_banner_format (room.number_a, room.title_a, 1);
  wait_banner_says (banner, expected);
  g_assert_true (plenum_window_get_browsing (terminal->window));
  assert_touch_target (GTK_WIDGET (plenum_follow_banner_get_button (banner)));
  g_assert_nonnull (plenum_test_find_label (GTK_WIDGET (banner), expected));
  plenum_test_save_screenshot (terminal->window, "follow-banner.png");

  /* The chair moves on: the member stays where they are, the banner follows. */
  chair_move (&room, room.item_b, NULL, -1);
  g_clear_pointer (&expected, g_free);
  expected = plenum_follow_banner_format (room.number_b, room.title_b, -1);
  wait_banner_says (banner, expected);
  g_assert_true (plenum_window_get_document_page (terminal->window) == GTK_WIDGET (document_page));
  g_assert_cmpuint (plenum_document_page_get_page (document_page), ==, 2);

  /* "Back to the chair": there, and following again. */
  plenum_test_press (GTK_WIDGET (plenum_follow_banner_get_button (banner)));
  wait_shows (terminal, room.item_b, NULL, -1);
  g_assert_true (plenum_test_wait_until (NULL, banner_hidden, banner, WAIT_MS));
  g_assert_false (plenum_window_get_browsing (terminal->window));
  chair_move (&room, room.item_a, room.document_id, 2);
  wait_shows (terminal, room.item_a, room.sha256, 2);

  /* Back to the list is browsing too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (terminal->window), "window.back", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (terminal->window), "window.back", NULL));
  plenum_test_wait_window_page (terminal->window, "meetings");
  g_assert_true (plenum_test_wait_until (NULL, banner_revealed, banner, WAIT_MS));

  /* The chair's own window: the console beside the documents, no banner, and "Show
   * everyone this page" moves every terminal. */
  chair = plenum_test_terminal_start (chair_dir, plenum_test_demo_url ());
  sign_in (chair, CHAIR_NAME, CHAIR_PIN);
  wait_document (chair->engine, room.sha256);
  wait_shows (chair, room.item_a, room.sha256, 2);
  g_assert_nonnull (plenum_meeting_page_get_chair_console (
                      PLENUM_MEETING_PAGE (plenum_window_get_meeting_page (chair->window))));
  document_page = PLENUM_DOCUMENT_PAGE (plenum_window_get_document_page (chair->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (document_page), "doc.first-page", NULL));
  g_assert_false (plenum_window_get_browsing (chair->window));
  g_assert_false (plenum_follow_banner_get_revealed (
                    PLENUM_FOLLOW_BANNER (plenum_window_get_follow_banner (chair->window))));
  button = plenum_document_page_get_show_everyone_button (document_page);
  g_assert_nonnull (button);
  assert_touch_target (button);
  plenum_test_press (button);
  /* The member, browsing on the list, is told; back to the chair, page 1 (0). */
  g_clear_pointer (&expected, g_free);
  expected = plenum_follow_banner_format (room.number_a, room.title_a, 0);
  wait_banner_says (banner, expected);
  plenum_test_press (GTK_WIDGET (plenum_follow_banner_get_button (banner)));
  wait_shows (terminal, room.item_a, room.sha256, 0);
  plenum_test_terminal_stop (chair);

  /* A terminal that restarts while the meeting runs lands where the chair is now. */
  plenum_test_terminal_stop (terminal);
  chair_move (&room, room.item_a, room.document_id, 2);
  terminal = plenum_test_terminal_start (member_dir, plenum_test_demo_url ());
  sign_in (terminal, MEMBER_NAME, MEMBER_PIN);
  wait_shows (terminal, room.item_a, room.sha256, 2);
  g_assert_false (plenum_follow_banner_get_revealed (
                    PLENUM_FOLLOW_BANNER (plenum_window_get_follow_banner (terminal->window))));
  plenum_test_terminal_stop (terminal);

  room_clear (&room);
}

/* Offline: asking to speak waits in the outbox and says so; a terminal restarted
 * without the server lands where the chair last was. */
static void
test_offline (void)
{
  g_autofree char *member_dir = plenum_test_mkdtemp ("follow-offline");
  const char * const args[] = { "--demo", NULL };
  g_autoptr(PlenumTestServer) server = plenum_test_server_start (NULL, args);
  PlenumTestTerminal *terminal;
  PlenumMeetingPage *meeting_page;
  Room room = { 0 };

  terminal = plenum_test_terminal_start (member_dir, plenum_test_server_get_url (server));
  sign_in (terminal, MEMBER_NAME, MEMBER_PIN);
  room_init (&room, terminal->engine, plenum_test_server_get_url (server));
  chair_move (&room, room.item_b, NULL, -1);
  wait_shows (terminal, room.item_b, NULL, -1);

  plenum_test_server_stop (server);
  meeting_page = PLENUM_MEETING_PAGE (plenum_window_get_meeting_page (terminal->window));
  plenum_test_press (GTK_WIDGET (plenum_meeting_page_get_speak_button (meeting_page)));
  wait_speak_text (meeting_page, "Waiting to be sent");
  g_assert_cmpstr (gtk_button_get_label (plenum_meeting_page_get_speak_button (meeting_page)), ==,
                   "Withdraw");
  plenum_test_terminal_stop (terminal);

  terminal = plenum_test_terminal_start (member_dir, plenum_test_server_get_url (server));
  sign_in (terminal, MEMBER_NAME, MEMBER_PIN);
  g_assert_false (plenum_sync_engine_get_online (terminal->engine));
  wait_shows (terminal, room.item_b, NULL, -1);
  meeting_page = PLENUM_MEETING_PAGE (plenum_window_get_meeting_page (terminal->window));
  wait_speak_text (meeting_page, "Waiting to be sent");
  plenum_test_terminal_stop (terminal);
  room_clear (&room);
}

typedef struct
{
  PlenumBallotSheet *sheet;
  const char        *vote_id;
  const char        *state;
  const char        *outcome;
} SheetWait;

static gboolean
sheet_shows (gpointer user_data)
{
  SheetWait *wait = user_data;

  return gtk_widget_get_visible (GTK_WIDGET (wait->sheet)) &&
         g_strcmp0 (plenum_ballot_sheet_get_vote_id (wait->sheet), wait->vote_id) == 0 &&
         (wait->state == NULL || g_strcmp0 (plenum_ballot_sheet_get_state_text (wait->sheet), wait->state) == 0) &&
         (wait->outcome == NULL || g_strcmp0 (plenum_ballot_sheet_get_outcome_text (wait->sheet), wait->outcome) == 0);
}

static void
wait_sheet (PlenumBallotSheet *sheet,
            const char        *vote_id,
            const char        *state,
            const char        *outcome)
{
  SheetWait wait = { sheet, vote_id, state, outcome };

  if (!plenum_test_wait_until (NULL, sheet_shows, &wait, WAIT_MS))
    g_error ("the ballot sheet shows vote %s, \"%s\", \"%s\"", plenum_ballot_sheet_get_vote_id (sheet),
             plenum_ballot_sheet_get_state_text (sheet), plenum_ballot_sheet_get_outcome_text (sheet));
}

/* A vote on the terminal: the member votes, the chair closes it, the sheet shows the
 * result in words. */
static void
test_ballot_result (void)
{
  g_autofree char *member_dir = plenum_test_mkdtemp ("follow-ballot");
  g_autofree char *extra = NULL;
  g_autofree char *close_path = NULL;
  g_autoptr(cJSON) vote = NULL;
  g_autoptr(cJSON) closed = NULL;
  PlenumTestTerminal *terminal;
  PlenumMeetingPage *meeting_page;
  PlenumBallotSheet *sheet;
  const char *vote_id;
  const char *result;
  Room room = { 0 };

  terminal = plenum_test_terminal_start (member_dir, plenum_test_demo_url ());
  sign_in (terminal, MEMBER_NAME, MEMBER_PIN);
  room_init (&room, terminal->engine, plenum_test_demo_url ());
  chair_move (&room, room.item_b, NULL, -1);
  wait_shows (terminal, room.item_b, NULL, -1);
  meeting_page = PLENUM_MEETING_PAGE (plenum_window_get_meeting_page (terminal->window));
  sheet = PLENUM_BALLOT_SHEET (plenum_meeting_page_get_ballot_sheet (meeting_page));

  extra = g_strdup_printf ("\"item_id\":\"%s\",\"title\":\"Thông qua Nghị quyết\",\"kind\":\"open\","
                           "\"majority\":\"present\",\"quorum_required\":false,\"changeable\":false",
                           room.item_b);
  vote = chair_request (&room, room.chair_token, "POST", "/votes", extra);
  vote_id = plenum_test_json_get_string (vote, "id");
  wait_sheet (sheet, vote_id, "", NULL);
  g_assert_cmpstr (plenum_ballot_sheet_get_outcome_text (sheet), ==, "");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sheet), "ballot.toggle-option", "u", 0));
  plenum_test_press (GTK_WIDGET (plenum_ballot_sheet_get_cast_button (sheet)));
  wait_sheet (sheet, vote_id, "Counted", NULL);

  close_path = g_strdup_printf ("/votes/%s/close", vote_id);
  closed = chair_request (&room, room.chair_token, "POST", close_path, NULL);
  /* The member voted for, and was the only one present: 1 needed of 1. */
  wait_sheet (sheet, vote_id, "Counted", "Passed");
  result = plenum_ballot_sheet_get_result_text (sheet);
  g_assert_nonnull (strstr (result, "For: 1 vote\n"));
  g_assert_nonnull (strstr (result, "Against: 0 votes\n"));
  g_assert_nonnull (strstr (result, "1 vote needed: a majority of the 1 member present"));
  g_assert_null (strstr (result, "show of hands"));
  g_assert_nonnull (plenum_test_find_label (GTK_WIDGET (sheet), "Passed"));
  plenum_test_save_screenshot (terminal->window, "ballot-result.png");

  plenum_test_terminal_stop (terminal);
  room_clear (&room);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);
  if (!plenum_test_gui_init (FALSE, &status))
    return status;

  g_test_add_func ("/plenum/follow/formats", test_formats);
  g_test_add_func ("/plenum/follow/follow", test_follow);
  g_test_add_func ("/plenum/follow/ballot-result", test_ballot_result);
  g_test_add_func ("/plenum/follow/offline", test_offline);

  return plenum_test_sync_run ();
}
