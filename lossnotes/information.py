"""Information measures: self-information, entropy, cross-entropy, KL and JS divergence,
and the measures of a joint table: joint and conditional entropy, mutual information.

Every function works in **bits by default** (``base=2``).  ``base`` accepts any
number > 0 and != 1, or one of the unit names ``'bits'`` (base 2), ``'nats'``
(base e) and ``'hartleys'`` (base 10); :func:`convert_units` moves a value from
one unit to another (1 bit = ln 2 nats = log10 2 hartleys).

Functions that take probability *vectors* reduce along the **last axis** by
default (``axis=-1``): an array of shape ``(..., n)`` holds one distribution
per row and gives a result of shape ``(...)``; a single 1-D vector gives a
NumPy float scalar.  This differs from ``scipy.stats.entropy``, whose default
is ``axis=0`` (one distribution per *column*) and which silently renormalises
its inputs.  lossnotes never renormalises: a vector that does not sum to 1 is
an error that names the argument.  Float32 inputs give float32 results.

Functions of a *joint* distribution (:func:`joint_entropy`,
:func:`conditional_entropy`, :func:`mutual_information`) take a table
``pxy`` of shape ``(..., m, n)``: X along the second-to-last axis, Y along the
last axis, pxy[..., i, j] = P(X = x_i, Y = y_j); leading axes hold a batch of
tables.

Conventions, all exact (no epsilon is added anywhere):

- 0 log 0 = 0, so outcomes of probability zero contribute nothing;
- cross-entropy and KL divergence are ``+inf`` when some q_i = 0 < p_i;
- KL(p||p) = 0 and JS(p, q) = JS(q, p) hold bitwise;
- no ``RuntimeWarning`` is ever emitted for zeros or infinite results.

One function works on samples instead of distributions, and in nats: :func:`kl_estimators`
(the k1, k2, k3 estimators of KL from log-probabilities of samples, notebook 11).

The module imports only NumPy (no SciPy, matplotlib or ipywidgets).
"""

from __future__ import annotations

import math
import operator

import numpy as np

from .i18n import _
from ._validation import (
    _BLOCK_BYTES,
    NotSure,
    _as_float,
    _first_bad_index,
    _sum_tolerance,
    as_float_array,
    check_probabilities,
    check_same_shape,
    log_base,
    plain_rows,
    probability_check,
    rowwise,
)

__all__ = [
    "self_information",
    "entropy",
    "binary_entropy",
    "cross_entropy",
    "kl_divergence",
    "js_divergence",
    "js_distance",
    "joint_entropy",
    "conditional_entropy",
    "mutual_information",
    "convert_units",
    "kl_estimators",
]

_LN2 = math.log(2.0)
_AxisError = getattr(np, "exceptions", np).AxisError


# --------------------------------------------------------------------------- helpers


def _check_axis(axis):
    if isinstance(axis, (bool, np.bool_)):
        raise TypeError(f"axis must be an integer, got {axis!r}")
    try:
        return operator.index(axis)
    except TypeError:
        raise TypeError(f"axis must be an integer, got {type(axis).__name__}") from None


def _distribution(x, name, axis):
    """Validate probability vectors along ``axis`` and return them with that axis last."""
    try:
        arr = check_probabilities(x, name, axis=axis)
    except _AxisError as exc:
        if getattr(exc, "ndim", None) is None:  # no details to rebuild the message from
            raise
        raise _AxisError(exc.axis, exc.ndim, msg_prefix=name) from None
    if axis != -1 and axis != arr.ndim - 1:
        arr = np.moveaxis(arr, axis, -1)  # a view: no copy
    return arr


def _two_distributions(p, q, axis):
    axis = _check_axis(axis)
    p = _distribution(p, "p", axis)
    q = _distribution(q, "q", axis)
    check_same_shape(p, q, "p", "q")
    if p.dtype != q.dtype:  # float32 with float64: compute in float64
        dtype = np.result_type(p, q)
        p, q = p.astype(dtype, copy=False), q.astype(dtype, copy=False)
    return p, q


def _unit_interval(x, name):
    """Validate an array of probabilities in [0, 1] (any shape, no sum condition)."""
    arr = as_float_array(x, name)
    lo, hi = arr.min(), arr.max()
    if lo < 0:
        raise ValueError(
            f"{name} has a negative probability {float(lo)!r}; probabilities must be in [0, 1]"
        )
    if hi > 1:
        raise ValueError(
            f"{name} has a probability greater than 1 ({float(hi)!r}); "
            "probabilities must be in [0, 1]"
        )
    return arr


def _dot(a, b):
    """Sum of a * b along the last axis in one pass, without a product temporary."""
    return np.einsum("...i,...i->...", a, b)


def _log_where(x, mask):
    """ln x where ``mask`` is True and exactly 0 elsewhere, in a new array."""
    out = np.zeros(x.shape, dtype=x.dtype)
    np.log(x, out=out, where=mask)
    return out


