/* test-votes.c — votes on the server (docs/protocol.md, "Votes") over real HTTP to the
 * real plenum-server: who may open, close, annul and vote; quorum and conflicts of
 * interest; once-only and replaceable ballots; the result under both majority rules;
 * refusals after the close; idempotent retries; and an attacker's look at a secret vote
 * after the fact (the database file, its WAL, the server's log and the recorded events).
 *
 * Each test gets a server of its own on a copy of one seeded database: the demo (a body
 * of twelve members whose chair is plenum_demo_chair_name()), plus an outsider in another
 * body and a room, so that a terminal can be enrolled.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "core/plenum-core.h"
#include "plenum-demo.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-util.h"

#define TERMINAL_ID "5f1c6a1e-3b2d-4c1e-9f00-0a1b2c3d4e5f"
#define SEAT_ID     "0b6d7e1c-2a3b-4c5d-8e9f-001122334455"
#define ROOM        "Phòng họp số 1"
#define N_MEMBERS   12

static const char extra_accounts[] =
  "{ \"accounts\": ["
  "    { \"name\": \"ngoai.ban\", \"display_name\": \"Ngoài Ban\", \"role\": \"member\", "
  "      \"pin\": \"4444\" } ],"
  "  \"bodies\": [ { \"name\": \"Ban B\", \"members\": [ \"ngoai.ban\" ] } ],"
  "  \"rooms\": [ { \"name\": \"" ROOM "\", \"bodies\": [ \"Ban B\" ] } ] }";

static char *template_db;
static SoupSession *session;

typedef struct {
  PlenumTestServer *server;
  const char       *url;
  char             *meeting_id;
  char             *items[2];
  char             *chair;                  /* the chair's token (member 0) */
  char             *tokens[N_MEMBERS];      /* the body's members, chair first */
  char             *ids[N_MEMBERS];
  char             *secretary;
  char             *outsider;               /* a member of another body */
} Room;

/* HTTP */

static void
assert_error (PlenumTestReply      *reply,
              guint       status,
              const char *code)
{
  plenum_test_error_message (reply, status, code);
}

/* "[a,b,c]" of an array of integers. */
static char *
int_array_text (const cJSON *array)
{
  GString *text = g_string_new ("[");
  const cJSON *item;

  g_assert_true (cJSON_IsArray (array));
  cJSON_ArrayForEach (item, array)
    g_string_append_printf (text, "%s%d", text->len > 1 ? "," : "", (int) item->valuedouble);
  g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

static void
assert_counts (const cJSON *vote,
               const char  *expected)
{
  const cJSON *result = cJSON_GetObjectItemCaseSensitive (vote, "result");
  g_autofree char *counts = int_array_text (cJSON_GetObjectItemCaseSensitive (result, "counts"));

  g_assert_cmpstr (counts, ==, expected);
}

static const cJSON *
result_of (const cJSON *vote)
{
  const cJSON *result = cJSON_GetObjectItemCaseSensitive (vote, "result");

  g_assert_true (cJSON_IsObject (result));
  return result;
}

/* The seeded database and the rooms */

/* Seeds the demo once (a server run with --demo, stopped), then the outsider and the
 * room; every test starts from a copy of that database. */
static const char *
seeded_db (void)
{
  if (template_db == NULL)
    {
      g_autofree char *dir = plenum_test_mkdtemp ("votes-seed");
      g_autofree char *accounts = g_build_filename (dir, "accounts.json", NULL);
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      const char *demo[] = { "--demo", NULL };
      const char *import[] = { "--data-dir", dir, "--import-accounts", accounts, NULL };
      PlenumTestServer *server = plenum_test_server_start (dir, demo);

      /* The demo is seeded once the sign-in lines are out; stop it only then. */
      g_assert_true (plenum_test_server_wait_output (server, plenum_demo_chair_name ()));
      plenum_test_server_stop (server);
      plenum_test_server_free (server);
      g_file_set_contents (accounts, extra_accounts, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (plenum_test_server_run (import, &out, NULL), ==, 0);
      template_db = g_build_filename (dir, "plenum.db", NULL);
    }
  return template_db;
}

static void
room_start (Room       *room,
            const char *log_path)
{
  g_autofree char *dir = plenum_test_mkdtemp ("votes");
  g_autofree char *db = g_build_filename (dir, "plenum.db", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumTestReply) meeting = NULL;
  g_autofree char *path = NULL;
  const PlenumDemoAccount *accounts;
  const cJSON *agenda;
  guint n_accounts = 0;
  guint n = 0;
  gsize length = 0;
  int saved_stderr = -1;

  memset (room, 0, sizeof *room);
  g_file_get_contents (seeded_db (), &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (db, contents, (gssize) length, &error);
  g_assert_no_error (error);

  if (log_path != NULL)
    {
      /* The server inherits stderr: point it at a file for as long as it takes to start
       * it, with every debug message on, so that the attacker can read the full log. */
      int fd = open (log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

      g_assert_cmpint (fd, >=, 0);
      saved_stderr = dup (STDERR_FILENO);
      g_assert_cmpint (dup2 (fd, STDERR_FILENO), ==, STDERR_FILENO);
      close (fd);
      /* The server's domains only: in this process GLib's own debug messages would land
       * in the TAP output. */
      g_setenv ("G_MESSAGES_DEBUG", "plenum-server plenum-core plenum-json plenum-hash "
                "libsoup", TRUE);
    }
  room->server = plenum_test_server_start (dir, NULL);
  if (log_path != NULL)
    {
      g_unsetenv ("G_MESSAGES_DEBUG");
      g_assert_cmpint (dup2 (saved_stderr, STDERR_FILENO), ==, STDERR_FILENO);
      close (saved_stderr);
    }
  room->url = plenum_test_server_get_url (room->server);

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
  agenda = cJSON_GetObjectItemCaseSensitive (meeting->json, "agenda");
  g_assert_cmpint (cJSON_GetArraySize (agenda), >=, 2);
  for (guint i = 0; i < 2; i++)
    room->items[i] = g_strdup (plenum_test_json_get_string (cJSON_GetArrayItem (agenda, (int) i),
                                                            "id"));
}

static void
room_clear (Room *room)
{
  g_clear_pointer (&room->server, plenum_test_server_free);
  g_clear_pointer (&room->meeting_id, g_free);
  for (guint i = 0; i < 2; i++)
    g_clear_pointer (&room->items[i], g_free);
  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_clear_pointer (&room->tokens[i], g_free);
      g_clear_pointer (&room->ids[i], g_free);
    }
  g_clear_pointer (&room->secretary, g_free);
  g_clear_pointer (&room->outsider, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Room, room_clear)

static void
check_in (Room  *room,
          guint  member)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/attendance", room->meeting_id);
  g_autofree char *operation = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\",\"present\":true}",
                                           operation);
  g_autoptr(PlenumTestReply) reply = plenum_test_request (session, room->url, "POST", path,
                                                          room->tokens[member], body);

  plenum_test_assert_status (reply, 200);
}

/* POST …/votes with @fields (JSON members after operation_id and item_id, e.g.
 * "\"kind\":\"open\",…"), as @token. */
static PlenumTestReply *
open_vote_as (Room       *room,
              const char *token,
              guint       item,
              const char *fields)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/votes", room->meeting_id);
  g_autofree char *operation = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\",\"item_id\":\"%s\","
                                           "\"title\":\"Biểu quyết\",%s}", operation,
                                           room->items[item], fields);

  return plenum_test_request (session, room->url, "POST", path, token, body);
}

