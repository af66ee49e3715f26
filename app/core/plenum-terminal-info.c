/* plenum-terminal-info.c — one terminal as the secretariat sees it. See
 * plenum-terminal-info.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-terminal-info"

#include "plenum-limits.h"
#include "plenum-terminal-info.h"

/* The most meetings one report may name: the server refuses more (docs/protocol.md,
 * "Readiness"). */
#define MAX_REPORTED_MEETINGS 1000

typedef struct
{
  char   *meeting_id;
  gint64  packet_version;
  guint64 documents_total;
  guint64 documents_done;
  guint64 bytes_total;
  guint64 bytes_done;
} MeetingProgress;

struct _PlenumTerminalInfo
{
  GObject    parent_instance;

  char      *id;
  char      *name;
  char      *room_id;
  char      *room_name;
  GDateTime *enrolled_at;
  GDateTime *last_seen;   /* NULL: never */
  gboolean   revoked;
  GDateTime *wipe_requested_at;  /* NULL: no wipe asked */
  GDateTime *wiped_at;           /* NULL: not confirmed */
  char      *signed_in;          /* the member signed in there (display name), or NULL */
  gboolean   has_report;
  GDateTime *reported_at; /* of the report; NULL without one */
  GDateTime *received_at;
  GArray    *meetings;    /* MeetingProgress, as the report lists them */
};

G_DEFINE_FINAL_TYPE (PlenumTerminalInfo, plenum_terminal_info, G_TYPE_OBJECT)

static void
meeting_progress_clear (gpointer data)
{
  MeetingProgress *progress = data;

  g_clear_pointer (&progress->meeting_id, g_free);
}

static void
plenum_terminal_info_finalize (GObject *object)
{
  PlenumTerminalInfo *self = (PlenumTerminalInfo *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->room_id, g_free);
  g_clear_pointer (&self->room_name, g_free);
  g_clear_pointer (&self->enrolled_at, g_date_time_unref);
  g_clear_pointer (&self->last_seen, g_date_time_unref);
  g_clear_pointer (&self->reported_at, g_date_time_unref);
  g_clear_pointer (&self->received_at, g_date_time_unref);
  g_clear_pointer (&self->meetings, g_array_unref);
  g_clear_pointer (&self->wipe_requested_at, g_date_time_unref);
  g_clear_pointer (&self->wiped_at, g_date_time_unref);
  g_clear_pointer (&self->signed_in, g_free);

  G_OBJECT_CLASS (plenum_terminal_info_parent_class)->finalize (object);
}

static void
plenum_terminal_info_class_init (PlenumTerminalInfoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plenum_terminal_info_finalize;
}

static void
plenum_terminal_info_init (PlenumTerminalInfo *self)
{
  self->meetings = g_array_new (FALSE, TRUE, sizeof (MeetingProgress));
  g_array_set_clear_func (self->meetings, meeting_progress_clear);
}

/* The report's entry for one meeting; the same bounds as the server checks, so that a
 * done count never exceeds its total on the board. */
