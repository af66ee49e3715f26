/* test-powerloss.c — power cuts at many points (issue #10, "Power loss").
 *
 * The client's store, blob store and outbox (powerloss-client) and the server's ballot,
 * blob and packet writes (the real plenum-server) run under the lost-write simulator
 * (lostwrite.c, see README.md): a counting run learns how many file operations they
 * make; then, for a spread of crash points, the run is repeated with the power cut just
 * before that operation, the folder is rebuilt as the disk would hold it
 * (lostwrite-restore), and the test asserts that the stores open cleanly and that every
 * write that was acknowledged (to the user by a callback, to the client by a 2xx) is
 * there. A first test checks the simulator itself: an unsynced write is really lost.
 *
 * POWERLOSS_POINTS=all (or a number) changes how many crash points are tried.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"
#include "store/plenum-store.h"

/* One run of a watched program, however long ASan makes it. */
#define RUN_TIMEOUT_MS 120000
#define STORE_TIMEOUT_MS 30000

/* Crash points per test when there are more operations than that (every point is
 * tried otherwise): enough to land between every two writes of the scenarios, few
 * enough to keep the test within a few minutes in the sanitizer build. */
#define CLIENT_POINTS 50
#define SERVER_POINTS 30

/* The demo members who cast a ballot in the server's scenario (server/plenum-demo.c;
 * the test links the client's libraries, whose blob store shares its type name with the
 * server's, so it cannot link the server's demo table). */
#define N_VOTERS 3
static const char * const voter_names[N_VOTERS] = { "le.minh.tuan", "pham.quoc.hung",
                                                    "hoang.thi.lan" };
static const char * const voter_pins[N_VOTERS] = { "100003", "100004", "100005" };

/* Running a program under the simulator */

typedef struct {
  char *dir;       /* LOSTWRITE_DIR */
  char *state;     /* LOSTWRITE_STATE */
} Watch;

static Watch *
watch_new (const char *prefix)
{
  g_autofree char *base = plenum_test_mkdtemp (prefix);
  Watch *watch = g_new0 (Watch, 1);

  watch->dir = g_build_filename (base, "root", NULL);
  watch->state = g_build_filename (base, "state", NULL);
  g_assert_cmpint (g_mkdir (watch->dir, 0700), ==, 0);
  return watch;
}

static void
watch_free (Watch *watch)
{
  g_autofree char *base = g_path_get_dirname (watch->dir);

  plenum_test_rm_rf (base);
  g_free (watch->dir);
  g_free (watch->state);
  g_free (watch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Watch, watch_free)

/* The watched program dies with the test. */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* A launcher whose programs run under the simulator, crashing at operation @crash_at
 * (0: never; a counting run). */
static GSubprocessLauncher *
watched_launcher (Watch            *watch,
                  guint             crash_at,
                  GSubprocessFlags  flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  g_autofree char *preload = NULL;

  /* An AddressSanitizer build refuses to start unless its runtime is preloaded first. */
  preload = LOSTWRITE_ASAN_RUNTIME[0] != '\0'
            ? g_strconcat (LOSTWRITE_ASAN_RUNTIME, ":", LOSTWRITE_LIBRARY, NULL)
            : g_strdup (LOSTWRITE_LIBRARY);
  g_subprocess_launcher_setenv (launcher, "LD_PRELOAD", preload, TRUE);
  g_subprocess_launcher_setenv (launcher, "LOSTWRITE_DIR", watch->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "LOSTWRITE_STATE", watch->state, TRUE);
  if (crash_at > 0)
    {
      g_autofree char *text = g_strdup_printf ("%u", crash_at);

      g_subprocess_launcher_setenv (launcher, "LOSTWRITE_CRASH_AT", text, TRUE);
    }
  else
    g_subprocess_launcher_unsetenv (launcher, "LOSTWRITE_CRASH_AT");
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  return launcher;
}

/* How a run ended. */
typedef struct {
  gboolean  crashed;   /* killed at the crash point */
  gboolean  exited;    /* ended by itself, with @status */
  int       status;
  char     *out;
} RunEnd;

static void
run_end_clear (RunEnd *end)
{
  g_free (end->out);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunEnd, run_end_clear)

static void
read_end (GSubprocess *process,
          RunEnd      *end)
{
  end->exited = g_subprocess_get_if_exited (process);
  end->status = end->exited ? g_subprocess_get_exit_status (process) : -1;
  end->crashed = g_subprocess_get_if_signaled (process) &&
                 g_subprocess_get_term_sig (process) == SIGKILL;
  /* Nothing else: no crash of its own, no sanitizer report. */
  g_assert_true (end->crashed || end->exited);
}

typedef struct {
  gboolean  done;
  char     *out;
  GError   *error;
} Communication;

static void
on_communicated_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Communication *communication = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source_object), result,
                                        &communication->out, NULL, &communication->error);
  communication->done = TRUE;
}

