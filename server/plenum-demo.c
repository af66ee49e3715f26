/* plenum-demo.c — the demo meeting `plenum-server --demo` seeds: the Standing Committee
 * of the (fictional) Vân Lĩnh provincial Party Committee, its members and secretary, and
 * a packet of generated PDFs in Vietnamese (see plenum-demo-text.c for the words and
 * plenum-demo-typeset.c for the pages).
 *
 * The PDFs are byte-identical from run to run, so their blob hashes are stable. The
 * meeting's start time in packet.json is not: plenum_demo_write_packet() puts the
 * meeting at the next 08:00 Indochina time, so a fresh demo always shows an upcoming
 * meeting; plenum_demo_write_packet_at() takes the time from the caller (tests).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-demo"

#include <stdlib.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "core/plenum-json.h"
#include "plenum-demo.h"
#include "plenum-demo-private.h"
#include "plenum-server-opinions.h"

#define DEMO_MEETING_ID "6f1d8a52-3c47-4e0b-9a6e-2b5c7d190e43"
#define DEMO_BODY_NAME "Ban Thường vụ Tỉnh ủy Vân Lĩnh"
#define DEMO_MEETING_TITLE "Hội nghị Ban Thường vụ Tỉnh ủy thường kỳ cuối năm 2026"
/* The next meeting, four weeks later: not seeded, written by --write-demo-packet for the
 * committee office to publish with plenumctl (README, "For the committee office"). */
#define DEMO_NEXT_MEETING_ID "b7e2c4a1-5d38-4f6a-8c19-3e0a7d5b2f64"
/* The draft resolution among demo_documents, and the file its revision is written to. */
#define DEMO_DRAFT_INDEX 4
#define DEMO_REVISED_DRAFT_FILE "du-thao-nghi-quyet-sua-doi.pdf"
#define DEMO_NEXT_MEETING_TITLE "Hội nghị Ban Thường vụ Tỉnh ủy thường kỳ, phiên tiếp theo"
#define DEMO_LOCATION "Phòng họp số 1, Trụ sở Tỉnh ủy Vân Lĩnh"

/* Seat order: the chair first, then the vice chair. The names are invented. */
static const PlenumDemoAccount demo_accounts[] = {
  { "nguyen.van.an", "Nguyễn Văn An", "111111", "member", TRUE,
    "Bí thư Tỉnh ủy" },
  { "tran.thi.thu.ha", "Trần Thị Thu Hà", "222222", "member", TRUE,
    "Phó Bí thư Thường trực Tỉnh ủy" },
  { "le.minh.tuan", "Lê Minh Tuấn", "100003", "member", TRUE,
    "Phó Bí thư Tỉnh ủy, Chủ tịch Ủy ban nhân dân tỉnh" },
  { "pham.quoc.hung", "Phạm Quốc Hùng", "100004", "member", TRUE,
    "Phó Bí thư Tỉnh ủy, Chủ tịch Hội đồng nhân dân tỉnh" },
  { "hoang.thi.lan", "Hoàng Thị Lan", "100005", "member", TRUE,
    "Trưởng Ban Tổ chức Tỉnh ủy" },
  { "vu.duc.thang", "Vũ Đức Thắng", "100006", "member", TRUE,
    "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy" },
  { "dang.thi.mai.phuong", "Đặng Thị Mai Phương", "100007", "member", TRUE,
    "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy" },
  { "bui.van.long", "Bùi Văn Long", "100008", "member", TRUE,
    "Trưởng Ban Nội chính Tỉnh ủy" },
  { "do.thanh.son", "Đỗ Thanh Sơn", "100009", "member", TRUE,
    "Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh" },
  { "ngo.quang.vinh", "Ngô Quang Vinh", "100010", "member", TRUE,
    "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh" },
  { "duong.van.khoa", "Dương Văn Khoa", "100011", "member", TRUE,
    "Giám đốc Công an tỉnh" },
  { "phan.thi.ngoc.anh", "Phan Thị Ngọc Ánh", "100012", "member", TRUE,
    "Bí thư Đảng ủy phường Vân Sơn" },
  { "ly.thi.hong", "Lý Thị Hồng", "999999", "secretary", FALSE,
    "Chuyên viên Văn phòng Tỉnh ủy" },
};

