/* test-record.c — the meeting record and the audit log (docs/protocol.md, "The record")
 * over real HTTP to the real plenum-server, and plenumctl's `record` and `audit`.
 *
 * One demo meeting is played through: two members check in (one leaves again), the chair
 * moves to an item and gives the floor twice, an open and a secret vote are cast and
 * closed, a member answers the demo's opinion round, and a sign-in fails with a name that
 * looks like a PIN. Then GET …/record is checked field by field (times, names only for
 * the open vote), the audit log for those requests (account, role, terminal; never a
 * PIN), a member's 403 on both, plenumctl's PDF report (opened with poppler, its text
 * searched) and `plenumctl audit --json`; last, with the server stopped, SQLite itself
 * refuses to change or delete an audit entry.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <libsoup/soup.h>
#include <poppler.h>
#include <sqlite3.h>

#include "core/plenum-json.h"
#include "plenum-test-ctl.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-util.h"

/* The demo (server/plenum-demo.c): its meeting, chair, two members and secretary. */
#define MEETING_ID     "6f1d8a52-3c47-4e0b-9a6e-2b5c7d190e43"
#define MEETING_TITLE  "Hội nghị Ban Thường vụ Tỉnh ủy thường kỳ cuối năm 2026"
#define CHAIR          "nguyen.van.an"
#define CHAIR_PIN      "111111"
#define MEMBER_A       "tran.thi.thu.ha"
#define MEMBER_A_NAME  "Trần Thị Thu Hà"
#define MEMBER_A_PIN   "222222"
#define MEMBER_B       "le.minh.tuan"
#define MEMBER_B_NAME  "Lê Minh Tuấn"
#define MEMBER_B_PIN   "100003"
#define SECRETARY      "ly.thi.hong"
#define SECRETARY_PIN  "999999"
#define TERMINAL_ID    "5f1c6a1e-3b2d-4c1e-9f00-0a1b2c3d4e5f"
/* A failed sign-in whose "name" is a PIN typed into the wrong box. */
#define PIN_AS_NAME    "8642097"
#define OPEN_TITLE     "Thông qua Báo cáo tình hình kinh tế - xã hội"
#define SECRET_TITLE   "Biểu quyết kín về công tác cán bộ"
#define AUDIT_WAIT_MS  10000

static SoupSession *session;

typedef struct {
  PlenumTestServer *server;
  char             *dir;
  const char       *url;
  char             *chair;
  char             *member_a;
  char             *member_b;
  char             *secretary;
  char             *chair_id;
  char             *member_a_id;
  char             *member_b_id;
  char             *items[2];
} Meeting;

static void
meeting_clear (Meeting *meeting)
{
  g_clear_pointer (&meeting->server, plenum_test_server_free);
  g_clear_pointer (&meeting->dir, g_free);
  g_clear_pointer (&meeting->chair, g_free);
  g_clear_pointer (&meeting->member_a, g_free);
  g_clear_pointer (&meeting->member_b, g_free);
  g_clear_pointer (&meeting->secretary, g_free);
  g_clear_pointer (&meeting->chair_id, g_free);
  g_clear_pointer (&meeting->member_a_id, g_free);
  g_clear_pointer (&meeting->member_b_id, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (meeting->items); i++)
    g_clear_pointer (&meeting->items[i], g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Meeting, meeting_clear)

/* HTTP */

/* @method on /api/v1/meetings/MEETING_ID/@what with { operation_id, @extra } as @token;
 * asserts @status and returns the answer. */
static PlenumTestReply *
write_as (Meeting    *meeting,
          const char *method,
          const char *what,
          const char *token,
          const char *extra,
          guint       status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/" MEETING_ID "/%s", what);
  g_autofree char *operation = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\"%s%s}", operation,
                                           extra != NULL ? "," : "", extra != NULL ? extra : "");
  PlenumTestReply *reply = plenum_test_request (session, meeting->url, method, path, token, body);

  plenum_test_assert_status (reply, status);
  return reply;
}

static void
write_ok (Meeting    *meeting,
          const char *method,
          const char *what,
          const char *token,
          const char *extra,
          guint       status)
{
  g_autoptr(PlenumTestReply) reply = write_as (meeting, method, what, token, extra, status);
}

static char *
random_receipt (void)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < 8; i++)
    g_string_append_printf (text, "%08x", g_random_int ());
  return g_string_free (text, FALSE);
}

