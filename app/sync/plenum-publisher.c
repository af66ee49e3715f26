/* plenum-publisher.c — publishing a packet from the client (see plenum-publisher.h).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-publisher"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/plenum-body.h"
#include "core/plenum-document.h"
#include "core/plenum-hash.h"
#include "core/plenum-json.h"
#include "core/plenum-limits.h"
#include "core/plenum-member.h"
#include "core/plenum-packet-manifest.h"
#include "net/plenum-blob-upload.h"
#include "plenum-publisher.h"

#define DEFAULT_RETRIES         4
#define DEFAULT_FIRST_DELAY_MS  500
#define PROGRESS_INTERVAL_MS    100
#define HASH_CHUNK              (1024 * 1024)

G_DEFINE_QUARK (plenum-publish-error-quark, plenum_publish_error)

/* ---- The draft ---------------------------------------------------------------------- */

void
plenum_draft_document_free (PlenumDraftDocument *document)
{
  if (document == NULL)
    return;
  g_free (document->title);
  plenum_secret_free (document->password);
  g_free (document->path);
  g_free (document->sha256);
  g_free (document);
}

void
plenum_draft_item_free (PlenumDraftItem *item)
{
  if (item == NULL)
    return;
  g_free (item->number);
  g_free (item->title);
  g_ptr_array_unref (item->documents);
  g_free (item);
}

static PlenumDraftItem *
draft_item_new (const char *number,
                const char *title,
                gboolean    closed_session)
{
  PlenumDraftItem *item = g_new0 (PlenumDraftItem, 1);

  item->number = g_strdup (number != NULL ? number : "");
  item->title = g_strdup (title != NULL ? title : "");
  item->closed_session = closed_session;
  item->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_draft_document_free);
  return item;
}

PlenumPacketDraft *
plenum_packet_draft_new (const char *meeting_id)
{
  PlenumPacketDraft *draft = g_new0 (PlenumPacketDraft, 1);

  draft->meeting_id = meeting_id != NULL ? g_strdup (meeting_id) : plenum_uuid_new ();
  draft->title = g_strdup ("");
  draft->items = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_draft_item_free);
  return draft;
}

void
plenum_packet_draft_free (PlenumPacketDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->meeting_id);
  g_free (draft->body_id);
  g_free (draft->title);
  g_clear_pointer (&draft->starts_at, g_date_time_unref);
  g_free (draft->location);
  g_free (draft->chair_id);
  g_free (draft->vice_chair_id);
  g_ptr_array_unref (draft->items);
  g_free (draft);
}

PlenumDraftItem *
plenum_packet_draft_add_item (PlenumPacketDraft *draft,
                              const char        *number,
                              const char        *title,
                              gboolean           closed_session)
{
  PlenumDraftItem *item;

  g_return_val_if_fail (draft != NULL, NULL);

  item = draft_item_new (number, title, closed_session);
  g_ptr_array_add (draft->items, item);
  return item;
}

PlenumDraftDocument *
plenum_draft_item_add_document (PlenumDraftItem *item,
                                const char      *title,
                                const char      *path,
                                const char      *sha256)
{
  PlenumDraftDocument *document;

  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail ((path == NULL) != (sha256 == NULL), NULL);

  document = g_new0 (PlenumDraftDocument, 1);
  document->title = g_strdup (title != NULL ? title : "");
  document->path = g_strdup (path);
  document->sha256 = g_strdup (sha256);
  g_ptr_array_add (item->documents, document);
  return document;
}

PlenumPacketDraft *
plenum_packet_draft_copy (const PlenumPacketDraft *draft)
{
  PlenumPacketDraft *copy;

  g_return_val_if_fail (draft != NULL, NULL);

  copy = plenum_packet_draft_new (draft->meeting_id);
  copy->base_packet_version = draft->base_packet_version;
  copy->body_id = g_strdup (draft->body_id);
  g_free (copy->title);
  copy->title = g_strdup (draft->title);
  copy->starts_at = draft->starts_at != NULL ? g_date_time_ref (draft->starts_at) : NULL;
  copy->location = g_strdup (draft->location);
  copy->chair_id = g_strdup (draft->chair_id);
  copy->vice_chair_id = g_strdup (draft->vice_chair_id);
  for (guint i = 0; i < draft->items->len; i++)
    {
      const PlenumDraftItem *item = g_ptr_array_index (draft->items, i);
      PlenumDraftItem *item_copy = plenum_packet_draft_add_item (copy, item->number,
                                                                 item->title,
                                                                 item->closed_session);

      for (guint j = 0; j < item->documents->len; j++)
        {
          const PlenumDraftDocument *document = g_ptr_array_index (item->documents, j);
          PlenumDraftDocument *document_copy = g_new0 (PlenumDraftDocument, 1);

          *document_copy = *document;
          document_copy->title = g_strdup (document->title);
          document_copy->password = g_strdup (document->password);
          document_copy->path = g_strdup (document->path);
          document_copy->sha256 = g_strdup (document->sha256);
          g_ptr_array_add (item_copy->documents, document_copy);
        }
    }
  return copy;
}

G_DEFINE_BOXED_TYPE (PlenumPacketDraft, plenum_packet_draft,
                     plenum_packet_draft_copy, plenum_packet_draft_free)

/* Lenient on purpose: the editor reads what it needs of a Meeting and ignores fields a
 * newer server adds (the strict readers of core/ are for what the terminal stores). */
