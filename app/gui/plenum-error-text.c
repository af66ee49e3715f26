/* plenum-error-text.c — one sentence in the user's language for each error the layers
 * below can give the GUI. See plenum-error-text.h.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-error-text"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "net/plenum-http-client.h"
#include "net/plenum-http-error.h"
#include "pdf/plenum-export-client.h"
#include "pdf/plenum-render-client.h"
#include "store/plenum-store-error.h"
#include "sync/plenum-sync-engine.h"
#include "plenum-error-text.h"
#include "plenum-terminal-config.h"

static const char *store_error_text (int code);

static const char *
sync_error_text (int code)
{
  switch ((PlenumSyncError) code)
    {
    case PLENUM_SYNC_ERROR_WRONG_CREDENTIALS:
      return _("The name or the PIN is not right. Check both and try again.");
    case PLENUM_SYNC_ERROR_TOO_MANY_ATTEMPTS:
      return _("Too many attempts. Wait a minute, then try again.");
    case PLENUM_SYNC_ERROR_UNREACHABLE:
      return _("The committee office server cannot be reached, and you have not signed in on this terminal before. Try again when the network is back, or ask the secretariat.");
    case PLENUM_SYNC_ERROR_NO_SERVER:
      return _("This terminal has no server address, and you have not signed in on this terminal before. Ask the secretariat to set the terminal up.");
    case PLENUM_SYNC_ERROR_SERVER:
      return _("The committee office server answered with an error. The papers already on this terminal are unchanged. Try again in a moment.");
    case PLENUM_SYNC_ERROR_STORAGE:
      return _("This terminal could not save its data. Ask the secretariat to check its storage.");
    case PLENUM_SYNC_ERROR_SIGNED_OUT:
      return _("You are signed out. Sign in again to continue.");
    case PLENUM_SYNC_ERROR_SESSION_EXPIRED:
      return _("Your session has ended. Sign in again to continue.");
    case PLENUM_SYNC_ERROR_ENROLMENT_INVALID:
      return _("That enrolment code is not valid. Ask the committee office for a new one.");
    case PLENUM_SYNC_ERROR_TERMINAL_REVOKED:
      return _("This terminal was revoked by the committee office");
    case PLENUM_SYNC_ERROR_DISK_FULL:
      return store_error_text (PLENUM_STORE_ERROR_FULL);
    case PLENUM_SYNC_ERROR_TERMINAL_WIPED:
      return _("The committee office had this terminal erased: its documents, notes and unsent changes are gone. Ask the secretariat to enrol it again.");
    case PLENUM_SYNC_ERROR_DOCUMENT_LOCKED:
      return _("This confidential document is locked because this terminal has not reached the committee office server for too long. Connect to the network to unlock it.");
    default:
      return NULL;
    }
}

static const char *
render_error_text (int code)
{
  switch ((PlenumRenderError) code)
    {
    case PLENUM_RENDER_ERROR_NOT_PDF:
      return _("This document is not a PDF file that can be shown.");
    case PLENUM_RENDER_ERROR_ENCRYPTED:
      return _("This document is protected by a password and cannot be shown.");
    case PLENUM_RENDER_ERROR_NO_PAGES:
      return _("This document has no pages to show.");
    case PLENUM_RENDER_ERROR_PAGE_FAILED:
      return _("This page cannot be shown. The other pages of the document may still work.");
    case PLENUM_RENDER_ERROR_TIMEOUT:
      return _("Showing this took too long and was stopped. Try again.");
    case PLENUM_RENDER_ERROR_CRASHED:
    case PLENUM_RENDER_ERROR_PROTOCOL:
      return _("The document viewer stopped while showing this. Try again; if it keeps happening, tell the secretariat.");
    case PLENUM_RENDER_ERROR_TOO_BIG:
      return _("This is too large to be shown on this terminal.");
    case PLENUM_RENDER_ERROR_HELPER_MISSING:
      return _("The document viewer of this terminal is missing. Ask the secretariat to reinstall Plenum.");
    case PLENUM_RENDER_ERROR_IO:
      return _("The document could not be read from this terminal’s storage.");
    default:
      return NULL;
    }
}

static const char *
store_error_text (int code)
{
  switch ((PlenumStoreError) code)
    {
    case PLENUM_STORE_ERROR_CORRUPT:
      return _("This terminal’s stored data is damaged. Ask the secretariat to reset the terminal.");
    case PLENUM_STORE_ERROR_FULL:
      return _("This terminal’s storage is full. Nothing already stored was lost; ask the secretariat to free some space.");
    case PLENUM_STORE_ERROR_IO:
    case PLENUM_STORE_ERROR_BUSY:
      return _("This terminal could not read or write its data. Ask the secretariat to check its storage.");
    case PLENUM_STORE_ERROR_NOT_FOUND:
      return _("This is not stored on this terminal.");
    case PLENUM_STORE_ERROR_WRONG_PIN:
      return sync_error_text (PLENUM_SYNC_ERROR_WRONG_CREDENTIALS);
    case PLENUM_STORE_ERROR_SCHEMA_TOO_NEW:
      return _("This terminal’s data was written by a newer version of Plenum. Ask the secretariat to update the terminal.");
    case PLENUM_STORE_ERROR_HASH_MISMATCH:
      return _("A downloaded document was damaged on the way and was thrown away. It will be downloaded again.");
    case PLENUM_STORE_ERROR_INVALID:
      return _("The server sent data this terminal cannot use. The papers already on this terminal are unchanged.");
    default:
      return NULL;
    }
}

static const char *
http_error_text (int code)
{
  switch ((PlenumHttpError) code)
    {
    case PLENUM_HTTP_ERROR_UNREACHABLE:
    case PLENUM_HTTP_ERROR_CONNECTION_LOST:
      return _("The committee office server cannot be reached. The papers on this terminal can still be read.");
    case PLENUM_HTTP_ERROR_TIMEOUT:
      return _("The committee office server is not answering in time. The papers on this terminal can still be read.");
    case PLENUM_HTTP_ERROR_TLS:
      return _("The committee office server could not prove who it is, so this terminal did not talk to it. Tell the secretariat.");
    case PLENUM_HTTP_ERROR_INSECURE:
    case PLENUM_HTTP_ERROR_INVALID_URL:
      return _("The server address of this terminal cannot be used. Ask the secretariat to set the terminal up.");
    case PLENUM_HTTP_ERROR_WRONG_CREDENTIALS:
      return sync_error_text (PLENUM_SYNC_ERROR_WRONG_CREDENTIALS);
    case PLENUM_HTTP_ERROR_TOO_MANY_ATTEMPTS:
      return sync_error_text (PLENUM_SYNC_ERROR_TOO_MANY_ATTEMPTS);
    case PLENUM_HTTP_ERROR_UNAUTHORIZED:
    case PLENUM_HTTP_ERROR_TOKEN_EXPIRED:
      return _("Your session has ended. Sign in again to continue.");
    case PLENUM_HTTP_ERROR_FORBIDDEN:
      return _("You may not see this.");
    case PLENUM_HTTP_ERROR_NOT_FOUND:
      return _("This is no longer on the server.");
    case PLENUM_HTTP_ERROR_API_VERSION:
      return _("This terminal’s version of Plenum is too old for the server. Ask the secretariat to update it.");
    case PLENUM_HTTP_ERROR_TERMINAL_WIPE:
      return _("The committee office has asked this terminal to erase its documents. It is doing so now.");
    default:
      return _("The committee office server answered with an error. The papers already on this terminal are unchanged. Try again in a moment.");
    }
}

/* What failed in a TLS error, said so that the secretariat knows what to look at. */
static const char *
tls_error_text (const GError *error)
{
  switch (plenum_http_error_get_tls_problem (error))
    {
    case PLENUM_HTTP_TLS_PROBLEM_UNTRUSTED:
      return _("The server's certificate is not signed by an authority this terminal trusts, so this terminal did not talk to it. Tell the secretariat.");
    case PLENUM_HTTP_TLS_PROBLEM_WRONG_NAME:
      return _("The server's certificate is for another name, so this terminal did not talk to it. Tell the secretariat.");
    case PLENUM_HTTP_TLS_PROBLEM_PINNED_KEY:
      return _("The server's key is not the one this terminal was set up with, so this terminal did not talk to it. Tell the secretariat.");
    case PLENUM_HTTP_TLS_PROBLEM_EXPIRED:
      return _("The server's certificate has expired or is not valid yet (or this terminal's clock is wrong), so this terminal did not talk to it. Tell the secretariat.");
    case PLENUM_HTTP_TLS_PROBLEM_CA_FILE:
      return _("The certificate file this terminal was set up with cannot be read. Ask the secretariat to set the terminal up.");
    case PLENUM_HTTP_TLS_PROBLEM_HANDSHAKE:
    case PLENUM_HTTP_TLS_PROBLEM_NONE:
    default:
      return http_error_text (PLENUM_HTTP_ERROR_TLS);
    }
}

