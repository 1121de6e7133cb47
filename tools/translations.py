"""The Chinese edition: build notebooks/zh/ from notebooks/ + translations/zh/, and check it is in sync.

Usage (from the repository root; translations/README.md has the translator's workflow):

    python tools/translations.py report [NAME ...]     # per notebook: current / stale / missing cells
    python tools/translations.py skeleton [NAME ...]   # add TODO entries (English text) for missing cells
    python tools/translations.py build [NAME ...]      # write notebooks/zh/NAME.ipynb (then execute them)
    python tools/translations.py check [--partial]     # exit 1 on stale / missing / orphaned entries,
                                                       # code that differs beyond comments and strings,
                                                       # English prose left in a Chinese code cell,
                                                       # or a notebooks/zh/ that `build` would change

NAME is a notebook stem such as ``00_start_here`` (default: every notebook in notebooks/).

One translation file per notebook, ``translations/zh/<stem>.md``, plain Markdown a translator
can read and edit.  Each entry starts with a marker line naming the English cell's id and the
first 12 hex digits of the SHA-256 of the English source it was translated from:

    <!-- cell: 4e762854 en-sha: 1f0c2a9e77b3 -->
    # 00 · 从这里开始 ……

Everything up to the next marker is the Chinese Markdown of that cell.  A code cell may have an
entry too (``<!-- code: ID en-sha: HASH -->`` followed by one fenced ```python block) when its
comments or string literals are translated; nothing else in the code may differ.  Code cells
without an entry are copied.  Either way the Chinese code cell must not show English prose: a
comment or string literal with no Chinese in it that reads as English sentences (see
:func:`english_prose`) is reported by ``check``; a string that must stay English (data, an English
quotation) is kept by a comment ``# 保留英文`` on its line.  An entry whose marker ends in ``TODO`` (what ``skeleton`` writes,
with the English text as a placeholder) counts as missing.  When the English cell changes, its
hash no longer matches: the entry is *stale* until a translator updates the text and the hash.

Links to the bilingual glossary (``../glossary.md``) become links to the Chinese glossary beside
the notebook (``glossary.md``, built by tools/glossary.py).  ``check`` of every notebook also checks
that glossary (``python tools/glossary.py --check``).

Generated cells (metadata ``lossnotes.generated``: header, footer, install cell) have no entries:
tools/navigation.py writes their Chinese flavour.  Outputs come from executing the built notebooks
(``tools/execute_notebooks.py notebooks/zh/NAME.ipynb``); ``build`` keeps a cell's stored outputs
while its source is unchanged, and ``check`` ignores outputs.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import io
import re
import sys
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import navigation  # noqa: E402  (tools/navigation.py, the one generator of navigation cells)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LANG = "zh"
OUT = NOTEBOOKS / LANG
TRANSLATIONS = ROOT / "translations" / LANG
CATALOGUE = ROOT / "lossnotes" / "locale" / LANG / "LC_MESSAGES" / "lossnotes.po"  # the package's Chinese messages
MARKER_RE = re.compile(r"^<!-- (cell|code): (\S+) en-sha: ([0-9a-f]{12})( TODO)? -->[ \t]*$", re.M)
FENCE_RE = re.compile(r"\A```[a-z]*\n(.*?)\n?```\s*\Z", re.S)
HEADER = (
    "<!-- Chinese translation of notebooks/{name}.ipynb. Edit the text under each marker; after\n"
    "     translating the current English cell, set en-sha to the value `translations.py report -v` shows.\n"
    "     Workflow: translations/README.md. -->\n"
)


def sha(text):
    """First 12 hex digits of the SHA-256 of ``text`` (UTF-8): the version of an English cell."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass
class Entry:
    kind: str  # "cell" (markdown) or "code"
    cell_id: str
    en_sha: str
    text: str
    todo: bool = False


@dataclass
class Status:
    name: str
    current: list = field(default_factory=list)
    stale: list = field(default_factory=list)  # (cell id, why)
    missing: list = field(default_factory=list)
    orphaned: list = field(default_factory=list)
    code: list = field(default_factory=list)  # (cell id, why)
    english: list = field(default_factory=list)  # (cell id, the English text) in Chinese code cells

    @property
    def ok(self):
        return not (self.stale or self.missing or self.orphaned or self.code or self.english)


