/* plenum-test-ctl.h — running the real plenumctl ($PLENUMCTL) from a test, to its end.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How long one plenumctl run may take. */
#define PLENUM_TEST_CTL_TIMEOUT_MS 60000

typedef struct {
  int       status;  /* the exit status */
  char     *out;     /* what it wrote on stdout */
  char     *err;     /* and on stderr */
  gboolean  done;
} PlenumTestCtlRun;

void plenum_test_ctl_run_clear (PlenumTestCtlRun *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlenumTestCtlRun, plenum_test_ctl_run_clear)

/* Runs plenumctl [--server @url] @args (NULL-terminated; no --server when @url is NULL)
 * with @config as XDG_CONFIG_HOME, PLENUMCTL_SERVER unset and @input (may be NULL) on
 * stdin, to its end; asserts it exited within PLENUM_TEST_CTL_TIMEOUT_MS. */
void plenum_test_ctl_run       (PlenumTestCtlRun   *run,
                                const char         *config,
                                const char         *url,
                                const char         *input,
                                const char * const *args);

/* As plenum_test_ctl_run(), for any program @binary (plenumctl, plenum-server, the
 * client), @config NULL meaning a new folder, and @environment (NULL-terminated, may be
 * NULL) applied to the child's environment last: "NAME=VALUE" sets, "NAME" unsets. */
void plenum_test_ctl_run_program (PlenumTestCtlRun   *run,
                                  const char         *binary,
                                  const char * const *environment,
                                  const char         *config,
                                  const char         *url,
                                  const char         *input,
                                  const char * const *args);

G_END_DECLS
