/* test-osk.c — the on-screen keyboard (issue #9) under Xvfb: a Vietnamese sentence typed
 * only by pressing the keyboard's keys, into a text view and into an entry, comes out
 * exactly, in NFC; Backspace takes a whole letter; shift once and locked; Norwegian
 * æ ø å; the numbers page; Enter (a new line, or the entry's activation); the hide key;
 * where the tone goes in a syllable. And the opinion sheet: an answer and a page comment
 * typed only with its keyboard are stored as typed.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <string.h>

#include "core/plenum-core.h"
#include "gui/plenum-opinion-sheet.h"
#include "gui/plenum-osk.h"
#include "store/plenum-store.h"
#include "plenum-test-gui.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define WAIT_MS PLENUM_TEST_GUI_WAIT_MS

#define SENTENCE "Nghị quyết đã được thông qua"
/* The same with sắc on its last word. */
#define SENTENCE_ACUTE "Nghị quyết đã được thông quá"

/* SENTENCE as a member taps it: tones after the vowel ("quyế" + t), after the final
 * consonant ("đươc" + nặng), and a capital with shift once. */
static const char *const sentence_keys[] = {
  "shift", "n", "g", "h", "i", "tone-dot", "space",
  "q", "u", "y", "ê", "tone-acute", "t", "space",
  "đ", "a", "tone-tilde", "space",
  "đ", "ư", "ơ", "c", "tone-dot", "space",
  "t", "h", "ô", "n", "g", "space",
  "q", "u", "a",
  NULL
};

static void
press (PlenumOsk  *osk,
       const char *key)
{
  GtkWidget *button = plenum_osk_get_key (osk, key);

  if (button == NULL)
    g_error ("the keyboard shows no key \"%s\"", key);
  /* On screen, as a member sees it. */
  if (!gtk_widget_get_mapped (button))
    g_error ("the key \"%s\" is not on screen", key);
  plenum_test_press (button);
}

static void
press_all (PlenumOsk         *osk,
           const char *const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    press (osk, keys[i]);
}

static char *
text_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
assert_nfc (const char *text)
{
  g_autofree char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);

  g_assert_cmpstr (text, ==, nfc);
}

static gboolean
space_key_shown (gpointer user_data)
{
  GtkWidget *key = plenum_osk_get_key (user_data, "space");

  return key != NULL && gtk_widget_get_mapped (key) && gtk_widget_get_height (key) > 0;
}

/* Waits until the keyboard has slid in. */
static void
wait_keys_shown (PlenumOsk *osk)
{
  g_assert_true (plenum_test_wait_until (NULL, space_key_shown, osk, WAIT_MS));
  plenum_test_wait_frame (GTK_WIDGET (osk));
}

typedef struct {
  GtkWindow   *window;
  GtkTextView *view;
  GtkWidget   *entry;
  PlenumOsk   *osk;
  GtkWidget   *toggle;
} Fixture;

static void
fixture_set_up (Fixture *f)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 900, 700);
  f->view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_widget_set_size_request (GTK_WIDGET (f->view), -1, 120);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->view));
  f->entry = gtk_entry_new ();
  gtk_box_append (GTK_BOX (box), f->entry);
  f->osk = PLENUM_OSK (plenum_osk_new ());
  f->toggle = plenum_osk_toggle_button_new (f->osk);
  gtk_box_append (GTK_BOX (box), f->toggle);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->osk));
  gtk_window_set_child (f->window, box);
  gtk_window_present (f->window);

  /* Shown with its toggle, as a member does. */
  g_assert_false (plenum_osk_get_revealed (f->osk));
  plenum_test_press (f->toggle);
  g_assert_true (plenum_osk_get_revealed (f->osk));
  plenum_osk_set_layout (f->osk, PLENUM_OSK_LAYOUT_VIETNAMESE);
  wait_keys_shown (f->osk);
}

