/* test-room.c — a simulated meeting room (issue #7): the chair and 30 members, each a
 * terminal of its own (its own store and the client's own sync engine, headless, all in
 * this process), against one real plenum-server. They check in, follow the chair
 * through the agenda, vote in a secret and an open vote; some members lose the network
 * and cast their ballots offline, and those ballots arrive before the close (counted)
 * or after it (refused with vote_closed, and kept on the terminal). The tallies are
 * checked exactly against the ballots the test cast.
 *
 * The second case runs the same meeting with every member behind the real fault proxy,
 * which cuts connections at random byte positions and answers some requests with 503:
 * retries and reconnections must not lose a ballot nor count one twice.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "core/plenum-core.h"
#include "core/plenum-live.h"
#include "store/plenum-store-private.h"
#include "sync/plenum-chair.h"
#include "sync/plenum-sync-engine.h"
#include "plenum-fault-proxy.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

/* Deadlines: generous for sanitizer builds on a loaded machine; a passing run takes a
 * fraction of them. */
#define WAIT_MS          120000

#define N_MEMBERS        30
/* Members 0 … N_EARLY-1 of the offline group come back before the close, the others
 * after it. */
#define N_OFFLINE        5
#define N_EARLY          3
#define N_ITEMS          3

#define CHAIR            "chu.toa"
#define CHAIR_PIN        "246810"
#define SECRETARY        "van.phong"
#define SECRETARY_PIN    "135790"
#define BODY             "Ban Thường vụ thử nghiệm"

/* The members' engines back off up to this (PLENUM_TEST_RECONNECT_MAX_MS elsewhere). */
#define RECONNECT_MAX_MS 300

static SoupSession *session;

/* The server, seeded once per case: accounts (the chair, 30 members, a secretary), one
 * body, and a meeting starting soon with N_ITEMS items of one PDF each. */

typedef struct {
  char             *dir;
  PlenumTestServer *server;
  char             *meeting_id;
  char             *items[N_ITEMS];
  char             *documents[N_ITEMS];
} Room;

static char *
member_name (guint i)
{
  return g_strdup_printf ("thanh.vien.%02u", i + 1);
}

