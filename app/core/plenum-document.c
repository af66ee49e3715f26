/* plenum-document.c — a document of an agenda item.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-document"

#include "plenum-document.h"

#include <string.h>

#include "plenum-core-private.h"

struct _PlenumDocumentVersion
{
  char      *sha256;
  gint64     size;
  int        pages;
  GDateTime *superseded_at;
  char      *password;          /* secret: wiped when freed */
};

static void
document_version_free (gpointer data)
{
  PlenumDocumentVersion *version = data;

  g_free (version->sha256);
  g_clear_pointer (&version->superseded_at, g_date_time_unref);
  g_clear_pointer (&version->password, plenum_secret_free);
  g_free (version);
}

struct _PlenumDocument
{
  GObject   parent_instance;

  char     *id;
  char     *title;
  char     *sha256;
  gint64    size;
  int       pages;
  gboolean  confidential;
  char     *media_type;
  /* Not a property, so that nothing that lists properties (GTK Inspector, debugging
   * dumps) shows it. Wiped when freed. */
  char     *password;
  /* Of PlenumDocumentVersion, newest first; NULL when the JSON had no "superseded" (then
   * none is written back either). Not a property, for the passwords' sake. */
  GPtrArray *superseded;
};

G_DEFINE_FINAL_TYPE (PlenumDocument, plenum_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SHA256,
  PROP_SIZE,
  PROP_PAGES,
  PROP_CONFIDENTIAL,
  PROP_MEDIA_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
plenum_document_finalize (GObject *object)
{
  PlenumDocument *self = (PlenumDocument *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->media_type, g_free);
  g_clear_pointer (&self->password, plenum_secret_free);
  g_clear_pointer (&self->superseded, g_ptr_array_unref);

  G_OBJECT_CLASS (plenum_document_parent_class)->finalize (object);
}

static void
plenum_document_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PlenumDocument *self = PLENUM_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SHA256:
      g_value_set_string (value, self->sha256);
      break;
    case PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;
    case PROP_PAGES:
      g_value_set_int (value, self->pages);
      break;
    case PROP_CONFIDENTIAL:
      g_value_set_boolean (value, self->confidential);
      break;
    case PROP_MEDIA_TYPE:
      g_value_set_string (value, self->media_type);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_document_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PlenumDocument *self = PLENUM_DOCUMENT (object);

  /* Construct-only: set once before anyone can watch, so nothing to notify. */
  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;
    case PROP_SHA256:
      self->sha256 = g_value_dup_string (value);
      break;
    case PROP_SIZE:
      self->size = g_value_get_int64 (value);
      break;
    case PROP_PAGES:
      self->pages = g_value_get_int (value);
      break;
    case PROP_CONFIDENTIAL:
      self->confidential = g_value_get_boolean (value);
      break;
    case PROP_MEDIA_TYPE:
      self->media_type = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_document_class_init (PlenumDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                            G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = plenum_document_finalize;
  object_class->get_property = plenum_document_get_property;
  object_class->set_property = plenum_document_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL, NULL, flags);
  properties[PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL, 0, PLENUM_JSON_MAX_SAFE_INTEGER, 0, flags);
  properties[PROP_PAGES] =
    g_param_spec_int ("pages", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_CONFIDENTIAL] =
    g_param_spec_boolean ("confidential", NULL, NULL, FALSE, flags);
  properties[PROP_MEDIA_TYPE] =
    g_param_spec_string ("media-type", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plenum_document_init (PlenumDocument *self)
{
}

gboolean
plenum_is_document_password (const char *text)
{
  gsize length;

  if (text == NULL)
    return FALSE;
  length = strlen (text);
  if (length < 1 || length > PLENUM_DOCUMENT_PASSWORD_MAX_BYTES ||
      !g_utf8_validate (text, (gssize) length, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gboolean
plenum_document_read_password (const cJSON  *object,
                               const char   *where,
                               const char  **out,
                               GError      **error)
{
  g_autofree char *path = NULL;
  const char *value = NULL;
  gsize length;

  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!plenum_json_get_string (object, where, "password", PLENUM_JSON_NULLABLE, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  /* The messages describe the value, never quote it: they end up in logs and replies. */
  path = plenum_json_path_key (where, "password");
  length = strlen (value);
  if (length > PLENUM_DOCUMENT_PASSWORD_MAX_BYTES)
    {
      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TOO_LARGE,
                   "%s: expected at most %d bytes, got %" G_GSIZE_FORMAT, path,
                   PLENUM_DOCUMENT_PASSWORD_MAX_BYTES, length);
      return FALSE;
    }
  if (!plenum_is_document_password (value))
    {
      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                   "%s: expected a non-empty password without control characters (absent "
                   "or null when the PDF needs none)", path);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

PlenumDocument *
plenum_document_new (const char *id,
                     const char *title,
                     const char *sha256,
                     gint64      size,
                     int         pages,
                     gboolean    confidential,
                     const char *media_type)
{
  return plenum_document_new_with_password (id, title, sha256, size, pages, confidential,
                                            media_type, NULL);
}

PlenumDocument *
plenum_document_new_with_password (const char *id,
                                   const char *title,
                                   const char *sha256,
                                   gint64      size,
                                   int         pages,
                                   gboolean    confidential,
                                   const char *media_type,
                                   const char *password)
{
  PlenumDocument *self;

  g_return_val_if_fail (plenum_is_uuid (id), NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (plenum_is_sha256_hex (sha256), NULL);
  g_return_val_if_fail (size >= 0 && size <= PLENUM_JSON_MAX_SAFE_INTEGER, NULL);
  g_return_val_if_fail (pages >= 0, NULL);
  g_return_val_if_fail (plenum_is_media_type (media_type), NULL);
  g_return_val_if_fail (password == NULL || plenum_is_document_password (password), NULL);

  self = g_object_new (PLENUM_TYPE_DOCUMENT,
                       "id", id,
                       "title", title,
                       "sha256", sha256,
                       "size", size,
                       "pages", pages,
                       "confidential", confidential,
                       "media-type", media_type,
                       NULL);
  self->password = g_strdup (password);
  return self;
}

static const PlenumDocumentVersion *
plenum_document_find_superseded_in (GPtrArray  *versions,
                                    const char *sha256)
{
  for (guint i = 0; i < versions->len; i++)
    {
      const PlenumDocumentVersion *version = g_ptr_array_index (versions, i);

      if (g_str_equal (version->sha256, sha256))
        return version;
    }
  return NULL;
}

/* Reads the optional "superseded" into *out (NULL when absent, so that it is not
 * written back either); FALSE with @error for anything but an array of versions. */
static gboolean
read_superseded (const cJSON  *node,
                 const char   *where,
                 const char   *own_sha256,
                 GPtrArray   **out,
                 GError      **error)
{
  static const char * const keys[] = {
    "sha256", "size", "pages", "superseded_at", "password", NULL
  };
  g_autoptr(GPtrArray) versions = NULL;
  g_autofree char *array_path = NULL;
  const cJSON *array = NULL;
  const cJSON *child;
  guint i = 0;

  if (!plenum_json_get_array (node, where, "superseded", PLENUM_JSON_OPTIONAL,
                              PLENUM_MAX_ARRAY_ITEMS, &array, error))
    return FALSE;
  *out = NULL;
  if (array == NULL)
    return TRUE;

  array_path = plenum_json_path_key (where, "superseded");
  versions = g_ptr_array_new_with_free_func (document_version_free);
  cJSON_ArrayForEach (child, array)
    {
      g_autofree char *path = plenum_json_path_index (array_path, i++);
      g_autoptr(GDateTime) superseded_at = NULL;
      PlenumDocumentVersion *version;
      const char *sha256 = NULL;
      const char *password = NULL;
      gint64 size = 0;
      gint64 pages = 0;

      if (!plenum_json_check_object (child, path, keys, error) ||
          !plenum_json_get_sha256 (child, path, "sha256", PLENUM_JSON_REQUIRED, &sha256, error) ||
          !plenum_json_get_int64 (child, path, "size", PLENUM_JSON_REQUIRED,
                                  0, PLENUM_JSON_MAX_SAFE_INTEGER, &size, error) ||
          !plenum_json_get_int64 (child, path, "pages", PLENUM_JSON_REQUIRED,
                                  0, G_MAXINT, &pages, error) ||
          !plenum_json_get_time (child, path, "superseded_at", PLENUM_JSON_REQUIRED,
                                 &superseded_at, error) ||
          !plenum_document_read_password (child, path, &password, error))
        return FALSE;

      /* The engine keys downloads and the store its page comparisons by hash: a version
       * equal to the current one, or listed twice, would be read as a different
       * document by one and the same by the other. */
      if (g_str_equal (sha256, own_sha256) ||
          plenum_document_find_superseded_in (versions, sha256) != NULL)
        {
          g_autofree char *key = plenum_json_path_key (path, "sha256");

          g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                       "%s: a version is listed twice (or is the current one)", key);
          return FALSE;
        }

      version = g_new0 (PlenumDocumentVersion, 1);
      version->sha256 = g_strdup (sha256);
      version->size = size;
      version->pages = (int) pages;
      version->superseded_at = g_date_time_to_utc (superseded_at);
      version->password = g_strdup (password);
      g_ptr_array_add (versions, version);
    }

  *out = g_steal_pointer (&versions);
  return TRUE;
}

PlenumDocument *
plenum_document_new_from_json (const cJSON  *node,
                               const char   *where,
                               GError      **error)
{
  static const char * const keys[] = {
    "id", "title", "sha256", "size", "pages", "confidential", "media_type", "password",
    "superseded", NULL
  };
  g_autoptr(GPtrArray) superseded = NULL;
  PlenumDocument *self;
  const char *id = NULL;
  const char *title = NULL;
  const char *sha256 = NULL;
  const char *media_type = NULL;
  const char *password = NULL;
  gint64 size = 0;
  gint64 pages = 0;
  gboolean confidential = FALSE;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!plenum_json_check_object (node, where, keys, error) ||
      !plenum_json_get_uuid (node, where, "id", PLENUM_JSON_REQUIRED, &id, error) ||
      !plenum_json_get_text (node, where, "title", PLENUM_JSON_REQUIRED,
                             PLENUM_TITLE_MAX_CHARS, FALSE, &title, error) ||
      !plenum_json_get_sha256 (node, where, "sha256", PLENUM_JSON_REQUIRED, &sha256, error) ||
      !plenum_json_get_int64 (node, where, "size", PLENUM_JSON_REQUIRED,
                              0, PLENUM_JSON_MAX_SAFE_INTEGER, &size, error) ||
      !plenum_json_get_int64 (node, where, "pages", PLENUM_JSON_REQUIRED,
                              0, G_MAXINT, &pages, error) ||
      !plenum_json_get_bool (node, where, "confidential", PLENUM_JSON_REQUIRED,
                             &confidential, error) ||
      !plenum_json_get_string (node, where, "media_type", PLENUM_JSON_REQUIRED,
                               &media_type, error) ||
      !plenum_document_read_password (node, where, &password, error) ||
      !read_superseded (node, where, sha256, &superseded, error))
    return NULL;

  if (!plenum_is_media_type (media_type))
    {
      g_autofree char *path = plenum_json_path_key (where, "media_type");

      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                   "%s: expected a media type such as application/pdf", path);
      return NULL;
    }

  self = plenum_document_new_with_password (id, title, sha256, size, (int) pages, confidential,
                                            media_type, password);
  self->superseded = g_steal_pointer (&superseded);
  return self;
}

cJSON *
plenum_document_to_json (PlenumDocument *self)
{
  cJSON *node;

  g_return_val_if_fail (PLENUM_IS_DOCUMENT (self), NULL);

  plenum_json_init ();
  node = cJSON_CreateObject ();
  plenum_json_add_string (node, "id", self->id);
  plenum_json_add_string (node, "title", self->title);
  plenum_json_add_string (node, "sha256", self->sha256);
  plenum_json_add_int64 (node, "size", self->size);
  plenum_json_add_int64 (node, "pages", self->pages);
  plenum_json_add_bool (node, "confidential", self->confidential);
  plenum_json_add_string (node, "media_type", self->media_type);
  if (self->password != NULL)
    plenum_json_add_string (node, "password", self->password);
  if (self->superseded != NULL)
    {
      cJSON *array = cJSON_AddArrayToObject (node, "superseded");

      for (guint i = 0; i < self->superseded->len; i++)
        {
          PlenumDocumentVersion *version = g_ptr_array_index (self->superseded, i);
          cJSON *child = cJSON_CreateObject ();

          plenum_json_add_string (child, "sha256", version->sha256);
          plenum_json_add_int64 (child, "size", version->size);
          plenum_json_add_int64 (child, "pages", version->pages);
          plenum_json_add_time (child, "superseded_at", version->superseded_at);
          if (version->password != NULL)
            plenum_json_add_string (child, "password", version->password);
          cJSON_AddItemToArray (array, child);
        }
    }

  return node;
}

const char *
plenum_document_get_id (PlenumDocument *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT (self), NULL);
  return self->id;
}

const char *
plenum_document_get_title (PlenumDocument *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT (self), NULL);
  return self->title;
}

const char *
plenum_document_get_sha256 (PlenumDocument *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT (self), NULL);
  return self->sha256;
}

gint64
plenum_document_get_size (PlenumDocument *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT (self), 0);
  return self->size;
}

