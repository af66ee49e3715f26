/* test-backup.c — plenum-server --backup and --restore (issue 9, "Deployment"): a backup
 * made while the real server runs and takes writes, restored into a new folder, where a
 * second server finds every meeting, blob, ballot and annotation the first one had when
 * the backup was made; and the refusals: a restore into a folder that is not empty, a
 * damaged backup, a backup into a folder that is not empty.
 *
 * One `plenum-server --demo` for the whole file.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <string.h>

#include <glib/gstdio.h>

#include "core/plenum-core.h"
#include "core/plenum-hash.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define WAIT_MS 120000

#define MEMBER_A     "le.minh.tuan"
#define MEMBER_A_PIN "100003"
#define MEMBER_B     "pham.quoc.hung"
#define MEMBER_B_PIN "100004"

/* At most this many annotations are written while the backup runs. */
#define MAX_CONCURRENT_WRITES 200

#define OPEN_MOTION \
  "\"kind\":\"open\",\"majority\":\"present\",\"quorum_required\":false," \
  "\"changeable\":false"
#define SECRET_MOTION \
  "\"kind\":\"secret\",\"majority\":\"present\",\"quorum_required\":false," \
  "\"changeable\":false"

typedef struct {
  char *token;
  char *account_id;
} Member;

static void
member_clear (Member *member)
{
  g_free (member->token);
  g_free (member->account_id);
}

static void
member_sign_in (Member     *member,
                const char *name,
                const char *pin)
{
  g_autofree char *terminal_id = plenum_uuid_new ();

  member->token = plenum_test_sign_in (plenum_test_session (), plenum_test_demo_url (), name,
                                       pin, terminal_id, &member->account_id);
}

static void
cast (PlenumTestMeeting *meeting,
      const char        *vote_id,
      Member            *member,
      guint              choice,
      gboolean           secret)
{
  g_autofree char *url = g_strconcat (plenum_test_demo_url (), "/api/v1/meetings/",
                                      meeting->meeting_id, "/votes/", vote_id, "/ballots",
                                      NULL);
  g_autofree char *operation = plenum_uuid_new ();
  g_autofree char *salt = plenum_uuid_new ();
  g_autofree char *receipt = plenum_sha256_hex (salt, strlen (salt));
  g_autofree char *receipt_member = secret ? g_strdup_printf (",\"receipt\":\"%s\"", receipt)
                                           : g_strdup ("");
  g_autofree char *body = g_strdup_printf ("{\"operation_id\":\"%s\",\"choices\":[%u]%s}",
                                           operation, choice, receipt_member);
  g_autoptr(cJSON) answer = plenum_test_http_json (plenum_test_session (), "POST", url,
                                                   member->token, body, 200);

  g_assert_true (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (answer, "counted")));
}

/* A note shared with the meeting, by @member on the meeting's document. */
static void
annotate (const char        *url,
          PlenumTestMeeting *meeting,
          Member            *member,
          const char        *text)
{
  g_autofree char *id = plenum_uuid_new ();
  g_autofree char *operation = plenum_uuid_new ();
  g_autofree char *path = g_strconcat (url, "/api/v1/annotations/", id, NULL);
  g_autofree char *body = g_strdup_printf (
    "{\"operation_id\":\"%s\",\"base_revision\":0,\"annotation\":{"
    "\"id\":\"%s\",\"document_id\":\"%s\",\"document_sha256\":\"%s\","
    "\"author_id\":\"%s\",\"revision\":0,\"kind\":\"note\","
    "\"visibility\":\"meeting\",\"page\":0,\"color\":\"#1c359e\","
    "\"width\":1.5,\"position\":[10,10],\"text\":\"%s\","
    "\"conflict_of\":null,\"created_at\":\"2026-11-27T18:00:00Z\","
    "\"updated_at\":\"2026-11-27T18:00:00Z\"}}",
    operation, id, meeting->document_id, meeting->secretary->sha256, member->account_id, text);
  g_autoptr(cJSON) answer = plenum_test_http_json (plenum_test_session (), "PUT", path,
                                                   member->token, body, 200);

  g_assert_cmpint (plenum_test_json_get_int (answer, "revision"), >, 0);
}

/* GET @path at @url as @token, printed compactly (for comparing two servers' answers). */
static char *
get_text (const char *url,
          const char *path,
          const char *token)
{
  g_autofree char *full = g_strconcat (url, path, NULL);
  g_autoptr(cJSON) answer = plenum_test_http_json (plenum_test_session (), "GET", full, token,
                                                   NULL, 200);

  return plenum_json_print (answer);
}

