/* plenum-event.c — one event of the server's event stream.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-event"

#include "plenum-event.h"

#include "plenum-core-private.h"

struct _PlenumEvent
{
  GObject    parent_instance;

  gint64     seq;
  char      *type;
  GDateTime *time;
  char      *meeting_id;
  cJSON     *data;       /* an object, owned */
};

G_DEFINE_FINAL_TYPE (PlenumEvent, plenum_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEQ,
  PROP_TYPE,
  PROP_TIME,
  PROP_MEETING_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
plenum_event_type_is_valid (const char *type)
{
  gsize i;

  if (type == NULL || *type == '\0')
    return FALSE;

  for (i = 0; type[i] != '\0'; i++)
    {
      char c = type[i];

      if (i == PLENUM_EVENT_TYPE_MAX_CHARS)
        return FALSE;
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '_' || c == '-'))
        return FALSE;
    }

  return TRUE;
}

static void
plenum_event_constructed (GObject *object)
{
  PlenumEvent *self = (PlenumEvent *) object;

  G_OBJECT_CLASS (plenum_event_parent_class)->constructed (object);

  plenum_json_init ();
  self->data = cJSON_CreateObject ();
}

static void
plenum_event_finalize (GObject *object)
{
  PlenumEvent *self = (PlenumEvent *) object;

  g_clear_pointer (&self->type, g_free);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->meeting_id, g_free);
  g_clear_pointer (&self->data, cJSON_Delete);

  G_OBJECT_CLASS (plenum_event_parent_class)->finalize (object);
}

static void
plenum_event_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PlenumEvent *self = PLENUM_EVENT (object);

  switch (prop_id)
    {
    case PROP_SEQ:
      g_value_set_int64 (value, self->seq);
      break;
    case PROP_TYPE:
      g_value_set_string (value, self->type);
      break;
    case PROP_TIME:
      g_value_set_boxed (value, self->time);
      break;
    case PROP_MEETING_ID:
      g_value_set_string (value, self->meeting_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_event_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PlenumEvent *self = PLENUM_EVENT (object);
  GDateTime *time;

  /* Construct-only: set once before anyone can watch, so nothing to notify. */
  switch (prop_id)
    {
    case PROP_SEQ:
      self->seq = g_value_get_int64 (value);
      break;
    case PROP_TYPE:
      self->type = g_value_dup_string (value);
      break;
    case PROP_TIME:
      time = g_value_get_boxed (value);
      self->time = time != NULL ? g_date_time_to_utc (time) : NULL;
      break;
    case PROP_MEETING_ID:
      self->meeting_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_event_class_init (PlenumEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                            G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = plenum_event_constructed;
  object_class->finalize = plenum_event_finalize;
  object_class->get_property = plenum_event_get_property;
  object_class->set_property = plenum_event_set_property;

  properties[PROP_SEQ] =
    g_param_spec_int64 ("seq", NULL, NULL, 0, PLENUM_JSON_MAX_SAFE_INTEGER, 0, flags);
  properties[PROP_TYPE] =
    g_param_spec_string ("type", NULL, NULL, NULL, flags);
  properties[PROP_TIME] =
    g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_MEETING_ID] =
    g_param_spec_string ("meeting-id", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plenum_event_init (PlenumEvent *self)
{
}

PlenumEvent *
plenum_event_new (gint64       seq,
                  const char  *type,
                  GDateTime   *time,
                  const char  *meeting_id,
                  const cJSON *data)
{
  PlenumEvent *self;

  g_return_val_if_fail (seq >= 0 && seq <= PLENUM_JSON_MAX_SAFE_INTEGER, NULL);
  g_return_val_if_fail (plenum_event_type_is_valid (type), NULL);
  g_return_val_if_fail (time != NULL, NULL);
  g_return_val_if_fail (meeting_id == NULL || plenum_is_uuid (meeting_id), NULL);
  g_return_val_if_fail (data == NULL || cJSON_IsObject (data), NULL);

  self = g_object_new (PLENUM_TYPE_EVENT,
                       "seq", seq,
                       "type", type,
                       "time", time,
                       "meeting-id", meeting_id,
                       NULL);

  if (data != NULL)
    {
      cJSON_Delete (self->data);
      self->data = cJSON_Duplicate (data, TRUE);
    }

  return self;
}

PlenumEvent *
plenum_event_new_from_json (const cJSON  *node,
                            const char   *where,
                            GError      **error)
{
  static const char * const keys[] = { "seq", "type", "time", "meeting_id", "data", NULL };
  g_autoptr(GDateTime) time = NULL;
  const cJSON *data = NULL;
  const char *type = NULL;
  const char *meeting_id = NULL;
  gint64 seq = 0;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!plenum_json_check_object (node, where, keys, error) ||
      !plenum_json_get_int64 (node, where, "seq", PLENUM_JSON_REQUIRED,
                              0, PLENUM_JSON_MAX_SAFE_INTEGER, &seq, error) ||
      !plenum_json_get_string (node, where, "type", PLENUM_JSON_REQUIRED, &type, error))
    return NULL;

  if (!plenum_event_type_is_valid (type))
    {
      g_autofree char *path = plenum_json_path_key (where, "type");

      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                   "%s: expected an event type such as packet.published", path);
      return NULL;
    }

  if (!plenum_json_get_time (node, where, "time", PLENUM_JSON_REQUIRED, &time, error) ||
      !plenum_json_get_uuid (node, where, "meeting_id", PLENUM_JSON_NULLABLE,
                             &meeting_id, error) ||
      !plenum_json_get_object (node, where, "data", PLENUM_JSON_REQUIRED, &data, error))
    return NULL;

  return plenum_event_new (seq, type, time, meeting_id, data);
}

cJSON *
plenum_event_to_json (PlenumEvent *self)
{
  cJSON *node;

  g_return_val_if_fail (PLENUM_IS_EVENT (self), NULL);

  plenum_json_init ();
  node = cJSON_CreateObject ();
  plenum_json_add_int64 (node, "seq", self->seq);
  plenum_json_add_string (node, "type", self->type);
  plenum_json_add_time (node, "time", self->time);
  plenum_json_add_string (node, "meeting_id", self->meeting_id);
  cJSON_AddItemToObject (node, "data", cJSON_Duplicate (self->data, TRUE));

  return node;
}

gint64
plenum_event_get_seq (PlenumEvent *self)
{
  g_return_val_if_fail (PLENUM_IS_EVENT (self), 0);
  return self->seq;
}

const char *
plenum_event_get_event_type (PlenumEvent *self)
{
  g_return_val_if_fail (PLENUM_IS_EVENT (self), NULL);
  return self->type;
}

GDateTime *
plenum_event_get_time (PlenumEvent *self)
{
  g_return_val_if_fail (PLENUM_IS_EVENT (self), NULL);
  return self->time;
}

const char *
plenum_event_get_meeting_id (PlenumEvent *self)
{
  g_return_val_if_fail (PLENUM_IS_EVENT (self), NULL);
  return self->meeting_id;
}

const cJSON *
plenum_event_get_data (PlenumEvent *self)
{
  g_return_val_if_fail (PLENUM_IS_EVENT (self), NULL);
  return self->data;
}
