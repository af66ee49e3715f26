/* plenum-ctl-report.h — the meeting record (GET /api/v1/meetings/{id}/record) as a
 * printable PDF report: A4, cairo + pango, in the language gettext is set to.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

G_BEGIN_DECLS

/* The PDF of @record (the server's Record object), or NULL with @error when cairo fails.
 * The report's words go through gettext: the caller chooses the language first. */
GBytes *plenum_ctl_report_render (const cJSON  *record,
                                  GError      **error);

G_END_DECLS
