"""Tiny, seeded NumPy training loops and loss surfaces for 1-D logistic regression.

The model is :math:`\\hat y = \\sigma(z)`, :math:`z = w x + b`, with one
weight and one bias, so that everything a student needs to see fits in a
picture: the loss as a surface over :math:`(w, b)`, a gradient-descent path
on it, and the loss curve of that path.  Two losses are compared:

* ``'ce'`` -- binary cross-entropy, :math:`-[y\\log\\hat y + (1-y)\\log(1-\\hat y)]`,
  in **nats** (natural logarithm, as PyTorch), computed stably from the logit;
* ``'mse'`` -- **half** the squared error, :math:`\\tfrac12(\\hat y - y)^2`
  (unitless), so that its derivative has no stray 2 and matches
  :func:`lossnotes.gradients.logistic_mse_wb`.  PyTorch's ``mse_loss`` has no
  ½: its values and gradients are twice these.

Both are averaged over the samples (PyTorch's ``reduction='mean'``).  Nothing
here is random except :func:`two_class_data`, :func:`mixed_saturation_data`
and the optional mini-batch order of :func:`train_logistic`, and all take a
``seed``: the same call gives the same numbers on every run.

:func:`learning_rate_sweep` trains a linear model with any number of features
by full-batch gradient descent at many learning rates at once (vectorised over
the rates), for the learning-rate comparison in notebook 06.

Introduced in notebook 06_mse_vs_cross_entropy.
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

from . import gradients
from ._validation import as_float_array, check_scalar

__all__ = [
    "two_class_data",
    "logistic_loss",
    "logistic_gradient",
    "logistic_hessian",
    "loss_surface",
    "TrainingHistory",
    "train_logistic",
    "mixed_saturation_data",
    "LearningRateSweep",
    "learning_rate_sweep",
]

_LOSSES = ("ce", "mse")


# --------------------------------------------------------------------------- helpers


def _check_loss(loss):
    if not isinstance(loss, str) or loss not in _LOSSES:
        raise ValueError(f"loss must be 'ce' (binary cross-entropy) or 'mse' (½ squared error); got {loss!r}")
    return loss


def _check_int(value, name, low):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < low:
        raise ValueError(f"{name} must be >= {low}, got {value!r}")
    return int(value)


def _check_seed(seed):
    return _check_int(seed, "seed", 0)


def _data(x, y):
    """Validate a 1-D dataset: x finite, y in [0, 1], same length."""
    xx = as_float_array(x, "x")
    if xx.ndim != 1:
        raise ValueError(f"x must be 1-D (one feature value per sample), got shape {xx.shape}")
    yy = as_float_array(y, "y").astype(xx.dtype, copy=False)
    if yy.shape != xx.shape:
        raise ValueError(f"x has shape {xx.shape} but y has shape {yy.shape}; they must be equal")
    if yy.min() < 0 or yy.max() > 1:
        raise ValueError(f"y must hold binary targets in [0, 1], got values from {yy.min()!r} to {yy.max()!r}")
    return xx, yy


def _params(w, b):
    ww = as_float_array(w, "w")
    bb = as_float_array(b, "b")
    try:
        return np.broadcast_arrays(ww, bb)
    except ValueError:
        raise ValueError(
            f"w has shape {ww.shape} and b has shape {bb.shape}, which do not broadcast together"
        ) from None


def _sigmoid(z):
    """1 / (1 + exp(-z)) without overflow for any finite z."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _softplus(z):
    """log(1 + exp(z)) without overflow."""
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


def _per_sample_loss(z, y, loss):
    if loss == "ce":
        return y * _softplus(-z) + (1 - y) * _softplus(z)
    d = _sigmoid(z) - y
    return 0.5 * d * d


def _mean_loss(w, b, x, y, loss):
    z = w[..., None] * x + b[..., None]
    return np.mean(_per_sample_loss(z, y, loss), axis=-1)


