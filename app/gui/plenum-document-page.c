/* plenum-document-page.c — one document, one page at a time. See
 * plenum-document-page.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-document-page"

#include <errno.h>
#include <glib/gi18n.h>

#include "plenum-document-page.h"

#include "core/plenum-annotation-carry.h"
#include "core/plenum-json.h"
#include "pdf/plenum-export-client.h"
#include "store/plenum-store.h"
#include "sync/plenum-chair.h"
#include "plenum-annotation-bar.h"
#include "plenum-annotation-carry-driver.h"
#include "plenum-document-search.h"
#include "plenum-error-text.h"
#include "plenum-outline-view.h"
#include "plenum-thumbnail-strip.h"

/* Everything here belongs to the main thread (GTK's); callbacks of the layers below
 * come on its main context. */
struct _PlenumDocumentPage
{
  GtkWidget                parent_instance;

  /* template children */
  AdwWindowTitle          *window_title;
  GtkStack                *stack;
  GtkSpinner              *spinner;
  AdwStatusPage           *failed_status;
  GtkWidget               *failed_retry_button;
  GtkOverlay              *overlay;
  AdwStatusPage           *page_error_status;
  GtkLabel                *indicator_label;
  GtkButton               *mode_button;
  GtkWidget               *password_box;
  GtkEditable             *password_entry;
  GtkMenuButton           *go_to_button;
  GtkSpinButton           *go_to_spin;
  GtkAdjustment           *go_to_adjustment;
  GtkSearchBar            *search_bar;
  GtkEditable             *search_entry;
  GtkToggleButton         *accents_button;
  GtkLabel                *search_count_label;
  GtkToggleButton         *search_button;
  GtkToggleButton         *select_button;
  GtkWidget               *copy_button;
  GtkToggleButton         *outline_button;
  GtkToggleButton         *thumbnails_button;
  AdwFlap                 *flap;
  GtkRevealer             *thumbnails_revealer;
  PlenumOutlineView       *outline;
  PlenumThumbnailStrip    *thumbnails;
  PlenumRenderQueue       *thumbnail_queue; /* its own: the view's retain() must not drop
                                             * the strip's jobs (same client and cache) */
  PlenumDocumentSearch    *search;
  GtkButton               *fit_button;
  GtkWidget               *previous_button;
  GtkWidget               *next_button;
  AdwToastOverlay         *toast_overlay;
  GtkToggleButton         *markup_button;
  GtkMenuButton           *export_button;
  GtkRevealer             *annotation_revealer;
  GtkRevealer             *review_revealer;
  GtkLabel                *review_label;
  GtkMenuButton           *review_button;
  GtkListBox              *review_list;

  PlenumPdfView           *view;
  GtkPaned                *paned;        /* the document | the one beside it */
  GtkWidget               *beside_box;   /* the second pane, or NULL */
  GtkOverlay              *beside_overlay; /* its pages, and the marks shown on them */
  PlenumPdfView           *beside_view;
  GtkLabel                *beside_title;
  GCancellable            *beside_cancellable;
  GtkMenuButton           *beside_button;
  GtkListBox              *companion_list;
  GPtrArray               *companion_titles;
  GPtrArray               *companion_paths;
  char                    *watermark;
  PlenumRenderQueue       *queue;
  PlenumRenderClient      *client;
  char                    *path;
  char                    *title;
  char                    *carried_password; /* the one the packet gave, until it proves
                                              * wrong; wiped when dropped; never shown */

  PlenumDocumentPageState  state;
  GError                  *open_error;   /* why the document cannot be shown */
  char                    *status_text;  /* the sentence shown, or NULL */
  char                    *indicator_text;
  GCancellable            *cancellable;  /* opening, or NULL */
  guint                    beside_page;  /* the page the one beside opens at */

  /* Annotations: set by plenum_document_page_set_annotation_context(), else NULL. */
  PlenumInkLayer          *layer;        /* owned by the overlay */
  PlenumSyncEngine        *engine;
  PlenumDocument          *document;
  char                    *account_id;
  char                    *author_name;
  char                    *meeting_id;
  GHashTable              *unsaved;      /* id → PlenumAnnotation (NULL: a deletion):
                                          * the member's changes the store has not
                                          * committed (yet, or ever: a failed save
                                          * stays on screen) */
  GCancellable            *annotation_cancellable; /* exports and the carry-over */
  gboolean                 carry_started;
  GPtrArray               *review;       /* PlenumAnnotation waiting for review */
  gboolean                *changed_pages; /* against the earlier version, or NULL */
  guint                    n_changed_pages;
  char                    *toast_text;

  /* Where to turn once the document is open (plenum_document_page_set_page() before
   * it is ready: the chair's page for a terminal that follows), or -1. */
  gint                     pending_page;

  /* The chair's "Show everyone this page" (issue #7): set by
   * plenum_document_page_set_chair(), else NULL. */
  PlenumChair             *chair;
  char                    *chair_item_id;
  char                    *chair_document_id;
  GtkWidget               *show_everyone_button; /* in the header bar */
  GCancellable            *chair_cancellable;    /* the move in flight */

  /* Revisions (issue #8). An earlier version opened read only ("superseded-at" set by
   * the window) shows a banner; the current one of a revised document says when it was
   * revised and which pages changed against the version it replaced, worked out once
   * per pair from the pages' texts and kept in the store. */
  GDateTime               *superseded_at;
  GtkWidget               *superseded_banner; /* owned by the overlay */
  gboolean                 revision_started;
};

G_DEFINE_FINAL_TYPE (PlenumDocumentPage, plenum_document_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PAGE,
  PROP_SUPERSEDED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void view_mode_changed_cb (PlenumDocumentPage *self);
static void copy_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter);
static void selection_changed_cb (PlenumDocumentPage *self);
static void password_activate_cb (PlenumDocumentPage *self);
static void go_to_activate_cb (PlenumDocumentPage *self);
static void open_with_password_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter);
static void go_to_page_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter);
static void search_changed_cb (PlenumDocumentPage *self);
static void search_next_cb (PlenumDocumentPage *self);
static void search_previous_cb (PlenumDocumentPage *self);
static void search_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter);
static void tools_set_document (PlenumDocumentPage *self, PlenumRenderDocument *document);
static void start_carry (PlenumDocumentPage *self);
static void turn_to (PlenumDocumentPage *self, guint page);
static void show_toast (PlenumDocumentPage *self, const char *text);
static void show_everyone_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter);

static guint
n_pages (PlenumDocumentPage *self)
{
  PlenumRenderDocument *doc = plenum_pdf_view_get_document (self->view);

  return doc != NULL ? plenum_render_document_get_n_pages (doc) : 0;
}

static void
set_status_text (PlenumDocumentPage *self,
                 const char         *text)
{
  if (g_strcmp0 (self->status_text, text) == 0)
    return;
  g_free (self->status_text);
  self->status_text = g_strdup (text);
}

static void
update_page_state (PlenumDocumentPage *self)
{
  guint page = plenum_pdf_view_get_page (self->view);
  guint count = n_pages (self);
  const GError *page_error = plenum_pdf_view_get_page_error (self->view, page);
  gboolean ready = self->state == PLENUM_DOCUMENT_PAGE_READY;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.previous-page", ready && page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.first-page", ready && page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.next-page", ready && page + 1 < count);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.last-page", ready && page + 1 < count);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.retry",
                                 (self->state == PLENUM_DOCUMENT_PAGE_FAILED && self->path != NULL) ||
                                 (ready && page_error != NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.show-everyone",
                                 ready && self->chair != NULL && self->chair_cancellable == NULL);

  gtk_adjustment_set_upper (self->go_to_adjustment, MAX (count, 1));
  gtk_adjustment_set_value (self->go_to_adjustment, page + 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->go_to_button), ready && count > 1);

  g_clear_pointer (&self->indicator_text, g_free);
  if (count > 0 && page < self->n_changed_pages && self->changed_pages[page])
    /* Translators: the page indicator of a revised document, on a page whose text is
     * not in the earlier version: "Page 3 of 12 · changed". */
    self->indicator_text = g_strdup_printf (_("Page %u of %u · changed"), page + 1, count);
  else if (count > 0)
    /* Translators: the page indicator of the document viewer: "Page 3 of 12". */
    self->indicator_text = g_strdup_printf (_("Page %u of %u"), page + 1, count);
  gtk_label_set_text (self->indicator_label, self->indicator_text != NULL ? self->indicator_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->indicator_label), self->indicator_text != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->go_to_button), self->indicator_text != NULL);

  if (ready)
    {
      g_autofree char *text = page_error != NULL ? plenum_error_text (page_error) : NULL;

      adw_status_page_set_description (self->page_error_status, text);
      gtk_widget_set_visible (GTK_WIDGET (self->page_error_status), text != NULL);
      set_status_text (self, text);
    }
}

