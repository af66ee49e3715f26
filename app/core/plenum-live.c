/* plenum-live.c — the live meeting's models: the chair's position, the speakers' queue
 * and the quorum (docs/protocol.md, "The live meeting"). See plenum-live.h.
 *
 * They are immutable once read, so they carry no properties: the UI reads them with the
 * getters and gets a new object with each change (the sync engine's signals).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-live"

#include "plenum-live.h"

#include "plenum-core-private.h"

/* A page number beyond any document (the server refuses pages past the document's end;
 * this only keeps the value in a gint). */
#define PAGE_MAX G_MAXINT32

/* ---- Position ---- */

struct _PlenumPosition
{
  GObject    parent_instance;

  char      *meeting_id;
  char      *item_id;     /* NULL before the first move */
  char      *document_id; /* NULL: no document shown */
  gint       page;        /* -1: no page */
  gint64     revision;
  GDateTime *updated_at;  /* NULL before the first move */
};

G_DEFINE_FINAL_TYPE (PlenumPosition, plenum_position, G_TYPE_OBJECT)

static void
plenum_position_finalize (GObject *object)
{
  PlenumPosition *self = (PlenumPosition *) object;

  g_clear_pointer (&self->meeting_id, g_free);
  g_clear_pointer (&self->item_id, g_free);
  g_clear_pointer (&self->document_id, g_free);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (plenum_position_parent_class)->finalize (object);
}

static void
plenum_position_class_init (PlenumPositionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plenum_position_finalize;
}

static void
plenum_position_init (PlenumPosition *self)
{
  self->page = -1;
}

PlenumPosition *
plenum_position_new_from_json (const cJSON  *node,
                               const char   *where,
                               GError      **error)
{
  static const char * const keys[] = { "meeting_id", "item_id", "document_id", "page",
                                       "revision", "updated_at", NULL };
  const PlenumJsonFlags nullable = PLENUM_JSON_REQUIRED | PLENUM_JSON_NULLABLE;
  g_autoptr(GDateTime) updated_at = NULL;
  const char *meeting_id = NULL;
  const char *item_id = NULL;
  const char *document_id = NULL;
  gint64 page = -1;
  gint64 revision = 0;
  PlenumPosition *self;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!plenum_json_check_object (node, where, keys, error) ||
      !plenum_json_get_uuid (node, where, "meeting_id", PLENUM_JSON_REQUIRED, &meeting_id,
                             error) ||
      !plenum_json_get_uuid (node, where, "item_id", nullable, &item_id, error) ||
      !plenum_json_get_uuid (node, where, "document_id", nullable, &document_id, error) ||
      !plenum_json_get_int64 (node, where, "page", nullable, 0, PAGE_MAX, &page, error) ||
      !plenum_json_get_int64 (node, where, "revision", PLENUM_JSON_REQUIRED,
                              0, PLENUM_JSON_MAX_SAFE_INTEGER, &revision, error) ||
      !plenum_json_get_time (node, where, "updated_at", nullable, &updated_at, error))
    return NULL;

  /* What the server can never say: a follower must not be sent to a page of nothing. */
  if (page >= 0 && document_id == NULL)
    {
      g_autofree char *path = plenum_json_path_key (where, "page");

      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                   "%s: a page without a document_id", path);
      return NULL;
    }
  if (document_id != NULL && item_id == NULL)
    {
      g_autofree char *path = plenum_json_path_key (where, "document_id");

      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                   "%s: a document without an item_id", path);
      return NULL;
    }

  self = g_object_new (PLENUM_TYPE_POSITION, NULL);
  self->meeting_id = g_strdup (meeting_id);
  self->item_id = g_strdup (item_id);
  self->document_id = g_strdup (document_id);
  self->page = (gint) page;
  self->revision = revision;
  self->updated_at = g_steal_pointer (&updated_at);
  return self;
}

