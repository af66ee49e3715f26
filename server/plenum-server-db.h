/* plenum-server-db.h — the server's SQLite database: accounts and PINs, bodies and their
 * members, tokens, meetings with their published packet, blobs' metadata, the event log,
 * rooms and terminals, attendance, annotations, votes and conflicts of interest, the
 * live meeting (the chair's position, the speakers' queue), and the idempotency records
 * of write operations.
 *
 * One connection in WAL mode, schema migrations by PRAGMA user_version. Every call runs on
 * the thread that opened the database (the server's main thread for now; see
 * plenum-server.c); writes that belong together run in one transaction.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <cjson/cJSON.h>

#include "core/plenum-annotation.h"
#include "core/plenum-member.h"

G_BEGIN_DECLS

#define PLENUM_SERVER_DB_ERROR (plenum_server_db_error_quark ())

typedef enum {
  PLENUM_SERVER_DB_ERROR_FAILED,       /* SQLite failed; the details are in the log */
  PLENUM_SERVER_DB_ERROR_NOT_FOUND,    /* no such row */
  PLENUM_SERVER_DB_ERROR_INVALID,      /* the input names something that does not fit */
  PLENUM_SERVER_DB_ERROR_CONFLICT,     /* clashes with stored state */
  PLENUM_SERVER_DB_ERROR_MISSING_BLOB, /* a packet names a blob the server lacks */
  PLENUM_SERVER_DB_ERROR_TOO_NEW,      /* the database was written by a newer server */
  PLENUM_SERVER_DB_ERROR_FORBIDDEN,    /* the caller may see it but not do this */
  PLENUM_SERVER_DB_ERROR_CLOSED,       /* the meeting is closed */
  /* Votes: docs/protocol.md, "Votes". */
  PLENUM_SERVER_DB_ERROR_NO_QUORUM,     /* the vote's rule needs a quorum that is not there */
  PLENUM_SERVER_DB_ERROR_ALREADY_VOTED, /* a second ballot where the vote allows one */
  PLENUM_SERVER_DB_ERROR_VOTE_CLOSED,   /* the vote is closed or annulled */
  PLENUM_SERVER_DB_ERROR_VOTE_IN_PROGRESS, /* another vote is open / the item's vote is */
  PLENUM_SERVER_DB_ERROR_CONFLICT_OF_INTEREST, /* the member declared one on the item */
} PlenumServerDbError;

GQuark plenum_server_db_error_quark (void);

#define PLENUM_TYPE_SERVER_DB (plenum_server_db_get_type ())
G_DECLARE_FINAL_TYPE (PlenumServerDb, plenum_server_db, PLENUM, SERVER_DB, GObject)

/* An account as the request handlers need it. */
typedef struct {
  char       *id;
  char       *name;
  char       *display_name;
  PlenumRole  role;
  gint64      expires_at_us; /* of the token that authenticated it; 0 when not from a token */
  /* Added for terminals (issue #4). For a terminal credential: is_terminal is TRUE, id and
   * terminal_id are the terminal's id, name is "terminal", display_name the seat name and
   * role member (visibility then goes by the room's bodies). For a member token:
   * terminal_id is the terminal the session was opened on (may be NULL). */
  gboolean    is_terminal;
  char       *terminal_id;
} PlenumServerAccount;

void                 plenum_server_account_free (PlenumServerAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumServerAccount, plenum_server_account_free)

/* An event of the global sequence, as stored. */
typedef struct {
  gint64  seq;
  char   *type;
  gint64  time;        /* Unix seconds */
  char   *meeting_id;  /* may be NULL */
  char   *body_id;     /* the meeting's body when the event happened; may be NULL */
  char   *data;        /* a JSON object, as text */
} PlenumServerEvent;

void                 plenum_server_event_free   (PlenumServerEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumServerEvent, plenum_server_event_free)

/* A packet to publish, with every reference already resolved to ids. */
typedef struct {
  char     *title;
  char      sha256[65];
  gboolean  confidential;
  /* A password-protected PDF: the password that opens it (a secret, freed wiped) and
   * the pages poppler counted when it opened the blob with it (< 1: it did not open).
   * The database cannot open blobs, so whoever builds the packet does that first.
   * NULL and 0 for a PDF that needs no password. */
  char     *password;
  int       pages;
} PlenumServerPacketDocument;

typedef struct {
  char      *number;
  char      *title;
  gboolean   closed_session;
  GPtrArray *documents;  /* of PlenumServerPacketDocument */
} PlenumServerPacketItem;

typedef struct {
  char      *body_id;
  char      *title;
  gint64     starts_at;  /* Unix seconds */
  char      *location;   /* may be NULL */
  char      *chair_id;
  char      *vice_chair_id; /* may be NULL */
  GPtrArray *items;      /* of PlenumServerPacketItem */
  /* The packet_version the sender edited (0: a meeting that does not exist yet), or -1
   * (plenum_server_packet_new()'s default) to publish over whatever is there. */
  gint64     base_packet_version;
} PlenumServerPacket;

