/* plenum-pin-pad.c — the touch PIN pad of the sign-in page. See plenum-pin-pad.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-pin-pad"

#include <glib/gi18n.h>
#include <string.h>

#include "plenum-pin-pad.h"

struct _PlenumPinPad
{
  GtkWidget  parent_instance;

  /* template children */
  GtkLabel  *dots_label;
  GtkGrid   *grid;
  GtkWidget *digit_buttons[10];
  GtkWidget *delete_button;
  GtkWidget *submit_button;

  /* The PIN: digits only, NUL-terminated, wiped whenever it shrinks or goes away. */
  char       pin[PLENUM_PIN_PAD_MAX_DIGITS + 1];
  guint      length;
};

G_DEFINE_FINAL_TYPE (PlenumPinPad, plenum_pin_pad, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LENGTH,
  N_PROPS
};

enum {
  SIGNAL_SUBMITTED,
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update (PlenumPinPad *self)
{
  g_autoptr(GString) dots = g_string_new (NULL);
  g_autofree char *description = NULL;

  for (guint i = 0; i < self->length; i++)
    {
      if (i > 0)
        g_string_append (dots, " ");
      g_string_append (dots, "●");
    }

  if (self->length == 0)
    {
      gtk_label_set_text (self->dots_label, _("Enter your PIN"));
      gtk_widget_add_css_class (GTK_WIDGET (self->dots_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (self->dots_label, dots->str);
      gtk_widget_remove_css_class (GTK_WIDGET (self->dots_label), "dim-label");
    }

  /* Screen readers hear how many digits, never which. */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u digit entered",
                                              "%u digits entered",
                                              self->length),
                                 self->length);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dots_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin-pad.delete", self->length > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin-pad.submit",
                                 self->length >= PLENUM_PIN_PAD_MIN_DIGITS);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pin-pad.digit",
                                 self->length < PLENUM_PIN_PAD_MAX_DIGITS);
}

static void
changed (PlenumPinPad *self)
{
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENGTH]);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
add_digit (PlenumPinPad *self,
           guint         digit)
{
  g_assert (digit <= 9);

  if (self->length >= PLENUM_PIN_PAD_MAX_DIGITS)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  self->pin[self->length++] = (char) ('0' + digit);
  self->pin[self->length] = '\0';
  changed (self);
}

static void
delete_digit (PlenumPinPad *self)
{
  if (self->length == 0)
    return;

  self->pin[--self->length] = '\0';
  changed (self);
}

static void
submit (PlenumPinPad *self)
{
  if (self->length < PLENUM_PIN_PAD_MIN_DIGITS)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SUBMITTED], 0);
}

static void
digit_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  int digit = g_variant_get_int32 (parameter);

  if (digit < 0 || digit > 9)
    return;
  add_digit (PLENUM_PIN_PAD (widget), (guint) digit);
}

static void
delete_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  delete_digit (PLENUM_PIN_PAD (widget));
}

static void
submit_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  submit (PLENUM_PIN_PAD (widget));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PlenumPinPad          *self)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;

  if (keyval >= GDK_KEY_0 && keyval <= GDK_KEY_9)
    {
      add_digit (self, keyval - GDK_KEY_0);
      return TRUE;
    }
  if (keyval >= GDK_KEY_KP_0 && keyval <= GDK_KEY_KP_9)
    {
      add_digit (self, keyval - GDK_KEY_KP_0);
      return TRUE;
    }

  switch (keyval)
    {
    case GDK_KEY_BackSpace:
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      delete_digit (self);
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      submit (self);
      return TRUE;

    default:
      return FALSE;
    }
}

static void
plenum_pin_pad_dispose (GObject *object)
{
  PlenumPinPad *self = PLENUM_PIN_PAD (object);
  GtkWidget *child;

  explicit_bzero (self->pin, sizeof self->pin);
  self->length = 0;
  gtk_widget_dispose_template (GTK_WIDGET (self), PLENUM_TYPE_PIN_PAD);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (plenum_pin_pad_parent_class)->dispose (object);
}