typedef struct {
  const char *number;
  const char *title;
  gboolean    closed_session;
} DemoItem;

static const DemoItem demo_items[] = {
  { "1", "Báo cáo tình hình kinh tế - xã hội năm 2026; mục tiêu, nhiệm vụ, giải pháp năm 2027",
    FALSE },
  { "2", "Dự thảo Nghị quyết của Ban Chấp hành Đảng bộ tỉnh về chuyển đổi số giai đoạn "
    "2026–2030, tầm nhìn đến năm 2035", FALSE },
  { "3", "Công tác cán bộ", TRUE },
  { "4", "Dự kiến Kế hoạch đầu tư công năm 2027", FALSE },
  { "5", "Tình hình thực hiện dự toán ngân sách năm 2026 và dự toán ngân sách năm 2027",
    FALSE },
  { "6", "Kết quả công tác kiểm tra, giám sát năm 2026; phương hướng, nhiệm vụ năm 2027",
    FALSE },
  { "7", "Chương trình làm việc năm 2027 của Ban Chấp hành Đảng bộ tỉnh, Ban Thường vụ "
    "Tỉnh ủy", FALSE },
  { "8", "Các vấn đề khác", FALSE },
};

#define ISSUER_PROVINCE "TỈNH ỦY VÂN LĨNH"
#define ISSUER_GOVERNMENT "ĐẢNG BỘ TỈNH VÂN LĨNH\nĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH"
#define ISSUER_STEERING "TỈNH ỦY VÂN LĨNH\nBAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ"
#define ISSUER_ORGANISATION "TỈNH ỦY VÂN LĨNH\nBAN TỔ CHỨC"
#define ISSUER_INSPECTION "TỈNH ỦY VÂN LĨNH\nỦY BAN KIỂM TRA"

typedef struct {
  guint            item;          /* index into demo_items */
  const char      *file;
  const char      *title;         /* in packet.json */
  gboolean         confidential;
  const char      *kind;          /* printed title: "TỜ TRÌNH" */
  const char      *subject;       /* printed under it */
  const char      *issuer;
  const char      *reference;
  const char      *place_date;
  const char      *draft_label;
  PlenumDemoTopic  topic;
  const char      *field;         /* for submissions */
  guint            target_pages;
  const char      *on_behalf;     /* signature; no signature when all three are NULL */
  const char      *position;
  const char      *signer;
} DemoDocument;

static const char * const recipients_standing[] = {
  "Ban Thường vụ Tỉnh ủy,", "Các đồng chí Tỉnh ủy viên,", "Lưu Văn phòng Tỉnh ủy.", NULL,
};

