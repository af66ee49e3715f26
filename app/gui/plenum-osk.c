/* plenum-osk.c — the on-screen keyboard. See plenum-osk.h.
 *
 * Built in code from the tables below: the keys are many and alike, and a table says a
 * layout more plainly than a .ui file of a hundred buttons would.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-osk"

#include <glib/gi18n.h>
#include <string.h>

#include "plenum-osk.h"

/* A key's size: the 48 px a finger needs across, a little more in height, where a row
 * has room to spare. */
#define KEY_WIDTH  48
#define KEY_HEIGHT 56

/* The combining marks of the five tones and of the vowel forms (NFD). */
#define MARK_GRAVE      0x0300
#define MARK_ACUTE      0x0301
#define MARK_CIRCUMFLEX 0x0302
#define MARK_TILDE      0x0303
#define MARK_BREVE      0x0306
#define MARK_HOOK       0x0309
#define MARK_HORN       0x031B
#define MARK_DOT_BELOW  0x0323

#define MAX_MARKS 4

/* Everything here belongs to the main thread (GTK's). */
struct _PlenumOsk
{
  GtkWidget       parent_instance;

  GtkWidget      *revealer;
  GtkStack       *stack;
  GHashTable     *keys[PLENUM_OSK_N_LAYOUTS + 1];  /* per page: key name → button (borrowed) */
  GPtrArray      *letter_keys;   /* the buttons whose label follows shift (borrowed) */
  GtkWidget      *shift_keys[PLENUM_OSK_N_LAYOUTS];

  GWeakRef        target;        /* the field typed into */
  GWeakRef        home;          /* the first field watched: typed into when the target goes */
  PlenumOskLayout layout;
  PlenumOskShift  shift;
  gboolean        symbols;       /* the numbers and punctuation page shows */
};

