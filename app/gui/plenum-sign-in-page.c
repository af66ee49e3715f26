/* plenum-sign-in-page.c — name + PIN sign-in through the sync engine. See
 * plenum-sign-in-page.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-sign-in-page"

#include <string.h>

#include <glib/gi18n.h>

#include "store/plenum-store.h"
#include "plenum-error-text.h"
#include "plenum-osk.h"
#include "plenum-sign-in-page.h"

/* Everything here belongs to the main thread (GTK's); callbacks of the layers below
 * come on its main context. */
struct _PlenumSignInPage
{
  GtkWidget         parent_instance;

  /* template children */
  GtkLabel         *server_label;
  GtkLabel         *notice_label;
  GtkEntry         *name_entry;
  PlenumPinPad     *pin_pad;
  GtkRevealer      *error_revealer;
  GtkLabel         *error_label;
  GtkWidget        *busy_box;
  GtkSpinner       *spinner;
  GtkLabel         *terminal_label;
  GtkLabel         *revoked_label;
  GtkButton        *enrol_button;
  GtkRevealer      *enrol_revealer;
  GtkLabel         *enrol_code_label;
  GtkGrid          *enrol_pad;
  GtkLabel         *enrol_result_label;
  GtkWidget        *enrol_submit_button;

  /* Issue #9, built in C under the template's content: the seat's name above it all;
   * the appearance and language controls and the administrator's button below. */
  GtkLabel         *seat_label;
  GtkWidget        *appearance_group;
  GtkSwitch        *large_text_switch;
  GtkSwitch        *high_contrast_switch;
  AdwComboRow      *language_row;
  GtkWidget        *admin_button;
  PlenumOsk        *keyboard;          /* for the sign-in name: no physical keyboard */
  GSettings        *settings;
  char             *terminal_name;

  PlenumSyncEngine *engine;
  GCancellable     *enrol_cancellable; /* the enrolment under way, or NULL */
  char              enrol_code[PLENUM_SIGN_IN_ENROL_CODE_DIGITS + 1]; /* digits so far */
  char             *enrol_text;
  GCancellable     *cancellable; /* the sign-in under way, or NULL */
  char             *error_text;
  guint             error_tick;  /* scrolls the error into view, or 0 */
  guint             error_frames;
  char             *notice;
};

G_DEFINE_FINAL_TYPE (PlenumSignInPage, plenum_sign_in_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SYNC_ENGINE,
  PROP_BUSY,
  PROP_ERROR_TEXT,
  PROP_NOTICE,
  N_PROPS
};

enum {
  SIGNAL_SIGNED_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
name_is_entered (PlenumSignInPage *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static void
update_actions (PlenumSignInPage *self)
{
  gboolean busy = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.submit",
                                 self->engine != NULL && !busy &&
                                 name_is_entered (self) &&
                                 plenum_pin_pad_get_length (self->pin_pad) >= PLENUM_PIN_PAD_MIN_DIGITS);
}

static void
update_terminal (PlenumSignInPage *self)
{
  const char *server_url = NULL;
  const char *terminal_id = NULL;
  g_autofree char *server_text = NULL;
  g_autofree char *terminal_text = NULL;

  if (self->engine != NULL)
    {
      PlenumStore *store = plenum_sync_engine_get_store (self->engine);

      server_url = plenum_sync_engine_get_server_url (self->engine);
      if (store != NULL)
        terminal_id = plenum_store_get_terminal_id (store);
    }

  if (server_url != NULL && server_url[0] != '\0')
    /* Translators: %s is the address of the committee office server. */
    server_text = g_strdup_printf (_("Server: %s"), server_url);
  else
    server_text = g_strdup (_("No server is configured for this terminal. Members who signed in here before can still sign in."));
  gtk_label_set_text (self->server_label, server_text);

  if (terminal_id != NULL)
    {
      /* The first group of the UUID is enough to tell terminals apart in a room. */
      g_autofree char *short_id = g_strndup (terminal_id, 8);
      /* Translators: %s identifies this terminal (the start of its id). */
      terminal_text = g_strdup_printf (_("Terminal %s"), short_id);
    }
  gtk_label_set_text (self->terminal_label, terminal_text != NULL ? terminal_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->terminal_label), terminal_text != NULL);
}

