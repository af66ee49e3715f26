/* bench-render.c — the reader's rendering as bench/render measures it: the product's
 * render client (plenum-gui: PlenumRenderClient, the helper process plenum-render, the
 * PlenumRenderQueue and PlenumTextureCache, the PlenumPdfView) against a bare
 * poppler-glib loop in this process. Nothing in the product reads anything for this.
 *
 *   bench-render compare WIDTH ROUNDS FILE:PAGES [FILE:PAGES …]
 *       Renders the first PAGES pages of each FILE at WIDTH pixels (height from each
 *       page's aspect) ROUNDS times in each of three ways, taking turns every CHUNK
 *       pages in an order that rotates (after one round not counted, to warm up):
 *         poppler  poppler_page_render() onto a new cairo image surface, in-process;
 *         helper   render_page_async() one page at a time, to the GdkTexture;
 *         helper2  the same with PLENUM_RENDER_QUEUE_IN_FLIGHT requests in the helper at
 *                  once (how the render queue sends them).
 *       Prints one line per round, side and file:
 *         RENDER round=R side=S file=NAME pages=P us=T
 *       and first, for each file, poppler's own open in this process and the time to get
 *       every page's size after it (what the helper does when it opens a document):
 *         POPPLER-OPEN file=NAME pages=N load_us=T sizes_us=T2
 *   bench-render flip FILE TURNS
 *       A 1920×1200 window, a PlenumPdfView in single-page mode, fit page. TURNS times:
 *       waits until the next page is SHARP in the cache (prefetched), activates
 *       pdf.next-page and prints the time to the end of the next frame (the surface's
 *       GdkFrameClock "after-paint"):
 *         FLIP page=N us=T wait_us=W sharp=0|1 frames_between=F since_frame_us=S
 *       (wait_us: from the activation to that frame's "before-paint"; sharp: the new page
 *       was sharp in that frame; frames_between: frames painted between the previous
 *       turn's frame and this turn; since_frame_us: from the end of the last frame to
 *       the activation)
 *   bench-render open FIRST FILE ROUNDS
 *       The same window, a PlenumPdfView in continuous mode, fit width. FIRST is opened
 *       and shown (the helper is started by it, as in the client); then ROUNDS times:
 *       FILE is opened with plenum_render_client_open_async() and set on the view, and
 *       the time is printed at the after-paint of the first frame that showed its page 0
 *       SHARP:
 *         OPEN round=R us=T open_us=T2   (open_us: until open_finish)
 *   bench-render rss FILE PAGES
 *       The same window, continuous, fit width: FILE is opened and the view goes to page
 *       1, 2, … PAGES-1 (plenum_pdf_view_set_page(), which scrolls the vadjustment), each
 *       time until the view is "ready" and a frame painted; then prints the peak RSS
 *       (VmHWM) of this process and of the helper:
 *         RSS self_kib=A helper_kib=B helper_starts=N pages=P self_anon_kib=…
 *             self_file_kib=… self_shmem_kib=… cache_kib=… page_px=WxH
 *       (then: this process's resident memory now, by kind, the bytes the texture cache
 *       holds, and the pixel size page 1 is rendered at)
 * Exit 1 (with a message) on any failure or after a deadline.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-bench"

#include <gtk/gtk.h>
#include <math.h>
#include <poppler.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gui/plenum-pdf-view.h"
#include "pdf/plenum-render-client.h"
#include "pdf/plenum-render-queue.h"
#include "pdf/plenum-texture-cache.h"

#define DEADLINE_S 600
#define WINDOW_WIDTH 1920
#define WINDOW_HEIGHT 1200
/* compare: the sides take turns every CHUNK pages. */
#define CHUNK 10

static void G_GNUC_NORETURN G_GNUC_PRINTF (1, 2)
die (const char *format,
     ...)
{
  va_list args;

  fprintf (stderr, "bench-render: ");
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fprintf (stderr, "\n");
  exit (1);
}

