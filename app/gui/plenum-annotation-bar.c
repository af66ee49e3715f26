/* plenum-annotation-bar.c — see plenum-annotation-bar.h.
 *
 * Built in C rather than from a template: most of it is rows of alike buttons made from
 * the tables below (tools, colours, widths), and each button needs its table entry.
 *
 * The tool buttons are toggles that can all be off (a second tap on the active one puts
 * the tool away, so a finger pans again); the colour and width swatches are radio groups.
 * The pen (and note) and the highlighter keep their own colour and width: choosing a tool
 * sets the layer's "color" and "width" to that tool's.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-annotation-bar"

#include <glib/gi18n.h>

#include "plenum-annotation-bar.h"

/* Touch targets. */
#define TARGET_SIZE 48

typedef struct {
  PlenumInkTool  tool;
  const char    *icon_name;
  const char    *label;
} ToolEntry;

static const ToolEntry tools[] = {
  { PLENUM_INK_TOOL_PEN, "document-edit-symbolic", N_("Pen") },
  { PLENUM_INK_TOOL_HIGHLIGHTER, "format-text-underline-symbolic", N_("Highlighter") },
  { PLENUM_INK_TOOL_NOTE, "insert-text-symbolic", N_("Note") },
  { PLENUM_INK_TOOL_ERASER, "edit-clear-symbolic", N_("Eraser") },
  { PLENUM_INK_TOOL_SELECT, "edit-select-symbolic", N_("Select") },
};

typedef struct {
  GdkRGBA     color;
  const char *label;
} ColorEntry;

static const ColorEntry pen_colors[] = {
  { { 0.11, 0.21, 0.62, 1 }, N_("Blue") },
  { { 0.80, 0.11, 0.11, 1 }, N_("Red") },
  { { 0.09, 0.53, 0.20, 1 }, N_("Green") },
  { { 0, 0, 0, 1 }, N_("Black") },
};

/* Translucent, as a highlighter's mark is stored. */
static const ColorEntry highlighter_colors[] = {
  { { 1, 0.86, 0.2, 0.4 }, N_("Yellow") },
  { { 0.45, 0.9, 0.3, 0.4 }, N_("Green") },
  { { 1, 0.45, 0.75, 0.4 }, N_("Pink") },
};

typedef struct {
  double      pen;          /* points */
  double      highlighter;
  int         shown;        /* pixels of the swatch's line */
  const char *label;
} WidthEntry;

static const WidthEntry widths[] = {
  { 1.0, 8, 2, N_("Thin") },
  { 2.0, 12, 5, N_("Medium") },
  { 4.0, 18, 10, N_("Thick") },
};

struct _PlenumAnnotationBar
{
  GtkWidget       parent_instance;

  PlenumInkLayer *layer;
  GtkWidget      *box;
  GtkWidget      *tool_buttons[G_N_ELEMENTS (tools)];
  GtkWidget      *pen_row;
  GtkWidget      *highlighter_row;
  GtkWidget      *pen_buttons[G_N_ELEMENTS (pen_colors)];
  GtkWidget      *highlighter_buttons[G_N_ELEMENTS (highlighter_colors)];
  GtkWidget      *width_buttons[G_N_ELEMENTS (widths)];
  GtkWidget      *undo;
  GtkWidget      *redo;
  GtkWidget      *show_others;
  GtkWidget      *visibility;

  guint           pen_color;           /* indices into the tables */
  guint           highlighter_color;
  guint           pen_width;
  guint           highlighter_width;
  gboolean        syncing;             /* setting buttons from the layer */
};

G_DEFINE_FINAL_TYPE (PlenumAnnotationBar, plenum_annotation_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LAYER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- Swatches ---- */

static void
draw_color_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  const GdkRGBA *color = user_data;
  double radius = MIN (width, height) / 2.0 - 2;

  cairo_arc (cr, width / 2.0, height / 2.0, radius, 0, 2 * G_PI);
  /* A translucent highlighter colour is shown as it looks on white paper. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static void
draw_width_cb (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        user_data)
{
  GdkRGBA color;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_set_line_width (cr, GPOINTER_TO_INT (user_data));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, width * 0.2, height / 2.0);
  cairo_line_to (cr, width * 0.8, height / 2.0);
  cairo_stroke (cr);
}

static GtkWidget *
swatch_button (GtkDrawingAreaDrawFunc  draw,
               gpointer                data,
               const char             *label,
               GtkWidget              *group)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 28);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 28);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw, data, NULL);
  gtk_button_set_child (GTK_BUTTON (button), area);
  gtk_widget_set_size_request (button, TARGET_SIZE, TARGET_SIZE);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (group));
  return button;
}

static GtkWidget *
icon_button (GType       type,
             const char *icon_name,
             const char *label)
{
  GtkWidget *button = g_object_new (type, "icon-name", icon_name, NULL);

  gtk_widget_set_size_request (button, TARGET_SIZE, TARGET_SIZE);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return button;
}

/* ---- Following the layer ---- */

/* The layer's colour and width from the current tool's choice. */
static void
apply_style (PlenumAnnotationBar *self)
{
  gboolean highlighter = plenum_ink_layer_get_tool (self->layer) == PLENUM_INK_TOOL_HIGHLIGHTER;

  if (highlighter)
    {
      plenum_ink_layer_set_color (self->layer, &highlighter_colors[self->highlighter_color].color);
      plenum_ink_layer_set_width (self->layer, widths[self->highlighter_width].highlighter);
    }
  else
    {
      plenum_ink_layer_set_color (self->layer, &pen_colors[self->pen_color].color);
      plenum_ink_layer_set_width (self->layer, widths[self->pen_width].pen);
    }
}

static void
sync_buttons (PlenumAnnotationBar *self)
{
  PlenumInkTool tool = plenum_ink_layer_get_tool (self->layer);
  gboolean highlighter = tool == PLENUM_INK_TOOL_HIGHLIGHTER;
  guint width = highlighter ? self->highlighter_width : self->pen_width;

  self->syncing = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->tool_buttons[i]), tools[i].tool == tool);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->pen_buttons[self->pen_color]), TRUE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->highlighter_buttons[self->highlighter_color]), TRUE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->width_buttons[width]), TRUE);
  self->syncing = FALSE;

  /* The colours of the tool in hand; the eraser and selection have none. */
  gtk_widget_set_visible (self->pen_row, !highlighter && tool != PLENUM_INK_TOOL_ERASER &&
                                         tool != PLENUM_INK_TOOL_SELECT);
  gtk_widget_set_visible (self->highlighter_row, highlighter);
}

