/* plenum-publisher.h — publishing a packet from the client (the secretariat's packet
 * editor): a draft of the meeting and its agenda in memory, checked, its new PDFs
 * uploaded, and published with one PUT /api/v1/meetings/{id}/packet.
 *
 * A publication runs these steps, and stops at the first that fails, having changed
 * nothing on the server but blobs (which publish nothing by themselves):
 *
 *  1. the draft is checked here: a title, a body, a chair, a start; every item a number
 *     and a title, no two items with one number, no two documents of an item with one
 *     title, every document a title and a file (or an existing blob);
 *  2. every local file is read and hashed on a worker thread (a regular file, not a
 *     symbolic link, at most PLENUM_PUBLISHER_MAX_FILE_SIZE), then opened as a PDF by
 *     the checker the caller set (plenum_publisher_set_checker(): the client's render
 *     helper, since poppler never runs in the client's process) with its password;
 *  3. HEAD /api/v1/blobs/{sha256} for each new file, and the ones the server lacks are
 *     uploaded (plenum-blob-upload.h) one after another, with progress;
 *  4. the manifest goes out with "base_packet_version" (the version the draft was read
 *     from, 0 for a new meeting) and a fresh operation id.
 * A transient failure (plenum_http_error_is_transient()) of steps 3 and 4 is retried a
 * few times with a growing delay; the manifest is sent again with the SAME operation
 * id, so a PUT whose answer was lost is not published twice.
 *
 * Errors: PLENUM_PUBLISH_ERROR for what step 1 and 2 find (with the file, item or
 * document concerned in plenum_publisher_get_error_subject()), PLENUM_HTTP_ERROR for
 * the server's refusals and transport failures (409 CONFLICT: the packet changed since
 * the draft's base version), G_IO_ERROR_CANCELLED. The caller's draft is never changed.
 *
 * Why not PLENUM_PACKET_ERROR: it belongs to app/packet, which links poppler and so
 * never links into the client.
 *
 * Threading: one thread, the one whose thread-default context was current when the
 * publisher was made (the client's GLib main thread); only hashing and the upload run
 * on workers, on copies of what they need.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "net/plenum-http-client.h"

G_BEGIN_DECLS

#define PLENUM_PUBLISH_ERROR (plenum_publish_error_quark ())

typedef enum {
  PLENUM_PUBLISH_ERROR_INVALID,            /* a field is missing (no title, no chair, an
                                            * item without number, a document without a
                                            * file); the subject names it */
  PLENUM_PUBLISH_ERROR_DUPLICATE_ITEM,     /* two items with one number (subject: it) */
  PLENUM_PUBLISH_ERROR_DUPLICATE_DOCUMENT, /* two documents of an item with one title
                                            * (subject: the title) */
  PLENUM_PUBLISH_ERROR_NOT_PDF,            /* a file that cannot be opened as a PDF
                                            * (subject: the file's name) */
  PLENUM_PUBLISH_ERROR_PASSWORD,           /* a PDF that needs a password the draft does
                                            * not give, or gives wrongly */
  PLENUM_PUBLISH_ERROR_IO,                 /* a file cannot be read */
  PLENUM_PUBLISH_ERROR_TOO_LARGE,          /* a file over PLENUM_PUBLISHER_MAX_FILE_SIZE */
} PlenumPublishError;

GQuark plenum_publish_error_quark (void);

/* The largest file the publisher takes (the server's own limit is its setting). */
#define PLENUM_PUBLISHER_MAX_FILE_SIZE (G_GUINT64_CONSTANT (1) << 30)

/* ---- The draft ---- */

typedef struct {
  char     *title;
  gboolean  confidential;
  char     *password;      /* opens the PDF; NULL when it needs none. A secret. */
  char     *path;          /* a local file to publish, or NULL for an existing blob */
  char     *sha256;        /* the existing blob; after a publication also a local
                            * file's hash. NULL for a file not yet hashed */
  gint64    size;          /* bytes, when known (else 0) */
  int       pages;         /* when known (else 0) */
} PlenumDraftDocument;

typedef struct {
  char      *number;       /* "1", "3a" */
  char      *title;
  gboolean   closed_session;
  GPtrArray *documents;    /* of PlenumDraftDocument, in order */
} PlenumDraftItem;

typedef struct {
  char      *meeting_id;          /* a lowercase UUID */
  gint64     base_packet_version; /* the version the draft was read from; 0: new */
  char      *body_id;
  char      *title;
  GDateTime *starts_at;           /* may be NULL while editing */
  char      *location;            /* NULL: none */
  char      *chair_id;
  char      *vice_chair_id;       /* NULL: none */
  GPtrArray *items;               /* of PlenumDraftItem, in order */
} PlenumPacketDraft;

#define PLENUM_TYPE_PACKET_DRAFT (plenum_packet_draft_get_type ())
GType                plenum_packet_draft_get_type     (void) G_GNUC_CONST;

/* An empty draft for @meeting_id (NULL: a new id). */
PlenumPacketDraft   *plenum_packet_draft_new          (const char        *meeting_id);
PlenumPacketDraft   *plenum_packet_draft_copy         (const PlenumPacketDraft *draft);
void                 plenum_packet_draft_free         (PlenumPacketDraft *draft);

/* Appends a new item (documents none) and returns it (owned by the draft). */
PlenumDraftItem     *plenum_packet_draft_add_item     (PlenumPacketDraft *draft,
                                                       const char        *number,
                                                       const char        *title,
                                                       gboolean           closed_session);
/* Appends a document to @item: a local file (@path) or an existing blob (@sha256); one
 * of the two. Returns it (owned by the item). */
PlenumDraftDocument *plenum_draft_item_add_document   (PlenumDraftItem   *item,
                                                       const char        *title,
                                                       const char        *path,
                                                       const char        *sha256);