static char *
member_pin (guint i)
{
  return g_strdup_printf ("5100%02u", i + 1);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static Room *
room_new (void)
{
  Room *room = g_new0 (Room, 1);
  g_autofree char *packet_dir = NULL;
  g_autofree char *accounts_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *starts_at = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) soon = g_date_time_add_minutes (now, 30);
  g_autoptr(GString) accounts = g_string_new ("{ \"accounts\": [");
  g_autoptr(GString) members = g_string_new ("\"" CHAIR "\"");
  g_autoptr(GString) packet = g_string_new (NULL);
  g_autoptr(PlenumTestReply) meeting = NULL;
  g_autofree char *chair_token = NULL;
  const cJSON *agenda;
  int status;

  room->dir = plenum_test_mkdtemp ("room-server");
  packet_dir = g_build_filename (room->dir, "packet", NULL);
  g_assert_cmpint (g_mkdir (packet_dir, 0700), ==, 0);

  g_string_append (accounts,
                   "{ \"name\": \"" CHAIR "\", \"display_name\": \"Chủ tọa\", "
                   "\"role\": \"member\", \"pin\": \"" CHAIR_PIN "\" },"
                   "{ \"name\": \"" SECRETARY "\", \"display_name\": \"Văn phòng\", "
                   "\"role\": \"secretary\", \"pin\": \"" SECRETARY_PIN "\" }");
  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_autofree char *name = member_name (i);
      g_autofree char *pin = member_pin (i);

      g_string_append_printf (accounts, ", { \"name\": \"%s\", \"display_name\": "
                              "\"Thành viên %02u\", \"role\": \"member\", \"pin\": \"%s\" }",
                              name, i + 1, pin);
      g_string_append_printf (members, ", \"%s\"", name);
    }
  g_string_append_printf (accounts, "], \"bodies\": [ { \"name\": \"" BODY "\", "
                          "\"members\": [ %s ] } ] }", members->str);
  write_file (room->dir, "accounts.json", accounts->str, -1);

  room->meeting_id = plenum_uuid_new ();
  starts_at = g_date_time_format_iso8601 (soon);
  g_string_append_printf (packet, "{ \"meeting\": { \"id\": \"%s\", \"body\": \"" BODY "\", "
                          "\"title\": \"Phiên họp thử\", \"starts_at\": \"%s\", "
                          "\"chair\": \"" CHAIR "\" }, \"items\": [", room->meeting_id,
                          starts_at);
  for (guint i = 0; i < N_ITEMS; i++)
    {
      g_autofree char *label = g_strdup_printf ("item %u of %s", i + 1, room->meeting_id);
      g_autofree char *file = g_strdup_printf ("%02u.pdf", i + 1);
      g_autoptr(GBytes) pdf = plenum_test_make_pdf (label, 0);
      gsize length;
      const char *data = g_bytes_get_data (pdf, &length);

      write_file (packet_dir, file, data, (gssize) length);
      g_string_append_printf (packet, "%s{ \"number\": \"%u\", \"title\": \"Nội dung %u\", "
                              "\"documents\": [ { \"file\": \"%s\", \"title\": \"Tờ trình %u\" "
                              "} ] }", i > 0 ? ", " : "", i + 1, i + 1, file, i + 1);
    }
  g_string_append (packet, "] }");
  write_file (packet_dir, "packet.json", packet->str, -1);

  accounts_path = g_build_filename (room->dir, "accounts.json", NULL);
  {
    const char *args[] = { "--data-dir", room->dir, "--import-accounts", accounts_path,
                           "--import-packet", packet_dir, NULL };

    status = plenum_test_server_run (args, &out, &err);
    if (status != 0)
      g_printerr ("%s%s", out, err);
    g_assert_cmpint (status, ==, 0);
  }

  room->server = plenum_test_server_start (room->dir, NULL);

  /* The ids of the items and documents, as the chair sees them. */
  chair_token = plenum_test_sign_in (session, plenum_test_server_get_url (room->server), CHAIR,
                                     CHAIR_PIN, "0b7c3a52-1d2e-4f60-8a9b-1c2d3e4f5a6b", NULL);
  {
    g_autofree char *path = g_strconcat ("/api/v1/meetings/", room->meeting_id, NULL);

    meeting = plenum_test_request (session, plenum_test_server_get_url (room->server), "GET",
                                   path, chair_token, NULL);
  }
  plenum_test_assert_status (meeting, 200);
  agenda = cJSON_GetObjectItemCaseSensitive (meeting->json, "agenda");
  g_assert_cmpint (cJSON_GetArraySize (agenda), ==, N_ITEMS);
  for (guint i = 0; i < N_ITEMS; i++)
    {
      const cJSON *item = cJSON_GetArrayItem (agenda, (int) i);
      const cJSON *documents = cJSON_GetObjectItemCaseSensitive (item, "documents");

      room->items[i] = g_strdup (plenum_test_json_get_string (item, "id"));
      room->documents[i] = g_strdup (plenum_test_json_get_string (cJSON_GetArrayItem (documents, 0),
                                                                  "id"));
      g_assert_true (plenum_is_uuid (room->items[i]));
      g_assert_true (plenum_is_uuid (room->documents[i]));
    }
  return room;
}

static void
room_free (Room *room)
{
  plenum_test_server_free (room->server);
  for (guint i = 0; i < N_ITEMS; i++)
    {
      g_free (room->items[i]);
      g_free (room->documents[i]);
    }
  g_free (room->meeting_id);
  g_free (room->dir);
  g_free (room);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Room, room_free)

/* One terminal: a store in its own folder, an engine, a signed-in account */

typedef struct {
  char             *data_dir;
  PlenumStore      *store;
  PlenumSyncEngine *engine;
  char             *account_id;
} Terminal;

