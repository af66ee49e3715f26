/* plenum-annotation-carry-driver.c — carrying marks to a revised document. See
 * plenum-annotation-carry-driver.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-annotation-carry-driver"

#include "plenum-annotation-carry-driver.h"

#include "core/plenum-annotation-carry.h"
#include "core/plenum-json.h"
#include "store/plenum-store.h"

void
plenum_annotation_carry_outcome_free (PlenumAnnotationCarryOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_free (outcome->changed_pages);
  g_free (outcome);
}

/* The text of one version, page by page, in the shape plenum_annotation_carry() reads.
 * Filled on the main thread; read-only while the comparison runs on its thread. */
typedef struct
{
  GPtrArray       *texts;   /* PlenumRenderText, one per page read so far */
  GPtrArray       *rects;   /* GArray of PlenumAnnotationRect, one per page */
  PlenumCarryPage *pages;   /* made by version_finish() */
} Version;

static Version *
version_new (void)
{
  Version *version = g_new0 (Version, 1);

  version->texts = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_render_text_free);
  version->rects = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  return version;
}

static void
version_free (Version *version)
{
  if (version == NULL)
    return;
  g_ptr_array_unref (version->texts);
  g_ptr_array_unref (version->rects);
  g_free (version->pages);
  g_free (version);
}

/* Takes @text. The helper's boxes and the annotation frame are the same (PDF points,
 * origin at the displayed page's top-left): copied field by field, not cast. */
static void
version_add_page (Version          *version,
                  PlenumRenderText *text)
{
  GArray *rects = g_array_sized_new (FALSE, FALSE, sizeof (PlenumAnnotationRect), text->boxes->len);

  for (guint i = 0; i < text->boxes->len; i++)
    {
      const PlenumRenderBox *box = &g_array_index (text->boxes, PlenumRenderBox, i);
      PlenumAnnotationRect rect = { box->x, box->y, box->width, box->height };

      g_array_append_val (rects, rect);
    }
  g_ptr_array_add (version->texts, text);
  g_ptr_array_add (version->rects, rects);
}

static void
version_finish (Version *version)
{
  g_free (version->pages);
  version->pages = g_new0 (PlenumCarryPage, MAX (version->texts->len, 1));
  for (guint i = 0; i < version->texts->len; i++)
    {
      PlenumRenderText *text = g_ptr_array_index (version->texts, i);
      GArray *rects = g_ptr_array_index (version->rects, i);

      version->pages[i].text = text->text;
      version->pages[i].boxes = (const PlenumAnnotationRect *) (gpointer) rects->data;
      version->pages[i].n_boxes = rects->len;
    }
}

typedef void (*ReadDone) (GTask  *task,
                          GError *error);

/* Everything but the comparison (its own thread, which only reads @current_text,
 * @old_text and the annotations of the version compared, and writes @results and
 * @changed) belongs to the main thread. */
typedef struct
{
  PlenumSyncEngine             *engine;
  PlenumRenderClient           *client;
  PlenumRenderDocument         *current;
  char                         *account_id;
  char                         *meeting_id;
  char                         *document_id;
  char                         *current_sha256;
  char                         *password;      /* the document's, tried on its earlier
                                                * versions too; wiped when freed */
  GPtrArray                    *old_sha256s;   /* the earlier versions marked */
  GHashTable                   *to_carry;      /* sha256 → GPtrArray of PlenumAnnotation
                                                * (copies: nothing else touches them) */
  guint                         next;          /* index in @old_sha256s being compared */

  /* Reading one version's text. */
  PlenumRenderDocument         *reading;
  Version                      *read;
  guint                         read_n_pages;
  ReadDone                      read_done;

  Version                      *current_text;
  PlenumRenderDocument         *old;           /* the earlier version open, or NULL */
  Version                      *old_text;
  GPtrArray                    *results;       /* of the comparison's thread */
  gboolean                     *changed;

  guint                         saves_pending;
  gboolean                      all_started;   /* no more saves will be started */
  gboolean                      returned;
  GError                       *save_error;    /* the first */
  PlenumAnnotationCarryOutcome *outcome;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->engine);
  g_clear_object (&run->client);
  g_clear_object (&run->current);
  g_free (run->account_id);
  g_free (run->meeting_id);
  g_free (run->document_id);
  g_free (run->current_sha256);
  g_clear_pointer (&run->password, plenum_secret_free);
  g_ptr_array_unref (run->old_sha256s);
  g_hash_table_unref (run->to_carry);
  g_clear_object (&run->reading);
  version_free (run->read);
  version_free (run->current_text);
  g_clear_object (&run->old);
  version_free (run->old_text);
  g_clear_pointer (&run->results, g_ptr_array_unref);
  g_free (run->changed);
  g_clear_error (&run->save_error);
  plenum_annotation_carry_outcome_free (run->outcome);
  g_free (run);
}

