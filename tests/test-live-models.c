/* test-live-models.c — the live meeting's models (core/plenum-live.h): strict reading of
 * the Position, SpeakerQueue and Quorum shapes, writing them back, and the queue's look-up.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/plenum-core.h"

#include <string.h>

#include "plenum-test-util.h"

#define MEETING_ID "0b7e2f9c-3d1a-4c56-9e8f-1a2b3c4d5e6f"
#define ITEM_ID    "11111111-2222-4333-8444-555555555555"
#define DOC_ID     "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
#define ANNA_ID    "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
#define BINH_ID    "12345678-9abc-4def-8123-456789abcdef"
#define CHI_ID     "5f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b"

static cJSON *
parse_ok (const char *json)
{
  g_autoptr(GError) error = NULL;
  cJSON *root = plenum_json_parse (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  return root;
}

/* Writing back and reading again gives the same JSON. */
static void
assert_round_trip (GObject *model)
{
  g_autoptr(cJSON) first = NULL;
  g_autoptr(cJSON) second = NULL;
  g_autoptr(GObject) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;

  if (PLENUM_IS_POSITION (model))
    first = plenum_position_to_json (PLENUM_POSITION (model));
  else if (PLENUM_IS_SPEAKER_QUEUE (model))
    first = plenum_speaker_queue_to_json (PLENUM_SPEAKER_QUEUE (model));
  else
    first = plenum_quorum_to_json (PLENUM_QUORUM (model));
  first_text = plenum_json_print (first);

  if (PLENUM_IS_POSITION (model))
    {
      again = G_OBJECT (plenum_position_new_from_json (first, "", &error));
      g_assert_no_error (error);
      second = plenum_position_to_json (PLENUM_POSITION (again));
    }
  else if (PLENUM_IS_SPEAKER_QUEUE (model))
    {
      again = G_OBJECT (plenum_speaker_queue_new_from_json (first, "", &error));
      g_assert_no_error (error);
      second = plenum_speaker_queue_to_json (PLENUM_SPEAKER_QUEUE (again));
    }
  else
    {
      again = G_OBJECT (plenum_quorum_new_from_json (first, "", &error));
      g_assert_no_error (error);
      second = plenum_quorum_to_json (PLENUM_QUORUM (again));
    }
  second_text = plenum_json_print (second);
  g_assert_cmpstr (first_text, ==, second_text);
  g_assert_finalize_object (g_steal_pointer (&again));
}

static void
assert_position_refused (const char *json,
                         int         code,
                         const char *field)
{
  g_autoptr(cJSON) root = parse_ok (json);
  g_autoptr(GError) error = NULL;
  PlenumPosition *position = plenum_position_new_from_json (root, "position", &error);

  g_assert_null (position);
  g_assert_error (error, PLENUM_JSON_ERROR, code);
  g_assert_nonnull (strstr (error->message, field));
}