static const DemoDocument demo_documents[] = {
  { 0, "01-1-to-trinh-kinh-te-xa-hoi.pdf",
    "Tờ trình về Báo cáo tình hình kinh tế - xã hội năm 2026", FALSE,
    "TỜ TRÌNH", "về Báo cáo tình hình kinh tế - xã hội năm 2026;\nmục tiêu, nhiệm vụ, giải "
    "pháp năm 2027", ISSUER_GOVERNMENT, "Số 215-TTr/ĐU", "Vân Lĩnh, ngày 18 tháng 11 năm 2026",
    NULL, PLENUM_DEMO_TOPIC_SUBMISSION, "phát triển kinh tế - xã hội", 3,
    "T/M ĐẢNG ỦY", "BÍ THƯ", "Lê Minh Tuấn" },
  { 0, "01-2-bao-cao-kinh-te-xa-hoi-2026.pdf",
    "Báo cáo tình hình kinh tế - xã hội năm 2026; mục tiêu, nhiệm vụ, giải pháp năm 2027",
    FALSE, "BÁO CÁO", "tình hình kinh tế - xã hội năm 2026;\nmục tiêu, nhiệm vụ, giải pháp "
    "năm 2027", ISSUER_GOVERNMENT, "Số 214-BC/ĐU", "Vân Lĩnh, ngày 18 tháng 11 năm 2026",
    NULL, PLENUM_DEMO_TOPIC_ECONOMY, NULL, 32, "T/M ĐẢNG ỦY", "BÍ THƯ", "Lê Minh Tuấn" },
  { 0, "01-3-phu-luc-so-lieu.pdf",
    "Phụ lục số liệu kinh tế - xã hội năm 2026 theo xã, phường", FALSE,
    "PHỤ LỤC", "Một số chỉ tiêu kinh tế - xã hội năm 2026 theo xã, phường\n(Kèm theo Báo cáo "
    "số 214-BC/ĐU)", ISSUER_GOVERNMENT, NULL, "Vân Lĩnh, ngày 18 tháng 11 năm 2026", NULL,
    PLENUM_DEMO_TOPIC_STATISTICS, NULL, 9, NULL, NULL, NULL },
  { 1, "02-1-to-trinh-nghi-quyet-chuyen-doi-so.pdf",
    "Tờ trình về dự thảo Nghị quyết về chuyển đổi số", FALSE,
    "TỜ TRÌNH", "về dự thảo Nghị quyết của Ban Chấp hành Đảng bộ tỉnh về chuyển đổi số\ngiai "
    "đoạn 2026–2030, tầm nhìn đến năm 2035", ISSUER_STEERING, "Số 08-TTr/BCĐ",
    "Vân Lĩnh, ngày 12 tháng 11 năm 2026", NULL, PLENUM_DEMO_TOPIC_SUBMISSION,
    "chuyển đổi số", 4, "T/M BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Nguyễn Văn An" },
  { 1, "02-2-du-thao-nghi-quyet-chuyen-doi-so.pdf",
    "Dự thảo Nghị quyết về chuyển đổi số giai đoạn 2026–2030, tầm nhìn đến năm 2035", FALSE,
    "NGHỊ QUYẾT", "của Ban Chấp hành Đảng bộ tỉnh về chuyển đổi số\ngiai đoạn 2026–2030, "
    "tầm nhìn đến năm 2035", ISSUER_PROVINCE, "Số      -NQ/TU",
    "Vân Lĩnh, ngày      tháng 12 năm 2026", "DỰ THẢO", PLENUM_DEMO_TOPIC_RESOLUTION, NULL, 10,
    "T/M TỈNH ỦY", "BÍ THƯ", NULL },
  { 1, "02-3-de-an-chuyen-doi-so.pdf",
    "Đề án chuyển đổi số tỉnh Vân Lĩnh giai đoạn 2026–2030, tầm nhìn đến năm 2035 "
    "(dự thảo lần 3)", FALSE,
    "ĐỀ ÁN", "Chuyển đổi số tỉnh Vân Lĩnh giai đoạn 2026–2030,\ntầm nhìn đến năm 2035",
    ISSUER_STEERING, NULL, "Vân Lĩnh, tháng 11 năm 2026", "DỰ THẢO LẦN 3",
    PLENUM_DEMO_TOPIC_DIGITAL, NULL, 150, NULL, NULL, NULL },
  { 1, "02-4-tong-hop-y-kien.pdf",
    "Báo cáo tổng hợp, tiếp thu, giải trình ý kiến góp ý vào dự thảo Nghị quyết", FALSE,
    "BÁO CÁO", "tổng hợp, tiếp thu, giải trình ý kiến góp ý\nvào dự thảo Nghị quyết về "
    "chuyển đổi số", ISSUER_STEERING, "Số 11-BC/BCĐ", "Vân Lĩnh, ngày 16 tháng 11 năm 2026",
    NULL, PLENUM_DEMO_TOPIC_FEEDBACK, NULL, 8, "T/M BAN CHỈ ĐẠO", "PHÓ TRƯỞNG BAN",
    "Lê Minh Tuấn" },
  { 2, "03-1-to-trinh-cong-tac-can-bo.pdf",
    "Tờ trình về công tác cán bộ", TRUE,
    "TỜ TRÌNH", "về công tác cán bộ", ISSUER_ORGANISATION, "Số 342-TTr/BTCTU",
    "Vân Lĩnh, ngày 19 tháng 11 năm 2026", NULL, PLENUM_DEMO_TOPIC_PERSONNEL, NULL, 6,
    NULL, "TRƯỞNG BAN", "Hoàng Thị Lan" },
  { 2, "03-2-huong-dan-quy-trinh-nhan-su.pdf",
    "Hướng dẫn quy trình giới thiệu, lấy phiếu tín nhiệm nhân sự", FALSE,
    "HƯỚNG DẪN", "quy trình giới thiệu, lấy phiếu tín nhiệm nhân sự\nthuộc diện Ban Thường vụ "
    "Tỉnh ủy quản lý", ISSUER_ORGANISATION, "Số 27-HD/BTCTU",
    "Vân Lĩnh, ngày 02 tháng 10 năm 2026", NULL, PLENUM_DEMO_TOPIC_PROCEDURE, NULL, 4,
    NULL, "TRƯỞNG BAN", "Hoàng Thị Lan" },
  { 3, "04-1-to-trinh-dau-tu-cong-2027.pdf",
    "Tờ trình về dự kiến Kế hoạch đầu tư công năm 2027", FALSE,
    "TỜ TRÌNH", "về dự kiến Kế hoạch đầu tư công năm 2027", ISSUER_GOVERNMENT,
    "Số 221-TTr/ĐU", "Vân Lĩnh, ngày 20 tháng 11 năm 2026", NULL,
    PLENUM_DEMO_TOPIC_SUBMISSION, "đầu tư công", 4, "T/M ĐẢNG ỦY", "BÍ THƯ",
    "Lê Minh Tuấn" },
  { 3, "04-2-ke-hoach-dau-tu-cong-2027.pdf",
    "Báo cáo dự kiến Kế hoạch đầu tư công năm 2027 và danh mục dự án", FALSE,
    "BÁO CÁO", "dự kiến Kế hoạch đầu tư công năm 2027", ISSUER_GOVERNMENT, "Số 220-BC/ĐU",
    "Vân Lĩnh, ngày 20 tháng 11 năm 2026", NULL, PLENUM_DEMO_TOPIC_INVESTMENT, NULL, 20,
    "T/M ĐẢNG ỦY", "BÍ THƯ", "Lê Minh Tuấn" },
  { 4, "05-1-bao-cao-du-toan-ngan-sach-2027.pdf",
    "Báo cáo tình hình thực hiện dự toán ngân sách năm 2026 và dự toán năm 2027", FALSE,
    "BÁO CÁO", "tình hình thực hiện dự toán ngân sách nhà nước năm 2026,\ndự toán ngân sách "
    "năm 2027", ISSUER_GOVERNMENT, "Số 223-BC/ĐU", "Vân Lĩnh, ngày 21 tháng 11 năm 2026",
    NULL, PLENUM_DEMO_TOPIC_BUDGET, NULL, 16, "T/M ĐẢNG ỦY", "BÍ THƯ", "Lê Minh Tuấn" },
  { 5, "06-1-bao-cao-kiem-tra-giam-sat.pdf",
    "Báo cáo kết quả công tác kiểm tra, giám sát năm 2026", FALSE,
    "BÁO CÁO", "kết quả công tác kiểm tra, giám sát và thi hành kỷ luật đảng năm 2026;\n"
    "phương hướng, nhiệm vụ năm 2027", ISSUER_INSPECTION, "Số 96-BC/UBKTTU",
    "Vân Lĩnh, ngày 17 tháng 11 năm 2026", NULL, PLENUM_DEMO_TOPIC_INSPECTION, NULL, 14,
    "T/M ỦY BAN KIỂM TRA", "CHỦ NHIỆM", "Vũ Đức Thắng" },
  { 6, "07-1-chuong-trinh-lam-viec-2027.pdf",
    "Dự thảo Chương trình làm việc năm 2027 của Ban Chấp hành, Ban Thường vụ Tỉnh ủy", FALSE,
    "CHƯƠNG TRÌNH", "làm việc năm 2027 của Ban Chấp hành Đảng bộ tỉnh,\nBan Thường vụ Tỉnh ủy",
    ISSUER_PROVINCE, "Số      -CTr/TU", "Vân Lĩnh, ngày      tháng 12 năm 2026", "DỰ THẢO",
    PLENUM_DEMO_TOPIC_PROGRAMME, NULL, 10, "T/M BAN THƯỜNG VỤ", "BÍ THƯ", NULL },
};

