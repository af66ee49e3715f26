/* plenum-test-util.h — what every Plenum test shares: a strict, isolated environment
 * and waiting on a condition with a deadline (tests never sleep).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* g_test_init() plus a fresh temporary folder for this test process, with
 * XDG_{CONFIG,DATA,CACHE,STATE,RUNTIME}_DIR/HOME pointing into it. The folder is removed
 * when the process exits normally. */
void         plenum_test_init          (int    *argc,
                                        char ***argv);

/* The test process's temporary folder (made by plenum_test_init()). */
const char  *plenum_test_tmpdir        (void);

/* A new empty folder under plenum_test_tmpdir(). Free with g_free(). */
char        *plenum_test_mkdtemp       (const char *prefix);

/* The path of a file in tests/data/ (G_TEST_SRCDIR). Free with g_free(). */
char        *plenum_test_data_path     (const char *name);

/* The names in a folder, sorted bytewise, as a new array of strings. */
GPtrArray   *plenum_test_list_folder   (const char *folder);

/* Deletes a folder and everything under it (for tests that clean up early). */
void         plenum_test_rm_rf         (const char *path);

typedef gboolean (*PlenumTestCondition) (gpointer user_data);

/* The factor every test deadline is multiplied by: PLENUM_TEST_TIMEOUT_SCALE (1 to
 * 100, default 1), for runs under valgrind (tests/valgrind/run-e2e). */
guint        plenum_test_timeout_scale (void);

/* Iterates @context (NULL: the thread-default one) until @condition returns TRUE or
 * @timeout_ms (times plenum_test_timeout_scale()) pass; returns what the condition last
 * said. */
gboolean     plenum_test_wait_until    (GMainContext        *context,
                                        PlenumTestCondition  condition,
                                        gpointer             user_data,
                                        guint                timeout_ms);

/* Waits until *@flag becomes TRUE, or @timeout_ms pass. */
gboolean     plenum_test_wait_flag     (GMainContext *context,
                                        gboolean     *flag,
                                        guint         timeout_ms);

/* TRUE when CI=true: tests that need a display fail there instead of skipping. */
gboolean     plenum_test_in_ci         (void);

/* A real full disk (tests/README: "no faked errors"). Runs this test binary again as
 * `BINARY ARGS…` (@args ends with NULL) under unshare(1) in a private mount namespace
 * (with a user namespace when not root), where the child may mount a tmpfs with
 * plenum_test_mount_tmpfs(); the mount goes with the child. Waits up to @timeout_ms.
 * Returns TRUE when the child exited 0; FALSE with *@why set when namespaces or the mount
 * are not permitted here (unshare exits 1, the child 77). A failed check in the child
 * (any other exit or a signal) fails the test. */
gboolean     plenum_test_run_in_mount_namespace (const char * const *args,
                                                 guint               timeout_ms,
                                                 const char        **why);

/* In such a child: mounts a tmpfs of @size_kib at @path (an existing empty folder).
 * FALSE (after saying why on stderr) when the mount is not permitted: exit 77 then. */
gboolean     plenum_test_mount_tmpfs   (const char *path,
                                        guint       size_kib);

G_END_DECLS