static gboolean
deadline_cb (gpointer user_data)
{
  die ("%s: not done after %d s", (const char *) user_data, DEADLINE_S);
}

static guint
parse_uint (const char *text,
            const char *what)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32, &value, NULL))
    die ("%s: not a positive number: %s", what, text);
  return (guint) value;
}

/* Device pixels of a page @width pixels wide: its aspect, rounded. */
static int
height_for_width (int    width,
                  double page_width,
                  double page_height)
{
  return MAX (1, (int) round (width * page_height / page_width));
}

/* ---- compare ----------------------------------------------------------------------------- */

typedef struct {
  const char            *path;
  guint                  n_pages;
  PopplerDocument       *poppler;
  PlenumRenderDocument  *doc;
} CompareFile;

typedef struct {
  GMainLoop            *loop;
  PlenumRenderClient   *client;
  int                   width;
  /* The run of helper renders in progress. */
  CompareFile          *file;
  guint                 next_page;
  guint                 end_page;
  guint                 in_flight;
  guint                 max_in_flight;
  GError               *error;
} Compare;

static void
open_finished_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* Opens @path with the render client, iterating the default context until it is open
 * and every page's size is known. */
static PlenumRenderDocument *
client_open (PlenumRenderClient *client,
             const char         *path)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PlenumRenderDocument *doc;

  plenum_render_client_open_async (client, path, NULL, open_finished_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  doc = plenum_render_client_open_finish (client, result, &error);
  if (doc == NULL)
    die ("%s: %s", path, error->message);
  /* Sizes past the first pages arrive lazily: the pages are compared at their real size,
   * as poppler's side sees it. */
  while (!plenum_render_document_get_sizes_final (doc))
    g_main_context_iteration (NULL, TRUE);
  return doc;
}

static void compare_send (Compare *cmp);

static void
page_rendered_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Compare *cmp = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  cmp->in_flight--;
  texture = plenum_render_client_render_page_finish (cmp->client, result, &error);
  if (texture == NULL && cmp->error == NULL)
    cmp->error = g_steal_pointer (&error);
  compare_send (cmp);
}

static void
compare_send (Compare *cmp)
{
  while (cmp->error == NULL && cmp->in_flight < cmp->max_in_flight &&
         cmp->next_page < cmp->end_page)
    {
      guint page = cmp->next_page++;
      double w, h;

      plenum_render_document_get_page_size (cmp->file->doc, page, &w, &h);
      cmp->in_flight++;
      plenum_render_client_render_page_async (cmp->client, cmp->file->doc, page, cmp->width,
                                              height_for_width (cmp->width, w, h), NULL,
                                              page_rendered_cb, cmp);
    }
  if (cmp->in_flight == 0 && (cmp->error != NULL || cmp->next_page == cmp->end_page))
    g_main_loop_quit (cmp->loop);
}

/* Pages [@first, @end) of @file through the helper, @max_in_flight at a time: µs from
 * the first request to the last texture. */
static gint64
run_helper (Compare     *cmp,
            CompareFile *file,
            guint        first,
            guint        end,
            guint        max_in_flight)
{
  gint64 start;

  cmp->file = file;
  cmp->next_page = first;
  cmp->end_page = end;
  cmp->max_in_flight = max_in_flight;
  start = g_get_monotonic_time ();
  compare_send (cmp);
  g_main_loop_run (cmp->loop);
  if (cmp->error != NULL)
    die ("%s: %s", file->path, cmp->error->message);
  return g_get_monotonic_time () - start;
}

/* Pages [@first, @end) of @file with poppler in this process, as the helper draws them:
 * a new ARGB32 image surface, white, scaled to the pixels, poppler_page_render(). */
