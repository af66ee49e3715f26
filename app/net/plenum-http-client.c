/* plenum-http-client.c — one libcurl multi handle on the GLib main loop; see
 * plenum-http-client.h.
 *
 * How curl is driven: one custom GSource per client. curl's sockets are the source's
 * unix fds (added, modified and removed from CURLMOPT_SOCKETFUNCTION), curl's single
 * timer is the source's ready time (CURLMOPT_TIMERFUNCTION; -1 disarms it, so an idle
 * client with a silent stream sleeps). The dispatch calls curl_multi_socket_action()
 * for the due timer and for each ready fd, and only then, outside every curl call:
 *
 *   1. hands the bytes curl's write callback queued to their owners (write functions,
 *      the event stream's parser) — user code;
 *   2. reads curl's finished transfers (curl_multi_info_read) into a queue and removes
 *      their handles;
 *   3. completes them one by one — user code again.
 *
 * So no user code runs inside a curl callback or inside the info_read loop, and a
 * callback that starts a new request only adds a handle (its first socket_action comes
 * from the next dispatch, through the timer curl sets to 0).
 *
 * A transfer's memory is counted: the client's table of active transfers holds one
 * reference, and anything that runs user code on a transfer holds another for the
 * time, so closing or cancelling from inside a callback never frees what the caller
 * is still looking at.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-net"

#include "plenum-http-client-private.h"

#include <curl/curl.h>
#include <string.h>

#include "core/plenum-json.h"

/* An error body larger than this is not a Plenum error body. */
#define MAX_ERROR_BODY_SIZE (256 * 1024)
/* curl's receive buffer for downloads and streams (its default is 16 KiB). */
#define DOWNLOAD_BUFFER_SIZE (128 * 1024)
/* Download and stream bytes held for their owner before curl is paused: bounds what
 * one dispatch reads from a fast server. */
#define MAX_PENDING_SIZE (1024 * 1024)
/* The longest "message" read from an error body. */
#define MAX_ERROR_MESSAGE_CHARS 2000

typedef enum {
  TRANSFER_REQUEST,
  TRANSFER_DOWNLOAD,
  TRANSFER_EVENTS,
} TransferKind;

struct _PlenumTransfer
{
  int ref_count;
  PlenumHttpClient *client;     /* not a reference: the task or the stream holds one */
  TransferKind kind;

  CURL *easy;
  struct curl_slist *headers;
  char curl_error[CURL_ERROR_SIZE];
  GBytes *request_body;         /* kept alive: CURLOPT_POSTFIELDS does not copy */
  gboolean is_head;

  gboolean active;              /* in client->transfers (not yet finished or aborted) */
  gboolean in_multi;            /* added to the multi handle */
  gboolean in_ready;            /* in client->ready */
  gboolean in_done;             /* in client->done */
  gboolean paused;              /* curl was paused with bytes pending (CURL_WRITEFUNC_PAUSE) */
  CURLcode result;              /* curl's result, once curl is done with it */

  GTask *task;                  /* requests and downloads */
  PlenumEventStream *stream;    /* events; not a reference (the stream owns the transfer) */
  GCancellable *cancellable;
  GSource *cancel_source;

  /* The response's head, written by curl's header callback (plain parsing, no user
   * code). Reset at every status line, so 1xx answers are forgotten. */
  guint status;
  gboolean headers_complete;
  gboolean headers_handled;     /* the owner was told (opened / download checks) */
  char *etag;
  char *content_type;
  char *content_range;
  gint64 content_length;
  gint64 retry_after;
  gboolean framed;              /* the body's end is marked (Content-Length, chunked,
                                 * HTTP/2), so a cut cannot pass for the end */

  GByteArray *body;             /* a request's body, or any error body */
  GByteArray *pending;          /* download and stream bytes not yet handed on */
  GError *error;                /* a failure found on our side (limits, checks) */

  /* Downloads. */
  guint64 offset;
  PlenumHttpWriteFunc write_func;
  gpointer write_data;
  GDestroyNotify write_destroy;
  PlenumHttpDownloadInfo info;
};

typedef struct {
  GSource source;
  PlenumHttpClient *client;     /* not a reference: the client destroys the source */
} CurlSource;

struct _PlenumHttpClient
{
  GObject parent_instance;

  /* Every field below is used only from the thread whose thread-default context is
   * `context` (checked by owns_context() on every public entry point). */
  GMainContext *context;
  GSource *source;              /* a CurlSource attached to `context` */
  CURLM *multi;
  GHashTable *sockets;          /* curl_socket_t → the source's unix fd tag */
  GHashTable *transfers;        /* PlenumTransfer* (active ones, each holding a ref) */
  GQueue ready;                 /* transfers with bytes or a head to hand on */
  GQueue done;                  /* transfers curl finished, to complete */

  char *base_url;
  PlenumHttpClientFlags flags;
  char *token;                  /* never logged; wiped when replaced */
  const char *auth_scheme;      /* "Bearer" or "Terminal" (static strings) */
  char *pinned_key;             /* "sha256//…" or NULL */
  char *ca_file;
  gboolean plain_remote;        /* the base URL is http:// to a host that is not loopback */
  guint connect_timeout_ms;
  guint low_speed_seconds;
  guint event_watchdog_ms;
  guint max_connections;

  guint64 n_dispatches;
};

G_DEFINE_FINAL_TYPE (PlenumHttpClient, plenum_http_client, G_TYPE_OBJECT)

static void transfer_fail (PlenumHttpClient *self,
                           PlenumTransfer   *t,
                           GError           *error);

/* ---- Small helpers ----------------------------------------------------------------- */

static gboolean
owns_context (PlenumHttpClient *self)
{
  g_autoptr(GMainContext) current = g_main_context_ref_thread_default ();

  return current == self->context;
}

static void
wipe_string (char **s)
{
  if (*s != NULL)
    {
      explicit_bzero (*s, strlen (*s));
      g_clear_pointer (s, g_free);
    }
}

static void
init_curl_once (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      CURLcode rc = curl_global_init (CURL_GLOBAL_DEFAULT);

      if (rc != CURLE_OK)
        g_error ("curl_global_init failed: %s", curl_easy_strerror (rc));
      g_once_init_leave (&initialized, 1);
    }
}

/* Header values and paths go on the wire as they are: printable ASCII only, so nothing
 * can end a header line or smuggle another. */
static gboolean
is_header_safe (const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || (guchar) *p > 0x7e)
      return FALSE;
  return TRUE;
}

static gboolean
is_path_safe (const char *path)
{
  if (path[0] != '/')
    return FALSE;
  for (const char *p = path; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || (guchar) *p > 0x7e || *p == '#')
      return FALSE;
  return TRUE;
}

static gboolean
media_type_is (const char *content_type,
               const char *type)
{
  gsize len = strlen (type);

  if (content_type == NULL || g_ascii_strncasecmp (content_type, type, len) != 0)
    return FALSE;
  return content_type[len] == '\0' || content_type[len] == ';' || content_type[len] == ' ';
}

static gboolean
is_json_content_type (const char *content_type)
{
  const char *semicolon;
  gsize len;

  if (content_type == NULL)
    return FALSE;
  if (media_type_is (content_type, "application/json"))
    return TRUE;
  /* application/…+json */
  semicolon = strchr (content_type, ';');
  len = semicolon != NULL ? (gsize) (semicolon - content_type) : strlen (content_type);
  while (len > 0 && content_type[len - 1] == ' ')
    len--;
  return g_ascii_strncasecmp (content_type, "application/", 12) == 0 &&
         len >= 5 && g_ascii_strncasecmp (content_type + len - 5, "+json", 5) == 0;
}

/* ---- Transfers --------------------------------------------------------------------- */

static PlenumTransfer *
transfer_ref (PlenumTransfer *t)
{
  t->ref_count++;
  return t;
}

