/* plenum-demo-private.h — the pieces behind plenum-demo.c: a small typesetter that lays
 * out an administrative document (letterhead, headings, justified paragraphs, tables,
 * signature) on A4 pages with pango and writes it through cairo's PDF surface, and the
 * Vietnamese text generator that fills the demo documents.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ---- Typesetter (plenum-demo-typeset.c) -------------------------------------------- */

typedef struct _PlenumDemoDoc PlenumDemoDoc;

typedef enum {
  PLENUM_DEMO_ALIGN_LEFT,
  PLENUM_DEMO_ALIGN_CENTER,
  PLENUM_DEMO_ALIGN_RIGHT,
} PlenumDemoAlign;

typedef struct {
  const char *title;        /* PDF metadata title and running footer */
  const char *issuer;       /* "TỈNH ỦY VÂN LĨNH" */
  const char *reference;    /* "Số 125-TTr/TU", or NULL */
  const char *place_date;   /* "Vân Lĩnh, ngày 20 tháng 11 năm 2026" */
  gboolean    confidential; /* "MẬT" on every page */
  const char *draft_label;  /* "DỰ THẢO" box on the first page, or NULL */
} PlenumDemoDocInfo;

/* A document under construction. Blocks are laid out as they are added, so
 * plenum_demo_doc_n_pages() tells how far the text has run. Not thread-safe; one
 * document per thread (each has its own font map). */
PlenumDemoDoc *plenum_demo_doc_new         (const PlenumDemoDocInfo *info);
void           plenum_demo_doc_free        (PlenumDemoDoc *doc);

guint          plenum_demo_doc_n_pages     (PlenumDemoDoc *doc);
/* How far the text has run, in pages: 2.5 is half-way down the third page. */
double         plenum_demo_doc_position    (PlenumDemoDoc *doc);

/* "TỜ TRÌNH" in capitals, then the subject ("về việc …") under it. */
void           plenum_demo_doc_title       (PlenumDemoDoc *doc,
                                            const char    *kind,
                                            const char    *subject);
/* Level 1: a centred part heading ("PHẦN THỨ NHẤT" + its name on @text's second line,
 * separated by '\n'); level 2: "I. …" bold; level 3: "1. …" bold; level 4: italic. Adds
 * an entry to the PDF outline for levels 1 and 2 (and level 3 when there is no level 1). */
void           plenum_demo_doc_heading     (PlenumDemoDoc *doc,
                                            guint          level,
                                            const char    *text);
/* A justified paragraph with a first-line indent. */
void           plenum_demo_doc_paragraph   (PlenumDemoDoc *doc,
                                            const char    *text);
/* "- text" with a hanging indent. */
void           plenum_demo_doc_bullet      (PlenumDemoDoc *doc,
                                            const char    *text);
/* A centred, italic note (table captions, "(Kèm theo …)"). */
void           plenum_demo_doc_note        (PlenumDemoDoc *doc,
                                            const char    *text);
/* A ruled table. @widths are fractions of the text width (summing to 1); @header has
 * @n_cols cells; @cells has @n_rows × @n_cols cells, row by row. The header row repeats
 * on every page the table runs onto. */
void           plenum_demo_doc_table       (PlenumDemoDoc          *doc,
                                            guint                   n_cols,
                                            const double           *widths,
                                            const PlenumDemoAlign  *aligns,
                                            const char * const     *header,
                                            const char * const     *cells,
                                            guint                   n_rows);
/* "Nơi nhận:" with @recipients (NULL-terminated) on the left; on the right @on_behalf
 * ("T/M BAN THƯỜNG VỤ"), @position ("BÍ THƯ") and @signer. */
void           plenum_demo_doc_signature   (PlenumDemoDoc      *doc,
                                            const char * const *recipients,
                                            const char         *on_behalf,
                                            const char         *position,
                                            const char         *signer);

/* Draws every page (with "Trang n/N" in the footer) and returns the PDF's bytes. The
 * document's dates are fixed, so the same calls give the same bytes. */
GBytes        *plenum_demo_doc_finish      (PlenumDemoDoc  *doc,
                                            GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumDemoDoc, plenum_demo_doc_free)

/* ---- Text (plenum-demo-text.c) ----------------------------------------------------- */

/* A small deterministic generator (splitmix64): the demo never reads the clock or a
 * random source, so the same seed gives the same document. */
typedef struct {
  guint64 state;
} PlenumDemoRng;

void           plenum_demo_rng_init        (PlenumDemoRng *rng,
                                            guint64        seed);
guint32        plenum_demo_rng_below       (PlenumDemoRng *rng,
                                            guint32        n);

typedef enum {
  PLENUM_DEMO_TOPIC_SUBMISSION,   /* tờ trình: a short cover note for an item */
  PLENUM_DEMO_TOPIC_ECONOMY,      /* báo cáo kinh tế - xã hội */
  PLENUM_DEMO_TOPIC_STATISTICS,   /* phụ lục số liệu: mostly tables */
  PLENUM_DEMO_TOPIC_RESOLUTION,   /* dự thảo nghị quyết về chuyển đổi số */
  PLENUM_DEMO_TOPIC_DIGITAL,      /* đề án chuyển đổi số: the long draft */
  PLENUM_DEMO_TOPIC_FEEDBACK,     /* tổng hợp ý kiến góp ý */
  PLENUM_DEMO_TOPIC_PERSONNEL,    /* công tác cán bộ (confidential) */
  PLENUM_DEMO_TOPIC_PROCEDURE,    /* hướng dẫn quy trình nhân sự */
  PLENUM_DEMO_TOPIC_INVESTMENT,   /* kế hoạch đầu tư công */
  PLENUM_DEMO_TOPIC_BUDGET,       /* dự toán ngân sách */
  PLENUM_DEMO_TOPIC_INSPECTION,   /* kiểm tra, giám sát */
  PLENUM_DEMO_TOPIC_PROGRAMME,    /* chương trình làm việc */
} PlenumDemoTopic;

/* Writes the body of one demo document: @topic picks the outline and the sentences;
 * the sections are sized so that the document comes out at about @target_pages pages.
 * @subject is the field a submission (PLENUM_DEMO_TOPIC_SUBMISSION) is about, as a
 * phrase that reads inside a sentence ("chuyển đổi số", "đầu tư công"); other topics
 * ignore it. The signature is the caller's. */
void           plenum_demo_write_body      (PlenumDemoDoc   *doc,
                                            PlenumDemoRng   *rng,
                                            PlenumDemoTopic  topic,
                                            const char      *subject,
                                            guint            target_pages);

G_END_DECLS
