/* plenum-application.c — the kiosk client's application object. It reads the command
 * line (--server, --data-dir, --kiosk, as DESIGN.md gives them, and --room-display) and
 * the terminal configuration, opens the store, makes the one sync engine and the one
 * render client, and gives them to the main window (or to the room display). See
 * plenum-application.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-application"

#include <glib/gi18n.h>
#include <libintl.h>

#include "plenum-application.h"
#include "plenum-room-display.h"
#include "plenum-appearance.h"
#include "plenum-terminal-config.h"
#include "plenum-window.h"

/* glibc's (GNU gettext's) catalogue generation: incremented after LANGUAGE changes so
 * that translations already looked up are looked up again. */
extern int _nl_msg_cat_cntr;

/* Everything here belongs to the main thread (GTK's); callbacks of the layers below
 * come on its main context. */
struct _PlenumApplication
{
  AdwApplication      parent_instance;

  char               *server_url;
  char               *data_dir;
  gboolean            kiosk;
  gboolean            room_display;  /* the wall screen instead of a seat's window */
  char               *config_problem;
  PlenumTerminalConfig config;       /* read at start; cleared once the engine has it */
  /* What the window needs of the configuration after it is cleared (issue #9). */
  char               *terminal_name;
  char               *admin_pin_hash;
  guint               idle_seconds;  /* 0: not set */
  char               *kiosk_refusal; /* a kiosk with a broken configuration: why */

  GCancellable       *cancellable;   /* opening the store; cancelled at shutdown */
  PlenumStore        *store;
  PlenumSyncEngine   *engine;
  PlenumRenderClient *render_client;

  /* org.plenum.Plenum, looked up once (NULL when the schema is not installed). */
  gboolean            settings_looked_up;
  GSettingsSchema    *settings_schema;
  GSettings          *settings;
  gboolean            watching_language;
};

G_DEFINE_FINAL_TYPE (PlenumApplication, plenum_application, ADW_TYPE_APPLICATION)

/* The application's settings when the schema is installed and has @key; NULL otherwise
 * (an uninstalled build run by hand, or an older schema): then the built-in defaults
 * hold. The schema is looked up once. */
static GSettings *
settings_with_key (PlenumApplication *self,
                   const char        *key)
{
  if (!self->settings_looked_up)
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

      self->settings_looked_up = TRUE;
      if (source != NULL)
        self->settings_schema = g_settings_schema_source_lookup (source, PLENUM_APP_ID, TRUE);
      if (self->settings_schema != NULL)
        self->settings = g_settings_new_full (self->settings_schema, NULL, NULL);
    }
  if (self->settings == NULL || !g_settings_schema_has_key (self->settings_schema, key))
    return NULL;
  return self->settings;
}

/* The GSettings key is the last resort for the server address. */
static char *
server_url_from_settings (PlenumApplication *self)
{
  GSettings *settings = settings_with_key (self, "server-url");
  g_autofree char *value = NULL;

  if (settings == NULL)
    return NULL;
  value = g_settings_get_string (settings, "server-url");
  if (value == NULL || value[0] == '\0' || !plenum_terminal_config_check_url (value, NULL))
    return NULL;
  return g_steal_pointer (&value);
}

/* The interface's language: the member's choice (the "language" setting), else
 * @config_language (the terminal configuration's), else the environment's. Set through
 * LANGUAGE, which gettext reads at every lookup; its cache of catalogues is told. */
static void
apply_language (PlenumApplication *self,
                const char        *config_language)
{
  GSettings *settings = settings_with_key (self, "language");
  g_autofree char *chosen = settings != NULL ? g_settings_get_string (settings, "language") : NULL;
  const char *language = chosen != NULL && chosen[0] != '\0' ? chosen : config_language;

  if (language == NULL || language[0] == '\0')
    return;
  if (g_strcmp0 (g_getenv ("LANGUAGE"), language) == 0)
    return;
  g_setenv ("LANGUAGE", language, TRUE);
  /* GNU gettext's documented way to make it look again after LANGUAGE changed. */
  ++_nl_msg_cat_cntr;
}

