/* test-pins.c — members change their own PIN; the secretariat issues, resets and unlocks
 * (PUT /api/v1/session/pin, PUT /api/v1/accounts/{name}/pin,
 * POST /api/v1/accounts/{name}/unlock), over real HTTP to the real plenum-server process
 * on 127.0.0.1, port 0. See docs/protocol.md, "Session".
 *
 * One shared server; every case works on accounts of its own, so that one case's failures
 * and locks never reach another. The server runs with G_MESSAGES_DEBUG set to its log domain, so that its
 * output holds everything it would log, and the last case checks that no PIN is in it.
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

#define TERMINAL_ID "c3000000-0000-4000-8000-000000000001"
#define SEAT_ID     "c3000000-0000-4000-8000-000000000002"
#define ROOM        "Phòng họp số 1"

/* PINs unlikely to turn up in the server's output by chance (ids, times, ports). */
static const char accounts_file[] =
  "{ \"accounts\": ["
  "    { \"name\": \"thu.ky\", \"display_name\": \"Thư Ký\", \"role\": \"secretary\", "
  "      \"pin\": \"90817263\" },"
  "    { \"name\": \"doi.pin\", \"display_name\": \"Đổi PIN\", \"role\": \"member\", "
  "      \"pin\": \"31415926\" },"
  "    { \"name\": \"sai.pin\", \"display_name\": \"Sai PIN\", \"role\": \"member\", "
  "      \"pin\": \"27182818\" },"
  "    { \"name\": \"cap.pin\", \"display_name\": \"Cấp PIN\", \"role\": \"member\", "
  "      \"pin\": \"16180339\" },"
  "    { \"name\": \"khoa.pin\", \"display_name\": \"Khóa PIN\", \"role\": \"member\", "
  "      \"pin\": \"14142135\" },"
  "    { \"name\": \"hinh.pin\", \"display_name\": \"Hình PIN\", \"role\": \"member\", "
  "      \"pin\": \"17320508\" },"
  "    { \"name\": \"chu.tich\", \"display_name\": \"Chủ Tịch\", \"role\": \"member\", "
  "      \"pin\": \"22360679\" } ],"
  "  \"bodies\": ["
  "    { \"name\": \"Ban A\", \"members\": [ \"doi.pin\", \"sai.pin\", \"cap.pin\", "
  "      \"khoa.pin\", \"hinh.pin\", \"chu.tich\" ] } ],"
  "  \"rooms\": ["
  "    { \"name\": \"Phòng họp số 1\", \"bodies\": [ \"Ban A\" ] } ] }";

/* Every PIN the cases send, right or wrong: none may reach the server's output. */
static const char * const pins_used[] = {
  "90817263", "31415926", "27182818", "16180339", "14142135", "17320508", "22360679",
  "58209749", "44592307", "81640628", "62089986", "28034825", "34211706", "79821480",
  NULL
};

static SoupSession *session;
static PlenumTestServer *server;
static char *secretary;

static const char *
base (void)
{
  if (server == NULL)
    {
      g_autofree char *dir = plenum_test_mkdtemp ("accounts");
      g_autofree char *path = g_build_filename (dir, "accounts.json", NULL);
      g_autofree char *data_dir = plenum_test_mkdtemp ("server");
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      const char *import[] = { "--data-dir", data_dir, "--import-accounts", path, NULL };
      /* A lock that outlasts the test: only an unlock or a new PIN lifts it in time. */
      const char *args[] = { "--pin-lockout-seconds", "600", NULL };

      g_file_set_contents (path, accounts_file, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (plenum_test_server_run (import, &out, NULL), ==, 0);
      g_assert_nonnull (strstr (out, "imported 7 accounts and 1 bodies"));
      /* The server inherits it, so that its output holds every debug message of its
       * own; only its domain, since the test's own would break the TAP output. */
      g_setenv ("G_MESSAGES_DEBUG", "plenum-server", TRUE);
      server = plenum_test_server_start (data_dir, args);
      secretary = plenum_test_sign_in (session, plenum_test_server_get_url (server), "thu.ky",
                                       "90817263", TERMINAL_ID, NULL);
    }
  return plenum_test_server_get_url (server);
}

static guint
sign_in_status (const char *name,
                const char *pin)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"pin\":\"%s\","
                                           "\"terminal_id\":\"" TERMINAL_ID "\"}", name, pin);
  g_autoptr(PlenumTestReply) reply = plenum_test_request (session, base (), "POST",
                                                          "/api/v1/session", NULL, body);

  if (reply->status == 401)
    plenum_test_error_message (reply, 401, "wrong_credentials");
  else if (reply->status == 429)
    plenum_test_error_message (reply, 429, "too_many_attempts");
  return reply->status;
}