static void
transfer_unref (PlenumTransfer *t)
{
  g_assert (t->ref_count > 0);
  if (--t->ref_count > 0)
    return;

  g_assert (!t->active && !t->in_multi && !t->in_ready && !t->in_done);
  g_assert (t->task == NULL && t->cancel_source == NULL && t->write_destroy == NULL);
  g_clear_pointer (&t->easy, curl_easy_cleanup);
  g_clear_pointer (&t->headers, curl_slist_free_all);
  g_clear_pointer (&t->request_body, g_bytes_unref);
  g_clear_object (&t->cancellable);
  g_free (t->etag);
  g_free (t->content_type);
  g_free (t->content_range);
  g_clear_pointer (&t->body, g_byte_array_unref);
  g_clear_pointer (&t->pending, g_byte_array_unref);
  g_clear_error (&t->error);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumTransfer, transfer_unref)

/* Takes the transfer out of curl and out of every queue: after this nothing the
 * client does will touch it again. Not from inside a curl callback. */
static void
transfer_detach (PlenumHttpClient *self,
                 PlenumTransfer   *t)
{
  if (t->in_multi)
    {
      curl_multi_remove_handle (self->multi, t->easy);
      t->in_multi = FALSE;
    }
  if (t->in_ready)
    {
      g_queue_remove (&self->ready, t);
      t->in_ready = FALSE;
    }
  if (t->in_done)
    {
      g_queue_remove (&self->done, t);
      t->in_done = FALSE;
      g_assert (t->ref_count > 1);  /* the caller's reference keeps @t alive below */
      transfer_unref (t);  /* the queue's reference; the caller holds another */
    }
  if (t->cancel_source != NULL)
    {
      g_source_destroy (t->cancel_source);
      g_clear_pointer (&t->cancel_source, g_source_unref);
    }
  if (t->active)
    {
      t->active = FALSE;
      /* Drops the table's reference; the caller holds its own. */
      g_hash_table_remove (self->transfers, t);
    }
}

/* ---- Reading the response's head (curl callbacks: parsing only) -------------------- */

static char *
header_value (const char *line,
              gsize       len,
              const char *name)
{
  gsize name_len = strlen (name);
  const char *value;
  const char *end;

  if (len <= name_len || line[name_len] != ':' || g_ascii_strncasecmp (line, name, name_len) != 0)
    return NULL;
  value = line + name_len + 1;
  end = line + len;
  while (value < end && (*value == ' ' || *value == '\t'))
    value++;
  while (end > value && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
    end--;
  return g_strndup (value, end - value);
}

static gint64
parse_nonnegative (const char *text)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return -1;
  return (gint64) value;
}

static void
transfer_reset_head (PlenumTransfer *t)
{
  t->status = 0;
  t->headers_complete = FALSE;
  g_clear_pointer (&t->etag, g_free);
  g_clear_pointer (&t->content_type, g_free);
  g_clear_pointer (&t->content_range, g_free);
  t->content_length = -1;
  t->retry_after = -1;
  t->framed = FALSE;
}

static void
replace_string (char **field,
                char  *value)
{
  g_free (*field);
  *field = value;
}

static void
ready_push (PlenumHttpClient *self,
            PlenumTransfer   *t)
{
  if (!t->in_ready)
    {
      t->in_ready = TRUE;
      g_queue_push_tail (&self->ready, t);
    }
}

static size_t
header_cb (char   *buffer,
           size_t  size,
           size_t  nitems,
           void   *user_data)
{
  PlenumTransfer *t = user_data;
  gsize len = size * nitems;
  char *value;

  if (len >= 5 && memcmp (buffer, "HTTP/", 5) == 0)
    {
      const char *space = memchr (buffer, ' ', len);

      transfer_reset_head (t);
      /* HTTP/2 and later frame every body. */
      t->framed = len >= 6 && buffer[5] != '0' && buffer[5] != '1';
      if (space != NULL && (gsize) (space - buffer) + 4 <= len &&
          g_ascii_isdigit (space[1]) && g_ascii_isdigit (space[2]) && g_ascii_isdigit (space[3]))
        t->status = (space[1] - '0') * 100 + (space[2] - '0') * 10 + (space[3] - '0');
      return len;
    }

  if (len <= 2 && (len == 0 || buffer[0] == '\r' || buffer[0] == '\n'))
    {
      /* The end of a head; a 1xx head is followed by the real one. */
      if (t->status >= 200)
        {
          t->headers_complete = TRUE;
          if (t->kind == TRANSFER_EVENTS || t->kind == TRANSFER_DOWNLOAD)
            ready_push (t->client, t);
        }
      return len;
    }

  if ((value = header_value (buffer, len, "ETag")) != NULL)
    replace_string (&t->etag, value);
  else if ((value = header_value (buffer, len, "Content-Type")) != NULL)
    replace_string (&t->content_type, value);
  else if ((value = header_value (buffer, len, "Content-Range")) != NULL)
    replace_string (&t->content_range, value);
  else if ((value = header_value (buffer, len, "Content-Length")) != NULL)
    {
      t->content_length = parse_nonnegative (value);
      t->framed = t->framed || t->content_length >= 0;
      g_free (value);
    }
  else if ((value = header_value (buffer, len, "Transfer-Encoding")) != NULL)
    {
      t->framed = t->framed || strstr (value, "chunked") != NULL;
      g_free (value);
    }
  else if ((value = header_value (buffer, len, "Retry-After")) != NULL)
    {
      t->retry_after = parse_nonnegative (value);
      g_free (value);
    }
  return len;
}

static gboolean
status_is_success (PlenumTransfer *t)
{
  if (t->kind == TRANSFER_REQUEST)
    return (t->status >= 200 && t->status < 300) || t->status == 304;
  return t->status == 200 || t->status == 206;
}

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  PlenumTransfer *t = user_data;
  gsize len = size * nmemb;

  if (t->kind != TRANSFER_REQUEST && status_is_success (t))
    {
      /* Handed on after curl returns (never call user code from here). When enough
       * waits, curl keeps the rest until process_ready() unpauses it. */
      if (t->pending->len > 0 && t->pending->len + len > MAX_PENDING_SIZE)
        {
          t->paused = TRUE;
          ready_push (t->client, t);
          return CURL_WRITEFUNC_PAUSE;
        }
      g_byte_array_append (t->pending, (const guint8 *) data, len);
      ready_push (t->client, t);
      return len;
    }

  /* A request's body, or an error body: kept whole, within limits. */
  if (t->body->len + len > (status_is_success (t) ? PLENUM_HTTP_MAX_BODY_SIZE : MAX_ERROR_BODY_SIZE))
    {
      if (t->error == NULL)
        t->error = plenum_http_error_new_full (PLENUM_HTTP_ERROR_BAD_RESPONSE, NULL, t->status, -1,
                                               status_is_success (t)
                                               ? "The server's answer is larger than the client accepts"
                                               : "The server's error answer is larger than the client accepts");
      return 0;  /* curl stops with CURLE_WRITE_ERROR */
    }
  g_byte_array_append (t->body, (const guint8 *) data, len);
  return len;
}

/* ---- Turning outcomes into GErrors ------------------------------------------------- */

/* The problem's code string and the English message (for the log) of a TLS failure. */
static const struct {
  PlenumHttpTlsProblem  problem;
  const char           *code_string;
  const char           *message;
} tls_problems[] = {
  { PLENUM_HTTP_TLS_PROBLEM_UNTRUSTED, "tls_untrusted",
    "The server's certificate is not signed by an authority this terminal trusts" },
  { PLENUM_HTTP_TLS_PROBLEM_WRONG_NAME, "tls_wrong_name",
    "The server's certificate is for another name" },
  { PLENUM_HTTP_TLS_PROBLEM_PINNED_KEY, "tls_pinned_key",
    "The server's key is not the one this terminal was set up with" },
  { PLENUM_HTTP_TLS_PROBLEM_EXPIRED, "tls_expired",
    "The server's certificate has expired or is not valid yet" },
  { PLENUM_HTTP_TLS_PROBLEM_CA_FILE, "tls_ca_file",
    "The CA file this terminal was set up with cannot be read" },
  { PLENUM_HTTP_TLS_PROBLEM_HANDSHAKE, "tls_handshake",
    "The encrypted connection to the server could not be set up" },
};

/* OpenSSL's X509_V_ERR_* values that CURLINFO_SSL_VERIFYRESULT gives (stable in its
 * ABI; not included, so that net/ keeps to curl's API). */
