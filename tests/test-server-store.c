/* test-server-store.c — the server's database: schema migrations from every older version,
 * re-opening, and the store-level rules (publishing, stable ids, idempotency, events,
 * sign-in throttling, tokens) without HTTP.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <string.h>

#include "core/plenum-json.h"
#include "plenum-server-credentials.h"
#include "plenum-server-db-private.h"
#include "plenum-test-util.h"

#define ACCOUNT_ID   "0d2b6a36-1c52-4d2f-9b11-6f3c1f3e2a01"
#define SECRETARY_ID "0d2b6a36-1c52-4d2f-9b11-6f3c1f3e2a02"
#define BODY_ID      "7a0c9f0e-2b5e-4a57-8d36-1d0b9b6a5c01"
#define MEETING_ID   "5b8f3c2e-9a1d-4e6f-8b7c-2d4e6f8a0b01"
#define ITEM_ID      "5b8f3c2e-9a1d-4e6f-8b7c-2d4e6f8a0b02"
#define DOCUMENT_ID  "5b8f3c2e-9a1d-4e6f-8b7c-2d4e6f8a0b03"
#define BLOB_SHA     "4d967a30c4c1b6d4c2b7a9e0e0a1f0c1b7e8d9f0a1b2c3d4e5f60718293a4b5c"
#define OPERATION_ID "9e1d2c3b-4a5f-4b6e-8d7c-0a1b2c3d4e5f"
#define ROOM_ID      "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e01"
#define TERMINAL_ID  "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e02"

static char *
new_db_path (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("store");

  return g_build_filename (dir, "plenum.db", NULL);
}

static void
exec_sql (PlenumServerDb *db,
          const char     *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (plenum_server_db_get_handle (db), sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
query_int (PlenumServerDb *db,
           const char     *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (plenum_server_db_get_handle (db), sql, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static PlenumServerAccount *
account_new (const char *id,
             PlenumRole  role)
{
  PlenumServerAccount *account = g_new0 (PlenumServerAccount, 1);

  account->id = g_strdup (id);
  account->name = g_strdup (role == PLENUM_ROLE_SECRETARY ? "thu.ky" : "nguyen.van.an");
  account->display_name = g_strdup ("Tester");
  account->role = role;
  return account;
}

/* What each migration brings, written with the schema of that version. */
static void
insert_rows_for_version (PlenumServerDb *db,
                         int             version)
{
  if (version >= 1)
    {
      exec_sql (db,
                "INSERT INTO accounts VALUES ('" ACCOUNT_ID "', 'nguyen.van.an', "
                "  'Nguyễn Văn An', 'member', '$y$j9T$salt$hash', 1700000000);"
                "INSERT INTO accounts VALUES ('" SECRETARY_ID "', 'thu.ky', 'Thư ký', "
                "  'secretary', '$y$j9T$salt$hash', 1700000000);"
                "INSERT INTO bodies (id, name, created_at) VALUES ('" BODY_ID "', 'Ban Thường vụ', 1700000000);"
                "INSERT INTO body_members VALUES ('" BODY_ID "', '" ACCOUNT_ID "');"
                "INSERT INTO tokens (token_hash, account_id, created_us, expires_at_us) VALUES (x'00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', "
                "  '" ACCOUNT_ID "', 1700000000000000, 9000000000000000);");
    }
  if (version >= 2)
    {
      exec_sql (db,
                "INSERT INTO blobs VALUES ('" BLOB_SHA "', 1234, 3, 1700000000);"
                "INSERT INTO meetings (id, body_id, title, starts_at, location, chair_id, "
                "  vice_chair_id, packet_version, updated_at) VALUES ('" MEETING_ID "', "
                "  '" BODY_ID "', 'Hội nghị tháng 12', 1764550800, 'Phòng họp 1', "
                "  '" ACCOUNT_ID "', NULL, 1, 1700000000);"
                "INSERT INTO agenda_items VALUES ('" ITEM_ID "', '" MEETING_ID "', 0, '1', "
                "  'Báo cáo', 0);"
                "INSERT INTO documents VALUES ('" DOCUMENT_ID "', '" ITEM_ID "', '" MEETING_ID "', "
                "  0, 'Báo cáo kinh tế', '" BLOB_SHA "', 1);"
                "INSERT INTO item_ids VALUES ('" MEETING_ID "', '1', '" ITEM_ID "');"
                "INSERT INTO document_ids VALUES ('" MEETING_ID "', '1', 'Báo cáo kinh tế', "
                "  '" DOCUMENT_ID "');");
    }
  if (version >= 3)
    {
      exec_sql (db,
                "INSERT INTO events (type, time, meeting_id, body_id, data) VALUES "
                "  ('packet.published', 1700000000, '" MEETING_ID "', '" BODY_ID "', "
                "   '{\"packet_version\":1}');"
                "INSERT INTO operations VALUES ('" OPERATION_ID "', '" SECRETARY_ID "', "
                "  'packet.publish', 'hash', '{}', 1700000000);");
    }
  if (version >= 5)
    {
      exec_sql (db,
                "INSERT INTO rooms VALUES ('" ROOM_ID "', 'Phòng họp số 1', 1700000000);"
                "INSERT INTO room_bodies VALUES ('" ROOM_ID "', '" BODY_ID "');"
                "INSERT INTO terminals (id, room_id, name, credential_hash, enrolled_at) "
                "  VALUES ('" TERMINAL_ID "', '" ROOM_ID "', 'Ghế 05', "
                "  x'ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100', "
                "  1700000000);"
                "INSERT INTO attendance VALUES ('" MEETING_ID "', '" ACCOUNT_ID "', 1, "
                "  1700000100);"
                "INSERT INTO idempotency_records VALUES ('" ACCOUNT_ID "', '" OPERATION_ID "', "
                "  'attendance.check_in', 'hash', 200, '{}', 1700000100);");
    }
}

