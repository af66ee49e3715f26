/* test-throttle.c — PIN guessing is bound to the guessing terminal first (docs/protocol.md,
 * "Guessing PINs"): guesses from other terminals and from outside never lock the chair
 * out at the chair's own enrolled terminal; a terminal that guesses many names locks
 * itself; locks grow; the secretariat's unlocks lift them. Over real HTTP to the real
 * plenum-server process on 127.0.0.1, port 0.
 *
 * Every case has a server of its own (locks must not reach another case). The lockout is
 * the case's: ten minutes where a lock must outlast the case, one second where a lock's
 * end is waited for (a condition with a deadline: the server answering something other
 * than 429).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <string.h>

#include "core/plenum-core.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-util.h"

#define WAIT_MS 20000

#define CHAIR_SEAT  "d4000000-0000-4000-8000-000000000001"
#define SEAT_A      "d4000000-0000-4000-8000-000000000002"
#define SEAT_B      "d4000000-0000-4000-8000-000000000003"
#define OUTSIDE     "d4000000-0000-4000-8000-0000000000ee"
#define ROOM        "Phòng họp số 1"

#define CHAIR_PIN   "1357"
#define MEMBER_PIN  "2468"
#define WRONG_PIN   "0000"

static const char accounts_file[] =
  "{ \"accounts\": ["
  "    { \"name\": \"chu.tich\", \"display_name\": \"Chủ Tịch\", \"role\": \"member\", "
  "      \"pin\": \"" CHAIR_PIN "\" },"
  "    { \"name\": \"uy.vien\", \"display_name\": \"Ủy Viên\", \"role\": \"member\", "
  "      \"pin\": \"" MEMBER_PIN "\" },"
  "    { \"name\": \"thu.ky\", \"display_name\": \"Thư Ký\", \"role\": \"secretary\", "
  "      \"pin\": \"9999\" } ],"
  "  \"bodies\": ["
  "    { \"name\": \"Ban A\", \"members\": [ \"chu.tich\", \"uy.vien\" ] } ],"
  "  \"rooms\": ["
  "    { \"name\": \"" ROOM "\", \"bodies\": [ \"Ban A\" ] } ] }";

static SoupSession *session;

typedef struct {
  PlenumTestServer *server;
  char             *secretary;
  char             *chair_seat;  /* "Terminal …" of each enrolled terminal */
  char             *seat_a;
  char             *seat_b;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *dir = plenum_test_mkdtemp ("accounts");
  g_autofree char *path = g_build_filename (dir, "accounts.json", NULL);
  g_autofree char *data_dir = plenum_test_mkdtemp ("server");
  g_autoptr(GError) error = NULL;
  const char *import[] = { "--data-dir", data_dir, "--import-accounts", path, NULL };
  g_autofree char *lockout = g_strdup_printf ("%d", GPOINTER_TO_INT (data));
  const char *args[] = { "--pin-lockout-seconds", lockout, NULL };
  const char *url;

  g_file_set_contents (path, accounts_file, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plenum_test_server_run (import, NULL, NULL), ==, 0);
  fixture->server = plenum_test_server_start (data_dir, args);
  url = plenum_test_server_get_url (fixture->server);
  fixture->secretary = plenum_test_sign_in (session, url, "thu.ky", "9999", OUTSIDE, NULL);
  fixture->chair_seat = plenum_test_enrol_terminal (session, url, fixture->secretary, ROOM,
                                                    "Ghế chủ tọa", CHAIR_SEAT);
  fixture->seat_a = plenum_test_enrol_terminal (session, url, fixture->secretary, ROOM,
                                                "Ghế 1", SEAT_A);
  fixture->seat_b = plenum_test_enrol_terminal (session, url, fixture->secretary, ROOM,
                                                "Ghế 2", SEAT_B);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  plenum_test_server_stop (fixture->server);
  g_clear_pointer (&fixture->server, plenum_test_server_free);
  g_free (fixture->secretary);
  g_free (fixture->chair_seat);
  g_free (fixture->seat_a);
  g_free (fixture->seat_b);
}

/* POST /api/v1/session as @name with @pin for @terminal_id, with the terminal credential
 * @credential (a whole "Terminal …" value, or NULL: from outside). Returns the status;
 * *@retry_after (may be NULL) gets the Retry-After of a 429 as a number. */
