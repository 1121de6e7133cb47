"""lossnotes.calibration (notebook 12): calibration error, reliability curves, the Brier score and
its decomposition, temperature scaling, proper scoring rules.

Checked against scikit-learn (brier_score_loss, calibration_curve), SciPy's optimiser, a plain
loop implementation of the binning, hand-worked values and hypothesis properties.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import lossnotes
from lossnotes.calibration import (
    PROPER_SCORING_RULES,
    SCORING_RULES,
    brier_decomposition,
    brier_score,
    expected_calibration_error,
    expected_score,
    fit_temperature,
    reliability_curve,
    scoring_rule,
)
from lossnotes.information import cross_entropy
from lossnotes.losses import cross_entropy as ce_loss
from lossnotes.losses import softmax

PROPERTY = settings(max_examples=40, deadline=None)


def _classifier(n=400, c=4, scale=3.0, seed=0):
    """Probabilities of an over-confident toy classifier, its logits and labels."""
    g = np.random.default_rng(seed)
    y = g.integers(0, c, size=n)
    z = g.normal(size=(n, c))
    z[np.arange(n), y] += 1.0
    z *= scale
    return softmax(z, axis=1), z, y


def _loop_ece(conf, hit, n_bins, norm="l1"):
    """The textbook definition, one bin at a time, bins (lo, hi] and 0 in the first."""
    edges = np.linspace(0, 1, n_bins + 1)
    n, gaps, weights = len(conf), [], []
    for m in range(n_bins):
        inside = (conf > edges[m]) & (conf <= edges[m + 1])
        if m == 0:
            inside |= conf == 0
        if inside.any():
            gaps.append(abs(hit[inside].mean() - conf[inside].mean()))
            weights.append(inside.sum() / n)
    gaps, weights = np.array(gaps), np.array(weights)
    return {"l1": weights @ gaps, "l2": math.sqrt(weights @ gaps**2), "max": gaps.max()}[norm]


# --------------------------------------------------------------------------- ECE and reliability curves


def test_ece_hand_worked():
    probs = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.4, 0.6]]
    labels = [0, 1, 1, 1]
    # bins of width 0.2: 0.6 is in (0.4, 0.6] with acc 1; 0.7, 0.8 in (0.6, 0.8] with conf 0.75, acc 0.5; 0.9 alone
    assert expected_calibration_error(probs, labels, n_bins=5) == pytest.approx((0.4 + 2 * 0.25 + 0.1) / 4, abs=1e-15)
    assert expected_calibration_error(probs, labels, n_bins=5, norm="max") == pytest.approx(0.4, abs=1e-15)
    rms = math.sqrt((0.4**2 + 2 * 0.25**2 + 0.1**2) / 4)
    assert expected_calibration_error(probs, labels, n_bins=5, norm="l2") == pytest.approx(rms, abs=1e-15)
    # one bin: |accuracy - mean confidence| = |0.75 - 0.75|
    assert expected_calibration_error(probs, labels, n_bins=1) == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize("norm", ["l1", "l2", "max"])
@pytest.mark.parametrize("n_bins", [1, 7, 15, 40])
def test_ece_matches_a_loop_over_bins(n_bins, norm):
    p, _, y = _classifier()
    conf, hit = p.max(1), (p.argmax(1) == y).astype(float)
    assert expected_calibration_error(p, y, n_bins, norm) == pytest.approx(_loop_ece(conf, hit, n_bins, norm),
                                                                          rel=1e-12, abs=1e-15)
    # classwise: every class's probability against [y = k], averaged over classes (max: the maximum)
    per = [_loop_ece(p[:, k], (y == k).astype(float), n_bins, norm) for k in range(p.shape[1])]
    want = max(per) if norm == "max" else np.mean(per)
    assert expected_calibration_error(p, y, n_bins, norm, kind="classwise") == pytest.approx(want, rel=1e-12)


def test_bin_edges_are_closed_on_the_right_with_zero_in_the_first_bin():
    # values exactly on edges: 0 -> bin 0; 0.25 -> bin 0; 0.5 -> bin 1; 1 -> bin 3
    p = np.array([0.0, 0.25, 0.5, 0.75, 1.0, 0.26])
    curve = reliability_curve(p, [0, 0, 1, 1, 1, 0], n_bins=4)
    np.testing.assert_array_equal(curve.count, [2, 2, 1, 1])
    np.testing.assert_array_equal(curve.edges, np.linspace(0, 1, 5))
    np.testing.assert_allclose(curve.confidence, [0.125, 0.38, 0.75, 1.0])
    np.testing.assert_allclose(curve.accuracy, [0.0, 0.5, 1.0, 1.0])


def test_binary_reliability_curve_equals_sklearn_calibration_curve():
    calibration = pytest.importorskip("sklearn.calibration")
    g = np.random.default_rng(5)
    p = np.concatenate([g.uniform(0, 1, 300) ** 2, [0.0, 0.1, 0.2, 0.5, 0.8, 1.0]])   # edges included
    y = (g.uniform(0, 1, p.size) < p).astype(int)
    for n_bins in (5, 10, 15):
        curve = reliability_curve(p, y, n_bins=n_bins)
        prob_true, prob_pred = calibration.calibration_curve(y, p, n_bins=n_bins, strategy="uniform")
        full = curve.count > 0
        np.testing.assert_allclose(curve.accuracy[full], prob_true, rtol=1e-14)
        np.testing.assert_allclose(curve.confidence[full], prob_pred, rtol=1e-14)
        assert np.isnan(curve.accuracy[~full]).all() and (curve.count[~full] == 0).all()
    # booleans are labels too, in the binary case
    assert expected_calibration_error(p, y.astype(bool)) == expected_calibration_error(p, y)


def test_reliability_curve_shapes_and_classwise():
    p, _, y = _classifier(c=3)
    top = reliability_curve(p, y, n_bins=10)
    assert top.confidence.shape == top.accuracy.shape == top.count.shape == (10,)
    assert top.count.sum() == len(y) and top.count.dtype.kind == "i"
    cw = reliability_curve(p, y, n_bins=10, kind="classwise")
    assert cw.confidence.shape == (3, 10) and (cw.count.sum(axis=1) == len(y)).all()
    # class k's curve is the binary curve of p[:, k] against [y == k]
    for k in range(3):
        one = reliability_curve(p[:, k], (y == k).astype(int), n_bins=10)
        np.testing.assert_array_equal(cw.count[k], one.count)
        np.testing.assert_allclose(cw.accuracy[k], one.accuracy, equal_nan=True)


@PROPERTY
@given(st.integers(0, 10_000), st.integers(1, 30))
def test_ece_is_at_most_rms_at_most_mce(seed, n_bins):
    p, _, y = _classifier(n=60, c=3, seed=seed)
    l1, l2, mx = (expected_calibration_error(p, y, n_bins, norm) for norm in ("l1", "l2", "max"))
    assert 0 <= l1 <= l2 + 1e-15 and l2 <= mx + 1e-15 and mx <= 1


def test_calibrated_forecasts_have_small_ece_but_binning_bias_with_few_samples():
    g = np.random.default_rng(1)
    big = g.uniform(0, 1, 100_000)
    assert expected_calibration_error(big, g.uniform(0, 1, big.size) < big) < 0.01
    small = g.uniform(0, 1, 50)
    biased = [expected_calibration_error(small, g.uniform(0, 1, small.size) < small) for _ in range(200)]
    assert np.mean(biased) > 0.1          # calibrated by construction, yet 50 samples in 15 bins look far off


# --------------------------------------------------------------------------- Brier score


def test_brier_score_equals_sklearn():
    metrics = pytest.importorskip("sklearn.metrics")
    y = np.array([0, 1, 1, 0])
    p = np.array([0.1, 0.9, 0.8, 0.3])
    assert brier_score(p, y) == pytest.approx(metrics.brier_score_loss(y, p), rel=1e-15)   # 0.0375
    probs, _, labels = _classifier(c=4)
    C = range(4)
    assert brier_score(probs, labels) == pytest.approx(metrics.brier_score_loss(labels, probs, labels=C), rel=1e-13)
    assert brier_score(probs, labels) == pytest.approx(
        metrics.brier_score_loss(labels, probs, labels=C, scale_by_half=False), rel=1e-13)
    two = np.stack([1 - p, p], axis=1)
    # scikit-learn's "auto" halves two columns; the two-class sum counts every error twice
    assert brier_score(two, y) == pytest.approx(2 * metrics.brier_score_loss(y, two), rel=1e-14)
    assert brier_score(two, y) == pytest.approx(2 * brier_score(p, y), rel=1e-14)


def test_brier_score_hand_values():
    assert brier_score([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1]], [0, 2]) == pytest.approx((0.06 + 1.34) / 2)
    assert brier_score([[1.0, 0.0], [0.0, 1.0]], [0, 1]) == 0.0
    assert brier_score([[0.0, 1.0]], [0]) == 2.0


# --------------------------------------------------------------------------- Murphy's decomposition


def test_decomposition_is_exact_for_few_distinct_forecasts():
    g = np.random.default_rng(2)
    p = g.choice([0.1, 0.3, 0.6, 0.9], size=500)
    y = (g.uniform(0, 1, p.size) < p * 0.8).astype(int)
    d = brier_decomposition(p, y)
    assert d.within_bin == 0.0
    assert d.brier == pytest.approx(brier_score(p, y), rel=1e-15)
    assert d.reliability - d.resolution + d.uncertainty == pytest.approx(d.brier, rel=1e-13)
    assert d.uncertainty == pytest.approx(y.mean() * (1 - y.mean()), rel=1e-14)
    # reliability by hand: sum over the 4 forecast values of n_k (f_k - obar_k)^2 / N
    rel = sum((p == v).sum() * (v - y[p == v].mean()) ** 2 for v in np.unique(p)) / p.size
    assert d.reliability == pytest.approx(rel, rel=1e-13)


def test_decomposition_vector_partition_for_multiclass():
    g = np.random.default_rng(3)
    table = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [1 / 3, 1 / 3, 1 / 3]])
    rows = g.integers(0, 3, size=300)
    probs = table[rows]
    labels = np.array([g.choice(3, p=table[r]) for r in rows])          # calibrated by construction
    d = brier_decomposition(probs, labels)
    assert d.within_bin == 0.0
    assert d.reliability - d.resolution + d.uncertainty == pytest.approx(brier_score(probs, labels), rel=1e-13)
    assert d.reliability < 0.02 and d.resolution > 0.05
    obar = np.bincount(labels, minlength=3) / labels.size
    assert d.uncertainty == pytest.approx(1 - obar @ obar, rel=1e-14)


@pytest.mark.parametrize("n_bins", [1, 5, 15])
def test_decomposition_with_bins_needs_the_within_bin_terms(n_bins):
    p, _, y = _classifier(c=3)
    d = brier_decomposition(p, y, n_bins=n_bins)
    assert d.reliability - d.resolution + d.uncertainty + d.within_bin == pytest.approx(d.brier, rel=1e-12)
    b = brier_decomposition(p[:, 1], (y == 1).astype(int), n_bins=n_bins)
    assert b.reliability - b.resolution + b.uncertainty + b.within_bin == pytest.approx(b.brier, rel=1e-12)
    assert abs(d.within_bin) > 1e-6                                      # continuous forecasts: not 0


# --------------------------------------------------------------------------- temperature scaling


def _mean_nll(z, y, T):
    return float(ce_loss(z / T, y))


def test_temperature_hand_worked():
    z = np.array([[4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    assert fit_temperature(z, [0, 0, 1, 1]) == pytest.approx(4 / math.log(3), rel=1e-14)


@pytest.mark.parametrize("scale", [0.3, 3.0, 30.0])
def test_temperature_agrees_with_scipy_and_is_a_stationary_point(scale):
    optimize = pytest.importorskip("scipy.optimize")
    _, z, y = _classifier(n=300, c=5, scale=scale, seed=4)
    T = fit_temperature(z, y)
    res = optimize.minimize_scalar(lambda t: _mean_nll(z, y, math.exp(t)), bounds=(-8, 8), method="bounded",
                                   options={"xatol": 1e-12})
    assert T == pytest.approx(math.exp(res.x), abs=1e-6)
    h = 1e-5 * T
    slope = (_mean_nll(z, y, T + h) - _mean_nll(z, y, T - h)) / (2 * h)
    assert abs(slope) < 1e-8
    # T scales with the logits, and never changes the predicted class
    assert fit_temperature(2.5 * z, y) == pytest.approx(2.5 * T, rel=1e-12)
    assert (np.argmax(z / T, axis=1) == np.argmax(z, axis=1)).all()


def test_temperature_lowers_the_nll_and_the_ece_of_an_overconfident_model():
    p, z, y = _classifier(n=2000, c=4, scale=4.0, seed=8)
    T = fit_temperature(z, y)
    assert T > 1
    assert _mean_nll(z, y, T) < _mean_nll(z, y, 1.0)
    assert expected_calibration_error(softmax(z / T, axis=1), y) < expected_calibration_error(p, y)


def test_temperature_refuses_when_no_finite_minimiser_exists():
    right = np.array([[3.0, 0.0], [0.0, 2.0]])
    with pytest.raises(ValueError, match="every label already has the largest logit"):
        fit_temperature(right, [0, 1])
    with pytest.raises(ValueError, match="T -> infinity"):
        fit_temperature(right, [1, 0])
    with pytest.raises(ValueError, match="T -> infinity"):
        fit_temperature(np.zeros((3, 4)), [0, 1, 2])                 # constant logits: no T matters
    with pytest.raises(ValueError, match=r"^logits must have shape \(N, C\)"):
        fit_temperature([1.0, 2.0], [0])
    with pytest.raises(ValueError, match=r"^logits has shape \(2, 2\) but labels has shape \(3,\)"):
        fit_temperature(right, [0, 1, 1])
    with pytest.raises(ValueError, match="^labels has a class index 2 out of range"):
        fit_temperature(right, [0, 2])
    with pytest.raises(ValueError, match="^logits contains inf"):
        fit_temperature([[np.inf, 0.0], [0.0, 1.0]], [0, 1])


# --------------------------------------------------------------------------- scoring rules


def _simplex(n):
    return st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n).filter(lambda v: sum(v) > 1e-3).map(
        lambda v: np.asarray(v) / sum(v))


pairs_of_beliefs = st.integers(2, 5).flatmap(lambda n: st.tuples(_simplex(n), _simplex(n)))


@PROPERTY
@given(pairs_of_beliefs)
def test_proper_rules_are_maximised_by_the_truthful_report(pq):
    p, q = pq
    for rule in PROPER_SCORING_RULES:
        assert expected_score(p, p, rule) >= expected_score(p, q, rule) - 1e-12, rule


@PROPERTY
@given(pairs_of_beliefs)
def test_closed_forms_and_the_sum_over_outcomes(pq):
    p, q = pq
    q = 0.9 * q + 0.1 / q.size                    # keep q > 0 so that the log score is finite
    assert expected_score(p, q, "log") == pytest.approx(-cross_entropy(p, q, base="nats"), rel=1e-12, abs=1e-12)
    assert expected_score(p, q, "brier") == pytest.approx(-np.sum((q - p) ** 2) - p @ (1 - p), abs=1e-12)
    assert expected_score(p, q, "spherical") == pytest.approx(p @ q / np.linalg.norm(q), rel=1e-12)
    assert expected_score(p, q, "absolute") == pytest.approx(-2 * (1 - p @ q), abs=1e-12)
    for rule in SCORING_RULES:
        realised = np.array([scoring_rule(q, y, rule) for y in range(q.size)])
        assert expected_score(p, q, rule) == pytest.approx(p @ realised, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("rule", ["absolute", "hinge"])
def test_improper_rules_push_reports_to_zero_or_one(rule):
    for p1 in (0.55, 0.7, 0.9):
        p = np.array([1 - p1, p1])
        grid = np.linspace(0, 1, 101)
        reports = np.stack([1 - grid, grid], axis=1)
        scores = expected_score(p, reports, rule)
        assert grid[np.argmax(scores)] == 1.0                              # not p1: the extreme report wins
        assert scores[-1] > expected_score(p, p, rule)
    for rule_ok in PROPER_SCORING_RULES:
        scores = expected_score(np.array([0.3, 0.7]), np.stack([1 - grid, grid], axis=1), rule_ok)
        assert grid[np.argmax(scores)] == pytest.approx(0.7)


def test_binary_hinge_is_the_hinge_on_the_margin_2q_minus_1():
    for q1 in (0.0, 0.2, 0.5, 0.8, 1.0):
        q = np.array([1 - q1, q1])
        s = 2 * q1 - 1
        assert scoring_rule(q, 1, "hinge") == pytest.approx(-max(0.0, 1 - s))
        assert scoring_rule(q, 0, "hinge") == pytest.approx(-max(0.0, 1 + s))


def test_scoring_rule_hand_values_and_zeros():
    q = [0.7, 0.2, 0.1]
    assert scoring_rule(q, 0, "log") == pytest.approx(math.log(0.7))
    assert scoring_rule(q, 0, "brier") == pytest.approx(-(0.09 + 0.04 + 0.01))
    assert scoring_rule(q, 0, "spherical") == pytest.approx(0.7 / math.sqrt(0.54))
    assert scoring_rule(q, 1, "hinge") == pytest.approx(-(1 - 0.2 + 0.7))
    np.testing.assert_allclose(scoring_rule([q, q], [0, 2], "absolute"), [-0.6, -1.8])
    assert scoring_rule([1.0, 0.0], 1, "log") == -np.inf
    assert expected_score([1.0, 0.0], [1.0, 0.0], "log") == 0.0          # 0 * log 0 = 0, no warning
    assert expected_score([0.5, 0.5], [1.0, 0.0], "log") == -np.inf
    assert expected_score([0.5, 0.5], np.full((7, 2), 0.5)).shape == (7,)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: expected_calibration_error([[0.5, 0.6]], [0]), ValueError, "^probs does not sum to 1"),
        (lambda: expected_calibration_error([0.5, 1.2], [0, 1]), ValueError, r"^probs has the value 1\.2 at index 1"),
        (lambda: expected_calibration_error([0.5, 0.2], [0, 2]), ValueError, "^labels has a class index 2"),
        (lambda: expected_calibration_error([0.5, 0.2], [0.0, 1.0]), TypeError,
         r"^labels must hold integer class indices, got dtype float64$"),
        (lambda: fit_temperature([[1.0, 0.0]], [True]), TypeError, "^labels must hold integer"),
        (lambda: expected_calibration_error([0.5, 0.2], [0, 1, 1]), ValueError, r"^probs has shape \(2,\) but labels"),
        (lambda: expected_calibration_error(np.full((2, 2, 2), 0.5), [0, 1]), ValueError, r"^probs must have shape"),
        (lambda: expected_calibration_error([0.5], [1], n_bins=0), ValueError, "^n_bins must be a positive integer"),
        (lambda: expected_calibration_error([0.5], [1], n_bins=2.0), TypeError, "^n_bins must be a positive integer"),
        (lambda: expected_calibration_error([0.5], [1], norm="l3"), ValueError, "^norm must be one of 'l1', 'l2'"),
        (lambda: expected_calibration_error([0.5], [1], kind="classwise"), ValueError, "^kind='classwise' needs"),
        (lambda: reliability_curve([[1.0, 0.0]], [0], kind="per-class"), ValueError, "^kind must be one of"),
        (lambda: brier_score([np.nan, 0.5], [0, 1]), ValueError, "^probs has the value nan at index 0"),
        (lambda: brier_decomposition([0.5], [1], n_bins=-1), ValueError, "^n_bins must be a positive integer"),
        (lambda: expected_score([0.5, 0.5], [0.5, 0.5], "hinge2"), ValueError, "^rule must be one of 'log'"),
        (lambda: expected_score([0.5, 0.5], [1 / 3] * 3), ValueError, "^p and q must have the same number"),
        (lambda: expected_score([1.0], [1.0]), ValueError, "^p must hold probability vectors over at least 2"),
        (lambda: scoring_rule([[0.5, 0.5]], [0, 1]), ValueError, r"^q has shape \(1, 2\) but labels has shape"),
    ],
)
def test_errors_name_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_student_errors_speak_chinese():
    lossnotes.set_language("zh")
    try:
        with pytest.raises(ValueError, match="^n_bins 必须是正整数"):
            expected_calibration_error([0.5], [1], n_bins=0)
        with pytest.raises(ValueError, match="^无法找到"):
            fit_temperature([[3.0, 0.0], [0.0, 2.0]], [0, 1])
    finally:
        lossnotes.set_language("en")


# --------------------------------------------------------------------------- the small over-confident model

from lossnotes.calibration import _training_gradient, noisy_blobs, train_softmax_regression  # noqa: E402


def _mean_training_loss(z, y, loss, eps, gamma):
    logp = z - z.max(axis=1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(axis=1, keepdims=True))
    c = z.shape[1]
    if loss == "focal":
        lp = logp[np.arange(len(y)), y]
        return float(np.mean(-((1 - np.exp(lp)) ** gamma) * lp))
    target = (1 - eps) * np.eye(c)[y] + eps / c
    return float(np.mean(-(target * logp).sum(axis=1)))


@pytest.mark.parametrize("loss, eps, gamma", [("ce", 0.0, 0.0), ("ce", 0.1, 0.0), ("focal", 0.0, 3.0),
                                              ("focal", 0.0, 0.0), ("focal", 0.0, 1.0)])
def test_training_gradient_matches_finite_differences(loss, eps, gamma):
    rng = np.random.default_rng(3)
    z, y = rng.normal(0, 2, (7, 4)), rng.integers(4, size=7)
    g = _training_gradient(z, y, loss, eps, gamma)
    h = 1e-6
    num = np.zeros_like(z)
    for idx in np.ndindex(z.shape):
        zp, zm = z.copy(), z.copy()
        zp[idx] += h
        zm[idx] -= h
        num[idx] = (_mean_training_loss(zp, y, loss, eps, gamma) - _mean_training_loss(zm, y, loss, eps, gamma)) / (2 * h)
    np.testing.assert_allclose(g, num, rtol=1e-6, atol=1e-9)
    if loss == "focal" and gamma == 0:   # focal with γ = 0 is cross-entropy
        np.testing.assert_allclose(g, _training_gradient(z, y, "ce", 0.0, 0.0), rtol=1e-12)


def test_noisy_blobs_overfit_to_an_overconfident_model_that_temperature_fixes():
    xtr, ytr = noisy_blobs(150, seed=0)
    xte, yte = noisy_blobs(1000, seed=1)
    assert xtr.shape == (150, 62) and set(np.unique(ytr)) == {0, 1, 2}
    W, b = train_softmax_regression(xtr, ytr, steps=1000)
    assert np.mean((xtr @ W + b).argmax(axis=1) == ytr) == 1.0
    z = xte @ W + b
    p = softmax(z, axis=1)
    assert p.max(axis=1).mean() > np.mean(z.argmax(axis=1) == yte) + 0.1        # over-confident
    T = fit_temperature(z, yte)
    assert T > 1
    assert expected_calibration_error(softmax(z / T, axis=1), yte) < expected_calibration_error(p, yte)
    W2, b2 = train_softmax_regression(xtr, ytr, steps=1000)
    assert np.array_equal(W, W2) and np.array_equal(b, b2)                      # deterministic


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: noisy_blobs(0), "^n must be an integer >= 1"),
        (lambda: noisy_blobs(5, n_classes=1), "^n_classes must be an integer >= 2"),
        (lambda: noisy_blobs(5, separation=0), r"^separation must be a number in \(0, ∞\)"),
        (lambda: train_softmax_regression(np.ones(3), [0, 1, 1]), "^x must be a 2-D array"),
        (lambda: train_softmax_regression(np.ones((3, 2)), [0.0, 1.0, 1.0]), "^y must hold one class index"),
        (lambda: train_softmax_regression(np.ones((3, 2)), [0, 1]), "^y must hold one class index"),
        (lambda: train_softmax_regression(np.ones((3, 2)), [0, 1, 1], loss="mse"), "^loss must be one of"),
        (lambda: train_softmax_regression(np.ones((3, 2)), [0, 1, 1], label_smoothing=1.5), "^label_smoothing must"),
        (lambda: train_softmax_regression(np.ones((3, 2)), [0, 1, 1], gamma=-1), "^gamma must be a number"),
        (lambda: train_softmax_regression(np.ones((3, 2)), [0, 1, 1], loss="focal", label_smoothing=0.1),
         "^label_smoothing applies to loss='ce' only"),
        (lambda: train_softmax_regression(np.ones((3, 2)), [0, 1, 1], lr=0), r"^lr must be a number in \(0"),
        (lambda: train_softmax_regression(np.ones((3, 2)), [0, 1, 1], steps=0), "^steps must be an integer >= 1"),
    ],
)
def test_training_errors_name_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()