/* A tick of the frame clock after a sentence was shown: once the page has been laid
 * out with it (two frames), the page scrolls so that the whole sentence is in view. On
 * a small screen the sentence under the PIN pad would otherwise stay below the fold,
 * and the member would see nothing happen after OK. */
static gboolean
error_tick_cb (GtkWidget     *widget,
               GdkFrameClock *frame_clock,
               gpointer       user_data)
{
  PlenumSignInPage *self = PLENUM_SIGN_IN_PAGE (widget);
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double value, page_size;
  const double margin = 12;

  if (++self->error_frames < 2)
    return G_SOURCE_CONTINUE;
  self->error_tick = 0;
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->error_label),
                                      GTK_TYPE_SCROLLED_WINDOW);
  if (self->error_text == NULL || scrolled == NULL ||
      !gtk_widget_compute_bounds (GTK_WIDGET (self->error_label), scrolled, &bounds))
    return G_SOURCE_REMOVE;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  value = gtk_adjustment_get_value (adjustment);
  page_size = gtk_adjustment_get_page_size (adjustment);
  if (bounds.origin.y + bounds.size.height + margin > page_size)
    gtk_adjustment_set_value (adjustment,
                              value + bounds.origin.y + bounds.size.height + margin - page_size);
  else if (bounds.origin.y < 0)
    gtk_adjustment_set_value (adjustment, value + bounds.origin.y - margin);
  return G_SOURCE_REMOVE;
}

static void
set_error_text (PlenumSignInPage *self,
                const char       *text)
{
  if (g_strcmp0 (self->error_text, text) == 0)
    return;

  g_free (self->error_text);
  self->error_text = g_strdup (text);

  if (text != NULL)
    gtk_label_set_text (self->error_label, text);
  gtk_revealer_set_reveal_child (self->error_revealer, text != NULL);
  if (text != NULL && self->error_tick == 0)
    {
      self->error_frames = 0;
      self->error_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), error_tick_cb, NULL,
                                                       NULL);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_TEXT]);
}

static void
set_busy (PlenumSignInPage *self,
          GCancellable     *cancellable)
{
  gboolean was_busy = self->cancellable != NULL;

  if (self->cancellable == cancellable)
    return;

  g_clear_object (&self->cancellable);
  if (cancellable != NULL)
    self->cancellable = g_object_ref (cancellable);

  gtk_widget_set_visible (self->busy_box, cancellable != NULL);
  gtk_spinner_set_spinning (self->spinner, cancellable != NULL);
  /* Not insensitive: GTK 4.8 takes the focus from an insensitive entry without a
   * focus-out, and its cursor goes on blinking (with a warning). */
  gtk_editable_set_editable (GTK_EDITABLE (self->name_entry), cancellable == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pin_pad), cancellable == NULL);
  update_actions (self);

  if (was_busy != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

typedef struct
{
  PlenumSignInPage *self;        /* a strong reference */
  GCancellable     *cancellable; /* this attempt's */
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignInData, sign_in_data_free)

static void
sign_in_finished_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SignInData) data = user_data;
  PlenumSignInPage *self = data->self;
  g_autoptr(PlenumMember) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  account = plenum_sync_engine_sign_in_finish (PLENUM_SYNC_ENGINE (source), result, &error);

  /* Cancelled (reset, a new engine, the page went away): if the engine got there
   * anyway, nobody asked for that session any more. */
  if (g_cancellable_is_cancelled (data->cancellable))
    {
      if (account != NULL)
        plenum_sync_engine_sign_out (PLENUM_SYNC_ENGINE (source));
      return;
    }

  set_busy (self, NULL);

  if (account == NULL)
    {
      text = plenum_error_text (error);
      set_error_text (self, text);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_pad));
      return;
    }

  set_error_text (self, NULL);
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, account);
}

