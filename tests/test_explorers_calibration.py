"""Tests for lossnotes.widgets.calibration: the scoring-rule explorer of notebook 12.

The explorer is built, its parameters set from Python, its readouts checked against hand-worked
expected scores, bad input rejected with the argument named, and its saved-notebook output holds
the static picture and the state for the website.
"""

import doctest
import math

import numpy as np
import pytest
import traitlets

import lossnotes.widgets.calibration as wcal
from lossnotes.widgets._browser import MIME_TYPE
from lossnotes.widgets.calibration import ScoringRuleExplorer


def test_doctests_pass():
    result = doctest.testmod(wcal, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 4 and result.failed == 0


def test_docstring_names_the_notebook():
    assert "12_scoring_rules_and_calibration" in ScoringRuleExplorer.__doc__


def test_readouts_hand_worked():
    # p = 0.7, q = 0.4: log 0.7 ln 0.4 + 0.3 ln 0.6; Brier -(0.7 * 0.72 + 0.3 * 0.32) (= -||q - y||^2 averaged);
    # spherical (0.7 * 0.4 + 0.3 * 0.6) / sqrt(0.16 + 0.36); absolute -2 (1 - (0.7 * 0.4 + 0.3 * 0.6)).
    v = ScoringRuleExplorer.readouts({"p": 0.7, "q": 0.4})
    assert list(v) == ["E[S_log]", "E[S_Brier]", "E[S_sph]", "E[S_abs]"]
    assert v["E[S_log]"] == pytest.approx(0.7 * math.log(0.4) + 0.3 * math.log(0.6), rel=1e-14)
    assert v["E[S_Brier]"] == pytest.approx(-(0.7 * 2 * 0.6**2 + 0.3 * 2 * 0.4**2), rel=1e-14)
    assert v["E[S_sph]"] == pytest.approx(0.46 / math.sqrt(0.52), rel=1e-14)
    assert v["E[S_abs]"] == pytest.approx(-2 * (1 - 0.46), rel=1e-14)


def test_proper_rules_peak_at_the_belief_and_absolute_does_not():
    grid = np.linspace(0, 1, 101)
    for p in (0.2, 0.7, 0.93):
        gains = ScoringRuleExplorer.gain_curves(p, grid)
        for rule in ("log", "brier", "spherical"):
            assert np.nanmax(gains[rule]) <= 1e-12
        assert np.nanmax(gains["absolute"]) > 0
        assert grid[np.argmax(gains["absolute"])] == (1.0 if p > 0.5 else 0.0)


def test_log_score_is_minus_infinity_when_the_report_rules_out_what_can_happen():
    v = ScoringRuleExplorer.readouts({"p": 0.7, "q": 1.0})
    assert v["E[S_log]"] == -math.inf
    assert ScoringRuleExplorer.readouts({"p": 1.0, "q": 1.0})["E[S_log]"] == 0.0   # 0 log 0 = 0


def test_traitlets_and_values():
    ex = ScoringRuleExplorer(p=0.6, q=0.6)
    assert ex.state == {"p": 0.6, "q": 0.6}
    ex.q = 0.9
    assert ex.values == ScoringRuleExplorer.readouts({"p": 0.6, "q": 0.9})


@pytest.mark.parametrize("kwargs, name", [({"p": 1.5}, "p"), ({"q": -0.1}, "q"), ({"p": "a lot"}, "p")])
def test_bad_input_names_the_argument(kwargs, name):
    with pytest.raises(traitlets.TraitError, match=f"^{name} must be a probability"):
        ScoringRuleExplorer(**kwargs)
    ex = ScoringRuleExplorer()
    with pytest.raises(traitlets.TraitError, match=f"'{name}'|^{name} must be a probability"):
        setattr(ex, name, list(kwargs.values())[0])


def test_static_figure_draws():
    fig = ScoringRuleExplorer.static_figure({"p": 0.7, "q": 0.4})
    ax = fig.axes[0]
    assert len(ax.get_legend().get_texts()) == 4
    assert ax.get_ylim() == (-0.6, 0.4)


def test_summary_and_mime_bundle():
    ex = ScoringRuleExplorer(p=0.7, q=0.4)
    text = ex.summary()
    assert text.splitlines()[0] == "ScoringRuleExplorer(p = 0.70, q = 0.40)"
    assert "E[S_log] = -0.7947 nats" in text
    bundle = ex._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["image/png"] and data["text/plain"] == text
    assert data[MIME_TYPE]["module"] == "scoring_rule.js"
    assert data[MIME_TYPE]["state"] == {"p": 0.7, "q": 0.4}
    assert data[MIME_TYPE]["explorer"] == "ScoringRuleExplorer"