G_DEFINE_FINAL_TYPE (PlenumOsk, plenum_osk, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_REVEALED,
  PROP_LAYOUT,
  PROP_SHIFT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The symbols page's index in keys[]. */
#define SYMBOLS_PAGE PLENUM_OSK_N_LAYOUTS

static const char *const page_names[PLENUM_OSK_N_LAYOUTS + 1] = { "vi", "nb", "en", "symbols" };
/* What the layout key says: the layout in use. */
static const char *const layout_codes[PLENUM_OSK_N_LAYOUTS] = { "VI", "NB", "EN" };

/* The letter rows, keys separated by spaces. */
static const char *const vietnamese_rows[] = {
  "ă â ê ô ơ ư đ",
  "q w e r t y u i o p",
  "a s d f g h j k l",
  "z x c v b n m",
  NULL
};
static const char *const norwegian_rows[] = {
  "q w e r t y u i o p å",
  "a s d f g h j k l ø æ",
  "z x c v b n m",
  NULL
};
static const char *const english_rows[] = {
  "q w e r t y u i o p",
  "a s d f g h j k l",
  "z x c v b n m",
  NULL
};
static const char *const symbol_rows[] = {
  "1 2 3 4 5 6 7 8 9 0",
  "- / : ; ( ) \" & @ %",
  "? ! ' + = * # _ < >",
  NULL
};

/* ---- Vietnamese tones (no GTK) ---- */

typedef struct {
  gunichar base;
  gunichar marks[MAX_MARKS];
  guint    n_marks;
} Letter;

static PlenumOskTone
tone_of_mark (gunichar c)
{
  switch (c)
    {
    case MARK_ACUTE:
      return PLENUM_OSK_TONE_ACUTE;
    case MARK_GRAVE:
      return PLENUM_OSK_TONE_GRAVE;
    case MARK_HOOK:
      return PLENUM_OSK_TONE_HOOK;
    case MARK_TILDE:
      return PLENUM_OSK_TONE_TILDE;
    case MARK_DOT_BELOW:
      return PLENUM_OSK_TONE_DOT;
    default:
      return PLENUM_OSK_TONE_NONE;
    }
}

static gunichar
mark_of_tone (PlenumOskTone tone)
{
  static const gunichar marks[] = { 0, MARK_ACUTE, MARK_GRAVE, MARK_HOOK, MARK_TILDE, MARK_DOT_BELOW };

  g_assert ((guint) tone < G_N_ELEMENTS (marks));
  return marks[tone];
}

static gboolean
is_vowel (gunichar c)
{
  c = g_unichar_tolower (c);
  return c != 0 && c < 0x80 && strchr ("aeiouy", (int) c) != NULL;
}

static gboolean
has_form_mark (const Letter *letter)
{
  for (guint i = 0; i < letter->n_marks; i++)
    if (letter->marks[i] == MARK_BREVE || letter->marks[i] == MARK_CIRCUMFLEX ||
        letter->marks[i] == MARK_HORN)
      return TRUE;
  return FALSE;
}

PlenumOskTone
plenum_osk_get_tone (const char *word)
{
  g_autofree char *decomposed = NULL;
  PlenumOskTone tone = PLENUM_OSK_TONE_NONE;

  g_return_val_if_fail (word != NULL, PLENUM_OSK_TONE_NONE);

  decomposed = g_utf8_normalize (word, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    return PLENUM_OSK_TONE_NONE;
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      PlenumOskTone t = tone_of_mark (g_utf8_get_char (p));

      if (t != PLENUM_OSK_TONE_NONE)
        tone = t;
    }
  return tone;
}

char *
plenum_osk_place_tone (const char    *word,
                       PlenumOskTone  tone)
{
  g_autofree char *decomposed = NULL;
  g_autoptr(GArray) letters = NULL;
  g_autoptr(GString) out = NULL;
  guint first, last, n, target;

  g_return_val_if_fail (word != NULL, NULL);
  g_return_val_if_fail (tone <= PLENUM_OSK_TONE_DOT, NULL);

  decomposed = g_utf8_normalize (word, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    return NULL;

  /* Letters with their marks, less any tone mark (one is put back below). */
  letters = g_array_new (FALSE, TRUE, sizeof (Letter));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        {
          Letter *letter;

          if (letters->len == 0)
            return NULL;
          if (tone_of_mark (c) != PLENUM_OSK_TONE_NONE)
            continue;
          letter = &g_array_index (letters, Letter, letters->len - 1);
          if (letter->n_marks < MAX_MARKS)
            letter->marks[letter->n_marks++] = c;
        }
      else
        {
          Letter letter = { c, { 0 }, 0 };

          g_array_append_val (letters, letter);
        }
    }

  /* The last run of vowels: the syllable's nucleus. */
  for (last = letters->len; last > 0; last--)
    if (is_vowel (g_array_index (letters, Letter, last - 1).base))
      break;
  if (last == 0)
    return NULL;
  last--;
  for (first = last; first > 0; first--)
    if (!is_vowel (g_array_index (letters, Letter, first - 1).base))
      break;

  /* The u of qu and the i of gi before another vowel belong to the consonant. */
  if (first < last && first > 0 && g_array_index (letters, Letter, first).n_marks == 0)
    {
      gunichar vowel = g_unichar_tolower (g_array_index (letters, Letter, first).base);
      gunichar before = g_unichar_tolower (g_array_index (letters, Letter, first - 1).base);

      if ((vowel == 'u' && before == 'q') || (vowel == 'i' && before == 'g'))
        first++;
    }

  n = last - first + 1;
  target = G_MAXUINT;
  for (guint i = last + 1; i > first; i--)
    if (has_form_mark (&g_array_index (letters, Letter, i - 1)))
      {
        target = i - 1;
        break;
      }
  if (target == G_MAXUINT)
    {
      if (last + 1 < letters->len)
        target = last;         /* a final consonant: "toán", "huỳnh" */
      else if (n >= 3)
        target = first + 1;    /* "ngoài", "khuỷu" */
      else
        target = first;        /* "của", "hòa", "thủy", "má" */
    }

  out = g_string_new (NULL);
  for (guint i = 0; i < letters->len; i++)
    {
      const Letter *letter = &g_array_index (letters, Letter, i);

      g_string_append_unichar (out, letter->base);
      for (guint m = 0; m < letter->n_marks; m++)
        g_string_append_unichar (out, letter->marks[m]);
      if (i == target && tone != PLENUM_OSK_TONE_NONE)
        g_string_append_unichar (out, mark_of_tone (tone));
    }
  /* NFC also puts a dot below before a circumflex, as canonical order wants ("ệ"). */
  return g_utf8_normalize (out->str, -1, G_NORMALIZE_NFC);
}

/* ---- The target ---- */

static gboolean
target_editable (GtkWidget *target)
{
  if (!gtk_widget_is_sensitive (target))
    return FALSE;
  if (GTK_IS_TEXT_VIEW (target))
    return gtk_text_view_get_editable (GTK_TEXT_VIEW (target));
  return gtk_editable_get_editable (GTK_EDITABLE (target));
}

/* The field to type into, or NULL (with the error bell) when there is none that takes
 * text now. A new reference. */
static GtkWidget *
get_writable_target (PlenumOsk *self)
{
  g_autoptr(GtkWidget) target = g_weak_ref_get (&self->target);

  /* A comment row removed with its entry: back to the form's main field. */
  if (target == NULL)
    {
      target = g_weak_ref_get (&self->home);
      g_weak_ref_set (&self->target, target);
    }
  if (target == NULL || !target_editable (target))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return NULL;
    }
  return g_steal_pointer (&target);
}

