/* test-opinions.c — opinion rounds on the server (docs/protocol.md, "Opinion rounds")
 * over real HTTP to the real plenum-server: who may open, close, answer and read; what
 * each one sees (a member only their own answer, the secretariat and the chair everyone's
 * and who is missing, a terminal no answer at all); the checks of the input; replacing an
 * answer; idempotent retries, before and after the close; the deadline passing on the
 * server's clock; the events (which carry no one's answer); and the demo's round.
 *
 * Each test gets a server of its own on a copy of one seeded database: the demo (a body
 * of twelve members whose chair is plenum_demo_chair_name()), plus an outsider in another
 * body and a room, so that a terminal can be enrolled.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <string.h>

#include "core/plenum-core.h"
#include "plenum-demo.h"
#include "plenum-server-db.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-util.h"

#define TERMINAL_ID "6a2d7b2f-4c3e-4d2f-8a11-1b2c3d4e5f60"
#define SEAT_ID     "1c7e8f2d-3b4c-4d6e-9f00-112233445566"
#define ROOM        "Phòng họp số 1"
#define N_MEMBERS   12
#define WAIT_MS     20000

static const char extra_accounts[] =
  "{ \"accounts\": ["
  "    { \"name\": \"ngoai.ban\", \"display_name\": \"Ngoài Ban\", \"role\": \"member\", "
  "      \"pin\": \"4444\" } ],"
  "  \"bodies\": [ { \"name\": \"Ban B\", \"members\": [ \"ngoai.ban\" ] } ],"
  "  \"rooms\": [ { \"name\": \"" ROOM "\", \"bodies\": [ \"%s\" ] } ] }";

static char *template_db;
static SoupSession *session;

typedef struct {
  PlenumTestServer *server;
  char             *dir;
  char             *url;
  char             *meeting_id;
  char             *document;          /* a document of the meeting */
  gint64            document_pages;
  char             *chair;             /* the chair's token (member 0) */
  char             *tokens[N_MEMBERS]; /* the body's members, chair first */
  char             *ids[N_MEMBERS];
  char             *secretary;
  char             *outsider;          /* a member of another body */
  char             *terminal;          /* "Terminal …", a seat of the room */
} Room;

/* The seeded database and the room */

/* The demo plus the outsider and the room, seeded once; every test starts from a copy. */
static const char *
seeded_db (void)
{
  if (template_db == NULL)
    {
      g_autofree char *accounts = g_strdup_printf (extra_accounts, plenum_demo_body_name ());

      template_db = plenum_test_server_seed_demo ("opinions-seed", plenum_demo_chair_name (),
                                                  accounts);
    }
  return template_db;
}

/* Copies the seeded database into a new folder; returns the folder. */
static char *
copy_seeded_db (void)
{
  return plenum_test_server_copy_db (seeded_db (), "opinions");
}

static void
room_start (Room       *room,
            const char *dir)
{
  g_autofree char *path = NULL;
  g_autoptr(PlenumTestReply) meeting = NULL;
  const PlenumDemoAccount *accounts;
  const cJSON *item;
  guint n_accounts = 0;
  guint n = 0;

  memset (room, 0, sizeof *room);
  room->dir = dir != NULL ? g_strdup (dir) : copy_seeded_db ();
  room->server = plenum_test_server_start (room->dir, NULL);
  room->url = g_strdup (plenum_test_server_get_url (room->server));

  accounts = plenum_demo_accounts (&n_accounts);
  for (guint i = 0; i < n_accounts; i++)
    {
      if (g_str_equal (accounts[i].role, "secretary"))
        room->secretary = plenum_test_sign_in (session, room->url, accounts[i].name,
                                               accounts[i].pin, TERMINAL_ID, NULL);
      else if (accounts[i].in_body)
        {
          g_assert_cmpuint (n, <, N_MEMBERS);
          room->tokens[n] = plenum_test_sign_in (session, room->url, accounts[i].name,
                                                 accounts[i].pin, TERMINAL_ID, &room->ids[n]);
          n++;
        }
    }
  g_assert_cmpuint (n, ==, N_MEMBERS);
  g_assert_cmpstr (accounts[0].name, ==, plenum_demo_chair_name ());
  room->chair = room->tokens[0];
  room->outsider = plenum_test_sign_in (session, room->url, "ngoai.ban", "4444", TERMINAL_ID,
                                        NULL);

  room->meeting_id = g_strdup (plenum_demo_meeting_id ());
  path = g_strdup_printf ("/api/v1/meetings/%s", room->meeting_id);
  meeting = plenum_test_request (session, room->url, "GET", path, room->chair, NULL);
  plenum_test_assert_status (meeting, 200);
  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (meeting->json, "agenda"))
    {
      const cJSON *document = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (item,
                                                                                    "documents"),
                                                  0);

      if (document != NULL && plenum_test_json_get_int (document, "pages") >= 3)
        {
          room->document = g_strdup (plenum_test_json_get_string (document, "id"));
          room->document_pages = plenum_test_json_get_int (document, "pages");
          break;
        }
    }
  g_assert_nonnull (room->document);

  room->terminal = plenum_test_enrol_terminal (session, room->url, room->secretary, ROOM,
                                               "Ghế 02", SEAT_ID);
}