def _grad(w, b, x, y, loss):
    z = w * x + b
    p = _sigmoid(z)
    r = p - y if loss == "ce" else (p - y) * p * (1 - p)
    return float(np.mean(r * x)), float(np.mean(r))


def _scalar_or_array(a):
    a = np.asarray(a, dtype=float)
    return a[()] if a.ndim == 0 else a


# --------------------------------------------------------------------------- public API


def two_class_data(n_per_class=20, mean=1.5, std=1.0, seed=0):
    r"""A small seeded 1-D two-class dataset: class 0 around ``-mean``, class 1 around ``+mean``.

    .. math:: x \mid y{=}0 \sim \mathcal N(-\mu, s^2), \qquad x \mid y{=}1 \sim \mathcal N(+\mu, s^2)

    The samples are drawn with ``numpy.random.default_rng(seed)``, so the
    same arguments always give the same data.  Class 0 comes first.

    Introduced in notebook 06_mse_vs_cross_entropy.

    Parameters
    ----------
    n_per_class : int >= 1, default 20
    mean : float, default 1.5
        Distance :math:`\mu` of each class centre from 0 (feature units).
    std : float > 0, default 1.0
        Spread :math:`s` of each class.
    seed : int >= 0, default 0

    Returns
    -------
    x : numpy.ndarray, shape (2 * n_per_class,)
        Feature values.
    y : numpy.ndarray, shape (2 * n_per_class,)
        Labels 0.0 and 1.0 (floats, ready for the losses).

    Examples
    --------
    >>> from lossnotes.training import two_class_data
    >>> x, y = two_class_data(3, seed=0)
    >>> x.shape, y.tolist()
    ((6,), [0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
    >>> bool((two_class_data(3, seed=0)[0] == x).all())   # seeded: same data every time
    True
    """
    n = _check_int(n_per_class, "n_per_class", 1)
    mean = check_scalar(mean, "mean")
    std = check_scalar(std, "std", low=0.0, low_inclusive=False)
    rng = np.random.default_rng(_check_seed(seed))
    x = np.concatenate([rng.normal(-mean, std, n), rng.normal(mean, std, n)])
    y = np.concatenate([np.zeros(n), np.ones(n)])
    return x, y


def logistic_loss(w, b, x, y, loss="ce"):
    r"""Mean loss of the 1-D logistic model :math:`\hat y = \sigma(wx + b)` on a dataset.

    .. math:: L_\mathrm{CE}(w, b) = \frac1N\sum_n -[y_n\log\hat y_n + (1-y_n)\log(1-\hat y_n)]
              \quad\text{[nats]},

    .. math:: L_\mathrm{MSE}(w, b) = \frac1N\sum_n \tfrac12(\hat y_n - y_n)^2 .

    Cross-entropy is computed from the logit :math:`z` as
    :math:`y\,\mathrm{softplus}(-z) + (1-y)\,\mathrm{softplus}(z)`, so it is
    finite and exact even for a saturated model.  ``w`` and ``b`` may be
    arrays (e.g. a grid); they broadcast together and the result has their
    broadcast shape.

    Introduced in notebook 06_mse_vs_cross_entropy.

    Parameters
    ----------
    w, b : float or array_like
        Weight and bias.
    x : array_like, shape (N,)
        Feature values.
    y : array_like, shape (N,)
        Targets in [0, 1].
    loss : {'ce', 'mse'}, default 'ce'
        Binary cross-entropy (nats) or half the squared error.

    Returns
    -------
    float or numpy.ndarray
        A float for scalar ``w`` and ``b``, else an array of their broadcast shape.

    Examples
    --------
    >>> from lossnotes.training import logistic_loss
    >>> print(f"{logistic_loss(0.0, 0.0, [1.0, -1.0], [1.0, 0.0]):.4f}")   # ln 2: a coin flip
    0.6931
    >>> print(logistic_loss(0.0, 0.0, [1.0, -1.0], [1.0, 0.0], loss="mse"))  # ½ (0.5)²
    0.125
    """
    loss = _check_loss(loss)
    xx, yy = _data(x, y)
    ww, bb = _params(w, b)
    return _scalar_or_array(_mean_loss(ww, bb, xx, yy, loss))


