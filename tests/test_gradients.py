"""Every analytic gradient in lossnotes.gradients against central differences, plus gradcheck itself."""

import warnings

import numpy as np
import pytest

from lossnotes import gradients as G
from lossnotes import losses as L
from lossnotes.gradcheck import (
    GradCheckResult,
    assert_gradient_close,
    check_gradient,
    numerical_gradient,
)

RNG = np.random.default_rng(12345)


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


# ----------------------------------------------------------------------------
# softmax + CE / MSE
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(5,), (4, 5), (3, 4, 2)])
def test_softmax_cross_entropy_index_target(shape):
    z = RNG.normal(size=shape) * 2
    C = shape[0] if len(shape) == 1 else shape[1]
    idx_shape = () if len(shape) == 1 else shape[:1] + shape[2:]
    y = RNG.integers(0, C, size=idx_shape)
    f = lambda v: L.cross_entropy(v, y, reduction="sum")
    assert_gradient_close(f, lambda v: G.softmax_cross_entropy(v, y), z)


@pytest.mark.parametrize("shape", [(5,), (4, 5), (3, 4, 2)])
def test_softmax_cross_entropy_probability_target(shape):
    z = RNG.normal(size=shape)
    axis = 0 if len(shape) == 1 else 1
    p = L.softmax(RNG.normal(size=shape), axis=axis)
    f = lambda v: L.cross_entropy(v, p, reduction="sum")
    assert_gradient_close(f, lambda v: G.softmax_cross_entropy(v, p), z)


def test_softmax_cross_entropy_mean_reduction_divides_by_n():
    z = RNG.normal(size=(6, 3))
    y = RNG.integers(0, 3, size=6)
    assert_gradient_close(lambda v: L.cross_entropy(v, y), G.softmax_cross_entropy(z, y) / 6, z)


@pytest.mark.parametrize("shape", [(4,), (5, 4), (2, 4, 3)])
def test_softmax_mse(shape):
    z = RNG.normal(size=shape) * 2
    axis = 0 if len(shape) == 1 else 1
    C = shape[axis]
    idx_shape = () if len(shape) == 1 else shape[:1] + shape[2:]
    y = RNG.integers(0, C, size=idx_shape)
    onehot = np.moveaxis(np.eye(C)[y], -1, axis)

    def f(v):
        return np.sum((L.softmax(v, axis=axis) - onehot) ** 2)

    assert_gradient_close(f, lambda v: G.softmax_mse(v, y), z)
    p = L.softmax(RNG.normal(size=shape), axis=axis)
    assert_gradient_close(lambda v: np.sum((L.softmax(v, axis=axis) - p) ** 2),
                          lambda v: G.softmax_mse(v, p), z)


def test_semantics_confident_mistake_example():
    z = np.array([0.0, 4.0, 10.0])  # softmax = [4.5e-5, 0.0025, 0.9975]
    np.testing.assert_allclose(L.softmax(z), [4.5e-5, 0.0025, 0.9975], rtol=0.02)
    ce = G.softmax_cross_entropy(z, 0)
    mse = G.softmax_mse(z, 0)
    np.testing.assert_allclose(ce, [-1.0, 0.0025, 0.9975], atol=1e-4)
    np.testing.assert_allclose(mse, [-0.00018, -0.0049, 0.0051], rtol=0.03)
    assert np.abs(ce).max() / np.abs(mse).max() > 150
    # the SEMANTICS probabilities verbatim, as logits log q
    q = np.array([4.5e-5, 0.0025, 0.9975])
    np.testing.assert_allclose(G.softmax_mse(np.log(q), 0), [-0.00018, -0.0049, 0.0051], rtol=0.03)


# ----------------------------------------------------------------------------
# sigmoid + BCE / MSE and the logistic model
# ----------------------------------------------------------------------------