# --- translation files ------------------------------------------------------------------------
def translation_path(name):
    return TRANSLATIONS / f"{name}.md"


def parse(text):
    """The entries of a translation file, in order, as ``{cell id: Entry}``."""
    entries = {}
    matches = list(MARKER_RE.finditer(text))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[m.end():end].strip("\n").rstrip()
        kind, cell_id = m.group(1), m.group(2)
        if kind == "code":
            fenced = FENCE_RE.match(body.strip())
            if fenced is None:
                raise ValueError(f"code entry {cell_id}: expected one fenced ```python block")
            body = fenced.group(1)
        if cell_id in entries:
            raise ValueError(f"cell {cell_id} has two entries")
        entries[cell_id] = Entry(kind, cell_id, m.group(3), body, bool(m.group(4)))
    return entries


def format_entry(entry):
    todo = " TODO" if entry.todo else ""
    body = f"```python\n{entry.text}\n```" if entry.kind == "code" else entry.text
    return f"<!-- {entry.kind}: {entry.cell_id} en-sha: {entry.en_sha}{todo} -->\n{body}\n"


def read_entries(name):
    path = translation_path(name)
    return parse(path.read_text(encoding="utf-8")) if path.exists() else None


# --- notebooks --------------------------------------------------------------------------------
def english(name):
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def names():
    return sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))


def translatable(nb):
    """The English cells that need (markdown) or may have (code) an entry, in order."""
    return [c for c in nb.cells if not navigation.generated_kind(c) and c.cell_type in ("markdown", "code")]


