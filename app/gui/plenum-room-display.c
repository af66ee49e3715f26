/* plenum-room-display.c — the wall screen of a meeting room. See plenum-room-display.h.
 *
 * Built in code rather than from a template: it is one flat layout of labels whose only
 * behaviour is to be rewritten from the engine's state, and its style is its own (see
 * room_display_css below), loaded beside the application's.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-room-display"

#include <glib/gi18n.h>

#include "plenum-error-text.h"
#include "plenum-room-display.h"
#include "plenum-sign-in-page.h"
#include "plenum-vote-text.h"

/* How many of those waiting for the floor are named: the next few, not the whole
 * queue, so that the line stays one line from the back of the room. */
#define QUEUE_SHOWN 3

/* Large type and high contrast: white on black, read from the back of a room on a
 * 1920 × 1080 projector (the item's title at 64 px, nothing under 28 px). State is said
 * in words, never by colour alone. */
static const char room_display_css[] =
  "window.plenum-room-display.solid-csd { padding: 0; box-shadow: none; }\n"
  "window.plenum-room-display, window.plenum-room-display .plenum-room {\n"
  "  background-color: #000000;\n"
  "  color: #ffffff;\n"
  "}\n"
  ".plenum-room label { color: #ffffff; }\n"
  ".plenum-room .plenum-room-meeting { font-size: 32px; }\n"
  ".plenum-room .plenum-room-attendance { font-size: 32px; font-weight: bold; }\n"
  ".plenum-room .plenum-room-item-number { font-size: 40px; font-weight: bold; color: #ffe066; }\n"
  ".plenum-room .plenum-room-item-title { font-size: 64px; font-weight: bold; }\n"
  ".plenum-room .plenum-room-documents { font-size: 40px; }\n"
  ".plenum-room .plenum-room-side { background-color: #1a1a1a; border-radius: 12px; }\n"
  ".plenum-room .plenum-room-heading { font-size: 28px; color: #ffe066; font-weight: bold; }\n"
  ".plenum-room .plenum-room-speaker { font-size: 48px; font-weight: bold; }\n"
  ".plenum-room .plenum-room-queue { font-size: 36px; }\n"
  ".plenum-room .plenum-room-vote-title { font-size: 40px; font-weight: bold; }\n"
  ".plenum-room .plenum-room-vote { font-size: 44px; }\n"
  ".plenum-room .plenum-room-connection { font-size: 28px; font-weight: bold;\n"
  "                                       background-color: #ffffff; color: #000000;\n"
  "                                       padding: 6px 18px; }\n"
  ".plenum-room .plenum-room-idle { font-size: 56px; font-weight: bold; }\n"
  ".plenum-room plenumpageview { background-color: #000000; }\n";

/* Everything here belongs to the main thread (GTK's); the engine's signals and the
 * render client's callbacks come on its main context. */
struct _PlenumRoomDisplay
{
  AdwApplicationWindow  parent_instance;

  GtkStack             *stack;             /* starting, failed, enrol, idle, live */
  GtkLabel             *failed_label;
  GtkWidget            *sign_in_page;      /* made with the services */
  GtkLabel             *idle_label;

  /* the live page */
  GtkLabel             *meeting_label;
  GtkLabel             *attendance_label;
  GtkLabel             *item_number_label;
  GtkLabel             *item_title_label;
  GtkStack             *content_stack;     /* "page" or "documents" */
  GtkWidget            *view_scroller;
  PlenumPdfView        *view;
  GtkLabel             *documents_label;
  GtkLabel             *speaker_heading;
  GtkLabel             *speaker_label;
  GtkLabel             *queue_label;
  GtkWidget            *vote_box;
  GtkLabel             *vote_title_label;
  GtkLabel             *vote_label;
  GtkLabel             *connection_label;

  PlenumSyncEngine     *engine;
  PlenumRenderClient   *render_client;
  PlenumRenderQueue    *render_queue;

  char                 *meeting_id;        /* the meeting shown, or NULL */
  PlenumMeeting        *meeting;           /* it, with its agenda, as last read */
  char                 *item_id;           /* the item of the chair's position, or NULL */

  char                 *document_sha256;   /* in the view, or being opened; NULL: none */
  char                 *awaited_sha256;    /* the chair's, not on this terminal yet */
  GCancellable         *open_cancellable;  /* the open under way; cancelled in dispose */
  gint                  page;              /* the chair's page of that document */

  guint                 midnight_id;       /* re-picks the meeting when the day turns */
  guint                 sign_out_id;       /* signs out a member who signed in here */
};

G_DEFINE_FINAL_TYPE (PlenumRoomDisplay, plenum_room_display, ADW_TYPE_APPLICATION_WINDOW)

static void update_all (PlenumRoomDisplay *self);

/* ---- style ---------------------------------------------------------------------- */

void
plenum_room_display_install_style (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  g_return_if_fail (GDK_IS_DISPLAY (display));

  if (g_object_get_data (G_OBJECT (display), "plenum-room-display-style") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, room_display_css, -1);
  /* Above the application's own style sheet, which styles the page view for readers. */
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  g_object_set_data_full (G_OBJECT (display), "plenum-room-display-style",
                          g_object_ref (provider), g_object_unref);
}