/* Opens a vote on items[0] titled @title of @kind, casts @member_a's and @member_b's
 * ballots and closes it; returns its id. */
static char *
hold_vote (Meeting    *meeting,
           const char *title,
           const char *kind)
{
  gboolean secret = g_str_equal (kind, "secret");
  g_autofree char *fields = g_strdup_printf ("\"item_id\":\"%s\",\"title\":\"%s\","
                                             "\"kind\":\"%s\",\"majority\":\"present\","
                                             "\"quorum_required\":false,\"changeable\":false",
                                             meeting->items[0], title, kind);
  g_autoptr(PlenumTestReply) opened = write_as (meeting, "POST", "votes", meeting->chair,
                                                fields, 201);
  g_autofree char *id = g_strdup (plenum_test_json_get_string (opened->json, "id"));
  const char *voters[] = { meeting->member_a, meeting->member_b };
  const char *choices[] = { "[0]", "[1]" };

  for (guint i = 0; i < G_N_ELEMENTS (voters); i++)
    {
      g_autofree char *what = g_strdup_printf ("votes/%s/ballots", id);
      g_autofree char *receipt = random_receipt ();
      g_autofree char *ballot = secret
                                  ? g_strdup_printf ("\"choices\":%s,\"receipt\":\"%s\"",
                                                     choices[i], receipt)
                                  : g_strdup_printf ("\"choices\":%s", choices[i]);

      write_ok (meeting, "POST", what, voters[i], ballot, 200);
    }
  {
    g_autofree char *what = g_strdup_printf ("votes/%s/close", id);

    write_ok (meeting, "POST", what, meeting->chair, NULL, 200);
  }
  return g_steal_pointer (&id);
}

/* plenumctl */

typedef PlenumTestCtlRun Run;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, plenum_test_ctl_run_clear)

/* Runs plenumctl --server URL @args with @config as XDG_CONFIG_HOME and @input on stdin. */
static void
run_ctl (Run                *run,
         const char         *config,
         const char         *url,
         const char         *input,
         const char * const *args)
{
  plenum_test_ctl_run (run, config, url, input, args);
}

/* The whole text of the PDF @path through poppler, NFC, without any white space (a long
 * title wraps). */
static char *
pdf_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  PopplerDocument *document;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *normal = NULL;
  GString *squeezed = g_string_new (NULL);

  g_assert_no_error (error);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), >=, 1);
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *page_text = poppler_page_get_text (page);

      g_string_append (text, page_text);
      g_object_unref (page);
    }
  g_object_unref (document);
  normal = g_utf8_normalize (text->str, -1, G_NORMALIZE_NFC);
  g_assert_nonnull (normal);
  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (squeezed, g_utf8_get_char (p));
  return g_string_free (squeezed, FALSE);
}

static gboolean
pdf_has (const char *squeezed,
         const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  g_autoptr(GString) wanted = g_string_new (NULL);

  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (wanted, g_utf8_get_char (p));
  return strstr (squeezed, wanted->str) != NULL;
}

/* The record */

static const cJSON *
member_of (const cJSON *object,
           const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  g_assert_nonnull (item);
  return item;
}

static void
assert_person (const cJSON *person,
               const char  *id,
               const char  *name,
               const char  *display_name)
{
  g_assert_cmpstr (plenum_test_json_get_string (person, "id"), ==, id);
  g_assert_cmpstr (plenum_test_json_get_string (person, "name"), ==, name);
  g_assert_cmpstr (plenum_test_json_get_string (person, "display_name"), ==, display_name);
}

static const cJSON *
find_by (const cJSON *array,
         const char  *object_key,
         const char  *key,
         const char  *value)
{
  const cJSON *element;

  cJSON_ArrayForEach (element, array)
    {
      const cJSON *inner = object_key != NULL
                             ? cJSON_GetObjectItemCaseSensitive (element, object_key) : element;

      if (g_strcmp0 (plenum_test_json_get_string (inner, key), value) == 0)
        return element;
    }
  return NULL;
}