/* Runs @argv under the simulator to its end (or its crash); stdout is kept, stderr goes
 * to the test's log. */
static void
run_watched (Watch              *watch,
             guint               crash_at,
             const char * const *argv,
             RunEnd             *end)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Communication communication = { 0 };

  launcher = watched_launcher (watch, crash_at, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated_cb, &communication);
  if (!plenum_test_wait_flag (NULL, &communication.done, RUN_TIMEOUT_MS))
    {
      g_subprocess_force_exit (process);
      g_error ("%s did not finish", argv[0]);
    }
  g_assert_no_error (communication.error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  read_end (process, end);
  end->out = communication.out;
}

/* The number of operations a counting run made. */
static guint
count_operations (Watch *watch)
{
  g_autofree char *log = g_build_filename (watch->state, "oplog", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_file_get_contents (log, &text, NULL, &error);
  g_assert_no_error (error);
  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return n;
}

/* What the simulator says it did at the crash ("N what path"). */
static char *
crash_note (Watch *watch)
{
  g_autofree char *path = g_build_filename (watch->state, "crashed", NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_strchomp (text);
}

/* Puts the folder back as the power cut left it. */
static void
restore (Watch *watch)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, LOSTWRITE_RESTORE, watch->state,
                              watch->dir, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

/* The crash points to try out of @n_ops operations: 1 .. n_ops, and n_ops + 1 (the power
 * goes right after the program ended). All of them when there are at most @max; else
 * the first and last few and the rest spread evenly. POWERLOSS_POINTS overrides @max. */
static GArray *
crash_points (guint n_ops,
              guint max)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *wanted = g_getenv ("POWERLOSS_POINTS");
  guint last = n_ops + 1;

  if (wanted != NULL)
    max = g_str_equal (wanted, "all") ? G_MAXUINT : (guint) g_ascii_strtoull (wanted, NULL, 10);
  max = MAX (max, 8);
  if (last <= max)
    {
      for (guint point = 1; point <= last; point++)
        g_array_append_val (points, point);
      return points;
    }
  for (guint i = 0; i < max; i++)
    {
      guint point;

      if (i < 3)
        point = i + 1;
      else if (i >= max - 3)
        point = last - (max - 1 - i);
      else
        point = 4 + (guint) ((guint64) (i - 3) * (last - 7) / (max - 6));
      if (points->len == 0 || point > g_array_index (points, guint, points->len - 1))
        g_array_append_val (points, point);
    }
  return points;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* SQLite's own full check of a database file, opened directly. */
static void
assert_database_sound (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* The simulator itself (tests/powerloss/lostwrite-selftest.c lists its operations) */

static void
assert_file (const char *dir,
             const char *name,
             const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (contents == NULL)
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  else
    {
      g_autofree char *text = read_text (path);

      g_assert_cmpstr (text, ==, contents);
    }
}

static void
test_simulator (void)
{
  const char *argv[] = { LOSTWRITE_SELFTEST, NULL, NULL };

  /* Counting: every operation, each once. */
  {
    g_autoptr(Watch) watch = watch_new ("powerloss-self");
    g_auto(RunEnd) end = { 0 };

    argv[1] = watch->dir;
    run_watched (watch, 0, argv, &end);
    g_assert_true (end.exited);
    g_assert_cmpint (end.status, ==, 0);
    g_assert_cmpstr (end.out, ==, "done\n");
    g_assert_cmpuint (count_operations (watch), ==, 16);
  }

  /* The power goes right after the program ended: only what was synced is there. */
  {
    g_autoptr(Watch) watch = watch_new ("powerloss-self");
    g_auto(RunEnd) end = { 0 };
    g_autofree char *note = NULL;

    argv[1] = watch->dir;
    run_watched (watch, 17, argv, &end);
    g_assert_true (end.exited);
    note = crash_note (watch);
    g_assert_cmpstr (note, ==, "17 exit");
    restore (watch);
    assert_file (watch->dir, "kept/synced", "durable");    /* not "durable lost" */
    assert_file (watch->dir, "kept/dsync", "sync");        /* O_DSYNC */
    assert_file (watch->dir, "kept/unsynced", "");         /* its name, not its bytes */
    assert_file (watch->dir, "kept/renamed", NULL);        /* the rename is lost */
    assert_file (watch->dir, "kept/sub", NULL);            /* and the mkdir */
    assert_file (watch->dir, "unnamed", NULL);             /* bytes synced, name not */
  }

  /* A crash before the first folder sync: nothing at all is left. */
  {
    g_autoptr(Watch) watch = watch_new ("powerloss-self");
    g_auto(RunEnd) end = { 0 };
    g_autofree char *note = NULL;
    g_autoptr(GPtrArray) names = NULL;

    argv[1] = watch->dir;
    run_watched (watch, 9, argv, &end);
    g_assert_true (end.crashed);
    g_assert_cmpstr (end.out, ==, "");
    note = crash_note (watch);
    g_assert_true (g_str_has_prefix (note, "9 fsync "));
    restore (watch);
    names = plenum_test_list_folder (watch->dir);
    g_assert_cmpuint (names->len, ==, 0);
  }

  /* A crash just before the write after the syncs: the file holds its synced bytes. */
  {
    g_autoptr(Watch) watch = watch_new ("powerloss-self");
    g_auto(RunEnd) end = { 0 };

    argv[1] = watch->dir;
    run_watched (watch, 11, argv, &end);
    g_assert_true (end.crashed);
    restore (watch);
    assert_file (watch->dir, "kept/synced", "durable");
    assert_file (watch->dir, "kept/unsynced", "");
  }
}

/* The client: store, blob store, outbox */

/* The acknowledgements on a run's stdout: "ACK kind what [more]". */
static GPtrArray *
parse_acks (const char *out)
{
  GPtrArray *acks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_auto(GStrv) lines = g_strsplit (out != NULL ? out : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "ACK "))
      {
        char **fields = g_strsplit (lines[i] + 4, " ", 3);

        g_assert_cmpuint (g_strv_length (fields), >=, 2);
        g_ptr_array_add (acks, fields);
      }
    else
      g_assert_true (lines[i][0] == '\0' || g_str_equal (lines[i], "DONE"));
  return acks;
}

static void
close_store (PlenumStore *store)
{
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_object_unref (store);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &store,
                                         STORE_TIMEOUT_MS));
}

