/* replay-main.c — the main of a fuzz target built without libFuzzer (any compiler): feeds
 * every file of the folders (or the files) on its command line through
 * LLVMFuzzerTestOneInput(), in name order, once each.
 *
 * This is how the normal suite keeps what fuzzing found: each test fuzz-replay-<name>
 * runs it over tests/fuzz/regressions/<name>/ and tests/fuzz/corpus/<name>/. A crash or
 * a failed check aborts the test; a missing folder is no error (a target may have no
 * regressions yet), an empty run is.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

#include <stdio.h>
#include <string.h>

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The regular files of @folder, sorted, added to @inputs. */
static void
add_folder (GPtrArray  *inputs,
            const char *folder)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (folder, 0, NULL);
  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      /* README files and the like document a folder; they are no input. */
      if (name[0] != '.' && !g_str_has_suffix (name, ".md"))
        g_ptr_array_add (names, g_build_filename (folder, name, NULL));
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    if (g_file_test (names->pdata[i], G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add (inputs, g_strdup (names->pdata[i]));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s FOLDER-OR-FILE…\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        add_folder (inputs, argv[i]);
      else if (g_file_test (argv[i], G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (inputs, g_strdup (argv[i]));
    }
  if (inputs->len == 0)
    {
      fprintf (stderr, "%s: no input in the folders given\n", argv[0]);
      return 1;
    }

  LLVMFuzzerInitialize (&argc, &argv);
  for (guint i = 0; i < inputs->len; i++)
    {
      const char *path = inputs->pdata[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      g_autofree uint8_t *copy = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          fprintf (stderr, "%s: %s\n", argv[0], error->message);
          return 1;
        }
      /* An exact-size copy, as libFuzzer passes it, so that a read past the end is
       * caught by ASan here too (g_file_get_contents() adds a NUL). */
      copy = g_memdup2 (contents, length);
      printf ("%s (%" G_GSIZE_FORMAT " bytes)\n", path, length);
      fflush (stdout);
      LLVMFuzzerTestOneInput (copy, length);
    }
  printf ("%u inputs replayed\n", inputs->len);
  return 0;
}
