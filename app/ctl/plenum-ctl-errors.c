/* plenum-ctl-errors.c — plenumctl's sentences for the server's error codes and for a
 * failed connection. See plenum-ctl-errors.h.
 *
 * The server's error answers carry a stable code and an English message (docs/protocol.md,
 * "Errors"): the message is for logs and programs, so plenumctl says a sentence of its
 * own per code, as the client does (app/gui/plenum-error-text.c, whose sentences address
 * a member at a terminal; these address the secretariat at a command line).
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "plenum-ctl"

#include <glib/gi18n.h>

#include "net/plenum-http-client.h"
#include "net/plenum-http-error.h"
#include "plenum-ctl-errors.h"

/* Every code plenum-server sends (grep the codes given to its error helpers in server/;
 * docs/protocol.md lists them). Kept untranslated (N_) here so that
 * plenum_ctl_error_text() can tell whether the user reads the English one. */
static const struct {
  const char *code;
  const char *sentence;
} code_sentences[] = {
  { "bad_request", N_("The server refused the request as malformed.") },
  { "enrolment_invalid", N_("The enrolment code is unknown, used already or expired.") },
  { "unauthorized", N_("The server does not accept this session: sign in again.") },
  { "token_expired", N_("The session has expired: sign in again.") },
  { "terminal_revoked", N_("This terminal has been revoked.") },
  { "terminal_wipe", N_("This terminal has been asked to erase its documents.") },
  /* The same sentences as the client's sign-in page. */
  { "wrong_credentials", N_("The name or the PIN is not right. Check both and try again.") },
  { "too_many_attempts", N_("Too many attempts. Wait a minute, then try again.") },
  { "forbidden", N_("This account may not do that.") },
  { "conflict_of_interest",
    N_("A member who declared a conflict of interest on this item may not vote on it.") },
  { "not_found",
    N_("The server has no such meeting, document, account or terminal, or this account may "
       "not see it.") },
  { "method_not_allowed",
    N_("The server does not take this request: it may be older than this plenumctl.") },
  { "conflict",
    N_("The request clashes with what the server holds: someone else may have changed it "
       "meanwhile.") },
  { "meeting_closed", N_("The meeting is closed.") },
  { "missing_blob", N_("A document file is missing on the server: upload it first.") },
  { "no_quorum", N_("The meeting has no quorum for this vote.") },
  { "vote_in_progress", N_("Another vote of the meeting is open.") },
  { "already_voted", N_("This member has voted already.") },
  { "vote_closed", N_("The vote is closed.") },
  { "round_closed", N_("The opinion round is closed.") },
  { "api_version_unsupported",
    N_("The server does not speak this plenumctl's version of the protocol: update one of "
       "them.") },
  { "too_large", N_("The request is larger than the server accepts.") },
  { "range_not_satisfiable", N_("The server cannot send that part of the file.") },
  { "hash_mismatch",
    N_("A file was damaged on its way to the server (its SHA-256 does not match); nothing "
       "was stored.") },
  { "internal", N_("The server failed; its administrator finds the details in its log.") },
};

/* The connection's failures: no answer, or not one of the protocol's. */
static const char *
transport_sentence (const GError *error)
{
  switch ((PlenumHttpError) error->code)
    {
    case PLENUM_HTTP_ERROR_UNREACHABLE:
      return N_("The server cannot be reached.");
    case PLENUM_HTTP_ERROR_TIMEOUT:
      return N_("The server did not answer in time.");
    case PLENUM_HTTP_ERROR_CONNECTION_LOST:
      return N_("The connection to the server broke.");
    case PLENUM_HTTP_ERROR_TLS:
      return N_("The server could not prove who it is (its certificate or key was refused), "
                "so plenumctl did not talk to it.");
    case PLENUM_HTTP_ERROR_INSECURE:
      return N_("Plain http:// is allowed only to this computer itself: give an https:// "
                "address.");
    case PLENUM_HTTP_ERROR_INVALID_URL:
      return N_("The server address cannot be used.");
    case PLENUM_HTTP_ERROR_BAD_RESPONSE:
      return N_("The server's answer is not what the protocol says.");
    default:
      return NULL;
    }
}

/* The untranslated sentence for @error, or NULL. */
static const char *
english_sentence (const GError *error)
{
  const char *code;

  if (error == NULL || error->domain != PLENUM_HTTP_ERROR)
    return NULL;
  code = plenum_http_error_get_code_string (error);
  if (code == NULL)
    return transport_sentence (error);
  for (gsize i = 0; i < G_N_ELEMENTS (code_sentences); i++)
    if (g_str_equal (code_sentences[i].code, code))
      return code_sentences[i].sentence;
  /* A code of a newer server: its message is all there is. */
  return NULL;
}

const char *
plenum_ctl_error_sentence (const GError *error)
{
  const char *sentence = english_sentence (error);

  return sentence != NULL ? _(sentence) : NULL;
}

char *
plenum_ctl_error_text (const GError *error)
{
  const char *sentence;
  const char *translated;

  g_return_val_if_fail (error != NULL, NULL);

  sentence = english_sentence (error);
  if (sentence == NULL)
    return g_strdup (error->message);
  translated = _(sentence);
  /* gettext gives back its argument itself when it has no translation: the user reads
   * English, and the server's English message adds the specifics (which field, which
   * version) in the same language. Beside a translated sentence it would be a second
   * language on one line, so it is left out there. */
  if (translated == sentence)
    return g_strdup_printf ("%s (%s)", sentence, error->message);
  return g_strdup (translated);
}