static guint
attempt (Fixture    *fixture,
         const char *credential,
         const char *name,
         const char *pin,
         const char *terminal_id,
         gint64     *retry_after)
{
  g_autofree char *uri = g_strconcat (plenum_test_server_get_url (fixture->server),
                                      "/api/v1/session", NULL);
  g_autofree char *json = g_strdup_printf ("{\"name\":\"%s\",\"pin\":\"%s\","
                                           "\"terminal_id\":\"%s\"}", name, pin, terminal_id);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  const char *code;
  gint64 seconds = 0;
  guint status;

  if (credential != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  credential);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  status = soup_message_get_status (msg);
  if (retry_after != NULL)
    *retry_after = 0;
  if (status == 201)
    return status;

  root = plenum_json_parse (g_bytes_get_data (answer, NULL), (gssize) g_bytes_get_size (answer),
                            &error);
  g_assert_no_error (error);
  code = cJSON_GetObjectItemCaseSensitive (cJSON_GetObjectItemCaseSensitive (root, "error"),
                                           "code")->valuestring;
  if (status == 429)
    {
      const char *header = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                         "Retry-After");

      g_assert_cmpstr (code, ==, "too_many_attempts");
      g_assert_nonnull (header);
      g_assert_true (g_ascii_string_to_signed (header, 10, 1, 3600, &seconds, NULL));
      if (retry_after != NULL)
        *retry_after = seconds;
    }
  else
    {
      g_assert_cmpuint (status, ==, 401);
      g_assert_cmpstr (code, ==, "wrong_credentials");
    }
  return status;
}

typedef struct {
  Fixture    *fixture;
  const char *credential;
  const char *name;
  const char *terminal_id;
  guint       status;
} Waiting;

static gboolean
attempt_counted (gpointer user_data)
{
  Waiting *waiting = user_data;

  waiting->status = attempt (waiting->fixture, waiting->credential, waiting->name, WRONG_PIN,
                             waiting->terminal_id, NULL);
  return waiting->status != 429;
}

/* Sends wrong guesses until one is counted again (the lock has ended): a condition with
 * a deadline, never a sleep. The counted guess is the first failure of the next round. */
static void
wait_unlocked (Fixture    *fixture,
               const char *credential,
               const char *name,
               const char *terminal_id)
{
  Waiting waiting = { fixture, credential, name, terminal_id, 0 };

  g_assert_true (plenum_test_wait_until (NULL, attempt_counted, &waiting, WAIT_MS));
  g_assert_cmpuint (waiting.status, ==, 401);
}

/* 20 and more wrong guesses of the chair's name — from two other enrolled terminals, from
 * outside, and from outside claiming the chair's own terminal id without its credential —
 * lock those origins, never the chair at the chair's own seat. */
static void
test_chair_keeps_own_seat (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *origins[][2] = {
    { NULL, SEAT_A }, { NULL, SEAT_B }, { NULL, OUTSIDE }, { NULL, CHAIR_SEAT },
  };
  guint guesses = 0;
  gint64 retry_after = 0;

  origins[0][0] = fixture->seat_a;
  origins[1][0] = fixture->seat_b;
  for (guint o = 0; o < G_N_ELEMENTS (origins); o++)
    for (guint i = 0; i < 6; i++)
      {
        guint status = attempt (fixture, origins[o][0], "chu.tich", WRONG_PIN, origins[o][1],
                                &retry_after);

        /* Outside is one origin, whatever terminal id it claims: its key is already
         * locked when the second outside run starts. */
        if (o == 3)
          g_assert_cmpuint (status, ==, 429);
        else
          g_assert_cmpuint (status, ==, i < 4 ? 401 : 429);
        guesses++;
      }
  g_assert_cmpuint (guesses, >=, 20);

  /* The chair at the chair's seat, with the terminal's credential. */
  g_assert_cmpuint (attempt (fixture, fixture->chair_seat, "chu.tich", CHAIR_PIN, CHAIR_SEAT,
                             NULL), ==, 201);
  /* The guessers are still locked, even with the right PIN. */
  g_assert_cmpuint (attempt (fixture, fixture->seat_a, "chu.tich", CHAIR_PIN, SEAT_A, NULL),
                    ==, 429);
  g_assert_cmpuint (attempt (fixture, NULL, "chu.tich", CHAIR_PIN, OUTSIDE, NULL), ==, 429);
  /* A credential of another terminal than the one named counts as outside. */
  g_assert_cmpuint (attempt (fixture, fixture->seat_b, "chu.tich", CHAIR_PIN, CHAIR_SEAT,
                             NULL), ==, 429);
}