static void
set_state (PlenumDocumentPage      *self,
           PlenumDocumentPageState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  switch (state)
    {
    case PLENUM_DOCUMENT_PAGE_LOADING:
      gtk_stack_set_visible_child_name (self->stack, "loading");
      break;

    case PLENUM_DOCUMENT_PAGE_READY:
      gtk_stack_set_visible_child_name (self->stack, "view");
      break;

    case PLENUM_DOCUMENT_PAGE_FAILED:
    default:
      gtk_stack_set_visible_child_name (self->stack, "failed");
      break;
    }
  gtk_spinner_set_spinning (self->spinner, state == PLENUM_DOCUMENT_PAGE_LOADING);
  update_page_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
error_is_worth_retrying (const GError *error)
{
  return g_error_matches (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_TIMEOUT) ||
         g_error_matches (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_CRASHED) ||
         g_error_matches (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_PROTOCOL) ||
         g_error_matches (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_IO);
}

static void
show_failure (PlenumDocumentPage *self,
              const char         *text,
              gboolean            can_retry)
{
  adw_status_page_set_description (self->failed_status, text);
  gtk_widget_set_visible (self->failed_retry_button, can_retry);
  set_status_text (self, text);
  set_state (self, PLENUM_DOCUMENT_PAGE_FAILED);
}

typedef struct
{
  PlenumDocumentPage *self;        /* not a reference: dispose cancels */
  GCancellable       *cancellable;
  gboolean            carried;     /* opened with the packet's password */
} OpenRequest;

static void
document_opened_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  OpenRequest *request = user_data;
  PlenumDocumentPage *self = request->self;
  g_autoptr(PlenumRenderDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_steal_pointer (&request->cancellable);
  gboolean carried = request->carried;

  g_free (request);
  document = plenum_render_client_open_finish (PLENUM_RENDER_CLIENT (source), result, &error);
  if (g_cancellable_is_cancelled (cancellable))
    return;

  g_clear_object (&self->cancellable);

  if (document == NULL)
    {
      g_autofree char *text = plenum_error_text (error);

      g_clear_error (&self->open_error);
      self->open_error = g_error_copy (error);
      /* The packet's password did not open it (the packet was wrong): forget it, and
       * ask, as for a document that came without one. */
      if (carried && g_error_matches (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_ENCRYPTED))
        g_clear_pointer (&self->carried_password, plenum_secret_free);
      /* A password-protected document asks for its password, in place. */
      gtk_widget_set_visible (self->password_box,
                              g_error_matches (error, PLENUM_RENDER_ERROR, PLENUM_RENDER_ERROR_ENCRYPTED));
      gtk_editable_set_text (self->password_entry, "");
      show_failure (self, text, error_is_worth_retrying (error));
      if (gtk_widget_get_visible (self->password_box))
        gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }

  plenum_pdf_view_set_document (self->view, document);
  tools_set_document (self, document);
  /* Opened one page at a time, the page whole: what a paper reader expects; the column
   * of pages is one tap away (doc.page-mode). */
  plenum_pdf_view_set_mode (self->view, PLENUM_PDF_VIEW_SINGLE_PAGE);
  plenum_pdf_view_set_sizing (self->view, PLENUM_PDF_VIEW_FIT_PAGE);
  set_status_text (self, NULL);
  set_state (self, PLENUM_DOCUMENT_PAGE_READY);
  if (self->pending_page >= 0)
    turn_to (self, (guint) self->pending_page);
  self->pending_page = -1;
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
open_document_with (PlenumDocumentPage *self,
                    const char         *password);

/* With the packet's password when it carried one (and it has not proved wrong). */
static void
open_document (PlenumDocumentPage *self)
{
  open_document_with (self, self->carried_password);
}

static void
open_document_with (PlenumDocumentPage *self,
                    const char         *password)
{
  OpenRequest *request;

  if (self->path == NULL)
    {
      show_failure (self, plenum_error_text_not_verified (), FALSE);
      return;
    }

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->open_error);

  set_state (self, PLENUM_DOCUMENT_PAGE_LOADING);

  self->cancellable = g_cancellable_new ();
  request = g_new0 (OpenRequest, 1);
  request->self = self;
  request->cancellable = g_object_ref (self->cancellable);
  request->carried = password != NULL && password == self->carried_password;
  plenum_render_client_open_with_password_async (self->client, self->path, password,
                                                 self->cancellable, document_opened_cb, request);
}

static void
turn_to (PlenumDocumentPage *self,
         guint               page)
{
  guint count = n_pages (self);

  if (self->state != PLENUM_DOCUMENT_PAGE_READY || count == 0)
    return;

  plenum_pdf_view_set_page (self->view, MIN (page, count - 1));
}

static void
next_page_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PlenumDocumentPage *self = PLENUM_DOCUMENT_PAGE (widget);

  turn_to (self, plenum_pdf_view_get_page (self->view) + 1);
}

static void
previous_page_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PlenumDocumentPage *self = PLENUM_DOCUMENT_PAGE (widget);
  guint page = plenum_pdf_view_get_page (self->view);

  if (page > 0)
    turn_to (self, page - 1);
}

static void
first_page_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  turn_to (PLENUM_DOCUMENT_PAGE (widget), 0);
}

static void
last_page_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  turn_to (PLENUM_DOCUMENT_PAGE (widget), G_MAXUINT);
}

static void
retry_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PlenumDocumentPage *self = PLENUM_DOCUMENT_PAGE (widget);

  if (self->state == PLENUM_DOCUMENT_PAGE_FAILED)
    open_document (self);
  else if (self->state == PLENUM_DOCUMENT_PAGE_READY)
    plenum_pdf_view_retry (self->view);
}

static void
view_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlenumDocumentPage *self = PLENUM_DOCUMENT_PAGE (widget);

  if (self->state != PLENUM_DOCUMENT_PAGE_READY)
    return;
  if (g_str_equal (action_name, "doc.zoom-in"))
    gtk_widget_activate_action (GTK_WIDGET (self->view), "pdf.zoom-in", NULL);
  else if (g_str_equal (action_name, "doc.zoom-out"))
    gtk_widget_activate_action (GTK_WIDGET (self->view), "pdf.zoom-out", NULL);
  else if (g_str_equal (action_name, "doc.fit"))
    {
      /* One button: fit the width, and when the width is fitted, the whole page. */
      gboolean width = plenum_pdf_view_get_sizing (self->view) == PLENUM_PDF_VIEW_FIT_WIDTH;

      plenum_pdf_view_set_sizing (self->view, width ? PLENUM_PDF_VIEW_FIT_PAGE
                                                    : PLENUM_PDF_VIEW_FIT_WIDTH);
    }
  else if (g_str_equal (action_name, "doc.page-mode"))
    {
      gboolean single = plenum_pdf_view_get_mode (self->view) == PLENUM_PDF_VIEW_SINGLE_PAGE;

      plenum_pdf_view_set_mode (self->view, single ? PLENUM_PDF_VIEW_CONTINUOUS
                                                   : PLENUM_PDF_VIEW_SINGLE_PAGE);
      /* One page at a time is read whole. */
      if (!single)
        plenum_pdf_view_set_sizing (self->view, PLENUM_PDF_VIEW_FIT_PAGE);
    }
}

/* The toggles' icons and labels say what a tap does next. */
static void
view_mode_changed_cb (PlenumDocumentPage *self)
{
  gboolean single = plenum_pdf_view_get_mode (self->view) == PLENUM_PDF_VIEW_SINGLE_PAGE;
  gboolean width = plenum_pdf_view_get_sizing (self->view) == PLENUM_PDF_VIEW_FIT_WIDTH;
  const char *mode_label = single ? _("Show pages in a column") : _("Show one page at a time");
  const char *fit_label = width ? _("Fit the whole page") : _("Fit the page width");

  gtk_button_set_icon_name (self->mode_button, single ? "view-continuous-symbolic"
                                                      : "view-paged-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mode_button), mode_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mode_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, mode_label, -1);
  gtk_button_set_icon_name (self->fit_button, width ? "zoom-fit-best-symbolic"
                                                    : "zoom-original-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->fit_button), fit_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fit_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, fit_label, -1);
  /* Page buttons over the page only where pages are turned. */
  gtk_widget_set_visible (self->previous_button, single);
  gtk_widget_set_visible (self->next_button, single);
}

static void
view_page_changed_cb (PlenumDocumentPage *self)
{
  update_page_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
view_error_changed_cb (PlenumDocumentPage *self)
{
  update_page_state (self);
}

/* Text selection */

static void
copy_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlenumDocumentPage *self = PLENUM_DOCUMENT_PAGE (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->view), "pdf.copy", NULL);
}

/* "Copy" over the page while text is selected — never for a confidential document. */
static void
selection_changed_cb (PlenumDocumentPage *self)
{
  gtk_widget_set_visible (self->copy_button,
                          plenum_pdf_view_get_has_selection (self->view) && self->watermark == NULL);
}

/* Password and page jump */

static void
password_activate_cb (PlenumDocumentPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "doc.open-with-password", NULL);
}

static void
open_with_password_action_cb (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  PlenumDocumentPage *self = PLENUM_DOCUMENT_PAGE (widget);
  const char *password = gtk_editable_get_text (self->password_entry);

  if (self->path == NULL || password[0] == '\0')
    return;
  open_document_with (self, password);
  /* The render document keeps it (wiped when it goes); the entry does not. */
  gtk_editable_set_text (self->password_entry, "");
}

void
plenum_document_page_open_with_password (PlenumDocumentPage *self,
                                         const char         *password)
{
  g_return_if_fail (PLENUM_IS_DOCUMENT_PAGE (self));
  g_return_if_fail (password != NULL);

  gtk_editable_set_text (self->password_entry, password);
  gtk_widget_activate_action (GTK_WIDGET (self), "doc.open-with-password", NULL);
}

static void
go_to_page_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlenumDocumentPage *self = PLENUM_DOCUMENT_PAGE (widget);
  guint number = g_variant_get_uint32 (parameter);

  gtk_menu_button_popdown (self->go_to_button);
  if (number >= 1)
    turn_to (self, number - 1);
}

static void
go_to_activate_cb (PlenumDocumentPage *self)
{
  gtk_spin_button_update (self->go_to_spin);
  gtk_widget_activate_action (GTK_WIDGET (self), "doc.go-to-page", "u",
                              (guint32) gtk_spin_button_get_value_as_int (self->go_to_spin));
}

