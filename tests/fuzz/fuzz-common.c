/* fuzz-common.c — see fuzz-common.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <unistd.h>

#include <glib/gstdio.h>

static char *scratch_dir;
static char *last_format;

const char *
fuzz_format (const char *format,
             ...)
{
  va_list args;

  g_free (last_format);
  va_start (args, format);
  last_format = g_strdup_vprintf (format, args);
  va_end (args);
  return last_format;
}

static gboolean keep_all_messages;

static void
log_cb (const char     *log_domain,
        GLogLevelFlags  log_level,
        const char     *message,
        gpointer        user_data)
{
  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0)
    {
      /* Printed, then abort() here rather than GLib's own end for a fatal message, which
       * may be SIGTRAP: libFuzzer and ASan catch SIGABRT (with a stack trace and the
       * input saved), not SIGTRAP. */
      g_log_default_handler (log_domain, log_level, message, user_data);
      abort ();
    }
  if (keep_all_messages)
    g_log_default_handler (log_domain, log_level, message, user_data);
}

void
fuzz_init_logging (gboolean keep_messages)
{
  keep_all_messages = keep_messages;
  /* Fatal in every build, whatever G_DEBUG says: the replay tests run with
   * G_DEBUG=fatal-warnings, the fuzzers under run-fuzzers without it. */
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_default_handler (log_cb, NULL);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static void
remove_scratch_dir (void)
{
  if (scratch_dir != NULL)
    remove_tree (scratch_dir);
  g_clear_pointer (&scratch_dir, g_free);
  g_clear_pointer (&last_format, g_free);
}

const char *
fuzz_scratch_dir (void)
{
  g_autoptr(GError) error = NULL;

  if (scratch_dir != NULL)
    return scratch_dir;
  scratch_dir = g_dir_make_tmp ("plenum-fuzz-XXXXXX", &error);
  if (scratch_dir == NULL)
    g_error ("Cannot make a scratch folder: %s", error->message);
  atexit (remove_scratch_dir);
  return scratch_dir;
}

void
fuzz_write_file (const char    *path,
                 const uint8_t *data,
                 size_t         size)
{
  /* Plain stdio, not g_file_set_contents(): that may fsync, and a fuzzer writes the
   * file thousands of times a second. Nothing else reads it meanwhile. */
  FILE *file = fopen (path, "wb");

  if (file == NULL)
    g_error ("Cannot write %s: %s", path, g_strerror (errno));
  if ((size > 0 && fwrite (data, 1, size, file) != size) || fclose (file) != 0)
    g_error ("Cannot write %s: %s", path, g_strerror (errno));
}

static void
copy_data_file (const char *data_name,
                const char *folder,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = g_build_filename (PLENUM_FUZZ_DATA_DIR, data_name, NULL);
  g_autofree char *target = g_build_filename (folder, name, NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (source, &contents, &length, &error))
    g_error ("Cannot read the test data: %s", error->message);
  fuzz_write_file (target, (const uint8_t *) contents, length);
}

void
fuzz_fill_packet_folder (const char *folder)
{
  static const struct {
    const char *data_name;
    const char *name;
  } files[] = {
    { "packets/good/01-chuong-trinh.pdf", "01-chuong-trinh.pdf" },
    { "packets/good/02-bao-cao.pdf", "02-bao-cao.pdf" },
    /* The names tests/data/oparl/meeting.json gives, with the bytes its checksums are
     * of: the fuzzer gets past the checksums to what follows them. */
    { "packets/good/01-chuong-trinh.pdf", "einladung.pdf" },
    { "packets/good/02-bao-cao.pdf", "beschluss-radverkehr.pdf" },
    { "packets/good/01-chuong-trinh.pdf", "anlage-lageplan.pdf" },
    { "packets/good/02-bao-cao.pdf", "vertrag.pdf" },
    { "enc_aes256-R6_userpw-view.pdf", "secret.pdf" },
    { "bad_invalid-xref.pdf", "bad-xref.pdf" },
    { "bad_pages-tree-null-page.pdf", "null-page.pdf" },
    { "bad_negative-page-count.pdf", "negative-pages.pdf" },
  };
  g_autofree char *notes = g_build_filename (folder, "notes.txt", NULL);
  g_autofree char *link = g_build_filename (folder, "link.pdf", NULL);
  g_autofree char *sub = g_build_filename (folder, "sub", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    copy_data_file (files[i].data_name, folder, files[i].name);
  fuzz_write_file (notes, (const uint8_t *) "not a PDF\n", 10);
  if (symlink ("01-chuong-trinh.pdf", link) != 0 || g_mkdir (sub, 0700) != 0)
    g_error ("Cannot fill %s: %s", folder, g_strerror (errno));
}