static Terminal *
terminal_new (const char *url,
              const char *name,
              const char *pin)
{
  Terminal *t = g_new0 (Terminal, 1);

  t->data_dir = plenum_test_mkdtemp ("room-terminal");
  t->store = plenum_test_open_store (t->data_dir, WAIT_MS);
  t->engine = plenum_test_engine_new (t->store, url);
  /* Thirty terminals reconnecting at once: they back off a little further. */
  plenum_sync_engine_set_reconnect_delays (t->engine, PLENUM_TEST_RECONNECT_MIN_MS,
                                           RECONNECT_MAX_MS);
  plenum_test_engine_sign_in_ok (t->engine, name, pin, WAIT_MS);
  t->account_id = g_strdup (plenum_test_engine_account_id (t->engine));
  return t;
}

static void
terminal_free (Terminal *t)
{
  plenum_test_engine_close (t->engine, t->store, NULL, WAIT_MS);
  g_free (t->account_id);
  g_free (t->data_dir);
  g_free (t);
}

/* The whole room: the chair's terminal (direct), the members' terminals (through the
 * proxies chosen by the case), and the chair's actions. */

typedef struct {
  Room             *room;
  Terminal         *chair;
  PlenumChair      *actions;
  Terminal         *members[N_MEMBERS];
  /* The offline group's link: the early ones and the late ones. */
  PlenumFaultProxy *early;
  PlenumFaultProxy *late;
  /* The faulty case: every member behind this one. */
  PlenumFaultProxy *faulty;
} Meeting;

static gboolean
in_offline_group (guint i)
{
  return i >= N_MEMBERS - N_OFFLINE;
}

static gboolean
in_early_group (guint i)
{
  return in_offline_group (i) && i < N_MEMBERS - N_OFFLINE + N_EARLY;
}

static PlenumFaultProxy *
proxy_new (Room *room)
{
  g_autoptr(GError) error = NULL;
  PlenumFaultProxy *proxy = plenum_fault_proxy_new_for_url (plenum_test_server_get_url (room->server),
                                                             &error);

  g_assert_no_error (error);
  return proxy;
}

static void
meeting_start (Meeting  *m,
               Room     *room,
               gboolean  faulty)
{
  const char *url = plenum_test_server_get_url (room->server);

  memset (m, 0, sizeof *m);
  m->room = room;
  m->early = proxy_new (room);
  m->late = proxy_new (room);
  if (faulty)
    {
      m->faulty = proxy_new (room);
      /* Connections die after 2 to 40 KiB: event streams, fetches and ballots alike. */
      plenum_fault_proxy_set_cut_random (m->faulty, 20261128, 2048, 40960);
    }

  m->chair = terminal_new (url, CHAIR, CHAIR_PIN);
  m->actions = plenum_chair_new (m->chair->engine, room->meeting_id);
  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_autofree char *name = member_name (i);
      g_autofree char *pin = member_pin (i);
      const char *member_url = url;

      if (in_early_group (i))
        member_url = plenum_fault_proxy_get_url (m->early);
      else if (in_offline_group (i))
        member_url = plenum_fault_proxy_get_url (m->late);
      else if (m->faulty != NULL)
        member_url = plenum_fault_proxy_get_url (m->faulty);
      m->members[i] = terminal_new (member_url, name, pin);
    }
}

static void
meeting_stop (Meeting *m)
{
  for (guint i = 0; i < N_MEMBERS; i++)
    terminal_free (m->members[i]);
  g_clear_object (&m->actions);
  terminal_free (m->chair);
  g_clear_object (&m->early);
  g_clear_object (&m->late);
  g_clear_object (&m->faulty);
}

/* Waiting on every terminal */

typedef gboolean (*TerminalCheck) (Meeting  *m,
                                   Terminal *t,
                                   gpointer  data);

typedef struct {
  Meeting       *m;
  TerminalCheck  check;
  gpointer       data;
  guint          first;
  guint          last;   /* exclusive */
} AllWait;

