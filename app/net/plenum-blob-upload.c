/* plenum-blob-upload.c — the secretariat's streaming blob upload (see
 * plenum-blob-upload.h). Moved here from plenumctl so that the client's packet editor
 * and plenumctl share it.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-blob-upload"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "core/plenum-json.h"
#include "plenum-http-client-private.h"
#include "plenum-http-error.h"
#include "plenum-blob-upload.h"

/* An error body is small; more is not a Plenum error. */
#define MAX_ERROR_BODY (64 * 1024)

/* Owned by the task; used by the worker thread only once the task runs (the caller's
 * thread does not touch it until the task returns). */
typedef struct {
  char                     *url;
  char                     *authorization;  /* "Authorization: Bearer …": a secret */
  char                     *ca_file;        /* the client's TLS rules, copied */
  char                     *pinned_key;
  char                     *path;
  PlenumBlobUploadProgress *progress;
  GCancellable             *cancellable;
  int                       fd;
  GByteArray               *answer;         /* the error body, if any */
} UploadJob;

static void
upload_job_free (gpointer data)
{
  UploadJob *job = data;

  g_free (job->url);
  plenum_secret_free (job->authorization);
  g_free (job->ca_file);
  g_free (job->pinned_key);
  g_free (job->path);
  g_clear_object (&job->cancellable);
  if (job->fd >= 0)
    close (job->fd);
  g_byte_array_unref (job->answer);
  g_free (job);
}

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  n_items,
         void   *user_data)
{
  UploadJob *job = user_data;
  ssize_t n;

  do
    n = read (job->fd, buffer, size * n_items);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return CURL_READFUNC_ABORT;
  return (size_t) n;
}

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  n_items,
          void   *user_data)
{
  UploadJob *job = user_data;
  size_t len = size * n_items;

  if (job->answer->len + len > MAX_ERROR_BODY)
    return 0;
  g_byte_array_append (job->answer, (const guint8 *) data, (guint) len);
  return len;
}

static int
progress_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  UploadJob *job = user_data;

  if (job->progress != NULL)
    g_atomic_pointer_set (&job->progress->sent, (gsize) ulnow);
  /* Non-zero aborts the transfer: the caller cancelled. */
  return g_cancellable_is_cancelled (job->cancellable) ? 1 : 0;
}

/* The error of a refused upload, from the server's JSON error body when it sent one. */
static GError *
error_from_answer (UploadJob *job,
                   guint      status)
{
  g_autoptr(cJSON) root = NULL;
  const cJSON *inner = NULL;
  const char *code = NULL;
  const char *message = NULL;

  if (job->answer->len > 0)
    root = plenum_json_parse ((const char *) job->answer->data, job->answer->len, NULL);
  if (root != NULL &&
      plenum_json_get_object (root, NULL, "error", PLENUM_JSON_REQUIRED, &inner, NULL) &&
      plenum_json_get_string (inner, "error", "code", PLENUM_JSON_REQUIRED, &code, NULL) &&
      plenum_json_get_string (inner, "error", "message", PLENUM_JSON_REQUIRED, &message, NULL))
    {
      PlenumHttpError value = plenum_http_error_from_code_string (code);

      if (value == PLENUM_HTTP_ERROR_REFUSED && status >= 500)
        value = PLENUM_HTTP_ERROR_SERVER_ERROR;
      return plenum_http_error_new_full (value, code, status, -1, message);
    }
  if (status >= 500)
    return plenum_http_error_new_full (PLENUM_HTTP_ERROR_SERVER_ERROR, NULL, status, -1,
                                       "The server failed to store the blob");
  return plenum_http_error_new_full (PLENUM_HTTP_ERROR_BAD_RESPONSE, NULL, status, -1,
                                     "The server answered the upload with an unexpected "
                                     "status");
}

static GError *
error_from_curl (CURLcode    rc,
                 long        verify_result,
                 const char *detail)
{
  PlenumHttpError code;
  const char *text = detail[0] != '\0' ? detail : curl_easy_strerror (rc);

  switch (rc)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      code = PLENUM_HTTP_ERROR_UNREACHABLE;
      break;
    case CURLE_OPERATION_TIMEDOUT:
      code = PLENUM_HTTP_ERROR_TIMEOUT;
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
      /* Said as the client says it: what failed, for the user's sentence. */
      return plenum_http_tls_error_new (rc, verify_result, 0, detail);
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      code = PLENUM_HTTP_ERROR_CONNECTION_LOST;
      break;
    default:
      code = PLENUM_HTTP_ERROR_FAILED;
      break;
    }
  return plenum_http_error_new_full (code, NULL, 0, -1, text);
}

