"""Tests of lossnotes.losses: hand values, PyTorch's rules, properties, and error messages.

These tests do not need PyTorch (tests/test_torch_oracle.py compares with it
when it is installed).  Every test runs with warnings turned into errors, so a
RuntimeWarning (overflow, log of 0, 0/0) anywhere fails the test.
"""

import math
import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lossnotes import losses as L

FAST = settings(max_examples=30, deadline=None)


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            yield


def _ls(x, axis=-1):
    """Reference log-softmax in float64 for the hand checks."""
    x = np.asarray(x, dtype=np.float64)
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


# ----------------------------------------------------------------------------
# hand values from SEMANTICS.md
# ----------------------------------------------------------------------------

def test_logsumexp_stable_value():
    assert round(float(L.logsumexp([1000.0, 1001.0, 1002.0])), 4) == 1002.4076
    assert np.isfinite(L.logsumexp([1000.0, 1001.0, 1002.0]))


def test_logsumexp_axis_keepdims_and_torch_aliases():
    x = np.arange(6.0).reshape(2, 3)
    ref = np.log(np.exp(x).sum(axis=0))
    np.testing.assert_allclose(L.logsumexp(x, axis=0), ref)
    np.testing.assert_allclose(L.logsumexp(x, dim=0), ref)
    assert L.logsumexp(x, axis=1, keepdims=True).shape == (2, 1)
    assert L.logsumexp(x, dim=1, keepdim=True).shape == (2, 1)
    np.testing.assert_allclose(L.logsumexp(x, axis=(0, 1)), np.log(np.exp(x).sum()))
    np.testing.assert_allclose(L.softmax(x, dim=0), L.softmax(x, axis=0))
    np.testing.assert_allclose(L.log_softmax(x, dim=0), L.log_softmax(x, axis=0))


def test_bce_clamps_log_at_minus_100():
    assert L.binary_cross_entropy([0.0], [1.0]) == 100.0
    assert L.binary_cross_entropy([1.0], [0.0]) == 100.0
    assert L.binary_cross_entropy([1.0], [1.0]) == 0.0


def test_bce_with_logits_is_stable_where_sigmoid_then_bce_clamps():
    assert L.binary_cross_entropy_with_logits([40.0], [0.0]) == 40.0
    p = 1 / (1 + np.exp(-40.0))  # rounds to exactly 1.0
    assert L.binary_cross_entropy([p], [0.0]) == 100.0
    assert L.binary_cross_entropy_with_logits([-1e4], [1.0]) == 1e4


def test_bce_with_logits_matches_bce_of_sigmoid_in_the_safe_range():
    x = np.linspace(-5, 5, 11)
    y = np.linspace(0, 1, 11)
    p = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(
        L.binary_cross_entropy_with_logits(x, y, reduction="none"),
        L.binary_cross_entropy(p, y, reduction="none"), rtol=1e-12)


def test_bce_pos_weight_and_weight():
    x, y = np.array([0.3, -1.2]), np.array([1.0, 0.0])
    sp = lambda v: np.log1p(np.exp(v))
    expected = np.array([2.0 * 3.0 * sp(-0.3), 0.5 * sp(-1.2)])
    got = L.binary_cross_entropy_with_logits(x, y, weight=[2.0, 0.5], pos_weight=3.0, reduction="none")
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_l1_values_are_20_and_60_not_23_33():
    out, tgt = [10.0, 10.0, 20.0], [30.0, 20.0, 50.0]
    assert L.l1_loss(out, tgt) == 20.0          # (20 + 10 + 30) / 3; the old notes said 23.33
    assert L.l1_loss(out, tgt, reduction="sum") == 60.0
    np.testing.assert_array_equal(L.l1_loss(out, tgt, reduction="none"), [20.0, 10.0, 30.0])


def test_mse_values():
    assert L.mse_loss([10.0, 10.0, 20.0], [30.0, 20.0, 50.0], reduction="sum") == 1400.0
    assert math.isclose(L.mse_loss([10.0, 10.0, 20.0], [30.0, 20.0, 50.0]), 1400 / 3)


def test_smooth_l1_and_huber_values():
    d = np.array([0.5, -3.0, 1.0, 0.0])
    z = np.zeros_like(d)
    np.testing.assert_allclose(L.smooth_l1_loss(d, z, reduction="none"), [0.125, 2.5, 0.5, 0.0])
    np.testing.assert_allclose(L.smooth_l1_loss(d, z, reduction="none", beta=2.0), [0.0625, 2.0, 0.25, 0.0])
    np.testing.assert_allclose(L.smooth_l1_loss(d, z, reduction="none", beta=0.0), np.abs(d))
    np.testing.assert_allclose(L.huber_loss(d, z, reduction="none"), [0.125, 2.5, 0.5, 0.0])
    np.testing.assert_allclose(L.huber_loss(d, z, reduction="none", delta=2.0), [0.125, 4.0, 0.5, 0.0])
    assert L.huber_loss(d, z, delta=2.0) == pytest.approx((0.125 + 4.0 + 0.5) / 4)


