#!/usr/bin/python3
# Checks that the command-line programs speak the user's language: in plenumctl
# (app/ctl/*.c) and in plenum-server's console code (server/main.c and the backup and
# import files it reports from), every string literal with a letter in it that reaches a
# person — printed (printf, fprintf, fputs, g_print, g_printerr), put into an error
# (g_set_error, g_error_new, g_prefix_error), said by plenumctl's own helpers
# (plenum_ctl_complain, the "what" of plenum_ctl_exit_for_error and its kin, a command's
# summary) or shown by --help (a GOptionEntry's description) — is inside _(), N_(),
# ngettext() or C_().
#
# A literal counts when it stands at the top level of such an argument (also as a branch
# of ?:); literals inside other calls there (JSON keys given to plenum_ctl_member_string)
# are data, not words. The deliberate exceptions are in ALLOWED below, each with the
# reason.
#
# Usage: check-console-strings.py SOURCE_ROOT [FILE…]   (files relative to the root;
# default: the files above)
#
# Copyright 2026 The Plenum developers
# SPDX-License-Identifier: GPL-3.0-or-later
import glob
import os
import re
import sys

root = sys.argv[1]
if len(sys.argv) > 2:
    files = sys.argv[2:]
else:
    files = sorted(os.path.relpath(p, root)
                   for p in glob.glob(os.path.join(root, "app", "ctl", "*.c")))
    files += ["server/main.c", "server/plenum-server-backup.c",
              "server/plenum-server-import.c"]

# The calls, and which of their arguments (from 0) a person reads; None: all of them.
CALLS = {
    "printf": None,
    "g_print": None,
    "g_printerr": None,
    "puts": [0],
    "fputs": [0],
    "fprintf": None,
    "g_fprintf": None,
    "g_set_error": None,
    "g_set_error_literal": [3],
    "g_error_new": None,
    "g_error_new_literal": [2],
    "g_prefix_error": None,
    "g_option_context_set_summary": [1],
    "g_option_context_set_description": [1],
    "plenum_ctl_complain": None,
    "plenum_ctl_exit_for_error": [1],
    "plenum_ctl_request_retrying": [5],
    "plenum_ctl_upload_missing": [1],
    # The first argument is the usage line's parameters (NAME, MEETING_ID …): names of
    # arguments, kept as they are in every language like the commands and options.
    "plenum_ctl_parse_options": [1],
    "plenum_ctl_read_secret": [0],
    # Sentences made first and printed later ("Unlocked %s.").
    "g_strdup_printf": [0],
    "g_option_context_new": [0],
    # The backup's error helpers (server/plenum-server-backup.c): "Cannot open %s".
    "set_errno_error": [2],
    "set_sqlite_error": [2],
    # plenumctl's helpers taking words: a PIN prompt and what it is, a document's change.
    "read_new_pin": [0, 1],
    "document_post": [4, 5],
}
MARKERS = {"_", "N_", "C_", "NC_", "ngettext", "g_dngettext", "Q_"}

# Deliberate exceptions: (file or None for every file, the literal's text).
ALLOWED = {
    # Tests, scripts and docs/deploy.md read the port from this line (DESIGN.md: "its
    # first line on stdout … is `plenum-server: listening on URL`"): it stays English.
    ("server/main.c", "plenum-server: listening on %s\\n"),
    # Program names before a message: names, not words.
    (None, "plenumctl: %s\\n"),
    (None, "plenum-server: %s\\n"),
    (None, "plenumctl %s"),
    (None, "plenumctl %s %s"),
    # Places in a JSON document, SQL, and the names of generated test accounts.
    ("app/ctl/plenum-ctl-agenda.c", "meeting.agenda[%u]"),
    ("app/ctl/plenum-ctl-agenda.c", "%s.documents[%u]"),
    ("server/plenum-server-backup.c", 'SELECT count(*) FROM \\"%s\\" WHERE \\"%s\\" IS NULL'),
    ("server/main.c", "bench.member.%05u"),
    # An audit line's "method path → status": the protocol's own words.
    (None, "%-6s"),
    # A placeholder for an absent value in a table ("-", "?") has no letter; these are
    # JSON values shown as the server sent them.
    (None, "json"),
    (None, "pdf"),
}
# plenumctl's commands (docs/plenumctl.md) stand before a colon in its messages, as the
# user typed them ("sign-in: …"): names, not words. A literal that is only one of them
# (with its sub-command), or one followed by ": %s" (the message from elsewhere), is not
# translated.
COMMAND = re.compile(r"(sign-in|sign-out|publish|terminals|enrol|revoke|pin( set| unlock| "
                     r"change)?|meetings|meeting( create| edit)?|status|item( add| edit| "
                     r"remove| move)?|attach|revise|retract|retire|opinion( open| list)?|"
                     r"clearance|wipe|unlock-terminal|sessions( revoke)?|lease|record|audit|"
                     r"import-oparl|terminal-config)")

