/* plenum-server-db-private.h — what the server's other database files (opinion rounds)
 * and the store tests need beyond the public API: the raw SQLite handle and statement
 * cache, the plumbing every idempotent write goes through, and opening a database
 * migrated only up to a given schema version.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "plenum-server-db.h"

G_BEGIN_DECLS

/* Like plenum_server_db_open() but migrates only up to @version (0 leaves a fresh
 * database empty). The result is for tests: the public calls expect the latest schema. */
PlenumServerDb *plenum_server_db_open_at_version  (const char  *path,
                                                   int          version,
                                                   GError     **error);

sqlite3        *plenum_server_db_get_handle       (PlenumServerDb *self);

/* Statements. Main thread only, like the whole database. */

/* The statement for @sql, prepared once and cached by the address of @sql (so a string
 * literal), reset and with its bindings cleared; NULL with @error. A statement left on
 * a row keeps its columns until the caller resets it or asks for it again. */
sqlite3_stmt   *plenum_server_db_stmt             (PlenumServerDb  *self,
                                                   const char      *sql,
                                                   GError         **error);

/* Steps @stmt once expecting it to finish, then resets it. */
gboolean        plenum_server_db_run              (PlenumServerDb  *self,
                                                   sqlite3_stmt    *stmt,
                                                   GError         **error);

/* Steps @stmt once: TRUE with *@has_row set (the statement is reset once it is done),
 * or FALSE with @error. */
gboolean        plenum_server_db_step             (PlenumServerDb  *self,
                                                   sqlite3_stmt    *stmt,
                                                   gboolean        *has_row,
                                                   GError         **error);

/* Logs SQLite's message for @rc and @what, and sets the generic "Database failure"
 * (PLENUM_SERVER_DB_ERROR_FAILED): SQL never reaches an answer. Returns FALSE. */
gboolean        plenum_server_db_sql_error        (PlenumServerDb  *self,
                                                   int              rc,
                                                   const char      *what,
                                                   GError         **error);

/* Binds @text, or NULL. */
void            plenum_server_db_bind_text        (sqlite3_stmt    *stmt,
                                                   int              index,
                                                   const char      *text);

/* Adds @seconds (Unix time) as the protocol's time string. */
void            plenum_server_db_add_unix_time    (cJSON           *object,
                                                   const char      *key,
                                                   gint64           seconds);

/* Idempotent writes: a write's public function clears its result, begins a transaction,
 * calls its *_locked() part, which first asks plenum_server_db_replayed() and returns
 * at once when the operation was applied before, else applies it and ends with
 * plenum_server_db_finish_operation(); then plenum_server_db_end_transaction(). */

/* Looks up the operation: TRUE with result->replayed set when it was applied before. */
gboolean        plenum_server_db_replayed         (PlenumServerDb              *self,
                                                   const PlenumServerAccount   *account,
                                                   const char                  *operation_id,
                                                   const char                  *request_hash,
                                                   PlenumServerOperationResult *result,
                                                   GError                     **error);

/* Stores the answer (@status, @answer) and appends its @event_type event with
 * @event_data to the log, keeping the last @retention events: the end of every applied
 * operation. */
gboolean        plenum_server_db_finish_operation (PlenumServerDb              *self,
                                                   const PlenumServerAccount   *account,
                                                   const char                  *operation_id,
                                                   const char                  *kind,
                                                   const char                  *request_hash,
                                                   guint                        status,
                                                   cJSON                       *answer,
                                                   const char                  *event_type,
                                                   const char                  *meeting_id,
                                                   const char                  *body_id,
                                                   cJSON                       *event_data,
                                                   gint64                       now,
                                                   guint                        retention,
                                                   PlenumServerOperationResult *result,
                                                   GError                     **error);

/* Ends the transaction a *_locked() call ran in: commits when it @applied, else rolls
 * back; @result is cleared whenever the whole fails. */
gboolean        plenum_server_db_end_transaction  (PlenumServerDb              *self,
                                                   gboolean                     applied,
                                                   PlenumServerOperationResult *result,
                                                   GError                     **error);

/* Whether @account may read the document @document_id: FALSE only for a document of a
 * closed-session item the account is not cleared for (docs/protocol.md, "Closed
 * sessions"); the secretariat reads every document. */
gboolean        plenum_server_db_document_readable (PlenumServerDb            *self,
                                                    const char                *document_id,
                                                    const PlenumServerAccount *account,
                                                    gboolean                  *readable,
                                                    GError                   **error);

G_END_DECLS