/* Every annotation of @meeting_id that @token may see, in revision order (the feed is
 * read to its end). */
static GPtrArray *
annotation_feed (const char *url,
                 const char *meeting_id,
                 const char *token)
{
  GPtrArray *annotations = g_ptr_array_new_with_free_func (g_free);
  gint64 since = 0;

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("%s/api/v1/meetings/%s/annotations?since=%"
                                               G_GINT64_FORMAT, url, meeting_id, since);
      g_autoptr(cJSON) page = plenum_test_http_json (plenum_test_session (), "GET", path, token,
                                                     NULL, 200);
      const cJSON *item;

      cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (page, "annotations"))
        g_ptr_array_add (annotations, plenum_json_print (item));
      since = plenum_test_json_get_int (page, "revision");
      if (!plenum_test_json_get_bool (page, "more"))
        break;
    }
  return annotations;
}

/* The blob names under @data_dir/blobs, sorted. */
static GPtrArray *
blob_names (const char *data_dir)
{
  g_autofree char *folder = g_build_filename (data_dir, "blobs", NULL);
  g_autoptr(GPtrArray) prefixes = plenum_test_list_folder (folder);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < prefixes->len; i++)
    {
      g_autofree char *sub = g_build_filename (folder, prefixes->pdata[i], NULL);
      g_autoptr(GPtrArray) files = plenum_test_list_folder (sub);

      for (guint j = 0; j < files->len; j++)
        if (plenum_is_sha256_hex (files->pdata[j]))
          g_ptr_array_add (names, g_strdup (files->pdata[j]));
    }
  return names;
}

static void
assert_same_strings (GPtrArray *a,
                     GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpstr (a->pdata[i], ==, b->pdata[i]);
}

typedef struct {
  gboolean  done;
  GError   *error;
} Exit;

static void
on_backup_exited_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Exit *exit = user_data;

  g_subprocess_wait_check_finish (G_SUBPROCESS (source_object), result, &exit->error);
  exit->done = TRUE;
}

/* Runs `plenum-server --data-dir @data_dir --backup @backup_dir` while @member keeps
 * annotating @meeting on the running server; returns how many notes were written
 * meanwhile. */
static guint
back_up_under_writes (const char        *data_dir,
                      const char        *backup_dir,
                      PlenumTestMeeting *meeting,
                      Member            *member)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Exit exit = { 0 };
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * (gint64) 1000;
  guint written = 0;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              g_getenv ("PLENUM_SERVER"), "--data-dir", data_dir, "--backup",
                              backup_dir, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, on_backup_exited_cb, &exit);
  while (!exit.done && g_get_monotonic_time () < deadline)
    {
      if (written < MAX_CONCURRENT_WRITES)
        {
          g_autofree char *text = g_strdup_printf ("Ghi chú %u", written);

          annotate (plenum_test_demo_url (), meeting, member, text);
          written++;
        }
      g_main_context_iteration (NULL, written >= MAX_CONCURRENT_WRITES);
    }
  g_assert_true (exit.done);
  g_assert_no_error (exit.error);
  return written;
}

