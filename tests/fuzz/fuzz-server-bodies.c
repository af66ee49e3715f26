/* fuzz-server-bodies.c — the request bodies of plenum-server, through the real server.
 *
 * The handlers read their bodies inline (cJSON through the plenum-json getters), each
 * with its own checks, so the only honest target is the server itself: a PlenumServer
 * with the demo (server/plenum-demo.h) listening on 127.0.0.1, port 0, run in a thread
 * of this process, started once per process. Once, too: a member, the chair and the
 * secretary sign in, a terminal is enrolled, and a vote is opened, so that the routes
 * that need them reach their bodies.
 *
 * Input: byte 0 chooses the route (every POST and PUT of docs/protocol.md that takes a
 * JSON body, and the DELETEs that take one; `routes` below), the rest is the body, sent
 * with a blocking SoupSession as the route's caller. Placeholders in the body
 * ("{item}", "{uuid}", …; see expand()) are replaced first, so that the seeds name what
 * exists in this process's demo. The property: the server answers
 * every body with a 2xx, or a 4xx whose body is the protocol's JSON error — never a 5xx,
 * never a dropped connection (and, under the sanitizers, never a leak or a bad access).
 *
 * What the accepted bodies change (a PIN, the meeting's status, a closed vote) stays for
 * the rest of the process: later inputs then meet a 403, 404 or 409 instead, which is
 * as much a part of the server's reading as a 2xx.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

#include <string.h>

#include <libsoup/soup.h>

#include "core/plenum-json.h"
#include "plenum-demo.h"
#include "plenum-server.h"
#include "plenum-server-import.h"

/* Who sends a route's requests. */
typedef enum {
  AS_NOBODY,
  AS_MEMBER,    /* a member of the demo body (not the chair) */
  AS_CHAIR,
  AS_SECRETARY,
  AS_TERMINAL,  /* the enrolled terminal's credential */
  AS_OTHER,     /* a second member, whose PIN the routes on PINs may change */
} Caller;

typedef struct {
  const char *method;
  const char *path;   /* with {meeting}, {item}, {document}, {vote}, {round}, {body},
                       * {terminal}, {account}, {chair}, {name}, {annotation},
                       * {sha256} */
  Caller      caller;
} Route;

static const Route routes[] = {
  { "POST", "/api/v1/session", AS_NOBODY },
  { "PUT", "/api/v1/session/pin", AS_OTHER },
  { "PUT", "/api/v1/accounts/{name}/pin", AS_SECRETARY },
  { "POST", "/api/v1/accounts/{name}/unlock", AS_SECRETARY },
  { "PUT", "/api/v1/bodies/{body}/lease", AS_SECRETARY },
  { "PUT", "/api/v1/meetings/{meeting}/packet", AS_SECRETARY },
  { "PUT", "/api/v1/meetings/{meeting}/documents/{document}", AS_SECRETARY },
  { "POST", "/api/v1/meetings/{meeting}/documents/{document}/retract", AS_SECRETARY },
  { "POST", "/api/v1/meetings/{meeting}/documents/{document}/retire", AS_SECRETARY },
  { "PUT", "/api/v1/meetings/{meeting}/status", AS_SECRETARY },
  { "POST", "/api/v1/meetings/{meeting}/attendance", AS_MEMBER },
  { "POST", "/api/v1/terminals/enrolments", AS_SECRETARY },
  { "POST", "/api/v1/terminals", AS_NOBODY },
  { "POST", "/api/v1/terminals/{terminal}/unlock", AS_SECRETARY },
  { "POST", "/api/v1/terminals/{terminal}/wipe", AS_SECRETARY },
  { "POST", "/api/v1/terminals/{terminal}/wiped", AS_TERMINAL },
  { "PUT", "/api/v1/terminals/{terminal}/status", AS_TERMINAL },
  { "PUT", "/api/v1/annotations/{annotation}", AS_MEMBER },
  { "DELETE", "/api/v1/annotations/{annotation}", AS_MEMBER },
  { "POST", "/api/v1/meetings/{meeting}/votes", AS_CHAIR },
  { "POST", "/api/v1/meetings/{meeting}/votes/{vote}/ballots", AS_MEMBER },
  { "POST", "/api/v1/meetings/{meeting}/votes/{vote}/close", AS_CHAIR },
  { "POST", "/api/v1/meetings/{meeting}/votes/{vote}/annul", AS_CHAIR },
  { "POST", "/api/v1/meetings/{meeting}/votes/{vote}/show-of-hands", AS_CHAIR },
  { "PUT", "/api/v1/meetings/{meeting}/items/{item}/clearance", AS_SECRETARY },
  { "PUT", "/api/v1/meetings/{meeting}/items/{item}/conflict", AS_MEMBER },
  { "DELETE", "/api/v1/meetings/{meeting}/items/{item}/conflict", AS_MEMBER },
  { "PUT", "/api/v1/meetings/{meeting}/position", AS_CHAIR },
  { "POST", "/api/v1/meetings/{meeting}/speakers", AS_MEMBER },
  { "DELETE", "/api/v1/meetings/{meeting}/speakers/me", AS_MEMBER },
  { "POST", "/api/v1/meetings/{meeting}/speakers/next", AS_CHAIR },
  { "POST", "/api/v1/meetings/{meeting}/speakers/{account}/floor", AS_CHAIR },
  { "POST", "/api/v1/meetings/{meeting}/opinion-rounds", AS_SECRETARY },
  { "PUT", "/api/v1/meetings/{meeting}/opinion-rounds/{round}/answer", AS_MEMBER },
  { "POST", "/api/v1/meetings/{meeting}/opinion-rounds/{round}/close", AS_SECRETARY },
};