static void
assert_verified_blobs_sound (PlenumBlobStore *blobs)
{
  g_auto(GStrv) stored = plenum_blob_store_list_stored (blobs, FALSE);

  for (guint i = 0; stored[i] != NULL; i++)
    {
      g_autofree char *path = plenum_blob_store_lookup (blobs, stored[i]);

      g_assert_nonnull (path);
      plenum_test_assert_blob_file (path, stored[i]);
    }
}

/* After the power came back: the store opens, and every acknowledged write is there. */
static void
check_client (const char *data_dir,
              GPtrArray  *acks)
{
  g_autofree char *db = g_build_filename (data_dir, "plenum.db", NULL);
  PlenumStore *store;
  PlenumBlobStore *blobs;

  if (g_file_test (db, G_FILE_TEST_EXISTS))
    assert_database_sound (db);

  store = plenum_test_open_store (data_dir, STORE_TIMEOUT_MS);
  blobs = plenum_store_get_blob_store (store);
  for (guint i = 0; i < acks->len; i++)
    {
      char **ack = g_ptr_array_index (acks, i);
      const char *kind = ack[0];
      const char *what = ack[1];

      if (g_str_equal (kind, "terminal"))
        g_assert_cmpstr (plenum_store_get_terminal_id (store), ==, what);
      else if (g_str_equal (kind, "outbox"))
        {
          g_autoptr(PlenumOutboxOperation) op = plenum_store_outbox_get (store, what);

          g_assert_nonnull (op);
          g_assert_cmpint (plenum_outbox_operation_get_state (op), ==, PLENUM_OUTBOX_STATE_QUEUED);
        }
      else if (g_str_equal (kind, "setting"))
        {
          g_autofree char *value = plenum_store_get_setting (store, what);

          g_assert_cmpstr (value, ==, ack[2]);
        }
      else if (g_str_equal (kind, "meeting"))
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(PlenumMeeting) meeting = plenum_store_get_meeting (store, what, &error);

          g_assert_no_error (error);
          g_assert_nonnull (meeting);
        }
      else if (g_str_equal (kind, "blob"))
        {
          g_autofree char *path = plenum_blob_store_lookup (blobs, what);

          g_assert_nonnull (path);
          plenum_test_assert_blob_file (path, what);
        }
      else if (g_str_equal (kind, "blob-state"))
        {
          PlenumBlobState state = PLENUM_BLOB_STATE_MISSING;

          g_assert_true (plenum_store_get_blob_state (store, what, &state, NULL, NULL));
          g_assert_cmpint (state, ==, PLENUM_BLOB_STATE_VERIFIED);
        }
      else
        g_assert_not_reached ();
    }
  /* No half blob under a final name, acknowledged or not. */
  assert_verified_blobs_sound (blobs);
  close_store (store);
}

