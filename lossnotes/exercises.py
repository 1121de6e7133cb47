"""Self-check helpers: a student's answer in, feedback out.

Every notebook's exercises end with a cell such as::

    answer = None   # your number here
    check(answer, expected=3.0, unit="bits", hint="Add the information of the two steps.")

which prints one line of feedback.  With ``answer = None`` it says that no
answer has been given yet, so the stored notebooks stay deterministic.

Introduced in notebook ``00_start_here``; used by every notebook's exercises.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

__all__ = ["Feedback", "check", "check_choice"]


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer; prints as one line, is truthy when correct."""

    correct: bool
    message: str

    def __bool__(self):
        return self.correct

    def __repr__(self):
        return self.message


def check(answer, expected, *, rtol=1e-3, atol=1e-6, unit="", hint=""):
    """Compare a numeric answer (a number or a vector) with the expected value.

    Parameters
    ----------
    answer : number, sequence of numbers, or None
        The student's answer.  ``None`` means "not answered yet".
    expected : number or sequence of numbers
        The right answer; ``inf`` is allowed and must be matched exactly.
    rtol, atol : float
        Relative and absolute tolerance (defaults allow answers rounded to
        about three significant figures).
    unit : str
        Shown in the feedback, e.g. ``"bits"``.
    hint : str
        Shown when the answer is wrong.

    Returns
    -------
    Feedback
        Truthy when correct; prints one line.

    Examples
    --------
    >>> check(3, 3.0, unit="bits")
    ✓ Correct: 3 bits.
    >>> check(2.5, 3.0, unit="bits", hint="Information of independent events adds.")
    ✗ Not yet: 2.5 bits is not right. Hint: Information of independent events adds.
    >>> check(None, 3.0)
    … No answer yet: replace None with your answer and run the cell again.
    """
    if answer is None or answer is Ellipsis:
        return Feedback(False, "… No answer yet: replace None with your answer and run the cell again.")
    suffix = f" {unit}" if unit else ""
    try:
        got = np.asarray(answer, dtype=float)
        want = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"✗ Expected a number (or a list of numbers), got {answer!r}.")
    if got.shape != want.shape:
        return Feedback(False, f"✗ Expected {want.size} number(s), got {got.size}.")
    if np.isnan(got).any():
        return Feedback(False, "✗ Your answer contains NaN: check for 0·log 0 or 0/0.")
    ok = bool(np.all(np.where(np.isinf(want), got == want, np.isclose(got, want, rtol=rtol, atol=atol))))
    shown = _show(answer)
    if ok:
        return Feedback(True, f"✓ Correct: {shown}{suffix}.")
    return Feedback(False, f"✗ Not yet: {shown}{suffix} is not right." + (f" Hint: {hint}" if hint else ""))


def _show(x):
    if isinstance(x, numbers.Real):
        return "∞" if math.isinf(x) else f"{x:g}"
    return "(" + ", ".join(_show(float(v)) for v in np.asarray(x, dtype=float).ravel()) + ")"


def check_choice(answer, expected, *, explanation=""):
    """Check a multiple-choice or text answer (compared case-insensitively).

    Examples
    --------
    >>> check_choice("B", "b", explanation="KL is not symmetric.")
    ✓ Correct. KL is not symmetric.
    >>> check_choice(None, "b")
    … No answer yet: replace None with your answer and run the cell again.
    """
    if answer is None:
        return Feedback(False, "… No answer yet: replace None with your answer and run the cell again.")
    ok = str(answer).strip().lower() == str(expected).strip().lower()
    if ok:
        return Feedback(True, "✓ Correct." + (f" {explanation}" if explanation else ""))
    return Feedback(False, f"✗ Not yet: {answer!r} is not the answer. Think again, or open the solution.")
