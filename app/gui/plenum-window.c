/* plenum-window.c — the client's main window and its navigation between pages. See
 * plenum-window.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-window"

#include <string.h>

#include <glib/gi18n.h>

#include "sync/plenum-chair.h"
#include "plenum-document-page.h"
#include "plenum-error-text.h"
#include "plenum-follow-banner.h"
#include "plenum-meeting-list-page.h"
#include "plenum-meeting-page.h"
#include "plenum-packet-editor.h"
#include "plenum-resources.h"
#include "plenum-pin-pad.h"
#include "plenum-sign-in-page.h"
#include "plenum-terminal-config.h"
#include "plenum-window.h"

/* Everything here belongs to the main thread (GTK's). */
struct _PlenumWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkSpinner           *starting_spinner;
  GtkLabel             *server_label;
  AdwStatusPage        *failed_status;
  PlenumSignInPage     *sign_in_page;
  PlenumMeetingListPage *meeting_list_page;

  /* pages open for the signed-in member (children of the stack), or NULL */
  GtkWidget            *meeting_page;
  GtkWidget            *document_page;
  char                 *document_id;      /* the PlenumDocument the document page shows */
  char                 *document_item_id; /* the agenda item it was opened from */

  /* Following the chair (issue #7). While a meeting is in progress the window goes
   * where its chair goes, unless the member browses freely: then the banner says where
   * the chair is. The chair's own terminal follows its own moves and never browses. */
  PlenumFollowBanner   *follow_banner;    /* above the stack */
  gboolean              browsing;
  PlenumPosition       *target;           /* the chair's position as the window last
                                           * took it in: what the member's own moves are
                                           * compared with (the store may already hold a
                                           * newer one whose signal is still to come) */
  guint                 moving;           /* > 0 while the window itself navigates: the
                                           * pages' notifications are not the member's */

  PlenumSyncEngine     *engine;
  PlenumRenderClient   *render_client;
  PlenumRenderQueue    *render_queue;   /* pages of every document, one texture cache */
  char                 *server_url;
  gboolean              kiosk;
  AdwToast             *last_toast;     /* weak: cleared when dismissed or finalized */
  char                 *last_toast_text;

  /* Kiosk (issue #9). The administrator's page ("admin" in the stack, built here): the
   * PIN pad, checked against admin_pin_hash on a worker thread, then Quit. */
  char                 *admin_pin_hash;
  GtkWidget            *admin_page;
  PlenumPinPad         *admin_pin_pad;
  GtkLabel             *admin_error_label;
  GtkWidget            *admin_quit_button;
  GCancellable         *admin_cancellable; /* the check under way, or NULL */
  gboolean              admin_verified;
  gboolean              quitting;         /* the administrator quit: closing is allowed */

  /* Idle: every input event (captured before any widget sees it) moves last_input;
   * idle_source fires at the earliest moment the window can have been idle for
   * idle_timeout_ms, and checks. */
  guint                 idle_timeout_ms;  /* 0: never */
  guint                 idle_source;
  gint64                last_input;       /* monotonic µs */

  /* Screen blanking is inhibited while a meeting of the signed-in member is in
   * progress. inhibit_cookie is 0 when the session refused (or there is no
   * application): idle_inhibited still says that the window asked. */
  gboolean              idle_inhibited;
  guint                 inhibit_cookie;
};

G_DEFINE_FINAL_TYPE (PlenumWindow, plenum_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SERVER_URL,
  PROP_KIOSK,
  N_PROPS
};

enum {
  SIGNAL_QUIT_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_server_label (PlenumWindow *self)
{
  g_autofree char *text = NULL;

  if (self->server_url != NULL && self->server_url[0] != '\0')
    /* Translators: %s is the address of the committee office server. */
    text = g_strdup_printf (_("Server: %s"), self->server_url);
  else
    text = g_strdup (_("No server is configured for this terminal."));

  gtk_label_set_text (self->server_label, text);
}

static void
update_actions (PlenumWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean signed_in = self->engine != NULL && plenum_sync_engine_get_account (self->engine) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.back",
                                 g_strcmp0 (page, "meeting") == 0 || g_strcmp0 (page, "document") == 0 ||
                                 g_strcmp0 (page, "editor") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.sign-out", signed_in);
  /* The administrator's way out, from the sign-in page only: never over a member's
   * papers. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.admin",
                                 self->kiosk && g_strcmp0 (page, "sign-in") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.admin-quit",
                                 self->kiosk && self->admin_verified && g_strcmp0 (page, "admin") == 0);
}

static void update_follow_banner (PlenumWindow *self);
static void reset_admin (PlenumWindow *self);
static void update_inhibit (PlenumWindow *self);

static void
page_changed_cb (PlenumWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  gtk_spinner_set_spinning (self->starting_spinner, g_strcmp0 (page, "starting") == 0);
  update_actions (self);
  if (self->follow_banner != NULL)
    update_follow_banner (self);
}

static void
close_document (PlenumWindow *self)
{
  if (self->document_page == NULL)
    return;
  gtk_stack_remove (self->stack, self->document_page);
  self->document_page = NULL;
  g_clear_pointer (&self->document_id, g_free);
  g_clear_pointer (&self->document_item_id, g_free);
}

static void
close_meeting (PlenumWindow *self)
{
  close_document (self);
  if (self->meeting_page == NULL)
    return;
  gtk_stack_remove (self->stack, self->meeting_page);
  self->meeting_page = NULL;
}

static void
show_page (PlenumWindow *self,
           const char   *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  update_actions (self);
}

/* The other documents of the meeting that are on this terminal, for the split view. */
static void
set_companions (PlenumWindow   *self,
                PlenumDocument *document)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PlenumMeeting) meeting = NULL;
  GListModel *agenda;

  if (self->meeting_page != NULL)
    meeting = plenum_sync_engine_get_meeting (self->engine,
                                              plenum_meeting_page_get_meeting_id (PLENUM_MEETING_PAGE (self->meeting_page)));
  agenda = meeting != NULL ? plenum_meeting_get_agenda (meeting) : NULL;
  for (guint i = 0; agenda != NULL && i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      GListModel *documents = plenum_agenda_item_get_documents (item);

      for (guint d = 0; d < g_list_model_get_n_items (documents); d++)
        {
          g_autoptr(PlenumDocument) other = g_list_model_get_item (documents, d);
          char *path;

          if (g_str_equal (plenum_document_get_sha256 (other), plenum_document_get_sha256 (document)))
            continue;
          path = plenum_sync_engine_get_document_path (self->engine, plenum_document_get_sha256 (other));
          if (path == NULL)
            continue;
          g_ptr_array_add (titles, g_strdup (plenum_document_get_title (other)));
          g_ptr_array_add (paths, path);
        }
    }
  g_ptr_array_add (titles, NULL);
  g_ptr_array_add (paths, NULL);
  plenum_document_page_set_companions (PLENUM_DOCUMENT_PAGE (self->document_page),
                                       (const char * const *) titles->pdata,
                                       (const char * const *) paths->pdata);
}

