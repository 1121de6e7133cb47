"""Self-check helpers: a student's answer in, feedback out.

Every notebook's exercises end with a cell such as::

    answer = None   # your number here
    check(answer, expected=3.0, unit="bits", hint="Add the information of the two steps.")

which prints one line of feedback.  With ``answer = None`` it says that no
answer has been given yet, so the stored notebooks stay deterministic.

Introduced in notebook ``00_start_here``; used by every notebook's exercises.
"""

from __future__ import annotations

import decimal
import math
import numbers
import re
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from .i18n import _, ngettext, unit_label

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
    """The significant figures of an answer: ``(count, last)``.

    ``last`` is the decimal place of the last figure (a unit of ``10**last``):
    ``3.04`` has 3 significant figures and its last one is in the hundredths
    (``last = -2``); ``0.00105`` has 3 (leading zeros do not count), last ``-5``.

    A string (or a :class:`decimal.Decimal`) is read as typed, so its trailing
    zeros count: ``"1.30"`` has 3 figures, last ``-2``; ``"20"`` has 2.  A
    number reaches Python as a float, whose trailing zeros are lost
    (``1.30 == 1.3``): its figures are read from its shortest round-trip
    ``repr``, where trailing zeros never count, so ``20`` and ``20.0`` have 1
    significant figure, last ``1`` (the tens).  :func:`check` gives such an
    answer the benefit of the doubt when its trailing zeros would make it right
    (see there).  0 has none.  Meaningless for a non-finite value.

    Examples
    --------
    >>> significant_figures(3.04), significant_figures(0.00105), significant_figures(20)
    ((3, -2), (3, -5), (1, 1))
    >>> significant_figures("1.30"), significant_figures(1.30)
    ((3, -2), (2, -1))
    """
    if isinstance(value, str):
        typed = Decimal(value.strip())
    elif isinstance(value, Decimal):
        typed = value
    else:
        typed = Decimal(repr(float(value))).normalize()
    sign, digits, exponent = typed.as_tuple()
    digits = tuple(digits)
    while len(digits) > 1 and digits[0] == 0:  # "0.0105" as typed: (0, 1, 0, 5) in some spellings
        digits = digits[1:]
    if not any(digits):
        return 0, exponent
    return len(digits), exponent


def _typed_figures(entry, got, want):
    """The significant figures of one answer entry, and whether it is ``want`` rounded to them.

    ``entry`` is what the student gave (a string or Decimal keeps what was typed; a float does
    not).  A float with fewer than :data:`MIN_SIGNIFICANT_FIGURES` figures is read with trailing
    zeros up to that many when they make it ``want`` correctly rounded: ``1.30`` for 1.2966
    reaches Python as ``1.3``, and is right.  Returns ``(figures, agrees)``; never agrees for 0.
    """
    if got == 0:
        return 0, False
    n, last = significant_figures(entry if isinstance(entry, (str, Decimal)) else got)
    if not isinstance(entry, (str, Decimal)) and n < MIN_SIGNIFICANT_FIGURES:
        padded = math.floor(math.log10(abs(got))) - (MIN_SIGNIFICANT_FIGURES - 1)
        # Strictly inside the half unit: a tie (20 for 20.05) is no reason to assume unseen zeros.
        if padded < last and abs(got - want) < 0.5 * 10.0 ** padded:
            return MIN_SIGNIFICANT_FIGURES, True
    return n, _within_half_unit(got, want, last)


def _within_half_unit(got, want, last):
    """True if ``got`` is ``want`` rounded at the decimal place ``last`` (either way at a tie)."""
    half = 0.5 * 10.0 ** last
    return abs(got - want) <= half * (1 + 1e-9)


def _entries(answer):
    """The answer as a flat list of entries, each a float, str or Decimal (None if not numbers)."""
    if isinstance(answer, (str, Decimal, numbers.Real)):
        return [answer]
    try:
        items = list(np.asarray(answer, dtype=object).ravel())
    except (TypeError, ValueError):
        return None
    return items


def _as_float(entry):
    if isinstance(entry, str):
        text = entry.strip().replace("\u2212", "-")
        if not _NUMBER_RE.fullmatch(text):
            raise ValueError(entry)
        return float(text)
    return float(entry)


_NUMBER_RE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[+-]?(inf|infinity)", re.I)


def _unit_suffix(unit, singular):
    """`` 1 bit`` / `` 2 bits``: the unit after a shown answer, in the current language."""
    if not unit:
        return ""
    n = 1 if singular else 2
    if unit == "bits":
        text = ngettext("bit", "bits", n)
    elif unit == "nats":
        text = ngettext("nat", "nats", n)
    elif unit == "hartleys":
        text = ngettext("hartley", "hartleys", n)
    elif unit == "bytes":
        text = ngettext("byte", "bytes", n)
    else:
        text = unit_label(unit)
    return f" {text}"