/* Each document has its own seed, so documents come out the same whatever order or
 * thread they are made in. */
#define DEMO_SEED G_GUINT64_CONSTANT (0x506c656e756d2026)

const PlenumDemoAccount *
plenum_demo_accounts (guint *n_accounts)
{
  if (n_accounts != NULL)
    *n_accounts = G_N_ELEMENTS (demo_accounts);
  return demo_accounts;
}

const char *
plenum_demo_body_name (void)
{
  return DEMO_BODY_NAME;
}

const char *
plenum_demo_chair_name (void)
{
  return demo_accounts[0].name;
}

const char *
plenum_demo_vice_chair_name (void)
{
  return demo_accounts[1].name;
}

const char *
plenum_demo_meeting_id (void)
{
  return DEMO_MEETING_ID;
}

const char *
plenum_demo_meeting_title (void)
{
  return DEMO_MEETING_TITLE;
}

guint
plenum_demo_n_documents (void)
{
  return G_N_ELEMENTS (demo_documents);
}

GDateTime *
plenum_demo_default_starts_at (GDateTime *now)
{
  g_autoptr(GTimeZone) indochina = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GDateTime) start = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  indochina = g_time_zone_new_offset (7 * 3600);
  local_now = g_date_time_to_timezone (now, indochina);
  start = g_date_time_new (indochina, g_date_time_get_year (local_now),
                           g_date_time_get_month (local_now),
                           g_date_time_get_day_of_month (local_now), 8, 0, 0);
  if (g_date_time_compare (start, now) <= 0)
    {
      GDateTime *tomorrow = g_date_time_add_days (start, 1);

      g_date_time_unref (start);
      start = tomorrow;
    }
  return g_date_time_to_utc (start);
}

