/* plenum-test-util.c — the shared test environment; see plenum-test-util.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-test"
#define _GNU_SOURCE  /* dl_iterate_phdr(), for ignore_glib_quark_block() */

#include "plenum-test-util.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/mount.h>
#include <unistd.h>
#ifdef __SANITIZE_ADDRESS__
#include <link.h>
#include <sanitizer/lsan_interface.h>
#endif
#include <stdlib.h>
#include <string.h>

static char *test_tmpdir;

void
plenum_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      plenum_test_rm_rf (child);
    }
  g_rmdir (path);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
plenum_test_list_folder (const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

static void
remove_tmpdir_at_exit (void)
{
  if (test_tmpdir != NULL && g_getenv ("PLENUM_TEST_KEEP_TMP") == NULL)
    plenum_test_rm_rf (test_tmpdir);
  g_clear_pointer (&test_tmpdir, g_free);
}

static void
set_xdg_dir (const char *variable,
             const char *name)
{
  g_autofree char *dir = g_build_filename (test_tmpdir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_setenv (variable, dir, TRUE);
}

#ifdef __SANITIZE_ADDRESS__
/* GLib keeps its quarks' strings in an array of 2048 entries that it makes when it is
 * loaded; past 2048 quarks it moves them to a bigger array and leaves the first behind
 * on purpose (lock-free readers may still hold it). A process as big as this one (GTK,
 * libadwaita, libsoup, poppler) goes past 2048, and LeakSanitizer then reports that
 * block with a stack of unnamed GLib frames that no suppression can single out. So,
 * while GLib still points at it, find it — a pointer in GLib's writable data to a heap
 * block of 2048 pointers whose entries 1 and 2 are the strings of quarks 1 and 2 — and
 * tell LeakSanitizer it is not a leak. */
int    __sanitizer_get_ownership      (const volatile void *p);
size_t __sanitizer_get_allocated_size (const volatile void *p);

static int
quark_block_found_cb (struct dl_phdr_info *info,
                      size_t               size,
                      void                *data)
{
  if (info->dlpi_name == NULL || strstr (info->dlpi_name, "libglib-2.0.so") == NULL)
    return 0;
  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
      guintptr start = info->dlpi_addr + segment->p_vaddr;
      guintptr end = start + segment->p_memsz;

      if (segment->p_type != PT_LOAD || (segment->p_flags & PF_W) == 0)
        continue;
      start = (start + sizeof (gpointer) - 1) & ~(guintptr) (sizeof (gpointer) - 1);
      for (guintptr at = start; at + sizeof (gpointer) <= end; at += sizeof (gpointer))
        {
          const char * const *block = *(const char * const * const *) at;

          if (block != NULL && __sanitizer_get_ownership (block) &&
              __sanitizer_get_allocated_size (block) == 2048 * sizeof (char *) &&
              block[1] == g_quark_to_string (1) && block[2] == g_quark_to_string (2))
            {
              __lsan_ignore_object (block);
              *(gboolean *) data = TRUE;
              return 1;
            }
        }
    }
  return 0;
}

static void
ignore_glib_quark_block (void)
{
  gboolean found = FALSE;

  g_assert_nonnull (g_quark_to_string (2));
  dl_iterate_phdr (quark_block_found_cb, &found);
  if (!found)
    g_printerr ("GLib's first quark block was not found: LeakSanitizer may report it\n");
}
#else
static void
ignore_glib_quark_block (void)
{
}
#endif

void
plenum_test_init (int    *argc,
                  char ***argv)
{
  g_autoptr(GError) error = NULL;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: it also empties XDG_DATA_DIRS, where GTK finds the
   * system GSettings schemas. The *_HOME folders below are isolated instead. */
  g_test_init (argc, argv, NULL);

  test_tmpdir = g_dir_make_tmp ("plenum-test-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_tmpdir_at_exit);

  set_xdg_dir ("XDG_CONFIG_HOME", "config");
  set_xdg_dir ("XDG_DATA_HOME", "data");
  set_xdg_dir ("XDG_CACHE_HOME", "cache");
  set_xdg_dir ("XDG_STATE_HOME", "state");
  set_xdg_dir ("XDG_RUNTIME_DIR", "runtime");
  set_xdg_dir ("HOME", "home");

  ignore_glib_quark_block ();
}

const char *
plenum_test_tmpdir (void)
{
  g_assert_nonnull (test_tmpdir);
  return test_tmpdir;
}

char *
plenum_test_mkdtemp (const char *prefix)
{
  g_autofree char *template = g_strdup_printf ("%s/%s-XXXXXX", plenum_test_tmpdir (), prefix);
  char *dir = g_mkdtemp (g_steal_pointer (&template));

  g_assert_nonnull (dir);
  return dir;
}

char *
plenum_test_data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* Wakes a blocking iteration so the deadline is checked at least every 10 ms. */
static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

guint
plenum_test_timeout_scale (void)
{
  static guint scale;

  if (scale == 0)
    {
      const char *text = g_getenv ("PLENUM_TEST_TIMEOUT_SCALE");
      guint64 value = 1;

      if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 1, 100, &value, NULL))
        g_error ("PLENUM_TEST_TIMEOUT_SCALE must be a whole number from 1 to 100");
      scale = (guint) value;
    }
  return scale;
}