def logistic_gradient(w, b, x, y, loss="ce"):
    r"""Gradient :math:`(\partial L/\partial w, \partial L/\partial b)` of :func:`logistic_loss`.

    With :math:`\hat y_n = \sigma(w x_n + b)` and the chain rule through
    :math:`z_n = w x_n + b` (so :math:`\partial z_n/\partial w = x_n`,
    :math:`\partial z_n/\partial b = 1`):

    .. math:: \text{CE:}\quad \frac{\partial L}{\partial w} = \frac1N\sum_n (\hat y_n - y_n)\,x_n,

    .. math:: \text{½MSE:}\quad \frac{\partial L}{\partial w} =
              \frac1N\sum_n (\hat y_n - y_n)\,\hat y_n(1-\hat y_n)\,x_n,

    and the same without :math:`x_n` for :math:`b`.  The factor
    :math:`\hat y(1-\hat y) = \sigma'(z) \le 1/4` is what makes the MSE
    gradient vanish for a confidently wrong model.  Delegates to
    :func:`lossnotes.gradients.logistic_bce_wb` and
    :func:`lossnotes.gradients.logistic_mse_wb`.

    Introduced in notebook 06_mse_vs_cross_entropy.

    Parameters
    ----------
    w, b : float or array_like
        Weight and bias (broadcast together, as in :func:`logistic_loss`).
    x, y : array_like, shape (N,)
        Features and targets in [0, 1].
    loss : {'ce', 'mse'}, default 'ce'

    Returns
    -------
    numpy.ndarray
        Shape ``(2,)`` = ``[dL/dw, dL/db]`` for scalar ``w`` and ``b``, else
        ``(..., 2)``.

    Examples
    --------
    >>> from lossnotes.training import logistic_gradient
    >>> logistic_gradient(0.0, 0.0, [1.0, -1.0], [1.0, 0.0]).tolist()   # CE at ŷ = 0.5
    [-0.5, 0.0]
    >>> logistic_gradient(0.0, 0.0, [1.0, -1.0], [1.0, 0.0], loss="mse").tolist()   # × σ'(0) = 1/4
    [-0.125, 0.0]
    """
    loss = _check_loss(loss)
    xx, yy = _data(x, y)
    ww, bb = _params(w, b)
    fn = gradients.logistic_bce_wb if loss == "ce" else gradients.logistic_mse_wb
    dw, db = fn(ww, bb, xx, yy)
    return np.stack([np.asarray(dw, dtype=float), np.asarray(db, dtype=float)], axis=-1)


