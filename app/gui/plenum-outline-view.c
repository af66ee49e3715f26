/* plenum-outline-view.c — see plenum-outline-view.h.
 *
 * The entries live in a GListStore of PlenumOutlineItem (title, depth, page), in outline
 * order, filled in one splice when the outline arrives (the index of an entry in the API
 * is its place there). The same items are also linked into a tree: each keeps a
 * GListStore of its children, built in one pass over the depth-first list, and a
 * GtkTreeListModel over the top level shows what is expanded. Children's rows are only
 * made when their parent is expanded, and a GtkSignalListItemFactory builds widgets for
 * the rows on screen only.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-outline-view"

#include <glib/gi18n.h>

#include "plenum-error-text.h"
#include "plenum-outline-view.h"

/* Touch target height of a row, logical pixels. */
#define ROW_HEIGHT 48

/* ---- One entry ---- */

#define PLENUM_TYPE_OUTLINE_ITEM (plenum_outline_item_get_type ())
G_DECLARE_FINAL_TYPE (PlenumOutlineItem, plenum_outline_item, PLENUM, OUTLINE_ITEM, GObject)

struct _PlenumOutlineItem
{
  GObject  parent_instance;

  char       *title;
  guint       depth;
  int         page;      /* -1: none */
  guint       index;     /* in outline order */
  GListStore *children;  /* of PlenumOutlineItem; NULL: none */
};

G_DEFINE_FINAL_TYPE (PlenumOutlineItem, plenum_outline_item, G_TYPE_OBJECT)

static void
plenum_outline_item_finalize (GObject *object)
{
  PlenumOutlineItem *self = PLENUM_OUTLINE_ITEM (object);

  g_free (self->title);
  g_clear_object (&self->children);
  G_OBJECT_CLASS (plenum_outline_item_parent_class)->finalize (object);
}

static void
plenum_outline_item_class_init (PlenumOutlineItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plenum_outline_item_finalize;
}

static void
plenum_outline_item_init (PlenumOutlineItem *self)
{
  self->page = -1;
}

/* Takes @entry's title. */
static PlenumOutlineItem *
plenum_outline_item_new_from_entry (PlenumRenderOutlineEntry *entry,
                                    guint                     index)
{
  PlenumOutlineItem *item = g_object_new (PLENUM_TYPE_OUTLINE_ITEM, NULL);

  item->title = g_steal_pointer (&entry->title);
  item->depth = entry->depth;
  item->page = entry->page;
  item->index = index;
  return item;
}

/* GtkTreeListModelCreateModelFunc: an entry's children, or NULL (a leaf). */
static GListModel *
outline_item_children (gpointer item,
                       gpointer user_data)
{
  PlenumOutlineItem *self = item;

  return self->children != NULL ? g_object_ref (G_LIST_MODEL (self->children)) : NULL;
}

/* ---- The view ---- */

struct _PlenumOutlineView
{
  GtkWidget              parent_instance;

  PlenumRenderClient    *client;
  PlenumRenderDocument  *document;
  GCancellable          *cancellable;  /* the fetch of the current document */

  GListStore            *store;        /* of PlenumOutlineItem, every entry in order */
  GtkTreeListModel      *tree;         /* what the list shows; NULL: nothing */
  GtkNoSelection        *selection;
  PlenumOutlineViewState state;

  GtkStack              *stack;
  GtkListView           *list_view;
  GtkLabel              *message;
};

