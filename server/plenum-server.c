/* plenum-server.c — the HTTP side of plenum-server; see plenum-server.h and
 * docs/protocol.md.
 *
 * One default handler routes every request, so that every answer, including unknown
 * paths and other API versions, is the protocol's JSON error shape. An early handler
 * (called once the headers are in, before the body) refuses oversized bodies and
 * streams blob uploads to disk instead of into memory.
 *
 * Threading: requests are handled on the main thread, and so is the database (short
 * statements on one connection; see plenum-server-db.h). What is slow on purpose or on
 * disk runs on worker threads while the message is paused: PIN hashing, and checking,
 * syncing and page-counting an uploaded blob.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-server"

#include "plenum-server.h"
#include "plenum-server-private.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "core/plenum-hash.h"
#include "core/plenum-json.h"
#include "core/plenum-limits.h"
#include "core/plenum-member.h"
#include "core/plenum-packet-manifest.h"
#include "plenum-server-credentials.h"
#include "plenum-server-opinions.h"

#define API_VERSION 1
/* Connections waiting to be accepted: a room of thousands of terminals reconnects at once. */
#define LISTEN_BACKLOG 4096
#define MAX_SAFE_INTEGER G_GINT64_CONSTANT (9007199254740991) /* 2^53 - 1 */
#define JSON_CONTENT_TYPE "application/json; charset=utf-8"

/* Object data on a SoupServerMessage. */
#define UPLOAD_KEY    "plenum-upload"
#define TOO_LARGE_KEY "plenum-too-large"
#define CALLER_KEY    "plenum-caller"  /* AuditCaller: who made the request, for the audit log */
#define AUDITED_KEY   "plenum-audited" /* set once the request is in the audit log */
#define READING_KEY   "plenum-reading" /* Reading: the request is being read from the client */
#define BODY_READ_KEY "plenum-body-read" /* set once the whole request is in */
#define SOCKET_KEY    "plenum-socket"  /* GSocket: the request's connection's */

/* How long a connection may take to send a request's head (idle, or slowly) or pause in
 * its body, unless plenum_server_set_request_timeout() says otherwise. */
#define DEFAULT_REQUEST_TIMEOUT_SECONDS 30

/* Expired tokens are remembered this long (to answer token_expired, not unauthorized). */
#define EXPIRED_TOKEN_MEMORY_US (G_GINT64_CONSTANT (7) * 24 * 60 * 60 * G_USEC_PER_SEC)

struct _PlenumServer
{
  GObject               parent_instance;

  SoupServer           *soup;
  PlenumServerDb       *db;
  PlenumBlobStore      *blobs;
  PlenumEventHub       *hub;
  GHashTable           *checking;  /* pin_failures key → PIN checks in flight (GUINT_TO_POINTER) */
  GTlsCertificate      *tls_certificate; /* NULL: plain HTTP */
  PlenumServerSettings  settings;

  /* Requests being read (Reading, owned by their messages' data); one timer closes the
   * connections of those that stalled, rather than a source per connection, since
   * thousands of idle connections must cost the main loop little. Main thread only. */
  GHashTable           *reading;
  guint                 request_timeout_seconds;
  guint                 stall_sweep_id;

  /* The socket of the connection being handed back to libsoup (keep_connection()), for
   * the first request it starts: libsoup knows no socket for a connection it was given
   * as a stream. */
  GSocket              *handing_back;
};

G_DEFINE_FINAL_TYPE (PlenumServer, plenum_server, G_TYPE_OBJECT)

void
plenum_server_settings_init (PlenumServerSettings *settings)
{
  settings->heartbeat_seconds = 15;
  settings->token_lifetime_seconds = 12 * 60 * 60;
  settings->pin_lockout_seconds = 60;
  settings->max_pin_failures = 5;
  settings->event_retention = 10000;
  settings->max_blob_size = 256 * 1024 * 1024;
  settings->max_json_size = 4 * 1024 * 1024;
  settings->enrolment_lifetime_seconds = 24 * 60 * 60;
}

/* Answers */

static gboolean is_get (SoupServerMessage *msg);

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *content_type,
              char              *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              const cJSON       *json)
{
  respond_text (msg, status, JSON_CONTENT_TYPE, plenum_json_print (json));
}

static void
respond_error_valist (SoupServerMessage *msg,
                      guint              status,
                      const char        *code,
                      const char        *format,
                      va_list            args) G_GNUC_PRINTF (4, 0);

static void
respond_error_valist (SoupServerMessage *msg,
                      guint              status,
                      const char        *code,
                      const char        *format,
                      va_list            args)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  cJSON *error = cJSON_AddObjectToObject (root, "error");
  g_autofree char *message = g_strdup_vprintf (format, args);

  plenum_json_add_string (error, "code", code);
  plenum_json_add_string (error, "message", message);
  respond_json (msg, status, root);
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *format,
               ...) G_GNUC_PRINTF (4, 5);

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *format,
               ...)
{
  va_list args;

  va_start (args, format);
  respond_error_valist (msg, status, code, format, args);
  va_end (args);
}

static void
respond_internal (SoupServerMessage *msg,
                  const GError      *error)
{
  /* The details go to the log; the answer says only that it was the server's fault. */
  g_warning ("%s %s: %s", soup_server_message_get_method (msg),
             g_uri_get_path (soup_server_message_get_uri (msg)),
             error != NULL ? error->message : "failed");
  respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                 "The server failed; the details are in its log.");
}

static void
respond_unauthorized (SoupServerMessage *msg,
                      const char        *code,
                      const char        *message)
{
  respond_error (msg, SOUP_STATUS_UNAUTHORIZED, code, "%s", message);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate",
                                g_str_equal (code, "token_expired")
                                  ? "Bearer realm=\"plenum\", error=\"invalid_token\""
                                  : "Bearer realm=\"plenum\"");
}

static void
respond_bad_request (SoupServerMessage *msg,
                     const GError      *error)
{
  respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "%s", error->message);
}

/* "If-None-Match: "a", W/"b"" names @etag (weak comparison, as RFC 9110 asks here). */
static gboolean
etag_listed (const char *header,
             const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (header == NULL)
    return FALSE;
  tags = g_strsplit (header, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_equal (tag, "*"))
        return TRUE;
      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, etag))
        return TRUE;
    }
  return FALSE;
}

/* Answers @text (taken) with a strong ETag made from its bytes, or (for a GET) 304 when
 * the client has it already. */
static void
respond_json_text_with_etag (SoupServerMessage *msg,
                             char              *text)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  g_autofree char *hash = plenum_sha256_hex (text, strlen (text));
  g_autofree char *etag = g_strdup_printf ("\"%.32s\"", hash);

  soup_message_headers_replace (response, "ETag", etag);
  soup_message_headers_replace (response, "Cache-Control", "private, no-cache");
  if (is_get (msg) &&
      etag_listed (soup_message_headers_get_one (request, "If-None-Match"), etag))
    {
      g_free (text);
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  respond_text (msg, SOUP_STATUS_OK, JSON_CONTENT_TYPE, text);
}

static void
respond_json_with_etag (SoupServerMessage *msg,
                        const cJSON       *json)
{
  respond_json_text_with_etag (msg, plenum_json_print (json));
}

/* Requests */

static gboolean
method_is (SoupServerMessage *msg,
           const char        *method)
{
  return g_str_equal (soup_server_message_get_method (msg), method);
}

static gboolean
is_get (SoupServerMessage *msg)
{
  return method_is (msg, SOUP_METHOD_GET) || method_is (msg, SOUP_METHOD_HEAD);
}

static void
respond_method_not_allowed (SoupServerMessage *msg,
                            const char        *allowed)
{
  respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                 "%s is not allowed here; use %s.", soup_server_message_get_method (msg),
                 allowed);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                allowed);
}

/* The request body as strict JSON, or NULL having answered 400. */
static cJSON *
read_json_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  cJSON *root;

  if (length == 0)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "The request needs a JSON body.");
      return NULL;
    }
  root = plenum_json_parse (data, (gssize) length, &error);
  if (root == NULL)
    {
      respond_bad_request (msg, error);
      return NULL;
    }
  if (!cJSON_IsObject (root))
    {
      cJSON_Delete (root);
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "The request body must be a JSON object.");
      return NULL;
    }
  return root;
}

/* Who made a request, as the audit log records it once the request is answered. */
typedef struct {
  char       *account_id;   /* NULL for a terminal credential, or before a sign-in succeeded */
  char       *account_name;
  const char *role;         /* "member", "secretary", "terminal" or NULL */
  char       *terminal_id;
} AuditCaller;

static void
audit_caller_free (gpointer data)
{
  AuditCaller *caller = data;

  g_free (caller->account_id);
  g_free (caller->account_name);
  g_free (caller->terminal_id);
  g_free (caller);
}

/* Notes @account (may be NULL: a sign-in that has not succeeded) and @terminal_id (may
 * be NULL) on @msg for on_request_finished_cb(). */
static void
note_caller (SoupServerMessage         *msg,
             const PlenumServerAccount *account,
             const char                *terminal_id)
{
  AuditCaller *caller = g_new0 (AuditCaller, 1);

  if (account != NULL && account->is_terminal)
    caller->role = "terminal";
  else if (account != NULL)
    {
      caller->account_id = g_strdup (account->id);
      caller->account_name = g_strdup (account->name);
      caller->role = plenum_role_to_string (account->role);
    }
  caller->terminal_id = g_strdup (terminal_id);
  g_object_set_data_full (G_OBJECT (msg), CALLER_KEY, caller, audit_caller_free);
}

/* 401 terminal_wipe: docs/protocol.md, "Wiping a terminal". */
static void
respond_terminal_wipe (SoupServerMessage *msg)
{
  respond_unauthorized (msg, "terminal_wipe",
                        "The committee office has asked this terminal to erase its "
                        "documents.");
}

/* Whether @msg is POST /api/v1/terminals/@terminal_id/wiped: the one request a terminal
 * asked to wipe itself may still make. */
static gboolean
is_wipe_confirmation (SoupServerMessage *msg,
                      const char        *terminal_id)
{
  g_autofree char *expected = g_strdup_printf ("/api/v1/terminals/%s/wiped", terminal_id);
  GUri *uri = soup_server_message_get_uri (msg);

  return method_is (msg, SOUP_METHOD_POST) && g_str_equal (g_uri_get_path (uri), expected);
}

/* The meeting a path under /api/v1/meetings/ names, or NULL. */
static char *
audit_meeting_id (const char *path)
{
  static const char prefix[] = "/api/v1/meetings/";
  const char *start;
  const char *end;
  g_autofree char *id = NULL;

  if (!g_str_has_prefix (path, prefix))
    return NULL;
  start = path + strlen (prefix);
  end = strchr (start, '/');
  id = end != NULL ? g_strndup (start, (gsize) (end - start)) : g_strdup (start);
  return plenum_is_uuid (id) ? g_steal_pointer (&id) : NULL;
}

/* Appends the answered @msg to the audit log, once: every write (reads, and so event
 * streams, are not logged), normally when it has been answered (on_request_finished_cb),
 * or earlier where a handler must have it on disk before it answers (the scrub after a
 * secret vote). A failure to log is said, never turned into a failure of the request. */
static void
audit_request (PlenumServer      *self,
               SoupServerMessage *msg)
{
  const char *method = soup_server_message_get_method (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  const AuditCaller *caller = g_object_get_data (G_OBJECT (msg), CALLER_KEY);
  g_autofree char *meeting_id = NULL;
  g_autoptr(GError) error = NULL;

  if (is_get (msg) || g_object_get_data (G_OBJECT (msg), AUDITED_KEY) != NULL)
    return;
  g_object_set_data (G_OBJECT (msg), AUDITED_KEY, GINT_TO_POINTER (TRUE));
  meeting_id = audit_meeting_id (path);
  if (!plenum_server_db_append_audit (self->db, g_get_real_time (),
                                      caller != NULL ? caller->account_id : NULL,
                                      caller != NULL ? caller->account_name : NULL,
                                      caller != NULL ? caller->role : NULL,
                                      caller != NULL ? caller->terminal_id : NULL,
                                      method, path, soup_server_message_get_status (msg),
                                      meeting_id, &error))
    g_message ("Could not append %s %s to the audit log: %s", method, path, error->message);
}

/* The caller, or NULL having answered 401 (or 403, or 500). "Authorization: Bearer TOKEN"
 * gives a member or the secretariat; "Authorization: Terminal CREDENTIAL" an enrolled
 * terminal (is_terminal), which only the endpoints that pass @allow_terminal accept.
 * @token_hash gets the hash of the token or credential (to end its streams later). */
static PlenumServerAccount *
authenticate_full (PlenumServer      *self,
                   SoupServerMessage *msg,
                   guint8             token_hash[32],
                   gboolean           allow_terminal)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;
  PlenumServerAccount *account = NULL;
  guint8 hash[32];

  if (authorization == NULL)
    {
      respond_unauthorized (msg, "unauthorized", "Sign in first: this needs a token.");
      return NULL;
    }

  if (g_ascii_strncasecmp (authorization, "Terminal ", 9) == 0)
    {
      PlenumTerminalState state;

      token = g_strstrip (g_strdup (authorization + 9));
      if (!plenum_token_hash (token, hash))
        {
          respond_unauthorized (msg, "unauthorized", "The terminal credential is not valid.");
          return NULL;
        }
      state = plenum_server_db_lookup_terminal (self->db, hash,
                                                g_get_real_time () / G_USEC_PER_SEC,
                                                &account, &error);
      if (error != NULL)
        {
          respond_internal (msg, error);
          return NULL;
        }
      if (state == PLENUM_TERMINAL_REVOKED)
        {
          respond_unauthorized (msg, "terminal_revoked", "This terminal has been revoked.");
          return NULL;
        }
      /* A terminal asked to wipe itself may only confirm that it did. */
      if (state == PLENUM_TERMINAL_WIPE && account != NULL &&
          !is_wipe_confirmation (msg, account->id))
        {
          note_caller (msg, account, account->terminal_id);
          plenum_server_account_free (account);
          respond_terminal_wipe (msg);
          return NULL;
        }
      if ((state != PLENUM_TERMINAL_VALID && state != PLENUM_TERMINAL_WIPE) || account == NULL)
        {
          respond_unauthorized (msg, "unauthorized", "The terminal credential is not valid.");
          return NULL;
        }
      if (!allow_terminal)
        {
          plenum_server_account_free (account);
          respond_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                         "A terminal credential cannot do this; a member must sign in.");
          return NULL;
        }
      if (token_hash != NULL)
        memcpy (token_hash, hash, sizeof hash);
      note_caller (msg, account, account->terminal_id);
      return account;
    }

  if (g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    {
      respond_unauthorized (msg, "unauthorized", "Only Bearer tokens are accepted.");
      return NULL;
    }
  token = g_strstrip (g_strdup (authorization + 7));
  if (!plenum_token_hash (token, hash))
    {
      respond_unauthorized (msg, "unauthorized", "The token is not valid; sign in again.");
      return NULL;
    }

  switch (plenum_server_db_lookup_token (self->db, hash, g_get_real_time (), &account, &error))
    {
    case PLENUM_TOKEN_VALID:
      note_caller (msg, account, account->terminal_id);
      /* A member token given on a terminal asked to wipe itself is as good as that
       * terminal: refused until the terminal confirms (then it is deleted). */
      if (account->terminal_id != NULL)
        {
          gboolean wiping = FALSE;

          if (!plenum_server_db_terminal_wiping (self->db, account->terminal_id, &wiping,
                                                 &error))
            {
              plenum_server_account_free (account);
              respond_internal (msg, error);
              return NULL;
            }
          if (wiping)
            {
              plenum_server_account_free (account);
              respond_terminal_wipe (msg);
              return NULL;
            }
        }
      if (token_hash != NULL)
        memcpy (token_hash, hash, sizeof hash);
      return account;
    case PLENUM_TOKEN_EXPIRED:
      respond_unauthorized (msg, "token_expired", "The token has expired; sign in again.");
      return NULL;
    case PLENUM_TOKEN_UNKNOWN:
    default:
      if (error != NULL)
        respond_internal (msg, error);
      else
        respond_unauthorized (msg, "unauthorized", "The token is not valid; sign in again.");
      return NULL;
    }
}

/* Members and the secretariat only. */
static PlenumServerAccount *
authenticate (PlenumServer      *self,
              SoupServerMessage *msg,
              guint8             token_hash[32])
{
  return authenticate_full (self, msg, token_hash, FALSE);
}

static gboolean
require_secretary (SoupServerMessage         *msg,
                   const PlenumServerAccount *account,
                   const char                *what)
{
  if (account->role == PLENUM_ROLE_SECRETARY)
    return TRUE;
  respond_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", "Only the secretariat %s.", what);
  return FALSE;
}

/* GET /api/v1/server */

static void
handle_server (PlenumServer      *self,
               SoupServerMessage *msg)
{
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  plenum_json_add_int64 (root, "api_version", API_VERSION);
  plenum_json_add_string (root, "server_version", PLENUM_VERSION);
  plenum_json_add_time (root, "server_time", now);
  respond_json (msg, SOUP_STATUS_OK, root);
}

/* POST /api/v1/session */

typedef struct {
  PlenumServer        *server;
  SoupServerMessage   *msg;
  PlenumServerAccount *account;   /* NULL: no such name */
  char                *name;
  char                *pin;
  char                *pin_hash;
  char                *terminal_id;
  char                *new_pin;       /* PUT /api/v1/session/pin: the PIN to set */
  char                *new_pin_hash;  /* …and its hash, made on the worker */
  /* The pin_failures keys the attempt counts in (docs/protocol.md, "Guessing PINs"):
   * the name's ("name\nterminal-id" at an enrolled terminal, else "name\n") and, at an
   * enrolled terminal, the terminal's ("\nterminal-id"; else NULL). */
  char                *keys[2];
} SignIn;

