/* lostwrite.c — the lost-write simulator: an LD_PRELOAD library that shows what a power
 * cut would leave of the files under one folder (issue #10, "Power loss").
 *
 * A SIGKILL keeps the kernel's page cache, so a test that kills a process cannot see a
 * write that was never synced go missing. This library watches the calls that change
 * files under LOSTWRITE_DIR and keeps, beside the real files, what is DURABLE in the
 * POSIX model:
 *
 *   - the bytes of a file are durable as they were at its last fsync(2)/fdatasync(2)
 *     (or after each write on a descriptor opened with O_SYNC/O_DSYNC); a file that was
 *     never synced is durable as an empty file;
 *   - the names in a folder (a creat, a rename, an unlink, a mkdir) are durable as they
 *     were at the last fsync of that folder; a folder whose own name is not durable is
 *     lost with everything in it;
 *   - sync_file_range(2) makes nothing durable; sync(2) and syncfs(2) make everything
 *     durable, as they do on Linux.
 *
 * Every call that changes a file or a folder, or syncs one, is an OPERATION, numbered
 * from 1. With LOSTWRITE_CRASH_AT=N the library, instead of doing operation N, writes
 * the durable state to LOSTWRITE_STATE/manifest and kills the process with SIGKILL:
 * the power went at that moment. When the process ends (exit) before operation N, the
 * manifest is written then: the power went right after it ended. lostwrite-restore
 * then rebuilds the folder from the manifest. Every operation is logged, one line each,
 * in LOSTWRITE_STATE/oplog ("N what path"), so a counting run (no LOSTWRITE_CRASH_AT)
 * tells how many there are. See README.md beside this file for the model and its limits.
 *
 * Threads: one mutex orders every watched call with the book-keeping around it. Calls
 * on descriptors that are not under the folder take no lock (a signal handler writing
 * to a wake-up pipe must not wait for it).
 *
 * Plain C without GLib: it runs inside the calls GLib itself makes.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
/* The wrappers must define the real symbols: no fortified inline versions, and open()
 * must stay open(), not a redirect to open64(). */
#undef _FORTIFY_SOURCE
#undef _FILE_OFFSET_BITS

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

/* Not in the headers without fortification. */
int __open_2 (const char *path, int flags);
int __open64_2 (const char *path, int flags);
int __openat_2 (int dirfd, const char *path, int flags);
int __openat64_2 (int dirfd, const char *path, int flags);

#define MAX_FDS 65536

/* What the library knows of a descriptor. */
enum {
  FD_UNKNOWN,      /* not opened through a wrapper: its writes are not operations */
  FD_OUTSIDE,      /* opened through a wrapper, not under the folder */
  FD_INSIDE,       /* under the folder */
  FD_INSIDE_SYNC,  /* under the folder, O_SYNC or O_DSYNC: each write is durable */
};

typedef struct Node Node;

typedef struct {
  char *name;
  Node *node;
} Entry;

/* A file or folder, as one inode for as long as it lives. */
struct Node {
  unsigned id;
  int is_dir;
  int live;               /* (dev, ino) still names this node (not a reused number) */
  dev_t dev;
  ino_t ino;
  mode_t mode;
  int has_content;        /* files: objects/<id> holds the durable bytes (else empty) */
  Entry *entries;         /* folders: the durable names */
  size_t n_entries;
};

/* The real functions, looked up on first use (a wrapper may run before the
 * constructor, from another library's). */
