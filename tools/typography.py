"""Typography of the Chinese edition, and Markdown that renders: the checks behind translations/README.md.

Usage (from the repository root; tests/test_typography.py and tests/test_markdown_render.py run it):

    python tools/typography.py                # every check on the Chinese edition; exit 1 on a violation
    python tools/typography.py FILE ...       # only these (.ipynb: markdown cells; .md: the file)
    python tools/typography.py --render       # only the CommonMark check, on both editions

Each Markdown text is parsed with markdown-it-py in CommonMark mode (plus tables), the way GitHub
and JupyterLab parse it, after the mathematics is set aside as JupyterLab does (``$…$``,
``$$…$$`` and ``\\[…\\]`` become an opaque placeholder such as ``@@0@@``).  Code spans, code blocks,
link targets and HTML attributes are therefore never checked.  The rules:

``literal-delimiter``  (both editions) a ``**`` or ``__`` left as text by the renderer: bold that does
                       not render.  CommonMark cannot close ``**`` right after punctuation when a letter
                       or a CJK character follows: write ``**练习 1.** 一个样本``, not ``**练习 1.**一个样本``.
``italic-cjk``         emphasis (``*中文*``, ``_中文_``, ``<em>``, ``<i>``) around Chinese text: Chinese
                       fonts have no italic and browsers slant the glyphs mechanically.  Use bold or nothing.
``line-break``         a line break inside a paragraph between two Chinese characters: GitHub and
                       JupyterLab show it as a space.  Keep each paragraph on one line.
``ratio``              a decrease written as "小了 400 倍" / "降低 N 倍": write "只有……的 1/400" or
                       "降到原来的 1/400".
``unit-in-latex``      a number and its unit inside inline mathematics (``$1\\text{ bit}$``, ``$3\\,\\text{比特}$``):
                       put the unit outside, ``$1$ 比特 $= \\ln 2$ 奈特``.  Other words in ``\\text{}``
                       are fine, and so is a unit in a display formula, under a root or in a subscript.
``percent``            a space before % (``98.6 %``) or a full-width ％: write ``98.6%``.
``thousands``          a number of five or more digits without thousands separators (``67702``) or with
                       spaces (``10 000``) in prose: write ``67,702``.
``term``               a term the conventions replace: 正向 KL → 前向 KL, 逻辑损失 → logistic 损失,
                       软目标 → 软标签.

Only Markdown is checked, never code or outputs.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ZH = NOTEBOOKS / "zh"

HAN = r"\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RE = re.compile(f"[{HAN}]")
# Display math first, then \[…\], then inline $…$ (JupyterLab's rule: no space just inside the dollars).
MATH_RE = re.compile(r"\$\$.*?\$\$|\\\[.*?\\\]|(?<![\\$])\$(?!\s)[^$\n]+?(?<![\s\\])\$(?!\d)", re.S)
PLACEHOLDER_RE = re.compile(r"@@(\d+)@@")
NUMBER = r"(?:@@\d+@@|\d[\d.,]*)"

RULES = ("literal-delimiter", "italic-cjk", "line-break", "ratio", "unit-in-latex", "percent", "thousands", "term")
LINE_BREAK_RE = re.compile(rf"[{HAN}，。、；：？！“”（）]\n[{HAN}“（]")
RATIO_RE = re.compile(
    rf"(?:小|少|低|短|轻|慢|弱|窄|减少|降低|缩小|下降|减小|压缩)了?\s*(?:约|大约|将近|近|足足)?\s*{NUMBER}\s*倍")
# A number followed by a unit in \text{} (or \mathrm{}) inside inline maths; display formulas may keep
# theirs (there is no "outside"), and a unit under a root or in a subscript is not "a number and a unit".
UNIT_IN_LATEX_RE = re.compile(
    r"[\d}]\s*(?:~|\\[,;: ]|\s)*\\(?:text|mathrm|textrm|mbox)\s*\{\s*(?:~|\\[,;: ]|\s)*"
    r"(?:bits?|nats?|hartleys?|bytes?|比特|奈特|哈特莱|字节)\s*\}")
PERCENT_RE = re.compile(rf"{NUMBER}[ \u00a0\u2009\u202f]+%|％")
THOUSANDS_RE = re.compile(r"(?<![\d.,@\w])(?:\d{5,}|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+)(?![\d@]|[.,]\d)")
TERMS = {r"正向\s*KL": "前向 KL", r"逻辑\s*损失": "logistic 损失", r"软目标": "软标签"}


@dataclass(frozen=True)
class Violation:
    where: str  # file (and cell id)
    rule: str
    excerpt: str

    def __str__(self):
        return f"{self.where}: {self.rule}: {self.excerpt}"


def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


_MD = None


def parse(markdown):
    """(markdown-it tokens of ``markdown`` with its maths set aside, the list of maths)."""
    global _MD
    if _MD is None:
        _MD = _parser()
    maths = []

    def keep(m):
        maths.append(m.group(0))
        return f"@@{len(maths) - 1}@@"

    return _MD.parse(MATH_RE.sub(keep, markdown)), maths


def _excerpt(text, start, end, width=24):
    s = text[max(0, start - width):end + width].replace("\n", " ")
    return s.strip()


def literal_delimiters(markdown):
    """The text runs in which the CommonMark renderer left a literal ``**`` or ``__`` (bold that failed)."""
    tokens, _maths = parse(markdown)
    found = []
    for tok in tokens:
        for child in tok.children or []:
            if child.type == "text" and ("**" in child.content or "__" in child.content):
                i = child.content.find("**") if "**" in child.content else child.content.find("__")
                found.append(_excerpt(child.content, i, i + 2))
    return found


def _inline_runs(tokens):
    """For each inline token: (its text with placeholders, the texts inside emphasis)."""
    for tok in tokens:
        if tok.type != "inline":
            continue
        text, emphasised, depth, current = [], [], 0, []
        for child in tok.children or []:
            if child.type in ("em_open",) or (child.type == "html_inline" and re.match(r"<(em|i)\b", child.content, re.I)):
                depth += 1
                current = []
            elif child.type in ("em_close",) or (child.type == "html_inline" and re.match(r"</(em|i)\s*>", child.content, re.I)):
                depth = max(0, depth - 1)
                if depth == 0:
                    emphasised.append("".join(current))
            elif child.type in ("text", "softbreak", "hardbreak"):
                piece = child.content if child.type == "text" else "\n"
                text.append(piece)
                if depth:
                    current.append(piece)
            elif child.type == "code_inline":
                text.append(" ")  # code is not prose
        yield "".join(text), emphasised


def check_markdown(markdown, where, render_only=False):
    """The violations of one Markdown text (``render_only``: only ``literal-delimiter``)."""
    out = [Violation(where, "literal-delimiter", e) for e in literal_delimiters(markdown)]
    if render_only:
        return out
    tokens, maths = parse(markdown)
    for math in maths:
        if math.startswith(("$$", "\\[")):
            continue
        m = UNIT_IN_LATEX_RE.search(math)
        if m:
            out.append(Violation(where, "unit-in-latex", math.strip()[:60]))
    for text, emphasised in _inline_runs(tokens):
        for span in emphasised:
            if HAN_RE.search(span):
                out.append(Violation(where, "italic-cjk", span[:40]))
        for m in LINE_BREAK_RE.finditer(text):
            out.append(Violation(where, "line-break", _excerpt(text, m.start(), m.end(), 10)))
        if not HAN_RE.search(text):
            continue  # an English line (a quotation, a table of numbers): only the Chinese rules below
        for m in RATIO_RE.finditer(text):
            out.append(Violation(where, "ratio", _restore(_excerpt(text, m.start(), m.end(), 12), maths)))
        for m in PERCENT_RE.finditer(text):
            out.append(Violation(where, "percent", _restore(_excerpt(text, m.start(), m.end(), 12), maths)))
        for m in THOUSANDS_RE.finditer(text):
            out.append(Violation(where, "thousands", _excerpt(text, m.start(), m.end(), 12)))
        for pattern, better in TERMS.items():
            for m in re.finditer(pattern, text):
                out.append(Violation(where, "term", f"{m.group(0)} → {better}: {_excerpt(text, m.start(), m.end(), 12)}"))
    return out


def _restore(text, maths):
    return PLACEHOLDER_RE.sub(lambda m: maths[int(m.group(1))] if int(m.group(1)) < len(maths) else m.group(0), text)


def markdown_of(path):
    """[(where, markdown)] of a notebook's markdown cells, or of a Markdown file."""
    path = Path(path)
    try:
        rel = path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        rel = str(path)
    if path.suffix == ".ipynb":
        import nbformat

        nb = nbformat.read(path, as_version=4)
        return [(f"{rel} cell {cell.get('id', i)}", cell.source) for i, cell in enumerate(nb.cells)
                if cell.cell_type == "markdown"]
    return [(rel, path.read_text(encoding="utf-8"))]