#define X509_V_OK                     0
#define X509_V_ERR_UNSPECIFIED        1
#define X509_V_ERR_CERT_NOT_YET_VALID 9
#define X509_V_ERR_CERT_HAS_EXPIRED   10

GError *
plenum_http_tls_error_new (int         curl_code,
                           long        verify_result,
                           guint       status,
                           const char *detail)
{
  PlenumHttpTlsProblem problem;
  g_autofree char *message = NULL;

  switch ((CURLcode) curl_code)
    {
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      problem = PLENUM_HTTP_TLS_PROBLEM_PINNED_KEY;
      break;
    case CURLE_SSL_CACERT_BADFILE:
      problem = PLENUM_HTTP_TLS_PROBLEM_CA_FILE;
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
      /* curl (OpenSSL flavour, 7.88) checks the host name itself before it reads the
       * chain's result, and leaves the result at its "not verified" marker (1,
       * X509_V_ERR_UNSPECIFIED) when the name fails; a chain that verified (X509_V_OK)
       * and still failed is the name too. Any other value is OpenSSL's reason. */
      if (verify_result == X509_V_ERR_CERT_HAS_EXPIRED ||
          verify_result == X509_V_ERR_CERT_NOT_YET_VALID)
        problem = PLENUM_HTTP_TLS_PROBLEM_EXPIRED;
      else if (verify_result == X509_V_OK || verify_result == X509_V_ERR_UNSPECIFIED)
        problem = PLENUM_HTTP_TLS_PROBLEM_WRONG_NAME;
      else
        problem = PLENUM_HTTP_TLS_PROBLEM_UNTRUSTED;
      break;
    default:
      problem = PLENUM_HTTP_TLS_PROBLEM_HANDSHAKE;
      break;
    }

  for (guint i = 0; i < G_N_ELEMENTS (tls_problems); i++)
    if (tls_problems[i].problem == problem)
      {
        message = g_strdup_printf ("%s (%s)", tls_problems[i].message,
                                   detail != NULL && detail[0] != '\0'
                                     ? detail : curl_easy_strerror ((CURLcode) curl_code));
        return plenum_http_error_new_full (PLENUM_HTTP_ERROR_TLS, tls_problems[i].code_string,
                                           status, -1, message);
      }
  g_assert_not_reached ();
}

PlenumHttpTlsProblem
plenum_http_error_get_tls_problem (const GError *error)
{
  const char *code_string;

  if (!g_error_matches (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_TLS))
    return PLENUM_HTTP_TLS_PROBLEM_NONE;
  code_string = plenum_http_error_get_code_string (error);
  for (guint i = 0; i < G_N_ELEMENTS (tls_problems); i++)
    if (g_strcmp0 (code_string, tls_problems[i].code_string) == 0)
      return tls_problems[i].problem;
  return PLENUM_HTTP_TLS_PROBLEM_HANDSHAKE;
}

static GError *
error_from_curl (PlenumTransfer *t)
{
  PlenumHttpError code;
  const char *what;
  const char *detail = t->curl_error[0] != '\0' ? t->curl_error : curl_easy_strerror (t->result);

  /* A connection that ends while TLS is being set up ended because of the network (a
   * reset, the server going away), not because the server's identity failed: it is
   * lost, and tried again, as any broken connection. OpenSSL says so as a system call
   * error or an end of file; curl as a receive or send failure. */
  if (t->result == CURLE_SSL_CONNECT_ERROR &&
      (strstr (detail, "SSL_ERROR_SYSCALL") != NULL ||
       strstr (detail, "unexpected eof") != NULL ||
       strstr (detail, "Recv failure") != NULL ||
       strstr (detail, "Send failure") != NULL))
    {
      g_autofree char *message = g_strdup_printf ("The connection to the server broke: %s",
                                                  detail);

      return plenum_http_error_new_full (PLENUM_HTTP_ERROR_CONNECTION_LOST, NULL, t->status,
                                         -1, message);
    }

  switch (t->result)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      code = PLENUM_HTTP_ERROR_UNREACHABLE;
      what = "Cannot reach the server";
      break;
    case CURLE_OPERATION_TIMEDOUT:
      code = PLENUM_HTTP_ERROR_TIMEOUT;
      what = "The server did not answer in time";
      break;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
      {
        long verify_result = 0;

        curl_easy_getinfo (t->easy, CURLINFO_SSL_VERIFYRESULT, &verify_result);
        return plenum_http_tls_error_new (t->result, verify_result, t->status, detail);
      }
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
      code = PLENUM_HTTP_ERROR_CONNECTION_LOST;
      what = "The connection to the server broke";
      break;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_RANGE_ERROR:
    case CURLE_TOO_MANY_REDIRECTS:
    case CURLE_FILESIZE_EXCEEDED:
      code = PLENUM_HTTP_ERROR_BAD_RESPONSE;
      what = "The server's answer cannot be read";
      break;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      code = PLENUM_HTTP_ERROR_INVALID_URL;
      what = "The server address cannot be used";
      break;
    default:
      code = PLENUM_HTTP_ERROR_FAILED;
      what = "The request failed";
      break;
    }

  {
    g_autofree char *message = g_strdup_printf ("%s: %s", what, detail);
    return plenum_http_error_new_full (code, NULL, t->status, -1, message);
  }
}

static PlenumHttpError
code_for_status (guint status)
{
  switch (status)
    {
    case 400: return PLENUM_HTTP_ERROR_BAD_REQUEST;
    case 401: return PLENUM_HTTP_ERROR_UNAUTHORIZED;
    case 403: return PLENUM_HTTP_ERROR_FORBIDDEN;
    case 404: return PLENUM_HTTP_ERROR_NOT_FOUND;
    case 405: return PLENUM_HTTP_ERROR_METHOD_NOT_ALLOWED;
    case 409: return PLENUM_HTTP_ERROR_CONFLICT;
    case 410: return PLENUM_HTTP_ERROR_API_VERSION;
    case 413: return PLENUM_HTTP_ERROR_TOO_LARGE;
    case 416: return PLENUM_HTTP_ERROR_RANGE_NOT_SATISFIABLE;
    case 422: return PLENUM_HTTP_ERROR_HASH_MISMATCH;
    case 429: return PLENUM_HTTP_ERROR_TOO_MANY_ATTEMPTS;
    default:
      return status >= 500 ? PLENUM_HTTP_ERROR_SERVER_ERROR : PLENUM_HTTP_ERROR_BAD_RESPONSE;
    }
}

static gboolean
is_code_string (const char *code)
{
  gsize len = strlen (code);

  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (code[i]) && !g_ascii_isdigit (code[i]) && code[i] != '_')
      return FALSE;
  return TRUE;
}

/* Reads {"error": {"code": "…", "message": "…"}} with the strict layer. Extra keys are
 * allowed (a newer server may add some); code and message are required. */
static gboolean
parse_error_body (PlenumTransfer  *t,
                  char           **code_out,
                  char           **message_out,
                  GError         **error)
{
  g_autoptr(cJSON) root = NULL;
  const cJSON *inner = NULL;
  const char *code = NULL;
  const char *message = NULL;

  if (!is_json_content_type (t->content_type))
    {
      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_SYNTAX,
                   "its content type is %s, not JSON",
                   t->content_type != NULL ? t->content_type : "missing");
      return FALSE;
    }
  root = plenum_json_parse ((const char *) t->body->data, t->body->len, error);
  if (root == NULL)
    return FALSE;
  if (!cJSON_IsObject (root))
    {
      g_set_error_literal (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE, "not a JSON object");
      return FALSE;
    }
  if (!plenum_json_get_object (root, NULL, "error", PLENUM_JSON_REQUIRED, &inner, error) ||
      !plenum_json_get_string (inner, "error", "code", PLENUM_JSON_REQUIRED, &code, error) ||
      !plenum_json_get_text (inner, "error", "message", PLENUM_JSON_REQUIRED,
                             MAX_ERROR_MESSAGE_CHARS, TRUE, &message, error))
    return FALSE;
  if (!is_code_string (code))
    {
      g_set_error_literal (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                           "error.code: not a protocol error code");
      return FALSE;
    }
  *code_out = g_strdup (code);
  *message_out = g_strdup (message);
  return TRUE;
}

