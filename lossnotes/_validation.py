"""Input checks shared by every public function.

One place for validation, so that every error names the argument and says what
is wrong.  The checks are written to cost few passes over the data (the fast
path looks at a row sum and a minimum; the slow path that builds a precise
message only runs when something is already wrong).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "as_float_array",
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
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers, got a {type(x).__name__}")
    try:
        arr = np.asarray(x)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name} could not be converted to an array of numbers: {exc}") from None
    if arr.dtype == object or arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    if dtype is not None:
        arr = arr.astype(dtype, copy=False)
    elif arr.dtype.kind != "f" or arr.dtype.itemsize < 4:
        arr = arr.astype(np.float64)
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty (shape {arr.shape}); it needs at least one value")
    if arr.ndim and arr.size and not np.isfinite(arr.sum()):
        _raise_not_finite(arr, name)
    elif arr.ndim == 0 and not np.isfinite(arr):
        _raise_not_finite(arr, name)
    return arr


def _raise_not_finite(arr, name):
    nan = np.isnan(arr)
    if nan.any():
        raise ValueError(f"{name} contains NaN (first at index {_first_bad_index(nan)})")
    inf = np.isinf(arr)
    if inf.any():
        raise ValueError(f"{name} contains inf (first at index {_first_bad_index(inf)})")
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
    arr = as_float_array(p, name, allow_empty=allow_empty)
    if arr.ndim == 0:
        raise ValueError(
            f"{name} must be a probability vector (at least 1-D), got the scalar {arr.item()!r}"
        )
    if arr.size == 0:
        return arr
    lo = arr.min()
    if lo < 0:
        raise ValueError(
            f"{name} has a negative probability {float(lo)!r} (at index {_first_bad_index(arr < 0)}); "
            "probabilities must be >= 0"
        )
    sums = arr.sum(axis=axis)
    tol = _sum_tolerance(arr.dtype, arr.shape[axis])
    off = np.abs(sums - 1) > tol
    if np.any(off):
        where = _first_bad_index(np.atleast_1d(off))
        total = float(np.atleast_1d(sums)[where])
        loc = f"the vector at index {where} sums to {total!r}" if arr.ndim > 1 else f"it sums to {total!r}"
        raise ValueError(
            f"{name} does not sum to 1 along axis {axis} ({loc}); lossnotes never renormalises "
            "silently: divide by the sum yourself if that is what you mean"
        )
    if arr.max() > 1:  # only reachable through tolerance slack on a single entry
        raise ValueError(f"{name} has an entry greater than 1 ({float(arr.max())!r})")
    return arr


def check_same_shape(a, b, name_a, name_b):
    """Raise ``ValueError`` unless ``a`` and ``b`` have exactly the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}"
        )


def log_base(base):
    """Return ln(base) for a valid ``base`` (a number > 0 and != 1, or a unit name).

    Accepted names: 'bits' (2), 'nats' (e), 'hartleys' (10) and their singulars.
    """
    if isinstance(base, str):
        key = base.strip().lower()
        if key not in _UNIT_BASES:
            raise ValueError(
                f"base must be a number > 0 and != 1, or one of 'bits', 'nats', 'hartleys'; got {base!r}"
            )
        return math.log(_UNIT_BASES[key])
    if isinstance(base, bool) or not isinstance(base, numbers.Real):
        raise TypeError(f"base must be a real number or a unit name, got {type(base).__name__}")
    b = float(base)
    if not math.isfinite(b) or b <= 0 or b == 1:
        raise ValueError(f"base must be a finite number > 0 and != 1, got {base!r}")
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
        raise ValueError(
            f"reduction must be one of {', '.join(repr(a) for a in allowed)}; got {reduction!r}"
        )
    return reduction


def check_class_indices(target, name, num_classes, *, ignore_index=None):
    """Check an integer array of class indices in ``[0, num_classes)``.

    Entries equal to ``ignore_index`` are allowed anywhere.
    """
    arr = np.asarray(target)
    if arr.dtype == bool or arr.dtype.kind not in "iu":
        raise TypeError(
            f"{name} must hold integer class indices, got dtype {arr.dtype}"
            + (
                "; for probability (soft) targets pass an array with the input's shape"
                if arr.dtype.kind == "f"
                else ""
            )
        )
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}); it needs at least one label")
    valid = arr if ignore_index is None else arr[arr != ignore_index]
    if valid.size and (valid.min() < 0 or valid.max() >= num_classes):
        bad = valid[(valid < 0) | (valid >= num_classes)][0]
        raise ValueError(
            f"{name} has a class index {int(bad)} out of range: there are {num_classes} classes, "
            f"so indices must be in [0, {num_classes - 1}]"
            + (f" (or equal ignore_index={ignore_index})" if ignore_index is not None else "")
        )
    return arr.astype(np.intp, copy=False)


def check_scalar(value, name, *, low=None, high=None, low_inclusive=True, high_inclusive=True):
    """Check a real scalar parameter (temperature, beta, delta, …) against bounds."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if low is not None and (v < low or (v == low and not low_inclusive)):
        op = ">=" if low_inclusive else ">"
        raise ValueError(f"{name} must be {op} {low}, got {value!r}")
    if high is not None and (v > high or (v == high and not high_inclusive)):
        op = "<=" if high_inclusive else "<"
        raise ValueError(f"{name} must be {op} {high}, got {value!r}")
    return v