static void
run_return_error (GTask  *task,
                  GError *error)
{
  Run *run = g_task_get_task_data (task);

  if (run->returned)
    {
      g_error_free (error);
      return;
    }
  run->returned = TRUE;
  g_task_return_error (task, error);
}

/* TRUE (and the task returned) when the run was cancelled. */
static gboolean
run_cancelled (GTask *task)
{
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    return FALSE;
  run_return_error (task, error);
  return TRUE;
}

static void
maybe_finish (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (run->returned || !run->all_started || run->saves_pending > 0)
    return;
  if (run->save_error != NULL)
    {
      run_return_error (task, g_steal_pointer (&run->save_error));
      return;
    }
  run->returned = TRUE;
  g_task_return_pointer (task, g_steal_pointer (&run->outcome),
                         (GDestroyNotify) plenum_annotation_carry_outcome_free);
}

/* Saving the results */

typedef struct
{
  GTask    *task;
  gboolean  carried;
} Save;

static void
annotation_saved_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Save *save = user_data;
  g_autoptr(GTask) task = save->task;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *operation_id = NULL;
  gboolean carried = save->carried;

  g_free (save);
  operation_id = plenum_store_save_annotation_finish (PLENUM_STORE (source), result, &error);
  if (operation_id == NULL)
    {
      /* Left as it was in the store (on its old version): the next opening tries again. */
      g_warning ("could not save a mark carried to a new version of document %s: %s",
                 run->document_id, error->message);
      if (run->save_error == NULL)
        run->save_error = g_steal_pointer (&error);
    }
  else if (carried)
    run->outcome->n_carried++;
  else
    run->outcome->n_review++;
  run->saves_pending--;
  maybe_finish (task);
}

/* The change is made now: it is a change of the member's, sent like any other. Saves are
 * never cancelled: a result half saved would leave a mark on neither version's list. */
static void
save_result (GTask            *task,
             PlenumAnnotation *annotation,
             gboolean          carried)
{
  Run *run = g_task_get_task_data (task);
  Save *save = g_new0 (Save, 1);

  save->task = g_object_ref (task);
  save->carried = carried;
  plenum_annotation_touch (annotation);
  run->saves_pending++;
  plenum_store_save_annotation_async (plenum_sync_engine_get_store (run->engine), run->account_id,
                                      run->meeting_id, annotation, NULL, annotation_saved_cb, save);
}

/* Reading a version's text, one page at a time */

static void read_next_page (GTask *task);

static void
page_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  PlenumRenderText *text;

  text = plenum_render_client_get_text_finish (PLENUM_RENDER_CLIENT (source), result, &error);
  if (run_cancelled (task))
    {
      g_clear_pointer (&text, plenum_render_text_free);
      return;
    }
  if (text == NULL)
    {
      g_clear_object (&run->reading);
      run->read_done (task, g_steal_pointer (&error));
      return;
    }
  version_add_page (run->read, text);
  read_next_page (task);
}

static void
read_next_page (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  guint page = run->read->texts->len;

  if (page == run->read_n_pages)
    {
      g_clear_object (&run->reading);
      version_finish (run->read);
      run->read_done (task, NULL);
      return;
    }
  plenum_render_client_get_text_async (run->client, run->reading, page, g_task_get_cancellable (task),
                                       page_text_cb, g_object_ref (task));
}

