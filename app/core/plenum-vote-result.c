/* plenum-vote-result.c — the result of a closed vote. See plenum-vote-result.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-vote-result"

#include <math.h>

#include "plenum-limits.h"
#include "plenum-vote-result.h"

struct _PlenumVoteResult
{
  GObject         parent_instance;

  GArray         *counts;  /* guint per option */
  GArray         *elected; /* guint positions, most votes first */
  guint           ballots;
  guint           eligible;
  guint           present;
  guint           basis;
  guint           needed;
  gboolean        passed;
  gboolean        show_of_hands;
  PlenumMajority  majority;
};

G_DEFINE_FINAL_TYPE (PlenumVoteResult, plenum_vote_result, G_TYPE_OBJECT)

static void
plenum_vote_result_finalize (GObject *object)
{
  PlenumVoteResult *self = (PlenumVoteResult *) object;

  g_clear_pointer (&self->counts, g_array_unref);
  g_clear_pointer (&self->elected, g_array_unref);

  G_OBJECT_CLASS (plenum_vote_result_parent_class)->finalize (object);
}

static void
plenum_vote_result_class_init (PlenumVoteResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plenum_vote_result_finalize;
}

static void
plenum_vote_result_init (PlenumVoteResult *self)
{
  self->counts = g_array_new (FALSE, FALSE, sizeof (guint));
  self->elected = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* The whole numbers of the array @key of @object, each at most @limit, appended to
 * @out. An absent (or, with PLENUM_JSON_NULLABLE, null) array is empty. */
static gboolean
read_numbers (const cJSON     *object,
              const char      *where,
              const char      *key,
              PlenumJsonFlags  flags,
              guint            limit,
              GArray          *out,
              GError         **error)
{
  g_autofree char *path = plenum_json_path_key (where, key);
  const cJSON *array = NULL;
  const cJSON *element;
  guint i = 0;

  if (!plenum_json_get_array (object, where, key, flags, PLENUM_MAX_ARRAY_ITEMS, &array, error))
    return FALSE;
  cJSON_ArrayForEach (element, array)
    {
      double value = cJSON_IsNumber (element) ? element->valuedouble : -1;
      guint n;

      /* A count or a position: 1.5, -1 and "1" are no such thing. */
      if (value < 0 || value > limit || value != floor (value))
        {
          g_autofree char *at = plenum_json_path_index (path, i);

          g_set_error (error, PLENUM_JSON_ERROR,
                       cJSON_IsNumber (element) ? PLENUM_JSON_ERROR_RANGE : PLENUM_JSON_ERROR_TYPE,
                       "%s: not a whole number from 0 to %u", at, limit);
          return FALSE;
        }
      n = (guint) value;
      g_array_append_val (out, n);
      i++;
    }
  return TRUE;
}

PlenumVoteResult *
plenum_vote_result_new_from_vote (const cJSON  *node,
                                  const char   *where,
                                  GError      **error)
{
  g_autoptr(PlenumVoteResult) self = NULL;
  g_autofree char *result_where = plenum_json_path_key (where, "result");
  const cJSON *result = NULL;
  const cJSON *options = NULL;
  const char *majority = NULL;
  guint n_options;
  gint64 ballots = 0, eligible = 0, present = 0, basis = 0, needed = 0;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!plenum_json_get_object (node, where, "result", PLENUM_JSON_NULLABLE, &result, error))
    return NULL;
  if (result == NULL)
    return NULL;

  self = g_object_new (PLENUM_TYPE_VOTE_RESULT, NULL);
  if (!plenum_json_get_array (node, where, "options", PLENUM_JSON_REQUIRED,
                              PLENUM_MAX_ARRAY_ITEMS, &options, error) ||
      !plenum_json_get_string (node, where, "majority", PLENUM_JSON_OPTIONAL, &majority,
                               error))
    return NULL;
  n_options = (guint) cJSON_GetArraySize (options);
  if (majority == NULL || g_str_equal (majority, "present"))
    self->majority = PLENUM_MAJORITY_PRESENT;
  else if (g_str_equal (majority, "members"))
    self->majority = PLENUM_MAJORITY_MEMBERS;
  else
    {
      g_autofree char *path = plenum_json_path_key (where, "majority");

      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_FORMAT,
                   "%s: neither \"present\" nor \"members\"", path);
      return NULL;
    }

  if (!read_numbers (result, result_where, "counts", PLENUM_JSON_REQUIRED, G_MAXINT,
                     self->counts, error) ||
      !read_numbers (result, result_where, "elected", PLENUM_JSON_NULLABLE,
                     n_options > 0 ? n_options - 1 : 0, self->elected, error) ||
      !plenum_json_get_int64 (result, result_where, "ballots", PLENUM_JSON_OPTIONAL, 0, G_MAXINT,
                              &ballots, error) ||
      !plenum_json_get_int64 (result, result_where, "eligible", PLENUM_JSON_OPTIONAL, 0, G_MAXINT,
                              &eligible, error) ||
      !plenum_json_get_int64 (result, result_where, "present", PLENUM_JSON_OPTIONAL, 0, G_MAXINT,
                              &present, error) ||
      !plenum_json_get_int64 (result, result_where, "basis", PLENUM_JSON_REQUIRED, 0, G_MAXINT,
                              &basis, error) ||
      !plenum_json_get_int64 (result, result_where, "needed", PLENUM_JSON_REQUIRED, 0, G_MAXINT,
                              &needed, error) ||
      !plenum_json_get_bool (result, result_where, "passed", PLENUM_JSON_REQUIRED, &self->passed,
                             error) ||
      !plenum_json_get_bool (result, result_where, "show_of_hands", PLENUM_JSON_OPTIONAL,
                             &self->show_of_hands, error))
    return NULL;
  /* A count for an option the vote does not have (or none for one it has) would put
   * numbers against the wrong names. */
  if (self->counts->len != n_options)
    {
      g_autofree char *path = plenum_json_path_key (result_where, "counts");

      g_set_error (error, PLENUM_JSON_ERROR, PLENUM_JSON_ERROR_RANGE,
                   "%s: %u counts for %u options", path, self->counts->len, n_options);
      return NULL;
    }

  self->ballots = (guint) ballots;
  self->eligible = (guint) eligible;
  self->present = (guint) present;
  self->basis = (guint) basis;
  self->needed = (guint) needed;
  return g_steal_pointer (&self);
}

