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
from decimal import Decimal

import numpy as np

from .i18n import _, unit_label

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


#: An answer rounded to fewer significant figures than this is not judged right or wrong:
#: the student is asked for more figures.
MIN_SIGNIFICANT_FIGURES = 3


def significant_figures(value):
    """The significant figures a student typed, inferred from a float: ``(count, last)``.

    A typed number reaches Python as a float, so what was typed is recovered
    from its shortest round-trip ``repr``: ``3.04`` has 3 significant figures
    and its last one is in the hundredths (``last = -2``, a unit of
    ``10**last``); ``0.00105`` has 3 (leading zeros do not count), last
    ``-5``.  Trailing zeros cannot be told apart from the ``.0`` that ``repr``
    adds (``3.0`` and ``3`` are the same float), so they never count:
    ``20`` and ``20.0`` have 1 significant figure, last ``1`` (the tens).
    0 has none.  Meaningless for a non-finite value.

    Examples
    --------
    >>> significant_figures(3.04), significant_figures(0.00105), significant_figures(20)
    ((3, -2), (3, -5), (1, 1))
    """
    sign, digits, exponent = Decimal(repr(float(value))).normalize().as_tuple()
    if digits == (0,):
        return 0, exponent
    return len(digits), exponent


def _agrees_to_typed_figures(got, want):
    """True if ``got`` is ``want`` rounded at the last digit the student typed (never for 0)."""
    if got == 0:
        return False
    last = significant_figures(got)[1]
    half = 0.5 * 10.0 ** last
    return abs(got - want) <= half * (1 + 1e-9)


def check(answer, expected, *, rtol=1e-3, atol=1e-6, unit="", hint=""):
    """Compare a numeric answer (a number or a vector) with the expected value.

    An answer is right if each number either agrees with the expected value
    within ``rtol``/``atol`` (so exact answers such as ``3`` for ``3.0`` and
    long ones pass), or is the expected value correctly rounded to the
    significant figures the student typed, when there are at least three:
    ``3.04`` for 3.0445 and ``0.00105`` for 0.0010497 are right, ``3.05``
    and ``3.1`` are not.  An answer that is the expected value rounded to
    fewer than three figures (``3`` or ``3.0`` for 3.0445) is neither: the
    feedback asks for more figures.  The figures typed are read from the
    float's shortest ``repr`` (see :func:`significant_figures`), so trailing
    zeros do not count: type ``20.05``, not ``20.0``, for 20.05.

    Parameters
    ----------
    answer : number, sequence of numbers, or None
        The student's answer.  ``None`` means "not answered yet".
    expected : number or sequence of numbers
        The right answer; ``inf`` is allowed and must be matched exactly.
    rtol, atol : float
        Relative and absolute tolerance for answers that are right without
        the rounding rule (defaults: agreement to about 1 part in 1000).
    unit : str
        Shown in the feedback, e.g. ``"bits"`` (in the current language: 比特 in Chinese).
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
    >>> check(3.04, 3.0445)
    ✓ Correct: 3.04.
    >>> check(3.1, 3.0445)
    ✗ Not yet: 3.1 is not right.
    >>> check(3.0, 3.0445)
    … Nearly: 3 agrees with the answer to the 1 significant figure(s) you gave; give at least 3.
    >>> check(None, 3.0)
    … No answer yet: replace None with your answer and run the cell again.
    """
    if answer is None or answer is Ellipsis:
        return Feedback(False, _NO_ANSWER())
    suffix = f" {unit_label(unit)}" if unit else ""
    try:
        got = np.asarray(answer, dtype=float)
        want = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, _("✗ Expected a number (or a list of numbers), got {answer}.").format(answer=repr(answer)))
    if got.shape != want.shape:
        return Feedback(False, _("✗ Expected {n} number(s), got {got}.").format(n=want.size, got=got.size))
    if np.isnan(got).any():
        return Feedback(False, _("✗ Your answer contains NaN: check for 0·log 0 or 0/0."))
    inf = np.isinf(want) | np.isinf(got)
    close = np.where(inf, got == want, np.isclose(got, want, rtol=rtol, atol=atol))
    shown = _show(answer)
    if not close.all():
        flat_got, flat_want = got.ravel(), want.ravel()
        rounded = np.array([not c and not i and _agrees_to_typed_figures(float(g), float(w))
                            for c, i, g, w in zip(close.ravel(), inf.ravel(), flat_got, flat_want)])
        figures = np.array([significant_figures(float(g))[0] if r else MIN_SIGNIFICANT_FIGURES
                            for r, g in zip(rounded, flat_got)])
        if (close.ravel() | rounded).all():
            if (figures < MIN_SIGNIFICANT_FIGURES).any():
                return Feedback(False, _(
                    "… Nearly: {shown}{suffix} agrees with the answer to the {n} significant "
                    "figure(s) you gave; give at least {min}."
                ).format(shown=shown, suffix=suffix, n=int(figures.min()), min=MIN_SIGNIFICANT_FIGURES))
            close = True
    if np.all(close):
        return Feedback(True, _("✓ Correct: {shown}{suffix}.").format(shown=shown, suffix=suffix))
    message = _("✗ Not yet: {shown}{suffix} is not right.").format(shown=shown, suffix=suffix)
    return Feedback(False, message + (" " + _("Hint: {hint}").format(hint=hint) if hint else ""))


def _NO_ANSWER():
    return _("… No answer yet: replace None with your answer and run the cell again.")


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
        return Feedback(False, _NO_ANSWER())
    ok = str(answer).strip().lower() == str(expected).strip().lower()
    if ok:
        return Feedback(True, _("✓ Correct.") + (f" {explanation}" if explanation else ""))
    return Feedback(False, _("✗ Not yet: {answer} is not the answer. Think again, or open the solution.").format(
        answer=repr(answer)))