/* Opens a vote as the chair and returns its id. */
static char *
open_vote (Room       *room,
           guint       item,
           const char *fields)
{
  g_autoptr(PlenumTestReply) reply = open_vote_as (room, room->chair, item, fields);

  plenum_test_assert_status (reply, 201);
  g_assert_cmpstr (plenum_test_json_get_string (reply->json, "state"), ==, "open");
  g_assert_cmpint (plenum_test_json_get_int (reply->json, "voted"), ==, 0);
  g_assert_true (cJSON_IsNull (cJSON_GetObjectItemCaseSensitive (reply->json, "result")));
  return g_strdup (plenum_test_json_get_string (reply->json, "id"));
}

static char *
vote_path (Room       *room,
           const char *vote_id,
           const char *what)
{
  return g_strdup_printf ("/api/v1/meetings/%s/votes/%s%s%s", room->meeting_id, vote_id,
                          what != NULL ? "/" : "", what != NULL ? what : "");
}

/* A ballot with @choices ("[0]") and @receipt (NULL for an open vote) under @operation
 * (NULL: a new one). */
static PlenumTestReply *
ballot_as (Room       *room,
           const char *token,
           const char *vote_id,
           const char *choices,
           const char *receipt,
           const char *operation)
{
  g_autofree char *path = vote_path (room, vote_id, "ballots");
  g_autofree char *fresh = g_uuid_string_random ();
  g_autofree char *receipt_member = receipt != NULL
                                      ? g_strdup_printf (",\"receipt\":\"%s\"", receipt)
                                      : g_strdup ("");
  g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\",\"choices\":%s%s}",
                                           operation != NULL ? operation : fresh, choices,
                                           receipt_member);

  return plenum_test_request (session, room->url, "POST", path, token, body);
}

static void
ballot (Room       *room,
        guint       member,
        const char *vote_id,
        const char *choices,
        const char *receipt)
{
  g_autoptr(PlenumTestReply) reply = ballot_as (room, room->tokens[member], vote_id, choices,
                                                receipt,
                                      NULL);

  plenum_test_assert_status (reply, 200);
  g_assert_true (plenum_test_json_get_bool (reply->json, "counted"));
}

/* POST …/{what} (close, annul, show-of-hands) with @extra members. */
static PlenumTestReply *
end_vote_as (Room       *room,
             const char *token,
             const char *vote_id,
             const char *what,
             const char *extra,
             const char *operation)
{
  g_autofree char *path = vote_path (room, vote_id, what);
  g_autofree char *fresh = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\"%s%s}",
                                           operation != NULL ? operation : fresh,
                                           extra != NULL ? "," : "", extra != NULL ? extra : "");

  return plenum_test_request (session, room->url, "POST", path, token, body);
}

static PlenumTestReply *
close_vote (Room       *room,
            const char *vote_id)
{
  PlenumTestReply *reply = end_vote_as (room, room->chair, vote_id, "close", NULL, NULL);

  plenum_test_assert_status (reply, 200);
  g_assert_cmpstr (plenum_test_json_get_string (reply->json, "state"), ==, "closed");
  return reply;
}

static PlenumTestReply *
get_vote (Room       *room,
          const char *token,
          const char *vote_id)
{
  g_autofree char *path = vote_path (room, vote_id, NULL);

  return plenum_test_request (session, room->url, "GET", path, token, NULL);
}

static PlenumTestReply *
set_conflict (Room       *room,
              guint       member,
              guint       item,
              gboolean    conflict)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/items/%s/conflict",
                                           room->meeting_id, room->items[item]);
  g_autofree char *operation = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\"}", operation);

  return plenum_test_request (session, room->url, conflict ? "PUT" : "DELETE", path,
                              room->tokens[member], body);
}

static char *
random_receipt (void)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < 8; i++)
    g_string_append_printf (text, "%08x", g_random_int ());
  return g_string_free (text, FALSE);
}

/* Tests */

#define MOTION_OPEN \
  "\"kind\":\"open\",\"majority\":\"present\",\"quorum_required\":true,\"changeable\":false"

/* An open vote end to end: only the chair opens and closes; members vote once; names
 * are shown; the result under "present", then the same ballots under "members". */
