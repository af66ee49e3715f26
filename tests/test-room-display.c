/* test-room-display.c — the room display (`plenum --room-display`, issue #7 item 7)
 * against a real plenum-server --demo, with a real store, sync engine and render helper:
 * the display is enrolled through the enrolment pad it shows (a code the secretariat made
 * for the demo room), then follows the demo meeting as its chair and members act over
 * HTTP — the chair's move shows the item's title and its papers, the chair's page shows
 * in the page view, a request to speak and "next" show the queue and the floor, check-ins
 * the attendance, a secret vote "0 of 12", then "1 of 12 have voted" when a ballot
 * arrives (without the voter's name), and the result in words at the close. With the
 * server gone it keeps the last state and says so in words.
 *
 * With PLENUM_SCREENSHOT_DIR set, it saves room-display.png (1280 × 800) there.
 * Runs under Xvfb; without a display it skips, except in CI.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include "core/plenum-json.h"
#include "gui/plenum-application.h"
#include "gui/plenum-room-display.h"
#include "gui/plenum-sign-in-page.h"
#include "plenum-test-gui.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define WAIT_MS     PLENUM_TEST_GUI_WAIT_MS

/* The demo (server/plenum-demo.c): its chair, two members, its secretary and room. */
#define CHAIR_NAME     "nguyen.van.an"
#define CHAIR_PIN      "111111"
#define SPEAKER_NAME   "tran.thi.thu.ha"
#define SPEAKER_PIN    "222222"
#define SPEAKER_SHOWN  "Trần Thị Thu Hà"
#define VOTER_NAME     "le.minh.tuan"
#define VOTER_PIN      "100003"
#define VOTER_SHOWN    "Lê Minh Tuấn"
#define SECRETARY_NAME "ly.thi.hong"
#define SECRETARY_PIN  "999999"
#define ROOM           "Phòng họp số 1"
#define N_MEMBERS      12
/* The terminal the members' HTTP sessions name (any UUID). */
#define SEAT_ID        "3c0a5e2b-7d41-4f6e-9a8b-1c2d3e4f5a6b"

static SoupSession *session;

/* Waiting on what the display shows */

