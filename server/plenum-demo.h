/* plenum-demo.h — the demo meeting that `plenum-server --demo` seeds: a provincial Party
 * Standing Committee with a dozen members, a chair and a secretary, and a packet of
 * generated PDFs (pango + cairo) in Vietnamese. The output is byte-identical from run to
 * run, so blob hashes are stable.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "plenum-server-db.h"

G_BEGIN_DECLS

typedef struct {
  const char *name;          /* sign-in name, ASCII: "nguyen.van.an" */
  const char *display_name;  /* "Nguyễn Văn An" */
  const char *pin;           /* the demo PIN, digits */
  const char *role;          /* "member" or "secretary" */
  gboolean    in_body;       /* a member of the demo body */
  const char *position;      /* "Bí thư Tỉnh ủy": for lists and the README */
} PlenumDemoAccount;

/* The demo accounts; the chair is plenum_demo_chair_name(). */
const PlenumDemoAccount *plenum_demo_accounts       (guint *n_accounts);
const char              *plenum_demo_body_name      (void);
const char              *plenum_demo_chair_name     (void);
const char              *plenum_demo_vice_chair_name (void);
const char              *plenum_demo_meeting_id     (void);
const char              *plenum_demo_meeting_title  (void);
/* How many PDFs the demo packet holds. */
guint                    plenum_demo_n_documents    (void);

/* When the demo meeting starts if @now is the time: the next 08:00 Indochina time
 * (UTC+7) after @now, in UTC. */
GDateTime               *plenum_demo_default_starts_at (GDateTime *now);

/* Writes packet.json and the PDFs into @folder (which must exist and be empty), in the
 * packet-folder format of docs/protocol.md. The PDFs are the same bytes on every run;
 * the meeting starts at plenum_demo_default_starts_at (now). Takes about a second on
 * two cores (the documents are made on up to four threads). */
gboolean                 plenum_demo_write_packet   (const char  *folder,
                                                     GError     **error);
/* The same, with the meeting starting at @starts_at: packet.json is then the same
 * bytes on every run too. */
gboolean                 plenum_demo_write_packet_at (const char  *folder,
                                                      GDateTime   *starts_at,
                                                      GError     **error);

/* The demo's next meeting, four weeks after the demo meeting, with the same documents:
 * its packet folder in @folder (which must exist and be empty), for the committee office
 * to publish (`plenum-server --write-demo-packet DIR`, then `plenumctl publish DIR`). */
gboolean                 plenum_demo_write_next_packet (const char  *folder,
                                                        GError     **error);

/* The demo's opinion round: the secretariat asks the body for its opinion on the draft
 * resolution (item 2), until 17:00 Indochina time three days after @now. Does nothing when
 * the demo meeting has a round already; the meeting must be seeded. */
gboolean                 plenum_demo_seed_opinion_round (PlenumServerDb  *db,
                                                         GDateTime       *now,
                                                         GError         **error);
/* The demo's clearances (docs/protocol.md, "Closed sessions"): the chair and the two
 * members of plenum_demo_cleared_names() may read the closed-session item's documents.
 * plenum_demo_seed_opinion_round() seeds them too. */
gboolean                 plenum_demo_seed_clearances (PlenumServerDb  *db,
                                                      GError         **error);
const char * const      *plenum_demo_cleared_names   (guint           *n_names);
/* The title of the document that round is on, and of the round. */
const char              *plenum_demo_opinion_document_title (void);
const char              *plenum_demo_opinion_round_title    (void);

G_END_DECLS