/* The rows insert_rows_for_version() wrote, read through the public API. */
static void
check_rows_for_version (PlenumServerDb *db,
                        int             version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumServerAccount) member = account_new (ACCOUNT_ID, PLENUM_ROLE_MEMBER);

  if (version >= 1)
    {
      g_autoptr(PlenumServerAccount) account = NULL;
      g_autofree char *pin_hash = NULL;
      g_autofree char *body_id = NULL;
      g_autoptr(PlenumServerAccount) token_account = NULL;
      guint8 token_hash[32];

      account = plenum_server_db_find_account (db, "nguyen.van.an", &pin_hash, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (account->id, ==, ACCOUNT_ID);
      g_assert_cmpstr (account->display_name, ==, "Nguyễn Văn An");
      g_assert_cmpint (account->role, ==, PLENUM_ROLE_MEMBER);
      g_assert_cmpstr (pin_hash, ==, "$y$j9T$salt$hash");

      body_id = plenum_server_db_find_body (db, "Ban Thường vụ", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (body_id, ==, BODY_ID);

      for (guint i = 0; i < 32; i++)
        token_hash[i] = (guint8) ((i % 16) * 0x11);
      g_assert_cmpint (plenum_server_db_lookup_token (db, token_hash, 1800000000000000,
                                                      &token_account, &error),
                       ==, PLENUM_TOKEN_VALID);
      g_assert_no_error (error);
      g_assert_cmpstr (token_account->id, ==, ACCOUNT_ID);
    }

  if (version >= 2)
    {
      g_autoptr(cJSON) meeting = plenum_server_db_meeting_json (db, MEETING_ID, member, &error);
      const cJSON *agenda;
      const cJSON *document;

      g_assert_no_error (error);
      g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (meeting, "title")->valuestring, ==,
                       "Hội nghị tháng 12");
      agenda = cJSON_GetObjectItemCaseSensitive (meeting, "agenda");
      g_assert_cmpint (cJSON_GetArraySize (agenda), ==, 1);
      document = cJSON_GetArrayItem (
        cJSON_GetObjectItemCaseSensitive (cJSON_GetArrayItem (agenda, 0), "documents"), 0);
      g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (document, "id")->valuestring, ==,
                       DOCUMENT_ID);
      g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (document, "pages")->valueint, ==, 3);
      g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (document,
                                                                     "confidential")));
    }

  if (version >= 3)
    {
      g_autoptr(GPtrArray) events = plenum_server_db_events_after (db, 0, member, 100, &error);
      gint64 latest = 0;
      gint64 first = 0;

      g_assert_no_error (error);
      g_assert_cmpuint (events->len, ==, 1);
      g_assert_cmpstr (((PlenumServerEvent *) events->pdata[0])->type, ==, "packet.published");
      g_assert_true (plenum_server_db_event_bounds (db, &latest, &first, &error));
      g_assert_cmpint (latest, ==, 1);
      g_assert_cmpint (first, ==, 1);
    }

  if (version >= 5)
    {
      g_autoptr(PlenumServerAccount) terminal = NULL;
      g_autoptr(cJSON) meeting = NULL;
      g_autoptr(cJSON) attendance = NULL;
      g_autoptr(cJSON) terminals = NULL;
      g_autofree char *room_id = NULL;
      g_autofree char *response = NULL;
      gboolean found = FALSE;
      guint status = 0;
      guint8 credential_hash[32];

      for (guint i = 0; i < 32; i++)
        credential_hash[i] = (guint8) (0xff - (i % 16) * 0x11);
      g_assert_cmpint (plenum_server_db_lookup_terminal (db, credential_hash, 1800000000,
                                                         &terminal, &error),
                       ==, PLENUM_TERMINAL_VALID);
      g_assert_no_error (error);
      g_assert_true (terminal->is_terminal);
      g_assert_cmpstr (terminal->terminal_id, ==, TERMINAL_ID);
      g_assert_cmpstr (terminal->display_name, ==, "Ghế 05");

      /* The terminal sees the meetings of its room's bodies. */
      meeting = plenum_server_db_meeting_json (db, MEETING_ID, terminal, &error);
      g_assert_no_error (error);
      g_assert_nonnull (meeting);

      room_id = plenum_server_db_find_room (db, "Phòng họp số 1", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (room_id, ==, ROOM_ID);

      terminals = plenum_server_db_terminals_json (db, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (terminals,
                                                                             "terminals")),
                       ==, 1);

      attendance = plenum_server_db_attendance_json (db, MEETING_ID, member, &error);
      g_assert_no_error (error);
      g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (attendance,
                                                                             "attendance")),
                       ==, 1);

      g_assert_true (plenum_server_db_operation_lookup (db, ACCOUNT_ID, OPERATION_ID, "hash",
                                                        &found, &status, &response, &error));
      g_assert_no_error (error);
      g_assert_true (found);
      g_assert_cmpuint (status, ==, 200);
      g_assert_cmpstr (response, ==, "{}");
      g_assert_false (plenum_server_db_operation_lookup (db, ACCOUNT_ID, OPERATION_ID, "other",
                                                         &found, &status, &response, &error));
      g_assert_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_CONFLICT);
    }
}

