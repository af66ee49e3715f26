/* test-packet-editor.c — the committee office's packet editor (issue #8) against a real
 * plenum-server --demo: the secretary signed in with a real store and sync engine, a
 * new meeting with two items built with the editor's actions, a PDF attached through
 * the file chooser's path and one dropped on an item (a GdkFileList through the item's
 * drop target), item 2 marked closed session, published through the real render helper
 * (the check) and blob upload; the server's meeting then has both items and the files'
 * hashes. Then the refusals: no chair, two items with one number, a file that is not a
 * PDF — each a sentence, nothing published, nothing in the draft lost.
 *
 * With PLENUM_SCREENSHOT_DIR set, it saves packet-editor.png there. Runs under Xvfb;
 * without a display it skips, except in CI.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <string.h>

#include "core/plenum-core.h"
#include "core/plenum-hash.h"
#include "gui/plenum-agenda-row.h"
#include "gui/plenum-packet-editor.h"
#include "plenum-test-gui.h"
#include "plenum-test-http.h"
#include "plenum-test-server.h"
#include "plenum-test-sync.h"
#include "plenum-test-util.h"

#define WAIT_MS         PLENUM_TEST_GUI_WAIT_MS
#define SECRETARY_NAME  "ly.thi.hong"
#define SECRETARY_PIN   "999999"

/* The sentences, without a server. */
static void
test_words (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  error = g_error_new (PLENUM_PUBLISH_ERROR, PLENUM_PUBLISH_ERROR_DUPLICATE_ITEM, "x");
  text = plenum_packet_editor_format_error (error, "3", -1);
  g_assert_cmpstr (text, ==, "Two items have the number 3.");
  g_clear_pointer (&text, g_free);
  g_clear_error (&error);

  error = g_error_new (PLENUM_PUBLISH_ERROR, PLENUM_PUBLISH_ERROR_NOT_PDF, "x");
  text = plenum_packet_editor_format_error (error, "report.pdf", -1);
  g_assert_cmpstr (text, ==, "report.pdf is not a PDF that can be opened.");
  g_clear_pointer (&text, g_free);
  g_clear_error (&error);

  error = plenum_http_error_new_full (PLENUM_HTTP_ERROR_CONFLICT, "conflict", 409, -1, "x");
  text = plenum_packet_editor_format_error (error, NULL, 5);
  g_assert_true (g_str_has_prefix (text, "The packet was changed by someone else (now version 5); "
                                         "it has been read again."));
  g_clear_pointer (&text, g_free);
  g_clear_error (&error);

  error = plenum_http_error_new_full (PLENUM_HTTP_ERROR_UNREACHABLE, NULL, 0, -1, "x");
  text = plenum_packet_editor_format_error (error, NULL, -1);
  g_assert_cmpstr (text, ==, "The server could not be reached; nothing was published. Try again.");
}

static gboolean
not_loading (gpointer editor)
{
  return !plenum_packet_editor_get_loading (PLENUM_PACKET_EDITOR (editor));
}

/* Done: every publication ends in a sentence (success or refusal). */
static gboolean
has_result (gpointer editor)
{
  PlenumPublisher *publisher = plenum_packet_editor_get_publisher (PLENUM_PACKET_EDITOR (editor));
  const char *text = plenum_packet_editor_get_status_text (PLENUM_PACKET_EDITOR (editor));

  return !plenum_publisher_get_busy (publisher) && text[0] != '\0' &&
         plenum_publisher_get_stage (publisher) == PLENUM_PUBLISH_STAGE_IDLE &&
         !g_str_has_suffix (text, "…");
}

static void
publish (PlenumPacketEditor *editor)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.publish", NULL));
  g_assert_true (plenum_test_wait_until (NULL, has_result, editor, WAIT_MS));
}

/* Writes @bytes to @dir/@name; returns the path. */
static char *
write_file (const char *dir,
            const char *name,
            GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
  return path;
}