PlenumServerPacket      *plenum_server_packet_new       (void);
PlenumServerPacketItem  *plenum_server_packet_item_new  (void);
PlenumServerPacketDocument *plenum_server_packet_document_new (void);
void                     plenum_server_packet_free      (PlenumServerPacket *packet);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumServerPacket, plenum_server_packet_free)

typedef struct {
  gboolean           replayed;       /* the operation had been applied before */
  char              *result_json;    /* the Meeting as answered the first time */
  gint64             packet_version;
  PlenumServerEvent *event;          /* the packet.published event; NULL when replayed */
} PlenumServerPublishResult;

void                 plenum_server_publish_result_clear (PlenumServerPublishResult *result);

typedef enum {
  PLENUM_SIGN_IN_OK,
  PLENUM_SIGN_IN_WRONG,   /* unknown name or wrong PIN */
  PLENUM_SIGN_IN_LOCKED,  /* too many failures; *retry_after_s says for how long */
} PlenumSignInResult;

typedef enum {
  PLENUM_TERMINAL_VALID,
  PLENUM_TERMINAL_UNKNOWN,
  PLENUM_TERMINAL_REVOKED,
  /* The secretariat asked the terminal to erase its documents and it has not confirmed
   * yet: *account is set (for POST …/wiped), every other request is refused. */
  PLENUM_TERMINAL_WIPE,
} PlenumTerminalState;

/* An idempotency record's stored answer. */
typedef struct {
  gboolean           replayed;  /* the operation had been applied before */
  guint              status;    /* HTTP status of the answer */
  char              *response;  /* its JSON body */
  PlenumServerEvent *event;     /* the event to publish; NULL when replayed */
  /* An event to publish before @event (it has the lower sequence number): the
   * meeting.updated of a meeting the chair's first move started. Usually NULL. */
  PlenumServerEvent *first_event;
} PlenumServerOperationResult;

void                 plenum_server_operation_result_clear (PlenumServerOperationResult *result);

typedef enum {
  PLENUM_TOKEN_VALID,
  PLENUM_TOKEN_UNKNOWN,
  PLENUM_TOKEN_EXPIRED,
} PlenumTokenState;

/* Opens (creating it when absent) the database at @path and migrates it to the latest
 * schema. Refuses a database written by a newer server (PLENUM_SERVER_DB_ERROR_TOO_NEW). */
PlenumServerDb      *plenum_server_db_open               (const char  *path,
                                                          GError     **error);

int                  plenum_server_db_get_schema_version (PlenumServerDb *self);
int                  plenum_server_db_latest_schema_version (void);

/* Transactions for callers that group several calls (BEGIN IMMEDIATE). */
gboolean             plenum_server_db_begin              (PlenumServerDb  *self,
                                                          GError         **error);
gboolean             plenum_server_db_commit             (PlenumServerDb  *self,
                                                          GError         **error);
void                 plenum_server_db_rollback           (PlenumServerDb  *self);

/* Accounts. @pin_hash is a crypt(3) string (yescrypt): see plenum-server-pin.h. */
char                *plenum_server_db_create_account     (PlenumServerDb  *self,
                                                          const char      *name,
                                                          const char      *display_name,
                                                          PlenumRole       role,
                                                          const char      *pin_hash,
                                                          GError         **error);
gboolean             plenum_server_db_update_account     (PlenumServerDb  *self,
                                                          const char      *id,
                                                          const char      *display_name,
                                                          PlenumRole       role,
                                                          const char      *pin_hash,
                                                          GError         **error);
/* The account with sign-in name @name and its PIN hash; NULL with NOT_FOUND. */
PlenumServerAccount *plenum_server_db_find_account       (PlenumServerDb  *self,
                                                          const char      *name,
                                                          char           **pin_hash,
                                                          GError         **error);
PlenumServerAccount *plenum_server_db_get_account        (PlenumServerDb  *self,
                                                          const char      *id,
                                                          GError         **error);

/* Sign-in throttling per name (known or not): @now_us in g_get_real_time() units.
 * plenum_server_db_sign_in_check() says whether the name is locked right now
 * (*@locked_until_us not 0) and how many failures in a row it has had (@failures may be
 * NULL). */
gboolean             plenum_server_db_sign_in_check      (PlenumServerDb  *self,
                                                          const char      *name,
                                                          gint64           now_us,
                                                          gint64          *locked_until_us,
                                                          guint           *failures,
                                                          GError         **error);
/* Records a failure; returns TRUE when this failure locked the name (until
 * *@locked_until_us). */
gboolean             plenum_server_db_sign_in_failed     (PlenumServerDb  *self,
                                                          const char      *name,
                                                          guint            max_failures,
                                                          gint64           lockout_us,
                                                          gint64           now_us,
                                                          gint64          *locked_until_us,
                                                          GError         **error);
