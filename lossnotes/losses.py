"""Functional losses in NumPy, with PyTorch's names, parameters, defaults and semantics.

Every function here mirrors a function of ``torch.nn.functional`` (or, for
:func:`sigmoid_focal_loss`, ``torchvision.ops``; for :func:`dpo_loss`, the
sigmoid loss of TRL's ``DPOTrainer``): same keyword names
(``input``, ``target``, ``weight``, ``reduction``, ...), same defaults, and the
same numbers (checked against PyTorch 2.13 in float64 by
``tests/test_torch_oracle.py``).  Where lossnotes deliberately differs, the
docstring has a "Differences from PyTorch" paragraph saying how and why; the
short version is that lossnotes **checks more**: a teaching package must not
return a silently wrong number, so arguments that PyTorch would quietly accept
and turn into a meaningless loss (probability targets that do not sum to 1,
log-probabilities that are positive, negative class weights, shapes that only
agree after broadcasting) raise an error that names the argument.

Conventions shared by all functions:

* Units are **nats** (natural logarithm), as in PyTorch.
* Logits always go through log-sum-exp (``x - max - log(sum(exp(x - max)))``),
  never exp-then-log, so logits up to ``±1e4`` give finite, correct results.
* The result dtype follows ``input``: float32 in, float32 out (reduced results
  are NumPy scalars such as ``np.float32``); integer inputs become float64.
* ``reduction`` is ``'none'`` (one loss per sample or element), ``'sum'`` or
  ``'mean'`` (PyTorch's divisor, stated in each docstring).
* Class axis: for an input of shape ``(C,)`` it is axis 0, for ``(N, C)`` and
  ``(N, C, d1, ...)`` it is axis 1, as in PyTorch.

Only NumPy is imported (no SciPy, matplotlib or ipywidgets).
"""

from __future__ import annotations

import numbers

import numpy as np

from .i18n import N_, _
from ._validation import (
    _BLOCK_BYTES,
    _first_bad_index,
    as_float_array,
    as_logits_array,
    check_class_indices,
    check_probabilities,
    check_reduction,
    check_scalar,
)

__all__ = [
    "logsumexp",
    "softmax",
    "log_softmax",
    "cross_entropy",
    "nll_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "kl_div",
    "mse_loss",
    "l1_loss",
    "smooth_l1_loss",
    "huber_loss",
    "sigmoid_focal_loss",
    "multi_margin_loss",
    "info_nce",
    "distillation_loss",
    "dpo_loss",
]

# log p is clamped at this value in binary_cross_entropy, as in PyTorch.
_LOG_CLAMP = -100.0


# --------------------------------------------------------------------------
# private helpers (no validation: callers validate)
# --------------------------------------------------------------------------

def _result(value, dtype):
    """``value`` as ``dtype``: an ndarray, or a NumPy scalar for 0-d results."""
    return np.asarray(value, dtype=dtype)[()]


def _nan(dtype):
    return np.asarray(np.nan, dtype=dtype)[()]


def _log_tolerance(dtype):
    # How far above 0 a "log-probability" may be through rounding alone.
    return 1e-6 if dtype == np.float64 else 1e-4


def _resolve_axis(axis, dim, *, allow_tuple=False):
    if dim is not None:
        if axis != -1 and axis != dim:
            raise TypeError(f"pass the axis as axis= or as dim= (its PyTorch name), not both; got axis={axis!r}, dim={dim!r}")
        axis = dim
    ok_int = isinstance(axis, numbers.Integral) and not isinstance(axis, bool)
    ok_tuple = (
        allow_tuple
        and isinstance(axis, tuple)
        and len(axis) > 0
        and all(isinstance(a, numbers.Integral) and not isinstance(a, bool) for a in axis)
    )
    if not (ok_int or ok_tuple):
        what = "an integer or a tuple of integers" if allow_tuple else "an integer"
        raise TypeError(f"axis must be {what}, got {axis!r}")
    return axis


def _normalise_axis(axis, ndim, name="axis"):
    axes = axis if isinstance(axis, tuple) else (axis,)
    out = []
    for a in axes:
        if not -ndim <= a < ndim:
            raise ValueError(f"{name}={a} is out of range for an array with {ndim} dimension(s)")
        out.append(int(a) % ndim)
    if len(set(out)) != len(out):
        raise ValueError(f"{name}={axis!r} repeats an axis")
    return tuple(out) if isinstance(axis, tuple) else out[0]


def _as_nd_input(x, name):
    arr = as_float_array(x, name)
    if arr.ndim == 0:
        raise ValueError(f"{name} must be at least 1-D, got the scalar {arr.item()!r}")
    return arr


def _lse(x, axis, keepdims=False):
    m = np.max(x, axis=axis, keepdims=True, initial=-np.inf)  # -inf over an empty axis
    if np.isfinite(m).all():
        out = m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))
    else:
        # A vector whose max is -inf (all entries -inf, or none) has log-sum-exp -inf, one
        # holding +inf has +inf: its max, as in PyTorch.  Shift the others as usual.
        bad = ~np.isfinite(m)
        m0 = np.where(bad, 0, m)
        s = np.sum(np.exp(np.where(bad, 0, x) - m0), axis=axis, keepdims=True)
        with np.errstate(divide="ignore"):  # log 0 of an empty vector: replaced by m = -inf
            out = np.where(bad, m, m0 + np.log(s))
    return out if keepdims else np.squeeze(out, axis=axis)


def _log_softmax(x, axis):
    shifted = x - np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _softmax(x, axis):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True, initial=-np.inf))
    return e / np.sum(e, axis=axis, keepdims=True)


def _ndim(x):
    try:
        return np.ndim(x)
    except Exception:  # a ragged list: the validation that follows reports it
        return 1


def _refuse_fully_masked(dead, name, axis):
    raise ValueError(
        f"{name} has a vector along axis {axis} whose entries are all -inf (the one at index "
        f"{_first_bad_index(np.atleast_1d(dead))}): every class is masked, so its softmax is 0/0, "
        "undefined (PyTorch returns NaN there). Leave at least one class unmasked"
    )


def _masked_softmax_input(x, axis, dim):
    """Logits for softmax/log_softmax: ``-inf`` allowed (masks), 0-d input as PyTorch.

    Returns ``(array, axis, shape)``: a 0-d input comes back as shape ``(1,)``
    with axis 0 (PyTorch treats it as one class), to be reshaped to ``shape``.
    """
    axis = _resolve_axis(axis, dim)
    axis = _normalise_axis(axis, max(_ndim(x), 1))
    a, dead = as_logits_array(x, "x", allow_empty=True, axis=axis)
    shape = a.shape
    if a.ndim == 0:
        a = a.reshape(1)
        if a[0] == -np.inf:
            dead = np.True_
    if dead is not None:
        _refuse_fully_masked(dead, "x", axis)
    return a, axis, shape