static void
test_open_vote (void)
{
  g_auto(Room) room;
  g_autofree char *vote_id = NULL;
  g_autofree char *second = NULL;
  g_autofree char *operation = g_uuid_string_random ();
  g_autoptr(PlenumTestReply) refused = NULL;
  g_autoptr(PlenumTestReply) first = NULL;
  g_autoptr(PlenumTestReply) again = NULL;
  g_autoptr(PlenumTestReply) twice = NULL;
  g_autoptr(PlenumTestReply) state = NULL;
  g_autoptr(PlenumTestReply) closed = NULL;
  g_autoptr(PlenumTestReply) late = NULL;
  g_autoptr(PlenumTestReply) by_member = NULL;
  g_autoptr(PlenumTestReply) list = NULL;
  g_autoptr(PlenumTestReply) outsider = NULL;
  g_autoptr(PlenumTestReply) secretary = NULL;
  g_autoptr(PlenumTestReply) unknown = NULL;
  g_autofree char *list_path = NULL;
  const char *message;
  const cJSON *voters;
  const cJSON *result;
  const char *choices[] = { "[0]", "[0]", "[1]", "[0]", "[2]", "[1]", "[0]" };

  room_start (&room, NULL);
  for (guint i = 0; i < 7; i++)
    check_in (&room, i);

  refused = open_vote_as (&room, room.tokens[1], 0, MOTION_OPEN);
  assert_error (refused, 403, "forbidden");
  vote_id = open_vote (&room, 0, MOTION_OPEN);

  /* 7 of 12 present: 4 for, 2 against, 1 abstention. */
  first = ballot_as (&room, room.tokens[0], vote_id, choices[0], NULL, operation);
  plenum_test_assert_status (first, 200);
  again = ballot_as (&room, room.tokens[0], vote_id, choices[0], NULL, operation);
  plenum_test_assert_status (again, 200);
  g_assert_true (g_bytes_equal (first->body, again->body));
  for (guint i = 1; i < 7; i++)
    ballot (&room, i, vote_id, choices[i], NULL);
  twice = ballot_as (&room, room.tokens[1], vote_id, "[1]", NULL, NULL);
  assert_error (twice, 409, "already_voted");

  outsider = ballot_as (&room, room.outsider, vote_id, "[0]", NULL, NULL);
  assert_error (outsider, 404, "not_found");
  secretary = ballot_as (&room, room.secretary, vote_id, "[0]", NULL, NULL);
  assert_error (secretary, 403, "forbidden");
  {
    g_autofree char *other = g_uuid_string_random ();
    g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/votes/%s/ballots", other,
                                             vote_id);

    unknown = plenum_test_request (session, room.url, "POST", path, room.tokens[1],
                    "{\"operation_id\":\"0b6d7e1c-2a3b-4c5d-8e9f-001122334466\","
                    "\"choices\":[0]}");
    assert_error (unknown, 404, "not_found");
  }
  {
    g_autoptr(PlenumTestReply) bad = ballot_as (&room, room.tokens[8], vote_id, "[3]", NULL, NULL);
    g_autoptr(PlenumTestReply) two = ballot_as (&room, room.tokens[8], vote_id, "[0,1]", NULL,
                                                NULL);
    g_autoptr(PlenumTestReply) receipt = ballot_as (&room, room.tokens[8], vote_id, "[0]",
                                          "00112233445566778899aabbccddeeff"
                                          "00112233445566778899aabbccddeeff", NULL);

    assert_error (bad, 400, "bad_request");
    assert_error (two, 400, "bad_request");
    assert_error (receipt, 400, "bad_request");
  }

  /* The live view: names (no choices yet), counted once despite the retry. */
  state = get_vote (&room, room.tokens[5], vote_id);
  plenum_test_assert_status (state, 200);
  g_assert_cmpint (plenum_test_json_get_int (state->json, "voted"), ==, 7);
  voters = cJSON_GetObjectItemCaseSensitive (state->json, "voters");
  g_assert_cmpint (cJSON_GetArraySize (voters), ==, 7);
  g_assert_null (cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (voters, 0), "choices"));

  by_member = end_vote_as (&room, room.tokens[1], vote_id, "close", NULL, NULL);
  assert_error (by_member, 403, "forbidden");
  closed = close_vote (&room, vote_id);
  assert_counts (closed->json, "[4,2,1]");
  result = result_of (closed->json);
  g_assert_cmpint (plenum_test_json_get_int (result, "ballots"), ==, 7);
  g_assert_cmpint (plenum_test_json_get_int (result, "eligible"), ==, 12);
  g_assert_cmpint (plenum_test_json_get_int (result, "present"), ==, 7);
  g_assert_cmpint (plenum_test_json_get_int (result, "basis"), ==, 7);
  g_assert_cmpint (plenum_test_json_get_int (result, "needed"), ==, 4);
  g_assert_true (plenum_test_json_get_bool (result, "passed"));
  g_assert_false (plenum_test_json_get_bool (result, "show_of_hands"));
  voters = cJSON_GetObjectItemCaseSensitive (closed->json, "voters");
  g_assert_nonnull (cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (voters, 0),
                                                      "choices"));

  late = ballot_as (&room, room.tokens[9], vote_id, "[0]", NULL, NULL);
  message = plenum_test_error_message (late, 409, "vote_closed");
  g_assert_nonnull (strstr (message, "closed before"));

  /* The same ballots under "majority of all members": 4 of 12 is not a majority. */
  second = open_vote (&room, 0, "\"kind\":\"open\",\"majority\":\"members\","
                                "\"quorum_required\":true,\"changeable\":false");
  for (guint i = 0; i < 7; i++)
    ballot (&room, i, second, choices[i], NULL);
  {
    g_autoptr(PlenumTestReply) members = close_vote (&room, second);

    assert_counts (members->json, "[4,2,1]");
    result = result_of (members->json);
    g_assert_cmpint (plenum_test_json_get_int (result, "basis"), ==, 12);
    g_assert_cmpint (plenum_test_json_get_int (result, "needed"), ==, 7);
    g_assert_false (plenum_test_json_get_bool (result, "passed"));
  }

  list_path = g_strdup_printf ("/api/v1/meetings/%s/votes", room.meeting_id);
  list = plenum_test_request (session, room.url, "GET", list_path, room.tokens[11], NULL);
  plenum_test_assert_status (list, 200);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (list->json, "votes")),
                   ==, 2);
  {
    const cJSON *votes = cJSON_GetObjectItemCaseSensitive (list->json, "votes");

    g_assert_cmpstr (plenum_test_json_get_string (cJSON_GetArrayItem (votes, 0), "id"), ==,
                     vote_id);
  }
}

