/* plenum-annotation-carry-driver.h — when a member opens a revised document, carries
 * their marks made on earlier versions to the version being read (issue #6, "Revisions
 * of a document").
 *
 * The member's own annotations on the document (plenum_store_list_annotations()) that
 * are on another version than the current one, and not already waiting for review, are
 * grouped by the version they were made on. For each such version the text of every
 * page of both versions is read through the render helper (one request at a time, so
 * pages keep rendering), plenum_annotation_carry() runs on a GTask thread, and each
 * result is saved through the store (with its outbox operation, like any edit): a
 * carried mark on the current version, the others with needs_review set on their old
 * version. An old version whose blob is no longer on the terminal (or cannot be opened
 * or read) cannot be compared: all its marks need review. Nothing is ever dropped, and
 * since the saved results are no longer candidates, running it again does nothing new.
 *
 * It also tells which pages of the current version changed: those whose text is on no
 * page of an earlier version the member marked (plenum_annotation_changed_pages()),
 * whenever such a version is on the terminal, marks to carry or not.
 *
 * Everything runs on the main thread except the comparison itself.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "core/plenum-document.h"
#include "pdf/plenum-render-client.h"
#include "sync/plenum-sync-engine.h"

G_BEGIN_DECLS

typedef struct {
  guint     n_carried;      /* saved on the current version */
  guint     n_review;       /* saved for review on their old version */
  gboolean *changed_pages;  /* one per page of the current version; NULL when no earlier
                             * version could be compared */
  guint     n_pages;
} PlenumAnnotationCarryOutcome;

void plenum_annotation_carry_outcome_free (PlenumAnnotationCarryOutcome *outcome);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumAnnotationCarryOutcome, plenum_annotation_carry_outcome_free)

/* Carries @account_id's marks on @document (in @meeting_id) from its earlier versions to
 * @current (the opened blob of @document's sha256, on @client). Errors: reading the
 * current version's text failed (nothing was changed: the next opening tries again), a
 * save failed (the first such error; the others went on), or G_IO_ERROR_CANCELLED
 * (saves already started still complete). */
void                          plenum_annotation_carry_driver_run_async  (PlenumSyncEngine     *engine,
                                                                         PlenumRenderClient   *client,
                                                                         PlenumRenderDocument *current,
                                                                         const char           *account_id,
                                                                         const char           *meeting_id,
                                                                         PlenumDocument       *document,
                                                                         GCancellable         *cancellable,
                                                                         GAsyncReadyCallback   callback,
                                                                         gpointer              user_data);
PlenumAnnotationCarryOutcome *plenum_annotation_carry_driver_run_finish (GAsyncResult         *result,
                                                                         GError              **error);

G_END_DECLS
