"""Tests for lossnotes.training: values by hand, gradients and Hessians against
finite differences, convexity facts, seeding and input errors."""

import doctest
import math

import numpy as np
import pytest

import lossnotes.training as training
from lossnotes import gradcheck, losses
from lossnotes.training import (
    logistic_gradient,
    logistic_hessian,
    logistic_loss,
    loss_surface,
    train_logistic,
    two_class_data,
)

X, Y = two_class_data(20, mean=1.0, std=1.0, seed=0)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_doctests():
    result = doctest.testmod(training, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_two_class_data_is_seeded_and_shaped():
    x1, y1 = two_class_data(5, seed=3)
    x2, y2 = two_class_data(5, seed=3)
    x3, _ = two_class_data(5, seed=4)
    np.testing.assert_array_equal(x1, x2)
    assert not np.array_equal(x1, x3)
    assert y1.tolist() == [0.0] * 5 + [1.0] * 5
    assert x1[:5].mean() < 0 < x1[5:].mean()


def test_logistic_loss_matches_the_formulas_and_lossnotes_losses():
    w, b = 0.7, -0.2
    z = w * X + b
    p = _sigmoid(z)
    ce = -np.mean(Y * np.log(p) + (1 - Y) * np.log(1 - p))
    assert logistic_loss(w, b, X, Y) == pytest.approx(ce, rel=1e-12)
    assert logistic_loss(w, b, X, Y) == pytest.approx(float(losses.binary_cross_entropy_with_logits(z, Y)))
    assert logistic_loss(w, b, X, Y, loss="mse") == pytest.approx(0.5 * float(losses.mse_loss(p, Y)))


def test_logistic_loss_is_stable_when_saturated():
    # z = ±500: sigmoid-then-log would give inf; the logit form is exact
    assert logistic_loss(500.0, 0.0, [1.0], [0.0]) == pytest.approx(500.0)
    assert logistic_loss(500.0, 0.0, [1.0], [1.0]) == pytest.approx(0.0, abs=1e-200)
    assert logistic_loss(-500.0, 0.0, [1.0], [1.0], loss="mse") == pytest.approx(0.5)


def test_logistic_loss_broadcasts_over_grids():
    w = np.linspace(-2, 2, 4)[:, None]
    b = np.linspace(-1, 1, 3)[None, :]
    L = logistic_loss(w, b, X, Y)
    assert L.shape == (4, 3)
    assert L[1, 2] == pytest.approx(logistic_loss(float(w[1, 0]), float(b[0, 2]), X, Y))


@pytest.mark.parametrize("loss", ["ce", "mse"])
@pytest.mark.parametrize("point", [(-5.0, 0.0), (-1.0, 0.3), (0.0, 0.0), (2.5, -1.0)])
def test_gradient_matches_finite_differences(loss, point):
    f = lambda v: logistic_loss(v[0], v[1], X, Y, loss=loss)  # noqa: E731
    g = logistic_gradient(point[0], point[1], X, Y, loss=loss)
    assert gradcheck.check_gradient(f, g, np.array(point), rtol=1e-5, atol=1e-9).ok


@pytest.mark.parametrize("loss", ["ce", "mse"])
@pytest.mark.parametrize("point", [(-5.0, 0.0), (-1.0, 0.3), (2.5, -1.0)])
def test_hessian_matches_finite_differences_of_the_gradient(loss, point):
    p = np.array(point)
    H = logistic_hessian(p[0], p[1], X, Y, loss=loss)
    num = np.array([
        gradcheck.numerical_gradient(lambda v: logistic_gradient(v[0], v[1], X, Y, loss=loss)[i], p)
        for i in range(2)
    ])
    np.testing.assert_allclose(H, num, atol=1e-7)
    np.testing.assert_allclose(H, H.T)


def test_gradient_ratio_is_one_over_sigma_prime_for_one_example():
    # one positive example at x = 1: ratio of the w-gradients is 1 / (ŷ(1 - ŷ))
    for w in (-6.0, -1.0, 0.0):
        yhat = _sigmoid(w)
        gce = logistic_gradient(w, 0.0, [1.0], [1.0])
        gmse = logistic_gradient(w, 0.0, [1.0], [1.0], loss="mse")
        assert gce[0] / gmse[0] == pytest.approx(1 / (yhat * (1 - yhat)))


def test_convexity_facts_on_a_grid():
    W, B = np.meshgrid(np.linspace(-8, 8, 41), np.linspace(-6, 6, 31))
    eig_ce = np.linalg.eigvalsh(logistic_hessian(W, B, X, Y))
    eig_mse = np.linalg.eigvalsh(logistic_hessian(W, B, X, Y, loss="mse"))
    assert eig_ce.shape == W.shape + (2,)
    assert eig_ce.min() >= -1e-12
    assert eig_mse[..., 0].min() < -0.05
    # one example, y = 1: the ½MSE curvature in z changes sign at ŷ = 1/3, z = -ln 2
    for z, sign in [(-math.log(2) - 0.05, -1), (-math.log(2) + 0.05, 1)]:
        h = logistic_hessian(0.0, z, [0.0], [1.0], loss="mse")[1, 1]
        assert np.sign(h) == sign


def test_loss_surface_matches_pointwise_loss():
    ws, bs = np.linspace(-3, 3, 7), np.linspace(-2, 2, 5)
    S = loss_surface(X, Y, ws, bs, loss="mse")
    assert S.shape == (5, 7)
    assert S[4, 1] == pytest.approx(logistic_loss(ws[1], bs[4], X, Y, loss="mse"))


def test_training_from_a_confident_mistake():
    kw = dict(w0=-5.0, b0=0.0, lr=1.0, steps=300)
    ce = train_logistic(X, Y, "ce", **kw)
    mse = train_logistic(X, Y, "mse", **kw)
    assert len(ce.loss) == len(ce.w) == len(ce.accuracy) == 301
    assert ce.w[0] == -5.0 and ce.loss[0] == pytest.approx(logistic_loss(-5.0, 0.0, X, Y))
    assert ce.grad_norm[0] == pytest.approx(np.hypot(*logistic_gradient(-5.0, 0.0, X, Y)))
    # CE recovers at once, MSE crawls along a plateau first
    assert np.argmax(ce.accuracy >= 0.9) <= 10
    assert np.argmax(mse.accuracy >= 0.9) > 100
    assert mse.loss[50] > 0.98 * mse.loss[0]
    assert ce.loss[10] < 0.1 * ce.loss[0]
    # plain gradient descent: loss never increases for this small learning rate
    assert np.all(np.diff(ce.loss) <= 1e-12)
    # one step by hand
    gw, gb = logistic_gradient(-5.0, 0.0, X, Y)
    assert ce.w[1] == pytest.approx(-5.0 - gw) and ce.b[1] == pytest.approx(-gb)


def test_minibatch_training_is_seeded():
    a = train_logistic(X, Y, "ce", lr=0.5, steps=30, batch_size=8, seed=1)
    b = train_logistic(X, Y, "ce", lr=0.5, steps=30, batch_size=8, seed=1)
    c = train_logistic(X, Y, "ce", lr=0.5, steps=30, batch_size=8, seed=2)
    np.testing.assert_array_equal(a.w, b.w)
    assert not np.array_equal(a.w, c.w)
    full = train_logistic(X, Y, "ce", lr=0.5, steps=3, batch_size=1000)   # batch >= N: full batch
    np.testing.assert_allclose(full.w, train_logistic(X, Y, "ce", lr=0.5, steps=3).w)


def test_zero_steps_records_the_start():
    h = train_logistic([1.0, -1.0], [1.0, 0.0], w0=0.0, steps=0)
    assert h.loss.tolist() == pytest.approx([math.log(2)])


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: logistic_loss(0.0, 0.0, X, Y, loss="hinge"), ValueError, "loss"),
        (lambda: logistic_loss(0.0, 0.0, X[:, None], Y), ValueError, "x must be 1-D"),
        (lambda: logistic_loss(0.0, 0.0, X, Y[:-1]), ValueError, "y has shape"),
        (lambda: logistic_loss(0.0, 0.0, [1.0], [2.0]), ValueError, "y must hold binary targets"),
        (lambda: logistic_loss(np.zeros(3), np.zeros(2), X, Y), ValueError, "do not broadcast"),
        (lambda: logistic_loss(np.nan, 0.0, X, Y), ValueError, "w contains NaN"),
        (lambda: loss_surface(X, Y, np.zeros((2, 2)), [0.0]), ValueError, "w_values must be 1-D"),
        (lambda: train_logistic(X, Y, lr=0.0), ValueError, "lr"),
        (lambda: train_logistic(X, Y, steps=-1), ValueError, "steps"),
        (lambda: train_logistic(X, Y, steps=2.5), TypeError, "steps"),
        (lambda: train_logistic(X, Y, batch_size=0), ValueError, "batch_size"),
        (lambda: train_logistic(X, Y, seed=-1), ValueError, "seed"),
        (lambda: two_class_data(0), ValueError, "n_per_class"),
        (lambda: two_class_data(3, std=0.0), ValueError, "std"),
    ],
)
def test_input_errors_name_the_argument(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
