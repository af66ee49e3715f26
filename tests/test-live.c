/* test-live.c — the live meeting on the server (docs/protocol.md, "The live meeting")
 * over real HTTP to the real plenum-server: the chair's position and who may move it, the
 * meeting starting with the chair's first move, the speakers' queue (asking once,
 * withdrawing, "next", giving the floor), the quorum view against check-in and
 * check-out, refusals in a closed meeting, idempotent retries, the events on another
 * member's stream, and a restart of the server that keeps the position and the queue.
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
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-util.h"

#define TERMINAL_ID "5f1c6a1e-3b2d-4c1e-9f00-0a1b2c3d4e5f"
#define SEAT_ID     "0b6d7e1c-2a3b-4c5d-8e9f-001122334455"
#define ROOM        "Phòng họp số 1"
#define N_MEMBERS   12

/* The room seats the demo body, so that its terminal sees the demo meeting. */
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
  char             *items[2];
  char             *document;               /* a document of items[1] */
  gint64            document_pages;
  char             *chair;                  /* the chair's token (member 0) */
  char             *tokens[N_MEMBERS];      /* the body's members, chair first */
  char             *ids[N_MEMBERS];
  char             *secretary;
  char             *outsider;               /* a member of another body */
  char             *terminal;               /* "Terminal …", a seat of the room */
} Room;

/* HTTP */

static gboolean
json_is_null (const cJSON *object,
              const char  *key)
{
  return cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (object, key));
}

static gboolean
same_bytes (GBytes *a,
            GBytes *b)
{
  return g_bytes_equal (a, b);
}

/* The seeded database and the room */

/* Seeds the demo once (a server run with --demo, stopped), then the outsider and the
 * room; every test starts from a copy of that database. */
static const char *
seeded_db (void)
{
  if (template_db == NULL)
    {
      g_autofree char *accounts = g_strdup_printf (extra_accounts, plenum_demo_body_name ());

      template_db = plenum_test_server_seed_demo ("live-seed", plenum_demo_chair_name (),
                                                  accounts);
    }
  return template_db;
}

static void
room_start (Room *room)
{
  g_autofree char *path = NULL;
  g_autoptr(PlenumTestReply) meeting = NULL;
  const PlenumDemoAccount *accounts;
  const cJSON *agenda;
  const cJSON *documents;
  const cJSON *document;
  guint n_accounts = 0;
  guint n = 0;

  memset (room, 0, sizeof *room);
  room->dir = plenum_test_server_copy_db (seeded_db (), "live");
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
  room->outsider = plenum_test_sign_in (session, room->url, "ngoai.ban", "4444", TERMINAL_ID, NULL);

  room->meeting_id = g_strdup (plenum_demo_meeting_id ());
  path = g_strdup_printf ("/api/v1/meetings/%s", room->meeting_id);
  meeting = plenum_test_request (session, room->url, "GET", path, room->chair, NULL);
  plenum_test_assert_status (meeting, 200);
  g_assert_cmpstr (plenum_test_json_get_string (meeting->json, "status"), ==, "scheduled");
  agenda = cJSON_GetObjectItemCaseSensitive (meeting->json, "agenda");
  g_assert_cmpint (cJSON_GetArraySize (agenda), >=, 2);
  for (guint i = 0; i < 2; i++)
    room->items[i] = g_strdup (plenum_test_json_get_string (cJSON_GetArrayItem (agenda, (int) i),
                                                            "id"));
  documents = cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (agenda, 1), "documents");
  g_assert_cmpint (cJSON_GetArraySize (documents), >=, 1);
  document = cJSON_GetArrayItem (documents, 0);
  room->document = g_strdup (plenum_test_json_get_string (document, "id"));
  room->document_pages = plenum_test_json_get_int (document, "pages");
  g_assert_cmpint (room->document_pages, >=, 2);

  room->terminal = plenum_test_enrol_terminal (session, room->url, room->secretary, ROOM,
                                               "Ghế 01", SEAT_ID);
}