static void
submit (PlenumSignInPage *self)
{
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *name = NULL;
  SignInData *data;

  if (self->engine == NULL || self->cancellable != NULL)
    return;

  if (!name_is_entered (self))
    {
      set_error_text (self, _("Enter your name first, then your PIN."));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
      return;
    }
  if (plenum_pin_pad_get_length (self->pin_pad) < PLENUM_PIN_PAD_MIN_DIGITS)
    {
      /* Translators: %d is the smallest number of digits a PIN has. */
      g_autofree char *text = g_strdup_printf (_("A PIN has at least %d digits."),
                                               PLENUM_PIN_PAD_MIN_DIGITS);
      set_error_text (self, text);
      return;
    }

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  cancellable = g_cancellable_new ();
  set_error_text (self, NULL);
  set_busy (self, cancellable);

  data = g_new0 (SignInData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (cancellable);
  plenum_sync_engine_sign_in_async (self->engine, name,
                                    plenum_pin_pad_peek_pin (self->pin_pad),
                                    cancellable, sign_in_finished_cb, data);

  /* The engine has its own copy; the pad's is wiped now, whatever the outcome. */
  plenum_pin_pad_clear (self->pin_pad);
}

static void
submit_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  submit (PLENUM_SIGN_IN_PAGE (widget));
}

static void
name_changed_cb (PlenumSignInPage *self)
{
  update_actions (self);
}

static void
name_activated_cb (PlenumSignInPage *self)
{
  /* Enter in the name goes on to the PIN. */
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_pad));
}

static void
pin_changed_cb (PlenumSignInPage *self)
{
  update_actions (self);
}

static void
pin_submitted_cb (PlenumSignInPage *self)
{
  submit (self);
}

/* Enrolment: a one-time code of ten digits from the committee office, entered on a digit
 * pad and shown as DDDDD-DDDDD. */

static void
update_enrol (PlenumSignInPage *self)
{
  gsize n = strlen (self->enrol_code);
  gboolean busy = self->enrol_cancellable != NULL;
  g_autofree char *shown = NULL;
  GString *code = g_string_new (NULL);

  for (gsize i = 0; i < PLENUM_SIGN_IN_ENROL_CODE_DIGITS; i++)
    {
      if (i == PLENUM_SIGN_IN_ENROL_CODE_DIGITS / 2)
        g_string_append_c (code, '-');
      g_string_append_c (code, i < n ? self->enrol_code[i] : '_');
    }
  shown = g_string_free (code, FALSE);
  gtk_label_set_text (self->enrol_code_label, shown);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.enrol-digit",
                                 !busy && n < PLENUM_SIGN_IN_ENROL_CODE_DIGITS);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.enrol-delete", !busy && n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.enrol-submit",
                                 !busy && self->engine != NULL && n == PLENUM_SIGN_IN_ENROL_CODE_DIGITS);
}

static void
set_enrol_text (PlenumSignInPage *self,
                const char       *text)
{
  g_free (self->enrol_text);
  self->enrol_text = g_strdup (text);
  gtk_label_set_text (self->enrol_result_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->enrol_result_label), text != NULL);
}

static void
update_revoked (PlenumSignInPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->revoked_label),
                          self->engine != NULL && plenum_sync_engine_get_revoked (self->engine));
}

static void
engine_revoked_cb (PlenumSignInPage *self)
{
  update_revoked (self);
}

static void
show_enrol_action_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlenumSignInPage *self = PLENUM_SIGN_IN_PAGE (widget);

  gtk_revealer_set_reveal_child (self->enrol_revealer,
                                 !gtk_revealer_get_reveal_child (self->enrol_revealer));
}