#define wait_text(display, getter, expected) \
  wait_text_impl (display, (PlenumTestTextGetter) getter, #getter, expected)

static void
wait_text_impl (PlenumRoomDisplay    *display,
                PlenumTestTextGetter  getter,
                const char           *what,
                const char           *expected)
{
  if (!plenum_test_wait_text (display, getter, expected, FALSE))
    {
      plenum_test_save_widget_screenshot (GTK_WIDGET (display), "room-display-failed.png");
      g_error ("%s is “%s”, not “%s” (page %s)", what, getter (display), expected,
               plenum_room_display_get_page_name (display));
    }
}

static gboolean
shows_live_page (gpointer user_data)
{
  return g_strcmp0 (plenum_room_display_get_page_name (user_data), "live") == 0 ||
         g_strcmp0 (plenum_room_display_get_page_name (user_data), "idle") == 0;
}

typedef struct
{
  PlenumRoomDisplay *display;
  guint              page;
} PageWait;

/* The chair's page is in the view, rendered sharp. */
static gboolean
view_shows_page (gpointer user_data)
{
  PageWait *wait = user_data;
  PlenumPdfView *view = plenum_room_display_get_pdf_view (wait->display);

  return plenum_pdf_view_get_document (view) != NULL &&
         gtk_widget_get_mapped (GTK_WIDGET (view)) &&
         plenum_pdf_view_get_page (view) == wait->page &&
         plenum_pdf_view_get_ready (view) &&
         plenum_pdf_view_get_page_state (view, wait->page) == PLENUM_PDF_PAGE_SHARP;
}

static gboolean
window_is_1280_by_800 (gpointer user_data)
{
  return gtk_widget_get_width (user_data) == 1280 && gtk_widget_get_height (user_data) == 800;
}

static GtkWidget *
find_sign_in_page (GtkWidget *widget)
{
  if (PLENUM_IS_SIGN_IN_PAGE (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_sign_in_page (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* HTTP, as the chair, the members and the secretariat */

static char *
meeting_path (const char *meeting_id,
              const char *what)
{
  return g_strdup_printf ("/api/v1/meetings/%s%s%s", meeting_id, what[0] != '\0' ? "/" : "", what);
}

/* @method on the meeting's @what with { operation_id and @extra }; asserts @status. */
static PlenumTestReply *
act (const char *url,
     const char *meeting_id,
     const char *method,
     const char *what,
     const char *token,
     const char *extra,
     guint       status)
{
  g_autofree char *path = meeting_path (meeting_id, what);
  g_autofree char *operation = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\"%s%s}", operation,
                                           extra != NULL ? "," : "", extra != NULL ? extra : "");
  PlenumTestReply *reply = plenum_test_request (session, url, method, path, token, body);

  plenum_test_assert_status (reply, status);
  return reply;
}

static void
move (const char *url,
      const char *meeting_id,
      const char *chair,
      const char *item_id,
      const char *document_id,
      int         page)
{
  g_autofree char *document = document_id != NULL ? g_strdup_printf ("\"%s\"", document_id)
                                                  : g_strdup ("null");
  g_autofree char *page_text = page >= 0 ? g_strdup_printf ("%d", page) : g_strdup ("null");
  g_autofree char *extra = g_strdup_printf ("\"item_id\":\"%s\",\"document_id\":%s,\"page\":%s",
                                            item_id, document, page_text);
  g_autoptr(PlenumTestReply) reply = act (url, meeting_id, "PUT", "position", chair, extra, 200);
}

/* The enrolment code the secretariat makes for a seat of the demo room. */
static char *
enrolment_code (const char *url)
{
  g_autofree char *secretary = plenum_test_sign_in (session, url, SECRETARY_NAME, SECRETARY_PIN,
                                                    SEAT_ID, NULL);
  g_autoptr(PlenumTestReply) reply =
    plenum_test_request (session, url, "POST", "/api/v1/terminals/enrolments", secretary,
                         "{\"room\":\"" ROOM "\",\"name\":\"Màn hình phòng họp\"}");

  plenum_test_assert_status (reply, 201);
  return g_strdup (plenum_test_json_get_string (reply->json, "code"));
}

/* Types @code on the enrolment pad of the display's enrolment page, as an installer
 * would. */
static void
enrol (PlenumRoomDisplay *display,
       const char        *code)
{
  GtkWidget *page = find_sign_in_page (GTK_WIDGET (display));
  guint digits = 0;

  g_assert_nonnull (page);
  g_assert_true (gtk_widget_activate_action (page, "sign-in.show-enrol", NULL));
  for (const char *p = code; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      {
        g_assert_true (gtk_widget_activate_action (page, "sign-in.enrol-digit", "i", *p - '0'));
        digits++;
      }
  g_assert_cmpuint (digits, ==, PLENUM_SIGN_IN_ENROL_CODE_DIGITS);
  g_assert_true (gtk_widget_activate_action (page, "sign-in.enrol-submit", NULL));
}

/* The display, as `plenum --room-display` makes it, with its store, engine and render
 * client, at 1280 × 800 (xvfb-run's screen holds no 1920 × 1080 window; the type sizes
 * are in pixels, the same on either). The engine is not started. */
static PlenumRoomDisplay *
open_display (const char          *data_dir,
              const char          *url,
              PlenumStore        **store,
              PlenumSyncEngine   **engine,
              PlenumRenderClient **client)
{
  g_autoptr(GError) error = NULL;
  PlenumRoomDisplay *display;

  *store = plenum_test_open_store (data_dir, WAIT_MS);
  *engine = plenum_test_sync_engine_new (*store, url, &error);
  g_assert_no_error (error);
  plenum_sync_engine_set_offline_delay (*engine, 0);
  plenum_sync_engine_set_reconnect_delays (*engine, 100, 1000);
  *client = plenum_render_client_new (NULL);
  display = plenum_room_display_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (display), 1280, 800);
  gtk_window_present (GTK_WINDOW (display));
  if (!plenum_test_wait_until (NULL, window_is_1280_by_800, display, WAIT_MS))
    g_error ("the display is %d × %d", gtk_widget_get_width (GTK_WIDGET (display)),
             gtk_widget_get_height (GTK_WIDGET (display)));
  g_assert_cmpstr (plenum_room_display_get_page_name (display), ==, "starting");
  plenum_room_display_set_services (display, *engine, *client);
  return display;
}

/* Destroys the window, then the services, asserting that each is finalized. */
static void
close_display (PlenumRoomDisplay  *display,
               PlenumRenderClient *client,
               PlenumSyncEngine   *engine,
               PlenumStore        *store)
{
  gpointer weak_display = display;

  g_object_add_weak_pointer (G_OBJECT (display), &weak_display);
  gtk_window_destroy (GTK_WINDOW (display));
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &weak_display, WAIT_MS));
  plenum_test_wait_finalized (client);
  plenum_test_wait_finalized (engine);
  plenum_test_wait_finalized (store);
}

/* The test */

static void
test_follow_meeting (void)
{
  g_autofree char *data_dir = plenum_test_mkdtemp ("room-display");
  const char * const args[] = { "--demo", NULL };
  g_autoptr(PlenumTestServer) server = plenum_test_server_start (NULL, args);
  const char *url = plenum_test_server_get_url (server);
  g_autofree char *chair = NULL;
  g_autofree char *speaker = NULL;
  g_autofree char *voter = NULL;
  g_autofree char *code = NULL;
  g_autofree char *meeting_path_text = NULL;
  g_autofree char *meeting_id = NULL;
  char *item_number[2] = { NULL, NULL };
  char *item_title[2] = { NULL, NULL };
  char *item_id[2] = { NULL, NULL };
  g_autofree char *document_id = NULL;
  g_autofree char *vote_id = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(PlenumTestReply) meeting = NULL;
  g_autoptr(PlenumTestReply) vote = NULL;
  g_autoptr(PlenumTestReply) closed = NULL;
  g_autoptr(GString) documents = g_string_new (NULL);
  const cJSON *agenda;
  const cJSON *result;
  const cJSON *counts;
  PlenumStore *store;
  PlenumSyncEngine *engine;
  PlenumRenderClient *client;
  PlenumRoomDisplay *display;
  PageWait page_wait;

  /* The demo is seeded once its sign-in lines are out. */
  g_assert_true (plenum_test_server_wait_output (server, CHAIR_NAME));
  chair = plenum_test_sign_in (session, url, CHAIR_NAME, CHAIR_PIN, SEAT_ID, NULL);
  speaker = plenum_test_sign_in (session, url, SPEAKER_NAME, SPEAKER_PIN, SEAT_ID, NULL);
  voter = plenum_test_sign_in (session, url, VOTER_NAME, VOTER_PIN, SEAT_ID, NULL);

  /* The demo meeting, its first two items and a document of the second. */
  {
    g_autoptr(PlenumTestReply) list = plenum_test_request (session, url, "GET", "/api/v1/meetings",
                                                           chair, NULL);
    const cJSON *meetings;

    plenum_test_assert_status (list, 200);
    meetings = cJSON_GetObjectItemCaseSensitive (list->json, "meetings");
    g_assert_cmpint (cJSON_GetArraySize (meetings), >=, 1);
    meeting_id = g_strdup (plenum_test_json_get_string (cJSON_GetArrayItem (meetings, 0), "id"));
  }
  meeting_path_text = meeting_path (meeting_id, "");
  meeting = plenum_test_request (session, url, "GET", meeting_path_text, chair, NULL);
  plenum_test_assert_status (meeting, 200);
  agenda = cJSON_GetObjectItemCaseSensitive (meeting->json, "agenda");
  g_assert_cmpint (cJSON_GetArraySize (agenda), >=, 2);
  for (guint i = 0; i < 2; i++)
    {
      const cJSON *item = cJSON_GetArrayItem (agenda, (int) i);

      item_id[i] = g_strdup (plenum_test_json_get_string (item, "id"));
      item_number[i] = g_strdup_printf ("Item %s", plenum_test_json_get_string (item, "number"));
      item_title[i] = g_strdup (plenum_test_json_get_string (item, "title"));
    }
  {
    const cJSON *first = cJSON_GetArrayItem (agenda, 0);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive (first, "documents");
    const cJSON *each;
    const cJSON *document;

    /* What the wall shows while the chair shows no page of item 1. */
    g_string_append (documents, item_title[0]);
    cJSON_ArrayForEach (each, list)
      g_string_append_printf (documents, "\n• %s", plenum_test_json_get_string (each, "title"));

    list = cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (agenda, 1), "documents");
    g_assert_cmpint (cJSON_GetArraySize (list), >=, 1);
    document = cJSON_GetArrayItem (list, 0);
    document_id = g_strdup (plenum_test_json_get_string (document, "id"));
    g_assert_cmpint (plenum_test_json_get_int (document, "pages"), >=, 2);
  }
  code = enrolment_code (url);

  display = open_display (data_dir, url, &store, &engine, &client);
  plenum_sync_engine_start (engine);

  /* Not enrolled: the enrolment pad, and nothing of any meeting. */
  g_assert_cmpstr (plenum_room_display_get_page_name (display), ==, "enrol");
  g_assert_null (plenum_room_display_get_meeting_id (display));
  enrol (display, code);
  g_assert_true (plenum_test_wait_until (NULL, shows_live_page, display, WAIT_MS));
  g_assert_null (plenum_sync_engine_get_account (engine));

  /* The chair's first move starts the meeting: the item, large, and its papers. */
  move (url, meeting_id, chair, item_id[0], NULL, -1);
  wait_text (display, plenum_room_display_get_item_title_text, item_title[0]);
  g_assert_cmpstr (plenum_room_display_get_page_name (display), ==, "live");
  g_assert_cmpstr (plenum_room_display_get_meeting_id (display), ==, meeting_id);
  g_assert_cmpstr (plenum_room_display_get_item_number_text (display), ==, item_number[0]);
  wait_text (display, plenum_room_display_get_documents_text, documents->str);
  g_assert_null (plenum_pdf_view_get_document (plenum_room_display_get_pdf_view (display)));
  /* Legible from the back of the room: the title's line is at least 48 px high. */
  plenum_test_wait_frame (GTK_WIDGET (display));
  g_assert_cmpint (gtk_widget_get_height (plenum_room_display_get_item_title_label (display)), >=, 48);

  /* The chair shows page 2 of a document of item 2: it is in the view. */
  move (url, meeting_id, chair, item_id[1], document_id, 1);
  wait_text (display, plenum_room_display_get_item_title_text, item_title[1]);
  g_assert_cmpstr (plenum_room_display_get_item_number_text (display), ==, item_number[1]);
  page_wait.display = display;
  page_wait.page = 1;
  if (!plenum_test_wait_until (NULL, view_shows_page, &page_wait, WAIT_MS))
    g_error ("the view shows page %u of %s", plenum_pdf_view_get_page (plenum_room_display_get_pdf_view (display)),
             plenum_pdf_view_get_document (plenum_room_display_get_pdf_view (display)) != NULL ? "a document" : "nothing");
  g_assert_cmpstr (plenum_room_display_get_documents_text (display), ==, "");
  /* The next page: the same document, turned. */
  move (url, meeting_id, chair, item_id[1], document_id, 0);
  page_wait.page = 0;
  g_assert_true (plenum_test_wait_until (NULL, view_shows_page, &page_wait, WAIT_MS));

  /* A member asks to speak, then the chair gives the floor. */
  {
    g_autoptr(PlenumTestReply) asked = act (url, meeting_id, "POST", "speakers", speaker, NULL, 200);
    g_autoptr(PlenumTestReply) next = NULL;

    wait_text (display, plenum_room_display_get_queue_text, "Next:\n1. " SPEAKER_SHOWN);
    g_assert_cmpstr (plenum_room_display_get_speaker_text (display), ==, "");
    next = act (url, meeting_id, "POST", "speakers/next", chair, NULL, 200);
    wait_text (display, plenum_room_display_get_speaker_text, "Speaking: " SPEAKER_SHOWN);
    g_assert_cmpstr (plenum_room_display_get_queue_text (display), ==, "");
  }

  /* Two check in: attendance against the quorum. */
  {
    g_autoptr(PlenumTestReply) a = act (url, meeting_id, "POST", "attendance", chair,
                                        "\"present\":true", 200);
    g_autoptr(PlenumTestReply) b = act (url, meeting_id, "POST", "attendance", speaker,
                                        "\"present\":true", 200);

    wait_text (display, plenum_room_display_get_attendance_text,
               "2 of 12 present · quorum not met");
  }

  /* A secret vote opens on item 2: how many have voted, never who. */
  {
    g_autofree char *extra = g_strdup_printf ("\"item_id\":\"%s\",\"title\":\"Thông qua dự thảo\","
                                              "\"kind\":\"secret\",\"majority\":\"present\","
                                              "\"quorum_required\":false,\"changeable\":false",
                                              item_id[1]);

    vote = act (url, meeting_id, "POST", "votes", chair, extra, 201);
    vote_id = g_strdup (plenum_test_json_get_string (vote->json, "id"));
  }
  wait_text (display, plenum_room_display_get_vote_title_text, "Thông qua dự thảo");
  wait_text (display, plenum_room_display_get_vote_text, "0 of 12 have voted");
  {
    g_autofree char *what = g_strdup_printf ("votes/%s/ballots", vote_id);
    g_autofree char *receipt = g_compute_checksum_for_string (G_CHECKSUM_SHA256, vote_id, -1);
    g_autofree char *extra = g_strdup_printf ("\"choices\":[0],\"receipt\":\"%s\"", receipt);
    g_autoptr(PlenumTestReply) ballot = act (url, meeting_id, "POST", what, voter, extra, 200);

    g_assert_true (plenum_test_json_get_bool (ballot->json, "counted"));
  }
  wait_text (display, plenum_room_display_get_vote_text, "1 of 12 have voted");
  g_assert_null (strstr (plenum_room_display_get_vote_text (display), VOTER_SHOWN));
  g_assert_null (strstr (plenum_room_display_get_vote_title_text (display), VOTER_SHOWN));

  /* The close: the result in words, as the server counted it. */
  {
    g_autofree char *what = g_strdup_printf ("votes/%s/close", vote_id);

    closed = act (url, meeting_id, "POST", what, chair, NULL, 200);
  }
  result = cJSON_GetObjectItemCaseSensitive (closed->json, "result");
  g_assert_true (cJSON_IsObject (result));
  counts = cJSON_GetObjectItemCaseSensitive (result, "counts");
  g_assert_cmpint (cJSON_GetArraySize (counts), ==, 3);
  g_assert_cmpint (cJSON_GetArrayItem (counts, 0)->valueint, ==, 1);
  expected = g_strdup_printf ("%s\nFor: 1 · Against: 0 · Abstain: 0",
                              plenum_test_json_get_bool (result, "passed") ? "Passed" : "Not passed");
  wait_text (display, plenum_room_display_get_vote_text, expected);
  g_assert_cmpstr (plenum_room_display_get_vote_title_text (display), ==, "Thông qua dự thảo");
  g_assert_cmpstr (plenum_room_display_get_connection_text (display), ==, "");
  /* All of it fits the screen: nothing made the window grow. */
  plenum_test_wait_frame (GTK_WIDGET (display));
  g_assert_true (window_is_1280_by_800 (display));
  plenum_test_save_widget_screenshot (GTK_WIDGET (display), "room-display.png");

  /* The server goes away: the last state stays, and the wall says so in words. */
  plenum_test_server_stop (server);
  wait_text (display, plenum_room_display_get_connection_text,
             "Connection lost — showing the last known state");
  g_assert_cmpstr (plenum_room_display_get_page_name (display), ==, "live");
  g_assert_cmpstr (plenum_room_display_get_item_title_text (display), ==, item_title[1]);
  g_assert_cmpstr (plenum_room_display_get_speaker_text (display), ==, "Speaking: " SPEAKER_SHOWN);
  g_assert_cmpstr (plenum_room_display_get_vote_text (display), ==, expected);
  /* (The new line takes room from the page, which is rendered again at its new size.) */
  g_assert_true (plenum_test_wait_until (NULL, view_shows_page, &page_wait, WAIT_MS));

  /* Nothing keeps the services alive once the window is gone. */
  close_display (display, client, engine, store);

  /* Restarted with the server still gone, it shows where the meeting last was, from
   * its store. */
  display = open_display (data_dir, url, &store, &engine, &client);
  page_wait.display = display;
  plenum_sync_engine_start (engine);
  wait_text (display, plenum_room_display_get_item_title_text, item_title[1]);
  wait_text (display, plenum_room_display_get_connection_text,
             "Connection lost — showing the last known state");
  g_assert_cmpstr (plenum_room_display_get_speaker_text (display), ==, "Speaking: " SPEAKER_SHOWN);
  g_assert_cmpstr (plenum_room_display_get_attendance_text (display), ==,
                   "2 of 12 present · quorum not met");
  wait_text (display, plenum_room_display_get_vote_text, expected);
  g_assert_true (plenum_test_wait_until (NULL, view_shows_page, &page_wait, WAIT_MS));
  close_display (display, client, engine, store);
  for (guint i = 0; i < 2; i++)
    {
      g_free (item_number[i]);
      g_free (item_title[i]);
      g_free (item_id[i]);
    }
}

static gboolean
signed_out (gpointer user_data)
{
  return plenum_sync_engine_get_account (user_data) == NULL;
}

static gboolean
not_syncing (gpointer user_data)
{
  return !plenum_sync_engine_get_syncing (user_data);
}

/* A member who signs in on the display's enrolment page is signed out again: the wall
 * never shows one member's papers. (The member signs in offline there: the member
 * signed in on this terminal once before, online, with the engine alone.) */
static void
test_no_member (void)
{
  g_autofree char *data_dir = plenum_test_mkdtemp ("room-display-member");
  const char * const args[] = { "--demo", NULL };
  g_autoptr(PlenumTestServer) server = plenum_test_server_start (NULL, args);
  g_autoptr(PlenumMember) member = NULL;
  g_autoptr(GError) error = NULL;
  PlenumStore *store;
  PlenumSyncEngine *engine;
  PlenumRenderClient *client;
  PlenumRoomDisplay *display;

  g_assert_true (plenum_test_server_wait_output (server, CHAIR_NAME));
  store = plenum_test_open_store (data_dir, WAIT_MS);
  engine = plenum_test_sync_engine_new (store, plenum_test_server_get_url (server), &error);
  g_assert_no_error (error);
  plenum_test_engine_sign_in_ok (engine, SPEAKER_NAME, SPEAKER_PIN, WAIT_MS);
  g_assert_true (plenum_test_wait_until (NULL, not_syncing, engine, WAIT_MS));
  plenum_sync_engine_sign_out (engine);
  plenum_test_wait_finalized (engine);
  plenum_test_wait_finalized (store);
  plenum_test_server_stop (server);

  display = open_display (data_dir, plenum_test_server_get_url (server), &store, &engine, &client);
  plenum_sync_engine_start (engine);
  g_assert_cmpstr (plenum_room_display_get_page_name (display), ==, "enrol");
  member = plenum_test_engine_sign_in (engine, SPEAKER_NAME, SPEAKER_PIN, WAIT_MS, &error);
  g_assert_no_error (error);
  g_assert_nonnull (member);
  g_assert_true (plenum_test_wait_until (NULL, signed_out, engine, WAIT_MS));
  g_assert_cmpstr (plenum_room_display_get_page_name (display), ==, "enrol");
  g_assert_null (plenum_room_display_get_meeting_id (display));

  close_display (display, client, engine, store);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);
  if (!plenum_test_gui_init (TRUE, &status))
    return status;
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  session = plenum_test_session ();

  g_test_add_func ("/plenum/room-display/follow-meeting", test_follow_meeting);
  g_test_add_func ("/plenum/room-display/no-member", test_no_member);

  return plenum_test_sync_run ();
}