static GError *
error_from_status (PlenumTransfer *t)
{
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *code_string = NULL;
  g_autofree char *message = NULL;
  PlenumHttpError code;

  if (t->status >= 300 && t->status < 400)
    {
      message = g_strdup_printf ("The server answered with HTTP %u, which Plenum does not follow",
                                 t->status);
      return plenum_http_error_new_full (PLENUM_HTTP_ERROR_BAD_RESPONSE, NULL, t->status,
                                         t->retry_after, message);
    }

  /* A HEAD answer has no body: its status is all there is. */
  if (t->is_head && t->body->len == 0)
    {
      message = g_strdup_printf ("The server refused the request (HTTP %u)", t->status);
      return plenum_http_error_new_full (code_for_status (t->status), NULL, t->status,
                                         t->retry_after, message);
    }

  if (!parse_error_body (t, &code_string, &message, &parse_error))
    {
      /* A gateway in front of the server (nginx) answers these with its own page. */
      if (t->status == 502 || t->status == 503 || t->status == 504)
        {
          message = g_strdup_printf ("The server is unavailable (HTTP %u)", t->status);
          return plenum_http_error_new_full (PLENUM_HTTP_ERROR_SERVER_ERROR, NULL, t->status,
                                             t->retry_after, message);
        }
      message = g_strdup_printf ("The server answered HTTP %u with an error that is not a "
                                 "Plenum error: %s", t->status, parse_error->message);
      return plenum_http_error_new_full (PLENUM_HTTP_ERROR_BAD_RESPONSE, NULL, t->status,
                                         t->retry_after, message);
    }

  code = plenum_http_error_from_code_string (code_string);
  if (code == PLENUM_HTTP_ERROR_REFUSED && t->status >= 500)
    code = PLENUM_HTTP_ERROR_SERVER_ERROR;
  return plenum_http_error_new_full (code, code_string, t->status, t->retry_after, message);
}

/* ---- Completing -------------------------------------------------------------------- */

static PlenumHttpResponse *
request_outcome (PlenumTransfer  *t,
                 GError         **error)
{
  g_autoptr(GBytes) body = NULL;

  if (!status_is_success (t))
    {
      g_propagate_error (error, error_from_status (t));
      return NULL;
    }
  if (t->body->len > 0 && t->status != 304 && !is_json_content_type (t->content_type))
    {
      g_autofree char *message =
        g_strdup_printf ("The server answered with %s where JSON was expected",
                         t->content_type != NULL ? t->content_type : "an untyped body");
      g_propagate_error (error, plenum_http_error_new_full (PLENUM_HTTP_ERROR_BAD_RESPONSE, NULL,
                                                            t->status, -1, message));
      return NULL;
    }

  body = g_byte_array_free_to_bytes (g_steal_pointer (&t->body));
  t->body = g_byte_array_new ();
  return plenum_http_response_new (t->status, t->etag, t->content_type, body, t->retry_after,
                                   t->content_length, 0, FALSE, 0);
}

static PlenumHttpResponse *
download_outcome (PlenumTransfer  *t,
                  GError         **error)
{
  if (!status_is_success (t))
    {
      g_propagate_error (error, error_from_status (t));
      return NULL;
    }
  if (!t->framed)
    {
      /* Ended by closing the connection: a cut would look just like the end. */
      g_propagate_error (error, plenum_http_error_new_full (PLENUM_HTTP_ERROR_BAD_RESPONSE, NULL,
                                                            t->status, -1,
                                                            "The server's answer has no length, so "
                                                            "it cannot be told complete"));
      return NULL;
    }
  /* curl checks Content-Length itself (CURLE_PARTIAL_FILE); this is the belt to its
   * braces: a short body is never a success. */
  if (t->content_length >= 0 && t->info.received != (guint64) t->content_length)
    {
      g_autofree char *message =
        g_strdup_printf ("The connection to the server broke after %" G_GUINT64_FORMAT
                         " of %" G_GINT64_FORMAT " bytes", t->info.received, t->content_length);
      g_propagate_error (error, plenum_http_error_new_full (PLENUM_HTTP_ERROR_CONNECTION_LOST, NULL,
                                                            t->status, -1, message));
      return NULL;
    }
  return plenum_http_response_new (t->status, t->etag, t->content_type, NULL, t->retry_after,
                                   t->info.total_size, t->info.offset, t->info.range_ignored,
                                   t->info.received);
}

/* Ends a transfer and reports it to its owner: @error (owned) when given, else what
 * curl and the response say. Not from inside a curl callback. */
static void
transfer_complete (PlenumHttpClient *self,
                   PlenumTransfer   *t,
                   GError           *error)
{
  g_autoptr(PlenumTransfer) hold = transfer_ref (t);
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GTask) task = NULL;

  transfer_detach (self, t);

  if (error == NULL && t->error != NULL)
    error = g_steal_pointer (&t->error);
  if (error == NULL && t->cancellable != NULL && g_cancellable_is_cancelled (t->cancellable))
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The transfer was cancelled");
  if (error == NULL && t->result != CURLE_OK)
    error = error_from_curl (t);
  if (error == NULL && !t->headers_complete)
    {
      /* curl takes a head cut in the middle for a whole one. */
      error = plenum_http_error_new_full (PLENUM_HTTP_ERROR_CONNECTION_LOST, NULL, t->status, -1,
                                          "The connection to the server broke in the middle of "
                                          "its answer's head");
    }
  if (error == NULL)
    {
      switch (t->kind)
        {
        case TRANSFER_REQUEST:
          response = request_outcome (t, &error);
          break;
        case TRANSFER_DOWNLOAD:
          response = download_outcome (t, &error);
          break;
        case TRANSFER_EVENTS:
          if (!status_is_success (t))
            error = error_from_status (t);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  if (t->write_destroy != NULL)
    {
      GDestroyNotify destroy = g_steal_pointer (&t->write_destroy);
      destroy (g_steal_pointer (&t->write_data));
    }
  t->write_func = NULL;

  task = g_steal_pointer (&t->task);
  if (task != NULL)
    {
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, g_steal_pointer (&response), g_object_unref);
    }
  else if (t->stream != NULL)
    {
      g_autoptr(PlenumEventStream) stream = g_object_ref (t->stream);

      t->stream = NULL;
      plenum_event_stream_handle_finished (stream, error);
      g_clear_error (&error);
    }
  else
    g_clear_error (&error);
}

static void
transfer_fail (PlenumHttpClient *self,
               PlenumTransfer   *t,
               GError           *error)
{
  transfer_complete (self, t, error);
}

void
plenum_http_client_abort_transfer (PlenumHttpClient *self,
                                   PlenumTransfer   *transfer)
{
  g_autoptr(PlenumTransfer) hold = NULL;

  g_return_if_fail (PLENUM_IS_HTTP_CLIENT (self));
  g_return_if_fail (transfer != NULL);

  hold = transfer_ref (transfer);
  transfer->stream = NULL;
  transfer_detach (self, transfer);
}

