/* plenum-follow-banner.h — the strip at the top of a member's window while they browse
 * freely during a meeting: where the chair is ("The chair is on item 3, “Budget 2027”,
 * page 4") and a 48 px "Back to the chair" button. The button activates
 * window.back-to-chair (PlenumWindow), which jumps there and follows the chair again.
 *
 * It only shows what it is given: the window decides when it is revealed.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PLENUM_TYPE_FOLLOW_BANNER (plenum_follow_banner_get_type ())

G_DECLARE_FINAL_TYPE (PlenumFollowBanner, plenum_follow_banner, PLENUM, FOLLOW_BANNER, AdwBin)

GtkWidget  *plenum_follow_banner_new          (void);

/* Where the chair is: the item's number and title, and the page shown (from 0; -1 for
 * none). @number NULL: the chair has not moved yet ("The meeting has not reached an
 * agenda item yet"). */
void        plenum_follow_banner_set_chair    (PlenumFollowBanner *self,
                                               const char         *number,
                                               const char         *title,
                                               gint                page);

/* Property "revealed": the banner is shown. */
gboolean    plenum_follow_banner_get_revealed (PlenumFollowBanner *self);
void        plenum_follow_banner_set_revealed (PlenumFollowBanner *self,
                                               gboolean            revealed);

/* The sentence shown (also while hidden), never NULL. */
const char *plenum_follow_banner_get_text     (PlenumFollowBanner *self);
/* The "Back to the chair" button, for tests. */
GtkButton  *plenum_follow_banner_get_button   (PlenumFollowBanner *self);

/* The sentence for @number, @title and @page as set_chair() takes them. Free with
 * g_free(). */
char       *plenum_follow_banner_format       (const char         *number,
                                               const char         *title,
                                               gint                page);

G_END_DECLS
