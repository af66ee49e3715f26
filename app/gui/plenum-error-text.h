/* plenum-error-text.h — turns the errors of the layers below (sync, render, store, net,
 * GIO) into one sentence in the user's language, for the sign-in page, the document
 * page and the window's notices. The error's own message (often English, sometimes the
 * server's) is never shown: it goes to the debug log instead.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A translated sentence for @error (never NULL; free with g_free()). Errors of a domain
 * or code it does not know get a general sentence. */
char *plenum_error_text (const GError *error);

/* The sentence for a document whose blob is not on this terminal yet (not downloaded
 * or not verified): there is no GError for it. */
const char *plenum_error_text_not_verified (void);

G_END_DECLS