static PlenumTestReply *
change_pin (const char *token,
            const char *current_pin,
            const char *new_pin)
{
  g_autofree char *body = g_strdup_printf ("{\"current_pin\":\"%s\",\"new_pin\":\"%s\"}",
                                           current_pin, new_pin);

  return plenum_test_request (session, base (), "PUT", "/api/v1/session/pin", token, body);
}

static PlenumTestReply *
set_pin (const char *authorization,
         const char *name,
         const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%s/pin", name);

  return plenum_test_request (session, base (), "PUT", path, authorization, body);
}

static PlenumTestReply *
unlock (const char *authorization,
        const char *name)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/accounts/%s/unlock", name);

  return plenum_test_request (session, base (), "POST", path, authorization, "{}");
}

/* Members change their own PIN: the new one signs in, the old one no longer does, and
 * the session it was changed from (and any other) stays valid. */
static void
test_change_own (void)
{
  g_autofree char *token = plenum_test_sign_in (session, base (), "doi.pin", "31415926",
                                                TERMINAL_ID, NULL);
  g_autofree char *other = plenum_test_sign_in (session, base (), "doi.pin", "31415926",
                                                SEAT_ID, NULL);
  g_autofree char *again = NULL;
  g_autoptr(PlenumTestReply) changed = NULL;
  g_autoptr(PlenumTestReply) bodies = NULL;
  g_autoptr(PlenumTestReply) secretary_changed = NULL;

  changed = change_pin (token, "31415926", "58209749");
  plenum_test_assert_status (changed, 204);
  g_assert_cmpuint (g_bytes_get_size (changed->body), ==, 0);

  g_assert_cmpuint (sign_in_status ("doi.pin", "31415926"), ==, 401);
  again = plenum_test_sign_in (session, base (), "doi.pin", "58209749", TERMINAL_ID, NULL);
  g_assert_nonnull (again);

  bodies = plenum_test_request (session, base (), "GET", "/api/v1/bodies", other, NULL);
  plenum_test_assert_status (bodies, 200);

  /* The secretariat changes its own the same way. */
  secretary_changed = change_pin (secretary, "90817263", "44592307");
  plenum_test_assert_status (secretary_changed, 204);
  g_assert_cmpuint (sign_in_status ("thu.ky", "90817263"), ==, 401);
  g_assert_cmpuint (sign_in_status ("thu.ky", "44592307"), ==, 201);
}

/* A wrong current PIN is a failed sign-in for the name: the same count, the same lock. */
static void
test_wrong_current_pin (void)
{
  g_autofree char *token = plenum_test_sign_in (session, base (), "sai.pin", "27182818",
                                                TERMINAL_ID, NULL);

  /* Two wrong sign-ins, then wrong current PINs: the fifth failure locks. */
  g_assert_cmpuint (sign_in_status ("sai.pin", "81640628"), ==, 401);
  g_assert_cmpuint (sign_in_status ("sai.pin", "81640628"), ==, 401);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PlenumTestReply) reply = change_pin (token, "62089986", "28034825");

      plenum_test_error_message (reply, i < 2 ? 401 : 429,
                                 i < 2 ? "wrong_credentials" : "too_many_attempts");
    }

  /* Locked: even the right PIN, for a change or a sign-in. */
  {
    g_autoptr(PlenumTestReply) reply = change_pin (token, "27182818", "28034825");

    plenum_test_error_message (reply, 429, "too_many_attempts");
  }
  g_assert_cmpuint (sign_in_status ("sai.pin", "27182818"), ==, 429);

  /* Other names are not affected. */
  g_assert_cmpuint (sign_in_status ("chu.tich", "22360679"), ==, 201);
}

/* Only the secretariat sets or unlocks PINs: not a member, not a terminal credential
 * (which cannot change "its own" PIN either), not without a token. A member learns
 * nothing about which names exist: 403 comes before 404. */
