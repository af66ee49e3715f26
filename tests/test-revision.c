/* test-revision.c — a revised document keeps every mark: a real plenum-server publishes
 * version 1 of a packet, a member marks the document up on a terminal (the real window,
 * store, sync engine and render helper), the secretariat republishes the packet with a
 * revised PDF (a paragraph inserted above the marked one, another paragraph removed:
 * both versions generated here with cairo), the terminal syncs, and opening the document
 * again carries the marks that can be carried (on the new version's sha256, moved with
 * their text) and lists the one on the removed text for review, with the old page beside
 * the new one; the pages that changed are marked.
 *
 * Runs under Xvfb; without a display it skips, except in CI.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifdef __SANITIZE_ADDRESS__
#endif
#include <adwaita.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "core/plenum-json.h"
#include "gui/plenum-application.h"
#include "gui/plenum-document-page.h"
#include "gui/plenum-document-row.h"
#include "gui/plenum-meeting-list-page.h"
#include "gui/plenum-meeting-page.h"
#include "gui/plenum-pin-pad.h"
#include "gui/plenum-sign-in-page.h"
#include "gui/plenum-window.h"
#include "plenum-test-gui.h"
#include "plenum-test-sync.h"
#include "plenum-test-server.h"
#include "plenum-test-util.h"

#define WAIT_MS       20000
#define DOWNLOAD_MS   60000

#define MEMBER_NAME    "tran.thi.mai"
#define MEMBER_PIN     "246810"
#define SECRETARY_NAME "pham.van.hai"
#define SECRETARY_PIN  "135790"
#define BODY_NAME      "Ban Thường vụ"
#define DOCUMENT_TITLE "Dự thảo Nghị quyết về chuyển đổi số"

/* Layout of the generated pages (points). */
#define FONT_SIZE     13.0
#define LINE_PITCH    22.0
#define PARAGRAPH_GAP 18.0
#define LEFT          60.0

static const char * const title_lines[] = {
  "NGHỊ QUYẾT VỀ CHUYỂN ĐỔI SỐ (DỰ THẢO)", NULL,
};
/* Only in version 2, above the marked paragraph. */
static const char * const inserted_lines[] = {
  "Bổ sung: Ban Chấp hành nhấn mạnh yêu cầu bảo đảm an toàn thông tin",
  "trong toàn bộ quá trình triển khai các nền tảng số dùng chung.", NULL,
};
static const char * const kept_lines[] = {
  "Mục tiêu đến năm 2030, trăm phần trăm hồ sơ công việc cấp tỉnh",
  "được xử lý trên môi trường mạng, trừ hồ sơ thuộc phạm vi bí mật,",
  "và chín mươi phần trăm người dân có danh tính số được xác thực.", NULL,
};
/* Only in version 1. */
static const char * const removed_lines[] = {
  "Thí điểm cấp máy tính bảng cho toàn bộ đại biểu từ quý một năm 2027,",
  "kinh phí lấy từ nguồn chi thường xuyên của Văn phòng Tỉnh ủy.", NULL,
};
static const char * const second_page_lines[] = {
  "Tổ chức thực hiện: các cấp ủy, tổ chức đảng quán triệt nghị quyết",
  "và xây dựng chương trình hành động cụ thể trong quý đầu năm.", NULL,
};

static void
draw_paragraph (cairo_t            *cr,
                double             *y,
                const char * const *lines)
{
  for (guint i = 0; lines[i] != NULL; i++)
    {
      cairo_move_to (cr, LEFT, *y);
      cairo_show_text (cr, lines[i]);
      *y += LINE_PITCH;
    }
  *y += PARAGRAPH_GAP;
}

/* The baseline of the first line of the kept paragraph, on page 1 of each version. */
static double
kept_baseline (gboolean revised)
{
  double y = 90 + LINE_PITCH + PARAGRAPH_GAP;

  if (revised)
    y += 2 * LINE_PITCH + PARAGRAPH_GAP;
  return y;
}

/* The same two-page draft, or its revision. */
static void
make_version (const char *path,
              gboolean    revised)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);
  double y = 90;

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, FONT_SIZE);
  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_paragraph (cr, &y, title_lines);
  if (revised)
    draw_paragraph (cr, &y, inserted_lines);
  g_assert_cmpfloat (y, ==, kept_baseline (revised));
  draw_paragraph (cr, &y, kept_lines);
  if (!revised)
    {
      /* Well apart from the kept paragraph, so that a mark on one never touches the
       * other. */
      y += 80;
      draw_paragraph (cr, &y, removed_lines);
    }
  cairo_show_page (cr);
  y = 90;
  draw_paragraph (cr, &y, second_page_lines);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