/* The one annotation id every input writes to, so that later inputs meet revisions. */
#define ANNOTATION_ID "5a1d2e3f-0b6f-4c1e-8d4a-2e8b9c3f4a5b"
#define TERMINAL_ID   "0b6f3c52-9a1e-4d7b-8c2f-5e4a3b2c1d0e"
/* Where the callers sign in: not the enrolled terminal, since wiping or revoking that
 * (routes of the input) ends every session signed in on it, and the rest of the run
 * would meet nothing but 401. */
#define SIGN_IN_TERMINAL_ID "7c2e4b1a-5d3f-4e6a-9b8c-1f0e2d3c4b5a"
#define ENROL_ROOM    "Phòng họp số 1"

static struct {
  GMutex        lock;
  GCond         cond;
  char         *url;      /* set by the server thread once it listens */
  char         *failure;  /* or why it could not */
  SoupSession  *session;
  char         *token[AS_OTHER + 1];
  char         *credential;
  char         *body_id;
  char         *item_id;
  char         *document_id;
  char         *vote_id;
  char         *round_id;
  char         *member_account_id;
  char         *chair_account_id;
  const char   *pin_name;  /* whose PIN the secretariat's routes set: nobody signed in
                           * here, since setting a PIN signs that account out */
  char         *sha256;
} fuzz;

/* ---- the server, in its own thread ------------------------------------------------------ */

static gboolean
seed (PlenumServerDb   *db,
      PlenumBlobStore  *blobs,
      const char       *scratch,
      GError          **error)
{
  g_autofree char *body_id = NULL;
  const char *body_ids[2] = { NULL, NULL };
  gboolean seeded = FALSE;

  if (!plenum_server_seed_demo (db, blobs, scratch, 10000, &seeded, error))
    return FALSE;
  /* A room for the terminal, as plenum-server --demo makes one. */
  body_id = plenum_server_db_find_body (db, plenum_demo_body_name (), error);
  if (body_id == NULL)
    return FALSE;
  body_ids[0] = body_id;
  return plenum_server_db_set_room (db, ENROL_ROOM, body_ids, NULL, error);
}

/* Runs the server on the global default main context, which nothing else in this
 * process iterates: the server's own timers (g_timeout_add()) then run here too. */
