/* plenum-annotation-carry.h — carrying a member's annotations from one version of a
 * document to a revised one, and telling which pages of the new version changed.
 *
 * Input is the text of every page of both versions, as the render helper's TEXT reply
 * gives it (app/render/plenum-render-protocol.h, PAGE_TEXT): UTF-8 text, one box per
 * Unicode character in the frame of plenum-annotation.h, "\n" between lines with an
 * empty box. No GTK, no I/O: the caller fetches the texts and stores the results.
 *
 * The rules.
 *
 * Text is compared normalised: every run of white space (g_unichar_isspace(), so "\n"
 * and no-break spaces too) is one space, and the break between two pages is white
 * space as well, so a sentence that a revision pushes over a page break or rewraps is
 * still the same text. Letters are compared exactly (case and diacritics count: a
 * changed diacritic is a changed word).
 *
 * A page is unchanged when its normalised text equals that of an old page. Unchanged
 * pages are paired with their old page (the k-th old page with a given text with the
 * k-th new page with it, when both versions have the same number of pages with that
 * text; otherwise they are not paired). A mark on a paired old page goes to the same
 * place in the text of its new page: the strongest hint there is.
 *
 * Highlights and notes with an anchor (quote, prefix, suffix): the quote is found on the
 * old page (nearest to the mark where it occurs more than once) and then in the whole
 * new version. A single occurrence is confident; so is the one occurrence whose
 * normalised prefix and suffix agree with the anchor's. Several that agree: the one on
 * the paired page if exactly one is there, else AMBIGUOUS; none at all: TEXT_GONE (or
 * PAGE_GONE, below). A highlight's rectangles are then recomputed from the new boxes of
 * the matched characters (one rectangle per line); everything else it holds (a note's
 * pin, strokes) moves by the offset between the old and the new box of the quote's first
 * character.
 *
 * Ink, freehand highlights, notes without an anchor (or whose quote is not on their old
 * page): anchored by the page's text and position. The text under the mark is the run of
 * the old page's characters from the first to the last whose box meets the mark's
 * bounds grown by PLENUM_ANNOTATION_CARRY_NEAR points; if none, the nearest line of text
 * (at any distance: a margin mark follows the paragraph beside it). That text, with
 * PLENUM_ANNOTATION_CARRY_CONTEXT characters of context each side, is found in the new
 * version by the rules above, and the mark moves by the offset of the character of that
 * text nearest to the mark's centre (nearer than the first one, so that a mark keeps to
 * its word when the line above it is rewrapped). A page without any text: the mark keeps
 * its position when the new version has a page at the same index with the same
 * (empty) normalised text; otherwise NO_TEXT_NEAR.
 *
 * A mark whose text is not found gets PAGE_GONE instead of TEXT_GONE when its old page
 * as a whole is gone: fewer than half of its lines (of at least a few characters) occur
 * anywhere in the new version. A quote that the new version has split over a page break
 * cannot be one annotation on one page: SPLIT.
 *
 * Never dropped: every annotation gives exactly one result. Carried, it is a copy (same
 * id) on the new version's sha256 and its new page, needs_review cleared; otherwise it is
 * a copy left on its old version, page and position with needs_review set, to list
 * beside the new version with the old page shown. Neither copy is touched
 * (plenum_annotation_touch()): the caller decides when the change is made.
 *
 * Cost: each version's pages are joined into one normalised string once; the new one's
 * character starts are then counting-sorted by a hash of the 8 bytes starting there, and
 * an annotation looks its quote up through the quote's rarest 8-byte window, checking
 * only that bucket's candidates. While carrying, this takes about 5 bytes per character
 * of the old version and 9 per character of the new (a 2,415-page document of 6 MB:
 * some 70 MB for both, freed on return). Measured on that document (tests/
 * test-annotation-carry.c, /plenum/annotation-carry/long-document): about 0.3 s for 400
 * annotations, all but 20 ms of it joining and indexing the texts.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "plenum-annotation.h"

G_BEGIN_DECLS

/* How far around a mark (points) its text is looked for. */
#define PLENUM_ANNOTATION_CARRY_NEAR     12.0
/* Characters of context each side of the text under an unanchored mark. */
#define PLENUM_ANNOTATION_CARRY_CONTEXT  32

/* One page of a version's text: the TEXT reply. @boxes has one entry per Unicode
 * character of @text; should @n_boxes be short, the characters past it have no box (they
 * are matched but never placed). */
typedef struct {
  const char                 *text;
  const PlenumAnnotationRect *boxes;
  guint                       n_boxes;
} PlenumCarryPage;

typedef enum {
  PLENUM_ANNOTATION_CARRIED,
  PLENUM_ANNOTATION_CARRY_NEEDS_REVIEW,
} PlenumAnnotationCarryStatus;

typedef enum {
  PLENUM_ANNOTATION_CARRY_OK,            /* carried */
  PLENUM_ANNOTATION_CARRY_TEXT_GONE,     /* its text is not in the new version */
  PLENUM_ANNOTATION_CARRY_AMBIGUOUS,     /* its text is there more than once */
  PLENUM_ANNOTATION_CARRY_NO_TEXT_NEAR,  /* no text to anchor it, and its page changed */
  PLENUM_ANNOTATION_CARRY_PAGE_GONE,     /* its page is not in the new version */
  PLENUM_ANNOTATION_CARRY_SPLIT,         /* its text now runs over a page break */
} PlenumAnnotationCarryReason;

typedef struct {
  PlenumAnnotation            *annotation;  /* owned: the carried or the review copy */
  PlenumAnnotationCarryStatus  status;
  PlenumAnnotationCarryReason  reason;
} PlenumAnnotationCarryResult;

void        plenum_annotation_carry_result_free (PlenumAnnotationCarryResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumAnnotationCarryResult, plenum_annotation_carry_result_free)

/* "text_gone", "ambiguous", … ("ok" when carried): for storing and logging the reason. */
const char *plenum_annotation_carry_reason_to_string (PlenumAnnotationCarryReason reason);

/* Carries @annotations (PlenumAnnotation, made on the old version) to the new version
 * @new_sha256. *@results is set to a new array of PlenumAnnotationCarryResult, one per
 * annotation in the same order (free the array: it frees its results). An annotation
 * already on @new_sha256 is carried unchanged; a deleted one (a tombstone) is carried
 * to the same page without looking at its place. @old_pages, @new_pages: the pages of
 * each version, in order. */
void        plenum_annotation_carry            (const PlenumCarryPage  *old_pages,
                                                guint                   n_old,
                                                const PlenumCarryPage  *new_pages,
                                                guint                   n_new,
                                                const char             *new_sha256,
                                                GPtrArray              *annotations,
                                                GPtrArray             **results);

/* For each page of the new version, TRUE when its normalised text is new or changed,
 * i.e. equals that of no page of the old version. A new array of @n_new entries
 * (g_free()); NULL when @n_new is 0. */
gboolean   *plenum_annotation_changed_pages    (const PlenumCarryPage  *old_pages,
                                                guint                   n_old,
                                                const PlenumCarryPage  *new_pages,
                                                guint                   n_new);

G_END_DECLS