static void
fixture_tear_down (Fixture *f)
{
  g_object_add_weak_pointer (G_OBJECT (f->osk), (gpointer *) &f->osk);
  gtk_window_destroy (f->window);
  g_assert_null (f->osk);
}

static void
test_place_tone (void)
{
  static const struct { const char *word; PlenumOskTone tone; const char *expected; } cases[] = {
    { "quyêt", PLENUM_OSK_TONE_ACUTE, "quyết" },
    { "đươc", PLENUM_OSK_TONE_DOT, "được" },
    { "đươ", PLENUM_OSK_TONE_DOT, "đượ" },
    { "Nghi", PLENUM_OSK_TONE_DOT, "Nghị" },
    { "Viêt", PLENUM_OSK_TONE_DOT, "Việt" },
    { "cua", PLENUM_OSK_TONE_HOOK, "của" },
    { "hoa", PLENUM_OSK_TONE_GRAVE, "hòa" },
    { "toan", PLENUM_OSK_TONE_ACUTE, "toán" },
    { "tóan", PLENUM_OSK_TONE_ACUTE, "toán" },
    { "ngoai", PLENUM_OSK_TONE_GRAVE, "ngoài" },
    { "ngươi", PLENUM_OSK_TONE_GRAVE, "người" },
    { "mưa", PLENUM_OSK_TONE_HOOK, "mửa" },
    { "gia", PLENUM_OSK_TONE_ACUTE, "giá" },
    { "gi", PLENUM_OSK_TONE_GRAVE, "gì" },
    { "qua", PLENUM_OSK_TONE_ACUTE, "quá" },
    { "huynh", PLENUM_OSK_TONE_GRAVE, "huỳnh" },
    { "TOAN", PLENUM_OSK_TONE_ACUTE, "TOÁN" },
    { "tiếng", PLENUM_OSK_TONE_NONE, "tiêng" },
    { "tiếng", PLENUM_OSK_TONE_TILDE, "tiễng" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *toned = plenum_osk_place_tone (cases[i].word, cases[i].tone);

      g_assert_cmpstr (toned, ==, cases[i].expected);
      assert_nfc (toned);
    }
  g_assert_null (plenum_osk_place_tone ("bcd", PLENUM_OSK_TONE_ACUTE));
  g_assert_null (plenum_osk_place_tone ("", PLENUM_OSK_TONE_ACUTE));
  g_assert_cmpint (plenum_osk_get_tone ("được"), ==, PLENUM_OSK_TONE_DOT);
  g_assert_cmpint (plenum_osk_get_tone ("thông"), ==, PLENUM_OSK_TONE_NONE);
}

/* The sentence by keys alone into a text view; Enter is a new line there; Backspace
 * takes one whole letter. */
static void
test_text_view (void)
{
  g_autofree char *text = NULL;
  Fixture f = { 0 };

  fixture_set_up (&f);
  gtk_widget_grab_focus (GTK_WIDGET (f.view));
  plenum_osk_attach (f.osk, GTK_WIDGET (f.view));
  g_assert_true (plenum_osk_get_target (f.osk) == GTK_WIDGET (f.view));

  press_all (f.osk, sentence_keys);
  text = text_view_text (f.view);
  g_assert_cmpstr (text, ==, SENTENCE);
  assert_nfc (text);
  g_clear_pointer (&text, g_free);

  /* A tone pressed twice is taken off again. */
  press (f.osk, "tone-acute");
  text = text_view_text (f.view);
  g_assert_cmpstr (text, ==, SENTENCE_ACUTE);
  g_clear_pointer (&text, g_free);
  press (f.osk, "tone-acute");
  text = text_view_text (f.view);
  g_assert_cmpstr (text, ==, SENTENCE);
  g_clear_pointer (&text, g_free);

  /* Enter: a new line; then "Việt", and Backspace takes the ệ whole. */
  press_all (f.osk, (const char *const[]) { "enter", "shift", "v", "i", "ê", "t", "tone-dot", NULL });
  text = text_view_text (f.view);
  g_assert_cmpstr (text, ==, SENTENCE "\nViệt");
  g_clear_pointer (&text, g_free);
  press (f.osk, "backspace");
  press (f.osk, "backspace");
  text = text_view_text (f.view);
  g_assert_cmpstr (text, ==, SENTENCE "\nVi");
  g_clear_pointer (&text, g_free);

  /* Even a letter written decomposed (pasted) goes whole. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (f.view), "Nghi\xcc\xa3", -1);
  press (f.osk, "backspace");
  text = text_view_text (f.view);
  g_assert_cmpstr (text, ==, "Ngh");
  fixture_tear_down (&f);
}

/* The same into an entry, where Enter activates it. */
static void
test_entry (void)
{
  guint activated = 0;
  Fixture f = { 0 };

  fixture_set_up (&f);
  gtk_widget_grab_focus (f.entry);
  plenum_osk_attach (f.osk, f.entry);
  g_signal_connect_swapped (f.entry, "activate", G_CALLBACK (count_cb), &activated);

  press_all (f.osk, sentence_keys);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.entry)), ==, SENTENCE);
  assert_nfc (gtk_editable_get_text (GTK_EDITABLE (f.entry)));
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (f.entry)), ==, g_utf8_strlen (SENTENCE, -1));

  press (f.osk, "enter");
  g_assert_cmpuint (activated, ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.entry)), ==, SENTENCE);

  /* "qua" → "qu" → … → "thông ": one letter at a time, "được" loses ợ whole. */
  press (f.osk, "backspace");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.entry)), ==, "Nghị quyết đã được thông qu");
  gtk_editable_set_text (GTK_EDITABLE (f.entry), "được");
  gtk_editable_set_position (GTK_EDITABLE (f.entry), 3);
  press (f.osk, "backspace");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.entry)), ==, "đưc");
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (f.entry)), ==, 2);
  /* Decomposed: the mark goes with its letter. */
  gtk_editable_set_text (GTK_EDITABLE (f.entry), "Nghi\xcc\xa3");
  gtk_editable_set_position (GTK_EDITABLE (f.entry), -1);
  press (f.osk, "backspace");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.entry)), ==, "Ngh");

  /* Typed at the cursor, not at the end. */
  gtk_editable_set_text (GTK_EDITABLE (f.entry), "ac");
  gtk_editable_set_position (GTK_EDITABLE (f.entry), 1);
  press (f.osk, "b");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.entry)), ==, "abc");
  fixture_tear_down (&f);
}