int
plenum_document_get_pages (PlenumDocument *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT (self), 0);
  return self->pages;
}

gboolean
plenum_document_get_confidential (PlenumDocument *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT (self), FALSE);
  return self->confidential;
}

const char *
plenum_document_get_media_type (PlenumDocument *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT (self), NULL);
  return self->media_type;
}

const char *
plenum_document_get_password (PlenumDocument *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT (self), NULL);
  return self->password;
}

const char *
plenum_document_version_get_sha256 (const PlenumDocumentVersion *version)
{
  g_return_val_if_fail (version != NULL, NULL);
  return version->sha256;
}

gint64
plenum_document_version_get_size (const PlenumDocumentVersion *version)
{
  g_return_val_if_fail (version != NULL, 0);
  return version->size;
}

int
plenum_document_version_get_pages (const PlenumDocumentVersion *version)
{
  g_return_val_if_fail (version != NULL, 0);
  return version->pages;
}

GDateTime *
plenum_document_version_get_superseded_at (const PlenumDocumentVersion *version)
{
  g_return_val_if_fail (version != NULL, NULL);
  return version->superseded_at;
}

const char *
plenum_document_version_get_password (const PlenumDocumentVersion *version)
{
  g_return_val_if_fail (version != NULL, NULL);
  return version->password;
}

guint
plenum_document_get_n_superseded (PlenumDocument *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT (self), 0);
  return self->superseded != NULL ? self->superseded->len : 0;
}

const PlenumDocumentVersion *
plenum_document_get_superseded (PlenumDocument *self,
                                guint           index)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < plenum_document_get_n_superseded (self), NULL);
  return g_ptr_array_index (self->superseded, index);
}

const PlenumDocumentVersion *
plenum_document_find_superseded (PlenumDocument *self,
                                 const char     *sha256)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT (self), NULL);

  if (self->superseded == NULL || sha256 == NULL)
    return NULL;
  return plenum_document_find_superseded_in (self->superseded, sha256);
}
