"""Tests for lossnotes.fitting: line fits under L2, L1, Smooth L1 and Huber.

Oracles: NumPy's least squares for L2, SciPy's linear programming for L1 (the
exact optimum), SciPy's minimiser for Huber and Smooth L1; plus the facts the
notebook teaches (Smooth L1(β) and Huber(δ = β) share their minimiser; a large
δ gives least squares; a constant fit under L2/L1 is the mean/median).
"""

import doctest

import numpy as np
import pytest
from scipy.optimize import linprog, minimize

import lossnotes.fitting as fitting
from lossnotes import losses
from lossnotes.fitting import fit_line, irls_weights, line_loss, make_line_data


def _l1_oracle(x, y):
    """Exact L1 line via the linear programme min Σu, -u <= y - ax - b <= u."""
    n = len(x)
    c = np.r_[0.0, 0.0, np.ones(n)]
    a = np.zeros((2 * n, n + 2))
    a[:n, 0], a[:n, 1], a[:n, 2:] = -x, -1, -np.eye(n)
    a[n:, 0], a[n:, 1], a[n:, 2:] = x, 1, -np.eye(n)
    res = linprog(c, A_ub=a, b_ub=np.r_[-y, y], bounds=[(None, None)] * 2 + [(0, None)] * n)
    assert res.success
    return res.x[:2]


def test_doctests():
    assert doctest.testmod(fitting).failed == 0


