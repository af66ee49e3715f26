/* plenum-core-private.c — helpers the models in core/ share.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-core"

#include "plenum-core-private.h"

#include <string.h>

GListStore *
plenum_list_store_new_copy (GListModel *model,
                            GType       item_type)
{
  GListStore *store = g_list_store_new (item_type);
  guint n, i;

  if (model == NULL)
    return store;

  n = g_list_model_get_n_items (model);
  for (i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (!G_TYPE_CHECK_INSTANCE_TYPE (item, item_type))
        {
          g_critical ("item %u of the list is a %s, not a %s", i,
                      item != NULL ? G_OBJECT_TYPE_NAME (item) : "NULL",
                      g_type_name (item_type));
          continue;
        }
      g_list_store_append (store, item);
    }

  return store;
}

static gboolean
is_media_type_token (const char *start,
                     gsize       len)
{
  gsize i;

  if (len == 0 || len > 63)
    return FALSE;

  for (i = 0; i < len; i++)
    {
      char c = start[i];

      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            strchr ("!#$&^_.+-", c) != NULL))
        return FALSE;
    }

  return TRUE;
}

gboolean
plenum_is_media_type (const char *text)
{
  const char *slash;

  if (text == NULL)
    return FALSE;

  slash = strchr (text, '/');
  if (slash == NULL)
    return FALSE;

  return is_media_type_token (text, (gsize) (slash - text)) &&
         is_media_type_token (slash + 1, strlen (slash + 1));
}
