/* fuzz-json-models.c — the JSON model readers of app/core (and the two lists the store
 * reads itself: votes and opinion rounds), with one JSON text per input.
 *
 * The first byte chooses the reader (its value modulo the number of readers, listed in
 * `readers` below), the rest is the JSON text. Besides "no crash, no leak, no critical",
 * each model that can be written back is checked for what the store relies on: what
 * to_json() writes, the same reader reads again, and writes the same bytes.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

#include <string.h>

#include "core/plenum-core.h"
#include "core/plenum-core-private.h"
#include "store/plenum-store.h"

/* A model reader and, where there is one, its writer. */
typedef struct {
  const char *name;
  GObject  *(*read)  (const cJSON *node,
                      GError     **error);
  cJSON    *(*write) (GObject     *object);
} ModelReader;

#define MODEL(name, Type, prefix)                                     \
  static GObject *                                                    \
  name##_read (const cJSON *node,                                     \
               GError     **error)                                    \
  {                                                                   \
    return (GObject *) prefix##_new_from_json (node, "", error);      \
  }                                                                   \
  static cJSON *                                                      \
  name##_write (GObject *object)                                      \
  {                                                                   \
    return prefix##_to_json ((Type *) object);                        \
  }

MODEL (meeting, PlenumMeeting, plenum_meeting)
MODEL (agenda_item, PlenumAgendaItem, plenum_agenda_item)
MODEL (document, PlenumDocument, plenum_document)
MODEL (member, PlenumMember, plenum_member)
MODEL (body, PlenumBody, plenum_body)
MODEL (event, PlenumEvent, plenum_event)
MODEL (annotation, PlenumAnnotation, plenum_annotation)
MODEL (position, PlenumPosition, plenum_position)
MODEL (speaker_queue, PlenumSpeakerQueue, plenum_speaker_queue)
MODEL (quorum, PlenumQuorum, plenum_quorum)
MODEL (packet_manifest, PlenumPacketManifest, plenum_packet_manifest)

static GObject *
body_member_read (const cJSON *node,
                  GError     **error)
{
  return (GObject *) plenum_member_new_from_body_json (node, "", error);
}

static GObject *
terminal_info_read (const cJSON *node,
                    GError     **error)
{
  return (GObject *) plenum_terminal_info_new_from_json (node, "", error);
}

static GObject *
vote_result_read (const cJSON *node,
                  GError     **error)
{
  return (GObject *) plenum_vote_result_new_from_vote (node, "", error);
}

static const ModelReader models[] = {
  { "meeting", meeting_read, meeting_write },
  { "agenda-item", agenda_item_read, agenda_item_write },
  { "document", document_read, document_write },
  { "member", member_read, member_write },
  { "body", body_read, body_write },
  { "event", event_read, event_write },
  { "annotation", annotation_read, annotation_write },
  { "position", position_read, position_write },
  { "speaker-queue", speaker_queue_read, speaker_queue_write },
  { "quorum", quorum_read, quorum_write },
  { "packet-manifest", packet_manifest_read, packet_manifest_write },
  { "body-member", body_member_read, NULL },
  { "terminal-info", terminal_info_read, NULL },
  { "vote-result", vote_result_read, NULL },
};

/* The readers a first byte chooses: the models above, then the readers of whole texts. */
enum {
  READ_TERMINAL_LIST = G_N_ELEMENTS (models),
  READ_VOTE_JSON,
  READ_VOTER_NAMES,
  READ_STORE_VOTES,
  READ_STORE_ROUNDS,
  READ_EVENT_PAYLOAD,
  N_READERS
};

static PlenumStore *store;

/* ---- the store's lists ------------------------------------------------------------------ */

static void
store_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GError **error = user_data;

  store = plenum_store_open_finish (result, error);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean (*finish) (PlenumStore *, GAsyncResult *, GError **) = NULL;
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (g_async_result_is_tagged (result, plenum_store_save_votes_async))
    finish = plenum_store_save_votes_finish;
  else
    finish = plenum_store_save_opinion_rounds_finish;
  /* INVALID is the answer to most inputs; any other error is the store's, not the
   * reader's, and would mean the fuzzer broke the store. */
  if (!finish (PLENUM_STORE (source), result, &error))
    fuzz_check (g_error_matches (error, PLENUM_STORE_ERROR, PLENUM_STORE_ERROR_INVALID),
                "%s", error->message);
  *done = TRUE;
}

/* Hands @json to the store's reader of the votes (@votes) or opinion rounds of a
 * meeting. The store holds no meeting, so what it accepts changes nothing; the reader
 * runs in full all the same. The meeting id is taken from the text where it has one, so
 * that the fuzzer need not guess it to get past the first check. */