/* ---- helpers -------------------------------------------------------------------- */

static GtkLabel *
new_label (const char *css_class,
           float       xalign)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, css_class);
  return GTK_LABEL (label);
}

/* At most @lines lines, the rest cut with "…": a full-screen window cannot grow, and a
 * long title must not push the page off the wall. */
static GtkLabel *
new_short_label (const char *css_class,
                 float       xalign,
                 int         lines)
{
  GtkLabel *label = new_label (css_class, xalign);

  gtk_label_set_lines (label, lines);
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
  return label;
}

/* A column that shows what fits and clips the rest (nothing to scroll on a wall): its
 * content never makes the window taller. */
static GtkWidget *
clipped (GtkWidget *child)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_EXTERNAL);
  gtk_widget_set_can_target (scroller, FALSE);
  gtk_widget_set_focusable (scroller, FALSE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), child);
  return scroller;
}

/* Sets @label's text and hides it when there is none, so that an empty line takes no
 * room on the wall. */
static void
set_text (GtkLabel   *label,
          const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && text[0] != '\0');
}

static const char *
label_text (GtkLabel *label)
{
  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : "";
}

static gboolean
same_local_day (GDateTime *a,
                GDateTime *b)
{
  g_autoptr(GDateTime) la = g_date_time_to_local (a);
  g_autoptr(GDateTime) lb = g_date_time_to_local (b);
  int y1, m1, d1, y2, m2, d2;

  g_date_time_get_ymd (la, &y1, &m1, &d1);
  g_date_time_get_ymd (lb, &y2, &m2, &d2);
  return y1 == y2 && m1 == m2 && d1 == d2;
}

/* ---- pages ---------------------------------------------------------------------- */

static gboolean
is_enrolled (PlenumRoomDisplay *self)
{
  char *credential;
  gboolean enrolled;

  if (plenum_sync_engine_get_terminal_syncing (self->engine))
    return TRUE;
  if (plenum_sync_engine_get_revoked (self->engine))
    return FALSE;
  /* Only whether there is one: the secret is wiped at once. */
  credential = plenum_store_get_terminal_credential (plenum_sync_engine_get_store (self->engine),
                                                     NULL, NULL);
  enrolled = credential != NULL;
  plenum_secret_free (credential);
  return enrolled;
}

/* The room's meeting: the one in progress; else the next one today that has not
 * closed (it may start late). The engine's list is soonest first. */
static PlenumMeeting *
pick_meeting (PlenumRoomDisplay *self)
{
  GListModel *meetings = plenum_sync_engine_get_meetings (self->engine);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  PlenumMeeting *today = NULL;
  guint n = g_list_model_get_n_items (meetings);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlenumMeeting) meeting = g_list_model_get_item (meetings, i);
      PlenumMeetingStatus status = plenum_meeting_get_status (meeting);

      if (status == PLENUM_MEETING_STATUS_IN_PROGRESS)
        {
          g_clear_object (&today);
          return g_steal_pointer (&meeting);
        }
      if (status == PLENUM_MEETING_STATUS_SCHEDULED && today == NULL &&
          same_local_day (plenum_meeting_get_starts_at (meeting), now))
        today = g_steal_pointer (&meeting);
    }
  return today;
}

/* ---- the document page ------------------------------------------------------------ */

static void
show_documents (PlenumRoomDisplay *self)
{
  gtk_stack_set_visible_child_name (self->content_stack, "documents");
}

static void
close_document (PlenumRoomDisplay *self)
{
  g_clear_pointer (&self->awaited_sha256, g_free);
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_pointer (&self->document_sha256, g_free);
  plenum_pdf_view_set_document (self->view, NULL);
}

static void
document_opened_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GCancellable) cancellable = user_data;
  g_autoptr(PlenumRenderDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  PlenumRoomDisplay *self;

  document = plenum_render_client_open_finish (PLENUM_RENDER_CLIENT (source), result, &error);
  if (g_cancellable_is_cancelled (cancellable))
    return;

  /* Not cancelled: the display is alive (dispose cancels) and this is its open. */
  self = g_object_get_data (G_OBJECT (cancellable), "plenum-room-display");
  g_clear_object (&self->open_cancellable);

  if (document == NULL)
    {
      /* The room still sees what the item is about. */
      g_warning ("cannot open the document the chair shows: %s", error->message);
      g_clear_pointer (&self->document_sha256, g_free);
      show_documents (self);
      return;
    }

  plenum_pdf_view_set_document (self->view, document);
  /* One page, whole, as large as the area allows: what the chair points at. */
  plenum_pdf_view_set_mode (self->view, PLENUM_PDF_VIEW_SINGLE_PAGE);
  plenum_pdf_view_set_sizing (self->view, PLENUM_PDF_VIEW_FIT_PAGE);
  plenum_pdf_view_set_page (self->view, (guint) MAX (self->page, 0));
  gtk_stack_set_visible_child_name (self->content_stack, "page");
}

