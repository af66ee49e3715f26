/* plenum-export-client.c — runs plenum-export for one annotated copy (see
 * plenum-export-client.h).
 *
 * The whole call runs on a worker thread of the GTask: writing the marks' JSON (which
 * may be megabytes), then the helper, driven on a private main context of that thread
 * so that the timeout and the caller's cancellation can kill it. Nothing blocks the
 * caller's context.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-export-client"

#include "pdf/plenum-export-client.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "core/plenum-json.h"
#include "pdf/plenum-pdf-config.h"

G_DEFINE_QUARK (plenum-export-error-quark, plenum_export_error)

typedef struct {
  char             *helper_path;
  char             *source_path;
  char             *password;     /* wiped when freed */
  char             *output_path;
  char             *author_name;
  char             *json;         /* the marks, serialised on the caller's thread */
  PlenumExportMode  mode;
  gboolean          confidential;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_free (job->helper_path);
  g_free (job->source_path);
  if (job->password != NULL)
    explicit_bzero (job->password, strlen (job->password));
  g_free (job->password);
  g_free (job->output_path);
  g_free (job->author_name);
  g_free (job->json);
  g_free (job);
}

static char *
find_helper (void)
{
  const char *env = g_getenv ("PLENUM_EXPORT");
  g_autofree char *exe = NULL;
  g_autofree char *built = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  /* An executable of this build tree (the client, a test) uses the helper built beside
   * it, never an installed one of another version. */
  built = g_build_filename (PLENUM_BUILD_ROOT, "app", "export", "plenum-export", NULL);
  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe != NULL && g_str_has_prefix (exe, PLENUM_BUILD_ROOT "/") &&
      g_file_test (built, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&built);

  return g_build_filename (PLENUM_LIBEXECDIR, "plenum-export", NULL);
}