static gpointer
server_thread (gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumServerDb) db = NULL;
  g_autoptr(PlenumBlobStore) blobs = NULL;
  g_autoptr(PlenumServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *db_path = g_build_filename (fuzz_scratch_dir (), "plenum.db", NULL);
  g_autofree char *blob_dir = g_build_filename (fuzz_scratch_dir (), "blobs", NULL);
  g_autofree char *scratch = g_build_filename (fuzz_scratch_dir (), "tmp", NULL);
  PlenumServerSettings settings;

  plenum_server_settings_init (&settings);
  db = plenum_server_db_open (db_path, &error);
  if (db != NULL)
    blobs = plenum_blob_store_new (blob_dir, &error);
  if (blobs != NULL && seed (db, blobs, scratch, &error))
    {
      server = plenum_server_new (db, blobs, &settings);
      plenum_server_listen (server, "127.0.0.1", 0, &error);
    }

  g_mutex_lock (&fuzz.lock);
  if (error == NULL)
    fuzz.url = plenum_server_get_url (server);
  else
    fuzz.failure = g_strdup (error->message);
  g_cond_signal (&fuzz.cond);
  g_mutex_unlock (&fuzz.lock);
  if (error != NULL)
    return NULL;

  /* Until the process exits: libFuzzer never returns, and the replay's main returns
   * straight to exit(). */
  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return NULL;
}

/* ---- requests --------------------------------------------------------------------------- */

/* Sends @body (@length bytes; NULL: none) and returns the answer's body, with *@status. A
 * dropped connection or a timeout fails the run: the server must always answer. */
static GBytes *
send_request (const char *method,
              const char *path,
              Caller      caller,
              const char *body,
              gsize       length,
              guint      *status)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strconcat (fuzz.url, path, NULL);
  GBytes *answer;

  message = soup_message_new (method, uri);
  fuzz_check (message != NULL, "%s %s: not a URI", method, uri);
  if (caller == AS_TERMINAL)
    {
      g_autofree char *value = g_strconcat ("Terminal ", fuzz.credential, NULL);

      soup_message_headers_append (soup_message_get_request_headers (message), "Authorization",
                                   value);
    }
  else if (caller != AS_NOBODY)
    {
      g_autofree char *value = g_strconcat ("Bearer ", fuzz.token[caller], NULL);

      soup_message_headers_append (soup_message_get_request_headers (message), "Authorization",
                                   value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, length);

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  answer = soup_session_send_and_read (fuzz.session, message, NULL, &error);
  fuzz_check (answer != NULL, "%s %s: no answer: %s", method, path, error->message);
  *status = soup_message_get_status (message);
  return answer;
}

/* A request of the setting-up that must succeed; its answer parsed. */
static cJSON *
setup_request (const char *method,
               const char *path,
               Caller      caller,
               const char *body)
{
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  cJSON *root;
  gsize length = 0;
  const char *data;
  guint status = 0;

  answer = send_request (method, path, caller, body, body != NULL ? strlen (body) : 0, &status);
  data = g_bytes_get_data (answer, &length);
  if (status < 200 || status > 299)
    g_error ("Setting up: %s %s: %u %.*s", method, path, status, (int) length, data);
  root = plenum_json_parse (data, (gssize) length, &error);
  if (root == NULL)
    g_error ("Setting up: %s %s: %s", method, path, error->message);
  return root;
}

static const char *
string_at (const cJSON *node,
           const char  *key)
{
  const cJSON *value = cJSON_GetObjectItemCaseSensitive (node, key);

  if (!cJSON_IsString (value))
    g_error ("Setting up: no string \"%s\" in an answer", key);
  return value->valuestring;
}

static void
sign_in (Caller      caller,
         const char *name,
         const char *pin)
{
  g_autoptr(cJSON) request = cJSON_CreateObject ();
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *body = NULL;

  plenum_json_add_string (request, "name", name);
  plenum_json_add_string (request, "pin", pin);
  plenum_json_add_string (request, "terminal_id", SIGN_IN_TERMINAL_ID);
  body = plenum_json_print (request);
  answer = setup_request ("POST", "/api/v1/session", AS_NOBODY, body);
  fuzz.token[caller] = g_strdup (string_at (answer, "token"));
  if (caller == AS_MEMBER)
    fuzz.member_account_id =
      g_strdup (string_at (cJSON_GetObjectItemCaseSensitive (answer, "account"), "id"));
  if (caller == AS_CHAIR)
    fuzz.chair_account_id =
      g_strdup (string_at (cJSON_GetObjectItemCaseSensitive (answer, "account"), "id"));
}