/* Wrong PINs in a row before a terminal key locks: the terminal is a seat where several
 * members sign in, each of whom may mistype. */
#define TERMINAL_FAILURES_FACTOR 3
/* The longest lock, however often a key has been locked before. */
#define MAX_PIN_LOCKOUT_US (G_GINT64_CONSTANT (60) * 60 * G_USEC_PER_SEC)

static void
sign_in_free (gpointer data)
{
  SignIn *sign_in = data;

  /* One check fewer in flight for each key. */
  for (guint i = 0; i < G_N_ELEMENTS (sign_in->keys) && sign_in->keys[i] != NULL; i++)
    {
      guint checking = GPOINTER_TO_UINT (g_hash_table_lookup (sign_in->server->checking,
                                                              sign_in->keys[i]));

      if (checking <= 1)
        g_hash_table_remove (sign_in->server->checking, sign_in->keys[i]);
      else
        g_hash_table_insert (sign_in->server->checking, g_strdup (sign_in->keys[i]),
                             GUINT_TO_POINTER (checking - 1));
      g_free (sign_in->keys[i]);
    }
  g_clear_object (&sign_in->server);
  g_clear_object (&sign_in->msg);
  g_clear_pointer (&sign_in->account, plenum_server_account_free);
  g_free (sign_in->name);
  if (sign_in->pin != NULL)
    explicit_bzero (sign_in->pin, strlen (sign_in->pin));
  g_free (sign_in->pin);
  g_free (sign_in->pin_hash);
  g_free (sign_in->terminal_id);
  plenum_secret_free (sign_in->new_pin);
  g_free (sign_in->new_pin_hash);
  g_free (sign_in);
}

static void
respond_locked (SoupServerMessage *msg,
                gint64             locked_until_us,
                gint64             now_us)
{
  gint64 seconds = (locked_until_us - now_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
  g_autofree char *retry_after = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (seconds, 1));

  respond_error (msg, 429 /* Too Many Requests: not in libsoup 3.2 */, "too_many_attempts",
                 "Too many wrong PINs for this name; try again in %s s.", retry_after);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Retry-After", retry_after);
}

/* The failures in a row that lock @key: a terminal's key takes more. */
static guint
key_max_failures (PlenumServer *self,
                  const char   *key)
{
  return key[0] == '\n' ? TERMINAL_FAILURES_FACTOR * self->settings.max_pin_failures
                        : self->settings.max_pin_failures;
}

/* A wrong PIN: counts as a failure in each of the attempt's keys, and answers 401, or
 * 429 when this failure locked one of them. */
static void
respond_pin_failed (PlenumServer      *self,
                    SignIn            *sign_in)
{
  g_autoptr(GError) error = NULL;
  gint64 now_us = g_get_real_time ();
  gint64 locked_until_us = 0;

  for (guint i = 0; i < G_N_ELEMENTS (sign_in->keys) && sign_in->keys[i] != NULL; i++)
    {
      gint64 until = 0;

      if (!plenum_server_db_pin_failure_add (self->db, sign_in->keys[i],
                                             key_max_failures (self, sign_in->keys[i]),
                                             (gint64) self->settings.pin_lockout_seconds
                                               * G_USEC_PER_SEC,
                                             MAX_PIN_LOCKOUT_US, now_us, &until, &error) &&
          error != NULL)
        {
          respond_internal (sign_in->msg, error);
          return;
        }
      locked_until_us = MAX (locked_until_us, until);
    }
  if (locked_until_us != 0)
    respond_locked (sign_in->msg, locked_until_us, now_us);
  else
    respond_error (sign_in->msg, SOUP_STATUS_UNAUTHORIZED, "wrong_credentials",
                   "Wrong name or PIN.");
}

/* A right PIN clears the name's key that was used and the terminal's. */
static gboolean
clear_pin_failures (PlenumServer  *self,
                    SignIn        *sign_in,
                    GError       **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (sign_in->keys) && sign_in->keys[i] != NULL; i++)
    if (!plenum_server_db_sign_in_succeeded (self->db, sign_in->keys[i], error))
      return FALSE;
  return TRUE;
}

static void
check_pin_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SignIn *sign_in = task_data;

  g_task_return_boolean (task, plenum_pin_verify (sign_in->pin, sign_in->pin_hash));
}

static void
sign_in_succeeded (PlenumServer *self,
                   SignIn       *sign_in,
                   gint64        now_us)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = cJSON_CreateObject ();
  g_autoptr(PlenumMember) member = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  char token[2 * PLENUM_TOKEN_BYTES + 1];
  guint8 token_hash[32];
  gint64 expires_at_us = now_us + (gint64) self->settings.token_lifetime_seconds * G_USEC_PER_SEC;

  if (!clear_pin_failures (self, sign_in, &error) ||
      !plenum_token_new (token, token_hash, &error) ||
      !plenum_server_db_add_token (self->db, token_hash, sign_in->account->id,
                                   sign_in->terminal_id, now_us, expires_at_us, &error) ||
      !plenum_server_db_purge_tokens (self->db, now_us - EXPIRED_TOKEN_MEMORY_US, &error))
    {
      respond_internal (sign_in->msg, error);
      return;
    }

  /* Whole seconds on the wire; the token lives until then at least. */
  expires_at = g_date_time_new_from_unix_utc (expires_at_us / G_USEC_PER_SEC);
  member = plenum_member_new (sign_in->account->id, sign_in->account->name,
                              sign_in->account->display_name, sign_in->account->role);
  note_caller (sign_in->msg, sign_in->account, sign_in->terminal_id);
  plenum_json_add_string (root, "token", token);
  plenum_json_add_time (root, "expires_at", expires_at);
  cJSON_AddItemToObject (root, "account", plenum_member_to_json (member));
  respond_json (sign_in->msg, SOUP_STATUS_CREATED, root);
  soup_message_headers_replace (soup_server_message_get_response_headers (sign_in->msg),
                                "Cache-Control", "no-store");
  explicit_bzero (token, sizeof token);
  g_debug ("%s signed in", sign_in->account->name);
}

static void
on_pin_checked_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PlenumServer *self = PLENUM_SERVER (source_object);
  SignIn *sign_in = g_task_get_task_data (G_TASK (result));
  gboolean match = g_task_propagate_boolean (G_TASK (result), NULL);
  gint64 now_us = g_get_real_time ();

  if (match && sign_in->account != NULL)
    sign_in_succeeded (self, sign_in, now_us);
  else
    respond_pin_failed (self, sign_in);

  soup_server_message_unpause (sign_in->msg);
}

/* What checking a PIN for @name starts with, for signing in and for changing one's own
 * PIN alike: the locks of its keys (@terminal_id: the enrolled terminal the attempt is
 * made at, or NULL), the checks in flight, and the account with its PIN hash (none for
 * an unknown name). NULL having answered. */
static SignIn *
sign_in_start (PlenumServer      *self,
               SoupServerMessage *msg,
               const char        *name,
               const char        *pin,
               const char        *terminal_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name_key = NULL;
  g_autofree char *terminal_key = NULL;
  const char *keys[2];
  gint64 now_us = g_get_real_time ();
  gint64 locked_until_us = 0;
  gboolean busy = FALSE;
  SignIn *sign_in;

  /* Guesses from another terminal, or from outside, count in keys of their own, so that
   * they never lock a member out at their own seat. */
  name_key = g_strdup_printf ("%s\n%s", name, terminal_id != NULL ? terminal_id : "");
  if (terminal_id != NULL)
    terminal_key = g_strdup_printf ("\n%s", terminal_id);
  keys[0] = name_key;
  keys[1] = terminal_key;

  for (guint i = 0; i < G_N_ELEMENTS (keys) && keys[i] != NULL; i++)
    {
      gint64 until = 0;
      guint failures = 0;
      guint checking;

      if (!plenum_server_db_sign_in_check (self->db, keys[i], now_us, &until, &failures,
                                           &error))
        {
          respond_internal (msg, error);
          return NULL;
        }
      locked_until_us = MAX (locked_until_us, until);
      /* Guesses sent all at once would all be checked before the first failure counts:
       * at most as many checks run for a key as failures it has left before the lock. */
      checking = GPOINTER_TO_UINT (g_hash_table_lookup (self->checking, keys[i]));
      if (failures + checking >= key_max_failures (self, keys[i]))
        busy = TRUE;
    }
  if (locked_until_us != 0)
    {
      respond_locked (msg, locked_until_us, now_us);
      return NULL;
    }
  if (busy)
    {
      respond_locked (msg, now_us + G_USEC_PER_SEC, now_us);
      return NULL;
    }

  sign_in = g_new0 (SignIn, 1);
  sign_in->server = g_object_ref (self);
  sign_in->msg = g_object_ref (msg);
  for (guint i = 0; i < G_N_ELEMENTS (keys) && keys[i] != NULL; i++)
    {
      guint checking = GPOINTER_TO_UINT (g_hash_table_lookup (self->checking, keys[i]));

      g_hash_table_insert (self->checking, g_strdup (keys[i]), GUINT_TO_POINTER (checking + 1));
      sign_in->keys[i] = g_strdup (keys[i]);
    }
  sign_in->name = g_strdup (name);
  sign_in->pin = g_strdup (pin);
  sign_in->account = plenum_server_db_find_account (self->db, name, &sign_in->pin_hash, &error);
  if (sign_in->account == NULL &&
      !g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
    {
      sign_in_free (sign_in);
      respond_internal (msg, error);
      return NULL;
    }
  return sign_in;
}

/* Whether the sign-in is made by the enrolled terminal @terminal_id itself: it carries
 * that terminal's credential ("Authorization: Terminal …"), which is not revoked. A
 * missing, unknown or other terminal's credential is not refused: the attempt then counts
 * as one from outside (plenumctl, a terminal not enrolled). */
static gboolean
signing_terminal (PlenumServer      *self,
                  SoupServerMessage *msg,
                  const char        *terminal_id)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(PlenumServerAccount) terminal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *credential = NULL;
  guint8 hash[32];

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Terminal ", 9) != 0)
    return FALSE;
  credential = g_strstrip (g_strdup (authorization + 9));
  if (!plenum_token_hash (credential, hash))
    return FALSE;
  if (plenum_server_db_lookup_terminal (self->db, hash, g_get_real_time () / G_USEC_PER_SEC,
                                        &terminal, &error) != PLENUM_TERMINAL_VALID)
    {
      /* Counted as an attempt from outside then: a failed lookup never lifts a lock. */
      if (error != NULL)
        g_message ("Could not look up a terminal credential: %s", error->message);
      return FALSE;
    }
  return terminal != NULL && g_strcmp0 (terminal->id, terminal_id) == 0;
}

static void
handle_session_post (PlenumServer      *self,
                     SoupServerMessage *msg)
{
  static const char * const keys[] = { "name", "pin", "terminal_id", NULL };
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  const char *name = NULL;
  const char *pin = NULL;
  const char *terminal_id = NULL;
  SignIn *sign_in;

  root = read_json_body (msg);
  if (root == NULL)
    return;
  if (!plenum_json_check_object (root, "", keys, &error) ||
      !plenum_json_get_text (root, "", "name", PLENUM_JSON_REQUIRED,
                             PLENUM_SIGN_IN_NAME_MAX_CHARS, FALSE, &name, &error) ||
      !plenum_json_get_string (root, "", "pin", PLENUM_JSON_REQUIRED, &pin, &error) ||
      !plenum_json_get_uuid (root, "", "terminal_id", PLENUM_JSON_REQUIRED, &terminal_id,
                             &error))
    {
      respond_bad_request (msg, error);
      return;
    }
  /* Not the name tried: a mistyped name may be a PIN typed into the wrong box. */
  note_caller (msg, NULL, terminal_id);
  if (!plenum_is_pin (pin))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "pin: 4 to 12 digits.");
      return;
    }

  sign_in = sign_in_start (self, msg, name, pin,
                           signing_terminal (self, msg, terminal_id) ? terminal_id : NULL);
  if (sign_in == NULL)
    return;
  sign_in->terminal_id = g_strdup (terminal_id);

  /* yescrypt takes tens of milliseconds: on a worker, with the message paused. An
   * unknown name costs the same (plenum_pin_verify() with a NULL hash). */
  soup_server_message_pause (msg);
  task = g_task_new (self, NULL, on_pin_checked_cb, NULL);
  g_task_set_source_tag (task, handle_session_post);
  g_task_set_task_data (task, sign_in, sign_in_free);
  g_task_run_in_thread (task, check_pin_thread);
}

/* DELETE /api/v1/session */

static void
handle_session_delete (PlenumServer      *self,
                       SoupServerMessage *msg)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  guint8 token_hash[32];

  account = authenticate (self, msg, token_hash);
  if (account == NULL)
    return;
  if (!plenum_server_db_delete_token (self->db, token_hash, &error))
    {
      respond_internal (msg, error);
      return;
    }
  plenum_event_hub_revoke_token (self->hub, token_hash);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  g_debug ("%s signed out", account->name);
}

/* PUT /api/v1/session/pin, PUT /api/v1/accounts/{name}/pin,
 * POST /api/v1/accounts/{name}/unlock */

/* Checks the current PIN and, when it matches, hashes the new one: both on the worker. */
static void
change_pin_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SignIn *sign_in = task_data;
  GError *error = NULL;

  if (!plenum_pin_verify (sign_in->pin, sign_in->pin_hash))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  sign_in->new_pin_hash = plenum_pin_hash (sign_in->new_pin, &error);
  if (sign_in->new_pin_hash == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_pin_changed_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PlenumServer *self = PLENUM_SERVER (source_object);
  SignIn *sign_in = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean match = g_task_propagate_boolean (G_TASK (result), &error);

  if (error != NULL)
    respond_internal (sign_in->msg, error);
  else if (!match || sign_in->account == NULL)
    respond_pin_failed (self, sign_in);
  else if (!plenum_server_db_set_pin (self->db, sign_in->name, sign_in->new_pin_hash,
                                      &error) ||
           !clear_pin_failures (self, sign_in, &error))
    respond_internal (sign_in->msg, error);
  else
    {
      soup_server_message_set_status (sign_in->msg, SOUP_STATUS_NO_CONTENT, NULL);
      g_debug ("%s changed their PIN", sign_in->name);
    }
  soup_server_message_unpause (sign_in->msg);
}

/* The signed-in account's own PIN. Its other sessions stay valid: whoever holds them
 * signed in with the old PIN as the account's holder. */
static void
handle_session_pin_put (PlenumServer      *self,
                        SoupServerMessage *msg)
{
  static const char * const keys[] = { "current_pin", "new_pin", NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  const char *current_pin = NULL;
  const char *new_pin = NULL;
  gboolean enrolled = FALSE;
  SignIn *sign_in;

  account = authenticate (self, msg, NULL);
  if (account == NULL)
    return;
  root = read_json_body (msg);
  if (root == NULL)
    return;
  if (!plenum_json_check_object (root, "", keys, &error) ||
      !plenum_json_get_string (root, "", "current_pin", PLENUM_JSON_REQUIRED, &current_pin,
                               &error) ||
      !plenum_json_get_string (root, "", "new_pin", PLENUM_JSON_REQUIRED, &new_pin, &error))
    {
      respond_bad_request (msg, error);
      return;
    }
  /* Shapes are refused before anything is checked, so they never count as failures. */
  if (!plenum_is_pin (current_pin) || !plenum_is_pin (new_pin))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "current_pin, new_pin: 4 to 12 digits.");
      return;
    }
  if (g_str_equal (current_pin, new_pin))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "new_pin: the same as the current PIN.");
      return;
    }

  /* Counted at the session's terminal when that one is enrolled, like a sign-in there. */
  if (!plenum_server_db_terminal_enrolled (self->db, account->terminal_id, &enrolled, &error))
    {
      respond_internal (msg, error);
      return;
    }
  sign_in = sign_in_start (self, msg, account->name, current_pin,
                           enrolled ? account->terminal_id : NULL);
  if (sign_in == NULL)
    return;
  sign_in->new_pin = g_strdup (new_pin);

  soup_server_message_pause (msg);
  task = g_task_new (self, NULL, on_pin_changed_cb, NULL);
  g_task_set_source_tag (task, handle_session_pin_put);
  g_task_set_task_data (task, sign_in, sign_in_free);
  g_task_run_in_thread (task, change_pin_thread);
}

typedef struct {
  SoupServerMessage *msg;
  char              *name;
  char              *pin;       /* the PIN to set (a secret) */
  char              *pin_hash;  /* …made on the worker */
} PinSet;

static void
pin_set_free (gpointer data)
{
  PinSet *pin_set = data;

  g_clear_object (&pin_set->msg);
  g_free (pin_set->name);
  plenum_secret_free (pin_set->pin);
  g_free (pin_set->pin_hash);
  g_free (pin_set);
}

static void
hash_pin_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  PinSet *pin_set = task_data;
  GError *error = NULL;

  pin_set->pin_hash = plenum_pin_hash (pin_set->pin, &error);
  if (pin_set->pin_hash == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_pin_hashed_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PlenumServer *self = PLENUM_SERVER (source_object);
  PinSet *pin_set = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      !plenum_server_db_set_pin (self->db, pin_set->name, pin_set->pin_hash, &error))
    {
      /* The account was deleted meanwhile. */
      if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
        respond_error (pin_set->msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such account.");
      else
        respond_internal (pin_set->msg, error);
    }
  else
    {
      soup_server_message_set_status (pin_set->msg, SOUP_STATUS_NO_CONTENT, NULL);
      g_debug ("%s was given a new PIN", pin_set->name);
    }
  soup_server_message_unpause (pin_set->msg);
}