/* Search, outline, thumbnails */

static void
update_search_count (PlenumDocumentPage *self)
{
  g_autofree char *text = NULL;
  guint n = self->search != NULL ? plenum_document_search_get_n_matches (self->search) : 0;
  int current = self->search != NULL ? plenum_document_search_get_current (self->search, NULL) : -1;
  const char *query = gtk_editable_get_text (self->search_entry);

  if (query[0] == '\0')
    text = g_strdup ("");
  else if (n == 0)
    text = g_strdup (self->search != NULL && plenum_document_search_get_searching (self->search)
                     ? "" : _("No matches"));
  else if (current < 0)
    /* Translators: how many places the search text was found in the document. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", n), n);
  else
    /* Translators: the current match of a search and how many there are: "3 of 12". */
    text = g_strdup_printf (_("%d of %u"), current + 1, n);
  gtk_label_set_text (self->search_count_label, text);
}

static void
search_results_changed_cb (PlenumDocumentPage *self)
{
  plenum_pdf_view_set_highlights (self->view, plenum_document_search_get_hits (self->search),
                                  plenum_document_search_get_current (self->search, NULL));
  update_search_count (self);
}

static void
show_current_match (PlenumDocumentPage *self)
{
  const PlenumRenderHit *hit = plenum_document_search_get_current_hit (self->search);

  search_results_changed_cb (self);
  if (hit != NULL)
    plenum_pdf_view_show_rect (self->view, hit->page, hit->x, hit->y, hit->width, hit->height);
}

static void
search_changed_cb (PlenumDocumentPage *self)
{
  PlenumRenderSearchFlags flags = gtk_toggle_button_get_active (self->accents_button)
                                  ? PLENUM_RENDER_SEARCH_IGNORE_DIACRITICS
                                  : PLENUM_RENDER_SEARCH_DEFAULT;

  if (self->search == NULL)
    return;
  plenum_document_search_start (self->search, gtk_editable_get_text (self->search_entry), flags,
                                plenum_pdf_view_get_page (self->view));
  search_results_changed_cb (self);
}

static void
search_next_cb (PlenumDocumentPage *self)
{
  if (self->search != NULL && plenum_document_search_next (self->search))
    show_current_match (self);
}

static void
search_previous_cb (PlenumDocumentPage *self)
{
  if (self->search != NULL && plenum_document_search_previous (self->search))
    show_current_match (self);
}

static void
search_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PlenumDocumentPage *self = PLENUM_DOCUMENT_PAGE (widget);

  if (g_str_equal (action_name, "doc.search-next"))
    search_next_cb (self);
  else
    search_previous_cb (self);
}

static void
page_activated_cb (PlenumDocumentPage *self,
                   guint               page)
{
  turn_to (self, page);
  /* A folded (narrow) outline makes room for the page again. */
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

/* The tools follow the document once it is open. */
static void
tools_set_document (PlenumDocumentPage   *self,
                    PlenumRenderDocument *document)
{
  g_clear_object (&self->search);
  if (document != NULL)
    {
      self->search = plenum_document_search_new (self->client, document);
      g_signal_connect_swapped (self->search, "changed", G_CALLBACK (search_results_changed_cb), self);
      /* "No matches" is said once the search is over. */
      g_signal_connect_swapped (self->search, "notify::searching", G_CALLBACK (update_search_count), self);
    }
  plenum_outline_view_set_document (self->outline, document);
  plenum_thumbnail_strip_set_document (self->thumbnails, document);
  if (self->layer != NULL)
    plenum_ink_layer_set_text_source (self->layer, self->client, document);
  if (document != NULL)
    start_carry (self);
  if (gtk_editable_get_text (self->search_entry)[0] != '\0')
    search_changed_cb (self);
}

void
plenum_document_page_search (PlenumDocumentPage *self,
                             const char         *text,
                             gboolean            ignore_diacritics)
{
  g_return_if_fail (PLENUM_IS_DOCUMENT_PAGE (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_toggle_button_set_active (self->accents_button, ignore_diacritics);
  gtk_editable_set_text (self->search_entry, text);
  /* At once, not after the entry's typing delay. */
  search_changed_cb (self);
}

PlenumDocumentSearch *
plenum_document_page_get_search (PlenumDocumentPage *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), NULL);
  return self->search;
}

PlenumOutlineView *
plenum_document_page_get_outline (PlenumDocumentPage *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), NULL);
  return self->outline;
}

PlenumThumbnailStrip *
plenum_document_page_get_thumbnails (PlenumDocumentPage *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), NULL);
  return self->thumbnails;
}

/* Split view */

static void
beside_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GCancellable) cancellable = user_data;
  g_autoptr(PlenumRenderDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  PlenumDocumentPage *self;

  document = plenum_render_client_open_finish (PLENUM_RENDER_CLIENT (source), result, &error);
  if (g_cancellable_is_cancelled (cancellable))
    return;
  self = g_object_get_data (G_OBJECT (cancellable), "page");
  if (document == NULL)
    {
      g_autofree char *text = plenum_error_text (error);

      gtk_label_set_text (self->beside_title, text);
      return;
    }
  plenum_pdf_view_set_document (self->beside_view, document);
  if (self->beside_page > 0)
    plenum_pdf_view_set_page (self->beside_view,
                              MIN (self->beside_page, plenum_render_document_get_n_pages (document) - 1));
}

static void
close_beside_cb (PlenumDocumentPage *self)
{
  plenum_document_page_open_beside (self, NULL, NULL);
}

void
plenum_document_page_open_beside (PlenumDocumentPage *self,
                                  const char         *path,
                                  const char         *title)
{
  GtkWidget *header, *close, *scrolled;

  g_return_if_fail (PLENUM_IS_DOCUMENT_PAGE (self));

  if (self->beside_cancellable != NULL)
    g_cancellable_cancel (self->beside_cancellable);
  g_clear_object (&self->beside_cancellable);
  if (self->beside_box != NULL)
    {
      gtk_paned_set_end_child (self->paned, NULL);
      self->beside_box = NULL;
      self->beside_overlay = NULL;
      self->beside_view = NULL;
      self->beside_title = NULL;
    }
  self->beside_page = 0;
  if (path == NULL)
    return;

  self->beside_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (header, "toolbar");
  self->beside_title = GTK_LABEL (gtk_label_new (title));
  gtk_label_set_ellipsize (self->beside_title, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->beside_title), TRUE);
  gtk_label_set_xalign (self->beside_title, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->beside_title), "heading");
  close = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_add_css_class (close, "plenum-touch");
  gtk_widget_set_tooltip_text (close, _("Close this document"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (close), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Close this document"), -1);
  g_signal_connect_swapped (close, "clicked", G_CALLBACK (close_beside_cb), self);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->beside_title));
  gtk_box_append (GTK_BOX (header), close);

  self->beside_view = PLENUM_PDF_VIEW (plenum_pdf_view_new (self->queue));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->beside_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  plenum_pdf_view_set_watermark (self->beside_view, self->watermark);
  scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->beside_view));
  self->beside_overlay = GTK_OVERLAY (gtk_overlay_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->beside_overlay), TRUE);
  gtk_overlay_set_child (self->beside_overlay, scrolled);
  gtk_box_append (GTK_BOX (self->beside_box), header);
  gtk_box_append (GTK_BOX (self->beside_box), GTK_WIDGET (self->beside_overlay));
  gtk_paned_set_end_child (self->paned, self->beside_box);
  /* Half and half. */
  gtk_paned_set_position (self->paned, gtk_widget_get_width (GTK_WIDGET (self->paned)) / 2);

  self->beside_cancellable = g_cancellable_new ();
  g_object_set_data (G_OBJECT (self->beside_cancellable), "page", self);
  plenum_render_client_open_async (self->client, path, self->beside_cancellable,
                                   beside_opened_cb, g_object_ref (self->beside_cancellable));
}

PlenumPdfView *
plenum_document_page_get_beside_view (PlenumDocumentPage *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), NULL);
  return self->beside_view;
}

static void
open_beside_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PlenumDocumentPage *self = PLENUM_DOCUMENT_PAGE (widget);
  guint i = g_variant_get_uint32 (parameter);

  gtk_menu_button_popdown (self->beside_button);
  if (self->companion_paths == NULL || i >= self->companion_paths->len)
    return;
  plenum_document_page_open_beside (self, g_ptr_array_index (self->companion_paths, i),
                                    g_ptr_array_index (self->companion_titles, i));
}

void
plenum_document_page_set_companions (PlenumDocumentPage *self,
                                     const char * const *titles,
                                     const char * const *paths)
{
  GtkWidget *child;

  g_return_if_fail (PLENUM_IS_DOCUMENT_PAGE (self));

  g_clear_pointer (&self->companion_titles, g_ptr_array_unref);
  g_clear_pointer (&self->companion_paths, g_ptr_array_unref);
  self->companion_titles = g_ptr_array_new_with_free_func (g_free);
  self->companion_paths = g_ptr_array_new_with_free_func (g_free);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->companion_list))) != NULL)
    gtk_list_box_remove (self->companion_list, child);
  for (guint i = 0; titles != NULL && titles[i] != NULL && paths[i] != NULL; i++)
    {
      GtkWidget *label = gtk_label_new (titles[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_width_chars (GTK_LABEL (label), 16);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_widget_add_css_class (row, "plenum-touch");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      /* A tap on the row activates doc.open-beside with its index. */
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "doc.open-beside");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "u", i);
      gtk_list_box_append (self->companion_list, row);
      g_ptr_array_add (self->companion_titles, g_strdup (titles[i]));
      g_ptr_array_add (self->companion_paths, g_strdup (paths[i]));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->beside_button), self->companion_paths->len > 0);
}