static gint64
run_poppler (CompareFile *file,
             guint        first,
             guint        end,
             int          width)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = first; i < end; i++)
    {
      PopplerPage *page = poppler_document_get_page (file->poppler, (int) i);
      cairo_surface_t *surface;
      cairo_t *cr;
      double w, h;
      int height;

      if (page == NULL)
        die ("%s: poppler has no page %u", file->path, i + 1);
      poppler_page_get_size (page, &w, &h);
      height = height_for_width (width, w, h);
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      cr = cairo_create (surface);
      cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
      cairo_paint (cr);
      cairo_scale (cr, width / w, height / h);
      poppler_page_render (page, cr);
      if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
        die ("%s: page %u: %s", file->path, i + 1, cairo_status_to_string (cairo_status (cr)));
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      cairo_surface_destroy (surface);
      g_object_unref (page);
    }
  return g_get_monotonic_time () - start;
}

static int
run_compare (int   argc,
             char *argv[])
{
  static const char *const sides[] = { "poppler", "helper", "helper2" };
  g_autoptr(PlenumRenderClient) client = NULL;
  Compare cmp = { 0 };
  g_autoptr(GArray) files = g_array_new (FALSE, TRUE, sizeof (CompareFile));
  guint rounds;

  if (argc < 5)
    die ("usage: bench-render compare WIDTH ROUNDS FILE:PAGES [FILE:PAGES …]");
  cmp.width = (int) parse_uint (argv[2], "WIDTH");
  rounds = parse_uint (argv[3], "ROUNDS");
  cmp.loop = g_main_loop_new (NULL, FALSE);
  client = plenum_render_client_new (NULL);
  cmp.client = client;

  for (int i = 4; i < argc; i++)
    {
      CompareFile file = { 0 };
      const char *colon = strrchr (argv[i], ':');
      g_autofree char *path = NULL;
      g_autofree char *uri = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start, loaded;
      guint n_pages;

      if (colon == NULL)
        die ("not FILE:PAGES: %s", argv[i]);
      {
        g_autofree char *given = g_strndup (argv[i], (gsize) (colon - argv[i]));

        path = g_canonicalize_filename (given, NULL);
      }
      n_pages = parse_uint (colon + 1, "PAGES");
      uri = g_filename_to_uri (path, NULL, &error);
      if (uri == NULL)
        die ("%s: %s", path, error->message);
      start = g_get_monotonic_time ();
      file.poppler = poppler_document_new_from_file (uri, NULL, &error);
      if (file.poppler == NULL)
        die ("%s: %s", path, error->message);
      loaded = g_get_monotonic_time ();
      /* What the helper does on opening, for the README's analysis: every page's size. */
      for (int p = 0; p < poppler_document_get_n_pages (file.poppler); p++)
        {
          PopplerPage *page = poppler_document_get_page (file.poppler, p);
          double w, h;

          if (page != NULL)
            {
              poppler_page_get_size (page, &w, &h);
              g_object_unref (page);
            }
        }
      {
        g_autofree char *name = g_path_get_basename (path);

        printf ("POPPLER-OPEN file=%s pages=%d load_us=%" G_GINT64_FORMAT " sizes_us=%"
                G_GINT64_FORMAT "\n", name, poppler_document_get_n_pages (file.poppler),
                loaded - start, g_get_monotonic_time () - loaded);
      }
      file.doc = client_open (client, path);
      file.n_pages = MIN (n_pages, (guint) poppler_document_get_n_pages (file.poppler));
      file.path = g_steal_pointer (&path);
      g_array_append_val (files, file);
    }

  /* Round 0 warms all three (fonts, the page cache, the helper's scratch buffer) and is
   * not printed. Within a round the sides take turns every CHUNK pages, in an order that
   * rotates, so that a change of load on the machine falls on all three alike. */
  for (guint round = 0; round <= rounds; round++)
    for (guint f = 0; f < files->len; f++)
      {
        CompareFile *file = &g_array_index (files, CompareFile, f);
        gint64 us[G_N_ELEMENTS (sides)] = { 0 };
        guint chunk = 0;

        for (guint first = 0; first < file->n_pages; first += CHUNK, chunk++)
          {
            guint end = MIN (first + CHUNK, file->n_pages);

            for (guint k = 0; k < G_N_ELEMENTS (sides); k++)
              {
                guint side = (k + chunk + round) % G_N_ELEMENTS (sides);

                if (side == 0)
                  us[side] += run_poppler (file, first, end, cmp.width);
                else
                  us[side] += run_helper (&cmp, file, first, end,
                                          side == 1 ? 1 : PLENUM_RENDER_QUEUE_IN_FLIGHT);
              }
          }
        if (round == 0)
          continue;
        for (guint side = 0; side < G_N_ELEMENTS (sides); side++)
          {
            g_autofree char *name = g_path_get_basename (file->path);

            printf ("RENDER round=%u side=%s file=%s pages=%u us=%" G_GINT64_FORMAT "\n", round,
                    sides[side], name, file->n_pages, us[side]);
          }
        fflush (stdout);
      }

  for (guint f = 0; f < files->len; f++)
    {
      CompareFile *file = &g_array_index (files, CompareFile, f);

      g_object_unref (file->poppler);
      g_object_unref (file->doc);
      g_free ((char *) file->path);
    }
  g_main_loop_unref (cmp.loop);
  return 0;
}

