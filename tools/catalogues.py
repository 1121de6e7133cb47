"""The gettext catalogues of lossnotes: extract, update, compile, check (Babel).

Usage (from the repository root; ``make catalogues`` runs the default, all three steps):

    python tools/catalogues.py            # extract + update + compile
    python tools/catalogues.py extract    # lossnotes/**/*.py -> lossnotes/locale/lossnotes.pot
    python tools/catalogues.py update     # .pot -> lossnotes/locale/zh/LC_MESSAGES/lossnotes.po (keeps translations)
    python tools/catalogues.py compile    # .po -> .mo (what lossnotes reads)
    python tools/catalogues.py check      # exit 1 if the .pot is stale, a message has no Chinese,
                                          # a placeholder differs, or the .mo is not the compiled .po

Marked messages are the arguments of ``_()``, ``N_()`` and ``ngettext()`` in ``lossnotes/``
(see :mod:`lossnotes.i18n`), and of ``t()`` in the explorers' ES modules (``lossnotes/widgets/js/``,
exported for JavaScript by ``tools/build_js.py``).  A translator edits only the ``.po``: new messages appear there
with an empty ``msgstr`` after ``update``; fill it in, keep every ``{placeholder}``, run
``make catalogues``.  Fuzzy (guessed) entries count as untranslated until the ``#, fuzzy``
flag is removed.  Dates in the headers are fixed so that re-running changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import string
import sys
from pathlib import Path

from babel.messages import Catalog, mofile, pofile
from babel.messages.extract import extract_from_dir

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lossnotes"
LOCALE = PACKAGE / "locale"
POT = LOCALE / "lossnotes.pot"
LANGUAGES = ("zh",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
# The explorers' ES modules (lossnotes/widgets/js/) mark their labels with t("…") (N_("…") where a message is only named, translated later).
JS_SOURCES = PACKAGE / "widgets" / "js"
JS_KEYWORDS = {"t": None, "N_": None}
FIXED_DATE = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
WIDTH = 100


def po_path(lang):
    return LOCALE / lang / "LC_MESSAGES" / "lossnotes.po"


def mo_path(lang):
    return po_path(lang).with_suffix(".mo")


def extracted():
    """A fresh template catalogue from the package source."""
    catalog = Catalog(project="lossnotes", version="0.1", copyright_holder="lossnotes",
                      creation_date=FIXED_DATE, revision_date=FIXED_DATE, charset="utf-8")
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    ):
        catalog.add(message, None, [(f"lossnotes/{filename}", None)], auto_comments=comments, context=context)
    for filename, message, comments in _js_extracted():
        catalog.add(message, None, [(f"lossnotes/widgets/js/{filename}", None)], auto_comments=comments)
    return catalog


def _js_extracted():
    """(file, message, comments) of the ``t("…")`` calls in the explorers' ES modules."""
    for filename, lineno, message, comments, context in extract_from_dir(
        str(JS_SOURCES), [("**.js", "javascript")], keywords=JS_KEYWORDS,
        comment_tags=("TRANSLATORS:",), strip_comment_tags=True,
    ):
        yield filename, message, comments


def js_messages():
    """The set of messages the ES modules translate (tools/build_js.py exports them for JS)."""
    return {message for _, message, _ in _js_extracted()}


def dumps_po(catalog, **kw):
    buf = io.BytesIO()
    pofile.write_po(buf, catalog, width=WIDTH, sort_output=True, **kw)
    return buf.getvalue()


def dumps_mo(catalog):
    buf = io.BytesIO()
    mofile.write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def read_po(path, locale=None):
    with open(path, "rb") as f:
        return pofile.read_po(f, locale=locale)


def updated(lang, template):
    """The language's catalogue updated to ``template`` (translations kept, obsolete ones dropped)."""
    path = po_path(lang)
    if path.exists():
        catalog = read_po(path, locale=lang)
    else:
        catalog = Catalog(locale=lang, project="lossnotes", version="0.1", charset="utf-8",
                          creation_date=FIXED_DATE, revision_date=FIXED_DATE)
    # No fuzzy matching: Babel's guesses from similar messages ("loss" -> the Chinese of "class") are
    # wrong more often than right here; a new message arrives with an empty msgstr instead.
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    catalog.fuzzy = False
    catalog.header_comment = ("# Simplified Chinese messages of lossnotes (edit the msgstr lines; keep every {placeholder}).\n"
                              "# Then run `make catalogues`. Distributed under the same licence as lossnotes.")
    catalog.revision_date = FIXED_DATE
    catalog.creation_date = FIXED_DATE
    catalog.language_team = "lossnotes translators"
    catalog.last_translator = "lossnotes translators"
    return catalog


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}: written")


def cmd_extract():
    _write(POT, dumps_po(extracted(), omit_header=False))


def cmd_update():
    template = read_po(POT)
    for lang in LANGUAGES:
        _write(po_path(lang), dumps_po(updated(lang, template)))


def cmd_compile():
    for lang in LANGUAGES:
        _write(mo_path(lang), dumps_mo(read_po(po_path(lang), locale=lang)))


def _fields(text):
    try:
        return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)
    except ValueError:
        return ["<unbalanced braces>"]


def problems():
    """Everything wrong with the catalogues, as lines of text (empty when all is well)."""
    out = []
    fresh = dumps_po(extracted())
    if not POT.exists() or POT.read_bytes() != fresh:
        out.append(f"{POT.relative_to(ROOT)} is stale: the source has new or changed messages")
    template = pofile.read_po(io.BytesIO(fresh))
    wanted = {m.id for m in template if m.id}
    for lang in LANGUAGES:
        path = po_path(lang)
        if not path.exists():
            out.append(f"{path.relative_to(ROOT)} is missing")
            continue
        catalog = read_po(path, locale=lang)
        have = {m.id: m for m in catalog if m.id}
        for msgid in sorted(wanted, key=str):
            m = have.get(msgid)
            shown = msgid if isinstance(msgid, str) else msgid[0]
            if m is None:
                out.append(f"{lang}: not in the .po (run `make catalogues`): {shown!r}")
                continue
            strings = m.string if isinstance(m.string, (list, tuple)) else [m.string]
            if m.fuzzy or not all(strings):
                out.append(f"{lang}: no translation{' (fuzzy)' if m.fuzzy else ''}: {shown!r}")
                continue
            ids = msgid if isinstance(msgid, tuple) else (msgid,)
            if any(_fields(s) != _fields(ids[0]) for s in strings):
                out.append(f"{lang}: placeholders differ: {shown!r} -> {strings[0]!r}")
        for msgid in sorted(set(have) - wanted, key=str):
            out.append(f"{lang}: no longer in the source (run `make catalogues`): {msgid!r}")
        mo = mo_path(lang)
        if not mo.exists() or mo.read_bytes() != dumps_mo(catalog):
            out.append(f"{mo.relative_to(ROOT)} is not the compiled .po (run `make catalogues`)")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", default="all", choices=["all", "extract", "update", "compile", "check"])
    args = parser.parse_args(argv)
    if args.command in ("all", "extract"):
        cmd_extract()
    if args.command in ("all", "update"):
        cmd_update()
    if args.command in ("all", "compile"):
        cmd_compile()
    found = problems() if args.command in ("all", "check") else []
    if found:
        print("catalogue problems:", file=sys.stderr)
        for line in found:
            print(f"  {line}", file=sys.stderr)
        return 1 if args.command == "check" else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