def test_focal_loss_formula():
    x = np.array([0.0, 2.0, -1.0, 3.0])
    t = np.array([1.0, 1.0, 0.0, 0.0])
    p = 1 / (1 + np.exp(-x))
    ce = -(t * np.log(p) + (1 - t) * np.log(1 - p))
    p_t = p * t + (1 - p) * (1 - t)
    a_t = 0.25 * t + 0.75 * (1 - t)
    expected = a_t * ce * (1 - p_t) ** 2
    np.testing.assert_allclose(L.sigmoid_focal_loss(x, t), expected, rtol=1e-12)
    assert L.sigmoid_focal_loss([0.0], [1.0])[0] == pytest.approx(0.25 * 0.25 * math.log(2))
    # defaults: alpha=0.25, gamma=2, reduction='none'
    assert L.sigmoid_focal_loss(x, t).shape == (4,)
    np.testing.assert_allclose(L.sigmoid_focal_loss(x, t, reduction="mean"), expected.mean())
    # alpha < 0 disables the alpha_t factor; gamma=0 then gives plain BCE
    np.testing.assert_allclose(
        L.sigmoid_focal_loss(x, t, alpha=-1, gamma=0),
        L.binary_cross_entropy_with_logits(x, t, reduction="none"), rtol=1e-12)


def test_focal_loss_large_logits_are_finite_and_accurate():
    out = L.sigmoid_focal_loss([30.0, -1e4, 1e4], [1.0, 1.0, 0.0], alpha=-1)
    assert np.all(np.isfinite(out))
    assert out[0] == pytest.approx(np.exp(-30.0) * np.exp(-30.0) ** 2, rel=1e-9)
    assert out[1] == pytest.approx(1e4) and out[2] == pytest.approx(1e4)


# ----------------------------------------------------------------------------
# cross_entropy / nll_loss: PyTorch's rules
# ----------------------------------------------------------------------------

X = np.array([[2.0, 0.5, -1.0], [0.0, 0.0, 3.0], [1.0, -2.0, 0.5], [0.3, 0.1, -0.4]])
Y = np.array([0, 1, 2, 1])
W = np.array([0.5, 2.0, 1.0])


def test_cross_entropy_index_target_hand_value():
    per = -_ls(X)[np.arange(4), Y]
    np.testing.assert_allclose(L.cross_entropy(X, Y, reduction="none"), per)
    assert L.cross_entropy(X, Y) == pytest.approx(per.mean())
    assert L.cross_entropy(X, Y, reduction="sum") == pytest.approx(per.sum())


def test_cross_entropy_weighted_mean_divides_by_sum_of_target_weights():
    per = -_ls(X)[np.arange(4), Y]
    wy = W[Y]
    assert L.cross_entropy(X, Y, weight=W) == pytest.approx((wy * per).sum() / wy.sum())
    assert L.cross_entropy(X, Y, weight=W) != pytest.approx((wy * per).mean())
    np.testing.assert_allclose(L.cross_entropy(X, Y, weight=W, reduction="none"), wy * per)


def test_cross_entropy_ignore_index():
    t = np.array([0, -100, 2, -100])
    per = -_ls(X)[np.arange(4), np.where(t < 0, 0, t)] * (t >= 0)
    np.testing.assert_allclose(L.cross_entropy(X, t, reduction="none"), per)
    assert L.cross_entropy(X, t) == pytest.approx(per.sum() / 2)
    assert L.cross_entropy(X, [0, 7, 2, 7], ignore_index=7) == pytest.approx(per.sum() / 2)
    # an ignore_index inside [0, C) ignores that class
    assert L.cross_entropy(X, Y, ignore_index=1) == pytest.approx(L.cross_entropy(X[[0, 2]], Y[[0, 2]]))


def test_cross_entropy_all_ignored_mean_is_nan_like_torch():
    out = L.cross_entropy(X, [-100] * 4)
    assert np.isnan(out)
    assert np.isnan(L.cross_entropy(X, [-100] * 4, weight=W, label_smoothing=0.1))
    assert L.cross_entropy(X, [-100] * 4, reduction="sum") == 0.0
    assert np.isnan(L.nll_loss(_ls(X), [-100] * 4))


def test_cross_entropy_label_smoothing_formula():
    eps, C = 0.2, 3
    lp = _ls(X)
    nll = -lp[np.arange(4), Y]
    smooth = -lp.sum(axis=1)
    per = (1 - eps) * nll + eps / C * smooth
    np.testing.assert_allclose(L.cross_entropy(X, Y, label_smoothing=eps, reduction="none"), per)
    assert L.cross_entropy(X, Y, label_smoothing=eps) == pytest.approx(per.mean())
    # equals a probability target (1-eps)*onehot + eps/C
    soft = (1 - eps) * np.eye(C)[Y] + eps / C
    assert L.cross_entropy(X, Y, label_smoothing=eps) == pytest.approx(L.cross_entropy(X, soft))


