/* plenum-agenda-item.c — one item of a meeting's agenda.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-agenda-item"

#include "plenum-agenda-item.h"

#include "plenum-core-private.h"

struct _PlenumAgendaItem
{
  GObject     parent_instance;

  char       *id;
  char       *number;
  char       *title;
  gboolean    closed_session;
  GListStore *documents;
  /* "restricted" (docs/protocol.md, "Closed sessions"): the server withheld this
   * closed-session item's documents from the viewer. has_restricted: the field was read
   * (a meeting stored before it existed has none), so that it is written back as read. */
  gboolean    restricted;
  gboolean    has_restricted;
};

G_DEFINE_FINAL_TYPE (PlenumAgendaItem, plenum_agenda_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NUMBER,
  PROP_TITLE,
  PROP_CLOSED_SESSION,
  PROP_DOCUMENTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
plenum_agenda_item_constructed (GObject *object)
{
  PlenumAgendaItem *self = (PlenumAgendaItem *) object;

  G_OBJECT_CLASS (plenum_agenda_item_parent_class)->constructed (object);

  if (self->documents == NULL)
    self->documents = g_list_store_new (PLENUM_TYPE_DOCUMENT);
}

static void
plenum_agenda_item_dispose (GObject *object)
{
  PlenumAgendaItem *self = (PlenumAgendaItem *) object;

  g_clear_object (&self->documents);

  G_OBJECT_CLASS (plenum_agenda_item_parent_class)->dispose (object);
}

static void
plenum_agenda_item_finalize (GObject *object)
{
  PlenumAgendaItem *self = (PlenumAgendaItem *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->number, g_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (plenum_agenda_item_parent_class)->finalize (object);
}

static void
plenum_agenda_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PlenumAgendaItem *self = PLENUM_AGENDA_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_CLOSED_SESSION:
      g_value_set_boolean (value, self->closed_session);
      break;
    case PROP_DOCUMENTS:
      g_value_set_object (value, self->documents);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_agenda_item_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PlenumAgendaItem *self = PLENUM_AGENDA_ITEM (object);

  /* Construct-only: set once before anyone can watch, so nothing to notify. */
  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NUMBER:
      self->number = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case PROP_CLOSED_SESSION:
      self->closed_session = g_value_get_boolean (value);
      break;
    case PROP_DOCUMENTS:
      if (g_value_get_object (value) != NULL)
        self->documents = plenum_list_store_new_copy (g_value_get_object (value),
                                                      PLENUM_TYPE_DOCUMENT);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_agenda_item_class_init (PlenumAgendaItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                            G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = plenum_agenda_item_constructed;
  object_class->dispose = plenum_agenda_item_dispose;
  object_class->finalize = plenum_agenda_item_finalize;
  object_class->get_property = plenum_agenda_item_get_property;
  object_class->set_property = plenum_agenda_item_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NUMBER] =
    g_param_spec_string ("number", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_CLOSED_SESSION] =
    g_param_spec_boolean ("closed-session", NULL, NULL, FALSE, flags);
  properties[PROP_DOCUMENTS] =
    g_param_spec_object ("documents", NULL, NULL, G_TYPE_LIST_MODEL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plenum_agenda_item_init (PlenumAgendaItem *self)
{
}

PlenumAgendaItem *
plenum_agenda_item_new (const char *id,
                        const char *number,
                        const char *title,
                        gboolean    closed_session,
                        GListModel *documents)
{
  g_return_val_if_fail (plenum_is_uuid (id), NULL);
  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (documents == NULL || G_IS_LIST_MODEL (documents), NULL);

  return g_object_new (PLENUM_TYPE_AGENDA_ITEM,
                       "id", id,
                       "number", number,
                       "title", title,
                       "closed-session", closed_session,
                       "documents", documents,
                       NULL);
}

PlenumAgendaItem *
plenum_agenda_item_new_from_json (const cJSON  *node,
                                  const char   *where,
                                  GError      **error)
{
  static const char * const keys[] = {
    "id", "number", "title", "closed_session", "documents", "restricted", NULL
  };
  PlenumAgendaItem *item;
  g_autoptr(GListStore) documents = NULL;
  g_autofree char *documents_path = NULL;
  const cJSON *array = NULL;
  const cJSON *child;
  const char *id = NULL;
  const char *number = NULL;
  const char *title = NULL;
  gboolean closed_session = FALSE;
  gboolean restricted = FALSE;
  guint i = 0;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!plenum_json_check_object (node, where, keys, error) ||
      !plenum_json_get_uuid (node, where, "id", PLENUM_JSON_REQUIRED, &id, error) ||
      !plenum_json_get_text (node, where, "number", PLENUM_JSON_REQUIRED,
                             PLENUM_ITEM_NUMBER_MAX_CHARS, FALSE, &number, error) ||
      !plenum_json_get_text (node, where, "title", PLENUM_JSON_REQUIRED,
                             PLENUM_TITLE_MAX_CHARS, FALSE, &title, error) ||
      !plenum_json_get_bool (node, where, "closed_session", PLENUM_JSON_REQUIRED,
                             &closed_session, error) ||
      !plenum_json_get_array (node, where, "documents", PLENUM_JSON_REQUIRED,
                              PLENUM_MAX_ARRAY_ITEMS, &array, error) ||
      !plenum_json_get_bool (node, where, "restricted", PLENUM_JSON_OPTIONAL, &restricted,
                             error))
    return NULL;

  documents = g_list_store_new (PLENUM_TYPE_DOCUMENT);
  documents_path = plenum_json_path_key (where, "documents");
  cJSON_ArrayForEach (child, array)
    {
      g_autofree char *child_path = plenum_json_path_index (documents_path, i++);
      g_autoptr(PlenumDocument) document = NULL;

      document = plenum_document_new_from_json (child, child_path, error);
      if (document == NULL)
        return NULL;
      g_list_store_append (documents, document);
    }

  item = plenum_agenda_item_new (id, number, title, closed_session, G_LIST_MODEL (documents));
  item->restricted = restricted;
  item->has_restricted = cJSON_GetObjectItemCaseSensitive (node, "restricted") != NULL;
  return item;
}

cJSON *
plenum_agenda_item_to_json (PlenumAgendaItem *self)
{
  cJSON *node;
  cJSON *array;
  guint n, i;

  g_return_val_if_fail (PLENUM_IS_AGENDA_ITEM (self), NULL);

  plenum_json_init ();
  node = cJSON_CreateObject ();
  plenum_json_add_string (node, "id", self->id);
  plenum_json_add_string (node, "number", self->number);
  plenum_json_add_string (node, "title", self->title);
  plenum_json_add_bool (node, "closed_session", self->closed_session);
  if (self->has_restricted || self->restricted)
    plenum_json_add_bool (node, "restricted", self->restricted);

  array = cJSON_AddArrayToObject (node, "documents");
  n = g_list_model_get_n_items (G_LIST_MODEL (self->documents));
  for (i = 0; i < n; i++)
    {
      g_autoptr(PlenumDocument) document =
        g_list_model_get_item (G_LIST_MODEL (self->documents), i);

      cJSON_AddItemToArray (array, plenum_document_to_json (document));
    }

  return node;
}

const char *
plenum_agenda_item_get_id (PlenumAgendaItem *self)
{
  g_return_val_if_fail (PLENUM_IS_AGENDA_ITEM (self), NULL);
  return self->id;
}

const char *
plenum_agenda_item_get_number (PlenumAgendaItem *self)
{
  g_return_val_if_fail (PLENUM_IS_AGENDA_ITEM (self), NULL);
  return self->number;
}

const char *
plenum_agenda_item_get_title (PlenumAgendaItem *self)
{
  g_return_val_if_fail (PLENUM_IS_AGENDA_ITEM (self), NULL);
  return self->title;
}

gboolean
plenum_agenda_item_get_closed_session (PlenumAgendaItem *self)
{
  g_return_val_if_fail (PLENUM_IS_AGENDA_ITEM (self), FALSE);
  return self->closed_session;
}

gboolean
plenum_agenda_item_get_restricted (PlenumAgendaItem *self)
{
  g_return_val_if_fail (PLENUM_IS_AGENDA_ITEM (self), FALSE);
  return self->restricted;
}

GListModel *
plenum_agenda_item_get_documents (PlenumAgendaItem *self)
{
  g_return_val_if_fail (PLENUM_IS_AGENDA_ITEM (self), NULL);
  return G_LIST_MODEL (self->documents);
}
