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
    assert result.attempted >= 7 and result.failed == 0


@pytest.mark.parametrize("name", wcal.__all__)
def test_docstrings_name_the_notebook(name):
    assert "12_scoring_rules_and_calibration" in getattr(wcal, name).__doc__


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


# --------------------------------------------------------------------------- temperature scaling

from lossnotes import calibration as cal  # noqa: E402
from lossnotes import losses  # noqa: E402
from lossnotes.widgets.calibration import TemperatureScalingExplorer  # noqa: E402

Z = [[2.0, 0.0], [0.0, 1.0], [3.0, 0.0]]
Y = [0, 1, 1]


def test_temperature_readouts_hand_worked():
    v = TemperatureScalingExplorer.readouts({"T": 1.0, "n_bins": 10, "logits": Z, "labels": Y})
    assert list(v) == ["acc", "conf", "NLL", "ECE", "MCE"]
    s = lambda g: 1 / (1 + math.exp(-g))          # noqa: E731  the softmax of a two-class gap g
    assert v["acc"] == pytest.approx(2 / 3)
    assert v["conf"] == pytest.approx((s(2) + s(1) + s(3)) / 3, rel=1e-14)
    assert v["NLL"] == pytest.approx(-(math.log(s(2)) + math.log(s(1)) + math.log(s(-3))) / 3, rel=1e-14)
    # bins of width 0.1: s(1) = 0.731 in (0.7, 0.8] right; s(2) = 0.881 in (0.8, 0.9] right; s(3) = 0.953 wrong
    assert v["ECE"] == pytest.approx(((1 - s(1)) + (1 - s(2)) + s(3)) / 3, rel=1e-14)
    assert v["MCE"] == pytest.approx(s(3), rel=1e-14)


def test_temperature_never_changes_the_accuracy_and_the_fitted_T_minimises_the_nll():
    x, y = cal.noisy_blobs(120, seed=0)
    W, b = cal.train_softmax_regression(x, y, steps=300)
    xv, yv = cal.noisy_blobs(200, seed=1)
    z = xv @ W + b
    T = cal.fit_temperature(z, yv)
    ex = TemperatureScalingExplorer(z, yv, T=1.0)
    nll = {}
    for t in (1.0, round(T, 2), 7.5):
        ex.T = t
        nll[t] = ex.values["NLL"]
        assert ex.values["acc"] == np.mean(z.argmax(axis=1) == yv)
    assert nll[round(T, 2)] < min(nll[1.0], nll[7.5])


def test_temperature_state_holds_the_data_and_the_bundle():
    ex = TemperatureScalingExplorer(Z, Y, T=2.0, n_bins=5)
    assert ex.state == {"T": 2.0, "n_bins": 5, "logits": Z, "labels": Y}
    text = ex.summary()
    assert text.splitlines()[0] == "TemperatureScalingExplorer(T = 2.00, n_bins = 5, 3 samples)"
    assert "NLL = " in text and " nats" in text
    bundle = ex._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["image/png"] and data[MIME_TYPE]["module"] == "temperature_scaling.js"
    assert data[MIME_TYPE]["state"]["labels"] == Y


@pytest.mark.parametrize("kwargs, error, match", [
    ({"T": 0.1}, traitlets.TraitError, r"^T must be a number in \[0.2, 8.0\]"),
    ({"T": "hot"}, traitlets.TraitError, "^T must be a number"),
    ({"n_bins": 0}, traitlets.TraitError, r"^n_bins must be an integer in \[1, 30\]"),
    ({"n_bins": 2.5}, traitlets.TraitError, "^n_bins must be an integer"),
])
def test_temperature_bad_parameters_name_the_argument(kwargs, error, match):
    with pytest.raises(error, match=match):
        TemperatureScalingExplorer(Z, Y, **kwargs)


@pytest.mark.parametrize("logits, labels, match", [
    ([1.0, 2.0], [0, 1], "^logits must be a finite array"),
    ([[1.0, np.nan]], [0], "^logits must be a finite array"),
    ([[1.0, 2.0]], [2], r"^labels must hold one class index in \[0, 2\)"),
    ([[1.0, 2.0]], [0.0], "^labels must hold one class index"),
])
def test_temperature_bad_data_is_refused(logits, labels, match):
    with pytest.raises(ValueError, match=match):
        TemperatureScalingExplorer(logits, labels)


def test_temperature_static_figure_draws():
    fig = TemperatureScalingExplorer.static_figure({"T": 1.5, "n_bins": 10, "logits": Z, "labels": Y})
    assert len(fig.axes) == 2
    assert [t.get_text() for t in fig.axes[1].get_legend().get_texts()] == ["NLL [nats]", "ECE"]