static int
plenum_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  PlenumApplication *self = PLENUM_APPLICATION (application);
  const char *server = NULL;
  const char *data_dir = NULL;

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      if (!g_str_has_prefix (server, "http://") && !g_str_has_prefix (server, "https://"))
        {
          /* Translators: %s is what the user typed after --server. */
          g_printerr (_("“%s” is not a server address: it must start with https:// or http://\n"),
                      server);
          return 2;
        }
      if (!plenum_terminal_config_check_url (server, NULL))
        {
          g_printerr (_("“%s” is not a server address: it must start with https:// or http://\n"),
                      server);
          return 2;
        }
      g_free (self->server_url);
      self->server_url = g_strdup (server);
    }

  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &data_dir))
    {
      g_free (self->data_dir);
      self->data_dir = g_canonicalize_filename (data_dir, NULL);
    }

  if (g_variant_dict_contains (options, "kiosk"))
    self->kiosk = TRUE;

  if (g_variant_dict_contains (options, "room-display"))
    self->room_display = TRUE;

  /* The member's choice on the sign-in page comes first, before anything is
   * translated (the configuration's messages included). */
  apply_language (self, NULL);

  /* The command line wins for the server address; the rest of the terminal
   * configuration (the seat, TLS, the kiosk) is read in any case. A broken file is said
   * on stderr and on the sign-in page, and the client starts anyway: members who signed
   * in here before can still read their papers offline. A kiosk does not start: nobody
   * is there to notice a terminal running half-configured, and its administrator PIN
   * may be what is broken. */
  {
    g_autoptr(GError) error = NULL;
    const char *path = plenum_terminal_config_get_path ();

    if (!plenum_terminal_config_load (path, &self->config, &error))
      {
        g_printerr ("%s\n", error->message);
        g_free (self->config_problem);
        self->config_problem = g_strdup (error->message);
        if (plenum_terminal_config_says_kiosk (path))
          self->kiosk = TRUE;
        if (self->kiosk)
          self->kiosk_refusal = g_strdup (error->message);
      }
    else
      {
        if (self->config.kiosk)
          self->kiosk = TRUE;
        if (self->kiosk && !plenum_terminal_config_check_kiosk (path, &self->config, &error))
          {
            g_printerr ("%s\n", error->message);
            self->kiosk_refusal = g_strdup (error->message);
          }
      }
    self->terminal_name = g_strdup (self->config.terminal_name);
    self->admin_pin_hash = g_strdup (self->config.admin_pin_hash);
    self->idle_seconds = self->config.idle_seconds;
    apply_language (self, self->config.language);
  }
  if (self->server_url == NULL)
    self->server_url = g_strdup (self->config.server_url);
  if (self->server_url == NULL)
    self->server_url = server_url_from_settings (self);

  return G_APPLICATION_CLASS (plenum_application_parent_class)->handle_local_options (application, options);
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

void
plenum_application_install_style (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  g_return_if_fail (GDK_IS_DISPLAY (display));

  if (g_object_get_data (G_OBJECT (display), "plenum-style") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/org/plenum/Plenum/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "plenum-style", g_object_ref (provider), g_object_unref);
}

static void
plenum_application_startup (GApplication *application)
{
  PlenumApplication *self = PLENUM_APPLICATION (application);

  G_APPLICATION_CLASS (plenum_application_parent_class)->startup (application);

  plenum_application_install_style (gdk_display_get_default ());

  if (self->room_display)
    plenum_room_display_install_style (gdk_display_get_default ());

  /* A kiosk has no way out for the member; an ordinary window closes with Ctrl+Q. */
  if (!self->kiosk)
    {
      g_autoptr(GSimpleAction) quit = g_simple_action_new ("quit", NULL);
      const char *accels[] = { "<Control>q", NULL };

      g_signal_connect (quit, "activate", G_CALLBACK (quit_activated_cb), self);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (quit));
      gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", accels);
    }
}

static PlenumWindow *
main_window (PlenumApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return PLENUM_IS_WINDOW (window) ? PLENUM_WINDOW (window) : NULL;
}

static PlenumRoomDisplay *
room_display (PlenumApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return PLENUM_IS_ROOM_DISPLAY (window) ? PLENUM_ROOM_DISPLAY (window) : NULL;
}

