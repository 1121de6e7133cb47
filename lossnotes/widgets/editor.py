"""A probability-vector editor: sliders that always stay on the simplex.

The balancing rule
------------------
Moving one slider by δ takes δ from the *other* sliders, starting with the
last one and working backwards, each stopping at 0 (or 1).  So a student who
sets the sliders from left to right gets exactly the vector they dialled:
from uniform (⅓, ⅓, ⅓), setting p₁ = 0.7 then p₂ = 0.2 leaves p₃ = 0.1.
A text box accepts an exact vector too ("0.7, 0.2, 0.1"), and
:meth:`ProbabilityEditor.set_value` does the same from code.

Introduced in notebook ``02_entropy``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from .._validation import check_probabilities
from ..i18n import _
from ._base import slider

__all__ = ["ProbabilityEditor", "rebalance", "probability_vector", "outcome_labels"]

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def probability_vector(value, name):
    """``value`` as one float probability vector of at least 2 entries, or a ValueError naming ``name``.

    Examples
    --------
    >>> probability_vector([0.5, 0.5], "p").tolist()
    [0.5, 0.5]
    """
    v = check_probabilities(value, name)
    if v.ndim != 1 or v.size < 2:
        raise ValueError(_("{name} must be one probability vector with at least 2 entries, got shape {shape}").format(
            name=name, shape=v.shape))
    return v.astype(float)


def outcome_labels(labels, n, name):
    """The outcome names of an ``n``-vector called ``name``: ``labels``, or ``₁ … ₙ`` by default.

    Examples
    --------
    >>> outcome_labels(None, 3, "p")
    ['₁', '₂', '₃']
    """
    labels = list(labels) if labels is not None else [str(i + 1).translate(_SUBSCRIPTS) for i in range(n)]
    if len(labels) != n:
        raise ValueError(_("labels has {n} names but {name} has {size} entries").format(n=len(labels), name=name, size=n))
    return labels


def rebalance(value, index, new):
    """Return a copy of ``value`` with ``value[index] = new``, rebalanced to sum to 1.

    The difference is taken from (or given to) the other entries, last entry
    first, each clamped to [0, 1], and rounded to 12 decimals.

    Examples
    --------
    >>> v = rebalance(np.full(3, 1/3), 0, 0.7)
    >>> rebalance(v, 1, 0.2).tolist()
    [0.7, 0.2, 0.1]
    """
    v = np.array(value, dtype=float)
    new = float(np.clip(new, 0.0, 1.0))
    delta = new - v[index]
    v[index] = new
    for j in range(v.size - 1, -1, -1):  # over the few components, not over samples
        if j == index or delta == 0:
            continue
        take = min(delta, v[j]) if delta > 0 else max(delta, v[j] - 1.0)
        v[j] -= take
        delta -= take
    # Snap away float dust (0.10000000000000003 -> 0.1), so that a vector dialled
    # in from the sliders is the vector the student meant; the sum stays within 1e-11.
    return np.round(v, 12)


class ProbabilityEditor:
    """Sliders for a probability vector that always sums to 1.

    Parameters
    ----------
    value : sequence of float
        The starting vector (must be a probability vector).
    labels : sequence of str, optional
        Outcome names; the sliders read ``p(label)``.  Default ``p₁ … pₙ``.
    symbol : str
        The distribution's symbol, ``"p"`` or ``"q"``.
    step : float
        Slider step (arrow keys move by this much).

    Attributes
    ----------
    value : numpy.ndarray
        The current vector (exact, not rounded to the slider step).
    widget : ipywidgets.VBox
        Sliders plus a text box for typing an exact vector.

    Examples
    --------
    >>> ed = ProbabilityEditor([1/3, 1/3, 1/3])
    >>> ed.sliders[0].value = 0.7; ed.sliders[1].value = 0.2
    >>> ed.value.tolist()
    [0.7, 0.2, 0.1]
    """

    def __init__(self, value, labels=None, *, symbol="p", step=0.01):
        v = probability_vector(value, symbol)
        self.symbol = symbol
        self.labels = outcome_labels(labels, v.size, symbol)
        self._value = v
        self._syncing = False
        self._listeners = []
        self.sliders = [
            slider(self._slider_name(lab), float(x), 0.0, 1.0, step, width="auto")
            for lab, x in zip(self.labels, self._value)
        ]
        self.text = widgets.Text(
            value=self._text(),
            description=f"{symbol} =",
            placeholder=_("e.g. 0.7, 0.2, 0.1"),
            continuous_update=False,
            style={"description_width": "initial"},
        )
        self.message = widgets.HTML()
        for i, s in enumerate(self.sliders):
            s.observe(lambda change, i=i: self._on_slider(i, change["new"]), names="value")
        self.text.observe(self._on_text, names="value")
        self.widget = widgets.VBox(self.sliders + [self.text, self.message])

    def _slider_name(self, label):
        if label and label[0] in "₀₁₂₃₄₅₆₇₈₉":
            return f"{self.symbol}{label}"
        return f"{self.symbol}({label})"

    def _text(self):
        return ", ".join(f"{x:.4g}" for x in self._value)

    @property
    def value(self):
        return self._value.copy()

    def observe(self, callback):
        """Call ``callback(value)`` after every change of the vector."""
        self._listeners.append(callback)

    def set_value(self, value):
        """Set the whole vector exactly (validated: non-negative, sums to 1)."""
        v = check_probabilities(value, self.symbol)
        if v.shape != self._value.shape:
            raise ValueError(_("{name} must have {size} entries, got shape {shape}").format(
                name=self.symbol, size=self._value.size, shape=v.shape))
        self._commit(v.astype(float))

    def _on_slider(self, index, new):
        if self._syncing:
            return
        self._commit(rebalance(self._value, index, new))

    def _on_text(self, change):
        if self._syncing:
            return
        try:
            parts = [float(s) for s in change["new"].replace(";", ",").split(",") if s.strip()]
            self.set_value(parts)
            self.message.value = ""
        except (ValueError, TypeError) as exc:
            self.message.value = "<span style='color:#D55E00'>{}</span>".format(
                html.escape(_("Not a probability vector: {error}").format(error=exc)))

    def _commit(self, v):
        self._value = v
        self._syncing = True
        try:
            for s, x in zip(self.sliders, v):
                if s.value != x:
                    s.value = float(x)
            self.text.value = self._text()
        finally:
            self._syncing = False
        for callback in self._listeners:
            callback(self.value)
