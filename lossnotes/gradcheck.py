"""Finite-difference gradient checks: is an analytic gradient right?

The recipe every notebook from 05 on uses to trust a formula: nudge each
coordinate of ``x`` by ``±eps``, see how much the loss moves, and compare with
the formula.  Central differences

.. math:: \\frac{\\partial f}{\\partial x_i} \\approx \\frac{f(x + \\varepsilon e_i) - f(x - \\varepsilon e_i)}{2\\varepsilon}

have error :math:`O(\\varepsilon^2)` from truncation plus about
:math:`10^{-16}|f|/\\varepsilon` from rounding, so with float64 and
``eps=1e-6`` they agree with a correct gradient to about 1e-9 or better,
while a wrong formula is off by a visible fraction.

Introduced in notebook 05_cross_entropy_loss.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, check_scalar

__all__ = ["numerical_gradient", "check_gradient", "assert_gradient_close", "GradCheckResult"]


class GradCheckResult(NamedTuple):
    """Outcome of :func:`check_gradient`.

    Attributes
    ----------
    max_abs_error : float
        :math:`\\max_i |a_i - n_i|` (``a`` analytic, ``n`` numerical gradient).
    max_rel_error : float
        ``max_abs_error`` divided by :math:`\\max_i |n_i|`, the largest gradient
        entry (0 if both are 0, inf if only the gradient is 0).  A norm-wise
        relative error: noise in coordinates where the gradient is 0 does not
        blow it up.
    ok : bool
        Whether every coordinate satisfies :math:`|a_i - n_i| \\le
        \\mathrm{atol} + \\mathrm{rtol}\\,|n_i|` (``numpy.allclose``'s rule).

    The result is truthy exactly when ``ok`` (unlike a plain tuple), so
    ``assert check_gradient(...)`` does what it says; it still unpacks as
    ``abs_err, rel_err, ok = check_gradient(...)``.

    Introduced in notebook 05_cross_entropy_loss.
    """

    max_abs_error: float
    max_rel_error: float
    ok: bool

    def __bool__(self):
        return bool(self.ok)

    def __repr__(self):
        return (
            f"GradCheckResult(ok={self.ok}, max_abs_error={self.max_abs_error:.3g}, "
            f"max_rel_error={self.max_rel_error:.3g})"
        )


def numerical_gradient(f, x, eps=1e-6):
    r"""Central-difference gradient of a scalar function ``f`` at ``x``.

    .. math:: g_i = \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}

    ``x`` may have any shape; it is copied to float64 and never modified.
    This is a teaching check, so it loops over the coordinates in Python
    (2 evaluations of ``f`` per coordinate): fine for the tens to thousands of
    parameters of a notebook example, far too slow for a real network.

    Introduced in notebook 05_cross_entropy_loss.

    Parameters
    ----------
    f : callable
        ``f(x)`` returns a real scalar (a Python or NumPy number, or a
        size-1 array).
    x : array_like
        The point, any shape (float64 is used).
    eps : float > 0, default 1e-6

    Returns
    -------
    numpy.ndarray
        The gradient, shape of ``x``, float64.

    Examples
    --------
    >>> import numpy as np
    >>> from lossnotes.gradcheck import numerical_gradient
    >>> numerical_gradient(lambda v: np.sum(v ** 2), [1.0, -2.0]).round(6)
    array([ 2., -4.])
    """
    if not callable(f):
        raise TypeError(f"f must be a callable returning a scalar, got {type(f).__name__}")
    eps = check_scalar(eps, "eps", low=0.0, low_inclusive=False)
    x0 = np.array(as_float_array(x, "x", dtype=np.float64), dtype=np.float64, copy=True)
    grad = np.empty_like(x0)
    work = x0.copy()
    for i in np.ndindex(x0.shape):
        old = work[i]
        work[i] = old + eps
        hi = _scalar(f(work.copy()))
        work[i] = old - eps
        lo = _scalar(f(work.copy()))
        work[i] = old
        grad[i] = (hi - lo) / (2 * eps)
    return grad


def _scalar(value):
    arr = np.asarray(value)
    if arr.size != 1:
        raise TypeError(f"f must return a scalar, got an array of shape {arr.shape}")
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"f must return a real number, got dtype {arr.dtype}")
    return float(arr.reshape(()))


def _compare(f, grad, x, eps, rtol, atol):
    rtol = check_scalar(rtol, "rtol", low=0.0)
    atol = check_scalar(atol, "atol", low=0.0)
    x0 = as_float_array(x, "x", dtype=np.float64)
    num = numerical_gradient(f, x0, eps)
    ana = grad(x0.copy()) if callable(grad) else grad
    ana = np.asarray(ana, dtype=np.float64)
    if ana.shape != num.shape:
        if ana.size == num.size == 1:
            ana = ana.reshape(num.shape)
        else:
            return GradCheckResult(math.inf, math.inf, False), None, num, ana
    if not np.all(np.isfinite(ana)):
        return GradCheckResult(math.inf, math.inf, False), None, num, ana
    err = np.abs(ana - num)
    max_abs = float(err.max())
    scale = float(np.abs(num).max())
    max_rel = max_abs / scale if scale > 0 else (0.0 if max_abs == 0 else math.inf)
    bad = err > atol + rtol * np.abs(num)
    worst = tuple(int(i) for i in np.unravel_index(np.argmax(err - (atol + rtol * np.abs(num))), err.shape))
    return GradCheckResult(max_abs, max_rel, bool(not bad.any())), worst, num, ana


def check_gradient(f, grad, x, eps=1e-6, rtol=1e-5, atol=1e-8):
    """Compare an analytic gradient with central differences; never raises on a mismatch.

    The analogue of ``torch.autograd.gradcheck``, which compares autograd with
    finite differences and raises or returns ``False``; this one returns the
    errors, so a notebook can show how close a formula is.

    Introduced in notebook 05_cross_entropy_loss.

    Parameters
    ----------
    f : callable
        Scalar function ``f(x)``.
    grad : callable or array_like
        The analytic gradient: a function ``grad(x)`` or its value at ``x``.
    x : array_like
        The point (any shape; float64 is used).
    eps : float > 0, default 1e-6
        Step of the central differences.
    rtol, atol : float >= 0, default 1e-5, 1e-8
        Tolerances, used as in ``numpy.allclose`` coordinate by coordinate.

    Returns
    -------
    GradCheckResult
        ``(max_abs_error, max_rel_error, ok)``, printable in a notebook and
        truthy when ``ok``.  A gradient of the wrong shape or with non-finite
        entries gives ``ok=False`` and infinite errors.  (Invalid *arguments*,
        such as ``eps <= 0``, still raise.)

    Examples
    --------
    >>> import numpy as np
    >>> from lossnotes.gradcheck import check_gradient
    >>> f = lambda v: np.sum(v ** 3)
    >>> check_gradient(f, lambda v: 3 * v ** 2, [1.0, 2.0]).ok
    True
    >>> check_gradient(f, lambda v: 2 * v, [1.0, 2.0])        # wrong formula
    GradCheckResult(ok=False, max_abs_error=8, max_rel_error=0.667)
    """
    return _compare(f, grad, x, eps, rtol, atol)[0]


def assert_gradient_close(f, grad, x, eps=1e-6, rtol=1e-5, atol=1e-8):
    """Like :func:`check_gradient`, but raise ``AssertionError`` (with the numbers) on a mismatch.

    Returns the :class:`GradCheckResult` when the gradient is right.

    Introduced in notebook 05_cross_entropy_loss.

    Parameters
    ----------
    f, grad, x, eps, rtol, atol
        As in :func:`check_gradient`.

    Raises
    ------
    AssertionError
        Saying the largest errors, the worst coordinate and both gradients there.

    Examples
    --------
    >>> import numpy as np
    >>> from lossnotes.gradcheck import assert_gradient_close
    >>> assert_gradient_close(lambda v: np.sum(v ** 3), lambda v: 2 * v, [1.0, 2.0])
    Traceback (most recent call last):
    ...
    AssertionError: analytic gradient does not match central differences (eps=1e-06, rtol=1e-05, atol=1e-08): max abs error 8, max rel error 0.667; worst at index (1,): analytic 4, numerical 12
    """
    result, worst, num, ana = _compare(f, grad, x, eps, rtol, atol)
    if result.ok:
        return result
    head = f"analytic gradient does not match central differences (eps={eps:g}, rtol={rtol:g}, atol={atol:g})"
    if worst is None:
        if ana.shape != num.shape:
            raise AssertionError(f"{head}: analytic gradient has shape {ana.shape}, x has shape {num.shape}")
        raise AssertionError(f"{head}: analytic gradient has non-finite entries")
    raise AssertionError(
        f"{head}: max abs error {result.max_abs_error:.3g}, max rel error {result.max_rel_error:.3g}; "
        f"worst at index {worst}: analytic {ana[worst]:.6g}, numerical {num[worst]:.6g}"
    )