static void
test_position_valid (void)
{
  g_autoptr(cJSON) root = parse_ok ("{\"meeting_id\":\"" MEETING_ID "\",\"item_id\":\"" ITEM_ID
                                    "\",\"document_id\":\"" DOC_ID "\",\"page\":3,"
                                    "\"revision\":12,\"updated_at\":\"2026-12-01T01:15:00Z\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expected = g_date_time_new_utc (2026, 12, 1, 1, 15, 0);
  PlenumPosition *position = plenum_position_new_from_json (root, "", &error);

  g_assert_no_error (error);
  g_assert_nonnull (position);
  g_assert_cmpstr (plenum_position_get_meeting_id (position), ==, MEETING_ID);
  g_assert_cmpstr (plenum_position_get_item_id (position), ==, ITEM_ID);
  g_assert_cmpstr (plenum_position_get_document_id (position), ==, DOC_ID);
  g_assert_cmpint (plenum_position_get_page (position), ==, 3);
  g_assert_cmpint (plenum_position_get_revision (position), ==, 12);
  g_assert_true (g_date_time_equal (plenum_position_get_updated_at (position), expected));
  assert_round_trip (G_OBJECT (position));
  g_assert_finalize_object (position);
}

static void
test_position_null (void)
{
  g_autoptr(GError) error = NULL;
  PlenumPosition *position;

  /* Before the chair's first move. */
  {
    g_autoptr(cJSON) root = parse_ok ("{\"meeting_id\":\"" MEETING_ID "\",\"item_id\":null,"
                                      "\"document_id\":null,\"page\":null,\"revision\":0,"
                                      "\"updated_at\":null}");

    position = plenum_position_new_from_json (root, "", &error);
    g_assert_no_error (error);
    g_assert_null (plenum_position_get_item_id (position));
    g_assert_null (plenum_position_get_document_id (position));
    g_assert_cmpint (plenum_position_get_page (position), ==, -1);
    g_assert_cmpint (plenum_position_get_revision (position), ==, 0);
    g_assert_null (plenum_position_get_updated_at (position));
    assert_round_trip (G_OBJECT (position));
    g_assert_finalize_object (position);
  }

  /* An item and a document without a page: "this document". */
  {
    g_autoptr(cJSON) root = parse_ok ("{\"meeting_id\":\"" MEETING_ID "\",\"item_id\":\""
                                      ITEM_ID "\",\"document_id\":\"" DOC_ID "\",\"page\":null,"
                                      "\"revision\":2,\"updated_at\":\"2026-12-01T01:15:00Z\"}");

    position = plenum_position_new_from_json (root, "", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (plenum_position_get_document_id (position), ==, DOC_ID);
    g_assert_cmpint (plenum_position_get_page (position), ==, -1);
    assert_round_trip (G_OBJECT (position));
    g_assert_finalize_object (position);
  }
}

static void
test_position_refused (void)
{
  /* A page without a document. */
  assert_position_refused ("{\"meeting_id\":\"" MEETING_ID "\",\"item_id\":\"" ITEM_ID "\","
                           "\"document_id\":null,\"page\":2,\"revision\":1,"
                           "\"updated_at\":\"2026-12-01T01:15:00Z\"}",
                           PLENUM_JSON_ERROR_FORMAT, "position.page");
  /* A key the protocol does not have. */
  assert_position_refused ("{\"meeting_id\":\"" MEETING_ID "\",\"item_id\":\"" ITEM_ID "\","
                           "\"document_id\":null,\"page\":null,\"revision\":1,"
                           "\"updated_at\":\"2026-12-01T01:15:00Z\",\"zoom\":2}",
                           PLENUM_JSON_ERROR_UNKNOWN_KEY, "position.zoom");
  /* Required keys may be null but not absent. */
  assert_position_refused ("{\"meeting_id\":\"" MEETING_ID "\",\"item_id\":null,"
                           "\"page\":null,\"revision\":0,\"updated_at\":null}",
                           PLENUM_JSON_ERROR_MISSING, "position.document_id");
  assert_position_refused ("{\"meeting_id\":\"" MEETING_ID "\",\"item_id\":null,"
                           "\"document_id\":null,\"page\":null,\"revision\":-1,"
                           "\"updated_at\":null}",
                           PLENUM_JSON_ERROR_RANGE, "position.revision");
  assert_position_refused ("{\"meeting_id\":\"" MEETING_ID "\",\"item_id\":\"" ITEM_ID "\","
                           "\"document_id\":\"" DOC_ID "\",\"page\":-1,\"revision\":1,"
                           "\"updated_at\":null}",
                           PLENUM_JSON_ERROR_RANGE, "position.page");
  assert_position_refused ("{\"meeting_id\":\"not-a-uuid\",\"item_id\":null,"
                           "\"document_id\":null,\"page\":null,\"revision\":0,"
                           "\"updated_at\":null}",
                           PLENUM_JSON_ERROR_FORMAT, "position.meeting_id");
  /* Case matters. */
  assert_position_refused ("{\"Meeting_id\":\"" MEETING_ID "\",\"item_id\":null,"
                           "\"document_id\":null,\"page\":null,\"revision\":0,"
                           "\"updated_at\":null}",
                           PLENUM_JSON_ERROR_UNKNOWN_KEY, "Meeting_id");
}

#define QUEUE_JSON \
  "{\"meeting_id\":\"" MEETING_ID "\",\"revision\":7," \
  "\"floor\":{\"account_id\":\"" ANNA_ID "\",\"display_name\":\"Nguyễn Văn An\"," \
  "\"since\":\"2026-12-01T01:10:00Z\"}," \
  "\"queue\":[{\"account_id\":\"" BINH_ID "\",\"display_name\":\"Trần Thị Bình\"," \
  "\"position\":1,\"asked_at\":\"2026-12-01T01:05:00Z\"}," \
  "{\"account_id\":\"" CHI_ID "\",\"display_name\":\"Lê Chí\",\"position\":2," \
  "\"asked_at\":\"2026-12-01T01:06:00Z\"}]}"

static void
test_queue_valid (void)
{
  g_autoptr(cJSON) root = parse_ok (QUEUE_JSON);
  g_autoptr(GError) error = NULL;
  PlenumSpeakerQueue *queue = plenum_speaker_queue_new_from_json (root, "", &error);
  PlenumSpeaker *floor;
  PlenumSpeaker *second;
  GPtrArray *waiting;

  g_assert_no_error (error);
  g_assert_cmpstr (plenum_speaker_queue_get_meeting_id (queue), ==, MEETING_ID);
  g_assert_cmpint (plenum_speaker_queue_get_revision (queue), ==, 7);
  floor = plenum_speaker_queue_get_floor (queue);
  g_assert_nonnull (floor);
  g_assert_cmpstr (plenum_speaker_get_account_id (floor), ==, ANNA_ID);
  g_assert_cmpstr (plenum_speaker_get_display_name (floor), ==, "Nguyễn Văn An");
  g_assert_cmpuint (plenum_speaker_get_position (floor), ==, 0);
  waiting = plenum_speaker_queue_get_waiting (queue);
  g_assert_cmpuint (waiting->len, ==, 2);
  second = g_ptr_array_index (waiting, 1);
  g_assert_cmpstr (plenum_speaker_get_account_id (second), ==, CHI_ID);
  g_assert_cmpuint (plenum_speaker_get_position (second), ==, 2);
  g_assert_cmpint (g_date_time_get_minute (plenum_speaker_get_time (second)), ==, 6);

  /* find: the floor is 0, the queue counts from 1, anyone else -1. */
  g_assert_cmpint (plenum_speaker_queue_find (queue, ANNA_ID), ==, 0);
  g_assert_cmpint (plenum_speaker_queue_find (queue, BINH_ID), ==, 1);
  g_assert_cmpint (plenum_speaker_queue_find (queue, CHI_ID), ==, 2);
  g_assert_cmpint (plenum_speaker_queue_find (queue, ITEM_ID), ==, -1);
  g_assert_cmpint (plenum_speaker_queue_find (queue, NULL), ==, -1);

  assert_round_trip (G_OBJECT (queue));
  g_assert_finalize_object (queue);
}

static void
test_queue_empty (void)
{
  g_autoptr(cJSON) root = parse_ok ("{\"meeting_id\":\"" MEETING_ID "\",\"revision\":0,"
                                    "\"floor\":null,\"queue\":[]}");
  g_autoptr(GError) error = NULL;
  PlenumSpeakerQueue *queue = plenum_speaker_queue_new_from_json (root, "", &error);

  g_assert_no_error (error);
  g_assert_null (plenum_speaker_queue_get_floor (queue));
  g_assert_cmpuint (plenum_speaker_queue_get_waiting (queue)->len, ==, 0);
  g_assert_cmpint (plenum_speaker_queue_find (queue, ANNA_ID), ==, -1);
  assert_round_trip (G_OBJECT (queue));
  g_assert_finalize_object (queue);
}

static void
assert_queue_refused (const char *json,
                      int         code,
                      const char *field)
{
  g_autoptr(cJSON) root = parse_ok (json);
  g_autoptr(GError) error = NULL;
  PlenumSpeakerQueue *queue = plenum_speaker_queue_new_from_json (root, "speakers", &error);

  g_assert_null (queue);
  g_assert_error (error, PLENUM_JSON_ERROR, code);
  g_assert_nonnull (strstr (error->message, field));
}

static void
test_queue_refused (void)
{
  /* An unknown key in an entry. */
  assert_queue_refused ("{\"meeting_id\":\"" MEETING_ID "\",\"revision\":1,\"floor\":null,"
                        "\"queue\":[{\"account_id\":\"" BINH_ID "\",\"display_name\":\"B\","
                        "\"position\":1,\"asked_at\":\"2026-12-01T01:05:00Z\",\"x\":1}]}",
                        PLENUM_JSON_ERROR_UNKNOWN_KEY, "speakers.queue[0].x");
  /* The floor has "since", not a position. */
  assert_queue_refused ("{\"meeting_id\":\"" MEETING_ID "\",\"revision\":1,\"floor\":"
                        "{\"account_id\":\"" BINH_ID "\",\"display_name\":\"B\","
                        "\"position\":0,\"since\":\"2026-12-01T01:05:00Z\"},\"queue\":[]}",
                        PLENUM_JSON_ERROR_UNKNOWN_KEY, "speakers.floor.position");
  /* Positions out of order. */
  assert_queue_refused ("{\"meeting_id\":\"" MEETING_ID "\",\"revision\":1,\"floor\":null,"
                        "\"queue\":[{\"account_id\":\"" BINH_ID "\",\"display_name\":\"B\","
                        "\"position\":2,\"asked_at\":\"2026-12-01T01:05:00Z\"}]}",
                        PLENUM_JSON_ERROR_RANGE, "speakers.queue[0].position");
  /* Someone twice. */
  assert_queue_refused ("{\"meeting_id\":\"" MEETING_ID "\",\"revision\":1,\"floor\":"
                        "{\"account_id\":\"" BINH_ID "\",\"display_name\":\"B\","
                        "\"since\":\"2026-12-01T01:05:00Z\"},"
                        "\"queue\":[{\"account_id\":\"" BINH_ID "\",\"display_name\":\"B\","
                        "\"position\":1,\"asked_at\":\"2026-12-01T01:05:00Z\"}]}",
                        PLENUM_JSON_ERROR_FORMAT, "speakers.queue[0]");
  /* "floor" is required, null allowed. */
  assert_queue_refused ("{\"meeting_id\":\"" MEETING_ID "\",\"revision\":1,\"queue\":[]}",
                        PLENUM_JSON_ERROR_MISSING, "speakers.floor");
}

static void
test_quorum (void)
{
  g_autoptr(GError) error = NULL;
  PlenumQuorum *quorum;

  {
    g_autoptr(cJSON) root = parse_ok ("{\"meeting_id\":\"" MEETING_ID "\",\"members\":12,"
                                      "\"present\":7,\"required\":7,\"met\":true}");

    quorum = plenum_quorum_new_from_json (root, "", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (plenum_quorum_get_meeting_id (quorum), ==, MEETING_ID);
    g_assert_cmpuint (plenum_quorum_get_members (quorum), ==, 12);
    g_assert_cmpuint (plenum_quorum_get_present (quorum), ==, 7);
    g_assert_cmpuint (plenum_quorum_get_required (quorum), ==, 7);
    g_assert_true (plenum_quorum_get_met (quorum));
    assert_round_trip (G_OBJECT (quorum));
    g_assert_finalize_object (quorum);
  }

  {
    g_autoptr(cJSON) root = parse_ok ("{\"meeting_id\":\"" MEETING_ID "\",\"members\":12,"
                                      "\"present\":7,\"required\":7,\"met\":true,"
                                      "\"quorate\":true}");

    quorum = plenum_quorum_new_from_json (root, "quorum", &error);
    g_assert_null (quorum);
    g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_UNKNOWN_KEY);
    g_clear_error (&error);
  }

  {
    g_autoptr(cJSON) root = parse_ok ("{\"meeting_id\":\"" MEETING_ID "\",\"members\":3,"
                                      "\"present\":4,\"required\":2,\"met\":true}");

    quorum = plenum_quorum_new_from_json (root, "quorum", &error);
    g_assert_null (quorum);
    g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_RANGE);
    g_clear_error (&error);
  }

  {
    g_autoptr(cJSON) root = parse_ok ("{\"meeting_id\":\"" MEETING_ID "\",\"members\":3,"
                                      "\"present\":1,\"required\":2,\"met\":\"no\"}");

    quorum = plenum_quorum_new_from_json (root, "quorum", &error);
    g_assert_null (quorum);
    g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_TYPE);
  }
}

int
main (int   argc,
      char *argv[])
{
  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/live-models/position-valid", test_position_valid);
  g_test_add_func ("/plenum/live-models/position-null", test_position_null);
  g_test_add_func ("/plenum/live-models/position-refused", test_position_refused);
  g_test_add_func ("/plenum/live-models/queue-valid", test_queue_valid);
  g_test_add_func ("/plenum/live-models/queue-empty", test_queue_empty);
  g_test_add_func ("/plenum/live-models/queue-refused", test_queue_refused);
  g_test_add_func ("/plenum/live-models/quorum", test_quorum);

  return g_test_run ();
}