static gboolean
all_hold (gpointer user_data)
{
  AllWait *wait = user_data;

  for (guint i = wait->first; i < wait->last; i++)
    if (!wait->check (wait->m, wait->m->members[i], wait->data))
      return FALSE;
  return TRUE;
}

#define wait_members(m, first, last, check, data) \
  wait_members_full (m, first, last, check, data, G_STRINGIFY (check))

static void
wait_members_full (Meeting       *m,
              guint          first,
              guint          last,
              TerminalCheck  check,
              gpointer       data,
              const char    *what)
{
  AllWait wait = { m, check, data, first, last };

  if (!plenum_test_wait_until (NULL, all_hold, &wait, WAIT_MS))
    {
      for (guint i = first; i < last; i++)
        if (!check (m, m->members[i], data))
          g_printerr ("member %u is not there yet (online: %d)\n", i, plenum_sync_engine_get_online (m->members[i]->engine));
      g_error ("the room did not get there in time (%s)", what);
    }
}

static gboolean
has_meeting (Meeting  *m,
             Terminal *t,
             gpointer  data)
{
  g_autoptr(PlenumMeeting) meeting = plenum_sync_engine_get_meeting (t->engine,
                                                                     m->room->meeting_id);

  return meeting != NULL;
}

typedef struct {
  const char *item_id;
  const char *document_id;
  gint        page;
} Where;

static gboolean
at_position (Meeting  *m,
             Terminal *t,
             gpointer  data)
{
  Where *where = data;
  g_autoptr(PlenumPosition) position = plenum_sync_engine_get_position (t->engine,
                                                                        m->room->meeting_id);

  return position != NULL
         && g_strcmp0 (plenum_position_get_item_id (position), where->item_id) == 0
         && g_strcmp0 (plenum_position_get_document_id (position), where->document_id) == 0
         && plenum_position_get_page (position) == where->page;
}

static gboolean
has_open_vote (Meeting  *m,
               Terminal *t,
               gpointer  data)
{
  g_autoptr(PlenumStoredVote) vote = plenum_store_get_open_vote (t->store, m->room->meeting_id);

  return vote != NULL && g_str_equal (plenum_stored_vote_get_id (vote), data);
}

static gboolean
vote_is_closed (Meeting  *m,
                Terminal *t,
                gpointer  data)
{
  return plenum_test_vote_is (t->store, m->room->meeting_id, data, PLENUM_VOTE_STATE_CLOSED);
}

typedef struct {
  const char        *vote_id;
  PlenumBallotState  state;
} BallotWait;

static gboolean
ballot_in_state (Meeting  *m,
                 Terminal *t,
                 gpointer  data)
{
  BallotWait *wait = data;

  return plenum_test_ballot_is (t->store, t->account_id, wait->vote_id, wait->state);
}

static void
wait_ballots (Meeting           *m,
              guint              first,
              guint              last,
              const char        *vote_id,
              PlenumBallotState  state)
{
  BallotWait wait = { vote_id, state };

  wait_members (m, first, last, ballot_in_state, &wait);
}

static gboolean
engine_offline (Meeting  *m,
                Terminal *t,
                gpointer  data)
{
  return !plenum_sync_engine_get_online (t->engine);
}

/* The chair's actions, waited for */

static void
chair_done (Meeting *m,
            GAsyncResult **result)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, result, WAIT_MS));
  g_assert_true (plenum_chair_finish (m->actions, *result, &error));
  g_assert_no_error (error);
  g_clear_object (result);
}

static void
chair_move (Meeting    *m,
            const char *item_id,
            const char *document_id,
            gint        page)
{
  g_autoptr(GAsyncResult) result = NULL;
  Where where = { item_id, document_id, page };

  plenum_chair_move_async (m->actions, item_id, document_id, page, NULL,
                           plenum_test_got_result_cb, &result);
  chair_done (m, &result);
  /* Every seat follows. */
  wait_members (m, 0, N_MEMBERS, at_position, &where);
}