cJSON *
plenum_position_to_json (PlenumPosition *self)
{
  cJSON *node;

  g_return_val_if_fail (PLENUM_IS_POSITION (self), NULL);

  plenum_json_init ();
  node = cJSON_CreateObject ();
  plenum_json_add_string (node, "meeting_id", self->meeting_id);
  plenum_json_add_string (node, "item_id", self->item_id);
  plenum_json_add_string (node, "document_id", self->document_id);
  if (self->page >= 0)
    plenum_json_add_int64 (node, "page", self->page);
  else
    cJSON_AddNullToObject (node, "page");
  plenum_json_add_int64 (node, "revision", self->revision);
  plenum_json_add_time (node, "updated_at", self->updated_at);
  return node;
}

const char *
plenum_position_get_meeting_id (PlenumPosition *self)
{
  g_return_val_if_fail (PLENUM_IS_POSITION (self), NULL);
  return self->meeting_id;
}

const char *
plenum_position_get_item_id (PlenumPosition *self)
{
  g_return_val_if_fail (PLENUM_IS_POSITION (self), NULL);
  return self->item_id;
}

const char *
plenum_position_get_document_id (PlenumPosition *self)
{
  g_return_val_if_fail (PLENUM_IS_POSITION (self), NULL);
  return self->document_id;
}

gint
plenum_position_get_page (PlenumPosition *self)
{
  g_return_val_if_fail (PLENUM_IS_POSITION (self), -1);
  return self->page;
}

gint64
plenum_position_get_revision (PlenumPosition *self)
{
  g_return_val_if_fail (PLENUM_IS_POSITION (self), 0);
  return self->revision;
}

GDateTime *
plenum_position_get_updated_at (PlenumPosition *self)
{
  g_return_val_if_fail (PLENUM_IS_POSITION (self), NULL);
  return self->updated_at;
}

/* ---- Speaker ---- */

struct _PlenumSpeaker
{
  GObject    parent_instance;

  char      *account_id;
  char      *display_name;
  guint      position;    /* 0: has the floor; 1…: waiting */
  GDateTime *time;        /* since (floor) or asked_at (queue) */
};

G_DEFINE_FINAL_TYPE (PlenumSpeaker, plenum_speaker, G_TYPE_OBJECT)

static void
plenum_speaker_finalize (GObject *object)
{
  PlenumSpeaker *self = (PlenumSpeaker *) object;

  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->time, g_date_time_unref);

  G_OBJECT_CLASS (plenum_speaker_parent_class)->finalize (object);
}

static void
plenum_speaker_class_init (PlenumSpeakerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plenum_speaker_finalize;
}

static void
plenum_speaker_init (PlenumSpeaker *self)
{
}

/* The floor ({account_id, display_name, since}) when @expected_position is 0, else the
 * queue's entry at @expected_position ({account_id, display_name, position, asked_at}):
 * the server numbers the queue 1, 2, 3… in order, and anything else is refused. */
static PlenumSpeaker *
speaker_new_from_json (const cJSON  *node,
                       const char   *where,
                       guint         expected_position,
                       GError      **error)
{
  static const char * const floor_keys[] = { "account_id", "display_name", "since", NULL };
  static const char * const queue_keys[] = { "account_id", "display_name", "position",
                                             "asked_at", NULL };
  const gboolean floor = expected_position == 0;
  g_autoptr(GDateTime) time = NULL;
  const char *account_id = NULL;
  const char *display_name = NULL;
  gint64 position = 0;
  PlenumSpeaker *self;

  if (!plenum_json_check_object (node, where, floor ? floor_keys : queue_keys, error) ||
      !plenum_json_get_uuid (node, where, "account_id", PLENUM_JSON_REQUIRED, &account_id,
                             error) ||
      !plenum_json_get_text (node, where, "display_name", PLENUM_JSON_REQUIRED,
                             PLENUM_DISPLAY_NAME_MAX_CHARS, FALSE, &display_name, error) ||
      !plenum_json_get_time (node, where, floor ? "since" : "asked_at", PLENUM_JSON_REQUIRED,
                             &time, error))
    return NULL;

  if (!floor)
    {
      if (!plenum_json_get_int64 (node, where, "position", PLENUM_JSON_REQUIRED,
                                  1, PLENUM_MAX_ARRAY_ITEMS, &position, error))
        return NULL;
      if ((guint) position != expected_position)
        {
          g_autofree char *path = plenum_json_path_key (where, "position");

          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_RANGE,
                       "%s: expected %u (the queue counts from 1, in order)", path,
                       expected_position);
          return NULL;
        }
    }

  self = g_object_new (PLENUM_TYPE_SPEAKER, NULL);
  self->account_id = g_strdup (account_id);
  self->display_name = g_strdup (display_name);
  self->position = expected_position;
  self->time = g_steal_pointer (&time);
  return self;
}