/* Stops the server and starts another on the same data folder (on a new port): tokens
 * and credentials are in the database, so they stay valid. */
static void
room_restart (Room *room)
{
  plenum_test_server_stop (room->server);
  g_clear_pointer (&room->server, plenum_test_server_free);
  room->server = plenum_test_server_start (room->dir, NULL);
  g_free (room->url);
  room->url = g_strdup (plenum_test_server_get_url (room->server));
}

static void
room_clear (Room *room)
{
  g_clear_pointer (&room->server, plenum_test_server_free);
  g_clear_pointer (&room->dir, g_free);
  g_clear_pointer (&room->url, g_free);
  g_clear_pointer (&room->meeting_id, g_free);
  for (guint i = 0; i < 2; i++)
    g_clear_pointer (&room->items[i], g_free);
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

static char *
meeting_path (Room       *room,
              const char *what)
{
  return g_strdup_printf ("/api/v1/meetings/%s/%s", room->meeting_id, what);
}

static PlenumTestReply *
get (Room       *room,
     const char *what,
     const char *authorization)
{
  g_autofree char *path = meeting_path (room, what);

  return plenum_test_request (session, room->url, "GET", path, authorization, NULL);
}

/* @method on …/@what with { operation_id (@operation, or a new one) and @extra }. */
static PlenumTestReply *
write_as (Room       *room,
          const char *method,
          const char *what,
          const char *authorization,
          const char *extra,
          const char *operation)
{
  g_autofree char *path = meeting_path (room, what);
  g_autofree char *fresh = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\"%s%s}",
                                           operation != NULL ? operation : fresh,
                                           extra != NULL ? "," : "",
                                           extra != NULL ? extra : "");

  return plenum_test_request (session, room->url, method, path, authorization, body);
}

/* PUT …/position to @item (-1: an unknown one) with @document and @page ("null" or a
 * number). */
static PlenumTestReply *
move_as (Room       *room,
         const char *authorization,
         const char *item,
         const char *document,
         const char *page,
         const char *operation)
{
  g_autofree char *document_text = document != NULL ? g_strdup_printf ("\"%s\"", document)
                                                    : g_strdup ("null");
  g_autofree char *extra = g_strdup_printf ("\"item_id\":\"%s\",\"document_id\":%s,"
                                            "\"page\":%s", item, document_text, page);

  return write_as (room, "PUT", "position", authorization, extra, operation);
}

static void
check_in (Room     *room,
          guint     member,
          gboolean  present)
{
  g_autoptr(PlenumTestReply) reply = write_as (room, "POST", "attendance", room->tokens[member],
                                     present ? "\"present\":true" : "\"present\":false",
                                     NULL);

  plenum_test_assert_status (reply, 200);
  g_assert_cmpint (plenum_test_json_get_bool (reply->json, "present"), ==, present);
}

/* The queue's account ids in order, the floor's first ("-" when nobody has it):
 * "floor|a,b,c". */
static char *
queue_text (Room        *room,
            const cJSON *queue)
{
  GString *text = g_string_new (NULL);
  const cJSON *floor = cJSON_GetObjectItemCaseSensitive (queue, "floor");
  const cJSON *speaker;
  gint64 position = 0;

  g_assert_cmpstr (plenum_test_json_get_string (queue, "meeting_id"), ==, room->meeting_id);
  if (cJSON_IsNull (floor))
    g_string_append_c (text, '-');
  else
    {
      g_assert_true (cJSON_IsObject (floor));
      plenum_test_json_get_string (floor, "since");
      plenum_test_json_get_string (floor, "display_name");
      g_string_append (text, plenum_test_json_get_string (floor, "account_id"));
    }
  g_string_append_c (text, '|');
  cJSON_ArrayForEach (speaker, cJSON_GetObjectItemCaseSensitive (queue, "queue"))
    {
      /* Positions count from 1 in the order of asking. */
      g_assert_cmpint (plenum_test_json_get_int (speaker, "position"), ==, ++position);
      plenum_test_json_get_string (speaker, "asked_at");
      plenum_test_json_get_string (speaker, "display_name");
      g_string_append_printf (text, "%s%s", position > 1 ? "," : "",
                              plenum_test_json_get_string (speaker, "account_id"));
    }
  return g_string_free (text, FALSE);
}