PlenumPacketDraft *
plenum_packet_draft_new_from_meeting_json (const cJSON  *meeting,
                                           GError      **error)
{
  g_autoptr(PlenumPacketDraft) draft = NULL;
  const char *id = NULL, *body_id = NULL, *title = NULL, *location = NULL;
  const char *chair_id = NULL, *vice_chair_id = NULL;
  g_autoptr(GDateTime) starts_at = NULL;
  const cJSON *agenda = NULL;
  gint64 version = 0;

  if (!plenum_json_get_uuid (meeting, NULL, "id", PLENUM_JSON_REQUIRED, &id, error) ||
      !plenum_json_get_string (meeting, NULL, "body_id", PLENUM_JSON_REQUIRED, &body_id, error) ||
      !plenum_json_get_string (meeting, NULL, "title", PLENUM_JSON_REQUIRED, &title, error) ||
      !plenum_json_get_time (meeting, NULL, "starts_at", PLENUM_JSON_REQUIRED, &starts_at, error) ||
      !plenum_json_get_string (meeting, NULL, "location", PLENUM_JSON_NULLABLE, &location, error) ||
      !plenum_json_get_string (meeting, NULL, "chair_id", PLENUM_JSON_REQUIRED, &chair_id, error) ||
      !plenum_json_get_string (meeting, NULL, "vice_chair_id", PLENUM_JSON_NULLABLE,
                               &vice_chair_id, error) ||
      !plenum_json_get_int64 (meeting, NULL, "packet_version", PLENUM_JSON_REQUIRED, 0,
                              PLENUM_JSON_MAX_SAFE_INTEGER, &version, error) ||
      !plenum_json_get_array (meeting, NULL, "agenda", PLENUM_JSON_REQUIRED,
                              PLENUM_MAX_ARRAY_ITEMS, &agenda, error))
    return NULL;

  draft = plenum_packet_draft_new (id);
  draft->base_packet_version = version;
  draft->body_id = g_strdup (body_id);
  g_free (draft->title);
  draft->title = g_strdup (title);
  draft->starts_at = g_steal_pointer (&starts_at);
  draft->location = g_strdup (location);
  draft->chair_id = g_strdup (chair_id);
  draft->vice_chair_id = g_strdup (vice_chair_id);

  for (guint i = 0; i < (guint) cJSON_GetArraySize (agenda); i++)
    {
      const cJSON *node = cJSON_GetArrayItem (agenda, (int) i);
      g_autofree char *where = plenum_json_path_index ("agenda", i);
      const char *number = NULL, *item_title = NULL;
      gboolean closed_session = FALSE;
      const cJSON *documents = NULL;
      PlenumDraftItem *item;

      if (!plenum_json_get_string (node, where, "number", PLENUM_JSON_REQUIRED, &number, error) ||
          !plenum_json_get_string (node, where, "title", PLENUM_JSON_REQUIRED, &item_title, error) ||
          !plenum_json_get_bool (node, where, "closed_session", PLENUM_JSON_REQUIRED,
                                 &closed_session, error) ||
          !plenum_json_get_array (node, where, "documents", PLENUM_JSON_REQUIRED,
                                  PLENUM_MAX_ARRAY_ITEMS, &documents, error))
        return NULL;
      item = plenum_packet_draft_add_item (draft, number, item_title, closed_session);
      for (guint j = 0; j < (guint) cJSON_GetArraySize (documents); j++)
        {
          const cJSON *doc = cJSON_GetArrayItem (documents, (int) j);
          g_autofree char *doc_where = plenum_json_path_index (where, j);
          const char *doc_title = NULL, *sha256 = NULL, *password = NULL;
          gboolean confidential = FALSE;
          gint64 size = 0, pages = 0;
          PlenumDraftDocument *document;

          if (!plenum_json_get_string (doc, doc_where, "title", PLENUM_JSON_REQUIRED,
                                       &doc_title, error) ||
              !plenum_json_get_sha256 (doc, doc_where, "sha256", PLENUM_JSON_REQUIRED,
                                       &sha256, error) ||
              !plenum_json_get_bool (doc, doc_where, "confidential", PLENUM_JSON_REQUIRED,
                                     &confidential, error) ||
              !plenum_json_get_int64 (doc, doc_where, "size", PLENUM_JSON_OPTIONAL, 0,
                                      PLENUM_JSON_MAX_SAFE_INTEGER, &size, error) ||
              !plenum_json_get_int64 (doc, doc_where, "pages", PLENUM_JSON_OPTIONAL, 0,
                                      G_MAXINT, &pages, error) ||
              !plenum_json_get_string (doc, doc_where, "password", PLENUM_JSON_NULLABLE,
                                       &password, error))
            return NULL;
          document = plenum_draft_item_add_document (item, doc_title, NULL, sha256);
          document->confidential = confidential;
          document->password = g_strdup (password);
          document->size = size;
          document->pages = (int) pages;
        }
    }
  return g_steal_pointer (&draft);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* What the server would refuse anyway, found before anything is hashed or sent, so
 * that the secretary hears it in a sentence about the draft, not about a request. */
gboolean
plenum_packet_draft_validate (const PlenumPacketDraft  *draft,
                              char                    **subject,
                              GError                  **error)
{
  g_autoptr(GHashTable) numbers = NULL;

  g_return_val_if_fail (draft != NULL, FALSE);

#define REFUSE(code, what, ...)                                                          \
  G_STMT_START {                                                                         \
    if (subject != NULL)                                                                 \
      *subject = g_strdup (what);                                                        \
    g_set_error (error, PLENUM_PUBLISH_ERROR, code, __VA_ARGS__);                        \
    return FALSE;                                                                        \
  } G_STMT_END

  if (is_blank (draft->title))
    REFUSE (PLENUM_PUBLISH_ERROR_INVALID, "title", "The meeting has no title");
  if (g_utf8_strlen (draft->title, -1) > PLENUM_TITLE_MAX_CHARS)
    REFUSE (PLENUM_PUBLISH_ERROR_INVALID, "title", "The meeting's title is too long");
  if (draft->body_id == NULL)
    REFUSE (PLENUM_PUBLISH_ERROR_INVALID, "body", "No body is chosen");
  if (draft->chair_id == NULL)
    REFUSE (PLENUM_PUBLISH_ERROR_INVALID, "chair", "No chair is chosen");
  if (draft->starts_at == NULL)
    REFUSE (PLENUM_PUBLISH_ERROR_INVALID, "starts", "The meeting has no start time");
  if (draft->vice_chair_id != NULL && g_strcmp0 (draft->vice_chair_id, draft->chair_id) == 0)
    REFUSE (PLENUM_PUBLISH_ERROR_INVALID, "vice chair", "The vice chair is the chair");

  numbers = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < draft->items->len; i++)
    {
      const PlenumDraftItem *item = g_ptr_array_index (draft->items, i);
      g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);

      if (is_blank (item->number) ||
          g_utf8_strlen (item->number, -1) > PLENUM_ITEM_NUMBER_MAX_CHARS)
        REFUSE (PLENUM_PUBLISH_ERROR_INVALID, item->title,
                "Item %u has no usable number", i + 1);
      if (!g_hash_table_add (numbers, item->number))
        REFUSE (PLENUM_PUBLISH_ERROR_DUPLICATE_ITEM, item->number,
                "Two items have the number %s", item->number);
      if (is_blank (item->title) || g_utf8_strlen (item->title, -1) > PLENUM_TITLE_MAX_CHARS)
        REFUSE (PLENUM_PUBLISH_ERROR_INVALID, item->number,
                "Item %s has no title", item->number);
      for (guint j = 0; j < item->documents->len; j++)
        {
          const PlenumDraftDocument *document = g_ptr_array_index (item->documents, j);

          if (is_blank (document->title) ||
              g_utf8_strlen (document->title, -1) > PLENUM_TITLE_MAX_CHARS)
            REFUSE (PLENUM_PUBLISH_ERROR_INVALID, item->number,
                    "A document of item %s has no title", item->number);
          if (!g_hash_table_add (titles, document->title))
            REFUSE (PLENUM_PUBLISH_ERROR_DUPLICATE_DOCUMENT, document->title,
                    "Two documents of item %s are called %s", item->number,
                    document->title);
          if (document->path == NULL && !plenum_is_sha256_hex (document->sha256))
            REFUSE (PLENUM_PUBLISH_ERROR_INVALID, document->title,
                    "The document %s has no file", document->title);
          if (document->password != NULL && !plenum_is_document_password (document->password))
            REFUSE (PLENUM_PUBLISH_ERROR_PASSWORD, document->title,
                    "The password of %s is not one a PDF can have", document->title);
        }
    }
