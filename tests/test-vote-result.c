/* test-vote-result.c — the result of a closed vote (core/plenum-vote-result.h): every
 * figure read from a whole Vote, no result for an open vote, and the shapes a strict
 * reader refuses.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "core/plenum-core.h"

#include "plenum-test-util.h"

/* A Vote as the server sends it (docs/protocol.md, "Votes") with @options, @majority
 * and @result spliced in as JSON. */
static char *
vote_json (const char *options,
           const char *majority,
           const char *result)
{
  return g_strdup_printf ("{\"id\":\"00000071-0000-4000-8000-000000000071\","
                          "\"meeting_id\":\"0b7e2f9c-3d1a-4c56-9e8f-1a2b3c4d5e6f\","
                          "\"title\":\"Thông qua Nghị quyết\",\"kind\":\"secret\","
                          "\"form\":\"motion\",\"options\":%s,\"max_choices\":1,%s"
                          "\"state\":\"closed\",\"result\":%s,\"voted\":9}",
                          options, majority, result);
}

static PlenumVoteResult *
read_ok (const char *options,
         const char *majority,
         const char *result)
{
  g_autofree char *json = vote_json (options, majority, result);
  g_autoptr(GError) error = NULL;
  PlenumVoteResult *vote_result = plenum_vote_result_new_from_vote_json (json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (vote_result);
  return vote_result;
}

#define MOTION "[\"for\",\"against\",\"abstain\"]"
#define THREE  "[\"Nguyễn Văn A\",\"Trần Thị B\",\"Lê Văn C\"]"

/* Every figure of a motion's result, of the members present. */
static void
test_motion (void)
{
  g_autoptr(PlenumVoteResult) result =
    read_ok (MOTION, "\"majority\":\"present\",",
             "{\"counts\":[4,2,1],\"ballots\":7,\"eligible\":12,\"present\":7,\"basis\":7,"
             "\"needed\":4,\"passed\":true,\"elected\":[],\"show_of_hands\":false}");

  g_assert_cmpuint (plenum_vote_result_get_n_counts (result), ==, 3);
  g_assert_cmpuint (plenum_vote_result_get_count (result, 0), ==, 4);
  g_assert_cmpuint (plenum_vote_result_get_count (result, 1), ==, 2);
  g_assert_cmpuint (plenum_vote_result_get_count (result, 2), ==, 1);
  g_assert_cmpuint (plenum_vote_result_get_n_elected (result), ==, 0);
  g_assert_cmpuint (plenum_vote_result_get_ballots (result), ==, 7);
  g_assert_cmpuint (plenum_vote_result_get_eligible (result), ==, 12);
  g_assert_cmpuint (plenum_vote_result_get_present (result), ==, 7);
  g_assert_cmpuint (plenum_vote_result_get_basis (result), ==, 7);
  g_assert_cmpuint (plenum_vote_result_get_needed (result), ==, 4);
  g_assert_true (plenum_vote_result_get_passed (result));
  g_assert_false (plenum_vote_result_get_show_of_hands (result));
  g_assert_cmpint (plenum_vote_result_get_majority (result), ==, PLENUM_MAJORITY_PRESENT);
}

/* An election of all members by show of hands: who was elected, in the server's order;
 * the optional figures default to 0 and false, a missing majority to "present". */
static void
test_election (void)
{
  g_autoptr(PlenumVoteResult) result =
    read_ok (THREE, "\"majority\":\"members\",",
             "{\"counts\":[8,7,2],\"basis\":12,\"needed\":7,\"passed\":true,"
             "\"elected\":[1,0],\"show_of_hands\":true}");
  g_autoptr(PlenumVoteResult) plain =
    read_ok (MOTION, "",
             "{\"counts\":[0,0,0],\"basis\":0,\"needed\":1,\"passed\":false,\"elected\":null}");

  g_assert_cmpuint (plenum_vote_result_get_n_elected (result), ==, 2);
  g_assert_cmpuint (plenum_vote_result_get_elected (result, 0), ==, 1);
  g_assert_cmpuint (plenum_vote_result_get_elected (result, 1), ==, 0);
  g_assert_cmpuint (plenum_vote_result_get_ballots (result), ==, 0);
  g_assert_cmpuint (plenum_vote_result_get_present (result), ==, 0);
  g_assert_true (plenum_vote_result_get_show_of_hands (result));
  g_assert_cmpint (plenum_vote_result_get_majority (result), ==, PLENUM_MAJORITY_MEMBERS);

  g_assert_cmpint (plenum_vote_result_get_majority (plain), ==, PLENUM_MAJORITY_PRESENT);
  g_assert_false (plenum_vote_result_get_passed (plain));
  g_assert_false (plenum_vote_result_get_show_of_hands (plain));
  g_assert_cmpuint (plenum_vote_result_get_n_elected (plain), ==, 0);
  g_assert_cmpuint (plenum_vote_result_get_needed (plain), ==, 1);
}

/* An open vote, or one annulled before it closed, has no result: NULL and no error. */
static void
test_no_result (void)
{
  const char *vote_without_result =
    "{\"options\":[\"for\",\"against\",\"abstain\"],\"state\":\"open\"}";
  g_autofree char *null_result = vote_json (MOTION, "", "null");
  g_autoptr(GError) error = NULL;

  g_assert_null (plenum_vote_result_new_from_vote_json (null_result, &error));
  g_assert_no_error (error);
  g_assert_null (plenum_vote_result_new_from_vote_json (vote_without_result, &error));
  g_assert_no_error (error);
}

/* What a strict reader refuses, each with the code a caller can tell apart. */
static void
test_refused (void)
{
  static const struct
  {
    const char *options;
    const char *majority;
    const char *result;
    int         code;
  } cases[] = {
    /* The result is not an object. */
    { MOTION, "", "[4,2,1]", PLENUM_JSON_ERROR_TYPE },
    /* One count short, and one too many, for the options. */
    { MOTION, "", "{\"counts\":[4,2],\"basis\":7,\"needed\":4,\"passed\":true}",
      PLENUM_JSON_ERROR_RANGE },
    { MOTION, "", "{\"counts\":[4,2,1,0],\"basis\":7,\"needed\":4,\"passed\":true}",
      PLENUM_JSON_ERROR_RANGE },
    /* Counts that are no counts. */
    { MOTION, "", "{\"counts\":[4,-2,1],\"basis\":7,\"needed\":4,\"passed\":true}",
      PLENUM_JSON_ERROR_RANGE },
    { MOTION, "", "{\"counts\":[4,2.5,1],\"basis\":7,\"needed\":4,\"passed\":true}",
      PLENUM_JSON_ERROR_RANGE },
    { MOTION, "", "{\"counts\":[4,\"2\",1],\"basis\":7,\"needed\":4,\"passed\":true}",
      PLENUM_JSON_ERROR_TYPE },
    /* A required figure missing, or of the wrong type. */
    { MOTION, "", "{\"basis\":7,\"needed\":4,\"passed\":true}", PLENUM_JSON_ERROR_MISSING },
    { MOTION, "", "{\"counts\":[4,2,1],\"needed\":4,\"passed\":true}", PLENUM_JSON_ERROR_MISSING },
    { MOTION, "", "{\"counts\":[4,2,1],\"basis\":7,\"passed\":true}", PLENUM_JSON_ERROR_MISSING },
    { MOTION, "", "{\"counts\":[4,2,1],\"basis\":7,\"needed\":4}", PLENUM_JSON_ERROR_MISSING },
    { MOTION, "", "{\"counts\":[4,2,1],\"basis\":7,\"needed\":4,\"passed\":\"yes\"}",
      PLENUM_JSON_ERROR_TYPE },
    { MOTION, "", "{\"counts\":[4,2,1],\"basis\":-1,\"needed\":4,\"passed\":true}",
      PLENUM_JSON_ERROR_RANGE },
    { MOTION, "", "{\"counts\":[4,2,1],\"ballots\":1.5,\"basis\":7,\"needed\":4,\"passed\":true}",
      PLENUM_JSON_ERROR_RANGE },
    { MOTION, "", "{\"counts\":[4,2,1],\"basis\":7,\"needed\":4,\"passed\":true,"
      "\"show_of_hands\":1}", PLENUM_JSON_ERROR_TYPE },
    /* An elected position that names no option. */
    { THREE, "", "{\"counts\":[8,7,2],\"basis\":12,\"needed\":7,\"passed\":true,"
      "\"elected\":[3]}", PLENUM_JSON_ERROR_RANGE },
    /* A majority of neither kind. */
    { MOTION, "\"majority\":\"most\",", "{\"counts\":[4,2,1],\"basis\":7,\"needed\":4,"
      "\"passed\":true}", PLENUM_JSON_ERROR_FORMAT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = vote_json (cases[i].options, cases[i].majority, cases[i].result);
      g_autoptr(GError) error = NULL;
      g_autoptr(PlenumVoteResult) result = NULL;

      g_test_message ("case %u: %s", i, json);
      result = plenum_vote_result_new_from_vote_json (json, &error);
      g_assert_null (result);
      g_assert_error (error, PLENUM_JSON_ERROR, cases[i].code);
    }
}

/* The object is freed with its last reference. */
static void
test_finalize (void)
{
  PlenumVoteResult *result =
    read_ok (THREE, "", "{\"counts\":[1,0,0],\"basis\":1,\"needed\":1,\"passed\":true,"
             "\"elected\":[0]}");

  g_assert_finalize_object (result);
}

/* The names of an open vote's voters, in the server's order; none for a secret vote; a
 * voter without a name is refused. */
static void
test_voter_names (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) named = NULL;
  g_auto(GStrv) secret = NULL;
  g_auto(GStrv) broken = NULL;

  named = plenum_vote_get_voter_names ("{\"voted\": 2, \"voters\": ["
                                       "{\"account_id\": \"a\", \"display_name\": \"Lê Minh Tuấn\"},"
                                       "{\"account_id\": \"b\", \"display_name\": \"Trần Thị B\"}]}",
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (named), ==, 2);
  g_assert_cmpstr (named[0], ==, "Lê Minh Tuấn");
  g_assert_cmpstr (named[1], ==, "Trần Thị B");

  secret = plenum_vote_get_voter_names ("{\"voted\": 3}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (secret), ==, 0);

  broken = plenum_vote_get_voter_names ("{\"voters\": [{\"account_id\": \"a\"}]}", &error);
  g_assert_null (broken);
  g_assert_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_MISSING);
}

int
main (int   argc,
      char *argv[])
{
  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/vote-result/motion", test_motion);
  g_test_add_func ("/plenum/vote-result/election", test_election);
  g_test_add_func ("/plenum/vote-result/no-result", test_no_result);
  g_test_add_func ("/plenum/vote-result/refused", test_refused);
  g_test_add_func ("/plenum/vote-result/finalize", test_finalize);
  g_test_add_func ("/plenum/vote-result/voter-names", test_voter_names);

  return g_test_run ();
}
