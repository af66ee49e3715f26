/* plenum-chair.c — the chair's actions, each one request with its own operation id,
 * retried with that same id while the server cannot be reached. See plenum-chair.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-chair"

#include "plenum-chair.h"

#include "core/plenum-json.h"

/* The waits between attempts of one action, in milliseconds. Short at first (a blip of
 * the room's network), longer after; the sum (with the attempts themselves) is about
 * ten seconds: longer than that, the chair should know the room is cut off. */
static const guint retry_delays_ms[] = { 100, 200, 400, 800, 1500, 2500, 2500, 2500 };

/* No new attempt starts later than this after the first. */
#define RETRY_WINDOW_US (10 * G_USEC_PER_SEC)

G_DEFINE_QUARK (plenum-chair-error-quark, plenum_chair_error)

struct _PlenumChair
{
  GObject           parent_instance;

  /* The engine's thread only (see plenum-chair.h). */
  PlenumSyncEngine *engine;
  char             *meeting_id;
};

G_DEFINE_FINAL_TYPE (PlenumChair, plenum_chair, G_TYPE_OBJECT)

/* One action in flight: its request (the body, with its operation id, is the same for
 * every attempt) and the wait before the next attempt. */
typedef struct {
  char         *method;
  char         *path;
  char         *body;
  gint64        started_us;   /* monotonic */
  guint         attempt;
  GSource      *wait;         /* the timer before the next attempt, or NULL */
  GSource      *cancel_wait;  /* fires when the caller cancels during the wait */
} Action;

static void
action_clear_wait (Action *action)
{
  if (action->wait != NULL)
    {
      g_source_destroy (action->wait);
      g_clear_pointer (&action->wait, g_source_unref);
    }
  if (action->cancel_wait != NULL)
    {
      g_source_destroy (action->cancel_wait);
      g_clear_pointer (&action->cancel_wait, g_source_unref);
    }
}

static void
action_free (gpointer data)
{
  Action *action = data;

  action_clear_wait (action);
  g_free (action->method);
  g_free (action->path);
  g_free (action->body);
  g_free (action);
}

static void
plenum_chair_dispose (GObject *object)
{
  PlenumChair *self = (PlenumChair *) object;

  g_clear_object (&self->engine);

  G_OBJECT_CLASS (plenum_chair_parent_class)->dispose (object);
}

static void
plenum_chair_finalize (GObject *object)
{
  PlenumChair *self = (PlenumChair *) object;

  g_clear_pointer (&self->meeting_id, g_free);

  G_OBJECT_CLASS (plenum_chair_parent_class)->finalize (object);
}

static void
plenum_chair_class_init (PlenumChairClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plenum_chair_dispose;
  object_class->finalize = plenum_chair_finalize;
}

static void
plenum_chair_init (PlenumChair *self)
{
}