def logistic_hessian(w, b, x, y, loss="ce"):
    r"""Hessian of :func:`logistic_loss` with respect to :math:`(w, b)`, in closed form.

    Both losses have the form :math:`\frac1N\sum_n \ell(z_n)` with
    :math:`z_n = w x_n + b`, so with :math:`u_n = (x_n, 1)`

    .. math:: H = \frac1N \sum_n \ell''(z_n)\, u_n u_n^\top,

    where, writing :math:`s = \hat y(1-\hat y)`,

    * CE: :math:`\ell''(z) = s \ge 0`, so :math:`H` is positive semi-definite
      everywhere and the CE surface is **convex**;
    * ½MSE: :math:`\ell''(z) = s\,[\,s + (\hat y - y)(1 - 2\hat y)\,]`; for
      :math:`y = 1` this is :math:`s(1-\hat y)(3\hat y - 1)`, **negative**
      whenever :math:`\hat y < 1/3`, so the MSE surface is not convex.

    Introduced in notebook 06_mse_vs_cross_entropy.

    Parameters
    ----------
    w, b : float or array_like
        Weight and bias (broadcast together).
    x, y : array_like, shape (N,)
        Features and targets in [0, 1].
    loss : {'ce', 'mse'}, default 'ce'

    Returns
    -------
    numpy.ndarray
        Shape ``(2, 2)`` for scalar ``w`` and ``b`` (order ``w, b``), else
        ``(..., 2, 2)``.  Pass it to ``numpy.linalg.eigvalsh`` for the
        curvatures.

    Examples
    --------
    >>> import numpy as np
    >>> from lossnotes.training import logistic_hessian
    >>> H = logistic_hessian(-3.0, 0.0, [1.0], [1.0], loss="mse")   # ŷ = σ(-3) < 1/3
    >>> bool(np.linalg.eigvalsh(H).min() < 0)                       # negative curvature
    True
    >>> bool(np.linalg.eigvalsh(logistic_hessian(-3.0, 0.0, [1.0], [1.0])).min() >= 0)
    True
    """
    loss = _check_loss(loss)
    xx, yy = _data(x, y)
    ww, bb = _params(w, b)
    p = _sigmoid(ww[..., None] * xx + bb[..., None])
    s = p * (1 - p)
    h = s if loss == "ce" else s * (s + (p - yy) * (1 - 2 * p))
    n = xx.size
    hww = np.sum(h * xx * xx, axis=-1) / n
    hwb = np.sum(h * xx, axis=-1) / n
    hbb = np.sum(h, axis=-1) / n
    return np.stack([np.stack([hww, hwb], -1), np.stack([hwb, hbb], -1)], -2)


def loss_surface(x, y, w_values, b_values, loss="ce"):
    r"""The mean loss :math:`L(w, b)` on the grid ``w_values`` × ``b_values``.

    The result has shape ``(len(b_values), len(w_values))`` (rows are b),
    which is what ``ax.contour(w_values, b_values, L)`` expects.  Same losses
    and units as :func:`logistic_loss` (CE in nats, ½MSE unitless).

    Introduced in notebook 06_mse_vs_cross_entropy.

    Parameters
    ----------
    x, y : array_like, shape (N,)
        Features and targets in [0, 1].
    w_values, b_values : array_like, 1-D
        Grid values of the weight and the bias.
    loss : {'ce', 'mse'}, default 'ce'

    Returns
    -------
    numpy.ndarray, shape (len(b_values), len(w_values))

    Examples
    --------
    >>> import numpy as np
    >>> from lossnotes.training import loss_surface
    >>> L = loss_surface([1.0, -1.0], [1.0, 0.0], np.linspace(-2, 2, 5), np.linspace(-1, 1, 3))
    >>> L.shape, f"{L[1, 2]:.4f}"        # centre of the grid: w = b = 0, ln 2 nats
    ((3, 5), '0.6931')
    """
    loss = _check_loss(loss)
    xx, yy = _data(x, y)
    wv = as_float_array(w_values, "w_values")
    bv = as_float_array(b_values, "b_values")
    for arr, name in ((wv, "w_values"), (bv, "b_values")):
        if arr.ndim != 1:
            raise ValueError(f"{name} must be 1-D (grid values), got shape {arr.shape}")
    return _mean_loss(wv[None, :], bv[:, None], xx, yy, loss)


class TrainingHistory(NamedTuple):
    """What :func:`train_logistic` records, one entry per step (``steps + 1`` entries).

    Entry ``t`` is the state *before* update ``t + 1``; entry 0 is the start.

    Attributes
    ----------
    loss : numpy.ndarray
        Training loss (the loss being minimised, on the whole dataset).
    w, b : numpy.ndarray
        The parameters.
    grad_norm : numpy.ndarray
        Euclidean norm of the full-data gradient :math:`(\\partial L/\\partial w, \\partial L/\\partial b)`.
    accuracy : numpy.ndarray
        Fraction of samples with the right side of 0.5 (``ŷ > 0.5`` iff ``y > 0.5``).

    Introduced in notebook 06_mse_vs_cross_entropy.

    Examples
    --------
    >>> from lossnotes.training import train_logistic
    >>> h = train_logistic([-1.0, 1.0], [0.0, 1.0], steps=2)
    >>> len(h.loss), f"{h.loss[0]:.4f}"      # start: w = b = 0, a coin flip (ln 2 nats)
    (3, '0.6931')
    """

    loss: np.ndarray
    w: np.ndarray
    b: np.ndarray
    grad_norm: np.ndarray
    accuracy: np.ndarray