/* Shows page @page of @document (the chair's), opening it when it is another one. A
 * document that is not (yet) on this terminal shows the item's documents instead, until
 * "document-changed" says it arrived. */
static void
show_page (PlenumRoomDisplay *self,
           PlenumDocument    *document,
           gint               page)
{
  const char *sha256 = plenum_document_get_sha256 (document);
  g_autofree char *path = NULL;

  self->page = page;
  if (g_strcmp0 (self->document_sha256, sha256) == 0)
    {
      if (self->open_cancellable == NULL)
        {
          plenum_pdf_view_set_page (self->view, (guint) page);
          gtk_stack_set_visible_child_name (self->content_stack, "page");
        }
      return;
    }

  close_document (self);
  path = plenum_sync_engine_get_document_path (self->engine, sha256);
  g_clear_pointer (&self->awaited_sha256, g_free);
  if (path == NULL)
    {
      self->awaited_sha256 = g_strdup (sha256);
      show_documents (self);
      return;
    }

  self->document_sha256 = g_strdup (sha256);
  /* A confidential document is marked as such on the wall too (there is no reader to
   * name). */
  plenum_pdf_view_set_watermark (self->view, plenum_document_get_confidential (document)
                                             ? _("Confidential") : NULL);
  self->open_cancellable = g_cancellable_new ();
  g_object_set_data (G_OBJECT (self->open_cancellable), "plenum-room-display", self);
  plenum_render_client_open_with_password_async (self->render_client, path,
                                                 plenum_document_get_password (document),
                                                 self->open_cancellable, document_opened_cb,
                                                 g_object_ref (self->open_cancellable));
  /* Until it opens, the titles rather than the previous page. */
  show_documents (self);
}

/* ---- the parts of the live page ------------------------------------------------------ */

static PlenumAgendaItem *
find_item (PlenumRoomDisplay *self,
           const char        *item_id)
{
  GListModel *agenda = self->meeting != NULL ? plenum_meeting_get_agenda (self->meeting) : NULL;

  for (guint i = 0; agenda != NULL && item_id != NULL && i < g_list_model_get_n_items (agenda); i++)
    {
      g_autoptr(PlenumAgendaItem) item = g_list_model_get_item (agenda, i);

      if (g_strcmp0 (plenum_agenda_item_get_id (item), item_id) == 0)
        return g_steal_pointer (&item);
    }
  return NULL;
}

static PlenumDocument *
find_document (PlenumAgendaItem *item,
               const char       *document_id)
{
  GListModel *documents = plenum_agenda_item_get_documents (item);

  for (guint i = 0; document_id != NULL && i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(PlenumDocument) document = g_list_model_get_item (documents, i);

      if (g_strcmp0 (plenum_document_get_id (document), document_id) == 0)
        return g_steal_pointer (&document);
    }
  return NULL;
}

static void
update_position (PlenumRoomDisplay *self)
{
  g_autoptr(PlenumPosition) position =
    plenum_sync_engine_get_position (self->engine, self->meeting_id);
  g_autoptr(PlenumAgendaItem) item = NULL;
  g_autoptr(PlenumDocument) document = NULL;
  g_autoptr(GString) documents = g_string_new (NULL);
  g_autofree char *number = NULL;
  GListModel *list;

  if (position != NULL)
    item = find_item (self, plenum_position_get_item_id (position));
  g_free (self->item_id);
  self->item_id = item != NULL ? g_strdup (plenum_agenda_item_get_id (item)) : NULL;

  if (item == NULL)
    {
      /* Before the chair's first move: the meeting, and when it starts. */
      if (plenum_meeting_get_status (self->meeting) == PLENUM_MEETING_STATUS_SCHEDULED)
        {
          g_autoptr(GDateTime) local =
            g_date_time_to_local (plenum_meeting_get_starts_at (self->meeting));
          /* Translators: a time of day as strftime() writes it; see g_date_time_format(). */
          g_autofree char *time = g_date_time_format (local, C_("time of day", "%H:%M"));

          /* Translators: %s is the time of day the meeting starts, e.g. 09:00. */
          number = g_strdup_printf (_("Starts at %s"), time);
        }
      set_text (self->item_number_label, number);
      set_text (self->item_title_label, plenum_meeting_get_title (self->meeting));
      set_text (self->documents_label, NULL);
      close_document (self);
      show_documents (self);
      return;
    }

  /* Translators: %s is the agenda item's printed number ("3", "3a"). */
  number = g_strdup_printf (_("Item %s"), plenum_agenda_item_get_number (item));
  set_text (self->item_number_label, number);
  set_text (self->item_title_label, plenum_agenda_item_get_title (item));

  /* When the chair shows no page: what the item is, and the papers it has. */
  g_string_append (documents, plenum_agenda_item_get_title (item));
  list = plenum_agenda_item_get_documents (item);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(PlenumDocument) each = g_list_model_get_item (list, i);

      g_string_append_printf (documents, "\n• %s", plenum_document_get_title (each));
    }
  set_text (self->documents_label, documents->str);

  document = find_document (item, plenum_position_get_document_id (position));
  if (document != NULL && plenum_position_get_page (position) >= 0)
    show_page (self, document, plenum_position_get_page (position));
  else
    {
      close_document (self);
      show_documents (self);
    }
}