/* Shift once (one capital), twice (locked), three times (off); the keys say it. */
static void
test_shift (void)
{
  Fixture f = { 0 };

  fixture_set_up (&f);
  plenum_osk_set_layout (f.osk, PLENUM_OSK_LAYOUT_ENGLISH);
  plenum_osk_attach (f.osk, f.entry);

  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (plenum_osk_get_key (f.osk, "a"))), ==, "a");
  press (f.osk, "shift");
  g_assert_cmpint (plenum_osk_get_shift (f.osk), ==, PLENUM_OSK_SHIFT_ONCE);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (plenum_osk_get_key (f.osk, "a"))), ==, "A");
  press_all (f.osk, (const char *const[]) { "a", "b", NULL });
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.entry)), ==, "Ab");
  g_assert_cmpint (plenum_osk_get_shift (f.osk), ==, PLENUM_OSK_SHIFT_OFF);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (plenum_osk_get_key (f.osk, "a"))), ==, "a");

  press (f.osk, "shift");
  press (f.osk, "shift");
  g_assert_cmpint (plenum_osk_get_shift (f.osk), ==, PLENUM_OSK_SHIFT_LOCKED);
  press_all (f.osk, (const char *const[]) { "space", "c", "d", NULL });
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.entry)), ==, "Ab CD");
  press (f.osk, "shift");
  g_assert_cmpint (plenum_osk_get_shift (f.osk), ==, PLENUM_OSK_SHIFT_OFF);
  press (f.osk, "e");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.entry)), ==, "Ab CDe");

  /* The numbers page and back; a page with no such key has none. */
  g_assert_null (plenum_osk_get_key (f.osk, "7"));
  press (f.osk, "symbols");
  g_assert_null (plenum_osk_get_key (f.osk, "a"));
  press_all (f.osk, (const char *const[]) { "space", "7", "?", NULL });
  press (f.osk, "letters");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (f.entry)), ==, "Ab CDe 7?");

  /* Hide: the keyboard goes, and the toggle follows. */
  press (f.osk, "hide");
  g_assert_false (plenum_osk_get_revealed (f.osk));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (f.toggle)));
  fixture_tear_down (&f);
}

