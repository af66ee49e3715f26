/* plenum-helper-process.h — what the client's helper processes (plenum-render,
 * plenum-export) share in their main(): reading a number from the command line, and
 * limiting their own address space (not under a sanitizer, whose shadow memory needs
 * terabytes of it).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @text as a decimal number in [0, @max]; FALSE after saying why on stderr, prefixed by
 * @program. */
gboolean plenum_helper_parse_u64           (const char *program,
                                            const char *text,
                                            guint64     max,
                                            guint64    *out);

/* Sets RLIMIT_AS to @bytes (0: none); a failure is said on stderr, prefixed by
 * @program. */
void     plenum_helper_limit_address_space (const char *program,
                                            guint64     bytes);

G_END_DECLS
