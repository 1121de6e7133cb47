"""Scoring rules in the browser compute what lossnotes.calibration computes (notebook 12).

``js/maths/calibration.js`` mirrors ``scoring_rule`` and ``expected_score`` (every rule, with
zeros, one-hot vectors and near-equal reports among the inputs), and ``scoring_rule.js`` mirrors
``ScoringRuleExplorer.readouts``; the top-label ``expected_calibration_error`` (every norm),
``reliability_curve``, the bin rule and the NLL at a temperature mirror lossnotes, and
``temperature_scaling.js`` mirrors ``TemperatureScalingExplorer.readouts``: node against Python on at
least 1,000 random inputs each.
"""

from __future__ import annotations

import numpy as np
import pytest

from js_parity import CORE, JS, N_CASES, assert_close, random_distributions, run_js
from lossnotes import calibration as cal
from lossnotes import losses
from lossnotes.widgets.calibration import ScoringRuleExplorer, TemperatureScalingExplorer


@pytest.fixture(scope="module")
def distributions():
    return random_distributions(np.random.default_rng(20261218), N_CASES)


@pytest.mark.parametrize("rule", cal.SCORING_RULES)
def test_expected_score(rule, distributions):
    got = run_js([("core", "expected_score", (p, q, rule)) for p, q, _u in distributions], CORE)
    expected = [float(cal.expected_score(p, q, rule)) for p, q, _u in distributions]
    assert len(got) >= 1000
    assert_close(got, expected, f"expected_score {rule}")
    if rule == "log":  # -inf where q_y = 0 < p_y occurs in the sample, and matches
        assert any(v == -np.inf for v in expected)


@pytest.mark.parametrize("rule", cal.SCORING_RULES)
def test_scoring_rule(rule, distributions):
    rng = np.random.default_rng(5)
    cases = [(q, int(rng.integers(len(q)))) for _p, q, _u in distributions]
    got = run_js([("core", "scoring_rule", (q, y, rule)) for q, y in cases], CORE)
    assert_close(got, [float(cal.scoring_rule(q, y, rule)) for q, y in cases], f"scoring_rule {rule}")


def test_scoring_rule_explorer_readouts():
    rng = np.random.default_rng(12)
    grid = np.round(np.linspace(0, 1, 101), 2)
    states = [{"p": float(rng.choice(grid) if k % 2 else rng.random()),
               "q": float(rng.choice(grid) if k % 3 else rng.random())} for k in range(N_CASES)]
    states += [{"p": p, "q": q} for p in (0.0, 0.5, 1.0) for q in (0.0, 0.5, 1.0)]
    got = run_js([("sr", "readouts", (s,)) for s in states], {**CORE, "sr": JS / "scoring_rule.js"})
    for g, s in zip(got, states):
        expected = ScoringRuleExplorer.readouts(s)
        assert list(g) == list(expected) == list(ScoringRuleExplorer.QUANTITIES)
        assert_close(list(g.values()), list(expected.values()), f"ScoringRuleExplorer.readouts({s})")


def test_unknown_rule_is_an_error():
    with pytest.raises(Exception, match="rule must be one of"):
        run_js([("core", "expected_score", ([0.5, 0.5], [0.5, 0.5], "hinged"))], CORE)


# --------------------------------------------------------------------------- calibration (top-label) and the temperature


def _random_classifiers(rng, n_cases):
    """(logits, labels, T, n_bins): 1-40 samples, 2-5 classes, with ties, huge and tiny logits, and T on the slider grid."""
    cases = []
    for k in range(n_cases):
        n, c = int(rng.integers(1, 41)), int(rng.integers(2, 6))
        z = rng.normal(0, [0.5, 3, 30][k % 3], (n, c))
        if k % 7 == 1:
            z[:, 1] = z[:, 0]                          # ties: the first class wins, as numpy's argmax
        if k % 11 == 2:
            z = np.round(z)
        labels = rng.integers(c, size=n)
        T = float(np.round(0.2 + 0.05 * rng.integers(0, 157), 2)) if k % 2 else float(rng.uniform(0.2, 8))
        cases.append((z.tolist(), labels.tolist(), T, int(rng.integers(1, 31))))
    return cases


@pytest.fixture(scope="module")
def classifiers():
    return _random_classifiers(np.random.default_rng(1218), N_CASES)


@pytest.fixture(scope="module")
def scaled(classifiers):
    return [(losses.softmax(np.array(z) / T, axis=1).tolist(), y, m) for z, y, T, m in classifiers]


def test_calibration_bin():
    rng = np.random.default_rng(8)
    values = np.concatenate([rng.random(N_CASES), [0.0, 1.0], np.linspace(0, 1, 31)])
    bins = rng.integers(1, 31, size=values.size)
    got = run_js([("core", "calibration_bin", (float(v), int(m))) for v, m in zip(values, bins)], CORE)
    assert got == [int(cal._bin_index(np.array([v]), int(m))[0]) for v, m in zip(values, bins)]


@pytest.mark.parametrize("norm", ["l1", "l2", "max"])
def test_expected_calibration_error(norm, scaled):
    probs = scaled
    got = run_js([("core", "expected_calibration_error", (p, y, m, norm)) for p, y, m in probs], CORE)
    expected = [cal.expected_calibration_error(p, y, n_bins=m, norm=norm) for p, y, m in probs]
    assert len(got) >= 1000
    assert_close(got, expected, f"expected_calibration_error {norm}")


def test_reliability_curve(scaled):
    probs = scaled
    got = run_js([("core", "reliability_curve", (p, y, m)) for p, y, m in probs], CORE)
    for g, (p, y, m) in zip(got, probs):
        curve = cal.reliability_curve(p, y, n_bins=m)
        assert g["count"] == curve.count.tolist()
        assert_close(g["edges"], curve.edges, "edges")
        for key in ("confidence", "accuracy"):
            py, js = getattr(curve, key), np.array(g[key], dtype=float)
            assert (np.isnan(py) == np.isnan(js)).all(), key
            assert_close(js[~np.isnan(py)], py[~np.isnan(py)], key)


def test_temperature_scaled_nll(classifiers):
    got = run_js([("core", "temperature_scaled_nll", (z, y, T)) for z, y, T, _m in classifiers], CORE)
    assert_close(got, [float(losses.cross_entropy(np.array(z) / T, np.array(y))) for z, y, T, _m in classifiers],
                 "temperature_scaled_nll")


def test_temperature_scaling_explorer_readouts(classifiers):
    states = [{"T": T, "n_bins": m, "logits": z, "labels": y} for z, y, T, m in classifiers]
    got = run_js([("ts", "readouts", (s,)) for s in states], {**CORE, "ts": JS / "temperature_scaling.js"})
    for g, s in zip(got, states):
        expected = TemperatureScalingExplorer.readouts(s)
        assert list(g) == list(expected) == list(TemperatureScalingExplorer.QUANTITIES)
        assert_close(list(g.values()), list(expected.values()), f"TemperatureScalingExplorer.readouts(T={s['T']})")
