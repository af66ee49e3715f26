/* plenum-test-http.c — see plenum-test-http.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-test"

#include "plenum-test-http.h"

#include <string.h>

void
plenum_test_reply_free (PlenumTestReply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, cJSON_Delete);
  g_free (reply);
}

PlenumTestReply *
plenum_test_request (SoupSession *session,
                  const char  *url,
                  const char  *method,
                  const char  *path,
                  const char  *authorization,
                  const char  *json)
{
  g_autofree char *uri = g_strconcat (url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GError) error = NULL;
  PlenumTestReply *reply = g_new0 (PlenumTestReply, 1);
  gsize length = 0;
  const char *data;

  g_assert_nonnull (msg);
  if (authorization != NULL)
    {
      g_autofree char *value = g_str_has_prefix (authorization, "Terminal ")
                                 ? g_strdup (authorization)
                                 : g_strconcat ("Bearer ", authorization, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  if (json != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }
  reply->body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (msg);
  data = g_bytes_get_data (reply->body, &length);
  if (length > 0)
    {
      reply->json = plenum_json_parse (data, (gssize) length, &error);
      g_assert_no_error (error);
    }
  return reply;
}

void
plenum_test_assert_status (PlenumTestReply *reply,
                           guint            status)
{
  if (reply->status != status)
    g_test_message ("answer: %.*s", (int) g_bytes_get_size (reply->body),
                    (const char *) g_bytes_get_data (reply->body, NULL));
  g_assert_cmpuint (reply->status, ==, status);
}

const char *
plenum_test_error_message (PlenumTestReply *reply,
                           guint            status,
                           const char      *code)
{
  const cJSON *error;

  plenum_test_assert_status (reply, status);
  error = cJSON_GetObjectItemCaseSensitive (reply->json, "error");
  g_assert_true (cJSON_IsObject (error));
  g_assert_cmpstr (cJSON_GetObjectItemCaseSensitive (error, "code")->valuestring, ==, code);
  return cJSON_GetObjectItemCaseSensitive (error, "message")->valuestring;
}

const char *
plenum_test_json_get_string (const cJSON *object,
                         const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  g_assert_true (cJSON_IsString (item));
  return item->valuestring;
}

gint64
plenum_test_json_get_int (const cJSON *object,
                      const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  g_assert_true (cJSON_IsNumber (item));
  return (gint64) item->valuedouble;
}

gboolean
plenum_test_json_get_bool (const cJSON *object,
                       const char  *key)
{
  const cJSON *item = cJSON_GetObjectItemCaseSensitive (object, key);

  g_assert_true (cJSON_IsBool (item));
  return cJSON_IsTrue (item);
}

char *
plenum_test_sign_in (SoupSession *session,
                     const char  *url,
                     const char  *name,
                     const char  *pin,
                     const char  *terminal_id,
                     char       **account_id)
{
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"pin\":\"%s\","
                                           "\"terminal_id\":\"%s\"}", name, pin, terminal_id);
  g_autoptr(PlenumTestReply) reply = plenum_test_request (session, url, "POST", "/api/v1/session",
                                                       NULL, body);

  plenum_test_assert_status (reply, 201);
  if (account_id != NULL)
    *account_id = g_strdup (plenum_test_json_get_string (cJSON_GetObjectItemCaseSensitive (reply->json,
                                                                                       "account"),
                                                     "id"));
  return g_strdup (plenum_test_json_get_string (reply->json, "token"));
}