static void
text_view_show_cursor (GtkTextView *view)
{
  gtk_text_view_scroll_mark_onscreen (view, gtk_text_buffer_get_insert (gtk_text_view_get_buffer (view)));
}

/* Types @text at the cursor, over the selection if there is one. */
static void
insert_text (GtkWidget  *target,
             const char *text)
{
  if (GTK_IS_TEXT_VIEW (target))
    {
      GtkTextView *view = GTK_TEXT_VIEW (target);
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_delete_selection (buffer, TRUE, gtk_text_view_get_editable (view));
      gtk_text_buffer_insert_interactive_at_cursor (buffer, text, -1, gtk_text_view_get_editable (view));
      gtk_text_buffer_end_user_action (buffer);
      text_view_show_cursor (view);
    }
  else
    {
      GtkEditable *editable = GTK_EDITABLE (target);
      int position;

      gtk_editable_delete_selection (editable);
      position = gtk_editable_get_position (editable);
      gtk_editable_insert_text (editable, text, -1, &position);
      gtk_editable_set_position (editable, position);
    }
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalpha (c) || g_unichar_ismark (c);
}

/* The letters (with their marks) right before the cursor; "" when a selection is made or
 * none are there. */
static char *
word_before_cursor (GtkWidget *target)
{
  if (GTK_IS_TEXT_VIEW (target))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (target));
      GtkTextIter start, end;

      if (gtk_text_buffer_get_has_selection (buffer))
        return g_strdup ("");
      gtk_text_buffer_get_iter_at_mark (buffer, &end, gtk_text_buffer_get_insert (buffer));
      start = end;
      while (!gtk_text_iter_is_start (&start))
        {
          GtkTextIter previous = start;

          gtk_text_iter_backward_char (&previous);
          if (!is_word_char (gtk_text_iter_get_char (&previous)))
            break;
          start = previous;
        }
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  else
    {
      GtkEditable *editable = GTK_EDITABLE (target);
      g_autofree char *before = NULL;
      const char *start;

      if (gtk_editable_get_selection_bounds (editable, NULL, NULL))
        return g_strdup ("");
      before = gtk_editable_get_chars (editable, 0, gtk_editable_get_position (editable));
      start = before + strlen (before);
      while (start > before)
        {
          const char *previous = g_utf8_find_prev_char (before, start);

          if (previous == NULL || !is_word_char (g_utf8_get_char (previous)))
            break;
          start = previous;
        }
      return g_strdup (start);
    }
}

/* Replaces the @n_chars characters before the cursor with @text. */
static void
replace_before_cursor (GtkWidget  *target,
                       glong       n_chars,
                       const char *text)
{
  if (GTK_IS_TEXT_VIEW (target))
    {
      GtkTextView *view = GTK_TEXT_VIEW (target);
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
      GtkTextIter start, end;

      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_get_iter_at_mark (buffer, &end, gtk_text_buffer_get_insert (buffer));
      start = end;
      gtk_text_iter_backward_chars (&start, (int) n_chars);
      gtk_text_buffer_delete_interactive (buffer, &start, &end, gtk_text_view_get_editable (view));
      /* The insert mark sits at the gap and, with its right gravity, ends after the
       * text. */
      gtk_text_buffer_insert_interactive (buffer, &start, text, -1, gtk_text_view_get_editable (view));
      gtk_text_buffer_end_user_action (buffer);
      text_view_show_cursor (view);
    }
  else
    {
      GtkEditable *editable = GTK_EDITABLE (target);
      int end = gtk_editable_get_position (editable);
      int position = MAX (0, end - (int) n_chars);

      gtk_editable_delete_text (editable, position, end);
      gtk_editable_insert_text (editable, text, -1, &position);
      gtk_editable_set_position (editable, position);
    }
}

/* The tone of the word before the cursor moved to where it belongs after a letter was
 * added to it, or set to @tone when @set. */