/* The removed paragraph's first baseline in version 1. */
static double
removed_baseline (void)
{
  return kept_baseline (FALSE) + 3 * LINE_PITCH + PARAGRAPH_GAP + 80;
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* HTTP to the server, as the secretariat's tools do */

static GBytes *
http (const char   *method,
      const char   *url,
      const char   *token,
      const char   *content_type,
      GBytes       *body,
      guint        *status)
{
  g_autoptr(SoupSession) session = plenum_test_soup_session_new (NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  GBytes *answer;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return answer;
}

static cJSON *
http_json (const char *method,
           const char *url,
           const char *token,
           cJSON      *request)
{
  g_autofree char *text = request != NULL ? cJSON_PrintUnformatted (request) : NULL;
  g_autoptr(GBytes) body = text != NULL ? g_bytes_new (text, strlen (text)) : NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;
  guint status;
  cJSON *root;

  answer = http (method, url, token, "application/json", body, &status);
  data = g_bytes_get_data (answer, &length);
  if (status >= 300)
    g_error ("%s %s: %u %.*s", method, url, status, (int) length, data);
  root = plenum_json_parse (data, (gssize) length, &error);
  g_assert_no_error (error);
  return root;
}

static char *
secretary_token (const char *server_url)
{
  g_autofree char *url = g_strconcat (server_url, "/api/v1/session", NULL);
  g_autofree char *terminal_id = plenum_uuid_new ();
  g_autoptr(cJSON) request = cJSON_CreateObject ();
  g_autoptr(cJSON) answer = NULL;
  const cJSON *token;

  cJSON_AddStringToObject (request, "name", SECRETARY_NAME);
  cJSON_AddStringToObject (request, "pin", SECRETARY_PIN);
  cJSON_AddStringToObject (request, "terminal_id", terminal_id);
  answer = http_json ("POST", url, NULL, request);
  token = cJSON_GetObjectItemCaseSensitive (answer, "token");
  g_assert_true (cJSON_IsString (token));
  return g_strdup (token->valuestring);
}

/* Version 2 of the packet: the blob first, then the manifest (same item number and
 * document title, so the document keeps its id). */
static void
republish (const char *server_url,
           const char *meeting_id,
           const char *pdf_path,
           const char *sha256)
{
  g_autofree char *token = secretary_token (server_url);
  g_autofree char *blob_url = g_strdup_printf ("%s/api/v1/blobs/%s", server_url, sha256);
  g_autofree char *meeting_url = g_strdup_printf ("%s/api/v1/meetings/%s", server_url, meeting_id);
  g_autofree char *packet_url = g_strdup_printf ("%s/api/v1/meetings/%s/packet", server_url, meeting_id);
  g_autofree char *contents = NULL;
  g_autofree char *operation_id = plenum_uuid_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(cJSON) meeting = NULL;
  g_autoptr(cJSON) manifest = cJSON_CreateObject ();
  g_autoptr(cJSON) published = NULL;
  g_autoptr(GError) error = NULL;
  cJSON *summary, *items, *item, *documents, *document;
  gsize length = 0;
  guint status;

  g_assert_true (g_file_get_contents (pdf_path, &contents, &length, &error));
  body = g_bytes_new (contents, length);
  answer = http ("PUT", blob_url, token, "application/octet-stream", body, &status);
  g_assert_cmpuint (status, ==, 201);

  meeting = http_json ("GET", meeting_url, token, NULL);
  cJSON_AddStringToObject (manifest, "operation_id", operation_id);
  summary = cJSON_AddObjectToObject (manifest, "meeting");
  cJSON_AddStringToObject (summary, "body_id", cJSON_GetObjectItemCaseSensitive (meeting, "body_id")->valuestring);
  cJSON_AddStringToObject (summary, "title", cJSON_GetObjectItemCaseSensitive (meeting, "title")->valuestring);
  cJSON_AddStringToObject (summary, "starts_at", cJSON_GetObjectItemCaseSensitive (meeting, "starts_at")->valuestring);
  cJSON_AddNullToObject (summary, "location");
  cJSON_AddStringToObject (summary, "chair_id", cJSON_GetObjectItemCaseSensitive (meeting, "chair_id")->valuestring);
  cJSON_AddNullToObject (summary, "vice_chair_id");
  items = cJSON_AddArrayToObject (manifest, "items");
  item = cJSON_CreateObject ();
  cJSON_AddItemToArray (items, item);
  cJSON_AddStringToObject (item, "number", "1");
  cJSON_AddStringToObject (item, "title", "Chuyển đổi số");
  cJSON_AddBoolToObject (item, "closed_session", FALSE);
  documents = cJSON_AddArrayToObject (item, "documents");
  document = cJSON_CreateObject ();
  cJSON_AddItemToArray (documents, document);
  cJSON_AddStringToObject (document, "title", DOCUMENT_TITLE);
  cJSON_AddStringToObject (document, "sha256", sha256);
  cJSON_AddBoolToObject (document, "confidential", FALSE);
  published = http_json ("PUT", packet_url, token, manifest);
  g_assert_cmpint (cJSON_GetObjectItemCaseSensitive (published, "packet_version")->valueint, ==, 2);
}

/* A terminal */



static gboolean
signed_in (gpointer user_data)
{
  return g_strcmp0 (plenum_window_get_page_name (user_data), "meetings") == 0;
}

static void
sign_in (PlenumTestTerminal *terminal)
{
  PlenumSignInPage *page = PLENUM_SIGN_IN_PAGE (plenum_window_get_sign_in_page (terminal->window));
  PlenumPinPad *pad = plenum_sign_in_page_get_pin_pad (page);

  gtk_editable_set_text (plenum_sign_in_page_get_name_entry (page), MEMBER_NAME);
  for (const char *p = MEMBER_PIN; *p != '\0'; p++)
    g_assert_true (gtk_widget_activate (plenum_pin_pad_get_digit_button (pad, (guint) (*p - '0'))));
  g_assert_true (gtk_widget_activate (plenum_pin_pad_get_submit_button (pad)));
  g_assert_true (plenum_test_wait_until (NULL, signed_in, terminal->window, WAIT_MS));
}

typedef struct
{
  PlenumSyncEngine *engine;
  const char       *meeting_id;
  const char       *sha256;
} VersionWait;

/* The meeting's document is @sha256, and it is on the terminal, verified. */
static PlenumDocument *
meeting_document (PlenumSyncEngine *engine,
                  const char       *meeting_id)
{
  g_autoptr(PlenumMeeting) meeting = plenum_sync_engine_get_meeting (engine, meeting_id);
  g_autoptr(PlenumAgendaItem) item = NULL;
  GListModel *agenda;

  if (meeting == NULL || !plenum_meeting_has_agenda (meeting))
    return NULL;
  agenda = plenum_meeting_get_agenda (meeting);
  if (g_list_model_get_n_items (agenda) == 0)
    return NULL;
  item = g_list_model_get_item (agenda, 0);
  if (g_list_model_get_n_items (plenum_agenda_item_get_documents (item)) == 0)
    return NULL;
  return g_list_model_get_item (plenum_agenda_item_get_documents (item), 0);
}

static gboolean
version_on_terminal (gpointer user_data)
{
  VersionWait *wait = user_data;
  g_autoptr(PlenumDocument) document = meeting_document (wait->engine, wait->meeting_id);

  return document != NULL && g_str_equal (plenum_document_get_sha256 (document), wait->sha256) &&
         plenum_sync_engine_get_document_state (wait->engine, wait->sha256, NULL, NULL) ==
         PLENUM_DOCUMENT_STATE_VERIFIED;
}

static gboolean
document_page_ready (gpointer user_data)
{
  PlenumDocumentPage *page = user_data;

  return plenum_document_page_get_state (page) == PLENUM_DOCUMENT_PAGE_READY &&
         plenum_pdf_view_get_ready (plenum_document_page_get_view (page));
}

/* From the meeting list: the meeting, its item, the document's row (tapped). */
static PlenumDocumentPage *
open_document (PlenumTestTerminal   *terminal,
               const char *sha256)
{
  PlenumMeetingListPage *list_page = PLENUM_MEETING_LIST_PAGE (plenum_window_get_meeting_list_page (terminal->window));
  GListModel *meetings = plenum_sync_engine_get_meetings (terminal->engine);
  PlenumMeetingPage *meeting_page;
  GtkListBoxRow *row;
  PlenumDocumentPage *page;
  gint64 deadline;

  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (g_list_model_get_n_items (meetings) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  row = gtk_list_box_get_row_at_index (plenum_meeting_list_page_get_list (list_page), 0);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  plenum_test_wait_window_page (terminal->window, "meeting");
  meeting_page = PLENUM_MEETING_PAGE (plenum_window_get_meeting_page (terminal->window));
  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while ((plenum_meeting_page_get_meeting (meeting_page) == NULL ||
          !plenum_meeting_has_agenda (plenum_meeting_page_get_meeting (meeting_page))) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr(PlenumAgendaItem) item =
      g_list_model_get_item (plenum_meeting_get_agenda (plenum_meeting_page_get_meeting (meeting_page)), 0);

    gtk_widget_activate_action (GTK_WIDGET (meeting_page), "meeting.select-item", "s",
                                plenum_agenda_item_get_id (item));
  }
  row = gtk_list_box_get_row_at_index (plenum_meeting_page_get_document_list (meeting_page), 0);
  g_assert_nonnull (row);
  g_assert_cmpstr (plenum_document_get_sha256 (plenum_document_row_get_document (PLENUM_DOCUMENT_ROW (row))), ==,
                   sha256);
  deadline = g_get_monotonic_time () + DOWNLOAD_MS * 1000;
  while (plenum_document_row_get_state (PLENUM_DOCUMENT_ROW (row)) != PLENUM_DOCUMENT_STATE_VERIFIED &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  plenum_test_wait_window_page (terminal->window, "document");
  page = PLENUM_DOCUMENT_PAGE (plenum_window_get_document_page (terminal->window));
  g_assert_true (plenum_test_wait_until (NULL, document_page_ready, page, WAIT_MS));
  return page;
}

static void
back_to_meetings (PlenumTestTerminal *terminal)
{
  gtk_widget_activate_action (GTK_WIDGET (terminal->window), "window.back", NULL);
  plenum_test_wait_window_page (terminal->window, "meeting");
  gtk_widget_activate_action (GTK_WIDGET (terminal->window), "window.back", NULL);
  plenum_test_wait_window_page (terminal->window, "meetings");
}

/* A pen stroke along a line of text: from (@px, @py) points on page @index, 200 points
 * to the right. */
static char *
draw_stroke (PlenumDocumentPage *page,
             guint               index,
             double              px,
             double              py)
{
  PlenumPdfView *view = plenum_document_page_get_view (page);
  PlenumInkLayer *layer = plenum_document_page_get_ink_layer (page);
  GPtrArray *marks = plenum_ink_layer_get_annotations (layer);
  guint n_before = marks->len;
  double zoom = plenum_pdf_view_get_zoom (view);
  graphene_rect_t rect;

  plenum_pdf_view_set_page (view, index);
  plenum_test_wait_frame (GTK_WIDGET (view));
  g_assert_true (plenum_pdf_view_get_page_rect (view, index, &rect));
  g_assert_true (plenum_ink_layer_begin_stroke (layer, rect.origin.x + px * zoom, rect.origin.y + py * zoom, -1));
  for (guint i = 1; i <= 20; i++)
    plenum_ink_layer_extend_stroke (layer, rect.origin.x + (px + i * 10) * zoom,
                                    rect.origin.y + py * zoom, 0.8);
  plenum_ink_layer_end_stroke (layer);
  marks = plenum_ink_layer_get_annotations (layer);
  g_assert_cmpuint (marks->len, ==, n_before + 1);
  return g_strdup (plenum_annotation_get_id (g_ptr_array_index (marks, n_before)));
}

typedef struct
{
  PlenumStore *store;
  const char  *account_id;
  const char  *annotation_id;
} StoredWait;

static gboolean
annotation_on_server (gpointer user_data)
{
  StoredWait *wait = user_data;
  g_autoptr(PlenumAnnotation) annotation = NULL;
  gboolean dirty = TRUE;
  gint64 revision = 0;

  annotation = plenum_store_get_annotation (wait->store, wait->account_id, wait->annotation_id,
                                            NULL, &dirty, &revision, NULL);
  return annotation != NULL && !dirty && revision > 0;
}

static PlenumAnnotation *
stored (PlenumTestTerminal   *terminal,
        const char *account_id,
        const char *annotation_id)
{
  g_autoptr(GError) error = NULL;
  PlenumAnnotation *annotation = plenum_store_get_annotation (terminal->store, account_id, annotation_id,
                                                              NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return annotation;
}

/* The layer over @view under @widget, or NULL. */
static PlenumInkLayer *
find_layer_of (GtkWidget     *widget,
               PlenumPdfView *view)
{
  if (PLENUM_IS_INK_LAYER (widget) && plenum_ink_layer_get_view (PLENUM_INK_LAYER (widget)) == view)
    return PLENUM_INK_LAYER (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      PlenumInkLayer *found = find_layer_of (child, view);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
review_listed (gpointer user_data)
{
  GPtrArray *review = plenum_document_page_get_review (user_data);

  return review != NULL && review->len > 0;
}

static gboolean
beside_at_page (gpointer user_data)
{
  PlenumDocumentPage *page = user_data;
  PlenumPdfView *beside = plenum_document_page_get_beside_view (page);

  return beside != NULL && plenum_pdf_view_get_ready (beside) && plenum_pdf_view_get_page (beside) == 0 &&
         plenum_render_document_get_n_pages (plenum_pdf_view_get_document (beside)) == 2;
}

static void
test_revised_document (void)
{
  g_autofree char *server_dir = plenum_test_mkdtemp ("revision-server");
  g_autofree char *client_dir = plenum_test_mkdtemp ("revision-terminal");
  g_autofree char *folder = plenum_test_mkdtemp ("revision-packet");
  g_autofree char *revised_dir = plenum_test_mkdtemp ("revision-v2");
  g_autofree char *accounts_path = g_build_filename (server_dir, "accounts.json", NULL);
  g_autofree char *packet_path = g_build_filename (folder, "packet.json", NULL);
  g_autofree char *v1_path = g_build_filename (folder, "du-thao.pdf", NULL);
  g_autofree char *v2_path = g_build_filename (revised_dir, "du-thao-v2.pdf", NULL);
  g_autofree char *v1_sha = NULL;
  g_autofree char *v2_sha = NULL;
  g_autofree char *meeting_id = plenum_uuid_new ();
  g_autofree char *packet = NULL;
  g_autofree char *account_id = NULL;
  g_autofree char *kept_id = NULL;
  g_autofree char *removed_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *page_1_changed = NULL;
  g_autofree char *page_2 = NULL;
  g_autoptr(PlenumTestServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlenumAnnotation) kept_before = NULL;
  g_autoptr(PlenumAnnotation) kept_after = NULL;
  g_autoptr(PlenumAnnotation) removed_after = NULL;
  g_autoptr(PlenumAnnotation) second_after = NULL;
  PlenumAnnotationRect before_bounds, after_bounds;
  PlenumDocumentPage *page;
  PlenumInkLayer *layer;
  PlenumTestTerminal *terminal;

  /* Version 1, published from a packet folder. */
  make_version (v1_path, FALSE);
  make_version (v2_path, TRUE);
  v1_sha = file_sha256 (v1_path);
  v2_sha = file_sha256 (v2_path);
  g_assert_cmpstr (v1_sha, !=, v2_sha);
  g_assert_true (g_file_set_contents (accounts_path,
                                      "{ \"accounts\": [ "
                                      "{ \"name\": \"" MEMBER_NAME "\", \"display_name\": \"Trần Thị Mai\", "
                                      "\"role\": \"member\", \"pin\": \"" MEMBER_PIN "\" }, "
                                      "{ \"name\": \"" SECRETARY_NAME "\", \"display_name\": \"Phạm Văn Hải\", "
                                      "\"role\": \"secretary\", \"pin\": \"" SECRETARY_PIN "\" } ], "
                                      "\"bodies\": [ { \"name\": \"" BODY_NAME "\", "
                                      "\"members\": [ \"" MEMBER_NAME "\" ] } ] }", -1, &error));
  packet = g_strdup_printf ("{ \"meeting\": { \"id\": \"%s\", \"body\": \"" BODY_NAME "\", "
                            "\"title\": \"Hội nghị tháng 12\", "
                            "\"starts_at\": \"2099-12-01T01:00:00Z\", \"chair\": \"" MEMBER_NAME "\" }, "
                            "\"items\": [ { \"number\": \"1\", \"title\": \"Chuyển đổi số\", "
                            "\"documents\": [ { \"file\": \"du-thao.pdf\", "
                            "\"title\": \"" DOCUMENT_TITLE "\" } ] } ] }", meeting_id);
  g_assert_true (g_file_set_contents (packet_path, packet, -1, &error));
  g_assert_no_error (error);
  {
    const char * const accounts_args[] = { "--data-dir", server_dir, "--import-accounts", accounts_path, NULL };
    const char * const packet_args[] = { "--data-dir", server_dir, "--import-packet", folder, NULL };
    g_autofree char *out = NULL;

    g_assert_cmpint (plenum_test_server_run (accounts_args, NULL, NULL), ==, 0);
    g_assert_cmpint (plenum_test_server_run (packet_args, &out, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "published packet version 1"));
  }
  server = plenum_test_server_start (server_dir, NULL);

  /* The member marks version 1: the paragraph that stays, the one the revision
   * removes, and page 2, which does not change. */
  terminal = plenum_test_terminal_start (client_dir, plenum_test_server_get_url (server));
  sign_in (terminal);
  account_id = g_strdup (plenum_member_get_id (plenum_sync_engine_get_account (terminal->engine)));
  page = open_document (terminal, v1_sha);
  layer = plenum_document_page_get_ink_layer (page);
  g_assert_nonnull (layer);
  plenum_ink_layer_set_tool (layer, PLENUM_INK_TOOL_PEN);
  /* Through the middle line of each paragraph, a little above its baseline. */
  kept_id = draw_stroke (page, 0, LEFT + 20, kept_baseline (FALSE) + LINE_PITCH - 4);
  removed_id = draw_stroke (page, 0, LEFT + 20, removed_baseline () - 4);
  second_id = draw_stroke (page, 1, LEFT + 20, 90 - 4);
  {
    const char *ids[] = { kept_id, removed_id, second_id };

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        StoredWait wait = { terminal->store, account_id, ids[i] };

        g_assert_true (plenum_test_wait_until (NULL, annotation_on_server, &wait, WAIT_MS));
      }
  }
  kept_before = stored (terminal, account_id, kept_id);
  g_assert_cmpstr (plenum_annotation_get_document_sha256 (kept_before), ==, v1_sha);
  /* Nothing to carry on version 1 itself. */
  g_assert_cmpuint (plenum_document_page_get_review (page)->len, ==, 0);
  g_assert_false (plenum_document_page_get_page_changed (page, 0));
  back_to_meetings (terminal);

  /* The secretariat republishes; the terminal fetches version 2. */
  republish (plenum_test_server_get_url (server), meeting_id, v2_path, v2_sha);
  {
    VersionWait wait = { terminal->engine, meeting_id, v2_sha };

    g_assert_true (plenum_test_wait_until (NULL, version_on_terminal, &wait, DOWNLOAD_MS));
  }

  /* Opening version 2 carries the marks: two on the new version, one for review. */
  page = open_document (terminal, v2_sha);
  g_assert_true (plenum_test_wait_until (NULL, review_listed, page, WAIT_MS));
  g_assert_cmpuint (plenum_document_page_get_review (page)->len, ==, 1);
  g_assert_cmpstr (plenum_annotation_get_id (g_ptr_array_index (plenum_document_page_get_review (page), 0)), ==,
                   removed_id);
  layer = plenum_document_page_get_ink_layer (page);
  g_assert_cmpuint (plenum_ink_layer_get_annotations (layer)->len, ==, 2);
  g_assert_nonnull (plenum_ink_layer_lookup (layer, kept_id));
  g_assert_nonnull (plenum_ink_layer_lookup (layer, second_id));
  g_assert_null (plenum_ink_layer_lookup (layer, removed_id));

  /* In the store: the kept paragraph's mark on version 2, moved down with its text by
   * the inserted paragraph; page 2's in place; the removed one left on version 1. */
  kept_after = stored (terminal, account_id, kept_id);
  g_assert_cmpstr (plenum_annotation_get_document_sha256 (kept_after), ==, v2_sha);
  g_assert_false (plenum_annotation_get_needs_review (kept_after));
  g_assert_cmpuint (plenum_annotation_get_page (kept_after), ==, 0);
  g_assert_true (plenum_annotation_get_bounds (kept_before, &before_bounds));
  g_assert_true (plenum_annotation_get_bounds (kept_after, &after_bounds));
  g_assert_cmpfloat_with_epsilon (after_bounds.y - before_bounds.y,
                                  kept_baseline (TRUE) - kept_baseline (FALSE), 2.0);
  g_assert_cmpfloat_with_epsilon (after_bounds.x, before_bounds.x, 2.0);
  second_after = stored (terminal, account_id, second_id);
  g_assert_cmpstr (plenum_annotation_get_document_sha256 (second_after), ==, v2_sha);
  g_assert_cmpuint (plenum_annotation_get_page (second_after), ==, 1);
  removed_after = stored (terminal, account_id, removed_id);
  g_assert_cmpstr (plenum_annotation_get_document_sha256 (removed_after), ==, v1_sha);
  g_assert_true (plenum_annotation_get_needs_review (removed_after));
  /* Each went through the outbox to the server like any edit. */
  {
    const char *ids[] = { kept_id, removed_id, second_id };

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        StoredWait wait = { terminal->store, account_id, ids[i] };

        g_assert_true (plenum_test_wait_until (NULL, annotation_on_server, &wait, WAIT_MS));
      }
  }

  /* Page 1 changed, page 2 did not: the indicator and the thumbnails say so. */
  g_assert_true (plenum_document_page_get_page_changed (page, 0));
  g_assert_false (plenum_document_page_get_page_changed (page, 1));
  g_assert_true (plenum_thumbnail_strip_get_page_marked (plenum_document_page_get_thumbnails (page), 0));
  g_assert_false (plenum_thumbnail_strip_get_page_marked (plenum_document_page_get_thumbnails (page), 1));
  page_1_changed = g_strdup_printf (_("Page %u of %u · changed"), 1, 2);
  page_2 = g_strdup_printf (_("Page %u of %u"), 2, 2);
  plenum_document_page_set_page (page, 0);
  g_assert_cmpstr (plenum_document_page_get_indicator_text (page), ==, page_1_changed);
  plenum_document_page_set_page (page, 1);
  g_assert_cmpstr (plenum_document_page_get_indicator_text (page), ==, page_2);

  /* The mark for review opens the earlier version beside this one, at its page. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "doc.show-review", "u", 0));
  g_assert_true (plenum_test_wait_until (NULL, beside_at_page, page, WAIT_MS));
  plenum_test_save_screenshot (terminal->window, "reader-revision.png");
  {
    PlenumInkLayer *old_marks = find_layer_of (GTK_WIDGET (page), plenum_document_page_get_beside_view (page));
    GPtrArray *shown;

    /* The mark is drawn on the earlier version, where it was made. */
    g_assert_nonnull (old_marks);
    shown = plenum_ink_layer_get_annotations (old_marks);
    g_assert_cmpuint (shown->len, ==, 1);
    g_assert_cmpstr (plenum_annotation_get_id (g_ptr_array_index (shown, 0)), ==, removed_id);
  }
  {
    g_autofree char *v1_blob = plenum_sync_engine_get_document_path (terminal->engine, v1_sha);

    g_assert_cmpstr (plenum_render_document_get_path (plenum_pdf_view_get_document (plenum_document_page_get_beside_view (page))),
                     ==, v1_blob);
  }

  /* Opened again: nothing more to carry, the same list. */
  back_to_meetings (terminal);
  page = open_document (terminal, v2_sha);
  g_assert_true (plenum_test_wait_until (NULL, review_listed, page, WAIT_MS));
  g_assert_cmpuint (plenum_document_page_get_review (page)->len, ==, 1);
  g_assert_cmpuint (plenum_ink_layer_get_annotations (plenum_document_page_get_ink_layer (page))->len, ==, 2);

  plenum_test_terminal_stop (terminal);
  plenum_test_server_stop (server);
}


int
main (int   argc,
      char *argv[])
{
  plenum_test_init (&argc, &argv);

  if (!gtk_init_check ())
    {
      if (plenum_test_in_ci ())
        {
          g_printerr ("no display, and CI=true: UI tests must run under Xvfb\n");
          return 1;
        }
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();
  plenum_application_install_style (gdk_display_get_default ());
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/plenum/revision/revised-document", test_revised_document);

  return g_test_run ();
}