static void
read_text (GTask                *task,
           PlenumRenderDocument *document,
           ReadDone              done)
{
  Run *run = g_task_get_task_data (task);

  g_set_object (&run->reading, document);
  version_free (run->read);
  run->read = version_new ();
  run->read_n_pages = plenum_render_document_get_n_pages (document);
  run->read_done = done;
  read_next_page (task);
}

/* The earlier versions, one after the other */

static void start_next_old (GTask *task);

static void
finish_old (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  g_clear_object (&run->old);
  g_clear_pointer (&run->old_text, version_free);
  run->next++;
  start_next_old (task);
}

/* The earlier version cannot be compared: each of its marks is listed for review, in
 * place, rather than guessed at. */
static void
old_version_gone (GTask      *task,
                  const char *why)
{
  Run *run = g_task_get_task_data (task);
  const char *sha256 = g_ptr_array_index (run->old_sha256s, run->next);
  GPtrArray *marks = g_hash_table_lookup (run->to_carry, sha256);

  if (marks->len > 0)
    g_message ("version %s of document %s cannot be compared (%s): %u marks need review",
               sha256, run->document_id, why, marks->len);
  for (guint i = 0; i < marks->len; i++)
    {
      g_autoptr(PlenumAnnotation) copy = plenum_annotation_copy (g_ptr_array_index (marks, i));

      plenum_annotation_set_needs_review (copy, TRUE);
      save_result (task, copy, FALSE);
    }
  finish_old (task);
}

static void
compare_thread (GTask        *subtask,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Run *run = task_data;
  const char *sha256 = g_ptr_array_index (run->old_sha256s, run->next);
  GPtrArray *marks = g_hash_table_lookup (run->to_carry, sha256);
  guint n_old = run->old_text->texts->len;
  guint n_new = run->current_text->texts->len;

  if (marks->len > 0)
    plenum_annotation_carry (run->old_text->pages, n_old, run->current_text->pages, n_new,
                             run->current_sha256, marks, &run->results);
  run->changed = plenum_annotation_changed_pages (run->old_text->pages, n_old,
                                                  run->current_text->pages, n_new);
  g_task_return_boolean (subtask, TRUE);
}

static void
compared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  PlenumAnnotationCarryOutcome *outcome = run->outcome;

  g_task_propagate_boolean (G_TASK (result), NULL);
  if (run_cancelled (task))
    return;

  for (guint i = 0; run->results != NULL && i < run->results->len; i++)
    {
      PlenumAnnotationCarryResult *carried = g_ptr_array_index (run->results, i);

      if (carried->status != PLENUM_ANNOTATION_CARRIED)
        g_message ("a mark on document %s needs review: %s", run->document_id,
                   plenum_annotation_carry_reason_to_string (carried->reason));
      save_result (task, carried->annotation, carried->status == PLENUM_ANNOTATION_CARRIED);
    }
  g_clear_pointer (&run->results, g_ptr_array_unref);

  if (run->changed != NULL)
    {
      if (outcome->changed_pages == NULL)
        {
          outcome->n_pages = run->current_text->texts->len;
          outcome->changed_pages = g_new0 (gboolean, outcome->n_pages);
        }
      /* Against several earlier versions: changed against any of them. */
      for (guint i = 0; i < outcome->n_pages; i++)
        outcome->changed_pages[i] = outcome->changed_pages[i] || run->changed[i];
      g_clear_pointer (&run->changed, g_free);
    }
  finish_old (task);
}

static void
old_read_cb (GTask  *task,
             GError *error)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GTask) subtask = NULL;

  if (error != NULL)
    {
      old_version_gone (task, error->message);
      g_error_free (error);
      return;
    }
  run->old_text = g_steal_pointer (&run->read);
  subtask = g_task_new (NULL, g_task_get_cancellable (task), compared_cb, g_object_ref (task));
  g_task_set_source_tag (subtask, compare_thread);
  g_task_set_task_data (subtask, run, NULL);
  g_task_run_in_thread (subtask, compare_thread);
}