G_DEFINE_FINAL_TYPE (PlenumOutlineView, plenum_outline_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_DOCUMENT,
  PROP_STATE,
  PROP_N_ENTRIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PAGE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_state (PlenumOutlineView     *self,
           PlenumOutlineViewState state,
           const char            *message)
{
  switch (state)
    {
    case PLENUM_OUTLINE_VIEW_NONE:
    case PLENUM_OUTLINE_VIEW_READY:
      gtk_stack_set_visible_child_name (self->stack, "list");
      break;
    case PLENUM_OUTLINE_VIEW_LOADING:
      gtk_stack_set_visible_child_name (self->stack, "loading");
      break;
    case PLENUM_OUTLINE_VIEW_EMPTY:
    case PLENUM_OUTLINE_VIEW_FAILED:
      gtk_label_set_text (self->message, message);
      gtk_stack_set_visible_child_name (self->stack, "message");
      break;
    default:
      g_assert_not_reached ();
    }

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Links @items (depth-first, each at most one level deeper than the one before, as the
 * render client promises) into a tree and shows its top level. A short outline is shown
 * whole; a long one shows its top level, to be expanded where the reader wants. */
static void
show_tree (PlenumOutlineView *self,
           GPtrArray         *items)
{
  g_autoptr(GListStore) top = g_list_store_new (PLENUM_TYPE_OUTLINE_ITEM);
  /* parents[d]: the latest entry of depth d, parent of the next entry of depth d + 1. */
  g_autoptr(GPtrArray) parents = g_ptr_array_new ();

  for (guint i = 0; i < items->len; i++)
    {
      PlenumOutlineItem *item = g_ptr_array_index (items, i);
      guint depth = MIN (item->depth, parents->len);
      PlenumOutlineItem *parent = depth > 0 ? g_ptr_array_index (parents, depth - 1) : NULL;
      GListStore *siblings;

      if (parent == NULL)
        siblings = top;
      else
        {
          if (parent->children == NULL)
            parent->children = g_list_store_new (PLENUM_TYPE_OUTLINE_ITEM);
          siblings = parent->children;
        }
      g_list_store_append (siblings, item);

      g_ptr_array_set_size (parents, depth);
      g_ptr_array_add (parents, item);
    }

  g_clear_object (&self->tree);
  self->tree = gtk_tree_list_model_new (G_LIST_MODEL (g_steal_pointer (&top)), FALSE,
                                        items->len <= PLENUM_OUTLINE_VIEW_EXPAND_ALL_MAX,
                                        outline_item_children, NULL, NULL);
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->tree));
}

static void
clear_tree (PlenumOutlineView *self)
{
  gtk_no_selection_set_model (self->selection, NULL);
  g_clear_object (&self->tree);
}

/* The row of the list at @position (transfer full), or NULL. */
static GtkTreeListRow *
row_at (PlenumOutlineView *self,
        guint              position)
{
  if (self->tree == NULL)
    return NULL;
  return gtk_tree_list_model_get_row (self->tree, position);
}

/* The row of entry @index in the list, when it is shown (transfer full), or NULL. */
static GtkTreeListRow *
row_of_entry (PlenumOutlineView *self,
              guint              index)
{
  guint n_rows;

  if (self->tree == NULL)
    return NULL;
  /* Rows are in outline order, so the entry's row is at most at @index. */
  n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->tree));
  for (guint position = MIN (index + 1, n_rows); position > 0; position--)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree, position - 1);
      PlenumOutlineItem *item = gtk_tree_list_row_get_item (row);
      guint found = item->index;

      g_object_unref (item);
      if (found == index)
        return g_steal_pointer (&row);
      if (found < index)
        return NULL;
    }
  return NULL;
}

static void
outline_fetched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PlenumOutlineView) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  entries = plenum_render_client_get_outline_finish (PLENUM_RENDER_CLIENT (source), result,
                                                     &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* another document was set; it has its own fetch */

  g_clear_object (&self->cancellable);

  if (error != NULL)
    {
      g_autofree char *text = plenum_error_text (error);

      g_debug ("outline of %s: %s", plenum_render_document_get_path (self->document),
               error->message);
      set_state (self, PLENUM_OUTLINE_VIEW_FAILED, text);
      return;
    }

  if (entries->len == 0)
    {
      set_state (self, PLENUM_OUTLINE_VIEW_EMPTY, _("This document has no table of contents"));
      return;
    }

  items = g_ptr_array_new_full (entries->len, g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (items, plenum_outline_item_new_from_entry (g_ptr_array_index (entries, i),
                                                                i));

  /* One splice: one items-changed for the whole outline. */
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
  show_tree (self, items);
  set_state (self, PLENUM_OUTLINE_VIEW_READY, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ENTRIES]);
}