def test_cross_entropy_weighted_label_smoothing_formula_from_semantics():
    eps, C = 0.1, 3
    t = np.array([0, 1, -100, 2])
    keep = t >= 0
    ts = np.where(keep, t, 0)
    lp = _ls(X)
    wy = W[ts] * keep
    nll = -(wy * lp[np.arange(4), ts]).sum()
    smooth = -((lp * W).sum(axis=1) * keep).sum()
    expected = (1 - eps) * nll / wy.sum() + (eps / C) * smooth / wy.sum()
    assert L.cross_entropy(X, t, weight=W, label_smoothing=eps) == pytest.approx(expected, rel=1e-12)


def test_cross_entropy_probability_target_mean_divides_by_n():
    P = np.array([[0.7, 0.2, 0.1], [0.0, 1.0, 0.0], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0.0]])
    per = -(W * P * _ls(X)).sum(axis=1)
    assert L.cross_entropy(X, P, weight=W) == pytest.approx(per.sum() / 4)
    np.testing.assert_allclose(L.cross_entropy(X, P, weight=W, reduction="none"), per)
    # negative ignore_index values are fine (torch allows them), non-negative ones are not
    assert L.cross_entropy(X, P, ignore_index=-1) == L.cross_entropy(X, P)


def test_cross_entropy_one_dimensional_input():
    x = np.array([1.0, 2.0, 0.5])
    assert L.cross_entropy(x, 1) == pytest.approx(-_ls(x)[1])
    assert np.ndim(L.cross_entropy(x, 1, reduction="none")) == 0
    assert L.cross_entropy(x, np.array([0.0, 1.0, 0.0])) == pytest.approx(-_ls(x)[1])


def test_cross_entropy_spatial_input_equals_flattened():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 4, 3, 5))
    t = rng.integers(0, 4, size=(2, 3, 5))
    t[0, 1, 2] = -100
    flat_x = np.moveaxis(x, 1, -1).reshape(-1, 4)
    flat_t = t.reshape(-1)
    w = np.array([1.0, 2.0, 0.5, 3.0])
    for kw in ({}, {"weight": w}, {"label_smoothing": 0.3}, {"weight": w, "label_smoothing": 0.3}):
        assert L.cross_entropy(x, t, **kw) == pytest.approx(L.cross_entropy(flat_x, flat_t, **kw), rel=1e-12)
        np.testing.assert_allclose(
            L.cross_entropy(x, t, reduction="none", **kw).reshape(-1),
            L.cross_entropy(flat_x, flat_t, reduction="none", **kw))
    p = L.softmax(rng.normal(size=x.shape), axis=1)
    assert L.cross_entropy(x, p) == pytest.approx(
        L.cross_entropy(flat_x, np.moveaxis(p, 1, -1).reshape(-1, 4)), rel=1e-12)


def test_nll_loss_matches_cross_entropy_on_log_softmax():
    for kw in ({}, {"weight": W}, {"ignore_index": 2}, {"reduction": "sum"}, {"reduction": "none"}):
        np.testing.assert_allclose(L.nll_loss(L.log_softmax(X, dim=1), Y, **kw), L.cross_entropy(X, Y, **kw))


def test_large_logits_are_finite_and_exact():
    x = np.array([[1e4, -1e4, 0.0]])
    assert L.cross_entropy(x, [1]) == pytest.approx(2e4)
    assert L.cross_entropy(x, [0]) == 0.0
    x32 = x.astype(np.float32)
    assert L.cross_entropy(x32, [1]) == pytest.approx(2e4)
    assert np.all(np.isfinite(L.log_softmax(x)))
    np.testing.assert_allclose(L.softmax(x), [[1.0, 0.0, 0.0]])
    assert L.logsumexp([-1e4, -1e4]) == pytest.approx(-1e4 + math.log(2))
    d = L.distillation_loss(x, -x, [2], temperature=2.0)
    assert np.isfinite(d)


# ----------------------------------------------------------------------------
# kl_div, multi_margin_loss, info_nce, distillation_loss
# ----------------------------------------------------------------------------

def test_kl_div_zero_targets_and_reductions():
    p = np.array([[0.5, 0.5, 0.0], [0.2, 0.3, 0.5]])
    q = np.array([[0.25, 0.25, 0.5], [0.3, 0.3, 0.4]])
    elems = np.where(p > 0, p * np.log(np.where(p > 0, p, 1) / q), 0.0)
    np.testing.assert_allclose(L.kl_div(np.log(q), p, reduction="none"), elems)
    assert L.kl_div(np.log(q), p, reduction="sum") == pytest.approx(elems.sum())
    assert L.kl_div(np.log(q), p, reduction="batchmean") == pytest.approx(elems.sum() / 2)
    assert L.kl_div(np.log(q), p) == pytest.approx(elems.sum() / 6)           # 'mean' = sum / numel
    assert L.kl_div(np.log(q), np.log(np.where(p > 0, p, 1e-300)), reduction="sum", log_target=True) \
        == pytest.approx(elems.sum())
    assert L.kl_div(np.log(q[0]), p[0], reduction="batchmean") == pytest.approx(elems[0].sum() / 3)