void
plenum_document_page_set_watermark (PlenumDocumentPage *self,
                                    const char         *text)
{
  g_return_if_fail (PLENUM_IS_DOCUMENT_PAGE (self));

  g_free (self->watermark);
  self->watermark = g_strdup (text);
  plenum_pdf_view_set_watermark (self->view, text);
  if (self->beside_view != NULL)
    plenum_pdf_view_set_watermark (self->beside_view, text);
  selection_changed_cb (self);
}

/* The chair (issue #7) */

static void
chair_moved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PlenumDocumentPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!plenum_chair_finish (PLENUM_CHAIR (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->chair_cancellable);
  update_page_state (self);
  if (error != NULL)
    {
      g_autofree char *text = plenum_error_text (error);

      show_toast (self, text);
    }
  /* Success says nothing here: every terminal, this one too, shows the move when the
   * engine emits "position-changed". */
}

static void
show_everyone_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PlenumDocumentPage *self = PLENUM_DOCUMENT_PAGE (widget);

  if (self->chair == NULL || self->chair_cancellable != NULL ||
      self->state != PLENUM_DOCUMENT_PAGE_READY)
    return;

  self->chair_cancellable = g_cancellable_new ();
  update_page_state (self);
  plenum_chair_move_async (self->chair, self->chair_item_id, self->chair_document_id,
                           (gint) plenum_pdf_view_get_page (self->view), self->chair_cancellable,
                           chair_moved_cb, g_object_ref (self));
}

void
plenum_document_page_set_chair (PlenumDocumentPage *self,
                                PlenumChair        *chair,
                                const char         *item_id,
                                const char         *document_id)
{
  GtkWidget *header;

  g_return_if_fail (PLENUM_IS_DOCUMENT_PAGE (self));
  g_return_if_fail (chair == NULL || PLENUM_IS_CHAIR (chair));
  g_return_if_fail (chair == NULL || (item_id != NULL && document_id != NULL));

  if (self->chair_cancellable != NULL)
    g_cancellable_cancel (self->chair_cancellable);
  g_clear_object (&self->chair_cancellable);
  g_set_object (&self->chair, chair);
  g_free (self->chair_item_id);
  self->chair_item_id = g_strdup (item_id);
  g_free (self->chair_document_id);
  self->chair_document_id = g_strdup (document_id);

  /* The template's header bar has no place of its own for it: it goes at the start,
   * after the back button, where the chair finds it without looking for it. */
  header = gtk_widget_get_ancestor (GTK_WIDGET (self->window_title), ADW_TYPE_HEADER_BAR);
  if (self->show_everyone_button == NULL && chair != NULL && header != NULL)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = adw_button_content_new ();

      adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "video-display-symbolic");
      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Show everyone this page"));
      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "doc.show-everyone");
      gtk_widget_add_css_class (button, "plenum-touch");
      gtk_widget_add_css_class (button, "suggested-action");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("Every terminal in the room turns to this page"), -1);
      adw_header_bar_pack_start (ADW_HEADER_BAR (header), button);
      self->show_everyone_button = button;
    }
  if (self->show_everyone_button != NULL)
    gtk_widget_set_visible (self->show_everyone_button, chair != NULL);
  update_page_state (self);
}

GtkWidget *
plenum_document_page_get_show_everyone_button (PlenumDocumentPage *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), NULL);

  return self->show_everyone_button;
}

/* Annotations */

static void
object_unref0 (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
show_toast (PlenumDocumentPage *self,
            const char         *text)
{
  AdwToast *toast;

  g_free (self->toast_text);
  self->toast_text = g_strdup (text);
  if (self->toast_overlay == NULL)
    return;
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 8);
  /* The overlay takes the toast's reference. */
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static const char *
kind_text (PlenumAnnotationKind kind)
{
  switch (kind)
    {
    case PLENUM_ANNOTATION_HIGHLIGHT:
      return _("Highlight");
    case PLENUM_ANNOTATION_NOTE:
      return _("Note");
    case PLENUM_ANNOTATION_INK:
    default:
      return _("Pen mark");
    }
}

/* The banner and the list of the marks that could not be carried to this version. */
static void
set_review (PlenumDocumentPage *self,
            GPtrArray          *review)
{
  GtkWidget *child;

  g_clear_pointer (&self->review, g_ptr_array_unref);
  self->review = g_ptr_array_ref (review);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->review_list))) != NULL)
    gtk_list_box_remove (self->review_list, child);
  for (guint i = 0; i < review->len; i++)
    {
      PlenumAnnotation *annotation = g_ptr_array_index (review, i);
      const char *quote = NULL;
      g_autofree char *text = NULL;
      GtkWidget *row, *label;

      plenum_annotation_get_anchor (annotation, &quote, NULL, NULL);
      if (quote == NULL && plenum_annotation_get_kind (annotation) == PLENUM_ANNOTATION_NOTE)
        quote = plenum_annotation_get_text (annotation);
      if (quote != NULL)
        /* Translators: a mark that needs review: its kind, its page in the earlier
         * version of the document, and the text it was on: "Highlight · page 3 of the
         * earlier version · “the quoted words”". */
        text = g_strdup_printf (_("%s · page %u of the earlier version · “%s”"),
                                kind_text (plenum_annotation_get_kind (annotation)),
                                plenum_annotation_get_page (annotation) + 1, quote);
      else
        /* Translators: a mark that needs review: its kind and its page in the earlier
         * version of the document: "Pen mark · page 3 of the earlier version". */
        text = g_strdup_printf (_("%s · page %u of the earlier version"),
                                kind_text (plenum_annotation_get_kind (annotation)),
                                plenum_annotation_get_page (annotation) + 1);
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
      gtk_label_set_lines (GTK_LABEL (label), 3);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      row = gtk_list_box_row_new ();
      gtk_widget_add_css_class (row, "plenum-touch");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      /* A tap shows the earlier version beside this one, at the mark's page. */
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "doc.show-review");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "u", i);
      gtk_list_box_append (self->review_list, row);
    }
  if (review->len > 0)
    {
      g_autofree char *text =
        /* Translators: the banner over a revised document. */
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u of your marks needs your review: it could not be placed on this version with confidence.",
                                      "%u of your marks need your review: they could not be placed on this version with confidence.",
                                      review->len),
                         review->len);

      gtk_label_set_text (self->review_label, text);
    }
  gtk_revealer_set_reveal_child (self->review_revealer, review->len > 0);
}

/* Shows the stored annotations of this document's version (and the member's changes
 * that are not stored yet, as they are on screen); lists the member's marks on earlier
 * versions that wait for review. The layer keeps a stroke in progress across this. */
static void
reload_annotations (PlenumDocumentPage *self)
{
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) review = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *sha256 = plenum_document_get_sha256 (self->document);
  GHashTableIter iter;
  gpointer value;

  if (self->layer == NULL)
    return;

  stored = plenum_store_list_annotations (plenum_sync_engine_get_store (self->engine), self->account_id,
                                          plenum_document_get_id (self->document), &error);
  if (error != NULL)
    g_warning ("could not read every mark of document %s: %s",
               plenum_document_get_id (self->document), error->message);
  for (guint i = 0; stored != NULL && i < stored->len; i++)
    {
      PlenumAnnotation *annotation = g_ptr_array_index (stored, i);

      if (g_hash_table_contains (self->unsaved, plenum_annotation_get_id (annotation)))
        continue;
      if (g_strcmp0 (plenum_annotation_get_document_sha256 (annotation), sha256) == 0)
        g_ptr_array_add (shown, g_object_ref (annotation));
      else if (plenum_annotation_get_needs_review (annotation) &&
               g_strcmp0 (plenum_annotation_get_author_id (annotation), self->account_id) == 0)
        g_ptr_array_add (review, g_object_ref (annotation));
    }
  g_hash_table_iter_init (&iter, self->unsaved);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value != NULL && g_strcmp0 (plenum_annotation_get_document_sha256 (value), sha256) == 0)
      g_ptr_array_add (shown, g_object_ref (value));
  plenum_ink_layer_set_annotations (self->layer, shown);
  set_review (self, review);
}

static void
sync_annotations_changed_cb (PlenumSyncEngine   *engine,
                             const char         *meeting_id,
                             const char         *document_id,
                             PlenumDocumentPage *self)
{
  if (self->document != NULL && g_strcmp0 (document_id, plenum_document_get_id (self->document)) == 0)
    reload_annotations (self);
}

typedef struct
{
  PlenumDocumentPage *self;        /* a reference: the save outlives a closed page */
  PlenumAnnotation   *annotation;  /* what was saved; NULL: a deletion */
  char               *id;
} SaveRequest;

static void
save_request_free (SaveRequest *request)
{
  g_object_unref (request->self);
  g_clear_object (&request->annotation);
  g_free (request->id);
  g_free (request);
}

/* The store has it (or refused it). A newer change of the same mark stays unsaved until
 * its own save is done. */
static void
annotation_stored (SaveRequest  *request,
                   const GError *error)
{
  PlenumDocumentPage *self = request->self;
  gpointer current = NULL;

  if (error != NULL)
    {
      g_autofree char *text = plenum_error_text (error);

      /* It stays on screen (and in @unsaved, so a reload keeps it there); the member
       * sees that it is not saved. */
      g_warning ("could not save the mark %s on document %s: %s", request->id,
                 self->document != NULL ? plenum_document_get_id (self->document) : "?", error->message);
      show_toast (self, text);
      return;
    }
  if (self->unsaved != NULL &&
      g_hash_table_lookup_extended (self->unsaved, request->id, NULL, &current) &&
      current == request->annotation)
    g_hash_table_remove (self->unsaved, request->id);
}