gboolean             plenum_server_db_sign_in_succeeded  (PlenumServerDb  *self,
                                                          const char      *name,
                                                          GError         **error);

/* PIN guessing (docs/protocol.md, "Guessing PINs"): failures are counted per key of
 * pin_failures — "name\nterminal-id" (a name at an enrolled terminal), "name\n" (a name
 * from anywhere else), "\nterminal-id" (an enrolled terminal across names).
 * plenum_server_db_sign_in_check() reads a key's lock and count and
 * plenum_server_db_sign_in_succeeded() clears one key; the enrolment counter uses the
 * three sign_in_* functions alone. plenum_server_db_pin_failure_add() records a failure
 * of @key, locking it after @max_failures in a row for @lockout_us doubled with every
 * earlier lock of the key (at most @max_lockout_us); TRUE when this failure locked it
 * (until *@locked_until_us). */
gboolean             plenum_server_db_pin_failure_add    (PlenumServerDb  *self,
                                                          const char      *key,
                                                          guint            max_failures,
                                                          gint64           lockout_us,
                                                          gint64           max_lockout_us,
                                                          gint64           now_us,
                                                          gint64          *locked_until_us,
                                                          GError         **error);
/* Clears every key of the name @name (from anywhere, at every terminal). */
gboolean             plenum_server_db_pin_failures_clear_name (PlenumServerDb  *self,
                                                               const char      *name,
                                                               GError         **error);

/* Tokens: only the SHA-256 of the token's bytes is stored. */
gboolean             plenum_server_db_add_token          (PlenumServerDb  *self,
                                                          const guint8     token_hash[32],
                                                          const char      *account_id,
                                                          const char      *terminal_id,
                                                          gint64           now_us,
                                                          gint64           expires_at_us,
                                                          GError         **error);
PlenumTokenState     plenum_server_db_lookup_token       (PlenumServerDb       *self,
                                                          const guint8          token_hash[32],
                                                          gint64                now_us,
                                                          PlenumServerAccount **account,
                                                          GError              **error);
gboolean             plenum_server_db_delete_token       (PlenumServerDb  *self,
                                                          const guint8     token_hash[32],
                                                          GError         **error);
/* Forgets tokens that expired before @before_us (expired ones are kept a while so that
 * clients are told token_expired rather than unauthorized). */
gboolean             plenum_server_db_purge_tokens       (PlenumServerDb  *self,
                                                          gint64           before_us,
                                                          GError         **error);
/* Deletes every token of the account @account_id; returns the hashes deleted (GBytes of
 * 32 bytes each), to end their event streams. */
GPtrArray           *plenum_server_db_delete_account_tokens (PlenumServerDb  *self,
                                                             const char      *account_id,
                                                             GError         **error);
/* Whether @terminal_id (may be NULL) is an enrolled terminal that is not revoked. */
gboolean             plenum_server_db_terminal_enrolled  (PlenumServerDb  *self,
                                                          const char      *terminal_id,
                                                          gboolean        *enrolled,
                                                          GError         **error);

/* Bodies. */
char                *plenum_server_db_create_body        (PlenumServerDb  *self,
                                                          const char      *name,
                                                          GError         **error);
/* The id of the body called @name, or NULL with NOT_FOUND. */
char                *plenum_server_db_find_body          (PlenumServerDb  *self,
                                                          const char      *name,
                                                          GError         **error);
gboolean             plenum_server_db_add_member         (PlenumServerDb  *self,
                                                          const char      *body_id,
                                                          const char      *account_id,
                                                          GError         **error);
gboolean             plenum_server_db_clear_members      (PlenumServerDb  *self,
                                                          const char      *body_id,
                                                          GError         **error);
/* The ids of the bodies whose meetings @account_id sees: those it belongs to, or for a
 * terminal's id, those sitting in its room. */
GPtrArray           *plenum_server_db_account_bodies     (PlenumServerDb  *self,
                                                          const char      *account_id,
                                                          GError         **error);

/* JSON answers. A member sees their bodies and their bodies' meetings; a secretary sees
 * everything. plenum_server_db_meeting_json() fails with NOT_FOUND for a meeting the
 * account may not see. */
cJSON               *plenum_server_db_bodies_json        (PlenumServerDb            *self,
                                                          const PlenumServerAccount *account,
                                                          GError                   **error);
cJSON               *plenum_server_db_meetings_json      (PlenumServerDb            *self,
                                                          const PlenumServerAccount *account,
                                                          GError                   **error);
cJSON               *plenum_server_db_meeting_json       (PlenumServerDb            *self,
                                                          const char                *meeting_id,
                                                          const PlenumServerAccount *account,
                                                          GError                   **error);

/* Closed-session clearances: who may read the documents of the agenda item @item_id of
 * @meeting_id besides the chair, the vice chair and the secretariat. NOT_FOUND when the
 * item is not the meeting's. The answer is { "item_id", "members": [ Person ] }.
 * plenum_server_db_set_clearance() replaces the list (NULL-terminated @account_ids, each a
 * member of the meeting's body, else INVALID) idempotently by @operation_id, with a
 * meeting.updated event (every viewer's Meeting may have changed). */