def test_multi_margin_loss_values():
    x = np.array([[2.0, 1.5, -1.0], [0.0, 0.2, 0.1]])
    t = np.array([0, 2])
    # sample 0: margins 1-2+1.5=0.5, 1-2-1=-2 -> 0.5 ; sample 1: 1-0.1+0=0.9, 1-0.1+0.2=1.1 -> 2.0
    np.testing.assert_allclose(L.multi_margin_loss(x, t, reduction="none"), [0.5 / 3, 2.0 / 3])
    np.testing.assert_allclose(L.multi_margin_loss(x, t, p=2, reduction="none"), [0.25 / 3, (0.81 + 1.21) / 3])
    np.testing.assert_allclose(
        L.multi_margin_loss(x, t, weight=[2.0, 1.0, 3.0], reduction="none"), [1.0 / 3, 6.0 / 3])
    assert L.multi_margin_loss(x, t, margin=0.0) == pytest.approx((0 + (0.1 / 3)) / 2)
    assert L.multi_margin_loss(x[0], 0) == pytest.approx(0.5 / 3)


def test_info_nce_is_cross_entropy_over_cosine_similarities():
    rng = np.random.default_rng(1)
    q, k = rng.normal(size=(4, 5)), rng.normal(size=(6, 5))
    qn = q / np.linalg.norm(q, axis=1, keepdims=True)
    kn = k / np.linalg.norm(k, axis=1, keepdims=True)
    idx = np.array([3, 0, 5, 1])
    assert L.info_nce(q, k, idx, temperature=0.5) == pytest.approx(
        L.cross_entropy(qn @ kn.T / 0.5, idx), rel=1e-12)
    assert L.info_nce(q, k) == pytest.approx(L.cross_entropy(qn @ kn.T / 0.1, np.arange(4)), rel=1e-12)
    # cosine similarity ignores the scale of the embeddings
    assert L.info_nce(3.0 * q, 1e-3 * k, idx) == pytest.approx(L.info_nce(q, k, idx), rel=1e-12)
    # identical keys: a uniform guess costs log M
    assert L.info_nce(q, np.ones((6, 5)), idx) == pytest.approx(math.log(6))


def test_distillation_loss_convention():
    rng = np.random.default_rng(2)
    s, t = rng.normal(size=(5, 4)), rng.normal(size=(5, 4))
    y = np.array([0, 3, 1, 1, 2])
    T, a = 3.0, 0.7
    lq, lp = _ls(s / T, 1), _ls(t / T, 1)
    kl = (np.exp(lp) * (lp - lq)).sum(axis=1)
    ce = -_ls(s, 1)[np.arange(5), y]
    assert L.distillation_loss(s, t, y, temperature=T, alpha=a) == pytest.approx(
        np.mean(a * T * T * kl + (1 - a) * ce), rel=1e-12)
    np.testing.assert_allclose(
        L.distillation_loss(s, t, y, temperature=T, alpha=a, reduction="none"), a * T * T * kl + (1 - a) * ce)
    assert L.distillation_loss(s, t, y, temperature=T, alpha=a, reduction="sum") == pytest.approx(
        np.sum(a * T * T * kl + (1 - a) * ce))
    # no target: the soft term alone, T^2 KL (alpha unused)
    assert L.distillation_loss(s, t, temperature=T) == pytest.approx(np.mean(T * T * kl), rel=1e-12)
    assert L.distillation_loss(s, t, temperature=T, alpha=0.1) == L.distillation_loss(s, t, temperature=T)
    # soft term == T^2 * kl_div(..., 'batchmean')
    assert L.distillation_loss(s, t, temperature=T) == pytest.approx(
        T * T * L.kl_div(L.log_softmax(s / T), L.softmax(t / T), reduction="batchmean"))
    # alpha = 0: the hard cross-entropy only; probability targets work too
    assert L.distillation_loss(s, t, y, temperature=T, alpha=0.0) == pytest.approx(L.cross_entropy(s, y))
    assert L.distillation_loss(s, t, np.eye(4)[y], temperature=T, alpha=0.0) == pytest.approx(
        L.cross_entropy(s, y))
    assert L.distillation_loss(s[0], t[0], y[0], temperature=T) == pytest.approx(
        L.distillation_loss(s[:1], t[:1], y[:1], temperature=T))


# ----------------------------------------------------------------------------
# dtypes
# ----------------------------------------------------------------------------