static void
test_client (void)
{
  g_autofree char *meeting = plenum_test_data_path ("json/meeting.json");
  g_autoptr(GArray) points = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  guint n_ops;
  guint n_crashed = 0;
  guint n_acks = 0;

  /* Counting: the whole scenario, acknowledged from end to end. */
  {
    g_autoptr(Watch) watch = watch_new ("powerloss-client");
    g_autofree char *data_dir = g_build_filename (watch->dir, "data", NULL);
    const char *argv[] = { POWERLOSS_CLIENT, data_dir, meeting, NULL };
    g_auto(RunEnd) end = { 0 };
    g_autoptr(GPtrArray) acks = NULL;

    run_watched (watch, 0, argv, &end);
    g_assert_true (end.exited);
    g_assert_cmpint (end.status, ==, 0);
    g_assert_true (g_str_has_suffix (end.out, "DONE\n"));
    acks = parse_acks (end.out);
    g_assert_cmpuint (acks->len, ==, 9);
    n_ops = count_operations (watch);
    g_assert_cmpuint (n_ops, >, 20);
  }

  points = crash_points (n_ops, CLIENT_POINTS);
  for (guint i = 0; i < points->len; i++)
    {
      guint point = g_array_index (points, guint, i);
      g_autoptr(Watch) watch = watch_new ("powerloss-client");
      g_autofree char *data_dir = g_build_filename (watch->dir, "data", NULL);
      const char *argv[] = { POWERLOSS_CLIENT, data_dir, meeting, NULL };
      g_auto(RunEnd) end = { 0 };
      g_autoptr(GPtrArray) acks = NULL;
      g_autofree char *note = NULL;

      run_watched (watch, point, argv, &end);
      /* Either it crashed, or it ran to its end (the count varies a little with the
       * threads) and the power went after it. */
      g_assert_true (end.crashed || (end.status == 0 && g_str_has_suffix (end.out, "DONE\n")));
      note = crash_note (watch);
      acks = parse_acks (end.out);
      g_test_message ("client, crash point %u of %u: %s; %u writes acknowledged", point,
                      n_ops + 1, note, acks->len);
      restore (watch);
      check_client (data_dir, acks);
      n_crashed += end.crashed ? 1 : 0;
      n_acks += acks->len;
    }
  /* The points must have cut the scenario at many places, not all before or after it. */
  g_assert_cmpuint (n_crashed, >=, points->len / 2);
  g_assert_cmpuint (n_acks, >, 0);
  g_test_message ("client: %u operations, %u crash points tried (%u crashed), %.1f s", n_ops,
                  points->len, n_crashed, g_timer_elapsed (timer, NULL));
}

/* The server: ballots, a blob and a packet */

typedef struct {
  char *base;                  /* a seeded data folder, copied for every run */
  char *meeting_id;
  char *item_id;
  char *chair;                 /* tokens */
  char *secretary;
  char *body_id;
  char *chair_id;
  char *voters[N_VOTERS];
  char *voter_ids[N_VOTERS];
  GBytes *pdf;                 /* a blob none of the demo's blob folders would hold */
  char *sha256;
  char *new_meeting_id;        /* the packet published in the scenario */
} Office;