def train_logistic(x, y, loss="ce", w0=0.0, b0=0.0, lr=1.0, steps=100, batch_size=None, seed=0):
    r"""Train :math:`\hat y = \sigma(wx + b)` by gradient descent and record the history.

    Each step updates

    .. math:: (w, b) \leftarrow (w, b) - \eta\, \nabla L_B(w, b)

    with :math:`\eta` = ``lr`` and :math:`L_B` the mean loss
    (:func:`logistic_loss`) over a batch :math:`B`: the whole dataset when
    ``batch_size`` is None (plain, deterministic gradient descent), else a
    mini-batch from a reshuffle of the data every epoch, drawn with
    ``numpy.random.default_rng(seed)``.  The recorded loss, gradient norm and
    accuracy are always those of the whole dataset.

    Introduced in notebook 06_mse_vs_cross_entropy.

    Parameters
    ----------
    x, y : array_like, shape (N,)
        Features and targets in [0, 1].
    loss : {'ce', 'mse'}, default 'ce'
        Binary cross-entropy (nats) or half the squared error.
    w0, b0 : float, default 0.0
        Starting point (e.g. a confidently wrong, saturated one).
    lr : float > 0, default 1.0
        Learning rate.
    steps : int >= 0, default 100
        Number of updates.
    batch_size : int >= 1, optional
        Mini-batch size; None for full-batch gradient descent.
    seed : int >= 0, default 0
        Seed of the mini-batch order (unused for full batches).

    Returns
    -------
    TrainingHistory
        Arrays ``loss``, ``w``, ``b``, ``grad_norm``, ``accuracy`` of length
        ``steps + 1``.

    Examples
    --------
    >>> from lossnotes.training import train_logistic
    >>> x, y = [-2.0, -1.0, 1.0, 2.0], [0.0, 0.0, 1.0, 1.0]
    >>> ce = train_logistic(x, y, "ce", w0=-4.0, lr=1.0, steps=20)
    >>> mse = train_logistic(x, y, "mse", w0=-4.0, lr=1.0, steps=20)
    >>> print(f"w: CE {ce.w[-1]:+.2f}, MSE {mse.w[-1]:+.2f}")   # from w0 = -4, confidently wrong
    w: CE +2.51, MSE -3.80
    """
    loss = _check_loss(loss)
    xx, yy = _data(x, y)
    xx = xx.astype(float, copy=False)
    yy = yy.astype(float, copy=False)
    w = check_scalar(w0, "w0")
    b = check_scalar(b0, "b0")
    lr = check_scalar(lr, "lr", low=0.0, low_inclusive=False)
    steps = _check_int(steps, "steps", 0)
    n = xx.size
    if batch_size is not None:
        batch_size = _check_int(batch_size, "batch_size", 1)
        batch_size = min(batch_size, n)
    rng = np.random.default_rng(_check_seed(seed))

    hist = np.empty((5, steps + 1))
    order, pos = np.arange(n), n
    for t in range(steps + 1):
        gw, gb = _grad(w, b, xx, yy, loss)
        z = w * xx + b
        hist[:, t] = (
            np.mean(_per_sample_loss(z, yy, loss)),
            w,
            b,
            np.hypot(gw, gb),
            np.mean((z > 0) == (yy > 0.5)),
        )
        if t == steps:
            break
        if batch_size is not None:
            if pos + batch_size > n:
                order, pos = rng.permutation(n), 0
            idx = order[pos:pos + batch_size]
            pos += batch_size
            gw, gb = _grad(w, b, xx[idx], yy[idx], loss)
        w -= lr * gw
        b -= lr * gb
    return TrainingHistory(*hist)


