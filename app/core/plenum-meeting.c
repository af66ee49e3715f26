/* plenum-meeting.c — a meeting, with or without its agenda.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-meeting"

#include "plenum-meeting.h"

#include "plenum-core-private.h"

struct _PlenumMeeting
{
  GObject              parent_instance;

  char                *id;
  char                *body_id;
  char                *title;
  GDateTime           *starts_at;
  char                *location;
  char                *chair_id;
  char                *vice_chair_id;
  PlenumMeetingStatus  status;
  gint64               packet_version;
  GDateTime           *updated_at;
  GListStore          *agenda;          /* NULL: a summary without an agenda */
  gint64               lease_seconds;   /* the body's lease; 0: no lock */
  gboolean             has_lease;       /* the JSON had "lease_seconds": written back */
};

G_DEFINE_FINAL_TYPE (PlenumMeeting, plenum_meeting, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlenumMeetingStatus, plenum_meeting_status,
  G_DEFINE_ENUM_VALUE (PLENUM_MEETING_STATUS_SCHEDULED, "scheduled"),
  G_DEFINE_ENUM_VALUE (PLENUM_MEETING_STATUS_IN_PROGRESS, "in_progress"),
  G_DEFINE_ENUM_VALUE (PLENUM_MEETING_STATUS_CLOSED, "closed"))