/* The terminal's tunables (org.plenum.Plenum): how long meetings are kept, and how long
 * the server may be unreachable before the offline message shows. */
static void
apply_engine_settings (PlenumApplication *self)
{
  GSettings *settings;

  if ((settings = settings_with_key (self, "retention-days")) != NULL)
    plenum_sync_engine_set_retention (self->engine, G_TIME_SPAN_DAY *
                                                    g_settings_get_uint (settings, "retention-days"));
  if ((settings = settings_with_key (self, "offline-message-delay")) != NULL)
    plenum_sync_engine_set_offline_delay (self->engine,
                                          1000 * g_settings_get_uint (settings, "offline-message-delay"));
}

/* The reader's memory for rendered pages (org.plenum.Plenum page-cache-mib), for the
 * render queue of the window or of the room display. */
static void
apply_reader_settings (PlenumApplication *self,
                       PlenumRenderQueue *queue)
{
  GSettings *settings = settings_with_key (self, "page-cache-mib");

  if (settings == NULL || queue == NULL)
    return;
  plenum_texture_cache_set_budget (plenum_render_queue_get_cache (queue),
                                   (guint64) g_settings_get_uint (settings, "page-cache-mib") << 20);
}

static void
store_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PlenumApplication) self = user_data;
  g_autoptr(PlenumStore) store = NULL;
  g_autoptr(PlenumSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  PlenumWindow *window;
  PlenumRoomDisplay *display;

  store = plenum_store_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  window = main_window (self);
  display = room_display (self);

  if (store == NULL)
    {
      g_warning ("cannot open the terminal's data in %s: %s", self->data_dir, error->message);
      if (window != NULL)
        plenum_window_show_startup_error (window, error);
      if (display != NULL)
        plenum_room_display_show_startup_error (display, error);
      return;
    }

  engine = plenum_sync_engine_new (store, self->server_url, &error);
  if (engine == NULL && self->server_url != NULL)
    {
      /* A server address the engine refuses must not keep members from their papers:
       * start without one (offline sign-in), and say so. */
      g_warning ("cannot use the server %s: %s", self->server_url, error->message);
      g_clear_error (&error);
      g_clear_pointer (&self->server_url, g_free);
      g_free (self->config_problem);
      self->config_problem = g_strdup (_("The server address of this terminal cannot be used. Ask the secretariat to set the terminal up."));
      engine = plenum_sync_engine_new (store, NULL, &error);
    }
  if (engine == NULL)
    {
      g_warning ("cannot start syncing: %s", error->message);
      if (window != NULL)
        plenum_window_show_startup_error (window, error);
      if (display != NULL)
        plenum_room_display_show_startup_error (display, error);
      return;
    }

  self->store = g_steal_pointer (&store);
  self->engine = g_steal_pointer (&engine);
  /* The terminal configuration's TLS (issue #9): before the engine sends anything. */
  plenum_sync_engine_set_tls (self->engine, self->config.ca_file, self->config.pinned_public_key,
                              self->config.allow_insecure_http);
  apply_engine_settings (self);
  self->render_client = plenum_render_client_new (NULL);

  /* An enrolled terminal fetches its room's packets while nobody is signed in. */
  if (self->config.credential != NULL)
    plenum_sync_engine_start_with_credential (self->engine, self->config.terminal_id,
                                              self->config.credential);
  else
    plenum_sync_engine_start (self->engine);
  plenum_terminal_config_clear (&self->config);

  if (window != NULL)
    {
      plenum_window_set_notice (window, self->config_problem);
      plenum_window_set_services (window, self->engine, self->render_client);
      apply_reader_settings (self, plenum_window_get_render_queue (window));
    }
  if (display != NULL)
    {
      plenum_room_display_set_services (display, self->engine, self->render_client);
      apply_reader_settings (self, plenum_room_display_get_render_queue (display));
    }
}

/* The wall screen: full screen, nothing to touch; it follows the room's meeting with
 * the terminal credential. */
static GtkWindow *
activate_room_display (PlenumApplication *self)
{
  PlenumRoomDisplay *display = room_display (self);

  if (display == NULL)
    {
      display = plenum_room_display_new (ADW_APPLICATION (self));
      gtk_window_fullscreen (GTK_WINDOW (display));
      if (self->engine != NULL)
        {
          plenum_room_display_set_services (display, self->engine, self->render_client);
          apply_reader_settings (self, plenum_room_display_get_render_queue (display));
        }
    }
  return GTK_WINDOW (display);
}