static void
annotation_saved_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SaveRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *operation_id = NULL;

  operation_id = plenum_store_save_annotation_finish (PLENUM_STORE (source), result, &error);
  annotation_stored (request, operation_id != NULL ? NULL : error);
  save_request_free (request);
}

static void
annotation_deleted_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  SaveRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *operation_id = NULL;

  /* NULL without an error: nothing of it had reached the server. */
  operation_id = plenum_store_delete_annotation_finish (PLENUM_STORE (source), result, &error);
  annotation_stored (request, error);
  save_request_free (request);
}

/* The layer applied the member's change: store it. Saves are never cancelled (closing
 * the page must not lose a mark); a copy is saved, as the layer may change its own
 * object again before the store has read it. */
static void
annotation_edited_cb (PlenumDocumentPage *self,
                      PlenumAnnotation   *annotation)
{
  SaveRequest *request = g_new0 (SaveRequest, 1);

  request->self = g_object_ref (self);
  request->annotation = plenum_annotation_copy (annotation);
  request->id = g_strdup (plenum_annotation_get_id (annotation));
  g_hash_table_replace (self->unsaved, g_strdup (request->id), g_object_ref (request->annotation));
  plenum_store_save_annotation_async (plenum_sync_engine_get_store (self->engine), self->account_id,
                                      self->meeting_id, request->annotation, NULL,
                                      annotation_saved_cb, request);
}

static void
annotation_removed_cb (PlenumDocumentPage *self,
                       PlenumAnnotation   *annotation)
{
  SaveRequest *request = g_new0 (SaveRequest, 1);

  request->self = g_object_ref (self);
  request->id = g_strdup (plenum_annotation_get_id (annotation));
  g_hash_table_replace (self->unsaved, g_strdup (request->id), NULL);
  plenum_store_delete_annotation_async (plenum_sync_engine_get_store (self->engine), self->account_id,
                                        self->meeting_id, request->id, NULL,
                                        annotation_deleted_cb, request);
}

/* "Mark up" on: the pen, ready to write (a stylus draws either way). Off: touch pans. */
static void
markup_toggled_cb (PlenumDocumentPage *self)
{
  gboolean active = gtk_toggle_button_get_active (self->markup_button);

  if (self->layer == NULL)
    return;
  if (active)
    {
      /* A drag writes now; it cannot select text as well. */
      gtk_toggle_button_set_active (self->select_button, FALSE);
      if (plenum_ink_layer_get_tool (self->layer) == PLENUM_INK_TOOL_NONE)
        plenum_ink_layer_set_tool (self->layer, PLENUM_INK_TOOL_PEN);
    }
  else
    plenum_ink_layer_set_tool (self->layer, PLENUM_INK_TOOL_NONE);
}

/* Export */

typedef struct
{
  PlenumDocumentPage *self;
  char               *path;
} ExportRequest;

static void
export_request_free (ExportRequest *request)
{
  g_object_unref (request->self);
  g_free (request->path);
  g_free (request);
}

static void
copy_exported_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ExportRequest *request = user_data;
  PlenumDocumentPage *self = request->self;
  g_autoptr(GError) error = NULL;

  if (!plenum_export_copy_finish (result, &error) && self->document == NULL)
    {
      /* The page was closed: nobody to tell. */
      export_request_free (request);
      return;
    }
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = plenum_error_text (error);

          g_warning ("could not save an annotated copy of document %s: %s",
                     plenum_document_get_id (self->document), error->message);
          show_toast (self, text);
        }
    }
  else
    {
      /* Translators: %s is where the annotated copy was saved (a file path). */
      g_autofree char *text = g_strdup_printf (_("Annotated copy saved as %s"), request->path);

      show_toast (self, text);
    }
  export_request_free (request);
}

/* Where a copy goes. Only safe parts: the user's documents folder (else the home
 * folder), a "Plenum" folder in it (private), and a name made of the document's id,
 * which is a checked UUID, and the kind of copy. Never the title: it comes from the
 * server, could hold "/" or "..", and two documents may share one. */
static char *
export_path (PlenumDocumentPage  *self,
             PlenumExportMode     mode,
             GError             **error)
{
  const char *base = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  const char *id = plenum_document_get_id (self->document);
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;

  if (!plenum_is_uuid (id))
    {
      g_set_error (error, PLENUM_EXPORT_ERROR, PLENUM_EXPORT_ERROR_FAILED,
                   "the document's id is not a UUID");
      return NULL;
    }
  if (base == NULL)
    base = g_get_home_dir ();
  folder = g_build_filename (base, "Plenum", NULL);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, PLENUM_EXPORT_ERROR, PLENUM_EXPORT_ERROR_FAILED,
                   "cannot make the folder %s: %s", folder, g_strerror (saved_errno));
      return NULL;
    }
  name = g_strdup_printf ("%s-%s.pdf", id, mode == PLENUM_EXPORT_MODE_EDITABLE ? "annotations" : "flat");
  return g_build_filename (folder, name, NULL);
}

static void
export_copy_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PlenumDocumentPage *self = PLENUM_DOCUMENT_PAGE (widget);
  PlenumExportMode mode = g_str_equal (g_variant_get_string (parameter, NULL), "editable")
                          ? PLENUM_EXPORT_MODE_EDITABLE : PLENUM_EXPORT_MODE_FLATTENED;
  g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  GPtrArray *shown;
  ExportRequest *request;
  char *path;

  if (self->layer == NULL || self->path == NULL || plenum_document_get_confidential (self->document))
    return;

  /* The member's own marks on this version, as on screen (unsaved ones too): not
   * others' shared ones, which are theirs. */
  shown = plenum_ink_layer_get_annotations (self->layer);
  for (guint i = 0; i < shown->len; i++)
    {
      PlenumAnnotation *annotation = g_ptr_array_index (shown, i);

      if (g_strcmp0 (plenum_annotation_get_author_id (annotation), self->account_id) == 0 &&
          g_strcmp0 (plenum_annotation_get_document_sha256 (annotation),
                     plenum_document_get_sha256 (self->document)) == 0)
        g_ptr_array_add (own, g_object_ref (annotation));
    }

  path = export_path (self, mode, &error);
  if (path == NULL)
    {
      g_autofree char *text = NULL;

      g_assert (error != NULL);  /* export_path() fails only with one */
      text = plenum_error_text (error);

      g_warning ("could not save an annotated copy of document %s: %s",
                 plenum_document_get_id (self->document), error->message);
      show_toast (self, text);
      return;
    }
  request = g_new0 (ExportRequest, 1);
  request->self = g_object_ref (self);
  request->path = path;
  plenum_export_copy_async (self->path, plenum_document_get_password (self->document), own, mode,
                            plenum_document_get_confidential (self->document), self->author_name,
                            path, self->annotation_cancellable, copy_exported_cb, request);
}

/* The revision notice (issue #8) */

static void set_changed_pages (PlenumDocumentPage *self,
                               const gboolean     *changed,
                               guint               n_pages);

static void
update_revision_subtitle (PlenumDocumentPage *self)
{
  g_autofree char *text = NULL;

  if (self->superseded_at != NULL)
    text = g_strdup (_("Superseded"));
  else if (self->document != NULL && self->engine != NULL &&
           plenum_document_get_n_superseded (self->document) > 0)
    {
      const PlenumDocumentVersion *last = plenum_document_get_superseded (self->document, 0);
      g_autoptr(GDateTime) local =
        g_date_time_to_local (plenum_document_version_get_superseded_at (last));
      /* Translators: a date and time, as in "27/11 18:00". */
      g_autofree char *when = g_date_time_format (local, _("%d/%m %H:%M"));
      guint n_changed = 0;

      if (plenum_store_get_revision_changes (plenum_sync_engine_get_store (self->engine),
                                             plenum_document_version_get_sha256 (last),
                                             plenum_document_get_sha256 (self->document),
                                             NULL, NULL, &n_changed))
        /* Translators: "Revised on 27/11 18:00 — 3 pages changed". */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Revised on %s — %u page changed",
                                             "Revised on %s — %u pages changed", n_changed),
                                when, n_changed);
      else
        /* Translators: %s is a date and time. */
        text = g_strdup_printf (_("Revised on %s"), when);
    }
  adw_window_title_set_subtitle (self->window_title, text);
}

static void
set_superseded_at (PlenumDocumentPage *self,
                   GDateTime          *superseded_at)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  if (superseded_at == NULL && self->superseded_at == NULL)
    return;
  if (superseded_at != NULL && self->superseded_at != NULL &&
      g_date_time_equal (superseded_at, self->superseded_at))
    return;
  g_clear_pointer (&self->superseded_at, g_date_time_unref);
  if (self->superseded_banner != NULL)
    {
      gtk_overlay_remove_overlay (self->overlay, self->superseded_banner);
      self->superseded_banner = NULL;
    }
  if (superseded_at != NULL)
    {
      self->superseded_at = g_date_time_ref (superseded_at);
      local = g_date_time_to_local (superseded_at);
      /* Translators: a date and time, as in "27/11 18:00". */
      when = g_date_time_format (local, _("%d/%m %H:%M"));
      /* Translators: %s is a date and time. */
      text = g_strdup_printf (_("Superseded: this is an earlier version, replaced on %s. The meeting's page has the current one."),
                              when);
      self->superseded_banner = gtk_label_new (text);
      gtk_label_set_wrap (GTK_LABEL (self->superseded_banner), TRUE);
      gtk_widget_set_valign (self->superseded_banner, GTK_ALIGN_START);
      gtk_widget_set_halign (self->superseded_banner, GTK_ALIGN_FILL);
      gtk_widget_add_css_class (self->superseded_banner, "plenum-superseded-banner");
      gtk_widget_add_css_class (self->superseded_banner, "osd");
      gtk_widget_add_css_class (self->superseded_banner, "warning");
      gtk_widget_set_can_target (self->superseded_banner, FALSE);
      gtk_overlay_add_overlay (self->overlay, self->superseded_banner);
    }
  update_revision_subtitle (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUPERSEDED_AT]);
}

