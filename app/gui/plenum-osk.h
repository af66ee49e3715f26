/* plenum-osk.h — an on-screen keyboard for terminals without a physical one (issue #9):
 * large keys for a finger (at least 48 px), three letter layouts (Vietnamese, Norwegian
 * æ ø å, English), a page of numbers and punctuation, shift, space, backspace, enter and
 * a key that hides it. It types into the text field it is attached to (a GtkEditable such
 * as a GtkEntry, or a GtkTextView) at that field's cursor; its keys never take the focus,
 * so the field keeps its cursor and selection.
 *
 * Vietnamese: the letters a–z, a row with the vowel forms ă â ê ô ơ ư and đ, and a row
 * of the five tone keys (sắc, huyền, hỏi, ngã, nặng). A tone key puts its mark on the
 * word before the cursor, on the vowel that Vietnamese spelling puts it on (ê in
 * "quyết", ơ in "được", u in "của"); pressed again it takes the mark off, and letters
 * typed after it move the mark where it belongs ("toá" + "n" → "toán"). Everything typed
 * is NFC, one code point per letter, so Backspace takes a whole letter with its marks.
 * Chosen over Telex (typing "dduwowjc" for "được"): every letter is on a key the member
 * can see, nothing depends on a typing convention the member may not know, and names and
 * English words are never rewritten behind the member's back.
 *
 * The keys sit in a revealer inside the widget: the widget takes no room while hidden
 * (property "revealed"). Put it below the fields it types into, so that it never covers
 * them, and give the member a way to show it (plenum_osk_toggle_button_new()).
 *
 * Actions (installed on the class; the keys are buttons for them):
 *   osk.type (s)       types the text (upper case while shift is on)
 *   osk.tone (i)       a PlenumOskTone on the word before the cursor (Vietnamese)
 *   osk.backspace      deletes the letter before the cursor, or the selection
 *   osk.enter          a new line in a text view; activates an entry
 *   osk.shift          off → next letter upper case → all upper case → off
 *   osk.page (s)       "letters" or "symbols"
 *   osk.layout         the next layout (Vietnamese → Norwegian → English → …)
 *   osk.hide           hides the keyboard
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  PLENUM_OSK_LAYOUT_VIETNAMESE,
  PLENUM_OSK_LAYOUT_NORWEGIAN,
  PLENUM_OSK_LAYOUT_ENGLISH,
} PlenumOskLayout;

#define PLENUM_OSK_N_LAYOUTS 3

/* The Vietnamese tones, as the tone keys' target of osk.tone. */
typedef enum
{
  PLENUM_OSK_TONE_NONE,   /* ngang: no mark */
  PLENUM_OSK_TONE_ACUTE,  /* sắc */
  PLENUM_OSK_TONE_GRAVE,  /* huyền */
  PLENUM_OSK_TONE_HOOK,   /* hỏi */
  PLENUM_OSK_TONE_TILDE,  /* ngã */
  PLENUM_OSK_TONE_DOT,    /* nặng */
} PlenumOskTone;

/* The shift key's state. */
typedef enum
{
  PLENUM_OSK_SHIFT_OFF,
  PLENUM_OSK_SHIFT_ONCE,    /* the next letter only */
  PLENUM_OSK_SHIFT_LOCKED,
} PlenumOskShift;

#define PLENUM_TYPE_OSK (plenum_osk_get_type ())

G_DECLARE_FINAL_TYPE (PlenumOsk, plenum_osk, PLENUM, OSK, GtkWidget)

/* A hidden keyboard in the layout of the interface's language (Vietnamese for vi,
 * Norwegian for nb/nn/no, else English). */
GtkWidget      *plenum_osk_new                (void);

/* Types into @target from now on: a GtkEditable or a GtkTextView, or NULL for nothing.
 * Not a reference: the keyboard lets go of a field that is destroyed. */
void            plenum_osk_attach             (PlenumOsk       *self,
                                               GtkWidget       *target);
GtkWidget      *plenum_osk_get_target         (PlenumOsk       *self);

/* Attaches to @field whenever the focus enters it (a form with several fields and one
 * keyboard); attaches now when nothing is attached. The first field watched is the one
 * typed into when the attached field is destroyed. */
void            plenum_osk_watch              (PlenumOsk       *self,
                                               GtkWidget       *field);

/* Property "revealed": whether the keys show. */
gboolean        plenum_osk_get_revealed       (PlenumOsk       *self);
void            plenum_osk_set_revealed       (PlenumOsk       *self,
                                               gboolean         revealed);

/* Property "layout". */
PlenumOskLayout plenum_osk_get_layout         (PlenumOsk       *self);
void            plenum_osk_set_layout         (PlenumOsk       *self,
                                               PlenumOskLayout  layout);

/* Property "shift" (read-only; osk.shift changes it). */
PlenumOskShift  plenum_osk_get_shift          (PlenumOsk       *self);

/* The key (a GtkButton) on the page showing now, for tests that press it: a letter,
 * digit or punctuation key by the text it types in lower case ("a", "ư", "æ", "7",
 * "?"), or "shift", "backspace", "space", "enter", "hide", "symbols", "letters",
 * "layout", "tone-acute", "tone-grave", "tone-hook", "tone-tilde", "tone-dot". NULL when
 * the page shows no such key. */
GtkWidget      *plenum_osk_get_key            (PlenumOsk       *self,
                                               const char      *key);

/* A "Keyboard" toggle button, at least 48 px, bound both ways to @self's "revealed". */
GtkWidget      *plenum_osk_toggle_button_new  (PlenumOsk       *self);

/* @word (UTF-8, one Vietnamese syllable or a word ending in one) with its tone set to
 * @tone on the vowel the spelling puts it on (the last vowel with a form mark — ê in
 * "quyết", ơ in "được"; else the last vowel when a consonant follows; else the middle of
 * three vowels; else the first of two: "của", "hòa", "thủy"; the u of qu and the i of gi
 * before another vowel are consonants), in NFC. NULL when @word has no vowel. Free with
 * g_free(). */
char           *plenum_osk_place_tone         (const char      *word,
                                               PlenumOskTone    tone);

/* The tone mark @word carries (the last one), or PLENUM_OSK_TONE_NONE. */
PlenumOskTone   plenum_osk_get_tone           (const char      *word);

G_END_DECLS