/* Quorum (more than half of the eligible members present) and conflicts of interest. */
static void
test_quorum_and_conflicts (void)
{
  g_auto(Room) room;
  g_autofree char *vote_id = NULL;
  g_autofree char *free_vote = NULL;
  g_autoptr(PlenumTestReply) no_quorum = NULL;
  g_autoptr(PlenumTestReply) declared = NULL;
  g_autoptr(PlenumTestReply) conflicted = NULL;
  g_autoptr(PlenumTestReply) withdraw = NULL;
  g_autoptr(PlenumTestReply) closed = NULL;
  g_autoptr(PlenumTestReply) withdrawn = NULL;
  g_autoptr(PlenumTestReply) terminal = NULL;
  const cJSON *result;

  room_start (&room, NULL);
  for (guint i = 0; i < 6; i++)
    check_in (&room, i);

  /* 6 of 12 is not more than half. */
  no_quorum = open_vote_as (&room, room.chair, 0, MOTION_OPEN);
  assert_error (no_quorum, 409, "no_quorum");

  /* Member 11 (absent) steps aside on item 0: 6 of 11 is. */
  declared = set_conflict (&room, 11, 0, TRUE);
  plenum_test_assert_status (declared, 200);
  g_assert_true (plenum_test_json_get_bool (declared->json, "conflict"));
  vote_id = open_vote (&room, 0, MOTION_OPEN);
  conflicted = ballot_as (&room, room.tokens[11], vote_id, "[0]", NULL, NULL);
  assert_error (conflicted, 403, "conflict_of_interest");
  withdraw = set_conflict (&room, 11, 0, FALSE);
  assert_error (withdraw, 409, "vote_in_progress");
  for (guint i = 0; i < 6; i++)
    ballot (&room, i, vote_id, i < 4 ? "[0]" : "[1]", NULL);
  closed = close_vote (&room, vote_id);
  result = result_of (closed->json);
  g_assert_cmpint (plenum_test_json_get_int (result, "eligible"), ==, 11);
  g_assert_cmpint (plenum_test_json_get_int (result, "present"), ==, 6);
  g_assert_true (plenum_test_json_get_bool (result, "passed"));

  withdrawn = set_conflict (&room, 11, 0, FALSE);
  plenum_test_assert_status (withdrawn, 200);
  g_assert_false (plenum_test_json_get_bool (withdrawn->json, "conflict"));

  /* Without the quorum rule a vote opens with 6 of 12; a member not checked in votes too
   * and counts as present for it. */
  free_vote = open_vote (&room, 1, "\"kind\":\"open\",\"majority\":\"present\","
                                   "\"quorum_required\":false,\"changeable\":false");
  ballot (&room, 11, free_vote, "[0]", NULL);
  {
    g_autoptr(PlenumTestReply) closed_free = close_vote (&room, free_vote);

    result = result_of (closed_free->json);
    g_assert_cmpint (plenum_test_json_get_int (result, "eligible"), ==, 12);
    g_assert_cmpint (plenum_test_json_get_int (result, "present"), ==, 7);
    g_assert_cmpint (plenum_test_json_get_int (result, "basis"), ==, 7);
    g_assert_false (plenum_test_json_get_bool (result, "passed"));
  }

  /* A terminal credential cannot declare a conflict nor vote. */
  {
    g_autofree char *body = g_strdup_printf ("{\"room\":\"%s\",\"name\":\"Ghế 01\"}", ROOM);
    g_autoptr(PlenumTestReply) enrolment = plenum_test_request (session, room.url, "POST",
                                                                "/api/v1/terminals/enrolments",
                                       room.secretary, body);
    g_autofree char *redeem = NULL;
    g_autoptr(PlenumTestReply) redeemed = NULL;
    g_autofree char *credential = NULL;
    g_autofree char *open_again = NULL;

    plenum_test_assert_status (enrolment, 201);
    redeem = g_strdup_printf ("{\"code\":\"%s\",\"terminal_id\":\"%s\"}",
                              plenum_test_json_get_string (enrolment->json, "code"), SEAT_ID);
    redeemed = plenum_test_request (session, room.url, "POST", "/api/v1/terminals", NULL, redeem);
    plenum_test_assert_status (redeemed, 201);
    credential = g_strconcat ("Terminal ", plenum_test_json_get_string (redeemed->json,
                                                                        "credential"), NULL);
    open_again = open_vote (&room, 1, "\"kind\":\"open\",\"majority\":\"present\","
                                      "\"quorum_required\":false,\"changeable\":true");
    terminal = ballot_as (&room, credential, open_again, "[0]", NULL, NULL);
    assert_error (terminal, 403, "forbidden");
    g_clear_pointer (&terminal, plenum_test_reply_free);
    terminal = end_vote_as (&room, credential, open_again, "close", NULL, NULL);
    assert_error (terminal, 403, "forbidden");
  }
}