PlenumChair *
plenum_chair_new (PlenumSyncEngine *engine,
                  const char       *meeting_id)
{
  PlenumChair *self;

  g_return_val_if_fail (PLENUM_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (plenum_is_uuid (meeting_id), NULL);

  self = g_object_new (PLENUM_TYPE_CHAIR, NULL);
  self->engine = g_object_ref (engine);
  self->meeting_id = g_strdup (meeting_id);
  return self;
}

const char *
plenum_chair_get_meeting_id (PlenumChair *self)
{
  g_return_val_if_fail (PLENUM_IS_CHAIR (self), NULL);
  return self->meeting_id;
}

/* The server's reason as the UI words it. */
static PlenumChairError
chair_error_from_code (const char *code)
{
  static const struct {
    const char       *code;
    PlenumChairError  error;
  } codes[] = {
    { "forbidden", PLENUM_CHAIR_ERROR_FORBIDDEN },
    { "not_found", PLENUM_CHAIR_ERROR_NOT_FOUND },
    { "no_quorum", PLENUM_CHAIR_ERROR_NO_QUORUM },
    { "vote_in_progress", PLENUM_CHAIR_ERROR_VOTE_IN_PROGRESS },
    { "vote_closed", PLENUM_CHAIR_ERROR_VOTE_CLOSED },
    { "meeting_closed", PLENUM_CHAIR_ERROR_MEETING_CLOSED },
    { "bad_request", PLENUM_CHAIR_ERROR_INVALID },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_strcmp0 (code, codes[i].code) == 0)
      return codes[i].error;
  return PLENUM_CHAIR_ERROR_FAILED;
}

static void send_attempt (GTask *task);

static gboolean
wait_over_cb (gpointer user_data)
{
  GTask *task = user_data;
  Action *action = g_task_get_task_data (task);

  action_clear_wait (action);
  if (g_task_return_error_if_cancelled (task))
    g_object_unref (task);
  else
    send_attempt (task);  /* takes the reference the wait held */
  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  return wait_over_cb (user_data);
}

static void
on_attempt_done_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Action *action = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *answer = NULL;
  gboolean transient;
  gint64 elapsed;

  answer = plenum_sync_engine_send_finish (PLENUM_SYNC_ENGINE (source_object), result, &code,
                                           &error);
  if (answer != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&answer), g_free);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* No answer, or "not now" (5xx, 408, 429): the same request again, so an action the
   * server applied before its answer was lost is answered from its record, not applied
   * twice. */
  transient = g_error_matches (error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_UNREACHABLE) ||
              g_error_matches (error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_SERVER);
  elapsed = g_get_monotonic_time () - action->started_us;
  if (transient && action->attempt < G_N_ELEMENTS (retry_delays_ms) &&
      elapsed + (gint64) retry_delays_ms[action->attempt] * 1000 <= RETRY_WINDOW_US)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);
      GMainContext *context = g_task_get_context (task);

      g_debug ("%s %s failed (%s); trying again", action->method, action->path,
               error->message);
      /* The two sources share the task's reference: whichever fires first destroys
       * both, then sends again or returns. */
      if (cancellable != NULL)
        {
          action->cancel_wait = g_cancellable_source_new (cancellable);
          g_source_set_callback (action->cancel_wait, G_SOURCE_FUNC (wait_cancelled_cb),
                                 task, NULL);
          g_source_set_static_name (action->cancel_wait, "[plenum-chair] retry cancelled");
          g_source_attach (action->cancel_wait, context);
        }
      action->wait = g_timeout_source_new (retry_delays_ms[action->attempt]);
      g_source_set_callback (action->wait, wait_over_cb, g_steal_pointer (&task), NULL);
      g_source_set_static_name (action->wait, "[plenum-chair] retry");
      g_source_attach (action->wait, context);
      action->attempt++;
      return;
    }

  if (g_error_matches (error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_UNREACHABLE))
    g_task_return_new_error (task, PLENUM_CHAIR_ERROR, PLENUM_CHAIR_ERROR_OFFLINE,
                             "The server could not be reached: %s", error->message);
  else if (g_error_matches (error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_SESSION_EXPIRED))
    g_task_return_new_error (task, PLENUM_CHAIR_ERROR, PLENUM_CHAIR_ERROR_SESSION_EXPIRED,
                             "%s", error->message);
  else if (g_error_matches (error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_SIGNED_OUT))
    g_task_return_new_error (task, PLENUM_CHAIR_ERROR, PLENUM_CHAIR_ERROR_FORBIDDEN,
                             "%s", error->message);
  else if (g_error_matches (error, PLENUM_SYNC_ERROR, PLENUM_SYNC_ERROR_REFUSED))
    g_task_return_new_error (task, PLENUM_CHAIR_ERROR, chair_error_from_code (code),
                             "%s", error->message);
  else
    g_task_return_new_error (task, PLENUM_CHAIR_ERROR, PLENUM_CHAIR_ERROR_FAILED,
                             "%s", error->message);
}

/* Takes the reference to @task. */
static void
send_attempt (GTask *task)
{
  PlenumChair *self = g_task_get_source_object (task);
  Action *action = g_task_get_task_data (task);

  plenum_sync_engine_send_async (self->engine, action->method, action->path, action->body,
                                 g_task_get_cancellable (task), on_attempt_done_cb, task);
}

