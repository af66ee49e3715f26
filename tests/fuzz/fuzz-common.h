/* fuzz-common.h — what every fuzz target of tests/fuzz/ shares: the libFuzzer entry
 * points (declared here, since the project builds with -Wmissing-prototypes), a check
 * that no build can compile out, and a scratch folder per process.
 *
 * Each fuzz-<name>.c is built twice: with clang and libFuzzer when meson is configured
 * with -Dfuzzing=true, and always, with replay-main.c, as the test fuzz-replay-<name>
 * that feeds the kept inputs (tests/fuzz/regressions/<name>/, tests/fuzz/corpus/<name>/)
 * through the same LLVMFuzzerTestOneInput(). See tests/fuzz/README.md.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

/* libFuzzer calls LLVMFuzzerInitialize() once, before the first input; replay-main.c
 * does the same. Every target defines both. */
int         LLVMFuzzerInitialize      (int            *argc,
                                       char         ***argv);
int         LLVMFuzzerTestOneInput    (const uint8_t  *data,
                                       size_t          size);

/* A property of the code under test that the input broke. Unlike g_assert() it stays in
 * every build (G_DISABLE_ASSERT included); g_error() aborts, which libFuzzer and the
 * sanitizers report as a crash with the input that caused it. */
#define fuzz_check(cond, ...)                                          \
  G_STMT_START                                                         \
  {                                                                    \
    if (G_UNLIKELY (!(cond)))                                          \
      g_error ("%s:%d: fuzz_check (%s) failed: %s", __FILE__, __LINE__, \
               #cond, fuzz_format (__VA_ARGS__));                      \
  }                                                                    \
  G_STMT_END

/* g_strdup_printf() into a buffer that lives until the next call (for fuzz_check()). */
const char *fuzz_format               (const char     *format,
                                       ...) G_GNUC_PRINTF (1, 2);

/* Once per process, before anything else: warnings and criticals abort (a parser must
 * answer bad input with a GError, never with g_critical() or g_warning()); debug and
 * informational messages are dropped unless @keep_messages, so that the fuzzer's output
 * stays readable. */
void        fuzz_init_logging         (gboolean        keep_messages);

/* A private folder made once per process (g_dir_make_tmp) and removed, with what is in
 * it, when the process exits normally. Never NULL. */
const char *fuzz_scratch_dir          (void);

/* Writes @size bytes to @path (replacing it), aborting when that fails: the target
 * cannot test anything without its input. */
void        fuzz_write_file           (const char     *path,
                                       const uint8_t  *data,
                                       size_t          size);

/* Fills @folder (which exists) with what packet.json and OParl files name in the seeds:
 * the real PDFs of tests/data under the names the seeds use (01-chuong-trinh.pdf,
 * 02-bao-cao.pdf, einladung.pdf, …), an encrypted one (secret.pdf, password "view"),
 * hostile ones (bad-xref.pdf, null-page.pdf, negative-pages.pdf), a text file
 * (notes.txt), a symbolic link (link.pdf) and a folder (sub), so that the readers'
 * refusals of files are reached too. */
void        fuzz_fill_packet_folder   (const char     *folder);

G_END_DECLS
