/* plenum-annotation-carry.c — see plenum-annotation-carry.h for the rules.
 *
 * Each version's pages are joined into one normalised string (white space runs made one
 * space, one space between pages) with a map from the pages' characters to its bytes
 * (searched the other way), so that a match found in the string leads back to boxes on
 * a page. The new
 * version's string is indexed once: its character starts are counting-sorted by a hash
 * of the 8 bytes that start there. A quote is looked up through its rarest window, so a
 * few hundred annotations cost a few hundred small bucket scans, not a few hundred scans
 * of megabytes.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* memmem */
#define G_LOG_DOMAIN "plenum-annotation-carry"

#include "plenum-annotation-carry.h"

#include <math.h>
#include <string.h>

/* Bytes of the windows the index sorts by. Quotes shorter than this are scanned for. */
#define WINDOW 8
/* Lines shorter than this (bytes, normalised) say nothing about whether a page is gone:
 * page numbers and short headings recur anywhere. */
#define GONE_MIN_LINE 12
/* Offsets are 32-bit: a version with more text than this is cut here (its further pages
 * count as empty). Far above any real document: 2,415 pages are about 6 MB. */
#define MAX_TEXT_BYTES (G_MAXUINT32 / 4)

/* The joined, normalised text of one version. */
typedef struct {
  const PlenumCarryPage *pages;
  guint                  n_pages;

  char     *norm;        /* NUL-terminated */
  gsize     norm_len;
  guint32  *char_norm;   /* per global character: its first byte in norm (white space:
                          * where its run's space is, or would be); never decreasing */
  guint32   n_chars;
  guint32  *page_char;   /* n_pages + 1: each page's first global character */
  guint32  *page_start;  /* n_pages: each page's normalised text is */
  guint32  *page_end;    /* norm[page_start, page_end) */

  /* The index (the new version only): positions in norm, by bucket. */
  guint     bucket_bits;
  guint32  *bucket;      /* 2^bits + 1 offsets into positions */
  guint32  *positions;
} CarryText;

typedef struct {
  CarryText  old;
  CarryText  new;
  gint64    *partner;    /* per old page: the paired new page, or -1 */
  gint8     *gone;       /* per old page: -1 not known yet, else whether it is gone */
  const char *new_sha256;
} Carry;

/* ---- Building the texts ---- */

/* Whether the character at @s (valid UTF-8) is white space, as g_unichar_isspace() says,
 * without decoding it in the common cases: ASCII, and the lead bytes that start no
 * white space at all (Vietnamese letters with two marks start with 0xe1). */
static inline gboolean
is_space_at (const char *s)
{
  const guchar *b = (const guchar *) s;

  switch (b[0])
    {
    case ' ':
    case '\n':
    case '\t':
    case '\r':
    case '\f':
      return TRUE;
    case 0xc2:
      return b[1] == 0xa0;
    case 0xe1:
      return b[1] == 0x9a && b[2] == 0x80;
    case 0xe2:
    case 0xe3:
      return g_unichar_isspace (g_utf8_get_char (s));
    default:
      return FALSE;
    }
}

/* Characters in @length bytes of valid UTF-8: every byte but the continuation bytes. */
static gsize
count_chars (const char *text,
             gsize       length)
{
  gsize n = 0;

  for (gsize i = 0; i < length; i++)
    n += ((guchar) text[i] & 0xc0) != 0x80;
  return n;
}

static void
carry_text_build (CarryText             *t,
                  const PlenumCarryPage *pages,
                  guint                  n_pages)
{
  g_autofree guint8 *usable = g_new0 (guint8, MAX (n_pages, 1));
  gsize total_bytes = 0, total_chars = 0, len = 0;
  guint32 g = 0, *char_norm;
  char *out;

  t->pages = pages;
  t->n_pages = n_pages;
  t->page_char = g_new0 (guint32, n_pages + 1);
  t->page_start = g_new0 (guint32, MAX (n_pages, 1));
  t->page_end = g_new0 (guint32, MAX (n_pages, 1));

  /* Sizes first, so that the maps are allocated once. */
  for (guint p = 0; p < n_pages; p++)
    {
      const char *text = pages[p].text;
      gsize length;

      if (text == NULL || !g_utf8_validate (text, -1, NULL))
        continue;
      length = strlen (text);
      if (total_bytes + length + 1 > MAX_TEXT_BYTES)
        break;
      usable[p] = TRUE;
      total_bytes += length + 1;
      total_chars += count_chars (text, length);
    }
  /* Locals, not fields: the stores through char *out may alias anything, and would make
   * the compiler reload every field on every byte. */
  t->norm = out = g_new (char, total_bytes + 1);
  t->char_norm = char_norm = g_new (guint32, total_chars + 1);

  for (guint p = 0; p < n_pages; p++)
    {
      const char *s = pages[p].text;
      gboolean pending = FALSE, empty = TRUE;
      guint32 page_start = (guint32) len;

      t->page_char[p] = g;
      t->page_start[p] = t->page_end[p] = (guint32) len;
      if (!usable[p])
        continue;

      for (; *s != '\0'; g++)
        {
          gsize n = (gsize) g_utf8_skip[(guchar) *s];

          if (is_space_at (s))
            {
              pending = TRUE;
              char_norm[g] = (guint32) len;
              s += n;
              continue;
            }
          /* One space for a run inside the page; one between this page and the text
           * before it (white space too). */
          if (len > 0 && (pending || empty))
            {
              out[len++] = ' ';
              if (empty)
                page_start = (guint32) len;
            }
          pending = FALSE;
          empty = FALSE;
          char_norm[g] = (guint32) len;
          for (gsize i = 0; i < n; i++)
            out[len++] = *s++;
        }
      t->page_start[p] = empty ? (guint32) len : page_start;
      t->page_end[p] = (guint32) len;
    }
  t->page_char[n_pages] = g;
  t->n_chars = g;
  out[len] = '\0';
  t->norm_len = len;
}