static void
retone_word (PlenumOsk     *self,
             GtkWidget     *target,
             gboolean       set,
             PlenumOskTone  tone)
{
  g_autofree char *word = word_before_cursor (target);
  g_autofree char *toned = NULL;

  if (!set)
    {
      tone = plenum_osk_get_tone (word);
      if (tone == PLENUM_OSK_TONE_NONE)
        return;
    }
  toned = *word != '\0' ? plenum_osk_place_tone (word, tone) : NULL;
  if (toned == NULL)
    {
      if (set)
        gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  if (!g_str_equal (toned, word))
    replace_before_cursor (target, g_utf8_strlen (word, -1), toned);
}

static void
delete_before_cursor (PlenumOsk *self,
                      GtkWidget *target)
{
  if (GTK_IS_TEXT_VIEW (target))
    {
      GtkTextView *view = GTK_TEXT_VIEW (target);
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
      GtkTextIter start, end;

      if (gtk_text_buffer_delete_selection (buffer, TRUE, gtk_text_view_get_editable (view)))
        return;
      gtk_text_buffer_get_iter_at_mark (buffer, &end, gtk_text_buffer_get_insert (buffer));
      start = end;
      /* A cursor position: a whole letter, marks and all, even when decomposed. */
      if (!gtk_text_iter_backward_cursor_position (&start))
        {
          gtk_widget_error_bell (GTK_WIDGET (self));
          return;
        }
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_delete_interactive (buffer, &start, &end, gtk_text_view_get_editable (view));
      gtk_text_buffer_end_user_action (buffer);
      text_view_show_cursor (view);
    }
  else
    {
      GtkEditable *editable = GTK_EDITABLE (target);
      g_autofree char *before = NULL;
      int end, start;
      const char *p;

      if (gtk_editable_get_selection_bounds (editable, NULL, NULL))
        {
          gtk_editable_delete_selection (editable);
          return;
        }
      end = gtk_editable_get_position (editable);
      if (end == 0)
        {
          gtk_widget_error_bell (GTK_WIDGET (self));
          return;
        }
      /* The last character, and the base letter before it when it is a mark (text
       * pasted in NFD). */
      before = gtk_editable_get_chars (editable, 0, end);
      p = before + strlen (before);
      start = end;
      while (start > 0)
        {
          gunichar c;

          p = g_utf8_find_prev_char (before, p);
          c = g_utf8_get_char (p);
          start--;
          if (!g_unichar_ismark (c))
            break;
        }
      gtk_editable_delete_text (editable, start, end);
    }
}

/* ---- Keys ---- */

static void
update_shift (PlenumOsk *self)
{
  for (guint i = 0; i < self->letter_keys->len; i++)
    {
      GtkButton *button = g_ptr_array_index (self->letter_keys, i);
      const char *text = g_object_get_data (G_OBJECT (button), "plenum-osk-text");
      g_autofree char *upper = g_utf8_strup (text, -1);

      gtk_button_set_label (button, self->shift != PLENUM_OSK_SHIFT_OFF ? upper : text);
    }
  for (guint i = 0; i < PLENUM_OSK_N_LAYOUTS; i++)
    {
      GtkWidget *key = self->shift_keys[i];

      gtk_button_set_label (GTK_BUTTON (key), self->shift == PLENUM_OSK_SHIFT_LOCKED ? "⇪" : "⇧");
      if (self->shift != PLENUM_OSK_SHIFT_OFF)
        gtk_widget_add_css_class (key, "suggested-action");
      else
        gtk_widget_remove_css_class (key, "suggested-action");
      gtk_accessible_update_state (GTK_ACCESSIBLE (key), GTK_ACCESSIBLE_STATE_PRESSED,
                                   self->shift != PLENUM_OSK_SHIFT_OFF
                                     ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE,
                                   -1);
    }
}

static void
set_shift (PlenumOsk      *self,
           PlenumOskShift  shift)
{
  if (self->shift == shift)
    return;
  self->shift = shift;
  update_shift (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHIFT]);
}

static void
update_page (PlenumOsk *self)
{
  gtk_stack_set_visible_child_name (self->stack,
                                    page_names[self->symbols ? SYMBOLS_PAGE : self->layout]);
}

static GtkWidget *
make_key (const char *label,
          const char *action,
          GVariant   *target,
          const char *description)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  /* The field keeps the focus (and its cursor) while the keys are tapped. */
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_set_size_request (button, KEY_WIDTH, KEY_HEIGHT);
  gtk_widget_add_css_class (button, "plenum-touch");
  gtk_widget_add_css_class (button, "plenum-osk-key");
  if (description != NULL)
    {
      gtk_widget_set_tooltip_text (button, description);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      description, -1);
    }
  return button;
}

static GtkWidget *
add_key (PlenumOsk  *self,
         guint       page,
         GtkWidget  *row,
         const char *name,
         GtkWidget  *key)
{
  gtk_box_append (GTK_BOX (row), key);
  g_hash_table_replace (self->keys[page], g_strdup (name), key);
  return key;
}