#undef REFUSE
  return TRUE;
}

/* ---- The publisher ------------------------------------------------------------------ */

struct _PlenumPublisher
{
  GObject                     parent_instance;

  PlenumHttpClient           *client;
  char                       *token;          /* a secret: wiped */
  GMainContext               *context;        /* where retries and progress ticks run */

  PlenumPublisherCheckFunc    check;
  PlenumPublisherCheckFinish  check_finish;
  gpointer                    check_data;
  GDestroyNotify              check_destroy;

  guint                       retries;
  guint                       first_delay_ms;

  GTask                      *running;        /* the publication under way, or NULL */
  PlenumPublishStage          stage;
  guint64                     bytes_total;
  guint64                     bytes_sent;
  guint                       n_uploaded;
  char                       *error_subject;
  gint64                      server_version;
};

G_DEFINE_FINAL_TYPE (PlenumPublisher, plenum_publisher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STAGE,
  PROP_BYTES_TOTAL,
  PROP_BYTES_SENT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef void (*StepFunc) (GTask *task);

/* One publication: the draft copy it publishes and where it is. Main thread only. */
typedef struct {
  PlenumPublisher          *self;            /* weak: the task holds it as source */
  PlenumPacketDraft        *draft;
  GPtrArray                *files;           /* PlenumDraftDocument* with a path, borrowed */
  GPtrArray                *blobs;           /* PlenumDraftDocument* one per new sha256 */
  GPtrArray                *missing;         /* those the server lacks */
  guint                     index;           /* the step's cursor */
  guint                     attempt;         /* retries of the current request */
  char                     *operation_id;
  PlenumBlobUploadProgress  progress;
  guint64                   done_bytes;      /* of the uploads finished */
  GSource                  *retry;
  StepFunc                  retry_step;      /* what the retry runs again */
  GSource                  *tick;
} Run;

static void
run_free (gpointer data)
{
  Run *run = data;

  if (run->retry != NULL)
    {
      g_source_destroy (run->retry);
      g_source_unref (run->retry);
    }
  if (run->tick != NULL)
    {
      g_source_destroy (run->tick);
      g_source_unref (run->tick);
    }
  g_clear_pointer (&run->files, g_ptr_array_unref);
  g_clear_pointer (&run->blobs, g_ptr_array_unref);
  g_clear_pointer (&run->missing, g_ptr_array_unref);
  plenum_packet_draft_free (run->draft);
  g_free (run->operation_id);
  g_free (run);
}

static void
set_stage (PlenumPublisher    *self,
           PlenumPublishStage  stage)
{
  if (self->stage == stage)
    return;
  self->stage = stage;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
}

static void
set_bytes (PlenumPublisher *self,
           guint64          total,
           guint64          sent)
{
  if (self->bytes_total != total)
    {
      self->bytes_total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_TOTAL]);
    }
  if (self->bytes_sent != sent)
    {
      self->bytes_sent = sent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
    }
}

