/* test-models.c — the GObject models of core/: strict reading of every protocol shape,
 * writing them back, round trips, and no leaks.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/plenum-core.h"

#include <string.h>

#include "plenum-test-util.h"

#define MEETING_ID  "0b7e2f9c-3d1a-4c56-9e8f-1a2b3c4d5e6f"
#define BODY_ID     "5f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b"
#define CHAIR_ID    "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
#define VICE_ID     "12345678-9abc-4def-8123-456789abcdef"
#define ITEM_ID     "11111111-2222-4333-8444-555555555555"
#define DOC_ID      "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
#define OP_ID       "c0ffee00-1234-4abc-8def-0123456789ab"
#define SHA_EMPTY   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA_ABC     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

/* Helpers ------------------------------------------------------------------------------- */

static cJSON *
parse_ok (const char *json)
{
  g_autoptr(GError) error = NULL;
  cJSON *root = plenum_json_parse (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

static char *
read_data (const char *name)
{
  g_autofree char *path = plenum_test_data_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

/* Prints and frees @node. */
static char *
print_take (cJSON *node)
{
  char *text;

  g_assert_nonnull (node);
  text = plenum_json_print (node);
  cJSON_Delete (node);
  return text;
}

/* @json with @key replaced by @replacement (JSON text), or removed when it is NULL. */
static char *
mutate (const char *json,
        const char *key,
        const char *replacement)
{
  g_autoptr(cJSON) root = parse_ok (json);

  cJSON_DeleteItemFromObjectCaseSensitive (root, key);
  if (replacement != NULL)
    cJSON_AddItemToObject (root, key, parse_ok (replacement));
  return plenum_json_print (root);
}

static char *
repeat (const char *piece,
        guint       times)
{
  GString *out = g_string_new (NULL);
  guint i;

  for (i = 0; i < times; i++)
    g_string_append (out, piece);
  return g_string_free (out, FALSE);
}

/* Sets *@slot to @object, and back to NULL when @object is finalized. */
static void
watch (gpointer  object,
       GObject **slot)
{
  *slot = object;
  g_object_add_weak_pointer (object, (gpointer *) slot);
}

typedef gpointer (*FromJsonFunc) (const cJSON  *node,
                                  const char   *where,
                                  GError      **error);

/* Wrappers with one signature, so that a table can name any model's reader. */
#define DEFINE_FROM_JSON(prefix) \
  static gpointer \
  prefix##_from_json_any (const cJSON *node, const char *where, GError **error) \
  { \
    return prefix##_new_from_json (node, where, error); \
  }

DEFINE_FROM_JSON (plenum_member)
DEFINE_FROM_JSON (plenum_body)
DEFINE_FROM_JSON (plenum_document)
DEFINE_FROM_JSON (plenum_agenda_item)
DEFINE_FROM_JSON (plenum_meeting)
DEFINE_FROM_JSON (plenum_packet_manifest)
DEFINE_FROM_JSON (plenum_event)

typedef struct {
  const char      *key;          /* NULL: use the JSON as it is */
  const char      *replacement;  /* NULL: remove the key */
  PlenumJsonError  code;
  const char      *message;      /* NULL: any message */
} BadCase;

/* The input, short and on one line, for the test log. */
static void
log_case (guint       index,
          const char *json)
{
  g_autofree char *prefix = g_strndup (json, 160);
  g_autofree char *escaped = g_strescape (prefix, NULL);

  g_test_message ("case %u: %s%s", index, escaped, strlen (json) > 160 ? "…" : "");
}

/* Reads every mutation of @base with @from_json under @where and checks the failure. */
static void
check_bad_cases (FromJsonFunc   from_json,
                 const char    *base,
                 const char    *where,
                 const BadCase *cases,
                 guint          n_cases)
{
  guint i;

  for (i = 0; i < n_cases; i++)
    {
      g_autofree char *json = NULL;
      g_autoptr(cJSON) root = NULL;
      g_autoptr(GError) error = NULL;
      gpointer object;

      json = cases[i].key != NULL ? mutate (base, cases[i].key, cases[i].replacement)
                                  : g_strdup (base);
      log_case (i, json);
      root = parse_ok (json);
      object = from_json (root, where, &error);
      g_assert_null (object);
      g_assert_error (error, PLENUM_JSON_ERROR, (gint) cases[i].code);
      g_test_message ("message: %s", error->message);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* Every property is readable, construct-only and explicitly notified. */
static void
check_properties (GType type)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  g_autofree GParamSpec **pspecs = NULL;
  guint n = 0, i;

  pspecs = g_object_class_list_properties (G_OBJECT_CLASS (klass), &n);
  g_assert_cmpuint (n, >, 0);
  for (i = 0; i < n; i++)
    {
      g_test_message ("%s:%s", g_type_name (type), pspecs[i]->name);
      g_assert_true (pspecs[i]->flags & G_PARAM_READABLE);
      g_assert_true (pspecs[i]->flags & G_PARAM_CONSTRUCT_ONLY);
      g_assert_true (pspecs[i]->flags & G_PARAM_EXPLICIT_NOTIFY);
    }
}

/* Members ------------------------------------------------------------------------------- */

static const char *account_json =
  "{\"id\":\"" CHAIR_ID "\",\"name\":\"nguyen.van.an\",\"display_name\":\"Nguyễn Văn An\","
  "\"role\":\"secretary\"}";

static void
test_member_account (void)
{
  g_autoptr(cJSON) root = parse_ok (account_json);
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *display_name = NULL;
  PlenumMember *member;
  PlenumRole role = PLENUM_ROLE_NONE;

  member = plenum_member_new_from_json (root, "account", &error);
  g_assert_no_error (error);
  g_assert_nonnull (member);
  g_assert_cmpstr (plenum_member_get_id (member), ==, CHAIR_ID);
  g_assert_cmpstr (plenum_member_get_name (member), ==, "nguyen.van.an");
  g_assert_cmpstr (plenum_member_get_display_name (member), ==, "Nguyễn Văn An");
  g_assert_cmpint (plenum_member_get_role (member), ==, PLENUM_ROLE_SECRETARY);
  g_assert_true (plenum_member_is_account (member));

  g_object_get (member, "role", &role, "display-name", &display_name, NULL);
  g_assert_cmpint (role, ==, PLENUM_ROLE_SECRETARY);
  g_assert_cmpstr (display_name, ==, "Nguyễn Văn An");

  printed = print_take (plenum_member_to_json (member));
  g_assert_cmpstr (printed, ==, account_json);

  g_assert_finalize_object (member);
}

static void
test_member_brief (void)
{
  const char *json = "{\"id\":\"" CHAIR_ID "\",\"display_name\":\"Trần Thị Bình\"}";
  g_autoptr(cJSON) root = parse_ok (json);
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  PlenumMember *member;

  member = plenum_member_new_from_json (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (plenum_member_get_name (member));
  g_assert_cmpint (plenum_member_get_role (member), ==, PLENUM_ROLE_NONE);
  g_assert_false (plenum_member_is_account (member));

  printed = print_take (plenum_member_to_json (member));
  g_assert_cmpstr (printed, ==, json);

  g_assert_finalize_object (member);
}

static void
test_member_roles (void)
{
  PlenumRole role = PLENUM_ROLE_NONE;

  g_assert_cmpstr (plenum_role_to_string (PLENUM_ROLE_MEMBER), ==, "member");
  g_assert_cmpstr (plenum_role_to_string (PLENUM_ROLE_SECRETARY), ==, "secretary");
  g_assert_null (plenum_role_to_string (PLENUM_ROLE_NONE));

  g_assert_true (plenum_role_from_string ("member", &role));
  g_assert_cmpint (role, ==, PLENUM_ROLE_MEMBER);
  g_assert_true (plenum_role_from_string ("secretary", &role));
  g_assert_cmpint (role, ==, PLENUM_ROLE_SECRETARY);
  g_assert_false (plenum_role_from_string ("Secretary", &role));
  g_assert_false (plenum_role_from_string ("none", &role));
  g_assert_false (plenum_role_from_string (NULL, &role));
  g_assert_cmpint (role, ==, PLENUM_ROLE_SECRETARY);
}

static void
test_member_invalid (void)
{
  g_autofree char *long_name = repeat ("ệ", PLENUM_DISPLAY_NAME_MAX_CHARS + 1);
  g_autofree char *long_name_json = g_strdup_printf ("\"%s\"", long_name);
  const BadCase cases[] = {
    { "role", NULL, PLENUM_JSON_ERROR_MISSING, "account.role: required field is missing" },
    { "name", NULL, PLENUM_JSON_ERROR_MISSING, "account.name: required field is missing" },
    { "role", "\"admin\"", PLENUM_JSON_ERROR_FORMAT,
      "account.role: expected \"member\" or \"secretary\"" },
    { "role", "\"Member\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "role", "null", PLENUM_JSON_ERROR_MISSING, NULL },
    { "role", "1", PLENUM_JSON_ERROR_TYPE, NULL },
    { "pin", "\"1234\"", PLENUM_JSON_ERROR_UNKNOWN_KEY, "account.pin: unknown field" },
    { "Display_name", "\"x\"", PLENUM_JSON_ERROR_UNKNOWN_KEY, NULL },
    { "display_name", long_name_json, PLENUM_JSON_ERROR_FORMAT,
      "account.display_name: expected 1 to 200 characters, got 201" },
    { "display_name", "\"\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "display_name", "\"a\\u0007\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "display_name", "[]", PLENUM_JSON_ERROR_TYPE,
      "account.display_name: expected a string, got an array" },
    { "display_name", NULL, PLENUM_JSON_ERROR_MISSING,
      "account.display_name: required field is missing" },
    { "id", NULL, PLENUM_JSON_ERROR_MISSING, "account.id: required field is missing" },
    { "id", "\"9A8B7C6D-5E4F-4A3B-9C2D-1E0F9A8B7C6D\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "id", "42", PLENUM_JSON_ERROR_TYPE, NULL },
  };

  check_bad_cases (plenum_member_from_json_any, account_json, "account",
                   cases, G_N_ELEMENTS (cases));

  {
    g_autoptr(cJSON) root = parse_ok ("\"member\"");
    g_autoptr(GError) error = NULL;

    g_assert_null (plenum_member_new_from_json (root, "account", &error));
    g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE);
    g_assert_cmpstr (error->message, ==, "account: expected an object, got a string");
  }
}

/* Bodies -------------------------------------------------------------------------------- */

static void
test_body_roundtrip (void)
{
  g_autofree char *file = read_data ("json/bodies.json");
  g_autoptr(cJSON) root = parse_ok (file);
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *printed = NULL;
  g_autoptr(PlenumMember) first = NULL;
  const cJSON *node;
  PlenumBody *body;
  GListModel *members;
  GObject *members_watch = NULL;

  node = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (root, "bodies"), 0);
  body = plenum_body_new_from_json (node, "bodies[0]", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plenum_body_get_id (body), ==, BODY_ID);
  g_assert_cmpstr (plenum_body_get_name (body), ==, "Ban Thường vụ Tỉnh ủy");

  members = plenum_body_get_members (body);
  g_assert_true (g_list_model_get_item_type (members) == PLENUM_TYPE_MEMBER);
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, 1);
  first = g_list_model_get_item (members, 0);
  g_assert_cmpstr (plenum_member_get_display_name (first), ==, "Nguyễn Văn An");
  g_clear_object (&first);

  original = plenum_json_print (node);
  printed = print_take (plenum_body_to_json (body));
  g_assert_cmpstr (printed, ==, original);

  watch (members, &members_watch);
  g_assert_finalize_object (body);
  g_assert_null (members_watch);
}

static void
test_body_new (void)
{
  g_autoptr(GListStore) members = g_list_store_new (PLENUM_TYPE_MEMBER);
  g_autoptr(PlenumMember) account = plenum_member_new (CHAIR_ID, "an", "An", PLENUM_ROLE_MEMBER);
  g_autoptr(PlenumMember) extra = plenum_member_new (VICE_ID, NULL, "Bình", PLENUM_ROLE_NONE);
  g_autofree char *printed = NULL;
  PlenumBody *body;
  PlenumBody *empty;

  g_list_store_append (members, account);
  body = plenum_body_new (BODY_ID, "Ban Chấp hành", G_LIST_MODEL (members));

  /* The body keeps its own list. */
  g_list_store_append (members, extra);
  g_assert_cmpuint (g_list_model_get_n_items (plenum_body_get_members (body)), ==, 1);

  /* Members are always written in the body-member shape. */
  printed = print_take (plenum_body_to_json (body));
  g_assert_cmpstr (printed, ==, "{\"id\":\"" BODY_ID "\",\"name\":\"Ban Chấp hành\","
                                "\"members\":[{\"id\":\"" CHAIR_ID "\",\"display_name\":\"An\"}]}");

  empty = plenum_body_new (BODY_ID, "Empty", NULL);
  g_assert_nonnull (plenum_body_get_members (empty));
  g_assert_cmpuint (g_list_model_get_n_items (plenum_body_get_members (empty)), ==, 0);

  g_assert_finalize_object (body);
  g_assert_finalize_object (empty);
}

static void
test_body_invalid (void)
{
  const char *base = "{\"id\":\"" BODY_ID "\",\"name\":\"Ban\",\"members\":[]}";
  g_autoptr(GString) many = g_string_new ("[");
  guint i;
  const BadCase cases[] = {
    { "members", "[{\"id\":\"" CHAIR_ID "\",\"display_name\":\"An\",\"role\":\"member\"}]",
      PLENUM_JSON_ERROR_UNKNOWN_KEY, "bodies[0].members[0].role: unknown field" },
    { "members", "[{\"id\":\"" CHAIR_ID "\",\"display_name\":\"An\",\"name\":\"An Nguyen\"}]",
      PLENUM_JSON_ERROR_FORMAT, "bodies[0].members[0].name: expected a sign-in name" },
    { "members", "[{\"id\":\"" CHAIR_ID "\",\"display_name\":\"An\"},{\"id\":\"x\","
      "\"display_name\":\"B\"}]", PLENUM_JSON_ERROR_FORMAT,
      "bodies[0].members[1].id: expected a lowercase UUID (8-4-4-4-12 hexadecimal digits)" },
    { "members", "{}", PLENUM_JSON_ERROR_TYPE,
      "bodies[0].members: expected an array, got an object" },
    { "members", "[1]", PLENUM_JSON_ERROR_TYPE,
      "bodies[0].members[0]: expected an object, got a number" },
    { "members", NULL, PLENUM_JSON_ERROR_MISSING,
      "bodies[0].members: required field is missing" },
    { "name", "\"\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "name", "\" \\t \"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "kind", "\"committee\"", PLENUM_JSON_ERROR_UNKNOWN_KEY, "bodies[0].kind: unknown field" },
  };

  check_bad_cases (plenum_body_from_json_any, base, "bodies[0]", cases, G_N_ELEMENTS (cases));

  /* More members than the limit. */
  for (i = 0; i <= PLENUM_MAX_ARRAY_ITEMS; i++)
    g_string_append_printf (many, "%s{\"id\":\"" CHAIR_ID "\",\"display_name\":\"M\"}",
                            i > 0 ? "," : "");
  g_string_append_c (many, ']');
  {
    const BadCase too_many[] = {
      { "members", many->str, PLENUM_JSON_ERROR_TOO_LARGE, "members: more than 10000 items" },
    };
    check_bad_cases (plenum_body_from_json_any, base, NULL, too_many, 1);
  }
}

/* Documents ------------------------------------------------------------------------------ */

static const char *document_json =
  "{\"id\":\"" DOC_ID "\",\"title\":\"Báo cáo ../../etc/passwd\",\"sha256\":\"" SHA_EMPTY "\","
  "\"size\":123456,\"pages\":12,\"confidential\":true,\"media_type\":\"application/pdf\"}";

static void
test_document_roundtrip (void)
{
  g_autoptr(cJSON) root = parse_ok (document_json);
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *media_type = NULL;
  PlenumDocument *document;
  PlenumDocument *again;
  gint64 size = 0;
  int pages = 0;

  document = plenum_document_new_from_json (root, "doc", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plenum_document_get_id (document), ==, DOC_ID);
  g_assert_cmpstr (plenum_document_get_title (document), ==, "Báo cáo ../../etc/passwd");
  g_assert_cmpstr (plenum_document_get_sha256 (document), ==, SHA_EMPTY);
  g_assert_cmpint (plenum_document_get_size (document), ==, 123456);
  g_assert_cmpint (plenum_document_get_pages (document), ==, 12);
  g_assert_true (plenum_document_get_confidential (document));
  g_assert_cmpstr (plenum_document_get_media_type (document), ==, "application/pdf");

  g_object_get (document, "size", &size, "pages", &pages, "media-type", &media_type, NULL);
  g_assert_cmpint (size, ==, 123456);
  g_assert_cmpint (pages, ==, 12);
  g_assert_cmpstr (media_type, ==, "application/pdf");

  printed = print_take (plenum_document_to_json (document));
  g_assert_cmpstr (printed, ==, document_json);

  /* The largest size JSON carries exactly survives the trip. */
  again = plenum_document_new (DOC_ID, "Lớn", SHA_ABC, PLENUM_JSON_MAX_SAFE_INTEGER, 0, FALSE,
                               "application/pdf");
  g_clear_pointer (&printed, g_free);
  printed = print_take (plenum_document_to_json (again));
  g_assert_nonnull (strstr (printed, "\"size\":9007199254740991,"));
  {
    g_autoptr(cJSON) back = parse_ok (printed);
    PlenumDocument *read = plenum_document_new_from_json (back, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (plenum_document_get_size (read), ==, PLENUM_JSON_MAX_SAFE_INTEGER);
    g_assert_finalize_object (read);
  }

  g_assert_finalize_object (document);
  g_assert_finalize_object (again);
}

static void
test_document_invalid (void)
{
  g_autofree char *long_title = repeat ("a", PLENUM_TITLE_MAX_CHARS + 1);
  g_autofree char *long_title_json = g_strdup_printf ("\"%s\"", long_title);
  static const char * const fields[] = {
    "id", "title", "sha256", "size", "pages", "confidential", "media_type",
  };
  const BadCase cases[] = {
    { "sha256", "\"" "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855" "\"",
      PLENUM_JSON_ERROR_FORMAT, "doc.sha256: expected 64 lowercase hexadecimal digits" },
    { "sha256", "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85\"",
      PLENUM_JSON_ERROR_FORMAT, NULL },
    { "sha256", "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85x\"",
      PLENUM_JSON_ERROR_FORMAT, NULL },
    { "size", "-1", PLENUM_JSON_ERROR_RANGE,
      "doc.size: expected an integer from 0 to 9007199254740991" },
    { "size", "1.5", PLENUM_JSON_ERROR_RANGE, "doc.size: expected an integer" },
    { "size", "9007199254740992", PLENUM_JSON_ERROR_RANGE, NULL },
    { "size", "1e300", PLENUM_JSON_ERROR_RANGE, NULL },
    { "size", "\"123\"", PLENUM_JSON_ERROR_TYPE, "doc.size: expected an integer, got a string" },
    { "pages", "-1", PLENUM_JSON_ERROR_RANGE, NULL },
    { "pages", "2147483648", PLENUM_JSON_ERROR_RANGE, NULL },
    { "pages", "true", PLENUM_JSON_ERROR_TYPE, NULL },
    { "confidential", "0", PLENUM_JSON_ERROR_TYPE,
      "doc.confidential: expected a boolean, got a number" },
    { "confidential", "\"false\"", PLENUM_JSON_ERROR_TYPE, NULL },
    { "confidential", "null", PLENUM_JSON_ERROR_MISSING,
      "doc.confidential: required field is null" },
    { "media_type", "\"application/PDF\"", PLENUM_JSON_ERROR_FORMAT,
      "doc.media_type: expected a media type such as application/pdf" },
    { "media_type", "\"pdf\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "media_type", "\"application/pdf; charset=utf-8\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "media_type", "\"application/\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "media_type", "\"/pdf\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "title", long_title_json, PLENUM_JSON_ERROR_FORMAT, NULL },
    { "title", "\"a\\nb\"", PLENUM_JSON_ERROR_FORMAT,
      "doc.title: control character U+000A is not allowed" },
    { "title", "{}", PLENUM_JSON_ERROR_TYPE, NULL },
    { "id", "null", PLENUM_JSON_ERROR_MISSING, NULL },
    { "file", "\"a.pdf\"", PLENUM_JSON_ERROR_UNKNOWN_KEY, "doc.file: unknown field" },
  };
  guint i;

  check_bad_cases (plenum_document_from_json_any, document_json, "doc",
                   cases, G_N_ELEMENTS (cases));

  /* Every field is required, and the message names it. */
  for (i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *message = g_strdup_printf ("doc.%s: required field is missing", fields[i]);
      const BadCase missing = { fields[i], NULL, PLENUM_JSON_ERROR_MISSING, message };

      check_bad_cases (plenum_document_from_json_any, document_json, "doc", &missing, 1);
    }
}

/* A password-protected PDF's document carries its password; "password" is optional. */
static void
test_document_password (void)
{
  g_autofree char *with_password = mutate (document_json, "password", "\"view\"");
  g_autofree char *with_null = mutate (document_json, "password", "null");
  g_autofree char *max_password = repeat ("x", PLENUM_DOCUMENT_PASSWORD_MAX_BYTES);
  g_autofree char *max_json = g_strdup_printf ("\"%s\"", max_password);
  g_autofree char *with_max = mutate (document_json, "password", max_json);
  g_autofree char *with_space = mutate (document_json, "password", "\"  mật khẩu  \"");
  g_autofree char *printed = NULL;
  g_autoptr(GError) error = NULL;
  PlenumDocument *document;

  {
    g_autoptr(cJSON) root = parse_ok (with_password);

    document = plenum_document_new_from_json (root, "doc", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (plenum_document_get_password (document), ==, "view");
    /* Written back only when set, after the other fields. */
    printed = print_take (plenum_document_to_json (document));
    g_assert_cmpstr (printed, ==, with_password);
    g_assert_true (g_str_has_suffix (printed, ",\"password\":\"view\"}"));
    g_assert_finalize_object (document);
  }

  /* null and absent: none, and nothing written. */
  {
    g_autoptr(cJSON) root = parse_ok (with_null);

    document = plenum_document_new_from_json (root, "doc", &error);
    g_assert_no_error (error);
    g_assert_null (plenum_document_get_password (document));
    g_clear_pointer (&printed, g_free);
    printed = print_take (plenum_document_to_json (document));
    g_assert_cmpstr (printed, ==, document_json);
    g_assert_null (strstr (printed, "password"));
    g_assert_finalize_object (document);
  }

  /* 1024 bytes, and a password of spaces around words, are fine. */
  {
    g_autoptr(cJSON) root = parse_ok (with_max);

    document = plenum_document_new_from_json (root, "doc", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (plenum_document_get_password (document), ==, max_password);
    g_assert_finalize_object (document);
  }
  {
    g_autoptr(cJSON) root = parse_ok (with_space);

    document = plenum_document_new_from_json (root, "doc", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (plenum_document_get_password (document), ==, "  mật khẩu  ");
    g_assert_finalize_object (document);
  }

  document = plenum_document_new_with_password (DOC_ID, "Mật", SHA_ABC, 3, 1, TRUE,
                                                "application/pdf", "view");
  g_assert_cmpstr (plenum_document_get_password (document), ==, "view");
  g_assert_finalize_object (document);

  g_assert_true (plenum_is_document_password ("view"));
  g_assert_true (plenum_is_document_password (" "));
  g_assert_false (plenum_is_document_password (NULL));
  g_assert_false (plenum_is_document_password (""));
  g_assert_false (plenum_is_document_password ("a\tb"));
  g_assert_false (plenum_is_document_password ("a\xc2\x85" "b")); /* U+0085 */
  g_assert_false (plenum_is_document_password ("\xff"));
}

static void
test_document_password_invalid (void)
{
  g_autofree char *long_password = repeat ("x", PLENUM_DOCUMENT_PASSWORD_MAX_BYTES + 1);
  g_autofree char *long_json = g_strdup_printf ("\"%s\"", long_password);
  /* 342 characters, 1026 bytes: the limit is in bytes. */
  g_autofree char *wide_password = repeat ("ệ", 342);
  g_autofree char *wide_json = g_strdup_printf ("\"%s\"", wide_password);
  const BadCase cases[] = {
    { "password", "\"\"", PLENUM_JSON_ERROR_FORMAT,
      "doc.password: expected a non-empty password without control characters (absent or "
      "null when the PDF needs none)" },
    { "password", "\"vi\\new\"", PLENUM_JSON_ERROR_FORMAT,
      "doc.password: expected a non-empty password without control characters (absent or "
      "null when the PDF needs none)" },
    { "password", "\"view\\u007f\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "password", long_json, PLENUM_JSON_ERROR_TOO_LARGE,
      "doc.password: expected at most 1024 bytes, got 1025" },
    { "password", wide_json, PLENUM_JSON_ERROR_TOO_LARGE,
      "doc.password: expected at most 1024 bytes, got 1026" },
    { "password", "1234", PLENUM_JSON_ERROR_TYPE,
      "doc.password: expected a string, got a number" },
    { "password", "false", PLENUM_JSON_ERROR_TYPE, NULL },
    { "password", "[\"view\"]", PLENUM_JSON_ERROR_TYPE, NULL },
    { "Password", "\"view\"", PLENUM_JSON_ERROR_UNKNOWN_KEY, "doc.Password: unknown field" },
  };

  check_bad_cases (plenum_document_from_json_any, document_json, "doc",
                   cases, G_N_ELEMENTS (cases));
}

/* Agenda items --------------------------------------------------------------------------- */

static const char *item_json =
  "{\"id\":\"" ITEM_ID "\",\"number\":\"3a\",\"title\":\"../Nhân sự\",\"closed_session\":true,"
  "\"documents\":[{\"id\":\"" DOC_ID "\",\"title\":\"Tờ trình\",\"sha256\":\"" SHA_ABC "\","
  "\"size\":3,\"pages\":1,\"confidential\":false,\"media_type\":\"application/pdf\"}]}";

static void
test_agenda_item_roundtrip (void)
{
  g_autoptr(cJSON) root = parse_ok (item_json);
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  g_autoptr(PlenumDocument) document = NULL;
  g_autoptr(GListModel) documents_prop = NULL;
  PlenumAgendaItem *item;
  PlenumAgendaItem *again;
  GListModel *documents;

  item = plenum_agenda_item_new_from_json (root, "agenda[0]", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plenum_agenda_item_get_id (item), ==, ITEM_ID);
  g_assert_cmpstr (plenum_agenda_item_get_number (item), ==, "3a");
  /* A title with "../" in it is a title, kept exactly. */
  g_assert_cmpstr (plenum_agenda_item_get_title (item), ==, "../Nhân sự");
  g_assert_true (plenum_agenda_item_get_closed_session (item));

  documents = plenum_agenda_item_get_documents (item);
  g_assert_true (g_list_model_get_item_type (documents) == PLENUM_TYPE_DOCUMENT);
  g_assert_cmpuint (g_list_model_get_n_items (documents), ==, 1);
  document = g_list_model_get_item (documents, 0);
  g_assert_cmpstr (plenum_document_get_title (document), ==, "Tờ trình");
  g_clear_object (&document);

  g_object_get (item, "documents", &documents_prop, NULL);
  g_assert_true (documents_prop == documents);
  g_clear_object (&documents_prop);

  printed = print_take (plenum_agenda_item_to_json (item));
  g_assert_cmpstr (printed, ==, item_json);

  /* And back again from what was printed. */
  {
    g_autoptr(cJSON) back = parse_ok (printed);
    g_autofree char *second = NULL;

    again = plenum_agenda_item_new_from_json (back, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (plenum_agenda_item_get_title (again), ==, "../Nhân sự");
    second = print_take (plenum_agenda_item_to_json (again));
    g_assert_cmpstr (second, ==, printed);
  }

  g_assert_finalize_object (item);
  g_assert_finalize_object (again);
}

static void
test_agenda_item_invalid (void)
{
  g_autofree char *bad_document = NULL;
  const BadCase cases[] = {
    { "number", "\"12345678901234567\"", PLENUM_JSON_ERROR_FORMAT,
      "agenda[1].number: expected 1 to 16 characters, got 17" },
    { "number", "\"\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "number", "3", PLENUM_JSON_ERROR_TYPE, NULL },
    { "closed_session", "\"false\"", PLENUM_JSON_ERROR_TYPE, NULL },
    { "closed_session", NULL, PLENUM_JSON_ERROR_MISSING,
      "agenda[1].closed_session: required field is missing" },
    { "documents", NULL, PLENUM_JSON_ERROR_MISSING,
      "agenda[1].documents: required field is missing" },
    { "documents", "null", PLENUM_JSON_ERROR_MISSING, NULL },
    { "documents", "[{}]", PLENUM_JSON_ERROR_MISSING,
      "agenda[1].documents[0].id: required field is missing" },
    { "Title", "\"x\"", PLENUM_JSON_ERROR_UNKNOWN_KEY, "agenda[1].Title: unknown field" },
  };
  g_autoptr(cJSON) root = parse_ok (item_json);
  cJSON *documents = cJSON_GetObjectItemCaseSensitive (root, "documents");
  cJSON *second = cJSON_Duplicate (cJSON_GetArrayItem (documents, 0), TRUE);

  check_bad_cases (plenum_agenda_item_from_json_any, item_json, "agenda[1]",
                   cases, G_N_ELEMENTS (cases));

  /* A bad field in the second document is named down to the field. */
  cJSON_ReplaceItemInObjectCaseSensitive (second, "pages", cJSON_CreateNumber (1.5));
  cJSON_AddItemToArray (documents, second);
  bad_document = plenum_json_print (root);
  {
    const BadCase nested = { NULL, NULL, PLENUM_JSON_ERROR_RANGE,
                             "agenda[1].documents[1].pages: expected an integer" };
    check_bad_cases (plenum_agenda_item_from_json_any, bad_document, "agenda[1]", &nested, 1);
  }
}

/* Meetings ------------------------------------------------------------------------------- */

static void
test_meeting_full (void)
{
  g_autofree char *file = read_data ("json/meeting.json");
  g_autoptr(cJSON) root = parse_ok (file);
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *printed = NULL;
  g_autoptr(PlenumAgendaItem) second = NULL;
  g_autoptr(PlenumAgendaItem) first = NULL;
  PlenumMeeting *meeting;
  PlenumMeetingStatus status = PLENUM_MEETING_STATUS_CLOSED;
  GListModel *agenda;
  GObject *agenda_watch = NULL;
  GObject *documents_watch = NULL;

  meeting = plenum_meeting_new_from_json (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (meeting);

  g_assert_cmpstr (plenum_meeting_get_id (meeting), ==, MEETING_ID);
  g_assert_cmpstr (plenum_meeting_get_body_id (meeting), ==, BODY_ID);
  g_assert_cmpstr (plenum_meeting_get_title (meeting), ==,
                   "Hội nghị Ban Thường vụ Tỉnh ủy tháng 12");
  g_assert_cmpstr (plenum_meeting_get_location (meeting), ==, "Phòng họp số 1");
  g_assert_cmpstr (plenum_meeting_get_chair_id (meeting), ==, CHAIR_ID);
  g_assert_null (plenum_meeting_get_vice_chair_id (meeting));
  g_assert_cmpint (plenum_meeting_get_status (meeting), ==, PLENUM_MEETING_STATUS_SCHEDULED);
  g_assert_cmpint (plenum_meeting_get_packet_version (meeting), ==, 3);
  g_assert_cmpint (g_date_time_to_unix (plenum_meeting_get_starts_at (meeting)), ==, 1796086800);
  g_assert_cmpint (g_date_time_to_unix (plenum_meeting_get_updated_at (meeting)), ==, 1795802400);

  g_object_get (meeting, "status", &status, NULL);
  g_assert_cmpint (status, ==, PLENUM_MEETING_STATUS_SCHEDULED);

  g_assert_true (plenum_meeting_has_agenda (meeting));
  agenda = plenum_meeting_get_agenda (meeting);
  g_assert_nonnull (agenda);
  g_assert_true (g_list_model_get_item_type (agenda) == PLENUM_TYPE_AGENDA_ITEM);
  g_assert_cmpuint (g_list_model_get_n_items (agenda), ==, 2);
  second = g_list_model_get_item (agenda, 1);
  g_assert_cmpstr (plenum_agenda_item_get_number (second), ==, "3a");
  g_assert_cmpstr (plenum_agenda_item_get_title (second), ==, "../Nhân sự");
  g_assert_cmpuint (g_list_model_get_n_items (plenum_agenda_item_get_documents (second)), ==, 0);
  g_clear_object (&second);

  /* Watched, to see that the meeting frees what it holds, not only itself. */
  first = g_list_model_get_item (agenda, 0);
  watch (agenda, &agenda_watch);
  watch (plenum_agenda_item_get_documents (first), &documents_watch);
  g_clear_object (&first);

  /* Written back, it is the same document, field for field and in the same order. */
  original = plenum_json_print (root);
  printed = print_take (plenum_meeting_to_json (meeting));
  g_assert_cmpstr (printed, ==, original);

  g_assert_finalize_object (meeting);
  g_assert_null (agenda_watch);
  g_assert_null (documents_watch);
}

static void
test_meeting_summary (void)
{
  g_autofree char *file = read_data ("json/meeting.json");
  g_autofree char *summary_json = mutate (file, "agenda", NULL);
  g_autoptr(cJSON) root = parse_ok (summary_json);
  g_autoptr(cJSON) full_root = parse_ok (file);
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *summary_of_full = NULL;
  PlenumMeeting *summary;
  PlenumMeeting *full;

  summary = plenum_meeting_new_from_json (root, "meetings[0]", &error);
  g_assert_no_error (error);
  g_assert_false (plenum_meeting_has_agenda (summary));
  g_assert_null (plenum_meeting_get_agenda (summary));

  printed = print_take (plenum_meeting_to_json (summary));
  g_assert_cmpstr (printed, ==, summary_json);
  g_assert_null (strstr (printed, "agenda"));

  /* The summary of a full meeting leaves the agenda out. */
  full = plenum_meeting_new_from_json (full_root, NULL, &error);
  g_assert_no_error (error);
  summary_of_full = print_take (plenum_meeting_to_summary_json (full));
  g_assert_cmpstr (summary_of_full, ==, summary_json);

  g_assert_finalize_object (summary);
  g_assert_finalize_object (full);
}

/* Issue #8: a revised document lists the versions it replaced, newest first; read and
 * written back as they came, and a document without the list (a stored meeting from
 * before revisions) is written back without it. */
static void
test_document_superseded (void)
{
  static const char *json =
    "{\"id\":\"" DOC_ID "\",\"title\":\"Tờ trình\",\"sha256\":\"" SHA_ABC "\","
    "\"size\":10,\"pages\":3,\"confidential\":false,\"media_type\":\"application/pdf\","
    "\"superseded\":[{\"sha256\":\"" SHA_EMPTY "\",\"size\":7,\"pages\":2,"
    "\"superseded_at\":\"2026-11-27T18:00:00Z\",\"password\":\"cũ\"}]}";
  g_autoptr(cJSON) root = parse_ok (json);
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *at = NULL;
  const PlenumDocumentVersion *version;
  PlenumDocument *document;

  document = plenum_document_new_from_json (root, "doc", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_document_get_n_superseded (document), ==, 1);
  version = plenum_document_get_superseded (document, 0);
  g_assert_cmpstr (plenum_document_version_get_sha256 (version), ==, SHA_EMPTY);
  g_assert_cmpint (plenum_document_version_get_size (version), ==, 7);
  g_assert_cmpint (plenum_document_version_get_pages (version), ==, 2);
  g_assert_cmpstr (plenum_document_version_get_password (version), ==, "cũ");
  at = g_date_time_format_iso8601 (plenum_document_version_get_superseded_at (version));
  g_assert_cmpstr (at, ==, "2026-11-27T18:00:00Z");
  g_assert_true (plenum_document_find_superseded (document, SHA_EMPTY) == version);
  g_assert_null (plenum_document_find_superseded (document, SHA_ABC));
  printed = print_take (plenum_document_to_json (document));
  g_assert_cmpstr (printed, ==, json);
  g_assert_finalize_object (document);

  /* Without the list: none, and none written. */
  {
    g_autoptr(cJSON) plain = parse_ok (document_json);
    g_autofree char *back = NULL;

    document = plenum_document_new_from_json (plain, "doc", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (plenum_document_get_n_superseded (document), ==, 0);
    back = print_take (plenum_document_to_json (document));
    g_assert_null (strstr (back, "superseded"));
    g_assert_finalize_object (document);
  }

  /* An empty list stays an empty list. */
  {
    g_autofree char *empty = mutate (document_json, "superseded", "[]");
    g_autoptr(cJSON) node = parse_ok (empty);
    g_autofree char *back = NULL;

    document = plenum_document_new_from_json (node, "doc", &error);
    g_assert_no_error (error);
    back = print_take (plenum_document_to_json (document));
    g_assert_cmpstr (back, ==, empty);
    g_assert_finalize_object (document);
  }

  /* Refused: a version that is the current one, one listed twice, a bad field. */
  {
    static const char * const bad[] = {
      "[{\"sha256\":\"" SHA_EMPTY "\",\"size\":1,\"pages\":1,\"superseded_at\":\"2026-11-27T18:00:00Z\"}]",
      "[{\"sha256\":\"" SHA_ABC "\",\"size\":1,\"pages\":1,\"superseded_at\":\"2026-11-27T18:00:00Z\"},"
      " {\"sha256\":\"" SHA_ABC "\",\"size\":1,\"pages\":1,\"superseded_at\":\"2026-11-27T18:00:00Z\"}]",
      "[{\"sha256\":\"" SHA_ABC "\",\"size\":-1,\"pages\":1,\"superseded_at\":\"2026-11-27T18:00:00Z\"}]",
      "[{\"sha256\":\"" SHA_ABC "\",\"size\":1,\"pages\":1}]",
      "[{\"sha256\":\"" SHA_ABC "\",\"size\":1,\"pages\":1,\"superseded_at\":\"2026-11-27T18:00:00Z\",\"x\":1}]",
      "{}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *text = mutate (document_json, "superseded", bad[i]);
        g_autoptr(cJSON) node = parse_ok (text);
        g_autoptr(GError) bad_error = NULL;

        /* document_json's own hash is SHA_EMPTY. */
        g_assert_null (plenum_document_new_from_json (node, "doc", &bad_error));
        /* First: with no error, g_assert_error() would read bad_error->code for its
         * message and crash instead of failing. */
        g_assert_nonnull (bad_error);
        g_assert_error (bad_error, PLENUM_JSON_ERROR, bad_error->code);
        g_assert_nonnull (strstr (bad_error->message, "doc.superseded"));
      }
  }
}

/* Issue #8: the body's lease in a MeetingSummary: optional, kept as read. */
static void
test_meeting_lease (void)
{
  g_autofree char *file = read_data ("json/meeting.json");
  g_autofree char *with_lease = mutate (file, "agenda", NULL);  /* a summary */
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  PlenumMeeting *meeting;

  /* Without: no lease, and none written. */
  root = parse_ok (with_lease);
  meeting = plenum_meeting_new_from_json (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plenum_meeting_get_lease_seconds (meeting), ==, 0);
  printed = print_take (plenum_meeting_to_json (meeting));
  g_assert_null (strstr (printed, "lease_seconds"));
  g_assert_finalize_object (meeting);
  g_clear_pointer (&printed, g_free);
  g_clear_pointer (&root, cJSON_Delete);

  /* With: read, and written back in both forms. */
  {
    g_autofree char *text = mutate (with_lease, "lease_seconds", "604800");
    g_autofree char *summary = NULL;

    root = parse_ok (text);
    meeting = plenum_meeting_new_from_json (root, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (plenum_meeting_get_lease_seconds (meeting), ==, 604800);
    printed = print_take (plenum_meeting_to_json (meeting));
    g_assert_cmpstr (printed, ==, text);
    summary = print_take (plenum_meeting_to_summary_json (meeting));
    g_assert_nonnull (strstr (summary, "\"lease_seconds\":604800"));
    g_assert_finalize_object (meeting);
    g_clear_pointer (&root, cJSON_Delete);
  }

  /* Out of range: refused, naming the field. */
  {
    static const char * const bad[] = { "-1", "31536001", "\"60\"", "1.5" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *text = mutate (with_lease, "lease_seconds", bad[i]);
        g_autoptr(cJSON) node = parse_ok (text);
        g_autoptr(GError) bad_error = NULL;

        g_assert_null (plenum_meeting_new_from_json (node, "m", &bad_error));
        g_assert_nonnull (bad_error);
        g_assert_nonnull (strstr (bad_error->message, "m.lease_seconds"));
      }
  }
}

static void
test_meeting_empty_agenda (void)
{
  g_autofree char *file = read_data ("json/meeting.json");
  g_autofree char *json = mutate (file, "agenda", "[]");
  g_autoptr(cJSON) root = parse_ok (json);
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  PlenumMeeting *meeting;

  meeting = plenum_meeting_new_from_json (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (plenum_meeting_has_agenda (meeting));
  g_assert_cmpuint (g_list_model_get_n_items (plenum_meeting_get_agenda (meeting)), ==, 0);

  printed = print_take (plenum_meeting_to_json (meeting));
  g_assert_nonnull (strstr (printed, ",\"agenda\":[]}"));

  g_assert_finalize_object (meeting);
}

static void
test_meeting_status (void)
{
  static const struct {
    PlenumMeetingStatus  status;
    const char          *text;
  } names[] = {
    { PLENUM_MEETING_STATUS_SCHEDULED, "scheduled" },
    { PLENUM_MEETING_STATUS_IN_PROGRESS, "in_progress" },
    { PLENUM_MEETING_STATUS_CLOSED, "closed" },
  };
  static const char * const bad[] = { "open", "Scheduled", "in-progress", "", " closed", NULL };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      PlenumMeetingStatus status = (PlenumMeetingStatus) 99;

      g_assert_cmpstr (plenum_meeting_status_to_string (names[i].status), ==, names[i].text);
      g_assert_true (plenum_meeting_status_from_string (names[i].text, &status));
      g_assert_cmpint (status, ==, names[i].status);
    }

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      PlenumMeetingStatus status = PLENUM_MEETING_STATUS_CLOSED;

      g_assert_false (plenum_meeting_status_from_string (bad[i], &status));
      g_assert_cmpint (status, ==, PLENUM_MEETING_STATUS_CLOSED);
    }
}

static void
test_meeting_invalid (void)
{
  g_autofree char *file = read_data ("json/meeting.json");
  g_autofree char *summary = mutate (file, "agenda", NULL);
  g_autofree char *long_location = repeat ("ơ", PLENUM_LOCATION_MAX_CHARS + 1);
  g_autofree char *long_location_json = g_strdup_printf ("\"%s\"", long_location);
  const BadCase cases[] = {
    { "status", "\"cancelled\"", PLENUM_JSON_ERROR_FORMAT,
      "status: expected \"scheduled\", \"in_progress\" or \"closed\"" },
    { "status", "1", PLENUM_JSON_ERROR_TYPE, NULL },
    { "location", NULL, PLENUM_JSON_ERROR_MISSING, "location: required field is missing" },
    { "vice_chair_id", NULL, PLENUM_JSON_ERROR_MISSING,
      "vice_chair_id: required field is missing" },
    { "vice_chair_id", "\"\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "location", long_location_json, PLENUM_JSON_ERROR_FORMAT,
      "location: expected 1 to 200 characters, got 201" },
    { "location", "\"\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "packet_version", "-1", PLENUM_JSON_ERROR_RANGE, NULL },
    { "packet_version", "3.5", PLENUM_JSON_ERROR_RANGE, "packet_version: expected an integer" },
    { "packet_version", "null", PLENUM_JSON_ERROR_MISSING, NULL },
    { "updated_at", "\"2026-11-27 18:00:00\"", PLENUM_JSON_ERROR_FORMAT,
      "updated_at: expected an RFC 3339 time such as 2026-12-01T08:00:00Z" },
    { "starts_at", "\"2026-02-30T08:00:00Z\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "starts_at", NULL, PLENUM_JSON_ERROR_MISSING, "starts_at: required field is missing" },
    { "chair_id", "\"" CHAIR_ID "\\n\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "body_id", "null", PLENUM_JSON_ERROR_MISSING, NULL },
    { "title", "\"   \"", PLENUM_JSON_ERROR_FORMAT, "title: expected text, got only white space" },
    { "agenda", "{}", PLENUM_JSON_ERROR_TYPE, "agenda: expected an array, got an object" },
    { "agenda", "[null]", PLENUM_JSON_ERROR_TYPE, "agenda[0]: expected an object, got null" },
    { "etag", "\"x\"", PLENUM_JSON_ERROR_UNKNOWN_KEY, "etag: unknown field" },
  };

  check_bad_cases (plenum_meeting_from_json_any, summary, NULL, cases, G_N_ELEMENTS (cases));
}

static void
test_meeting_nested_error (void)
{
  g_autofree char *file = read_data ("json/meeting.json");
  g_autoptr(cJSON) root = parse_ok (file);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  cJSON *agenda = cJSON_GetObjectItemCaseSensitive (root, "agenda");
  cJSON *third = cJSON_Duplicate (cJSON_GetArrayItem (agenda, 0), TRUE);
  cJSON *document = cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (third, "documents"), 0);
  const BadCase nested = { NULL, NULL, PLENUM_JSON_ERROR_FORMAT,
                           "agenda[2].documents[0].sha256: expected 64 lowercase hexadecimal "
                           "digits" };

  cJSON_ReplaceItemInObjectCaseSensitive (document, "sha256", cJSON_CreateString (
    "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"));
  cJSON_AddItemToArray (agenda, third);
  json = plenum_json_print (root);

  check_bad_cases (plenum_meeting_from_json_any, json, NULL, &nested, 1);
}

static void
test_meeting_new (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (7 * 3600);
  g_autoptr(GDateTime) starts_at = g_date_time_new (zone, 2026, 12, 1, 8, 0, 0);
  g_autoptr(GDateTime) updated_at = g_date_time_new_utc (2026, 11, 27, 18, 0, 0);
  g_autoptr(GListStore) agenda = g_list_store_new (PLENUM_TYPE_AGENDA_ITEM);
  g_autoptr(GListStore) documents = g_list_store_new (PLENUM_TYPE_DOCUMENT);
  g_autoptr(PlenumDocument) document = NULL;
  g_autoptr(PlenumAgendaItem) item = NULL;
  g_autoptr(cJSON) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *second = NULL;
  PlenumMeeting *meeting;
  PlenumMeeting *again;

  document = plenum_document_new (DOC_ID, "Dự thảo ../", SHA_ABC, 3, 1, TRUE, "application/pdf");
  g_list_store_append (documents, document);
  item = plenum_agenda_item_new (ITEM_ID, "1", "Khai mạc", FALSE, G_LIST_MODEL (documents));
  g_list_store_append (agenda, item);

  meeting = plenum_meeting_new (MEETING_ID, BODY_ID, "Họp thường kỳ", starts_at, NULL, CHAIR_ID,
                                VICE_ID, PLENUM_MEETING_STATUS_IN_PROGRESS, 0, updated_at,
                                G_LIST_MODEL (agenda));

  /* Changing the caller's lists afterwards changes nothing in the meeting. */
  g_list_store_remove_all (agenda);
  g_list_store_remove_all (documents);
  g_assert_cmpuint (g_list_model_get_n_items (plenum_meeting_get_agenda (meeting)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (plenum_agenda_item_get_documents (item)), ==, 1);

  /* Times are kept in UTC. */
  g_assert_cmpint (g_date_time_get_utc_offset (plenum_meeting_get_starts_at (meeting)), ==, 0);
  g_assert_cmpint (g_date_time_get_hour (plenum_meeting_get_starts_at (meeting)), ==, 1);

  printed = print_take (plenum_meeting_to_json (meeting));
  g_assert_cmpstr (printed, ==,
                   "{\"id\":\"" MEETING_ID "\",\"body_id\":\"" BODY_ID "\","
                   "\"title\":\"Họp thường kỳ\",\"starts_at\":\"2026-12-01T01:00:00Z\","
                   "\"location\":null,\"chair_id\":\"" CHAIR_ID "\","
                   "\"vice_chair_id\":\"" VICE_ID "\",\"status\":\"in_progress\","
                   "\"packet_version\":0,\"updated_at\":\"2026-11-27T18:00:00Z\","
                   "\"agenda\":[{\"id\":\"" ITEM_ID "\",\"number\":\"1\",\"title\":\"Khai mạc\","
                   "\"closed_session\":false,\"documents\":[{\"id\":\"" DOC_ID "\","
                   "\"title\":\"Dự thảo ../\",\"sha256\":\"" SHA_ABC "\",\"size\":3,"
                   "\"pages\":1,\"confidential\":true,\"media_type\":\"application/pdf\"}]}]}");

  back = parse_ok (printed);
  again = plenum_meeting_new_from_json (back, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (plenum_meeting_get_location (again));
  g_assert_cmpstr (plenum_meeting_get_vice_chair_id (again), ==, VICE_ID);
  g_assert_cmpint (plenum_meeting_get_status (again), ==, PLENUM_MEETING_STATUS_IN_PROGRESS);
  second = print_take (plenum_meeting_to_json (again));
  g_assert_cmpstr (second, ==, printed);

  g_clear_object (&item);
  g_clear_object (&document);
  g_assert_finalize_object (meeting);
  g_assert_finalize_object (again);
}

/* Packet manifests ----------------------------------------------------------------------- */

static void
test_manifest_file (void)
{
  g_autofree char *file = read_data ("json/packet-manifest.json");
  g_autoptr(cJSON) root = parse_ok (file);
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *starts_at = NULL;
  const PlenumPacketManifestItem *item;
  const PlenumPacketManifestDocument *document;
  PlenumPacketManifest *manifest;

  manifest = plenum_packet_manifest_new_from_json (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plenum_packet_manifest_get_operation_id (manifest), ==, OP_ID);
  g_assert_cmpstr (plenum_packet_manifest_get_body_id (manifest), ==, BODY_ID);
  g_assert_cmpstr (plenum_packet_manifest_get_title (manifest), ==,
                   "Hội nghị Ban Thường vụ Tỉnh ủy tháng 12");
  g_assert_cmpstr (plenum_packet_manifest_get_location (manifest), ==, "Phòng họp số 1");
  g_assert_cmpstr (plenum_packet_manifest_get_chair_id (manifest), ==, CHAIR_ID);
  g_assert_null (plenum_packet_manifest_get_vice_chair_id (manifest));
  starts_at = plenum_time_format (plenum_packet_manifest_get_starts_at (manifest));
  g_assert_cmpstr (starts_at, ==, "2026-12-01T01:00:00Z");

  g_assert_cmpuint (plenum_packet_manifest_get_n_items (manifest), ==, 2);
  item = plenum_packet_manifest_get_item (manifest, 0);
  g_assert_cmpstr (item->number, ==, "1");
  g_assert_cmpstr (item->title, ==, "Báo cáo");
  g_assert_false (item->closed_session);
  g_assert_cmpuint (item->documents->len, ==, 1);
  document = g_ptr_array_index (item->documents, 0);
  g_assert_cmpstr (document->title, ==, "Báo cáo chính");
  g_assert_cmpstr (document->sha256, ==, SHA_ABC);
  g_assert_false (document->confidential);
  item = plenum_packet_manifest_get_item (manifest, 1);
  g_assert_cmpstr (item->number, ==, "2");
  g_assert_true (item->closed_session);
  g_assert_cmpuint (item->documents->len, ==, 0);

  /* Written back: the same, with the start time in UTC. */
  printed = print_take (plenum_packet_manifest_to_json (manifest));
  g_assert_nonnull (strstr (printed, "\"starts_at\":\"2026-12-01T01:00:00Z\""));
  {
    g_autofree char *expected = NULL;
    cJSON *meeting = cJSON_GetObjectItemCaseSensitive (root, "meeting");

    cJSON_ReplaceItemInObjectCaseSensitive (meeting, "starts_at",
                                            cJSON_CreateString ("2026-12-01T01:00:00Z"));
    expected = plenum_json_print (root);
    g_assert_cmpstr (printed, ==, expected);
  }

  g_assert_finalize_object (manifest);
}

static void
test_manifest_build (void)
{
  g_autoptr(GDateTime) starts_at = g_date_time_new_utc (2026, 12, 1, 1, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) back = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *second = NULL;
  PlenumPacketManifest *manifest;
  PlenumPacketManifest *again;

  manifest = plenum_packet_manifest_new (OP_ID, BODY_ID, "Họp ../..", starts_at, "Phòng 2",
                                         CHAIR_ID, VICE_ID);
  g_assert_cmpuint (plenum_packet_manifest_get_n_items (manifest), ==, 0);

  g_assert_true (plenum_packet_manifest_add_item (manifest, "1", "Mở đầu", FALSE, &error));
  g_assert_no_error (error);
  plenum_packet_manifest_add_document (manifest, 0, "../../secret.pdf", SHA_ABC, TRUE);
  plenum_packet_manifest_add_document (manifest, 0, "Phụ lục", SHA_EMPTY, FALSE);
  g_assert_true (plenum_packet_manifest_add_item (manifest, "2", "Kết luận", TRUE, &error));

  /* Two items may not share a number. */
  g_assert_false (plenum_packet_manifest_add_item (manifest, "1", "Again", FALSE, &error));
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_DUPLICATE_KEY);
  g_assert_cmpstr (error->message, ==, "items[2].number: “1” is already the number of items[0]");
  g_clear_error (&error);
  g_assert_cmpuint (plenum_packet_manifest_get_n_items (manifest), ==, 2);

  printed = print_take (plenum_packet_manifest_to_json (manifest));
  g_assert_cmpstr (printed, ==,
                   "{\"operation_id\":\"" OP_ID "\",\"meeting\":{\"body_id\":\"" BODY_ID "\","
                   "\"title\":\"Họp ../..\",\"starts_at\":\"2026-12-01T01:00:00Z\","
                   "\"location\":\"Phòng 2\",\"chair_id\":\"" CHAIR_ID "\","
                   "\"vice_chair_id\":\"" VICE_ID "\"},\"items\":[{\"number\":\"1\","
                   "\"title\":\"Mở đầu\",\"closed_session\":false,\"documents\":["
                   "{\"title\":\"../../secret.pdf\",\"sha256\":\"" SHA_ABC "\","
                   "\"confidential\":true},"
                   "{\"title\":\"Phụ lục\",\"sha256\":\"" SHA_EMPTY "\",\"confidential\":false}]},"
                   "{\"number\":\"2\",\"title\":\"Kết luận\",\"closed_session\":true,"
                   "\"documents\":[]}]}");

  back = parse_ok (printed);
  again = plenum_packet_manifest_new_from_json (back, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((PlenumPacketManifestDocument *) g_ptr_array_index (
                      plenum_packet_manifest_get_item (again, 0)->documents, 0))->title,
                   ==, "../../secret.pdf");
  second = print_take (plenum_packet_manifest_to_json (again));
  g_assert_cmpstr (second, ==, printed);

  g_assert_finalize_object (manifest);
  g_assert_finalize_object (again);
}

/* A manifest's document may carry the password of its PDF; written only when set. */
static void
test_manifest_password (void)
{
  g_autoptr(GDateTime) starts_at = g_date_time_new_utc (2026, 12, 1, 1, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) back = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *second = NULL;
  const PlenumPacketManifestItem *item;
  const PlenumPacketManifestDocument *document;
  PlenumPacketManifest *manifest;
  PlenumPacketManifest *again;

  manifest = plenum_packet_manifest_new (OP_ID, BODY_ID, "Họp", starts_at, NULL, CHAIR_ID,
                                         NULL);
  g_assert_true (plenum_packet_manifest_add_item (manifest, "1", "Mật", FALSE, &error));
  g_assert_no_error (error);
  plenum_packet_manifest_add_document_with_password (manifest, 0, "Mật", SHA_ABC, TRUE, "view");
  plenum_packet_manifest_add_document_with_password (manifest, 0, "Công khai", SHA_EMPTY, FALSE,
                                                     NULL);

  printed = print_take (plenum_packet_manifest_to_json (manifest));
  g_assert_nonnull (strstr (printed,
                            "{\"title\":\"Mật\",\"sha256\":\"" SHA_ABC "\","
                            "\"confidential\":true,\"password\":\"view\"},"
                            "{\"title\":\"Công khai\",\"sha256\":\"" SHA_EMPTY "\","
                            "\"confidential\":false}]"));

  back = parse_ok (printed);
  again = plenum_packet_manifest_new_from_json (back, NULL, &error);
  g_assert_no_error (error);
  item = plenum_packet_manifest_get_item (again, 0);
  document = g_ptr_array_index (item->documents, 0);
  g_assert_cmpstr (document->password, ==, "view");
  document = g_ptr_array_index (item->documents, 1);
  g_assert_null (document->password);
  second = print_take (plenum_packet_manifest_to_json (again));
  g_assert_cmpstr (second, ==, printed);

  g_assert_finalize_object (manifest);
  g_assert_finalize_object (again);
}

static const char *manifest_base =
  "{\"operation_id\":\"" OP_ID "\",\"meeting\":{\"body_id\":\"" BODY_ID "\",\"title\":\"Họp\","
  "\"starts_at\":\"2026-12-01T01:00:00Z\",\"chair_id\":\"" CHAIR_ID "\"},\"items\":[]}";

static void
test_manifest_empty (void)
{
  g_autoptr(cJSON) root = parse_ok (manifest_base);
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  PlenumPacketManifest *manifest;

  /* No items yet, no location, no vice-chair: all legal. */
  manifest = plenum_packet_manifest_new_from_json (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plenum_packet_manifest_get_n_items (manifest), ==, 0);
  g_assert_null (plenum_packet_manifest_get_location (manifest));
  g_assert_null (plenum_packet_manifest_get_vice_chair_id (manifest));

  printed = print_take (plenum_packet_manifest_to_json (manifest));
  g_assert_nonnull (strstr (printed, "\"location\":null,"));
  g_assert_nonnull (strstr (printed, "\"vice_chair_id\":null},\"items\":[]}"));

  g_assert_finalize_object (manifest);
}

static void
test_manifest_invalid (void)
{
  const char *item = "{\"number\":\"1\",\"title\":\"A\",\"closed_session\":false,\"documents\":[]}";
  const char *item2 =
    "{\"number\":\"2\",\"title\":\"B\",\"closed_session\":false,\"documents\":[]}";
  g_autofree char *duplicates = g_strdup_printf ("[%s,%s,%s]", item, item2, item);
  g_autofree char *with_file = g_strdup_printf (
    "[%s,{\"number\":\"2\",\"title\":\"B\",\"closed_session\":false,\"documents\":"
    "[{\"title\":\"T\",\"sha256\":\"" SHA_ABC "\",\"confidential\":false,\"file\":\"a.pdf\"}]}]",
    item);
  g_autofree char *long_password = repeat ("p", PLENUM_DOCUMENT_PASSWORD_MAX_BYTES + 1);
  g_autofree char *long_password_item = g_strdup_printf (
    "[{\"number\":\"1\",\"title\":\"A\",\"closed_session\":false,\"documents\":"
    "[{\"title\":\"T\",\"sha256\":\"" SHA_ABC "\",\"confidential\":false,"
    "\"password\":\"%s\"}]}]", long_password);
  const BadCase cases[] = {
    { "items", duplicates, PLENUM_JSON_ERROR_DUPLICATE_KEY,
      "items[2].number: “1” is already the number of items[0]" },
    { "items", with_file, PLENUM_JSON_ERROR_UNKNOWN_KEY,
      "items[1].documents[0].file: unknown field" },
    { "items", "[{\"number\":\"1\",\"title\":\"A\",\"closed_session\":false}]",
      PLENUM_JSON_ERROR_MISSING, "items[0].documents: required field is missing" },
    { "items", "[{\"number\":\"1\",\"title\":\"A\",\"closed_session\":false,\"documents\":"
      "[{\"title\":\"T\",\"sha256\":\"" SHA_ABC "\"}]}]",
      PLENUM_JSON_ERROR_MISSING, "items[0].documents[0].confidential: required field is missing" },
    { "items", "[{\"number\":\"12345678901234567\",\"title\":\"A\",\"closed_session\":false,"
      "\"documents\":[]}]", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "items", NULL, PLENUM_JSON_ERROR_MISSING, "items: required field is missing" },
    { "items", "{}", PLENUM_JSON_ERROR_TYPE, NULL },
    { "meeting", NULL, PLENUM_JSON_ERROR_MISSING, "meeting: required field is missing" },
    { "meeting", "[]", PLENUM_JSON_ERROR_TYPE, "meeting: expected an object, got an array" },
    { "meeting", "{\"id\":\"" MEETING_ID "\",\"body_id\":\"" BODY_ID "\",\"title\":\"Họp\","
      "\"starts_at\":\"2026-12-01T01:00:00Z\",\"chair_id\":\"" CHAIR_ID "\"}",
      PLENUM_JSON_ERROR_UNKNOWN_KEY, "meeting.id: unknown field" },
    { "meeting", "{\"body_id\":\"" BODY_ID "\",\"title\":\"Họp\","
      "\"starts_at\":\"2026-12-01T01:00:00Z\"}",
      PLENUM_JSON_ERROR_MISSING, "meeting.chair_id: required field is missing" },
    { "meeting", "{\"body_id\":\"" BODY_ID "\",\"title\":\"Họp\","
      "\"starts_at\":\"2026-12-01\",\"chair_id\":\"" CHAIR_ID "\"}",
      PLENUM_JSON_ERROR_FORMAT, NULL },
    { "operation_id", "\"not-a-uuid\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "operation_id", NULL, PLENUM_JSON_ERROR_MISSING, "operation_id: required field is missing" },
    { "version", "1", PLENUM_JSON_ERROR_UNKNOWN_KEY, "version: unknown field" },
    { "items", "[{\"number\":\"1\",\"title\":\"A\",\"closed_session\":false,\"documents\":"
      "[{\"title\":\"T\",\"sha256\":\"" SHA_ABC "\",\"confidential\":false,"
      "\"password\":\"\"}]}]",
      PLENUM_JSON_ERROR_FORMAT,
      "items[0].documents[0].password: expected a non-empty password without control "
      "characters (absent or null when the PDF needs none)" },
    { "items", "[{\"number\":\"1\",\"title\":\"A\",\"closed_session\":false,\"documents\":"
      "[{\"title\":\"T\",\"sha256\":\"" SHA_ABC "\",\"confidential\":false,"
      "\"password\":42}]}]",
      PLENUM_JSON_ERROR_TYPE, "items[0].documents[0].password: expected a string, got a number" },
    { "items", long_password_item, PLENUM_JSON_ERROR_TOO_LARGE,
      "items[0].documents[0].password: expected at most 1024 bytes, got 1025" },
  };

  check_bad_cases (plenum_packet_manifest_from_json_any, manifest_base, NULL,
                   cases, G_N_ELEMENTS (cases));
}

/* Events -------------------------------------------------------------------------------- */

static void
test_event_file (void)
{
  g_autofree char *file = read_data ("json/event.json");
  g_autoptr(cJSON) root = parse_ok (file);
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *time = NULL;
  gint64 version = 0;
  PlenumEvent *event;

  event = plenum_event_new_from_json (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plenum_event_get_seq (event), ==, 42);
  g_assert_cmpstr (plenum_event_get_event_type (event), ==, PLENUM_EVENT_PACKET_PUBLISHED);
  g_assert_cmpstr (plenum_event_get_meeting_id (event), ==, MEETING_ID);
  time = plenum_time_format (plenum_event_get_time (event));
  g_assert_cmpstr (time, ==, "2026-11-27T18:00:00Z");
  g_assert_true (plenum_json_get_int64 (plenum_event_get_data (event), "data", "packet_version",
                                        PLENUM_JSON_REQUIRED, 0, G_MAXINT64, &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version, ==, 3);

  printed = print_take (plenum_event_to_json (event));
  g_strchomp (file);
  g_assert_cmpstr (printed, ==, file);

  g_assert_finalize_object (event);
}

static void
test_event_reset (void)
{
  const char *without = "{\"seq\":100,\"type\":\"reset\",\"time\":\"2026-11-27T18:00:00Z\","
                        "\"data\":{}}";
  const char *with_null = "{\"seq\":100,\"type\":\"reset\",\"time\":\"2026-11-27T18:00:00Z\","
                          "\"meeting_id\":null,\"data\":{}}";
  g_autoptr(cJSON) root = parse_ok (without);
  g_autoptr(cJSON) root_null = parse_ok (with_null);
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;
  PlenumEvent *event;
  PlenumEvent *event_null;

  event = plenum_event_new_from_json (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (plenum_event_get_meeting_id (event));
  g_assert_cmpstr (plenum_event_get_event_type (event), ==, PLENUM_EVENT_RESET);

  event_null = plenum_event_new_from_json (root_null, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (plenum_event_get_meeting_id (event_null));

  printed = print_take (plenum_event_to_json (event));
  g_assert_cmpstr (printed, ==, with_null);

  g_assert_finalize_object (event);
  g_assert_finalize_object (event_null);
}

static void
test_event_data_copy (void)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 11, 27, 18, 0, 0);
  g_autoptr(cJSON) data = parse_ok ("{\"packet_version\":3}");
  g_autofree char *printed = NULL;
  PlenumEvent *event;
  PlenumEvent *empty;

  event = plenum_event_new (7, PLENUM_EVENT_PACKET_PUBLISHED, time, MEETING_ID, data);
  cJSON_ReplaceItemInObjectCaseSensitive (data, "packet_version", cJSON_CreateNumber (4));
  g_assert_false (plenum_event_get_data (event) == data);
  g_assert_cmpfloat (cJSON_GetObjectItemCaseSensitive (plenum_event_get_data (event),
                                                       "packet_version")->valuedouble, ==, 3);

  empty = plenum_event_new (8, PLENUM_EVENT_MEETING_UPDATED, time, NULL, NULL);
  g_assert_true (cJSON_IsObject (plenum_event_get_data (empty)));
  printed = print_take (plenum_event_to_json (empty));
  g_assert_cmpstr (printed, ==, "{\"seq\":8,\"type\":\"meeting.updated\","
                                "\"time\":\"2026-11-27T18:00:00Z\",\"meeting_id\":null,"
                                "\"data\":{}}");

  g_assert_finalize_object (event);
  g_assert_finalize_object (empty);
}

static void
test_event_invalid (void)
{
  g_autofree char *base = read_data ("json/event.json");
  g_autofree char *long_type = g_strdup_printf ("\"%s\"", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                                "aaaaaaaaaaaaaaaaaaaaaaaaa");
  const BadCase cases[] = {
    { "seq", "-1", PLENUM_JSON_ERROR_RANGE, NULL },
    { "seq", "1.5", PLENUM_JSON_ERROR_RANGE, "event.seq: expected an integer" },
    { "seq", "9007199254740992", PLENUM_JSON_ERROR_RANGE, NULL },
    { "seq", "\"42\"", PLENUM_JSON_ERROR_TYPE, NULL },
    { "seq", NULL, PLENUM_JSON_ERROR_MISSING, "event.seq: required field is missing" },
    { "type", "\"Packet Published\"", PLENUM_JSON_ERROR_FORMAT,
      "event.type: expected an event type such as packet.published" },
    { "type", "\"\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "type", long_type, PLENUM_JSON_ERROR_FORMAT, NULL },
    { "type", "\"a/b\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "time", NULL, PLENUM_JSON_ERROR_MISSING, "event.time: required field is missing" },
    { "time", "1795802400", PLENUM_JSON_ERROR_TYPE, NULL },
    { "meeting_id", "\"abc\"", PLENUM_JSON_ERROR_FORMAT, NULL },
    { "data", "[]", PLENUM_JSON_ERROR_TYPE, "event.data: expected an object, got an array" },
    { "data", "null", PLENUM_JSON_ERROR_MISSING, NULL },
    { "data", NULL, PLENUM_JSON_ERROR_MISSING, "event.data: required field is missing" },
    { "id", "42", PLENUM_JSON_ERROR_UNKNOWN_KEY, "event.id: unknown field" },
  };

  g_assert_true (plenum_event_type_is_valid ("packet.published"));
  g_assert_true (plenum_event_type_is_valid ("vote_opened-2"));
  g_assert_false (plenum_event_type_is_valid (NULL));
  g_assert_false (plenum_event_type_is_valid ("Reset"));

  check_bad_cases (plenum_event_from_json_any, base, "event", cases, G_N_ELEMENTS (cases));
}

/* All models ------------------------------------------------------------------------------ */

static void
test_properties (void)
{
  check_properties (PLENUM_TYPE_MEMBER);
  check_properties (PLENUM_TYPE_BODY);
  check_properties (PLENUM_TYPE_DOCUMENT);
  check_properties (PLENUM_TYPE_AGENDA_ITEM);
  check_properties (PLENUM_TYPE_MEETING);
  check_properties (PLENUM_TYPE_PACKET_MANIFEST);
  check_properties (PLENUM_TYPE_EVENT);

  g_assert_true (G_TYPE_IS_FINAL (PLENUM_TYPE_MEETING));
  g_assert_true (G_TYPE_IS_ENUM (PLENUM_TYPE_MEETING_STATUS));
  g_assert_true (G_TYPE_IS_ENUM (PLENUM_TYPE_ROLE));
}

static void
test_g_object_new (void)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 11, 27, 18, 0, 0);
  PlenumEvent *event;
  PlenumAgendaItem *item;

  /* Objects made by property, as a GtkBuilder or a binding would, are complete too. */
  event = g_object_new (PLENUM_TYPE_EVENT, "seq", (gint64) 5, "type", "reset", "time", time, NULL);
  g_assert_true (cJSON_IsObject (plenum_event_get_data (event)));
  g_assert_cmpint (plenum_event_get_seq (event), ==, 5);

  item = g_object_new (PLENUM_TYPE_AGENDA_ITEM, "id", ITEM_ID, "number", "1", "title", "T", NULL);
  g_assert_nonnull (plenum_agenda_item_get_documents (item));
  g_assert_cmpuint (g_list_model_get_n_items (plenum_agenda_item_get_documents (item)), ==, 0);

  g_assert_finalize_object (event);
  g_assert_finalize_object (item);
}

int
main (int   argc,
      char *argv[])
{
  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/models/member-account", test_member_account);
  g_test_add_func ("/plenum/models/member-brief", test_member_brief);
  g_test_add_func ("/plenum/models/member-roles", test_member_roles);
  g_test_add_func ("/plenum/models/member-invalid", test_member_invalid);
  g_test_add_func ("/plenum/models/body-roundtrip", test_body_roundtrip);
  g_test_add_func ("/plenum/models/body-new", test_body_new);
  g_test_add_func ("/plenum/models/body-invalid", test_body_invalid);
  g_test_add_func ("/plenum/models/document-roundtrip", test_document_roundtrip);
  g_test_add_func ("/plenum/models/document-invalid", test_document_invalid);
  g_test_add_func ("/plenum/models/document-password", test_document_password);
  g_test_add_func ("/plenum/models/document-password-invalid", test_document_password_invalid);
  g_test_add_func ("/plenum/models/agenda-item-roundtrip", test_agenda_item_roundtrip);
  g_test_add_func ("/plenum/models/agenda-item-invalid", test_agenda_item_invalid);
  g_test_add_func ("/plenum/models/meeting-full", test_meeting_full);
  g_test_add_func ("/plenum/models/meeting-summary", test_meeting_summary);
  g_test_add_func ("/plenum/models/meeting-empty-agenda", test_meeting_empty_agenda);
  g_test_add_func ("/plenum/models/meeting-status", test_meeting_status);
  g_test_add_func ("/plenum/models/meeting-invalid", test_meeting_invalid);
  g_test_add_func ("/plenum/models/meeting-nested-error", test_meeting_nested_error);
  g_test_add_func ("/plenum/models/meeting-new", test_meeting_new);
  g_test_add_func ("/plenum/models/manifest-file", test_manifest_file);
  g_test_add_func ("/plenum/models/manifest-build", test_manifest_build);
  g_test_add_func ("/plenum/models/manifest-password", test_manifest_password);
  g_test_add_func ("/plenum/models/manifest-empty", test_manifest_empty);
  g_test_add_func ("/plenum/models/manifest-invalid", test_manifest_invalid);
  g_test_add_func ("/plenum/models/event-file", test_event_file);
  g_test_add_func ("/plenum/models/event-reset", test_event_reset);
  g_test_add_func ("/plenum/models/document-superseded", test_document_superseded);
  g_test_add_func ("/plenum/models/meeting-lease", test_meeting_lease);
  g_test_add_func ("/plenum/models/event-data-copy", test_event_data_copy);
  g_test_add_func ("/plenum/models/event-invalid", test_event_invalid);
  g_test_add_func ("/plenum/models/properties", test_properties);
  g_test_add_func ("/plenum/models/g-object-new", test_g_object_new);

  return g_test_run ();
}