static void check_browsing (PlenumWindow *self);

/* The meeting the meeting page shows, from the store (a new reference), or NULL. */
static PlenumMeeting *
shown_meeting (PlenumWindow *self)
{
  if (self->engine == NULL || self->meeting_page == NULL)
    return NULL;
  return plenum_sync_engine_get_meeting (self->engine,
                                         plenum_meeting_page_get_meeting_id (PLENUM_MEETING_PAGE (self->meeting_page)));
}

/* TRUE (after saying why) when @document may not be opened now: confidential, and this
 * terminal has not reached the server for longer than its body's lease (issue #8). The
 * check is made at every opening, against the clock. */
static gboolean
refuse_locked (PlenumWindow   *self,
               PlenumDocument *document)
{
  g_autoptr(PlenumMeeting) meeting = shown_meeting (self);
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  if (meeting == NULL ||
      !plenum_sync_engine_get_document_locked (self->engine, meeting, document, &since))
    return FALSE;
  local = g_date_time_to_local (since);
  /* Translators: a date and time, as in "27/11 18:00". */
  when = g_date_time_format (local, _("%d/%m %H:%M"));
  /* Translators: %s is a date and time. */
  text = g_strdup_printf (_("Locked: this terminal has not reached the server since %s. Connect to the network to read this confidential document."),
                          when);
  plenum_window_add_toast (self, text);
  return TRUE;
}

/* Opens @document of agenda item @item_id (NULL: unknown) on the document page. */
static void
open_document (PlenumWindow   *self,
               PlenumDocument *document,
               const char     *item_id)
{
  g_autofree char *path = NULL;
  const char *meeting_id;

  if (self->engine == NULL || self->render_client == NULL)
    return;
  if (refuse_locked (self, document))
    return;

  close_document (self);

  /* NULL when it is not verified (any more): the page says so. */
  path = plenum_sync_engine_get_document_path (self->engine, plenum_document_get_sha256 (document));
  /* A packet may carry the password of a protected PDF: then the page opens it with
   * that, and asks only if it is wrong. */
  self->document_page = plenum_document_page_new_with_password (self->render_queue, path,
                                                                plenum_document_get_title (document),
                                                                plenum_document_get_password (document));
  set_companions (self, document);
  /* A signed-in member marks up what they read (a confidential document too: only
   * taking a copy away is refused). */
  if (self->meeting_page != NULL && plenum_sync_engine_get_account (self->engine) != NULL)
    plenum_document_page_set_annotation_context (PLENUM_DOCUMENT_PAGE (self->document_page), self->engine,
                                                 plenum_meeting_page_get_meeting_id (PLENUM_MEETING_PAGE (self->meeting_page)),
                                                 document);
  if (plenum_document_get_confidential (document))
    {
      /* Confidential: whose screen it is, and when, over every page. */
      PlenumMember *account = plenum_sync_engine_get_account (self->engine);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *when = g_date_time_format (now, "%d/%m/%Y %H:%M");
      g_autofree char *text = g_strdup_printf ("%s · %s",
                                               account != NULL ? plenum_member_get_display_name (account) : "",
                                               when);

      plenum_document_page_set_watermark (PLENUM_DOCUMENT_PAGE (self->document_page), text);
    }
  self->document_id = g_strdup (plenum_document_get_id (document));
  self->document_item_id = g_strdup (item_id);
  meeting_id = self->meeting_page != NULL
                 ? plenum_meeting_page_get_meeting_id (PLENUM_MEETING_PAGE (self->meeting_page)) : NULL;
  /* The chair shows everyone the page they read. */
  if (meeting_id != NULL && item_id != NULL &&
      plenum_sync_engine_get_account (self->engine) != NULL &&
      plenum_sync_engine_is_chair (self->engine, meeting_id))
    {
      g_autoptr(PlenumChair) chair = plenum_chair_new (self->engine, meeting_id);

      plenum_document_page_set_chair (PLENUM_DOCUMENT_PAGE (self->document_page), chair, item_id,
                                      plenum_document_get_id (document));
    }
  /* A page the member turns to may leave the chair's. */
  g_signal_connect_object (self->document_page, "notify::page", G_CALLBACK (check_browsing), self,
                           G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, self->document_page, "document");
  show_page (self, "document");
}

/* Opens the earlier version @sha256 of a document of the shown meeting (a document row's
 * "Earlier version" button): read only, under a "Superseded" banner; the member's marks
 * and the chair's moves stay with the current version. */
static void
open_superseded_action_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PlenumWindow *self = PLENUM_WINDOW (widget);
  const char *sha256 = g_variant_get_string (parameter, NULL);
  g_autoptr(PlenumMeeting) meeting = shown_meeting (self);
  g_autoptr(PlenumDocument) found = NULL;
  const PlenumDocumentVersion *version = NULL;
  g_autofree char *path = NULL;
  GListModel *agenda;

  agenda = meeting != NULL ? plenum_meeting_get_agenda (meeting) : NULL;
  for (guint i = 0; agenda != NULL && found == NULL && i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);
      GListModel *documents = plenum_agenda_item_get_documents (item);

      for (guint d = 0; found == NULL && d < g_list_model_get_n_items (documents); d++)
        {
          g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, d);

          version = plenum_document_find_superseded (document, sha256);
          if (version != NULL)
            found = g_steal_pointer (&document);
        }
    }
  if (found == NULL || self->render_client == NULL)
    return;
  if (refuse_locked (self, found))
    return;
  path = plenum_sync_engine_get_document_path (self->engine, sha256);
  if (path == NULL)
    {
      plenum_window_add_toast (self, plenum_error_text_not_verified ());
      return;
    }

  close_document (self);
  self->document_page = plenum_document_page_new_with_password (self->render_queue, path,
                                                                plenum_document_get_title (found),
                                                                plenum_document_version_get_password (version));
  g_object_set (self->document_page,
                "superseded-at", plenum_document_version_get_superseded_at (version),
                NULL);
  if (plenum_document_get_confidential (found))
    {
      PlenumMember *account = plenum_sync_engine_get_account (self->engine);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *when = g_date_time_format (now, "%d/%m/%Y %H:%M");
      g_autofree char *text = g_strdup_printf ("%s · %s",
                                               account != NULL ? plenum_member_get_display_name (account) : "",
                                               when);

      plenum_document_page_set_watermark (PLENUM_DOCUMENT_PAGE (self->document_page), text);
    }
  self->document_id = g_strdup (plenum_document_get_id (found));
  gtk_stack_add_named (self->stack, self->document_page, "document");
  show_page (self, "document");
  self->browsing = TRUE;
}

