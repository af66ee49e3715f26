#!/usr/bin/python3
# Counts the tests meson ran in the given build folders, from each folder's
# meson-logs/testlog.json, and prints one closing line: "N passed, N failed" (with
# ", N skipped" when some were skipped). Exits 1 when any failed or when no test ran.
#
# Copyright 2026 The Plenum developers
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import sys

PASSED = {"OK", "EXPECTEDFAIL"}
SKIPPED = {"SKIP"}

passed = failed = skipped = 0
for build in sys.argv[1:]:
    log = os.path.join(build, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        print(f"test-summary: {build}: no test log (the build or the test run failed)")
        failed += 1
        continue
    with open(log, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            result = json.loads(line).get("result", "")
            if result in PASSED:
                passed += 1
            elif result in SKIPPED:
                skipped += 1
            else:
                failed += 1

summary = f"{passed} passed, {failed} failed"
if skipped:
    summary += f", {skipped} skipped"
print(summary)
sys.exit(0 if failed == 0 and passed > 0 else 1)