/* The account called @name for the secretariat's PIN endpoints: NULL having answered
 * (401, 403 for anyone but the secretariat, 404 for an unknown name). */
static PlenumServerAccount *
pin_target (PlenumServer      *self,
            SoupServerMessage *msg,
            const char        *name,
            const char        *what)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  PlenumServerAccount *target;

  account = authenticate (self, msg, NULL);
  if (account == NULL || !require_secretary (msg, account, what))
    return NULL;
  if (!plenum_is_sign_in_name (name))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such account.");
      return NULL;
    }
  target = plenum_server_db_find_account (self->db, name, NULL, &error);
  if (target == NULL)
    {
      if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
        respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such account.");
      else
        respond_internal (msg, error);
    }
  return target;
}

/* Issues or resets a PIN, and lifts the name's lock. "operation_id" is accepted like
 * every outbox write's but not recorded: setting the same PIN again changes nothing that
 * matters, and a record would have to keep a hash of the request, that is of the PIN. */
static void
handle_account_pin_put (PlenumServer      *self,
                        SoupServerMessage *msg,
                        const char        *name)
{
  static const char * const keys[] = { "operation_id", "pin", NULL };
  g_autoptr(PlenumServerAccount) target = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  const char *operation_id = NULL;
  const char *pin = NULL;
  PinSet *pin_set;

  target = pin_target (self, msg, name, "sets members' PINs");
  if (target == NULL)
    return;
  root = read_json_body (msg);
  if (root == NULL)
    return;
  if (!plenum_json_check_object (root, "", keys, &error) ||
      !plenum_json_get_uuid (root, "", "operation_id", PLENUM_JSON_OPTIONAL, &operation_id,
                             &error) ||
      !plenum_json_get_string (root, "", "pin", PLENUM_JSON_REQUIRED, &pin, &error))
    {
      respond_bad_request (msg, error);
      return;
    }
  if (!plenum_is_pin (pin))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "pin: 4 to 12 digits.");
      return;
    }

  pin_set = g_new0 (PinSet, 1);
  pin_set->msg = g_object_ref (msg);
  pin_set->name = g_strdup (target->name);
  pin_set->pin = g_strdup (pin);

  /* yescrypt takes tens of milliseconds: on a worker, with the message paused. */
  soup_server_message_pause (msg);
  task = g_task_new (self, NULL, on_pin_hashed_cb, NULL);
  g_task_set_source_tag (task, handle_account_pin_put);
  g_task_set_task_data (task, pin_set, pin_set_free);
  g_task_run_in_thread (task, hash_pin_thread);
}

static void
handle_account_unlock_post (PlenumServer      *self,
                            SoupServerMessage *msg,
                            const char        *name)
{
  static const char * const keys[] = { NULL };
  g_autoptr(PlenumServerAccount) target = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GError) error = NULL;

  target = pin_target (self, msg, name, "unlocks accounts");
  if (target == NULL)
    return;
  root = read_json_body (msg);
  if (root == NULL)
    return;
  if (!plenum_json_check_object (root, "", keys, &error))
    {
      respond_bad_request (msg, error);
      return;
    }
  /* No failures, no lock, for the name from anywhere and at every terminal. */
  if (!plenum_server_db_pin_failures_clear_name (self->db, target->name, &error))
    {
      respond_internal (msg, error);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  g_debug ("%s was unlocked", target->name);
}

/* GET /api/v1/bodies, /api/v1/meetings, /api/v1/meetings/{id} */

static void
handle_bodies (PlenumServer      *self,
               SoupServerMessage *msg)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;

  account = authenticate (self, msg, NULL);
  if (account == NULL)
    return;
  root = plenum_server_db_bodies_json (self->db, account, &error);
  if (root == NULL)
    {
      respond_internal (msg, error);
      return;
    }
  respond_json (msg, SOUP_STATUS_OK, root);
}

static void
handle_meetings (PlenumServer      *self,
                 SoupServerMessage *msg)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;

  account = authenticate_full (self, msg, NULL, TRUE);
  if (account == NULL)
    return;
  root = plenum_server_db_meetings_json (self->db, account, &error);
  if (root == NULL)
    {
      respond_internal (msg, error);
      return;
    }
  respond_json_with_etag (msg, root);
}

typedef cJSON *(*MeetingJsonFunc) (PlenumServerDb            *db,
                                   const char                *meeting_id,
                                   const PlenumServerAccount *account,
                                   GError                   **error);

/* What GET on a meeting and on its sub-resources share: authentication, the id's shape,
 * and 404 for a meeting the caller may not see. NULL when an answer was already given. */
static cJSON *
read_meeting_resource (PlenumServer      *self,
                       SoupServerMessage *msg,
                       const char        *meeting_id,
                       MeetingJsonFunc    read_json)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  cJSON *root;

  account = authenticate_full (self, msg, NULL, TRUE);
  if (account == NULL)
    return NULL;
  if (!plenum_is_uuid (meeting_id))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such meeting.");
      return NULL;
    }
  root = read_json (self->db, meeting_id, account, &error);
  if (root == NULL)
    {
      if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
        respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such meeting.");
      else
        respond_internal (msg, error);
    }
  return root;
}

static void
handle_meeting (PlenumServer      *self,
                SoupServerMessage *msg,
                const char        *meeting_id)
{
  g_autoptr(cJSON) root = read_meeting_resource (self, msg, meeting_id,
                                                 plenum_server_db_meeting_json);

  if (root != NULL)
    respond_json_with_etag (msg, root);
}

/* PUT /api/v1/meetings/{id}/packet */

static PlenumServerPacket *
packet_from_manifest (PlenumPacketManifest *manifest)
{
  PlenumServerPacket *packet = plenum_server_packet_new ();
  guint n_items = plenum_packet_manifest_get_n_items (manifest);

  packet->body_id = g_strdup (plenum_packet_manifest_get_body_id (manifest));
  packet->title = g_strdup (plenum_packet_manifest_get_title (manifest));
  packet->starts_at = g_date_time_to_unix (plenum_packet_manifest_get_starts_at (manifest));
  packet->location = g_strdup (plenum_packet_manifest_get_location (manifest));
  packet->chair_id = g_strdup (plenum_packet_manifest_get_chair_id (manifest));
  packet->vice_chair_id = g_strdup (plenum_packet_manifest_get_vice_chair_id (manifest));
  packet->base_packet_version = plenum_packet_manifest_get_base_packet_version (manifest);

  for (guint i = 0; i < n_items; i++)
    {
      const PlenumPacketManifestItem *manifest_item = plenum_packet_manifest_get_item (manifest,
                                                                                       i);
      PlenumServerPacketItem *item = plenum_server_packet_item_new ();

      item->number = g_strdup (manifest_item->number);
      item->title = g_strdup (manifest_item->title);
      item->closed_session = manifest_item->closed_session;
      for (guint j = 0; j < manifest_item->documents->len; j++)
        {
          const PlenumPacketManifestDocument *manifest_document =
            g_ptr_array_index (manifest_item->documents, j);
          PlenumServerPacketDocument *document = plenum_server_packet_document_new ();

          document->title = g_strdup (manifest_document->title);
          g_strlcpy (document->sha256, manifest_document->sha256, sizeof document->sha256);
          document->confidential = manifest_document->confidential;
          document->password = g_strdup (manifest_document->password);
          g_ptr_array_add (item->documents, document);
        }
      g_ptr_array_add (packet->items, item);
    }
  return packet;
}

/* A publish waiting for its password-protected blobs to be opened. */
typedef struct {
  SoupServerMessage   *msg;
  char                *meeting_id;
  PlenumServerAccount *account;
  PlenumServerPacket  *packet;
  char                *operation_id;
  char                *request_hash;
} PublishPacket;

static void
publish_packet_free (gpointer data)
{
  PublishPacket *publish = data;

  g_clear_object (&publish->msg);
  g_free (publish->meeting_id);
  g_clear_pointer (&publish->account, plenum_server_account_free);
  g_clear_pointer (&publish->packet, plenum_server_packet_free);
  g_free (publish->operation_id);
  g_free (publish->request_hash);
  g_free (publish);
}

static gboolean
packet_has_password (const PlenumServerPacket *packet)
{
  for (guint i = 0; i < packet->items->len; i++)
    {
      const PlenumServerPacketItem *item = g_ptr_array_index (packet->items, i);

      for (guint j = 0; j < item->documents->len; j++)
        {
          const PlenumServerPacketDocument *document = g_ptr_array_index (item->documents, j);

          if (document->password != NULL)
            return TRUE;
        }
    }
  return FALSE;
}

/* Opens each blob given a password with it, so that the database can check the packet:
 * a wrong password leaves the document's pages at -1. The packet is this thread's until
 * the task returns. */
static void
open_protected_blobs_thread (GTask        *task,
                             gpointer      source_object,
                             gpointer      task_data,
                             GCancellable *cancellable)
{
  PlenumServer *self = source_object;
  PublishPacket *publish = task_data;

  for (guint i = 0; i < publish->packet->items->len; i++)
    {
      PlenumServerPacketItem *item = g_ptr_array_index (publish->packet->items, i);

      for (guint j = 0; j < item->documents->len; j++)
        {
          PlenumServerPacketDocument *document = g_ptr_array_index (item->documents, j);
          g_autofree char *path = NULL;

          if (document->password == NULL)
            continue;
          path = plenum_blob_store_path (self->blobs, document->sha256);
          document->pages = plenum_blob_count_pages_with_password (path, document->password);
        }
    }
  g_task_return_boolean (task, TRUE);
}

/* The database half of PUT /api/v1/meetings/{id}/packet: publishes and answers. */
static void
publish_packet (PlenumServer      *self,
                PublishPacket     *publish)
{
  SoupServerMessage *msg = publish->msg;
  g_autoptr(GError) error = NULL;
  PlenumServerPublishResult result = { 0 };

  if (!plenum_server_db_publish_packet (self->db, publish->meeting_id, publish->packet,
                                        publish->operation_id, publish->request_hash,
                                        publish->account,
                                        g_get_real_time () / G_USEC_PER_SEC,
                                        self->settings.event_retention, &result, &error))
    {
      if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_MISSING_BLOB))
        respond_error (msg, SOUP_STATUS_CONFLICT, "missing_blob",
                       "The packet names the blob %s, which the server does not have; upload "
                       "it first.", error->message);
      else if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_INVALID))
        respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "%s", error->message);
      else if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_CONFLICT))
        respond_error (msg, SOUP_STATUS_CONFLICT, "conflict", "%s", error->message);
      else
        respond_internal (msg, error);
      return;
    }

  if (result.event != NULL)
    plenum_event_hub_publish (self->hub, result.event);
  g_debug ("%s packet %" G_GINT64_FORMAT " of meeting %s",
           result.replayed ? "replayed" : "published", result.packet_version,
           publish->meeting_id);
  respond_json_text_with_etag (msg, g_steal_pointer (&result.result_json));
  plenum_server_publish_result_clear (&result);
}

static void
on_protected_blobs_opened_cb (GObject      *source_object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  PlenumServer *self = PLENUM_SERVER (source_object);
  PublishPacket *publish = g_task_get_task_data (G_TASK (result));

  g_task_propagate_boolean (G_TASK (result), NULL);
  publish_packet (self, publish);
  soup_server_message_unpause (publish->msg);
}

static void
handle_packet_put (PlenumServer      *self,
                   SoupServerMessage *msg,
                   const char        *meeting_id)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(PlenumPacketManifest) manifest = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *keyed = NULL;
  PublishPacket *publish;

  account = authenticate (self, msg, NULL);
  if (account == NULL)
    return;
  if (!require_secretary (msg, account, "publishes packets"))
    return;
  if (!plenum_is_uuid (meeting_id))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "The meeting id in the path is not a lowercase UUID.");
      return;
    }

  root = read_json_body (msg);
  if (root == NULL)
    return;
  manifest = plenum_packet_manifest_new_from_json (root, "", &error);
  if (manifest == NULL)
    {
      respond_bad_request (msg, error);
      return;
    }

  publish = g_new0 (PublishPacket, 1);
  publish->msg = g_object_ref (msg);
  publish->meeting_id = g_strdup (meeting_id);
  publish->account = g_steal_pointer (&account);
  publish->packet = packet_from_manifest (manifest);
  publish->operation_id = g_strdup (plenum_packet_manifest_get_operation_id (manifest));

  /* The same operation sent again is recognised by its content, whatever the spacing. */
  canonical = plenum_json_print (root);
  keyed = g_strconcat (meeting_id, "\n", canonical, NULL);
  publish->request_hash = plenum_sha256_hex (keyed, strlen (keyed));

  if (!packet_has_password (publish->packet))
    {
      publish_packet (self, publish);
      publish_packet_free (publish);
      return;
    }

  /* Opening a PDF can take a while (a big file, a costly key derivation): not on the
   * loop that serves everyone else. */
  soup_server_message_pause (msg);
  task = g_task_new (self, NULL, on_protected_blobs_opened_cb, NULL);
  g_task_set_source_tag (task, handle_packet_put);
  g_task_set_task_data (task, publish, publish_packet_free);
  g_task_run_in_thread (task, open_protected_blobs_thread);
}

/* GET/HEAD /api/v1/blobs/{sha256} */

typedef enum {
  RANGE_NONE,          /* no usable Range: the whole blob */
  RANGE_PARTIAL,
  RANGE_UNSATISFIABLE,
} RangeKind;

/* Digits only, saturating at G_MAXUINT64 (a huge position is simply past the end). */
static gboolean
parse_position (const char *text,
                gsize       length,
                guint64    *out)
{
  guint64 value = 0;

  if (length == 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      if (value > (G_MAXUINT64 - 9) / 10)
        value = G_MAXUINT64;
      else
        value = value * 10 + (guint64) (text[i] - '0');
    }
  *out = value;
  return TRUE;
}

/* RFC 9110 byte ranges, one range only: bytes=A-B, bytes=A-, bytes=-N. Several ranges and
 * malformed headers are answered with the whole blob. */
static RangeKind
parse_range (const char *header,
             guint64     size,
             guint64    *start,
             guint64    *end)
{
  const char *spec;
  const char *dash;
  guint64 first = 0;
  guint64 last = 0;

  if (header == NULL)
    return RANGE_NONE;
  while (*header == ' ' || *header == '\t')
    header++;
  if (g_ascii_strncasecmp (header, "bytes=", 6) != 0)
    return RANGE_NONE;
  spec = header + 6;
  if (strchr (spec, ',') != NULL)
    return RANGE_NONE;

  dash = strchr (spec, '-');
  if (dash == NULL)
    return RANGE_NONE;

  if (dash == spec)
    {
      /* bytes=-N: the last N bytes; N = 0 selects nothing. */
      guint64 suffix;
      gsize length = strlen (dash + 1);

      while (length > 0 && (dash[length] == ' ' || dash[length] == '\t'))
        length--;
      if (!parse_position (dash + 1, length, &suffix))
        return RANGE_NONE;
      if (suffix == 0 || size == 0)
        return RANGE_UNSATISFIABLE;
      *start = suffix >= size ? 0 : size - suffix;
      *end = size - 1;
      return RANGE_PARTIAL;
    }

  if (!parse_position (spec, (gsize) (dash - spec), &first))
    return RANGE_NONE;
  {
    gsize length = strlen (dash + 1);

    while (length > 0 && (dash[length] == ' ' || dash[length] == '\t'))
      length--;
    if (length == 0)
      last = G_MAXUINT64;
    else if (!parse_position (dash + 1, length, &last))
      return RANGE_NONE;
  }
  if (last < first)
    return RANGE_NONE; /* invalid, so ignored (RFC 9110 §14.2) */
  if (first >= size)
    return RANGE_UNSATISFIABLE;
  *start = first;
  *end = MIN (last, size - 1);
  return RANGE_PARTIAL;
}

static void
handle_blob_get (PlenumServer      *self,
                 SoupServerMessage *msg,
                 const char        *sha256)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *etag = NULL;
  guint64 size = 0;
  guint64 start = 0;
  guint64 end = 0;
  gboolean head = method_is (msg, SOUP_METHOD_HEAD);

  account = authenticate_full (self, msg, NULL, TRUE);
  if (account == NULL)
    return;
  if (!plenum_is_sha256_hex (sha256) ||
      !plenum_server_db_get_blob (self->db, sha256, &size, NULL, &error) ||
      !plenum_server_db_blob_visible (self->db, sha256, account, &error))
    {
      if (error == NULL || g_error_matches (error, PLENUM_SERVER_DB_ERROR,
                                            PLENUM_SERVER_DB_ERROR_NOT_FOUND))
        respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such blob.");
      else
        respond_internal (msg, error);
      return;
    }

  etag = g_strdup_printf ("\"%s\"", sha256);
  soup_message_headers_replace (response, "ETag", etag);
  soup_message_headers_replace (response, "Accept-Ranges", "bytes");
  soup_message_headers_replace (response, "Cache-Control", "private, max-age=31536000, immutable");
  if (etag_listed (soup_message_headers_get_one (request, "If-None-Match"), etag))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }

  if (!head)
    {
      /* Mapped, not read: the kernel pages it in as the socket takes it. */
      bytes = plenum_blob_store_map (self->blobs, sha256, &error);
      if (bytes == NULL)
        {
          respond_internal (msg, error);
          return;
        }
      size = g_bytes_get_size (bytes);
    }

  switch (parse_range (soup_message_headers_get_one (request, "Range"), size, &start, &end))
    {
    case RANGE_UNSATISFIABLE:
      {
        g_autofree char *content_range = g_strdup_printf ("bytes */%" G_GUINT64_FORMAT, size);

        respond_error (msg, SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE,
                       "range_not_satisfiable",
                       "The range is outside the blob (%" G_GUINT64_FORMAT " bytes).", size);
        soup_message_headers_replace (response, "Content-Range", content_range);
        return;
      }

    case RANGE_PARTIAL:
      soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
      soup_message_headers_set_content_range (response, (goffset) start, (goffset) end,
                                              (goffset) size);
      break;

    case RANGE_NONE:
    default:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      start = 0;
      end = size - 1; /* wraps for an empty blob; the length below is then 0 */
      break;
    }

  soup_message_headers_set_content_type (response, "application/pdf", NULL);
  soup_message_headers_set_content_length (response, (goffset) (size == 0 ? 0 : end - start + 1));
  /* No accumulation: written chunks are dropped, and libsoup's own Range handling (which
   * would answer several ranges with multipart) stays out of the way. */
  soup_message_body_set_accumulate (body, FALSE);
  if (!head && size > 0)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, start, end - start + 1);

      soup_message_body_append_bytes (body, part);
    }
  soup_message_body_complete (body);
}