/* Norwegian: æ ø å, capital Æ with shift; the layout key cycles the layouts. */
static void
test_norwegian (void)
{
  g_autofree char *text = NULL;
  Fixture f = { 0 };

  fixture_set_up (&f);
  plenum_osk_attach (f.osk, GTK_WIDGET (f.view));
  /* Vietnamese → Norwegian with the layout key; no å on the Vietnamese keys. */
  g_assert_null (plenum_osk_get_key (f.osk, "å"));
  press (f.osk, "layout");
  g_assert_cmpint (plenum_osk_get_layout (f.osk), ==, PLENUM_OSK_LAYOUT_NORWEGIAN);
  g_assert_null (plenum_osk_get_key (f.osk, "tone-acute"));

  press_all (f.osk, (const char *const[]) { "shift", "æ", "r", "l", "i", "g", "space",
                                            "b", "l", "å", "b", "æ", "r", "s", "y", "l", "t", "e",
                                            "t", "ø", "y", NULL });
  text = text_view_text (f.view);
  g_assert_cmpstr (text, ==, "Ærlig blåbærsyltetøy");
  assert_nfc (text);

  press (f.osk, "layout");
  g_assert_cmpint (plenum_osk_get_layout (f.osk), ==, PLENUM_OSK_LAYOUT_ENGLISH);
  g_assert_null (plenum_osk_get_key (f.osk, "ø"));
  press (f.osk, "layout");
  g_assert_cmpint (plenum_osk_get_layout (f.osk), ==, PLENUM_OSK_LAYOUT_VIETNAMESE);
  fixture_tear_down (&f);
}

/* Every key is a finger's size. */
static void
test_key_sizes (void)
{
  static const char *const keys[] = { "a", "ư", "tone-dot", "shift", "backspace", "space",
                                      "enter", "hide", "layout", "symbols", NULL };
  Fixture f = { 0 };

  fixture_set_up (&f);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      GtkWidget *key = plenum_osk_get_key (f.osk, keys[i]);

      g_assert_nonnull (key);
      g_assert_cmpint (gtk_widget_get_width (key), >=, 48);
      g_assert_cmpint (gtk_widget_get_height (key), >=, 48);
      g_assert_false (gtk_widget_get_focusable (key));
    }
  g_assert_cmpint (gtk_widget_get_height (f.toggle), >=, 48);
  fixture_tear_down (&f);
}

/* ---- The opinion sheet ---- */

#define ACCOUNT  "aaaaaaaa-0000-4000-8000-00000000000a"
#define MEETING  "00000001-0000-4000-8000-000000000001"
#define ITEM     "00000002-0000-4000-8000-000000000002"
#define BODY     "00000003-0000-4000-8000-000000000003"
#define CHAIR_ID "00000004-0000-4000-8000-000000000004"
#define DOCUMENT "00000005-0000-4000-8000-000000000005"
#define ROUND_ID "00000080-0000-4000-8000-000000000080"

