"""Tests for lossnotes.widgets.classification: readouts, plotted artists and frame counts.

(The docstring examples run in tests/test_package.py.)"""

import math

import numpy as np
import pytest

from lossnotes import gradients, losses
from lossnotes.widgets.classification import LogitExplorer, SigmoidGradientExplorer


def _heights(bars):
    return np.array([b.get_height() for b in bars])


# --------------------------------------------------------------------------- LogitExplorer


def test_logit_explorer_initial_state_matches_losses():
    z = [2.0, 1.0, 0.1, -1.0]
    ex = LogitExplorer(z, true_class=2)
    q = losses.softmax(np.array(z))
    ce = float(losses.cross_entropy(np.array(z), 2))
    assert ex.values["CE [nats]"] == pytest.approx(ce)
    assert ex.values["CE [bits]"] == pytest.approx(ce / math.log(2))
    assert ex.values["q(true)"] == pytest.approx(q[2])
    np.testing.assert_allclose(_heights(ex.bars_q), q)
    np.testing.assert_allclose(_heights(ex.bars_y), [0, 0, 1, 0])
    np.testing.assert_allclose(_heights(ex.bars_g), q - np.eye(4)[2])
    assert ex.readouts["CE"] == "2.3493 nats = 3.3893 bits"
    assert ex.frames == 1
    assert "true class = class 2 (index 2)" in repr(ex)
    # classes and logits are numbered from 0, as PyTorch's class indices (and notebook 05's figures)
    assert [s.description.split(" ")[0] for s in ex.logit_sliders] == ["z₀", "z₁", "z₂", "z₃"]
    assert [name for name, _ in ex.true_class.options] == ["class 0", "class 1", "class 2", "class 3"]
    assert ex.ax_probs.get_xticklabels()[2].get_text() == "class 2 ✓"


def test_logit_explorer_slider_tick_updates_bars_and_readouts_in_one_frame():
    ex = LogitExplorer([2.0, 1.0, 0.1, -1.0], true_class=2)
    frames = ex.frames
    ex.logit_sliders[2].value = 5.0
    assert ex.frames == frames + 1
    z = np.array([2.0, 1.0, 5.0, -1.0])
    q = losses.softmax(z)
    np.testing.assert_allclose(_heights(ex.bars_q), q)
    np.testing.assert_allclose(_heights(ex.bars_g), gradients.softmax_cross_entropy(z, 2))
    np.testing.assert_allclose(ex.values["q − y"], q - np.eye(4)[2])
    assert ex.values["CE [nats]"] == pytest.approx(float(losses.cross_entropy(z, 2)))
    assert ex.readouts["q(true)"] == f"{q[2]:.4f}"
    # the gradient's sign tells which way each logit moves: only the true class is negative
    assert np.flatnonzero(ex.values["q − y"] < 0).tolist() == [2]


def test_logit_explorer_true_class_and_label_smoothing():
    ex = LogitExplorer([0.0, 0.0, 0.0, 0.0], true_class=0)
    ex.true_class.value = 3
    np.testing.assert_allclose(_heights(ex.bars_y), [0, 0, 0, 1])
    np.testing.assert_allclose(ex.values["q − y"], [0.25, 0.25, 0.25, -0.75])
    assert ex.values["CE [nats]"] == pytest.approx(math.log(4))
    # label smoothing: at the optimal gap log(1 + C(1 - eps)/eps) the gradient vanishes
    for s in ex.logit_sliders:
        s.value = 0.0
    ex.true_class.value = 2
    ex.smoothing.value = 0.1
    np.testing.assert_allclose(_heights(ex.bars_y), [0.025, 0.025, 0.925, 0.025])
    ex.logit_sliders[2].value = 3.6   # log 37 = 3.6109
    assert np.abs(ex.values["q − y"]).max() < 0.002
    z = np.array([0.0, 0.0, 3.6, 0.0])
    assert ex.values["CE [nats]"] == pytest.approx(float(losses.cross_entropy(z, 2, label_smoothing=0.1)))


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


# --------------------------------------------------------------------------- SigmoidGradientExplorer


def test_sigmoid_explorer_readouts_and_markers():
    ex = SigmoidGradientExplorer(z=-6.0, y=1)
    yhat = 1 / (1 + math.exp(6.0))
    assert ex.values["ŷ"] == pytest.approx(yhat)
    assert ex.values["∂L_CE/∂z"] == pytest.approx(yhat - 1)
    assert ex.values["∂L_½MSE/∂z"] == pytest.approx((yhat - 1) * yhat * (1 - yhat))
    assert ex.readouts["ratio CE/½MSE"] == "405.4"
    # the readouts are labelled ½MSE, and they are ½MSE: half the squared error (notebook 06's convention)
    assert "∂L_MSE/∂z" not in ex.readouts and ex.readouts["∂L_½MSE/∂z"] == "−0.0025"
    assert ex.values["½MSE"] == pytest.approx(0.5 * (yhat - 1) ** 2)
    assert ex.gpt_ce.get_ydata()[0] == pytest.approx(1 - yhat)
    assert ex.pt_ce.get_xdata()[0] == -6.0
    frames = ex.frames
    ex.z.value = 0.0
    assert ex.frames == frames + 1
    assert ex.values["ratio CE/½MSE"] == pytest.approx(4.0)
    assert ex.values["∂L_½MSE/∂z"] == pytest.approx(-0.125)
    assert ex.pt_mse.get_ydata()[0] == pytest.approx(0.125)          # ½(0.5 - 1)²
    assert ex.gpt_mse.get_ydata()[0] == pytest.approx(0.125)
    assert ex.vline.get_xdata()[0] == 0.0


def test_sigmoid_explorer_target_toggle_mirrors_curves():
    ex = SigmoidGradientExplorer(z=2.0, y=1)
    before = ex.gline_ce.get_ydata().copy()
    ex.target.value = 0
    after = ex.gline_ce.get_ydata()
    np.testing.assert_allclose(after, before[::-1], rtol=1e-9, atol=1e-15)   # |σ(z) - 0| = |σ(-z) - 1|
    yhat = 1 / (1 + math.exp(-2.0))
    assert ex.values["∂L_CE/∂z"] == pytest.approx(yhat)
    assert ex.values["CE [nats]"] == pytest.approx(math.log1p(math.exp(2.0)))


def test_sigmoid_explorer_rejects_bad_arguments():
    with pytest.raises(ValueError, match="y must be 0 or 1"):
        SigmoidGradientExplorer(y=2)
    with pytest.raises(ValueError, match="z"):
        SigmoidGradientExplorer(z=20.0)
    with pytest.raises(ValueError, match="zlim"):
        SigmoidGradientExplorer(zlim=(1.0, -1.0))


# --------------------------------------------------------------------------- units: one story


def test_logits_are_in_nats_and_gradients_are_pure_numbers():
    # Notebook 05's convention: logits are log-odds in nats; ∂(loss in nats)/∂(logit in nats) has no unit.
    ex = LogitExplorer([2.0, 1.0, 0.1, -1.0], true_class=2)
    assert all(s.description.endswith("[nats]") for s in ex.logit_sliders)
    assert ex.ax_grad.get_ylabel() == "∂L/∂z  [unitless]"
    assert "[logit]" not in repr(ex) and "[nats]" in repr(ex)
    sg = SigmoidGradientExplorer(z=-6.0, y=1)
    assert sg.z.description == "z [nats]"
    assert sg.ax_loss.get_xlabel() == sg.ax_grad.get_xlabel() == "logit z [nats]"
    assert "logit" not in " ".join(s.description for s in ex.logit_sliders + [sg.z])