#define REAL(name) (real_##name != NULL ? real_##name : \
                    (*(void **) &real_##name = dlsym (RTLD_NEXT, #name), real_##name))

static int (*real_openat) (int, const char *, int, ...);
static int (*real_close) (int);
static ssize_t (*real_write) (int, const void *, size_t);
static ssize_t (*real_pwrite) (int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64) (int, const void *, size_t, off64_t);
static ssize_t (*real_writev) (int, const struct iovec *, int);
static ssize_t (*real_pwritev) (int, const struct iovec *, int, off_t);
static ssize_t (*real_pwritev64) (int, const struct iovec *, int, off64_t);
static ssize_t (*real_pwritev2) (int, const struct iovec *, int, off_t, int);
static ssize_t (*real_pwritev64v2) (int, const struct iovec *, int, off64_t, int);
static int (*real_ftruncate) (int, off_t);
static int (*real_ftruncate64) (int, off64_t);
static int (*real_truncate) (const char *, off_t);
static int (*real_truncate64) (const char *, off64_t);
static int (*real_fallocate) (int, int, off_t, off_t);
static int (*real_fallocate64) (int, int, off64_t, off64_t);
static int (*real_posix_fallocate) (int, off_t, off_t);
static int (*real_posix_fallocate64) (int, off64_t, off64_t);
static int (*real_fsync) (int);
static int (*real_fdatasync) (int);
static int (*real_syncfs) (int);
static void (*real_sync) (void);
static int (*real_sync_file_range) (int, off64_t, off64_t, unsigned int);
static int (*real_renameat2) (int, const char *, int, const char *, unsigned int);
static int (*real_unlinkat) (int, const char *, int);
static int (*real_mkdirat) (int, const char *, mode_t);
static int (*real_linkat) (int, const char *, int, const char *, int);
static int (*real_dup) (int);
static int (*real_dup2) (int, int);
static int (*real_dup3) (int, int, int);
static int (*real_fcntl) (int, int, ...);
static ssize_t (*real_copy_file_range) (int, off64_t *, int, off64_t *, size_t, unsigned int);
static ssize_t (*real_sendfile) (int, int, off_t *, size_t);
static ssize_t (*real_sendfile64) (int, int, off64_t *, size_t);
static ssize_t (*real_splice) (int, off64_t *, int, off64_t *, size_t, unsigned int);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int active;                       /* read without the lock: atomics */
static unsigned char fd_kind[MAX_FDS];   /* read without the lock: atomics */

/* Under the lock: */
static char *fd_path[MAX_FDS];
static char root[PATH_MAX];              /* LOSTWRITE_DIR, resolved */
static char root_given[PATH_MAX];        /* LOSTWRITE_DIR as given */
static char state_dir[PATH_MAX];
static unsigned long long crash_at;      /* 0: never */
static unsigned long long n_ops;
static int log_fd = -1;
static Node **nodes;                     /* every node ever made: all stay reachable */
static size_t n_nodes;
static size_t nodes_size;
static Node *root_node;

static int
is_active (void)
{
  return __atomic_load_n (&active, __ATOMIC_ACQUIRE);
}

static int
kind_of (int fd)
{
  if (fd < 0 || fd >= MAX_FDS)
    return FD_UNKNOWN;
  return __atomic_load_n (&fd_kind[fd], __ATOMIC_ACQUIRE);
}

/* Whether a call on @fd is watched: the fast test, without the lock. */
static int
watched_fd (int fd)
{
  return is_active () && kind_of (fd) >= FD_INSIDE;
}

static void
set_fd (int         fd,
        int         kind,
        const char *path)
{
  if (fd < 0 || fd >= MAX_FDS)
    return;
  free (fd_path[fd]);
  fd_path[fd] = path != NULL ? strdup (path) : NULL;
  __atomic_store_n (&fd_kind[fd], (unsigned char) kind, __ATOMIC_RELEASE);
}

/* noreturn: also for clang's analyzer, which gives up following calls deep in
 * capture_dir()'s recursion and would go on past a failure. */
__attribute__ ((noreturn)) static void
fail (const char *what)
{
  /* The simulator cannot keep its promise: stop loudly rather than report a state it
   * did not record. */
  char line[512];
  int length = snprintf (line, sizeof line, "lostwrite: %s: %s\n", what, strerror (errno));

  if (length > 0)
    REAL (write) (2, line, (size_t) length < sizeof line ? (size_t) length : sizeof line - 1);
  abort ();
}

static void *
xcalloc (size_t n,
         size_t size)
{
  void *p = calloc (n ? n : 1, size);

  if (p == NULL)
    fail ("out of memory");
  return p;
}

/* Paths */

/* The absolute, lexically normalised form of @path seen from @dirfd, into @out
 * (PATH_MAX bytes). 0 when it cannot be known. */
static int
absolute_path (int         dirfd,
               const char *path,
               char       *out)
{
  char joined[2 * PATH_MAX + 2];
  char *save = NULL;
  char *part;
  size_t length = 0;

  if (path == NULL)
    return 0;
  if (path[0] == '/')
    snprintf (joined, sizeof joined, "%s", path);
  else
    {
      char base[PATH_MAX];

      if (dirfd == AT_FDCWD)
        {
          if (getcwd (base, sizeof base) == NULL)
            return 0;
        }
      else
        {
          char link[64];
          ssize_t n;

          snprintf (link, sizeof link, "/proc/self/fd/%d", dirfd);
          n = readlink (link, base, sizeof base - 1);
          if (n <= 0)
            return 0;
          base[n] = '\0';
        }
      snprintf (joined, sizeof joined, "%s/%s", base, path);
    }

  out[0] = '\0';
  for (part = strtok_r (joined, "/", &save); part != NULL; part = strtok_r (NULL, "/", &save))
    {
      if (strcmp (part, ".") == 0)
        continue;
      if (strcmp (part, "..") == 0)
        {
          char *slash = strrchr (out, '/');

          length = slash != NULL ? (size_t) (slash - out) : 0;
          out[length] = '\0';
          continue;
        }
      if (length + 1 + strlen (part) + 1 > PATH_MAX)
        return 0;
      out[length++] = '/';
      strcpy (out + length, part);
      length += strlen (part);
    }
  if (length == 0)
    strcpy (out, "/");
  return 1;
}

static int
below (const char *path,
       const char *folder)
{
  size_t length = strlen (folder);

  return folder[0] != '\0' && strncmp (path, folder, length) == 0 &&
         (path[length] == '\0' || path[length] == '/');
}

static int
inside (const char *path)
{
  return below (path, root) || below (path, root_given);
}

/* Whether @path (from @dirfd) is under the folder; its absolute form into @out. */
static int
path_inside (int         dirfd,
             const char *path,
             char       *out)
{
  return is_active () && absolute_path (dirfd, path, out) && inside (out);
}

/* Whether the open descriptor @fd is under the folder (asks the kernel: for the calls
 * that make things durable, which must not be missed even on a descriptor the library
 * did not see opened, such as opendir()'s). */
static int
fd_inside (int   fd,
           char *out)
{
  char link[64];
  ssize_t n;

  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink (link, out, PATH_MAX - 1);
  if (n <= 0)
    return 0;
  out[n] = '\0';
  return out[0] == '/' && inside (out);
}

/* Nodes */

static Node *
node_lookup (const struct stat *st)
{
  for (size_t i = n_nodes; i > 0; i--)
    {
      Node *node = nodes[i - 1];

      if (node->live && node->dev == st->st_dev && node->ino == st->st_ino &&
          node->is_dir == (S_ISDIR (st->st_mode) ? 1 : 0))
        {
          node->mode = st->st_mode & 07777;
          return node;
        }
    }
  return NULL;
}

/* A new node for what @st describes: a new file or folder, so whatever node had its
 * inode number before is gone. */
static Node *
node_new (const struct stat *st)
{
  Node *node;

  for (size_t i = 0; i < n_nodes; i++)
    if (nodes[i]->dev == st->st_dev && nodes[i]->ino == st->st_ino)
      nodes[i]->live = 0;

  if (n_nodes == nodes_size)
    {
      Node **grown;

      nodes_size = nodes_size ? 2 * nodes_size : 64;
      grown = realloc (nodes, nodes_size * sizeof *nodes);
      if (grown == NULL)
        fail ("out of memory");
      nodes = grown;
    }
  node = xcalloc (1, sizeof *node);
  node->id = (unsigned) n_nodes;
  node->is_dir = S_ISDIR (st->st_mode) ? 1 : 0;
  node->live = 1;
  node->dev = st->st_dev;
  node->ino = st->st_ino;
  node->mode = st->st_mode & 07777;
  nodes[n_nodes++] = node;
  return node;
}

/* The node of @st; one the library never saw made (made by a call it does not
 * watch) is new, with nothing durable. */
static Node *
node_get (const struct stat *st)
{
  Node *node = node_lookup (st);

  return node != NULL ? node : node_new (st);
}

static void
object_path (const Node *node,
             char       *out,
             size_t      size,
             const char *suffix)
{
  snprintf (out, size, "%s/objects/%u%s", state_dir, node->id, suffix);
}

/* The bytes of @fd (a file) become the durable content of @node. */
static void
capture_file (Node *node,
              int   fd)
{
  char source[64];
  char temp[PATH_MAX + 32];
  char final[PATH_MAX + 32];
  static char buffer[65536];   /* under the lock */
  int in;
  int out;
  off_t offset = 0;

  /* Through /proc: @fd may be write-only. */
  snprintf (source, sizeof source, "/proc/self/fd/%d", fd);
  in = REAL (openat) (AT_FDCWD, source, O_RDONLY | O_CLOEXEC);
  object_path (node, temp, sizeof temp, ".tmp");
  object_path (node, final, sizeof final, "");
  out = REAL (openat) (AT_FDCWD, temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out < 0)
    fail ("cannot write a durable copy");
  for (;;)
    {
      ssize_t got = pread (in >= 0 ? in : fd, buffer, sizeof buffer, offset);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        fail ("cannot read a file to keep its durable copy");
      if (got == 0)
        break;
      for (ssize_t done = 0; done < got;)
        {
          ssize_t put = REAL (write) (out, buffer + done, (size_t) (got - done));

          if (put < 0 && errno == EINTR)
            continue;
          if (put < 0)
            fail ("cannot write a durable copy");
          done += put;
        }
      offset += got;
    }
  if (in >= 0)
    REAL (close) (in);
  REAL (close) (out);
  if (REAL (renameat2) (AT_FDCWD, temp, AT_FDCWD, final, 0) != 0)
    fail ("cannot keep a durable copy");
  node->has_content = 1;
}

static void
free_entries (Node *dir)
{
  for (size_t i = 0; i < dir->n_entries; i++)
    free (dir->entries[i].name);
  free (dir->entries);
  dir->entries = NULL;
  dir->n_entries = 0;
}

/* The names in the folder @fd become the durable names of @dir. With @recurse (the
 * first look, and sync()), everything below becomes durable too. */
static void
capture_dir (Node *dir,
             int   fd,
             int   recurse)
{
  int dfd = REAL (openat) (fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *listing;
  struct dirent *entry;
  size_t size = 0;

  if (dfd < 0 || (listing = fdopendir (dfd)) == NULL)
    fail ("cannot read a folder");
  free_entries (dir);
  while ((entry = readdir (listing)) != NULL)
    {
      struct stat st;
      Node *child;

      if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
        continue;
      if (fstatat (dfd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
          (!S_ISREG (st.st_mode) && !S_ISDIR (st.st_mode)))
        continue;
      child = node_get (&st);
      if (dir->n_entries == size)
        {
          Entry *grown;

          size = size ? 2 * size : 16;
          grown = realloc (dir->entries, size * sizeof *grown);
          if (grown == NULL)
            fail ("out of memory");
          dir->entries = grown;
        }
      dir->entries[dir->n_entries].name = strdup (entry->d_name);
      dir->entries[dir->n_entries].node = child;
      dir->n_entries++;

      if (recurse)
        {
          int child_fd = REAL (openat) (dfd, entry->d_name,
                                        O_RDONLY | O_CLOEXEC | O_NOFOLLOW |
                                        (child->is_dir ? O_DIRECTORY : 0));

          if (child_fd < 0)
            fail ("cannot open a file to keep its durable copy");
          if (child->is_dir)
            capture_dir (child, child_fd, 1);
          else
            capture_file (child, child_fd);
          REAL (close) (child_fd);
        }
    }
  closedir (listing);
}

/* fsync of @fd succeeded: what it names is durable as it is now. */
static void
make_durable (int fd)
{
  struct stat st;
  Node *node;

  if (fstat (fd, &st) != 0 || (!S_ISREG (st.st_mode) && !S_ISDIR (st.st_mode)))
    return;
  node = node_get (&st);
  if (node->is_dir)
    capture_dir (node, fd, 0);
  else
    capture_file (node, fd);
}

static void
make_all_durable (void)
{
  int fd = REAL (openat) (AT_FDCWD, root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    fail ("cannot open the watched folder");
  capture_dir (root_node, fd, 1);
  REAL (close) (fd);
}

/* The manifest: what lostwrite-restore rebuilds. NUL-separated records:
 *   D <path> <mode octal>            a folder (parents first)
 *   F <path> <object or ""> <mode>   a file and its durable bytes (objects/<id>) */

static void
dump_dir (FILE       *out,
          const Node *dir,
          char       *path,
          size_t      length,
          int         depth)
{
  if (depth > 64)
    return;
  for (size_t i = 0; i < dir->n_entries; i++)
    {
      const Entry *entry = &dir->entries[i];
      const Node *child = entry->node;
      size_t name_length = strlen (entry->name);

      if (length + 1 + name_length + 1 > PATH_MAX)
        continue;
      path[length] = '/';
      memcpy (path + length + 1, entry->name, name_length + 1);
      if (child->is_dir)
        {
          fprintf (out, "D%c%s%c%o%c", 0, path + 1, 0, (unsigned) child->mode, 0);
          dump_dir (out, child, path, length + 1 + name_length, depth + 1);
        }
      else if (child->has_content)
        fprintf (out, "F%c%s%c%u%c%o%c", 0, path + 1, 0, child->id, 0, (unsigned) child->mode, 0);
      else
        fprintf (out, "F%c%s%c%c%o%c", 0, path + 1, 0, 0, (unsigned) child->mode, 0);
      path[length] = '\0';
    }
}

static void
write_note (const char *name,
            const char *text)
{
  char path[PATH_MAX + 32];
  int fd;

  snprintf (path, sizeof path, "%s/%s", state_dir, name);
  fd = REAL (openat) (AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    fail ("cannot write to the state folder");
  if (REAL (write) (fd, text, strlen (text)) < 0)
    fail ("cannot write to the state folder");
  REAL (close) (fd);
}

static void
dump_manifest (const char *why)
{
  char temp[PATH_MAX + 32];
  char final[PATH_MAX + 32];
  char path[PATH_MAX + 1] = "";
  FILE *out;

  snprintf (temp, sizeof temp, "%s/manifest.tmp", state_dir);
  snprintf (final, sizeof final, "%s/manifest", state_dir);
  out = fopen (temp, "we");
  if (out == NULL)
    fail ("cannot write the manifest");
  dump_dir (out, root_node, path, 0, 0);
  if (fclose (out) != 0 || REAL (renameat2) (AT_FDCWD, temp, AT_FDCWD, final, 0) != 0)
    fail ("cannot write the manifest");
  write_note ("crashed", why);
}

/* Operations */

static void
log_operation (const char *what,
               const char *subject)
{
  char line[PATH_MAX + 128];
  int length = snprintf (line, sizeof line, "%llu %s %s\n", n_ops, what,
                         subject != NULL ? subject : "?");

  if (length > 0 && log_fd >= 0)
    REAL (write) (log_fd, line, (size_t) length < sizeof line ? (size_t) length : sizeof line - 1);
}

/* Called, with the lock held, just BEFORE a watched change or sync: when it is the one
 * to crash at, it never happens. */
static void
operation (const char *what,
           const char *subject)
{
  n_ops++;
  log_operation (what, subject);
  if (crash_at != 0 && n_ops == crash_at)
    {
      char why[PATH_MAX + 128];

      snprintf (why, sizeof why, "%llu %s %s\n", n_ops, what, subject != NULL ? subject : "?");
      dump_manifest (why);
      kill (getpid (), SIGKILL);
      for (;;)
        pause ();
    }
}

static const char *
fd_subject (int fd)
{
  return fd >= 0 && fd < MAX_FDS && fd_path[fd] != NULL ? fd_path[fd] : "(descriptor)";
}

/* Set-up */

static void
before_fork (void)
{
  pthread_mutex_lock (&lock);
}

static void
after_fork_parent (void)
{
  pthread_mutex_unlock (&lock);
}

static void
after_fork_child (void)
{
  /* A child is not the process being watched: its calls pass through. */
  __atomic_store_n (&active, 0, __ATOMIC_RELEASE);
  pthread_mutex_unlock (&lock);
}

__attribute__ ((constructor)) static void
lostwrite_init (void)
{
  const char *dir = getenv ("LOSTWRITE_DIR");
  const char *state = getenv ("LOSTWRITE_STATE");
  const char *crash = getenv ("LOSTWRITE_CRASH_AT");
  char path[PATH_MAX + 32];
  struct stat st;
  int fd;

  if (dir == NULL || state == NULL || dir[0] != '/' || state[0] != '/')
    return;
  snprintf (root_given, sizeof root_given, "%s", dir);
  snprintf (state_dir, sizeof state_dir, "%s", state);
  if (realpath (dir, root) == NULL)
    fail ("LOSTWRITE_DIR must be an existing folder");
  crash_at = crash != NULL ? strtoull (crash, NULL, 10) : 0;

  REAL (mkdirat) (AT_FDCWD, state_dir, 0700);
  snprintf (path, sizeof path, "%s/objects", state_dir);
  REAL (mkdirat) (AT_FDCWD, path, 0700);
  snprintf (path, sizeof path, "%s/oplog", state_dir);
  log_fd = REAL (openat) (AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC,
                          0600);
  if (log_fd < 0)
    fail ("cannot write LOSTWRITE_STATE/oplog");

  /* What is there before the process starts is durable. */
  fd = REAL (openat) (AT_FDCWD, root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || fstat (fd, &st) != 0)
    fail ("cannot open LOSTWRITE_DIR");
  root_node = node_new (&st);
  capture_dir (root_node, fd, 1);
  REAL (close) (fd);

  /* Programs this one starts are not watched (they would share the state folder). */
  unsetenv ("LOSTWRITE_DIR");
  pthread_atfork (before_fork, after_fork_parent, after_fork_child);
  __atomic_store_n (&active, 1, __ATOMIC_RELEASE);
}

__attribute__ ((destructor)) static void
lostwrite_fini (void)
{
  if (!is_active ())
    return;
  pthread_mutex_lock (&lock);
  /* The crash point was not reached: the power goes right after the process ends. */
  if (crash_at != 0)
    {
      char why[64];

      snprintf (why, sizeof why, "%llu exit\n", n_ops + 1);
      dump_manifest (why);
    }
  __atomic_store_n (&active, 0, __ATOMIC_RELEASE);
  pthread_mutex_unlock (&lock);
}

/* Opening */

static int
watched_open (int         dirfd,
              const char *path,
              int         flags,
              mode_t      mode)
{
  char absolute[PATH_MAX];
  struct stat st;
  int creating;
  int temporary = (flags & O_TMPFILE) == O_TMPFILE;
  int fd;
  int saved_errno;

  if (!path_inside (dirfd, path, absolute))
    {
      fd = REAL (openat) (dirfd, path, flags, mode);
      if (fd >= 0 && is_active () && fd < MAX_FDS && kind_of (fd) != FD_UNKNOWN)
        {
          /* A number reused for something outside: forget what it was. */
          saved_errno = errno;
          pthread_mutex_lock (&lock);
          set_fd (fd, FD_OUTSIDE, NULL);
          pthread_mutex_unlock (&lock);
          errno = saved_errno;
        }
      return fd;
    }

  pthread_mutex_lock (&lock);
  creating = (flags & O_CREAT) != 0 &&
             ((flags & O_EXCL) != 0 || fstatat (dirfd, path, &st, 0) != 0);
  if (creating || temporary)
    operation ("create", absolute);
  else if ((flags & O_TRUNC) != 0 && (flags & O_ACCMODE) != O_RDONLY)
    operation ("truncate", absolute);

  fd = REAL (openat) (dirfd, path, flags, mode);
  saved_errno = errno;
  if (fd >= 0)
    {
      set_fd (fd, (flags & O_DSYNC) != 0 ? FD_INSIDE_SYNC : FD_INSIDE, absolute);
      if (fstat (fd, &st) == 0 && (S_ISREG (st.st_mode) || S_ISDIR (st.st_mode)))
        {
          if (creating || temporary)
            node_new (&st);
          else
            node_get (&st);
        }
    }
  pthread_mutex_unlock (&lock);
  errno = saved_errno;
  return fd;
}

static mode_t
mode_argument (int     flags,
               va_list args)
{
  return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE
         ? (mode_t) va_arg (args, int) : 0;
}

int
open (const char *path,
      int         flags,
      ...)
{
  va_list args;
  mode_t mode;

  va_start (args, flags);
  mode = mode_argument (flags, args);
  va_end (args);
  return watched_open (AT_FDCWD, path, flags, mode);
}

int
open64 (const char *path,
        int         flags,
        ...)
{
  va_list args;
  mode_t mode;

  va_start (args, flags);
  mode = mode_argument (flags, args);
  va_end (args);
  return watched_open (AT_FDCWD, path, flags | O_LARGEFILE, mode);
}

int
openat (int         dirfd,
        const char *path,
        int         flags,
        ...)
{
  va_list args;
  mode_t mode;

  va_start (args, flags);
  mode = mode_argument (flags, args);
  va_end (args);
  return watched_open (dirfd, path, flags, mode);
}

int
openat64 (int         dirfd,
          const char *path,
          int         flags,
          ...)
{
  va_list args;
  mode_t mode;

  va_start (args, flags);
  mode = mode_argument (flags, args);
  va_end (args);
  return watched_open (dirfd, path, flags | O_LARGEFILE, mode);
}

int
__open_2 (const char *path,
          int         flags)
{
  return watched_open (AT_FDCWD, path, flags, 0);
}

int
__open64_2 (const char *path,
            int         flags)
{
  return watched_open (AT_FDCWD, path, flags | O_LARGEFILE, 0);
}

int
__openat_2 (int         dirfd,
            const char *path,
            int         flags)
{
  return watched_open (dirfd, path, flags, 0);
}

int
__openat64_2 (int         dirfd,
              const char *path,
              int         flags)
{
  return watched_open (dirfd, path, flags | O_LARGEFILE, 0);
}

int
creat (const char *path,
       mode_t      mode)
{
  return watched_open (AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

int
creat64 (const char *path,
         mode_t      mode)
{
  return watched_open (AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC | O_LARGEFILE, mode);
}

/* Descriptors */

int
close (int fd)
{
  if (is_active () && kind_of (fd) != FD_UNKNOWN)
    {
      pthread_mutex_lock (&lock);
      set_fd (fd, FD_UNKNOWN, NULL);
      pthread_mutex_unlock (&lock);
    }
  return REAL (close) (fd);
}

/* @fd now names what @old names. */
static int
copied_fd (int old,
           int fd)
{
  if (fd >= 0 && fd != old && is_active () && (kind_of (old) != FD_UNKNOWN || kind_of (fd) != FD_UNKNOWN))
    {
      int saved_errno = errno;

      pthread_mutex_lock (&lock);
      set_fd (fd, kind_of (old), old >= 0 && old < MAX_FDS ? fd_path[old] : NULL);
      pthread_mutex_unlock (&lock);
      errno = saved_errno;
    }
  return fd;
}

int
dup (int old)
{
  return copied_fd (old, REAL (dup) (old));
}

int
dup2 (int old,
      int fd)
{
  return copied_fd (old, REAL (dup2) (old, fd));
}

int
dup3 (int old,
      int fd,
      int flags)
{
  return copied_fd (old, REAL (dup3) (old, fd, flags));
}

static int
watched_fcntl (int   fd,
               int   command,
               void *argument)
{
  int result = REAL (fcntl) (fd, command, argument);

  if (command == F_DUPFD || command == F_DUPFD_CLOEXEC)
    return copied_fd (fd, result);
  return result;
}

int
fcntl (int fd,
       int command,
       ...)
{
  va_list args;
  void *argument;

  /* Every command takes at most one argument, an int or a pointer: both travel in one
   * register. */
  va_start (args, command);
  argument = va_arg (args, void *);
  va_end (args);
  return watched_fcntl (fd, command, argument);
}

int
fcntl64 (int fd,
         int command,
         ...)
{
  va_list args;
  void *argument;

  va_start (args, command);
  argument = va_arg (args, void *);
  va_end (args);
  return watched_fcntl (fd, command, argument);
}

/* Writes: each is one operation. */

#define WATCHED_WRITE(fd, what, call, durable_flag)                      \
  do {                                                                   \
    ssize_t result_;                                                     \
    int saved_errno_;                                                    \
                                                                         \
    if (!watched_fd (fd))                                                \
      return call;                                                       \
    pthread_mutex_lock (&lock);                                          \
    operation (what, fd_subject (fd));                                   \
    result_ = call;                                                      \
    saved_errno_ = errno;                                                \
    if (result_ >= 0 && (kind_of (fd) == FD_INSIDE_SYNC || (durable_flag))) \
      make_durable (fd);                                                 \
    pthread_mutex_unlock (&lock);                                        \
    errno = saved_errno_;                                                \
    return result_;                                                      \
  } while (0)

ssize_t
write (int         fd,
       const void *buffer,
       size_t      length)
{
  WATCHED_WRITE (fd, "write", REAL (write) (fd, buffer, length), 0);
}

ssize_t
pwrite (int         fd,
        const void *buffer,
        size_t      length,
        off_t       offset)
{
  WATCHED_WRITE (fd, "pwrite", REAL (pwrite) (fd, buffer, length, offset), 0);
}

ssize_t
pwrite64 (int         fd,
          const void *buffer,
          size_t      length,
          off64_t     offset)
{
  WATCHED_WRITE (fd, "pwrite", REAL (pwrite64) (fd, buffer, length, offset), 0);
}

ssize_t
writev (int                 fd,
        const struct iovec *vector,
        int                 count)
{
  WATCHED_WRITE (fd, "writev", REAL (writev) (fd, vector, count), 0);
}

ssize_t
pwritev (int                 fd,
         const struct iovec *vector,
         int                 count,
         off_t               offset)
{
  WATCHED_WRITE (fd, "pwritev", REAL (pwritev) (fd, vector, count, offset), 0);
}

ssize_t
pwritev64 (int                 fd,
           const struct iovec *vector,
           int                 count,
           off64_t             offset)
{
  WATCHED_WRITE (fd, "pwritev", REAL (pwritev64) (fd, vector, count, offset), 0);
}

ssize_t
pwritev2 (int                 fd,
          const struct iovec *vector,
          int                 count,
          off_t               offset,
          int                 flags)
{
  WATCHED_WRITE (fd, "pwritev", REAL (pwritev2) (fd, vector, count, offset, flags),
                 (flags & (RWF_DSYNC | RWF_SYNC)) != 0);
}

ssize_t
pwritev64v2 (int                 fd,
             const struct iovec *vector,
             int                 count,
             off64_t             offset,
             int                 flags)
{
  WATCHED_WRITE (fd, "pwritev", REAL (pwritev64v2) (fd, vector, count, offset, flags),
                 (flags & (RWF_DSYNC | RWF_SYNC)) != 0);
}

ssize_t
copy_file_range (int          fd_in,
                 off64_t     *offset_in,
                 int          fd,
                 off64_t     *offset_out,
                 size_t       length,
                 unsigned int flags)
{
  WATCHED_WRITE (fd, "copy_file_range",
                 REAL (copy_file_range) (fd_in, offset_in, fd, offset_out, length, flags), 0);
}

ssize_t
sendfile (int     fd,
          int     fd_in,
          off_t  *offset,
          size_t  length)
{
  WATCHED_WRITE (fd, "sendfile", REAL (sendfile) (fd, fd_in, offset, length), 0);
}

ssize_t
sendfile64 (int      fd,
            int      fd_in,
            off64_t *offset,
            size_t   length)
{
  WATCHED_WRITE (fd, "sendfile", REAL (sendfile64) (fd, fd_in, offset, length), 0);
}

ssize_t
splice (int           fd_in,
        off64_t      *offset_in,
        int           fd,
        off64_t      *offset_out,
        size_t        length,
        unsigned int  flags)
{
  WATCHED_WRITE (fd, "splice", REAL (splice) (fd_in, offset_in, fd, offset_out, length, flags),
                 0);
}

#define WATCHED_FD_CALL(fd, what, call)                                  \
  do {                                                                   \
    int result_;                                                         \
    int saved_errno_;                                                    \
                                                                         \
    if (!watched_fd (fd))                                                \
      return call;                                                       \
    pthread_mutex_lock (&lock);                                          \
    operation (what, fd_subject (fd));                                   \
    result_ = call;                                                      \
    saved_errno_ = errno;                                                \
    pthread_mutex_unlock (&lock);                                        \
    errno = saved_errno_;                                                \
    return result_;                                                      \
  } while (0)

int
ftruncate (int   fd,
           off_t length)
{
  WATCHED_FD_CALL (fd, "ftruncate", REAL (ftruncate) (fd, length));
}

int
ftruncate64 (int     fd,
             off64_t length)
{
  WATCHED_FD_CALL (fd, "ftruncate", REAL (ftruncate64) (fd, length));
}

int
fallocate (int   fd,
           int   mode,
           off_t offset,
           off_t length)
{
  WATCHED_FD_CALL (fd, "fallocate", REAL (fallocate) (fd, mode, offset, length));
}

int
fallocate64 (int     fd,
             int     mode,
             off64_t offset,
             off64_t length)
{
  WATCHED_FD_CALL (fd, "fallocate", REAL (fallocate64) (fd, mode, offset, length));
}

int
posix_fallocate (int   fd,
                 off_t offset,
                 off_t length)
{
  WATCHED_FD_CALL (fd, "fallocate", REAL (posix_fallocate) (fd, offset, length));
}

int
posix_fallocate64 (int     fd,
                   off64_t offset,
                   off64_t length)
{
  WATCHED_FD_CALL (fd, "fallocate", REAL (posix_fallocate64) (fd, offset, length));
}

int
sync_file_range (int          fd,
                 off64_t      offset,
                 off64_t      length,
                 unsigned int flags)
{
  /* Starts or waits for write-back of data only, never of the metadata that finds it:
   * nothing becomes durable. Still a point to crash at. */
  WATCHED_FD_CALL (fd, "sync_file_range", REAL (sync_file_range) (fd, offset, length, flags));
}

/* Syncs */

static int
watched_sync (int         fd,
              const char *what,
              int       (*call) (int))
{
  char path[PATH_MAX];
  int result;
  int saved_errno;

  /* Asked of the kernel, not of the table: the descriptor may come from opendir(). */
  if (!is_active () || !fd_inside (fd, path))
    return call (fd);
  pthread_mutex_lock (&lock);
  operation (what, path);
  result = call (fd);
  saved_errno = errno;
  if (result == 0)
    make_durable (fd);
  pthread_mutex_unlock (&lock);
  errno = saved_errno;
  return result;
}

int
fsync (int fd)
{
  return watched_sync (fd, "fsync", REAL (fsync));
}

int
fdatasync (int fd)
{
  return watched_sync (fd, "fdatasync", REAL (fdatasync));
}

int
syncfs (int fd)
{
  int result;
  int saved_errno;

  if (!is_active ())
    return REAL (syncfs) (fd);
  pthread_mutex_lock (&lock);
  operation ("syncfs", root);
  result = REAL (syncfs) (fd);
  saved_errno = errno;
  if (result == 0)
    make_all_durable ();
  pthread_mutex_unlock (&lock);
  errno = saved_errno;
  return result;
}

void
sync (void)
{
  if (!is_active ())
    {
      REAL (sync) ();
      return;
    }
  pthread_mutex_lock (&lock);
  operation ("sync", root);
  REAL (sync) ();
  make_all_durable ();
  pthread_mutex_unlock (&lock);
}

/* Names: each change is one operation; what becomes durable is read from the folder
 * when it is synced, so nothing more is kept here, except the node of a new folder. */

#define WATCHED_PATH_CALL(inside_, what, subject, call)                  \
  do {                                                                   \
    int result_;                                                         \
    int saved_errno_;                                                    \
                                                                         \
    if (!(inside_))                                                      \
      return call;                                                       \
    pthread_mutex_lock (&lock);                                          \
    operation (what, subject);                                           \
    result_ = call;                                                      \
    saved_errno_ = errno;                                                \
    pthread_mutex_unlock (&lock);                                        \
    errno = saved_errno_;                                                \
    return result_;                                                      \
  } while (0)

int
renameat2 (int          old_dirfd,
           const char  *old_path,
           int          new_dirfd,
           const char  *new_path,
           unsigned int flags)
{
  char from[PATH_MAX];
  char to[PATH_MAX];
  int from_inside = path_inside (old_dirfd, old_path, from);
  int to_inside = path_inside (new_dirfd, new_path, to);

  WATCHED_PATH_CALL (from_inside || to_inside, "rename", to_inside ? to : from,
                     REAL (renameat2) (old_dirfd, old_path, new_dirfd, new_path, flags));
}

int
renameat (int         old_dirfd,
          const char *old_path,
          int         new_dirfd,
          const char *new_path)
{
  return renameat2 (old_dirfd, old_path, new_dirfd, new_path, 0);
}

int
rename (const char *old_path,
        const char *new_path)
{
  return renameat2 (AT_FDCWD, old_path, AT_FDCWD, new_path, 0);
}

int
unlinkat (int         dirfd,
          const char *path,
          int         flags)
{
  char absolute[PATH_MAX];

  WATCHED_PATH_CALL (path_inside (dirfd, path, absolute),
                     (flags & AT_REMOVEDIR) != 0 ? "rmdir" : "unlink", absolute,
                     REAL (unlinkat) (dirfd, path, flags));
}

int
unlink (const char *path)
{
  return unlinkat (AT_FDCWD, path, 0);
}

int
rmdir (const char *path)
{
  return unlinkat (AT_FDCWD, path, AT_REMOVEDIR);
}

int
linkat (int         old_dirfd,
        const char *old_path,
        int         new_dirfd,
        const char *new_path,
        int         flags)
{
  char absolute[PATH_MAX];

  WATCHED_PATH_CALL (path_inside (new_dirfd, new_path, absolute), "link", absolute,
                     REAL (linkat) (old_dirfd, old_path, new_dirfd, new_path, flags));
}

int
link (const char *old_path,
      const char *new_path)
{
  return linkat (AT_FDCWD, old_path, AT_FDCWD, new_path, 0);
}

int
truncate (const char *path,
          off_t       length)
{
  char absolute[PATH_MAX];

  WATCHED_PATH_CALL (path_inside (AT_FDCWD, path, absolute), "truncate", absolute,
                     REAL (truncate) (path, length));
}

int
truncate64 (const char *path,
            off64_t     length)
{
  char absolute[PATH_MAX];

  WATCHED_PATH_CALL (path_inside (AT_FDCWD, path, absolute), "truncate", absolute,
                     REAL (truncate64) (path, length));
}

int
mkdirat (int         dirfd,
         const char *path,
         mode_t      mode)
{
  char absolute[PATH_MAX];
  struct stat st;
  int result;
  int saved_errno;

  if (!path_inside (dirfd, path, absolute))
    return REAL (mkdirat) (dirfd, path, mode);
  pthread_mutex_lock (&lock);
  operation ("mkdir", absolute);
  result = REAL (mkdirat) (dirfd, path, mode);
  saved_errno = errno;
  if (result == 0 && fstatat (dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0)
    node_new (&st);
  pthread_mutex_unlock (&lock);
  errno = saved_errno;
  return result;
}

int
mkdir (const char *path,
       mode_t      mode)
{
  return mkdirat (AT_FDCWD, path, mode);
}