/* The member opened a document from the meeting page. */
static void
document_activated_cb (PlenumWindow   *self,
                       PlenumDocument *document)
{
  const char *item_id = NULL;

  if (self->meeting_page != NULL)
    item_id = plenum_meeting_page_get_selected_item_id (PLENUM_MEETING_PAGE (self->meeting_page));
  open_document (self, document, item_id);
  check_browsing (self);
}

static void
open_meeting (PlenumWindow *self,
              const char   *meeting_id)
{
  if (self->engine == NULL)
    return;

  close_meeting (self);

  self->meeting_page = plenum_meeting_page_new (self->engine, meeting_id);
  g_signal_connect_swapped (self->meeting_page, "document-activated",
                            G_CALLBACK (document_activated_cb), self);
  /* Another item chosen may leave the chair's. */
  g_signal_connect_object (self->meeting_page, "notify::selected-item-id",
                           G_CALLBACK (check_browsing), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, self->meeting_page, "meeting");
  show_page (self, "meeting");
}

/* The member tapped a meeting in the list. */
static void
meeting_activated_cb (PlenumWindow *self,
                      const char   *meeting_id)
{
  open_meeting (self, meeting_id);
  check_browsing (self);
}

/* Following the chair */

/* The meeting whose chair the terminal follows: the open one when it is in progress,
 * else the first in progress of the member's meetings, or NULL. */
static char *
live_meeting_id (PlenumWindow *self)
{
  GListModel *meetings;

  if (self->engine == NULL || plenum_sync_engine_get_account (self->engine) == NULL)
    return NULL;
  if (self->meeting_page != NULL)
    {
      PlenumMeeting *open = plenum_meeting_page_get_meeting (PLENUM_MEETING_PAGE (self->meeting_page));

      if (plenum_meeting_page_is_in_progress (self->engine, open))
        return g_strdup (plenum_meeting_get_id (open));
    }
  /* The list's meetings carry their status (without the agenda: no store read). */
  meetings = plenum_sync_engine_get_meetings (self->engine);
  for (guint i = 0; i < g_list_model_get_n_items (meetings); i++)
    {
      g_autoptr(PlenumMeeting) meeting = g_list_model_get_item (meetings, i);

      if (plenum_meeting_page_is_in_progress (self->engine, meeting))
        return g_strdup (plenum_meeting_get_id (meeting));
    }
  return NULL;
}

static PlenumAgendaItem *
find_agenda_item (PlenumMeeting *meeting,
                  const char    *item_id)
{
  GListModel *agenda = meeting != NULL ? plenum_meeting_get_agenda (meeting) : NULL;

  for (guint i = 0; agenda != NULL && item_id != NULL && i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);

      if (g_strcmp0 (plenum_agenda_item_get_id (item), item_id) == 0)
        return g_steal_pointer (&item);
    }
  return NULL;
}

static PlenumDocument *
find_item_document (PlenumAgendaItem *item,
                    const char       *document_id)
{
  GListModel *documents = item != NULL ? plenum_agenda_item_get_documents (item) : NULL;

  for (guint i = 0; documents != NULL && document_id != NULL && i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, i);

      if (g_strcmp0 (plenum_document_get_id (document), document_id) == 0)
        return g_steal_pointer (&document);
    }
  return NULL;
}

/* Whether the window shows what the chair shows in @meeting_id. */
static gboolean
shows_chair_position (PlenumWindow   *self,
                      const char     *meeting_id,
                      PlenumPosition *position)
{
  const char *item_id = plenum_position_get_item_id (position);
  const char *document_id = plenum_position_get_document_id (position);
  gint page = plenum_position_get_page (position);
  PlenumDocumentPage *document_page;

  if (self->meeting_page == NULL ||
      g_strcmp0 (plenum_meeting_page_get_meeting_id (PLENUM_MEETING_PAGE (self->meeting_page)), meeting_id) != 0)
    return FALSE;
  if (item_id == NULL)
    return TRUE;   /* the chair has not moved yet: anything of the meeting is fine */

  if (self->document_page == NULL)
    return document_id == NULL &&
           g_strcmp0 (plenum_meeting_page_get_selected_item_id (PLENUM_MEETING_PAGE (self->meeting_page)),
                      item_id) == 0;

  /* The chair on an item without a document: reading one of its documents is still
   * being with the chair. */
  if (document_id == NULL)
    return g_strcmp0 (self->document_item_id, item_id) == 0;
  if (g_strcmp0 (self->document_id, document_id) != 0)
    return FALSE;
  document_page = PLENUM_DOCUMENT_PAGE (self->document_page);
  /* While it opens, it is turning to the chair's page. */
  return page < 0 || plenum_document_page_get_state (document_page) != PLENUM_DOCUMENT_PAGE_READY ||
         plenum_document_page_get_page (document_page) == (guint) page;
}

static void
update_follow_banner (PlenumWindow *self)
{
  g_autofree char *meeting_id = live_meeting_id (self);
  g_autoptr(PlenumPosition) position = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(PlenumAgendaItem) item = NULL;
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean show;

  if (meeting_id != NULL)
    position = plenum_sync_engine_get_position (self->engine, meeting_id);
  show = self->browsing && position != NULL && plenum_position_get_item_id (position) != NULL &&
         !plenum_sync_engine_is_chair (self->engine, meeting_id) &&
         (g_strcmp0 (page, "meetings") == 0 || g_strcmp0 (page, "meeting") == 0 ||
          g_strcmp0 (page, "document") == 0);
  if (show)
    {
      meeting = plenum_sync_engine_get_meeting (self->engine, meeting_id);
      item = find_agenda_item (meeting, plenum_position_get_item_id (position));
      /* An item the agenda on this terminal does not have yet has no number to say. */
      plenum_follow_banner_set_chair (self->follow_banner,
                                      item != NULL ? plenum_agenda_item_get_number (item) : "?",
                                      item != NULL ? plenum_agenda_item_get_title (item) : "",
                                      plenum_position_get_document_id (position) != NULL
                                        ? plenum_position_get_page (position) : -1);
    }
  plenum_follow_banner_set_revealed (self->follow_banner, show);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.back-to-chair", show);
}

/* After the member moved by themselves: browsing freely unless they are (back) where
 * the chair is. */