static const char *
export_error_text (int code)
{
  switch ((PlenumExportError) code)
    {
    case PLENUM_EXPORT_ERROR_PERMISSION:
      return _("The author of this document does not allow copies of it.");
    case PLENUM_EXPORT_ERROR_CONFIDENTIAL:
      return _("This document is confidential: no copy of it can be saved.");
    case PLENUM_EXPORT_ERROR_NOT_PDF:
      return _("This document is damaged, so no copy of it could be made.");
    case PLENUM_EXPORT_ERROR_ENCRYPTED:
      return _("This document is protected by a password, so no copy of it could be made.");
    case PLENUM_EXPORT_ERROR_DISK_FULL:
      return _("There is no room left for the copy. Nothing was saved; free some space and try again.");
    case PLENUM_EXPORT_ERROR_TIMEOUT:
      return _("Making the copy took too long and was stopped. Try again.");
    case PLENUM_EXPORT_ERROR_FAILED:
    default:
      return _("The copy could not be saved. Try again; if it keeps happening, tell the secretariat.");
    }
}

static const char *
io_error_text (int code)
{
  switch (code)
    {
    case G_IO_ERROR_NO_SPACE:
      return store_error_text (PLENUM_STORE_ERROR_FULL);
    case G_IO_ERROR_NOT_FOUND:
      return _("A file this terminal needs is missing.");
    case G_IO_ERROR_PERMISSION_DENIED:
      return _("This terminal may not use a file it needs. Ask the secretariat to check its set-up.");
    case G_IO_ERROR_CANCELLED:
      return _("Stopped.");
    case G_IO_ERROR_TIMED_OUT:
      return _("This took too long and was stopped. Try again.");
    default:
      return NULL;
    }
}