static const char *
meeting_status (Room *room)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s", room->meeting_id);
  g_autoptr(PlenumTestReply) reply = plenum_test_request (session, room->url, "GET", path,
                                                          room->tokens[5], NULL);

  plenum_test_assert_status (reply, 200);
  return g_intern_string (plenum_test_json_get_string (reply->json, "status"));
}

/* "floor|a,b" from member indices (-1: nobody has the floor). */
static char *
expected_queue (Room *room,
                int   floor,
                ...)
{
  GString *text = g_string_new (floor < 0 ? "-" : room->ids[floor]);
  va_list args;
  int member;
  gboolean first = TRUE;

  g_string_append_c (text, '|');
  va_start (args, floor);
  while ((member = va_arg (args, int)) >= 0)
    {
      g_string_append_printf (text, "%s%s", first ? "" : ",", room->ids[member]);
      first = FALSE;
    }
  va_end (args);
  return g_string_free (text, FALSE);
}

static void
assert_queue (Room        *room,
              const cJSON *queue,
              const char  *expected)
{
  g_autofree char *text = queue_text (room, queue);

  g_assert_cmpstr (text, ==, expected);
}

/* Tests */

/* The chair's position: who may move it and read it, its checks, the meeting starting
 * with the first move, the event on a member's stream and a terminal's, idempotent
 * retries, and a restart that keeps it. */