/* The pages' texts of the version the revision replaced and of this one, read one page
 * at a time from the render helper, then compared on a thread. */
typedef struct {
  PlenumDocumentPage   *self;        /* valid while the cancellable is not cancelled */
  GCancellable         *cancellable;
  PlenumRenderClient   *client;
  PlenumRenderDocument *reading;
  PlenumRenderDocument *current;
  GPtrArray            *texts[2];    /* PlenumRenderText: [0] old, [1] current */
  guint                 side;        /* the one being read */
  char                 *old_sha256;
  char                 *new_sha256;
  gboolean             *changed;
  guint                 n_pages;
} Compare;

static void
compare_free (Compare *c)
{
  g_clear_object (&c->cancellable);
  g_clear_object (&c->client);
  g_clear_object (&c->reading);
  g_clear_object (&c->current);
  g_clear_pointer (&c->texts[0], g_ptr_array_unref);
  g_clear_pointer (&c->texts[1], g_ptr_array_unref);
  g_free (c->old_sha256);
  g_free (c->new_sha256);
  g_free (c->changed);
  g_free (c);
}

static PlenumCarryPage *
carry_pages (GPtrArray *texts)
{
  PlenumCarryPage *pages = g_new0 (PlenumCarryPage, MAX (texts->len, 1));

  /* The comparison is of the texts only: no boxes. */
  for (guint i = 0; i < texts->len; i++)
    pages[i].text = ((PlenumRenderText *) g_ptr_array_index (texts, i))->text;
  return pages;
}

static void
compare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Compare *c = task_data;
  g_autofree PlenumCarryPage *old_pages = carry_pages (c->texts[0]);
  g_autofree PlenumCarryPage *new_pages = carry_pages (c->texts[1]);

  c->n_pages = c->texts[1]->len;
  c->changed = plenum_annotation_changed_pages (old_pages, c->texts[0]->len,
                                                new_pages, c->texts[1]->len);
  g_task_return_boolean (task, TRUE);
}

static void
revision_changes_saved_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  Compare *c = user_data;
  g_autoptr(GError) error = NULL;

  if (!plenum_store_save_revision_changes_finish (PLENUM_STORE (source), result, &error))
    g_message ("Which pages of a revision changed could not be kept: %s", error->message);
  if (!g_cancellable_is_cancelled (c->cancellable))
    update_revision_subtitle (c->self);
  compare_free (c);
}

static void
compared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Compare *c = user_data;
  PlenumDocumentPage *self = c->self;

  if (!g_task_propagate_boolean (G_TASK (result), NULL) ||
      g_cancellable_is_cancelled (c->cancellable))
    {
      compare_free (c);
      return;
    }
  if (self->changed_pages == NULL)
    set_changed_pages (self, c->changed, c->n_pages);
  plenum_store_save_revision_changes_async (plenum_sync_engine_get_store (self->engine),
                                            c->old_sha256, c->new_sha256, c->changed, c->n_pages,
                                            NULL, revision_changes_saved_cb, c);
}

static void compare_read_next (Compare *c);

static void
compare_text_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Compare *c = user_data;
  g_autoptr(GError) error = NULL;
  PlenumRenderText *text;

  text = plenum_render_client_get_text_finish (PLENUM_RENDER_CLIENT (source), result, &error);
  if (text == NULL || g_cancellable_is_cancelled (c->cancellable))
    {
      /* Nothing is kept: the next opening tries again. */
      if (text == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Could not read a page to compare two versions: %s", error->message);
      g_clear_pointer (&text, plenum_render_text_free);
      compare_free (c);
      return;
    }
  g_ptr_array_add (c->texts[c->side], text);
  compare_read_next (c);
}

static void
compare_read_next (Compare *c)
{
  guint page = c->texts[c->side]->len;

  if (page == plenum_render_document_get_n_pages (c->reading))
    {
      if (c->side == 0)
        {
          c->side = 1;
          g_set_object (&c->reading, c->current);
          compare_read_next (c);
        }
      else
        {
          g_autoptr(GTask) task = g_task_new (NULL, c->cancellable, compared_cb, c);

          g_task_set_source_tag (task, compare_read_next);
          g_task_set_task_data (task, c, NULL);
          g_task_run_in_thread (task, compare_thread);
        }
      return;
    }
  plenum_render_client_get_text_async (c->client, c->reading, page, c->cancellable,
                                       compare_text_cb, c);
}

static void
compare_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Compare *c = user_data;
  g_autoptr(GError) error = NULL;

  c->reading = plenum_render_client_open_finish (PLENUM_RENDER_CLIENT (source), result, &error);
  if (c->reading == NULL || g_cancellable_is_cancelled (c->cancellable))
    {
      if (c->reading == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Could not open the earlier version to compare: %s", error->message);
      compare_free (c);
      return;
    }
  compare_read_next (c);
}

/* The current version of a revised document is open: which of its pages changed
 * against the version the revision replaced, from the store, or worked out now when
 * that version is on the terminal. */
static void
start_revision_compare (PlenumDocumentPage *self)
{
  PlenumRenderDocument *current = plenum_pdf_view_get_document (self->view);
  const PlenumDocumentVersion *last;
  g_autofree gboolean *changed = NULL;
  g_autofree char *path = NULL;
  guint n_pages = 0;
  Compare *c;

  update_revision_subtitle (self);
  if (self->revision_started || self->engine == NULL || self->document == NULL ||
      current == NULL || plenum_document_get_n_superseded (self->document) == 0)
    return;
  self->revision_started = TRUE;
  last = plenum_document_get_superseded (self->document, 0);
  if (plenum_store_get_revision_changes (plenum_sync_engine_get_store (self->engine),
                                         plenum_document_version_get_sha256 (last),
                                         plenum_document_get_sha256 (self->document),
                                         &changed, &n_pages, NULL))
    {
      if (self->changed_pages == NULL)
        set_changed_pages (self, changed, n_pages);
      return;
    }
  path = plenum_sync_engine_get_document_path (self->engine,
                                               plenum_document_version_get_sha256 (last));
  if (path == NULL)
    return;

  c = g_new0 (Compare, 1);
  c->self = self;
  c->cancellable = g_object_ref (self->annotation_cancellable);
  c->client = g_object_ref (self->client);
  c->current = g_object_ref (current);
  c->texts[0] = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_render_text_free);
  c->texts[1] = g_ptr_array_new_with_free_func ((GDestroyNotify) plenum_render_text_free);
  c->old_sha256 = g_strdup (plenum_document_version_get_sha256 (last));
  c->new_sha256 = g_strdup (plenum_document_get_sha256 (self->document));
  plenum_render_client_open_with_password_async (self->client, path,
                                                 plenum_document_version_get_password (last),
                                                 c->cancellable, compare_opened_cb, c);
}

/* The carry-over of marks made on earlier versions */

static void
set_changed_pages (PlenumDocumentPage *self,
                   const gboolean     *changed,
                   guint               n_pages)
{
  g_clear_pointer (&self->changed_pages, g_free);
  self->n_changed_pages = 0;
  if (changed != NULL && n_pages > 0)
    {
      self->changed_pages = g_memdup2 (changed, n_pages * sizeof (gboolean));
      self->n_changed_pages = n_pages;
    }
  plenum_thumbnail_strip_set_marked_pages (self->thumbnails, self->changed_pages, self->n_changed_pages);
  update_page_state (self);
}

static void
carried_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GCancellable) cancellable = user_data;
  g_autoptr(PlenumAnnotationCarryOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;
  PlenumDocumentPage *self;

  outcome = plenum_annotation_carry_driver_run_finish (result, &error);
  if (g_cancellable_is_cancelled (cancellable))
    return;
  self = g_object_get_data (G_OBJECT (cancellable), "page");
  if (outcome == NULL)
    {
      g_autofree char *text = plenum_error_text (error);

      /* Nothing lost: the marks stay on their version and the next opening tries
       * again; the ones that were saved show now. */
      g_warning ("could not carry the marks of document %s to its new version: %s",
                 plenum_document_get_id (self->document), error->message);
      show_toast (self, text);
      reload_annotations (self);
      return;
    }
  if (outcome->n_carried > 0 || outcome->n_review > 0)
    g_message ("document %s: %u marks carried to the new version, %u left for review",
               plenum_document_get_id (self->document), outcome->n_carried, outcome->n_review);
  /* Against the marked earlier version when there is one; else (and for the row's
   * notice in any case) against the version the revision replaced. */
  if (outcome->changed_pages != NULL)
    set_changed_pages (self, outcome->changed_pages, outcome->n_pages);
  start_revision_compare (self);
  reload_annotations (self);
}

