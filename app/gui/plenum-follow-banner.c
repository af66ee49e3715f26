/* plenum-follow-banner.c — "The chair is on item 3 … — Back to the chair". See
 * plenum-follow-banner.h.
 *
 * Built in code rather than from a template: it is a label and a button in a revealer.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-follow-banner"

#include <glib/gi18n.h>

#include "plenum-follow-banner.h"

/* Everything here belongs to the main thread (GTK's). */
struct _PlenumFollowBanner
{
  AdwBin       parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *label;
  GtkButton   *button;
  char        *text;
};

G_DEFINE_FINAL_TYPE (PlenumFollowBanner, plenum_follow_banner, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
plenum_follow_banner_format (const char *number,
                             const char *title,
                             gint        page)
{
  if (number == NULL)
    return g_strdup (_("The meeting has not reached an agenda item yet"));
  if (page >= 0)
    /* Translators: where the chair of the meeting is: the agenda item's number, its
     * title and the page of the document the chair shows (from 1). */
    return g_strdup_printf (_("The chair is on item %s, “%s”, page %d"), number,
                            title != NULL ? title : "", page + 1);
  /* Translators: where the chair of the meeting is: the agenda item's number and its
   * title. */
  return g_strdup_printf (_("The chair is on item %s, “%s”"), number,
                          title != NULL ? title : "");
}

static void
plenum_follow_banner_finalize (GObject *object)
{
  PlenumFollowBanner *self = PLENUM_FOLLOW_BANNER (object);

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (plenum_follow_banner_parent_class)->finalize (object);
}

static void
plenum_follow_banner_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PlenumFollowBanner *self = PLENUM_FOLLOW_BANNER (object);

  switch (prop_id)
    {
    case PROP_REVEALED:
      g_value_set_boolean (value, plenum_follow_banner_get_revealed (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_follow_banner_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PlenumFollowBanner *self = PLENUM_FOLLOW_BANNER (object);

  switch (prop_id)
    {
    case PROP_REVEALED:
      plenum_follow_banner_set_revealed (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_follow_banner_class_init (PlenumFollowBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = plenum_follow_banner_finalize;
  object_class->get_property = plenum_follow_banner_get_property;
  object_class->set_property = plenum_follow_banner_set_property;

  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "plenumfollowbanner");
}

static void
plenum_follow_banner_init (PlenumFollowBanner *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("find-location-symbolic");
  /* A status: screen readers say it when it changes. */
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS, NULL);
  GtkWidget *button = gtk_button_new_with_label (_("Back to the chair"));
  GtkWidget *revealer = gtk_revealer_new ();

  self->text = plenum_follow_banner_format (NULL, NULL, -1);

  /* The look of the offline banner (a strip under the header), and the words say it
   * all: the state is never in the colour alone. */
  gtk_widget_add_css_class (box, "plenum-offline-banner");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), icon);

  gtk_label_set_text (GTK_LABEL (label), self->text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "window.back-to-chair");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "plenum-touch");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Shows what the chair shows, and follows the chair again"),
                                  -1);
  gtk_box_append (GTK_BOX (box), button);

  gtk_revealer_set_transition_type (GTK_REVEALER (revealer), GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_revealer_set_child (GTK_REVEALER (revealer), box);
  adw_bin_set_child (ADW_BIN (self), revealer);
  /* Hidden, it takes no room at all (a revealer folded to 0 would still be measured). */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);

  self->revealer = GTK_REVEALER (revealer);
  self->label = GTK_LABEL (label);
  self->button = GTK_BUTTON (button);
}

GtkWidget *
plenum_follow_banner_new (void)
{
  return g_object_new (PLENUM_TYPE_FOLLOW_BANNER, NULL);
}

void
plenum_follow_banner_set_chair (PlenumFollowBanner *self,
                                const char         *number,
                                const char         *title,
                                gint                page)
{
  g_autofree char *text = NULL;

  g_return_if_fail (PLENUM_IS_FOLLOW_BANNER (self));

  text = plenum_follow_banner_format (number, title, page);
  if (g_strcmp0 (text, self->text) == 0)
    return;
  g_free (self->text);
  self->text = g_steal_pointer (&text);
  gtk_label_set_text (self->label, self->text);
}

gboolean
plenum_follow_banner_get_revealed (PlenumFollowBanner *self)
{
  g_return_val_if_fail (PLENUM_IS_FOLLOW_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

void
plenum_follow_banner_set_revealed (PlenumFollowBanner *self,
                                   gboolean            revealed)
{
  g_return_if_fail (PLENUM_IS_FOLLOW_BANNER (self));

  revealed = !!revealed;
  if (gtk_revealer_get_reveal_child (self->revealer) == revealed)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self), revealed);
  gtk_revealer_set_reveal_child (self->revealer, revealed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

const char *
plenum_follow_banner_get_text (PlenumFollowBanner *self)
{
  g_return_val_if_fail (PLENUM_IS_FOLLOW_BANNER (self), NULL);

  return self->text;
}

GtkButton *
plenum_follow_banner_get_button (PlenumFollowBanner *self)
{
  g_return_val_if_fail (PLENUM_IS_FOLLOW_BANNER (self), NULL);

  return self->button;
}
