"""The numbers in the stored outputs of the English and the Chinese edition agree (issue 11 §6).

For every notebook with a Chinese edition in notebooks/zh/, each code cell is matched with the
English cell of the same id, and the numbers in its text outputs (streams and ``text/plain``
results) are compared.  A translation may reorder the words of a sentence, so the numbers of a
line are compared as a multiset, line by line, in order; everything else must match exactly:
the same lines carry the same numbers, with the same spelling (``0.2500`` is not ``0.25``).

What counts as a number: an optional sign (``-`` or ``−``) and ASCII digits with an optional
decimal part, thousands separators and exponent, not glued to a Latin letter, an underscore or
another digit on its left, so identifiers (``log2``, ``bz2``, ``x1``, ``L2``) are not numbers;
subscripts and superscripts (``z₀``, ``T²``) are not ASCII digits and never count.  Chinese words
contain no digits, so a translated sentence keeps exactly the numbers of the English one.

If a translated output legitimately adds or drops a number (say a label whose Chinese contains
a digit), list that number under the cell in ``EDITION_ONLY`` below: it is then removed, once, from
that edition's line before comparing; nothing else in the cell is exempted.
"""

import re
from collections import Counter
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ZH = NOTEBOOKS / "zh"

NUMBER = re.compile(
    r"(?<![A-Za-z_0-9.])[-−]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?(?:[eE][-+−]?[0-9]+)?"
    r"|(?<![A-Za-z_0-9.])[-−]?\.[0-9]+(?:[eE][-+−]?[0-9]+)?"
)

#: (notebook, cell id) -> {"en": [...], "zh": [...]}: numbers that only one edition's output has, with why.
EDITION_ONLY = {}

#: Notebooks whose stored outputs are known to disagree, with the reason (strict: fixing them flips the test).
KNOWN = {}


def numbers(text):
    """The numbers in ``text``, in order, as written (Unicode minus and thousands separators normalised)."""
    return [m.group(0).replace("−", "-").replace(",", "") for m in NUMBER.finditer(text)]


def output_text(cell):
    """The text outputs of a code cell: streams, and the text/plain of results and displays."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            text = out.get("data", {}).get("text/plain", "")
            parts.append(text if isinstance(text, str) else "".join(text))
        elif out.output_type == "error":
            parts.append(f"{out.ename}: {out.evalue}")
    return "\n".join(parts)


def line_numbers(text, drop=()):
    """Per line that has numbers: the Counter of its numbers (``drop``: numbers to remove once each)."""
    drop = Counter(drop)
    lines = []
    for line in text.splitlines():
        found = Counter(numbers(line))
        for n in list(found):
            taken = min(found[n], drop[n])
            found[n] -= taken
            drop[n] -= taken
        found = +found
        if found:
            lines.append(found)
    return lines


def differences(name):
    """Why the numbers of notebooks/zh/NAME.ipynb differ from the English, cell by cell (empty if they agree)."""
    en = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    zh = nbformat.read(ZH / f"{name}.ipynb", as_version=4)
    en_cells = {c.id: c for c in en.cells if c.cell_type == "code"}
    problems = []
    for cell in zh.cells:
        if cell.cell_type != "code" or cell.id not in en_cells:
            continue  # tools/translations.py check reports code cells that do not match
        exempt = EDITION_ONLY.get((name, cell.id), {})
        a_text, b_text = output_text(en_cells[cell.id]), output_text(cell)
        a = line_numbers(a_text, exempt.get("en", ()))
        b = line_numbers(b_text, exempt.get("zh", ()))
        if a == b:
            continue
        if len(a) != len(b):
            problems.append(f"cell {cell.id}: {len(a)} English lines with numbers, {len(b)} Chinese\n"
                            f"  en: {a_text[:400]!r}\n  zh: {b_text[:400]!r}")
            continue
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                problems.append(f"cell {cell.id}, line {i + 1} with numbers: English only {sorted((x - y).elements())}, "
                                f"Chinese only {sorted((y - x).elements())}\n  en: {a_text[:400]!r}\n  zh: {b_text[:400]!r}")
                break
    return problems


EDITIONS = sorted(p.stem for p in ZH.glob("*.ipynb") if (NOTEBOOKS / p.name).exists())


def test_number_extraction():
    text = "H(p) = 1.5000 bits; z₀ = −0.25, T² = 4, log2 n = 2.32, 1,234,567 chars, x1 = 3e-05, bz2 .5"
    assert numbers(text) == ["1.5000", "-0.25", "4", "2.32", "1234567", "3e-05", ".5"]
    assert numbers("在 20000 个随机三元组中，占 25.0%") == ["20000", "25.0"]
    assert numbers("L2 (MSE), Smooth L1 (β = 1.0)") == ["1.0"]
    assert line_numbers("a 1 2\nno numbers\nb 2 1", drop=["2"]) == [Counter({"1": 1}), Counter({"2": 1, "1": 1})]


def test_reordered_numbers_in_a_line_agree_but_changed_ones_do_not():
    en = "triangle inequality fails for 25.0% of 20000 random triples"
    assert line_numbers(en) == line_numbers("在 20000 个随机三元组中，三角不等式不成立的占 25.0%")
    assert line_numbers(en) != line_numbers("在 20000 个随机三元组中，三角不等式不成立的占 25%")
    assert line_numbers(en) != line_numbers("在 2000 个随机三元组中，三角不等式不成立的占 25.0%")
    assert line_numbers("a = 1\nb = 2") != line_numbers("a = 2\nb = 1")  # numbers may not change lines


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=[pytest.mark.xfail(strict=True, reason=KNOWN[n])] if n in KNOWN else [])
    for n in EDITIONS
])
def test_both_editions_print_the_same_numbers(name):
    found = differences(name)
    assert not found, f"{name}: the editions' stored outputs disagree:\n" + "\n".join(found)
