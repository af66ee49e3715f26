/* plenum-sse-parser.c — the Server-Sent Events parser; see plenum-sse-parser.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-sse"

#include "plenum-sse-parser.h"

#include <string.h>

static const guint8 utf8_bom[3] = { 0xEF, 0xBB, 0xBF };

struct _PlenumSseParser
{
  PlenumSseParserCallbacks callbacks;
  gpointer user_data;
  gsize max_event_size;

  guint bom_matched;     /* bytes of the BOM seen at the start so far */
  gboolean bom_done;     /* past the point where a BOM may appear */
  gboolean last_was_cr;  /* the previous line ended in CR: a following LF belongs to it */

  GString *line;         /* the line being read, without its end */
  GString *data;         /* the data buffer: each data line followed by "\n" */
  GString *type;         /* the event type buffer */
  GString *last_id;      /* the last event id buffer (persists across events) */
  GString *dispatched_id; /* the stream's last event id: the buffer as of the last blank
                           * line. An id read in a block that was cut before its blank
                           * line must not count, or a reconnection would skip that
                           * event. */
  gint64 retry_ms;

  gboolean stopped;
  GError *error;         /* sticky: set once, the parser is dead after it */
};

G_DEFINE_QUARK (plenum-sse-error-quark, plenum_sse_error)

PlenumSseParser *
plenum_sse_parser_new (const PlenumSseParserCallbacks *callbacks,
                       gpointer                        user_data,
                       gsize                           max_event_size)
{
  PlenumSseParser *self = g_new0 (PlenumSseParser, 1);

  if (callbacks != NULL)
    self->callbacks = *callbacks;
  self->user_data = user_data;
  self->max_event_size = max_event_size != 0 ? max_event_size : PLENUM_SSE_DEFAULT_MAX_EVENT_SIZE;
  self->line = g_string_new (NULL);
  self->data = g_string_new (NULL);
  self->type = g_string_new (NULL);
  self->last_id = g_string_new (NULL);
  self->dispatched_id = g_string_new (NULL);
  self->retry_ms = -1;
  return self;
}

void
plenum_sse_parser_free (PlenumSseParser *self)
{
  if (self == NULL)
    return;
  g_string_free (self->line, TRUE);
  g_string_free (self->data, TRUE);
  g_string_free (self->type, TRUE);
  g_string_free (self->last_id, TRUE);
  g_string_free (self->dispatched_id, TRUE);
  g_clear_error (&self->error);
  g_free (self);
}

void
plenum_sse_parser_stop (PlenumSseParser *self)
{
  g_return_if_fail (self != NULL);
  self->stopped = TRUE;
}

const char *
plenum_sse_parser_get_last_event_id (PlenumSseParser *self)
{
  g_return_val_if_fail (self != NULL, "");
  return self->dispatched_id->str;
}

void
plenum_sse_parser_set_last_event_id (PlenumSseParser *self,
                                     const char      *id)
{
  g_return_if_fail (self != NULL);
  g_string_assign (self->last_id, id != NULL ? id : "");
  g_string_assign (self->dispatched_id, self->last_id->str);
}

gint64
plenum_sse_parser_get_retry (PlenumSseParser *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->retry_ms;
}

static gboolean
parser_active (PlenumSseParser *self)
{
  return !self->stopped && self->error == NULL;
}

/* Text the parser hands on must be valid UTF-8 without NUL (g_utf8_validate_len()
 * refuses NUL within the length). */
static gboolean
check_text (PlenumSseParser *self,
            const char      *what,
            const char      *value,
            gsize            len)
{
  if (g_utf8_validate_len (value, len, NULL))
    return TRUE;
  if (memchr (value, '\0', len) != NULL)
    g_set_error (&self->error, PLENUM_SSE_ERROR, PLENUM_SSE_ERROR_ENCODING,
                 "The event stream's %s holds a NUL byte", what);
  else
    g_set_error (&self->error, PLENUM_SSE_ERROR, PLENUM_SSE_ERROR_ENCODING,
                 "The event stream's %s is not valid UTF-8", what);
  return FALSE;
}

static void
dispatch_event (PlenumSseParser *self)
{
  /* The spec: every blank line sets the stream's last event id from the buffer, also
   * for a block without data (the server's id-only position line). */
  g_string_assign (self->dispatched_id, self->last_id->str);

  /* The spec: an event without data is dropped, and its type with it. */
  if (self->data->len == 0)
    {
      g_string_truncate (self->type, 0);
      return;
    }

  /* Every data line was followed by "\n"; the last one is not part of the data. */
  g_string_truncate (self->data, self->data->len - 1);

  if (self->callbacks.event != NULL)
    self->callbacks.event (self->last_id->str,
                           self->type->len > 0 ? self->type->str : "message",
                           self->data->str, self->data->len,
                           self->user_data);

  g_string_truncate (self->data, 0);
  g_string_truncate (self->type, 0);
}

static gboolean
field_is (const char *field,
          gsize       field_len,
          const char *name)
{
  return field_len == strlen (name) && memcmp (field, name, field_len) == 0;
}