static void
upload_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  UploadJob *job = task_data;
  char curl_error[CURL_ERROR_SIZE] = "";
  struct curl_slist *headers = NULL;
  struct stat st;
  CURL *easy;
  CURLcode rc;
  long status = 0;
  long verify_result = 0;

  job->fd = open (job->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (job->fd < 0 || fstat (job->fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      int saved_errno = job->fd < 0 ? errno : EINVAL;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "%s: %s", job->path, g_strerror (saved_errno));
      return;
    }

  easy = curl_easy_init ();
  headers = curl_slist_append (headers, "Content-Type: application/octet-stream");
  headers = curl_slist_append (headers, "Accept: application/json");
  headers = curl_slist_append (headers, "Expect:");
  headers = curl_slist_append (headers, job->authorization);
  curl_easy_setopt (easy, CURLOPT_URL, job->url);
  curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, curl_error);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (easy, CURLOPT_PROXY, "");
  curl_easy_setopt (easy, CURLOPT_USERAGENT, "plenum/" PLENUM_VERSION);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (easy, CURLOPT_SSLVERSION, (long) CURL_SSLVERSION_TLSv1_2);
  if (job->pinned_key != NULL)
    curl_easy_setopt (easy, CURLOPT_PINNEDPUBLICKEY, job->pinned_key);
  if (job->ca_file != NULL)
    curl_easy_setopt (easy, CURLOPT_CAINFO, job->ca_file);
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
  curl_easy_setopt (easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (easy, CURLOPT_LOW_SPEED_TIME, 30L);
  curl_easy_setopt (easy, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t) st.st_size);
  curl_easy_setopt (easy, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (easy, CURLOPT_READDATA, job);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, job);
  curl_easy_setopt (easy, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (easy, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (easy, CURLOPT_XFERINFODATA, job);
  curl_easy_setopt (easy, CURLOPT_HTTPHEADER, headers);

  rc = curl_easy_perform (easy);
  curl_easy_getinfo (easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo (easy, CURLINFO_SSL_VERIFYRESULT, &verify_result);
  curl_easy_cleanup (easy);
  /* The header list holds the token. */
  for (struct curl_slist *h = headers; h != NULL; h = h->next)
    memset (h->data, 0, strlen (h->data));
  curl_slist_free_all (headers);

  if (g_cancellable_is_cancelled (cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Upload cancelled");
  else if (rc != CURLE_OK && status == 0)
    g_task_return_error (task, error_from_curl (rc, verify_result, curl_error));
  else if (status == 200 || status == 201)
    g_task_return_int (task, status);
  else
    g_task_return_error (task, error_from_answer (job, (guint) status));
}

void
plenum_blob_upload_async (PlenumHttpClient         *client,
                          const char               *token,
                          const char               *sha256,
                          const char               *path,
                          PlenumBlobUploadProgress *progress,
                          GCancellable             *cancellable,
                          GAsyncReadyCallback       callback,
                          gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  UploadJob *job;

  g_return_if_fail (PLENUM_IS_HTTP_CLIENT (client));
  g_return_if_fail (token != NULL && path != NULL);
  g_return_if_fail (plenum_is_sha256_hex (sha256));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_blob_upload_async);
  if (!plenum_http_client_may_send (client, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job = g_new0 (UploadJob, 1);
  job->url = g_strdup_printf ("%s/api/v1/blobs/%s", plenum_http_client_get_base_url (client),
                              sha256);
  job->ca_file = g_strdup (plenum_http_client_get_ca_file (client));
  job->pinned_key = g_strdup (plenum_http_client_get_pinned_public_key (client));
  job->authorization = g_strdup_printf ("Authorization: Bearer %s", token);
  job->path = g_strdup (path);
  job->progress = progress;
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  job->fd = -1;
  job->answer = g_byte_array_new ();
  if (progress != NULL)
    g_atomic_pointer_set (&progress->sent, 0);
  g_task_set_task_data (task, job, upload_job_free);
  g_task_run_in_thread (task, upload_thread);
}

guint
plenum_blob_upload_finish (GAsyncResult  *result,
                           GError       **error)
{
  gssize status;

  g_return_val_if_fail (g_task_is_valid (result, NULL), 0);

  status = g_task_propagate_int (G_TASK (result), error);
  return status < 0 ? 0 : (guint) status;
}
