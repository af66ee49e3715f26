#!/usr/bin/python3
# Checks the translations against the code, with the real gettext tools:
#
#  1. the template: xgettext over po/POTFILES.in with the arguments of the plenum-pot
#     target (meson's "glib" preset, po/meson.build), and no warning from it;
#  2. no string cut by a macro inside _() ("%" G_GSIZE_FORMAT): xgettext reads only the
#     literal before the macro, so the translator would get half a sentence and the
#     program would look up a string that is in no catalogue;
#  3. no literal shown to the user outside _(): a label, title, tooltip or placeholder
#     written in C or in a .ui file without being marked (a heuristic over the setters
#     and properties that show words);
#  4. for each language of po/LINGUAS: `msgfmt --check` passes (format specifiers match,
#     plural forms, header), no entry is fuzzy or untranslated, and every message of the
#     template has a translation.
#
# Usage: check-po.py SOURCE_ROOT [XGETTEXT [MSGFMT]]
#
# Copyright 2026 The Plenum developers
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import subprocess
import sys
import tempfile

root = sys.argv[1]
xgettext = sys.argv[2] if len(sys.argv) > 2 else "xgettext"
msgfmt = sys.argv[3] if len(sys.argv) > 3 else "msgfmt"
po_dir = os.path.join(root, "po")

# meson's i18n.gettext(preset: 'glib') (mesonbuild/modules/i18n.py), and the arguments
# its scripts/gettext.py adds: the same template as `ninja plenum-pot`.
GLIB_PRESET = [
    "--from-code=UTF-8",
    "--add-comments",
    "--keyword=_",
    "--keyword=N_",
    "--keyword=C_:1c,2",
    "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2",
    "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format",
    "--flag=C_:2:pass-c-format",
    "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format",
    "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format",
    "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format",
    "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format",
    "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format",
    "--flag=g_printerr:1:c-format",
    "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format",
    "--flag=g_sprintf:2:c-format",
    "--flag=g_snprintf:3:c-format",
]

problems = []


def problem(text):
    problems.append(text)
    print(text)


def read_list(name):
    with open(os.path.join(po_dir, name), encoding="utf-8") as f:
        return [line.strip() for line in f
                if line.strip() and not line.strip().startswith("#")]


potfiles = read_list("POTFILES.in")
languages = read_list("LINGUAS")

# ---- 1. the template ----

tmp = tempfile.mkdtemp(prefix="plenum-check-po-")
pot = os.path.join(tmp, "plenum.pot")
run = subprocess.run([xgettext, "--package-name=plenum", "-p", tmp,
                      "-f", os.path.join(po_dir, "POTFILES.in"), "-D", root, "-k_",
                      "-o", "plenum.pot"] + GLIB_PRESET,
                     capture_output=True, text=True)
for line in run.stderr.splitlines():
    problem(f"xgettext: {line}")
if run.returncode != 0 or not os.path.exists(pot):
    problem(f"xgettext failed (exit status {run.returncode})")
    sys.exit(1)

# ---- 2. strings cut by a macro inside a translation call ----

# A C string literal, a character literal, a comment, an identifier, or one other char.
TOKEN = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|/\*.*?\*/|//[^\n]*'
                   r'|[A-Za-z_][A-Za-z0-9_]*|\s+|.', re.S)
MARKERS = {"_", "N_", "C_", "NC_", "ngettext", "g_dngettext", "g_dpgettext2", "Q_"}


def tokens(text):
    line = 1
    for m in TOKEN.finditer(text):
        tok = m.group(0)
        if not tok.isspace() and not tok.startswith(("/*", "//")):
            yield tok, line
        line += tok.count("\n")


def check_cut_strings(rel, text):
    toks = list(tokens(text))
    for i, (tok, line) in enumerate(toks):
        if tok not in MARKERS or i + 1 >= len(toks) or toks[i + 1][0] != "(":
            continue
        # The call's arguments, up to the matching parenthesis.
        depth = 0
        args = []
        for tok2, _line in toks[i + 1:]:
            if tok2 == "(":
                depth += 1
                if depth == 1:
                    continue
            elif tok2 == ")":
                depth -= 1
                if depth == 0:
                    break
            args.append(tok2)
        for a, b in zip(args, args[1:]):
            a_str = a.startswith('"')
            b_str = b.startswith('"')
            a_id = re.fullmatch(r"[A-Za-z_]\w*", a) is not None
            b_id = re.fullmatch(r"[A-Za-z_]\w*", b) is not None
            if (a_str and b_id) or (a_id and b_str):
                macro = b if b_id else a
                problem(f"{rel}:{line}: a macro ({macro}) inside a translatable string: "
                        "xgettext cuts the string there; print the number with %d/%u "
                        "and a cast, or format it into a string first")
                break


# ---- 3. words shown without _() ----

# Setters whose string argument the user sees (argument index from 0).
C_SETTERS = {
    "gtk_label_new": 0,
    "gtk_label_set_text": 1,
    "gtk_label_set_label": 1,
    "gtk_label_set_markup": 1,
    "gtk_button_new_with_label": 0,
    "gtk_button_new_with_mnemonic": 0,
    "gtk_button_set_label": 1,
    "gtk_check_button_new_with_label": 0,
    "gtk_toggle_button_new_with_label": 0,
    "gtk_window_set_title": 1,
    "gtk_widget_set_tooltip_text": 1,
    "gtk_entry_set_placeholder_text": 1,
    "adw_window_title_set_title": 1,
    "adw_window_title_set_subtitle": 1,
    "adw_status_page_set_title": 1,
    "adw_status_page_set_description": 1,
    "adw_preferences_row_set_title": 1,
    "adw_action_row_set_subtitle": 1,
    "adw_toast_new": 0,
}
# A literal with a letter in it is words; "●", "1", "—" are not.
WORDS = re.compile(r"[^\W\d_]", re.U)