/* Replacing a ballot where the vote allows it, open and secret; refusing it elsewhere. */
static void
test_replace (void)
{
  g_auto(Room) room;
  g_autofree char *open_id = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *fixed_id = NULL;
  g_autofree char *receipt = random_receipt ();
  g_autofree char *other = random_receipt ();

  room_start (&room, NULL);
  for (guint i = 0; i < 7; i++)
    check_in (&room, i);

  open_id = open_vote (&room, 0, "\"kind\":\"open\",\"majority\":\"present\","
                                 "\"quorum_required\":true,\"changeable\":true");
  ballot (&room, 1, open_id, "[0]", NULL);
  {
    g_autoptr(PlenumTestReply) replaced = ballot_as (&room, room.tokens[1], open_id, "[1]", NULL,
                                                     NULL);
    g_autoptr(PlenumTestReply) closed = NULL;
    g_autoptr(PlenumTestReply) missing = NULL;

    plenum_test_assert_status (replaced, 200);
    g_assert_true (plenum_test_json_get_bool (replaced->json, "replaced"));
    closed = close_vote (&room, open_id);
    assert_counts (closed->json, "[0,1,0]");
    g_assert_cmpint (plenum_test_json_get_int (result_of (closed->json), "ballots"), ==, 1);
    g_clear_pointer (&closed, plenum_test_reply_free);
    secret_id = open_vote (&room, 0, "\"kind\":\"secret\",\"majority\":\"present\","
                                     "\"quorum_required\":true,\"changeable\":true");
    missing = ballot_as (&room, room.tokens[1], secret_id, "[0]", NULL, NULL);
    assert_error (missing, 400, "bad_request");
  }

  {
    g_autofree char *operation = g_uuid_string_random ();
    g_autoptr(PlenumTestReply) first = ballot_as (&room, room.tokens[1], secret_id, "[0]", receipt,
                                        operation);
    g_autoptr(PlenumTestReply) again = ballot_as (&room, room.tokens[1], secret_id, "[0]", receipt,
                                        operation);
    /* The record cannot tell choices apart (its hash leaves them out): a retry under the
     * same operation id gets the first answer and changes nothing, whatever it says. */
    g_autoptr(PlenumTestReply) changed = ballot_as (&room, room.tokens[1], secret_id, "[1]",
                                                    receipt,
                                          operation);
    g_autoptr(PlenumTestReply) state = NULL;

    plenum_test_assert_status (first, 200);
    plenum_test_assert_status (again, 200);
    plenum_test_assert_status (changed, 200);
    g_assert_true (g_bytes_equal (first->body, again->body));
    g_assert_true (g_bytes_equal (first->body, changed->body));
    g_assert_false (plenum_test_json_get_bool (first->json, "replaced"));
    state = get_vote (&room, room.tokens[3], secret_id);
    g_assert_cmpint (plenum_test_json_get_int (state->json, "voted"), ==, 1);
  }
  ballot (&room, 2, secret_id, "[0]", other);
  {
    /* Another member cannot reuse a receipt (someone else's ballot key). */
    g_autoptr(PlenumTestReply) reused = ballot_as (&room, room.tokens[4], secret_id, "[2]",
                                                   receipt, NULL);

    assert_error (reused, 409, "conflict");
  }
  {
    g_autoptr(PlenumTestReply) wrong = ballot_as (&room, room.tokens[1], secret_id, "[2]",
                                        "ffeeddccbbaa99887766554433221100"
                                        "ffeeddccbbaa99887766554433221100", NULL);
    g_autoptr(PlenumTestReply) replaced = ballot_as (&room, room.tokens[1], secret_id, "[2]",
                                                     receipt,
                                           NULL);
    g_autoptr(PlenumTestReply) state = get_vote (&room, room.tokens[3], secret_id);
    g_autoptr(PlenumTestReply) closed = NULL;

    assert_error (wrong, 409, "already_voted");
    plenum_test_assert_status (replaced, 200);
    g_assert_true (plenum_test_json_get_bool (replaced->json, "replaced"));
    /* A secret vote shows how many have voted, never who. */
    plenum_test_assert_status (state, 200);
    g_assert_cmpint (plenum_test_json_get_int (state->json, "voted"), ==, 2);
    g_assert_null (cJSON_GetObjectItemCaseSensitive (state->json, "voters"));
    closed = close_vote (&room, secret_id);
    assert_counts (closed->json, "[1,0,1]");
    g_assert_null (cJSON_GetObjectItemCaseSensitive (closed->json, "voters"));
  }

  fixed_id = open_vote (&room, 0, "\"kind\":\"secret\",\"majority\":\"present\","
                                  "\"quorum_required\":true,\"changeable\":false");
  {
    g_autofree char *third = random_receipt ();
    g_autoptr(PlenumTestReply) twice = NULL;
    g_autoptr(PlenumTestReply) closed = NULL;

    ballot (&room, 1, fixed_id, "[1]", third);
    twice = ballot_as (&room, room.tokens[1], fixed_id, "[0]", third, NULL);
    assert_error (twice, 409, "already_voted");
    closed = close_vote (&room, fixed_id);
    assert_counts (closed->json, "[0,1,0]");
  }
}

/* A committee election: candidates, choose up to two; a majority of those present
 * elects, at most two. */
static void
test_candidates (void)
{
  g_auto(Room) room;
  g_autofree char *vote_id = NULL;
  g_autoptr(PlenumTestReply) too_many = NULL;
  g_autoptr(PlenumTestReply) bad_spec = NULL;
  g_autoptr(PlenumTestReply) closed = NULL;
  g_autofree char *elected = NULL;
  const char *ballots[] = { "[0,1]", "[1,0]", "[0,2]", "[0]", "[1,2]" };
  const char *candidates = "\"kind\":\"secret\",\"majority\":\"present\","
                           "\"quorum_required\":false,\"changeable\":false,"
                           "\"candidates\":[\"An\",\"Bình\",\"Chi\",\"Dũng\"],";

  room_start (&room, NULL);
  for (guint i = 0; i < 5; i++)
    check_in (&room, i);

  {
    g_autofree char *spec = g_strconcat (candidates, "\"max_choices\":5", NULL);

    bad_spec = open_vote_as (&room, room.chair, 1, spec);
    assert_error (bad_spec, 400, "bad_request");
  }
  {
    g_autofree char *spec = g_strconcat (candidates, "\"max_choices\":2", NULL);

    vote_id = open_vote (&room, 1, spec);
  }
  for (guint i = 0; i < G_N_ELEMENTS (ballots); i++)
    {
      g_autofree char *receipt = random_receipt ();

      ballot (&room, i, vote_id, ballots[i], receipt);
    }
  {
    g_autofree char *receipt = random_receipt ();

    too_many = ballot_as (&room, room.tokens[6], vote_id, "[0,1,2]", receipt, NULL);
    assert_error (too_many, 400, "bad_request");
  }
  closed = close_vote (&room, vote_id);
  assert_counts (closed->json, "[4,3,2,0]");
  g_assert_cmpint (plenum_test_json_get_int (result_of (closed->json), "basis"), ==, 5);
  g_assert_cmpint (plenum_test_json_get_int (result_of (closed->json), "needed"), ==, 3);
  elected = int_array_text (cJSON_GetObjectItemCaseSensitive (result_of (closed->json),
                                                              "elected"));
  g_assert_cmpstr (elected, ==, "[0,1]");
  g_assert_true (plenum_test_json_get_bool (result_of (closed->json), "passed"));
}