static gboolean
read_progress (const cJSON      *node,
               const char       *where,
               MeetingProgress  *out,
               GError          **error)
{
  static const char * const keys[] = { "meeting_id", "packet_version", "documents_total",
                                       "documents_done", "bytes_total", "bytes_done", NULL };
  const char *meeting_id = NULL;
  gint64 documents_total = 0, documents_done = 0, bytes_total = 0, bytes_done = 0;

  if (!plenum_json_check_object (node, where, keys, error) ||
      !plenum_json_get_uuid (node, where, "meeting_id", PLENUM_JSON_REQUIRED, &meeting_id,
                             error) ||
      !plenum_json_get_int64 (node, where, "packet_version", PLENUM_JSON_REQUIRED, 0,
                              PLENUM_JSON_MAX_SAFE_INTEGER, &out->packet_version, error) ||
      !plenum_json_get_int64 (node, where, "documents_total", PLENUM_JSON_REQUIRED, 0,
                              PLENUM_JSON_MAX_SAFE_INTEGER, &documents_total, error) ||
      !plenum_json_get_int64 (node, where, "documents_done", PLENUM_JSON_REQUIRED, 0,
                              documents_total, &documents_done, error) ||
      !plenum_json_get_int64 (node, where, "bytes_total", PLENUM_JSON_REQUIRED, 0,
                              PLENUM_JSON_MAX_SAFE_INTEGER, &bytes_total, error) ||
      !plenum_json_get_int64 (node, where, "bytes_done", PLENUM_JSON_REQUIRED, 0,
                              bytes_total, &bytes_done, error))
    return FALSE;
  out->meeting_id = g_strdup (meeting_id);
  out->documents_total = (guint64) documents_total;
  out->documents_done = (guint64) documents_done;
  out->bytes_total = (guint64) bytes_total;
  out->bytes_done = (guint64) bytes_done;
  return TRUE;
}

/* The TerminalStatus: the report as the terminal sent it, plus "received_at". */
static gboolean
read_report (PlenumTerminalInfo  *self,
             const cJSON         *node,
             const char          *where,
             GError             **error)
{
  static const char * const keys[] = { "reported_at", "received_at", "meetings", NULL };
  g_autofree char *meetings_where = plenum_json_path_key (where, "meetings");
  const cJSON *meetings = NULL;
  const cJSON *meeting;
  guint i = 0;

  if (!plenum_json_check_object (node, where, keys, error) ||
      !plenum_json_get_time (node, where, "reported_at", PLENUM_JSON_REQUIRED,
                             &self->reported_at, error) ||
      !plenum_json_get_time (node, where, "received_at", PLENUM_JSON_REQUIRED,
                             &self->received_at, error) ||
      !plenum_json_get_array (node, where, "meetings", PLENUM_JSON_REQUIRED,
                              MAX_REPORTED_MEETINGS, &meetings, error))
    return FALSE;
  cJSON_ArrayForEach (meeting, meetings)
    {
      g_autofree char *at = plenum_json_path_index (meetings_where, i++);
      MeetingProgress progress = { 0 };

      if (!read_progress (meeting, at, &progress, error))
        {
          meeting_progress_clear (&progress);
          return FALSE;
        }
      g_array_append_val (self->meetings, progress);
    }
  self->has_report = TRUE;
  return TRUE;
}