def chinese_files():
    """The Chinese edition's Markdown: its notebooks, its glossary, README.zh-CN.md."""
    files = sorted(ZH.glob("*.ipynb")) + sorted(ZH.glob("*.md"))
    return files + [ROOT / "README.zh-CN.md"]


def english_files():
    return sorted(NOTEBOOKS.glob("*.ipynb")) + [NOTEBOOKS / "glossary.md", ROOT / "README.md"]


def check_files(paths, render_only=False):
    out = []
    for path in paths:
        for where, markdown in markdown_of(path):
            out += check_markdown(markdown, where, render_only)
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="default: the Chinese edition (with --render: both editions)")
    parser.add_argument("--render", action="store_true", help="only the CommonMark check (literal ** or __)")
    args = parser.parse_args(argv)
    if args.files:
        paths = [Path(p) for p in args.files]
    else:
        paths = chinese_files() + (english_files() if args.render else [])
    found = check_files(paths, render_only=args.render)
    for v in found:
        print(v)
    by_rule = {}
    for v in found:
        by_rule[v.rule] = by_rule.get(v.rule, 0) + 1
    summary = ", ".join(f"{n} {rule}" for rule, n in sorted(by_rule.items())) or "no violations"
    print(f"typography: {len(paths)} file(s) checked: {summary}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