static gboolean
transfer_cancelled_cb (GCancellable *cancellable,
                       gpointer      user_data)
{
  PlenumTransfer *t = user_data;

  if (t->active)
    transfer_fail (t->client, t,
                   g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The transfer was cancelled"));
  return G_SOURCE_REMOVE;
}

/* ---- Handing bytes on (after curl returned) ---------------------------------------- */

static gboolean
download_check_head (PlenumTransfer  *t,
                     GError         **error)
{
  t->info.status = t->status;
  t->info.received = 0;
  if (t->status == 206)
    {
      guint64 first = 0;
      guint64 last = 0;
      gint64 total = -1;
      const char *p = t->content_range;
      char *end = NULL;

      /* "bytes FIRST-LAST/TOTAL", or with "*" for an unknown total */
      if (p == NULL || !g_str_has_prefix (p, "bytes "))
        goto bad_range;
      p += 6;
      if (!g_ascii_isdigit (*p))
        goto bad_range;
      first = g_ascii_strtoull (p, &end, 10);
      if (*end != '-' || !g_ascii_isdigit (end[1]))
        goto bad_range;
      last = g_ascii_strtoull (end + 1, &end, 10);
      if (*end != '/' || last < first)
        goto bad_range;
      if (strcmp (end + 1, "*") != 0)
        {
          total = parse_nonnegative (end + 1);
          if (total < 0 || (guint64) total <= last)
            goto bad_range;
        }
      if (first != t->offset)
        {
          g_autofree char *message =
            g_strdup_printf ("The server sent bytes from %" G_GUINT64_FORMAT " on where bytes from %"
                             G_GUINT64_FORMAT " on were asked for", first, t->offset);
          g_propagate_error (error, plenum_http_error_new_full (PLENUM_HTTP_ERROR_BAD_RESPONSE, NULL,
                                                                t->status, -1, message));
          return FALSE;
        }
      t->info.offset = first;
      t->info.total_size = total;
      t->info.range_ignored = FALSE;
      return TRUE;

    bad_range:
      g_propagate_error (error, plenum_http_error_new_full (PLENUM_HTTP_ERROR_BAD_RESPONSE, NULL,
                                                            t->status, -1,
                                                            "The server's partial answer has no usable Content-Range"));
      return FALSE;
    }

  t->info.offset = 0;
  t->info.total_size = t->content_length;
  t->info.range_ignored = t->offset > 0;
  return TRUE;
}

static void
deliver_download (PlenumHttpClient *self,
                  PlenumTransfer   *t)
{
  GError *error = NULL;

  if (!status_is_success (t))
    return;  /* the error body is collected; the outcome comes when curl is done */
  if (!t->headers_handled)
    {
      t->headers_handled = TRUE;
      if (!download_check_head (t, &error))
        {
          transfer_fail (self, t, error);
          return;
        }
    }

  if (t->pending->len == 0)
    return;
  if (t->cancellable != NULL && g_cancellable_is_cancelled (t->cancellable))
    {
      /* No write after cancel; the cancel source completes the transfer. */
      g_byte_array_set_size (t->pending, 0);
      return;
    }

  {
    /* The buffer becomes the chunk: no copy on the way to the receiver. */
    g_autoptr(GBytes) chunk = g_byte_array_free_to_bytes (g_steal_pointer (&t->pending));
    PlenumHttpDownloadInfo info = t->info;
    gsize len;
    const guint8 *data = g_bytes_get_data (chunk, &len);

    t->pending = g_byte_array_sized_new (DOWNLOAD_BUFFER_SIZE);
    info.chunk = chunk;
    if (!t->write_func (&info, data, len, t->write_data, &error))
      {
        if (error == NULL)
          error = g_error_new_literal (PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_FAILED,
                                       "The download was stopped by its receiver");
        if (t->active)
          transfer_fail (self, t, error);
        else
          g_clear_error (&error);
        return;
      }
    t->info.received += len;
  }
}

static void
deliver_events (PlenumHttpClient *self,
                PlenumTransfer   *t)
{
  g_autoptr(PlenumEventStream) stream = NULL;

  if (t->stream == NULL)
    return;
  stream = g_object_ref (t->stream);

  if (!t->headers_handled)
    {
      t->headers_handled = TRUE;
      if (t->status != 200)
        return;  /* the error body is collected; the outcome comes when curl is done */
      if (!media_type_is (t->content_type, "text/event-stream"))
        {
          g_autofree char *message =
            g_strdup_printf ("The server answered with %s where an event stream was expected",
                             t->content_type != NULL ? t->content_type : "an untyped body");
          transfer_fail (self, t, plenum_http_error_new_full (PLENUM_HTTP_ERROR_BAD_RESPONSE, NULL,
                                                              t->status, -1, message));
          return;
        }
      plenum_event_stream_handle_opened (stream);
      if (!t->active)
        return;
    }

  if (t->pending->len > 0)
    {
      g_autoptr(GByteArray) chunk = g_steal_pointer (&t->pending);

      t->pending = g_byte_array_new ();
      plenum_event_stream_handle_bytes (stream, chunk->data, chunk->len);
    }
}

static void
process_ready (PlenumHttpClient *self)
{
  PlenumTransfer *t;

  while ((t = g_queue_pop_head (&self->ready)) != NULL)
    {
      g_autoptr(PlenumTransfer) hold = transfer_ref (t);

      t->in_ready = FALSE;
      if (!t->active)
        continue;
      if (t->kind == TRANSFER_DOWNLOAD)
        deliver_download (self, t);
      else if (t->kind == TRANSFER_EVENTS)
        deliver_events (self, t);

      /* Outside every curl callback: curl hands over what it kept (through write_cb,
       * which queues the transfer here again) and reads on at its next timer. */
      if (t->active && t->in_multi && t->paused)
        {
          t->paused = FALSE;
          curl_easy_pause (t->easy, CURLPAUSE_CONT);
        }
    }
}

static void
process_done (PlenumHttpClient *self)
{
  CURLMsg *msg;
  int n_left;
  PlenumTransfer *t;

  /* First only collect: no user code inside the info_read loop. */
  while ((msg = curl_multi_info_read (self->multi, &n_left)) != NULL)
    {
      char *private = NULL;

      if (msg->msg != CURLMSG_DONE)
        continue;
      curl_easy_getinfo (msg->easy_handle, CURLINFO_PRIVATE, &private);
      t = (PlenumTransfer *) private;
      g_assert (t != NULL);
      t->result = msg->data.result;
      if (!t->in_done)
        {
          t->in_done = TRUE;
          g_queue_push_tail (&self->done, transfer_ref (t));
        }
    }

  /* Then take them out of curl, hand over the last bytes, and complete them. */
  while ((t = g_queue_pop_head (&self->done)) != NULL)
    {
      g_autoptr(PlenumTransfer) hold = t;  /* the queue's reference */

      t->in_done = FALSE;
      if (!t->active)
        continue;
      if (t->in_multi)
        {
          curl_multi_remove_handle (self->multi, t->easy);
          t->in_multi = FALSE;
        }
      if (t->in_ready)
        {
          g_queue_remove (&self->ready, t);
          t->in_ready = FALSE;
          if (t->kind == TRANSFER_DOWNLOAD)
            deliver_download (self, t);
          else if (t->kind == TRANSFER_EVENTS)
            deliver_events (self, t);
          if (!t->active)
            continue;
        }
      transfer_complete (self, t, NULL);
    }
}

/* ---- The GSource ------------------------------------------------------------------- */

static gboolean
curl_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  PlenumHttpClient *self = ((CurlSource *) source)->client;
  g_autoptr(GArray) ready_fds = g_array_new (FALSE, FALSE, sizeof (curl_socket_t));
  g_autoptr(GArray) ready_flags = g_array_new (FALSE, FALSE, sizeof (int));
  gint64 ready_time = g_source_get_ready_time (source);
  GHashTableIter iter;
  gpointer key;
  gpointer tag;
  int running = 0;

  /* User code below may drop the last reference. */
  g_object_ref (self);
  self->n_dispatches++;

  /* Which fds poll() found ready; collected first, since socket_action changes the table. */
  g_hash_table_iter_init (&iter, self->sockets);
  while (g_hash_table_iter_next (&iter, &key, &tag))
    {
      GIOCondition cond = g_source_query_unix_fd (source, tag);
      curl_socket_t fd = GPOINTER_TO_INT (key);
      int flags = 0;

      if (cond & (G_IO_IN | G_IO_HUP))
        flags |= CURL_CSELECT_IN;
      if (cond & G_IO_OUT)
        flags |= CURL_CSELECT_OUT;
      if (cond & (G_IO_ERR | G_IO_NVAL))
        flags |= CURL_CSELECT_ERR;
      if (flags != 0)
        {
          g_array_append_val (ready_fds, fd);
          g_array_append_val (ready_flags, flags);
        }
    }

  if (ready_time >= 0 && ready_time <= g_source_get_time (source))
    {
      /* Disarm first: curl sets a new timer from inside socket_action if it needs one. */
      g_source_set_ready_time (source, -1);
      curl_multi_socket_action (self->multi, CURL_SOCKET_TIMEOUT, 0, &running);
    }
  for (guint i = 0; i < ready_fds->len; i++)
    curl_multi_socket_action (self->multi,
                              g_array_index (ready_fds, curl_socket_t, i),
                              g_array_index (ready_flags, int, i),
                              &running);

  /* curl has returned: now user code may run. */
  process_ready (self);
  process_done (self);

  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs curl_source_funcs = {
  .dispatch = curl_source_dispatch,
};

static int
socket_cb (CURL          *easy,
           curl_socket_t  fd,
           int            what,
           void          *user_data,
           void          *socket_data)
{
  PlenumHttpClient *self = user_data;
  gpointer tag = g_hash_table_lookup (self->sockets, GINT_TO_POINTER (fd));
  GIOCondition cond = 0;

  if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
    cond |= G_IO_IN;
  if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
    cond |= G_IO_OUT;

  if (cond == 0)
    {
      /* CURL_POLL_REMOVE, or CURL_POLL_NONE: poll() would still report HUP and ERR on a
       * watched fd that curl does not act on, so it is not watched at all. */
      if (tag != NULL)
        {
          g_source_remove_unix_fd (self->source, tag);
          g_hash_table_remove (self->sockets, GINT_TO_POINTER (fd));
        }
      return 0;
    }

  if (tag != NULL)
    g_source_modify_unix_fd (self->source, tag, cond);
  else
    g_hash_table_insert (self->sockets, GINT_TO_POINTER (fd),
                         g_source_add_unix_fd (self->source, fd, cond));
  return 0;
}

static int
timer_cb (CURLM    *multi,
          long      timeout_ms,
          void     *user_data)
{
  PlenumHttpClient *self = user_data;

  /* One timer, replaced each time: the source's ready time. */
  if (timeout_ms < 0)
    g_source_set_ready_time (self->source, -1);
  else
    g_source_set_ready_time (self->source, g_get_monotonic_time () + (gint64) timeout_ms * 1000);
  return 0;
}

/* ---- GObject ----------------------------------------------------------------------- */

static void
plenum_http_client_dispose (GObject *object)
{
  PlenumHttpClient *self = PLENUM_HTTP_CLIENT (object);

  /* Tasks and streams hold references, so transfers remain only when someone ran
   * dispose by hand: end them as cancelled. */
  while (self->transfers != NULL && g_hash_table_size (self->transfers) > 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->transfers);
      g_hash_table_iter_next (&iter, &key, NULL);
      transfer_fail (self, key, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "The client was disposed"));
    }

  G_OBJECT_CLASS (plenum_http_client_parent_class)->dispose (object);
}