static gboolean
activate (PlenumOutlineView *self,
          guint              index)
{
  g_autoptr(PlenumOutlineItem) item = NULL;

  item = g_list_model_get_item (G_LIST_MODEL (self->store), index);
  if (item == NULL || item->page < 0)
    return FALSE;

  g_signal_emit (self, signals[PAGE_ACTIVATED], 0, (guint) item->page);
  return TRUE;
}

/* A tap on a row: jump to its page; a row without a page but with children opens or
 * closes instead, so that it does something a reader expects. */
static void
row_activated_cb (GtkListView       *list_view,
                  guint              position,
                  PlenumOutlineView *self)
{
  g_autoptr(GtkTreeListRow) row = row_at (self, position);
  g_autoptr(PlenumOutlineItem) item = NULL;

  if (row == NULL)
    return;
  item = gtk_tree_list_row_get_item (row);
  if (item->page >= 0)
    activate (self, item->index);
  else if (gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

static void
update_expander (GtkWidget      *button,
                 GtkTreeListRow *row)
{
  gboolean expanded = gtk_tree_list_row_get_expanded (row);

  gtk_button_set_icon_name (GTK_BUTTON (button), expanded ? "pan-down-symbolic"
                                                          : "pan-end-symbolic");
  gtk_widget_set_tooltip_text (button, expanded ? _("Hide the subsections")
                                                : _("Show the subsections"));
  gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_EXPANDED,
                               expanded, -1);
}

static void
row_expanded_cb (GtkTreeListRow *row,
                 GParamSpec     *pspec,
                 GtkWidget      *button)
{
  update_expander (button, row);
}

static void
expander_clicked_cb (GtkButton   *button,
                     GtkListItem *list_item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);

  if (row != NULL)
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

/* A row: the title, indented by its depth, the page number, and for an entry with
 * subsections a 48 px button at the end that shows or hides them. */
static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *page = gtk_label_new (NULL);
  GtkWidget *expander = gtk_button_new ();

  gtk_widget_add_css_class (box, "plenum-outline-row");
  gtk_widget_set_size_request (box, -1, ROW_HEIGHT);
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_set_valign (title, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), title);

  gtk_label_set_xalign (GTK_LABEL (page), 1);
  gtk_widget_add_css_class (page, "dim-label");
  gtk_widget_add_css_class (page, "numeric");
  gtk_widget_set_valign (page, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), page);

  gtk_widget_add_css_class (expander, "flat");
  gtk_widget_add_css_class (expander, "plenum-outline-expander");
  gtk_widget_set_size_request (expander, ROW_HEIGHT, ROW_HEIGHT);
  gtk_widget_set_valign (expander, GTK_ALIGN_CENTER);
  g_signal_connect (expander, "clicked", G_CALLBACK (expander_clicked_cb), list_item);
  gtk_box_append (GTK_BOX (box), expander);

  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  g_autoptr(PlenumOutlineItem) item = gtk_tree_list_row_get_item (row);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *page = gtk_widget_get_next_sibling (title);
  GtkWidget *expander = gtk_widget_get_next_sibling (page);
  gboolean has_page = item->page >= 0;
  gboolean expandable = gtk_tree_list_row_is_expandable (row);

  gtk_label_set_text (GTK_LABEL (title), item->title);
  gtk_widget_set_tooltip_text (title, item->title);
  gtk_widget_set_margin_start (box, 12 + PLENUM_OUTLINE_VIEW_INDENT *
                               MIN (item->depth, PLENUM_OUTLINE_VIEW_MAX_INDENT));
  if (has_page)
    {
      char number[16];

      g_snprintf (number, sizeof number, "%d", item->page + 1);
      gtk_label_set_text (GTK_LABEL (page), number);
      gtk_widget_remove_css_class (box, "dim-label");
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (page), "");
      gtk_widget_add_css_class (box, "dim-label");
    }
  gtk_list_item_set_activatable (list_item, has_page || expandable);

  /* A row without subsections keeps the button's room, so page numbers line up. */
  gtk_widget_set_opacity (expander, expandable ? 1 : 0);
  gtk_widget_set_can_target (expander, expandable);
  gtk_widget_set_can_focus (expander, expandable);
  if (expandable)
    {
      update_expander (expander, row);
      g_signal_connect_object (row, "notify::expanded", G_CALLBACK (row_expanded_cb),
                               expander, 0);
    }
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *expander = gtk_widget_get_last_child (box);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, row_expanded_cb, expander);
}

