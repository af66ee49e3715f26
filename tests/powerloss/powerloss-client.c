/* powerloss-client.c — the client's side of the power-loss test: the real store, blob
 * store and outbox write into a data folder while lostwrite.c watches, and every write
 * whose callback said it succeeded is announced on stdout, so that test-powerloss.c
 * knows what was acknowledged when the simulated power went.
 *
 *   powerloss-client DATA_DIR MEETING_JSON
 *
 * Lines on stdout, each written (and flushed) only after the callback returned success:
 *   ACK terminal <terminal id>          the store opened (the id is committed)
 *   ACK outbox <operation id>           plenum_store_outbox_add_finish()
 *   ACK setting <key> <value>           plenum_store_set_setting_finish()
 *   ACK meeting <meeting id>            plenum_store_save_meeting_finish()
 *   ACK blob <sha256>                   plenum_blob_writer_finish_finish(): verified, in place
 *   ACK blob-state <sha256>             plenum_store_set_blob_state_finish(), VERIFIED
 *   DONE                                the store was closed
 * A write that fails prints "ERROR …" and the program exits 1.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/plenum-hash.h"
#include "core/plenum-json.h"
#include "store/plenum-store.h"

/* What one write may take, at most, even under AddressSanitizer. */
#define WAIT_MS 60000

/* The blob: big enough to take several chunks through the writer's thread. */
#define BLOB_SIZE (300 * 1024)
#define BLOB_CHUNK (64 * 1024)

static void
got_result_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
deadline_passed_cb (gpointer user_data)
{
  gboolean *passed = user_data;

  *passed = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until *@slot is set (by got_result_cb), with a deadline. */
static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gboolean passed = FALSE;
  guint deadline = g_timeout_add (WAIT_MS, deadline_passed_cb, &passed);

  while (*slot == NULL && !passed)
    g_main_context_iteration (NULL, TRUE);
  if (*slot == NULL)
    {
      printf ("ERROR a write did not finish in %d ms\n", WAIT_MS);
      exit (1);
    }
  g_source_remove (deadline);
  return *slot;
}

static void
ack (const char *kind,
     const char *what,
     const char *more)
{
  printf ("ACK %s %s%s%s\n", kind, what, more != NULL ? " " : "", more != NULL ? more : "");
  fflush (stdout);
}

static void
check (gboolean     ok,
       GError      *error,
       const char  *what)
{
  if (!ok)
    {
      printf ("ERROR %s: %s\n", what, error != NULL ? error->message : "failed");
      fflush (stdout);
      exit (1);
    }
}

static void
add_operation (PlenumStore *store,
               guint        n)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *meeting = plenum_uuid_new ();
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s/attendance", meeting);
  g_autofree char *body = g_strdup_printf ("{\"present\":true,\"n\":%u}", n);
  g_autofree char *operation_id = NULL;

  plenum_store_outbox_add_async (store, NULL, "attendance", "POST", path, body, NULL,
                                 got_result_cb, &result);
  operation_id = plenum_store_outbox_add_finish (store, wait_result (&result), &error);
  check (operation_id != NULL, error, "outbox");
  ack ("outbox", operation_id, NULL);
}

static void
set_setting (PlenumStore *store,
             guint        n)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_strdup_printf ("powerloss.k%u", n);
  g_autofree char *value = g_strdup_printf ("v%u", n);

  plenum_store_set_setting_async (store, key, value, NULL, got_result_cb, &result);
  check (plenum_store_set_setting_finish (store, wait_result (&result), &error), error,
         "setting");
  ack ("setting", key, value);
}

static void
save_meeting (PlenumStore *store,
              const char  *json_path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(cJSON) parsed = NULL;
  const char *id;

  check (g_file_get_contents (json_path, &json, NULL, &error), error, "meeting file");
  parsed = plenum_json_parse (json, -1, &error);
  check (parsed != NULL, error, "meeting file");
  id = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (parsed, "id"));
  check (id != NULL, NULL, "meeting id");

  plenum_store_save_meeting_async (store, NULL, json, "\"powerloss\"", NULL, got_result_cb,
                                   &result);
  check (plenum_store_save_meeting_finish (store, wait_result (&result), &error), error,
         "meeting");
  ack ("meeting", id, NULL);
}

static void
write_blob (PlenumStore *store)
{
  PlenumBlobStore *blobs = plenum_store_get_blob_store (store);
  g_autoptr(GAsyncResult) begun = NULL;
  g_autoptr(GAsyncResult) finished = NULL;
  g_autoptr(GAsyncResult) recorded = NULL;
  g_autoptr(PlenumBlobWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *bytes = g_malloc (BLOB_SIZE);
  g_autofree char *sha256 = NULL;
  g_autofree char *path = NULL;
  guint32 seed = 0x9e3779b9;

  /* Bytes that do not compress into a pattern a bug could hide in. */
  for (gsize i = 0; i < BLOB_SIZE; i++)
    {
      seed = seed * 1664525 + 1013904223;
      bytes[i] = (guint8) (seed >> 24);
    }
  sha256 = plenum_sha256_hex (bytes, BLOB_SIZE);

  plenum_blob_store_begin_write_async (blobs, sha256, BLOB_SIZE, NULL, got_result_cb, &begun);
  writer = plenum_blob_store_begin_write_finish (blobs, wait_result (&begun), &error);
  check (writer != NULL, error, "blob");
  for (gsize done = 0; done < BLOB_SIZE; done += BLOB_CHUNK)
    check (plenum_blob_writer_write (writer, bytes + done, MIN (BLOB_CHUNK, BLOB_SIZE - done),
                                     &error),
           error, "blob write");
  plenum_blob_writer_finish_async (writer, NULL, got_result_cb, &finished);
  path = plenum_blob_writer_finish_finish (writer, wait_result (&finished), &error);
  check (path != NULL, error, "blob finish");
  ack ("blob", sha256, NULL);

  plenum_store_set_blob_state_async (store, sha256, BLOB_SIZE, PLENUM_BLOB_STATE_VERIFIED,
                                     BLOB_SIZE, NULL, got_result_cb, &recorded);
  check (plenum_store_set_blob_state_finish (store, wait_result (&recorded), &error), error,
         "blob state");
  ack ("blob-state", sha256, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GError) error = NULL;
  PlenumStore *store;
  gboolean passed = FALSE;
  guint deadline;

  if (argc != 3)
    {
      fprintf (stderr, "usage: powerloss-client DATA_DIR MEETING_JSON\n");
      return 2;
    }

  plenum_store_open_async (argv[1], NULL, got_result_cb, &opened);
  store = plenum_store_open_finish (wait_result (&opened), &error);
  check (store != NULL, error, "open");
  ack ("terminal", plenum_store_get_terminal_id (store), NULL);

  /* Each kind of write at least twice, interleaved, so that a crash point falls between
   * writes of every kind. */
  add_operation (store, 0);
  set_setting (store, 0);
  save_meeting (store, argv[2]);
  add_operation (store, 1);
  write_blob (store);
  set_setting (store, 1);
  add_operation (store, 2);

  /* Closing joins the writer thread after its queued writes. The open's result holds
   * the store too. */
  g_clear_object (&opened);
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_object_unref (store);
  deadline = g_timeout_add (WAIT_MS, deadline_passed_cb, &passed);
  while (store != NULL && !passed)
    g_main_context_iteration (NULL, TRUE);
  check (store == NULL, NULL, "close");
  g_source_remove (deadline);

  printf ("DONE\n");
  return 0;
}