static cJSON *
speaker_to_json (PlenumSpeaker *self)
{
  cJSON *node = cJSON_CreateObject ();

  plenum_json_add_string (node, "account_id", self->account_id);
  plenum_json_add_string (node, "display_name", self->display_name);
  if (self->position == 0)
    plenum_json_add_time (node, "since", self->time);
  else
    {
      plenum_json_add_int64 (node, "position", self->position);
      plenum_json_add_time (node, "asked_at", self->time);
    }
  return node;
}

const char *
plenum_speaker_get_account_id (PlenumSpeaker *self)
{
  g_return_val_if_fail (PLENUM_IS_SPEAKER (self), NULL);
  return self->account_id;
}

const char *
plenum_speaker_get_display_name (PlenumSpeaker *self)
{
  g_return_val_if_fail (PLENUM_IS_SPEAKER (self), NULL);
  return self->display_name;
}

guint
plenum_speaker_get_position (PlenumSpeaker *self)
{
  g_return_val_if_fail (PLENUM_IS_SPEAKER (self), 0);
  return self->position;
}

GDateTime *
plenum_speaker_get_time (PlenumSpeaker *self)
{
  g_return_val_if_fail (PLENUM_IS_SPEAKER (self), NULL);
  return self->time;
}

/* ---- SpeakerQueue ---- */

struct _PlenumSpeakerQueue
{
  GObject        parent_instance;

  char          *meeting_id;
  gint64         revision;
  PlenumSpeaker *floor;   /* NULL: nobody has the floor */
  GPtrArray     *waiting; /* of PlenumSpeaker, positions 1, 2, … */
};

G_DEFINE_FINAL_TYPE (PlenumSpeakerQueue, plenum_speaker_queue, G_TYPE_OBJECT)

static void
plenum_speaker_queue_finalize (GObject *object)
{
  PlenumSpeakerQueue *self = (PlenumSpeakerQueue *) object;

  g_clear_pointer (&self->meeting_id, g_free);
  g_clear_object (&self->floor);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);

  G_OBJECT_CLASS (plenum_speaker_queue_parent_class)->finalize (object);
}

static void
plenum_speaker_queue_class_init (PlenumSpeakerQueueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plenum_speaker_queue_finalize;
}

static void
plenum_speaker_queue_init (PlenumSpeakerQueue *self)
{
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
}