static void
office_clear (Office *office)
{
  plenum_test_rm_rf (office->base);
  g_free (office->base);
  g_free (office->meeting_id);
  g_free (office->item_id);
  g_free (office->chair);
  g_free (office->secretary);
  g_free (office->body_id);
  g_free (office->chair_id);
  for (guint i = 0; i < N_VOTERS; i++)
    {
      g_free (office->voters[i]);
      g_free (office->voter_ids[i]);
    }
  g_clear_pointer (&office->pdf, g_bytes_unref);
  g_free (office->sha256);
  g_free (office->new_meeting_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Office, office_clear)

/* A demo server's data folder with a published meeting and signed-in members, made
 * without the simulator (it is the state before the power-loss runs). */
static void
office_seed (Office *office)
{
  const char *demo[] = { "--demo", NULL };
  g_autoptr(SoupSession) session = plenum_test_soup_session_new (NULL);
  g_autoptr(PlenumTestServer) server = NULL;
  g_autoptr(PlenumTestMeeting) meeting = NULL;
  g_autofree char *terminal = plenum_uuid_new ();
  g_autofree char *blob_dir = NULL;

  office->base = plenum_test_mkdtemp ("powerloss-office");
  server = plenum_test_server_start_plain (office->base, demo);
  meeting = plenum_test_meeting_new (session, plenum_test_server_get_url (server),
                                     "Họp thử mất điện");
  office->meeting_id = g_strdup (meeting->meeting_id);
  office->item_id = g_strdup (meeting->item_id);
  office->chair = g_strdup (meeting->chair->token);
  office->secretary = g_strdup (meeting->secretary->token);
  office->body_id = g_strdup (meeting->secretary->body_id);
  office->chair_id = g_strdup (meeting->secretary->chair_id);

  for (guint i = 0; i < N_VOTERS; i++)
    office->voters[i] = plenum_test_sign_in (session, plenum_test_server_get_url (server),
                                             voter_names[i], voter_pins[i], terminal,
                                             &office->voter_ids[i]);
  plenum_test_server_stop (server);

  /* A blob whose folder (its hash's first two digits) is new: the upload then makes a
   * folder as well as a file. */
  blob_dir = g_build_filename (office->base, "blobs", NULL);
  for (guint i = 0; office->sha256 == NULL; i++)
    {
      g_autofree char *label = g_strdup_printf ("power loss %u", i);
      g_autoptr(GBytes) pdf = plenum_test_make_pdf (label, 2000);
      g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
      char prefix[3] = { sha256[0], sha256[1], '\0' };
      g_autofree char *folder = g_build_filename (blob_dir, prefix, NULL);

      g_assert_cmpuint (i, <, 1000);
      if (!g_file_test (folder, G_FILE_TEST_EXISTS))
        {
          office->pdf = g_steal_pointer (&pdf);
          office->sha256 = g_steal_pointer (&sha256);
        }
    }
  office->new_meeting_id = plenum_uuid_new ();
}

/* Copies the folder @from into @to (made here), files and folders only. */
static void
copy_tree (const char *from,
           const char *to)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  g_assert_cmpint (g_mkdir (to, 0700), ==, 0);
  dir = g_dir_open (from, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);

      if (g_file_test (source, G_FILE_TEST_IS_DIR))
        copy_tree (source, target);
      else
        {
          g_autofree char *contents = NULL;
          gsize length = 0;

          g_file_get_contents (source, &contents, &length, &error);
          g_assert_no_error (error);
          g_file_set_contents_full (target, contents, (gssize) length,
                                    G_FILE_SET_CONTENTS_NONE, 0600, &error);
          g_assert_no_error (error);
        }
    }
}

/* A plenum-server under the simulator. */
typedef struct {
  GSubprocess      *process;
  GDataInputStream *lines;
  GCancellable     *cancellable;
  char             *url;
  gboolean          reading;
  gboolean          eof;
} WatchedServer;

static void read_next_line (WatchedServer *server);

static void
on_line_read_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  WatchedServer *server = user_data;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source_object), result,
                                                    NULL, NULL);
  server->reading = FALSE;
  if (line == NULL)
    {
      server->eof = TRUE;
      return;
    }
  if (server->url == NULL && g_str_has_prefix (line, "plenum-server: listening on "))
    server->url = g_strdup (line + strlen ("plenum-server: listening on "));
  /* Keep draining: the server must never block on a full pipe. */
  read_next_line (server);
}