def check(answer, expected, *, rtol=1e-3, atol=1e-6, unit="", hint=""):
    """Compare a numeric answer (a number or a vector) with the expected value.

    An answer is right if each number either agrees with the expected value
    within ``rtol``/``atol`` (so exact answers such as ``3`` for ``3.0`` and
    long ones pass), or is the expected value correctly rounded to the
    significant figures the student typed, when there are at least three:
    ``3.04`` for 3.0445 and ``0.00105`` for 0.0010497 are right, ``3.05``
    and ``3.1`` are not.  An answer that is the expected value rounded to
    fewer than three figures (``3`` or ``3.0`` for 3.0445) is neither: the
    feedback asks for more figures.

    The figures are counted as the student typed them.  A string answer
    (``"1.30"``) keeps its trailing zeros.  A number reaches Python as a
    float, and ``1.30`` arrives as ``1.3``: trailing zeros cannot be seen, so
    a float with fewer than three figures that is the expected value rounded
    to three once zeros are appended (``1.3`` for 1.2966, ``20`` for 20.04) is
    taken as typed with those zeros, and is right.

    Parameters
    ----------
    answer : number, str, sequence of them, or None
        The student's answer; a string such as ``"1.30"`` keeps the figures
        as typed.  ``None`` means "not answered yet".
    expected : number or sequence of numbers
        The right answer; ``inf`` is allowed and must be matched exactly.
    rtol, atol : float
        Relative and absolute tolerance for answers that are right without
        the rounding rule (defaults: agreement to about 1 part in 1000).
    unit : str
        Shown in the feedback, e.g. ``"bits"`` (in the current language: 比特
        in Chinese; ``1 bit``, ``2 bits`` in English).
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
    >>> check(1, 1.0, unit="bits")
    ✓ Correct: 1 bit.
    >>> check(2.5, 3.0, unit="bits", hint="Information of independent events adds.")
    ✗ Not yet: 2.5 bits is not right. Hint: Information of independent events adds.
    >>> check(3.04, 3.0445)
    ✓ Correct: 3.04.
    >>> check(1.30, 1.2966), check("1.30", 1.2966)
    (✓ Correct: 1.3., ✓ Correct: 1.30.)
    >>> check(3.1, 3.0445)
    ✗ Not yet: 3.1 is not right.
    >>> check(3.0, 3.0445)
    … Nearly: 3 agrees with the answer to the 1 significant figure you gave; give at least 3.
    >>> check("1.3", 1.2966)
    … Nearly: 1.3 agrees with the answer to the 2 significant figures you gave; give at least 3.
    >>> check(None, 3.0)
    … No answer yet: replace None with your answer and run the cell again.
    """
    if answer is None or answer is Ellipsis:
        return Feedback(False, _NO_ANSWER())
    entries = _entries(answer)
    try:
        if entries is None:
            raise ValueError(answer)
        values = [_as_float(e) for e in entries]
        want = np.asarray(expected, dtype=float)
        scalar = isinstance(answer, (str, Decimal, numbers.Real))
        got = np.array(values, dtype=float).reshape(() if scalar else np.shape(answer))
    except (TypeError, ValueError, decimal.InvalidOperation):
        return Feedback(False, _("✗ Expected a number (or a list of numbers), got {answer}.").format(answer=repr(answer)))
    if got.shape != want.shape:
        return Feedback(False, _("✗ Expected {n} number(s), got {got}.").format(n=want.size, got=got.size))
    if np.isnan(got).any():
        return Feedback(False, _("✗ Your answer contains NaN: check for 0·log 0 or 0/0."))
    inf = np.isinf(want) | np.isinf(got)
    close = np.where(inf, got == want, np.isclose(got, want, rtol=rtol, atol=atol))
    shown = _show(answer, entries)
    singular = got.ndim == 0 and shown.lstrip("-") == "1"
    suffix = _unit_suffix(unit, singular)
    if not close.all():
        judged = [(MIN_SIGNIFICANT_FIGURES, True) if c else
                  ((0, False) if i else _typed_figures(e, float(g), float(w)))
                  for c, i, e, g, w in zip(close.ravel(), inf.ravel(), entries, got.ravel(), want.ravel())]
        if all(agrees for _n, agrees in judged):
            fewest = min(n for n, _agrees in judged)
            if fewest < MIN_SIGNIFICANT_FIGURES:
                return Feedback(False, ngettext(
                    "… Nearly: {shown}{suffix} agrees with the answer to the {n} significant "
                    "figure you gave; give at least {min}.",
                    "… Nearly: {shown}{suffix} agrees with the answer to the {n} significant "
                    "figures you gave; give at least {min}.", fewest,
                ).format(shown=shown, suffix=suffix, n=fewest, min=MIN_SIGNIFICANT_FIGURES))
            close = True
    if np.all(close):
        return Feedback(True, _("✓ Correct: {shown}{suffix}.").format(shown=shown, suffix=suffix))
    message = _("✗ Not yet: {shown}{suffix} is not right.").format(shown=shown, suffix=suffix)
    return Feedback(False, message + (" " + _("Hint: {hint}").format(hint=hint) if hint else ""))


def _NO_ANSWER():
    return _("… No answer yet: replace None with your answer and run the cell again.")


def _show(answer, entries):
    """The answer as the feedback shows it: strings as typed, numbers in ``:g`` format."""
    shown = [_show_one(e) for e in entries]
    if isinstance(answer, (str, Decimal, numbers.Real)):
        return shown[0]
    return "(" + ", ".join(shown) + ")"


def _show_one(entry):
    if isinstance(entry, str):
        return entry.strip()
    if isinstance(entry, Decimal):
        return str(entry)
    x = float(entry)
    return "∞" if x == math.inf else ("-∞" if x == -math.inf else f"{x:g}")


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