PlenumSpeakerQueue *
plenum_speaker_queue_new_from_json (const cJSON  *node,
                                    const char   *where,
                                    GError      **error)
{
  static const char * const keys[] = { "meeting_id", "revision", "floor", "queue", NULL };
  g_autoptr(PlenumSpeakerQueue) self = NULL;
  g_autoptr(PlenumSpeaker) floor = NULL;
  const char *meeting_id = NULL;
  const cJSON *floor_node = NULL;
  const cJSON *queue = NULL;
  const cJSON *entry;
  gint64 revision = 0;
  guint i = 0;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!plenum_json_check_object (node, where, keys, error) ||
      !plenum_json_get_uuid (node, where, "meeting_id", PLENUM_JSON_REQUIRED, &meeting_id,
                             error) ||
      !plenum_json_get_int64 (node, where, "revision", PLENUM_JSON_REQUIRED,
                              0, PLENUM_JSON_MAX_SAFE_INTEGER, &revision, error) ||
      !plenum_json_get_object (node, where, "floor", PLENUM_JSON_REQUIRED | PLENUM_JSON_NULLABLE,
                               &floor_node, error) ||
      !plenum_json_get_array (node, where, "queue", PLENUM_JSON_REQUIRED,
                              PLENUM_MAX_ARRAY_ITEMS, &queue, error))
    return NULL;

  if (floor_node != NULL)
    {
      g_autofree char *path = plenum_json_path_key (where, "floor");

      floor = speaker_new_from_json (floor_node, path, 0, error);
      if (floor == NULL)
        return NULL;
    }

  self = g_object_new (PLENUM_TYPE_SPEAKER_QUEUE, NULL);
  self->meeting_id = g_strdup (meeting_id);
  self->revision = revision;
  self->floor = g_steal_pointer (&floor);

  cJSON_ArrayForEach (entry, queue)
    {
      g_autofree char *parent = plenum_json_path_key (where, "queue");
      g_autofree char *path = plenum_json_path_index (parent, i);
      PlenumSpeaker *speaker;

      i++;
      speaker = speaker_new_from_json (entry, path, i, error);
      if (speaker == NULL)
        return NULL;
      /* One place per member: a queue that names someone twice is not the server's. */
      if (plenum_speaker_queue_find (self, speaker->account_id) != -1)
        {
          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                       "%s: %s is already in the queue or has the floor", path,
                       speaker->account_id);
          g_object_unref (speaker);
          return NULL;
        }
      g_ptr_array_add (self->waiting, speaker);
    }

  return g_steal_pointer (&self);
}

cJSON *
plenum_speaker_queue_to_json (PlenumSpeakerQueue *self)
{
  cJSON *node;
  cJSON *queue;

  g_return_val_if_fail (PLENUM_IS_SPEAKER_QUEUE (self), NULL);

  plenum_json_init ();
  node = cJSON_CreateObject ();
  plenum_json_add_string (node, "meeting_id", self->meeting_id);
  plenum_json_add_int64 (node, "revision", self->revision);
  if (self->floor != NULL)
    cJSON_AddItemToObject (node, "floor", speaker_to_json (self->floor));
  else
    cJSON_AddNullToObject (node, "floor");
  queue = cJSON_AddArrayToObject (node, "queue");
  for (guint i = 0; i < self->waiting->len; i++)
    cJSON_AddItemToArray (queue, speaker_to_json (g_ptr_array_index (self->waiting, i)));
  return node;
}

const char *
plenum_speaker_queue_get_meeting_id (PlenumSpeakerQueue *self)
{
  g_return_val_if_fail (PLENUM_IS_SPEAKER_QUEUE (self), NULL);
  return self->meeting_id;
}

gint64
plenum_speaker_queue_get_revision (PlenumSpeakerQueue *self)
{
  g_return_val_if_fail (PLENUM_IS_SPEAKER_QUEUE (self), 0);
  return self->revision;
}

PlenumSpeaker *
plenum_speaker_queue_get_floor (PlenumSpeakerQueue *self)
{
  g_return_val_if_fail (PLENUM_IS_SPEAKER_QUEUE (self), NULL);
  return self->floor;
}

GPtrArray *
plenum_speaker_queue_get_waiting (PlenumSpeakerQueue *self)
{
  g_return_val_if_fail (PLENUM_IS_SPEAKER_QUEUE (self), NULL);
  return self->waiting;
}

gint
plenum_speaker_queue_find (PlenumSpeakerQueue *self,
                           const char         *account_id)
{
  g_return_val_if_fail (PLENUM_IS_SPEAKER_QUEUE (self), -1);

  if (account_id == NULL)
    return -1;
  if (self->floor != NULL && g_str_equal (self->floor->account_id, account_id))
    return 0;
  for (guint i = 0; i < self->waiting->len; i++)
    {
      PlenumSpeaker *speaker = g_ptr_array_index (self->waiting, i);

      if (g_str_equal (speaker->account_id, account_id))
        return (gint) speaker->position;
    }
  return -1;
}

/* ---- Quorum ---- */

struct _PlenumQuorum
{
  GObject   parent_instance;

