/* plenum-test-http.c — see plenum-test-http.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-test"

#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-util.h"

#include <string.h>

/* Deadline of the waits on an event stream. */
#define STREAM_WAIT_MS 20000

/* The Authorization header's value for @authorization: a token, sent as Bearer, or a
 * whole "Terminal …" or "Bearer …" value as it is. */
static char *
authorization_value (const char *authorization)
{
  if (g_str_has_prefix (authorization, "Terminal ") ||
      g_str_has_prefix (authorization, "Bearer "))
    return g_strdup (authorization);
  return g_strconcat ("Bearer ", authorization, NULL);
}


SoupSession *
plenum_test_soup_session_new (const char *first_property,
                              ...)
{
  const char *ca_file = plenum_test_ca_file ();
  SoupSession *session;
  va_list args;

  va_start (args, first_property);
  session = SOUP_SESSION (g_object_new_valist (SOUP_TYPE_SESSION, first_property, args));
  va_end (args);
  if (ca_file != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, &error);

      g_assert_no_error (error);
      soup_session_set_tls_database (session, database);
    }
  return session;
}

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
      g_autofree char *value = authorization_value (authorization);

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

char *
plenum_test_enrol_terminal (SoupSession *session,
                            const char  *url,
                            const char  *secretary,
                            const char  *room,
                            const char  *seat_name,
                            const char  *terminal_id)
{
  g_autofree char *enrol = g_strdup_printf ("{\"room\":\"%s\",\"name\":\"%s\"}", room,
                                            seat_name);
  g_autofree char *redeem = NULL;
  g_autoptr(PlenumTestReply) enrolment = NULL;
  g_autoptr(PlenumTestReply) redeemed = NULL;

  enrolment = plenum_test_request (session, url, "POST", "/api/v1/terminals/enrolments",
                                   secretary, enrol);
  plenum_test_assert_status (enrolment, 201);
  redeem = g_strdup_printf ("{\"code\":\"%s\",\"terminal_id\":\"%s\"}",
                            plenum_test_json_get_string (enrolment->json, "code"), terminal_id);
  redeemed = plenum_test_request (session, url, "POST", "/api/v1/terminals", NULL, redeem);
  plenum_test_assert_status (redeemed, 201);
  return g_strconcat ("Terminal ", plenum_test_json_get_string (redeemed->json, "credential"),
                      NULL);
}

/* Event streams */

static void stream_read_more (PlenumTestStream *stream);

static void
on_stream_read_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PlenumTestStream *stream = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source_object),
                                                              result, NULL);

  stream->busy = FALSE;
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      stream->eof = TRUE;
      return;
    }
  g_string_append_len (stream->text, g_bytes_get_data (bytes, NULL),
                       (gssize) g_bytes_get_size (bytes));
  stream_read_more (stream);
}

static void
stream_read_more (PlenumTestStream *stream)
{
  stream->busy = TRUE;
  g_input_stream_read_bytes_async (stream->stream, 4096, G_PRIORITY_DEFAULT,
                                   stream->cancellable, on_stream_read_cb, stream);
}

static void
on_stream_sent_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PlenumTestStream *stream = user_data;

  stream->busy = FALSE;
  stream->opened = TRUE;
  stream->stream = soup_session_send_finish (SOUP_SESSION (source_object), result, NULL);
  if (stream->stream == NULL)
    {
      stream->eof = TRUE;
      return;
    }
  stream_read_more (stream);
}

static gboolean
stream_is_open (gpointer user_data)
{
  return ((PlenumTestStream *) user_data)->opened;
}

PlenumTestStream *
plenum_test_stream_open (SoupSession *session,
                         const char  *url,
                         const char  *authorization,
                         const char  *query)
{
  g_autofree char *uri = g_strconcat (url, "/api/v1/events", query, NULL);
  g_autofree char *value = authorization_value (authorization);
  PlenumTestStream *stream = g_new0 (PlenumTestStream, 1);

  stream->msg = soup_message_new ("GET", uri);
  stream->cancellable = g_cancellable_new ();
  stream->text = g_string_new (NULL);
  soup_message_headers_replace (soup_message_get_request_headers (stream->msg),
                                "Authorization", value);
  stream->busy = TRUE;
  soup_session_send_async (session, stream->msg, G_PRIORITY_DEFAULT, stream->cancellable,
                           on_stream_sent_cb, stream);
  g_assert_true (plenum_test_wait_until (NULL, stream_is_open, stream, STREAM_WAIT_MS));
  g_assert_cmpuint (soup_message_get_status (stream->msg), ==, 200);
  return stream;
}