static void
test_fresh (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(PlenumServerDb) db = NULL;
  g_autoptr(GError) error = NULL;

  db = plenum_server_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plenum_server_db_get_schema_version (db), ==,
                   plenum_server_db_latest_schema_version ());
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==,
                   plenum_server_db_latest_schema_version ());
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                  "AND name IN ('accounts', 'bodies', 'meetings', 'events', "
                                  "'operations', 'pin_failures', 'rooms', 'terminals', "
                                  "'attendance', 'idempotency_records')"), ==, 10);
  /* WAL, as the server runs. */
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (plenum_server_db_get_handle (db),
                                         "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_finalize (stmt);
  }
  insert_rows_for_version (db, plenum_server_db_latest_schema_version ());
  check_rows_for_version (db, plenum_server_db_latest_schema_version ());
}

static void
test_upgrade (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  g_autofree char *path = new_db_path ();
  g_autoptr(PlenumServerDb) db = NULL;
  g_autoptr(GError) error = NULL;

  /* An old server's database, with data in it. */
  db = plenum_server_db_open_at_version (path, version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plenum_server_db_get_schema_version (db), ==, version);
  insert_rows_for_version (db, version);
  g_clear_object (&db);

  db = plenum_server_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plenum_server_db_get_schema_version (db), ==,
                   plenum_server_db_latest_schema_version ());
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==,
                   plenum_server_db_latest_schema_version ());
  check_rows_for_version (db, version);

  /* What the later migrations brought works on the upgraded database. */
  {
    gint64 until = 0;

    g_assert_false (plenum_server_db_sign_in_failed (db, "nguyen.van.an", 5, 1000, 1, &until,
                                                     &error));
    g_assert_no_error (error);
    g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_table_info('tokens') "
                                    "WHERE name = 'terminal_id'"), ==, 1);
  }
}