static void
room_clear (Room *room)
{
  g_clear_pointer (&room->server, plenum_test_server_free);
  g_clear_pointer (&room->dir, g_free);
  g_clear_pointer (&room->url, g_free);
  g_clear_pointer (&room->meeting_id, g_free);
  g_clear_pointer (&room->document, g_free);
  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_clear_pointer (&room->tokens[i], g_free);
      g_clear_pointer (&room->ids[i], g_free);
    }
  g_clear_pointer (&room->secretary, g_free);
  g_clear_pointer (&room->outsider, g_free);
  g_clear_pointer (&room->terminal, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Room, room_clear)

/* HTTP */

static char *
rounds_path (Room       *room,
             const char *round_id,
             const char *what)
{
  if (round_id == NULL)
    return g_strdup_printf ("/api/v1/meetings/%s/opinion-rounds", room->meeting_id);
  return g_strdup_printf ("/api/v1/meetings/%s/opinion-rounds/%s/%s", room->meeting_id,
                          round_id, what);
}

/* { operation_id (@operation, or a new one) and @extra } */
static char *
body_with (const char *extra,
           const char *operation)
{
  g_autofree char *fresh = g_uuid_string_random ();

  return g_strdup_printf ("{\"operation_id\":\"%s\"%s%s}",
                          operation != NULL ? operation : fresh,
                          extra != NULL ? "," : "", extra != NULL ? extra : "");
}