static void
save_meeting (PlenumStore *store)
{
  g_autoptr(GDateTime) starts = plenum_time_parse ("2026-12-01T01:00:00Z");
  g_autoptr(GDateTime) updated = plenum_time_parse ("2026-11-27T18:00:00Z");
  g_autoptr(GListStore) agenda = g_list_store_new (PLENUM_TYPE_AGENDA_ITEM);
  g_autoptr(GListStore) documents = g_list_store_new (PLENUM_TYPE_DOCUMENT);
  g_autoptr(PlenumDocument) document = NULL;
  g_autoptr(PlenumAgendaItem) item = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(cJSON) node = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  document = plenum_document_new (DOCUMENT, "Dự thảo Nghị quyết",
                                  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                                  1000, 3, FALSE, "application/pdf");
  g_list_store_append (documents, document);
  item = plenum_agenda_item_new (ITEM, "1", "Nghị quyết", FALSE, G_LIST_MODEL (documents));
  g_list_store_append (agenda, item);
  meeting = plenum_meeting_new (MEETING, BODY, "Kỳ họp", starts, "Phòng họp số 1", CHAIR_ID,
                                NULL, PLENUM_MEETING_STATUS_SCHEDULED, 1, updated,
                                G_LIST_MODEL (agenda));
  node = plenum_meeting_to_json (meeting);
  json = plenum_json_print (node);

  plenum_store_save_meeting_async (store, ACCOUNT, json, NULL, NULL,
                                   plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  g_assert_true (plenum_store_save_meeting_finish (store, result, &error));
  g_assert_no_error (error);
}

static void
save_open_round (PlenumStore *store)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) deadline = g_date_time_add_days (now, 3);
  g_autofree char *deadline_text = plenum_time_format (deadline);
  g_autofree char *json = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  json = g_strdup_printf ("{\"meeting_id\":\"" MEETING "\",\"rounds\":[{\"id\":\"" ROUND_ID "\","
                          "\"meeting_id\":\"" MEETING "\",\"document_id\":\"" DOCUMENT "\","
                          "\"title\":\"Xin ý kiến vào dự thảo\",\"deadline\":\"%s\","
                          "\"state\":\"open\",\"opened_at\":\"2026-11-01T01:00:00Z\","
                          "\"closed_at\":null,\"answered\":0,\"members\":12,\"mine\":null}]}",
                          deadline_text);
  plenum_store_save_opinion_rounds_async (store, MEETING, json, NULL,
                                          plenum_test_got_result_cb, &result);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_have_result, &result, WAIT_MS));
  g_assert_true (plenum_store_save_opinion_rounds_finish (store, result, &error));
  g_assert_no_error (error);
}

/* The first widget under @root of @type (depth first), or NULL. */
static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
on_opinion_saved_cb (PlenumOpinionSheet *sheet,
                     const char         *operation_id,
                     char              **out)
{
  *out = g_strdup (operation_id);
}

static gboolean
have_string (gpointer user_data)
{
  return *(char **) user_data != NULL;
}

typedef struct {
  PlenumOsk *osk;
  GtkWidget *target;
} AttachWait;

static gboolean
attached_to (gpointer user_data)
{
  AttachWait *wait = user_data;

  return plenum_osk_get_target (wait->osk) == wait->target;
}