static gboolean
write_marks (const char  *json,
             char       **path,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize length = strlen (json);
  gsize done = 0;
  int fd;

  /* g_file_open_tmp() creates the file with mode 0600. */
  fd = g_file_open_tmp ("plenum-export-XXXXXX.json", path, &local_error);
  if (fd < 0)
    {
      g_set_error (error, PLENUM_EXPORT_ERROR, PLENUM_EXPORT_ERROR_FAILED,
                   "cannot write the annotations: %s", local_error->message);
      return FALSE;
    }
  while (done < length)
    {
      ssize_t n = write (fd, json + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_unlink (*path);
          g_clear_pointer (path, g_free);
          g_set_error (error, PLENUM_EXPORT_ERROR,
                       saved == ENOSPC || saved == EDQUOT ? PLENUM_EXPORT_ERROR_DISK_FULL
                                                          : PLENUM_EXPORT_ERROR_FAILED,
                       "cannot write the annotations: %s", g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }
  close (fd);
  return TRUE;
}

typedef struct {
  gboolean      done;
  gboolean      timed_out;
  GBytes       *stderr_bytes;
  GError       *error;
  GCancellable *local;
} RunState;

static void
helper_communicated_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  RunState *state = user_data;

  g_subprocess_communicate_finish (G_SUBPROCESS (object), result, NULL,
                                   &state->stderr_bytes, &state->error);
  state->done = TRUE;
}

static gboolean
helper_timed_out_cb (gpointer user_data)
{
  RunState *state = user_data;

  state->timed_out = TRUE;
  g_cancellable_cancel (state->local);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static PlenumExportError
error_for_status (int status)
{
  switch (status)
    {
    case PLENUM_EXPORT_STATUS_NOT_PDF:
      return PLENUM_EXPORT_ERROR_NOT_PDF;
    case PLENUM_EXPORT_STATUS_PERMISSION:
      return PLENUM_EXPORT_ERROR_PERMISSION;
    case PLENUM_EXPORT_STATUS_CONFIDENTIAL:
      return PLENUM_EXPORT_ERROR_CONFIDENTIAL;
    case PLENUM_EXPORT_STATUS_DISK_FULL:
      return PLENUM_EXPORT_ERROR_DISK_FULL;
    case PLENUM_EXPORT_STATUS_ENCRYPTED:
      return PLENUM_EXPORT_ERROR_ENCRYPTED;
    default:
      return PLENUM_EXPORT_ERROR_FAILED;
    }
}

/* The helper's line, without its name and new line (for the GError's message). */
static char *
helper_line (GBytes *stderr_bytes)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  const char *data;
  char *line;

  if (stderr_bytes == NULL)
    return g_strdup ("no message");
  data = g_bytes_get_data (stderr_bytes, &length);
  text = g_utf8_make_valid (data != NULL ? data : "", (gssize) MIN (length, 4096));
  line = g_strstrip (text);
  if (g_str_has_prefix (line, "plenum-export: "))
    line += strlen ("plenum-export: ");
  /* The last line: anything before it is noise of a library that wrote to stderr. */
  if (strrchr (line, '\n') != NULL)
    line = strrchr (line, '\n') + 1;
  return g_strdup (line[0] != '\0' ? line : "no message");
}

static gboolean
run_helper (ExportJob     *job,
            const char    *marks_path,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) password = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GSource) timeout = NULL;
  g_autofree char *line = NULL;
  RunState state = { 0 };
  gulong handler = 0;
  int status;

  g_ptr_array_add (argv, g_strdup (job->helper_path));
  g_ptr_array_add (argv, g_strdup (job->mode == PLENUM_EXPORT_MODE_EDITABLE
                                     ? "--mode=editable" : "--mode=flattened"));
  if (job->confidential)
    g_ptr_array_add (argv, g_strdup ("--confidential"));
  if (job->password != NULL)
    g_ptr_array_add (argv, g_strdup ("--password-stdin"));
  if (job->author_name != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("--author-name=%s", job->author_name));
  g_ptr_array_add (argv, g_strdup_printf ("--cpu-limit=%d", PLENUM_EXPORT_CLIENT_TIMEOUT_S));
  /* Paths cannot be mistaken for options: the client passes absolute ones, and "--"
   * would be one more thing to parse. */
  g_ptr_array_add (argv, g_canonicalize_filename (job->source_path, NULL));
  g_ptr_array_add (argv, g_strdup (marks_path));
  g_ptr_array_add (argv, g_canonicalize_filename (job->output_path, NULL));
  g_ptr_array_add (argv, NULL);

  g_main_context_push_thread_default (context);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                          &local_error);
  if (process == NULL)
    {
      g_main_context_pop_thread_default (context);
      g_set_error (error, PLENUM_EXPORT_ERROR, PLENUM_EXPORT_ERROR_FAILED,
                   "cannot start %s: %s", job->helper_path, local_error->message);
      return FALSE;
    }

  /* With a stdin pipe GLib wants bytes to write: none when there is no password. */
  if (job->password != NULL)
    password = g_bytes_new (job->password, strlen (job->password));
  else
    password = g_bytes_new_static ("", 0);
  state.local = g_cancellable_new ();
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                     g_object_ref (state.local), g_object_unref);
  timeout = g_timeout_source_new_seconds (PLENUM_EXPORT_CLIENT_TIMEOUT_S);
  g_source_set_callback (timeout, helper_timed_out_cb, &state, NULL);
  g_source_attach (timeout, context);

  g_subprocess_communicate_async (process, password, state.local, helper_communicated_cb,
                                  &state);
  while (!state.done)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout);
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);

  if (state.error != NULL)
    {
      /* Timed out or cancelled (or the pipes failed): the helper must not go on. */
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
    }
  g_main_context_pop_thread_default (context);
  g_clear_object (&state.local);

  if (state.timed_out)
    {
      g_clear_error (&state.error);
      g_clear_pointer (&state.stderr_bytes, g_bytes_unref);
      g_set_error (error, PLENUM_EXPORT_ERROR, PLENUM_EXPORT_ERROR_TIMEOUT,
                   "the export took longer than %d s", PLENUM_EXPORT_CLIENT_TIMEOUT_S);
      return FALSE;
    }
  if (state.error != NULL)
    {
      g_clear_pointer (&state.stderr_bytes, g_bytes_unref);
      if (g_error_matches (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, state.error);
          return FALSE;
        }
      g_set_error (error, PLENUM_EXPORT_ERROR, PLENUM_EXPORT_ERROR_FAILED,
                   "cannot talk to the export helper: %s", state.error->message);
      g_clear_error (&state.error);
      return FALSE;
    }

  line = helper_line (state.stderr_bytes);
  g_clear_pointer (&state.stderr_bytes, g_bytes_unref);
  if (!g_subprocess_get_if_exited (process))
    {
      int signal_number = g_subprocess_get_term_sig (process);

      /* SIGXCPU/SIGKILL from its own CPU limit: it took too long. */
      g_set_error (error, PLENUM_EXPORT_ERROR,
                   signal_number == SIGXCPU || signal_number == SIGKILL
                     ? PLENUM_EXPORT_ERROR_TIMEOUT : PLENUM_EXPORT_ERROR_FAILED,
                   "the export helper was killed by signal %d", signal_number);
      return FALSE;
    }
  status = g_subprocess_get_exit_status (process);
  if (status != PLENUM_EXPORT_STATUS_OK)
    {
      g_set_error_literal (error, PLENUM_EXPORT_ERROR, error_for_status (status), line);
      return FALSE;
    }
  return TRUE;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autofree char *marks_path = NULL;
  GError *error = NULL;
  gboolean ok;

  if (!g_file_test (job->helper_path, G_FILE_TEST_IS_REGULAR) ||
      !g_file_test (job->helper_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_task_return_new_error (task, PLENUM_EXPORT_ERROR, PLENUM_EXPORT_ERROR_FAILED,
                               "the export helper is missing: %s", job->helper_path);
      return;
    }
  if (!write_marks (job->json, &marks_path, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  ok = run_helper (job, marks_path, cancellable, &error);
  g_unlink (marks_path);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
plenum_export_copy_async (const char          *source_path,
                          const char          *password,
                          GPtrArray           *annotations,
                          PlenumExportMode     mode,
                          gboolean             confidential,
                          const char          *author_name,
                          const char          *output_path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(cJSON) array = NULL;
  ExportJob *job;

  g_return_if_fail (source_path != NULL);
  g_return_if_fail (annotations != NULL);
  g_return_if_fail (mode == PLENUM_EXPORT_MODE_FLATTENED || mode == PLENUM_EXPORT_MODE_EDITABLE);
  g_return_if_fail (output_path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plenum_export_copy_async);
  g_task_set_name (task, "plenum-export");

  plenum_json_init ();
  array = cJSON_CreateArray ();
  for (guint i = 0; i < annotations->len; i++)
    {
      PlenumAnnotation *annotation = g_ptr_array_index (annotations, i);

      g_return_if_fail (PLENUM_IS_ANNOTATION (annotation));
      if (!plenum_annotation_get_deleted (annotation))
        cJSON_AddItemToArray (array, plenum_annotation_to_json (annotation));
    }

  job = g_new0 (ExportJob, 1);
  job->helper_path = find_helper ();
  job->source_path = g_strdup (source_path);
  job->password = g_strdup (password);
  job->output_path = g_strdup (output_path);
  job->author_name = g_strdup (author_name);
  job->json = plenum_json_print (array);
  job->mode = mode;
  job->confidential = confidential;
  g_task_set_task_data (task, job, export_job_free);

  g_task_run_in_thread (task, export_thread);
}

gboolean
plenum_export_copy_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == plenum_export_copy_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