PlenumTerminalInfo *
plenum_terminal_info_new_from_json (const cJSON  *node,
                                    const char   *where,
                                    GError      **error)
{
  static const char * const keys[] = { "id", "name", "room", "enrolled_at", "last_seen",
                                       "revoked", "status", "wipe", "signed_in", NULL };
  static const char * const room_keys[] = { "id", "name", NULL };
  static const char * const wipe_keys[] = { "requested_at", "wiped_at", NULL };
  static const char * const person_keys[] = { "id", "name", "display_name", NULL };
  g_autofree char *wipe_where = plenum_json_path_key (where, "wipe");
  g_autofree char *person_where = plenum_json_path_key (where, "signed_in");
  const cJSON *wipe = NULL;
  const cJSON *person = NULL;
  const char *person_name = NULL;
  g_autoptr(PlenumTerminalInfo) self = NULL;
  g_autofree char *room_where = plenum_json_path_key (where, "room");
  g_autofree char *status_where = plenum_json_path_key (where, "status");
  const char *id = NULL, *name = NULL, *room_id = NULL, *room_name = NULL;
  const cJSON *room = NULL;
  const cJSON *status = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (PLENUM_TYPE_TERMINAL_INFO, NULL);
  /* "last_seen" and "status" are always there, null for "never" and "no report". */
  if (!plenum_json_check_object (node, where, keys, error) ||
      !plenum_json_get_uuid (node, where, "id", PLENUM_JSON_REQUIRED, &id, error) ||
      !plenum_json_get_text (node, where, "name", PLENUM_JSON_REQUIRED,
                             PLENUM_DISPLAY_NAME_MAX_CHARS, FALSE, &name, error) ||
      !plenum_json_get_object (node, where, "room", PLENUM_JSON_REQUIRED, &room, error) ||
      !plenum_json_check_object (room, room_where, room_keys, error) ||
      !plenum_json_get_uuid (room, room_where, "id", PLENUM_JSON_REQUIRED, &room_id, error) ||
      !plenum_json_get_text (room, room_where, "name", PLENUM_JSON_REQUIRED,
                             PLENUM_DISPLAY_NAME_MAX_CHARS, FALSE, &room_name, error) ||
      !plenum_json_get_time (node, where, "enrolled_at", PLENUM_JSON_REQUIRED,
                             &self->enrolled_at, error) ||
      !plenum_json_get_time (node, where, "last_seen",
                             PLENUM_JSON_REQUIRED | PLENUM_JSON_NULLABLE, &self->last_seen,
                             error) ||
      !plenum_json_get_bool (node, where, "revoked", PLENUM_JSON_REQUIRED, &self->revoked,
                             error) ||
      !plenum_json_get_object (node, where, "status",
                               PLENUM_JSON_REQUIRED | PLENUM_JSON_NULLABLE, &status, error))
    return NULL;
  if (status != NULL && !read_report (self, status, status_where, error))
    return NULL;
  /* "wipe" and "signed_in" came later than the rest: absent is the same as null. */
  if (!plenum_json_get_object (node, where, "wipe", PLENUM_JSON_NULLABLE, &wipe, error) ||
      (wipe != NULL &&
       (!plenum_json_check_object (wipe, wipe_where, wipe_keys, error) ||
        !plenum_json_get_time (wipe, wipe_where, "requested_at", PLENUM_JSON_REQUIRED,
                               &self->wipe_requested_at, error) ||
        !plenum_json_get_time (wipe, wipe_where, "wiped_at",
                               PLENUM_JSON_REQUIRED | PLENUM_JSON_NULLABLE, &self->wiped_at,
                               error))) ||
      !plenum_json_get_object (node, where, "signed_in", PLENUM_JSON_NULLABLE, &person, error) ||
      (person != NULL &&
       (!plenum_json_check_object (person, person_where, person_keys, error) ||
        !plenum_json_get_text (person, person_where, "display_name", PLENUM_JSON_REQUIRED,
                               PLENUM_DISPLAY_NAME_MAX_CHARS, FALSE, &person_name, error))))
    return NULL;
  self->signed_in = g_strdup (person_name);

  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->room_id = g_strdup (room_id);
  self->room_name = g_strdup (room_name);
  return g_steal_pointer (&self);
}

GPtrArray *
plenum_terminal_info_parse_list (const char  *data,
                                 gssize       length,
                                 GError     **error)
{
  static const char * const keys[] = { "terminals", NULL };
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const cJSON *terminals = NULL;
  const cJSON *terminal;
  guint i = 0;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = plenum_json_parse (data, length, error);
  if (root == NULL)
    return NULL;
  if (!plenum_json_check_object (root, "", keys, error) ||
      !plenum_json_get_array (root, "", "terminals", PLENUM_JSON_REQUIRED,
                              PLENUM_TERMINALS_MAX, &terminals, error))
    return NULL;
  list = g_ptr_array_new_with_free_func (g_object_unref);
  cJSON_ArrayForEach (terminal, terminals)
    {
      g_autofree char *where = plenum_json_path_index ("terminals", i++);
      PlenumTerminalInfo *info = plenum_terminal_info_new_from_json (terminal, where, error);

      if (info == NULL)
        return NULL;
      g_ptr_array_add (list, info);
    }
  return g_steal_pointer (&list);
}

const char *
plenum_terminal_info_get_id (PlenumTerminalInfo *self)
{
  g_return_val_if_fail (PLENUM_IS_TERMINAL_INFO (self), NULL);
  return self->id;
}