# --------------------------------------------------------------------------- learning-rate sweeps


def mixed_saturation_data(n_per_class=50, n_minority=20, seed=0):
    r"""A seeded 2-D data set whose examples saturate very differently from one start.

    * **Majority** (``group == 0``): class 0 around :math:`(-1.5, 0)` and class 1
      around :math:`(+1.5, 0)`, spread 0.5 -- separated along the first feature,
      many points close to the boundary.
    * **Minority** (``group == 1``): ``n_minority`` points of class 1 around
      :math:`(-2, 3)`, spread 0.5 -- on class 0's side of the first feature, and
      recognisable only through the second.

    From the start :math:`w = (3, 0)`, :math:`b = 0` used in notebook 06 the
    majority is classified correctly, with :math:`\sigma'(z)` from about
    :math:`10^{-4}` up to 0.25, while the minority is confidently wrong
    (:math:`z \approx -6`, :math:`\sigma'(z) \approx 10^{-3}` down to
    :math:`10^{-5}`).  Raising the first weight, which the majority asks for,
    pushes the minority further into saturation.

    Introduced in notebook 06_mse_vs_cross_entropy.

    Parameters
    ----------
    n_per_class : int >= 1, default 50
        Majority points per class.
    n_minority : int >= 1, default 20
        Minority points (all of class 1).
    seed : int >= 0, default 0
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    X : numpy.ndarray, shape (2 * n_per_class + n_minority, 2)
        Features.
    y : numpy.ndarray, shape (N,)
        Labels 0.0 and 1.0.
    group : numpy.ndarray of int, shape (N,)
        0 for the majority, 1 for the minority.

    Examples
    --------
    >>> from lossnotes.training import mixed_saturation_data
    >>> X, y, group = mixed_saturation_data(seed=0)
    >>> X.shape, int(y.sum()), int(group.sum())
    ((120, 2), 70, 20)
    """
    n = _check_int(n_per_class, "n_per_class", 1)
    m = _check_int(n_minority, "n_minority", 1)
    rng = np.random.default_rng(_check_seed(seed))
    X = np.concatenate([
        rng.normal([-1.5, 0.0], 0.5, (n, 2)),
        rng.normal([1.5, 0.0], 0.5, (n, 2)),
        rng.normal([-2.0, 3.0], 0.5, (m, 2)),
    ])
    y = np.concatenate([np.zeros(n), np.ones(n + m)])
    group = np.concatenate([np.zeros(2 * n, dtype=int), np.ones(m, dtype=int)])
    return X, y, group


class LearningRateSweep(NamedTuple):
    """What :func:`learning_rate_sweep` records: one training run per learning rate.

    Attributes
    ----------
    lrs : numpy.ndarray, shape (L,)
        The learning rates.
    accuracy : numpy.ndarray, shape (steps + 1, L)
        Fraction of samples on the right side of 0.5 before each update
        (row 0 is the start).
    loss : numpy.ndarray, shape (steps + 1, L)
        The mean training loss (CE in nats or ½MSE, unitless).

    Introduced in notebook 06_mse_vs_cross_entropy.
    """

    lrs: np.ndarray
    accuracy: np.ndarray
    loss: np.ndarray

    def steps_to(self, level):
        """First step at which the accuracy is at least ``level``, per learning rate.

        Returns a float array of shape (L,), with ``nan`` where the run never
        reaches ``level``.

        Examples
        --------
        >>> import numpy as np
        >>> s = LearningRateSweep(np.array([1.0, 2.0]), np.array([[0.5, 0.5], [0.9, 0.5]]), np.zeros((2, 2)))
        >>> s.steps_to(0.9)
        array([ 1., nan])
        """
        level = check_scalar(level, "level", low=0.0, high=1.0)
        hit = self.accuracy >= level
        first = np.argmax(hit, axis=0).astype(float)
        first[~hit.any(axis=0)] = np.nan
        return first