static GBytes *
make_document (const DemoDocument  *spec,
               guint                index,
               GError             **error)
{
  PlenumDemoDocInfo info = {
    .title = spec->title,
    .issuer = spec->issuer,
    .reference = spec->reference,
    .place_date = spec->place_date,
    .confidential = spec->confidential,
    .draft_label = spec->draft_label,
  };
  g_autoptr(PlenumDemoDoc) doc = plenum_demo_doc_new (&info);
  PlenumDemoRng rng;

  plenum_demo_rng_init (&rng, DEMO_SEED + index);
  plenum_demo_doc_title (doc, spec->kind, spec->subject);
  plenum_demo_write_body (doc, &rng, spec->topic, spec->field, spec->target_pages);
  if (spec->on_behalf != NULL || spec->position != NULL || spec->signer != NULL)
    plenum_demo_doc_signature (doc, recipients_standing, spec->on_behalf, spec->position,
                               spec->signer);
  return plenum_demo_doc_finish (doc, error);
}

/* The documents are made by a few threads that take the next index in turn; each
 * result lands in its own slot, so the output does not depend on the scheduling. */
typedef struct {
  gint     next;      /* atomic: the next position in order[] */
  guint    order[G_N_ELEMENTS (demo_documents)];
  GBytes  *pdfs[G_N_ELEMENTS (demo_documents)];
  GError  *errors[G_N_ELEMENTS (demo_documents)];
} Batch;

static gpointer
make_documents_thread (gpointer data)
{
  Batch *batch = data;

  for (;;)
    {
      gint next = g_atomic_int_add (&batch->next, 1);
      guint i;

      if (next >= (gint) G_N_ELEMENTS (demo_documents))
        break;
      i = batch->order[next];
      batch->pdfs[i] = make_document (&demo_documents[i], i, &batch->errors[i]);
    }
  return NULL;
}

static int
compare_longest_first (gconstpointer a,
                       gconstpointer b)
{
  const DemoDocument *da = &demo_documents[*(const guint *) a];
  const DemoDocument *db = &demo_documents[*(const guint *) b];

  if (da->target_pages != db->target_pages)
    return da->target_pages > db->target_pages ? -1 : 1;
  return *(const guint *) a < *(const guint *) b ? -1 : 1;
}

static gboolean
folder_is_empty (const char  *folder,
                 GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  GError *local_error = NULL;

  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      /* Said on the console by plenum-server --write-demo-packet. */
      g_propagate_prefixed_error (error, local_error, _("Cannot write the demo packet: "));
      return FALSE;
    }
  if (g_dir_read_name (dir) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("Cannot write the demo packet: the folder “%s” is not empty"), folder);
      return FALSE;
    }
  return TRUE;
}