static void
test_reopen_is_noop (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(PlenumServerDb) db = NULL;
  g_autoptr(GError) error = NULL;
  gint64 schema_cookie;
  gint64 changes;

  db = plenum_server_db_open (path, &error);
  g_assert_no_error (error);
  insert_rows_for_version (db, plenum_server_db_latest_schema_version ());
  schema_cookie = query_int (db, "PRAGMA schema_version");
  g_clear_object (&db);

  db = plenum_server_db_open (path, &error);
  g_assert_no_error (error);
  /* No migration ran: the schema cookie changes with every schema change, and nothing
   * was written. */
  g_assert_cmpint (query_int (db, "PRAGMA schema_version"), ==, schema_cookie);
  changes = sqlite3_total_changes64 (plenum_server_db_get_handle (db));
  g_assert_cmpint (changes, ==, 0);
  check_rows_for_version (db, plenum_server_db_latest_schema_version ());
}

static void
test_too_new (void)
{
  g_autofree char *path = new_db_path ();
  g_autofree char *sql = NULL;
  g_autoptr(PlenumServerDb) db = NULL;
  g_autoptr(GError) error = NULL;

  db = plenum_server_db_open (path, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("PRAGMA user_version = %d",
                         plenum_server_db_latest_schema_version () + 1);
  exec_sql (db, sql);
  g_clear_object (&db);

  db = plenum_server_db_open (path, &error);
  g_assert_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_TOO_NEW);
  g_assert_null (db);
}

/* Store-level rules */

static PlenumServerDb *
open_seeded (char **member_id,
             char **chair_id,
             char **body_id)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(GError) error = NULL;
  PlenumServerDb *db = plenum_server_db_open (path, &error);

  g_assert_no_error (error);
  *member_id = plenum_server_db_create_account (db, "le.thi.binh", "Lê Thị Bình",
                                                PLENUM_ROLE_MEMBER, "$y$x", &error);
  g_assert_no_error (error);
  *chair_id = plenum_server_db_create_account (db, "tran.van.chu", "Trần Văn Chủ",
                                               PLENUM_ROLE_MEMBER, "$y$x", &error);
  g_assert_no_error (error);
  *body_id = plenum_server_db_create_body (db, "Ban Thường vụ", &error);
  g_assert_no_error (error);
  g_assert_true (plenum_server_db_add_member (db, *body_id, *member_id, &error));
  g_assert_true (plenum_server_db_add_member (db, *body_id, *chair_id, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      char sha[65];

      memset (sha, 'a' + (char) i, 64);
      sha[64] = '\0';
      g_assert_true (plenum_server_db_add_blob (db, sha, 100 + i, 2, &error));
      g_assert_no_error (error);
    }
  return db;
}