def test_sigmoid_bce():
    z = RNG.normal(size=(3, 4)) * 3
    y = RNG.uniform(size=(3, 4))
    f = lambda v: L.binary_cross_entropy_with_logits(v, y, reduction="sum")
    assert_gradient_close(f, lambda v: G.sigmoid_bce(v, y), z)


def test_sigmoid_mse_has_the_half():
    z = RNG.normal(size=7) * 3
    y = (RNG.uniform(size=7) > 0.5).astype(float)
    f = lambda v: np.sum(0.5 * (_sigmoid(v) - y) ** 2)
    assert_gradient_close(f, lambda v: G.sigmoid_mse(v, y), z)


def test_sigmoid_mse_vanishes_for_a_confident_mistake():
    assert abs(G.sigmoid_mse(-10.0, 1.0)) < 1e-4
    assert G.sigmoid_bce(-10.0, 1.0) == pytest.approx(-1.0, abs=1e-4)


@pytest.mark.parametrize("kind", ["bce", "mse"])
def test_logistic_wb(kind):
    x = RNG.normal(size=9)
    y = (RNG.uniform(size=9) > 0.5).astype(float)

    def f(wb):
        p = _sigmoid(wb[0] * x + wb[1])
        if kind == "bce":
            return L.binary_cross_entropy_with_logits(wb[0] * x + wb[1], y)
        return np.mean(0.5 * (p - y) ** 2)

    fn = G.logistic_bce_wb if kind == "bce" else G.logistic_mse_wb
    for w, b in [(0.7, -0.3), (-2.0, 1.5), (5.0, 0.0)]:
        assert_gradient_close(f, np.array(fn(w, b, x, y)), np.array([w, b]))


def test_logistic_wb_broadcasts_over_a_grid():
    x = np.array([1.0, -1.0, 2.0])
    y = np.array([1.0, 0.0, 1.0])
    W, B = np.meshgrid(np.linspace(-2, 2, 4), np.linspace(-1, 1, 3))
    dw, db = G.logistic_bce_wb(W, B, x, y)
    assert dw.shape == db.shape == (3, 4)
    assert dw[1, 2] == pytest.approx(G.logistic_bce_wb(W[1, 2], B[1, 2], x, y)[0])


# ----------------------------------------------------------------------------
# regression
# ----------------------------------------------------------------------------

def _away_from(d, points, gap=1e-3):
    """Move entries of d that are within gap of a kink out of the way."""
    for p in points:
        d = np.where(np.abs(d - p) < gap, d + 10 * gap, d)
    return d


def test_mse_gradient():
    x, t = RNG.normal(size=8), RNG.normal(size=8)
    assert_gradient_close(lambda v: L.mse_loss(v, t, reduction="sum"), lambda v: G.mse(v, t), x)


def test_l1_gradient():
    t = RNG.normal(size=8)
    x = t + _away_from(RNG.normal(size=8), [0.0])
    assert_gradient_close(lambda v: L.l1_loss(v, t, reduction="sum"), lambda v: G.l1(v, t), x)
    np.testing.assert_array_equal(G.l1([1.0, 2.0], [1.0, 3.0]), [0.0, -1.0])  # 0 at 0, as torch


@pytest.mark.parametrize("beta", [0.0, 0.5, 1.0, 2.5])
def test_smooth_l1_gradient(beta):
    t = RNG.normal(size=10)
    x = t + _away_from(RNG.normal(size=10) * 2, [0.0, beta, -beta])
    assert_gradient_close(lambda v: L.smooth_l1_loss(v, t, reduction="sum", beta=beta),
                          lambda v: G.smooth_l1(v, t, beta=beta), x)


@pytest.mark.parametrize("delta", [0.5, 1.0, 2.5])
def test_huber_gradient(delta):
    t = RNG.normal(size=10)
    x = t + _away_from(RNG.normal(size=10) * 2, [delta, -delta])
    assert_gradient_close(lambda v: L.huber_loss(v, t, reduction="sum", delta=delta),
                          lambda v: G.huber(v, t, delta=delta), x)
    np.testing.assert_allclose(G.huber(x, t, delta=delta), delta * G.smooth_l1(x, t, beta=delta))