TOKEN = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|/\*.*?\*/|//[^\n]*'
                   r'|^[ \t]*#[^\n]*|[A-Za-z_][A-Za-z0-9_]*|\s+|.', re.S | re.M)
# printf conversions and C escapes carry letters that are not words.
FORMAT = re.compile(r"%[-+ #0-9.*'lhzjtqL]*[diouxXeEfFgGcsp%]|%|\\[ntr\\\"']")
WORDS = re.compile(r"[^\W\d_]", re.U)


def tokens(text):
    line = 1
    for m in TOKEN.finditer(text):
        tok = m.group(0)
        if not tok.isspace() and not tok.startswith(("/*", "//", "#")):
            yield tok, line
        line += tok.count("\n")


def is_words(literal):
    body = FORMAT.sub("", literal[1:-1])
    return WORDS.search(body) is not None


def split_arguments(toks, start):
    """The arguments of the call whose "(" is toks[start]: lists of (token, line)."""
    depth = 0
    args = [[]]
    for tok, line in toks[start:]:
        if tok in "([{":
            depth += 1
            if depth == 1:
                continue
        elif tok in ")]}":
            depth -= 1
            if depth == 0:
                break
        if tok == "," and depth == 1:
            args.append([])
            continue
        args[-1].append((tok, line))
    return args


def unmarked_literals(arg):
    """Literal runs at the top level of @arg (not inside any call's parentheses, so not
    inside a marker either): [(text, line)]. Adjacent literals are one string, as the
    compiler joins them (a macro between them, G_GINT64_FORMAT, joins them too)."""
    found = []
    depth = 0
    run = None
    for i, (tok, line) in enumerate(arg):
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        if depth == 0 and tok.startswith('"'):
            if run is None:
                run = [tok[1:-1], line]
            else:
                run[0] += tok[1:-1]
            continue
        if depth == 0 and run is not None and re.fullmatch(r"G_G[A-Z0-9]*_FORMAT", tok):
            continue
        if run is not None:
            found.append(tuple(run))
            run = None
    if run is not None:
        found.append(tuple(run))
    return found


problems = []


def check(rel, text):
    toks = list(tokens(text))
    for i, (tok, line) in enumerate(toks):
        if i + 1 >= len(toks) or toks[i + 1][0] != "(":
            continue
        if tok in CALLS and (i == 0 or toks[i - 1][0] not in (".", "->")):
            args = split_arguments(toks, i + 1)
            indices = CALLS[tok]
            if indices is None:
                indices = range(len(args))
            for index in indices:
                if index >= len(args):
                    continue
                for literal, where in unmarked_literals(args[index]):
                    report(rel, where, literal, f"{tok}()")
    # A GOptionEntry's description (the field after the argument's address) is shown
    # by --help: { "name", 'n', flags, G_OPTION_ARG_…, &variable, N_("…"), "ARG" }.
    for i, (tok, line) in enumerate(toks):
        if not tok.startswith("G_OPTION_ARG_"):
            continue
        # Back to the entry's "{", then its fields.
        j = i
        while j > 0 and toks[j][0] != "{":
            j -= 1
        fields = split_arguments(toks, j)
        if len(fields) >= 6:
            for literal, where in unmarked_literals(fields[5]):
                report(rel, where, literal, "a GOptionEntry's description")


def report(rel, line, literal, where):
    if not is_words('"' + literal + '"'):
        return
    # A request's path ("/api/v1/meetings/%s") is protocol.
    if literal.startswith("/api/"):
        return
    if (rel, literal) in ALLOWED or (None, literal) in ALLOWED:
        return
    if COMMAND.fullmatch(re.sub(r"(: %s)+$", "", literal)):
        return
    problems.append(f'{rel}:{line}: "{literal}" ({where}) is shown but not marked for '
                    "translation: wrap it in _() (N_() in a static table, ngettext() for "
                    "a count)")
    print(problems[-1])


for rel in files:
    with open(os.path.join(root, rel), encoding="utf-8") as f:
        check(rel, f.read())
print("check-console-strings: %d files, %d problems" % (len(files), len(problems)))
sys.exit(1 if problems else 0)