const char *
plenum_terminal_info_get_name (PlenumTerminalInfo *self)
{
  g_return_val_if_fail (PLENUM_IS_TERMINAL_INFO (self), NULL);
  return self->name;
}

const char *
plenum_terminal_info_get_room_id (PlenumTerminalInfo *self)
{
  g_return_val_if_fail (PLENUM_IS_TERMINAL_INFO (self), NULL);
  return self->room_id;
}

const char *
plenum_terminal_info_get_room_name (PlenumTerminalInfo *self)
{
  g_return_val_if_fail (PLENUM_IS_TERMINAL_INFO (self), NULL);
  return self->room_name;
}

GDateTime *
plenum_terminal_info_get_enrolled_at (PlenumTerminalInfo *self)
{
  g_return_val_if_fail (PLENUM_IS_TERMINAL_INFO (self), NULL);
  return self->enrolled_at;
}

GDateTime *
plenum_terminal_info_get_last_seen (PlenumTerminalInfo *self)
{
  g_return_val_if_fail (PLENUM_IS_TERMINAL_INFO (self), NULL);
  return self->last_seen;
}

gboolean
plenum_terminal_info_get_revoked (PlenumTerminalInfo *self)
{
  g_return_val_if_fail (PLENUM_IS_TERMINAL_INFO (self), FALSE);
  return self->revoked;
}

GDateTime *
plenum_terminal_info_get_wipe_requested_at (PlenumTerminalInfo *self)
{
  g_return_val_if_fail (PLENUM_IS_TERMINAL_INFO (self), NULL);
  return self->wipe_requested_at;
}

GDateTime *
plenum_terminal_info_get_wiped_at (PlenumTerminalInfo *self)
{
  g_return_val_if_fail (PLENUM_IS_TERMINAL_INFO (self), NULL);
  return self->wiped_at;
}

const char *
plenum_terminal_info_get_signed_in (PlenumTerminalInfo *self)
{
  g_return_val_if_fail (PLENUM_IS_TERMINAL_INFO (self), NULL);
  return self->signed_in;
}

gboolean
plenum_terminal_info_has_report (PlenumTerminalInfo *self)
{
  g_return_val_if_fail (PLENUM_IS_TERMINAL_INFO (self), FALSE);
  return self->has_report;
}

GDateTime *
plenum_terminal_info_get_reported_at (PlenumTerminalInfo *self)
{
  g_return_val_if_fail (PLENUM_IS_TERMINAL_INFO (self), NULL);
  return self->reported_at;
}

GDateTime *
plenum_terminal_info_get_received_at (PlenumTerminalInfo *self)
{
  g_return_val_if_fail (PLENUM_IS_TERMINAL_INFO (self), NULL);
  return self->received_at;
}

gboolean
plenum_terminal_info_get_progress (PlenumTerminalInfo *self,
                                   const char         *meeting_id,
                                   gint64             *packet_version,
                                   guint64            *documents_total,
                                   guint64            *documents_done,
                                   guint64            *bytes_total,
                                   guint64            *bytes_done)
{
  g_return_val_if_fail (PLENUM_IS_TERMINAL_INFO (self), FALSE);
  g_return_val_if_fail (meeting_id != NULL, FALSE);

  for (guint i = 0; i < self->meetings->len; i++)
    {
      MeetingProgress *progress = &g_array_index (self->meetings, MeetingProgress, i);

      if (!g_str_equal (progress->meeting_id, meeting_id))
        continue;
      if (packet_version != NULL)
        *packet_version = progress->packet_version;
      if (documents_total != NULL)
        *documents_total = progress->documents_total;
      if (documents_done != NULL)
        *documents_done = progress->documents_done;
      if (bytes_total != NULL)
        *bytes_total = progress->bytes_total;
      if (bytes_done != NULL)
        *bytes_done = progress->bytes_done;
      return TRUE;
    }
  return FALSE;
}
