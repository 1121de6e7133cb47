"""lossnotes.exercises.check: right rounded answers pass, wrong ones fail, too few figures asks for more."""

import json
import pathlib
import re

import numpy as np
import pytest

from lossnotes.exercises import check, significant_figures

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "value, figures",
    [(3.04, (3, -2)), (0.00105, (3, -5)), (20, (1, 1)), (20.0, (1, 1)), (3, (1, 0)),
     (13.3, (3, -1)), (1234.5, (5, -1)), (1e-7, (1, -7)), (-2.5, (2, -1)), (0.0, (0, 0))],
)
def test_significant_figures_read_from_the_shortest_repr(value, figures):
    assert significant_figures(value) == figures


# The answers the issue reported as wrongly rejected (notebooks 05, 07, 08, 09).
@pytest.mark.parametrize(
    "answer, expected",
    [(3.04, 3.0445), ([2.67, 13.3], [2.667, 13.33]), (1.28, 1.2825), (0.00105, 0.0010497),
     (3.045, 3.0445), (-3.04, -3.0445), (2.5e-7, 2.5e-7)],
)
def test_correctly_rounded_answers_with_three_or_more_figures_are_accepted(answer, expected):
    fb = check(answer, expected)
    assert fb.correct and fb.message.startswith("✓")


@pytest.mark.parametrize(
    "answer, expected",
    [(3, 3.0), (20, 20.0), (20.0, 20), (1, 1.0004), (np.inf, np.inf), ([0.5, np.inf], [0.5, np.inf]),
     (0, 0.0), (3.0445123, 3.0445)],
)
def test_exact_and_tolerance_answers_are_still_accepted(answer, expected):
    assert check(answer, expected).correct


@pytest.mark.parametrize(
    "answer, expected",
    [(3.1, 3.0445), (3.2, 3.0445), (3.05, 3.0445), (3.03, 3.0445), ([2.67, 13.4], [2.667, 13.33]),
     (0.00106, 0.0010497), (1e9, np.inf), (np.inf, 3.0), (0, 0.3), (-3.04, 3.0445), (25, 20.05)],
)
def test_wrong_answers_are_rejected(answer, expected):
    fb = check(answer, expected, hint="think again")
    assert not fb.correct
    assert fb.message.startswith("✗ Not yet") and "Hint: think again" in fb.message


@pytest.mark.parametrize(
    "answer, expected, n",
    [(3, 3.0445, 1), (3.0, 3.0445, 1), (1.2, 1.23, 2), (20, 20.05, 1), ([2.67, 13], [2.667, 13.33], 2)],
)
def test_too_few_figures_asks_for_more(answer, expected, n):
    fb = check(answer, expected, unit="nats")
    assert not fb.correct
    assert f"to the {n} significant figure(s) you gave; give at least 3" in fb.message
    assert "nats" in fb.message and "Not yet" not in fb.message


def test_a_wrong_entry_beats_a_short_one_in_a_vector():
    assert check([2.7, 14.0], [2.667, 13.33]).message.startswith("✗ Not yet")


def test_no_answer_yet():
    fb = check(None, 3.0445)
    assert not fb.correct and fb.message.startswith("… No answer yet")


def test_every_notebook_self_check_starts_unanswered():
    """The stored outputs depend only on the ``answer = None`` default, so the new rule cannot change them."""
    calls = 0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            src = "".join(cell["source"])
            if cell["cell_type"] != "code" or not re.search(r"\bcheck\(", src):
                continue
            for m in re.finditer(r"\bcheck\((\w+)", src):
                calls += 1
                assert re.search(rf"^{m.group(1)} = None\b", src, re.M), (path.name, src)
                for out in cell.get("outputs", []):
                    text = "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
                    assert "No answer yet" in text, (path.name, text)
    assert calls >= 30
