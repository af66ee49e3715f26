/* plenum-sign-in-page.h — the page a member signs in on: the terminal and its server,
 * a name entry and a PIN pad; a spinner while the sync engine signs in; and, when it
 * fails, one sentence in the user's language (wrong name or PIN — without saying
 * whether the name exists —, too many attempts, server unreachable for a member who
 * never signed in here, storage failure).
 *
 * Action: sign-in.submit — signs in with the name and PIN entered (enabled when both
 * are there and nothing is under way). The PIN pad's OK does the same.
 *
 * Enrolment: "Enrol this terminal" (sign-in.show-enrol) reveals a digit pad for the
 * one-time code of the committee office (ten digits, shown DDDDD-DDDDD):
 * sign-in.enrol-digit (i), sign-in.enrol-delete, sign-in.enrol-submit (enabled with ten
 * digits) calls plenum_sync_engine_enrol_async() and shows the seat name or the error as
 * a sentence. While the engine's "revoked" is TRUE the page says "This terminal was
 * revoked by the committee office".
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "core/plenum-member.h"
#include "sync/plenum-sync-engine.h"
#include "plenum-pin-pad.h"

G_BEGIN_DECLS

/* Digits of an enrolment code. */
#define PLENUM_SIGN_IN_ENROL_CODE_DIGITS 10

#define PLENUM_TYPE_SIGN_IN_PAGE (plenum_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (PlenumSignInPage, plenum_sign_in_page, PLENUM, SIGN_IN_PAGE, GtkWidget)

/* @engine may be NULL (set it later): the page then cannot sign in. */
GtkWidget        *plenum_sign_in_page_new             (PlenumSyncEngine *engine);

/* Property "sync-engine". */
PlenumSyncEngine *plenum_sign_in_page_get_sync_engine (PlenumSignInPage *self);
void              plenum_sign_in_page_set_sync_engine (PlenumSignInPage *self,
                                                       PlenumSyncEngine *engine);

/* Property "busy" (read-only): a sign-in is under way. */
gboolean          plenum_sign_in_page_get_busy        (PlenumSignInPage *self);

/* Property "error-text" (read-only): the sentence shown for the last failure, or
 * NULL. */
const char       *plenum_sign_in_page_get_error_text  (PlenumSignInPage *self);

/* Property "notice": a standing remark shown under the terminal's name, e.g. that the
 * terminal configuration could not be read. NULL hides it. */
const char       *plenum_sign_in_page_get_notice      (PlenumSignInPage *self);
void              plenum_sign_in_page_set_notice      (PlenumSignInPage *self,
                                                       const char       *notice);

/* Forgets the name, the PIN and the error, and cancels a sign-in under way (sign-out,
 * idle lock). */
void              plenum_sign_in_page_reset           (PlenumSignInPage *self);

/* The name entry and the PIN pad, for focus handling and tests. */
/* The on-screen keyboard under the name (a PlenumOsk), for tests. */
GtkWidget        *plenum_sign_in_page_get_keyboard   (PlenumSignInPage *self);
GtkEditable      *plenum_sign_in_page_get_name_entry  (PlenumSignInPage *self);
PlenumPinPad     *plenum_sign_in_page_get_pin_pad     (PlenumSignInPage *self);

/* The sentence shown for the last enrolment (success with the seat name, or the error),
 * or NULL. */
const char       *plenum_sign_in_page_get_enrol_text  (PlenumSignInPage *self);
/* Whether "This terminal was revoked by the committee office" is shown. */
gboolean          plenum_sign_in_page_get_revoked_shown (PlenumSignInPage *self);

/* Issue #9. The seat's name shown above everything ("Ghế 05"; NULL hides it). */
void              plenum_sign_in_page_set_terminal_name (PlenumSignInPage *self,
                                                         const char       *terminal_name);
const char       *plenum_sign_in_page_get_terminal_name (PlenumSignInPage *self);

/* The application's settings: the switches "Large text" and "High contrast" and the
 * language chooser (this terminal's language, Tiếng Việt, Norsk bokmål, English) are
 * bound to the keys "large-text", "high-contrast" and "language" (""/vi/nb/en). NULL,
 * or a schema without those keys, hides them. */
void              plenum_sign_in_page_set_settings    (PlenumSignInPage *self,
                                                       GSettings        *settings);

/* Shows the "Administrator" button (it activates window.admin) in a kiosk. */
void              plenum_sign_in_page_set_kiosk       (PlenumSignInPage *self,
                                                       gboolean          kiosk);

/* The controls above, for tests. */
GtkWidget        *plenum_sign_in_page_get_admin_button        (PlenumSignInPage *self);
GtkSwitch        *plenum_sign_in_page_get_large_text_switch   (PlenumSignInPage *self);
GtkSwitch        *plenum_sign_in_page_get_high_contrast_switch (PlenumSignInPage *self);
AdwComboRow      *plenum_sign_in_page_get_language_row        (PlenumSignInPage *self);

/* Signals:
 *   "signed-in" (PlenumMember *account)   the engine signed the member in
 */

G_END_DECLS