/* Annulling keeps the vote in the record and lets a new one open; a show of hands is
 * recorded as such; the chair's operations are idempotent too. */
static void
test_annul_and_show_of_hands (void)
{
  g_auto(Room) room;
  g_autofree char *first = NULL;
  g_autofree char *rerun = NULL;
  g_autofree char *operation = g_uuid_string_random ();
  g_autoptr(PlenumTestReply) busy = NULL;
  g_autoptr(PlenumTestReply) annulled = NULL;
  g_autoptr(PlenumTestReply) annulled_again = NULL;
  g_autoptr(PlenumTestReply) late = NULL;
  g_autoptr(PlenumTestReply) close_annulled = NULL;
  g_autoptr(PlenumTestReply) hands = NULL;
  g_autoptr(PlenumTestReply) hands_again = NULL;
  g_autoptr(PlenumTestReply) bad_hands = NULL;
  g_autoptr(PlenumTestReply) too_many_hands = NULL;
  g_autoptr(PlenumTestReply) list = NULL;
  g_autofree char *list_path = NULL;
  const cJSON *votes;
  const char *message;

  room_start (&room, NULL);
  for (guint i = 0; i < 9; i++)
    check_in (&room, i);

  first = open_vote (&room, 0, MOTION_OPEN);
  busy = open_vote_as (&room, room.chair, 1, MOTION_OPEN);
  assert_error (busy, 409, "vote_in_progress");
  ballot (&room, 1, first, "[0]", NULL);
  annulled = end_vote_as (&room, room.chair, first, "annul", NULL, operation);
  plenum_test_assert_status (annulled, 200);
  g_assert_cmpstr (plenum_test_json_get_string (annulled->json, "state"), ==, "annulled");
  annulled_again = end_vote_as (&room, room.chair, first, "annul", NULL, operation);
  plenum_test_assert_status (annulled_again, 200);
  g_assert_true (g_bytes_equal (annulled->body, annulled_again->body));
  late = ballot_as (&room, room.tokens[2], first, "[0]", NULL, NULL);
  message = plenum_test_error_message (late, 409, "vote_closed");
  g_assert_nonnull (strstr (message, "annulled"));
  close_annulled = end_vote_as (&room, room.chair, first, "close", NULL, NULL);
  assert_error (close_annulled, 409, "vote_closed");

  /* The re-run, by show of hands: 9 present, 5 for, 3 against, 1 abstains. */
  rerun = open_vote (&room, 0, MOTION_OPEN);
  bad_hands = end_vote_as (&room, room.chair, rerun, "show-of-hands", "\"counts\":[5,3]", NULL);
  assert_error (bad_hands, 400, "bad_request");
  too_many_hands = end_vote_as (&room, room.chair, rerun, "show-of-hands", "\"counts\":[9,3,1]",
                                NULL);
  assert_error (too_many_hands, 400, "bad_request");
  g_clear_pointer (&operation, g_free);
  operation = g_uuid_string_random ();
  hands = end_vote_as (&room, room.tokens[1], rerun, "show-of-hands", "\"counts\":[5,3,1]",
                       NULL);
  assert_error (hands, 403, "forbidden");
  g_clear_pointer (&hands, plenum_test_reply_free);
  hands = end_vote_as (&room, room.chair, rerun, "show-of-hands", "\"counts\":[5,3,1]",
                       operation);
  plenum_test_assert_status (hands, 200);
  assert_counts (hands->json, "[5,3,1]");
  g_assert_true (plenum_test_json_get_bool (result_of (hands->json), "show_of_hands"));
  g_assert_true (plenum_test_json_get_bool (result_of (hands->json), "passed"));
  g_assert_cmpint (plenum_test_json_get_int (result_of (hands->json), "basis"), ==, 9);
  hands_again = end_vote_as (&room, room.chair, rerun, "show-of-hands", "\"counts\":[5,3,1]",
                             operation);
  plenum_test_assert_status (hands_again, 200);
  g_assert_true (g_bytes_equal (hands->body, hands_again->body));

  list_path = g_strdup_printf ("/api/v1/meetings/%s/votes", room.meeting_id);
  list = plenum_test_request (session, room.url, "GET", list_path, room.secretary, NULL);
  plenum_test_assert_status (list, 200);
  votes = cJSON_GetObjectItemCaseSensitive (list->json, "votes");
  g_assert_cmpint (cJSON_GetArraySize (votes), ==, 2);
  g_assert_cmpstr (plenum_test_json_get_string (cJSON_GetArrayItem (votes, 0), "state"), ==,
                   "annulled");
  g_assert_cmpstr (plenum_test_json_get_string (cJSON_GetArrayItem (votes, 1), "state"), ==,
                   "closed");
}

/* The attacker */