PlenumVoteResult *
plenum_vote_result_new_from_vote_json (const char  *json,
                                       GError     **error)
{
  g_autoptr(cJSON) node = NULL;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = plenum_json_parse (json, -1, error);
  if (node == NULL)
    return NULL;
  return plenum_vote_result_new_from_vote (node, "vote", error);
}

GStrv
plenum_vote_get_voter_names (const char  *json,
                             GError     **error)
{
  g_autoptr(cJSON) node = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  const cJSON *voters = NULL;
  const cJSON *voter;
  guint index = 0;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = plenum_json_parse (json, -1, error);
  if (node == NULL ||
      !plenum_json_get_array (node, "vote", "voters", PLENUM_JSON_OPTIONAL, G_MAXINT, &voters,
                              error))
    return NULL;
  cJSON_ArrayForEach (voter, voters)
    {
      g_autofree char *where = plenum_json_path_index ("vote.voters", index++);
      const char *name = NULL;

      if (!plenum_json_get_string (voter, where, "display_name", PLENUM_JSON_REQUIRED, &name,
                                   error))
        return NULL;
      g_strv_builder_add (names, name);
    }
  return g_strv_builder_end (names);
}

guint
plenum_vote_result_get_n_counts (PlenumVoteResult *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_RESULT (self), 0);
  return self->counts->len;
}

guint
plenum_vote_result_get_count (PlenumVoteResult *self,
                              guint             position)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_RESULT (self), 0);
  g_return_val_if_fail (position < self->counts->len, 0);
  return g_array_index (self->counts, guint, position);
}

guint
plenum_vote_result_get_n_elected (PlenumVoteResult *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_RESULT (self), 0);
  return self->elected->len;
}

guint
plenum_vote_result_get_elected (PlenumVoteResult *self,
                                guint             index)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_RESULT (self), 0);
  g_return_val_if_fail (index < self->elected->len, 0);
  return g_array_index (self->elected, guint, index);
}

guint
plenum_vote_result_get_ballots (PlenumVoteResult *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_RESULT (self), 0);
  return self->ballots;
}

guint
plenum_vote_result_get_eligible (PlenumVoteResult *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_RESULT (self), 0);
  return self->eligible;
}

guint
plenum_vote_result_get_present (PlenumVoteResult *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_RESULT (self), 0);
  return self->present;
}

guint
plenum_vote_result_get_basis (PlenumVoteResult *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_RESULT (self), 0);
  return self->basis;
}

guint
plenum_vote_result_get_needed (PlenumVoteResult *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_RESULT (self), 0);
  return self->needed;
}

gboolean
plenum_vote_result_get_passed (PlenumVoteResult *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_RESULT (self), FALSE);
  return self->passed;
}

gboolean
plenum_vote_result_get_show_of_hands (PlenumVoteResult *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_RESULT (self), FALSE);
  return self->show_of_hands;
}

PlenumMajority
plenum_vote_result_get_majority (PlenumVoteResult *self)
{
  g_return_val_if_fail (PLENUM_IS_VOTE_RESULT (self), PLENUM_MAJORITY_PRESENT);
  return self->majority;
}