/* ---- the window: flip, open, rss ---------------------------------------------------------- */

typedef enum {
  GUI_FLIP,
  GUI_OPEN,
  GUI_RSS,
} GuiKind;

typedef enum {
  PHASE_START,         /* waiting for the first document to be shown sharp */
  PHASE_WAIT,          /* flip: for the next page to be prefetched; rss: for ready */
  PHASE_FRAME,         /* flip: for the frame after the turn */
  PHASE_OPENING,       /* open: open_async() in progress */
  PHASE_SHOWING,       /* open: for a frame with page 0 sharp */
  PHASE_SETTLE,        /* open: for a frame without a document, between rounds */
  PHASE_DONE,
} GuiPhase;

typedef struct {
  GuiKind               kind;
  GuiPhase              phase;
  GMainLoop            *loop;
  PlenumRenderClient   *client;
  PlenumTextureCache   *cache;
  PlenumRenderQueue    *queue;
  GtkWidget            *window;
  PlenumPdfView        *view;
  GdkFrameClock        *clock;
  const char           *path;
  PlenumRenderDocument *first;     /* open: the earlier document, kept open */
  PlenumRenderDocument *doc;
  guint                 count;     /* turns, rounds or pages to go through */
  guint                 done;
  gint64                start;
  gint64                frame_start; /* the before-paint of the frame being measured */
  gint64                last_paint;  /* the last after-paint */
  guint64               frames_at_turn; /* flip: the frame count at the last turn's frame */
  guint64               frames_between; /* flip: frames painted since then, at the turn */
  gint64                since_paint;    /* flip: µs since the last frame, at the turn */
  gint64                opened;
  guint64               frames;    /* after-paints seen */
  guint64               frame_at_step; /* open: the frame count when the view was emptied */
  gboolean              painted_ready; /* rss: a frame was painted with the view "ready"
                                        * since the page was set */
  guint                 step_id;
} Gui;

static void gui_step (Gui *gui);

static gboolean
gui_step_cb (gpointer user_data)
{
  Gui *gui = user_data;

  gui->step_id = 0;
  gui_step (gui);
  return G_SOURCE_REMOVE;
}

/* Looks again from an idle: never from inside a frame or a signal of the view. */
static void
gui_kick (Gui *gui)
{
  if (gui->step_id == 0 && gui->phase != PHASE_DONE)
    gui->step_id = g_idle_add (gui_step_cb, gui);
}

static void
gui_show (Gui                  *gui,
          PlenumRenderDocument *doc)
{
  plenum_pdf_view_set_document (gui->view, doc);
  /* Setting a document makes it fit width; the flip is measured fit page. */
  if (gui->kind == GUI_FLIP && doc != NULL)
    {
      plenum_pdf_view_set_mode (gui->view, PLENUM_PDF_VIEW_SINGLE_PAGE);
      plenum_pdf_view_set_sizing (gui->view, PLENUM_PDF_VIEW_FIT_PAGE);
    }
}