static PlenumServerPacket *
packet_new (const char *body_id,
            const char *chair_id,
            const char *document_title,
            char        blob)
{
  PlenumServerPacket *packet = plenum_server_packet_new ();
  PlenumServerPacketItem *item = plenum_server_packet_item_new ();
  PlenumServerPacketDocument *document = plenum_server_packet_document_new ();

  packet->body_id = g_strdup (body_id);
  packet->chair_id = g_strdup (chair_id);
  packet->title = g_strdup ("Hội nghị");
  packet->starts_at = 1764550800;
  item->number = g_strdup ("1");
  item->title = g_strdup ("Báo cáo");
  document->title = g_strdup (document_title);
  memset (document->sha256, blob, 64);
  document->sha256[64] = '\0';
  g_ptr_array_add (item->documents, document);
  g_ptr_array_add (packet->items, item);
  return packet;
}

static const char *
first_document_id (const char *meeting_json)
{
  static char id[40];
  g_autoptr(cJSON) root = cJSON_Parse (meeting_json);
  const cJSON *item = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (root, "agenda"), 0);
  const cJSON *document = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (item,
                                                                                "documents"), 0);

  g_strlcpy (id, cJSON_GetObjectItemCaseSensitive (document, "id")->valuestring, sizeof id);
  return id;
}

static void
test_publish (void)
{
  g_autofree char *member_id = NULL;
  g_autofree char *chair_id = NULL;
  g_autofree char *body_id = NULL;
  g_autoptr(PlenumServerDb) db = open_seeded (&member_id, &chair_id, &body_id);
  g_autoptr(PlenumServerAccount) secretary = account_new (SECRETARY_ID, PLENUM_ROLE_SECRETARY);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumServerPacket) first = packet_new (body_id, chair_id, "Báo cáo", 'a');
  g_autoptr(PlenumServerPacket) revised = packet_new (body_id, chair_id, "Báo cáo", 'b');
  g_autoptr(PlenumServerPacket) renamed = packet_new (body_id, chair_id, "Báo cáo mới", 'b');
  g_autoptr(PlenumServerPacket) missing = packet_new (body_id, chair_id, "Báo cáo", 'z');
  g_autoptr(PlenumServerPacket) outsider = packet_new (body_id, SECRETARY_ID, "Báo cáo", 'a');
  g_autofree char *first_id = NULL;
  PlenumServerPublishResult result = { 0 };
  gint64 latest = 0;
  gint64 first_seq = 0;

  g_assert_true (plenum_server_db_publish_packet (db, MEETING_ID, first,
                                                  "11111111-1111-4111-8111-111111111111",
                                                  "h1", secretary, 1000, 100, &result, &error));
  g_assert_no_error (error);
  g_assert_false (result.replayed);
  g_assert_cmpint (result.packet_version, ==, 1);
  g_assert_nonnull (result.event);
  g_assert_cmpstr (result.event->type, ==, "packet.published");
  g_assert_cmpstr (result.event->body_id, ==, body_id);
  first_id = g_strdup (first_document_id (result.result_json));
  plenum_server_publish_result_clear (&result);

  /* The same operation again: the stored answer, nothing new. */
  g_assert_true (plenum_server_db_publish_packet (db, MEETING_ID, first,
                                                  "11111111-1111-4111-8111-111111111111",
                                                  "h1", secretary, 2000, 100, &result, &error));
  g_assert_true (result.replayed);
  g_assert_null (result.event);
  g_assert_cmpint (result.packet_version, ==, 1);
  plenum_server_publish_result_clear (&result);

  /* The same operation id for something else is refused. */
  g_assert_false (plenum_server_db_publish_packet (db, MEETING_ID, revised,
                                                   "11111111-1111-4111-8111-111111111111",
                                                   "h2", secretary, 2000, 100, &result,
                                                   &error));
  g_assert_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_CONFLICT);
  g_clear_error (&error);

  /* A revision keeps the document's id; a new title gives a new one. */
  g_assert_true (plenum_server_db_publish_packet (db, MEETING_ID, revised,
                                                  "22222222-2222-4222-8222-222222222222",
                                                  "h2", secretary, 3000, 100, &result, &error));
  g_assert_cmpint (result.packet_version, ==, 2);
  g_assert_cmpstr (first_document_id (result.result_json), ==, first_id);
  plenum_server_publish_result_clear (&result);
  g_assert_true (plenum_server_db_publish_packet (db, MEETING_ID, renamed,
                                                  "33333333-3333-4333-8333-333333333333",
                                                  "h3", secretary, 4000, 100, &result, &error));
  g_assert_cmpstr (first_document_id (result.result_json), !=, first_id);
  plenum_server_publish_result_clear (&result);
  /* … and back: the old title's id comes back with it. */
  g_assert_true (plenum_server_db_publish_packet (db, MEETING_ID, first,
                                                  "44444444-4444-4444-8444-444444444444",
                                                  "h4", secretary, 5000, 100, &result, &error));
  g_assert_cmpint (result.packet_version, ==, 4);
  g_assert_cmpstr (first_document_id (result.result_json), ==, first_id);
  plenum_server_publish_result_clear (&result);

  /* A missing blob and a chair from outside the body change nothing. */
  g_assert_false (plenum_server_db_publish_packet (db, MEETING_ID, missing,
                                                   "55555555-5555-4555-8555-555555555555",
                                                   "h5", secretary, 6000, 100, &result,
                                                   &error));
  g_assert_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_MISSING_BLOB);
  g_assert_cmpstr (error->message, ==,
                   "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");
  g_clear_error (&error);
  g_assert_false (plenum_server_db_publish_packet (db, MEETING_ID, outsider,
                                                   "66666666-6666-4666-8666-666666666666",
                                                   "h6", secretary, 6000, 100, &result,
                                                   &error));
  g_assert_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (plenum_server_db_event_bounds (db, &latest, &first_seq, &error));
  g_assert_cmpint (latest, ==, 4);
  g_assert_cmpint (first_seq, ==, 1);
}