cJSON               *plenum_server_db_clearance_json     (PlenumServerDb            *self,
                                                          const char                *meeting_id,
                                                          const char                *item_id,
                                                          GError                   **error);
gboolean             plenum_server_db_set_clearance      (PlenumServerDb              *self,
                                                          const char                  *meeting_id,
                                                          const char                  *item_id,
                                                          const char * const          *account_ids,
                                                          const PlenumServerAccount   *account,
                                                          const char                  *operation_id,
                                                          const char                  *request_hash,
                                                          gint64                       now,
                                                          guint                        retention,
                                                          PlenumServerOperationResult *result,
                                                          GError                     **error);

gboolean             plenum_server_db_has_meeting        (PlenumServerDb            *self,
                                                          const char                *meeting_id,
                                                          gboolean                  *exists,
                                                          GError                   **error);

/* Blobs' metadata (the bytes are in the blob store). @pages is -1 when the bytes are not
 * a PDF the server could open without a password. */
gboolean             plenum_server_db_add_blob           (PlenumServerDb  *self,
                                                          const char      *sha256,
                                                          guint64          size,
                                                          int              pages,
                                                          GError         **error);
gboolean             plenum_server_db_get_blob           (PlenumServerDb  *self,
                                                          const char      *sha256,
                                                          guint64         *size,
                                                          int             *pages,
                                                          GError         **error);
/* Whether @account may read the blob: a secretary always; a member when a document of a
 * meeting of one of their bodies names it. */
gboolean             plenum_server_db_blob_visible       (PlenumServerDb            *self,
                                                          const char                *sha256,
                                                          const PlenumServerAccount *account,
                                                          GError                   **error);

/* Publishes @packet as the meeting's new packet in one transaction, with its
 * packet.published event, idempotently by @operation_id: a repeat with the same
 * @request_hash returns the stored answer; a different request under a used operation id
 * fails with CONFLICT. Fails with MISSING_BLOB (the message is the hash) when a document
 * names a blob the server does not have, INVALID when the body, a chair or a blob does not
 * fit: a blob that opens without a password must be given none, one that does not must
 * be given the password that opens it (see PlenumServerPacketDocument). INVALID messages
 * never quote a password. @retention: how many events to keep. */
gboolean             plenum_server_db_publish_packet     (PlenumServerDb            *self,
                                                          const char                *meeting_id,
                                                          const PlenumServerPacket  *packet,
                                                          const char                *operation_id,
                                                          const char                *request_hash,
                                                          const PlenumServerAccount *account,
                                                          gint64                     now,
                                                          guint                      retention,
                                                          PlenumServerPublishResult *result,
                                                          GError                   **error);

/* Revisions (docs/protocol.md, "Revisions and retraction"). */
typedef enum {
  PLENUM_DOCUMENT_REVISE,  /* a new blob for the document; the old one superseded */
  PLENUM_DOCUMENT_RETRACT, /* the document leaves the packet with its versions */
  PLENUM_DOCUMENT_RETIRE,  /* the document's superseded versions are dropped */
} PlenumDocumentChange;

/* Publishes the meeting's packet again with @change applied to @document_id, as a new
 * packet version with its packet.published event, idempotently by @operation_id (like
 * the votes' writes). REVISE takes @sha256 and, for a password-protected PDF, @password
 * with the @pages it opened to (see PlenumServerPacketDocument); a revision to the blob
 * the document has, and a retirement with nothing to retire, are answered without a new
 * version. result->response is the Meeting. NOT_FOUND: no such meeting or document;
 * MISSING_BLOB, INVALID as for plenum_server_db_publish_packet(). */
gboolean             plenum_server_db_change_document    (PlenumServerDb              *self,
                                                          const char                  *meeting_id,
                                                          const char                  *document_id,
                                                          PlenumDocumentChange         change,
                                                          const char                  *sha256,
                                                          const char                  *password,
                                                          int                          pages,
                                                          const PlenumServerAccount   *account,
                                                          const char                  *operation_id,
                                                          const char                  *request_hash,
                                                          gint64                       now,
                                                          guint                        retention,
                                                          PlenumServerOperationResult *result,
                                                          GError                     **error);

/* Leases: sets the body's lease_seconds and returns the Body as GET /api/v1/bodies lists
 * it. NOT_FOUND for an unknown body. */
cJSON               *plenum_server_db_set_lease          (PlenumServerDb  *self,
                                                          const char      *body_id,
                                                          gint64           lease_seconds,
                                                          GError         **error);

/* Events. latest: the highest sequence number ever given (0 when none); first: the
 * lowest still retained (latest + 1 when none is). */