/* A terminal guessing many names locks itself after 3 × 5 failures, before any name;
 * other terminals are not affected; the secretariat's unlock of the terminal lifts it. */
static void
test_terminal_locks_first (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *url = plenum_test_server_get_url (fixture->server);
  gint64 retry_after = 0;

  for (guint i = 0; i < 15; i++)
    {
      g_autofree char *name = g_strdup_printf ("khach.%u", i / 3);

      g_assert_cmpuint (attempt (fixture, fixture->seat_a, name, WRONG_PIN, SEAT_A,
                                 &retry_after), ==, i < 14 ? 401 : 429);
    }
  g_assert_cmpint (retry_after, ==, 600);

  /* Every name at that terminal, even with the right PIN; not at another terminal. */
  g_assert_cmpuint (attempt (fixture, fixture->seat_a, "uy.vien", MEMBER_PIN, SEAT_A, NULL),
                    ==, 429);
  g_assert_cmpuint (attempt (fixture, fixture->seat_b, "uy.vien", MEMBER_PIN, SEAT_B, NULL),
                    ==, 201);

  /* Only the secretariat unlocks a terminal; unknown terminals are 404. */
  {
    g_autofree char *member = plenum_test_sign_in (session, url, "uy.vien", MEMBER_PIN,
                                                   OUTSIDE, NULL);
    g_autoptr(PlenumTestReply) by_member = NULL;
    g_autoptr(PlenumTestReply) by_terminal = NULL;
    g_autoptr(PlenumTestReply) unknown = NULL;
    g_autoptr(PlenumTestReply) unlocked = NULL;

    by_member = plenum_test_request (session, url, "POST",
                                     "/api/v1/terminals/" SEAT_A "/unlock", member, "{}");
    plenum_test_error_message (by_member, 403, "forbidden");
    by_terminal = plenum_test_request (session, url, "POST",
                                       "/api/v1/terminals/" SEAT_A "/unlock",
                                       fixture->seat_a, "{}");
    plenum_test_error_message (by_terminal, 403, "forbidden");
    unknown = plenum_test_request (session, url, "POST",
                                   "/api/v1/terminals/" OUTSIDE "/unlock",
                                   fixture->secretary, "{}");
    plenum_test_error_message (unknown, 404, "not_found");
    unlocked = plenum_test_request (session, url, "POST",
                                    "/api/v1/terminals/" SEAT_A "/unlock",
                                    fixture->secretary, "{}");
    plenum_test_assert_status (unlocked, 204);
  }
  /* The lock had ten minutes to run: the unlock lifted it. */
  g_assert_cmpuint (attempt (fixture, fixture->seat_a, "uy.vien", MEMBER_PIN, SEAT_A, NULL),
                    ==, 201);
}