static gboolean
stream_is_idle (gpointer user_data)
{
  return !((PlenumTestStream *) user_data)->busy;
}

void
plenum_test_stream_close (PlenumTestStream *stream)
{
  g_cancellable_cancel (stream->cancellable);
  g_assert_true (plenum_test_wait_until (NULL, stream_is_idle, stream, STREAM_WAIT_MS));
  if (stream->stream != NULL)
    g_input_stream_close (stream->stream, NULL, NULL);
  g_clear_object (&stream->stream);
  g_clear_object (&stream->msg);
  g_clear_object (&stream->cancellable);
  g_string_free (stream->text, TRUE);
  g_free (stream);
}

GPtrArray *
plenum_test_stream_events (PlenumTestStream *stream,
                           const char       *type)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) cJSON_Delete);
  g_autofree char *marker = g_strdup_printf ("event: %s\ndata: ", type);
  const char *p = stream->text->str;

  while ((p = strstr (p, marker)) != NULL)
    {
      const char *data = p + strlen (marker);
      const char *end = strchr (data, '\n');
      g_autoptr(GError) error = NULL;
      cJSON *event;

      if (end == NULL)
        break; /* not all there yet */
      event = plenum_json_parse (data, end - data, &error);
      g_assert_no_error (error);
      g_ptr_array_add (events, event);
      p = end;
    }
  return events;
}

typedef struct {
  PlenumTestStream *stream;
  const char       *type;
  guint             n;
} EventsWait;

static gboolean
stream_has_events (gpointer user_data)
{
  EventsWait *wait = user_data;
  g_autoptr(GPtrArray) events = plenum_test_stream_events (wait->stream, wait->type);

  return events->len >= wait->n || wait->stream->eof;
}

cJSON *
plenum_test_stream_wait_event (PlenumTestStream *stream,
                               const char       *type,
                               guint             n)
{
  EventsWait wait = { stream, type, n };
  g_autoptr(GPtrArray) events = NULL;
  cJSON *event;

  g_assert_true (plenum_test_wait_until (NULL, stream_has_events, &wait, STREAM_WAIT_MS));
  events = plenum_test_stream_events (stream, type);
  if (events->len < n)
    g_test_message ("stream (eof %d): %s", stream->eof, stream->text->str);
  g_assert_cmpuint (events->len, >=, n);
  event = g_ptr_array_index (events, n - 1);
  g_assert_cmpstr (plenum_test_json_get_string (event, "type"), ==, type);
  return cJSON_DetachItemFromObjectCaseSensitive (event, "data");
}

typedef struct {
  PlenumTestStream *stream;
  const char       *text;
} TextWait;

static gboolean
stream_has_text (gpointer user_data)
{
  TextWait *wait = user_data;

  return strstr (wait->stream->text->str, wait->text) != NULL || wait->stream->eof;
}

void
plenum_test_stream_wait_text (PlenumTestStream *stream,
                              const char       *text)
{
  TextWait wait = { stream, text };

  g_assert_true (plenum_test_wait_until (NULL, stream_has_text, &wait, STREAM_WAIT_MS));
  if (strstr (stream->text->str, text) == NULL)
    g_test_message ("stream (eof %d): %s", stream->eof, stream->text->str);
  g_assert_nonnull (strstr (stream->text->str, text));
}

static gboolean
stream_ended (gpointer user_data)
{
  return ((PlenumTestStream *) user_data)->eof;
}

void
plenum_test_stream_wait_end (PlenumTestStream *stream)
{
  g_assert_true (plenum_test_wait_until (NULL, stream_ended, stream, STREAM_WAIT_MS));
}
