"""Input checks shared by every public function.

One place for validation, so that every error names the argument and says what
is wrong.  The checks are written to cost few passes over the data: a fast
path proves that nothing is wrong (for probabilities: one row sum, which also
catches NaN and inf, and one minimum, block by block while the block is in the
CPU cache), and the slow path that finds the precise error and builds its
message only runs when something may be wrong.

Also here, because the validation and the row-wise kernels of
:mod:`lossnotes.information` and :mod:`lossnotes.losses` share it:
:func:`rowwise`, which applies a per-row computation block by block.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .i18n import _

_AxisError = getattr(np, "exceptions", np).AxisError

__all__ = [
    "as_float_array",
    "as_logits_array",
    "check_probabilities",
    "check_same_shape",
    "log_base",
    "unit_name",
    "check_reduction",
    "check_class_indices",
    "check_scalar",
]

_UNIT_BASES = {
    "bits": 2.0, "bit": 2.0, "shannons": 2.0,
    "nats": math.e, "nat": math.e,
    "hartleys": 10.0, "hartley": 10.0, "bans": 10.0, "dits": 10.0,
}


def _first_bad_index(mask):
    idx = np.argwhere(mask)[0]
    return tuple(int(i) for i in idx) if idx.size > 1 else int(idx[0]) if idx.size else ()


def as_float_array(x, name, *, allow_empty=False, dtype=None):
    """Return ``x`` as a floating ndarray, rejecting non-numbers, NaN, inf and empties.

    Float inputs keep their dtype (float32 stays float32); integers and bools
    become float64.
    """
    arr = _as_float(x, name, allow_empty=allow_empty, dtype=dtype)
    if arr.ndim and arr.size and not np.isfinite(arr.sum()):
        _raise_not_finite(arr, name)
    elif arr.ndim == 0 and not np.isfinite(arr):
        _raise_not_finite(arr, name)
    return arr


def _as_float(x, name, *, allow_empty=False, dtype=None):
    """:func:`as_float_array` without the finiteness check (the callers make their own)."""
    if isinstance(x, (str, bytes)):
        raise TypeError(_("{name} must be an array of numbers, got a {type}").format(name=name, type=type(x).__name__))
    try:
        arr = np.asarray(x)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(_("{name} could not be converted to an array of numbers: {error}").format(
            name=name, error=exc)) from None
    if arr.dtype == object or arr.dtype.kind not in "biuf":
        raise TypeError(_("{name} must be an array of real numbers, got dtype {dtype}").format(name=name, dtype=arr.dtype))
    if dtype is not None:
        arr = arr.astype(dtype, copy=False)
    elif arr.dtype.kind != "f" or arr.dtype.itemsize < 4:
        arr = arr.astype(np.float64)
    if arr.size == 0 and not allow_empty:
        raise ValueError(_("{name} is empty (shape {shape}); it needs at least one value").format(
            name=name, shape=arr.shape))
    return arr


def as_logits_array(x, name, *, allow_pos_inf=False, allow_empty=False, axis=None):
    """Like :func:`as_float_array`, but ``-inf`` entries are allowed (masked logits).

    ``-inf`` is the standard attention and padding mask: softmax gives it
    probability 0.  NaN is always an error; ``+inf`` is an error unless
    ``allow_pos_inf`` (log-sum-exp of a row holding ``+inf`` is ``+inf``, but
    its softmax is inf/inf).  The common all-finite case costs one sum, as in
    :func:`as_float_array`.

    With ``axis`` (an int) the result is ``(arr, dead)``: ``dead`` is None when
    no vector along ``axis`` is entirely ``-inf``, else a boolean array (the
    shape of ``arr`` without ``axis``) marking the non-empty vectors that are
    (every class masked: their softmax is 0/0).  The caller decides whether
    that is an error.
    """
    arr = _as_float(x, name, allow_empty=allow_empty)
    dead = None
    with np.errstate(invalid="ignore", over="ignore"):  # inf + -inf is NaN here, not a warning
        total = arr.sum() if arr.size else 0.0
    if not np.isfinite(total):  # NaN, inf, or a finite sum that overflowed
        nan = np.isnan(arr)
        if nan.any():
            raise ValueError(_("{name} contains NaN (first at index {index})").format(
                name=name, index=_first_bad_index(nan)))
        pos = arr == np.inf
        if not allow_pos_inf and pos.any():
            raise ValueError(_(
                "{name} contains +inf (first at index {index}); a +inf logit makes "
                "the softmax inf/inf, which is undefined (PyTorch returns NaN). Use a large finite "
                "logit instead; -inf is allowed, as the mask of a class that must get probability 0"
            ).format(name=name, index=_first_bad_index(pos)))
        if axis is not None and arr.ndim and arr.shape[axis]:
            dead = np.all(arr == -np.inf, axis=axis)
            if not dead.any():
                dead = None
    return arr if axis is None else (arr, dead)


def _raise_not_finite(arr, name):
    nan = np.isnan(arr)
    if nan.any():
        raise ValueError(_("{name} contains NaN (first at index {index})").format(name=name, index=_first_bad_index(nan)))
    inf = np.isinf(arr)
    if inf.any():
        raise ValueError(_("{name} contains inf (first at index {index})").format(name=name, index=_first_bad_index(inf)))
    # A finite array whose sum overflowed: not an error.


def _sum_tolerance(dtype, n):
    eps = np.finfo(dtype).eps
    return max(1e-6 if dtype == np.float64 else 1e-4, 8 * n * eps)


def check_probabilities(p, name, *, axis=-1, allow_empty=False):
    """Check that ``p`` holds probability vectors along ``axis``.

    Entries must be finite, in [0, 1], and every vector must sum to 1 within
    a small tolerance (1e-6 for float64, 1e-4 for float32).  lossnotes never
    renormalises silently: a vector that does not sum to 1 is an error.
    """
    arr = _as_float(p, name, allow_empty=allow_empty)
    if arr.ndim and arr.size and _surely_probabilities(arr, axis):
        return arr
    return _check_probabilities_carefully(arr, name, axis)


def _surely_probabilities(arr, axis):
    """True only if every vector along ``axis`` certainly passes the checks.

    False means "maybe not": the careful path then decides, with exactly the
    old arithmetic and messages.
    """
    try:
        rows = np.moveaxis(arr, axis, -1)  # a view
    except (_AxisError, TypeError):
        return False  # the careful path raises the error at the usual point
    check = probability_check(arr.dtype, rows.shape[-1])
    return all(check(block) for block in _row_blocks(rows))


def probability_check(dtype, n):
    """A fast test for :func:`rowwise`: are these rows certainly probability vectors?

    Returns ``check(*blocks) -> bool`` for blocks of rows of length ``n``.  Per
    block: one row sum and one minimum (plus a maximum when a row sums to more
    than 1).  A NaN or inf makes its row sum fail the test, so there is no
    separate finiteness pass.  True is a proof; False only means "maybe not".
    """
    eps = float(np.finfo(dtype).eps)
    # This row sum may add in another order than ``arr.sum(axis)``; the two differ by at
    # most (n - 1) eps for a sum near 1, so demand a margin of 2 n eps inside the tolerance.
    limit = _sum_tolerance(dtype, n) - 2 * n * eps
    low, high = 1 - limit, 1 + limit
    ones = np.ones(n, dtype=dtype)

    def check(*blocks):
        for block in blocks:
            sums = block @ ones  # much faster than block.sum(-1) for short rows
            top = sums.max()
            if not (low <= sums.min() and top <= high) or block.min() < 0:  # NaN and inf fail too
                return False
            # Entries >= 0 are each at most their row's sum, so only a sum > 1 can hide one > 1.
            if top > 1 and block.max() > 1:
                return False
        return True

    return check


def _check_probabilities_carefully(arr, name, axis):
    """The checks one by one, raising the precise error for the first that fails."""
    if arr.ndim and arr.size and not np.isfinite(arr.sum()):
        _raise_not_finite(arr, name)
    elif arr.ndim == 0 and not np.isfinite(arr):
        _raise_not_finite(arr, name)
    if arr.ndim == 0:
        raise ValueError(_("{name} must be a probability vector (at least 1-D), got the scalar {value}").format(
            name=name, value=repr(arr.item())))
    if arr.size == 0:
        return arr
    lo = arr.min()
    if lo < 0:
        raise ValueError(_(
            "{name} has a negative probability {value} (at index {index}); probabilities must be >= 0"
        ).format(name=name, value=repr(float(lo)), index=_first_bad_index(arr < 0)))
    sums = arr.sum(axis=axis)
    tol = _sum_tolerance(arr.dtype, arr.shape[axis])
    off = np.abs(sums - 1) > tol
    if np.any(off):
        where = _first_bad_index(np.atleast_1d(off))
        total = float(np.atleast_1d(sums)[where])
        loc = (_("the vector at index {index} sums to {total}") if arr.ndim > 1
               else _("it sums to {total}")).format(index=where, total=repr(total))
        raise ValueError(_(
            "{name} does not sum to 1 along axis {axis} ({where}); lossnotes never renormalises "
            "silently: divide by the sum yourself if that is what you mean"
        ).format(name=name, axis=axis, where=loc))
    if arr.max() > 1 + tol:  # a single entry beyond the slack the sums are allowed (1 ulp over 1 is fine)
        raise ValueError(_("{name} has an entry greater than 1 ({value})").format(name=name, value=repr(float(arr.max()))))
    return arr


# --------------------------------------------------------------------------- row blocks

#: Row-wise work is done on blocks of rows of about this many bytes, so that a
#: block and its temporaries stay in the CPU cache between the passes over it
#: (and a big batch needs no temporaries of its own size).
_BLOCK_BYTES = 1 << 18

#: Only rows up to this length are cut into blocks: up to there, ``np.einsum``
#: adds a row in the same order whatever the rest of the batch (longer rows are
#: split into buffer-sized pieces that depend on the batch shape).
_MAX_BLOCKED_ROW = 1024


def plain_rows(*arrays):
    """True if every array is a C-contiguous batch (ndim >= 2) of short rows.

    For such arrays a row-wise result does not depend on which other rows are
    computed with it, so the rows can be split into blocks, or a subset
    recomputed, without changing a bit.
    """
    return all(a.ndim >= 2 and a.flags.c_contiguous and a.shape[-1] <= _MAX_BLOCKED_ROW for a in arrays)


def _row_blocks(rows):
    """Consecutive blocks of about ``_BLOCK_BYTES`` of the rows (vectors along the last axis).

    Only :func:`plain_rows` batches are cut, into 2-D blocks; anything else
    comes back whole, as ``[rows]``.
    """
    n = rows.shape[-1]
    step = max(1, _BLOCK_BYTES // max(1, n * rows.itemsize))
    if rows.size <= step * n or not plain_rows(rows):
        return [rows]
    flat = rows.reshape(-1, n)
    return [flat[i:i + step] for i in range(0, flat.shape[0], step)]


class NotSure(Exception):
    """Raised by :func:`rowwise` when its ``check`` fails on a block."""


def rowwise(kernel, *arrays, check=None):
    """``kernel(*arrays)`` for a kernel that maps vectors along the last axis to numbers.

    The kernel returns one value per row (shape ``a.shape[:-1]``).  A big
    :func:`plain_rows` batch goes through it block by block (see
    ``_BLOCK_BYTES``) and the results are gathered: every row sees the same
    operations in the same order, so the values are the same bits as
    ``kernel(*arrays)`` in one go, only faster and with block-sized temporaries.

    ``check(*blocks)``, if given, runs on each block just before the kernel
    (while the block is in the cache); if it returns False, :class:`NotSure`
    is raised and the caller falls back to validating the usual way.
    """
    blocks = [_row_blocks(a) for a in arrays]
    if len(blocks[0]) == 1 or any(len(b) != len(blocks[0]) for b in blocks):
        if check is not None and not check(*arrays):
            raise NotSure
        return kernel(*arrays)
    out, start = None, 0
    for chunk in zip(*blocks):
        if check is not None and not check(*chunk):
            raise NotSure
        part = kernel(*chunk)
        if out is None:
            out = np.empty(arrays[0].shape[:-1], dtype=part.dtype).reshape(-1)
        out[start:start + len(part)] = part
        start += len(part)
    return out.reshape(arrays[0].shape[:-1])


def check_same_shape(a, b, name_a, name_b):
    """Raise ``ValueError`` unless ``a`` and ``b`` have exactly the same shape."""
    if a.shape != b.shape:
        raise ValueError(_("{a} and {b} must have the same shape, got {shape_a} and {shape_b}").format(
            a=name_a, b=name_b, shape_a=a.shape, shape_b=b.shape))


def log_base(base):
    """Return ln(base) for a valid ``base`` (a number > 0 and != 1, or a unit name).

    Accepted names: 'bits' (2), 'nats' (e), 'hartleys' (10) and their singulars.
    """
    if isinstance(base, str):
        key = base.strip().lower()
        if key not in _UNIT_BASES:
            raise ValueError(_(
                "base must be a number > 0 and != 1, or one of 'bits', 'nats', 'hartleys'; got {base}"
            ).format(base=repr(base)))
        return math.log(_UNIT_BASES[key])
    if isinstance(base, bool) or not isinstance(base, numbers.Real):
        raise TypeError(_("base must be a real number or a unit name, got {type}").format(type=type(base).__name__))
    b = float(base)
    if not math.isfinite(b) or b <= 0 or b == 1:
        raise ValueError(_("base must be a finite number > 0 and != 1, got {base}").format(base=repr(base)))
    return math.log(b)


def unit_name(base):
    """The unit that ``base`` gives: 'bits', 'nats', 'hartleys' or 'log-base-b units'."""
    lb = log_base(base)
    for unit, b in (("bits", 2.0), ("nats", math.e), ("hartleys", 10.0)):
        if math.isclose(lb, math.log(b), rel_tol=1e-12):
            return unit
    return f"log-base-{math.exp(lb):g} units"


def check_reduction(reduction, allowed=("none", "mean", "sum")):
    """Raise ``ValueError`` unless ``reduction`` is one of ``allowed``."""
    if not isinstance(reduction, str) or reduction not in allowed:
        raise ValueError(_("reduction must be one of {allowed}; got {reduction}").format(
            allowed=", ".join(repr(a) for a in allowed), reduction=repr(reduction)))
    return reduction


def check_class_indices(target, name, num_classes, *, ignore_index=None):
    """Check an integer array of class indices in ``[0, num_classes)``.

    Entries equal to ``ignore_index`` are allowed anywhere.
    """
    arr = np.asarray(target)
    if arr.dtype == bool or arr.dtype.kind not in "iu":
        raise TypeError(
            _("{name} must hold integer class indices, got dtype {dtype}").format(name=name, dtype=arr.dtype)
            + (
                _("; for probability (soft) targets pass an array with the input's shape")
                if arr.dtype.kind == "f"
                else ""
            )
        )
    if arr.size == 0:
        raise ValueError(_("{name} is empty (shape {shape}); it needs at least one label").format(
            name=name, shape=arr.shape))
    if 0 <= arr.min() and arr.max() < num_classes:  # all in range (ignore_index entries too)
        return arr.astype(np.intp, copy=False)
    valid = arr if ignore_index is None else arr[arr != ignore_index]
    if valid.size and (valid.min() < 0 or valid.max() >= num_classes):
        bad = valid[(valid < 0) | (valid >= num_classes)][0]
        raise ValueError(
            _("{name} has a class index {index} out of range: there are {n} classes, "
              "so indices must be in [0, {last}]").format(name=name, index=int(bad), n=num_classes, last=num_classes - 1)
            + (_(" (or equal ignore_index={ignore_index})").format(ignore_index=ignore_index)
               if ignore_index is not None else "")
        )
    return arr.astype(np.intp, copy=False)


def check_scalar(value, name, *, low=None, high=None, low_inclusive=True, high_inclusive=True):
    """Check a real scalar parameter (temperature, beta, delta, …) against bounds."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(_("{name} must be a real number, got {type}").format(name=name, type=type(value).__name__))
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(_("{name} must be finite, got {value}").format(name=name, value=repr(value)))
    if low is not None and (v < low or (v == low and not low_inclusive)):
        op = ">=" if low_inclusive else ">"
        raise ValueError(_("{name} must be {op} {bound}, got {value}").format(name=name, op=op, bound=low, value=repr(value)))
    if high is not None and (v > high or (v == high and not high_inclusive)):
        op = "<=" if high_inclusive else "<"
        raise ValueError(_("{name} must be {op} {bound}, got {value}").format(name=name, op=op, bound=high, value=repr(value)))
    return v
