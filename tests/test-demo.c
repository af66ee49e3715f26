/* test-demo.c — the demo packet (server/plenum-demo.c): byte-identical from run to run,
 * real PDFs with Vietnamese text that poppler reads, a folder the packet reader accepts,
 * and demo accounts the server can seed.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "plenum-demo.h"

#include <string.h>

#include <poppler.h>

#include "packet/plenum-packet-folder.h"
#include "core/plenum-json.h"
#include "plenum-test-util.h"

/* The demo is generated twice per test run (it takes a second or two), into two
 * folders that the tests share. */
static char *demo_first;
static char *demo_second;

static GDateTime *
fixed_start (void)
{
  return g_date_time_new_utc (2026, 12, 1, 1, 0, 0);
}

static char *
generate (const char *prefix)
{
  g_autoptr(GDateTime) start = fixed_start ();
  g_autoptr(GError) error = NULL;
  char *folder = plenum_test_mkdtemp (prefix);
  gint64 begin = g_get_monotonic_time ();

  g_assert_true (plenum_demo_write_packet_at (folder, start, &error));
  g_assert_no_error (error);
  g_test_message ("demo packet written in %.2f s",
                  (double) (g_get_monotonic_time () - begin) / G_USEC_PER_SEC);
  return folder;
}

static const char *
first_folder (void)
{
  if (demo_first == NULL)
    demo_first = generate ("demo-a");
  return demo_first;
}

static const char *
second_folder (void)
{
  if (demo_second == NULL)
    demo_second = generate ("demo-b");
  return demo_second;
}