/* Starts an action: @body (NULL for one with nothing to say but the operation id) gets
 * a new operation id, kept for every attempt. */
static void
start_action (PlenumChair         *self,
              const char          *method,
              const char          *path,
              cJSON               *body,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *operation_id = g_uuid_string_random ();
  g_autoptr(cJSON) empty = NULL;
  Action *action = g_new0 (Action, 1);

  g_task_set_source_tag (task, source_tag);
  if (body == NULL)
    {
      plenum_json_init ();
      body = empty = cJSON_CreateObject ();
    }
  plenum_json_add_string (body, "operation_id", operation_id);
  action->method = g_strdup (method);
  action->path = g_strdup (path);
  action->body = plenum_json_print (body);
  action->started_us = g_get_monotonic_time ();
  g_task_set_task_data (task, action, action_free);
  send_attempt (g_steal_pointer (&task));
}

/* A task that fails at once with INVALID (a caller's mistake: an id that is no UUID). */
static void
fail_invalid (PlenumChair         *self,
              const char          *what,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  g_task_report_new_error (self, callback, user_data, source_tag, PLENUM_CHAIR_ERROR,
                           PLENUM_CHAIR_ERROR_INVALID, "Not a valid %s", what);
}

void
plenum_chair_move_async (PlenumChair         *self,
                         const char          *item_id,
                         const char          *document_id,
                         gint                 page,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(cJSON) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PLENUM_IS_CHAIR (self));
  g_return_if_fail (page >= -1);

  if (!plenum_is_uuid (item_id) || (document_id != NULL && !plenum_is_uuid (document_id)))
    {
      fail_invalid (self, "item or document id", callback, user_data, plenum_chair_move_async);
      return;
    }
  plenum_json_init ();
  body = cJSON_CreateObject ();
  plenum_json_add_string (body, "item_id", item_id);
  plenum_json_add_string (body, "document_id", document_id);
  if (page >= 0)
    plenum_json_add_int64 (body, "page", page);
  else
    cJSON_AddNullToObject (body, "page");
  path = g_strdup_printf ("/api/v1/meetings/%s/position", self->meeting_id);
  start_action (self, "PUT", path, body, cancellable, callback, user_data,
                plenum_chair_move_async);
}

void
plenum_chair_next_speaker_async (PlenumChair         *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (PLENUM_IS_CHAIR (self));

  path = g_strdup_printf ("/api/v1/meetings/%s/speakers/next", self->meeting_id);
  start_action (self, "POST", path, NULL, cancellable, callback, user_data,
                plenum_chair_next_speaker_async);
}

void
plenum_chair_give_floor_async (PlenumChair         *self,
                               const char          *account_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (PLENUM_IS_CHAIR (self));

  if (!plenum_is_uuid (account_id))
    {
      fail_invalid (self, "account id", callback, user_data, plenum_chair_give_floor_async);
      return;
    }
  path = g_strdup_printf ("/api/v1/meetings/%s/speakers/%s/floor", self->meeting_id,
                          account_id);
  start_action (self, "POST", path, NULL, cancellable, callback, user_data,
                plenum_chair_give_floor_async);
}

void
plenum_chair_open_vote_async (PlenumChair          *self,
                              const PlenumVoteSpec *spec,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(cJSON) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PLENUM_IS_CHAIR (self));
  g_return_if_fail (spec != NULL);

  if (!plenum_is_uuid (spec->item_id) || spec->title == NULL ||
      !g_utf8_validate (spec->title, -1, NULL))
    {
      fail_invalid (self, "vote (item id or title)", callback, user_data,
                    plenum_chair_open_vote_async);
      return;
    }
  plenum_json_init ();
  body = cJSON_CreateObject ();
  plenum_json_add_string (body, "item_id", spec->item_id);
  plenum_json_add_string (body, "title", spec->title);
  plenum_json_add_string (body, "kind", spec->secret ? "secret" : "open");
  plenum_json_add_string (body, "majority", spec->majority_of_members ? "members" : "present");
  plenum_json_add_bool (body, "quorum_required", spec->quorum_required);
  plenum_json_add_bool (body, "changeable", spec->changeable);
  if (spec->candidates != NULL && spec->candidates[0] != NULL)
    {
      cJSON *candidates = cJSON_AddArrayToObject (body, "candidates");

      for (guint i = 0; spec->candidates[i] != NULL; i++)
        cJSON_AddItemToArray (candidates, cJSON_CreateString (spec->candidates[i]));
      plenum_json_add_int64 (body, "max_choices", MAX (spec->max_choices, 1));
    }
  path = g_strdup_printf ("/api/v1/meetings/%s/votes", self->meeting_id);
  start_action (self, "POST", path, body, cancellable, callback, user_data,
                plenum_chair_open_vote_async);
}

