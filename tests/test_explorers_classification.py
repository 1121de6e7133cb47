"""Tests for lossnotes.widgets.classification: the explorers of notebooks 05 and 06.

Each explorer is built, its parameters set from Python (the synced traitlets), its readouts
checked against hand-worked values and lossnotes, bad input rejected with the argument named, and
its saved-notebook output holds the static picture, the text summary and the state for the website.
(The JS module's readouts are tied to these by tests/test_js_parity_gradients.py.)
"""

import doctest
import math

import numpy as np
import pytest
import traitlets

import lossnotes.widgets.classification as wcls
from lossnotes import gradients, losses
from lossnotes.widgets._browser import MIME_TYPE
from lossnotes.widgets.classification import LogitExplorer, SigmoidGradientExplorer


def test_doctests_pass():
    result = doctest.testmod(wcls, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 8 and result.failed == 0


def test_docstrings_name_the_notebooks():
    assert "05_cross_entropy_loss" in LogitExplorer.__doc__
    assert "06_mse_vs_cross_entropy" in SigmoidGradientExplorer.__doc__


# --------------------------------------------------------------------------- LogitExplorer


def test_logit_explorer_initial_state_matches_losses():
    z = [2.0, 1.0, 0.1, -1.0]
    ex = LogitExplorer(z, true_class=2)
    q = losses.softmax(np.array(z))
    ce = float(losses.cross_entropy(np.array(z), 2))
    assert ex.state == {"logits": z, "true_class": 2, "label_smoothing": 0.0}
    assert ex.full_state["labels"] == ["class 0", "class 1", "class 2", "class 3"]
    assert list(ex.values) == list(LogitExplorer.QUANTITIES)
    assert ex.values["CE [nats]"] == ce
    assert ex.values["CE [bits]"] == ce / math.log(2)
    assert ex.values["q(true)"] == q[2]
    assert ex.values["∂L/∂z(true)"] == q[2] - 1
    text = repr(ex)
    assert "CE = 2.3493 nats = 3.3893 bits" in text
    assert "true class = class 2 (index 2)" in text
    assert "z₀ = 2.00, z₁ = 1.00, z₂ = 0.10, z₃ = -1.00 [nats]" in text   # logits in nats, numbered from 0
    assert "q − y = (+0.6381, +0.2347, −0.9046, +0.0318)" in text


def test_logit_readouts_hand_worked():
    # two equal logits: q = (1/2, 1/2), CE = ln 2 nats = 1 bit, gradient on the true class -1/2
    v = LogitExplorer.readouts({"logits": [0.0, 0.0], "true_class": 1, "label_smoothing": 0.0})
    assert v == {"CE [nats]": math.log(2), "CE [bits]": 1.0, "q(true)": 0.5, "∂L/∂z(true)": -0.5}
    # four equal logits, ε = 0.2: y_true = 0.8 + 0.05, CE = ln 4 whatever ε, gradient 0.25 - 0.85
    v = LogitExplorer.readouts({"logits": [1.0] * 4, "true_class": 0, "label_smoothing": 0.2})
    assert v["CE [nats]"] == pytest.approx(math.log(4), rel=1e-15)
    assert v["∂L/∂z(true)"] == pytest.approx(-0.6, rel=1e-14)


def test_logit_explorer_traitlets_and_smoothing_optimum():
    ex = LogitExplorer([0.0, 0.0, 0.0, 0.0], true_class=0)
    ex.true_class = 3
    assert ex.values["∂L/∂z(true)"] == pytest.approx(-0.75)
    assert ex.values["CE [nats]"] == pytest.approx(math.log(4))
    # label smoothing: at the optimal gap log(1 + C(1 - ε)/ε) = log 37 the gradient vanishes
    ex.true_class = 2
    ex.label_smoothing = 0.1
    ex.logits = [0.0, 0.0, 3.6, 0.0]
    assert abs(ex.values["∂L/∂z(true)"]) < 0.002
    z = np.array([0.0, 0.0, 3.6, 0.0])
    assert ex.values["CE [nats]"] == pytest.approx(float(losses.cross_entropy(z, 2, label_smoothing=0.1)))
    g = gradients.softmax_cross_entropy(z, np.array([0.025, 0.025, 0.925, 0.025]))
    assert "q − y = (" + ", ".join(f"{x:+.4f}".replace("-", "−") for x in g) + ")" in ex.summary()


def test_logit_explorer_rejects_bad_arguments():
    with pytest.raises(ValueError, match="logits"):
        LogitExplorer([1.0])
    with pytest.raises(ValueError, match="true_class"):
        LogitExplorer([1.0, 2.0], true_class=2)
    with pytest.raises(ValueError, match="zmax"):
        LogitExplorer([1.0, 20.0])
    with pytest.raises(ValueError, match="labels"):
        LogitExplorer([1.0, 2.0], labels=["a"])
    with pytest.raises(ValueError, match="label_smoothing"):
        LogitExplorer([1.0, 2.0], label_smoothing=1.0)
    ex = LogitExplorer([1.0, 2.0, 3.0])
    with pytest.raises(traitlets.TraitError, match="logits must have 3 entries"):
        ex.logits = [1.0, 2.0]
    with pytest.raises(traitlets.TraitError, match="zmax"):
        ex.logits = [1.0, 2.0, 9.0]
    with pytest.raises(traitlets.TraitError, match="true_class"):
        ex.true_class = 3
    with pytest.raises(traitlets.TraitError, match="label_smoothing"):
        ex.label_smoothing = -0.1
    assert ex.state == {"logits": [1.0, 2.0, 3.0], "true_class": 0, "label_smoothing": 0.0}


def test_logit_explorer_static_figure_and_mime_bundle():
    ex = LogitExplorer([2.0, 1.0, 0.1, -1.0], true_class=2, labels=["cat", "dog", "fox", "owl"])
    fig = LogitExplorer.static_figure(ex.full_state)
    ax, axg = fig.axes[:2]
    np.testing.assert_allclose([b.get_height() for b in ax.patches[:4]], losses.softmax(np.array([2.0, 1.0, 0.1, -1.0])))
    np.testing.assert_allclose([b.get_height() for b in ax.patches[4:8]], [0, 0, 1, 0])
    assert ax.get_xticklabels()[2].get_text() == "fox ✓"
    assert axg.get_ylabel() == "∂L/∂z  [unitless]"   # a loss in nats w.r.t. a logit in nats: a pure number
    bundle = ex._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["image/png"] and data["text/plain"] == ex.summary()
    assert data[MIME_TYPE]["module"] == "logit.js"
    assert data[MIME_TYPE]["state"] == {"logits": [2.0, 1.0, 0.1, -1.0], "true_class": 2, "label_smoothing": 0.0,
                                        "labels": ["cat", "dog", "fox", "owl"], "zmax": 8.0}


# --------------------------------------------------------------------------- SigmoidGradientExplorer


def test_sigmoid_explorer_readouts():
    ex = SigmoidGradientExplorer(z=-6.0, y=1)
    yhat = 1 / (1 + math.exp(6.0))
    assert list(ex.values) == list(SigmoidGradientExplorer.QUANTITIES)
    assert ex.values["ŷ"] == pytest.approx(yhat, rel=1e-15)
    assert ex.values["∂L_CE/∂z"] == pytest.approx(yhat - 1, rel=1e-15)
    assert ex.values["∂L_½MSE/∂z"] == pytest.approx((yhat - 1) * yhat * (1 - yhat), rel=1e-14)
    # the readouts are labelled ½MSE, and they are ½MSE: half the squared error (notebook 06's convention)
    assert ex.values["½MSE"] == pytest.approx(0.5 * (yhat - 1) ** 2)
    assert ex.values["CE [nats]"] == pytest.approx(math.log1p(math.exp(6.0)), rel=1e-15)
    text = repr(ex)
    assert "ratio CE/½MSE = 405.4" in text and "∂L_½MSE/∂z = −0.0025" in text and "∂L_MSE/∂z" not in text
    assert "z = -6.00 [nats], y = 1" in text
    ex.z = 0.0
    assert ex.values["ratio CE/½MSE"] == 4.0
    assert ex.values["∂L_½MSE/∂z"] == -0.125
    assert ex.values["½MSE"] == 0.125          # ½(0.5 - 1)²


def test_sigmoid_explorer_target_mirrors():
    # |σ(z) - 0| = |σ(-z) - 1|: the negative example mirrors the positive one
    a = SigmoidGradientExplorer.readouts({"z": 2.0, "y": 0})
    b = SigmoidGradientExplorer.readouts({"z": -2.0, "y": 1})
    assert a["∂L_CE/∂z"] == pytest.approx(-b["∂L_CE/∂z"], rel=1e-14)
    assert a["CE [nats]"] == pytest.approx(b["CE [nats]"], rel=1e-15) == math.log1p(math.exp(2.0))
    ex = SigmoidGradientExplorer(z=2.0, y=1)
    ex.y = 0
    assert ex.values == a


def test_sigmoid_explorer_rejects_bad_arguments():
    with pytest.raises(ValueError, match="y must be 0 or 1"):
        SigmoidGradientExplorer(y=2)
    with pytest.raises(ValueError, match="z"):
        SigmoidGradientExplorer(z=20.0)
    with pytest.raises(ValueError, match="zlim"):
        SigmoidGradientExplorer(zlim=(1.0, -1.0))
    ex = SigmoidGradientExplorer(zlim=(-8.0, 8.0))
    with pytest.raises(traitlets.TraitError, match="z must be <= 8"):
        ex.z = 9.0
    with pytest.raises(traitlets.TraitError, match="y must be 0 or 1"):
        ex.y = 3
    assert ex.state == {"z": -4.0, "y": 1}


def test_sigmoid_explorer_static_figure_and_mime_bundle():
    ex = SigmoidGradientExplorer(z=-6.0, y=1)
    fig = SigmoidGradientExplorer.static_figure(ex.full_state)
    ax, axg = fig.axes[0], fig.axes[1]
    assert ax.get_xlabel() == axg.get_xlabel() == "logit z [nats]"
    assert axg.get_yscale() == "log"
    marker = axg.lines[2]
    assert marker.get_xdata()[0] == -6.0 and marker.get_ydata()[0] == pytest.approx(abs(ex.values["∂L_CE/∂z"]))
    bundle = ex._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["image/png"] and data["text/plain"] == ex.summary()
    assert data[MIME_TYPE]["module"] == "sigmoid_gradient.js"
    assert data[MIME_TYPE]["state"] == {"z": -6.0, "y": 1, "zlim": [-10.0, 10.0]}


def test_sigmoid_explorer_replaces_the_apps_curve_explorer():
    # The app's explorer: |∂L/∂z| for CE and ½SE against z in [-8, 8], y = 1, starting at z = -4.
    ex = SigmoidGradientExplorer(z=-4.0, y=1, zlim=(-8.0, 8.0))
    assert abs(ex.values["∂L_CE/∂z"]) == pytest.approx(abs(float(gradients.sigmoid_bce(-4.0, 1.0))), rel=1e-15)
    assert abs(ex.values["∂L_½MSE/∂z"]) == pytest.approx(abs(float(gradients.sigmoid_mse(-4.0, 1.0))), rel=1e-15)
