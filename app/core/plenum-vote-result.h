/* plenum-vote-result.h — the result of a closed vote as the server describes it
 * (docs/protocol.md, "Votes": the Vote's "result"), with the vote's majority basis.
 *
 * One reader for every surface that shows a result (the member's ballot sheet, the
 * chair's console, the room's wall display): an immutable GObject read strictly with
 * the plenum-json getters from a whole Vote, so that the three cannot disagree on what
 * a stored vote says. Unknown keys in "result" are left alone (a newer server may add
 * figures); wrong types, out-of-range numbers, a count per option that does not match
 * "options" and an elected position that names no option are refused.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "plenum-json.h"

G_BEGIN_DECLS

/* Of whom a decision needs a majority (the Vote's "majority"). */
typedef enum
{
  PLENUM_MAJORITY_PRESENT, /* "present": of the members present (the default) */
  PLENUM_MAJORITY_MEMBERS, /* "members": of all the body's members */
} PlenumMajority;

#define PLENUM_TYPE_VOTE_RESULT (plenum_vote_result_get_type ())
G_DECLARE_FINAL_TYPE (PlenumVoteResult, plenum_vote_result, PLENUM, VOTE_RESULT, GObject)

/* The result of the Vote @node (the whole Vote object; @where names it in errors, "" or
 * NULL for the top level). NULL without @error set when the vote has no result yet
 * ("result" absent or null: open, or annulled before it closed); NULL with @error set
 * when the result (or "options", "majority") cannot be read. */
PlenumVoteResult *plenum_vote_result_new_from_vote      (const cJSON      *node,
                                                         const char       *where,
                                                         GError          **error);
/* The same from the Vote's JSON text (as the store keeps it). */
PlenumVoteResult *plenum_vote_result_new_from_vote_json (const char       *json,
                                                         GError          **error);

/* One count per option, in the order of the vote's options. */
guint             plenum_vote_result_get_n_counts       (PlenumVoteResult *self);
guint             plenum_vote_result_get_count          (PlenumVoteResult *self,
                                                         guint             position);
/* Candidate lists: the positions of those elected, most votes first (none for a
 * motion). */
guint             plenum_vote_result_get_n_elected      (PlenumVoteResult *self);
guint             plenum_vote_result_get_elected        (PlenumVoteResult *self,
                                                         guint             index);
/* The ballots cast, the members who could vote and those present (0 when the server
 * did not say). */
guint             plenum_vote_result_get_ballots        (PlenumVoteResult *self);
guint             plenum_vote_result_get_eligible       (PlenumVoteResult *self);
guint             plenum_vote_result_get_present        (PlenumVoteResult *self);
/* The number the majority was taken of, and the votes that were needed. */
guint             plenum_vote_result_get_basis          (PlenumVoteResult *self);
guint             plenum_vote_result_get_needed         (PlenumVoteResult *self);
gboolean          plenum_vote_result_get_passed         (PlenumVoteResult *self);
/* TRUE when the chair entered the counts from a show of hands. */
gboolean          plenum_vote_result_get_show_of_hands  (PlenumVoteResult *self);
PlenumMajority    plenum_vote_result_get_majority       (PlenumVoteResult *self);

/* The display names of those who have voted in the open (named) Vote @json, in the
 * server's order ("voters"; a secret vote has none: an empty vector). NULL with @error
 * set when the JSON or its voters cannot be read. Free with g_strfreev(). */
GStrv             plenum_vote_get_voter_names           (const char       *json,
                                                         GError          **error);

G_END_DECLS