static void
update_speakers (PlenumRoomDisplay *self)
{
  g_autoptr(PlenumSpeakerQueue) speakers =
    plenum_sync_engine_get_speakers (self->engine, self->meeting_id);
  g_autoptr(GString) queue = g_string_new (NULL);
  g_autofree char *floor_text = NULL;
  PlenumSpeaker *floor = speakers != NULL ? plenum_speaker_queue_get_floor (speakers) : NULL;
  GPtrArray *waiting = speakers != NULL ? plenum_speaker_queue_get_waiting (speakers) : NULL;

  if (floor != NULL)
    /* Translators: %s is the name of the member who has the floor. */
    floor_text = g_strdup_printf (_("Speaking: %s"), plenum_speaker_get_display_name (floor));
  set_text (self->speaker_label, floor_text);

  if (waiting != NULL && waiting->len > 0)
    {
      g_string_append (queue, _("Next:"));
      for (guint i = 0; i < MIN (waiting->len, QUEUE_SHOWN); i++)
        {
          PlenumSpeaker *speaker = g_ptr_array_index (waiting, i);

          g_string_append_c (queue, '\n');
          /* Translators: one waiting speaker: their place in the queue and name. */
          g_string_append_printf (queue, _("%u. %s"), plenum_speaker_get_position (speaker),
                                  plenum_speaker_get_display_name (speaker));
        }
      if (waiting->len > QUEUE_SHOWN)
        {
          guint more = waiting->len - QUEUE_SHOWN;

          g_string_append_c (queue, '\n');
          /* Translators: after the first few names of the speakers' queue. */
          g_string_append_printf (queue, ngettext ("and %u more", "and %u more", more), more);
        }
    }
  set_text (self->queue_label, queue->str);
  gtk_widget_set_visible (GTK_WIDGET (self->speaker_heading),
                          floor != NULL || (waiting != NULL && waiting->len > 0));
}

static void
update_attendance (PlenumRoomDisplay *self)
{
  g_autoptr(PlenumQuorum) quorum = plenum_sync_engine_get_quorum (self->engine, self->meeting_id);
  g_autofree char *text = NULL;

  if (quorum != NULL)
    /* Translators: attendance on the room display: present of members, then whether
     * there is a quorum, said in words. */
    text = g_strdup_printf (_("%u of %u present · %s"),
                            plenum_quorum_get_present (quorum),
                            plenum_quorum_get_members (quorum),
                            plenum_quorum_get_met (quorum) ? _("quorum met") : _("quorum not met"));
  set_text (self->attendance_label, text);
}

/* The vote to show: the open one; else the last one of the current item once it is
 * over, so that its result stays on the wall until the chair moves on. */
static PlenumStoredVote *
pick_vote (PlenumRoomDisplay *self)
{
  PlenumStore *store = plenum_sync_engine_get_store (self->engine);
  g_autoptr(GPtrArray) votes = NULL;
  PlenumStoredVote *open = plenum_store_get_open_vote (store, self->meeting_id);
  PlenumStoredVote *last;

  if (open != NULL)
    return open;
  votes = plenum_store_list_votes (store, self->meeting_id);
  if (votes->len == 0 || self->item_id == NULL)
    return NULL;
  last = g_ptr_array_index (votes, votes->len - 1);
  if (g_strcmp0 (plenum_stored_vote_get_item_id (last), self->item_id) != 0)
    return NULL;
  return plenum_stored_vote_ref (last);
}

static void
update_vote (PlenumRoomDisplay *self)
{
  g_autoptr(PlenumStoredVote) vote = pick_vote (self);
  g_autoptr(PlenumQuorum) quorum = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->vote_box, vote != NULL);
  if (vote == NULL)
    {
      set_text (self->vote_title_label, NULL);
      set_text (self->vote_label, NULL);
      return;
    }

  set_text (self->vote_title_label, plenum_stored_vote_get_title (vote));
  switch (plenum_stored_vote_get_state (vote))
    {
    case PLENUM_VOTE_STATE_OPEN:
      {
        guint voted = plenum_stored_vote_get_voted (vote);

        /* Only how many: never who, and for a secret vote nothing else exists live. */
        quorum = plenum_sync_engine_get_quorum (self->engine, self->meeting_id);
        if (quorum != NULL)
          /* Translators: how many members have voted out of how many, while a vote is
           * open ("12 of 30 have voted"); the plural follows the second number. */
          text = g_strdup_printf (ngettext ("%u of %u have voted", "%u of %u have voted",
                                            plenum_quorum_get_members (quorum)),
                                  voted, plenum_quorum_get_members (quorum));
        else
          text = g_strdup_printf (ngettext ("%u has voted", "%u have voted", voted), voted);
      }
      break;

    case PLENUM_VOTE_STATE_CLOSED:
    case PLENUM_VOTE_STATE_ANNULLED:
      /* The outcome and the counts; or that it was annulled, or only that it closed
       * when the result cannot be read. */
      text = plenum_vote_text_describe_result (vote, PLENUM_VOTE_TEXT_WALL, NULL);
      break;

    default:
      g_assert_not_reached ();
    }
  set_text (self->vote_label, text);
}