def literal_words(tok):
    if not tok.startswith('"'):
        return None
    body = tok[1:-1]
    return body if WORDS.search(body) else None


def check_c_literals(rel, text):
    toks = list(tokens(text))
    for i, (tok, line) in enumerate(toks):
        if tok not in C_SETTERS or i + 1 >= len(toks) or toks[i + 1][0] != "(":
            continue
        # Split the arguments at top-level commas.
        depth = 0
        args = [[]]
        for tok2, _line in toks[i + 1:]:
            if tok2 == "(":
                depth += 1
                if depth == 1:
                    continue
            elif tok2 == ")":
                depth -= 1
                if depth == 0:
                    break
            if tok2 == "," and depth == 1:
                args.append([])
                continue
            args[-1].append(tok2)
        index = C_SETTERS[tok]
        if index < len(args) and len(args[index]) >= 1:
            words = literal_words(args[index][0])
            if words is not None:
                problem(f'{rel}:{line}: "{words}" is shown by {tok}() but not marked '
                        "for translation: wrap it in _()")


UI_PROPERTY = re.compile(r'<property name="(label|title|subtitle|tooltip-text|'
                         r'placeholder-text|description|text)"([^>]*)>([^<]*)</property>')


def check_ui_literals(rel, text):
    for m in UI_PROPERTY.finditer(text):
        name, attributes, value = m.groups()
        if 'translatable="yes"' in attributes or not WORDS.search(value):
            continue
        line = text.count("\n", 0, m.start()) + 1
        problem(f'{rel}:{line}: "{value}" ({name}) is shown but not translatable="yes"')


for rel in potfiles:
    path = os.path.join(root, rel)
    if not os.path.exists(path):
        continue   # check-potfiles.py says so
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if rel.endswith(".c"):
        check_cut_strings(rel, text)
        check_c_literals(rel, text)
    elif rel.endswith(".ui"):
        check_ui_literals(rel, text)

# ---- 4. each language ----


def unquote(text):
    # A PO string is a C string literal.
    return text[1:-1].encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def read_catalogue(path):
    """{(msgctxt, msgid): translated} of the entries of a .po or .pot file that are
    translated (all msgstr non-empty) and not fuzzy; obsolete (#~) entries are left out."""
    result = {}
    entry = {}
    field = None

    def finish():
        if "msgid" in entry and entry["msgid"] != "":
            strs = [v for k, v in entry.items() if k.startswith("msgstr")]
            translated = bool(strs) and all(strs) and not entry.get("fuzzy")
            result[(entry.get("msgctxt"), entry["msgid"])] = translated
        entry.clear()

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#~") or line == "":
                continue
            if line.startswith("#,"):
                if entry.get("msgid") is not None and field is not None:
                    finish()
                if "fuzzy" in line:
                    entry["fuzzy"] = True
                continue
            if line.startswith("#"):
                continue
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
            if m:
                key, value = m.groups()
                if key in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in entry):
                    finish()
                field = key
                entry[field] = unquote(value)
            elif line.startswith('"') and field is not None:
                entry[field] += unquote(line)
    finish()
    return result


template = list(read_catalogue(pot))

STATISTICS = re.compile(r"(\d+) (translated message|fuzzy translation|untranslated message)")

for lang in languages:
    po = os.path.join(po_dir, f"{lang}.po")
    if not os.path.exists(po):
        problem(f"po/LINGUAS lists {lang} but po/{lang}.po is missing")
        continue
    run = subprocess.run([msgfmt, "--check", "--statistics", "-o", os.devnull, po],
                         capture_output=True, text=True)
    counts = {kind: int(n) for n, kind in STATISTICS.findall(run.stderr)}
    if run.returncode != 0:
        for line in run.stderr.splitlines():
            if not STATISTICS.search(line):
                problem(f"msgfmt --check po/{lang}.po: {line}")
        problem(f"po/{lang}.po: msgfmt --check failed")
    if counts.get("fuzzy translation", 0) > 0:
        problem(f"po/{lang}.po: {counts['fuzzy translation']} fuzzy entries "
                "(check them and remove the fuzzy flag)")
    if counts.get("untranslated message", 0) > 0:
        problem(f"po/{lang}.po: {counts['untranslated message']} untranslated entries")
    # Every message of the template is in the catalogue, translated and not fuzzy.
    entries = read_catalogue(po)
    missing = [key for key in template if key not in entries]
    for msgctxt, msgid in missing[:40]:
        where = f" (context {msgctxt})" if msgctxt is not None else ""
        problem(f"po/{lang}.po: no translation of \"{msgid}\"{where}")
    if len(missing) > 40:
        problem(f"po/{lang}.po: ... and {len(missing) - 40} more strings of the template")
    print(f"po/{lang}.po: {counts.get('translated message', 0)} translated")

for name in os.listdir(tmp):
    os.unlink(os.path.join(tmp, name))
os.rmdir(tmp)
print("check-po: %d files, %d languages, %d problems" % (len(potfiles), len(languages),
                                                         len(problems)))
sys.exit(1 if problems else 0)
