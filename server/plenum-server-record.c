/* plenum-server-record.c — the meeting record and the audit log (docs/protocol.md, "The record").
 *
 * GET /api/v1/meetings/{id}/record gathers what a committee office keeps of a meeting:
 * who attended and when they came and went, the agenda with every document and its
 * superseded versions, the votes (with their results as GET …/votes answers them, and
 * names only for open votes), who had the floor, and the opinion rounds with their
 * answers. GET /api/v1/audit pages through the audit log that plenum-server.c appends
 * to once each write has been answered. Both are the secretariat's only.
 *
 * The queries run here over plenum-server-db-private.h's statement cache, on the main
 * thread like every request; the history tables they read (attendance_log, speaker_log,
 * audit_log) are written by plenum-server-db.c's write paths.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-server"

#include "plenum-server-private.h"
#include "plenum-server-db-private.h"

#include "core/plenum-json.h"

#define AUDIT_LIMIT_DEFAULT 500
#define AUDIT_LIMIT_MAX     5000

/* Building the record */

typedef struct {
  PlenumServerDb *db;
  GHashTable     *people;  /* account id → Person (cJSON, owned), as read once */
} Record;

/* A new Person { id, name, display_name } for @account_id (NULL: JSON null). An account
 * that no longer exists keeps its id with empty names. */