gboolean             plenum_server_db_event_bounds       (PlenumServerDb  *self,
                                                          gint64          *latest,
                                                          gint64          *first,
                                                          GError         **error);
/* The retained events after @after that @account may see, in order, at most @limit. */
GPtrArray           *plenum_server_db_events_after       (PlenumServerDb            *self,
                                                          gint64                     after,
                                                          const PlenumServerAccount *account,
                                                          guint                      limit,
                                                          GError                   **error);

/* Rooms and terminals (issue #4; see docs/protocol.md, "Rooms and terminals"). */

/* Creates the room @name when new; its bodies become @body_ids (NULL-terminated). The id
 * goes to *@room_id when not NULL. */
gboolean             plenum_server_db_set_room           (PlenumServerDb      *self,
                                                          const char          *name,
                                                          const char * const  *body_ids,
                                                          char               **room_id,
                                                          GError             **error);
/* The id of the room called @name, or NULL with NOT_FOUND. */
char                *plenum_server_db_find_room          (PlenumServerDb  *self,
                                                          const char      *name,
                                                          GError         **error);
/* Stores an enrolment whose code hashes (SHA-256) to @code_hash, for seat @name in
 * @room_id, valid until @expires_at (Unix seconds). */
gboolean             plenum_server_db_add_enrolment      (PlenumServerDb  *self,
                                                          const guint8     code_hash[32],
                                                          const char      *room_id,
                                                          const char      *name,
                                                          gint64           now,
                                                          gint64           expires_at,
                                                          GError         **error);
/* Redeems the enrolment of @code_hash for @terminal_id in one transaction: the terminal
 * (new, or enrolled afresh) gets @credential_hash. Fails with NOT_FOUND when the code is
 * unknown, used or expired. Returns the answer without the credential: { terminal_id,
 * name, room: { id, name }, enrolled_at }. When the terminal was enrolled before,
 * *@replaced is TRUE and @replaced_hash gets its old credential's hash (to end its
 * streams). */
cJSON               *plenum_server_db_redeem_enrolment   (PlenumServerDb  *self,
                                                          const guint8     code_hash[32],
                                                          const char      *terminal_id,
                                                          const guint8     credential_hash[32],
                                                          gint64           now,
                                                          gboolean        *replaced,
                                                          guint8           replaced_hash[32],
                                                          GError         **error);
/* The terminal whose credential hashes to @credential_hash; notes it was seen at @now
 * (written at most once a minute). *@account is set only for PLENUM_TERMINAL_VALID and
 * PLENUM_TERMINAL_WIPE. */
PlenumTerminalState  plenum_server_db_lookup_terminal    (PlenumServerDb       *self,
                                                          const guint8          credential_hash[32],
                                                          gint64                now,
                                                          PlenumServerAccount **account,
                                                          GError              **error);
/* Revokes the terminal @terminal_id (NOT_FOUND when unknown; already revoked is fine);
 * @credential_hash gets its credential's hash, to end its streams. */
gboolean             plenum_server_db_revoke_terminal    (PlenumServerDb  *self,
                                                          const char      *terminal_id,
                                                          gint64           now,
                                                          guint8           credential_hash[32],
                                                          GError         **error);
/* Wiping (docs/protocol.md, "Wiping a terminal"). Asks @terminal_id to erase its
 * documents: its credential and the member tokens given on it answer terminal_wipe from
 * now on. @hashes gets the SHA-256 (32 bytes each, concatenated) of the credential and of
 * those tokens, to end their event streams. NOT_FOUND when unknown, CONFLICT when
 * revoked. Asking again keeps the first time. */
gboolean             plenum_server_db_request_wipe       (PlenumServerDb  *self,
                                                          const char      *terminal_id,
                                                          gint64           now,
                                                          GByteArray      *hashes,
                                                          GError         **error);
/* The terminal confirms it erased everything: wiped_at is set, its credential revoked and
 * the member tokens given on it deleted. CONFLICT when no wipe was asked for. */
gboolean             plenum_server_db_confirm_wipe       (PlenumServerDb  *self,
                                                          const char      *terminal_id,
                                                          gint64           now,
                                                          GError         **error);
/* Whether a wipe of @terminal_id was asked for and not confirmed yet (a member token
 * given there is then refused). */
gboolean             plenum_server_db_terminal_wiping    (PlenumServerDb  *self,
                                                          const char      *terminal_id,
                                                          gboolean        *wiping,
                                                          GError         **error);
/* { "terminals": [ … ] } as in GET /api/v1/terminals: every terminal, or with
 * @meeting_id those of the rooms where the meeting's body sits. */
cJSON               *plenum_server_db_terminals_json     (PlenumServerDb  *self,
                                                          const char      *meeting_id,
                                                          GError         **error);
/* Stores @status_json (a JSON object as text) as the terminal's latest readiness report;
 * NOT_FOUND when there is no such terminal. */
gboolean             plenum_server_db_set_terminal_status (PlenumServerDb  *self,
                                                           const char      *terminal_id,
                                                           const char      *status_json,
                                                           gint64           now,
                                                           GError         **error);