/* JSON with two-space indentation; scalars as plenum_json_print() writes them. */
static void
print_indented (GString     *out,
                const cJSON *node,
                guint        depth)
{
  gboolean is_object = cJSON_IsObject (node);
  const cJSON *child;

  if (!is_object && !cJSON_IsArray (node))
    {
      g_autofree char *scalar = plenum_json_print (node);

      g_string_append (out, scalar);
      return;
    }
  if (node->child == NULL)
    {
      g_string_append (out, is_object ? "{}" : "[]");
      return;
    }

  g_string_append_c (out, is_object ? '{' : '[');
  for (child = node->child; child != NULL; child = child->next)
    {
      g_string_append_c (out, '\n');
      for (guint i = 0; i <= depth; i++)
        g_string_append (out, "  ");
      if (is_object)
        {
          g_autoptr(cJSON) key = cJSON_CreateString (child->string);
          g_autofree char *key_text = plenum_json_print (key);

          g_string_append_printf (out, "%s: ", key_text);
        }
      print_indented (out, child, depth + 1);
      if (child->next != NULL)
        g_string_append_c (out, ',');
    }
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
  g_string_append_c (out, is_object ? '}' : ']');
}

static char *
packet_json (GDateTime  *starts_at,
             const char *meeting_id,
             const char *title)
{
  g_autoptr(cJSON) root = NULL;
  g_autoptr(GDateTime) utc = g_date_time_to_utc (starts_at);
  g_autofree char *start_text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  cJSON *meeting;
  cJSON *items;
  GString *text;

  plenum_json_init ();
  root = cJSON_CreateObject ();
  meeting = cJSON_AddObjectToObject (root, "meeting");
  items = cJSON_AddArrayToObject (root, "items");

  cJSON_AddStringToObject (meeting, "id", meeting_id);
  cJSON_AddStringToObject (meeting, "body", DEMO_BODY_NAME);
  cJSON_AddStringToObject (meeting, "title", title);
  cJSON_AddStringToObject (meeting, "starts_at", start_text);
  cJSON_AddStringToObject (meeting, "location", DEMO_LOCATION);
  cJSON_AddStringToObject (meeting, "chair", plenum_demo_chair_name ());
  cJSON_AddStringToObject (meeting, "vice_chair", plenum_demo_vice_chair_name ());

  for (guint i = 0; i < G_N_ELEMENTS (demo_items); i++)
    {
      cJSON *item = cJSON_CreateObject ();
      cJSON *documents;

      cJSON_AddStringToObject (item, "number", demo_items[i].number);
      cJSON_AddStringToObject (item, "title", demo_items[i].title);
      cJSON_AddBoolToObject (item, "closed_session", demo_items[i].closed_session);
      documents = cJSON_AddArrayToObject (item, "documents");
      for (guint d = 0; d < G_N_ELEMENTS (demo_documents); d++)
        {
          cJSON *document;

          if (demo_documents[d].item != i)
            continue;
          document = cJSON_CreateObject ();
          cJSON_AddStringToObject (document, "file", demo_documents[d].file);
          cJSON_AddStringToObject (document, "title", demo_documents[d].title);
          cJSON_AddBoolToObject (document, "confidential", demo_documents[d].confidential);
          cJSON_AddItemToArray (documents, document);
        }
      cJSON_AddItemToArray (items, item);
    }

  /* Indented: the demo folder is also an example for people writing packets by hand. */
  text = g_string_new (NULL);
  print_indented (text, root, 0);
  g_string_append_c (text, '\n');
  return g_string_free (text, FALSE);
}

static gboolean
write_packet (const char  *folder,
              GDateTime   *starts_at,
              const char  *meeting_id,
              const char  *title,
              GError     **error)
{
  g_autofree Batch *batch = NULL;
  g_autoptr(GPtrArray) threads = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_path = NULL;
  guint n_threads;
  gboolean ok = TRUE;

  g_return_val_if_fail (folder != NULL, FALSE);
  g_return_val_if_fail (starts_at != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!folder_is_empty (folder, error))
    return FALSE;

  batch = g_new0 (Batch, 1);
  /* The long draft first, so that it is not the last to start. */
  for (guint i = 0; i < G_N_ELEMENTS (demo_documents); i++)
    batch->order[i] = i;
  qsort (batch->order, G_N_ELEMENTS (batch->order), sizeof batch->order[0],
         compare_longest_first);
  n_threads = CLAMP (g_get_num_processors (), 1, 4);
  threads = g_ptr_array_new ();
  for (guint t = 1; t < n_threads; t++)
    g_ptr_array_add (threads, g_thread_new ("plenum-demo", make_documents_thread, batch));
  make_documents_thread (batch);
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));

  for (guint i = 0; i < G_N_ELEMENTS (demo_documents); i++)
    {
      g_autofree char *path = g_build_filename (folder, demo_documents[i].file, NULL);
      gsize size;
      const char *data;

      if (!ok)
        ;
      else if (batch->errors[i] != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&batch->errors[i]));
          ok = FALSE;
        }
      else
        {
          data = g_bytes_get_data (batch->pdfs[i], &size);
          ok = g_file_set_contents_full (path, data, (gssize) size,
                                         G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
        }
      g_clear_pointer (&batch->pdfs[i], g_bytes_unref);
      g_clear_error (&batch->errors[i]);
    }
  if (!ok)
    return FALSE;

  json = packet_json (starts_at, meeting_id, title);
  json_path = g_build_filename (folder, "packet.json", NULL);
  return g_file_set_contents_full (json_path, json, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                   error);
}