static void
old_opened_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(PlenumRenderDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = plenum_render_client_open_finish (PLENUM_RENDER_CLIENT (source), result, &error);
  if (run_cancelled (task))
    return;
  if (document == NULL)
    {
      old_version_gone (task, error->message);
      return;
    }
  run->old = g_steal_pointer (&document);
  read_text (task, run->old, old_read_cb);
}

static void
start_next_old (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autofree char *path = NULL;

  if (run->next == run->old_sha256s->len)
    {
      run->all_started = TRUE;
      maybe_finish (task);
      return;
    }
  path = plenum_sync_engine_get_document_path (run->engine, g_ptr_array_index (run->old_sha256s, run->next));
  if (path == NULL)
    {
      old_version_gone (task, "its file is no longer on this terminal");
      return;
    }
  plenum_render_client_open_with_password_async (run->client, path, run->password,
                                                 g_task_get_cancellable (task),
                                                 old_opened_cb, g_object_ref (task));
}

static void
current_read_cb (GTask  *task,
                 GError *error)
{
  Run *run = g_task_get_task_data (task);

  if (error != NULL)
    {
      g_prefix_error (&error, "reading the text of document %s: ", run->document_id);
      run_return_error (task, error);
      return;
    }
  run->current_text = g_steal_pointer (&run->read);
  start_next_old (task);
}

void
plenum_annotation_carry_driver_run_async (PlenumSyncEngine     *engine,
                                          PlenumRenderClient   *client,
                                          PlenumRenderDocument *current,
                                          const char           *account_id,
                                          const char           *meeting_id,
                                          PlenumDocument       *document,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  Run *run;

  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (engine));
  g_return_if_fail (PLENUM_IS_RENDER_CLIENT (client));
  g_return_if_fail (PLENUM_IS_RENDER_DOCUMENT (current));
  g_return_if_fail (account_id != NULL);
  g_return_if_fail (meeting_id != NULL);
  g_return_if_fail (PLENUM_IS_DOCUMENT (document));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_annotation_carry_driver_run_async);
  run = g_new0 (Run, 1);
  run->engine = g_object_ref (engine);
  run->client = g_object_ref (client);
  run->current = g_object_ref (current);
  run->account_id = g_strdup (account_id);
  run->meeting_id = g_strdup (meeting_id);
  run->document_id = g_strdup (plenum_document_get_id (document));
  run->current_sha256 = g_strdup (plenum_document_get_sha256 (document));
  run->password = g_strdup (plenum_document_get_password (document));
  run->old_sha256s = g_ptr_array_new_with_free_func (g_free);
  run->to_carry = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  run->outcome = g_new0 (PlenumAnnotationCarryOutcome, 1);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  stored = plenum_store_list_annotations (plenum_sync_engine_get_store (engine), account_id,
                                          run->document_id, &error);
  if (error != NULL)
    g_warning ("could not read every mark of document %s: %s", run->document_id, error->message);
  for (guint i = 0; stored != NULL && i < stored->len; i++)
    {
      PlenumAnnotation *annotation = g_ptr_array_index (stored, i);
      const char *sha256 = plenum_annotation_get_document_sha256 (annotation);
      GPtrArray *marks;

      /* Only the member's own (others' are theirs to carry), and those already listed for
       * review stay where they are until the member deals with them. */
      if (g_strcmp0 (plenum_annotation_get_author_id (annotation), account_id) != 0 ||
          plenum_annotation_get_deleted (annotation) ||
          g_strcmp0 (sha256, run->current_sha256) == 0)
        continue;
      marks = g_hash_table_lookup (run->to_carry, sha256);
      if (marks == NULL)
        {
          marks = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (run->to_carry, g_strdup (sha256), marks);
          g_ptr_array_add (run->old_sha256s, g_strdup (sha256));
        }
      if (!plenum_annotation_get_needs_review (annotation))
        g_ptr_array_add (marks, plenum_annotation_copy (annotation));
    }

  if (run->old_sha256s->len == 0)
    {
      run->all_started = TRUE;
      maybe_finish (task);
      return;
    }
  read_text (task, current, current_read_cb);
}

PlenumAnnotationCarryOutcome *
plenum_annotation_carry_driver_run_finish (GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == plenum_annotation_carry_driver_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