static void
read_next_line (WatchedServer *server)
{
  server->reading = TRUE;
  g_data_input_stream_read_line_async (server->lines, G_PRIORITY_DEFAULT, server->cancellable,
                                       on_line_read_cb, server);
}

static gboolean
listening_or_ended (gpointer user_data)
{
  WatchedServer *server = user_data;

  return server->url != NULL || server->eof;
}

static gboolean
not_reading (gpointer user_data)
{
  WatchedServer *server = user_data;

  return !server->reading;
}

static void
on_server_exited_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source_object), result, NULL);
  *exited = TRUE;
}

/* Starts the server on @data_dir under @watch; its URL is NULL when it died (at the
 * crash point) before it listened. */
static void
watched_server_start (WatchedServer *server,
                      Watch         *watch,
                      guint          crash_at,
                      const char    *data_dir)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  const char *path = g_getenv ("PLENUM_SERVER");

  g_assert_nonnull (path);
  memset (server, 0, sizeof *server);
  launcher = watched_launcher (watch, crash_at, G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  server->process = g_subprocess_launcher_spawn (launcher, &error, path, "--port", "0",
                                                 "--bind", "127.0.0.1", "--data-dir", data_dir,
                                                 NULL);
  g_assert_no_error (error);
  server->cancellable = g_cancellable_new ();
  server->lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  read_next_line (server);
  g_assert_true (plenum_test_wait_until (NULL, listening_or_ended, server, RUN_TIMEOUT_MS));
}

/* Stops the server if it still runs (SIGTERM: a clean exit, after which the power
 * goes), waits for its end and frees. */
static void
watched_server_finish (WatchedServer *server,
                       RunEnd        *end)
{
  gboolean exited = FALSE;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait_async (server->process, NULL, on_server_exited_cb, &exited);
  if (!plenum_test_wait_flag (NULL, &exited, RUN_TIMEOUT_MS))
    {
      g_subprocess_force_exit (server->process);
      g_error ("plenum-server did not stop");
    }
  read_end (server->process, end);
  g_assert_true (end->crashed || end->status == 0);
  g_cancellable_cancel (server->cancellable);
  g_assert_true (plenum_test_wait_until (NULL, not_reading, server, RUN_TIMEOUT_MS));
  g_clear_object (&server->lines);
  g_clear_object (&server->process);
  g_clear_object (&server->cancellable);
  g_clear_pointer (&server->url, g_free);
}