enum {
  PROP_0,
  PROP_ID,
  PROP_BODY_ID,
  PROP_TITLE,
  PROP_STARTS_AT,
  PROP_LOCATION,
  PROP_CHAIR_ID,
  PROP_VICE_CHAIR_ID,
  PROP_STATUS,
  PROP_PACKET_VERSION,
  PROP_UPDATED_AT,
  PROP_AGENDA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
plenum_meeting_status_to_string (PlenumMeetingStatus status)
{
  switch (status)
    {
    case PLENUM_MEETING_STATUS_SCHEDULED:
      return "scheduled";
    case PLENUM_MEETING_STATUS_IN_PROGRESS:
      return "in_progress";
    case PLENUM_MEETING_STATUS_CLOSED:
      return "closed";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
plenum_meeting_status_from_string (const char          *text,
                                   PlenumMeetingStatus *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (g_strcmp0 (text, "scheduled") == 0)
    *out = PLENUM_MEETING_STATUS_SCHEDULED;
  else if (g_strcmp0 (text, "in_progress") == 0)
    *out = PLENUM_MEETING_STATUS_IN_PROGRESS;
  else if (g_strcmp0 (text, "closed") == 0)
    *out = PLENUM_MEETING_STATUS_CLOSED;
  else
    return FALSE;

  return TRUE;
}

static void
plenum_meeting_dispose (GObject *object)
{
  PlenumMeeting *self = (PlenumMeeting *) object;

  g_clear_object (&self->agenda);

  G_OBJECT_CLASS (plenum_meeting_parent_class)->dispose (object);
}

static void
plenum_meeting_finalize (GObject *object)
{
  PlenumMeeting *self = (PlenumMeeting *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->body_id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->starts_at, g_date_time_unref);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->chair_id, g_free);
  g_clear_pointer (&self->vice_chair_id, g_free);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (plenum_meeting_parent_class)->finalize (object);
}

static void
plenum_meeting_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PlenumMeeting *self = PLENUM_MEETING (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_BODY_ID:
      g_value_set_string (value, self->body_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_STARTS_AT:
      g_value_set_boxed (value, self->starts_at);
      break;
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_CHAIR_ID:
      g_value_set_string (value, self->chair_id);
      break;
    case PROP_VICE_CHAIR_ID:
      g_value_set_string (value, self->vice_chair_id);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_PACKET_VERSION:
      g_value_set_int64 (value, self->packet_version);
      break;
    case PROP_UPDATED_AT:
      g_value_set_boxed (value, self->updated_at);
      break;
    case PROP_AGENDA:
      g_value_set_object (value, self->agenda);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GDateTime *
dup_time_utc (const GValue *value)
{
  GDateTime *time = g_value_get_boxed (value);

  return time != NULL ? g_date_time_to_utc (time) : NULL;
}

static void
plenum_meeting_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PlenumMeeting *self = PLENUM_MEETING (object);

  /* Construct-only: set once before anyone can watch, so nothing to notify. */
  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_BODY_ID:
      self->body_id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case PROP_STARTS_AT:
      self->starts_at = dup_time_utc (value);
      break;
    case PROP_LOCATION:
      self->location = g_value_dup_string (value);
      break;
    case PROP_CHAIR_ID:
      self->chair_id = g_value_dup_string (value);
      break;
    case PROP_VICE_CHAIR_ID:
      self->vice_chair_id = g_value_dup_string (value);
      break;
    case PROP_STATUS:
      self->status = g_value_get_enum (value);
      break;
    case PROP_PACKET_VERSION:
      self->packet_version = g_value_get_int64 (value);
      break;
    case PROP_UPDATED_AT:
      self->updated_at = dup_time_utc (value);
      break;
    case PROP_AGENDA:
      if (g_value_get_object (value) != NULL)
        self->agenda = plenum_list_store_new_copy (g_value_get_object (value),
                                                   PLENUM_TYPE_AGENDA_ITEM);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_meeting_class_init (PlenumMeetingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                            G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = plenum_meeting_dispose;
  object_class->finalize = plenum_meeting_finalize;
  object_class->get_property = plenum_meeting_get_property;
  object_class->set_property = plenum_meeting_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_BODY_ID] =
    g_param_spec_string ("body-id", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_STARTS_AT] =
    g_param_spec_boxed ("starts-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_LOCATION] =
    g_param_spec_string ("location", NULL, NULL, NULL, flags);
  properties[PROP_CHAIR_ID] =
    g_param_spec_string ("chair-id", NULL, NULL, NULL, flags);
  properties[PROP_VICE_CHAIR_ID] =
    g_param_spec_string ("vice-chair-id", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, PLENUM_TYPE_MEETING_STATUS,
                       PLENUM_MEETING_STATUS_SCHEDULED, flags);
  properties[PROP_PACKET_VERSION] =
    g_param_spec_int64 ("packet-version", NULL, NULL,
                        0, PLENUM_JSON_MAX_SAFE_INTEGER, 0, flags);
  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_AGENDA] =
    g_param_spec_object ("agenda", NULL, NULL, G_TYPE_LIST_MODEL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plenum_meeting_init (PlenumMeeting *self)
{
}

PlenumMeeting *
plenum_meeting_new (const char          *id,
                    const char          *body_id,
                    const char          *title,
                    GDateTime           *starts_at,
                    const char          *location,
                    const char          *chair_id,
                    const char          *vice_chair_id,
                    PlenumMeetingStatus  status,
                    gint64               packet_version,
                    GDateTime           *updated_at,
                    GListModel          *agenda)
{
  g_return_val_if_fail (plenum_is_uuid (id), NULL);
  g_return_val_if_fail (plenum_is_uuid (body_id), NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (starts_at != NULL, NULL);
  g_return_val_if_fail (plenum_is_uuid (chair_id), NULL);
  g_return_val_if_fail (vice_chair_id == NULL || plenum_is_uuid (vice_chair_id), NULL);
  g_return_val_if_fail (status <= PLENUM_MEETING_STATUS_CLOSED, NULL);
  g_return_val_if_fail (packet_version >= 0, NULL);
  g_return_val_if_fail (packet_version <= PLENUM_JSON_MAX_SAFE_INTEGER, NULL);
  g_return_val_if_fail (updated_at != NULL, NULL);
  g_return_val_if_fail (agenda == NULL || G_IS_LIST_MODEL (agenda), NULL);

  return g_object_new (PLENUM_TYPE_MEETING,
                       "id", id,
                       "body-id", body_id,
                       "title", title,
                       "starts-at", starts_at,
                       "location", location,
                       "chair-id", chair_id,
                       "vice-chair-id", vice_chair_id,
                       "status", status,
                       "packet-version", packet_version,
                       "updated-at", updated_at,
                       "agenda", agenda,
                       NULL);
}

PlenumMeeting *
plenum_meeting_new_from_json (const cJSON  *node,
                              const char   *where,
                              GError      **error)
{
  static const char * const keys[] = {
    "id", "body_id", "title", "starts_at", "location", "chair_id", "vice_chair_id",
    "status", "packet_version", "updated_at", "agenda", "lease_seconds", NULL
  };
  g_autoptr(GDateTime) starts_at = NULL;
  g_autoptr(GDateTime) updated_at = NULL;
  g_autoptr(GListStore) agenda = NULL;
  const cJSON *array = NULL;
  const char *id = NULL;
  const char *body_id = NULL;
  const char *title = NULL;
  const char *location = NULL;
  const char *chair_id = NULL;
  const char *vice_chair_id = NULL;
  const char *status_text = NULL;
  PlenumMeetingStatus status = PLENUM_MEETING_STATUS_SCHEDULED;
  gint64 packet_version = 0;
  gint64 lease_seconds = -1;
  PlenumMeeting *self;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!plenum_json_check_object (node, where, keys, error) ||
      !plenum_json_get_uuid (node, where, "id", PLENUM_JSON_REQUIRED, &id, error) ||
      !plenum_json_get_uuid (node, where, "body_id", PLENUM_JSON_REQUIRED, &body_id, error) ||
      !plenum_json_get_text (node, where, "title", PLENUM_JSON_REQUIRED,
                             PLENUM_TITLE_MAX_CHARS, FALSE, &title, error) ||
      !plenum_json_get_time (node, where, "starts_at", PLENUM_JSON_REQUIRED, &starts_at, error) ||
      !plenum_json_get_text (node, where, "location",
                             PLENUM_JSON_REQUIRED | PLENUM_JSON_NULLABLE,
                             PLENUM_LOCATION_MAX_CHARS, FALSE, &location, error) ||
      !plenum_json_get_uuid (node, where, "chair_id", PLENUM_JSON_REQUIRED, &chair_id, error) ||
      !plenum_json_get_uuid (node, where, "vice_chair_id",
                             PLENUM_JSON_REQUIRED | PLENUM_JSON_NULLABLE, &vice_chair_id, error) ||
      !plenum_json_get_string (node, where, "status", PLENUM_JSON_REQUIRED, &status_text, error))
    return NULL;

  if (!plenum_meeting_status_from_string (status_text, &status))
    {
      g_autofree char *path = plenum_json_path_key (where, "status");

      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                   "%s: expected \"scheduled\", \"in_progress\" or \"closed\"", path);
      return NULL;
    }

  if (!plenum_json_get_int64 (node, where, "packet_version", PLENUM_JSON_REQUIRED,
                              0, PLENUM_JSON_MAX_SAFE_INTEGER, &packet_version, error) ||
      !plenum_json_get_time (node, where, "updated_at", PLENUM_JSON_REQUIRED,
                             &updated_at, error) ||
      !plenum_json_get_array (node, where, "agenda", PLENUM_JSON_OPTIONAL,
                              PLENUM_MAX_ARRAY_ITEMS, &array, error) ||
      !plenum_json_get_int64 (node, where, "lease_seconds", PLENUM_JSON_OPTIONAL,
                              0, PLENUM_MEETING_LEASE_MAX_SECONDS, &lease_seconds, error))
    return NULL;

  if (array != NULL)
    {
      g_autofree char *agenda_path = plenum_json_path_key (where, "agenda");
      const cJSON *child;
      guint i = 0;

      agenda = g_list_store_new (PLENUM_TYPE_AGENDA_ITEM);
      cJSON_ArrayForEach (child, array)
        {
          g_autofree char *child_path = plenum_json_path_index (agenda_path, i++);
          g_autoptr(PlenumAgendaItem) item = NULL;

          item = plenum_agenda_item_new_from_json (child, child_path, error);
          if (item == NULL)
            return NULL;
          g_list_store_append (agenda, item);
        }
    }

  self = plenum_meeting_new (id, body_id, title, starts_at, location, chair_id,
                             vice_chair_id, status, packet_version, updated_at,
                             agenda != NULL ? G_LIST_MODEL (agenda) : NULL);
  /* Optional: a meeting stored before leases existed has none (and locks nothing). */
  if (lease_seconds >= 0)
    {
      self->has_lease = TRUE;
      self->lease_seconds = lease_seconds;
    }
  return self;
}

cJSON *
plenum_meeting_to_summary_json (PlenumMeeting *self)
{
  cJSON *node;

  g_return_val_if_fail (PLENUM_IS_MEETING (self), NULL);

  plenum_json_init ();
  node = cJSON_CreateObject ();
  plenum_json_add_string (node, "id", self->id);
  plenum_json_add_string (node, "body_id", self->body_id);
  plenum_json_add_string (node, "title", self->title);
  plenum_json_add_time (node, "starts_at", self->starts_at);
  plenum_json_add_string (node, "location", self->location);
  plenum_json_add_string (node, "chair_id", self->chair_id);
  plenum_json_add_string (node, "vice_chair_id", self->vice_chair_id);
  plenum_json_add_string (node, "status", plenum_meeting_status_to_string (self->status));
  plenum_json_add_int64 (node, "packet_version", self->packet_version);
  plenum_json_add_time (node, "updated_at", self->updated_at);
  if (self->has_lease)
    plenum_json_add_int64 (node, "lease_seconds", self->lease_seconds);

  return node;
}

cJSON *
plenum_meeting_to_json (PlenumMeeting *self)
{
  cJSON *node;
  cJSON *array;
  guint n, i;

  g_return_val_if_fail (PLENUM_IS_MEETING (self), NULL);

  node = plenum_meeting_to_summary_json (self);
  if (self->agenda == NULL)
    return node;

  array = cJSON_AddArrayToObject (node, "agenda");
  n = g_list_model_get_n_items (G_LIST_MODEL (self->agenda));
  for (i = 0; i < n; i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (G_LIST_MODEL (self->agenda), i);

      cJSON_AddItemToArray (array, plenum_agenda_item_to_json (item));
    }

  return node;
}

const char *
plenum_meeting_get_id (PlenumMeeting *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING (self), NULL);
  return self->id;
}

const char *
plenum_meeting_get_body_id (PlenumMeeting *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING (self), NULL);
  return self->body_id;
}

const char *
plenum_meeting_get_title (PlenumMeeting *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING (self), NULL);
  return self->title;
}

GDateTime *
plenum_meeting_get_starts_at (PlenumMeeting *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING (self), NULL);
  return self->starts_at;
}

