#!/usr/bin/env python3
# The application's icons (issue #9, desktop integration): the full-colour scalable icon
# and the symbolic one exist under the hicolor names the desktop file and the metainfo
# use, are well-formed SVG with a square view box, and the symbolic icon is one colour at
# 16 × 16, as symbolic icons must be to be recoloured by the theme.
#
# Copyright 2026 The Plenum developers
# SPDX-License-Identifier: GPL-3.0-or-later
import re
import sys
import xml.etree.ElementTree as ET

root = sys.argv[1]
app_id = 'org.plenum.Plenum'
icons = {
    'scalable': f'{root}/resources/icons/hicolor/scalable/apps/{app_id}.svg',
    'symbolic': f'{root}/resources/icons/hicolor/symbolic/apps/{app_id}-symbolic.svg',
}
problems = []
for kind, path in icons.items():
    try:
        svg = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        problems.append(f'{path}: {error}')
        continue
    if not svg.tag.endswith('svg'):
        problems.append(f'{path}: the root element is not <svg>')
        continue
    box = [float(v) for v in svg.get('viewBox', '').split()] if svg.get('viewBox') else []
    if len(box) != 4 or box[2] != box[3]:
        problems.append(f'{path}: the view box is not square ({svg.get("viewBox")!r})')
    if kind == 'symbolic':
        if svg.get('width') != '16' or svg.get('height') != '16':
            problems.append(f'{path}: a symbolic icon is 16 × 16')
        colours = set()
        for element in svg.iter():
            for attribute in ('fill', 'stroke'):
                value = element.get(attribute)
                if value and value != 'none':
                    colours.add(value.lower())
            style = element.get('style') or ''
            colours.update(c.lower() for c in re.findall(r'(?:fill|stroke)\s*:\s*(#[0-9a-fA-F]{3,6})', style))
        if len(colours) != 1:
            problems.append(f'{path}: a symbolic icon has one colour, not {sorted(colours)}')

desktop = open(f'{root}/resources/{app_id}.desktop.in', encoding='utf-8').read()
if not re.search(rf'^Icon={re.escape(app_id)}$', desktop, re.M):
    problems.append(f'resources/{app_id}.desktop.in: Icon= is not {app_id}')

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