static void
check_browsing (PlenumWindow *self)
{
  g_autofree char *meeting_id = NULL;
  g_autoptr(PlenumPosition) position = NULL;

  if (self->moving > 0)
    return;
  meeting_id = live_meeting_id (self);
  if (meeting_id != NULL && self->target != NULL &&
      g_strcmp0 (plenum_position_get_meeting_id (self->target), meeting_id) == 0)
    position = g_object_ref (self->target);
  else if (meeting_id != NULL)
    position = plenum_sync_engine_get_position (self->engine, meeting_id);
  if (position == NULL || plenum_position_get_item_id (position) == NULL ||
      plenum_sync_engine_is_chair (self->engine, meeting_id))
    self->browsing = FALSE;
  else
    self->browsing = !shows_chair_position (self, meeting_id, position);
  update_follow_banner (self);
}

/* Goes where the chair is: the meeting, the item, and the document at the chair's
 * page (once it is on this terminal). */
static void
go_to_chair (PlenumWindow *self)
{
  g_autofree char *meeting_id = live_meeting_id (self);
  g_autoptr(PlenumPosition) position = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(PlenumAgendaItem) item = NULL;
  g_autoptr(PlenumDocument) document = NULL;
  const char *item_id;
  gint page;

  self->browsing = FALSE;
  if (meeting_id != NULL)
    position = plenum_sync_engine_get_position (self->engine, meeting_id);
  g_set_object (&self->target, position);
  if (meeting_id == NULL || self->render_client == NULL || position == NULL ||
      (item_id = plenum_position_get_item_id (position)) == NULL)
    {
      update_follow_banner (self);
      return;
    }

  self->moving++;
  if (self->meeting_page == NULL ||
      g_strcmp0 (plenum_meeting_page_get_meeting_id (PLENUM_MEETING_PAGE (self->meeting_page)), meeting_id) != 0)
    open_meeting (self, meeting_id);
  plenum_meeting_page_show_item (PLENUM_MEETING_PAGE (self->meeting_page), item_id);

  meeting = plenum_sync_engine_get_meeting (self->engine, meeting_id);
  item = find_agenda_item (meeting, item_id);
  document = find_item_document (item, plenum_position_get_document_id (position));
  page = plenum_position_get_page (position);
  if (document != NULL &&
      plenum_sync_engine_get_document_state (self->engine, plenum_document_get_sha256 (document),
                                             NULL, NULL) == PLENUM_DOCUMENT_STATE_VERIFIED)
    {
      if (self->document_page == NULL ||
          g_strcmp0 (self->document_id, plenum_document_get_id (document)) != 0)
        open_document (self, document, item_id);
      else
        show_page (self, "document");
      if (page >= 0)
        plenum_document_page_set_page (PLENUM_DOCUMENT_PAGE (self->document_page), (guint) page);
    }
  else if (self->document_page != NULL)
    {
      /* No document, or one not on this terminal yet (its row on the meeting page shows
       * it downloading; the window opens it once verified): the item. */
      show_page (self, "meeting");
      close_document (self);
    }
  else
    show_page (self, "meeting");
  self->moving--;
  update_follow_banner (self);
}

static void
position_changed_cb (PlenumSyncEngine *engine,
                     const char       *meeting_id,
                     PlenumWindow     *self)
{
  g_autofree char *live = live_meeting_id (self);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (live, meeting_id) != 0 ||
      (g_strcmp0 (page, "meetings") != 0 && g_strcmp0 (page, "meeting") != 0 &&
       g_strcmp0 (page, "document") != 0))
    {
      update_follow_banner (self);
      return;
    }
  if (self->browsing)
    {
      /* The chair may have come to where the member is. */
      g_autoptr(PlenumPosition) position = plenum_sync_engine_get_position (engine, meeting_id);

      g_set_object (&self->target, position);
      check_browsing (self);
    }
  else
    go_to_chair (self);
}

/* The chair's document reached this terminal: a terminal that follows opens it. */
static void
document_state_changed_cb (PlenumSyncEngine *engine,
                           const char       *sha256,
                           PlenumWindow     *self)
{
  g_autofree char *meeting_id = NULL;
  g_autoptr(PlenumPosition) position = NULL;
  g_autoptr(PlenumMeeting) meeting = NULL;
  g_autoptr(PlenumAgendaItem) item = NULL;
  g_autoptr(PlenumDocument) document = NULL;

  if (self->browsing || self->document_page != NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "meeting") != 0 ||
      plenum_sync_engine_get_document_state (engine, sha256, NULL, NULL) != PLENUM_DOCUMENT_STATE_VERIFIED ||
      (meeting_id = live_meeting_id (self)) == NULL ||
      (position = plenum_sync_engine_get_position (engine, meeting_id)) == NULL ||
      plenum_position_get_document_id (position) == NULL)
    return;
  meeting = plenum_sync_engine_get_meeting (engine, meeting_id);
  item = find_agenda_item (meeting, plenum_position_get_item_id (position));
  document = find_item_document (item, plenum_position_get_document_id (position));
  if (document != NULL && g_strcmp0 (plenum_document_get_sha256 (document), sha256) == 0 &&
      !shows_chair_position (self, meeting_id, position))
    go_to_chair (self);
}

/* A meeting came in progress, or its agenda arrived: a terminal that follows lands
 * where the chair is. */
static void
meetings_changed_cb (PlenumWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (!self->browsing && g_strcmp0 (page, "meetings") == 0)
    go_to_chair (self);
  else
    update_follow_banner (self);
  update_inhibit (self);
}

/* One meeting changed (its status among others). */
static void
meeting_changed_cb (PlenumSyncEngine *engine,
                    const char       *meeting_id,
                    PlenumWindow     *self)
{
  update_inhibit (self);
}

static void
back_to_chair_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  go_to_chair (PLENUM_WINDOW (widget));
}

static void
signed_in_cb (PlenumWindow *self,
              PlenumMember *account)
{
  show_page (self, "meetings");
  /* A member who signs in while a meeting is in progress lands where the chair is. */
  go_to_chair (self);
}

static void
go_to_sign_in (PlenumWindow *self)
{
  /* Nothing of the previous member stays on screen: their meeting and document pages
   * go, the list empties with the engine's model, and the sign-in page forgets what
   * was typed. */
  GtkWidget *editor = gtk_stack_get_child_by_name (self->stack, "editor");

  close_meeting (self);
  if (editor != NULL)
    gtk_stack_remove (self->stack, editor);
  self->browsing = FALSE;
  g_clear_object (&self->target);
  plenum_sign_in_page_reset (self->sign_in_page);
  reset_admin (self);
  show_page (self, "sign-in");
  gtk_widget_grab_focus (GTK_WIDGET (plenum_sign_in_page_get_name_entry (self->sign_in_page)));
}

