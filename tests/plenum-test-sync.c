/* plenum-test-sync.c — the secretariat's side for the sync tests; see plenum-test-sync.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-test"

#include "plenum-test-sync.h"

#include <string.h>

#include "plenum-test-util.h"

#define DEMO_MEETING_PATH "/api/v1/meetings/6f1d8a52-3c47-4e0b-9a6e-2b5c7d190e43"

GBytes *
plenum_test_http (SoupSession *session,
                  const char  *method,
                  const char  *url,
                  const char  *token,
                  const char  *content_type,
                  GBytes      *body,
                  guint       *status)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  GBytes *answer;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return answer;
}

static cJSON *
http_json (SoupSession *session,
           const char  *method,
           const char  *url,
           const char  *token,
           const char  *json,
           guint        expected_status,
           gboolean     empty_is_null)
{
  g_autoptr(GBytes) body = json != NULL ? g_bytes_new (json, strlen (json)) : NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;
  guint status = 0;
  cJSON *root;

  answer = plenum_test_http (session, method, url, token, "application/json", body, &status);
  data = g_bytes_get_data (answer, &length);
  if (status != expected_status)
    g_test_message ("%s %s → %u %.*s", method, url, status, (int) length, data);
  g_assert_cmpuint (status, ==, expected_status);
  if (empty_is_null && length == 0)
    return NULL;
  root = plenum_json_parse (data, (gssize) length, &error);
  g_assert_no_error (error);
  return root;
}

cJSON *
plenum_test_http_json (SoupSession *session,
                       const char  *method,
                       const char  *url,
                       const char  *token,
                       const char  *json,
                       guint        expected_status)
{
  return http_json (session, method, url, token, json, expected_status, FALSE);
}

cJSON *
plenum_test_http_json_or_null (SoupSession *session,
                               const char  *method,
                               const char  *url,
                               const char  *token,
                               const char  *json,
                               guint        expected_status)
{
  return http_json (session, method, url, token, json, expected_status, TRUE);
}

const char *
plenum_test_json_string (const cJSON *object,
                         const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  return cJSON_IsString (item) ? item->valuestring : NULL;
}

PlenumTestSecretary *
plenum_test_secretary_new (SoupSession *session,
                           const char  *name,
                           const char  *pin,
                           const char  *terminal_id,
                           const char  *url)
{
  g_autofree char *request = NULL;
  g_autofree char *session_url = g_strconcat (url, "/api/v1/session", NULL);
  g_autofree char *meeting_url = g_strconcat (url, DEMO_MEETING_PATH, NULL);
  g_autoptr(cJSON) answer = NULL;
  g_autoptr(cJSON) meeting = NULL;
  PlenumTestSecretary *s = g_new0 (PlenumTestSecretary, 1);

  request = g_strdup_printf ("{\"name\": \"%s\", \"pin\": \"%s\", \"terminal_id\": \"%s\"}",
                             name, pin, terminal_id);
  answer = plenum_test_http_json (session, "POST", session_url, NULL, request, 201);
  s->url = g_strdup (url);
  s->token = g_strdup (plenum_test_json_string (answer, "token"));
  g_assert_nonnull (s->token);

  /* New meetings go to the demo body, with the demo's chair. */
  meeting = plenum_test_http_json (session, "GET", meeting_url, s->token, NULL, 200);
  s->body_id = g_strdup (plenum_test_json_string (meeting, "body_id"));
  s->chair_id = g_strdup (plenum_test_json_string (meeting, "chair_id"));
  s->vice_chair_id = g_strdup (plenum_test_json_string (meeting, "vice_chair_id"));
  g_assert_nonnull (s->body_id);
  g_assert_nonnull (s->chair_id);
  return s;
}

void
plenum_test_secretary_free (PlenumTestSecretary *s)
{
  g_free (s->url);
  g_free (s->token);
  g_free (s->body_id);
  g_free (s->chair_id);
  g_free (s->vice_chair_id);
  g_free (s->sha256);
  g_free (s);
}

char *
plenum_test_secretary_upload (SoupSession         *session,
                              PlenumTestSecretary *s,
                              GBytes              *pdf)
{
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_autofree char *url = g_strconcat (s->url, "/api/v1/blobs/", sha256, NULL);
  g_autoptr(GBytes) answer = NULL;
  guint status = 0;

  answer = plenum_test_http (session, "PUT", url, s->token, "application/octet-stream", pdf,
                             &status);
  g_assert_cmpuint (status, ==, 201);
  return g_steal_pointer (&sha256);
}