static PlenumPacketFolder *
read_packet (const char *folder)
{
  g_autoptr(GError) error = NULL;
  PlenumPacketFolder *packet = plenum_packet_folder_read (folder, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (packet);
  return packet;
}

static PopplerDocument *
open_pdf (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  PopplerDocument *document;

  g_assert_no_error (error);
  document = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

static char *
page_text (PopplerDocument *document,
           int              index)
{
  PopplerPage *page = poppler_document_get_page (document, index);
  char *text;

  g_assert_nonnull (page);
  text = poppler_page_get_text (page);
  g_object_unref (page);
  g_assert_nonnull (text);
  return text;
}

/* Tests --------------------------------------------------------------------------------- */

static void
test_byte_identical (void)
{
  const char *a = first_folder ();
  const char *b = second_folder ();
  g_autoptr(GPtrArray) names_a = plenum_test_list_folder (a);
  g_autoptr(GPtrArray) names_b = plenum_test_list_folder (b);
  guint n_pdfs = 0;

  g_assert_cmpuint (names_a->len, ==, names_b->len);
  for (guint i = 0; i < names_a->len; i++)
    {
      const char *name = g_ptr_array_index (names_a, i);
      g_autofree char *path_a = g_build_filename (a, name, NULL);
      g_autofree char *path_b = g_build_filename (b, name, NULL);
      g_autofree char *bytes_a = NULL;
      g_autofree char *bytes_b = NULL;
      g_autoptr(GError) error = NULL;
      gsize len_a = 0, len_b = 0;

      g_assert_cmpstr (name, ==, g_ptr_array_index (names_b, i));
      g_assert_true (g_file_get_contents (path_a, &bytes_a, &len_a, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path_b, &bytes_b, &len_b, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (bytes_a, len_a, bytes_b, len_b);
      if (g_str_has_suffix (name, ".pdf"))
        n_pdfs++;
    }

  g_assert_cmpuint (n_pdfs, ==, plenum_demo_n_documents ());
  g_assert_cmpuint (names_a->len, ==, n_pdfs + 1);
}

static void
test_pages (void)
{
  const char *folder = first_folder ();
  g_autoptr(GPtrArray) names = plenum_test_list_folder (folder);
  int total = 0;
  int longest = 0;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = NULL;
      PopplerDocument *document;
      int n_pages;

      if (!g_str_has_suffix (name, ".pdf"))
        continue;
      path = g_build_filename (folder, name, NULL);
      document = open_pdf (path);
      n_pages = poppler_document_get_n_pages (document);
      g_test_message ("%s: %d pages", name, n_pages);
      g_assert_cmpint (n_pages, >=, 2);
      for (int p = 0; p < n_pages; p++)
        {
          PopplerPage *page = poppler_document_get_page (document, p);
          double width = 0, height = 0;

          g_assert_nonnull (page);
          poppler_page_get_size (page, &width, &height);
          /* A4 portrait, in points. */
          g_assert_cmpfloat_with_epsilon (width, 595.28, 0.5);
          g_assert_cmpfloat_with_epsilon (height, 841.89, 0.5);
          g_object_unref (page);
        }
      total += n_pages;
      longest = MAX (longest, n_pages);
      g_object_unref (document);
    }

  g_test_message ("total: %d pages", total);
  g_assert_cmpint (total, >=, 250);
  g_assert_cmpint (total, <=, 400);
  /* One long draft, for scrolling and memory on a real document. */
  g_assert_cmpint (longest, >=, 120);
}

static void
test_vietnamese_text (void)
{
  const char *folder = first_folder ();
  g_autofree char *draft_path = g_build_filename (folder,
                                                  "02-2-du-thao-nghi-quyet-chuyen-doi-so.pdf",
                                                  NULL);
  g_autofree char *report_path = g_build_filename (folder, "01-2-bao-cao-kinh-te-xa-hoi-2026.pdf",
                                                   NULL);
  PopplerDocument *draft = open_pdf (draft_path);
  PopplerDocument *report = open_pdf (report_path);
  g_autofree char *first = page_text (draft, 0);
  g_autofree char *report_first = page_text (report, 0);
  g_autofree char *footer = g_strdup_printf ("Trang 1/%d", poppler_document_get_n_pages (report));
  g_autofree char *title = poppler_document_get_title (report);
  GDateTime *created = poppler_document_get_creation_date_time (report);
  g_autoptr(GDateTime) expected_created = g_date_time_new_utc (2026, 11, 20, 1, 0, 0);

  g_assert_nonnull (strstr (first, "NGHỊ QUYẾT"));
  g_assert_nonnull (strstr (first, "ĐẢNG CỘNG SẢN VIỆT NAM"));
  g_assert_nonnull (strstr (first, "chuyển đổi số"));
  g_assert_nonnull (strstr (first, "DỰ THẢO"));
  g_assert_nonnull (strstr (report_first, "Nghị quyết"));
  g_assert_nonnull (strstr (report_first, "kinh tế - xã hội"));
  g_assert_nonnull (strstr (report_first, footer));

  /* Text as written, in NFC: what search on a terminal will compare with. */
  {
    g_autofree char *nfc = g_utf8_normalize (report_first, -1, G_NORMALIZE_NFC);

    g_assert_cmpstr (nfc, ==, report_first);
  }

  /* Fixed metadata: part of what makes the bytes the same on every run. */
  g_assert_cmpstr (title, ==, "Báo cáo tình hình kinh tế - xã hội năm 2026; mục tiêu, nhiệm "
                   "vụ, giải pháp năm 2027");
  g_assert_nonnull (created);
  g_assert_true (g_date_time_equal (created, expected_created));
  g_date_time_unref (created);

  g_object_unref (draft);
  g_object_unref (report);
}

static void
test_reader_accepts (void)
{
  const char *folder = first_folder ();
  g_autoptr(PlenumPacketFolder) packet = read_packet (folder);
  g_autofree char *start = g_date_time_format_iso8601 (packet->starts_at);
  guint n_documents = 0;
  gboolean closed_found = FALSE;

  g_assert_cmpstr (packet->meeting_id, ==, plenum_demo_meeting_id ());
  g_assert_cmpstr (packet->body, ==, plenum_demo_body_name ());
  g_assert_cmpstr (packet->title, ==, plenum_demo_meeting_title ());
  g_assert_cmpstr (packet->chair, ==, plenum_demo_chair_name ());
  g_assert_cmpstr (packet->vice_chair, ==, plenum_demo_vice_chair_name ());
  g_assert_cmpstr (start, ==, "2026-12-01T01:00:00Z");
  g_assert_nonnull (packet->location);
  g_assert_cmpuint (packet->items->len, >=, 6);

  for (guint i = 0; i < packet->items->len; i++)
    {
      const PlenumPacketFolderItem *item = g_ptr_array_index (packet->items, i);

      if (item->closed_session)
        closed_found = TRUE;
      for (guint j = 0; j < item->documents->len; j++)
        {
          const PlenumPacketFolderDocument *document = g_ptr_array_index (item->documents, j);
          g_autofree char *contents = NULL;
          g_autofree char *sha = NULL;
          g_autoptr(GError) error = NULL;
          gsize length = 0;

          g_assert_true (g_file_get_contents (document->path, &contents, &length, &error));
          g_assert_no_error (error);
          sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents,
                                             length);
          g_assert_cmpstr (document->sha256, ==, sha);
          g_assert_cmpuint (document->size, ==, length);
          g_assert_cmpint (document->pages, >=, 2);
          {
            PopplerDocument *pdf = open_pdf (document->path);

            g_assert_cmpint (document->pages, ==, poppler_document_get_n_pages (pdf));
            g_object_unref (pdf);
          }
          n_documents++;
        }
    }

  g_assert_true (closed_found);
  g_assert_cmpuint (n_documents, ==, plenum_demo_n_documents ());
}

static void
test_one_confidential (void)
{
  const char *folder = first_folder ();
  g_autoptr(PlenumPacketFolder) packet = read_packet (folder);
  const PlenumPacketFolderDocument *confidential = NULL;
  guint n_confidential = 0;

  for (guint i = 0; i < packet->items->len; i++)
    {
      const PlenumPacketFolderItem *item = g_ptr_array_index (packet->items, i);

      for (guint j = 0; j < item->documents->len; j++)
        {
          const PlenumPacketFolderDocument *document = g_ptr_array_index (item->documents, j);

          if (document->confidential)
            {
              /* The personnel item, heard in closed session. */
              g_assert_true (item->closed_session);
              confidential = document;
              n_confidential++;
            }
        }
    }

  g_assert_cmpuint (n_confidential, ==, 1);
  {
    PopplerDocument *pdf = open_pdf (confidential->path);
    int n_pages = poppler_document_get_n_pages (pdf);

    /* "MẬT" stamped on every page. */
    for (int p = 0; p < n_pages; p++)
      {
        g_autofree char *text = page_text (pdf, p);

        g_assert_nonnull (strstr (text, "MẬT"));
      }
    g_object_unref (pdf);
  }
}

static void
test_accounts (void)
{
  guint n_accounts = 0;
  const PlenumDemoAccount *accounts = plenum_demo_accounts (&n_accounts);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_members = 0;
  guint n_secretaries = 0;
  gboolean chair_in_body = FALSE;
  gboolean vice_chair_in_body = FALSE;

  g_assert_cmpuint (n_accounts, >=, 13);
  for (guint i = 0; i < n_accounts; i++)
    {
      const PlenumDemoAccount *account = &accounts[i];
      gsize pin_length = strlen (account->pin);

      g_test_message ("%-22s %-8s %s", account->name, account->pin, account->display_name);
      g_assert_true (plenum_is_sign_in_name (account->name));
      g_assert_true (g_hash_table_add (names, (gpointer) account->name));
      g_assert_true (g_utf8_validate (account->display_name, -1, NULL));
      g_assert_cmpuint (strlen (account->display_name), >, 0);
      g_assert_nonnull (account->position);
      g_assert_cmpuint (pin_length, >=, 4);
      g_assert_cmpuint (pin_length, <=, 12);
      for (gsize c = 0; c < pin_length; c++)
        g_assert_true (g_ascii_isdigit (account->pin[c]));

      if (g_str_equal (account->role, "secretary"))
        {
          g_assert_false (account->in_body);
          n_secretaries++;
        }
      else
        {
          g_assert_cmpstr (account->role, ==, "member");
          g_assert_true (account->in_body);
          n_members++;
        }
      if (g_str_equal (account->name, plenum_demo_chair_name ()))
        chair_in_body = account->in_body;
      if (g_str_equal (account->name, plenum_demo_vice_chair_name ()))
        vice_chair_in_body = account->in_body;
    }

  g_assert_cmpuint (n_members, ==, 12);
  g_assert_cmpuint (n_secretaries, ==, 1);
  g_assert_true (chair_in_body);
  g_assert_true (vice_chair_in_body);
  g_assert_cmpstr (plenum_demo_chair_name (), !=, plenum_demo_vice_chair_name ());
}

static void
test_refuses_non_empty_folder (void)
{
  g_autofree char *folder = plenum_test_mkdtemp ("demo-full");
  g_autofree char *stray = g_build_filename (folder, "stray.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;

  g_file_set_contents (stray, "x", 1, &error);
  g_assert_no_error (error);
  g_assert_false (plenum_demo_write_packet (folder, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  names = plenum_test_list_folder (folder);
  g_assert_cmpuint (names->len, ==, 1);
}

static void
test_default_start (void)
{
  g_autoptr(GDateTime) evening = g_date_time_new_utc (2026, 11, 30, 12, 0, 0);
  g_autoptr(GDateTime) early = g_date_time_new_utc (2026, 11, 30, 0, 30, 0);
  g_autoptr(GDateTime) at_eight = g_date_time_new_utc (2026, 11, 30, 1, 0, 0);
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *text = NULL;

  /* 19:00 in Vân Lĩnh (UTC+7): tomorrow at 08:00 local, 01:00 UTC. */
  start = plenum_demo_default_starts_at (evening);
  text = g_date_time_format_iso8601 (start);
  g_assert_cmpstr (text, ==, "2026-12-01T01:00:00Z");

  /* 07:30 local: today at 08:00. */
  g_clear_pointer (&start, g_date_time_unref);
  g_clear_pointer (&text, g_free);
  start = plenum_demo_default_starts_at (early);
  text = g_date_time_format_iso8601 (start);
  g_assert_cmpstr (text, ==, "2026-11-30T01:00:00Z");

  /* 08:00 sharp is not "after": the next day. */
  g_clear_pointer (&start, g_date_time_unref);
  g_clear_pointer (&text, g_free);
  start = plenum_demo_default_starts_at (at_eight);
  text = g_date_time_format_iso8601 (start);
  g_assert_cmpstr (text, ==, "2026-12-01T01:00:00Z");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);

  g_test_add_func ("/plenum/demo/byte-identical", test_byte_identical);
  g_test_add_func ("/plenum/demo/pages", test_pages);
  g_test_add_func ("/plenum/demo/vietnamese-text", test_vietnamese_text);
  g_test_add_func ("/plenum/demo/reader-accepts", test_reader_accepts);
  g_test_add_func ("/plenum/demo/one-confidential", test_one_confidential);
  g_test_add_func ("/plenum/demo/accounts", test_accounts);
  g_test_add_func ("/plenum/demo/refuses-non-empty-folder", test_refuses_non_empty_folder);
  g_test_add_func ("/plenum/demo/default-start", test_default_start);

  status = g_test_run ();
  g_clear_pointer (&demo_first, g_free);
  g_clear_pointer (&demo_second, g_free);
  return status;
}
