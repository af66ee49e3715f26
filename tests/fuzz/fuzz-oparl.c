/* fuzz-oparl.c — the OParl importer's reader (app/packet/plenum-oparl.c, behind
 * `plenumctl import-oparl`) with the input as the Meeting JSON, in a folder made once
 * per process with the PDFs its seeds name (fuzz_fill_packet_folder()).
 *
 * Byte 0 chooses the options the secretariat would give (bit 0: a vice chair; bit 1: a
 * meeting id rather than the one derived from the OParl id; bit 2: skip_non_pdf; bit 3:
 * a title for item "0"); the rest is meeting.json. Besides "no crash, no leak, no
 * critical": what the reader with files accepts, the JSON-only reader accepts too, with
 * the same meeting id; and a derived meeting id is a UUID.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"

#include <glib/gstdio.h>

#include "core/plenum-json.h"
#include "packet/plenum-oparl.h"

static char *folder;
static char *meeting_json;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_logging (FALSE);
  folder = g_build_filename (fuzz_scratch_dir (), "oparl", NULL);
  if (g_mkdir (folder, 0700) != 0)
    g_error ("Cannot make %s", folder);
  fuzz_fill_packet_folder (folder);
  meeting_json = g_build_filename (folder, "meeting.json", NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  PlenumOparlOptions options = { "Ban Thường vụ Tỉnh ủy", "nguyen.van.an", NULL, NULL, NULL, FALSE };
  g_autoptr(PlenumPacketFolder) read = NULL;
  g_autoptr(PlenumPacketFolder) parsed = NULL;
  g_autoptr(GPtrArray) read_warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) parse_warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GError) parse_error = NULL;
  const char *json;
  gsize length;

  if (size < 1)
    return 0;
  if (data[0] & 1)
    options.vice_chair = "tran.thi.thu.ha";
  if (data[0] & 2)
    options.meeting_id = "0b6f7c1e-2d4a-4e8b-9c3f-5a1d2e3f4a5b";
  options.skip_non_pdf = (data[0] & 4) != 0;
  if (data[0] & 8)
    options.meeting_item_title = "Tài liệu của hội nghị";
  json = (const char *) data + 1;
  length = size - 1;

  fuzz_write_file (meeting_json, (const uint8_t *) json, length);
  read = plenum_oparl_read (meeting_json, &options, read_warnings, NULL, &read_error);
  parsed = plenum_oparl_parse (folder, "meeting.json", json, length, &options, parse_warnings,
                               &parse_error);
  fuzz_check ((read == NULL) != (read_error == NULL), "read: both or neither");
  fuzz_check ((parsed == NULL) != (parse_error == NULL), "parse: both or neither");
  if (read_error != NULL)
    fuzz_check (read_error->domain == PLENUM_OPARL_ERROR ||
                read_error->domain == PLENUM_PACKET_ERROR, "read: an error of another kind: %s",
                read_error->message);
  if (parsed != NULL)
    fuzz_check (plenum_is_uuid (parsed->meeting_id), "meeting id %s", parsed->meeting_id);
  if (read == NULL)
    return 0;
  fuzz_check (parsed != NULL, "read with the files, but the JSON alone is refused: %s",
              parse_error->message);
  fuzz_check (g_str_equal (read->meeting_id, parsed->meeting_id) &&
              read->items->len == parsed->items->len,
              "the reader with files and the JSON-only reader disagree");
  return 0;
}