static void
update_connection (PlenumRoomDisplay *self)
{
  /* Said in words: the state on the wall may be old, and the room should know. */
  set_text (self->connection_label,
            plenum_sync_engine_get_offline_since (self->engine) != NULL
              ? _("Connection lost — showing the last known state") : NULL);
}

/* ---- choosing what to show ---------------------------------------------------------- */

static gboolean
midnight_cb (gpointer user_data)
{
  PlenumRoomDisplay *self = user_data;

  self->midnight_id = 0;
  update_all (self);
  return G_SOURCE_REMOVE;
}

/* "Today" changes at midnight without any event: one timer for that instant (not a
 * poll) picks the meeting again. */
static void
arm_midnight (PlenumRoomDisplay *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) next = NULL;
  GTimeSpan until;

  g_clear_handle_id (&self->midnight_id, g_source_remove);
  midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  next = g_date_time_add_days (midnight, 1);
  until = g_date_time_difference (next, now);
  self->midnight_id = g_timeout_add_seconds ((guint) (MAX (until, 0) / G_TIME_SPAN_SECOND) + 1,
                                             midnight_cb, self);
}

static void
set_meeting (PlenumRoomDisplay *self,
             const char        *meeting_id)
{
  if (g_strcmp0 (self->meeting_id, meeting_id) == 0)
    return;
  g_free (self->meeting_id);
  self->meeting_id = g_strdup (meeting_id);
  g_clear_object (&self->meeting);
  g_clear_pointer (&self->item_id, g_free);
  close_document (self);
}

static void
update_all (PlenumRoomDisplay *self)
{
  g_autoptr(PlenumMeeting) summary = NULL;

  if (self->engine == NULL)
    return;

  if (self->midnight_id == 0)
    arm_midnight (self);

  update_connection (self);
  if (!is_enrolled (self))
    {
      set_meeting (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, "enrol");
      return;
    }

  summary = pick_meeting (self);
  set_meeting (self, summary != NULL ? plenum_meeting_get_id (summary) : NULL);
  if (self->meeting_id != NULL)
    {
      g_clear_object (&self->meeting);
      self->meeting = plenum_sync_engine_get_meeting (self->engine, self->meeting_id);
    }
  if (self->meeting == NULL)
    {
      /* No meeting today, or its agenda is not here yet. */
      gtk_stack_set_visible_child_name (self->stack, "idle");
      return;
    }

  set_text (self->meeting_label, plenum_meeting_get_title (self->meeting));
  update_position (self);
  update_speakers (self);
  update_attendance (self);
  update_vote (self);
  gtk_stack_set_visible_child_name (self->stack, "live");
}

static gboolean
is_shown (PlenumRoomDisplay *self,
          const char        *meeting_id)
{
  return self->meeting != NULL && g_strcmp0 (self->meeting_id, meeting_id) == 0;
}

static void
on_meetings_changed_cb (PlenumSyncEngine  *engine,
                        PlenumRoomDisplay *self)
{
  update_all (self);
}

static void
on_meeting_changed_cb (PlenumSyncEngine  *engine,
                       const char        *meeting_id,
                       PlenumRoomDisplay *self)
{
  update_all (self);
}

static void
on_position_changed_cb (PlenumSyncEngine  *engine,
                        const char        *meeting_id,
                        PlenumRoomDisplay *self)
{
  if (is_shown (self, meeting_id))
    {
      update_position (self);
      /* A finished vote's result stays while the chair is on its item. */
      update_vote (self);
    }
  else
    update_all (self);
}

static void
on_speakers_changed_cb (PlenumSyncEngine  *engine,
                        const char        *meeting_id,
                        PlenumRoomDisplay *self)
{
  if (is_shown (self, meeting_id))
    update_speakers (self);
}

static void
on_quorum_changed_cb (PlenumSyncEngine  *engine,
                      const char        *meeting_id,
                      PlenumRoomDisplay *self)
{
  if (is_shown (self, meeting_id))
    {
      update_attendance (self);
      update_vote (self);
    }
}

static void
on_votes_changed_cb (PlenumSyncEngine  *engine,
                     const char        *meeting_id,
                     PlenumRoomDisplay *self)
{
  if (is_shown (self, meeting_id))
    update_vote (self);
}

/* The chair's document arrived on this terminal after the chair showed it. */
static void
on_document_changed_cb (PlenumSyncEngine  *engine,
                        const char        *sha256,
                        PlenumRoomDisplay *self)
{
  if (self->meeting != NULL && g_strcmp0 (self->awaited_sha256, sha256) == 0 &&
      plenum_sync_engine_get_document_state (engine, sha256, NULL, NULL) ==
        PLENUM_DOCUMENT_STATE_VERIFIED)
    update_position (self);
}

static void
on_state_notify_cb (PlenumSyncEngine  *engine,
                    GParamSpec        *pspec,
                    PlenumRoomDisplay *self)
{
  update_all (self);
}