void
plenum_test_secretary_publish (SoupSession         *session,
                               PlenumTestSecretary *s,
                               const char          *meeting_id,
                               const char          *title,
                               const char * const  *hashes)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) starts_at = g_date_time_add_days (now, 2);
  g_autofree char *operation_id = plenum_uuid_new ();
  g_autoptr(PlenumPacketManifest) manifest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(cJSON) json = NULL;
  g_autoptr(cJSON) answer = NULL;
  g_autofree char *text = NULL;
  g_autofree char *url = g_strconcat (s->url, "/api/v1/meetings/", meeting_id, "/packet", NULL);

  manifest = plenum_packet_manifest_new (operation_id, s->body_id, title, starts_at, NULL,
                                         s->chair_id, s->vice_chair_id);
  plenum_packet_manifest_add_item (manifest, "1", "Tài liệu thử", FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; hashes[i] != NULL; i++)
    {
      g_autofree char *doc_title = g_strdup_printf ("Tài liệu %u", i + 1);

      plenum_packet_manifest_add_document (manifest, 0, doc_title, hashes[i], FALSE);
    }
  json = plenum_packet_manifest_to_json (manifest);
  text = plenum_json_print (json);
  answer = plenum_test_http_json (session, "PUT", url, s->token, text, 200);
}

GBytes *
plenum_test_make_pdf (const char *label,
                      gsize       size)
{
  GString *pdf = g_string_new ("%PDF-1.4\n");
  g_autoptr(GString) content = g_string_new ("0 0 1 rg 20 20 160 160 re f\n");
  gsize offsets[5] = { 0 };
  gsize xref;

  g_string_append_printf (content, "%% %s\n", label);
  while (content->len + 400 < size)
    g_string_append (content, "% ................................................................\n");

  offsets[1] = pdf->len;
  g_string_append (pdf, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
  offsets[2] = pdf->len;
  g_string_append (pdf, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
  offsets[3] = pdf->len;
  g_string_append (pdf, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] "
                        "/Contents 4 0 R >>\nendobj\n");
  offsets[4] = pdf->len;
  g_string_append_printf (pdf, "4 0 obj\n<< /Length %" G_GSIZE_FORMAT " >>\nstream\n",
                          content->len);
  g_string_append_len (pdf, content->str, (gssize) content->len);
  g_string_append (pdf, "\nendstream\nendobj\n");
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 5\n0000000000 65535 f \n");
  for (guint i = 1; i <= 4; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%"
                          G_GSIZE_FORMAT "\n%%%%EOF\n", xref);
  return g_string_free_to_bytes (pdf);
}

void
plenum_test_got_result_cb (GObject      *source_object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

gboolean
plenum_test_have_result (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

gboolean
plenum_test_pointer_is_null (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

PlenumStore *
plenum_test_open_store (const char *data_dir,
                        guint       wait_ms)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PlenumStore *store;

  plenum_store_open_async (data_dir, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, wait_ms));
  store = plenum_store_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

guint16
plenum_test_url_port (const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);

  g_assert_no_error (error);
  g_assert_cmpint (g_uri_get_port (uri), >, 0);
  return (guint16) g_uri_get_port (uri);
}

void
plenum_test_assert_blob_file (const char *path,
                              const char *sha256)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *base = g_path_get_basename (path);
  gsize length = 0;

  g_assert_cmpstr (base, ==, sha256);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  g_assert_cmpstr (hash, ==, sha256);
}

PlenumMember *
plenum_test_engine_sign_in (PlenumSyncEngine  *engine,
                            const char        *name,
                            const char        *pin,
                            guint              wait_ms,
                            GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plenum_sync_engine_sign_in_async (engine, name, pin, NULL, plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, wait_ms));
  return plenum_sync_engine_sign_in_finish (engine, result, error);
}

void
plenum_test_engine_sign_in_ok (PlenumSyncEngine *engine,
                               const char       *name,
                               const char       *pin,
                               guint             wait_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumMember) member = plenum_test_engine_sign_in (engine, name, pin, wait_ms, &error);

  g_assert_no_error (error);
  g_assert_nonnull (member);
  g_assert_cmpstr (plenum_member_get_name (member), ==, name);
  g_assert_true (plenum_sync_engine_get_account (engine) != NULL);
}
