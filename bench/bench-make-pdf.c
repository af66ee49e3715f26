/* bench-make-pdf.c — writes the PDFs of bench/sync's packet: each one distinct (its
 * seed is printed on every page and seeds its noise) and about as large as asked,
 * because its pages carry images of random noise that no compression can shrink, the
 * way a scanned report with photographs would be. Blobs are content-addressed, so
 * copies of one file would be stored and fetched once: these never repeat.
 *
 *   bench-make-pdf OUT.pdf SEED SIZE_KIB
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-bench"

#include <cairo-pdf.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

/* One image: 600×600 RGB, which cairo stores as 3 bytes a pixel (~1 MiB each). */
#define IMAGE_SIDE 600

static cairo_surface_t *
noise_image (GRand *rand)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, IMAGE_SIDE, IMAGE_SIDE);
  unsigned char *data;
  int stride;

  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  for (int y = 0; y < IMAGE_SIDE; y++)
    {
      guint32 *row = (guint32 *) (gpointer) (data + (gsize) y * (gsize) stride);

      for (int x = 0; x < IMAGE_SIDE; x++)
        row[x] = g_rand_int (rand) & 0x00ffffff;
    }
  cairo_surface_mark_dirty (image);
  return image;
}

int
main (int   argc,
      char *argv[])
{
  cairo_surface_t *pdf;
  cairo_t *cr;
  GRand *rand;
  guint64 seed;
  guint64 size_kib;
  guint64 image_bytes = (guint64) IMAGE_SIDE * IMAGE_SIDE * 3;
  guint n_images;
  cairo_status_t status;

  if (argc != 4 || !g_ascii_string_to_unsigned (argv[2], 10, 0, G_MAXUINT32, &seed, NULL) ||
      !g_ascii_string_to_unsigned (argv[3], 10, 1, 1024 * 1024, &size_kib, NULL))
    {
      fprintf (stderr, "usage: bench-make-pdf OUT.pdf SEED SIZE_KIB\n");
      return 2;
    }

  n_images = (guint) MAX (1, (size_kib * 1024 + image_bytes / 2) / image_bytes);
  rand = g_rand_new_with_seed ((guint32) seed);

  /* A4 in points. */
  pdf = cairo_pdf_surface_create (argv[1], 595, 842);
  cr = cairo_create (pdf);
  for (guint i = 0; i < n_images; i++)
    {
      cairo_surface_t *image = noise_image (rand);
      g_autofree char *line = g_strdup_printf ("Plenum bench document %" G_GUINT64_FORMAT
                                               ", page %u of %u", seed, i + 1, n_images);

      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, 14);
      cairo_move_to (cr, 50, 60);
      cairo_show_text (cr, line);

      cairo_save (cr);
      cairo_translate (cr, 50, 90);
      cairo_scale (cr, 495.0 / IMAGE_SIDE, 495.0 / IMAGE_SIDE);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_show_page (cr);
      cairo_surface_destroy (image);
    }
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  status = cairo_surface_status (pdf);
  cairo_surface_destroy (pdf);
  g_rand_free (rand);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      fprintf (stderr, "bench-make-pdf: %s: %s\n", argv[1], cairo_status_to_string (status));
      return 1;
    }
  return 0;
}
