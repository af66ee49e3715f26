/* plenum-server-opinions.c — opinion rounds on the server; see plenum-server-opinions.h
 * and docs/protocol.md, "Opinion rounds".
 *
 * The database functions use plenum-server-db.c's statement cache and idempotency
 * plumbing (plenum-server-db-private.h), so that an opinion operation is recorded
 * exactly like a vote's; the handlers answer through plenum-server.c's helpers
 * (plenum-server-private.h), so that they answer like every other endpoint. A round's state is computed from the
 * server's clock at each request (open while not closed and before its deadline): no
 * timer closes it, and an answer that arrives one second late is refused whatever the
 * order of requests on the main loop.
 *
 * Threading: the main thread only, like the rest of the request handlers and the
 * database (see plenum-server.c).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-server"

#include "plenum-server-opinions.h"
#include "plenum-server-db-private.h"
#include "plenum-server-private.h"

#include <string.h>

#include "core/plenum-json.h"

/* The columns answer_from_row() reads. */
#define ANSWER_COLUMNS \
  "a.account_id, c.display_name, a.stance, a.text, a.comments, a.answered_at "
#define ANSWER_TABLES "FROM opinion_answers a JOIN accounts c ON c.id = a.account_id "

G_DEFINE_QUARK (plenum-opinions-error-quark, plenum_opinions_error)

static const char * const stances[] = { "agree", "agree_with_comments", "disagree", NULL };

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static gboolean
refuse (GError     **error,
        GQuark       domain,
        int          code,
        const char  *message)
{
  g_set_error_literal (error, domain, code, message);
  return FALSE;
}

/* The meeting */

typedef struct {
  char     *body_id;
  char     *status;
  gboolean  is_chair;
  gboolean  is_member;   /* of the meeting's body */
  gboolean  sees_all;    /* the secretariat or the chair: everyone's answers */
} OpinionMeeting;