static void
test_event_retention (void)
{
  g_autofree char *member_id = NULL;
  g_autofree char *chair_id = NULL;
  g_autofree char *body_id = NULL;
  g_autoptr(PlenumServerDb) db = open_seeded (&member_id, &chair_id, &body_id);
  g_autoptr(PlenumServerAccount) secretary = account_new (SECRETARY_ID, PLENUM_ROLE_SECRETARY);
  g_autoptr(PlenumServerAccount) member = account_new (member_id, PLENUM_ROLE_MEMBER);
  g_autoptr(PlenumServerAccount) stranger = account_new (ACCOUNT_ID, PLENUM_ROLE_MEMBER);
  g_autoptr(PlenumServerPacket) packet = packet_new (body_id, chair_id, "Báo cáo", 'a');
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  gint64 latest = 0;
  gint64 first = 0;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *operation = g_strdup_printf ("11111111-1111-4111-8111-%012u", i);
      PlenumServerPublishResult result = { 0 };

      g_assert_true (plenum_server_db_publish_packet (db, MEETING_ID, packet, operation,
                                                      operation, secretary, 1000, 3, &result,
                                                      &error));
      g_assert_no_error (error);
      plenum_server_publish_result_clear (&result);
    }

  /* Only the last three are kept; sequence numbers go on. */
  g_assert_true (plenum_server_db_event_bounds (db, &latest, &first, &error));
  g_assert_cmpint (latest, ==, 5);
  g_assert_cmpint (first, ==, 3);

  events = plenum_server_db_events_after (db, 3, member, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (((PlenumServerEvent *) events->pdata[0])->seq, ==, 4);
  g_assert_cmpint (((PlenumServerEvent *) events->pdata[1])->seq, ==, 5);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* Someone outside the body sees none of them. */
  events = plenum_server_db_events_after (db, 0, stranger, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 0);
}