static cJSON *
person_json (Record      *record,
             const char  *account_id,
             GError     **error)
{
  const cJSON *known;
  cJSON *person;
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (account_id == NULL)
    return cJSON_CreateNull ();
  known = g_hash_table_lookup (record->people, account_id);
  if (known != NULL)
    return cJSON_Duplicate (known, TRUE);

  stmt = plenum_server_db_stmt (record->db,
                                "SELECT name, display_name FROM accounts WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  plenum_server_db_bind_text (stmt, 1, account_id);
  if (!plenum_server_db_step (record->db, stmt, &has_row, error))
    return NULL;
  person = cJSON_CreateObject ();
  plenum_json_add_string (person, "id", account_id);
  plenum_json_add_string (person, "name",
                          has_row ? (const char *) sqlite3_column_text (stmt, 0) : "");
  plenum_json_add_string (person, "display_name",
                          has_row ? (const char *) sqlite3_column_text (stmt, 1) : "");
  if (has_row)
    sqlite3_reset (stmt);
  g_hash_table_insert (record->people, g_strdup (account_id), person);
  return cJSON_Duplicate (person, TRUE);
}

/* Adds @person (taken) under @key, or fails when it is NULL (an error is set). */
static gboolean
add_person (cJSON      *object,
            const char *key,
            cJSON      *person)
{
  if (person == NULL)
    return FALSE;
  cJSON_AddItemToObject (object, key, person);
  return TRUE;
}

static void
add_time_or_null (cJSON        *object,
                  const char   *key,
                  sqlite3_stmt *stmt,
                  int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    plenum_json_add_time (object, key, NULL);
  else
    plenum_server_db_add_unix_time (object, key, sqlite3_column_int64 (stmt, column));
}

/* Runs @stmt (bound) to its end, collecting column 0 of each row. */
static GPtrArray *
collect_ids (PlenumServerDb  *db,
             sqlite3_stmt    *stmt,
             GError         **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gboolean has_row;
  gboolean ok;

  while ((ok = plenum_server_db_step (db, stmt, &has_row, error)) && has_row)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (!ok)
    return NULL;
  return g_steal_pointer (&ids);
}

/* "meeting" and "members"; *@body_id gets the meeting's body. NOT_FOUND for an unknown
 * meeting. */
static gboolean
add_meeting (Record      *record,
             cJSON       *root,
             const char  *meeting_id,
             char       **body_id,
             GError     **error)
{
  g_autofree char *chair_id = NULL;
  g_autofree char *vice_chair_id = NULL;
  g_autoptr(GPtrArray) member_ids = NULL;
  cJSON *meeting;
  cJSON *body;
  cJSON *members;
  sqlite3_stmt *stmt;
  gboolean has_row;

  stmt = plenum_server_db_stmt (record->db,
                                "SELECT m.id, m.title, m.body_id, b.name, m.starts_at, "
                                "  m.location, m.status, m.packet_version, m.chair_id, "
                                "  m.vice_chair_id "
                                "FROM meetings m JOIN bodies b ON b.id = m.body_id "
                                "WHERE m.id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  plenum_server_db_bind_text (stmt, 1, meeting_id);
  if (!plenum_server_db_step (record->db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such meeting.");
      return FALSE;
    }
  meeting = cJSON_AddObjectToObject (root, "meeting");
  plenum_json_add_string (meeting, "id", (const char *) sqlite3_column_text (stmt, 0));
  plenum_json_add_string (meeting, "title", (const char *) sqlite3_column_text (stmt, 1));
  body = cJSON_AddObjectToObject (meeting, "body");
  plenum_json_add_string (body, "id", (const char *) sqlite3_column_text (stmt, 2));
  plenum_json_add_string (body, "name", (const char *) sqlite3_column_text (stmt, 3));
  plenum_server_db_add_unix_time (meeting, "starts_at", sqlite3_column_int64 (stmt, 4));
  plenum_json_add_string (meeting, "location", (const char *) sqlite3_column_text (stmt, 5));
  plenum_json_add_string (meeting, "status", (const char *) sqlite3_column_text (stmt, 6));
  plenum_json_add_int64 (meeting, "packet_version", sqlite3_column_int64 (stmt, 7));
  *body_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  chair_id = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  vice_chair_id = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  sqlite3_reset (stmt);
  if (!add_person (meeting, "chair", person_json (record, chair_id, error)) ||
      !add_person (meeting, "vice_chair", person_json (record, vice_chair_id, error)))
    return FALSE;

  stmt = plenum_server_db_stmt (record->db,
                                "SELECT m.account_id FROM body_members m "
                                "JOIN accounts a ON a.id = m.account_id "
                                "WHERE m.body_id = ?1 ORDER BY a.name", error);
  if (stmt == NULL)
    return FALSE;
  plenum_server_db_bind_text (stmt, 1, *body_id);
  member_ids = collect_ids (record->db, stmt, error);
  if (member_ids == NULL)
    return FALSE;
  members = cJSON_AddArrayToObject (root, "members");
  for (guint i = 0; i < member_ids->len; i++)
    {
      cJSON *person = person_json (record, g_ptr_array_index (member_ids, i), error);

      if (person == NULL)
        return FALSE;
      cJSON_AddItemToArray (members, person);
    }
  return TRUE;
}

/* "attendance": every member of the body, present or not, with each check-in and
 * check-out in order. */
static gboolean
add_attendance (Record      *record,
                cJSON       *root,
                const char  *meeting_id,
                GError     **error)
{
  const cJSON *members = cJSON_GetObjectItemCaseSensitive (root, "members");
  cJSON *attendance = cJSON_AddArrayToObject (root, "attendance");
  const cJSON *member;

  cJSON_ArrayForEach (member, members)
    {
      const char *account_id = cJSON_GetObjectItemCaseSensitive (member, "id")->valuestring;
      cJSON *row = cJSON_CreateObject ();
      cJSON *history;
      sqlite3_stmt *stmt;
      gboolean has_row;
      gboolean ok;
      gboolean present = FALSE;

      cJSON_AddItemToArray (attendance, row);
      cJSON_AddItemToObject (row, "member", cJSON_Duplicate (member, TRUE));
      stmt = plenum_server_db_stmt (record->db,
                                    "SELECT present FROM attendance "
                                    "WHERE meeting_id = ?1 AND account_id = ?2", error);
      if (stmt == NULL)
        return FALSE;
      plenum_server_db_bind_text (stmt, 1, meeting_id);
      plenum_server_db_bind_text (stmt, 2, account_id);
      if (!plenum_server_db_step (record->db, stmt, &has_row, error))
        return FALSE;
      if (has_row)
        {
          present = sqlite3_column_int (stmt, 0) != 0;
          sqlite3_reset (stmt);
        }
      plenum_json_add_bool (row, "present", present);

      history = cJSON_AddArrayToObject (row, "history");
      stmt = plenum_server_db_stmt (record->db,
                                    "SELECT present, at FROM attendance_log "
                                    "WHERE meeting_id = ?1 AND account_id = ?2 ORDER BY seq",
                                    error);
      if (stmt == NULL)
        return FALSE;
      plenum_server_db_bind_text (stmt, 1, meeting_id);
      plenum_server_db_bind_text (stmt, 2, account_id);
      while ((ok = plenum_server_db_step (record->db, stmt, &has_row, error)) && has_row)
        {
          cJSON *change = cJSON_CreateObject ();

          plenum_json_add_bool (change, "present", sqlite3_column_int (stmt, 0) != 0);
          plenum_server_db_add_unix_time (change, "at", sqlite3_column_int64 (stmt, 1));
          cJSON_AddItemToArray (history, change);
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* "agenda": the items, their documents as published now, and each document's
 * superseded versions (document_versions), newest first. */
static gboolean
add_agenda (Record      *record,
            cJSON       *root,
            const char  *meeting_id,
            GError     **error)
{
  g_autoptr(GHashTable) documents_by_item = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                   g_free, NULL);
  cJSON *agenda = cJSON_AddArrayToObject (root, "agenda");
  cJSON *item;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  stmt = plenum_server_db_stmt (record->db,
                                "SELECT id, number, title, closed_session FROM agenda_items "
                                "WHERE meeting_id = ?1 ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  plenum_server_db_bind_text (stmt, 1, meeting_id);
  while ((ok = plenum_server_db_step (record->db, stmt, &has_row, error)) && has_row)
    {
      item = cJSON_CreateObject ();
      plenum_json_add_string (item, "id", (const char *) sqlite3_column_text (stmt, 0));
      plenum_json_add_string (item, "number", (const char *) sqlite3_column_text (stmt, 1));
      plenum_json_add_string (item, "title", (const char *) sqlite3_column_text (stmt, 2));
      plenum_json_add_bool (item, "closed_session", sqlite3_column_int (stmt, 3) != 0);
      g_hash_table_insert (documents_by_item,
                           g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                           cJSON_AddArrayToObject (item, "documents"));
      cJSON_AddItemToArray (agenda, item);
    }
  if (!ok)
    return FALSE;

  stmt = plenum_server_db_stmt (record->db,
                                "SELECT d.item_id, d.id, d.title, d.sha256, "
                                "  coalesce (p.pages, b.pages), b.size, d.confidential "
                                "FROM documents d JOIN blobs b ON b.sha256 = d.sha256 "
                                "LEFT JOIN document_passwords p ON p.document_id = d.id "
                                "WHERE d.meeting_id = ?1 ORDER BY d.item_id, d.position", error);
  if (stmt == NULL)
    return FALSE;
  plenum_server_db_bind_text (stmt, 1, meeting_id);
  while ((ok = plenum_server_db_step (record->db, stmt, &has_row, error)) && has_row)
    {
      cJSON *documents = g_hash_table_lookup (documents_by_item, sqlite3_column_text (stmt, 0));
      cJSON *document;

      if (documents == NULL)
        continue;
      document = cJSON_CreateObject ();
      plenum_json_add_string (document, "id", (const char *) sqlite3_column_text (stmt, 1));
      plenum_json_add_string (document, "title", (const char *) sqlite3_column_text (stmt, 2));
      plenum_json_add_string (document, "sha256", (const char *) sqlite3_column_text (stmt, 3));
      plenum_json_add_int64 (document, "pages", sqlite3_column_int64 (stmt, 4));
      plenum_json_add_int64 (document, "size", sqlite3_column_int64 (stmt, 5));
      plenum_json_add_bool (document, "confidential", sqlite3_column_int (stmt, 6) != 0);
      cJSON_AddArrayToObject (document, "superseded");
      cJSON_AddItemToArray (documents, document);
    }
  if (!ok)
    return FALSE;

  /* The versions each document replaced (empty until a revision is published). */
  cJSON_ArrayForEach (item, agenda)
    {
      const cJSON *document;

      cJSON_ArrayForEach (document, cJSON_GetObjectItemCaseSensitive (item, "documents"))
        {
          cJSON *superseded = cJSON_GetObjectItemCaseSensitive (document, "superseded");

          stmt = plenum_server_db_stmt (record->db,
                                        "SELECT sha256, pages, superseded_at "
                                        "FROM document_versions "
                                        "WHERE document_id = ?1 AND meeting_id = ?2 "
                                        "ORDER BY superseded_at DESC, packet_version DESC",
                                        error);
          if (stmt == NULL)
            return FALSE;
          plenum_server_db_bind_text (stmt, 1,
                                      cJSON_GetObjectItemCaseSensitive (document,
                                                                        "id")->valuestring);
          plenum_server_db_bind_text (stmt, 2, meeting_id);
          while ((ok = plenum_server_db_step (record->db, stmt, &has_row, error)) && has_row)
            {
              cJSON *version = cJSON_CreateObject ();

              plenum_json_add_string (version, "sha256",
                                      (const char *) sqlite3_column_text (stmt, 0));
              plenum_json_add_int64 (version, "pages", sqlite3_column_int64 (stmt, 1));
              plenum_server_db_add_unix_time (version, "superseded_at",
                                              sqlite3_column_int64 (stmt, 2));
              cJSON_AddItemToArray (superseded, version);
            }
          if (!ok)
            return FALSE;
        }
    }
  return TRUE;
}

/* The labels of @choices (option indices) among @options. */
static cJSON *
choice_labels (const cJSON *choices,
               const cJSON *options)
{
  cJSON *labels = cJSON_CreateArray ();
  const cJSON *choice;

  cJSON_ArrayForEach (choice, choices)
    {
      const cJSON *option;

      /* Not `option = … ? … : NULL`: cJSON_IsString (NULL) is false, but clang's
       * analyzer cannot see into cJSON and took the NULL on to ->valuestring. */
      if (!cJSON_IsNumber (choice))
        continue;
      option = cJSON_GetArrayItem (options, choice->valueint);
      if (cJSON_IsString (option))
        cJSON_AddItemToArray (labels, cJSON_CreateString (option->valuestring));
    }
  return labels;
}

/* "votes": each vote as GET …/votes answers it (the result is that answer's, not
 * computed again), with Persons for the voters and, once it is over, their ballots — for
 * open votes only; a secret vote has neither. */
static gboolean
add_votes (Record                    *record,
           cJSON                     *root,
           const char                *meeting_id,
           const PlenumServerAccount *account,
           GError                   **error)
{
  static const char * const copied[] = {
    "id", "item_id", "title", "kind", "form", "options", "majority", "quorum_required",
    "state", "opened_at", "closed_at", "result",
  };
  g_autoptr(cJSON) answer = NULL;
  cJSON *votes = cJSON_AddArrayToObject (root, "votes");
  const cJSON *vote;

  answer = plenum_server_db_votes_json (record->db, meeting_id, account, error);
  if (answer == NULL)
    return FALSE;
  cJSON_ArrayForEach (vote, cJSON_GetObjectItemCaseSensitive (answer, "votes"))
    {
      const cJSON *voters = cJSON_GetObjectItemCaseSensitive (vote, "voters");
      const cJSON *options = cJSON_GetObjectItemCaseSensitive (vote, "options");
      const cJSON *voter;
      cJSON *entry = cJSON_CreateObject ();
      cJSON *names;
      cJSON *ballots;

      cJSON_AddItemToArray (votes, entry);
      for (gsize i = 0; i < G_N_ELEMENTS (copied); i++)
        {
          const cJSON *value = cJSON_GetObjectItemCaseSensitive (vote, copied[i]);

          cJSON_AddItemToObject (entry, copied[i],
                                 value != NULL ? cJSON_Duplicate (value, TRUE)
                                               : cJSON_CreateNull ());
        }
      /* GET …/votes lists voters for open votes only; the record says the same. */
      if (!cJSON_IsArray (voters))
        {
          cJSON_AddNullToObject (entry, "voters");
          cJSON_AddNullToObject (entry, "ballots");
          continue;
        }
      names = cJSON_AddArrayToObject (entry, "voters");
      ballots = cJSON_AddArrayToObject (entry, "ballots");
      cJSON_ArrayForEach (voter, voters)
        {
          const cJSON *id = cJSON_GetObjectItemCaseSensitive (voter, "account_id");
          const cJSON *choices = cJSON_GetObjectItemCaseSensitive (voter, "choices");
          cJSON *person = person_json (record, cJSON_IsString (id) ? id->valuestring : NULL,
                                       error);
          cJSON *ballot;

          if (person == NULL)
            return FALSE;
          cJSON_AddItemToArray (names, person);
          /* Choices are answered once the vote is over. */
          if (!cJSON_IsArray (choices))
            continue;
          ballot = cJSON_CreateObject ();
          cJSON_AddItemToObject (ballot, "member", cJSON_Duplicate (person, TRUE));
          cJSON_AddItemToObject (ballot, "choice", choice_labels (choices, options));
          cJSON_AddItemToArray (ballots, ballot);
        }
    }
  return TRUE;
}

/* "speakers": who had the floor, on which item, from when to when. */
static gboolean
add_speakers (Record      *record,
              cJSON       *root,
              const char  *meeting_id,
              GError     **error)
{
  cJSON *speakers = cJSON_AddArrayToObject (root, "speakers");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cJSON_Delete);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  stmt = plenum_server_db_stmt (record->db,
                                "SELECT account_id, item_id, floor_at, ended_at FROM speaker_log "
                                "WHERE meeting_id = ?1 ORDER BY seq", error);
  if (stmt == NULL)
    return FALSE;
  plenum_server_db_bind_text (stmt, 1, meeting_id);
  while ((ok = plenum_server_db_step (record->db, stmt, &has_row, error)) && has_row)
    {
      cJSON *row = cJSON_CreateObject ();

      plenum_json_add_string (row, "item_id", (const char *) sqlite3_column_text (stmt, 1));
      plenum_server_db_add_unix_time (row, "floor_at", sqlite3_column_int64 (stmt, 2));
      add_time_or_null (row, "ended_at", stmt, 3);
      g_ptr_array_add (rows, row);
      g_ptr_array_add (accounts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    }
  if (!ok)
    return FALSE;
  /* Persons after the rows: person_json() runs a statement of its own. */
  for (guint i = 0; i < rows->len; i++)
    {
      cJSON *speaker = cJSON_CreateObject ();
      cJSON *row = g_ptr_array_index (rows, i);

      cJSON_AddItemToArray (speakers, speaker);
      if (!add_person (speaker, "member",
                       person_json (record, g_ptr_array_index (accounts, i), error)))
        return FALSE;
      cJSON_AddItemToObject (speaker, "item_id",
                             cJSON_DetachItemFromObjectCaseSensitive (row, "item_id"));
      cJSON_AddItemToObject (speaker, "floor_at",
                             cJSON_DetachItemFromObjectCaseSensitive (row, "floor_at"));
      cJSON_AddItemToObject (speaker, "ended_at",
                             cJSON_DetachItemFromObjectCaseSensitive (row, "ended_at"));
    }
  return TRUE;
}

/* "opinion_rounds": every round of the meeting with every member's answer. */
static gboolean
add_opinion_rounds (Record      *record,
                    cJSON       *root,
                    const char  *meeting_id,
                    GError     **error)
{
  cJSON *rounds = cJSON_AddArrayToObject (root, "opinion_rounds");
  cJSON *round;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean ok;

  stmt = plenum_server_db_stmt (record->db,
                                "SELECT id, document_id, title, deadline, opened_at, closed_at "
                                "FROM opinion_rounds WHERE meeting_id = ?1 "
                                "ORDER BY opened_at, id", error);
  if (stmt == NULL)
    return FALSE;
  plenum_server_db_bind_text (stmt, 1, meeting_id);
  while ((ok = plenum_server_db_step (record->db, stmt, &has_row, error)) && has_row)
    {
      round = cJSON_CreateObject ();
      plenum_json_add_string (round, "id", (const char *) sqlite3_column_text (stmt, 0));
      plenum_json_add_string (round, "document_id", (const char *) sqlite3_column_text (stmt, 1));
      plenum_json_add_string (round, "title", (const char *) sqlite3_column_text (stmt, 2));
      plenum_server_db_add_unix_time (round, "deadline", sqlite3_column_int64 (stmt, 3));
      plenum_server_db_add_unix_time (round, "opened_at", sqlite3_column_int64 (stmt, 4));
      add_time_or_null (round, "closed_at", stmt, 5);
      cJSON_AddArrayToObject (round, "answers");
      cJSON_AddItemToArray (rounds, round);
    }
  if (!ok)
    return FALSE;

  cJSON_ArrayForEach (round, rounds)
    {
      cJSON *answers = cJSON_GetObjectItemCaseSensitive (round, "answers");
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cJSON_Delete);
      g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_free);

      stmt = plenum_server_db_stmt (record->db,
                                    "SELECT account_id, stance, text, comments, answered_at "
                                    "FROM opinion_answers WHERE round_id = ?1 "
                                    "ORDER BY answered_at, account_id", error);
      if (stmt == NULL)
        return FALSE;
      plenum_server_db_bind_text (stmt, 1,
                                  cJSON_GetObjectItemCaseSensitive (round, "id")->valuestring);
      while ((ok = plenum_server_db_step (record->db, stmt, &has_row, error)) && has_row)
        {
          cJSON *row = cJSON_CreateObject ();
          cJSON *comments = plenum_json_parse ((const char *) sqlite3_column_text (stmt, 3),
                                               -1, NULL);

          plenum_json_add_string (row, "stance", (const char *) sqlite3_column_text (stmt, 1));
          plenum_json_add_string (row, "text", (const char *) sqlite3_column_text (stmt, 2));
          if (!cJSON_IsArray (comments))
            {
              g_clear_pointer (&comments, cJSON_Delete);
              comments = cJSON_CreateArray ();
            }
          cJSON_AddItemToObject (row, "comments", comments);
          plenum_server_db_add_unix_time (row, "answered_at", sqlite3_column_int64 (stmt, 4));
          g_ptr_array_add (rows, row);
          g_ptr_array_add (accounts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
        }
      if (!ok)
        return FALSE;
      for (guint i = 0; i < rows->len; i++)
        {
          cJSON *answer = cJSON_CreateObject ();
          cJSON *row = g_ptr_array_index (rows, i);
          static const char * const keys[] = { "stance", "text", "comments", "answered_at" };

          cJSON_AddItemToArray (answers, answer);
          if (!add_person (answer, "member",
                           person_json (record, g_ptr_array_index (accounts, i), error)))
            return FALSE;
          for (gsize k = 0; k < G_N_ELEMENTS (keys); k++)
            cJSON_AddItemToObject (answer, keys[k],
                                   cJSON_DetachItemFromObjectCaseSensitive (row, keys[k]));
        }
    }
  return TRUE;
}

/* The whole record of @meeting_id, read in one transaction so that its parts agree. */
static cJSON *
record_json (PlenumServerDb            *db,
             const char                *meeting_id,
             const PlenumServerAccount *account,
             GError                   **error)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  g_autoptr(GHashTable) people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) cJSON_Delete);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *body_id = NULL;
  Record record = { db, people };
  gboolean ok;

  if (!plenum_server_db_begin (db, error))
    return NULL;
  ok = add_meeting (&record, root, meeting_id, &body_id, error);
  if (ok)
    plenum_json_add_time (root, "generated_at", now);
  ok = ok && add_attendance (&record, root, meeting_id, error) &&
       add_agenda (&record, root, meeting_id, error) &&
       add_votes (&record, root, meeting_id, account, error) &&
       add_speakers (&record, root, meeting_id, error) &&
       add_opinion_rounds (&record, root, meeting_id, error);
  /* A read: nothing to keep, so the transaction ends either way. */
  plenum_server_db_rollback (db);
  if (!ok)
    return NULL;
  return g_steal_pointer (&root);
}

/* GET /api/v1/meetings/{id}/record */

static void
handle_record_get (PlenumServer      *self,
                   SoupServerMessage *msg,
                   const char        *meeting_id)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) record = NULL;

  account = plenum_server_authenticate_secretary (self, msg, "reads a meeting's record");
  if (account == NULL)
    return;
  if (!plenum_is_uuid (meeting_id))
    {
      plenum_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such meeting.");
      return;
    }
  record = record_json (plenum_server_get_db (self), meeting_id, account, &error);
  if (record == NULL)
    {
      plenum_server_respond_db_error (msg, error);
      return;
    }
  plenum_server_respond_json_text (msg, SOUP_STATUS_OK, plenum_json_print (record));
}