static void
layer_tool_changed_cb (PlenumAnnotationBar *self)
{
  apply_style (self);
  sync_buttons (self);
}

static void
tool_toggled_cb (GtkToggleButton     *button,
                 PlenumAnnotationBar *self)
{
  const ToolEntry *entry = g_object_get_data (G_OBJECT (button), "plenum-tool");

  if (self->syncing)
    return;
  if (gtk_toggle_button_get_active (button))
    plenum_ink_layer_set_tool (self->layer, entry->tool);
  else if (plenum_ink_layer_get_tool (self->layer) == entry->tool)
    plenum_ink_layer_set_tool (self->layer, PLENUM_INK_TOOL_NONE);
}

static void
color_toggled_cb (GtkToggleButton     *button,
                  PlenumAnnotationBar *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "plenum-index"));

  if (self->syncing || !gtk_toggle_button_get_active (button))
    return;
  if (g_object_get_data (G_OBJECT (button), "plenum-highlighter") != NULL)
    self->highlighter_color = index;
  else
    self->pen_color = index;
  apply_style (self);
}

static void
width_toggled_cb (GtkToggleButton     *button,
                  PlenumAnnotationBar *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "plenum-index"));

  if (self->syncing || !gtk_toggle_button_get_active (button))
    return;
  if (plenum_ink_layer_get_tool (self->layer) == PLENUM_INK_TOOL_HIGHLIGHTER)
    self->highlighter_width = index;
  else
    self->pen_width = index;
  apply_style (self);
}

static void
undo_clicked_cb (GtkButton           *button,
                 PlenumAnnotationBar *self)
{
  plenum_ink_layer_undo (self->layer);
}

static void
redo_clicked_cb (GtkButton           *button,
                 PlenumAnnotationBar *self)
{
  plenum_ink_layer_redo (self->layer);
}

/* ---- Building ---- */