/* Meeting status: sets it and, when it changed, appends a meeting.updated event
 * (*@event, else NULL). NOT_FOUND for an unknown meeting, INVALID for an unknown status. */
gboolean             plenum_server_db_set_meeting_status (PlenumServerDb      *self,
                                                          const char          *meeting_id,
                                                          const char          *status,
                                                          gint64               now,
                                                          guint                retention,
                                                          PlenumServerEvent  **event,
                                                          GError             **error);

/* Generic idempotency records, keyed by (account, operation id): see docs/protocol.md,
 * "Idempotent operations". Looks up the record: *@found FALSE when there is none; CONFLICT
 * when there is one for a different @request_hash; else *@found TRUE with the stored
 * status and response (taken by the caller). */
gboolean             plenum_server_db_operation_lookup   (PlenumServerDb  *self,
                                                          const char      *account_id,
                                                          const char      *operation_id,
                                                          const char      *request_hash,
                                                          gboolean        *found,
                                                          guint           *status,
                                                          char           **response,
                                                          GError         **error);
/* Stores the record (call inside the transaction that applied the operation). */
gboolean             plenum_server_db_operation_store    (PlenumServerDb  *self,
                                                          const char      *account_id,
                                                          const char      *operation_id,
                                                          const char      *kind,
                                                          const char      *request_hash,
                                                          guint            status,
                                                          const char      *response,
                                                          gint64           now,
                                                          GError         **error);

/* Attendance. Checks @account in to @meeting_id (or out, @present FALSE), idempotently by
 * @operation_id and @request_hash, in one transaction with its attendance.changed event.
 * NOT_FOUND: a meeting the account may not see; FORBIDDEN: not a member of its body (a
 * secretary, a terminal); CLOSED: the meeting is closed; CONFLICT: the operation id was
 * used for another request. */
gboolean             plenum_server_db_check_in           (PlenumServerDb              *self,
                                                          const char                  *meeting_id,
                                                          const PlenumServerAccount   *account,
                                                          gboolean                     present,
                                                          const char                  *operation_id,
                                                          const char                  *request_hash,
                                                          gint64                       now,
                                                          guint                        retention,
                                                          PlenumServerOperationResult *result,
                                                          GError                     **error);
/* { meeting_id, attendance: [ … ] }; NOT_FOUND for a meeting the account may not see. */
cJSON               *plenum_server_db_attendance_json    (PlenumServerDb            *self,
                                                          const char                *meeting_id,
                                                          const PlenumServerAccount *account,
                                                          GError                   **error);

/* The audit log (docs/protocol.md, "The record"): appends one answered request. Every
 * string but @method and @path may be NULL; @role is "member", "secretary", "terminal"
 * or NULL (a sign-in that failed). One prepared INSERT, in its own implicit transaction. */
gboolean             plenum_server_db_append_audit       (PlenumServerDb  *self,
                                                          gint64           at_us,
                                                          const char      *account_id,
                                                          const char      *account_name,
                                                          const char      *role,
                                                          const char      *terminal_id,
                                                          const char      *method,
                                                          const char      *path,
                                                          guint            status,
                                                          const char      *meeting_id,
                                                          GError         **error);
/* { entries: [ … ], next_since }: at most @limit entries with seq > @since, oldest
 * first, only those of @meeting_id when it is not NULL. */
cJSON               *plenum_server_db_audit_json         (PlenumServerDb  *self,
                                                          gint64           since,
                                                          guint            limit,
                                                          const char      *meeting_id,
                                                          GError         **error);

/* Annotations: docs/protocol.md, "Annotations". Writes @annotation (its revision is set
 * to the new one), or deletes it (@delete: a tombstone), as @account, idempotently by
 * @operation_id and @request_hash, in one transaction with its annotations.changed event.
 * NOT_FOUND: the annotation is another author's, or a DELETE of one that does not exist,
 * or its document is not of a meeting the account may see; FORBIDDEN: a terminal;
 * INVALID: moved to another document; CONFLICT: @base_revision is not the current
 * revision (*@current is then the stored Annotation's JSON, to send back) or the
 * operation id was used for another request (*@current NULL). */
gboolean             plenum_server_db_write_annotation   (PlenumServerDb              *self,
                                                          PlenumAnnotation            *annotation,
                                                          gboolean                     delete,
                                                          gint64                       base_revision,
                                                          const PlenumServerAccount   *account,
                                                          const char                  *operation_id,
                                                          const char                  *request_hash,
                                                          gint64                       now,
                                                          guint                        retention,
                                                          PlenumServerOperationResult *result,
                                                          char                       **current,
                                                          GError                     **error);
/* The stored annotation @id of @account (NOT_FOUND when there is none, or another
 * author's). */