gboolean
plenum_demo_write_packet_at (const char  *folder,
                             GDateTime   *starts_at,
                             GError     **error)
{
  return write_packet (folder, starts_at, DEMO_MEETING_ID, DEMO_MEETING_TITLE, error);
}

gboolean
plenum_demo_write_next_packet (const char  *folder,
                               GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) first = plenum_demo_default_starts_at (now);
  g_autoptr(GDateTime) starts_at = g_date_time_add_weeks (first, 4);

  DemoDocument revised = demo_documents[DEMO_DRAFT_INDEX];
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *path = NULL;

  if (!write_packet (folder, starts_at, DEMO_NEXT_MEETING_ID, DEMO_NEXT_MEETING_TITLE, error))
    return FALSE;

  /* Beside the packet, not in it: the draft resolution as the drafting team revises it
   * the night before (a new date on its first page), for `plenumctl revise`. */
  g_assert (g_str_has_prefix (revised.file, "02-2-du-thao-nghi-quyet"));
  revised.place_date = "Vân Lĩnh, ngày 26 tháng 12 năm 2026";
  pdf = make_document (&revised, DEMO_DRAFT_INDEX, error);
  if (pdf == NULL)
    return FALSE;
  path = g_build_filename (folder, DEMO_REVISED_DRAFT_FILE, NULL);
  return g_file_set_contents_full (path, g_bytes_get_data (pdf, NULL),
                                   (gssize) g_bytes_get_size (pdf),
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

gboolean
plenum_demo_write_packet (const char  *folder,
                          GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) starts_at = plenum_demo_default_starts_at (now);

  return plenum_demo_write_packet_at (folder, starts_at, error);
}

/* The opinion round */

/* demo_documents[4]: the draft resolution, the document a committee is asked about. */
#define DEMO_OPINION_DOCUMENT 4
#define DEMO_OPINION_TITLE "Xin ý kiến vào dự thảo Nghị quyết về chuyển đổi số"

const char *
plenum_demo_opinion_document_title (void)
{
  return demo_documents[DEMO_OPINION_DOCUMENT].title;
}

const char *
plenum_demo_opinion_round_title (void)
{
  return DEMO_OPINION_TITLE;
}

/* The id of the document titled @title in the meeting @meeting (a Meeting's JSON). */
static const char *
find_document (const cJSON *meeting,
               const char  *title)
{
  const cJSON *item;
  const cJSON *document;

  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (meeting, "agenda"))
    cJSON_ArrayForEach (document, cJSON_GetObjectItemCaseSensitive (item, "documents"))
      {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive (document, "title");
        const cJSON *id = cJSON_GetObjectItemCaseSensitive (document, "id");

        if (cJSON_IsString (name) && cJSON_IsString (id) &&
            g_str_equal (name->valuestring, title))
          return id->valuestring;
      }
  return NULL;
}