static char *
chair_open_vote (Meeting              *m,
                 const PlenumVoteSpec *spec)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *vote_id;

  plenum_chair_open_vote_async (m->actions, spec, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  vote_id = plenum_chair_open_vote_finish (m->actions, result, &error);
  g_assert_no_error (error);
  g_assert_true (plenum_is_uuid (vote_id));
  return vote_id;
}

static void
chair_close_vote (Meeting    *m,
                  const char *vote_id)
{
  g_autoptr(GAsyncResult) result = NULL;

  plenum_chair_close_vote_async (m->actions, vote_id, NULL, plenum_test_got_result_cb,
                                 &result);
  chair_done (m, &result);
}

/* The vote as the server has it now (read with the chair's token over plain HTTP, not
 * through any client code). */
static cJSON *
server_vote (Meeting    *m,
             const char *token,
             const char *vote_id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/votes/%s", m->room->meeting_id,
                                           vote_id);
  g_autoptr(PlenumTestReply) reply = plenum_test_request (session,
                                                          plenum_test_server_get_url (m->room->server),
                                                          "GET", path, token, NULL);

  plenum_test_assert_status (reply, 200);
  return cJSON_Duplicate (reply->json, TRUE);
}

static gint
json_int (const cJSON *object,
          const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  g_assert_true (cJSON_IsNumber (item));
  return item->valueint;
}

typedef struct {
  Meeting    *m;
  const char *token;
  const char *vote_id;
  gint        voted;
} VotedWait;

static gboolean
server_voted (gpointer user_data)
{
  VotedWait *wait = user_data;
  g_autoptr(cJSON) vote = server_vote (wait->m, wait->token, wait->vote_id);

  return json_int (vote, "voted") == wait->voted;
}

/* Casts member @i's ballot through its store, as the ballot sheet does. */
static void
cast (Meeting    *m,
      guint       i,
      const char *vote_id,
      guint       choice)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *operation_id = NULL;
  Terminal *t = m->members[i];

  plenum_store_save_ballot_async (t->store, t->account_id, m->room->meeting_id, vote_id,
                                  &choice, 1, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  operation_id = plenum_store_save_ballot_finish (t->store, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (operation_id);
}

/* What member @i chooses in a motion: for, against, abstain in turn. */
static guint
choice_of (guint i)
{
  return i % 3;
}

static void
check_in_all (Meeting *m)
{
  GAsyncResult *results[N_MEMBERS] = { NULL };

  for (guint i = 0; i < N_MEMBERS; i++)
    plenum_sync_engine_check_in_async (m->members[i]->engine, m->room->meeting_id, NULL,
                                       plenum_test_got_result_cb, &results[i]);
  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *operation_id = NULL;

      g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &results[i],
                                             WAIT_MS));
      operation_id = plenum_sync_engine_check_in_finish (m->members[i]->engine, results[i],
                                                         &error);
      g_assert_no_error (error);
      g_clear_object (&results[i]);
    }
}

static gboolean
quorum_present_is (gpointer user_data)
{
  Meeting *m = user_data;
  g_autoptr(PlenumQuorum) quorum = plenum_sync_engine_get_quorum (m->chair->engine,
                                                                  m->room->meeting_id);

  /* The chair is a member of the body too, not checked in here. */
  return quorum != NULL && plenum_quorum_get_present (quorum) == N_MEMBERS
         && plenum_quorum_get_members (quorum) == N_MEMBERS + 1 && plenum_quorum_get_met (quorum);
}

