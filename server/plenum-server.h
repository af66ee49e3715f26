/* plenum-server.h — the HTTP side of plenum-server: a SoupServer answering every endpoint
 * of docs/protocol.md from a PlenumServerDb and a PlenumBlobStore, with a PlenumEventHub
 * for the event streams.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "plenum-server-blobs.h"
#include "plenum-server-db.h"
#include "plenum-server-events.h"

G_BEGIN_DECLS

/* Every interval and limit is a setting, so that tests can shorten them. */
typedef struct {
  guint   heartbeat_seconds;       /* an SSE comment this often (15) */
  guint   token_lifetime_seconds;  /* tokens live this long (12 h) */
  guint   pin_lockout_seconds;     /* a name is locked this long … (60) */
  guint   max_pin_failures;        /* … after this many wrong PINs in a row (5) */
  guint   event_retention;         /* events kept for replay (10 000) */
  guint64 max_blob_size;           /* bytes in one uploaded blob (256 MiB) */
  gsize   max_json_size;           /* bytes in a JSON request body (4 MiB) */
  guint   enrolment_lifetime_seconds; /* an enrolment code works this long (24 h) */
} PlenumServerSettings;

/* Digits in a terminal enrolment code (given as DDDDD-DDDDD). */
#define PLENUM_ENROLMENT_CODE_DIGITS 10

void plenum_server_settings_init (PlenumServerSettings *settings);

#define PLENUM_TYPE_SERVER (plenum_server_get_type ())
G_DECLARE_FINAL_TYPE (PlenumServer, plenum_server, PLENUM, SERVER, GObject)

PlenumServer   *plenum_server_new           (PlenumServerDb             *db,
                                             PlenumBlobStore            *blobs,
                                             const PlenumServerSettings *settings);

/* Serves HTTPS only, with the certificate (chain) in @cert_file and its unencrypted
 * private key in @key_file (both PEM): call before plenum_server_listen(). Fails,
 * naming the file, when one cannot be read, holds no certificate or key, the key does
 * not belong to the certificate, or the certificate has expired. */
gboolean        plenum_server_set_tls_files (PlenumServer  *self,
                                             const char    *cert_file,
                                             const char    *key_file,
                                             GError       **error);

/* Listens on @address (an IP address) and @port (0: a free one); HTTPS when
 * plenum_server_set_tls_files() was called, else HTTP. */
gboolean        plenum_server_listen        (PlenumServer  *self,
                                             const char    *address,
                                             guint          port,
                                             GError       **error);

/* A connection that has not sent a request's whole head @seconds after it was accepted
 * (6 × @seconds after its previous answer, when kept alive), or whose request body stops
 * for @seconds (or comes slower than 1 KiB/s on average after @seconds), is closed (docs/protocol.md, "Limits"). Default 30; 0: never. The event
 * stream is never closed by it. */
void            plenum_server_set_request_timeout (PlenumServer *self,
                                                   guint         seconds);

/* "http://127.0.0.1:PORT" (or "https://…" with TLS) for the first address listened on. */
char           *plenum_server_get_url       (PlenumServer  *self);

PlenumEventHub *plenum_server_get_event_hub (PlenumServer  *self);

/* Creates an enrolment for seat @name in the room called @room (NOT_FOUND when there is
 * none), valid @lifetime_seconds: *@code gets the one-time code as "DDDDD-DDDDD",
 * *@expires_at its end (Unix seconds), *@room_id (may be NULL) the room's id. Used by
 * POST /api/v1/terminals/enrolments and plenum-server --enrol-terminal. */
gboolean        plenum_server_create_enrolment (PlenumServerDb  *db,
                                                const char      *room,
                                                const char      *name,
                                                guint            lifetime_seconds,
                                                char           **code,
                                                gint64          *expires_at,
                                                char           **room_id,
                                                GError         **error);

G_END_DECLS
