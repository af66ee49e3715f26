/* lostwrite-selftest.c — a fixed sequence of file operations for test-powerloss to run
 * under lostwrite.c, so that the test can check the simulator itself: that it counts
 * every operation, and that after a simulated power cut exactly what was synced is
 * there (an unsynced write, an unsynced name, an unsynced rename are gone).
 *
 *   lostwrite-selftest DIR
 *
 * The operations, numbered as the library counts them (the test knows this list):
 *    1 mkdir  DIR/kept
 *    2 create DIR/kept/synced          3 write "durable"     4 fsync it
 *    5 create DIR/kept/dsync (O_DSYNC) 6 write "sync"        (durable by O_DSYNC)
 *    7 create DIR/kept/unsynced        8 write "lost"        (never synced)
 *    9 fsync DIR/kept                 10 fsync DIR           (the names above durable)
 *   11 write " lost" after "durable"                         (never synced)
 *   12 create DIR/unnamed             13 write "x"          14 fsync it (its name never)
 *   15 rename DIR/kept/synced to DIR/kept/renamed            (the folder never synced)
 *   16 mkdir  DIR/kept/sub                                   (the folder never synced)
 * then prints "done".
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *dir;

static void
check (int         ok,
       const char *what)
{
  if (!ok)
    {
      fprintf (stderr, "lostwrite-selftest: %s: %s\n", what, strerror (errno));
      exit (1);
    }
}

static const char *
at (const char *name)
{
  static char paths[4][PATH_MAX];
  static int next;
  char *path = paths[next++ % 4];

  snprintf (path, PATH_MAX, "%s/%s", dir, name);
  return path;
}

static int
create (const char *name,
        int         extra_flags)
{
  int fd = open (at (name), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | extra_flags, 0600);

  check (fd >= 0, name);
  return fd;
}

static void
put (int         fd,
     const char *text)
{
  check (write (fd, text, strlen (text)) == (ssize_t) strlen (text), "write");
}

static void
sync_folder (const char *path)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  check (fd >= 0 && fsync (fd) == 0, "fsync of a folder");
  close (fd);
}

int
main (int    argc,
      char **argv)
{
  int synced;
  int dsync;
  int unsynced;
  int unnamed;

  if (argc != 2)
    {
      fprintf (stderr, "usage: lostwrite-selftest DIR\n");
      return 1;
    }
  dir = argv[1];

  check (mkdir (at ("kept"), 0700) == 0, "mkdir");
  synced = create ("kept/synced", 0);
  put (synced, "durable");
  check (fsync (synced) == 0, "fsync");
  dsync = create ("kept/dsync", O_DSYNC);
  put (dsync, "sync");
  unsynced = create ("kept/unsynced", 0);
  put (unsynced, "lost");
  sync_folder (at ("kept"));
  sync_folder (dir);
  put (synced, " lost");
  unnamed = create ("unnamed", 0);
  put (unnamed, "x");
  check (fsync (unnamed) == 0, "fsync");
  check (rename (at ("kept/synced"), at ("kept/renamed")) == 0, "rename");
  check (mkdir (at ("kept/sub"), 0700) == 0, "mkdir");

  close (synced);
  close (dsync);
  close (unsynced);
  close (unnamed);
  printf ("done\n");
  return 0;
}
