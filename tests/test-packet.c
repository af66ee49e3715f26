/* test-packet.c — the packet-folder reader (app/packet/plenum-packet-folder.c): a good
 * folder read in full, and every way a folder is refused.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "packet/plenum-packet-folder.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <poppler.h>

#include "plenum-test-util.h"

/* Helpers ------------------------------------------------------------------------------- */

static char *
good_folder (void)
{
  return plenum_test_data_path ("packets/good");
}

static char *
sha256_of_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  /* GLib's own SHA-256, independent of the OpenSSL one the reader uses. */
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (from, &contents, &length, &error));
  g_assert_no_error (error);
  /* Written in place: a temporary name beside a 255-byte name would be too long. */
  g_file_set_contents_full (to, contents, (gssize) length, G_FILE_SET_CONTENTS_NONE, 0644,
                            &error);
  g_assert_no_error (error);
}

static void
write_text (const char *folder,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (folder, name, NULL);

  g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_NONE, 0644, &error);
  g_assert_no_error (error);
}

/* Copies tests/data/@source into @folder as @name. */
static void
add_data_file (const char *folder,
               const char *source,
               const char *name)
{
  g_autofree char *from = plenum_test_data_path (source);
  g_autofree char *to = g_build_filename (folder, name, NULL);

  copy_file (from, to);
}

#define MEETING_JSON \
  "\"meeting\": { \"id\": \"0b6f7c1e-2d4a-4e8b-9c3f-5a1d2e3f4a5b\", " \
  "\"body\": \"Ban Thường vụ Tỉnh ủy\", \"title\": \"Hội nghị\", " \
  "\"starts_at\": \"2026-12-01T01:00:00Z\", \"chair\": \"nguyen.van.an\" }"

/* @text as the inside of a JSON string. */
static char *
json_escape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* A packet.json with one item holding one document named @file. */
static char *
json_one_document (const char *file)
{
  g_autofree char *escaped = json_escape (file);

  return g_strdup_printf ("{ " MEETING_JSON ", \"items\": [ { \"number\": \"1\", "
                          "\"title\": \"Một\", \"documents\": [ { \"file\": \"%s\", "
                          "\"title\": \"Tài liệu\" } ] } ] }", escaped);
}

/* A fresh folder with @json as packet.json and the good PDFs beside it. */
static char *
make_folder (const char *json)
{
  char *folder = plenum_test_mkdtemp ("packet");

  write_text (folder, "packet.json", json);
  add_data_file (folder, "packets/good/01-chuong-trinh.pdf", "01-chuong-trinh.pdf");
  add_data_file (folder, "packets/good/02-bao-cao.pdf", "02-bao-cao.pdf");
  return folder;
}

/* Reads @folder, asserts that it is refused with @code, and returns the message. */
static char *
read_fails (const char        *folder,
            PlenumPacketError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumPacketFolder) packet = NULL;

  packet = plenum_packet_folder_read (folder, NULL, &error);
  g_assert_null (packet);
  g_assert_error (error, PLENUM_PACKET_ERROR, (gint) code);
  g_test_message ("message: %s", error->message);
  return g_strdup (error->message);
}

/* A folder with @json and the good PDFs; asserts the refusal and that the message starts
 * with @prefix and holds @part (either may be NULL). */
static void
json_fails (const char        *json,
            PlenumPacketError  code,
            const char        *prefix,
            const char        *part)
{
  g_autofree char *folder = make_folder (json);
  g_autofree char *message = read_fails (folder, code);

  if (prefix != NULL)
    g_assert_true (g_str_has_prefix (message, prefix));
  if (part != NULL)
    g_assert_nonnull (strstr (message, part));
}

static const PlenumPacketFolderDocument *
document_at (const PlenumPacketFolder *packet,
             guint                     item,
             guint                     index)
{
  const PlenumPacketFolderItem *it = g_ptr_array_index (packet->items, item);

  return g_ptr_array_index (it->documents, index);
}

/* A good folder ---------------------------------------------------------------------- */

