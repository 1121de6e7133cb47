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


# --------------------------------------------------------------------------- learning-rate sweeps (notebook 06)

LRS = 10.0 ** np.arange(-1, 4.01, 0.5)


def test_sweep_matches_train_logistic_in_one_dimension():
    for loss in ("ce", "mse"):
        sweep = training.learning_rate_sweep(X, Y, loss, w0=[-5.0], b0=0.0, lrs=[0.3, 1.0, 3.0], steps=60)
        for j, lr in enumerate([0.3, 1.0, 3.0]):
            run = train_logistic(X, Y, loss, w0=-5.0, b0=0.0, lr=lr, steps=60)
            np.testing.assert_allclose(sweep.loss[:, j], run.loss, rtol=1e-9, atol=1e-12)
            np.testing.assert_array_equal(sweep.accuracy[:, j], run.accuracy)


def test_sweep_one_step_by_hand():
    # two points, w = b = 0: CE gradient (dL/dw, dL/db) = mean((ŷ - y) x), mean(ŷ - y) = (-0.5, 0)
    sweep = training.learning_rate_sweep([[1.0], [-1.0]], [1.0, 0.0], "ce", lrs=[2.0], steps=1)
    assert sweep.loss[0, 0] == pytest.approx(math.log(2))
    z = 1.0          # after one step w = 0 - 2 * (-0.5) = 1
    assert sweep.loss[1, 0] == pytest.approx(math.log1p(math.exp(-z)))
    assert sweep.accuracy[:, 0].tolist() == [0.5, 1.0]     # z = 0 predicts class 0: one of two right
    # ½MSE: the same step times σ'(0) = 1/4
    sweep = training.learning_rate_sweep([[1.0], [-1.0]], [1.0, 0.0], "mse", lrs=[2.0], steps=1)
    assert sweep.loss[1, 0] == pytest.approx(0.5 * (1 - _sigmoid(0.25)) ** 2)


def test_steps_to_reports_first_hit_and_nan():
    s = training.LearningRateSweep(np.array([1.0, 2.0, 3.0]),
                                   np.array([[0.5, 0.5, 0.95], [0.91, 0.5, 0.2], [0.2, 0.5, 0.2]]), np.zeros((3, 3)))
    np.testing.assert_array_equal(s.steps_to(0.9), [1.0, np.nan, 0.0])
    with pytest.raises(ValueError, match="level"):
        s.steps_to(1.5)


def test_toy_larger_learning_rate_rescues_mse():
    """Notebook 06's honest finding: on the 1-D toy ½MSE at lr = 100 beats CE at lr = 1."""
    ce = training.learning_rate_sweep(X, Y, "ce", w0=[-5.0], lrs=LRS).steps_to(0.9)
    mse = training.learning_rate_sweep(X, Y, "mse", w0=[-5.0], lrs=LRS).steps_to(0.9)
    assert ce[LRS == 1.0][0] == 5 and mse[LRS == 1.0][0] == 230
    assert mse[LRS == 100.0][0] == 4 < ce[LRS == 1.0][0]


def test_mixed_saturation_data_shapes_and_saturation_spread():
    X2, y2, group = training.mixed_saturation_data(seed=0)
    assert X2.shape == (120, 2) and y2.shape == group.shape == (120,)
    assert set(np.unique(y2)) == {0.0, 1.0} and np.all(y2[group == 1] == 1.0)
    X2b, _, _ = training.mixed_saturation_data(seed=0)
    np.testing.assert_array_equal(X2, X2b)                      # seeded
    z = X2 @ np.array([3.0, 0.0])
    s = _sigmoid(z) * (1 - _sigmoid(z))
    assert np.all(z[group == 1] < 0)                            # the minority starts wrong
    assert np.mean((z > 0) == (y2 > 0.5)) == pytest.approx(100 / 120)
    assert s.max() / s.min() > 1e3                              # σ'(z) spans over three decades


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_mixed_saturation_ce_works_at_every_rate_mse_only_in_a_band(seed):
    X2, y2, _ = training.mixed_saturation_data(seed=seed)
    lrs = 10.0 ** np.arange(0, 4.01, 0.5)
    ce = training.learning_rate_sweep(X2, y2, "ce", w0=[3.0, 0.0], lrs=lrs).steps_to(0.95)
    mse = training.learning_rate_sweep(X2, y2, "mse", w0=[3.0, 0.0], lrs=lrs).steps_to(0.95)
    assert not np.isnan(ce).any() and ce.max() <= 10            # CE: every rate, within 10 steps
    assert np.isnan(mse[lrs >= 3000]).any()                     # ½MSE fails at some very large rate
    assert mse[0] > 50                                          # ... and crawls at lr = 1


def test_sweep_rejects_bad_input():
    with pytest.raises(ValueError, match="lrs"):
        training.learning_rate_sweep(X, Y, lrs=[1.0, -1.0])
    with pytest.raises(ValueError, match="w0"):
        training.learning_rate_sweep(X, Y, w0=[1.0, 2.0])
    with pytest.raises(ValueError, match="y"):
        training.learning_rate_sweep(X, Y[:-1])
    with pytest.raises(ValueError, match="loss"):
        training.learning_rate_sweep(X, Y, loss="hinge")
    with pytest.raises(ValueError, match="X"):
        training.learning_rate_sweep(np.zeros((2, 2, 2)), [0.0, 1.0])
    with pytest.raises(TypeError, match="steps"):
        training.learning_rate_sweep(X, Y, steps=2.5)
    with pytest.raises(ValueError, match="n_minority"):
        training.mixed_saturation_data(n_minority=0)