def _softplus(x):
    """log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|))."""
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def _sigmoid(x):
    """1 / (1 + exp(-x)) without overflow."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _class_axis(ndim):
    return 0 if ndim == 1 else 1


def _logits_input(input, name="input"):
    x = as_float_array(input, name)
    if x.ndim == 0:
        raise ValueError(
            f"{name} must have shape (C,), (N, C) or (N, C, d1, ...) (classes on axis 0 for 1-D "
            f"input, axis 1 otherwise); got the scalar {x.item()!r}"
        )
    return x


def _check_ignore_index(ignore_index):
    if isinstance(ignore_index, bool) or not isinstance(ignore_index, numbers.Integral):
        raise TypeError(f"ignore_index must be an integer, got {ignore_index!r}")
    return int(ignore_index)


def _class_weight(weight, x, name="weight"):
    """Validate a per-class weight vector for the input ``x``; cast to its dtype."""
    if weight is None:
        return None
    w = as_float_array(weight, name)
    axis = _class_axis(x.ndim)
    C = x.shape[axis]
    if w.ndim != 1 or w.shape[0] != C:
        raise ValueError(
            f"{name} has shape {w.shape} but input has shape {x.shape} with {C} classes on axis "
            f"{axis}; {name} needs exactly one entry per class, shape ({C},)"
        )
    if w.min() < 0:
        raise ValueError(f"{name} has a negative entry {float(w.min())!r}; class weights must be >= 0")
    return w.astype(x.dtype, copy=False)


def _broadcast_weight(weight, x, name):
    """Validate a weight that must broadcast to ``x.shape`` (BCE-style weights)."""
    if weight is None:
        return None
    w = as_float_array(weight, name)
    try:
        shape = np.broadcast_shapes(w.shape, x.shape)
    except ValueError:
        shape = None
    if shape != x.shape:
        raise ValueError(
            f"{name} has shape {w.shape}, which does not broadcast to the input's shape {x.shape}"
        )
    if w.min() < 0:
        raise ValueError(f"{name} has a negative entry {float(w.min())!r}; weights must be >= 0")
    return w.astype(x.dtype, copy=False)


def _index_shape(x):
    axis = _class_axis(x.ndim)
    return x.shape[:axis] + x.shape[axis + 1:]


def _parse_target(x, target, *, ignore_index=None, allow_prob=True, input_name="input",
                  target_name="target", func="cross_entropy"):
    """Classify ``target`` as class indices or probabilities for logits ``x``.

    Returns ``("index", int_array)`` or ``("prob", float_array_of_x_dtype)``.
    """
    if isinstance(target, (str, bytes)):
        raise TypeError(f"{target_name} must be an array of class indices or probabilities, got a str")
    try:
        t = np.asarray(target)
    except Exception as exc:
        raise TypeError(f"{target_name} could not be converted to an array: {exc}") from None
    axis = _class_axis(x.ndim)
    expected = _index_shape(x)
    if x.ndim == 1 and t.shape == (1,) and t.dtype.kind in "iu":
        t = t.reshape(())  # PyTorch accepts a (1,) target for one sample of shape (C,)
    if t.dtype.kind == "f" and t.shape == x.shape:
        if not allow_prob:
            raise TypeError(
                f"{target_name} must hold integer class indices of shape {expected}, got dtype "
                f"{t.dtype}; {func} takes no probability targets (use cross_entropy with logits)"
            )
        p = check_probabilities(t, target_name, axis=axis)
        return "prob", p.astype(x.dtype, copy=False)
    if t.dtype.kind in "iu" and t.dtype != bool and t.shape != expected:
        raise ValueError(
            f"{input_name} has shape {x.shape} but {target_name} has shape {t.shape}; class-index "
            f"targets must have shape {expected} (the input's shape without the class axis {axis})"
            + (f", probability targets the input's shape {x.shape} and a float dtype" if allow_prob else "")
        )
    if t.dtype.kind == "f" and not allow_prob:
        raise TypeError(
            f"{target_name} must hold integer class indices, got dtype {t.dtype}; "
            f"{func} takes no probability targets"
        )
    idx = check_class_indices(t, target_name, x.shape[axis], ignore_index=ignore_index)
    return "index", idx


def _gather_classes(lp_last, idx):
    """``lp_last[..., idx]`` elementwise: lp_last has the classes on the last axis."""
    return np.take_along_axis(lp_last, idx[..., None], axis=-1)[..., 0]


def _weighted_nll(logp, idx, w, ignore_index, reduction, label_smoothing=0.0):
    """The index-target loss shared by cross_entropy and nll_loss (PyTorch's rules)."""
    axis = _class_axis(logp.ndim)
    lp = np.moveaxis(logp, axis, -1)  # (..., C)
    keep = idx != ignore_index
    safe = np.where(keep, idx, 0)
    full = None
    if label_smoothing:
        full = -(lp.sum(axis=-1) if w is None else _times(w, lp).sum(axis=-1))
    return _nll_reduce(_gather_classes(lp, safe), keep, safe, w, reduction, logp.dtype,
                       logp.shape[axis], label_smoothing, full)


def _nll_reduce(picked, keep, safe, w, reduction, dtype, C, label_smoothing=0.0, full=None):
    """Weight, mask and reduce the picked log-probabilities ``picked`` (see _weighted_nll)."""
    wy = np.ones_like(picked) if w is None else w[safe]
    wy = np.where(keep, wy, 0).astype(dtype, copy=False)
    nll = _times(-wy, picked).astype(dtype, copy=False)  # 0 where wy = 0, even if picked = -inf
    if label_smoothing:
        smooth = np.where(keep, full, 0).astype(dtype, copy=False)
        a, b = 1 - label_smoothing, label_smoothing / C
    else:
        smooth, a, b = None, 1.0, 0.0
    if reduction == "none":
        out = nll if smooth is None else b * smooth if a == 0 else a * nll + b * smooth
        return _result(out, dtype)
    total = (nll.sum() if smooth is None else b * smooth.sum() if a == 0
             else a * nll.sum() + b * smooth.sum())
    if reduction == "sum":
        return _result(total, dtype)
    denom = wy.sum()
    if denom == 0:  # every target ignored (or all their weights 0): 0/0, as PyTorch
        return _nan(dtype)
    return _result(total / denom, dtype)


# Short rows (up to this many classes) take the blocked fast path of _log_softmax_at.
_MAX_FAST_CLASSES = 64


def _log_softmax_at(x, idx):
    """``_log_softmax(x, axis)`` gathered at the class ``idx`` of each sample, or None.

    The same bits as computing the whole log-softmax and picking one entry per
    sample, ``(x[idx] - max) - log(sum(exp(x - max)))``, without ever holding
    the whole of it.  The rows are taken in blocks that stay in the CPU cache,
    each transposed so that every pass runs over long contiguous vectors (one
    class of all the rows of the block) instead of over the short rows.
    Covers the usual case, ``x`` of shape ``(C,)`` or ``(N, C)``, C-contiguous,
    with 2 to 64 classes; returns None otherwise (the caller then takes the
    general path).
    """
    if x.ndim not in (1, 2) or not x.flags.c_contiguous or not 2 <= x.shape[-1] <= _MAX_FAST_CLASSES:
        return None
    C = x.shape[-1]
    x2 = x.reshape(-1, C)
    n = x2.shape[0]
    idx = idx.reshape(n)
    m = np.empty(n, dtype=x.dtype)  # row maxima
    lse = np.empty(n, dtype=x.dtype)  # row sums of exp(x - max), then their logs
    picked = np.empty(n, dtype=x.dtype)
    step = min(n, max(1, _BLOCK_BYTES // (C * x2.itemsize)))
    offsets = np.arange(0, step * C, C)  # where each row of a block starts, flattened
    work = np.empty((C, step), dtype=x.dtype)
    for start in range(0, n, step):
        block = x2[start:start + step]
        k = block.shape[0]
        e = work[:, :k]  # the block, transposed: one class per row
        np.copyto(e, block.T)
        np.maximum.reduce(e, axis=0, out=m[start:start + k])
        e -= m[start:start + k]  # the shifted logits, as _log_softmax computes them
        np.exp(e, out=e)
        lse[start:start + k] = _pairwise_sum_rows(e, 0, C)  # = np.sum(exp(shifted), axis=-1)
        np.take(block.reshape(-1), offsets[:k] + idx[start:start + k], out=picked[start:start + k])
    np.log(lse, out=lse)
    picked -= m  # = shifted[n, idx]
    picked -= lse
    return picked.reshape(idx.shape if x.ndim == 2 else ())


def _pairwise_sum_rows(a, lo, n):
    """Sum of the rows ``a[lo:lo + n]``, overwriting them, in NumPy's pairwise order.

    ``np.sum(b, axis=-1)`` adds each row of ``b`` with pairwise summation
    (NumPy's ``pairwise_sum``: below 8 terms one by one from 0.0; up to 128,
    eight accumulators and then a tree; above, split in two).  Applied to
    ``a = b.T`` this makes the same additions in the same order for all the
    rows of ``b`` at once, each step one call on long contiguous vectors:
    the same bits, many times faster when the rows of ``b`` are short.
    """
    if n < 8:
        res = a[lo]
        res += 0.0
        for j in range(lo + 1, lo + n):
            res += a[j]
        return res
    if n <= 128:
        r = a[lo:lo + 8]  # the eight accumulators
        end = lo + n - n % 8
        for i in range(lo + 8, end, 8):
            r += a[i:i + 8]
        r[0:8:2] += r[1:8:2]  # r0 + r1, r2 + r3, r4 + r5, r6 + r7
        r[0:8:4] += r[2:8:4]  # (r0 + r1) + (r2 + r3), (r4 + r5) + (r6 + r7)
        r[0] += r[4]
        res = r[0]
        for j in range(end, lo + n):
            res += a[j]
        return res
    half = n // 2
    half -= half % 8
    res = _pairwise_sum_rows(a, lo, half)
    res += _pairwise_sum_rows(a, lo + half, n - half)
    return res


def _times(a, b):
    """``a * b`` with 0 wherever ``a`` is 0, even against ``±inf`` (0·log 0 = 0)."""
    a, b = np.broadcast_arrays(a, b)
    out = np.zeros(a.shape, dtype=np.result_type(a, b))
    np.multiply(a, b, out=out, where=a != 0)
    return out


def _reduce(loss, reduction, dtype):
    if reduction == "none":
        return _result(loss, dtype)
    if reduction == "sum":
        return _result(np.sum(loss), dtype)
    return _result(np.mean(loss), dtype)


def _same_shape(a, b, name_a="input", name_b="target"):
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} has shape {a.shape} but {name_b} has shape {b.shape}; they must be equal "
            "(lossnotes does not broadcast here: PyTorch broadcasts with a warning, which hides "
            "a transposed or missing axis)"
        )


def _check_unit_interval(a, name, what="probabilities"):
    lo, hi = a.min(), a.max()
    if lo < 0 or hi > 1:
        bad = float(a[(a < 0) | (a > 1)].flat[0])
        where = np.argwhere((a < 0) | (a > 1))[0]
        where = tuple(int(i) for i in where) if where.size > 1 else (int(where[0]) if where.size else ())
        raise ValueError(
            f"{name} has the value {bad!r} at index {where}; {what} must lie in [0, 1]"
        )


def _check_log_probs(a, name, hint):
    tol = _log_tolerance(a.dtype)
    hi = float(a.max())
    if hi > tol:
        raise ValueError(
            _("{name} must hold log-probabilities (all <= 0), but its largest entry is {value}; {hint}").format(
                name=name, value=repr(hi), hint=_(hint))
        )


# --------------------------------------------------------------------------
# log-sum-exp, softmax, log-softmax
# --------------------------------------------------------------------------

def logsumexp(x, axis=-1, keepdims=False, *, dim=None, keepdim=None):
    r"""Stable :math:`\log\sum_i \exp(x_i)` along ``axis``.

    Computed with the max-shift :math:`m + \log\sum_i \exp(x_i - m)`,
    :math:`m = \max_i x_i`, so no ``exp`` ever overflows: the naive
    ``log(sum(exp([1000, 1001, 1002])))`` is ``inf``, this gives 1002.4076.
    Units: nats (natural logarithm).

    Mirrors ``torch.logsumexp(input, dim, keepdim=False)``; ``dim`` and
    ``keepdim`` are accepted as aliases of ``axis`` and ``keepdims``.

    Introduced in notebook 05_cross_entropy_loss.

    Parameters
    ----------
    x : array_like
        Real numbers; ``-inf`` (a masked entry) and ``+inf`` are allowed, NaN
        is not.  May be empty or 0-d.
    axis : int or tuple of int, default -1
        Axis (or axes) to reduce.
    keepdims : bool, default False
        Keep the reduced axes with length 1.
    dim, keepdim :
        PyTorch's names for ``axis`` and ``keepdims``.

    Returns
    -------
    numpy.ndarray or numpy scalar
        Same dtype as ``x`` (float32 stays float32).

    Notes
    -----
    Edge cases, as in PyTorch: ``-inf`` entries add nothing (``exp(-inf) =
    0``); a vector that is all ``-inf``, or empty, gives ``-inf`` (the log of
    an empty sum); one holding ``+inf`` gives ``+inf``; a 0-d input (axis 0
    or -1) gives itself.  NaN is refused with a ``ValueError`` (PyTorch
    propagates it): it always comes from an earlier bug.

    Examples
    --------
    >>> from lossnotes.losses import logsumexp
    >>> print(f"{logsumexp([1000.0, 1001.0, 1002.0]):.4f}")
    1002.4076
    >>> logsumexp([[0.0, 0.0], [1.0, 1.0]], dim=1).round(4)
    array([0.6931, 1.6931])
    """
    axis = _resolve_axis(axis, dim, allow_tuple=True)
    if keepdim is not None:
        keepdims = keepdim
    a = as_logits_array(x, "x", allow_pos_inf=True, allow_empty=True)
    if a.ndim == 0:  # PyTorch: a 0-d tensor has the one axis 0 (or -1); its log-sum-exp is itself
        _normalise_axis(axis, 1)
        return _result(a, a.dtype)
    axis = _normalise_axis(axis, a.ndim)
    return _result(_lse(a, axis, keepdims=bool(keepdims)), a.dtype)


def softmax(x, axis=-1, *, dim=None):
    r"""Softmax :math:`q_i = \exp(x_i) / \sum_j \exp(x_j)` along ``axis``.

    Computed as ``exp(x - max(x))`` normalised, so large logits do not overflow;
    the result is shift invariant (``softmax(x + c) == softmax(x)``).

    Mirrors ``torch.softmax(input, dim)`` / ``torch.nn.functional.softmax``;
    ``dim`` is accepted as an alias of ``axis``.  (PyTorch has no default
    ``dim``; lossnotes uses the last axis, the class axis of an ``(N, C)``
    batch.)

    Introduced in notebook 05_cross_entropy_loss.

    Parameters
    ----------
    x : array_like
        Logits; ``-inf`` masks a class (probability 0).  May be empty or 0-d.
    axis : int, default -1
        The axis that holds the classes.
    dim : int, optional
        PyTorch's name for ``axis``.

    Returns
    -------
    numpy.ndarray
        Probabilities, same shape and dtype as ``x``; each slice along
        ``axis`` sums to 1.

    Notes
    -----
    As in PyTorch: ``softmax([-inf, 0]) = [0, 1]`` (the attention and
    padding mask); an empty array gives an empty array; a 0-d input gives
    1.  **Refused** with a ``ValueError`` where PyTorch returns NaN: NaN in
    ``x``, a ``+inf`` logit (inf/inf), and a slice whose entries are all
    ``-inf`` (every class masked: 0/0).

    Examples
    --------
    >>> from lossnotes.losses import softmax
    >>> [round(float(v), 6) for v in softmax([0.0, 4.0, 10.0])]
    [4.5e-05, 0.002473, 0.997482]
    >>> softmax([1e4, 1e4 + 1.0]).round(4)   # no overflow
    array([0.2689, 0.7311])
    """
    a, axis, shape = _masked_softmax_input(x, axis, dim)
    if a.size == 0:  # an empty array in, an empty array out (as PyTorch)
        return a.copy()
    return _result(_softmax(a, axis).reshape(shape), a.dtype)


def log_softmax(x, axis=-1, *, dim=None):
    r"""Log-softmax :math:`x_i - \log\sum_j \exp(x_j)` along ``axis``, stably.

    Computed as ``(x - m) - log(sum(exp(x - m)))`` with ``m = max(x)``, never
    as ``log(softmax(x))`` (which gives ``-inf`` once a probability underflows).
    Every slice along ``axis`` log-sum-exps to 0.  Units: nats.

    Mirrors ``torch.log_softmax(input, dim)``; ``dim`` is accepted as an alias
    of ``axis`` (default: last axis).

    Introduced in notebook 05_cross_entropy_loss.

    Parameters
    ----------
    x : array_like
        Logits; ``-inf`` masks a class (log-probability ``-inf``).  May be
        empty or 0-d.
    axis : int, default -1
        The axis that holds the classes.
    dim : int, optional
        PyTorch's name for ``axis``.

    Returns
    -------
    numpy.ndarray
        Log-probabilities (all <= 0), same shape and dtype as ``x``.

    Notes
    -----
    As in PyTorch: ``log_softmax([-inf, 0]) = [-inf, 0]``; an empty array
    gives an empty array; a 0-d input gives 0.  **Refused** with a
    ``ValueError`` where PyTorch returns NaN: NaN in ``x``, a ``+inf``
    logit, and a slice whose entries are all ``-inf``.

    Examples
    --------
    >>> from lossnotes.losses import log_softmax
    >>> log_softmax([0.0, 0.0]).round(4)
    array([-0.6931, -0.6931])
    >>> log_softmax([0.0, 1e4])        # log(softmax) would give -inf
    array([-10000.,      0.])
    """
    a, axis, shape = _masked_softmax_input(x, axis, dim)
    if a.size == 0:  # an empty array in, an empty array out (as PyTorch)
        return a.copy()
    return _result(_log_softmax(a, axis).reshape(shape), a.dtype)


# --------------------------------------------------------------------------
# classification
# --------------------------------------------------------------------------

def cross_entropy(input, target, weight=None, ignore_index=-100, reduction="mean",
                  label_smoothing=0.0):
    r"""Softmax cross-entropy between logits and class indices or probabilities.

    Mirrors ``torch.nn.functional.cross_entropy`` (same parameters, defaults
    and values).  Units: nats.

    **Index targets** (integer ``target`` of shape ``(N,)``, ``(N, d1, ...)``,
    or ``()`` for a 1-D input):

    .. math:: \ell_n = -w_{y_n} \log \mathrm{softmax}(x_n)_{y_n}

    with :math:`w \equiv 1` when ``weight`` is None and :math:`\ell_n = 0` for
    targets equal to ``ignore_index``.  ``'mean'`` is the **weighted** mean
    :math:`\sum_n \ell_n / \sum_n w_{y_n}` over the non-ignored samples; if
    every target is ignored this is 0/0 and the result is NaN, as in PyTorch.

    **Probability targets** (float ``target`` with the input's shape):

    .. math:: \ell_n = -\sum_c w_c\, y_{nc} \log \mathrm{softmax}(x_n)_c

    and ``'mean'`` divides by the number of samples :math:`N \cdot d_1 \cdots`
    (unweighted).  ``ignore_index`` must then be negative (PyTorch raises too).

    **Label smoothing** :math:`\varepsilon` replaces the target by
    :math:`(1-\varepsilon)\,\mathrm{onehot}(y) + \varepsilon/C` (or
    :math:`(1-\varepsilon)\,y + \varepsilon/C` for probability targets).  With
    index targets and weights PyTorch computes, and so does lossnotes,

    .. math:: (1-\varepsilon)\frac{\sum_n w_{y_n}(-\log p_{n,y_n})}{\sum_n w_{y_n}}
              + \frac{\varepsilon}{C}\frac{\sum_n\sum_c w_c(-\log p_{n,c})}{\sum_n w_{y_n}}

    for ``'mean'``: the smoothing term is also divided by the target-class weights.

    The logits pass through log-softmax (log-sum-exp), so ``±1e4`` is fine.
    An input of shape ``(N, C, d1, ...)`` gives the same numbers as moving
    the class axis last and flattening to ``(N·d1·..., C)``.

    Introduced in notebook 05_cross_entropy_loss.

    Parameters
    ----------
    input : array_like
        Logits of shape ``(C,)``, ``(N, C)`` or ``(N, C, d1, ...)``; classes on
        axis 0 for 1-D input, axis 1 otherwise.
    target : array_like
        Integer class indices in ``[0, C)`` (or ``ignore_index``) of the input's
        shape without the class axis, or float probabilities of the input's
        shape, summing to 1 over the class axis.
    weight : array_like, optional
        One non-negative weight per class, shape ``(C,)``.
    ignore_index : int, default -100
        Index targets equal to this contribute nothing (not even to the mean's
        divisor).
    reduction : {'mean', 'sum', 'none'}, default 'mean'
    label_smoothing : float in [0, 1], default 0.0

    Returns
    -------
    numpy scalar or numpy.ndarray
        The loss, same dtype as ``input``; with ``'none'`` one value per
        sample (shape of the index target).

    Notes
    -----
    **Differences from PyTorch.**

    * Probability targets are checked: entries in [0, 1], each vector summing
      to 1 along the class axis (tolerance 1e-6 in float64, 1e-4 in float32).
      PyTorch checks neither and returns a number for any float target; a
      target that does not sum to 1 gives a loss that is not a cross-entropy,
      and a teaching package must not return a silently wrong number.
    * Class weights must be >= 0 (PyTorch accepts negative weights).
    * Float targets whose shape is not the input's raise ``TypeError`` (as
      labels they would need to be integers); integer targets must have the
      index shape.  PyTorch raises here as well, with other messages.
    * NaN and ``+inf`` logits are refused (PyTorch returns NaN), and so is a
      sample whose logits are all ``-inf``, unless its target is
      ``ignore_index`` (then it contributes nothing, as in PyTorch).
    * A zero times a ``-inf`` log-probability counts as 0 (0·log 0 = 0): a
      probability target of 0 on a masked class, or a class weight of 0 on a
      masked class, adds nothing.  PyTorch returns NaN for these.
    * An empty batch is refused (PyTorch's ``'mean'`` is NaN there).

    **Same as PyTorch.** Masked logits: ``-inf`` on a non-target class gives a
    finite loss (that class has probability 0), ``-inf`` on the target class
    gives ``+inf``.  A 1-D input takes a target of shape ``()`` or ``(1,)``;
    both give a 0-d result.

    Examples
    --------
    >>> import numpy as np
    >>> from lossnotes.losses import cross_entropy
    >>> logits = np.array([[2.0, 0.5, -1.0], [0.0, 0.0, 3.0]])
    >>> print(f"{cross_entropy(logits, [0, 1]):.4f}")
    1.6681
    >>> cross_entropy(logits, [0, 1], reduction='none').round(4)
    array([0.2413, 3.0949])
    >>> print(f"{cross_entropy(logits, [0, -100]):.4f}")      # second sample ignored
    0.2413
    >>> soft = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])  # one-hot probabilities
    >>> print(f"{cross_entropy(logits, soft):.4f}")
    1.6681
    """
    axis = _class_axis(_ndim(input))
    x, dead = as_logits_array(input, "input", axis=axis)
    if x.ndim == 0:
        _logits_input(x)  # raises the usual message for a scalar
    reduction = check_reduction(reduction)
    eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    ignore_index = _check_ignore_index(ignore_index)
    w = _class_weight(weight, x)
    kind, t = _parse_target(x, target, ignore_index=ignore_index)
    if dead is not None:  # some sample has every logit -inf: fine only if it is ignored
        live = dead if kind == "prob" else dead & (t != ignore_index)
        if live.any():
            _refuse_fully_masked(live, "input", axis)
        x = np.where(np.expand_dims(dead, axis), 0, x)  # ignored: any finite row will do
    if kind == "index" and not eps:
        # Only the log-probability of each target is needed: skip the rest of log_softmax.
        keep = t != ignore_index
        safe = np.where(keep, t, 0)
        picked = _log_softmax_at(x, safe)
        if picked is not None:
            return _nll_reduce(picked, keep, safe, w, reduction, x.dtype, x.shape[axis])
    logp = _log_softmax(x, axis)
    if kind == "index":
        return _weighted_nll(logp, t, w, ignore_index, reduction, eps)
    if ignore_index >= 0:
        raise ValueError(
            f"ignore_index={ignore_index} is not supported with probability targets (float target "
            "of the input's shape); PyTorch raises too. Leave ignore_index at its default -100"
        )
    C = x.shape[axis]
    if eps:
        t = t * (1 - eps) + eps / C
    if w is not None:
        shape = [1] * x.ndim
        shape[axis] = C
        t = t * w.reshape(shape)
    per = -np.sum(_times(t, logp), axis=axis)  # t = 0 on a masked (-inf) class adds 0
    return _reduce(per, reduction, x.dtype)


def nll_loss(input, target, weight=None, ignore_index=-100, reduction="mean"):
    r"""Negative log-likelihood of class indices given log-probabilities.

    .. math:: \ell_n = -w_{y_n}\, \mathrm{input}_{n, y_n}

    ``input`` holds log-probabilities (e.g. from :func:`log_softmax`);
    ``nll_loss(log_softmax(x), y)`` equals ``cross_entropy(x, y)``.  The
    weight, ``ignore_index`` and ``'mean'`` rules are those of
    :func:`cross_entropy` with index targets: ``'mean'`` divides by
    :math:`\sum_n w_{y_n}` over the non-ignored samples (NaN if all are
    ignored, as PyTorch).  Units: nats.

    Mirrors ``torch.nn.functional.nll_loss``.

    Introduced in notebook 05_cross_entropy_loss.

    Parameters
    ----------
    input : array_like
        Log-probabilities of shape ``(C,)``, ``(N, C)`` or ``(N, C, d1, ...)``.
    target : array_like of int
        Class indices in ``[0, C)`` or ``ignore_index``; shape of ``input``
        without the class axis.
    weight : array_like, optional
        One non-negative weight per class, shape ``(C,)``.
    ignore_index : int, default -100
    reduction : {'mean', 'sum', 'none'}, default 'mean'

    Returns
    -------
    numpy scalar or numpy.ndarray
        Same dtype as ``input``.

    Notes
    -----
    **Differences from PyTorch.**
    ``input`` must be <= 0 everywhere (log-probabilities; tolerance 1e-6 in
    float64, 1e-4 in float32).  PyTorch accepts anything, so passing raw
    logits silently gives a wrong (often negative) loss; here it is an error
    that says to use :func:`log_softmax` or :func:`cross_entropy`.  Class
    weights must be >= 0.  NaN is refused; ``-inf`` (log 0) is allowed and
    gives ``+inf`` on the target class, as in PyTorch; a weight of 0 (or an
    ignored target) times ``-inf`` counts as 0 where PyTorch gives NaN.  A
    1-D input takes a target of shape ``()`` or ``(1,)`` (a 0-d result), as
    in PyTorch.

    Examples
    --------
    >>> import numpy as np
    >>> from lossnotes.losses import nll_loss, log_softmax
    >>> logp = log_softmax(np.array([[2.0, 0.5, -1.0], [0.0, 0.0, 3.0]]), dim=1)
    >>> print(f"{nll_loss(logp, [0, 1]):.4f}")
    1.6681
    >>> print(f"{nll_loss(logp, [0, 1], weight=[1.0, 3.0, 1.0]):.4f}")  # (0.2413 + 3*3.0949) / 4
    2.3815
    """
    x = as_logits_array(input, "input")  # log 0 = -inf is a log-probability
    if x.ndim == 0:
        _logits_input(x)
    reduction = check_reduction(reduction)
    ignore_index = _check_ignore_index(ignore_index)
    w = _class_weight(weight, x)
    _check_log_probs(
        x, "input",
        N_("nll_loss expects log_softmax(logits); for raw logits use cross_entropy instead"),
    )
    _, t = _parse_target(x, target, ignore_index=ignore_index, allow_prob=False, func="nll_loss")
    return _weighted_nll(x, t, w, ignore_index, reduction)


def binary_cross_entropy(input, target, weight=None, reduction="mean"):
    r"""Binary cross-entropy between probabilities and targets in [0, 1].

    .. math:: \ell = -w\,[\,y \log p + (1-y)\log(1-p)\,]

    with each log clamped at :math:`\geq -100`, as in PyTorch, so that
    ``p = 0, y = 1`` gives 100 instead of inf.  ``'mean'`` averages over all
    elements.  Units: nats.  Prefer :func:`binary_cross_entropy_with_logits`
    on logits: sigmoid-then-BCE loses precision and hits the clamp (at logit
    40 and y = 0 it gives 100 instead of 40).

    Mirrors ``torch.nn.functional.binary_cross_entropy``; PyTorch also
    requires input and target in [0, 1], so there is no difference in values.

    Introduced in notebook 05_cross_entropy_loss.

    Parameters
    ----------
    input : array_like
        Probabilities :math:`p \in [0, 1]`, any shape.
    target : array_like
        Targets :math:`y \in [0, 1]`, the same shape.
    weight : array_like, optional
        Non-negative weights broadcastable to the input's shape.
    reduction : {'mean', 'sum', 'none'}, default 'mean'

    Returns
    -------
    numpy scalar or numpy.ndarray
        Same dtype as ``input``.

    Notes
    -----
    **Differences from PyTorch.**
    ``weight`` must be >= 0.

    Examples
    --------
    >>> from lossnotes.losses import binary_cross_entropy
    >>> print(binary_cross_entropy([0.0], [1.0]))        # clamped log
    100.0
    >>> print(f"{binary_cross_entropy([0.9, 0.2], [1.0, 0.0]):.4f}")
    0.1643
    """
    p = as_float_array(input, "input")
    reduction = check_reduction(reduction)
    y = as_float_array(target, "target").astype(p.dtype, copy=False)
    _same_shape(p, y)
    _check_unit_interval(p, "input", "probabilities (binary_cross_entropy takes sigmoid outputs)")
    _check_unit_interval(y, "target", "binary targets")
    w = _broadcast_weight(weight, p, "weight")
    log_p = np.full_like(p, _LOG_CLAMP)
    np.log(p, out=log_p, where=p > 0)
    q = 1 - p
    log_q = np.full_like(p, _LOG_CLAMP)
    np.log(q, out=log_q, where=q > 0)
    loss = -y * np.maximum(log_p, _LOG_CLAMP) - (1 - y) * np.maximum(log_q, _LOG_CLAMP)
    if w is not None:
        loss = loss * w
    return _reduce(loss, reduction, p.dtype)


def binary_cross_entropy_with_logits(input, target, weight=None, reduction="mean",
                                     pos_weight=None):
    r"""Binary cross-entropy on logits, computed stably.

    .. math:: \ell = -w\,[\,\pi\, y \log\sigma(x) + (1-y)\log(1-\sigma(x))\,]
              = w\,[\,\pi\, y\, \mathrm{softplus}(-x) + (1-y)\,\mathrm{softplus}(x)\,]

    where :math:`\pi` is ``pos_weight`` (1 if None), using
    :math:`\log\sigma(x) = -\mathrm{softplus}(-x)`,
    :math:`\log(1-\sigma(x)) = -\mathrm{softplus}(x)` and
    :math:`\mathrm{softplus}(x) = \max(x, 0) + \log(1 + e^{-|x|})`: nothing
    overflows and nothing is clamped (at x = 40, y = 0 the loss is 40).
    ``'mean'`` averages over all elements.  Units: nats.

    Mirrors ``torch.nn.functional.binary_cross_entropy_with_logits``.

    Introduced in notebook 05_cross_entropy_loss.

    Parameters
    ----------
    input : array_like
        Logits, any shape.
    target : array_like
        Targets in [0, 1], the same shape.
    weight : array_like, optional
        Non-negative weights broadcastable to the input's shape.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
    pos_weight : array_like, optional
        Non-negative weight of the positive term, broadcastable to the input's
        shape (typically one entry per class, shape ``(C,)``, last axis).

    Returns
    -------
    numpy scalar or numpy.ndarray
        Same dtype as ``input``.

    Notes
    -----
    **Differences from PyTorch.**
    ``target`` must lie in [0, 1] and ``weight``/``pos_weight`` must be >= 0;
    PyTorch checks none of these here (unlike ``binary_cross_entropy``, which
    does check the target) and returns a number that is not a cross-entropy.

    Examples
    --------
    >>> from lossnotes.losses import binary_cross_entropy_with_logits
    >>> print(binary_cross_entropy_with_logits([40.0], [0.0]))
    40.0
    >>> print(f"{binary_cross_entropy_with_logits([0.0], [1.0], pos_weight=[3.0]):.4f}")  # 3 ln 2
    2.0794
    """
    x = as_float_array(input, "input")
    reduction = check_reduction(reduction)
    y = as_float_array(target, "target").astype(x.dtype, copy=False)
    _same_shape(x, y)
    _check_unit_interval(y, "target", "binary targets")
    w = _broadcast_weight(weight, x, "weight")
    pw = _broadcast_weight(pos_weight, x, "pos_weight")
    pos = _softplus(-x)
    if pw is not None:
        pos = pw * pos
    loss = y * pos + (1 - y) * _softplus(x)
    if w is not None:
        loss = loss * w
    return _reduce(loss, reduction, x.dtype)


def kl_div(input, target, reduction="mean", log_target=False):
    r"""Kullback-Leibler divergence KL(target ‖ exp(input)), PyTorch's argument order.

    ``input`` is :math:`\log q` (log-probabilities, e.g. from
    :func:`log_softmax`), ``target`` is :math:`p` (or :math:`\log p` with
    ``log_target=True``).  Elementwise

    .. math:: \ell = p\,(\log p - \log q), \qquad 0 \log 0 = 0,

    so terms with :math:`p = 0` contribute 0 (PyTorch's ``xlogy``).  Units: nats.

    Reductions, as in PyTorch: ``'sum'`` adds everything; ``'batchmean'``
    divides the sum by ``input.shape[0]`` (N): for ``(N, C)`` rows this is the
    true mean KL per sample; ``'mean'`` divides by the number of elements
    N·C, which is **not** a KL (PyTorch warns about this; lossnotes keeps
    PyTorch's value and says so here); ``'none'`` returns the elements.

    Note the order: KL(p ‖ q) is ``kl_div(log q, p)``, the reverse of the
    mathematical notation.

    Mirrors ``torch.nn.functional.kl_div``.

    Introduced in notebook 08_knowledge_distillation.

    Parameters
    ----------
    input : array_like
        :math:`\log q`, all <= 0, any shape.
    target : array_like
        :math:`p \in [0, 1]` (or :math:`\log p \le 0` with ``log_target``),
        the same shape.
    reduction : {'mean', 'batchmean', 'sum', 'none'}, default 'mean'
    log_target : bool, default False

    Returns
    -------
    numpy scalar or numpy.ndarray
        Same dtype as ``input``.

    Notes
    -----
    **Differences from PyTorch.**

    * ``input`` must be <= 0 (log-probabilities) and ``target`` in [0, 1]
      (or <= 0 with ``log_target=True``), tolerance 1e-6 (float64) / 1e-4
      (float32).  Passing probabilities instead of log-probabilities is the
      most common ``kl_div`` bug, and PyTorch returns a number for it.
      (kl_div is elementwise, so sums to 1 are not checked here.)
    * ``target`` must have the input's shape (no broadcasting).
    * ``reduction='mean'`` gives PyTorch's value without a warning.
    * NaN in either argument is refused with a ``ValueError``; PyTorch
      propagates it into the loss.  A NaN here always comes from an earlier
      bug (a 0/0 or inf − inf upstream), and the error says where it is.
    * ``input`` may be ``-inf`` (q = 0): the element is ``+inf`` where
      p > 0, as in PyTorch, and 0 where p = 0 (0·log 0 = 0), where PyTorch
      gives NaN.  ``target`` must be finite.

    Examples
    --------
    >>> import numpy as np
    >>> from lossnotes.losses import kl_div
    >>> p = np.array([[0.5, 0.5, 0.0]]); q = np.array([[0.25, 0.25, 0.5]])
    >>> print(f"{kl_div(np.log(q), p, reduction='batchmean'):.4f}")   # ln 2
    0.6931
    >>> print(f"{kl_div(np.log(q), p, reduction='mean'):.4f}")        # ln 2 / 3
    0.2310
    """
    reduction = check_reduction(reduction, ("none", "batchmean", "sum", "mean"))
    lq = as_logits_array(input, "input")  # log q = -inf (q = 0) is allowed
    t = as_float_array(target, "target").astype(lq.dtype, copy=False)
    _same_shape(lq, t)
    _check_log_probs(
        lq, "input", N_("kl_div takes log q as input: pass log_softmax(logits), not probabilities")
    )
    if not isinstance(log_target, (bool, np.bool_)):
        raise TypeError(f"log_target must be True or False, got {log_target!r}")
    if log_target:
        _check_log_probs(
            t, "target", N_("with log_target=True the target must be log p; pass log_target=False for p")
        )
        loss = np.exp(t) * (t - lq)
    else:
        _check_unit_interval(t, "target", "probabilities")
        log_t = np.zeros_like(t)
        np.log(t, out=log_t, where=t > 0)
        loss = t * log_t - _times(t, lq)  # 0 where p = 0, +inf where q = 0 < p
    if reduction == "batchmean":
        total = np.sum(loss)
        return _result(total / lq.shape[0] if lq.ndim else total, lq.dtype)
    return _reduce(loss, reduction, lq.dtype)


# --------------------------------------------------------------------------
# regression
# --------------------------------------------------------------------------

def _regression_pair(input, target):
    x = as_float_array(input, "input")
    y = as_float_array(target, "target").astype(x.dtype, copy=False)
    _same_shape(x, y)
    return x, y


def mse_loss(input, target, reduction="mean"):
    r"""Mean squared error :math:`\ell = (x - y)^2`, averaged over all elements.

    Mirrors ``torch.nn.functional.mse_loss``.  (Units: those of the target,
    squared.)

    Introduced in notebook 06_mse_vs_cross_entropy.

    Parameters
    ----------
    input, target : array_like
        Predictions and targets of the same shape.
    reduction : {'mean', 'sum', 'none'}, default 'mean'

    Returns
    -------
    numpy scalar or numpy.ndarray
        Same dtype as ``input``.

    Notes
    -----
    **Differences from PyTorch.**
    The shapes must be equal; PyTorch broadcasts (with a warning), which turns
    an ``(N, 1)`` versus ``(N,)`` mix-up into an ``(N, N)`` loss.

    Examples
    --------
    >>> from lossnotes.losses import mse_loss
    >>> print(mse_loss([10.0, 10.0, 20.0], [30.0, 20.0, 50.0]))   # (400 + 100 + 900) / 3
    466.6666666666667
    """
    x, y = _regression_pair(input, target)
    reduction = check_reduction(reduction)
    d = x - y
    return _reduce(d * d, reduction, x.dtype)


def l1_loss(input, target, reduction="mean"):
    r"""Mean absolute error :math:`\ell = |x - y|`, averaged over all elements.

    Mirrors ``torch.nn.functional.l1_loss``.  For outputs (10, 10, 20) and
    targets (30, 20, 50) the errors are 20, 10, 30: 'mean' gives 20 and
    'sum' 60.

    Introduced in notebook 07_regression_losses.

    Parameters
    ----------
    input, target : array_like
        Predictions and targets of the same shape.
    reduction : {'mean', 'sum', 'none'}, default 'mean'

    Returns
    -------
    numpy scalar or numpy.ndarray
        Same dtype as ``input``.

    Notes
    -----
    **Differences from PyTorch.**
    The shapes must be equal (no broadcasting).

    Examples
    --------
    >>> from lossnotes.losses import l1_loss
    >>> print(l1_loss([10.0, 10.0, 20.0], [30.0, 20.0, 50.0]))
    20.0
    >>> print(l1_loss([10.0, 10.0, 20.0], [30.0, 20.0, 50.0], reduction='sum'))
    60.0
    """
    x, y = _regression_pair(input, target)
    reduction = check_reduction(reduction)
    return _reduce(np.abs(x - y), reduction, x.dtype)


def smooth_l1_loss(input, target, reduction="mean", beta=1.0):
    r"""Smooth L1 loss: quadratic below ``beta``, linear above.

    .. math:: \ell = \begin{cases} 0.5\, d^2 / \beta & |d| < \beta \\
                                     |d| - 0.5\,\beta & \text{otherwise}\end{cases},
              \quad d = x - y.

    ``beta = 0`` is exactly the L1 loss.  Its slope is at most 1 for every
    ``beta`` (unlike :func:`huber_loss`, whose slope is ``delta``):
    ``huber_loss(delta=b) == b * smooth_l1_loss(beta=b)``.

    Mirrors ``torch.nn.functional.smooth_l1_loss`` (``beta >= 0``, as PyTorch).

    Introduced in notebook 07_regression_losses.

    Parameters
    ----------
    input, target : array_like
        Predictions and targets of the same shape.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
    beta : float >= 0, default 1.0

    Returns
    -------
    numpy scalar or numpy.ndarray
        Same dtype as ``input``.

    Notes
    -----
    **Differences from PyTorch.**
    The shapes must be equal (no broadcasting).

    Examples
    --------
    >>> from lossnotes.losses import smooth_l1_loss
    >>> smooth_l1_loss([0.5, 3.0], [0.0, 0.0], reduction='none')   # 0.5*0.25, 3 - 0.5
    array([0.125, 2.5  ])
    >>> smooth_l1_loss([0.5, 3.0], [0.0, 0.0], reduction='none', beta=0.0)
    array([0.5, 3. ])
    """
    x, y = _regression_pair(input, target)
    reduction = check_reduction(reduction)
    beta = check_scalar(beta, "beta", low=0.0)
    a = np.abs(x - y)
    if beta == 0:
        loss = a
    else:
        loss = np.where(a < beta, 0.5 * a * a / beta, a - 0.5 * beta)
    return _reduce(loss, reduction, x.dtype)


def huber_loss(input, target, reduction="mean", delta=1.0):
    r"""Huber loss: quadratic below ``delta``, linear with slope ``delta`` above.

    .. math:: \ell = \begin{cases} 0.5\, d^2 & |d| < \delta \\
                                     \delta\,(|d| - 0.5\,\delta) & \text{otherwise}\end{cases},
              \quad d = x - y.

    Not the same function as :func:`smooth_l1_loss`: ``huber(delta=b) ==
    b * smooth_l1(beta=b)``; they agree only for ``b = 1``.

    Mirrors ``torch.nn.functional.huber_loss`` (``delta > 0``, as PyTorch).

    Introduced in notebook 07_regression_losses.

    Parameters
    ----------
    input, target : array_like
        Predictions and targets of the same shape.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
    delta : float > 0, default 1.0

    Returns
    -------
    numpy scalar or numpy.ndarray
        Same dtype as ``input``.

    Notes
    -----
    **Differences from PyTorch.**
    The shapes must be equal (no broadcasting).

    Examples
    --------
    >>> from lossnotes.losses import huber_loss
    >>> huber_loss([0.5, 3.0], [0.0, 0.0], reduction='none', delta=2.0)   # 0.5*0.25, 2*(3-1)
    array([0.125, 4.   ])
    """
    x, y = _regression_pair(input, target)
    reduction = check_reduction(reduction)
    delta = check_scalar(delta, "delta", low=0.0, low_inclusive=False)
    a = np.abs(x - y)
    loss = np.where(a < delta, 0.5 * a * a, delta * (a - 0.5 * delta))
    return _reduce(loss, reduction, x.dtype)


# --------------------------------------------------------------------------
# other losses
# --------------------------------------------------------------------------

def sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2, reduction="none"):
    r"""Focal loss (Lin et al. 2017) on logits, torchvision's definition and defaults.

    .. math:: p = \sigma(x),\quad p_t = p\,t + (1-p)(1-t),\quad
              \alpha_t = \alpha\,t + (1-\alpha)(1-t),

    .. math:: \ell = \alpha_t\,(1 - p_t)^\gamma\ \mathrm{BCEwithLogits}(x, t).

    A negative ``alpha`` disables the :math:`\alpha_t` factor, as in
    torchvision.  With ``gamma = 0`` and ``alpha < 0`` it is plain
    :func:`binary_cross_entropy_with_logits`.  Note the default
    ``reduction='none'`` (torchvision's).  Units: nats.

    Mirrors ``torchvision.ops.sigmoid_focal_loss``.  :math:`1 - p_t` is
    computed as :math:`t\,\sigma(-x) + (1-t)\,\sigma(x)`, which equals
    torchvision's value without its cancellation for large ``|x|``.

    Introduced in notebook 09_other_losses.

    Parameters
    ----------
    inputs : array_like
        Logits, any shape.
    targets : array_like
        Targets in [0, 1] (usually 0 or 1), the same shape.
    alpha : float <= 1, default 0.25
        Weight of the positive class; negative to disable.
    gamma : float >= 0, default 2
        Focusing exponent.
    reduction : {'none', 'mean', 'sum'}, default 'none'

    Returns
    -------
    numpy scalar or numpy.ndarray
        Same dtype as ``inputs``.

    Notes
    -----
    **Differences from torchvision.**
    ``targets`` must lie in [0, 1], ``alpha`` must be <= 1 and ``gamma``
    >= 0 (torchvision checks none of them), and the shapes must be equal.

    Examples
    --------
    >>> from lossnotes.losses import sigmoid_focal_loss
    >>> sigmoid_focal_loss([0.0, 2.0], [1.0, 1.0]).round(5)   # 0.25 * 0.5**2 * ln 2, ...
    array([0.04332, 0.00045])
    """
    x = as_float_array(inputs, "inputs")
    reduction = check_reduction(reduction)
    t = as_float_array(targets, "targets").astype(x.dtype, copy=False)
    _same_shape(x, t, "inputs", "targets")
    _check_unit_interval(t, "targets", "binary targets")
    alpha = check_scalar(alpha, "alpha", high=1.0)
    gamma = check_scalar(gamma, "gamma", low=0.0)
    ce = t * _softplus(-x) + (1 - t) * _softplus(x)
    one_minus_pt = t * _sigmoid(-x) + (1 - t) * _sigmoid(x)
    loss = ce * one_minus_pt ** gamma
    if alpha >= 0:
        loss = (alpha * t + (1 - alpha) * (1 - t)) * loss
    return _reduce(loss, reduction, x.dtype)


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, reduction="mean"):
    r"""Multi-class hinge loss of Weston and Watkins (a sum over the wrong classes), PyTorch's form.

    .. math:: \ell_n = \frac{1}{C}\sum_{i \ne y_n}
              w_{y_n}\,\max(0,\ \mathrm{margin} - x_{n,y_n} + x_{n,i})^p

    i.e. the score of the true class must beat every other score by
    ``margin``; ``p = 1`` is the usual multi-class hinge loss, ``p = 2`` its
    squared version.  This is the Weston-Watkins form: every wrong class that
    comes within the margin adds its own term.  (Crammer and Singer's
    multi-class SVM instead takes only the largest violation,
    :math:`\max_{i \ne y}`; PyTorch has no function for that one.)  The
    weight multiplies the hinge term *after* the power
    (what PyTorch computes; its documentation puts it inside).  ``'mean'``
    averages over samples (unweighted).  This is lossnotes' multi-class
    hinge loss.

    Mirrors ``torch.nn.functional.multi_margin_loss``.

    Introduced in notebook 09_other_losses.

    Parameters
    ----------
    input : array_like
        Scores of shape ``()`` (one sample, one class), ``(C,)`` or ``(N, C)``.
    target : array_like of int
        Class indices in ``[0, C)``, shape ``()`` or ``(1,)`` for a 0-d or 1-D
        input (the result then has the target's shape, as in PyTorch), or
        ``(N,)``.
    p : {1, 2}, default 1
    margin : float, default 1.0
    weight : array_like, optional
        One non-negative weight per class, shape ``(C,)``.
    reduction : {'mean', 'sum', 'none'}, default 'mean'

    Returns
    -------
    numpy scalar or numpy.ndarray
        Same dtype as ``input``.

    Notes
    -----
    **Differences from PyTorch.**
    ``weight`` must be >= 0, and the scores must be finite (no NaN or inf).

    Examples
    --------
    >>> from lossnotes.losses import multi_margin_loss
    >>> # true class 0 scores 2.0; class 1 (1.5) is within the margin by 0.5, class 2 is not
    >>> print(multi_margin_loss([[2.0, 1.5, -1.0]], [0]))   # 0.5 / 3
    0.16666666666666666
    """
    x = as_float_array(input, "input")
    if x.ndim == 0:  # PyTorch: a 0-d input is one sample with one class
        x = x.reshape(1)
    if x.ndim > 2:
        raise ValueError(f"input must have shape (), (C,) or (N, C), got shape {x.shape}")
    reduction = check_reduction(reduction)
    if isinstance(p, bool) or not isinstance(p, numbers.Integral) or p not in (1, 2):
        raise ValueError(f"p must be 1 or 2 (as in PyTorch), got {p!r}")
    margin = check_scalar(margin, "margin")
    w = _class_weight(weight, x)
    one = x.ndim == 1 and np.shape(target) == (1,)  # PyTorch keeps the (1,) shape here
    _, t = _parse_target(x, target, allow_prob=False, func="multi_margin_loss")
    x2 = np.atleast_2d(x)
    t2 = np.atleast_1d(t)
    C = x2.shape[1]
    true = _gather_classes(x2, t2)
    z = np.maximum(margin - true[:, None] + x2, 0)
    if p == 2:
        z = z * z
    z[np.arange(x2.shape[0]), t2] = 0
    if w is not None:
        z = z * w[t2][:, None]
    per = z.sum(axis=1) / C
    if x.ndim == 1 and not one:
        per = per[0]
    return _reduce(per, reduction, x.dtype)