gboolean             plenum_server_db_load_annotation    (PlenumServerDb             *self,
                                                          const char                 *id,
                                                          const PlenumServerAccount  *account,
                                                          PlenumAnnotation          **annotation,
                                                          GError                    **error);
/* { annotations: [ … ], revision, more }: the feed of @meeting_id after @since as
 * @account may see it. NOT_FOUND for a meeting it may not see, FORBIDDEN for a terminal. */
cJSON               *plenum_server_db_annotations_json   (PlenumServerDb            *self,
                                                          const char                *meeting_id,
                                                          const PlenumServerAccount *account,
                                                          gint64                     since,
                                                          GError                   **error);

/* Votes: docs/protocol.md, "Votes". Every write runs in one transaction with its
 * idempotency record and its event (result->event); NOT_FOUND: a meeting the account may
 * not see, or no such vote or item in it; FORBIDDEN: not the chair (for the chair's
 * operations), not a member of the body (for ballots and conflicts), a terminal;
 * INVALID: the input does not fit the vote (an option out of range, too many choices, a
 * receipt missing or where none belongs); CONFLICT: the operation id was used for
 * another request. */
typedef struct {
  const char         *item_id;
  const char         *title;
  gboolean            secret;
  const char * const *candidates;          /* NULL-terminated; NULL: a motion */
  guint               max_choices;         /* candidates only (a motion: 1) */
  gboolean            majority_of_members; /* FALSE: of the members present */
  gboolean            quorum_required;
  gboolean            changeable;          /* a ballot may be replaced while open */
} PlenumServerVoteSpec;

/* The chair opens a vote (result->response is the Vote, status 201). NO_QUORUM when the
 * rule needs a quorum that is not there; VOTE_IN_PROGRESS when another vote of the meeting
 * is open; CLOSED when the meeting is closed. */
gboolean             plenum_server_db_open_vote          (PlenumServerDb              *self,
                                                          const char                  *meeting_id,
                                                          const PlenumServerVoteSpec  *spec,
                                                          const PlenumServerAccount   *account,
                                                          const char                  *operation_id,
                                                          const char                  *request_hash,
                                                          gint64                       now,
                                                          guint                        retention,
                                                          PlenumServerOperationResult *result,
                                                          GError                     **error);
/* A member's ballot: @choices are option positions (@n_choices of them). @receipt: the
 * secret ballot's receipt (64 hex digits; only its SHA-256 is stored; NULL for an open
 * vote). ALREADY_VOTED, VOTE_CLOSED, CONFLICT_OF_INTEREST as their names say. */
gboolean             plenum_server_db_cast_ballot        (PlenumServerDb              *self,
                                                          const char                  *meeting_id,
                                                          const char                  *vote_id,
                                                          const PlenumServerAccount   *account,
                                                          const gint64                *choices,
                                                          guint                        n_choices,
                                                          const char                  *receipt,
                                                          const char                  *operation_id,
                                                          const char                  *request_hash,
                                                          gint64                       now,
                                                          guint                        retention,
                                                          PlenumServerOperationResult *result,
                                                          GError                     **error);

typedef enum {
  PLENUM_VOTE_END_CLOSE,         /* count the ballots */
  PLENUM_VOTE_END_SHOW_OF_HANDS, /* take the counts the chair entered */
  PLENUM_VOTE_END_ANNUL,         /* keep it in the record as annulled */
} PlenumVoteEnd;

/* The chair closes, enters a show of hands for (@counts, one per option), or annuls a
 * vote. VOTE_CLOSED: it is not open (annulling a closed vote is allowed). *@scrub is set
 * TRUE when the vote was secret and was applied now: the caller then runs
 * plenum_server_db_scrub() after answering nothing else. */
gboolean             plenum_server_db_end_vote           (PlenumServerDb              *self,
                                                          const char                  *meeting_id,
                                                          const char                  *vote_id,
                                                          PlenumVoteEnd                end,
                                                          const gint64                *counts,
                                                          guint                        n_counts,
                                                          const PlenumServerAccount   *account,
                                                          const char                  *operation_id,
                                                          const char                  *request_hash,
                                                          gint64                       now,
                                                          guint                        retention,
                                                          PlenumServerOperationResult *result,
                                                          gboolean                    *scrub,
                                                          GError                     **error);
/* Rebuilds the database file (VACUUM: pages and cells in key order, nothing left of the
 * order in which secret choices were written) and truncates the WAL. Outside any
 * transaction. */
gboolean             plenum_server_db_scrub              (PlenumServerDb  *self,
                                                          GError         **error);
/* A member declares (@conflict TRUE) or withdraws a conflict of interest on an item.
 * VOTE_IN_PROGRESS while a vote on that item is open. */
gboolean             plenum_server_db_set_conflict       (PlenumServerDb              *self,
                                                          const char                  *meeting_id,
                                                          const char                  *item_id,
                                                          const PlenumServerAccount   *account,
                                                          gboolean                     conflict,
                                                          const char                  *operation_id,
                                                          const char                  *request_hash,
                                                          gint64                       now,
                                                          guint                        retention,
                                                          PlenumServerOperationResult *result,
                                                          GError                     **error);