def _tokens(source):
    """Code tokens with comments dropped and string contents blanked (None if it does not tokenize)."""
    lines = [("pass  # " + line) if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    out = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            if tok.type in (tokenize.COMMENT, tokenize.NL):
                continue
            if tok.type == tokenize.STRING:
                prefix = re.match(r"[A-Za-z]*", tok.string).group(0)
                out.append((tok.type, prefix + "<str>"))
            elif tok.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
                out.append((tok.type, "<str>"))
            else:
                out.append((tok.type, tok.string))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    magics = [line.strip() for line in source.splitlines() if line.lstrip().startswith(("%", "!"))]
    return out, magics


def code_difference(en_source, zh_source):
    """Why ``zh_source`` differs from ``en_source`` beyond comments and string literals, or None."""
    a, b = _tokens(en_source), _tokens(zh_source)
    if a is None or b is None:
        return None if en_source == zh_source else "does not tokenize; must then be identical"
    if a[1] != b[1]:
        return "a magic or shell line differs"
    for (ta, sa), (tb, sb) in zip(a[0], b[0]):
        if (ta, sa) != (tb, sb):
            return f"code differs: {sa!r} (English) vs {sb!r}"
    if len(a[0]) != len(b[0]):
        return "code differs: different number of tokens"
    return None


# --- English prose left in Chinese code ------------------------------------------------------
# A Chinese code cell may keep identifiers, formulas, units and names in English, but its comments
# and printed strings must not be English sentences.  The heuristic, per comment or string literal
# with no Chinese character: drop f-string/format placeholders {…}, $math$, `code`, URLs and
# escapes; count the remaining English words, not counting identifiers (a word joined to "_", ".",
# "(", "[" or "="), all-caps abbreviations (KL, MSE), capitalised words inside a sentence (names:
# Hinton, PyTorch, Madrid) and the technical words below (units, functions, constants).  Prose is
# three or more such words, or two when one of them is a function word ("units of", "nats per").
# Strings such as "upper right" or "offset points" (matplotlib arguments) are two words with no
# function word, and pass.  A string that is exactly a message of the package's catalogue
# (lossnotes.po) is a key that lossnotes shows translated (unit="units of y", a readout's unit), and
# passes, except where it is shown directly: print(...), set_title/xlabel/ylabel(...), label=...  A line whose
# comment says 保留英文 ("keep English") is exempt.
KEEP_ENGLISH = "保留英文"
HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
TECHNICAL_WORDS = frozenset("""
    bit bits nat nats hartley hartleys byte bytes log ln exp lse logsumexp softmax logit logits sigmoid tanh relu
    sum mean max min argmax argmin inf nan none true false np eps dtype float int str len abs sqrt var std
    kl js ce mse mae bce id vs etc et al px pt dpi ok utf ascii tol rtol atol
""".split())
FUNCTION_WORDS = frozenset("""
    a an the of in on at to for from by with without per and or not no is are was were be been being it its this
    that these those than then as if so but your you we our their there here each every all any one two how what
    which who when where why do does did has have had can could would should will may might must into onto over
    under between about after before only also just same other more less most least very
""".split())
_WORD_RE = re.compile(r"(?<![\w.\\/@#$%])[A-Za-z][A-Za-z']*[A-Za-z](?![\w(\[=]|\.\w)")
_STRING_RE = re.compile(r"(?is)^[a-z]*('''|\"\"\"|'|\")(.*)\1$")


def _prose_words(text):
    """The English words of ``text`` that count as prose (see the comment above)."""
    t = re.sub(r"https?://\S+|\$[^$]*\$|`[^`]*`|\\[A-Za-z]+|%[-+ #0-9.]*[a-zA-Z]", " ", text)
    while True:
        u = re.sub(r"\{[^{}]*\}", " ", t)
        if u == t:
            break
        t = u
    words = []
    for m in _WORD_RE.finditer(t):
        w = m.group(0)
        bare = w.lower().removesuffix("'s")
        if bare in TECHNICAL_WORDS or sum(c.isupper() for c in w) > 1:
            continue
        before = t[:m.start()]
        sentence_start = re.search(r"(^|[.!?:;])\W*$", before) is not None
        if w[0].isupper() and not sentence_start and bare not in FUNCTION_WORDS:
            continue  # a name inside a sentence
        words.append(w)
    return words


def is_english_prose(text):
    """True if a comment or string literal (its text, without quotes or ``#``) reads as English prose.

    >>> is_english_prose("replace None with your answer"), is_english_prose("units of y")
    (True, True)
    >>> is_english_prose("upper right"), is_english_prose("把 None 换成你的答案")
    (False, False)
    >>> is_english_prose("KL(p||q) = {kl:.4f} bits"), is_english_prose("Hinton et al. 2015")
    (False, False)
    """
    if HAN_RE.search(text):
        return False
    words = _prose_words(text)
    return len(words) >= 3 or (len(words) == 2 and any(w.lower() in FUNCTION_WORDS for w in words))


#: Calls and keywords that show a string as it is (no catalogue lookup): an English string there is English.
SHOWN_BY = frozenset({"print", "set_title", "set_xlabel", "set_ylabel", "suptitle", "supxlabel", "supylabel", "text",
                      "annotate", "title", "xlabel", "ylabel", "label", "caption", "hint", "explanation", "format"})


def catalogue_messages():
    """The English messages of the package's Chinese catalogue (shown translated by lossnotes)."""
    po = CATALOGUE
    if not po.exists():
        return frozenset()
    found = set()
    for m in re.finditer(r'^msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)', po.read_text(encoding="utf-8"), re.M):
        parts = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))
        found.add("".join(parts).encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8"))
    return frozenset(found)


def english_prose(source, exempt=frozenset()):
    """The comments and string literals of a code cell that are English prose: ``[(line, text)]``.

    Strings in ``exempt`` (the catalogue's messages) pass unless shown directly (:data:`SHOWN_BY`).
    """
    lines = ["pass" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    pieces, keep, previous = [], set(), ["", ""]
    try:
        for tok in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            if tok.type in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
                continue
            translated_key = not (previous[1] in ("(", "=") and previous[0] in SHOWN_BY)
            if tok.type != tokenize.COMMENT:
                previous = [previous[1], tok.string]
            if tok.type == tokenize.COMMENT:
                text = tok.string.lstrip("#").strip()
                if KEEP_ENGLISH in text:
                    keep.add(tok.start[0])
                pieces.append((tok.start[0], text, tok.string))
            elif tok.type == tokenize.STRING:
                m = _STRING_RE.match(tok.string)
                if m and translated_key and m.group(2) in exempt:
                    continue
                pieces.append((tok.start[0], m.group(2) if m else tok.string, tok.string))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []
    return [(line, shown) for line, text, shown in pieces if line not in keep and is_english_prose(text)]


def status(name):
    """Compare notebooks/NAME.ipynb with translations/zh/NAME.md."""
    st = Status(name)
    entries = read_entries(name) or {}
    cells = translatable(english(name))
    ids = set()
    for cell in cells:
        ids.add(cell.id)
        entry = entries.get(cell.id)
        h = sha(cell.source)
        if cell.cell_type == "code":
            zh_source = entry.text if entry is not None and entry.kind == "code" and not entry.todo else cell.source
            st.english += [(cell.id, text) for _line, text in english_prose(zh_source, catalogue_messages())]
            if entry is None:
                continue
            if entry.kind != "code":
                st.stale.append((cell.id, "entry is markdown but the cell is code"))
            elif entry.todo:
                st.missing.append(cell.id)
            elif entry.en_sha != h:
                st.stale.append((cell.id, f"English code changed (en-sha {entry.en_sha} → {h})"))
            else:
                why = code_difference(cell.source, entry.text)
                (st.code.append((cell.id, why)) if why else st.current.append(cell.id))
            continue
        if cell.cell_type != "markdown":
            continue
        if entry is None or entry.todo or not entry.text.strip():
            st.missing.append(cell.id)
        elif entry.kind != "cell":
            st.stale.append((cell.id, "entry is code but the cell is markdown"))
        elif entry.en_sha != h:
            st.stale.append((cell.id, f"English changed (en-sha {entry.en_sha} → {h})"))
        else:
            st.current.append(cell.id)
    st.orphaned = [cid for cid in entries if cid not in ids]
    return st


# --- build ------------------------------------------------------------------------------------
def built(name):
    """The Chinese notebook as ``build`` writes it (text), keeping stored outputs of unchanged cells."""
    nb = english(name)
    entries = read_entries(name) or {}
    out_path = OUT / f"{name}.ipynb"
    old = {}
    if out_path.exists():
        old = {c.id: c for c in nbformat.read(out_path, as_version=4).cells}
    zh = copy.deepcopy(nb)
    for cell in zh.cells:
        if navigation.generated_kind(cell):
            continue
        entry = entries.get(cell.id)
        if entry is not None and not entry.todo and entry.text.strip():
            cell.source = entry.text
        if cell.cell_type == "markdown":
            cell.source = zh_glossary_links(cell.source)
        if cell.cell_type == "code":
            prev = old.get(cell.id)
            if prev is not None and prev.cell_type == "code" and prev.source == cell.source:
                cell.outputs, cell.execution_count = prev.outputs, prev.execution_count
            else:
                cell.outputs, cell.execution_count = [], None
    navigation.apply(zh, out_path)
    for cell in zh.cells:  # the regenerated install cell keeps the outputs of the stored Chinese one
        if navigation.generated_kind(cell) == navigation.INSTALL:
            prev = old.get(cell.id)
            same = prev is not None and prev.source == cell.source
            cell.outputs = prev.outputs if same else []
            cell.execution_count = prev.execution_count if same else None
    zh.metadata.setdefault("language_info", {})
    zh.metadata["lossnotes"] = {"language": LANG, "source": f"notebooks/{name}.ipynb"}
    text = nbformat.writes(zh)
    return text if text.endswith("\n") else text + "\n"


GLOSSARY_LINK_RE = re.compile(r"\]\(\.\./glossary\.md([#)])")


def zh_glossary_links(markdown):
    """Links to the bilingual ``../glossary.md`` point at the Chinese glossary beside the notebook, once it exists."""
    if not (OUT / "glossary.md").exists():
        return markdown
    return GLOSSARY_LINK_RE.sub(r"](glossary.md\1", markdown)


def _without_outputs(text):
    nb = nbformat.reads(text, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("widgets", None)
    return nbformat.writes(nb)


def cmd_build(selected):
    OUT.mkdir(parents=True, exist_ok=True)
    for name in selected:
        if read_entries(name) is None:
            print(f"{name}: no translations/zh/{name}.md (run `skeleton` first); skipped")
            continue
        path = OUT / f"{name}.ipynb"
        text = built(name)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: written (execute it: tools/execute_notebooks.py {path.relative_to(ROOT)})")
    return 0


# --- skeleton, report, check --------------------------------------------------------------------
def cmd_skeleton(selected):
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for name in selected:
        entries = read_entries(name) or {}
        parts = [HEADER.format(name=name)]
        added = 0
        used = set()
        for cell in translatable(english(name)):
            entry = entries.get(cell.id)
            used.add(cell.id)
            if entry is None and cell.cell_type == "markdown":
                entry = Entry("cell", cell.id, sha(cell.source), cell.source, todo=True)
                added += 1
            if entry is not None:
                parts.append(format_entry(entry))
        for cid, entry in entries.items():  # orphans kept at the end, for the translator to reuse or delete
            if cid not in used:
                parts.append(format_entry(entry))
        translation_path(name).write_text("\n".join(parts), encoding="utf-8")
        print(f"translations/zh/{name}.md: {added} TODO entr{'y' if added == 1 else 'ies'} added")
    return 0


def cmd_report(selected, verbose=False):
    print(f"{'notebook':34} {'current':>7} {'stale':>5} {'missing':>7} {'orphaned':>8}")
    for name in selected:
        st = status(name)
        note = "" if translation_path(name).exists() else "  (no translation file)"
        print(f"{name:34} {len(st.current):7} {len(st.stale):5} {len(st.missing):7} {len(st.orphaned):8}{note}")
        if verbose:
            cells = {c.id: c for c in translatable(english(name))}
            for cid, why in st.stale + st.code:
                print(f"    stale    {cid}  {why}; current en-sha: {sha(cells[cid].source)}")
            for cid in st.missing:
                print(f"    missing  {cid}  en-sha: {sha(cells[cid].source)}")
            for cid in st.orphaned:
                print(f"    orphaned {cid}  (no such English cell any more)")
            for cid, text in st.english:
                print(f"    english  {cid}  {text}")
    return 0


def problems(selected, partial=False):
    out = []
    for name in selected:
        if partial and not translation_path(name).exists():
            continue
        try:
            st = status(name)
        except ValueError as exc:
            out.append(f"{name}: translation file unreadable: {exc}")
            continue
        out += [f"{name}: stale {cid}: {why}" for cid, why in st.stale]
        out += [f"{name}: missing {cid}" for cid in st.missing]
        out += [f"{name}: orphaned {cid} (no such English cell)" for cid in st.orphaned]
        out += [f"{name}: code {cid}: {why}" for cid, why in st.code]
        out += [f"{name}: English in code {cid}: {text} (translate it, or mark the line # {KEEP_ENGLISH})"
                for cid, text in st.english]
        path = OUT / f"{name}.ipynb"
        if not path.exists():
            out.append(f"{name}: notebooks/zh/{name}.ipynb missing (run `make zh`)")
        elif _without_outputs(path.read_text(encoding="utf-8")) != _without_outputs(built(name)):
            out.append(f"{name}: notebooks/zh/{name}.ipynb is not what `build` writes (run `make zh`, then execute it)")
    for path in sorted(OUT.glob("*.ipynb")):
        if not (NOTEBOOKS / path.name).exists():
            out.append(f"{path.relative_to(ROOT)} has no English notebook")
    return out


def cmd_check(selected, partial=False):
    found = problems(selected, partial)
    if set(selected) == set(names()):  # the whole edition: its glossary too (tools/glossary.py)
        import glossary

        found += glossary.problems()
    if found:
        print("Chinese edition out of sync (translations/README.md says how to fix it):", file=sys.stderr)
        for line in found:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"translations: {len(selected)} notebook(s) checked, all in sync")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["report", "skeleton", "build", "check"])
    parser.add_argument("names", nargs="*", help="notebook stems (default: all); a path works too")
    parser.add_argument("--partial", action="store_true",
                        help="check: skip notebooks that have no translation file yet (while the edition grows)")
    parser.add_argument("-v", "--verbose", action="store_true", help="report: list the cells and their en-sha")
    args = parser.parse_args(argv)
    selected = [Path(n).stem for n in args.names] or names()
    for name in selected:
        if not (NOTEBOOKS / f"{name}.ipynb").exists():
            parser.error(f"no notebook notebooks/{name}.ipynb")
    if args.command == "report":
        return cmd_report(selected, args.verbose)
    if args.command == "skeleton":
        return cmd_skeleton(selected)
    if args.command == "build":
        return cmd_build(selected)
    return cmd_check(selected, args.partial)


if __name__ == "__main__":
    sys.exit(main())