static void
run_meeting (gboolean faulty)
{
  g_autoptr(Room) room = room_new ();
  g_autofree char *secret_id = NULL;
  g_autofree char *open_id = NULL;
  g_autofree char *chair_token = NULL;
  g_autoptr(cJSON) secret = NULL;
  g_autoptr(cJSON) open = NULL;
  Meeting m;
  guint expected[3] = { 0 };
  guint ballots = 0;

  meeting_start (&m, room, faulty);
  wait_members (&m, 0, N_MEMBERS, has_meeting, NULL);

  /* Attendance: every member checks in at their seat; the chair sees the quorum. */
  check_in_all (&m);
  g_assert_true (plenum_test_wait_until (NULL, quorum_present_is, &m, WAIT_MS));

  /* The chair leads through the agenda; every terminal follows. */
  chair_move (&m, room->items[0], NULL, -1);
  chair_move (&m, room->items[1], room->documents[1], 0);

  /* A secret motion on item 2. */
  {
    PlenumVoteSpec spec = {
      .item_id = room->items[1], .title = "Thông qua Tờ trình số 2", .secret = TRUE,
      .majority_of_members = FALSE, .quorum_required = TRUE, .changeable = FALSE,
    };

    secret_id = chair_open_vote (&m, &spec);
  }
  wait_members (&m, 0, N_MEMBERS, has_open_vote, secret_id);

  /* The offline group loses the network after it learnt of the vote. */
  plenum_fault_proxy_set_refuse (m.early, TRUE);
  plenum_fault_proxy_set_refuse (m.late, TRUE);
  plenum_fault_proxy_close_all (m.early);
  plenum_fault_proxy_close_all (m.late);
  wait_members (&m, N_MEMBERS - N_OFFLINE, N_MEMBERS, engine_offline, NULL);

  for (guint i = 0; i < N_MEMBERS; i++)
    cast (&m, i, secret_id, choice_of (i));
  for (guint i = 0; i < N_MEMBERS - N_OFFLINE + N_EARLY; i++)
    expected[choice_of (i)]++;

  /* Online ballots are counted; offline ones wait, queued. */
  wait_ballots (&m, 0, N_MEMBERS - N_OFFLINE, secret_id, PLENUM_BALLOT_STATE_COUNTED);
  for (guint i = N_MEMBERS - N_OFFLINE; i < N_MEMBERS; i++)
    {
      PlenumBallotState state;

      g_assert_true (plenum_store_get_ballot (m.members[i]->store, m.members[i]->account_id,
                                              secret_id, &state, NULL, NULL, NULL));
      g_assert_cmpint (state, ==, PLENUM_BALLOT_STATE_QUEUED);
    }

  /* The early ones come back before the close: counted. */
  plenum_fault_proxy_set_refuse (m.early, FALSE);
  wait_ballots (&m, N_MEMBERS - N_OFFLINE, N_MEMBERS - N_OFFLINE + N_EARLY, secret_id,
                PLENUM_BALLOT_STATE_COUNTED);
  chair_token = plenum_test_sign_in (session, plenum_test_server_get_url (room->server), CHAIR,
                                     CHAIR_PIN, "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", NULL);
  {
    VotedWait wait = { &m, chair_token, secret_id, N_MEMBERS - N_OFFLINE + N_EARLY };

    g_assert_true (plenum_test_wait_until (NULL, server_voted, &wait, WAIT_MS));
  }
  chair_close_vote (&m, secret_id);

  /* The late ones come back after it: refused with vote_closed, and kept. */
  plenum_fault_proxy_set_refuse (m.late, FALSE);
  wait_ballots (&m, N_MEMBERS - N_OFFLINE + N_EARLY, N_MEMBERS, secret_id,
                PLENUM_BALLOT_STATE_REFUSED);
  for (guint i = N_MEMBERS - N_OFFLINE + N_EARLY; i < N_MEMBERS; i++)
    {
      g_autofree char *code = NULL;
      g_autofree char *message = NULL;
      PlenumBallotState state;

      g_assert_true (plenum_store_get_ballot (m.members[i]->store, m.members[i]->account_id,
                                              secret_id, &state, NULL, &code, &message));
      g_assert_cmpstr (code, ==, "vote_closed");
      g_assert_nonnull (message);
    }

  /* The tally is exactly the ballots that arrived in time, each once. */
  secret = server_vote (&m, chair_token, secret_id);
  {
    const cJSON *result = cJSON_GetObjectItemCaseSensitive (secret, "result");
    const cJSON *counts = cJSON_GetObjectItemCaseSensitive (result, "counts");

    g_assert_cmpstr (plenum_test_json_get_string (secret, "state"), ==, "closed");
    g_assert_null (cJSON_GetObjectItemCaseSensitive (secret, "voters"));
    g_assert_cmpint (cJSON_GetArraySize (counts), ==, 3);
    for (guint o = 0; o < 3; o++)
      {
        g_assert_cmpint (cJSON_GetArrayItem (counts, (int) o)->valueint, ==, (int) expected[o]);
        ballots += expected[o];
      }
    g_assert_cmpint (json_int (result, "ballots"), ==, (int) ballots);
    g_assert_cmpint (json_int (result, "eligible"), ==, N_MEMBERS + 1);
    g_assert_cmpint (json_int (result, "present"), ==, N_MEMBERS);
    g_assert_cmpint (json_int (result, "needed"), ==, N_MEMBERS / 2 + 1);
    g_assert_true (cJSON_IsFalse (cJSON_GetObjectItemCaseSensitive (result, "passed")));
  }

  /* Every member's terminal learns of the close. */
  wait_members (&m, 0, N_MEMBERS, vote_is_closed, secret_id);

  /* An open (named) motion on item 3: everybody is back, everybody votes for. */
  chair_move (&m, room->items[2], room->documents[2], 0);
  {
    PlenumVoteSpec spec = {
      .item_id = room->items[2], .title = "Thông qua Tờ trình số 3", .secret = FALSE,
      .majority_of_members = TRUE, .quorum_required = TRUE, .changeable = FALSE,
    };

    open_id = chair_open_vote (&m, &spec);
  }
  wait_members (&m, 0, N_MEMBERS, has_open_vote, open_id);
  for (guint i = 0; i < N_MEMBERS; i++)
    cast (&m, i, open_id, i == 0 ? 1 : 0);
  wait_ballots (&m, 0, N_MEMBERS, open_id, PLENUM_BALLOT_STATE_COUNTED);
  chair_close_vote (&m, open_id);
  open = server_vote (&m, chair_token, open_id);
  {
    const cJSON *result = cJSON_GetObjectItemCaseSensitive (open, "result");
    const cJSON *counts = cJSON_GetObjectItemCaseSensitive (result, "counts");
    const cJSON *voters = cJSON_GetObjectItemCaseSensitive (open, "voters");

    g_assert_cmpint (cJSON_GetArrayItem (counts, 0)->valueint, ==, N_MEMBERS - 1);
    g_assert_cmpint (cJSON_GetArrayItem (counts, 1)->valueint, ==, 1);
    g_assert_cmpint (cJSON_GetArrayItem (counts, 2)->valueint, ==, 0);
    g_assert_cmpint (json_int (result, "basis"), ==, N_MEMBERS + 1);
    g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (result, "passed")));
    /* Named: each member once, with their choice. */
    g_assert_cmpint (cJSON_GetArraySize (voters), ==, N_MEMBERS);
  }

  /* Nothing waits in any outbox: every operation was settled once. */
  for (guint i = 0; i < N_MEMBERS; i++)
    g_assert_cmpuint (plenum_store_outbox_count_pending (m.members[i]->store, NULL), ==, 0);

  meeting_stop (&m);
}

static void
test_meeting (void)
{
  run_meeting (FALSE);
}

static void
test_meeting_faulty (void)
{
  run_meeting (TRUE);
}

int
main (int    argc,
      char **argv)
{
  plenum_test_init (&argc, &argv);
  session = plenum_test_session ();

  g_test_add_func ("/plenum/room/meeting", test_meeting);
  g_test_add_func ("/plenum/room/meeting-through-faults", test_meeting_faulty);

  return plenum_test_sync_run ();
}