/* GET /api/v1/audit */

/* @text as an integer in [@min, @max]. */
static gboolean
parse_query_int (const char *text,
                 gint64      min,
                 gint64      max,
                 gint64     *value)
{
  guint64 parsed;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, (guint64) max, &parsed, NULL))
    return FALSE;
  if ((gint64) parsed < min)
    return FALSE;
  *value = (gint64) parsed;
  return TRUE;
}

static void
handle_audit_get (PlenumServer      *self,
                  SoupServerMessage *msg,
                  GHashTable        *query)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) answer = NULL;
  const char *since_text = query != NULL ? g_hash_table_lookup (query, "since") : NULL;
  const char *limit_text = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  const char *meeting_id = query != NULL ? g_hash_table_lookup (query, "meeting_id") : NULL;
  gint64 since = 0;
  gint64 limit = AUDIT_LIMIT_DEFAULT;

  account = plenum_server_authenticate_secretary (self, msg, "reads the audit log");
  if (account == NULL)
    return;
  if (since_text != NULL && !parse_query_int (since_text, 0, G_MAXINT64, &since))
    {
      plenum_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "since: a sequence number (0 or more).");
      return;
    }
  if (limit_text != NULL && !parse_query_int (limit_text, 1, AUDIT_LIMIT_MAX, &limit))
    {
      plenum_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "limit: 1 to %d.", AUDIT_LIMIT_MAX);
      return;
    }
  if (meeting_id != NULL && !plenum_is_uuid (meeting_id))
    {
      plenum_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "meeting_id: a meeting's id (a lowercase UUID).");
      return;
    }
  answer = plenum_server_db_audit_json (plenum_server_get_db (self), since, (guint) limit,
                                        meeting_id, &error);
  if (answer == NULL)
    {
      plenum_server_respond_db_error (msg, error);
      return;
    }
  plenum_server_respond_json_text (msg, SOUP_STATUS_OK, plenum_json_print (answer));
}

gboolean
plenum_server_route_record (PlenumServer      *self,
                            SoupServerMessage *msg,
                            char             **parts,
                            guint              n_parts,
                            GHashTable        *query)
{
  gboolean is_get = plenum_server_method_is (msg, SOUP_METHOD_GET) ||
                    plenum_server_method_is (msg, SOUP_METHOD_HEAD);

  if (n_parts == 1 && g_str_equal (parts[0], "audit"))
    {
      if (is_get)
        handle_audit_get (self, msg, query);
      else
        plenum_server_respond_method_not_allowed (msg, "GET, HEAD");
      return TRUE;
    }
  if (n_parts == 3 && g_str_equal (parts[0], "meetings") && g_str_equal (parts[2], "record"))
    {
      if (is_get)
        handle_record_get (self, msg, parts[1]);
      else
        plenum_server_respond_method_not_allowed (msg, "GET, HEAD");
      return TRUE;
    }
  return FALSE;
}