static void
plenum_http_client_finalize (GObject *object)
{
  PlenumHttpClient *self = PLENUM_HTTP_CLIENT (object);

  /* curl may still call socket_cb to forget cached connections: keep the source and
   * the table until it is done. */
  g_clear_pointer (&self->multi, curl_multi_cleanup);
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
  g_clear_pointer (&self->sockets, g_hash_table_unref);
  g_clear_pointer (&self->transfers, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->base_url);
  wipe_string (&self->token);
  g_free (self->pinned_key);
  g_free (self->ca_file);

  G_OBJECT_CLASS (plenum_http_client_parent_class)->finalize (object);
}

static void
plenum_http_client_class_init (PlenumHttpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plenum_http_client_dispose;
  object_class->finalize = plenum_http_client_finalize;
}

static void
plenum_http_client_init (PlenumHttpClient *self)
{
  self->auth_scheme = "Bearer";
  self->connect_timeout_ms = PLENUM_HTTP_DEFAULT_CONNECT_TIMEOUT_MS;
  self->low_speed_seconds = PLENUM_HTTP_DEFAULT_LOW_SPEED_SECONDS;
  self->event_watchdog_ms = PLENUM_HTTP_DEFAULT_EVENT_WATCHDOG_MS;
  self->max_connections = PLENUM_HTTP_DEFAULT_MAX_HOST_CONNECTIONS;
  g_queue_init (&self->ready);
  g_queue_init (&self->done);
}

/* ---- Construction and settings ----------------------------------------------------- */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  if (host[0] == '[' && g_str_has_suffix (host, "]"))
    bare = g_strndup (host + 1, strlen (host) - 2);
  else
    bare = g_strdup (host);
  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static char *
check_base_url (const char             *base_url,
                PlenumHttpClientFlags   flags,
                gboolean               *plain_remote,
                GError                **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;
  gsize len;

  if (!is_header_safe (base_url) || strchr (base_url, ' ') != NULL)
    {
      g_set_error_literal (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INVALID_URL,
                           "The server address holds characters a URL cannot hold");
      return NULL;
    }
  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INVALID_URL,
                   "The server address is not a URL: %s", local_error->message);
      return NULL;
    }
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_set_error (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INVALID_URL,
                   "The server address must start with https:// (not %s:)", scheme);
      return NULL;
    }
  if (host == NULL || host[0] == '\0' || g_uri_get_userinfo (uri) != NULL ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error_literal (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INVALID_URL,
                           "The server address must be a host and port, without user, query or fragment");
      return NULL;
    }
  if (plain_remote != NULL)
    *plain_remote = g_ascii_strcasecmp (scheme, "http") == 0 && !host_is_loopback (host);
  if (g_ascii_strcasecmp (scheme, "http") == 0 && !host_is_loopback (host) &&
      !(flags & PLENUM_HTTP_CLIENT_ALLOW_INSECURE))
    {
      g_set_error (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INSECURE,
                   "Refusing unencrypted http:// to %s: use https://, or allow it in the "
                   "terminal configuration for a lab", host);
      return NULL;
    }

  len = strlen (base_url);
  while (len > 0 && base_url[len - 1] == '/')
    len--;
  return g_strndup (base_url, len);
}

PlenumHttpClient *
plenum_http_client_new (const char  *base_url,
                        GError     **error)
{
  return plenum_http_client_new_full (base_url, PLENUM_HTTP_CLIENT_NONE, error);
}

PlenumHttpClient *
plenum_http_client_new_full (const char             *base_url,
                             PlenumHttpClientFlags   flags,
                             GError                **error)
{
  g_autoptr(PlenumHttpClient) self = NULL;
  g_autofree char *url = NULL;
  gboolean plain_remote = FALSE;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  url = check_base_url (base_url, flags, &plain_remote, error);
  if (url == NULL)
    return NULL;

  init_curl_once ();

  self = g_object_new (PLENUM_TYPE_HTTP_CLIENT, NULL);
  self->base_url = g_steal_pointer (&url);
  self->flags = flags;
  self->plain_remote = plain_remote;
  self->context = g_main_context_ref_thread_default ();
  self->sockets = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->transfers = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                           (GDestroyNotify) transfer_unref, NULL);

  self->source = g_source_new (&curl_source_funcs, sizeof (CurlSource));
  ((CurlSource *) self->source)->client = self;
  g_source_set_name (self->source, "[plenum] curl");
  g_source_set_priority (self->source, G_PRIORITY_DEFAULT);
  g_source_attach (self->source, self->context);

  self->multi = curl_multi_init ();
  if (self->multi == NULL)
    g_error ("curl_multi_init failed");
  curl_multi_setopt (self->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
  curl_multi_setopt (self->multi, CURLMOPT_SOCKETDATA, self);
  curl_multi_setopt (self->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
  curl_multi_setopt (self->multi, CURLMOPT_TIMERDATA, self);
  curl_multi_setopt (self->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long) self->max_connections);

  return g_steal_pointer (&self);
}

const char *
plenum_http_client_get_base_url (PlenumHttpClient *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_CLIENT (self), NULL);
  return self->base_url;
}

GMainContext *
plenum_http_client_get_context (PlenumHttpClient *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_CLIENT (self), NULL);
  return self->context;
}

void
plenum_http_client_set_authorization (PlenumHttpClient *self,
                                      const char       *scheme,
                                      const char       *secret)
{
  const char *static_scheme;

  g_return_if_fail (PLENUM_IS_HTTP_CLIENT (self));
  g_return_if_fail (secret == NULL || (secret[0] != '\0' && is_header_safe (secret) &&
                                       strchr (secret, ' ') == NULL));

  if (g_strcmp0 (scheme, "Terminal") == 0)
    static_scheme = "Terminal";
  else
    {
      g_return_if_fail (scheme == NULL || g_strcmp0 (scheme, "Bearer") == 0);
      static_scheme = "Bearer";
    }

  if (g_strcmp0 (self->token, secret) == 0 &&
      (secret == NULL || self->auth_scheme == static_scheme))
    return;
  wipe_string (&self->token);
  self->token = g_strdup (secret);
  self->auth_scheme = static_scheme;
}