/* One request; 0 when no answer came (the server is gone). */
static guint
send_request (SoupSession  *session,
              const char   *url,
              const char   *method,
              const char   *path,
              const char   *token,
              const char   *content_type,
              GBytes       *body,
              GBytes      **answer)
{
  g_autofree char *uri = g_strconcat (url, path, NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  if (error != NULL)
    return 0;
  if (answer != NULL)
    *answer = g_steal_pointer (&bytes);
  return soup_message_get_status (msg);
}

static guint
send_json (SoupSession *session,
           const char  *url,
           const char  *method,
           const char  *path,
           const char  *token,
           const char  *json)
{
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  return send_request (session, url, method, path, token, "application/json", body, NULL);
}

/* What the server acknowledged in one run. */
typedef struct {
  char     *vote_id;             /* the vote opened (201), or NULL */
  gboolean  voted[N_VOTERS];     /* each ballot (200) */
  gboolean  blob;                /* the upload (201) */
  gboolean  packet;              /* the packet (200) */
} ServerAcks;

static guint
server_acks_count (const ServerAcks *acks)
{
  guint n = (acks->vote_id != NULL) + acks->blob + acks->packet;

  for (guint i = 0; i < N_VOTERS; i++)
    n += acks->voted[i];
  return n;
}

/* The scenario: the chair opens a vote, members vote, the secretariat uploads a blob
 * and publishes a packet that names it. Stops at the first request without an answer. */
static void
run_office_day (Office     *office,
                const char *url,
                ServerAcks *acks)
{
  g_autoptr(SoupSession) session = plenum_test_soup_session_new ("timeout", 60, NULL);
  g_autofree char *votes_path = g_strconcat ("/api/v1/meetings/", office->meeting_id, "/votes",
                                             NULL);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *operation = plenum_uuid_new ();
  g_autofree char *open_vote = g_strdup_printf (
    "{\"operation_id\":\"%s\",\"item_id\":\"%s\",\"title\":\"Biểu quyết\",\"kind\":\"open\","
    "\"majority\":\"present\",\"quorum_required\":false,\"changeable\":false}",
    operation, office->item_id);
  g_autoptr(GBytes) body = g_bytes_new (open_vote, strlen (open_vote));
  guint status;

  status = send_request (session, url, "POST", votes_path, office->chair, "application/json",
                         body, &answer);
  if (status == 0)
    return;
  g_assert_cmpuint (status, ==, 201);
  {
    g_autoptr(cJSON) vote = plenum_json_parse (g_bytes_get_data (answer, NULL),
                                               (gssize) g_bytes_get_size (answer), &error);

    g_assert_no_error (error);
    acks->vote_id = g_strdup (plenum_test_json_get_string (vote, "id"));
  }

  for (guint i = 0; i < N_VOTERS; i++)
    {
      g_autofree char *path = g_strconcat (votes_path, "/", acks->vote_id, "/ballots", NULL);
      g_autofree char *ballot_op = plenum_uuid_new ();
      g_autofree char *ballot = g_strdup_printf ("{\"operation_id\":\"%s\",\"choices\":[%u]}",
                                                 ballot_op, i % 3);

      status = send_json (session, url, "POST", path, office->voters[i], ballot);
      if (status == 0)
        return;
      g_assert_cmpuint (status, ==, 200);
      acks->voted[i] = TRUE;
    }

  {
    g_autofree char *path = g_strconcat ("/api/v1/blobs/", office->sha256, NULL);

    status = send_request (session, url, "PUT", path, office->secretary,
                           "application/octet-stream", office->pdf, NULL);
    if (status == 0)
      return;
    g_assert_cmpuint (status, ==, 201);
    acks->blob = TRUE;
  }

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) starts_at = g_date_time_add_days (now, 3);
    g_autofree char *packet_op = plenum_uuid_new ();
    g_autoptr(PlenumPacketManifest) manifest = NULL;
    g_autoptr(cJSON) json = NULL;
    g_autofree char *text = NULL;
    g_autofree char *path = g_strconcat ("/api/v1/meetings/", office->new_meeting_id, "/packet",
                                         NULL);

    manifest = plenum_packet_manifest_new (packet_op, office->body_id, "Họp sau mất điện",
                                           starts_at, NULL, office->chair_id, NULL);
    plenum_packet_manifest_add_item (manifest, "1", "Tờ trình", FALSE, &error);
    g_assert_no_error (error);
    plenum_packet_manifest_add_document (manifest, 0, "Tờ trình số 1", office->sha256, FALSE);
    json = plenum_packet_manifest_to_json (manifest);
    text = plenum_json_print (json);
    status = send_json (session, url, "PUT", path, office->secretary, text);
    if (status == 0)
      return;
    g_assert_cmpuint (status, ==, 200);
    acks->packet = TRUE;
  }
}

