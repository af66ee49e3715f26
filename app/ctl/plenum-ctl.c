/* plenum-ctl.c — plenumctl's commands: sign-in and sign-out, publishing a packet folder,
 * terminals (list with readiness, enrol, revoke), members' PINs (set, unlock, change),
 * meetings and a meeting's status.
 *
 * Each command runs its requests through PlenumHttpClient on a GMainLoop that it runs
 * until the answer is there: a command line has nothing else to do meanwhile, and the
 * client's rules (TLS verification, plain http only to loopback, no credential in a log)
 * then hold for plenumctl as for the terminals.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "core/plenum-json.h"
#include "core/plenum-packet-manifest.h"
#include "packet/plenum-packet-folder.h"
#include "plenum-ctl.h"
#include "plenum-ctl-errors.h"
#include "plenum-ctl-session.h"
#include "net/plenum-blob-upload.h"

/* Attempts of the manifest's PUT on a transient failure (the same operation_id each
 * time, so the server applies it once). */
#define PUBLISH_ATTEMPTS 3
/* How often upload progress is printed. */
#define PROGRESS_INTERVAL_MS 250

/* One line per problem, on stderr. */
void
plenum_ctl_complain (const char *format,
                     ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "plenumctl: %s\n", text);
}

/* The exit code for a failed request, after saying why. */
int
plenum_ctl_exit_for_error (PlenumCtl    *ctl,
                const char   *what,
                const GError *error)
{
  /* The server's code, said in the user's language (plenum-ctl-errors.c). */
  g_autofree char *text = plenum_ctl_error_text (error);

  if (g_error_matches (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_TOKEN_EXPIRED))
    {
      /* Translators: what failed, the server's address, and why. */
      plenum_ctl_complain (_("%s: the session for %s has expired or was signed out (%s); sign in again "
                "with “plenumctl sign-in NAME”"), what, ctl->server_url, text);
      return PLENUM_CTL_EXIT_SIGNED_OUT;
    }
  plenum_ctl_complain ("%s: %s", what, text);
  if (error->domain == PLENUM_PACKET_ERROR)
    return PLENUM_CTL_EXIT_BAD_INPUT;
  if (error->domain != PLENUM_HTTP_ERROR)
    return PLENUM_CTL_EXIT_BAD_INPUT;
  switch ((PlenumHttpError) error->code)
    {
    case PLENUM_HTTP_ERROR_INVALID_URL:
    case PLENUM_HTTP_ERROR_INSECURE:
      return PLENUM_CTL_EXIT_USAGE;
    case PLENUM_HTTP_ERROR_FAILED:
    case PLENUM_HTTP_ERROR_UNREACHABLE:
    case PLENUM_HTTP_ERROR_TIMEOUT:
    case PLENUM_HTTP_ERROR_TLS:
    case PLENUM_HTTP_ERROR_CONNECTION_LOST:
    case PLENUM_HTTP_ERROR_SERVER_ERROR:
      return PLENUM_CTL_EXIT_UNREACHABLE;
    case PLENUM_HTTP_ERROR_BAD_RESPONSE:
      {
        guint status = plenum_http_error_get_status (error);

        return status >= 400 && status < 500 ? PLENUM_CTL_EXIT_REFUSED
                                             : PLENUM_CTL_EXIT_UNREACHABLE;
      }
    case PLENUM_HTTP_ERROR_BAD_REQUEST:
    case PLENUM_HTTP_ERROR_UNAUTHORIZED:
    case PLENUM_HTTP_ERROR_TOKEN_EXPIRED:
    case PLENUM_HTTP_ERROR_WRONG_CREDENTIALS:
    case PLENUM_HTTP_ERROR_FORBIDDEN:
    case PLENUM_HTTP_ERROR_NOT_FOUND:
    case PLENUM_HTTP_ERROR_METHOD_NOT_ALLOWED:
    case PLENUM_HTTP_ERROR_CONFLICT:
    case PLENUM_HTTP_ERROR_MISSING_BLOB:
    case PLENUM_HTTP_ERROR_API_VERSION:
    case PLENUM_HTTP_ERROR_TOO_LARGE:
    case PLENUM_HTTP_ERROR_RANGE_NOT_SATISFIABLE:
    case PLENUM_HTTP_ERROR_HASH_MISMATCH:
    case PLENUM_HTTP_ERROR_TOO_MANY_ATTEMPTS:
    case PLENUM_HTTP_ERROR_REFUSED:
    case PLENUM_HTTP_ERROR_TERMINAL_REVOKED:
    case PLENUM_HTTP_ERROR_TERMINAL_WIPE:
    default:
      return PLENUM_CTL_EXIT_REFUSED;
    }
}

/* Makes the client for --server (or PLENUMCTL_SERVER) and, when @signed_in, sets the
 * stored session's token. Returns an exit code (PLENUM_CTL_EXIT_OK: go on). */