static void
set_subject (PlenumPublisher *self,
             const char      *subject)
{
  g_free (self->error_subject);
  self->error_subject = g_strdup (subject);
}

/* Ends the publication @task with @error (or its draft on success). */
static void
finish (GTask  *task,
        GError *error)
{
  Run *run = g_task_get_task_data (task);
  PlenumPublisher *self = run->self;

  g_assert (self->running == task);
  self->running = NULL;
  set_stage (self, PLENUM_PUBLISH_STAGE_IDLE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&run->draft),
                           (GDestroyNotify) plenum_packet_draft_free);
  g_object_unref (task);
}

/* TRUE (and the task ended) when the caller cancelled. */
static gboolean
cancelled (GTask *task)
{
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    return FALSE;
  finish (task, error);
  return TRUE;
}

static gboolean
retry_due_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_clear_pointer (&run->retry, g_source_unref);
  if (!cancelled (task))
    run->retry_step (task);
  return G_SOURCE_REMOVE;
}

/* A transient @error: runs @step again after the next delay and returns TRUE, unless
 * the retries are spent. */
static gboolean
maybe_retry (GTask        *task,
             const GError *error,
             StepFunc      step)
{
  Run *run = g_task_get_task_data (task);
  PlenumPublisher *self = run->self;
  guint delay;

  if (!plenum_http_error_is_transient (error) || run->attempt >= self->retries)
    return FALSE;
  delay = self->first_delay_ms << MIN (run->attempt, 10u);
  if (plenum_http_error_get_retry_after (error) > 0)
    delay = MAX (delay, (guint) MIN (plenum_http_error_get_retry_after (error), 60) * 1000);
  run->attempt++;
  g_debug ("retrying in %u ms after: %s", delay, error->message);
  run->retry_step = step;
  run->retry = g_timeout_source_new (delay);
  g_source_set_callback (run->retry, retry_due_cb, task, NULL);
  g_source_attach (run->retry, self->context);
  return TRUE;
}

static void step_head (GTask *task);
static void step_upload (GTask *task);
static void step_put (GTask *task);
static void step_check (GTask *task);

/* Step 2a, on a worker: hash each file. The job owns copies of the paths. */
typedef struct {
  char    **paths;
  char    **hashes;   /* out */
  gint64   *sizes;    /* out */
  char     *failed;   /* out: the base name of the file that failed */
} HashJob;

static void
hash_job_free (gpointer data)
{
  HashJob *job = data;

  g_strfreev (job->paths);
  g_strfreev (job->hashes);
  g_free (job->sizes);
  g_free (job->failed);
  g_free (job);
}

static char *
hash_file (const char  *path,
           gint64      *size,
           GCancellable *cancellable,
           GError     **error)
{
  g_autoptr(PlenumSha256) sha = plenum_sha256_new ();
  g_autofree guint8 *buffer = NULL;
  struct stat st;
  guint64 total = 0;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      int saved_errno = fd < 0 ? errno : EINVAL;

      if (fd >= 0)
        close (fd);
      g_set_error (error, PLENUM_PUBLISH_ERROR, PLENUM_PUBLISH_ERROR_IO,
                   "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }
  if ((guint64) st.st_size > PLENUM_PUBLISHER_MAX_FILE_SIZE)
    {
      close (fd);
      g_set_error (error, PLENUM_PUBLISH_ERROR, PLENUM_PUBLISH_ERROR_TOO_LARGE,
                   "%s: larger than %" G_GUINT64_FORMAT " bytes", path,
                   PLENUM_PUBLISHER_MAX_FILE_SIZE);
      return NULL;
    }
  buffer = g_malloc (HASH_CHUNK);
  for (;;)
    {
      ssize_t n = read (fd, buffer, HASH_CHUNK);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          g_set_error (error, PLENUM_PUBLISH_ERROR, PLENUM_PUBLISH_ERROR_IO,
                       "%s: %s", path, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return NULL;
        }
      total += (guint64) n;
      /* The file grew while it was read: what is hashed must be what is uploaded. */
      if (total > PLENUM_PUBLISHER_MAX_FILE_SIZE)
        {
          close (fd);
          g_set_error (error, PLENUM_PUBLISH_ERROR, PLENUM_PUBLISH_ERROR_TOO_LARGE,
                       "%s: larger than %" G_GUINT64_FORMAT " bytes", path,
                       PLENUM_PUBLISHER_MAX_FILE_SIZE);
          return NULL;
        }
      plenum_sha256_update (sha, buffer, (gsize) n);
    }
  close (fd);
  *size = (gint64) total;
  return plenum_sha256_finish (sha);
}

static void
hash_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  HashJob *job = task_data;
  guint n = g_strv_length (job->paths);

  job->hashes = g_new0 (char *, n + 1);
  job->sizes = g_new0 (gint64, n);
  for (guint i = 0; i < n; i++)
    {
      GError *error = NULL;

      job->hashes[i] = hash_file (job->paths[i], &job->sizes[i], cancellable, &error);
      if (job->hashes[i] == NULL)
        {
          job->failed = g_path_get_basename (job->paths[i]);
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
hashed_cb (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  HashJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      set_subject (run->self, job->failed);
      finish (task, error);
      return;
    }
  for (guint i = 0; i < run->files->len; i++)
    {
      PlenumDraftDocument *document = g_ptr_array_index (run->files, i);

      g_free (document->sha256);
      document->sha256 = g_strdup (job->hashes[i]);
      document->size = job->sizes[i];
    }
  run->index = 0;
  step_check (task);
}

static void
checked_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  PlenumPublisher *self = run->self;
  PlenumDraftDocument *document = g_ptr_array_index (run->files, run->index);
  GError *error = NULL;
  int pages;

  pages = self->check_finish (result, self->check_data, &error);
  if (pages <= 0)
    {
      g_autofree char *name = g_path_get_basename (document->path);

      if (error == NULL)
        error = g_error_new (PLENUM_PUBLISH_ERROR, PLENUM_PUBLISH_ERROR_NOT_PDF,
                             "%s: not a PDF that can be opened", name);
      set_subject (self, name);
      finish (task, error);
      return;
    }
  document->pages = pages;
  run->index++;
  step_check (task);
}

/* Step 2b: open each file as a PDF with the checker, one after another. Then step 3
 * with each new hash once. */
static void
step_check (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  PlenumPublisher *self = run->self;
  g_autoptr(GHashTable) seen = NULL;

  if (cancelled (task))
    return;
  if (self->check != NULL && run->index < run->files->len)
    {
      PlenumDraftDocument *document = g_ptr_array_index (run->files, run->index);

      self->check (document->path, document->password, g_task_get_cancellable (task),
                   checked_cb, task, self->check_data);
      return;
    }

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < run->files->len; i++)
    {
      PlenumDraftDocument *document = g_ptr_array_index (run->files, i);

      if (g_hash_table_add (seen, document->sha256))
        g_ptr_array_add (run->blobs, document);
    }
  set_stage (self, PLENUM_PUBLISH_STAGE_UPLOADING);
  run->index = 0;
  run->attempt = 0;
  step_head (task);
}