static void
test_sign_in_lockout (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(PlenumServerDb) db = plenum_server_db_open (path, NULL);
  g_autoptr(GError) error = NULL;
  gint64 until = 0;

  for (guint i = 0; i < 4; i++)
    {
      g_assert_false (plenum_server_db_sign_in_failed (db, "ai.do", 5, 1000, 100, &until,
                                                       &error));
      g_assert_no_error (error);
      guint failures = 0;

      g_assert_true (plenum_server_db_sign_in_check (db, "ai.do", 100, &until, &failures,
                                                     &error));
      g_assert_cmpint (until, ==, 0);
      g_assert_cmpuint (failures, ==, i + 1);
    }
  /* The fifth locks the name, unknown or not. */
  g_assert_true (plenum_server_db_sign_in_failed (db, "ai.do", 5, 1000, 100, &until, &error));
  g_assert_cmpint (until, ==, 1100);
  g_assert_true (plenum_server_db_sign_in_check (db, "ai.do", 500, &until, NULL, &error));
  g_assert_cmpint (until, ==, 1100);
  /* Other names are not affected; the lock ends. */
  g_assert_true (plenum_server_db_sign_in_check (db, "ai.khac", 500, &until, NULL, &error));
  g_assert_cmpint (until, ==, 0);
  g_assert_true (plenum_server_db_sign_in_check (db, "ai.do", 1100, &until, NULL, &error));
  g_assert_cmpint (until, ==, 0);
  /* A success forgets the failures. */
  g_assert_false (plenum_server_db_sign_in_failed (db, "ai.do", 5, 1000, 1200, &until, &error));
  g_assert_true (plenum_server_db_sign_in_succeeded (db, "ai.do", &error));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pin_failures WHERE key = 'ai.do'"),
                   ==, 0);
  g_assert_no_error (error);
}

/* PIN failures per key (docs/protocol.md, "Guessing PINs"): each further lock of a key
 * is twice as long, up to the cap; clearing a name clears its keys at every terminal, and
 * neither another name nor the terminal's key. */
static void
test_pin_failure_keys (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(PlenumServerDb) db = plenum_server_db_open (path, NULL);
  g_autoptr(GError) error = NULL;
  const gint64 lengths[] = { 1000, 2000, 4000, 5000, 5000 };
  gint64 now = 100;
  gint64 until = 0;

  for (guint lock = 0; lock < G_N_ELEMENTS (lengths); lock++)
    {
      for (guint i = 0; i < 4; i++)
        {
          g_assert_false (plenum_server_db_pin_failure_add (db, "ai.do\nT1", 5, 1000, 5000, now,
                                                            &until, &error));
          g_assert_no_error (error);
        }
      g_assert_true (plenum_server_db_pin_failure_add (db, "ai.do\nT1", 5, 1000, 5000, now,
                                                       &until, &error));
      g_assert_cmpint (until, ==, now + lengths[lock]);
      g_assert_cmpint (query_int (db, "SELECT locks FROM pin_failures "
                                      "WHERE key = 'ai.do' || char (10) || 'T1'"), ==, lock + 1);
      now = until;
    }

  g_assert_false (plenum_server_db_pin_failure_add (db, "ai.do\n", 5, 1000, 5000, now, &until,
                                                    &error));
  g_assert_false (plenum_server_db_pin_failure_add (db, "ai.dox\n", 5, 1000, 5000, now, &until,
                                                    &error));
  g_assert_false (plenum_server_db_pin_failure_add (db, "\nT1", 15, 1000, 5000, now, &until,
                                                    &error));
  g_assert_true (plenum_server_db_pin_failures_clear_name (db, "ai.do", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pin_failures WHERE key LIKE 'ai.do_%'"),
                   ==, 1);  /* "ai.dox\n" */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pin_failures "
                                  "WHERE key = char (10) || 'T1'"), ==, 1);
}

