/* plenum-chair.h — what the meeting's chair does from the terminal: move the meeting
 * through the agenda, show everyone a page, give the floor, open, close and annul votes
 * and enter a show of hands (docs/protocol.md, "The live meeting" and "Votes").
 *
 * Each action is one user intent with one operation id (made here, a UUID), sent
 * directly with plenum_sync_engine_send_async(): the chair acts while the room is
 * connected, so an action is not queued for later (a vote opened an hour late would be
 * wrong). A transient failure (no connection, 5xx, 408, 429) is retried with the SAME
 * operation id, a few times over about ten seconds, so an action the server already
 * applied is never applied twice; then the action fails with PLENUM_CHAIR_ERROR_OFFLINE.
 * The new state reaches the UI through the engine's signals ("position-changed",
 * "speakers-changed", "votes-changed"), like every other terminal's: the console does
 * not patch its own view from the answer.
 *
 * Threading: the engine's thread.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sync/plenum-sync-engine.h"

G_BEGIN_DECLS

#define PLENUM_CHAIR_ERROR (plenum_chair_error_quark ())

/* The server's reasons, as the UI words them (the server's English message stays in
 * the GError's message for the log). */
typedef enum {
  PLENUM_CHAIR_ERROR_OFFLINE,          /* the server could not be reached */
  PLENUM_CHAIR_ERROR_FORBIDDEN,        /* not the chair (403 forbidden), or signed out */
  PLENUM_CHAIR_ERROR_NOT_FOUND,        /* item, document, vote or member unknown (404) */
  PLENUM_CHAIR_ERROR_NO_QUORUM,        /* 409 no_quorum */
  PLENUM_CHAIR_ERROR_VOTE_IN_PROGRESS, /* 409 vote_in_progress */
  PLENUM_CHAIR_ERROR_VOTE_CLOSED,      /* 409 vote_closed */
  PLENUM_CHAIR_ERROR_MEETING_CLOSED,   /* 409 meeting_closed */
  PLENUM_CHAIR_ERROR_INVALID,          /* 400: the request was wrong (a bug, or counts
                                        * out of range for a show of hands) */
  PLENUM_CHAIR_ERROR_SESSION_EXPIRED,  /* 401: sign in again */
  PLENUM_CHAIR_ERROR_FAILED,           /* anything else (5xx after the retries, …) */
} PlenumChairError;

GQuark       plenum_chair_error_quark (void);

#define PLENUM_TYPE_CHAIR (plenum_chair_get_type ())
G_DECLARE_FINAL_TYPE (PlenumChair, plenum_chair, PLENUM, CHAIR, GObject)

/* The chair's actions on @meeting_id (a UUID) through @engine. Creating it does not
 * check the role: the server does, at each action. */
PlenumChair *plenum_chair_new              (PlenumSyncEngine    *engine,
                                            const char          *meeting_id);
const char  *plenum_chair_get_meeting_id   (PlenumChair         *self);

/* PUT …/position: @item_id required; @document_id NULL for none; @page from 0, or -1
 * for none (then @document_id may still be set: "this document"). */
void         plenum_chair_move_async       (PlenumChair         *self,
                                            const char          *item_id,
                                            const char          *document_id,
                                            gint                 page,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

/* POST …/speakers/next. */
void         plenum_chair_next_speaker_async (PlenumChair       *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

/* POST …/speakers/{account_id}/floor. */
void         plenum_chair_give_floor_async (PlenumChair         *self,
                                            const char          *account_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

/* What a new vote is. @candidates NULL (or empty) for a motion. */
typedef struct {
  const char         *item_id;
  const char         *title;
  gboolean            secret;
  gboolean            majority_of_members;  /* FALSE: of those present */
  gboolean            quorum_required;
  gboolean            changeable;
  const char * const *candidates;           /* NULL-terminated, or NULL */
  guint               max_choices;          /* candidate lists: 1…n (0 means 1) */
} PlenumVoteSpec;

/* POST …/votes. The finish's result is the new vote's id via
 * plenum_chair_open_vote_finish(). */
void         plenum_chair_open_vote_async  (PlenumChair         *self,
                                            const PlenumVoteSpec *spec,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
char        *plenum_chair_open_vote_finish (PlenumChair         *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* POST …/votes/{vote_id}/close and …/annul. */
void         plenum_chair_close_vote_async (PlenumChair         *self,
                                            const char          *vote_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
void         plenum_chair_annul_vote_async (PlenumChair         *self,
                                            const char          *vote_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

/* POST …/votes/{vote_id}/show-of-hands with one count per option. */
void         plenum_chair_show_of_hands_async (PlenumChair      *self,
                                            const char          *vote_id,
                                            const guint         *counts,
                                            guint                n_counts,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

/* Finishes every action but open_vote. */
gboolean     plenum_chair_finish           (PlenumChair         *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