static GBytes *
read_bytes (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return g_bytes_new (NULL, 0);
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static gssize
find_bytes (GBytes       *haystack,
            const guint8 *needle,
            gsize         length)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (haystack, &size);

  for (gsize i = 0; length > 0 && i + length <= size; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, length) == 0)
      return (gssize) i;
  return -1;
}

static gboolean
contains_text (GBytes     *haystack,
               const char *text)
{
  return find_bytes (haystack, (const guint8 *) text, strlen (text)) >= 0;
}

static void
hex_to_bytes (const char *hex,
              guint8      out[32])
{
  for (guint i = 0; i < 32; i++)
    out[i] = (guint8) (g_ascii_xdigit_value (hex[2 * i]) * 16 +
                       g_ascii_xdigit_value (hex[2 * i + 1]));
}

static void
sha256 (const char *text,
        guint8      out[32])
{
  GChecksum *checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize length = 32;

  g_checksum_update (checksum, (const guchar *) text, (gssize) strlen (text));
  g_checksum_get_digest (checksum, out, &length);
  g_checksum_free (checksum);
}

#define N_VOTERS 9

typedef struct {
  char   *receipt;
  guint8  receipt_bytes[32];
  guint8  key[32];
  char   *key_hex;
  guint   member;
  guint   choice;
} KnownBallot;

/* A secret vote with known ballots from nine members in a known order; then, as whoever
 * holds the data folder, the log and the event history afterwards, try to tell who chose
 * what. */