static GtkWidget *
new_row (GtkWidget *page)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (page), row);
  return row;
}

static void
add_text_keys (PlenumOsk  *self,
               guint       page,
               GtkWidget  *row,
               const char *keys,
               gboolean    letters)
{
  g_auto(GStrv) texts = g_strsplit (keys, " ", -1);

  for (guint i = 0; texts[i] != NULL; i++)
    {
      GtkWidget *key = make_key (texts[i], "osk.type", g_variant_new_string (texts[i]), NULL);

      add_key (self, page, row, texts[i], key);
      if (letters)
        {
          g_object_set_data_full (G_OBJECT (key), "plenum-osk-text", g_strdup (texts[i]), g_free);
          g_ptr_array_add (self->letter_keys, key);
        }
    }
}

/* The bottom row of each page: page switch, layout, space, enter, hide. */
static void
add_bottom_row (PlenumOsk *self,
                guint      page,
                GtkWidget *box)
{
  GtkWidget *row = new_row (box);
  GtkWidget *key;

  if (page == SYMBOLS_PAGE)
    add_key (self, page, row, "letters",
             make_key ("ABC", "osk.page", g_variant_new_string ("letters"), _("Letters")));
  else
    add_key (self, page, row, "symbols",
             make_key ("?123", "osk.page", g_variant_new_string ("symbols"),
                       _("Numbers and punctuation")));
  if (page != SYMBOLS_PAGE)
    add_key (self, page, row, "layout",
             make_key (layout_codes[page], "osk.layout", NULL, _("Next keyboard layout")));
  add_key (self, page, row, ",", make_key (",", "osk.type", g_variant_new_string (","), NULL));
  key = add_key (self, page, row, "space", make_key (" ", "osk.type", g_variant_new_string (" "), _("Space")));
  gtk_widget_set_size_request (key, 4 * KEY_WIDTH, KEY_HEIGHT);
  add_key (self, page, row, ".", make_key (".", "osk.type", g_variant_new_string ("."), NULL));
  key = add_key (self, page, row, "enter", make_key ("⏎", "osk.enter", NULL, _("Enter")));
  gtk_widget_set_size_request (key, 2 * KEY_WIDTH, KEY_HEIGHT);
  add_key (self, page, row, "hide", make_key ("⌨ ▾", "osk.hide", NULL, _("Hide keyboard")));
}

static void
add_backspace (PlenumOsk *self,
               guint      page,
               GtkWidget *row)
{
  GtkWidget *key = make_key ("⌫", "osk.backspace", NULL, _("Backspace"));

  gtk_widget_set_size_request (key, (3 * KEY_WIDTH) / 2, KEY_HEIGHT);
  add_key (self, page, row, "backspace", key);
}

static void
build_page (PlenumOsk         *self,
            guint              page,
            const char *const *rows)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *row;
  guint i = 0;

  if (page == PLENUM_OSK_LAYOUT_VIETNAMESE)
    {
      static const struct { const char *name; const char *label; } tones[] = {
        { "tone-acute", "◌́" },
        { "tone-grave", "◌̀" },
        { "tone-hook",  "◌̉" },
        { "tone-tilde", "◌̃" },
        { "tone-dot",   "◌̣" },
      };
      const char *descriptions[] = {
        /* Translators: the Vietnamese tone names are kept in brackets. */
        _("Acute tone (sắc)"),
        _("Grave tone (huyền)"),
        _("Hook tone (hỏi)"),
        _("Tilde tone (ngã)"),
        _("Dot tone (nặng)"),
      };

      row = new_row (box);
      for (guint t = 0; t < G_N_ELEMENTS (tones); t++)
        add_key (self, page, row, tones[t].name,
                 make_key (tones[t].label, "osk.tone", g_variant_new_int32 ((int) t + 1),
                           descriptions[t]));
    }

  for (; rows[i] != NULL; i++)
    {
      gboolean last = rows[i + 1] == NULL;

      row = new_row (box);
      if (last && page != SYMBOLS_PAGE)
        {
          GtkWidget *shift = make_key ("⇧", "osk.shift", NULL, _("Shift"));

          gtk_widget_set_size_request (shift, (3 * KEY_WIDTH) / 2, KEY_HEIGHT);
          self->shift_keys[page] = add_key (self, page, row, "shift", shift);
        }
      add_text_keys (self, page, row, rows[i], page != SYMBOLS_PAGE);
      if (last)
        add_backspace (self, page, row);
    }
  add_bottom_row (self, page, box);
  gtk_stack_add_named (self->stack, box, page_names[page]);
}