static void
test_tokens (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(PlenumServerDb) db = plenum_server_db_open (path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autofree char *id = NULL;
  char token[65];
  guint8 hash[32];
  guint8 again[32];

  id = plenum_server_db_create_account (db, "le.thi.binh", "Lê Thị Bình", PLENUM_ROLE_MEMBER,
                                        "$y$x", &error);
  g_assert_no_error (error);
  g_assert_true (plenum_token_new (token, hash, &error));
  g_assert_cmpuint (strlen (token), ==, 64);
  g_assert_true (plenum_token_hash (token, again));
  g_assert_cmpmem (hash, 32, again, 32);
  g_assert_false (plenum_token_hash ("ABCDEF", again));

  g_assert_true (plenum_server_db_add_token (db, hash, id, "5f1c6a1e-0000-4000-8000-000000000000",
                                             100, 200, &error));
  g_assert_cmpint (plenum_server_db_lookup_token (db, hash, 150, &account, &error), ==,
                   PLENUM_TOKEN_VALID);
  g_assert_cmpstr (account->id, ==, id);
  g_clear_pointer (&account, plenum_server_account_free);
  g_assert_cmpint (plenum_server_db_lookup_token (db, hash, 200, &account, &error), ==,
                   PLENUM_TOKEN_EXPIRED);
  g_assert_null (account);
  /* Only the hash is stored. */
  g_assert_cmpint (query_int (db, "SELECT length(token_hash) FROM tokens"), ==, 32);
  g_assert_true (plenum_server_db_delete_token (db, hash, &error));
  g_assert_cmpint (plenum_server_db_lookup_token (db, hash, 150, &account, &error), ==,
                   PLENUM_TOKEN_UNKNOWN);
  g_assert_no_error (error);
}

static void
test_pin_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = plenum_pin_hash ("123456", &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$y$"));
  g_assert_true (plenum_pin_verify ("123456", hash));
  g_assert_false (plenum_pin_verify ("123457", hash));
  g_assert_false (plenum_pin_verify ("123456", NULL));
  g_assert_true (plenum_is_pin ("0000"));
  g_assert_true (plenum_is_pin ("123456789012"));
  g_assert_false (plenum_is_pin ("123"));
  g_assert_false (plenum_is_pin ("1234567890123"));
  g_assert_false (plenum_is_pin ("12a4"));
  g_assert_false (plenum_is_pin (""));
}

int
main (int   argc,
      char *argv[])
{
  plenum_test_init (&argc, &argv);
  plenum_json_init ();

  g_test_add_func ("/plenum/server-store/fresh", test_fresh);
  for (int version = 0; version < plenum_server_db_latest_schema_version (); version++)
    {
      g_autofree char *name = g_strdup_printf ("/plenum/server-store/upgrade-from/%d", version);

      g_test_add_data_func (name, GINT_TO_POINTER (version), test_upgrade);
    }
  g_test_add_func ("/plenum/server-store/reopen-is-noop", test_reopen_is_noop);
  g_test_add_func ("/plenum/server-store/too-new", test_too_new);
  g_test_add_func ("/plenum/server-store/publish", test_publish);
  g_test_add_func ("/plenum/server-store/event-retention", test_event_retention);
  g_test_add_func ("/plenum/server-store/sign-in-lockout", test_sign_in_lockout);
  g_test_add_func ("/plenum/server-store/pin-failure-keys", test_pin_failure_keys);
  g_test_add_func ("/plenum/server-store/tokens", test_tokens);
  g_test_add_func ("/plenum/server-store/pin-hash", test_pin_hash);

  return g_test_run ();
}
