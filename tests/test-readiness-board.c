/* test-readiness-board.c — the committee office's readiness board (issue #8) against a
 * real plenum-server --demo: three terminals enrolled over HTTP in one room, one that
 * reports the whole packet of the demo meeting, one that reports part of it, one
 * revoked; the secretary signed in with a real store and sync engine, the meeting page
 * with its "Terminals" button, the board's rows and summary in words, its periodic
 * refresh, and its last board kept when the server goes away. A member sees no
 * "Terminals" and the server refuses them the list.
 *
 * The strict reader of the list (unknown keys, a done count above its total) and the
 * words of a row are checked on their own first.
 *
 * With PLENUM_SCREENSHOT_DIR set, it saves readiness-board.png there. Runs under Xvfb;
 * without a display it skips, except in CI.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <string.h>

#include "core/plenum-core.h"
#include "gui/plenum-meeting-page.h"
#include "gui/plenum-readiness-board.h"
#include "plenum-test-gui.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define WAIT_MS         PLENUM_TEST_GUI_WAIT_MS
#define SECRETARY_NAME  "ly.thi.hong"
#define SECRETARY_PIN   "999999"
#define MEMBER_NAME     "le.minh.tuan"
#define MEMBER_PIN      "100003"
#define ROOM            "Phòng họp số 1"

#define TERMINAL_JSON                                                                   \
  "{\"id\":\"6f1c2b8e-0000-4000-8000-000000000001\",\"name\":\"Ghế 01\","               \
  "\"room\":{\"id\":\"6f1c2b8e-0000-4000-8000-0000000000aa\",\"name\":\"Phòng 1\"},"     \
  "\"enrolled_at\":\"2026-11-27T08:00:00Z\",\"last_seen\":%s,\"revoked\":false,"        \
  "\"status\":%s%s}"
#define REPORT_JSON                                                                     \
  "{\"reported_at\":\"2026-11-27T09:00:00Z\",\"received_at\":\"2026-11-27T09:00:01Z\","  \
  "\"meetings\":[{\"meeting_id\":\"6f1c2b8e-0000-4000-8000-0000000000bb\","              \
  "\"packet_version\":3,\"documents_total\":12,\"documents_done\":%s,"                   \
  "\"bytes_total\":1000,\"bytes_done\":600}]}"
#define MEETING_ID "6f1c2b8e-0000-4000-8000-0000000000bb"

static GPtrArray *
parse_one (const char  *last_seen,
           const char  *status,
           const char  *extra,
           GError     **error)
{
  g_autofree char *terminal = g_strdup_printf (TERMINAL_JSON, last_seen, status, extra);
  g_autofree char *json = g_strdup_printf ("{\"terminals\":[%s]}", terminal);

  return plenum_terminal_info_parse_list (json, -1, error);
}

/* The strict reader and the words of a row, without a server. */
static void
test_words (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 27, 10, 0, 0);
  g_autoptr(GDateTime) two_minutes = g_date_time_add_minutes (now, -2);
  g_autoptr(GDateTime) seconds = g_date_time_add_seconds (now, -30);
  g_autoptr(GDateTime) hours = g_date_time_add_hours (now, -3);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *partial = g_strdup_printf (REPORT_JSON, "7");
  g_autofree char *full = g_strdup_printf (REPORT_JSON, "12");
  g_autofree char *over = g_strdup_printf (REPORT_JSON, "13");
  g_autofree char *text = NULL;
  PlenumTerminalInfo *info;
  guint64 total = 0, done = 0;

  text = plenum_readiness_board_format_last_seen (NULL, now);
  g_assert_cmpstr (text, ==, "never");
  g_free (text);
  text = plenum_readiness_board_format_last_seen (seconds, now);
  g_assert_cmpstr (text, ==, "just now");
  g_free (text);
  text = plenum_readiness_board_format_last_seen (two_minutes, now);
  g_assert_cmpstr (text, ==, "2 minutes ago");
  g_free (text);
  text = plenum_readiness_board_format_last_seen (hours, now);
  g_assert_cmpstr (text, ==, "3 hours ago");
  g_clear_pointer (&text, g_free);

  /* No report yet, never seen. */
  list = parse_one ("null", "null", "", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  info = g_ptr_array_index (list, 0);
  g_assert_cmpstr (plenum_terminal_info_get_name (info), ==, "Ghế 01");
  g_assert_cmpstr (plenum_terminal_info_get_room_name (info), ==, "Phòng 1");
  g_assert_null (plenum_terminal_info_get_last_seen (info));
  g_assert_false (plenum_terminal_info_has_report (info));
  text = plenum_readiness_board_format_progress (info, MEETING_ID);
  g_assert_cmpstr (text, ==, "no report yet");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Part of the packet: by bytes, 600 of 1000. */
  list = parse_one ("\"2026-11-27T09:58:00Z\"", partial, "", &error);
  g_assert_no_error (error);
  info = g_ptr_array_index (list, 0);
  g_assert_true (plenum_terminal_info_get_progress (info, MEETING_ID, NULL, &total, &done,
                                                    NULL, NULL));
  g_assert_cmpuint (total, ==, 12);
  g_assert_cmpuint (done, ==, 7);
  g_assert_false (plenum_readiness_board_is_ready (info, MEETING_ID));
  text = plenum_readiness_board_format_progress (info, MEETING_ID);
  g_assert_cmpstr (text, ==, "7 of 12 documents · 60 %");
  g_clear_pointer (&text, g_free);
  /* Another meeting is not reported on. */
  text = plenum_readiness_board_format_progress (info, "6f1c2b8e-0000-4000-8000-0000000000cc");
  g_assert_cmpstr (text, ==, "nothing reported for this meeting");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&list, g_ptr_array_unref);

  list = parse_one ("null", full, "", &error);
  g_assert_no_error (error);
  info = g_ptr_array_index (list, 0);
  g_assert_true (plenum_readiness_board_is_ready (info, MEETING_ID));
  text = plenum_readiness_board_format_progress (info, MEETING_ID);
  g_assert_cmpstr (text, ==, "12 of 12 documents · ready");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Refused: a key the protocol does not have, a done count above its total, a
   * missing "status". */
  list = parse_one ("null", "null", ",\"seat\":1", &error);
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_UNKNOWN_KEY);
  g_assert_null (list);
  g_clear_error (&error);
  list = parse_one ("null", over, "", &error);
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_RANGE);
  g_assert_null (list);
  g_clear_error (&error);
  list = plenum_terminal_info_parse_list ("{\"terminals\":[{\"id\":\"x\"}]}", -1, &error);
  g_assert_nonnull (error);
  g_assert_null (list);
}