static void
test_backup_restore (void)
{
  PlenumTestServer *server = plenum_test_demo_server ();
  const char *url = plenum_test_demo_url ();
  const char *data_dir = plenum_test_server_get_data_dir (server);
  g_autoptr(PlenumTestMeeting) meeting = NULL;
  g_autofree char *open_vote = NULL;
  g_autofree char *secret_vote = NULL;
  g_autofree char *backup_dir = NULL;
  g_autofree char *restored_dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *meetings = NULL;
  g_autofree char *votes_path = NULL;
  g_autofree char *votes = NULL;
  g_autoptr(PlenumTestServer) restored = NULL;
  g_autoptr(GPtrArray) feed_before = NULL;
  g_autoptr(GPtrArray) feed_after = NULL;
  g_autoptr(GPtrArray) feed_restored = NULL;
  g_autoptr(GPtrArray) blobs_before = NULL;
  g_autoptr(GPtrArray) blobs_restored = NULL;
  g_autoptr(cJSON) list = NULL;
  g_autoptr(cJSON) closed = NULL;
  g_autoptr(cJSON) secret_closed = NULL;
  const cJSON *summary;
  Member a = { 0 };
  Member b = { 0 };
  guint n_documents = 0;

  /* A published meeting, ballots in an open and a secret vote, and annotations. */
  meeting = plenum_test_meeting_new (plenum_test_session (), url, "Họp kiểm tra sao lưu");
  member_sign_in (&a, MEMBER_A, MEMBER_A_PIN);
  member_sign_in (&b, MEMBER_B, MEMBER_B_PIN);
  open_vote = plenum_test_chair_open_vote (plenum_test_session (), meeting,
                                           "Biểu quyết công khai", OPEN_MOTION);
  cast (meeting, open_vote, &a, 0, FALSE);
  cast (meeting, open_vote, &b, 1, FALSE);
  closed = plenum_test_chair_end_vote (plenum_test_session (), meeting, open_vote, "close");
  secret_vote = plenum_test_chair_open_vote (plenum_test_session (), meeting,
                                             "Biểu quyết kín", SECRET_MOTION);
  cast (meeting, secret_vote, &a, 0, TRUE);
  cast (meeting, secret_vote, &b, 0, TRUE);
  secret_closed = plenum_test_chair_end_vote (plenum_test_session (), meeting, secret_vote,
                                              "close");
  g_assert_cmpint (cJSON_GetArrayItem (cJSON_GetObjectItemCaseSensitive (
                     cJSON_GetObjectItemCaseSensitive (secret_closed, "result"), "counts"),
                     0)->valueint, ==, 2);
  annotate (url, meeting, &a, "Ý kiến trước sao lưu");
  annotate (url, meeting, &b, "Ý kiến thứ hai");

  votes_path = g_strconcat ("/api/v1/meetings/", meeting->meeting_id, "/votes", NULL);
  meetings = get_text (url, "/api/v1/meetings", meeting->secretary->token);
  votes = get_text (url, votes_path, meeting->secretary->token);
  feed_before = annotation_feed (url, meeting->meeting_id, a.token);
  g_assert_cmpuint (feed_before->len, ==, 2);

  /* The backup, while the server runs and takes new notes. */
  backup_dir = g_build_filename (plenum_test_tmpdir (), "backup", NULL);
  back_up_under_writes (data_dir, backup_dir, meeting, &a);
  feed_after = annotation_feed (url, meeting->meeting_id, a.token);
  blobs_before = blob_names (data_dir);

  /* Restored into a folder that does not exist yet. */
  restored_dir = g_build_filename (plenum_test_tmpdir (), "restored", NULL);
  g_assert_cmpint (plenum_test_server_run ((const char * const[]) {
                     "--data-dir", restored_dir, "--restore", backup_dir, NULL }, &out, &err),
                   ==, 0);
  g_assert_nonnull (strstr (out, "every one checked"));
  blobs_restored = blob_names (restored_dir);
  assert_same_strings (blobs_before, blobs_restored);

  /* A server on it: the same tokens still work (the database is whole), and every
   * meeting, vote and blob is there as it was. */
  restored = plenum_test_server_start (restored_dir, NULL);
  {
    g_autofree char *restored_meetings = get_text (plenum_test_server_get_url (restored),
                                                   "/api/v1/meetings",
                                                   meeting->secretary->token);
    g_autofree char *restored_votes = get_text (plenum_test_server_get_url (restored),
                                                votes_path, meeting->secretary->token);

    g_assert_cmpstr (restored_meetings, ==, meetings);
    g_assert_cmpstr (restored_votes, ==, votes);
  }

  list = plenum_json_parse (meetings, -1, NULL);
  g_assert_nonnull (list);
  g_assert_cmpint (cJSON_GetArraySize (cJSON_GetObjectItemCaseSensitive (list, "meetings")), >=,
                   2);
  cJSON_ArrayForEach (summary, cJSON_GetObjectItemCaseSensitive (list, "meetings"))
    {
      g_autofree char *path = g_strconcat ("/api/v1/meetings/",
                                           plenum_test_json_string (summary, "id"), NULL);
      g_autofree char *original = get_text (url, path, meeting->secretary->token);
      g_autofree char *copy = get_text (plenum_test_server_get_url (restored), path,
                                        meeting->secretary->token);
      g_autoptr(cJSON) full = plenum_json_parse (copy, -1, NULL);
      const cJSON *item;

      g_assert_cmpstr (copy, ==, original);
      cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (full, "agenda"))
        {
          const cJSON *document;

          cJSON_ArrayForEach (document, cJSON_GetObjectItemCaseSensitive (item, "documents"))
            {
              const char *sha256 = plenum_test_json_string (document, "sha256");
              g_autofree char *blob_url = g_strconcat (plenum_test_server_get_url (restored),
                                                       "/api/v1/blobs/", sha256, NULL);
              g_autoptr(GBytes) bytes = NULL;
              g_autofree char *hash = NULL;
              guint status = 0;

              bytes = plenum_test_http (plenum_test_session (), "GET", blob_url,
                                        meeting->secretary->token, NULL, NULL, &status);
              g_assert_cmpuint (status, ==, 200);
              hash = plenum_sha256_hex (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
              g_assert_cmpstr (hash, ==, sha256);
              n_documents++;
            }
        }
    }
  g_assert_cmpuint (n_documents, >=, 2);

  /* The annotations: those made before the backup, then a run of those made during it
   * (the state of one moment: never a later note without an earlier one), none after. */
  feed_restored = annotation_feed (plenum_test_server_get_url (restored), meeting->meeting_id,
                                   a.token);
  g_assert_cmpuint (feed_restored->len, >=, feed_before->len);
  g_assert_cmpuint (feed_restored->len, <=, feed_after->len);
  for (guint i = 0; i < feed_restored->len; i++)
    g_assert_cmpstr (feed_restored->pdata[i], ==, feed_after->pdata[i]);

  plenum_test_server_stop (restored);
  member_clear (&a);
  member_clear (&b);
}