static void
window_quit_requested_cb (PlenumWindow      *window,
                          PlenumApplication *self)
{
  g_application_quit (G_APPLICATION (self));
}

static void language_changed_cb (PlenumApplication *self);

/* A seat's window with everything the application knows for it. */
static PlenumWindow *
make_window (PlenumApplication *self)
{
  PlenumWindow *window = plenum_window_new (ADW_APPLICATION (self), self->server_url);
  GSettings *settings = settings_with_key (self, "large-text");

  plenum_window_set_kiosk (window, self->kiosk);
  plenum_window_set_terminal_name (window, self->terminal_name);
  plenum_window_set_admin_pin_hash (window, self->admin_pin_hash);
  g_signal_connect_object (window, "quit-requested", G_CALLBACK (window_quit_requested_cb), self, 0);
  /* A kiosk always returns to the sign-in page when left alone; another terminal when
   * its configuration says so. */
  if (self->kiosk || self->idle_seconds > 0)
    plenum_window_set_idle_timeout (window, 1000 * (self->idle_seconds > 0
                                                    ? self->idle_seconds
                                                    : PLENUM_TERMINAL_CONFIG_DEFAULT_IDLE_SECONDS));
  /* Large text and high contrast follow the settings, live. */
  if (settings != NULL)
    {
      plenum_window_set_settings (window, settings);
      plenum_appearance_apply (GTK_WIDGET (window), settings);
    }
  if (self->engine != NULL)
    {
      plenum_window_set_notice (window, self->config_problem);
      plenum_window_set_services (window, self->engine, self->render_client);
      apply_reader_settings (self, plenum_window_get_render_queue (window));
    }
  return window;
}

/* A new language from the sign-in page: the window is made again, so that every page
 * is built in it (nobody is signed in: the chooser is on the sign-in page). */
static void
language_changed_cb (PlenumApplication *self)
{
  PlenumWindow *old = main_window (self);
  PlenumWindow *window;

  apply_language (self, NULL);
  if (old == NULL || self->room_display || self->kiosk_refusal != NULL || self->engine == NULL)
    return;
  window = make_window (self);
  gtk_window_present (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (old));
}

static void
plenum_application_activate (GApplication *application)
{
  PlenumApplication *self = PLENUM_APPLICATION (application);
  PlenumWindow *window = main_window (self);
  GtkWindow *shown;

  if (self->room_display)
    shown = activate_room_display (self);
  else if (self->kiosk_refusal != NULL)
    {
      /* No store, no engine: a page that says which line to mend, and no way in. */
      if (window == NULL)
        {
          window = plenum_window_new (ADW_APPLICATION (self), self->server_url);
          plenum_window_set_kiosk (window, TRUE);
          plenum_window_show_config_error (window, self->kiosk_refusal);
        }
      gtk_window_present (GTK_WINDOW (window));
      return;
    }
  else
    {
      if (window == NULL)
        {
          GSettings *settings = settings_with_key (self, "language");

          window = make_window (self);
          if (settings != NULL && !self->watching_language)
            {
              self->watching_language = TRUE;
              g_signal_connect_object (settings, "changed::language",
                                       G_CALLBACK (language_changed_cb), self, G_CONNECT_SWAPPED);
            }
        }
      shown = GTK_WINDOW (window);
    }

  if (self->engine == NULL && self->cancellable == NULL)
    {
      self->cancellable = g_cancellable_new ();
      plenum_store_open_async (self->data_dir, self->cancellable, store_opened_cb,
                               g_object_ref (self));
    }

  gtk_window_present (shown);
}

static void
plenum_application_shutdown (GApplication *application)
{
  PlenumApplication *self = PLENUM_APPLICATION (application);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  G_APPLICATION_CLASS (plenum_application_parent_class)->shutdown (application);

  /* The windows are gone; the store closes when its last reference goes, after its
   * queued writes. */
  g_clear_object (&self->render_client);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);
}