static void
account_changed_cb (PlenumWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  update_actions (self);
  update_inhibit (self);

  /* The session ended under us (signed out, token refused): back to the sign-in page. */
  if (plenum_sync_engine_get_account (self->engine) == NULL &&
      g_strcmp0 (page, "starting") != 0 && g_strcmp0 (page, "failed") != 0 &&
      g_strcmp0 (page, "sign-in") != 0)
    go_to_sign_in (self);
}

/* The committee office had this terminal wiped (issue #8): nobody is signed in any
 * more, nothing is cached; the sign-in page says so, with its enrolment. */
static void
wiped_cb (PlenumWindow *self)
{
  if (!plenum_sync_engine_get_wiped (self->engine))
    return;
  go_to_sign_in (self);
  plenum_sign_in_page_set_notice (self->sign_in_page,
                                  _("The committee office had this terminal erased. Enrol it again with a code from the secretariat."));
}

static void
forget_last_toast (PlenumWindow *self)
{
  if (self->last_toast != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->last_toast, self);
      g_object_remove_weak_pointer (G_OBJECT (self->last_toast), (gpointer *) &self->last_toast);
      self->last_toast = NULL;
    }
  g_clear_pointer (&self->last_toast_text, g_free);
}

static void
toast_dismissed_cb (AdwToast     *toast,
                    PlenumWindow *self)
{
  if (self->last_toast == toast)
    forget_last_toast (self);
}

static void
sync_error_cb (PlenumSyncEngine *engine,
               const GError     *error,
               PlenumWindow     *self)
{
  g_autofree char *text = NULL;

  if (error == NULL)
    return;

  text = plenum_error_text (error);
  plenum_window_add_toast (self, text);
}

/* A refused operation is never dropped silently: its reason shows as a toast (the
 * meeting page also keeps a line for a refused check-in). */
static void
operation_refused_cb (PlenumSyncEngine      *engine,
                      PlenumOutboxOperation *op,
                      PlenumWindow          *self)
{
  g_autofree char *text = NULL;

  if (op == NULL)
    return;

  text = plenum_meeting_page_format_refusal (plenum_outbox_operation_get_refused_code (op),
                                             plenum_outbox_operation_get_refused_message (op));
  plenum_window_add_toast (self, text);
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlenumWindow *self = PLENUM_WINDOW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "editor") == 0)
    {
      /* The packet editor (issue #8) goes back where it was opened from. */
      GtkWidget *editor = gtk_stack_get_child_by_name (self->stack, "editor");

      show_page (self, self->meeting_page != NULL ? "meeting" : "meetings");
      gtk_stack_remove (self->stack, editor);
    }
  else if (g_strcmp0 (page, "document") == 0)
    {
      show_page (self, "meeting");
      close_document (self);
    }
  else if (g_strcmp0 (page, "meeting") == 0)
    {
      show_page (self, "meetings");
      close_meeting (self);
    }
  check_browsing (self);
}

/* The committee office's packet editor (issue #8): "Edit packet" on a meeting page
 * (the meeting's id) and "New meeting" on the list (""). One editor at a time. */
static void
edit_packet_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PlenumWindow *self = PLENUM_WINDOW (widget);
  const char *meeting_id = g_variant_get_string (parameter, NULL);
  GtkWidget *editor;

  if (self->engine == NULL)
    return;
  editor = gtk_stack_get_child_by_name (self->stack, "editor");
  if (editor != NULL)
    gtk_stack_remove (self->stack, editor);
  editor = plenum_packet_editor_new (self->engine, self->render_client,
                                     plenum_is_uuid (meeting_id) ? meeting_id : NULL);
  gtk_stack_add_named (self->stack, editor, "editor");
  show_page (self, "editor");
}

static void
sign_out_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PlenumWindow *self = PLENUM_WINDOW (widget);

  if (self->engine == NULL)
    return;

  /* go_to_sign_in() runs from the account notification; run it here as well in case
   * nobody was signed in any more. */
  plenum_sync_engine_sign_out (self->engine);
  go_to_sign_in (self);
}

/* Kiosk (issue #9) */

/* Screen blanking: inhibited while a meeting of the signed-in member is in progress
 * (the same meeting the window follows), released otherwise. */
static void
update_inhibit (PlenumWindow *self)
{
  gboolean wanted = FALSE;
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  /* From the engine's list, which is always current (the meeting page's copy of its
   * meeting is refreshed after the list). */
  if (self->engine != NULL && plenum_sync_engine_get_account (self->engine) != NULL)
    {
      GListModel *meetings = plenum_sync_engine_get_meetings (self->engine);

      for (guint i = 0; !wanted && i < g_list_model_get_n_items (meetings); i++)
        {
          g_autoptr(PlenumMeeting) meeting = g_list_model_get_item (meetings, i);

          wanted = plenum_meeting_page_is_in_progress (self->engine, meeting);
        }
    }
  if (wanted == self->idle_inhibited)
    return;
  self->idle_inhibited = wanted;
  if (wanted && application != NULL)
    self->inhibit_cookie = gtk_application_inhibit (application, GTK_WINDOW (self),
                                                    GTK_APPLICATION_INHIBIT_IDLE,
                                                    _("A meeting is in progress"));
  else if (!wanted && self->inhibit_cookie != 0)
    {
      if (application != NULL)
        gtk_application_uninhibit (application, self->inhibit_cookie);
      self->inhibit_cookie = 0;
    }
}

/* Forgets the administrator's page: PIN, error, and the Quit it offered. */
static void
reset_admin (PlenumWindow *self)
{
  if (self->admin_cancellable != NULL)
    g_cancellable_cancel (self->admin_cancellable);
  g_clear_object (&self->admin_cancellable);
  self->admin_verified = FALSE;
  if (self->admin_page == NULL)
    return;
  plenum_pin_pad_clear (self->admin_pin_pad);
  gtk_widget_set_sensitive (GTK_WIDGET (self->admin_pin_pad), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->admin_pin_pad), TRUE);
  gtk_label_set_text (self->admin_error_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->admin_error_label), FALSE);
  gtk_widget_set_visible (self->admin_quit_button, FALSE);
}

typedef struct
{
  char *hash;
  char *pin;  /* a secret */
} AdminCheck;

static void
admin_check_free (AdminCheck *check)
{
  g_free (check->hash);
  plenum_secret_free (check->pin);
  g_free (check);
}