/* PUT /api/v1/blobs/{sha256} */

typedef struct {
  PlenumBlobUpload *upload;   /* NULL once failed, or when the blob was there already */
  PlenumSha256     *check;    /* the blob was there already: only the hash is checked */
  guint64           checked;  /* bytes hashed into check */
  guint64           max_size;
  char              sha256[65];
  gboolean          existed;
  GError           *error;    /* why the upload failed */
} Upload;

static void
upload_free (gpointer data)
{
  Upload *upload = data;

  g_clear_pointer (&upload->upload, plenum_blob_upload_free);
  g_clear_pointer (&upload->check, plenum_sha256_free);
  g_clear_error (&upload->error);
  g_free (upload);
}

static void
on_upload_chunk_cb (SoupServerMessage *msg,
                    GBytes            *chunk,
                    gpointer           user_data)
{
  Upload *upload = user_data;
  gsize length = 0;
  const void *data = g_bytes_get_data (chunk, &length);

  if (upload->check != NULL && upload->error == NULL)
    {
      upload->checked += length;
      if (upload->checked > upload->max_size)
        g_set_error (&upload->error, PLENUM_BLOB_ERROR, PLENUM_BLOB_ERROR_TOO_LARGE,
                     "The blob is too large");
      else
        plenum_sha256_update (upload->check, data, length);
    }
  if (upload->upload == NULL)
    return;
  if (!plenum_blob_upload_write (upload->upload, data, length, &upload->error))
    g_clear_pointer (&upload->upload, plenum_blob_upload_free);
}

typedef struct {
  SoupServerMessage *msg;
  PlenumBlobUpload  *upload;
  char               sha256[65];
  char              *path;
  guint64            size;
  int                pages;
} StoreBlob;

static void
store_blob_free (gpointer data)
{
  StoreBlob *store = data;

  g_clear_object (&store->msg);
  g_clear_pointer (&store->upload, plenum_blob_upload_free);
  g_free (store->path);
  g_free (store);
}

static void
store_blob_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  StoreBlob *store = task_data;
  GError *error = NULL;

  if (!plenum_blob_upload_finish (store->upload, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  store->pages = plenum_blob_count_pages (store->path);
  g_task_return_boolean (task, TRUE);
}

static void
respond_hash_mismatch (SoupServerMessage *msg)
{
  respond_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "hash_mismatch",
                 "The bytes do not hash to the blob's name; nothing was stored.");
}

static void
on_blob_stored_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PlenumServer *self = PLENUM_SERVER (source_object);
  StoreBlob *store = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, PLENUM_BLOB_ERROR, PLENUM_BLOB_ERROR_HASH_MISMATCH))
        respond_hash_mismatch (store->msg);
      else
        respond_internal (store->msg, error);
    }
  else if (!plenum_server_db_add_blob (self->db, store->sha256, store->size, store->pages,
                                       &error))
    respond_internal (store->msg, error);
  else
    {
      soup_server_message_set_status (store->msg, SOUP_STATUS_CREATED, NULL);
      g_debug ("stored blob %s (%" G_GUINT64_FORMAT " bytes, %d pages)", store->sha256,
               store->size, store->pages);
    }
  soup_server_message_unpause (store->msg);
}

static void
respond_too_large (SoupServerMessage *msg,
                   guint64            limit)
{
  respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                 "The request body is larger than %" G_GUINT64_FORMAT " bytes.", limit);
}

static void
handle_blob_put (PlenumServer      *self,
                 SoupServerMessage *msg,
                 const char        *sha256)
{
  Upload *upload = g_object_get_data (G_OBJECT (msg), UPLOAD_KEY);
  g_autoptr(GTask) task = NULL;
  StoreBlob *store;

  /* The early handler answered every refusal; here the body is in. */
  if (upload == NULL)
    {
      respond_internal (msg, NULL);
      return;
    }
  if (upload->existed && upload->error != NULL)
    {
      respond_too_large (msg, self->settings.max_blob_size);
      return;
    }
  if (upload->existed)
    {
      g_autofree char *hash = plenum_sha256_finish (upload->check);

      g_clear_pointer (&upload->check, plenum_sha256_free);
      if (g_str_equal (hash, sha256))
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      else
        respond_hash_mismatch (msg);
      return;
    }
  if (upload->upload == NULL)
    {
      if (g_error_matches (upload->error, PLENUM_BLOB_ERROR, PLENUM_BLOB_ERROR_TOO_LARGE))
        respond_too_large (msg, self->settings.max_blob_size);
      else
        respond_internal (msg, upload->error);
      return;
    }

  store = g_new0 (StoreBlob, 1);
  store->msg = g_object_ref (msg);
  store->upload = g_steal_pointer (&upload->upload);
  store->size = plenum_blob_upload_get_size (store->upload);
  store->path = plenum_blob_store_path (self->blobs, sha256);
  g_strlcpy (store->sha256, sha256, sizeof store->sha256);

  soup_server_message_pause (msg);
  task = g_task_new (self, NULL, on_blob_stored_cb, NULL);
  g_task_set_source_tag (task, handle_blob_put);
  g_task_set_task_data (task, store, store_blob_free);
  g_task_run_in_thread (task, store_blob_thread);
}

/* Called with the headers of a PUT /api/v1/blobs/{sha256}, before its body. */
static void
begin_blob_upload (PlenumServer      *self,
                   SoupServerMessage *msg,
                   const char        *sha256)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  Upload *upload;

  /* Whatever happens, the body is never kept in memory. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);

  account = authenticate (self, msg, NULL);
  if (account == NULL)
    return;
  if (!require_secretary (msg, account, "uploads blobs"))
    return;
  if (!plenum_is_sha256_hex (sha256))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "A blob's name is its SHA-256 in 64 lowercase hexadecimal digits.");
      return;
    }
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > self->settings.max_blob_size)
    {
      respond_too_large (msg, self->settings.max_blob_size);
      return;
    }

  upload = g_new0 (Upload, 1);
  upload->max_size = self->settings.max_blob_size;
  g_strlcpy (upload->sha256, sha256, sizeof upload->sha256);
  g_object_set_data_full (G_OBJECT (msg), UPLOAD_KEY, upload, upload_free);

  if (plenum_blob_store_has (self->blobs, sha256) &&
      plenum_server_db_get_blob (self->db, sha256, NULL, NULL, NULL))
    {
      /* Nothing to store, but bytes that do not fit the name are still refused. */
      upload->existed = TRUE;
      upload->check = plenum_sha256_new ();
      g_signal_connect (msg, "got-chunk", G_CALLBACK (on_upload_chunk_cb), upload);
      return;
    }

  upload->upload = plenum_blob_store_begin (self->blobs, sha256, self->settings.max_blob_size,
                                            &error);
  if (upload->upload == NULL)
    {
      respond_internal (msg, error);
      return;
    }
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_upload_chunk_cb), upload);
}

/* A chunked JSON body that outgrows the limit is dropped as it comes. */
static void
on_json_chunk_cb (SoupServerMessage *msg,
                  GBytes            *chunk,
                  gpointer           user_data)
{
  PlenumServer *self = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if (g_object_get_data (G_OBJECT (msg), TOO_LARGE_KEY) != NULL)
    return;
  if ((gsize) body->length > self->settings.max_json_size)
    {
      g_object_set_data (G_OBJECT (msg), TOO_LARGE_KEY, GINT_TO_POINTER (TRUE));
      soup_message_body_set_accumulate (body, FALSE);
      soup_message_body_truncate (body);
    }
}

static gboolean
is_blob_upload (SoupServerMessage *msg,
                const char        *path,
                const char       **sha256)
{
  static const char prefix[] = "/api/v1/blobs/";

  if (!method_is (msg, SOUP_METHOD_PUT) || !g_str_has_prefix (path, prefix))
    return FALSE;
  *sha256 = path + strlen (prefix);
  return strchr (*sha256, '/') == NULL;
}

static void
on_request_headers_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           user_data)
{
  PlenumServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *sha256 = NULL;

  if (is_blob_upload (msg, path, &sha256))
    {
      begin_blob_upload (self, msg, sha256);
      return;
    }

  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_CONTENT_LENGTH:
      if ((guint64) soup_message_headers_get_content_length (headers) > self->settings.max_json_size)
        {
          soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
          respond_too_large (msg, self->settings.max_json_size);
        }
      break;
    case SOUP_ENCODING_CHUNKED:
    case SOUP_ENCODING_EOF:
      g_signal_connect (msg, "got-chunk", G_CALLBACK (on_json_chunk_cb), self);
      break;
    case SOUP_ENCODING_UNRECOGNIZED:
    case SOUP_ENCODING_NONE:
    case SOUP_ENCODING_BYTERANGES:
    default:
      break;
    }
}

/* GET /api/v1/events */

/* A sequence number: digits only (leading and trailing blanks allowed). */
static gboolean
parse_seq (const char *text,
           gint64     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  guint64 value = 0;

  if (copy[0] == '\0' || strlen (copy) > 18)
    return FALSE;
  for (const char *p = copy; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

static void
handle_events (PlenumServer      *self,
               SoupServerMessage *msg,
               GHashTable        *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *last_event_id = soup_message_headers_get_one (headers, "Last-Event-ID");
  const char *after_text = query != NULL ? g_hash_table_lookup (query, "after") : NULL;
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) replay = NULL;
  g_autoptr(GPtrArray) body_ids = NULL;
  g_autoptr(PlenumServerEvent) reset = NULL;
  gboolean has_after = FALSE;
  gint64 after = 0;
  gint64 latest = 0;
  gint64 first = 1;
  guint8 token_hash[32];

  account = authenticate_full (self, msg, token_hash, TRUE);
  if (account == NULL)
    return;

  /* Last-Event-ID (what EventSource sends) wins over ?after=. */
  if (last_event_id != NULL || after_text != NULL)
    {
      has_after = TRUE;
      if (!parse_seq (last_event_id != NULL ? last_event_id : after_text, &after))
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "%s: not a sequence number.",
                         last_event_id != NULL ? "Last-Event-ID" : "after");
          return;
        }
    }

  if (!plenum_server_db_event_bounds (self->db, &latest, &first, &error))
    {
      respond_internal (msg, error);
      return;
    }

  if (account->role != PLENUM_ROLE_SECRETARY)
    {
      body_ids = plenum_server_db_account_bodies (self->db, account->id, &error);
      if (body_ids == NULL)
        {
          respond_internal (msg, error);
          return;
        }
    }

  /* Replay what follows N if all of it is still retained (N ≥ first - 1); otherwise, or
   * when N is beyond anything this server has given (its database was replaced), tell
   * the client to start over from the latest. Without N the stream starts live. */
  if (has_after && (after < first - 1 || after > latest))
    {
      reset = g_new0 (PlenumServerEvent, 1);
      reset->seq = latest;
      reset->type = g_strdup ("reset");
      reset->time = g_get_real_time () / G_USEC_PER_SEC;
      reset->data = g_strdup ("{}");
    }
  else if (has_after && after < latest)
    {
      replay = plenum_server_db_events_after (self->db, after, account,
                                              self->settings.event_retention, &error);
      if (replay == NULL)
        {
          respond_internal (msg, error);
          return;
        }
    }

  plenum_event_hub_subscribe (self->hub, msg, account->role == PLENUM_ROLE_SECRETARY,
                              body_ids, token_hash, account->expires_at_us, reset, replay,
                              latest);
}

/* Rooms and terminals: docs/protocol.md, "Rooms and terminals" */

/* The stored form of an enrolment code: spaces and '-' dropped, then ten digits. FALSE
 * when what is left is not ten digits. */
static gboolean
enrolment_code_hash (const char *code,
                     guint8      hash[32])
{
  char digits[PLENUM_ENROLMENT_CODE_DIGITS + 1];
  gsize n = 0;

  for (const char *p = code; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '-')
        continue;
      if (!g_ascii_isdigit (*p) || n == PLENUM_ENROLMENT_CODE_DIGITS)
        return FALSE;
      digits[n++] = *p;
    }
  if (n != PLENUM_ENROLMENT_CODE_DIGITS)
    return FALSE;
  digits[n] = '\0';
  plenum_server_sha256 (digits, n, hash);
  explicit_bzero (digits, sizeof digits);
  return TRUE;
}

gboolean
plenum_server_create_enrolment (PlenumServerDb  *db,
                                const char      *room,
                                const char      *name,
                                guint            lifetime_seconds,
                                char           **code,
                                gint64          *expires_at,
                                char           **room_id,
                                GError         **error)
{
  g_autofree char *id = NULL;
  char digits[PLENUM_ENROLMENT_CODE_DIGITS + 1];
  guint8 random[PLENUM_ENROLMENT_CODE_DIGITS];
  guint8 hash[32];
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 until = now + lifetime_seconds;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (db), FALSE);

  id = plenum_server_db_find_room (db, room, error);
  if (id == NULL)
    return FALSE;
  if (!plenum_random_bytes (random, sizeof random, error))
    return FALSE;
  /* 250 is a multiple of 10: bytes at or above it are drawn again, so digits are even. */
  for (gsize i = 0; i < sizeof random; i++)
    {
      while (random[i] >= 250)
        if (!plenum_random_bytes (&random[i], 1, error))
          return FALSE;
      digits[i] = (char) ('0' + random[i] % 10);
    }
  digits[PLENUM_ENROLMENT_CODE_DIGITS] = '\0';
  plenum_server_sha256 (digits, PLENUM_ENROLMENT_CODE_DIGITS, hash);
  if (!plenum_server_db_add_enrolment (db, hash, id, name, now, until, error))
    return FALSE;
  *code = g_strdup_printf ("%.5s-%s", digits, digits + 5);
  *expires_at = until;
  if (room_id != NULL)
    *room_id = g_steal_pointer (&id);
  explicit_bzero (digits, sizeof digits);
  return TRUE;
}