/* The server's clock, in Unix seconds. */
static gint64
server_now (Room *room)
{
  g_autoptr(PlenumTestReply) reply = plenum_test_request (session, room->url, "GET",
                                                          "/api/v1/server", NULL, NULL);
  g_autoptr(GDateTime) time = NULL;

  plenum_test_assert_status (reply, 200);
  time = plenum_time_parse (plenum_test_json_get_string (reply->json, "server_time"));
  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

static char *
time_text (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  return plenum_time_format (time);
}

/* POST …/opinion-rounds on @document closing at @deadline (Unix seconds). */
static PlenumTestReply *
open_as (Room       *room,
         const char *authorization,
         const char *document,
         const char *title,
         gint64      deadline,
         const char *operation)
{
  g_autofree char *path = rounds_path (room, NULL, NULL);
  g_autofree char *when = time_text (deadline);
  g_autofree char *extra = g_strdup_printf ("\"document_id\":\"%s\",\"title\":\"%s\","
                                            "\"deadline\":\"%s\"", document, title, when);
  g_autofree char *body = body_with (extra, operation);

  return plenum_test_request (session, room->url, "POST", path, authorization, body);
}

/* Opens a round on the room's document until @deadline as the chair; returns its id. */
static char *
open_round (Room   *room,
            gint64  deadline)
{
  g_autoptr(PlenumTestReply) reply = open_as (room, room->chair, room->document,
                                              "Xin ý kiến", deadline, NULL);

  plenum_test_assert_status (reply, 201);
  return g_strdup (plenum_test_json_get_string (reply->json, "id"));
}

/* PUT …/answer with @stance, @text and @comments (a JSON array's text). */
static PlenumTestReply *
answer_as (Room       *room,
           const char *authorization,
           const char *round_id,
           const char *stance,
           const char *text,
           const char *comments,
           const char *operation)
{
  g_autofree char *path = rounds_path (room, round_id, "answer");
  g_autofree char *extra = g_strdup_printf ("\"stance\":\"%s\",\"text\":\"%s\",\"comments\":%s",
                                            stance, text, comments);
  g_autofree char *body = body_with (extra, operation);

  return plenum_test_request (session, room->url, "PUT", path, authorization, body);
}

static PlenumTestReply *
close_as (Room       *room,
          const char *authorization,
          const char *round_id,
          const char *operation)
{
  g_autofree char *path = rounds_path (room, round_id, "close");
  g_autofree char *body = body_with (NULL, operation);

  return plenum_test_request (session, room->url, "POST", path, authorization, body);
}

/* GET …/opinion-rounds as @authorization; returns the round @round_id (asserted there),
 * owned by @reply. */
static const cJSON *
read_round (Room             *room,
            const char       *authorization,
            const char       *round_id,
            PlenumTestReply **reply)
{
  g_autofree char *path = rounds_path (room, NULL, NULL);
  const cJSON *round;

  *reply = plenum_test_request (session, room->url, "GET", path, authorization, NULL);
  plenum_test_assert_status (*reply, 200);
  g_assert_cmpstr (plenum_test_json_get_string ((*reply)->json, "meeting_id"), ==,
                   room->meeting_id);
  cJSON_ArrayForEach (round, cJSON_GetObjectItemCaseSensitive ((*reply)->json, "rounds"))
    if (g_str_equal (plenum_test_json_get_string (round, "id"), round_id))
      return round;
  g_assert_not_reached ();
  return NULL;
}

static gboolean
has_key (const cJSON *object,
         const char  *key)
{
  return cJSON_GetObjectItemCaseSensitive (object, key) != NULL;
}

/* Tests */

/* Who may open, close, answer and read, and what each one sees. */
static void
test_roles (void)
{
  g_auto(Room) room;
  g_autofree char *round_id = NULL;
  g_autofree char *other_meeting = g_uuid_string_random ();
  g_autofree char *path = NULL;
  g_autoptr(PlenumTestReply) reply = NULL;
  const cJSON *round;
  const cJSON *mine;
  const cJSON *answers;
  gint64 deadline;

  room_start (&room, NULL);
  deadline = server_now (&room) + 3600;

  /* Opening: the chair and the secretariat; not a member, a terminal or an outsider. */
  reply = open_as (&room, room.tokens[3], room.document, "Ý kiến", deadline, NULL);
  plenum_test_error_message (reply, 403, "forbidden");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = open_as (&room, room.terminal, room.document, "Ý kiến", deadline, NULL);
  plenum_test_error_message (reply, 403, "forbidden");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = open_as (&room, room.outsider, room.document, "Ý kiến", deadline, NULL);
  plenum_test_error_message (reply, 404, "not_found");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = open_as (&room, room.secretary, room.document, "Ý kiến của Văn phòng", deadline, NULL);
  plenum_test_assert_status (reply, 201);
  g_assert_cmpstr (plenum_test_json_get_string (reply->json, "state"), ==, "open");
  g_assert_cmpint (plenum_test_json_get_int (reply->json, "members"), ==, N_MEMBERS);
  g_assert_cmpint (plenum_test_json_get_int (reply->json, "answered"), ==, 0);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (reply->json,
                                                                          "missing")), ==,
                   N_MEMBERS);
  /* The secretary is not a member: no "mine". */
  g_assert_false (has_key (reply->json, "mine"));
  g_clear_pointer (&reply, plenum_test_reply_free);
  round_id = open_round (&room, deadline);

  /* Answering: members of the body only. */
  reply = answer_as (&room, room.tokens[2], round_id, "agree_with_comments",
                     "Đề nghị bổ sung chỉ tiêu.", "[{\"page\":1,\"text\":\"Sửa số liệu\"}]",
                     NULL);
  plenum_test_assert_status (reply, 200);
  g_assert_cmpstr (plenum_test_json_get_string (reply->json, "account_id"), ==, room.ids[2]);
  g_assert_cmpstr (plenum_test_json_get_string (reply->json, "stance"), ==,
                   "agree_with_comments");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = answer_as (&room, room.secretary, round_id, "agree", "", "[]", NULL);
  plenum_test_error_message (reply, 403, "forbidden");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = answer_as (&room, room.terminal, round_id, "agree", "", "[]", NULL);
  plenum_test_error_message (reply, 403, "forbidden");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = answer_as (&room, room.outsider, round_id, "agree", "", "[]", NULL);
  plenum_test_error_message (reply, 404, "not_found");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = answer_as (&room, room.tokens[4], other_meeting, "agree", "", "[]", NULL);
  plenum_test_error_message (reply, 404, "not_found");
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* Reading: a member sees only their own answer, … */
  round = read_round (&room, room.tokens[5], round_id, &reply);
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (round, "mine")));
  g_assert_false (has_key (round, "answers"));
  g_assert_false (has_key (round, "missing"));
  g_assert_cmpint (plenum_test_json_get_int (round, "answered"), ==, 1);
  g_assert_null (strstr ((const char *) g_bytes_get_data (reply->body, NULL), "Sửa số liệu"));
  g_clear_pointer (&reply, plenum_test_reply_free);
  round = read_round (&room, room.tokens[2], round_id, &reply);
  mine = cJSON_GetObjectItemCaseSensitive (round, "mine");
  g_assert_cmpstr (plenum_test_json_get_string (mine, "text"), ==, "Đề nghị bổ sung chỉ tiêu.");
  g_assert_cmpint (plenum_test_json_get_int (cJSON_GetArrayItem (
                     cJSON_GetObjectItemCaseSensitive (mine, "comments"), 0), "page"), ==, 1);
  g_assert_false (has_key (round, "answers"));
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* … the chair and the secretariat everyone's and who is missing, … */
  round = read_round (&room, room.chair, round_id, &reply);
  answers = cJSON_GetObjectItemCaseSensitive (round, "answers");
  g_assert_cmpint (cJSON_GetArraySize (answers), ==, 1);
  g_assert_cmpstr (plenum_test_json_get_string (cJSON_GetArrayItem (answers, 0), "account_id"),
                   ==, room.ids[2]);
  plenum_test_json_get_string (cJSON_GetArrayItem (answers, 0), "display_name");
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (round, "missing")),
                   ==, N_MEMBERS - 1);
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (round, "mine")));
  g_clear_pointer (&reply, plenum_test_reply_free);
  round = read_round (&room, room.secretary, round_id, &reply);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (round, "answers")),
                   ==, 1);
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* … a terminal no answer at all, and an outsider nothing. */
  round = read_round (&room, room.terminal, round_id, &reply);
  g_assert_false (has_key (round, "mine"));
  g_assert_false (has_key (round, "answers"));
  g_assert_false (has_key (round, "missing"));
  g_assert_cmpint (plenum_test_json_get_int (round, "answered"), ==, 1);
  g_clear_pointer (&reply, plenum_test_reply_free);
  path = rounds_path (&room, NULL, NULL);
  reply = plenum_test_request (session, room.url, "GET", path, room.outsider, NULL);
  plenum_test_error_message (reply, 404, "not_found");
  g_clear_pointer (&reply, plenum_test_reply_free);
  g_free (path);
  path = g_strdup_printf ("/api/v1/meetings/%s/opinion-rounds", other_meeting);
  reply = plenum_test_request (session, room.url, "GET", path, room.chair, NULL);
  plenum_test_error_message (reply, 404, "not_found");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = plenum_test_request (session, room.url, "GET", path, NULL, NULL);
  plenum_test_error_message (reply, 401, "unauthorized");
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* Closing: not a member, a terminal or an outsider; the chair may. */
  reply = close_as (&room, room.tokens[3], round_id, NULL);
  plenum_test_error_message (reply, 403, "forbidden");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = close_as (&room, room.terminal, round_id, NULL);
  plenum_test_error_message (reply, 403, "forbidden");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = close_as (&room, room.outsider, round_id, NULL);
  plenum_test_error_message (reply, 404, "not_found");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = close_as (&room, room.chair, round_id, NULL);
  plenum_test_assert_status (reply, 200);
  g_assert_cmpstr (plenum_test_json_get_string (reply->json, "state"), ==, "closed");
  plenum_test_json_get_string (reply->json, "closed_at");
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* Both rounds are listed after the demo's, in the order they were opened. */
  g_free (path);
  path = rounds_path (&room, NULL, NULL);
  reply = plenum_test_request (session, room.url, "GET", path, room.tokens[7], NULL);
  plenum_test_assert_status (reply, 200);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (reply->json, "rounds")),
                   ==, 3);
  g_assert_cmpstr (plenum_test_json_get_string (cJSON_GetArrayItem (
                     cJSON_GetObjectItemCaseSensitive (reply->json, "rounds"), 2), "id"), ==,
                   round_id);
}

