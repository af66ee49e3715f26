#!/usr/bin/python3
# Checks that po/POTFILES.in lists exactly the files that hold strings the user sees:
# C files calling _() / N_() / ngettext, .ui files with translatable="yes", and the
# desktop, metainfo and schema sources. A file missing from the list would never reach
# the translators; a listed file that no longer exists breaks xgettext.
#
# Copyright 2026 The Plenum developers
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import sys

root = sys.argv[1]
listed = set()
with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith("#"):
            listed.add(line)

c_marker = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|ngettext)\s*\(\s*"')
found = set()
for folder in ("app", "server", "ui", "resources"):
    for dirpath, _dirs, files in os.walk(os.path.join(root, folder)):
        for name in files:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if name.endswith(".c"):
                with open(path, encoding="utf-8") as f:
                    if c_marker.search(f.read()):
                        found.add(rel)
            elif name.endswith(".ui"):
                with open(path, encoding="utf-8") as f:
                    if 'translatable="yes"' in f.read():
                        found.add(rel)
            elif name.endswith((".desktop.in", ".metainfo.xml.in", ".gschema.xml")):
                found.add(rel)

failed = False
for rel in sorted(found - listed):
    print(f"not in po/POTFILES.in but has translatable strings: {rel}")
    failed = True
for rel in sorted(listed):
    if not os.path.exists(os.path.join(root, rel)):
        print(f"listed in po/POTFILES.in but missing: {rel}")
        failed = True
print("potfiles: %d files listed, %d with strings found" % (len(listed), len(found)))
sys.exit(1 if failed else 0)