static void
assert_record (Meeting     *meeting,
               const cJSON *record,
               const char  *open_id,
               const char  *secret_id,
               gint64       started,
               gint64       ended)
{
  const cJSON *info = member_of (record, "meeting");
  const cJSON *attendance = member_of (record, "attendance");
  const cJSON *votes = member_of (record, "votes");
  const cJSON *speakers = member_of (record, "speakers");
  const cJSON *rounds = member_of (record, "opinion_rounds");
  const cJSON *row;
  const cJSON *history;
  const cJSON *vote;
  const cJSON *agenda;
  const cJSON *documents;
  const cJSON *answer;
  g_autoptr(GDateTime) at = NULL;

  g_assert_cmpstr (plenum_test_json_get_string (info, "id"), ==, MEETING_ID);
  g_assert_cmpstr (plenum_test_json_get_string (info, "title"), ==, MEETING_TITLE);
  g_assert_cmpstr (plenum_test_json_get_string (info, "status"), ==, "in_progress");
  g_assert_cmpint (plenum_test_json_get_int (info, "packet_version"), >=, 1);
  assert_person (member_of (info, "chair"), meeting->chair_id, CHAIR, "Nguyễn Văn An");
  assert_person (member_of (info, "vice_chair"), meeting->member_a_id, MEMBER_A, MEMBER_A_NAME);
  g_assert_nonnull (plenum_test_json_get_string (member_of (info, "body"), "name"));
  g_assert_cmpint (cJSON_GetArraySize (member_of (record, "members")), ==, 12);

  /* Attendance: every member; A in; B in and out again; the others never came. */
  g_assert_cmpint (cJSON_GetArraySize (attendance), ==, 12);
  row = find_by (attendance, "member", "id", meeting->member_a_id);
  g_assert_nonnull (row);
  assert_person (member_of (row, "member"), meeting->member_a_id, MEMBER_A, MEMBER_A_NAME);
  g_assert_true (plenum_test_json_get_bool (row, "present"));
  history = member_of (row, "history");
  g_assert_cmpint (cJSON_GetArraySize (history), ==, 1);
  g_assert_true (plenum_test_json_get_bool (cJSON_GetArrayItem (history, 0), "present"));
  at = plenum_time_parse (plenum_test_json_get_string (cJSON_GetArrayItem (history, 0), "at"));
  g_assert_nonnull (at);
  g_assert_cmpint (g_date_time_to_unix (at), >=, started);
  g_assert_cmpint (g_date_time_to_unix (at), <=, ended);
  row = find_by (attendance, "member", "id", meeting->member_b_id);
  g_assert_false (plenum_test_json_get_bool (row, "present"));
  history = member_of (row, "history");
  g_assert_cmpint (cJSON_GetArraySize (history), ==, 2);
  g_assert_true (plenum_test_json_get_bool (cJSON_GetArrayItem (history, 0), "present"));
  g_assert_false (plenum_test_json_get_bool (cJSON_GetArrayItem (history, 1), "present"));
  cJSON_ArrayForEach (row, attendance)
    if (g_strcmp0 (plenum_test_json_get_string (member_of (row, "member"), "id"),
                   meeting->member_a_id) != 0 &&
        g_strcmp0 (plenum_test_json_get_string (member_of (row, "member"), "id"),
                   meeting->member_b_id) != 0 &&
        g_strcmp0 (plenum_test_json_get_string (member_of (row, "member"), "id"),
                   meeting->chair_id) != 0)
      {
        g_assert_false (plenum_test_json_get_bool (row, "present"));
        g_assert_cmpint (cJSON_GetArraySize (member_of (row, "history")), ==, 0);
      }

  /* The agenda with its documents; no revision was published, so none is superseded. */
  agenda = member_of (record, "agenda");
  g_assert_cmpint (cJSON_GetArraySize (agenda), >=, 2);
  g_assert_cmpstr (plenum_test_json_get_string (cJSON_GetArrayItem (agenda, 0), "id"), ==,
                   meeting->items[0]);
  documents = member_of (cJSON_GetArrayItem (agenda, 1), "documents");
  g_assert_cmpint (cJSON_GetArraySize (documents), >=, 1);
  g_assert_true (plenum_is_sha256_hex (plenum_test_json_get_string (cJSON_GetArrayItem (documents, 0),
                                                                    "sha256")));
  g_assert_cmpint (plenum_test_json_get_int (cJSON_GetArrayItem (documents, 0), "pages"), >=, 1);
  g_assert_true (cJSON_IsArray (member_of (cJSON_GetArrayItem (documents, 0), "superseded")));

  /* Votes: the open one names its voters and their choices; the secret one does not. */
  g_assert_cmpint (cJSON_GetArraySize (votes), ==, 2);
  vote = find_by (votes, NULL, "id", open_id);
  g_assert_nonnull (vote);
  g_assert_cmpstr (plenum_test_json_get_string (vote, "title"), ==, OPEN_TITLE);
  g_assert_cmpstr (plenum_test_json_get_string (vote, "kind"), ==, "open");
  g_assert_cmpstr (plenum_test_json_get_string (vote, "state"), ==, "closed");
  g_assert_cmpint (plenum_test_json_get_int (member_of (vote, "result"), "ballots"), ==, 2);
  g_assert_cmpfloat (cJSON_GetNumberValue (cJSON_GetArrayItem (member_of (member_of (vote, "result"),
                                                                           "counts"), 0)), ==, 1);
  g_assert_cmpint (cJSON_GetArraySize (member_of (vote, "voters")), ==, 2);
  g_assert_nonnull (find_by (member_of (vote, "voters"), NULL, "id", meeting->member_a_id));
  row = find_by (member_of (vote, "ballots"), "member", "id", meeting->member_a_id);
  g_assert_nonnull (row);
  g_assert_cmpstr (cJSON_GetArrayItem (member_of (row, "choice"), 0)->valuestring, ==, "for");
  row = find_by (member_of (vote, "ballots"), "member", "id", meeting->member_b_id);
  g_assert_cmpstr (cJSON_GetArrayItem (member_of (row, "choice"), 0)->valuestring, ==,
                   "against");
  vote = find_by (votes, NULL, "id", secret_id);
  g_assert_nonnull (vote);
  g_assert_cmpstr (plenum_test_json_get_string (vote, "kind"), ==, "secret");
  g_assert_true (cJSON_IsNull (member_of (vote, "voters")));
  g_assert_true (cJSON_IsNull (member_of (vote, "ballots")));
  g_assert_cmpint (plenum_test_json_get_int (member_of (vote, "result"), "ballots"), ==, 2);

  /* The floor: A, then B (A's turn ended when B got it); B still speaks. */
  g_assert_cmpint (cJSON_GetArraySize (speakers), ==, 2);
  row = cJSON_GetArrayItem (speakers, 0);
  assert_person (member_of (row, "member"), meeting->member_a_id, MEMBER_A, MEMBER_A_NAME);
  g_assert_cmpstr (plenum_test_json_get_string (row, "item_id"), ==, meeting->items[0]);
  g_assert_nonnull (plenum_test_json_get_string (row, "floor_at"));
  g_assert_cmpstr (plenum_test_json_get_string (row, "ended_at"), ==,
                   plenum_test_json_get_string (cJSON_GetArrayItem (speakers, 1), "floor_at"));
  row = cJSON_GetArrayItem (speakers, 1);
  assert_person (member_of (row, "member"), meeting->member_b_id, MEMBER_B, MEMBER_B_NAME);
  g_assert_true (cJSON_IsNull (member_of (row, "ended_at")));

  /* The demo's opinion round, with A's answer. */
  g_assert_cmpint (cJSON_GetArraySize (rounds), >=, 1);
  answer = cJSON_GetArrayItem (member_of (cJSON_GetArrayItem (rounds, 0), "answers"), 0);
  g_assert_nonnull (answer);
  assert_person (member_of (answer, "member"), meeting->member_a_id, MEMBER_A, MEMBER_A_NAME);
  g_assert_cmpstr (plenum_test_json_get_string (answer, "stance"), ==, "agree_with_comments");
  g_assert_cmpstr (plenum_test_json_get_string (answer, "text"), ==, "Đề nghị bổ sung lộ trình.");
  g_assert_true (cJSON_IsArray (member_of (answer, "comments")));
}