static void
document_opened_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Gui *gui = user_data;
  g_autoptr(GError) error = NULL;

  gui->doc = plenum_render_client_open_finish (gui->client, result, &error);
  if (gui->doc == NULL)
    die ("%s: %s", gui->path, error->message);
  gui->opened = g_get_monotonic_time ();
  gui_show (gui, gui->doc);
  gui->phase = PHASE_SHOWING;
}

static void
start_open_round (Gui *gui)
{
  gui->phase = PHASE_OPENING;
  gui->start = g_get_monotonic_time ();
  plenum_render_client_open_async (gui->client, gui->path, NULL, document_opened_cb, gui);
}

/* A "Name:  N kB" field of /proc/@pid/status, in KiB. */
static guint64
status_kib (GPid        pid,
            const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *key = g_strdup_printf ("\n%s:", field);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, &error))
    die ("%s", error->message);
  line = strstr (text, key);
  if (line == NULL)
    die ("%s has no %s", path, field);
  return g_ascii_strtoull (line + strlen (key), NULL, 10);
}

static void
finish (Gui *gui)
{
  gui->phase = PHASE_DONE;
  g_main_loop_quit (gui->loop);
}

/* What to do next, once what was waited for is there. */
static void
gui_step (Gui *gui)
{
  PlenumPdfView *view = gui->view;

  switch (gui->phase)
    {
    case PHASE_START:
      if (!plenum_pdf_view_get_ready (view) || gui->frames == 0)
        return;
      if (gui->kind == GUI_OPEN)
        {
          gui_show (gui, NULL);
          gui->phase = PHASE_SETTLE;
          gui->frame_at_step = gui->frames;
          gtk_widget_queue_draw (GTK_WIDGET (view));
        }
      else if (gui->kind == GUI_RSS)
        {
          gui->phase = PHASE_WAIT;
          gui->done = 1;
          gui->painted_ready = FALSE;
          plenum_pdf_view_set_page (view, gui->done);
        }
      else
        gui->phase = PHASE_WAIT;
      gui_kick (gui);
      break;

    case PHASE_WAIT:
      if (gui->kind == GUI_FLIP)
        {
          guint page = plenum_pdf_view_get_page (view);

          if (page + 1 >= plenum_pdf_view_get_n_pages (view))
            die ("%s has too few pages for the turns", gui->path);
          if (plenum_pdf_view_get_page_state (view, page + 1) != PLENUM_PDF_PAGE_SHARP)
            return;
          gui->phase = PHASE_FRAME;
          gui->start = g_get_monotonic_time ();
          /* Frames painted since the last turn's (for a page that came in, e.g. the
           * prefetch), and how long ago the last one ended: the frame clock paces frames
           * one refresh interval apart. */
          gui->frames_between = gui->frames - gui->frames_at_turn;
          gui->since_paint = gui->start - gui->last_paint;
          gtk_widget_activate_action (GTK_WIDGET (view), "pdf.next-page", NULL);
          if (plenum_pdf_view_get_page (view) != page + 1)
            die ("pdf.next-page did not turn from page %u", page + 1);
        }
      else
        {
          /* rss: a frame painted the pages on screen, all sharp (seen at its
           * after-paint). */
          if (!gui->painted_ready)
            return;
          if (++gui->done >= gui->count)
            {
              GPid helper = plenum_render_client_get_helper_pid (gui->client);
              int width, height;

              plenum_pdf_view_get_render_size (view, 0, &width, &height);
              if (helper == 0)
                die ("the helper is not running");
              printf ("RSS self_kib=%" G_GUINT64_FORMAT " helper_kib=%" G_GUINT64_FORMAT
                      " helper_starts=%u pages=%u self_anon_kib=%" G_GUINT64_FORMAT
                      " self_file_kib=%" G_GUINT64_FORMAT " self_shmem_kib=%" G_GUINT64_FORMAT
                      " cache_kib=%" G_GUINT64_FORMAT " page_px=%dx%d\n",
                      status_kib (getpid (), "VmHWM"), status_kib (helper, "VmHWM"),
                      plenum_render_client_get_n_starts (gui->client), gui->done,
                      status_kib (getpid (), "RssAnon"), status_kib (getpid (), "RssFile"),
                      status_kib (getpid (), "RssShmem"),
                      plenum_texture_cache_get_size (gui->cache) / 1024, width, height);
              fflush (stdout);
              finish (gui);
              return;
            }
          gui->painted_ready = FALSE;
          plenum_pdf_view_set_page (view, gui->done);
          if (plenum_pdf_view_get_page (view) != gui->done)
            die ("the view did not go to page %u", gui->done + 1);
          gui_kick (gui);
        }
      break;

    case PHASE_SETTLE:
      if (gui->frames <= gui->frame_at_step)
        return;
      g_clear_object (&gui->doc);
      plenum_texture_cache_clear (gui->cache, NULL);
      if (gui->done >= gui->count)
        {
          finish (gui);
          return;
        }
      start_open_round (gui);
      break;

    case PHASE_FRAME:
    case PHASE_OPENING:
    case PHASE_SHOWING:
    case PHASE_DONE:
      break;
    }
}

