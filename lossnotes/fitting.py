"""Fitting a straight line under a chosen regression loss (robust regression).

Fitting :math:`\\hat y = a x + b` by minimising the mean of a loss of the
residuals :math:`r_i = y_i - (a x_i + b)`:

.. math:: (a^*, b^*) = \\arg\\min_{a, b}\\ \\frac1N \\sum_i \\rho(r_i),

with :math:`\\rho` the L2 (squared error), L1 (absolute error), Smooth L1
(:math:`\\beta`) or Huber (:math:`\\delta`) loss of :mod:`lossnotes.losses`.
L2 has a closed form (least squares).  L1 is solved exactly by descending
over lines through two data points (an L1-best line always passes through
two of them).  Smooth L1 and Huber are solved by
**iteratively reweighted least squares** (IRLS): the stationarity condition
:math:`\\sum_i \\rho'(r_i)\\,\\partial r_i/\\partial\\theta = 0` is that of a weighted
least-squares problem with weights :math:`w_i = \\rho'(r_i)/r_i`, so one
repeatedly solves weighted least squares with the weights of the current
residuals.  For these losses every IRLS step never increases the objective
(it minimises a quadratic that lies above the loss and touches it at the
current fit), and the steps are deterministic.

The weights say how much each point is *listened to*:

* L2: :math:`w_i = 1` (:math:`\\rho'(r)/r = 2`, scaled to 1: a factor common to
  all points does not move the fit) -- every point counts fully, however far away;
* L1: :math:`w_i = 1/|r_i|` -- a point's pull does not grow with its distance;
* Huber(:math:`\\delta`): :math:`w_i = 1` if :math:`|r_i| < \\delta`, else :math:`\\delta/|r_i|`;
* Smooth L1(:math:`\\beta`): :math:`w_i = 1/\\beta` if :math:`|r_i| < \\beta`, else :math:`1/|r_i|`.

Smooth L1(:math:`\\beta`) and Huber(:math:`\\delta = \\beta`) differ by the
constant factor :math:`\\beta`, so they have the **same** best line; their
losses and gradients differ by that factor.

Everything is vectorised over the samples, and over any leading batch axes of
``y`` (several data sets fitted at once).  Only NumPy is imported.

Introduced in notebook 07_regression_losses.
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

from . import losses
from ._validation import as_float_array, check_scalar

__all__ = ["LOSSES", "LineFit", "LineData", "fit_line", "line_loss", "irls_weights", "make_line_data"]

#: The accepted ``loss`` names and their aliases.
LOSSES = {
    "l2": "l2", "mse": "l2",
    "l1": "l1", "mae": "l1",
    "smooth_l1": "smooth_l1",
    "huber": "huber",
}


class LineFit(NamedTuple):
    """A fitted line :math:`\\hat y = \\text{slope}\\cdot x + \\text{intercept}`.

    Attributes
    ----------
    slope, intercept : float or numpy.ndarray
        Floats for one data set; arrays with the batch shape of ``y`` otherwise.
    n_iter : int
        Iterations used: IRLS steps (Smooth L1, Huber), pivots (L1), or 0 for
        L2, which is solved in closed form.
    """

    slope: object
    intercept: object
    n_iter: int


class LineData(NamedTuple):
    """A seeded straight-line data set with some outliers (see :func:`make_line_data`).

    Attributes
    ----------
    x, y : numpy.ndarray
        Inputs and observed targets, shape ``(n,)``.
    y_clean : numpy.ndarray
        The targets before the outliers were shifted (``y`` without the shift).
    is_outlier : numpy.ndarray of bool
        Which points are outliers.
    slope, intercept : float
        The true line the clean data scatter around.
    """

    x: np.ndarray
    y: np.ndarray
    y_clean: np.ndarray
    is_outlier: np.ndarray
    slope: float
    intercept: float


def _loss_name(loss):
    if not isinstance(loss, str) or loss.strip().lower() not in LOSSES:
        raise ValueError(
            f"loss must be one of {', '.join(repr(k) for k in LOSSES)}; got {loss!r}"
        )
    return LOSSES[loss.strip().lower()]


def _params(name, beta, delta):
    if name == "smooth_l1":
        return check_scalar(beta, "beta", low=0.0, low_inclusive=False)
    if name == "huber":
        return check_scalar(delta, "delta", low=0.0, low_inclusive=False)
    return None


def _xy(x, y):
    xx = as_float_array(x, "x", dtype=np.float64)
    yy = as_float_array(y, "y", dtype=np.float64)
    if yy.ndim == 0:
        raise ValueError("y must have at least one axis of samples, got a scalar")
    try:
        xx = np.broadcast_to(xx, yy.shape)
    except ValueError:
        raise ValueError(
            f"x has shape {np.shape(x)} but y has shape {yy.shape}; x must have y's shape or "
            "broadcast to it (samples on the last axis)"
        ) from None
    if yy.shape[-1] < 2:
        raise ValueError(f"a line needs at least 2 points, got {yy.shape[-1]} (the last axis of y)")
    spread = np.ptp(xx, axis=-1)
    if np.any(spread == 0):
        raise ValueError("x has the same value for every sample, so the slope is undefined")
    return xx, yy


def irls_weights(residuals, loss="l2", *, beta=1.0, delta=1.0, eps=1e-12):
    r"""The IRLS weights :math:`w(r) = \rho'(r)/r` of a regression loss.

    :math:`\rho` is the loss of one residual.  For L2, :math:`\rho(r) = r^2`
    gives :math:`\rho'(r)/r = 2` for every point; it is reported as 1, since a
    factor common to all points does not move the fit.

    .. math:: w_{L2} = 1,\quad w_{L1} = \frac{1}{|r|},\quad
              w_{\mathrm{Huber}} = \begin{cases}1 & |r| < \delta\\ \delta/|r| & \text{else}\end{cases},\quad
              w_{\mathrm{SmoothL1}} = \begin{cases}1/\beta & |r| < \beta\\ 1/|r| & \text{else}\end{cases}

    A point with weight :math:`w` pulls on the fit like a point with
    :math:`w` times the importance under least squares: far-away points get
    small weights under L1, Huber and Smooth L1, never under L2.  Units:
    1/(units of y) for L1 and Smooth L1, dimensionless for L2 and Huber.
    ``|r|`` is floored at ``eps`` so that an exact fit gives a large finite
    weight instead of a division by zero.

    Introduced in notebook 07_regression_losses.

    Parameters
    ----------
    residuals : array_like
        Residuals :math:`r = y - \hat y`, any shape.
    loss : {'l2', 'l1', 'smooth_l1', 'huber'} (aliases 'mse', 'mae')
    beta : float > 0, default 1.0
        Smooth L1's threshold (used only when ``loss='smooth_l1'``).
    delta : float > 0, default 1.0
        Huber's threshold (used only when ``loss='huber'``).
    eps : float > 0, default 1e-12

    Returns
    -------
    numpy.ndarray
        Weights, same shape as ``residuals``.

    Examples
    --------
    >>> from lossnotes.fitting import irls_weights
    >>> irls_weights([0.5, 4.0], "huber", delta=2.0)
    array([1. , 0.5])
    >>> irls_weights([0.5, 4.0], "smooth_l1", beta=2.0)
    array([0.5 , 0.25])
    """
    r = as_float_array(residuals, "residuals", dtype=np.float64)
    name = _loss_name(loss)
    t = _params(name, beta, delta)
    eps = check_scalar(eps, "eps", low=0.0, low_inclusive=False)
    return _weights(r, name, t, eps)


def _weights(r, name, t, eps):
    a = np.maximum(np.abs(r), eps)
    if name == "l2":
        return np.ones_like(a)
    if name == "l1":
        return 1.0 / a
    if name == "huber":
        return np.where(a < t, 1.0, t / a)
    return np.where(a < t, 1.0 / t, 1.0 / a)  # smooth_l1


def _wls(x, y, w):
    """Weighted least-squares line, vectorised over leading axes."""
    sw = w.sum(-1)
    mx = (w * x).sum(-1) / sw
    my = (w * y).sum(-1) / sw
    dx = x - mx[..., None]
    slope = (w * dx * (y - my[..., None])).sum(-1) / (w * dx * dx).sum(-1)
    return slope, my - slope * mx


def _l1_descent(x, y, slope, intercept, max_iter):
    r"""Exact L1 line by direct descent over lines through data points (Wesolowsky 1981).

    An L1-best line passes through (at least) two data points.  Among the
    lines through a pivot point :math:`(x_i, y_i)`, the L1 cost is
    :math:`\sum_j |x_j - x_i|\,|s_j - a|` with :math:`s_j` the slope from the
    pivot to point j: a *weighted median* problem, solved exactly by sorting.
    The best line through the pivot passes through a second point k, which
    becomes the next pivot; the cost never increases, and when the best line
    through the new pivot is the current line, it is optimal (no rotation
    about either of its two points lowers the cost, and the cost is linear
    between those rotations).  Vectorised over leading batch axes.
    """
    r = np.abs(y - (slope[..., None] * x + intercept[..., None]))
    piv = np.argmin(r, axis=-1)
    best = np.full(slope.shape, np.inf)
    scale = np.sum(np.abs(y - np.mean(y, axis=-1, keepdims=True)), axis=-1) + 1.0
    done = np.zeros(slope.shape, dtype=bool)
    n = 0
    for n in range(1, max_iter + 1):
        xi = np.take_along_axis(x, piv[..., None], -1)
        yi = np.take_along_axis(y, piv[..., None], -1)
        dx = x - xi
        w = np.abs(dx)
        s = np.where(w > 0, (y - yi) / np.where(w > 0, dx, 1.0), 0.0)
        order = np.argsort(s, axis=-1, kind="stable")
        cw = np.cumsum(np.take_along_axis(w, order, -1), axis=-1)
        m = np.argmax(cw >= 0.5 * cw[..., -1:], axis=-1)
        k = np.take_along_axis(order, m[..., None], -1)[..., 0]
        a = np.take_along_axis(s, k[..., None], -1)[..., 0]
        b = yi[..., 0] - a * xi[..., 0]
        cost = np.abs(y - (a[..., None] * x + b[..., None])).sum(-1)
        better = ~done & (cost < best - 1e-13 * scale)
        slope = np.where(better, a, slope)
        intercept = np.where(better, b, intercept)
        best = np.where(better, cost, best)
        piv = np.where(better, k, piv)
        done |= ~better
        if done.all():
            break
    return slope, intercept, n


def fit_line(x, y, loss="l2", *, beta=1.0, delta=1.0, max_iter=100, tol=1e-10):
    r"""Fit :math:`\hat y = a x + b` minimising the mean L2, L1, Smooth L1 or Huber loss.

    .. math:: (a, b) = \arg\min_{a,b} \frac1N\sum_i \rho\big(y_i - a x_i - b\big)

    L2 is ordinary least squares (closed form).  L1 is solved exactly by
    direct descent (Wesolowsky 1981): an L1-best line passes through two data
    points, and the best line through a fixed point is a weighted median of
    slopes, so the fit pivots from point to point until no pivot improves it
    (a handful of steps).  Smooth L1 and Huber use iteratively reweighted
    least squares, started from the L2 fit, with the weights of
    :func:`irls_weights`; it stops when neither parameter moves by more than
    ``tol`` (relative to the data's scale) or after ``max_iter`` iterations.
    Deterministic: the same data give the same line.

    Smooth L1 (``beta``) and Huber (``delta = beta``) give the same line: the
    two losses differ by the constant factor :math:`\beta`.  With an even
    number of points L1's best line need not be unique (as the median of an
    even sample is any value between the middle two); the descent returns one
    of them, a line through two data points (the first optimum it reaches,
    starting from the point nearest the least-squares line).  L1 is *not*
    fitted by IRLS: its weights :math:`1/|r|` blow up as a residual goes to 0,
    and IRLS then converges slowly and only approximately, while the descent
    is exact in a handful of pivots.

    Introduced in notebook 07_regression_losses.

    Parameters
    ----------
    x : array_like
        Inputs, shape ``(N,)`` or broadcastable to ``y``'s shape.
    y : array_like
        Targets, shape ``(N,)`` or ``(..., N)`` to fit several data sets at once
        (samples on the last axis).
    loss : {'l2', 'l1', 'smooth_l1', 'huber'} (aliases 'mse', 'mae'), default 'l2'
    beta : float > 0, default 1.0
        Smooth L1's threshold, in units of y (used only for ``'smooth_l1'``).
    delta : float > 0, default 1.0
        Huber's threshold, in units of y (used only for ``'huber'``).
    max_iter : int >= 1, default 100
        Most iterations (IRLS steps, or pivots for L1; both usually need
        fewer than 20).
    tol : float > 0, default 1e-10
        Stopping tolerance on the change of slope and intercept, relative to
        the scale of the data.

    Returns
    -------
    LineFit
        ``(slope, intercept, n_iter)``; slope and intercept are floats for one
        data set, arrays of the batch shape otherwise.  Slope in (units of y) per
        (unit of x), intercept in units of y.

    Examples
    --------
    >>> import numpy as np
    >>> from lossnotes.fitting import fit_line
    >>> x = np.arange(6.0)
    >>> y = 2 * x + 1
    >>> y[5] += 30                       # one outlier
    >>> l2 = fit_line(x, y, "l2")
    >>> print(f"{l2.slope:.3f} {l2.intercept:.3f}")
    6.286 -4.714
    >>> l1 = fit_line(x, y, "l1")
    >>> print(f"{l1.slope:.3f} {l1.intercept:.3f}")
    2.000 1.000
    """
    xx, yy = _xy(x, y)
    name = _loss_name(loss)
    t = _params(name, beta, delta)
    if isinstance(max_iter, bool) or not isinstance(max_iter, numbers.Integral) or max_iter < 1:
        raise ValueError(f"max_iter must be an integer >= 1, got {max_iter!r}")
    tol = check_scalar(tol, "tol", low=0.0, low_inclusive=False)
    slope, intercept = _wls(xx, yy, np.ones_like(yy))
    n = 0
    if name == "l1":
        slope, intercept, n = _l1_descent(xx, yy, slope, intercept, max_iter)
    elif name != "l2":
        scale = np.std(yy, axis=-1) + np.abs(np.mean(yy, axis=-1)) + 1.0
        xscale = np.max(np.abs(xx), axis=-1) + 1.0
        eps = 1e-12 * scale
        for n in range(1, max_iter + 1):
            r = yy - (slope[..., None] * xx + intercept[..., None])
            w = _weights(r, name, t, eps[..., None])
            new_slope, new_intercept = _wls(xx, yy, w)
            moved = np.maximum(np.abs(new_slope - slope) * xscale, np.abs(new_intercept - intercept))
            slope, intercept = new_slope, new_intercept
            if np.all(moved <= tol * scale):
                break
    if slope.ndim == 0:
        return LineFit(float(slope), float(intercept), n)
    return LineFit(slope, intercept, n)


def line_loss(slope, intercept, x, y, loss="l2", *, beta=1.0, delta=1.0):
    r"""Mean loss of the line :math:`\hat y = a x + b` on the data: the objective :func:`fit_line` minimises.

    .. math:: L(a, b) = \frac1N\sum_i \rho(a x_i + b - y_i)

    computed with :func:`lossnotes.losses.mse_loss`, :func:`~lossnotes.losses.l1_loss`,
    :func:`~lossnotes.losses.smooth_l1_loss` or :func:`~lossnotes.losses.huber_loss`
    (``reduction='mean'``).  Units: (units of y)² for L2, units of y for the others.
    ``slope`` and ``intercept`` may be arrays of the same shape (e.g. a grid);
    the result then has that shape.

    Introduced in notebook 07_regression_losses.

    Parameters
    ----------
    slope, intercept : float or array_like
    x, y : array_like
        Data, shape ``(N,)`` each.
    loss : {'l2', 'l1', 'smooth_l1', 'huber'} (aliases 'mse', 'mae')
    beta, delta : float > 0
        Thresholds of Smooth L1 and Huber.

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> from lossnotes.fitting import line_loss
    >>> print(line_loss(1.0, 0.0, [0.0, 1.0, 2.0], [0.0, 1.0, 5.0], "l1"))   # |2 - 5| / 3
    1.0
    """
    name = _loss_name(loss)
    t = _params(name, beta, delta)
    xx = as_float_array(x, "x", dtype=np.float64)
    yy = as_float_array(y, "y", dtype=np.float64)
    if xx.ndim != 1 or xx.shape != yy.shape:
        raise ValueError(f"x and y must be 1-D of the same length, got shapes {xx.shape} and {yy.shape}")
    a = as_float_array(slope, "slope", dtype=np.float64)
    b = as_float_array(intercept, "intercept", dtype=np.float64)
    try:
        a, b = np.broadcast_arrays(a, b)
    except ValueError:
        raise ValueError(f"slope and intercept must broadcast together, got shapes {a.shape} and {b.shape}") from None
    pred = a[..., None] * xx + b[..., None]
    target = np.broadcast_to(yy, pred.shape)
    if name == "l2":
        per = losses.mse_loss(pred, target, reduction="none")
    elif name == "l1":
        per = losses.l1_loss(pred, target, reduction="none")
    elif name == "smooth_l1":
        per = losses.smooth_l1_loss(pred, target, reduction="none", beta=t)
    else:
        per = losses.huber_loss(pred, target, reduction="none", delta=t)
    out = np.mean(per, axis=-1)
    return float(out) if out.ndim == 0 else out


def make_line_data(n=30, *, slope=0.5, intercept=1.0, noise=0.5, n_outliers=4, outlier_size=10.0,
                   seed=0):
    r"""A seeded data set on a straight line, with a few points shifted upwards (outliers).

    .. math:: x_i \sim U(0, 10),\quad y_i = a x_i + b + \varepsilon_i,\quad
              \varepsilon_i \sim \mathcal N(0, \mathrm{noise}^2),

    then ``n_outliers`` points, chosen among the right half of the x range,
    get ``outlier_size`` added to y (as a sensor glitch or a mislabelled
    example would).  The x values come sorted.  The same ``seed`` always gives
    the same points, and changing ``outlier_size`` moves only the outliers:
    the clean points and which points are outliers do not change.

    Introduced in notebook 07_regression_losses.

    Parameters
    ----------
    n : int >= 2, default 30
    slope, intercept : float
        The true line.
    noise : float >= 0, default 0.5
        Standard deviation of the Gaussian noise, in units of y.
    n_outliers : int in [0, n // 2], default 4
    outlier_size : float, default 10.0
        The shift added to the outliers' y, in units of y.
    seed : int, default 0

    Returns
    -------
    LineData
        ``(x, y, y_clean, is_outlier, slope, intercept)``.

    Examples
    --------
    >>> from lossnotes.fitting import make_line_data
    >>> d = make_line_data(n=30, n_outliers=4, outlier_size=10.0, seed=0)
    >>> d.x.shape, int(d.is_outlier.sum())
    ((30,), 4)
    >>> bool(np.allclose(d.y - d.y_clean, 10.0 * d.is_outlier))
    True
    """
    for name, v, lo in (("n", n, 2), ("n_outliers", n_outliers, 0), ("seed", seed, 0)):
        if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < lo:
            raise ValueError(f"{name} must be an integer >= {lo}, got {v!r}")
    if n_outliers > n // 2:
        raise ValueError(f"n_outliers must be at most n // 2 = {n // 2} (outliers are a minority), got {n_outliers}")
    slope = check_scalar(slope, "slope")
    intercept = check_scalar(intercept, "intercept")
    noise = check_scalar(noise, "noise", low=0.0)
    outlier_size = check_scalar(outlier_size, "outlier_size")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0.0, 10.0, n))
    y_clean = slope * x + intercept + noise * rng.standard_normal(n)
    right = np.flatnonzero(x >= np.median(x))
    chosen = rng.choice(right, size=n_outliers, replace=False)
    is_outlier = np.zeros(n, dtype=bool)
    is_outlier[chosen] = True
    y = y_clean + outlier_size * is_outlier
    return LineData(x, y, y_clean, is_outlier, slope, intercept)