static void
build (PlenumAnnotationBar *self)
{
  GtkWidget *row, *label, *group;
  g_autoptr(GtkStringList) visibilities = NULL;

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (row, "linked");
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      self->tool_buttons[i] = icon_button (GTK_TYPE_TOGGLE_BUTTON, tools[i].icon_name,
                                           _(tools[i].label));
      g_object_set_data (G_OBJECT (self->tool_buttons[i]), "plenum-tool", (gpointer) &tools[i]);
      g_signal_connect (self->tool_buttons[i], "toggled", G_CALLBACK (tool_toggled_cb), self);
      gtk_box_append (GTK_BOX (row), self->tool_buttons[i]);
    }
  gtk_box_append (GTK_BOX (self->box), row);
  gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));

  self->pen_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  group = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (pen_colors); i++)
    {
      self->pen_buttons[i] = swatch_button (draw_color_cb, (gpointer) &pen_colors[i].color,
                                            _(pen_colors[i].label), group);
      group = self->pen_buttons[0];
      g_object_set_data (G_OBJECT (self->pen_buttons[i]), "plenum-index", GUINT_TO_POINTER (i));
      g_signal_connect (self->pen_buttons[i], "toggled", G_CALLBACK (color_toggled_cb), self);
      gtk_box_append (GTK_BOX (self->pen_row), self->pen_buttons[i]);
    }
  gtk_box_append (GTK_BOX (self->box), self->pen_row);

  self->highlighter_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  group = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (highlighter_colors); i++)
    {
      self->highlighter_buttons[i] = swatch_button (draw_color_cb,
                                                    (gpointer) &highlighter_colors[i].color,
                                                    _(highlighter_colors[i].label), group);
      group = self->highlighter_buttons[0];
      g_object_set_data (G_OBJECT (self->highlighter_buttons[i]), "plenum-index", GUINT_TO_POINTER (i));
      g_object_set_data (G_OBJECT (self->highlighter_buttons[i]), "plenum-highlighter", GINT_TO_POINTER (1));
      g_signal_connect (self->highlighter_buttons[i], "toggled", G_CALLBACK (color_toggled_cb), self);
      gtk_box_append (GTK_BOX (self->highlighter_row), self->highlighter_buttons[i]);
    }
  gtk_box_append (GTK_BOX (self->box), self->highlighter_row);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  group = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      self->width_buttons[i] = swatch_button (draw_width_cb, GINT_TO_POINTER (widths[i].shown),
                                              _(widths[i].label), group);
      group = self->width_buttons[0];
      g_object_set_data (G_OBJECT (self->width_buttons[i]), "plenum-index", GUINT_TO_POINTER (i));
      g_signal_connect (self->width_buttons[i], "toggled", G_CALLBACK (width_toggled_cb), self);
      gtk_box_append (GTK_BOX (row), self->width_buttons[i]);
    }
  gtk_box_append (GTK_BOX (self->box), row);
  gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));

  self->undo = icon_button (GTK_TYPE_BUTTON, "edit-undo-symbolic", _("Undo"));
  g_signal_connect (self->undo, "clicked", G_CALLBACK (undo_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), self->undo);
  self->redo = icon_button (GTK_TYPE_BUTTON, "edit-redo-symbolic", _("Redo"));
  g_signal_connect (self->redo, "clicked", G_CALLBACK (redo_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->box), self->redo);
  gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));

  /* Who new marks are for; the order is PlenumAnnotationVisibility's. */
  visibilities = gtk_string_list_new ((const char *[]) { _("Private"),
                                                         _("Shared with the meeting"),
                                                         _("For the chair"), NULL });
  self->visibility = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&visibilities)), NULL);
  gtk_widget_set_size_request (self->visibility, -1, TARGET_SIZE);
  gtk_widget_set_valign (self->visibility, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->visibility, _("Who sees new notes"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->visibility), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Who sees new notes"), -1);
  gtk_box_append (GTK_BOX (self->box), self->visibility);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  label = gtk_label_new (_("Show others' notes"));
  self->show_others = gtk_switch_new ();
  gtk_widget_set_valign (self->show_others, GTK_ALIGN_CENTER);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->show_others),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), self->show_others);
  gtk_widget_set_size_request (row, -1, TARGET_SIZE);
  gtk_box_append (GTK_BOX (self->box), row);
}

static void
plenum_annotation_bar_constructed (GObject *object)
{
  PlenumAnnotationBar *self = PLENUM_ANNOTATION_BAR (object);

  G_OBJECT_CLASS (plenum_annotation_bar_parent_class)->constructed (object);

  g_assert (self->layer != NULL);
  g_object_bind_property (self->layer, "can-undo", self->undo, "sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->layer, "can-redo", self->redo, "sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->layer, "show-others", self->show_others, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->layer, "visibility", self->visibility, "selected",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_signal_connect_object (self->layer, "notify::tool", G_CALLBACK (layer_tool_changed_cb), self,
                           G_CONNECT_SWAPPED);
  layer_tool_changed_cb (self);
}

static void
plenum_annotation_bar_dispose (GObject *object)
{
  PlenumAnnotationBar *self = PLENUM_ANNOTATION_BAR (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->layer);

  G_OBJECT_CLASS (plenum_annotation_bar_parent_class)->dispose (object);
}

static void
plenum_annotation_bar_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PlenumAnnotationBar *self = PLENUM_ANNOTATION_BAR (object);

  switch (prop_id)
    {
    case PROP_LAYER:
      g_value_set_object (value, self->layer);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_annotation_bar_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PlenumAnnotationBar *self = PLENUM_ANNOTATION_BAR (object);

  switch (prop_id)
    {
    case PROP_LAYER:
      self->layer = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_annotation_bar_class_init (PlenumAnnotationBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = plenum_annotation_bar_constructed;
  object_class->dispose = plenum_annotation_bar_dispose;
  object_class->get_property = plenum_annotation_bar_get_property;
  object_class->set_property = plenum_annotation_bar_set_property;

  properties[PROP_LAYER] =
    g_param_spec_object ("layer", NULL, NULL, PLENUM_TYPE_INK_LAYER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "annotationbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
plenum_annotation_bar_init (PlenumAnnotationBar *self)
{
  self->highlighter_width = 1;
  self->pen_width = 1;
  build (self);
}

GtkWidget *
plenum_annotation_bar_new (PlenumInkLayer *layer)
{
  g_return_val_if_fail (PLENUM_IS_INK_LAYER (layer), NULL);

  return g_object_new (PLENUM_TYPE_ANNOTATION_BAR, "layer", layer, NULL);
}

PlenumInkLayer *
plenum_annotation_bar_get_layer (PlenumAnnotationBar *self)
{
  g_return_val_if_fail (PLENUM_IS_ANNOTATION_BAR (self), NULL);

  return self->layer;
}