static void
test_secret_attacker (void)
{
  g_auto(Room) room;
  g_autofree char *log_dir = plenum_test_mkdtemp ("votes-log");
  g_autofree char *log_path = g_build_filename (log_dir, "stderr.log", NULL);
  g_autofree char *vote_id = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *wal_path = NULL;
  g_autoptr(GBytes) live_wal = NULL;
  g_autoptr(GBytes) db_after = NULL;
  g_autoptr(GBytes) wal_after = NULL;
  g_autoptr(GBytes) db_stopped = NULL;
  g_autoptr(GBytes) log = NULL;
  g_autoptr(PlenumTestReply) closed = NULL;
  KnownBallot ballots[N_VOTERS];
  const guint choices[N_VOTERS] = { 0, 1, 0, 2, 0, 1, 0, 0, 1 };
  guint live_found = 0;
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;
  guint n_choice_rows = 0;

  room_start (&room, log_path);
  db_path = g_build_filename (plenum_test_server_get_data_dir (room.server), "plenum.db",
                              NULL);
  wal_path = g_strconcat (db_path, "-wal", NULL);
  for (guint i = 1; i <= N_VOTERS; i++)
    check_in (&room, i);
  vote_id = open_vote (&room, 0, "\"kind\":\"secret\",\"majority\":\"present\","
                                 "\"quorum_required\":true,\"changeable\":true");

  for (guint i = 0; i < N_VOTERS; i++)
    {
      g_autofree char *choice = NULL;

      ballots[i].receipt = random_receipt ();
      hex_to_bytes (ballots[i].receipt, ballots[i].receipt_bytes);
      sha256 (ballots[i].receipt, ballots[i].key);
      {
        GString *hex = g_string_new (NULL);

        for (guint j = 0; j < 32; j++)
          g_string_append_printf (hex, "%02x", ballots[i].key[j]);
        ballots[i].key_hex = g_string_free (hex, FALSE);
      }
      ballots[i].member = i + 1;
      ballots[i].choice = choices[i];
      choice = g_strdup_printf ("[%u]", choices[i]);
      ballot (&room, ballots[i].member, vote_id, choice, ballots[i].receipt);
    }

  /* While the vote is open the WAL does hold the choices' keys, in voting order: what
   * the close must leave no trace of. (A sanity check of where the test looks.) */
  live_wal = read_bytes (wal_path);
  for (guint i = 0; i < N_VOTERS; i++)
    {
      if (find_bytes (live_wal, ballots[i].key, 32) >= 0)
        live_found++;
      /* The receipt never reaches the disk, not even during the vote. */
      g_assert_false (contains_text (live_wal, ballots[i].receipt));
      g_assert_cmpint (find_bytes (live_wal, ballots[i].receipt_bytes, 32), <, 0);
    }
  g_assert_cmpuint (live_found, ==, N_VOTERS);

  closed = close_vote (&room, vote_id);
  assert_counts (closed->json, "[5,3,1]");
  g_assert_cmpint (plenum_test_json_get_int (result_of (closed->json), "ballots"), ==, N_VOTERS);

  /* Right after the close: the WAL is empty, and neither file holds a receipt. */
  wal_after = read_bytes (wal_path);
  g_assert_cmpuint (g_bytes_get_size (wal_after), ==, 0);
  db_after = read_bytes (db_path);
  for (guint i = 0; i < N_VOTERS; i++)
    {
      g_assert_false (contains_text (db_after, ballots[i].receipt));
      g_assert_cmpint (find_bytes (db_after, ballots[i].receipt_bytes, 32), <, 0);
    }

  /* Debug messages go to stdout, which the test reads as it comes: wait for the close's
   * line, so that the log read below holds every request of the vote. */
  {
    g_autofree char *line = g_strdup_printf ("votes/%s/close → 200", vote_id);

    g_assert_true (plenum_test_server_wait_output (room.server, line));
  }
  plenum_test_server_stop (room.server);

  /* The raw file: no receipt; each key once (in secret_choices), and the keys' places in
   * the file follow the keys' own order, not the order of voting. */
  db_stopped = read_bytes (db_path);
  {
    gssize offsets[N_VOTERS];
    guint order[N_VOTERS];
    gboolean ascending = TRUE;
    gboolean descending = TRUE;
    gboolean same_as_voting = TRUE;

    for (guint i = 0; i < N_VOTERS; i++)
      {
        g_assert_false (contains_text (db_stopped, ballots[i].receipt));
        g_assert_cmpint (find_bytes (db_stopped, ballots[i].receipt_bytes, 32), <, 0);
        g_assert_false (contains_text (db_stopped, ballots[i].key_hex));
        offsets[i] = find_bytes (db_stopped, ballots[i].key, 32);
        g_assert_cmpint (offsets[i], >=, 0);
        order[i] = i;
      }
    /* Sort the ballots by key. */
    for (guint i = 1; i < N_VOTERS; i++)
      for (guint j = i; j > 0 && memcmp (ballots[order[j - 1]].key, ballots[order[j]].key,
                                         32) > 0; j--)
        {
          guint t = order[j];

          order[j] = order[j - 1];
          order[j - 1] = t;
        }
    for (guint i = 1; i < N_VOTERS; i++)
      {
        ascending = ascending && offsets[order[i - 1]] < offsets[order[i]];
        descending = descending && offsets[order[i - 1]] > offsets[order[i]];
        same_as_voting = same_as_voting && order[i] == i;
      }
    g_assert_true (ascending || descending);
    /* Random receipts: the key order equals the voting order one time in 9!; then this
     * run proves nothing, and says so rather than pass silently. */
    if (same_as_voting)
      g_test_incomplete ("the random keys happened to sort in voting order");
  }
  {
    g_autoptr(GBytes) wal_stopped = read_bytes (wal_path);

    g_assert_cmpuint (g_bytes_get_size (wal_stopped), ==, 0);
  }

  /* Every table, every row: a row that names a member carries no choice and no key; the
   * choices' table has no rowid, no time and no account. */
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = "
                                           "'table' ORDER BY name", -1, &tables, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
      sqlite3_stmt *rows = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL), ==, SQLITE_OK);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          int n_columns = sqlite3_column_count (rows);
          gboolean names_member = FALSE;
          g_autoptr(GString) row_text = g_string_new (NULL);

          for (int c = 0; c < n_columns; c++)
            {
              const void *blob = sqlite3_column_blob (rows, c);
              int size = sqlite3_column_bytes (rows, c);

              if (blob != NULL)
                g_string_append_len (row_text, blob, size);
              g_string_append_c (row_text, '\x1f');
            }
          for (guint m = 0; m < N_MEMBERS; m++)
            names_member = names_member || strstr (row_text->str, room.ids[m]) != NULL;
          if (g_str_equal (table, "secret_choices"))
            {
              g_assert_false (names_member);
              n_choice_rows++;
            }
          if (names_member)
            {
              g_autoptr(GBytes) row_bytes = g_bytes_new (row_text->str, row_text->len);

              g_assert_cmpstr (table, !=, "open_ballots");
              g_assert_null (strstr (row_text->str, "\"choices\""));
              g_assert_null (strstr (row_text->str, "\"choice\""));
              for (guint i = 0; i < N_VOTERS; i++)
                {
                  g_assert_cmpint (find_bytes (row_bytes, ballots[i].key, 32), <, 0);
                  g_assert_false (contains_text (row_bytes, ballots[i].key_hex));
                  g_assert_false (contains_text (row_bytes, ballots[i].receipt));
                }
            }
          if (g_str_equal (table, "events") && strstr (row_text->str, "vote.ballot") != NULL)
            {
              /* A secret vote's ballot event: the vote and how many have voted. */
              g_assert_nonnull (strstr (row_text->str, vote_id));
              g_assert_false (names_member);
            }
        }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  g_assert_cmpuint (n_choice_rows, ==, N_VOTERS);
  {
    sqlite3_stmt *info = NULL;
    g_autoptr(GString) columns = g_string_new (NULL);

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info "
                                             "('secret_choices') ORDER BY cid", -1, &info,
                                         NULL), ==, SQLITE_OK);
    while (sqlite3_step (info) == SQLITE_ROW)
      g_string_append_printf (columns, "%s ", sqlite3_column_text (info, 0));
    sqlite3_finalize (info);
    g_assert_cmpstr (columns->str, ==, "vote_id ballot_key choice ");
    /* WITHOUT ROWID: there is no rowid to order the rows by. */
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rowid FROM secret_choices", -1, &info,
                                         NULL), !=, SQLITE_OK);
    sqlite3_finalize (info);
  }
  sqlite3_close (db);

  /* The server's log, with every debug message (they go to stdout, warnings to
   * stderr): no receipt, no key, no choice. */
  {
    g_autoptr(GBytes) err = read_bytes (log_path);
    gsize size = 0;
    const char *data = g_bytes_get_data (err, &size);
    g_autoptr(GString) text = g_string_new_len (data, (gssize) size);

    g_string_append (text, plenum_test_server_get_output (room.server));
    log = g_bytes_new (text->str, text->len);
  }
  /* The debug log was on: each request is in it. */
  g_assert_true (contains_text (log, "/ballots"));
  for (guint i = 0; i < N_VOTERS; i++)
    {
      g_assert_false (contains_text (log, ballots[i].receipt));
      g_assert_false (contains_text (log, ballots[i].key_hex));
    }
  g_assert_false (contains_text (log, "\"choices\""));
  g_assert_false (contains_text (log, "choice"));

  for (guint i = 0; i < N_VOTERS; i++)
    {
      g_free (ballots[i].receipt);
      g_free (ballots[i].key_hex);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  plenum_test_init (&argc, &argv);
  session = plenum_test_soup_session_new ("timeout", 30, NULL);

  g_test_add_func ("/plenum/votes/open-vote", test_open_vote);
  g_test_add_func ("/plenum/votes/quorum-and-conflicts", test_quorum_and_conflicts);
  g_test_add_func ("/plenum/votes/replace", test_replace);
  g_test_add_func ("/plenum/votes/candidates", test_candidates);
  g_test_add_func ("/plenum/votes/annul-and-show-of-hands", test_annul_and_show_of_hands);
  g_test_add_func ("/plenum/votes/secret-attacker", test_secret_attacker);

  status = g_test_run ();
  g_clear_object (&session);
  g_clear_pointer (&template_db, g_free);
  return status;
}