void
plenum_http_client_set_token (PlenumHttpClient *self,
                              const char       *token)
{
  plenum_http_client_set_authorization (self, "Bearer", token);
}

const char *
plenum_http_client_get_authorization_scheme (PlenumHttpClient *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_CLIENT (self), NULL);
  return self->token != NULL ? self->auth_scheme : NULL;
}

gboolean
plenum_http_client_has_token (PlenumHttpClient *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_CLIENT (self), FALSE);
  return self->token != NULL;
}

const char *
plenum_http_pinned_public_key_base64 (const char *value)
{
  const char *b64 = value;
  g_autofree guchar *decoded = NULL;
  gsize decoded_len = 0;

  g_return_val_if_fail (value != NULL, NULL);

  if (g_str_has_prefix (b64, "sha256//"))
    b64 += strlen ("sha256//");
  /* 32 bytes in base64: 43 characters and one '='. */
  if (strlen (b64) != 44 || b64[43] != '=' ||
      strspn (b64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") != 43)
    return NULL;
  decoded = g_base64_decode (b64, &decoded_len);
  return decoded_len == 32 ? b64 : NULL;
}

gboolean
plenum_http_client_set_pinned_public_key (PlenumHttpClient  *self,
                                          const char        *sha256_base64,
                                          GError           **error)
{
  const char *b64;

  g_return_val_if_fail (PLENUM_IS_HTTP_CLIENT (self), FALSE);

  if (sha256_base64 == NULL)
    {
      g_clear_pointer (&self->pinned_key, g_free);
      return TRUE;
    }
  b64 = plenum_http_pinned_public_key_base64 (sha256_base64);
  if (b64 == NULL)
    {
      g_set_error_literal (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INVALID_URL,
                           "The pinned server key is not the base64 of a SHA-256 (44 characters)");
      return FALSE;
    }
  g_free (self->pinned_key);
  self->pinned_key = g_strconcat ("sha256//", b64, NULL);
  return TRUE;
}

void
plenum_http_client_set_ca_file (PlenumHttpClient *self,
                                const char       *path)
{
  g_return_if_fail (PLENUM_IS_HTTP_CLIENT (self));
  g_free (self->ca_file);
  self->ca_file = g_strdup (path);
}

const char *
plenum_http_client_get_ca_file (PlenumHttpClient *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_CLIENT (self), NULL);
  return self->ca_file;
}

const char *
plenum_http_client_get_pinned_public_key (PlenumHttpClient *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_CLIENT (self), NULL);
  return self->pinned_key;
}

/* The same rule as at construction, for a client whose permission was taken back
 * (plenum_http_client_set_allow_insecure()): nothing is sent in clear. */
gboolean
plenum_http_client_may_send (PlenumHttpClient  *self,
                             GError           **error)
{
  if (self->plain_remote && !(self->flags & PLENUM_HTTP_CLIENT_ALLOW_INSECURE))
    {
      g_set_error_literal (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INSECURE,
                           "Refusing unencrypted http:// to a host that is not this "
                           "computer: use https://, or allow it in the terminal "
                           "configuration for a lab");
      return FALSE;
    }
  return TRUE;
}

void
plenum_http_client_set_allow_insecure (PlenumHttpClient *self,
                                       gboolean          allow)
{
  g_return_if_fail (PLENUM_IS_HTTP_CLIENT (self));
  if (allow)
    self->flags |= PLENUM_HTTP_CLIENT_ALLOW_INSECURE;
  else
    self->flags &= ~PLENUM_HTTP_CLIENT_ALLOW_INSECURE;
}

gboolean
plenum_http_client_get_allow_insecure (PlenumHttpClient *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_CLIENT (self), FALSE);
  return (self->flags & PLENUM_HTTP_CLIENT_ALLOW_INSECURE) != 0;
}

void
plenum_http_client_set_connect_timeout (PlenumHttpClient *self,
                                        guint             timeout_ms)
{
  g_return_if_fail (PLENUM_IS_HTTP_CLIENT (self));
  g_return_if_fail (timeout_ms > 0);
  self->connect_timeout_ms = timeout_ms;
}

void
plenum_http_client_set_low_speed_timeout (PlenumHttpClient *self,
                                          guint             seconds)
{
  g_return_if_fail (PLENUM_IS_HTTP_CLIENT (self));
  g_return_if_fail (seconds > 0);
  self->low_speed_seconds = seconds;
}

void
plenum_http_client_set_event_watchdog (PlenumHttpClient *self,
                                       guint             timeout_ms)
{
  g_return_if_fail (PLENUM_IS_HTTP_CLIENT (self));
  self->event_watchdog_ms = timeout_ms;
}

void
plenum_http_client_set_max_connections (PlenumHttpClient *self,
                                        guint             n)
{
  g_return_if_fail (PLENUM_IS_HTTP_CLIENT (self));
  g_return_if_fail (n > 0);
  if (self->max_connections == n)
    return;
  self->max_connections = n;
  curl_multi_setopt (self->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long) n);
}

guint
plenum_http_client_get_n_active (PlenumHttpClient *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_CLIENT (self), 0);
  return g_hash_table_size (self->transfers);
}

guint64
plenum_http_client_get_n_dispatches (PlenumHttpClient *self)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_CLIENT (self), 0);
  return self->n_dispatches;
}

/* ---- Starting transfers ------------------------------------------------------------ */

static void
add_header (PlenumTransfer *t,
            const char     *name,
            const char     *value)
{
  g_autofree char *line = g_strdup_printf ("%s: %s", name, value);

  t->headers = curl_slist_append (t->headers, line);
  if (t->headers == NULL)
    g_error ("curl_slist_append failed");
}