def _measure(fast, exact, axis, *inputs):
    """Validate the distributions ``inputs`` (p, or p and q), then sum along ``axis``.

    ``fast`` and ``exact`` are kernels (see :func:`_zero_rows_fixed`).  For a
    big C-contiguous batch of short rows along the last axis, the validation is
    done block by block in the same sweep as the computation, while each block
    is in the CPU cache.  If a block is not certainly valid, or in any other
    case, the usual validation runs first, with its usual errors.
    """
    axis = _check_axis(axis)
    arrays = _sweepable(inputs, axis)
    if arrays is not None:
        try:
            return _zero_rows_fixed(fast, exact, *arrays,
                                    check=probability_check(arrays[0].dtype, arrays[0].shape[-1]))
        except NotSure:
            pass
    if len(inputs) == 1:
        arrays = (_distribution(inputs[0], "p", axis),)
    else:
        arrays = _two_distributions(inputs[0], inputs[1], axis)
    return _zero_rows_fixed(fast, exact, *arrays)


def _sweepable(inputs, axis):
    """The inputs as float arrays if they suit one validating sweep, else None."""
    try:
        arrays = [_as_float(x, name) for x, name in zip(inputs, ("p", "q"))]
    except (TypeError, ValueError):
        return None  # the usual validation raises the error, in the usual order
    a = arrays[0]
    if (a.nbytes <= _BLOCK_BYTES or axis not in (-1, a.ndim - 1) or not plain_rows(*arrays)
            or any(b.shape != a.shape or b.dtype != a.dtype for b in arrays)):
        return None
    return arrays