/* A restore never goes into a folder with anything in it, and leaves it as it was. */
static void
test_restore_refuses_non_empty (void)
{
  const char *data_dir = plenum_test_server_get_data_dir (plenum_test_demo_server ());
  g_autofree char *backup_dir = g_build_filename (plenum_test_tmpdir (), "backup-2", NULL);
  g_autofree char *target = plenum_test_mkdtemp ("not-empty");
  g_autofree char *keep = g_build_filename (target, "keep.txt", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (plenum_test_server_run ((const char * const[]) {
                     "--data-dir", data_dir, "--backup", backup_dir, NULL }, NULL, NULL),
                   ==, 0);
  g_file_set_contents (keep, "giữ nguyên", -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (plenum_test_server_run ((const char * const[]) {
                     "--data-dir", target, "--restore", backup_dir, NULL }, NULL, &err),
                   ==, 1);
  g_assert_nonnull (strstr (err, "not empty"));
  names = plenum_test_list_folder (target);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (names->pdata[0], ==, "keep.txt");

  /* Nor does a backup go into one. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (plenum_test_server_run ((const char * const[]) {
                     "--data-dir", data_dir, "--backup", target, NULL }, NULL, &err),
                   ==, 1);
  g_assert_nonnull (strstr (err, "not empty"));
}

/* One changed byte in one blob of a backup: the restore refuses it and leaves nothing;
 * so does a backup without its manifest. */
static void
test_restore_refuses_damaged (void)
{
  const char *data_dir = plenum_test_server_get_data_dir (plenum_test_demo_server ());
  g_autofree char *backup_dir = g_build_filename (plenum_test_tmpdir (), "backup-3", NULL);
  g_autofree char *target = g_build_filename (plenum_test_tmpdir (), "restored-3", NULL);
  g_autofree char *manifest = g_build_filename (backup_dir, "manifest.json", NULL);
  g_autofree char *moved = g_build_filename (backup_dir, "manifest.old", NULL);
  g_autofree char *blob = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_cmpint (plenum_test_server_run ((const char * const[]) {
                     "--data-dir", data_dir, "--backup", backup_dir, NULL }, NULL, NULL),
                   ==, 0);
  names = blob_names (backup_dir);
  g_assert_cmpuint (names->len, >, 0);
  blob = g_build_filename (backup_dir, "blobs", (char[]) { ((char *) names->pdata[0])[0],
                                                          ((char *) names->pdata[0])[1], 0 },
                           names->pdata[0], NULL);
  /* The backup's blob may be a hard link to the server's: replace it, never write into
   * it. */
  g_file_get_contents (blob, &bytes, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 100);
  bytes[length / 2] ^= 0x20;
  g_assert_cmpint (g_unlink (blob), ==, 0);
  g_file_set_contents (blob, bytes, (gssize) length, &error);
  g_assert_no_error (error);

  g_assert_cmpint (plenum_test_server_run ((const char * const[]) {
                     "--data-dir", target, "--restore", backup_dir, NULL }, NULL, &err),
                   ==, 1);
  g_assert_nonnull (strstr (err, "damaged"));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_rename (manifest, moved), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (plenum_test_server_run ((const char * const[]) {
                     "--data-dir", target, "--restore", backup_dir, NULL }, NULL, &err),
                   ==, 1);
  g_assert_nonnull (strstr (err, "manifest.json"));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/backup/restore", test_backup_restore);
  g_test_add_func ("/plenum/backup/refuses-non-empty", test_restore_refuses_non_empty);
  g_test_add_func ("/plenum/backup/refuses-damaged", test_restore_refuses_damaged);

  return plenum_test_sync_run ();
}