static guint64
window_hash (const char *s)
{
  guint64 v;

  memcpy (&v, s, sizeof v);
  return v * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
}

/* Counting sort of the character starts by their window's hash: two passes, no
 * comparisons, positions ascending within a bucket. */
static void
carry_text_index (CarryText *t)
{
  const char *s = t->norm;
  gsize len = t->norm_len;
  guint bits = 10;
  guint n_buckets;

  /* About 64 positions a bucket, and at most 2^18 buckets: a table that stays in the
   * cache sorts several times faster, and a lookup scans only its rarest bucket, where
   * memcmp() turns the strangers away at their first bytes. */
  while (bits < 18 && ((gsize) 64 << bits) < len)
    bits++;
  n_buckets = 1u << bits;
  t->bucket_bits = bits;
  t->bucket = g_new0 (guint32, n_buckets + 1);
  if (len < WINDOW)
    {
      t->positions = g_new (guint32, 1);
      return;
    }

  for (gsize i = 0; i + WINDOW <= len; i++)
    if (((guchar) s[i] & 0xc0) != 0x80)
      t->bucket[(window_hash (s + i) >> (64 - bits)) + 1]++;
  for (guint b = 0; b < n_buckets; b++)
    t->bucket[b + 1] += t->bucket[b];
  t->positions = g_new (guint32, t->bucket[n_buckets] + 1);
  {
    g_autofree guint32 *fill = g_memdup2 (t->bucket, n_buckets * sizeof (guint32));

    for (gsize i = 0; i + WINDOW <= len; i++)
      if (((guchar) s[i] & 0xc0) != 0x80)
        t->positions[fill[window_hash (s + i) >> (64 - bits)]++] = (guint32) i;
  }
}

static void
carry_text_clear (CarryText *t)
{
  g_free (t->norm);
  g_free (t->char_norm);
  g_free (t->page_char);
  g_free (t->page_start);
  g_free (t->page_end);
  g_free (t->bucket);
  g_free (t->positions);
  memset (t, 0, sizeof *t);
}