static void
set_up_callers (void)
{
  const PlenumDemoAccount *accounts;
  guint n_accounts = 0;

  accounts = plenum_demo_accounts (&n_accounts);
  for (guint i = 0; i < n_accounts; i++)
    {
      const PlenumDemoAccount *account = &accounts[i];

      if (g_str_equal (account->name, plenum_demo_chair_name ()))
        sign_in (AS_CHAIR, account->name, account->pin);
      else if (g_str_equal (account->role, "secretary"))
        sign_in (AS_SECRETARY, account->name, account->pin);
      else if (account->in_body && fuzz.token[AS_MEMBER] == NULL &&
               !g_str_equal (account->name, plenum_demo_vice_chair_name ()))
        sign_in (AS_MEMBER, account->name, account->pin);
      else if (account->in_body && fuzz.token[AS_OTHER] == NULL &&
               !g_str_equal (account->name, plenum_demo_vice_chair_name ()))
        sign_in (AS_OTHER, account->name, account->pin);
      else if (account->in_body && fuzz.pin_name == NULL &&
               !g_str_equal (account->name, plenum_demo_vice_chair_name ()))
        fuzz.pin_name = account->name;
    }
  if (fuzz.token[AS_CHAIR] == NULL || fuzz.token[AS_SECRETARY] == NULL ||
      fuzz.token[AS_MEMBER] == NULL || fuzz.token[AS_OTHER] == NULL || fuzz.pin_name == NULL)
    g_error ("Setting up: the demo lacks an account this target needs");
}

/* The first item of @meeting (a Meeting's JSON) that has a document, and its first
 * document, replacing those known. FALSE when it has none. */
static gboolean
read_agenda_ids (const cJSON *meeting)
{
  const cJSON *agenda = cJSON_GetObjectItemCaseSensitive (meeting, "agenda");
  const cJSON *item;
  const cJSON *first_item = NULL;
  const cJSON *first_document = NULL;

  cJSON_ArrayForEach (item, agenda)
    {
      const cJSON *documents = cJSON_GetObjectItemCaseSensitive (item, "documents");

      /* The first item with a document, and that document: the chair's position
       * names both, and they must belong together. */
      if (first_document == NULL && cJSON_GetArraySize (documents) > 0)
        {
          first_item = item;
          first_document = cJSON_GetArrayItem (documents, 0);
        }
    }
  if (first_item == NULL || first_document == NULL)
    return FALSE;
  g_free (fuzz.item_id);
  fuzz.item_id = g_strdup (string_at (first_item, "id"));
  g_free (fuzz.document_id);
  fuzz.document_id = g_strdup (string_at (first_document, "id"));
  g_free (fuzz.sha256);
  fuzz.sha256 = g_strdup (string_at (first_document, "sha256"));
  return TRUE;
}

/* Enrols the terminal (again: a wipe or a revocation in an input ends its credential,
 * and the terminal's routes would meet nothing but 401 after it). FALSE when the server
 * refuses, as it may while redemption is locked after an input's wrong codes. */
static gboolean
enrol_terminal (void)
{
  g_autofree char *body = g_strdup_printf ("{\"room\":\"%s\",\"name\":\"Ghế 05\"}", ENROL_ROOM);
  g_autofree char *redeem = NULL;
  g_autoptr(GBytes) enrolment_answer = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(cJSON) enrolment = NULL;
  g_autoptr(cJSON) terminal = NULL;
  const char *data;
  gsize length = 0;
  guint status = 0;

  enrolment_answer = send_request ("POST", "/api/v1/terminals/enrolments", AS_SECRETARY, body,
                                   strlen (body), &status);
  data = g_bytes_get_data (enrolment_answer, &length);
  if (status != 201 || (enrolment = plenum_json_parse (data, (gssize) length, NULL)) == NULL)
    return FALSE;
  redeem = g_strdup_printf ("{\"code\":\"%s\",\"terminal_id\":\"%s\"}",
                            string_at (enrolment, "code"), TERMINAL_ID);
  answer = send_request ("POST", "/api/v1/terminals", AS_NOBODY, redeem, strlen (redeem), &status);
  data = g_bytes_get_data (answer, &length);
  if (status != 201 || (terminal = plenum_json_parse (data, (gssize) length, NULL)) == NULL)
    return FALSE;
  g_free (fuzz.credential);
  fuzz.credential = g_strdup (string_at (terminal, "credential"));
  return TRUE;
}

