/* plenum-opinion-sheet.h — the member's opinions in a meeting's opinion rounds (issue
 * #7, "xin ý kiến"): for each round of the meeting, its title, the document it is on,
 * its deadline in the local time ("Open until Tuesday 1 December, 17:00"), the member's
 * answer in words ("Not answered yet", "Your answer: Agree with comments") and its state
 * in a sentence ("Saved — will be sent when the terminal is back online", "Sent",
 * "Recorded", "Not recorded: <reason>"); the three stances as big toggle buttons, a
 * multi-line text, comments pinned to pages (a page chosen with − and + within the
 * document's pages, and a text) and "Send my opinion".
 *
 * It reads the store only (the rounds as the sync engine last saved them, the member's
 * answer and its operation) and follows its "opinion-rounds-changed",
 * "opinion-answers-changed" and "outbox-changed". A round's form is made once, filled
 * from the member's stored answer, and then changed only by the member (a refresh of
 * the rounds only updates the lines around it). Once a round is past its deadline (or
 * closed early) its form is read-only. Sending saves the answer with its outbox
 * operation (plenum_store_save_opinion_async()); the sync engine sends it. One timer,
 * armed for the next moment something changes (a deadline, or a reminder's threshold),
 * re-reads the rounds: nothing polls.
 *
 * Reminders: a round the member has not answered (nor queued an answer to) that closes
 * within 24 hours gives a reminder line; within 2 hours it is urgent. The meeting page
 * shows it (plenum_opinion_sheet_get_reminder(), "reminder-changed").
 *
 * Actions (the round's id first):
 *   opinion.choose (ss)          chooses a stance ("agree", "agree_with_comments",
 *                                "disagree") as a tap on its button would
 *   opinion.add-comment (s)      adds a comment row (on the first page)
 *   opinion.remove-comment (su)  removes the comment row at that position
 *   opinion.page-down (su)       the comment row's page, one less (not below the first)
 *   opinion.page-up (su)         one more (not beyond the document's last)
 *   opinion.send (s)             saves the answer (enabled while the round is open and
 *                                a stance is chosen)
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "store/plenum-store.h"

G_BEGIN_DECLS

#define PLENUM_TYPE_OPINION_SHEET (plenum_opinion_sheet_get_type ())

G_DECLARE_FINAL_TYPE (PlenumOpinionSheet, plenum_opinion_sheet, PLENUM, OPINION_SHEET, GtkWidget)

/* The opinion sheet of @account_id (the signed-in member, a UUID) in @meeting_id. */
GtkWidget       *plenum_opinion_sheet_new                (PlenumStore        *store,
                                                          const char         *account_id,
                                                          const char         *meeting_id);

/* The rounds shown, in the server's order (their ids; transfer none, NULL-terminated;
 * empty while the sheet is hidden). */
const char * const *plenum_opinion_sheet_get_round_ids   (PlenumOpinionSheet *self);

/* What the form of @round_id shows, for tests (transfer none; "" or NULL when the round
 * is not shown). The lines: "title" (the round's title), "document", "deadline",
 * "answer" ("Not answered yet", "Your answer: …") and "state" (the answer's state or the
 * last send's failure). */
const char      *plenum_opinion_sheet_get_text           (PlenumOpinionSheet *self,
                                                          const char         *round_id,
                                                          const char         *line);
GtkToggleButton *plenum_opinion_sheet_get_stance_button  (PlenumOpinionSheet *self,
                                                          const char         *round_id,
                                                          PlenumOpinionStance stance);
GtkTextView     *plenum_opinion_sheet_get_text_view      (PlenumOpinionSheet *self,
                                                          const char         *round_id);
GtkButton       *plenum_opinion_sheet_get_send_button    (PlenumOpinionSheet *self,
                                                          const char         *round_id);
/* The comment rows of @round_id: how many, and each one's page (from 0) and entry. */
guint            plenum_opinion_sheet_get_n_comments     (PlenumOpinionSheet *self,
                                                          const char         *round_id);
guint            plenum_opinion_sheet_get_comment_page   (PlenumOpinionSheet *self,
                                                          const char         *round_id,
                                                          guint               position);
GtkEditable     *plenum_opinion_sheet_get_comment_entry  (PlenumOpinionSheet *self,
                                                          const char         *round_id,
                                                          guint               position);
/* Whether the form of @round_id takes an answer now (open, before the deadline). */
gboolean         plenum_opinion_sheet_get_editable       (PlenumOpinionSheet *self,
                                                          const char         *round_id);

/* The reminder to show now, or NULL (transfer none); *@urgent (may be NULL) is TRUE
 * within two hours of the deadline. */
const char      *plenum_opinion_sheet_get_reminder       (PlenumOpinionSheet *self,
                                                          gboolean           *urgent);

/* The reminder for @account_id in @meeting_id at @now: of the rounds open at @now that
 * the member has neither answered (here or, as the round says, elsewhere) nor queued an
 * answer to, the one that closes first, when it closes within 24 hours ("Your opinion
 * on “…” is due by 17:00 today"); NULL otherwise. *@urgent: within 2 hours. *@next (may
 * be NULL): when the reminder next changes (a threshold or deadline, or midnight for
 * "today"), a new reference, or NULL when nothing will change by itself. Free the
 * result with g_free(). */
char            *plenum_opinion_sheet_format_reminder    (PlenumStore        *store,
                                                          const char         *account_id,
                                                          const char         *meeting_id,
                                                          GDateTime          *now,
                                                          gboolean           *urgent,
                                                          GDateTime         **next);

/* "Not recorded: <reason>": the server's refusal @code as a translated sentence where
 * known (round_closed → "the round closed before your answer arrived"), else its
 * @message. Free with g_free(). */
char            *plenum_opinion_sheet_format_refusal     (const char         *code,
                                                          const char         *message);

/* Signals:
 *   "opinion-saved" (const char *operation_id)  an answer was saved (durable, queued)
 *   "reminder-changed"                          the reminder's text or urgency changed
 */

G_END_DECLS