/* POST /api/v1/terminals/enrolments */
static void
handle_enrolment_post (PlenumServer      *self,
                       SoupServerMessage *msg)
{
  static const char * const keys[] = { "room", "name", NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *code = NULL;
  g_autofree char *room_id = NULL;
  const char *room = NULL;
  const char *name = NULL;
  gint64 expires_at = 0;
  cJSON *room_json;

  account = authenticate (self, msg, NULL);
  if (account == NULL)
    return;
  if (!require_secretary (msg, account, "enrols terminals"))
    return;
  root = read_json_body (msg);
  if (root == NULL)
    return;
  if (!plenum_json_check_object (root, "", keys, &error) ||
      !plenum_json_get_text (root, "", "room", PLENUM_JSON_REQUIRED,
                             PLENUM_DISPLAY_NAME_MAX_CHARS, FALSE, &room, &error) ||
      !plenum_json_get_text (root, "", "name", PLENUM_JSON_REQUIRED,
                             PLENUM_DISPLAY_NAME_MAX_CHARS, FALSE, &name, &error))
    {
      respond_bad_request (msg, error);
      return;
    }
  if (!plenum_server_create_enrolment (self->db, room, name,
                                       self->settings.enrolment_lifetime_seconds, &code,
                                       &expires_at, &room_id, &error))
    {
      if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
        respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such room.");
      else
        respond_internal (msg, error);
      return;
    }

  answer = cJSON_CreateObject ();
  expires = g_date_time_new_from_unix_utc (expires_at);
  plenum_json_add_string (answer, "code", code);
  room_json = cJSON_AddObjectToObject (answer, "room");
  plenum_json_add_string (room_json, "id", room_id);
  plenum_json_add_string (room_json, "name", room);
  plenum_json_add_string (answer, "name", name);
  plenum_json_add_time (answer, "expires_at", expires);
  respond_json (msg, SOUP_STATUS_CREATED, answer);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  explicit_bzero (code, strlen (code));
}

/* The one counter of enrolment redemptions, in the sign-in table under a key no sign-in
 * name can take (names start with a letter or digit). */
#define ENROLMENT_ATTEMPTS_KEY "#enrolment"

/* POST /api/v1/terminals */
static void
handle_terminal_post (PlenumServer      *self,
                      SoupServerMessage *msg)
{
  static const char * const keys[] = { "code", "terminal_id", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(cJSON) answer = NULL;
  const char *code = NULL;
  const char *terminal_id = NULL;
  char credential[2 * PLENUM_TOKEN_BYTES + 1];
  guint8 credential_hash[32];
  guint8 replaced_hash[32];
  guint8 code_hash[32];
  gboolean replaced = FALSE;
  gint64 now_us = g_get_real_time ();
  gint64 locked_until_us = 0;

  root = read_json_body (msg);
  if (root == NULL)
    return;
  if (!plenum_json_check_object (root, "", keys, &error) ||
      !plenum_json_get_string (root, "", "code", PLENUM_JSON_REQUIRED, &code, &error) ||
      !plenum_json_get_uuid (root, "", "terminal_id", PLENUM_JSON_REQUIRED, &terminal_id,
                             &error))
    {
      respond_bad_request (msg, error);
      return;
    }
  if (!enrolment_code_hash (code, code_hash))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "code: ten digits (spaces and '-' between them are ignored).");
      return;
    }

  if (!plenum_server_db_sign_in_check (self->db, ENROLMENT_ATTEMPTS_KEY, now_us,
                                       &locked_until_us, NULL, &error))
    {
      respond_internal (msg, error);
      return;
    }
  if (locked_until_us != 0)
    {
      respond_locked (msg, locked_until_us, now_us);
      return;
    }

  if (!plenum_token_new (credential, credential_hash, &error))
    {
      respond_internal (msg, error);
      return;
    }
  answer = plenum_server_db_redeem_enrolment (self->db, code_hash, terminal_id,
                                              credential_hash, now_us / G_USEC_PER_SEC,
                                              &replaced, replaced_hash, &error);
  if (answer == NULL)
    {
      explicit_bzero (credential, sizeof credential);
      if (!g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
        {
          respond_internal (msg, error);
          return;
        }
      g_clear_error (&error);
      if (plenum_server_db_sign_in_failed (self->db, ENROLMENT_ATTEMPTS_KEY,
                                           self->settings.max_pin_failures,
                                           (gint64) self->settings.pin_lockout_seconds
                                             * G_USEC_PER_SEC,
                                           now_us, &locked_until_us, &error))
        respond_locked (msg, locked_until_us, now_us);
      else if (error != NULL)
        respond_internal (msg, error);
      else
        respond_error (msg, SOUP_STATUS_BAD_REQUEST, "enrolment_invalid",
                       "The enrolment code is unknown, used or expired.");
      return;
    }
  if (!plenum_server_db_sign_in_succeeded (self->db, ENROLMENT_ATTEMPTS_KEY, &error))
    g_warning ("Could not clear the enrolment attempts: %s", error->message);
  /* Enrolled afresh: the old credential's streams end with it. */
  if (replaced)
    plenum_event_hub_revoke_token (self->hub, replaced_hash);

  plenum_json_add_string (answer, "credential", credential);
  respond_json (msg, SOUP_STATUS_CREATED, answer);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  explicit_bzero (credential, sizeof credential);
  g_debug ("terminal %s enrolled", terminal_id);
}

/* GET /api/v1/terminals */
static void
handle_terminals_get (PlenumServer      *self,
                      SoupServerMessage *msg,
                      GHashTable        *query)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  const char *meeting_id = query != NULL ? g_hash_table_lookup (query, "meeting_id") : NULL;
  gboolean exists = FALSE;

  account = authenticate (self, msg, NULL);
  if (account == NULL)
    return;
  if (!require_secretary (msg, account, "lists terminals"))
    return;
  /* ?meeting_id=: the terminals of the rooms where that meeting's body sits. */
  if (meeting_id != NULL && !plenum_is_uuid (meeting_id))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "meeting_id: not a lowercase UUID.");
      return;
    }
  if (meeting_id != NULL &&
      !plenum_server_db_has_meeting (self->db, meeting_id, &exists, &error))
    {
      respond_internal (msg, error);
      return;
    }
  if (meeting_id != NULL && !exists)
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such meeting.");
      return;
    }
  root = plenum_server_db_terminals_json (self->db, meeting_id, &error);
  if (root == NULL)
    {
      respond_internal (msg, error);
      return;
    }
  respond_json (msg, SOUP_STATUS_OK, root);
}

/* DELETE /api/v1/terminals/{id} */
static void
handle_terminal_delete (PlenumServer      *self,
                        SoupServerMessage *msg,
                        const char        *terminal_id)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  guint8 credential_hash[32];

  account = authenticate (self, msg, NULL);
  if (account == NULL)
    return;
  if (!require_secretary (msg, account, "revokes terminals"))
    return;
  if (!plenum_is_uuid (terminal_id) ||
      !plenum_server_db_revoke_terminal (self->db, terminal_id,
                                         g_get_real_time () / G_USEC_PER_SEC,
                                         credential_hash, &error))
    {
      if (error == NULL ||
          g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
        respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such terminal.");
      else
        respond_internal (msg, error);
      return;
    }
  plenum_event_hub_revoke_token (self->hub, credential_hash);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  g_debug ("terminal %s revoked", terminal_id);
}

/* The readiness report: { reported_at, meetings: [ … ] }, checked field by field. */
static gboolean
check_status_report (cJSON   *root,
                     GError **error)
{
  static const char * const keys[] = { "reported_at", "meetings", NULL };
  static const char * const meeting_keys[] = { "meeting_id", "packet_version",
                                               "documents_total", "documents_done",
                                               "bytes_total", "bytes_done", NULL };
  g_autoptr(GDateTime) reported_at = NULL;
  const cJSON *meetings;
  const cJSON *meeting;
  guint i = 0;

  if (!plenum_json_check_object (root, "", keys, error) ||
      !plenum_json_get_time (root, "", "reported_at", PLENUM_JSON_REQUIRED, &reported_at,
                             error) ||
      !plenum_json_get_array (root, "", "meetings", PLENUM_JSON_REQUIRED, 1000, &meetings,
                              error))
    return FALSE;
  cJSON_ArrayForEach (meeting, meetings)
    {
      g_autofree char *path = g_strdup_printf ("meetings[%u]", i++);
      const char *meeting_id = NULL;
      gint64 version = 0, documents_total = 0, documents_done = 0;
      gint64 bytes_total = 0, bytes_done = 0;

      if (!cJSON_IsObject (meeting))
        {
          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE,
                       "%s: not an object", path);
          return FALSE;
        }
      if (!plenum_json_check_object (meeting, path, meeting_keys, error) ||
          !plenum_json_get_uuid (meeting, path, "meeting_id", PLENUM_JSON_REQUIRED,
                                 &meeting_id, error) ||
          !plenum_json_get_int64 (meeting, path, "packet_version", PLENUM_JSON_REQUIRED, 0,
                                  MAX_SAFE_INTEGER, &version, error) ||
          !plenum_json_get_int64 (meeting, path, "documents_total", PLENUM_JSON_REQUIRED, 0,
                                  MAX_SAFE_INTEGER, &documents_total, error) ||
          !plenum_json_get_int64 (meeting, path, "documents_done", PLENUM_JSON_REQUIRED, 0,
                                  documents_total, &documents_done, error) ||
          !plenum_json_get_int64 (meeting, path, "bytes_total", PLENUM_JSON_REQUIRED, 0,
                                  MAX_SAFE_INTEGER, &bytes_total, error) ||
          !plenum_json_get_int64 (meeting, path, "bytes_done", PLENUM_JSON_REQUIRED, 0,
                                  bytes_total, &bytes_done, error))
        return FALSE;
    }
  return TRUE;
}

/* PUT /api/v1/terminals/{id}/status */
static void
handle_terminal_status_put (PlenumServer      *self,
                            SoupServerMessage *msg,
                            const char        *terminal_id)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autofree char *text = NULL;

  account = authenticate_full (self, msg, NULL, TRUE);
  if (account == NULL)
    return;
  if (!plenum_is_uuid (terminal_id))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such terminal.");
      return;
    }
  if (account->role != PLENUM_ROLE_SECRETARY &&
      g_strcmp0 (account->terminal_id, terminal_id) != 0)
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                     "Only the terminal itself reports its status.");
      return;
    }
  root = read_json_body (msg);
  if (root == NULL)
    return;
  if (!check_status_report (root, &error))
    {
      respond_bad_request (msg, error);
      return;
    }
  text = plenum_json_print (root);
  if (!plenum_server_db_set_terminal_status (self->db, terminal_id, text,
                                             g_get_real_time () / G_USEC_PER_SEC, &error))
    {
      if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
        respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such terminal.");
      else
        respond_internal (msg, error);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* PUT /api/v1/meetings/{id}/status */
static void
handle_meeting_status_put (PlenumServer      *self,
                           SoupServerMessage *msg,
                           const char        *meeting_id)
{
  static const char * const keys[] = { "status", NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(PlenumServerEvent) event = NULL;
  const char *status = NULL;

  account = authenticate (self, msg, NULL);
  if (account == NULL)
    return;
  if (!require_secretary (msg, account, "sets a meeting's status"))
    return;
  if (!plenum_is_uuid (meeting_id))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such meeting.");
      return;
    }
  root = read_json_body (msg);
  if (root == NULL)
    return;
  if (!plenum_json_check_object (root, "", keys, &error) ||
      !plenum_json_get_string (root, "", "status", PLENUM_JSON_REQUIRED, &status, &error))
    {
      respond_bad_request (msg, error);
      return;
    }
  if (!plenum_server_db_set_meeting_status (self->db, meeting_id, status,
                                            g_get_real_time () / G_USEC_PER_SEC,
                                            self->settings.event_retention, &event, &error))
    {
      if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
        respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such meeting.");
      else if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_INVALID))
        respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "%s", error->message);
      else
        respond_internal (msg, error);
      return;
    }
  if (event != NULL)
    plenum_event_hub_publish (self->hub, event);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* Attendance: docs/protocol.md, "Attendance" */

/* The idempotency key of a request: method, path and the body re-serialised. */
static char *
request_hash (SoupServerMessage *msg,
              const cJSON       *body)
{
  g_autofree char *canonical = plenum_json_print (body);
  g_autofree char *keyed = g_strconcat (soup_server_message_get_method (msg), " ",
                                        g_uri_get_path (soup_server_message_get_uri (msg)),
                                        "\n", canonical, NULL);

  return plenum_sha256_hex (keyed, strlen (keyed));
}

/* POST /api/v1/meetings/{id}/attendance */
static void
handle_attendance_post (PlenumServer      *self,
                        SoupServerMessage *msg,
                        const char        *meeting_id)
{
  static const char * const keys[] = { "operation_id", "present", NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autofree char *hash = NULL;
  PlenumServerOperationResult result = { 0 };
  const char *operation_id = NULL;
  gboolean present = FALSE;

  account = authenticate (self, msg, NULL);
  if (account == NULL)
    return;
  if (!plenum_is_uuid (meeting_id))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such meeting.");
      return;
    }
  root = read_json_body (msg);
  if (root == NULL)
    return;
  if (!plenum_json_check_object (root, "", keys, &error) ||
      !plenum_json_get_uuid (root, "", "operation_id", PLENUM_JSON_REQUIRED, &operation_id,
                             &error) ||
      !plenum_json_get_bool (root, "", "present", PLENUM_JSON_REQUIRED, &present, &error))
    {
      respond_bad_request (msg, error);
      return;
    }
  hash = request_hash (msg, root);
  if (!plenum_server_db_check_in (self->db, meeting_id, account, present, operation_id, hash,
                                  g_get_real_time () / G_USEC_PER_SEC,
                                  self->settings.event_retention, &result, &error))
    {
      if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
        respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such meeting.");
      else if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_FORBIDDEN))
        respond_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", "%s", error->message);
      else if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_CLOSED))
        respond_error (msg, SOUP_STATUS_CONFLICT, "meeting_closed", "%s", error->message);
      else if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_CONFLICT))
        respond_error (msg, SOUP_STATUS_CONFLICT, "conflict", "%s", error->message);
      else
        respond_internal (msg, error);
      return;
    }
  if (result.event != NULL)
    plenum_event_hub_publish (self->hub, result.event);
  respond_text (msg, result.status, JSON_CONTENT_TYPE, g_steal_pointer (&result.response));
  plenum_server_operation_result_clear (&result);
}

/* GET /api/v1/meetings/{id}/attendance */
static void
handle_attendance_get (PlenumServer      *self,
                       SoupServerMessage *msg,
                       const char        *meeting_id)
{
  g_autoptr(cJSON) root = read_meeting_resource (self, msg, meeting_id,
                                                 plenum_server_db_attendance_json);

  if (root != NULL)
    respond_json (msg, SOUP_STATUS_OK, root);
}

/* Annotations: docs/protocol.md, "Annotations" */

/* Answers a refused annotation write: the status and code of @error; a conflict carries
 * the server's current annotation (@current, JSON text) beside the error. */
static void
respond_annotation_error (SoupServerMessage *msg,
                          const GError      *error,
                          const char        *current)
{
  if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
    respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "%s", error->message);
  else if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_FORBIDDEN))
    respond_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", "%s", error->message);
  else if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_INVALID))
    respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", "%s", error->message);
  else if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_CONFLICT))
    {
      g_autoptr(cJSON) root = cJSON_CreateObject ();
      cJSON *object = cJSON_AddObjectToObject (root, "error");

      plenum_json_add_string (object, "code", "conflict");
      plenum_json_add_string (object, "message", error->message);
      if (current != NULL)
        cJSON_AddItemToObject (root, "annotation", plenum_json_parse (current, -1, NULL));
      respond_json (msg, SOUP_STATUS_CONFLICT, root);
    }
  else
    respond_internal (msg, error);
}

/* PUT and DELETE /api/v1/annotations/{id} */
static void
handle_annotation_write (PlenumServer      *self,
                         SoupServerMessage *msg,
                         const char        *id,
                         gboolean           delete)
{
  static const char * const put_keys[] = { "operation_id", "base_revision", "annotation", NULL };
  static const char * const delete_keys[] = { "operation_id", "base_revision", NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(PlenumAnnotation) annotation = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *current = NULL;
  PlenumServerOperationResult result = { 0 };
  const char *operation_id = NULL;
  gint64 base_revision = 0;

  account = authenticate (self, msg, NULL);
  if (account == NULL)
    return;
  if (!plenum_is_uuid (id))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such annotation.");
      return;
    }
  if (account->is_terminal)
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                     "Terminals do not read or write annotations.");
      return;
    }
  root = read_json_body (msg);
  if (root == NULL)
    return;
  if (!plenum_json_check_object (root, "", delete ? delete_keys : put_keys, &error) ||
      !plenum_json_get_uuid (root, "", "operation_id", PLENUM_JSON_REQUIRED, &operation_id,
                             &error) ||
      !plenum_json_get_int64 (root, "", "base_revision", PLENUM_JSON_REQUIRED, 0,
                              PLENUM_JSON_MAX_SAFE_INTEGER, &base_revision, &error))
    {
      respond_bad_request (msg, error);
      return;
    }

  if (delete)
    {
      /* The tombstone is made from the stored annotation: only its id is needed here. */
      if (!plenum_server_db_load_annotation (self->db, id, account, &annotation, &error))
        {
          respond_annotation_error (msg, error, NULL);
          return;
        }
    }
  else
    {
      const cJSON *node = NULL;

      if (!plenum_json_get_object (root, "", "annotation", PLENUM_JSON_REQUIRED, &node,
                                   &error))
        {
          respond_bad_request (msg, error);
          return;
        }
      annotation = plenum_annotation_new_from_json (node, "annotation", &error);
      if (annotation == NULL)
        {
          respond_bad_request (msg, error);
          return;
        }
      if (g_strcmp0 (plenum_annotation_get_id (annotation), id) != 0)
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                         "annotation.id: not the id in the path");
          return;
        }
      if (plenum_annotation_get_deleted (annotation))
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                         "annotation.deleted: delete with DELETE");
          return;
        }
      if (g_strcmp0 (plenum_annotation_get_author_id (annotation), account->id) != 0)
        {
          respond_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                         "Members write their own annotations only.");
          return;
        }
    }

  hash = request_hash (msg, root);
  if (!plenum_server_db_write_annotation (self->db, annotation, delete, base_revision, account,
                                          operation_id, hash,
                                          g_get_real_time () / G_USEC_PER_SEC,
                                          self->settings.event_retention, &result, &current,
                                          &error))
    {
      respond_annotation_error (msg, error, current);
      return;
    }
  if (result.event != NULL)
    plenum_event_hub_publish (self->hub, result.event);
  respond_text (msg, result.status, JSON_CONTENT_TYPE, g_steal_pointer (&result.response));
  plenum_server_operation_result_clear (&result);
}

/* GET /api/v1/meetings/{id}/annotations?since=R */
static void
handle_annotations_get (PlenumServer      *self,
                        SoupServerMessage *msg,
                        const char        *meeting_id,
                        GHashTable        *query)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  const char *since_text = query != NULL ? g_hash_table_lookup (query, "since") : NULL;
  guint64 since = 0;

  account = authenticate (self, msg, NULL);
  if (account == NULL)
    return;
  if (since_text != NULL &&
      (since_text[0] == '\0' || strspn (since_text, "0123456789") != strlen (since_text) ||
       !g_ascii_string_to_unsigned (since_text, 10, 0, PLENUM_JSON_MAX_SAFE_INTEGER, &since,
                                    NULL)))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "since: expected a revision (decimal digits)");
      return;
    }
  if (!plenum_is_uuid (meeting_id))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such meeting.");
      return;
    }
  root = plenum_server_db_annotations_json (self->db, meeting_id, account, (gint64) since,
                                            &error);
  if (root == NULL)
    {
      if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND))
        respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such meeting.");
      else if (g_error_matches (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_FORBIDDEN))
        respond_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", "%s", error->message);
      else
        respond_internal (msg, error);
      return;
    }
  respond_json (msg, SOUP_STATUS_OK, root);
}

/* Votes: docs/protocol.md, "Votes" */