@pytest.mark.parametrize("seed", range(4))
def test_l2_is_least_squares(seed):
    d = make_line_data(seed=seed, outlier_size=7.0)
    slope, intercept = np.polyfit(d.x, d.y, 1)
    f = fit_line(d.x, d.y, "l2")
    assert f.slope == pytest.approx(slope, rel=1e-12)
    assert f.intercept == pytest.approx(intercept, rel=1e-12, abs=1e-12)
    assert f.n_iter == 0
    assert fit_line(d.x, d.y, "mse") == f


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("size", [0.0, 3.0, 25.0])
@pytest.mark.parametrize("n", [7, 30, 31])
def test_l1_is_the_exact_optimum(seed, size, n):
    d = make_line_data(n=n, seed=seed, outlier_size=size, n_outliers=min(4, n // 2))
    f = fit_line(d.x, d.y, "l1")
    a, b = _l1_oracle(d.x, d.y)
    best = line_loss(a, b, d.x, d.y, "l1")
    assert line_loss(f.slope, f.intercept, d.x, d.y, "l1") <= best + 1e-12
    # An L1 line passes through two data points.
    r = np.abs(d.y - (f.slope * d.x + f.intercept))
    assert np.sum(r < 1e-9) >= 2


def test_l1_non_unique_optimum_returns_a_line_through_two_points():
    # Hand-worked: at x = 0 and at x = 1 the targets are 0 and 2, so every line with a value in
    # [0, 2] at both x costs |0 - v| + |2 - v| = 2 per x: total 4, mean 1.  The descent (not IRLS)
    # returns one of these optima, exactly through two of the data points.
    x = np.array([0.0, 0.0, 1.0, 1.0])
    y = np.array([0.0, 2.0, 0.0, 2.0])
    f = fit_line(x, y, "l1")
    assert line_loss(f.slope, f.intercept, x, y, "l1") == pytest.approx(1.0, abs=1e-15)
    assert np.sum(np.abs(y - (f.slope * x + f.intercept)) < 1e-12) >= 2
    assert 1 <= f.n_iter <= 3
    assert fit_line(x, y, "l1") == f                     # deterministic


@pytest.mark.parametrize("loss,kw", [("huber", {"delta": 1.0}), ("huber", {"delta": 0.3}),
                                     ("smooth_l1", {"beta": 2.0}), ("smooth_l1", {"beta": 0.5})])
@pytest.mark.parametrize("seed", range(3))
def test_huber_and_smooth_l1_match_a_generic_minimiser(loss, kw, seed):
    d = make_line_data(seed=seed, outlier_size=12.0)
    f = fit_line(d.x, d.y, loss, **kw)
    res = minimize(lambda p: line_loss(p[0], p[1], d.x, d.y, loss, **kw), [0.0, 0.0],
                   method="Nelder-Mead", options={"xatol": 1e-11, "fatol": 1e-15, "maxiter": 20000})
    assert f.slope == pytest.approx(res.x[0], abs=1e-6)
    assert f.intercept == pytest.approx(res.x[1], abs=1e-6)
    assert line_loss(f.slope, f.intercept, d.x, d.y, loss, **kw) <= res.fun + 1e-12
    assert 1 <= f.n_iter < 100


@pytest.mark.parametrize("t", [0.2, 1.0, 3.0])
def test_smooth_l1_beta_and_huber_delta_share_the_minimiser(t):
    d = make_line_data(seed=5, outlier_size=15.0)
    s = fit_line(d.x, d.y, "smooth_l1", beta=t)
    h = fit_line(d.x, d.y, "huber", delta=t)
    assert s.slope == pytest.approx(h.slope, rel=1e-9)
    assert s.intercept == pytest.approx(h.intercept, rel=1e-9, abs=1e-9)
    # ... while the losses differ by the factor t.
    assert line_loss(1.0, 0.0, d.x, d.y, "huber", delta=t) == pytest.approx(
        t * line_loss(1.0, 0.0, d.x, d.y, "smooth_l1", beta=t), rel=1e-12)


def test_limits_large_delta_is_l2_small_beta_is_l1():
    d = make_line_data(seed=1, outlier_size=10.0)
    l2 = fit_line(d.x, d.y, "l2")
    big = fit_line(d.x, d.y, "huber", delta=1e3)
    assert big.slope == pytest.approx(l2.slope, rel=1e-10)
    l1 = fit_line(d.x, d.y, "l1")
    tiny = fit_line(d.x, d.y, "smooth_l1", beta=1e-6, max_iter=500)
    assert tiny.slope == pytest.approx(l1.slope, abs=1e-4)


def test_outliers_pull_l2_but_not_the_robust_losses():
    clean = make_line_data(seed=0, outlier_size=0.0)
    dirty = make_line_data(seed=0, outlier_size=20.0)
    move = {loss: abs(fit_line(dirty.x, dirty.y, loss).slope - fit_line(clean.x, clean.y, loss).slope)
            for loss in ("l2", "l1", "huber", "smooth_l1")}
    assert move["l2"] > 0.3
    assert max(move["l1"], move["huber"], move["smooth_l1"]) < 0.1


def test_batch_fits_equal_separate_fits():
    x = make_line_data(seed=3).x
    ys = np.stack([make_line_data(seed=3, outlier_size=s).y for s in (0.0, 4.0, 9.0, 30.0)])
    ys = ys.reshape(2, 2, -1)
    for loss in ("l2", "l1", "huber", "smooth_l1"):
        batch = fit_line(x, ys, loss, beta=0.7, delta=0.7)
        assert batch.slope.shape == (2, 2)
        for idx in np.ndindex(2, 2):
            one = fit_line(x, ys[idx], loss, beta=0.7, delta=0.7)
            assert batch.slope[idx] == pytest.approx(one.slope, rel=1e-9, abs=1e-12)
            assert batch.intercept[idx] == pytest.approx(one.intercept, rel=1e-9, abs=1e-12)


def test_exact_line_and_deterministic():
    x = np.linspace(0, 5, 11)
    y = -1.5 * x + 2.0
    for loss in ("l2", "l1", "huber", "smooth_l1"):
        f = fit_line(x, y, loss)
        assert f.slope == pytest.approx(-1.5, abs=1e-9)
        assert f.intercept == pytest.approx(2.0, abs=1e-9)
    d = make_line_data(seed=2)
    assert fit_line(d.x, d.y, "l1") == fit_line(d.x, d.y, "l1")


def test_line_loss_uses_the_package_losses_and_broadcasts():
    d = make_line_data(seed=0)
    pred = 0.3 * d.x + 2.0
    assert line_loss(0.3, 2.0, d.x, d.y, "l2") == pytest.approx(float(losses.mse_loss(pred, d.y)))
    assert line_loss(0.3, 2.0, d.x, d.y, "l1") == pytest.approx(float(losses.l1_loss(pred, d.y)))
    assert line_loss(0.3, 2.0, d.x, d.y, "smooth_l1", beta=2.0) == pytest.approx(
        float(losses.smooth_l1_loss(pred, d.y, beta=2.0)))
    assert line_loss(0.3, 2.0, d.x, d.y, "huber", delta=2.0) == pytest.approx(
        float(losses.huber_loss(pred, d.y, delta=2.0)))
    a, b = np.meshgrid(np.linspace(0, 1, 4), np.linspace(0, 2, 3))
    grid = line_loss(a, b, d.x, d.y, "l1")
    assert grid.shape == (3, 4)
    assert grid[1, 2] == pytest.approx(line_loss(a[1, 2], b[1, 2], d.x, d.y, "l1"))


def test_irls_weights():
    r = np.array([-4.0, -0.5, 0.0, 0.5, 4.0])
    assert irls_weights(r, "l2").tolist() == [1.0] * 5
    assert irls_weights(r, "huber", delta=2.0).tolist() == [0.5, 1.0, 1.0, 1.0, 0.5]
    assert irls_weights(r, "smooth_l1", beta=2.0).tolist() == [0.25, 0.5, 0.5, 0.5, 0.25]
    w = irls_weights(r, "l1")
    assert w[[0, 1, 3, 4]].tolist() == [0.25, 2.0, 2.0, 0.25] and np.isfinite(w[2])


def test_make_line_data_is_seeded_and_only_outliers_move():
    a = make_line_data(seed=4, outlier_size=3.0)
    b = make_line_data(seed=4, outlier_size=17.0)
    assert np.array_equal(a.x, b.x) and np.array_equal(a.y_clean, b.y_clean)
    assert np.array_equal(a.is_outlier, b.is_outlier)
    assert np.allclose(b.y - a.y, 14.0 * a.is_outlier)
    assert np.all(np.diff(a.x) >= 0)
    assert a.is_outlier.sum() == 4 and np.all(a.x[a.is_outlier] >= np.median(a.x))
    assert not np.array_equal(make_line_data(seed=5).y, a.y)


@pytest.mark.parametrize("call,match", [
    (lambda: fit_line([0, 1, 2], [0, 1, 2], "l3"), "loss must be one of"),
    (lambda: fit_line([0, 1, 2], [0, 1, 2], "huber", delta=0.0), "delta must be > 0"),
    (lambda: fit_line([0, 1, 2], [0, 1, 2], "smooth_l1", beta=-1.0), "beta must be > 0"),
    (lambda: fit_line([0, 1], [0, 1, 2]), "x has shape"),
    (lambda: fit_line([1.0], [2.0]), "at least 2 points"),
    (lambda: fit_line([1, 1, 1], [0, 1, 2]), "same value"),
    (lambda: fit_line([0, 1, 2], [0, np.nan, 2]), "y contains NaN"),
    (lambda: fit_line([0, 1, 2], [0, 1, 2], max_iter=0), "max_iter"),
    (lambda: line_loss(1.0, 0.0, [0, 1], [0, 1, 2]), "same length"),
    (lambda: make_line_data(n=10, n_outliers=6), "n_outliers must be at most"),
    (lambda: make_line_data(noise=-1.0), "noise must be >= 0"),
    (lambda: irls_weights([1.0], "huber", delta=-2), "delta"),
])
def test_errors_name_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()