def learning_rate_sweep(X, y, loss="ce", w0=None, b0=0.0, lrs=(0.1, 1.0, 10.0), steps=300):
    r"""Full-batch gradient descent on :math:`\hat y = \sigma(Xw + b)` at many learning rates at once.

    Every run starts from the same ``(w0, b0)`` and takes ``steps`` updates
    :math:`(w, b) \leftarrow (w, b) - \eta\,\nabla L` with its own :math:`\eta`;
    the runs are computed together, as one array operation per step.  The
    losses are those of :func:`logistic_loss` (mean over the samples), so
    for one feature and one learning rate the run is that of
    :func:`train_logistic`, up to rounding.  (At very large learning rates
    gradient descent on these losses can become chaotic, and then rounding
    differences grow over the steps: compare such runs by their first
    steps, e.g. :meth:`LearningRateSweep.steps_to`, not by their final state.)

    Introduced in notebook 06_mse_vs_cross_entropy.

    Parameters
    ----------
    X : array_like, shape (N, D) or (N,)
        Features (a 1-D array is one feature).
    y : array_like, shape (N,)
        Targets in [0, 1].
    loss : {'ce', 'mse'}, default 'ce'
        Binary cross-entropy (nats) or half the squared error.
    w0 : array_like, shape (D,), optional
        Starting weights (zeros by default).
    b0 : float, default 0.0
        Starting bias.
    lrs : array_like of float > 0, 1-D
        The learning rates.
    steps : int >= 0, default 300

    Returns
    -------
    LearningRateSweep

    Examples
    --------
    >>> from lossnotes.training import learning_rate_sweep, two_class_data
    >>> x, y = two_class_data(20, mean=1.0, seed=0)
    >>> sweep = learning_rate_sweep(x, y, "mse", w0=[-5.0], lrs=[1.0, 100.0], steps=300)
    >>> sweep.steps_to(0.9)          # ½MSE: 230 steps at lr = 1, but 4 at lr = 100
    array([230.,   4.])
    """
    loss = _check_loss(loss)
    XX = as_float_array(X, "X")
    if XX.ndim == 1:
        XX = XX[:, None]
    if XX.ndim != 2:
        raise ValueError(f"X must have shape (N, D) or (N,), got shape {XX.shape}")
    yy = as_float_array(y, "y")
    if yy.shape != XX.shape[:1]:
        raise ValueError(f"X has {XX.shape[0]} rows but y has shape {yy.shape}; y must have shape ({XX.shape[0]},)")
    if yy.min() < 0 or yy.max() > 1:
        raise ValueError(f"y must hold binary targets in [0, 1], got values from {yy.min()!r} to {yy.max()!r}")
    n, d = XX.shape
    w = np.zeros(d) if w0 is None else as_float_array(w0, "w0").reshape(-1)
    if w.shape != (d,):
        raise ValueError(f"w0 must have one weight per feature, shape ({d},), got {w.size} values")
    b = check_scalar(b0, "b0")
    rates = as_float_array(lrs, "lrs").reshape(-1)
    if rates.size == 0 or rates.min() <= 0:
        raise ValueError(f"lrs must hold at least one learning rate, all > 0; got {rates!r}")
    steps = _check_int(steps, "steps", 0)

    Xb = np.hstack([XX, np.ones((n, 1))])                     # bias as a last feature
    theta = np.tile(np.append(w, b), (rates.size, 1))          # (L, D + 1)
    acc = np.empty((steps + 1, rates.size))
    val = np.empty((steps + 1, rates.size))
    positive = yy > 0.5
    for t in range(steps + 1):
        z = theta @ Xb.T                                        # (L, N)
        acc[t] = np.mean((z > 0) == positive, axis=1)
        val[t] = np.mean(_per_sample_loss(z, yy, loss), axis=1)
        if t == steps:
            break
        p = _sigmoid(z)
        r = p - yy if loss == "ce" else (p - yy) * p * (1 - p)
        theta -= rates[:, None] * (r @ Xb) / n
    return LearningRateSweep(rates, acc, val)