static void
test_forbidden (void)
{
  g_autofree char *member = plenum_test_sign_in (session, base (), "chu.tich", "22360679",
                                                 SEAT_ID, NULL);
  g_autofree char *terminal = plenum_test_enrol_terminal (session, base (), secretary, ROOM,
                                                          "Ghế 1", SEAT_ID);
  const char *callers[] = { member, terminal };
  const char *targets[] = { "cap.pin", "chu.tich", "thu.ky", "khong.co" };

  for (guint c = 0; c < G_N_ELEMENTS (callers); c++)
    {
      for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
        {
          g_autoptr(PlenumTestReply) set = set_pin (callers[c], targets[t],
                                                    "{\"pin\":\"34211706\"}");
          g_autoptr(PlenumTestReply) unlocked = unlock (callers[c], targets[t]);

          plenum_test_error_message (set, 403, "forbidden");
          plenum_test_error_message (unlocked, 403, "forbidden");
        }
    }
  {
    g_autoptr(PlenumTestReply) change = change_pin (terminal, "22360679", "34211706");
    g_autoptr(PlenumTestReply) anonymous_set = set_pin (NULL, "cap.pin",
                                                        "{\"pin\":\"34211706\"}");
    g_autoptr(PlenumTestReply) anonymous_unlock = unlock (NULL, "cap.pin");
    g_autoptr(PlenumTestReply) anonymous_change = change_pin (NULL, "16180339", "34211706");

    plenum_test_error_message (change, 403, "forbidden");
    plenum_test_error_message (anonymous_set, 401, "unauthorized");
    plenum_test_error_message (anonymous_unlock, 401, "unauthorized");
    plenum_test_error_message (anonymous_change, 401, "unauthorized");
  }

  /* Nothing changed. */
  g_assert_cmpuint (sign_in_status ("cap.pin", "16180339"), ==, 201);
  g_assert_cmpuint (sign_in_status ("chu.tich", "22360679"), ==, 201);
  g_assert_cmpuint (sign_in_status ("cap.pin", "34211706"), ==, 401);
}

/* The secretariat issues a PIN: the member signs in with it, not with the old one. An
 * unknown name is 404. */
static void
test_secretary_sets (void)
{
  g_autoptr(PlenumTestReply) set = NULL;
  g_autoptr(PlenumTestReply) again = NULL;
  g_autoptr(PlenumTestReply) unknown = NULL;
  g_autoptr(PlenumTestReply) unknown_unlock = NULL;
  g_autoptr(PlenumTestReply) bad_name = NULL;

  base ();
  set = set_pin (secretary, "cap.pin",
                 "{\"operation_id\":\"c3000000-0000-4000-8000-0000000000aa\","
                 "\"pin\":\"79821480\"}");
  plenum_test_assert_status (set, 204);
  g_assert_cmpuint (g_bytes_get_size (set->body), ==, 0);
  g_assert_cmpuint (sign_in_status ("cap.pin", "16180339"), ==, 401);
  g_assert_cmpuint (sign_in_status ("cap.pin", "79821480"), ==, 201);

  /* The same request again (an outbox retry) changes nothing. */
  again = set_pin (secretary, "cap.pin",
                   "{\"operation_id\":\"c3000000-0000-4000-8000-0000000000aa\","
                   "\"pin\":\"79821480\"}");
  plenum_test_assert_status (again, 204);
  g_assert_cmpuint (sign_in_status ("cap.pin", "79821480"), ==, 201);

  unknown = set_pin (secretary, "khong.co", "{\"pin\":\"79821480\"}");
  plenum_test_error_message (unknown, 404, "not_found");
  unknown_unlock = unlock (secretary, "khong.co");
  plenum_test_error_message (unknown_unlock, 404, "not_found");
  bad_name = unlock (secretary, "KHONG%20CO");
  plenum_test_error_message (bad_name, 404, "not_found");
}

/* Five wrong sign-ins lock the name; an unlock lifts the lock at once, and so does a new
 * PIN from the secretariat. */
static void
test_lock_and_unlock (void)
{
  g_autoptr(PlenumTestReply) unlocked = NULL;
  g_autoptr(PlenumTestReply) set = NULL;

  base ();
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (sign_in_status ("khoa.pin", "81640628"), ==, 401);
  g_assert_cmpuint (sign_in_status ("khoa.pin", "81640628"), ==, 429);
  g_assert_cmpuint (sign_in_status ("khoa.pin", "14142135"), ==, 429);

  unlocked = unlock (secretary, "khoa.pin");
  plenum_test_assert_status (unlocked, 204);
  g_assert_cmpuint (sign_in_status ("khoa.pin", "14142135"), ==, 201);

  /* The count starts again from zero after an unlock: four failures do not lock. */
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (sign_in_status ("khoa.pin", "81640628"), ==, 401);
  g_assert_cmpuint (sign_in_status ("khoa.pin", "81640628"), ==, 429);

  /* A reset lifts the lock too. */
  set = set_pin (secretary, "khoa.pin", "{\"pin\":\"28034825\"}");
  plenum_test_assert_status (set, 204);
  g_assert_cmpuint (sign_in_status ("khoa.pin", "28034825"), ==, 201);

  /* So does the unlock of the name locked by wrong current PINs. */
  {
    g_autoptr(PlenumTestReply) lifted = unlock (secretary, "sai.pin");

    plenum_test_assert_status (lifted, 204);
    g_assert_cmpuint (sign_in_status ("sai.pin", "27182818"), ==, 201);
  }
}

