"""Proper scoring rules and calibration: can a model's probabilities be trusted?

Two questions about predicted probabilities, with the tools to answer them:

- **Does the loss reward honesty?**  A forecaster who believes p and reports q
  expects the score :func:`expected_score`; a rule is *proper* when reporting
  q = p maximises it.  The log score (cross-entropy), the Brier score and the
  spherical score are proper; the absolute error and the hinge are not
  (:func:`scoring_rule`, :data:`SCORING_RULES`).
- **Are the probabilities calibrated?**  Among the predictions made with
  confidence 0.8, are 80% right?  :func:`reliability_curve` (the data of a
  reliability diagram), :func:`expected_calibration_error` (ECE, and MCE with
  ``norm='max'``), :func:`brier_score` and Murphy's
  :func:`brier_decomposition`; :func:`fit_temperature` fits temperature
  scaling, the one-parameter fix of Guo et al. (2017).

Inputs, everywhere in this module:

- ``probs`` of shape ``(N, C)``: one probability vector per sample (rows sum
  to 1), with integer ``labels`` of shape ``(N,)`` in ``[0, C)``;
- ``probs`` of shape ``(N,)``: **binary** problems, the probability of the
  positive class 1, with labels in {0, 1} (integers or booleans).  Binning then
  uses p itself, as scikit-learn's ``calibration_curve`` does (not the top-label
  confidence max(p, 1 - p)); pass the ``(N, 2)`` array ``[1 - p, p]`` for the
  top-label view.

Bins are equal-width on [0, 1] with edges ``numpy.linspace(0, 1, n_bins + 1)``
and are closed on the right, ``(lo, hi]``, as in Guo et al. (2017, §2) and
scikit-learn's ``calibration_curve``; the first bin also holds an exact 0, so it
is ``[0, 1/n_bins]``.  Log scores are in nats.  Only NumPy is imported.

Introduced in notebook 12_scoring_rules_and_calibration.
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

from ._validation import (
    _as_float,
    _first_bad_index,
    as_float_array,
    check_class_indices,
    check_probabilities,
)
from .i18n import _

__all__ = [
    "ReliabilityCurve",
    "reliability_curve",
    "expected_calibration_error",
    "brier_score",
    "BrierDecomposition",
    "brier_decomposition",
    "fit_temperature",
    "SCORING_RULES",
    "PROPER_SCORING_RULES",
    "scoring_rule",
    "expected_score",
    "noisy_blobs",
    "train_softmax_regression",
]

#: Every rule :func:`scoring_rule` and :func:`expected_score` know, all positively oriented (higher is better).
SCORING_RULES = ("log", "brier", "spherical", "absolute", "hinge")
#: The strictly proper ones among them: reporting one's belief is the unique best report.
PROPER_SCORING_RULES = ("log", "brier", "spherical")

_KINDS = ("top-label", "classwise")
_NORMS = ("l1", "l2", "max")


# --------------------------------------------------------------------------- validation


def _forecasts(probs, labels):
    """(P, y, binary): P of shape (N, C) or (N,), y integer labels of shape (N,)."""
    p = _as_float(probs, "probs")
    if p.ndim == 1:
        if not np.isfinite(p).all() or p.min() < 0 or p.max() > 1:
            if not np.isfinite(p).all():
                bad = _first_bad_index(~np.isfinite(p))
            else:
                bad = _first_bad_index((p < 0) | (p > 1))
            raise ValueError(_(
                "probs has the value {value} at index {index}; a 1-D probs holds the probability of "
                "class 1 for each sample, which must lie in [0, 1]"
            ).format(value=repr(float(p[bad])), index=bad))
        binary = True
        n_classes = 2
    elif p.ndim == 2:
        p = check_probabilities(p, "probs")
        binary = False
        n_classes = p.shape[1]
    else:
        raise ValueError(_(
            "probs must have shape (N, C), one probability vector per sample, or (N,) for the probability "
            "of class 1 in a binary problem; got shape {shape}"
        ).format(shape=p.shape))
    y = _labels(labels, n_classes, allow_bool=binary)
    if y.shape != (p.shape[0],):
        raise ValueError(_("probs has shape {shape_a} but labels has shape {shape_b}; labels needs one "
                           "class index per sample, shape ({n},)").format(
            shape_a=p.shape, shape_b=y.shape, n=p.shape[0]))
    return p, y, binary


def _labels(labels, n_classes, *, allow_bool=False):
    """Integer class indices in [0, n_classes); floats are refused (no soft-target hint here)."""
    lab = np.asarray(labels)
    if lab.dtype == bool and allow_bool:
        lab = lab.astype(np.intp)
    elif lab.dtype.kind == "f":
        raise TypeError(_("{name} must hold integer class indices, got dtype {dtype}").format(
            name="labels", dtype=lab.dtype))
    return check_class_indices(lab, "labels", n_classes)


def _check_n_bins(n_bins):
    if isinstance(n_bins, bool) or not isinstance(n_bins, numbers.Integral):
        raise TypeError(_("n_bins must be a positive integer, got {value}").format(value=repr(n_bins)))
    if n_bins < 1:
        raise ValueError(_("n_bins must be a positive integer, got {value}").format(value=repr(n_bins)))
    return int(n_bins)


def _check_choice(value, name, allowed):
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(_("{name} must be one of {allowed}; got {value}").format(
            name=name, allowed=", ".join(repr(a) for a in allowed), value=repr(value)))
    return value


# --------------------------------------------------------------------------- binning


def _edges(n_bins):
    return np.linspace(0.0, 1.0, n_bins + 1)


def _bin_index(values, n_bins):
    """The bin of each value: bins (lo, hi] with 0 in the first (scikit-learn's calibration_curve rule)."""
    return np.searchsorted(_edges(n_bins)[1:-1], values, side="left")


def _binned_sums(conf, hit, n_bins):
    """count, sum of confidences and sum of hits per bin: arrays (..., n_bins) for conf of shape (..., N)."""
    conf = np.atleast_2d(conf)
    hit = np.atleast_2d(hit)
    rows = conf.shape[0]
    idx = (_bin_index(conf, n_bins) + n_bins * np.arange(rows)[:, None]).ravel()
    size = rows * n_bins
    count = np.bincount(idx, minlength=size).reshape(rows, n_bins)
    s_conf = np.bincount(idx, weights=conf.ravel(), minlength=size).reshape(rows, n_bins)
    s_hit = np.bincount(idx, weights=hit.ravel().astype(np.float64), minlength=size).reshape(rows, n_bins)
    return count, s_conf, s_hit


def _confidence_and_hits(p, y, binary, kind):
    """Rows of (confidence, hit) pairs to bin: one row (top-label, binary) or C rows (classwise)."""
    if binary:
        if kind != "top-label":
            raise ValueError(_(
                "kind='classwise' needs probs of shape (N, C); for a binary problem pass "
                "numpy.stack([1 - p, p], axis=1)"))
        return p[None, :], (y == 1)[None, :]
    if kind == "top-label":
        pred = np.argmax(p, axis=1)
        return np.max(p, axis=1)[None, :], (pred == y)[None, :]
    return p.T, (y[None, :] == np.arange(p.shape[1])[:, None])


# --------------------------------------------------------------------------- reliability and ECE


class ReliabilityCurve(NamedTuple):
    """The data of a reliability diagram, from :func:`reliability_curve`.

    Attributes
    ----------
    edges : numpy.ndarray, shape (n_bins + 1,)
        Bin edges ``numpy.linspace(0, 1, n_bins + 1)``; bin m is
        ``(edges[m], edges[m + 1]]`` (the first also holds 0).
    confidence : numpy.ndarray
        Mean confidence in each bin; NaN for an empty bin.
    accuracy : numpy.ndarray
        Fraction of hits in each bin (top-label: the prediction is right;
        binary or classwise: the label is that class); NaN for an empty bin.
    count : numpy.ndarray of int
        Number of samples in each bin (0 for an empty bin).

    ``confidence``, ``accuracy`` and ``count`` have shape ``(n_bins,)``, or
    ``(C, n_bins)`` for ``kind='classwise'``.

    Introduced in notebook 12_scoring_rules_and_calibration.
    """

    edges: np.ndarray
    confidence: np.ndarray
    accuracy: np.ndarray
    count: np.ndarray


def reliability_curve(probs, labels, n_bins=15, *, kind="top-label"):
    r"""Per-bin confidence, accuracy and count: the data of a reliability diagram.

    Each sample has a confidence :math:`c_i` and a hit :math:`a_i \in \{0, 1\}`:

    * ``kind='top-label'`` (Guo et al. 2017, §2): :math:`c_i = \max_k p_{ik}`
      and :math:`a_i = [\arg\max_k p_{ik} = y_i]`;
    * ``kind='classwise'``: every class k separately, :math:`c_i = p_{ik}`
      and :math:`a_i = [y_i = k]` (one curve per class);
    * 1-D ``probs`` (binary): :math:`c_i = p_i`, the probability of class 1,
      and :math:`a_i = [y_i = 1]`, as in scikit-learn's
      ``calibration_curve``.

    With :math:`B_m` the samples whose confidence falls in bin m,
    ``confidence[m]`` is :math:`\frac{1}{|B_m|}\sum_{i\in B_m} c_i`,
    ``accuracy[m]`` is :math:`\frac{1}{|B_m|}\sum_{i\in B_m} a_i` and
    ``count[m]`` is :math:`|B_m|`.  A calibrated model has accuracy equal to
    confidence in every bin.  Empty bins get NaN (so a plot leaves a gap) and
    count 0.

    Introduced in notebook 12_scoring_rules_and_calibration.

    Parameters
    ----------
    probs : array_like, shape (N, C) or (N,)
        Probability vectors, or the probability of class 1 (binary).
    labels : array_like of int, shape (N,)
        True classes.
    n_bins : int >= 1, default 15
        Equal-width bins on [0, 1], closed on the right (``(lo, hi]``; the
        first bin also holds 0).
    kind : {'top-label', 'classwise'}, default 'top-label'
        Ignored (must stay 'top-label') for 1-D ``probs``.

    Returns
    -------
    ReliabilityCurve
        ``(edges, confidence, accuracy, count)``.

    Notes
    -----
    For 1-D ``probs``, the non-empty bins equal scikit-learn's
    ``calibration_curve(labels, probs, n_bins=n_bins)`` (``prob_pred`` is
    ``confidence``, ``prob_true`` is ``accuracy``), which drops empty bins
    instead of returning NaN.

    Examples
    --------
    >>> from lossnotes.calibration import reliability_curve
    >>> probs = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.4, 0.6]]
    >>> curve = reliability_curve(probs, [0, 1, 1, 1], n_bins=5)
    >>> print(curve.count, curve.confidence, curve.accuracy)
    [0 0 1 2 1] [ nan  nan 0.6  0.75 0.9 ] [nan nan 1.  0.5 1. ]
    """
    p, y, binary = _forecasts(probs, labels)
    n_bins = _check_n_bins(n_bins)
    kind = _check_choice(kind, "kind", _KINDS)
    conf, hit = _confidence_and_hits(p, y, binary, kind)
    count, s_conf, s_hit = _binned_sums(conf, hit, n_bins)
    confidence = np.full(count.shape, np.nan)
    accuracy = np.full(count.shape, np.nan)
    np.divide(s_conf, count, out=confidence, where=count > 0)
    np.divide(s_hit, count, out=accuracy, where=count > 0)
    if kind == "top-label":
        count, confidence, accuracy = count[0], confidence[0], accuracy[0]
    return ReliabilityCurve(_edges(n_bins), confidence, accuracy, count)


def expected_calibration_error(probs, labels, n_bins=15, norm="l1", *, kind="top-label"):
    r"""Expected calibration error (ECE), or its maximum (MCE) with ``norm='max'``.

    With the bins of :func:`reliability_curve` (N samples, :math:`B_m` the
    samples in bin m):

    .. math:: \mathrm{ECE} = \sum_m \frac{|B_m|}{N}\,\bigl|\mathrm{acc}(B_m) - \mathrm{conf}(B_m)\bigr|,
              \qquad
              \mathrm{MCE} = \max_{m:\,B_m \neq \emptyset} \bigl|\mathrm{acc}(B_m) - \mathrm{conf}(B_m)\bigr|

    (Guo et al. 2017, §2, Eqs. 3 and 5); ``norm='l2'`` gives the root mean
    square version :math:`\sqrt{\sum_m \frac{|B_m|}{N}(\mathrm{acc} -
    \mathrm{conf})^2}`.  Top-label by default (the confidence is the largest
    probability, a hit is a right prediction).  ``kind='classwise'`` computes
    the error of every class's probability :math:`p_{ik}` against
    :math:`[y_i = k]` and averages over the classes (the classwise-ECE of Kull
    et al. 2019; for ``norm='max'`` the maximum over classes).  For 1-D
    ``probs`` the probability of class 1 is binned.

    A pure number in [0, 1] (a difference of probabilities).  Beware the
    binning: with few samples per bin the ECE of a perfectly calibrated model
    is clearly above 0 (each bin's accuracy is a noisy estimate), and the
    value changes with ``n_bins``.

    Introduced in notebook 12_scoring_rules_and_calibration.

    Parameters
    ----------
    probs : array_like, shape (N, C) or (N,)
        Probability vectors, or the probability of class 1 (binary).
    labels : array_like of int, shape (N,)
    n_bins : int >= 1, default 15
        Equal-width bins on [0, 1], closed on the right.
    norm : {'l1', 'l2', 'max'}, default 'l1'
        ECE, RMS calibration error, or MCE.
    kind : {'top-label', 'classwise'}, default 'top-label'

    Returns
    -------
    float

    Examples
    --------
    >>> from lossnotes.calibration import expected_calibration_error
    >>> probs = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.4, 0.6]]
    >>> labels = [0, 1, 1, 1]
    >>> # bins (0.6, 0.8]: conf 0.75, acc 0.5; (0.4, 0.6]: 0.6 vs 1; (0.8, 1]: 0.9 vs 1
    >>> print(round(expected_calibration_error(probs, labels, n_bins=5), 4))   # (0.4 + 2*0.25 + 0.1) / 4
    0.25
    >>> print(round(expected_calibration_error(probs, labels, n_bins=5, norm="max"), 4))
    0.4
    """
    p, y, binary = _forecasts(probs, labels)
    n_bins = _check_n_bins(n_bins)
    norm = _check_choice(norm, "norm", _NORMS)
    kind = _check_choice(kind, "kind", _KINDS)
    conf, hit = _confidence_and_hits(p, y, binary, kind)
    count, s_conf, s_hit = _binned_sums(conf, hit, n_bins)
    n = conf.shape[-1]
    gap_sum = np.abs(s_hit - s_conf)                   # |B_m| * |acc - conf|
    if norm == "l1":
        per = gap_sum.sum(axis=-1) / n
    elif norm == "l2":
        sq = np.zeros_like(gap_sum)
        np.divide(gap_sum * gap_sum, count, out=sq, where=count > 0)   # |B_m| * (acc - conf)^2
        per = np.sqrt(sq.sum(axis=-1) / n)
    else:
        gap = np.zeros_like(gap_sum)
        np.divide(gap_sum, count, out=gap, where=count > 0)
        return float(gap.max())
    return float(per.mean())


# --------------------------------------------------------------------------- Brier score


def _one_hot_like(p, y, binary):
    """Forecasts F and outcomes O as (N, K) arrays: K = C, or K = 1 for binary (p and y themselves)."""
    if binary:
        return p[:, None], y[:, None].astype(p.dtype)
    o = np.zeros_like(p)
    o[np.arange(p.shape[0]), y] = 1
    return p, o


def brier_score(probs, labels):
    r"""The Brier score: mean squared distance between the forecast and the one-hot outcome.

    .. math:: \mathrm{BS} = \frac{1}{N}\sum_{i=1}^{N}\sum_{c=1}^{C}\bigl(p_{ic} - [y_i = c]\bigr)^2
              \in [0, 2]

    for ``probs`` of shape ``(N, C)`` (Brier 1950), and
    :math:`\frac1N\sum_i (p_i - y_i)^2 \in [0, 1]` for 1-D ``probs`` (the
    probability of class 1).  A strictly proper scoring rule: the expected
    score is lowest when the forecast is the true distribution
    (:func:`expected_score`).  Lower is better; a pure number.

    Introduced in notebook 12_scoring_rules_and_calibration.

    Parameters
    ----------
    probs : array_like, shape (N, C) or (N,)
    labels : array_like of int, shape (N,)

    Returns
    -------
    float

    Notes
    -----
    **scikit-learn.**  With 1-D ``probs`` this equals
    ``sklearn.metrics.brier_score_loss(labels, probs)``.  For an ``(N, C)``
    array it equals ``brier_score_loss(labels, probs, scale_by_half=False)``
    (scikit-learn >= 1.7).  Its default ``scale_by_half='auto'`` halves the
    score for 1-D input and for two columns (so a binary ``(N, 2)`` array
    gives half of this function's value) but not for three or more classes.
    The two-class sum counts each error twice:
    :math:`(p_0 - o_0)^2 + (p_1 - o_1)^2 = 2(p_1 - o_1)^2`.

    Examples
    --------
    >>> from lossnotes.calibration import brier_score
    >>> print(round(brier_score([0.1, 0.9, 0.8, 0.3], [0, 1, 1, 0]), 4))       # binary: mean (p - y)^2
    0.0375
    >>> print(round(brier_score([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1]], [0, 2]), 4))  # (0.06 + 1.34) / 2
    0.7
    """
    p, y, binary = _forecasts(probs, labels)
    f, o = _one_hot_like(p, y, binary)
    d = f - o
    return float(np.mean(np.sum(d * d, axis=1)))


class BrierDecomposition(NamedTuple):
    """Murphy's partition of the Brier score, from :func:`brier_decomposition`.

    ``brier = reliability - resolution + uncertainty + within_bin``, exactly
    (up to rounding).

    Attributes
    ----------
    brier : float
        The Brier score (:func:`brier_score`).
    reliability : float
        How far each group's mean forecast is from its observed frequency
        (lower is better; 0 for a calibrated forecaster).
    resolution : float
        How far the groups' observed frequencies are from the overall
        frequency (higher is better: the forecaster tells cases apart).
    uncertainty : float
        The Brier score of always forecasting the overall frequency: a
        property of the data alone.
    within_bin : float
        0 when all forecasts in a group are equal (the default grouping);
        otherwise the two extra terms that binning brings.

    Introduced in notebook 12_scoring_rules_and_calibration.
    """

    brier: float
    reliability: float
    resolution: float
    uncertainty: float
    within_bin: float


def brier_decomposition(probs, labels, n_bins=None):
    r"""Murphy's (1973) decomposition of the Brier score into reliability, resolution and uncertainty.

    Group the samples (group k: :math:`n_k` samples, mean forecast vector
    :math:`\bar f_k`, observed class frequencies :math:`\bar o_k`; overall
    frequencies :math:`\bar o`).  Then

    .. math:: \mathrm{BS} = \underbrace{\tfrac1N\textstyle\sum_k n_k\|\bar f_k - \bar o_k\|^2}_{\text{reliability}}
              - \underbrace{\tfrac1N\textstyle\sum_k n_k\|\bar o_k - \bar o\|^2}_{\text{resolution}}
              + \underbrace{\textstyle\sum_c \bar o_c(1 - \bar o_c)}_{\text{uncertainty}}
              + \text{within\_bin},

    .. math:: \text{within\_bin} = \tfrac1N\textstyle\sum_i \bigl(\|f_i - \bar f_{k(i)}\|^2
              - 2\,(f_i - \bar f_{k(i)})\cdot(o_i - \bar o_{k(i)})\bigr).

    With the default ``n_bins=None`` each group is one distinct forecast
    (Murphy's vector partition), so ``within_bin`` is 0 and the identity
    holds exactly: this is the natural grouping when the forecasts take few
    distinct values.  With ``n_bins`` the groups are bins (1-D ``probs``: the
    bins of p; ``(N, C)``: the predicted class together with the bin of the
    top-label confidence), and the two within-bin terms (Stephenson et al.
    2008) make the identity exact again.  For 1-D ``probs`` the vectors
    have one component, :math:`f_i = p_i`, :math:`o_i = y_i`, matching
    :func:`brier_score`.  All terms are pure numbers.

    Introduced in notebook 12_scoring_rules_and_calibration.

    Parameters
    ----------
    probs : array_like, shape (N, C) or (N,)
    labels : array_like of int, shape (N,)
    n_bins : int >= 1 or None, default None
        None groups equal forecasts; an int groups by equal-width bins as in
        :func:`reliability_curve`.

    Returns
    -------
    BrierDecomposition
        ``(brier, reliability, resolution, uncertainty, within_bin)``.

    Examples
    --------
    >>> from lossnotes.calibration import brier_decomposition
    >>> p = [0.2, 0.2, 0.2, 0.2, 0.2, 0.7, 0.7, 0.7, 0.7]   # two distinct forecasts
    >>> y = [0, 0, 0, 0, 1, 1, 1, 1, 0]
    >>> d = brier_decomposition(p, y)
    >>> print(round(d.brier, 4), round(d.reliability - d.resolution + d.uncertainty, 4), d.within_bin)
    0.1733 0.1733 0.0
    """
    p, y, binary = _forecasts(probs, labels)
    f, o = _one_hot_like(p, y, binary)
    n = f.shape[0]
    if n_bins is None:
        distinct, group = np.unique(f, axis=0, return_inverse=True)
    else:
        n_bins = _check_n_bins(n_bins)
        if binary:
            group = _bin_index(p, n_bins)
        else:
            group = np.argmax(p, axis=1) * n_bins + _bin_index(np.max(p, axis=1), n_bins)
        _, group = np.unique(group, return_inverse=True)
    group = group.reshape(-1)
    k = int(group.max()) + 1
    n_k = np.bincount(group, minlength=k).astype(np.float64)
    if n_bins is None:
        f_bar = distinct                 # each group is one forecast: its mean is exactly that forecast
    else:
        f_bar = np.stack([np.bincount(group, weights=f[:, c], minlength=k) for c in range(f.shape[1])], 1)
        f_bar = f_bar / n_k[:, None]
    o_bar = np.stack([np.bincount(group, weights=o[:, c], minlength=k) for c in range(o.shape[1])], 1) / n_k[:, None]
    o_all = o.mean(axis=0)
    reliability = float(np.sum(n_k * np.sum((f_bar - o_bar) ** 2, axis=1)) / n)
    resolution = float(np.sum(n_k * np.sum((o_bar - o_all) ** 2, axis=1)) / n)
    uncertainty = float(np.sum(o_all * (1 - o_all)))
    df = f - f_bar[group]
    do = o - o_bar[group]
    within = float((np.sum(df * df) - 2 * np.sum(df * do)) / n)
    d = f - o
    brier = float(np.mean(np.sum(d * d, axis=1)))
    return BrierDecomposition(brier, reliability, resolution, uncertainty, within)


# --------------------------------------------------------------------------- temperature scaling


def _logits_and_labels(logits, labels):
    z = as_float_array(logits, "logits").astype(np.float64, copy=False)
    if z.ndim != 2 or z.shape[1] < 2:
        raise ValueError(_("logits must have shape (N, C) with C >= 2 classes, got shape {shape}").format(
            shape=z.shape))
    y = _labels(labels, z.shape[1])
    if y.shape != (z.shape[0],):
        raise ValueError(_("logits has shape {shape_a} but labels has shape {shape_b}; labels needs one "
                           "class index per sample, shape ({n},)").format(
            shape_a=z.shape, shape_b=y.shape, n=z.shape[0]))
    return z, y


def _nll_slope(z, zy, u):
    """First and second derivative of the mean NLL of softmax(u z) with respect to u (z: rows shifted to max 0)."""
    a = u * z
    w = np.exp(a - a.max(axis=1, keepdims=True))
    s = w / w.sum(axis=1, keepdims=True)
    m1 = np.sum(s * z, axis=1)
    dev = z - m1[:, None]
    return float(np.mean(m1 - zy)), float(np.mean(np.sum(s * dev * dev, axis=1)))


def fit_temperature(logits, labels):
    r"""Temperature scaling: the T > 0 that minimises the mean NLL of softmax(logits / T).

    .. math:: T^* = \arg\min_{T > 0}\; \frac1N\sum_{i=1}^N
              -\log\mathrm{softmax}(z_i / T)_{y_i}

    (Guo et al. 2017, §4.2), fitted on a validation split.  Dividing all
    logits by one T > 0 never changes which class is largest, so accuracy is
    unchanged; only the confidence moves (T > 1 softens an over-confident
    model).  It is notebook 08's distillation temperature, now fitted.

    The mean NLL is convex in :math:`u = 1/T` (a log-sum-exp of functions
    linear in u, minus a linear term), with derivative
    :math:`\frac1N\sum_i(\mathbb{E}_{\mathrm{softmax}(u z_i)}[z_i] - z_{i,y_i})`
    and second derivative the mean variance of the logits under the softmax.
    The minimiser is found by Newton's method on u, safeguarded by a
    bracket, to full double precision (far better than 1e-6 in T).
    Units: T is a pure number (a ratio of logits, both in nats).

    Introduced in notebook 12_scoring_rules_and_calibration.

    Parameters
    ----------
    logits : array_like, shape (N, C)
        Finite logits of a validation set, C >= 2.
    labels : array_like of int, shape (N,)

    Returns
    -------
    float
        :math:`T^*`.

    Raises
    ------
    ValueError
        If no finite T > 0 minimises the NLL: when every label already has
        the largest logit of its row, the NLL keeps falling as T -> 0 (the
        validation set is separated: use more or harder validation data);
        when the labels' logits are on average no larger than the mean logit
        of their rows, the NLL is smallest as T -> infinity (the uniform
        prediction).

    Examples
    --------
    >>> import numpy as np
    >>> from lossnotes.calibration import fit_temperature
    >>> from lossnotes.losses import cross_entropy
    >>> z = np.array([[4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [0.0, 4.0]])   # confident, right 3 times of 4
    >>> T = fit_temperature(z, [0, 0, 1, 1])
    >>> print(round(T, 6))                       # softmax(z / T) gives 3/4 to the top class: 4/T = log 3
    3.640957
    >>> print(round(float(cross_entropy(z / T, [0, 0, 1, 1])), 4) < round(float(cross_entropy(z, [0, 0, 1, 1])), 4))
    True
    """
    z, y = _logits_and_labels(logits, labels)
    z = z - z.max(axis=1, keepdims=True)              # shift-invariant; keeps u*z <= 0
    rows = np.arange(z.shape[0])
    zy = z[rows, y]
    slope0 = float(np.mean(z.mean(axis=1) - zy))      # derivative at u = 0 (uniform prediction)
    slope_inf = float(np.mean(-zy))                   # limit as u -> inf: max (= 0) minus z_y
    if slope0 >= 0:
        raise ValueError(_(
            "no finite temperature minimises the NLL: on average the labels' logits are not above their "
            "rows' mean logit, so the NLL is smallest as T -> infinity (predict the uniform distribution); "
            "check that logits and labels belong together"))
    if slope_inf <= 0:
        raise ValueError(_(
            "no finite temperature minimises the NLL: every label already has the largest logit of its row, "
            "so the NLL keeps falling as T -> 0; fit T on a validation set the model does not classify "
            "perfectly"))
    lo, hi = 0.0, 1.0
    g, h = _nll_slope(z, zy, hi)
    while g < 0 and hi < 1e300:                       # slope_inf > 0: a large enough u turns the slope positive
        lo, hi = hi, 2.0 * hi
        g, h = _nll_slope(z, zy, hi)
    u = hi
    for _step in range(200):
        if g > 0:
            hi = u
        elif g < 0:
            lo = u
        else:
            break
        new = u - g / h if h > 0 else 0.5 * (lo + hi)
        if not lo < new < hi:
            new = 0.5 * (lo + hi)
        if abs(new - u) <= 4e-16 * u or hi - lo <= 4e-16 * hi:
            u = new
            break
        u = new
        g, h = _nll_slope(z, zy, u)
    return 1.0 / u


# --------------------------------------------------------------------------- scoring rules


def _score_table(q, rule):
    """S(q, y) for every outcome y, positively oriented: shape (..., C)."""
    if rule == "log":
        with np.errstate(divide="ignore"):
            return np.log(q)
    if rule == "brier":
        return -(np.sum(q * q, axis=-1, keepdims=True) - 2 * q + 1)
    if rule == "spherical":
        return q / np.sqrt(np.sum(q * q, axis=-1, keepdims=True))
    if rule == "absolute":
        return -2 * (1 - q)
    # hinge on probabilities: the margin q_y - max_{c != y} q_c (Crammer-Singer), loss max(0, 1 - margin)
    top2 = np.sort(q, axis=-1)[..., -2:]
    best = np.argmax(q, axis=-1)[..., None]
    other = np.where(np.arange(q.shape[-1]) == best, top2[..., :1], top2[..., 1:])
    return -(1 - q + other)


def _check_rule(rule):
    return _check_choice(rule, "rule", SCORING_RULES)


def _report(q, name):
    arr = check_probabilities(q, name)
    if arr.ndim == 0 or arr.shape[-1] < 2:
        raise ValueError(_("{name} must hold probability vectors over at least 2 outcomes (last axis), got "
                           "shape {shape}").format(name=name, shape=arr.shape))
    return arr


def scoring_rule(q, labels, rule="log"):
    r"""The score :math:`S(q, y)` a report q earns when outcome y happens (higher is better).

    All rules are positively oriented (rewards), as in Gneiting & Raftery
    (2007):

    * ``'log'``: :math:`\log q_y` in nats, the negative cross-entropy loss
      (``-inf`` when :math:`q_y = 0`);
    * ``'brier'``: :math:`-\sum_c (q_c - [y = c])^2`, the negative Brier score
      (Gneiting & Raftery's quadratic score minus 1);
    * ``'spherical'``: :math:`q_y / \|q\|_2`;
    * ``'absolute'``: :math:`-\sum_c |q_c - [y = c]| = -2(1 - q_y)`, the
      negative L1 error;
    * ``'hinge'``: :math:`-\max(0, 1 - (q_y - \max_{c \ne y} q_c)) = -(1 - q_y
      + \max_{c\ne y} q_c)`, the multiclass hinge on probabilities; with two
      classes it is the binary hinge on the margin :math:`2q_1 - 1`.

    The first three are strictly proper, the last two are not
    (:func:`expected_score`).

    Introduced in notebook 12_scoring_rules_and_calibration.

    Parameters
    ----------
    q : array_like, shape (..., C)
        Reported probability vectors (last axis), C >= 2.
    labels : array_like of int, shape (...)
        The outcome of each report.
    rule : {'log', 'brier', 'spherical', 'absolute', 'hinge'}, default 'log'

    Returns
    -------
    numpy.floating or numpy.ndarray
        Shape ``(...)``.

    Examples
    --------
    >>> from lossnotes.calibration import scoring_rule
    >>> q = [0.7, 0.2, 0.1]
    >>> for rule in ("log", "brier", "spherical", "absolute", "hinge"):
    ...     print(rule, round(float(scoring_rule(q, 0, rule)), 4))
    log -0.3567
    brier -0.14
    spherical 0.9526
    absolute -0.6
    hinge -0.5
    """
    rule = _check_rule(rule)
    qq = _report(q, "q")
    y = _labels(labels, qq.shape[-1])
    if y.shape != qq.shape[:-1]:
        raise ValueError(_("q has shape {shape_a} but labels has shape {shape_b}; labels needs one outcome "
                           "per report, shape {want}").format(shape_a=qq.shape, shape_b=y.shape,
                                                               want=qq.shape[:-1]))
    table = _score_table(qq, rule)
    return np.take_along_axis(table, y[..., None], axis=-1)[..., 0][()]


def expected_score(p, q, rule="log"):
    r"""The expected score :math:`\mathbb{E}_{y\sim p}[S(q, y)] = \sum_y p_y\,S(q, y)` of reporting q when y ~ p.

    A rule is **proper** if reporting one's belief, q = p, maximises this,
    and **strictly proper** if nothing else does (Gneiting & Raftery 2007).
    In closed form (see :func:`scoring_rule` for the rules):

    * ``'log'``: :math:`\sum_y p_y\log q_y = -H(p, q) = -H(p) - \mathrm{KL}(p\|q)`,
      best at q = p by Gibbs' inequality (nats);
    * ``'brier'``: :math:`-\|q - p\|^2 - \sum_y p_y(1 - p_y)`, best at q = p;
    * ``'spherical'``: :math:`p\cdot q / \|q\|_2 \le \|p\|_2` (Cauchy-Schwarz),
      best at q = p;
    * ``'absolute'``: :math:`-2(1 - p\cdot q)`, linear in q: best at the
      one-hot vector of the most likely outcome, so it pushes reports to 0
      or 1;
    * ``'hinge'``: likewise piecewise linear, best at a one-hot report.

    Terms with :math:`p_y = 0` contribute 0 (also against :math:`\log 0`).

    Introduced in notebook 12_scoring_rules_and_calibration.

    Parameters
    ----------
    p : array_like, shape (..., C)
        The forecaster's belief (probability vectors, last axis).
    q : array_like, shape (..., C)
        The report; broadcast against ``p`` (e.g. one belief of shape
        ``(C,)`` against a grid of reports of shape ``(G, C)``).
    rule : {'log', 'brier', 'spherical', 'absolute', 'hinge'}, default 'log'

    Returns
    -------
    numpy.floating or numpy.ndarray
        The broadcast shape without the last axis.

    Examples
    --------
    >>> import numpy as np
    >>> from lossnotes.calibration import expected_score
    >>> p = np.array([0.7, 0.3])
    >>> reports = np.array([[0.7, 0.3], [1.0, 0.0], [0.5, 0.5]])
    >>> for rule in ("log", "brier", "spherical", "absolute"):
    ...     print(rule, expected_score(p, reports, rule).round(4))
    log [-0.6109   -inf -0.6931]
    brier [-0.42 -0.6  -0.5 ]
    spherical [0.7616 0.7    0.7071]
    absolute [-0.84 -0.6  -1.  ]
    """
    rule = _check_rule(rule)
    pp = _report(p, "p")
    qq = _report(q, "q")
    if pp.shape[-1] != qq.shape[-1]:
        raise ValueError(_("p and q must have the same number of outcomes (last axis), got shapes {shape_a} "
                           "and {shape_b}").format(shape_a=pp.shape, shape_b=qq.shape))
    try:
        np.broadcast_shapes(pp.shape, qq.shape)
    except ValueError:
        raise ValueError(_("p of shape {shape_a} and q of shape {shape_b} do not broadcast against each "
                           "other").format(shape_a=pp.shape, shape_b=qq.shape)) from None
    table = _score_table(qq, rule)
    pp, table = np.broadcast_arrays(pp, table)
    terms = np.zeros(pp.shape, dtype=np.result_type(pp, table))
    np.multiply(pp, table, out=terms, where=pp != 0)      # 0 * log 0 = 0
    return np.sum(terms, axis=-1)[()]


# --------------------------------------------------------------------------- a small over-confident model


def noisy_blobs(n, n_classes=3, n_noise=60, separation=1.6, seed=0):
    """A classification data set that a linear model overfits: 2 informative features and many noise ones.

    Class k is a unit Gaussian centred at ``separation * (cos 2πk/C, sin 2πk/C)`` in the first two
    features; the other ``n_noise`` features are independent standard normal noise.  With a few
    hundred samples a softmax regression on all the features can separate the training set perfectly
    (it fits the noise), and its probabilities on new data are then over-confident.

    Introduced in notebook 12_scoring_rules_and_calibration.

    Parameters
    ----------
    n : int >= 1
        Number of samples.
    n_classes : int >= 2, default 3
    n_noise : int >= 0, default 60
    separation : float > 0, default 1.6
        Distance of each class centre from the origin.
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    x : numpy.ndarray, shape (n, 2 + n_noise)
    y : numpy.ndarray of int, shape (n,)

    Examples
    --------
    >>> from lossnotes.calibration import noisy_blobs
    >>> x, y = noisy_blobs(5, n_noise=3, seed=1)
    >>> x.shape, y.dtype.kind
    ((5, 5), 'i')
    """
    for name, value, low in (("n", n, 1), ("n_classes", n_classes, 2), ("n_noise", n_noise, 0)):
        _check_count(value, name, low)
    _check_number(separation, "separation", "(0, ∞)", lambda v: v > 0)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    y = rng.integers(n_classes, size=n)
    angle = 2 * np.pi * np.arange(n_classes) / n_classes
    centres = separation * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    x = np.concatenate([centres[y] + rng.standard_normal((n, 2)), rng.standard_normal((n, n_noise))], axis=1)
    return x, y


def _check_number(value, name, interval, ok):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not ok(value):
        raise ValueError(_("{name} must be a number in {interval}, got {value}").format(
            name=name, interval=interval, value=repr(value)))
    return float(value)


def _check_count(value, name, low):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ValueError(_("{name} must be an integer >= {low}, got {value}").format(
            name=name, low=low, value=repr(value)))
    return int(value)


def _training_gradient(z, y, loss, label_smoothing, gamma):
    """d(mean loss)/d(logits) for softmax cross-entropy (with label smoothing) or focal loss."""
    n, c = z.shape
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    onehot = np.eye(c)[y]
    if loss == "focal":
        # FL = -(1 - u)^γ log u with u = p_y; dFL/dz_k = dFL/du · u ([k = y] - p_k).
        u = np.maximum(p[np.arange(n), y], np.finfo(float).tiny)
        dfdu = gamma * (1 - u) ** (gamma - 1) * np.log(u) - (1 - u) ** gamma / u if gamma else -1 / u
        return (dfdu * u)[:, None] * (onehot - p) / n
    target = (1 - label_smoothing) * onehot + label_smoothing / c
    return (p - target) / n


def train_softmax_regression(x, y, *, loss="ce", label_smoothing=0.0, gamma=0.0, lr=0.5, steps=2000):
    r"""Fit logits ``x @ W + b`` by full-batch gradient descent from zero (deterministic, NumPy only).

    The mean training loss is softmax cross-entropy in nats, with PyTorch's ``label_smoothing``
    (soft targets :math:`(1-\varepsilon)\,\mathrm{onehot}(y) + \varepsilon/C`, notebook 09), or with
    ``loss='focal'`` the multi-class focal loss :math:`-(1 - p_y)^\gamma \log p_y` of Mukhoti et al.
    (2020), which is cross-entropy at γ = 0.  No regularisation: on data such as
    :func:`noisy_blobs` the model fits the training set and becomes over-confident.

    Introduced in notebook 12_scoring_rules_and_calibration.

    Parameters
    ----------
    x : array_like, shape (N, D)
    y : array_like of int, shape (N,)
        Class indices in ``[0, C)``, with C = ``y.max() + 1`` (at least 2).
    loss : {'ce', 'focal'}, default 'ce'
    label_smoothing : float in [0, 1], default 0.0
        Only with ``loss='ce'``.
    gamma : float >= 0, default 0.0
        Only with ``loss='focal'``.
    lr : float > 0, default 0.5
    steps : int >= 1, default 2000

    Returns
    -------
    W : numpy.ndarray, shape (D, C)
    b : numpy.ndarray, shape (C,)

    Examples
    --------
    >>> import numpy as np
    >>> from lossnotes.calibration import noisy_blobs, train_softmax_regression
    >>> x, y = noisy_blobs(60, n_noise=0, separation=3.0)
    >>> W, b = train_softmax_regression(x, y, steps=200)
    >>> float(np.mean((x @ W + b).argmax(axis=1) == y)) > 0.9
    True
    """
    x = as_float_array(x, "x")
    if x.ndim != 2:
        raise ValueError(_("x must be a 2-D array (samples, features), got shape {shape}").format(shape=x.shape))
    lab = np.asarray(y)
    if lab.shape != (x.shape[0],) or lab.dtype.kind not in "iu" or lab.size == 0 or lab.min() < 0:
        raise ValueError(_("y must hold one class index >= 0 per row of x, shape ({n},); got {value}").format(
            n=x.shape[0], value=f"shape {lab.shape}, dtype {lab.dtype}"))
    n_classes = max(int(lab.max()) + 1, 2)
    _check_choice(loss, "loss", ("ce", "focal"))
    label_smoothing = _check_number(label_smoothing, "label_smoothing", "[0, 1]", lambda v: 0 <= v <= 1)
    gamma = _check_number(gamma, "gamma", "[0, ∞)", lambda v: v >= 0)
    lr = _check_number(lr, "lr", "(0, ∞)", lambda v: v > 0)
    steps = _check_count(steps, "steps", 1)
    if loss == "focal" and label_smoothing:
        raise ValueError(_("label_smoothing applies to loss='ce' only"))
    W = np.zeros((x.shape[1], n_classes))
    b = np.zeros(n_classes)
    for _step in range(steps):
        g = _training_gradient(x @ W + b, lab, loss, label_smoothing, gamma)
        W -= lr * (x.T @ g)
        b -= lr * g.sum(axis=0)
    return W, b