/* ---- Actions ---- */

static void
type_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlenumOsk *self = PLENUM_OSK (widget);
  g_autoptr(GtkWidget) target = get_writable_target (self);
  const char *text = g_variant_get_string (parameter, NULL);
  g_autofree char *typed = NULL;

  if (target == NULL)
    return;
  typed = self->shift != PLENUM_OSK_SHIFT_OFF ? g_utf8_strup (text, -1) : g_strdup (text);
  insert_text (target, typed);
  /* A letter added to a toned syllable can move its tone ("toá" + "n" → "toán"). */
  if (self->layout == PLENUM_OSK_LAYOUT_VIETNAMESE && !self->symbols &&
      g_unichar_isalpha (g_utf8_get_char (text)))
    retone_word (self, target, FALSE, PLENUM_OSK_TONE_NONE);
  if (self->shift == PLENUM_OSK_SHIFT_ONCE && g_unichar_isalpha (g_utf8_get_char (text)))
    set_shift (self, PLENUM_OSK_SHIFT_OFF);
}

static void
tone_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlenumOsk *self = PLENUM_OSK (widget);
  g_autoptr(GtkWidget) target = get_writable_target (self);
  int tone = g_variant_get_int32 (parameter);
  g_autofree char *word = NULL;

  if (target == NULL || tone <= PLENUM_OSK_TONE_NONE || tone > PLENUM_OSK_TONE_DOT)
    return;
  /* The same tone again takes it off, as a member undoes a wrong tap. */
  word = word_before_cursor (target);
  if (plenum_osk_get_tone (word) == (PlenumOskTone) tone)
    tone = PLENUM_OSK_TONE_NONE;
  retone_word (self, target, TRUE, (PlenumOskTone) tone);
}

static void
backspace_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PlenumOsk *self = PLENUM_OSK (widget);
  g_autoptr(GtkWidget) target = get_writable_target (self);

  if (target != NULL)
    delete_before_cursor (self, target);
}

static void
enter_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PlenumOsk *self = PLENUM_OSK (widget);
  g_autoptr(GtkWidget) target = get_writable_target (self);

  if (target == NULL)
    return;
  if (GTK_IS_TEXT_VIEW (target))
    insert_text (target, "\n");
  else
    {
      GtkEditable *inner = GTK_EDITABLE (target);

      /* As Enter on a physical keyboard: GtkText's "activate" keybinding signal (which
       * GtkEntry passes on as its own, and which honours "activates-default"); neither
       * sets a widget activate signal in GTK 4.8. */
      while (gtk_editable_get_delegate (inner) != NULL)
        inner = gtk_editable_get_delegate (inner);
      if (g_signal_lookup ("activate", G_OBJECT_TYPE (inner)) != 0)
        g_signal_emit_by_name (inner, "activate");
      else
        gtk_widget_activate (GTK_WIDGET (inner));
    }
}

static void
shift_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PlenumOsk *self = PLENUM_OSK (widget);

  set_shift (self, (self->shift + 1) % (PLENUM_OSK_SHIFT_LOCKED + 1));
}

static void
page_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlenumOsk *self = PLENUM_OSK (widget);

  self->symbols = g_str_equal (g_variant_get_string (parameter, NULL), "symbols");
  update_page (self);
}

static void
layout_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PlenumOsk *self = PLENUM_OSK (widget);

  plenum_osk_set_layout (self, (self->layout + 1) % PLENUM_OSK_N_LAYOUTS);
}

static void
hide_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  plenum_osk_set_revealed (PLENUM_OSK (widget), FALSE);
}

/* ---- GObject ---- */

static PlenumOskLayout
default_layout (void)
{
  const char *const *languages = g_get_language_names ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      if (g_str_has_prefix (languages[i], "vi"))
        return PLENUM_OSK_LAYOUT_VIETNAMESE;
      if (g_str_has_prefix (languages[i], "nb") || g_str_has_prefix (languages[i], "nn") ||
          g_str_has_prefix (languages[i], "no"))
        return PLENUM_OSK_LAYOUT_NORWEGIAN;
      if (g_str_has_prefix (languages[i], "en"))
        return PLENUM_OSK_LAYOUT_ENGLISH;
    }
  return PLENUM_OSK_LAYOUT_ENGLISH;
}