/* yescrypt is slow on purpose: off the main thread. */
static void
check_admin_pin_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  AdminCheck *check = task_data;

  g_task_return_boolean (task, plenum_terminal_config_check_admin_pin (check->hash, check->pin));
}

static void
admin_pin_checked_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  PlenumWindow *self = PLENUM_WINDOW (source);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  gboolean right = g_task_propagate_boolean (G_TASK (result), NULL);

  /* Reset (idle, cancel) or the window went away meanwhile. */
  if (g_cancellable_is_cancelled (cancellable) || cancellable != self->admin_cancellable)
    return;
  g_clear_object (&self->admin_cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->admin_pin_pad), TRUE);

  if (!right)
    {
      gtk_label_set_text (self->admin_error_label, _("That is not the administrator PIN."));
      gtk_widget_set_visible (GTK_WIDGET (self->admin_error_label), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->admin_pin_pad));
      return;
    }
  self->admin_verified = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->admin_error_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->admin_pin_pad), FALSE);
  gtk_widget_set_visible (self->admin_quit_button, TRUE);
  update_actions (self);
  gtk_widget_grab_focus (self->admin_quit_button);
}

static void
admin_pin_submitted_cb (PlenumWindow *self)
{
  g_autoptr(GTask) task = NULL;
  AdminCheck *check;

  if (self->admin_cancellable != NULL || self->admin_verified)
    return;
  self->admin_cancellable = g_cancellable_new ();
  check = g_new0 (AdminCheck, 1);
  check->hash = g_strdup (self->admin_pin_hash);
  check->pin = g_strdup (plenum_pin_pad_peek_pin (self->admin_pin_pad));
  plenum_pin_pad_clear (self->admin_pin_pad);
  gtk_widget_set_sensitive (GTK_WIDGET (self->admin_pin_pad), FALSE);

  task = g_task_new (self, self->admin_cancellable, admin_pin_checked_cb, NULL);
  g_task_set_source_tag (task, admin_pin_submitted_cb);
  g_task_set_task_data (task, check, (GDestroyNotify) admin_check_free);
  g_task_run_in_thread (task, check_admin_pin_thread);
}

/* The administrator's page, made the first time it is asked for (most terminals never
 * show it). */
static void
build_admin_page (PlenumWindow *self)
{
  GtkWidget *box, *header, *title, *clamp, *content, *label, *back;

  if (self->admin_page != NULL)
    return;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  title = adw_window_title_new (_("Administrator"), NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_box_append (GTK_BOX (box), header);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 440);
  gtk_widget_set_vexpand (clamp, TRUE);
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_valign (content, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_box_append (GTK_BOX (box), clamp);

  label = gtk_label_new (_("Enter the administrator PIN to leave the kiosk"));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "title-2");
  gtk_box_append (GTK_BOX (content), label);

  self->admin_pin_pad = PLENUM_PIN_PAD (plenum_pin_pad_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->admin_pin_pad),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Administrator PIN"), -1);
  g_signal_connect_swapped (self->admin_pin_pad, "submitted", G_CALLBACK (admin_pin_submitted_cb), self);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->admin_pin_pad));

  self->admin_error_label = g_object_new (GTK_TYPE_LABEL,
                                          "wrap", TRUE,
                                          "justify", GTK_JUSTIFY_CENTER,
                                          "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT,
                                          NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->admin_error_label), "error");
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->admin_error_label));

  self->admin_quit_button = gtk_button_new_with_label (_("Quit Plenum"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->admin_quit_button), "window.admin-quit");
  gtk_widget_add_css_class (self->admin_quit_button, "destructive-action");
  gtk_widget_add_css_class (self->admin_quit_button, "pill");
  gtk_widget_add_css_class (self->admin_quit_button, "plenum-touch");
  gtk_widget_set_halign (self->admin_quit_button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (content), self->admin_quit_button);

  back = gtk_button_new_with_label (_("Back to sign-in"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "window.admin-cancel");
  gtk_widget_add_css_class (back, "flat");
  gtk_widget_add_css_class (back, "plenum-touch");
  gtk_widget_set_halign (back, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (content), back);

  self->admin_page = box;
  gtk_stack_add_named (self->stack, box, "admin");
  reset_admin (self);
}

static void
admin_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PlenumWindow *self = PLENUM_WINDOW (widget);

  if (!self->kiosk)
    return;
  build_admin_page (self);
  reset_admin (self);
  /* What a member may have typed on the sign-in page does not wait behind it. */
  plenum_sign_in_page_reset (self->sign_in_page);
  show_page (self, "admin");
  gtk_widget_grab_focus (GTK_WIDGET (self->admin_pin_pad));
}

static void
admin_cancel_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  go_to_sign_in (PLENUM_WINDOW (widget));
}

static void
admin_quit_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlenumWindow *self = PLENUM_WINDOW (widget);

  if (!self->admin_verified)
    return;
  self->quitting = TRUE;
  g_signal_emit (self, signals[SIGNAL_QUIT_REQUESTED], 0);
}

/* A kiosk window cannot be closed (Alt+F4, a compositor's close) unless the
 * administrator quit. */
static gboolean
plenum_window_close_request (GtkWindow *window)
{
  PlenumWindow *self = PLENUM_WINDOW (window);

  if (self->kiosk && !self->quitting)
    return TRUE;
  return GTK_WINDOW_CLASS (plenum_window_parent_class)->close_request (window);
}

/* Idle: back to the sign-in page, nothing of the last member left. */
static void
reset_after_idle (PlenumWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "starting") == 0 || g_strcmp0 (page, "failed") == 0)
    return;
  g_debug ("idle for %u ms: back to the sign-in page", self->idle_timeout_ms);
  if (self->engine != NULL && plenum_sync_engine_get_account (self->engine) != NULL)
    plenum_sync_engine_sign_out (self->engine);
  go_to_sign_in (self);
}

static void schedule_idle (PlenumWindow *self);