static void
head_answered_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(PlenumHttpResponse) response = NULL;
  GError *error = NULL;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (response == NULL)
    {
      if (g_error_matches (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_NOT_FOUND))
        {
          PlenumDraftDocument *document = g_ptr_array_index (run->blobs, run->index);

          g_ptr_array_add (run->missing, document);
          g_clear_error (&error);
        }
      else if (maybe_retry (task, error, step_head))
        {
          g_error_free (error);
          return;
        }
      else
        {
          finish (task, error);
          return;
        }
    }
  run->index++;
  run->attempt = 0;
  step_head (task);
}

/* Step 3a: which blobs does the server lack? */
static void
step_head (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  PlenumPublisher *self = run->self;
  guint64 total = 0;

  if (cancelled (task))
    return;
  if (run->index < run->blobs->len)
    {
      PlenumDraftDocument *document = g_ptr_array_index (run->blobs, run->index);
      g_autofree char *path = g_strdup_printf ("/api/v1/blobs/%s", document->sha256);

      plenum_http_client_request_async (self->client, "HEAD", path, NULL, NULL,
                                        g_task_get_cancellable (task), head_answered_cb,
                                        task);
      return;
    }
  for (guint i = 0; i < run->missing->len; i++)
    total += (guint64) ((PlenumDraftDocument *) g_ptr_array_index (run->missing, i))->size;
  set_bytes (self, total, 0);
  run->index = 0;
  run->attempt = 0;
  step_upload (task);
}

static gboolean
progress_tick_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  set_bytes (run->self, run->self->bytes_total,
             run->done_bytes + (guint64) g_atomic_pointer_get (&run->progress.sent));
  return G_SOURCE_CONTINUE;
}

static void
uploaded_cb (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  PlenumPublisher *self = run->self;
  PlenumDraftDocument *document = g_ptr_array_index (run->missing, run->index);
  GError *error = NULL;

  if (plenum_blob_upload_finish (result, &error) == 0)
    {
      if (g_error_matches (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_HASH_MISMATCH))
        {
          /* The file changed between hashing and uploading. */
          g_autofree char *name = g_path_get_basename (document->path);

          set_subject (self, name);
        }
      if (maybe_retry (task, error, step_upload))
        {
          g_error_free (error);
          return;
        }
      finish (task, error);
      return;
    }
  run->done_bytes += (guint64) document->size;
  set_bytes (self, self->bytes_total, run->done_bytes);
  self->n_uploaded++;
  run->index++;
  run->attempt = 0;
  step_upload (task);
}

/* Step 3b: upload what the server lacks, one file after another. */
static void
step_upload (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  PlenumPublisher *self = run->self;

  if (cancelled (task))
    return;
  if (run->index < run->missing->len)
    {
      PlenumDraftDocument *document = g_ptr_array_index (run->missing, run->index);

      if (run->tick == NULL)
        {
          run->tick = g_timeout_source_new (PROGRESS_INTERVAL_MS);
          g_source_set_callback (run->tick, progress_tick_cb, task, NULL);
          g_source_attach (run->tick, self->context);
        }
      plenum_blob_upload_async (self->client, self->token,
                                document->sha256, document->path, &run->progress,
                                g_task_get_cancellable (task), uploaded_cb, task);
      return;
    }
  if (run->tick != NULL)
    {
      g_source_destroy (run->tick);
      g_clear_pointer (&run->tick, g_source_unref);
    }
  set_stage (self, PLENUM_PUBLISH_STAGE_PUBLISHING);
  run->attempt = 0;
  step_put (task);
}