/* { meeting_id, votes: [ Vote… ] } and one Vote; NOT_FOUND for a meeting the account may
 * not see (or no such vote). */
cJSON               *plenum_server_db_votes_json         (PlenumServerDb            *self,
                                                          const char                *meeting_id,
                                                          const PlenumServerAccount *account,
                                                          GError                   **error);
cJSON               *plenum_server_db_vote_json          (PlenumServerDb            *self,
                                                          const char                *meeting_id,
                                                          const char                *vote_id,
                                                          const PlenumServerAccount *account,
                                                          GError                   **error);

/* The live meeting: docs/protocol.md, "The live meeting". Writes run in one transaction
 * with their idempotency record and their event, like the votes' (the same error codes);
 * CLOSED: the meeting is closed. A write that changes nothing (asking twice, withdrawing
 * from a queue one is not in) is recorded and answered but sends no event. */

/* The chair moves to @item_id, and to @document_id (a document of that item, or NULL) at
 * @page (from 0, below the document's page count; -1 with no document). The first move
 * of a scheduled meeting makes it in_progress (result->first_event is its
 * meeting.updated). NOT_FOUND: no such item, or no such document of it; INVALID: a page
 * without a document or past its end. result->response is the Position. */
gboolean             plenum_server_db_move_position      (PlenumServerDb              *self,
                                                          const char                  *meeting_id,
                                                          const char                  *item_id,
                                                          const char                  *document_id,
                                                          gint64                       page,
                                                          const PlenumServerAccount   *account,
                                                          const char                  *operation_id,
                                                          const char                  *request_hash,
                                                          gint64                       now,
                                                          guint                        retention,
                                                          PlenumServerOperationResult *result,
                                                          GError                     **error);
/* The Position (all null, revision 0, before the chair's first move); NOT_FOUND for a
 * meeting the account may not see. */
cJSON               *plenum_server_db_position_json      (PlenumServerDb            *self,
                                                          const char                *meeting_id,
                                                          const PlenumServerAccount *account,
                                                          GError                   **error);

typedef enum {
  PLENUM_SPEAKERS_ASK,      /* a member asks for the floor */
  PLENUM_SPEAKERS_WITHDRAW, /* a member leaves the queue (or gives the floor back) */
  PLENUM_SPEAKERS_NEXT,     /* the chair: the first in line gets the floor */
  PLENUM_SPEAKERS_FLOOR,    /* the chair gives the floor to one in line */
} PlenumSpeakersChange;

/* Changes the speakers' queue of @meeting_id as @account; @target_id is the account that
 * gets the floor (PLENUM_SPEAKERS_FLOOR only). FORBIDDEN: asking or withdrawing when not
 * a member of the body, NEXT or FLOOR when not the chair; NOT_FOUND: @target_id is not in
 * the queue. result->response is the queue. */
gboolean             plenum_server_db_change_speakers    (PlenumServerDb              *self,
                                                          const char                  *meeting_id,
                                                          PlenumSpeakersChange         change,
                                                          const char                  *target_id,
                                                          const PlenumServerAccount   *account,
                                                          const char                  *operation_id,
                                                          const char                  *request_hash,
                                                          gint64                       now,
                                                          guint                        retention,
                                                          PlenumServerOperationResult *result,
                                                          GError                     **error);
/* The speakers' queue, the same for everyone who may see the meeting. */
cJSON               *plenum_server_db_speakers_json      (PlenumServerDb            *self,
                                                          const char                *meeting_id,
                                                          const PlenumServerAccount *account,
                                                          GError                   **error);
/* { meeting_id, members, present, required, met }: the quorum of the meeting under the
 * votes' rule, without conflicts of interest (those count per item, in its votes). */
cJSON               *plenum_server_db_quorum_json        (PlenumServerDb            *self,
                                                          const char                *meeting_id,
                                                          const PlenumServerAccount *account,
                                                          GError                   **error);

/* For bench/room (plenum-server --bench-provision): in one transaction, @n_members member
 * accounts called @names, members of body @body_id, that cannot sign in with a PIN, each
 * with a token whose SHA-256 is in @token_hashes, valid until @expires_at_us. */
gboolean             plenum_server_db_bench_provision    (PlenumServerDb     *self,
                                                          const char         *body_id,
                                                          const char * const *names,
                                                          const guint8      (*token_hashes)[32],
                                                          guint               n_members,
                                                          gint64              expires_at_us,
                                                          GError            **error);

/* Sets the PIN hash of the account called @name and forgets its sign-in failures and
 * lock, in one transaction; NOT_FOUND when there is no such account. Its tokens stay. */
gboolean             plenum_server_db_set_pin            (PlenumServerDb     *self,
                                                          const char         *name,
                                                          const char         *pin_hash,
                                                          GError            **error);

G_END_DECLS