static void
respond_vote_error (SoupServerMessage *msg,
                    const GError      *error)
{
  static const struct {
    PlenumServerDbError  code;
    guint                status;
    const char          *name;
  } map[] = {
    { PLENUM_SERVER_DB_ERROR_NOT_FOUND, SOUP_STATUS_NOT_FOUND, "not_found" },
    { PLENUM_SERVER_DB_ERROR_FORBIDDEN, SOUP_STATUS_FORBIDDEN, "forbidden" },
    { PLENUM_SERVER_DB_ERROR_INVALID, SOUP_STATUS_BAD_REQUEST, "bad_request" },
    { PLENUM_SERVER_DB_ERROR_CONFLICT, SOUP_STATUS_CONFLICT, "conflict" },
    { PLENUM_SERVER_DB_ERROR_CLOSED, SOUP_STATUS_CONFLICT, "meeting_closed" },
    { PLENUM_SERVER_DB_ERROR_NO_QUORUM, SOUP_STATUS_CONFLICT, "no_quorum" },
    { PLENUM_SERVER_DB_ERROR_ALREADY_VOTED, SOUP_STATUS_CONFLICT, "already_voted" },
    { PLENUM_SERVER_DB_ERROR_VOTE_CLOSED, SOUP_STATUS_CONFLICT, "vote_closed" },
    { PLENUM_SERVER_DB_ERROR_VOTE_IN_PROGRESS, SOUP_STATUS_CONFLICT, "vote_in_progress" },
    { PLENUM_SERVER_DB_ERROR_CONFLICT_OF_INTEREST, SOUP_STATUS_FORBIDDEN,
      "conflict_of_interest" },
  };

  if (error != NULL && error->domain == PLENUM_SERVER_DB_ERROR)
    for (guint i = 0; i < G_N_ELEMENTS (map); i++)
      if (error->code == (int) map[i].code)
        {
          respond_error (msg, map[i].status, map[i].name, "%s", error->message);
          return;
        }
  respond_internal (msg, error);
}

void
plenum_server_respond_operation (PlenumEventHub              *hub,
                                 SoupServerMessage           *msg,
                                 PlenumServerOperationResult *result)
{
  if (result->first_event != NULL)
    plenum_event_hub_publish (hub, result->first_event);
  if (result->event != NULL)
    plenum_event_hub_publish (hub, result->event);
  respond_text (msg, result->status, JSON_CONTENT_TYPE, g_steal_pointer (&result->response));
  plenum_server_operation_result_clear (result);
}

/* Sends the answer of an applied (or replayed) vote or live-meeting operation and its
 * events. */
static void
respond_operation (PlenumServer                *self,
                   SoupServerMessage           *msg,
                   PlenumServerOperationResult *result)
{
  plenum_server_respond_operation (self->hub, msg, result);
}

/* The caller and the body of a vote write, with the ids' shape checked; NULL when an
 * answer was already given. Terminals are refused (403) by authenticate(). */
static PlenumServerAccount *
vote_write_begin (PlenumServer      *self,
                  SoupServerMessage *msg,
                  const char        *meeting_id,
                  const char        *vote_id,
                  cJSON            **root)
{
  g_autoptr(PlenumServerAccount) account = authenticate (self, msg, NULL);

  if (account == NULL)
    return NULL;
  if (!plenum_is_uuid (meeting_id) || (vote_id != NULL && !plenum_is_uuid (vote_id)))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                     vote_id != NULL ? "No such vote." : "No such meeting.");
      return NULL;
    }
  *root = read_json_body (msg);
  if (*root == NULL)
    return NULL;
  return g_steal_pointer (&account);
}

/* Reads an array of integers in [0, @max] (at most @max_items of them). */
static gint64 *
read_int_array (const cJSON  *root,
                const char   *key,
                guint         max_items,
                gint64        max,
                guint        *n_items,
                GError      **error)
{
  const cJSON *array = NULL;
  g_autofree gint64 *values = NULL;
  const cJSON *item;
  guint n = 0;

  if (!plenum_json_get_array (root, "", key, PLENUM_JSON_REQUIRED, max_items, &array, error))
    return NULL;
  values = g_new0 (gint64, cJSON_GetArraySize (array) + 1);
  cJSON_ArrayForEach (item, array)
    {
      double value = cJSON_IsNumber (item) ? item->valuedouble : -1;

      /* The range first: converting a double out of gint64's range is undefined. */
      if (!cJSON_IsNumber (item) || !(value >= 0 && value <= (double) max) ||
          value != (double) (gint64) value)
        {
          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_RANGE,
                       "%s[%u]: expected an integer from 0 to %" G_GINT64_FORMAT, key, n, max);
          return NULL;
        }
      values[n++] = (gint64) value;
    }
  *n_items = n;
  return g_steal_pointer (&values);
}

#define MAX_VOTE_OPTIONS 100
#define MAX_COUNT        100000

/* POST /api/v1/meetings/{id}/votes */
static void
handle_vote_post (PlenumServer      *self,
                  SoupServerMessage *msg,
                  const char        *meeting_id)
{
  static const char * const keys[] = {
    "operation_id", "item_id", "title", "kind", "majority", "quorum_required", "changeable",
    "candidates", "max_choices", NULL
  };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autofree char *hash = NULL;
  g_autofree const char **candidates = NULL;
  PlenumServerOperationResult result = { 0 };
  PlenumServerVoteSpec spec = { 0 };
  const char *operation_id = NULL;
  const char *kind = NULL;
  const char *majority = NULL;
  const cJSON *list = NULL;
  gint64 max_choices = 1;

  account = vote_write_begin (self, msg, meeting_id, NULL, &root);
  if (account == NULL)
    return;
  if (!plenum_json_check_object (root, "", keys, &error) ||
      !plenum_json_get_uuid (root, "", "operation_id", PLENUM_JSON_REQUIRED, &operation_id,
                             &error) ||
      !plenum_json_get_uuid (root, "", "item_id", PLENUM_JSON_REQUIRED, &spec.item_id,
                             &error) ||
      !plenum_json_get_text (root, "", "title", PLENUM_JSON_REQUIRED, 500, FALSE, &spec.title,
                             &error) ||
      !plenum_json_get_string (root, "", "kind", PLENUM_JSON_REQUIRED, &kind, &error) ||
      !plenum_json_get_string (root, "", "majority", PLENUM_JSON_REQUIRED, &majority,
                               &error) ||
      !plenum_json_get_bool (root, "", "quorum_required", PLENUM_JSON_REQUIRED,
                             &spec.quorum_required, &error) ||
      !plenum_json_get_bool (root, "", "changeable", PLENUM_JSON_REQUIRED, &spec.changeable,
                             &error) ||
      !plenum_json_get_array (root, "", "candidates", PLENUM_JSON_OPTIONAL, MAX_VOTE_OPTIONS,
                              &list, &error) ||
      !plenum_json_get_int64 (root, "", "max_choices", PLENUM_JSON_OPTIONAL, 1,
                              MAX_VOTE_OPTIONS, &max_choices, &error))
    {
      respond_bad_request (msg, error);
      return;
    }
  if (!g_str_equal (kind, "open") && !g_str_equal (kind, "secret"))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "kind: expected \"open\" or \"secret\"");
      return;
    }
  if (!g_str_equal (majority, "present") && !g_str_equal (majority, "members"))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "majority: expected \"present\" or \"members\"");
      return;
    }
  if (list == NULL && cJSON_GetObjectItemCaseSensitive (root, "max_choices") != NULL)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "max_choices: only with candidates");
      return;
    }
  if (list != NULL)
    {
      int n = cJSON_GetArraySize (list);

      if (n < 1)
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                         "candidates: at least one");
          return;
        }
      candidates = g_new0 (const char *, n + 1);
      for (int i = 0; i < n; i++)
        {
          g_autoptr(cJSON) holder = cJSON_CreateObject ();
          g_autofree char *where = plenum_json_path_index ("candidates", (guint) i);

          /* The text rules of a title, reported under the candidate's own path. */
          cJSON_AddItemReferenceToObject (holder, where, cJSON_GetArrayItem (list, i));
          if (!plenum_json_get_text (holder, "", where, PLENUM_JSON_REQUIRED, 200, FALSE,
                                     &candidates[i], &error))
            {
              respond_bad_request (msg, error);
              return;
            }
          for (int j = 0; j < i; j++)
            if (g_str_equal (candidates[j], candidates[i]))
              {
                respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               "%s: named twice", where);
                return;
              }
        }
      if (max_choices > n)
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                         "max_choices: more than the candidates");
          return;
        }
    }
  spec.secret = g_str_equal (kind, "secret");
  spec.candidates = candidates;
  spec.max_choices = (guint) max_choices;
  spec.majority_of_members = g_str_equal (majority, "members");

  hash = request_hash (msg, root);
  if (!plenum_server_db_open_vote (self->db, meeting_id, &spec, account, operation_id, hash,
                                   g_get_real_time () / G_USEC_PER_SEC,
                                   self->settings.event_retention, &result, &error))
    {
      respond_vote_error (msg, error);
      return;
    }
  respond_operation (self, msg, &result);
}