/* A transfer with everything common set up; NULL with @error for a bad path. */
static PlenumTransfer *
transfer_new (PlenumHttpClient  *self,
              TransferKind       kind,
              const char        *path,
              GCancellable      *cancellable,
              GError           **error)
{
  PlenumTransfer *t;
  g_autofree char *url = NULL;

  if (!plenum_http_client_may_send (self, error))
    return NULL;
  if (!is_path_safe (path))
    {
      g_set_error_literal (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_INVALID_URL,
                           "The request path must start with '/' and hold only printable "
                           "ASCII without spaces");
      return NULL;
    }

  t = g_new0 (PlenumTransfer, 1);
  t->ref_count = 1;
  t->client = self;
  t->kind = kind;
  t->content_length = -1;
  t->retry_after = -1;
  t->body = g_byte_array_new ();
  t->pending = g_byte_array_new ();
  t->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  t->info.total_size = -1;

  t->easy = curl_easy_init ();
  if (t->easy == NULL)
    g_error ("curl_easy_init failed");

  url = g_strconcat (self->base_url, path, NULL);
  curl_easy_setopt (t->easy, CURLOPT_URL, url);
  curl_easy_setopt (t->easy, CURLOPT_PRIVATE, (char *) t);
  curl_easy_setopt (t->easy, CURLOPT_ERRORBUFFER, t->curl_error);
  curl_easy_setopt (t->easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (t->easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (t->easy, CURLOPT_FOLLOWLOCATION, 0L);
  /* The terminal talks to its server directly; proxy variables in the environment
   * are not followed. */
  curl_easy_setopt (t->easy, CURLOPT_PROXY, "");
  curl_easy_setopt (t->easy, CURLOPT_USERAGENT, "Plenum/" PLENUM_VERSION);
  curl_easy_setopt (t->easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (t->easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (t->easy, CURLOPT_SSLVERSION, (long) CURL_SSLVERSION_TLSv1_2);
  if (self->pinned_key != NULL)
    curl_easy_setopt (t->easy, CURLOPT_PINNEDPUBLICKEY, self->pinned_key);
  if (self->ca_file != NULL)
    curl_easy_setopt (t->easy, CURLOPT_CAINFO, self->ca_file);
  curl_easy_setopt (t->easy, CURLOPT_CONNECTTIMEOUT_MS, (long) self->connect_timeout_ms);
  curl_easy_setopt (t->easy, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt (t->easy, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (t->easy, CURLOPT_HEADERDATA, t);
  curl_easy_setopt (t->easy, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (t->easy, CURLOPT_WRITEDATA, t);
  if (kind != TRANSFER_EVENTS)
    {
      curl_easy_setopt (t->easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
      curl_easy_setopt (t->easy, CURLOPT_LOW_SPEED_TIME, (long) self->low_speed_seconds);
    }
  if (kind != TRANSFER_REQUEST)
    curl_easy_setopt (t->easy, CURLOPT_BUFFERSIZE, (long) DOWNLOAD_BUFFER_SIZE);

  if (self->token != NULL)
    {
      /* Goes into curl's header list only, which curl never logs unless verbose. */
      g_autofree char *authorization = g_strconcat (self->auth_scheme, " ",
                                                   self->token, NULL);
      add_header (t, "Authorization", authorization);
      explicit_bzero (authorization, strlen (authorization));
    }
  /* No "Expect: 100-continue" round trip before a body. */
  t->headers = curl_slist_append (t->headers, "Expect:");

  return t;
}

/* Adds the transfer to curl and to the table (which takes @t's reference). */
static void
transfer_start (PlenumHttpClient *self,
                PlenumTransfer   *t)
{
  CURLMcode rc;

  curl_easy_setopt (t->easy, CURLOPT_HTTPHEADER, t->headers);

  t->active = TRUE;
  g_hash_table_add (self->transfers, t);

  if (t->cancellable != NULL)
    {
      t->cancel_source = g_cancellable_source_new (t->cancellable);
      g_source_set_callback (t->cancel_source, G_SOURCE_FUNC (transfer_cancelled_cb), t, NULL);
      g_source_set_name (t->cancel_source, "[plenum] transfer cancelled");
      g_source_attach (t->cancel_source, self->context);
    }

  /* Never called from a curl callback: user code runs only after curl returned. */
  rc = curl_multi_add_handle (self->multi, t->easy);
  if (rc != CURLM_OK)
    {
      g_autofree char *message = g_strdup_printf ("The request could not be started: %s",
                                                  curl_multi_strerror (rc));
      /* Completing from here would call the caller back before it returned: defer it
       * to the main loop through the done queue. */
      t->result = CURLE_FAILED_INIT;
      t->error = g_error_new_literal (PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_FAILED, message);
      t->in_done = TRUE;
      g_queue_push_tail (&self->done, transfer_ref (t));
      g_source_set_ready_time (self->source, 0);
      return;
    }
  t->in_multi = TRUE;
}

void
plenum_http_client_request_async (PlenumHttpClient    *self,
                                  const char          *method,
                                  const char          *path,
                                  GBytes              *json_body,
                                  const char          *if_none_match,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  PlenumTransfer *t;

  g_return_if_fail (PLENUM_IS_HTTP_CLIENT (self));
  g_return_if_fail (owns_context (self));
  g_return_if_fail (method != NULL && path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_http_client_request_async);

  if (strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0 &&
      strcmp (method, "POST") != 0 && strcmp (method, "PUT") != 0 &&
      strcmp (method, "DELETE") != 0 && strcmp (method, "PATCH") != 0)
    {
      g_critical ("%s: unsupported method %s", G_STRFUNC, method);
      g_task_return_new_error (task, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_FAILED,
                               "Unsupported HTTP method %s", method);
      return;
    }
  if (json_body != NULL && (strcmp (method, "GET") == 0 || strcmp (method, "HEAD") == 0))
    {
      g_critical ("%s: a %s request cannot have a body", G_STRFUNC, method);
      g_task_return_new_error (task, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_FAILED,
                               "A %s request cannot have a body", method);
      return;
    }
  if (if_none_match != NULL && !is_header_safe (if_none_match))
    {
      g_task_return_new_error (task, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_FAILED,
                               "Refusing to send an If-None-Match with control characters");
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  t = transfer_new (self, TRANSFER_REQUEST, path, cancellable, &error);
  if (t == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  add_header (t, "Accept", "application/json");
  if (if_none_match != NULL)
    add_header (t, "If-None-Match", if_none_match);

  if (strcmp (method, "HEAD") == 0)
    {
      t->is_head = TRUE;
      curl_easy_setopt (t->easy, CURLOPT_NOBODY, 1L);
    }
  else if (strcmp (method, "GET") != 0)
    {
      gsize size = 0;
      const void *data = NULL;

      if (strcmp (method, "POST") != 0)
        curl_easy_setopt (t->easy, CURLOPT_CUSTOMREQUEST, method);
      if (json_body != NULL)
        {
          t->request_body = g_bytes_ref (json_body);
          data = g_bytes_get_data (t->request_body, &size);
          add_header (t, "Content-Type", "application/json; charset=utf-8");
        }
      if (json_body != NULL || strcmp (method, "DELETE") != 0)
        {
          curl_easy_setopt (t->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) size);
          curl_easy_setopt (t->easy, CURLOPT_POSTFIELDS, data != NULL ? data : "");
        }
    }

  t->task = g_steal_pointer (&task);
  transfer_start (self, t);
}

PlenumHttpResponse *
plenum_http_client_request_finish (PlenumHttpClient  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == plenum_http_client_request_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
plenum_http_client_download_async (PlenumHttpClient    *self,
                                   const char          *path,
                                   guint64              offset,
                                   PlenumHttpWriteFunc  write_func,
                                   gpointer             write_data,
                                   GDestroyNotify       write_destroy,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  PlenumTransfer *t;

  g_return_if_fail (PLENUM_IS_HTTP_CLIENT (self));
  g_return_if_fail (owns_context (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (write_func != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_http_client_download_async);

  t = transfer_new (self, TRANSFER_DOWNLOAD, path, cancellable, &error);
  if (t == NULL || g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_clear_pointer (&t, transfer_unref);
      if (write_destroy != NULL)
        write_destroy (write_data);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  t->offset = offset;
  t->write_func = write_func;
  t->write_data = write_data;
  t->write_destroy = write_destroy;
  add_header (t, "Accept", "*/*");
  if (offset > 0)
    {
      g_autofree char *range = g_strdup_printf ("%" G_GUINT64_FORMAT "-", offset);
      curl_easy_setopt (t->easy, CURLOPT_RANGE, range);
    }

  t->task = g_steal_pointer (&task);
  transfer_start (self, t);
}

PlenumHttpResponse *
plenum_http_client_download_finish (PlenumHttpClient  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (PLENUM_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == plenum_http_client_download_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

PlenumEventStream *
plenum_http_client_open_events (PlenumHttpClient *self,
                                const char       *path,
                                const char       *last_event_id)
{
  g_autoptr(PlenumEventStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  PlenumTransfer *t;

  g_return_val_if_fail (PLENUM_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (owns_context (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  stream = plenum_event_stream_new_internal (self, last_event_id, self->event_watchdog_ms);

  if (last_event_id != NULL && !is_header_safe (last_event_id))
    error = g_error_new_literal (PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_FAILED,
                                 "Refusing to send a Last-Event-ID with control characters");
  t = error == NULL ? transfer_new (self, TRANSFER_EVENTS, path, NULL, &error) : NULL;
  if (t == NULL)
    {
      /* Reported from the main loop like any other end, never before we return. */
      t = g_new0 (PlenumTransfer, 1);
      t->ref_count = 1;
      t->client = self;
      t->kind = TRANSFER_EVENTS;
      t->body = g_byte_array_new ();
      t->pending = g_byte_array_new ();
      t->content_length = -1;
      t->retry_after = -1;
      t->error = g_steal_pointer (&error);
      t->stream = stream;
      plenum_event_stream_set_transfer (stream, t);
      t->active = TRUE;
      g_hash_table_add (self->transfers, t);
      t->in_done = TRUE;
      g_queue_push_tail (&self->done, transfer_ref (t));
      g_source_set_ready_time (self->source, 0);
      return g_steal_pointer (&stream);
    }

  add_header (t, "Accept", "text/event-stream");
  add_header (t, "Cache-Control", "no-cache");
  if (last_event_id != NULL && last_event_id[0] != '\0')
    add_header (t, "Last-Event-ID", last_event_id);

  t->stream = stream;
  plenum_event_stream_set_transfer (stream, t);
  transfer_start (self, t);
  return g_steal_pointer (&stream);
}
