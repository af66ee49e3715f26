/* plenum-core.h — the model and the strict JSON layer in one include.
 *
 * Copyright 2026 The Plenum developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "plenum-limits.h"
#include "plenum-json.h"
#include "plenum-hash.h"
#include "plenum-member.h"
#include "plenum-body.h"
#include "plenum-document.h"
#include "plenum-agenda-item.h"
#include "plenum-meeting.h"
#include "plenum-packet-manifest.h"
#include "plenum-event.h"
#include "plenum-annotation.h"
#include "plenum-annotation-carry.h"
#include "plenum-live.h"
#include "plenum-vote-result.h"
#include "plenum-terminal-info.h"