def info_nce(query, keys, positive_index=None, temperature=0.1, reduction="mean"):
    r"""InfoNCE (contrastive) loss: cross-entropy over cosine similarities.

    Each query :math:`q_n` is compared with every key :math:`k_m` by cosine
    similarity; the similarities divided by the temperature :math:`\tau` are
    the logits of a classification whose correct class is the positive key:

    .. math:: \ell_n = -\log \frac{\exp(\cos(q_n, k_{j_n}) / \tau)}
                               {\sum_m \exp(\cos(q_n, k_m) / \tau)}

    (van den Oord et al. 2018; with ``keys`` = the other view of the same
    batch this is SimCLR's / CLIP's one-directional loss).  Equivalent to
    ``cross_entropy(normalize(query) @ normalize(keys).T / temperature,
    positive_index)``; every other key acts as a negative.  Units: nats.
    The minimum is 0 and a uniform guess costs ``log M``.

    PyTorch has no ``info_nce``; the equivalence above is what the tests check.

    Introduced in notebook 09_other_losses.

    Parameters
    ----------
    query : array_like
        Query embeddings, shape ``(N, D)`` (or ``(D,)`` for one query).
    keys : array_like
        Key embeddings, shape ``(M, D)``.  No row may be all zeros (its cosine
        similarity is undefined).
    positive_index : array_like of int, optional
        Index into ``keys`` of each query's positive, shape ``(N,)`` (``()``
        for one query).  Default: ``keys[n]`` is the positive of ``query[n]``
        (needs ``M >= N``).
    temperature : float > 0, default 0.1
    reduction : {'mean', 'sum', 'none'}, default 'mean'

    Returns
    -------
    numpy scalar or numpy.ndarray
        Same dtype as ``query``.

    Examples
    --------
    >>> import numpy as np
    >>> from lossnotes.losses import info_nce
    >>> q = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> print(f"{info_nce(q, q, temperature=1.0):.4f}")   # -log(e / (e + 1))
    0.3133
    """
    q = as_float_array(query, "query")
    k = as_float_array(keys, "keys").astype(q.dtype, copy=False)
    reduction = check_reduction(reduction)
    if q.ndim not in (1, 2):
        raise ValueError(f"query must have shape (N, D) or (D,), got shape {q.shape}")
    if k.ndim != 2:
        raise ValueError(f"keys must have shape (M, D), got shape {k.shape}")
    if q.shape[-1] != k.shape[1]:
        raise ValueError(
            f"query has shape {q.shape} but keys has shape {k.shape}; the embedding sizes "
            f"(last axis) must agree, got {q.shape[-1]} and {k.shape[1]}"
        )
    temperature = check_scalar(temperature, "temperature", low=0.0, low_inclusive=False)
    q2 = np.atleast_2d(q)
    N, M = q2.shape[0], k.shape[0]
    if positive_index is None:
        if M < N:
            raise ValueError(
                f"positive_index is None, so keys[n] is the positive of query[n], but there are "
                f"{N} queries and only {M} keys; pass positive_index"
            )
        idx = np.arange(N)
    else:
        idx = check_class_indices(positive_index, "positive_index", M)
        want = (N,) if q.ndim == 2 else ()
        if idx.shape != want:
            raise ValueError(
                f"query has shape {q.shape} but positive_index has shape {idx.shape}; "
                f"it needs one key index per query, shape {want}"
            )
        idx = np.atleast_1d(idx)

    def unit(a, name):
        scale = np.max(np.abs(a), axis=1, keepdims=True)
        zero = scale[:, 0] == 0
        if zero.any():
            raise ValueError(
                f"{name} row {int(np.argmax(zero))} is all zeros; its cosine similarity is undefined"
            )
        a = a / scale
        return a / np.sqrt(np.sum(a * a, axis=1, keepdims=True))

    logits = unit(q2, "query") @ unit(k, "keys").T / temperature
    lp = _log_softmax(logits, 1)
    per = -_gather_classes(lp, idx)
    if q.ndim == 1:
        per = per[0]
    return _reduce(per, reduction, q.dtype)