# ----------------------------------------------------------------------------
# distillation
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("T", [1.0, 4.0])
@pytest.mark.parametrize("shape", [(5,), (3, 5)])
def test_distillation_gradient(T, shape):
    z, v = RNG.normal(size=shape) * 3, RNG.normal(size=shape) * 3
    p = L.softmax(v / T)

    def soft_ce(zz):  # C = -sum p log q, summed over samples
        return -np.sum(p * L.log_softmax(zz / T))

    assert_gradient_close(soft_ce, lambda zz: G.distillation(zz, v, T), z)
    # KL has the same gradient (H(p) does not depend on the student)
    assert_gradient_close(lambda zz: L.kl_div(L.log_softmax(zz / T), p, reduction="sum"),
                          lambda zz: G.distillation(zz, v, T), z)


def test_distillation_loss_gradient_combines_the_terms():
    z, v = RNG.normal(size=(4, 5)), RNG.normal(size=(4, 5))
    y = np.array([0, 4, 2, 2])
    T, a = 3.0, 0.8
    grad = (a * T * T * G.distillation(z, v, T) + (1 - a) * G.softmax_cross_entropy(z, y)) / 4
    assert_gradient_close(lambda zz: L.distillation_loss(zz, v, y, temperature=T, alpha=a), grad, z)


def test_hinton_high_temperature_limit_within_4_percent():
    # 10 classes, T = 20, unit-scale logits (Hinton et al.'s setting): the approximation's
    # relative error over a batch is about 3%; it grows with |logits| / T.
    rng = np.random.default_rng(0)
    z = rng.normal(size=(200, 10))
    v = rng.normal(size=(200, 10))

    def rel_error(T):
        exact = G.distillation(z, v, T)
        return np.linalg.norm(G.distillation_high_temperature_limit(z, v, T) - exact) / np.linalg.norm(exact)

    assert rel_error(20.0) < 0.04
    assert rel_error(40.0) < rel_error(20.0) / 1.8      # error ~ 1/T
    assert rel_error(1.0) > 0.3                         # not an approximation at low T


def test_high_temperature_limit_is_the_gradient_of_logit_matching():
    z, v, T = RNG.normal(size=6), RNG.normal(size=6), 10.0

    def matching(zz):
        d = (zz - zz.mean()) - (v - v.mean())
        return np.sum(d * d) / (2 * 6 * T * T)

    assert_gradient_close(matching, lambda zz: G.distillation_high_temperature_limit(zz, v, T), z)


def test_gradients_keep_float32():
    z = np.array([[0.0, 4.0, 10.0]], dtype=np.float32)
    for g in (G.softmax_cross_entropy(z, [0]), G.softmax_mse(z, [0]), G.sigmoid_bce(z, np.ones_like(z)),
              G.sigmoid_mse(z, np.ones_like(z)), G.mse(z, z), G.l1(z, z), G.smooth_l1(z, z), G.huber(z, z),
              G.distillation(z, z, 2.0), G.distillation_high_temperature_limit(z, z, 2.0)):
        assert g.dtype == np.float32


def test_gradients_large_logits_are_finite():
    z = np.array([[1e4, -1e4, 0.0]])
    for g in (G.softmax_cross_entropy(z, [1]), G.softmax_mse(z, [1]), G.sigmoid_bce(z, np.zeros_like(z)),
              G.sigmoid_mse(z, np.zeros_like(z)), G.distillation(z, -z, 0.5)):
        assert np.all(np.isfinite(g))
    np.testing.assert_allclose(G.softmax_cross_entropy(z, [1]), [[1.0, -1.0, 0.0]])