static void
on_offline_since_notify_cb (PlenumSyncEngine  *engine,
                            GParamSpec        *pspec,
                            PlenumRoomDisplay *self)
{
  update_connection (self);
}

static gboolean
sign_out_cb (gpointer user_data)
{
  PlenumRoomDisplay *self = user_data;

  self->sign_out_id = 0;
  if (plenum_sync_engine_get_account (self->engine) != NULL)
    plenum_sync_engine_sign_out (self->engine);
  plenum_sign_in_page_reset (PLENUM_SIGN_IN_PAGE (self->sign_in_page));
  return G_SOURCE_REMOVE;
}

/* The room display shows the room, never one member's papers: a member who signs in
 * on its enrolment page is signed out again, and the engine goes back to the terminal
 * credential. From an idle callback: not inside the engine's own notification, while
 * it is still finishing the sign-in. */
static void
on_account_notify_cb (PlenumSyncEngine  *engine,
                      GParamSpec        *pspec,
                      PlenumRoomDisplay *self)
{
  if (plenum_sync_engine_get_account (engine) != NULL && self->sign_out_id == 0)
    self->sign_out_id = g_idle_add (sign_out_cb, self);
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
plenum_room_display_dispose (GObject *object)
{
  PlenumRoomDisplay *self = PLENUM_ROOM_DISPLAY (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_handle_id (&self->midnight_id, g_source_remove);
  g_clear_handle_id (&self->sign_out_id, g_source_remove);
  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);

  /* A focused entry of the enrolment page torn down without a focus-out keeps its
   * cursor blinking: let go of the focus first. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);

  g_clear_object (&self->meeting);
  g_clear_object (&self->engine);
  g_clear_object (&self->render_queue);
  g_clear_object (&self->render_client);

  G_OBJECT_CLASS (plenum_room_display_parent_class)->dispose (object);
}

static void
plenum_room_display_finalize (GObject *object)
{
  PlenumRoomDisplay *self = PLENUM_ROOM_DISPLAY (object);

  g_clear_pointer (&self->meeting_id, g_free);
  g_clear_pointer (&self->item_id, g_free);
  g_clear_pointer (&self->document_sha256, g_free);
  g_clear_pointer (&self->awaited_sha256, g_free);

  G_OBJECT_CLASS (plenum_room_display_parent_class)->finalize (object);
}

static void
plenum_room_display_class_init (PlenumRoomDisplayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plenum_room_display_dispose;
  object_class->finalize = plenum_room_display_finalize;
}

static GtkWidget *
build_live_page (PlenumRoomDisplay *self)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);
  GtkWidget *documents_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *vote_heading;

  gtk_widget_set_margin_top (page, 24);
  gtk_widget_set_margin_bottom (page, 24);
  gtk_widget_set_margin_start (page, 36);
  gtk_widget_set_margin_end (page, 36);

  /* The meeting, and who is here. */
  self->meeting_label = new_short_label ("plenum-room-meeting", 0.0f, 1);
  gtk_widget_set_hexpand (GTK_WIDGET (self->meeting_label), TRUE);
  self->attendance_label = new_label ("plenum-room-attendance", 1.0f);
  gtk_label_set_wrap (self->attendance_label, FALSE);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->meeting_label));
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->attendance_label));
  gtk_box_append (GTK_BOX (page), top);

  /* Where the chair is. */
  self->item_number_label = new_short_label ("plenum-room-item-number", 0.0f, 1);
  self->item_title_label = new_short_label ("plenum-room-item-title", 0.0f, 2);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->item_number_label));
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->item_title_label));

  /* The chair's page, or the item's papers. Read-only: nothing here reacts to a touch,
   * so a hand at the screen cannot turn the room's page. */
  self->content_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->content_stack), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->content_stack), TRUE);
  self->view_scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->view_scroller),
                                  GTK_POLICY_EXTERNAL, GTK_POLICY_EXTERNAL);
  gtk_widget_set_can_target (self->view_scroller, FALSE);
  gtk_widget_set_focusable (self->view_scroller, FALSE);
  gtk_stack_add_named (self->content_stack, self->view_scroller, "page");

  self->documents_label = new_label ("plenum-room-documents", 0.0f);
  gtk_widget_set_valign (GTK_WIDGET (self->documents_label), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (documents_box), GTK_WIDGET (self->documents_label));
  gtk_stack_add_named (self->content_stack, clipped (documents_box), "documents");
  gtk_stack_set_visible_child_name (self->content_stack, "documents");
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (self->content_stack));

  /* The floor and the vote, in a column beside the page. */
  gtk_widget_set_margin_top (side, 24);
  gtk_widget_set_margin_bottom (side, 24);
  gtk_widget_set_margin_start (side, 24);
  gtk_widget_set_margin_end (side, 24);
  self->speaker_heading = new_label ("plenum-room-heading", 0.0f);
  gtk_label_set_text (self->speaker_heading, _("Speakers"));
  self->speaker_label = new_short_label ("plenum-room-speaker", 0.0f, 2);
  self->queue_label = new_label ("plenum-room-queue", 0.0f);
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->speaker_heading));
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->speaker_label));
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->queue_label));

  self->vote_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_top (self->vote_box, 24);
  vote_heading = GTK_WIDGET (new_label ("plenum-room-heading", 0.0f));
  gtk_label_set_text (GTK_LABEL (vote_heading), _("Vote"));
  self->vote_title_label = new_short_label ("plenum-room-vote-title", 0.0f, 3);
  self->vote_label = new_label ("plenum-room-vote", 0.0f);
  gtk_box_append (GTK_BOX (self->vote_box), vote_heading);
  gtk_box_append (GTK_BOX (self->vote_box), GTK_WIDGET (self->vote_title_label));
  gtk_box_append (GTK_BOX (self->vote_box), GTK_WIDGET (self->vote_label));
  gtk_widget_set_visible (self->vote_box, FALSE);
  gtk_box_append (GTK_BOX (side), self->vote_box);
  {
    GtkWidget *column = clipped (side);

    gtk_widget_add_css_class (column, "plenum-room-side");
    gtk_widget_set_size_request (column, 520, -1);
    gtk_box_append (GTK_BOX (body), column);
  }
  gtk_box_append (GTK_BOX (page), body);

  self->connection_label = new_label ("plenum-room-connection", 0.5f);
  gtk_widget_set_halign (GTK_WIDGET (self->connection_label), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->connection_label));

  for (GtkLabel **label = (GtkLabel *[]) { self->meeting_label, self->attendance_label,
                                           self->item_number_label, self->item_title_label,
                                           self->documents_label, self->speaker_label,
                                           self->queue_label, self->vote_title_label,
                                           self->vote_label, self->connection_label, NULL };
       *label != NULL; label++)
    set_text (*label, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->speaker_heading), FALSE);

  return page;
}