typedef struct
{
  const char *url;
  char       *secretary;  /* token */
  char       *meeting_id; /* the demo's first meeting */
  char       *ids[3];     /* full, partial, revoked */
  char       *auth[3];    /* "Terminal …" */
} Room;

static void
room_clear (Room *room)
{
  g_free (room->secretary);
  g_free (room->meeting_id);
  for (guint i = 0; i < G_N_ELEMENTS (room->ids); i++)
    {
      g_free (room->ids[i]);
      g_free (room->auth[i]);
    }
}

static void
report (Room  *room,
        guint  terminal,
        guint  done,
        guint  total)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/terminals/%s/status", room->ids[terminal]);
  g_autofree char *body = g_strdup_printf ("{\"reported_at\":\"2026-11-27T09:00:00Z\","
                                           "\"meetings\":[{\"meeting_id\":\"%s\","
                                           "\"packet_version\":1,\"documents_total\":%u,"
                                           "\"documents_done\":%u,\"bytes_total\":%u,"
                                           "\"bytes_done\":%u}]}",
                                           room->meeting_id, total, done, total * 1000,
                                           done * 1000);
  g_autoptr(PlenumTestReply) reply = plenum_test_request (plenum_test_session (), room->url,
                                                          "PUT", path, room->auth[terminal],
                                                          body);

  plenum_test_assert_status (reply, 204);
}

/* Three seats in a room of their own; the first reports the whole packet of the demo's
 * first meeting, the second 7 of 12 documents, the third is revoked. */
static void
room_init (Room       *room,
           const char *url)
{
  static const char * const seats[] = { "Ghế 01", "Ghế 02", "Ghế 03" };
  g_autoptr(PlenumTestReply) meetings = NULL;
  g_autoptr(PlenumTestReply) revoked = NULL;
  g_autofree char *terminal_id = plenum_uuid_new ();
  g_autofree char *path = NULL;
  const cJSON *list;

  room->url = url;
  room->secretary = plenum_test_sign_in (plenum_test_session (), url, SECRETARY_NAME,
                                         SECRETARY_PIN, terminal_id, NULL);
  meetings = plenum_test_request (plenum_test_session (), url, "GET", "/api/v1/meetings",
                                  room->secretary, NULL);
  plenum_test_assert_status (meetings, 200);
  list = cJSON_GetObjectItemCaseSensitive (meetings->json, "meetings");
  g_assert_true (cJSON_IsArray (list) && cJSON_GetArraySize (list) > 0);
  room->meeting_id = g_strdup (plenum_test_json_get_string (cJSON_GetArrayItem (list, 0), "id"));

  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    {
      room->ids[i] = plenum_uuid_new ();
      room->auth[i] = plenum_test_enrol_terminal (plenum_test_session (), url, room->secretary,
                                                  ROOM, seats[i], room->ids[i]);
    }
  report (room, 0, 12, 12);
  report (room, 1, 7, 12);
  /* A member signs in at the first seat: the board names them. */
  g_free (plenum_test_sign_in (plenum_test_session (), url, MEMBER_NAME, MEMBER_PIN,
                               room->ids[0], NULL));
  path = g_strdup_printf ("/api/v1/terminals/%s", room->ids[2]);
  revoked = plenum_test_request (plenum_test_session (), url, "DELETE", path, room->secretary,
                                 NULL);
  plenum_test_assert_status (revoked, 204);
}