def distillation_loss(student_logits, teacher_logits, target=None, temperature=1.0, alpha=0.5,
                      reduction="batchmean"):
    r"""Knowledge-distillation loss of Hinton, Vinyals & Dean (2015).

    With :math:`q = \mathrm{softmax}(z/T)` (student) and
    :math:`p = \mathrm{softmax}(v/T)` (teacher), per sample

    .. math:: \ell_n = \alpha\, T^2\, \mathrm{KL}(p_n \,\|\, q_n)
                     + (1 - \alpha)\, \mathrm{CE}(z_n, y_n),

    where CE is :func:`cross_entropy` at temperature 1 against the hard
    ``target``.  **Convention: alpha weights the soft (teacher) term**, as in
    Hinton et al., who recommend a considerably higher weight on the soft
    targets (some codebases swap it).  The :math:`T^2` keeps the soft term's
    gradient, which scales as :math:`1/T^2`, comparable across temperatures.
    If ``target`` is None there is no hard term and the result is just the
    soft term :math:`T^2\,\mathrm{KL}(p_n\|q_n)` (``alpha`` is then unused).

    KL rather than CE(p, q) is used for the soft term: they differ by the
    teacher's entropy :math:`H(p)`, which does not depend on the student, so
    the gradients are identical, but KL is 0 at the optimum.
    In PyTorch: ``alpha * T**2 * F.kl_div(F.log_softmax(z/T, 1),
    F.softmax(v/T, 1), reduction='batchmean') + (1 - alpha) *
    F.cross_entropy(z, y)``.  Units: nats.

    Introduced in notebook 08_knowledge_distillation.

    Parameters
    ----------
    student_logits, teacher_logits : array_like
        Logits of shape ``(N, C)`` (or ``(C,)`` for one sample), the same shape.
    target : array_like, optional
        Hard labels for the student: class indices of shape ``(N,)`` (or
        probabilities of shape ``(N, C)``).  No ``ignore_index``.
    temperature : float > 0, default 1.0
    alpha : float in [0, 1], default 0.5
        Weight of the soft term.
    reduction : {'batchmean', 'sum', 'none'}, default 'batchmean'
        ``'batchmean'`` averages the per-sample loss over N; ``'mean'`` is
        refused, because in ``kl_div`` it divides by N·C and is a classic bug.

    Returns
    -------
    numpy scalar or numpy.ndarray
        Same dtype as ``student_logits``; ``'none'`` gives shape ``(N,)``.

    Examples
    --------
    >>> import numpy as np
    >>> from lossnotes.losses import distillation_loss
    >>> z = np.array([[2.0, 0.0, -1.0]]); v = np.array([[3.0, 1.0, -2.0]])
    >>> print(f"{distillation_loss(z, z, temperature=4.0):.4f}")     # same logits: KL = 0
    0.0000
    >>> print(f"{distillation_loss(z, v, [0], temperature=2.0, alpha=0.7):.4f}")
    0.1524
    """
    if isinstance(reduction, str) and reduction == "mean":
        raise ValueError(
            "reduction='mean' is not accepted by distillation_loss: in kl_div it divides by N*C, "
            "not by the batch size N; use 'batchmean' (the true mean per sample), 'sum' or 'none'"
        )
    reduction = check_reduction(reduction, ("batchmean", "sum", "none"))
    s = _logits_input(student_logits, "student_logits")
    t = as_float_array(teacher_logits, "teacher_logits").astype(s.dtype, copy=False)
    if s.ndim > 2:
        raise ValueError(f"student_logits must have shape (N, C) or (C,), got shape {s.shape}")
    _same_shape(s, t, "student_logits", "teacher_logits")
    T = check_scalar(temperature, "temperature", low=0.0, low_inclusive=False)
    alpha = check_scalar(alpha, "alpha", low=0.0, high=1.0)
    log_q = _log_softmax(s / T, -1)
    log_p = _log_softmax(t / T, -1)
    per = (T * T) * np.sum(np.exp(log_p) * (log_p - log_q), axis=-1)
    if target is not None:
        kind, y = _parse_target(s, target, input_name="student_logits")
        logp1 = _log_softmax(s, -1)
        if kind == "index":
            hard = -_gather_classes(np.atleast_2d(logp1), np.atleast_1d(y))
            hard = hard.reshape(per.shape)
        else:
            hard = -np.sum(y * logp1, axis=-1)
        per = alpha * per + (1 - alpha) * hard
    if reduction == "batchmean":
        return _result(np.mean(per), s.dtype)
    return _reduce(per, reduction, s.dtype)


