/* plenum-ctl-errors.h — what plenumctl says, in the user's language, for an error of the
 * server or of the connection to it.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* plenumctl's own sentence for @error: for each error code of the protocol
 * (docs/protocol.md, "Errors") and each failure of the connection, in the user's
 * language; NULL for an error of another kind or a code this plenumctl does not know. */
const char *plenum_ctl_error_sentence (const GError *error);

/* What to say for @error (free it): its sentence, with the server's own (English) message
 * beside it only where the sentence is shown in English too; the error's message when
 * there is no sentence (a newer server's code, a local error). */
char       *plenum_ctl_error_text     (const GError *error);

G_END_DECLS