static void
start_carry (PlenumDocumentPage *self)
{
  PlenumRenderDocument *document = plenum_pdf_view_get_document (self->view);

  if (self->layer == NULL || document == NULL || self->carry_started)
    return;
  self->carry_started = TRUE;
  /* The page's cancellable is cancelled in dispose; the data pointer is read only
   * when it was not. */
  g_object_set_data (G_OBJECT (self->annotation_cancellable), "page", self);
  plenum_annotation_carry_driver_run_async (self->engine, self->client, document, self->account_id,
                                            self->meeting_id, self->document,
                                            self->annotation_cancellable, carried_cb,
                                            g_object_ref (self->annotation_cancellable));
}

static void
show_review_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PlenumDocumentPage *self = PLENUM_DOCUMENT_PAGE (widget);
  guint i = g_variant_get_uint32 (parameter);
  PlenumAnnotation *annotation;
  g_autofree char *path = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GPtrArray) marks = NULL;
  GtkWidget *layer;

  gtk_menu_button_popdown (self->review_button);
  if (self->review == NULL || i >= self->review->len)
    return;
  annotation = g_ptr_array_index (self->review, i);
  path = plenum_sync_engine_get_document_path (self->engine, plenum_annotation_get_document_sha256 (annotation));
  if (path == NULL)
    {
      show_toast (self, _("The earlier version of this document is no longer on this terminal."));
      return;
    }
  /* Translators: the title of the earlier version of a document, shown beside the
   * current one; %s is the document's title. */
  title = g_strdup_printf (_("%s (earlier version)"), self->title);
  plenum_document_page_open_beside (self, path, title);
  self->beside_page = plenum_annotation_get_page (annotation);

  /* The marks waiting for review on that version, drawn where they were. The layer has
   * no author: nothing can be drawn or changed there. */
  marks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint j = 0; j < self->review->len; j++)
    {
      PlenumAnnotation *other = g_ptr_array_index (self->review, j);

      if (g_str_equal (plenum_annotation_get_document_sha256 (other),
                       plenum_annotation_get_document_sha256 (annotation)))
        g_ptr_array_add (marks, g_object_ref (other));
    }
  layer = plenum_ink_layer_new (self->beside_view);
  gtk_overlay_add_overlay (self->beside_overlay, layer);
  plenum_ink_layer_set_annotations (PLENUM_INK_LAYER (layer), marks);
}

void
plenum_document_page_set_annotation_context (PlenumDocumentPage *self,
                                             PlenumSyncEngine   *engine,
                                             const char         *meeting_id,
                                             PlenumDocument     *document)
{
  PlenumMember *account;
  GtkWidget *bar;

  g_return_if_fail (PLENUM_IS_DOCUMENT_PAGE (self));
  g_return_if_fail (PLENUM_IS_SYNC_ENGINE (engine));
  g_return_if_fail (meeting_id != NULL);
  g_return_if_fail (PLENUM_IS_DOCUMENT (document));
  g_return_if_fail (self->layer == NULL);

  account = plenum_sync_engine_get_account (engine);
  if (account == NULL)
    return;

  self->engine = g_object_ref (engine);
  self->document = g_object_ref (document);
  self->meeting_id = g_strdup (meeting_id);
  self->account_id = g_strdup (plenum_member_get_id (account));
  self->author_name = g_strdup (plenum_member_get_display_name (account));
  self->unsaved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, object_unref0);
  self->annotation_cancellable = g_cancellable_new ();

  /* Over the pages, under the page buttons and the zoom buttons. */
  self->layer = PLENUM_INK_LAYER (plenum_ink_layer_new (self->view));
  gtk_overlay_add_overlay (self->overlay, GTK_WIDGET (self->layer));
  gtk_widget_insert_after (GTK_WIDGET (self->layer), GTK_WIDGET (self->overlay),
                           gtk_overlay_get_child (self->overlay));
  plenum_ink_layer_set_author_id (self->layer, self->account_id);
  plenum_ink_layer_set_document_ids (self->layer, plenum_document_get_id (document),
                                     plenum_document_get_sha256 (document));
  if (plenum_pdf_view_get_document (self->view) != NULL)
    plenum_ink_layer_set_text_source (self->layer, self->client, plenum_pdf_view_get_document (self->view));
  g_signal_connect_swapped (self->layer, "annotation-added", G_CALLBACK (annotation_edited_cb), self);
  g_signal_connect_swapped (self->layer, "annotation-changed", G_CALLBACK (annotation_edited_cb), self);
  g_signal_connect_swapped (self->layer, "annotation-removed", G_CALLBACK (annotation_removed_cb), self);
  g_signal_connect (engine, "annotations-changed", G_CALLBACK (sync_annotations_changed_cb), self);

  bar = plenum_annotation_bar_new (self->layer);
  gtk_revealer_set_child (self->annotation_revealer, bar);
  g_object_bind_property (self->markup_button, "active", self->annotation_revealer, "reveal-child",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->markup_button, "toggled", G_CALLBACK (markup_toggled_cb), self);
  gtk_widget_set_visible (GTK_WIDGET (self->markup_button), TRUE);

  /* Marking up a confidential document is allowed; taking a copy of it away is not. */
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), !plenum_document_get_confidential (document));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.export-copy",
                                 !plenum_document_get_confidential (document));

  reload_annotations (self);
  update_revision_subtitle (self);
  start_carry (self);
}

PlenumInkLayer *
plenum_document_page_get_ink_layer (PlenumDocumentPage *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), NULL);
  return self->layer;
}

GPtrArray *
plenum_document_page_get_review (PlenumDocumentPage *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), NULL);
  return self->review;
}

gboolean
plenum_document_page_get_page_changed (PlenumDocumentPage *self,
                                       guint               page)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), FALSE);
  return page < self->n_changed_pages && self->changed_pages[page];
}

const char *
plenum_document_page_get_toast_text (PlenumDocumentPage *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), NULL);
  return self->toast_text;
}

static void
plenum_document_page_dispose (GObject *object)
{
  PlenumDocumentPage *self = PLENUM_DOCUMENT_PAGE (object);
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->beside_cancellable != NULL)
    g_cancellable_cancel (self->beside_cancellable);
  g_clear_object (&self->beside_cancellable);
  /* Exports and the carry-over stop; saves of marks already asked for go on. */
  if (self->annotation_cancellable != NULL)
    g_cancellable_cancel (self->annotation_cancellable);
  g_clear_object (&self->annotation_cancellable);
  if (self->chair_cancellable != NULL)
    g_cancellable_cancel (self->chair_cancellable);
  g_clear_object (&self->chair_cancellable);
  g_clear_object (&self->chair);
  self->show_everyone_button = NULL; /* goes with the header bar */
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->layer != NULL)
    g_signal_handlers_disconnect_by_data (self->layer, self);
  self->layer = NULL; /* owned by the overlay */
  self->superseded_banner = NULL; /* owned by the overlay */
  self->beside_view = NULL;
  self->beside_box = NULL;
  self->beside_overlay = NULL;
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (self->view, self);
  self->view = NULL; /* owned by the overlay */
  gtk_widget_dispose_template (GTK_WIDGET (self), PLENUM_TYPE_DOCUMENT_PAGE);
  self->toast_overlay = NULL; /* a save finishing later has nowhere to show a toast */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->search);
  g_clear_object (&self->client);
  g_clear_object (&self->queue);
  g_clear_object (&self->thumbnail_queue);
  g_clear_object (&self->engine);
  g_clear_object (&self->document);
  g_clear_pointer (&self->review, g_ptr_array_unref);

  G_OBJECT_CLASS (plenum_document_page_parent_class)->dispose (object);
}

static void
plenum_document_page_finalize (GObject *object)
{
  PlenumDocumentPage *self = PLENUM_DOCUMENT_PAGE (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->carried_password, plenum_secret_free);
  g_clear_pointer (&self->status_text, g_free);
  g_clear_pointer (&self->indicator_text, g_free);
  g_clear_pointer (&self->watermark, g_free);
  g_clear_pointer (&self->companion_titles, g_ptr_array_unref);
  g_clear_pointer (&self->companion_paths, g_ptr_array_unref);
  g_clear_error (&self->open_error);
  g_clear_pointer (&self->account_id, g_free);
  g_clear_pointer (&self->author_name, g_free);
  g_clear_pointer (&self->meeting_id, g_free);
  g_clear_pointer (&self->unsaved, g_hash_table_unref);
  g_clear_pointer (&self->changed_pages, g_free);
  g_clear_pointer (&self->toast_text, g_free);
  g_clear_pointer (&self->chair_item_id, g_free);
  g_clear_pointer (&self->chair_document_id, g_free);
  g_clear_pointer (&self->superseded_at, g_date_time_unref);

  G_OBJECT_CLASS (plenum_document_page_parent_class)->finalize (object);
}