char *
plenum_error_text (const GError *error)
{
  const char *text = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  /* The raw message can name a file or carry the server's English text: useful when
   * debugging, never shown. It never holds a PIN or token (the layers below see to
   * that). */
  g_debug ("shown as a sentence: %s (%s %d)", error->message,
           g_quark_to_string (error->domain), error->code);

  if (error->domain == PLENUM_SYNC_ERROR)
    text = sync_error_text (error->code);
  else if (error->domain == PLENUM_RENDER_ERROR)
    text = render_error_text (error->code);
  else if (error->domain == PLENUM_STORE_ERROR)
    text = store_error_text (error->code);
  else if (g_error_matches (error, PLENUM_HTTP_ERROR, PLENUM_HTTP_ERROR_TLS))
    text = tls_error_text (error);
  else if (error->domain == PLENUM_HTTP_ERROR)
    text = http_error_text (error->code);
  else if (error->domain == PLENUM_EXPORT_ERROR)
    text = export_error_text (error->code);
  else if (error->domain == G_IO_ERROR)
    text = io_error_text (error->code);
  else if (error->domain == PLENUM_TERMINAL_CONFIG_ERROR)
    /* Its messages are written for the user already (file name and what is wrong). */
    return g_strdup (error->message);

  if (text == NULL)
    text = _("Something went wrong. Try again; if it keeps happening, tell the secretariat.");

  return g_strdup (text);
}

const char *
plenum_error_text_not_verified (void)
{
  return _("This document is not on this terminal yet. It can be opened as soon as it has been downloaded and checked.");
}
