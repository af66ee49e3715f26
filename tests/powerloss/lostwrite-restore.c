/* lostwrite-restore.c — puts a folder back as it would be after the power cut that
 * lostwrite.c simulated: only the durable names, each file with its durable bytes.
 *
 *   lostwrite-restore STATE DIR
 *
 * STATE is the LOSTWRITE_STATE folder of the run that crashed (its manifest and
 * objects/), DIR its LOSTWRITE_DIR. Everything in DIR is removed first (DIR itself
 * stays, as the library takes it to exist before the run); then the folders and files
 * of the manifest are made, parents first. Exit status 0, or 1 with a message.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *target;

static void
die (const char *what,
     const char *path)
{
  fprintf (stderr, "lostwrite-restore: %s %s: %s\n", what, path, strerror (errno));
  exit (1);
}

static int
remove_one (const char        *path,
            const struct stat *st,
            int                type,
            struct FTW        *ftw)
{
  if (ftw->level == 0)
    return 0;
  if (remove (path) != 0)
    die ("cannot remove", path);
  return 0;
}

static char *
read_all (const char *path,
          size_t     *length)
{
  FILE *in = fopen (path, "re");
  char *text = NULL;
  size_t size = 0;

  if (in == NULL)
    die ("cannot read", path);
  *length = 0;
  for (;;)
    {
      size_t got;

      if (*length + 65536 > size)
        {
          size = size * 2 + 65536;
          text = realloc (text, size + 1);
          if (text == NULL)
            die ("out of memory reading", path);
        }
      got = fread (text + *length, 1, size - *length, in);
      *length += got;
      if (got == 0)
        break;
    }
  if (ferror (in))
    die ("cannot read", path);
  fclose (in);
  text[*length] = '\0';
  return text;
}

static void
copy_file (const char *from,
           const char *to,
           mode_t      mode)
{
  char buffer[65536];
  int in = -1;
  int out;

  if (from != NULL && (in = open (from, O_RDONLY | O_CLOEXEC)) < 0)
    die ("cannot read", from);
  out = open (to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (out < 0)
    die ("cannot make", to);
  while (in >= 0)
    {
      ssize_t got = read (in, buffer, sizeof buffer);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        die ("cannot read", from);
      if (got == 0)
        break;
      for (ssize_t done = 0; done < got;)
        {
          ssize_t put = write (out, buffer + done, (size_t) (got - done));

          if (put < 0 && errno != EINTR)
            die ("cannot write", to);
          if (put > 0)
            done += put;
        }
    }
  if (in >= 0)
    close (in);
  if (fchmod (out, mode) != 0 || close (out) != 0)
    die ("cannot write", to);
}

int
main (int    argc,
      char **argv)
{
  char manifest[PATH_MAX];
  char *text;
  size_t length;
  size_t at = 0;

  if (argc != 3)
    {
      fprintf (stderr, "usage: lostwrite-restore STATE DIR\n");
      return 1;
    }
  target = argv[2];
  snprintf (manifest, sizeof manifest, "%s/manifest", argv[1]);
  text = read_all (manifest, &length);

  if (nftw (target, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
    die ("cannot empty", target);

  /* Records of NUL-terminated fields: "D" path mode, or "F" path object mode. */
  while (at < length)
    {
      const char *fields[4] = { NULL };
      int n_fields = text[at] == 'D' ? 3 : 4;
      char path[PATH_MAX];
      mode_t mode;

      for (int i = 0; i < n_fields; i++)
        {
          if (at >= length)
            {
              errno = EINVAL;
              die ("truncated record in", manifest);
            }
          fields[i] = text + at;
          at += strlen (text + at) + 1;
        }
      mode = (mode_t) strtoul (fields[n_fields - 1], NULL, 8);
      snprintf (path, sizeof path, "%s/%s", target, fields[1]);
      if (strcmp (fields[0], "D") == 0)
        {
          if (mkdir (path, mode) != 0 && errno != EEXIST)
            die ("cannot make", path);
          if (chmod (path, mode) != 0)
            die ("cannot set the mode of", path);
        }
      else if (strcmp (fields[0], "F") == 0)
        {
          char object[PATH_MAX];

          snprintf (object, sizeof object, "%s/objects/%s", argv[1], fields[2]);
          copy_file (fields[2][0] != '\0' ? object : NULL, path, mode);
        }
      else
        {
          errno = EINVAL;
          die ("unknown record in", manifest);
        }
    }
  free (text);
  return 0;
}