static void
test_opinion_sheet (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("osk-opinion");
  PlenumStore *store = plenum_test_open_store (dir, WAIT_MS);
  g_autofree char *operation_id = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  PlenumOpinionStance stance;
  PlenumOpinionSheet *sheet;
  GtkWidget *scrolled, *toggle, *entry;
  GtkWindow *window;
  PlenumOsk *osk;
  GtkTextView *view;
  AttachWait wait;
  gpointer weak_store = store;

  save_meeting (store);
  sheet = PLENUM_OPINION_SHEET (plenum_opinion_sheet_new (store, ACCOUNT, MEETING));
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 900, 800);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (sheet));
  gtk_window_set_child (window, scrolled);
  gtk_window_present (window);
  save_open_round (store);
  g_assert_cmpstr (plenum_opinion_sheet_get_round_ids (sheet)[0], ==, ROUND_ID);

  osk = PLENUM_OSK (find_widget (GTK_WIDGET (sheet), PLENUM_TYPE_OSK));
  g_assert_nonnull (osk);
  view = plenum_opinion_sheet_get_text_view (sheet, ROUND_ID);
  /* Hidden until asked for; then below the text, not over it. */
  g_assert_false (plenum_osk_get_revealed (osk));
  /* The stances are toggle buttons too: the keyboard's sits in the row just above it. */
  toggle = find_widget (gtk_widget_get_prev_sibling (GTK_WIDGET (osk)), GTK_TYPE_TOGGLE_BUTTON);
  g_assert_nonnull (toggle);
  g_assert_true (gtk_widget_get_visible (toggle));
  plenum_test_press (toggle);
  g_assert_true (plenum_osk_get_revealed (osk));
  plenum_osk_set_layout (osk, PLENUM_OSK_LAYOUT_VIETNAMESE);
  wait_keys_shown (osk);
  {
    graphene_rect_t field, keys;

    g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (view), GTK_WIDGET (sheet), &field));
    g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (osk), GTK_WIDGET (sheet), &keys));
    g_assert_cmpfloat (field.origin.y + field.size.height, <=, keys.origin.y);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sheet), "opinion.choose", "(ss)",
                                             ROUND_ID, "agree_with_comments"));
  /* The text: the keyboard types there first. */
  g_assert_true (plenum_osk_get_target (osk) == GTK_WIDGET (view));
  press_all (osk, sentence_keys);

  /* A comment on a page: the sheet puts the focus in its new entry, and the keyboard
   * follows the focus there. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sheet), "opinion.add-comment", "s", ROUND_ID));
  entry = GTK_WIDGET (plenum_opinion_sheet_get_comment_entry (sheet, ROUND_ID, 0));
  wait.osk = osk;
  wait.target = entry;
  g_assert_true (plenum_test_wait_until (NULL, attached_to, &wait, WAIT_MS));
  press_all (osk, (const char *const[]) { "shift", "đ", "ô", "n", "g", "tone-grave", "space", "y",
                                          "tone-acute", NULL });

  g_signal_connect (sheet, "opinion-saved", G_CALLBACK (on_opinion_saved_cb), &operation_id);
  plenum_test_press (GTK_WIDGET (plenum_opinion_sheet_get_send_button (sheet, ROUND_ID)));
  g_assert_true (plenum_test_wait_until (NULL, have_string, &operation_id, WAIT_MS));
  g_assert_true (plenum_store_get_opinion (store, ACCOUNT, ROUND_ID, NULL, &stance, &text,
                                           &comments, NULL, NULL));
  g_assert_cmpint (stance, ==, PLENUM_OPINION_STANCE_AGREE_WITH_COMMENTS);
  g_assert_cmpstr (text, ==, SENTENCE);
  g_assert_cmpuint (comments->len, ==, 1);
  g_assert_cmpstr (((PlenumOpinionComment *) g_ptr_array_index (comments, 0))->text, ==, "Đồng ý");

  g_object_add_weak_pointer (G_OBJECT (store), &weak_store);
  gtk_window_destroy (window);
  g_object_unref (store);
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &weak_store, WAIT_MS));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);
  if (!plenum_test_gui_init (FALSE, &status))
    return status;

  g_test_add_func ("/plenum/osk/place-tone", test_place_tone);
  g_test_add_func ("/plenum/osk/text-view", test_text_view);
  g_test_add_func ("/plenum/osk/entry", test_entry);
  g_test_add_func ("/plenum/osk/shift", test_shift);
  g_test_add_func ("/plenum/osk/norwegian", test_norwegian);
  g_test_add_func ("/plenum/osk/key-sizes", test_key_sizes);
  g_test_add_func ("/plenum/osk/opinion-sheet", test_opinion_sheet);

  return g_test_run ();
}