/* The page holding global character @g. */
static guint
page_of (const CarryText *t,
         guint32          g)
{
  guint lo = 0, hi = t->n_pages;

  g_assert (t->n_pages > 0);
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (t->page_char[mid] <= g)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* The global character that byte @o of norm belongs to: the last one that starts at or
 * before it (a space of a run: the run's last character). No map per byte: it would
 * cost four bytes for every byte of text, and this is asked a few times per mark. */
static guint32
norm_to_char (const CarryText *t,
              gsize            o)
{
  guint32 lo = 0, hi = t->n_chars;

  g_assert (t->n_chars > 0 && t->char_norm[0] <= o);
  while (hi - lo > 1)
    {
      guint32 mid = lo + (hi - lo) / 2;

      if (t->char_norm[mid] <= o)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* Character @g's box (FALSE: it has none, or an empty one). */
static gboolean
char_box (const CarryText      *t,
          guint32               g,
          PlenumAnnotationRect *box)
{
  guint p = page_of (t, g);
  guint32 i = g - t->page_char[p];

  if (i >= t->pages[p].n_boxes || t->pages[p].boxes == NULL)
    return FALSE;
  *box = t->pages[p].boxes[i];
  return box->width > 0 && box->height > 0;
}

static gboolean
page_text_equal (const CarryText *a,
                 guint            pa,
                 const CarryText *b,
                 guint            pb)
{
  gsize la = a->page_end[pa] - a->page_start[pa];

  return la == b->page_end[pb] - b->page_start[pb] &&
         memcmp (a->norm + a->page_start[pa], b->norm + b->page_start[pb], la) == 0;
}

/* ---- Pages: which are unchanged, and their pairs ---- */

typedef struct {
  const char *s;
  gsize       len;
} Slice;

/* A page's text is hashed by its length and 32 words sampled across it, not every byte:
 * pages of a version differ almost everywhere, and equal hashes are checked in full. */
static guint
slice_hash (gconstpointer key)
{
  const Slice *slice = key;
  guint64 h = slice->len * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);

  if (slice->len < 8)
    {
      for (gsize i = 0; i < slice->len; i++)
        h = (h ^ (guchar) slice->s[i]) * G_GUINT64_CONSTANT (0x100000001b3);
    }
  else
    {
      for (gsize k = 0; k < 32; k++)
        {
          gsize at = (slice->len - 8) * k / 31;
          guint64 word;

          memcpy (&word, slice->s + at, sizeof word);
          h = (h ^ word) * G_GUINT64_CONSTANT (0x100000001b3);
          h ^= h >> 29;
        }
    }
  return (guint) (h ^ (h >> 32));
}

static gboolean
slice_equal (gconstpointer a,
             gconstpointer b)
{
  const Slice *x = a, *y = b;

  return x->len == y->len && memcmp (x->s, y->s, x->len) == 0;
}

/* A table from each page text of @t to the array of its pages, in order. @slices: one per
 * page, the table's keys. */
static GHashTable *
pages_by_text (const CarryText *t,
               Slice           *slices)
{
  GHashTable *table = g_hash_table_new_full (slice_hash, slice_equal, NULL,
                                             (GDestroyNotify) g_array_unref);

  for (guint p = 0; p < t->n_pages; p++)
    {
      GArray *list;

      slices[p].s = t->norm + t->page_start[p];
      slices[p].len = t->page_end[p] - t->page_start[p];
      list = g_hash_table_lookup (table, &slices[p]);
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (table, &slices[p], list);
        }
      g_array_append_val (list, p);
    }
  return table;
}

gboolean *
plenum_annotation_changed_pages (const PlenumCarryPage *old_pages,
                                 guint                  n_old,
                                 const PlenumCarryPage *new_pages,
                                 guint                  n_new)
{
  CarryText old = { 0 }, new = { 0 };
  g_autofree Slice *slices = NULL;
  g_autoptr(GHashTable) table = NULL;
  gboolean *changed;

  g_return_val_if_fail (old_pages != NULL || n_old == 0, NULL);
  g_return_val_if_fail (new_pages != NULL || n_new == 0, NULL);

  if (n_new == 0)
    return NULL;

  carry_text_build (&old, old_pages, n_old);
  carry_text_build (&new, new_pages, n_new);
  slices = g_new (Slice, MAX (n_old, 1));
  table = pages_by_text (&old, slices);
  changed = g_new (gboolean, n_new);
  for (guint p = 0; p < n_new; p++)
    {
      Slice key = { new.norm + new.page_start[p], new.page_end[p] - new.page_start[p] };

      changed[p] = !g_hash_table_contains (table, &key);
    }
  g_clear_pointer (&table, g_hash_table_unref);
  carry_text_clear (&old);
  carry_text_clear (&new);
  return changed;
}

/* Pairs the unchanged pages: the k-th old page with a text and the k-th new page with it,
 * when both versions have as many pages with that text (two blank pages and one blank
 * page cannot be told apart: better no hint than a wrong one). */
static void
pair_pages (Carry *c)
{
  g_autofree Slice *old_slices = g_new (Slice, MAX (c->old.n_pages, 1));
  g_autofree Slice *new_slices = g_new (Slice, MAX (c->new.n_pages, 1));
  g_autoptr(GHashTable) old_table = pages_by_text (&c->old, old_slices);
  g_autoptr(GHashTable) new_table = pages_by_text (&c->new, new_slices);
  GHashTableIter iter;
  gpointer key, value;

  c->partner = g_new (gint64, MAX (c->old.n_pages, 1));
  for (guint p = 0; p < c->old.n_pages; p++)
    c->partner[p] = -1;

  g_hash_table_iter_init (&iter, old_table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GArray *olds = value;
      GArray *news = g_hash_table_lookup (new_table, key);

      if (news == NULL || news->len != olds->len)
        continue;
      for (guint k = 0; k < olds->len; k++)
        c->partner[g_array_index (olds, guint, k)] = g_array_index (news, guint, k);
    }
}

/* The new page that corresponds to old page @p: its pair, or else the page as far after
 * the pair of the nearest paired page before it (the same index when there is none). */
static gint64
corresponding_page (Carry *c,
                    guint  p)
{
  for (guint q = p + 1; q-- > 0;)
    if (c->partner[q] >= 0)
      return c->partner[q] + (p - q);
  return p;
}

/* ---- Finding text ---- */

/* Appends to @out every start of @q (@len bytes, valid UTF-8, non-empty) in
 * norm[@from, @to) of @t, ascending; stops after @max. Through the index when @t has one
 * and @q is at least a window long. */
static void
find_all (const CarryText *t,
          const char      *q,
          gsize            len,
          gsize            from,
          gsize            to,
          guint            max,
          GArray          *out)
{
  const char *s = t->norm;

  g_assert (len > 0);
  if (to < from + len)
    return;

  if (t->bucket != NULL && len >= WINDOW && t->norm_len >= WINDOW)
    {
      guint32 best_size = G_MAXUINT32, best_bucket = 0;
      gsize best_offset = 0;

      /* The rarest window of the quote (at a character start, as the index is). */
      for (gsize k = 0; k + WINDOW <= len; k = (gsize) (g_utf8_next_char (q + k) - q))
        {
          guint32 b = (guint32) (window_hash (q + k) >> (64 - t->bucket_bits));
          guint32 size = t->bucket[b + 1] - t->bucket[b];

          if (size < best_size)
            {
              best_size = size;
              best_bucket = b;
              best_offset = k;
            }
          if (size == 0)
            return;
        }
      for (guint32 i = t->bucket[best_bucket]; i < t->bucket[best_bucket + 1]; i++)
        {
          gsize pos = t->positions[i];
          gsize start;

          if (pos < best_offset)
            continue;
          start = pos - best_offset;
          if (start < from || start + len > to || memcmp (s + start, q, len) != 0)
            continue;
          g_array_append_val (out, (guint32) { (guint32) start });
          if (out->len >= max)
            return;
        }
      return;
    }

  for (gsize at = from; at + len <= to;)
    {
      const char *hit = memmem (s + at, to - at, q, len);

      if (hit == NULL)
        break;
      g_array_append_val (out, (guint32) { (guint32) (hit - s) });
      if (out->len >= max)
        return;
      at = (gsize) (g_utf8_next_char (hit) - s);
    }
}

/* Text to find: a quote and its context, normalised like the texts. */
typedef struct {
  const char *quote;
  gsize       quote_len;
  const char *prefix;
  gsize       prefix_len;
  const char *suffix;
  gsize       suffix_len;
} Needle;

static gboolean
context_agrees (const CarryText *t,
                guint32          start,
                const Needle    *needle)
{
  const char *s = t->norm;
  gsize end = start + needle->quote_len;

  return start >= needle->prefix_len &&
         memcmp (s + start - needle->prefix_len, needle->prefix, needle->prefix_len) == 0 &&
         end + needle->suffix_len <= t->norm_len &&
         memcmp (s + end, needle->suffix, needle->suffix_len) == 0;
}

/* Finds @needle in the new version for a mark of old page @old_page: the rules of the
 * header. On success *@start is the match's first byte in the new text. */
static PlenumAnnotationCarryReason
find_in_new (Carry        *c,
             const Needle *needle,
             guint         old_page,
             guint32      *start)
{
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) agreeing = g_array_new (FALSE, FALSE, sizeof (guint32));
  gint64 page;
  guint32 on_page = 0;
  guint n_on_page = 0;

  find_all (&c->new, needle->quote, needle->quote_len, 0, c->new.norm_len, G_MAXUINT, hits);
  if (hits->len == 0)
    return PLENUM_ANNOTATION_CARRY_TEXT_GONE;
  if (hits->len == 1)
    {
      *start = g_array_index (hits, guint32, 0);
      return PLENUM_ANNOTATION_CARRY_OK;
    }

  for (guint i = 0; i < hits->len; i++)
    if (context_agrees (&c->new, g_array_index (hits, guint32, i), needle))
      g_array_append_val (agreeing, g_array_index (hits, guint32, i));
  if (agreeing->len == 1)
    {
      *start = g_array_index (agreeing, guint32, 0);
      return PLENUM_ANNOTATION_CARRY_OK;
    }
  if (agreeing->len == 0)
    return PLENUM_ANNOTATION_CARRY_AMBIGUOUS;

  /* Several with the same context: the one on the page where the mark's page went. */
  page = corresponding_page (c, old_page);
  for (guint i = 0; i < agreeing->len; i++)
    {
      guint32 hit = g_array_index (agreeing, guint32, i);

      if (page_of (&c->new, norm_to_char (&c->new, hit)) == page)
        {
          on_page = hit;
          n_on_page++;
        }
    }
  if (n_on_page != 1)
    return PLENUM_ANNOTATION_CARRY_AMBIGUOUS;
  *start = on_page;
  return PLENUM_ANNOTATION_CARRY_OK;
}

/* Whether old page @p is gone from the new version: fewer than half of its lines (those
 * long enough to say something) occur anywhere in it; a page of short lines only is gone
 * when its whole text is nowhere. */
static gboolean
page_gone (Carry *c,
           guint  p)
{
  const CarryText *t = &c->old;
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint counted = 0, found = 0;
  gsize from = t->page_start[p];

  if (c->gone[p] >= 0)
    return c->gone[p];

  /* Lines: the pages' "\n"s are spaces in norm, so walk the page's own text. */
  if (t->page_end[p] > from)
    {
      const char *s = t->pages[p].text;
      guint32 g = t->page_char[p];

      for (;;)
        {
          guint32 first = g;
          gsize a, b;

          while (*s != '\0' && *s != '\n')
            {
              s = g_utf8_next_char (s);
              g++;
            }
          if (g > first)
            {
              /* A white space character's entry is where its run's space is: trim it. */
              a = t->char_norm[first];
              b = g < t->page_char[p + 1] ? t->char_norm[g] : t->page_end[p];
              while (a < b && t->norm[a] == ' ')
                a++;
              while (b > a && t->norm[b - 1] == ' ')
                b--;
              if (b - a >= GONE_MIN_LINE)
                {
                  counted++;
                  g_array_set_size (hits, 0);
                  find_all (&c->new, t->norm + a, b - a, 0, c->new.norm_len, 1, hits);
                  if (hits->len > 0)
                    found++;
                }
            }
          if (*s == '\0')
            break;
          s++;
          g++;
        }
    }
  if (counted == 0 && t->page_end[p] > from)
    {
      counted = 1;
      find_all (&c->new, t->norm + from, t->page_end[p] - from, 0, c->new.norm_len, 1,
                hits);
      found = hits->len > 0;
    }
  c->gone[p] = counted > 0 && found * 2 < counted;
  return c->gone[p];
}

/* ---- Where a mark is on its old page ---- */

/* The gap between two rectangles (0 when they meet). */
static double
rect_distance (const PlenumAnnotationRect *a,
               const PlenumAnnotationRect *b)
{
  double dx = MAX (0, MAX (a->x - (b->x + b->width), b->x - (a->x + a->width)));
  double dy = MAX (0, MAX (a->y - (b->y + b->height), b->y - (a->y + a->height)));

  return hypot (dx, dy);
}

/* Whether global character @g is text (not white space) in norm. */
static gboolean
is_text_char (const CarryText *t,
              guint32          g)
{
  guint32 o = t->char_norm[g];

  /* White space points at its run's space, or (at the start of the text) shares its
   * byte with the character after it. */
  return o < t->norm_len && t->norm[o] != ' ' &&
         (g + 1 == t->n_chars || t->char_norm[g + 1] > o);
}

/* Normalises an anchor like the texts into @out, and points @needle into it: the quote
 * without white space at its ends (it goes to the context). FALSE when the quote is
 * nothing but white space. */
static gboolean
needle_from_anchor (const char *quote,
                    const char *prefix,
                    const char *suffix,
                    GString    *out,
                    Needle     *needle)
{
  const char *parts[3] = { prefix != NULL ? prefix : "", quote, suffix != NULL ? suffix : "" };
  gsize ends[3];
  gsize qs, qe;

  for (guint k = 0; k < 3; k++)
    {
      gboolean pending = FALSE;

      if (!g_utf8_validate (parts[k], -1, NULL))
        return FALSE;
      for (const char *s = parts[k]; *s != '\0'; s = g_utf8_next_char (s))
        {
          if (is_space_at (s))
            {
              pending = TRUE;
              continue;
            }
          /* A run is one space, also when it spans two parts; none at the start. */
          if (pending && out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          pending = FALSE;
          g_string_append_len (out, s, g_utf8_next_char (s) - s);
        }
      if (pending && out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
      ends[k] = out->len;
    }

  qs = ends[0];
  qe = ends[1];
  while (qs < qe && out->str[qs] == ' ')
    qs++;
  while (qe > qs && out->str[qe - 1] == ' ')
    qe--;
  if (qs == qe)
    return FALSE;
  /* No space to end the suffix with: the text after it may go on with anything. */
  while (out->len > qe && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  needle->prefix = out->str;
  needle->prefix_len = qs;
  needle->quote = out->str + qs;
  needle->quote_len = qe - qs;
  needle->suffix = out->str + qe;
  needle->suffix_len = out->len - qe;
  return TRUE;
}

/* The distance from the characters of norm[@start, @start + @len) to @bounds. */
static double
match_distance (const CarryText            *t,
                guint32                     start,
                gsize                       len,
                const PlenumAnnotationRect *bounds)
{
  double best = G_MAXDOUBLE;

  for (gsize o = start; o < start + len; o = (gsize) (g_utf8_next_char (t->norm + o) - t->norm))
    {
      PlenumAnnotationRect box;

      if (t->norm[o] != ' ' && char_box (t, norm_to_char (t, o), &box))
        best = MIN (best, rect_distance (&box, bounds));
    }
  return best;
}

/* Finds an anchor's quote on old page @p, where the mark was made: of several, those whose
 * context agrees, and of those the one nearest to the mark. */
static gboolean
find_on_old_page (Carry                      *c,
                  const Needle               *needle,
                  guint                       p,
                  const PlenumAnnotationRect *bounds,
                  guint32                    *start)
{
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) agreeing = g_array_new (FALSE, FALSE, sizeof (guint32));
  GArray *candidates;
  double best = G_MAXDOUBLE;

  find_all (&c->old, needle->quote, needle->quote_len, c->old.page_start[p], c->old.page_end[p],
            G_MAXUINT, hits);
  if (hits->len == 0)
    return FALSE;
  for (guint i = 0; i < hits->len; i++)
    if (context_agrees (&c->old, g_array_index (hits, guint32, i), needle))
      g_array_append_val (agreeing, g_array_index (hits, guint32, i));
  candidates = agreeing->len > 0 ? agreeing : hits;

  *start = g_array_index (candidates, guint32, 0);
  if (bounds == NULL)
    return TRUE;
  for (guint i = 0; i < candidates->len; i++)
    {
      guint32 hit = g_array_index (candidates, guint32, i);
      double d = match_distance (&c->old, hit, needle->quote_len, bounds);

      if (d < best)
        {
          best = d;
          *start = hit;
        }
    }
  return TRUE;
}

/* The text under or nearest to an unanchored mark on old page @p: the characters from
 * the first to the last whose box meets @bounds grown by PLENUM_ANNOTATION_CARRY_NEAR,
 * else the nearest line. Sets norm[*@from, *@to) and *@ref, the byte of the character
 * nearest to the mark's centre. FALSE when the page has no text with boxes. */
static gboolean
text_near (const CarryText            *t,
           guint                       p,
           const PlenumAnnotationRect *bounds,
           gsize                      *from,
           gsize                      *to,
           gsize                      *ref)
{
  PlenumAnnotationRect grown = {
    bounds->x - PLENUM_ANNOTATION_CARRY_NEAR, bounds->y - PLENUM_ANNOTATION_CARRY_NEAR,
    bounds->width + 2 * PLENUM_ANNOTATION_CARRY_NEAR,
    bounds->height + 2 * PLENUM_ANNOTATION_CARRY_NEAR,
  };
  double cx = bounds->x + bounds->width / 2, cy = bounds->y + bounds->height / 2;
  guint32 first = G_MAXUINT32, last = 0;
  double best;

  for (guint32 g = t->page_char[p]; g < t->page_char[p + 1]; g++)
    {
      PlenumAnnotationRect box;

      if (!is_text_char (t, g) || !char_box (t, g, &box))
        continue;
      /* Touching edges do not count as meeting. */
      if (box.x >= grown.x + grown.width || box.x + box.width <= grown.x ||
          box.y >= grown.y + grown.height || box.y + box.height <= grown.y)
        continue;
      first = MIN (first, g);
      last = MAX (last, g);
    }

  if (first == G_MAXUINT32)
    {
      /* The nearest line: lines end at the page's "\n"s. */
      const char *s = t->pages[p].text;
      guint32 g = t->page_char[p];

      best = G_MAXDOUBLE;
      while (s != NULL && g < t->page_char[p + 1])
        {
          PlenumAnnotationRect line = { 0 };
          guint32 line_first = G_MAXUINT32, line_last = 0;
          double d;

          for (; *s != '\0' && *s != '\n'; s = g_utf8_next_char (s), g++)
            {
              PlenumAnnotationRect box;

              if (!is_text_char (t, g) || !char_box (t, g, &box))
                continue;
              if (line_first == G_MAXUINT32)
                line = box;
              else
                {
                  double x2 = MAX (line.x + line.width, box.x + box.width);
                  double y2 = MAX (line.y + line.height, box.y + box.height);

                  line.x = MIN (line.x, box.x);
                  line.y = MIN (line.y, box.y);
                  line.width = x2 - line.x;
                  line.height = y2 - line.y;
                }
              line_first = MIN (line_first, g);
              line_last = g;
            }
          if (line_first != G_MAXUINT32 && (d = rect_distance (&line, bounds)) < best)
            {
              best = d;
              first = line_first;
              last = line_last;
            }
          if (*s == '\0')
            break;
          s++;
          g++;
        }
      if (first == G_MAXUINT32)
        return FALSE;
    }

  *from = t->char_norm[first];
  *to = (gsize) (g_utf8_next_char (t->norm + t->char_norm[last]) - t->norm);

  best = G_MAXDOUBLE;
  *ref = *from;
  for (guint32 g = first; g <= last; g++)
    {
      PlenumAnnotationRect box;
      double d;

      if (!is_text_char (t, g) || !char_box (t, g, &box))
        continue;
      d = hypot (box.x + box.width / 2 - cx, box.y + box.height / 2 - cy);
      if (d < best)
        {
          best = d;
          *ref = t->char_norm[g];
        }
    }
  return TRUE;
}

/* The boxes of global characters [@first, @last] of @t merged into one rectangle per
 * line, as the highlighter makes them: consecutive boxes that overlap vertically and do
 * not jump back to the left. */
static GArray *
line_rects (const CarryText *t,
            guint32          first,
            guint32          last)
{
  GArray *rects = g_array_new (FALSE, FALSE, sizeof (PlenumAnnotationRect));

  for (guint32 g = first; g <= last; g++)
    {
      PlenumAnnotationRect box, *line;

      if (!char_box (t, g, &box))
        continue;
      line = rects->len > 0 ? &g_array_index (rects, PlenumAnnotationRect, rects->len - 1) : NULL;
      if (line != NULL && box.y < line->y + line->height && box.y + box.height > line->y &&
          box.x >= line->x - box.height)
        {
          double x2 = MAX (line->x + line->width, box.x + box.width);
          double y2 = MAX (line->y + line->height, box.y + box.height);

          line->x = MIN (line->x, box.x);
          line->y = MIN (line->y, box.y);
          line->width = x2 - line->x;
          line->height = y2 - line->y;
        }
      else
        g_array_append_val (rects, box);
    }
  return rects;
}

/* ---- Carrying ---- */

void
plenum_annotation_carry_result_free (PlenumAnnotationCarryResult *result)
{
  if (result == NULL)
    return;
  g_clear_object (&result->annotation);
  g_free (result);
}

const char *
plenum_annotation_carry_reason_to_string (PlenumAnnotationCarryReason reason)
{
  switch (reason)
    {
    case PLENUM_ANNOTATION_CARRY_OK:
      return "ok";
    case PLENUM_ANNOTATION_CARRY_TEXT_GONE:
      return "text_gone";
    case PLENUM_ANNOTATION_CARRY_AMBIGUOUS:
      return "ambiguous";
    case PLENUM_ANNOTATION_CARRY_NO_TEXT_NEAR:
      return "no_text_near";
    case PLENUM_ANNOTATION_CARRY_PAGE_GONE:
      return "page_gone";
    case PLENUM_ANNOTATION_CARRY_SPLIT:
      return "split";
    default:
      g_return_val_if_reached (NULL);
    }
}

static PlenumAnnotationCarryResult *
carried (PlenumAnnotation *copy)
{
  PlenumAnnotationCarryResult *result = g_new0 (PlenumAnnotationCarryResult, 1);

  plenum_annotation_set_needs_review (copy, FALSE);
  result->annotation = copy;
  result->status = PLENUM_ANNOTATION_CARRIED;
  result->reason = PLENUM_ANNOTATION_CARRY_OK;
  return result;
}

static PlenumAnnotationCarryResult *
needs_review (PlenumAnnotation           *annotation,
              PlenumAnnotationCarryReason reason)
{
  PlenumAnnotationCarryResult *result = g_new0 (PlenumAnnotationCarryResult, 1);

  g_assert (reason != PLENUM_ANNOTATION_CARRY_OK);
  result->annotation = plenum_annotation_copy (annotation);
  plenum_annotation_set_needs_review (result->annotation, TRUE);
  result->status = PLENUM_ANNOTATION_CARRY_NEEDS_REVIEW;
  result->reason = reason;
  return result;
}

static PlenumAnnotationCarryResult *
carry_one (Carry            *c,
           PlenumAnnotation *annotation)
{
  g_autoptr(GString) anchor = g_string_new (NULL);
  PlenumAnnotationRect bounds, old_box, new_box;
  gboolean has_bounds, anchored = FALSE, placed = FALSE;
  const char *quote, *prefix, *suffix;
  guint page = plenum_annotation_get_page (annotation);
  Needle needle;
  PlenumAnnotationCarryReason reason;
  guint32 old_start = 0, new_start = 0, first, last;
  gsize ref_offset = 0;
  guint new_page;
  PlenumAnnotation *copy;

  if (plenum_annotation_get_deleted (annotation))
    return carried (plenum_annotation_copy_moved (annotation, c->new_sha256, page, 0, 0));
  if (g_strcmp0 (plenum_annotation_get_document_sha256 (annotation), c->new_sha256) == 0)
    return carried (plenum_annotation_copy (annotation));
  if (page >= c->old.n_pages)
    return needs_review (annotation, PLENUM_ANNOTATION_CARRY_PAGE_GONE);

  has_bounds = plenum_annotation_get_bounds (annotation, &bounds);
  plenum_annotation_get_anchor (annotation, &quote, &prefix, &suffix);
  if (quote != NULL && needle_from_anchor (quote, prefix, suffix, anchor, &needle) &&
      find_on_old_page (c, &needle, page, has_bounds ? &bounds : NULL, &old_start))
    anchored = TRUE;

  if (!anchored)
    {
      gsize from, to, ref, before, after;

      if (!has_bounds || !text_near (&c->old, page, &bounds, &from, &to, &ref))
        {
          if (page < c->new.n_pages && page_text_equal (&c->old, page, &c->new, page))
            return carried (plenum_annotation_copy_moved (annotation, c->new_sha256, page, 0, 0));
          return needs_review (annotation, PLENUM_ANNOTATION_CARRY_NO_TEXT_NEAR);
        }
      /* Context within the page, as the reader's anchors have it. */
      before = from;
      for (guint i = 0; i < PLENUM_ANNOTATION_CARRY_CONTEXT; i++)
        if (before > c->old.page_start[page])
          before = (gsize) (g_utf8_prev_char (c->old.norm + before) - c->old.norm);
      after = to;
      for (guint i = 0; i < PLENUM_ANNOTATION_CARRY_CONTEXT; i++)
        if (after < c->old.page_end[page])
          after = (gsize) (g_utf8_next_char (c->old.norm + after) - c->old.norm);
      needle = (Needle) {
        c->old.norm + from, to - from,
        c->old.norm + before, from - before,
        c->old.norm + to, after - to,
      };
      old_start = (guint32) from;
      ref_offset = ref - from;
    }

  /* An unchanged page: the same place in the same text. */
  if (c->partner[page] >= 0)
    {
      new_start = c->new.page_start[c->partner[page]] + (old_start - c->old.page_start[page]);
      reason = PLENUM_ANNOTATION_CARRY_OK;
    }
  else
    reason = find_in_new (c, &needle, page, &new_start);
  if (reason == PLENUM_ANNOTATION_CARRY_TEXT_GONE && page_gone (c, page))
    reason = PLENUM_ANNOTATION_CARRY_PAGE_GONE;
  if (reason != PLENUM_ANNOTATION_CARRY_OK)
    return needs_review (annotation, reason);

  first = norm_to_char (&c->new, new_start);
  last = norm_to_char (&c->new, new_start + needle.quote_len - 1);
  new_page = page_of (&c->new, first);
  if (page_of (&c->new, last) != new_page)
    return needs_review (annotation, PLENUM_ANNOTATION_CARRY_SPLIT);

  /* The move: from the reference character's old box to its new one; the same text on
   * both sides, so the same offset is the same character. Should it have no box, the
   * first character of the text that has one on both sides stands in. */
  if (char_box (&c->old, norm_to_char (&c->old, old_start + ref_offset), &old_box) &&
      char_box (&c->new, norm_to_char (&c->new, new_start + ref_offset), &new_box))
    placed = TRUE;
  for (gsize o = 0; !placed && o < needle.quote_len;
       o = (gsize) (g_utf8_next_char (needle.quote + o) - needle.quote))
    placed = needle.quote[o] != ' ' &&
             char_box (&c->old, norm_to_char (&c->old, old_start + o), &old_box) &&
             char_box (&c->new, norm_to_char (&c->new, new_start + o), &new_box);
  if (!placed)
    return needs_review (annotation, PLENUM_ANNOTATION_CARRY_NO_TEXT_NEAR);

  copy = plenum_annotation_copy_moved (annotation, c->new_sha256, new_page,
                                       new_box.x - old_box.x, new_box.y - old_box.y);
  if (anchored && plenum_annotation_get_kind (annotation) == PLENUM_ANNOTATION_HIGHLIGHT &&
      plenum_annotation_get_n_rects (annotation) > 0)
    {
      g_autoptr(GArray) rects = line_rects (&c->new, first, last);

      if (rects->len > 0)
        plenum_annotation_set_rects (copy, (const PlenumAnnotationRect *) rects->data,
                                     MIN (rects->len, PLENUM_ANNOTATION_MAX_RECTS));
    }
  return carried (copy);
}

void
plenum_annotation_carry (const PlenumCarryPage  *old_pages,
                         guint                   n_old,
                         const PlenumCarryPage  *new_pages,
                         guint                   n_new,
                         const char             *new_sha256,
                         GPtrArray              *annotations,
                         GPtrArray             **results)
{
  Carry c = { 0 };

  g_return_if_fail (results != NULL);
  *results = NULL;
  g_return_if_fail (old_pages != NULL || n_old == 0);
  g_return_if_fail (new_pages != NULL || n_new == 0);
  g_return_if_fail (plenum_is_sha256_hex (new_sha256));
  g_return_if_fail (annotations != NULL);
  for (guint i = 0; i < annotations->len; i++)
    g_return_if_fail (PLENUM_IS_ANNOTATION (g_ptr_array_index (annotations, i)));

  *results = g_ptr_array_new_full (annotations->len,
                                   (GDestroyNotify) plenum_annotation_carry_result_free);
  carry_text_build (&c.old, old_pages, n_old);
  carry_text_build (&c.new, new_pages, n_new);
  carry_text_index (&c.new);
  pair_pages (&c);
  c.gone = g_new (gint8, MAX (n_old, 1));
  memset (c.gone, -1, MAX (n_old, 1));
  c.new_sha256 = new_sha256;

  for (guint i = 0; i < annotations->len; i++)
    g_ptr_array_add (*results, carry_one (&c, g_ptr_array_index (annotations, i)));

  g_free (c.partner);
  g_free (c.gone);
  carry_text_clear (&c.old);
  carry_text_clear (&c.new);
}
