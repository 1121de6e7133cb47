"""Notebook 07's browser maths agrees with lossnotes (parity in node, relative 1e-12).

``js/maths/regression.js`` mirrors the regression losses of :mod:`lossnotes.losses` and
:func:`lossnotes.fitting.fit_line` (the same algorithm, stopping rule and iteration count, NumPy's
summation order), and ``robust_fit.js`` / ``regression_loss.js`` mirror the explorers' readouts.
"""

from __future__ import annotations

import numpy as np
import pytest

from js_parity import CORE, JS, N_CASES, assert_close, run_js
from lossnotes import fitting, losses
from lossnotes.fitting import make_line_data
from lossnotes.widgets.regression import RegressionLossExplorer, RobustFitExplorer

LOSSES = ("l2", "l1", "smooth_l1", "huber")


def _data_sets(rng, n_cases):
    """Line data: seeded make_line_data with outliers, plus tiny, even, duplicated-x and exact-line sets."""
    cases = []
    for k in range(n_cases):
        kind = k % 5
        n = int(rng.integers(2, 60))
        if kind == 0:
            d = make_line_data(n=max(n, 4), n_outliers=int(rng.integers(0, max(n, 4) // 2 + 1)),
                               outlier_size=float(rng.uniform(-20, 20)), seed=int(rng.integers(1000)))
            x, y = d.x, d.y
        elif kind == 1:  # heavy tails
            x = rng.uniform(-5, 5, n)
            y = 2 * x - 1 + rng.standard_t(1.5, n)
        elif kind == 2:  # repeated x values (integer grid)
            x = rng.integers(0, 4, n).astype(float)
            x[:2] = [0.0, 3.0]
            y = rng.normal(0, 1, n).round(1)
        elif kind == 3:  # an exact line with one outlier
            x = np.arange(float(n))
            y = 0.5 * x + 2
            y[-1] += 30
        else:  # large scale
            x = rng.uniform(0, 1e3, n)
            y = rng.normal(0, 1e4, n)
        loss = LOSSES[(k // 5) % 4]
        t = float(np.round(rng.uniform(0.1, 5), 1)) if k % 3 else 1.0
        cases.append((x.tolist(), y.tolist(), loss, t))
    return cases


@pytest.fixture(scope="module")
def data_sets():
    return _data_sets(np.random.default_rng(707), N_CASES)


def test_fit_line(data_sets):
    calls = [("core", "fit_line", (x, y, loss, {"beta": t, "delta": t})) for x, y, loss, t in data_sets]
    got = run_js(calls, CORE)
    assert len(got) >= 1000
    for g, (x, y, loss, t) in zip(got, data_sets):
        f = fitting.fit_line(x, y, loss, beta=t, delta=t)
        assert g["n_iter"] == f.n_iter, (loss, t)
        assert_close([g["slope"], g["intercept"]], [f.slope, f.intercept], f"fit_line {loss}")


def test_irls_weights(data_sets):
    rng = np.random.default_rng(8)
    cases = [(rng.normal(0, 3, 12) * (rng.random(12) < 0.8)).tolist() for _ in range(N_CASES)]
    calls = [("core", "irls_weights", (r, LOSSES[k % 4], {"beta": 1.5, "delta": 0.7})) for k, r in enumerate(cases)]
    got = run_js(calls, CORE)
    for k, (g, r) in enumerate(zip(got, cases)):
        assert_close(g, fitting.irls_weights(r, LOSSES[k % 4], beta=1.5, delta=0.7), "irls_weights")


@pytest.mark.parametrize("name", ["l1_loss", "smooth_l1_loss", "huber_loss"])
def test_regression_losses(name):
    rng = np.random.default_rng(9)
    cases = []
    for k in range(N_CASES):
        n = int(rng.integers(1, 200))
        a = rng.normal(0, [0.1, 1, 100][k % 3], n)
        b = rng.normal(0, 1, n) if k % 4 else a.copy()  # exact zeros
        param = [0.0, 0.5, 1.0, 3.0][k % 4] if name == "smooth_l1_loss" else [0.5, 1.0, 3.0][k % 3]
        case = (a.tolist(), b.tolist(), ["mean", "sum", "none"][k % 3])
        cases.append(case if name == "l1_loss" else case + (param,))
    got = run_js([("core", name, c) for c in cases], CORE)
    for g, c in zip(got, cases):
        assert_close(g, getattr(losses, name)(*c), name)


def test_robust_fit_readouts():
    rng = np.random.default_rng(17)
    states = []
    for k in range(N_CASES):
        ex_data = make_line_data(n=int(rng.integers(6, 40)), n_outliers=int(rng.integers(0, 4)), outlier_size=0.0,
                                 seed=int(rng.integers(50)))
        states.append({"outlier_size": float(np.round(rng.uniform(0, 20) * 2) / 2),
                       "beta": float(np.round(rng.uniform(0.1, 5), 1)), "delta": float(np.round(rng.uniform(0.1, 5), 1)),
                       "x": ex_data.x.tolist(), "y_clean": ex_data.y_clean.tolist(),
                       "is_outlier": ex_data.is_outlier.tolist(), "true_slope": 0.5, "true_intercept": 1.0,
                       "max_outlier": 20.0})
    got = run_js([("m", "readouts", (s,)) for s in states], {"m": JS / "robust_fit.js"})
    assert len(got) >= 1000
    for g, s in zip(got, states):
        expected = RobustFitExplorer.readouts(s)
        assert list(g) == list(expected)
        assert_close(list(g.values()), list(expected.values()), "RobustFitExplorer.readouts")


def test_regression_loss_readouts():
    rng = np.random.default_rng(18)
    states = [{"beta": float(np.round(rng.uniform(0.1, 3), 1)), "error": float(np.round(rng.uniform(-3, 3), 1 + k % 3))}
              for k in range(N_CASES)]
    states += [{"beta": 1.0, "error": 1.0}, {"beta": 0.5, "error": -0.5}, {"beta": 2.0, "error": 0.0}]  # at the knee
    got = run_js([("m", "readouts", (s,)) for s in states], {"m": JS / "regression_loss.js"})
    for g, s in zip(got, states):
        expected = RegressionLossExplorer.readouts(s)
        assert list(g) == list(expected)
        assert_close(list(g.values()), list(expected.values()), "RegressionLossExplorer.readouts")