static void
plenum_room_display_init (PlenumRoomDisplay *self)
{
  GtkWidget *starting = gtk_spinner_new ();
  GtkWidget *live;

  plenum_room_display_install_style (gtk_widget_get_display (GTK_WIDGET (self)));
  gtk_widget_add_css_class (GTK_WIDGET (self), "plenum-room-display");
  gtk_window_set_title (GTK_WINDOW (self), _("Room Display"));
  /* A wall screen has no frame to grab, and may run without a window manager. */
  gtk_window_set_decorated (GTK_WINDOW (self), FALSE);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->stack), "plenum-room");

  gtk_spinner_set_spinning (GTK_SPINNER (starting), TRUE);
  gtk_widget_set_size_request (starting, 96, 96);
  gtk_widget_set_halign (starting, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (starting, GTK_ALIGN_CENTER);
  gtk_stack_add_named (self->stack, starting, "starting");

  self->failed_label = new_label ("plenum-room-idle", 0.5f);
  gtk_widget_set_valign (GTK_WIDGET (self->failed_label), GTK_ALIGN_CENTER);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->failed_label), "failed");

  self->idle_label = new_label ("plenum-room-idle", 0.5f);
  gtk_label_set_text (self->idle_label, _("No meeting in this room today"));
  gtk_widget_set_valign (GTK_WIDGET (self->idle_label), GTK_ALIGN_CENTER);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->idle_label), "idle");

  live = build_live_page (self);
  gtk_stack_add_named (self->stack, live, "live");

  gtk_stack_set_visible_child_name (self->stack, "starting");
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), GTK_WIDGET (self->stack));
}

PlenumRoomDisplay *
plenum_room_display_new (AdwApplication *application)
{
  g_return_val_if_fail (application == NULL || ADW_IS_APPLICATION (application), NULL);

  return g_object_new (PLENUM_TYPE_ROOM_DISPLAY,
                       "application", application,
                       NULL);
}

void
plenum_room_display_set_services (PlenumRoomDisplay  *self,
                                  PlenumSyncEngine   *engine,
                                  PlenumRenderClient *render_client)
{
  g_autoptr(PlenumTextureCache) cache = NULL;

  g_return_if_fail (PLENUM_IS_ROOM_DISPLAY (self));
  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (engine));
  g_return_if_fail (PLENUM_IS_RENDER_CLIENT (render_client));
  g_return_if_fail (self->engine == NULL);

  self->engine = g_object_ref (engine);
  self->render_client = g_object_ref (render_client);
  cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  self->render_queue = plenum_render_queue_new (render_client, cache);

  self->view = PLENUM_PDF_VIEW (plenum_pdf_view_new (self->render_queue));
  gtk_widget_set_focusable (GTK_WIDGET (self->view), FALSE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->view_scroller),
                                 GTK_WIDGET (self->view));

  /* The enrolment of the sign-in page, as on any terminal. */
  self->sign_in_page = plenum_sign_in_page_new (engine);
  gtk_stack_add_named (self->stack, self->sign_in_page, "enrol");

  g_signal_connect (engine, "meetings-changed", G_CALLBACK (on_meetings_changed_cb), self);
  g_signal_connect (engine, "meeting-changed", G_CALLBACK (on_meeting_changed_cb), self);
  g_signal_connect (engine, "position-changed", G_CALLBACK (on_position_changed_cb), self);
  g_signal_connect (engine, "speakers-changed", G_CALLBACK (on_speakers_changed_cb), self);
  g_signal_connect (engine, "quorum-changed", G_CALLBACK (on_quorum_changed_cb), self);
  g_signal_connect (engine, "votes-changed", G_CALLBACK (on_votes_changed_cb), self);
  g_signal_connect (engine, "document-changed", G_CALLBACK (on_document_changed_cb), self);
  g_signal_connect (engine, "notify::terminal-syncing", G_CALLBACK (on_state_notify_cb), self);
  g_signal_connect (engine, "notify::revoked", G_CALLBACK (on_state_notify_cb), self);
  g_signal_connect (engine, "notify::offline-since", G_CALLBACK (on_offline_since_notify_cb), self);
  g_signal_connect (engine, "notify::account", G_CALLBACK (on_account_notify_cb), self);

  on_account_notify_cb (engine, NULL, self);
  update_all (self);
}