const char *
plenum_meeting_get_location (PlenumMeeting *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING (self), NULL);
  return self->location;
}

const char *
plenum_meeting_get_chair_id (PlenumMeeting *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING (self), NULL);
  return self->chair_id;
}

const char *
plenum_meeting_get_vice_chair_id (PlenumMeeting *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING (self), NULL);
  return self->vice_chair_id;
}

PlenumMeetingStatus
plenum_meeting_get_status (PlenumMeeting *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING (self), PLENUM_MEETING_STATUS_SCHEDULED);
  return self->status;
}

gint64
plenum_meeting_get_packet_version (PlenumMeeting *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING (self), 0);
  return self->packet_version;
}

GDateTime *
plenum_meeting_get_updated_at (PlenumMeeting *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING (self), NULL);
  return self->updated_at;
}

gboolean
plenum_meeting_has_agenda (PlenumMeeting *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING (self), FALSE);
  return self->agenda != NULL;
}

GListModel *
plenum_meeting_get_agenda (PlenumMeeting *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING (self), NULL);
  return self->agenda != NULL ? G_LIST_MODEL (self->agenda) : NULL;
}

gint64
plenum_meeting_get_lease_seconds (PlenumMeeting *self)
{
  g_return_val_if_fail (PLENUM_IS_MEETING (self), 0);
  return self->lease_seconds;
}