static void
reread_cb (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(PlenumHttpResponse) response = NULL;
  GError *conflict = g_object_steal_data (G_OBJECT (task), "plenum-conflict");
  g_autoptr(cJSON) root = NULL;
  gint64 version = -1;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                NULL);
  if (response != NULL)
    {
      GBytes *body = plenum_http_response_get_body (response);
      gsize len = 0;
      const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

      root = data != NULL ? plenum_json_parse (data, (gssize) len, NULL) : NULL;
      if (root == NULL ||
          !plenum_json_get_int64 (root, NULL, "packet_version", PLENUM_JSON_REQUIRED, 0,
                                  PLENUM_JSON_MAX_SAFE_INTEGER, &version, NULL))
        version = -1;
    }
  run->self->server_version = version;
  finish (task, conflict);
}

static void
put_answered_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  PlenumPublisher *self = run->self;
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(cJSON) root = NULL;
  GError *error = NULL;
  gint64 version = 0;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (response == NULL)
    {
      if (maybe_retry (task, error, step_put))
        {
          g_error_free (error);
          return;
        }
      if (g_error_matches (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_CONFLICT) &&
          g_strcmp0 (plenum_http_error_get_code_string (error), "conflict") == 0)
        {
          /* Someone else published (or the same operation id was used for another
           * request, which this publisher never does): read the version again. */
          g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s",
                                                   run->draft->meeting_id);

          g_object_set_data_full (G_OBJECT (task), "plenum-conflict", error,
                                  (GDestroyNotify) g_error_free);
          plenum_http_client_request_async (self->client, "GET", path, NULL, NULL,
                                            g_task_get_cancellable (task), reread_cb, task);
          return;
        }
      finish (task, error);
      return;
    }

  {
    GBytes *body = plenum_http_response_get_body (response);
    gsize len = 0;
    const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

    root = data != NULL ? plenum_json_parse (data, (gssize) len, &error) : NULL;
    if (root == NULL && error == NULL)
      error = plenum_http_error_new_full (PLENUM_HTTP_ERROR_BAD_RESPONSE, NULL,
                                          plenum_http_response_get_status (response), -1,
                                          "The server answered the packet without a meeting");
  }
  if (root != NULL &&
      !plenum_json_get_int64 (root, NULL, "packet_version", PLENUM_JSON_REQUIRED, 1,
                              PLENUM_JSON_MAX_SAFE_INTEGER, &version, &error))
    g_clear_pointer (&root, cJSON_Delete);
  if (root == NULL)
    {
      finish (task, error);
      return;
    }
  run->draft->base_packet_version = version;
  finish (task, NULL);
}

/* Step 4: the manifest. A retry sends the very same bytes with the same operation id. */
static void
step_put (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  PlenumPublisher *self = run->self;
  PlenumPacketDraft *draft = run->draft;
  g_autoptr(PlenumPacketManifest) manifest = NULL;
  g_autoptr(cJSON) json = NULL;
  char *text;
  g_autofree char *path = NULL;
  g_autoptr(GBytes) body = NULL;

  if (cancelled (task))
    return;
  manifest = plenum_packet_manifest_new (run->operation_id, draft->body_id, draft->title,
                                         draft->starts_at, draft->location, draft->chair_id,
                                         draft->vice_chair_id);
  plenum_packet_manifest_set_base_packet_version (manifest, draft->base_packet_version);
  for (guint i = 0; i < draft->items->len; i++)
    {
      const PlenumDraftItem *item = g_ptr_array_index (draft->items, i);
      GError *error = NULL;

      if (!plenum_packet_manifest_add_item (manifest, item->number, item->title,
                                            item->closed_session, &error))
        {
          /* Validation found duplicates already; this is a guard. */
          set_subject (self, item->number);
          g_clear_error (&error);
          finish (task, g_error_new (PLENUM_PUBLISH_ERROR, PLENUM_PUBLISH_ERROR_DUPLICATE_ITEM,
                                     "Two items have the number %s", item->number));
          return;
        }
      for (guint j = 0; j < item->documents->len; j++)
        {
          const PlenumDraftDocument *document = g_ptr_array_index (item->documents, j);

          plenum_packet_manifest_add_document_with_password (manifest, i, document->title,
                                                             document->sha256,
                                                             document->confidential,
                                                             document->password);
        }
    }
  json = plenum_packet_manifest_to_json (manifest);
  /* The manifest may carry passwords: the buffer is wiped when the request lets go. */
  text = cJSON_PrintUnformatted (json);
  body = g_bytes_new_with_free_func (text, strlen (text), plenum_secret_free, text);
  text = NULL;
  path = g_strdup_printf ("/api/v1/meetings/%s/packet", draft->meeting_id);
  plenum_http_client_request_async (self->client, "PUT", path, body, NULL,
                                    g_task_get_cancellable (task), put_answered_cb, task);
}