static void
on_reveal_child_changed_cb (PlenumOsk *self)
{
  /* "revealed" is the revealer's "reveal-child", so that the two never disagree. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

static void
on_child_revealed_changed_cb (PlenumOsk *self)
{
  GtkRevealer *revealer = GTK_REVEALER (self->revealer);

  /* A revealer keeps its child's width while closed: hidden, the keys would hold a
   * narrow column (the meeting page's) as wide as a keyboard. */
  if (!gtk_revealer_get_child_revealed (revealer) && !gtk_revealer_get_reveal_child (revealer))
    gtk_widget_set_visible (gtk_revealer_get_child (revealer), FALSE);
}

static void
plenum_osk_dispose (GObject *object)
{
  PlenumOsk *self = PLENUM_OSK (object);

  g_clear_pointer (&self->revealer, gtk_widget_unparent);
  self->stack = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (self->keys); i++)
    g_clear_pointer (&self->keys[i], g_hash_table_unref);
  g_clear_pointer (&self->letter_keys, g_ptr_array_unref);
  memset (self->shift_keys, 0, sizeof self->shift_keys);
  g_weak_ref_set (&self->target, NULL);
  g_weak_ref_set (&self->home, NULL);

  G_OBJECT_CLASS (plenum_osk_parent_class)->dispose (object);
}

static void
plenum_osk_finalize (GObject *object)
{
  PlenumOsk *self = PLENUM_OSK (object);

  g_weak_ref_clear (&self->target);
  g_weak_ref_clear (&self->home);

  G_OBJECT_CLASS (plenum_osk_parent_class)->finalize (object);
}

static void
plenum_osk_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PlenumOsk *self = PLENUM_OSK (object);

  switch (prop_id)
    {
    case PROP_REVEALED:
      g_value_set_boolean (value, plenum_osk_get_revealed (self));
      break;

    case PROP_LAYOUT:
      g_value_set_int (value, self->layout);
      break;

    case PROP_SHIFT:
      g_value_set_int (value, self->shift);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_osk_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PlenumOsk *self = PLENUM_OSK (object);

  switch (prop_id)
    {
    case PROP_REVEALED:
      plenum_osk_set_revealed (self, g_value_get_boolean (value));
      break;

    case PROP_LAYOUT:
      plenum_osk_set_layout (self, (PlenumOskLayout) g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_osk_class_init (PlenumOskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_osk_dispose;
  object_class->finalize = plenum_osk_finalize;
  object_class->get_property = plenum_osk_get_property;
  object_class->set_property = plenum_osk_set_property;

  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LAYOUT] =
    g_param_spec_int ("layout", NULL, NULL,
                      0, PLENUM_OSK_N_LAYOUTS - 1, PLENUM_OSK_LAYOUT_ENGLISH,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SHIFT] =
    g_param_spec_int ("shift", NULL, NULL,
                      0, PLENUM_OSK_SHIFT_LOCKED, PLENUM_OSK_SHIFT_OFF,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "osk.type", "s", type_action_cb);
  gtk_widget_class_install_action (widget_class, "osk.tone", "i", tone_action_cb);
  gtk_widget_class_install_action (widget_class, "osk.backspace", NULL, backspace_action_cb);
  gtk_widget_class_install_action (widget_class, "osk.enter", NULL, enter_action_cb);
  gtk_widget_class_install_action (widget_class, "osk.shift", NULL, shift_action_cb);
  gtk_widget_class_install_action (widget_class, "osk.page", "s", page_action_cb);
  gtk_widget_class_install_action (widget_class, "osk.layout", NULL, layout_action_cb);
  gtk_widget_class_install_action (widget_class, "osk.hide", NULL, hide_action_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "plenumosk");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
plenum_osk_init (PlenumOsk *self)
{
  static const char *const *const rows[PLENUM_OSK_N_LAYOUTS + 1] = {
    vietnamese_rows, norwegian_rows, english_rows, symbol_rows
  };
  GtkWidget *box;

  g_weak_ref_init (&self->target, NULL);
  g_weak_ref_init (&self->home, NULL);
  self->letter_keys = g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (self->keys); i++)
    self->keys[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->revealer = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (self->revealer),
                                    GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP);
  gtk_widget_set_parent (self->revealer, GTK_WIDGET (self));
  g_signal_connect_object (self->revealer, "notify::reveal-child",
                           G_CALLBACK (on_reveal_child_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->revealer, "notify::child-revealed",
                           G_CALLBACK (on_child_revealed_changed_cb), self, G_CONNECT_SWAPPED);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (box, "plenum-osk");
  gtk_widget_add_css_class (box, "view");
  gtk_widget_set_margin_top (box, 6);
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  gtk_revealer_set_child (GTK_REVEALER (self->revealer), box);
  gtk_widget_set_visible (box, FALSE);

  for (guint page = 0; page < G_N_ELEMENTS (rows); page++)
    build_page (self, page, rows[page]);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("On-screen keyboard"), -1);

  self->layout = default_layout ();
  update_shift (self);
  update_page (self);
}

GtkWidget *
plenum_osk_new (void)
{
  return g_object_new (PLENUM_TYPE_OSK, NULL);
}

void
plenum_osk_attach (PlenumOsk *self,
                   GtkWidget *target)
{
  g_return_if_fail (PLENUM_IS_OSK (self));
  g_return_if_fail (target == NULL || GTK_IS_TEXT_VIEW (target) || GTK_IS_EDITABLE (target));

  g_weak_ref_set (&self->target, target);
}

GtkWidget *
plenum_osk_get_target (PlenumOsk *self)
{
  GtkWidget *target;

  g_return_val_if_fail (PLENUM_IS_OSK (self), NULL);

  /* Transfer none, as a getter's: the field lives on in its own tree. */
  target = g_weak_ref_get (&self->target);
  if (target != NULL)
    g_object_unref (target);
  return target;
}

static void
on_field_focus_entered_cb (GtkEventControllerFocus *controller,
                           PlenumOsk               *self)
{
  plenum_osk_attach (self, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
}

void
plenum_osk_watch (PlenumOsk *self,
                  GtkWidget *field)
{
  GtkEventController *focus;
  g_autoptr(GtkWidget) target = NULL;

  g_return_if_fail (PLENUM_IS_OSK (self));
  g_return_if_fail (GTK_IS_TEXT_VIEW (field) || GTK_IS_EDITABLE (field));

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "enter", G_CALLBACK (on_field_focus_entered_cb), self, 0);
  gtk_widget_add_controller (field, focus);

  target = g_weak_ref_get (&self->home);
  if (target == NULL)
    g_weak_ref_set (&self->home, field);
  g_clear_object (&target);
  target = g_weak_ref_get (&self->target);
  if (target == NULL)
    plenum_osk_attach (self, field);
}

gboolean
plenum_osk_get_revealed (PlenumOsk *self)
{
  g_return_val_if_fail (PLENUM_IS_OSK (self), FALSE);

  return self->revealer != NULL && gtk_revealer_get_reveal_child (GTK_REVEALER (self->revealer));
}

void
plenum_osk_set_revealed (PlenumOsk *self,
                         gboolean   revealed)
{
  g_return_if_fail (PLENUM_IS_OSK (self));

  if (self->revealer == NULL)
    return;
  if (revealed)
    gtk_widget_set_visible (gtk_revealer_get_child (GTK_REVEALER (self->revealer)), TRUE);
  /* The revealer notifies, and so this widget (once, and only on a change). */
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), revealed);
}