  char     *meeting_id;
  guint     members;
  guint     present;
  guint     required;
  gboolean  met;
};

G_DEFINE_FINAL_TYPE (PlenumQuorum, plenum_quorum, G_TYPE_OBJECT)

static void
plenum_quorum_finalize (GObject *object)
{
  PlenumQuorum *self = (PlenumQuorum *) object;

  g_clear_pointer (&self->meeting_id, g_free);

  G_OBJECT_CLASS (plenum_quorum_parent_class)->finalize (object);
}

static void
plenum_quorum_class_init (PlenumQuorumClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plenum_quorum_finalize;
}

static void
plenum_quorum_init (PlenumQuorum *self)
{
}

PlenumQuorum *
plenum_quorum_new_from_json (const cJSON  *node,
                             const char   *where,
                             GError      **error)
{
  static const char * const keys[] = { "meeting_id", "members", "present", "required",
                                       "met", NULL };
  const char *meeting_id = NULL;
  gint64 members = 0;
  gint64 present = 0;
  gint64 required = 0;
  gboolean met = FALSE;
  PlenumQuorum *self;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!plenum_json_check_object (node, where, keys, error) ||
      !plenum_json_get_uuid (node, where, "meeting_id", PLENUM_JSON_REQUIRED, &meeting_id,
                             error) ||
      !plenum_json_get_int64 (node, where, "members", PLENUM_JSON_REQUIRED,
                              0, PLENUM_MAX_ARRAY_ITEMS, &members, error) ||
      !plenum_json_get_int64 (node, where, "present", PLENUM_JSON_REQUIRED,
                              0, PLENUM_MAX_ARRAY_ITEMS, &present, error) ||
      !plenum_json_get_int64 (node, where, "required", PLENUM_JSON_REQUIRED,
                              0, PLENUM_MAX_ARRAY_ITEMS + 1, &required, error) ||
      !plenum_json_get_bool (node, where, "met", PLENUM_JSON_REQUIRED, &met, error))
    return NULL;

  /* The rule itself is the server's (it may change); more present than members is no
   * count at all. */
  if (present > members)
    {
      g_autofree char *path = plenum_json_path_key (where, "present");

      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_RANGE,
                   "%s: more present than members", path);
      return NULL;
    }

  self = g_object_new (PLENUM_TYPE_QUORUM, NULL);
  self->meeting_id = g_strdup (meeting_id);
  self->members = (guint) members;
  self->present = (guint) present;
  self->required = (guint) required;
  self->met = met;
  return self;
}

cJSON *
plenum_quorum_to_json (PlenumQuorum *self)
{
  cJSON *node;

  g_return_val_if_fail (PLENUM_IS_QUORUM (self), NULL);

  plenum_json_init ();
  node = cJSON_CreateObject ();
  plenum_json_add_string (node, "meeting_id", self->meeting_id);
  plenum_json_add_int64 (node, "members", self->members);
  plenum_json_add_int64 (node, "present", self->present);
  plenum_json_add_int64 (node, "required", self->required);
  plenum_json_add_bool (node, "met", self->met);
  return node;
}

const char *
plenum_quorum_get_meeting_id (PlenumQuorum *self)
{
  g_return_val_if_fail (PLENUM_IS_QUORUM (self), NULL);
  return self->meeting_id;
}

guint
plenum_quorum_get_members (PlenumQuorum *self)
{
  g_return_val_if_fail (PLENUM_IS_QUORUM (self), 0);
  return self->members;
}

guint
plenum_quorum_get_present (PlenumQuorum *self)
{
  g_return_val_if_fail (PLENUM_IS_QUORUM (self), 0);
  return self->present;
}

guint
plenum_quorum_get_required (PlenumQuorum *self)
{
  g_return_val_if_fail (PLENUM_IS_QUORUM (self), 0);
  return self->required;
}

gboolean
plenum_quorum_get_met (PlenumQuorum *self)
{
  g_return_val_if_fail (PLENUM_IS_QUORUM (self), FALSE);
  return self->met;
}