static void
test_position (void)
{
  g_auto(Room) room;
  g_autofree char *operation = g_uuid_string_random ();
  g_autofree char *unknown = g_uuid_string_random ();
  g_autofree char *page_one = NULL;
  g_autofree char *past_end = NULL;
  g_autoptr(PlenumTestStream) member_stream = NULL;
  g_autoptr(PlenumTestStream) terminal_stream = NULL;
  g_autoptr(PlenumTestReply) reply = NULL;
  g_autoptr(PlenumTestReply) moved = NULL;
  g_autoptr(PlenumTestReply) again = NULL;
  g_autoptr(PlenumTestReply) seen = NULL;
  g_autoptr(cJSON) event = NULL;
  g_autoptr(cJSON) status_event = NULL;

  room_start (&room);

  /* Before the chair's first move: nothing, for everyone who may see the meeting. */
  reply = get (&room, "position", room.tokens[3]);
  plenum_test_assert_status (reply, 200);
  g_assert_cmpstr (plenum_test_json_get_string (reply->json, "meeting_id"), ==, room.meeting_id);
  g_assert_true (json_is_null (reply->json, "item_id"));
  g_assert_true (json_is_null (reply->json, "document_id"));
  g_assert_true (json_is_null (reply->json, "page"));
  g_assert_true (json_is_null (reply->json, "updated_at"));
  g_assert_cmpint (plenum_test_json_get_int (reply->json, "revision"), ==, 0);
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = get (&room, "position", room.outsider);
  plenum_test_error_message (reply, 404, "not_found");
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* Roles: a member and the secretariat cannot move it, a terminal cannot write,
   * another body's member does not see the meeting. None of it starts the meeting. */
  reply = move_as (&room, room.tokens[3], room.items[0], NULL, "null", NULL);
  plenum_test_error_message (reply, 403, "forbidden");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = move_as (&room, room.secretary, room.items[0], NULL, "null", NULL);
  plenum_test_error_message (reply, 403, "forbidden");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = move_as (&room, room.terminal, room.items[0], NULL, "null", NULL);
  plenum_test_error_message (reply, 403, "forbidden");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = move_as (&room, room.outsider, room.items[0], NULL, "null", NULL);
  plenum_test_error_message (reply, 404, "not_found");
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* The chair's bad moves: an unknown item, a document of another item, a page without a
   * document or past the end, a missing field. */
  reply = move_as (&room, room.chair, unknown, NULL, "null", NULL);
  plenum_test_error_message (reply, 404, "not_found");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = move_as (&room, room.chair, room.items[0], room.document, "0", NULL);
  plenum_test_error_message (reply, 404, "not_found");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = move_as (&room, room.chair, room.items[1], NULL, "0", NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);
  past_end = g_strdup_printf ("%" G_GINT64_FORMAT, room.document_pages);
  reply = move_as (&room, room.chair, room.items[1], room.document, past_end, NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = move_as (&room, room.chair, room.items[1], room.document, "-1", NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = write_as (&room, "PUT", "position", room.chair, "\"item_id\":null", NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = get (&room, "position", room.chair);
  g_assert_cmpint (plenum_test_json_get_int (reply->json, "revision"), ==, 0);
  g_clear_pointer (&reply, plenum_test_reply_free);
  g_assert_cmpstr (meeting_status (&room), ==, "scheduled");

  /* The chair's first move: the position, the meeting in progress, both on a member's
   * stream and on a terminal's (meeting.updated first). */
  member_stream = plenum_test_stream_open (session, room.url, room.tokens[5], "");
  terminal_stream = plenum_test_stream_open (session, room.url, room.terminal, "");
  moved = move_as (&room, room.chair, room.items[0], NULL, "null", NULL);
  plenum_test_assert_status (moved, 200);
  g_assert_cmpstr (plenum_test_json_get_string (moved->json, "item_id"), ==, room.items[0]);
  g_assert_true (json_is_null (moved->json, "document_id"));
  g_assert_true (json_is_null (moved->json, "page"));
  g_assert_cmpint (plenum_test_json_get_int (moved->json, "revision"), ==, 1);
  plenum_test_json_get_string (moved->json, "updated_at");
  event = plenum_test_stream_wait_event (member_stream, "position.changed", 1);
  g_assert_cmpstr (plenum_test_json_get_string (event, "item_id"), ==, room.items[0]);
  g_assert_cmpint (plenum_test_json_get_int (event, "revision"), ==, 1);
  g_clear_pointer (&event, cJSON_Delete);
  event = plenum_test_stream_wait_event (terminal_stream, "position.changed", 1);
  g_assert_cmpint (plenum_test_json_get_int (event, "revision"), ==, 1);
  status_event = plenum_test_stream_wait_event (member_stream, "meeting.updated", 1);
  g_assert_true (strstr (member_stream->text->str, "event: meeting.updated") <
                 strstr (member_stream->text->str, "event: position.changed"));
  g_assert_cmpstr (meeting_status (&room), ==, "in_progress");
  g_clear_pointer (&moved, plenum_test_reply_free);

  /* A page of a document; the same operation again is the same answer and no change; the
   * same operation id for another move is a conflict. */
  page_one = g_strdup ("1");
  moved = move_as (&room, room.chair, room.items[1], room.document, page_one, operation);
  plenum_test_assert_status (moved, 200);
  g_assert_cmpstr (plenum_test_json_get_string (moved->json, "item_id"), ==, room.items[1]);
  g_assert_cmpstr (plenum_test_json_get_string (moved->json, "document_id"), ==, room.document);
  g_assert_cmpint (plenum_test_json_get_int (moved->json, "page"), ==, 1);
  g_assert_cmpint (plenum_test_json_get_int (moved->json, "revision"), ==, 2);
  again = move_as (&room, room.chair, room.items[1], room.document, page_one, operation);
  plenum_test_assert_status (again, 200);
  g_assert_true (same_bytes (again->body, moved->body));
  reply = move_as (&room, room.chair, room.items[0], NULL, "null", operation);
  plenum_test_error_message (reply, 409, "conflict");
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* Everyone reads where the chair is: members, the secretariat, the room's terminal. */
  seen = get (&room, "position", room.terminal);
  plenum_test_assert_status (seen, 200);
  g_assert_true (same_bytes (seen->body, moved->body));
  g_clear_pointer (&seen, plenum_test_reply_free);
  seen = get (&room, "position", room.secretary);
  g_assert_true (same_bytes (seen->body, moved->body));
  g_clear_pointer (&event, cJSON_Delete);
  event = plenum_test_stream_wait_event (member_stream, "position.changed", 2);
  g_assert_cmpint (plenum_test_json_get_int (event, "page"), ==, 1);
  {
    /* The replay sent no second event, and only one meeting.updated was sent. */
    g_autoptr(GPtrArray) changes = plenum_test_stream_events (member_stream, "position.changed");
    g_autoptr(GPtrArray) updates = plenum_test_stream_events (member_stream, "meeting.updated");

    g_assert_cmpuint (changes->len, ==, 2);
    g_assert_cmpuint (updates->len, ==, 1);
  }
  g_clear_pointer (&member_stream, plenum_test_stream_close);
  g_clear_pointer (&terminal_stream, plenum_test_stream_close);

  /* A restarted server (and so a terminal that restarts) lands where the chair is. */
  room_restart (&room);
  g_clear_pointer (&seen, plenum_test_reply_free);
  seen = get (&room, "position", room.terminal);
  plenum_test_assert_status (seen, 200);
  g_assert_true (same_bytes (seen->body, moved->body));

  /* A closed meeting does not move. */
  {
    g_autoptr(PlenumTestReply) closed = NULL;
    g_autofree char *path = meeting_path (&room, "status");

    closed = plenum_test_request (session, room.url, "PUT", path, room.secretary,
                                  "{\"status\":\"closed\"}");
    plenum_test_assert_status (closed, 204);
    reply = move_as (&room, room.chair, room.items[0], NULL, "null", NULL);
    plenum_test_error_message (reply, 409, "meeting_closed");
  }
}

/* The speakers' queue: asking once, withdrawing, "next" and giving the floor, who may do
 * what, the same queue for everyone, the event on another member's stream, idempotent
 * retries, and a restart that keeps the queue. */
static void
test_speakers (void)
{
  g_auto(Room) room;
  g_autofree char *operation = g_uuid_string_random ();
  g_autofree char *expected = NULL;
  g_autofree char *floor_path = NULL;
  g_autofree char *unknown = g_uuid_string_random ();
  g_autoptr(PlenumTestStream) stream = NULL;
  g_autoptr(PlenumTestReply) reply = NULL;
  g_autoptr(PlenumTestReply) first = NULL;
  g_autoptr(PlenumTestReply) again = NULL;
  g_autoptr(PlenumTestReply) seen = NULL;
  g_autoptr(cJSON) event = NULL;

  room_start (&room);

  reply = get (&room, "speakers", room.terminal);
  plenum_test_assert_status (reply, 200);
  assert_queue (&room, reply->json, "-|");
  g_assert_cmpint (plenum_test_json_get_int (reply->json, "revision"), ==, 0);
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* Member 1 asks (the event reaches member 7's stream with the whole queue); asking
   * again, as a retry or anew, keeps one place and sends nothing. */
  stream = plenum_test_stream_open (session, room.url, room.tokens[7], "");
  first = write_as (&room, "POST", "speakers", room.tokens[1], NULL, operation);
  plenum_test_assert_status (first, 200);
  expected = expected_queue (&room, -1, 1, -1);
  assert_queue (&room, first->json, expected);
  g_assert_cmpint (plenum_test_json_get_int (first->json, "revision"), ==, 1);
  event = plenum_test_stream_wait_event (stream, "speakers.changed", 1);
  assert_queue (&room, event, expected);
  g_clear_pointer (&event, cJSON_Delete);
  again = write_as (&room, "POST", "speakers", room.tokens[1], NULL, operation);
  plenum_test_assert_status (again, 200);
  g_assert_true (g_bytes_equal (again->body, first->body));
  g_clear_pointer (&again, plenum_test_reply_free);
  again = write_as (&room, "POST", "speakers", room.tokens[1], NULL, NULL);
  plenum_test_assert_status (again, 200);
  g_assert_true (g_bytes_equal (again->body, first->body));

  /* Members 2, 3 and 4 ask; 3 withdraws and 4 moves up to third place. */
  for (guint member = 2; member <= 4; member++)
    {
      g_clear_pointer (&reply, plenum_test_reply_free);
      reply = write_as (&room, "POST", "speakers", room.tokens[member], NULL, NULL);
      plenum_test_assert_status (reply, 200);
    }
  g_clear_pointer (&expected, g_free);
  expected = expected_queue (&room, -1, 1, 2, 3, 4, -1);
  assert_queue (&room, reply->json, expected);
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = write_as (&room, "DELETE", "speakers/me", room.tokens[3], NULL, NULL);
  plenum_test_assert_status (reply, 200);
  g_clear_pointer (&expected, g_free);
  expected = expected_queue (&room, -1, 1, 2, 4, -1);
  assert_queue (&room, reply->json, expected);
  g_clear_pointer (&reply, plenum_test_reply_free);
  /* Withdrawing when not in the queue is accepted and changes nothing. */
  reply = write_as (&room, "DELETE", "speakers/me", room.tokens[3], NULL, NULL);
  plenum_test_assert_status (reply, 200);
  assert_queue (&room, reply->json, expected);
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* The same queue for everyone: a member, the secretariat, the room's terminal. */
  reply = get (&room, "speakers", room.tokens[9]);
  plenum_test_assert_status (reply, 200);
  seen = get (&room, "speakers", room.terminal);
  plenum_test_assert_status (seen, 200);
  g_assert_true (g_bytes_equal (seen->body, reply->body));
  g_clear_pointer (&seen, plenum_test_reply_free);
  seen = get (&room, "speakers", room.secretary);
  g_assert_true (g_bytes_equal (seen->body, reply->body));
  g_clear_pointer (&seen, plenum_test_reply_free);
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* Roles: a member cannot give the floor, a terminal cannot ask nor give it, the
   * secretariat (not a member of the body) cannot ask, another body's member does not
   * see the meeting. */
  floor_path = g_strdup_printf ("speakers/%s/floor", room.ids[4]);
  reply = write_as (&room, "POST", "speakers/next", room.tokens[2], NULL, NULL);
  plenum_test_error_message (reply, 403, "forbidden");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = write_as (&room, "POST", floor_path, room.tokens[2], NULL, NULL);
  plenum_test_error_message (reply, 403, "forbidden");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = write_as (&room, "POST", "speakers", room.terminal, NULL, NULL);
  plenum_test_error_message (reply, 403, "forbidden");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = write_as (&room, "POST", "speakers/next", room.terminal, NULL, NULL);
  plenum_test_error_message (reply, 403, "forbidden");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = write_as (&room, "POST", "speakers", room.secretary, NULL, NULL);
  plenum_test_error_message (reply, 403, "forbidden");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = write_as (&room, "POST", "speakers", room.outsider, NULL, NULL);
  plenum_test_error_message (reply, 404, "not_found");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = get (&room, "speakers", room.outsider);
  plenum_test_error_message (reply, 404, "not_found");
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* "Next": the first in line gets the floor. The chair then gives it to member 4 out
   * of turn: member 1 is done, member 2 still waits. */
  reply = write_as (&room, "POST", "speakers/next", room.chair, NULL, NULL);
  plenum_test_assert_status (reply, 200);
  g_clear_pointer (&expected, g_free);
  expected = expected_queue (&room, 1, 2, 4, -1);
  assert_queue (&room, reply->json, expected);
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = write_as (&room, "POST", floor_path, room.chair, NULL, NULL);
  plenum_test_assert_status (reply, 200);
  g_clear_pointer (&expected, g_free);
  expected = expected_queue (&room, 4, 2, -1);
  assert_queue (&room, reply->json, expected);
  g_clear_pointer (&reply, plenum_test_reply_free);
  /* Giving the floor to someone not in line, or to a non-id, is 404. */
  {
    g_autofree char *not_in_line = g_strdup_printf ("speakers/%s/floor", room.ids[6]);
    g_autofree char *nobody = g_strdup_printf ("speakers/%s/floor", unknown);

    reply = write_as (&room, "POST", not_in_line, room.chair, NULL, NULL);
    plenum_test_error_message (reply, 404, "not_found");
    g_clear_pointer (&reply, plenum_test_reply_free);
    reply = write_as (&room, "POST", nobody, room.chair, NULL, NULL);
    plenum_test_error_message (reply, 404, "not_found");
    g_clear_pointer (&reply, plenum_test_reply_free);
    reply = write_as (&room, "POST", "speakers/x/floor", room.chair, NULL, NULL);
    plenum_test_error_message (reply, 404, "not_found");
    g_clear_pointer (&reply, plenum_test_reply_free);
  }

  /* Member 7's stream saw the last change with the whole queue. */
  {
    g_autoptr(GPtrArray) events = NULL;
    guint n;

    /* ask 1, ask 2-4, withdraw 3, next, floor: seven changes; the repeats sent none. */
    event = plenum_test_stream_wait_event (stream, "speakers.changed", 7);
    assert_queue (&room, event, expected);
    events = plenum_test_stream_events (stream, "speakers.changed");
    n = events->len;
    g_assert_cmpuint (n, ==, 7);
  }
  g_clear_pointer (&stream, plenum_test_stream_close);

  /* A restart keeps the queue and who has the floor. */
  room_restart (&room);
  reply = get (&room, "speakers", room.tokens[2]);
  plenum_test_assert_status (reply, 200);
  assert_queue (&room, reply->json, expected);
  g_assert_cmpint (plenum_test_json_get_int (reply->json, "revision"), ==, 7);
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* The speaker gives the floor back by withdrawing; "next" twice empties everything;
   * a third "next" changes nothing. */
  reply = write_as (&room, "DELETE", "speakers/me", room.tokens[4], NULL, NULL);
  plenum_test_assert_status (reply, 200);
  g_clear_pointer (&expected, g_free);
  expected = expected_queue (&room, -1, 2, -1);
  assert_queue (&room, reply->json, expected);
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = write_as (&room, "POST", "speakers/next", room.chair, NULL, NULL);
  g_clear_pointer (&expected, g_free);
  expected = expected_queue (&room, 2, -1);
  assert_queue (&room, reply->json, expected);
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = write_as (&room, "POST", "speakers/next", room.chair, NULL, NULL);
  assert_queue (&room, reply->json, "-|");
  g_assert_cmpint (plenum_test_json_get_int (reply->json, "revision"), ==, 10);
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = write_as (&room, "POST", "speakers/next", room.chair, NULL, NULL);
  assert_queue (&room, reply->json, "-|");
  g_assert_cmpint (plenum_test_json_get_int (reply->json, "revision"), ==, 10);
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* Asking after leaving gives a place at the end again; a closed meeting takes no more
   * requests. */
  {
    g_autofree char *path = meeting_path (&room, "status");
    g_autoptr(PlenumTestReply) closed = plenum_test_request (session, room.url, "PUT", path,
                                                             room.secretary,
                                    "{\"status\":\"closed\"}");

    plenum_test_assert_status (closed, 204);
    reply = write_as (&room, "POST", "speakers", room.tokens[1], NULL, NULL);
    plenum_test_error_message (reply, 409, "meeting_closed");
    g_clear_pointer (&reply, plenum_test_reply_free);
    reply = write_as (&room, "POST", "speakers/next", room.chair, NULL, NULL);
    plenum_test_error_message (reply, 409, "meeting_closed");
  }
}

/* The quorum view: the votes' rule, recomputed as members check in and out; a vote that
 * needs a quorum opens exactly when the view says it is met. */
static void
test_quorum (void)
{
  g_auto(Room) room;
  g_autoptr(PlenumTestReply) reply = NULL;
  g_autoptr(PlenumTestStream) stream = NULL;
  g_autoptr(cJSON) event = NULL;
  g_autofree char *vote_fields = NULL;

  room_start (&room);

  reply = get (&room, "quorum", room.terminal);
  plenum_test_assert_status (reply, 200);
  g_assert_cmpstr (plenum_test_json_get_string (reply->json, "meeting_id"), ==, room.meeting_id);
  g_assert_cmpint (plenum_test_json_get_int (reply->json, "members"), ==, N_MEMBERS);
  g_assert_cmpint (plenum_test_json_get_int (reply->json, "present"), ==, 0);
  g_assert_cmpint (plenum_test_json_get_int (reply->json, "required"), ==, N_MEMBERS / 2 + 1);
  g_assert_false (plenum_test_json_get_bool (reply->json, "met"));
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = get (&room, "quorum", room.outsider);
  plenum_test_error_message (reply, 404, "not_found");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = write_as (&room, "POST", "quorum", room.chair, NULL, NULL);
  plenum_test_error_message (reply, 405, "method_not_allowed");
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* Seven of twelve check in: met. The check-ins reach another member's stream. */
  stream = plenum_test_stream_open (session, room.url, room.tokens[11], "");
  for (guint member = 1; member <= 7; member++)
    check_in (&room, member, TRUE);
  event = plenum_test_stream_wait_event (stream, "attendance.changed", 7);
  g_assert_true (plenum_test_json_get_bool (event, "present"));
  g_clear_pointer (&event, cJSON_Delete);
  reply = get (&room, "quorum", room.tokens[11]);
  g_assert_cmpint (plenum_test_json_get_int (reply->json, "present"), ==, 7);
  g_assert_true (plenum_test_json_get_bool (reply->json, "met"));
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* One checks out (present: false): six of twelve is not more than half. */
  check_in (&room, 7, FALSE);
  event = plenum_test_stream_wait_event (stream, "attendance.changed", 8);
  g_assert_false (plenum_test_json_get_bool (event, "present"));
  g_assert_cmpstr (plenum_test_json_get_string (event, "account_id"), ==, room.ids[7]);
  reply = get (&room, "quorum", room.chair);
  g_assert_cmpint (plenum_test_json_get_int (reply->json, "present"), ==, 6);
  g_assert_cmpint (plenum_test_json_get_int (reply->json, "required"), ==, 7);
  g_assert_false (plenum_test_json_get_bool (reply->json, "met"));
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* The votes agree: no quorum, no vote that needs one; back to seven, it opens. */
  vote_fields = g_strdup_printf ("\"item_id\":\"%s\",\"title\":\"Biểu quyết\","
                                 "\"kind\":\"open\",\"majority\":\"present\","
                                 "\"quorum_required\":true,\"changeable\":false",
                                 room.items[0]);
  reply = write_as (&room, "POST", "votes", room.chair, vote_fields, NULL);
  plenum_test_error_message (reply, 409, "no_quorum");
  g_clear_pointer (&reply, plenum_test_reply_free);
  check_in (&room, 0, TRUE);
  reply = get (&room, "quorum", room.secretary);
  g_assert_cmpint (plenum_test_json_get_int (reply->json, "present"), ==, 7);
  g_assert_true (plenum_test_json_get_bool (reply->json, "met"));
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = write_as (&room, "POST", "votes", room.chair, vote_fields, NULL);
  plenum_test_assert_status (reply, 201);
}

int
main (int    argc,
      char **argv)
{
  int status;

  plenum_test_init (&argc, &argv);
  /* Event streams hold their connections: room for two of them and the requests. */
  session = plenum_test_soup_session_new ("timeout", 30, "max-conns-per-host", 8, NULL);

  g_test_add_func ("/plenum/live/position", test_position);
  g_test_add_func ("/plenum/live/speakers", test_speakers);
  g_test_add_func ("/plenum/live/quorum", test_quorum);

  status = g_test_run ();
  g_clear_object (&session);
  g_clear_pointer (&template_db, g_free);
  return status;
}
