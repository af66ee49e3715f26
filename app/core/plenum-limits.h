/* plenum-limits.h — the sizes the protocol allows, shared by the readers in core/ and by
 * whoever writes (the server, plenumctl), so that what one side writes the other reads.
 *
 * Lengths are in characters (Unicode code points), not bytes.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#define PLENUM_TITLE_MAX_CHARS        500   /* meeting, agenda item and document titles */
#define PLENUM_ITEM_NUMBER_MAX_CHARS  16    /* an agenda item's printed label: "1", "3a" */
#define PLENUM_LOCATION_MAX_CHARS     200
#define PLENUM_DISPLAY_NAME_MAX_CHARS 200   /* people's display names, body names */
#define PLENUM_SIGN_IN_NAME_MAX_CHARS 64    /* an account's sign-in name */
#define PLENUM_EVENT_TYPE_MAX_CHARS   64    /* "packet.published" */
#define PLENUM_MEDIA_TYPE_MAX_CHARS   127
#define PLENUM_MAX_ARRAY_ITEMS        10000 /* members, agenda items, documents per item */

/* The largest integer a JSON number carries exactly: 2^53 - 1. A text beyond it may have
 * been rounded on the way in (9007199254740993 reads as 2^53), so readers refuse it. */
#define PLENUM_JSON_MAX_SAFE_INTEGER  G_GINT64_CONSTANT (9007199254740991)