/* The checks of the input: limits, shapes, and what a stance needs. */
static void
test_input (void)
{
  g_auto(Room) room;
  g_autofree char *round_id = NULL;
  g_autofree char *long_title = NULL;
  g_autofree char *long_text = NULL;
  g_autofree char *long_comment = NULL;
  g_autofree char *past_end = NULL;
  g_autofree char *last_page = NULL;
  g_autofree char *many = NULL;
  g_autofree char *unknown = g_uuid_string_random ();
  g_autoptr(GString) comments = g_string_new ("[");
  g_autoptr(PlenumTestReply) reply = NULL;
  gint64 now;

  room_start (&room, NULL);
  now = server_now (&room);

  long_title = g_strnfill (201, 'a');
  reply = open_as (&room, room.chair, room.document, long_title, now + 3600, NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);
  g_free (long_title);
  /* 200 characters of two bytes each: the limit counts characters. */
  {
    GString *title = g_string_new (NULL);

    for (guint i = 0; i < 200; i++)
      g_string_append (title, "ý");
    long_title = g_string_free (title, FALSE);
  }
  reply = open_as (&room, room.chair, room.document, long_title, now + 3600, NULL);
  plenum_test_assert_status (reply, 201);
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = open_as (&room, room.chair, room.document, "Quá hạn", now - 1, NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_assert_nonnull (strstr (plenum_test_error_message (reply, 400, "bad_request"), "deadline"));
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = open_as (&room, room.chair, unknown, "Không có", now + 3600, NULL);
  plenum_test_error_message (reply, 404, "not_found");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = open_as (&room, room.chair, room.document, "", now + 3600, NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);

  round_id = open_round (&room, now + 3600);
  reply = answer_as (&room, room.tokens[1], round_id, "maybe", "", "[]", NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);
  /* A disagreement says why; agreeing with comments has some. */
  reply = answer_as (&room, room.tokens[1], round_id, "disagree", "", "[]", NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = answer_as (&room, room.tokens[1], round_id, "agree_with_comments", "", "[]", NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = answer_as (&room, room.tokens[1], round_id, "agree_with_comments", "",
                     "[{\"page\":0,\"text\":\"Trang bìa\"}]", NULL);
  plenum_test_assert_status (reply, 200);
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* Pages from 0, below the document's count. */
  past_end = g_strdup_printf ("[{\"page\":%" G_GINT64_FORMAT ",\"text\":\"x\"}]",
                              room.document_pages);
  reply = answer_as (&room, room.tokens[1], round_id, "agree_with_comments", "x", past_end,
                     NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);
  last_page = g_strdup_printf ("[{\"page\":%" G_GINT64_FORMAT ",\"text\":\"x\"}]",
                               room.document_pages - 1);
  reply = answer_as (&room, room.tokens[1], round_id, "agree_with_comments", "x", last_page,
                     NULL);
  plenum_test_assert_status (reply, 200);
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = answer_as (&room, room.tokens[1], round_id, "agree_with_comments", "x",
                     "[{\"page\":-1,\"text\":\"x\"}]", NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = answer_as (&room, room.tokens[1], round_id, "agree_with_comments", "x",
                     "[{\"page\":0,\"text\":\"\"}]", NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = answer_as (&room, room.tokens[1], round_id, "agree_with_comments", "x",
                     "[{\"page\":0,\"text\":\"x\",\"colour\":1}]", NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* Lengths: text 10 000, a comment 2 000, at most 200 comments. */
  long_text = g_strnfill (10001, 'b');
  reply = answer_as (&room, room.tokens[1], round_id, "disagree", long_text, "[]", NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);
  long_text[10000] = '\0';
  reply = answer_as (&room, room.tokens[1], round_id, "disagree", long_text, "[]", NULL);
  plenum_test_assert_status (reply, 200);
  g_clear_pointer (&reply, plenum_test_reply_free);
  long_comment = g_strdup_printf ("[{\"page\":0,\"text\":\"%s\"}]", long_text + 10000 - 2001);
  reply = answer_as (&room, room.tokens[1], round_id, "agree_with_comments", "x", long_comment,
                     NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);
  for (guint i = 0; i < 201; i++)
    g_string_append_printf (comments, "%s{\"page\":0,\"text\":\"c%u\"}", i > 0 ? "," : "", i);
  g_string_append_c (comments, ']');
  reply = answer_as (&room, room.tokens[1], round_id, "agree_with_comments", "x",
                     comments->str, NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);
  many = g_strdup (comments->str);
  /* Drop the 201st: exactly 200 go. */
  *strrchr (many, '{') = '\0';
  many[strlen (many) - 1] = ']';
  reply = answer_as (&room, room.tokens[1], round_id, "agree_with_comments", "x", many, NULL);
  plenum_test_assert_status (reply, 200);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (reply->json,
                                                                          "comments")), ==, 200);
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* Missing fields and unknown keys. */
  {
    g_autofree char *path = rounds_path (&room, round_id, "answer");
    g_autofree char *body = body_with ("\"stance\":\"agree\",\"text\":\"\"", NULL);
    g_autofree char *extra = body_with ("\"stance\":\"agree\",\"text\":\"\",\"comments\":[],"
                                        "\"secret\":true", NULL);

    reply = plenum_test_request (session, room.url, "PUT", path, room.tokens[1], body);
    plenum_test_error_message (reply, 400, "bad_request");
    g_clear_pointer (&reply, plenum_test_reply_free);
    reply = plenum_test_request (session, room.url, "PUT", path, room.tokens[1], extra);
    plenum_test_error_message (reply, 400, "bad_request");
    g_clear_pointer (&reply, plenum_test_reply_free);
    reply = plenum_test_request (session, room.url, "POST", path, room.tokens[1], body);
    plenum_test_error_message (reply, 405, "method_not_allowed");
  }
}

/* Replacing an answer, idempotent retries before and after the close, the refusal after
 * it, and the events, which carry how many answered but never what. */
static void
test_answers (void)
{
  g_auto(Room) room;
  g_autofree char *round_id = NULL;
  g_autofree char *operation = g_uuid_string_random ();
  g_autofree char *close_operation = g_uuid_string_random ();
  g_autoptr(PlenumTestStream) member_stream = NULL;
  g_autoptr(PlenumTestStream) terminal_stream = NULL;
  g_autoptr(PlenumTestReply) first = NULL;
  g_autoptr(PlenumTestReply) reply = NULL;
  g_autoptr(PlenumTestReply) closed = NULL;
  g_autoptr(cJSON) opened = NULL;
  g_autoptr(cJSON) answered = NULL;
  g_autoptr(cJSON) ended = NULL;
  const cJSON *round;

  room_start (&room, NULL);
  member_stream = plenum_test_stream_open (session, room.url, room.tokens[6], "");
  terminal_stream = plenum_test_stream_open (session, room.url, room.terminal, "");
  round_id = open_round (&room, server_now (&room) + 3600);
  opened = plenum_test_stream_wait_event (terminal_stream, "opinion.opened", 1);
  round = cJSON_GetObjectItemCaseSensitive (opened, "round");
  g_assert_cmpstr (plenum_test_json_get_string (round, "id"), ==, round_id);
  g_assert_false (has_key (round, "missing"));

  first = answer_as (&room, room.tokens[3], round_id, "disagree", "Chưa đủ cơ sở pháp lý.",
                     "[]", operation);
  plenum_test_assert_status (first, 200);
  /* The same operation again: the stored answer, byte for byte, and no second event. */
  reply = answer_as (&room, room.tokens[3], round_id, "disagree", "Chưa đủ cơ sở pháp lý.",
                     "[]", operation);
  plenum_test_assert_status (reply, 200);
  g_assert_true (g_bytes_equal (reply->body, first->body));
  g_clear_pointer (&reply, plenum_test_reply_free);
  /* The same operation id for another request. */
  reply = answer_as (&room, room.tokens[3], round_id, "agree", "", "[]", operation);
  plenum_test_error_message (reply, 409, "conflict");
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* Replacing: still one answer of that member, now the new one. */
  reply = answer_as (&room, room.tokens[3], round_id, "agree", "", "[]", NULL);
  plenum_test_assert_status (reply, 200);
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = answer_as (&room, room.tokens[4], round_id, "agree", "Nhất trí.", "[]", NULL);
  plenum_test_assert_status (reply, 200);
  g_clear_pointer (&reply, plenum_test_reply_free);
  round = read_round (&room, room.tokens[3], round_id, &reply);
  g_assert_cmpint (plenum_test_json_get_int (round, "answered"), ==, 2);
  g_assert_cmpstr (plenum_test_json_get_string (cJSON_GetObjectItemCaseSensitive (round, "mine"),
                                                "stance"), ==, "agree");
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* Three applied answers, three events, with only the count. */
  answered = plenum_test_stream_wait_event (member_stream, "opinion.answered", 3);
  g_assert_cmpint (cJSON_GetArraySize (answered), ==, 3);
  g_assert_cmpstr (plenum_test_json_get_string (answered, "round_id"), ==, round_id);
  g_assert_cmpstr (plenum_test_json_get_string (answered, "meeting_id"), ==, room.meeting_id);
  g_assert_cmpint (plenum_test_json_get_int (answered, "answered"), ==, 2);

  closed = close_as (&room, room.secretary, round_id, close_operation);
  plenum_test_assert_status (closed, 200);
  g_assert_cmpstr (plenum_test_json_get_string (closed->json, "state"), ==, "closed");
  ended = plenum_test_stream_wait_event (member_stream, "opinion.closed", 1);
  g_assert_cmpstr (plenum_test_json_get_string (cJSON_GetObjectItemCaseSensitive (ended, "round"),
                                                "state"), ==, "closed");
  /* Nobody's answer went into the event stream. */
  g_assert_null (strstr (member_stream->text->str, "Chưa đủ cơ sở"));
  g_assert_null (strstr (member_stream->text->str, "Nhất trí"));
  g_assert_null (strstr (terminal_stream->text->str, "Nhất trí"));
  {
    g_autoptr(GPtrArray) events = plenum_test_stream_events (member_stream, "opinion.answered");

    g_assert_cmpuint (events->len, ==, 3);
  }

  /* After the close: a new answer is refused and says so; a retry of one applied before
   * gets its first answer; closing again is refused, retrying the close is not. */
  reply = answer_as (&room, room.tokens[5], round_id, "agree", "", "[]", NULL);
  plenum_test_error_message (reply, 409, "round_closed");
  g_assert_cmpstr (plenum_test_error_message (reply, 409, "round_closed"), ==,
                   "The opinion round closed before your answer arrived; it was not recorded.");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = answer_as (&room, room.tokens[3], round_id, "disagree", "Chưa đủ cơ sở pháp lý.",
                     "[]", operation);
  plenum_test_assert_status (reply, 200);
  g_assert_true (g_bytes_equal (reply->body, first->body));
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = close_as (&room, room.chair, round_id, NULL);
  plenum_test_error_message (reply, 409, "round_closed");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = close_as (&room, room.secretary, round_id, close_operation);
  plenum_test_assert_status (reply, 200);
  g_assert_true (g_bytes_equal (reply->body, closed->body));
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* The record keeps the answers as they were at the close. */
  round = read_round (&room, room.secretary, round_id, &reply);
  g_assert_cmpint (plenum_test_json_get_int (round, "answered"), ==, 2);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (round, "missing")),
                   ==, N_MEMBERS - 2);
}

typedef struct {
  gint64 until_us;
} ClockWait;

static gboolean
clock_passed (gpointer user_data)
{
  return g_get_real_time () >= ((ClockWait *) user_data)->until_us;
}

/* The deadline passes on the server's clock: the round reads closed, closed at its
 * deadline, and answers are refused; a retry of one given before still gets it. */
static void
test_deadline (void)
{
  g_auto(Room) room;
  g_autofree char *round_id = NULL;
  g_autofree char *operation = g_uuid_string_random ();
  g_autofree char *deadline_text = NULL;
  g_autoptr(PlenumTestReply) first = NULL;
  g_autoptr(PlenumTestReply) reply = NULL;
  const cJSON *round;
  ClockWait wait;
  gint64 deadline;

  room_start (&room, NULL);
  deadline = server_now (&room) + 2;
  deadline_text = time_text (deadline);
  round_id = open_round (&room, deadline);
  first = answer_as (&room, room.tokens[8], round_id, "agree", "", "[]", operation);
  plenum_test_assert_status (first, 200);

  /* The server runs on this machine's clock: wait for it to pass the deadline. */
  wait.until_us = (deadline + 1) * G_USEC_PER_SEC;
  g_assert_true (plenum_test_wait_until (NULL, clock_passed, &wait, WAIT_MS));

  round = read_round (&room, room.tokens[8], round_id, &reply);
  g_assert_cmpstr (plenum_test_json_get_string (round, "state"), ==, "closed");
  g_assert_cmpstr (plenum_test_json_get_string (round, "closed_at"), ==, deadline_text);
  g_assert_cmpstr (plenum_test_json_get_string (round, "deadline"), ==, deadline_text);
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = answer_as (&room, room.tokens[9], round_id, "agree", "", "[]", NULL);
  plenum_test_error_message (reply, 409, "round_closed");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = answer_as (&room, room.tokens[8], round_id, "disagree", "Đổi ý.", "[]", NULL);
  plenum_test_error_message (reply, 409, "round_closed");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = answer_as (&room, room.tokens[8], round_id, "agree", "", "[]", operation);
  plenum_test_assert_status (reply, 200);
  g_assert_true (g_bytes_equal (reply->body, first->body));
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = close_as (&room, room.chair, round_id, NULL);
  plenum_test_error_message (reply, 409, "round_closed");
}

/* The demo's round: seeded on the draft resolution, open, with a few days to go; seeding
 * again adds nothing. */
static void
test_demo_round (void)
{
  g_auto(Room) room;
  g_autofree char *dir = copy_seeded_db ();
  g_autofree char *path = NULL;
  g_autoptr(PlenumTestReply) reply = NULL;
  g_autoptr(PlenumTestReply) meeting = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) deadline = NULL;
  const cJSON *rounds;
  const cJSON *round;
  const cJSON *item;
  const cJSON *document;
  gboolean found = FALSE;
  GTimeSpan ahead;

  {
    g_autofree char *db_path = g_build_filename (dir, "plenum.db", NULL);
    g_autoptr(PlenumServerDb) db = plenum_server_db_open (db_path, &error);

    g_assert_no_error (error);
    g_assert_true (plenum_demo_seed_opinion_round (db, now, &error));
    g_assert_no_error (error);
    g_assert_true (plenum_demo_seed_opinion_round (db, now, &error));
    g_assert_no_error (error);
  }
  room_start (&room, dir);
  path = rounds_path (&room, NULL, NULL);
  reply = plenum_test_request (session, room.url, "GET", path, room.tokens[2], NULL);
  plenum_test_assert_status (reply, 200);
  rounds = cJSON_GetObjectItemCaseSensitive (reply->json, "rounds");
  g_assert_cmpint (cJSON_GetArraySize (rounds), ==, 1);
  round = cJSON_GetArrayItem (rounds, 0);
  g_assert_cmpstr (plenum_test_json_get_string (round, "state"), ==, "open");
  g_assert_cmpstr (plenum_test_json_get_string (round, "title"), ==,
                   plenum_demo_opinion_round_title ());
  deadline = plenum_time_parse (plenum_test_json_get_string (round, "deadline"));
  ahead = g_date_time_difference (deadline, now);
  g_assert_cmpint (ahead, >, 2 * G_TIME_SPAN_DAY);
  g_assert_cmpint (ahead, <=, 4 * G_TIME_SPAN_DAY);

  g_free (path);
  path = g_strdup_printf ("/api/v1/meetings/%s", room.meeting_id);
  meeting = plenum_test_request (session, room.url, "GET", path, room.tokens[2], NULL);
  plenum_test_assert_status (meeting, 200);
  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (meeting->json, "agenda"))
    cJSON_ArrayForEach (document, cJSON_GetObjectItemCaseSensitive (item, "documents"))
      if (g_str_equal (plenum_test_json_get_string (document, "id"),
                       plenum_test_json_get_string (round, "document_id")))
        {
          g_assert_cmpstr (plenum_test_json_get_string (document, "title"), ==,
                           plenum_demo_opinion_document_title ());
          found = TRUE;
        }
  g_assert_true (found);
}

int
main (int    argc,
      char **argv)
{
  int status;

  plenum_test_init (&argc, &argv);
  /* Event streams hold their connections: room for two of them and the requests. */
  session = plenum_test_soup_session_new ("timeout", 30, "max-conns-per-host", 8, NULL);

  g_test_add_func ("/plenum/opinions/roles", test_roles);
  g_test_add_func ("/plenum/opinions/input", test_input);
  g_test_add_func ("/plenum/opinions/answers", test_answers);
  g_test_add_func ("/plenum/opinions/deadline", test_deadline);
  g_test_add_func ("/plenum/opinions/demo-round", test_demo_round);

  status = g_test_run ();
  g_clear_object (&session);
  g_clear_pointer (&template_db, g_free);
  return status;
}