/* Every blob file under a final name hashes to it. */
static void
assert_server_blobs_sound (const char *data_dir)
{
  g_autofree char *blobs = g_build_filename (data_dir, "blobs", NULL);
  g_autoptr(GDir) top = g_dir_open (blobs, 0, NULL);
  const char *name;

  while (top != NULL && (name = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *folder = g_build_filename (blobs, name, NULL);
      g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
      const char *entry;

      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        if (plenum_is_sha256_hex (entry))
          {
            g_autofree char *path = g_build_filename (folder, entry, NULL);

            plenum_test_assert_blob_file (path, entry);
          }
    }
}

/* After the power came back: the server starts, and everything it acknowledged is
 * there. */
static void
check_server (Office           *office,
              const char       *data_dir,
              const ServerAcks *acks)
{
  g_autofree char *db = g_build_filename (data_dir, "plenum.db", NULL);
  g_autoptr(SoupSession) session = plenum_test_soup_session_new (NULL);
  g_autoptr(PlenumTestServer) server = NULL;
  const char *url;

  assert_database_sound (db);
  assert_server_blobs_sound (data_dir);
  server = plenum_test_server_start_plain (data_dir, NULL);
  url = plenum_test_server_get_url (server);

  if (acks->vote_id != NULL)
    {
      g_autofree char *path = g_strconcat ("/api/v1/meetings/", office->meeting_id, "/votes/",
                                           acks->vote_id, NULL);
      g_autoptr(PlenumTestReply) vote = plenum_test_request (session, url, "GET", path,
                                                             office->chair, NULL);
      const cJSON *voters;

      plenum_test_assert_status (vote, 200);
      g_assert_cmpstr (plenum_test_json_get_string (vote->json, "state"), ==, "open");
      voters = cJSON_GetObjectItemCaseSensitive (vote->json, "voters");
      for (guint i = 0; i < N_VOTERS; i++)
        {
          gboolean found = FALSE;
          const cJSON *voter;

          cJSON_ArrayForEach (voter, voters)
            found |= g_strcmp0 (plenum_test_json_get_string (voter, "account_id"),
                                office->voter_ids[i]) == 0;
          if (acks->voted[i])
            g_assert_true (found);
        }
    }
  if (acks->blob)
    {
      g_autofree char *path = g_strconcat ("/api/v1/blobs/", office->sha256, NULL);
      g_autoptr(GBytes) blob = NULL;

      g_assert_cmpuint (send_request (session, url, "GET", path, office->secretary, NULL, NULL,
                                      &blob), ==, 200);
      g_assert_true (g_bytes_equal (blob, office->pdf));
    }
  if (acks->packet)
    {
      g_autofree char *path = g_strconcat ("/api/v1/meetings/", office->new_meeting_id, NULL);
      g_autoptr(PlenumTestReply) meeting = plenum_test_request (session, url, "GET", path,
                                                                office->secretary, NULL);
      g_autofree char *text = NULL;

      plenum_test_assert_status (meeting, 200);
      text = g_strndup (g_bytes_get_data (meeting->body, NULL), g_bytes_get_size (meeting->body));
      g_assert_nonnull (strstr (text, office->sha256));
    }
  plenum_test_server_stop (server);
}

/* One run of the office's day under the simulator. */
static void
run_server_point (Office     *office,
                  guint       crash_at,
                  guint      *n_ops,
                  ServerAcks *acks,
                  gboolean   *crashed)
{
  g_autoptr(Watch) watch = watch_new ("powerloss-server");
  g_autofree char *data_dir = g_build_filename (watch->dir, "data", NULL);
  WatchedServer server;
  g_auto(RunEnd) end = { 0 };

  copy_tree (office->base, data_dir);
  watched_server_start (&server, watch, crash_at, data_dir);
  if (server.url != NULL)
    run_office_day (office, server.url, acks);
  watched_server_finish (&server, &end);
  *crashed = end.crashed;

  if (crash_at == 0)
    {
      /* The counting run: everything acknowledged, the server ran to its end. */
      g_assert_true (end.exited);
      g_assert_cmpuint (server_acks_count (acks), ==, N_VOTERS + 3);
      *n_ops = count_operations (watch);
      return;
    }

  {
    g_autofree char *note = crash_note (watch);

    g_test_message ("server, crash point %u: %s; %u writes acknowledged", crash_at, note,
                    server_acks_count (acks));
  }
  restore (watch);
  check_server (office, data_dir, acks);
}

static void
test_server (void)
{
  g_auto(Office) office = { 0 };
  g_autoptr(GArray) points = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  ServerAcks counted = { 0 };
  guint n_ops = 0;
  guint n_crashed = 0;
  gboolean crashed = FALSE;

  office_seed (&office);
  run_server_point (&office, 0, &n_ops, &counted, &crashed);
  g_free (counted.vote_id);
  g_assert_cmpuint (n_ops, >, 20);

  points = crash_points (n_ops, SERVER_POINTS);
  for (guint i = 0; i < points->len; i++)
    {
      ServerAcks acks = { 0 };

      run_server_point (&office, g_array_index (points, guint, i), NULL, &acks, &crashed);
      n_crashed += crashed ? 1 : 0;
      g_free (acks.vote_id);
    }
  g_assert_cmpuint (n_crashed, >=, points->len / 2);
  g_test_message ("server: %u operations, %u crash points tried (%u crashed), %.1f s", n_ops,
                  points->len, n_crashed, g_timer_elapsed (timer, NULL));
}

int
main (int    argc,
      char **argv)
{
  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/powerloss/simulator", test_simulator);
  g_test_add_func ("/plenum/powerloss/client", test_client);
  g_test_add_func ("/plenum/powerloss/server", test_server);

  return g_test_run ();
}