static void
plenum_outline_view_dispose (GObject *object)
{
  PlenumOutlineView *self = PLENUM_OUTLINE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer ((GtkWidget **) &self->stack, gtk_widget_unparent);
  g_clear_object (&self->document);
  g_clear_object (&self->client);
  g_clear_object (&self->tree);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (plenum_outline_view_parent_class)->dispose (object);
}

static void
plenum_outline_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PlenumOutlineView *self = PLENUM_OUTLINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_N_ENTRIES:
      g_value_set_uint (value, plenum_outline_view_get_n_entries (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_outline_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PlenumOutlineView *self = PLENUM_OUTLINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_DOCUMENT:
      plenum_outline_view_set_document (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_outline_view_class_init (PlenumOutlineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_outline_view_dispose;
  object_class->get_property = plenum_outline_view_get_property;
  object_class->set_property = plenum_outline_view_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, PLENUM_TYPE_RENDER_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, PLENUM_TYPE_RENDER_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, PLENUM_OUTLINE_VIEW_NONE,
                      PLENUM_OUTLINE_VIEW_FAILED, PLENUM_OUTLINE_VIEW_NONE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ENTRIES] =
    g_param_spec_uint ("n-entries", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PAGE_ACTIVATED] =
    g_signal_new ("page-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "plenum-outline-view");
}

static void
plenum_outline_view_init (PlenumOutlineView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scrolled, *spinner;

  self->store = g_list_store_new (PLENUM_TYPE_OUTLINE_ITEM);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  self->selection = gtk_no_selection_new (NULL);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)),
                                                      g_object_ref (factory)));
  gtk_list_view_set_single_click_activate (self->list_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  g_signal_connect (self->list_view, "activate", G_CALLBACK (row_activated_cb), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Table of contents"), -1);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list_view));

  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_justify (self->message, GTK_JUSTIFY_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self->message), GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (GTK_WIDGET (self->message), 24);
  gtk_widget_set_margin_end (GTK_WIDGET (self->message), 24);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "plenum-outline-message");
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "dim-label");

  spinner = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (spinner, 32, 32);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, scrolled, "list");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->message), "message");
  gtk_stack_add_named (self->stack, spinner, "loading");
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));
}

GtkWidget *
plenum_outline_view_new (PlenumRenderClient *client)
{
  g_return_val_if_fail (PLENUM_IS_RENDER_CLIENT (client), NULL);

  return g_object_new (PLENUM_TYPE_OUTLINE_VIEW, "client", client, NULL);
}

PlenumRenderDocument *
plenum_outline_view_get_document (PlenumOutlineView *self)
{
  g_return_val_if_fail (PLENUM_IS_OUTLINE_VIEW (self), NULL);

  return self->document;
}

