"""The analytic focal-loss gradient (lossnotes.gradients.sigmoid_focal), notebook 09."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossnotes import gradients as G
from lossnotes import losses as L
from lossnotes.gradcheck import check_gradient


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _sum_loss(t, alpha, gamma):
    return lambda v: L.sigmoid_focal_loss(v, t, alpha=alpha, gamma=gamma, reduction="sum")


def test_hand_worked_value_at_zero_logit():
    # x = 0, t = 1: p = p_t = 1/2, gradient (1 - p_t)^γ (γ p_t ln p_t + p_t - 1) = 0.25 (ln 0.5 - 0.5).
    g = G.sigmoid_focal(np.array([0.0]), np.array([1.0]), alpha=-1, gamma=2)
    assert g[0] == pytest.approx(0.25 * (math.log(0.5) - 0.5), rel=1e-12)
    # With α = 0.25 the positive's gradient is a quarter of that; a negative at x = 0 mirrors it times 0.75.
    assert G.sigmoid_focal([0.0], [1.0])[0] == pytest.approx(0.25 * 0.25 * (math.log(0.5) - 0.5))
    assert G.sigmoid_focal([0.0], [0.0])[0] == pytest.approx(-0.75 * 0.25 * (math.log(0.5) - 0.5))


def test_lin_et_al_appendix_formula():
    # dFL/dx = y (1 - p_t)^γ (γ p_t ln p_t + p_t - 1), y = ±1, without α.
    rng = np.random.default_rng(0)
    x = rng.normal(0, 3, 50)
    t = rng.integers(0, 2, 50).astype(float)
    y = 2 * t - 1
    p = 1 / (1 + np.exp(-x))
    pt = np.where(t == 1, p, 1 - p)
    for gamma in (0.0, 0.5, 2.0, 5.0):
        expected = y * (1 - pt) ** gamma * (gamma * pt * np.log(pt) + pt - 1)
        assert np.allclose(G.sigmoid_focal(x, t, alpha=-1, gamma=gamma), expected, rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("alpha", [-1.0, 0.25, 0.9])
@pytest.mark.parametrize("gamma", [0.0, 0.5, 1.0, 2.0, 3.7])
def test_finite_differences(alpha, gamma):
    rng = np.random.default_rng(7)
    x = rng.normal(0, 2.5, (4, 3))
    t = np.concatenate([rng.integers(0, 2, 6).astype(float), rng.uniform(0, 1, 6)]).reshape(4, 3)
    res = check_gradient(_sum_loss(t, alpha, gamma), lambda v: G.sigmoid_focal(v, t, alpha, gamma), x)
    assert res.ok, res


def test_gamma_zero_without_alpha_is_bce():
    x = np.linspace(-8, 8, 33)
    t = np.tile([0.0, 1.0, 0.3], 11)
    assert np.allclose(G.sigmoid_focal(x, t, alpha=-1, gamma=0), G.sigmoid_bce(x, t), atol=1e-15)


def test_extreme_logits_are_finite():
    x = np.array([-800.0, 800.0, -800.0, 800.0])
    t = np.array([1.0, 1.0, 0.0, 0.0])
    g = G.sigmoid_focal(x, t, alpha=-1, gamma=0.5)
    assert np.all(np.isfinite(g))
    # Confidently right: no push; confidently wrong: p - t = ∓1 with a modulating factor of 1.
    assert g[1] == 0.0 and g[2] == 0.0
    assert g[0] == pytest.approx(-1.0) and g[3] == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(x=st.floats(-12, 12), t=st.sampled_from([0.0, 1.0]), gamma=st.floats(0, 5))
def test_focal_pushes_the_same_way_as_bce(x, t, gamma):
    g = G.sigmoid_focal([x], [t], alpha=-1, gamma=gamma)[0]
    bce = G.sigmoid_bce([x], [t])[0]
    assert g * bce >= 0            # same sign: never pushes the wrong way
    assert abs(g) <= abs(bce) * (1 + gamma) + 1e-12


def test_bad_input():
    with pytest.raises(ValueError, match="gamma"):
        G.sigmoid_focal([0.0], [1.0], gamma=-1)
    with pytest.raises(ValueError, match="alpha"):
        G.sigmoid_focal([0.0], [1.0], alpha=1.5)
    with pytest.raises(ValueError):
        G.sigmoid_focal([0.0, 1.0], [1.0])
    with pytest.raises(ValueError):
        G.sigmoid_focal([0.0], [2.0])


def test_torch_autograd():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    x = rng.normal(0, 2, 20)
    t = rng.integers(0, 2, 20).astype(float)
    xt = torch.tensor(x, requires_grad=True)
    tt = torch.tensor(t)
    p = torch.sigmoid(xt)
    ce = torch.nn.functional.binary_cross_entropy_with_logits(xt, tt, reduction="none")
    pt = p * tt + (1 - p) * (1 - tt)
    loss = ((0.25 * tt + 0.75 * (1 - tt)) * ce * (1 - pt) ** 2).sum()   # torchvision's formula
    loss.backward()
    assert np.allclose(G.sigmoid_focal(x, t, 0.25, 2.0), xt.grad.numpy(), rtol=1e-9, atol=1e-12)