static gboolean
idle_timeout_cb (gpointer user_data)
{
  PlenumWindow *self = user_data;
  gint64 idle_us = g_get_monotonic_time () - self->last_input;

  self->idle_source = 0;
  if (idle_us >= (gint64) self->idle_timeout_ms * 1000)
    {
      reset_after_idle (self);
      self->last_input = g_get_monotonic_time ();
    }
  schedule_idle (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_idle (PlenumWindow *self)
{
  gint64 due_us, now = g_get_monotonic_time ();

  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->idle_timeout_ms == 0)
    return;
  due_us = self->last_input + (gint64) self->idle_timeout_ms * 1000 - now;
  self->idle_source = g_timeout_add ((guint) CLAMP ((due_us + 999) / 1000, 1, G_MAXUINT),
                                     idle_timeout_cb, self);
  g_source_set_name_by_id (self->idle_source, "[plenum] window idle");
}

/* Any input counts, whatever widget it goes to: the timer is not moved for every
 * pointer motion, only the time of the last one. */
static gboolean
input_event_cb (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                PlenumWindow             *self)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_MOTION_NOTIFY:
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
    case GDK_PAD_BUTTON_PRESS:
    case GDK_PAD_RING:
    case GDK_PAD_STRIP:
      self->last_input = g_get_monotonic_time ();
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
plenum_window_dispose (GObject *object)
{
  PlenumWindow *self = PLENUM_WINDOW (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  forget_last_toast (self);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->admin_cancellable != NULL)
    g_cancellable_cancel (self->admin_cancellable);
  g_clear_object (&self->admin_cancellable);
  if (self->inhibit_cookie != 0 && gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    gtk_application_uninhibit (gtk_window_get_application (GTK_WINDOW (self)), self->inhibit_cookie);
  self->inhibit_cookie = 0;
  self->idle_inhibited = FALSE;
  self->admin_page = NULL;
  self->admin_pin_pad = NULL;
  self->admin_error_label = NULL;
  self->admin_quit_button = NULL;
  self->meeting_page = NULL;
  self->document_page = NULL;
  self->follow_banner = NULL;
  g_clear_object (&self->target);

  /* A focused entry that is torn down without a focus-out keeps its cursor blinking
   * (and GTK warns): let go of the focus first. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLENUM_TYPE_WINDOW);

  g_clear_object (&self->engine);
  g_clear_object (&self->render_queue);
  g_clear_object (&self->render_client);

  G_OBJECT_CLASS (plenum_window_parent_class)->dispose (object);
}

static void
plenum_window_finalize (GObject *object)
{
  PlenumWindow *self = PLENUM_WINDOW (object);

  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->last_toast_text, g_free);
  g_clear_pointer (&self->document_id, g_free);
  g_clear_pointer (&self->document_item_id, g_free);
  g_clear_pointer (&self->admin_pin_hash, g_free);

  G_OBJECT_CLASS (plenum_window_parent_class)->finalize (object);
}

static void
plenum_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlenumWindow *self = PLENUM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;

    case PROP_KIOSK:
      g_value_set_boolean (value, self->kiosk);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlenumWindow *self = PLENUM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      plenum_window_set_server_url (self, g_value_get_string (value));
      break;

    case PROP_KIOSK:
      plenum_window_set_kiosk (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_window_class_init (PlenumWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = plenum_window_dispose;
  object_class->finalize = plenum_window_finalize;
  object_class->get_property = plenum_window_get_property;
  object_class->set_property = plenum_window_set_property;
  window_class->close_request = plenum_window_close_request;

  signals[SIGNAL_QUIT_REQUESTED] =
    g_signal_new ("quit-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_KIOSK] =
    g_param_spec_boolean ("kiosk", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Referencing the bundle keeps its object file (and the constructor that registers
   * it) in every program that links the static library. */
  (void) plenum_get_resource ();

  g_type_ensure (PLENUM_TYPE_SIGN_IN_PAGE);
  g_type_ensure (PLENUM_TYPE_MEETING_LIST_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenum/Plenum/ui/plenum-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlenumWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlenumWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PlenumWindow, starting_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlenumWindow, server_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumWindow, failed_status);
  gtk_widget_class_bind_template_child (widget_class, PlenumWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, PlenumWindow, meeting_list_page);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, meeting_activated_cb);

  gtk_widget_class_install_action (widget_class, "window.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "window.sign-out", NULL, sign_out_action_cb);
  gtk_widget_class_install_action (widget_class, "window.back-to-chair", NULL, back_to_chair_action_cb);
  gtk_widget_class_install_action (widget_class, "window.open-superseded", "s", open_superseded_action_cb);
  gtk_widget_class_install_action (widget_class, "window.edit-packet", "s", edit_packet_action_cb);
  gtk_widget_class_install_action (widget_class, "window.admin", NULL, admin_action_cb);
  gtk_widget_class_install_action (widget_class, "window.admin-cancel", NULL, admin_cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "window.admin-quit", NULL, admin_quit_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "window.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "window.back", NULL);
}

static void
plenum_window_init (PlenumWindow *self)
{
  GtkWidget *box;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The follow banner goes above every page (the template has no place for it): the
   * stack moves into a box under it. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->follow_banner = PLENUM_FOLLOW_BANNER (plenum_follow_banner_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->follow_banner));
  g_object_ref (self->stack);
  adw_toast_overlay_set_child (self->toast_overlay, NULL);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  g_object_unref (self->stack);
  adw_toast_overlay_set_child (self->toast_overlay, box);

  update_server_label (self);
  update_actions (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "window.back-to-chair", FALSE);

  /* Capture phase: the window sees every input before the widget it goes to, and
   * lets it through. */
  {
    GtkEventController *input = gtk_event_controller_legacy_new ();

    gtk_event_controller_set_propagation_phase (input, GTK_PHASE_CAPTURE);
    g_signal_connect (input, "event", G_CALLBACK (input_event_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), input);
  }
  self->last_input = g_get_monotonic_time ();
}

PlenumWindow *
plenum_window_new (AdwApplication *application,
                   const char     *server_url)
{
  g_return_val_if_fail (application == NULL || ADW_IS_APPLICATION (application), NULL);

  return g_object_new (PLENUM_TYPE_WINDOW,
                       "application", application,
                       "server-url", server_url,
                       NULL);
}

const char *
plenum_window_get_server_url (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), NULL);

  return self->server_url;
}

void
plenum_window_set_server_url (PlenumWindow *self,
                              const char   *server_url)
{
  g_return_if_fail (PLENUM_IS_WINDOW (self));

  if (g_strcmp0 (self->server_url, server_url) == 0)
    return;

  g_free (self->server_url);
  self->server_url = g_strdup (server_url);
  update_server_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
}

gboolean
plenum_window_get_kiosk (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), FALSE);

  return self->kiosk;
}

void
plenum_window_set_kiosk (PlenumWindow *self,
                         gboolean      kiosk)
{
  g_return_if_fail (PLENUM_IS_WINDOW (self));

  kiosk = !!kiosk;
  if (self->kiosk == kiosk)
    return;

  self->kiosk = kiosk;
  gtk_window_set_decorated (GTK_WINDOW (self), !kiosk);
  if (kiosk)
    gtk_widget_add_css_class (GTK_WIDGET (self), "plenum-kiosk");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "plenum-kiosk");
  if (kiosk)
    {
      /* The header bars of every page follow the display's layout: no minimize,
       * maximize or close for a member. The kiosk process has this one window. */
      g_object_set (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-decoration-layout", ":", NULL);
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    {
      gtk_settings_reset_property (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-decoration-layout");
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }
  plenum_sign_in_page_set_kiosk (self->sign_in_page, kiosk);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIOSK]);
}