static void
store_read_list (const char *json,
                 gsize       length,
                 gboolean    votes)
{
  g_autoptr(cJSON) root = plenum_json_parse (json, (gssize) length, NULL);
  const cJSON *id = cJSON_GetObjectItemCaseSensitive (root, "meeting_id");  /* NULL root: NULL */
  g_autofree char *meeting_id = g_strdup (cJSON_IsString (id) ? id->valuestring
                                          : "0b7e2f9c-3d1a-4c56-9e8f-1a2b3c4d5e6f");
  gboolean done = FALSE;

  if (votes)
    plenum_store_save_votes_async (store, meeting_id, json, NULL, saved_cb, &done);
  else
    plenum_store_save_opinion_rounds_async (store, meeting_id, json, NULL, saved_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* ---- the models ------------------------------------------------------------------------- */

static void
read_model (const ModelReader *model,
            const cJSON       *node)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) object = NULL;
  g_autoptr(GObject) again = NULL;
  g_autoptr(cJSON) written = NULL;
  g_autoptr(cJSON) reparsed = NULL;
  g_autoptr(cJSON) rewritten = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;

  object = model->read (node, &error);
  if (object == NULL)
    {
      /* A vote without a result is NULL without an error; every other NULL says why. */
      fuzz_check (error != NULL || model->read == vote_result_read, "%s: NULL without an error",
                  model->name);
      return;
    }
  fuzz_check (error == NULL, "%s: an object and an error", model->name);
  if (model->write == NULL)
    return;

  written = model->write (object);
  text = plenum_json_print (written);
  reparsed = plenum_json_parse (text, -1, &error);
  fuzz_check (reparsed != NULL, "%s: its own output %s does not parse: %s", model->name, text,
              error->message);
  again = model->read (reparsed, &error);
  fuzz_check (again != NULL, "%s: its own output %s is refused: %s", model->name, text,
              error->message);
  rewritten = model->write (again);
  text_again = plenum_json_print (rewritten);
  fuzz_check (g_str_equal (text, text_again), "%s: written %s, read and written again %s",
              model->name, text, text_again);
}

static const ModelReader *
find_model (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    if (g_str_equal (models[i].name, name))
      return &models[i];
  g_assert_not_reached ();
}

/* An event, then its "data" by the reader its type calls for. */
static void
read_event_payload (const cJSON *node)
{
  g_autoptr(PlenumEvent) event = plenum_event_new_from_json (node, "", NULL);
  const cJSON *data;
  const char *type;

  if (event == NULL)
    return;
  data = plenum_event_get_data (event);
  type = plenum_event_get_event_type (event);
  fuzz_check (data != NULL && cJSON_IsObject (data), "an event's data is not an object");
  if (g_str_equal (type, PLENUM_EVENT_POSITION_CHANGED))
    read_model (find_model ("position"), data);
  else if (g_str_equal (type, PLENUM_EVENT_SPEAKERS_CHANGED))
    read_model (find_model ("speaker-queue"), data);
  else if (g_str_equal (type, "vote.opened"))
    {
      const cJSON *vote = cJSON_GetObjectItemCaseSensitive (data, "vote");
      g_autofree char *text = NULL;

      if (vote == NULL)
        return;
      read_model (find_model ("vote-result"), vote);
      text = plenum_json_print (vote);
      g_strfreev (plenum_vote_get_voter_names (text, NULL));
    }
  else if (g_str_equal (type, "opinion.opened") || g_str_equal (type, "opinion.closed"))
    {
      const cJSON *round = cJSON_GetObjectItemCaseSensitive (data, "round");
      g_autoptr(cJSON) list = NULL;
      g_autofree char *text = NULL;

      if (round == NULL || plenum_event_get_meeting_id (event) == NULL)
        return;
      list = cJSON_CreateObject ();
      cJSON_AddStringToObject (list, "meeting_id", plenum_event_get_meeting_id (event));
      cJSON_AddItemToArray (cJSON_AddArrayToObject (list, "rounds"), cJSON_Duplicate (round, TRUE));
      text = plenum_json_print (list);
      store_read_list (text, strlen (text), FALSE);
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;

  fuzz_init_logging (FALSE);
  plenum_json_init ();
  data_dir = g_build_filename (fuzz_scratch_dir (), "store", NULL);
  plenum_store_open_async (data_dir, NULL, store_opened_cb, &error);
  while (store == NULL && error == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (store == NULL)
    g_error ("Cannot open a store in %s: %s", data_dir, error->message);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(cJSON) root = NULL;
  g_autofree char *text = NULL;
  const char *json;
  gsize length;
  guint reader;

  if (size < 1)
    return 0;
  reader = data[0] % N_READERS;
  json = (const char *) data + 1;
  length = size - 1;

  switch (reader)
    {
    case READ_TERMINAL_LIST:
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) list = plenum_terminal_info_parse_list (json, (gssize) length, &error);

        fuzz_check ((list == NULL) != (error == NULL), "terminal list: both or neither");
      }
      return 0;

    case READ_VOTE_JSON:
    case READ_VOTER_NAMES:
    case READ_STORE_VOTES:
    case READ_STORE_ROUNDS:
      /* These take a NUL-terminated text: a NUL inside ends it there, as it would for a
       * string the store hands over. */
      text = g_strndup (json, length);
      if (reader == READ_VOTE_JSON)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(PlenumVoteResult) result = plenum_vote_result_new_from_vote_json (text, &error);

          fuzz_check (result == NULL || error == NULL, "vote result: an object and an error");
        }
      else if (reader == READ_VOTER_NAMES)
        {
          g_autoptr(GError) error = NULL;
          g_auto(GStrv) names = plenum_vote_get_voter_names (text, &error);

          fuzz_check ((names == NULL) != (error == NULL), "voter names: both or neither");
          for (guint i = 0; names != NULL && names[i] != NULL; i++)
            fuzz_check (g_utf8_validate (names[i], -1, NULL), "a voter's name is not UTF-8");
        }
      else
        store_read_list (text, strlen (text), reader == READ_STORE_VOTES);
      return 0;

    default:
      break;
    }

  root = plenum_json_parse (json, (gssize) length, NULL);
  if (root == NULL)
    return 0;
  if (reader == READ_EVENT_PAYLOAD)
    read_event_payload (root);
  else
    read_model (&models[reader], root);
  return 0;
}