void
plenum_publisher_publish_async (PlenumPublisher         *self,
                                const PlenumPacketDraft *draft,
                                GCancellable            *cancellable,
                                GAsyncReadyCallback      callback,
                                gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *subject = NULL;
  GError *error = NULL;
  Run *run;

  g_return_if_fail (PLENUM_IS_PUBLISHER (self));
  g_return_if_fail (draft != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_publisher_publish_async);
  if (self->running != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               "A publication is under way");
      return;
    }

  g_clear_pointer (&self->error_subject, g_free);
  self->server_version = -1;
  self->n_uploaded = 0;
  if (!plenum_packet_draft_validate (draft, &subject, &error))
    {
      set_subject (self, subject);
      g_task_return_error (task, error);
      return;
    }

  run = g_new0 (Run, 1);
  run->self = self;
  run->draft = plenum_packet_draft_copy (draft);
  run->files = g_ptr_array_new ();
  run->blobs = g_ptr_array_new ();
  run->missing = g_ptr_array_new ();
  run->operation_id = plenum_uuid_new ();
  g_task_set_task_data (task, run, run_free);
  for (guint i = 0; i < run->draft->items->len; i++)
    {
      PlenumDraftItem *item = g_ptr_array_index (run->draft->items, i);

      for (guint j = 0; j < item->documents->len; j++)
        {
          PlenumDraftDocument *document = g_ptr_array_index (item->documents, j);

          if (document->path != NULL)
            g_ptr_array_add (run->files, document);
        }
    }

  self->running = g_object_ref (task);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  set_bytes (self, 0, 0);
  set_stage (self, PLENUM_PUBLISH_STAGE_CHECKING);

  {
    g_autoptr(GTask) hash_task = g_task_new (NULL, cancellable, hashed_cb, task);
    HashJob *job = g_new0 (HashJob, 1);
    GStrvBuilder *builder = g_strv_builder_new ();

    for (guint i = 0; i < run->files->len; i++)
      g_strv_builder_add (builder, ((PlenumDraftDocument *) g_ptr_array_index (run->files, i))->path);
    job->paths = g_strv_builder_end (builder);
    g_strv_builder_unref (builder);
    g_task_set_source_tag (hash_task, hash_thread);
    g_task_set_task_data (hash_task, job, hash_job_free);
    g_task_run_in_thread (hash_task, hash_thread);
  }
}

PlenumPacketDraft *
plenum_publisher_publish_finish (PlenumPublisher  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (PLENUM_IS_PUBLISHER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Reading bodies and meetings ------------------------------------------------------ */

static cJSON *
parse_answer (PlenumHttpResponse  *response,
              GError             **error)
{
  GBytes *body = plenum_http_response_get_body (response);
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (data == NULL || len == 0)
    {
      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_MISSING,
                   "The server's answer is empty");
      return NULL;
    }
  return plenum_json_parse (data, (gssize) len, error);
}

static void
bodies_answered_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(cJSON) root = NULL;
  const cJSON *list = NULL;
  GError *error = NULL;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (response != NULL)
    root = parse_answer (response, &error);
  if (root == NULL ||
      !plenum_json_get_array (root, NULL, "bodies", PLENUM_JSON_REQUIRED,
                              PLENUM_MAX_ARRAY_ITEMS, &list, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < (guint) cJSON_GetArraySize (list); i++)
    {
      const cJSON *node = cJSON_GetArrayItem (list, (int) i);
      g_autofree char *where = plenum_json_path_index ("bodies", i);
      g_autoptr(GListStore) members = g_list_store_new (PLENUM_TYPE_MEMBER);
      const char *id = NULL, *name = NULL;
      const cJSON *people = NULL;

      if (!plenum_json_get_uuid (node, where, "id", PLENUM_JSON_REQUIRED, &id, &error) ||
          !plenum_json_get_string (node, where, "name", PLENUM_JSON_REQUIRED, &name, &error) ||
          !plenum_json_get_array (node, where, "members", PLENUM_JSON_REQUIRED,
                                  PLENUM_MAX_ARRAY_ITEMS, &people, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      for (guint j = 0; j < (guint) cJSON_GetArraySize (people); j++)
        {
          const cJSON *person = cJSON_GetArrayItem (people, (int) j);
          g_autofree char *person_where = plenum_json_path_index (where, j);
          const char *person_id = NULL, *display_name = NULL;
          g_autoptr(PlenumMember) member = NULL;

          if (!plenum_json_get_uuid (person, person_where, "id", PLENUM_JSON_REQUIRED,
                                     &person_id, &error) ||
              !plenum_json_get_string (person, person_where, "display_name",
                                       PLENUM_JSON_REQUIRED, &display_name, &error))
            {
              g_task_return_error (task, error);
              return;
            }
          member = plenum_member_new (person_id, NULL, display_name, PLENUM_ROLE_NONE);
          g_list_store_append (members, member);
        }
      g_ptr_array_add (bodies, plenum_body_new (id, name, G_LIST_MODEL (members)));
    }
  g_task_return_pointer (task, g_steal_pointer (&bodies), (GDestroyNotify) g_ptr_array_unref);
}

void
plenum_publisher_list_bodies_async (PlenumPublisher     *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PLENUM_IS_PUBLISHER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_publisher_list_bodies_async);
  plenum_http_client_request_async (self->client, "GET", "/api/v1/bodies", NULL, NULL,
                                    cancellable, bodies_answered_cb, task);
}

GPtrArray *
plenum_publisher_list_bodies_finish (PlenumPublisher  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
meeting_answered_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PlenumHttpResponse) response = NULL;
  g_autoptr(cJSON) root = NULL;
  PlenumPacketDraft *draft = NULL;
  GError *error = NULL;

  response = plenum_http_client_request_finish (PLENUM_HTTP_CLIENT (source_object), result,
                                                &error);
  if (response != NULL)
    root = parse_answer (response, &error);
  if (root != NULL)
    draft = plenum_packet_draft_new_from_meeting_json (root, &error);
  if (draft == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, draft, (GDestroyNotify) plenum_packet_draft_free);
}

void
plenum_publisher_read_meeting_async (PlenumPublisher     *self,
                                     const char          *meeting_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (PLENUM_IS_PUBLISHER (self));
  g_return_if_fail (plenum_is_uuid (meeting_id));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_publisher_read_meeting_async);
  path = g_strdup_printf ("/api/v1/meetings/%s", meeting_id);
  plenum_http_client_request_async (self->client, "GET", path, NULL, NULL, cancellable,
                                    meeting_answered_cb, task);
}