static void
enrol_digit_action_cb (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PlenumSignInPage *self = PLENUM_SIGN_IN_PAGE (widget);
  int digit = g_variant_get_int32 (parameter);
  gsize n = strlen (self->enrol_code);

  if (digit < 0 || digit > 9 || n >= PLENUM_SIGN_IN_ENROL_CODE_DIGITS)
    return;

  self->enrol_code[n] = (char) ('0' + digit);
  self->enrol_code[n + 1] = '\0';
  update_enrol (self);
}

static void
enrol_delete_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PlenumSignInPage *self = PLENUM_SIGN_IN_PAGE (widget);
  gsize n = strlen (self->enrol_code);

  if (n > 0)
    self->enrol_code[n - 1] = '\0';
  update_enrol (self);
}

static void
enrol_finished_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlenumSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!plenum_sync_engine_enrol_finish (PLENUM_SYNC_ENGINE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = plenum_error_text (error);
    }
  else
    {
      g_autofree char *name = NULL;
      char *credential;

      credential = plenum_store_get_terminal_credential (plenum_sync_engine_get_store (PLENUM_SYNC_ENGINE (source)),
                                                         &name, NULL);
      if (credential != NULL)
        {
          memset (credential, 0, strlen (credential));
          g_free (credential);
        }
      if (name != NULL)
        /* Translators: %s is the seat or terminal name the committee office gave. */
        text = g_strdup_printf (_("This terminal is enrolled as “%s”."), name);
      else
        text = g_strdup (_("This terminal is enrolled."));
      memset (self->enrol_code, 0, sizeof self->enrol_code);
    }

  g_clear_object (&self->enrol_cancellable);
  set_enrol_text (self, text);
  update_enrol (self);
  update_revoked (self);
}

static void
enrol_submit_action_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PlenumSignInPage *self = PLENUM_SIGN_IN_PAGE (widget);

  if (self->engine == NULL || self->enrol_cancellable != NULL ||
      strlen (self->enrol_code) != PLENUM_SIGN_IN_ENROL_CODE_DIGITS)
    return;

  self->enrol_cancellable = g_cancellable_new ();
  set_enrol_text (self, NULL);
  update_enrol (self);
  plenum_sync_engine_enrol_async (self->engine, self->enrol_code, self->enrol_cancellable,
                                  enrol_finished_cb, g_object_ref (self));
}