static void
after_paint_cb (GdkFrameClock *clock,
                Gui           *gui)
{
  gint64 now = g_get_monotonic_time ();

  gui->frames++;
  gui->last_paint = now;
  /* The state now is the state the frame was painted in. */
  if (gui->kind == GUI_RSS && gui->phase == PHASE_WAIT && plenum_pdf_view_get_ready (gui->view))
    gui->painted_ready = TRUE;
  if (gui->phase == PHASE_FRAME)
    {
      guint page = plenum_pdf_view_get_page (gui->view);
      gboolean sharp = plenum_pdf_view_get_page_state (gui->view, page) == PLENUM_PDF_PAGE_SHARP;

      printf ("FLIP page=%u us=%" G_GINT64_FORMAT " wait_us=%" G_GINT64_FORMAT " sharp=%d"
              " frames_between=%" G_GUINT64_FORMAT " since_frame_us=%" G_GINT64_FORMAT "\n",
              page + 1, now - gui->start, gui->frame_start - gui->start, sharp,
              gui->frames_between, gui->since_paint);
      gui->frames_at_turn = gui->frames;
      fflush (stdout);
      if (++gui->done >= gui->count)
        {
          finish (gui);
          return;
        }
      gui->phase = PHASE_WAIT;
    }
  else if (gui->phase == PHASE_SHOWING &&
           plenum_pdf_view_get_page_state (gui->view, 0) == PLENUM_PDF_PAGE_SHARP)
    {
      printf ("OPEN round=%u us=%" G_GINT64_FORMAT " open_us=%" G_GINT64_FORMAT "\n",
              gui->done + 1, now - gui->start, gui->opened - gui->start);
      fflush (stdout);
      gui->done++;
      /* Off the view again, and a frame without it, before the next round. */
      gui_show (gui, NULL);
      gui->phase = PHASE_SETTLE;
      gui->frame_at_step = gui->frames;
      gtk_widget_queue_draw (GTK_WIDGET (gui->view));
    }
  gui_kick (gui);
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Gui           *gui)
{
  gui->frame_start = g_get_monotonic_time ();
}

static void
window_mapped_cb (Gui *gui)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (gui->window));

  gui->clock = gdk_surface_get_frame_clock (surface);
  g_signal_connect (gui->clock, "before-paint", G_CALLBACK (before_paint_cb), gui);
  g_signal_connect (gui->clock, "after-paint", G_CALLBACK (after_paint_cb), gui);
}