void                 plenum_draft_document_free       (PlenumDraftDocument *document);
void                 plenum_draft_item_free           (PlenumDraftItem     *item);

/* The draft of a meeting as the server answered it (a Meeting JSON object: summary
 * fields and agenda; fields this reader does not know are ignored). NULL with
 * PLENUM_JSON_ERROR when a field it needs is missing. */
PlenumPacketDraft   *plenum_packet_draft_new_from_meeting_json (const cJSON  *meeting,
                                                                GError      **error);

/* Checks step 1 (see above) without I/O. FALSE with PLENUM_PUBLISH_ERROR; *@subject
 * (may be NULL) gets what the error is about (free with g_free()). */
gboolean             plenum_packet_draft_validate     (const PlenumPacketDraft *draft,
                                                       char             **subject,
                                                       GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlenumPacketDraft, plenum_packet_draft_free)

/* ---- The checker ---- */

/* Opens @path as a PDF with @password (NULL: none) and calls @callback (on the
 * publisher's context) when it knows. */
typedef void (*PlenumPublisherCheckFunc)   (const char          *path,
                                            const char          *password,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             callback_data,
                                            gpointer             user_data);
/* The number of pages (≥ 1), or 0 with PLENUM_PUBLISH_ERROR (NOT_PDF, PASSWORD, IO) or
 * G_IO_ERROR_CANCELLED. */
typedef int  (*PlenumPublisherCheckFinish) (GAsyncResult        *result,
                                            gpointer             user_data,
                                            GError             **error);

/* ---- The publisher ---- */

typedef enum {
  PLENUM_PUBLISH_STAGE_IDLE,
  PLENUM_PUBLISH_STAGE_CHECKING,    /* hashing and opening the PDFs */
  PLENUM_PUBLISH_STAGE_UPLOADING,   /* asking for and uploading blobs */
  PLENUM_PUBLISH_STAGE_PUBLISHING,  /* the manifest */
} PlenumPublishStage;

#define PLENUM_TYPE_PUBLISHER (plenum_publisher_get_type ())
G_DECLARE_FINAL_TYPE (PlenumPublisher, plenum_publisher, PLENUM, PUBLISHER, GObject)

/* @client: the HTTP client to the server; @token: the secretary's bearer token (copied;
 * wiped when the publisher goes). The publisher sets nothing on @client: its requests
 * carry the token given here. */
PlenumPublisher    *plenum_publisher_new              (PlenumHttpClient   *client,
                                                       const char         *token);

/* Without a checker, step 2 only hashes (the server still refuses what it cannot
 * open, with 400 naming the blob). */
void                plenum_publisher_set_checker      (PlenumPublisher            *self,
                                                       PlenumPublisherCheckFunc    check,
                                                       PlenumPublisherCheckFinish  finish,
                                                       gpointer                    user_data,
                                                       GDestroyNotify              destroy);

/* How often a transient failure is retried (default 4) and the first delay (default
 * 500 ms, doubled each time). For tests. */
void                plenum_publisher_set_retries      (PlenumPublisher    *self,
                                                       guint               retries,
                                                       guint               first_delay_ms);

/* Publishes @draft (copied at once: edits made meanwhile are not sent). One at a time:
 * a second call while one runs fails with G_IO_ERROR_PENDING. */
void                plenum_publisher_publish_async    (PlenumPublisher         *self,
                                                       const PlenumPacketDraft *draft,
                                                       GCancellable            *cancellable,
                                                       GAsyncReadyCallback      callback,
                                                       gpointer                 user_data);
/* The draft as published: base_packet_version is the new packet version, every
 * document has its sha256, size and pages. NULL with @error set. */
PlenumPacketDraft  *plenum_publisher_publish_finish   (PlenumPublisher    *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);

/* After a failed publication: the file name, item number or title the error is about,
 * or NULL. */
const char         *plenum_publisher_get_error_subject (PlenumPublisher   *self);
/* After a 409 conflict: the meeting's packet version as read again from the server
 * (GET), or -1 when it could not be read. */
gint64              plenum_publisher_get_server_version (PlenumPublisher  *self);

/* Properties "stage" (PlenumPublishStage), "bytes-total" and "bytes-sent" (of the
 * uploads of this publication; notified at most 10 times a second while uploading),
 * "busy" (a publication runs). */
PlenumPublishStage  plenum_publisher_get_stage        (PlenumPublisher    *self);
guint64             plenum_publisher_get_bytes_total  (PlenumPublisher    *self);
guint64             plenum_publisher_get_bytes_sent   (PlenumPublisher    *self);
gboolean            plenum_publisher_get_busy         (PlenumPublisher    *self);
/* Blobs uploaded by the last publication (the others the server had). */
guint               plenum_publisher_get_n_uploaded   (PlenumPublisher    *self);

/* GET /api/v1/bodies: a new GPtrArray of PlenumBody (each with its members as
 * PlenumMember of the body-member shape), in the server's order. Errors:
 * PLENUM_HTTP_ERROR, PLENUM_JSON_ERROR for an answer without the fields needed. */
void                plenum_publisher_list_bodies_async  (PlenumPublisher    *self,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
GPtrArray          *plenum_publisher_list_bodies_finish (PlenumPublisher    *self,
                                                         GAsyncResult       *result,
                                                         GError            **error);

/* GET /api/v1/meetings/{id} as a draft (plenum_packet_draft_new_from_meeting_json()). */
void                plenum_publisher_read_meeting_async  (PlenumPublisher    *self,
                                                          const char         *meeting_id,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
PlenumPacketDraft  *plenum_publisher_read_meeting_finish (PlenumPublisher    *self,
                                                          GAsyncResult       *result,
                                                          GError            **error);

G_END_DECLS