static GtkWidget *
enrol_pad_button (const char *label,
                  const char *accessible_label,
                  const char *action_name,
                  GVariant   *target)
{
  GtkWidget *button = g_str_has_suffix (label, "-symbolic") ? gtk_button_new_from_icon_name (label)
                                                             : gtk_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_widget_add_css_class (button, "plenum-touch");
  if (accessible_label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  return button;
}

static void
build_enrol_pad (PlenumSignInPage *self)
{
  for (int digit = 0; digit <= 9; digit++)
    {
      char label[2] = { (char) ('0' + digit), '\0' };
      GtkWidget *button = enrol_pad_button (label, NULL, "sign-in.enrol-digit",
                                            g_variant_new_int32 (digit));

      if (digit == 0)
        gtk_grid_attach (self->enrol_pad, button, 1, 3, 1, 1);
      else
        gtk_grid_attach (self->enrol_pad, button, (digit - 1) % 3, (digit - 1) / 3, 1, 1);
    }
  gtk_grid_attach (self->enrol_pad,
                   enrol_pad_button ("edit-clear-symbolic", _("Delete the last digit"), "sign-in.enrol-delete", NULL),
                   0, 3, 1, 1);
  self->enrol_submit_button = enrol_pad_button (_("Enrol"), NULL, "sign-in.enrol-submit", NULL);
  gtk_widget_add_css_class (self->enrol_submit_button, "suggested-action");
  gtk_grid_attach (self->enrol_pad, self->enrol_submit_button, 2, 3, 1, 1);
}

/* Issue #9: the seat's name, appearance and language, the administrator */

/* The language chooser's rows, in order: "" is the configuration's (or the
 * environment's) language. */
static const char * const language_codes[] = { "", "vi", "nb", "en" };

static gboolean
language_to_row_cb (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *code = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (language_codes); i++)
    if (g_str_equal (code, language_codes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
row_to_language_cb (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  guint row = g_value_get_uint (value);

  return g_variant_new_string (row < G_N_ELEMENTS (language_codes) ? language_codes[row] : "");
}

static GtkWidget *
switch_row (const char  *title,
            GtkSwitch  **out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  /* The whole row is the touch target, not only the small switch. */
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  gtk_widget_add_css_class (row, "plenum-touch");
  *out = GTK_SWITCH (toggle);
  return row;
}

static void
build_kiosk_widgets (PlenumSignInPage *self)
{
  GtkWidget *content = gtk_widget_get_parent (GTK_WIDGET (self->server_label));
  GtkWidget *list;
  g_autoptr(GtkStringList) languages = NULL;

  /* Above everything: which seat this is ("Ghế 05"). */
  self->seat_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->seat_label, TRUE);
  gtk_label_set_justify (self->seat_label, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->seat_label), "title-1");
  gtk_widget_set_visible (GTK_WIDGET (self->seat_label), FALSE);
  gtk_box_prepend (GTK_BOX (content), GTK_WIDGET (self->seat_label));

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_margin_top (list, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Appearance and language"), -1);
  gtk_list_box_append (GTK_LIST_BOX (list), switch_row (_("Large text"), &self->large_text_switch));
  gtk_list_box_append (GTK_LIST_BOX (list), switch_row (_("High contrast"), &self->high_contrast_switch));

  languages = gtk_string_list_new (NULL);
  gtk_string_list_append (languages, _("This terminal’s language"));
  /* Translators: each language is named in itself, so that a member who reads only
   * that language finds it; keep these three as they are. */
  gtk_string_list_append (languages, C_("language name", "Tiếng Việt"));
  gtk_string_list_append (languages, C_("language name", "Norsk bokmål"));
  gtk_string_list_append (languages, C_("language name", "English"));
  self->language_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->language_row), _("Language"));
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (languages));
  gtk_widget_add_css_class (GTK_WIDGET (self->language_row), "plenum-touch");
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->language_row));

  self->appearance_group = list;
  gtk_widget_set_visible (list, FALSE);
  gtk_box_append (GTK_BOX (content), list);

  /* The sign-in name by touch: an on-screen keyboard under the name, behind a toggle.
   * Sign-in names are plain Latin letters, digits and dots, so the English layout. */
  {
    GtkWidget *name_box = gtk_widget_get_parent (GTK_WIDGET (self->name_entry));
    GtkWidget *toggle;

    self->keyboard = PLENUM_OSK (plenum_osk_new ());
    plenum_osk_set_layout (self->keyboard, PLENUM_OSK_LAYOUT_ENGLISH);
    plenum_osk_watch (self->keyboard, GTK_WIDGET (self->name_entry));
    toggle = plenum_osk_toggle_button_new (self->keyboard);
    gtk_widget_set_halign (toggle, GTK_ALIGN_END);
    gtk_box_insert_child_after (GTK_BOX (name_box), toggle, GTK_WIDGET (self->name_entry));
    gtk_box_insert_child_after (GTK_BOX (name_box), GTK_WIDGET (self->keyboard), toggle);
  }

  /* A kiosk's only way out, behind the administrator PIN (the window's page). */
  self->admin_button = gtk_button_new_with_label (_("Administrator"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->admin_button), "window.admin");
  gtk_widget_set_halign (self->admin_button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (self->admin_button, 12);
  gtk_widget_add_css_class (self->admin_button, "flat");
  gtk_widget_add_css_class (self->admin_button, "plenum-touch");
  gtk_widget_set_visible (self->admin_button, FALSE);
  gtk_box_append (GTK_BOX (content), self->admin_button);
}

