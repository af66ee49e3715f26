/* fuzz-packet-folder.c — the packet-folder reader that plenumctl and plenum-server
 * --import-packet share (app/packet/plenum-packet-folder.c), with the input as
 * packet.json in a folder made once per process.
 *
 * The folder also holds real PDFs under the names the seeds use, an encrypted one,
 * hostile ones, a text file, a symbolic link and a sub-folder
 * (fuzz_fill_packet_folder()), so that the checks of the files are reached as well as
 * those of the JSON. Besides "no crash, no leak, no critical": what the folder reader
 * accepts, the JSON-only reader accepts too, with the same meeting; and every accepted
 * document names a plain file that stays in the folder.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

#include <string.h>

#include <glib/gstdio.h>

#include "packet/plenum-packet-folder.h"

static char *folder;
static char *packet_json;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_logging (FALSE);
  folder = g_build_filename (fuzz_scratch_dir (), "packet", NULL);
  if (g_mkdir (folder, 0700) != 0)
    g_error ("Cannot make %s", folder);
  fuzz_fill_packet_folder (folder);
  packet_json = g_build_filename (folder, "packet.json", NULL);
  return 0;
}

static void
check_packet (const PlenumPacketFolder *packet,
              gboolean                  with_files)
{
  fuzz_check (packet->meeting_id != NULL && packet->body != NULL && packet->title != NULL &&
              packet->starts_at != NULL && packet->chair != NULL && packet->items != NULL,
              "a packet without a required field");
  for (guint i = 0; i < packet->items->len; i++)
    {
      const PlenumPacketFolderItem *item = packet->items->pdata[i];

      fuzz_check (item->number != NULL && item->title != NULL && item->documents != NULL,
                  "items[%u] without a required field", i);
      for (guint j = 0; j < item->documents->len; j++)
        {
          const PlenumPacketFolderDocument *document = item->documents->pdata[j];

          fuzz_check (plenum_packet_file_name_problem (document->file) == NULL,
                      "items[%u].documents[%u]: %s is no plain name", i, j, document->file);
          if (with_files)
            fuzz_check (document->path != NULL &&
                        g_str_has_prefix (document->path, folder) && document->pages >= 1 &&
                        strlen (document->sha256) == 64,
                        "items[%u].documents[%u]: read, but not checked", i, j);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(PlenumPacketFolder) read = NULL;
  g_autoptr(PlenumPacketFolder) parsed = NULL;
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GError) parse_error = NULL;

  fuzz_write_file (packet_json, data, size);
  read = plenum_packet_folder_read (folder, NULL, &read_error);
  parsed = plenum_packet_folder_parse (folder, (const char *) data, size, &parse_error);
  fuzz_check ((read == NULL) != (read_error == NULL), "read: both or neither");
  fuzz_check ((parsed == NULL) != (parse_error == NULL), "parse: both or neither");
  if (read_error != NULL)
    fuzz_check (read_error->domain == PLENUM_PACKET_ERROR, "read: not a packet error: %s",
                read_error->message);
  if (parsed != NULL)
    check_packet (parsed, FALSE);
  if (read == NULL)
    return 0;

  check_packet (read, TRUE);
  fuzz_check (parsed != NULL, "the folder was read, but its packet.json alone is refused: %s",
              parse_error->message);
  fuzz_check (g_str_equal (read->meeting_id, parsed->meeting_id) &&
              g_str_equal (read->title, parsed->title) &&
              read->items->len == parsed->items->len,
              "the folder and its packet.json alone give different meetings");
  return 0;
}