# --------------------------------------------------------------------------
# preference optimisation (notebook 11)
# --------------------------------------------------------------------------

_DPO_ARGS = ("policy_chosen_logps", "policy_rejected_logps", "reference_chosen_logps", "reference_rejected_logps")


def _dpo_inputs(values, beta, label_smoothing):
    """The four log-probability arrays (validated, one dtype), beta and epsilon, as dpo_loss checks them."""
    first = as_float_array(values[0], _DPO_ARGS[0])
    arrays = [first] + [as_float_array(v, n).astype(first.dtype, copy=False) for v, n in zip(values[1:], _DPO_ARGS[1:])]
    for a, n in zip(arrays[1:], _DPO_ARGS[1:]):
        if a.shape != first.shape:
            raise ValueError(_(
                "{a} and {b} must have the same shape, got {shape_a} and {shape_b}; one entry per "
                "preference pair in each (lossnotes does not broadcast here)"
            ).format(a=_DPO_ARGS[0], b=n, shape_a=first.shape, shape_b=a.shape))
    for a, n in zip(arrays, _DPO_ARGS):
        _check_log_probs(a, n, N_("pass the log-probability of each whole response (a sum of token log-probabilities)"))
    beta = check_scalar(beta, "beta", low=0.0, low_inclusive=False)
    eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=0.5)
    return arrays, beta, eps


