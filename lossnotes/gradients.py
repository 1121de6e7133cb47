"""Analytic gradients of the losses in :mod:`lossnotes.losses` (notebooks 05-08).

Each function returns the derivative of a **per-sample** (or, for regression,
**per-element**) loss with respect to the logits or predictions, with the
shape of those logits/predictions.  PyTorch's gradient of a loss with
``reduction='mean'`` is this divided by the number of samples (or elements,
or the summed class weights for weighted cross-entropy); with ``'sum'`` it is
exactly this.

The point of the notebooks is the *shape* of these formulas:

* softmax + cross-entropy: :math:`q - y` -- large when the model is confidently
  wrong;
* softmax + MSE: :math:`J^\\top 2(q - y)`, :math:`J = \\mathrm{diag}(q) - qq^\\top`
  -- tiny when the model is confidently wrong, because :math:`J \\to 0`;
* sigmoid + BCE: :math:`\\hat y - y`; sigmoid + ½MSE:
  :math:`(\\hat y - y)\\hat y(1 - \\hat y)` -- the same contrast in one dimension;
* distillation: :math:`(q - p)/T`, which tends to logit matching
  :math:`(z - v)/(C T^2)` at high temperature.

Every formula is checked against finite differences
(:mod:`lossnotes.gradcheck`) and PyTorch autograd in the tests.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_float_array, check_scalar
from .losses import (
    _check_unit_interval,
    _class_axis,
    _logits_input,
    _parse_target,
    _result,
    _same_shape,
    _sigmoid,
    _softmax,
)

__all__ = [
    "softmax_cross_entropy",
    "softmax_mse",
    "sigmoid_bce",
    "sigmoid_focal",
    "sigmoid_mse",
    "logistic_bce_wb",
    "logistic_mse_wb",
    "mse",
    "l1",
    "smooth_l1",
    "huber",
    "distillation",
    "distillation_high_temperature_limit",
]


def _probs_and_target(logits, target):
    """Softmax of ``logits`` over the class axis and ``target`` as probabilities."""
    x = _logits_input(logits, "logits")
    kind, t = _parse_target(x, target, input_name="logits")
    axis = _class_axis(x.ndim)
    q = _softmax(x, axis)
    if kind == "index":
        shape = [1] * x.ndim
        shape[axis] = x.shape[axis]
        classes = np.arange(x.shape[axis]).reshape(shape)
        y = (np.expand_dims(t, axis) == classes).astype(x.dtype)
    else:
        y = t
    return x, q, y, axis


def softmax_cross_entropy(logits, target):
    r"""Gradient of softmax cross-entropy w.r.t. the logits: :math:`q - y`.

    For one sample, :math:`L = -\sum_c y_c \log q_c` with
    :math:`q = \mathrm{softmax}(z)` and :math:`\sum_c y_c = 1` gives

    .. math:: \frac{\partial L}{\partial z} = q - y.

    It is bounded by 1 in each entry and largest exactly when the model is
    confidently wrong.  This is the gradient of the per-sample loss (PyTorch's
    ``reduction='none'``/``'sum'``); with ``reduction='mean'`` PyTorch's
    gradient is this divided by N.

    PyTorch: the autograd gradient of ``F.cross_entropy(z, y, reduction='sum')``
    w.r.t. ``z``.  Units: none, a pure number: the loss is in
    nats and so is the logit (a log-odds).

    Introduced in notebook 05_cross_entropy_loss.

    Parameters
    ----------
    logits : array_like
        Shape ``(C,)``, ``(N, C)`` or ``(N, C, d1, ...)`` (classes on axis 1,
        as :func:`lossnotes.losses.cross_entropy`).
    target : array_like
        Integer class indices (the input's shape without the class axis) or
        probabilities of the logits' shape.

    Returns
    -------
    numpy.ndarray
        Shape and dtype of ``logits``.

    Examples
    --------
    >>> from lossnotes.gradients import softmax_cross_entropy
    >>> softmax_cross_entropy([0.0, 4.0, 10.0], 0).round(4)   # confident mistake
    array([-1.    ,  0.0025,  0.9975])
    """
    x, q, y, _ = _probs_and_target(logits, target)
    return _result(q - y, x.dtype)


def softmax_mse(logits, target):
    r"""Gradient of the squared error of softmax outputs: :math:`J^\top 2(q - y)`.

    For one sample, :math:`L = \sum_c (q_c - y_c)^2` (summed over classes, no
    ½) with :math:`q = \mathrm{softmax}(z)`.  The softmax Jacobian is
    :math:`J = \mathrm{diag}(q) - qq^\top` (symmetric), so

    .. math:: \frac{\partial L}{\partial z} = J^\top v = q \odot (v - q\cdot v),
              \qquad v = 2(q - y),

    computed without forming the ``(N, C, C)`` Jacobian.  When the model is
    confidently wrong, :math:`q` is nearly one-hot, :math:`J \approx 0` and
    the gradient vanishes: for :math:`q = [4.5\mathrm{e}{-5}, 0.0025, 0.9975]`
    and :math:`y = e_0` it is about ``[-0.00018, -0.0049, 0.0051]``, where
    cross-entropy gives ``[-1.0, 0.0025, 0.9975]``.

    Per-sample gradient; PyTorch's ``mse_loss(softmax(z), y)`` with
    ``'mean'`` divides by N·C.

    PyTorch: the autograd gradient of
    ``F.mse_loss(torch.softmax(z, 1), y_onehot, reduction='sum')``.

    Introduced in notebook 06_mse_vs_cross_entropy.

    Parameters
    ----------
    logits : array_like
        Shape ``(C,)``, ``(N, C)`` or ``(N, C, d1, ...)``.
    target : array_like
        Class indices or probabilities, as in :func:`softmax_cross_entropy`.

    Returns
    -------
    numpy.ndarray
        Shape and dtype of ``logits``.

    Examples
    --------
    >>> from lossnotes.gradients import softmax_mse
    >>> softmax_mse([0.0, 4.0, 10.0], 0).round(5)
    array([-0.00018, -0.00491,  0.00509])
    """
    x, q, y, axis = _probs_and_target(logits, target)
    v = 2 * (q - y)
    g = q * (v - np.sum(q * v, axis=axis, keepdims=True))
    return _result(g, x.dtype)


def _binary_pair(z, y, zname="z", yname="y"):
    zz = as_float_array(z, zname)
    yy = as_float_array(y, yname).astype(zz.dtype, copy=False)
    _same_shape(zz, yy, zname, yname)
    _check_unit_interval(yy, yname, "binary targets")
    return zz, yy


def sigmoid_bce(z, y):
    r"""Gradient of binary cross-entropy on a logit: :math:`\hat y - y`.

    With :math:`\hat y = \sigma(z)` and
    :math:`L = -[y\log\hat y + (1-y)\log(1-\hat y)]`, the sigmoid's derivative
    :math:`\hat y(1-\hat y)` cancels against the log's, leaving

    .. math:: \frac{\partial L}{\partial z} = \hat y - y.

    Elementwise (per-sample); PyTorch's ``'mean'`` divides by the number of
    elements.

    PyTorch: the autograd gradient of
    ``F.binary_cross_entropy_with_logits(z, y, reduction='sum')``.  Units: none, a
    pure number: the loss is in nats and so is the logit (a log-odds).

    Introduced in notebook 06_mse_vs_cross_entropy.

    Parameters
    ----------
    z : array_like
        Logits, any shape.
    y : array_like
        Targets in [0, 1], the same shape.

    Returns
    -------
    numpy.ndarray or numpy scalar
        Same shape and dtype as ``z``.

    Examples
    --------
    >>> from lossnotes.gradients import sigmoid_bce
    >>> sigmoid_bce([-6.0, 0.0], [1.0, 1.0]).round(4)   # confidently wrong: about -1
    array([-0.9975, -0.5   ])
    """
    zz, yy = _binary_pair(z, y)
    return _result(_sigmoid(zz) - yy, zz.dtype)


def sigmoid_focal(x, t, alpha=0.25, gamma=2.0):
    r"""Gradient of the focal loss on a logit (torchvision's definition), per element.

    With :math:`p = \sigma(x)`, :math:`m = 1 - p_t = t\,\sigma(-x) + (1-t)\,\sigma(x)`,
    :math:`\mathrm{ce} = \mathrm{BCEwithLogits}(x, t)` and
    :math:`\ell = \alpha_t\, m^\gamma\, \mathrm{ce}`
    (:func:`lossnotes.losses.sigmoid_focal_loss`), the product rule with
    :math:`\partial\,\mathrm{ce}/\partial x = p - t` and
    :math:`\partial m/\partial x = (1 - 2t)\,p\,(1-p)` gives

    .. math:: \frac{\partial \ell}{\partial x} = \alpha_t\, m^\gamma
              \Big[\gamma\,(1-2t)\,\frac{p(1-p)}{m}\,\mathrm{ce} + p - t\Big].

    For a binary target :math:`p(1-p)/m = p_t`, and with :math:`y = \pm 1`
    this is Lin et al.'s (2017) appendix formula
    :math:`y\,(1-p_t)^\gamma\,(\gamma\,p_t \ln p_t + p_t - 1)` (times
    :math:`\alpha_t`).  ``gamma = 0`` with ``alpha < 0`` gives
    :func:`sigmoid_bce`, :math:`p - t`.

    PyTorch: the autograd gradient of
    ``torchvision.ops.sigmoid_focal_loss(x, t, alpha, gamma, reduction='sum')``.
    Units: none, a pure number: the loss is in
    nats and so is the logit (a log-odds).

    Introduced in notebook 09_other_losses.

    Parameters
    ----------
    x : array_like
        Logits, any shape.
    t : array_like
        Targets in [0, 1], the same shape.
    alpha : float <= 1, default 0.25
        Weight of the positive class; negative to disable :math:`\alpha_t`.
    gamma : float >= 0, default 2.0

    Returns
    -------
    numpy.ndarray or numpy scalar
        Same shape and dtype as ``x``.

    Examples
    --------
    >>> from lossnotes.gradients import sigmoid_focal
    >>> sigmoid_focal([0.0], [1.0], alpha=-1, gamma=2).round(4)   # 0.25 (2 * 0.5 ln 0.5 - 0.5)
    array([-0.2983])
    """
    xx, tt = _binary_pair(x, t, "x", "t")
    alpha = check_scalar(alpha, "alpha", high=1.0)
    gamma = check_scalar(gamma, "gamma", low=0.0)
    p, q = _sigmoid(xx), _sigmoid(-xx)
    m = tt * q + (1 - tt) * p
    ce = tt * np.logaddexp(0.0, -xx) + (1 - tt) * np.logaddexp(0.0, xx)
    # p(1 - p)/m, which is 1 in the limit m -> 0 (only reached by a binary target).
    ratio = np.divide(p * q, m, out=np.ones_like(m), where=m > 0)
    g = m ** gamma * (gamma * (1 - 2 * tt) * ratio * ce + p - tt)
    if alpha >= 0:
        g = (alpha * tt + (1 - alpha) * (1 - tt)) * g
    return _result(g, xx.dtype)


def sigmoid_mse(z, y):
    r"""Gradient of ½ squared error on a sigmoid output: :math:`(\hat y - y)\hat y(1-\hat y)`.

    With :math:`\hat y = \sigma(z)` and :math:`L = \tfrac12(\hat y - y)^2`
    (note the ½, which cancels the 2 of the square),

    .. math:: \frac{\partial L}{\partial z} = (\hat y - y)\,\hat y\,(1 - \hat y).

    The factor :math:`\hat y(1-\hat y) \le 1/4` vanishes when the model is
    confidently wrong (:math:`\hat y \to 0` while :math:`y = 1`), so learning
    stalls exactly where it is needed; compare :func:`sigmoid_bce`.
    Elementwise; without the ½ (PyTorch's ``mse_loss``) the gradient doubles.

    PyTorch: the autograd gradient of ``0.5 * F.mse_loss(torch.sigmoid(z), y,
    reduction='sum')``.

    Introduced in notebook 06_mse_vs_cross_entropy.

    Parameters
    ----------
    z : array_like
        Logits, any shape.
    y : array_like
        Targets in [0, 1], the same shape.

    Returns
    -------
    numpy.ndarray or numpy scalar
        Same shape and dtype as ``z``.

    Examples
    --------
    >>> from lossnotes.gradients import sigmoid_mse
    >>> sigmoid_mse([-6.0, 0.0], [1.0, 1.0]).round(4)   # confidently wrong: about 0
    array([-0.0025, -0.125 ])
    """
    zz, yy = _binary_pair(z, y)
    p = _sigmoid(zz)
    return _result((p - yy) * p * (1 - p), zz.dtype)


def _logistic_setup(w, b, x, y):
    ww = as_float_array(w, "w")
    bb = as_float_array(b, "b")
    try:
        ww, bb = np.broadcast_arrays(ww, bb)
    except ValueError:
        raise ValueError(
            f"w has shape {ww.shape} and b has shape {bb.shape}, which do not broadcast together"
        ) from None
    xx = as_float_array(x, "x")
    if xx.ndim != 1:
        raise ValueError(f"x must be 1-D (one feature value per sample), got shape {xx.shape}")
    xx, yy = _binary_pair(xx, y, "x", "y")
    z = ww[..., None] * xx + bb[..., None]
    return z, xx, yy, np.result_type(ww, bb, xx)


def logistic_bce_wb(w, b, x, y):
    r"""Gradient (dL/dw, dL/db) of mean BCE for the 1-D logistic model :math:`\sigma(wx + b)`.

    .. math:: L(w, b) = \frac1N\sum_n \mathrm{BCE}(\sigma(w x_n + b), y_n),\quad
              \frac{\partial L}{\partial w} = \frac1N\sum_n(\hat y_n - y_n)x_n,\quad
              \frac{\partial L}{\partial b} = \frac1N\sum_n(\hat y_n - y_n).

    Averaged over the samples (PyTorch's ``reduction='mean'``).  ``w`` and
    ``b`` may also be arrays (e.g. a grid for a gradient-field plot); they
    broadcast together and the results have their broadcast shape.

    PyTorch: the autograd gradient of
    ``F.binary_cross_entropy_with_logits(w * x + b, y)`` w.r.t. ``(w, b)``.

    Introduced in notebook 06_mse_vs_cross_entropy.

    Parameters
    ----------
    w, b : float or array_like
        Weight and bias.
    x : array_like
        Inputs, shape ``(N,)``.
    y : array_like
        Targets in [0, 1], shape ``(N,)``.

    Returns
    -------
    tuple of (numpy scalar or numpy.ndarray)
        ``(dL/dw, dL/db)``.

    Examples
    --------
    >>> from lossnotes.gradients import logistic_bce_wb
    >>> dw, db = logistic_bce_wb(0.0, 0.0, [1.0, -1.0], [1.0, 0.0])
    >>> print(float(dw), float(db))   # ((0.5-1)*1 + 0.5*(-1)) / 2, 0
    -0.5 0.0
    """
    z, xx, yy, dtype = _logistic_setup(w, b, x, y)
    r = _sigmoid(z) - yy
    return _result(np.mean(r * xx, axis=-1), dtype), _result(np.mean(r, axis=-1), dtype)


def logistic_mse_wb(w, b, x, y):
    r"""Gradient (dL/dw, dL/db) of mean ½MSE for the 1-D logistic model :math:`\sigma(wx + b)`.

    .. math:: L(w, b) = \frac1N\sum_n \tfrac12(\hat y_n - y_n)^2,\quad
              \frac{\partial L}{\partial w} = \frac1N\sum_n(\hat y_n - y_n)\hat y_n(1-\hat y_n)x_n,

    and the same without :math:`x_n` for :math:`b`.  Averaged over samples;
    note the ½ (PyTorch's ``mse_loss`` has none, so its gradient is twice this).
    ``w`` and ``b`` broadcast together as in :func:`logistic_bce_wb`.

    PyTorch: the autograd gradient of ``0.5 * F.mse_loss(torch.sigmoid(w * x +
    b), y)`` w.r.t. ``(w, b)``.

    Introduced in notebook 06_mse_vs_cross_entropy.

    Parameters
    ----------
    w, b : float or array_like
        Weight and bias.
    x : array_like
        Inputs, shape ``(N,)``.
    y : array_like
        Targets in [0, 1], shape ``(N,)``.

    Returns
    -------
    tuple of (numpy scalar or numpy.ndarray)
        ``(dL/dw, dL/db)``.

    Examples
    --------
    >>> from lossnotes.gradients import logistic_mse_wb
    >>> dw, db = logistic_mse_wb(0.0, 0.0, [1.0, -1.0], [1.0, 0.0])
    >>> print(float(dw), float(db))   # a quarter of the BCE gradient at ŷ = 0.5
    -0.125 0.0
    """
    z, xx, yy, dtype = _logistic_setup(w, b, x, y)
    p = _sigmoid(z)
    r = (p - yy) * p * (1 - p)
    return _result(np.mean(r * xx, axis=-1), dtype), _result(np.mean(r, axis=-1), dtype)


def _regression_pair(pred, target):
    p = as_float_array(pred, "pred")
    t = as_float_array(target, "target").astype(p.dtype, copy=False)
    _same_shape(p, t, "pred", "target")
    return p, p - t


def mse(pred, target):
    r"""Elementwise derivative of :math:`(x - y)^2` w.r.t. the prediction: :math:`2(x - y)`.

    Grows linearly with the error: outliers pull hard.  PyTorch's
    ``mse_loss`` with ``'mean'`` divides this by the number of elements.

    PyTorch: the autograd gradient of ``F.mse_loss(x, y, reduction='sum')``.

    Introduced in notebook 07_regression_losses.

    Parameters
    ----------
    pred, target : array_like
        Same shape.

    Returns
    -------
    numpy.ndarray or numpy scalar
        Shape and dtype of ``pred``.

    Examples
    --------
    >>> from lossnotes.gradients import mse
    >>> mse([10.0, 10.0, 20.0], [30.0, 20.0, 50.0])
    array([-40., -20., -60.])
    """
    p, d = _regression_pair(pred, target)
    return _result(2 * d, p.dtype)


def l1(pred, target):
    r"""Elementwise derivative of :math:`|x - y|`: :math:`\mathrm{sign}(x - y)`, 0 at 0.

    The size of the error does not matter, only its sign: outliers pull no
    harder than small errors.  At :math:`x = y` the derivative is undefined;
    0 is used, as PyTorch's autograd does.

    PyTorch: the autograd gradient of ``F.l1_loss(x, y, reduction='sum')``.

    Introduced in notebook 07_regression_losses.

    Parameters
    ----------
    pred, target : array_like
        Same shape.

    Returns
    -------
    numpy.ndarray or numpy scalar
        Shape and dtype of ``pred``.

    Examples
    --------
    >>> from lossnotes.gradients import l1
    >>> l1([1.0, 2.0, 5.0], [2.0, 2.0, 0.0])
    array([-1.,  0.,  1.])
    """
    p, d = _regression_pair(pred, target)
    return _result(np.sign(d), p.dtype)


def smooth_l1(pred, target, beta=1.0):
    r"""Elementwise derivative of the smooth L1 loss w.r.t. the prediction.

    .. math:: \frac{\partial \ell}{\partial x} =
              \begin{cases} d/\beta & |d| < \beta \\ \mathrm{sign}(d) & \text{otherwise}\end{cases},
              \quad d = x - y,

    so the slope never exceeds 1; ``beta = 0`` gives the L1 derivative (0 at
    0), as PyTorch.

    PyTorch: the autograd gradient of ``F.smooth_l1_loss(x, y, reduction='sum',
    beta=beta)``.

    Introduced in notebook 07_regression_losses.

    Parameters
    ----------
    pred, target : array_like
        Same shape.
    beta : float >= 0, default 1.0

    Returns
    -------
    numpy.ndarray or numpy scalar
        Shape and dtype of ``pred``.

    Examples
    --------
    >>> from lossnotes.gradients import smooth_l1
    >>> smooth_l1([0.5, 3.0, -2.0], [0.0, 0.0, 0.0])
    array([ 0.5,  1. , -1. ])
    """
    p, d = _regression_pair(pred, target)
    beta = check_scalar(beta, "beta", low=0.0)
    if beta == 0:
        return _result(np.sign(d), p.dtype)
    return _result(np.where(np.abs(d) < beta, d / beta, np.sign(d)), p.dtype)


def huber(pred, target, delta=1.0):
    r"""Elementwise derivative of the Huber loss w.r.t. the prediction.

    .. math:: \frac{\partial \ell}{\partial x} =
              \begin{cases} d & |d| < \delta \\ \delta\,\mathrm{sign}(d) & \text{otherwise}\end{cases},
              \quad d = x - y:

    the MSE gradient clipped at :math:`\pm\delta` (``huber(δ) = δ·smooth_l1(β=δ)``).

    PyTorch: the autograd gradient of ``F.huber_loss(x, y, reduction='sum',
    delta=delta)``.

    Introduced in notebook 07_regression_losses.

    Parameters
    ----------
    pred, target : array_like
        Same shape.
    delta : float > 0, default 1.0

    Returns
    -------
    numpy.ndarray or numpy scalar
        Shape and dtype of ``pred``.

    Examples
    --------
    >>> from lossnotes.gradients import huber
    >>> huber([0.5, 3.0, -2.0], [0.0, 0.0, 0.0], delta=2.0)
    array([ 0.5,  2. , -2. ])
    """
    p, d = _regression_pair(pred, target)
    delta = check_scalar(delta, "delta", low=0.0, low_inclusive=False)
    return _result(np.where(np.abs(d) < delta, d, delta * np.sign(d)), p.dtype)


def _distillation_pair(student_logits, teacher_logits, temperature):
    z = _logits_input(student_logits, "student_logits")
    if z.ndim > 2:
        raise ValueError(f"student_logits must have shape (N, C) or (C,), got shape {z.shape}")
    v = as_float_array(teacher_logits, "teacher_logits").astype(z.dtype, copy=False)
    _same_shape(z, v, "student_logits", "teacher_logits")
    T = check_scalar(temperature, "temperature", low=0.0, low_inclusive=False)
    return z, v, T


def distillation(student_logits, teacher_logits, temperature):
    r"""Gradient of the soft-target cross-entropy w.r.t. the student logits: :math:`(q - p)/T`.

    Hinton, Vinyals & Dean (2015), eq. 2: with student logits :math:`z`,
    teacher logits :math:`v`, :math:`q = \mathrm{softmax}(z/T)`,
    :math:`p = \mathrm{softmax}(v/T)` and
    :math:`C = -\sum_i p_i \log q_i`,

    .. math:: \frac{\partial C}{\partial z_i} = \frac1T (q_i - p_i).

    The same holds for :math:`\mathrm{KL}(p\|q)`, which differs from C by the
    student-independent :math:`H(p)`.  Per sample and **without** the
    :math:`T^2` factor: the gradient of
    :func:`lossnotes.losses.distillation_loss`'s soft term is
    :math:`\alpha T^2` times this, divided by N for ``'batchmean'``.

    PyTorch: the autograd gradient of
    ``-(F.softmax(v / T, 1) * F.log_softmax(z / T, 1)).sum()``.  Units: none, a pure
    number: the loss is in nats and so is the logit (a log-odds).

    Introduced in notebook 08_knowledge_distillation.

    Parameters
    ----------
    student_logits, teacher_logits : array_like
        Shape ``(C,)`` or ``(N, C)``, the same.
    temperature : float > 0

    Returns
    -------
    numpy.ndarray
        Shape and dtype of ``student_logits``.

    Examples
    --------
    >>> from lossnotes.gradients import distillation
    >>> distillation([1.0, 0.0], [0.0, 1.0], temperature=1.0).round(4)
    array([ 0.4621, -0.4621])
    """
    z, v, T = _distillation_pair(student_logits, teacher_logits, temperature)
    q = _softmax(z / T, -1)
    p = _softmax(v / T, -1)
    return _result((q - p) / T, z.dtype)


def distillation_high_temperature_limit(student_logits, teacher_logits, temperature):
    r"""Hinton's high-temperature approximation of :func:`distillation`: :math:`(z - v)/(C T^2)`.

    For :math:`T` large compared with the logits, :math:`\exp(z_i/T) \approx
    1 + z_i/T`; if the logits of each sample are zero-mean,

    .. math:: \frac{\partial C}{\partial z_i} \approx \frac{1}{C\,T^2}(z_i - v_i),

    the gradient of :math:`\frac{1}{2CT^2}\sum_i (z_i - v_i)^2`: distillation
    at high temperature is logit matching.  Hinton et al. write :math:`N` for
    the number of **classes** (here :math:`C`, the length of each logit
    vector, not the batch size).  Both logit vectors are zero-meaned per
    sample first (softmax ignores the mean, so the exact gradient does not
    change).  At T = 20 with 10 classes the approximation is within a few
    percent for logits of moderate size.

    PyTorch has no counterpart: this is an approximation, not a gradient of
    a PyTorch loss.

    Introduced in notebook 08_knowledge_distillation.

    Parameters
    ----------
    student_logits, teacher_logits : array_like
        Shape ``(C,)`` or ``(N, C)``, the same.
    temperature : float > 0

    Returns
    -------
    numpy.ndarray
        Shape and dtype of ``student_logits``.

    Examples
    --------
    >>> from lossnotes.gradients import distillation, distillation_high_temperature_limit
    >>> z, v = [1.0, 0.0, -1.0], [0.0, 0.5, -0.5]
    >>> distillation(z, v, temperature=20.0).round(6)
    array([ 0.000843, -0.000432, -0.000411])
    >>> distillation_high_temperature_limit(z, v, temperature=20.0).round(6)
    array([ 0.000833, -0.000417, -0.000417])
    """
    z, v, T = _distillation_pair(student_logits, teacher_logits, temperature)
    zc = z - np.mean(z, axis=-1, keepdims=True)
    vc = v - np.mean(v, axis=-1, keepdims=True)
    C = z.shape[-1]
    return _result((zc - vc) / (C * T * T), z.dtype)