def _zero_rows_fixed(fast, exact, *arrays, check=None):
    """``fast(*arrays)`` row by row, with the rows where it gave NaN redone by ``exact``.

    Every measure here is a sum along the last axis of terms with logarithms.
    The ``exact`` kernels take a logarithm only where the convention needs it
    (0 log 0 = 0).  The ``fast`` kernels do the same arithmetic with every
    logarithm unmasked, in cache-sized blocks of rows (:func:`rowwise`, which
    also runs ``check`` on each block): the same bits wherever no probability
    is 0, in fewer passes and without batch-sized masks.  A row with a 0 gets
    0 * ln 0 = NaN there, and only those rows are recomputed exactly (all of
    them, unless :func:`plain_rows` says that a subset gives the same bits).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        s = rowwise(fast, *arrays, check=check)
        bad = np.isnan(s)
        if bad.any():
            if np.ndim(s) == 0 or not plain_rows(*arrays):
                return exact(*arrays)
            s[bad] = exact(*(a[bad] for a in arrays))
    return s


def _log(x):
    """ln x into a new C-ordered array, like :func:`_log_where` (the layout decides
    the order in which ``np.einsum`` adds, so it must not change)."""
    out = np.empty(x.shape, dtype=x.dtype)
    return np.log(x, out=out)


def _sum_p_log_q(p, q):
    return _dot(p, _log(q))


def _sum_p_log_q_exact(p, q):
    return _dot(p, _log_where(q, p > 0))  # 0 where p_i = 0: those terms contribute 0


def _sum_p_log_p(p):
    return _dot(p, _log(p))


def _sum_p_log_p_exact(p):
    return _dot(p, _log_where(p, p > 0))  # 0 where p_i = 0, so that 0 log 0 contributes 0


def _kl_sum(p, q):
    d = _log(p)
    d -= _log(q)
    return _dot(p, d)


def _kl_sum_exact(p, q):
    mask = p > 0  # logs only where p_i > 0: terms with p_i = 0 stay exactly 0
    d = _log_where(p, mask)
    d -= _log_where(q, mask)  # ln p_i - ln q_i: exactly 0 where p_i == q_i
    return _dot(p, d)


def _js_sum(p, q):
    logm = np.add(p, q)
    logm *= 0.5  # m = (p + q) / 2, the same bits for (p, q) and (q, p)
    np.log(logm, out=logm)
    a = _log(p)
    a -= logm  # ln p_i - ln m_i
    s = _dot(p, a)
    b = np.log(q, out=a)
    b -= logm
    s += _dot(q, b)  # x + y == y + x bitwise, hence exact symmetry
    return s


def _js_sum_exact(p, q):
    logm = np.add(p, q)
    logm *= 0.5
    np.log(logm, out=logm, where=logm > 0)  # in place; stays 0 where m_i = 0
    a = _log_where(p, p > 0)
    a -= logm  # finite (m_i >= p_i / 2); multiplied by p_i = 0 elsewhere
    b = _log_where(q, q > 0)
    b -= logm
    s = _dot(p, a)
    s += _dot(q, b)
    return s


def _finish(x, divisor):
    """Divide a natural-log result by ``divisor`` (ln b, or -ln b to negate).

    Also turns -0.0 into +0.0, so that a zero entropy prints as ``0.0``.
    ``x`` is a temporary we own: arrays are changed in place.  A 0-d result
    comes back as a NumPy scalar of the same dtype.
    """
    c = x.dtype.type
    if isinstance(x, np.ndarray):
        if divisor != 1.0:
            np.divide(x, c(divisor), out=x)
        np.add(x, c(0.0), out=x)
        return x[()]
    if divisor != 1.0:
        x = x / c(divisor)
    return x + c(0.0)


# --------------------------------------------------------------------------- public API


def self_information(p, base=2):
    r"""Self-information (surprisal) of outcomes with probabilities ``p``.

    Introduced in notebook ``01_self_information``.

    .. math:: I(p) = -\log_b p

    Parameters
    ----------
    p : array_like
        Probabilities in [0, 1], any shape (a scalar is fine).  They need not
        sum to 1: each entry is the probability of one outcome.
    base : float or {'bits', 'nats', 'hartleys'}, default 2
        Logarithm base; 2 gives bits, e gives nats, 10 gives hartleys.

    Returns
    -------
    numpy.floating or numpy.ndarray
        I(p) elementwise, in the units of ``base``, with the shape and float
        dtype of ``p``.  ``p = 1`` gives 0 (a certain event is no surprise);
        ``p = 0`` gives ``+inf`` (without a warning).

    Notes
    -----
    Elementwise, so there is no reduction axis.  The functions in this module
    that *do* reduce (:func:`entropy` and the divergences) reduce along the
    last axis, unlike ``scipy.stats.entropy`` (axis 0, renormalises).
    Self-information is additive over independent events:
    I(p1 p2) = I(p1) + I(p2).

    Examples
    --------
    >>> print(self_information(1 / 8))
    3.0
    >>> print(self_information([1, 0.5, 0.25, 0]))
    [ 0.  1.  2. inf]
    >>> print(round(float(self_information(0.5, base="nats")), 6))
    0.693147
    """
    lb = log_base(base)
    p = _unit_interval(p, "p")
    with np.errstate(divide="ignore"):  # ln 0 = -inf: an impossible event has I = +inf
        out = np.log(p)
    return _finish(out, -lb)


def entropy(p, base=2, axis=-1):
    r"""Shannon entropy of probability vector(s) ``p``.

    Introduced in notebook ``02_entropy``.

    .. math:: H(p) = -\sum_i p_i \log_b p_i, \qquad 0 \log 0 = 0

    Parameters
    ----------
    p : array_like, shape (..., n)
        Probability vectors along ``axis``: entries in [0, 1] summing to 1.
        They are checked, never renormalised.
    base : float or {'bits', 'nats', 'hartleys'}, default 2
        Logarithm base; the default gives bits.
    axis : int, default -1
        The axis holding the outcomes.  The reduction is along the **last axis
        by default**, unlike ``scipy.stats.entropy`` whose default is
        ``axis=0`` and which silently renormalises its input.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar for one vector, an array of shape ``(...)`` for a batch, in
        the units of ``base`` and the float dtype of ``p``.  0 <= H <= log_b n,
        the maximum being reached by the uniform distribution.

    Examples
    --------
    >>> print(entropy([0.5, 0.5]))            # a fair coin: 1 bit
    1.0
    >>> print(entropy([1/8] * 8))             # uniform over 8 outcomes: 3 bits
    3.0
    >>> print(entropy([[1, 0, 0], [0.25, 0.25, 0.5]]))   # one value per row
    [0.  1.5]
    """
    lb = log_base(base)
    return _finish(_measure(_sum_p_log_p, _sum_p_log_p_exact, axis, p), -lb)


def binary_entropy(p, base=2):
    r"""Entropy of a Bernoulli(p) variable, elementwise.

    Introduced in notebook ``02_entropy``.

    .. math:: H_b(p) = -p \log_b p - (1 - p) \log_b (1 - p), \qquad H_b(0) = H_b(1) = 0

    Parameters
    ----------
    p : array_like
        Probabilities of "success" in [0, 1], any shape (a scalar is fine).
    base : float or {'bits', 'nats', 'hartleys'}, default 2
        Logarithm base; the default gives bits, so H_b(0.5) = 1.

    Returns
    -------
    numpy.floating or numpy.ndarray
        H_b(p) elementwise, with the shape and float dtype of ``p``.

    Notes
    -----
    Elementwise: each entry of ``p`` is one coin, so there is no reduction
    axis.  (:func:`entropy` reduces along the last axis by default, unlike
    ``scipy.stats.entropy``, which uses axis 0 and renormalises.)  The
    (1 - p) log(1 - p) term uses ``log1p(-p)`` for accuracy at small p.

    Examples
    --------
    >>> print(binary_entropy(0.5))
    1.0
    >>> print(binary_entropy([0, 1]))
    [0. 0.]
    >>> print(round(float(binary_entropy(0.11)), 4))
    0.4999
    """
    lb = log_base(base)
    p = _unit_interval(p, "p")
    t = _log_where(p, p > 0)
    t *= p
    u = np.zeros(p.shape, dtype=p.dtype)
    np.log1p(np.negative(p), out=u, where=p < 1)
    u *= 1 - p
    t += u
    return _finish(t, -lb)


def cross_entropy(p, q, base=2, axis=-1):
    r"""Cross-entropy H(p, q) of distribution ``q`` relative to ``p``.

    Introduced in notebook ``03_cross_entropy``.  (Not the classification loss
    on logits: that is ``lossnotes.losses.cross_entropy``.)

    .. math:: H(p, q) = -\sum_i p_i \log_b q_i

    Terms with p_i = 0 contribute 0, even where q_i = 0.  The result is
    ``+inf`` (without a warning) when some q_i = 0 < p_i.

    Parameters
    ----------
    p, q : array_like, shape (..., n)
        Probability vectors along ``axis`` (entries in [0, 1] summing to 1),
        of the same shape.  Checked, never renormalised.
    base : float or {'bits', 'nats', 'hartleys'}, default 2
        Logarithm base; the default gives bits.
    axis : int, default -1
        The axis holding the outcomes.  The reduction is along the **last axis
        by default**, unlike ``scipy.stats.entropy`` whose default is
        ``axis=0`` and which silently renormalises its inputs.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar for one pair of vectors, an array of shape ``(...)`` for a
        batch, in the units of ``base``.  H(p, q) = H(p) + KL(p || q) >= H(p).

    Examples
    --------
    >>> print(cross_entropy([0.5, 0.5], [0.5, 0.5]))
    1.0
    >>> print(cross_entropy([0, 1, 0], [0.25, 0.5, 0.25]))   # one-hot p: -log2 q_true
    1.0
    >>> print(cross_entropy([0.5, 0.5], [1, 0]))
    inf
    """
    lb = log_base(base)
    # ln 0 = -inf where q_i = 0 < p_i: H(p, q) = +inf (no warning)
    return _finish(_measure(_sum_p_log_q, _sum_p_log_q_exact, axis, p, q), -lb)


def kl_divergence(p, q, base=2, axis=-1):
    r"""Kullback-Leibler divergence KL(p || q) (relative entropy).

    Introduced in notebook ``04_kl_and_js_divergence``.

    .. math:: \mathrm{KL}(p \,\|\, q) = \sum_i p_i \log_b \frac{p_i}{q_i}
              = H(p, q) - H(p) \ge 0

    Terms with p_i = 0 contribute 0; the result is ``+inf`` (without a
    warning) when some q_i = 0 < p_i.  Not symmetric, no triangle inequality.

    Parameters
    ----------
    p, q : array_like, shape (..., n)
        Probability vectors along ``axis`` (entries in [0, 1] summing to 1),
        of the same shape.  Checked, never renormalised.
    base : float or {'bits', 'nats', 'hartleys'}, default 2
        Logarithm base; the default gives bits.
    axis : int, default -1
        The axis holding the outcomes.  The reduction is along the **last axis
        by default**, unlike ``scipy.stats.entropy(p, q)`` whose default is
        ``axis=0`` and which silently renormalises its inputs.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar for one pair of vectors, an array of shape ``(...)`` for a
        batch, in the units of ``base``.  Exactly 0 when ``p == q``.

    Notes
    -----
    Each term is computed as p_i (ln p_i - ln q_i), so identical inputs give
    exact zeros; the only adjustment is that a sum that rounding pushed
    slightly below 0 is returned as 0.

    Examples
    --------
    >>> print(kl_divergence([1, 0, 0], [0.7, 0.2, 0.1], base="nats") == -np.log(0.7))
    True
    >>> print(kl_divergence([0.5, 0.5], [0.5, 0.5]))
    0.0
    >>> print(kl_divergence([0.5, 0.5], [1, 0]))
    inf
    """
    lb = log_base(base)
    # Terms p_i (ln p_i - ln q_i): exactly 0 where p_i == q_i; +inf where q_i = 0 < p_i.
    s = _measure(_kl_sum, _kl_sum_exact, axis, p, q)
    # Gibbs' inequality makes the sum >= 0; a negative value can only be
    # rounding error (or the 1e-6 sum tolerance of the input check), so clip
    # at 0.  This never touches a positive result.
    s = np.maximum(s, s.dtype.type(0), out=s if isinstance(s, np.ndarray) else None)
    return _finish(s, lb)


def js_divergence(p, q, base=2, axis=-1):
    r"""Jensen-Shannon divergence JS(p, q).

    Introduced in notebook ``04_kl_and_js_divergence``.

    .. math:: \mathrm{JS}(p, q) = \tfrac12 \mathrm{KL}(p \,\|\, m)
              + \tfrac12 \mathrm{KL}(q \,\|\, m), \qquad m = \tfrac12 (p + q)

    Symmetric, always finite, and 0 <= JS <= log_b 2 (1 bit, ln 2 nats), the
    upper bound reached by distributions with disjoint supports.  Its square
    root, :func:`js_distance`, is a metric.

    Parameters
    ----------
    p, q : array_like, shape (..., n)
        Probability vectors along ``axis`` (entries in [0, 1] summing to 1),
        of the same shape.  Checked, never renormalised.
    base : float or {'bits', 'nats', 'hartleys'}, default 2
        Logarithm base; the default gives bits.
    axis : int, default -1
        The axis holding the outcomes.  The reduction is along the **last axis
        by default**, unlike ``scipy.stats.entropy`` (axis 0, renormalises).

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar for one pair of vectors, an array of shape ``(...)`` for a
        batch, in the units of ``base``.

    Notes
    -----
    ``js_divergence(p, q) == js_divergence(q, p)`` holds bitwise.  The result
    is clamped into [0, log_b 2], which only ever moves a value that rounding
    put just outside.  ``scipy.spatial.distance.jensenshannon`` returns the
    square root of this (see :func:`js_distance`).

    Examples
    --------
    >>> print(js_divergence([1, 0], [0, 1]))          # disjoint supports: 1 bit
    1.0
    >>> print(js_divergence([0.5, 0.5], [0.5, 0.5]))
    0.0
    >>> print(round(float(js_divergence([1, 0], [0.5, 0.5])), 6))
    0.311278
    """
    lb = log_base(base)
    s = _measure(_js_sum, _js_sum_exact, axis, p, q)  # sum p ln(p/m) + sum q ln(q/m)
    s *= 0.5
    # 0 <= JS <= ln 2 mathematically: clamp against rounding only.
    if isinstance(s, np.ndarray):
        np.clip(s, 0, s.dtype.type(_LN2), out=s)
    else:
        s = min(max(s, s.dtype.type(0)), s.dtype.type(_LN2))
    return _finish(s, lb)


def js_distance(p, q, base=2, axis=-1):
    r"""Jensen-Shannon distance: the square root of :func:`js_divergence`.

    Introduced in notebook ``04_kl_and_js_divergence``.

    .. math:: d_{JS}(p, q) = \sqrt{\mathrm{JS}(p, q)}

    Unlike the divergence, this is a metric (symmetric, zero only for p = q,
    and it satisfies the triangle inequality).  It is what
    ``scipy.spatial.distance.jensenshannon`` returns, but SciPy's default base
    is e (nats), whereas here it is 2 (bits), so 0 <= d <= 1; in nats the
    bound is sqrt(ln 2) ~ 0.8326.

    Parameters
    ----------
    p, q : array_like, shape (..., n)
        Probability vectors along ``axis`` (entries in [0, 1] summing to 1),
        of the same shape.  Checked, never renormalised.
    base : float or {'bits', 'nats', 'hartleys'}, default 2
        Logarithm base of the divergence under the square root.
    axis : int, default -1
        The axis holding the outcomes.  The reduction is along the **last axis
        by default**, unlike ``scipy.stats.entropy`` (axis 0, renormalises);
        ``jensenshannon`` also defaults to axis 0 and renormalises.

    Returns
    -------
    numpy.floating or numpy.ndarray
        A scalar for one pair of vectors, an array of shape ``(...)`` for a
        batch, in units of sqrt(bits) by default.

    Examples
    --------
    >>> print(js_distance([1, 0], [0, 1]))
    1.0
    >>> print(round(float(js_distance([1, 0], [0.5, 0.5])), 6))
    0.557923
    """
    js = js_divergence(p, q, base=base, axis=axis)
    if isinstance(js, np.ndarray):
        return np.sqrt(js, out=js)
    return np.sqrt(js)


# --------------------------------------------------------------------------- joint tables


def _joint_table(pxy):
    """Validate a joint table (..., m, n) summing to 1 over its last two axes."""
    arr = as_float_array(pxy, "pxy")  # numbers only, no NaN or inf, not empty
    if arr.ndim < 2:
        raise ValueError(
            f"pxy must be a joint probability table with at least 2 dimensions (X along axis -2, "
            f"Y along axis -1), got shape {arr.shape}"
        )
    lo = arr.min()
    if lo < 0:
        raise ValueError(
            f"pxy has a negative probability {float(lo)!r} (at index {_first_bad_index(arr < 0)}); "
            "probabilities must be >= 0"
        )
    sums = arr.sum(axis=(-2, -1))
    off = np.abs(sums - 1) > _sum_tolerance(arr.dtype, arr.shape[-1] * arr.shape[-2])
    if np.any(off):
        if arr.ndim > 2:
            where = _first_bad_index(off)
            loc = f"the table at index {where} sums to {float(sums[where])!r}"
        else:
            loc = f"it sums to {float(sums)!r}"
        raise ValueError(
            f"pxy does not sum to 1 over its last two axes ({loc}); lossnotes never renormalises "
            "silently: divide by the sum yourself if that is what you mean"
        )
    return arr


def _sum_p_log_ratio(p, num, *dens):
    """Sum over the last two axes of p ln(num / prod(dens)), with terms where p = 0 exactly 0.

    The logarithms are taken one factor at a time (ln num - ln den_1 - ...), so a
    product of small marginals never underflows to 0 and a log of 0 is never taken.
    """
    mask = p > 0  # p(x, y) > 0 implies p(x) > 0 and p(y) > 0
    t = _log_where(np.broadcast_to(num, p.shape), mask)
    for den in dens:
        t -= _log_where(np.broadcast_to(den, p.shape), mask)
    t *= p
    return t.sum(axis=(-2, -1))


def joint_entropy(pxy, base=2):
    r"""Joint entropy H(X, Y) of a joint probability table.

    Introduced in notebook ``04_kl_and_js_divergence`` (section "Two variables:
    joint entropy, conditional entropy, mutual information").

    .. math:: H(X, Y) = -\sum_{x, y} p(x, y) \log_b p(x, y), \qquad 0 \log 0 = 0

    It is the entropy of the table read as one distribution over the pairs
    (x, y).

    Parameters
    ----------
    pxy : array_like, shape (..., m, n)
        Joint table: X along the second-to-last axis, Y along the last axis;
        entries >= 0 summing to 1 over the last two axes.  Leading axes hold a
        batch of tables.  Checked, never renormalised (negative entries, NaN,
        a table that does not sum to 1, or fewer than 2 dimensions raise
        ``ValueError``).
    base : float or {'bits', 'nats', 'hartleys'}, default 2
        Logarithm base; the default gives bits.

    Returns
    -------
    numpy.floating or numpy.ndarray
        One value per table, shape ``(...)``, in the units of ``base``.
        max(H(X), H(Y)) <= H(X, Y) <= H(X) + H(Y).

    Notes
    -----
    The table's axes are fixed: Y along the **last axis**, X along the one
    before.  (``scipy.stats.entropy`` works along axis 0 and renormalises; this
    function does neither.)

    Examples
    --------
    >>> print(joint_entropy([[0.25, 0.25], [0.25, 0.25]]))    # two fair coins: 2 bits
    2.0
    >>> print(joint_entropy([[0.5, 0], [0, 0.5]]))            # one coin, copied: 1 bit
    1.0
    >>> print(joint_entropy([[[1, 0], [0, 0]], [[0.5, 0], [0, 0.5]]]))   # a batch of two tables
    [0. 1.]
    """
    lb = log_base(base)
    p = _joint_table(pxy)
    return _finish(_sum_p_log_p_exact(p.reshape(p.shape[:-2] + (-1,))), -lb)


def conditional_entropy(pxy, base=2):
    r"""Conditional entropy H(Y | X) of a joint probability table.

    Introduced in notebook ``04_kl_and_js_divergence`` (section "Two variables:
    joint entropy, conditional entropy, mutual information").

    .. math:: H(Y \mid X) = -\sum_{x, y} p(x, y) \log_b \frac{p(x, y)}{p(x)}
              = \sum_x p(x)\, H(Y \mid X = x) = H(X, Y) - H(X)

    The bits still needed, on average, to say Y once X is known.  Note the
    direction: X is the **second-to-last** axis (the rows), so this is H(Y | X);
    for H(X | Y) pass the transposed table, ``np.swapaxes(pxy, -1, -2)``.

    Parameters
    ----------
    pxy : array_like, shape (..., m, n)
        Joint table: X along the second-to-last axis, Y along the last axis;
        entries >= 0 summing to 1 over the last two axes.  Leading axes hold a
        batch of tables.  Checked, never renormalised.
    base : float or {'bits', 'nats', 'hartleys'}, default 2
        Logarithm base; the default gives bits.

    Returns
    -------
    numpy.floating or numpy.ndarray
        One value per table, shape ``(...)``, in the units of ``base``.
        0 <= H(Y | X) <= H(Y); exactly 0 when Y is a function of X.

    Notes
    -----
    Computed term by term as p(x, y) ln(p(x) / p(x, y)), each term >= 0 (a
    row sum is never below one of its entries, in floating point too), so the
    result is never negative, as subtracting H(X) from H(X, Y) could make it.
    Y is the **last axis**; ``scipy.stats.entropy`` (axis 0, renormalises)
    has no conditional version.

    Examples
    --------
    >>> print(conditional_entropy([[0.25, 0.25], [0.25, 0.25]]))   # X says nothing about Y
    1.0
    >>> print(conditional_entropy([[0.5, 0], [0, 0.5]]))           # X determines Y
    0.0
    >>> print(conditional_entropy([[0.5, 0.0], [0.25, 0.25]]))     # H(Y | X) = 0.5 * 0 + 0.5 * 1
    0.5
    """
    lb = log_base(base)
    p = _joint_table(pxy)
    px = p.sum(axis=-1, keepdims=True)
    return _finish(_sum_p_log_ratio(p, px, p), lb)


def mutual_information(pxy, base=2):
    r"""Mutual information I(X; Y) of a joint probability table.

    Introduced in notebook ``04_kl_and_js_divergence`` (section "Two variables:
    joint entropy, conditional entropy, mutual information").

    .. math:: I(X; Y) = \sum_{x, y} p(x, y) \log_b \frac{p(x, y)}{p(x)\, p(y)}
              = \mathrm{KL}\big(p(x, y) \,\|\, p(x)\, p(y)\big)
              = H(Y) - H(Y \mid X) = H(X) + H(Y) - H(X, Y)

    How many bits knowing X saves on Y (and Y on X: it is symmetric).  Zero
    exactly when X and Y are independent.

    Parameters
    ----------
    pxy : array_like, shape (..., m, n)
        Joint table: X along the second-to-last axis, Y along the last axis;
        entries >= 0 summing to 1 over the last two axes.  Leading axes hold a
        batch of tables.  Checked, never renormalised.
    base : float or {'bits', 'nats', 'hartleys'}, default 2
        Logarithm base; the default gives bits.  With ``base="nats"`` it equals
        ``sklearn.metrics.mutual_info_score(None, None, contingency=pxy)``.

    Returns
    -------
    numpy.floating or numpy.ndarray
        One value per table, shape ``(...)``, in the units of ``base``.
        0 <= I(X; Y) <= min(H(X), H(Y)).

    Notes
    -----
    Computed as the KL divergence of the table from the product of its
    marginals; a sum that rounding pushed just below 0 is returned as 0 (as
    :func:`kl_divergence` and scikit-learn do).  Y is the **last axis**.
    ``scipy.stats.entropy`` (axis 0, renormalises) has no mutual information;
    ``sklearn.metrics.mutual_info_score`` takes *counts* (a contingency
    table) and normalises them, in nats, where this function takes
    probabilities and refuses a table that does not sum to 1.

    Examples
    --------
    >>> print(mutual_information([[0.25, 0.25], [0.25, 0.25]]))   # independent
    0.0
    >>> print(mutual_information([[0.5, 0], [0, 0.5]]))           # Y = X: 1 bit
    1.0
    >>> print(round(float(mutual_information([[0.4, 0.1], [0.1, 0.4]])), 4))
    0.2781
    """
    lb = log_base(base)
    p = _joint_table(pxy)
    px = p.sum(axis=-1, keepdims=True)
    py = p.sum(axis=-2, keepdims=True)
    s = _sum_p_log_ratio(p, p, px, py)
    s = np.maximum(s, s.dtype.type(0), out=s if isinstance(s, np.ndarray) else None)
    return _finish(s, lb)


def convert_units(value, from_base, to_base):
    r"""Convert an information quantity from one logarithm base to another.

    Introduced in notebook ``01_self_information``.

    .. math:: x_{\text{to}} = x_{\text{from}} \cdot \frac{\ln b_{\text{from}}}{\ln b_{\text{to}}}

    Parameters
    ----------
    value : array_like
        Amount(s) of information measured in ``from_base`` units.  ``inf``
        (an infinite KL divergence, say) converts to ``inf``; NaN is an error.
    from_base, to_base : float or {'bits', 'nats', 'hartleys'}
        Bases (numbers > 0 and != 1) or unit names; 2 = bits, e = nats,
        10 = hartleys.  (The measures in this module default to bits.)

    Returns
    -------
    numpy.floating or numpy.ndarray
        The converted value(s), with the shape (and float dtype) of ``value``.

    Notes
    -----
    Elementwise: no axis is involved.  (The reducing functions of this module
    reduce along the last axis by default, unlike ``scipy.stats.entropy``.)

    Examples
    --------
    >>> print(convert_units(1, "bits", "nats") == np.log(2))
    True
    >>> print(convert_units(np.log(2), "nats", "bits"))
    1.0
    >>> print(round(float(convert_units(1, "bits", "hartleys")), 6))
    0.30103
    """
    lf = _named_log_base(from_base, "from_base")
    lt = _named_log_base(to_base, "to_base")
    if isinstance(value, (str, bytes)):
        raise TypeError(f"value must be a number or an array of numbers, got a {type(value).__name__}")
    try:
        arr = np.asarray(value)
    except Exception as exc:
        raise TypeError(f"value could not be converted to an array of numbers: {exc}") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"value must hold real numbers, got dtype {arr.dtype}")
    if arr.dtype.kind != "f" or arr.dtype.itemsize < 4:
        arr = arr.astype(np.float64)
    if np.isnan(arr).any():
        raise ValueError("value contains NaN")
    out = arr * arr.dtype.type(lf / lt)
    return out[()] if isinstance(out, np.ndarray) else out


def _named_log_base(base, name):
    """log_base(base), with errors that name the parameter (from_base / to_base)."""
    try:
        return log_base(base)
    except (TypeError, ValueError) as exc:
        msg = str(exc)
        if msg.startswith("base "):
            msg = name + msg[4:]
        raise type(exc)(msg) from None


# --------------------------------------------------------------------------- KL from samples (notebook 11)

# Below this |log r|, k3 = expm1(x) - x is summed as a series: expm1(x) - x loses about
# 2 eps/|x| (relative) to cancellation, while the series to x^12 is exact to rounding here
# (its first omitted term is below 1e-17 of the sum).
_K3_SERIES_BELOW = 0.2
_K3_COEFFS = tuple(1.0 / math.factorial(k) for k in range(2, 13))  # x^2/2!, ..., x^12/12!


def _k3(x):
    """(r - 1) - log r for log r = x, accurate for every x (inf for x = -inf or huge x)."""
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.expm1(x) - x
    small = np.abs(x) < _K3_SERIES_BELOW
    if small.any():
        xs = x[small] if out.ndim else x
        poly = np.zeros_like(xs)
        for c in reversed(_K3_COEFFS):
            poly = poly * xs + c
        poly = poly * xs * xs
        if out.ndim:
            out[small] = poly
        else:
            out = poly
    return out


def kl_estimators(log_q, log_p):
    r"""Per-sample estimators k1, k2, k3 of KL(q || p) from samples drawn from q (Schulman 2020).

    For a sample :math:`x \sim q` let :math:`\log r = \log p(x) - \log q(x)`
    (so :math:`r = p(x)/q(x)`).  Schulman's note "Approximating KL
    divergence" (2020) compares three per-sample estimators of
    :math:`\mathrm{KL}(q\,\|\,p) = \mathbb{E}_{x\sim q}[\log q(x) - \log p(x)]`:

    .. math:: k_1 = -\log r, \qquad k_2 = \tfrac12(\log r)^2, \qquad
              k_3 = (r - 1) - \log r.

    * :math:`k_1` is unbiased, but about half its values are negative, so its
      variance is high;
    * :math:`k_2` is biased (its mean is an f-divergence that agrees with KL
      to second order when p and q are close) but never negative and has low
      variance;
    * :math:`k_3` is unbiased, because :math:`\mathbb{E}_q[r - 1] = 0`, and
      never negative, because :math:`\log r \le r - 1`: the best of both.
      GRPO (Shao et al. 2024, DeepSeekMath §4.1) uses it as its KL penalty,
      written there as :math:`\pi_{ref}/\pi_\theta - \log(\pi_{ref}/\pi_\theta) - 1`.

    The average of each over many samples estimates the KL; the functions
    return the per-sample values so that bias and variance can be seen.
    :math:`k_3` is computed as ``expm1(log r) - log r`` (and a series for
    :math:`|\log r| < 0.2`), so it stays accurate when p and q are close.

    Units: **nats**, as the inputs are natural-log probabilities (model
    log-probabilities, ``log_softmax`` outputs, or log-densities); divide by
    ln 2 for bits.  This differs from the rest of this module, which defaults
    to bits.

    Introduced in notebook ``11_kl_in_llm_training``.

    Parameters
    ----------
    log_q : array_like
        :math:`\log q(x)` of each sample, where the samples were drawn from
        q.  Any shape; finite (a sample of probability 0 under q could not
        have been drawn: ``-inf`` is an error).  Log-densities may be > 0.
    log_p : array_like
        :math:`\log p(x)` of the same samples, the same shape.  ``-inf``
        (p(x) = 0 where q(x) > 0) is allowed and gives ``+inf`` for all three
        estimators: then KL(q || p) is infinite.

    Returns
    -------
    dict
        ``{"k1": ..., "k2": ..., "k3": ...}``, each an array of the input's
        shape (a NumPy scalar for 0-d input), dtype of ``log_q``.

    Notes
    -----
    Which KL: the samples come from q, so these estimate KL(q || p), the
    divergence **from the sampling distribution**.  In RLHF and GRPO the
    samples come from the policy :math:`\pi_\theta`, so ``log_q`` is the
    policy's log-probability and ``log_p`` the reference's: the estimate is
    the reverse KL :math:`\mathrm{KL}(\pi_\theta\,\|\,\pi_{\mathrm{ref}})`.

    Examples
    --------
    >>> from lossnotes.information import kl_estimators
    >>> k = kl_estimators(np.log([0.5, 0.25]), np.log([0.25, 0.5]))   # r = 1/2 and r = 2
    >>> print(np.round(k["k1"], 4), np.round(k["k2"], 4), np.round(k["k3"], 4))
    [ 0.6931 -0.6931] [0.2402 0.2402] [0.1931 0.3069]
    >>> # exact expectation over q = (1/2, 1/4, 1/4) against p = (1/4, 1/2, 1/4): k1 and k3 are unbiased
    >>> q, p = np.array([0.5, 0.25, 0.25]), np.array([0.25, 0.5, 0.25])
    >>> k = kl_estimators(np.log(q), np.log(p))
    >>> print(round(float(q @ k["k1"]), 4), round(float(q @ k["k3"]), 4),
    ...       round(float(kl_divergence(q, p, base="nats")), 4))
    0.1733 0.1733 0.1733
    """
    lq = _as_float(log_q, "log_q")
    lp = _as_float(log_p, "log_p").astype(lq.dtype, copy=False)
    check_same_shape(lq, lp, "log_q", "log_p")
    for a, name in ((lq, "log_q"), (lp, "log_p")):
        if not np.isfinite(a).all():
            nan = np.isnan(a)
            if nan.any():
                raise ValueError(_("{name} contains NaN (first at index {index})").format(
                    name=name, index=_first_bad_index(nan)))
            pos = a == np.inf
            if pos.any():
                raise ValueError(_("{name} contains +inf (first at index {index}); a log-probability "
                                   "or log-density must be finite or -inf").format(
                    name=name, index=_first_bad_index(pos)))
            if name == "log_q":
                raise ValueError(_(
                    "log_q is -inf at index {index}: the samples must be drawn from q, and q cannot draw "
                    "a sample of probability 0"
                ).format(index=_first_bad_index(a == -np.inf)))
    with np.errstate(invalid="ignore", over="ignore"):
        log_r = lp - lq
        k1 = -log_r
        k2 = 0.5 * log_r * log_r
    k3 = _k3(log_r)
    return {"k1": k1[()], "k2": k2[()], "k3": k3[()]}