static void
plenum_application_dispose (GObject *object)
{
  PlenumApplication *self = PLENUM_APPLICATION (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->render_client);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (plenum_application_parent_class)->dispose (object);
}

static void
plenum_application_finalize (GObject *object)
{
  PlenumApplication *self = PLENUM_APPLICATION (object);

  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->config_problem, g_free);
  g_clear_pointer (&self->terminal_name, g_free);
  g_clear_pointer (&self->admin_pin_hash, g_free);
  g_clear_pointer (&self->kiosk_refusal, g_free);
  plenum_terminal_config_clear (&self->config);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->settings_schema, g_settings_schema_unref);

  G_OBJECT_CLASS (plenum_application_parent_class)->finalize (object);
}

static void
plenum_application_class_init (PlenumApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = plenum_application_dispose;
  object_class->finalize = plenum_application_finalize;
  app_class->handle_local_options = plenum_application_handle_local_options;
  app_class->startup = plenum_application_startup;
  app_class->activate = plenum_application_activate;
  app_class->shutdown = plenum_application_shutdown;
}

static void
plenum_application_init (PlenumApplication *self)
{
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Address of the committee office server (overrides the terminal configuration)"),
      N_("URL") },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Folder for this terminal’s data (default: under the XDG data folder)"),
      N_("DIR") },
    { "kiosk", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Run full screen as a meeting-room terminal"), NULL },
    { "room-display", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Run full screen as the room’s wall display: the current item, page, speakers and votes"),
      NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  self->data_dir = g_build_filename (g_get_user_data_dir (), "plenum", NULL);
}

PlenumApplication *
plenum_application_new (void)
{
  /* NON_UNIQUE: a terminal runs one client per seat, and tests start several side by
   * side; none of them should hand its command line to another over D-Bus. */
  return g_object_new (PLENUM_TYPE_APPLICATION,
                       "application-id", PLENUM_APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/plenum/Plenum",
                       NULL);
}

const char *
plenum_application_get_server_url (PlenumApplication *self)
{
  g_return_val_if_fail (PLENUM_IS_APPLICATION (self), NULL);

  return self->server_url;
}

const char *
plenum_application_get_data_dir (PlenumApplication *self)
{
  g_return_val_if_fail (PLENUM_IS_APPLICATION (self), NULL);

  return self->data_dir;
}

gboolean
plenum_application_get_kiosk (PlenumApplication *self)
{
  g_return_val_if_fail (PLENUM_IS_APPLICATION (self), FALSE);

  return self->kiosk;
}

gboolean
plenum_application_get_room_display (PlenumApplication *self)
{
  g_return_val_if_fail (PLENUM_IS_APPLICATION (self), FALSE);

  return self->room_display;
}

const char *
plenum_application_get_config_problem (PlenumApplication *self)
{
  g_return_val_if_fail (PLENUM_IS_APPLICATION (self), NULL);

  return self->config_problem;
}

PlenumStore *
plenum_application_get_store (PlenumApplication *self)
{
  g_return_val_if_fail (PLENUM_IS_APPLICATION (self), NULL);

  return self->store;
}

PlenumSyncEngine *
plenum_application_get_sync_engine (PlenumApplication *self)
{
  g_return_val_if_fail (PLENUM_IS_APPLICATION (self), NULL);

  return self->engine;
}

PlenumRenderClient *
plenum_application_get_render_client (PlenumApplication *self)
{
  g_return_val_if_fail (PLENUM_IS_APPLICATION (self), NULL);

  return self->render_client;
}

const char *
plenum_application_get_terminal_name (PlenumApplication *self)
{
  g_return_val_if_fail (PLENUM_IS_APPLICATION (self), NULL);

  return self->terminal_name;
}

const char *
plenum_application_get_kiosk_refusal (PlenumApplication *self)
{
  g_return_val_if_fail (PLENUM_IS_APPLICATION (self), NULL);

  return self->kiosk_refusal;
}

gboolean
plenum_application_get_idle_inhibited (PlenumApplication *self)
{
  PlenumWindow *window;

  g_return_val_if_fail (PLENUM_IS_APPLICATION (self), FALSE);

  window = main_window (self);
  return window != NULL && plenum_window_get_idle_inhibited (window);
}