/* Each further lock of a key lasts twice as long: a name at a terminal, and the terminal. */
static void
test_growing_locks (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 retry_after = 0;
  guint n = 0;

  /* The name's key at seat A: 1 s, then 2 s, then 4 s. */
  for (guint i = 0; i < 5; i++)
    attempt (fixture, fixture->seat_a, "chu.tich", WRONG_PIN, SEAT_A, &retry_after);
  g_assert_cmpint (retry_after, ==, 1);
  wait_unlocked (fixture, fixture->seat_a, "chu.tich", SEAT_A);
  for (guint i = 0; i < 4; i++)
    attempt (fixture, fixture->seat_a, "chu.tich", WRONG_PIN, SEAT_A, &retry_after);
  g_assert_cmpint (retry_after, ==, 2);
  wait_unlocked (fixture, fixture->seat_a, "chu.tich", SEAT_A);
  for (guint i = 0; i < 4; i++)
    attempt (fixture, fixture->seat_a, "chu.tich", WRONG_PIN, SEAT_A, &retry_after);
  g_assert_cmpint (retry_after, ==, 4);

  /* The secretariat's unlock of the name lifts it (and its growth) at every terminal. */
  {
    g_autoptr(PlenumTestReply) unlocked = NULL;
    g_autoptr(PlenumTestReply) unlocked_terminal = NULL;

    unlocked = plenum_test_request (session, plenum_test_server_get_url (fixture->server),
                                    "POST", "/api/v1/accounts/chu.tich/unlock",
                                    fixture->secretary, "{}");
    plenum_test_assert_status (unlocked, 204);
    /* The terminal's own key had counted those 15 failures too (and locked): lifted
     * apart, by its own unlock. */
    unlocked_terminal = plenum_test_request (session,
                                             plenum_test_server_get_url (fixture->server),
                                             "POST", "/api/v1/terminals/" SEAT_A "/unlock",
                                             fixture->secretary, "{}");
    plenum_test_assert_status (unlocked_terminal, 204);
  }
  for (guint i = 0; i < 5; i++)
    attempt (fixture, fixture->seat_a, "chu.tich", WRONG_PIN, SEAT_A, &retry_after);
  g_assert_cmpint (retry_after, ==, 1);

  /* The terminal's key at seat B, each guess a new name: 1 s, then 2 s. */
  for (guint i = 0; i < 15; i++, n++)
    {
      g_autofree char *name = g_strdup_printf ("khach.%u", n);

      attempt (fixture, fixture->seat_b, name, WRONG_PIN, SEAT_B, &retry_after);
    }
  g_assert_cmpint (retry_after, ==, 1);
  wait_unlocked (fixture, fixture->seat_b, "khach.moi", SEAT_B);
  for (guint i = 0; i < 14; i++, n++)
    {
      g_autofree char *name = g_strdup_printf ("khach.%u", n);

      attempt (fixture, fixture->seat_b, name, WRONG_PIN, SEAT_B, &retry_after);
    }
  g_assert_cmpint (retry_after, ==, 2);
}

/* A wrong current PIN at PUT /api/v1/session/pin counts at the session's enrolled
 * terminal like a sign-in there: it does not lock the name elsewhere. */
static void
test_change_pin_at_terminal (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *url = plenum_test_server_get_url (fixture->server);
  g_autofree char *token = NULL;
  g_autofree char *sign_in = g_strdup_printf ("{\"name\":\"uy.vien\",\"pin\":\"" MEMBER_PIN
                                              "\",\"terminal_id\":\"" SEAT_A "\"}");
  g_autoptr(PlenumTestReply) signed_in = NULL;

  signed_in = plenum_test_request (session, url, "POST", "/api/v1/session", fixture->seat_a,
                                   sign_in);
  plenum_test_assert_status (signed_in, 201);
  token = g_strdup (plenum_test_json_get_string (signed_in->json, "token"));
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(PlenumTestReply) reply = NULL;

      reply = plenum_test_request (session, url, "PUT", "/api/v1/session/pin", token,
                                   "{\"current_pin\":\"1111\",\"new_pin\":\"2222\"}");
      plenum_test_error_message (reply, i < 4 ? 401 : 429,
                                 i < 4 ? "wrong_credentials" : "too_many_attempts");
    }
  /* Locked at seat A; from seat B the name still signs in. */
  g_assert_cmpuint (attempt (fixture, fixture->seat_a, "uy.vien", MEMBER_PIN, SEAT_A, NULL),
                    ==, 429);
  g_assert_cmpuint (attempt (fixture, fixture->seat_b, "uy.vien", MEMBER_PIN, SEAT_B, NULL),
                    ==, 201);
}

int
main (int    argc,
      char **argv)
{
  int status;

  plenum_test_init (&argc, &argv);
  session = plenum_test_soup_session_new (NULL);

  g_test_add ("/plenum/throttle/chair-keeps-own-seat", Fixture, GINT_TO_POINTER (600),
              fixture_set_up, test_chair_keeps_own_seat, fixture_tear_down);
  g_test_add ("/plenum/throttle/terminal-locks-first", Fixture, GINT_TO_POINTER (600),
              fixture_set_up, test_terminal_locks_first, fixture_tear_down);
  g_test_add ("/plenum/throttle/growing-locks", Fixture, GINT_TO_POINTER (1),
              fixture_set_up, test_growing_locks, fixture_tear_down);
  g_test_add ("/plenum/throttle/change-pin-at-terminal", Fixture, GINT_TO_POINTER (600),
              fixture_set_up, test_change_pin_at_terminal, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&session);
  return status;
}