static void
opinion_meeting_clear (OpinionMeeting *meeting)
{
  g_clear_pointer (&meeting->body_id, g_free);
  g_clear_pointer (&meeting->status, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OpinionMeeting, opinion_meeting_clear)

/* What @account is to @meeting_id; NOT_FOUND for a meeting it may not see (the same rule
 * as every meeting resource: the secretariat sees all, a member the meetings of their
 * bodies, a terminal those of its room's bodies). */
static gboolean
load_meeting (PlenumServerDb             *db,
              const char                 *meeting_id,
              const PlenumServerAccount  *account,
              OpinionMeeting             *meeting,
              GError                    **error)
{
  sqlite3_stmt *stmt;
  sqlite3_stmt *member;
  gboolean has_row = FALSE;
  gboolean secretary = !account->is_terminal && account->role == PLENUM_ROLE_SECRETARY;
  gboolean sees = secretary;

  stmt = plenum_server_db_stmt (db, "SELECT body_id, status, chair_id FROM meetings WHERE id = ?1",
                                error);
  if (stmt == NULL)
    return FALSE;
  plenum_server_db_bind_text (stmt, 1, meeting_id);
  if (!plenum_server_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return refuse (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such meeting.");
  meeting->body_id = g_strdup (column_text (stmt, 0));
  meeting->status = g_strdup (column_text (stmt, 1));
  meeting->is_chair = !account->is_terminal && g_strcmp0 (column_text (stmt, 2), account->id) == 0;
  sqlite3_reset (stmt);

  /* visible_bodies covers both members and the terminals of a room. */
  member = plenum_server_db_stmt (db,
                                  "SELECT EXISTS (SELECT 1 FROM visible_bodies "
                                  "               WHERE body_id = ?1 AND viewer_id = ?2), "
                                  "  EXISTS (SELECT 1 FROM body_members "
                                  "          WHERE body_id = ?1 AND account_id = ?2)", error);
  if (member == NULL)
    return FALSE;
  plenum_server_db_bind_text (member, 1, meeting->body_id);
  plenum_server_db_bind_text (member, 2, account->id);
  if (!plenum_server_db_step (db, member, &has_row, error))
    return FALSE;
  sees = sees || sqlite3_column_int (member, 0) != 0;
  meeting->is_member = !account->is_terminal && sqlite3_column_int (member, 1) != 0;
  sqlite3_reset (member);
  if (!sees)
    return refuse (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such meeting.");
  meeting->sees_all = secretary || meeting->is_chair;
  return TRUE;
}

/* Rounds */

typedef struct {
  char     *document_id;
  gint64    deadline;
  gint64    closed_at;  /* 0 while not closed early */
  gboolean  open;
} RoundState;

static void
round_state_clear (RoundState *state)
{
  g_clear_pointer (&state->document_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RoundState, round_state_clear)

static gboolean
load_round_state (PlenumServerDb  *db,
                  const char      *meeting_id,
                  const char      *round_id,
                  gint64           now,
                  RoundState      *state,
                  GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  stmt = plenum_server_db_stmt (db,
                                "SELECT deadline, coalesce (closed_at, 0), document_id "
                                "FROM opinion_rounds WHERE id = ?1 AND meeting_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  plenum_server_db_bind_text (stmt, 1, round_id);
  plenum_server_db_bind_text (stmt, 2, meeting_id);
  if (!plenum_server_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return refuse (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such opinion round.");
  state->deadline = sqlite3_column_int64 (stmt, 0);
  state->closed_at = sqlite3_column_int64 (stmt, 1);
  state->document_id = g_strdup (column_text (stmt, 2));
  sqlite3_reset (stmt);
  state->open = state->closed_at == 0 && now < state->deadline;
  return TRUE;
}

/* An Answer from a row of (account_id, display_name, stance, text, comments,
 * answered_at) starting at @column. */
static cJSON *
answer_from_row (const char   *round_id,
                 sqlite3_stmt *stmt,
                 int           column)
{
  cJSON *answer = cJSON_CreateObject ();
  cJSON *comments = cJSON_Parse (column_text (stmt, column + 4));

  plenum_json_add_string (answer, "round_id", round_id);
  plenum_json_add_string (answer, "account_id", column_text (stmt, column));
  plenum_json_add_string (answer, "display_name", column_text (stmt, column + 1));
  plenum_json_add_string (answer, "stance", column_text (stmt, column + 2));
  plenum_json_add_string (answer, "text", column_text (stmt, column + 3));
  /* Written by this file from checked input, so it parses; an empty list otherwise
   * rather than a broken answer. */
  cJSON_AddItemToObject (answer, "comments",
                         cJSON_IsArray (comments) ? comments : cJSON_CreateArray ());
  if (!cJSON_IsArray (comments))
    cJSON_Delete (comments);
  plenum_server_db_add_unix_time (answer, "answered_at", sqlite3_column_int64 (stmt, column + 5));
  return answer;
}

/* The Round @round_id as @meeting's viewer sees it at @now: the public fields, then
 * "mine" for a member and "answers" and "missing" for the secretariat and the chair.
 * @account NULL: the public fields only (events). */
static cJSON *
round_json (PlenumServerDb             *db,
            const char                 *meeting_id,
            const char                 *round_id,
            const OpinionMeeting       *meeting,
            const PlenumServerAccount  *account,
            gint64                      now,
            GError                    **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(cJSON) round = cJSON_CreateObject ();
  gboolean has_row = FALSE;
  gint64 deadline;
  gint64 closed_at;
  gboolean open;

  stmt = plenum_server_db_stmt (db,
                                "SELECT document_id, title, deadline, opened_at, "
                                "  coalesce (closed_at, 0), "
                                "  (SELECT count(*) FROM opinion_answers a "
                                "   WHERE a.round_id = r.id), "
                                "  (SELECT count(*) FROM body_members m WHERE m.body_id = ?3) "
                                "FROM opinion_rounds r WHERE id = ?1 AND meeting_id = ?2", error);
  if (stmt == NULL)
    return NULL;
  plenum_server_db_bind_text (stmt, 1, round_id);
  plenum_server_db_bind_text (stmt, 2, meeting_id);
  plenum_server_db_bind_text (stmt, 3, meeting->body_id);
  if (!plenum_server_db_step (db, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      refuse (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
              "No such opinion round.");
      return NULL;
    }
  deadline = sqlite3_column_int64 (stmt, 2);
  closed_at = sqlite3_column_int64 (stmt, 4);
  open = closed_at == 0 && now < deadline;

  plenum_json_add_string (round, "id", round_id);
  plenum_json_add_string (round, "meeting_id", meeting_id);
  plenum_json_add_string (round, "document_id", column_text (stmt, 0));
  plenum_json_add_string (round, "title", column_text (stmt, 1));
  plenum_server_db_add_unix_time (round, "deadline", deadline);
  plenum_json_add_string (round, "state", open ? "open" : "closed");
  plenum_server_db_add_unix_time (round, "opened_at", sqlite3_column_int64 (stmt, 3));
  /* A round that ran out closed at its deadline. */
  if (open)
    plenum_json_add_time (round, "closed_at", NULL);
  else
    plenum_server_db_add_unix_time (round, "closed_at", closed_at != 0 ? closed_at : deadline);
  plenum_json_add_int64 (round, "answered", sqlite3_column_int64 (stmt, 5));
  plenum_json_add_int64 (round, "members", sqlite3_column_int64 (stmt, 6));
  sqlite3_reset (stmt);

  if (account == NULL)
    return g_steal_pointer (&round);

  if (meeting->is_member)
    {
      stmt = plenum_server_db_stmt (db,
                                    "SELECT " ANSWER_COLUMNS ANSWER_TABLES
                                    "WHERE a.round_id = ?1 AND a.account_id = ?2", error);
      if (stmt == NULL)
        return NULL;
      plenum_server_db_bind_text (stmt, 1, round_id);
      plenum_server_db_bind_text (stmt, 2, account->id);
      if (!plenum_server_db_step (db, stmt, &has_row, error))
        return NULL;
      cJSON_AddItemToObject (round, "mine", has_row ? answer_from_row (round_id, stmt, 0)
                                                    : cJSON_CreateNull ());
      sqlite3_reset (stmt);
    }

  if (meeting->sees_all)
    {
      cJSON *answers = cJSON_AddArrayToObject (round, "answers");
      cJSON *missing = cJSON_AddArrayToObject (round, "missing");

      stmt = plenum_server_db_stmt (db,
                                    "SELECT " ANSWER_COLUMNS ANSWER_TABLES
                                    "WHERE a.round_id = ?1 ORDER BY c.name", error);
      if (stmt == NULL)
        return NULL;
      plenum_server_db_bind_text (stmt, 1, round_id);
      while (plenum_server_db_step (db, stmt, &has_row, error) && has_row)
        cJSON_AddItemToArray (answers, answer_from_row (round_id, stmt, 0));
      if (error != NULL && *error != NULL)
        return NULL;

      stmt = plenum_server_db_stmt (db,
                                    "SELECT c.id, c.display_name FROM body_members m "
                                    "JOIN accounts c ON c.id = m.account_id "
                                    "WHERE m.body_id = ?1 AND NOT EXISTS ("
                                    "  SELECT 1 FROM opinion_answers a "
                                    "  WHERE a.round_id = ?2 AND a.account_id = m.account_id) "
                                    "ORDER BY c.name", error);
      if (stmt == NULL)
        return NULL;
      plenum_server_db_bind_text (stmt, 1, meeting->body_id);
      plenum_server_db_bind_text (stmt, 2, round_id);
      while (plenum_server_db_step (db, stmt, &has_row, error) && has_row)
        {
          cJSON *person = cJSON_CreateObject ();

          plenum_json_add_string (person, "account_id", column_text (stmt, 0));
          plenum_json_add_string (person, "display_name", column_text (stmt, 1));
          cJSON_AddItemToArray (missing, person);
        }
      if (error != NULL && *error != NULL)
        return NULL;
    }
  return g_steal_pointer (&round);
}

/* Operations */

/* What every write is called with, beside its own input. */
typedef struct {
  const PlenumServerAccount   *account;
  const char                  *operation_id;
  const char                  *request_hash;
  gint64                       now;
  guint                        retention;
  PlenumServerOperationResult *result;
} Operation;

typedef gboolean (*OperationFunc) (PlenumServerDb   *db,
                                   gconstpointer     input,
                                   const Operation  *op,
                                   GError          **error);

/* Runs @apply in one transaction, unless the operation was applied before: then its
 * stored answer comes back (result->replayed), whatever the round's state is now — a
 * retry after the deadline of an answer given before it gets the first answer. */
static gboolean
run_operation (PlenumServerDb   *db,
               OperationFunc     apply,
               gconstpointer     input,
               const Operation  *op,
               GError          **error)
{
  gboolean applied;

  memset (op->result, 0, sizeof *op->result);
  if (!plenum_server_db_begin (db, error))
    return FALSE;
  applied = plenum_server_db_replayed (db, op->account, op->operation_id, op->request_hash,
                                       op->result, error) &&
            (op->result->replayed || apply (db, input, op, error));
  return plenum_server_db_end_transaction (db, applied, op->result, error);
}

/* Stores @answer and the @event_type event of @meeting's body: the end of every applied
 * operation. */
static gboolean
finish_operation (PlenumServerDb        *db,
                  const Operation       *op,
                  const char            *kind,
                  guint                  status,
                  cJSON                 *answer,
                  const char            *event_type,
                  const char            *meeting_id,
                  const OpinionMeeting  *meeting,
                  cJSON                 *event_data,
                  GError               **error)
{
  return plenum_server_db_finish_operation (db, op->account, op->operation_id, kind,
                                            op->request_hash, status, answer, event_type,
                                            meeting_id, meeting->body_id, event_data, op->now,
                                            op->retention, op->result, error);
}

/* Ends an operation that changed a round: its answer is the Round as the caller sees it,
 * its event carries the public fields only (every stream of the body gets it). */
static gboolean
finish_round_operation (PlenumServerDb        *db,
                        const Operation       *op,
                        const char            *kind,
                        guint                  status,
                        const char            *event_type,
                        const char            *meeting_id,
                        const char            *round_id,
                        const OpinionMeeting  *meeting,
                        GError               **error)
{
  g_autoptr(cJSON) round = NULL;
  g_autoptr(cJSON) data = cJSON_CreateObject ();

  round = round_json (db, meeting_id, round_id, meeting, op->account, op->now, error);
  if (round == NULL)
    return FALSE;
  cJSON_AddItemToObject (data, "round",
                         round_json (db, meeting_id, round_id, meeting, NULL, op->now, error));
  if (error != NULL && *error != NULL)
    return FALSE;
  return finish_operation (db, op, kind, status, round, event_type, meeting_id, meeting, data,
                           error);
}

/* The meeting and the round a write on @round_id is about (NOT_FOUND as for
 * load_meeting() and load_round_state()). */
static gboolean
load_meeting_round (PlenumServerDb   *db,
                    const char       *meeting_id,
                    const char       *round_id,
                    const Operation  *op,
                    OpinionMeeting   *meeting,
                    RoundState       *state,
                    GError          **error)
{
  return load_meeting (db, meeting_id, op->account, meeting, error) &&
         load_round_state (db, meeting_id, round_id, op->now, state, error);
}

typedef struct {
  const char *meeting_id;
  const char *document_id;
  const char *title;
  gint64      deadline;
} OpenInput;

static gboolean
insert_round (PlenumServerDb  *db,
              const char      *round_id,
              const OpenInput *in,
              const char      *opened_by,
              gint64           now,
              GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = plenum_server_db_stmt (db,
                                "INSERT INTO opinion_rounds (id, meeting_id, document_id, "
                                "  title, deadline, opened_by, opened_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  plenum_server_db_bind_text (stmt, 1, round_id);
  plenum_server_db_bind_text (stmt, 2, in->meeting_id);
  plenum_server_db_bind_text (stmt, 3, in->document_id);
  plenum_server_db_bind_text (stmt, 4, in->title);
  sqlite3_bind_int64 (stmt, 5, in->deadline);
  plenum_server_db_bind_text (stmt, 6, opened_by);
  sqlite3_bind_int64 (stmt, 7, now);
  return plenum_server_db_run (db, stmt, error);
}

/* Whether @document_id is a document of @meeting_id; its page count in *@pages. */
static gboolean
meeting_document (PlenumServerDb  *db,
                  const char      *meeting_id,
                  const char      *document_id,
                  gint64          *pages,
                  GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  /* A password-protected PDF's pages were counted with its password. */
  stmt = plenum_server_db_stmt (db,
                                "SELECT coalesce (p.pages, b.pages) FROM documents d "
                                "JOIN blobs b ON b.sha256 = d.sha256 "
                                "LEFT JOIN document_passwords p ON p.document_id = d.id "
                                "WHERE d.id = ?1 AND d.meeting_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  plenum_server_db_bind_text (stmt, 1, document_id);
  plenum_server_db_bind_text (stmt, 2, meeting_id);
  if (!plenum_server_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return refuse (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "No such document in this meeting.");
  if (pages != NULL)
    *pages = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
open_round_locked (PlenumServerDb   *db,
                   gconstpointer     input,
                   const Operation  *op,
                   GError          **error)
{
  const OpenInput *in = input;
  g_auto(OpinionMeeting) meeting = { 0 };
  g_autofree char *round_id = NULL;

  if (!load_meeting (db, in->meeting_id, op->account, &meeting, error))
    return FALSE;
  if (!meeting.sees_all)
    return refuse (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_FORBIDDEN,
                   "Only the secretariat or the meeting's chair opens an opinion round.");
  if (g_strcmp0 (meeting.status, "closed") == 0)
    return refuse (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_CLOSED,
                   "The meeting is closed.");
  if (!meeting_document (db, in->meeting_id, in->document_id, NULL, error))
    return FALSE;
  if (in->deadline <= op->now)
    return refuse (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_INVALID,
                   "deadline: must be in the future");

  round_id = plenum_uuid_new ();
  if (!insert_round (db, round_id, in, op->account->id, op->now, error))
    return FALSE;
  return finish_round_operation (db, op, "opinion.open", 201, "opinion.opened", in->meeting_id,
                                 round_id, &meeting, error);
}

gboolean
plenum_server_db_open_opinion_round (PlenumServerDb              *db,
                                     const char                  *meeting_id,
                                     const char                  *document_id,
                                     const char                  *title,
                                     gint64                       deadline,
                                     const PlenumServerAccount   *account,
                                     const char                  *operation_id,
                                     const char                  *request_hash,
                                     gint64                       now,
                                     guint                        retention,
                                     PlenumServerOperationResult *result,
                                     GError                     **error)
{
  OpenInput in = { meeting_id, document_id, title, deadline };
  Operation op = { account, operation_id, request_hash, now, retention, result };

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (account != NULL && result != NULL, FALSE);
  g_return_val_if_fail (meeting_id != NULL && document_id != NULL && title != NULL, FALSE);

  return run_operation (db, open_round_locked, &in, &op, error);
}

typedef struct {
  const char                 *meeting_id;
  const char                 *round_id;
  const char                 *stance;
  const char                 *text;
  const PlenumOpinionComment *comments;
  guint                       n_comments;
} AnswerInput;

static gboolean
answer_locked (PlenumServerDb   *db,
               gconstpointer     input,
               const Operation  *op,
               GError          **error)
{
  const AnswerInput *in = input;
  g_auto(OpinionMeeting) meeting = { 0 };
  sqlite3_stmt *stmt;
  g_autoptr(cJSON) comments = cJSON_CreateArray ();
  g_autoptr(cJSON) answer = NULL;
  g_autoptr(cJSON) data = cJSON_CreateObject ();
  g_autofree char *comments_text = NULL;
  g_auto(RoundState) state = { 0 };
  gboolean has_row = FALSE;
  gint64 pages = 0;
  gint64 answered = 0;

  if (!load_meeting_round (db, in->meeting_id, in->round_id, op, &meeting, &state, error))
    return FALSE;
  if (!meeting.is_member)
    return refuse (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_FORBIDDEN,
                   "Only members of the meeting's body answer an opinion round.");
  {
    gboolean readable = TRUE;

    if (!plenum_server_db_document_readable (db, state.document_id, op->account, &readable,
                                             error))
      return FALSE;
    if (!readable)
      return refuse (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                     "No such opinion round.");
  }
  if (!state.open)
    return refuse (error, PLENUM_OPINIONS_ERROR, PLENUM_OPINIONS_ERROR_ROUND_CLOSED,
                   "The opinion round closed before your answer arrived; it was not "
                   "recorded.");

  if (!meeting_document (db, in->meeting_id, state.document_id, &pages, error))
    return FALSE;
  for (guint i = 0; i < in->n_comments; i++)
    {
      cJSON *comment = cJSON_CreateObject ();

      if (in->comments[i].page < 0 || in->comments[i].page >= pages)
        {
          cJSON_Delete (comment);
          g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_INVALID,
                       "comments[%u].page: the document has %" G_GINT64_FORMAT
                       " pages (counted from 0)", i, pages);
          return FALSE;
        }
      plenum_json_add_int64 (comment, "page", in->comments[i].page);
      plenum_json_add_string (comment, "text", in->comments[i].text);
      cJSON_AddItemToArray (comments, comment);
    }
  comments_text = plenum_json_print (comments);

  stmt = plenum_server_db_stmt (db,
                                "INSERT INTO opinion_answers (round_id, account_id, stance, "
                                "  text, comments, answered_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                                "ON CONFLICT (round_id, account_id) DO UPDATE SET "
                                "  stance = ?3, text = ?4, comments = ?5, answered_at = ?6",
                                error);
  if (stmt == NULL)
    return FALSE;
  plenum_server_db_bind_text (stmt, 1, in->round_id);
  plenum_server_db_bind_text (stmt, 2, op->account->id);
  plenum_server_db_bind_text (stmt, 3, in->stance);
  plenum_server_db_bind_text (stmt, 4, in->text);
  plenum_server_db_bind_text (stmt, 5, comments_text);
  sqlite3_bind_int64 (stmt, 6, op->now);
  if (!plenum_server_db_run (db, stmt, error))
    return FALSE;

  stmt = plenum_server_db_stmt (db,
                                "SELECT " ANSWER_COLUMNS ", "
                                "  (SELECT count(*) FROM opinion_answers n WHERE n.round_id = ?1) "
                                ANSWER_TABLES
                                "WHERE a.round_id = ?1 AND a.account_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  plenum_server_db_bind_text (stmt, 1, in->round_id);
  plenum_server_db_bind_text (stmt, 2, op->account->id);
  if (!plenum_server_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return plenum_server_db_sql_error (db, SQLITE_DONE, "the answer just written", error);
  answer = answer_from_row (in->round_id, stmt, 0);
  answered = sqlite3_column_int64 (stmt, 6);
  sqlite3_reset (stmt);

  /* The event says only how many have answered: what anyone answered is for the
   * secretariat and the chair to read, not for every stream of the body. */
  plenum_json_add_string (data, "meeting_id", in->meeting_id);
  plenum_json_add_string (data, "round_id", in->round_id);
  plenum_json_add_int64 (data, "answered", answered);
  return finish_operation (db, op, "opinion.answer", 200, answer, "opinion.answered",
                           in->meeting_id, &meeting, data, error);
}

gboolean
plenum_server_db_answer_opinion (PlenumServerDb              *db,
                                 const char                  *meeting_id,
                                 const char                  *round_id,
                                 const char                  *stance,
                                 const char                  *text,
                                 const PlenumOpinionComment  *comments,
                                 guint                        n_comments,
                                 const PlenumServerAccount   *account,
                                 const char                  *operation_id,
                                 const char                  *request_hash,
                                 gint64                       now,
                                 guint                        retention,
                                 PlenumServerOperationResult *result,
                                 GError                     **error)
{
  AnswerInput in = { meeting_id, round_id, stance, text, comments, n_comments };
  Operation op = { account, operation_id, request_hash, now, retention, result };

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (account != NULL && result != NULL, FALSE);
  g_return_val_if_fail (stance != NULL && g_strv_contains (stances, stance), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (comments != NULL || n_comments == 0, FALSE);

  return run_operation (db, answer_locked, &in, &op, error);
}

typedef struct {
  const char *meeting_id;
  const char *round_id;
} CloseInput;

static gboolean
close_locked (PlenumServerDb   *db,
              gconstpointer     input,
              const Operation  *op,
              GError          **error)
{
  const CloseInput *in = input;
  g_auto(OpinionMeeting) meeting = { 0 };
  g_auto(RoundState) state = { 0 };
  sqlite3_stmt *stmt;

  if (!load_meeting_round (db, in->meeting_id, in->round_id, op, &meeting, &state, error))
    return FALSE;
  if (!meeting.sees_all)
    return refuse (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_FORBIDDEN,
                   "Only the secretariat or the meeting's chair closes an opinion round.");
  if (!state.open)
    return refuse (error, PLENUM_OPINIONS_ERROR, PLENUM_OPINIONS_ERROR_ROUND_CLOSED,
                   state.closed_at != 0 ? "The opinion round is closed already."
                                        : "The opinion round's deadline has passed.");

  stmt = plenum_server_db_stmt (db, "UPDATE opinion_rounds SET closed_at = ?2 WHERE id = ?1",
                                error);
  if (stmt == NULL)
    return FALSE;
  plenum_server_db_bind_text (stmt, 1, in->round_id);
  sqlite3_bind_int64 (stmt, 2, op->now);
  if (!plenum_server_db_run (db, stmt, error))
    return FALSE;
  return finish_round_operation (db, op, "opinion.close", 200, "opinion.closed", in->meeting_id,
                                 in->round_id, &meeting, error);
}

gboolean
plenum_server_db_close_opinion_round (PlenumServerDb              *db,
                                      const char                  *meeting_id,
                                      const char                  *round_id,
                                      const PlenumServerAccount   *account,
                                      const char                  *operation_id,
                                      const char                  *request_hash,
                                      gint64                       now,
                                      guint                        retention,
                                      PlenumServerOperationResult *result,
                                      GError                     **error)
{
  CloseInput in = { meeting_id, round_id };
  Operation op = { account, operation_id, request_hash, now, retention, result };

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (account != NULL && result != NULL, FALSE);

  return run_operation (db, close_locked, &in, &op, error);
}

cJSON *
plenum_server_db_opinion_rounds_json (PlenumServerDb            *db,
                                      const char                *meeting_id,
                                      const PlenumServerAccount *account,
                                      gint64                     now,
                                      GError                   **error)
{
  g_auto(OpinionMeeting) meeting = { 0 };
  sqlite3_stmt *stmt;
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  cJSON *rounds;
  gboolean has_row = FALSE;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (db), NULL);
  g_return_val_if_fail (account != NULL, NULL);

  if (!load_meeting (db, meeting_id, account, &meeting, error))
    return NULL;
  plenum_json_add_string (root, "meeting_id", meeting_id);
  rounds = cJSON_AddArrayToObject (root, "rounds");
  stmt = plenum_server_db_stmt (db,
                                "SELECT id, document_id FROM opinion_rounds "
                                "WHERE meeting_id = ?1 ORDER BY opened_at, rowid", error);
  if (stmt == NULL)
    return NULL;
  plenum_server_db_bind_text (stmt, 1, meeting_id);
  while (plenum_server_db_step (db, stmt, &has_row, error) && has_row)
    {
      gboolean readable = TRUE;
      cJSON *round;

      /* A round on a closed-session document is not there for whoever may not read the
       * document (docs/protocol.md, "Closed sessions"). */
      if (!plenum_server_db_document_readable (db, column_text (stmt, 1), account, &readable,
                                               error))
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      if (!readable)
        continue;
      round = round_json (db, meeting_id, column_text (stmt, 0), &meeting,
                          account->is_terminal ? NULL : account, now, error);

      if (round == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      cJSON_AddItemToArray (rounds, round);
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&root);
}

gboolean
plenum_server_db_seed_opinion_round (PlenumServerDb  *db,
                                     const char      *meeting_id,
                                     const char      *document_id,
                                     const char      *title,
                                     const char      *secretary_id,
                                     gint64           now,
                                     gint64           deadline,
                                     GError         **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *round_id = NULL;
  OpenInput in = { meeting_id, document_id, title, deadline };
  gboolean has_row = FALSE;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (db), FALSE);

  stmt = plenum_server_db_stmt (db, "SELECT 1 FROM opinion_rounds WHERE meeting_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  plenum_server_db_bind_text (stmt, 1, meeting_id);
  if (!plenum_server_db_step (db, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  if (!meeting_document (db, meeting_id, document_id, NULL, error))
    return FALSE;
  round_id = plenum_uuid_new ();
  return insert_round (db, round_id, &in, secretary_id, now, error);
}

/* HTTP */

/* The refusals of plenum-server.c's database, and ROUND_CLOSED. */
static void
respond_db_error (SoupServerMessage *msg,
                  const GError      *error)
{
  if (g_error_matches (error, PLENUM_OPINIONS_ERROR, PLENUM_OPINIONS_ERROR_ROUND_CLOSED))
    plenum_server_respond_error (msg, SOUP_STATUS_CONFLICT, "round_closed", "%s",
                                 error->message);
  else
    plenum_server_respond_db_error (msg, error);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* The caller and the body of a write, with the ids' shape checked and the operation id
 * read; NULL when an answer was already given. Terminals are refused (403). */
static PlenumServerAccount *
write_begin (const PlenumOpinionsContext  *context,
             SoupServerMessage            *msg,
             const char                   *meeting_id,
             const char                   *round_id,
             const char * const           *keys,
             cJSON                       **root,
             const char                  **operation_id)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = context->authenticate (msg, FALSE, context->user_data);
  if (account == NULL)
    return NULL;
  if (!plenum_is_uuid (meeting_id) || (round_id != NULL && !plenum_is_uuid (round_id)))
    {
      plenum_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                   round_id != NULL ? "No such opinion round."
                                                    : "No such meeting.");
      return NULL;
    }
  *root = plenum_server_read_json_body (msg);
  if (*root == NULL)
    return NULL;
  if (!plenum_json_check_object (*root, "", keys, &error) ||
      !plenum_json_get_uuid (*root, "", "operation_id", PLENUM_JSON_REQUIRED, operation_id,
                             &error))
    {
      plenum_server_respond_bad_request (msg, error);
      g_clear_pointer (root, cJSON_Delete);
      return NULL;
    }
  return g_steal_pointer (&account);
}

/* POST /api/v1/meetings/{id}/opinion-rounds */
static void
handle_round_post (const PlenumOpinionsContext *context,
                   SoupServerMessage           *msg,
                   const char                  *meeting_id)
{
  static const char * const keys[] = {
    "operation_id", "document_id", "title", "deadline", NULL
  };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GDateTime) deadline = NULL;
  g_autofree char *hash = NULL;
  PlenumServerOperationResult result = { 0 };
  const char *operation_id = NULL;
  const char *document_id = NULL;
  const char *title = NULL;

  account = write_begin (context, msg, meeting_id, NULL, keys, &root, &operation_id);
  if (account == NULL)
    return;
  if (!plenum_json_get_uuid (root, "", "document_id", PLENUM_JSON_REQUIRED, &document_id,
                             &error) ||
      !plenum_json_get_text (root, "", "title", PLENUM_JSON_REQUIRED,
                             PLENUM_OPINION_TITLE_MAX_CHARS, FALSE, &title, &error) ||
      !plenum_json_get_time (root, "", "deadline", PLENUM_JSON_REQUIRED, &deadline, &error))
    {
      plenum_server_respond_bad_request (msg, error);
      return;
    }
  hash = plenum_server_request_hash (msg, root);
  if (!plenum_server_db_open_opinion_round (context->db, meeting_id, document_id, title,
                                            g_date_time_to_unix (deadline), account,
                                            operation_id, hash, now_seconds (),
                                            context->event_retention, &result, &error))
    {
      respond_db_error (msg, error);
      return;
    }
  plenum_server_respond_operation (context->hub, msg, &result);
}

/* Reads "comments": at most PLENUM_OPINION_MAX_COMMENTS of { page, text }; the texts
 * point into @root. */
static PlenumOpinionComment *
read_comments (const cJSON  *root,
               guint        *n_comments,
               GError      **error)
{
  static const char * const keys[] = { "page", "text", NULL };
  const cJSON *list = NULL;
  const cJSON *node;
  g_autofree PlenumOpinionComment *comments = NULL;
  guint n = 0;

  if (!plenum_json_get_array (root, "", "comments", PLENUM_JSON_REQUIRED,
                              PLENUM_OPINION_MAX_COMMENTS, &list, error))
    return NULL;
  comments = g_new0 (PlenumOpinionComment, cJSON_GetArraySize (list) + 1);
  cJSON_ArrayForEach (node, list)
    {
      g_autofree char *where = plenum_json_path_index ("comments", n);

      if (!cJSON_IsObject (node))
        {
          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE,
                       "%s: expected an object", where);
          return NULL;
        }
      if (!plenum_json_check_object (node, where, keys, error) ||
          !plenum_json_get_int64 (node, where, "page", PLENUM_JSON_REQUIRED, 0,
                                  G_GINT64_CONSTANT (9007199254740991), &comments[n].page,
                                  error) ||
          !plenum_json_get_text (node, where, "text", PLENUM_JSON_REQUIRED,
                                 PLENUM_OPINION_COMMENT_MAX_CHARS, TRUE, &comments[n].text,
                                 error))
        return NULL;
      n++;
    }
  *n_comments = n;
  return g_steal_pointer (&comments);
}

/* PUT /api/v1/meetings/{id}/opinion-rounds/{round_id}/answer */
static void
handle_answer_put (const PlenumOpinionsContext *context,
                   SoupServerMessage           *msg,
                   const char                  *meeting_id,
                   const char                  *round_id)
{
  static const char * const keys[] = { "operation_id", "stance", "text", "comments", NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autofree char *hash = NULL;
  g_autofree PlenumOpinionComment *comments = NULL;
  PlenumServerOperationResult result = { 0 };
  const char *operation_id = NULL;
  const char *stance = NULL;
  const char *text = "";
  guint n_comments = 0;

  account = write_begin (context, msg, meeting_id, round_id, keys, &root, &operation_id);
  if (account == NULL)
    return;
  if (!plenum_json_get_string (root, "", "stance", PLENUM_JSON_REQUIRED, &stance, &error) ||
      !plenum_json_get_string (root, "", "text", PLENUM_JSON_REQUIRED, &text, &error) ||
      /* "" is no text; anything else follows the rules of a text. */
      (text[0] != '\0' &&
       !plenum_json_get_text (root, "", "text", PLENUM_JSON_REQUIRED,
                              PLENUM_OPINION_TEXT_MAX_CHARS, TRUE, &text, &error)) ||
      (comments = read_comments (root, &n_comments, &error)) == NULL)
    {
      plenum_server_respond_bad_request (msg, error);
      return;
    }
  if (!g_strv_contains (stances, stance))
    {
      plenum_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "stance: expected \"agree\", \"agree_with_comments\" "
                                   "or \"disagree\"");
      return;
    }
  /* A disagreement says why; agreeing with comments has some, in the text or on pages. */
  if (g_str_equal (stance, "disagree") && text[0] == '\0')
    {
      plenum_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "text: a disagreement needs the reason");
      return;
    }
  if (g_str_equal (stance, "agree_with_comments") && text[0] == '\0' && n_comments == 0)
    {
      plenum_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "text: agreeing with comments needs a text or a comment "
                                   "on a page");
      return;
    }
  hash = plenum_server_request_hash (msg, root);
  if (!plenum_server_db_answer_opinion (context->db, meeting_id, round_id, stance, text,
                                        comments, n_comments, account, operation_id, hash,
                                        now_seconds (), context->event_retention, &result,
                                        &error))
    {
      respond_db_error (msg, error);
      return;
    }
  plenum_server_respond_operation (context->hub, msg, &result);
}

/* POST /api/v1/meetings/{id}/opinion-rounds/{round_id}/close */
static void
handle_close_post (const PlenumOpinionsContext *context,
                   SoupServerMessage           *msg,
                   const char                  *meeting_id,
                   const char                  *round_id)
{
  static const char * const keys[] = { "operation_id", NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autofree char *hash = NULL;
  PlenumServerOperationResult result = { 0 };
  const char *operation_id = NULL;

  account = write_begin (context, msg, meeting_id, round_id, keys, &root, &operation_id);
  if (account == NULL)
    return;
  hash = plenum_server_request_hash (msg, root);
  if (!plenum_server_db_close_opinion_round (context->db, meeting_id, round_id, account,
                                             operation_id, hash, now_seconds (),
                                             context->event_retention, &result, &error))
    {
      respond_db_error (msg, error);
      return;
    }
  plenum_server_respond_operation (context->hub, msg, &result);
}

/* GET /api/v1/meetings/{id}/opinion-rounds: anyone who may see the meeting, terminals of
 * its room included (without anyone's answers). */
static void
handle_rounds_get (const PlenumOpinionsContext *context,
                   SoupServerMessage           *msg,
                   const char                  *meeting_id)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;

  account = context->authenticate (msg, TRUE, context->user_data);
  if (account == NULL)
    return;
  if (!plenum_is_uuid (meeting_id))
    {
      plenum_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such meeting.");
      return;
    }
  root = plenum_server_db_opinion_rounds_json (context->db, meeting_id, account,
                                               now_seconds (), &error);
  if (root == NULL)
    {
      respond_db_error (msg, error);
      return;
    }
  /* Answers are personal: no shared cache may keep them. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "private, no-cache");
  plenum_server_respond_json_text (msg, SOUP_STATUS_OK, plenum_json_print (root));
}

gboolean
plenum_server_route_opinions (const PlenumOpinionsContext *context,
                              SoupServerMessage           *msg,
                              char                       **parts,
                              guint                        n_parts)
{
  g_return_val_if_fail (context != NULL && context->authenticate != NULL, FALSE);

  if (n_parts < 3 || !g_str_equal (parts[0], "meetings") ||
      !g_str_equal (parts[2], "opinion-rounds"))
    return FALSE;
  if (n_parts == 3)
    {
      if (plenum_server_method_is (msg, SOUP_METHOD_POST))
        handle_round_post (context, msg, parts[1]);
      else if (plenum_server_method_is (msg, SOUP_METHOD_GET) ||
               plenum_server_method_is (msg, SOUP_METHOD_HEAD))
        handle_rounds_get (context, msg, parts[1]);
      else
        plenum_server_respond_method_not_allowed (msg, "GET, HEAD, POST");
      return TRUE;
    }
  if (n_parts == 5 && g_str_equal (parts[4], "answer"))
    {
      if (plenum_server_method_is (msg, SOUP_METHOD_PUT))
        handle_answer_put (context, msg, parts[1], parts[3]);
      else
        plenum_server_respond_method_not_allowed (msg, "PUT");
      return TRUE;
    }
  if (n_parts == 5 && g_str_equal (parts[4], "close"))
    {
      if (plenum_server_method_is (msg, SOUP_METHOD_POST))
        handle_close_post (context, msg, parts[1], parts[3]);
      else
        plenum_server_respond_method_not_allowed (msg, "POST");
      return TRUE;
    }
  return FALSE;
}