int
plenum_ctl_connect (PlenumCtl *ctl,
                gboolean   signed_in)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumCtlSession) session = NULL;

  if (ctl->server_url == NULL || ctl->server_url[0] == '\0')
    {
      plenum_ctl_complain (_("no server: give --server URL or set PLENUMCTL_SERVER"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  ctl->client = plenum_http_client_new (ctl->server_url, &error);
  if (ctl->client == NULL)
    return plenum_ctl_exit_for_error (ctl, ctl->server_url, error);
  if (ctl->ca_file != NULL && ctl->ca_file[0] != '\0')
    {
      /* Checked here, so that a wrong path is said as such rather than as a server
       * whose certificate was refused. */
      if (!g_file_test (ctl->ca_file, G_FILE_TEST_IS_REGULAR))
        {
          plenum_ctl_complain (_("--ca-file %s: no such file"), ctl->ca_file);
          return PLENUM_CTL_EXIT_USAGE;
        }
      plenum_http_client_set_ca_file (ctl->client, ctl->ca_file);
    }
  if (ctl->pinned_public_key != NULL && ctl->pinned_public_key[0] != '\0' &&
      !plenum_http_client_set_pinned_public_key (ctl->client, ctl->pinned_public_key, &error))
    return plenum_ctl_exit_for_error (ctl, _("--pinned-public-key"), error);
  /* The session is kept under the URL as the client normalised it ("…/" and "…" are one
   * server). */
  g_free (ctl->server_url);
  ctl->server_url = g_strdup (plenum_http_client_get_base_url (ctl->client));
  if (!signed_in)
    return PLENUM_CTL_EXIT_OK;

  session = plenum_ctl_session_load (ctl->server_url, &error);
  if (session == NULL && error != NULL)
    {
      plenum_ctl_complain ("%s", error->message);
      return PLENUM_CTL_EXIT_SIGNED_OUT;
    }
  if (session == NULL)
    {
      plenum_ctl_complain (_("not signed in to %s: run “plenumctl sign-in NAME” first"), ctl->server_url);
      return PLENUM_CTL_EXIT_SIGNED_OUT;
    }
  ctl->token = g_strdup (session->token);
  plenum_http_client_set_token (ctl->client, ctl->token);
  return PLENUM_CTL_EXIT_OK;
}

typedef struct {
  GMainLoop    *loop;
  GAsyncResult *result;
} Waiter;

static void
request_finished_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

/* Runs one request to the end. *@out (may be NULL) gets the answer's JSON, or NULL for
 * an empty answer (204). */
gboolean
plenum_ctl_request (PlenumCtl    *ctl,
             const char   *method,
             const char   *path,
             const cJSON  *body,
             cJSON       **out,
             GError      **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PlenumHttpResponse) response = NULL;
  Waiter waiter = { ctl->loop, NULL };
  GBytes *answer;
  gsize size = 0;
  const char *data;

  if (body != NULL)
    {
      char *text = plenum_json_print (body);

      bytes = g_bytes_new_take (text, strlen (text));
    }
  plenum_http_client_request_async (ctl->client, method, path, bytes, NULL, NULL,
                                    request_finished_cb, &waiter);
  while (waiter.result == NULL)
    g_main_loop_run (ctl->loop);
  response = plenum_http_client_request_finish (ctl->client, waiter.result, error);
  g_object_unref (waiter.result);
  if (response == NULL)
    return FALSE;
  if (out == NULL)
    return TRUE;
  answer = plenum_http_response_get_body (response);
  data = answer != NULL ? g_bytes_get_data (answer, &size) : NULL;
  *out = NULL;
  if (size == 0)
    return TRUE;
  *out = plenum_json_parse (data, (gssize) size, error);
  return *out != NULL;
}

void
plenum_ctl_print_json (const cJSON *node)
{
  g_autofree char *text = plenum_json_print (node);

  printf ("%s\n", text);
}

/* A string member for display: "" when it is absent or not a string. */
const char *
plenum_ctl_member_string (const cJSON *object,
               const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsString (item) ? item->valuestring : "";
}

gint64
plenum_ctl_member_int (const cJSON *object,
            const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsNumber (item) ? (gint64) item->valuedouble : 0;
}

gboolean
plenum_ctl_member_bool (const cJSON *object,
             const char  *key)
{
  return cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (object, key));
}

/* Parses a command's options; on a usage error says why. --help prints the command's
 * help and exits 0 (GOption's own behaviour). */
gboolean
plenum_ctl_parse_options (const char   *parameters,
               const char   *summary,
               GOptionEntry *entries,
               int          *argc,
               char       ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context,
                                    _("Global options: --server URL (or PLENUMCTL_SERVER), "
                                    "--json.\nExit codes: see “plenumctl --help”."));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      plenum_ctl_complain ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- sign-in, sign-out ------------------------------------------------------------- */

/* The PIN: a line on stdin, or typed at a prompt without echo when stdin is a terminal.
 * Never from the command line, where other users see it in the process list. */
char *
plenum_ctl_read_secret (const char *prompt)
{
  char buffer[128] = "";
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  char *pin = NULL;
  gsize len;

  if (tty)
    {
      fputs (prompt, stderr);
      fflush (stderr);
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t) ECHO;
          tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
        }
      else
        tty = FALSE;
    }
  if (fgets (buffer, sizeof buffer, stdin) != NULL)
    {
      len = strlen (buffer);
      while (len > 0 && (buffer[len - 1] == '\n' || buffer[len - 1] == '\r'))
        buffer[--len] = '\0';
      pin = g_strdup (buffer);
    }
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fputc ('\n', stderr);
    }
  memset (buffer, 0, sizeof buffer);
  return pin;
}

static char *
read_pin (const char *name)
{
  g_autofree char *prompt = g_strdup_printf (_("PIN for %s: "), name);

  return plenum_ctl_read_secret (prompt);
}