static void
process_line (PlenumSseParser *self,
              const char      *line,
              gsize            len)
{
  const char *colon;
  const char *field;
  const char *value;
  gsize field_len;
  gsize value_len;

  if (len == 0)
    {
      dispatch_event (self);
      return;
    }

  if (line[0] == ':')
    {
      value = line + 1;
      value_len = len - 1;
      if (value_len > 0 && value[0] == ' ')
        {
          value++;
          value_len--;
        }
      if (!check_text (self, "comment", value, value_len))
        return;
      if (self->callbacks.comment != NULL)
        self->callbacks.comment (value, self->user_data);
      return;
    }

  colon = memchr (line, ':', len);
  field = line;
  if (colon != NULL)
    {
      field_len = colon - line;
      value = colon + 1;
      value_len = len - field_len - 1;
      if (value_len > 0 && value[0] == ' ')
        {
          value++;
          value_len--;
        }
    }
  else
    {
      field_len = len;
      value = line + len;
      value_len = 0;
    }

  if (field_is (field, field_len, "data"))
    {
      if (!check_text (self, "data", value, value_len))
        return;
      g_string_append_len (self->data, value, value_len);
      g_string_append_c (self->data, '\n');
    }
  else if (field_is (field, field_len, "event"))
    {
      if (!check_text (self, "event type", value, value_len))
        return;
      g_string_truncate (self->type, 0);
      g_string_append_len (self->type, value, value_len);
    }
  else if (field_is (field, field_len, "id"))
    {
      /* The spec: an id holding NUL is ignored, not an error. */
      if (memchr (value, '\0', value_len) != NULL)
        return;
      if (!check_text (self, "event id", value, value_len))
        return;
      g_string_truncate (self->last_id, 0);
      g_string_append_len (self->last_id, value, value_len);
    }
  else if (field_is (field, field_len, "retry"))
    {
      guint64 ms = 0;

      if (value_len == 0)
        return;
      for (gsize i = 0; i < value_len; i++)
        {
          if (!g_ascii_isdigit (value[i]))
            return;
          ms = ms * 10 + (guint64) (value[i] - '0');
          if (ms > G_MAXUINT)
            ms = G_MAXUINT + (guint64) 1;  /* stays above G_MAXUINT without overflowing */
        }
      self->retry_ms = MIN (ms, (guint64) G_MAXUINT);
      if (self->callbacks.retry != NULL)
        self->callbacks.retry ((guint) self->retry_ms, self->user_data);
    }
  /* Any other field is ignored. */
}

/* Appends @len bytes of a line to the line buffer, within the event size limit. */
static gboolean
append_to_line (PlenumSseParser *self,
                const char      *bytes,
                gsize            len)
{
  gsize held = self->line->len + self->data->len + self->type->len;

  if (len > self->max_event_size || held > self->max_event_size - len)
    {
      g_set_error (&self->error, PLENUM_SSE_ERROR, PLENUM_SSE_ERROR_TOO_LARGE,
                   "An event of the event stream is larger than %" G_GSIZE_FORMAT " bytes",
                   self->max_event_size);
      return FALSE;
    }
  g_string_append_len (self->line, bytes, len);
  return TRUE;
}

/* Splits bytes (past any BOM) into lines. */
static void
parse_bytes (PlenumSseParser *self,
             const char      *bytes,
             gsize            len)
{
  gsize pos = 0;

  while (pos < len && parser_active (self))
    {
      gsize end = pos;

      if (self->last_was_cr)
        {
          self->last_was_cr = FALSE;
          if (bytes[pos] == '\n')
            {
              pos++;
              continue;
            }
        }

      while (end < len && bytes[end] != '\n' && bytes[end] != '\r')
        end++;

      if (!append_to_line (self, bytes + pos, end - pos))
        return;

      if (end == len)
        return;  /* the line goes on in the next chunk */

      self->last_was_cr = bytes[end] == '\r';
      pos = end + 1;

      process_line (self, self->line->str, self->line->len);
      g_string_truncate (self->line, 0);
    }
}

gboolean
plenum_sse_parser_feed (PlenumSseParser *self,
                        const void      *data,
                        gsize            len,
                        GError         **error)
{
  const char *bytes = data;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  if (self->stopped)
    return TRUE;

  /* One BOM at the very start is skipped; it may come split over several chunks, so the
   * bytes matched so far are held back until the match is decided. */
  while (!self->bom_done && len > 0)
    {
      if ((guint8) bytes[0] == utf8_bom[self->bom_matched])
        {
          self->bom_matched++;
          bytes++;
          len--;
          if (self->bom_matched == G_N_ELEMENTS (utf8_bom))
            self->bom_done = TRUE;
        }
      else
        {
          /* Fewer than all of them matched, or bom_done would be set. */
          g_assert (self->bom_matched < G_N_ELEMENTS (utf8_bom));
          self->bom_done = TRUE;
          /* Not a BOM after all: the bytes held back are ordinary stream bytes. */
          parse_bytes (self, (const char *) utf8_bom, self->bom_matched);
        }
    }

  parse_bytes (self, bytes, len);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  return TRUE;
}
