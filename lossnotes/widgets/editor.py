"""The rule of the probability sliders: they always stay on the simplex.

The balancing rule
------------------
Moving one slider by δ takes δ from the *other* sliders, starting with the
last one and working backwards, each stopping at 0 (or 1).  So a student who
sets the sliders from left to right gets exactly the vector they dialled:
from uniform (⅓, ⅓, ⅓), setting p₁ = 0.7 then p₂ = 0.2 leaves p₃ = 0.1.
A text box accepts an exact vector too ("0.7, 0.2, 0.1").  The sliders are drawn in the browser
(``probabilityEditor`` in ``js/ui.js``, which applies ``rebalance`` of ``js/maths/information.js``:
the same rule, tied to this one by tests/test_js_parity.py); this module holds the rule and the
validation of the vectors an explorer is given.

Introduced in notebook ``02_entropy``.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_probabilities
from ..i18n import _

__all__ = ["rebalance", "probability_vector", "outcome_labels"]

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