PlenumRenderQueue *
plenum_room_display_get_render_queue (PlenumRoomDisplay *self)
{
  g_return_val_if_fail (PLENUM_IS_ROOM_DISPLAY (self), NULL);

  return self->render_queue;
}

void
plenum_room_display_show_startup_error (PlenumRoomDisplay *self,
                                        const GError      *error)
{
  g_autofree char *text = NULL;

  g_return_if_fail (PLENUM_IS_ROOM_DISPLAY (self));
  g_return_if_fail (error != NULL);

  text = plenum_error_text (error);
  gtk_label_set_text (self->failed_label, text);
  gtk_stack_set_visible_child_name (self->stack, "failed");
}

const char *
plenum_room_display_get_page_name (PlenumRoomDisplay *self)
{
  g_return_val_if_fail (PLENUM_IS_ROOM_DISPLAY (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
plenum_room_display_get_meeting_id (PlenumRoomDisplay *self)
{
  g_return_val_if_fail (PLENUM_IS_ROOM_DISPLAY (self), NULL);

  return self->meeting != NULL ? self->meeting_id : NULL;
}

const char *
plenum_room_display_get_item_number_text (PlenumRoomDisplay *self)
{
  g_return_val_if_fail (PLENUM_IS_ROOM_DISPLAY (self), NULL);

  return label_text (self->item_number_label);
}

const char *
plenum_room_display_get_item_title_text (PlenumRoomDisplay *self)
{
  g_return_val_if_fail (PLENUM_IS_ROOM_DISPLAY (self), NULL);

  return label_text (self->item_title_label);
}

const char *
plenum_room_display_get_documents_text (PlenumRoomDisplay *self)
{
  g_return_val_if_fail (PLENUM_IS_ROOM_DISPLAY (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "documents") != 0)
    return "";
  return label_text (self->documents_label);
}

const char *
plenum_room_display_get_speaker_text (PlenumRoomDisplay *self)
{
  g_return_val_if_fail (PLENUM_IS_ROOM_DISPLAY (self), NULL);

  return label_text (self->speaker_label);
}

const char *
plenum_room_display_get_queue_text (PlenumRoomDisplay *self)
{
  g_return_val_if_fail (PLENUM_IS_ROOM_DISPLAY (self), NULL);

  return label_text (self->queue_label);
}

const char *
plenum_room_display_get_vote_title_text (PlenumRoomDisplay *self)
{
  g_return_val_if_fail (PLENUM_IS_ROOM_DISPLAY (self), NULL);

  return gtk_widget_get_visible (self->vote_box) ? label_text (self->vote_title_label) : "";
}

const char *
plenum_room_display_get_vote_text (PlenumRoomDisplay *self)
{
  g_return_val_if_fail (PLENUM_IS_ROOM_DISPLAY (self), NULL);

  return gtk_widget_get_visible (self->vote_box) ? label_text (self->vote_label) : "";
}

const char *
plenum_room_display_get_attendance_text (PlenumRoomDisplay *self)
{
  g_return_val_if_fail (PLENUM_IS_ROOM_DISPLAY (self), NULL);

  return label_text (self->attendance_label);
}

const char *
plenum_room_display_get_connection_text (PlenumRoomDisplay *self)
{
  g_return_val_if_fail (PLENUM_IS_ROOM_DISPLAY (self), NULL);

  return label_text (self->connection_label);
}

PlenumPdfView *
plenum_room_display_get_pdf_view (PlenumRoomDisplay *self)
{
  g_return_val_if_fail (PLENUM_IS_ROOM_DISPLAY (self), NULL);

  return self->view;
}

const char *
plenum_room_display_get_document_sha256 (PlenumRoomDisplay *self)
{
  g_return_val_if_fail (PLENUM_IS_ROOM_DISPLAY (self), NULL);

  return self->document_sha256;
}

GtkWidget *
plenum_room_display_get_item_title_label (PlenumRoomDisplay *self)
{
  g_return_val_if_fail (PLENUM_IS_ROOM_DISPLAY (self), NULL);

  return GTK_WIDGET (self->item_title_label);
}