typedef struct
{
  PlenumReadinessBoard *board;
  guint                 n_reads;
} ReadWait;

static gboolean
board_read (gpointer user_data)
{
  ReadWait *wait = user_data;

  return plenum_readiness_board_get_n_reads (wait->board) >= wait->n_reads;
}

static void
wait_reads (PlenumReadinessBoard *board,
            guint                 n_reads)
{
  ReadWait wait = { board, n_reads };

  g_assert_true (plenum_test_wait_until (NULL, board_read, &wait, WAIT_MS));
}

typedef struct
{
  PlenumReadinessBoard *board;
  const char           *terminal_id;
  const char           *text;
} ProgressWait;

static gboolean
progress_is (gpointer user_data)
{
  ProgressWait *wait = user_data;

  return g_strcmp0 (plenum_readiness_board_get_progress_text (wait->board, wait->terminal_id),
                    wait->text) == 0;
}

/* The row of @terminal_id shows @seat, a last contact and @progress, in words. */
static void
assert_row (PlenumReadinessBoard *board,
            const char           *terminal_id,
            const char           *seat,
            const char           *member,
            gboolean              seen,
            const char           *progress)
{
  g_autofree char *just_now = NULL;
  g_autofree char *minute_ago = NULL;
  GtkWidget *row = plenum_readiness_board_get_row (board, terminal_id);
  const char *subtitle;

  g_assert_nonnull (row);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, seat);
  g_assert_cmpstr (plenum_readiness_board_get_progress_text (board, terminal_id), ==, progress);
  g_assert_nonnull (plenum_test_find_label (row, progress));
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  /* The server keeps last_seen to the minute: the seconds since may cross one. */
  if (member != NULL)
    {
      just_now = g_strdup_printf ("%s · last contact: just now", member);
      minute_ago = g_strdup_printf ("%s · last contact: 1 minute ago", member);
    }
  else
    {
      just_now = g_strdup ("Last contact: just now");
      minute_ago = g_strdup ("Last contact: 1 minute ago");
    }
  if (seen)
    g_assert_true (g_str_equal (subtitle, just_now) || g_str_equal (subtitle, minute_ago));
  else
    g_assert_cmpstr (subtitle, ==, "Last contact: never");
}

static void
assert_touch_target (GtkWidget *widget)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, >=, 48);
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, >=, 48);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

/* The secretary opens the board from the meeting page: the rows and the summary, a
 * report that changes reaches the board by itself, and the last board stays when the
 * server goes away. */