PlenumPacketDraft *
plenum_publisher_read_meeting_finish (PlenumPublisher  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- GObject -------------------------------------------------------------------------- */

static void
plenum_publisher_finalize (GObject *object)
{
  PlenumPublisher *self = PLENUM_PUBLISHER (object);

  /* A running publication holds the publisher (its task's source object). */
  g_assert (self->running == NULL);
  g_clear_object (&self->client);
  plenum_secret_free (self->token);
  if (self->check_destroy != NULL)
    self->check_destroy (self->check_data);
  g_main_context_unref (self->context);
  g_free (self->error_subject);

  G_OBJECT_CLASS (plenum_publisher_parent_class)->finalize (object);
}

static void
plenum_publisher_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlenumPublisher *self = PLENUM_PUBLISHER (object);

  switch (prop_id)
    {
    case PROP_STAGE:
      g_value_set_int (value, self->stage);
      break;
    case PROP_BYTES_TOTAL:
      g_value_set_uint64 (value, self->bytes_total);
      break;
    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->running != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_publisher_class_init (PlenumPublisherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plenum_publisher_finalize;
  object_class->get_property = plenum_publisher_get_property;

  properties[PROP_STAGE] =
    g_param_spec_int ("stage", NULL, NULL,
                      PLENUM_PUBLISH_STAGE_IDLE, PLENUM_PUBLISH_STAGE_PUBLISHING,
                      PLENUM_PUBLISH_STAGE_IDLE,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BYTES_TOTAL] =
    g_param_spec_uint64 ("bytes-total", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plenum_publisher_init (PlenumPublisher *self)
{
  self->retries = DEFAULT_RETRIES;
  self->first_delay_ms = DEFAULT_FIRST_DELAY_MS;
  self->server_version = -1;
  self->context = g_main_context_ref_thread_default ();
}

PlenumPublisher *
plenum_publisher_new (PlenumHttpClient *client,
                      const char       *token)
{
  PlenumPublisher *self;

  g_return_val_if_fail (PLENUM_IS_HTTP_CLIENT (client), NULL);
  g_return_val_if_fail (token != NULL, NULL);

  self = g_object_new (PLENUM_TYPE_PUBLISHER, NULL);
  self->client = g_object_ref (client);
  self->token = g_strdup (token);
  plenum_http_client_set_token (client, token);
  return self;
}

void
plenum_publisher_set_checker (PlenumPublisher            *self,
                              PlenumPublisherCheckFunc    check,
                              PlenumPublisherCheckFinish  finish_func,
                              gpointer                    user_data,
                              GDestroyNotify              destroy)
{
  g_return_if_fail (PLENUM_IS_PUBLISHER (self));
  g_return_if_fail ((check == NULL) == (finish_func == NULL));
  g_return_if_fail (self->running == NULL);

  if (self->check_destroy != NULL)
    self->check_destroy (self->check_data);
  self->check = check;
  self->check_finish = finish_func;
  self->check_data = user_data;
  self->check_destroy = destroy;
}

void
plenum_publisher_set_retries (PlenumPublisher *self,
                              guint            retries,
                              guint            first_delay_ms)
{
  g_return_if_fail (PLENUM_IS_PUBLISHER (self));

  self->retries = retries;
  self->first_delay_ms = MAX (first_delay_ms, 1);
}

const char *
plenum_publisher_get_error_subject (PlenumPublisher *self)
{
  g_return_val_if_fail (PLENUM_IS_PUBLISHER (self), NULL);

  return self->error_subject;
}

gint64
plenum_publisher_get_server_version (PlenumPublisher *self)
{
  g_return_val_if_fail (PLENUM_IS_PUBLISHER (self), -1);

  return self->server_version;
}

PlenumPublishStage
plenum_publisher_get_stage (PlenumPublisher *self)
{
  g_return_val_if_fail (PLENUM_IS_PUBLISHER (self), PLENUM_PUBLISH_STAGE_IDLE);

  return self->stage;
}

guint64
plenum_publisher_get_bytes_total (PlenumPublisher *self)
{
  g_return_val_if_fail (PLENUM_IS_PUBLISHER (self), 0);

  return self->bytes_total;
}

guint64
plenum_publisher_get_bytes_sent (PlenumPublisher *self)
{
  g_return_val_if_fail (PLENUM_IS_PUBLISHER (self), 0);

  return self->bytes_sent;
}

gboolean
plenum_publisher_get_busy (PlenumPublisher *self)
{
  g_return_val_if_fail (PLENUM_IS_PUBLISHER (self), FALSE);

  return self->running != NULL;
}

guint
plenum_publisher_get_n_uploaded (PlenumPublisher *self)
{
  g_return_val_if_fail (PLENUM_IS_PUBLISHER (self), 0);

  return self->n_uploaded;
}