static void
plenum_sign_in_page_dispose (GObject *object)
{
  PlenumSignInPage *self = PLENUM_SIGN_IN_PAGE (object);
  GtkWidget *child;

  if (self->error_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->error_tick);
      self->error_tick = 0;
    }
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->enrol_cancellable != NULL)
    g_cancellable_cancel (self->enrol_cancellable);
  g_clear_object (&self->enrol_cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);
  memset (self->enrol_code, 0, sizeof self->enrol_code);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLENUM_TYPE_SIGN_IN_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (plenum_sign_in_page_parent_class)->dispose (object);
}

static void
plenum_sign_in_page_finalize (GObject *object)
{
  PlenumSignInPage *self = PLENUM_SIGN_IN_PAGE (object);

  g_clear_pointer (&self->error_text, g_free);
  g_clear_pointer (&self->notice, g_free);
  g_clear_pointer (&self->enrol_text, g_free);
  g_clear_pointer (&self->terminal_name, g_free);

  G_OBJECT_CLASS (plenum_sign_in_page_parent_class)->finalize (object);
}

static void
plenum_sign_in_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  PlenumSignInPage *self = PLENUM_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_SYNC_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;

    case PROP_ERROR_TEXT:
      g_value_set_string (value, self->error_text);
      break;

    case PROP_NOTICE:
      g_value_set_string (value, self->notice);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_sign_in_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  PlenumSignInPage *self = PLENUM_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_SYNC_ENGINE:
      plenum_sign_in_page_set_sync_engine (self, g_value_get_object (value));
      break;

    case PROP_NOTICE:
      plenum_sign_in_page_set_notice (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plenum_sign_in_page_class_init (PlenumSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plenum_sign_in_page_dispose;
  object_class->finalize = plenum_sign_in_page_finalize;
  object_class->get_property = plenum_sign_in_page_get_property;
  object_class->set_property = plenum_sign_in_page_set_property;

  properties[PROP_SYNC_ENGINE] =
    g_param_spec_object ("sync-engine", NULL, NULL,
                         PLENUM_TYPE_SYNC_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ERROR_TEXT] =
    g_param_spec_string ("error-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NOTICE] =
    g_param_spec_string ("notice", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PLENUM_TYPE_MEMBER);

  g_type_ensure (PLENUM_TYPE_PIN_PAD);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/plenum/Plenum/ui/plenum-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlenumSignInPage, server_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumSignInPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumSignInPage, name_entry);
  gtk_widget_class_bind_template_child (widget_class, PlenumSignInPage, pin_pad);
  gtk_widget_class_bind_template_child (widget_class, PlenumSignInPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PlenumSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumSignInPage, busy_box);
  gtk_widget_class_bind_template_child (widget_class, PlenumSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlenumSignInPage, terminal_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumSignInPage, revoked_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumSignInPage, enrol_button);
  gtk_widget_class_bind_template_child (widget_class, PlenumSignInPage, enrol_revealer);
  gtk_widget_class_bind_template_child (widget_class, PlenumSignInPage, enrol_code_label);
  gtk_widget_class_bind_template_child (widget_class, PlenumSignInPage, enrol_pad);
  gtk_widget_class_bind_template_child (widget_class, PlenumSignInPage, enrol_result_label);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_submitted_cb);

  gtk_widget_class_install_action (widget_class, "sign-in.submit", NULL, submit_action_cb);
  gtk_widget_class_install_action (widget_class, "sign-in.show-enrol", NULL, show_enrol_action_cb);
  gtk_widget_class_install_action (widget_class, "sign-in.enrol-digit", "i", enrol_digit_action_cb);
  gtk_widget_class_install_action (widget_class, "sign-in.enrol-delete", NULL, enrol_delete_action_cb);
  gtk_widget_class_install_action (widget_class, "sign-in.enrol-submit", NULL, enrol_submit_action_cb);
}

static void
plenum_sign_in_page_init (PlenumSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_enrol_pad (self);
  build_kiosk_widgets (self);
  update_terminal (self);
  update_actions (self);
  update_enrol (self);
}