static void
test_board (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("readiness-board");
  const char * const args[] = { "--demo", NULL };
  g_autoptr(PlenumTestServer) server = plenum_test_server_start (NULL, args);
  PlenumStore *store;
  PlenumSyncEngine *engine;
  PlenumMeetingPage *page;
  PlenumReadinessBoard *board;
  GtkToggleButton *button;
  GtkWidget *window;
  gpointer weak;
  ProgressWait wait;
  Room room = { 0 };
  guint n_reads;

  room_init (&room, plenum_test_server_get_url (server));
  store = plenum_test_open_store (dir, WAIT_MS);
  engine = plenum_test_engine_new (store, plenum_test_server_get_url (server));
  plenum_test_engine_sign_in_ok (engine, SECRETARY_NAME, SECRETARY_PIN, WAIT_MS);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  page = PLENUM_MEETING_PAGE (plenum_meeting_page_new (engine, room.meeting_id));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));

  /* "Terminals" for the secretary, a touch target; the board comes when it is down. */
  button = plenum_meeting_page_get_terminals_button (page);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Terminals");
  assert_touch_target (GTK_WIDGET (button));
  g_assert_null (plenum_meeting_page_get_readiness_board (page));
  g_assert_true (plenum_test_wait_until (NULL, is_mapped, button, WAIT_MS));
  plenum_test_press (GTK_WIDGET (button));
  board = PLENUM_READINESS_BOARD (plenum_meeting_page_get_readiness_board (page));
  g_assert_nonnull (board);
  g_assert_true (plenum_test_wait_until (NULL, is_mapped, board, WAIT_MS));
  wait_reads (board, 1);

  g_assert_cmpstr (plenum_readiness_board_get_notice_text (board), ==, "");
  g_assert_cmpstr (plenum_readiness_board_get_summary_text (board), ==, "1 of 2 terminals ready");
  assert_row (board, room.ids[0], "Ghế 01", "Lê Minh Tuấn", TRUE, "12 of 12 documents · ready");
  assert_row (board, room.ids[1], "Ghế 02", NULL, TRUE, "7 of 12 documents · 58 %");
  assert_row (board, room.ids[2], "Ghế 03", NULL, FALSE, "revoked");
  /* Grouped by room: the room's name heads the group. */
  g_assert_nonnull (plenum_test_find_label (GTK_WIDGET (board), ROOM));
  g_assert_nonnull (plenum_test_find_label (GTK_WIDGET (board), "1 of 2 terminals ready"));
  plenum_test_wait_frame (window);
  plenum_test_save_widget_screenshot (window, "readiness-board.png");

  /* The refresh button reads again at once. */
  n_reads = plenum_readiness_board_get_n_reads (board);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (board), "board.refresh", NULL));
  wait_reads (board, n_reads + 1);

  /* The second seat finishes: the board shows it by itself, without a tap. */
  plenum_readiness_board_set_interval (board, 100);
  report (&room, 1, 12, 12);
  wait = (ProgressWait) { board, room.ids[1], "12 of 12 documents · ready" };
  g_assert_true (plenum_test_wait_until (NULL, progress_is, &wait, WAIT_MS));
  g_assert_cmpstr (plenum_readiness_board_get_summary_text (board), ==, "2 of 2 terminals ready");

  /* The server goes: the last board stays, and says from when it is. */
  plenum_test_server_stop (server);
  g_assert_true (plenum_test_wait_text (board,
                                        (PlenumTestTextGetter) plenum_readiness_board_get_notice_text,
                                        "Could not reach the server: showing the board of ",
                                        TRUE));
  g_assert_cmpstr (plenum_readiness_board_get_summary_text (board), ==, "2 of 2 terminals ready");
  assert_row (board, room.ids[0], "Ghế 01", "Lê Minh Tuấn", TRUE, "12 of 12 documents · ready");

  /* Up again: the board goes, the documents come back. */
  gtk_toggle_button_set_active (button, FALSE);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (board)));

  /* Nothing keeps the page (and its board, and the engine) alive once let go. */
  weak = page;
  g_object_add_weak_pointer (G_OBJECT (page), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &weak, WAIT_MS));
  plenum_test_engine_close (engine, store, NULL, WAIT_MS);
  room_clear (&room);
}

/* A member has no "Terminals", and the server refuses them the list. */
static void
test_member (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("readiness-member");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) terminals = NULL;
  g_autoptr(GError) error = NULL;
  PlenumStore *store;
  PlenumSyncEngine *engine;
  PlenumMeetingPage *page;
  GtkWidget *window;
  gpointer weak;
  Room room = { 0 };

  room_init (&room, plenum_test_demo_url ());
  store = plenum_test_open_store (dir, WAIT_MS);
  engine = plenum_test_engine_new (store, plenum_test_demo_url ());
  plenum_test_engine_sign_in_ok (engine, MEMBER_NAME, MEMBER_PIN, WAIT_MS);

  window = gtk_window_new ();
  page = PLENUM_MEETING_PAGE (plenum_meeting_page_new (engine, room.meeting_id));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (plenum_meeting_page_get_terminals_button (page))));
  g_assert_null (plenum_meeting_page_get_readiness_board (page));

  plenum_sync_engine_list_terminals_async (engine, NULL, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  terminals = plenum_sync_engine_list_terminals_finish (engine, result, &error);
  g_assert_error (error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_REFUSED);
  g_assert_null (terminals);
  g_clear_object (&result); /* it holds the engine */

  /* Nothing keeps the page (and its board, and the engine) alive once let go. */
  weak = page;
  g_object_add_weak_pointer (G_OBJECT (page), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &weak, WAIT_MS));
  plenum_test_engine_close (engine, store, NULL, WAIT_MS);
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

  g_test_add_func ("/plenum/readiness-board/words", test_words);
  g_test_add_func ("/plenum/readiness-board/board", test_board);
  g_test_add_func ("/plenum/readiness-board/member", test_member);

  return plenum_test_sync_run ();
}