/* The audit log */

static cJSON *
read_audit (Meeting    *meeting,
            const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/audit%s", query);
  g_autoptr(PlenumTestReply) reply = plenum_test_request (session, meeting->url, "GET", path,
                                                          meeting->secretary, NULL);

  plenum_test_assert_status (reply, 200);
  g_assert_true (g_utf8_validate (g_bytes_get_data (reply->body, NULL),
                                  (gssize) g_bytes_get_size (reply->body), NULL));
  return g_steal_pointer (&reply->json);
}

static const cJSON *
find_entry (const cJSON *entries,
            const char  *method,
            const char  *path_suffix,
            const char  *account_name)
{
  const cJSON *entry;

  cJSON_ArrayForEach (entry, entries)
    {
      const cJSON *account = cJSON_GetObjectItemCaseSensitive (entry, "account");

      if (g_str_equal (plenum_test_json_get_string (entry, "method"), method) &&
          g_str_has_suffix (plenum_test_json_get_string (entry, "path"), path_suffix) &&
          (account_name == NULL ? cJSON_IsNull (account)
                                : cJSON_IsObject (account) &&
                                  g_str_equal (plenum_test_json_get_string (account, "name"),
                                               account_name)))
        return entry;
    }
  return NULL;
}

/* The last entry is written once the answer has gone out, which may be a moment after the
 * client has it: reads until it is there, with a deadline. */