static cJSON *
server_meeting (const char *url,
                const char *token,
                const char *meeting_id,
                guint       status)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/meetings/%s", meeting_id);
  g_autoptr(PlenumTestReply) reply = plenum_test_request (plenum_test_session (), url, "GET",
                                                          path, token, NULL);

  plenum_test_assert_status (reply, status);
  if (reply->json == NULL)
    return NULL;
  return cJSON_Duplicate (reply->json, TRUE);
}

static void
test_publish (void)
{
  g_autofree char *dir = plenum_test_mkdtemp ("packet-editor");
  g_autofree char *files = plenum_test_mkdtemp ("packet-editor-files");
  const char * const args[] = { "--demo", NULL };
  g_autoptr(PlenumTestServer) server = plenum_test_server_start (NULL, args);
  const char *url = plenum_test_server_get_url (server);
  g_autoptr(GBytes) pdf_a = plenum_test_make_pdf ("editor-agenda", 20000);
  g_autoptr(GBytes) pdf_b = plenum_test_make_pdf ("editor-closed", 0);
  g_autoptr(GBytes) not_pdf = g_bytes_new_static ("minutes, not a PDF\n", 19);
  g_autofree char *path_a = write_file (files, "agenda.pdf", pdf_a);
  g_autofree char *path_b = write_file (files, "closed.pdf", pdf_b);
  g_autofree char *path_bad = write_file (files, "report.pdf", not_pdf);
  g_autofree char *sha_a = plenum_sha256_hex (g_bytes_get_data (pdf_a, NULL), g_bytes_get_size (pdf_a));
  g_autofree char *sha_b = plenum_sha256_hex (g_bytes_get_data (pdf_b, NULL), g_bytes_get_size (pdf_b));
  g_autofree char *terminal_id = plenum_uuid_new ();
  g_autofree char *token = NULL;
  g_autofree char *meeting_id = NULL;
  g_autoptr(GFile) file_a = g_file_new_for_path (path_a);
  g_autoptr(GFile) file_b = g_file_new_for_path (path_b);
  g_autoptr(GFile) file_bad = g_file_new_for_path (path_bad);
  g_autoptr(cJSON) meeting = NULL;
  PlenumRenderClient *render;
  PlenumStore *store;
  PlenumSyncEngine *engine;
  PlenumPacketEditor *editor;
  const PlenumPacketDraft *draft;
  const cJSON *agenda, *item, *documents;
  GtkDropTarget *target;
  GtkWidget *window;
  GValue value = G_VALUE_INIT;
  GSList *dropped;
  gboolean accepted = FALSE;
  gpointer weak;

  token = plenum_test_sign_in (plenum_test_session (), url, SECRETARY_NAME, SECRETARY_PIN,
                               terminal_id, NULL);
  store = plenum_test_open_store (dir, WAIT_MS);
  engine = plenum_test_engine_new (store, url);
  plenum_test_engine_sign_in_ok (engine, SECRETARY_NAME, SECRETARY_PIN, WAIT_MS);
  render = plenum_render_client_new (NULL);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 900);
  editor = PLENUM_PACKET_EDITOR (plenum_packet_editor_new (engine, render, NULL));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (editor));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_nonnull (plenum_packet_editor_get_publisher (editor));
  plenum_publisher_set_retries (plenum_packet_editor_get_publisher (editor), 2, 10);
  g_assert_true (plenum_test_wait_until (NULL, not_loading, editor, WAIT_MS));
  g_assert_cmpstr (plenum_packet_editor_get_status_text (editor), ==, "");
  draft = plenum_packet_editor_get_draft (editor);
  meeting_id = g_strdup (draft->meeting_id);
  g_assert_true (plenum_is_uuid (meeting_id));
  /* The demo has bodies: the first is chosen for a new meeting, the chair is not. */
  g_assert_nonnull (draft->body_id);
  g_assert_null (draft->chair_id);

  /* Two items, by the buttons' action; numbered 1 and 2. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-item", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add-item", NULL));
  g_assert_cmpuint (draft->items->len, ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (plenum_packet_editor_get_item_entry (editor, 1, TRUE)),
                   ==, "2");
  gtk_editable_set_text (plenum_packet_editor_get_title_entry (editor), "Phiên họp thử");
  gtk_editable_set_text (plenum_packet_editor_get_item_entry (editor, 0, FALSE), "Budget");
  gtk_editable_set_text (plenum_packet_editor_get_item_entry (editor, 1, FALSE), "Personnel");

  /* Without a chair: a sentence, nothing sent. */
  publish (editor);
  g_assert_cmpstr (plenum_packet_editor_get_status_text (editor), ==,
                   "Choose who chairs the meeting.");
  adw_combo_row_set_selected (plenum_packet_editor_get_chair_row (editor), 0);
  draft = plenum_packet_editor_get_draft (editor);
  g_assert_nonnull (draft->chair_id);

  /* Item 1: the file chooser's answer; item 2: a drop of a file list. */
  g_assert_true (plenum_packet_editor_attach_file (editor, 0, file_a));
  target = plenum_packet_editor_get_drop_target (editor, 1);
  g_assert_nonnull (target);
  dropped = g_slist_prepend (NULL, file_b);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (dropped));
  g_slist_free (dropped);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  draft = plenum_packet_editor_get_draft (editor);
  g_assert_cmpuint (((PlenumDraftItem *) g_ptr_array_index (draft->items, 0))->documents->len, ==, 1);
  g_assert_cmpuint (((PlenumDraftItem *) g_ptr_array_index (draft->items, 1))->documents->len, ==, 1);
  gtk_switch_set_active (plenum_packet_editor_get_closed_switch (editor, 1), TRUE);
  g_assert_true (((PlenumDraftItem *) g_ptr_array_index (draft->items, 1))->closed_session);

  /* The preview shows the draft with the meeting page's rows. */
  {
    GtkToggleButton *preview = plenum_packet_editor_get_preview_button (editor);
    GtkListBox *agenda_list = plenum_packet_editor_get_preview_agenda (editor);
    GtkListBoxRow *row;

    gtk_toggle_button_set_active (preview, TRUE);
    row = gtk_list_box_get_row_at_index (agenda_list, 1);
    g_assert_true (PLENUM_IS_AGENDA_ROW (row));
    g_assert_null (gtk_list_box_get_row_at_index (agenda_list, 2));
    g_assert_cmpstr (plenum_agenda_item_get_title (plenum_agenda_row_get_item (PLENUM_AGENDA_ROW (row))),
                     ==, "Personnel");
    g_assert_true (plenum_agenda_item_get_closed_session (plenum_agenda_row_get_item (PLENUM_AGENDA_ROW (row))));
    gtk_toggle_button_set_active (preview, FALSE);
  }

  publish (editor);
  g_assert_cmpstr (plenum_packet_editor_get_status_text (editor), ==,
                   "Published: version 1, sent to every terminal.");
  g_assert_cmpuint (plenum_publisher_get_n_uploaded (plenum_packet_editor_get_publisher (editor)), ==, 2);
  plenum_test_wait_frame (window);
  plenum_test_save_widget_screenshot (window, "packet-editor.png");

  meeting = server_meeting (url, token, meeting_id, 200);
  g_assert_cmpint (plenum_test_json_get_int (meeting, "packet_version"), ==, 1);
  g_assert_cmpstr (plenum_test_json_get_string (meeting, "title"), ==, "Phiên họp thử");
  agenda = cJSON_GetObjectItemCaseSensitive (meeting, "agenda");
  g_assert_cmpint (cJSON_GetArraySize (agenda), ==, 2);
  item = cJSON_GetArrayItem (agenda, 0);
  g_assert_cmpstr (plenum_test_json_get_string (item, "number"), ==, "1");
  g_assert_cmpstr (plenum_test_json_get_string (item, "title"), ==, "Budget");
  g_assert_false (plenum_test_json_get_bool (item, "closed_session"));
  documents = cJSON_GetObjectItemCaseSensitive (item, "documents");
  g_assert_cmpint (cJSON_GetArraySize (documents), ==, 1);
  g_assert_cmpstr (plenum_test_json_get_string (cJSON_GetArrayItem (documents, 0), "sha256"), ==, sha_a);
  g_assert_cmpstr (plenum_test_json_get_string (cJSON_GetArrayItem (documents, 0), "title"), ==, "agenda");
  item = cJSON_GetArrayItem (agenda, 1);
  g_assert_cmpstr (plenum_test_json_get_string (item, "number"), ==, "2");
  g_assert_true (plenum_test_json_get_bool (item, "closed_session"));
  documents = cJSON_GetObjectItemCaseSensitive (item, "documents");
  g_assert_cmpint (cJSON_GetArraySize (documents), ==, 1);
  g_assert_cmpstr (plenum_test_json_get_string (cJSON_GetArrayItem (documents, 0), "sha256"), ==, sha_b);
  g_clear_pointer (&meeting, cJSON_Delete);

  /* The draft now builds on version 1 and knows the files' hashes. */
  draft = plenum_packet_editor_get_draft (editor);
  g_assert_cmpint (draft->base_packet_version, ==, 1);

  /* A file that is not a PDF: named in the sentence, nothing published, kept in the
   * draft. */
  g_assert_true (plenum_packet_editor_attach_file (editor, 0, file_bad));
  publish (editor);
  g_assert_cmpstr (plenum_packet_editor_get_status_text (editor), ==,
                   "report.pdf is not a PDF that can be opened.");
  draft = plenum_packet_editor_get_draft (editor);
  g_assert_cmpuint (((PlenumDraftItem *) g_ptr_array_index (draft->items, 0))->documents->len, ==, 2);
  meeting = server_meeting (url, token, meeting_id, 200);
  g_assert_cmpint (plenum_test_json_get_int (meeting, "packet_version"), ==, 1);
  g_clear_pointer (&meeting, cJSON_Delete);

  /* Two items with one number: a sentence, nothing published. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.remove-document",
                                             "(uu)", 0, 1));
  gtk_editable_set_text (plenum_packet_editor_get_item_entry (editor, 1, TRUE), "1");
  publish (editor);
  g_assert_cmpstr (plenum_packet_editor_get_status_text (editor), ==,
                   "Two items have the number 1.");
  gtk_editable_set_text (plenum_packet_editor_get_item_entry (editor, 1, TRUE), "2");

  /* Moved down, item 1 becomes the second; published again as version 2 with nothing
   * to upload. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.move-down", "u", 0));
  publish (editor);
  g_assert_cmpstr (plenum_packet_editor_get_status_text (editor), ==,
                   "Published: version 2, sent to every terminal.");
  g_assert_cmpuint (plenum_publisher_get_n_uploaded (plenum_packet_editor_get_publisher (editor)), ==, 0);
  meeting = server_meeting (url, token, meeting_id, 200);
  agenda = cJSON_GetObjectItemCaseSensitive (meeting, "agenda");
  g_assert_cmpstr (plenum_test_json_get_string (cJSON_GetArrayItem (agenda, 0), "number"), ==, "2");
  g_assert_cmpstr (plenum_test_json_get_string (cJSON_GetArrayItem (agenda, 1), "number"), ==, "1");

  /* Nothing keeps the editor alive once let go. */
  weak = editor;
  g_object_add_weak_pointer (G_OBJECT (editor), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (plenum_test_wait_until (NULL, plenum_test_pointer_is_null, &weak, WAIT_MS));
  g_object_unref (render);
  plenum_test_engine_close (engine, store, NULL, WAIT_MS);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  plenum_test_init (&argc, &argv);
  if (!plenum_test_gui_init (FALSE, &status))
    return status;

  g_test_add_func ("/plenum/packet-editor/words", test_words);
  g_test_add_func ("/plenum/packet-editor/publish", test_publish);

  return plenum_test_sync_run ();
}