static int
run_gui (GuiKind     kind,
         const char *first_path,
         const char *path,
         guint       count)
{
  Gui gui = { .kind = kind, .path = path, .count = count };
  GtkWidget *scrolled;
  g_autoptr(PlenumRenderClient) client = NULL;
  g_autoptr(PlenumTextureCache) cache = NULL;
  g_autoptr(PlenumRenderQueue) queue = NULL;

  gtk_init ();
  gui.loop = g_main_loop_new (NULL, FALSE);
  client = plenum_render_client_new (NULL);
  cache = plenum_texture_cache_new (PLENUM_TEXTURE_CACHE_DEFAULT_BUDGET);
  queue = plenum_render_queue_new (client, cache);
  gui.client = client;
  gui.cache = cache;
  gui.queue = queue;

  gui.window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (gui.window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (gui.window), WINDOW_WIDTH, WINDOW_HEIGHT);
  scrolled = gtk_scrolled_window_new ();
  gui.view = PLENUM_PDF_VIEW (plenum_pdf_view_new (queue));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (gui.view));
  gtk_window_set_child (GTK_WINDOW (gui.window), scrolled);
  g_signal_connect_swapped (gui.window, "map", G_CALLBACK (window_mapped_cb), &gui);
  g_signal_connect_swapped (gui.view, "notify::ready", G_CALLBACK (gui_kick), &gui);
  g_signal_connect_swapped (queue, "page-ready", G_CALLBACK (gui_kick), &gui);
  g_signal_connect_swapped (queue, "page-failed", G_CALLBACK (gui_kick), &gui);
  gtk_window_present (GTK_WINDOW (gui.window));

  /* The document shown first, before anything is measured: FILE itself for flip and
   * rss, the earlier document for open. Opened before the loop runs (the helper starts). */
  gui.first = client_open (client, first_path != NULL ? first_path : path);
  if (kind != GUI_OPEN)
    {
      guint n_pages = plenum_render_document_get_n_pages (gui.first);

      /* A shorter document (bench/render's generated fallback) is gone through whole. */
      gui.doc = g_object_ref (gui.first);
      gui.count = MIN (gui.count, kind == GUI_FLIP ? n_pages - 1 : n_pages);
      if (gui.count == 0)
        die ("%s has a single page: nothing to turn to", path);
    }
  gui_show (&gui, gui.first);
  gui.phase = PHASE_START;

  g_timeout_add_seconds (DEADLINE_S, deadline_cb, (gpointer) path);
  g_main_loop_run (gui.loop);

  if (gui.clock != NULL)
    g_signal_handlers_disconnect_by_data (gui.clock, &gui);
  g_clear_handle_id (&gui.step_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (queue, &gui);
  g_signal_handlers_disconnect_by_data (gui.view, &gui);
  gtk_window_destroy (GTK_WINDOW (gui.window));
  g_clear_object (&gui.doc);
  g_clear_object (&gui.first);
  g_main_loop_unref (gui.loop);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  const char *usage =
    "usage: bench-render compare WIDTH ROUNDS FILE:PAGES [FILE:PAGES …]\n"
    "       bench-render flip FILE TURNS\n"
    "       bench-render open FIRST FILE ROUNDS\n"
    "       bench-render rss FILE PAGES\n";

  if (argc >= 2 && g_str_equal (argv[1], "compare"))
    return run_compare (argc, argv);
  /* The helper wants absolute paths. */
  if (argc >= 4 && !g_str_equal (argv[1], "compare"))
    for (int i = 2; i < argc - 1; i++)
      argv[i] = g_canonicalize_filename (argv[i], NULL);
  if (argc == 4 && g_str_equal (argv[1], "flip"))
    return run_gui (GUI_FLIP, NULL, argv[2], parse_uint (argv[3], "TURNS"));
  if (argc == 5 && g_str_equal (argv[1], "open"))
    return run_gui (GUI_OPEN, argv[2], argv[3], parse_uint (argv[4], "ROUNDS"));
  if (argc == 4 && g_str_equal (argv[1], "rss"))
    return run_gui (GUI_RSS, NULL, argv[2], parse_uint (argv[3], "PAGES"));
  fputs (usage, stderr);
  return 2;
}