void
plenum_window_set_services (PlenumWindow       *self,
                            PlenumSyncEngine   *engine,
                            PlenumRenderClient *render_client)
{
  g_return_if_fail (PLENUM_IS_WINDOW (self));
  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (engine));
  g_return_if_fail (PLENUM_IS_RENDER_CLIENT (render_client));
  g_return_if_fail (self->engine == NULL);

  self->engine = g_object_ref (engine);
  self->render_client = g_object_ref (render_client);
  {
    g_autoptr(PlenumTextureCache) cache =
      plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);

    self->render_queue = plenum_render_queue_new (render_client, cache);
  }

  g_signal_connect_swapped (engine, "notify::account", G_CALLBACK (account_changed_cb), self);
  g_signal_connect_swapped (engine, "notify::wiped", G_CALLBACK (wiped_cb), self);
  g_signal_connect (engine, "sync-error", G_CALLBACK (sync_error_cb), self);
  g_signal_connect (engine, "operation-refused", G_CALLBACK (operation_refused_cb), self);
  g_signal_connect (engine, "position-changed", G_CALLBACK (position_changed_cb), self);
  g_signal_connect (engine, "document-changed", G_CALLBACK (document_state_changed_cb), self);
  g_signal_connect_swapped (engine, "meetings-changed", G_CALLBACK (meetings_changed_cb), self);
  g_signal_connect (engine, "meeting-changed", G_CALLBACK (meeting_changed_cb), self);

  plenum_sign_in_page_set_sync_engine (self->sign_in_page, engine);
  plenum_meeting_list_page_set_sync_engine (self->meeting_list_page, engine);
  plenum_window_set_server_url (self, plenum_sync_engine_get_server_url (engine));

  if (plenum_sync_engine_get_account (engine) != NULL)
    {
      show_page (self, "meetings");
      go_to_chair (self);
    }
  else
    go_to_sign_in (self);
  update_inhibit (self);
}

PlenumSyncEngine *
plenum_window_get_sync_engine (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), NULL);

  return self->engine;
}

PlenumRenderClient *
plenum_window_get_render_client (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), NULL);

  return self->render_client;
}

PlenumRenderQueue *
plenum_window_get_render_queue (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), NULL);

  return self->render_queue;
}

void
plenum_window_show_startup_error (PlenumWindow *self,
                                  const GError *error)
{
  g_autofree char *text = NULL;

  g_return_if_fail (PLENUM_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  text = plenum_error_text (error);
  adw_status_page_set_description (self->failed_status, text);
  show_page (self, "failed");
}

void
plenum_window_set_notice (PlenumWindow *self,
                          const char   *notice)
{
  g_return_if_fail (PLENUM_IS_WINDOW (self));

  plenum_sign_in_page_set_notice (self->sign_in_page, notice);
}

void
plenum_window_add_toast (PlenumWindow *self,
                         const char   *text)
{
  AdwToast *toast;

  g_return_if_fail (PLENUM_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  /* Sync retries by itself, so the same failure can come again and again: one toast
   * for it while it is on screen is enough. */
  if (self->last_toast != NULL && g_strcmp0 (self->last_toast_text, text) == 0)
    return;

  forget_last_toast (self);
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 8);
  g_signal_connect (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self);
  self->last_toast = toast;
  g_object_add_weak_pointer (G_OBJECT (toast), (gpointer *) &self->last_toast);
  self->last_toast_text = g_strdup (text);
  /* The overlay takes the toast's reference. */
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
plenum_window_get_page_name (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
plenum_window_get_sign_in_page (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->sign_in_page);
}

GtkWidget *
plenum_window_get_meeting_list_page (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->meeting_list_page);
}

GtkWidget *
plenum_window_get_meeting_page (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), NULL);

  return self->meeting_page;
}

GtkWidget *
plenum_window_get_document_page (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), NULL);

  return self->document_page;
}

GtkWidget *
plenum_window_get_follow_banner (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->follow_banner);
}

gboolean
plenum_window_get_browsing (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), FALSE);

  return self->browsing;
}

void
plenum_window_show_config_error (PlenumWindow *self,
                                 const char   *text)
{
  g_return_if_fail (PLENUM_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  adw_status_page_set_title (self->failed_status, _("This Terminal Is Not Set Up Correctly"));
  adw_status_page_set_description (self->failed_status, text);
  show_page (self, "failed");
}

const char *
plenum_window_get_failure_text (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "failed") != 0)
    return NULL;
  return adw_status_page_get_description (self->failed_status);
}

void
plenum_window_set_admin_pin_hash (PlenumWindow *self,
                                  const char   *admin_pin_hash)
{
  g_return_if_fail (PLENUM_IS_WINDOW (self));

  g_free (self->admin_pin_hash);
  self->admin_pin_hash = g_strdup (admin_pin_hash);
}

void
plenum_window_set_idle_timeout (PlenumWindow *self,
                                guint         milliseconds)
{
  g_return_if_fail (PLENUM_IS_WINDOW (self));

  self->idle_timeout_ms = milliseconds;
  self->last_input = g_get_monotonic_time ();
  schedule_idle (self);
}

guint
plenum_window_get_idle_timeout (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), 0);

  return self->idle_timeout_ms;
}

gboolean
plenum_window_get_idle_inhibited (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), FALSE);

  return self->idle_inhibited;
}

void
plenum_window_set_terminal_name (PlenumWindow *self,
                                 const char   *terminal_name)
{
  g_return_if_fail (PLENUM_IS_WINDOW (self));

  plenum_sign_in_page_set_terminal_name (self->sign_in_page, terminal_name);
}

void
plenum_window_set_settings (PlenumWindow *self,
                            GSettings    *settings)
{
  g_return_if_fail (PLENUM_IS_WINDOW (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  plenum_sign_in_page_set_settings (self->sign_in_page, settings);
}

GtkWidget *
plenum_window_get_admin_pin_pad (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->admin_pin_pad);
}

GtkWidget *
plenum_window_get_admin_quit_button (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), NULL);

  return self->admin_quit_button;
}

const char *
plenum_window_get_admin_error_text (PlenumWindow *self)
{
  g_return_val_if_fail (PLENUM_IS_WINDOW (self), NULL);

  if (self->admin_error_label == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->admin_error_label)))
    return NULL;
  return gtk_label_get_text (self->admin_error_label);
}