/* POST /api/v1/meetings/{id}/votes/{vote_id}/ballots */
static void
handle_ballot_post (PlenumServer      *self,
                    SoupServerMessage *msg,
                    const char        *meeting_id,
                    const char        *vote_id)
{
  static const char * const keys[] = { "operation_id", "choices", "receipt", NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autoptr(cJSON) keyed = cJSON_CreateObject ();
  g_autofree char *hash = NULL;
  g_autofree gint64 *choices = NULL;
  PlenumServerOperationResult result = { 0 };
  const char *operation_id = NULL;
  const char *receipt = NULL;
  guint n_choices = 0;

  account = vote_write_begin (self, msg, meeting_id, vote_id, &root);
  if (account == NULL)
    return;
  if (!plenum_json_check_object (root, "", keys, &error) ||
      !plenum_json_get_uuid (root, "", "operation_id", PLENUM_JSON_REQUIRED, &operation_id,
                             &error) ||
      !plenum_json_get_sha256 (root, "", "receipt", PLENUM_JSON_OPTIONAL, &receipt, &error) ||
      (choices = read_int_array (root, "choices", MAX_VOTE_OPTIONS, MAX_VOTE_OPTIONS,
                                 &n_choices, &error)) == NULL)
    {
      respond_bad_request (msg, error);
      return;
    }

  /* The idempotency record keeps a hash of the request: over the choice and the
   * receipt it could be reversed by trying every choice, so it covers only the method,
   * the path and the operation id. A retry with the same operation id gets the first
   * answer whatever it chose. */
  plenum_json_add_string (keyed, "operation_id", operation_id);
  hash = request_hash (msg, keyed);
  if (!plenum_server_db_cast_ballot (self->db, meeting_id, vote_id, account, choices,
                                     n_choices, receipt, operation_id, hash,
                                     g_get_real_time () / G_USEC_PER_SEC,
                                     self->settings.event_retention, &result, &error))
    {
      respond_vote_error (msg, error);
      return;
    }
  respond_operation (self, msg, &result);
}

/* POST /api/v1/meetings/{id}/votes/{vote_id}/close, /annul and /show-of-hands */
static void
handle_vote_end (PlenumServer      *self,
                 SoupServerMessage *msg,
                 const char        *meeting_id,
                 const char        *vote_id,
                 PlenumVoteEnd      end)
{
  static const char * const keys[] = { "operation_id", NULL };
  static const char * const hands_keys[] = { "operation_id", "counts", NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autofree char *hash = NULL;
  g_autofree gint64 *counts = NULL;
  PlenumServerOperationResult result = { 0 };
  const char *operation_id = NULL;
  guint n_counts = 0;
  gboolean scrub = FALSE;

  account = vote_write_begin (self, msg, meeting_id, vote_id, &root);
  if (account == NULL)
    return;
  if (!plenum_json_check_object (root, "",
                                 end == PLENUM_VOTE_END_SHOW_OF_HANDS ? hands_keys : keys,
                                 &error) ||
      !plenum_json_get_uuid (root, "", "operation_id", PLENUM_JSON_REQUIRED, &operation_id,
                             &error) ||
      (end == PLENUM_VOTE_END_SHOW_OF_HANDS &&
       (counts = read_int_array (root, "counts", MAX_VOTE_OPTIONS, MAX_COUNT, &n_counts,
                                 &error)) == NULL))
    {
      respond_bad_request (msg, error);
      return;
    }
  hash = request_hash (msg, root);
  if (!plenum_server_db_end_vote (self->db, meeting_id, vote_id, end, counts, n_counts,
                                  account, operation_id, hash,
                                  g_get_real_time () / G_USEC_PER_SEC,
                                  self->settings.event_retention, &result, &scrub, &error))
    {
      respond_vote_error (msg, error);
      return;
    }
  respond_operation (self, msg, &result);
  /* Before the answer goes out (it is written once this handler returns): once the chair
   * sees the result, the disk holds no trace of the order in which the secret choices
   * came — nor anything written after the scrub, so this request's audit entry first. */
  if (scrub)
    {
      audit_request (self, msg);
      if (!plenum_server_db_scrub (self->db, &error))
        g_warning ("Scrubbing the database after a secret vote failed: %s", error->message);
    }
}

/* GET /api/v1/meetings/{id}/votes */
static void
handle_votes_get (PlenumServer      *self,
                  SoupServerMessage *msg,
                  const char        *meeting_id)
{
  g_autoptr(cJSON) root = read_meeting_resource (self, msg, meeting_id,
                                                 plenum_server_db_votes_json);

  if (root != NULL)
    respond_json (msg, SOUP_STATUS_OK, root);
}

/* GET /api/v1/meetings/{id}/votes/{vote_id} */
static void
handle_vote_get (PlenumServer      *self,
                 SoupServerMessage *msg,
                 const char        *meeting_id,
                 const char        *vote_id)
{
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;

  account = authenticate_full (self, msg, NULL, TRUE);
  if (account == NULL)
    return;
  if (!plenum_is_uuid (meeting_id) || !plenum_is_uuid (vote_id))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such vote.");
      return;
    }
  root = plenum_server_db_vote_json (self->db, meeting_id, vote_id, account, &error);
  if (root == NULL)
    {
      respond_vote_error (msg, error);
      return;
    }
  respond_json (msg, SOUP_STATUS_OK, root);
}

/* PUT and DELETE /api/v1/meetings/{id}/items/{item_id}/conflict */
static void
handle_conflict_write (PlenumServer      *self,
                       SoupServerMessage *msg,
                       const char        *meeting_id,
                       const char        *item_id,
                       gboolean           conflict)
{
  static const char * const keys[] = { "operation_id", NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autofree char *hash = NULL;
  PlenumServerOperationResult result = { 0 };
  const char *operation_id = NULL;

  account = vote_write_begin (self, msg, meeting_id, NULL, &root);
  if (account == NULL)
    return;
  if (!plenum_is_uuid (item_id))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such agenda item.");
      return;
    }
  if (!plenum_json_check_object (root, "", keys, &error) ||
      !plenum_json_get_uuid (root, "", "operation_id", PLENUM_JSON_REQUIRED, &operation_id,
                             &error))
    {
      respond_bad_request (msg, error);
      return;
    }
  hash = request_hash (msg, root);
  if (!plenum_server_db_set_conflict (self->db, meeting_id, item_id, account, conflict,
                                      operation_id, hash, g_get_real_time () / G_USEC_PER_SEC,
                                      self->settings.event_retention, &result, &error))
    {
      respond_vote_error (msg, error);
      return;
    }
  respond_operation (self, msg, &result);
}

/* meetings/{id}/votes…, meetings/{id}/items/{item_id}/conflict: TRUE when @parts named
 * one of them (and it was answered). */
static gboolean
route_votes (PlenumServer      *self,
             SoupServerMessage *msg,
             char             **parts,
             guint              n_parts)
{
  static const struct {
    const char    *name;
    PlenumVoteEnd  end;
  } ends[] = {
    { "close", PLENUM_VOTE_END_CLOSE },
    { "annul", PLENUM_VOTE_END_ANNUL },
    { "show-of-hands", PLENUM_VOTE_END_SHOW_OF_HANDS },
  };

  if (n_parts < 3 || !g_str_equal (parts[0], "meetings"))
    return FALSE;
  if (n_parts == 5 && g_str_equal (parts[2], "items") && g_str_equal (parts[4], "conflict"))
    {
      if (method_is (msg, SOUP_METHOD_PUT))
        handle_conflict_write (self, msg, parts[1], parts[3], TRUE);
      else if (method_is (msg, SOUP_METHOD_DELETE))
        handle_conflict_write (self, msg, parts[1], parts[3], FALSE);
      else
        respond_method_not_allowed (msg, "PUT, DELETE");
      return TRUE;
    }
  if (!g_str_equal (parts[2], "votes"))
    return FALSE;
  if (n_parts == 3)
    {
      if (method_is (msg, SOUP_METHOD_POST))
        handle_vote_post (self, msg, parts[1]);
      else if (is_get (msg))
        handle_votes_get (self, msg, parts[1]);
      else
        respond_method_not_allowed (msg, "GET, HEAD, POST");
      return TRUE;
    }
  if (n_parts == 4)
    {
      if (is_get (msg))
        handle_vote_get (self, msg, parts[1], parts[3]);
      else
        respond_method_not_allowed (msg, "GET, HEAD");
      return TRUE;
    }
  if (n_parts != 5)
    return FALSE;
  if (g_str_equal (parts[4], "ballots"))
    {
      if (method_is (msg, SOUP_METHOD_POST))
        handle_ballot_post (self, msg, parts[1], parts[3]);
      else
        respond_method_not_allowed (msg, "POST");
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    if (g_str_equal (parts[4], ends[i].name))
      {
        if (method_is (msg, SOUP_METHOD_POST))
          handle_vote_end (self, msg, parts[1], parts[3], ends[i].end);
        else
          respond_method_not_allowed (msg, "POST");
        return TRUE;
      }
  return FALSE;
}

/* The live meeting: docs/protocol.md, "The live meeting" */

/* PUT /api/v1/meetings/{id}/position */
static void
handle_position_put (PlenumServer      *self,
                     SoupServerMessage *msg,
                     const char        *meeting_id)
{
  static const char * const keys[] = { "operation_id", "item_id", "document_id", "page", NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autofree char *hash = NULL;
  PlenumServerOperationResult result = { 0 };
  const char *operation_id = NULL;
  const char *item_id = NULL;
  const char *document_id = NULL;
  gint64 page = -1;

  account = vote_write_begin (self, msg, meeting_id, NULL, &root);
  if (account == NULL)
    return;
  if (!plenum_json_check_object (root, "", keys, &error) ||
      !plenum_json_get_uuid (root, "", "operation_id", PLENUM_JSON_REQUIRED, &operation_id,
                             &error) ||
      !plenum_json_get_uuid (root, "", "item_id", PLENUM_JSON_REQUIRED, &item_id, &error) ||
      !plenum_json_get_uuid (root, "", "document_id",
                             PLENUM_JSON_REQUIRED | PLENUM_JSON_NULLABLE, &document_id,
                             &error) ||
      !plenum_json_get_int64 (root, "", "page", PLENUM_JSON_REQUIRED | PLENUM_JSON_NULLABLE,
                              0, MAX_SAFE_INTEGER, &page, &error))
    {
      respond_bad_request (msg, error);
      return;
    }
  hash = request_hash (msg, root);
  if (!plenum_server_db_move_position (self->db, meeting_id, item_id, document_id, page,
                                       account, operation_id, hash,
                                       g_get_real_time () / G_USEC_PER_SEC,
                                       self->settings.event_retention, &result, &error))
    {
      respond_vote_error (msg, error);
      return;
    }
  respond_operation (self, msg, &result);
}

/* POST …/speakers, DELETE …/speakers/me, POST …/speakers/next and
 * POST …/speakers/{account_id}/floor */
static void
handle_speakers_write (PlenumServer         *self,
                       SoupServerMessage    *msg,
                       const char           *meeting_id,
                       PlenumSpeakersChange  change,
                       const char           *target_id)
{
  static const char * const keys[] = { "operation_id", NULL };
  g_autoptr(PlenumServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autofree char *hash = NULL;
  PlenumServerOperationResult result = { 0 };
  const char *operation_id = NULL;

  account = vote_write_begin (self, msg, meeting_id, NULL, &root);
  if (account == NULL)
    return;
  if (target_id != NULL && !plenum_is_uuid (target_id))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                     "That member is not in the speakers' queue.");
      return;
    }
  if (!plenum_json_check_object (root, "", keys, &error) ||
      !plenum_json_get_uuid (root, "", "operation_id", PLENUM_JSON_REQUIRED, &operation_id,
                             &error))
    {
      respond_bad_request (msg, error);
      return;
    }
  hash = request_hash (msg, root);
  if (!plenum_server_db_change_speakers (self->db, meeting_id, change, target_id, account,
                                         operation_id, hash,
                                         g_get_real_time () / G_USEC_PER_SEC,
                                         self->settings.event_retention, &result, &error))
    {
      respond_vote_error (msg, error);
      return;
    }
  respond_operation (self, msg, &result);
}

/* GET …/position, …/speakers and …/quorum: anyone who may see the meeting, terminals
 * of its room included (a room display follows the chair and shows the queue). */
static void
handle_live_get (PlenumServer      *self,
                 SoupServerMessage *msg,
                 const char        *meeting_id,
                 MeetingJsonFunc    read_json)
{
  g_autoptr(cJSON) root = read_meeting_resource (self, msg, meeting_id, read_json);

  if (root != NULL)
    respond_json (msg, SOUP_STATUS_OK, root);
}

/* meetings/{id}/position, …/speakers… and …/quorum: TRUE when @parts named one of them
 * (and it was answered). */
static gboolean
route_live (PlenumServer      *self,
            SoupServerMessage *msg,
            char             **parts,
            guint              n_parts)
{
  if (n_parts < 3 || !g_str_equal (parts[0], "meetings"))
    return FALSE;
  if (n_parts == 3 && g_str_equal (parts[2], "position"))
    {
      if (method_is (msg, SOUP_METHOD_PUT))
        handle_position_put (self, msg, parts[1]);
      else if (is_get (msg))
        handle_live_get (self, msg, parts[1], plenum_server_db_position_json);
      else
        respond_method_not_allowed (msg, "GET, HEAD, PUT");
      return TRUE;
    }
  if (n_parts == 3 && g_str_equal (parts[2], "quorum"))
    {
      if (is_get (msg))
        handle_live_get (self, msg, parts[1], plenum_server_db_quorum_json);
      else
        respond_method_not_allowed (msg, "GET, HEAD");
      return TRUE;
    }
  if (!g_str_equal (parts[2], "speakers"))
    return FALSE;
  if (n_parts == 3)
    {
      if (method_is (msg, SOUP_METHOD_POST))
        handle_speakers_write (self, msg, parts[1], PLENUM_SPEAKERS_ASK, NULL);
      else if (is_get (msg))
        handle_live_get (self, msg, parts[1], plenum_server_db_speakers_json);
      else
        respond_method_not_allowed (msg, "GET, HEAD, POST");
      return TRUE;
    }
  if (n_parts == 4 && g_str_equal (parts[3], "me"))
    {
      if (method_is (msg, SOUP_METHOD_DELETE))
        handle_speakers_write (self, msg, parts[1], PLENUM_SPEAKERS_WITHDRAW, NULL);
      else
        respond_method_not_allowed (msg, "DELETE");
      return TRUE;
    }
  if (n_parts == 4 && g_str_equal (parts[3], "next"))
    {
      if (method_is (msg, SOUP_METHOD_POST))
        handle_speakers_write (self, msg, parts[1], PLENUM_SPEAKERS_NEXT, NULL);
      else
        respond_method_not_allowed (msg, "POST");
      return TRUE;
    }
  if (n_parts == 5 && g_str_equal (parts[4], "floor"))
    {
      if (method_is (msg, SOUP_METHOD_POST))
        handle_speakers_write (self, msg, parts[1], PLENUM_SPEAKERS_FLOOR, parts[3]);
      else
        respond_method_not_allowed (msg, "POST");
      return TRUE;
    }
  return FALSE;
}

/* The answers and request helpers above, for the handlers in other files
 * (plenum-server-private.h): one home, so that every endpoint answers alike. */

void
plenum_server_respond_json_text (SoupServerMessage *msg,
                                 guint              status,
                                 char              *text)
{
  respond_text (msg, status, JSON_CONTENT_TYPE, text);
}

void
plenum_server_respond_error (SoupServerMessage *msg,
                             guint              status,
                             const char        *code,
                             const char        *format,
                             ...)
{
  va_list args;

  va_start (args, format);
  respond_error_valist (msg, status, code, format, args);
  va_end (args);
}

void
plenum_server_respond_bad_request (SoupServerMessage *msg,
                                   const GError      *error)
{
  respond_bad_request (msg, error);
}

void
plenum_server_respond_db_error (SoupServerMessage *msg,
                                const GError      *error)
{
  respond_vote_error (msg, error);
}

void
plenum_server_respond_method_not_allowed (SoupServerMessage *msg,
                                          const char        *allowed)
{
  respond_method_not_allowed (msg, allowed);
}

gboolean
plenum_server_method_is (SoupServerMessage *msg,
                         const char        *method)
{
  return method_is (msg, method);
}

cJSON *
plenum_server_read_json_body (SoupServerMessage *msg)
{
  return read_json_body (msg);
}

char *
plenum_server_request_hash (SoupServerMessage *msg,
                            const cJSON       *body)
{
  return request_hash (msg, body);
}

/* Routing */

/* Opinion rounds (plenum-server-opinions.c) authenticate through the server's rules. */
static PlenumServerAccount *
authenticate_opinions_cb (SoupServerMessage *msg,
                          gboolean           allow_terminal,
                          gpointer           user_data)
{
  return authenticate_full (user_data, msg, NULL, allow_terminal);
}

static void
route_v1 (PlenumServer      *self,
          SoupServerMessage *msg,
          char             **parts,
          guint              n_parts,
          GHashTable        *query)
{
  const char *collection = n_parts > 0 ? parts[0] : "";
  const PlenumOpinionsContext opinions = {
    self->db, self->hub, self->settings.event_retention, authenticate_opinions_cb, self
  };

  if (route_votes (self, msg, parts, n_parts) || route_live (self, msg, parts, n_parts) ||
      plenum_server_route_opinions (&opinions, msg, parts, n_parts) ||
      plenum_server_route_record (self, msg, parts, n_parts, query) ||
      plenum_server_route_revisions (self, msg, parts, n_parts, query) ||
      plenum_server_route_access (self, msg, parts, n_parts, query))
    return;
  if (n_parts == 1 && g_str_equal (collection, "server"))
    {
      if (is_get (msg))
        handle_server (self, msg);
      else
        respond_method_not_allowed (msg, "GET, HEAD");
    }
  else if (n_parts == 1 && g_str_equal (collection, "session"))
    {
      if (method_is (msg, SOUP_METHOD_POST))
        handle_session_post (self, msg);
      else if (method_is (msg, SOUP_METHOD_DELETE))
        handle_session_delete (self, msg);
      else
        respond_method_not_allowed (msg, "POST, DELETE");
    }
  else if (n_parts == 2 && g_str_equal (collection, "session") && g_str_equal (parts[1], "pin"))
    {
      if (method_is (msg, SOUP_METHOD_PUT))
        handle_session_pin_put (self, msg);
      else
        respond_method_not_allowed (msg, "PUT");
    }
  else if (n_parts == 3 && g_str_equal (collection, "accounts") &&
           g_str_equal (parts[2], "pin"))
    {
      if (method_is (msg, SOUP_METHOD_PUT))
        handle_account_pin_put (self, msg, parts[1]);
      else
        respond_method_not_allowed (msg, "PUT");
    }
  else if (n_parts == 3 && g_str_equal (collection, "accounts") &&
           g_str_equal (parts[2], "unlock"))
    {
      if (method_is (msg, SOUP_METHOD_POST))
        handle_account_unlock_post (self, msg, parts[1]);
      else
        respond_method_not_allowed (msg, "POST");
    }
  else if (n_parts == 1 && g_str_equal (collection, "bodies"))
    {
      if (is_get (msg))
        handle_bodies (self, msg);
      else
        respond_method_not_allowed (msg, "GET, HEAD");
    }
  else if (n_parts == 1 && g_str_equal (collection, "meetings"))
    {
      if (is_get (msg))
        handle_meetings (self, msg);
      else
        respond_method_not_allowed (msg, "GET, HEAD");
    }
  else if (n_parts == 2 && g_str_equal (collection, "meetings"))
    {
      if (is_get (msg))
        handle_meeting (self, msg, parts[1]);
      else
        respond_method_not_allowed (msg, "GET, HEAD");
    }
  else if (n_parts == 3 && g_str_equal (collection, "meetings") &&
           g_str_equal (parts[2], "packet"))
    {
      if (method_is (msg, SOUP_METHOD_PUT))
        handle_packet_put (self, msg, parts[1]);
      else
        respond_method_not_allowed (msg, "PUT");
    }
  else if (n_parts == 3 && g_str_equal (collection, "meetings") &&
           g_str_equal (parts[2], "status"))
    {
      if (method_is (msg, SOUP_METHOD_PUT))
        handle_meeting_status_put (self, msg, parts[1]);
      else
        respond_method_not_allowed (msg, "PUT");
    }
  else if (n_parts == 3 && g_str_equal (collection, "meetings") &&
           g_str_equal (parts[2], "attendance"))
    {
      if (method_is (msg, SOUP_METHOD_POST))
        handle_attendance_post (self, msg, parts[1]);
      else if (is_get (msg))
        handle_attendance_get (self, msg, parts[1]);
      else
        respond_method_not_allowed (msg, "GET, HEAD, POST");
    }
  else if (n_parts == 3 && g_str_equal (collection, "meetings") &&
           g_str_equal (parts[2], "annotations"))
    {
      if (is_get (msg))
        handle_annotations_get (self, msg, parts[1], query);
      else
        respond_method_not_allowed (msg, "GET, HEAD");
    }
  else if (n_parts == 2 && g_str_equal (collection, "annotations"))
    {
      if (method_is (msg, SOUP_METHOD_PUT))
        handle_annotation_write (self, msg, parts[1], FALSE);
      else if (method_is (msg, SOUP_METHOD_DELETE))
        handle_annotation_write (self, msg, parts[1], TRUE);
      else
        respond_method_not_allowed (msg, "PUT, DELETE");
    }
  else if (n_parts == 1 && g_str_equal (collection, "terminals"))
    {
      if (method_is (msg, SOUP_METHOD_POST))
        handle_terminal_post (self, msg);
      else if (is_get (msg))
        handle_terminals_get (self, msg, query);
      else
        respond_method_not_allowed (msg, "GET, HEAD, POST");
    }
  else if (n_parts == 2 && g_str_equal (collection, "terminals") &&
           g_str_equal (parts[1], "enrolments"))
    {
      if (method_is (msg, SOUP_METHOD_POST))
        handle_enrolment_post (self, msg);
      else
        respond_method_not_allowed (msg, "POST");
    }
  else if (n_parts == 2 && g_str_equal (collection, "terminals"))
    {
      if (method_is (msg, SOUP_METHOD_DELETE))
        handle_terminal_delete (self, msg, parts[1]);
      else
        respond_method_not_allowed (msg, "DELETE");
    }
  else if (n_parts == 3 && g_str_equal (collection, "terminals") &&
           g_str_equal (parts[2], "status"))
    {
      if (method_is (msg, SOUP_METHOD_PUT))
        handle_terminal_status_put (self, msg, parts[1]);
      else
        respond_method_not_allowed (msg, "PUT");
    }
  else if (n_parts == 2 && g_str_equal (collection, "blobs"))
    {
      if (is_get (msg))
        handle_blob_get (self, msg, parts[1]);
      else if (method_is (msg, SOUP_METHOD_PUT))
        handle_blob_put (self, msg, parts[1]);
      else
        respond_method_not_allowed (msg, "GET, HEAD, PUT");
    }
  else if (n_parts == 1 && g_str_equal (collection, "events"))
    {
      if (method_is (msg, SOUP_METHOD_GET))
        handle_events (self, msg, query);
      else
        respond_method_not_allowed (msg, "GET");
    }
  else
    respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such resource.");
}

/* "v" followed by digits without a leading zero. */
static gboolean
is_version_segment (const char *segment)
{
  if (segment[0] != 'v' || !g_ascii_isdigit (segment[1]) || segment[1] == '0')
    return FALSE;
  for (const char *p = segment + 1; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  PlenumServer *self = user_data;
  g_auto(GStrv) parts = NULL;
  guint n_parts;

  if (g_object_get_data (G_OBJECT (msg), TOO_LARGE_KEY) != NULL)
    {
      respond_too_large (msg, self->settings.max_json_size);
      return;
    }

  if (!g_str_has_prefix (path, "/api/"))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such resource.");
      return;
    }

  parts = g_strsplit (path + strlen ("/api/"), "/", -1);
  n_parts = g_strv_length (parts);
  if (n_parts == 0 || !is_version_segment (parts[0]))
    respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such resource.");
  else if (!g_str_equal (parts[0], "v1"))
    respond_error (msg, SOUP_STATUS_GONE, "api_version_unsupported",
                   "This server speaks version %d of the API (/api/v%d/); %s is not "
                   "supported.", API_VERSION, API_VERSION, parts[0]);
  else
    route_v1 (self, msg, parts + 1, n_parts - 1, query);
}

static void
on_request_finished_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        gpointer           user_data)
{
  PlenumServer *self = user_data;

  /* The path only: queries and headers may carry things that must not be logged. */
  g_debug ("%s %s → %u", soup_server_message_get_method (msg),
           g_uri_get_path (soup_server_message_get_uri (msg)),
           soup_server_message_get_status (msg));
  audit_request (self, msg);
}

/* Requests that stall
 *
 * libsoup 3.2's server has no timeout of its own: a connection that sends nothing, or a
 * request head one byte at a time, or a body that stops, is kept for as long as the
 * client likes, a descriptor and a buffer each. From "request-started" (emitted when a
 * connection is accepted, also when a kept-alive one is handed back to wait for its next
 * request: see "Kept-alive connections" below) until the body is in, a request is Reading: its connection is closed once nothing has
 * come for the request timeout (a kept-alive connection waiting for its next request:
 * KEPT_ALIVE_TIMEOUTS times as long), or whose body comes slower than
 * MIN_BODY_BYTES_PER_SECOND on average after the request timeout. Once the body is in, the handler owns the request, so an
 * event stream (GET /api/v1/events), long-lived by design, is never timed out. */

typedef struct {
  PlenumServer      *server;  /* unowned; NULL once the server is disposed */
  SoupServerMessage *msg;     /* unowned: a Reading is the message's data */
  gint64             last_us; /* when the request last made progress */
  gint64             body_us; /* when its head was in (0: not yet) */
  guint64            body_bytes; /* of the body, so far */
  gboolean           waiting; /* a kept-alive connection waiting for its next request */
  gboolean           closed;  /* the connection was shut down for stalling */
} Reading;

/* A kept-alive connection may wait this many request timeouts for its next request
 * (3 minutes by default): longer than curl keeps an idle connection (118 s), so that a
 * terminal normally closes its idle connections itself, not the server under it. */
#define KEPT_ALIVE_TIMEOUTS 6

/* A body that keeps coming, but slower than this on average once it has taken a whole
 * request timeout, is closed too: a byte every few seconds would otherwise hold the
 * connection for ever. 1 KiB/s is far below any network a terminal or the secretariat
 * uploads over. */
#define MIN_BODY_BYTES_PER_SECOND 1024

static void
reading_free (gpointer data)
{
  Reading *reading = data;

  if (reading->server != NULL)
    g_hash_table_remove (reading->server->reading, reading);
  g_free (reading);
}

static void
on_request_progress_cb (SoupServerMessage *msg)
{
  Reading *reading = g_object_get_data (G_OBJECT (msg), READING_KEY);

  if (reading != NULL)
    {
      reading->last_us = g_get_monotonic_time ();
      reading->waiting = FALSE;
    }
}

static void
on_request_head_cb (SoupServerMessage *msg)
{
  Reading *reading = g_object_get_data (G_OBJECT (msg), READING_KEY);

  on_request_progress_cb (msg);
  if (reading != NULL)
    reading->body_us = reading->last_us;
}

static void
on_request_chunk_cb (SoupServerMessage *msg,
                     GBytes            *chunk)
{
  Reading *reading = g_object_get_data (G_OBJECT (msg), READING_KEY);

  on_request_progress_cb (msg);
  if (reading != NULL)
    reading->body_bytes += g_bytes_get_size (chunk);
}

/* Whether @reading's body comes too slowly on average (MIN_BODY_BYTES_PER_SECOND), once
 * it has taken @limit_us. */
static gboolean
body_too_slow (const Reading *reading,
               gint64         now_us,
               gint64         limit_us)
{
  gint64 elapsed_us = now_us - reading->body_us;

  return reading->body_us != 0 && elapsed_us >= limit_us &&
         reading->body_bytes < (guint64) (elapsed_us / 1000) * MIN_BODY_BYTES_PER_SECOND / 1000;
}

static void
on_request_body_cb (SoupServerMessage *msg)
{
  g_object_set_data (G_OBJECT (msg), READING_KEY, NULL);
  g_object_set_data (G_OBJECT (msg), BODY_READ_KEY, GINT_TO_POINTER (TRUE));
}

/* Kept-alive connections
 *
 * libsoup 3.2 (Debian 12's) loses a kept-alive connection that the client closes while
 * it waits for the next request: the end of the stream finishes a request that never
 * started, nothing disconnects the connection, and its descriptor, buffers and TLS
 * session stay until the server stops (fixed in libsoup 3.3). curl closes a connection
 * it has not used for two minutes, so a server running for weeks would run out of
 * descriptors. The first request of a connection is not affected: libsoup starts it at
 * once and disconnects the connection when it ends without a request.
 *
 * So once an answer that keeps its connection is written, the server takes the
 * connection from libsoup (the public soup_server_message_steal_connection(), as the
 * event hub does for event streams) and gives the same stream straight back
 * (soup_server_accept_iostream()): for libsoup the next request is then the first of a
 * new connection. Nothing is lost between the two: the client sends its next request
 * only after reading this answer, and what it sent is still in the kernel or the TLS
 * connection. The waiting connection is timed like a new one, only longer. */

GSocket *
plenum_server_stream_get_socket (GIOStream *stream)
{
  while (stream != NULL)
    {
      GIOStream *base = NULL;
      GParamSpec *pspec;

      if (G_IS_SOCKET_CONNECTION (stream))
        return g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));
      if (G_IS_TLS_CONNECTION (stream))
        pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (stream), "base-io-stream");
      else
        pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (stream), "base-iostream");
      if (pspec == NULL || !g_type_is_a (pspec->value_type, G_TYPE_IO_STREAM))
        return NULL;
      g_object_get (stream, pspec->name, &base, NULL);
      /* The wrapper holds its base, so the unowned pointer stays good. */
      g_object_unref (base);
      stream = base;
    }
  return NULL;
}