static void
plenum_pin_pad_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PlenumPinPad *self = PLENUM_PIN_PAD (object);

  switch (prop_id)
    {
    case PROP_LENGTH:
      g_value_set_uint (value, self->length);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_pin_pad_class_init (PlenumPinPadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_pin_pad_dispose;
  object_class->get_property = plenum_pin_pad_get_property;

  properties[PROP_LENGTH] =
    g_param_spec_uint ("length", NULL, NULL,
                       0, PLENUM_PIN_PAD_MAX_DIGITS, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SUBMITTED] =
    g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenum/Plenum/ui/plenum-pin-pad.ui");
  gtk_widget_class_bind_template_child (widget_class, PlenumPinPad, dots_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumPinPad, grid);
  gtk_widget_class_bind_template_child_full (widget_class, "digit_0", FALSE, G_STRUCT_OFFSET (PlenumPinPad, digit_buttons[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "digit_1", FALSE, G_STRUCT_OFFSET (PlenumPinPad, digit_buttons[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "digit_2", FALSE, G_STRUCT_OFFSET (PlenumPinPad, digit_buttons[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "digit_3", FALSE, G_STRUCT_OFFSET (PlenumPinPad, digit_buttons[3]));
  gtk_widget_class_bind_template_child_full (widget_class, "digit_4", FALSE, G_STRUCT_OFFSET (PlenumPinPad, digit_buttons[4]));
  gtk_widget_class_bind_template_child_full (widget_class, "digit_5", FALSE, G_STRUCT_OFFSET (PlenumPinPad, digit_buttons[5]));
  gtk_widget_class_bind_template_child_full (widget_class, "digit_6", FALSE, G_STRUCT_OFFSET (PlenumPinPad, digit_buttons[6]));
  gtk_widget_class_bind_template_child_full (widget_class, "digit_7", FALSE, G_STRUCT_OFFSET (PlenumPinPad, digit_buttons[7]));
  gtk_widget_class_bind_template_child_full (widget_class, "digit_8", FALSE, G_STRUCT_OFFSET (PlenumPinPad, digit_buttons[8]));
  gtk_widget_class_bind_template_child_full (widget_class, "digit_9", FALSE, G_STRUCT_OFFSET (PlenumPinPad, digit_buttons[9]));
  gtk_widget_class_bind_template_child (widget_class, PlenumPinPad, delete_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumPinPad, submit_button);

  gtk_widget_class_install_action (widget_class, "pin-pad.digit", "i", digit_action_cb);
  gtk_widget_class_install_action (widget_class, "pin-pad.delete", NULL, delete_action_cb);
  gtk_widget_class_install_action (widget_class, "pin-pad.submit", NULL, submit_action_cb);

  gtk_widget_class_set_css_name (widget_class, "plenumpinpad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
plenum_pin_pad_init (PlenumPinPad *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("PIN"),
                                  -1);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  update (self);
}

GtkWidget *
plenum_pin_pad_new (void)
{
  return g_object_new (PLENUM_TYPE_PIN_PAD, NULL);
}

guint
plenum_pin_pad_get_length (PlenumPinPad *self)
{
  g_return_val_if_fail (PLENUM_IS_PIN_PAD (self), 0);

  return self->length;
}

const char *
plenum_pin_pad_peek_pin (PlenumPinPad *self)
{
  g_return_val_if_fail (PLENUM_IS_PIN_PAD (self), NULL);

  return self->pin;
}

void
plenum_pin_pad_clear (PlenumPinPad *self)
{
  g_return_if_fail (PLENUM_IS_PIN_PAD (self));

  if (self->length == 0)
    return;

  explicit_bzero (self->pin, sizeof self->pin);
  self->length = 0;
  changed (self);
}

GtkWidget *
plenum_pin_pad_get_digit_button (PlenumPinPad *self,
                                 guint         digit)
{
  g_return_val_if_fail (PLENUM_IS_PIN_PAD (self), NULL);
  g_return_val_if_fail (digit <= 9, NULL);

  return self->digit_buttons[digit];
}

GtkWidget *
plenum_pin_pad_get_delete_button (PlenumPinPad *self)
{
  g_return_val_if_fail (PLENUM_IS_PIN_PAD (self), NULL);

  return self->delete_button;
}

GtkWidget *
plenum_pin_pad_get_submit_button (PlenumPinPad *self)
{
  g_return_val_if_fail (PLENUM_IS_PIN_PAD (self), NULL);

  return self->submit_button;
}