static void
plenum_document_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PlenumDocumentPage *self = PLENUM_DOCUMENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    case PROP_PAGE:
      g_value_set_uint (value, plenum_document_page_get_page (self));
      break;

    case PROP_SUPERSEDED_AT:
      g_value_set_boxed (value, self->superseded_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_document_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PlenumDocumentPage *self = PLENUM_DOCUMENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      plenum_document_page_set_page (self, g_value_get_uint (value));
      break;

    case PROP_SUPERSEDED_AT:
      set_superseded_at (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_document_page_class_init (PlenumDocumentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const struct { guint keyval; const char *action; } keys[] = {
    { GDK_KEY_Page_Down, "doc.next-page" },
    { GDK_KEY_KP_Page_Down, "doc.next-page" },
    { GDK_KEY_Right, "doc.next-page" },
    { GDK_KEY_KP_Right, "doc.next-page" },
    { GDK_KEY_Down, "doc.next-page" },
    { GDK_KEY_KP_Down, "doc.next-page" },
    { GDK_KEY_space, "doc.next-page" },
    { GDK_KEY_Page_Up, "doc.previous-page" },
    { GDK_KEY_KP_Page_Up, "doc.previous-page" },
    { GDK_KEY_Left, "doc.previous-page" },
    { GDK_KEY_KP_Left, "doc.previous-page" },
    { GDK_KEY_Up, "doc.previous-page" },
    { GDK_KEY_KP_Up, "doc.previous-page" },
    { GDK_KEY_Home, "doc.first-page" },
    { GDK_KEY_KP_Home, "doc.first-page" },
    { GDK_KEY_End, "doc.last-page" },
    { GDK_KEY_KP_End, "doc.last-page" },
  };

  object_class->dispose = plenum_document_page_dispose;
  object_class->finalize = plenum_document_page_finalize;
  object_class->get_property = plenum_document_page_get_property;
  object_class->set_property = plenum_document_page_set_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      PLENUM_DOCUMENT_PAGE_LOADING, PLENUM_DOCUMENT_PAGE_FAILED,
                      PLENUM_DOCUMENT_PAGE_LOADING,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Set (by the window) when the page shows an earlier version of a revised document:
   * the time the revision replaced it. It shows a "Superseded" banner. */
  properties[PROP_SUPERSEDED_AT] =
    g_param_spec_boxed ("superseded-at", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenum/Plenum/ui/plenum-document-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, failed_status);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, failed_retry_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, overlay);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, page_error_status);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, indicator_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, mode_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, password_box);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, password_entry);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, go_to_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, go_to_spin);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, go_to_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, password_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, go_to_activate_cb);
  gtk_widget_class_install_action (widget_class, "doc.open-with-password", NULL, open_with_password_action_cb);
  gtk_widget_class_install_action (widget_class, "doc.go-to-page", "u", go_to_page_action_cb);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, accents_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, search_count_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, search_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, select_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, copy_button);
  gtk_widget_class_install_action (widget_class, "doc.copy", NULL, copy_action_cb);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, outline_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, thumbnails_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, flap);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, thumbnails_revealer);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_previous_cb);
  gtk_widget_class_install_action (widget_class, "doc.search-next", NULL, search_action_cb);
  gtk_widget_class_install_action (widget_class, "doc.search-previous", NULL, search_action_cb);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, beside_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, companion_list);
  gtk_widget_class_install_action (widget_class, "doc.open-beside", "u", open_beside_action_cb);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, fit_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, previous_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, markup_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, annotation_revealer);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, review_revealer);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, review_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, review_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumDocumentPage, review_list);
  gtk_widget_class_install_action (widget_class, "doc.export-copy", "s", export_copy_action_cb);
  gtk_widget_class_install_action (widget_class, "doc.show-review", "u", show_review_action_cb);

  gtk_widget_class_install_action (widget_class, "doc.next-page", NULL, next_page_action_cb);
  gtk_widget_class_install_action (widget_class, "doc.previous-page", NULL, previous_page_action_cb);
  gtk_widget_class_install_action (widget_class, "doc.first-page", NULL, first_page_action_cb);
  gtk_widget_class_install_action (widget_class, "doc.last-page", NULL, last_page_action_cb);
  gtk_widget_class_install_action (widget_class, "doc.retry", NULL, retry_action_cb);
  gtk_widget_class_install_action (widget_class, "doc.show-everyone", NULL, show_everyone_action_cb);
  gtk_widget_class_install_action (widget_class, "doc.zoom-in", NULL, view_action_cb);
  gtk_widget_class_install_action (widget_class, "doc.zoom-out", NULL, view_action_cb);
  gtk_widget_class_install_action (widget_class, "doc.fit", NULL, view_action_cb);
  gtk_widget_class_install_action (widget_class, "doc.page-mode", NULL, view_action_cb);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i].keyval, 0, keys[i].action, NULL);
}

static void
plenum_document_page_init (PlenumDocumentPage *self)
{
  self->state = PLENUM_DOCUMENT_PAGE_LOADING;
  self->pending_page = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Only with a member's marks (set_annotation_context()). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "doc.export-copy", FALSE);
}

GtkWidget *
plenum_document_page_new (PlenumRenderQueue *queue,
                          const char        *path,
                          const char        *title)
{
  return plenum_document_page_new_with_password (queue, path, title, NULL);
}

GtkWidget *
plenum_document_page_new_with_password (PlenumRenderQueue *queue,
                                        const char        *path,
                                        const char        *title,
                                        const char        *password)
{
  PlenumDocumentPage *self;
  GtkWidget *scrolled;

  g_return_val_if_fail (PLENUM_IS_RENDER_QUEUE (queue), NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (password == NULL || password[0] != '\0', NULL);

  self = g_object_new (PLENUM_TYPE_DOCUMENT_PAGE, NULL);
  self->queue = g_object_ref (queue);
  self->client = g_object_ref (plenum_render_queue_get_client (queue));
  self->path = g_strdup (path);
  self->title = g_strdup (title);
  self->carried_password = g_strdup (password);
  adw_window_title_set_title (self->window_title, title);

  /* The pages in a column, scrolled with kinetic panning on touch. */
  self->view = PLENUM_PDF_VIEW (plenum_pdf_view_new (queue));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  /* A second document may be put beside it (split view), with its own scroll. */
  self->paned = GTK_PANED (gtk_paned_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_paned_set_wide_handle (self->paned, TRUE);
  gtk_paned_set_shrink_start_child (self->paned, FALSE);
  gtk_paned_set_shrink_end_child (self->paned, FALSE);
  /* The page buttons, zoom buttons and indicator (the overlay) belong to the first
   * document's pane. */
  gtk_overlay_set_child (self->overlay, scrolled);
  g_object_ref (self->overlay);
  adw_flap_set_content (self->flap, NULL);
  gtk_paned_set_start_child (self->paned, GTK_WIDGET (self->overlay));
  g_object_unref (self->overlay);
  adw_flap_set_content (self->flap, GTK_WIDGET (self->paned));

  /* The table of contents beside the pages, the thumbnails under them, search above:
   * each shown by its toggle in the header bar. */
  self->outline = PLENUM_OUTLINE_VIEW (plenum_outline_view_new (self->client));
  gtk_widget_set_size_request (GTK_WIDGET (self->outline), 280, -1);
  adw_flap_set_flap (self->flap, GTK_WIDGET (self->outline));
  g_signal_connect_swapped (self->outline, "page-activated", G_CALLBACK (page_activated_cb), self);
  self->thumbnail_queue = plenum_render_queue_new (self->client, plenum_render_queue_get_cache (queue));
  self->thumbnails = PLENUM_THUMBNAIL_STRIP (plenum_thumbnail_strip_new (self->thumbnail_queue));
  gtk_revealer_set_child (self->thumbnails_revealer, GTK_WIDGET (self->thumbnails));
  g_signal_connect_swapped (self->thumbnails, "page-activated", G_CALLBACK (page_activated_cb), self);
  g_object_bind_property (self->view, "page", self->thumbnails, "page", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->search_button, "active", self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->select_button, "active", self->view, "selecting",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->view, "notify::has-selection", G_CALLBACK (selection_changed_cb), self);
  g_object_bind_property (self->outline_button, "active", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->thumbnails_button, "active", self->thumbnails_revealer,
                          "reveal-child", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_swapped (self->view, "notify::page", G_CALLBACK (view_page_changed_cb), self);
  g_signal_connect_swapped (self->view, "notify::ready", G_CALLBACK (view_error_changed_cb), self);
  g_signal_connect_swapped (self->view, "notify::mode", G_CALLBACK (view_mode_changed_cb), self);
  g_signal_connect_swapped (self->view, "notify::sizing", G_CALLBACK (view_mode_changed_cb), self);

  /* Swipes turn pages in the view itself (one page at a time; see plenum-pdf-view.c). */

  /* set_state() only acts on a change; LOADING is where init left it. */
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_spinner_set_spinning (self->spinner, TRUE);
  update_page_state (self);
  view_mode_changed_cb (self);
  open_document (self);

  return GTK_WIDGET (self);
}

const char *
plenum_document_page_get_title (PlenumDocumentPage *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), NULL);

  return self->title;
}

const char *
plenum_document_page_get_path (PlenumDocumentPage *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), NULL);

  return self->path;
}

PlenumDocumentPageState
plenum_document_page_get_state (PlenumDocumentPage *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), PLENUM_DOCUMENT_PAGE_FAILED);

  return self->state;
}

const char *
plenum_document_page_get_status_text (PlenumDocumentPage *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), NULL);

  return self->status_text;
}

guint
plenum_document_page_get_page (PlenumDocumentPage *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), 0);

  return self->view != NULL ? plenum_pdf_view_get_page (self->view) : 0;
}

void
plenum_document_page_set_page (PlenumDocumentPage *self,
                               guint               page)
{
  g_return_if_fail (PLENUM_IS_DOCUMENT_PAGE (self));

  /* Still opening: turned to once it is open (a following terminal opens the chair's
   * document at the chair's page). */
  if (self->state == PLENUM_DOCUMENT_PAGE_LOADING)
    {
      self->pending_page = (gint) MIN (page, (guint) G_MAXINT);
      return;
    }
  turn_to (self, page);
}

guint
plenum_document_page_get_n_pages (PlenumDocumentPage *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), 0);

  return self->view != NULL ? n_pages (self) : 0;
}

const char *
plenum_document_page_get_indicator_text (PlenumDocumentPage *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), NULL);

  return self->indicator_text;
}

PlenumPdfView *
plenum_document_page_get_view (PlenumDocumentPage *self)
{
  g_return_val_if_fail (PLENUM_IS_DOCUMENT_PAGE (self), NULL);

  return self->view;
}