def test_gradient_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"logits has shape \(2, 3\) but target has shape \(3,\)"):
        G.softmax_cross_entropy(np.zeros((2, 3)), [0, 1, 2])
    with pytest.raises(ValueError, match=r"temperature must be > 0"):
        G.distillation([1.0, 2.0], [1.0, 2.0], 0.0)
    with pytest.raises(ValueError, match=r"y has the value 2.0"):
        G.sigmoid_bce([0.0], [2.0])
    with pytest.raises(ValueError, match=r"x must be 1-D"):
        G.logistic_bce_wb(1.0, 0.0, np.zeros((2, 2)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"pred has shape \(2,\) but target has shape \(3,\)"):
        G.mse([1.0, 2.0], [1.0, 2.0, 3.0])


# ----------------------------------------------------------------------------
# gradcheck itself
# ----------------------------------------------------------------------------

def test_gradcheck_detects_a_wrong_gradient():
    z = RNG.normal(size=(3, 4))
    y = np.array([0, 3, 1])
    f = lambda v: L.cross_entropy(v, y, reduction="sum")
    wrong = lambda v: L.softmax(v)  # forgot "- y"
    res = check_gradient(f, wrong, z)
    assert isinstance(res, GradCheckResult)
    assert not res.ok and not res
    assert res.max_abs_error > 0.5
    with pytest.raises(AssertionError, match=r"max abs error .* worst at index \(\d, \d\): analytic .* numerical"):
        assert_gradient_close(f, wrong, z)
    # off by a factor of N (forgetting the mean's 1/N) is caught too
    assert not check_gradient(lambda v: L.cross_entropy(v, y), G.softmax_cross_entropy(z, y), z)
    # the MSE gradient is not the CE gradient
    assert not check_gradient(f, lambda v: G.softmax_mse(v, y), z)


def test_gradcheck_result_is_readable_and_truthy():
    res = check_gradient(lambda v: np.sum(v ** 2), lambda v: 2 * v, np.array([1.0, -3.0]))
    assert res.ok and bool(res)
    abs_err, rel_err, ok = res
    assert ok and abs_err < 1e-8 and rel_err < 1e-8
    assert repr(res).startswith("GradCheckResult(ok=True, max_abs_error=")
    assert repr(check_gradient(lambda v: np.sum(v ** 2), lambda v: v, [2.0])) == \
        "GradCheckResult(ok=False, max_abs_error=2, max_rel_error=0.5)"


def test_gradcheck_never_raises_on_a_mismatch():
    f = lambda v: np.sum(v ** 2)
    res = check_gradient(f, np.zeros(3), np.ones(2))  # wrong shape
    assert not res.ok and res.max_abs_error == np.inf
    assert not check_gradient(f, lambda v: np.full(2, np.nan), np.ones(2)).ok
    with pytest.raises(AssertionError, match=r"shape \(3,\), x has shape \(2,\)"):
        assert_gradient_close(f, np.zeros(3), np.ones(2))


def test_numerical_gradient_any_shape_and_does_not_modify_x():
    x = RNG.normal(size=(2, 3, 2))
    x0 = x.copy()
    g = numerical_gradient(lambda v: np.sum(np.sin(v)), x)
    np.testing.assert_allclose(g, np.cos(x), atol=1e-8)
    np.testing.assert_array_equal(x, x0)
    assert numerical_gradient(lambda v: v ** 3, 2.0) == pytest.approx(12.0)
    assert numerical_gradient(lambda v: np.sum(v), np.float32(1.5)).dtype == np.float64


def test_gradcheck_argument_errors():
    with pytest.raises(TypeError, match=r"f must return a scalar, got an array of shape \(2,\)"):
        numerical_gradient(lambda v: v, np.ones(2))
    with pytest.raises(ValueError, match=r"eps must be > 0"):
        numerical_gradient(lambda v: np.sum(v), np.ones(2), eps=0)
    with pytest.raises(TypeError, match=r"f must be a callable"):
        numerical_gradient(3.0, np.ones(2))
    with pytest.raises(ValueError, match=r"x contains NaN"):
        check_gradient(lambda v: np.sum(v), np.ones(2), [1.0, np.nan])