void
plenum_outline_view_set_document (PlenumOutlineView    *self,
                                  PlenumRenderDocument *document)
{
  guint n_before;

  g_return_if_fail (PLENUM_IS_OUTLINE_VIEW (self));
  g_return_if_fail (document == NULL || PLENUM_IS_RENDER_DOCUMENT (document));

  if (self->document == document)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->document, document);

  n_before = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  clear_tree (self);
  g_list_store_remove_all (self->store);

  if (document != NULL)
    {
      self->cancellable = g_cancellable_new ();
      set_state (self, PLENUM_OUTLINE_VIEW_LOADING, NULL);
      plenum_render_client_get_outline_async (self->client, document, self->cancellable,
                                              outline_fetched_cb, g_object_ref (self));
    }
  else
    set_state (self, PLENUM_OUTLINE_VIEW_NONE, NULL);

  if (n_before > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ENTRIES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

PlenumOutlineViewState
plenum_outline_view_get_state (PlenumOutlineView *self)
{
  g_return_val_if_fail (PLENUM_IS_OUTLINE_VIEW (self), PLENUM_OUTLINE_VIEW_NONE);

  return self->state;
}

guint
plenum_outline_view_get_n_entries (PlenumOutlineView *self)
{
  g_return_val_if_fail (PLENUM_IS_OUTLINE_VIEW (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

void
plenum_outline_view_get_entry (PlenumOutlineView *self,
                               guint              index,
                               const char       **title,
                               guint             *depth,
                               int               *page)
{
  g_autoptr(PlenumOutlineItem) item = NULL;

  g_return_if_fail (PLENUM_IS_OUTLINE_VIEW (self));

  item = g_list_model_get_item (G_LIST_MODEL (self->store), index);
  g_return_if_fail (item != NULL);

  /* The store keeps the item, so the title outlives this reference. */
  if (title != NULL)
    *title = item->title;
  if (depth != NULL)
    *depth = item->depth;
  if (page != NULL)
    *page = item->page;
}

const char *
plenum_outline_view_get_message (PlenumOutlineView *self)
{
  g_return_val_if_fail (PLENUM_IS_OUTLINE_VIEW (self), NULL);

  if (self->state != PLENUM_OUTLINE_VIEW_EMPTY && self->state != PLENUM_OUTLINE_VIEW_FAILED)
    return NULL;
  return gtk_label_get_text (self->message);
}

gboolean
plenum_outline_view_activate_entry (PlenumOutlineView *self,
                                    guint              index)
{
  g_return_val_if_fail (PLENUM_IS_OUTLINE_VIEW (self), FALSE);

  return activate (self, index);
}

GtkListView *
plenum_outline_view_get_list_view (PlenumOutlineView *self)
{
  g_return_val_if_fail (PLENUM_IS_OUTLINE_VIEW (self), NULL);

  return self->list_view;
}

guint
plenum_outline_view_get_n_rows (PlenumOutlineView *self)
{
  g_return_val_if_fail (PLENUM_IS_OUTLINE_VIEW (self), 0);

  return self->tree != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->tree)) : 0;
}

gboolean
plenum_outline_view_get_entry_shown (PlenumOutlineView *self,
                                     guint              index)
{
  g_autoptr(GtkTreeListRow) row = NULL;

  g_return_val_if_fail (PLENUM_IS_OUTLINE_VIEW (self), FALSE);

  row = row_of_entry (self, index);
  return row != NULL;
}

gboolean
plenum_outline_view_get_entry_expanded (PlenumOutlineView *self,
                                        guint              index)
{
  g_autoptr(GtkTreeListRow) row = NULL;

  g_return_val_if_fail (PLENUM_IS_OUTLINE_VIEW (self), FALSE);

  row = row_of_entry (self, index);
  return row != NULL && gtk_tree_list_row_get_expanded (row);
}

gboolean
plenum_outline_view_set_entry_expanded (PlenumOutlineView *self,
                                        guint              index,
                                        gboolean           expanded)
{
  g_autoptr(GtkTreeListRow) row = NULL;

  g_return_val_if_fail (PLENUM_IS_OUTLINE_VIEW (self), FALSE);

  row = row_of_entry (self, index);
  if (row == NULL || !gtk_tree_list_row_is_expandable (row))
    return FALSE;
  gtk_tree_list_row_set_expanded (row, expanded);
  return TRUE;
}