/* The ids the routes' paths need: the demo's first item and document, its opinion
 * round, a vote opened now, and an enrolled terminal. */
static void
set_up_ids (void)
{
  g_autofree char *meeting_path = g_strconcat ("/api/v1/meetings/", plenum_demo_meeting_id (), NULL);
  g_autofree char *rounds_path = g_strconcat (meeting_path, "/opinion-rounds", NULL);
  g_autofree char *votes_path = g_strconcat (meeting_path, "/votes", NULL);
  g_autofree char *operation_id = plenum_uuid_new ();
  g_autofree char *vote_body = NULL;
  g_autoptr(cJSON) meeting = NULL;
  g_autoptr(cJSON) rounds = NULL;
  g_autoptr(cJSON) vote = NULL;
  g_autoptr(cJSON) bodies = NULL;
  const cJSON *list;

  meeting = setup_request ("GET", meeting_path, AS_SECRETARY, NULL);
  if (!read_agenda_ids (meeting))
    g_error ("Setting up: the demo meeting has no item or no document");

  rounds = setup_request ("GET", rounds_path, AS_SECRETARY, NULL);
  list = cJSON_GetObjectItemCaseSensitive (rounds, "rounds");
  if (cJSON_GetArraySize (list) < 1)
    g_error ("Setting up: the demo has no opinion round");
  fuzz.round_id = g_strdup (string_at (cJSON_GetArrayItem (list, 0), "id"));

  vote_body = g_strdup_printf ("{\"operation_id\":\"%s\",\"item_id\":\"%s\",\"title\":\"Biểu quyết\","
                               "\"kind\":\"open\",\"majority\":\"present\","
                               "\"quorum_required\":false,\"changeable\":true}",
                               operation_id, fuzz.item_id);
  vote = setup_request ("POST", votes_path, AS_CHAIR, vote_body);
  fuzz.vote_id = g_strdup (string_at (vote, "id"));

  bodies = setup_request ("GET", "/api/v1/bodies", AS_SECRETARY, NULL);
  list = cJSON_GetObjectItemCaseSensitive (bodies, "bodies");
  fuzz.body_id = g_strdup (string_at (cJSON_GetArrayItem (list, 0), "id"));

  if (!enrol_terminal ())
    g_error ("Setting up: the terminal could not be enrolled");
}

/* Replaces the placeholders of @text (a route's path, or a body: the seeds use them, so
 * that the ids this process's demo was given reach the handlers) with their values;
 * "{uuid}" with a new UUID each time, as every write needs a fresh operation id. */
static char *
expand (const char *text)
{
  const struct {
    const char *name;
    const char *value;
  } values[] = {
    { "{meeting}", plenum_demo_meeting_id () },
    { "{item}", fuzz.item_id },
    { "{document}", fuzz.document_id },
    { "{vote}", fuzz.vote_id },
    { "{round}", fuzz.round_id },
    { "{body}", fuzz.body_id },
    { "{terminal}", TERMINAL_ID },
    { "{account}", fuzz.member_account_id },
    { "{chair}", fuzz.chair_account_id },
    { "{name}", fuzz.pin_name },
    { "{sha256}", fuzz.sha256 },
    { "{annotation}", ANNOTATION_ID },
  };
  g_autoptr(GString) expanded = g_string_new (text);
  char *uuid;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_string_replace (expanded, values[i].name, values[i].value, 0);
  while ((uuid = strstr (expanded->str, "{uuid}")) != NULL)
    {
      g_autofree char *fresh = plenum_uuid_new ();
      gsize at = (gsize) (uuid - expanded->str);

      g_string_erase (expanded, (gssize) at, strlen ("{uuid}"));
      g_string_insert (expanded, (gssize) at, fresh);
    }
  return g_string_free (g_steal_pointer (&expanded), FALSE);
}