static cJSON *
wait_for_audit (Meeting    *meeting,
                const char *method,
                const char *path_suffix,
                const char *account_name)
{
  gint64 deadline = g_get_monotonic_time () + AUDIT_WAIT_MS * 1000;

  for (;;)
    {
      g_autoptr(cJSON) audit = read_audit (meeting, "?limit=5000");

      if (find_entry (member_of (audit, "entries"), method, path_suffix, account_name) != NULL)
        return g_steal_pointer (&audit);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
}

static void
assert_audit (Meeting *meeting)
{
  g_autoptr(cJSON) audit = wait_for_audit (meeting, "POST", "/speakers/next", CHAIR);
  g_autofree char *text = plenum_json_print (audit);
  g_autoptr(cJSON) page = NULL;
  g_autoptr(cJSON) only_meeting = NULL;
  const cJSON *entries = member_of (audit, "entries");
  const cJSON *entry;
  const cJSON *meeting_entry;
  gint64 seq = 0;

  /* No PIN anywhere, nor a name that was a PIN, nor a token. */
  for (const char * const *secret = (const char * const[]) { CHAIR_PIN, MEMBER_A_PIN, MEMBER_B_PIN,
                                                             SECRETARY_PIN, PIN_AS_NAME, NULL };
       *secret != NULL; secret++)
    g_assert_null (strstr (text, *secret));
  g_assert_null (strstr (text, meeting->chair));
  g_assert_null (strstr (text, meeting->secretary));
  g_assert_null (strstr (text, "?"));

  /* Oldest first, every entry a write. */
  cJSON_ArrayForEach (entry, entries)
    {
      g_assert_cmpint (plenum_test_json_get_int (entry, "seq"), >, seq);
      seq = plenum_test_json_get_int (entry, "seq");
      g_assert_cmpstr (plenum_test_json_get_string (entry, "method"), !=, "GET");
      g_assert_nonnull (plenum_time_parse (plenum_test_json_get_string (entry, "at")));
    }
  g_assert_cmpint (plenum_test_json_get_int (audit, "next_since"), ==, seq);

  /* A sign-in that succeeded: the account and the terminal it was made at. */
  entry = find_entry (entries, "POST", "/api/v1/session", MEMBER_A);
  g_assert_nonnull (entry);
  g_assert_cmpint (plenum_test_json_get_int (entry, "status"), ==, 201);
  g_assert_cmpstr (plenum_test_json_get_string (entry, "role"), ==, "member");
  g_assert_cmpstr (plenum_test_json_get_string (entry, "terminal_id"), ==, TERMINAL_ID);
  assert_person (member_of (entry, "account"), meeting->member_a_id, MEMBER_A, MEMBER_A_NAME);
  /* One that failed: no account (not even the name tried), the terminal. */
  entry = find_entry (entries, "POST", "/api/v1/session", NULL);
  g_assert_nonnull (entry);
  g_assert_cmpint (plenum_test_json_get_int (entry, "status"), ==, 401);
  g_assert_true (cJSON_IsNull (member_of (entry, "role")));
  g_assert_cmpstr (plenum_test_json_get_string (entry, "terminal_id"), ==, TERMINAL_ID);

  /* The meeting's writes, with the meeting they name. */
  entry = find_entry (entries, "POST", "/attendance", MEMBER_B);
  g_assert_nonnull (entry);
  g_assert_cmpstr (plenum_test_json_get_string (entry, "meeting_id"), ==, MEETING_ID);
  g_assert_cmpstr (plenum_test_json_get_string (entry, "path"), ==,
                   "/api/v1/meetings/" MEETING_ID "/attendance");
  g_assert_cmpint (plenum_test_json_get_int (entry, "status"), ==, 200);
  g_assert_cmpstr (plenum_test_json_get_string (entry, "role"), ==, "member");
  g_assert_cmpstr (plenum_test_json_get_string (entry, "terminal_id"), ==, TERMINAL_ID);
  entry = find_entry (entries, "POST", "/ballots", MEMBER_A);
  g_assert_nonnull (entry);
  entry = find_entry (entries, "POST", "/close", CHAIR);
  g_assert_nonnull (entry);
  entry = find_entry (entries, "PUT", "/answer", MEMBER_A);
  g_assert_nonnull (entry);
  entry = find_entry (entries, "PUT", "/api/v1/meetings/" MEETING_ID "/status", SECRETARY);
  g_assert_nonnull (entry);
  g_assert_cmpstr (plenum_test_json_get_string (entry, "role"), ==, "secretary");
  /* The member's refused attempt at the chair's work is there too. */
  entry = find_entry (entries, "POST", "/speakers/next", MEMBER_A);
  g_assert_nonnull (entry);
  g_assert_cmpint (plenum_test_json_get_int (entry, "status"), ==, 403);

  /* Paging: since and limit. */
  page = read_audit (meeting, "?since=2&limit=3");
  g_assert_cmpint (cJSON_GetArraySize (member_of (page, "entries")), ==, 3);
  g_assert_cmpint (plenum_test_json_get_int (cJSON_GetArrayItem (member_of (page, "entries"), 0),
                                             "seq"), ==, 3);
  g_assert_cmpint (plenum_test_json_get_int (page, "next_since"), ==, 5);
  /* Only one meeting's. */
  only_meeting = read_audit (meeting, "?meeting_id=" MEETING_ID);
  g_assert_cmpint (cJSON_GetArraySize (member_of (only_meeting, "entries")), >, 5);
  cJSON_ArrayForEach (meeting_entry, member_of (only_meeting, "entries"))
    g_assert_cmpstr (plenum_test_json_get_string (meeting_entry, "meeting_id"), ==, MEETING_ID);
}

/* The test */

static void
test_record (void)
{
  g_auto(Meeting) meeting = { 0 };
  g_autofree char *data_dir = plenum_test_mkdtemp ("record-server");
  g_autofree char *config = plenum_test_mkdtemp ("record-ctl");
  g_autofree char *out_dir = plenum_test_mkdtemp ("record-out");
  g_autofree char *pdf_path = g_build_filename (out_dir, "record.pdf", NULL);
  g_autofree char *json_path = g_build_filename (out_dir, "record.json", NULL);
  g_autofree char *db_path = NULL;
  g_autofree char *open_id = NULL;
  g_autofree char *secret_id = NULL;
  g_autofree char *round_id = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PlenumTestReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  const cJSON *agenda;
  gint64 started;
  gint64 ended;

  {
    const char *args[] = { "--data-dir", data_dir, "--demo", "--import-accounts", NULL, NULL };
    g_autofree char *accounts = g_build_filename (data_dir, "accounts.json", NULL);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status;

    g_file_set_contents (accounts, "{ \"accounts\": [] }", -1, &error);
    g_assert_no_error (error);
    args[4] = accounts;
    status = plenum_test_server_run (args, &out, &err);
    if (status != 0)
      g_printerr ("%s%s", out, err);
    g_assert_cmpint (status, ==, 0);
  }
  meeting.server = plenum_test_server_start (data_dir, NULL);
  meeting.dir = g_strdup (data_dir);
  meeting.url = plenum_test_server_get_url (meeting.server);
  started = g_get_real_time () / G_USEC_PER_SEC;

  meeting.chair = plenum_test_sign_in (session, meeting.url, CHAIR, CHAIR_PIN, TERMINAL_ID,
                                       &meeting.chair_id);
  meeting.member_a = plenum_test_sign_in (session, meeting.url, MEMBER_A, MEMBER_A_PIN,
                                          TERMINAL_ID, &meeting.member_a_id);
  meeting.member_b = plenum_test_sign_in (session, meeting.url, MEMBER_B, MEMBER_B_PIN,
                                          TERMINAL_ID, &meeting.member_b_id);
  meeting.secretary = plenum_test_sign_in (session, meeting.url, SECRETARY, SECRETARY_PIN,
                                           TERMINAL_ID, NULL);
  reply = plenum_test_request (session, meeting.url, "POST", "/api/v1/session", NULL,
                               "{\"name\":\"" PIN_AS_NAME "\",\"pin\":\"4321\","
                               "\"terminal_id\":\"" TERMINAL_ID "\"}");
  plenum_test_assert_status (reply, 401);
  g_clear_pointer (&reply, plenum_test_reply_free);

  reply = plenum_test_request (session, meeting.url, "GET", "/api/v1/meetings/" MEETING_ID,
                               meeting.chair, NULL);
  plenum_test_assert_status (reply, 200);
  agenda = member_of (reply->json, "agenda");
  for (guint i = 0; i < G_N_ELEMENTS (meeting.items); i++)
    meeting.items[i] = g_strdup (plenum_test_json_get_string (cJSON_GetArrayItem (agenda, (int) i),
                                                              "id"));
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* The meeting: the secretariat opens it, members come and go. */
  reply = plenum_test_request (session, meeting.url, "PUT", "/api/v1/meetings/" MEETING_ID "/status",
                               meeting.secretary, "{\"status\":\"in_progress\"}");
  plenum_test_assert_status (reply, 204);
  g_clear_pointer (&reply, plenum_test_reply_free);
  write_ok (&meeting, "POST", "attendance", meeting.chair, "\"present\":true", 200);
  write_ok (&meeting, "POST", "attendance", meeting.member_a, "\"present\":true", 200);
  write_ok (&meeting, "POST", "attendance", meeting.member_b, "\"present\":true", 200);
  write_ok (&meeting, "POST", "attendance", meeting.member_b, "\"present\":false", 200);

  /* The floor, on the first item: A then B. A member may not give it. */
  {
    g_autofree char *position = g_strdup_printf ("\"item_id\":\"%s\",\"document_id\":null,"
                                                 "\"page\":null", meeting.items[0]);

    write_ok (&meeting, "PUT", "position", meeting.chair, position, 200);
  }
  write_ok (&meeting, "POST", "speakers", meeting.member_a, NULL, 200);
  write_ok (&meeting, "POST", "speakers", meeting.member_b, NULL, 200);
  write_ok (&meeting, "POST", "speakers/next", meeting.member_a, NULL, 403);
  write_ok (&meeting, "POST", "speakers/next", meeting.chair, NULL, 200);
  write_ok (&meeting, "POST", "speakers/next", meeting.chair, NULL, 200);

  /* Votes, open and secret. */
  open_id = hold_vote (&meeting, OPEN_TITLE, "open");
  secret_id = hold_vote (&meeting, SECRET_TITLE, "secret");

  /* An answer to the demo's opinion round. */
  reply = plenum_test_request (session, meeting.url, "GET",
                               "/api/v1/meetings/" MEETING_ID "/opinion-rounds",
                               meeting.member_a, NULL);
  plenum_test_assert_status (reply, 200);
  round_id = g_strdup (plenum_test_json_get_string (cJSON_GetArrayItem (member_of (reply->json,
                                                                                   "rounds"), 0),
                                                    "id"));
  g_clear_pointer (&reply, plenum_test_reply_free);
  {
    g_autofree char *what = g_strdup_printf ("opinion-rounds/%s/answer", round_id);

    write_ok (&meeting, "PUT", what, meeting.member_a,
              "\"stance\":\"agree_with_comments\",\"text\":\"Đề nghị bổ sung lộ trình.\","
              "\"comments\":[]", 200);
  }
  ended = g_get_real_time () / G_USEC_PER_SEC + 1;

  /* The record, field by field. */
  reply = plenum_test_request (session, meeting.url, "GET",
                               "/api/v1/meetings/" MEETING_ID "/record", meeting.secretary, NULL);
  plenum_test_assert_status (reply, 200);
  assert_record (&meeting, reply->json, open_id, secret_id, started, ended);
  g_clear_pointer (&reply, plenum_test_reply_free);

  /* Members never read the record or the audit log; an unknown meeting has no record. */
  reply = plenum_test_request (session, meeting.url, "GET",
                               "/api/v1/meetings/" MEETING_ID "/record", meeting.chair, NULL);
  plenum_test_error_message (reply, 403, "forbidden");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = plenum_test_request (session, meeting.url, "GET", "/api/v1/audit", meeting.member_a,
                               NULL);
  plenum_test_error_message (reply, 403, "forbidden");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = plenum_test_request (session, meeting.url, "GET",
                               "/api/v1/meetings/0b6f7c1e-2d4a-4e8b-9c3f-5a1d2e3f4a5b/record",
                               meeting.secretary, NULL);
  plenum_test_error_message (reply, 404, "not_found");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = plenum_test_request (session, meeting.url, "GET", "/api/v1/audit?limit=5001",
                               meeting.secretary, NULL);
  plenum_test_error_message (reply, 400, "bad_request");
  g_clear_pointer (&reply, plenum_test_reply_free);
  reply = plenum_test_request (session, meeting.url, "POST", "/api/v1/audit",
                               meeting.secretary, "{}");
  plenum_test_assert_status (reply, 405);
  g_clear_pointer (&reply, plenum_test_reply_free);

  assert_audit (&meeting);

  /* plenumctl: sign in, the PDF report, the JSON record, the audit log. */
  {
    g_auto(Run) run = { 0 };
    const char *sign_in[] = { "sign-in", SECRETARY, NULL };

    run_ctl (&run, config, meeting.url, SECRETARY_PIN "\n", sign_in);
    g_assert_cmpint (run.status, ==, 0);
  }
  {
    g_auto(Run) run = { 0 };
    const char *record[] = { "record", MEETING_ID, "--format", "pdf", "--lang", "en",
                             "--output", pdf_path, NULL };
    g_autofree char *squeezed = NULL;

    run_ctl (&run, config, meeting.url, NULL, record);
    g_assert_cmpint (run.status, ==, 0);
    squeezed = pdf_text (pdf_path);
    g_assert_true (pdf_has (squeezed, MEETING_TITLE));
    g_assert_true (pdf_has (squeezed, MEMBER_A_NAME));
    g_assert_true (pdf_has (squeezed, OPEN_TITLE));
    g_assert_true (pdf_has (squeezed, SECRET_TITLE));
    g_assert_true (pdf_has (squeezed, "Attendance"));
    g_assert_true (pdf_has (squeezed, "Page 1 of"));
  }
  {
    g_auto(Run) run = { 0 };
    const char *record[] = { "record", MEETING_ID, "--output", json_path, NULL };
    g_autofree char *contents = NULL;
    g_autoptr(cJSON) parsed = NULL;

    run_ctl (&run, config, meeting.url, NULL, record);
    g_assert_cmpint (run.status, ==, 0);
    g_file_get_contents (json_path, &contents, NULL, &error);
    g_assert_no_error (error);
    parsed = plenum_json_parse (contents, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (plenum_test_json_get_string (member_of (parsed, "meeting"), "title"), ==,
                     MEETING_TITLE);
  }
  {
    /* Bad input is refused before anything is sent. */
    g_auto(Run) run = { 0 };
    const char *record[] = { "record", MEETING_ID, "--format", "pdf", "--output",
                             "/nonexistent-folder/record.pdf", NULL };

    run_ctl (&run, config, meeting.url, NULL, record);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "/nonexistent-folder"));
  }
  {
    g_auto(Run) run = { 0 };
    const char *audit[] = { "--json", "audit", "--meeting", MEETING_ID, NULL };
    g_autoptr(cJSON) parsed = NULL;

    run_ctl (&run, config, meeting.url, NULL, audit);
    g_assert_cmpint (run.status, ==, 0);
    parsed = plenum_json_parse (run.out, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cJSON_GetArraySize (member_of (parsed, "entries")), >, 5);
  }

  /* Append-only: SQLite itself refuses to rewrite the log, whatever asks. */
  plenum_test_server_stop (meeting.server);
  db_path = g_build_filename (data_dir, "plenum.db", NULL);
  {
    sqlite3 *db = NULL;
    char *message = NULL;

    g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_log SET status = 200", NULL, NULL, &message),
                     !=, SQLITE_OK);
    g_assert_nonnull (strstr (message, "append-only"));
    sqlite3_free (message);
    message = NULL;
    g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_log", NULL, NULL, &message), !=,
                     SQLITE_OK);
    g_assert_nonnull (strstr (message, "append-only"));
    sqlite3_free (message);
    sqlite3_close (db);
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  plenum_test_init (&argc, &argv);
  session = plenum_test_soup_session_new (NULL);
  g_test_add_func ("/plenum/record/meeting", test_record);
  status = g_test_run ();
  g_clear_object (&session);
  return status;
}