char *
plenum_chair_open_vote_finish (PlenumChair   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(cJSON) root = NULL;
  const char *id = NULL;

  g_return_val_if_fail (PLENUM_IS_CHAIR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plenum_chair_open_vote_async, NULL);

  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return NULL;
  /* Only the id is read here: the vote itself reaches the UI through the engine
   * ("votes-changed"), read whole by its strict reader. */
  root = plenum_json_parse (answer, -1, &local_error);
  if (root == NULL || !cJSON_IsObject (root) ||
      !plenum_json_get_uuid (root, "", "id", PLENUM_JSON_REQUIRED, &id, &local_error))
    {
      g_set_error (error, PLENUM_CHAIR_ERROR, PLENUM_CHAIR_ERROR_FAILED,
                   "The server's answer to a new vote cannot be read: %s",
                   local_error != NULL ? local_error->message : "not an object");
      return NULL;
    }
  return g_strdup (id);
}

/* POST …/votes/{vote_id}/@verb with @body (NULL: none but the operation id). */
static void
vote_action (PlenumChair         *self,
             const char          *vote_id,
             const char          *verb,
             cJSON               *body,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data,
             gpointer             source_tag)
{
  g_autofree char *path = NULL;

  if (!plenum_is_uuid (vote_id))
    {
      fail_invalid (self, "vote id", callback, user_data, source_tag);
      return;
    }
  path = g_strdup_printf ("/api/v1/meetings/%s/votes/%s/%s", self->meeting_id, vote_id, verb);
  start_action (self, "POST", path, body, cancellable, callback, user_data, source_tag);
}

void
plenum_chair_close_vote_async (PlenumChair         *self,
                               const char          *vote_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (PLENUM_IS_CHAIR (self));

  vote_action (self, vote_id, "close", NULL, cancellable, callback, user_data,
               plenum_chair_close_vote_async);
}

void
plenum_chair_annul_vote_async (PlenumChair         *self,
                               const char          *vote_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (PLENUM_IS_CHAIR (self));

  vote_action (self, vote_id, "annul", NULL, cancellable, callback, user_data,
               plenum_chair_annul_vote_async);
}

void
plenum_chair_show_of_hands_async (PlenumChair         *self,
                                  const char          *vote_id,
                                  const guint         *counts,
                                  guint                n_counts,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(cJSON) body = NULL;
  cJSON *array;

  g_return_if_fail (PLENUM_IS_CHAIR (self));
  g_return_if_fail (counts != NULL || n_counts == 0);

  plenum_json_init ();
  body = cJSON_CreateObject ();
  array = cJSON_AddArrayToObject (body, "counts");
  for (guint i = 0; i < n_counts; i++)
    cJSON_AddItemToArray (array, cJSON_CreateNumber (counts[i]));
  vote_action (self, vote_id, "show-of-hands", body, cancellable, callback, user_data,
               plenum_chair_show_of_hands_async);
}

gboolean
plenum_chair_finish (PlenumChair   *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_autofree char *answer = NULL;

  g_return_val_if_fail (PLENUM_IS_CHAIR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) !=
                        plenum_chair_open_vote_async, FALSE);

  answer = g_task_propagate_pointer (G_TASK (result), error);
  return answer != NULL;
}