PlenumOskLayout
plenum_osk_get_layout (PlenumOsk *self)
{
  g_return_val_if_fail (PLENUM_IS_OSK (self), PLENUM_OSK_LAYOUT_ENGLISH);

  return self->layout;
}

void
plenum_osk_set_layout (PlenumOsk       *self,
                       PlenumOskLayout  layout)
{
  g_return_if_fail (PLENUM_IS_OSK (self));
  g_return_if_fail ((guint) layout < PLENUM_OSK_N_LAYOUTS);

  if (self->layout == layout)
    return;
  self->layout = layout;
  self->symbols = FALSE;
  if (self->stack != NULL)
    update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
}

PlenumOskShift
plenum_osk_get_shift (PlenumOsk *self)
{
  g_return_val_if_fail (PLENUM_IS_OSK (self), PLENUM_OSK_SHIFT_OFF);

  return self->shift;
}

GtkWidget *
plenum_osk_get_key (PlenumOsk  *self,
                    const char *key)
{
  g_return_val_if_fail (PLENUM_IS_OSK (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (self->stack == NULL)
    return NULL;
  return g_hash_table_lookup (self->keys[self->symbols ? SYMBOLS_PAGE : self->layout], key);
}

GtkWidget *
plenum_osk_toggle_button_new (PlenumOsk *self)
{
  GtkWidget *button, *box;

  g_return_val_if_fail (PLENUM_IS_OSK (self), NULL);

  button = gtk_toggle_button_new ();
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("input-keyboard-symbolic"));
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Keyboard")));
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "plenum-touch");
  gtk_widget_set_size_request (button, -1, 48);
  /* Tapping it must not take the focus from the field the member is writing in. */
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_set_tooltip_text (button, _("Show or hide the on-screen keyboard"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("On-screen keyboard"), -1);
  g_object_bind_property (self, "revealed", button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  return button;
}