/* Keeps the ids of the paths in step with what an accepted input changed: a packet
 * published anew has new items and documents; a vote or round opened replaces the one
 * the later routes act on (the old one may be closed); a terminal wiped or revoked is
 * enrolled again. */
static void
follow_answer (const Route *route,
               guint        status,
               const char  *text,
               gsize        length)
{
  g_autoptr(cJSON) root = NULL;
  const cJSON *id;

  if (status == 401 && route->caller == AS_TERMINAL)
    {
      enrol_terminal ();
      return;
    }
  if (status < 200 || status > 299)
    return;
  root = plenum_json_parse (text, (gssize) length, NULL);
  if (root == NULL)
    return;
  id = cJSON_GetObjectItemCaseSensitive (root, "id");
  if (g_str_has_suffix (route->path, "/packet"))
    read_agenda_ids (root);
  else if (g_str_equal (route->method, "POST") && g_str_has_suffix (route->path, "/votes") &&
           cJSON_IsString (id))
    {
      g_free (fuzz.vote_id);
      fuzz.vote_id = g_strdup (id->valuestring);
    }
  else if (g_str_equal (route->method, "POST") &&
           g_str_has_suffix (route->path, "/opinion-rounds") && cJSON_IsString (id))
    {
      g_free (fuzz.round_id);
      fuzz.round_id = g_strdup (id->valuestring);
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GThread) thread = NULL;

  fuzz_init_logging (FALSE);
  plenum_json_init ();
  g_mutex_init (&fuzz.lock);
  g_cond_init (&fuzz.cond);
  thread = g_thread_new ("fuzz-server", server_thread, NULL);
  g_mutex_lock (&fuzz.lock);
  while (fuzz.url == NULL && fuzz.failure == NULL)
    g_cond_wait (&fuzz.cond, &fuzz.lock);
  g_mutex_unlock (&fuzz.lock);
  if (fuzz.failure != NULL)
    g_error ("Cannot start the server: %s", fuzz.failure);

  /* Bounded, so that a server that stops answering fails the run instead of hanging it
   * (libFuzzer's own -timeout is the other bound). */
  fuzz.session = soup_session_new_with_options ("timeout", 30, NULL);
  set_up_callers ();
  set_up_ids ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) root = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  gsize body_length;
  const Route *route;
  const cJSON *error_object;
  const char *text;
  gsize length = 0;
  guint status = 0;

  if (size < 1)
    return 0;
  route = &routes[data[0] % G_N_ELEMENTS (routes)];
  path = expand (route->path);
  /* A body with a NUL byte goes as it is (the placeholders are found in C strings). */
  if (memchr (data + 1, '\0', size - 1) == NULL)
    {
      g_autofree char *raw = g_strndup ((const char *) data + 1, size - 1);

      body = expand (raw);
      body_length = strlen (body);
    }
  else
    {
      body = g_memdup2 (data + 1, size - 1);
      body_length = size - 1;
    }
  answer = send_request (route->method, path, route->caller, body, body_length, &status);
  text = g_bytes_get_data (answer, &length);

  fuzz_check (status >= 200 && status <= 499, "%s %s: %u %.*s", route->method, path, status,
              (int) length, text);
  follow_answer (route, status, text, length);
  if (status < 400)
    return 0;
  root = plenum_json_parse (text, (gssize) length, &error);
  fuzz_check (root != NULL, "%s %s: %u with a body that is not JSON: %s", route->method, path,
              status, error->message);
  error_object = cJSON_GetObjectItemCaseSensitive (root, "error");
  fuzz_check (cJSON_IsObject (error_object) &&
              cJSON_IsString (cJSON_GetObjectItemCaseSensitive (error_object, "code")) &&
              cJSON_IsString (cJSON_GetObjectItemCaseSensitive (error_object, "message")),
              "%s %s: %u without the protocol's error: %.*s", route->method, path, status,
              (int) length, text);
  return 0;
}