def _float32_calls():
    x = X.astype(np.float32)
    p = np.full((4, 3), 1 / 3, dtype=np.float32)
    r = np.array([0.1, 0.9, 0.5], dtype=np.float32)
    y = np.array([0.0, 1.0, 1.0], dtype=np.float32)
    return {
        "logsumexp": lambda: L.logsumexp(x),
        "logsumexp0d": lambda: L.logsumexp(x[0]),
        "softmax": lambda: L.softmax(x),
        "log_softmax": lambda: L.log_softmax(x),
        "cross_entropy": lambda: L.cross_entropy(x, Y, weight=W, label_smoothing=0.1),
        "cross_entropy_prob": lambda: L.cross_entropy(x, p.astype(np.float64)),
        "cross_entropy_none": lambda: L.cross_entropy(x, Y, reduction="none"),
        "cross_entropy_nan": lambda: L.cross_entropy(x, [-100] * 4),
        "nll_loss": lambda: L.nll_loss(L.log_softmax(x, dim=1), Y, weight=W),
        "bce": lambda: L.binary_cross_entropy(r, y, weight=[1.0, 2.0, 3.0]),
        "bce_logits": lambda: L.binary_cross_entropy_with_logits(r, y, pos_weight=[2.0]),
        "kl_div": lambda: L.kl_div(np.log(p), p, reduction="batchmean"),
        "mse": lambda: L.mse_loss(r, y),
        "l1": lambda: L.l1_loss(r, y),
        "smooth_l1": lambda: L.smooth_l1_loss(r, y, beta=0.5),
        "huber": lambda: L.huber_loss(r, y, delta=0.5),
        "focal": lambda: L.sigmoid_focal_loss(r, y, reduction="sum"),
        "multi_margin": lambda: L.multi_margin_loss(x, Y, p=2, weight=W),
        "info_nce": lambda: L.info_nce(x, x.astype(np.float64)),
        "distillation": lambda: L.distillation_loss(x, X, Y, temperature=2.0),
    }


@pytest.mark.parametrize("name", sorted(_float32_calls()))
def test_float32_in_float32_out(name):
    out = _float32_calls()[name]()
    assert isinstance(out, (np.ndarray, np.float32)), type(out)
    assert out.dtype == np.float32


def test_zero_d_results_are_numpy_scalars():
    assert type(L.cross_entropy(X.astype(np.float32), Y)) is np.float32
    assert type(L.cross_entropy(X, Y)) is np.float64
    assert type(L.mse_loss([1, 2], [2, 2])) is np.float64  # integers become float64