int
plenum_ctl_sign_in (PlenumCtl  *ctl,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) request = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *installation_id = NULL;
  g_autoptr(PlenumCtlSession) session = NULL;
  const cJSON *account = NULL;
  const char *token = NULL, *expires_at = NULL, *role = NULL, *display_name = NULL;
  const char *account_id = NULL;
  char *pin;
  int code;

  if (!plenum_ctl_parse_options ("NAME", _("Signs in to the server as NAME. The PIN is read from stdin "
                      "(or typed at a prompt without echo); the token is kept in "
                      "$XDG_CONFIG_HOME/plenumctl/session."), NULL, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 2 || !plenum_is_sign_in_name (argv[1]))
    {
      plenum_ctl_complain (_("sign-in: give one sign-in name (lowercase letters, digits, “.”, “-”, “_”)"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  code = plenum_ctl_connect (ctl, FALSE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  installation_id = plenum_ctl_session_installation_id (&error);
  if (installation_id == NULL)
    {
      plenum_ctl_complain ("%s", error->message);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }

  pin = read_pin (argv[1]);
  if (pin == NULL || !plenum_is_pin (pin))
    {
      plenum_secret_free (pin);
      plenum_ctl_complain (_("sign-in: no PIN of 4 to 12 digits on stdin"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  request = cJSON_CreateObject ();
  plenum_json_add_string (request, "name", argv[1]);
  plenum_json_add_string (request, "pin", pin);
  plenum_json_add_string (request, "terminal_id", installation_id);
  plenum_secret_free (pin);
  if (!plenum_ctl_request (ctl, "POST", "/api/v1/session", request, &answer, &error))
    {
      /* The request held the PIN. */
      cJSON_Delete (g_steal_pointer (&request));
      if (g_error_matches (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_WRONG_CREDENTIALS))
        {
          g_autofree char *text = plenum_ctl_error_text (error);

          plenum_ctl_complain ("sign-in: %s", text);
          return PLENUM_CTL_EXIT_REFUSED;
        }
      return plenum_ctl_exit_for_error (ctl, "sign-in", error);
    }
  cJSON_Delete (g_steal_pointer (&request));

  if (answer == NULL ||
      !plenum_json_get_string (answer, NULL, "token", PLENUM_JSON_REQUIRED, &token, &error) ||
      !plenum_json_get_string (answer, NULL, "expires_at", PLENUM_JSON_REQUIRED, &expires_at,
                               &error) ||
      !plenum_json_get_object (answer, NULL, "account", PLENUM_JSON_REQUIRED, &account,
                               &error) ||
      !plenum_json_get_string (account, "account", "role", PLENUM_JSON_REQUIRED, &role,
                               &error) ||
      !plenum_json_get_uuid (account, "account", "id", PLENUM_JSON_REQUIRED, &account_id,
                             &error) ||
      !plenum_json_get_string (account, "account", "display_name", PLENUM_JSON_REQUIRED,
                               &display_name, &error))
    {
      plenum_ctl_complain (_("sign-in: the server's answer is not a session: %s"),
                error != NULL ? error->message : _("empty"));
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }
  session = g_new0 (PlenumCtlSession, 1);
  session->token = g_strdup (token);
  session->name = g_strdup (argv[1]);
  session->role = g_strdup (role);
  session->expires_at = g_strdup (expires_at);
  if (!plenum_ctl_session_save (ctl->server_url, installation_id, session, &error))
    {
      plenum_ctl_complain ("sign-in: %s", error->message);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }

  if (ctl->json)
    {
      g_autoptr(cJSON) out = cJSON_CreateObject ();

      plenum_json_add_string (out, "server", ctl->server_url);
      plenum_json_add_string (out, "account_id", account_id);
      plenum_json_add_string (out, "name", argv[1]);
      plenum_json_add_string (out, "display_name", display_name);
      plenum_json_add_string (out, "role", role);
      plenum_json_add_string (out, "expires_at", expires_at);
      plenum_ctl_print_json (out);
    }
  else
    printf (_("Signed in to %s as %s (%s, %s) until %s.\n"), ctl->server_url, argv[1],
            display_name, role, expires_at);
  /* The answer held the token. */
  memset ((char *) token, 0, strlen (token));
  return PLENUM_CTL_EXIT_OK;
}

int
plenum_ctl_sign_out (PlenumCtl  *ctl,
                     int         argc,
                     char      **argv)
{
  g_autoptr(GError) error = NULL;
  int code;

  if (!plenum_ctl_parse_options ("", _("Signs out: the server forgets the token, and so does plenumctl."),
                      NULL, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 1)
    {
      plenum_ctl_complain (_("sign-out: takes no arguments"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  if (!plenum_ctl_request (ctl, "DELETE", "/api/v1/session", NULL, NULL, &error) &&
      !g_error_matches (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_UNAUTHORIZED) &&
      !g_error_matches (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_TOKEN_EXPIRED))
    /* The session stays, so that signing out can be tried again once the server is
     * back: forgetting the token here would leave it valid there until it expires. */
    return plenum_ctl_exit_for_error (ctl, "sign-out", error);
  g_clear_error (&error);
  if (!plenum_ctl_session_remove (ctl->server_url, &error))
    {
      plenum_ctl_complain ("sign-out: %s", error->message);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }
  if (ctl->json)
    {
      g_autoptr(cJSON) out = cJSON_CreateObject ();

      plenum_json_add_string (out, "server", ctl->server_url);
      plenum_json_add_bool (out, "signed_out", TRUE);
      plenum_ctl_print_json (out);
    }
  else
    printf (_("Signed out of %s.\n"), ctl->server_url);
  return PLENUM_CTL_EXIT_OK;
}

/* ---- publish ----------------------------------------------------------------------- */

/* The account id of @sign_in_name among @members (GET /api/v1/bodies), or the one given
 * on the command line (@given), which must be a member. NULL after saying why. */
static const char *
resolve_member (const cJSON *members,
                const char  *field,
                const char  *sign_in_name,
                const char  *given,
                const char  *option)
{
  const cJSON *member;

  cJSON_ArrayForEach (member, members)
    {
      const char *id = plenum_ctl_member_string (member, "id");

      if (given != NULL ? g_str_equal (id, given)
                        : g_str_equal (plenum_ctl_member_string (member, "name"), sign_in_name))
        return id;
    }
  if (given != NULL)
    plenum_ctl_complain (_("packet.json: %s: the account %s given with %s is not a member of the "
              "meeting's body"), field, given, option);
  else
    plenum_ctl_complain (_("packet.json: %s: the server does not list “%s” among the body's members "
              "by sign-in name; give the account's id with %s"), field, sign_in_name,
              option);
  return NULL;
}

typedef struct {
  PlenumCtl               *ctl;
  PlenumBlobUploadProgress progress;
  guint64                  done;     /* bytes of the blobs finished before this one */
  guint64                  total;    /* bytes of every blob to upload */
  gsize                    shown;    /* the progress last printed */
} UploadRun;

static gboolean
progress_tick_cb (gpointer user_data)
{
  UploadRun *run = user_data;
  gsize sent = g_atomic_pointer_get (&run->progress.sent);

  if (sent != run->shown)
    {
      run->shown = sent;
      /* Translators: progress of an upload: bytes sent of bytes to send. */
      fprintf (stderr, _("upload: %llu/%llu bytes\n"),
               (unsigned long long) (run->done + sent), (unsigned long long) run->total);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
retry_due_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
plenum_ctl_upload_missing (PlenumCtl        *ctl,
                           const char       *what,
                           GPtrArray        *files,
                           PlenumCtlUploads *uploads)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  UploadRun run = { ctl, { 0 }, 0, 0, 0 };

  *uploads = (PlenumCtlUploads) { 0, 0, 0 };
  for (guint i = 0; i < files->len; i++)
    {
      const PlenumCtlBlobFile *file = g_ptr_array_index (files, i);
      g_autofree char *path = NULL;

      if (!g_hash_table_add (seen, (gpointer) file->sha256))
        continue;
      uploads->blobs++;
      path = g_strdup_printf ("/api/v1/blobs/%s", file->sha256);
      if (plenum_ctl_request (ctl, "HEAD", path, NULL, NULL, &error))
        continue;
      if (!g_error_matches (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_NOT_FOUND))
        return plenum_ctl_exit_for_error (ctl, _("asking the server for a blob"), error);
      g_clear_error (&error);
      g_ptr_array_add (missing, (gpointer) file);
      run.total += file->size;
    }
  if (!ctl->json)
    /* Translators: the command ("publish"), how many files (blobs) the packet has, how
     * many of them the server has already, how many are uploaded now and their size. */
    fprintf (stderr, _("%s: %u blobs, %u already on the server, %u new blobs to upload "
                       "(%llu bytes)\n"),
             what, uploads->blobs, uploads->blobs - missing->len, missing->len,
             (unsigned long long) run.total);

  for (guint i = 0; i < missing->len; i++)
    {
      const PlenumCtlBlobFile *file = g_ptr_array_index (missing, i);
      g_autoptr(GSource) tick = NULL;
      Waiter waiter = { ctl->loop, NULL };

      if (!ctl->json)
        {
          tick = g_timeout_source_new (PROGRESS_INTERVAL_MS);
          g_source_set_callback (tick, progress_tick_cb, &run, NULL);
          g_source_attach (tick, NULL);
        }
      g_atomic_pointer_set (&run.progress.sent, 0);
      run.shown = 0;
      plenum_blob_upload_async (ctl->client, ctl->token, file->sha256, file->path,
                                &run.progress, NULL, request_finished_cb, &waiter);
      while (waiter.result == NULL)
        g_main_loop_run (ctl->loop);
      if (tick != NULL)
        g_source_destroy (tick);
      if (plenum_blob_upload_finish (waiter.result, &error) == 0)
        {
          g_autofree char *doing = g_strdup_printf (_("uploading %s"), file->label);

          g_object_unref (waiter.result);
          return plenum_ctl_exit_for_error (ctl, doing, error);
        }
      g_object_unref (waiter.result);
      run.done += file->size;
      uploads->uploaded++;
      uploads->bytes_uploaded += file->size;
      if (!ctl->json)
        /* Translators: bytes sent of bytes to send, and the file just finished. */
        fprintf (stderr, _("upload: %llu/%llu bytes (%s done)\n"),
                 (unsigned long long) run.done, (unsigned long long) run.total, file->label);
    }
  return PLENUM_CTL_EXIT_OK;
}

int
plenum_ctl_request_retrying (PlenumCtl    *ctl,
                             const char   *method,
                             const char   *path,
                             const cJSON  *body,
                             cJSON       **out,
                             const char   *what)
{
  g_autoptr(GError) error = NULL;

  /* A transient failure (the connection broke, a 5xx) leaves it unknown whether the
   * server applied the request. Sending it again with the same operation_id is safe:
   * the server applies an operation once and answers a repeat with the first result. */
  for (guint attempt = 1; ; attempt++)
    {
      g_autofree char *text = NULL;

      g_clear_error (&error);
      if (plenum_ctl_request (ctl, method, path, body, out, &error))
        return PLENUM_CTL_EXIT_OK;
      if (attempt >= PUBLISH_ATTEMPTS || !plenum_http_error_is_transient (error))
        return plenum_ctl_exit_for_error (ctl, what, error);
      text = plenum_ctl_error_text (error);
      /* Translators: what is being done, and why it failed this time. */
      plenum_ctl_complain (_("%s: %s; retrying with the same operation id, which the server "
                           "applies only once"), what, text);
      g_timeout_add_seconds (attempt, retry_due_cb, ctl->loop);
      g_main_loop_run (ctl->loop);
    }
}

int
plenum_ctl_publish (PlenumCtl  *ctl,
                    int         argc,
                    char      **argv)
{
  g_autofree char *meeting_id_option = NULL;
  g_autofree char *chair_id_option = NULL;
  g_autofree char *vice_chair_id_option = NULL;
  GOptionEntry entries[] = {
    { "meeting-id", 0, 0, G_OPTION_ARG_STRING, &meeting_id_option,
      N_("Publish as this meeting (UUID) instead of packet.json's meeting.id"), "UUID" },
    { "chair-id", 0, 0, G_OPTION_ARG_STRING, &chair_id_option,
      N_("The chair's account id, when the server does not list sign-in names"), "UUID" },
    { "vice-chair-id", 0, 0, G_OPTION_ARG_STRING, &vice_chair_id_option,
      N_("The vice chair's account id, likewise"), "UUID" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumPacketFolder) folder = NULL;
  int code;

  if (!plenum_ctl_parse_options ("DIR", _("Publishes the packet folder DIR (packet.json and the PDFs "
                      "beside it): uploads the blobs the server lacks, then the manifest."),
                      entries, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 2)
    {
      plenum_ctl_complain (_("publish: give one packet folder"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  if ((meeting_id_option != NULL && !plenum_is_uuid (meeting_id_option)) ||
      (chair_id_option != NULL && !plenum_is_uuid (chair_id_option)) ||
      (vice_chair_id_option != NULL && !plenum_is_uuid (vice_chair_id_option)))
    {
      plenum_ctl_complain (_("publish: --meeting-id, --chair-id and --vice-chair-id take a lowercase UUID"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;

  /* The whole folder is read and checked (every PDF hashed and opened) before anything
   * is sent: a bad packet uploads nothing. */
  folder = plenum_packet_folder_read (argv[1], NULL, &error);
  if (folder == NULL)
    {
      plenum_ctl_complain ("%s", error->message);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }
  return plenum_ctl_publish_folder (ctl, folder,
                                    meeting_id_option != NULL ? meeting_id_option
                                                              : folder->meeting_id,
                                    chair_id_option, vice_chair_id_option);
}

int
plenum_ctl_publish_folder (PlenumCtl                *ctl,
                           const PlenumPacketFolder *folder,
                           const char               *meeting_id,
                           const char               *chair_id_option,
                           const char               *vice_chair_id_option)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) bodies_answer = NULL;
  g_autoptr(GPtrArray) files = NULL;           /* of PlenumCtlBlobFile */
  PlenumCtlUploads uploads = { 0, 0, 0 };
  g_autoptr(PlenumPacketManifest) manifest = NULL;
  g_autoptr(cJSON) manifest_json = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *operation_id = NULL;
  g_autofree char *packet_path = NULL;
  const cJSON *bodies = NULL, *body, *members = NULL;
  const char *body_id = NULL, *chair_id, *vice_chair_id = NULL;
  const PlenumPacketFolderDocument *document;
  gint64 packet_version = 0;
  int code;


  /* Names to ids, as --import-packet does against its database: the body by its name,
   * the chair and vice chair among its members. */
  if (!plenum_ctl_request (ctl, "GET", "/api/v1/bodies", NULL, &bodies_answer, &error))
    return plenum_ctl_exit_for_error (ctl, _("reading the server's bodies"), error);
  if (bodies_answer == NULL ||
      !plenum_json_get_array (bodies_answer, NULL, "bodies", PLENUM_JSON_REQUIRED,
                              G_MAXUINT, &bodies, &error))
    {
      plenum_ctl_complain (_("reading the server's bodies: %s"), error != NULL ? error->message : _("empty"));
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }
  cJSON_ArrayForEach (body, bodies)
    if (g_str_equal (plenum_ctl_member_string (body, "name"), folder->body))
      {
        body_id = plenum_ctl_member_string (body, "id");
        members = cJSON_GetObjectItemCaseSensitive (body, "members");
        break;
      }
  if (body_id == NULL)
    {
      plenum_ctl_complain (_("packet.json: meeting.body: there is no body named “%s” on this server"),
                folder->body);
      return PLENUM_CTL_EXIT_BAD_INPUT;
    }
  chair_id = resolve_member (members, "meeting.chair", folder->chair, chair_id_option,
                             "--chair-id");
  if (chair_id == NULL)
    return PLENUM_CTL_EXIT_BAD_INPUT;
  if (folder->vice_chair != NULL || vice_chair_id_option != NULL)
    {
      vice_chair_id = resolve_member (members, "meeting.vice_chair",
                                      folder->vice_chair != NULL ? folder->vice_chair : "",
                                      vice_chair_id_option, "--vice-chair-id");
      if (vice_chair_id == NULL)
        return PLENUM_CTL_EXIT_BAD_INPUT;
    }

  /* Which blobs the server lacks (a file listed twice is one blob), then those. */
  files = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < folder->items->len; i++)
    {
      const PlenumPacketFolderItem *item = g_ptr_array_index (folder->items, i);

      for (guint j = 0; j < item->documents->len; j++)
        {
          PlenumCtlBlobFile *file = g_new0 (PlenumCtlBlobFile, 1);

          document = g_ptr_array_index (item->documents, j);
          file->sha256 = document->sha256;
          file->path = document->path;
          file->label = document->file;
          file->size = document->size;
          g_ptr_array_add (files, file);
        }
    }
  code = plenum_ctl_upload_missing (ctl, "publish", files, &uploads);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;

  /* Every blob is there: one manifest publishes the packet atomically. */
  operation_id = plenum_uuid_new ();
  manifest = plenum_packet_manifest_new (operation_id, body_id, folder->title,
                                         folder->starts_at, folder->location, chair_id,
                                         vice_chair_id);
  for (guint i = 0; i < folder->items->len; i++)
    {
      const PlenumPacketFolderItem *item = g_ptr_array_index (folder->items, i);

      if (!plenum_packet_manifest_add_item (manifest, item->number, item->title,
                                            item->closed_session, &error))
        {
          plenum_ctl_complain (_("packet.json: items[%u].number: %s"), i, error->message);
          return PLENUM_CTL_EXIT_BAD_INPUT;
        }
      for (guint j = 0; j < item->documents->len; j++)
        {
          document = g_ptr_array_index (item->documents, j);
          plenum_packet_manifest_add_document_with_password (manifest, i, document->title,
                                                             document->sha256,
                                                             document->confidential,
                                                             document->password);
        }
    }
  manifest_json = plenum_packet_manifest_to_json (manifest);
  packet_path = g_strdup_printf ("/api/v1/meetings/%s/packet", meeting_id);
  code = plenum_ctl_request_retrying (ctl, "PUT", packet_path, manifest_json, &answer,
                                      _("publishing the manifest"));
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  if (answer == NULL ||
      !plenum_json_get_int64 (answer, NULL, "packet_version", PLENUM_JSON_REQUIRED, 1,
                              G_MAXINT32, &packet_version, &error))
    {
      plenum_ctl_complain (_("publishing the manifest: the server's answer is not a meeting: %s"),
                error != NULL ? error->message : _("empty"));
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }

  if (ctl->json)
    {
      g_autoptr(cJSON) out = cJSON_CreateObject ();

      plenum_json_add_string (out, "meeting_id", meeting_id);
      plenum_json_add_int64 (out, "packet_version", packet_version);
      plenum_json_add_string (out, "operation_id", operation_id);
      plenum_json_add_int64 (out, "blobs", (gint64) uploads.blobs);
      plenum_json_add_int64 (out, "blobs_uploaded", (gint64) uploads.uploaded);
      plenum_json_add_int64 (out, "bytes_uploaded", (gint64) uploads.bytes_uploaded);
      plenum_ctl_print_json (out);
    }
  else
    /* Translators: a meeting's id and its packet's new version. */
    printf (_("Published meeting %s, packet version %lld.\n"), meeting_id,
            (long long) packet_version);
  return PLENUM_CTL_EXIT_OK;
}

/* ---- terminals --------------------------------------------------------------------- */

int
plenum_ctl_terminals (PlenumCtl  *ctl,
                      int         argc,
                      char      **argv)
{
  g_autofree char *room = NULL;
  GOptionEntry entries[] = {
    { "room", 0, 0, G_OPTION_ARG_STRING, &room, N_("Only the terminals of this room"), "ROOM" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) answer = NULL;
  const cJSON *terminals = NULL, *terminal;
  cJSON *shown;
  int code;

  if (!plenum_ctl_parse_options ("", _("Lists the enrolled terminals with their readiness: last "
                      "contact, and the documents and bytes each holds per meeting."),
                      entries, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 1)
    {
      plenum_ctl_complain (_("terminals: takes no arguments (did you mean --room ROOM?)"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  if (!plenum_ctl_request (ctl, "GET", "/api/v1/terminals", NULL, &answer, &error))
    return plenum_ctl_exit_for_error (ctl, _("listing terminals"), error);
  if (answer == NULL ||
      !plenum_json_get_array (answer, NULL, "terminals", PLENUM_JSON_REQUIRED, G_MAXUINT,
                              &terminals, &error))
    {
      plenum_ctl_complain (_("listing terminals: %s"), error != NULL ? error->message : _("empty answer"));
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }

  shown = cJSON_CreateArray ();
  cJSON_ArrayForEach (terminal, terminals)
    {
      const cJSON *terminal_room = cJSON_GetObjectItemCaseSensitive (terminal, "room");

      if (room == NULL || g_str_equal (plenum_ctl_member_string (terminal_room, "name"), room))
        cJSON_AddItemToArray (shown, cJSON_Duplicate (terminal, TRUE));
    }
  if (ctl->json)
    {
      g_autoptr(cJSON) out = cJSON_CreateObject ();

      cJSON_AddItemToObject (out, "terminals", shown);
      plenum_ctl_print_json (out);
      return PLENUM_CTL_EXIT_OK;
    }

  cJSON_ArrayForEach (terminal, shown)
    {
      const cJSON *terminal_room = cJSON_GetObjectItemCaseSensitive (terminal, "room");
      const cJSON *status = cJSON_GetObjectItemCaseSensitive (terminal, "status");
      const cJSON *meetings = cJSON_GetObjectItemCaseSensitive (status, "meetings");
      const cJSON *meeting;
      const char *last_seen = plenum_ctl_member_string (terminal, "last_seen");

      const cJSON *signed_in = cJSON_GetObjectItemCaseSensitive (terminal, "signed_in");
      const cJSON *wipe = cJSON_GetObjectItemCaseSensitive (terminal, "wipe");

      printf (_("%s  %s / %s%s  last contact: %s\n"), plenum_ctl_member_string (terminal, "id"),
              plenum_ctl_member_string (terminal_room, "name"), plenum_ctl_member_string (terminal, "name"),
              plenum_ctl_member_bool (terminal, "revoked") ? _("  (revoked)") : "",
              last_seen[0] != '\0' ? last_seen : _("never"));
      if (cJSON_IsObject (signed_in))
        printf (_("    signed in: %s (%s)\n"), plenum_ctl_member_string (signed_in, "display_name"),
                plenum_ctl_member_string (signed_in, "name"));
      if (cJSON_IsObject (wipe))
        {
          const char *wiped_at = plenum_ctl_member_string (wipe, "wiped_at");

          if (wiped_at[0] != '\0')
            printf (_("    wiped at %s\n"), wiped_at);
          else
            printf (_("    wipe asked at %s, not yet done\n"),
                    plenum_ctl_member_string (wipe, "requested_at"));
        }
      if (!cJSON_IsObject (status))
        {
          printf (_("    no readiness report yet\n"));
          continue;
        }
      cJSON_ArrayForEach (meeting, meetings)
        /* Translators: a terminal's readiness for one meeting: the meeting's id, the
         * packet version it holds, documents and bytes held of those of the packet, and
         * when the terminal reported it. */
        printf (_("    meeting %s, packet version %lld: %lld/%lld documents, %lld/%lld bytes "
                  "(reported %s)\n"),
                plenum_ctl_member_string (meeting, "meeting_id"),
                (long long) plenum_ctl_member_int (meeting, "packet_version"),
                (long long) plenum_ctl_member_int (meeting, "documents_done"),
                (long long) plenum_ctl_member_int (meeting, "documents_total"),
                (long long) plenum_ctl_member_int (meeting, "bytes_done"),
                (long long) plenum_ctl_member_int (meeting, "bytes_total"),
                plenum_ctl_member_string (status, "received_at"));
    }
  if (cJSON_GetArraySize (shown) == 0)
    printf (_("No terminals%s%s.\n"), room != NULL ? _(" in ") : "", room != NULL ? room : "");
  cJSON_Delete (shown);
  return PLENUM_CTL_EXIT_OK;
}

int
plenum_ctl_enrol (PlenumCtl  *ctl,
                  int         argc,
                  char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) request = NULL;
  g_autoptr(cJSON) answer = NULL;
  const char *enrol_code = NULL;
  int code;

  if (!plenum_ctl_parse_options ("ROOM NAME", _("Creates an enrolment for the seat NAME in ROOM and "
                      "prints its one-time code, which the terminal redeems."), NULL,
                      &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 3)
    {
      plenum_ctl_complain (_("enrol: give a room and a seat name"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  request = cJSON_CreateObject ();
  plenum_json_add_string (request, "room", argv[1]);
  plenum_json_add_string (request, "name", argv[2]);
  if (!plenum_ctl_request (ctl, "POST", "/api/v1/terminals/enrolments", request, &answer, &error))
    return plenum_ctl_exit_for_error (ctl, "enrol", error);
  if (answer == NULL ||
      !plenum_json_get_string (answer, NULL, "code", PLENUM_JSON_REQUIRED, &enrol_code, &error))
    {
      plenum_ctl_complain (_("enrol: the server's answer is not an enrolment: %s"),
                error != NULL ? error->message : _("empty"));
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }
  if (ctl->json)
    plenum_ctl_print_json (answer);
  else
    printf (_("enrolment code: %s (room %s, name %s, expires %s)\n"), enrol_code,
            plenum_ctl_member_string (cJSON_GetObjectItemCaseSensitive (answer, "room"), "name"),
            plenum_ctl_member_string (answer, "name"), plenum_ctl_member_string (answer, "expires_at"));
  return PLENUM_CTL_EXIT_OK;
}

int
plenum_ctl_revoke (PlenumCtl  *ctl,
                   int         argc,
                   char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int code;

  if (!plenum_ctl_parse_options ("TERMINAL_ID", _("Revokes a terminal: its credential stops working at "
                      "once."), NULL, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 2 || !plenum_is_uuid (argv[1]))
    {
      plenum_ctl_complain (_("revoke: give one terminal id (a lowercase UUID, see “plenumctl terminals”)"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  path = g_strdup_printf ("/api/v1/terminals/%s", argv[1]);
  if (!plenum_ctl_request (ctl, "DELETE", path, NULL, NULL, &error))
    return plenum_ctl_exit_for_error (ctl, "revoke", error);
  if (ctl->json)
    {
      g_autoptr(cJSON) out = cJSON_CreateObject ();

      plenum_json_add_string (out, "terminal_id", argv[1]);
      plenum_json_add_bool (out, "revoked", TRUE);
      plenum_ctl_print_json (out);
    }
  else
    printf (_("Revoked terminal %s.\n"), argv[1]);
  return PLENUM_CTL_EXIT_OK;
}

/* ---- pin ----------------------------------------------------------------------------- */

/* A PIN of 4 to 12 digits from plenum_ctl_read_secret(), or NULL after saying why. */
static char *
read_new_pin (const char *prompt,
              const char *what)
{
  char *pin = plenum_ctl_read_secret (prompt);

  if (pin == NULL || !plenum_is_pin (pin))
    {
      plenum_secret_free (pin);
      plenum_ctl_complain (_("pin: %s: 4 to 12 digits, one line on stdin"), what);
      return NULL;
    }
  return pin;
}

static int
pin_done (PlenumCtl  *ctl,
          const char *name,
          const char *text)
{
  if (ctl->json)
    {
      g_autoptr(cJSON) out = cJSON_CreateObject ();

      plenum_json_add_string (out, "name", name);
      plenum_json_add_bool (out, "done", TRUE);
      plenum_ctl_print_json (out);
    }
  else
    printf ("%s\n", text);
  return PLENUM_CTL_EXIT_OK;
}

/* Frees @request after wiping its strings (PINs). */
static void
wipe_request (cJSON *request)
{
  for (cJSON *item = request->child; item != NULL; item = item->next)
    if (cJSON_IsString (item))
      memset (item->valuestring, 0, strlen (item->valuestring));
  cJSON_Delete (request);
}

/* Sends @request (which may hold PINs) and wipes it, whatever the answer. */
static gboolean
run_secret_request (PlenumCtl    *ctl,
                    const char   *method,
                    const char   *path,
                    cJSON        *request,
                    GError      **error)
{
  gboolean ok = plenum_ctl_request (ctl, method, path, request, NULL, error);

  wipe_request (request);
  return ok;
}

int
plenum_ctl_pin (PlenumCtl  *ctl,
                int         argc,
                char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PlenumCtlSession) session = NULL;
  const char *action;
  cJSON *request;
  char *pin;
  int code;

  if (!plenum_ctl_parse_options ("set NAME | unlock NAME | change",
                      _("Members' PINs. “set NAME” issues or resets NAME's PIN and lifts its "
                      "lock (the new PIN is read from stdin, or typed at a prompt without "
                      "echo); “unlock NAME” lifts the lock after too many wrong PINs; "
                      "“change” changes the signed-in account's own PIN (the current and "
                      "the new PIN, one line each). A PIN is never a command-line "
                      "argument."), NULL, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  action = argc >= 2 ? argv[1] : "";
  if (!((g_str_equal (action, "set") || g_str_equal (action, "unlock")) && argc == 3 &&
        plenum_is_sign_in_name (argv[2])) &&
      !(g_str_equal (action, "change") && argc == 2))
    {
      plenum_ctl_complain (_("pin: give “set NAME”, “unlock NAME” or “change” (a PIN is read from "
                "stdin, never given as an argument)"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;

  if (g_str_equal (action, "unlock"))
    {
      path = g_strdup_printf ("/api/v1/accounts/%s/unlock", argv[2]);
      request = cJSON_CreateObject ();
      if (!run_secret_request (ctl, "POST", path, request, &error))
        return plenum_ctl_exit_for_error (ctl, "pin unlock", error);
      text = g_strdup_printf (_("Unlocked %s."), argv[2]);
      return pin_done (ctl, argv[2], text);
    }

  if (g_str_equal (action, "set"))
    {
      g_autofree char *prompt = g_strdup_printf (_("New PIN for %s: "), argv[2]);
      g_autofree char *operation_id = plenum_uuid_new ();

      pin = read_new_pin (prompt, _("the new PIN"));
      if (pin == NULL)
        return PLENUM_CTL_EXIT_USAGE;
      path = g_strdup_printf ("/api/v1/accounts/%s/pin", argv[2]);
      request = cJSON_CreateObject ();
      plenum_json_add_string (request, "operation_id", operation_id);
      plenum_json_add_string (request, "pin", pin);
      plenum_secret_free (pin);
      if (!run_secret_request (ctl, "PUT", path, request, &error))
        return plenum_ctl_exit_for_error (ctl, "pin set", error);
      text = g_strdup_printf (_("Set a new PIN for %s."), argv[2]);
      return pin_done (ctl, argv[2], text);
    }

  /* change: whose PIN it is comes from the stored session. */
  session = plenum_ctl_session_load (ctl->server_url, NULL);
  pin = read_new_pin (_("Current PIN: "), _("the current PIN"));
  if (pin == NULL)
    return PLENUM_CTL_EXIT_USAGE;
  request = cJSON_CreateObject ();
  plenum_json_add_string (request, "current_pin", pin);
  plenum_secret_free (pin);
  pin = read_new_pin (_("New PIN: "), _("the new PIN"));
  if (pin == NULL)
    {
      wipe_request (request);
      return PLENUM_CTL_EXIT_USAGE;
    }
  plenum_json_add_string (request, "new_pin", pin);
  plenum_secret_free (pin);
  if (!run_secret_request (ctl, "PUT", "/api/v1/session/pin", request, &error))
    {
      if (g_error_matches (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_WRONG_CREDENTIALS))
        {
          g_autofree char *why = plenum_ctl_error_text (error);

          plenum_ctl_complain ("pin change: %s", why);
          return PLENUM_CTL_EXIT_REFUSED;
        }
      return plenum_ctl_exit_for_error (ctl, "pin change", error);
    }
  text = g_strdup_printf (_("Changed the PIN of %s."), session != NULL ? session->name : "");
  return pin_done (ctl, session != NULL ? session->name : "", text);
}

/* ---- meetings ---------------------------------------------------------------------- */

int
plenum_ctl_meetings (PlenumCtl  *ctl,
                     int         argc,
                     char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) answer = NULL;
  const cJSON *meetings = NULL, *meeting;
  int code;

  if (!plenum_ctl_parse_options ("", _("Lists the meetings, soonest first."), NULL, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 1)
    {
      plenum_ctl_complain (_("meetings: takes no arguments"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  if (!plenum_ctl_request (ctl, "GET", "/api/v1/meetings", NULL, &answer, &error))
    return plenum_ctl_exit_for_error (ctl, _("listing meetings"), error);
  if (answer == NULL ||
      !plenum_json_get_array (answer, NULL, "meetings", PLENUM_JSON_REQUIRED, G_MAXUINT,
                              &meetings, &error))
    {
      plenum_ctl_complain (_("listing meetings: %s"), error != NULL ? error->message : _("empty answer"));
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }
  if (ctl->json)
    {
      plenum_ctl_print_json (answer);
      return PLENUM_CTL_EXIT_OK;
    }
  cJSON_ArrayForEach (meeting, meetings)
    /* Translators: one meeting: id, start time, status (scheduled, in_progress, closed:
     * the protocol's words, as `plenumctl status` takes them), packet version and title.
     * Keep the width of the status column. */
    printf (_("%s  %s  %-11s  packet v%lld  %s\n"), plenum_ctl_member_string (meeting, "id"),
            plenum_ctl_member_string (meeting, "starts_at"),
            plenum_ctl_member_string (meeting, "status"),
            (long long) plenum_ctl_member_int (meeting, "packet_version"),
            plenum_ctl_member_string (meeting, "title"));
  if (cJSON_GetArraySize (meetings) == 0)
    printf (_("No meetings.\n"));
  return PLENUM_CTL_EXIT_OK;
}

int
plenum_ctl_meeting (PlenumCtl  *ctl,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *path = NULL;
  const cJSON *agenda, *item;
  const char *location;
  const char *action = argc >= 2 ? argv[1] : "";
  int code;

  /* `meeting create|edit …` are in plenum-ctl-agenda.c; `meeting show ID` is
   * `meeting ID`. */
  if (g_str_equal (action, "create"))
    return plenum_ctl_meeting_create (ctl, argc, argv);
  if (g_str_equal (action, "edit"))
    return plenum_ctl_meeting_edit (ctl, argc, argv);
  if (g_str_equal (action, "show"))
    {
      argv[1] = argv[0];
      argc--;
      argv++;
    }
  if (!plenum_ctl_parse_options ("[show] MEETING_ID | create … | edit MEETING_ID …",
                      _("Shows a meeting with its agenda and documents, as members will see "
                      "it.\n"
                      "  create --body BODY --title T --starts TIME --chair NAME "
                      "[--vice-chair NAME] [--location L] [--id UUID]\n"
                      "  edit MEETING_ID [--title T] [--starts TIME] [--location L] "
                      "[--chair NAME] [--vice-chair NAME]\n"
                      "“plenumctl meeting create --help” and “… edit --help” give their "
                      "options."), NULL, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 2 || !plenum_is_uuid (argv[1]))
    {
      plenum_ctl_complain (_("meeting: give one meeting id (a lowercase UUID, see “plenumctl meetings”)"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  path = g_strdup_printf ("/api/v1/meetings/%s", argv[1]);
  if (!plenum_ctl_request (ctl, "GET", path, NULL, &answer, &error))
    return plenum_ctl_exit_for_error (ctl, "meeting", error);
  if (answer == NULL)
    {
      plenum_ctl_complain (_("meeting: the server's answer is empty"));
      return PLENUM_CTL_EXIT_UNREACHABLE;
    }
  if (ctl->json)
    {
      plenum_ctl_print_json (answer);
      return PLENUM_CTL_EXIT_OK;
    }
  location = plenum_ctl_member_string (answer, "location");
  /* Translators: a meeting's heading: its title; its id, start time and ", place" or
   * nothing; its status (the protocol's word), packet version and when it changed. */
  printf (_("%s\n%s, %s%s%s\nstatus %s, packet version %lld, updated %s\n"),
          plenum_ctl_member_string (answer, "title"), plenum_ctl_member_string (answer, "id"),
          plenum_ctl_member_string (answer, "starts_at"), location[0] != '\0' ? ", " : "", location,
          plenum_ctl_member_string (answer, "status"),
          (long long) plenum_ctl_member_int (answer, "packet_version"),
          plenum_ctl_member_string (answer, "updated_at"));
  agenda = cJSON_GetObjectItemCaseSensitive (answer, "agenda");
  cJSON_ArrayForEach (item, agenda)
    {
      const cJSON *documents = cJSON_GetObjectItemCaseSensitive (item, "documents");
      const cJSON *document;

      printf ("  %s. %s%s\n", plenum_ctl_member_string (item, "number"), plenum_ctl_member_string (item, "title"),
              plenum_ctl_member_bool (item, "closed_session") ? _("  (closed session)") : "");
      cJSON_ArrayForEach (document, documents)
        {
          const cJSON *superseded = cJSON_GetObjectItemCaseSensitive (document, "superseded");

          /* The id on a line of its own: revise, retract and retire take it. */
          /* Translators: a document: its title, pages, size, the start of its SHA-256
           * and "  confidential" or nothing; then its id and ", with superseded
           * versions" or nothing. */
          printf (_("       %s  (%lld pages, %lld bytes, %.12s…)%s\n"
                    "         id %s%s\n"),
                  plenum_ctl_member_string (document, "title"),
                  (long long) plenum_ctl_member_int (document, "pages"),
                  (long long) plenum_ctl_member_int (document, "size"),
                  plenum_ctl_member_string (document, "sha256"),
                  plenum_ctl_member_bool (document, "confidential") ? _("  confidential") : "",
                  plenum_ctl_member_string (document, "id"),
                  cJSON_GetArraySize (superseded) > 0 ? _(", with superseded versions") : "");
        }
      if (plenum_ctl_member_bool (item, "restricted"))
        printf (_("       (its documents are not shown to this account)\n"));
    }
  return PLENUM_CTL_EXIT_OK;
}

int
plenum_ctl_status (PlenumCtl  *ctl,
                   int         argc,
                   char      **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) request = NULL;
  g_autofree char *path = NULL;
  int code;

  if (!plenum_ctl_parse_options ("MEETING_ID scheduled|in_progress|closed", _("Sets a meeting's status."),
                      NULL, &argc, &argv))
    return PLENUM_CTL_EXIT_USAGE;
  if (argc != 3 || !plenum_is_uuid (argv[1]) ||
      !(g_str_equal (argv[2], "scheduled") || g_str_equal (argv[2], "in_progress") ||
        g_str_equal (argv[2], "closed")))
    {
      plenum_ctl_complain (_("status: give a meeting id and one of scheduled, in_progress, closed"));
      return PLENUM_CTL_EXIT_USAGE;
    }
  code = plenum_ctl_connect (ctl, TRUE);
  if (code != PLENUM_CTL_EXIT_OK)
    return code;
  request = cJSON_CreateObject ();
  plenum_json_add_string (request, "status", argv[2]);
  path = g_strdup_printf ("/api/v1/meetings/%s/status", argv[1]);
  if (!plenum_ctl_request (ctl, "PUT", path, request, NULL, &error))
    return plenum_ctl_exit_for_error (ctl, "status", error);
  if (ctl->json)
    {
      g_autoptr(cJSON) out = cJSON_CreateObject ();

      plenum_json_add_string (out, "meeting_id", argv[1]);
      plenum_json_add_string (out, "status", argv[2]);
      plenum_ctl_print_json (out);
    }
  else
    printf (_("Meeting %s is now %s.\n"), argv[1], argv[2]);
  return PLENUM_CTL_EXIT_OK;
}

void
plenum_ctl_print_help (FILE *out)
{
  fputs (_("Usage: plenumctl [--server URL] [--json] COMMAND [ARGUMENTS…]\n"
         "\n"
         "The secretariat's command line for a Plenum server.\n"
         "\n"
         "Commands:\n"
         "  sign-in NAME              sign in (the PIN is read from stdin or a prompt)\n"
         "  sign-out                  sign out\n"
         "  publish DIR [--meeting-id UUID] [--chair-id UUID] [--vice-chair-id UUID]\n"
         "                            publish a packet folder (packet.json + PDFs)\n"
         "  terminals [--room ROOM]   list terminals with their readiness\n"
         "  enrol ROOM NAME           create a terminal enrolment; prints its one-time code\n"
         "  revoke TERMINAL_ID        revoke a terminal\n"
         "  pin set NAME              issue or reset NAME's PIN (read from stdin or a prompt)\n"
         "  pin unlock NAME           lift NAME's lock after too many wrong PINs\n"
         "  pin change                change your own PIN (current and new, from stdin)\n"
         "  meetings                  list meetings\n"
         "  meeting MEETING_ID        show a meeting's agenda and documents\n"
         "  meeting create|edit …     create a meeting, or change its title, time, place, chair\n"
         "  status MEETING_ID scheduled|in_progress|closed\n"
         "                            set a meeting's status\n"
         "  item add|edit|remove|move MEETING_ID NUMBER …\n"
         "                            build the agenda\n"
         "  attach MEETING_ID NUMBER FILE.pdf --title TITLE\n"
         "                            add a document to an agenda item\n"
         "  revise MEETING_ID DOCUMENT_ID FILE.pdf\n"
         "                            publish a revision of one document\n"
         "  retract MEETING_ID DOCUMENT_ID\n"
         "                            withdraw a document from every terminal\n"
         "  retire MEETING_ID DOCUMENT_ID\n"
         "                            remove a document's superseded versions\n"
         "  opinion open MEETING_ID DOCUMENT_ID --title T --deadline TIME\n"
         "                            ask the members for their opinion on a draft\n"
         "  opinion list MEETING_ID   list a meeting's opinion rounds and their answers\n"
         "  clearance MEETING_ID NUMBER [NAME…|--none]\n"
         "                            show or set who may read a closed-session item\n"
         "  wipe TERMINAL_ID          erase a terminal's packets and credentials\n"
         "  unlock-terminal TERMINAL_ID\n"
         "                            lift a terminal's lock after too many wrong PINs\n"
         "  sessions revoke NAME      sign NAME out everywhere\n"
         "  lease BODY HOURS          lock confidential documents on terminals away longer\n"
         "  record MEETING_ID [--format json|pdf] [--lang en|vi] [--output FILE]\n"
         "                            export the meeting's record\n"
         "  audit [--meeting MEETING_ID] [--since SEQ] [--limit N]\n"
         "                            read the server's audit log\n"
         "  import-oparl FILE.json    create a meeting and its packet from an OParl Meeting\n"
         "  terminal-config --server URL --output FILE …\n"
         "                            write a terminal's configuration file\n"
         "\n"
         "Global options:\n"
         "  --server URL              the server (default: $PLENUMCTL_SERVER)\n"
         "  --ca-file FILE            verify the server with these CA certificates (PEM)\n"
         "                            instead of the system's (default: $PLENUMCTL_CA_FILE)\n"
         "  --pinned-public-key sha256//BASE64\n"
         "                            accept only this server key\n"
         "                            (default: $PLENUMCTL_PINNED_PUBLIC_KEY)\n"
         "  --json                    print one JSON document on stdout\n"
         "  COMMAND --help            the command's own options\n"
         "\n"
         "Exit codes:\n"
         "  0  success\n"
         "  1  usage: a bad command line\n"
         "  2  the server refused the request (4xx)\n"
         "  3  the server cannot be reached, or failed (5xx)\n"
         "  4  bad local input (a packet folder that does not read)\n"
         "  5  not signed in, or the session expired\n"
         "\n"
         "The session is kept in $XDG_CONFIG_HOME/plenumctl/session (mode 0600).\n"), out);
}