gboolean
plenum_demo_seed_opinion_round (PlenumServerDb  *db,
                                GDateTime       *now,
                                GError         **error)
{
  g_autoptr(PlenumServerAccount) secretary = NULL;
  g_autoptr(cJSON) meeting = NULL;
  g_autoptr(GTimeZone) indochina = g_time_zone_new_offset (7 * 3600);
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) deadline = NULL;
  const char *document_id;
  const char *secretary_name = NULL;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (db), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (demo_accounts); i++)
    if (g_str_equal (demo_accounts[i].role, "secretary"))
      secretary_name = demo_accounts[i].name;
  g_assert (secretary_name != NULL);
  secretary = plenum_server_db_find_account (db, secretary_name, NULL, error);
  if (secretary == NULL)
    return FALSE;
  meeting = plenum_server_db_meeting_json (db, DEMO_MEETING_ID, secretary, error);
  if (meeting == NULL)
    return FALSE;
  document_id = find_document (meeting, plenum_demo_opinion_document_title ());
  if (document_id == NULL)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "The demo meeting has no document “%s”.",
                   plenum_demo_opinion_document_title ());
      return FALSE;
    }

  /* A few days ahead, at the end of an office day where the committee sits, so that the
   * demo shows an open round with time left and a deadline that reads naturally. */
  local_now = g_date_time_to_timezone (now, indochina);
  day = g_date_time_new (indochina, g_date_time_get_year (local_now),
                         g_date_time_get_month (local_now),
                         g_date_time_get_day_of_month (local_now), 17, 0, 0);
  deadline = g_date_time_add_days (day, 3);
  return plenum_server_db_seed_opinion_round (db, DEMO_MEETING_ID, document_id,
                                              DEMO_OPINION_TITLE, secretary->id,
                                              g_date_time_to_unix (now),
                                              g_date_time_to_unix (deadline), error);
}

/* The closed session */

/* Who reads the personnel item's documents besides the chair and the vice chair (who
 * always may): the head of the organisation department, who prepared them, and the
 * head of the inspection commission, who vets the candidates. */
static const char * const demo_cleared[] = { "hoang.thi.lan", "vu.duc.thang" };

gboolean
plenum_demo_seed_clearances (PlenumServerDb  *db,
                             GError         **error)
{
  g_autoptr(PlenumServerAccount) secretary = NULL;
  g_autoptr(cJSON) meeting = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *operation_id = g_uuid_string_random ();
  PlenumServerOperationResult result = { 0 };
  const char *secretary_name = NULL;
  const char *item_id = NULL;
  const cJSON *item;
  gboolean ok;

  g_return_val_if_fail (PLENUM_IS_SERVER_DB (db), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (demo_accounts); i++)
    if (g_str_equal (demo_accounts[i].role, "secretary"))
      secretary_name = demo_accounts[i].name;
  g_assert (secretary_name != NULL);
  secretary = plenum_server_db_find_account (db, secretary_name, NULL, error);
  if (secretary == NULL)
    return FALSE;
  meeting = plenum_server_db_meeting_json (db, DEMO_MEETING_ID, secretary, error);
  if (meeting == NULL)
    return FALSE;
  cJSON_ArrayForEach (item, cJSON_GetObjectItemCaseSensitive (meeting, "agenda"))
    if (cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (item, "closed_session")))
      item_id = cJSON_GetStringValue (cJSON_GetObjectItemCaseSensitive (item, "id"));
  if (item_id == NULL)
    {
      g_set_error (error, PLENUM_SERVER_DB_ERROR, PLENUM_SERVER_DB_ERROR_NOT_FOUND,
                   "The demo meeting has no closed-session item.");
      return FALSE;
    }

  /* The chair is cleared anyway; listed too, so that the list reads as the office
   * would write it. */
  for (guint i = 0; i <= G_N_ELEMENTS (demo_cleared); i++)
    {
      const char *name = i == 0 ? plenum_demo_chair_name () : demo_cleared[i - 1];
      g_autoptr(PlenumServerAccount) account = plenum_server_db_find_account (db, name, NULL,
                                                                            error);

      if (account == NULL)
        return FALSE;
      g_ptr_array_add (ids, g_strdup (account->id));
    }
  g_ptr_array_add (ids, NULL);

  ok = plenum_server_db_set_clearance (db, DEMO_MEETING_ID, item_id,
                                       (const char * const *) ids->pdata, secretary,
                                       operation_id, "demo", g_get_real_time () / G_USEC_PER_SEC,
                                       G_MAXUINT, &result, error);
  plenum_server_operation_result_clear (&result);
  return ok;
}

const char * const *
plenum_demo_cleared_names (guint *n_names)
{
  if (n_names != NULL)
    *n_names = G_N_ELEMENTS (demo_cleared);
  return demo_cleared;
}