/* Whether libsoup would keep @msg's connection for another request: HTTP/1.1, and
 * neither side said "Connection: close". */
static gboolean
keeps_connection (SoupServerMessage *msg)
{
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  return soup_server_message_get_http_version (msg) == SOUP_HTTP_1_1 &&
         soup_message_headers_get_encoding (response) != SOUP_ENCODING_EOF &&
         !soup_message_headers_header_contains (soup_server_message_get_request_headers (msg),
                                                "Connection", "close") &&
         !soup_message_headers_header_contains (response, "Connection", "close");
}

static void on_request_finished_cb (SoupServer        *server,
                                    SoupServerMessage *msg,
                                    gpointer           user_data);

/* @msg's answer is written: a connection that stays open is handed back to libsoup as
 * a new one (see above). */
static void
on_answer_written_cb (SoupServerMessage *msg,
                      gpointer           user_data)
{
  PlenumServer *self = user_data;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GIOStream) stolen = NULL;
  g_autoptr(GIOStream) connection = NULL;
  g_autoptr(GError) error = NULL;
  GSocket *socket = g_object_get_data (G_OBJECT (msg), SOCKET_KEY);  /* @msg holds it */

  /* Only once the whole request was read: otherwise libsoup still has a body to skip,
   * and closes the connection itself if it cannot. */
  if (!keeps_connection (msg) || g_object_get_data (G_OBJECT (msg), BODY_READ_KEY) == NULL)
    return;

  /* From the socket, not from libsoup, which warns when the client has gone already;
   * then the connection is left to libsoup, which drops it. */
  if (socket == NULL)
    return;
  local = g_socket_get_local_address (socket, NULL);
  remote = g_socket_get_remote_address (socket, NULL);
  if (local == NULL || remote == NULL)
    return;

  /* A stolen request never reaches "request-finished": log and audit it here. */
  on_request_finished_cb (self->soup, msg, self);

  stolen = soup_server_message_steal_connection (msg);
  if (stolen == NULL)
    return;
  /* The stream libsoup was given or made (a socket or TLS connection), without
   * libsoup's wrapper, which a new connection adds again. */
  g_object_get (stolen, "base-iostream", &connection, NULL);
  if (connection == NULL)
    return;

  self->handing_back = socket;
  if (!soup_server_accept_iostream (self->soup, connection, local, remote, &error))
    {
      g_debug ("a kept-alive connection could not be handed back: %s", error->message);
      g_io_stream_close (connection, NULL, NULL);
    }
  self->handing_back = NULL;
}

/* The socket of @msg's connection; NULL for a stolen one. */
static GSocket *
message_socket (PlenumServer      *self,
                SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  /* libsoup starts the first request of a connection handed back inside
   * soup_server_accept_iostream(). */
  return socket != NULL ? socket : self->handing_back;
}

static void
on_request_started_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       gpointer           user_data)
{
  PlenumServer *self = user_data;
  GSocket *socket = message_socket (self, msg);
  Reading *reading;

  if (socket != NULL)
    g_object_set_data_full (G_OBJECT (msg), SOCKET_KEY, g_object_ref (socket), g_object_unref);
  g_signal_connect (msg, "got-body", G_CALLBACK (on_request_body_cb), NULL);
  g_signal_connect (msg, "wrote-body", G_CALLBACK (on_answer_written_cb), self);
  if (self->request_timeout_seconds == 0)
    return;
  reading = g_new0 (Reading, 1);
  reading->server = self;
  reading->msg = msg;
  reading->last_us = g_get_monotonic_time ();
  reading->waiting = self->handing_back != NULL;
  g_hash_table_add (self->reading, reading);
  g_object_set_data_full (G_OBJECT (msg), READING_KEY, reading, reading_free);
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_request_head_cb), NULL);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_request_chunk_cb), NULL);
}

static gboolean
on_stall_sweep_cb (gpointer user_data)
{
  PlenumServer *self = user_data;
  gint64 limit_us = (gint64) self->request_timeout_seconds * G_USEC_PER_SEC;
  gint64 now_us = g_get_monotonic_time ();
  g_autoptr(GPtrArray) stalled = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->reading);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      Reading *reading = key;

      if (!reading->closed &&
          (now_us - reading->last_us >= (reading->waiting ? KEPT_ALIVE_TIMEOUTS : 1) * limit_us ||
           body_too_slow (reading, now_us, limit_us)))
        g_ptr_array_add (stalled, reading);
    }

  /* libsoup then reads the end of the stream and drops the connection and the message
   * the usual way (which frees the Reading). */
  for (guint i = 0; i < stalled->len; i++)
    {
      Reading *reading = g_ptr_array_index (stalled, i);
      /* (The message holds the socket: see on_request_started_cb().) */
      GSocket *socket = g_object_get_data (G_OBJECT (reading->msg), SOCKET_KEY);

      reading->closed = TRUE;
      /* Shut down, not closed: libsoup still polls the descriptor, and a number closed
       * under it could be reused by the next connection. */
      if (socket != NULL && !g_socket_is_closed (socket))
        g_socket_shutdown (socket, TRUE, TRUE, NULL);
    }
  if (stalled->len > 0)
    g_debug ("closed %u connections that sent nothing for %u s", stalled->len,
             self->request_timeout_seconds);
  return G_SOURCE_CONTINUE;
}

/* A connection that has not sent a request's whole head @seconds after it was accepted
 * (6 × @seconds after its previous request was answered), or whose request body stops
 * for @seconds, is closed. 0: never. */
void
plenum_server_set_request_timeout (PlenumServer *self,
                                   guint         seconds)
{
  guint interval_ms;

  g_return_if_fail (PLENUM_IS_SERVER (self));

  self->request_timeout_seconds = seconds;
  g_clear_handle_id (&self->stall_sweep_id, g_source_remove);
  if (seconds == 0)
    return;
  /* A stalled connection is closed between 1 and 1¼ timeouts after its last byte. */
  interval_ms = MAX (seconds * 1000 / 4, 100);
  self->stall_sweep_id = g_timeout_add (interval_ms, on_stall_sweep_cb, self);
  g_source_set_name_by_id (self->stall_sweep_id, "[plenum] stalled requests");
}

/* Object */

static void
plenum_server_dispose (GObject *object)
{
  PlenumServer *self = (PlenumServer *) object;

  if (self->hub != NULL)
    plenum_event_hub_close_all (self->hub);
  g_clear_handle_id (&self->stall_sweep_id, g_source_remove);
  if (self->reading != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      /* Messages may outlive the server; their Readings must not reach for it then. */
      g_hash_table_iter_init (&iter, self->reading);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        ((Reading *) key)->server = NULL;
      g_hash_table_remove_all (self->reading);
    }
  if (self->soup != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->soup, self);
      soup_server_remove_handler (self->soup, NULL);
      soup_server_disconnect (self->soup);
    }
  g_clear_object (&self->soup);
  g_clear_object (&self->tls_certificate);
  g_clear_object (&self->hub);
  g_clear_object (&self->blobs);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (plenum_server_parent_class)->dispose (object);
}

static void
plenum_server_finalize (GObject *object)
{
  PlenumServer *self = (PlenumServer *) object;

  g_clear_pointer (&self->checking, g_hash_table_unref);
  g_clear_pointer (&self->reading, g_hash_table_unref);

  G_OBJECT_CLASS (plenum_server_parent_class)->finalize (object);
}

static void
plenum_server_class_init (PlenumServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plenum_server_dispose;
  object_class->finalize = plenum_server_finalize;
}

static void
plenum_server_init (PlenumServer *self)
{
  self->checking = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->reading = g_hash_table_new (NULL, NULL);
}

PlenumServer *
plenum_server_new (PlenumServerDb             *db,
                   PlenumBlobStore            *blobs,
                   const PlenumServerSettings *settings)
{
  PlenumServer *self;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (db), NULL);
  g_return_val_if_fail (PLENUM_IS_BLOB_STORE (blobs), NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  plenum_json_init ();

  self = g_object_new (PLENUM_TYPE_SERVER, NULL);
  self->db = g_object_ref (db);
  self->blobs = g_object_ref (blobs);
  self->settings = *settings;
  self->hub = plenum_event_hub_new (settings->heartbeat_seconds);
  /* raw-paths: routing needs no percent-decoding (ids and hashes are plain ASCII), and
   * libsoup's own refusal of encoded dot segments would be a bare 400 rather than the
   * protocol's JSON error. Dot segments are removed when the URI is parsed. */
  self->soup = soup_server_new ("server-header", "plenum-server/" PLENUM_VERSION " ",
                                "raw-paths", TRUE,
                                NULL);

  soup_server_add_early_handler (self->soup, NULL, on_request_headers_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request_cb, self, NULL);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (on_request_finished_cb), self);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started_cb), self);
  plenum_server_set_request_timeout (self, DEFAULT_REQUEST_TIMEOUT_SECONDS);

  return self;
}

/* A passphrase callback that gives none: an encrypted key fails instead of prompting on
 * the server's terminal. */
static int
no_passphrase_cb (char *buf,
                  int   size,
                  int   rwflag,
                  void *user_data)
{
  return 0;
}

/* What GLib's TLS backend would only find out at the first handshake (a key that is not
 * the certificate's), and what every client would refuse (an expired certificate), said
 * at start with the file's name. */
static gboolean
check_tls_pair (const char  *cert_file,
                const char  *key_file,
                GError     **error)
{
  BIO *bio;
  X509 *x509 = NULL;
  EVP_PKEY *key = NULL;
  gboolean ok = FALSE;

  bio = BIO_new_file (cert_file, "r");
  if (bio == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot read the TLS certificate %s: %s", cert_file, g_strerror (saved_errno));
      goto out;
    }
  x509 = PEM_read_bio_X509 (bio, NULL, no_passphrase_cb, NULL);
  BIO_free (bio);
  if (x509 == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s holds no PEM certificate (-----BEGIN CERTIFICATE-----)", cert_file);
      goto out;
    }

  bio = BIO_new_file (key_file, "r");
  if (bio == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot read the TLS key %s: %s", key_file, g_strerror (saved_errno));
      goto out;
    }
  key = PEM_read_bio_PrivateKey (bio, NULL, no_passphrase_cb, NULL);
  BIO_free (bio);
  if (key == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s holds no unencrypted PEM private key", key_file);
      goto out;
    }

  if (X509_check_private_key (x509, key) != 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The key in %s does not belong to the certificate in %s", key_file,
                   cert_file);
      goto out;
    }
  if (X509_cmp_current_time (X509_get0_notAfter (x509)) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The certificate in %s has expired", cert_file);
      goto out;
    }
  ok = TRUE;

out:
  /* OpenSSL's error queue is per thread: leave nothing for the next caller to find. */
  ERR_clear_error ();
  X509_free (x509);
  EVP_PKEY_free (key);
  return ok;
}

gboolean
plenum_server_set_tls_files (PlenumServer  *self,
                             const char    *cert_file,
                             const char    *key_file,
                             GError       **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PLENUM_IS_SERVER (self), FALSE);
  g_return_val_if_fail (cert_file != NULL && key_file != NULL, FALSE);

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "This system has no TLS support for GLib (install glib-networking)");
      return FALSE;
    }
  if (!check_tls_pair (cert_file, key_file, error))
    return FALSE;
  certificate = g_tls_certificate_new_from_files (cert_file, key_file, &local_error);
  if (certificate == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Cannot load %s and %s: %s",
                   cert_file, key_file, local_error->message);
      return FALSE;
    }
  g_set_object (&self->tls_certificate, certificate);
  g_object_set (self->soup, "tls-certificate", certificate, NULL);
  return TRUE;
}

gboolean
plenum_server_listen (PlenumServer  *self,
                      const char    *address,
                      guint          port,
                      GError       **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (PLENUM_IS_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", address);
      return FALSE;
    }
  if (port > G_MAXUINT16)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%u is not a port number", port);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (inet, (guint16) port);

  /* A socket of our own rather than soup_server_listen, whose backlog of 10 drops
   * connections when a room of terminals (re)connects at once; the kernel caps the
   * backlog at net.core.somaxconn. */
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6 &&
      !g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, error))
    return FALSE;
  if (!g_socket_bind (socket, socket_address, TRUE, error))
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_listen (socket, error))
    return FALSE;
  return soup_server_listen_socket (self->soup, socket,
                                    self->tls_certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0,
                                    error);
}

char *
plenum_server_get_url (PlenumServer *self)
{
  GSList *uris;
  GUri *uri;
  g_autofree char *host = NULL;
  char *url;

  g_return_val_if_fail (PLENUM_IS_SERVER (self), NULL);

  uris = soup_server_get_uris (self->soup);
  if (uris == NULL)
    return NULL;
  uri = uris->data;
  host = strchr (g_uri_get_host (uri), ':') != NULL
           ? g_strdup_printf ("[%s]", g_uri_get_host (uri))
           : g_strdup (g_uri_get_host (uri));
  url = g_strdup_printf ("%s://%s:%d", self->tls_certificate != NULL ? "https" : "http", host,
                         g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

PlenumEventHub *
plenum_server_get_event_hub (PlenumServer *self)
{
  g_return_val_if_fail (PLENUM_IS_SERVER (self), NULL);
  return self->hub;
}

PlenumServerDb *
plenum_server_get_db (PlenumServer *self)
{
  return self->db;
}

PlenumBlobStore *
plenum_server_get_blobs (PlenumServer *self)
{
  return self->blobs;
}

const PlenumServerSettings *
plenum_server_get_settings (PlenumServer *self)
{
  return &self->settings;
}

PlenumServerAccount *
plenum_server_authenticate (PlenumServer      *self,
                            SoupServerMessage *msg,
                            guint8             token_hash[32],
                            gboolean           allow_terminal)
{
  return authenticate_full (self, msg, token_hash, allow_terminal);
}

gboolean
plenum_server_require_secretary (SoupServerMessage         *msg,
                                 const PlenumServerAccount *account,
                                 const char                *what)
{
  return require_secretary (msg, account, what);
}

PlenumServerAccount *
plenum_server_authenticate_secretary (PlenumServer      *self,
                                      SoupServerMessage *msg,
                                      const char        *what)
{
  g_autoptr(PlenumServerAccount) account = authenticate (self, msg, NULL);

  if (account == NULL || !require_secretary (msg, account, what))
    return NULL;
  return g_steal_pointer (&account);
}

PlenumServerAccount *
plenum_server_account_by_name (PlenumServer      *self,
                               SoupServerMessage *msg,
                               const char        *name,
                               const char        *what)
{
  return pin_target (self, msg, name, what);
}