gboolean
plenum_test_wait_until (GMainContext        *context,
                        PlenumTestCondition  condition,
                        gpointer             user_data,
                        guint                timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () +
                    (gint64) timeout_ms * 1000 * plenum_test_timeout_scale ();

  if (context == NULL)
    context = g_main_context_get_thread_default ();
  if (context == NULL)
    context = g_main_context_default ();

  while (!condition (user_data))
    {
      if (g_get_monotonic_time () >= deadline)
        return condition (user_data);
      /* Block at most until the deadline: a wake-up source ends the wait early. */
      if (!g_main_context_iteration (context, FALSE))
        {
          g_autoptr(GSource) tick = g_timeout_source_new (10);
          g_source_set_callback (tick, tick_cb, NULL, NULL);
          g_source_attach (tick, context);
          g_main_context_iteration (context, TRUE);
          g_source_destroy (tick);
        }
    }
  return TRUE;
}

static gboolean
flag_is_set (gpointer user_data)
{
  return *(gboolean *) user_data;
}

gboolean
plenum_test_wait_flag (GMainContext *context,
                       gboolean     *flag,
                       guint         timeout_ms)
{
  return plenum_test_wait_until (context, flag_is_set, flag, timeout_ms);
}

gboolean
plenum_test_in_ci (void)
{
  return g_strcmp0 (g_getenv ("CI"), "true") == 0;
}

static void
namespace_child_exited_cb (GObject      *source_object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (source_object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

gboolean
plenum_test_run_in_mount_namespace (const char * const *args,
                                    guint               timeout_ms,
                                    const char        **why)
{
  g_autofree char *unshare = g_find_program_in_path ("unshare");
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_assert_nonnull (self_path);
  *why = NULL;
  if (unshare == NULL)
    {
      *why = "unshare(1) (util-linux) is not installed";
      return FALSE;
    }

  /* Root (CI) makes the mount namespace directly; a user maps themself to root in a new
   * user namespace first. (A user namespace cannot be made inside a chroot, so root must
   * not ask for one.) */
  g_ptr_array_add (argv, unshare);
  g_ptr_array_add (argv, (gpointer) "--mount");
  if (geteuid () != 0)
    g_ptr_array_add (argv, (gpointer) "--map-root-user");
  g_ptr_array_add (argv, (gpointer) "--propagation");
  g_ptr_array_add (argv, (gpointer) "private");
  g_ptr_array_add (argv, self_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  child = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (child, NULL, namespace_child_exited_cb, &done);
  g_assert_true (plenum_test_wait_flag (NULL, &done, timeout_ms));

  if (g_subprocess_get_if_exited (child) &&
      (g_subprocess_get_exit_status (child) == 1 || g_subprocess_get_exit_status (child) == 77))
    {
      *why = "user and mount namespaces are not permitted here "
             "(kernel.unprivileged_userns_clone, or a container's seccomp)";
      return FALSE;
    }
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
  return TRUE;
}

gboolean
plenum_test_mount_tmpfs (const char *path,
                         guint       size_kib)
{
  g_autofree char *options = g_strdup_printf ("size=%uk,mode=0700", size_kib);

  if (mount ("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0)
    {
      int errsv = errno;

      g_printerr ("Cannot mount a tmpfs in the mount namespace: %s\n", g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}