static void
test_read_good (void)
{
  g_autofree char *folder = good_folder ();
  g_autofree char *agenda_path = g_build_filename (folder, "01-chuong-trinh.pdf", NULL);
  g_autofree char *report_path = g_build_filename (folder, "02-bao-cao.pdf", NULL);
  g_autofree char *agenda_sha = sha256_of_file (agenda_path);
  g_autofree char *report_sha = sha256_of_file (report_path);
  g_autoptr(GPtrArray) before = plenum_test_list_folder (folder);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(PlenumPacketFolder) packet = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *start = NULL;
  const PlenumPacketFolderItem *item;
  const PlenumPacketFolderDocument *document;
  GStatBuf st;

  packet = plenum_packet_folder_read (folder, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (packet);

  g_assert_cmpstr (packet->folder, ==, folder);
  g_assert_cmpstr (packet->meeting_id, ==, "0b6f7c1e-2d4a-4e8b-9c3f-5a1d2e3f4a5b");
  g_assert_cmpstr (packet->body, ==, "Ban Thường vụ Tỉnh ủy");
  g_assert_cmpstr (packet->title, ==, "Hội nghị thử nghiệm");
  start = g_date_time_format_iso8601 (packet->starts_at);
  g_assert_cmpstr (start, ==, "2026-12-01T01:00:00Z");
  g_assert_cmpstr (packet->location, ==, "Phòng họp số 1");
  g_assert_cmpstr (packet->chair, ==, "nguyen.van.an");
  g_assert_cmpstr (packet->vice_chair, ==, "tran.thi.thu.ha");
  g_assert_cmpuint (packet->items->len, ==, 4);

  item = g_ptr_array_index (packet->items, 0);
  g_assert_cmpstr (item->number, ==, "1");
  g_assert_cmpstr (item->title, ==, "Khai mạc");
  g_assert_false (item->closed_session);
  g_assert_cmpuint (item->documents->len, ==, 1);

  document = document_at (packet, 0, 0);
  g_assert_cmpstr (document->file, ==, "01-chuong-trinh.pdf");
  g_assert_cmpstr (document->path, ==, agenda_path);
  g_assert_cmpstr (document->title, ==, "Chương trình hội nghị");
  g_assert_false (document->confidential);
  g_assert_cmpstr (document->sha256, ==, agenda_sha);
  g_assert_cmpint (document->pages, ==, 1);
  g_assert_cmpint (g_stat (agenda_path, &st), ==, 0);
  g_assert_cmpuint (document->size, ==, (guint64) st.st_size);

  /* A title that looks like a path is only a title. */
  item = g_ptr_array_index (packet->items, 1);
  g_assert_cmpstr (item->title, ==, "Báo cáo ../../etc/passwd: a title is only a title");
  g_assert_false (item->closed_session);
  g_assert_cmpuint (item->documents->len, ==, 2);
  document = document_at (packet, 1, 0);
  g_assert_cmpstr (document->title, ==, "Báo cáo ../x.pdf");
  g_assert_cmpstr (document->path, ==, report_path);
  g_assert_cmpstr (document->sha256, ==, report_sha);
  g_assert_cmpint (document->pages, ==, 3);
  g_assert_cmpint (g_stat (report_path, &st), ==, 0);
  g_assert_cmpuint (document->size, ==, (guint64) st.st_size);

  /* The same file named twice: fine, and the same facts. */
  document = document_at (packet, 1, 1);
  g_assert_cmpstr (document->file, ==, "01-chuong-trinh.pdf");
  g_assert_cmpstr (document->sha256, ==, agenda_sha);
  g_assert_cmpint (document->pages, ==, 1);

  item = g_ptr_array_index (packet->items, 2);
  g_assert_cmpstr (item->number, ==, "3a");
  g_assert_true (item->closed_session);
  document = document_at (packet, 2, 0);
  g_assert_true (document->confidential);
  g_assert_cmpstr (document->sha256, ==, report_sha);

  item = g_ptr_array_index (packet->items, 3);
  g_assert_cmpstr (item->number, ==, "4");
  g_assert_cmpuint (item->documents->len, ==, 0);

  /* Reading wrote nothing. */
  after = plenum_test_list_folder (folder);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpstr (g_ptr_array_index (after, i), ==, g_ptr_array_index (before, i));
}

static void
test_read_real_pdf (void)
{
  g_autofree char *json = json_one_document ("vntex.pdf");
  g_autofree char *folder = make_folder (json);
  g_autofree char *path = g_build_filename (folder, "vntex.pdf", NULL);
  g_autofree char *sha = NULL;
  g_autoptr(PlenumPacketFolder) packet = NULL;
  g_autoptr(GError) error = NULL;
  const PlenumPacketFolderDocument *document;

  add_data_file (folder, "vi_vntex-man.pdf", "vntex.pdf");
  sha = sha256_of_file (path);

  packet = plenum_packet_folder_read (folder, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (packet);
  g_assert_null (packet->location);
  g_assert_null (packet->vice_chair);
  document = document_at (packet, 0, 0);
  g_assert_cmpstr (document->sha256, ==, sha);
  g_assert_cmpuint (document->size, ==, 107048);
  g_assert_cmpint (document->pages, ==, 7);
}

static void
test_parse_only (void)
{
  g_autofree char *folder = good_folder ();
  g_autofree char *json_path = g_build_filename (folder, "packet.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr(PlenumPacketFolder) packet = NULL;
  g_autoptr(GError) error = NULL;
  const PlenumPacketFolderDocument *document;
  gsize length = 0;

  g_assert_true (g_file_get_contents (json_path, &json, &length, &error));
  g_assert_no_error (error);

  packet = plenum_packet_folder_parse (NULL, json, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (packet);
  g_assert_null (packet->folder);
  g_assert_cmpuint (packet->items->len, ==, 4);
  document = document_at (packet, 0, 0);
  g_assert_cmpstr (document->file, ==, "01-chuong-trinh.pdf");
  g_assert_null (document->path);
  g_assert_cmpstr (document->sha256, ==, "");
  g_assert_cmpuint (document->size, ==, 0);
  g_assert_cmpint (document->pages, ==, 0);
}

/* Every prefix of a good packet.json is refused cleanly: never a crash, always a field
 * or a position in the message. */
static void
test_parse_truncated (void)
{
  g_autofree char *folder = good_folder ();
  g_autofree char *json_path = g_build_filename (folder, "packet.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (json_path, &json, &length, &error));
  g_assert_no_error (error);

  for (gsize cut = 0; cut < length - 1; cut++)
    {
      g_autoptr(PlenumPacketFolder) packet = NULL;
      g_autoptr(GError) parse_error = NULL;

      packet = plenum_packet_folder_parse (NULL, json, cut, &parse_error);
      g_assert_null (packet);
      g_assert_error (parse_error, PLENUM_PACKET_ERROR, PLENUM_PACKET_ERROR_MALFORMED);
      g_assert_true (g_str_has_prefix (parse_error->message, "packet.json: "));
    }
}

/* packet.json refused ------------------------------------------------------------------ */

static void
test_malformed_json (void)
{
  json_fails ("{ \"meeting\": ", PLENUM_PACKET_ERROR_MALFORMED, "packet.json: ", NULL);
  json_fails ("", PLENUM_PACKET_ERROR_MALFORMED, "packet.json: ", NULL);
  json_fails ("[]", PLENUM_PACKET_ERROR_MALFORMED, "packet.json: ", NULL);
  json_fails ("{ " MEETING_JSON ", \"items\": [] } trailing", PLENUM_PACKET_ERROR_MALFORMED,
              "packet.json: ", NULL);
  /* Invalid UTF-8 in a title. */
  json_fails ("{ " MEETING_JSON ", \"items\": [ { \"number\": \"1\", \"title\": \"\xc3\x28\", "
              "\"documents\": [] } ] }", PLENUM_PACKET_ERROR_MALFORMED, "packet.json: ", NULL);
  /* The same key twice. */
  json_fails ("{ " MEETING_JSON ", \"items\": [], \"items\": [] }",
              PLENUM_PACKET_ERROR_MALFORMED, "packet.json: ", "items");
}

static void
test_unknown_key (void)
{
  json_fails ("{ " MEETING_JSON ", \"items\": [], \"colour\": \"red\" }",
              PLENUM_PACKET_ERROR_MALFORMED, "packet.json: colour", NULL);
  json_fails ("{ \"meeting\": { \"id\": \"0b6f7c1e-2d4a-4e8b-9c3f-5a1d2e3f4a5b\", "
              "\"body\": \"B\", \"title\": \"T\", \"starts_at\": \"2026-12-01T01:00:00Z\", "
              "\"chair\": \"a.b\", \"Chair\": \"c.d\" }, \"items\": [] }",
              PLENUM_PACKET_ERROR_MALFORMED, "packet.json: meeting.Chair", NULL);
  json_fails ("{ " MEETING_JSON ", \"items\": [ { \"number\": \"1\", \"title\": \"T\", "
              "\"documents\": [], \"speaker\": \"x\" } ] }",
              PLENUM_PACKET_ERROR_MALFORMED, "packet.json: items[0].speaker", NULL);
  json_fails ("{ " MEETING_JSON ", \"items\": [ { \"number\": \"1\", \"title\": \"T\", "
              "\"documents\": [ { \"file\": \"01-chuong-trinh.pdf\", \"title\": \"D\", "
              "\"pages\": 3 } ] } ] }",
              PLENUM_PACKET_ERROR_MALFORMED, "packet.json: items[0].documents[0].pages", NULL);
}

static void
test_missing_or_wrong_field (void)
{
  json_fails ("{ \"items\": [] }", PLENUM_PACKET_ERROR_MALFORMED, "packet.json: meeting",
              "missing");
  json_fails ("{ " MEETING_JSON " }", PLENUM_PACKET_ERROR_MALFORMED, "packet.json: items",
              "missing");
  json_fails ("{ \"meeting\": { \"id\": \"0b6f7c1e-2d4a-4e8b-9c3f-5a1d2e3f4a5b\", "
              "\"body\": \"B\", \"starts_at\": \"2026-12-01T01:00:00Z\", "
              "\"chair\": \"a.b\" }, \"items\": [] }",
              PLENUM_PACKET_ERROR_MALFORMED, "packet.json: meeting.title", NULL);
  json_fails ("{ \"meeting\": { \"id\": \"0B6F7C1E-2D4A-4E8B-9C3F-5A1D2E3F4A5B\", "
              "\"body\": \"B\", \"title\": \"T\", \"starts_at\": \"2026-12-01T01:00:00Z\", "
              "\"chair\": \"a.b\" }, \"items\": [] }",
              PLENUM_PACKET_ERROR_MALFORMED, "packet.json: meeting.id", NULL);
  json_fails ("{ \"meeting\": { \"id\": \"0b6f7c1e-2d4a-4e8b-9c3f-5a1d2e3f4a5b\", "
              "\"body\": \"B\", \"title\": \"T\", \"starts_at\": \"tomorrow\", "
              "\"chair\": \"a.b\" }, \"items\": [] }",
              PLENUM_PACKET_ERROR_MALFORMED, "packet.json: meeting.starts_at", NULL);
  json_fails ("{ \"meeting\": { \"id\": \"0b6f7c1e-2d4a-4e8b-9c3f-5a1d2e3f4a5b\", "
              "\"body\": \"B\", \"title\": \"T\", \"starts_at\": \"2026-12-01T01:00:00Z\", "
              "\"chair\": \"Nguyễn Văn An\" }, \"items\": [] }",
              PLENUM_PACKET_ERROR_MALFORMED, "packet.json: meeting.chair", "sign-in name");
  json_fails ("{ \"meeting\": { \"id\": \"0b6f7c1e-2d4a-4e8b-9c3f-5a1d2e3f4a5b\", "
              "\"body\": \"B\", \"title\": \"T\", \"starts_at\": \"2026-12-01T01:00:00Z\", "
              "\"chair\": \"a.b\", \"vice_chair\": \"a.b\" }, \"items\": [] }",
              PLENUM_PACKET_ERROR_MALFORMED, "packet.json: meeting.vice_chair", NULL);
  json_fails ("{ " MEETING_JSON ", \"items\": [ { \"number\": \"1\", \"title\": \"T\", "
              "\"closed_session\": \"yes\", \"documents\": [] } ] }",
              PLENUM_PACKET_ERROR_MALFORMED, "packet.json: items[0].closed_session", NULL);
  json_fails ("{ " MEETING_JSON ", \"items\": [ { \"number\": \"1\", \"title\": \"T\" } ] }",
              PLENUM_PACKET_ERROR_MALFORMED, "packet.json: items[0].documents", NULL);
  json_fails ("{ " MEETING_JSON ", \"items\": [ { \"number\": \" 1\", \"title\": \"T\", "
              "\"documents\": [] } ] }",
              PLENUM_PACKET_ERROR_MALFORMED, "packet.json: items[0].number", "white space");
  json_fails ("{ " MEETING_JSON ", \"items\": [ { \"number\": \"1\", \"title\": \"   \", "
              "\"documents\": [] } ] }",
              PLENUM_PACKET_ERROR_MALFORMED, "packet.json: items[0].title", NULL);
  json_fails ("{ " MEETING_JSON ", \"items\": [ 7 ] }",
              PLENUM_PACKET_ERROR_MALFORMED, "packet.json: items[0]", NULL);
  json_fails ("{ " MEETING_JSON ", \"items\": [ { \"number\": \"1\", \"title\": \"T\", "
              "\"documents\": [ { \"file\": 12, \"title\": \"D\" } ] } ] }",
              PLENUM_PACKET_ERROR_MALFORMED, "packet.json: items[0].documents[0].file", NULL);
}

static void
test_duplicate_item (void)
{
  json_fails ("{ " MEETING_JSON ", \"items\": ["
              " { \"number\": \"1\", \"title\": \"Một\", \"documents\": [] },"
              " { \"number\": \"2\", \"title\": \"Hai\", \"documents\": [] },"
              " { \"number\": \"2\", \"title\": \"Hai nữa\", \"documents\": [] } ] }",
              PLENUM_PACKET_ERROR_DUPLICATE_ITEM,
              "packet.json: items[2].number: “2” is already the number of items[1]", NULL);
}

/* File names --------------------------------------------------------------------------- */

static void
file_name_fails (const char *file,
                 const char *shown)
{
  g_autofree char *json = json_one_document (file);
  g_autofree char *expected = g_strdup_printf ("packet.json: items[0].documents[0].file: "
                                               "“%s” is not a plain file name in the packet "
                                               "folder", shown);

  json_fails (json, PLENUM_PACKET_ERROR_BAD_FILE_NAME, expected, NULL);
}

static void
test_bad_file_names (void)
{
  g_autofree char *half = g_strnfill (128, 'x');
  g_autofree char *long_name = g_strconcat (half, half, NULL);

  file_name_fails ("../x.pdf", "../x.pdf");
  file_name_fails ("/etc/passwd", "/etc/passwd");
  file_name_fails ("sub/01-chuong-trinh.pdf", "sub/01-chuong-trinh.pdf");
  file_name_fails ("..\\x.pdf", "..\\x.pdf");
  file_name_fails (".hidden.pdf", ".hidden.pdf");
  file_name_fails (".", ".");
  file_name_fails ("..", "..");
  file_name_fails ("tab\there.pdf", "tab\xef\xbf\xbdhere.pdf");
  file_name_fails ("bell\x01.pdf", "bell\xef\xbf\xbd.pdf");

  /* 256 bytes: one too many. */
  g_assert_cmpuint (strlen (long_name), ==, 256);
  {
    g_autofree char *json = json_one_document (long_name);

    json_fails (json, PLENUM_PACKET_ERROR_BAD_FILE_NAME,
                "packet.json: items[0].documents[0].file: ", "longer than 255 bytes");
  }
  {
    g_autofree char *json = json_one_document ("");

    json_fails (json, PLENUM_PACKET_ERROR_BAD_FILE_NAME,
                "packet.json: items[0].documents[0].file: ", "empty");
  }
}

static void
test_long_name_accepted_up_to_255 (void)
{
  g_autofree char *name = g_strnfill (251, 'a');
  g_autofree char *file = g_strconcat (name, ".pdf", NULL);
  g_autofree char *json = json_one_document (file);
  g_autofree char *folder = make_folder (json);
  g_autoptr(PlenumPacketFolder) packet = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (strlen (file), ==, 255);
  add_data_file (folder, "packets/good/01-chuong-trinh.pdf", file);
  packet = plenum_packet_folder_read (folder, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (document_at (packet, 0, 0)->pages, ==, 1);
}

static void
test_symlink (void)
{
  g_autofree char *json = json_one_document ("link.pdf");
  g_autofree char *folder = make_folder (json);
  g_autofree char *link = g_build_filename (folder, "link.pdf", NULL);
  g_autofree char *message = NULL;

  /* Even a link to a good PDF inside the folder is refused. */
  g_assert_cmpint (symlink ("01-chuong-trinh.pdf", link), ==, 0);
  message = read_fails (folder, PLENUM_PACKET_ERROR_BAD_FILE_NAME);
  g_assert_cmpstr (message, ==,
                   "link.pdf: is a symbolic link; the packet folder must hold the file itself");

  /* And one that leaves the folder. */
  g_assert_cmpint (g_unlink (link), ==, 0);
  g_assert_cmpint (symlink ("/etc/hostname", link), ==, 0);
  g_free (message);
  message = read_fails (folder, PLENUM_PACKET_ERROR_BAD_FILE_NAME);
  g_assert_true (g_str_has_prefix (message, "link.pdf: is a symbolic link"));
}

static void
test_packet_json_symlink (void)
{
  g_autofree char *folder = plenum_test_mkdtemp ("packet");
  g_autofree char *good = good_folder ();
  g_autofree char *target = g_build_filename (good, "packet.json", NULL);
  g_autofree char *link = g_build_filename (folder, "packet.json", NULL);
  g_autofree char *message = NULL;

  g_assert_cmpint (symlink (target, link), ==, 0);
  message = read_fails (folder, PLENUM_PACKET_ERROR_BAD_FILE_NAME);
  g_assert_true (g_str_has_prefix (message, "packet.json: is a symbolic link"));
}

/* Files ------------------------------------------------------------------------------------ */

static void
test_missing_file (void)
{
  g_autofree char *json = json_one_document ("03-phu-luc.pdf");
  g_autofree char *folder = make_folder (json);
  g_autofree char *message = read_fails (folder, PLENUM_PACKET_ERROR_MISSING_FILE);

  g_assert_cmpstr (message, ==, "03-phu-luc.pdf: no such file in the packet folder");
}

static void
test_missing_packet_json (void)
{
  g_autofree char *folder = plenum_test_mkdtemp ("packet");
  g_autofree char *nowhere = g_build_filename (folder, "nowhere", NULL);
  g_autofree char *message = read_fails (folder, PLENUM_PACKET_ERROR_MISSING_FILE);
  g_autofree char *message2 = NULL;
  g_autofree char *expected = g_strdup_printf ("%s: no such folder", nowhere);

  g_assert_cmpstr (message, ==, "packet.json: no such file in the packet folder");
  message2 = read_fails (nowhere, PLENUM_PACKET_ERROR_MISSING_FILE);
  g_assert_cmpstr (message2, ==, expected);
}

static void
test_not_a_file (void)
{
  g_autofree char *json = json_one_document ("folder.pdf");
  g_autofree char *folder = make_folder (json);
  g_autofree char *sub = g_build_filename (folder, "folder.pdf", NULL);
  g_autofree char *message = NULL;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  message = read_fails (folder, PLENUM_PACKET_ERROR_MISSING_FILE);
  g_assert_cmpstr (message, ==, "folder.pdf: is a folder, not a file");

  /* A FIFO must neither hang the reader nor be read. */
  g_assert_cmpint (g_rmdir (sub), ==, 0);
  g_assert_cmpint (mkfifo (sub, 0600), ==, 0);
  g_free (message);
  message = read_fails (folder, PLENUM_PACKET_ERROR_MISSING_FILE);
  g_assert_cmpstr (message, ==, "folder.pdf: is a special file, not a file");
}

static void
test_not_pdf (void)
{
  g_autofree char *json = json_one_document ("03-annex.pdf");
  g_autofree char *folder = make_folder (json);
  g_autofree char *message = NULL;

  write_text (folder, "03-annex.pdf", "Đây không phải là PDF.\n");
  message = read_fails (folder, PLENUM_PACKET_ERROR_NOT_PDF);
  g_assert_true (g_str_has_prefix (message, "03-annex.pdf: not a PDF that can be opened ("));

  /* An empty file. */
  write_text (folder, "03-annex.pdf", "");
  g_free (message);
  message = read_fails (folder, PLENUM_PACKET_ERROR_NOT_PDF);
  g_assert_true (g_str_has_prefix (message, "03-annex.pdf: not a PDF that can be opened ("));
}

static void
broken_pdf_fails (const char *source,
                  const char *expected)
{
  g_autofree char *json = json_one_document ("broken.pdf");
  g_autofree char *folder = make_folder (json);
  g_autofree char *message = NULL;

  add_data_file (folder, source, "broken.pdf");
  message = read_fails (folder, PLENUM_PACKET_ERROR_NOT_PDF);
  g_assert_cmpstr (message, ==, expected);
}

static void
test_broken_pdfs (void)
{
  broken_pdf_fails ("bad_invalid-xref.pdf",
                    "broken.pdf: not a PDF that can be opened (it has no pages)");
  broken_pdf_fails ("bad_negative-page-count.pdf",
                    "broken.pdf: not a PDF that can be opened (it has no pages)");
  broken_pdf_fails ("bad_pages-tree-null-page.pdf",
                    "broken.pdf: not a PDF that can be opened (page 2 of 2 cannot be read)");
}

/* A packet.json with one item holding one document named @file with @password (a JSON
 * value as text: "\"view\"", "null"; NULL leaves the key out). */
static char *
json_one_document_with_password (const char *file,
                                 const char *password)
{
  g_autofree char *escaped = json_escape (file);
  g_autofree char *member = password != NULL ? g_strdup_printf (", \"password\": %s", password)
                                             : g_strdup ("");

  return g_strdup_printf ("{ " MEETING_JSON ", \"items\": [ { \"number\": \"1\", "
                          "\"title\": \"Một\", \"documents\": [ { \"file\": \"%s\", "
                          "\"title\": \"Tài liệu\"%s } ] } ] }", escaped, member);
}

/* A folder holding the AES-256 PDF whose user password is "view" as secret.pdf, read with
 * @password as its document's "password"; asserts the refusal with @code and that the
 * message names the file and never quotes what was given. */
static void
encrypted_fails (const char        *password,
                 PlenumPacketError  code,
                 const char        *expected)
{
  g_autofree char *json = json_one_document_with_password ("secret.pdf", password);
  g_autofree char *folder = make_folder (json);
  g_autofree char *message = NULL;

  add_data_file (folder, "enc_aes256-R6_userpw-view.pdf", "secret.pdf");
  message = read_fails (folder, code);
  g_assert_cmpstr (message, ==, expected);
  if (password != NULL)
    g_assert_null (strstr (message, password));
}

static void
test_encrypted_pdf (void)
{
  /* No password given. */
  encrypted_fails (NULL, PLENUM_PACKET_ERROR_PASSWORD,
                   "secret.pdf: the PDF is protected by a password; give it as the "
                   "document's “password” in packet.json");
  encrypted_fails ("null", PLENUM_PACKET_ERROR_PASSWORD,
                   "secret.pdf: the PDF is protected by a password; give it as the "
                   "document's “password” in packet.json");
  /* A wrong one: "View" is not "view". */
  encrypted_fails ("\"View-wrong-secret\"", PLENUM_PACKET_ERROR_PASSWORD,
                   "secret.pdf: the password packet.json gives for this PDF does not open it");
}

static void
test_encrypted_pdf_with_password (void)
{
  const char *json =
    "{ " MEETING_JSON ", \"items\": ["
    " { \"number\": \"1\", \"title\": \"Một\", \"documents\": ["
    "   { \"file\": \"secret.pdf\", \"title\": \"Mật\", \"password\": \"view\" },"
    "   { \"file\": \"01-chuong-trinh.pdf\", \"title\": \"Công khai\", \"password\": null },"
    "   { \"file\": \"secret.pdf\", \"title\": \"Mật (lần hai)\", \"password\": \"view\" }"
    " ] } ] }";
  g_autofree char *folder = make_folder (json);
  g_autofree char *secret_path = NULL;
  g_autofree char *secret_sha = NULL;
  g_autoptr(PlenumPacketFolder) packet = NULL;
  g_autoptr(GError) error = NULL;
  const PlenumPacketFolderDocument *document;

  add_data_file (folder, "enc_aes256-R6_userpw-view.pdf", "secret.pdf");
  secret_path = g_build_filename (folder, "secret.pdf", NULL);
  secret_sha = sha256_of_file (secret_path);

  packet = plenum_packet_folder_read (folder, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (packet);

  document = document_at (packet, 0, 0);
  g_assert_cmpstr (document->password, ==, "view");
  g_assert_cmpstr (document->sha256, ==, secret_sha);
  g_assert_cmpint (document->pages, >=, 1);
  /* The page count is the one poppler gives with the password. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (secret_path);
    PopplerDocument *pdf = poppler_document_new_from_gfile (file, "view", NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (document->pages, ==, poppler_document_get_n_pages (pdf));
    g_object_unref (pdf);
  }

  /* null: none. */
  document = document_at (packet, 0, 1);
  g_assert_null (document->password);
  g_assert_cmpint (document->pages, ==, 1);

  document = document_at (packet, 0, 2);
  g_assert_cmpstr (document->password, ==, "view");
  g_assert_cmpstr (document->sha256, ==, secret_sha);
}

/* A password for a PDF that needs none is a mistake in the packet. */
static void
test_password_for_plain_pdf (void)
{
  g_autofree char *json = json_one_document_with_password ("01-chuong-trinh.pdf",
                                                           "\"hunter2-secret\"");
  g_autofree char *folder = make_folder (json);
  g_autofree char *message = read_fails (folder, PLENUM_PACKET_ERROR_PASSWORD);

  g_assert_cmpstr (message, ==,
                   "01-chuong-trinh.pdf: packet.json gives a password for this PDF, but it "
                   "opens without one; leave “password” out");
  g_assert_null (strstr (message, "hunter2"));
}

/* The same file given two different passwords: each is checked, the wrong one refused. */
static void
test_same_file_two_passwords (void)
{
  const char *json =
    "{ " MEETING_JSON ", \"items\": ["
    " { \"number\": \"1\", \"title\": \"Một\", \"documents\": ["
    "   { \"file\": \"secret.pdf\", \"title\": \"A\", \"password\": \"view\" },"
    "   { \"file\": \"secret.pdf\", \"title\": \"B\", \"password\": \"wrong-one\" }"
    " ] } ] }";
  g_autofree char *folder = make_folder (json);
  g_autofree char *message = NULL;

  add_data_file (folder, "enc_aes256-R6_userpw-view.pdf", "secret.pdf");
  message = read_fails (folder, PLENUM_PACKET_ERROR_PASSWORD);
  g_assert_cmpstr (message, ==,
                   "secret.pdf: the password packet.json gives for this PDF does not open it");
}

/* Bad "password" values are refused by the JSON reader, naming the field, never quoting
 * the value. */
static void
test_bad_password_values (void)
{
  g_autofree char *long_password = g_strnfill (1025, 'x');
  g_autofree char *long_json = g_strdup_printf ("\"%s\"", long_password);
  g_autofree char *max_password = g_strnfill (1024, 'x');
  const char *bad[] = { "\"\"", "\"ab\\ncd\"", "\"a\\u0001\"", "\"\\u007f\"", "42", "true",
                        "[\"view\"]", long_json };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *json = json_one_document_with_password ("01-chuong-trinh.pdf", bad[i]);
      g_autofree char *folder = make_folder (json);
      g_autofree char *message = read_fails (folder, PLENUM_PACKET_ERROR_MALFORMED);

      g_assert_true (g_str_has_prefix (message,
                                       "packet.json: items[0].documents[0].password: "));
      g_assert_null (strstr (message, "xxxxxxxx"));
    }

  /* 1024 bytes are allowed: the file then fails for needing none. */
  {
    g_autofree char *value = g_strdup_printf ("\"%s\"", max_password);
    g_autofree char *json = json_one_document_with_password ("01-chuong-trinh.pdf", value);
    g_autofree char *folder = make_folder (json);
    g_autofree char *message = read_fails (folder, PLENUM_PACKET_ERROR_PASSWORD);

    g_assert_true (g_str_has_prefix (message, "01-chuong-trinh.pdf: "));
  }

  /* Parsing alone keeps it (no file checks). */
  {
    g_autofree char *json = json_one_document_with_password ("secret.pdf", "\"  \"");
    g_autoptr(PlenumPacketFolder) packet = NULL;
    g_autoptr(GError) error = NULL;

    packet = plenum_packet_folder_parse (NULL, json, strlen (json), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (document_at (packet, 0, 0)->password, ==, "  ");
  }
}

/* The first bad file in packet order is the one reported, after the good ones. */
static void
test_first_problem_reported (void)
{
  const char *json =
    "{ " MEETING_JSON ", \"items\": ["
    " { \"number\": \"1\", \"title\": \"Một\", \"documents\": ["
    "   { \"file\": \"01-chuong-trinh.pdf\", \"title\": \"A\" } ] },"
    " { \"number\": \"2\", \"title\": \"Hai\", \"documents\": ["
    "   { \"file\": \"02-bao-cao.pdf\", \"title\": \"B\" },"
    "   { \"file\": \"zz-missing.pdf\", \"title\": \"C\" },"
    "   { \"file\": \"aa-missing.pdf\", \"title\": \"D\" } ] } ] }";
  g_autofree char *folder = make_folder (json);
  g_autofree char *message = read_fails (folder, PLENUM_PACKET_ERROR_MISSING_FILE);

  g_assert_true (g_str_has_prefix (message, "zz-missing.pdf: "));
}

static void
test_cancelled (void)
{
  g_autofree char *folder = good_folder ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PlenumPacketFolder) packet = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  packet = plenum_packet_folder_read (folder, cancellable, &error);
  g_assert_null (packet);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/packet/read-good", test_read_good);
  g_test_add_func ("/plenum/packet/read-real-pdf", test_read_real_pdf);
  g_test_add_func ("/plenum/packet/parse-only", test_parse_only);
  g_test_add_func ("/plenum/packet/parse-truncated", test_parse_truncated);
  g_test_add_func ("/plenum/packet/malformed-json", test_malformed_json);
  g_test_add_func ("/plenum/packet/unknown-key", test_unknown_key);
  g_test_add_func ("/plenum/packet/missing-or-wrong-field", test_missing_or_wrong_field);
  g_test_add_func ("/plenum/packet/duplicate-item", test_duplicate_item);
  g_test_add_func ("/plenum/packet/bad-file-names", test_bad_file_names);
  g_test_add_func ("/plenum/packet/long-name-accepted", test_long_name_accepted_up_to_255);
  g_test_add_func ("/plenum/packet/symlink", test_symlink);
  g_test_add_func ("/plenum/packet/packet-json-symlink", test_packet_json_symlink);
  g_test_add_func ("/plenum/packet/missing-file", test_missing_file);
  g_test_add_func ("/plenum/packet/missing-packet-json", test_missing_packet_json);
  g_test_add_func ("/plenum/packet/not-a-file", test_not_a_file);
  g_test_add_func ("/plenum/packet/not-pdf", test_not_pdf);
  g_test_add_func ("/plenum/packet/broken-pdfs", test_broken_pdfs);
  g_test_add_func ("/plenum/packet/encrypted-pdf", test_encrypted_pdf);
  g_test_add_func ("/plenum/packet/encrypted-pdf-with-password",
                   test_encrypted_pdf_with_password);
  g_test_add_func ("/plenum/packet/password-for-plain-pdf", test_password_for_plain_pdf);
  g_test_add_func ("/plenum/packet/same-file-two-passwords", test_same_file_two_passwords);
  g_test_add_func ("/plenum/packet/bad-password-values", test_bad_password_values);
  g_test_add_func ("/plenum/packet/first-problem-reported", test_first_problem_reported);
  g_test_add_func ("/plenum/packet/cancelled", test_cancelled);

  return g_test_run ();
}