def test_import_is_light():
    code = ("import sys, lossnotes.losses, lossnotes.gradients, lossnotes.gradcheck; "
            "bad = [m for m in ('scipy', 'matplotlib', 'ipywidgets') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


# ----------------------------------------------------------------------------
# properties
# ----------------------------------------------------------------------------

logit_rows = hnp.arrays(
    np.float64, st.tuples(st.integers(1, 5), st.integers(2, 6)),
    elements=st.floats(-50, 50, allow_nan=False, allow_infinity=False))


@FAST
@given(d=hnp.arrays(np.float64, st.integers(1, 20), elements=st.floats(-10, 10)),
       b=st.floats(0.05, 5.0))
def test_huber_equals_beta_times_smooth_l1(d, b):
    z = np.zeros_like(d)
    np.testing.assert_allclose(
        L.huber_loss(d, z, reduction="none", delta=b),
        b * L.smooth_l1_loss(d, z, reduction="none", beta=b), rtol=1e-12, atol=1e-12)


@FAST
@given(x=logit_rows, data=st.data())
def test_one_hot_probability_target_equals_index_target(x, data):
    N, C = x.shape
    y = np.array(data.draw(st.lists(st.integers(0, C - 1), min_size=N, max_size=N)))
    onehot = np.eye(C)[y]
    for red in ("mean", "sum", "none"):
        np.testing.assert_allclose(
            L.cross_entropy(x, onehot, reduction=red), L.cross_entropy(x, y, reduction=red),
            rtol=1e-12, atol=1e-12)


@FAST
@given(x=logit_rows)
def test_log_softmax_rows_logsumexp_to_zero(x):
    np.testing.assert_allclose(L.logsumexp(L.log_softmax(x)), 0.0, atol=1e-12)
    assert np.all(L.log_softmax(x) <= 0)
    np.testing.assert_allclose(L.softmax(x).sum(axis=-1), 1.0, rtol=1e-12)


@FAST
@given(x=logit_rows, c=st.floats(-1e3, 1e3))
def test_softmax_is_shift_invariant(x, c):
    np.testing.assert_allclose(L.softmax(x + c), L.softmax(x), rtol=1e-9, atol=1e-15)
    np.testing.assert_allclose(L.logsumexp(x + c), L.logsumexp(x) + c, rtol=1e-12, atol=1e-9)


# ----------------------------------------------------------------------------
# bad inputs: one test per case, each asserting what the message says
# ----------------------------------------------------------------------------

def test_error_shape_mismatch_index_target():
    with pytest.raises(ValueError, match=r"input has shape \(3, 4\) but target has shape \(2,\)"):
        L.cross_entropy(np.zeros((3, 4)), [0, 1])


def test_error_integer_target_of_input_shape():
    with pytest.raises(ValueError, match=r"target has shape \(2, 3\).*float dtype"):
        L.cross_entropy(np.zeros((2, 3)), np.eye(3, dtype=int)[[0, 1]])


def test_error_regression_shape_mismatch():
    with pytest.raises(ValueError, match=r"input has shape \(3,\) but target has shape \(3, 1\)"):
        L.mse_loss([1.0, 2.0, 3.0], [[1.0], [2.0], [3.0]])


def test_error_label_out_of_range():
    with pytest.raises(ValueError, match=r"target has a class index 5 out of range: there are 4 classes"):
        L.cross_entropy(np.zeros((2, 4)), [0, 5])


def test_error_negative_label_that_is_not_ignore_index():
    with pytest.raises(ValueError, match=r"class index -1 out of range.*ignore_index=-100"):
        L.cross_entropy(np.zeros((2, 4)), [0, -1])


def test_error_float_labels():
    with pytest.raises(TypeError, match=r"target must hold integer class indices, got dtype float64"):
        L.cross_entropy(np.zeros((2, 4)), [0.0, 1.0])


def test_error_nan_input():
    with pytest.raises(ValueError, match=r"input contains NaN"):
        L.cross_entropy([[0.0, np.nan]], [0])


def test_error_inf_target():
    with pytest.raises(ValueError, match=r"target contains inf"):
        L.mse_loss([0.0, 1.0], [0.0, np.inf])


def test_error_empty_input():
    with pytest.raises(ValueError, match=r"input is empty"):
        L.l1_loss([], [])


def test_error_scalar_logits():
    with pytest.raises(ValueError, match=r"input must have shape \(C,\), \(N, C\)"):
        L.cross_entropy(3.0, 0)


def test_error_invalid_reduction():
    with pytest.raises(ValueError, match=r"reduction must be one of 'none', 'mean', 'sum'; got 'avg'"):
        L.cross_entropy(X, Y, reduction="avg")


def test_error_invalid_reduction_kl_div():
    with pytest.raises(ValueError, match=r"reduction must be one of .*'batchmean'"):
        L.kl_div(np.log([[0.5, 0.5]]), [[0.5, 0.5]], reduction="batch")


def test_error_bce_input_above_one():
    with pytest.raises(ValueError, match=r"input has the value 1.5 at index 1; probabilities"):
        L.binary_cross_entropy([0.5, 1.5], [1.0, 0.0])


def test_error_bce_input_negative():
    with pytest.raises(ValueError, match=r"input has the value -0.1"):
        L.binary_cross_entropy([-0.1], [1.0])


def test_error_bce_target_outside_unit_interval():
    with pytest.raises(ValueError, match=r"target has the value 2.0.*\[0, 1\]"):
        L.binary_cross_entropy_with_logits([0.1], [2.0])


def test_error_negative_probability_target():
    with pytest.raises(ValueError, match=r"target has a negative probability"):
        L.cross_entropy(np.zeros((1, 3)), np.array([[1.2, -0.2, 0.0]]))


def test_error_probability_target_not_summing_to_one():
    with pytest.raises(ValueError, match=r"target does not sum to 1 along axis 1 .*sums to 0.8999"):
        L.cross_entropy(np.zeros((2, 3)), np.array([[0.5, 0.5, 0.0], [0.3, 0.3, 0.3]]))


def test_error_ignore_index_with_probability_target():
    with pytest.raises(ValueError, match=r"ignore_index=0 is not supported with probability targets"):
        L.cross_entropy(np.zeros((1, 2)), np.array([[0.5, 0.5]]), ignore_index=0)


def test_error_temperature_not_positive():
    with pytest.raises(ValueError, match=r"temperature must be > 0.0, got 0"):
        L.distillation_loss(X, X, temperature=0)


def test_error_temperature_negative_info_nce():
    with pytest.raises(ValueError, match=r"temperature must be > 0.0, got -1"):
        L.info_nce(X, X, temperature=-1)


def test_error_label_smoothing_above_one():
    with pytest.raises(ValueError, match=r"label_smoothing must be <= 1.0, got 1.5"):
        L.cross_entropy(X, Y, label_smoothing=1.5)


def test_error_label_smoothing_negative():
    with pytest.raises(ValueError, match=r"label_smoothing must be >= 0.0, got -0.1"):
        L.cross_entropy(X, Y, label_smoothing=-0.1)


def test_error_weight_wrong_length():
    with pytest.raises(ValueError, match=r"weight has shape \(2,\) but input has shape \(4, 3\) with 3 classes"):
        L.cross_entropy(X, Y, weight=[1.0, 2.0])


def test_error_weight_negative():
    with pytest.raises(ValueError, match=r"weight has a negative entry -1.0"):
        L.nll_loss(L.log_softmax(X), Y, weight=[1.0, -1.0, 1.0])


def test_error_pos_weight_wrong_shape():
    with pytest.raises(ValueError, match=r"pos_weight has shape \(3,\), which does not broadcast to the input's shape \(2, 2\)"):
        L.binary_cross_entropy_with_logits(np.zeros((2, 2)), np.zeros((2, 2)), pos_weight=[1.0, 2.0, 3.0])


def test_error_negative_beta():
    with pytest.raises(ValueError, match=r"beta must be >= 0.0, got -1.0"):
        L.smooth_l1_loss([1.0], [0.0], beta=-1.0)


def test_error_negative_delta():
    with pytest.raises(ValueError, match=r"delta must be > 0.0, got -0.5"):
        L.huber_loss([1.0], [0.0], delta=-0.5)


def test_error_zero_delta():
    with pytest.raises(ValueError, match=r"delta must be > 0.0, got 0"):
        L.huber_loss([1.0], [0.0], delta=0)


def test_error_nll_loss_given_logits():
    with pytest.raises(ValueError, match=r"input must hold log-probabilities.*use cross_entropy"):
        L.nll_loss(X, Y)


def test_error_nll_loss_probability_target():
    with pytest.raises(TypeError, match=r"nll_loss takes no probability targets"):
        L.nll_loss(L.log_softmax(X), np.full((4, 3), 1 / 3))


def test_error_kl_div_given_probabilities_as_input():
    with pytest.raises(ValueError, match=r"input must hold log-probabilities.*not probabilities"):
        L.kl_div([[0.5, 0.5]], [[0.5, 0.5]])


def test_error_kl_div_negative_target():
    with pytest.raises(ValueError, match=r"target has the value -0.5"):
        L.kl_div(np.log([[0.5, 0.5]]), [[0.5, -0.5]])


def test_error_kl_div_log_target_positive():
    with pytest.raises(ValueError, match=r"target must hold log-probabilities"):
        L.kl_div(np.log([[0.5, 0.5]]), [[0.5, 0.5]], log_target=True)


def test_error_focal_alpha_above_one():
    with pytest.raises(ValueError, match=r"alpha must be <= 1.0, got 2"):
        L.sigmoid_focal_loss([0.0], [1.0], alpha=2)


def test_error_focal_negative_gamma():
    with pytest.raises(ValueError, match=r"gamma must be >= 0.0"):
        L.sigmoid_focal_loss([0.0], [1.0], gamma=-1)


def test_error_multi_margin_p():
    with pytest.raises(ValueError, match=r"p must be 1 or 2"):
        L.multi_margin_loss(X, Y, p=3)


def test_error_distillation_mean_reduction():
    with pytest.raises(ValueError, match=r"reduction='mean' is not accepted.*'batchmean'"):
        L.distillation_loss(X, X, reduction="mean")


def test_error_distillation_alpha():
    with pytest.raises(ValueError, match=r"alpha must be <= 1.0, got 1.5"):
        L.distillation_loss(X, X, Y, alpha=1.5)


def test_error_distillation_shapes():
    with pytest.raises(ValueError, match=r"student_logits has shape \(4, 3\) but teacher_logits has shape \(4, 2\)"):
        L.distillation_loss(X, X[:, :2])


def test_error_info_nce_zero_vector():
    with pytest.raises(ValueError, match=r"keys row 1 is all zeros"):
        L.info_nce(np.ones((2, 3)), np.array([[1.0, 0, 0], [0, 0, 0]]))


def test_error_info_nce_positive_index_out_of_range():
    with pytest.raises(ValueError, match=r"positive_index has a class index 9 out of range"):
        L.info_nce(np.ones((2, 3)), np.eye(3), positive_index=[0, 9])


def test_error_axis_and_dim_both_given():
    with pytest.raises(TypeError, match=r"pass the axis as axis= or as dim="):
        L.softmax(X, axis=0, dim=1)


def test_error_axis_out_of_range():
    with pytest.raises(ValueError, match=r"axis=2 is out of range for an array with 2 dimension"):
        L.log_softmax(X, axis=2)


def test_error_ignore_index_not_integer():
    with pytest.raises(TypeError, match=r"ignore_index must be an integer"):
        L.cross_entropy(X, Y, ignore_index=1.5)


def test_error_string_target():
    with pytest.raises(TypeError, match=r"target must be an array"):
        L.cross_entropy(X, "cat")


# ---------------------------------------------------------------------------
# PyTorch's edge cases (issue 9): masks, empty and 0-d inputs, (1,) targets
# ---------------------------------------------------------------------------

NINF = -np.inf


def test_masked_logits_hand_worked():
    assert L.softmax([NINF, 0.0]).tolist() == [0.0, 1.0]
    assert L.log_softmax([NINF, 0.0]).tolist() == [NINF, 0.0]
    assert L.logsumexp([NINF, NINF]) == NINF
    assert L.logsumexp([NINF, 0.0, 0.0]) == pytest.approx(math.log(2))
    # -inf on a non-target class: that class drops out, leaving a 2-class CE = log(1 + e^1)
    assert L.cross_entropy([[NINF, 0.0, 1.0]], [1]) == pytest.approx(math.log(1 + math.e))
    assert L.cross_entropy([[NINF, 0.0, 1.0]], [0]) == np.inf
    assert L.nll_loss([NINF, 0.0], 0) == np.inf
    # a fully masked row is fine when its target is ignored
    out = L.cross_entropy([[NINF, NINF, NINF], [0.0, 0.0, 0.0]], [-100, 1], reduction="none")
    assert out.tolist() == [0.0, pytest.approx(math.log(3))]
    # 0 * log 0 = 0: a zero probability target or a zero weight on a masked class adds nothing
    assert L.cross_entropy([[NINF, 0.0, 0.0]], [[0.0, 0.5, 0.5]]) == pytest.approx(math.log(2))
    assert L.cross_entropy([[NINF, 0.0], [0.0, 0.0]], [0, 1], weight=[0.0, 1.0], reduction="none").tolist() == [
        0.0, pytest.approx(math.log(2))]
    # label smoothing puts eps/C on the masked class: infinite loss
    assert L.cross_entropy([[NINF, 0.0, 1.0]], [1], label_smoothing=0.1) == np.inf


def test_plus_inf_in_logsumexp_and_kl_div_minus_inf():
    assert L.logsumexp([np.inf, 0.0]) == np.inf
    assert L.logsumexp([np.inf, NINF]) == np.inf
    assert L.kl_div([NINF, 0.0], [0.0, 1.0], reduction="none").tolist() == [0.0, 0.0]
    assert L.kl_div([NINF, 0.0], [0.5, 0.5], reduction="sum") == np.inf


def test_empty_and_zero_d_inputs_hand_worked():
    assert L.logsumexp(np.zeros(0)) == NINF
    assert L.logsumexp(np.zeros((2, 0)), axis=1).tolist() == [NINF, NINF]
    assert L.logsumexp(np.zeros((0, 3)), axis=1).shape == (0,)
    assert L.softmax(np.zeros(0)).shape == (0,)
    assert L.log_softmax(np.zeros((2, 0))).shape == (2, 0)
    assert L.softmax(3.0) == 1.0 and L.log_softmax(3.0) == 0.0
    assert L.logsumexp(3.0) == 3.0 and L.logsumexp(NINF) == NINF
    assert np.ndim(L.softmax(3.0)) == 0
    with pytest.raises(ValueError, match=r"axis=1 is out of range"):
        L.logsumexp(3.0, axis=1)


def test_one_element_targets_and_zero_d_multi_margin():
    x = np.array([1.0, 2.0, 3.0])
    ce = L.cross_entropy(x, [1], reduction="none")
    assert np.ndim(ce) == 0 and ce == pytest.approx(L.cross_entropy(x, 1))
    lse = math.log(math.e + math.e ** 2 + math.e ** 3)  # 3.4076
    assert ce == pytest.approx(lse - 2)
    assert L.nll_loss(L.log_softmax(x), [1], reduction="none") == pytest.approx(lse - 2)
    mm = L.multi_margin_loss(x, [1], reduction="none")  # (max(0, 1 - 2 + 1) + max(0, 1 - 2 + 3)) / 3
    assert mm.shape == (1,) and mm[0] == pytest.approx(2 / 3)
    assert L.multi_margin_loss(2.0, 0, reduction="none") == 0.0
    assert L.multi_margin_loss(2.0, [0], reduction="none").tolist() == [0.0]
    with pytest.raises(ValueError, match=r"class index 1 out of range: there are 1 classes"):
        L.multi_margin_loss(2.0, 1)
    with pytest.raises(ValueError, match=r"target has shape \(2,\)"):
        L.cross_entropy(x, [1, 2])


@pytest.mark.parametrize("call", [
    lambda: L.softmax([NINF, NINF]),
    lambda: L.log_softmax(NINF),
    lambda: L.cross_entropy([[NINF, NINF], [0.0, 0.0]], [0, 1]),
    lambda: L.cross_entropy([[NINF, NINF]], [[0.5, 0.5]]),
])
def test_error_fully_masked_row(call):
    with pytest.raises(ValueError, match=r"all -inf .*every class is masked"):
        call()


@pytest.mark.parametrize("call", [
    lambda: L.softmax([np.inf, 0.0]),
    lambda: L.log_softmax([np.inf, 0.0]),
    lambda: L.cross_entropy([[np.inf, 0.0]], [0]),
])
def test_error_plus_inf_logit(call):
    with pytest.raises(ValueError, match=r"contains \+inf .*undefined \(PyTorch returns NaN\)"):
        call()


@pytest.mark.parametrize("call", [
    lambda: L.logsumexp([0.0, np.nan]),
    lambda: L.softmax([np.nan]),
    lambda: L.kl_div([np.nan, 0.0], [0.5, 0.5]),
    lambda: L.kl_div([-1.0, 0.0], [np.nan, 0.5]),
])
def test_error_nan_everywhere(call):
    with pytest.raises(ValueError, match=r"contains NaN"):
        call()


def test_log_probability_errors_speak_the_students_language():
    # Notebook 08 prints this error in both editions (issue 16): it goes through _() and the catalogue.
    import lossnotes
    probs = np.array([[0.7, 0.2, 0.1]])
    try:
        lossnotes.set_language("zh")
        with pytest.raises(ValueError) as err:
            L.kl_div(probs, probs)
        assert "必须是对数概率" in str(err.value) and "log_softmax(logits)" in str(err.value)
        with pytest.raises(ValueError, match="cross_entropy"):
            L.nll_loss(probs, np.array([0]))
    finally:
        lossnotes.set_language("en")
    with pytest.raises(ValueError, match=r"input must hold log-probabilities .*kl_div takes log q as input"):
        L.kl_div(probs, probs)
