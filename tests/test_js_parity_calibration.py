"""Scoring rules in the browser compute what lossnotes.calibration computes (notebook 12).

``js/maths/calibration.js`` mirrors ``scoring_rule`` and ``expected_score`` (every rule, with
zeros, one-hot vectors and near-equal reports among the inputs), and ``scoring_rule.js`` mirrors
``ScoringRuleExplorer.readouts``: node against Python on at least 1,000 random inputs each.
"""

from __future__ import annotations

import numpy as np
import pytest

from js_parity import CORE, JS, N_CASES, assert_close, random_distributions, run_js
from lossnotes import calibration as cal
from lossnotes.widgets.calibration import ScoringRuleExplorer


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