GtkWidget *
plenum_sign_in_page_new (PlenumSyncEngine *engine)
{
  g_return_val_if_fail (engine == NULL || PLENUM_IS_SYNC_ENGINE (engine), NULL);

  return g_object_new (PLENUM_TYPE_SIGN_IN_PAGE, "sync-engine", engine, NULL);
}

PlenumSyncEngine *
plenum_sign_in_page_get_sync_engine (PlenumSignInPage *self)
{
  g_return_val_if_fail (PLENUM_IS_SIGN_IN_PAGE (self), NULL);

  return self->engine;
}

void
plenum_sign_in_page_set_sync_engine (PlenumSignInPage *self,
                                     PlenumSyncEngine *engine)
{
  g_return_if_fail (PLENUM_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (engine == NULL || PLENUM_IS_SYNC_ENGINE (engine));

  if (self->engine == engine)
    return;

  /* A sign-in under way belongs to the old engine. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  set_busy (self, NULL);

  if (self->enrol_cancellable != NULL)
    g_cancellable_cancel (self->enrol_cancellable);
  g_clear_object (&self->enrol_cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    g_signal_connect_swapped (engine, "notify::revoked", G_CALLBACK (engine_revoked_cb), self);
  update_terminal (self);
  update_actions (self);
  update_enrol (self);
  update_revoked (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_ENGINE]);
}

const char *
plenum_sign_in_page_get_enrol_text (PlenumSignInPage *self)
{
  g_return_val_if_fail (PLENUM_IS_SIGN_IN_PAGE (self), NULL);

  return self->enrol_text;
}

gboolean
plenum_sign_in_page_get_revoked_shown (PlenumSignInPage *self)
{
  g_return_val_if_fail (PLENUM_IS_SIGN_IN_PAGE (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->revoked_label));
}

gboolean
plenum_sign_in_page_get_busy (PlenumSignInPage *self)
{
  g_return_val_if_fail (PLENUM_IS_SIGN_IN_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

const char *
plenum_sign_in_page_get_error_text (PlenumSignInPage *self)
{
  g_return_val_if_fail (PLENUM_IS_SIGN_IN_PAGE (self), NULL);

  return self->error_text;
}

const char *
plenum_sign_in_page_get_notice (PlenumSignInPage *self)
{
  g_return_val_if_fail (PLENUM_IS_SIGN_IN_PAGE (self), NULL);

  return self->notice;
}

void
plenum_sign_in_page_set_notice (PlenumSignInPage *self,
                                const char       *notice)
{
  g_return_if_fail (PLENUM_IS_SIGN_IN_PAGE (self));

  if (g_strcmp0 (self->notice, notice) == 0)
    return;

  g_free (self->notice);
  self->notice = g_strdup (notice);
  gtk_label_set_text (self->notice_label, notice != NULL ? notice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), notice != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE]);
}

void
plenum_sign_in_page_reset (PlenumSignInPage *self)
{
  g_return_if_fail (PLENUM_IS_SIGN_IN_PAGE (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  set_busy (self, NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  plenum_pin_pad_clear (self->pin_pad);
  set_error_text (self, NULL);
  update_terminal (self);
  update_actions (self);
}

GtkWidget *
plenum_sign_in_page_get_keyboard (PlenumSignInPage *self)
{
  g_return_val_if_fail (PLENUM_IS_SIGN_IN_PAGE (self), NULL);
  return GTK_WIDGET (self->keyboard);
}

GtkEditable *
plenum_sign_in_page_get_name_entry (PlenumSignInPage *self)
{
  g_return_val_if_fail (PLENUM_IS_SIGN_IN_PAGE (self), NULL);

  return GTK_EDITABLE (self->name_entry);
}

PlenumPinPad *
plenum_sign_in_page_get_pin_pad (PlenumSignInPage *self)
{
  g_return_val_if_fail (PLENUM_IS_SIGN_IN_PAGE (self), NULL);

  return self->pin_pad;
}

void
plenum_sign_in_page_set_terminal_name (PlenumSignInPage *self,
                                       const char       *terminal_name)
{
  g_return_if_fail (PLENUM_IS_SIGN_IN_PAGE (self));

  if (terminal_name != NULL && terminal_name[0] == '\0')
    terminal_name = NULL;
  g_free (self->terminal_name);
  self->terminal_name = g_strdup (terminal_name);
  gtk_label_set_text (self->seat_label, terminal_name != NULL ? terminal_name : "");
  gtk_widget_set_visible (GTK_WIDGET (self->seat_label), terminal_name != NULL);
}

const char *
plenum_sign_in_page_get_terminal_name (PlenumSignInPage *self)
{
  g_return_val_if_fail (PLENUM_IS_SIGN_IN_PAGE (self), NULL);

  return self->terminal_name;
}

/* Whether @settings' schema has @key (an older schema may not). */
static gboolean
settings_have_key (GSettings  *settings,
                   const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

void
plenum_sign_in_page_set_settings (PlenumSignInPage *self,
                                  GSettings        *settings)
{
  gboolean large_text, high_contrast, language;

  g_return_if_fail (PLENUM_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (self->settings == settings)
    return;
  if (self->settings != NULL)
    {
      g_settings_unbind (self->large_text_switch, "active");
      g_settings_unbind (self->high_contrast_switch, "active");
      g_settings_unbind (self->language_row, "selected");
    }
  g_set_object (&self->settings, settings);

  large_text = settings != NULL && settings_have_key (settings, "large-text");
  high_contrast = settings != NULL && settings_have_key (settings, "high-contrast");
  language = settings != NULL && settings_have_key (settings, "language");
  if (large_text)
    g_settings_bind (settings, "large-text", self->large_text_switch, "active", G_SETTINGS_BIND_DEFAULT);
  if (high_contrast)
    g_settings_bind (settings, "high-contrast", self->high_contrast_switch, "active", G_SETTINGS_BIND_DEFAULT);
  if (language)
    g_settings_bind_with_mapping (settings, "language", self->language_row, "selected",
                                  G_SETTINGS_BIND_DEFAULT, language_to_row_cb, row_to_language_cb,
                                  NULL, NULL);
  gtk_widget_set_visible (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (self->large_text_switch))),
                          large_text);
  gtk_widget_set_visible (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (self->high_contrast_switch))),
                          high_contrast);
  gtk_widget_set_visible (GTK_WIDGET (self->language_row), language);
  gtk_widget_set_visible (self->appearance_group, large_text || high_contrast || language);
}

void
plenum_sign_in_page_set_kiosk (PlenumSignInPage *self,
                               gboolean          kiosk)
{
  g_return_if_fail (PLENUM_IS_SIGN_IN_PAGE (self));

  gtk_widget_set_visible (self->admin_button, kiosk);
}

GtkWidget *
plenum_sign_in_page_get_admin_button (PlenumSignInPage *self)
{
  g_return_val_if_fail (PLENUM_IS_SIGN_IN_PAGE (self), NULL);

  return self->admin_button;
}

GtkSwitch *
plenum_sign_in_page_get_large_text_switch (PlenumSignInPage *self)
{
  g_return_val_if_fail (PLENUM_IS_SIGN_IN_PAGE (self), NULL);

  return self->large_text_switch;
}

GtkSwitch *
plenum_sign_in_page_get_high_contrast_switch (PlenumSignInPage *self)
{
  g_return_val_if_fail (PLENUM_IS_SIGN_IN_PAGE (self), NULL);

  return self->high_contrast_switch;
}

AdwComboRow *
plenum_sign_in_page_get_language_row (PlenumSignInPage *self)
{
  g_return_val_if_fail (PLENUM_IS_SIGN_IN_PAGE (self), NULL);

  return self->language_row;
}