/* Bad shapes are 400 and, like a bad shape at sign-in, never count as failures. */
static void
test_bad_shapes (void)
{
  g_autofree char *token = plenum_test_sign_in (session, base (), "hinh.pin", "17320508",
                                                TERMINAL_ID, NULL);
  const char *changes[] = {
    "{\"current_pin\":\"17320508\",\"new_pin\":\"123\"}",
    "{\"current_pin\":\"17320508\",\"new_pin\":\"1234567890123\"}",
    "{\"current_pin\":\"17320508\",\"new_pin\":\"12a4\"}",
    "{\"current_pin\":\"17320508\",\"new_pin\":\"١٢٣٤\"}",
    "{\"current_pin\":\"17320508\",\"new_pin\":1234}",
    "{\"current_pin\":\"17320508\",\"new_pin\":\"17320508\"}",
    "{\"current_pin\":\"abcd\",\"new_pin\":\"62089986\"}",
    "{\"current_pin\":\"17320508\"}",
    "{\"new_pin\":\"62089986\"}",
    "{\"current_pin\":\"17320508\",\"new_pin\":\"62089986\",\"name\":\"thu.ky\"}",
    "[]",
  };
  const char *sets[] = {
    "{\"pin\":\"123\"}",
    "{\"pin\":\"1234567890123\"}",
    "{\"pin\":\" 1234\"}",
    "{\"pin\":1234}",
    "{\"pin\":null}",
    "{}",
    "{\"pin\":\"62089986\",\"operation_id\":\"not-a-uuid\"}",
    "{\"pin\":\"62089986\",\"role\":\"secretary\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autoptr(PlenumTestReply) reply = plenum_test_request (session, base (), "PUT",
                                                              "/api/v1/session/pin", token,
                                                              changes[i]);

      plenum_test_error_message (reply, 400, "bad_request");
    }
  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      g_autoptr(PlenumTestReply) reply = set_pin (secretary, "hinh.pin", sets[i]);

      plenum_test_error_message (reply, 400, "bad_request");
    }
  {
    g_autoptr(PlenumTestReply) reply = plenum_test_request (session, base (), "POST",
                                                            "/api/v1/accounts/hinh.pin/unlock",
                                                            secretary, "{\"all\":true}");
    g_autoptr(PlenumTestReply) get = plenum_test_request (session, base (), "GET",
                                                          "/api/v1/session/pin", token, NULL);

    plenum_test_error_message (reply, 400, "bad_request");
    plenum_test_error_message (get, 405, "method_not_allowed");
  }

  /* Nineteen refusals, no failure counted, nothing changed. */
  g_assert_cmpuint (sign_in_status ("hinh.pin", "17320508"), ==, 201);
}

/* No PIN, right or wrong, in anything the server printed (debug messages included). */
static void
test_no_pin_in_output (void)
{
  const char *output;

  base ();
  /* The debug messages are there: the output is not just empty. */
  g_assert_true (plenum_test_server_wait_output (server, "was given a new PIN"));
  g_assert_true (plenum_test_server_wait_output (server, "changed their PIN"));
  output = plenum_test_server_get_output (server);
  for (guint i = 0; pins_used[i] != NULL; i++)
    if (strstr (output, pins_used[i]) != NULL)
      g_error ("PIN %s is in the server's output", pins_used[i]);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);
  plenum_json_init ();
  session = plenum_test_soup_session_new (NULL);

  g_test_add_func ("/plenum/pins/change-own", test_change_own);
  g_test_add_func ("/plenum/pins/wrong-current-pin", test_wrong_current_pin);
  g_test_add_func ("/plenum/pins/forbidden", test_forbidden);
  g_test_add_func ("/plenum/pins/secretary-sets", test_secretary_sets);
  g_test_add_func ("/plenum/pins/lock-and-unlock", test_lock_and_unlock);
  g_test_add_func ("/plenum/pins/bad-shapes", test_bad_shapes);
  g_test_add_func ("/plenum/pins/no-pin-in-output", test_no_pin_in_output);

  status = g_test_run ();

  g_clear_pointer (&server, plenum_test_server_free);
  g_clear_pointer (&secretary, g_free);
  g_clear_object (&session);
  return status;
}