def dpo_loss(policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps,
             beta=0.1, label_smoothing=0.0, reduction="mean"):
    r"""Direct Preference Optimization loss (Rafailov et al. 2023), with cDPO's label smoothing.

    For a preference pair (chosen response :math:`y_w`, rejected :math:`y_l`)
    the policy's log-ratio margin over the reference model is

    .. math:: h = \bigl[\log\pi(y_w) - \log\pi(y_l)\bigr]
                - \bigl[\log\pi_{\mathrm{ref}}(y_w) - \log\pi_{\mathrm{ref}}(y_l)\bigr]
              = \log\frac{\pi(y_w)}{\pi_{\mathrm{ref}}(y_w)} - \log\frac{\pi(y_l)}{\pi_{\mathrm{ref}}(y_l)},

    and the loss is a binary cross-entropy on the logit :math:`\beta h` with
    soft label :math:`1 - \varepsilon`:

    .. math:: \ell = -(1-\varepsilon)\log\sigma(\beta h) - \varepsilon\log\sigma(-\beta h)
                   = (1-\varepsilon)\,\mathrm{softplus}(-\beta h) + \varepsilon\,\mathrm{softplus}(\beta h).

    :math:`\beta h` is the difference of the implicit rewards
    :math:`\beta\log(\pi/\pi_{\mathrm{ref}})` of the two responses
    (:func:`lossnotes.alignment.implicit_reward`).  With
    :math:`\varepsilon = 0` this is the DPO loss of Rafailov et al. (2023),
    Eq. 7; :math:`\varepsilon > 0` is the "conservative" DPO of Mitchell's
    cDPO note, which assumes each label is flipped with probability
    :math:`\varepsilon`.  Computed with softplus, so nothing overflows.
    Units: the loss is in nats; :math:`h`, a difference of log-ratios of
    natural-log probabilities, is in nats, and :math:`\beta h` is the logit
    (log-odds) of the Bradley-Terry probability
    :math:`\sigma(\beta h)` that :math:`y_w` is preferred.

    Mirrors the ``"sigmoid"`` loss of TRL's ``DPOTrainer`` up to v0.28 (see
    Notes): the same formula, argument order, ``beta=0.1`` default and mean
    over pairs.

    Introduced in notebook 11_kl_in_llm_training.

    Parameters
    ----------
    policy_chosen_logps, policy_rejected_logps : array_like
        :math:`\log\pi(y_w)` and :math:`\log\pi(y_l)` of the policy being
        trained, one entry per preference pair, any shape (usually ``(N,)``).
        Log-probabilities of whole responses, so all <= 0.
    reference_chosen_logps, reference_rejected_logps : array_like
        The same for the frozen reference model :math:`\pi_{\mathrm{ref}}`;
        the same shape.
    beta : float > 0, default 0.1
        The KL coefficient :math:`\beta` of the objective that DPO optimises
        (:func:`lossnotes.alignment.kl_regularised_optimum`).
    label_smoothing : float in [0, 0.5], default 0.0
        :math:`\varepsilon`, the assumed probability that a preference label
        is wrong.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` averages over all pairs.

    Returns
    -------
    numpy scalar or numpy.ndarray
        Same dtype as ``policy_chosen_logps``; ``'none'`` gives its shape.

    Notes
    -----
    **What the loss does at its minimum.**  The derivative with respect to
    :math:`x = \beta h` is :math:`\sigma(x) - (1 - \varepsilon)`.  With
    :math:`\varepsilon = 0` the loss keeps falling as the margin grows (it is
    0 only at :math:`h = +\infty`); with :math:`\varepsilon > 0` it has a
    finite minimiser :math:`\beta h = \log\frac{1-\varepsilon}{\varepsilon}`,
    where its value is the binary entropy :math:`H(\varepsilon)` in nats.
    At :math:`\varepsilon = 0.5` the loss is **not** constant: it is
    :math:`\log 2 + \log\cosh(\beta h/2)`, symmetric in :math:`h` and
    minimal (:math:`\log 2`) at :math:`h = 0`.  Swapping chosen and
    rejected turns :math:`h` into :math:`-h`, and
    :math:`\ell(h) - \ell(-h) = -(1-2\varepsilon)\,\beta h` exactly.

    **Differences from TRL.**
    TRL's ``DPOTrainer.dpo_loss`` (up to v0.28) returned a tuple
    ``(losses, chosen_rewards, rejected_rewards)``: the per-pair losses
    (this function with ``reduction='none'``) and the implicit rewards
    :math:`\beta(\log\pi - \log\pi_{\mathrm{ref}})` of each response, which
    lossnotes gives by :func:`lossnotes.alignment.implicit_reward`; the
    trainer then took ``losses.mean()``, this function's default.  Since TRL
    v0.29 (the DPO refactor of February 2026) the ``"sigmoid"`` loss is
    :math:`-\log\sigma(\beta h)` only: ``label_smoothing`` is used by the
    ``"robust"``, ``"exo_pair"`` and ``"aot"`` losses instead, so the cDPO
    form above is TRL's older ``"sigmoid"`` loss (equal to today's at
    :math:`\varepsilon = 0`).  lossnotes also checks more: TRL accepts any
    tensors (positive "log-probabilities", broadcast shapes, any
    ``label_smoothing``); here the four arrays must have one shape, hold
    values <= 0 and be finite, ``beta > 0`` and ``label_smoothing`` in
    [0, 0.5].  TRL has no ``reduction`` argument.

    Examples
    --------
    >>> from lossnotes.losses import dpo_loss
    >>> print(f"{dpo_loss([-1.0], [-1.0], [-1.0], [-1.0]):.4f}")      # h = 0: log 2
    0.6931
    >>> # the policy raised the chosen response by 2 nats over the reference, lowered the rejected by 3
    >>> print(f"{dpo_loss([-3.0], [-8.0], [-5.0], [-5.0], beta=0.5):.4f}")   # softplus(-2.5)
    0.0789
    >>> print(f"{dpo_loss([-3.0], [-8.0], [-5.0], [-5.0], beta=0.5, label_smoothing=0.1):.4f}")
    0.3289
    """
    reduction = check_reduction(reduction)
    (pc, pr, rc, rr), beta, eps = _dpo_inputs(
        (policy_chosen_logps, policy_rejected_logps, reference_chosen_logps, reference_rejected_logps),
        beta, label_smoothing)
    with np.errstate(over="ignore"):  # margins near the float range give an infinite loss, not a warning
        x = beta * ((pc - pr) - (rc - rr))  # TRL's order: policy log-ratio minus reference log-ratio
        loss = (1 - eps) * _softplus(-x)
        if eps:
            loss = loss + eps * _softplus(x)
    return _reduce(loss, reduction, pc.dtype)
